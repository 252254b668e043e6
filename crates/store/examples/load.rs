//! Loads generated events into a store and times the writes and a filtered query; the
//! figures of docs/performance.md ("Event store").
//!
//!   cargo run --release -p herald-store --example load -- DB EVENTS [BATCH]
//!
//! DB: a postgres:// URL or a SQLite file. EVENTS: how many (ids 0..EVENTS: loading again
//! rewrites the same rows). Prints events/s of the writes, then p50/p95 of 200 queries of
//! `GET /v1/events`'s form: one week, one country, one PLOVER type, a page of 100.

use std::time::Instant;

use herald_model::{Actor, Event, EventLocation, SentenceRef, Trigger};
use herald_store::query::EventFilter;
use herald_store::{Batch, Store};

const COUNTRIES: &[&str] = &[
    "SYR", "RUS", "UKR", "USA", "CHN", "IRN", "IRQ", "ISR", "PSE", "TUR", "EGY", "LBY", "YEM",
    "SAU", "AFG", "PAK", "IND", "NGA", "KEN", "ETH", "SDN", "SSD", "COD", "MLI", "FRA", "DEU",
    "GBR", "POL", "BLR", "VEN", "COL", "BRA", "MEX", "PRK", "KOR", "JPN", "MMR", "PHL", "IDN",
    "SOM", "ZWE", "ZAF", "LBN", "JOR", "QAT", "ARE", "GEO", "ARM", "AZE", "KAZ",
];
const TYPES: &[(&str, &str, u8)] = &[
    ("CONSULT", "040", 1),
    ("AGREE", "057", 1),
    ("SUPPORT", "051", 1),
    ("REQUEST", "020", 1),
    ("AID", "073", 2),
    ("COOPERATE", "061", 2),
    ("RETREAT", "081", 2),
    ("ACCUSE", "112", 3),
    ("REJECT", "120", 3),
    ("THREATEN", "138", 3),
    ("DEMAND", "100", 3),
    ("PROTEST", "141", 4),
    ("SANCTION", "163", 4),
    ("MOBILIZE", "150", 4),
    ("COERCE", "173", 4),
    ("ASSAULT", "190", 4),
];
const DAYS: u64 = 730;

/// A small deterministic generator (splitmix64).
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn day(n: u64) -> String {
    let d = chrono::NaiveDate::from_ymd_opt(2016, 1, 1).unwrap() + chrono::Days::new(n);
    d.format("%Y-%m-%d").to_string()
}

fn event(i: u64) -> Event {
    let r = mix(i);
    let (plover, cameo, quad) = TYPES[(r % TYPES.len() as u64) as usize];
    let a = COUNTRIES[((r >> 8) % COUNTRIES.len() as u64) as usize];
    let b = COUNTRIES[((r >> 16) % COUNTRIES.len() as u64) as usize];
    let actor = |c: &str, sector: &str| Actor {
        text: format!("{c} officials"),
        name: format!("{c} government"),
        code: format!("{c}{sector}"),
        country: Some(c.to_string()),
        sector: Some(sector.to_string()),
        cluster: None,
    };
    Event {
        event_id: format!("{i:016x}"),
        article_id: format!("art-{}", i / 8),
        sentence: SentenceRef {
            index: (i % 8) as usize,
            start: 100,
            end: 220,
        },
        date: Some(day((r >> 24) % DAYS)),
        source: Some(actor(a, "GOV")),
        target: ((r >> 40) % 4 != 0).then(|| actor(b, "MIL")),
        cameo: cameo.into(),
        cameo_root: cameo[..2].into(),
        plover: plover.into(),
        plover_mode: None,
        plover_context: None,
        goldstein: (((r >> 32) % 200) as f64 - 100.0) / 10.0,
        quad_class: quad,
        location: ((r >> 44) % 3 != 0).then(|| EventLocation {
            name: format!("{a} town {}", (r >> 48) % 100),
            country: a.to_string(),
            lat: ((r >> 20) % 1400) as f64 / 10.0 - 60.0,
            lon: ((r >> 36) % 3600) as f64 / 10.0 - 180.0,
        }),
        trigger: Trigger {
            start: 120,
            end: 128,
            text: "met with".into(),
        },
        negated: false,
        mood: herald_model::Mood::Asserted,
        reciprocal: false,
        confidence: 0.5 + ((r >> 52) % 50) as f64 / 100.0,
        source_url: Some(format!("https://news.example/{}", i / 8)),
        published_at: None,
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(db), Some(n)) = (args.get(1), args.get(2).and_then(|n| n.parse::<u64>().ok())) else {
        eprintln!("usage: load DB EVENTS [BATCH]");
        std::process::exit(2);
    };
    let batch_size: u64 = args.get(3).and_then(|b| b.parse().ok()).unwrap_or(5000);
    let store = Store::open(db).await?;

    let started = Instant::now();
    let mut generating = 0.0;
    let mut i = 0;
    while i < n {
        let t = Instant::now();
        let mut batch = Batch::default();
        for k in i..(i + batch_size).min(n) {
            batch.add_event(&event(k));
        }
        generating += t.elapsed().as_secs_f64();
        store.write(&batch).await?;
        i += batch_size;
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "wrote {n} events in {secs:.1} s: {:.0} events/s ({:.0} events/s counting only the database's time; batches of {batch_size})",
        n as f64 / secs,
        n as f64 / (secs - generating)
    );

    let mut times = Vec::new();
    let mut rows = 0;
    for q in 0..200u64 {
        let r = mix(q + 1_000_000_000);
        let first = r % (DAYS - 7);
        let params: Vec<(String, String)> = vec![
            ("from".into(), day(first)),
            ("to".into(), day(first + 6)),
            (
                "country".into(),
                COUNTRIES[((r >> 16) % COUNTRIES.len() as u64) as usize].into(),
            ),
            (
                "type".into(),
                TYPES[((r >> 32) % TYPES.len() as u64) as usize].0.into(),
            ),
        ];
        let filter = EventFilter::parse(&params)?;
        let t = Instant::now();
        rows += store.events(&filter).await?.events.len();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "filtered query (a week, one country, one type; {rows} rows in 200 queries): p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        percentile(&times, 0.5),
        percentile(&times, 0.95),
        times[times.len() - 1]
    );
    store.close().await;
    Ok(())
}
