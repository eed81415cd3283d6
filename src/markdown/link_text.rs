//! A link's text as written (`[Determine your Go version](#step-1)`), kept with each link
//! to an anchor: when the anchor is missing, the heading whose words the text repeats is
//! the likelier target than the anchor nearest in spelling (`#step-2`).

/// The longest text kept, in bytes: longer ones are prose, not a heading's name, and the
/// scan for the closing `]` stops there.
const MAX_TEXT: usize = 200;

/// The text between the `[` at `offset` of `body` and its matching `]`; `None` where no
/// `[` starts there (an autolink, raw HTML's `href`) or the text is longer than
/// [`MAX_TEXT`].
pub(super) fn link_text(body: &str, offset: usize) -> Option<Box<str>> {
    let rest = body.get(offset..)?.strip_prefix('[')?;
    let (mut depth, mut escaped) = (0usize, false);
    for (i, c) in rest.char_indices().take_while(|&(i, _)| i <= MAX_TEXT) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '[' => depth += 1,
            ']' if depth == 0 => return Some(rest[..i].into()),
            ']' => depth -= 1,
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::link_text;

    #[test]
    fn the_text_is_read_up_to_its_own_bracket() {
        let body = "See [Determine your `Go` version](#step-1).";
        assert_eq!(
            link_text(body, 4).as_deref(),
            Some("Determine your `Go` version")
        );
        let nested = "[a [b] \\] c](#x) [d](#y)";
        assert_eq!(link_text(nested, 0).as_deref(), Some("a [b] \\] c"));
    }

    #[test]
    fn no_bracket_or_a_long_text_gives_none() {
        assert_eq!(link_text("<https://x.example/#a>", 0), None);
        assert_eq!(link_text("[unclosed", 0), None);
        assert_eq!(link_text("[x]", 99), None);
        let long = format!("[{}](#a)", "w".repeat(300));
        assert_eq!(link_text(&long, 0), None);
    }
}
