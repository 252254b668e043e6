//! Geocoding: the most likely referent of each place mention, by kind (a country over a
//! city of the same name), population, the countries the article mentions, and a following
//! ", Texas" or ", France".

use herald_model::{Geo, Label};
use rustc_hash::FxHashSet;

use super::gazetteer::{Entry, Knowledge};
use super::rules::{Doc, Mention};

/// Countries (indexes) an article talks about, with the first-level divisions it names.
pub struct Context {
    countries: FxHashSet<u32>,
    admin1: FxHashSet<u32>,
}

impl Context {
    pub fn new(kb: &Knowledge, mentions: &[Mention]) -> Self {
        let mut countries = FxHashSet::default();
        let mut admin1 = FxHashSet::default();
        for m in mentions {
            let Some(e) = m.entries else { continue };
            if !matches!(m.label, Some(Label::Loc | Label::Misc)) {
                continue;
            }
            let es = kb.entries_of(e);
            // "Georgia" the state or the country: undecided, it says nothing of either.
            let ambiguous = es.iter().any(|e| matches!(e, Entry::Admin1(_)))
                && es.iter().any(|e| matches!(e, Entry::Country(_)));
            if ambiguous {
                continue;
            }
            for e in es {
                match *e {
                    Entry::Country(c) | Entry::Demonym(c) => {
                        countries.insert(c);
                    }
                    Entry::Admin1(a) => {
                        admin1.insert(a);
                        if let Some(c) = kb.country_by_alpha3(&kb.admin1[a as usize].country) {
                            countries.insert(c);
                        }
                    }
                    _ => {}
                }
            }
        }
        Self { countries, admin1 }
    }
}

/// Picks the entry a place mention most likely refers to.
pub fn resolve(kb: &Knowledge, doc: &Doc<'_>, ctx: &Context, m: &Mention) -> Option<Entry> {
    if m.label != Some(Label::Loc) {
        return None;
    }
    let es = kb.entries_of(m.entries?);
    if let Some(e) = es.iter().find(|e| matches!(e, Entry::Country(_))) {
        // "Georgia" among other U.S. states is the state.
        let state = es.iter().find_map(|e| match *e {
            Entry::Admin1(a) => Some(a),
            _ => None,
        });
        if let Some(a) = state {
            if ctx.admin1.iter().any(|&o| o != a) {
                return Some(Entry::Admin1(a));
            }
        }
        return Some(*e);
    }
    // ", Texas" / ", France" right after the name.
    let after = following_place(kb, doc, m.end);
    // A bare dateline names a place the readers know without a state or country after it:
    // the prominent one, whatever the story mentions ("GENEVA" in a story about U.S.
    // diplomacy is not Geneva, Illinois). Other mentions lean to the story's countries.
    let in_story = after.is_some() || !(m.start == 0 && doc.opens_dateline(m.end));
    let mut best: Option<(f64, Entry)> = None;
    for &e in es {
        let score = match e {
            Entry::Region(_) => 30.0,
            Entry::Admin1(a) => {
                let a = &kb.admin1[a as usize];
                let in_ctx = kb
                    .country_by_alpha3(&a.country)
                    .is_some_and(|c| ctx.countries.contains(&c));
                // A state is worth a city of 300,000, more when its country is in the story.
                12.6 + if in_ctx { 3.0 } else { 0.0 }
            }
            Entry::Place(p) => {
                let p = &kb.places[p as usize];
                let mut s = (1.0 + p.population as f64).ln();
                if in_story && ctx.countries.contains(&p.country) {
                    s += 3.0;
                }
                if p.capital {
                    s += 1.5;
                }
                if in_story && ctx.admin1.iter().any(|&a| admin1_matches(kb, a, p)) {
                    s += 3.0;
                }
                if let Some(after) = after {
                    match after {
                        Entry::Country(c) if c == p.country => s += 20.0,
                        Entry::Admin1(a) if admin1_matches(kb, a, p) => s += 20.0,
                        _ => {}
                    }
                }
                s
            }
            _ => continue,
        };
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, e));
        }
    }
    best.map(|(_, e)| e)
}

fn admin1_matches(kb: &Knowledge, a: u32, p: &super::gazetteer::Place) -> bool {
    let a = &kb.admin1[a as usize];
    kb.countries[p.country as usize].alpha3 == a.country
        && (p.admin1 == a.name || p.admin1 == a.code)
}

/// A country or division named right after token `end` as in "Paris, Texas".
fn following_place(kb: &Knowledge, doc: &Doc<'_>, end: usize) -> Option<Entry> {
    if end + 1 >= doc.tokens.len() || doc.word(end) != "," {
        return None;
    }
    let h = doc.hits.get(end + 1)?.first()?;
    kb.entries_of(h.entries)
        .iter()
        .copied()
        .find(|e| matches!(e, Entry::Country(_) | Entry::Admin1(_)))
}

/// The coordinates of an entry.
pub fn geo_of(kb: &Knowledge, e: Entry) -> Option<Geo> {
    let g = match e {
        Entry::Country(i) => {
            let c = &kb.countries[i as usize];
            Geo {
                name: c.name.clone(),
                country: c.alpha3.clone(),
                admin1: None,
                lat: c.lat,
                lon: c.lon,
                geonameid: c.geonameid,
            }
        }
        Entry::Region(i) => {
            let r = &kb.regions[i as usize];
            Geo {
                name: r.name.clone(),
                country: r.countries.first().cloned().unwrap_or_default(),
                admin1: None,
                lat: r.lat,
                lon: r.lon,
                geonameid: None,
            }
        }
        Entry::Admin1(i) => {
            let a = &kb.admin1[i as usize];
            Geo {
                name: a.name.clone(),
                country: a.country.clone(),
                admin1: Some(a.name.clone()),
                lat: a.lat,
                lon: a.lon,
                geonameid: a.geonameid,
            }
        }
        Entry::Place(i) => {
            let p = &kb.places[i as usize];
            Geo {
                name: p.name.clone(),
                country: kb.countries[p.country as usize].alpha3.clone(),
                admin1: Some(p.admin1.clone()).filter(|s| !s.is_empty()),
                lat: p.lat,
                lon: p.lon,
                geonameid: Some(p.geonameid),
            }
        }
        _ => return None,
    };
    (g.lat.is_finite() && g.lon.is_finite() && !g.country.is_empty()).then_some(g)
}
