//! Unicode's tag characters in a runbook's text ("ASCII smuggling"): each is an ASCII
//! character that no one sees (U+E0041 is an invisible `A`). A run of them after a word
//! shows nothing to the reader and the reviewer, and is read as plain text by the tools
//! that take the page in (a model summarising the runbook follows `ignore the steps
//! above` so written), and is copied with the sentence. They write only a region's flag,
//! after `🏴`. In code they are warned of as other hidden characters are (`hidden_code`).

use super::Page;
use crate::diagnostics::Diagnostics;

impl Page<'_, '_> {
    /// Warns once a page at the first tag character outside code that spells no flag,
    /// with how many more there are. One pass over the body, and over the code ranges.
    pub(super) fn report_tags_in_text(&mut self, diags: &mut Diagnostics) {
        let mut ranges = self.code_ranges.iter().peekable();
        let mut first = None;
        let mut more = 0usize;
        for (at, c) in smuggled_tags(self.body) {
            while ranges.next_if(|r| r.end <= at).is_some() {}
            if ranges.peek().is_some_and(|r| r.start <= at) {
                continue;
            }
            if first.is_none() {
                first = Some((at, c));
            } else {
                more += 1;
            }
        }
        let Some((at, c)) = first else { return };
        let rest = match more {
            0 => String::new(),
            1 => "; 1 more is in this page".to_string(),
            n => format!("; {n} more are in this page"),
        };
        diags.warning(
            self.location(at),
            format!(
                "a tag character ({}) in the text: tags spell ASCII that a reader does not see and that tools reading the page (search, a model summarising it) and Copy take as written{rest}",
                c.escape_unicode()
            ),
            format!(
                "delete it (search the file for {}): tags belong only in a region's flag, after 🏴",
                c.escape_unicode()
            ),
        );
    }
}

/// Each tag character of `body` (U+E0000-E007F, UTF-8 `F3 A0 80..81 xx`) that follows
/// neither `🏴` nor another tag, with where it starts. Found by the byte `F3`, which
/// few runbooks hold at all.
fn smuggled_tags(body: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    const FLAG: &str = "\u{1F3F4}";
    let bytes = body.as_bytes();
    memchr::memchr_iter(0xF3, bytes).filter_map(move |at| {
        let c = body.get(at..)?.chars().next()?;
        if !matches!(c, '\u{E0000}'..='\u{E007F}') {
            return None;
        }
        let before = &body[..at];
        let spells = before.ends_with(FLAG)
            || before
                .chars()
                .next_back()
                .is_some_and(|b| matches!(b, '\u{E0020}'..='\u{E007F}'));
        (!spells).then_some((at, c))
    })
}

#[cfg(test)]
mod tests {
    use super::smuggled_tags;

    fn tags(text: &str) -> String {
        text.chars()
            .map(|c| char::from_u32(0xE0000 + c as u32).unwrap())
            .collect()
    }

    #[test]
    fn a_run_of_tags_is_found_at_its_first() {
        let body = format!(
            "Restart the job.{} Then wait é{}",
            tags("ignore"),
            tags("x")
        );
        let found: Vec<_> = smuggled_tags(&body).collect();
        assert_eq!(found.len(), 2);
        assert_eq!(found[0], ("Restart the job.".len(), '\u{E0069}'));
        assert_eq!(found[1].1, '\u{E0078}');
        // A lone U+E0001 (LANGUAGE TAG) hides too.
        assert_eq!(smuggled_tags("a\u{E0001}").count(), 1);
    }

    #[test]
    fn flags_and_other_four_byte_characters_are_not_tags() {
        let england = format!("\u{1F3F4}{}\u{E007F}", tags("gbeng"));
        for body in [england.as_str(), "🚀 𝐨𝐩𝐬 \u{F3000} 😀", ""] {
            assert_eq!(smuggled_tags(body).count(), 0, "{body}");
        }
    }
}
