//! The store on both backends: the same records written twice are stored once, every filter
//! selects what it names, pages follow each other, stories replace and merge.

mod common;

use common::postgres::Postgres;
use herald_model::{
    Actor, Event, EventLocation, Mention, SentenceRef, Span, Story, StoryArticle, StoryEvent,
    StoryStatus, StoryUpdate, Trigger,
};
use herald_store::query::EventFilter;
use herald_store::{Batch, Store};

fn actor(code: &str, country: &str) -> Actor {
    Actor {
        text: code.to_lowercase(),
        name: code.to_string(),
        code: code.to_string(),
        country: Some(country.to_string()),
        sector: None,
        cluster: None,
    }
}

/// Event `i`: days, types, countries and places vary with it.
fn event(i: usize) -> Event {
    let (plover, cameo, quad) = [
        ("CONSULT", "040", 1),
        ("AID", "073", 2),
        ("ACCUSE", "112", 3),
        ("ASSAULT", "190", 4),
    ][i % 4];
    let country = ["SYR", "RUS", "UKR"][i % 3];
    Event {
        event_id: format!("{i:016x}"),
        article_id: format!("a{}", i / 2),
        sentence: SentenceRef {
            index: 0,
            start: 0,
            end: 24,
        },
        date: Some(format!("2016-09-{:02}", 1 + i % 20)),
        source: Some(actor(&format!("{country}GOV"), country)),
        target: (i % 5 != 0).then(|| actor("USA", "USA")),
        cameo: cameo.into(),
        cameo_root: cameo[..2].into(),
        plover: plover.into(),
        plover_mode: None,
        plover_context: None,
        goldstein: 1.0,
        quad_class: quad,
        location: (i % 2 == 0).then(|| EventLocation {
            name: "Aleppo".into(),
            country: "SYR".into(),
            lat: 36.2 + i as f64 * 0.01,
            lon: 37.1,
        }),
        trigger: Trigger {
            start: 4,
            end: 9,
            text: "talks".into(),
        },
        negated: false,
        mood: herald_model::Mood::ALL[i % 4],
        reciprocal: i % 3 == 0,
        confidence: 0.8,
        source_url: Some(format!("https://example.org/{}", i / 2)),
        published_at: None,
    }
}

fn story(id: &str, events: &[usize]) -> Story {
    Story {
        story_id: id.into(),
        status: StoryStatus::Developing,
        title: Some(format!("story {id}")),
        first_seen: None,
        last_seen: None,
        articles: events
            .iter()
            .map(|i| StoryArticle {
                id: format!("a{}", i / 2),
                source: None,
                url: None,
                title: None,
                published_at: None,
                duplicate_of: None,
            })
            .collect(),
        num_articles: events.len(),
        num_sources: 1,
        entities: vec![],
        places: vec![],
        events: vec![StoryEvent {
            plover: "CONSULT".into(),
            cameo: "040".into(),
            source: None,
            target: None,
            place: None,
            date: "2016-09-01".into(),
            num_mentions: events.len(),
            num_articles: events.len(),
            num_sources: 1,
            confidence: 0.8,
            mentions: events
                .iter()
                .map(|&i| Mention {
                    article_id: format!("a{}", i / 2),
                    event_id: format!("{i:016x}"),
                    outlet: "x".into(),
                    sentence: Span { start: 0, end: 24 },
                    trigger: Span { start: 4, end: 9 },
                    confidence: 0.8,
                })
                .collect(),
        }],
        merged: vec![],
    }
}

async fn count(store: &Store, params: &[(&str, &str)]) -> usize {
    let params: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let mut f = EventFilter::parse(&params).unwrap();
    f.limit = 10_000;
    store.events(&f).await.unwrap().events.len()
}

/// One scenario end to end on one database: write twice, every filter, pages, one-connection
/// writes, a story's new state and a merge.
async fn exercise(target: &str) {
    let store = Store::open(target).await.unwrap();
    let mut batch = Batch::default();
    for i in 0..120 {
        batch.add_event(&event(i));
    }
    batch.add_story_update(&StoryUpdate::Changed(story("s1", &[0, 4, 8])));
    batch.add_story_update(&StoryUpdate::Changed(story("s2", &[1, 5])));
    // Twice: the same rows.
    store.write(&batch).await.unwrap();
    store.write(&batch).await.unwrap();
    let stats = store.stats().await.unwrap();
    assert_eq!((stats.events, stats.stories, stats.articles), (120, 2, 60));

    assert_eq!(count(&store, &[]).await, 120);
    // Every field of an event reads back as written, mood and reciprocity included.
    let mut all = EventFilter::parse(&[]).unwrap();
    all.limit = 10_000;
    for row in store.events(&all).await.unwrap().events {
        let i = usize::from_str_radix(&row.event_id, 16).unwrap();
        let back = row.to_event();
        let original = event(i);
        assert_eq!(
            (back.mood, back.reciprocal),
            (original.mood, original.reciprocal)
        );
    }
    assert_eq!(count(&store, &[("type", "CONSULT")]).await, 30);
    assert_eq!(count(&store, &[("type", "04")]).await, 30);
    assert_eq!(count(&store, &[("type", "073")]).await, 30);
    assert_eq!(count(&store, &[("type", "1900")]).await, 0);
    assert_eq!(count(&store, &[("quad_class", "4")]).await, 30);
    // UKR as the source's country only; SYR also as every even event's place.
    assert_eq!(count(&store, &[("country", "UKR")]).await, 40);
    assert_eq!(count(&store, &[("country", "SYR")]).await, 40 + 40);
    assert_eq!(count(&store, &[("actor", "RUS")]).await, 40);
    assert_eq!(count(&store, &[("actor", "RUSGOV")]).await, 40);
    assert_eq!(
        count(&store, &[("from", "2016-09-01"), ("to", "2016-09-05")]).await,
        30
    );
    assert_eq!(count(&store, &[("bbox", "37,36,38,36.395")]).await, 10);
    assert_eq!(count(&store, &[("story", "s1")]).await, 3);
    assert_eq!(count(&store, &[("q", "TALK")]).await, 120);
    assert_eq!(count(&store, &[("q", "100%")]).await, 0);

    // Pages of 50 follow each other: every event once, newest day first.
    let mut seen = Vec::new();
    let mut f = EventFilter {
        limit: 50,
        ..EventFilter::default()
    };
    loop {
        let page = store.events(&f).await.unwrap();
        seen.extend(
            page.events
                .iter()
                .map(|e| (e.date.clone(), e.event_id.clone())),
        );
        match page.next_cursor {
            Some(c) => {
                f = EventFilter::parse(&[("cursor".into(), c), ("limit".into(), "50".into())])
                    .unwrap()
            }
            None => break,
        }
    }
    assert_eq!(seen.len(), 120);
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.reverse();
    assert_eq!(seen, sorted);

    // The same statement on one connection with a null, then a number, in one place (a
    // place's latitude).
    let single = Store::open_with(target, 1).await.unwrap();
    for i in [121, 122] {
        let mut one = Batch::default();
        one.add_event(&event(i));
        single.write(&one).await.unwrap();
    }
    single.close().await;
    assert_eq!(count(&store, &[]).await, 122);

    // A story's new state replaces its members; a merge sends readers to the survivor.
    let mut later = Batch::default();
    later.add_story_update(&StoryUpdate::Changed(story("s1", &[0, 4, 8, 12, 1, 5])));
    later.add_story_update(&StoryUpdate::Merged {
        story_id: "s2".into(),
        merged_into: "s1".into(),
    });
    store.write(&later).await.unwrap();
    store.write(&later).await.unwrap();
    assert_eq!(count(&store, &[("story", "s1")]).await, 6);
    assert_eq!(count(&store, &[("story", "s2")]).await, 0);
    let stories = store.stories(100).await.unwrap();
    assert_eq!(stories.len(), 1);
    assert_eq!(stories[0].num_mentions, 6);
    let detail = store.story("s2").await.unwrap().unwrap();
    assert_eq!(detail.story.story_id, "s1");
    assert_eq!(detail.events.len(), 6);
    assert_eq!(
        detail.record["events"][0]["mentions"]
            .as_array()
            .unwrap()
            .len(),
        6
    );
    assert!(store.story("nope").await.unwrap().is_none());
    store.close().await;
}

/// Text that a bulk format must escape (tabs, line breaks, backslashes, a literal `\N`,
/// quotes, non-ASCII, empty), nulls beside it, and numbers with long fractions: every field
/// reads back exactly as written.
async fn awkward_values_round_trip(target: &str) {
    let store = Store::open(target).await.unwrap();
    let awkward = [
        "tab\there",
        "line\nbreak\r\nand\rreturn",
        "back\\slash \\N \\t \\\\",
        "\\N",
        "quotes ' \" `",
        "Ünïcödé — حلب 北京 🙂",
        "",
        ",;|{}[]()%_",
    ];
    let mut written = Vec::new();
    let mut batch = Batch::default();
    for (k, text) in awkward.iter().enumerate() {
        let mut e = event(1000 + k);
        e.trigger.text = text.to_string();
        e.plover_context = Some(format!("{text}|ctx"));
        e.plover_mode = (k % 2 == 0).then(|| text.to_string());
        e.source = Some(Actor {
            text: text.to_string(),
            name: format!("{text}{text}"),
            code: "SYRGOV".into(),
            country: None,
            sector: Some(text.to_string()),
            cluster: None,
        });
        e.target = None;
        e.location = (k % 2 == 1).then(|| EventLocation {
            name: text.to_string(),
            country: "SYR".into(),
            lat: 0.1 + 0.2,
            lon: -179.999_999_999_9,
        });
        e.goldstein = -1.0 / 3.0;
        e.confidence = 1e-7;
        batch.add_event(&e);
        written.push(e);
    }
    store.write(&batch).await.unwrap();
    store.write(&batch).await.unwrap();
    let mut all = EventFilter::parse(&[]).unwrap();
    all.limit = 10_000;
    let rows = store.events(&all).await.unwrap().events;
    assert_eq!(rows.len(), awkward.len());
    for e in &written {
        let row = rows.iter().find(|r| r.event_id == e.event_id).unwrap();
        assert_eq!(format!("{:?}", row.to_event()), format!("{e:?}"));
    }
    store.close().await;
}

#[tokio::test]
async fn awkward_values_round_trip_in_sqlite() {
    let dir = tempfile::Builder::new()
        .prefix("herald-test-")
        .tempdir()
        .unwrap();
    awkward_values_round_trip(dir.path().join("h.db").to_str().unwrap()).await;
}

#[tokio::test]
async fn awkward_values_round_trip_in_postgres() {
    let Some(pg) = Postgres::start() else {
        return;
    };
    awkward_values_round_trip(&pg.url()).await;
}

#[tokio::test]
async fn sqlite() {
    let dir = tempfile::Builder::new()
        .prefix("herald-test-")
        .tempdir()
        .unwrap();
    exercise(dir.path().join("h.db").to_str().unwrap()).await;
}

#[tokio::test]
async fn postgres() {
    let Some(pg) = Postgres::start() else {
        return;
    };
    exercise(&pg.url()).await;

    // Down: a write fails as "unavailable" (worth waiting for); back up, it goes through.
    let store = Store::open(&pg.url()).await.unwrap();
    pg.stop_server();
    let mut batch = Batch::default();
    batch.add_event(&event(500));
    let err = store.write(&batch).await.unwrap_err();
    assert!(err.is_unavailable(), "{err}");
    assert!(!store.ping().await);
    pg.start_server();
    store.write(&batch).await.unwrap();
    assert_eq!(store.stats().await.unwrap().events, 123);
}
