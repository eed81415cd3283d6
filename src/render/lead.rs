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
    let Some(end) = rest.find("</p>") else {
        return false;
    };
    let mut text = String::with_capacity(end);
    let mut in_tag = false;
    for c in rest[..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                // A tag (`<br>`, `<a>`) may stand between two words.
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    words(description).eq(words(&crate::load::unescape_entities(&text)))
}

/// The words of `s`, lower-cased.
fn words(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
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
    }
}
