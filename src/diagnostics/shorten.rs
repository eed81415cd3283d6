//! Content quoted in messages and hints, cut to a length a build log can carry.

/// The longest quotation (between backticks) a message keeps whole, in bytes.
const MAX_QUOTE: usize = 120;

/// `message` with each quotation longer than [`MAX_QUOTE`] cut, with `…`: messages quote
/// content (an alias, a link, a name), and a quoted value of 100 kB in an error repeated
/// for each of its uses printed hundreds of megabytes.
pub(super) fn quotes(message: String) -> String {
    if message.len() <= MAX_QUOTE {
        return message;
    }
    let mut out = String::with_capacity(message.len().min(4 * MAX_QUOTE));
    let mut rest = message.as_str();
    let mut cut = false;
    while let Some(open) = rest.find('`') {
        let (before, after) = rest.split_at(open + 1);
        out.push_str(before);
        let Some(close) = after.find('`') else {
            rest = after;
            break;
        };
        let quoted = &after[..close];
        if quoted.len() > MAX_QUOTE {
            let mut end = MAX_QUOTE - 20;
            while !quoted.is_char_boundary(end) {
                end -= 1;
            }
            out.push_str(&quoted[..end]);
            out.push('…');
            cut = true;
        } else {
            out.push_str(quoted);
        }
        out.push('`');
        rest = &after[close + 1..];
    }
    if !cut {
        return message;
    }
    out.push_str(rest);
    out
}

/// The longest run without white space a message or a hint keeps whole, in bytes.
const MAX_WORD: usize = 2 * MAX_QUOTE;

/// `text` with each run without white space longer than [`MAX_WORD`] cut to its start, `…`
/// and its last two characters (a closing quote, a comma): not all content a message or a
/// hint shows is between backticks (serde's `string "…"`, an anchor after `#`, a class
/// the hint says to remove), and a front matter of one long string printed a line of a
/// megabyte.
pub(super) fn words(text: String) -> String {
    if text.len() <= MAX_WORD || !text.split_whitespace().any(|w| w.len() > MAX_WORD) {
        return text;
    }
    let mut out = String::with_capacity(4 * MAX_WORD);
    for piece in text.split_inclusive(char::is_whitespace) {
        let word = piece.trim_end_matches(char::is_whitespace);
        if word.len() <= MAX_WORD {
            out.push_str(piece);
            continue;
        }
        let mut end = MAX_QUOTE - 20;
        while !word.is_char_boundary(end) {
            end -= 1;
        }
        let tail = word
            .char_indices()
            .rev()
            .nth(1)
            .map_or(word.len(), |(i, _)| i);
        out.push_str(&word[..end]);
        out.push('…');
        out.push_str(&word[tail.max(end)..]);
        out.push_str(&piece[word.len()..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_quotations_are_cut() {
        let long = "é".repeat(500);
        let m = quotes(format!("alias `{long}` and `short` are `{long}` ok"));
        assert_eq!(m.matches('…').count(), 2, "{m}");
        assert!(m.contains("`short`") && m.ends_with("…` ok"), "{m}");
        assert!(m.len() < 300, "{m}");
        let plain = format!("no quotes {long}");
        assert_eq!(quotes(plain.clone()), plain);
    }

    #[test]
    fn long_words_are_cut() {
        let long = "é".repeat(500);
        let m = words(format!(
            "invalid type: string \"{long}\", expected x\n#{long}"
        ));
        assert!(m.starts_with("invalid type: string \"éé"), "{m}");
        assert!(m.contains("é…\", expected x\n#éé"), "{m}");
        assert!(m.len() < 300, "{m}");
        let plain = format!("short words {}", "a ".repeat(500));
        assert_eq!(words(plain.clone()), plain);
    }
}
