//! Actor recognition and coding: who the noun phrases of a sentence are, as CAMEO-style
//! codes (country + sector, or an organisation's code). Uses the entities stage's clusters
//! when it has run, and its own vocabulary (countries.csv, config/events/actors.toml) always,
//! so that it degrades gracefully when entities are missing.

use std::collections::HashMap;

use super::{Map, Set};

use chrono::NaiveDate;
use herald_model::{Cluster, Entity, Label};
use serde::Deserialize;

use super::morph::plural;
use super::tokens::{tokenize, Token};
use crate::csv::Csv;

/// The vocabulary file, as in `config/events/actors.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ActorFile {
    modifiers: Vec<String>,
    quantifiers: Vec<String>,
    stop_words: Vec<String>,
    sectors: HashMap<String, Vec<String>>,
    titles: HashMap<String, Vec<String>>,
    capitals: HashMap<String, String>,
    metonym: Vec<Named>,
    org: Vec<Named>,
    person: Vec<Named>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Named {
    names: Vec<String>,
    country: Option<String>,
    sector: Option<String>,
    code: Option<String>,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Country,
    Demonym,
    Capital,
    Metonym,
    Org,
    Person,
    Sector,
    Title,
}

/// What one phrase of the vocabulary means.
#[derive(Debug, Clone)]
pub struct Entry {
    pub kind: Kind,
    pub name: String,
    pub country: Option<String>,
    pub sector: Option<String>,
    pub code: Option<String>,
    /// Terms of office (persons): start, end, in which `sector` holds, and the code the
    /// role has then (dated roles of the converted dictionaries: "USAGOV" while president).
    terms: Vec<Term>,
    /// Short all-caps names ("US", "UN") match only in that case.
    exact: Option<String>,
    lat: f64,
    lon: f64,
}

impl Entry {
    fn new(kind: Kind, name: &str) -> Self {
        Self {
            kind,
            name: name.to_string(),
            country: None,
            sector: None,
            code: None,
            terms: Vec::new(),
            exact: None,
            lat: 0.0,
            lon: 0.0,
        }
    }

    /// An entry of a country's at a point.
    fn placed(kind: Kind, name: &str, alpha3: &str, (lat, lon): (f64, f64)) -> Self {
        Self {
            country: Some(alpha3.to_string()),
            lat,
            lon,
            ..Self::new(kind, name)
        }
    }
}

type Term = (Option<NaiveDate>, Option<NaiveDate>, Option<String>);

/// The coded identity of one actor mention.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ActorInfo {
    pub name: String,
    pub code: String,
    pub country: Option<String>,
    pub sector: Option<String>,
    pub cluster: Option<usize>,
    /// The mention is only a place name (a country or a capital): it may be a location.
    pub place: Option<(f64, f64)>,
    /// The mention names a people ("Israelis"), not their state.
    pub people: bool,
}

/// An actor mention: tokens `first..=last` of the sentence.
#[derive(Debug, Clone)]
pub struct Mention {
    pub first: usize,
    pub last: usize,
    pub info: ActorInfo,
}

/// Coordinated mentions ("the U.S. and Russia"): tokens `first..=last`.
#[derive(Debug, Clone)]
pub struct Group {
    pub first: usize,
    pub last: usize,
    pub members: Vec<usize>,
}

#[derive(Default)]
pub struct Actors {
    phrases: Map<String, Entry>,
    prefixes: Set<String>,
    max_len: usize,
    modifiers: Set<String>,
    quantifiers: Set<String>,
    /// Capitalised words that never begin an unknown actor name.
    stop: Set<String>,
    /// Alpha-3 code → the country's common name.
    country_names: Map<String, String>,
}

fn key_of(phrase: &str) -> String {
    tokenize(phrase)
        .into_iter()
        .map(|t| t.lower)
        .collect::<Vec<_>>()
        .join(" ")
}

impl Actors {
    /// The quantifier words ("thousands"), which the coder reads too.
    pub fn quantifiers(&self) -> impl Iterator<Item = &String> {
        self.quantifiers.iter()
    }

    /// Builds the vocabulary from the countries table and actor files (later files add to
    /// and override earlier ones).
    /// `converted`: the converted PETRARCH2 actors and agents texts (see
    /// [`Actors::add_converted`]).
    pub fn new(countries_csv: &str, converted: (&str, &str), files: &[ActorFile]) -> Self {
        let mut actors = Self {
            max_len: 1,
            ..Self::default()
        };
        let (codes, capitals) = actors.add_countries(countries_csv);
        actors.add_converted(converted.0, converted.1, &codes);
        let converted_keys: Vec<String> = actors.phrases.keys().cloned().collect();
        let mut own_names: Set<String> = Set::default();
        for file in files {
            actors.add_file(file, &capitals, &mut own_names);
        }
        // A converted longer name of someone Herald's files know ("barack h. obama") would
        // win over theirs by length: theirs decide.
        for key in converted_keys {
            let known = key
                .match_indices(' ')
                .any(|(i, _)| own_names.contains(&key[i + 1..]));
            if known && !own_names.contains(&key) {
                actors.phrases.remove(&key);
            }
        }
        actors
    }

    /// The common name of the country of alpha-3 code `code`.
    pub fn country_name(&self, code: &str) -> Option<&str> {
        self.country_names.get(code).map(String::as_str)
    }

    /// Adds the countries of the countries table by their names, aliases and demonyms, and
    /// their capitals; returns the alpha-3 codes and each country's capital point.
    fn add_countries(&mut self, countries_csv: &str) -> (Set<String>, HashMap<String, (f64, f64)>) {
        let mut capitals: HashMap<String, (f64, f64)> = HashMap::new();
        let mut codes: Set<String> = Set::default();
        let mut csv = Csv::new(countries_csv);
        let [alpha3, common, official, aliases, demonyms, capital, capital_lat, capital_lon, lat, lon] =
            csv.columns([
                "alpha3",
                "name",
                "official_name",
                "aliases",
                "demonyms",
                "capital",
                "capital_lat",
                "capital_lon",
                "lat",
                "lon",
            ]);
        let f = |s: &str| s.parse::<f64>().unwrap_or(0.0);
        while csv.next_row() {
            let a3 = csv.get(alpha3).to_string();
            codes.insert(a3.clone());
            let country = csv.get(common);
            self.country_names.insert(a3.clone(), country.to_string());
            let point = (f(csv.get(lat)), f(csv.get(lon)));
            let names = [country, csv.get(official)]
                .into_iter()
                .chain(csv.get(aliases).split('|'));
            for name in names.filter(|n| !n.is_empty()) {
                let name = name.strip_prefix("the ").unwrap_or(name);
                self.add(name, Entry::placed(Kind::Country, country, &a3, point));
            }
            for demonym in csv.get(demonyms).split('|').filter(|n| !n.is_empty()) {
                self.add(demonym, Entry::placed(Kind::Demonym, country, &a3, point));
            }
            let capital = csv.get(capital);
            if !capital.is_empty() {
                let point = (f(csv.get(capital_lat)), f(csv.get(capital_lon)));
                capitals.insert(a3.clone(), point);
                self.add(capital, Entry::placed(Kind::Capital, capital, &a3, point));
            }
        }
        (codes, capitals)
    }

    /// Adds one of Herald's or a user's actor files; the keys of the names it gives go in
    /// `own_names`.
    fn add_file(
        &mut self,
        file: &ActorFile,
        capitals: &HashMap<String, (f64, f64)>,
        own_names: &mut Set<String>,
    ) {
        self.modifiers.extend(file.modifiers.iter().cloned());
        self.quantifiers.extend(file.quantifiers.iter().cloned());
        self.stop.extend(file.stop_words.iter().cloned());
        for (sector, words) in &file.sectors {
            for w in words {
                let mut e = Entry::new(Kind::Sector, w);
                e.sector = Some(sector.clone());
                self.add(&plural(w), e.clone());
                self.add(w, e);
            }
        }
        for (sector, words) in &file.titles {
            for w in words {
                let mut e = Entry::new(Kind::Title, w);
                e.sector = (sector != "NONE").then(|| sector.clone());
                self.add(w, e);
            }
        }
        for (name, a3) in &file.capitals {
            let point = capitals.get(a3).copied().unwrap_or_default();
            self.add(name, Entry::placed(Kind::Capital, name, a3, point));
        }
        for (kind, list) in [
            (Kind::Metonym, &file.metonym),
            (Kind::Org, &file.org),
            (Kind::Person, &file.person),
        ] {
            for named in list {
                let canonical = named.names.first().cloned().unwrap_or_default();
                for name in &named.names {
                    let mut e = Entry::new(kind, &canonical);
                    e.country = named.country.clone();
                    e.sector = named.sector.clone();
                    e.code = named.code.clone();
                    let key = key_of(name);
                    // A second term of office of the same person adds to the first.
                    let terms = match self.phrases.get(&key) {
                        // (Not a converted entry's dated roles: Herald's file replaces those.)
                        Some(old) if kind == Kind::Person && old.kind == Kind::Person => old
                            .terms
                            .iter()
                            .filter(|t| t.2.is_none())
                            .cloned()
                            .collect(),
                        _ => Vec::new(),
                    };
                    e.terms = terms;
                    if kind == Kind::Person {
                        e.terms.push((named.start, named.end, None));
                    }
                    own_names.insert(key);
                    self.add(name, e);
                }
            }
        }
    }

    /// Adds the converted PETRARCH2 dictionaries (config/events/petrarch): actors as
    /// `phrase<TAB>code<TAB>CODE:START:END|...`, agents as `phrase<TAB>sector`. They never
    /// replace a phrase already known (the countries table); Herald's own actor files, added
    /// after them, replace theirs.
    fn add_converted(&mut self, actors: &str, agents: &str, countries: &Set<String>) {
        let split = |code: &str| -> (Option<String>, Option<String>, String) {
            let c3 = code.get(..3).filter(|c| countries.contains(*c));
            match c3 {
                Some(c) => {
                    let short = code.get(..6).unwrap_or(code);
                    let sector = code.get(3..6).map(str::to_string);
                    (Some(c.to_string()), sector, short.to_string())
                }
                None => (None, None, code.to_string()),
            }
        };
        let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        for line in actors.lines().filter(|l| !l.starts_with('#')) {
            let mut cells = line.split('\t');
            let (Some(phrase), Some(code), Some(roles)) =
                (cells.next(), cells.next(), cells.next())
            else {
                continue;
            };
            if self.phrases.contains_key(phrase) {
                continue;
            }
            let terms: Vec<Term> = roles
                .split('|')
                .filter_map(|r| {
                    let mut p = r.split(':');
                    let (c, s, e) = (p.next()?, p.next()?, p.next()?);
                    Some((date(s), date(e), Some(split(c).2)))
                })
                .collect();
            let (country, sector, code) = if code.is_empty() {
                let Some(Some(first)) = terms.first().map(|t| t.2.clone()) else {
                    continue;
                };
                let (country, _, _) = split(&first);
                (country, None, None)
            } else {
                let (country, sector, code) = split(code);
                (country, sector, Some(code))
            };
            // A bare country code names the country: the countries table has those.
            if terms.is_empty() && sector.is_none() && country.is_some() {
                continue;
            }
            let kind = if terms.is_empty() {
                Kind::Org
            } else {
                Kind::Person
            };
            let entry = Entry {
                country,
                sector,
                code,
                terms,
                ..Entry::new(kind, phrase)
            };
            self.add(phrase, entry);
        }
        for line in agents.lines().filter(|l| !l.starts_with('#')) {
            let Some((phrase, sector)) = line.split_once('\t') else {
                continue;
            };
            if self.phrases.contains_key(phrase) {
                continue;
            }
            let mut entry = Entry::new(Kind::Sector, phrase);
            entry.sector = Some(sector.to_string());
            self.add(phrase, entry);
        }
    }

    fn add(&mut self, phrase: &str, mut entry: Entry) {
        let toks = tokenize(phrase);
        if toks.is_empty() {
            return;
        }
        let short_caps =
            phrase.chars().count() <= 3 && phrase.chars().all(|c| c.is_uppercase() || c == '.');
        if short_caps && toks.len() == 1 {
            entry.exact = Some(phrase.to_string());
        }
        self.max_len = self.max_len.max(toks.len());
        // Every shorter run of its first words is a prefix ("united", "united arab").
        let mut prefix = String::new();
        for t in &toks[..toks.len() - 1] {
            if !prefix.is_empty() {
                prefix.push(' ');
            }
            prefix.push_str(&t.lower);
            self.prefixes.insert(prefix.clone());
        }
        let key = toks
            .into_iter()
            .map(|t| t.lower)
            .collect::<Vec<_>>()
            .join(" ");
        // Of two countries with one name or demonym ("Congolese"), the first listed keeps it.
        let geo = |k: Kind| matches!(k, Kind::Country | Kind::Demonym | Kind::Capital);
        if self
            .phrases
            .get(&key)
            .is_some_and(|old| geo(old.kind) && geo(entry.kind))
        {
            return;
        }
        self.phrases.insert(key, entry);
    }

    /// The longest vocabulary phrase starting at token `i`, and its length in tokens.
    fn lookup(&self, text: &str, tokens: &[Token], i: usize) -> Option<(usize, &Entry)> {
        let t = &tokens[i];
        if t.punct {
            return None;
        }
        let mut key = String::new();
        let mut best = None;
        let longest = self.max_len.min(tokens.len() - i);
        for len in 1..=longest {
            // A one-word phrase is looked up by the token itself; longer ones need the key,
            // and are only tried while the words so far begin some phrase.
            let found = if len == 1 {
                self.phrases.get(t.lower.as_str())
            } else {
                let so_far = if len == 2 {
                    t.lower.as_str()
                } else {
                    key.as_str()
                };
                if !self.prefixes.contains(so_far) {
                    break;
                }
                if len == 2 {
                    key.push_str(&t.lower);
                }
                key.push(' ');
                key.push_str(&tokens[i + len - 1].lower);
                self.phrases.get(key.as_str())
            };
            if let Some(e) = found {
                let proper = !matches!(e.kind, Kind::Sector | Kind::Title);
                let any_cap = tokens[i..i + len].iter().any(|t| t.cap);
                let exact_ok = e
                    .exact
                    .as_ref()
                    .is_none_or(|x| &text[t.start..t.end] == x.as_str());
                if (!proper || any_cap) && exact_ok {
                    best = Some((len, e));
                }
            }
        }
        best
    }

    /// The actor mentions of one sentence and their coordinated groups. `entities` are the
    /// entities stage's mentions inside the sentence, with token-relative byte offsets
    /// already converted: `(start_byte, end_byte, entity)`.
    pub fn find(
        &self,
        text: &str,
        tokens: &[Token],
        entities: &[(usize, usize, &Entity)],
        clusters: &[Cluster],
        date: Option<NaiveDate>,
    ) -> (Vec<Mention>, Vec<Group>) {
        let scan = Scan {
            text,
            tokens,
            hits: self.hits(text, tokens),
            ents: entity_starts(tokens, entities),
            clusters,
            date,
        };
        let mut mentions: Vec<Mention> = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            match self.mention_at(&scan, i) {
                Ok(m) => {
                    i = m.last + 1;
                    mentions.push(m);
                }
                Err(next) => i = next,
            }
        }
        take_place_countries(tokens, &mut mentions);
        take_the_sentences_country(&mut mentions, entities);
        let groups = group(tokens, &mut mentions);
        (mentions, groups)
    }

    /// Per token, the longest vocabulary phrase starting there, left to right.
    fn hits<'a>(&'a self, text: &str, tokens: &[Token]) -> Vec<Option<(usize, &'a Entry)>> {
        let mut hits = vec![None; tokens.len()];
        let mut i = 0;
        while i < tokens.len() {
            match self.lookup(text, tokens, i) {
                Some((len, e)) => {
                    hits[i] = Some((len, e));
                    i += len;
                }
                None => i += 1,
            }
        }
        hits
    }

    /// A capitalised word that may be part of a name.
    fn name_word(&self, t: &Token) -> bool {
        t.cap && !t.punct && t.lower.len() > 1 && !self.stop.contains(t.lower.as_str())
    }

    /// The mention starting at token `i` (or just after its quantifier), or the token to go
    /// on from when there is none.
    fn mention_at(&self, scan: &Scan, i: usize) -> Result<Mention, usize> {
        let (tokens, hits, ents) = (scan.tokens, &scan.hits, &scan.ents);
        let n = tokens.len();
        let mut j = i;
        let mut parts: Vec<&Entry> = Vec::new();
        let mut cluster: Option<usize> = None;
        let mut names = 0;
        let mut last_content = None;
        while j < n {
            // A title names an official only before a name ("General Petraeus"); a
            // lowercase one before anything else is a word ("a general strike").
            let bare_title = |len: usize, e: &Entry| {
                e.kind == Kind::Title
                    && !tokens[j].cap
                    && (tokens.get(j + len)).is_none_or(|t| !t.cap && hits[j + len].is_none())
            };
            if let Some((len, e)) = hits[j].filter(|&(len, e)| !bare_title(len, e)) {
                parts.push(e);
                j += len;
                last_content = Some(j - 1);
            } else if let Some((len, ent)) = ents[j] {
                cluster = cluster.or(Some(ent.cluster));
                j += len;
                names += 1;
                last_content = Some(j - 1);
            } else if self.name_word(&tokens[j]) && (j != 0 || tokens.get(1).is_some_and(|t| t.cap))
            {
                j += 1;
                names += 1;
                last_content = Some(j - 1);
            } else if self.joins(tokens, hits, &parts, j, last_content.is_some()) {
                j += 1
            } else {
                break;
            }
        }
        let last = match last_content {
            Some(last) if !parts.is_empty() || names > 0 => last,
            _ => return Err(j.max(i + 1)),
        };
        let first = (i..=last)
            .find(|&k| {
                hits[k].is_some()
                    || ents[k].is_some()
                    || self.name_word(&tokens[k])
                    || tokens[k].lower.chars().all(|c| c.is_ascii_digit())
            })
            .unwrap_or(i);
        let first = if i < first && self.quantifiers.contains(&tokens[i].lower) {
            i
        } else {
            first
        };
        let info = self.code(scan, (first, last), &parts, cluster);
        Ok(Mention { first, last, info })
    }

    /// Whether token `j` continues an actor's phrase without being an actor word itself:
    /// a possessive, a modifier or number, a quantifier, or "of" between a sector noun and
    /// a name ("leaders of Romania").
    fn joins(
        &self,
        tokens: &[Token],
        hits: &[Option<(usize, &Entry)>],
        parts: &[&Entry],
        j: usize,
        has_content: bool,
    ) -> bool {
        let w = tokens[j].lower.as_str();
        if w == "'s" {
            return has_content;
        }
        if self.modifiers.contains(w)
            || self.quantifiers.contains(w)
            || (!tokens[j].punct && w.chars().all(|c| c.is_ascii_digit() || c == ','))
        {
            return true;
        }
        w == "of"
            && has_content
            && (parts
                .last()
                .is_some_and(|e| matches!(e.kind, Kind::Sector | Kind::Title))
                || self.quantifiers.contains(&tokens[j - 1].lower))
            && j + 1 < tokens.len()
            && (hits[j + 1].is_some()
                || self.name_word(&tokens[j + 1])
                || tokens[j + 1].lower == "the")
    }

    /// The coded identity of the mention of tokens `first..=last` made of the vocabulary
    /// entries `parts` and an entity of the cluster `cluster`.
    fn code(
        &self,
        scan: &Scan,
        (first, last): (usize, usize),
        parts: &[&Entry],
        cluster: Option<usize>,
    ) -> ActorInfo {
        let mut t = Traits::of(parts, scan.date);
        if let Some(cl) = cluster.and_then(|c| scan.clusters.get(c)) {
            self.add_cluster(&mut t, cl);
        }
        // A lone capital acting stands for its government ("Moscow rejected").
        if parts.len() == 1 && parts[0].kind == Kind::Capital && t.sector.is_none() {
            t.sector = Some("GOV".to_string());
        }
        let code = match (t.code, &t.country, &t.sector) {
            (Some(c), _, _) => c,
            (None, Some(c), Some(s)) => format!("{c}{s}"),
            (None, Some(c), None) => c.clone(),
            (None, None, _) => String::new(),
        };
        let words = &scan.text[scan.tokens[first].start..scan.tokens[last].end];
        let words = words
            .strip_prefix("the ")
            .or_else(|| words.strip_prefix("The "))
            .unwrap_or(words);
        ActorInfo {
            name: t.name.unwrap_or_else(|| words.to_string()),
            code,
            country: t.country,
            sector: t.sector,
            cluster,
            place: if t.only_place { t.place } else { None },
            people: parts.iter().all(|e| e.kind == Kind::Demonym) && !parts.is_empty(),
        }
    }

    /// What the entities stage's cluster of the mention adds: a country, a name, that it is
    /// more than a place, and a sector from its role.
    fn add_cluster(&self, t: &mut Traits, cl: &Cluster) {
        if t.country.is_none() {
            t.country = cl.country.clone();
        }
        if t.name.is_none() {
            t.name = Some(cl.canonical.clone());
        }
        if cl.label == Label::Per || cl.label == Label::Org {
            t.only_place = false;
        }
        if t.sector.is_none() {
            if let Some(role) = &cl.role {
                let key = key_of(role);
                t.sector = key.split(' ').rev().find_map(|w| {
                    self.phrases
                        .get(w)
                        .filter(|e| matches!(e.kind, Kind::Sector | Kind::Title))
                        .and_then(|e| e.sector.clone())
                });
            }
        }
    }
}

/// One sentence as [`Actors::find`] scans it: its tokens, the vocabulary phrase and the
/// entity starting at each token, and what coding a mention needs.
struct Scan<'a> {
    text: &'a str,
    tokens: &'a [Token],
    hits: Vec<Option<(usize, &'a Entry)>>,
    ents: Vec<Option<(usize, &'a Entity)>>,
    clusters: &'a [Cluster],
    date: Option<NaiveDate>,
}

/// Per token, the entity (of a kind that can act) starting there and its length in tokens.
fn entity_starts<'a>(
    tokens: &[Token],
    entities: &[(usize, usize, &'a Entity)],
) -> Vec<Option<(usize, &'a Entity)>> {
    let mut ents = vec![None; tokens.len()];
    for &(s, e, ent) in entities {
        let first = tokens.iter().position(|t| t.end > s);
        let last = tokens.iter().rposition(|t| t.start < e);
        if let (Some(f), Some(l)) = (first, last) {
            if f <= l
                && matches!(
                    ent.label,
                    Label::Per | Label::Org | Label::Loc | Label::Misc
                )
            {
                ents[f] = Some((l + 1 - f, ent));
            }
        }
    }
    ents
}

/// "protesters in Kiev": a sector without a country takes the place's country.
fn take_place_countries(tokens: &[Token], mentions: &mut [Mention]) {
    for k in 0..mentions.len() {
        let m = &mentions[k];
        if m.info.local_without_country() {
            let next = m.last + 1;
            let linked = tokens
                .get(next)
                .is_some_and(|t| matches!(t.lower.as_str(), "in" | "from" | "of"));
            if let Some(p) = mentions
                .get(k + 1)
                .filter(|p| linked && p.first == next + 1)
            {
                if let Some(c) = p.info.country.clone() {
                    mentions[k].info.place_in(c);
                }
            }
        }
    }
}

impl ActorInfo {
    /// A sector with no country or code yet, other than troops ("peacekeepers in Iraq" are
    /// seldom Iraq's).
    fn local_without_country(&self) -> bool {
        let local = self.sector.as_deref().is_some_and(|s| s != MILITARY);
        self.country.is_none() && local && self.code.is_empty()
    }

    /// The sector placed in `country`: its code becomes the country's and the sector's.
    fn place_in(&mut self, country: String) {
        self.code = format!("{country}{}", self.sector.as_deref().unwrap_or_default());
        self.country = Some(country);
    }
}

/// "Protesters marched in Yangon against the coup in Myanmar": a sector without a country
/// (not troops) takes the country of the sentence's places (geocoded by the entities stage,
/// or countries and capitals) when they all lie in one (not of its actors: "Israeli soldiers
/// arrested 100 people").
fn take_the_sentences_country(mentions: &mut [Mention], entities: &[(usize, usize, &Entity)]) {
    let geocoded = (entities.iter())
        .filter(|(_, _, e)| e.label == Label::Loc)
        .filter_map(|(_, _, e)| Some(e.geo.as_ref()?.country.as_str()));
    let named = (mentions.iter())
        .filter(|m| m.info.place.is_some())
        .filter_map(|m| m.info.country.as_deref());
    let mut countries = geocoded.chain(named);
    let Some(first) = countries.next() else {
        return;
    };
    if countries.any(|c| c != first) {
        return;
    }
    let country = first.to_string();
    for m in mentions.iter_mut() {
        if m.info.local_without_country() {
            m.info.place_in(country.clone());
        }
    }
}

/// What the vocabulary entries of one mention say of it.
#[derive(Default)]
struct Traits {
    country: Option<String>,
    sector: Option<String>,
    code: Option<String>,
    name: Option<String>,
    /// Only a place name (countries and capitals) so far.
    only_place: bool,
    /// The code is a dated role's; a title gave the sector. A title in the mention
    /// ("President Bill Clinton") says the role more surely than a dated role of the
    /// dictionaries.
    dated_code: bool,
    titled: bool,
    place: Option<(f64, f64)>,
}

impl Traits {
    /// The traits of a mention made of the entries `parts`, on `date`.
    fn of(parts: &[&Entry], date: Option<NaiveDate>) -> Self {
        let mut t = Self {
            only_place: !parts.is_empty(),
            ..Self::default()
        };
        for e in parts {
            if !matches!(e.kind, Kind::Country | Kind::Demonym | Kind::Capital) {
                t.only_place = false;
            }
            match e.kind {
                Kind::Country | Kind::Demonym | Kind::Capital => t.add_place(e),
                Kind::Metonym | Kind::Org => t.add_org(e),
                Kind::Person => t.add_person(e, date),
                Kind::Sector | Kind::Title => {
                    if e.sector.is_some() {
                        t.sector = e.sector.clone();
                        t.titled = true;
                    }
                }
            }
        }
        if t.dated_code && t.titled && t.country.is_some() {
            t.code = None;
        }
        t
    }

    fn add_place(&mut self, e: &Entry) {
        if self.country.is_none() {
            self.country = e.country.clone();
        }
        if e.kind == Kind::Demonym {
            self.only_place = false;
        } else {
            self.place = Some((e.lat, e.lon));
        }
    }

    fn add_org(&mut self, e: &Entry) {
        if e.country.is_some() && (self.country.is_none() || e.kind == Kind::Org) {
            self.country = e.country.clone();
        }
        if e.sector.is_some() {
            self.sector = e.sector.clone();
        }
        if e.code.is_some() {
            self.code = e.code.clone();
        }
        self.name = Some(e.name.clone());
    }

    /// A person: the code of the role they hold on `date`.
    fn add_person(&mut self, e: &Entry, date: Option<NaiveDate>) {
        let term = e.terms.iter().find(|(s, end, _)| {
            date.is_none_or(|d| s.is_none_or(|s| s <= d) && end.is_none_or(|e| d <= e))
        });
        if e.country.is_some() {
            self.country = e.country.clone();
        }
        if e.terms.iter().any(|t| t.2.is_some()) {
            // A converted dated role carries its own code; out of every term, the entry's
            // default code, if any.
            if let Some(c) = term.and_then(|t| t.2.as_ref()).or(e.code.as_ref()) {
                self.code = Some(c.clone());
                self.dated_code = true;
            }
        } else if term.is_some() {
            if e.code.is_some() {
                self.code = e.code.clone();
            }
            if self.sector.is_none() {
                self.sector = e.sector.clone();
            }
        } else if self.sector.is_none() && e.country.is_some() {
            self.sector = Some("ELI".to_string());
        }
        self.name = Some(e.name.clone());
    }
}

/// The CAMEO sector of armed forces.
pub const MILITARY: &str = "MIL";
/// The sector of civilians, a place's people ("UKRCVL").
pub const CIVILIANS: &str = "CVL";

/// Words that open a noun phrase, between a conjunction and the mention it joins.
const DETERMINERS: &[&str] = &["the", "its", "their", "his", "her"];

/// Joins coordinated mentions into groups; a member without a sector takes the last
/// member's ("Hungarian and Romanian officials").
fn group(tokens: &[Token], mentions: &mut [Mention]) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for (k, m) in mentions.iter().enumerate() {
        let joined = groups.last().is_some_and(|g| {
            // "X and the Y": a determiner opening the next mention after "and" is not
            // between them.
            let mut gap = &tokens[g.last + 1..m.first];
            if let [rest @ .., and, the] = gap {
                if and.lower == "and" && DETERMINERS.contains(&the.lower.as_str()) {
                    gap = &gap[..rest.len() + 1];
                }
            }
            // At most three words join two mentions: no need to collect longer gaps.
            let mut words = [""; 3];
            for (w, t) in words.iter_mut().zip(gap) {
                *w = t.lower.as_str();
            }
            let between: &[&str] = if gap.len() <= 3 {
                &words[..gap.len()]
            } else {
                &[""; 4]
            };
            match between {
                ["and"]
                | ["&"]
                | ["–"]
                | ["—"]
                | ["-"]
                | ["/"]
                | [",", "and"]
                | ["as", "well", "as"] => true,
                // "X, Y and Z"
                [","] => tokens
                    .get(m.last + 1)
                    .is_some_and(|t| t.lower == "and" || t.lower == ","),
                _ => false,
            }
        });
        if joined {
            let g = groups.last_mut().expect("joined to a group");
            g.last = m.last;
            g.members.push(k);
        } else {
            groups.push(Group {
                first: m.first,
                last: m.last,
                members: vec![k],
            });
        }
    }
    for g in &groups {
        let last = *g.members.last().expect("groups are not empty");
        let (sector, has_country) = (
            mentions[last].info.sector.clone(),
            mentions[last].info.country.is_some(),
        );
        if let (Some(sector), true) = (sector, has_country) {
            for &k in &g.members {
                let info = &mut mentions[k].info;
                if info.sector.is_none() && info.code.len() == 3 {
                    if let Some(c) = info.country.clone() {
                        info.code = format!("{c}{sector}");
                        info.sector = Some(sector.clone());
                        info.place = None;
                    }
                }
            }
        }
    }
    groups
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn shipped() -> Actors {
        let file: ActorFile =
            toml::from_str(include_str!("../../../../config/events/actors.toml")).unwrap();
        Actors::new(
            include_str!("../../../../config/knowledge/countries.csv"),
            (
                include_str!("../../../../config/events/petrarch/actors.tsv"),
                include_str!("../../../../config/events/petrarch/agents.tsv"),
            ),
            &[file],
        )
    }

    pub fn codes(actors: &Actors, text: &str, date: &str) -> Vec<Vec<String>> {
        let tokens = tokenize(text);
        let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok();
        let (mentions, groups) = actors.find(text, &tokens, &[], &[], date);
        groups
            .iter()
            .map(|g| {
                g.members
                    .iter()
                    .map(|&k| mentions[k].info.code.clone())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn actor_codes() {
        let a = shipped();
        let d = "2016-09-05";
        let cases: &[(&str, &str, &[&[&str]])] = &[
            (
                "Russian Foreign Minister Sergei Lavrov spoke.",
                d,
                &[&["RUSGOV"]],
            ),
            (
                "Syrian President Bashar al-Assad’s air force would halt.",
                d,
                &[&["SYRMIL"]],
            ),
            ("They met the United Nations.", d, &[&["IGOUNO"]]),
            ("U.S. officials said so.", d, &[&["USAGOV"]]),
            (
                "Senior Hungarian and Romanian officials agreed.",
                d,
                &[&["HUNGOV", "ROUGOV"]],
            ),
            ("Moscow rejected it.", d, &[&["RUSGOV"]]),
            // Offices hold for their term.
            ("Mr. Obama spoke.", d, &[&["USAGOV"]]),
            ("Mr. Obama spoke.", "2019-09-05", &[&["USAELI"]]),
            // PETRARCH2's Phoenix dictionaries: Karzai before and during his presidency.
            ("Hamid Karzai spoke.", "1990-01-01", &[&["AFGELI"]]),
            ("Karzai spoke.", "2005-01-01", &[&["AFGGOV"]]),
            // Its agents: sector words.
            (
                "The French gendarmerie spoke.",
                "2005-01-01",
                &[&["FRACOP"]],
            ),
            // A title says the role more surely than a dated one; Herald's own file decides
            // the people it lists, whatever longer names the converted one has.
            (
                "President Bill Clinton spoke.",
                "2016-01-01",
                &[&["USAGOV"]],
            ),
        ];
        for &(text, date, want) in cases {
            assert_eq!(codes(&a, text, date), want, "{text} {date}");
        }
        assert_eq!(
            codes(&a, "Police dispersed protesters in Kiev.", d)[1],
            vec!["UKRCVL"]
        );
    }
}
