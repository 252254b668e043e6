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

pub mod gazetteer;
pub mod geo;
pub mod link;
pub mod rules;
pub mod tokens;

use herald_model::{Cluster, EnrichedArticle, Entity, Label};
use serde::Deserialize;

use crate::{CharIndex, Stage, StageError};
use gazetteer::{Entry, Knowledge, Sources};
use rules::{Doc, Mention, Recogniser, Rules, Strength, TokHit};

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
    /// (`people.csv`, `organisations.csv`, `places.csv`, `countries.csv`, `regions.csv`,
    /// `admin1.csv`, with the shipped file's header; or `first_names.txt`,
    /// `ambiguous_first_names.txt`, `titles.txt`, `org_heads.txt`, one entry a line).
    /// Relative paths are relative to the configuration file.
    pub extra_knowledge: Vec<String>,
    /// The file names and texts of `extra_knowledge`, read by the driver (the stage does no
    /// I/O).
    #[serde(skip)]
    pub knowledge_texts: Vec<(String, String)>,
}

/// The stage.
pub struct Entities {
    kb: Knowledge,
    rules: Rules,
}

impl Entities {
    /// The stage with the knowledge and rules shipped in `config/`, plus the user's files.
    pub fn new(config: &EntitiesConfig) -> Result<Self, StageError> {
        let builtin = Sources::builtin();
        if config.knowledge_texts.is_empty() {
            return Self::from_sources(&builtin);
        }
        let mut merged: Vec<(&'static str, String)> = Vec::new();
        for (name, text) in &config.knowledge_texts {
            let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
            let (key, shipped) = gazetteer::KNOWLEDGE_FILES
                .iter()
                .find(|k| **k == file)
                .and_then(|k| Some((*k, builtin.file(k)?)))
                .ok_or_else(|| StageError::Config {
                    stage: "entities",
                    message: format!("{name}: not a knowledge file name (as in config/knowledge/)"),
                })?;
            let base = match merged.iter().position(|(k, _)| *k == key) {
                Some(i) => merged.remove(i).1,
                None => shipped.to_string(),
            };
            merged.push((
                key,
                append(&base, text, file.ends_with(".csv")).map_err(|m| StageError::Config {
                    stage: "entities",
                    message: format!("{name}: {m}"),
                })?,
            ));
        }
        let mut src = builtin;
        for (key, text) in &merged {
            src.set(key, text);
        }
        Self::from_sources(&src)
    }

    /// The stage with knowledge and rules given as file texts.
    pub fn from_sources(src: &Sources<'_>) -> Result<Self, StageError> {
        Ok(Self {
            kb: Knowledge::parse(src)?,
            rules: Rules::parse(src.rules, src.words, src.titles, src.org_heads)?,
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
        let index = CharIndex::new(text);
        let mut starts: Vec<usize> = sentence_starts.iter().map(|&c| index.byte_of(c)).collect();
        if starts.is_empty() {
            starts.push(0);
        }
        let tokens = tokens::tokenize(text, &starts);
        if tokens.is_empty() {
            return (Vec::new(), Vec::new());
        }
        let hits = self.hits(text, &tokens);
        let doc = Doc {
            text,
            tokens: &tokens,
            hits,
        };
        let recogniser = Recogniser {
            kb: &self.kb,
            rules: &self.rules,
        };
        let mut mentions = recogniser.recognise(&doc);
        mark_dateline(&doc, &self.kb, &mut mentions);
        link::propagate(&doc, &self.kb, &self.rules, &mut mentions);
        let ctx = geo::Context::new(&self.kb, &doc, &mentions);
        let (assigned, clusters) =
            link::cluster(&doc, &self.kb, &mentions, date, |m| ctx.resolve(m));
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

    /// Knowledge-base names on token boundaries, by start token, longest first.
    fn hits(&self, text: &str, tokens: &[tokens::Token]) -> Vec<Vec<TokHit>> {
        let tok_starting = |b: usize| tokens.binary_search_by_key(&b, |t| t.start).ok();
        let tok_ending = |b: usize| tokens.binary_search_by_key(&b, |t| t.end).ok();
        let mut by_start: Vec<Vec<TokHit>> = vec![Vec::new(); tokens.len()];
        for h in self.kb.find(
            text,
            |b| tok_starting(b).is_some(),
            |b| tok_ending(b).is_some(),
        ) {
            if let (Some(s), Some(e)) = (tok_starting(h.start), tok_ending(h.end)) {
                by_start[s].push(TokHit {
                    start: s,
                    end: e + 1,
                    entries: h.entries,
                });
            }
        }
        for v in &mut by_start {
            v.sort_by_key(|h| std::cmp::Reverse(h.end));
        }
        by_start
    }
}

impl Stage for Entities {
    fn name(&self) -> &'static str {
        "entities"
    }

    fn process(&self, mut article: EnrichedArticle) -> Result<EnrichedArticle, StageError> {
        let starts: Vec<usize> = article.sentences.iter().map(|s| s.start).collect();
        let date = article
            .published_at
            .map(|d| d.date_naive().format("%Y-%m-%d").to_string());
        let (entities, clusters) = self.find(&article.body, &starts, date.as_deref());
        article.entities = entities;
        article.clusters = clusters;
        Ok(article)
    }
}

/// A wire dateline, "GENEVA (Reuters) —" or "KIEV, Jan 31 (EuroWire) -": the capitals that
/// open the text name a place, and the parenthesis before the dash the news organisation
/// that filed the story, whatever their names look like.
fn mark_dateline(doc: &Doc<'_>, kb: &Knowledge, mentions: &mut [Mention]) {
    if !mentions
        .first()
        .is_some_and(|m| m.start == 0 && doc.opens_dateline(m.end))
    {
        return;
    }
    let word = |i: usize| (i < doc.tokens.len()).then(|| doc.word(i));
    for (n, m) in mentions.iter_mut().enumerate() {
        let place = n == 0;
        // The first parenthesis of the text, on its first line, then a dash.
        let credit = m.start >= 2
            && m.start <= 8
            && word(m.start - 1) == Some("(")
            && word(m.end) == Some(")")
            && matches!(word(m.end + 1), Some("—" | "–" | "-"))
            && !(0..m.start - 1).any(|i| doc.word(i) == "(")
            && !doc.text[..doc.tokens[m.end].end].contains('\n');
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
