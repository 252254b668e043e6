//! Document-level passes: a name labelled with confidence somewhere labels its other
//! mentions; mentions of one entity form a cluster; clusters are linked to the knowledge base
//! (canonical name, id, country, role at the article's date).

use herald_model::{Cluster, Label};
use rustc_hash::FxHashMap;

use super::gazetteer::{Entry, Knowledge};
use super::rules::{Doc, Mention, Rules, Strength};

/// The surname-like keys of a multi-word personal name: its last word, and that word without
/// an Arabic article ("al-Assad" → "Assad").
fn person_keys<'a>(doc: &Doc<'a>, m: &Mention) -> Vec<&'a str> {
    let mut keys = Vec::new();
    if m.end - m.start < 2 {
        return keys;
    }
    let mut last = m.end - 1;
    while last > m.start + 1
        && matches!(
            doc.word(last),
            "Jr." | "Jr" | "Sr." | "Sr" | "II" | "III" | "IV" | "."
        )
    {
        last -= 1;
    }
    let w = doc.tokens[last].text(doc.text);
    keys.push(w);
    for prefix in ["al-", "el-", "Al-", "El-", "ad-", "as-", "an-", "ar-"] {
        if let Some(rest) = w.strip_prefix(prefix) {
            keys.push(rest);
        }
    }
    keys
}

/// Settles labels with the whole document's evidence and drops what is not a name.
pub fn propagate(doc: &Doc<'_>, kb: &Knowledge, rules: &Rules, mentions: &mut Vec<Mention>) {
    // Confident labels by surface text.
    let mut known: FxHashMap<&str, (Label, Strength)> = FxHashMap::default();
    let mut persons: FxHashMap<&str, usize> = FxHashMap::default();
    for (idx, m) in mentions.iter().enumerate() {
        let Some(label) = m.label else { continue };
        if m.strength < Strength::Weak {
            continue;
        }
        let t = doc.text_of(m);
        let e = known.entry(t).or_insert((label, m.strength));
        if m.strength > e.1 {
            *e = (label, m.strength);
        }
        if label == Label::Per {
            for k in person_keys(doc, m) {
                persons.entry(k).or_insert(idx);
            }
        }
    }
    for m in mentions.iter_mut() {
        if m.strength == Strength::Strong && m.label != Some(Label::Loc) {
            continue;
        }
        let t = doc.text_of(m);
        // "Lavrov" after "Sergei Lavrov"; not a country or a big city that is known as one.
        if m.end - m.start == 1
            && persons.contains_key(t)
            && m.label != Some(Label::Misc)
            && (m.strength < Strength::Strong
                || m.entries.is_none_or(|e| {
                    kb.entries_of(e)
                        .iter()
                        .all(|e| matches!(e, Entry::Place(_)))
                }))
        {
            m.label = Some(Label::Per);
            m.subtype = None;
            m.strength = Strength::Weak;
            continue;
        }
        if m.strength == Strength::Strong {
            continue;
        }
        if let Some(&(label, strength)) = known.get(t) {
            if strength > m.strength || (m.label.is_none() && strength >= Strength::Weak) {
                m.label = Some(label);
                m.strength = Strength::Weak;
            }
        }
    }
    // Candidates nobody confirmed.
    mentions.retain(|m| {
        let Some(label) = m.label else { return false };
        if m.strength > Strength::Candidate {
            return true;
        }
        // An unconfirmed single word mid-sentence: keep the rule's guess unless it is an
        // ordinary English word.
        let t = doc.text_of(m);
        label != Label::Misc && !rules.is_common_word(t)
    });
}

/// Which person of the knowledge base a mention names, if any.
fn person_of(kb: &Knowledge, doc: &Doc<'_>, m: &Mention, date: Option<&str>) -> Option<u32> {
    let mut cands: Vec<u32> = m
        .entries
        .map(|e| {
            kb.entries_of(e)
                .iter()
                .filter_map(|e| match e {
                    Entry::Person(p) => Some(*p),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    if cands.is_empty() {
        let keys = if m.end - m.start == 1 {
            vec![doc.text_of(m)]
        } else {
            person_keys(doc, m)
        };
        for k in keys {
            if let Some(ps) = kb.surnames.get(k) {
                cands.extend(ps.iter().copied());
            }
        }
        if m.end - m.start > 1 {
            // The first name must agree.
            let first = doc.word(m.start);
            cands.retain(|&p| kb.people[p as usize].name.split_whitespace().next() == Some(first));
        }
    }
    pick_by_date(kb, &cands, date)
}

/// Prefers the person holding a role at `date`, then the first listed.
fn pick_by_date(kb: &Knowledge, cands: &[u32], date: Option<&str>) -> Option<u32> {
    if let Some(d) = date {
        if let Some(&p) = cands
            .iter()
            .find(|&&p| role_at(&kb.people[p as usize].roles, Some(d)).is_some())
        {
            return Some(p);
        }
    }
    cands.first().copied()
}

/// The role held at `date` ("YYYY-MM-DD"); without a date, the last listed.
pub fn role_at(roles: &[(String, String, String)], date: Option<&str>) -> Option<String> {
    match date {
        Some(d) => roles
            .iter()
            .rev()
            .find(|(_, from, to)| {
                // Dates may be years only: compare at the precision given.
                let upto = |x: &str| &d[..x.len().min(d.len())];
                (from.is_empty() || from.as_str() <= upto(from))
                    && (to.is_empty() || upto(to) <= to.as_str())
            })
            .map(|(r, _, _)| r.clone()),
        None => roles.last().map(|(r, _, _)| r.clone()),
    }
}

/// Cluster keys.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Kb(Entry),
    Text(Label, String),
}

/// Groups the mentions into clusters; returns each mention's cluster index.
pub fn cluster(
    doc: &Doc<'_>,
    kb: &Knowledge,
    mentions: &[Mention],
    date: Option<&str>,
    aliases: &FxHashMap<String, String>,
    place_of: impl Fn(&Mention) -> Option<Entry>,
) -> (Vec<usize>, Vec<Cluster>) {
    let mut clusters: Vec<Cluster> = Vec::new();
    let mut by_key: FxHashMap<Key, usize> = FxHashMap::default();
    // Surname → cluster of a multi-word person mention.
    let mut person_clusters: FxHashMap<&str, usize> = FxHashMap::default();
    let mut assigned = Vec::with_capacity(mentions.len());
    for m in mentions {
        let label = m.label.unwrap_or(Label::Misc);
        let text = doc.text_of(m);
        // A one-word person mention joins the person whose surname it is.
        let surname_of = (label == Label::Per && m.end - m.start == 1)
            .then(|| person_clusters.get(text).copied())
            .flatten();
        let c = surname_of.unwrap_or_else(|| {
            let mut fresh = Cluster {
                canonical: text.to_string(),
                label,
                id: None,
                country: None,
                role: None,
            };
            let key = match entry_of(doc, kb, m, label, date, &place_of) {
                Some(e) => {
                    describe(kb, e, date, &mut fresh);
                    Key::Kb(e)
                }
                // An acronym defined in the text clusters with its long form.
                None => Key::Text(label, aliases.get(text).map_or(text, String::as_str).into()),
            };
            *by_key.entry(key).or_insert_with(|| {
                clusters.push(fresh);
                clusters.len() - 1
            })
        });
        if label == Label::Per && m.end - m.start > 1 {
            for k in person_keys(doc, m) {
                person_clusters.entry(k).or_insert(c);
            }
            // An unlinked cluster named by its longest mention.
            let cl = &mut clusters[c];
            if cl.id.is_none() && text.len() > cl.canonical.len() {
                cl.canonical = text.to_string();
            }
        }
        assigned.push(c);
    }
    (assigned, clusters)
}

/// The knowledge-base entry a mention labelled `label` links to: the person its name and the
/// date pick; the referent `place_of` gives a place; else the first of its entries of its
/// label's kind.
fn entry_of(
    doc: &Doc<'_>,
    kb: &Knowledge,
    m: &Mention,
    label: Label,
    date: Option<&str>,
    place_of: impl Fn(&Mention) -> Option<Entry>,
) -> Option<Entry> {
    if label == Label::Per {
        return person_of(kb, doc, m, date).map(Entry::Person);
    }
    let entries = kb.entries_of(m.entries?);
    if label == Label::Loc {
        if let Some(e) = place_of(m) {
            return Some(e);
        }
    }
    let want: fn(&Entry) -> bool = match label {
        Label::Org => |e| matches!(e, Entry::Org(_)),
        Label::Loc => |e| !matches!(e, Entry::Org(_) | Entry::Person(_) | Entry::Demonym(_)),
        _ => |e| matches!(e, Entry::Demonym(_)),
    };
    entries.iter().copied().find(want)
}

/// Fills a cluster from a knowledge-base entry; a person's role is the one held at `date`.
fn describe(kb: &Knowledge, e: Entry, date: Option<&str>, c: &mut Cluster) {
    match e {
        Entry::Country(i) | Entry::Demonym(i) => {
            let country = &kb.countries[i as usize];
            if matches!(e, Entry::Country(_)) {
                c.canonical = country.name.clone();
                c.id = Some(format!("loc:{}", country.alpha3.to_lowercase()));
            }
            c.country = Some(country.alpha3.clone());
        }
        Entry::Region(i) => {
            let r = &kb.regions[i as usize];
            c.canonical = r.name.clone();
            if r.countries.len() == 1 {
                c.country = Some(r.countries[0].clone());
            }
        }
        Entry::Admin1(i) => {
            let a = &kb.admin1[i as usize];
            c.canonical = a.name.clone();
            c.country = Some(a.country.clone());
        }
        Entry::Place(i) => {
            let p = &kb.places[i as usize];
            c.canonical = p.name.clone();
            c.id = Some(format!("geonames:{}", p.geonameid));
            c.country = Some(kb.countries[p.country as usize].alpha3.clone());
        }
        Entry::Org(i) => {
            let o = &kb.orgs[i as usize];
            c.canonical = o.name.clone();
            c.id = Some(o.id.clone()).filter(|s| !s.is_empty());
            c.country = o.country.clone();
        }
        Entry::Person(i) => {
            let p = &kb.people[i as usize];
            c.canonical = p.name.clone();
            c.id = Some(p.id.clone()).filter(|s| !s.is_empty());
            c.country = p.country.clone();
            c.role = role_at(&p.roles, date);
        }
    }
}
