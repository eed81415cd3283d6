//! Whether a runbook's `description` is its body's first paragraph again. MkDocs sites
//! write the page's summary both in the front matter and as its opening sentence: shown
//! as the lead above the body, the reader met the same sentence twice in a row (11 of the
//! 34 PagerDuty pages with a description).

/// Whether `description` says what the first paragraph of `html` says, word for word:
/// the same words (letters and digits, whatever the case), whatever the whitespace,
/// markup, entities and punctuation between them. A description that is only the start
/// of the paragraph is not a repeat: the lead then shows as well. The paragraph counts
/// only when it opens the body (nothing but whitespace before its `<p>`).
pub(super) fn repeats_first_paragraph(description: &str, html: &str) -> bool {
    let Some(rest) = html.trim_start().strip_prefix("<p>") else {
        return false;
    };
    let Some(end) = memchr::memmem::find(rest.as_bytes(), b"</p>") else {
        return false;
    };
    // The paragraph's text, copied a run between tags at a time (a push per character
    // and a lower-cased `String` per word were 8,700 instructions a page at 10,000
    // runbooks).
    let mut text = String::with_capacity(end);
    let mut para = &rest[..end];
    while let Some(open) = memchr::memchr(b'<', para.as_bytes()) {
        text.push_str(&para[..open]);
        match memchr::memchr(b'>', &para.as_bytes()[open..]) {
            Some(close) => {
                // A tag (`<br>`, `<a>`) may stand between two words.
                text.push(' ');
                para = &para[open + close + 1..];
            }
            None => para = "",
        }
    }
    text.push_str(para);
    let text = if text.contains('&') {
        crate::load::unescape_entities(&text)
    } else {
        text
    };
    let mut theirs = words(&text);
    for word in words(description) {
        if !theirs.next().is_some_and(|other| same_word(word, other)) {
            return false;
        }
    }
    theirs.next().is_none()
}

/// The words of `s` (letters and digits).
fn words(s: &str) -> impl Iterator<Item = &str> + '_ {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// Whether two words are the same lower-cased; ASCII ones compared in place (a
/// character beyond ASCII may lower-case to one in it: the Kelvin sign to `k`).
fn same_word(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::repeats_first_paragraph as repeats;

    #[test]
    fn the_same_sentence_is_a_repeat_whatever_the_markup() {
        assert!(repeats(
            "Restart the *pod*.",
            "<p>Restart the <em>pod</em>.</p>\n<p>x</p>"
        ));
        assert!(repeats("Tom's  A&B", "\n<p>Tom&#39;s\nA&amp;B</p>"));
        assert!(repeats("see docs", "<p>See <a href=\"/x/\">docs</a></p>"));
        // Beyond ASCII, words are lower-cased whole: the Kelvin sign is a `k`.
        assert!(repeats("Été k", "<p>ÉTÉ \u{212A}</p>"));
        assert!(repeats("a > b", "<p>a &gt; <b>b</b></p>"));
    }

    #[test]
    fn a_prefix_or_a_later_paragraph_is_not() {
        assert!(!repeats(
            "Restart the pod.",
            "<p>Restart the pod. Then wait.</p>"
        ));
        assert!(!repeats(
            "Restart the pod.",
            "<h2>A</h2><p>Restart the pod.</p>"
        ));
        assert!(!repeats("", "<p>x</p>"));
        assert!(!repeats("Restart", "<p>Restart"));
        assert!(!repeats("ab", "<p>a<b>b</b></p>"));
        assert!(!repeats("a b c", "<p>a b</p>"));
        assert!(!repeats("a b", "<p>a b <i>c</i></p>"));
    }
}
