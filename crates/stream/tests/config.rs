//! Settings layered in order; secrets read from the environment or files.

use std::path::Path;

use herald_stream::ServiceConfig;

#[test]
#[allow(clippy::result_large_err)] // figment::Jail's own error type
fn shipped_text_flag_and_environment_layer_in_order() {
    figment::Jail::expect_with(|jail| {
        jail.create_file(
            "svc.toml",
            "group_id = \"g2\"\npipeline = \"herald.toml\"\n[topics]\ninput = \"in2\"",
        )?;
        jail.set_env("HERALD_TOPICS__DLQ", "dead");
        jail.set_env("HERALD_CONFIG", "ignored.toml");
        jail.set_env("HERALD_LOG", "ignored");
        jail.set_env("HERALD_BATCH_SIZE", "8");
        jail.set_env("HERALD_BROKERS", "env:1");
        let shipped = "group_id = \"g1\"\nmax_in_flight = 32\n[topics]\ninput = \"in1\"";
        let c = ServiceConfig::load(shipped, Some(Path::new("svc.toml")), None).unwrap();
        let names = [&c.group_id, &c.topics.input, &c.topics.dlq, &c.brokers];
        assert_eq!(names, ["g2", "in2", "dead", "env:1"]);
        assert_eq!((c.max_in_flight, c.batch_size), (32, 8));
        assert_eq!(c.pipeline.as_deref(), Some(Path::new("herald.toml")));
        let c = ServiceConfig::load(shipped, None, Some("flag:2")).unwrap();
        assert_eq!(c.brokers, "flag:2");
        Ok(())
    });
}

#[test]
fn unknown_keys_and_bad_values_are_rejected() {
    assert!(ServiceConfig::load("max_inflight = 3", None, None).is_err());
    assert!(ServiceConfig::load("[topics]\noutput = \"news.raw\"", None, None).is_err());
    assert!(ServiceConfig::load("batch_size = 0", None, None).is_err());
    assert!(ServiceConfig::load("max_record_bytes = 100", None, None).is_err());
    assert!(ServiceConfig::load("", Some(Path::new("/no/such.toml")), None).is_err());
}

#[test]
fn secrets_come_from_the_environment_or_files_and_errors_do_not_show_them() {
    let dir = tempfile::Builder::new()
        .prefix("herald-secret-")
        .tempdir()
        .unwrap();
    let file = dir.path().join("password");
    std::fs::write(&file, "from-a-file\n").unwrap();
    std::env::set_var("HERALD_TEST_SASL_SECRET", "from-the-env");
    let text = format!(
        "[kafka]\n\"security.protocol\" = \"sasl_ssl\"\n\"sasl.password\" = \"env:HERALD_TEST_SASL_SECRET\"\n\
         [producer]\n\"ssl.key.password\" = \"file:{}\"\n",
        file.display()
    );
    let config = ServiceConfig::load(&text, None, None).unwrap();
    let producer = herald_stream::client_properties(&config.kafka, &config.producer).unwrap();
    let get = |k: &str| producer.iter().find(|p| p.0 == k).map(|p| p.1.as_str());
    assert_eq!(get("security.protocol"), Some("sasl_ssl"));
    assert_eq!(get("sasl.password"), Some("from-the-env"));
    assert_eq!(get("ssl.key.password"), Some("from-a-file"));
    let consumer = herald_stream::client_properties(&config.kafka, &config.consumer).unwrap();
    assert_eq!(consumer.len(), 2, "the shared properties only");

    let missing = "[kafka]\n\"sasl.password\" = \"env:HERALD_TEST_NO_SUCH_VAR\"\n";
    let config = ServiceConfig::load(missing, None, None).unwrap();
    let err = herald_stream::client_properties(&config.kafka, &config.consumer).unwrap_err();
    assert!(err.to_string().contains("HERALD_TEST_NO_SUCH_VAR"), "{err}");
}

#[test]
fn the_shipped_files_parse() {
    for text in [
        include_str!("../../../config/ingest.toml"),
        include_str!("../../../config/annotate.toml"),
        include_str!("../../../config/events.toml"),
        include_str!("../../../config/stories.toml"),
    ] {
        ServiceConfig::load(text, None, None).unwrap();
    }
}
