//! Trains the entity tagger (`crates/extract/src/entities/tagger.rs`): an averaged perceptron
//! over the features the `entities` stage computes, on documents in the evaluation format
//! (`{"id", "text", "entities": [{"start", "end", "label"}]}`, character offsets).
//!
//! cargo run --release -p herald-extract --example train_ner -- \
//!     --train config/models/data/gum_train.jsonl --dev config/models/data/gum_dev.jsonl \
//!     --out config/models/ner.bin [--epochs 12] [--log2 18]
//!
//! Deterministic: the same inputs give the same model file. See `config/models/README.md`.

use std::collections::BTreeMap;

use herald_extract::entities::tagger::{self, Features, Trainer};
use herald_extract::entities::Entities;
use herald_extract::sentences::Sentences;
use herald_extract::Limits;
use herald_model::Label;

struct Doc {
    fx: Features,
    gold: Vec<u8>,
    /// Gold names as token spans.
    names: Vec<(usize, usize, Label)>,
}

fn label(s: &str) -> Option<Label> {
    match s {
        "PER" => Some(Label::Per),
        "ORG" => Some(Label::Org),
        "LOC" => Some(Label::Loc),
        "MISC" => Some(Label::Misc),
        _ => None,
    }
}

fn load(path: &str, stage: &Entities, sentences: &Sentences, lost: &mut usize) -> Vec<Doc> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut docs = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("a JSON document a line");
        let body = v["text"].as_str().expect("text");
        let starts: Vec<usize> = sentences.split(body).iter().map(|s| s.start).collect();
        let (tokens, fx) = stage.tagger_features(body, &starts);
        // Character → byte offsets.
        let mut byte_of: Vec<usize> = body.char_indices().map(|(b, _)| b).collect();
        byte_of.push(body.len());
        let mut gold = vec![0u8; tokens.len()];
        let mut names = Vec::new();
        for e in v["entities"].as_array().expect("entities") {
            let Some(l) = e["label"].as_str().and_then(label) else {
                continue;
            };
            let s = byte_of[e["start"].as_u64().unwrap() as usize];
            let t = byte_of[e["end"].as_u64().unwrap() as usize];
            let first = tokens.iter().position(|&(a, b)| a >= s && b <= t);
            let Some(first) = first else {
                *lost += 1;
                continue;
            };
            let mut end = first;
            while end < tokens.len() && tokens[end].1 <= t {
                end += 1;
            }
            if tokens[first].0 != s || tokens[end - 1].1 != t {
                *lost += 1;
            }
            for (k, g) in gold.iter_mut().enumerate().take(end).skip(first) {
                *g = tagger::tag_of(l, k == first);
            }
            names.push((first, end, l));
        }
        docs.push(Doc { fx, gold, names });
    }
    docs
}

/// Per-label (tp, fp, fn) of the tagger alone on `docs`.
fn score(model: &tagger::Model, docs: &[Doc]) -> BTreeMap<String, (usize, usize, usize)> {
    let mut out: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    for d in docs {
        let pred = tagger::spans(&model.tag(&d.fx));
        for (set, other, which) in [(&pred, &d.names, 0), (&d.names, &pred, 1)] {
            for s in set {
                let key = format!("{:?}", s.2).to_uppercase();
                let hit = other.contains(s);
                for k in [key, "ALL".to_string()] {
                    let e = out.entry(k).or_default();
                    match (which, hit) {
                        (0, true) => e.0 += 1,
                        (0, false) => e.1 += 1,
                        (_, false) => e.2 += 1,
                        _ => {}
                    }
                }
            }
        }
    }
    out
}

fn report(name: &str, s: &BTreeMap<String, (usize, usize, usize)>) {
    for (k, &(tp, fp, fn_)) in s {
        let p = tp as f64 / (tp + fp).max(1) as f64;
        let r = tp as f64 / (tp + fn_).max(1) as f64;
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        eprintln!("  {name} {k:5} P {p:.3} R {r:.3} F1 {f:.3}  (tp {tp} fp {fp} fn {fn_})");
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let train_path = arg("--train").expect("--train FILE");
    let dev_path = arg("--dev");
    let out = arg("--out").expect("--out FILE");
    let epochs: usize = arg("--epochs").map_or(12, |e| e.parse().expect("--epochs N"));
    let log2: u32 = arg("--log2").map_or(18, |e| e.parse().expect("--log2 N"));

    let stage = Entities::new(&Default::default()).expect("the shipped knowledge parses");
    let sentences = Sentences::new(&Limits::default()).expect("sentence rules");
    let mut lost = 0;
    let mut train = Vec::new();
    for p in train_path.split(',') {
        train.extend(load(p, &stage, &sentences, &mut lost));
    }
    let dev = dev_path.map_or_else(Vec::new, |p| load(&p, &stage, &sentences, &mut lost));
    let names: usize = train.iter().map(|d| d.names.len()).sum();
    let uncovered: usize = train
        .iter()
        .map(|d| {
            let cand: std::collections::HashSet<u32> = d.fx.token.iter().copied().collect();
            d.names
                .iter()
                .filter(|n| (n.0..n.1).any(|k| !cand.contains(&(k as u32))))
                .count()
        })
        .sum();
    eprintln!(
        "train: {} documents, {names} names ({uncovered} not wholly on candidate tokens), \
         {lost} names off token boundaries; dev: {} documents",
        train.len(),
        dev.len()
    );

    let mut trainer = Trainer::new(log2);
    // A fixed shuffle per epoch (xorshift), so runs are reproducible.
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    for epoch in 0..epochs {
        for i in (1..order.len()).rev() {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            order.swap(i, (seed % (i as u64 + 1)) as usize);
        }
        let (mut n, mut errors) = (0, 0);
        for &i in &order {
            let (a, b) = trainer.train(&train[i].fx, &train[i].gold);
            n += a;
            errors += b;
        }
        eprintln!(
            "epoch {}: {errors} errors in {n} candidate tokens",
            epoch + 1
        );
    }
    let weights = trainer.averaged();
    let bytes = tagger::Model::to_bytes(trainer.log2(), &weights);
    let model = tagger::Model::from_bytes(&bytes).expect("the model just written reads");
    report("train", &score(&model, &train));
    if !dev.is_empty() {
        report("dev", &score(&model, &dev));
    }
    std::fs::write(&out, &bytes).unwrap_or_else(|e| panic!("{out}: {e}"));
    eprintln!("wrote {out}: {} bytes", bytes.len());
}
