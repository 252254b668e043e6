//! Dates and quotes of the user's seed story, end to end through `herald run`.

mod common;

use common::seed_article;
use serde_json::Value;

/// The character span `[start, end)` of the body.
fn span(body: &[char], v: &Value) -> String {
    body[v["start"].as_u64().unwrap() as usize..v["end"].as_u64().unwrap() as usize]
        .iter()
        .collect()
}

#[test]
fn the_seed_story_dates_are_resolved_against_publication() {
    let Some(a) = seed_article() else { return };
    let body: Vec<char> = a["body"].as_str().unwrap().chars().collect();
    let dates: Vec<(String, String)> = a["dates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            assert_eq!(span(&body, d), d["text"].as_str().unwrap());
            assert_eq!(d["resolved"], true, "{d}");
            (
                d["text"].as_str().unwrap().to_string(),
                d["value"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected = [
        ("Sunday", "2016-09-04"),
        ("last two days", "2016-09-03/2016-09-04"),
        ("Saturday", "2016-09-03"),
        ("Sunday", "2016-09-04"),
        ("Monday", "2016-09-05"),
        ("November", "2015-11"),
        ("2015", "2015"),
        ("January", "2017-01"),
        ("July", "2016-07"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(t, v)| (t.to_string(), v.to_string()))
        .collect();
    assert_eq!(dates, expected);
}

#[test]
fn the_seed_story_quotes_and_speakers() {
    let Some(a) = seed_article() else { return };
    let body: Vec<char> = a["body"].as_str().unwrap().chars().collect();
    let quotes: Vec<(String, String)> = a["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            assert_eq!(span(&body, q), q["text"].as_str().unwrap());
            let speaker = &q["speaker"];
            assert_eq!(span(&body, speaker), speaker["text"].as_str().unwrap());
            (
                q["text"].as_str().unwrap().to_string(),
                speaker["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(quotes.len(), 4, "{quotes:#?}");
    assert_eq!(quotes[0].0, "It was constructive");
    assert_eq!(quotes[0].1, "the White House official");
    assert!(quotes[1].0.starts_with("And we"), "{quotes:#?}");
    assert!(quotes[1].0.contains("coming days"));
    assert!(quotes[1].0.ends_with("we will walk away from that effort."));
    assert_eq!(quotes[1].1, "the White House official");
    assert_eq!(quotes[2].0, "there was some backsliding");
    assert_eq!(quotes[2].1, "The U.S. official");
    assert!(
        quotes[3]
            .0
            .starts_with("made clear to President Putin that sanctions will continue")
            && quotes[3].0.ends_with("fully implemented."),
        "{quotes:#?}"
    );
    assert_eq!(quotes[3].1, "The White House official");
    // Scare quotes are not speech.
    for (text, _) in &quotes {
        assert!(text != "technical" && !text.starts_with("cyber issues"));
    }
}
