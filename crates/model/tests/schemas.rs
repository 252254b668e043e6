//! The checked-in schemas under `schemas/` must match the types. Regenerate them with
//! `UPDATE_SCHEMAS=1 cargo test -p herald-model --test schemas` after changing a type.

use std::path::PathBuf;

fn schema_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schemas")
}

#[test]
fn checked_in_schemas_match_the_types() {
    let update = std::env::var_os("UPDATE_SCHEMAS").is_some();
    for (name, schema) in herald_model::schemas() {
        let path = schema_dir().join(name);
        let generated = serde_json::to_string_pretty(&schema).unwrap() + "\n";
        if update {
            std::fs::write(&path, &generated).unwrap();
            continue;
        }
        let on_disk = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e}; run with UPDATE_SCHEMAS=1", path.display()));
        assert!(
            on_disk == generated,
            "{name} is out of date with its type: run `UPDATE_SCHEMAS=1 cargo test -p herald-model --test schemas`"
        );
    }
}

#[test]
fn an_enriched_article_validates_against_its_schema() {
    let raw = herald_model::RawArticle::decode(
        br#"{"id":"a","body":"Text.","published_at":"2016-09-05T12:00:00Z"}"#,
        &Default::default(),
    )
    .unwrap();
    let article = herald_model::EnrichedArticle::new(raw);
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(schema_dir().join("enriched_article.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let instance = serde_json::to_value(&article).unwrap();
    assert!(validator.is_valid(&instance));
    let mut broken = instance.clone();
    broken["sentences"] = serde_json::json!([{"start": "zero", "end": 1}]);
    assert!(
        !validator.is_valid(&broken),
        "the schema must reject a malformed span"
    );
}
