//! Feed polling: one task a feed, each on its own interval, backing off with jitter while it
//! fails. A poll's new items are all stored before the feed's validators are kept, so that
//! a 304 never hides an item that was not stored.

use std::sync::Arc;
use std::time::Duration;

use herald_extract::ErrorClass;
use herald_model::split::Position;
use herald_model::{InputLimits, RawArticle};
use metrics::counter;
use reqwest::Url;
use tokio::sync::watch;
use tracing::{info, warn};

use crate::config::{FeedConfig, HttpConfig};
use crate::error::FetchError;
use crate::fetch::{Fetched, Fetcher, Validators};
use crate::metrics::{FETCHES, ITEMS, REJECTED};
use crate::publish::Publisher;

/// What every feed task shares.
pub struct Poller {
    pub fetcher: Fetcher,
    pub publisher: Arc<Publisher>,
    pub limits: InputLimits,
    pub http: HttpConfig,
}

/// Exponential backoff with full jitter, from `min` doubling to `max`.
struct Backoff {
    min: Duration,
    max: Duration,
    next: Duration,
}

impl Backoff {
    fn new(http: &HttpConfig) -> Self {
        let min = Duration::from_millis(http.backoff_min_ms);
        Self {
            min,
            max: Duration::from_millis(http.backoff_max_ms),
            next: min,
        }
    }

    /// The wait before the next try: between half and all of the current step.
    fn step(&mut self) -> Duration {
        let step = self.next;
        self.next = (self.next * 2).min(self.max);
        step.mul_f64(0.5 + fastrand::f64() / 2.0)
    }

    fn reset(&mut self) {
        self.next = self.min;
    }
}

/// Polls `feed` until `stop` turns true; a poll under way finishes storing its items.
pub async fn run(poller: Arc<Poller>, feed: FeedConfig, mut stop: watch::Receiver<bool>) {
    let url = Url::parse(&feed.url).expect("validated");
    let mut validators = Validators::default();
    let mut backoff = Backoff::new(&poller.http);
    loop {
        let fetched = tokio::select! {
            _ = stop.wait_for(|s| *s) => return,
            f = poller.fetcher.get(&url, &validators) => f,
        };
        let wait = match poll(&poller, &feed, fetched, &mut validators).await {
            Ok(()) => {
                backoff.reset();
                feed.interval()
            }
            Err(error) => failed(&feed, &error, &mut backoff),
        };
        tokio::select! {
            _ = stop.wait_for(|s| *s) => return,
            () = tokio::time::sleep(wait) => {}
        }
    }
}

/// Logs a failed poll; the wait before the next one.
fn failed(feed: &FeedConfig, error: &FetchError, backoff: &mut Backoff) -> Duration {
    counter!(FETCHES, "result" => error.kind()).increment(1);
    let wait = match error.class() {
        ErrorClass::Retryable => backoff.step(),
        _ => feed.interval(),
    };
    warn!(feed = %feed.url, %error, kind = error.kind(), retry_ms = wait.as_millis() as u64, "poll failed");
    wait
}

/// Stores the new items of one fetched document.
async fn poll(
    poller: &Poller,
    feed: &FeedConfig,
    fetched: Result<Fetched, FetchError>,
    validators: &mut Validators,
) -> Result<(), FetchError> {
    let (bytes, fresh) = match fetched? {
        Fetched::NotModified => {
            counter!(FETCHES, "result" => "not_modified").increment(1);
            return Ok(());
        }
        Fetched::Body { bytes, validators } => (bytes, validators),
    };
    counter!(FETCHES, "result" => "ok").increment(1);
    let mut items = Vec::new();
    herald_model::wire::split(
        &bytes,
        &poller.limits,
        &mut |position, record| match record {
            Ok(raw) => items.push(raw),
            Err((error, _)) => reject(feed, position, error.kind(), &error.to_string()),
        },
    );
    let mut stored = 0;
    for raw in items {
        let raw = with_feed(raw, feed);
        if poller.publisher.is_new(&raw) {
            let raw = with_page(poller, feed, raw).await;
            stored += store(poller, feed, &raw).await;
        } else {
            counter!(ITEMS, "outcome" => "duplicate").increment(1);
        }
    }
    if stored > 0 {
        info!(feed = %feed.url, stored, "new items stored");
    }
    *validators = fresh;
    Ok(())
}

fn reject(feed: &FeedConfig, position: Position, kind: &'static str, error: &str) {
    counter!(REJECTED, "reason" => kind).increment(1);
    warn!(feed = %feed.url, ?position, reason = kind, error, "item rejected");
}

/// The feed's settings on an item: its source name, and its language when the item has none.
fn with_feed(mut raw: RawArticle, feed: &FeedConfig) -> RawArticle {
    raw.source = Some(feed.source.clone());
    if raw.language.is_none() {
        raw.language = feed.language.clone();
    }
    raw
}

/// With `fetch_page`, the item's linked page (robots.txt allowing) becomes its body, for
/// ingest to extract the article from; the feed's text stays when the page cannot be had.
async fn with_page(poller: &Poller, feed: &FeedConfig, mut raw: RawArticle) -> RawArticle {
    let Some(url) = feed.fetch_page.then_some(()).and(raw.url.as_deref()) else {
        return raw;
    };
    let Ok(url) = Url::parse(url) else { return raw };
    match poller.fetcher.page(&url).await {
        Ok(html) => match String::from_utf8(html) {
            Ok(html) if html.len() <= poller.limits.max_body_bytes => raw.body = html,
            _ => warn!(page = %url, "page not used: not UTF-8 or too large"),
        },
        Err(error) => {
            counter!(FETCHES, "result" => error.kind()).increment(1);
            warn!(page = %url, %error, "page not fetched: the feed's text is sent");
        }
    }
    raw
}

/// Stores one item, trying again until the broker takes it (a poll does not end, and its
/// validators are not kept, with an item left unstored). 1 when stored now.
async fn store(poller: &Poller, feed: &FeedConfig, raw: &RawArticle) -> usize {
    let mut backoff = Backoff::new(&poller.http);
    loop {
        match poller.publisher.publish(raw).await {
            Ok(outcome) => return usize::from(outcome == crate::publish::Outcome::Stored),
            Err(error) if error.class() == ErrorClass::Poison => {
                reject(
                    feed,
                    Position::Whole,
                    "record_too_large",
                    &error.to_string(),
                );
                return 0;
            }
            Err(error) => {
                let wait = backoff.step();
                warn!(item_id = %raw.id, %error, retry_ms = wait.as_millis() as u64, "not stored; trying again");
                tokio::time::sleep(wait).await;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_with_jitter_up_to_its_cap_and_resets() {
        let http = HttpConfig {
            backoff_min_ms: 100,
            backoff_max_ms: 400,
            ..crate::WireConfig::load(None, None).unwrap().http
        };
        let mut b = Backoff::new(&http);
        let steps: Vec<u128> = (0..5).map(|_| b.step().as_millis()).collect();
        for (step, cap) in steps.iter().zip([100, 200, 400, 400, 400]) {
            assert!((cap / 2..=cap).contains(step), "{steps:?}");
        }
        b.reset();
        assert!(b.step() <= Duration::from_millis(100));
    }

    #[test]
    fn the_feed_names_the_source_and_gives_a_language_to_items_without_one() {
        let feed = FeedConfig {
            url: "https://a.invalid/rss".into(),
            source: "Wire A".into(),
            interval_ms: 1000,
            language: Some("de".into()),
            fetch_page: false,
        };
        let limits = InputLimits::default();
        let raw = RawArticle::from_text("a", "Text.".into(), &limits).unwrap();
        let raw = with_feed(raw, &feed);
        assert_eq!(
            (raw.source.as_deref(), raw.language.as_deref()),
            (Some("Wire A"), Some("de"))
        );
        let mut fr = raw.clone();
        fr.language = Some("fr".into());
        assert_eq!(with_feed(fr, &feed).language.as_deref(), Some("fr"));
    }
}
