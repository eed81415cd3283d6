//! An imported calendar's text made readable as RFC 5545 asks before it is parsed (names
//! in any case, characters a fold splits), and where the parser's errors are.

use std::ops::Range;

/// `text` with each content line's name (up to its first `;` or `:`), and the component
/// a `BEGIN` or `END` names, in capitals: RFC 5545 (section 2.1) makes them
/// case-insensitive, where the parser and pipebook compare them as written
/// (`begin:vcalendar` was "missing header", `Dtstart` no DTSTART). An ASCII capital takes
/// the byte it replaces, so every line and column stays; values are left as written.
pub(super) fn upper_names(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        if line.starts_with([' ', '\t']) {
            out.push_str(line);
            continue;
        }
        let end = line.find([';', ':']).unwrap_or(line.len());
        let (name, rest) = line.split_at(end);
        out.push_str(&name.to_ascii_uppercase());
        let component = ["BEGIN", "END"]
            .iter()
            .any(|n| name.eq_ignore_ascii_case(n));
        match rest.strip_prefix(':').filter(|_| component) {
            Some(value) => {
                out.push(':');
                out.push_str(&value.to_ascii_uppercase());
            }
            None => out.push_str(rest),
        }
    }
    out
}

/// `bytes` with each character that a fold splits (RFC 5545 section 3.1: "implementations
/// need to unfold lines in such a way to properly restore the original sequence") made
/// whole before the line break, so that the file decodes as UTF-8 and each line keeps its
/// number: `D\xC3 CRLF SPACE \xADa` becomes `D\xC3\xAD CRLF SPACE a`, which unfolds alike.
pub(super) fn rejoin_split_characters(bytes: Vec<u8>) -> Vec<u8> {
    if std::str::from_utf8(&bytes).is_ok() {
        return bytes;
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let fold = match &bytes[i..] {
            [b'\r', b'\n', b' ' | b'\t', ..] => 3,
            [b'\n', b' ' | b'\t', ..] => 2,
            _ => 0,
        };
        let missing = if fold > 0 {
            missing_continuations(&out)
        } else {
            0
        };
        let after = i + fold;
        let moved = (bytes[after..].iter().take(missing))
            .take_while(|&&b| b & 0xC0 == 0x80)
            .count();
        if moved == 0 {
            out.push(bytes[i]);
            i += 1;
            continue;
        }
        out.extend_from_slice(&bytes[after..after + moved]);
        out.extend_from_slice(&bytes[i..after]);
        i = after + moved;
    }
    out
}

/// How many continuation bytes the UTF-8 character that `out` ends in lacks (0 when it
/// ends in a whole one).
fn missing_continuations(out: &[u8]) -> usize {
    let tail = &out[out.len().saturating_sub(4)..];
    let Some(lead) = tail.iter().rposition(|&b| b & 0xC0 != 0x80) else {
        return 0;
    };
    let needs: usize = match tail[lead] {
        0xF0.. => 3,
        0xE0.. => 2,
        0xC0.. => 1,
        _ => 0,
    };
    needs.saturating_sub(tail.len() - lead - 1)
}

/// What the parser's error `e` says, and the line of `text` it is at: the line a property
/// error names (the parser counts lines from 1, a folded property by its first), the
/// first line for a file that does not begin as a calendar, the last for one cut short.
/// The place was the first event's line whatever the error (a bad line 13 was told at
/// line 4, where nothing is wrong).
pub(super) fn parser_error(
    e: &ical::parser::ParserError,
    text: &str,
) -> (String, Option<Range<usize>>) {
    use ical::parser::ParserError as P;
    use ical::property::PropertyError as E;
    let line = |start: usize| start..text[start..].find('\n').map_or(text.len(), |i| start + i);
    match e {
        P::PropertyError(
            E::MissingName { line: n }
            | E::MissingClosingQuote { line: n }
            | E::MissingDelimiter { line: n, .. }
            | E::MissingContentAfter { line: n, .. }
            | E::MissingParamKey { line: n },
        ) => {
            let start = match n {
                0 | 1 => Some(0),
                _ => memchr::memchr_iter(b'\n', text.as_bytes())
                    .nth(n - 2)
                    .map(|i| i + 1),
            };
            (e.to_string(), start.map(line))
        }
        P::MissingHeader => {
            let first = text.len() - text.trim_start().len();
            (
                "it does not begin with `BEGIN:VCALENDAR`".into(),
                Some(line(first)),
            )
        }
        P::NotComplete => {
            let body = text.trim_end();
            let last = body.rfind('\n').map_or(0, |i| i + 1);
            (
                "it ends before the `END:` of what it began (cut short?)".into(),
                Some(last..body.len()),
            )
        }
        _ => (e.to_string(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_a_fold_splits_are_made_whole_before_it() {
        let rejoin = |b: &[u8]| rejoin_split_characters(b.to_vec());
        // 2, 3 and 4 bytes, split after 1, 2 and 3; CRLF or LF, then a space or a tab.
        assert_eq!(rejoin(b"D\xC3\r\n \xADa"), b"D\xC3\xAD\r\n a");
        assert_eq!(rejoin(b"\xE6\x97\n\t\xA5!"), b"\xE6\x97\xA5\n\t!");
        assert_eq!(rejoin(b"\xF0\x9F\x9A\r\n \x80"), b"\xF0\x9F\x9A\x80\r\n ");
        // Folds between whole characters, and bytes that are not UTF-8 without a fold,
        // stay as they are (decoding then reports the latter at their line).
        for b in [
            &b"\xC3\xAD\r\n \xC3\xAD\xFF"[..],
            b"D\xC3a\r\n \xAD",
            b"\xC3\r\nX\xAD",
        ] {
            assert_eq!(rejoin(b), b);
        }
        let text = String::from_utf8(rejoin(b"SUMMARY:D\xC3\r\n \xADa")).unwrap();
        assert_eq!(text.replace("\r\n ", ""), "SUMMARY:Día");
    }

    #[test]
    fn names_are_capitals_and_values_as_written() {
        let text = "begin:vevent\r\nDtstart;tzid=Europe/Berlin:20261216T090000\r\nsummary:Día: off\r\n  day\r\nEnd:vEvent";
        let upper = upper_names(text);
        assert_eq!(upper, "BEGIN:VEVENT\r\nDTSTART;tzid=Europe/Berlin:20261216T090000\r\nSUMMARY:Día: off\r\n  day\r\nEND:VEVENT");
        assert_eq!(upper.len(), text.len());
    }
}
