//! `herald run` codes the user's seed story's events (../shared/seeds, not in the repo).

mod common;

use serde_json::Value;

/// (cameo, source code, target code, trigger, sentence index, reciprocal) of one event.
type Coded = (String, String, String, String, u64, bool);

fn seed_events() -> Option<Vec<Coded>> {
    let article = common::seed_article()?;
    let code = |v: &Value| v["code"].as_str().unwrap_or("").to_string();
    Some(
        article["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["cameo"].as_str().unwrap().to_string(),
                    code(&e["source"]),
                    code(&e["target"]),
                    e["trigger"]["text"].as_str().unwrap().to_string(),
                    e["sentence"]["index"].as_u64().unwrap(),
                    e["reciprocal"].as_bool().unwrap(),
                )
            })
            .collect(),
    )
}

#[test]
fn the_seed_story_is_coded() {
    let Some(events) = seed_events() else { return };
    let any = |root: &[&str], src: &str, tgt: &str| {
        events.iter().any(|(c, s, t, _, _, _)| {
            root.iter().any(|r| c.starts_with(r)) && s.starts_with(src) && t.starts_with(tgt)
        })
    };
    // Kerry and Lavrov negotiate: one reciprocal event.
    let negotiate = events.iter().any(|(c, s, t, trigger, _, reciprocal)| {
        c.starts_with("04")
            && [s.as_str(), t.as_str()] == ["USAGOV", "RUSGOV"]
            && trigger.contains("negotiat")
            && *reciprocal
    });
    assert!(negotiate, "{events:#?}");
    // Obama discusses Syria with Merkel and with Hollande.
    assert!(any(&["04"], "USA", "DEU"), "{events:#?}");
    assert!(any(&["04"], "USA", "FRA"), "{events:#?}");
    // Sanctions will continue on Russia: a threat (or the sanction itself).
    assert!(any(&["13", "16"], "USA", "RUS"), "{events:#?}");
    // The planned U.S. and Russian air attacks on the Syria Conquest Front: intent or threat
    // of force, or the attack, by the U.S. and by Russia.
    for src in ["USA", "RUS"] {
        assert!(
            any(&["03", "13", "19"], src, "SYRREB"),
            "{src}: {events:#?}"
        );
    }
    // The scare-quoted "cyber issues" are no event.
    assert!(
        events
            .iter()
            .all(|(_, _, _, trigger, _, _)| !trigger.contains("cyber")
                && !trigger.contains("issues")),
        "{events:#?}"
    );
    // No event of an actor on itself ("cooperation between Washington and Moscow" is not
    // John Kerry agreeing with Washington), and one event per type and dyad in a sentence.
    assert!(
        events
            .iter()
            .all(|(_, s, t, _, _, _)| s.is_empty() || s != t),
        "{events:#?}"
    );
    let mut seen = std::collections::HashSet::new();
    for (c, s, t, _, sentence, _) in &events {
        assert!(
            seen.insert((&c[..2], s, t, sentence)),
            "{c} {s} {t} twice in sentence {sentence}: {events:#?}"
        );
    }
}

/// Short English wire headlines with no `language` field (issue 23) stay English and keep
/// their events; a veto is a REJECT.
#[test]
fn short_english_headlines_are_coded() {
    let headlines = [
        "Putin visits Paris for talks.",
        "Lula vetoes pension reform.",
        "Iran rejects UN demands.",
        "Merkel lifts ban on arms exports to Jordan.",
    ];
    let input: String = headlines
        .iter()
        .enumerate()
        .map(|(i, body)| {
            format!(
                "{}\n",
                serde_json::json!({"id": format!("h{i}"), "body": body})
            )
        })
        .collect();
    let out = common::herald_ok(&["run", "-"], Some(input.as_bytes()));
    let articles = common::records(&out);
    assert_eq!(articles.len(), headlines.len());
    for (article, body) in articles.iter().zip(headlines) {
        let language = &article["language"];
        assert_eq!(language["code"], "en", "{body}: {language}");
        assert!(
            ["default", "detected"].contains(&language["method"].as_str().unwrap()),
            "{body}: {language}"
        );
        let events = article["events"].as_array().unwrap();
        assert!(!events.is_empty(), "{body}: no event");
    }
    let lula = articles[1]["events"].as_array().unwrap();
    assert!(
        lula.iter()
            .any(|e| e["plover"] == "REJECT" && e["source"]["country"] == "BRA"),
        "{lula:#?}"
    );
}
