//! The full-text search index, split so that a query downloads only what it needs.
//!
//! Layout under `/search/`:
//!
//! - `meta.json`: the number of pages, the first two letters of each shard's first term,
//!   and the values of each filter. Small, fetched once.
//! - `s/<n>.json`: shard `n` of the term dictionary. Terms are grouped by their first two
//!   letters, so a query word needs exactly one shard, and the words that start with it
//!   (prefix search) or differ from it by one letter after the first two (typos) are in
//!   the same shard. Each term maps to a flat list of numbers: for each page containing
//!   it, the page number (delta-encoded), the page's BM25 term weight, the number of
//!   sections that contain it, then each such section and its weight.
//! - `f/<n>.json`: page `n`'s title, URL, kind and text by section, fetched only for the
//!   results shown, to build excerpts and sub-results.
//! - `filters.json`: the pages of each filter value, fetched only when a filter is used.
//!
//! Words weigh more in titles (6×) and headings (3×) than in body text; the page weight
//! is BM25's term-frequency part with the page's length folded in at build time, so the
//! browser only adds `idf × weight` per word.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

use rayon::prelude::*;
use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

use crate::write::OutputFile;

/// BM25 parameters: term-frequency saturation and length normalisation.
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// Field weights: a word in the title counts as six in the body, in a heading as three.
const TITLE_WEIGHT: u32 = 6;
const HEADING_WEIGHT: u32 = 3;
/// Shards are grown by whole two-letter groups until about this many bytes.
const SHARD_TARGET: usize = 24 * 1024;
/// Text kept per page for excerpts.
const FRAGMENT_TEXT_LIMIT: usize = 6000;

/// What kind of page a document is; a filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Runbook,
    Pipeline,
    Engineer,
    Page,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Runbook => "runbook",
            Kind::Pipeline => "pipeline",
            Kind::Engineer => "engineer",
            Kind::Page => "page",
        }
    }
}

/// A searchable page.
#[derive(Debug, Clone)]
pub struct Doc {
    pub url: String,
    pub title: String,
    pub kind: Kind,
    /// Filter values: domain names, audiences and owner names this page relates to.
    pub domains: Vec<String>,
    pub audiences: Vec<String>,
    pub owners: Vec<String>,
    /// The text of the page by heading; the first section has no anchor.
    pub sections: Vec<Section>,
}

/// The text under one heading of a page.
#[derive(Debug, Clone, Default)]
pub struct Section {
    pub anchor: Option<String>,
    pub heading: String,
    pub text: String,
}

/// The words of `text` as the index stores them: Unicode words, lowercased, and the parts
/// of `snake_case` and dotted names as well as the whole (`fact_orders` also gives
/// `fact` and `orders`), so a table name is found by any of its parts.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.unicode_words().flat_map(|w| {
        let lower = w.to_lowercase();
        let mut out = Vec::with_capacity(1);
        if lower.chars().count() <= 40 {
            if lower.contains(['_', '.']) {
                out.extend(
                    lower
                        .split(['_', '.'])
                        .filter(|p| !p.is_empty())
                        .map(str::to_string),
                );
            }
            out.push(lower);
        }
        out
    })
}

/// The shard key of a term: its first two characters.
fn key(term: &str) -> String {
    term.chars().take(2).collect()
}

/// Weighted counts of each term of a page, by section.
type TermCounts = BTreeMap<String, BTreeMap<u16, u32>>;

/// One page's postings: term, BM25 weight, and (section, weight) pairs.
type PagePostings = Vec<(String, u8, Vec<(u16, u8)>)>;

/// Builds every file of the index.
pub fn build(docs: &[Doc]) -> Vec<OutputFile> {
    // Weighted term counts per page and section, in parallel.
    let counted: Vec<(u32, TermCounts)> = docs
        .par_iter()
        .map(|doc| {
            let mut terms = TermCounts::new();
            let mut length = 0u32;
            let mut add = |text: &str, section: u16, weight: u32| {
                for w in words(text) {
                    *terms.entry(w).or_default().entry(section).or_default() += weight;
                    length += weight;
                }
            };
            add(&doc.title, 0, TITLE_WEIGHT);
            for (i, s) in doc.sections.iter().enumerate().take(u16::MAX as usize) {
                add(&s.heading, i as u16, HEADING_WEIGHT);
                add(&s.text, i as u16, 1);
            }
            (length, terms)
        })
        .collect();
    let avg = counted.iter().map(|(l, _)| f64::from(*l)).sum::<f64>() / counted.len().max(1) as f64;

    let postings: Vec<PagePostings> = counted
        .into_par_iter()
        .map(|(length, terms)| {
            let norm = K1 * (1.0 - B + B * f64::from(length) / avg.max(1.0));
            terms
                .into_iter()
                .map(|(term, sections)| {
                    let tf: u32 = sections.values().sum();
                    let tf = f64::from(tf);
                    let page = (10.0 * tf * (K1 + 1.0) / (tf + norm))
                        .round()
                        .clamp(1.0, 255.0) as u8;
                    let sections = sections
                        .into_iter()
                        .map(|(s, w)| (s, w.clamp(1, 255) as u8))
                        .collect();
                    (term, page, sections)
                })
                .collect()
        })
        .collect();

    // Invert: term -> numbers, pages in ascending order.
    let mut index: HashMap<String, (u32, Vec<u32>)> = HashMap::new();
    for (doc, terms) in postings.into_iter().enumerate() {
        let doc = doc as u32;
        for (term, page, sections) in terms {
            let entry = index.entry(term).or_insert((0, Vec::new()));
            let delta = if entry.1.is_empty() {
                doc
            } else {
                doc - entry.0
            };
            entry.0 = doc;
            entry.1.push(delta);
            entry.1.push(u32::from(page));
            entry.1.push(sections.len() as u32);
            for (s, w) in sections {
                entry.1.push(u32::from(s));
                entry.1.push(u32::from(w));
            }
        }
    }
    let mut terms: Vec<(String, Vec<u32>)> = index.into_iter().map(|(t, (_, v))| (t, v)).collect();
    terms.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));

    // Shards: whole two-letter groups, grown to about SHARD_TARGET bytes.
    let mut shards: Vec<(String, String)> = Vec::new(); // (first key, JSON)
    let mut current = String::new();
    let mut first_key: Option<String> = None;
    let mut last_key = String::new();
    for (term, numbers) in &terms {
        let k = key(term);
        if k != last_key && current.len() >= SHARD_TARGET {
            current.push('}');
            shards.push((
                first_key.take().unwrap_or_default(),
                std::mem::take(&mut current),
            ));
        }
        if first_key.is_none() {
            first_key = Some(k.clone());
        }
        current.push(if current.is_empty() { '{' } else { ',' });
        current.push_str(&serde_json::to_string(term).unwrap_or_default());
        current.push_str(":[");
        for (i, n) in numbers.iter().enumerate() {
            if i > 0 {
                current.push(',');
            }
            let _ = write!(current, "{n}");
        }
        current.push(']');
        last_key = k;
    }
    if !current.is_empty() {
        current.push('}');
        shards.push((first_key.unwrap_or_default(), current));
    }

    // Filters: value -> pages.
    let mut filters: BTreeMap<&str, BTreeMap<String, Vec<u32>>> = BTreeMap::new();
    for (i, doc) in docs.iter().enumerate() {
        let i = i as u32;
        let mut add = |filter: &'static str, values: &mut dyn Iterator<Item = &str>| {
            let set: BTreeSet<&str> = values.collect();
            for v in set {
                filters
                    .entry(filter)
                    .or_default()
                    .entry(v.to_string())
                    .or_default()
                    .push(i);
            }
        };
        add("kind", &mut std::iter::once(doc.kind.name()));
        add("domain", &mut doc.domains.iter().map(String::as_str));
        add("audience", &mut doc.audiences.iter().map(String::as_str));
        add("owner", &mut doc.owners.iter().map(String::as_str));
    }

    #[derive(Serialize)]
    struct Meta<'a> {
        v: u32,
        pages: usize,
        shards: Vec<&'a str>,
        filters: BTreeMap<&'a str, Vec<&'a str>>,
    }
    let meta = Meta {
        v: 1,
        pages: docs.len(),
        shards: shards.iter().map(|(k, _)| k.as_str()).collect(),
        filters: filters
            .iter()
            .map(|(f, values)| (*f, values.keys().map(String::as_str).collect()))
            .collect(),
    };

    let mut files = Vec::with_capacity(docs.len() + shards.len() + 2);
    files.push(OutputFile {
        path: "search/meta.json".into(),
        bytes: serde_json::to_vec(&meta).unwrap_or_default(),
    });
    let filter_lists: BTreeMap<&str, BTreeMap<&str, &Vec<u32>>> = filters
        .iter()
        .map(|(f, values)| {
            (
                *f,
                values.iter().map(|(v, ids)| (v.as_str(), ids)).collect(),
            )
        })
        .collect();
    files.push(OutputFile {
        path: "search/filters.json".into(),
        bytes: serde_json::to_vec(&filter_lists).unwrap_or_default(),
    });
    files.extend(
        shards
            .into_iter()
            .enumerate()
            .map(|(i, (_, json))| OutputFile {
                path: format!("search/s/{i}.json"),
                bytes: json.into_bytes(),
            }),
    );
    files.par_extend(docs.par_iter().enumerate().map(|(i, doc)| OutputFile {
        path: format!("search/f/{i}.json"),
        bytes: fragment(doc),
    }));
    files
}

/// Page `doc` as the browser needs it to show a result.
fn fragment(doc: &Doc) -> Vec<u8> {
    #[derive(Serialize)]
    struct Fragment<'a> {
        u: &'a str,
        t: &'a str,
        k: Kind,
        s: Vec<(Option<&'a str>, &'a str, &'a str)>,
    }
    let mut budget = FRAGMENT_TEXT_LIMIT;
    let s = doc
        .sections
        .iter()
        .map(|s| {
            let mut end = s.text.len().min(budget);
            while !s.text.is_char_boundary(end) {
                end -= 1;
            }
            budget -= end;
            (s.anchor.as_deref(), s.heading.as_str(), &s.text[..end])
        })
        .collect();
    serde_json::to_vec(&Fragment {
        u: &doc.url,
        t: &doc.title,
        k: doc.kind,
        s,
    })
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(title: &str, sections: &[(&str, &str)]) -> Doc {
        Doc {
            url: format!("/{}/", title.to_lowercase()),
            title: title.to_string(),
            kind: Kind::Runbook,
            domains: vec!["Profit".into()],
            audiences: vec!["investors".into()],
            owners: vec!["Data Engineer 1".into()],
            sections: sections
                .iter()
                .map(|(h, t)| Section {
                    anchor: (!h.is_empty()).then(|| h.to_lowercase()),
                    heading: h.to_string(),
                    text: t.to_string(),
                })
                .collect(),
        }
    }

    fn shard_of(files: &[OutputFile], term: &str) -> serde_json::Value {
        let meta: serde_json::Value = serde_json::from_slice(&files[0].bytes).unwrap();
        let keys: Vec<String> = meta["shards"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k.as_str().unwrap().to_string())
            .collect();
        let k = key(term);
        let i = keys.iter().rposition(|s| *s <= k).unwrap();
        let path = format!("search/s/{i}.json");
        let f = files.iter().find(|f| f.path == path).unwrap();
        serde_json::from_slice::<serde_json::Value>(&f.bytes).unwrap()[term].clone()
    }

    #[test]
    fn words_split_names_and_fold_case() {
        let w: Vec<String> = words("Restart fact_orders.daily in Zürich, DAU/MAU").collect();
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

    #[test]
    fn postings_hold_pages_sections_and_weights() {
        let docs = vec![
            doc(
                "Alpha",
                &[
                    ("", "intro"),
                    ("Steps", "restart the loader"),
                    ("Checks", "loader logs"),
                ],
            ),
            doc("Beta", &[("", "nothing here")]),
            doc("Loader", &[("", "about the loader")]),
        ];
        let files = build(&docs);
        let loader = shard_of(&files, "loader");
        let n: Vec<u64> = loader
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_u64().unwrap())
            .collect();
        // Page 0: sections 1 and 2; page 2 (delta 2): title (section 0, weight 6 + 1).
        assert_eq!(n[0], 0);
        assert_eq!(&n[2..7], &[2, 1, 1, 2, 1]);
        assert_eq!(n[7], 2);
        assert_eq!(&n[9..12], &[1, 0, 7]);
        assert!(n[8] > n[1], "a title match outweighs body matches");
        // Fragments and filters.
        let frag: serde_json::Value = serde_json::from_slice(
            &files
                .iter()
                .find(|f| f.path == "search/f/0.json")
                .unwrap()
                .bytes,
        )
        .unwrap();
        assert_eq!(frag["t"], "Alpha");
        assert_eq!(frag["s"][1][0], "steps");
        let filters: serde_json::Value = serde_json::from_slice(&files[1].bytes).unwrap();
        assert_eq!(filters["kind"]["runbook"], serde_json::json!([0, 1, 2]));
    }

    #[test]
    fn shards_keep_two_letter_groups_together() {
        let docs: Vec<Doc> = (0..400)
            .map(|i| {
                doc(
                    &format!("Doc{i}"),
                    &[("", &format!("word{i} wordy{i} other{i} zeta{i} alpha{i}"))],
                )
            })
            .collect();
        let files = build(&docs);
        let meta: serde_json::Value = serde_json::from_slice(&files[0].bytes).unwrap();
        let keys: Vec<&str> = meta["shards"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k.as_str().unwrap())
            .collect();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(keys, sorted, "shard keys ascend and are unique");
        for t in ["word17", "wordy399", "other5", "zeta0", "alpha42", "doc3"] {
            assert!(shard_of(&files, t).is_array(), "{t} not in its shard");
        }
    }
}
