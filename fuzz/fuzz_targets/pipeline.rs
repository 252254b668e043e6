//! Arbitrary bytes through the whole one-process pipeline (`herald run`): decoded as a JSON
//! record or, failing that, taken as text, then every stage. Checks what must hold for any
//! input: no panic, no configuration error, every span inside the body with the text it
//! names, every cluster and sentence index valid, and the record serialises and reads back.
//! The pipeline is built once, so the duplicate stage remembers earlier inputs (as in a run):
//! a crash that depends on them may need its predecessors to reproduce.
#![no_main]

use std::sync::OnceLock;

use herald_extract::{ErrorClass, Pipeline, PipelineConfig};
use herald_model::{EnrichedArticle, InputLimits, RawArticle};
use libfuzzer_sys::fuzz_target;

fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| {
        Pipeline::all(&PipelineConfig::default()).expect("the default pipeline builds")
    })
}

fuzz_target!(|data: &[u8]| {
    let limits = InputLimits::default();
    let raw = match RawArticle::decode(data, &limits) {
        Ok(raw) => raw,
        Err(_) => {
            let text = String::from_utf8_lossy(data).into_owned();
            match RawArticle::from_text("fuzz", text, &limits) {
                Ok(raw) => raw,
                Err(_) => return,
            }
        }
    };
    match pipeline().process(EnrichedArticle::new(raw), |_, _| {}) {
        Ok(article) => check(&article),
        Err((stage, e)) => assert_ne!(e.class(), ErrorClass::Fatal, "{stage}: {e}"),
    }
});

fn check(a: &EnrichedArticle) {
    let body: Vec<char> = a.body.chars().collect();
    let span = |start: usize, end: usize, text: &str, what: &str| {
        assert!(
            start <= end && end <= body.len(),
            "{what} {start}..{end} outside a body of {} chars",
            body.len()
        );
        let slice: String = body[start..end].iter().collect();
        assert_eq!(slice, text, "{what} {start}..{end}");
    };
    let cluster = |c: usize, what: &str| {
        assert!(
            c < a.clusters.len(),
            "{what}: cluster {c} of {}",
            a.clusters.len()
        )
    };
    for s in &a.sentences {
        assert!(s.start <= s.end && s.end <= body.len(), "sentence {s:?}");
    }
    for e in &a.entities {
        span(e.start, e.end, &e.text, "entity");
        cluster(e.cluster, "entity");
    }
    for d in &a.dates {
        span(d.start, d.end, &d.text, "date");
    }
    for q in &a.quotes {
        span(q.start, q.end, &q.text, "quote");
        if let Some(s) = &q.speaker {
            span(s.start, s.end, &s.text, "speaker");
            if let Some(c) = s.cluster {
                cluster(c, "speaker");
            }
        }
    }
    for e in &a.events {
        let s = e.sentence;
        assert!(s.index < a.sentences.len(), "event sentence {s:?}");
        assert!(
            s.start <= s.end && s.end <= body.len(),
            "event sentence {s:?}"
        );
        span(e.trigger.start, e.trigger.end, &e.trigger.text, "trigger");
        for actor in [&e.source, &e.target].into_iter().flatten() {
            if let Some(c) = actor.cluster {
                cluster(c, "actor");
            }
        }
    }
    let json = serde_json::to_string(a).expect("an enriched article serialises");
    serde_json::from_str::<EnrichedArticle>(&json).expect("and reads back");
}
