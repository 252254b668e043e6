//! Throughput of the `entities` stage alone, single-threaded, on the GMB bench corpus
//! (`../shared/eval/bench/articles_gmb_dev.jsonl`), or on the bodies of `seeds/*.json` when it
//! is absent. Sentences are split beforehand, outside the measurement.
//!
//! `cargo bench -p herald-extract --bench entities`; elements are words, so "elem/s" is words/s.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use herald_extract::entities::Entities;
use herald_extract::sentences::Sentences;
use herald_extract::Limits;

fn bodies() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let body = |line: &str| -> Option<String> {
        let v: serde_json::Value = serde_json::from_str(line).ok()?;
        v["body"].as_str().map(str::to_string)
    };
    let bench = root.join("../shared/eval/bench/articles_gmb_dev.jsonl");
    if let Ok(text) = std::fs::read_to_string(&bench) {
        return text.lines().filter_map(body).collect();
    }
    eprintln!("{} is absent: benchmarking on seeds/", bench.display());
    let mut out = Vec::new();
    for entry in std::fs::read_dir(root.join("seeds")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) == Some("json") {
            out.extend(body(&std::fs::read_to_string(&path).unwrap()));
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let stage = Entities::new().unwrap();
    let sentences = Sentences::new(&Limits::default()).unwrap();
    let docs: Vec<(String, Vec<usize>)> = bodies()
        .into_iter()
        .map(|b| {
            let starts = sentences.split(&b).iter().map(|s| s.start).collect();
            (b, starts)
        })
        .collect();
    let words: usize = docs.iter().map(|(b, _)| b.split_whitespace().count()).sum();
    eprintln!("corpus: {} articles, {} words", docs.len(), words);
    let mut group = c.benchmark_group("entities");
    group.throughput(Throughput::Elements(words as u64));
    group.sample_size(20);
    group.bench_function("find", |b| {
        b.iter(|| {
            let mut n = 0;
            for (body, starts) in &docs {
                n += stage.find(body, starts, Some("2016-09-05")).0.len();
            }
            n
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
