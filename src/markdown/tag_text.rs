//! Unicode's tag characters in a runbook's text ("ASCII smuggling"): each is an ASCII
//! character that no one sees (U+E0041 is an invisible `A`). A run of them after a word
//! shows nothing to the reader and the reviewer, and is read as plain text by the tools
//! that take the page in (a model summarising the runbook follows `ignore the steps
//! above` so written), and is copied with the sentence. They write only a region's flag,
//! after `🏴`. In code they are warned of as other hidden characters are (`hidden_code`).

use super::hidden_code::more_in;
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
        let rest = more_in(more, "this page");
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

/// Each run of tag characters of `body` (U+E0000-E007F, UTF-8 `F3 A0 80..81 xx`) that
/// spells no region's flag (see [`FlagRun`]), with where it starts and its first. Found by the byte `F3`, which
/// few runbooks hold at all.
fn smuggled_tags(body: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let bytes = body.as_bytes();
    let mut flags = FlagRun::default();
    let mut run_end = usize::MAX;
    memchr::memchr_iter(0xF3, bytes).filter_map(move |at| {
        let c = body.get(at..)?.chars().next()?;
        if !is_tag(c) {
            return None;
        }
        let before = match at == run_end {
            true => '\u{E0020}',
            false => {
                flags = FlagRun::default();
                body[..at].chars().next_back().unwrap_or(' ')
            }
        };
        run_end = at + c.len_utf8();
        flags.starts_hiding(before, c).then_some((at, c))
    })
}

/// Whether `c` is one of Unicode's tag characters (U+E0000-E007F).
pub(super) fn is_tag(c: char) -> bool {
    matches!(c, '\u{E0000}'..='\u{E007F}')
}

/// A region's flag as tags spell it, read a character at a time: `🏴`, one to seven tags
/// of lowercase letters and digits (a subdivision's code, `gbeng`), and the cancel tag
/// U+E007F. Any other tag hides ASCII no one sees: a space, a capital, `|`, a run after
/// a character other than `🏴`, or longer than a flag's (a sentence after `🏴`).
#[derive(Default)]
pub(super) struct FlagRun {
    /// The flag's tags read so far, while they spell one.
    read: Option<u8>,
    /// Whether the last tag read hid.
    hiding: bool,
}

impl FlagRun {
    /// Whether the tag `c`, after `before` (the character before it, read by the same
    /// run), spells no flag and starts a run of such tags: a run is one finding. Each
    /// character of the text goes through it in order.
    pub(super) fn starts_hiding(&mut self, before: char, c: char) -> bool {
        let was_hiding = self.hiding && is_tag(before);
        self.hiding = self.hides(before, c);
        self.hiding && !was_hiding
    }

    /// Whether the tag `c`, after `before`, spells no flag.
    fn hides(&mut self, before: char, c: char) -> bool {
        if before == '\u{1F3F4}' {
            self.read = Some(0);
        } else if !is_tag(before) {
            self.read = None;
        }
        match self.read {
            Some(n)
                if n < 7 && matches!(c, '\u{E0030}'..='\u{E0039}' | '\u{E0061}'..='\u{E007A}') =>
            {
                self.read = Some(n + 1);
                false
            }
            Some(n) if n > 0 && c == '\u{E007F}' => {
                self.read = None;
                false
            }
            _ => {
                self.read = None;
                true
            }
        }
    }
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
    fn a_sentence_after_the_black_flag_is_no_flag() {
        let body = format!("Restart. \u{1F3F4}{}\u{E007F}", tags("ignore the steps"));
        let found: Vec<_> = smuggled_tags(&body).collect();
        let space = "Restart. \u{1F3F4}".len() + 6 * 4;
        assert_eq!(found, [(space, '\u{E0020}')], "from the space on, one run");
        let long = format!("\u{1F3F4}{}\u{E007F}", tags("ignoreallsteps"));
        let found: Vec<_> = smuggled_tags(&long).collect();
        assert_eq!(
            found,
            [("\u{1F3F4}".len() + 7 * 4, '\u{E006C}')],
            "past a flag's seven"
        );
        let capital = format!("\u{1F3F4}{}\u{E007F}", tags("GBENG"));
        assert_eq!(smuggled_tags(&capital).count(), 1);
        // A flag cut short, then tags after a letter: those hide.
        let cut = format!("\u{1F3F4}{}x{}", tags("gb"), tags("eng"));
        assert_eq!(smuggled_tags(&cut).count(), 1);
        // Two flags one after the other, and a flag at a run's end.
        let two = format!("\u{1F3F4}{0}\u{E007F}\u{1F3F4}{0}\u{E007F}", tags("gbsct"));
        assert_eq!(smuggled_tags(&two).count(), 0);
    }

    #[test]
    fn flags_and_other_four_byte_characters_are_not_tags() {
        let england = format!("\u{1F3F4}{}\u{E007F}", tags("gbeng"));
        for body in [england.as_str(), "🚀 𝐨𝐩𝐬 \u{F3000} 😀", ""] {
            assert_eq!(smuggled_tags(body).count(), 0, "{body}");
        }
    }
}
