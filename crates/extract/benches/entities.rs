//! Throughput of the `entities` stage alone, single-threaded, on the GMB bench corpus
//! (`../shared/eval/bench/articles_gmb_dev.jsonl`), or on the bodies of `seeds/*.json` when it
//! is absent. Sentences are split beforehand, outside the measurement.
//!
//! `cargo bench -p herald-extract --bench entities`; elements are words, so "elem/s" is words/s.

mod corpus;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use herald_extract::entities::Entities;
use herald_extract::sentences::Sentences;
use herald_extract::Limits;

fn bench(c: &mut Criterion) {
    let stage = Entities::new(&Default::default()).unwrap();
    let sentences = Sentences::new(&Limits::default()).unwrap();
    let docs: Vec<(String, Vec<usize>)> = corpus::corpus()
        .into_iter()
        .map(|r| r.body)
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
