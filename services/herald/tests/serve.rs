//! `herald run seeds --store` then `herald serve`: the API answers over the seeds what
//! `herald run --emit events|stories` says they hold, pages follow each other, every filter
//! narrows, bad parameters get a 400 with the reason, the exports have their forms.

mod common;

use std::collections::HashSet;

use common::{herald_ok, records, stored_seeds, tempdir, Serve};
use serde_json::Value;

/// The seeds' events as `herald run --emit events` writes them.
fn emitted(kind: &str) -> Vec<Value> {
    records(&herald_ok(&["run", "seeds", "--emit", kind], None))
}

fn count(serve: &Serve, query: &str) -> usize {
    let r = serve.get(&format!("/v1/events?limit=10000&{query}"));
    assert_eq!(r.status, 200, "{query}: {}", r.text());
    let page = r.json();
    assert!(page["next_cursor"].is_null());
    page["events"].as_array().unwrap().len()
}

/// One scenario end to end over one stored database: stats, pages, filters, errors, stories,
/// exports and the page.
#[test]
fn the_api_over_the_seeds() {
    let dir = tempdir("serve");
    let db = stored_seeds(&dir);
    let events = emitted("events");
    let stories = emitted("stories");
    let serve = Serve::start(&db);

    let stats = serve.get("/v1/stats").json();
    assert_eq!(stats["events"].as_u64().unwrap() as usize, events.len());
    assert_eq!(stats["stories"].as_u64().unwrap() as usize, stories.len());

    // Pages of 40 follow each other: every event once.
    let mut seen = HashSet::new();
    let mut cursor = String::new();
    loop {
        let page = serve
            .get(&format!("/v1/events?limit=40&cursor={cursor}"))
            .json();
        let batch = page["events"].as_array().unwrap();
        assert!(batch.len() <= 40);
        for e in batch {
            assert!(seen.insert(e["event_id"].as_str().unwrap().to_string()));
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = c.to_string(),
            None => break,
        }
    }
    assert_eq!(seen.len(), events.len());

    // Filters select what the emitted events say.
    let consult = events.iter().filter(|e| e["plover"] == "CONSULT").count();
    assert!(consult > 0);
    assert_eq!(count(&serve, "type=CONSULT"), consult);
    let root = events.iter().filter(|e| e["cameo_root"] == "04").count();
    assert_eq!(count(&serve, "type=04"), root);
    let syr = |e: &Value| {
        e["source"]["country"] == "SYR"
            || e["target"]["country"] == "SYR"
            || e["location"]["country"] == "SYR"
    };
    let in_syria = events.iter().filter(|e| syr(e)).count();
    assert!(in_syria > 0);
    assert_eq!(count(&serve, "country=SYR"), in_syria);
    let placed = events.iter().filter(|e| e["location"].is_object()).count();
    assert_eq!(count(&serve, "bbox=-180,-90,180,90"), placed);
    let narrowed = count(&serve, "country=SYR&type=CONSULT");
    assert!(narrowed < in_syria && narrowed < consult);
    let q = count(&serve, "q=talks");
    assert!(q > 0 && q < events.len());
    for e in serve.get("/v1/events?q=talks&limit=10000").json()["events"]
        .as_array()
        .unwrap()
    {
        let sentence = e["evidence"]["sentence"].as_str().unwrap().to_lowercase();
        assert!(sentence.contains("talks"), "{sentence}");
        let ev = &e["evidence"];
        let rebuilt = format!(
            "{}{}{}",
            ev["before"].as_str().unwrap(),
            ev["trigger"].as_str().unwrap(),
            ev["after"].as_str().unwrap()
        );
        assert_eq!(rebuilt.to_lowercase(), sentence);
    }

    // Bad parameters: 400 and the reason.
    for (query, reason) in [
        ("limit=0", "limit"),
        ("limit=20000", "limit"),
        ("from=last-week", "YYYY-MM-DD"),
        ("type=4x", "PLOVER"),
        ("bbox=1,2", "bbox"),
        ("country=Syria", "alpha-3"),
        ("cursor=nope", "cursor"),
        ("sort=date", "unknown parameter"),
        ("actor=RUS%27%20OR%201=1", "actor"),
    ] {
        let r = serve.get(&format!("/v1/events?{query}"));
        assert_eq!(r.status, 400, "{query}");
        let error = r.json()["error"].as_str().unwrap().to_string();
        assert!(error.contains(reason), "{query}: {error}");
    }

    // Stories: the list, and one story with its events and evidence.
    let listed = serve.get("/v1/stories?limit=1000").json();
    let listed = listed["stories"].as_array().unwrap();
    assert_eq!(listed.len(), stories.len());
    let biggest = stories
        .iter()
        .max_by_key(|s| s["events"].as_array().unwrap().len())
        .unwrap();
    let id = biggest["story_id"].as_str().unwrap();
    let detail = serve.get(&format!("/v1/stories/{id}")).json();
    let mentioned: HashSet<&str> = biggest["events"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["mentions"].as_array().unwrap())
        .map(|m| m["event_id"].as_str().unwrap())
        .collect();
    let shown: HashSet<&str> = detail["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event_id"].as_str().unwrap())
        .collect();
    assert_eq!(shown, mentioned);
    assert_eq!(
        detail["num_events"].as_u64().unwrap() as usize,
        biggest["events"].as_array().unwrap().len()
    );
    assert_eq!(count(&serve, &format!("story={id}")), mentioned.len());
    assert_eq!(serve.get("/v1/stories/no-such-story").status, 404);

    // The exports.
    let csv = serve.get("/v1/events.csv?limit=25");
    assert_eq!(csv.status, 200);
    assert!(csv.header("x-next-cursor").is_some());
    let rows: Vec<String> = csv.text().lines().map(String::from).collect();
    assert_eq!(rows.len(), 25);
    assert!(rows.iter().all(|r| r.split('\t').count() == 61));
    let geo = serve.get("/v1/events.geojson?limit=10000").json();
    assert_eq!(geo["type"], "FeatureCollection");
    let features = geo["features"].as_array().unwrap();
    assert_eq!(features.len(), events.len());
    let points = features
        .iter()
        .filter(|f| f["geometry"].is_object())
        .count();
    assert_eq!(points, placed);
    assert_eq!(serve.get("/v1/events.geojson?quad_class=9").status, 400);

    // The description and the page.
    let api = serve.get("/openapi.json").json();
    for path in [
        "/v1/events",
        "/v1/events.geojson",
        "/v1/events.csv",
        "/v1/stories",
        "/v1/stories/{id}",
        "/v1/stats",
    ] {
        assert!(api["paths"][path].is_object(), "{path} undocumented");
    }
    let page = serve.get("/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("app.js"));
    for asset in ["/app.js", "/app.css", "/countries-110m.json"] {
        assert_eq!(serve.get(asset).status, 200, "{asset}");
    }
}
