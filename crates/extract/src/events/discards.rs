//! Phrases that mark a sentence, or a whole story, as not about political events (sport,
//! entertainment, ...): config/events/petrarch/discards.tsv, from PETRARCH2's discard list.

use super::tokens::Token;
use super::Map;

/// What a discard phrase drops.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scope {
    Sentence,
    Story,
}

struct Phrase {
    /// Words after the first.
    rest: Vec<String>,
    /// The last word must be whole; otherwise it is a stem ("basketball" → "basketballs").
    exact: bool,
    scope: Scope,
}

#[derive(Default)]
pub struct Discards {
    by_first: Map<String, Vec<Phrase>>,
}

impl Discards {
    /// Parses `scope<TAB>exact|stem<TAB>phrase` lines; `#` starts a comment line.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut d = Self::default();
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let cells: Vec<&str> = line.split('\t').collect();
            let [scope, how, phrase] = cells[..] else {
                return Err(format!("discards line {}: want 3 cells", n + 1));
            };
            let scope = match scope {
                "sentence" => Scope::Sentence,
                "story" => Scope::Story,
                other => return Err(format!("discards line {}: scope {other:?}", n + 1)),
            };
            let mut words = phrase.split(' ').map(str::to_string);
            let Some(first) = words.next() else { continue };
            d.by_first.entry(first).or_default().push(Phrase {
                rest: words.collect(),
                exact: how == "exact",
                scope,
            });
        }
        Ok(d)
    }

    /// The widest scope of a discard phrase in the sentence, if any.
    pub fn find(&self, tokens: &[Token]) -> Option<Scope> {
        let mut found = None;
        for (i, t) in tokens.iter().enumerate() {
            if t.punct {
                continue;
            }
            let w = t.lower.as_str();
            // A one-word stem is also found under its word without a plural ending.
            let keys = [Some(w), w.strip_suffix('s'), w.strip_suffix("es")];
            for key in keys.into_iter().flatten() {
                let Some(list) = self.by_first.get(key) else {
                    continue;
                };
                // The words after it (few phrases have more than three).
                let next: Vec<&str> = tokens[i + 1..]
                    .iter()
                    .filter(|t| !t.punct)
                    .take(6)
                    .map(|t| t.lower.as_str())
                    .collect();
                for p in list {
                    if p.rest.is_empty() && key != w && p.exact {
                        continue;
                    }
                    if fits(&next, p) {
                        found = found.max(Some(p.scope));
                    }
                }
            }
        }
        found
    }
}

fn fits(words: &[&str], p: &Phrase) -> bool {
    if words.len() < p.rest.len() {
        return false;
    }
    p.rest.iter().enumerate().all(|(k, w)| {
        let last = k + 1 == p.rest.len();
        words[k] == w || (last && !p.exact && words[k].starts_with(w.as_str()))
    })
}

#[cfg(test)]
mod tests {
    use super::super::tokens::tokenize;
    use super::*;

    #[test]
    fn sentence_and_story_discards() {
        let d =
            Discards::parse("# c\nsentence\tstem\tbasketball\nstory\texact\tchampions league\n")
                .unwrap();
        assert_eq!(
            d.find(&tokenize("Two basketballs were stolen.")),
            Some(Scope::Sentence)
        );
        assert_eq!(
            d.find(&tokenize("Chelsea won the Champions League final.")),
            Some(Scope::Story)
        );
        assert_eq!(d.find(&tokenize("Russia attacked Ukraine.")), None);
        let shipped = Discards::parse(include_str!(
            "../../../../config/events/petrarch/discards.tsv"
        ))
        .unwrap();
        assert!(shipped
            .find(&tokenize(
                "The striker scored twice in the World Cup qualifier."
            ))
            .is_some());
    }
}
