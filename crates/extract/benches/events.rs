//! Throughput of the events stage alone, single-threaded, on annotated sentences: the GMB
//! bench corpus (`../shared/eval/bench/articles_gmb_dev.jsonl`) or `seeds/` when it is
//! absent, taken through every stage before events first.
//!
//! `cargo bench -p herald-extract --bench events`; elements are sentences ("elem/s").

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use herald_extract::events::{Events, EventsConfig};
use herald_extract::{Pipeline, PipelineConfig, Stage};
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
    let before = Pipeline::ingest(&config).unwrap();
    let annotate = Pipeline::annotate(&config).unwrap();
    let mut articles: Vec<EnrichedArticle> = corpus()
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
        .map(|a| events.process(a.clone()).unwrap().events.len())
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
                    let _ = events.process(a);
                }
            },
            criterion::BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
