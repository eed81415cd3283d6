//! The search tokenizer's fast path for ASCII text splits words exactly as UAX #29 does
//! (the browser's `Intl.Segmenter` follows UAX #29 too), checked on real runbooks.

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
                let expected: Vec<String> = line
                    .unicode_words()
                    .filter(|w| w.len() <= 80)
                    .map(str::to_lowercase)
                    .flat_map(|w| {
                        let mut v: Vec<String> = Vec::new();
                        if w.contains(['_', '.']) {
                            v.extend(
                                w.split(['_', '.'])
                                    .filter(|p| !p.is_empty())
                                    .map(str::to_string),
                            );
                        }
                        v.push(w);
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
