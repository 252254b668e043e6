//! The memory check of the reliability suite (`common::assert_no_leak`), shown to catch a
//! leak: every stage runs in this process, whose allocator counts the heap as the binaries'
//! does, first as shipped (flat), then holding part of each article (caught).

mod common;

use common::{article, growth_per_article, seed_stories, MAX_GROWTH_BYTES_PER_ARTICLE};
use herald_extract::{Pipeline, PipelineConfig};
use herald_model::{EnrichedArticle, InputLimits, RawArticle};

#[global_allocator]
static ALLOCATOR: herald_stream::heap::Counting = herald_stream::heap::Counting;

/// Runs articles `from..to` through `pipeline`, keeping `hold` bytes of each input.
fn run(
    pipeline: &Pipeline,
    stories: &[(String, String)],
    (from, to): (usize, usize),
    hold: usize,
    held: &mut Vec<Vec<u8>>,
) -> (usize, f64) {
    for i in from..to {
        let input = article(stories, "leak", i);
        let raw = RawArticle::decode(input.as_bytes(), &InputLimits::default()).unwrap();
        let enriched = pipeline
            .process(EnrichedArticle::new(raw), |_, _| {})
            .unwrap();
        assert!(!enriched.body.is_empty());
        if hold > 0 {
            held.push(input.as_bytes()[..hold.min(input.len())].to_vec());
        }
    }
    (to, herald_stream::heap::in_use() as f64)
}

#[test]
fn the_memory_check_passes_the_stages_and_fails_when_each_article_leaves_1_kb() {
    let stories = seed_stories();
    let config = PipelineConfig::from_toml("[duplicates]\nwindow = 100\n").unwrap();
    let pipeline = Pipeline::all(&config).unwrap();
    let mut held = Vec::new();
    let (warm_up, more) = (200, 300);

    let warm = run(&pipeline, &stories, (0, warm_up), 0, &mut held);
    let flat = run(&pipeline, &stories, (warm_up, warm_up + more), 0, &mut held);
    let growth = growth_per_article(warm, flat);
    eprintln!("the stages: {growth:.0} bytes an article");
    assert!(growth <= MAX_GROWTH_BYTES_PER_ARTICLE, "{growth}");

    let mut from = warm_up + more;
    for hold in [1024, usize::MAX] {
        let before = (from, herald_stream::heap::in_use() as f64);
        let after = run(&pipeline, &stories, (from, from + more), hold, &mut held);
        let growth = growth_per_article(before, after);
        let what = if hold == usize::MAX {
            "all".to_string()
        } else {
            format!("{hold} bytes")
        };
        eprintln!("holding {what} of each article: {growth:.0} bytes an article");
        from += more;
        assert!(
            growth > MAX_GROWTH_BYTES_PER_ARTICLE,
            "holding {hold} bytes an article passes the check: {growth}"
        );
    }
}
