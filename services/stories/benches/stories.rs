//! The story stage at wire scale: articles added per second with 100,000 live stories in
//! the window, and the heap and resident memory those stories take.
//!
//! `cargo bench -p herald-stories --bench stories` (figures: docs/performance.md). The
//! articles are synthetic but shaped like enriched ones: six entities (two of them rare,
//! two common, two in between), three coded events, a title and an 80-word lead; half the
//! measured articles report a live story in other words, half start a new one (each new
//! one closes the least recently joined story, so the live stories stay at 100,000).

use std::hint::black_box;
use std::time::Instant;

use herald_extract::stories::{Stories, StoriesConfig};
use herald_model::EnrichedArticle;
use serde_json::json;

#[global_allocator]
static ALLOCATOR: herald_stream::heap::Counting = herald_stream::heap::Counting;

const LIVE: usize = 100_000;
const START: i64 = 1_500_000_000;

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const PLOVER: &[&str] = &[
    "AGREE",
    "ACCUSE",
    "ASSAULT",
    "CONSULT",
    "COOPERATE",
    "DEMAND",
    "DISAPPROVE",
    "MOBILIZE",
    "PROTEST",
    "REJECT",
    "REQUEST",
    "SANCTION",
    "SUPPORT",
    "THREATEN",
    "AID",
];

/// What story `s` is about: its entities, events and words, the same for every report.
struct Topic {
    names: Vec<(String, &'static str)>,
    events: Vec<(String, String, &'static str)>,
    words: Vec<String>,
}

fn topic(s: u64) -> Topic {
    let mut rng = Rng(s.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let labels = ["PER", "ORG", "LOC"];
    let mut names = Vec::new();
    for (i, pool) in [1_000_000u64, 1_000_000, 500, 500, 20_000, 20_000]
        .iter()
        .enumerate()
    {
        let n = rng.below(*pool);
        names.push((format!("Name{pool}x{n}"), labels[i % 3]));
    }
    let code = |rng: &mut Rng| format!("C{:03}", rng.below(300));
    let events = (0..3)
        .map(|_| {
            let plover = PLOVER[rng.below(PLOVER.len() as u64) as usize];
            (code(&mut rng), code(&mut rng), plover)
        })
        .collect();
    let words = (0..120)
        .map(|_| format!("w{}", rng.below(30_000)))
        .collect();
    Topic {
        names,
        events,
        words,
    }
}

/// Report `n` of story `s`, published at `time`: its own choice and order of the words.
fn article(s: u64, n: u64, time: i64) -> EnrichedArticle {
    let t = topic(s);
    let mut rng = Rng((s << 20 | n).wrapping_mul(0x2545_F491_4F6C_DD1D) | 1);
    let mut pick = |k: usize| -> String {
        (0..k)
            .map(|_| t.words[rng.below(t.words.len() as u64) as usize].as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let id = format!("s{s}-a{n}");
    let published = chrono::DateTime::from_timestamp(time, 0)
        .unwrap()
        .to_rfc3339();
    let events: Vec<_> = t
        .events
        .iter()
        .enumerate()
        .map(|(i, (source, target, plover))| {
            json!({
                "event_id": format!("{id}-e{i}"), "article_id": id,
                "sentence": {"index": 0, "start": 0, "end": 100}, "date": null,
                "source": {"text": source, "name": source, "code": source, "country": null, "sector": null, "cluster": null},
                "target": {"text": target, "name": target, "code": target, "country": null, "sector": null, "cluster": null},
                "cameo": "040", "cameo_root": "04", "plover": plover, "plover_mode": null,
                "plover_context": null, "goldstein": 1.0, "quad_class": 1, "location": null,
                "trigger": {"start": 10, "end": 15, "text": "met"}, "negated": false,
                "confidence": 0.7, "source_url": null, "published_at": published,
            })
        })
        .collect();
    let clusters: Vec<_> = t
        .names
        .iter()
        .map(|(name, label)| json!({"canonical": name, "label": label}))
        .collect();
    let record = json!({
        "id": id, "url": format!("https://outlet{}.example/{id}", n % 50),
        "source": format!("Outlet {}", n % 50), "title": pick(10),
        "published_at": published, "body": pick(200), "language": null,
        "duplicate_of": null, "similarity": null, "sentences": [], "entities": [],
        "clusters": clusters, "dates": [], "quotes": [], "events": events,
        "skipped_stages": [], "warnings": [], "pipeline_version": "bench",
    });
    serde_json::from_value(record).unwrap()
}

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// Articles measured: each is new to the stage (a criterion loop would give the same
/// articles again, which the stage answers from its member list at once).
const MEASURED: u64 = 100_000;

fn main() {
    let config = StoriesConfig {
        max_stories: LIVE,
        ..StoriesConfig::default()
    };
    let mut stage = Stories::new(&config);
    let before = herald_stream::heap::in_use();
    // 100,000 stories over 60 hours: all in the window.
    for s in 0..LIVE as u64 {
        stage.add(&article(s, 0, START + (s as i64 * 60 * 3600) / LIVE as i64));
    }
    let heap = herald_stream::heap::in_use() - before;
    eprintln!(
        "stories: {} live; heap {:.1} MB ({:.0} bytes a story); RSS {:.1} MB",
        stage.len(),
        heap as f64 / 1e6,
        heap as f64 / LIVE as f64,
        rss_kib() as f64 / 1024.0
    );
    // Half new reports of live stories, half new stories; made in chunks outside the clock.
    let mut rng = Rng(7);
    let now = START + 60 * 3600;
    let mut took = 0.0;
    let mut joined = 0u64;
    for chunk in 0..MEASURED / 10_000 {
        let stream: Vec<EnrichedArticle> = (0..10_000u64)
            .map(|j| {
                let i = chunk * 10_000 + j;
                if i % 2 == 0 {
                    // The most recent half of the first stories: the new ones close the
                    // older half first, these stay live.
                    let s = LIVE as u64 / 2 + rng.below(LIVE as u64 / 2);
                    article(s, 1 + i, now)
                } else {
                    article(LIVE as u64 + i, 0, now)
                }
            })
            .collect();
        let started = Instant::now();
        for a in &stream {
            let updates = stage.add(black_box(a));
            joined += updates
                .iter()
                .any(|u| matches!(u, herald_model::StoryUpdate::Changed(s) if s.num_articles > 1))
                as u64;
        }
        took += started.elapsed().as_secs_f64();
    }
    eprintln!(
        "stories: {MEASURED} articles in {took:.2} s: {:.0} articles/s on one thread \
         ({joined} joined a live story); {} live; heap {:.1} MB; RSS {:.1} MB",
        MEASURED as f64 / took,
        stage.len(),
        (herald_stream::heap::in_use() - before) as f64 / 1e6,
        rss_kib() as f64 / 1024.0
    );
}
