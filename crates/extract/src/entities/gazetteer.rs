//! The knowledge base (countries, regions, first-level divisions, places, organisations,
//! people, first names) parsed from its CSV/TXT texts, and a table of every name in it,
//! looked up by runs of whole tokens.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::csv::{entries, Csv};
use crate::StageError;

/// The texts of the knowledge files. The stage parses them; reading files is the caller's job.
#[derive(Debug, Clone, Copy)]
pub struct Sources<'a> {
    pub countries: &'a str,
    pub regions: &'a str,
    pub admin1: &'a str,
    pub places: &'a str,
    pub organisations: &'a str,
    /// Football clubs and listed companies from open data, in the columns of `organisations`.
    pub clubs: &'a str,
    pub companies: &'a str,
    pub people: &'a str,
    pub first_names: &'a str,
    pub ambiguous_first_names: &'a str,
    /// Title phrases before names, one a line.
    pub titles: &'a str,
    /// Last words of organisation names, one a line.
    pub org_heads: &'a str,
    /// `config/language/en_entities.toml`.
    pub rules: &'a str,
    /// `config/language/en_words.txt`.
    pub words: &'a str,
}

impl Sources<'static> {
    /// The files shipped in `config/`, compiled into the binary.
    pub fn builtin() -> Self {
        Self {
            countries: include_str!("../../../../config/knowledge/countries.csv"),
            regions: include_str!("../../../../config/knowledge/regions.csv"),
            admin1: include_str!("../../../../config/knowledge/admin1.csv"),
            places: include_str!("../../../../config/knowledge/places.csv"),
            organisations: include_str!("../../../../config/knowledge/organisations.csv"),
            clubs: include_str!("../../../../config/knowledge/clubs.csv"),
            companies: include_str!("../../../../config/knowledge/companies.csv"),
            people: include_str!("../../../../config/knowledge/people.csv"),
            titles: include_str!("../../../../config/knowledge/titles.txt"),
            org_heads: include_str!("../../../../config/knowledge/org_heads.txt"),
            first_names: include_str!("../../../../config/knowledge/first_names.txt"),
            ambiguous_first_names: include_str!(
                "../../../../config/knowledge/ambiguous_first_names.txt"
            ),
            rules: include_str!("../../../../config/language/en_entities.toml"),
            words: include_str!("../../../../config/language/en_words.txt"),
        }
    }
}

impl<'a> Sources<'a> {
    /// The knowledge files users may extend: each one's name (as in `config/knowledge/`)
    /// and its text.
    pub fn files(&mut self) -> [(&'static str, &mut &'a str); 12] {
        [
            ("countries.csv", &mut self.countries),
            ("regions.csv", &mut self.regions),
            ("admin1.csv", &mut self.admin1),
            ("places.csv", &mut self.places),
            ("organisations.csv", &mut self.organisations),
            ("clubs.csv", &mut self.clubs),
            ("companies.csv", &mut self.companies),
            ("people.csv", &mut self.people),
            ("first_names.txt", &mut self.first_names),
            ("ambiguous_first_names.txt", &mut self.ambiguous_first_names),
            ("titles.txt", &mut self.titles),
            ("org_heads.txt", &mut self.org_heads),
        ]
    }
}

/// What a name in the knowledge base can refer to (indexes into the [`Knowledge`] tables).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Entry {
    Country(u32),
    /// A nationality or demonym word of a country ("Russian", "Syrians").
    Demonym(u32),
    Region(u32),
    Admin1(u32),
    Place(u32),
    Org(u32),
    Person(u32),
}

#[derive(Debug, Clone)]
pub struct Country {
    pub alpha3: String,
    pub alpha2: String,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub geonameid: Option<u64>,
}

#[derive(Debug, Clone)]
pub struct Region {
    pub name: String,
    /// Alpha-3 codes of the countries it lies in.
    pub countries: Vec<String>,
    pub lat: f64,
    pub lon: f64,
}

#[derive(Debug, Clone)]
pub struct Admin1 {
    /// Alpha-3 code of the country.
    pub country: String,
    pub code: String,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub geonameid: Option<u64>,
}

/// What a row of `places.csv` is (its `feature` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feature {
    City,
    /// A national capital.
    Capital,
    /// A second-level division: a county, parish or district ("Laurel County").
    Admin2,
}

#[derive(Debug, Clone)]
pub struct Place {
    pub name: String,
    /// Index into `countries`.
    pub country: u32,
    /// US: the state's name; elsewhere the GeoNames admin1 code.
    pub admin1: String,
    pub lat: f64,
    pub lon: f64,
    /// People living there (a division: in its towns).
    pub population: u64,
    pub feature: Feature,
    pub geonameid: u64,
}

#[derive(Debug, Clone)]
pub struct Org {
    pub id: String,
    pub name: String,
    pub country: Option<String>,
    /// Whether its names are often used for a place too ("Pentagon", "Kremlin" are not).
    pub kind: String,
}

#[derive(Debug, Clone)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub country: Option<String>,
    /// Roles with their terms: (role, from, to), dates as "YYYY-MM-DD" prefixes.
    pub roles: Vec<(String, String, String)>,
}

/// Parsed knowledge and its name table.
pub struct Knowledge {
    pub countries: Vec<Country>,
    pub regions: Vec<Region>,
    pub admin1: Vec<Admin1>,
    pub places: Vec<Place>,
    pub orgs: Vec<Org>,
    pub people: Vec<Person>,
    pub first_names: FxHashSet<String>,
    pub ambiguous_first_names: FxHashSet<String>,
    /// Person surnames and single-word aliases → people.
    pub surnames: FxHashMap<String, Vec<u32>>,
    /// A place name's entries (index into `entries`) → the divisions of that name that are
    /// no reason to read it as a place (`named_alone = no`: "Victoria"), only candidates.
    quiet_admin1: FxHashMap<u32, Vec<u32>>,
    /// The entries of each name; `names` indexes this.
    pub entries: Vec<Vec<Entry>>,
    /// Name → index into `entries`.
    pub names: FxHashMap<String, u32>,
    /// A name's leading run of letters and digits → the longest name (bytes) it leads: a run
    /// of tokens is looked up only while some name can still be that long.
    leads: FxHashMap<String, usize>,
}

/// A knowledge-base name found in the text: the tokens `first..=last`.
#[derive(Debug, Clone, Copy)]
pub struct Hit {
    pub first: usize,
    pub last: usize,
    pub entries: u32,
}

fn bad(what: &str, message: impl std::fmt::Display) -> StageError {
    StageError::config("entities", format!("{what}: {message}"))
}

fn num(s: &str) -> f64 {
    s.parse().unwrap_or(f64::NAN)
}

fn list(s: &str) -> impl Iterator<Item = &str> {
    s.split('|').map(str::trim).filter(|a| !a.is_empty())
}

/// Names worth matching: start with a letter or digit, hold at least one uppercase letter.
fn usable(name: &str) -> bool {
    name.chars().next().is_some_and(char::is_alphanumeric)
        && name.chars().any(char::is_uppercase)
        && name.chars().count() >= 2
}

#[derive(Default)]
struct NameTable {
    entries: Vec<Vec<Entry>>,
    names: FxHashMap<String, u32>,
}

impl NameTable {
    /// Adds a name and its `|`-separated aliases.
    fn add_named(&mut self, name: &str, aliases: &str, entry: Entry) {
        self.add(name, entry);
        for alias in list(aliases) {
            self.add(alias, entry);
        }
    }

    fn add(&mut self, name: &str, entry: Entry) {
        let name = name.trim();
        let name = name.strip_prefix("the ").unwrap_or(name);
        // "The New York Times" is matched as "New York Times"; "The Hague" stays.
        let name = match (name.strip_prefix("The "), entry) {
            (Some(rest), Entry::Org(_)) => rest,
            _ => name,
        };
        if !usable(name) {
            return;
        }
        // Names are capitalised phrases: "Islamic State group", "Helmand province",
        // "mainland China" are descriptions, not names (particles such as "al" may lead).
        let words: Vec<&str> = name.split(' ').collect();
        let lower = |w: &&str| w.starts_with(char::is_lowercase);
        if words.len() > 1
            && (words.last().is_some_and(lower)
                || (lower(&words[0]) && !LEADING_PARTICLES.contains(&words[0])))
        {
            return;
        }
        // "Al Jazeera" / "al-Jazeera": the article of an Arabic name in either case.
        if let Some(rest) = name.strip_prefix("Al") {
            if rest.starts_with([' ', '-']) {
                self.add_exact(&format!("al{rest}"), entry);
            }
        }
        if let Some(rest) = name.strip_prefix("al") {
            if rest.starts_with([' ', '-']) {
                self.add_exact(&format!("Al{rest}"), entry);
            }
        }
        self.add_exact(name, entry);
    }

    fn add_exact(&mut self, name: &str, entry: Entry) {
        let next = self.entries.len() as u32;
        let idx = *self.names.entry(name.to_string()).or_insert(next);
        if idx == next {
            self.entries.push(Vec::new());
        }
        let list = &mut self.entries[idx as usize];
        if !list.contains(&entry) {
            list.push(entry);
        }
    }
}

impl Knowledge {
    /// Parses the knowledge files, one named step each, and indexes every name they give by
    /// its lead.
    pub fn parse(src: &Sources<'_>) -> Result<Self, StageError> {
        let mut table = NameTable::default();
        let (countries, by_alpha2) = parse_countries(src.countries, &mut table)?;
        let regions = parse_regions(src.regions, &mut table);
        let (mut admin1, quiet) = parse_admin1(src.admin1, &mut table, &countries, &by_alpha2);
        let places = parse_places(src.places, &mut table, &by_alpha2);
        let quiet_admin1 = quiet_candidates(&table, &admin1, quiet);
        centre_admin1(&mut admin1, &places, &countries);
        let mut orgs = Vec::new();
        for text in [src.organisations, src.clubs, src.companies] {
            parse_orgs(text, &mut table, &mut orgs);
        }
        let (people, surnames) = parse_people(src.people, &mut table);
        let leads = leads(&table.names);
        Ok(Self {
            countries,
            regions,
            admin1,
            places,
            orgs,
            people,
            first_names: entries(src.first_names).map(str::to_string).collect(),
            ambiguous_first_names: entries(src.ambiguous_first_names)
                .map(str::to_string)
                .collect(),
            surnames,
            quiet_admin1,
            entries: table.entries,
            names: table.names,
            leads,
        })
    }

    /// Every knowledge-base name in `text` that is a run of whole tokens (`tokens`: byte
    /// spans, in order), by first token, then last.
    pub fn find(&self, text: &str, tokens: &[(usize, usize)]) -> Vec<Hit> {
        let mut hits = Vec::new();
        for (first, &(start, _)) in tokens.iter().enumerate() {
            let run_end = start + lead(&text[start..]).len();
            if run_end == start {
                continue; // names start with a letter or digit
            }
            // Every name ending at or past the run's end has the whole run as its lead.
            let whole_run = self.leads.get(&text[start..run_end]).copied();
            for (last, &(_, end)) in tokens.iter().enumerate().skip(first) {
                let lead_of = if end >= run_end {
                    whole_run
                } else {
                    self.leads.get(&text[start..end]).copied()
                };
                let Some(longest) = lead_of else {
                    if end >= run_end {
                        break; // no name has this lead
                    }
                    continue;
                };
                if end - start > longest {
                    break;
                }
                if let Some(&entries) = self.names.get(&text[start..end]) {
                    hits.push(Hit {
                        first,
                        last,
                        entries,
                    });
                }
            }
        }
        hits
    }

    /// The place that capitals name by its usual spelling ("MINSK" → Minsk, "SAO PAULO" → Sao
    /// Paulo, "RIO DE JANEIRO" → Rio de Janeiro): the entries of the title-cased words (short
    /// ones after the first also lowercased), when every one of them is a place.
    pub fn place_in_capitals(&self, words: &[&str]) -> Option<u32> {
        let variants = if words.len() > 1 { 2 } else { 1 };
        (0..variants).find_map(|v| {
            let mut name = String::new();
            for (n, w) in words.iter().enumerate() {
                if n > 0 {
                    name.push(' ');
                }
                let small = v == 1 && n > 0 && w.chars().count() <= 3;
                for (k, c) in w.chars().enumerate() {
                    if k == 0 && !small {
                        name.push(c);
                    } else {
                        name.extend(c.to_lowercase());
                    }
                }
            }
            let idx = *self.names.get(&name)?;
            self.entries_of(idx)
                .iter()
                .all(|e| {
                    matches!(
                        e,
                        Entry::Place(_) | Entry::Country(_) | Entry::Admin1(_) | Entry::Region(_)
                    )
                })
                .then_some(idx)
        })
    }

    pub fn lookup(&self, name: &str) -> Option<&[Entry]> {
        self.names
            .get(name)
            .map(|&i| self.entries[i as usize].as_slice())
    }

    pub fn entries_of(&self, idx: u32) -> &[Entry] {
        &self.entries[idx as usize]
    }

    /// The divisions a place name may also refer to without being read as a place for them
    /// (`named_alone = no` in admin1.csv).
    pub fn quiet_divisions(&self, idx: u32) -> impl Iterator<Item = Entry> + '_ {
        (self.quiet_admin1.get(&idx).into_iter().flatten()).map(|&a| Entry::Admin1(a))
    }

    pub fn country_by_alpha3(&self, alpha3: &str) -> Option<u32> {
        self.countries
            .iter()
            .position(|c| c.alpha3 == alpha3)
            .map(|i| i as u32)
    }
}

/// Countries, their aliases and demonyms; also alpha-2 code → index.
fn parse_countries(
    text: &str,
    table: &mut NameTable,
) -> Result<(Vec<Country>, FxHashMap<String, u32>), StageError> {
    let mut countries = Vec::new();
    let mut by_alpha2: FxHashMap<String, u32> = FxHashMap::default();
    let mut csv = Csv::new(text);
    let [a2, a3, name, aliases, demonyms, lat, lon, gid] = csv.columns([
        "alpha2",
        "alpha3",
        "name",
        "aliases",
        "demonyms",
        "lat",
        "lon",
        "geonameid",
    ]);
    if a3.is_none() || name.is_none() {
        return Err(bad("countries.csv", "needs alpha3 and name columns"));
    }
    while csv.next_row() {
        let i = countries.len() as u32;
        let c = Country {
            alpha3: csv.get(a3).to_string(),
            alpha2: csv.get(a2).to_string(),
            name: csv.get(name).to_string(),
            lat: num(csv.get(lat)),
            lon: num(csv.get(lon)),
            geonameid: csv.get(gid).parse().ok(),
        };
        table.add_named(&c.name, csv.get(aliases), Entry::Country(i));
        for d in list(csv.get(demonyms)) {
            table.add(d, Entry::Demonym(i));
        }
        by_alpha2.insert(c.alpha2.clone(), i);
        countries.push(c);
    }
    Ok((countries, by_alpha2))
}

/// Regions, seas and continents.
fn parse_regions(text: &str, table: &mut NameTable) -> Vec<Region> {
    let mut regions = Vec::new();
    let mut csv = Csv::new(text);
    let [name, aliases, cs, lat, lon] = csv.columns(["name", "aliases", "countries", "lat", "lon"]);
    while csv.next_row() {
        let i = regions.len() as u32;
        let r = Region {
            name: csv.get(name).to_string(),
            countries: list(csv.get(cs)).map(str::to_string).collect(),
            lat: num(csv.get(lat)),
            lon: num(csv.get(lon)),
        };
        table.add_named(&r.name, csv.get(aliases), Entry::Region(i));
        regions.push(r);
    }
    regions
}

/// First-level divisions, their country given as alpha-3.
fn parse_admin1(
    text: &str,
    table: &mut NameTable,
    countries: &[Country],
    by_alpha2: &FxHashMap<String, u32>,
) -> (Vec<Admin1>, Vec<u32>) {
    let mut admin1 = Vec::new();
    let mut quiet = Vec::new();
    let mut csv = Csv::new(text);
    let [cc, code, name, aliases, lat, lon, gid, alone] = csv.columns([
        "country",
        "code",
        "name",
        "aliases",
        "lat",
        "lon",
        "geonameid",
        "named_alone",
    ]);
    while csv.next_row() {
        let i = admin1.len() as u32;
        let country = by_alpha2
            .get(csv.get(cc))
            .map(|&c| countries[c as usize].alpha3.clone())
            .unwrap_or_else(|| csv.get(cc).to_string());
        let a = Admin1 {
            country,
            code: csv.get(code).to_string(),
            name: csv.get(name).to_string(),
            lat: num(csv.get(lat)),
            lon: num(csv.get(lon)),
            geonameid: csv.get(gid).parse().ok(),
        };
        if csv.get(alone) == "no" {
            quiet.push(i);
        } else {
            table.add_named(&a.name, csv.get(aliases), Entry::Admin1(i));
        }
        admin1.push(a);
    }
    (admin1, quiet)
}

/// The quiet divisions (`quiet`, indexes into `admin1`) by the entries of the place names
/// they share; one whose name no place has is dropped.
fn quiet_candidates(
    table: &NameTable,
    admin1: &[Admin1],
    quiet: Vec<u32>,
) -> FxHashMap<u32, Vec<u32>> {
    let mut out: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
    for a in quiet {
        if let Some(&entries) = table.names.get(admin1[a as usize].name.as_str()) {
            out.entry(entries).or_default().push(a);
        }
    }
    out
}

/// Places of known countries, with those alternate names that read as names.
fn parse_places(
    text: &str,
    table: &mut NameTable,
    by_alpha2: &FxHashMap<String, u32>,
) -> Vec<Place> {
    let mut places = Vec::new();
    let mut csv = Csv::new(text);
    let [gid, name, ascii, alts, cc, adm, lat, lon, pop, feature] = csv.columns([
        "geonameid",
        "name",
        "ascii_name",
        "alternate_names",
        "country",
        "admin1",
        "lat",
        "lon",
        "population",
        "feature",
    ]);
    while csv.next_row() {
        let Some(&country) = by_alpha2.get(csv.get(cc)) else {
            continue;
        };
        let i = places.len() as u32;
        let p = Place {
            name: csv.get(name).to_string(),
            country,
            admin1: csv.get(adm).to_string(),
            lat: num(csv.get(lat)),
            lon: num(csv.get(lon)),
            population: csv.get(pop).parse().unwrap_or(0),
            feature: match csv.get(feature) {
                "capital" => Feature::Capital,
                "admin2" => Feature::Admin2,
                _ => Feature::City,
            },
            geonameid: csv.get(gid).parse().unwrap_or(0),
        };
        table.add(&p.name, Entry::Place(i));
        let a = csv.get(ascii);
        if a != p.name {
            table.add(a, Entry::Place(i));
        }
        for al in list(csv.get(alts)) {
            if is_place_alias(al) {
                table.add(al, Entry::Place(i));
            }
        }
        places.push(p);
    }
    places
}

/// Lower-case particles a knowledge-base name may open with ("al Qaeda", "de Gaulle").
const LEADING_PARTICLES: &[&str] = &[
    "al", "el", "ad", "as", "an", "ar", "de", "la", "le", "bin", "ibn", "abu",
];

/// Lower-case words an alternate place name may hold ("Rio de Janeiro", "Stratford-upon-Avon").
const PLACE_NAME_PARTICLES: &[&str] = &[
    "de", "del", "la", "le", "el", "al", "of", "and", "do", "da", "dos", "das", "du", "des", "di",
    "on", "upon", "sur", "am", "an", "im",
];

/// Whether an alternate name of a place reads as a name: letters and name punctuation, each
/// word capitalised or a particle.
fn is_place_alias(name: &str) -> bool {
    name.chars()
        .all(|c| c.is_alphabetic() || " -'.’".contains(c))
        && name
            .split(' ')
            .all(|w| w.starts_with(char::is_uppercase) || PLACE_NAME_PARTICLES.contains(&w))
}

/// A division's point: the middle of its places' bounding box, which lies nearer its
/// centre than its capital does (admin1.csv gives the capital).
fn centre_admin1(admin1: &mut [Admin1], places: &[Place], countries: &[Country]) {
    let mut bboxes: FxHashMap<(&str, &str), (f64, f64, f64, f64)> = FxHashMap::default();
    for p in places {
        if p.lat.is_finite() && p.lon.is_finite() && p.feature != Feature::Admin2 {
            let key = (
                countries[p.country as usize].alpha3.as_str(),
                p.admin1.as_str(),
            );
            let b = bboxes.entry(key).or_insert((p.lat, p.lat, p.lon, p.lon));
            *b = (
                b.0.min(p.lat),
                b.1.max(p.lat),
                b.2.min(p.lon),
                b.3.max(p.lon),
            );
        }
    }
    for a in admin1 {
        // Places name a US state by its name, others by its GeoNames code.
        let bbox = [a.name.as_str(), a.code.as_str()]
            .into_iter()
            .filter_map(|k| bboxes.get(&(a.country.as_str(), k)))
            .copied()
            .reduce(|x, y| (x.0.min(y.0), x.1.max(y.1), x.2.min(y.2), x.3.max(y.3)));
        if let Some((lat0, lat1, lon0, lon1)) = bbox {
            a.lat = (lat0 + lat1) / 2.0;
            a.lon = (lon0 + lon1) / 2.0;
        }
    }
}

/// Organisations of one file, after those of the files before.
fn parse_orgs(text: &str, table: &mut NameTable, orgs: &mut Vec<Org>) {
    let mut csv = Csv::new(text);
    let [id, name, aliases, cc, kind] =
        csv.columns(["id", "canonical", "aliases", "country", "kind"]);
    let name = name.or(csv.column("name"));
    while csv.next_row() {
        let i = orgs.len() as u32;
        let o = Org {
            id: csv.get(id).to_string(),
            name: csv.get(name).to_string(),
            country: Some(csv.get(cc).to_string()).filter(|s| !s.is_empty()),
            kind: csv.get(kind).to_string(),
        };
        if o.name.is_empty() {
            continue;
        }
        table.add_named(&o.name, csv.get(aliases), Entry::Org(i));
        orgs.push(o);
    }
}

/// People: one row per office; rows of one person share the id. Also surname → people.
fn parse_people(text: &str, table: &mut NameTable) -> (Vec<Person>, FxHashMap<String, Vec<u32>>) {
    let mut people: Vec<Person> = Vec::new();
    let mut by_id: FxHashMap<String, u32> = FxHashMap::default();
    let mut surnames: FxHashMap<String, Vec<u32>> = FxHashMap::default();
    let mut csv = Csv::new(text);
    let [id, name, aliases, cc, role, from, to] = csv.columns([
        "id",
        "canonical",
        "aliases",
        "country",
        "role",
        "start",
        "end",
    ]);
    let name = name.or(csv.column("name"));
    while csv.next_row() {
        let pid = csv.get(id).to_string();
        let canonical = csv.get(name).to_string();
        if canonical.is_empty() {
            continue;
        }
        let term = (
            csv.get(role).to_string(),
            csv.get(from).to_string(),
            csv.get(to).to_string(),
        );
        let key = if pid.is_empty() {
            canonical.clone()
        } else {
            pid.clone()
        };
        if let Some(&i) = by_id.get(&key) {
            if !term.0.is_empty() {
                people[i as usize].roles.push(term);
            }
            continue;
        }
        let i = people.len() as u32;
        by_id.insert(key, i);
        let mut names = vec![canonical.clone()];
        names.extend(list(csv.get(aliases)).map(str::to_string));
        for n in &names {
            table.add(n, Entry::Person(i));
            let words: Vec<&str> = n.split_whitespace().collect();
            if let Some(last) = surname_of(&words) {
                for key in surname_keys(last) {
                    let v = surnames.entry(key.to_string()).or_default();
                    if !v.contains(&i) {
                        v.push(i);
                    }
                }
            }
        }
        people.push(Person {
            id: pid,
            name: canonical,
            country: Some(csv.get(cc).to_string()).filter(|s| !s.is_empty()),
            roles: if term.0.is_empty() {
                Vec::new()
            } else {
                vec![term]
            },
        });
    }
    (people, surnames)
}

/// The leading run of letters and digits of `text`.
fn lead(text: &str) -> &str {
    // ASCII bytes first (an ASCII character is alphanumeric as a byte as it is as a char),
    // then character by character from the first byte that is not.
    let ascii = text
        .bytes()
        .position(|b| !b.is_ascii_alphanumeric())
        .unwrap_or(text.len());
    if text.as_bytes().get(ascii).is_none_or(u8::is_ascii) {
        return &text[..ascii];
    }
    let rest = &text[ascii..];
    let end = rest
        .char_indices()
        .find(|(_, c)| !c.is_alphanumeric())
        .map_or(rest.len(), |(i, _)| i);
    &text[..ascii + end]
}

/// Each name's lead and the longest name (bytes) with it.
fn leads(names: &FxHashMap<String, u32>) -> FxHashMap<String, usize> {
    let mut leads: FxHashMap<String, usize> = FxHashMap::default();
    for name in names.keys() {
        let longest = leads.entry(lead(name).to_string()).or_default();
        *longest = (*longest).max(name.len());
    }
    leads
}

/// A surname and its forms without an Arabic article ("al-Assad" → "Assad").
pub fn surname_keys(surname: &str) -> impl Iterator<Item = &str> {
    let bare = [
        "al-", "el-", "Al-", "El-", "ad-", "as-", "an-", "ar-", "ash-", "at-", "az-",
    ]
    .iter()
    .find_map(|p| surname.strip_prefix(p));
    std::iter::once(surname).chain(bare)
}

/// The surname of a personal name: its last word, skipping generational suffixes.
pub fn surname_of<'a>(words: &[&'a str]) -> Option<&'a str> {
    let mut w = words;
    while let Some((last, rest)) = w.split_last() {
        if matches!(*last, "Jr." | "Jr" | "Sr." | "Sr" | "II" | "III" | "IV") && !rest.is_empty() {
            w = rest;
            continue;
        }
        return (words.len() > 1 && last.chars().any(char::is_uppercase)).then_some(*last);
    }
    None
}
