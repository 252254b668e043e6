//! Helpers shared by the end-to-end tests: the repository, temp folders, running `herald`.
#![allow(dead_code)] // each test file uses its own subset

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

pub mod kafka;

/// The repository's root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// A fresh, empty folder for one test.
pub fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("herald-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the built `herald` from the repository's root, with `stdin` piped in.
pub fn herald(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_herald"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(bytes) = stdin {
        input.write_all(bytes).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
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
    let out = herald(&["run", "-"], Some(record.to_string().as_bytes()));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut articles = records(&out);
    assert_eq!(articles.len(), 1);
    articles.pop()
}
