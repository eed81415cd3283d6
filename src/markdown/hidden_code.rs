//! Characters that show nothing, inside code: a reader does not see them, and Copy takes
//! them with the command. `[ "$ENV" = "pro\u{200B}d" ] && exit` reads as a guard against
//! production and never holds; `kubectl delete ns stag\u{00AD}ing` deletes nothing that
//! reads so. Bidi controls in code are errors of their own (see `deceptive`).

use super::Page;
use crate::diagnostics::{is_bidi_control, is_invisible, Diagnostics};

impl Page<'_, '_> {
    /// Warns once a page, at the first character that shows nothing inside code (a block
    /// or a span), with how many more there are. Code ranges come sorted by start; each
    /// byte of code is read once.
    pub(super) fn report_hidden_in_code(&mut self, diags: &mut Diagnostics) {
        let mut read_to = 0;
        let mut first = None;
        let mut more = 0usize;
        for range in &self.code_ranges {
            let start = range.start.max(read_to);
            let end = range.end.min(self.body.len());
            if start >= end {
                continue;
            }
            read_to = end;
            let Some(code) = self.body.get(start..end) else {
                continue;
            };
            if code.is_ascii() {
                continue;
            }
            let mut before = ' ';
            for (at, c) in code.char_indices() {
                if hidden(before, c) {
                    if first.is_none() {
                        first = Some((start + at, c));
                    } else {
                        more += 1;
                    }
                }
                before = c;
            }
        }
        let Some((at, c)) = first else { return };
        let name = c.escape_unicode();
        let rest = match more {
            0 => String::new(),
            1 => "; 1 more is in this page's code".to_string(),
            n => format!("; {n} more are in this page's code"),
        };
        diags.warning(
            self.location(at),
            format!("an invisible character ({name}) in code: a reader does not see it, and Copy takes it with the command, which then runs otherwise than it reads{rest}"),
            format!("delete it (search the file for {name}); write a character a reader should see as itself"),
        );
    }
}

/// Whether `c`, after `before`, shows nothing in code. Joiners, variation selectors and
/// tags after a character outside ASCII stay: emoji, Persian and the Indic scripts write
/// with them. After an ASCII character they only hide (`pro\u{200D}d`).
fn hidden(before: char, c: char) -> bool {
    if c.is_ascii() || !is_invisible(c) || is_bidi_control(c) {
        return false;
    }
    let in_writing = matches!(
        c,
        '\u{200C}'
            | '\u{200D}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{E0020}'..='\u{E007F}'
            | '\u{E0100}'..='\u{E01EF}'
    );
    !in_writing || before.is_ascii()
}

#[cfg(test)]
mod tests {
    use super::hidden;

    #[test]
    fn what_hides_in_code() {
        for c in ['\u{200B}', '\u{00AD}', '\u{2060}', '\u{FEFF}', '\u{3164}'] {
            assert!(hidden('a', c), "{}", c.escape_unicode());
            assert!(hidden('é', c), "{}", c.escape_unicode());
        }
        // A joiner or variation selector hides after ASCII, and writes after an emoji.
        assert!(hidden('o', '\u{200D}'));
        assert!(!hidden('👩', '\u{200D}'));
        assert!(!hidden('❤', '\u{FE0F}'));
        assert!(!hidden('ی', '\u{200C}'));
        // Seen characters, and bidi controls (errors of their own), are not this.
        for c in ['a', 'é', '\u{00A0}', '—', '\u{202E}', '\u{2066}'] {
            assert!(!hidden('a', c), "{}", c.escape_unicode());
        }
    }
}
