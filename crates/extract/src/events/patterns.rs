//! Event patterns (config/events/patterns.toml): verb and noun triggers with their
//! argument frames, mapped to CAMEO codes, and the modality vocabulary that turns an act
//! into an intent, a threat, a refusal or a demand.

use std::collections::HashMap;
use std::sync::Arc;

use super::{Map, Set};

use serde::Deserialize;

use super::coder::Grammar;
use super::morph::{plural, verb_forms};
use super::tokens::tokenize;

/// A pattern file, as written.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PatternFile {
    /// Herald's own or a user's file: its patterns win over the converted PETRARCH ones
    /// where both match.
    #[serde(skip)]
    pub own: bool,
    modality: Modality,
    grammar: Grammar,
    irregular: HashMap<String, Vec<String>>,
    p: Vec<Group>,
}

/// The modality vocabulary: as written in a file, and in [`Patterns`] the union of the files',
/// the verbs among its words in all their forms.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Modality {
    pub intent_words: Set<String>,
    pub threat_words: Set<String>,
    pub refuse_words: Set<String>,
    pub must_words: Set<String>,
    pub negation_words: Set<String>,
    pub say_words: Set<String>,
    pub planned_words: Set<String>,
    /// Verbs that carry out the act their object names ("ordered a mobilisation").
    pub act_words: Set<String>,
    /// Verbs that tell their object to act ("ordered its troops to withdraw").
    pub order_words: Set<String>,
    /// Code prefixes of acts done, when the sentence names no target, to the source's own
    /// country (protests, concessions, curfews).
    domestic: Set<String>,
    /// Code prefixes of acts only people and their offices do, never armed forces (visits).
    civilian: Set<String>,
    /// Code prefixes of acts whose passive subject is the agent's own force, not a target
    /// ("16,000 police officers were deployed").
    deployed: Set<String>,
    /// Code prefixes of violent acts that, done by protesters, are riots.
    riot_acts: Set<String>,
    /// Words naming protesters ("demonstrators", "rioters").
    pub rioters: Set<String>,
    /// Sectors of a state: with them, or none, an actor acts as a state.
    pub state_sectors: Set<String>,
    /// Armed actors, by sector or by a code's first letters.
    pub armed: Set<String>,
    /// Nouns of orders whose participle names the issuer's own act ("orders imposing").
    pub decree_words: Set<String>,
    /// What a visit is made to do when it is aid ("to help", "to restore order"), in words.
    pub aid_purposes: Vec<String>,
    /// Words putting an act down to a party: "blamed on", "claimed by" ([`Sentence::culprit`]).
    pub blame_words: Set<String>,
    pub claim_words: Set<String>,
    /// Code prefix of the act → code when it is intended, threatened, refused, demanded.
    intent: Map<String, String>,
    threat: Map<String, String>,
    reject: Map<String, String>,
    demand: Map<String, String>,
    /// Code prefix of a protest → the code when a state does it.
    state: Map<String, String>,
}

/// Patterns sharing a code and frame.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Group {
    code: String,
    verbs: Vec<String>,
    nouns: Vec<String>,
    /// A verb matches only with one of these words after it ("impose ... sanctions").
    objects: Vec<String>,
    /// Prepositions that introduce the target ("on", "against"); a verb's direct object
    /// is a target unless `prep_only`.
    preps: Vec<String>,
    prep_only: bool,
    /// The act needs a coded party after one of `preps` ("sent tanks to Ukraine" is aid,
    /// "sent tanks to the border" is not): without one, the next pattern is tried.
    recipient: bool,
    /// The act is the speaker's judgement on the trigger's subject ("May said Russia was
    /// responsible for"): the source is who said it, the target the subject.
    speaker: bool,
    /// The act needs a coded agent, its subject or the party blamed for it ("a Russian
    /// missile slammed into", not "a storm tore through").
    agent: bool,
    /// The code when coordinated actors do the act together and name nobody else ("Russia
    /// and China held naval drills" is military cooperation, 062).
    together: Option<String>,
    /// Symmetric: a compound subject without a target acts on itself pairwise ("X and Y met").
    sym: bool,
    /// Word near the trigger → a finer code ("accuse ... war crimes" → 1124).
    refine: HashMap<String, String>,
}

/// The required objects of a verb pattern.
#[derive(Debug, Default, PartialEq)]
pub struct Objects {
    pub list: Vec<Vec<String>>,
    /// First word of an object → the indices of the objects starting with it, in order.
    pub first: Map<String, Vec<usize>>,
    /// Some object has no words (it then fits anywhere): `first` cannot be used.
    pub empty: bool,
}

impl Objects {
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

/// One compiled pattern: a trigger word sequence (its first word is the lookup key).
#[derive(Debug, Clone)]
pub struct Pattern {
    pub code: String,
    pub noun: bool,
    pub rest: Vec<String>,
    /// Shared by every form of the group's verbs.
    pub objects: Arc<Objects>,
    pub preps: Set<String>,
    pub prep_only: bool,
    pub recipient: bool,
    pub speaker: bool,
    pub agent: bool,
    pub together: Option<String>,
    pub sym: bool,
    pub refine: Vec<(Vec<String>, String)>,
    /// From Herald's own or a user's file (not converted from PETRARCH).
    pub own: bool,
}

/// What the coder checks of a pattern before trying it, kept apart from the patterns so that
/// the many tried at a common word are read from a few cache lines.
#[derive(Debug, Clone, Copy)]
pub struct Kind {
    pub own: bool,
    pub noun: bool,
    /// A converted verb with neither more words nor objects: it must look like a verb.
    pub bare: bool,
}

#[derive(Default)]
pub struct Patterns {
    pub first: Map<String, Vec<usize>>,
    pub list: Vec<Pattern>,
    /// The kind of each pattern of `list`.
    pub kinds: Vec<Kind>,
    pub participles: Set<String>,
    pub modality: Modality,
    pub grammar: Grammar,
}

/// Irregular verb forms: lemma → forms.
type Irregular = HashMap<String, Vec<String>>;

fn words(phrase: &str) -> Vec<String> {
    tokenize(phrase).into_iter().map(|t| t.lower).collect()
}

/// The words of `phrase`, and the same with its last word in the plural.
fn with_plural(phrase: &str) -> [Vec<String>; 2] {
    let w = words(phrase);
    let mut pl = w.clone();
    if let Some(last) = pl.last_mut() {
        *last = plural(last);
    }
    [w, pl]
}

/// The forms of `verb`, regular and irregular.
fn forms(verb: &str, irregular: &Irregular) -> Vec<String> {
    let mut forms = verb_forms(verb);
    forms.extend(irregular.get(verb).into_iter().flatten().cloned());
    forms
}

impl Modality {
    /// Adds the words and codes of `file`'s modality.
    fn add(&mut self, file: &Modality, irregular: &Irregular) {
        let verbs = |set: &Set<String>| {
            set.iter()
                .flat_map(|w| forms(w, irregular))
                .collect::<Vec<_>>()
        };
        self.intent_words.extend(verbs(&file.intent_words));
        self.threat_words.extend(verbs(&file.threat_words));
        self.refuse_words.extend(verbs(&file.refuse_words));
        self.must_words.extend(file.must_words.iter().cloned());
        self.negation_words
            .extend(file.negation_words.iter().cloned());
        self.say_words.extend(verbs(&file.say_words));
        self.planned_words
            .extend(file.planned_words.iter().cloned());
        self.act_words.extend(verbs(&file.act_words));
        self.order_words.extend(verbs(&file.order_words));
        self.domestic.extend(file.domestic.iter().cloned());
        self.civilian.extend(file.civilian.iter().cloned());
        self.deployed.extend(file.deployed.iter().cloned());
        self.riot_acts.extend(file.riot_acts.iter().cloned());
        self.rioters.extend(file.rioters.iter().cloned());
        self.state_sectors
            .extend(file.state_sectors.iter().cloned());
        self.armed.extend(file.armed.iter().cloned());
        self.blame_words.extend(verbs(&file.blame_words));
        self.claim_words.extend(verbs(&file.claim_words));
        self.aid_purposes.extend(file.aid_purposes.iter().cloned());
        self.decree_words.extend(file.decree_words.iter().cloned());
        self.state.extend(file.state.clone());
        self.intent.extend(file.intent.clone());
        self.threat.extend(file.threat.clone());
        self.reject.extend(file.reject.clone());
        self.demand.extend(file.demand.clone());
    }

    /// A word of the lists that govern an act: none of them is an act of its own.
    fn governs(&self, word: &str) -> bool {
        [
            &self.intent_words,
            &self.threat_words,
            &self.refuse_words,
            &self.say_words,
            &self.must_words,
            &self.negation_words,
        ]
        .iter()
        .any(|set| set.contains(word))
    }

    fn has_prefix(prefixes: &Set<String>, code: &str) -> bool {
        (1..=code.len()).any(|n| prefixes.contains(&code[..n]))
    }

    fn lookup<'a>(map: &'a Map<String, String>, code: &str) -> Option<&'a String> {
        (1..=code.len()).rev().find_map(|n| map.get(&code[..n]))
    }
}

impl PatternFile {
    /// Keeps the pattern groups whose code passes `keep`.
    pub fn retain_codes(&mut self, keep: impl Fn(&str) -> bool) {
        self.p.retain(|g| keep(&g.code));
    }
}

impl Patterns {
    pub fn new(files: &[PatternFile]) -> Result<Self, String> {
        let mut p = Self::default();
        let mut irregular = Irregular::new();
        for (lemma, forms) in files.iter().flat_map(|f| &f.irregular) {
            irregular
                .entry(lemma.clone())
                .or_default()
                .extend(forms.iter().cloned());
            p.participles.extend(forms.iter().cloned());
        }
        for f in files {
            p.modality.add(&f.modality, &irregular);
            p.grammar.extend(&f.grammar);
            for g in &f.p {
                p.add_group(g, f.own, &irregular)?;
            }
        }
        Ok(p)
    }

    /// The patterns of group `g`: every form of its verbs and nouns.
    fn add_group(&mut self, g: &Group, own: bool, irregular: &Irregular) -> Result<(), String> {
        for code in std::iter::once(&g.code).chain(&g.together) {
            if code.is_empty() || !code.chars().all(|c| c.is_ascii_digit()) {
                return Err(format!("pattern code {code:?} is not a CAMEO code"));
            }
        }
        let objects: Vec<Vec<String>> = g.objects.iter().flat_map(|o| with_plural(o)).collect();
        let refine: Vec<(Vec<String>, String)> = (g.refine.iter())
            .flat_map(|(w, code)| with_plural(w).map(|w| (w, code.clone())))
            .collect();
        let mut object_first: Map<String, Vec<usize>> = Map::default();
        for (k, o) in objects.iter().enumerate() {
            if let Some(w) = o.first() {
                object_first.entry(w.clone()).or_default().push(k);
            }
        }
        let base = Pattern {
            code: g.code.clone(),
            noun: false,
            rest: Vec::new(),
            objects: Arc::new(Objects {
                empty: objects.iter().any(Vec::is_empty),
                first: object_first,
                list: objects,
            }),
            preps: g.preps.iter().cloned().collect(),
            prep_only: g.prep_only,
            recipient: g.recipient,
            speaker: g.speaker,
            agent: g.agent,
            together: g.together.clone(),
            sym: g.sym,
            refine,
            own,
        };
        for v in &g.verbs {
            let w = words(v);
            let Some((head, rest)) = w.split_first() else {
                continue;
            };
            for form in forms(head, irregular) {
                let rest = rest.to_vec();
                self.add(
                    form,
                    Pattern {
                        rest,
                        ..base.clone()
                    },
                );
            }
        }
        for n in &g.nouns {
            if words(n).is_empty() {
                continue;
            }
            for form in with_plural(n) {
                let pat = Pattern {
                    noun: true,
                    rest: form[1..].to_vec(),
                    objects: Arc::default(),
                    ..base.clone()
                };
                self.add(form[0].clone(), pat);
            }
        }
        Ok(())
    }

    fn add(&mut self, first: String, pattern: Pattern) {
        // A converted verb that is a modality word ("threaten", "refuse", "say") would take
        // the place of the act it governs: the own files' modality handles those.
        if !pattern.own && self.modality.governs(&first) {
            return;
        }
        let ids = self.first.entry(first).or_default();
        // The same form of the same pattern twice (a plural equal to a listed form).
        if ids.iter().any(|&i| {
            let q = &self.list[i];
            q.code == pattern.code
                && q.own == pattern.own
                && q.rest == pattern.rest
                && q.noun == pattern.noun
                && (Arc::ptr_eq(&q.objects, &pattern.objects)
                    || (q.objects.is_empty() && pattern.objects.is_empty()))
        }) {
            return;
        }
        ids.push(self.list.len());
        self.kinds.push(Kind {
            own: pattern.own,
            noun: pattern.noun,
            bare: !pattern.own
                && !pattern.noun
                && pattern.objects.is_empty()
                && pattern.rest.is_empty(),
        });
        self.list.push(pattern);
    }

    /// Number of trigger patterns: verb and noun lemmas with their frames.
    #[cfg(test)]
    pub fn count(files: &[PatternFile]) -> usize {
        files
            .iter()
            .flat_map(|f| &f.p)
            .map(|g| g.verbs.len() + g.nouns.len())
            .sum()
    }

    pub fn intent_of(&self, code: &str) -> Option<&String> {
        Modality::lookup(&self.modality.intent, code)
    }
    /// Whether an act of `code` is done to its source's own country when no target is named.
    pub fn domestic(&self, code: &str) -> bool {
        Modality::has_prefix(&self.modality.domestic, code)
    }

    /// Whether only people and their offices do acts of `code` (a force that "landed in" a
    /// capital made no visit).
    pub fn civilian(&self, code: &str) -> bool {
        Modality::has_prefix(&self.modality.civilian, code)
    }

    /// Whether the passive subject of an act of `code` is its source ("troops were sent").
    pub fn deployed(&self, code: &str) -> bool {
        Modality::has_prefix(&self.modality.deployed, code)
    }
    /// Whether an act of `code` done by protesters is a riot.
    pub fn riot(&self, code: &str) -> bool {
        Modality::has_prefix(&self.modality.riot_acts, code)
    }
    /// The code of a protest act of `code` when a state does it.
    pub fn by_state(&self, code: &str) -> Option<&String> {
        Modality::lookup(&self.modality.state, code)
    }
    pub fn threat_of(&self, code: &str) -> Option<&String> {
        Modality::lookup(&self.modality.threat, code)
    }
    pub fn reject_of(&self, code: &str) -> Option<&String> {
        Modality::lookup(&self.modality.reject, code)
    }
    pub fn demand_of(&self, code: &str) -> Option<&String> {
        Modality::lookup(&self.modality.demand, code)
    }
}

#[cfg(test)]
mod tests {
    use super::super::coder::List;
    use super::*;

    #[test]
    fn the_shipped_patterns_cover_every_root() {
        let file: PatternFile =
            toml::from_str(include_str!("../../../../config/events/patterns.toml")).unwrap();
        assert!(Patterns::count(std::slice::from_ref(&file)) >= 400);
        let roots: std::collections::HashSet<&str> = file.p.iter().map(|g| &g.code[..2]).collect();
        assert_eq!(roots.len(), 20);
        let p = Patterns::new(&[file]).unwrap();
        assert!(p.first.contains_key("attacked") && p.first.contains_key("airstrikes"));
    }

    /// A sentence with no trigger word skips the actor work; a trigger that opens with a
    /// preposition or determiner ("to blame for") would send every sentence through it.
    #[test]
    fn no_own_trigger_opens_with_a_function_word() {
        let file: PatternFile =
            toml::from_str(include_str!("../../../../config/events/patterns.toml")).unwrap();
        let grammar = &file.grammar;
        let function = |w: &str| {
            [List::Prepositions, List::NpDeterminers]
                .iter()
                .any(|&l| grammar.has(l, w))
        };
        for g in &file.p {
            for phrase in g.verbs.iter().chain(&g.nouns) {
                let first = phrase.split(' ').next().unwrap_or_default();
                assert!(!function(first), "{phrase:?} ({})", g.code);
            }
        }
    }
}
