//! The typo table: every term filed under the halves of its letters, so the browser
//! finds the terms one letter away from a word that is not in the index.

/// Bytes of terms per file of the typo table.
const TYPO_TARGET: usize = 6 * 1024;

/// The typo table: the terms that [`typo_keys`] gives keys for, each in the bucket of
/// each of its two keys ([`typo_bucket`]), in the order given. As many buckets as make
/// about [`TYPO_TARGET`] bytes of JSON each; none when no term has keys.
pub(super) fn typo_table<'t>(sorted: impl Iterator<Item = &'t str>) -> Vec<Vec<&'t str>> {
    let mut keyed: Vec<(&str, u32, u32)> = Vec::new();
    let mut bytes = 0;
    for term in sorted {
        if let Some((head, tail)) = typo_keys(term) {
            keyed.push((term, fnv1a(head.as_bytes()), fnv1a(tail.as_bytes())));
            // `"term",` in each of two buckets.
            bytes += 2 * (term.len() + 3);
        }
    }
    let count = bytes.div_ceil(TYPO_TARGET);
    let mut buckets: Vec<Vec<&str>> = vec![Vec::new(); count];
    for (term, head, tail) in keyed {
        let (a, b) = (typo_bucket(head, count), typo_bucket(tail, count));
        buckets[a].push(term);
        if b != a {
            buckets[b].push(term);
        }
    }
    buckets
}

/// The two keys under which the typo table holds `term`: its first `(n - 1) / 2` and its
/// last `n / 2` characters, the middle one left out (`etcd`: `e` and `cd`). One letter
/// wrong, added or missing, or two neighbours swapped, leaves one of them as it was, at
/// the start or the end of the word, so the browser finds the term from a misspelling by
/// the keys of the terms one letter longer, as long and one shorter than it. `None` for
/// terms the table leaves out: shorter than 4 characters, without a letter (numbers),
/// or joined names with `_` or `.` (their parts are terms too, and the browser falls
/// back on the parts when the whole is not found).
pub fn typo_keys(term: &str) -> Option<(&str, &str)> {
    let ascii = term.is_ascii();
    let n = if ascii {
        term.len()
    } else {
        term.chars().count()
    };
    if n < 4 || term.contains(['_', '.']) || !term.chars().any(char::is_alphabetic) {
        return None;
    }
    let (head, tail) = ((n - 1) / 2, (n - 1) / 2 + 1);
    let (head_end, tail_start) = if ascii {
        (head, tail)
    } else {
        let at = |c: usize| term.char_indices().nth(c).map_or(term.len(), |(i, _)| i);
        (at(head), at(tail))
    };
    Some((&term[..head_end], &term[tail_start..]))
}

/// 32-bit FNV-1a of `bytes`; the browser hashes the UTF-8 bytes of a key the same way.
pub fn fnv1a(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// The typo file, of `count`, that holds the terms of a key hashed to `hash`.
pub fn typo_bucket(hash: u32, count: usize) -> usize {
    (hash % count as u32) as usize
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::super::Doc;
    use super::*;

    #[test]
    fn fnv1a_matches_fixed_values() {
        // The same values are checked against search.js in tests/browser/test_search.py.
        for (key, hash) in [
            ("", 0x811c_9dc5),
            ("a", 0xe40c_292c),
            ("foobar", 0xbf9c_f968),
            ("cd", 0x5b29_9902),
            ("start", 0x652b_04df),
            ("zü", 0xe2ad_4e22),
            ("日本語", 0x805f_5ce7),
        ] {
            assert_eq!(fnv1a(key.as_bytes()), hash, "{key}");
        }
        assert_eq!(typo_bucket(0x652b_04df, 7), 0x652b_04df % 7);
    }

    #[test]
    fn typo_keys_are_the_halves_without_the_middle() {
        assert_eq!(typo_keys("etcd"), Some(("e", "cd")));
        assert_eq!(typo_keys("restart"), Some(("res", "art")));
        assert_eq!(typo_keys("database"), Some(("dat", "base")));
        assert_eq!(typo_keys("zürich"), Some(("zü", "ich")));
        assert_eq!(typo_keys("x509"), Some(("x", "09")));
        for left_out in ["abc", "k8s", "1234", "2026.07", "fact_orders", "a.b.c.d"] {
            assert_eq!(typo_keys(left_out), None, "{left_out}");
        }
    }

    /// The keys search.js looks up for a query word `q` that is not in the index: those
    /// of the terms one shorter, as long and one longer than `q`, taken from its ends.
    fn query_keys(q: &str) -> Vec<String> {
        let c: Vec<char> = q.chars().collect();
        let n = c.len();
        let mut out = Vec::new();
        for len in [n - 1, n, n + 1] {
            if len < 4 {
                continue;
            }
            let head = (len - 1) / 2;
            let tail = len - 1 - head;
            out.push(c[..head].iter().collect::<String>());
            out.push(c[n - tail..].iter().collect::<String>());
        }
        out
    }

    /// Every word one letter away from `t`: each letter changed, dropped, or swapped with
    /// the next, and a letter added anywhere.
    fn misspellings(t: &str) -> Vec<String> {
        let c: Vec<char> = t.chars().collect();
        let mut out = Vec::new();
        for i in 0..=c.len() {
            for x in ['x', 'é'] {
                let mut w = c.clone();
                w.insert(i, x);
                out.push(w);
                if i < c.len() {
                    let mut w = c.clone();
                    w[i] = x;
                    out.push(w);
                }
            }
            if i < c.len() {
                let mut w = c.clone();
                w.remove(i);
                out.push(w);
            }
            if i + 1 < c.len() {
                let mut w = c.clone();
                w.swap(i, i + 1);
                out.push(w);
            }
        }
        out.into_iter().map(|w| w.into_iter().collect()).collect()
    }

    #[test]
    fn any_one_letter_wrong_finds_a_key_of_the_term() {
        for t in [
            "etcd",
            "restart",
            "database",
            "zürich",
            "kubernetes",
            "x509",
            "nginx",
        ] {
            let (head, tail) = typo_keys(t).unwrap();
            for q in misspellings(t) {
                if q.chars().count() < 4 {
                    continue;
                }
                let keys = query_keys(&q);
                assert!(
                    keys.iter().any(|k| k == head || k == tail),
                    "{q} for {t}: {keys:?} has neither {head} nor {tail}"
                );
            }
        }
    }

    #[test]
    fn typo_files_hold_each_term_under_both_keys() {
        let docs: Vec<Doc> = (0..400)
            .map(|i| {
                doc(
                    &format!("Page{i}"),
                    &[(
                        "",
                        &format!("restart{i} etcd{i} fact_orders{i} {i}0000 gateway"),
                    )],
                )
            })
            .collect();
        let files = build_files(&docs);
        let meta = files.iter().find(|f| f.path == "search/meta.json").unwrap();
        let meta: serde_json::Value = serde_json::from_slice(&meta.bytes).unwrap();
        let count = meta["typo"].as_u64().unwrap() as usize;
        assert!(count >= 2, "{count} typo files");
        let buckets: Vec<Vec<String>> = (0..count)
            .map(|b| {
                let f = files
                    .iter()
                    .find(|f| f.path == format!("search/t/{b}.json"))
                    .unwrap();
                assert!(f.bytes.len() < 2 * TYPO_TARGET, "{} bytes", f.bytes.len());
                serde_json::from_slice(&f.bytes).unwrap()
            })
            .collect();
        let (_, terms) = decode(&files);
        let mut held = 0;
        for t in terms.keys() {
            let Some((head, tail)) = typo_keys(t) else {
                assert!(buckets.iter().all(|b| !b.contains(t)), "{t}");
                continue;
            };
            for key in [head, tail] {
                let b = typo_bucket(fnv1a(key.as_bytes()), count);
                assert!(buckets[b].contains(t), "{t} not in file {b} of key {key}");
            }
            held += 1;
        }
        assert!(held > 800, "{held} terms");
        assert!(buckets.iter().all(|b| b.windows(2).all(|w| w[0] < w[1])));
    }
}
