//! Word shapes the stages share.

/// An apostrophe inside or after a word: ' ’ `.
pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '`')
}

/// Starts with an uppercase letter.
pub fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// A single capital, or pieces of at most two characters of any kind (empty ones too) joined
/// by periods: "J", "U.S", "U.S.", "3.5". What may take a following period as its own.
pub fn is_initial_or_short_dotted(word: &str) -> bool {
    let mut chars = word.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => c.is_uppercase(),
        _ => word.contains('.') && word.split('.').all(|p| p.chars().count() <= 2),
    }
}

/// A single capital, or pieces of one or two letters joined by periods: "J", "U.S", "a.m",
/// "Ph.D"; not "3.5" nor "U..S". A period after one need not end a sentence.
pub fn is_initial_or_dotted_letters(word: &str) -> bool {
    let letters =
        |p: &str| !p.is_empty() && p.chars().count() <= 2 && p.chars().all(char::is_alphabetic);
    if word.contains('.') {
        word.split('.').all(letters)
    } else {
        let mut chars = word.chars();
        matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_two_initialisms_differ_on_digits_and_empty_pieces() {
        for w in ["J", "U.S", "U.S.", "a.m", "Ph.D"] {
            assert!(is_initial_or_short_dotted(w), "{w}");
        }
        for w in ["J", "U.S", "a.m", "Ph.D"] {
            assert!(is_initial_or_dotted_letters(w), "{w}");
        }
        for w in ["U.S.", "3.5", "U..S"] {
            assert!(!is_initial_or_dotted_letters(w), "{w}");
            assert!(is_initial_or_short_dotted(w), "{w}");
        }
        for w in ["j", "Obama", "NATO", ""] {
            assert!(
                !is_initial_or_short_dotted(w) && !is_initial_or_dotted_letters(w),
                "{w}"
            );
        }
    }
}
