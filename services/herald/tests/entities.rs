//! The `entities` stage end to end on the user's seed story, through the built binary.

mod common;

use serde_json::Value;

struct Found {
    text: String,
    label: String,
    cluster: Value,
    geo: Value,
}

fn entities(article: &Value) -> Vec<Found> {
    let body: Vec<char> = article["body"].as_str().unwrap().chars().collect();
    let clusters = article["clusters"].as_array().unwrap();
    let mut last_end = 0;
    article["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let (start, end) = (
                e["start"].as_u64().unwrap() as usize,
                e["end"].as_u64().unwrap() as usize,
            );
            assert!(start >= last_end && start < end && end <= body.len(), "{e}");
            last_end = end;
            let text: String = body[start..end].iter().collect();
            assert_eq!(
                e["text"].as_str().unwrap(),
                text,
                "text is body[start..end]"
            );
            let cluster = clusters[e["cluster"].as_u64().unwrap() as usize].clone();
            Found {
                text,
                label: e["label"].as_str().unwrap().to_string(),
                cluster,
                geo: e["geo"].clone(),
            }
        })
        .collect()
}

/// One scenario over the seed story: its people, organisations and places in turn; the length
/// is the story's list of them.
#[test]
fn the_seed_story_people_organisations_and_places() {
    let Some(article) = common::seed_article() else {
        return;
    };
    let found = entities(&article);
    let listing: Vec<String> = found
        .iter()
        .map(|f| format!("{} {} → {}", f.label, f.text, f.cluster["canonical"]))
        .collect();
    let with = |label: &str, canonical: &str| -> Vec<&Found> {
        found
            .iter()
            .filter(|f| f.label == label && f.cluster["canonical"] == canonical)
            .collect()
    };

    // The eight people, linked by their canonical names.
    for name in [
        "Barack Obama",
        "Vladimir Putin",
        "John Kerry",
        "Sergei Lavrov",
        "Angela Merkel",
        "François Hollande",
        "Bashar al-Assad",
        "Staffan de Mistura",
    ] {
        assert!(!with("PER", name).is_empty(), "no {name}: {listing:#?}");
    }
    // "Mr. Obama" in 2016 is Barack Obama, the U.S. head of state; every "Obama" is one cluster.
    let obama = with("PER", "Barack Obama");
    assert!(obama.len() >= 8, "{listing:#?}");
    assert!(
        obama.iter().all(|f| f.text == "Obama"),
        "titles stay outside"
    );
    assert!(obama.iter().all(|f| f.cluster == obama[0].cluster));
    assert_eq!(obama[0].cluster["country"], "USA");
    assert_eq!(obama[0].cluster["role"], "head of state");
    let lavrov = &with("PER", "Sergei Lavrov")[0];
    assert_eq!(lavrov.text, "Sergei Lavrov");
    assert_eq!(lavrov.cluster["country"], "RUS");
    assert_eq!(lavrov.cluster["role"], "foreign minister");
    assert_eq!(with("PER", "Vladimir Putin")[0].cluster["country"], "RUS");
    // "Messrs. Obama and Putin" is two people.
    assert!(with("PER", "Vladimir Putin").len() >= 4, "{listing:#?}");
    // Mr. Kerry joins John Kerry.
    assert!(with("PER", "John Kerry").iter().any(|f| f.text == "Kerry"));

    // Organisations.
    for (text, canonical) in [
        ("White House", "White House"),
        (
            "Democratic National Committee",
            "Democratic National Committee",
        ),
        ("Nusra Front", "Nusra Front"),
        ("Syria Conquest Front", "Nusra Front"),
        ("al Qaeda", "al Qaeda"),
        ("Islamic State", "Islamic State"),
        ("United Nations", "United Nations"),
    ] {
        assert!(
            found
                .iter()
                .any(|f| f.label == "ORG" && f.text == text && f.cluster["canonical"] == canonical),
            "no ORG {text}: {listing:#?}"
        );
    }
    assert!(
        !found.iter().any(|f| f.text.starts_with("the ")),
        "a leading the stays outside"
    );

    // Places, with their countries.
    for (text, country) in [
        ("Syria", "SYR"),
        ("Russia", "RUS"),
        ("Ukraine", "UKR"),
        ("Belarus", "BLR"),
        ("China", "CHN"),
        ("Minsk", "BLR"),
        ("Paris", "FRA"),
    ] {
        let f = found
            .iter()
            .find(|f| f.label == "LOC" && f.text == text)
            .unwrap_or_else(|| panic!("no LOC {text}: {listing:#?}"));
        assert_eq!(f.geo["country"], country, "{text}");
    }
    let minsk = found.iter().find(|f| f.text == "Minsk").unwrap();
    let (lat, lon) = (
        minsk.geo["lat"].as_f64().unwrap(),
        minsk.geo["lon"].as_f64().unwrap(),
    );
    assert!(
        (lat - 53.9).abs() < 0.2 && (lon - 27.57).abs() < 0.2,
        "{lat} {lon}"
    );
    // U.S. is a country; nationality words are MISC.
    assert!(found
        .iter()
        .any(|f| f.text == "U.S." && f.label == "LOC" && f.cluster["country"] == "USA"));
    assert!(found
        .iter()
        .filter(|f| f.text == "Russian" || f.text == "Syrian")
        .all(|f| f.label == "MISC"));
}
