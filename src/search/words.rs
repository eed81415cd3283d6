//! Words as the index stores them, the same in Rust and in the browser (`search.js`).

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;

use super::scan::scan_ascii;

/// Calls `f` with each word of `text` as the index stores it: Unicode words (UAX #29, as
/// the browser's `Intl.Segmenter` finds them), lowercased, and the parts of joined names
/// (`snake_case`, dotted, `CamelCase`, letters and digits) before the whole
/// (`fact_orders` also gives `fact` and `orders`; `KubeletPlegDurationHigh` gives
/// `kubelet`, `pleg`, `duration` and `high`), so a name is found by any of its parts.
///
/// Two words of letters joined by one hyphen (`post-mortem`, `on-call`) are also stored
/// joined, after the second ([`hyphen_pair`]), so that `postmortem` finds `post-mortem`
/// and `post-mortem` finds `postmortem` (`search.js` looks the joined form up). A word
/// holding an apostrophe, straight or curly (`Let’s`, `don't`), is also stored without
/// it, after the whole ([`unquoted`]): `lets encrypt` finds `Let’s Encrypt`, and a query
/// word with an apostrophe is looked up without it, whichever one the page typed.
pub fn for_each_word<'a>(text: &'a str, mut f: impl FnMut(Cow<'a, str>)) {
    for (stretch, ascii) in stretches(text) {
        if ascii {
            let bytes = stretch.as_bytes();
            let mut prev = 0..0;
            scan_ascii(bytes, |start, end, _, _| {
                let (a, b) = (std::mem::replace(&mut prev, start..end), start..end);
                emit(&stretch[start..end], &mut |w, _| f(w));
                if hyphen_pair(bytes, &a, &b) {
                    let joined = [&stretch[a], &stretch[b]].concat();
                    f(Cow::Owned(joined.to_ascii_lowercase()));
                }
            });
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

/// Whether the words `text[a]` and `text[b]`, found one after the other in ASCII `text`,
/// are a pair joined by one hyphen whose joined form is a term too: letters only (not
/// dates, versions or host names), and not in a longer chain (`kube-state-metrics` has no
/// joined forms: nobody types `kubestatemetrics`, and every pair of a chain would grow the
/// index for nothing); the two together at most 80 bytes, as any word.
#[inline]
pub(super) fn hyphen_pair(
    text: &[u8],
    a: &std::ops::Range<usize>,
    b: &std::ops::Range<usize>,
) -> bool {
    let word_byte = |i: usize| {
        text.get(i)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
    };
    !a.is_empty()
        && a.end + 1 == b.start
        && text[a.end] == b'-'
        && b.end - a.start <= 81
        && text[a.clone()].iter().all(u8::is_ascii_alphabetic)
        && text[b.clone()].iter().all(u8::is_ascii_alphabetic)
        && !(a.start >= 2 && text[a.start - 1] == b'-' && word_byte(a.start - 2))
        && !(text.get(b.end) == Some(&b'-') && word_byte(b.end + 1))
}

/// The words of a stretch of text that is not all ASCII, by UAX #29, as [`emit`] gives
/// them.
pub(super) fn unicode_stretch_words<'a>(text: &'a str, f: &mut impl FnMut(Cow<'a, str>, bool)) {
    for w in text.unicode_words() {
        emit(w, f);
    }
}

/// Gives a word to `f` as the index stores it, lowercase, with `false`, after its parts
/// ([`name_parts`]) and before its form without apostrophes ([`unquoted`]), both with
/// `true`; words over 80 bytes are left out.
fn emit<'a>(word: &'a str, f: &mut impl FnMut(Cow<'a, str>, bool)) {
    if word.len() > 80 {
        return;
    }
    if is_joined(word) {
        name_parts(word, |part| f(lowercase(&word[part]), true));
    }
    f(lowercase(word), false);
    if word.contains(['\'', '\u{2019}']) {
        f(Cow::Owned(unquoted(word)), true);
    }
}

/// `word` lowercase without its apostrophes, `'` and `’` (U+2019, which word processors
/// and many Markdown editors type): both join two letters or two digits into one word
/// (UAX #29), which a reader types with either or neither (`lets`, `let's`, `let’s`).
pub(super) fn unquoted(word: &str) -> String {
    let bare: String = word
        .chars()
        .filter(|c| !matches!(c, '\'' | '\u{2019}'))
        .collect();
    lowercase(&bare).into_owned()
}

/// `word` in lower case, borrowed when it is already.
fn lowercase(word: &str) -> Cow<'_, str> {
    if word.is_ascii() {
        if word.bytes().any(|c| c.is_ascii_uppercase()) {
            Cow::Owned(word.to_ascii_lowercase())
        } else {
            Cow::Borrowed(word)
        }
    } else if word.chars().any(char::is_uppercase) {
        Cow::Owned(word.to_lowercase())
    } else {
        Cow::Borrowed(word)
    }
}

/// What a character is to [`name_parts`]; `search.js` classes characters the same way.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Digit,
    Upper,
    Lower,
    /// A letter without case.
    Letter,
    Other,
}

#[inline]
fn class(c: char) -> Class {
    match c {
        '0'..='9' => Class::Digit,
        'A'..='Z' => Class::Upper,
        'a'..='z' => Class::Lower,
        _ if c.is_ascii() => Class::Other,
        _ if c.is_numeric() => Class::Digit,
        _ if c.is_uppercase() => Class::Upper,
        _ if c.is_lowercase() => Class::Lower,
        _ if c.is_alphabetic() => Class::Letter,
        _ => Class::Other,
    }
}

/// Whether a name splits between characters of classes `a` and `b`, `c` coming next:
/// lower case then a capital (`kubelet|Pleg`), the last capital of a run before lower
/// case (`HTTP|Server`), letters and digits (`x|509`, `etcd|3`).
#[inline]
fn splits(a: Class, b: Class, c: Class) -> bool {
    use Class::*;
    match (a, b) {
        (Lower, Upper) => true,
        (Upper, Upper) => c == Lower,
        (Digit, Upper | Lower | Letter) | (Upper | Lower | Letter, Digit) => true,
        _ => false,
    }
}

/// Whether `word` is a joined name, whose parts ([`name_parts`]) are terms too.
pub(super) fn is_joined(word: &str) -> bool {
    if word.contains(['_', '.']) {
        return true;
    }
    let mut parts = 0;
    name_parts(word, |_| parts += 1);
    parts > 1
}

/// Where the parts of a name without case or letter–digit changes are in `word` (what
/// [`name_parts`] gives for it, faster): the stretches between `_` and `.`, empty ones
/// left out.
#[inline]
pub(super) fn separated_parts(word: &[u8]) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    word.split(|&b| b == b'_' || b == b'.')
        .filter(|part| !part.is_empty())
        .map(move |part| {
            let start = part.as_ptr() as usize - word.as_ptr() as usize;
            start..start + part.len()
        })
}

/// Calls `f` with where each part of the name `word` is: the stretches between `_` and
/// `.`, cut again where [`splits`] says (`KubeletPlegDurationHigh`: `Kubelet`, `Pleg`,
/// `Duration`, `High`; `x509`: `x`, `509`); empty parts are left out.
#[inline]
pub(super) fn name_parts(word: &str, mut f: impl FnMut(std::ops::Range<usize>)) {
    let mut start = 0;
    let mut prev = Class::Other;
    if word.is_ascii() {
        let b = word.as_bytes();
        for (i, &c) in b.iter().enumerate() {
            if c == b'_' || c == b'.' {
                if start < i {
                    f(start..i);
                }
                (start, prev) = (i + 1, Class::Other);
                continue;
            }
            let cur = class(char::from(c));
            let next = b.get(i + 1).map_or(Class::Other, |&n| class(char::from(n)));
            if start < i && splits(prev, cur, next) {
                f(start..i);
                start = i;
            }
            prev = cur;
        }
    } else {
        let mut chars = word.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c == '_' || c == '.' {
                if start < i {
                    f(start..i);
                }
                (start, prev) = (i + 1, Class::Other);
                continue;
            }
            let cur = class(c);
            let next = chars.peek().map_or(Class::Other, |&(_, n)| class(n));
            if start < i && splits(prev, cur, next) {
                f(start..i);
                start = i;
            }
            prev = cur;
        }
    }
    if start < word.len() {
        f(start..word.len());
    }
}

/// UAX #29 word boundaries for ASCII text, without the general machinery: letters,
/// digits and `_` make words; `.` and `'` join two letters or two digits, `:` joins two
/// letters, and `,` and `;` join two digits. (The index scans with [`scan_ascii`]
/// itself, to see where each word is.)
#[cfg(test)]
fn ascii_words<'a>(text: &'a str, mut f: impl FnMut(&'a str)) {
    scan_ascii(text.as_bytes(), |start, end, _, _| f(&text[start..end]));
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

    /// The parts of a name the slow way, one character at a time.
    pub(crate) fn parts_slowly(w: &str) -> Vec<String> {
        let kind = |c: char| match c {
            _ if c.is_numeric() => 'd',
            _ if c.is_uppercase() => 'u',
            _ if c.is_lowercase() => 'l',
            _ if c.is_alphabetic() => 'a',
            _ => 'o',
        };
        let mut out = Vec::new();
        for piece in w.split(['_', '.']) {
            let c: Vec<char> = piece.chars().collect();
            let mut cur = String::new();
            for i in 0..c.len() {
                if i > 0 {
                    let (a, b) = (kind(c[i - 1]), kind(c[i]));
                    let n = c.get(i + 1).map_or('o', |&x| kind(x));
                    let letter_digit =
                        (a == 'd') != (b == 'd') && "ulad".contains(a) && "ulad".contains(b);
                    if (a == 'l' && b == 'u') || (a == 'u' && b == 'u' && n == 'l') || letter_digit
                    {
                        out.push(std::mem::take(&mut cur));
                    }
                }
                cur.push(c[i]);
            }
            if !cur.is_empty() {
                out.push(cur);
            }
        }
        out
    }

    /// [`words`] the slow way: UAX #29 over the whole text, and hyphenated pairs of
    /// letters joined where the text between white space is ASCII.
    fn words_by_uax29(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let chunks = text.split(|c: char| c.is_ascii_whitespace());
        for chunk in chunks {
            let found: Vec<(usize, &str)> = chunk.unicode_word_indices().collect();
            for (k, &(at, w)) in found.iter().enumerate() {
                if w.len() > 80 {
                    continue;
                }
                let parts = parts_slowly(w);
                if w.contains(['_', '.']) || parts.len() > 1 {
                    out.extend(parts.iter().map(|p| p.to_lowercase()));
                }
                out.push(w.to_lowercase());
                if w.contains(['\'', '\u{2019}']) {
                    out.push(w.replace(['\'', '\u{2019}'], "").to_lowercase());
                }
                let Some(&(pat, pw)) = k.checked_sub(1).map(|p| &found[p]) else {
                    continue;
                };
                let letters = |x: &str| x.chars().all(|c| c.is_ascii_alphabetic());
                let word_char =
                    |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
                let chain_before = chunk[..pat]
                    .strip_suffix('-')
                    .is_some_and(|r| word_char(r.chars().last()));
                let chain_after = chunk[at + w.len()..]
                    .strip_prefix('-')
                    .is_some_and(|r| word_char(r.chars().next()));
                if chunk.is_ascii()
                    && &chunk[pat + pw.len()..at] == "-"
                    && letters(pw)
                    && letters(w)
                    && pw.len() + w.len() <= 80
                    && !chain_before
                    && !chain_after
                {
                    out.push(format!("{pw}{w}").to_lowercase());
                }
            }
        }
        out
    }

    #[test]
    fn hyphenated_pairs_of_letters_are_joined_too() {
        for (text, expected) in [
            ("post-mortem", "post mortem postmortem"),
            ("On-Call now", "on call oncall now"),
            ("--dry-run e-mail.", "dry run dryrun e mail email"),
            ("kube-state-metrics", "kube state metrics"),
            (
                "x-509 2024-01-02 ip-10-0-0-1",
                "x 509 2024 01 02 ip 10 0 0 1",
            ),
            (
                "fail--over a-b_c fact_orders-table",
                "fail over a b c b_c fact orders fact_orders table",
            ),
            ("KubeApi-Server", "kube api kubeapi server kubeapiserver"),
        ] {
            assert_eq!(words(text).join(" "), expected, "{text}");
        }
    }

    #[test]
    fn words_with_apostrophes_are_stored_without_them_too() {
        for (text, expected) in [
            ("Let’s Encrypt", "let’s lets encrypt"),
            ("Let's don't 1'000", "let's lets don't dont 1'000 1000"),
            (
                "it’s_fine O'Brien",
                "it’s fine it’s_fine its_fine o'brien obrien",
            ),
            ("rock'n'roll 'quoted'", "rock'n'roll rocknroll quoted"),
        ] {
            assert_eq!(words(text).join(" "), expected, "{text}");
        }
    }

    #[test]
    fn names_split_into_parts_and_whole() {
        for (text, expected) in [
            (
                "KubeletPlegDurationHigh",
                "kubelet pleg duration high kubeletplegdurationhigh",
            ),
            ("CPUThrottlingHigh", "cpu throttling high cputhrottlinghigh"),
            ("etcdMembersDown", "etcd members down etcdmembersdown"),
            ("x509", "x 509 x509"),
            ("kube_pod_Status", "kube pod status kube_pod_status"),
            ("v1.2", "v 1 2 v1.2"),
            ("Restart", "restart"),
            ("ZürichStadt", "zürich stadt zürichstadt"),
        ] {
            assert_eq!(words(text).join(" "), expected, "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn mixed_text_is_cut_into_words_as_uax29_cuts_it(
            text in "([a-zA-Z0-9_.':,; \n\t-]|[·éÉ日本\u{301}\u{200d}—ß’]){0,120}"
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
