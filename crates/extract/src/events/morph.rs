//! English inflection of the lexicon's words: the forms a verb or noun takes in text.

/// Plural of a noun ("official" → "officials", "militiaman" → "militiamen").
pub fn plural(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("man") {
        return format!("{stem}men");
    }
    if word.ends_with('s') || word.ends_with("sh") || word.ends_with("ch") || word.ends_with('x') {
        return format!("{word}es");
    }
    if let Some(stem) = word.strip_suffix('y') {
        if !stem.ends_with(['a', 'e', 'i', 'o', 'u']) {
            return format!("{stem}ies");
        }
    }
    format!("{word}s")
}

fn vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// Regular verb forms: base, 3rd person, past, gerund; a final consonant is also doubled
/// ("ban" → "banned") since stress cannot be told from spelling, which only adds forms
/// that do not occur. A verb in consonant + "o" takes "-oes" ("veto" → "vetoes").
pub fn verb_forms(lemma: &str) -> Vec<String> {
    let mut out = vec![lemma.to_string(), plural(lemma)];
    let chars: Vec<char> = lemma.chars().collect();
    let n = chars.len();
    if n > 1 && chars[n - 1] == 'o' && !vowel(chars[n - 2]) {
        out.push(format!("{lemma}es"));
    }
    if lemma.ends_with("ee") {
        out.push(format!("{lemma}d"));
        out.push(format!("{lemma}ing"));
    } else if let Some(stem) = lemma.strip_suffix('e') {
        out.push(format!("{lemma}d"));
        out.push(format!("{stem}ing"));
    } else if n > 1 && lemma.ends_with('y') && !vowel(chars[n - 2]) {
        out.push(format!("{}ied", &lemma[..lemma.len() - 1]));
        out.push(format!("{lemma}ing"));
    } else {
        out.push(format!("{lemma}ed"));
        out.push(format!("{lemma}ing"));
        let cvc = n >= 3
            && !vowel(chars[n - 1])
            && !matches!(chars[n - 1], 'w' | 'x' | 'y')
            && vowel(chars[n - 2])
            && !vowel(chars[n - 3]);
        if cvc {
            let last = chars[n - 1];
            out.push(format!("{lemma}{last}ed"));
            out.push(format!("{lemma}{last}ing"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        assert_eq!(plural("militiaman"), "militiamen");
        assert_eq!(plural("embassy"), "embassies");
        assert_eq!(plural("talk"), "talks");
        assert!(verb_forms("ban").contains(&"banned".to_string()));
        assert!(verb_forms("impose").contains(&"imposing".to_string()));
        assert!(verb_forms("accuse").contains(&"accused".to_string()));
        assert!(verb_forms("deny").contains(&"denied".to_string()));
        assert!(verb_forms("agree").contains(&"agreed".to_string()));
        assert!(verb_forms("visit").contains(&"visited".to_string()));
        assert!(verb_forms("veto").contains(&"vetoes".to_string()));
        assert!(verb_forms("veto").contains(&"vetoed".to_string()));
    }
}
