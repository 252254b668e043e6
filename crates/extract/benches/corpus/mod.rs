//! The benchmarks' corpus: the GMB bench articles (`../shared/eval/bench/articles_gmb_dev.jsonl`),
//! or the team's `seeds/` when that file is absent; `HERALD_BENCH_ARTICLES` overrides the path.

use std::path::Path;

use herald_model::RawArticle;

pub fn corpus() -> Vec<RawArticle> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let limits = Default::default();
    let lines = |bytes: &[u8]| -> Vec<RawArticle> {
        bytes
            .split(|&b| b == b'\n')
            .filter_map(|l| RawArticle::decode(l, &limits).ok())
            .collect()
    };
    // HERALD_BENCH_ARTICLES names the file where the worktree is not beside `shared/`.
    let bench = std::env::var_os("HERALD_BENCH_ARTICLES").map_or_else(
        || root.join("../shared/eval/bench/articles_gmb_dev.jsonl"),
        Into::into,
    );
    if let Ok(bytes) = std::fs::read(&bench) {
        return lines(&bytes);
    }
    eprintln!("{} is absent: benchmarking on seeds/", bench.display());
    let mut out = Vec::new();
    for entry in std::fs::read_dir(root.join("seeds")).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        match path.extension().and_then(|e| e.to_str()) {
            Some("json") => out.extend(RawArticle::decode(&bytes, &limits).ok()),
            Some("jsonl") => out.extend(lines(&bytes)),
            _ => {}
        }
    }
    out
}
