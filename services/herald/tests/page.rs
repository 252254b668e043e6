//! The map page in headless Chromium over the stored seeds: the markers hold every placed
//! event, a filter changes the count to the API's, a click on a marker or a story shows the
//! evidence sentence with its trigger marked. HERALD_UPDATE_SCREENSHOT=1 writes the page's
//! picture to docs/map.png.

mod common;

use std::collections::HashSet;

use common::browser::Browser;
use common::{root, stored_seeds, tempdir, Serve};
use serde_json::Value;

/// The evidence panel shows the selected story.
const SELECTED_STORY_SHOWN: &str = "const li = document.querySelector('#stories li.selected');
    return li !== null && document.getElementById('evidence-title').textContent === li.firstChild.textContent;";

fn events(serve: &Serve, query: &str) -> Vec<Value> {
    let page = serve.get(&format!("/v1/events?limit=10000&{query}")).json();
    page["events"].as_array().unwrap().clone()
}

/// Sets the QuadClass filter (empty: every class), submits the filters and waits for the
/// page to render again.
fn filter_quad_class(browser: &Browser, quad_class: &str) {
    browser.eval(&format!(
        "document.getElementById('f-quad').value = '{quad_class}';
         document.body.dataset.ready = '0';
         document.getElementById('filters').requestSubmit();"
    ));
    browser.wait_for(
        "the render after filtering",
        "return document.body.dataset.ready === '1';",
    );
}

/// Two JSON strings, as a (sentence, trigger) pair.
fn strings(a: &Value, b: &Value) -> (String, String) {
    let text = |v: &Value| v.as_str().unwrap().to_string();
    (text(a), text(b))
}

fn markers_total(browser: &Browser) -> u64 {
    browser
        .eval(
            "return [...document.querySelectorAll('#markers .marker')]
                .reduce((n, m) => n + Number(m.dataset.count), 0);",
        )
        .as_u64()
        .unwrap()
}

/// One scenario end to end in the browser: the markers, a filter, a marker's evidence, a
/// story's, and back to every event.
#[test]
fn the_page_shows_the_events_and_their_evidence() {
    let dir = tempdir("page");
    let db = stored_seeds(&dir);
    let serve = Serve::start(&db);
    let Some(browser) = Browser::start() else {
        return;
    };
    browser.go(&format!("{}/", serve.base));
    browser.wait_for(
        "the first render",
        "return document.body.dataset.ready === '1' && typeof window.heraldFirstRenderMs === 'number' && document.querySelectorAll('#land path').length > 100 && document.querySelectorAll('#stories li').length > 0;",
    );

    // Every placed event is in one marker; clusters make fewer markers than events.
    let all = events(&serve, "");
    let placed = all.iter().filter(|e| e["place"].is_object()).count() as u64;
    assert!(placed > 10);
    assert_eq!(markers_total(&browser), placed);
    let markers = browser
        .eval("return document.querySelectorAll('#markers .marker').length;")
        .as_u64()
        .unwrap();
    assert!(markers > 1 && markers < placed, "{markers} markers");
    let status = browser.eval("return document.getElementById('count').textContent;");
    assert_eq!(
        status.as_str().unwrap(),
        format!("{} events, {placed} on the map", all.len())
    );

    // A filter: the type with the most placed events.
    let conflict = events(&serve, "quad_class=4");
    let want = conflict.iter().filter(|e| e["place"].is_object()).count() as u64;
    assert!(want > 0 && want < placed);
    filter_quad_class(&browser, "4");
    assert_eq!(markers_total(&browser), want);

    // A click on a marker shows its events' sentences, the trigger marked.
    browser.click("#markers .marker");
    browser.wait_for(
        "the evidence",
        "return document.querySelectorAll('#evidence .evidence').length > 0;",
    );
    let shown = browser.eval(
        "return [...document.querySelectorAll('#evidence .sentence')]
            .map(p => [p.textContent, p.querySelector('mark').textContent]);",
    );
    let sentences: HashSet<(String, String)> = conflict
        .iter()
        .map(|e| strings(&e["evidence"]["sentence"], &e["evidence"]["trigger"]))
        .collect();
    let shown = shown.as_array().unwrap();
    assert!(!shown.is_empty());
    for pair in shown {
        let pair = strings(&pair[0], &pair[1]);
        assert!(sentences.contains(&pair), "not a shown event's: {pair:?}");
    }
    let links = browser
        .eval("return [...document.querySelectorAll('#evidence .evidence a')].map(a => a.href);");
    assert!(links
        .as_array()
        .unwrap()
        .iter()
        .all(|l| l.as_str().unwrap().starts_with("http")));

    // A story: its events' evidence.
    browser.click("#stories li");
    browser.wait_for("the story's evidence", SELECTED_STORY_SHOWN);
    let story = browser
        .eval("return document.querySelector('#stories li.selected').dataset.story;")
        .as_str()
        .unwrap()
        .to_string();
    let story_events = events(&serve, &format!("story={story}"));
    let shown = browser
        .eval("return document.querySelectorAll('#evidence .sentence').length;")
        .as_u64()
        .unwrap();
    assert_eq!(shown as usize, story_events.len().min(100));

    // Back to every event for the picture.
    filter_quad_class(&browser, "");
    browser.click("#stories li:nth-child(2)");
    browser.wait_for("the second story's evidence", SELECTED_STORY_SHOWN);
    let png = browser.screenshot();
    assert!(png.starts_with(b"\x89PNG"));
    std::fs::write(dir.join("map.png"), &png).unwrap();
    if std::env::var("HERALD_UPDATE_SCREENSHOT").as_deref() == Ok("1") {
        std::fs::write(root().join("docs/map.png"), &png).unwrap();
    }
}

/// The first render's time with the events of the store HERALD_PAGE_DB (or HERALD_PAGE_URL) (e.g. 10,000 made by
/// `cargo run --release -p herald-store --example load -- FILE 10000`): five loads, printed.
/// A measurement, not a check: `cargo test --release -p herald --test page -- --ignored
/// --nocapture` (docs/performance.md).
#[test]
#[ignore]
fn first_render_time() {
    // A running `herald serve` (HERALD_PAGE_URL, e.g. a release build's), or one started
    // here over HERALD_PAGE_DB.
    let (base, _serve) = match std::env::var("HERALD_PAGE_URL") {
        Ok(url) => (url, None),
        Err(_) => {
            let db = std::env::var("HERALD_PAGE_DB").expect("HERALD_PAGE_DB: the store to show");
            let serve = Serve::start(&db);
            (serve.base.clone(), Some(serve))
        }
    };
    let browser = Browser::start().expect("chromium and chromium-driver");
    let mut times = Vec::new();
    for _ in 0..5 {
        browser.go(&format!("{base}/"));
        browser.wait_for(
            "the first render",
            "return typeof window.heraldFirstRenderMs === 'number';",
        );
        times.push(
            browser
                .eval("return window.heraldFirstRenderMs;")
                .as_f64()
                .unwrap(),
        );
    }
    let status = browser.eval("return document.getElementById('count').textContent;");
    let markers = browser.eval("return document.querySelectorAll('#markers .marker').length;");
    times.sort_by(f64::total_cmp);
    println!(
        "first render: {status}, {markers} markers; median {:.0} ms, max {:.0} ms over 5 loads",
        times[2], times[4]
    );
}
