//! `herald run` codes the user's seed story's events (../shared/seeds, not in the repo).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// (cameo, source code, target code, trigger, sentence index) of one event.
type Coded = (String, String, String, String, u64);

fn seed_events() -> Option<Vec<Coded>> {
    let seed = root().join("../shared/seeds/000_2e52c00e7977d0ac.txt");
    let Ok(body) = std::fs::read_to_string(&seed) else {
        eprintln!("{} is absent: skipping", seed.display());
        return None;
    };
    let dir = std::env::temp_dir().join(format!("herald-test-events-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("seed.json");
    let record =
        serde_json::json!({"id": "seed-000", "body": body, "published_at": "2016-09-05T12:00:00Z"});
    std::fs::write(&input, record.to_string()).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_herald"))
        .args(["run", input.to_str().unwrap(), "--emit", "events"])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let code = |v: &Value| v["code"].as_str().unwrap_or("").to_string();
    Some(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap())
            .map(|e| {
                (
                    e["cameo"].as_str().unwrap().to_string(),
                    code(&e["source"]),
                    code(&e["target"]),
                    e["trigger"]["text"].as_str().unwrap().to_string(),
                    e["sentence"]["index"].as_u64().unwrap(),
                )
            })
            .collect(),
    )
}

#[test]
fn the_seed_story_is_coded() {
    let Some(events) = seed_events() else { return };
    let any = |root: &[&str], src: &str, tgt: &str| {
        events.iter().any(|(c, s, t, _, _)| {
            root.iter().any(|r| c.starts_with(r)) && s.starts_with(src) && t.starts_with(tgt)
        })
    };
    // Kerry and Lavrov negotiate, both ways.
    for (src, tgt) in [("USAGOV", "RUSGOV"), ("RUSGOV", "USAGOV")] {
        let negotiate = events.iter().any(|(c, s, t, trigger, _)| {
            c.starts_with("04") && s == src && t == tgt && trigger.contains("negotiat")
        });
        assert!(negotiate, "{src} → {tgt}: {events:#?}");
    }
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
            .all(|(_, _, _, trigger, _)| !trigger.contains("cyber") && !trigger.contains("issues")),
        "{events:#?}"
    );
}
