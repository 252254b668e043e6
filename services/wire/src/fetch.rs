//! HTTP fetching: conditional GET, gzip decoded as it streams with the decoded size capped,
//! connect/read/request timeouts, one request at a time per host with a minimum interval
//! between two, and robots.txt (texting_robots) for linked article pages.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::header::{ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED};
use reqwest::{Client, StatusCode, Url};
use texting_robots::Robot;

use crate::config::HttpConfig;
use crate::error::FetchError;

/// A feed's validators from its last full response, for the next conditional GET.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// What a GET brought.
#[derive(Debug)]
pub enum Fetched {
    /// 304: nothing new since the validators.
    NotModified,
    Body {
        bytes: Vec<u8>,
        validators: Validators,
    },
}

/// A host's turn: held for the whole request; when the last one ended.
type Gate = Arc<tokio::sync::Mutex<Option<Instant>>>;

/// A host's robots.txt rules, once known.
type RobotsCell = Arc<tokio::sync::OnceCell<Option<Arc<Robot>>>>;

pub struct Fetcher {
    client: Client,
    user_agent: String,
    min_interval: Duration,
    max_bytes: usize,
    hosts: Mutex<HashMap<String, Gate>>,
    /// Each host's robots.txt rules (`None`: none, everything allowed), fetched once a host:
    /// a host whose robots.txt is slow holds up only its own pages.
    robots: Mutex<HashMap<String, RobotsCell>>,
}

impl Fetcher {
    pub fn new(config: &HttpConfig, max_bytes: usize) -> Result<Self, FetchError> {
        let client = Client::builder()
            .user_agent(&config.user_agent)
            .connect_timeout(Duration::from_millis(config.connect_timeout_ms))
            .read_timeout(Duration::from_millis(config.read_timeout_ms))
            .timeout(Duration::from_millis(config.request_timeout_ms))
            .gzip(true)
            .build()
            .map_err(|e| FetchError::Http(e.to_string()))?;
        Ok(Self {
            client,
            user_agent: config.user_agent.clone(),
            min_interval: Duration::from_millis(config.min_host_interval_ms),
            max_bytes,
            hosts: Mutex::new(HashMap::new()),
            robots: Mutex::new(HashMap::new()),
        })
    }

    fn gate(&self, url: &Url) -> Gate {
        let host = format!(
            "{}:{}",
            url.host_str().unwrap_or(""),
            url.port_or_known_default().unwrap_or(0)
        );
        let mut hosts = self.hosts.lock().expect("hosts lock");
        hosts.entry(host).or_default().clone()
    }

    /// GETs `url` (conditionally with `validators`), waiting for the host's turn.
    pub async fn get(&self, url: &Url, validators: &Validators) -> Result<Fetched, FetchError> {
        let gate = self.gate(url);
        let mut last = gate.lock().await;
        if let Some(at) = *last {
            tokio::time::sleep_until((at + self.min_interval).into()).await;
        }
        let result = self.request(url, validators).await;
        *last = Some(Instant::now());
        result
    }

    async fn request(&self, url: &Url, validators: &Validators) -> Result<Fetched, FetchError> {
        let mut request = self.client.get(url.clone());
        if let Some(etag) = &validators.etag {
            request = request.header(IF_NONE_MATCH, etag);
        }
        if let Some(date) = &validators.last_modified {
            request = request.header(IF_MODIFIED_SINCE, date);
        }
        let mut response = request.send().await?;
        let status = response.status();
        if status == StatusCode::NOT_MODIFIED {
            return Ok(Fetched::NotModified);
        }
        if !status.is_success() {
            return Err(FetchError::Status(status.as_u16()));
        }
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
                .map(str::to_string)
        };
        let validators = Validators {
            etag: header(ETAG),
            last_modified: header(LAST_MODIFIED),
        };
        if response
            .content_length()
            .is_some_and(|n| n > self.max_bytes as u64)
        {
            return Err(FetchError::TooLarge(self.max_bytes));
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = response.chunk().await? {
            if bytes.len() + chunk.len() > self.max_bytes {
                return Err(FetchError::TooLarge(self.max_bytes));
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(Fetched::Body { bytes, validators })
    }

    /// The product token robots.txt rules name (`herald-wire` of `herald-wire/0.1.0`).
    fn agent(&self) -> &str {
        self.user_agent.split('/').next().unwrap_or_default()
    }

    /// GETs a linked article page when its host's robots.txt allows this agent to.
    pub async fn page(&self, url: &Url) -> Result<Vec<u8>, FetchError> {
        let robot = self.robots_of(url).await?;
        if robot.is_some_and(|r| !r.allowed(url.as_str())) {
            return Err(FetchError::Disallowed(url.to_string()));
        }
        match self.get(url, &Validators::default()).await? {
            Fetched::Body { bytes, .. } => Ok(bytes),
            Fetched::NotModified => Err(FetchError::Status(304)),
        }
    }

    /// The robots.txt rules of `url`'s host, fetched once. No file (4xx): everything is
    /// allowed; a server error or timeout: nothing is fetched now, and it is asked again.
    async fn robots_of(&self, url: &Url) -> Result<Option<Arc<Robot>>, FetchError> {
        let origin = url.origin().ascii_serialization();
        let cell = {
            let mut robots = self.robots.lock().expect("robots lock");
            robots.entry(origin.clone()).or_default().clone()
        };
        let rules = cell.get_or_try_init(|| self.fetch_robots(&origin)).await?;
        Ok(rules.clone())
    }

    async fn fetch_robots(&self, origin: &str) -> Result<Option<Arc<Robot>>, FetchError> {
        let file = Url::parse(&format!("{origin}/robots.txt"))
            .map_err(|e| FetchError::Http(e.to_string()))?;
        match self.get(&file, &Validators::default()).await {
            Ok(Fetched::Body { bytes, .. }) => {
                Ok(Robot::new(self.agent(), &bytes).ok().map(Arc::new))
            }
            Err(FetchError::Status(s)) if (400..500).contains(&s) => Ok(None),
            Ok(Fetched::NotModified) => Ok(None),
            Err(e) => Err(e),
        }
    }
}
