//! SVG and MathML written inline, in a paragraph, on a page whose HTML is not cleaned
//! (`sanitize_html: false`): a browser shows the text of a drawing's `<text>` and of a
//! formula, and not its title or loose text, so search reads the one and not the other.
//! (On a cleaned page the drawing goes whole: `hides_text`.) An HTML block is read
//! whole by `shown`; inline, each tag comes as an event of its own.

use crate::sanitize::drawn;

/// The elements open in a drawing started in the paragraph, outermost first.
#[derive(Default)]
pub(in crate::markdown) struct InlineDrawing {
    open: Vec<String>,
}

impl InlineDrawing {
    /// Takes the inline tag `html`; returns whether the page hides the text that
    /// follows it (before, after), as far as drawings go.
    pub(in crate::markdown) fn tag(&mut self, html: &str) -> (bool, bool) {
        let before = self.hides();
        let Some((close, name)) = super::inline_tag(html) else {
            return (before, before);
        };
        let name = name.to_ascii_lowercase();
        if close {
            if let Some(at) = self.open.iter().rposition(|n| *n == name) {
                self.open.truncate(at);
            }
        } else if (!self.open.is_empty() || matches!(name.as_str(), "svg" | "math"))
            && !html.trim_end().ends_with("/>")
        {
            // A drawing nests a few deep; past that, one more is one more name.
            if self.open.len() < 256 {
                self.open.push(name);
            }
        }
        (before, self.hides())
    }

    /// Whether the text where the drawing stands is hidden.
    fn hides(&self) -> bool {
        !self.open.is_empty() && !drawn(|name| self.open.iter().any(|n| n == name))
    }

    /// The paragraph (or cell) ended: the sanitizer closes what it left open.
    pub(in crate::markdown) fn clear(&mut self) {
        self.open.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::InlineDrawing;

    #[test]
    fn a_drawings_text_shows_and_its_title_does_not() {
        let mut d = InlineDrawing::default();
        let hidden: Vec<bool> = [
            "<svg width=\"2\">",
            "<text x=\"1\">",
            "</text>",
            "<title>",
            "</title>",
            "</svg>",
            "<math>",
            "<annotation>",
            "</annotation>",
            "</math>",
            "<text>",
        ]
        .iter()
        .map(|t| d.tag(t).1)
        .collect();
        assert_eq!(
            hidden,
            [true, false, true, true, true, false, false, true, false, false, false]
        );
    }
}
