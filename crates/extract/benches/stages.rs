//! Throughput of each stage and of the whole pipeline, single-threaded, on the GMB bench
//! corpus (`../shared/eval/bench/articles_gmb_dev.jsonl`), or on `seeds/` when it is absent.
//!
//! `cargo bench -p herald-extract --bench stages`; elements are words, so "elem/s" is words/s.

mod corpus;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use herald_extract::{Doc, Pipeline, PipelineConfig};
use herald_model::EnrichedArticle;

fn bench(c: &mut Criterion) {
    let config = PipelineConfig::default();
    let raws = corpus::corpus();
    let words: usize = raws.iter().map(|r| r.body.split_whitespace().count()).sum();
    eprintln!("corpus: {} articles, {} words", raws.len(), words);
    let fresh = || {
        raws.iter()
            .cloned()
            .map(EnrichedArticle::new)
            .collect::<Vec<_>>()
    };
    let docs = |articles: &[EnrichedArticle]| {
        articles
            .iter()
            .map(|a| Doc::new(a.clone()))
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
                || (Pipeline::all(&config).unwrap(), docs(&inputs)),
                |(pipeline, mut docs)| {
                    let stage = pipeline.stages()[i].as_ref();
                    for doc in &mut docs {
                        let _ = pipeline.apply(stage, doc);
                    }
                    // Dropped outside the measurement.
                    pipeline
                },
                BatchSize::LargeInput,
            )
        });
        inputs = inputs
            .into_iter()
            .map(|a| {
                let mut doc = Doc::new(a);
                all.apply(stage.as_ref(), &mut doc).unwrap();
                doc.into_article()
            })
            .collect();
    }
    group.bench_function("pipeline", |b| {
        b.iter_batched(
            || (Pipeline::all(&config).unwrap(), fresh()),
            |(pipeline, articles)| {
                for a in articles {
                    let _ = pipeline.process(a, |_, _| {});
                }
                pipeline
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
