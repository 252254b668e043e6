//! One test per resolution rule, on the shipped knowledge base: each fails when its rule
//! is taken out of `score`.

use herald_model::{Entity, Label};

use super::super::tests::{find, stage};
use super::{km, thousands};

/// The place entities of `text` whose text is `name`, in order.
fn places(text: &str, name: &str) -> Vec<Entity> {
    let (es, _) = stage().find(text, &[], Some("2016-09-05"));
    let out: Vec<Entity> = es
        .into_iter()
        .filter(|e| e.text == name && e.label == Label::Loc)
        .collect();
    assert!(!out.is_empty(), "{name} not found as a place in {text:?}");
    out
}

/// (country, admin1) of the first mention of `name`.
fn where_is(text: &str, name: &str) -> (String, Option<String>) {
    let e = &places(text, name)[0];
    let g = e.geo.as_ref().unwrap_or_else(|| panic!("{name}: no geo"));
    (g.country.clone(), g.admin1.clone())
}

#[test]
fn population_picks_the_prominent_namesake() {
    assert_eq!(
        where_is("Ministers met in Paris on Friday.", "Paris").0,
        "FRA"
    );
}

#[test]
fn a_following_state_or_country_contains_the_place() {
    let (country, admin1) = where_is("He was born in Paris, Texas, in 1950.", "Paris");
    assert_eq!(
        (country.as_str(), admin1.as_deref()),
        ("USA", Some("Texas"))
    );
    let e = &places("He was born in Paris, Texas, in 1950.", "Paris")[0];
    let reason = e.geo.as_ref().unwrap().reason.as_deref().unwrap();
    assert!(reason.contains("in Texas as written"), "{reason}");
}

#[test]
fn a_country_before_a_country_is_a_list_not_a_town_in_it() {
    let text = "Officials in Mexico, China, Japan and Brazil report cases.";
    assert_eq!(where_is(text, "China").0, "CHN");
    let town = "He moved to Lebanon, Tennessee, in 1990.";
    assert_eq!(
        where_is(town, "Lebanon"),
        ("USA".into(), Some("Tennessee".into()))
    );
}

#[test]
fn a_town_unknown_in_its_written_division_is_placed_there() {
    let text = "A swan was found in Cellardyke in Fife, Scotland. Birds in Fife are watched.";
    for fife in places(text, "Fife") {
        let g = fife.geo.unwrap();
        assert_eq!((g.country.as_str(), g.name.as_str()), ("GBR", "Scotland"));
        assert!(g
            .reason
            .unwrap()
            .starts_with("placed at Scotland as written"));
    }
}

#[test]
fn one_sense_per_article() {
    let text = "She grew up in Paris, Texas. The mayor of Paris said the town would mourn her.";
    let ps = places(text, "Paris");
    assert_eq!(ps.len(), 2);
    for p in &ps {
        assert_eq!(p.geo.as_ref().unwrap().admin1.as_deref(), Some("Texas"));
    }
}

#[test]
fn a_division_among_its_siblings_and_a_country_among_countries() {
    let us = "Storms hit Georgia, Alabama and Florida on Sunday.";
    assert_eq!(where_is(us, "Georgia").0, "USA");
    let caucasus = "Russia and Georgia fought a war in 2008; talks in Tbilisi failed.";
    assert_eq!(where_is(caucasus, "Georgia").0, "GEO");
    // A division and a city share the name: other divisions do not make it the division.
    let capital = "Senators from Ohio and Texas flew to Washington on Monday.";
    let g = places(capital, "Washington")[0].geo.clone().unwrap();
    assert!(
        (g.lat - 38.9).abs() < 0.2 && (g.lon + 77.0).abs() < 0.2,
        "{g:?}"
    );
}

#[test]
fn the_articles_named_division_pulls_its_towns() {
    // Alexandria, Egypt has some 4 million people; Alexandria, Louisiana 48,000.
    assert_eq!(
        where_is("Police in Alexandria arrested a man.", "Alexandria").0,
        "EGY"
    );
    let text = "Police in Alexandria arrested a man on Friday. Louisiana law sets the bail.";
    assert_eq!(
        where_is(text, "Alexandria"),
        ("USA".into(), Some("Louisiana".into()))
    );
}

#[test]
fn a_division_in_an_organisations_name_pulls_its_towns() {
    let text = "The Indiana State Police bomb squad was called to a storage unit in Richmond.";
    assert_eq!(where_is(text, "Richmond").1.as_deref(), Some("Indiana"));
}

#[test]
fn two_names_whose_namesakes_lie_together_take_them() {
    let text = "Residents of Paris and Henry County will receive a letter from the rescue squad.";
    assert_eq!(
        where_is(text, "Paris"),
        ("USA".into(), Some("Tennessee".into()))
    );
    let e = &places(text, "Henry County")[0];
    let g = e.geo.as_ref().unwrap();
    assert_eq!(g.admin1.as_deref(), Some("Tennessee"));
    assert!(g
        .reason
        .as_deref()
        .unwrap()
        .contains("from Paris, named with it"));
    // Prominent places keep their referents: no namesakes of both lie together.
    let europe = "Flights between London and Paris resumed, and Athens reopened.";
    assert_eq!(where_is(europe, "Paris").0, "FRA");
    assert_eq!(where_is(europe, "London").0, "GBR");
    assert_eq!(where_is(europe, "Athens").0, "GRC");
}

#[test]
fn a_division_named_like_a_person_is_a_candidate_where_the_name_is_a_place() {
    // Victoria, the Australian state, among its sibling states; the name stays a first
    // name elsewhere ("Victoria Beckham" is no place).
    let text =
        "Horses are quarantined in New South Wales and in Victoria, Australian officials said.";
    assert_eq!(where_is(text, "Victoria").0, "AUS");
    let (es, _) = stage().find("Victoria Beckham arrived in London.", &[], None);
    assert!(
        es.iter()
            .all(|e| e.text != "Victoria" || e.label != Label::Loc),
        "{es:?}"
    );
}

#[test]
fn state_after_a_name_makes_it_the_division() {
    let text = "Health officials in Washington state reported three new cases.";
    assert_eq!(
        where_is(text, "Washington"),
        ("USA".into(), Some("Washington".into()))
    );
}

#[test]
fn a_country_yields_to_a_town_its_article_surrounds() {
    assert_eq!(
        where_is("Storms knocked out power in Lebanon on Sunday.", "Lebanon").0,
        "LBN"
    );
    let text = "Storms knocked out power in Lebanon on Sunday. Wilson County schools closed, \
                and towns across Tennessee were flooded.";
    assert_eq!(
        where_is(text, "Lebanon"),
        ("USA".into(), Some("Tennessee".into()))
    );
}

#[test]
fn counties_are_places_that_anchor_their_towns() {
    let text = "Deputies in Rapides Parish searched a house. The man lived in Alexandria.";
    let parish = &places(text, "Rapides Parish")[0];
    assert_eq!(parish.subtype.as_deref(), Some("admin2"));
    assert_eq!(where_is(text, "Alexandria").1.as_deref(), Some("Louisiana"));
    let e = &places(text, "Alexandria")[0];
    let reason = e.geo.as_ref().unwrap().reason.as_deref().unwrap();
    assert!(reason.contains("km from Rapides Parish"), "{reason}");
}

#[test]
fn nearby_places_of_the_article_choose_among_namesakes() {
    // Springfield, Missouri and Massachusetts are larger than Springfield, Illinois.
    assert_ne!(
        where_is("The fair opened in Springfield on Friday.", "Springfield")
            .1
            .as_deref(),
        Some("Illinois")
    );
    let text = "The fair opened in Springfield on Friday; visitors came from Champaign.";
    assert_eq!(where_is(text, "Springfield").1.as_deref(), Some("Illinois"));
}

#[test]
fn a_bare_dateline_is_not_pulled_by_the_articles_country() {
    let story = "(Reuters) — U.S. officials from Illinois met Iranian diplomats.";
    assert_eq!(where_is(&format!("GENEVA {story}"), "GENEVA").0, "CHE");
    // The same name in the story's text leans to the story's division.
    assert_eq!(
        where_is(
            "U.S. officials from Illinois met in Geneva on Friday.",
            "Geneva"
        )
        .0,
        "USA"
    );
}

#[test]
fn every_choice_says_why() {
    let (es, _) = find("Flooding hit Hanoi and Vietnam's north.");
    for e in es.iter().filter(|e| e.label == Label::Loc) {
        let reason = e.geo.as_ref().and_then(|g| g.reason.as_deref());
        assert!(reason.is_some_and(|r| !r.is_empty()), "{e:?}");
    }
}

#[test]
fn distances_and_numbers() {
    // Paris to London: 344 km.
    let d = km(48.8566, 2.3522, 51.5074, -0.1278);
    assert!((d - 344.0).abs() < 2.0, "{d}");
    assert_eq!(thousands(47889), "47,889");
    assert_eq!(thousands(1_000_000), "1,000,000");
    assert_eq!(thousands(999), "999");
}
