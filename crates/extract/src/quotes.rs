//! Direct speech and its speakers, by rules over quotation marks and attribution phrases,
//! with the vocabulary in `config/language/en_quotes.toml`.
//!
//! Conventions:
//! - A quote's span is the quoted text without its quotation marks and without a final
//!   comma that belongs to the attribution (`"It was constructive," he said` → `It was
//!   constructive`); a final `.`, `?` or `!` inside the marks is kept.
//! - Double quotes (“…”, "…", «…») delimit speech; single quotes (‘…’) are only ever nested
//!   inside them and stay part of the text. A quote left open at the end of a paragraph
//!   continues when the next paragraph opens with a quotation mark (the newswire convention);
//!   each paragraph's part is its own quote, and they share a speaker.
//! - A quote is speech when a verb of saying attributes it in its sentence (`"…," X said`,
//!   `X said: "…"`, `"…," said X`, `X said Y "…"`, `according to X, "…"`), or when it is a
//!   full clause that continues an attributed quote of the same paragraph (it takes that
//!   speaker), or follows a sentence attributing speech, or fills its paragraph. Short quoted
//!   phrases without such an attribution are scare quotes and are skipped.
//! - A speaker is the noun phrase as written, titles included ("Mr. Obama", "the White House
//!   official", "a spokesman for the ministry"). "He"/"she" are resolved to the nearest
//!   earlier speaker of the paragraph, else the nearest earlier person entity in it, else the
//!   last speaker of the paragraph before; the speaker's span is then that mention's.
//! - `cluster` is the cluster of an entity overlapping the speaker's span (a person first,
//!   then an organisation, then any), or that of an earlier speaker written the same way.

use std::collections::{HashMap, HashSet};

use herald_model::{Entity, Label, Quote, Speaker};
use serde::Deserialize;

use crate::sentences::{SentenceRules, Sentences};
use crate::text::shape::{is_initial_or_short_dotted, starts_upper};
use crate::text::{tokenize, CharIndex, Doc, Gap, Token, WordSet};
use crate::vocabulary::SharedWords;
use crate::{prefix, Limits, Stage, StageError};

/// The vocabulary, as in the config file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct QuoteWords {
    pub speech_verbs: WordSet,
    pub participles: WordSet,
    pub according: Vec<Vec<String>>,
    pub descriptors: WordSet,
    pub modifiers: WordSet,
    pub determiners: WordSet,
    pub connectors: WordSet,
    pub pronouns: WordSet,
    pub other_pronouns: WordSet,
    pub adverbs: WordSet,
    /// Case-sensitive.
    pub not_speakers: Vec<String>,
    pub name_particles: WordSet,
    pub naming_cues: WordSet,
    pub coordinators: WordSet,
}

impl QuoteWords {
    /// The shipped English vocabulary: en_quotes.toml with the shared words of en_shared.toml.
    pub fn english() -> Result<Self, StageError> {
        let mut words: Self =
            toml::from_str(include_str!("../../../config/language/en_quotes.toml"))
                .map_err(|e| StageError::config("quotes", e.to_string()))?;
        let shared = SharedWords::english("quotes")?;
        words.speech_verbs.extend(shared.speech_verbs);
        words.name_particles.extend(shared.name_particles);
        Ok(words)
    }
}

/// The quote stage, built once.
pub struct Quotes {
    /// The vocabulary, its `according` phrases lowercased and none empty.
    w: QuoteWords,
    not_speakers: HashSet<String>,
    /// Titles whose period belongs to the word ("Mr.").
    titles: HashSet<String>,
    /// Splits a text given to [`Quotes::find`] without its sentences.
    sentences: Sentences,
}

/// How far (in bytes) around a quote its attribution is looked for.
const WINDOW: usize = 400;
/// How many earlier quotes or entities a pronoun or speaker looks back over.
const LOOKBACK: usize = 64;
/// Most words in a speaker's noun phrase.
const MAX_NP: usize = 10;

impl Quotes {
    pub fn new() -> Result<Self, StageError> {
        Self::with_words(QuoteWords::english()?)
    }

    pub fn with_words(mut w: QuoteWords) -> Result<Self, StageError> {
        if w.speech_verbs.is_empty() {
            return Err(StageError::config("quotes", "no speech verbs"));
        }
        w.according.retain(|p| !p.is_empty());
        for phrase in &mut w.according {
            phrase.iter_mut().for_each(|s| *s = s.to_lowercase());
        }
        let rules = SentenceRules::english();
        Ok(Self {
            not_speakers: w.not_speakers.iter().cloned().collect(),
            w,
            titles: rules.titles.iter().cloned().collect(),
            sentences: Sentences::with_rules(rules, &Limits::default()),
        })
    }

    /// The quotes of `text`, in character offsets, sorted. `sentences` are the text's
    /// sentence spans (computed here when empty); `entities` may be empty.
    pub fn find(
        &self,
        text: &str,
        sentences: &[herald_model::Span],
        entities: &[Entity],
    ) -> Vec<Quote> {
        let own;
        let sentences = if sentences.is_empty() {
            own = self.sentences.split(text);
            &own
        } else {
            sentences
        };
        let (index, toks) = (CharIndex::new(text), tokenize(text));
        self.find_in(text, &index, &toks, sentences, entities)
    }

    /// [`Quotes::find`] with the character index, tokens and sentences of `text` (a byte
    /// outside them is in a sentence the length of its paragraph).
    fn find_in(
        &self,
        text: &str,
        index: &CharIndex,
        toks: &[Token],
        sentences: &[herald_model::Span],
        entities: &[Entity],
    ) -> Vec<Quote> {
        // Sentence spans in bytes.
        let sents: Vec<(usize, usize)> = sentences
            .iter()
            .map(|s| (index.byte_of(s.start), index.byte_of(s.end)))
            .collect();
        let mut ents: Vec<(usize, usize, &Entity)> = entities
            .iter()
            .filter(|e| e.start < e.end)
            .map(|e| (index.byte_of(e.start), index.byte_of(e.end), e))
            .collect();
        ents.sort_by_key(|&(s, e, _)| (s, e));
        let segs = segments(text);
        let cx = Cx {
            text,
            toks,
            titles: &self.titles,
            sents: &sents,
            ents: &ents,
        };
        let mut found: Vec<Found> = Vec::with_capacity(segs.len());
        for k in 0..segs.len() {
            let f = self.judge(&cx, &segs, k, &found);
            found.push(f);
        }
        share_chain_speakers(&mut found, &segs);
        records(&cx, index, &segs, found)
    }

    /// Whether quoted segment `k` is speech, and its speaker, given the segments before it
    /// (`found`).
    fn judge(&self, cx: &Cx, segs: &[Seg], k: usize, found: &[Found]) -> Found {
        let (seg, text) = (&segs[k], cx.text);
        let prev_close = k
            .checked_sub(1)
            .map(|p| &segs[p])
            .filter(|p| p.para == seg.para)
            .map(|p| p.after);
        let next_open = segs
            .get(k + 1)
            .filter(|n| n.para == seg.para)
            .map(|n| n.open);
        let prev_same_para = found
            .last()
            .filter(|f| segs[f.seg].para == seg.para && f.accepted);
        let full = is_full_clause(&text[seg.s..seg.e]);
        let (mut accepted, mut speaker, mut inherit) = (true, None, false);
        if let Some(np) = self.attribution(cx, seg, prev_close, next_open) {
            speaker = np;
        } else if seg.cont_prev || seg.cont_next || (full && prev_same_para.is_some()) {
            // Part of a quote running across paragraphs, or a full clause going on from an
            // attributed quote of its paragraph.
            inherit = true;
            speaker = if seg.cont_prev {
                // The part of the same quote in the paragraph before.
                found.last().and_then(|f| f.speaker.clone())
            } else {
                prev_same_para.and_then(|f| f.speaker.clone())
            };
        } else if !full {
            accepted = false;
        } else if let Some(np) = self.previous_sentence_speaker(cx, seg) {
            speaker = np;
        } else {
            // A quote filling its paragraph: speech, and when the paragraph before ended on
            // an attributed quote, its speaker's.
            accepted = text[seg.para_start..seg.open].trim().is_empty()
                && text[seg.after..seg.para_end].trim().is_empty();
            speaker = found
                .last()
                .filter(|f| f.accepted && segs[f.seg].para + 1 == seg.para)
                .filter(|f| {
                    text[segs[f.seg].after..segs[f.seg].para_end]
                        .split(['.', '!', '?'])
                        .nth(1)
                        .is_none_or(|rest| rest.trim().is_empty())
                })
                .and_then(|f| f.speaker.clone())
                .filter(|_| accepted);
        }
        if let Some(np) = speaker.as_ref().filter(|np| np.pronoun) {
            speaker = Some(self.resolve_pronoun(cx, np, seg, found, segs));
        }
        Found {
            seg: k,
            accepted,
            speaker,
            inherit,
        }
    }

    /// The attribution of a quote: `Some(speaker)` when a verb of saying attributes it
    /// (the speaker is `None` when its noun phrase is not recognised), `None` when nothing
    /// does.
    fn attribution(
        &self,
        cx: &Cx,
        seg: &Seg,
        prev_close: Option<usize>,
        next_open: Option<usize>,
    ) -> Option<Option<Np>> {
        let (sent_start, _) = cx.sentence_at(seg.open, seg);
        let mut head_from = sent_start.max(seg.para_start);
        if let Some(p) = prev_close {
            head_from = head_from.max(p);
        }
        head_from = head_from.max(prefix(cx.text, seg.open.saturating_sub(WINDOW)).len());
        let head = words(cx, head_from, seg.open);

        let tail = if seg.cont_next {
            Vec::new()
        } else {
            let last = seg.after.saturating_sub(1).max(seg.open);
            let (_, sent_end) = cx.sentence_at(last, seg);
            let mut tail_to = sent_end.min(seg.para_end).max(seg.after);
            if let Some(n) = next_open {
                tail_to = tail_to.min(n);
            }
            tail_to = tail_to.min(ceil(cx.text, seg.after + WINDOW));
            words(cx, seg.after, tail_to)
        };

        // `"…," X said`, `"…," said X`, `"…," according to X`.
        let tail_attr = self.tail_attribution(cx, &tail);
        // "a country called "Veishnoria"": a name, unless a tail attributes it.
        let named = head
            .last()
            .is_some_and(|w| w.word && self.w.naming_cues.contains(&w.lower(cx.text)));
        if named {
            return tail_attr;
        }
        // A single quoted word is speech only right after its verb (`He said: "No."`) or
        // before its attribution (`"No," he said`).
        let single = cx.text[seg.s..seg.e].split_whitespace().nth(1).is_none();
        let content: Vec<usize> = (0..head.len()).filter(|&i| head[i].word).collect();
        let mut coordinated = false;
        // `X said: "…"`, `X told reporters "…"`, `X said Mr. Y "…"`.
        let near = if single { 1 } else { 4 };
        for &k in content.iter().rev().take(near) {
            match self.verb_attribution(cx, &head, k, head_from) {
                Some(a) => return Some(a),
                None => coordinated |= self.coordinated(cx, &head, k),
            }
        }
        if tail_attr.is_some() {
            return tail_attr;
        }
        if single {
            return None;
        }
        // `X said the deal was "not perfect"`, `According to X, … "…"`.
        for &k in content.iter().rev().skip(near) {
            match self.verb_attribution(cx, &head, k, head_from) {
                Some(a) => return Some(a),
                None => coordinated |= self.coordinated(cx, &head, k),
            }
        }
        // `X called for calm and said the alliance "fully supports" …`.
        coordinated.then(|| self.sentence_subject(cx, head_from))
    }

    /// A speech verb at `k` joined by "and" to an earlier verb (its subject is the
    /// sentence's).
    fn coordinated(&self, cx: &Cx, ws: &[W], k: usize) -> bool {
        self.w.speech_verbs.contains(&ws[k].lower(cx.text))
            && k > 0
            && ws[k - 1].word
            && self.w.coordinators.contains(&ws[k - 1].lower(cx.text))
    }

    /// Speech verb (or "according to", or a participle) at `k` of `ws`: its speaker.
    fn verb_attribution(&self, cx: &Cx, ws: &[W], k: usize, from: usize) -> Option<Option<Np>> {
        let w = ws[k].lower(cx.text);
        if let Some(len) = self.according_at(cx, ws, k) {
            return Some(self.np_after(cx, ws, k + len));
        }
        if self.w.speech_verbs.contains(&w) {
            if self.coordinated(cx, ws, k) {
                return None; // the subject is further back: see `attribution`
            }
            let np = self.np_before(cx, ws, k, 0);
            // `Mr. Duterte, speaking after …, said`: the sentence's subject.
            let after_comma = k > 0 && !ws[k - 1].word && ws[k - 1].first(cx.text) == ',';
            if np.is_none() && after_comma {
                return Some(self.sentence_subject(cx, from));
            }
            return Some(np);
        }
        if self.w.participles.contains(&w) {
            return Some(self.sentence_subject(cx, from));
        }
        None
    }

    fn tail_attribution(&self, cx: &Cx, ws: &[W]) -> Option<Option<Np>> {
        let first = ws.iter().position(|w| w.word)?;
        if ws[..first]
            .iter()
            .any(|w| !matches!(w.first(cx.text), ',' | '—' | '–' | '-'))
        {
            return None;
        }
        if let Some(len) = self.according_at(cx, ws, first) {
            return Some(self.np_after(cx, ws, first + len));
        }
        let w = ws[first].lower(cx.text);
        if self.w.speech_verbs.contains(&w) {
            return Some(self.np_after(cx, ws, first + 1));
        }
        // A noun phrase then the verb: `the official said`, `he told reporters`.
        for k in first + 1..ws.len().min(first + 2 * MAX_NP + 4) {
            if !ws[k].word {
                if ws[k].first(cx.text) == ',' {
                    continue; // `"…," Mr. X, the envoy, said`
                }
                return None;
            }
            if self.w.speech_verbs.contains(&ws[k].lower(cx.text)) {
                return match self.np_before(cx, ws, k, first) {
                    // The phrase must begin the tail (or be in apposition to the one that
                    // does: `"…," Belarus's Defence Minister, Lt. Gen. Andrei Ravkov, said`).
                    Some(np) => {
                        let comma =
                            (first..k).find(|&c| !ws[c].word && ws[c].first(cx.text) == ',');
                        let apposed = comma.is_some_and(|c| {
                            ws[c].s < np.s
                                && self.np_start(cx, ws, c, first) == first
                                && self.np(cx, &ws[first..c]).is_some()
                        });
                        (np.s == ws[first].s || apposed).then_some(Some(np))
                    }
                    // An unknown phrase of a few words: speech, speaker unknown.
                    None => (k - first <= 5 && ws[first..k].iter().all(|w| w.word)).then_some(None),
                };
            }
        }
        None
    }

    /// Length of an "according to" phrase at `k`.
    fn according_at(&self, cx: &Cx, ws: &[W], k: usize) -> Option<usize> {
        self.w
            .according
            .iter()
            .find(|p| {
                p.iter().enumerate().all(|(j, pw)| {
                    ws.get(k + j)
                        .is_some_and(|w| w.word && w.lower(cx.text) == *pw)
                })
            })
            .map(Vec::len)
    }

    /// The subject before a verb at `k`: the noun phrase (or pronoun) ending just before it,
    /// not reaching before `ws[min]`.
    fn np_before(&self, cx: &Cx, ws: &[W], k: usize, min: usize) -> Option<Np> {
        let mut j = k;
        // Adverbs and auxiliaries: "the official later said", "he has said".
        while j > min && ws[j - 1].word && self.w.adverbs.contains(&ws[j - 1].lower(cx.text)) {
            j -= 1;
        }
        if j == min {
            return None;
        }
        let end = j;
        if let Some(np) = self.pronoun(cx, &ws[end - 1]) {
            return Some(np);
        }
        if !ws[end - 1].word && ws[end - 1].first(cx.text) == ',' {
            return self.appositive(cx, ws, end - 1, min);
        }
        self.np(cx, &ws[self.np_start(cx, ws, end, min)..end])
    }

    /// Where the noun phrase ending before `end` begins.
    fn np_start(&self, cx: &Cx, ws: &[W], end: usize, min: usize) -> usize {
        let mut start = end;
        while start > min && end - start < MAX_NP && self.np_word(cx, ws, start - 1) {
            start -= 1;
        }
        start
    }

    /// `X, a spokesman for Y, said` / `Its coordinator, Riad Hijab, said`: the comma at
    /// `comma` closes an apposition; the speaker is the name of the two (else the first).
    fn appositive(&self, cx: &Cx, ws: &[W], comma: usize, min: usize) -> Option<Np> {
        let open = (comma.saturating_sub(16).max(min)..comma)
            .rev()
            .find(|&k| !ws[k].word && ws[k].first(cx.text) == ',')?;
        if ws[open + 1..comma]
            .iter()
            .any(|w| !w.word && !matches!(w.first(cx.text), '(' | ')' | '\'' | '’' | '-'))
        {
            return None;
        }
        // The apposition must open with a noun phrase ("a spokesman for …"), not a clause
        // ("where he had met …").
        let len = self.np_len(cx, ws, open + 1, comma);
        if len == 0 {
            return None;
        }
        let first = self.np(cx, &ws[self.np_start(cx, ws, open, min)..open]);
        let second = self.np(cx, &ws[open + 1..open + 1 + len]);
        // A name: capitalised words (and particles) not ending in a title or descriptor
        // ("Lt. Gen. Andrei Ravkov", not "Belarus's Defence Minister" or "a spokesman").
        let is_name = |np: &Option<Np>| {
            np.as_ref().is_some_and(|np| {
                let t = &cx.text[np.s..np.e];
                t.split_whitespace()
                    .all(|w| capitalised(w) || self.w.name_particles.contains(&w.to_lowercase()))
                    && t.split_whitespace()
                        .last()
                        .is_some_and(|w| !self.w.descriptors.contains(&w.to_lowercase()))
            })
        };
        match (is_name(&first), is_name(&second)) {
            (false, true) => second,
            _ => first.or(second),
        }
    }

    /// A pronoun at `w` as a speaker ("he" and "she" to be resolved).
    fn pronoun(&self, cx: &Cx, w: &W) -> Option<Np> {
        let l = w.lower(cx.text);
        let pronoun = self.w.pronouns.contains(&l);
        (w.word && (pronoun || self.w.other_pronouns.contains(&l))).then_some(Np {
            s: w.s,
            e: w.e,
            pronoun,
        })
    }

    /// Length of the noun phrase starting at `k`, not reaching `to`.
    fn np_len(&self, cx: &Cx, ws: &[W], k: usize, to: usize) -> usize {
        let mut end = k;
        while end < to && end - k < MAX_NP && self.np_word(cx, ws, end) {
            end += 1;
        }
        end - k
    }

    /// The speaker after a verb: the noun phrase starting at `k`.
    fn np_after(&self, cx: &Cx, ws: &[W], k: usize) -> Option<Np> {
        if let Some(np) = self.pronoun(cx, ws.get(k)?) {
            return Some(np);
        }
        let len = self.np_len(cx, ws, k, ws.len());
        self.np(cx, &ws[k..k + len])
    }

    /// Trims a candidate noun phrase and checks it has a head: a name or a descriptor.
    fn np(&self, cx: &Cx, ws: &[W]) -> Option<Np> {
        let mut a = 0;
        let mut b = ws.len();
        let lower = |w: &W| w.lower(cx.text);
        while a < b
            && (self.w.connectors.contains(&lower(&ws[a]))
                || self.not_speakers.contains(ws[a].text(cx.text)))
        {
            a += 1;
        }
        while a < b
            && (self.w.connectors.contains(&lower(&ws[b - 1]))
                || self.w.determiners.contains(&lower(&ws[b - 1])))
        {
            b -= 1;
        }
        if a == b {
            return None;
        }
        let head = &ws[b - 1];
        let named = head.capitalised(cx.text)
            || self.w.descriptors.contains(&lower(head))
            || ws[a..b].iter().any(|w| w.capitalised(cx.text))
                && self.w.modifiers.contains(&lower(head));
        named.then(|| Np {
            s: ws[a].s,
            e: ws[b - 1].e,
            pronoun: false,
        })
    }

    fn np_word(&self, cx: &Cx, ws: &[W], i: usize) -> bool {
        let w = &ws[i];
        if !w.word {
            return false;
        }
        let t = w.text(cx.text);
        if w.capitalised(cx.text) {
            return !self.not_speakers.contains(t)
                || self.w.determiners.contains(&t.to_lowercase());
        }
        let l = t.to_lowercase();
        let l = l
            .strip_suffix("'s")
            .or_else(|| l.strip_suffix("’s"))
            .unwrap_or(&l);
        if self.w.name_particles.contains(l) {
            // "Staffan de Mistura": only between parts of a name.
            return ws
                .get(i + 1)
                .is_some_and(|n| n.word && n.capitalised(cx.text));
        }
        !self.w.speech_verbs.contains(l)
            && (self.w.descriptors.contains(l)
                || self.w.modifiers.contains(l)
                || self.w.determiners.contains(l)
                || self.w.connectors.contains(l))
    }

    /// The subject at the start of the sentence around `at` (for "…, saying "…"").
    fn sentence_subject(&self, cx: &Cx, from: usize) -> Option<Np> {
        let ws = words(cx, from, ceil(cx.text, from + WINDOW));
        // Skip an opening phrase closed by a comma ("On Sunday, …") and a dateline
        // ("HARARE (Herald Wire) — …").
        let mut k = 0;
        let caps = ws.first().is_some_and(|w| {
            let t = w.text(cx.text);
            t.chars().count() > 1 && !t.chars().any(char::is_lowercase)
        });
        if caps {
            if let Some(d) = ws
                .iter()
                .take(12)
                .position(|w| !w.word && matches!(w.first(cx.text), '—' | '–' | '-'))
            {
                k = d + 1;
            }
        }
        if let Some(c) = ws[k.min(ws.len())..]
            .iter()
            .take(6)
            .position(|w| !w.word && w.first(cx.text) == ',')
        {
            if ws
                .get(k)
                .is_some_and(|w| self.not_speakers.contains(w.text(cx.text)))
            {
                k += c + 1;
            }
        }
        self.np_after(cx, &ws, k)
    }

    /// For a full-clause quote opening a sentence: the speaker attributed in the sentence
    /// before it in the same paragraph (`Mr. X said the deal would hold. "It will."`).
    fn previous_sentence_speaker(&self, cx: &Cx, seg: &Seg) -> Option<Option<Np>> {
        let (start, _) = cx.sentence_at(seg.open, seg);
        if start > seg.open || start <= seg.para_start {
            return None;
        }
        if !cx.text[start..seg.open].trim().is_empty() {
            return None;
        }
        let (ps, _) = cx.sentence_at(start.saturating_sub(1), seg);
        let ps = ps
            .max(seg.para_start)
            .max(prefix(cx.text, start.saturating_sub(WINDOW)).len());
        let ws = words(cx, ps, start);
        // Only a sentence without quotes of its own.
        if cx.text[ps..start].contains(['"', '“', '”']) {
            return None;
        }
        (0..ws.len())
            .filter(|&k| ws[k].word)
            .find_map(|k| self.verb_attribution(cx, &ws, k, ps))
            .filter(Option::is_some)
    }

    fn resolve_pronoun(&self, cx: &Cx, np: &Np, seg: &Seg, found: &[Found], segs: &[Seg]) -> Np {
        if np.s < seg.para_start {
            return np.clone(); // inherited from an earlier paragraph, already tried there
        }
        let named = |f: &Found| f.speaker.clone().filter(|s| !s.pronoun);
        // The nearest earlier speaker of the paragraph.
        let in_para = found
            .iter()
            .rev()
            .take_while(|f| segs[f.seg].para == seg.para)
            .take(LOOKBACK)
            .find_map(named);
        // The subject of the last verb of saying before it in the paragraph ("Mr. Lavrov
        // said Moscow had informed … He added: "…"").
        let from = seg
            .para_start
            .max(prefix(cx.text, np.s.saturating_sub(2 * WINDOW)).len());
        let ws = words(cx, from, np.s);
        // In the last sentence with such a verb, the first one is the main clause's ("X
        // said Y had told Z").
        let verbs: Vec<usize> = (0..ws.len())
            .filter(|&k| ws[k].word && self.w.speech_verbs.contains(&ws[k].lower(cx.text)))
            .collect();
        let subject = verbs.last().and_then(|&last| {
            let (start, _) = cx.sentence_at(ws[last].s, seg);
            let first = ws.partition_point(|w| w.s < start);
            verbs
                .iter()
                .filter(|&&k| k >= first)
                .take(4)
                .find_map(|&k| {
                    self.verb_attribution(cx, &ws[first..], k - first, start.max(from))
                        .flatten()
                        .filter(|np| !np.pronoun)
                })
        });
        let in_para = match (in_para, subject) {
            (Some(a), Some(b)) => Some(if b.s > a.s { b } else { a }),
            (a, b) => a.or(b),
        };
        // The nearest earlier person of the paragraph.
        let before = cx.ents.partition_point(|&(s, _, _)| s < np.s);
        let person = cx.ents[..before]
            .iter()
            .rev()
            .take_while(|(s, _, _)| *s >= seg.para_start)
            .take(LOOKBACK)
            .find(|(_, e, ent)| ent.label == Label::Per && *e <= np.s)
            .map(|&(s, e, _)| Np {
                s,
                e,
                pronoun: false,
            });
        let best = in_para.or(person);
        best.or_else(|| {
            // The last speaker of the paragraph before.
            let prev_para = found
                .iter()
                .rev()
                .take(LOOKBACK)
                .map(|f| segs[f.seg].para)
                .find(|&p| p < seg.para)?;
            found
                .iter()
                .rev()
                .skip_while(|f| segs[f.seg].para != prev_para)
                .take_while(|f| segs[f.seg].para == prev_para)
                .take(LOOKBACK)
                .filter(|f| f.accepted)
                .find_map(named)
        })
        .unwrap_or_else(|| np.clone())
    }
}

/// A speaker noun phrase, in bytes.
#[derive(Debug, Clone)]
struct Np {
    s: usize,
    e: usize,
    /// An unresolved "he"/"she".
    pronoun: bool,
}

#[derive(Debug)]
struct Found {
    seg: usize,
    accepted: bool,
    speaker: Option<Np>,
    /// Accepted as the continuation of an earlier quote.
    inherit: bool,
}

/// Quotes continued across paragraphs share the chain's first known speaker, and so do
/// the quotes inheriting from the chain within the following paragraphs.
fn share_chain_speakers(found: &mut [Found], segs: &[Seg]) {
    let mut k = 0;
    while k < found.len() {
        let mut end = k + 1;
        while end < found.len() && segs[end - 1].cont_next && segs[end].cont_prev {
            end += 1;
        }
        if end > k + 1 {
            if let Some(sp) = found[k..end].iter().find_map(|f| f.speaker.clone()) {
                for f in &mut found[k..end] {
                    if f.speaker.is_none() {
                        f.speaker = Some(sp.clone());
                    }
                }
            }
            let last = found[end - 1].speaker.clone();
            let para = segs[end - 1].para;
            for f in found[end..].iter_mut() {
                if segs[f.seg].para != para || !f.inherit || f.speaker.is_some() {
                    break;
                }
                f.speaker = last.clone();
            }
        }
        k = end;
    }
}

/// The accepted quotes as records, in characters; a speaker without an entity of its own
/// takes the cluster of an earlier one written the same way.
fn records(cx: &Cx, index: &CharIndex, segs: &[Seg], found: Vec<Found>) -> Vec<Quote> {
    let text = cx.text;
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for f in found.into_iter().filter(|f| f.accepted) {
        let seg = &segs[f.seg];
        let speaker = f.speaker.map(|np| {
            let mut cluster = cx.cluster(np.s, np.e);
            let key = strip_determiner(&text[np.s..np.e]).to_lowercase();
            match cluster {
                Some(c) => {
                    seen.insert(key, c);
                }
                None => cluster = seen.get(&key).copied(),
            }
            Speaker {
                text: text[np.s..np.e].to_string(),
                start: index.char_of(np.s),
                end: index.char_of(np.e),
                cluster,
            }
        });
        out.push(Quote {
            start: index.char_of(seg.s),
            end: index.char_of(seg.e),
            text: text[seg.s..seg.e].to_string(),
            speaker,
        });
    }
    out
}

/// A quoted stretch of text, in bytes.
#[derive(Debug)]
struct Seg {
    /// The opening mark.
    open: usize,
    /// The quoted text, trimmed.
    s: usize,
    e: usize,
    /// Just after the closing mark (or the paragraph's end when none).
    after: usize,
    para: usize,
    para_start: usize,
    para_end: usize,
    /// Left open at the paragraph's end and continued in the next one.
    cont_next: bool,
    /// Continues the last quote of the paragraph before.
    cont_prev: bool,
}

fn is_opener(c: char) -> bool {
    matches!(c, '“' | '«' | '„')
}

fn is_closer(c: char) -> bool {
    matches!(c, '”' | '»')
}

/// The quoted stretches of `text`, paragraph by paragraph (a paragraph is a line), in one
/// pass.
fn segments(text: &str) -> Vec<Seg> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut lines: Vec<(usize, usize)> = (text.split('\n'))
        .map(|line| {
            start += line.len() + 1;
            (start - line.len() - 1, start - 1)
        })
        .collect();
    lines.retain(|&(s, e)| !text[s..e].trim().is_empty());

    let mut cont_prev = false;
    for (para, &(ps, pe)) in lines.iter().enumerate() {
        let mut open: Option<usize> = None;
        let mut first_in_para = true;
        let mut push = |out: &mut Vec<Seg>, o: usize, close: usize, after: usize, next: bool| {
            let oc = text[o..].chars().next().map_or(1, char::len_utf8);
            let (s, e) = trim(text, o + oc, close);
            let e = strip_comma(text, s, e);
            if s < e {
                out.push(Seg {
                    open: o,
                    s,
                    e,
                    after,
                    para,
                    para_start: ps,
                    para_end: pe,
                    cont_next: next,
                    cont_prev: cont_prev && first_in_para,
                });
            }
            first_in_para = false;
        };
        for (b, c) in text[ps..pe].char_indices() {
            let b = ps + b;
            if is_opener(c) {
                open = Some(b);
            } else if is_closer(c) || c == '"' {
                match open {
                    Some(o) => {
                        push(&mut out, o, b, b + c.len_utf8(), false);
                        open = None;
                    }
                    None if c == '"' => open = Some(b),
                    None => {}
                }
            }
        }
        let next_opens = lines.get(para + 1).is_some_and(|&(ns, ne)| {
            text[ns..ne]
                .trim_start()
                .starts_with(|c: char| is_opener(c) || c == '"')
        });
        cont_prev = match open {
            Some(o) if next_opens => {
                push(&mut out, o, pe, pe, true);
                true
            }
            _ => false,
        };
    }
    out
}

fn trim(text: &str, s: usize, e: usize) -> (usize, usize) {
    let t = &text[s..e];
    let s = s + t.len() - t.trim_start().len();
    (s, s + t.trim().len())
}

fn strip_comma(text: &str, s: usize, e: usize) -> usize {
    let t = text[s..e].trim_end_matches([',', ' ']);
    s + t.len()
}

/// At least four words, one of them beyond a single word of quoted name, ending in
/// sentence punctuation or running on ("we will walk away from that effort").
fn is_full_clause(q: &str) -> bool {
    let words = q.split_whitespace().count();
    let ends = q.ends_with(['.', '?', '!', '…']);
    words >= 5 || (words >= 2 && ends)
}

fn strip_determiner(s: &str) -> &str {
    for d in ["the ", "The ", "a ", "A ", "an ", "An "] {
        if let Some(rest) = s.strip_prefix(d) {
            return rest;
        }
    }
    s
}

fn ceil(text: &str, mut b: usize) -> usize {
    if b >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(b) {
        b += 1;
    }
    b
}

/// A word or a punctuation mark, in bytes of the body.
#[derive(Debug, Clone, Copy)]
struct W {
    s: usize,
    e: usize,
    word: bool,
}

impl W {
    fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.s..self.e]
    }
    fn lower(&self, text: &str) -> String {
        self.text(text).to_lowercase()
    }
    fn first(&self, text: &str) -> char {
        self.text(text).chars().next().unwrap_or(' ')
    }
    fn capitalised(&self, text: &str) -> bool {
        capitalised(self.text(text))
    }
}

/// Words of `text[from..to]` from its tokens `toks`: letters and digits, joined by inner
/// periods, apostrophes, hyphens and ampersands ("U.S", "Russia's", "al-Assad"), with the
/// period of a title or an initialism ("Mr.", "U.S.").
fn words(cx: &Cx, from: usize, to: usize) -> Vec<W> {
    if from >= to {
        return Vec::new();
    }
    let (text, toks, titles) = (cx.text, cx.toks, cx.titles);
    let toks = &toks[toks.partition_point(|t| t.end <= from)..];
    let toks = &toks[..toks.partition_point(|t| t.start < to)];
    let n = toks.len();
    let glued = |k: usize, joiner: fn(char) -> bool| {
        k < n && toks[k].gap == Gap::None && toks[k].is_punct() && joiner(toks[k].first(text))
    };
    let glued_word = |k: usize| k < n && toks[k].gap == Gap::None && !toks[k].is_punct();
    let mut out = Vec::with_capacity(n);
    let mut k = 0;
    while k < n {
        let s = toks[k].start.max(from);
        if toks[k].is_punct() {
            out.push(W {
                s,
                e: toks[k].end,
                word: false,
            });
            k += 1;
            continue;
        }
        let mut j = k + 1;
        while glued(j, |c| matches!(c, '.' | '\'' | '’' | '-' | '&')) && glued_word(j + 1) {
            j += 2;
        }
        let mut e = toks[j - 1].end.min(to);
        let word = &text[s..e];
        if glued(j, |c| c == '.') && (titles.contains(word) || is_initial_or_short_dotted(word)) {
            e += 1;
            j += 1;
        }
        out.push(W { s, e, word: true });
        k = j;
    }
    out
}

/// "Obama", "U.S.", and names after a lower-case prefix: "al-Assad", "el-Sisi".
fn capitalised(word: &str) -> bool {
    starts_upper(word)
        || word
            .split_once('-')
            .is_some_and(|(_, rest)| rest.starts_with(char::is_uppercase))
}

struct Cx<'a> {
    text: &'a str,
    toks: &'a [Token],
    titles: &'a HashSet<String>,
    sents: &'a [(usize, usize)],
    ents: &'a [(usize, usize, &'a Entity)],
}

impl Cx<'_> {
    /// The sentence around byte `b`, limited to the paragraph of `seg`.
    fn sentence_at(&self, b: usize, seg: &Seg) -> (usize, usize) {
        let k = self.sents.partition_point(|&(s, _)| s <= b);
        match k.checked_sub(1).map(|k| self.sents[k]) {
            Some((s, e)) if b < e.max(s + 1) => (s.max(seg.para_start), e.min(seg.para_end)),
            _ => (seg.para_start, seg.para_end),
        }
    }

    /// The cluster of an entity overlapping `[s, e)`: a person first, then an organisation.
    fn cluster(&self, s: usize, e: usize) -> Option<usize> {
        let rank = |l: Label| match l {
            Label::Per => 0,
            Label::Org => 1,
            Label::Loc => 2,
            Label::Misc => 3,
        };
        let upto = self.ents.partition_point(|&(es, _, _)| es < e);
        self.ents[..upto]
            .iter()
            .rev()
            .take(LOOKBACK)
            .filter(|&&(_, ee, _)| ee > s)
            .min_by_key(|&&(es, _, ent)| (rank(ent.label), es))
            .map(|&(_, _, ent)| ent.cluster)
    }
}

impl Stage for Quotes {
    fn name(&self) -> &'static str {
        "quotes"
    }

    fn process(&self, doc: &mut Doc) -> Result<(), StageError> {
        let article = doc.article();
        let quotes = self.find_in(
            &article.body,
            doc.index(),
            doc.tokens(),
            &article.sentences,
            &article.entities,
        );
        doc.article_mut().quotes = quotes;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use herald_model::Span;
    use proptest::prelude::*;

    fn quotes(text: &str) -> Vec<(String, Option<String>)> {
        quotes_with(text, &[])
    }

    fn quotes_with(text: &str, entities: &[Entity]) -> Vec<(String, Option<String>)> {
        Quotes::new()
            .unwrap()
            .find(text, &[], entities)
            .into_iter()
            .map(|q| (q.text, q.speaker.map(|s| s.text)))
            .collect()
    }

    fn q(v: &[(&str, &str)]) -> Vec<(String, Option<String>)> {
        v.iter()
            .map(|(t, s)| (t.to_string(), Some(s.to_string())))
            .collect()
    }

    #[test]
    fn a_quote_split_around_its_attribution_keeps_the_speaker() {
        let text = "The envoy called the gaps “procedural.”\n\
                    “It was productive,” the French official said of the talks. “And we’ll \
                    know within days whether a deal is possible. If not, we will leave.”\n\
                    The sides also discussed “energy issues,” but the official didn’t say more.";
        assert_eq!(
            quotes(text),
            q(&[
                ("It was productive", "the French official"),
                (
                    "And we’ll know within days whether a deal is possible. If not, we will leave.",
                    "the French official"
                ),
            ])
        );
    }

    #[test]
    fn attribution_forms() {
        let text = "The U.N. official said “there was some progress” on aid.\n\
                    The spokesman said Mr. Macron “told President Xi that tariffs will rise.”\n\
                    \"Nothing is agreed,\" said Mr. Smith.\n\
                    Ms. Jones said: \"We will appeal.\"\n\
                    According to a spokesman for the ministry, \"the talks are over.\"\n\
                    \"We are not naive,\" Staffan de Mistura told reporters.\n\
                    \"It holds,\" Col. Ana Ruiz, a spokeswoman for the army, said.\n\
                    Its coordinator, Riad Hijab, said any deal would be \"a recipe for war.\"";
        assert_eq!(
            quotes(text),
            q(&[
                ("there was some progress", "The U.N. official"),
                ("told President Xi that tariffs will rise.", "The spokesman"),
                ("Nothing is agreed", "Mr. Smith"),
                ("We will appeal.", "Ms. Jones"),
                ("the talks are over.", "a spokesman for the ministry"),
                ("We are not naive", "Staffan de Mistura"),
                ("It holds", "Col. Ana Ruiz"),
                ("a recipe for war.", "Riad Hijab"),
            ])
        );
    }

    #[test]
    fn scare_quotes_are_not_speech() {
        let text = "A Western diplomat described the differences as “technical.” The leaders \
                    discussed “cyber issues,” and a fictional country called \"Veishnoria\". \
                    The minister said it was \"strict\" only in name.";
        assert_eq!(quotes(text), vec![]);
    }

    #[test]
    fn pronouns_resolve_to_the_earlier_speaker() {
        let text = "Mr. Lavrov said Moscow had told President Bashar al-Assad of the deal. He \
                    added: \"Everything now depends on the sides.\"\n\
                    \"Neither side got everything,\" she said.";
        assert_eq!(
            quotes(text),
            q(&[
                ("Everything now depends on the sides.", "Mr. Lavrov"),
                // No antecedent in its paragraph: the last speaker of the one before.
                ("Neither side got everything", "Mr. Lavrov"),
            ])
        );
    }

    #[test]
    fn a_quote_continues_into_the_next_paragraph() {
        let text = "Mr. Brown said: “We came to talk. We will stay as long as it takes.\n\n\
                    “Nobody should doubt that.”\n\n\
                    “We will not be rushed,” he added.\n\n\
                    \"This is the last word on it.\"";
        assert_eq!(
            quotes(text),
            q(&[
                (
                    "We came to talk. We will stay as long as it takes.",
                    "Mr. Brown"
                ),
                ("Nobody should doubt that.", "Mr. Brown"),
                ("We will not be rushed", "Mr. Brown"),
                ("This is the last word on it.", "Mr. Brown"),
            ])
        );
    }

    #[test]
    fn speakers_link_to_entity_clusters_and_offsets_are_characters() {
        let text = "Élysée talks: “It was constructive,” Mr. Obama said.";
        let chars: Vec<char> = text.chars().collect();
        let start = text.chars().count() - "Obama said.".chars().count();
        let obama = Entity {
            start,
            end: start + 5,
            text: "Obama".into(),
            label: Label::Per,
            subtype: None,
            cluster: 3,
            geo: None,
        };
        let got = Quotes::new().unwrap().find(text, &[], &[obama]);
        assert_eq!(got.len(), 1);
        let (qt, sp) = (&got[0], got[0].speaker.as_ref().unwrap());
        assert_eq!(chars[qt.start..qt.end].iter().collect::<String>(), qt.text);
        assert_eq!(qt.text, "It was constructive");
        assert_eq!(sp.text, "Mr. Obama");
        assert_eq!(chars[sp.start..sp.end].iter().collect::<String>(), sp.text);
        assert_eq!(sp.cluster, Some(3));
        // Sentence spans given by the sentence stage are used as they are.
        let with = Quotes::new().unwrap().find(
            text,
            &[Span {
                start: 0,
                end: chars.len(),
            }],
            &[],
        );
        assert_eq!(with[0].speaker.as_ref().unwrap().cluster, None);
    }

    #[test]
    fn a_million_quote_marks_are_handled_in_linear_time() {
        let qs = Quotes::new().unwrap();
        for mark in ["\"", "“", "”", "\"\n", "“\n\n"] {
            let text = mark.repeat(100_000);
            let got = qs.find(&text, &[], &[]);
            assert!(got.len() <= 100_000);
        }
        // Every quote attributed to a pronoun: each looks back over a bounded window only.
        let text = "\"We will win this war, comrades,\" he said. ".repeat(5_000);
        assert_eq!(qs.find(&text, &[], &[]).len(), 5_000);
        let text = "\" he said. ".repeat(5_000);
        assert_eq!(qs.find(&text, &[], &[]).len(), 2_500);
        let text = "“a ".repeat(100_000) + "\n\n";
        qs.find(&text, &[], &[]);
    }

    fn check(text: &str) -> Result<(), TestCaseError> {
        let chars: Vec<char> = text.chars().collect();
        let mut last = 0;
        for q in Quotes::new().unwrap().find(text, &[], &[]) {
            prop_assert!(q.start >= last && q.start < q.end && q.end <= chars.len());
            prop_assert_eq!(
                chars[q.start..q.end].iter().collect::<String>(),
                q.text.clone()
            );
            if let Some(s) = &q.speaker {
                prop_assert!(s.start < s.end && s.end <= chars.len());
                prop_assert_eq!(
                    chars[s.start..s.end].iter().collect::<String>(),
                    s.text.clone()
                );
            }
            last = q.end;
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn spans_match_on_any_text(text in "\\PC{0,300}") {
            check(&text)?;
        }

        #[test]
        fn spans_match_on_quote_soup(words in proptest::collection::vec(
            prop::sample::select(vec![
                "\"", "“", "”", "‘", "’", "«", "»", ",", ".", ":", "\n", "\n\n", "said", "he",
                "she", "Mr.", "Obama", "the", "official", "told", "reporters", "according",
                "to", "a", "spokesman", "for", "ministry", "We", "will", "win", "é", "Ünal",
                "de", "al-Assad", "and", "called", "saying", "U.S.", "—", "HARARE",
            ]),
            0..80,
        )) {
            check(&words.join(" "))?;
            check(&words.concat())?;
        }
    }
}
