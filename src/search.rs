//! The full-text search index, split so that a query downloads only what it needs.
//!
//! Layout under `/search/`:
//!
//! - `meta.json`: the number of pages, the first term of each shard, and the values of
//!   each filter. Small; fetched once.
//! - `s/<n>.bin`: shard `n` of the term dictionary, gzip-compressed. Terms are sorted and
//!   cut into shards of similar size, so a query word needs one shard (two when its
//!   completions or near-misses straddle a boundary). Each record is
//!   `varint(term length) term varint(pages) varint(bytes) postings`, and each posting is
//!   `varint(page delta << 4 | weight)`: the page number, delta-encoded, and the page's
//!   BM25 term weight on a 1 to 15 scale, with the page's length folded in at build time
//!   so the browser only adds `idf × weight` per word.
//! - `f/<n>.json`: page `n`'s title, URL, kind and text by section, fetched only for the
//!   results shown, to build excerpts and find the headings (sub-results) that match.
//! - `filters.json`: the pages of each filter value, fetched only when a filter is used.
//!
//! Words weigh more in titles (6×) and headings (3×) than in body text.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;

use flate2::write::GzEncoder;
use flate2::Compression;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;
use xxhash_rust::xxh3::xxh3_128;

use crate::write::OutputFile;

/// BM25 parameters: term-frequency saturation and length normalisation.
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// Field weights: a word in the title counts as six in the body, in a heading as three.
const TITLE_WEIGHT: u32 = 6;
const HEADING_WEIGHT: u32 = 3;
/// Uncompressed bytes of postings and terms per shard.
const SHARD_TARGET: usize = 24 * 1024;
/// Text kept per page for excerpts.
const FRAGMENT_TEXT_LIMIT: usize = 4000;

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

/// A searchable page. Text is borrowed from the rendered pages where it can be.
#[derive(Debug, Clone)]
pub struct Doc<'a> {
    pub url: String,
    pub title: String,
    pub kind: Kind,
    /// Filter values: domain names, audiences and owner names this page relates to.
    pub domains: Vec<String>,
    pub audiences: Vec<String>,
    pub owners: Vec<String>,
    /// The text of the page by heading; the first section has no anchor.
    pub sections: Vec<Section<'a>>,
}

/// The text under one heading of a page.
#[derive(Debug, Clone, Default)]
pub struct Section<'a> {
    pub anchor: Option<Cow<'a, str>>,
    pub heading: Cow<'a, str>,
    pub text: Cow<'a, str>,
}

/// Calls `f` with each word of `text` as the index stores it: Unicode words (UAX #29, as
/// the browser's `Intl.Segmenter` finds them), lowercased, and the parts of `snake_case`
/// and dotted names as well as the whole (`fact_orders` also gives `fact` and `orders`),
/// so a table name is found by any of its parts.
pub fn for_each_word<'a>(text: &'a str, mut f: impl FnMut(Cow<'a, str>)) {
    if text.is_ascii() {
        ascii_words(text, |w| emit(Cow::Borrowed(w), &mut f));
    } else {
        for w in text.unicode_words() {
            let word = if w.chars().any(char::is_uppercase) {
                Cow::Owned(w.to_lowercase())
            } else {
                Cow::Borrowed(w)
            };
            emit(word, &mut f);
        }
    }
}

fn emit<'a>(word: Cow<'a, str>, f: &mut impl FnMut(Cow<'a, str>)) {
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
        match &word {
            Cow::Borrowed(b) => b
                .split(['_', '.'])
                .filter(|p| !p.is_empty())
                .for_each(|p| f(Cow::Borrowed(p))),
            Cow::Owned(o) => o
                .split(['_', '.'])
                .filter(|p| !p.is_empty())
                .for_each(|p| f(Cow::Owned(p.to_string()))),
        }
    }
    f(word);
}

/// UAX #29 word boundaries for ASCII text, without the general machinery: letters,
/// digits and `_` make words; `.` and `'` join two letters or two digits, `:` joins two
/// letters, and `,` and `;` join two digits.
fn ascii_words<'a>(text: &'a str, mut f: impl FnMut(&'a str)) {
    scan_ascii(text, |w, _| f(w));
}

/// What a byte is to the ASCII tokenizer.
const LOWER: u8 = 1;
const UPPER: u8 = 2;
const DIGIT: u8 = 4;
const UNDERSCORE: u8 = 8;
const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = if b.is_ascii_lowercase() {
            LOWER
        } else if b.is_ascii_uppercase() {
            UPPER
        } else if b.is_ascii_digit() {
            DIGIT
        } else if b == b'_' {
            UNDERSCORE
        } else {
            0
        };
        c += 1;
    }
    t
};

/// [`ascii_words`] with, for each word, whether it has capitals (`UPPER`) or `_`/`.`
/// inside (`UNDERSCORE`), found in the same pass.
fn scan_ascii<'a>(text: &'a str, mut f: impl FnMut(&'a str, u8)) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if CLASS[b[i] as usize] == 0 {
            i += 1;
            continue;
        }
        let start = i;
        let mut seen = 0u8;
        loop {
            while i < b.len() {
                let c = CLASS[b[i] as usize];
                if c == 0 {
                    break;
                }
                seen |= c;
                i += 1;
            }
            if i + 1 < b.len() && CLASS[b[i + 1] as usize] != 0 {
                let (before, after) = (b[i - 1], b[i + 1]);
                let letters = before.is_ascii_alphabetic() && after.is_ascii_alphabetic();
                let digits = before.is_ascii_digit() && after.is_ascii_digit();
                let joins = match b[i] {
                    b'.' => letters || digits,
                    b'\'' => letters || digits,
                    b':' => letters,
                    b',' | b';' => digits,
                    _ => false,
                };
                if joins {
                    if b[i] == b'.' {
                        seen |= UNDERSCORE;
                    }
                    i += 1;
                    continue;
                }
            }
            break;
        }
        if seen & (LOWER | UPPER | DIGIT) != 0 {
            f(&text[start..i], seen);
        }
    }
}

/// The words of `text` as the index stores them (see [`for_each_word`]).
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_word(text, |w| out.push(w.into_owned()));
    out
}

/// Builds every file of the index.
pub fn build(docs: &[Doc]) -> Vec<OutputFile> {
    // Weighted term counts per page, in parallel; each page's length is only known at its
    // end, and the average length only when every page is counted.
    let counted: Vec<Counted> = docs.par_iter().map(count).collect();
    let avg =
        counted.iter().map(|c| f64::from(c.length)).sum::<f64>() / counted.len().max(1) as f64;

    // Every (term, page, weight) as a 16-byte slot, sorted by the term's hash and then the
    // page: equal terms end up side by side with their pages in order, without a shared
    // hash map.
    let slots: Vec<Slot> = counted
        .par_iter()
        .enumerate()
        .flat_map_iter(|(doc, c)| {
            let norm = K1 * (1.0 - B + B * f64::from(c.length) / avg.max(1.0));
            c.terms
                .iter()
                .enumerate()
                .map(move |(local, (_, hash, tf))| {
                    let tf = f64::from(*tf);
                    Slot {
                        hash: *hash,
                        doc: doc as u32,
                        local: local as u32,
                        weight: (15.0 * tf / (tf + norm)).round().clamp(1.0, 15.0) as u8,
                    }
                })
        })
        .collect();
    let slots = sort_by_hash(slots);
    let term_of = |s: &Slot| -> &str { &counted[s.doc as usize].terms[s.local as usize].0 };
    // With 128-bit hashes, equal hashes are equal terms (a collision among a million terms
    // has odds of about 1 in 10^26), so grouping needs no string comparisons.
    let mut terms: Vec<(&str, &[Slot])> = slots
        .chunk_by(|a, b| a.hash == b.hash)
        .map(|group| (term_of(&group[0]), group))
        .collect();
    terms.par_sort_unstable_by(|a, b| a.0.cmp(b.0));

    // Encode records and cut shards of about SHARD_TARGET bytes.
    let records: Vec<Vec<u8>> = terms
        .par_iter()
        .map(|&(term, postings)| {
            let mut p = Vec::with_capacity(postings.len() * 2);
            let mut last = 0u32;
            for posting in postings.iter() {
                varint(
                    &mut p,
                    (u64::from(posting.doc - last) << 4) | u64::from(posting.weight),
                );
                last = posting.doc;
            }
            let mut r = Vec::with_capacity(p.len() + term.len() + 8);
            varint(&mut r, term.len() as u64);
            r.extend_from_slice(term.as_bytes());
            varint(&mut r, postings.len() as u64);
            varint(&mut r, p.len() as u64);
            r.extend_from_slice(&p);
            r
        })
        .collect();
    let mut bounds = vec![0usize];
    let mut size = 0;
    for (i, r) in records.iter().enumerate() {
        if size > 0 && size + r.len() > SHARD_TARGET {
            bounds.push(i);
            size = 0;
        }
        size += r.len();
    }
    bounds.push(records.len());
    let shards: Vec<Vec<u8>> = bounds
        .par_windows(2)
        .map(|w| {
            let mut gz = GzEncoder::new(Vec::with_capacity(SHARD_TARGET / 2), Compression::fast());
            for r in &records[w[0]..w[1]] {
                let _ = gz.write_all(r);
            }
            gz.finish().unwrap_or_default()
        })
        .collect();

    // Filters: value -> pages.
    let mut filters: BTreeMap<&str, BTreeMap<&str, Vec<u32>>> = BTreeMap::new();
    for (i, doc) in docs.iter().enumerate() {
        let values: [(&str, BTreeSet<&str>); 4] = [
            ("kind", BTreeSet::from([doc.kind.name()])),
            ("domain", doc.domains.iter().map(String::as_str).collect()),
            (
                "audience",
                doc.audiences.iter().map(String::as_str).collect(),
            ),
            ("owner", doc.owners.iter().map(String::as_str).collect()),
        ];
        for (filter, set) in values {
            for v in set {
                filters
                    .entry(filter)
                    .or_default()
                    .entry(v)
                    .or_default()
                    .push(i as u32);
            }
        }
    }

    #[derive(Serialize)]
    struct Meta<'a> {
        v: u32,
        pages: usize,
        shards: Vec<&'a str>,
        filters: BTreeMap<&'a str, Vec<&'a str>>,
    }
    let meta = Meta {
        v: 2,
        pages: docs.len(),
        shards: bounds[..bounds.len() - 1]
            .iter()
            .filter_map(|&i| terms.get(i).map(|t| t.0))
            .collect(),
        filters: filters
            .iter()
            .map(|(f, values)| (*f, values.keys().copied().collect()))
            .collect(),
    };

    let mut files = Vec::with_capacity(docs.len() + shards.len() + 2);
    files.push(OutputFile {
        path: "search/meta.json".into(),
        bytes: serde_json::to_vec(&meta).unwrap_or_default(),
    });
    files.push(OutputFile {
        path: "search/filters.json".into(),
        bytes: serde_json::to_vec(&filters).unwrap_or_default(),
    });
    files.extend(shards.into_iter().enumerate().map(|(i, bytes)| OutputFile {
        path: format!("search/s/{i}.bin"),
        bytes,
    }));
    files.par_extend(docs.par_iter().enumerate().map(|(i, doc)| OutputFile {
        path: format!("search/f/{i}.json"),
        bytes: fragment(doc),
    }));
    files
}

/// Orders slots by hash, keeping page order among equal hashes. Slots arrive in page
/// order, so a stable counting sort on the hash's top 16 bits followed by small stable
/// sorts of each bucket does it in linear time, where a comparison sort of millions of
/// slots took a sixth of the index's time.
fn sort_by_hash(slots: Vec<Slot>) -> Vec<Slot> {
    const BITS: u32 = 16;
    let bucket = |s: &Slot| (s.hash >> (128 - BITS)) as usize;
    let mut starts = vec![0usize; (1 << BITS) + 1];
    for s in &slots {
        starts[bucket(s) + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut next = starts.clone();
    let mut sorted = vec![Slot::default(); slots.len()];
    for s in slots {
        let b = bucket(&s);
        sorted[next[b]] = s;
        next[b] += 1;
    }
    // Each bucket sorted on its own, in parallel.
    let mut rest: &mut [Slot] = &mut sorted;
    let mut buckets: Vec<&mut [Slot]> = Vec::with_capacity(1 << BITS);
    for w in starts.windows(2) {
        let (head, tail) = rest.split_at_mut(w[1] - w[0]);
        buckets.push(head);
        rest = tail;
    }
    buckets
        .into_par_iter()
        .for_each(|b| b.sort_by_key(|s| s.hash));
    sorted
}

/// One page containing one term: small, so millions of them sort fast.
#[derive(Clone, Copy, Default)]
struct Slot {
    hash: u128,
    doc: u32,
    /// Index of the term in its page's [`Counted::terms`].
    local: u32,
    weight: u8,
}

/// A page's terms with their hashes and weighted counts, and its length in weighted words.
struct Counted<'a> {
    length: u32,
    terms: Vec<(Cow<'a, str>, u128, u32)>,
}

/// Counts the words of a page. ASCII text (most of it) is lowercased in a buffer on the
/// stack and looked up before anything is allocated; a new word costs one allocation if it
/// had capitals, none otherwise.
fn count<'a>(doc: &'a Doc) -> Counted<'a> {
    let mut index = FxHashMap::default();
    index.reserve(512);
    let mut c = Counter {
        index,
        counted: Counted {
            length: 0,
            terms: Vec::with_capacity(512),
        },
    };
    c.text(&doc.title, TITLE_WEIGHT);
    for s in &doc.sections {
        c.text(&s.heading, HEADING_WEIGHT);
        c.text(&s.text, 1);
    }
    c.counted
}

struct Counter<'a> {
    /// Position of each term in `counted.terms`: borrowed from the page's text where the
    /// text was already lowercase.
    index: FxHashMap<Cow<'a, str>, usize>,
    counted: Counted<'a>,
}

impl<'a> Counter<'a> {
    fn push(&mut self, term: Cow<'a, str>, weight: u32) -> usize {
        let hash = xxh3_128(term.as_bytes());
        self.counted.terms.push((term, hash, weight));
        self.counted.terms.len() - 1
    }

    fn borrowed(&mut self, term: &'a str, weight: u32) {
        match self.index.get(term) {
            Some(&i) => self.counted.terms[i].2 += weight,
            None => {
                let i = self.push(Cow::Borrowed(term), weight);
                self.index.insert(Cow::Borrowed(term), i);
            }
        }
    }

    fn lowered(&mut self, term: &str, weight: u32) {
        match self.index.get(term) {
            Some(&i) => self.counted.terms[i].2 += weight,
            None => {
                let i = self.push(Cow::Owned(term.to_string()), weight);
                self.index.insert(Cow::Owned(term.to_string()), i);
            }
        }
    }

    fn word(&mut self, w: Cow<'a, str>, weight: u32) {
        match w {
            Cow::Borrowed(b) => self.borrowed(b, weight),
            Cow::Owned(o) => self.lowered(&o, weight),
        }
    }

    fn text(&mut self, text: &'a str, weight: u32) {
        if !text.is_ascii() {
            let mut words = Vec::new();
            for_each_word(text, |w| words.push(w));
            self.counted.length += weight * words.len() as u32;
            for w in words {
                self.word(w, weight);
            }
            return;
        }
        let mut buf = [0u8; 80];
        scan_ascii(text, |w, seen| {
            if w.len() > 80 {
                return;
            }
            self.counted.length += weight;
            if seen & UPPER == 0 {
                if seen & UNDERSCORE != 0 {
                    for part in w.split(['_', '.']).filter(|p| !p.is_empty()) {
                        self.borrowed(part, weight);
                    }
                }
                self.borrowed(w, weight);
                return;
            }
            let lower = &mut buf[..w.len()];
            lower.copy_from_slice(w.as_bytes());
            lower.make_ascii_lowercase();
            let lower = std::str::from_utf8(lower).unwrap_or_default();
            if seen & UNDERSCORE != 0 {
                for part in lower.split(['_', '.']).filter(|p| !p.is_empty()) {
                    self.lowered(part, weight);
                }
            }
            self.lowered(lower, weight);
        });
    }
}

/// LEB128: seven bits a byte, low bits first.
fn varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
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
            (s.anchor.as_deref(), s.heading.as_ref(), &s.text[..end])
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
    use std::io::Read;

    fn doc(title: &str, sections: &[(&str, &str)]) -> Doc<'static> {
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
                    anchor: (!h.is_empty()).then(|| Cow::Owned(h.to_lowercase())),
                    heading: Cow::Owned(h.to_string()),
                    text: Cow::Owned(t.to_string()),
                })
                .collect(),
        }
    }

    /// Every shard decoded: term -> [(page, weight)], checking the record framing.
    type Decoded = (Vec<String>, BTreeMap<String, Vec<(u64, u64)>>);

    fn decode(files: &[OutputFile]) -> Decoded {
        let meta: serde_json::Value = serde_json::from_slice(&files[0].bytes).unwrap();
        let firsts: Vec<String> = meta["shards"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k.as_str().unwrap().to_string())
            .collect();
        let mut all = BTreeMap::new();
        for (i, first) in firsts.iter().enumerate() {
            let f = files
                .iter()
                .find(|f| f.path == format!("search/s/{i}.bin"))
                .unwrap();
            let mut raw = Vec::new();
            flate2::read::GzDecoder::new(&f.bytes[..])
                .read_to_end(&mut raw)
                .unwrap();
            let mut at = 0;
            let read = |raw: &[u8], at: &mut usize| {
                let (mut n, mut shift) = (0u64, 0);
                loop {
                    let b = raw[*at];
                    *at += 1;
                    n |= u64::from(b & 0x7f) << shift;
                    shift += 7;
                    if b < 0x80 {
                        return n;
                    }
                }
            };
            let mut seen_first = false;
            while at < raw.len() {
                let len = read(&raw, &mut at) as usize;
                let term = String::from_utf8(raw[at..at + len].to_vec()).unwrap();
                at += len;
                if !seen_first {
                    assert_eq!(&term, first, "meta names each shard's first term");
                    seen_first = true;
                }
                let pages = read(&raw, &mut at);
                let bytes = read(&raw, &mut at) as usize;
                let end = at + bytes;
                let mut list = Vec::new();
                let mut page = 0;
                while at < end {
                    let v = read(&raw, &mut at);
                    page += v >> 4;
                    list.push((page, v & 15));
                }
                assert_eq!(list.len() as u64, pages);
                all.insert(term, list);
            }
        }
        (firsts, all)
    }

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

    #[test]
    fn postings_hold_pages_and_weights() {
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
        let (_, terms) = decode(&files);
        let loader = &terms["loader"];
        assert_eq!(loader.iter().map(|p| p.0).collect::<Vec<_>>(), [0, 2]);
        assert!(
            loader[1].1 > loader[0].1,
            "a title match outweighs body matches"
        );
        assert_eq!(terms["the"].len(), 2);
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
    fn shards_are_sorted_and_bounded() {
        let docs: Vec<Doc> = (0..3000)
            .map(|i| {
                doc(
                    &format!("Doc{i}"),
                    &[(
                        "",
                        &format!("word{i} wordy{} other{} zeta{i} common text", i % 7, i % 13),
                    )],
                )
            })
            .collect();
        let files = build(&docs);
        let (firsts, terms) = decode(&files);
        assert!(firsts.len() >= 3, "{} shards", firsts.len());
        assert!(firsts.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(terms["common"].len(), 3000);
        assert_eq!(terms["wordy3"].len(), 3000 / 7 + 1);
        for f in files.iter().filter(|f| f.path.ends_with(".bin")) {
            assert!(
                f.bytes.len() < SHARD_TARGET,
                "{} is {} bytes",
                f.path,
                f.bytes.len()
            );
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
