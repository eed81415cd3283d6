//! TEXT values of the feeds escaped (see [`escape_text_into`]), and names from content
//! isolated from the feed's words around them (see [`isolated`]).

use std::borrow::Cow;

/// `name` (an engineer's, a pipeline's, a holiday's: content) between U+2068 FIRST STRONG
/// ISOLATE and U+2069 POP DIRECTIONAL ISOLATE when it holds a right-to-left letter, as
/// pages put such names in `<bdi>`. A calendar app lays each line of a description out by
/// Unicode's bidi algorithm, whose direction is the line's first letter's: a Hebrew name
/// first (`דנה is second on call … paged when אבי, on call, does not answer.`) turned the
/// whole line right to left, and a reader saw `.on call, does not answer ,דנה is second
/// on call … paged when אבי`: the roles swapped (tests/red45.rs). Isolated, the name is
/// one neutral character to the line. Other names are left as written, so the feeds of
/// a team without such names do not change by a byte.
pub(super) fn isolated(name: &str) -> Cow<'_, str> {
    if name.is_ascii() || !name.chars().any(crate::markdown::is_rtl_letter) {
        return Cow::Borrowed(name);
    }
    Cow::Owned(["\u{2068}", name, "\u{2069}"].concat())
}

/// The bytes a TEXT value escapes.
pub(super) fn needs_escape(b: u8) -> bool {
    matches!(b, b',' | b';' | b'\\' | b'\n' | b'\r')
}

/// Appends a TEXT value escaped as RFC 5545 says, as `ics::escape_text` escaped it after
/// line breaks were made `\n` (a unit test holds the two together): `\`, `;` and `,` take
/// a backslash, and each line break (CRLF, CR or LF) becomes the two characters `\n`.
/// `ics` found the bytes through a `char` pattern at about 20 instructions a byte, and the
/// breaks were replaced in a copy first: 48 M instructions at 10,000 runbooks, most of it
/// the backups' descriptions in every engineer's feed.
pub(super) fn escape_text_into(out: &mut String, value: &str) {
    let bytes = value.as_bytes();
    let mut from = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if needs_escape(b) {
            out.push_str(&value[from..i]);
            match b {
                b'\n' => out.push_str("\\n"),
                b'\r' => {
                    out.push_str("\\n");
                    if bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                }
                _ => {
                    out.push('\\');
                    out.push(char::from(b));
                }
            }
            from = i + 1;
        }
        i += 1;
    }
    out.push_str(&value[from..]);
}

#[cfg(test)]
mod tests {
    #[test]
    fn text_is_escaped_as_ics_escapes_it() {
        let pieces = [
            "",
            "a",
            ",",
            ";",
            "\\",
            "\n",
            "\r",
            "\r\n",
            "\n\r",
            "é",
            "\u{1F600}",
            " ",
            "x,y",
        ];
        let mut values = vec![String::from("Backup for Ad spend: Memorial Day.")];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    values.push(format!("{a}{b}{c}"));
                    values.push(format!("{a}-{b}\r{c}\r"));
                }
            }
        }
        let mut escaped_some = 0;
        for value in values {
            let mut ours = super::super::ics::Calendar { out: String::new() };
            ours.text("DESCRIPTION", &value);
            let lf = value.replace("\r\n", "\n").replace('\r', "\n");
            let escaped = ics::escape_text(lf.as_str());
            escaped_some += usize::from(escaped != value);
            let mut theirs = String::new();
            super::super::ics::fold_line(&mut theirs, "DESCRIPTION", &escaped);
            assert_eq!(ours.out, theirs, "{value:?}");
        }
        assert!(escaped_some > 1000, "{escaped_some}");
    }
}
