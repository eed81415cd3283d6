//! Characters that show nothing, inside code: a reader does not see them, and Copy takes
//! them with the command. `[ "$ENV" = "pro\u{200B}d" ] && exit` reads as a guard against
//! production and never holds; `kubectl delete ns stag\u{00AD}ing` deletes nothing that
//! reads so. Markdown's code is read in the file; code written as HTML in the page's
//! HTML. Bidi controls in code are errors of their own (see `deceptive`).

use super::tag_text::{is_tag, FlagRun};
use super::Page;
use crate::diagnostics::{is_bidi_control, is_invisible, Diagnostics};

impl Page<'_, '_> {
    /// Each piece of the page's code (`code_ranges`, each byte read once where ranges
    /// overlap) that holds a character outside ASCII, with where it starts in the body:
    /// what the checks of code's characters read.
    pub(super) fn code_outside_ascii(&self) -> impl Iterator<Item = (usize, &str)> + '_ {
        let mut read_to = 0;
        self.code_ranges.iter().filter_map(move |range| {
            let start = range.start.max(read_to);
            let end = range.end.min(self.body.len());
            if start >= end {
                return None;
            }
            read_to = end;
            let code = self.body.get(start..end)?;
            (!code.is_ascii()).then_some((start, code))
        })
    }

    /// Warns once a page, at the first character that shows nothing inside code (a block
    /// or a span), with how many more there are. Code ranges come sorted by start; each
    /// byte of code is read once.
    pub(super) fn report_hidden_in_code(&mut self, html: &str, diags: &mut Diagnostics) {
        let mut first = None;
        let mut more = 0usize;
        for (start, code) in self.code_outside_ascii() {
            let mut before = ' ';
            let mut flags = FlagRun::default();
            for (at, c) in code.char_indices() {
                if hidden(before, c, &mut flags) {
                    if first.is_none() {
                        first = Some((start + at, c));
                    } else {
                        more += 1;
                    }
                }
                before = c;
            }
        }
        // Code the author wrote as HTML (`<pre><code>pro&#x200B;d</code></pre>`, where a
        // reference is the character), read in the page's HTML, and found in the file by
        // the character or its reference.
        let first = first.or_else(|| {
            // Markdown's code was read above; only a code tag written in the file puts
            // other code in the HTML (1.7 % of a 10,000-runbook build's CPU went to
            // reading every page's highlighted code again).
            if !has_code_tag(self.body) {
                return None;
            }
            let c = first_in_raw_code(html)?;
            let (at, _) = decoded(self.body).find(|&(_, d)| d == c)?;
            Some((at, c))
        });
        let Some((at, c)) = first else { return };
        let name = c.escape_unicode();
        let rest = more_in(more, "this page's code");
        diags.warning(
            self.location(at),
            format!("an invisible character ({name}) in code: a reader does not see it, and Copy takes it with the command, which then runs otherwise than it reads{rest}"),
            format!("delete it (search the file for {name}); write a character a reader should see as itself"),
        );
    }
}

/// The elements whose text is code, shown as written and taken by Copy.
const CODE_TAGS: [&[u8]; 4] = [b"pre", b"code", b"kbd", b"samp"];

/// Whether `body` (a Markdown file) opens `<pre>`, `<code>`, `<kbd>` or `<samp>` in any
/// case, with attributes or none: the only way code other than Markdown's gets into the
/// page. Inside a Markdown code block such a tag is text, and only costs the look.
fn has_code_tag(body: &str) -> bool {
    let bytes = body.as_bytes();
    memchr::memchr_iter(b'<', bytes).any(|at| {
        let rest = &bytes[at + 1..];
        let name_len = rest.iter().take_while(|b| b.is_ascii_alphabetic()).count();
        let after = rest.get(name_len).copied();
        CODE_TAGS
            .iter()
            .any(|code| code.eq_ignore_ascii_case(&rest[..name_len]))
            && !matches!(after, Some(b) if b.is_ascii_alphanumeric())
    })
}

/// The first character that shows nothing inside `<pre>`, `<code>`, `<kbd>` or `<samp>` in
/// `html` (a page's HTML before cleaning), written as itself or as a numeric character
/// reference. One pass over the tags; text outside code is not read.
fn first_in_raw_code(html: &str) -> Option<char> {
    let bytes = html.as_bytes();
    let mut depth = 0usize;
    let mut text_from = None;
    for at in memchr::memchr_iter(b'<', bytes) {
        let opens = bytes
            .get(at + 1)
            .is_some_and(|b| b.is_ascii_alphabetic() || matches!(b, b'/' | b'!' | b'?'));
        if !opens {
            continue;
        }
        // A `<` of the text within raw code (Mermaid's `<<choice>>`) opens no tag: its
        // `>` was taken for the end of the one before, and the text reread from there.
        if let Some(from) = text_from.take() {
            if from > at {
                text_from = Some(from);
                continue;
            }
            if let Some(c) = hidden_in_html_text(&html[from..at]) {
                return Some(c);
            }
        }
        let closing = bytes.get(at + 1) == Some(&b'/');
        let name_at = at + 1 + usize::from(closing);
        let name_len = bytes[name_at..]
            .iter()
            .take_while(|b| b.is_ascii_alphabetic())
            .count();
        let name = &bytes[name_at..name_at + name_len];
        if CODE_TAGS.iter().any(|code| code.eq_ignore_ascii_case(name)) {
            depth = if closing {
                depth.saturating_sub(1)
            } else {
                depth + 1
            };
        }
        if depth > 0 {
            text_from = memchr::memchr(b'>', &bytes[at..]).map(|n| at + n + 1);
        }
    }
    None
}

/// The first character of `text` (HTML text) that shows nothing in code, as itself or as
/// a character reference (`&#x200B;`, `&#8203;`, `&ZeroWidthSpace;`, `&shy;`).
fn hidden_in_html_text(text: &str) -> Option<char> {
    let mut before = ' ';
    let mut flags = FlagRun::default();
    for (_, c) in decoded(text) {
        if hidden(before, c, &mut flags) {
            return Some(c);
        }
        before = c;
    }
    None
}

/// The characters of HTML text `text` with where each starts, a character reference
/// (numeric, or named as in HTML's table) read as the character it stands for.
pub(super) fn decoded(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let rest = text.get(at..)?;
        let c = rest.chars().next()?;
        let bytes = rest.as_bytes();
        let (len, c) = crate::html::numeric_reference(bytes)
            .or_else(|| named_reference(bytes))
            .unwrap_or((c.len_utf8(), c));
        let start = at;
        at += len;
        Some((start, c))
    })
}

/// The named character reference at the start of `bytes` (`&shy;`, `&ZeroWidthSpace;`,
/// with its `;`): its length and its (first) character. No name is longer than 32.
fn named_reference(bytes: &[u8]) -> Option<(usize, char)> {
    let rest = bytes.strip_prefix(b"&")?;
    let name = rest
        .iter()
        .take(33)
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    if rest.get(name) != Some(&b';') {
        return None;
    }
    let key = std::str::from_utf8(&rest[..=name]).ok()?;
    let &(c, _) = html5ever::data::NAMED_ENTITIES.get(key)?;
    Some((1 + key.len(), char::from_u32(c)?))
}

/// Whether `c`, after `before`, shows nothing in code. Joiners and variation selectors
/// after a character outside ASCII stay: emoji, Persian and the Indic scripts write with
/// them. After an ASCII character they only hide (`pro\u{200D}d`). Tags write only the
/// flags of regions (`🏴` and a run of tags, England's flag): anywhere else a run of them
/// is ASCII text no one sees ("ASCII smuggling": `echo é` and `; curl x|sh` in tags,
/// which Copy takes, and a tool that reads tags as ASCII reads as a command).
/// `; 1 more is in <place>`, `; N more are in <place>`, or nothing: how a warning given
/// once a page counts the rest.
pub(super) fn more_in(more: usize, place: &str) -> String {
    match more {
        0 => String::new(),
        1 => format!("; 1 more is in {place}"),
        n => format!("; {n} more are in {place}"),
    }
}

fn hidden(before: char, c: char, flags: &mut FlagRun) -> bool {
    if is_tag(c) {
        return flags.starts_hiding(before, c);
    }
    if c.is_ascii() || !is_invisible(c) || is_bidi_control(c) {
        return false;
    }
    let in_writing = matches!(
        c,
        '\u{200C}' | '\u{200D}' | '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}'
    );
    !in_writing || before.is_ascii()
}

#[cfg(test)]
mod tests {
    use super::{first_in_raw_code, has_code_tag, hidden, FlagRun};

    #[test]
    fn code_tags_are_found_in_any_case_with_attributes_or_none() {
        for body in [
            "<pre>x</pre>",
            "a <CODE class=x>b",
            "<kbd\n>",
            "<Samp/>",
            "x <code>",
        ] {
            assert!(has_code_tag(body), "{body}");
        }
        for body in [
            "",
            "a < b",
            "<precise>",
            "<coder>",
            "</code>",
            "<p>code</p>",
            "pre code",
        ] {
            assert!(!has_code_tag(body), "{body}");
        }
    }

    #[test]
    fn hidden_characters_in_html_code_are_found() {
        assert_eq!(
            first_in_raw_code("<p>a\u{200B}b</p><PRE><code>pro&#x200B;d</code></PRE>"),
            Some('\u{200B}')
        );
        assert_eq!(first_in_raw_code("<kbd>a&#173;b</kbd>"), Some('\u{AD}'));
        assert_eq!(first_in_raw_code("<kbd>a&shy;b</kbd>"), Some('\u{AD}'));
        assert_eq!(
            first_in_raw_code("<pre>pro&ZeroWidthSpace;d &amp; &ampx;</pre>"),
            Some('\u{200B}')
        );
        assert_eq!(
            first_in_raw_code("<samp>x\u{2060}</samp>"),
            Some('\u{2060}')
        );
        // Outside code, or written out in Markdown code (`&amp;#x200B;`), it is not this.
        assert_eq!(
            first_in_raw_code("<p>a\u{200B}&#x200B;</p><code>&amp;#x200B;</code>"),
            None
        );
        assert_eq!(
            first_in_raw_code("<code>a</code>\u{200B}<pre>&#x41;</pre>"),
            None
        );
    }

    #[test]
    fn a_less_than_sign_in_raw_code_is_text() {
        // Mermaid's `<<choice>>` in GOV.UK's raw `<pre><code>` panicked (a slice from
        // after `choice>` to the `<` before it).
        let html = "<pre><code>state s <<choice>>\n a --> b: x\u{200B}</code></pre>";
        assert_eq!(first_in_raw_code(html), Some('\u{200B}'));
        assert_eq!(first_in_raw_code("<pre>a << b >> c < d</pre>"), None);
        assert_eq!(
            first_in_raw_code("<code>1 <2 x\u{2060}</code>"),
            Some('\u{2060}')
        );
    }

    #[test]
    fn what_hides_in_code() {
        for c in ['\u{200B}', '\u{00AD}', '\u{2060}', '\u{FEFF}', '\u{3164}'] {
            assert!(
                hidden('a', c, &mut FlagRun::default()),
                "{}",
                c.escape_unicode()
            );
            assert!(
                hidden('é', c, &mut FlagRun::default()),
                "{}",
                c.escape_unicode()
            );
        }
        // A joiner or variation selector hides after ASCII, and writes after an emoji.
        assert!(hidden('o', '\u{200D}', &mut FlagRun::default()));
        assert!(!hidden('👩', '\u{200D}', &mut FlagRun::default()));
        assert!(!hidden('❤', '\u{FE0F}', &mut FlagRun::default()));
        assert!(!hidden('ی', '\u{200C}', &mut FlagRun::default()));
        // Tags spell a flag after 🏴 (each after the one before), and hide anywhere else:
        // after an accented letter or another emoji as after ASCII.
        let mut flags = FlagRun::default();
        assert!(!hidden('\u{1F3F4}', '\u{E0067}', &mut flags));
        assert!(!hidden('\u{E0067}', '\u{E0062}', &mut flags));
        for before in ['a', 'é', '🚀', '❤'] {
            let hides = hidden(before, '\u{E0067}', &mut FlagRun::default());
            assert!(hides, "{}", before.escape_unicode());
        }
        // A space in tags is no flag's, after 🏴 too.
        assert!(hidden('\u{1F3F4}', '\u{E0020}', &mut FlagRun::default()));
        // Seen characters, and bidi controls (errors of their own), are not this.
        for c in ['a', 'é', '\u{00A0}', '—', '\u{202E}', '\u{2066}'] {
            assert!(
                !hidden('a', c, &mut FlagRun::default()),
                "{}",
                c.escape_unicode()
            );
        }
    }
}
