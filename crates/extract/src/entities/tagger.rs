//! A learned tagger for names the lists do not know: an averaged perceptron over hashed
//! features of each token (its form, shape, affixes, neighbours, sentence position, the
//! knowledge-base names and word lists it belongs to, and what the rules made of it), decoded
//! greedily left to right into BIO tags for PER, ORG, LOC and MISC.
//!
//! Only *candidate* tokens are tagged: capitalised words, words inside a rule mention or a
//! knowledge-base name, and connectors ("of", "and", "de") between them. Everything else is
//! outside any name, which keeps the tagger cheap (a few percent of a news text's tokens).
//!
//! The model is trained by `crates/extract/examples/train_ner.rs` (see `config/models/README.md`)
//! and read from `config/models/ner.bin`: the header `HNER`, format version, log2 of the bucket
//! count, the tag count and the dequantisation scale, then the weights as little-endian i16,
//! tag-minor.

use herald_model::Label;

use super::gazetteer::{Entry, Knowledge};
use super::rules::{Doc, Mention, Rules, Strength};
use super::tokens::Shape;

/// O, then B and I of PER, ORG, LOC, MISC.
pub const TAGS: usize = 9;
const LABELS: [Label; 4] = [Label::Per, Label::Org, Label::Loc, Label::Misc];

pub fn tag_of(label: Label, begin: bool) -> u8 {
    let k = LABELS.iter().position(|&l| l == label).unwrap_or(3) as u8;
    1 + 2 * k + u8::from(!begin)
}

/// The label of a tag and whether it begins a name; `None` for O.
pub fn label_of_tag(tag: u8) -> Option<(Label, bool)> {
    (tag > 0).then(|| (LABELS[((tag - 1) / 2) as usize], (tag - 1) % 2 == 0))
}

/// Name spans `(start, end, label)` of BIO tags.
pub fn spans(tags: &[u8]) -> Vec<(usize, usize, Label)> {
    let mut out = Vec::new();
    let mut k = 0;
    while k < tags.len() {
        match label_of_tag(tags[k]) {
            Some((label, _)) => {
                let mut e = k + 1;
                while e < tags.len() && label_of_tag(tags[e]).is_some_and(|(l, b)| l == label && !b)
                {
                    e += 1;
                }
                out.push((k, e, label));
                k = e;
            }
            None => k += 1,
        }
    }
    out
}

/// I-X may only follow B-X or I-X.
fn allowed(prev: u8, tag: u8) -> bool {
    tag == 0 || (tag - 1) % 2 == 0 || (prev > 0 && (prev - 1) / 2 == (tag - 1) / 2)
}

const MAGIC: &[u8; 4] = b"HNER";
const VERSION: u32 = 1;

/// The weights of the perceptron, dequantised.
pub struct Model {
    mask: u64,
    weights: Vec<f32>,
}

impl Model {
    /// Reads a model file; an empty model (no buckets) tags nothing.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, String> {
        let u32_at = |o: usize| -> Result<u32, String> {
            bytes
                .get(o..o + 4)
                .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .ok_or_else(|| "truncated header".to_string())
        };
        if bytes.get(..4) != Some(MAGIC) {
            return Err("not a Herald tagger model (no HNER header)".into());
        }
        if u32_at(4)? != VERSION {
            return Err(format!("model format {} (expected {VERSION})", u32_at(4)?));
        }
        let log2 = u32_at(8)?;
        let tags = u32_at(12)? as usize;
        let scale = f32::from_bits(u32_at(16)?);
        if tags != TAGS || log2 > 26 {
            return Err(format!("model with {tags} tags and 2^{log2} buckets"));
        }
        if log2 == 0 {
            return Ok(Self {
                mask: 0,
                weights: Vec::new(),
            });
        }
        let n = (1usize << log2) * TAGS;
        let body = bytes.get(20..20 + 2 * n).ok_or("truncated weights")?;
        let weights = body
            .chunks_exact(2)
            .map(|c| f32::from(i16::from_le_bytes([c[0], c[1]])) * scale)
            .collect();
        Ok(Self {
            mask: (1u64 << log2) - 1,
            weights,
        })
    }

    /// The model file of `weights` (`2^log2 * TAGS` of them).
    pub fn to_bytes(log2: u32, weights: &[f32]) -> Vec<u8> {
        let max = weights.iter().fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let mut out = Vec::with_capacity(20 + 2 * weights.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&log2.to_le_bytes());
        out.extend_from_slice(&(TAGS as u32).to_le_bytes());
        out.extend_from_slice(&scale.to_bits().to_le_bytes());
        for w in weights {
            out.extend_from_slice(&((w / scale).round() as i16).to_le_bytes());
        }
        out
    }

    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    #[inline]
    fn add(&self, f: u64, scores: &mut [f32; TAGS]) {
        let b = (f & self.mask) as usize * TAGS;
        let w = &self.weights[b..b + TAGS];
        for (s, w) in scores.iter_mut().zip(w) {
            *s += w;
        }
    }

    /// The tags of a document's tokens (0 for tokens that are not candidates).
    pub fn tag(&self, fx: &Features) -> Vec<u8> {
        let mut tags = vec![0u8; fx.n_tokens];
        if self.is_empty() {
            return tags;
        }
        let mut scores = [0f32; TAGS];
        for run in &fx.runs {
            let mut prev = 0u8;
            for k in run.clone() {
                scores.fill(0.0);
                for &f in fx.of(k) {
                    self.add(f, &mut scores);
                }
                for f in dynamic(fx, k, prev) {
                    self.add(f, &mut scores);
                }
                let t = best(&scores, prev);
                tags[fx.token[k] as usize] = t;
                prev = t;
            }
        }
        tags
    }
}

fn best(scores: &[f32; TAGS], prev: u8) -> u8 {
    let mut best = 0u8;
    let mut top = f32::NEG_INFINITY;
    for (t, &s) in scores.iter().enumerate() {
        if s > top && allowed(prev, t as u8) {
            top = s;
            best = t as u8;
        }
    }
    best
}

/// Features that depend on the previous tag.
fn dynamic(fx: &Features, k: usize, prev: u8) -> [u64; 3] {
    let p = u64::from(prev);
    [
        mix(T_PREV, p),
        mix(T_PREV_WORD, mix(p, fx.lower[k])),
        mix(T_PREV_SHAPE, mix(p, fx.shape[k])),
    ]
}

/// A document's candidate tokens and their static features.
#[derive(Default)]
pub struct Features {
    pub n_tokens: usize,
    /// Runs of consecutive candidates, as ranges of candidate indexes.
    pub runs: Vec<std::ops::Range<usize>>,
    /// Token index of each candidate.
    pub token: Vec<u32>,
    /// Start of each candidate's features in `feats` (plus the end).
    offsets: Vec<u32>,
    feats: Vec<u64>,
    lower: Vec<u64>,
    shape: Vec<u64>,
}

impl Features {
    pub fn of(&self, k: usize) -> &[u64] {
        &self.feats[self.offsets[k] as usize..self.offsets[k + 1] as usize]
    }

    pub fn candidates(&self) -> usize {
        self.token.len()
    }
}

// Feature templates.
const T_BIAS: u64 = 1;
const T_WORD: u64 = 2;
const T_LOWER: u64 = 3;
const T_SUF2: u64 = 4;
const T_SUF3: u64 = 5;
const T_SUF4: u64 = 6;
const T_PRE3: u64 = 7;
const T_W_1: u64 = 8;
const T_W1: u64 = 9;
const T_W_2: u64 = 10;
const T_W2: u64 = 11;
const T_SHAPE: u64 = 12;
const T_SHAPE3: u64 = 13;
const T_SENT: u64 = 14;
const T_SENT_WORD: u64 = 15;
const T_COMMON: u64 = 16;
const T_KB: u64 = 17;
const T_NAMES: u64 = 18;
const T_TITLE_BEFORE: u64 = 19;
const T_HEAD: u64 = 20;
const T_RULE: u64 = 21;
const T_RULE_NEXT: u64 = 22;
const T_RULE_PREV: u64 = 23;
const T_RUN: u64 = 24;
const T_PREV: u64 = 25;
const T_PREV_WORD: u64 = 26;
const T_PREV_SHAPE: u64 = 27;
const T_SAID: u64 = 28;
const T_PREP: u64 = 29;
const T_W_1_SHAPE: u64 = 30;
const T_LOWER_IN_DOC: u64 = 31;
const T_RULE_WORD: u64 = 32;
const T_KB_WORD: u64 = 33;
const T_RUN_LAST: u64 = 34;
const T_RUN_FIRST: u64 = 35;
const T_W_1_W1: u64 = 36;

#[inline]
pub fn mix(a: u64, b: u64) -> u64 {
    let x = (a.rotate_left(29) ^ b).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x ^ (x >> 31)
}

fn hash_bytes(b: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(b)
}

/// Hash of the word with ASCII letters lower-cased.
fn hash_lower(w: &str) -> u64 {
    let b = w.as_bytes();
    if !b.iter().any(u8::is_ascii_uppercase) {
        return hash_bytes(b);
    }
    let mut buf = [0u8; 64];
    if b.len() <= buf.len() {
        for (o, c) in buf.iter_mut().zip(b) {
            *o = c.to_ascii_lowercase();
        }
        hash_bytes(&buf[..b.len()])
    } else {
        hash_bytes(w.to_ascii_lowercase().as_bytes())
    }
}

/// A finer shape than the rules': character classes with repeats collapsed ("Xx", "X.X.",
/// "Xx-Xx", "xX", "dd"), and a length bucket for short words.
fn shape_hash(w: &str) -> u64 {
    let mut h: u64 = 0;
    let mut last = 0u8;
    let mut n = 0;
    for c in w.chars() {
        let class = if c.is_uppercase() {
            b'X'
        } else if c.is_lowercase() {
            b'x'
        } else if c.is_numeric() {
            b'd'
        } else {
            match c {
                '.' | '-' | '\'' | '&' => c as u8,
                _ => b'o',
            }
        };
        if class != last {
            h = mix(h, u64::from(class));
            n += 1;
            last = class;
            if n > 6 {
                break;
            }
        }
    }
    let len = w.chars().count().min(5) as u64;
    mix(h, len)
}

fn suffix(w: &str, n: usize) -> &str {
    let mut idx = w.len();
    for (k, (i, _)) in w.char_indices().rev().enumerate() {
        idx = i;
        if k + 1 == n {
            break;
        }
    }
    &w[idx..]
}

fn prefix(w: &str, n: usize) -> &str {
    match w.char_indices().nth(n) {
        Some((i, _)) => &w[..i],
        None => w,
    }
}

/// Bits of what the knowledge base says of a token.
fn entry_bits(kb: &Knowledge, entries: u32) -> u32 {
    let mut bits = 0;
    for e in kb.entries_of(entries) {
        bits |= match e {
            Entry::Person(_) => 1,
            Entry::Org(_) => 2,
            Entry::Country(_) => 4,
            Entry::Admin1(_) => 8,
            Entry::Region(_) => 16,
            Entry::Demonym(_) => 32,
            Entry::Place(p) => match kb.places[*p as usize].population {
                0..=14_999 => 64,
                15_000..=199_999 => 128,
                _ => 256,
            },
        };
    }
    bits
}

const CONNECTORS: &[&str] = &[
    "of", "and", "&", "de", "for", "the", "du", "des", "la", "del",
];

/// Computes the candidates and their features. `mentions` are the rules' mentions after the
/// document-level passes.
pub fn features(doc: &Doc<'_>, kb: &Knowledge, rules: &Rules, mentions: &[Mention]) -> Features {
    let cx = Context::new(doc, kb, rules, mentions);
    let cand = cx.candidates();
    let n = doc.tokens.len();
    let mut fx = Features {
        n_tokens: n,
        offsets: vec![0],
        ..Features::default()
    };
    let mut k = 0;
    while k < n {
        if !cand[k] {
            k += 1;
            continue;
        }
        let start = k;
        while k < n && cand[k] && (k == start || doc.same_line(k - 1, k)) {
            k += 1;
        }
        let run = cx.run(start, k);
        let run_first = fx.token.len();
        for i in start..k {
            let sh = shape_hash(doc.word(i));
            cx.word_and_neighbours(&mut fx.feats, i, sh, &run);
            cx.lists(&mut fx.feats, i);
            cx.rules_and_run(&mut fx.feats, i, &run);
            fx.offsets.push(fx.feats.len() as u32);
            fx.token.push(i as u32);
            fx.lower.push(cx.lower[i]);
            fx.shape.push(sh);
        }
        fx.runs.push(run_first..fx.token.len());
    }
    fx
}

/// What the knowledge base, the rules and the document say of each token.
struct Context<'a> {
    doc: &'a Doc<'a>,
    kb: &'a Knowledge,
    rules: &'a Rules,
    /// Knowledge-base bits ([`entry_bits`]) of the names that begin at each token, and of
    /// those that go on through it.
    kb_b: Vec<u32>,
    kb_i: Vec<u32>,
    /// The rules' mention over each token ([`rule_codes`]).
    rule: Vec<u64>,
    /// Hash of each word lower-cased.
    lower: Vec<u64>,
    /// Lower-case forms seen in the document ("Police" at a sentence start, "police" later).
    lowered: rustc_hash::FxHashSet<u64>,
}

/// A run of consecutive candidates on one line, tokens `start..end`.
struct Run {
    start: usize,
    end: usize,
    /// The last word is an organisation head (1), a place head (2); a run of several words
    /// opens with a first name (4).
    head: u64,
}

impl<'a> Context<'a> {
    fn new(doc: &'a Doc<'a>, kb: &'a Knowledge, rules: &'a Rules, mentions: &[Mention]) -> Self {
        let n = doc.tokens.len();
        let mut kb_b = vec![0u32; n];
        let mut kb_i = vec![0u32; n];
        for h in doc.hits.iter().flatten() {
            let bits = entry_bits(kb, h.entries);
            kb_b[h.start] |= bits;
            for b in &mut kb_i[h.start + 1..h.end] {
                *b |= bits;
            }
        }
        let lower: Vec<u64> = (0..n).map(|k| hash_lower(doc.word(k))).collect();
        let lowered = (0..n)
            .filter(|&k| doc.tokens[k].shape == Shape::Lower)
            .map(|k| lower[k])
            .collect();
        let rule = rule_codes(mentions, n);
        Self {
            doc,
            kb,
            rules,
            kb_b,
            kb_i,
            rule,
            lower,
            lowered,
        }
    }

    /// Capitalised words, words in a rule mention or a knowledge-base name, and connectors
    /// between them ("Bank of England", "Bosnia and Herzegovina").
    fn candidates(&self) -> Vec<bool> {
        let (doc, toks, n) = (self.doc, self.doc.tokens, self.doc.tokens.len());
        let named = |k: usize| self.rule[k] != 0 || self.kb_b[k] != 0 || self.kb_i[k] != 0;
        let mut cand: Vec<bool> = (0..n)
            .map(|k| toks[k].is_capitalised() || named(k))
            .collect();
        for k in 1..n.saturating_sub(1) {
            if !cand[k] && cand[k - 1] && CONNECTORS.contains(&doc.word(k)) {
                let next = k + 1 + usize::from(doc.word(k + 1) == "the");
                if next < n && cand[next] && toks[next].is_capitalised() {
                    cand[k] = true;
                    if next == k + 2 {
                        cand[k + 1] = true;
                    }
                }
            }
        }
        cand
    }

    fn run(&self, start: usize, end: usize) -> Run {
        let (doc, rules) = (self.doc, self.rules);
        let last_word = doc.word(end - 1);
        let head = rules.is_org_head(last_word) as u64
            + 2 * rules.is_loc_head(last_word) as u64
            + 4 * (end - start > 1 && self.kb.first_names.contains(doc.word(start))) as u64;
        Run { start, end, head }
    }

    /// The lower-cased word at `k`, or a mark before the first word and after the last.
    fn word_at(&self, k: isize) -> u64 {
        match usize::try_from(k) {
            Err(_) => 0xB0,
            Ok(k) => self.lower.get(k).copied().unwrap_or(0xE0),
        }
    }

    /// The shape at `k` and whether it starts a sentence, or a mark outside the text.
    fn shape_at(&self, k: isize) -> u64 {
        match usize::try_from(k).ok().and_then(|k| self.doc.tokens.get(k)) {
            Some(t) => t.shape as u64 + 16 * u64::from(t.sentence_start),
            None => 0x5A,
        }
    }

    /// The word at `i`, its affixes and shape (`sh`), its neighbours, and its place in the
    /// sentence.
    fn word_and_neighbours(&self, f: &mut Vec<u64>, i: usize, sh: u64, run: &Run) {
        let (w, t, lw) = (self.doc.word(i), &self.doc.tokens[i], self.lower[i]);
        let (before, after) = (i as isize - 1, i as isize + 1);
        let (w_1, w1) = (self.word_at(before), self.word_at(after));
        f.push(mix(T_BIAS, 0));
        f.push(mix(T_WORD, hash_bytes(w.as_bytes())));
        f.push(mix(T_LOWER, lw));
        if w.len() > 3 {
            f.push(mix(T_SUF2, hash_lower(suffix(w, 2))));
            f.push(mix(T_SUF3, hash_lower(suffix(w, 3))));
            f.push(mix(T_SUF4, hash_lower(suffix(w, 4))));
            f.push(mix(T_PRE3, hash_lower(prefix(w, 3))));
        }
        f.push(mix(T_W_1, w_1));
        f.push(mix(T_W1, w1));
        f.push(mix(T_W_2, self.word_at(before - 1)));
        f.push(mix(T_W2, self.word_at(after + 1)));
        f.push(mix(T_W_1_W1, mix(w_1, w1)));
        f.push(mix(T_SHAPE, sh));
        let shape3 = mix(mix(self.shape_at(before), sh), self.shape_at(after));
        f.push(mix(T_SHAPE3, shape3));
        f.push(mix(T_W_1_SHAPE, mix(w_1, sh)));
        let first = u64::from(i == run.start);
        f.push(mix(T_SENT, u64::from(t.sentence_start) * 2 + first));
        if t.sentence_start {
            f.push(mix(T_SENT_WORD, lw));
        }
    }

    /// What the word lists and the knowledge base say of the word at `i`.
    fn lists(&self, f: &mut Vec<u64>, i: usize) {
        let (w, t, lw) = (self.doc.word(i), &self.doc.tokens[i], self.lower[i]);
        let (kb, rules) = (self.kb, self.rules);
        let common = u64::from(rules.is_common_word(w)) * 4
            + u64::from(t.sentence_start) * 2
            + u64::from(t.is_capitalised());
        f.push(mix(T_COMMON, common));
        if t.shape != Shape::Lower && self.lowered.contains(&lw) {
            f.push(mix(T_LOWER_IN_DOC, u64::from(t.sentence_start)));
        }
        for (bits, inside) in [(self.kb_b[i], 0u64), (self.kb_i[i], 1)] {
            let mut b = bits;
            while b != 0 {
                let bit = b.trailing_zeros() as u64;
                b &= b - 1;
                f.push(mix(T_KB, bit * 2 + inside));
            }
        }
        let bits = self.kb_b[i] | self.kb_i[i];
        if bits != 0 {
            f.push(mix(T_KB_WORD, mix(u64::from(bits), lw)));
        }
        let names = u64::from(kb.first_names.contains(w))
            + 2 * u64::from(kb.ambiguous_first_names.contains(w))
            + 4 * u64::from(kb.surnames.contains_key(w));
        if names != 0 {
            f.push(mix(T_NAMES, names));
        }
        if i > 0 && rules.is_title_word(self.doc.word(i - 1)) {
            f.push(mix(T_TITLE_BEFORE, 1));
        }
        let own_head = rules.is_org_head(w) as u64 + 2 * rules.is_loc_head(w) as u64;
        if own_head != 0 {
            f.push(mix(T_HEAD, own_head));
        }
    }

    /// What the rules made of the word at `i` and its neighbours, and its place in its run.
    fn rules_and_run(&self, f: &mut Vec<u64>, i: usize, run: &Run) {
        let (doc, n, rule, lw) = (self.doc, self.doc.tokens.len(), &self.rule, self.lower[i]);
        f.push(mix(T_RULE, rule[i]));
        f.push(mix(T_RULE_WORD, mix(rule[i], lw)));
        f.push(mix(T_RULE_PREV, if i > 0 { rule[i - 1] } else { 99 }));
        f.push(mix(T_RULE_NEXT, if i + 1 < n { rule[i + 1] } else { 99 }));
        let (first, last) = (u64::from(i == run.start), u64::from(i + 1 == run.end));
        let run_len = (run.end - run.start).min(5) as u64;
        f.push(mix(T_RUN, run_len * 2 + first));
        f.push(mix(T_RUN_LAST, mix(run.head, last)));
        f.push(mix(T_RUN_FIRST, mix(self.lower[run.start], first)));
        if i + 1 < n && self.rules.is_said(doc.word(i + 1)) {
            f.push(mix(T_SAID, 1));
        }
        if run.start > 0 && self.rules.is_loc_prep(doc.word(run.start - 1)) {
            f.push(mix(T_PREP, self.lower[run.start - 1]));
        }
    }
}

/// What the rules' mentions say of each of `n` tokens: 0 outside them; else 1 + (label 0..4)
/// * 16 + strength * 4 + (not the first word) * 2 + (has knowledge-base entries).
fn rule_codes(mentions: &[Mention], n: usize) -> Vec<u64> {
    let mut rule = vec![0u64; n];
    for m in mentions {
        let label = m
            .label
            .map_or(4, |l| LABELS.iter().position(|&x| x == l).unwrap_or(3));
        let strength = match m.strength {
            Strength::Candidate => 0,
            Strength::Weak => 1,
            Strength::Strong => 2,
        };
        for (k, r) in rule.iter_mut().enumerate().take(m.end).skip(m.start) {
            *r = 1
                + (label as u64) * 16
                + strength * 4
                + u64::from(k > m.start) * 2
                + u64::from(m.entries.is_some());
        }
    }
    rule
}

/// Averaged-perceptron training over [`Features`] with gold tags.
pub struct Trainer {
    log2: u32,
    mask: u64,
    w: Vec<f32>,
    total: Vec<f64>,
    stamp: Vec<u32>,
    now: u32,
}

impl Trainer {
    pub fn new(log2: u32) -> Self {
        let n = (1usize << log2) * TAGS;
        Self {
            log2,
            mask: (1u64 << log2) - 1,
            w: vec![0.0; n],
            total: vec![0.0; n],
            stamp: vec![0; n],
            now: 0,
        }
    }

    fn scores(&self, feats: &[u64], dynamic: &[u64]) -> [f32; TAGS] {
        let mut s = [0f32; TAGS];
        for &f in feats.iter().chain(dynamic) {
            let b = (f & self.mask) as usize * TAGS;
            for (t, x) in s.iter_mut().enumerate() {
                *x += self.w[b + t];
            }
        }
        s
    }

    fn update(&mut self, feats: &[u64], dynamic: &[u64], tag: u8, delta: f32) {
        for &f in feats.iter().chain(dynamic) {
            let i = (f & self.mask) as usize * TAGS + tag as usize;
            self.total[i] += f64::from(self.now - self.stamp[i]) * f64::from(self.w[i]);
            self.stamp[i] = self.now;
            self.w[i] += delta;
        }
    }

    /// One pass over a document; returns (tokens, errors) among candidates.
    pub fn train(&mut self, fx: &Features, gold: &[u8]) -> (usize, usize) {
        let mut errors = 0;
        for run in &fx.runs {
            let mut prev = 0u8;
            for k in run.clone() {
                self.now += 1;
                let dynamic = dynamic(fx, k, prev);
                let s = self.scores(fx.of(k), &dynamic);
                let guess = best(&s, prev);
                let truth = gold[fx.token[k] as usize];
                if guess != truth {
                    errors += 1;
                    self.update(fx.of(k), &dynamic, truth, 1.0);
                    self.update(fx.of(k), &dynamic, guess, -1.0);
                }
                // Follow the gold path: the features of the next token see the true tag.
                prev = truth;
            }
        }
        (fx.candidates(), errors)
    }

    /// The averaged weights.
    pub fn averaged(&self) -> Vec<f32> {
        let now = f64::from(self.now.max(1));
        self.w
            .iter()
            .zip(&self.total)
            .zip(&self.stamp)
            .map(|((&w, &t), &s)| ((t + f64::from(self.now - s) * f64::from(w)) / now) as f32)
            .collect()
    }

    pub fn log2(&self) -> u32 {
        self.log2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_files_round_trip_and_tags_make_spans() {
        let weights: Vec<f32> = (0..2 * TAGS).map(|i| i as f32 - 4.0).collect();
        let bytes = Model::to_bytes(1, &weights);
        let model = Model::from_bytes(&bytes).unwrap();
        for (a, b) in model.weights.iter().zip(&weights) {
            assert!((a - b).abs() < 1e-3, "{a} {b}");
        }
        assert!(Model::from_bytes(b"HNER").is_err());
        assert!(Model::from_bytes(BUILTIN_HEADER_ONLY).unwrap().is_empty());
        let per = tag_of(Label::Per, true);
        let org = tag_of(Label::Org, true);
        let tags = [0, per, per + 1, 0, org, org + 1, org + 1, per];
        assert_eq!(
            spans(&tags),
            vec![(1, 3, Label::Per), (4, 7, Label::Org), (7, 8, Label::Per)]
        );
        assert!(!allowed(0, org + 1) && allowed(org, org + 1) && !allowed(per, org + 1));
    }

    const BUILTIN_HEADER_ONLY: &[u8] = b"HNER\x01\0\0\0\0\0\0\0\x09\0\0\0\0\0\x80\x3f";
}
