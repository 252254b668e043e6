//! Throughput of each stage and of the whole pipeline, single-threaded, on the GMB bench
//! corpus (`../shared/eval/bench/articles_gmb_dev.jsonl`), or on `seeds/` when it is absent.
//!
//! `cargo bench -p herald-extract --bench stages`; elements are words, so "elem/s" is words/s.

use std::path::Path;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use herald_extract::{Pipeline, PipelineConfig};
use herald_model::{EnrichedArticle, RawArticle};

fn corpus() -> Vec<RawArticle> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let limits = Default::default();
    let bench = root.join("../shared/eval/bench/articles_gmb_dev.jsonl");
    if let Ok(text) = std::fs::read_to_string(&bench) {
        return text
            .lines()
            .filter_map(|l| RawArticle::decode(l.as_bytes(), &limits).ok())
            .collect();
    }
    eprintln!("{} is absent: benchmarking on seeds/", bench.display());
    let mut out = Vec::new();
    for entry in std::fs::read_dir(root.join("seeds")).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        match path.extension().and_then(|e| e.to_str()) {
            Some("json") => out.extend(RawArticle::decode(&bytes, &limits).ok()),
            Some("jsonl") => out.extend(
                bytes
                    .split(|&b| b == b'\n')
                    .filter_map(|l| RawArticle::decode(l, &limits).ok()),
            ),
            _ => {}
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let config = PipelineConfig::default();
    let raws = corpus();
    let words: usize = raws.iter().map(|r| r.body.split_whitespace().count()).sum();
    eprintln!("corpus: {} articles, {} words", raws.len(), words);
    let fresh = || {
        raws.iter()
            .cloned()
            .map(EnrichedArticle::new)
            .collect::<Vec<_>>()
    };
    // Each stage is measured on the output of the stages before it.
    let all = Pipeline::all(&config).unwrap();
    let mut inputs = fresh();
    let mut group = c.benchmark_group("stages");
    group
        .throughput(Throughput::Elements(words as u64))
        .sample_size(10);
    for (i, stage) in all.stages().iter().enumerate() {
        // A fresh pipeline per measurement, so that stateful stages (duplicates) start empty.
        group.bench_function(stage.name(), |b| {
            b.iter_batched(
                || (Pipeline::all(&config).unwrap(), inputs.clone()),
                |(pipeline, articles)| {
                    let stage = pipeline.stages()[i].as_ref();
                    for a in articles {
                        let _ = pipeline.apply(stage, a);
                    }
                },
                BatchSize::LargeInput,
            )
        });
        inputs = inputs
            .into_iter()
            .map(|a| all.apply(stage.as_ref(), a).unwrap())
            .collect();
    }
    group.bench_function("pipeline", |b| {
        b.iter_batched(
            || (Pipeline::all(&config).unwrap(), fresh()),
            |(pipeline, articles)| {
                for a in articles {
                    let _ = pipeline.process(a, |_, _| {});
                }
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
