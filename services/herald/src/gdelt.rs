//! `--emit gdelt`: events as tab-separated rows in the GDELT 2.0 event table's 61 columns
//! and order, so GDELT tooling reads them. Fields Herald does not have stay empty: actor
//! known-group, ethnic, religion and second/third type codes, mention and source counts
//! beyond this article, tone, per-actor geography, FIPS country and ADM codes.

use std::io::{self, Write};

use chrono::Datelike;
use herald_model::{Actor, Event};

/// Writes one event as one GDELT 2.0 row.
pub fn write_row(out: &mut dyn Write, e: &Event) -> io::Result<()> {
    let date = e
        .date
        .as_deref()
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let mut cols: Vec<String> = Vec::with_capacity(61);
    // 1 GLOBALEVENTID: the event id's 64 bits, as the integer GDELT uses.
    cols.push(
        u64::from_str_radix(&e.event_id, 16).map_or_else(|_| e.event_id.clone(), |v| v.to_string()),
    );
    // 2-5 SQLDATE, MonthYear, Year, FractionDate.
    match date {
        Some(d) => {
            cols.push(d.format("%Y%m%d").to_string());
            cols.push(d.format("%Y%m").to_string());
            cols.push(d.year().to_string());
            cols.push(format!(
                "{:.4}",
                d.year() as f64 + f64::from(d.ordinal0()) / 365.0
            ));
        }
        None => cols.extend((0..4).map(|_| String::new())),
    }
    // 6-15, 16-25: the two actors.
    for actor in [&e.source, &e.target] {
        actor_columns(&mut cols, actor.as_ref());
    }
    // 26 IsRootEvent (the lead sentence), 27-29 event codes, 30 QuadClass, 31 Goldstein.
    cols.push(if e.sentence.index == 0 { "1" } else { "0" }.to_string());
    cols.push(e.cameo.clone());
    cols.push(e.cameo.chars().take(3).collect());
    cols.push(e.cameo_root.clone());
    cols.push(e.quad_class.to_string());
    cols.push(format!("{:.1}", e.goldstein));
    // 32-34 NumMentions, NumSources, NumArticles: this article; 35 AvgTone: none.
    cols.extend(["1", "1", "1", ""].map(String::from));
    // 36-43 Actor1Geo_*, 44-51 Actor2Geo_*: not known per actor.
    cols.extend((0..16).map(|_| String::new()));
    // 52-59 ActionGeo_: Type, FullName, CountryCode (FIPS: not known), ADM1, ADM2, Lat,
    // Long, FeatureID.
    match &e.location {
        Some(l) => {
            cols.push(String::new());
            cols.push(l.name.clone());
            cols.extend((0..3).map(|_| String::new()));
            cols.push(l.lat.to_string());
            cols.push(l.lon.to_string());
            cols.push(String::new());
        }
        None => cols.extend((0..8).map(|_| String::new())),
    }
    // 60 DATEADDED (YYYYMMDDHHMMSS), 61 SOURCEURL.
    cols.push(
        e.published_at
            .map(|p| p.format("%Y%m%d%H%M%S").to_string())
            .unwrap_or_default(),
    );
    cols.push(e.source_url.clone().unwrap_or_default());
    debug_assert_eq!(cols.len(), 61);
    let clean: Vec<String> = cols
        .into_iter()
        .map(|c| c.replace(['\t', '\n', '\r'], " "))
        .collect();
    writeln!(out, "{}", clean.join("\t"))
}

/// Code, Name, CountryCode, KnownGroupCode, EthnicCode, Religion1Code, Religion2Code,
/// Type1Code, Type2Code, Type3Code.
fn actor_columns(cols: &mut Vec<String>, actor: Option<&Actor>) {
    let Some(a) = actor else {
        cols.extend((0..10).map(|_| String::new()));
        return;
    };
    cols.push(a.code.clone());
    cols.push(a.name.to_uppercase());
    cols.push(a.country.clone().unwrap_or_default());
    // Organisations' codes ("IGOUNO") carry their group after the sector.
    let group = (a.country.is_none() && a.code.len() > 3).then(|| a.code[3..].to_string());
    cols.push(group.unwrap_or_default());
    cols.extend((0..3).map(|_| String::new()));
    let sector = a
        .sector
        .clone()
        .or_else(|| (a.country.is_none() && a.code.len() >= 3).then(|| a.code[..3].to_string()));
    cols.push(sector.unwrap_or_default());
    cols.extend((0..2).map(|_| String::new()));
}

#[cfg(test)]
mod tests {
    use herald_model::{EventLocation, SentenceRef, Trigger};

    use super::*;

    #[test]
    fn a_row_has_the_61_gdelt_columns() {
        let actor = |code: &str, country: Option<&str>, sector: Option<&str>| Actor {
            text: "x".into(),
            name: "Russia".into(),
            code: code.into(),
            country: country.map(String::from),
            sector: sector.map(String::from),
            cluster: None,
        };
        let e = Event {
            event_id: "00000000000000ff".into(),
            article_id: "a".into(),
            sentence: SentenceRef {
                index: 0,
                start: 0,
                end: 10,
            },
            date: Some("2016-09-05".into()),
            source: Some(actor("RUSGOV", Some("RUS"), Some("GOV"))),
            target: Some(actor("IGOUNO", None, None)),
            cameo: "1312".into(),
            cameo_root: "13".into(),
            plover: "THREATEN".into(),
            plover_mode: None,
            plover_context: None,
            goldstein: -5.8,
            quad_class: 3,
            location: Some(EventLocation {
                name: "Geneva".into(),
                country: "CHE".into(),
                lat: 46.2,
                lon: 6.1,
            }),
            trigger: Trigger {
                start: 0,
                end: 3,
                text: "x".into(),
            },
            negated: false,
            mood: Default::default(),
            reciprocal: false,
            confidence: 0.9,
            source_url: Some("https://example.org/a".into()),
            published_at: chrono::DateTime::parse_from_rfc3339("2016-09-05T12:00:00Z").ok(),
        };
        let mut out = Vec::new();
        write_row(&mut out, &e).unwrap();
        let line = String::from_utf8(out).unwrap();
        let cols: Vec<&str> = line.trim_end_matches('\n').split('\t').collect();
        assert_eq!(cols.len(), 61);
        assert_eq!(
            &cols[..6],
            &["255", "20160905", "201609", "2016", "2016.6795", "RUSGOV"]
        );
        assert_eq!(
            (cols[12], cols[15], cols[18], cols[22]),
            ("GOV", "IGOUNO", "UNO", "IGO")
        );
        assert_eq!(&cols[25..31], &["1", "1312", "131", "13", "3", "-5.8"]);
        assert_eq!((cols[52], cols[56], cols[57]), ("Geneva", "46.2", "6.1"));
        assert_eq!(
            (cols[59], cols[60]),
            ("20160905120000", "https://example.org/a")
        );
    }
}
