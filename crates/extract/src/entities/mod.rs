//! Named entities: people (PER), organisations (ORG), places (LOC) and nationalities and other
//! groups (MISC), found by a dictionary-plus-rules recogniser, grouped into clusters
//! (coreference) and linked to the knowledge base, places geocoded.
//!
//! * [`tokens`]: words with byte offsets and shapes;
//! * [`gazetteer`]: the knowledge base and the automaton over its names;
//! * [`rules`]: capitalised sequences, titles, head words, context → labelled mentions;
//! * [`link`]: document-level label propagation, clusters, knowledge-base links and roles;
//! * [`geo`]: the referent and coordinates of each place.
//!
//! Offsets in the record are character offsets into the body; mentions are sorted and
//! never overlap.

mod caps;
pub mod gazetteer;
pub mod geo;
pub mod link;
pub mod rules;
pub mod tagger;
pub mod tokens;

use herald_model::{Cluster, Entity, Label};
use serde::Deserialize;

use crate::text::{self, CharIndex};
use crate::{Stage, StageError};
use gazetteer::{Entry, Knowledge, Sources};
use rules::{label_of, max_population, Doc, Mention, Recogniser, Rules, Strength, TokHit};

pub use gazetteer::Sources as KnowledgeSources;

/// `base` with the entries of `extra` added; a CSV's header must be the shipped one.
fn append(base: &str, extra: &str, csv: bool) -> Result<String, String> {
    let mut out = base.trim_end_matches('\n').to_string();
    let mut lines = extra.lines();
    if csv {
        let header = base.lines().next().unwrap_or("");
        match lines.next() {
            Some(h) if h.trim_end() == header.trim_end() => {}
            _ => {
                return Err(format!(
                    "its first line must be the shipped header: {header}"
                ))
            }
        }
    }
    for line in lines.filter(|l| !l.trim().is_empty()) {
        out.push('\n');
        out.push_str(line);
    }
    out.push('\n');
    Ok(out)
}

/// Settings of the stage: knowledge files users add to the shipped ones without rebuilding.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EntitiesConfig {
    /// Files whose rows are added to the shipped knowledge file of the same name
    /// (`people.csv`, `organisations.csv`, `clubs.csv`, `companies.csv`, `places.csv`,
    /// `countries.csv`, `regions.csv`, `admin1.csv`, with the shipped file's header; or
    /// `first_names.txt`,
    /// `ambiguous_first_names.txt`, `titles.txt`, `org_heads.txt`, one entry a line).
    /// Relative paths are relative to the configuration file.
    pub extra_knowledge: Vec<String>,
    /// The file names and texts of `extra_knowledge`, read by the driver (the stage does no
    /// I/O).
    #[serde(skip)]
    pub knowledge_texts: Vec<(String, String)>,
    /// How the learned tagger (`config/models/ner.bin`) and the rules combine: `hybrid`
    /// (default), `hybrid-drop`, `add`, `model`, or `rules` (no tagger).
    pub tagger: Merge,
}

/// How the learned tagger's names and the rules' mentions are combined.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Merge {
    /// Rules and knowledge base only.
    Rules,
    /// The tagger decides every span and label; knowledge-base links are kept where a rule
    /// mention or a knowledge-base name has the same span.
    Model,
    /// The rules' strong mentions (knowledge-base names, titled persons, datelines) stay; the
    /// tagger replaces the weaker guesses it overlaps and adds names where the rules have
    /// none.
    Hybrid,
    /// As `Hybrid`, but weak rule guesses the tagger does not confirm are dropped.
    HybridDrop,
    /// Every rule mention stays; the tagger only adds names where the rules have none.
    #[default]
    Add,
}

/// The shipped tagger model (see `config/models/README.md`).
pub const BUILTIN_MODEL: &[u8] = include_bytes!("../../../../config/models/ner.bin");

/// The stage.
pub struct Entities {
    kb: Knowledge,
    rules: Rules,
    model: tagger::Model,
    merge: Merge,
}

impl Entities {
    /// The stage with the knowledge and rules shipped in `config/`, plus the user's files.
    pub fn new(config: &EntitiesConfig) -> Result<Self, StageError> {
        let mut src = Sources::builtin();
        let names = src.files().map(|(name, _)| name);
        // The shipped text of each file with the user's files of its name appended.
        let mut merged: Vec<Option<String>> = vec![None; names.len()];
        for (name, text) in &config.knowledge_texts {
            let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
            let i = names.iter().position(|k| *k == file).ok_or_else(|| {
                StageError::config(
                    "entities",
                    format!("{name}: not a knowledge file name (as in config/knowledge/)"),
                )
            })?;
            let base = merged[i]
                .take()
                .unwrap_or_else(|| src.files()[i].1.to_string());
            let appended = append(&base, text, file.ends_with(".csv"))
                .map_err(|m| StageError::config("entities", format!("{name}: {m}")))?;
            merged[i] = Some(appended);
        }
        for ((_, slot), text) in src.files().into_iter().zip(&merged) {
            if let Some(text) = text {
                *slot = text;
            }
        }
        Ok(Self {
            kb: Knowledge::parse(&src)?,
            rules: Rules::parse(src.rules, src.words, src.titles, src.org_heads)?,
            model: tagger::Model::from_bytes(BUILTIN_MODEL).map_err(|m| {
                StageError::config("entities", format!("config/models/ner.bin: {m}"))
            })?,
            merge: config.tagger,
        })
    }

    pub fn knowledge(&self) -> &Knowledge {
        &self.kb
    }

    /// Entities and clusters of `text`. `sentence_starts` are character offsets where
    /// sentences begin (empty: the text is one sentence); `date` is the article's
    /// publication date as "YYYY-MM-DD", used to pick office holders.
    pub fn find(
        &self,
        text: &str,
        sentence_starts: &[usize],
        date: Option<&str>,
    ) -> (Vec<Entity>, Vec<Cluster>) {
        let toks = text::tokenize(text);
        self.find_in(text, &CharIndex::new(text), &toks, sentence_starts, date)
    }

    /// [`Entities::find`] with the character index and tokens of `text`.
    fn find_in(
        &self,
        text: &str,
        index: &CharIndex,
        toks: &[text::Token],
        sentence_starts: &[usize],
        date: Option<&str>,
    ) -> (Vec<Entity>, Vec<Cluster>) {
        let mut starts: Vec<usize> = sentence_starts.iter().map(|&c| index.byte_of(c)).collect();
        if starts.is_empty() {
            starts.push(0);
        }
        let mut tokens = tokens::words(text, toks, &starts);
        if tokens.is_empty() {
            return (Vec::new(), Vec::new());
        }
        // Names are read in sentences in capitals as the knowledge base writes them; the
        // entities keep the text as written (the offsets are the same).
        let recased = caps::recased(text, &tokens, &self.kb, &self.rules);
        if let Some(recased) = &recased {
            tokens = tokens::words(recased, toks, &starts);
        }
        let read = recased.as_deref().unwrap_or(text);
        let hits = self.hits(read, &tokens);
        let doc = Doc {
            text: read,
            tokens: &tokens,
            hits,
        };
        let mut mentions = self.rule_mentions(&doc);
        if self.merge != Merge::Rules && !self.model.is_empty() {
            let fx = tagger::features(&doc, &self.kb, &self.rules, &mentions);
            let tags = self.model.tag(&fx);
            mentions = merge(&doc, &self.rules, mentions, &tags, self.merge);
        }
        sports_results(&doc, &mut mentions);
        reread_persons(&doc, &self.kb, &self.rules, &mut mentions);
        joined_by_and(&doc, &self.rules, &mut mentions);
        possessive_owners(&doc, &self.kb, &mut mentions);
        persons_of_places(&doc, &self.kb, &mut mentions);
        match_reports(&doc, &self.rules, &mut mentions);
        elided_places(&doc, &self.kb, &self.rules, &mut mentions);
        let aliases = aliases(&doc, &self.rules, &mut mentions);
        let ctx = geo::Context::new(&self.kb, &doc, &mentions);
        let (assigned, clusters) = link::cluster(&doc, &self.kb, &mentions, date, &aliases, |m| {
            ctx.resolve(m)
        });
        let mut entities = Vec::with_capacity(mentions.len());
        for (m, c) in mentions.iter().zip(assigned) {
            let label = m.label.unwrap_or(Label::Misc);
            let (bs, be) = (tokens[m.start].start, tokens[m.end - 1].end);
            let place = ctx.resolve(m);
            let geo = ctx.geo(&self.kb, m);
            let subtype = match place {
                Some(e) => geo::subtype(&self.kb, e),
                _ if label == Label::Misc => m.subtype.or_else(|| {
                    m.entries
                        .filter(|&e| {
                            self.kb
                                .entries_of(e)
                                .iter()
                                .any(|e| matches!(e, Entry::Demonym(_)))
                        })
                        .map(|_| "nationality")
                }),
                _ => m.subtype,
            };
            entities.push(Entity {
                start: index.char_of(bs),
                end: index.char_of(be),
                text: text[bs..be].to_string(),
                label,
                subtype: subtype.map(str::to_string),
                cluster: c,
                geo,
            });
        }
        (entities, clusters)
    }

    /// The rules' mentions after the document-level passes.
    fn rule_mentions(&self, doc: &Doc<'_>) -> Vec<Mention> {
        let recogniser = Recogniser {
            kb: &self.kb,
            rules: &self.rules,
        };
        let mut mentions = recogniser.recognise(doc);
        mark_dateline(doc, &self.kb, &mut mentions);
        legal_forms(doc, &self.rules, &mut mentions);
        link::propagate(doc, &self.kb, &self.rules, &mut mentions);
        mentions
    }

    /// The tokens (byte offsets) of `text` and the tagger's features for them, for training.
    pub fn tagger_features(
        &self,
        text: &str,
        sentence_starts: &[usize],
    ) -> (Vec<(usize, usize)>, tagger::Features) {
        let index = CharIndex::new(text);
        let mut starts: Vec<usize> = sentence_starts.iter().map(|&c| index.byte_of(c)).collect();
        if starts.is_empty() {
            starts.push(0);
        }
        let tokens = tokens::words(text, &text::tokenize(text), &starts);
        let hits = self.hits(text, &tokens);
        let doc = Doc {
            text,
            tokens: &tokens,
            hits,
        };
        let mentions = if tokens.is_empty() {
            Vec::new()
        } else {
            self.rule_mentions(&doc)
        };
        let fx = tagger::features(&doc, &self.kb, &self.rules, &mentions);
        (tokens.iter().map(|t| (t.start, t.end)).collect(), fx)
    }

    /// Knowledge-base names on token boundaries, by start token, longest first.
    fn hits(&self, text: &str, tokens: &[tokens::Token]) -> Vec<Vec<TokHit>> {
        let spans: Vec<(usize, usize)> = tokens.iter().map(|t| (t.start, t.end)).collect();
        let mut by_start: Vec<Vec<TokHit>> = vec![Vec::new(); tokens.len()];
        for h in self.kb.find(text, &spans) {
            by_start[h.first].push(TokHit {
                start: h.first,
                end: h.last + 1,
                entries: h.entries,
            });
        }
        for v in &mut by_start {
            v.reverse();
        }
        by_start
    }
}

impl Stage for Entities {
    fn name(&self) -> &'static str {
        "entities"
    }

    fn process(&self, doc: &mut text::Doc) -> Result<(), StageError> {
        let article = doc.article();
        let starts: Vec<usize> = article.sentences.iter().map(|s| s.start).collect();
        let date = article
            .published_at
            .map(|d| d.date_naive().format("%Y-%m-%d").to_string());
        let (entities, clusters) = self.find_in(
            &article.body,
            doc.index(),
            doc.tokens(),
            &starts,
            date.as_deref(),
        );
        let article = doc.article_mut();
        article.entities = entities;
        article.clusters = clusters;
        Ok(())
    }
}

/// Companies by their legal form: a name ending in "Inc", "GmbH" or "plc" is an organisation,
/// with the form (and the period of an abbreviated one: "Acme Inc.") inside its span.
fn legal_forms(doc: &Doc<'_>, rules: &Rules, mentions: &mut [Mention]) {
    let n = doc.tokens.len();
    for m in mentions.iter_mut() {
        let mut end = m.end;
        if end < n
            && rules.is_legal_suffix(doc.word(end))
            && doc.tokens[end].shape == tokens::Shape::Lower
        {
            end += 1; // "Tesco plc": the lower-case form is not in the capitalised run.
        }
        let last = doc.word(end - 1);
        if end - m.start < 2
            || !rules.is_legal_suffix(last)
            || m.label == Some(Label::Per) && m.titled
        {
            continue;
        }
        if end < n
            && doc.word(end) == "."
            && doc.tokens[end].start == doc.tokens[end - 1].end
            && last.chars().all(char::is_alphabetic)
            && !last.ends_with('.')
            && last.len() <= 4
        {
            end += 1;
        }
        m.end = end;
        m.label = Some(Label::Org);
        m.subtype = None;
        m.strength = Strength::Strong;
    }
}

/// Teams in sports results and tables: "Leeds 2 Chelsea 1", "Hapoel Haifa 3 Maccabi Tel Aviv
/// 1", "Bolton 8 5 2 1 15 9 17". A name followed by a score and another name with a score, or
/// by a row of five or more numbers, is a club or team (an organisation), whatever the place
/// name it carries.
fn sports_results(doc: &Doc<'_>, mentions: &mut [Mention]) {
    let n = doc.tokens.len();
    let score = |k: usize| {
        k < n
            && doc.tokens[k].shape == tokens::Shape::Number
            && doc.word(k).len() <= 3
            && doc.word(k).bytes().all(|b| b.is_ascii_digit())
    };
    let numbers_from = |k: usize| {
        (k..n)
            .take_while(|&i| score(i) && (i == k || doc.same_line(k, i)))
            .count()
    };
    let mut teams = vec![false; mentions.len()];
    for i in 0..mentions.len() {
        let a = &mentions[i];
        if a.label == Some(Label::Per) && a.titled {
            continue;
        }
        if numbers_from(a.end) >= 5
            && (a.start == 0
                || doc.tokens[a.start - 1].shape == tokens::Shape::Punct
                || score(a.start - 1))
        {
            teams[i] = true;
        }
        if let Some(b) = mentions.get(i + 1) {
            if b.start == a.end + 1 && score(a.end) && score(b.end) && numbers_from(b.end) == 1 {
                teams[i] = true;
                teams[i + 1] = true;
            }
        }
    }
    make_teams(mentions, &teams);
}

/// A person the rules or the tagger proposed, read again by its words (the knowledge base
/// would have made it sure):
/// - opened by a compass or place word, it is a place ("South Darfur", "River Fal");
/// - words of a title before a first name are not the name ("Flanker Themba Nkosi",
///   "Scientific Officer Anders Krogh Madsen", "Vice-Chancellor Gareth Pritchard");
/// - all ordinary words, no first name and no known surname ("Bin Laden"), it is an
///   organisation ("State Highway Patrol");
/// - a capitalised name that does not open with a first name and ends in the name of a
///   country, a first-level division or a city of 100,000 is an organisation named for that
///   place ("Bayern Munich", "Cricket Australia", "NHS England"; "Lewis Hamilton" opens with a
///   first name). A title before the name keeps it a person.
fn reread_persons(doc: &Doc<'_>, kb: &Knowledge, rules: &Rules, mentions: &mut [Mention]) {
    for m in mentions.iter_mut() {
        let candidate = m.label == Some(Label::Per) && m.entries.is_none();
        if !candidate || m.end - m.start < 2 {
            continue;
        }
        let first = doc.word(m.start);
        let is_first_name = |k: usize| kb.first_names.contains(doc.word(k));
        if let Some(k) = title_before_name(doc, kb, rules, m) {
            m.start = k;
        } else if m.titled || is_first_name(m.start) {
            continue;
        } else if rules.is_compass(first) || rules.is_loc_lead(first) {
            m.label = Some(Label::Loc);
        } else if ordinary_words(doc, kb, rules, m) || named_for_a_place(doc, kb, m) {
            m.label = Some(Label::Org);
        }
        m.subtype = None;
    }
}

/// Whether `m` is all ordinary words, none of them a known surname at its end.
fn ordinary_words(doc: &Doc<'_>, kb: &Knowledge, rules: &Rules, m: &Mention) -> bool {
    (m.start..m.end).all(|k| rules.is_common_word(doc.word(k)))
        && !kb.surnames.contains_key(doc.word(m.end - 1))
}

/// Where the name starts after words of a title (ordinary words, title words, hyphenated
/// ones ending in either) before a first name, leaving a first name and a surname.
fn title_before_name(doc: &Doc<'_>, kb: &Knowledge, rules: &Rules, m: &Mention) -> Option<usize> {
    let k =
        (m.start + 1..m.end.saturating_sub(1)).find(|&k| kb.first_names.contains(doc.word(k)))?;
    let title_word = |w: &str| {
        let last = w.rsplit('-').next().unwrap_or(w);
        !kb.first_names.contains(w) && (rules.is_common_word(last) || rules.is_title_word(last))
    };
    (m.start..k).all(|i| title_word(doc.word(i))).then_some(k)
}

/// Whether the capitalised name `m` ends in the name of a country, a first-level division or
/// a city of 100,000.
fn named_for_a_place(doc: &Doc<'_>, kb: &Knowledge, m: &Mention) -> bool {
    let capitalised = (m.start..m.end).all(|k| doc.tokens[k].shape != tokens::Shape::Lower);
    let Some(&place) = kb.names.get(doc.word(m.end - 1)) else {
        return false;
    };
    let big = match label_of(kb, place) {
        (Label::Loc, Some("city")) => max_population(kb, place) >= 100_000,
        (label, _) => label == Label::Loc,
    };
    big && capitalised
}

/// "Securities and Exchange Commission", "Food and Drug Administration", "Ministry of Economy
/// and Finance": one capitalised common word joined by "and" to an organisation's name is
/// part of it, before a name its head word ends or precedes "of" ("Securities and Exchange
/// Board of India"), or after a name "of" opens. Not a name
/// ("Britain and the European Union") nor the end of a run of names ("Tesco Marks and
/// Spencer Group").
fn joined_by_and(doc: &Doc<'_>, rules: &Rules, mentions: &mut Vec<Mention>) {
    let n = doc.tokens.len();
    let cap = |k: usize| k < n && doc.tokens[k].shape == tokens::Shape::Cap;
    // A legal form ends a name of its own ("Holdings and Renaissance Capital").
    let lone_word = |k: usize| {
        cap(k) && rules.is_common_word(doc.word(k)) && !rules.is_legal_suffix(doc.word(k))
    };
    let mut joined = Vec::new();
    for (i, m) in mentions.iter().enumerate() {
        if m.label != Some(Label::Org) || m.end - m.start < 2 {
            continue;
        }
        // The head ends the name or comes before its "of" ("Exchange Board of India").
        let of_at = (m.start + 1..m.end).find(|&k| doc.word(k) == "of");
        let headed = rules.is_org_head(doc.word(of_at.unwrap_or(m.end) - 1));
        let before = m.start >= 2
            && headed
            && doc.word(m.start - 1) == "and"
            && lone_word(m.start - 2)
            && (m.start == 2 || !cap(m.start - 3) || lone_word(m.start - 3));
        let after = of_at.is_some()
            && !rules.is_org_head(doc.word(m.end - 1))
            && m.end + 1 < n
            && doc.word(m.end) == "and"
            && lone_word(m.end + 1)
            && !cap(m.end + 2);
        match (before, after) {
            (true, _) => joined.push((i, m.start - 2, m.end)),
            (_, true) => joined.push((i, m.start, m.end + 2)),
            _ => {}
        }
    }
    for &(i, start, end) in &joined {
        mentions[i].start = start;
        mentions[i].end = end;
    }
    // The joined word's own mention ("Securities") goes.
    mentions.retain(|m| {
        (joined.iter()).all(|&(_, s, e)| (m.start, m.end) == (s, e) || m.end <= s || m.start >= e)
    });
}

/// "Iran's Foreign Ministry", "Russia's Defence Ministry": a place before a possessive
/// inside an organisation's name is its owner, a place of its own, and the organisation is
/// what follows ("European People's Party" keeps its name: "People" is no place).
fn possessive_owners(doc: &Doc<'_>, kb: &Knowledge, mentions: &mut Vec<Mention>) {
    split_places(mentions, Label::Org, |m| {
        let k = (m.start + 1..m.end.saturating_sub(1)).find(|&k| doc.word(k) == "'s")?;
        let owner = place_mention(doc, kb, m.start, k)?;
        m.start = k + 1;
        m.entries = None;
        Some(owner)
    });
}

/// "Senator Daniel Whitaker of Montana", "the Archbishop of Canterbury": a place after "of"
/// in a person's span is a place of its own, and the person ends before "of" (no person is
/// left when the span opens with it).
fn persons_of_places(doc: &Doc<'_>, kb: &Knowledge, mentions: &mut Vec<Mention>) {
    split_places(mentions, Label::Per, |m| {
        let k = (m.start..m.end.saturating_sub(1)).find(|&k| doc.word(k) == "of")?;
        let place = place_mention(doc, kb, k + 1, m.end)?;
        m.end = k;
        Some(place)
    });
}

/// Splits the places `split` finds out of the mentions labelled `label` (which it shortens),
/// dropping those left empty.
fn split_places(
    mentions: &mut Vec<Mention>,
    label: Label,
    mut split: impl FnMut(&mut Mention) -> Option<Mention>,
) {
    let places: Vec<Mention> = (mentions.iter_mut())
        .filter(|m| m.label == Some(label))
        .filter_map(&mut split)
        .collect();
    if !places.is_empty() {
        mentions.retain(|m| m.end > m.start);
        mentions.extend(places);
        mentions.sort_by_key(|m| (m.start, m.end));
    }
}

/// A place mention of tokens `start..end`, when the knowledge base knows them as a place.
fn place_mention(doc: &Doc<'_>, kb: &Knowledge, start: usize, end: usize) -> Option<Mention> {
    let text = &doc.text[doc.tokens[start].start..doc.tokens[end - 1].end];
    let place = *kb.names.get(text)?;
    let (label, subtype) = label_of(kb, place);
    (label == Label::Loc).then(|| {
        Mention::new(start, end, label, Strength::Strong)
            .subtype(subtype)
            .entries(Some(place))
    })
}

/// Clubs in match reports: a town's name on either side of a match verb ("Leeds beat
/// Chelsea", "Barcelona drew with Sevilla") in a sentence with a score ("2-1") or a match
/// word ("league") is the club named for it. A country's stays a place: national sides go by
/// their countries' names.
fn match_reports(doc: &Doc<'_>, rules: &Rules, mentions: &mut [Mention]) {
    let town = |m: &Mention| m.label == Some(Label::Loc) && m.subtype == Some("city");
    let mut teams = vec![false; mentions.len()];
    for i in 1..mentions.len() {
        let (a, b) = (&mentions[i - 1], &mentions[i]);
        let sides = (town(a) || town(b)) && b.start > a.end && b.start - a.end <= 4;
        if sides
            && rules.is_match_verb(&doc.word(a.end).to_lowercase())
            && reports_a_match(doc, rules, a.start, b.end)
        {
            teams[i - 1] |= town(a);
            teams[i] |= town(b);
        }
    }
    make_teams(mentions, &teams);
}

/// Whether the sentence around tokens `start..end` has a score ("2-1") or a match word, within
/// 25 tokens either way.
fn reports_a_match(doc: &Doc<'_>, rules: &Rules, start: usize, end: usize) -> bool {
    let n = doc.tokens.len();
    let stop = |k: usize| matches!(doc.word(k), "." | "!" | "?");
    let left = (start.saturating_sub(25)..start)
        .rev()
        .take_while(|&k| !stop(k));
    let right = (end..n.min(end + 25)).take_while(|&k| !stop(k));
    let score = |k: usize| {
        let goals = |s: &str| (1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
        doc.word(k)
            .split_once(['-', '–'])
            .is_some_and(|(a, b)| goals(a) && goals(b))
    };
    left.chain(right)
        .any(|k| score(k) || rules.is_match_word(&doc.word(k).to_lowercase()))
}

/// "North and South Korea", "Central and South America": a compass word before "and" and a
/// place named by another compass word and a head names the place of that word and the head,
/// when the knowledge base knows it ("North Korea", "Central America").
fn elided_places(doc: &Doc<'_>, kb: &Knowledge, rules: &Rules, mentions: &mut Vec<Mention>) {
    let elided = |m: &Mention| {
        let loc = m.label == Some(Label::Loc) && m.end >= m.start + 2 && m.start >= 2;
        let first = m.start.wrapping_sub(2);
        let compass = |k: usize| rules.is_compass(doc.word(k));
        if !loc || doc.word(m.start - 1) != "and" || !compass(m.start) || !compass(first) {
            return None;
        }
        let head = &doc.text[doc.tokens[m.start + 1].start..doc.tokens[m.end - 1].end];
        let name = format!("{} {head}", doc.word(first));
        let entries = *kb.names.get(name.as_str())?;
        let (label, subtype) = label_of(kb, entries);
        Some(
            Mention::new(first, first + 1, label, Strength::Strong)
                .subtype(subtype)
                .entries(Some(entries)),
        )
    };
    let found: Vec<Mention> = mentions.iter().filter_map(elided).collect();
    if found.is_empty() {
        return;
    }
    mentions.retain(|m| !found.iter().any(|f| m.start < f.end && f.start < m.end));
    mentions.extend(found);
    mentions.sort_by_key(|m| (m.start, m.end));
}

/// The mentions marked in `teams` are clubs or teams, whatever place they are named for.
fn make_teams(mentions: &mut [Mention], teams: &[bool]) {
    for (m, _) in mentions.iter_mut().zip(teams).filter(|(_, &team)| team) {
        m.label = Some(Label::Org);
        m.subtype = Some("team");
        m.entries = None;
        m.strength = Strength::Strong;
    }
}

/// Names the article defines for a mention: acronyms, "the International Atomic Energy Agency
/// (IAEA)", and stock tickers, "Acme Widgets (NYSE: ACW)" (which also make the name before
/// them a company). The short name takes the long form's label and knowledge-base entries
/// wherever it occurs, and joins its cluster. Returns short name → long form.
fn aliases(
    doc: &Doc<'_>,
    rules: &Rules,
    mentions: &mut Vec<Mention>,
) -> rustc_hash::FxHashMap<String, String> {
    let mut defined = tickers(doc, rules, mentions);
    defined.extend(acronyms(doc, mentions));
    let aliases = defined
        .iter()
        .map(|(short, m)| (short.clone(), doc.text_of(m).to_string()))
        .collect();
    if !defined.is_empty() {
        use_aliases(doc, &defined, mentions);
    }
    aliases
}

/// Acronyms in parentheses after the name they abbreviate, with that name's mention.
fn acronyms(doc: &Doc<'_>, mentions: &[Mention]) -> Vec<(String, Mention)> {
    let n = doc.tokens.len();
    let mut defined = Vec::new();
    for m in mentions {
        let k = m.end;
        if m.end - m.start < 2
            || m.label.is_none()
            || k + 2 >= n
            || doc.word(k) != "("
            || doc.word(k + 2) != ")"
            || doc.tokens[k + 1].shape != tokens::Shape::Upper
        {
            continue;
        }
        let acr = doc.word(k + 1);
        if abbreviates(acr, doc.text_of(m)) {
            defined.push((acr.to_string(), m.clone()));
        }
    }
    defined
}

/// Stock tickers after a company's name, "(NYSE: ACW)", "(Nasdaq:ACW, TSX:ACW)": the name
/// and the exchange become organisations; each ticker with the name's mention.
fn tickers(doc: &Doc<'_>, rules: &Rules, mentions: &mut Vec<Mention>) -> Vec<(String, Mention)> {
    let n = doc.tokens.len();
    let mut defined = Vec::new();
    let mut exchanges = Vec::new();
    for m in mentions.iter_mut() {
        let open = m.end;
        if open + 4 > n || doc.word(open) != "(" || m.label == Some(Label::Per) && m.titled {
            continue;
        }
        // The exchange is one or two words ("NYSE American") before the colon.
        let Some(colon) = (open + 2..(open + 4).min(n)).find(|&j| doc.word(j) == ":") else {
            continue;
        };
        if colon + 2 >= n || !matches!(doc.word(colon + 2), ")" | "," | ";") {
            continue;
        }
        let exchange = &doc.text[doc.tokens[open + 1].start..doc.tokens[colon - 1].end];
        let ticker = doc.word(colon + 1);
        if !rules.is_stock_exchange(exchange) || !is_ticker(ticker) {
            continue;
        }
        m.label = Some(Label::Org);
        m.subtype = None;
        m.strength = Strength::Strong;
        defined.push((ticker.to_string(), m.clone()));
        exchanges.push((open + 1, colon));
    }
    if exchanges.is_empty() {
        return defined;
    }
    let owner = mention_of_token(n, mentions);
    for (start, end) in exchanges {
        match (start..end).find_map(|k| owner[k]) {
            Some(i) if (mentions[i].start, mentions[i].end) == (start, end) => {
                mentions[i].label = Some(Label::Org);
                mentions[i].subtype = None;
            }
            Some(_) => {}
            None => mentions.push(Mention::new(start, end, Label::Org, Strength::Strong)),
        }
    }
    mentions.sort_by_key(|m| m.start);
    defined
}

/// A ticker symbol: capitals, digits and dots, "ACW", "BRK.B", "7203", at most 8 long.
fn is_ticker(word: &str) -> bool {
    (1..=8).contains(&word.len())
        && word.bytes().any(|b| b.is_ascii_alphanumeric())
        && word
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'.')
}

/// Every occurrence of a defined short name becomes a mention of its long form's label and
/// knowledge-base entries (a mention of the short name alone that says otherwise is replaced).
fn use_aliases(doc: &Doc<'_>, defined: &[(String, Mention)], mentions: &mut Vec<Mention>) {
    let mut by_short: rustc_hash::FxHashMap<&str, Vec<&Mention>> = Default::default();
    for (short, long) in defined {
        by_short.entry(short.as_str()).or_default().push(long);
    }
    let mut owner = mention_of_token(doc.tokens.len(), mentions);
    for (k, owned) in owner.iter_mut().enumerate() {
        for long in by_short.get(doc.word(k)).into_iter().flatten() {
            let as_long = Mention {
                label: long.label,
                ..Mention::new(k, k + 1, Label::Misc, Strength::Strong).entries(long.entries)
            };
            match *owned {
                Some(i) if (mentions[i].start, mentions[i].end) == (k, k + 1) => {
                    let m = &mut mentions[i];
                    if m.entries.is_none() || m.label != long.label {
                        *m = as_long;
                    }
                }
                Some(_) => {}
                None => {
                    *owned = Some(mentions.len());
                    mentions.push(as_long);
                }
            }
        }
    }
    mentions.sort_by_key(|m| m.start);
}

/// For each token, the first mention (in `mentions`' order) that covers it.
fn mention_of_token(n: usize, mentions: &[Mention]) -> Vec<Option<usize>> {
    let mut owner = vec![None; n];
    for (i, m) in mentions.iter().enumerate() {
        for o in &mut owner[m.start..m.end.min(n)] {
            o.get_or_insert(i);
        }
    }
    owner
}

/// `acr` abbreviates `long`: its first letter is the first letter of the long form, and its
/// letters appear in order among the long form's capitals ("IAEA", "UNESCO"), or among all its
/// letters ("Interpol" style clippings are not acronyms and are not accepted).
fn abbreviates(acr: &str, long: &str) -> bool {
    let letters: Vec<char> = acr.chars().filter(|c| c.is_alphabetic()).collect();
    let capitals: Vec<char> = long.chars().filter(|c| c.is_uppercase()).collect();
    if letters.len() < 2 || capitals.first() != letters.first() {
        return false;
    }
    let mut it = capitals.iter();
    letters.iter().all(|c| it.any(|x| x == c))
}

/// The rules' mentions and the tagger's names, combined as `how` says.
fn merge(
    doc: &Doc<'_>,
    lists: &Rules,
    rules: Vec<Mention>,
    tags: &[u8],
    how: Merge,
) -> Vec<Mention> {
    // A title alone ("Peru's President has urged") is no name, whatever the model says.
    let spans: Vec<_> = tagger::spans(tags)
        .into_iter()
        .filter(|&(s, e, _)| !(s..e).all(|k| lists.is_title_part(doc.word(k))))
        .collect();
    let kb_exact = |s: usize, e: usize| {
        doc.hits
            .get(s)
            .and_then(|hs| hs.iter().find(|h| h.end == e))
            .map(|h| h.entries)
    };
    let from_model = |(s, e, label): (usize, usize, Label), rules: &[Mention]| -> Mention {
        match rules.iter().find(|m| m.start == s && m.end == e) {
            Some(m) => Mention {
                label: Some(label),
                subtype: if m.label == Some(label) {
                    m.subtype
                } else {
                    None
                },
                strength: m.strength.max(Strength::Weak),
                ..m.clone()
            },
            None => Mention::new(s, e, label, Strength::Weak).entries(kb_exact(s, e)),
        }
    };
    let overlaps = |a: (usize, usize), b: (usize, usize)| a.0 < b.1 && b.0 < a.1;
    let mut out: Vec<Mention> = match how {
        Merge::Rules => return rules,
        Merge::Model => spans.iter().map(|&sp| from_model(sp, &rules)).collect(),
        Merge::Hybrid | Merge::HybridDrop | Merge::Add => {
            let mut kept: Vec<Mention> = Vec::with_capacity(rules.len() + 4);
            for m in &rules {
                let strong = m.strength == Strength::Strong || how == Merge::Add;
                let confirmed = spans
                    .iter()
                    .any(|&(s, e, _)| overlaps((s, e), (m.start, m.end)));
                if strong || (how == Merge::Hybrid && !confirmed) {
                    kept.push(m.clone());
                }
            }
            for &sp in &spans {
                if !kept
                    .iter()
                    .any(|m| overlaps((sp.0, sp.1), (m.start, m.end)))
                {
                    kept.push(from_model(sp, &rules));
                }
            }
            kept
        }
    };
    out.sort_by_key(|m| m.start);
    out
}

/// A wire dateline, "GENEVA (Reuters) —" or "KIEV, Jan 31 (EuroWire) -": the capitals that
/// open the text name a place, and the parenthesis before the dash the news organisation
/// that filed the story, whatever their names look like.
fn mark_dateline(doc: &Doc<'_>, kb: &Knowledge, mentions: &mut [Mention]) {
    let Some(first) = mentions
        .iter()
        .position(|m| doc.opens_dateline(m.start, m.end))
    else {
        return;
    };
    let d = mentions[first].start;
    let word = |i: usize| (i < doc.tokens.len()).then(|| doc.word(i));
    for (n, m) in mentions.iter_mut().enumerate().skip(first) {
        let place = n == first;
        // The dateline's first parenthesis, on its line, then a dash.
        let credit = m.start >= d + 2
            && m.start <= d + 8
            && word(m.start - 1) == Some("(")
            && word(m.end) == Some(")")
            && matches!(word(m.end + 1), Some("—" | "–" | "-"))
            && !(d..m.start - 1).any(|i| doc.word(i) == "(")
            && !doc.text[doc.tokens[d].start..doc.tokens[m.end].end].contains('\n');
        if place || credit {
            m.label = Some(if place { Label::Loc } else { Label::Org });
            m.subtype = None;
            m.strength = Strength::Strong;
        }
        if place && m.entries.is_none() {
            // "SAO PAULO", "THE HAGUE", "RIO DE JANEIRO": the place by its usual spelling.
            let words: Vec<&str> = (m.start..m.end).map(|i| doc.word(i)).collect();
            m.entries = kb.place_in_capitals(&words);
        }
    }
}

#[cfg(test)]
mod tests;
