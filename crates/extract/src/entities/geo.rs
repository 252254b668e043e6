//! Geocoding: the referent of every place mention, chosen for the whole article at once.
//!
//! Each name's candidates (countries, regions, first-level divisions, towns and counties of
//! that name) are scored in units of ln(population):
//!
//! * the prior: a country or region over any namesake town unless the article's own places
//!   surround the town, a division like a city of 300,000, a town by its population
//!   (capitals a little more), a county a little less than a town of as many people;
//! * containment written out: "Paris, Texas", "Richmond, Va.", "Cornwall, England";
//! * the article's countries and first-level divisions (named, by their people: "Russian", or
//!   in an organisation's name: "Indiana State Police");
//! * the article's other places: a candidate near them (100 / 300 km), in the same division
//!   or the same country as they are; a division among other divisions of its country
//!   ("Georgia" among U.S. states);
//! * names that pair up: two names with namesakes lying together take them ("Paris and
//!   Henry County": Tennessee's), when that beats their best picks apart;
//! * a town written in a container that holds none of its namesakes is placed at the
//!   container ("Fife, Scotland", when no Fife of Scotland is known);
//! * one sense per article: every mention of a name shares the referent, so "Paris, Texas"
//!   once makes the later "Paris" Texan;
//! * a bare wire dateline ("GENEVA (Reuters) —") names a place readers know without more:
//!   the article's countries do not pull it towards a namesake.
//!
//! Other places are used in a second pass: the first picks each name's referent from the
//! prior and the article's named countries and divisions; the confident picks (a clear
//! margin) then anchor the others, and so do the names that pair up. Every choice carries
//! its reason (`geo.reason`).

use std::fmt::Write;

use herald_model::{Geo, Label};
use rustc_hash::{FxHashMap, FxHashSet};

use super::gazetteer::{Entry, Feature, Knowledge, Place};
use super::rules::{Doc, Mention};

/// A country over any namesake town or division, unless the article's own places surround
/// the town (near it, in its division, that division and its country named: "Lebanon"
/// among Tennessee's towns).
const COUNTRY: f64 = 22.0;
/// A region (ties go to the country: "Palestine").
const REGION: f64 = COUNTRY;
/// A first-level division: worth a city of 300,000.
const ADMIN1: f64 = 12.6;
const CAPITAL: f64 = 1.5;
/// A county is named less often than a town of as many people.
const ADMIN2: f64 = -1.0;
/// ", Texas" / ", France" right after the name.
const WRITTEN_IN: f64 = 20.0;
/// The article names the candidate's country or division.
const ARTICLE_COUNTRY: f64 = 3.0;
const ARTICLE_ADMIN1: f64 = 3.0;
/// "Georgia" among other divisions of the same country (unless a national capital has the
/// name: "Washington").
const SIBLING_DIVISION: f64 = 12.0;
/// Another of the article's places lies within 100 / 300 km.
const NEAR: f64 = 3.0;
const NEARISH: f64 = 1.5;
const NEAR_KM: f64 = 100.0;
const NEARISH_KM: f64 = 300.0;
/// Another of the article's places lies in the candidate's division.
const SAME_DIVISION: f64 = 2.0;
/// Each other place of the article in the candidate's country, up to three.
const SAME_COUNTRY: f64 = 1.0;
/// Two names, each with several namesake towns, are taken to name the two that lie together
/// ("Paris and Henry County": Paris, Tennessee, the seat of its Henry County) when their
/// scores, with this added to each, beat the names' best picks apart ...
const PAIR: f64 = 5.0;
/// ... for towns within this distance; the bonus then falls to nothing at [`PAIR_KM`].
const PAIR_FULL_KM: f64 = 30.0;
const PAIR_KM: f64 = 100.0;
/// The candidates of a name looked at for a pair, best first.
const PAIR_CANDIDATES: usize = 30;
/// A town written in a division or country that holds none of its namesakes ("Fife,
/// Scotland") is placed at that container when the best namesake lies further than this.
const FAR_KM: f64 = 1000.0;
/// The lowercase word that makes the name before it a first-level division.
const STATE: &str = "state";
/// A first-pass pick that beats the runner-up by this much anchors the others.
const CONFIDENT: f64 = 1.0;

/// The referent of each place mention of one article, with the reason for it.
pub struct Context {
    choices: FxHashMap<(usize, usize), (Entry, String)>,
}

/// Another place of the article, picked confidently in the first pass.
struct Anchor<'k> {
    group: u32,
    name: &'k str,
    lat: f64,
    lon: f64,
    country: u32,
    /// (country, admin1 key as places.csv writes it).
    admin1: Option<(u32, &'k str)>,
}

/// What the article says around the places, for scoring.
struct Evidence<'k> {
    /// Countries and divisions the article names, with the name (entries) that names them:
    /// a name is no evidence for itself ("Minsk" the city and the region).
    countries: Vec<(u32, u32)>,
    admin1: Vec<(u32, u32)>,
    anchors: Vec<Anchor<'k>>,
}

impl<'k> Evidence<'k> {
    /// The places of the article outside group `gi`; none for a bare dateline, which names a
    /// place readers know without more: the article's other places do not pull it towards a
    /// namesake ("GENEVA" in a story about Illinois).
    fn others(&self, gi: u32, g: &Group) -> impl Iterator<Item = &Anchor<'k>> + '_ {
        let in_story = !g.dateline_only;
        self.anchors
            .iter()
            .filter(move |a| in_story && a.group != gi)
    }

    fn country_named(&self, c: u32, except: u32) -> bool {
        self.countries.iter().any(|&(x, by)| x == c && by != except)
    }

    fn admin1_named(&self, except: u32) -> impl Iterator<Item = u32> + '_ {
        self.admin1
            .iter()
            .filter(move |&&(_, by)| by != except)
            .map(|&(a, _)| a)
    }
}

/// The mentions of one name (one set of knowledge-base entries) in the article.
struct Group {
    entries: u32,
    mentions: Vec<usize>,
    /// Countries and divisions written right after some mention ("Paris, Texas").
    written_in: Vec<Entry>,
    /// Every mention is a bare wire dateline.
    dateline_only: bool,
    /// Some mention is followed by "state" ("Washington state", "Rakhine state").
    state_after: bool,
}

impl Context {
    pub fn new(kb: &Knowledge, doc: &Doc<'_>, mentions: &[Mention]) -> Self {
        let (countries, admin1) = named_countries_and_divisions(kb, doc, mentions);
        let mut groups: Vec<Group> = Vec::new();
        let mut by_entries: FxHashMap<u32, usize> = FxHashMap::default();
        for (i, m) in mentions.iter().enumerate() {
            let Some(e) = m.entries.filter(|_| m.label == Some(Label::Loc)) else {
                continue;
            };
            if !kb.entries_of(e).iter().copied().any(is_place) {
                continue;
            }
            let g = *by_entries.entry(e).or_insert_with(|| {
                groups.push(Group {
                    entries: e,
                    mentions: Vec::new(),
                    written_in: Vec::new(),
                    dateline_only: true,
                    state_after: false,
                });
                groups.len() - 1
            });
            let g = &mut groups[g];
            g.mentions.push(i);
            let after = written_in(kb, doc, e, m.end);
            if let Some(a) = after {
                if !g.written_in.contains(&a) {
                    g.written_in.push(a);
                }
            }
            let bare_dateline = after.is_none() && doc.opens_dateline(m.start, m.end);
            g.dateline_only &= bare_dateline;
            g.state_after |= m.end < doc.tokens.len() && doc.word(m.end) == STATE;
        }

        let mut ev = Evidence {
            countries,
            admin1,
            anchors: Vec::new(),
        };
        // First pass: prior, written containment, named countries and divisions; the
        // confident picks (a clear margin) anchor the second.
        let first = rank_all(kb, &ev, &groups);
        ev.anchors = first
            .iter()
            .enumerate()
            .filter_map(|(gi, ranked)| anchor(kb, gi as u32, confident(ranked)?))
            .collect();
        let mut ranked_all = rank_all(kb, &ev, &groups);
        // Names whose namesakes lie together take them, and anchor the others too.
        let pairs = pairs(kb, &groups, &ranked_all);
        if !pairs.is_empty() {
            ev.anchors
                .retain(|a| !pairs.contains_key(&(a.group as usize)));
            ev.anchors.extend(
                pairs
                    .iter()
                    .filter_map(|(&gi, pair)| anchor(kb, gi as u32, pair.entry)),
            );
            ranked_all = rank_all(kb, &ev, &groups);
        }
        let mut choices = FxHashMap::default();
        for (gi, (g, ranked)) in groups.iter().zip(&ranked_all).enumerate() {
            let Some((_, best, why)) = ranked.first() else {
                continue;
            };
            let rivals = ranked.len() - 1;
            let (best, reason) = match (unknown_in(kb, g, ranked), pairs.get(&gi)) {
                (Some(w), _) => (
                    w,
                    format!(
                        "placed at {} as written: no place of this name known there",
                        name_of(kb, w)
                    ),
                ),
                (None, Some(pair)) => (pair.entry, pair.explain(kb, ranked, rivals)),
                (None, None) => (*best, explain(kb, *best, why, rivals)),
            };
            let best = &best;
            for &mi in &g.mentions {
                let m = &mentions[mi];
                // A mention with its own ", Texas" keeps the namesake it names.
                let own = written_in(kb, doc, g.entries, m.end).and_then(|a| {
                    ranked
                        .iter()
                        .find(|(_, e, _)| contained(kb, *e, a))
                        .filter(|(_, e, _)| e != best)
                });
                let choice = match own {
                    Some((_, e, why)) => (*e, explain(kb, *e, why, ranked.len() - 1)),
                    None => (*best, reason.clone()),
                };
                choices.insert((m.start, m.end), choice);
            }
        }
        Self { choices }
    }

    /// The entry a place mention refers to.
    pub fn resolve(&self, m: &Mention) -> Option<Entry> {
        if m.label != Some(Label::Loc) {
            return None;
        }
        self.choices.get(&(m.start, m.end)).map(|c| c.0)
    }

    /// The coordinates of a place mention, with the reason for the choice.
    pub fn geo(&self, kb: &Knowledge, m: &Mention) -> Option<Geo> {
        if m.label != Some(Label::Loc) {
            return None;
        }
        let (e, reason) = self.choices.get(&(m.start, m.end))?;
        geo_of(kb, *e).map(|g| Geo {
            reason: Some(reason.clone()),
            ..g
        })
    }
}

/// A name's referent taken with another name's: namesakes that lie together.
struct Pair {
    entry: Entry,
    partner: Entry,
    km: f64,
}

impl Pair {
    fn explain(&self, kb: &Knowledge, ranked: &[(f64, Entry, Why)], rivals: usize) -> String {
        let why = ranked.iter().find(|r| r.1 == self.entry).map(|r| &r.2);
        let mut r = explain(kb, self.entry, why.unwrap_or(&Why::default()), rivals);
        let _ = write!(
            r,
            "; {:.0} km from {}, named with it",
            self.km,
            name_of(kb, self.partner)
        );
        r
    }
}

/// A town candidate of a name for pairing: its first-pass score and point.
type Town = (f64, Entry, f64, f64);

/// The picks of names that pair up: two names, each with several namesake towns, are taken
/// to name two of them that lie together (see [`best_pair`]); the pairs that gain most are taken first, a name in one pair at most.
fn pairs(
    kb: &Knowledge,
    groups: &[Group],
    first: &[Vec<(f64, Entry, Why)>],
) -> FxHashMap<usize, Pair> {
    let towns: Vec<Vec<Town>> = groups
        .iter()
        .zip(first)
        .map(|(g, r)| pairable(kb, g, r))
        .collect();
    let mut found = Vec::new();
    for g in 0..towns.len() {
        for h in g + 1..towns.len() {
            let bests = (first[g].first(), first[h].first());
            let Some((best_g, best_h)) = bests.0.zip(bests.1) else {
                continue;
            };
            let apart = ((best_g.0, best_g.1), (best_h.0, best_h.1));
            if let Some((gain, c, d, km)) = best_pair(&towns[g], &towns[h], apart) {
                found.push((gain, g, h, c, d, km));
            }
        }
    }
    found.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut picks = FxHashMap::default();
    for (_, g, h, c, d, km) in found {
        if !picks.contains_key(&g) && !picks.contains_key(&h) {
            picks.insert(
                g,
                Pair {
                    entry: c,
                    partner: d,
                    km,
                },
            );
            picks.insert(
                h,
                Pair {
                    entry: d,
                    partner: c,
                    km,
                },
            );
        }
    }
    picks
}

/// The town candidates of a name that may pair: none for a bare dateline, a name written in
/// its container ("Paris, Texas") or one with fewer than two towns.
fn pairable(kb: &Knowledge, g: &Group, ranked: &[(f64, Entry, Why)]) -> Vec<Town> {
    if g.dateline_only || !g.written_in.is_empty() {
        return Vec::new();
    }
    let towns: Vec<Town> = ranked
        .iter()
        .take(PAIR_CANDIDATES)
        .filter_map(|&(s, e, _)| match e {
            Entry::Place(p) => Some((s, e, kb.places[p as usize].lat, kb.places[p as usize].lon)),
            _ => None,
        })
        .collect();
    if towns.len() < 2 {
        return Vec::new();
    }
    towns
}

/// The best-scoring pair of towns of two names within [`PAIR_KM`], when it beats the two
/// names' best picks (`apart`: their scores and entries, themselves a pair if they lie
/// together) and differs from them: (gain, town of the first name, of the second, km).
fn best_pair(
    a: &[Town],
    b: &[Town],
    apart: ((f64, Entry), (f64, Entry)),
) -> Option<(f64, Entry, Entry, f64)> {
    let ((score_a, best_a), (score_b, best_b)) = apart;
    let together = |x: &Town, y: &Town| {
        // A degree of latitude is 111 km: most pairs are ruled out before the distance.
        if (x.2 - y.2).abs() > PAIR_KM / 111.0 {
            return None;
        }
        let d = km(x.2, x.3, y.2, y.3);
        let bonus = 2.0 * PAIR * ((PAIR_KM - d) / (PAIR_KM - PAIR_FULL_KM)).clamp(0.0, 1.0);
        (bonus > 0.0).then_some((x.0 + y.0 + bonus, d))
    };
    let bests = a
        .iter()
        .find(|t| t.1 == best_a)
        .zip(b.iter().find(|t| t.1 == best_b));
    let apart = bests
        .and_then(|(x, y)| together(x, y))
        .map_or(score_a + score_b, |t| t.0);
    let mut best: Option<(f64, Entry, Entry, f64)> = None;
    for x in a {
        for y in b {
            if x.0 + y.0 + 2.0 * PAIR <= best.map_or(apart, |p| p.0) {
                continue;
            }
            if let Some((score, d)) = together(x, y).filter(|t| t.0 > best.map_or(apart, |p| p.0)) {
                best = Some((score, x.1, y.1, d));
            }
        }
    }
    best.filter(|&(_, ea, eb, _)| ea != best_a || eb != best_b)
        .map(|(score, ea, eb, d)| (score - apart, ea, eb, d))
}

/// The division or country written after a town's name ("Fife, Scotland") when none of the
/// name's candidates lies in it and the best lies far from it: the town is missing from the
/// gazetteer, and its container is a better point than a namesake on another continent.
fn unknown_in(kb: &Knowledge, g: &Group, ranked: &[(f64, Entry, Why)]) -> Option<Entry> {
    let areal = |e: &Entry| !matches!(e, Entry::Place(_)) && is_place(*e);
    if g.written_in.is_empty() || kb.entries_of(g.entries).iter().any(areal) {
        return None;
    }
    let best = geo_of(kb, ranked.first()?.1)?;
    g.written_in.iter().copied().find(|&w| {
        !ranked.iter().any(|(_, e, _)| contained(kb, *e, w))
            && geo_of(kb, w).is_some_and(|c| km(best.lat, best.lon, c.lat, c.lon) > FAR_KM)
    })
}

fn is_place(e: Entry) -> bool {
    matches!(
        e,
        Entry::Country(_) | Entry::Region(_) | Entry::Admin1(_) | Entry::Place(_)
    )
}

/// Countries (indexes) and first-level divisions the article names, by name or by their
/// people ("Russian"), or in the name of an organisation ("Indiana State Police"), each with
/// the name that names it. A name that is both ("Georgia") says nothing of either.
type Named = Vec<(u32, u32)>;

fn named_countries_and_divisions(
    kb: &Knowledge,
    doc: &Doc<'_>,
    mentions: &[Mention],
) -> (Named, Named) {
    let mut countries: FxHashSet<(u32, u32)> = FxHashSet::default();
    let mut admin1: FxHashSet<(u32, u32)> = FxHashSet::default();
    for e in mentions.iter().flat_map(|m| names_in(doc, m)) {
        let es = kb.entries_of(e);
        let ambiguous = es.iter().any(|e| matches!(e, Entry::Admin1(_)))
            && es.iter().any(|e| matches!(e, Entry::Country(_)));
        if ambiguous {
            continue;
        }
        for entry in es {
            match *entry {
                Entry::Country(c) | Entry::Demonym(c) => {
                    countries.insert((c, e));
                }
                Entry::Admin1(a) => {
                    admin1.insert((a, e));
                    if let Some(c) = kb.country_by_alpha3(&kb.admin1[a as usize].country) {
                        countries.insert((c, e));
                    }
                }
                _ => {}
            }
        }
    }
    let mut countries: Named = countries.into_iter().collect();
    let mut admin1: Named = admin1.into_iter().collect();
    countries.sort_unstable();
    admin1.sort_unstable();
    (countries, admin1)
}

/// The knowledge-base names a mention gives for the article's countries and divisions: a
/// place's or nationality's own, or those inside an organisation's name.
fn names_in(doc: &Doc<'_>, m: &Mention) -> Vec<u32> {
    match m.label {
        Some(Label::Loc | Label::Misc) => m.entries.into_iter().collect(),
        Some(Label::Org) => (m.start..m.end)
            .filter_map(|i| doc.hits.get(i)?.iter().find(|h| h.end <= m.end))
            .map(|h| h.entries)
            .collect(),
        _ => Vec::new(),
    }
}

/// Why a candidate scored what it did, for `geo.reason`.
#[derive(Debug, Clone, Default)]
struct Why {
    written_in: Option<Entry>,
    article_country: bool,
    article_admin1: bool,
    siblings: bool,
    near: Option<(f64, String)>,
    same_division: Option<String>,
    same_country: usize,
    one_sense: bool,
    dateline: bool,
    state: bool,
}

/// Every group's candidates, ranked.
fn rank_all(kb: &Knowledge, ev: &Evidence<'_>, groups: &[Group]) -> Vec<Ranked> {
    (0..groups.len())
        .map(|gi| rank(kb, ev, gi as u32, &groups[gi]))
        .collect()
}

/// The best candidate when it beats the runner-up by [`CONFIDENT`].
fn confident(ranked: &[(f64, Entry, Why)]) -> Option<Entry> {
    match ranked {
        [] => None,
        [only] => Some(only.1),
        [a, b, ..] => (a.0 - b.0 >= CONFIDENT).then_some(a.1),
    }
}

/// A group's candidates, best first, with their scores and reasons.
type Ranked = Vec<(f64, Entry, Why)>;

/// The candidates of a group, best first, with their scores and reasons.
fn rank(kb: &Knowledge, ev: &Evidence<'_>, gi: u32, g: &Group) -> Vec<(f64, Entry, Why)> {
    let mut out: Vec<(f64, Entry, Why)> = kb
        .entries_of(g.entries)
        .iter()
        .copied()
        .chain(kb.quiet_divisions(g.entries))
        .filter(|&e| is_place(e))
        .map(|e| {
            let (s, why) = score(kb, ev, gi, g, e);
            (s, e, why)
        })
        .collect();
    // Ties go to the earlier entry (the order of the knowledge files), as before.
    out.sort_by(|a, b| b.0.total_cmp(&a.0));
    out
}

/// A candidate's score for the mentions of group `gi`, and why: its prior, then the evidence of
/// what is written after the name, the article's country and divisions, and its other places.
/// The terms add up in this order.
fn score(kb: &Knowledge, ev: &Evidence<'_>, gi: u32, g: &Group, e: Entry) -> (f64, Why) {
    let mut why = Why {
        one_sense: g.mentions.len() > 1 && !g.written_in.is_empty(),
        dateline: g.dateline_only,
        ..Why::default()
    };
    let Some(mut s) = prior(kb, e) else {
        return (f64::NEG_INFINITY, why);
    };
    if let Some(&w) = g.written_in.iter().find(|&&w| contained(kb, e, w)) {
        s += WRITTEN_IN;
        why.written_in = Some(w);
    }
    // "Washington state": the division, as written.
    if g.state_after && matches!(e, Entry::Admin1(_)) {
        s += WRITTEN_IN;
        why.state = true;
    }
    let country = country_of(kb, e);
    if let (Some(c), false) = (country, g.dateline_only) {
        if !matches!(e, Entry::Country(_)) && ev.country_named(c, g.entries) {
            s += ARTICLE_COUNTRY;
            why.article_country = true;
        }
    }
    match e {
        Entry::Admin1(a) => division_evidence(kb, ev, gi, g, a, &mut s, &mut why),
        Entry::Place(p) => place_evidence(kb, ev, gi, g, p, &mut s, &mut why),
        _ => {}
    }
    if let Some(c) = country {
        let n = ev.others(gi, g).filter(|o| o.country == c).count().min(3);
        s += SAME_COUNTRY * n as f64;
        why.same_country = n;
    }
    (s, why)
}

/// The score of a candidate before any evidence: its kind, and a place's population and
/// feature; `None` for what is no place.
fn prior(kb: &Knowledge, e: Entry) -> Option<f64> {
    Some(match e {
        Entry::Country(_) => COUNTRY,
        Entry::Region(_) => REGION,
        Entry::Admin1(_) => ADMIN1,
        Entry::Place(p) => {
            let p = &kb.places[p as usize];
            (1.0 + p.population as f64).ln()
                + match p.feature {
                    Feature::Capital => CAPITAL,
                    Feature::Admin2 => ADMIN2,
                    Feature::City => 0.0,
                }
        }
        _ => return None,
    })
}

/// Adds to `s` the evidence for first-level division `a`: sibling divisions the article
/// names, and another place of the article in it.
fn division_evidence(
    kb: &Knowledge,
    ev: &Evidence<'_>,
    gi: u32,
    g: &Group,
    a: u32,
    s: &mut f64,
    why: &mut Why,
) {
    let here = &kb.admin1[a as usize];
    // Not against a national capital of the same name: "Washington" among U.S.
    // states is still the capital city.
    let capital_too = kb.entries_of(g.entries).iter().any(
        |e| matches!(e, Entry::Place(p) if kb.places[*p as usize].feature == Feature::Capital),
    );
    if !g.dateline_only
        && !capital_too
        && ev
            .admin1_named(g.entries)
            .any(|o| o != a && kb.admin1[o as usize].country == here.country)
    {
        *s += SIBLING_DIVISION;
        why.siblings = true;
    }
    let key = admin1_key(kb, a);
    if let Some(o) = ev.others(gi, g).find(|o| o.admin1 == Some(key)) {
        *s += SAME_DIVISION;
        why.same_division = Some(o.name.to_string());
    }
}

/// Adds to `s` the evidence for place `p`: its division named in the article, the nearest of
/// the article's other places, and another of them in its division.
fn place_evidence(
    kb: &Knowledge,
    ev: &Evidence<'_>,
    gi: u32,
    g: &Group,
    p: u32,
    s: &mut f64,
    why: &mut Why,
) {
    let p = &kb.places[p as usize];
    if !g.dateline_only && ev.admin1_named(g.entries).any(|a| admin1_matches(kb, a, p)) {
        *s += ARTICLE_ADMIN1;
        why.article_admin1 = true;
    }
    let near = ev
        .others(gi, g)
        .map(|o| (km(p.lat, p.lon, o.lat, o.lon), o.name))
        .min_by(|a, b| a.0.total_cmp(&b.0));
    if let Some((d, name)) = near.filter(|(d, _)| *d < NEARISH_KM) {
        *s += if d < NEAR_KM { NEAR } else { NEARISH };
        why.near = Some((d, name.to_string()));
    }
    let key = (p.country, p.admin1.as_str());
    if let Some(o) = ev.others(gi, g).find(|o| o.admin1 == Some(key)) {
        *s += SAME_DIVISION;
        why.same_division = Some(o.name.to_string());
    }
}

/// The reason for a choice, in words: "city of 47,889 people; in Louisiana as written;
/// 12 km from Rapides Parish; over 14 other candidates".
fn explain(kb: &Knowledge, e: Entry, why: &Why, rivals: usize) -> String {
    let mut r = match e {
        Entry::Country(_) => "country".to_string(),
        Entry::Region(_) => "region".to_string(),
        Entry::Admin1(_) => "first-level division".to_string(),
        Entry::Place(p) => {
            let p = &kb.places[p as usize];
            let kind = match p.feature {
                Feature::Capital => "capital",
                Feature::Admin2 => "county/district",
                Feature::City => "town",
            };
            format!("{kind} of {} people", thousands(p.population))
        }
        _ => String::new(),
    };
    if let Some(w) = why.written_in {
        let _ = write!(r, "; in {} as written", name_of(kb, w));
        if why.one_sense {
            r.push_str(" (one sense per article)");
        }
    }
    if why.dateline {
        r.push_str("; bare dateline");
    }
    if why.state {
        r.push_str("; \"state\" written after it");
    }
    if why.siblings {
        r.push_str("; other divisions of its country named");
    }
    if why.article_admin1 {
        r.push_str("; its division named in the article");
    }
    if why.article_country {
        r.push_str("; its country named in the article");
    }
    if let Some((d, n)) = &why.near {
        let _ = write!(r, "; {d:.0} km from {n}");
    }
    if let Some(n) = &why.same_division {
        let _ = write!(r, "; same division as {n}");
    }
    if why.same_country > 0 {
        let _ = write!(
            r,
            "; {} other place(s) of the article in its country",
            why.same_country
        );
    }
    if rivals > 0 {
        let _ = write!(r, "; over {rivals} other candidate(s)");
    }
    r
}

fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn name_of(kb: &Knowledge, e: Entry) -> &str {
    match e {
        Entry::Country(i) => &kb.countries[i as usize].name,
        Entry::Admin1(i) => &kb.admin1[i as usize].name,
        Entry::Region(i) => &kb.regions[i as usize].name,
        Entry::Place(i) => &kb.places[i as usize].name,
        _ => "",
    }
}

/// The country (index) an entry lies in.
fn country_of(kb: &Knowledge, e: Entry) -> Option<u32> {
    match e {
        Entry::Country(c) => Some(c),
        Entry::Admin1(a) => kb.country_by_alpha3(&kb.admin1[a as usize].country),
        Entry::Place(p) => Some(kb.places[p as usize].country),
        Entry::Region(r) => match kb.regions[r as usize].countries.as_slice() {
            [one] => kb.country_by_alpha3(one),
            _ => None,
        },
        _ => None,
    }
}

/// A division as places.csv names it in a place's `admin1`: US states by name, others by
/// their GeoNames code.
fn admin1_key(kb: &Knowledge, a: u32) -> (u32, &str) {
    let a = &kb.admin1[a as usize];
    let c = kb.country_by_alpha3(&a.country).unwrap_or(u32::MAX);
    if a.country == "USA" {
        (c, a.name.as_str())
    } else {
        (c, a.code.as_str())
    }
}

/// A confident first-pass pick as an anchor for the others (countries and regions are too
/// large to say where the article is).
fn anchor(kb: &Knowledge, group: u32, e: Entry) -> Option<Anchor<'_>> {
    let g = geo_of(kb, e)?;
    let (country, admin1, name) = match e {
        Entry::Admin1(a) => {
            let (c, k) = admin1_key(kb, a);
            (c, Some((c, k)), kb.admin1[a as usize].name.as_str())
        }
        Entry::Place(p) => {
            let p = &kb.places[p as usize];
            let admin1 = (!p.admin1.is_empty()).then_some((p.country, p.admin1.as_str()));
            (p.country, admin1, p.name.as_str())
        }
        _ => return None,
    };
    Some(Anchor {
        group,
        name,
        lat: g.lat,
        lon: g.lon,
        country,
        admin1,
    })
}

/// Whether `e` lies in the country or division `within`.
fn contained(kb: &Knowledge, e: Entry, within: Entry) -> bool {
    match (e, within) {
        (Entry::Place(p), Entry::Country(c)) => kb.places[p as usize].country == c,
        (Entry::Place(p), Entry::Admin1(a)) => admin1_matches(kb, a, &kb.places[p as usize]),
        (Entry::Admin1(a), Entry::Country(c)) => {
            kb.admin1[a as usize].country == kb.countries[c as usize].alpha3
        }
        _ => false,
    }
}

fn admin1_matches(kb: &Knowledge, a: u32, p: &Place) -> bool {
    let a = &kb.admin1[a as usize];
    kb.countries[p.country as usize].alpha3 == a.country
        && (p.admin1 == a.name || p.admin1 == a.code)
}

/// A country or division named right after token `end` as in "Paris, Texas", when the
/// name `names` can be in it: a country is in no other country ("China, Japan" is a list),
/// though a town may have a country's name ("Lebanon, Tenn.").
fn written_in(kb: &Knowledge, doc: &Doc<'_>, names: u32, end: usize) -> Option<Entry> {
    let within = doc.container_after(kb, end)?;
    let country = |e: &Entry| matches!(e, Entry::Country(_));
    let list = country(&within) && kb.entries_of(names).iter().any(country);
    (!list).then_some(within)
}

/// Great-circle distance in km.
fn km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().min(1.0).asin()
}

/// The subtype of a resolved place: "country", "admin1", "admin2", "region" or "city".
pub fn subtype(kb: &Knowledge, e: Entry) -> Option<&'static str> {
    Some(match e {
        Entry::Country(_) => "country",
        Entry::Admin1(_) => "admin1",
        Entry::Region(_) => "region",
        Entry::Place(p) if kb.places[p as usize].feature == Feature::Admin2 => "admin2",
        Entry::Place(_) => "city",
        _ => return None,
    })
}

/// The coordinates of an entry.
pub fn geo_of(kb: &Knowledge, e: Entry) -> Option<Geo> {
    let geo = |name: &str, country: &str, admin1: Option<&str>, (lat, lon), geonameid| Geo {
        name: name.to_string(),
        country: country.to_string(),
        admin1: admin1.filter(|s| !s.is_empty()).map(str::to_string),
        lat,
        lon,
        geonameid,
        reason: None,
    };
    let g = match e {
        Entry::Country(i) => {
            let c = &kb.countries[i as usize];
            geo(&c.name, &c.alpha3, None, (c.lat, c.lon), c.geonameid)
        }
        Entry::Region(i) => {
            let r = &kb.regions[i as usize];
            let country = r.countries.first().map_or("", String::as_str);
            geo(&r.name, country, None, (r.lat, r.lon), None)
        }
        Entry::Admin1(i) => {
            let a = &kb.admin1[i as usize];
            geo(
                &a.name,
                &a.country,
                Some(&a.name),
                (a.lat, a.lon),
                a.geonameid,
            )
        }
        Entry::Place(i) => {
            let p = &kb.places[i as usize];
            let country = &kb.countries[p.country as usize].alpha3;
            geo(
                &p.name,
                country,
                Some(&p.admin1),
                (p.lat, p.lon),
                Some(p.geonameid),
            )
        }
        _ => return None,
    };
    (g.lat.is_finite() && g.lon.is_finite() && !g.country.is_empty()).then_some(g)
}

#[cfg(test)]
mod tests;
