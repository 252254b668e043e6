//! Coding one sentence: trigger matching, modality, negation, and the source and target
//! of each event from the actor mentions around the trigger.

use herald_model::Mood as EventMood;

use super::actors::{Group, Mention};
use super::patterns::{Kind, Modality, Pattern, Patterns};
use super::taxonomy::Taxonomy;
use super::tokens::Token;

use super::{Map, Set};
use serde::Deserialize;

/// An event found in a sentence, before it becomes a record.
#[derive(Debug, Clone, PartialEq)]
pub struct Coded {
    pub code: String,
    /// Trigger tokens `first..=last`.
    pub first: usize,
    pub last: usize,
    pub source: Option<usize>,
    pub target: Option<usize>,
    /// The target is the place where the act happened ("imposed a curfew in Cizre"): it
    /// stands for its country.
    pub place_target: bool,
    /// The source is the place the act happened in ("crowds took to the streets of
    /// Shanghai"): it stands for its people.
    pub place_source: bool,
    pub negated: bool,
    pub mood: EventMood,
    /// A joint act of coordinated actors: one event stands for both directions.
    pub reciprocal: bool,
    pub confidence: f64,
}

/// The function-word lists of the `[grammar]` table of config/events/patterns.toml.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum List {
    Prepositions,
    Locative,
    Be,
    VerbTargetPreps,
    NounTargetPreps,
    NpDeterminers,
    NounSlot,
    SubjectOpeners,
    Days,
    VerbGovernors,
    VerbalPrepositions,
    ClauseBarriers,
    RightBarriers,
    Subordinators,
    Particles,
    Separable,
    /// Not in the pattern files: the actors' quantifiers (config/events/actors.toml).
    Quantities,
}

/// The function words the coder reads clauses by (later pattern files add to them).
#[derive(Debug, Default, Deserialize)]
pub struct Grammar(Map<List, Set<String>>);

impl Grammar {
    /// Adds the words of `other`.
    pub fn extend(&mut self, other: &Grammar) {
        for (list, words) in &other.0 {
            self.0
                .entry(*list)
                .or_default()
                .extend(words.iter().cloned());
        }
    }

    /// Adds `words` to `list`.
    pub fn add(&mut self, list: List, words: impl IntoIterator<Item = String>) {
        self.0.entry(list).or_default().extend(words);
    }

    /// The words of `list`, when a file gives it.
    fn words(&self, list: List) -> Option<&Set<String>> {
        self.0.get(&list)
    }

    pub(super) fn has(&self, list: List, word: &str) -> bool {
        self.words(list).is_some_and(|words| words.contains(word))
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Mood {
    Plain,
    Intent,
    Threat,
    Refuse,
    Must,
}

struct Match {
    pattern: usize,
    first: usize,
    /// Last token of the trigger proper.
    head_last: usize,
    /// Last token including the required object.
    last: usize,
    specificity: usize,
    /// The trigger is a passive participle ("were deployed").
    passive: bool,
    /// The verb's particle stands after its object ("ordered ten aid agencies out"): the
    /// object is the target.
    split: bool,
}

pub struct Sentence<'a> {
    pub grammar: &'a Grammar,
    pub tokens: &'a [Token],
    pub mentions: &'a [Mention],
    pub groups: &'a [Group],
}

impl Sentence<'_> {
    fn lower(&self, k: usize) -> &str {
        &self.tokens[k].lower
    }

    /// Start of the noun phrase ending in group `g`, back over determiners and modifiers.
    fn np_start(&self, first: usize) -> usize {
        let g = self.grammar;
        let mut b = first;
        while b > 0 {
            let w = self.lower(b - 1);
            let t = &self.tokens[b - 1];
            if t.punct
                || g.has(List::Prepositions, w)
                || w == "and"
                || w == "said"
                || g.has(List::Be, w)
            {
                break;
            }
            if !(g.has(List::NpDeterminers, w)
                || w.ends_with("ern")
                || w.chars().all(|c| c.is_ascii_digit() || c == ','))
            {
                break;
            }
            b -= 1;
        }
        b
    }

    fn preceded_by_prep(&self, g: &Group) -> Option<&str> {
        let mut b = self.np_start(g.first);
        // "Tens of thousands of demonstrators", "more than 200,000 Brazilians": the group
        // heads the quantity's phrase.
        while b >= 2
            && matches!(self.lower(b - 1), "of" | "than")
            && self.grammar.has(List::Quantities, self.lower(b - 2))
        {
            b = self.np_start(b - 2);
        }
        (b > 0)
            .then(|| self.lower(b - 1))
            .filter(|w| self.grammar.has(List::Prepositions, w))
    }

    /// The subject group: the nearest group left of `t` in the clause that is not the
    /// object of a preposition; an apposition gives way to the noun it describes. Across a
    /// verb of saying, the speaker stays the subject unless the reported clause opens with
    /// a subject of its own: in "X said the army attacked", X is not the attacker (an actor
    /// there would have been found first); in "X said it attacked", it is.
    fn left_group(&self, t: usize, allow_by: bool, say_words: &Set<String>) -> Option<usize> {
        let g = self.left_group_any(t, allow_by)?;
        let last = self.groups[g].last;
        let Some(say) = (last + 1..t).find(|&k| say_words.contains(self.lower(k))) else {
            return Some(g);
        };
        let mut k = say + 1;
        while k < t
            && (self.lower(k) == "that"
                || self.lower(k) == ","
                || self.grammar.has(List::Days, self.lower(k)))
        {
            k += 1;
        }
        let own_subject = k < t
            && (self.grammar.has(List::SubjectOpeners, self.lower(k))
                || self.tokens[k].cap
                || self.lower(k).starts_with(|c: char| c.is_ascii_digit()));
        (!own_subject).then_some(g)
    }

    /// The group that says the clause ending after `end`, named after it: "..., Britain
    /// said", "..., said a U.N. commission".
    fn trailing_speaker(&self, end: usize, say_words: &Set<String>) -> Option<usize> {
        let n = self.tokens.len();
        let say = (end + 1..n).find(|&k| say_words.contains(self.lower(k)))?;
        let opens = |g: &Group| {
            let k = (0..g.first)
                .rev()
                .find(|&k| !self.grammar.has(List::NpDeterminers, self.lower(k)));
            k.is_some_and(|k| self.lower(k) == ",")
        };
        // Its head may follow the named part: "U.N. investigators said".
        let heads = |g: &Group| {
            let between = self.tokens.get(g.last + 1..say).unwrap_or_default();
            between.len() <= 2 && between.iter().all(|t| !t.punct && !t.cap)
        };
        let before = |g: &Group| heads(g) && opens(g);
        let after = |g: &Group| self.lower(say - 1) == "," && g.first == say + 1;
        (self.groups.iter()).position(|g| g.first > end && (before(g) || after(g)))
    }

    fn left_group_any(&self, t: usize, allow_by: bool) -> Option<usize> {
        let mut best = None;
        // "Turkey, which backs the rebels, attacked ...": a relative clause closed by a comma
        // just before the trigger holds no subject of it.
        let relative = (t.saturating_sub(4)..t)
            .rev()
            .find(|&k| self.lower(k) == ",")
            .and_then(|close| {
                (close.saturating_sub(CLAUSE_REACH).max(1)..close)
                    .rev()
                    .find(|&k| {
                        self.lower(k - 1) == ","
                            && matches!(self.lower(k), "which" | "who" | "whom" | "whose")
                    })
                    .map(|open| (open, close))
            });
        for (gi, g) in self.groups.iter().enumerate().rev() {
            if g.last >= t {
                continue;
            }
            if relative.is_some_and(|(open, close)| open < g.first && g.last < close) {
                continue;
            }
            if t - g.last > CLAUSE_REACH {
                break;
            }
            if self.tokens[g.last + 1..t]
                .iter()
                .any(|x| x.lower == ";" || x.lower == ":")
            {
                break;
            }
            match self.preceded_by_prep(g) {
                Some("by") if allow_by => {}
                Some(_) => continue,
                None => {}
            }
            best = Some(gi);
            // "Pakistan, a key U.S. ally in ..., has refused": take "Pakistan".
            let b = self.np_start(g.first);
            if b >= 2
                && self.lower(b - 1) == ","
                && self.tokens[g.last + 1..t].iter().any(|x| x.lower == ",")
            {
                if let Some(prev) = gi.checked_sub(1) {
                    if self.groups[prev].last + 2 == b {
                        best = Some(prev);
                    }
                }
            }
            break;
        }
        best
    }

    /// A coded group inside a verb's required object, whose owner it names ("seized a
    /// British-flagged tanker", "accepted a Russian proposal", "recognised Azerbaijan's
    /// sovereignty"), with no mark or subordinator before it.
    fn inner_object(&self, m: &Match) -> Option<usize> {
        let g = (self.groups.iter()).position(|g| g.first > m.head_last && g.last <= m.last)?;
        let before = &self.tokens[m.head_last + 1..self.groups[g].first];
        let plain =
            (before.iter()).all(|t| !t.punct && !self.grammar.has(List::Subordinators, &t.lower));
        // A name, not a pronoun standing for the source ("lifted its state of emergency").
        let named = self.tokens[self.groups[g].first].cap;
        (plain && named && self.is_coded(g)).then_some(g)
    }

    /// The party an act with no named agent is put down to: the one blamed for it ("an
    /// attack Washington blamed on Assad's forces", "police blamed Jemaah Islamiyah") or
    /// claiming it ("a strike claimed by the Houthis", "al-Shabaab claimed responsibility").
    fn culprit(&self, words: &Modality) -> Option<usize> {
        let coded_after =
            |k: usize, reach: usize| self.group_after(k, reach).filter(|&g| self.is_coded(g));
        (0..self.tokens.len()).find_map(|k| {
            let w = self.lower(k);
            if words.blame_words.contains(w) {
                coded_after(k, 10)
            } else if !words.claim_words.contains(w) {
                None
            } else if self.tokens.get(k + 1).is_some_and(|t| t.lower == "by") {
                coded_after(k + 1, 4)
            } else {
                let g = self.left_group_any(k, false)?;
                (self.groups[g].last + 3 >= k && self.is_coded(g)).then_some(g)
            }
        })
    }

    /// The group starting within `reach` tokens after token `k`, with no punctuation before
    /// it: the object of a word ("by the Houthis", "blamed Jemaah Islamiyah").
    fn group_after(&self, k: usize, reach: usize) -> Option<usize> {
        let g = (self.groups.iter()).position(|g| g.first > k && g.first <= k + reach)?;
        let clear = !self.tokens[k + 1..self.groups[g].first]
            .iter()
            .any(|t| t.punct);
        clear.then_some(g)
    }

    /// The first group right of `end` in its clause that names a place.
    fn place_after(&self, end: usize) -> Option<usize> {
        let g = (self.groups.iter()).position(|g| {
            g.first > end && (g.members.iter()).any(|&k| self.mentions[k].info.place.is_some())
        })?;
        let first = self.groups[g].first;
        let clear = first <= end + 14
            && !(self.tokens[end + 1..first].iter())
                .any(|x| self.grammar.has(List::RightBarriers, &x.lower));
        (clear && self.is_coded(g)).then_some(g)
    }

    /// The mentions of group `g`.
    fn members(&self, g: usize) -> impl Iterator<Item = &Mention> {
        self.groups[g].members.iter().map(|&k| &self.mentions[k])
    }

    /// The actor codes of group `g` (empty for an uncoded mention).
    fn codes(&self, g: usize) -> impl Iterator<Item = &String> {
        self.members(g).map(|m| &m.info.code)
    }

    /// Whether a member of group `g` is a coded actor.
    fn is_coded(&self, g: usize) -> bool {
        self.codes(g).any(|c| !c.is_empty())
    }

    /// The target group right of the trigger: introduced by one of `preps`, or a direct
    /// object. Returns the group and, separately, a locative place passed on the way.
    fn right_group(
        &self,
        end: usize,
        preps: Option<&Set<String>>,
        direct: bool,
    ) -> (Option<usize>, Option<usize>) {
        let mut place = None;
        // An uncoded target is kept only until a coded one or a place turns up.
        let mut uncoded = None;
        for (gi, g) in self.groups.iter().enumerate() {
            if g.first <= end {
                continue;
            }
            if g.first > end + 14 {
                break;
            }
            if self.tokens[end + 1..g.first]
                .iter()
                .any(|x| self.grammar.has(List::RightBarriers, &x.lower))
            {
                break;
            }
            let is_target = match self.preceded_by_prep(g) {
                Some(p) if preps.is_some_and(|preps| preps.contains(p)) => true,
                Some(p) if self.grammar.has(List::Locative, p) && place.is_none() => {
                    place = Some(gi);
                    false
                }
                Some(_) => false,
                None => direct,
            };
            if is_target && self.is_coded(gi) {
                return (Some(gi), place);
            }
            if is_target && uncoded.is_none() {
                uncoded = Some(gi);
            }
        }
        (uncoded, place)
    }
}

/// CAMEO roots (a code's first two digits) that steer the coder.
const STATEMENT: &str = "01";
const APPEAL: &str = "02";
const INTENT: &str = "03";
const CONSULT: &str = "04";
const DIPLOMATIC: &str = "05";
const MATERIAL: &str = "06";
const INVESTIGATE: &str = "09";
const DEMAND: &str = "10";
const DISAPPROVE: &str = "11";
const REJECT: &str = "12";
const PROTEST: &str = "14";
/// Roots of violent acts: with no named agent, the party blamed for one did it.
const VIOLENT_ROOTS: &[&str] = &["18", "19", "20"];
/// Roots of triggers whose complement holds an act ("demanded that X cancel ...", "accused X
/// of violating ..."): the act is part of their event, not one of its own.
const COMPLEMENT_ROOTS: &[&str] = &[APPEAL, INVESTIGATE, DEMAND, DISAPPROVE, REJECT];
/// Roots of verbal acts, which never take the place they happened in as their target.
const VERBAL_ROOTS: &[&str] = &[STATEMENT, APPEAL, INTENT, CONSULT, DIPLOMATIC];
/// Roots of acts coordinated actors do together ("X and Y met").
const JOINT_ROOTS: &[&str] = &[INTENT, CONSULT, DIPLOMATIC, MATERIAL];
/// The codes of a refusal and of a demand whose act the pattern files map to none, and of
/// a threat of a cooperative act.
const REJECT_ANY: &str = "120";
const DEMAND_ANY: &str = "100";
const THREAT_ANY: &str = "130";

fn root(code: &str) -> &str {
    &code[..2]
}

/// The events of one sentence: its trigger matches, each coded in its mood with its
/// arguments, less the acts that are part of another trigger's event.
pub fn code_sentence(s: &Sentence, patterns: &Patterns, taxonomy: &Taxonomy) -> Vec<Coded> {
    let matches = find_matches(s, patterns);
    let mut out = Vec::new();
    let mut governors: Vec<usize> = Vec::new();
    let mut dropped: Vec<usize> = Vec::new();
    for (mi, m) in matches.iter().enumerate() {
        // The match before, past those that were part of its complement ("urged them to
        // halt the fighting and return to talks": the return is the appeal's too).
        let prev = (0..mi)
            .rev()
            .find(|p| !dropped.contains(p))
            .map(|p| &matches[p]);
        // "Russia ordered its troops to withdraw": the withdrawal is Russia's.
        let orderer = prev.filter(|prev| ordered_act(s, patterns, prev, m));
        if let Some(prev) = prev.filter(|prev| in_complement(s, patterns, prev, m)) {
            // "ordered the expulsion of": the order is the expulsion, not a demand.
            if orderer.is_none() && carrier(s, patterns, m) != Some(prev.first) {
                dropped.push(mi);
                continue;
            }
            governors.push(prev.first);
        }
        let (mood, gov, negated) = mood(s, patterns, m);
        let gov = gov.or(orderer.map(|o| o.first));
        governors.extend(gov);
        let code = refine(s, &patterns.list[m.pattern], m);
        let Some((code, negated)) = mood_code(patterns, taxonomy, code, mood, negated) else {
            continue;
        };
        let coded = code_match(s, patterns, m, mood, gov, code, negated);
        out.extend(coded.into_iter().map(|c| (mi, c)));
    }
    without_governors(&matches, &dropped, &governors, out)
}

/// Left to right, the most specific pattern at each word; a verb's required object
/// ("imposed ... sanctions") and a multiword trigger's words are claimed by it. Sorted by
/// first token.
fn find_matches(s: &Sentence, patterns: &Patterns) -> Vec<Match> {
    let tokens = s.tokens;
    let n = tokens.len();
    let mut used = vec![false; n];
    let mut matches: Vec<Match> = Vec::new();
    // Tokens inside an actor mention name the actor, not an act ("Russia's deterrence
    // forces", "riot police"): computed once rather than per token.
    let mut mentioned = vec![false; n];
    for m in s.mentions {
        mentioned[m.first..=m.last].fill(true);
    }
    for i in 0..n {
        // The second half of a hyphenated compound is an adjective ("U.N.-backed").
        let compound = i > 0 && tokens[i - 1].lower == "-" && tokens[i - 1].end == tokens[i].start;
        if used[i] || tokens[i].scare || tokens[i].punct || mentioned[i] || compound {
            continue;
        }
        let Some(ids) = patterns.first.get(tokens[i].lower.as_str()) else {
            continue;
        };
        let word = Word::at(s, i, &patterns.participles);
        let mut best: Option<Match> = None;
        for &id in ids {
            // Own patterns come first in the list and always win: once one matched, no
            // converted one needs trying.
            let own_found = best.as_ref().is_some_and(|b| patterns.kinds[b.pattern].own);
            let kind = patterns.kinds[id];
            if own_found && !kind.own {
                break;
            }
            if !word.fits(kind) {
                continue;
            }
            let Some(m) = match_at(s, &patterns.list[id], id, i, &used, word)
                .filter(|m| !orders_an_act(s, patterns, m) && has_recipient(s, patterns, m))
            else {
                continue;
            };
            // Herald's own patterns win over converted ones, then the more specific.
            let rank = |m: &Match| (patterns.kinds[m.pattern].own, m.specificity);
            if best.as_ref().is_none_or(|b| rank(&m) > rank(b)) {
                best = Some(m);
            }
        }
        if let Some(m) = best {
            for (k, u) in used.iter_mut().enumerate().take(m.last + 1).skip(m.first) {
                *u |= k <= m.head_last || k == m.last;
            }
            matches.push(m);
        }
    }
    matches.sort_by_key(|m| m.first);
    matches
}

/// Whether match `m` is an act in the complement of the match before it, a demand,
/// accusation, rejection or appeal trigger close before it in the same clause.
fn in_complement(s: &Sentence, patterns: &Patterns, prev: &Match, m: &Match) -> bool {
    // A base form goes on with the complement past "and" ("urged them to halt the fighting
    // and return to talks"); a past one opens a clause ("demanded ... and attacked").
    let w = s.lower(m.first);
    let base = !w.ends_with("ed") && !w.ends_with('s') && !patterns.participles.contains(w);
    let reach = if base { 16 } else { 10 };
    let close = m.first > prev.last && m.first - prev.last <= reach;
    close
        && !s.tokens[prev.last + 1..m.first].iter().any(|t| {
            matches!(
                t.lower.as_str(),
                "," | ";" | ":" | "but" | "while" | "after" | "said"
            ) || (t.lower == "and" && !base)
        })
        && COMPLEMENT_ROOTS.contains(&root(&patterns.list[prev.pattern].code))
}

/// The group right after the governing word at `gov` and before the trigger at `t`, with
/// nothing but a preposition or determiners after it: "threatened [Iraq] with sanctions".
fn governed_object(s: &Sentence, gov: usize, t: usize) -> Option<usize> {
    let g = s
        .groups
        .iter()
        .position(|g| g.first == gov + 1 && g.last < t)?;
    let between = &s.tokens[s.groups[g].last + 1..t];
    let plain = between.len() <= 3 && between.iter().all(|x| !x.punct && !x.cap);
    plain.then_some(g)
}

/// The verb whose object the nominal trigger of `m` is, when it carries the act out or
/// announces it: "ordered a general mobilisation", "announced the expulsion of", "ordered
/// Russia's first mobilisation". Only modifiers of the noun may stand between them: no
/// punctuation, and no actor but a possessive one. A word in a noun's slot ("a complete
/// siege") is no verb, and a verb trigger there is a noun ("ordered an end to").
fn carrier(s: &Sentence, patterns: &Patterns, m: &Match) -> Option<usize> {
    let t = m.first;
    let noun_slot = t > 0 && s.grammar.has(List::NounSlot, s.lower(t - 1));
    if !patterns.list[m.pattern].noun && !noun_slot {
        return None;
    }
    let words = &patterns.modality;
    let k = (t.saturating_sub(5)..t).rev().find(|&k| {
        let w = s.lower(k);
        let verb = k == 0 || !s.grammar.has(List::NounSlot, s.lower(k - 1));
        verb && (words.act_words.contains(w) || words.say_words.contains(w))
    })?;
    let possessive = |x: &Mention| s.tokens.get(x.last + 1).is_some_and(|n| n.lower == "'s");
    let mut between = (s.mentions.iter()).filter(|x| x.last > k && x.first < t);
    if !between.clone().all(possessive) {
        return None;
    }
    let owner = between.next_back();
    let in_owner = |i: usize| owner.is_some_and(|o| o.first <= i && i <= o.last);
    let clear = (k + 1..t).all(|i| !s.tokens[i].punct && (!s.tokens[i].cap || in_owner(i)));
    clear.then_some(k)
}

/// Whether `m` is an act that the order verb of `prev` tells the speaker's own force to do:
/// "Russia ordered its troops to withdraw", the force uncoded or an armed force or police of
/// the speaker's country, and "to" right before the act; or an act an order names in a
/// participle right after it ([`decreed_act`]).
fn ordered_act(s: &Sentence, patterns: &Patterns, prev: &Match, m: &Match) -> bool {
    if decreed_act(s, patterns, prev, m) {
        return true;
    }
    let verb = prev.first;
    if !patterns.modality.order_words.contains(s.lower(verb)) || s.lower(m.first - 1) != "to" {
        return false;
    }
    let Some(g) = (s.groups.iter()).position(|g| g.first > verb && g.last + 2 == m.first) else {
        return false;
    };
    if s.tokens[verb + 1..s.groups[g].first]
        .iter()
        .any(|t| t.punct)
    {
        return false;
    }
    let say = &patterns.modality.say_words;
    let speaker = s
        .left_group(verb, false, say)
        .and_then(|o| s.codes(o).find(|c| !c.is_empty()));
    let country = |c: &str| c.get(..3).map(str::to_owned);
    s.codes(g).all(|c| {
        let force = FORCES.contains(&c.get(3..6).unwrap_or(""));
        c.is_empty() || (force && speaker.is_some_and(|o| country(o) == country(c)))
    })
}

/// Whether `m` is an act an order or decree names in a participle right after it: "signed
/// orders imposing tariffs on Canada", "a decree banning the party" are the issuer's acts.
fn decreed_act(s: &Sentence, patterns: &Patterns, prev: &Match, m: &Match) -> bool {
    let decree = patterns
        .modality
        .decree_words
        .contains(s.lower(prev.head_last));
    let Some(between) = s.tokens.get(prev.last + 1..m.first) else {
        return false;
    };
    decree
        && s.lower(m.first).ends_with("ing")
        && between.len() <= 3
        && between.iter().all(|t| !t.punct)
}

/// Whether the pattern of `m` has the coded party after its prepositions that it needs, if
/// it needs one.
fn has_recipient(s: &Sentence, patterns: &Patterns, m: &Match) -> bool {
    let p = &patterns.list[m.pattern];
    !p.recipient || (s.right_group(m.last, Some(&p.preps), false).0).is_some_and(|g| s.is_coded(g))
}

/// Whether `m` is an order verb whose object is told to do an act a pattern knows, not
/// sent somewhere: "ordered its troops and police to withdraw", not "ordered 10 battalions
/// to the border" or "ordered the strike group to sail".
fn orders_an_act(s: &Sentence, patterns: &Patterns, m: &Match) -> bool {
    let order = patterns.modality.order_words.contains(s.lower(m.first));
    let known = |t: &Token| !t.cap && patterns.first.contains_key(t.lower.as_str());
    let reach = s.tokens.len().min(m.last + 7);
    let mut after = s.tokens[m.head_last + 1..reach]
        .windows(2)
        .take_while(|w| !w[0].punct);
    order && m.last > m.head_last && after.any(|w| w[0].lower == "to" && known(&w[1]))
}

/// Sectors of a country's armed forces and police.
const FORCES: &[&str] = &[super::actors::MILITARY, "COP"];

/// The code of an act in its mood (refused, intended, threatened or demanded, by the
/// pattern files' maps) and whether it is negated; `None` for a code the taxonomy lacks.
fn mood_code(
    patterns: &Patterns,
    taxonomy: &Taxonomy,
    mut code: String,
    mood: Mood,
    mut negated: bool,
) -> Option<(String, bool)> {
    let info = taxonomy.get(&code)?;
    let cooperative = info.quad_class <= 2 && root(&code) != INVESTIGATE;
    let reject = |code: &str| patterns.reject_of(code).cloned();
    match mood {
        Mood::Plain => {}
        Mood::Refuse if cooperative => code = reject(&code).unwrap_or_else(|| REJECT_ANY.into()),
        Mood::Refuse => negated = true,
        Mood::Intent | Mood::Threat if negated && cooperative => {
            code = reject(&code).unwrap_or_else(|| REJECT_ANY.into());
            negated = false;
        }
        Mood::Intent if cooperative => {
            if let Some(c) = patterns.intent_of(&code) {
                code = c.clone();
            }
        }
        // A warning that the target "would pay a price": the threat, not the act.
        Mood::Threat if cooperative => code = THREAT_ANY.into(),
        Mood::Intent | Mood::Threat => {
            if let Some(c) = patterns.threat_of(&code) {
                code = c.clone();
            }
        }
        Mood::Must => {
            code = patterns
                .demand_of(&code)
                .cloned()
                .unwrap_or_else(|| DEMAND_ANY.into());
        }
    }
    taxonomy.get(&code)?;
    Some((code, negated))
}

/// The source and target groups of a match, and a place passed on the way.
struct Arguments {
    source: Option<usize>,
    target: Option<usize>,
    place: Option<usize>,
    /// The source came from the clause's structure (subject, "by" phrase, the trigger's
    /// own modifier) rather than a fallback.
    structural: bool,
    /// Last token of the trigger as coded.
    end: usize,
    /// The source is the place the act happened in.
    place_source: bool,
}

/// The arguments of a match: for a demand, the speaker and the subject; for a passive,
/// the "by" phrase and the subject; for a noun trigger, its modifier or "by" phrase and
/// the target after it; else the subject and the object or prepositional target.
fn arguments(
    s: &Sentence,
    patterns: &Patterns,
    m: &Match,
    mood: Mood,
    gov: Option<usize>,
) -> Arguments {
    let p = &patterns.list[m.pattern];
    let (n, t, say) = (s.tokens.len(), m.first, &patterns.modality.say_words);
    let object_is_actor = s
        .mentions
        .iter()
        .any(|x| x.first <= m.last && m.last <= x.last);
    let end = if object_is_actor { m.head_last } else { m.last };
    let preps = match (p.preps.is_empty(), p.noun) {
        (false, _) => Some(&p.preps),
        (true, true) => s.grammar.words(List::NounTargetPreps),
        (true, false) => s.grammar.words(List::VerbTargetPreps),
    };
    let mut structural = true;
    let (source, target, place) = if mood == Mood::Must || p.speaker {
        // "Russia said that Sudan must return ...": the speaker demands of the subject;
        // "May said Russia was responsible for ...": the speaker blames it.
        let subject = s.left_group(t, false, say);
        let speaker = subject.and_then(|g| {
            let first = s.groups[g].first;
            (first.saturating_sub(8)..first)
                .rev()
                .find(|&k| say.contains(s.lower(k)))
        });
        let source = speaker.and_then(|k| s.left_group(k, false, say));
        (
            source.or_else(|| s.trailing_speaker(m.last, say)),
            subject,
            None,
        )
    } else if !p.noun && m.passive {
        let by = (m.last + 1..n.min(m.last + 8)).find(|&k| s.lower(k) == "by");
        let source = by.and_then(|k| s.group_after(k, 4));
        let subject = s.left_group(t, false, say);
        if source.is_none() && patterns.deployed(&p.code) {
            // "16,000 police officers were deployed": the force is its own agent's.
            let (target, place) = s.right_group(end, preps, false);
            (subject, target, place)
        } else if source.is_none() && !subject.is_some_and(|g| s.is_coded(g)) {
            // "Guzman was extradited to the United States": with no agent and nobody coded
            // as the patient, the pattern's own preposition names the party it was done to.
            let (to, place) = s.right_group(end, Some(&p.preps).filter(|x| !x.is_empty()), false);
            (None, to.or(subject), place)
        } else {
            (source, subject, s.right_group(end, None, false).1)
        }
    } else if p.noun {
        let premod = s.groups.iter().position(|g| {
            g.last + 1 == t
                || (g.last + 2 == t
                    && !s.tokens[t - 1].punct
                    && !s.grammar.has(List::Prepositions, s.lower(t - 1))
                    && s.lower(t - 1) != "and")
        });
        let by = (m.last + 1..n.min(m.last + 4)).find(|&k| s.lower(k) == "by");
        let by_group = by.and_then(|k| {
            s.groups
                .iter()
                .position(|g| g.first == k + 1 || g.first == k + 2)
        });
        // The subject of a verb that carries the act out ("Armenia ordered a general
        // mobilisation") or announces it, past the verb of saying: structure too.
        let carried = || s.left_group_any(carrier(s, patterns, m)?, false);
        let structured = by_group.or(premod).or_else(carried);
        structural = structured.is_some();
        let source = structured.or_else(|| s.left_group(gov.unwrap_or(t).min(t), false, say));
        let (target, place) = s.right_group(end, preps, false);
        (source, target, place)
    } else {
        let source = s.left_group(gov.unwrap_or(t).min(t), false, say);
        let (target, place) = s.right_group(end, preps, !p.prep_only && !m.split);
        let other =
            |g: &usize| source.is_none_or(|o| s.codes(*g).all(|c| s.codes(o).all(|d| d != c)));
        // "ordered French aid workers out of the country": the object before the particle,
        // when named, before the prepositions' party.
        let inside = |g: &Group| g.first > t && g.last < m.head_last;
        let split_object = m.split.then(|| s.groups.iter().position(inside)).flatten();
        let named = split_object.filter(|&g| s.is_coded(g));
        (
            source,
            (named.or(target).or(split_object)).or_else(|| s.inner_object(m).filter(other)),
            place,
        )
    };
    // "threatened Iraq with sanctions", "promised Ukraine more weapons": with none after
    // the trigger, the governing word's object is the target.
    // Not an order's: "ordered its troops to withdraw" is their own agent's act.
    let governs = |g: &usize| !patterns.modality.order_words.contains(s.lower(*g));
    let target = target.or_else(|| governed_object(s, gov.filter(governs)?, m.first));
    // "a car bomb ripped through a market; police blamed Jemaah Islamiyah".
    let unnamed = |source: Option<usize>| !source.is_some_and(|g| s.is_coded(g));
    let source = if VIOLENT_ROOTS.contains(&root(&p.code)) && unnamed(source) {
        (s.culprit(&patterns.modality))
            .filter(|&g| Some(g) != target)
            .or(source)
    } else {
        source
    };
    // "Crowds took to the streets of Shanghai": protesters nobody names are the people of
    // the place they protest in.
    let place_source = (root(&p.code) == PROTEST && unnamed(source))
        .then(|| s.place_after(end))
        .flatten();
    let source = place_source.or(source);
    // An uncoded target ("refused to deploy peacekeepers in Iraq") gives way to the place.
    Arguments {
        source,
        target: target.filter(|&g| s.is_coded(g) || place.is_none()),
        place,
        structural,
        end,
        place_source: place_source.is_some(),
    }
}

/// A (source, target, reciprocal) pair of mentions.
type Pair = (Option<usize>, Option<usize>, bool);

/// The mention pairs of a match's arguments, and whether the targets are the place the act
/// happened in. Coordinated actors of a joint act with no other party ("X and Y met", "X
/// and Y agreed to reopen their embassies") make one reciprocal event per pair, not one
/// each way.
fn pairs(s: &Sentence, p: &Pattern, code: &str, args: &Arguments) -> (Vec<Pair>, bool) {
    let members = |g: Option<usize>| -> Vec<Option<usize>> {
        match g {
            Some(g) => s.groups[g].members.iter().map(|&k| Some(k)).collect(),
            None => vec![None],
        }
    };
    let sources = members(args.source);
    let mut targets = members(args.target);
    let mut place_target = false;
    if args.target.is_none() && !VERBAL_ROOTS.contains(&root(code)) {
        if let Some(pg) = args.place {
            targets = s.groups[pg]
                .members
                .iter()
                .filter(|&&k| s.mentions[k].info.place.is_some())
                .map(|&k| Some(k))
                .collect();
            place_target = !targets.is_empty();
            if targets.is_empty() {
                targets = vec![None];
            }
        }
    }
    // A target nobody can name ("agreed to reopen their embassies") is no other party.
    let no_party = args.target.is_none_or(|g| !s.is_coded(g)) && !place_target;
    let joint = (p.sym || JOINT_ROOTS.contains(&root(code))) && no_party;
    let mut pairs = Vec::new();
    if joint && sources.len() >= 2 {
        for (i, a) in sources.iter().enumerate() {
            pairs.extend(sources[i + 1..].iter().map(|b| (*a, *b, true)));
        }
    } else {
        for a in &sources {
            pairs.extend(targets.iter().map(|b| (*a, *b, false)));
        }
    }
    (pairs, place_target)
}

/// The events of one match in its mood, with its code: one for each pair of its arguments'
/// mentions (at most 16) of which at least one is coded and not both the same actor.
fn code_match(
    s: &Sentence,
    patterns: &Patterns,
    m: &Match,
    mood: Mood,
    gov: Option<usize>,
    code: String,
    negated: bool,
) -> Vec<Coded> {
    let p = &patterns.list[m.pattern];
    let args = arguments(s, patterns, m, mood, gov);
    if p.agent && !args.source.is_some_and(|g| s.is_coded(g)) {
        return Vec::new();
    }
    let code = by_its_doers(s, patterns, p, code, &args);
    let code = for_its_purpose(s, patterns, &args, code);
    let (pairs, place_target) = pairs(s, p, &code, &args);
    let event_mood = if negated {
        EventMood::Negated
    } else if conditional(s, m) {
        EventMood::Conditional
    } else if matches!(mood, Mood::Intent | Mood::Threat) {
        EventMood::Planned
    } else {
        EventMood::Asserted
    };
    let code_of = |k: Option<usize>| k.map_or("", |k| s.mentions[k].info.code.as_str());
    let side_clause = in_side_clause(s, m.first);
    pairs
        .into_iter()
        .take(16)
        .filter_map(|(a, b, reciprocal)| {
            let (ca, cb) = (code_of(a), code_of(b));
            // A place of the source's own country is where it acted, not on whom ("Egypt
            // imposed a curfew in Cairo"): the act stands, with no target.
            let place = |k: usize| place_target || s.mentions[k].info.place.is_some();
            let b = b.filter(|&k| !(a.is_some() && ca == cb && place(k)));
            let cb = code_of(b);
            // No event of an actor on itself, or between two actors nobody can name.
            if (ca.is_empty() && cb.is_empty()) || (a.is_some() && (a == b || ca == cb)) {
                return None;
            }
            Some(Coded {
                code: code.clone(),
                first: m.first,
                last: args.end,
                source: a,
                target: b,
                place_target,
                place_source: args.place_source,
                negated,
                mood: event_mood,
                reciprocal,
                confidence: confidence(
                    p,
                    [!ca.is_empty(), !cb.is_empty()],
                    args.structural,
                    negated,
                    side_clause,
                ),
            })
        })
        .collect()
}

/// The code as its doers make it: violence by protesters is a riot, a riot by armed men an
/// attack, a protest act by a state its restriction, and an act coordinated actors do
/// together the pattern's joint code.
fn by_its_doers(
    s: &Sentence,
    patterns: &Patterns,
    p: &Pattern,
    code: String,
    args: &Arguments,
) -> String {
    let words = &patterns.modality;
    let doers = || args.source.into_iter().flat_map(|g| s.members(g));
    let protesters = |m: &Mention| words.rioters.contains(s.lower(m.last));
    let armed = |m: &Mention| {
        let group = m.info.code.get(..3).unwrap_or_default();
        let sector = m.info.sector.as_deref().unwrap_or_default();
        words.armed.contains(sector) || words.armed.contains(group)
    };
    // A country, its government, forces or courts; not a people ("Israelis").
    let state = |m: &Mention| {
        let sector = m.info.sector.as_deref();
        let state_sector = sector.is_none_or(|x| words.state_sectors.contains(x));
        m.info.country.is_some() && !m.info.people && state_sector
    };
    let several = args.source.is_some_and(|g| s.groups[g].members.len() >= 2);
    let alone = !args.target.is_some_and(|g| s.is_coded(g));
    let code = if patterns.riot(&code) && doers().any(protesters) {
        RIOT.into()
    } else if code == RIOT && doers().any(armed) {
        ATTACK.into()
    } else {
        code
    };
    let code = match patterns.by_state(&code) {
        Some(restriction) if args.source.is_some() && doers().all(state) => restriction.clone(),
        _ => code,
    };
    match &p.together {
        Some(joint) if several && alone => joint.clone(),
        _ => code,
    }
}

/// A visit made to help is aid: "a Greek rescue team arrived in Turkey to help dig
/// survivors out" (070); by armed forces, protection ("Australian soldiers landed in the
/// Solomon Islands to restore order", 074).
fn for_its_purpose(s: &Sentence, patterns: &Patterns, args: &Arguments, code: String) -> String {
    if !patterns.civilian(&code) || !made_to_help(s, patterns, args.end) {
        return code;
    }
    let force = |m: &Mention| FORCES.contains(&m.info.sector.as_deref().unwrap_or_default());
    let armed = args.source.is_some_and(|g| s.members(g).any(force));
    if armed { PROTECTION } else { AID }.into()
}

/// Whether "to" and an aid purpose follow `end` in its clause ("... to help dig").
fn made_to_help(s: &Sentence, patterns: &Patterns, end: usize) -> bool {
    let rest = &s.tokens[end + 1..];
    let clause = rest
        .iter()
        .take(16)
        .take_while(|t| !matches!(t.lower.as_str(), ";" | ":" | "said" | "says"))
        .count();
    (0..clause).any(|k| {
        let purpose = |p: &String| phrase_at(rest, k + 1, p.split(' '));
        rest[k].lower == "to" && patterns.modality.aid_purposes.iter().any(purpose)
    })
}

/// Whether `words` stand in `tokens` from `k` on, lowercase.
fn phrase_at<'w>(tokens: &[Token], k: usize, words: impl IntoIterator<Item = &'w str>) -> bool {
    (words.into_iter().enumerate()).all(|(d, w)| tokens.get(k + d).is_some_and(|t| t.lower == w))
}

/// An attack, not specified further (CAMEO 190).
const ATTACK: &str = "190";

/// Aid, not specified further (CAMEO 070), and military protection (074).
const AID: &str = "070";
const PROTECTION: &str = "074";

/// Violent protest (CAMEO 145).
const RIOT: &str = "145";

/// Agreement of the evidence: the pattern, both actors (whether each is coded) and the
/// sentence's structure.
fn confidence(
    p: &Pattern,
    [source, target]: [bool; 2],
    structural: bool,
    negated: bool,
    side_clause: bool,
) -> f64 {
    let mut confidence: f64 = 0.3;
    if source {
        confidence += 0.2;
    }
    if target {
        confidence += 0.15;
    }
    if !p.objects.is_empty() || !p.rest.is_empty() {
        confidence += 0.1;
    }
    if p.own {
        confidence += 0.1;
    }
    if structural {
        confidence += 0.1;
    }
    if p.noun {
        confidence -= 0.05;
    }
    if negated {
        confidence -= 0.1;
    }
    if side_clause {
        confidence -= SIDE_CLAUSE;
    }
    confidence.clamp(0.0, 1.0)
}

/// What an act in a side clause loses: it is the background of the sentence's report.
const SIDE_CLAUSE: f64 = 0.2;

/// Whether the trigger at token `t` stands in a side clause: the nearest clause mark to its
/// left is a subordinator ("after", "which"), or it is a participle right after a comma
/// (", killing 30 people").
fn in_side_clause(s: &Sentence, t: usize) -> bool {
    if t > 0 && s.lower(t - 1) == "," && s.lower(t).ends_with("ing") {
        return true;
    }
    // Within a clause's reach: a run of words with no mark is looked at no further.
    for k in (t.saturating_sub(CLAUSE_REACH)..t).rev() {
        let w = s.lower(k);
        if matches!(w, "," | ";" | ":") {
            return false;
        }
        if s.grammar.has(List::Subordinators, w) {
            return true;
        }
    }
    false
}

/// How many words left of a trigger its clause is looked for in.
const CLAUSE_REACH: usize = 25;

/// A governing trigger ("threatened to ...", "agreed to ...") gives way to the act it
/// governs: its events go when another match has some.
fn without_governors(
    matches: &[Match],
    dropped: &[usize],
    governors: &[usize],
    out: Vec<(usize, Coded)>,
) -> Vec<Coded> {
    let govern_ids: Vec<usize> = matches
        .iter()
        .enumerate()
        .filter(|(mi, m)| {
            !dropped.contains(mi) && governors.iter().any(|&g| m.first <= g && g <= m.last)
        })
        .map(|(mi, _)| mi)
        .collect();
    let acts: Vec<usize> = out.iter().map(|(mi, _)| *mi).collect();
    out.into_iter()
        .filter(|(mi, _)| !(govern_ids.contains(mi) && acts.iter().any(|a| a != mi)))
        .map(|(_, c)| c)
        .collect()
}

/// What the trigger word at token `i` looks like in its place, the same for every pattern
/// tried there.
#[derive(Clone, Copy)]
struct Word {
    /// After a determiner or preposition a word is a noun ("the sanctions", "of talks").
    noun_slot: bool,
    /// A past form, or a base form after "to", a modal or "did", and no verbal preposition.
    verb_like: bool,
    /// A particle far more often than a verb ("send troops back"), and not after "to", a
    /// modal or "did".
    particle: bool,
    /// Right after a preposition (not "to"), and no gerund: a noun.
    after_preposition: bool,
    /// A passive participle: the form of "be" before it.
    passive: Option<usize>,
    /// A past participle between a determiner and its noun: an adjective ("a detained
    /// tanker", "an armed group").
    adjective: bool,
}

impl Word {
    fn at(s: &Sentence, i: usize, irregular: &Set<String>) -> Self {
        let tokens = s.tokens;
        let w = tokens[i].lower.as_str();
        let past = w.ends_with("ed")
            || (!w.ends_with('s') && !w.ends_with("ing") && irregular.contains(w));
        let governed = i > 0 && s.grammar.has(List::VerbGovernors, &tokens[i - 1].lower);
        Self {
            noun_slot: i > 0 && s.grammar.has(List::NounSlot, &tokens[i - 1].lower),
            verb_like: !s.grammar.has(List::VerbalPrepositions, w) && (past || governed),
            particle: !governed && s.grammar.has(List::Particles, w),
            // "in jail", "from prison": no finite verb follows a preposition ("to" is the
            // infinitive's; a gerund may: "after attacking").
            after_preposition: i > 0
                && tokens[i - 1].lower != "to"
                && s.grammar.has(List::Prepositions, &tokens[i - 1].lower)
                && !w.ends_with("ing"),
            passive: passive_aux(s, irregular, i),
            adjective: i > 0
                && w.ends_with("ed")
                && s.grammar.has(List::NpDeterminers, &tokens[i - 1].lower)
                && tokens.get(i + 1).is_some_and(|t| !t.punct),
        }
    }

    /// Whether a pattern of this kind may match the word here.
    fn fits(self, kind: Kind) -> bool {
        // After a determiner or preposition a word is a noun ("the sanctions", "of talks"):
        // the converted dictionary's verbs ("issue", "stage") do not match there.
        let not_a_verb = self.particle || self.after_preposition || self.adjective;
        if (self.noun_slot && !kind.own && !kind.noun) || (not_a_verb && !kind.noun) {
            return false;
        }
        // A converted verb with no object to confirm it must look like a verb: a past form,
        // or a base form after "to", a modal or "did" ("arms", "claims", "conflict",
        // "devastating" are nouns and adjectives far more often).
        !kind.bare || self.verb_like
    }
}

/// How many words after its verb a required object may stand: a long noun phrase ("the
/// European Union's 1.8 trillion budget") reaches 7.
const OBJECT_REACH: usize = 7;

/// Pattern `p` matched at token `i`, once [`Word::fits`] allows it there.
fn match_at(
    s: &Sentence,
    p: &Pattern,
    id: usize,
    i: usize,
    used: &[bool],
    word: Word,
) -> Option<Match> {
    let tokens = s.tokens;
    let split = separated_particle(s, p, i, used);
    let head_last = match split {
        Some(particle) => particle,
        None => {
            let rest = i + 1..i + 1 + p.rest.len();
            let fits = (rest.clone().zip(&p.rest))
                .all(|(k, w)| tokens.get(k).is_some_and(|t| &t.lower == w) && !used[k]);
            fits.then_some(rest.end - 1)?
        }
    };
    let k = head_last + 1;
    let mut last = head_last;
    if !p.objects.is_empty() {
        // A separated particle's object stands before it ("set three detainees free").
        let from = if split.is_some() { i + 1 } else { k };
        let window = (from..tokens.len().min(k + OBJECT_REACH))
            .take_while(|&j| !matches!(tokens[j].lower.as_str(), "," | ";" | ":" | "." | "and"));
        // An object's words in order, with up to two modifiers after its first word
        // ("joint naval drills" for "joint drills"); its last token.
        let fits_at = |o: &Vec<String>, j: usize| {
            let mut at = j;
            for (d, w) in o.iter().enumerate() {
                let is = |k: usize| tokens.get(k).is_some_and(|t| &t.lower == w);
                at = if d == 0 {
                    is(at).then_some(at)?
                } else {
                    (at + 1..at + 4)
                        .take_while(|&k| {
                            tokens.get(k).is_some_and(|t| !t.punct && t.lower != "and")
                        })
                        .find(|&k| is(k))?
                };
            }
            Some(at)
        };
        // Only the objects whose first word is the token's can fit there.
        let object_at = |j: usize| {
            let candidates = p.objects.first.get(tokens[j].lower.as_str());
            match (p.objects.empty, candidates) {
                (true, _) => p.objects.list.iter().find_map(|o| fits_at(o, j)),
                (false, Some(ids)) => ids.iter().find_map(|&k| fits_at(&p.objects.list[k], j)),
                (false, None) => None,
            }
        };
        match window.filter(|&j| split != Some(j)).find_map(object_at) {
            Some(found) => last = found.max(head_last),
            // A passive's object is its subject, ending by the form of "be": "16,000 police
            // officers were deployed"; so is an intransitive act's ("troops pulled out",
            // "ordered troops to pull out"), whose objects are never its target.
            None => {
                let aux = word.passive.or_else(|| p.prep_only.then_some(i))?;
                (aux.saturating_sub(6)..aux)
                    .rev()
                    .filter_map(|j| object_at(j).filter(|&e| e < aux && aux - e <= 2))
                    .find(|&e| !tokens[e + 1..aux].iter().any(|t| t.punct))?;
            }
        }
    }
    Some(Match {
        pattern: id,
        first: i,
        head_last,
        last,
        specificity: 2 * p.rest.len()
            + if p.objects.is_empty() { 2 } else { 6 }
            + usize::from(word.noun_slot == p.noun),
        passive: word.passive.is_some(),
        split: split.is_some(),
    })
}

/// The particle of a separable verb ("order out", "set free") standing after a short
/// object rather than right after the verb: "ordered ten foreign aid agencies out of".
/// Only words of a noun phrase may stand between them.
fn separated_particle(s: &Sentence, p: &Pattern, i: usize, used: &[bool]) -> Option<usize> {
    let [particle] = p.rest.as_slice() else {
        return None;
    };
    if !s.grammar.has(List::Separable, particle) {
        return None;
    }
    let g = s.grammar;
    let reach = s.tokens.len().min(i + 7);
    for (k, t) in s.tokens.iter().enumerate().take(reach).skip(i + 1) {
        if t.lower == *particle {
            return (k > i + 1 && !used[k]).then_some(k);
        }
        let phrase_word = !t.punct
            && !used[k]
            && !g.has(List::Prepositions, &t.lower)
            && !g.has(List::Be, &t.lower)
            && !g.has(List::Subordinators, &t.lower)
            && !matches!(t.lower.as_str(), "and" | "or" | "that" | "to");
        if !phrase_word {
            return None;
        }
    }
    None
}

/// The finer code a nearby word calls for.
fn refine(s: &Sentence, p: &Pattern, m: &Match) -> String {
    if p.refine.is_empty() {
        return p.code.clone();
    }
    let tokens = s.tokens;
    let from = m.first.saturating_sub(3);
    let to = tokens.len().min(m.last + 10);
    for j in from..to {
        if j > m.last && matches!(tokens[j].lower.as_str(), ";" | ":") {
            break;
        }
        for (w, code) in &p.refine {
            if phrase_at(tokens, j, w.iter().map(String::as_str)) {
                return code.clone();
            }
        }
    }
    p.code.clone()
}

/// The act is hypothetical: its clause opens with "if" or "unless", or a conditional modal
/// governs it and a condition follows ("would strike if ...").
fn conditional(s: &Sentence, m: &Match) -> bool {
    let n = s.tokens.len();
    for k in (m.first.saturating_sub(12)..m.first).rev() {
        let w = s.lower(k);
        if matches!(w, "if" | "unless") {
            return true;
        }
        if matches!(w, ";" | ":" | "but" | "said" | "says" | "while" | "because") {
            break;
        }
    }
    let modal = (m.first.saturating_sub(4)..m.first)
        .any(|k| matches!(s.lower(k), "would" | "could" | "might" | "may" | "'d"));
    modal && (m.last + 1..n).any(|k| matches!(s.lower(k), "if" | "unless"))
}

/// The form of "be" or "get" of a passive participle at `i` ("were [quickly] deployed").
fn passive_aux(s: &Sentence, participles: &Set<String>, i: usize) -> Option<usize> {
    let w = s.lower(i);
    if !(w.ends_with("ed") || w.ends_with("en") || participles.contains(w)) {
        return None;
    }
    let mut k = i;
    for _ in 0..3 {
        k = k.checked_sub(1)?;
        let x = s.lower(k);
        if s.grammar.has(List::Be, x) {
            // "'s" is a possessive unless a verb follows directly.
            return (x != "'s" || k + 1 == i).then_some(k);
        }
        if !(x.ends_with("ly") || matches!(x, "not" | "never" | "also" | "been" | "being")) {
            return None;
        }
    }
    None
}

/// The modality of the act at `m`: the governing word left of it (and its index), and
/// whether it is negated.
fn mood(s: &Sentence, patterns: &Patterns, m: &Match) -> (Mood, Option<usize>, bool) {
    let words = &patterns.modality;
    let negation = |w: &str| words.negation_words.contains(w) || w.ends_with("n't");
    let (mut mood, mut negated) = (Mood::Plain, false);
    let t = m.first;
    // "planned air attacks", "no talks"; "sanctions will continue".
    for k in t.saturating_sub(4)..t {
        let w = s.lower(k);
        if words.threat_words.contains(w) {
            mood = Mood::Threat;
        } else if words.planned_words.contains(w) {
            mood = Mood::Intent;
        }
        negated |= k + 1 == t && (w == "no" || w == "without");
    }
    for tok in s.tokens[m.last + 1..]
        .iter()
        .take(2)
        .take_while(|t| !t.punct)
    {
        let w = tok.lower.as_str();
        if matches!(w, "will" | "would" | "could" | "'ll" | "shall") {
            mood = Mood::Intent;
        }
        negated |= negation(w);
    }
    // The word governing the act, within its clause and a few words to its left.
    let mut gov = None;
    for k in (t.saturating_sub(9)..t).rev() {
        let w = s.lower(k);
        if s.grammar.has(List::ClauseBarriers, w) || matches!(w, "," | "said" | "says") {
            break;
        }
        if negation(w) {
            negated = true;
            continue;
        }
        // A name is no modal word ("Theresa May gave Moscow until ...").
        if s.mentions.iter().any(|x| x.first <= k && k <= x.last) {
            continue;
        }
        let plain = mood == Mood::Plain;
        let governs = [
            (Mood::Must, plain && words.must_words.contains(w)),
            (Mood::Threat, words.threat_words.contains(w)),
            (Mood::Refuse, words.refuse_words.contains(w)),
            (Mood::Intent, plain && words.intent_words.contains(w)),
        ];
        if let Some(&(found, _)) = governs.iter().find(|g| g.1) {
            (mood, gov) = (found, Some(k));
            // Past an intent, keep looking for a threat or refusal ("warned it would").
            if found != Mood::Intent {
                break;
            }
        }
    }
    // "would recognise Guaido unless Maduro called elections": a promise on a condition
    // the target must meet is a threat.
    if mood == Mood::Intent && unless_after(s, m) {
        mood = Mood::Threat;
    }
    (mood, gov, negated)
}

/// Whether "unless" opens a condition after the act at `m`, within its clause.
fn unless_after(s: &Sentence, m: &Match) -> bool {
    (s.tokens[m.last + 1..].iter())
        .take(16)
        .take_while(|t| !matches!(t.lower.as_str(), ";" | ":" | "said" | "says"))
        .any(|t| t.lower == "unless")
}
