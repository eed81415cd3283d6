//! The search tokenizer's fast path for ASCII text splits words exactly as UAX #29 does
//! (the browser's `Intl.Segmenter` follows UAX #29 too), and joined names into their
//! parts as a slow reference does, checked on real runbooks; and it gives the words of
//! `tests/search/words.json`, which the browser's tokenizer is checked against too.

mod common;

use common::*;
use unicode_segmentation::UnicodeSegmentation;

#[test]
fn fast_path_matches_uax29_on_the_corpus() {
    let mut files = 0;
    for root in [shared().join("corpora"), repo().join("content")] {
        for entry in walkdir::WalkDir::new(root) {
            let entry = entry.unwrap();
            if !entry
                .path()
                .extension()
                .is_some_and(|e| e == "md" || e == "yaml")
            {
                continue;
            }
            let text = read(entry.path());
            for line in text.lines().filter(|l| l.is_ascii()) {
                let found: Vec<(usize, &str)> = line.unicode_word_indices().collect();
                let expected: Vec<String> = (0..found.len())
                    .filter(|&k| found[k].1.len() <= 80)
                    .flat_map(|k| {
                        let w = found[k].1;
                        let mut v: Vec<String> = Vec::new();
                        let parts = parts_slowly(w);
                        if w.contains(['_', '.']) || parts.len() > 1 {
                            v.extend(parts.iter().map(|p| p.to_lowercase()));
                        }
                        v.push(w.to_lowercase());
                        if w.contains('\'') {
                            v.push(w.replace('\'', "").to_lowercase());
                        }
                        v.extend(hyphen_joined(line, &found, k));
                        v
                    })
                    .collect();
                assert_eq!(
                    pipebook::search::words(line),
                    expected,
                    "{}: {line}",
                    entry.path().display()
                );
            }
            files += 1;
        }
    }
    assert!(files > 100, "{files} files");
}

/// The joined form of found word `k` of ASCII `line` and the one before it, where they
/// are letters joined by one hyphen and in no longer chain of hyphenated words.
fn hyphen_joined(line: &str, found: &[(usize, &str)], k: usize) -> Option<String> {
    let (at, w) = found[k];
    let (pat, pw) = *found.get(k.checked_sub(1)?)?;
    let letters = |x: &str| x.bytes().all(|c| c.is_ascii_alphabetic());
    let word = |c: Option<u8>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_');
    let b = line.as_bytes();
    let chain_before = pat >= 1 && b[pat - 1] == b'-' && word(pat.checked_sub(2).map(|i| b[i]));
    let end = at + w.len();
    let chain_after = b.get(end) == Some(&b'-') && word(b.get(end + 1).copied());
    (&line[pat + pw.len()..at] == "-"
        && letters(pw)
        && letters(w)
        && pw.len() + w.len() <= 80
        && !chain_before
        && !chain_after)
        .then(|| format!("{pw}{w}").to_lowercase())
}

/// The parts of an ASCII name, one byte at a time: between `_` and `.`, and where lower
/// case meets a capital, a run of capitals meets a capitalised word, or letters meet
/// digits.
fn parts_slowly(w: &str) -> Vec<String> {
    let mut out = Vec::new();
    for piece in w.split(['_', '.']) {
        let b = piece.as_bytes();
        let mut from = 0;
        for i in 1..b.len() {
            let (x, y) = (b[i - 1], b[i]);
            let z = b.get(i + 1).copied().unwrap_or(b' ');
            let cut = (x.is_ascii_lowercase() && y.is_ascii_uppercase())
                || (x.is_ascii_uppercase() && y.is_ascii_uppercase() && z.is_ascii_lowercase())
                || (x.is_ascii_digit() && y.is_ascii_alphabetic())
                || (x.is_ascii_alphabetic() && y.is_ascii_digit());
            if cut {
                out.push(piece[from..i].to_string());
                from = i;
            }
        }
        if from < b.len() {
            out.push(piece[from..].to_string());
        }
    }
    out
}

#[test]
fn shared_cases_give_their_words() {
    let cases: serde_json::Value =
        serde_json::from_str(&read(&repo().join("tests/search/words.json"))).unwrap();
    let cases = cases["cases"].as_array().unwrap();
    assert!(cases.len() >= 10);
    for case in cases {
        let text = case[0].as_str().unwrap();
        let expected: Vec<&str> = case[1]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w.as_str().unwrap())
            .collect();
        assert_eq!(pipebook::search::words(text), expected, "{text}");
    }
}
