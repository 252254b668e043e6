//! Helpers shared by the end-to-end tests: the repository, temp folders, running `herald`.
#![allow(dead_code)] // each test file uses its own subset

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Output, Stdio};

use serde_json::{json, Value};

pub mod browser;
pub mod http;
pub mod kafka;

/// The repository's root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// Set to `1` to keep the folder of a failed test (its path is printed).
pub const KEEP_DIRS: &str = "HERALD_KEEP_TEST_DIRS";

/// A fresh, empty folder for one test, named `herald-test-NAME-*` in the temporary directory.
/// It is removed when dropped, whether the test passes or fails; a failed test's folder is
/// kept, and its path printed, when `HERALD_KEEP_TEST_DIRS=1`. Declare it before the
/// processes that write into it, so that they are stopped first.
pub struct TestDir(Option<tempfile::TempDir>);

pub fn tempdir(name: &str) -> TestDir {
    let dir = tempfile::Builder::new()
        .prefix(&format!("herald-test-{name}-"))
        .tempdir()
        .expect("creating a test folder");
    TestDir(Some(dir))
}

impl std::ops::Deref for TestDir {
    type Target = Path;

    fn deref(&self) -> &Path {
        self.0
            .as_ref()
            .expect("a test folder is only taken on drop")
            .path()
    }
}

impl AsRef<Path> for TestDir {
    fn as_ref(&self) -> &Path {
        self
    }
}

impl Drop for TestDir {
    fn drop(&mut self) {
        let Some(dir) = self.0.take() else { return };
        if !std::thread::panicking() {
            return; // TempDir removes itself
        }
        if std::env::var(KEEP_DIRS).as_deref() == Ok("1") {
            eprintln!(
                "test failed: its folder is kept at {}",
                dir.keep().display()
            );
        } else {
            eprintln!(
                "test failed: removing its folder {} ({KEEP_DIRS}=1 keeps it)",
                dir.path().display()
            );
        }
    }
}

/// A child process that is killed and reaped if the test ends (or fails) before it does.
pub struct Reaped(Option<Child>);

impl Reaped {
    pub fn new(child: Child) -> Self {
        Self(Some(child))
    }

    fn child(&mut self) -> &mut Child {
        self.0.as_mut().expect("taken only by wait_with_output")
    }

    pub fn id(&mut self) -> u32 {
        self.child().id()
    }

    pub fn take_stdin(&mut self) -> ChildStdin {
        self.child().stdin.take().expect("stdin is piped")
    }

    pub fn wait_with_output(mut self) -> Output {
        let child = self.0.take().expect("taken only here");
        child.wait_with_output().unwrap()
    }
}

impl Drop for Reaped {
    fn drop(&mut self) {
        if let Some(mut child) = self.0.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Runs the built `herald` from the repository's root, with `stdin` piped in.
pub fn herald(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Reaped::new(
        Command::new(env!("CARGO_BIN_EXE_herald"))
            .args(args)
            .current_dir(root())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut input = child.take_stdin();
    if let Some(bytes) = stdin {
        input.write_all(bytes).unwrap();
    }
    drop(input);
    child.wait_with_output()
}

/// [`herald`], which must succeed: a failure fails the test with its stderr.
pub fn herald_ok(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let out = herald(args, stdin);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The JSON records `herald` printed, one a line.
pub fn records(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The user's seed story (kept outside the repository, in `../shared/seeds/`), published on
/// Monday 5 September 2016 at noon UTC, through `herald run`; `None` when the file is absent.
pub fn seed_article() -> Option<Value> {
    let path = root().join("../shared/seeds/000_2e52c00e7977d0ac.txt");
    let Ok(body) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: {} is absent", path.display());
        return None;
    };
    let record =
        serde_json::json!({"id": "seed-000", "body": body, "published_at": "2016-09-05T12:00:00Z"});
    let out = herald_ok(&["run", "-"], Some(record.to_string().as_bytes()));
    let mut articles = records(&out);
    assert_eq!(articles.len(), 1);
    articles.pop()
}

/// The seed stories as `herald run` emits them: (title, body) to build many articles from.
pub fn seed_stories() -> Vec<(String, String)> {
    let out = herald_ok(&["run", "seeds"], None);
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            let text = |k: &str| v[k].as_str().unwrap_or_default().to_string();
            (text("title"), text("body"))
        })
        .collect()
}

/// Article `i` of a stream built from the seed stories: its own id, and a varied body so
/// that most are not near-copies of each other.
pub fn article(stories: &[(String, String)], prefix: &str, i: usize) -> String {
    let (title, body) = &stories[i % stories.len()];
    json!({
        "id": format!("{prefix}{i}"),
        "title": title,
        "body": format!("{body}\n\nReport {i} was filed at desk {} on line {}.", i % 97, i / 97),
    })
    .to_string()
}

/// The leak the memory checks must catch: 1 KB an article (holding each article, about
/// 3 KB, is three times that).
pub const LEAK_BYTES_PER_ARTICLE: f64 = 1024.0;
/// Heap growth an article above which a run fails: half of that leak.
pub const MAX_GROWTH_BYTES_PER_ARTICLE: f64 = LEAK_BYTES_PER_ARTICLE / 2.0;

/// Heap growth in bytes an article between two readings `(articles, heap bytes)` of a warm
/// process (every bounded structure full at the first).
pub fn growth_per_article(before: (usize, f64), after: (usize, f64)) -> f64 {
    (after.1 - before.1) / (after.0 - before.0) as f64
}

/// Fails the test when the heap grows with the articles.
pub fn assert_no_leak(who: &str, before: (usize, f64), after: (usize, f64)) {
    let growth = growth_per_article(before, after);
    eprintln!(
        "{who}: heap {:.2} -> {:.2} MB over articles {} -> {}: {growth:.0} bytes an article",
        before.1 / 1e6,
        after.1 / 1e6,
        before.0,
        after.0
    );
    assert!(
        growth <= MAX_GROWTH_BYTES_PER_ARTICLE,
        "{who}: the heap grows by {growth:.0} bytes an article (at most \
         {MAX_GROWTH_BYTES_PER_ARTICLE} allowed)"
    );
}

/// `herald serve` on a free loopback port over the store `db`; stopped when dropped.
pub struct Serve {
    _child: Reaped,
    /// `http://127.0.0.1:PORT`
    pub base: String,
}

impl Serve {
    pub fn start(db: &str) -> Self {
        use std::io::BufRead;
        let mut child = Command::new(env!("CARGO_BIN_EXE_herald"))
            .args(["serve", "--db", db, "--addr", "127.0.0.1:0"])
            .current_dir(root())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let child = Reaped::new(child);
        let mut lines = std::io::BufReader::new(stderr).lines();
        let base = loop {
            let line = lines
                .next()
                .expect("herald serve ended before listening")
                .unwrap();
            if let Some(url) = line.split("listening on ").nth(1) {
                break url.trim_end_matches('/').to_string();
            }
        };
        // Keep reading stderr so that the server never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Self {
            _child: child,
            base,
        }
    }

    pub fn get(&self, path: &str) -> http::Response {
        http::get(&format!("{}{path}", self.base))
    }
}

/// The seeds stored by `herald run seeds --store DB` into a SQLite file in `dir`.
pub fn stored_seeds(dir: &Path) -> String {
    let db = dir.join("herald.db").display().to_string();
    let out = herald_ok(&["run", "seeds", "--store", &db], None);
    assert!(
        out.stdout.is_empty(),
        "with --store and no --output, nothing on stdout"
    );
    db
}
