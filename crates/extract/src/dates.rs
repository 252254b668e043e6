//! English date expressions: absolute ("Sept. 5, 2016", "July 2016", "2015", "the 1990s")
//! and relative ones ("on Sunday", "last week", "the last two days", "two weeks ago"),
//! resolved against the article's `published_at`. The vocabulary is data, in
//! `config/language/en_dates.toml`.
//!
//! Conventions:
//! - A span covers the date expression itself, with the words that change its meaning
//!   ("last", "next", "this", "earlier this", "two weeks ago", "early", "mid-", a weekday's
//!   "night"), but not a plain preposition: in "on Sunday" the span is "Sunday".
//! - Values are ISO 8601 at the precision of the text: "2016-09-05", "2016-09", "2016",
//!   a week "2016-W35", a range "2016-09-03/2016-09-04". A decade ("the 1990s") is the range
//!   of its years, "1990/1999".
//! - Relative expressions resolve against the publication date in its own UTC offset. A bare
//!   weekday is the most recent such day on or before publication ("Monday" in a story of a
//!   Monday is that day); a bare month is the most recent such month not after publication;
//!   a month and day without a year take the nearest such date, a future one counting double.
//!   A future cue in the words just before ("will", "next", "leaves office in January")
//!   turns these toward the next occurrence instead.
//! - Without a publication date, relative expressions get no value and `resolved: false`;
//!   a month and day without a year get the partial value "XXXX-09-05" (a month alone,
//!   "XXXX-11"), also `resolved: false`. Fully absolute dates are always resolved.

use std::collections::HashMap;

use rustc_hash::{FxHashMap, FxHashSet};

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use herald_model::DateMention;
use serde::Deserialize;

use crate::text::shape::starts_upper;
use crate::text::{Doc, Gap, Kind, Token, WordSet};
use crate::{Stage, StageError};

/// The vocabulary, as in the config file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DateWords {
    pub months: Vec<String>,
    pub month_abbreviations: HashMap<String, u32>,
    pub lists: DateLists,
    pub deictic: HashMap<String, i64>,
    pub units: HashMap<String, String>,
    pub numbers: HashMap<String, u32>,
}

/// The word lists of [`DateWords`], lowercase.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DateLists {
    pub ambiguous_months: WordSet,
    /// Monday first.
    pub weekdays: Vec<String>,
    pub day_parts: WordSet,
    pub date_prepositions: WordSet,
    pub year_prepositions: WordSet,
    pub future_cues: WordSet,
    pub future_prepositions: WordSet,
    pub edges: WordSet,
    pub last: WordSet,
    pub past: WordSet,
    pub next: WordSet,
    pub this: WordSet,
    pub vague: WordSet,
    pub ago: WordSet,
}

impl DateWords {
    /// The shipped English vocabulary.
    pub fn english() -> Result<Self, StageError> {
        toml::from_str(include_str!("../../../config/language/en_dates.toml"))
            .map_err(|e| StageError::config("dates", e.to_string()))
    }

    /// Twelve months, seven weekdays, and month numbers and units that exist.
    fn check(&self) -> Result<(), String> {
        if self.months.len() != 12 {
            return Err(format!("{} months, expected 12", self.months.len()));
        }
        if self.lists.weekdays.len() != 7 {
            let n = self.lists.weekdays.len();
            return Err(format!("{n} weekdays, expected 7 (Monday first)"));
        }
        if let Some((a, m)) = self
            .month_abbreviations
            .iter()
            .find(|(_, m)| !(1..=12).contains(*m))
        {
            return Err(format!("month {m} of {a:?} is not in 1..=12"));
        }
        Ok(())
    }

    fn units(&self) -> Result<FxHashMap<String, Unit>, String> {
        let unit = |name: &str| match name {
            "day" => Ok(Unit::Day),
            "week" => Ok(Unit::Week),
            "weekend" => Ok(Unit::Weekend),
            "month" => Ok(Unit::Month),
            "year" => Ok(Unit::Year),
            other => Err(format!("unknown unit {other:?}")),
        };
        self.units
            .iter()
            .map(|(word, name)| Ok((word.to_lowercase(), unit(name)?)))
            .collect()
    }
}

/// `map` with its keys lowercased.
fn lowercase_keys<V: Copy>(map: &HashMap<String, V>) -> FxHashMap<String, V> {
    map.iter().map(|(k, v)| (k.to_lowercase(), *v)).collect()
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Unit {
    Day,
    Week,
    Weekend,
    Month,
    Year,
}

/// The date stage, built once.
pub struct Dates {
    months: FxHashMap<String, u32>,
    abbreviations: FxHashMap<String, u32>,
    weekdays: FxHashMap<String, Weekday>,
    lists: DateLists,
    deictic: FxHashMap<String, i64>,
    units: FxHashMap<String, Unit>,
    numbers: FxHashMap<String, u32>,
    /// Every word a date expression can begin with (the first words of the lists above that
    /// [`Dates::at`] tries): any other word starts none, with one lookup instead of a dozen.
    starters: FxHashSet<String>,
}

const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

impl Dates {
    pub fn new() -> Result<Self, StageError> {
        Self::with_words(DateWords::english()?)
    }

    pub fn with_words(w: DateWords) -> Result<Self, StageError> {
        let bad = |message: String| StageError::config("dates", message);
        w.check().map_err(bad)?;
        let mut dates = Self {
            months: (1..)
                .zip(&w.months)
                .map(|(i, m)| (m.to_lowercase(), i))
                .collect(),
            abbreviations: lowercase_keys(&w.month_abbreviations),
            weekdays: (w.lists.weekdays.iter())
                .zip(WEEKDAYS)
                .map(|(d, wd)| (d.to_lowercase(), wd))
                .collect(),
            deictic: lowercase_keys(&w.deictic),
            units: w.units().map_err(bad)?,
            numbers: lowercase_keys(&w.numbers),
            lists: w.lists,
            starters: FxHashSet::default(),
        };
        dates.starters = dates.starters();
        Ok(dates)
    }

    /// The words [`Dates::at`] tries first.
    fn starters(&self) -> FxHashSet<String> {
        let l = &self.lists;
        [&l.edges, &l.vague, &l.last, &l.past, &l.next, &l.this]
            .into_iter()
            .flat_map(WordSet::iter)
            .chain(self.deictic.keys())
            .chain(self.numbers.keys())
            .chain(self.weekdays.keys())
            .chain(self.months.keys())
            .chain(self.abbreviations.keys())
            .cloned()
            .collect()
    }

    /// The date mentions of `text` (with its tokens `toks`), in character offsets, sorted and
    /// disjoint, resolved against `reference` (the publication date) when there is one.
    fn find(&self, text: &str, toks: &[Token], reference: Option<NaiveDate>) -> Vec<DateMention> {
        let cx = Cx::new(text, toks, reference);
        let mut out = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            match self.at(&cx, i) {
                Some(m) if m.end > m.start => {
                    let (first, last) = (toks[m.start], toks[m.end - 1]);
                    out.push(DateMention {
                        start: first.char_start,
                        end: last.char_end,
                        text: text[first.start..last.end].to_string(),
                        value: m.value,
                        resolved: m.resolved,
                    });
                    i = m.end;
                }
                _ => i += 1,
            }
        }
        out
    }

    /// A date expression starting at token `i`.
    fn at(&self, cx: &Cx, i: usize) -> Option<Found> {
        let t = cx.toks[i];
        match t.kind {
            Kind::Number => self
                .iso(cx, i)
                .or_else(|| self.numeric_us(cx, i))
                .or_else(|| self.day_month(cx, i))
                .or_else(|| self.ago(cx, i))
                .or_else(|| self.decade(cx, i))
                .or_else(|| self.year(cx, i, false)),
            Kind::Word => {
                let w = cx.lower(i);
                if !self.starters.contains(w) {
                    return None;
                }
                if self.lists.edges.contains(w) {
                    // "early July", "mid-2016", "late Monday".
                    let j = cx.after_glued(i + 1, '-');
                    if j < cx.toks.len() {
                        let inner = match cx.toks[j].kind {
                            Kind::Number => self.year(cx, j, true),
                            _ => self
                                .month(cx, j, true)
                                .or_else(|| self.weekday(cx, j, true)),
                        };
                        if let Some(m) = inner {
                            return Some(Found { start: i, ..m });
                        }
                    }
                }
                self.relative(cx, i)
                    .or_else(|| self.ago(cx, i))
                    .or_else(|| self.weekday_then_date(cx, i))
                    .or_else(|| self.month(cx, i, false))
                    .or_else(|| self.weekday(cx, i, false))
            }
            Kind::Punct => None,
        }
    }

    fn month_at(&self, cx: &Cx, i: usize) -> Option<(u32, usize, bool)> {
        if cx.toks.get(i)?.kind != Kind::Word || !cx.capitalised(i) {
            return None;
        }
        let w = cx.lower(i);
        if let Some(&m) = self.months.get(w) {
            return Some((m, i + 1, false));
        }
        let &m = self.abbreviations.get(w)?;
        Some((m, cx.after_glued(i + 1, '.'), true))
    }

    /// A day of the month at `i` (1–31, "5th" too), not part of a larger number.
    fn day_at(&self, cx: &Cx, i: usize) -> Option<u32> {
        let t = cx.toks.get(i)?;
        if t.kind != Kind::Number {
            return None;
        }
        let s = &cx.text[t.start..t.end];
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        let suffix = s[digits..].to_ascii_lowercase();
        if digits > 2 || !matches!(suffix.as_str(), "" | "st" | "nd" | "rd" | "th") {
            return None;
        }
        // "March 10,000", "May 4.5", "June 10:30", "5/6".
        if let Some(p) = cx.punct(i + 1) {
            if cx.toks[i + 1].gap == Gap::None
                && matches!(p, ',' | '.' | ':' | '/' | '-')
                && cx
                    .toks
                    .get(i + 2)
                    .is_some_and(|n| n.kind == Kind::Number && n.gap == Gap::None)
            {
                return None;
            }
        }
        let d: u32 = s[..digits].parse().ok()?;
        (1..=31).contains(&d).then_some(d)
    }

    /// A plain four-digit year 1900–2099 at `i`.
    fn year_at(&self, cx: &Cx, i: usize) -> Option<i32> {
        let t = cx.toks.get(i)?;
        let s = &cx.text[t.start..t.end];
        if t.kind != Kind::Number || s.len() != 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let y: i32 = s.parse().ok()?;
        if !(1900..=2099).contains(&y) {
            return None;
        }
        // Not a part of a larger number or a range ("2,015", "2015-16", "$2015").
        let glued = |k: usize| cx.toks.get(k).is_some_and(|n| n.gap == Gap::None);
        if i > 0
            && glued(i)
            && (matches!(
                cx.punct(i - 1),
                Some(',' | '.' | '$' | '€' | '£' | '/' | '#')
            ) || cx.toks[i - 1].kind == Kind::Number)
        {
            return None;
        }
        let mark = cx.punct(i + 1).filter(|_| glued(i + 1));
        let number_after = glued(i + 2) && cx.toks[i + 2].kind == Kind::Number;
        if mark == Some('%') || (matches!(mark, Some(',' | '.' | '-' | '/' | ':')) && number_after)
        {
            return None;
        }
        Some(y)
    }

    /// "2016-09-05".
    fn iso(&self, cx: &Cx, i: usize) -> Option<Found> {
        let parts = cx.joined_numbers(i, '-')?;
        let [y, m, d] = parts.as_slice() else {
            return None;
        };
        if y.1 != 4 || m.1 != 2 || d.1 != 2 {
            return None;
        }
        let date = NaiveDate::from_ymd_opt(y.0 as i32, m.0, d.0)?;
        Some(Found::absolute(i, i + 5, fmt_day(date)))
    }

    /// "09/05/2016", month first.
    fn numeric_us(&self, cx: &Cx, i: usize) -> Option<Found> {
        let parts = cx.joined_numbers(i, '/')?;
        let [m, d, y] = parts.as_slice() else {
            return None;
        };
        if m.1 > 2 || d.1 > 2 || !(y.1 == 4 || y.1 == 2) {
            return None;
        }
        let century = if y.1 == 2 { 2000 } else { 0 };
        let date = NaiveDate::from_ymd_opt(century + y.0 as i32, m.0, d.0)?;
        Some(Found::absolute(i, i + 5, fmt_day(date)))
    }

    /// "5 September", "5 September 2016".
    fn day_month(&self, cx: &Cx, i: usize) -> Option<Found> {
        let d = self.day_at(cx, i)?;
        let (m, j, abbr) = self.month_at(cx, i + 1)?;
        if abbr && cx.toks[i + 1].gap == Gap::None {
            return None;
        }
        let (end, year) = match self.year_at(cx, j) {
            Some(y) => (j + 1, Some(y)),
            None => (j, None),
        };
        self.month_day(cx, i, end, m, d, year)
    }

    /// A month: "September 5", "Sept. 5, 2016", "July 2016", "in November".
    fn month(&self, cx: &Cx, i: usize, edged: bool) -> Option<Found> {
        let (m, j, abbr) = self.month_at(cx, i)?;
        if let Some(d) = self.day_at(cx, j) {
            let k = cx.after(j + 1, ',');
            return match self.year_at(cx, k) {
                Some(y) => self.month_day(cx, i, k + 1, m, d, Some(y)),
                None => self.month_day(cx, i, j + 1, m, d, None),
            };
        }
        let k = cx.after(j, ',');
        if let Some(y) = self.year_at(cx, k) {
            return Some(Found::absolute(i, k + 1, format!("{y:04}-{m:02}")));
        }
        if abbr {
            return None;
        }
        let w = cx.lower(i);
        if self.lists.ambiguous_months.contains(w) && !edged && !self.after_preposition(cx, i) {
            return None;
        }
        // "the March", "May said", "Theresa May".
        if !edged && i > 0 && cx.toks[i - 1].kind == Kind::Word && cx.capitalised(i - 1) {
            let prev = cx.lower(i - 1);
            if !self.lists.date_prepositions.contains(prev) && !self.lists.last.contains(prev) {
                return None;
            }
        }
        let value = match cx.refd {
            Some(r) => {
                let y = if self.future(cx, i) {
                    if m >= r.month() {
                        r.year()
                    } else {
                        r.year() + 1
                    }
                } else if m <= r.month() {
                    r.year()
                } else {
                    r.year() - 1
                };
                Some(format!("{y:04}-{m:02}"))
            }
            None => Some(format!("XXXX-{m:02}")),
        };
        Some(Found {
            start: i,
            end: j,
            value,
            resolved: cx.refd.is_some(),
        })
    }

    fn month_day(
        &self,
        cx: &Cx,
        start: usize,
        end: usize,
        m: u32,
        d: u32,
        year: Option<i32>,
    ) -> Option<Found> {
        if let Some(y) = year {
            let date = NaiveDate::from_ymd_opt(y, m, d)?;
            return Some(Found::absolute(start, end, fmt_day(date)));
        }
        // Check the day exists in some year (Feb. 29 does).
        NaiveDate::from_ymd_opt(2000, m, d)?;
        let (value, resolved) = match cx.refd {
            Some(r) => {
                let future = self.future(cx, start);
                let cost = |date: NaiveDate| {
                    let days = (date - r).num_days();
                    match (days > 0, future) {
                        (true, false) | (false, true) => days.abs() * 2,
                        _ => days.abs(),
                    }
                };
                let best = (r.year() - 1..=r.year() + 1)
                    .filter_map(|y| NaiveDate::from_ymd_opt(y, m, d))
                    .min_by_key(|&date| cost(date))?;
                (Some(fmt_day(best)), true)
            }
            None => (Some(format!("XXXX-{m:02}-{d:02}")), false),
        };
        Some(Found {
            start,
            end,
            value,
            resolved,
        })
    }

    /// "Saturday, Sept. 8, 2018": the weekday joins the date that follows.
    fn weekday_then_date(&self, cx: &Cx, i: usize) -> Option<Found> {
        if !cx.capitalised(i) || !self.weekdays.contains_key(cx.lower(i)) {
            return None;
        }
        let j = cx.after(i + 1, ',');
        let inner = match cx.toks.get(j)?.kind {
            Kind::Number => self.day_month(cx, j),
            _ => self.month(cx, j, false),
        }?;
        // Only a month with a day ("Saturday, Sept. 8"), not "Sunday in November".
        if !(j..inner.end).any(|k| self.day_at(cx, k).is_some()) {
            return None;
        }
        Some(Found { start: i, ..inner })
    }

    /// A weekday: "Sunday", "Monday night".
    fn weekday(&self, cx: &Cx, i: usize, edged: bool) -> Option<Found> {
        let &wd = self.weekdays.get(cx.lower(i))?;
        if !cx.capitalised(i) {
            return None;
        }
        let after_prep = edged || self.after_preposition(cx, i);
        // "Bloody Sunday", "Super Tuesday".
        if !after_prep && i > 0 && cx.toks[i - 1].kind == Kind::Word && cx.capitalised(i - 1) {
            return None;
        }
        let end = self.after_day_part(cx, i + 1);
        // "the Sunday Times".
        if end == i + 1
            && !after_prep
            && cx.toks.get(end).is_some_and(|t| t.kind == Kind::Word)
            && cx.capitalised(end)
            && self.month_at(cx, end).is_none()
        {
            return None;
        }
        let mode = if self.future(cx, i) {
            Mode::OnOrAfter
        } else {
            Mode::OnOrBefore
        };
        Some(self.weekday_value(cx, i, end, wd, mode))
    }

    fn weekday_value(&self, cx: &Cx, start: usize, end: usize, wd: Weekday, mode: Mode) -> Found {
        cx.resolved(start, end, |r| {
            let back = (7 + r.weekday().num_days_from_monday() as i64
                - wd.num_days_from_monday() as i64)
                % 7;
            let date = match mode {
                Mode::OnOrBefore => r - Duration::days(back),
                Mode::Before => r - Duration::days(if back == 0 { 7 } else { back }),
                Mode::OnOrAfter => r + Duration::days((7 - back) % 7),
                Mode::After => r + Duration::days(if back == 0 { 7 } else { 7 - back }),
            };
            fmt_day(date)
        })
    }

    /// "yesterday", "last week", "this year", "earlier this month", "the last two days",
    /// "next Monday", "last November".
    fn relative(&self, cx: &Cx, i: usize) -> Option<Found> {
        let w = cx.lower(i);
        if let Some(&days) = self.deictic.get(w) {
            let end = self.after_day_part(cx, i + 1);
            return Some(cx.resolved(i, end, |r| fmt_day(r + Duration::days(days))));
        }
        if self.lists.vague.contains(w) {
            let inner = self.relative(cx, i + 1)?;
            return (inner.end == i + 3).then_some(Found { start: i, ..inner });
        }
        let dir = self.direction(w)?;
        let j = i + 1;
        if !matches!(cx.toks.get(j)?.kind, Kind::Word | Kind::Number) {
            return None;
        }
        let lw = cx.lower(j);
        // "last Sunday", "next Monday", "this Friday".
        if let Some(&wd) = self.weekdays.get(lw) {
            let mode = match dir {
                Dir::Last | Dir::Past => Mode::Before,
                Dir::Next => Mode::After,
                Dir::This => Mode::OnOrAfter,
            };
            let end = self.after_day_part(cx, j + 1);
            return cx
                .capitalised(j)
                .then(|| self.weekday_value(cx, i, end, wd, mode));
        }
        // "last November", "next March".
        if let Some(&m) = self.months.get(lw) {
            return cx
                .capitalised(j)
                .then(|| relative_month(cx, i, j + 1, m, dir));
        }
        // "last week", "past week", "next month", "this year".
        if let Some(&unit) = self.units.get(lw) {
            if lw.ends_with('s') && unit != Unit::Weekend {
                return None;
            }
            return Some(cx.resolved(i, j + 1, |r| calendar(r, unit, dir)));
        }
        // "the last two days", "the past three weeks", "the next 10 days".
        let n = cx.number(j, &self.numbers)?;
        let unit = *self.units.get(cx.lower(j + 1))?;
        if n == 0 || n > 1000 || dir == Dir::This || unit == Unit::Weekend {
            return None;
        }
        Some(cx.resolved(i, j + 2, |r| span_of(r, unit, n as i64, dir == Dir::Next)))
    }

    /// The direction a word such as "last" or "next" points in.
    fn direction(&self, w: &str) -> Option<Dir> {
        let l = &self.lists;
        [
            (&l.last, Dir::Last),
            (&l.past, Dir::Past),
            (&l.next, Dir::Next),
            (&l.this, Dir::This),
        ]
        .into_iter()
        .find_map(|(words, dir)| words.contains(w).then_some(dir))
    }

    /// `end`, or the token after it when that is a part of the day ("Monday night").
    fn after_day_part(&self, cx: &Cx, end: usize) -> usize {
        let part = cx.toks.get(end).is_some_and(|t| t.kind == Kind::Word)
            && self.lists.day_parts.contains(cx.lower(end));
        end + usize::from(part)
    }

    /// "two weeks ago", "a year ago", "3 days ago".
    fn ago(&self, cx: &Cx, i: usize) -> Option<Found> {
        let n = cx.number(i, &self.numbers)?;
        let unit = *self.units.get(cx.lower(i + 1))?;
        if !self.lists.ago.contains(cx.lower(i + 2)) || unit == Unit::Weekend || n > 1000 {
            return None;
        }
        let n = n as i64;
        Some(cx.resolved(i, i + 3, |r| match unit {
            Unit::Day | Unit::Weekend => fmt_day(r - Duration::days(n)),
            Unit::Week => fmt_week(r - Duration::days(7 * n)),
            Unit::Month => {
                let (y, m) = add_months(r.year(), r.month(), -n);
                format!("{y:04}-{m:02}")
            }
            Unit::Year => format!("{:04}", r.year() as i64 - n),
        }))
    }

    /// "1990s" (or "1990's") → "1990/1999".
    fn decade(&self, cx: &Cx, i: usize) -> Option<Found> {
        let t = cx.toks[i];
        let s = &cx.text[t.start..t.end];
        let (digits, end) = if s.len() == 5 && s.ends_with('s') {
            (&s[..4], i + 1)
        } else if s.len() == 4
            && matches!(cx.punct(i + 1), Some('\'' | '’'))
            && cx.toks[i + 1].gap == Gap::None
            && cx
                .toks
                .get(i + 2)
                .is_some_and(|n| n.gap == Gap::None && &cx.text[n.start..n.end] == "s")
        {
            (s, i + 3)
        } else {
            return None;
        };
        let y: i32 = digits.parse().ok()?;
        if !digits.bytes().all(|b| b.is_ascii_digit()) || y % 10 != 0 || !(1000..=2090).contains(&y)
        {
            return None;
        }
        Some(Found::absolute(i, end, format!("{y:04}/{:04}", y + 9)))
    }

    /// A year standing as a date: "in 2015", "since 2011", "(2015)", "…, 2015.", "mid-2016".
    fn year(&self, cx: &Cx, i: usize, edged: bool) -> Option<Found> {
        let y = self.year_at(cx, i)?;
        let prep = edged
            || (i > 0
                && cx.toks[i - 1].kind == Kind::Word
                && self.lists.year_prepositions.contains(cx.lower(i - 1)));
        if !prep {
            // Standing alone: followed by punctuation or the end, not by a word ("2015 people").
            match cx.toks.get(i + 1) {
                None => {}
                Some(n) if n.gap == Gap::Newline => {}
                Some(n) if n.kind == Kind::Punct => {
                    let p = cx.punct(i + 1);
                    if !matches!(p, Some(',' | '.' | ';' | ')' | ':' | '!' | '?' | '—' | '–')) {
                        return None;
                    }
                }
                Some(_) => return None,
            }
            // …and not after a number or a currency ("2,000 2015", "$ 2015").
            if i > 0 && matches!(cx.toks[i - 1].kind, Kind::Number) {
                return None;
            }
        }
        Some(Found::absolute(i, i + 1, format!("{y:04}")))
    }

    fn after_preposition(&self, cx: &Cx, i: usize) -> bool {
        i > 0
            && cx.toks[i - 1].kind == Kind::Word
            && self.lists.date_prepositions.contains(cx.lower(i - 1))
    }

    /// A future cue among the few words before `i` in the same sentence.
    fn future(&self, cx: &Cx, i: usize) -> bool {
        if i > 0 && self.lists.future_prepositions.contains(cx.lower(i - 1)) {
            return true;
        }
        let mut k = i;
        let mut words = 0;
        while k > 0 && words < 8 {
            if cx.toks[k].gap == Gap::Newline {
                return false;
            }
            k -= 1;
            match cx.toks[k].kind {
                Kind::Punct if matches!(cx.punct(k), Some('.' | '!' | '?' | ';')) => return false,
                Kind::Word => {
                    words += 1;
                    if self.lists.future_cues.contains(cx.lower(k)) {
                        return true;
                    }
                }
                _ => {}
            }
        }
        false
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Dir {
    Last,
    Past,
    Next,
    This,
}

#[derive(Debug, Clone, Copy)]
enum Mode {
    OnOrBefore,
    Before,
    OnOrAfter,
    After,
}

/// "last November", "next March": tokens `[start, end)`.
fn relative_month(cx: &Cx, start: usize, end: usize, m: u32, dir: Dir) -> Found {
    cx.resolved(start, end, |r| {
        let y = match dir {
            Dir::Last | Dir::Past if m < r.month() => r.year(),
            Dir::Last | Dir::Past => r.year() - 1,
            Dir::Next if m > r.month() => r.year(),
            Dir::Next => r.year() + 1,
            Dir::This => r.year(),
        };
        format!("{y:04}-{m:02}")
    })
}

/// "last week" (the calendar week before), "past week" (the seven days before), "this
/// month", "next year", "last weekend".
fn calendar(r: NaiveDate, unit: Unit, dir: Dir) -> String {
    let step: i64 = match dir {
        Dir::Last => -1,
        Dir::Next => 1,
        Dir::This => 0,
        Dir::Past => return span_of(r, unit, 1, false),
    };
    match unit {
        Unit::Day => fmt_day(r + Duration::days(step)),
        Unit::Week => fmt_week(r + Duration::days(7 * step)),
        Unit::Weekend => {
            // The Saturday of the publication's (Monday-first) week, moved by `step` weeks:
            // "last weekend" is the one before the week, also in a story of a Saturday or
            // Sunday; "this weekend" the one ending the week.
            let weekday = r.weekday().num_days_from_monday() as i64;
            let sat = r + Duration::days(5 + 7 * step - weekday);
            format!("{}/{}", fmt_day(sat), fmt_day(sat + Duration::days(1)))
        }
        Unit::Month => {
            let (y, m) = add_months(r.year(), r.month(), step);
            format!("{y:04}-{m:02}")
        }
        Unit::Year => format!("{:04}", r.year() as i64 + step),
    }
}

/// The `n` units before (or after) the reference date, not counting it, as a range.
fn span_of(r: NaiveDate, unit: Unit, n: i64, forward: bool) -> String {
    match unit {
        Unit::Day | Unit::Week | Unit::Weekend => {
            let days = if unit == Unit::Day { n } else { 7 * n };
            let (a, b) = if forward { (1, days) } else { (-days, -1) };
            format!(
                "{}/{}",
                fmt_day(r + Duration::days(a)),
                fmt_day(r + Duration::days(b))
            )
        }
        Unit::Month => {
            let (a, b) = if forward { (1, n) } else { (-n, -1) };
            let (y1, m1) = add_months(r.year(), r.month(), a);
            let (y2, m2) = add_months(r.year(), r.month(), b);
            format!("{y1:04}-{m1:02}/{y2:04}-{m2:02}")
        }
        Unit::Year => {
            let y = r.year() as i64;
            let (a, b) = if forward {
                (y + 1, y + n)
            } else {
                (y - n, y - 1)
            };
            format!("{a:04}/{b:04}")
        }
    }
}

fn add_months(y: i32, m: u32, delta: i64) -> (i64, u32) {
    let total = y as i64 * 12 + (m as i64 - 1) + delta;
    (total.div_euclid(12), (total.rem_euclid(12) + 1) as u32)
}

fn fmt_day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn fmt_week(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{:04}-W{:02}", w.year(), w.week())
}

/// A match over tokens `[start, end)`.
#[derive(Debug)]
struct Found {
    start: usize,
    end: usize,
    value: Option<String>,
    resolved: bool,
}

impl Found {
    fn absolute(start: usize, end: usize, value: String) -> Self {
        Self {
            start,
            end,
            value: Some(value),
            resolved: true,
        }
    }
}

/// The text, its tokens and the reference date.
struct Cx<'a> {
    text: &'a str,
    toks: &'a [Token],
    /// The tokens lowercased, one after the other, and where each one is in it.
    lowered: String,
    lows: Vec<(usize, usize)>,
    refd: Option<NaiveDate>,
}

impl<'a> Cx<'a> {
    fn new(text: &'a str, toks: &'a [Token], refd: Option<NaiveDate>) -> Self {
        let mut lowered = String::with_capacity(text.len());
        let lows = toks
            .iter()
            .map(|t| {
                let start = lowered.len();
                let token = &text[t.start..t.end];
                if token.is_ascii() {
                    lowered.extend(token.chars().map(|c| c.to_ascii_lowercase()));
                } else {
                    lowered.push_str(&token.to_lowercase());
                }
                (start, lowered.len())
            })
            .collect();
        Self {
            text,
            toks,
            lowered,
            lows,
            refd,
        }
    }

    /// Token `i` lowercased ("" past the end).
    fn lower(&self, i: usize) -> &str {
        self.lows.get(i).map_or("", |&(s, e)| &self.lowered[s..e])
    }

    fn capitalised(&self, i: usize) -> bool {
        self.toks
            .get(i)
            .is_some_and(|t| starts_upper(t.text(self.text)))
    }

    /// `i`, or the token after it when `i` is the mark `c`.
    fn after(&self, i: usize, c: char) -> usize {
        i + usize::from(self.punct(i) == Some(c))
    }

    /// `i`, or the token after it when `i` is the mark `c` glued to the token before.
    fn after_glued(&self, i: usize, c: char) -> usize {
        i + usize::from(self.punct(i) == Some(c) && self.toks[i].gap == Gap::None)
    }

    fn punct(&self, i: usize) -> Option<char> {
        let t = self.toks.get(i)?;
        (t.kind == Kind::Punct).then(|| t.first(self.text))
    }

    /// A count at `i`: digits or a number word.
    fn number(&self, i: usize, words: &FxHashMap<String, u32>) -> Option<u32> {
        let t = self.toks.get(i)?;
        match t.kind {
            Kind::Number => self.text[t.start..t.end].parse().ok(),
            Kind::Word => words.get(self.lower(i)).copied(),
            Kind::Punct => None,
        }
    }

    /// Three numbers joined by `sep` with no spaces ("2016-09-05"), as (value, digits).
    fn joined_numbers(&self, i: usize, sep: char) -> Option<Vec<(u32, usize)>> {
        let mut out = Vec::with_capacity(3);
        for k in 0..5 {
            let t = self.toks.get(i + k)?;
            if k > 0 && t.gap != Gap::None {
                return None;
            }
            if k % 2 == 0 {
                let s = &self.text[t.start..t.end];
                if t.kind != Kind::Number || !s.bytes().all(|b| b.is_ascii_digit()) || s.len() > 4 {
                    return None;
                }
                out.push((s.parse().ok()?, s.len()));
            } else if self.punct(i + k) != Some(sep) {
                return None;
            }
        }
        // Not followed by more of the same ("1-2-3-4-5", "2016-09-05T…" is fine).
        if let Some(t) = self.toks.get(i + 5) {
            if t.gap == Gap::None && (t.kind == Kind::Number || self.punct(i + 5) == Some(sep)) {
                return None;
            }
        }
        Some(out)
    }

    /// A relative expression over `[start, end)`, valued by `f` when there is a reference.
    fn resolved(&self, start: usize, end: usize, f: impl FnOnce(NaiveDate) -> String) -> Found {
        let value = self.refd.map(f);
        Found {
            start,
            end,
            resolved: value.is_some(),
            value,
        }
    }
}

impl Stage for Dates {
    fn name(&self) -> &'static str {
        "dates"
    }

    fn process(&self, doc: &mut Doc) -> Result<(), StageError> {
        let reference = doc.article().published_at.map(|p| p.date_naive());
        let dates = self.find(doc.body(), doc.tokens(), reference);
        doc.article_mut().dates = dates;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;
    use proptest::prelude::*;

    /// Monday 5 September 2016.
    fn monday() -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2016, 9, 5)
    }

    fn mentions(text: &str, reference: Option<NaiveDate>) -> Vec<DateMention> {
        Dates::new().unwrap().find(text, &tokenize(text), reference)
    }

    fn found(text: &str, reference: Option<NaiveDate>) -> Vec<(String, Option<String>)> {
        mentions(text, reference)
            .into_iter()
            .map(|d| (d.text, d.value))
            .collect()
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, Option<String>)> {
        v.iter()
            .map(|(t, val)| (t.to_string(), Some(val.to_string())))
            .collect()
    }

    #[test]
    fn weekdays_months_and_ranges_of_a_wire_story() {
        let text = "Officials hoped to sign the accord on Sunday, after the last two days of \
                    meetings that began in Hangzhou on Saturday. Before Monday, the two ministers \
                    last met in November in Vienna. The truce reached in 2015 expires when the \
                    governor leaves office in January, under a plan put forward in July.";
        assert_eq!(
            found(text, monday()),
            pairs(&[
                ("Sunday", "2016-09-04"),
                ("last two days", "2016-09-03/2016-09-04"),
                ("Saturday", "2016-09-03"),
                ("Monday", "2016-09-05"),
                ("November", "2015-11"),
                ("2015", "2015"),
                ("January", "2017-01"),
                ("July", "2016-07"),
            ])
        );
    }

    #[test]
    fn absolute_dates() {
        let text = "It began in July 2016 and ended Sept. 5, 2016, or 5 September 2016 \
                    (2016-09-05, 09/05/2016 in U.S. order). Growth slowed in mid-2016, as in \
                    the 1990s. Talks resume Oct. 3.";
        assert_eq!(
            found(text, monday()),
            pairs(&[
                ("July 2016", "2016-07"),
                ("Sept. 5, 2016", "2016-09-05"),
                ("5 September 2016", "2016-09-05"),
                ("2016-09-05", "2016-09-05"),
                ("09/05/2016", "2016-09-05"),
                ("mid-2016", "2016"),
                ("1990s", "1990/1999"),
                ("Oct. 3", "2016-10-03"),
            ])
        );
    }

    #[test]
    fn relative_dates() {
        let text = "He arrived yesterday, speaks today and leaves tomorrow. Prices rose last \
                    week and this week, and will rise next month. Output fell last year. The \
                    raid came two weeks ago, a vote earlier this month, a strike on Monday night. \
                    They meet next Monday; they met last Monday.";
        assert_eq!(
            found(text, monday()),
            pairs(&[
                ("yesterday", "2016-09-04"),
                ("today", "2016-09-05"),
                ("tomorrow", "2016-09-06"),
                ("last week", "2016-W35"),
                ("this week", "2016-W36"),
                ("next month", "2016-10"),
                ("last year", "2015"),
                ("two weeks ago", "2016-W34"),
                ("earlier this month", "2016-09"),
                ("Monday night", "2016-09-05"),
                ("next Monday", "2016-09-12"),
                ("last Monday", "2016-08-29"),
            ])
        );
    }

    #[test]
    fn last_weekend_is_past_on_every_day_of_the_week() {
        let text = "Talks failed last weekend and resume this weekend.";
        for (day, last, this) in [
            (5, "2016-09-03/2016-09-04", "2016-09-10/2016-09-11"), // Monday
            (7, "2016-09-03/2016-09-04", "2016-09-10/2016-09-11"), // Wednesday
            (10, "2016-09-03/2016-09-04", "2016-09-10/2016-09-11"), // Saturday
            (11, "2016-09-03/2016-09-04", "2016-09-10/2016-09-11"), // Sunday
        ] {
            let published = NaiveDate::from_ymd_opt(2016, 9, day);
            assert_eq!(
                found(text, published),
                pairs(&[("last weekend", last), ("this weekend", this)]),
                "published 2016-09-{day:02}"
            );
        }
    }

    #[test]
    fn month_days_take_the_nearest_year() {
        let dec = NaiveDate::from_ymd_opt(2016, 12, 28);
        assert_eq!(
            found("Talks resume Jan. 5 in Geneva.", dec),
            pairs(&[("Jan. 5", "2017-01-05")])
        );
        assert_eq!(
            found("The siege began Dec. 20.", dec),
            pairs(&[("Dec. 20", "2016-12-20")])
        );
        assert_eq!(
            found("Rebels will attack on Friday.", monday()),
            pairs(&[("Friday", "2016-09-09")])
        );
    }

    #[test]
    fn words_that_are_not_dates() {
        let text = "Theresa May said the march may go ahead, the Sunday Times reported. \
                    In all, 2015 people joined the Day of Rage. Bloody Sunday is remembered. \
                    Protesters will March on the capital. Jan Kowalski spoke.";
        assert_eq!(found(text, monday()), vec![]);
        assert_eq!(
            found(
                "Elections are due in May. Since March, prices rose.",
                monday()
            ),
            pairs(&[("May", "2017-05"), ("March", "2016-03")])
        );
    }

    #[test]
    fn without_a_publication_date_relative_dates_are_unresolved() {
        let got = mentions("On Sunday, after Sept. 5 and July 2016, prices rose.", None);
        let view: Vec<_> = got
            .iter()
            .map(|d| (d.text.as_str(), d.value.as_deref(), d.resolved))
            .collect();
        assert_eq!(
            view,
            vec![
                ("Sunday", None, false),
                ("Sept. 5", Some("XXXX-09-05"), false),
                ("July 2016", Some("2016-07"), true),
            ]
        );
    }

    #[test]
    fn offsets_are_in_characters() {
        let text = "L’Élysée a parlé — Élysée officials met on Sunday.";
        let d = mentions(text, monday());
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(d.len(), 1);
        let got: String = chars[d[0].start..d[0].end].iter().collect();
        assert_eq!(got, "Sunday");
    }

    #[test]
    fn the_stage_uses_published_at() {
        let raw = herald_model::RawArticle::decode(
            br#"{"body":"They met on Saturday.","published_at":"2016-09-05T23:30:00-04:00"}"#,
            &Default::default(),
        )
        .unwrap();
        let a = Dates::new()
            .unwrap()
            .run(herald_model::EnrichedArticle::new(raw))
            .unwrap();
        // The stamp is Monday evening in its own offset (Tuesday in UTC).
        assert_eq!(a.dates[0].value.as_deref(), Some("2016-09-03"));
    }

    fn check(text: &str, dates: &[DateMention]) -> Result<(), TestCaseError> {
        let chars: Vec<char> = text.chars().collect();
        let mut last = 0;
        for d in dates {
            prop_assert!(d.start >= last && d.start < d.end && d.end <= chars.len());
            let span: String = chars[d.start..d.end].iter().collect();
            prop_assert_eq!(&span, &d.text);
            last = d.end;
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn spans_are_sorted_and_match_on_any_text(text in "\\PC{0,300}") {
            check(&text, &mentions(&text, monday()))?;
            check(&text, &mentions(&text, None))?;
        }

        #[test]
        fn spans_are_sorted_and_match_on_date_soup(words in proptest::collection::vec(
            prop::sample::select(vec![
                "on", "in", "last", "next", "this", "earlier", "two", "a", "weeks", "week",
                "ago", "days", "Monday", "Sunday", "night", "May", "March", "Sept.", "Sept",
                "5", "31", "2016", "1990s", "mid-", "-", ",", ".", "/", "09", "é", "“", "Times",
                "yesterday", "month", "year", "2015", "people", "early", "July", "Theresa",
            ]),
            0..60,
        )) {
            let text = words.join(" ");
            check(&text, &mentions(&text, monday()))?;
            let glued = words.concat();
            check(&glued, &mentions(&glued, monday()))?;
        }
    }

    #[test]
    fn large_inputs_are_linear() {
        let text = "on Sunday, in 2015, the last two days. ".repeat(20_000);
        assert_eq!(mentions(&text, monday()).len(), 60_000);
        assert!(mentions(&"-".repeat(200_000), monday()).is_empty());
    }
}
