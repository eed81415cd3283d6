//! Break opportunities (`<wbr>`) inside long joined names of titles: alert runbooks are
//! named `KubeletServerCertificateExpiration`, one word to the browser, which on a phone
//! broke it wherever the line ended ("KubeletServerCertificat / eExpiration"). A `<wbr>`
//! where a new capitalised word starts lets it break between the words instead; the
//! title's text, its search entry and what is copied are unchanged.

/// Words shorter than this fit a phone's line in a heading: no break is offered in them.
const LONG_WORD: usize = 16;

/// `html` (escaped text with inline tags and entities, such as a title heading's HTML)
/// with `<wbr>` before each capital that starts a word inside a long joined word of its
/// text: between a lower-case letter and a capital (`Server|Certificate`), and before the
/// last capital of a run followed by a lower-case letter (`API|Down`); and after each `_`
/// or `.` followed by a letter or digit (`orders_|backfill`). Tags and entities are copied
/// as they are.
pub fn breakable(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 16);
    let mut rest = html;
    while !rest.is_empty() {
        // Text up to the next tag or entity, then the tag or entity itself.
        let cut = memchr::memchr2(b'<', b'&', rest.as_bytes()).unwrap_or(rest.len());
        text(&mut out, &rest[..cut]);
        rest = &rest[cut..];
        let Some(first) = rest.chars().next() else {
            break;
        };
        let end = if first == '<' {
            rest.find('>').map_or(rest.len(), |i| i + 1)
        } else {
            rest.find(';')
                .filter(|&i| {
                    rest[1..i]
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '#')
                })
                .map_or(1, |i| i + 1)
        };
        out.push_str(&rest[..end]);
        rest = &rest[end..];
    }
    out
}

/// Plain `text` (a title) escaped, with the break opportunities of [`breakable`].
pub fn breakable_text(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    super::escape_into(&mut escaped, text, true);
    breakable(&escaped)
}

/// Plain text (no `<` or `&`), its long words given their break opportunities.
fn text(out: &mut String, text: &str) {
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if word.is_ascii() {
            ascii_word(out, word);
        } else {
            char_word(out, word);
        }
    }
}

/// A word's break opportunities, character by character: for words with letters beyond
/// ASCII (and, in the tests, the rules [`ascii_word`] must match).
fn char_word(out: &mut String, word: &str) {
    if word.chars().count() < LONG_WORD {
        out.push_str(word);
        return;
    }
    let chars: Vec<char> = word.chars().collect();
    for (j, &c) in chars.iter().enumerate() {
        if j > 0 && c.is_uppercase() {
            let before = chars[j - 1];
            let after = chars.get(j + 1).copied();
            let camel = before.is_lowercase();
            let run_end = before.is_uppercase() && after.is_some_and(char::is_lowercase);
            if camel || run_end {
                out.push_str("<wbr>");
            }
        }
        out.push(c);
        // A table's or a topic's name (`fact_fulfillment_orders_backfill`,
        // `orders.dedup.v4`) breaks after its separators, not wherever the line ends.
        if matches!(c, '_' | '.') && chars.get(j + 1).is_some_and(|n| n.is_alphanumeric()) {
            out.push_str("<wbr>");
        }
    }
}

/// [`text`]'s rules for a word of ASCII alone (nearly every title's words), on its bytes
/// and copied in runs: a `Vec<char>` of each long word and a push per character were
/// 3,300 instructions a tree link at 10,000 runbooks.
fn ascii_word(out: &mut String, word: &str) {
    let b = word.as_bytes();
    if b.len() < LONG_WORD {
        out.push_str(word);
        return;
    }
    let mut from = 0;
    for j in 1..b.len() {
        let (before, c) = (b[j - 1], b[j]);
        // A separator is neither case, so at most one of the two holds at a boundary.
        let capital = c.is_ascii_uppercase()
            && (before.is_ascii_lowercase()
                || (before.is_ascii_uppercase()
                    && b.get(j + 1).is_some_and(u8::is_ascii_lowercase)));
        let separator = matches!(before, b'_' | b'.') && c.is_ascii_alphanumeric();
        if capital || separator {
            out.push_str(&word[from..j]);
            out.push_str("<wbr>");
            from = j;
        }
    }
    out.push_str(&word[from..]);
}

#[cfg(test)]
mod tests {
    use super::breakable;

    /// The rules on characters, applied to every word: what the ASCII path must match.
    fn by_chars(text: &str) -> String {
        let mut out = String::new();
        for (i, word) in text.split(' ').enumerate() {
            if i > 0 {
                out.push(' ');
            }
            super::char_word(&mut out, word);
        }
        out
    }

    #[test]
    fn ascii_words_break_as_the_character_rules_say() {
        // Every word of up to 17 bytes over an alphabet of the cases that matter, made
        // from a counter (deterministic), plus the examples' kind of names.
        let alphabet = b"aZ_.9-";
        let mut words: Vec<String> = (0..40_000u64)
            .map(|n| {
                let len = 14 + (n % 5) as usize;
                let mut x = n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
                (0..len)
                    .map(|_| {
                        x = x.rotate_left(7) ^ (x >> 3);
                        alphabet[(x % alphabet.len() as u64) as usize] as char
                    })
                    .collect()
            })
            .collect();
        words.extend(
            [
                "KubeletServerCertificateExpiration",
                "XMLHttpRequestTimeoutsEverywhere",
                "fact_fulfillment_orders_backfill.",
                "ABCDEFGHIJKLMNOPq",
                "aBCDEFGHIJKLMNOPQ",
            ]
            .map(String::from),
        );
        for w in &words {
            let mut out = String::new();
            super::text(&mut out, w);
            assert_eq!(out, by_chars(w), "{w}");
        }
    }

    #[test]
    fn long_joined_names_break_between_their_words() {
        assert_eq!(
            breakable("KubeletServerCertificateExpiration"),
            "Kubelet<wbr>Server<wbr>Certificate<wbr>Expiration"
        );
        assert_eq!(
            breakable("KubeAPIErrorBudgetBurn"),
            "Kube<wbr>API<wbr>Error<wbr>Budget<wbr>Burn"
        );
        assert_eq!(
            breakable("etcdBackendQuotaLowSpace fired"),
            "etcd<wbr>Backend<wbr>Quota<wbr>Low<wbr>Space fired"
        );
        assert_eq!(
            breakable("Row count drop in fact_fulfillment_orders_backfill (merge__orders.v4)"),
            "Row count drop in fact_<wbr>fulfillment_<wbr>orders_<wbr>backfill (merge__<wbr>orders.<wbr>v4)"
        );
        // Short words, words of one case without separators, and a separator at a
        // word's end are left alone.
        assert_eq!(
            breakable("fulfillment_orders_backfill_."),
            "fulfillment_<wbr>orders_<wbr>backfill_."
        );
        for same in [
            "KubeAPIDown",
            "Disk full on the warehouse",
            "kubeletservercertificateexpiration",
            "short_name.v2",
            "",
        ] {
            assert_eq!(breakable(same), same);
        }
    }

    #[test]
    fn tags_and_entities_are_copied_as_they_are() {
        assert_eq!(
            breakable("<code class=\"AnAttributeValueLongEnough\">PrometheusRuleFailures</code> &amp;AmpersandNamedThing"),
            "<code class=\"AnAttributeValueLongEnough\">Prometheus<wbr>Rule<wbr>Failures</code> &amp;Ampersand<wbr>Named<wbr>Thing"
        );
        assert_eq!(breakable("a &lt; b"), "a &lt; b");
        // A lone `&` or `<` (never in escaped HTML) is copied, not lost.
        assert_eq!(breakable("x & y <"), "x & y <");
    }
}
