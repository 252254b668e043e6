//! Throughput of the events stage alone, single-threaded, on annotated sentences: the GMB
//! bench corpus (`../shared/eval/bench/articles_gmb_dev.jsonl`) or `seeds/` when it is
//! absent, taken through every stage before events first.
//!
//! `cargo bench -p herald-extract --bench events`; elements are sentences ("elem/s").

mod corpus;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use herald_extract::events::{Events, EventsConfig};
use herald_extract::{Pipeline, PipelineConfig, Stage};
use herald_model::EnrichedArticle;

fn bench(c: &mut Criterion) {
    let config = PipelineConfig::default();
    let before = Pipeline::ingest(&config).unwrap();
    let annotate = Pipeline::annotate(&config).unwrap();
    let mut articles: Vec<EnrichedArticle> = corpus::corpus()
        .into_iter()
        .filter_map(|raw| before.process(EnrichedArticle::new(raw), |_, _| {}).ok())
        .filter_map(|a| annotate.process(a, |_, _| {}).ok())
        .collect();
    articles.retain(|a| a.duplicate_of.is_none());
    drop(before);
    let sentences: usize = articles.iter().map(|a| a.sentences.len()).sum();
    let events = Events::new(&EventsConfig::default()).unwrap();
    let coded: usize = articles
        .iter()
        .map(|a| events.run(a.clone()).unwrap().events.len())
        .sum();
    eprintln!(
        "corpus: {} articles, {sentences} sentences, {coded} events",
        articles.len()
    );
    let mut group = c.benchmark_group("events");
    group
        .throughput(Throughput::Elements(sentences as u64))
        .sample_size(10);
    group.bench_function("events", |b| {
        b.iter_batched(
            || articles.clone(),
            |batch| {
                for a in batch {
                    let _ = events.run(a);
                }
            },
            criterion::BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
