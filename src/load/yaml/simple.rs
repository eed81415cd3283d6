//! The scan of the front matter most runbooks have, without a YAML parser: lines of
//! `key: "quoted text"`, `key: [a, b]` or `key: plain-word`. yaml-rust2 spends about
//! 45,000 instructions on such three lines (a character at a time through a look-ahead
//! queue); this reads them in a few hundred. Anything else, down to a trailing space, a
//! tab, a comment, a line break inside a value or a key given twice, is left to the
//! parser (`None`), so the two never have to agree on more than this grammar, where a
//! test holds them equal.

use std::ops::Range;

use foldhash::HashMap;

use super::scan::{Entry, Scalar, Scan, MAX_ITEMS};

/// Keys longer than this are left to the parser (its paths cut long keys short).
const MAX_KEY: usize = 64;

/// Front matter with more keys than this is left to the parser: a key given twice is
/// looked for among the earlier ones, which is quadratic in the number of keys (1 MB of
/// `kN: a` lines), and runbooks have a handful.
const MAX_KEYS: usize = 32;

/// The scan of `text` (its spans shifted by `offset`), when every line is one of the
/// grammar's (see the module); `entries` as `scan`'s.
pub(super) fn scan(text: &str, offset: usize, entries: bool) -> Option<Scan> {
    let bytes = text.as_bytes();
    // `*` anywhere (even quoted) makes the parser's scan weigh aliases.
    if !bytes.ends_with(b"\n") || memchr::memchr(b'*', bytes).is_some() {
        return None;
    }
    let mut spans: HashMap<String, Range<usize>> = HashMap::default();
    let mut top: Vec<(String, Entry)> = Vec::new();
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', bytes) {
        let line = &bytes[start..end];
        let at = offset + start;
        let key_len = line
            .iter()
            .position(|&c| !(c.is_ascii_alphanumeric() || c == b'_'))
            .filter(|&n| n > 0 && n <= MAX_KEY && !line[0].is_ascii_digit())?;
        if line.get(key_len..key_len + 2) != Some(b": ") {
            return None;
        }
        // ASCII checked above.
        let key = std::str::from_utf8(&line[..key_len]).ok()?;
        if top.len() >= MAX_KEYS || top.iter().any(|(k, _)| k == key) {
            return None;
        }
        if top.is_empty() {
            // Where the parser marks the document's mapping: its first key's colon.
            spans.insert(String::new(), at + key_len..at + key_len + 1);
        }
        let v = key_len + 2;
        let entry = value(&line[v..], at + v, key, &mut spans)?;
        top.push((key.to_string(), entry));
        start = end + 1;
    }
    Some(Scan {
        spans,
        duplicates: Vec::new(),
        controls: Vec::new(),
        long_list: None,
        tags: Vec::new(),
        entries: entries.then_some(top),
        too_repeated: None,
        too_deep: None,
        second_document: None,
    })
}

/// The value `v` of `key`, starting at `at`: its entry, its spans recorded.
fn value(
    v: &[u8],
    at: usize,
    key: &str,
    spans: &mut HashMap<String, Range<usize>>,
) -> Option<Entry> {
    match v.first()? {
        b'"' => {
            let inner = v.get(1..v.len() - 1).filter(|_| v.len() >= 2)?;
            if v.last() != Some(&b'"') || !inner.iter().all(|&c| quotable(c)) {
                return None;
            }
            spans.insert(key.to_string(), at..at + inner.len() + 2);
            Some(Entry::Scalar(scalar(inner, false)?))
        }
        b'[' => {
            let inner = v.get(1..v.len() - 1).filter(|_| v.last() == Some(&b']'))?;
            spans.insert(key.to_string(), at..at + 1);
            let mut items = Vec::new();
            if !inner.is_empty() {
                let mut item_at = at + 1;
                for item in inner.split(|&c| c == b',') {
                    // Items after the first are written `, item`.
                    let item = match items.len() {
                        0 => item,
                        _ => item.strip_prefix(b" ")?,
                    };
                    item_at += usize::from(!items.is_empty());
                    if !is_word(item) || items.len() + 1 >= MAX_ITEMS {
                        return None;
                    }
                    spans.insert(
                        format!("{key}[{}]", items.len()),
                        item_at..item_at + item.len(),
                    );
                    items.push(scalar(item, true)?);
                    item_at += item.len() + 1;
                }
            }
            Some(Entry::List(items))
        }
        _ if is_word(v) => {
            spans.insert(key.to_string(), at..at + v.len());
            Some(Entry::Scalar(scalar(v, true)?))
        }
        _ => None,
    }
}

fn scalar(bytes: &[u8], plain: bool) -> Option<Scalar> {
    let value = std::str::from_utf8(bytes).ok()?.to_string();
    Some(Scalar { value, plain })
}

/// A byte a double-quoted value may hold here: printable ASCII but the quote and the
/// backslash (escapes).
fn quotable(c: u8) -> bool {
    (b' '..=b'~').contains(&c) && c != b'"' && c != b'\\'
}

/// A plain word: a letter or digit, then letters, digits, `_`, `.` and `-`; YAML reads it
/// as written in a block mapping and in a flow list alike.
fn is_word(w: &[u8]) -> bool {
    w.first().is_some_and(u8::is_ascii_alphanumeric)
        && w.iter()
            .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-'))
}

#[cfg(test)]
mod tests {
    use super::super::scan::{plain_text, scan_events};
    use super::*;

    /// The fast scan, when it answers, is the parser's scan field for field.
    fn same_as_parser(text: &str) -> bool {
        let Some(fast) = scan(text, 7, true) else {
            return false;
        };
        assert!(
            plain_text(text),
            "{text:?}: its entries may stand in for serde_yaml's"
        );
        let slow = scan_events(text, 7, true);
        assert_eq!(fast.spans, slow.spans, "{text:?}");
        assert_eq!(fast.entries, slow.entries, "{text:?}");
        assert_eq!(fast.duplicates, slow.duplicates, "{text:?}");
        assert_eq!(fast.controls, slow.controls, "{text:?}");
        assert_eq!(fast.long_list, slow.long_list, "{text:?}");
        assert_eq!(fast.tags, slow.tags, "{text:?}");
        assert_eq!(fast.too_repeated, slow.too_repeated, "{text:?}");
        assert_eq!(fast.too_deep, slow.too_deep, "{text:?}");
        true
    }

    #[test]
    fn the_usual_front_matter_is_read_without_the_parser() {
        for text in [
            "title: \"Credit usage spike on REPORTING_WH\"\npipelines: [ads-clicks-cdc]\n",
            "title: \"What: to do # now\"\npipelines: [a-b, c, d_1.2]\ndescription: \"\"\n",
            "weight: 7\nlast_reviewed: 2026-01-02\nalerts: []\ntitle: no\n",
            "title: \"  spaced  out  \"\naliases: [x]\n",
        ] {
            assert!(same_as_parser(text), "{text:?} left to the parser");
        }
    }

    #[test]
    fn front_matter_of_many_keys_is_left_to_the_parser() {
        let keys = |n: usize| (0..n).map(|i| format!("k{i}: a\n")).collect::<String>();
        assert!(same_as_parser(&keys(MAX_KEYS)));
        // Past the cap the key-twice check would grow with the square of the keys.
        assert!(scan(&keys(MAX_KEYS + 1), 0, true).is_none());
    }

    #[test]
    fn anything_else_is_left_to_the_parser() {
        for text in [
            "title: \"x\"",
            "title: \"x\" \n",
            "title: x # comment\n",
            "title:  x\n",
            "title: \"a\\\"b\"\n",
            "title: \"é\"\n",
            "title: 'x'\n",
            "title: x\ntitle: y\n",
            "pipelines: [a,b]\n",
            "pipelines: [a, [b]]\n",
            "pipelines: [a, ]\n",
            "pipelines:\n  - a\n",
            "  title: x\n",
            "1key: x\n",
            "title: *x\n",
            "title: \"*\"\n",
            "title: -x\n",
            "title: x\r\n",
            "\n",
            "title: \"x\ny\"\n",
        ] {
            assert!(
                scan(text, 0, true).is_none(),
                "{text:?} read by the fast scan"
            );
        }
    }

    proptest::proptest! {
        /// Lines from the grammar and from near it: whatever the fast scan reads, it
        /// reads as the parser does.
        #[test]
        fn the_fast_scan_reads_as_the_parser(
            lines in proptest::collection::vec((0usize..7, 0usize..26), 1..6)
        ) {
            let keys = ["title", "pipelines", "alerts", "weight", "k_2", "description", "title"];
            let values = [
                "\"x\"", "\"\"", "\"a: b # c\"", "\"  \"", "[a]", "[]", "[a, b-c, 1.5]",
                "[ a]", "[a ,b]", "x", "7", "-3", "2026-01-02", "true", "~", "null", "a.b_c-d",
                "\"q\" ", "x: y", "[a, b]]", "[[a]]", "{a: b}", "'s'", "\"t'\"", "[\"a\"]", ".5",
            ];
            let text: String = lines
                .iter()
                .map(|&(k, v)| format!("{}: {}\n", keys[k], values[v]))
                .collect();
            same_as_parser(&text);
        }
    }
}
