//! Language identification. What decides, in this order: the language the record declares,
//! the one configured for its source, the detector (whatlang's trigram model, embedded in the
//! crate) when it can be trusted, else the deployment's default. Title and body are read
//! together. On short text whatlang's guess among the Latin-script languages is little better
//! than chance, so there it is trusted only as far as the text's evidence goes: a script other
//! than the default language's settles it, and for an English default, a text most of whose
//! ordinary words are not English words (config/language/en_words.txt).

use std::borrow::Cow;
use std::collections::BTreeMap;

use herald_model::{EnrichedArticle, LanguageMethod};
use rustc_hash::FxHashSet;
use serde::Deserialize;
use whatlang::{Detector, Info, Lang, Script};

use crate::text::Doc;
use crate::{prefix, Stage, StageError};

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LanguageConfig {
    /// The deployment's language (ISO 639-1): what an article gets when neither the record,
    /// its source nor a trusted detection says otherwise.
    pub default: String,
    /// Language of each source (the record's `source` field, exactly), used when the record
    /// declares none.
    pub sources: BTreeMap<String, String>,
    /// The detector is trusted on at least this many characters of title and body...
    pub min_chars: usize,
    /// ...when its confidence is at least this.
    pub min_confidence: f64,
    /// Below either, with an English default, a Latin-script text stays English when at least
    /// this share of its ordinary words (names aside) are English words.
    pub english_word_share: f64,
    /// Names of the stages that are skipped for articles not in English.
    pub english_only: Vec<String>,
}

impl Default for LanguageConfig {
    fn default() -> Self {
        Self {
            default: "en".to_string(),
            sources: BTreeMap::new(),
            min_chars: 200,
            min_confidence: 0.5,
            english_word_share: 0.6,
            english_only: ["entities", "dates", "quotes", "events"]
                .map(String::from)
                .to_vec(),
        }
    }
}

impl LanguageConfig {
    /// Checks the values (no I/O); the message names the bad setting.
    pub fn validate(&self) -> Result<(), StageError> {
        let bad = |message: String| Err(StageError::config("language", message));
        if !is_code(&self.default) {
            return bad(format!(
                "language.default: {:?} is not a language code",
                self.default
            ));
        }
        if let Some((source, code)) = self.sources.iter().find(|(_, code)| !is_code(code)) {
            return bad(format!(
                "language.sources: {code:?} (for {source:?}) is not a language code"
            ));
        }
        crate::registry::unit_interval("language", "min_confidence", self.min_confidence)?;
        crate::registry::unit_interval("language", "english_word_share", self.english_word_share)
    }
}

/// An ISO 639 code: two or three lowercase ASCII letters ("und" included).
fn is_code(code: &str) -> bool {
    (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase())
}

/// How much text is read first: enough for whatlang to be sure of most news text.
const FIRST_SAMPLE_BYTES: usize = 1024;
/// How much is read when the first sample leaves it unsure; more only costs time.
const SAMPLE_BYTES: usize = 4096;

/// Common English words, lowercase, one a line (`#` lines are comments).
const ENGLISH_WORDS: &str = include_str!("../../../config/language/en_words.txt");

/// British spellings and their American form in the word list (from SCOWL's wamerican).
const BRITISH: [(&str, &str); 6] = [
    ("is", "iz"),
    ("ys", "yz"),
    ("our", "or"),
    ("tre", "ter"),
    ("ence", "ense"),
    ("ogue", "og"),
];

pub struct Language {
    config: LanguageConfig,
    /// The script the default language is written in, when whatlang knows the language.
    default_script: Option<Script>,
    english_words: FxHashSet<&'static str>,
}

impl Language {
    pub fn new(config: &LanguageConfig) -> Self {
        Self {
            config: config.clone(),
            default_script: script_of(&config.default),
            english_words: crate::csv::entries(ENGLISH_WORDS).collect(),
        }
    }

    /// The language of an article: declared by the record, else configured for its source,
    /// else identified from its title and body.
    pub fn decide(&self, article: &EnrichedArticle) -> herald_model::Language {
        let declared = article
            .language
            .as_ref()
            .and_then(|l| primary_subtag(&l.code));
        if let Some(code) = declared {
            return language(code, 1.0, LanguageMethod::Declared);
        }
        let configured = article
            .source
            .as_ref()
            .and_then(|s| self.config.sources.get(s));
        if let Some(code) = configured {
            return language(code.clone(), 1.0, LanguageMethod::Source);
        }
        self.identify(article.title.as_deref(), &article.body)
    }

    /// The language of a title and body by the detector, or the default when it cannot be
    /// trusted on them.
    pub fn identify(&self, title: Option<&str>, body: &str) -> herald_model::Language {
        let first = sample(title, body, FIRST_SAMPLE_BYTES);
        let guess = whatlang::detect(&first);
        let (text, guess) = match guess {
            Some(info) if !info.is_reliable() && body.len() > FIRST_SAMPLE_BYTES => {
                let more = sample(title, body, SAMPLE_BYTES);
                let guess = whatlang::detect(&more);
                (more, guess)
            }
            _ => (first, guess),
        };
        match guess {
            Some(info) if self.trusted(&info, &text) => detected(&info),
            Some(info) => self.untrusted(info, &text),
            None => self.default(),
        }
    }

    /// A guess is trusted on enough confident text, or when the text's script is not the
    /// default language's (a script is plain on a few words).
    fn trusted(&self, info: &Info, text: &str) -> bool {
        let confident = info.confidence() >= self.config.min_confidence
            && text.chars().count() >= self.config.min_chars;
        confident || self.default_script.is_some_and(|s| s != info.script())
    }

    /// Short or unsure text in the default's script keeps the default, unless the default is
    /// English and the text's words are not: then the best guess other than English.
    fn untrusted(&self, info: Info, text: &str) -> herald_model::Language {
        if self.config.default != "en" || self.english_share(text) >= self.config.english_word_share
        {
            return self.default();
        }
        let other = match info.lang() {
            Lang::Eng => Detector::with_denylist(vec![Lang::Eng]).detect(text),
            _ => Some(info),
        };
        other.map_or_else(|| self.default(), |info| detected(&info))
    }

    /// The share of a text's ordinary words that are English words, 1 when it has none.
    /// Ordinary words are the lowercase ones, or every word of a text that has none (a title
    /// in title case): a capitalised word is a name as often as not ("Berlin", "Macron").
    /// A word with a letter outside English's alphabet is never English; one-letter words
    /// count only then ("à").
    pub fn english_share(&self, text: &str) -> f64 {
        let words: Vec<&str> = text.split(|c: char| !c.is_alphabetic()).collect();
        let lowercase = |w: &&str| w.starts_with(char::is_lowercase);
        let title_case = !words.iter().filter(|w| w.len() > 1).any(lowercase);
        let (mut english, mut counted) = (0usize, 0usize);
        for word in words.into_iter().filter(|w| !w.is_empty()) {
            if !word.is_ascii() && (lowercase(&word) || title_case) {
                counted += 1;
            } else if word.len() > 1 && (lowercase(&word) || title_case) {
                let known = self.is_english(word);
                // In a title-case text, a capitalised word that is not English is a name.
                if known || lowercase(&word) {
                    counted += 1;
                    english += usize::from(known);
                }
            }
        }
        if counted == 0 {
            1.0
        } else {
            english as f64 / counted as f64
        }
    }

    /// Whether an ASCII word is in the English word list, in American or British spelling
    /// ("apologises", "labour", "centre", "defence"), or is two listed words of at least three
    /// letters written solid ("airstrikes", "lockdown").
    fn is_english(&self, word: &str) -> bool {
        let word = word.to_ascii_lowercase();
        let listed = |w: &str| self.english_words.contains(w);
        listed(&word)
            || (3..word.len().saturating_sub(2)).any(|i| listed(&word[..i]) && listed(&word[i..]))
            || BRITISH
                .iter()
                .filter(|(british, _)| word.contains(british))
                .any(|(british, american)| {
                    self.english_words
                        .contains(word.replacen(british, american, 1).as_str())
                })
    }

    fn default(&self) -> herald_model::Language {
        language(self.config.default.clone(), 0.0, LanguageMethod::Default)
    }
}

impl Stage for Language {
    fn name(&self) -> &'static str {
        "language"
    }

    /// A language declared by the sender is kept (reduced to its primary subtag, "en-GB" →
    /// "en"); otherwise it is decided by [`Language::decide`].
    fn process(&self, doc: &mut Doc) -> Result<(), StageError> {
        let language = self.decide(doc.article());
        doc.article_mut().language = Some(language);
        Ok(())
    }
}

/// Title and body as one text, the body cut to about `max` bytes.
fn sample<'a>(title: Option<&str>, body: &'a str, max: usize) -> Cow<'a, str> {
    let body = prefix(body, max);
    match title.map(str::trim).filter(|t| !t.is_empty()) {
        Some(title) => Cow::Owned(format!("{title}\n{body}")),
        None => Cow::Borrowed(body),
    }
}

/// The primary subtag of a declared language tag, lowercase ("en-GB" → "en"); None when blank.
fn primary_subtag(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next().unwrap_or("");
    (!primary.is_empty()).then(|| primary.to_ascii_lowercase())
}

fn detected(info: &Info) -> herald_model::Language {
    let confidence = (info.confidence() * 1000.0).round() / 1000.0;
    language(
        iso639_1(info.lang()).to_string(),
        confidence,
        LanguageMethod::Detected,
    )
}

fn language(code: String, confidence: f64, method: LanguageMethod) -> herald_model::Language {
    herald_model::Language {
        code,
        confidence,
        method: Some(method),
    }
}

/// The script a language (ISO 639-1) is written in, if whatlang knows the language.
fn script_of(code: &str) -> Option<Script> {
    Script::all()
        .iter()
        .copied()
        .find(|script| script.langs().iter().any(|&lang| iso639_1(lang) == code))
}

/// ISO 639-1 code of a whatlang language ("und" for the few that have none).
fn iso639_1(lang: Lang) -> &'static str {
    use Lang::*;
    match lang {
        Epo => "eo",
        Eng => "en",
        Rus => "ru",
        Cmn => "zh",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Ben => "bn",
        Fra => "fr",
        Deu => "de",
        Ukr => "uk",
        Kat => "ka",
        Ara => "ar",
        Hin => "hi",
        Jpn => "ja",
        Heb => "he",
        Yid => "yi",
        Pol => "pl",
        Amh => "am",
        Jav => "jv",
        Kor => "ko",
        Nob => "nb",
        Dan => "da",
        Swe => "sv",
        Fin => "fi",
        Tur => "tr",
        Nld => "nl",
        Hun => "hu",
        Ces => "cs",
        Ell => "el",
        Bul => "bg",
        Bel => "be",
        Mar => "mr",
        Kan => "kn",
        Ron => "ro",
        Slv => "sl",
        Hrv => "hr",
        Srp => "sr",
        Mkd => "mk",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Tam => "ta",
        Vie => "vi",
        Urd => "ur",
        Tha => "th",
        Guj => "gu",
        Uzb => "uz",
        Pan => "pa",
        Aze => "az",
        Ind => "id",
        Tel => "te",
        Pes => "fa",
        Mal => "ml",
        Ori => "or",
        Mya => "my",
        Nep => "ne",
        Sin => "si",
        Khm => "km",
        Tuk => "tk",
        Aka => "ak",
        Zul => "zu",
        Sna => "sn",
        Afr => "af",
        Lat => "la",
        Slk => "sk",
        Cat => "ca",
        Tgl => "tl",
        Hye => "hy",
        #[allow(unreachable_patterns)]
        _ => "und",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use herald_model::RawArticle;

    fn stage() -> Language {
        Language::new(&LanguageConfig::default())
    }

    fn identify(text: &str) -> (String, Option<LanguageMethod>) {
        let l = stage().identify(None, text);
        (l.code, l.method)
    }

    /// What [`identify`] gives for text it leaves to the default, English.
    fn english_by_default() -> (String, Option<LanguageMethod>) {
        ("en".to_string(), Some(LanguageMethod::Default))
    }

    fn decide(record: &str, config: &LanguageConfig) -> herald_model::Language {
        let raw = RawArticle::decode(record.as_bytes(), &Default::default()).unwrap();
        Language::new(config)
            .run(EnrichedArticle::new(raw))
            .unwrap()
            .language
            .unwrap()
    }

    use LanguageMethod::{Declared, Detected, Source};

    #[test]
    fn identifies_common_news_languages() {
        let cases = [
            ("The two leaders discussed the cease-fire in Syria on Monday, officials said, after a week of talks in Geneva that ended without a date for the next round.", "en"),
            ("El presidente del Gobierno anunció el lunes un acuerdo con los sindicatos para subir el salario mínimo.", "es"),
            ("Le président a annoncé lundi un accord avec les syndicats sur la réforme des retraites.", "fr"),
            ("Der Bundestag hat am Donnerstag ein neues Gesetz zur Migration verabschiedet.", "de"),
            ("Президент России провёл переговоры с канцлером Германии в понедельник.", "ru"),
        ];
        for (text, code) in cases {
            assert_eq!(identify(text).0, code, "{text}");
        }
    }

    #[test]
    fn empty_or_symbol_text_gets_the_default() {
        assert_eq!(identify(""), english_by_default());
        assert_eq!(identify("12345 %%% ---"), english_by_default());
    }

    #[test]
    fn short_english_keeps_the_default_and_short_other_text_is_detected() {
        assert_eq!(
            identify("Putin visits Paris for talks."),
            english_by_default()
        );
        assert_eq!(
            identify("Le Premier ministre démissionne."),
            ("fr".to_string(), Some(Detected))
        );
        // A script other than the default's settles it, however short the text.
        assert_eq!(identify("Курс рубля упал.").1, Some(Detected));
    }

    #[test]
    fn the_title_is_read_with_the_body() {
        let title = "Le président annonce une réforme des retraites et le gouvernement promet un débat au Parlement";
        let body = "Le texte sera présenté en conseil des ministres mercredi prochain à Paris.";
        let l = stage().identify(Some(title), body);
        assert_eq!((l.code.as_str(), l.method), ("fr", Some(Detected)));
        assert!(l.confidence >= 0.5);
    }

    #[test]
    fn decision_order_is_declared_source_detected_default() {
        let mut config = LanguageConfig::default();
        config
            .sources
            .insert("Le Monde".to_string(), "fr".to_string());
        let declared = decide(
            r#"{"body":"Le texte.","source":"Le Monde","language":"en-GB"}"#,
            &config,
        );
        assert_eq!(
            (declared.code.as_str(), declared.method, declared.confidence),
            ("en", Some(Declared), 1.0)
        );
        let source = decide(
            r#"{"body":"Putin visits Paris.","source":"Le Monde"}"#,
            &config,
        );
        assert_eq!((source.code.as_str(), source.method), ("fr", Some(Source)));
        let blank = decide(r#"{"body":"Putin visits Paris.","language":" "}"#, &config);
        assert_eq!(
            (blank.code.as_str(), blank.method),
            ("en", Some(LanguageMethod::Default))
        );
        let detected = decide(
            r#"{"body":"Migliaia di persone hanno manifestato sabato a Roma contro la riforma delle pensioni voluta dal governo, secondo la questura erano più di centomila."}"#,
            &config,
        );
        assert_eq!(
            (detected.code.as_str(), detected.method),
            ("it", Some(Detected))
        );
    }

    #[test]
    fn another_default_stands_on_short_latin_text() {
        let config = LanguageConfig {
            default: "fr".to_string(),
            ..LanguageConfig::default()
        };
        let l = Language::new(&config).identify(None, "Lula vetoes pension reform.");
        assert_eq!(
            (l.code.as_str(), l.method),
            ("fr", Some(LanguageMethod::Default))
        );
    }

    #[test]
    fn bad_settings_are_rejected() {
        let bad = |f: fn(&mut LanguageConfig)| {
            let mut config = LanguageConfig::default();
            f(&mut config);
            config.validate().is_err()
        };
        assert!(bad(|c| c.default = "English".to_string()));
        assert!(bad(|c| c.default = String::new()));
        assert!(bad(|c| {
            c.sources.insert("X".to_string(), "FR".to_string());
        }));
        assert!(bad(|c| c.min_confidence = 1.5));
        assert!(bad(|c| c.english_word_share = -0.1));
        assert!(LanguageConfig::default().validate().is_ok());
    }

    #[test]
    fn english_share_counts_ordinary_words_only() {
        let stage = stage();
        assert_eq!(stage.english_share("Putin visits Paris for talks."), 1.0);
        // massive, transports | dans, les (Grève is capitalised: it could be a name).
        assert_eq!(
            stage.english_share("Grève massive dans les transports"),
            0.5
        );
        assert_eq!(stage.english_share("grève à Paris"), 0.0);
        assert_eq!(stage.english_share("Erdogan, Lavrov"), 1.0);
        assert_eq!(stage.english_share("Pope Francis Visits Refugee Camp"), 1.0);
        assert_eq!(
            stage.english_share("Trudeau apologises over airstrikes"),
            1.0
        );
    }

    #[test]
    fn long_text_is_sampled_on_a_char_boundary() {
        let text = "é".repeat(SAMPLE_BYTES);
        identify(&text);
    }
}
