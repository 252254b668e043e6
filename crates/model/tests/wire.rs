//! The wire formats on the sample documents of `tests/data/` (see its README): NewsML-G2,
//! RSS 2.0, Atom 1.0 and JSON Feed, good and hostile.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use herald_model::split::{split, Format, Position, Record};
use herald_model::{InputLimits, RawArticle, Subject};

fn data(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn read_as(format: Format, name: &str) -> Vec<(Position, Record)> {
    let mut records = Vec::new();
    split(
        format,
        data(name),
        "stem",
        &InputLimits::default(),
        &mut |at, record| records.push((at, record)),
    );
    records
}

fn read(name: &str) -> Vec<(Position, Record)> {
    read_as(Format::Xml, name)
}

fn only(name: &str) -> RawArticle {
    let mut records = read(name);
    assert_eq!(records.len(), 1, "{name}");
    records.remove(0).1.unwrap()
}

/// The kind of the reason each record was rejected for, `ok` for an accepted one.
fn kinds(records: &[(Position, Record)]) -> Vec<&'static str> {
    records
        .iter()
        .map(|(_, r)| r.as_ref().map_or_else(|(e, _)| e.kind(), |_| "ok"))
        .collect()
}

#[test]
fn newsml_item_with_an_xhtml_body() {
    let a = only("newsml_item_xhtml.xml");
    assert_eq!(
        a.id,
        "urn:newsml:herald.invalid:20160912:syria-talks-geneva"
    );
    assert_eq!(a.version, Some(1));
    assert_eq!(
        a.title.as_deref(),
        Some("Kerry and Lavrov agree to press for Syria truce")
    );
    assert_eq!(a.source.as_deref(), Some("Herald Test Wire"));
    assert_eq!(
        a.language.as_deref(),
        Some("en"),
        "from <language tag=\"en-GB\">"
    );
    assert_eq!(
        a.published_at.unwrap().to_rfc3339(),
        "2016-09-12T18:40:00+00:00",
        "versionCreated"
    );
    assert!(a.url.is_none(), "a URN is no web address");
    assert!(a
        .body
        .starts_with("<html xmlns=\"http://www.w3.org/1999/xhtml\">"));
    assert!(a.body.contains("<p>U.S. Secretary of State John Kerry"));
    assert!(a.body.trim_end().ends_with("</html>"));
    let wire = a.wire.unwrap();
    assert_eq!(wire.slugline.as_deref(), Some("SYRIA-TALKS/GENEVA"));
    assert_eq!(wire.dateline.as_deref(), Some("GENEVA, Sept 12"));
    assert_eq!(wire.located.as_deref(), Some("Geneva"));
    let subject = |code: &str, name: Option<&str>| Subject {
        code: Some(code.into()),
        name: name.map(Into::into),
    };
    assert_eq!(
        wire.subjects,
        [
            subject("medtop:20000638", Some("peace process")),
            subject("medtop:20000565", None),
            subject("geo:SY", Some("Syria")),
        ]
    );
}

#[test]
fn newsml_item_with_a_text_body_and_its_update() {
    let v1 = only("newsml_item_text.xml");
    let v2 = only("newsml_item_text_v2.xml");
    assert_eq!(v1.id, v2.id, "an update keeps the guid");
    assert_eq!((v1.version, v2.version), (Some(1), Some(2)));
    assert!(v1.body.starts_with("Shelling around the town of Avdiivka"));
    assert!(v1
        .body
        .contains("\n\n\"People are sleeping in their coats,\""));
    assert!(v2.body.contains("International Committee of the Red Cross"));
    assert!(v2.title.unwrap().starts_with("UPDATE 1-"));
    assert_eq!(v1.language.as_deref(), Some("en"), "from xml:lang");
    assert_eq!(
        v1.source.as_deref(),
        Some("Herald Test Wire"),
        "provider literal"
    );
    assert_eq!(
        v2.published_at.unwrap().to_rfc3339(),
        "2017-01-31T14:02:00+02:00",
        "versionCreated, not firstCreated"
    );
    assert_eq!(v1.wire.unwrap().located.as_deref(), Some("Avdiivka"));
}

#[test]
fn newsml_message_items_flow_past_a_broken_one() {
    let records = read("newsml_message.xml");
    assert_eq!(kinds(&records), ["ok", "invalid_date"]);
    assert_eq!(
        records.iter().map(|r| r.0).collect::<Vec<_>>(),
        [Position::Item(1), Position::Item(2)]
    );
    let first = records[0].1.as_ref().unwrap();
    assert_eq!(first.version, Some(3));
    assert_eq!(first.source.as_deref(), Some("Herald Test Wire"));
    let (_, bytes) = records[1].1.as_ref().unwrap_err();
    let rejected = String::from_utf8(bytes.clone()).unwrap();
    assert!(
        rejected.starts_with("<newsItem guid=\"urn:newsml:herald.invalid:20171001:broken-date\"")
    );
    assert!(rejected.ends_with("</newsItem>"), "the item's own bytes");
}

#[test]
fn malformed_xml_stops_the_message_where_it_breaks() {
    let records = read("newsml_message_malformed.xml");
    assert_eq!(kinds(&records), ["ok", "not_xml"]);
    assert_eq!(records[1].0, Position::Item(2));
    let (error, _) = records[1].1.as_ref().unwrap_err();
    assert!(error.to_string().contains("headlin"), "{error}");
}

#[test]
fn a_canceled_item_is_rejected_as_canceled() {
    let records = read("newsml_canceled.xml");
    let (error, _) = records[0].1.as_ref().unwrap_err();
    assert_eq!(error.kind(), "canceled");
    assert!(
        error
            .to_string()
            .contains("urn:newsml:herald.invalid:20160912:syria-talks-geneva"),
        "the reason names the withdrawn item: {error}"
    );
}

#[test]
fn rss_items_with_content_encoded_or_description() {
    let records = read("rss.xml");
    assert_eq!(kinds(&records), ["ok", "ok", "no_body", "ok"]);
    let ok = |i: usize| records[i].1.as_ref().unwrap();
    let first = ok(0);
    assert_eq!(first.id, "herald-rss-2017-09-14-zapad", "the guid");
    assert_eq!(
        first.url.as_deref(),
        Some("https://news.herald.invalid/world/2017/09/14/zapad-drills")
    );
    assert_eq!(first.source.as_deref(), Some("Herald Test Wire - World"));
    assert_eq!(
        first.language.as_deref(),
        Some("en"),
        "from <language>en-us</language>"
    );
    assert!(
        first.body.starts_with("<p>Russia and Belarus began"),
        "content:encoded"
    );
    assert_eq!(
        first.published_at.unwrap().to_rfc3339(),
        "2017-09-14T10:20:00+00:00"
    );
    let second = ok(1);
    assert_eq!(
        second.id, "https://news.herald.invalid/world/2017/08/11/kenya-result",
        "no guid: the link"
    );
    assert!(
        second.body.starts_with("Kenya's opposition leader"),
        "the description"
    );
    let fourth = ok(3);
    assert!(
        fourth.id.starts_with('h') && fourth.id.len() == 33,
        "derived: {}",
        fourth.id
    );
    assert!(fourth.body.starts_with("<p>An item with no title"));
    assert_eq!(
        read("rss.xml")[3].1.as_ref().unwrap().id,
        fourth.id,
        "deterministic"
    );
}

#[test]
fn atom_entries() {
    let records = read("atom.xml");
    assert_eq!(kinds(&records), ["ok", "ok", "ok"]);
    let first = records[0].1.as_ref().unwrap();
    assert_eq!(
        first.id,
        "tag:herald.invalid,2018-09-08:/courts/cairo-mass-trial"
    );
    assert_eq!(
        first.url.as_deref(),
        Some("https://news.herald.invalid/courts/2018/09/08/cairo-mass-trial")
    );
    assert_eq!(first.source.as_deref(), Some("Herald Test Wire - Courts"));
    assert!(first.body.starts_with("<p>A Cairo criminal court"));
    assert_eq!(
        first.published_at.unwrap().to_rfc3339(),
        "2018-09-08T12:10:00+00:00"
    );
    assert_eq!(first.language.as_deref(), Some("en"), "the feed's xml:lang");
    let second = records[1].1.as_ref().unwrap();
    assert_eq!(
        second.language.as_deref(),
        Some("fr"),
        "the content's own xml:lang"
    );
    assert!(second.body.starts_with("Le président Emmanuel Macron"));
    assert_eq!(
        second.published_at.unwrap().to_rfc3339(),
        "2017-05-19T14:00:00+00:00",
        "updated, when there is no published"
    );
    let third = records[2].1.as_ref().unwrap();
    assert!(
        third
            .body
            .starts_with("Judges at the International Criminal Court"),
        "the summary"
    );
}

#[test]
fn json_feed_items_from_a_json_file() {
    for format in [Format::Json, Format::Sniff, Format::Xml] {
        let records = read_as(format, "feed.json");
        assert_eq!(kinds(&records), ["ok", "ok"], "{format:?}");
        let first = records[0].1.as_ref().unwrap();
        assert_eq!(first.id, "herald-json-2017-06-20-marawi");
        assert_eq!(first.source.as_deref(), Some("Herald Test Wire - Asia"));
        assert_eq!(first.language.as_deref(), Some("en"));
        assert!(first.body.starts_with("<p>Philippine troops"));
        assert_eq!(
            first.published_at.unwrap().to_rfc3339(),
            "2017-06-20T00:30:00+00:00"
        );
        let second = records[1].1.as_ref().unwrap();
        assert!(second.body.starts_with("Aid agencies said"));
    }
}

#[test]
fn hostile_documents_are_rejected_whole_with_their_reason() {
    for (name, kind) in [
        ("malformed.xml", "not_xml"),
        ("billion_laughs.xml", "xml_entity"),
        ("xxe.xml", "xml_entity"),
    ] {
        let started = Instant::now();
        let records = read(name);
        assert_eq!(kinds(&records), [kind], "{name}");
        assert_eq!(records[0].0, Position::Whole, "{name}");
        assert!(started.elapsed() < Duration::from_secs(2), "{name}");
    }
}

/// feed-rs itself, without Herald's guard, keeps an entity it was not told of as written:
/// no expansion, and nothing read from the file system.
#[test]
fn feed_rs_never_expands_entities() {
    for name in ["billion_laughs.xml", "xxe.xml"] {
        let started = Instant::now();
        match feed_rs::parser::parse(data(name).as_slice()) {
            Ok(feed) => {
                let entry = &feed.entries[0];
                let title = entry.title.as_ref().map_or("", |t| t.content.as_str());
                assert_eq!(title, "&lol9;", "{name}");
            }
            Err(e) => assert!(name == "xxe.xml", "{name}: {e}"),
        }
        assert!(started.elapsed() < Duration::from_secs(2), "{name}");
    }
}

#[test]
fn unknown_roots_empty_documents_and_limits() {
    let kinds_of = |xml: &str, limits: InputLimits| {
        let mut out = Vec::new();
        herald_model::wire::split(xml.as_bytes(), &limits, &mut |_, r| {
            out.push(r.map_or_else(|(e, _)| e.kind(), |_| "ok"))
        });
        out
    };
    let limits = InputLimits::default();
    assert_eq!(
        kinds_of("<html><body>x</body></html>", limits),
        ["unknown_format"]
    );
    assert_eq!(
        kinds_of("<newsMessage><itemSet/></newsMessage>", limits),
        ["no_items"]
    );
    assert_eq!(
        kinds_of(
            "<rss version=\"2.0\"><channel><title>t</title></channel></rss>",
            limits
        ),
        ["no_items"]
    );
    let small = InputLimits {
        max_document_bytes: 16,
        ..limits
    };
    assert_eq!(
        kinds_of("<rss version=\"2.0\"></rss>", small),
        ["document_too_large"]
    );
    let deep = format!(
        "<newsItem guid=\"d\">{}{}</newsItem>",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    assert_eq!(kinds_of(&deep, limits), ["xml_too_deep"]);
    let tiny_body = InputLimits {
        max_body_bytes: 8,
        ..limits
    };
    let item = "<newsItem guid=\"g\"><contentSet><inlineData>twelve bytes</inlineData></contentSet></newsItem>";
    assert_eq!(kinds_of(item, tiny_body), ["body_too_large"]);
    let bad_version = "<newsItem guid=\"g\" version=\"two\"><contentSet><inlineData>x</inlineData></contentSet></newsItem>";
    assert_eq!(kinds_of(bad_version, limits), ["wrong_field_type"]);
    let withheld =
        "<newsItem guid=\"g\"><itemMeta><pubStatus qcode=\"stat:withheld\"/></itemMeta></newsItem>";
    assert_eq!(kinds_of(withheld, limits), ["withheld"]);
    let canceled_by_uri = "<newsItem guid=\"g\"><itemMeta><pubStatus uri=\"http://cv.iptc.org/newscodes/pubstatusg2/canceled\"/></itemMeta></newsItem>";
    assert_eq!(kinds_of(canceled_by_uri, limits), ["canceled"]);
}

/// What `herald produce` sends and the ingest service decodes: the version and the wire's
/// metadata survive the JSON round trip.
#[test]
fn wire_records_survive_the_json_round_trip() {
    let a = only("newsml_item_xhtml.xml");
    let json = serde_json::to_vec(&a).unwrap();
    assert_eq!(RawArticle::decode(&json, &InputLimits::default()), Ok(a));
    let bad = br#"{"body":"x","version":"2"}"#;
    assert_eq!(
        RawArticle::decode(bad, &InputLimits::default())
            .unwrap_err()
            .kind(),
        "wrong_field_type"
    );
}

#[test]
fn sniffing_tells_a_wire_document_from_an_html_page() {
    let feed = read_as(Format::Sniff, "rss.xml");
    assert_eq!(feed.len(), 4);
    let mut page = Vec::new();
    split(
        Format::Sniff,
        b"<html><body><p>A page.</p></body></html>".to_vec(),
        "page",
        &InputLimits::default(),
        &mut |at, r| page.push((at, r)),
    );
    let article = page[0].1.as_ref().unwrap();
    assert_eq!((page[0].0, article.id.as_str()), (Position::Whole, "page"));
}
