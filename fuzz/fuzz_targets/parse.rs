//! Arbitrary bytes through every input format — one Kafka message (Herald JSON or ninjs), and
//! a whole file read as `.json`, `.jsonl`, `.txt`, `.xml` (NewsML-G2, RSS, Atom, JSON Feed) and
//! unknown type — with the default limits.
//! Every accepted record must keep the limits and survive the JSON round trip `herald
//! produce` → ingest service puts it through.
#![no_main]

use herald_model::split::{split, Format, Record};
use herald_model::{InputLimits, RawArticle};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = InputLimits::default();
    check(
        RawArticle::decode(data, &limits).map_err(|e| (e, data.to_vec())),
        &limits,
    );
    for format in [
        Format::Json,
        Format::Lines,
        Format::Text,
        Format::Xml,
        Format::Sniff,
    ] {
        split(format, data.to_vec(), "fuzz", &limits, &mut |_, record| {
            check(record, &limits)
        });
    }
});

fn check(record: Record, limits: &InputLimits) {
    match record {
        Ok(raw) => {
            assert!(!raw.body.trim().is_empty());
            assert!(raw.body.len() <= limits.max_body_bytes);
            let json = serde_json::to_vec(&raw).expect("a record serialises");
            assert_eq!(RawArticle::decode(&json, limits), Ok(raw));
        }
        Err((e, _bytes)) => {
            let _ = (e.kind(), e.to_string());
        }
    }
}
