use std::sync::OnceLock;

use herald_model::{Cluster, Entity, Label};

use super::Entities;

/// The stage with the shipped knowledge, built once for every test of the module.
pub(super) fn stage() -> &'static Entities {
    static STAGE: OnceLock<Entities> = OnceLock::new();
    STAGE.get_or_init(|| Entities::new(&Default::default()).expect("the shipped knowledge parses"))
}

/// What the stage finds in `text` as one sentence, with no publication date.
pub(super) fn find(text: &str) -> (Vec<Entity>, Vec<Cluster>) {
    stage().find(text, &[], None)
}

fn found(text: &str) -> Vec<(String, Label)> {
    let (es, _) = find(text);
    es.into_iter().map(|e| (e.text, e.label)).collect()
}

/// Asserts that `name` is among the names `found` with `label`.
fn assert_has(found: &[(String, Label)], name: &str, label: Label) {
    let pair = (name.to_string(), label);
    assert!(found.contains(&pair), "{pair:?} not in {found:?}");
}

#[test]
fn titles_stay_outside_names() {
    let text = "Russian Foreign Minister Sergei Lavrov met U.S. Secretary of State John Kerry.";
    let f = found(text);
    assert_has(&f, "Sergei Lavrov", Label::Per);
    assert_has(&f, "John Kerry", Label::Per);
    assert_has(&f, "Russian", Label::Misc);
    assert_has(&f, "U.S.", Label::Loc);
}

#[test]
fn organisations_by_head_word() {
    assert_has(
        &found("He spoke of the hacking of the Democratic National Committee."),
        "Democratic National Committee",
        Label::Org,
    );
    // A lone head word after a nationality is no name of its own.
    assert_has(
        &found("Flights of Austrian Airlines were cancelled."),
        "Austrian Airlines",
        Label::Org,
    );
}

#[test]
fn messrs_names_two_people_and_surnames_join_their_person() {
    let (es, cs) = stage().find(
        "Sergei Lavrov arrived. Messrs. Obama and Putin met. Later Lavrov spoke.",
        &[0, 23, 52],
        Some("2016-09-05"),
    );
    let per: Vec<&str> = es
        .iter()
        .filter(|e| e.label == Label::Per)
        .map(|e| e.text.as_str())
        .collect();
    assert_eq!(per, vec!["Sergei Lavrov", "Obama", "Putin", "Lavrov"]);
    assert_eq!(es[0].cluster, es[3].cluster);
    assert_eq!(cs[es[1].cluster].canonical, "Barack Obama");
    assert_eq!(cs[es[1].cluster].role.as_deref(), Some("head of state"));
    assert_eq!(cs[es[2].cluster].country.as_deref(), Some("RUS"));
}

#[test]
fn the_article_and_possessives_stay_outside() {
    let f =
        found("He met the White House official and Bashar al-Assad’s envoy in Britain's capital.");
    assert_has(&f, "White House", Label::Org);
    assert_has(&f, "Bashar al-Assad", Label::Per);
    assert_has(&f, "Britain", Label::Loc);
}

#[test]
fn sentence_initial_words_are_not_names() {
    let f = found("But the talks failed. Officials said nothing. Police arrived in Minsk.");
    assert_eq!(f, vec![("Minsk".to_string(), Label::Loc)]);
}

#[test]
fn places_are_geocoded_by_context() {
    let (es, _) = find("He was born in Paris, Texas, and moved to Minsk.");
    let paris = es.iter().find(|e| e.text == "Paris").unwrap();
    let geo = paris.geo.as_ref().unwrap();
    assert_eq!(
        (geo.country.as_str(), geo.admin1.as_deref()),
        ("USA", Some("Texas"))
    );
    let (es, _) = find("The climate conference in Paris ended.");
    assert_eq!(es[0].geo.as_ref().unwrap().country, "FRA");
    let (es, _) = find("Talks in Minsk.");
    let geo = es[0].geo.as_ref().unwrap();
    assert_eq!(geo.country, "BLR");
    assert!((geo.lat - 53.9).abs() < 0.1 && (geo.lon - 27.57).abs() < 0.1);
    assert_eq!(es[0].subtype.as_deref(), Some("city"));
}

#[test]
fn a_known_name_keeps_a_title_word_inside_it() {
    let f = found("The Lord's Resistance Army attacked villages in northern Uganda.");
    assert_has(&f, "Lord's Resistance Army", Label::Org);
}

#[test]
fn provinces_and_states_outside_the_us() {
    for (text, name, country) in [
        ("Floods hit Sindh on Monday.", "Sindh", "PAK"),
        ("The army shelled towns in Idlib province.", "Idlib", "SYR"),
        ("Voters in Bavaria went to the polls.", "Bavaria", "DEU"),
        ("Police in Xinjiang detained activists.", "Xinjiang", "CHN"),
    ] {
        let (es, _) = find(text);
        let e = es
            .iter()
            .find(|e| e.text == name)
            .unwrap_or_else(|| panic!("{text}: {es:?}"));
        assert_eq!(e.label, Label::Loc, "{text}");
        assert_eq!(
            e.geo.as_ref().map(|g| g.country.as_str()),
            Some(country),
            "{text}"
        );
    }
}

#[test]
fn a_bare_dateline_is_the_prominent_place() {
    let geo_of = |text: &str| {
        let (es, _) = find(text);
        let geneva = es
            .iter()
            .find(|e| e.text.eq_ignore_ascii_case("Geneva"))
            .unwrap();
        geneva.geo.as_ref().unwrap().country.clone()
    };
    let story = "(Herald Wire) — U.S. Secretary of State John Kerry and U.S. officials met.";
    assert_eq!(geo_of(&format!("GENEVA {story}")), "CHE");
    // Not a dateline: the story's country decides, as for any other mention.
    assert_eq!(
        geo_of("U.S. officials from Illinois met in Geneva on Friday."),
        "USA"
    );
}

#[test]
fn a_dateline_after_a_headline_is_a_place() {
    let text = "Crash injures two. BRAXTON HOLLOW — A man was hurt on Friday.";
    let (es, _) = stage().find(text, &[0, 19], None);
    let place = es.iter().find(|e| e.text == "BRAXTON HOLLOW");
    assert_eq!(place.map(|e| e.label), Some(Label::Loc), "{es:?}");
    // The dash may touch the place.
    assert_has(
        &found("BRAXTON HOLLOW—A man was hurt."),
        "BRAXTON HOLLOW",
        Label::Loc,
    );
}

#[test]
fn a_dateline_is_a_place_and_its_credit_the_news_organisation() {
    let f = found("GENEVA (Herald Wire) — Diplomats met on Friday.");
    assert_has(&f, "Herald Wire", Label::Org);
    for (text, place) in [
        (
            "SAO PAULO (Herald Wire) — Police arrested a senator.",
            "SAO PAULO",
        ),
        (
            "RIO DE JANEIRO, Brazil (Herald Wire) — Police left.",
            "RIO DE JANEIRO",
        ),
    ] {
        let (es, _) = find(text);
        assert_eq!(es[0].text, place);
        assert_eq!(es[0].label, Label::Loc);
        assert_eq!(es[0].geo.as_ref().map(|g| g.country.as_str()), Some("BRA"));
    }
    let f = found("KIEV, Jan 31 (Jane Smith) - Fighting resumed.");
    assert_has(&f, "Jane Smith", Label::Org);
    // Capitals that open a text without a dateline's punctuation are not a dateline.
    let f = found("EU, US agree on new sanctions against Iran.");
    assert_has(&f, "EU", Label::Org);
    // A parenthesis later in the text is not a credit.
    let f = found("Officials met Jane Smith (Jane Smith) - again.");
    assert!(!f.iter().any(|(_, l)| *l == Label::Org), "{f:?}");
}

#[test]
fn countries_nationalities_and_events() {
    let (es, cs) = find(
        "The U.S. and the United States agreed with Syrian officials after Hurricane Katrina.",
    );
    let by_text = |t: &str| es.iter().find(|e| e.text == t).unwrap();
    assert_eq!(by_text("U.S.").subtype.as_deref(), Some("country"));
    assert_eq!(by_text("U.S.").cluster, by_text("United States").cluster);
    assert_eq!(cs[by_text("U.S.").cluster].country.as_deref(), Some("USA"));
    assert_eq!(by_text("Syrian").label, Label::Misc);
    assert_eq!(by_text("Syrian").subtype.as_deref(), Some("nationality"));
    assert_eq!(by_text("Hurricane Katrina").label, Label::Misc);
}

#[test]
fn unknown_names_by_shape_and_context() {
    let f = found("Officials in Kandahar said Abdul Rahman Khalili, a spokesman, met the Syria Conquest Front.");
    assert_has(&f, "Kandahar", Label::Loc);
    assert_has(&f, "Abdul Rahman Khalili", Label::Per);
    assert_has(&f, "Syria Conquest Front", Label::Org);
}

/// Checks the invariants of a result against its text.
fn check(text: &str, entities: &[Entity], clusters: &[Cluster]) -> Result<(), String> {
    let chars: Vec<char> = text.chars().collect();
    let mut last = 0;
    for e in entities {
        if !(e.start >= last && e.start < e.end && e.end <= chars.len()) {
            return Err(format!("bad span {}..{} after {last}", e.start, e.end));
        }
        let slice: String = chars[e.start..e.end].iter().collect();
        if slice != e.text {
            return Err(format!("text {:?} != body {:?}", e.text, slice));
        }
        if e.cluster >= clusters.len() {
            return Err(format!("cluster {} of {}", e.cluster, clusters.len()));
        }
        if clusters[e.cluster].label != e.label {
            return Err(format!("cluster label differs for {:?}", e.text));
        }
        last = e.end;
    }
    Ok(())
}

#[test]
fn the_seed_stories_keep_the_invariants() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../seeds");
    for entry in std::fs::read_dir(root).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let Some(body) = v["body"].as_str() else {
            continue;
        };
        let (es, cs) = find(body);
        check(body, &es, &cs).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}

mod properties {
    use super::{check, find, stage};
    use proptest::prelude::*;

    /// Words that exercise the rules: names, titles, particles, places, punctuation.
    fn wordish() -> impl Strategy<Value = String> {
        // Each listed word as likely as each pattern, as when every word had an arm of its own.
        let listed = "Mr. President Obama Sergei Lavrov al-Assad de the The U.S. Paris Minsk \
                      Russian Front Committee and in said ’s . , “ Élysée Москва";
        let listed: Vec<String> = listed.split_whitespace().map(String::from).collect();
        prop_oneof![
            listed.len() as u32 => proptest::sample::select(listed),
            1 => "[A-Z][a-z]{0,8}",
            1 => "[a-z]{1,8}",
            1 => "\\PC{1,6}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn spans_are_inside_sorted_disjoint_and_linked(text in "\\PC{0,200}") {
            let (es, cs) = find(&text);
            prop_assert!(check(&text, &es, &cs).is_ok(), "{:?}", check(&text, &es, &cs));
        }

        #[test]
        fn name_like_text_keeps_the_invariants(
            words in proptest::collection::vec(wordish(), 0..60),
            seps in proptest::collection::vec(prop_oneof![Just(" "), Just(""), Just("\n"), Just(". ")], 60),
            starts in proptest::collection::vec(0usize..400, 0..5),
        ) {
            let mut text = String::new();
            for (w, s) in words.iter().zip(&seps) {
                text.push_str(w);
                text.push_str(s);
            }
            let n = text.chars().count();
            let mut starts: Vec<usize> = starts.into_iter().filter(|&s| s <= n).collect();
            starts.sort_unstable();
            let (es, cs) = stage().find(&text, &starts, Some("2016-09-05"));
            prop_assert!(check(&text, &es, &cs).is_ok(), "{:?} in {:?}", check(&text, &es, &cs), text);
        }
    }
}

#[test]
fn users_add_knowledge_without_rebuilding() {
    let people = "id,canonical,aliases,country,role,sector,start,end\n\
                  per:zorblat-quimby,Zorblat Quimby,Z. Quimby,XKX,envoy,GOV,2010,\n";
    let places =
        "geonameid,name,ascii_name,alternate_names,country,admin1,lat,lon,population,feature\n\
                  99999999,Quuxville,Quuxville,,NZ,01,-40.0,175.0,20000,city\n";
    let config = super::EntitiesConfig {
        tagger: super::Merge::default(),
        extra_knowledge: vec!["mine/people.csv".into(), "places.csv".into()],
        knowledge_texts: vec![
            ("mine/people.csv".into(), people.into()),
            ("places.csv".into(), places.into()),
        ],
    };
    let extended = Entities::new(&config).unwrap();
    let (es, clusters) = extended.find(
        "The envoy Zorblat Quimby arrived in Quuxville on Friday.",
        &[],
        Some("2016-09-05"),
    );
    let person = es
        .iter()
        .find(|e| e.text == "Zorblat Quimby")
        .expect("the added person is found");
    assert_eq!(person.label, Label::Per);
    let cluster = &clusters[person.cluster];
    assert_eq!(
        (cluster.id.as_deref(), cluster.country.as_deref()),
        (Some("per:zorblat-quimby"), Some("XKX"))
    );
    let place = es
        .iter()
        .find(|e| e.text == "Quuxville")
        .expect("the added place is found");
    assert_eq!(place.geo.as_ref().unwrap().country, "NZL");
    // Without the files, neither is known to the knowledge base.
    let (es, clusters) = find("The envoy Zorblat Quimby arrived.");
    assert!(es.iter().all(|e| clusters[e.cluster].id.is_none()));

    let bad_header = super::EntitiesConfig {
        knowledge_texts: vec![("people.csv".into(), "name,country\nX,USA\n".into())],
        ..Default::default()
    };
    assert!(Entities::new(&bad_header).is_err());
    let unknown = super::EntitiesConfig {
        knowledge_texts: vec![("friends.csv".into(), "a\n".into())],
        ..Default::default()
    };
    assert!(Entities::new(&unknown).is_err());
}

#[test]
fn acronyms_take_their_long_forms_label_and_cluster() {
    let (es, _) = find("The Zentral Ferrovia Board (ZFB) met. Later the ZFB said no.");
    let zfb: Vec<_> = es.iter().filter(|e| e.text == "ZFB").collect();
    assert_eq!(zfb.len(), 2, "{es:?}");
    assert!(
        zfb.iter()
            .all(|e| e.label == Label::Org && e.cluster == es[0].cluster),
        "{es:?}"
    );
}

#[test]
fn a_known_place_after_a_place_preposition_is_a_place_though_it_starts_with_a_first_name() {
    assert_has(
        &found("Officials in Glen Carbon approved the plan."),
        "Glen Carbon",
        Label::Loc,
    );
    assert_has(
        &found("Glen Carbon said he would stay."),
        "Glen Carbon",
        Label::Per,
    );
}

#[test]
fn a_title_alone_is_no_name() {
    let f = found(
        "Peru's President has urged calm. Japan's Foreign Minister, Nobutaka Machimura, \
         arrived. Secretary of State Condoleezza Rice called.",
    );
    for title in ["President", "Foreign Minister", "Minister", "Secretary"] {
        assert!(!f.iter().any(|(t, _)| t == title), "{title} in {f:?}");
    }
    assert_has(&f, "Condoleezza Rice", Label::Per);
}

#[test]
fn a_city_or_state_of_a_name_is_a_place() {
    let f = found("Traffic improved throughout the City of Braxton Hollow last year.");
    assert_has(&f, "City of Braxton Hollow", Label::Loc);
    let (es, _) = find("Officials of the State of Illinois agreed.");
    let state = es.iter().find(|e| e.text == "State of Illinois").unwrap();
    assert_eq!(state.label, Label::Loc);
    // The place it names, with its point.
    assert_eq!(
        state.geo.as_ref().map(|g| g.name.as_str()),
        Some("Illinois")
    );
}

#[test]
fn a_person_of_a_place_is_two_names() {
    let f = found("Steven Sachs of Alexandria was hurt in the crash.");
    assert_has(&f, "Steven Sachs", Label::Per);
    assert_has(&f, "Alexandria", Label::Loc);
    assert_has(
        &found("Prices at Bank of America rose."),
        "Bank of America",
        Label::Org,
    );
    assert_has(
        &found("He joined the Peterson Institute for International Economics."),
        "Peterson Institute for International Economics",
        Label::Org,
    );
    assert_has(
        &found("Shares of Jenny Marks & Sons fell."),
        "Jenny Marks & Sons",
        Label::Org,
    );
}

#[test]
fn a_name_before_a_stock_ticker_is_a_company_and_the_ticker_names_it() {
    let text = "Marlow Kent (NYSE: MKT) said it would cut 300 jobs, and Denver Harbor \
                (Nasdaq:DVH, TSX:DVH) said nothing. MKT shares fell.";
    let (es, _) = find(text);
    let of = |t: &'static str| es.iter().filter(move |e| e.text == t);
    for name in [
        "Marlow Kent",
        "MKT",
        "Denver Harbor",
        "DVH",
        "NYSE",
        "Nasdaq",
    ] {
        let labels: Vec<_> = of(name).map(|e| e.label).collect();
        assert!(
            !labels.is_empty() && labels.iter().all(|&l| l == Label::Org),
            "{name}: {es:?}"
        );
    }
    let clusters: Vec<_> = of("Marlow Kent")
        .chain(of("MKT"))
        .map(|e| e.cluster)
        .collect();
    assert_eq!(clusters.len(), 3, "{es:?}");
    assert!(clusters.iter().all(|&c| c == clusters[0]), "{es:?}");
    // Not an exchange: the parenthesis says nothing of the name.
    assert_has(
        &found("Martin Kent (Reuters: MK) left."),
        "Martin Kent",
        Label::Per,
    );
}

#[test]
fn companies_by_legal_form() {
    assert_has(
        &found("Shares of Quorvex Widgets Inc. rose on Monday."),
        "Quorvex Widgets Inc.",
        Label::Org,
    );
    assert_has(&found("He sold Tesco plc stock."), "Tesco plc", Label::Org);
    assert_has(
        &found("Brantwell GmbH said so."),
        "Brantwell GmbH",
        Label::Org,
    );
}

#[test]
fn teams_in_results_and_tables_are_organisations() {
    let f = found(
        "Soccer results on Saturday: Leeds 2 Chelsea 1 , Hapoel Haifa 3 Maccabi Tel Aviv 1 .",
    );
    for team in ["Leeds", "Chelsea", "Hapoel Haifa", "Maccabi Tel Aviv"] {
        assert_has(&f, team, Label::Org);
    }
    assert_has(
        &found("Standings: Bolton 8 5 2 1 15 9 17"),
        "Bolton",
        Label::Org,
    );
    assert_has(
        &found("Fighting in Leeds killed 2 people."),
        "Leeds",
        Label::Loc,
    );
}

#[test]
fn towns_on_either_side_of_a_match_verb_are_clubs() {
    let got =
        found("Leeds beat Chelsea 2-1 on Saturday, and Barcelona drew with Sevilla in the league.");
    for club in ["Leeds", "Chelsea", "Barcelona", "Sevilla"] {
        assert_has(&got, club, Label::Org);
    }
    // A national side keeps its country's name as a place; without a match, a town is a town.
    assert_has(
        &found("England beat Pakistan by five wickets."),
        "England",
        Label::Loc,
    );
    assert_has(
        &found("Leeds beat its budget target this year."),
        "Leeds",
        Label::Loc,
    );
}

#[test]
fn a_known_persons_surname_beats_a_small_town_of_the_name() {
    assert_has(
        &found("Obama visited Paris on Monday."),
        "Obama",
        Label::Per,
    );
    // Not after a place preposition, nor before its state.
    assert_has(
        &found("The festival was held in Obama on Sunday."),
        "Obama",
        Label::Loc,
    );
    assert_has(
        &found("Joseph Vergnetti of Medina, Ohio, runs the show."),
        "Medina",
        Label::Loc,
    );
}

#[test]
fn a_compass_word_before_and_names_its_own_place() {
    let (es, _) = find(
        "Talks between North and South Korea resumed, and frogs live in Central and South America.",
    );
    let north = es
        .iter()
        .find(|e| e.text == "North")
        .expect("North is found");
    assert_eq!(north.label, Label::Loc, "{es:?}");
    assert_eq!(
        north.geo.as_ref().map(|g| g.country.as_str()),
        Some("PRK"),
        "{es:?}"
    );
    let central = es
        .iter()
        .find(|e| e.text == "Central")
        .expect("Central is found");
    assert_eq!(
        central.geo.as_ref().map(|g| g.name.as_str()),
        Some("Central America")
    );
}

#[test]
fn a_name_ending_in_a_place_is_named_for_it_unless_a_person_opens_it() {
    let f = found("Bayern Munich signed a deal with Cricket Australia and Healthwatch Derby.");
    for org in ["Bayern Munich", "Cricket Australia", "Healthwatch Derby"] {
        assert_has(&f, org, Label::Org);
    }
    // A first name or a title opens a person; a compass word a place.
    assert_has(
        &found("Lewis Hamilton won again."),
        "Lewis Hamilton",
        Label::Per,
    );
    assert_has(
        &found("Fighting spread across South Darfur on Monday."),
        "South Darfur",
        Label::Loc,
    );
}

#[test]
fn clubs_and_listed_companies_are_known_by_name() {
    let f = found("Everton signed a sponsorship deal with Lufthansa and Eli Lilly.");
    for org in ["Everton", "Lufthansa", "Eli Lilly"] {
        assert_has(&f, org, Label::Org);
    }
    // A club named for its town stays the town outside a match report.
    assert_has(
        &found("Fighting in Leeds killed 2 people."),
        "Leeds",
        Label::Loc,
    );
}

#[test]
fn a_person_read_again_by_its_words() {
    // A place word opens a place; common words before a first name are a title.
    assert_has(
        &found("Anglers gathered on the River Fal."),
        "River Fal",
        Label::Loc,
    );
    let f = found("Chancellor of the Exchequer Helen Ashworth spoke.");
    assert_has(&f, "Helen Ashworth", Label::Per);
    // A trade ends a company's name.
    let f = found("Shares of Mutanda Mining rose.");
    assert_has(&f, "Mutanda Mining", Label::Org);
}

#[test]
fn a_common_word_joined_by_and_is_part_of_an_organisation() {
    let f = found(
        "The Securities and Exchange Commission sued, and the Food and Drug Administration agreed.",
    );
    assert_has(&f, "Securities and Exchange Commission", Label::Org);
    assert_has(&f, "Food and Drug Administration", Label::Org);
    let f = found("The Ministry of Economy and Finance said so.");
    assert_has(&f, "Ministry of Economy and Finance", Label::Org);
    // The head may come before "of".
    let f = found("The ruling came from the Securities and Exchange Board of India.");
    assert_has(&f, "Securities and Exchange Board of India", Label::Org);
    // Two names stay two.
    let f = found("Britain and the European Union met.");
    assert_has(&f, "European Union", Label::Org);
}

#[test]
fn a_place_owning_an_organisation_is_a_place_of_its_own() {
    let f = found("Iran's Foreign Ministry said it would respond.");
    assert_has(&f, "Iran", Label::Loc);
    assert_has(&f, "Foreign Ministry", Label::Org);
}

#[test]
fn words_of_a_title_are_not_the_name_and_ordinary_words_make_no_person() {
    let f =
        found("Chief Scientific Officer Anders Madsen and Vice-Chancellor Gareth Pritchard spoke.");
    assert_has(&f, "Anders Madsen", Label::Per);
    assert_has(&f, "Gareth Pritchard", Label::Per);
    let f = found("Troopers of the State Highway Patrol closed the road.");
    assert!(
        !f.iter().any(|(_, l)| *l == Label::Per),
        "no person in {f:?}"
    );
}

#[test]
fn a_place_after_of_in_a_persons_span_is_a_place() {
    let f = found("Senator Daniel Whitaker of Montana and the Archbishop of Canterbury spoke.");
    assert_has(&f, "Daniel Whitaker", Label::Per);
    assert_has(&f, "Montana", Label::Loc);
    assert_has(&f, "Canterbury", Label::Loc);
    assert!(!f.iter().any(|(t, _)| t.starts_with("of ")), "{f:?}");
}

#[test]
fn two_particles_stay_inside_a_name() {
    let f = found("Farmers leader Pieter van der Merwe said the drought was severe.");
    assert_has(&f, "Pieter van der Merwe", Label::Per);
}

#[test]
fn a_club_named_for_its_city_leaves_the_city_a_place() {
    // Eintracht Frankfurt goes by "Frankfurt" in sport; the name stays the city's.
    assert_has(
        &found("Flights from Frankfurt resumed on Monday."),
        "Frankfurt",
        Label::Loc,
    );
}
