//! The language stage on short news items (tests/data/short_news_language.tsv): English items
//! are never sent to another language, and the others are not coded as English (so the
//! English-only stages are skipped for them) except the few listed in [`KNOWN_AS_ENGLISH`].
//! Prints the confusion table (`--nocapture`).

use std::collections::BTreeMap;

use herald_extract::language::{Language, LanguageConfig};

/// Non-English items taken for English: every ordinary (lowercase) word of them is also an
/// English word, and whatlang is unsure of them, so nothing in them outweighs the default.
const KNOWN_AS_ENGLISH: [&str; 3] = [
    "Câmara dos Deputados aprova nova lei.",
    "Schwere Unwetter in Bayern.",
    "Migliaia in piazza a Roma.",
];

/// (true language, text) of each item.
fn items() -> Vec<(&'static str, &'static str)> {
    include_str!("data/short_news_language.tsv")
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split_once('\t').expect("code<TAB>text"))
        .collect()
}

/// Rows: true language; columns: assigned code; cells: counts.
fn confusion(results: &[(&str, String)]) -> String {
    let mut table: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    for (truth, code) in results {
        *table.entry(truth).or_default().entry(code).or_default() += 1;
    }
    let mut columns: Vec<&str> = results.iter().map(|(_, c)| c.as_str()).collect();
    columns.sort_unstable();
    columns.dedup();
    let mut out = format!("true\\assigned {}\n", columns.join(" "));
    for (truth, row) in &table {
        let cells: Vec<String> = columns
            .iter()
            .map(|c| row.get(c).map_or("-".to_string(), |n| n.to_string()))
            .collect();
        out.push_str(&format!("{truth} {}\n", cells.join(" ")));
    }
    out
}

#[test]
fn short_news_items_are_routed_to_english_or_away_from_it() {
    let stage = Language::new(&LanguageConfig::default());
    let items = items();
    assert!(items.len() >= 200, "{} items", items.len());
    let results: Vec<(&str, String)> = items
        .iter()
        .map(|&(truth, text)| (truth, stage.identify(None, text).code))
        .collect();
    println!("{}", confusion(&results));
    let wrong = |english: bool| -> Vec<String> {
        items
            .iter()
            .zip(&results)
            .filter(|((truth, _), (_, code))| {
                (*truth == "en") == english && (code == "en") != english
            })
            .map(|((_, text), _)| text.to_string())
            .collect()
    };
    assert_eq!(
        wrong(true),
        Vec::<String>::new(),
        "English items sent elsewhere"
    );
    assert_eq!(
        wrong(false),
        KNOWN_AS_ENGLISH,
        "other items taken for English"
    );
}
