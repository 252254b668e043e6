//! Orthographic and context rules: capitalised sequences, titles, head words, first names,
//! sentence-initial words, and the knowledge-base names found in them, turned into labelled
//! mentions.

use herald_model::Label;
use rustc_hash::FxHashSet;
use serde::Deserialize;

use super::gazetteer::{Entry, Knowledge};
use super::tokens::{Shape, Token};
use crate::csv::entries;
use crate::vocabulary::SharedWords;
use crate::StageError;

type Set = FxHashSet<String>;

/// The word lists of `config/language/en_entities.toml`, with the shared word lists and the
/// knowledge base's title phrases and organisation head words added ([`Rules::parse`]).
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Rules {
    title_heads: Set,
    title_modifiers: Set,
    title_objects: Set,
    plural_titles: Set,
    org_heads: Set,
    org_heads_before_of: Set,
    loc_heads: Set,
    loc_heads_before_of: Set,
    loc_leads: Set,
    loc_preps: Set,
    place_preps: Set,
    said_verbs: Set,
    #[serde(rename = "name_particles")]
    particles: Set,
    connectors: Set,
    stop_words: Set,
    hyphen_suffixes: Set,
    misc_words: Set,
    not_names: Set,
    misc_first: Set,
    misc_last: Set,
    compass: Set,
    legal_suffixes: Set,
    stock_exchanges: Set,
    match_verbs: Set,
    match_words: Set,
    /// Lowercase role nouns before names ("spokesman", "envoy").
    #[serde(skip)]
    lower_titles: Set,
    /// Common lowercase English words.
    #[serde(skip)]
    words: Set,
}

/// How sure a rule is of a mention; document-level passes may overrule weak ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    /// A guess from shape alone, or a word that is only a candidate (sentence-initial).
    Candidate,
    Weak,
    Strong,
}

/// A labelled token range `[start, end)` (token indexes).
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    /// `None` for a candidate that is a name only if the document says so elsewhere.
    pub label: Option<Label>,
    pub subtype: Option<&'static str>,
    /// The knowledge-base entries the whole mention's text names.
    pub entries: Option<u32>,
    pub strength: Strength,
    /// A title stood before it ("Mr.", "President").
    pub titled: bool,
}

impl Mention {
    /// A labelled mention with no subtype, knowledge-base entries or title.
    pub(super) fn new(start: usize, end: usize, label: Label, strength: Strength) -> Self {
        Self {
            start,
            end,
            label: Some(label),
            subtype: None,
            entries: None,
            strength,
            titled: false,
        }
    }

    pub(super) fn subtype(self, subtype: Option<&'static str>) -> Self {
        Self { subtype, ..self }
    }

    pub(super) fn entries(self, entries: Option<u32>) -> Self {
        Self { entries, ..self }
    }

    pub(super) fn titled(self) -> Self {
        Self {
            titled: true,
            ..self
        }
    }
}

impl Rules {
    /// Parses the rule lists, the common words, and the knowledge base's title phrases and
    /// organisation head words (one a line).
    pub fn parse(
        toml_text: &str,
        words: &str,
        titles: &str,
        org_heads: &str,
    ) -> Result<Self, StageError> {
        let mut rules: Self = toml::from_str(toml_text)
            .map_err(|e| StageError::config("entities", format!("en_entities.toml: {e}")))?;
        let shared = SharedWords::english("entities")?;
        rules.said_verbs.extend(shared.speech_verbs);
        rules.particles.extend(shared.name_particles);
        rules
            .org_heads
            .extend(entries(org_heads).map(str::to_string));
        for phrase in entries(titles) {
            let words: Vec<&str> = phrase.split_whitespace().collect();
            if words.contains(&"of") {
                continue;
            }
            match words.as_slice() {
                [w] if w.starts_with(char::is_lowercase) => {
                    rules.lower_titles.insert(w.to_string());
                }
                [rest @ .., last] => {
                    if !rules.org_heads.contains(*last) {
                        rules.title_heads.insert(last.to_string());
                    }
                    for w in rest {
                        if !rules.org_heads.contains(*w) || rest.len() == 1 {
                            rules.title_modifiers.insert(w.to_string());
                        }
                    }
                }
                [] => {}
            }
        }
        rules.words = entries(words).map(str::to_string).collect();
        Ok(rules)
    }

    pub fn is_common_word(&self, word: &str) -> bool {
        if word.chars().all(|c| !c.is_uppercase()) {
            return self.words.contains(word);
        }
        self.words.contains(&word.to_lowercase())
    }

    pub fn is_said(&self, word: &str) -> bool {
        self.said_verbs.contains(word)
    }

    pub fn is_loc_prep(&self, word: &str) -> bool {
        self.loc_preps.contains(word)
    }

    pub fn is_org_head(&self, word: &str) -> bool {
        self.org_heads.contains(word) || self.legal_suffixes.contains(word)
    }

    pub fn is_legal_suffix(&self, word: &str) -> bool {
        self.legal_suffixes.contains(word)
    }

    pub fn is_stock_exchange(&self, word: &str) -> bool {
        self.stock_exchanges.contains(word)
    }

    /// A compass or position word that begins place names ("North", "Central").
    pub fn is_compass(&self, word: &str) -> bool {
        self.compass.contains(word)
    }

    /// A verb of a match report, between two sides ("beat", "drew").
    pub fn is_match_verb(&self, lower: &str) -> bool {
        self.match_verbs.contains(lower)
    }

    /// A word that says a sentence reports a match ("league", "goal").
    pub fn is_match_word(&self, lower: &str) -> bool {
        self.match_words.contains(lower)
    }

    pub fn is_loc_head(&self, word: &str) -> bool {
        self.loc_heads.contains(word)
    }

    /// A first word of place names ("River Fal", "Mount Kenya", "Port Harcourt").
    pub fn is_loc_lead(&self, word: &str) -> bool {
        self.loc_leads.contains(word)
    }

    /// A title before a name, capitalised ("President", "Mr.") or not ("spokesman").
    pub fn is_title_word(&self, word: &str) -> bool {
        self.title_heads.contains(word) || self.lower_titles.contains(word)
    }

    /// A word of a capitalised title ("Foreign", "Minister"): a span of only these is no name.
    pub fn is_title_part(&self, word: &str) -> bool {
        self.title_heads.contains(word) || self.title_modifiers.contains(word)
    }
}

/// A knowledge-base match by token indexes.
#[derive(Debug, Clone, Copy)]
pub struct TokHit {
    pub start: usize,
    pub end: usize,
    pub entries: u32,
}

/// Everything the recogniser looks at for one document.
pub struct Doc<'a> {
    pub text: &'a str,
    pub tokens: &'a [Token],
    /// Knowledge-base hits starting at each token, longest first.
    pub hits: Vec<Vec<TokHit>>,
}

impl<'a> Doc<'a> {
    pub fn word(&self, i: usize) -> &str {
        self.tokens[i].text(self.text)
    }

    /// The text a mention covers.
    pub fn text_of(&self, m: &Mention) -> &'a str {
        &self.text[self.tokens[m.start].start..self.tokens[m.end - 1].end]
    }

    /// Where a wire dateline may start: at the text's first token, or at its second
    /// sentence's when a headline was written before the body ("Crash injures two. ROSWELL -
    /// A man ...").
    fn dateline_starts(&self) -> [Option<usize>; 2] {
        let second = self
            .tokens
            .iter()
            .take(HEADLINE_TOKENS)
            .skip(1)
            .position(|t| t.sentence_start);
        let after_headline = second
            .map(|p| p + 1)
            .filter(|&k| matches!(self.word(k - 1), "." | "!" | "?"));
        [Some(0), after_headline]
    }

    /// Tokens `[start, end)` are a wire dateline's place: capitals that open the text or its
    /// second sentence ([`Doc::dateline_starts`]), then on their line and within a few tokens
    /// the credit's parenthesis or a dash, a hyphen only spaced ("GENEVA (Reuters) —", "KIEV,
    /// Jan 31 (EuroWire) -", "NEW YORK, May 3 —", "FALLS VILLAGE—The"; not "EU, US agree"
    /// nor "EU-US talks").
    pub fn opens_dateline(&self, start: usize, end: usize) -> bool {
        let capitals = |i: usize| {
            let w = self.word(i);
            w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_lowercase)
        };
        let mark = |i: usize| match self.word(i) {
            "(" | "—" | "–" => true,
            "-" => !self.adjacent(i - 1, i),
            _ => false,
        };
        end > start
            && end < self.tokens.len()
            && start < HEADLINE_TOKENS
            && (start..end).all(capitals)
            && (end..self.tokens.len().min(end + 8))
                .take_while(|&i| self.same_line(start, i))
                .any(mark)
            && self.dateline_starts().contains(&Some(start))
    }

    /// The country or first-level division written right after token `end` ("Paris,
    /// Texas"): the longest name after the comma, if it is one.
    pub fn container_after(&self, kb: &Knowledge, end: usize) -> Option<Entry> {
        if end + 1 >= self.tokens.len() || self.word(end) != "," {
            return None;
        }
        let h = self.hits.get(end + 1)?.first()?;
        kb.entries_of(h.entries)
            .iter()
            .copied()
            .find(|e| matches!(e, Entry::Country(_) | Entry::Admin1(_)))
    }

    fn longest_hit(&self, i: usize, limit: usize) -> Option<TokHit> {
        self.hits.get(i)?.iter().find(|h| h.end <= limit).copied()
    }

    /// No line break between tokens `a` and `b` (a < b).
    pub fn same_line(&self, a: usize, b: usize) -> bool {
        !self.text[self.tokens[a].end..self.tokens[b].start].contains('\n')
    }

    fn adjacent(&self, a: usize, b: usize) -> bool {
        self.tokens[a].end == self.tokens[b].start
    }
}

/// The longest headline a dateline may follow, in tokens.
const HEADLINE_TOKENS: usize = 40;

/// What one entry-set says a name is, in order of preference.
pub fn label_of(kb: &Knowledge, entries: u32) -> (Label, Option<&'static str>) {
    let es = kb.entries_of(entries);
    let has = |f: fn(&Entry) -> bool| es.iter().any(f);
    if has(|e| matches!(e, Entry::Person(_))) {
        (Label::Per, None)
    } else if has(|e| matches!(e, Entry::Org(_))) {
        (Label::Org, None)
    } else if has(|e| matches!(e, Entry::Country(_))) {
        (Label::Loc, Some("country"))
    } else if has(|e| matches!(e, Entry::Admin1(_))) {
        (Label::Loc, Some("admin1"))
    } else if has(|e| matches!(e, Entry::Region(_))) {
        (Label::Loc, Some("region"))
    } else if has(|e| matches!(e, Entry::Demonym(_))) {
        (Label::Misc, Some("nationality"))
    } else {
        (Label::Loc, Some("city"))
    }
}

fn only_places(kb: &Knowledge, entries: u32) -> bool {
    kb.entries_of(entries)
        .iter()
        .all(|e| matches!(e, Entry::Place(_)))
}

pub fn max_population(kb: &Knowledge, entries: u32) -> u64 {
    kb.entries_of(entries)
        .iter()
        .filter_map(|e| match e {
            Entry::Place(p) => Some(kb.places[*p as usize].population),
            _ => None,
        })
        .max()
        .unwrap_or(0)
}

pub struct Recogniser<'k> {
    pub kb: &'k Knowledge,
    pub rules: &'k Rules,
}

impl Recogniser<'_> {
    /// The title run starting at token `i` within `[i, limit)`: its end, if it holds a head.
    fn title_run(&self, doc: &Doc<'_>, i: usize, limit: usize) -> Option<usize> {
        let r = self.rules;
        let mut k = i;
        let mut head = false;
        let mut end = None;
        while k < limit {
            let w = doc.word(k);
            // "Mr" "." as one title word.
            let dotted = k + 1 < doc.tokens.len()
                && doc.word(k + 1) == "."
                && doc.adjacent(k, k + 1)
                && r.title_heads.contains(&format!("{w}.") as &str);
            if dotted {
                head = true;
                k += 2;
                end = Some(k);
                continue;
            }
            if r.title_heads.contains(w) {
                head = true;
                k += 1;
                end = Some(k);
                continue;
            }
            if r.title_modifiers.contains(w) || (k > i && w.contains('-') && self.hyphen_title(w)) {
                k += 1;
                if head {
                    end = Some(k);
                }
                continue;
            }
            if head && w == "of" && k + 1 < limit && r.title_objects.contains(doc.word(k + 1)) {
                k += 2;
                // "Minister of Foreign Affairs", "Secretary of the Navy"
                while k < limit
                    && (r.title_objects.contains(doc.word(k))
                        || r.title_modifiers.contains(doc.word(k)))
                {
                    k += 1;
                }
                end = Some(k);
                continue;
            }
            break;
        }
        if head {
            end
        } else {
            None
        }
    }

    fn hyphen_title(&self, w: &str) -> bool {
        w.split('-')
            .all(|p| self.rules.title_heads.contains(p) || self.rules.title_modifiers.contains(p))
    }

    fn is_org_head(&self, w: &str) -> bool {
        self.rules.org_heads.contains(w)
    }

    fn is_name_token(&self, doc: &Doc<'_>, k: usize) -> bool {
        let t = &doc.tokens[k];
        if !t.is_capitalised() {
            return false;
        }
        let w = doc.word(k);
        if self.rules.stop_words.contains(w) {
            return false;
        }
        if self.rules.not_names.contains(w) {
            return false;
        }
        // "U.S.-led", "al-Qaida-linked": a hyphenated word ending in an ordinary word;
        // "Israeli-Palestinian", "U.S.-Russia": a compound of nationalities or countries.
        if let Some((head, last)) = w.rsplit_once('-') {
            if self.rules.hyphen_suffixes.contains(last) {
                return false;
            }
            if doc.hits.get(k).is_none_or(|h| h.is_empty())
                && [head, last].iter().any(|p| {
                    self.rules.misc_words.contains(*p)
                        || self.kb.lookup(p).is_some_and(|es| {
                            es.iter().any(|e| {
                                matches!(e, Entry::Country(_) | Entry::Demonym(_) | Entry::Org(_))
                            })
                        })
                })
            {
                return false;
            }
        }
        true
    }

    /// Finds the mentions of a document.
    pub fn recognise(&self, doc: &Doc<'_>) -> Vec<Mention> {
        let n = doc.tokens.len();
        let mut out: Vec<Mention> = Vec::new();
        let mut i = 0;
        // Set after "Messrs. Obama": the next name joined by "and" is a person too.
        let mut plural_persons = false;
        while i < n {
            let starts_hit = doc
                .longest_hit(i, n)
                .filter(|h| h.end > i + 1 || doc.tokens[i].is_capitalised());
            if !self.starts_name(doc, i, starts_hit) {
                if !matches!(doc.word(i), "and" | "," | "&") {
                    plural_persons = false;
                }
                i += 1;
                continue;
            }
            let j = self.chunk_end(doc, i, starts_hit.map_or(i + 1, |h| h.end));
            let before = out.len();
            let prev = self.prev_word(doc, i);
            let plural = plural_persons && matches!(prev, Some("and" | ","));
            self.chunk(doc, i, j, plural, &mut out);
            let last_titled_plural = out[before..]
                .last()
                .is_some_and(|m| m.titled && m.label == Some(Label::Per))
                && self.plural_title_before(doc, i);
            plural_persons = last_titled_plural || (plural && out.len() > before);
            i = j;
        }
        out
    }

    /// A name may start at token `i`, where the knowledge-base name `hit` starts, if any: a
    /// name token, a knowledge-base name (one of several words when it opens with a stop
    /// word), or a particle glued to a name token.
    fn starts_name(&self, doc: &Doc<'_>, i: usize, hit: Option<TokHit>) -> bool {
        let w = doc.word(i);
        self.is_name_token(doc, i)
            || hit.is_some_and(|h| !self.rules.stop_words.contains(w) || h.end > i + 1)
            || (self.rules.particles.contains(w)
                && i + 1 < doc.tokens.len()
                && doc.adjacent(i, i + 1)
                && self.is_name_token(doc, i + 1))
    }

    /// The end of the chunk of names that starts at token `i` and reaches `j` at least: it
    /// goes on as [`Recogniser::extend`] says, and past the end of a knowledge-base name that
    /// starts inside it.
    fn chunk_end(&self, doc: &Doc<'_>, i: usize, mut j: usize) -> usize {
        let n = doc.tokens.len();
        loop {
            let next = (j < n && doc.same_line(j - 1, j)).then(|| self.extend(doc, j));
            if let Some(next) = next.flatten() {
                j = next;
                continue;
            }
            let further = (i..j)
                .filter_map(|k| doc.longest_hit(k, n))
                .map(|h| h.end)
                .max()
                .filter(|&e| e > j);
            match further {
                Some(e) => j = e,
                None => return j,
            }
        }
    }

    /// Where a chunk that reaches token `j` (on the line of the token before) goes on to: past
    /// a name token or a regnal number, the period of a title abbreviation ("Mr."), a connector
    /// or particle before a name token, or a knowledge-base name; `None` when it ends at `j`.
    fn extend(&self, doc: &Doc<'_>, j: usize) -> Option<usize> {
        let (toks, n, wj) = (doc.tokens, doc.tokens.len(), doc.word(j));
        let name_next = || j + 1 < n && self.is_name_token(doc, j + 1);
        if self.is_name_token(doc, j)
            || (matches!(wj, "II" | "III" | "IV" | "VI" | "XVI" | "XXIII")
                && toks[j - 1].shape == Shape::Cap)
        {
            return Some(j + 1);
        }
        let title_head = || {
            let head = format!("{}.", doc.word(j - 1));
            self.rules.title_heads.contains(&head as &str)
        };
        if wj == "." && doc.adjacent(j - 1, j) && title_head() && name_next() {
            return Some(j + 1);
        }
        // A connector or particle, or two particles ("Pieter van der Merwe", "Maria de la
        // Cruz"), before a name token on the same line.
        let particle = |k: usize| k < n && self.rules.particles.contains(doc.word(k));
        let joins = self.rules.connectors.contains(wj) || particle(j);
        let name = if particle(j) && particle(j + 1) {
            j + 2
        } else {
            j + 1
        };
        if joins
            && wj != "and"
            && name < n
            && self.is_name_token(doc, name)
            && doc.same_line(j, name)
        {
            return Some(name + 1);
        }
        doc.longest_hit(j, n)
            .filter(|h| {
                (h.end > j + 1 || toks[j].is_capitalised()) && !self.rules.stop_words.contains(wj)
            })
            .map(|h| h.end)
    }

    fn plural_title_before(&self, doc: &Doc<'_>, i: usize) -> bool {
        (i.saturating_sub(3)..i).any(|k| {
            let w = doc.word(k);
            self.rules.plural_titles.contains(w)
                || (k + 1 < i
                    && doc.word(k + 1) == "."
                    && self.rules.plural_titles.contains(&format!("{w}.") as &str))
        })
    }

    fn prev_word<'d>(&self, doc: &'d Doc<'_>, i: usize) -> Option<&'d str> {
        (i > 0).then(|| doc.word(i - 1))
    }

    /// Splits and labels the capitalised chunk `[i, j)`.
    fn chunk(&self, doc: &Doc<'_>, i: usize, j: usize, plural: bool, out: &mut Vec<Mention>) {
        if i >= j {
            return;
        }
        let kb = self.kb;
        let whole = doc.longest_hit(i, j).filter(|h| h.end == j);

        // A title run inside the chunk: what follows it is a person, what precedes is its own
        // name ("U.S. Secretary of State John Kerry", "Russian Foreign Minister Sergei Lavrov").
        // A known person's name that starts with a title ("Pope Benedict XVI") loses it too;
        // any other known name keeps its words ("Lord's Resistance Army", "Saint Lucia").
        if whole.is_none_or(|h| {
            kb.entries_of(h.entries)
                .iter()
                .any(|e| matches!(e, Entry::Person(_)))
                && self.title_run(doc, i, j).is_some()
        }) {
            let mut k = i;
            while k < j {
                if let Some(e) = self.title_run(doc, k, j) {
                    let head_is_org = e < j && self.is_org_head(doc.word(e));
                    let next_is_org_head = self.is_org_head(doc.word(e - 1)) && e == j;
                    if !(head_is_org || next_is_org_head || (k == i && e == j && whole.is_some())) {
                        // The part before the title.
                        if k > i {
                            self.unit(doc, i, k, out);
                        }
                        if e < j {
                            self.person_after_title(doc, e, j, out);
                        }
                        return;
                    }
                }
                k += 1;
            }
        }

        if plural {
            out.push(Mention::new(i, j, Label::Per, Strength::Strong).titled());
            return;
        }
        self.unit(doc, i, j, out);
    }

    fn person_after_title(&self, doc: &Doc<'_>, i: usize, j: usize, out: &mut Vec<Mention>) {
        // A known organisation or place after a title is not a name ("Chief Justice ..." no):
        // "the Minister of Justice" stops earlier. Keep knowledge-base non-person exact hits.
        if let Some(h) = doc.longest_hit(i, j).filter(|h| h.end == j) {
            let (label, _) = label_of(self.kb, h.entries);
            if label != Label::Per && label != Label::Misc && !only_places(self.kb, h.entries) {
                out.push(self.known(i, j, h.entries));
                return;
            }
        }
        let entries = doc
            .longest_hit(i, j)
            .filter(|h| h.end == j)
            .map(|h| h.entries);
        out.push(
            Mention::new(i, j, Label::Per, Strength::Strong)
                .entries(entries)
                .titled(),
        );
    }

    /// Labels `[i, j)`, a chunk without titles: the first of [`UNIT_RULES`] that applies,
    /// else the chunk is one unknown word.
    fn unit(&self, doc: &Doc<'_>, i: usize, j: usize, out: &mut Vec<Mention>) {
        if i >= j {
            return;
        }
        let chunk = Chunk::new(self, doc, i, j);
        if !UNIT_RULES.iter().any(|rule| rule(self, &chunk, out)) {
            self.single(doc, i, out);
        }
    }

    /// A strong mention of what the knowledge-base name `entries` over tokens `[i, j)` names.
    fn known(&self, i: usize, j: usize, entries: u32) -> Mention {
        let (label, sub) = label_of(self.kb, entries);
        Mention::new(i, j, label, Strength::Strong)
            .subtype(sub)
            .entries(Some(entries))
    }

    fn weak_place(&self, doc: &Doc<'_>, i: usize, j: usize, entries: u32) -> Option<Mention> {
        let pop = max_population(self.kb, entries);
        let w = doc.text[doc.tokens[i].start..doc.tokens[j - 1].end].to_string();
        let common = j == i + 1 && self.rules.is_common_word(&w);
        let prep = i > 0 && self.rules.is_loc_prep(doc.word(i - 1));
        let sentence_start = doc.tokens[i].sentence_start;
        let strength = if (prep && pop >= 15_000) || pop >= 200_000 && !common {
            Strength::Strong
        } else if (common && !prep) || ((sentence_start || !prep) && pop < 15_000) {
            Strength::Candidate
        } else {
            Strength::Weak
        };
        let place = Mention::new(i, j, Label::Loc, strength).subtype(Some("city"));
        Some(Mention {
            label: (strength > Strength::Candidate).then_some(Label::Loc),
            ..place.entries(Some(entries))
        })
    }

    fn single(&self, doc: &Doc<'_>, i: usize, out: &mut Vec<Mention>) {
        let t = doc.tokens[i];
        let w = doc.word(i);
        let r = self.rules;
        let next = (i + 1 < doc.tokens.len()).then(|| doc.word(i + 1));
        let prev = self.prev_word(doc, i);
        let mention = |label: Option<Label>, strength| Mention {
            label,
            ..Mention::new(i, i + 1, Label::Misc, strength)
        };
        if r.misc_words.contains(w) {
            out.push(mention(Some(Label::Misc), Strength::Strong));
            return;
        }
        if t.shape == Shape::Initial {
            return;
        }
        // "Tibetan", "Kashmiri", "Koreans": a nationality by its ending.
        if t.shape == Shape::Cap
            && w.len() >= 6
            && ["ese", "ian", "ean", "ians", "eans", "ans", "ish", "iri"]
                .iter()
                .any(|s| w.ends_with(s))
            && !self.kb.first_names.contains(w)
            && !self.kb.surnames.contains_key(w)
        {
            out.push(mention(Some(Label::Misc), Strength::Weak));
            return;
        }
        if t.shape == Shape::Upper {
            // A dateline: "CHARLESTON", "MINSK".
            if let Some(idx) = self
                .kb
                .place_in_capitals(&[w])
                .filter(|_| w.chars().count() > 3)
            {
                out.push(Mention {
                    entries: Some(idx),
                    subtype: Some("city"),
                    ..mention(Some(Label::Loc), Strength::Weak)
                });
                return;
            }
            let digits = w.chars().any(|c| c.is_ascii_digit());
            let word = w.chars().count() >= 3 && r.is_common_word(w);
            if !digits && !word {
                out.push(mention(Some(Label::Org), Strength::Weak));
            }
            return;
        }
        if self.is_org_head(w) && !t.sentence_start {
            out.push(mention(Some(Label::Org), Strength::Weak));
            return;
        }
        if let Some(people) = self.kb.surnames.get(w) {
            if !people.is_empty() {
                out.push(mention(Some(Label::Per), Strength::Weak));
                return;
            }
        }
        if prev.is_some_and(|p| r.is_loc_prep(p))
            && !t.sentence_start
            && !next.is_some_and(|n| r.is_said(n))
        {
            out.push(mention(Some(Label::Loc), Strength::Candidate));
            return;
        }
        if next.is_some_and(|n| r.is_said(n)) && !t.sentence_start {
            out.push(mention(Some(Label::Per), Strength::Candidate));
            return;
        }
        // Otherwise ("the Taleban", "Yukos", a sentence's first word) a name only if the
        // document labels the same word elsewhere.
        out.push(mention(None, Strength::Candidate));
    }
}

/// A chunk being labelled, with what the rules of [`UNIT_RULES`] ask of it.
struct Chunk<'d, 't> {
    doc: &'d Doc<'t>,
    i: usize,
    j: usize,
    first: &'d str,
    last: &'d str,
    /// The longest knowledge-base name that is the whole chunk.
    whole: Option<TokHit>,
    /// The longest knowledge-base name the chunk opens with.
    first_hit: Option<TokHit>,
    /// An organisation by its head words ("Democratic National Committee", "Bank of
    /// England"); with a nationality before them, the whole is the name ("Iraqi Interior
    /// Ministry").
    org_by_head: bool,
}

impl<'d, 't> Chunk<'d, 't> {
    fn new(rec: &Recogniser<'_>, doc: &'d Doc<'t>, i: usize, j: usize) -> Self {
        let first_hit = doc.longest_hit(i, j);
        Self {
            doc,
            i,
            j,
            first: doc.word(i),
            last: doc.word(j - 1),
            whole: first_hit.filter(|h| h.end == j),
            first_hit,
            org_by_head: org_by_head_of(rec, doc, i, j),
        }
    }
}

/// A rule of [`Recogniser::unit`]: labels the chunk (handing any rest back to `unit`) and
/// says so, or leaves it to the next rule.
type UnitRule = fn(&Recogniser<'_>, &Chunk<'_, '_>, &mut Vec<Mention>) -> bool;

/// The rules of [`Recogniser::unit`], in the order they are tried.
const UNIT_RULES: &[UnitRule] = &[
    sentence_initial_word,
    leading_particle,
    event_or_thing,
    compound_nationality,
    nationality_before_name,
    known_nationality_prefix,
    misc_word_prefix,
    misc_word,
    first_name_person,
    famous_surname,
    known_name,
    by_head_word,
    known_name_then_more,
    unknown_words,
];

/// A sentence-initial ordinary word: left a candidate unless the knowledge base names it.
fn sentence_initial_word(rec: &Recogniser<'_>, c: &Chunk<'_, '_>, out: &mut Vec<Mention>) -> bool {
    let (kb, token) = (rec.kb, &c.doc.tokens[c.i]);
    let applies = token.sentence_start
        && c.first_hit.is_none()
        && token.shape == Shape::Cap
        && !kb.first_names.contains(c.first)
        && !kb.surnames.contains_key(c.first)
        && rec.rules.is_common_word(c.first);
    if applies {
        out.push(Mention {
            label: None,
            ..Mention::new(c.i, c.i + 1, Label::Misc, Strength::Candidate)
        });
        rec.unit(c.doc, c.i + 1, c.j, out);
    }
    applies
}

/// A leading particle the chunk started on ("al" in "al Qaeda" is in the knowledge base)
/// only belongs to a name that is known; otherwise it is skipped.
fn leading_particle(rec: &Recogniser<'_>, c: &Chunk<'_, '_>, out: &mut Vec<Mention>) -> bool {
    if c.doc.tokens[c.i].shape != Shape::Lower || c.whole.is_some() {
        return false;
    }
    match c.first_hit.filter(|h| h.end > c.i + 1) {
        Some(h) => {
            out.push(rec.known(c.i, h.end, h.entries));
            rec.unit(c.doc, h.end, c.j, out);
        }
        None => rec.unit(c.doc, c.i + 1, c.j, out),
    }
    true
}

/// Events and things: "Hurricane Katrina", "World War II", "Nobel Peace Prize".
fn event_or_thing(rec: &Recogniser<'_>, c: &Chunk<'_, '_>, out: &mut Vec<Mention>) -> bool {
    let r = rec.rules;
    let applies = c.j > c.i + 1
        && (r.misc_first.contains(c.first) || r.misc_last.contains(c.last) || c.last == "II")
        && c.whole.is_none_or(|h| only_places(rec.kb, h.entries));
    if applies {
        out.push(Mention::new(c.i, c.j, Label::Misc, Strength::Strong));
    }
    applies
}

/// Compound nationalities: "South American", "Bosnian Serb".
fn compound_nationality(rec: &Recogniser<'_>, c: &Chunk<'_, '_>, out: &mut Vec<Mention>) -> bool {
    let (kb, r, doc) = (rec.kb, rec.rules, c.doc);
    let nationality = |k: usize| {
        let w = doc.word(k);
        r.misc_words.contains(w)
            || kb
                .lookup(w)
                .is_some_and(|es| es.iter().any(|e| matches!(e, Entry::Demonym(_))))
    };
    let applies = c.j > c.i + 1
        && nationality(c.j - 1)
        && (c.i..c.j - 1).all(|k| r.compass.contains(doc.word(k)) || nationality(k));
    if applies {
        out.push(
            Mention::new(c.i, c.j, Label::Misc, Strength::Strong)
                .subtype(Some("nationality"))
                .entries(c.whole.map(|h| h.entries)),
        );
    }
    applies
}

/// A nationality word before more name: "Russian diplomat Ivanov" → MISC + the rest. A
/// country's nationality word before an organisation stays outside it ("Chinese Foreign
/// Ministry", "Palestinian Authority"); a continent's does not ("European Union").
fn nationality_before_name(
    rec: &Recogniser<'_>,
    c: &Chunk<'_, '_>,
    out: &mut Vec<Mention>,
) -> bool {
    let kb = rec.kb;
    let demonym = |e: u32| {
        kb.entries_of(e)
            .iter()
            .any(|e| matches!(e, Entry::Demonym(_)))
    };
    let organisation = match c.whole {
        Some(h) => label_of(kb, h.entries).0 == Label::Org,
        None => c.org_by_head,
    };
    // A lone head word is no name of its own: "Austrian Airlines" stays whole.
    let applies = c.j > c.i + 2
        && organisation
        && c.doc
            .hits
            .get(c.i)
            .is_some_and(|hs| hs.iter().any(|h| h.end == c.i + 1 && demonym(h.entries)));
    if applies {
        out.push(
            Mention::new(c.i, c.i + 1, Label::Misc, Strength::Strong).subtype(Some("nationality")),
        );
        rec.unit(c.doc, c.i + 1, c.j, out);
    }
    applies
}

/// A known nationality (or other MISC name) opening a longer chunk that is no
/// organisation by its head: it, then the rest.
fn known_nationality_prefix(
    rec: &Recogniser<'_>,
    c: &Chunk<'_, '_>,
    out: &mut Vec<Mention>,
) -> bool {
    let Some(h) = c.first_hit.filter(|h| h.end < c.j && !c.org_by_head) else {
        return false;
    };
    let (label, _) = label_of(rec.kb, h.entries);
    if label != Label::Misc && !(rec.rules.misc_words.contains(c.first) && h.end == c.i + 1) {
        return false;
    }
    out.push(
        Mention::new(c.i, h.end, Label::Misc, Strength::Strong)
            .subtype(Some("nationality"))
            .entries(Some(h.entries)),
    );
    rec.unit(c.doc, h.end, c.j, out);
    true
}

/// An unknown chunk opening with a MISC word: the word, then the rest.
fn misc_word_prefix(rec: &Recogniser<'_>, c: &Chunk<'_, '_>, out: &mut Vec<Mention>) -> bool {
    let applies = c.whole.is_none()
        && c.j > c.i + 1
        && rec.rules.misc_words.contains(c.first)
        && c.first_hit.is_none()
        && !c.org_by_head;
    if applies {
        out.push(Mention::new(c.i, c.i + 1, Label::Misc, Strength::Strong));
        rec.unit(c.doc, c.i + 1, c.j, out);
    }
    applies
}

/// One MISC word the knowledge base knows at most as a place, nationality or organisation.
fn misc_word(rec: &Recogniser<'_>, c: &Chunk<'_, '_>, out: &mut Vec<Mention>) -> bool {
    let applies = c.j == c.i + 1
        && rec.rules.misc_words.contains(c.first)
        && c.whole.is_none_or(|h| {
            rec.kb
                .entries_of(h.entries)
                .iter()
                .all(|e| matches!(e, Entry::Place(_) | Entry::Demonym(_) | Entry::Org(_)))
        });
    if applies {
        out.push(
            Mention::new(c.i, c.j, Label::Misc, Strength::Strong)
                .entries(c.whole.map(|h| h.entries)),
        );
    }
    applies
}

/// A first name and more is a person, unless a place wins by its head word, its size or a
/// preposition before it ("Henry County", "Santa Ana", "in Glen Carbon"); the person's name
/// ends before "of" ("Steven Sachs of Alexandria").
fn first_name_person(rec: &Recogniser<'_>, c: &Chunk<'_, '_>, out: &mut Vec<Mention>) -> bool {
    let (kb, doc, i, j) = (rec.kb, c.doc, c.i, c.j);
    let first_name = j > i + 1
        && kb.first_names.contains(c.first)
        && (!kb.ambiguous_first_names.contains(c.first)
            || doc.tokens[i + 1].shape == Shape::Cap
                && doc
                    .longest_hit(i + 1, j)
                    .is_none_or(|h| only_places(kb, h.entries)));
    let after_place_prep = i > 0 && rec.rules.place_preps.contains(doc.word(i - 1));
    let applies = first_name
        && !c.org_by_head
        && !rec.rules.loc_heads.contains(c.last)
        && c.whole.is_none_or(|h| {
            only_places(kb, h.entries)
                && max_population(kb, h.entries) < 100_000
                && !after_place_prep
        })
        && c.first_hit
            .is_none_or(|h| only_places(kb, h.entries) || label_of(kb, h.entries).0 == Label::Per);
    if !applies {
        return false;
    }
    // "Steven Sachs of Alexandria": a name the knowledge base does not know whole ends before
    // a connector that is no name particle ("of", "for"); what follows is a name of its own.
    // Before "&", or after an organisation's head word ("Peterson Institute for International
    // Economics"), the whole is an organisation.
    let r = rec.rules;
    let connector = (i + 2..j).find(|&k| {
        let w = doc.word(k);
        r.connectors.contains(w) && !r.particles.contains(w)
    });
    match connector.filter(|_| c.whole.is_none()) {
        Some(k) if doc.word(k) == "&" || rec.is_org_head(doc.word(k - 1)) => {
            out.push(Mention::new(i, j, Label::Org, Strength::Weak));
        }
        Some(k) => {
            out.push(Mention::new(i, k, Label::Per, Strength::Weak));
            rec.unit(doc, k + 1, j, out);
        }
        None => out.push(
            Mention::new(i, j, Label::Per, Strength::Weak).entries(c.whole.map(|h| h.entries)),
        ),
    }
    true
}

/// A known person's surname alone is that person rather than a small town of the name
/// ("Obama said", not Obama, Japan), unless a place preposition comes before it ("in Obama")
/// or its state or country after it ("Medina, Ohio").
fn famous_surname(rec: &Recogniser<'_>, c: &Chunk<'_, '_>, out: &mut Vec<Mention>) -> bool {
    let (kb, doc, i, j) = (rec.kb, c.doc, c.i, c.j);
    let applies = j == i + 1
        && kb.surnames.contains_key(c.first)
        && c.whole
            .is_some_and(|h| only_places(kb, h.entries) && max_population(kb, h.entries) < 100_000)
        && !(i > 0 && rec.rules.place_preps.contains(doc.word(i - 1)))
        && doc.container_after(kb, j).is_none();
    if applies {
        out.push(Mention::new(i, j, Label::Per, Strength::Weak));
    }
    applies
}

/// A name the knowledge base knows whole; a known place that is also an ordinary word is
/// weak at the start of a sentence.
fn known_name(rec: &Recogniser<'_>, c: &Chunk<'_, '_>, out: &mut Vec<Mention>) -> bool {
    let Some(h) = c.whole else {
        return false;
    };
    let (label, _) = label_of(rec.kb, h.entries);
    if only_places(rec.kb, h.entries) {
        out.extend(rec.weak_place(c.doc, c.i, c.j, h.entries));
    } else if label == Label::Misc && c.j > c.i + 1 && c.org_by_head {
        out.push(Mention::new(c.i, c.j, Label::Org, Strength::Weak));
    } else {
        out.push(rec.known(c.i, c.j, h.entries));
    }
    true
}

/// An organisation or a place by its head word ("Democratic National Committee", "Henry
/// County", "City of Edwardsville").
fn by_head_word(rec: &Recogniser<'_>, c: &Chunk<'_, '_>, out: &mut Vec<Mention>) -> bool {
    if c.j == c.i + 1 {
        return false;
    }
    let r = rec.rules;
    let place_of =
        c.j > c.i + 2 && r.loc_heads_before_of.contains(c.first) && c.doc.word(c.i + 1) == "of";
    let label = if c.org_by_head {
        Label::Org
    } else if r.loc_heads.contains(c.last) || place_of {
        Label::Loc
    } else {
        return false;
    };
    // "City of Huntsville" is the place Huntsville, when the knowledge base knows it.
    let named = place_of
        .then(|| c.doc.longest_hit(c.i + 2, c.j))
        .flatten()
        .filter(|h| h.end == c.j && label_of(rec.kb, h.entries).0 == Label::Loc)
        .map(|h| h.entries);
    out.push(Mention::new(c.i, c.j, label, Strength::Weak).entries(named));
    true
}

/// A known name followed by more capitalised words: "Japan Howard Baker", "Syria Conquest
/// Front" (an organisation by its head, above).
fn known_name_then_more(rec: &Recogniser<'_>, c: &Chunk<'_, '_>, out: &mut Vec<Mention>) -> bool {
    let kb = rec.kb;
    let Some(h) = c.first_hit.filter(|h| h.end < c.j) else {
        return false;
    };
    let (label, _) = label_of(kb, h.entries);
    let rest_is_person = kb.first_names.contains(c.doc.word(h.end));
    let small_place = only_places(kb, h.entries) && max_population(kb, h.entries) < 100_000;
    if label == Label::Per || small_place || !(rest_is_person || label == Label::Loc) {
        return false;
    }
    if only_places(kb, h.entries) {
        out.extend(rec.weak_place(c.doc, c.i, h.end, h.entries));
    } else {
        out.push(rec.known(c.i, h.end, h.entries));
    }
    rec.unit(c.doc, h.end, c.j, out);
    true
}

/// Unknown words: in capitals an organisation; with a first name (or after a lowercase
/// title), a particle, or at most three words a person; longer an organisation.
fn unknown_words(rec: &Recogniser<'_>, c: &Chunk<'_, '_>, out: &mut Vec<Mention>) -> bool {
    let (r, doc, i, j) = (rec.rules, c.doc, c.i, c.j);
    if j - i < 2 {
        return false;
    }
    let first_name =
        rec.kb.first_names.contains(c.first) || i > 0 && r.lower_titles.contains(doc.word(i - 1));
    let particles =
        (i..j).any(|k| r.particles.contains(doc.word(k)) || doc.word(k).starts_with("al-"));
    let all_caps = (i..j).all(|k| doc.tokens[k].shape == Shape::Upper);
    let label = if !all_caps && (first_name || particles || j - i <= 3) {
        Label::Per
    } else {
        Label::Org
    };
    out.push(Mention::new(i, j, label, Strength::Weak));
    true
}

/// Organisation head words: "Democratic National Committee", "Bank of England".
fn org_by_head_of(rec: &Recogniser<'_>, doc: &Doc<'_>, i: usize, j: usize) -> bool {
    let r = rec.rules;
    (j > i + 1 && rec.is_org_head(doc.word(j - 1)))
        || (i..j).any(|k| {
            k + 2 < j && r.org_heads_before_of.contains(doc.word(k)) && doc.word(k + 1) == "of"
        })
}
