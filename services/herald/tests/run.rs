//! `herald run` end to end, as a user runs it.

mod common;

use common::{herald, herald_ok, records, root, tempdir};
use serde_json::Value;

fn sentence_texts(article: &Value) -> Vec<String> {
    let body: Vec<char> = article["body"].as_str().unwrap().chars().collect();
    article["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            body[s["start"].as_u64().unwrap() as usize..s["end"].as_u64().unwrap() as usize]
                .iter()
                .collect()
        })
        .collect()
}

#[test]
fn seeds_run_with_the_malformed_line_rejected_and_reported() {
    let dir = tempdir("rejects");
    let rejects = dir.join("rejects.jsonl");
    let out = herald(
        &["run", "seeds", "--rejects", rejects.to_str().unwrap()],
        None,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let articles = records(&out);
    assert!(articles.len() >= 20, "{} articles", articles.len());
    assert!(
        stderr.contains("22_jsonl_with_malformed_line.jsonl:2: rejected: not json"),
        "{stderr}"
    );
    assert!(stderr.contains("1 rejected"), "{stderr}");
    let rejected = std::fs::read_to_string(&rejects).unwrap();
    assert_eq!(rejected.lines().count(), 1);
    assert!(rejected.contains("seed-22b"));
    for a in &articles {
        assert!(!a["body"].as_str().unwrap().trim().is_empty());
        assert!(
            !a["sentences"].as_array().unwrap().is_empty(),
            "{}",
            a["id"]
        );
        assert!(a["pipeline_version"]
            .as_str()
            .unwrap()
            .starts_with("herald/"));
    }
    let by_id = |id: &str| articles.iter().find(|a| a["id"] == id).unwrap();
    assert_eq!(by_id("seed-21")["language"]["code"], "es");
    assert_eq!(
        by_id("seed-20")["duplicate_of"],
        "seed-05",
        "the syndicated near-copy"
    );
    let dups = articles
        .iter()
        .filter(|a| !a["duplicate_of"].is_null())
        .count();
    assert_eq!(dups, 1);
}

/// The Spanish and French seeds are not coded as English, whether they declare their
/// language or not: the English-only stages are skipped for them.
#[test]
fn non_english_seeds_skip_the_english_stages_declared_or_detected() {
    let seeds = [
        ("21_spanish_story_colombia_peace_deal.json", "es"),
        ("23_french_story_macron_mali.json", "fr"),
    ];
    for (file, code) in seeds {
        let text = std::fs::read_to_string(root().join("seeds").join(file)).unwrap();
        let declared: Value = serde_json::from_str(&text).unwrap();
        let mut undeclared = declared.clone();
        undeclared.as_object_mut().unwrap().remove("language");
        for (record, method) in [(declared, "declared"), (undeclared, "detected")] {
            let out = herald_ok(&["run", "-"], Some(record.to_string().as_bytes()));
            let article = &records(&out)[0];
            assert_eq!(article["language"]["code"], code, "{file}");
            assert_eq!(article["language"]["method"], method, "{file}");
            let skipped = article["skipped_stages"].as_array().unwrap();
            for stage in ["entities", "dates", "quotes", "events"] {
                assert!(skipped.iter().any(|s| s == stage), "{file}: {skipped:?}");
            }
        }
    }
}

/// Every seed story sent a second time under new ids is marked a duplicate of its first copy.
#[test]
fn seeds_twice_over_marks_every_second_copy() {
    let dir = tempdir("twice");
    for entry in std::fs::read_dir(root().join("seeds")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(dir.join(format!("a_{name}")), &text).unwrap();
        let copy = match path.extension().unwrap().to_str().unwrap() {
            "json" => {
                let mut v: Value = serde_json::from_str(&text).unwrap();
                for key in ["id", "uri"] {
                    if let Some(s) = v[key].as_str() {
                        v[key] = Value::from(format!("{s}-again"));
                    }
                }
                v.to_string()
            }
            "jsonl" => text
                .replace("\"id\": \"", "\"id\": \"again-")
                .replace("\"id\":\"", "\"id\":\"again-"),
            _ => text,
        };
        std::fs::write(dir.join(format!("b_{name}")), copy).unwrap();
    }
    let out = herald_ok(&["run", dir.to_str().unwrap()], None);
    let articles = records(&out);
    let (first, second): (Vec<_>, Vec<_>) = articles
        .iter()
        .partition(|a| articles.iter().position(|b| b == *a) < Some(articles.len() / 2));
    assert_eq!(first.len(), second.len());
    for (a, b) in first.iter().zip(&second) {
        assert_eq!(a["body"], b["body"]);
        let original = a["duplicate_of"]
            .as_str()
            .unwrap_or(a["id"].as_str().unwrap());
        assert_eq!(
            b["duplicate_of"], original,
            "{} is a copy of {}",
            b["id"], a["id"]
        );
        // A copy of a near-copy points at the same original, with the same similarity.
        let similarity = if a["similarity"].is_null() {
            Value::from(1.0)
        } else {
            a["similarity"].clone()
        };
        assert_eq!(b["similarity"], similarity);
    }
}

#[test]
fn the_user_seed_story_is_clean_and_well_split() {
    let path = root().join("../shared/seeds/000_2e52c00e7977d0ac.txt");
    if !path.exists() {
        eprintln!("skipped: {} is absent", path.display());
        return;
    }
    let out = herald_ok(&["run", path.to_str().unwrap()], None);
    let articles = records(&out);
    assert_eq!(articles.len(), 1);
    let a = &articles[0];
    let body = a["body"].as_str().unwrap();
    assert!(!body.contains('`'), "back-ticks remain");
    assert!(body.contains("didn't say whether"));
    assert!(!body.trim_end().ends_with("More about:") && !body.contains("More about:"));
    assert_eq!(a["id"], "000_2e52c00e7977d0ac");
    assert_eq!(a["language"]["code"], "en");
    let sentences = sentence_texts(a);
    for expected in [
        "U.S. officials had planned to announce a Syria deal on Sunday, but then abruptly said some last-minute issues that they didn't specify arose.",
        "On Sunday, Mr. Obama expressed skepticism that the U.S. and Russia could reach a deal, and if so, that Mr. Putin would abide by it over the long term.",
        "The U.S. has entered into agreements with Russia on Syria and Ukraine, only to have them unravel.",
        "Before Monday, Messrs. Obama and Putin last met in November on the margins of the Paris climate conference.",
        "Mr. Obama described the discussion on Ukraine as constructive but not conclusive.",
        "“It was constructive,” the White House official said of the meeting.",
        "If we cannot get the type of agreement we want, we will walk away from that effort.”",
    ] {
        assert!(sentences.iter().any(|s| s == expected), "missing sentence: {expected}\n{sentences:#?}");
    }
    assert_eq!(sentences.len(), 19, "{sentences:#?}");
}

#[test]
fn stdin_and_events_output() {
    let out = herald_ok(
        &["run", "-"],
        Some(b"Plain text from a pipe. It has two sentences."),
    );
    let a = &records(&out)[0];
    assert_eq!(a["id"], "stdin");
    assert_eq!(a["sentences"].as_array().unwrap().len(), 2);
    let out = herald_ok(
        &["run", "-", "--emit", "events"],
        Some(br#"{"id":"x","body":"Nothing happened."}"#),
    );
    assert!(records(&out).iter().all(|e| e["article_id"] == "x"));
}

#[test]
fn nothing_processable_exits_2() {
    let dir = tempdir("bad");
    std::fs::write(
        dir.join("bad.jsonl"),
        "{\"title\":\"no body\"}\n[1]\n\"s\"\n{\"body\":3}\n",
    )
    .unwrap();
    let out = herald(&["run", dir.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for reason in [
        "bad.jsonl:1: rejected: no body",
        "bad.jsonl:2: rejected: unknown format",
        "bad.jsonl:4: rejected: wrong field type",
    ] {
        assert!(stderr.contains(reason), "{stderr}");
    }
    assert!(stderr.contains("0 articles, 4 rejected"), "{stderr}");
}

#[test]
fn output_file_and_missing_input() {
    let dir = tempdir("out");
    let out_path = dir.join("out.jsonl");
    let out = herald_ok(
        &[
            "run",
            "seeds/16_plain_text_no_title_no_date_venezuela_aid.txt",
            "--output",
            out_path.to_str().unwrap(),
        ],
        None,
    );
    assert!(out.stdout.is_empty());
    let written = std::fs::read_to_string(&out_path).unwrap();
    assert_eq!(written.lines().count(), 1);
    let out = herald(&["run", "no/such/file.json"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no/such/file.json: rejected: cannot read")
    );
}

const WIRE_DATA: &str = "crates/model/tests/data";

/// `herald run` on wire documents: NewsML-G2 and RSS files give enriched articles; in the same
/// run, a broken item, a canceled item and the hostile documents are rejected with reasons
/// while everything else flows.
#[test]
fn newsml_and_rss_files_give_enriched_articles_and_bad_items_are_rejected() {
    let files = [
        "newsml_item_xhtml.xml",
        "billion_laughs.xml",
        "newsml_message.xml",
        "xxe.xml",
        "newsml_canceled.xml",
        "malformed.xml",
        "rss.xml",
        "newsml_item_text.xml",
        "newsml_item_text_v2.xml",
    ]
    .map(|f| format!("{WIRE_DATA}/{f}"));
    let mut args = vec!["run"];
    args.extend(files.iter().map(String::as_str));
    let out = herald(&args, None);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    for reason in [
        "billion_laughs.xml: rejected: xml entity declarations are refused",
        "newsml_message.xml:item 2: rejected: invalid date in `versionCreated`",
        "xxe.xml: rejected: xml entity declarations are refused",
        "newsml_canceled.xml:item 1: rejected: canceled: the sender withdrew urn:newsml:herald.invalid:20160912:syria-talks-geneva",
        "malformed.xml: rejected: not xml",
        "rss.xml:item 3: rejected: no body",
    ] {
        assert!(stderr.contains(&format!("{WIRE_DATA}/{reason}")), "{reason}\n{stderr}");
    }
    assert!(stderr.contains("7 articles, 6 rejected"), "{stderr}");
    assert!(
        !stderr.contains("root:"),
        "nothing of /etc/passwd: {stderr}"
    );

    let articles = records(&out);
    let by_id = |id: &str| {
        articles
            .iter()
            .filter(|a| a["id"] == id)
            .collect::<Vec<_>>()
    };
    let geneva = by_id("urn:newsml:herald.invalid:20160912:syria-talks-geneva")[0];
    assert_eq!(
        geneva["title"],
        "Kerry and Lavrov agree to press for Syria truce"
    );
    assert_eq!(geneva["language"]["code"], "en");
    assert_eq!(geneva["version"], 1);
    assert_eq!(geneva["wire"]["dateline"], "GENEVA, Sept 12");
    let body = geneva["body"].as_str().unwrap();
    assert!(
        body.starts_with("U.S. Secretary of State John Kerry"),
        "{body}"
    );
    assert!(
        !body.contains('<'),
        "the XHTML is reduced to its text: {body}"
    );
    assert!(sentence_texts(geneva).len() >= 4);
    let entities: Vec<&str> = geneva["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["text"].as_str().unwrap())
        .collect();
    assert!(entities.contains(&"John Kerry"), "{entities:?}");
    assert!(!geneva["events"].as_array().unwrap().is_empty());

    let zapad = by_id("herald-rss-2017-09-14-zapad")[0];
    assert_eq!(zapad["source"], "Herald Test Wire - World");
    assert_eq!(
        zapad["url"],
        "https://news.herald.invalid/world/2017/09/14/zapad-drills"
    );
    assert!(zapad["body"]
        .as_str()
        .unwrap()
        .starts_with("Russia and Belarus began the joint military exercises"));
    assert!(!zapad["entities"].as_array().unwrap().is_empty());

    let versions = by_id("urn:newsml:herald.invalid:20170131:avdiivka-shelling");
    let numbers: Vec<_> = versions.iter().map(|a| a["version"].clone()).collect();
    assert_eq!(numbers, [1, 2], "both versions, under the one id");
    assert!(
        versions[1]["duplicate_of"].is_null(),
        "an update is not a duplicate of its own earlier version"
    );
}

#[test]
fn a_folder_of_wire_documents_is_read_with_its_xml_and_json_feed() {
    let out = herald(&["run", WIRE_DATA], None);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let articles = records(&out);
    for id in [
        "tag:herald.invalid,2018-09-08:/courts/cairo-mass-trial",
        "herald-json-2017-06-20-marawi",
        "urn:newsml:herald.invalid:20171115:zimbabwe-army",
    ] {
        assert!(articles.iter().any(|a| a["id"] == id), "{id}\n{stderr}");
    }
    assert!(
        stderr.contains("newsml_message_malformed.xml:item 2: rejected: not xml"),
        "{stderr}"
    );
}

/// `--emit stories`: every article in exactly one story, the syndicated Avdiivka copy in its
/// original's story without adding a source, the stories in order of their first article.
#[test]
fn seeds_run_as_stories() {
    let articles = records(&herald(&["run", "seeds"], None)).len();
    let out = herald_ok(&["run", "seeds", "--emit", "stories"], None);
    let stories = records(&out);
    let members: Vec<&str> = stories
        .iter()
        .flat_map(|s| s["articles"].as_array().unwrap())
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    let counted: u64 = stories
        .iter()
        .map(|s| s["num_articles"].as_u64().unwrap())
        .sum();
    assert_eq!((members.len(), counted as usize), (articles, articles));
    let unique: std::collections::BTreeSet<&str> = members.iter().copied().collect();
    assert_eq!(unique.len(), articles, "each article in one story");
    let avdiivka = stories
        .iter()
        .find(|s| s["articles"][0]["id"] == "seed-05")
        .unwrap();
    assert_eq!(avdiivka["articles"][1]["id"], "seed-20");
    assert_eq!(
        (&avdiivka["num_articles"], &avdiivka["num_sources"]),
        (&2.into(), &1.into())
    );
    let firsts: Vec<_> = stories
        .iter()
        .filter_map(|s| s["first_seen"].as_str())
        .map(|t| chrono::DateTime::parse_from_rfc3339(t).unwrap())
        .collect();
    assert!(firsts.windows(2).all(|w| w[0] <= w[1]), "{firsts:?}");
}

/// `--emit stories` writes a story as soon as it closes (nothing is kept for the end): with
/// room for one live story, every new story closes the one before, so the output holds every
/// seed article once, the stories in the order they closed.
#[test]
fn stories_are_written_as_they_close() {
    let dir = common::tempdir("stories-close");
    let config = dir.join("herald.toml");
    std::fs::write(&config, "[stories]\nmax_stories = 1\n").unwrap();
    let articles = records(&herald(&["run", "seeds"], None)).len();
    let out = herald_ok(
        &[
            "run",
            "seeds",
            "--emit",
            "stories",
            "--config",
            config.to_str().unwrap(),
        ],
        None,
    );
    let stories = records(&out);
    let members: std::collections::BTreeSet<&str> = stories
        .iter()
        .flat_map(|s| s["articles"].as_array().unwrap())
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(members.len(), articles, "each article once");
    assert!(stories.len() > 20, "{}", stories.len());
    let closed_in_input_order: Vec<&str> = stories
        .iter()
        .map(|s| s["articles"][0]["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        closed_in_input_order[0], "seed-01",
        "the first story closes first"
    );
}
