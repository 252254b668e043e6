//! Duplicate detection against a bounded window of recent articles: exact repeats by a hash
//! of the normalised words, near-copies (rewritten wire copies) by MinHash over word
//! shingles with LSH banding. Memory is bounded by the window size however long the run.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use serde::Deserialize;
use xxhash_rust::xxh3::xxh3_64;

use crate::text::{tokenize, Doc, Token};
use crate::{Stage, StageError};

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DuplicatesConfig {
    /// Distinct articles remembered.
    pub window: usize,
    /// Estimated Jaccard similarity at and above which an article is a near-copy.
    pub threshold: f64,
    /// Words per shingle.
    pub shingle_words: usize,
}

impl Default for DuplicatesConfig {
    fn default() -> Self {
        Self {
            window: 50_000,
            threshold: 0.5,
            shingle_words: 3,
        }
    }
}

impl DuplicatesConfig {
    /// Checks the values (no I/O).
    pub fn validate(&self) -> Result<(), StageError> {
        crate::registry::unit_interval("duplicates", "threshold", self.threshold)?;
        if self.window == 0 || self.shingle_words == 0 {
            return Err(StageError::config(
                "duplicates",
                "duplicates.window and duplicates.shingle_words must be positive",
            ));
        }
        Ok(())
    }
}

/// MinHash signature length: BANDS × ROWS. With 32 bands of 4 rows a pair at Jaccard 0.5 is
/// a candidate with probability 1 − (1 − 0.5⁴)³² ≈ 0.87, at 0.6 ≈ 0.98.
const BANDS: usize = 32;
const ROWS: usize = 4;
const SIG: usize = BANDS * ROWS;

type Signature = [u64; SIG];

struct Entry {
    id: String,
    exact: u64,
    /// Only originals carry a signature and are indexed, so matches always name an original.
    signature: Option<Box<Signature>>,
    /// What this article was found to be, returned again when the same id comes back.
    verdict: Option<Verdict>,
}

/// The remembered articles. Entries are numbered in arrival order; the deque holds the
/// last `window` of them, the maps point at their numbers.
#[derive(Default)]
struct Window {
    entries: VecDeque<Entry>,
    first: u64,
    ids: HashMap<String, u64>,
    exact: HashMap<u64, u64>,
    bands: HashMap<u64, Vec<u64>>,
}

impl Window {
    fn get(&self, n: u64) -> Option<&Entry> {
        n.checked_sub(self.first)
            .and_then(|i| self.entries.get(i as usize))
    }

    fn push(&mut self, entry: Entry, capacity: usize) {
        let n = self.first + self.entries.len() as u64;
        self.ids.insert(entry.id.clone(), n);
        if entry.verdict.is_none() {
            self.exact.insert(entry.exact, n);
        }
        if let Some(sig) = &entry.signature {
            for key in band_keys(sig) {
                self.bands.entry(key).or_default().push(n);
            }
        }
        self.entries.push_back(entry);
        while self.entries.len() > capacity {
            self.evict();
        }
    }

    fn evict(&mut self) {
        let Some(old) = self.entries.pop_front() else {
            return;
        };
        let n = self.first;
        self.first += 1;
        if self.ids.get(&old.id) == Some(&n) {
            self.ids.remove(&old.id);
        }
        if self.exact.get(&old.exact) == Some(&n) {
            self.exact.remove(&old.exact);
        }
        if let Some(sig) = &old.signature {
            for key in band_keys(sig) {
                if let Some(list) = self.bands.get_mut(&key) {
                    list.retain(|&m| m != n);
                    if list.is_empty() {
                        self.bands.remove(&key);
                    }
                }
            }
        }
    }
}

pub struct Duplicates {
    config: DuplicatesConfig,
    window: Mutex<Window>,
}

/// What the detector decided about one text.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub duplicate_of: String,
    pub similarity: f64,
}

impl Duplicates {
    pub fn new(config: &DuplicatesConfig) -> Self {
        Self {
            config: config.clone(),
            window: Mutex::new(Window::default()),
        }
    }

    /// Checks `text` against the window and remembers it under `id`. An id seen before with
    /// the same words gets the verdict it had then, so a redelivered article is processed
    /// identically (replays stay idempotent) and is never its own duplicate.
    pub fn check(&self, id: &str, text: &str) -> Option<Verdict> {
        self.check_words(id, &word_hashes(text, &tokenize(text)))
    }

    /// [`Duplicates::check`] on the word hashes of the text.
    fn check_words(&self, id: &str, words: &[u64]) -> Option<Verdict> {
        let exact = words
            .iter()
            .fold(0x51_7C_C1_B7_27_22_0A_95, |h, &w| mix(h ^ w));
        // A poisoned lock only means another thread panicked mid-update; the window is
        // still a valid cache, so carry on with it.
        let mut window = self.window.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(seen) = window.ids.get(id).and_then(|&n| window.get(n)) {
            if seen.exact == exact {
                return seen.verdict.clone();
            }
        }
        let signature = self.signature(words);
        let verdict = self.find(&window, id, exact, signature.as_deref());
        let entry = Entry {
            id: id.to_string(),
            exact,
            signature: if verdict.is_none() { signature } else { None },
            verdict: verdict.clone(),
        };
        window.push(entry, self.config.window);
        verdict
    }

    /// The original that `id`'s text repeats, exactly or nearly, if any.
    fn find(
        &self,
        window: &Window,
        id: &str,
        exact: u64,
        signature: Option<&Signature>,
    ) -> Option<Verdict> {
        if let Some(entry) = window.exact.get(&exact).and_then(|&n| window.get(n)) {
            if entry.id != id {
                return Some(Verdict {
                    duplicate_of: entry.id.clone(),
                    similarity: 1.0,
                });
            }
        }
        let sig = signature?;
        let mut best: Option<(f64, u64)> = None;
        for key in band_keys(sig) {
            for &n in window.bands.get(&key).into_iter().flatten() {
                let Some(entry) = window.get(n).filter(|e| e.id != id) else {
                    continue;
                };
                let Some(other) = entry.signature.as_deref() else {
                    continue;
                };
                let sim = similarity(sig, other);
                if best.is_none_or(|(b, m)| sim > b || (sim == b && n < m)) {
                    best = Some((sim, n));
                }
            }
        }
        let (sim, n) = best.filter(|(s, _)| *s >= self.config.threshold)?;
        Some(Verdict {
            duplicate_of: window.get(n)?.id.clone(),
            similarity: (sim * 1000.0).round() / 1000.0,
        })
    }

    /// MinHash of the word shingles by one-permutation hashing: each shingle's hash picks one
    /// of the SIG bins and competes for its minimum, so a text costs one hash per shingle
    /// instead of SIG. Bins no shingle fell into borrow the value of a non-empty bin chosen
    /// by a probe sequence that depends only on the bin ("optimal densification", Shrivastava
    /// 2017), which keeps equal slots an unbiased estimate of the Jaccard similarity.
    /// `None` for texts too short to have a shingle.
    fn signature(&self, words: &[u64]) -> Option<Box<Signature>> {
        let k = self.config.shingle_words;
        if k == 0 || words.len() < k {
            return None;
        }
        let mut bins = [u64::MAX; SIG];
        for shingle in words.windows(k) {
            let h = shingle
                .iter()
                .fold(0x2545_F491_4F6C_DD1D, |h, &w| mix(h ^ w));
            let bin = bin_of(h);
            // The value is independent of the bits that chose the bin.
            let v = mix(h ^ 0x9E37_79B9_7F4A_7C15);
            bins[bin] = bins[bin].min(v);
        }
        let mut sig = Box::new(bins);
        for (i, slot) in sig.iter_mut().enumerate() {
            if *slot != u64::MAX {
                continue;
            }
            let mut probe = i as u64;
            let probed = (0..8 * SIG).find_map(|_| {
                probe = mix(probe.wrapping_add(SEED_PROBE));
                let j = bin_of(probe);
                (bins[j] != u64::MAX).then_some(bins[j])
            });
            // Past the probes (a text with very few shingles), the next non-empty bin.
            *slot = probed.unwrap_or_else(|| {
                (1..SIG)
                    .map(|d| bins[(i + d) % SIG])
                    .find(|&v| v != u64::MAX)
                    .expect("a text with a shingle fills a bin")
            });
        }
        Some(sig)
    }
}

impl Stage for Duplicates {
    fn name(&self) -> &'static str {
        "duplicates"
    }

    fn sequential(&self) -> bool {
        true
    }

    fn process(&self, doc: &mut Doc) -> Result<(), StageError> {
        let words = word_hashes(doc.body(), doc.tokens());
        if let Some(v) = self.check_words(&doc.article().id, &words) {
            let article = doc.article_mut();
            article.duplicate_of = Some(v.duplicate_of);
            article.similarity = Some(v.similarity);
        }
        Ok(())
    }
}

/// Hashes of the lowercased alphanumeric words: punctuation, case and spacing differences
/// between two copies of a story do not count.
fn word_hashes(text: &str, tokens: &[Token]) -> Vec<u64> {
    let mut lower = String::new();
    tokens
        .iter()
        .filter(|t| !t.is_punct())
        .map(|t| {
            let w = t.text(text);
            lower.clear();
            if w.is_ascii() {
                // The common case, without Unicode case tables.
                lower.push_str(w);
                lower.make_ascii_lowercase();
            } else {
                lower.extend(w.chars().flat_map(char::to_lowercase));
            }
            xxh3_64(lower.as_bytes())
        })
        .collect()
}

/// The signature bin a hash falls into, from its high bits.
fn bin_of(h: u64) -> usize {
    ((u128::from(h) * SIG as u128) >> 64) as usize
}

/// Start of the densification probe sequence.
const SEED_PROBE: u64 = 0xD1B5_4A32_D192_ED03;

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 33)).wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    z = (z ^ (z >> 33)).wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    z ^ (z >> 33)
}

fn band_keys(sig: &Signature) -> impl Iterator<Item = u64> + '_ {
    sig.chunks_exact(ROWS)
        .enumerate()
        .map(|(band, rows)| rows.iter().fold(band as u64, |h, &r| mix(h ^ r)))
}

/// Share of equal slots: an unbiased estimate of the Jaccard similarity of the shingle sets.
fn similarity(a: &Signature, b: &Signature) -> f64 {
    a.iter().zip(b.iter()).filter(|(x, y)| x == y).count() as f64 / SIG as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<u64> {
        word_hashes(text, &tokenize(text))
    }

    const STORY: &str = "U.S. Secretary of State John Kerry and Russian Foreign Minister Sergei Lavrov \
        met in Geneva on Friday to negotiate a cease-fire in Syria that would allow humanitarian aid \
        to reach besieged towns. The talks lasted more than twelve hours, officials said, and ended \
        with an agreement to coordinate air strikes against militant groups. Mr. Kerry said the plan \
        could reduce violence if both sides honoured it, while Mr. Lavrov said Moscow would press the \
        Syrian government to comply. Opposition groups were sceptical of the deal.";

    fn dedup() -> Duplicates {
        Duplicates::new(&DuplicatesConfig::default())
    }

    #[test]
    fn exact_repeat_with_other_spacing_and_case() {
        let d = dedup();
        assert_eq!(d.check("a", STORY), None);
        let v = d
            .check("b", &STORY.to_uppercase().replace(' ', "  "))
            .unwrap();
        assert_eq!((v.duplicate_of.as_str(), v.similarity), ("a", 1.0));
    }

    #[test]
    fn rewritten_copy_is_a_near_duplicate() {
        let d = dedup();
        d.check("a", STORY);
        let rewrite = STORY
            .replace("met in Geneva on Friday", "held talks in Geneva on Friday")
            .replace(
                "Opposition groups were sceptical of the deal.",
                "Syrian rebels doubted the accord would hold.",
            )
            .replace("officials said", "according to diplomats");
        let v = d.check("b", &rewrite).expect("near copy found");
        assert_eq!(v.duplicate_of, "a");
        assert!(
            v.similarity >= 0.5 && v.similarity < 1.0,
            "{}",
            v.similarity
        );
    }

    #[test]
    fn estimated_similarity_follows_the_shingle_overlap() {
        let d = dedup();
        // Two texts of distinct words sharing a run of `shared` words: with 3-word shingles,
        // shared − 2 shingles are common to both and each has its own `own` + 2 more.
        for (shared, own) in [(300, 100), (200, 200), (100, 300), (12, 4), (40, 400)] {
            let text = |tag: &str| {
                (0..shared)
                    .map(|j| format!("s{j}"))
                    .chain((0..own).map(|j| format!("{tag}{j}")))
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let (a, b) = (words(&text("a")), words(&text("b")));
            let common = (shared - 2) as f64;
            let jaccard = common / (common + 2.0 * (own as f64));
            let (sa, sb) = (d.signature(&a).unwrap(), d.signature(&b).unwrap());
            let estimate = similarity(&sa, &sb);
            assert!(
                (estimate - jaccard).abs() < 0.12,
                "{shared}/{own}: {estimate} vs {jaccard}"
            );
        }
    }

    #[test]
    fn a_short_text_has_a_full_signature() {
        let d = dedup();
        let sig = d.signature(&words("one two three four")).unwrap();
        assert!(sig.iter().all(|&v| v != u64::MAX));
        assert!(d.signature(&words("one two")).is_none());
        assert_eq!(
            similarity(&sig, &d.signature(&words("One, two; THREE four.")).unwrap()),
            1.0
        );
    }

    #[test]
    fn different_story_is_not_a_duplicate() {
        let d = dedup();
        d.check("a", STORY);
        let other = "Thousands of protesters marched through the capital on Saturday to demand \
            the resignation of the prime minister over a corruption scandal, police said. Riot \
            officers fired tear gas when a group tried to reach parliament.";
        assert_eq!(d.check("b", other), None);
    }

    #[test]
    fn a_redelivered_id_gets_the_verdict_it_had() {
        let d = dedup();
        assert_eq!(d.check("a", STORY), None);
        assert_eq!(d.check("a", STORY), None, "never its own duplicate");
        let first = d.check("b", STORY).unwrap();
        assert_eq!(
            d.check("b", STORY),
            Some(first),
            "the same verdict on replay"
        );
        // A third copy points at the original, not at the copy.
        assert_eq!(d.check("c", STORY).unwrap().duplicate_of, "a");
    }

    #[test]
    fn window_is_bounded_and_forgets_the_oldest() {
        let d = Duplicates::new(&DuplicatesConfig {
            window: 3,
            ..Default::default()
        });
        let text = |i: usize| {
            (0..60)
                .map(|j| format!("w{}", i * 1000 + j))
                .collect::<Vec<_>>()
                .join(" ")
        };
        for i in 0..10 {
            assert_eq!(d.check(&format!("id{i}"), &text(i)), None);
        }
        let w = d.window.lock().unwrap();
        assert_eq!(w.entries.len(), 3);
        assert_eq!((w.exact.len(), w.ids.len()), (3, 3));
        assert!(w.bands.values().all(|l| l.iter().all(|&n| n >= w.first)));
        assert!(w.bands.len() <= 3 * BANDS);
        drop(w);
        // The first story fell out of the window, so a copy of it is new again; the last is not.
        assert_eq!(d.check("again", &text(0)), None);
        assert_eq!(d.check("again9", &text(9)).unwrap().duplicate_of, "id9");
    }
}
