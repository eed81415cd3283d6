//! Words as the index stores them, the same in Rust and in the browser (`search.js`).

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;

use super::scan::scan_ascii;

/// Calls `f` with each word of `text` as the index stores it: Unicode words (UAX #29, as
/// the browser's `Intl.Segmenter` finds them), lowercased, and the parts of `snake_case`
/// and dotted names as well as the whole (`fact_orders` also gives `fact` and `orders`),
/// so a table name is found by any of its parts.
pub fn for_each_word<'a>(text: &'a str, mut f: impl FnMut(Cow<'a, str>)) {
    for (stretch, ascii) in stretches(text) {
        if ascii {
            ascii_words(stretch, |w| emit(Cow::Borrowed(w), &mut |w, _| f(w)));
        } else {
            unicode_stretch_words(stretch, &mut |w, _| f(w));
        }
    }
}

/// `text` cut at white space into stretches of ASCII and stretches that are not,
/// flagged `true` for ASCII. No word spans white space (UAX #29), so the ASCII stretches
/// can take [`scan_ascii`] and only the rest needs the general segmenter: a page with one
/// `·` in a long section no longer has the whole section segmented the slow way.
pub(super) fn stretches(text: &str) -> impl Iterator<Item = (&str, bool)> {
    let mut rest = text;
    let mut pending: Option<&str> = None;
    std::iter::from_fn(move || {
        if let Some(p) = pending.take() {
            return Some((p, false));
        }
        if rest.is_empty() {
            return None;
        }
        let bytes = rest.as_bytes();
        let Some(first) = bytes.iter().position(|b| !b.is_ascii()) else {
            return Some((std::mem::take(&mut rest), true));
        };
        let start = bytes[..first]
            .iter()
            .rposition(|b| b.is_ascii_whitespace())
            .map_or(0, |i| i + 1);
        let end = bytes[first..]
            .iter()
            .position(|b| b.is_ascii_whitespace())
            .map_or(bytes.len(), |i| first + i);
        let (ascii, other) = (&rest[..start], &rest[start..end]);
        rest = &rest[end..];
        if ascii.is_empty() {
            Some((other, false))
        } else {
            pending = Some(other);
            Some((ascii, true))
        }
    })
}

/// The words of a stretch of text that is not all ASCII, by UAX #29, lowercased, as
/// [`emit`] gives them.
pub(super) fn unicode_stretch_words<'a>(text: &'a str, f: &mut impl FnMut(Cow<'a, str>, bool)) {
    for w in text.unicode_words() {
        let word = if w.chars().any(char::is_uppercase) {
            Cow::Owned(w.to_lowercase())
        } else {
            Cow::Borrowed(w)
        };
        emit(word, f);
    }
}

/// Gives a word to `f` as the index stores it, lowercase, with `false`, after its parts
/// (of a `snake_case` or dotted name) with `true`; words over 80 bytes are left out.
fn emit<'a>(word: Cow<'a, str>, f: &mut impl FnMut(Cow<'a, str>, bool)) {
    if word.len() > 80 {
        return;
    }
    let word = match word {
        Cow::Borrowed(b) if b.bytes().any(|c| c.is_ascii_uppercase()) => {
            Cow::Owned(b.to_ascii_lowercase())
        }
        w => w,
    };
    if word.contains(['_', '.']) {
        for part in name_parts(word.as_bytes()) {
            f(
                match &word {
                    Cow::Borrowed(b) => Cow::Borrowed(&b[part]),
                    Cow::Owned(o) => Cow::Owned(o[part].to_string()),
                },
                true,
            );
        }
    }
    f(word, false);
}

/// Where the parts of a `snake_case` or dotted name are in `word`: the stretches between
/// `_` and `.`, empty ones left out.
#[inline]
pub(super) fn name_parts(word: &[u8]) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    word.split(|&b| b == b'_' || b == b'.')
        .filter(|part| !part.is_empty())
        .map(move |part| {
            let start = part.as_ptr() as usize - word.as_ptr() as usize;
            start..start + part.len()
        })
}

/// UAX #29 word boundaries for ASCII text, without the general machinery: letters,
/// digits and `_` make words; `.` and `'` join two letters or two digits, `:` joins two
/// letters, and `,` and `;` join two digits.
fn ascii_words<'a>(text: &'a str, mut f: impl FnMut(&'a str)) {
    scan_ascii(text.as_bytes(), |start, end, _| f(&text[start..end]));
}

/// The words of `text` as the index stores them (see [`for_each_word`]).
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_word(text, |w| out.push(w.into_owned()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_names_and_fold_case() {
        let w = words("Restart fact_orders.daily in Zürich, DAU/MAU");
        assert_eq!(
            w,
            [
                "restart",
                "fact",
                "orders",
                "daily",
                "fact_orders.daily",
                "in",
                "zürich",
                "dau",
                "mau"
            ]
        );
    }

    /// [`words`] the slow way: UAX #29 over the whole text.
    fn words_by_uax29(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for w in text.unicode_words() {
            let w = w.to_lowercase();
            if w.len() > 80 {
                continue;
            }
            if w.contains(['_', '.']) {
                out.extend(
                    w.split(['_', '.'])
                        .filter(|p| !p.is_empty())
                        .map(String::from),
                );
            }
            out.push(w);
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn mixed_text_is_cut_into_words_as_uax29_cuts_it(
            text in "([a-zA-Z0-9_.':,; \n\t-]|[·éÉ日本\u{301}\u{200d}—ß]){0,120}"
        ) {
            proptest::prop_assert_eq!(words(&text), words_by_uax29(&text));
            let mut joined = String::new();
            for (stretch, ascii) in stretches(&text) {
                proptest::prop_assert_eq!(ascii, stretch.is_ascii());
                joined.push_str(stretch);
            }
            proptest::prop_assert_eq!(joined, text);
        }
    }

    #[test]
    fn ascii_fast_path_agrees_with_uax29() {
        let samples = [
            "Restart fact_orders.daily, then check e.g. DAU/MAU; don't wait: 1,000.5 rows at 09:30",
            "etcd_disk_wal_fsync_duration_seconds_bucket{job=\"etcd\"}[5m] -- kubectl -n $NS logs",
            "a:b a: :b 3,4 a,b x.y. .z 'q' it's __init__ v1.2.3 a.1 1.a a'1",
        ];
        for text in samples {
            let mut fast = Vec::new();
            ascii_words(text, |w| fast.push(w));
            let slow: Vec<&str> = text.unicode_words().collect();
            assert_eq!(fast, slow, "{text}");
        }
    }
}
