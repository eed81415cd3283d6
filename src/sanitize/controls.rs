//! Control characters in a runbook's body. A page showing a command copies with it what
//! the reader cannot see: an `ESC` sequence pasted into a terminal can end bracketed paste
//! (`ESC[201~`) and run the rest, or set the clipboard or the window title. C0 controls
//! but tab, line feed and carriage return, DEL and C1 controls are left out of the text,
//! written as themselves or as character references (`&#27;`, `&#x9b;`), which the
//! Markdown parser and browsers turn into the character. A terminal's colour codes
//! (`ESC[31m`) go whole, so text pasted from a coloured shell reads as the shell showed it.

use std::ops::Range;

/// Whether `c` is left out of pages.
pub fn is_removed(c: char) -> bool {
    matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
}

/// What [`strip`] left out: where the first was, and the characters (each once, in order).
#[derive(Debug, PartialEq)]
pub struct Removed {
    pub first: Range<usize>,
    pub chars: Vec<char>,
    pub colour_codes: bool,
}

impl Removed {
    /// The characters for a message: `ESC (U+001B), BEL (U+0007)`.
    pub fn describe(&self) -> String {
        let mut said: Vec<String> = self
            .chars
            .iter()
            .take(4)
            .map(|&c| format!("{} (U+{:04X})", name(c), c as u32))
            .collect();
        if self.chars.len() > 4 {
            said.push(format!("{} more", self.chars.len() - 4));
        }
        said.join(", ")
    }
}

fn name(c: char) -> &'static str {
    const C0: [&str; 32] = [
        "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT", "FF", "CR",
        "SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB",
        "ESC", "FS", "GS", "RS", "US",
    ];
    match c as u32 {
        n @ 0..=0x1f => C0[n as usize],
        0x7f => "DEL",
        0x9b => "CSI",
        _ => "C1 control",
    }
}

/// `text` from `from` on without its control characters (see the module), and what went;
/// `None` when there were none (the common case, one pass over the bytes).
pub fn strip(text: &str, from: usize) -> Option<(String, Removed)> {
    let bytes = text.as_bytes();
    let mut out: Option<(String, Removed)> = None;
    let mut kept = from;
    let mut i = from;
    loop {
        i = plain_end(bytes, i);
        let Some(&b) = bytes.get(i) else { break };
        let found = match b {
            b'&' if bytes.get(i + 1) == Some(&b'#') => reference(&bytes[i..]),
            0x1b if bytes.get(i + 1) == Some(&b'[') => Some((csi_len(&bytes[i..]), '\u{1b}')),
            0xc2 if matches!(bytes.get(i + 1), Some(0x80..=0x9f)) => Some((
                2,
                char::from_u32(u32::from(bytes[i + 1])).unwrap_or('\u{80}'),
            )),
            _ if b < 0x80 && is_removed(char::from(b)) => Some((1, char::from(b))),
            _ => None,
        };
        let Some((len, c)) = found else {
            i += 1;
            continue;
        };
        let (kept_text, removed) = out.get_or_insert_with(|| {
            (
                String::with_capacity(text.len()),
                Removed {
                    first: i..i + len,
                    chars: Vec::new(),
                    colour_codes: false,
                },
            )
        });
        kept_text.push_str(&text[kept..i]);
        if !removed.chars.contains(&c) && removed.chars.len() < 64 {
            removed.chars.push(c);
        }
        removed.colour_codes |= c == '\u{1b}' && len > 1 && bytes[i + len - 1] == b'm';
        i += len;
        kept = i;
    }
    out.map(|(mut kept_text, removed)| {
        kept_text.insert_str(0, &text[..from]);
        kept_text.push_str(&text[kept..]);
        (kept_text, removed)
    })
}

/// Whether `b` may begin what [`strip`] removes: a control (but tab, LF, CR), DEL, the
/// first byte of a C1 control's UTF-8, or `&` (a character reference).
fn may_start(b: u8) -> bool {
    (b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r') | (b == 0x7f) | (b == 0xc2) | (b == b'&')
}

/// The first byte from `i` on that [`may_start`] something, or the end. Every runbook's
/// body goes through here: 32 bytes at a time, without branching on each (the compiler
/// makes it a few vector compares), where a byte at a time cost 5 cycles a byte (~2 % of
/// a 10,000-runbook build's CPU).
fn plain_end(bytes: &[u8], mut i: usize) -> usize {
    const CHUNK: usize = 32;
    while let Some(chunk) = bytes.get(i..i + CHUNK) {
        if chunk.iter().fold(false, |any, &b| any | may_start(b)) {
            break;
        }
        i += CHUNK;
    }
    while bytes.get(i).is_some_and(|&b| !may_start(b)) {
        i += 1;
    }
    i
}

/// The character reference at the start of `bytes` ([`crate::html::numeric_reference`]),
/// when its character is removed.
fn reference(bytes: &[u8]) -> Option<(usize, char)> {
    crate::html::numeric_reference(bytes).filter(|&(_, c)| is_removed(c) && c != '\0')
}

/// The length of a terminal control sequence (`ESC[1;31m`) at the start of `bytes`: its
/// parameters and intermediates, then one final byte (ECMA-48); just `ESC[` when cut short.
fn csi_len(bytes: &[u8]) -> usize {
    let body = bytes[2..]
        .iter()
        .take_while(|b| (0x20..=0x3f).contains(*b))
        .count();
    match bytes.get(2 + body) {
        Some(0x40..=0x7e) => 3 + body,
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_raw_or_referenced_go_and_colour_codes_go_whole() {
        let (text, removed) = strip(
            "a\n\u{1b}[1;31mred\u{1b}[0m &#27;x &#X9b;y\u{85}z\u{7}\tok",
            0,
        )
        .unwrap();
        assert_eq!(text, "a\nred x yz\tok");
        assert_eq!(removed.first, 2..9);
        assert_eq!(removed.chars, ['\u{1b}', '\u{9b}', '\u{85}', '\u{7}']);
        assert!(removed.colour_codes);
        assert!(removed.describe().starts_with("ESC (U+001B), CSI (U+009B)"));
        // Text before `from` (front matter) is kept as it is.
        assert_eq!(strip("\u{7}|\u{7}", 1).unwrap().0, "\u{7}|");
    }

    #[test]
    fn found_wherever_it_falls_in_a_chunk() {
        for at in 0..70 {
            let text = format!("{}\u{7}{}", "a".repeat(at), "b\n".repeat(40));
            let (kept, removed) = strip(&text, 0).unwrap();
            assert_eq!(removed.first, at..at + 1);
            assert_eq!(kept.len(), text.len() - 1);
            let text = format!("{}&#1;", "a".repeat(at));
            assert_eq!(strip(&text, 0).unwrap().1.first, at..at + 4);
        }
    }

    #[test]
    fn honest_text_is_untouched() {
        for text in [
            "tab\tcr\r\nlf",
            "&#38; &amp; &#x41; &# &#; &#xZZ",
            "é € ›",
            "&#0;",
        ] {
            assert_eq!(strip(text, 0), None, "{text:?}");
        }
        // A reference past char's range is no control.
        assert_eq!(strip("&#99999999999999;", 0), None);
    }
}
