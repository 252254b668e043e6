//! Language identification (whatlang's trigram model, embedded in the crate).

use herald_model::EnrichedArticle;
use serde::Deserialize;
use whatlang::Lang;

use crate::{prefix, Stage, StageError};

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LanguageConfig {
    /// Below this confidence the language is reported as "und" (undetermined).
    pub min_confidence: f64,
    /// Names of the stages that are skipped for articles not in English.
    pub english_only: Vec<String>,
}

impl Default for LanguageConfig {
    fn default() -> Self {
        Self {
            min_confidence: 0.15,
            english_only: ["entities", "dates", "quotes", "events"]
                .map(String::from)
                .to_vec(),
        }
    }
}

/// How much text is read first: enough for whatlang to be sure of most news text.
const FIRST_SAMPLE_BYTES: usize = 1024;
/// How much is read when the first sample leaves it unsure; more only costs time.
const SAMPLE_BYTES: usize = 4096;

pub struct Language {
    min_confidence: f64,
}

impl Language {
    pub fn new(config: &LanguageConfig) -> Self {
        Self {
            min_confidence: config.min_confidence,
        }
    }

    /// ISO 639-1 code and confidence of `text`; "und" when it cannot tell.
    pub fn detect(&self, text: &str) -> (&'static str, f64) {
        let first = whatlang::detect(prefix(text, FIRST_SAMPLE_BYTES));
        let info = match first {
            Some(info) if info.is_reliable() || text.len() <= FIRST_SAMPLE_BYTES => Some(info),
            _ => whatlang::detect(prefix(text, SAMPLE_BYTES)),
        };
        match info {
            Some(info) if info.confidence() >= self.min_confidence => {
                (iso639_1(info.lang()), info.confidence())
            }
            Some(info) => ("und", info.confidence()),
            None => ("und", 0.0),
        }
    }
}

impl Stage for Language {
    fn name(&self) -> &'static str {
        "language"
    }

    /// A language declared by the sender is kept; otherwise it is detected from the body.
    fn process(&self, mut article: EnrichedArticle) -> Result<EnrichedArticle, StageError> {
        if article.language.is_none() {
            let (code, confidence) = self.detect(&article.body);
            article.language = Some(herald_model::Language {
                code: code.to_string(),
                confidence: (confidence * 1000.0).round() / 1000.0,
            });
        }
        Ok(article)
    }
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

    fn detect(text: &str) -> (&'static str, f64) {
        Language::new(&LanguageConfig::default()).detect(text)
    }

    #[test]
    fn identifies_common_news_languages() {
        assert_eq!(
            detect("The two leaders discussed the cease-fire in Syria on Monday, officials said.")
                .0,
            "en"
        );
        assert_eq!(detect("El presidente del Gobierno anunció el lunes un acuerdo con los sindicatos para subir el salario mínimo.").0, "es");
        assert_eq!(detect("Le président a annoncé lundi un accord avec les syndicats sur la réforme des retraites.").0, "fr");
        assert_eq!(
            detect("Der Bundestag hat am Donnerstag ein neues Gesetz zur Migration verabschiedet.")
                .0,
            "de"
        );
        assert_eq!(
            detect("Президент России провёл переговоры с канцлером Германии в понедельник.").0,
            "ru"
        );
    }

    #[test]
    fn empty_or_symbol_text_is_undetermined() {
        assert_eq!(detect("").0, "und");
        assert_eq!(detect("12345 %%% ---").0, "und");
    }

    #[test]
    fn declared_language_is_kept() {
        let raw = RawArticle::decode(
            br#"{"body":"Le texte.","language":"en"}"#,
            &Default::default(),
        )
        .unwrap();
        let out = Language::new(&LanguageConfig::default())
            .process(EnrichedArticle::new(raw))
            .unwrap();
        assert_eq!(out.language.unwrap().code, "en");
    }

    #[test]
    fn long_text_is_sampled_on_a_char_boundary() {
        let text = "é".repeat(SAMPLE_BYTES);
        detect(&text);
    }
}
