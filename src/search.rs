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
//! - `t/<n>.json`: the typo table, a JSON list of terms per file, about 6 kB each (their
//!   number is `typo` in `meta.json`). A term of `L ≥ 4` characters is filed under two
//!   keys, its first `(L - 1) / 2` and its last `L / 2` characters (the middle one left
//!   out; `restart`: `res` and `art`), each in file `fnv1a(key) % typo` (32-bit FNV-1a
//!   of the key's UTF-8 bytes). One letter wrong, added or missing, or two neighbours
//!   swapped, anywhere, leaves one key intact, so the browser finds the terms one letter
//!   away from a word in the files of the word's own first and last characters at the
//!   cuts for terms one letter shorter, as long and one longer (at most four files). It
//!   fetches them only for a word that is not in the index and has no near miss in the
//!   shards it already has (where most typos after the first three letters are), then
//!   the shards of the terms found. Joined names (`_`, `.`) and numbers are left out: a
//!   joined name that is not found leaves the query to its parts.
//!
//! Words weigh more in titles (6×) and headings (3×) than in body text.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use flate2::{Compress, Compression, FlushCompress, Status};
use rayon::prelude::*;
use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;
use xxhash_rust::xxh3::xxh3_64;

use crate::write::Sink;

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
/// Bytes of terms per file of the typo table.
const TYPO_TARGET: usize = 6 * 1024;

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
    /// Text that leads the first section (the runbook's pipelines and description),
    /// kept apart so the section's text can stay borrowed from the rendered page.
    pub intro: String,
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
fn stretches(text: &str) -> impl Iterator<Item = (&str, bool)> {
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
fn unicode_stretch_words<'a>(text: &'a str, f: &mut impl FnMut(Cow<'a, str>, bool)) {
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
fn name_parts(word: &[u8]) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
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

/// One in each byte of a `u64`, and the top bit of each: for working on eight bytes at once.
const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// A word has capitals ([`scan_ascii`]).
const UPPER: u8 = 1;
/// A word has `_` or a joining `.` inside, so its parts are terms too.
const JOINED: u8 = 2;

/// The classes of 64 bytes of text, one bit per byte.
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
struct Block {
    lower: u64,
    upper: u64,
    digit: u64,
    underscore: u64,
    dot: u64,
    apostrophe: u64,
    colon: u64,
    /// `,` and `;`.
    number_separator: u64,
}

impl Block {
    /// The classes of `bytes` (at most 64; the rest counts as spaces).
    #[inline]
    fn of(bytes: &[u8]) -> Block {
        match bytes.first_chunk::<64>() {
            Some(chunk) => Block::of_chunk(chunk),
            None => {
                let mut padded = [0u8; 64];
                padded[..bytes.len()].copy_from_slice(bytes);
                Block::of_chunk(&padded)
            }
        }
    }

    #[inline]
    fn of_chunk(chunk: &[u8; 64]) -> Block {
        #[cfg(target_arch = "x86_64")]
        {
            Block::of_sse2(chunk)
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            Block::of_scalar(chunk)
        }
    }

    /// Sixteen bytes at a time: a range or equality test and a movemask per class.
    #[cfg(target_arch = "x86_64")]
    #[inline]
    fn of_sse2(chunk: &[u8; 64]) -> Block {
        use std::arch::x86_64::*;
        let mut out = Block::default();
        // SAFETY: SSE2 is part of every x86_64 CPU; each unaligned load reads 16 bytes
        // at offsets 0, 16, 32 and 48 of a 64-byte array.
        unsafe {
            // Bytes of 0x80 and above are negative as i8, so they fall in no range.
            let range = |v: __m128i, lo: u8, hi: u8| {
                _mm_and_si128(
                    _mm_cmpgt_epi8(v, _mm_set1_epi8(lo as i8 - 1)),
                    _mm_cmplt_epi8(v, _mm_set1_epi8(hi as i8 + 1)),
                )
            };
            let eq = |v: __m128i, c: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(c as i8));
            let bits = |v: __m128i| u64::from(_mm_movemask_epi8(v) as u16);
            for k in 0..4 {
                let v = _mm_loadu_si128(chunk.as_ptr().add(16 * k).cast());
                let at = 16 * k;
                out.lower |= bits(range(v, b'a', b'z')) << at;
                out.upper |= bits(range(v, b'A', b'Z')) << at;
                out.digit |= bits(range(v, b'0', b'9')) << at;
                out.underscore |= bits(eq(v, b'_')) << at;
                out.dot |= bits(eq(v, b'.')) << at;
                out.apostrophe |= bits(eq(v, b'\'')) << at;
                out.colon |= bits(eq(v, b':')) << at;
                out.number_separator |= bits(_mm_or_si128(eq(v, b','), eq(v, b';'))) << at;
            }
        }
        out
    }

    #[cfg_attr(target_arch = "x86_64", allow(dead_code))]
    fn of_scalar(chunk: &[u8; 64]) -> Block {
        let mut out = Block::default();
        for (i, &b) in chunk.iter().enumerate() {
            let bit = 1u64 << i;
            match b {
                b'a'..=b'z' => out.lower |= bit,
                b'A'..=b'Z' => out.upper |= bit,
                b'0'..=b'9' => out.digit |= bit,
                b'_' => out.underscore |= bit,
                b'.' => out.dot |= bit,
                b'\'' => out.apostrophe |= bit,
                b':' => out.colon |= bit,
                b',' | b';' => out.number_separator |= bit,
                _ => {}
            }
        }
        out
    }

    fn letters(&self) -> u64 {
        self.lower | self.upper
    }
}

/// Calls `f(start, end, flags)` for each word of ASCII `text` (as [`ascii_words`]), with
/// [`UPPER`] and [`JOINED`] in `flags`.
///
/// Word boundaries are found 64 bytes at a time from bit masks of the byte classes, so
/// the work per byte has no branch; a byte-at-a-time loop spent most of its time on
/// mispredicted branches at word boundaries.
#[inline]
fn scan_ascii(text: &[u8], mut f: impl FnMut(usize, usize, u8)) {
    let blocks = text.len().div_ceil(64);
    let block_at = |k: usize| -> Block {
        if k < blocks {
            Block::of(&text[64 * k..text.len().min(64 * (k + 1))])
        } else {
            Block::default()
        }
    };
    // A joiner at bit i joins when the bytes at i - 1 and i + 1 qualify; those at bit 0
    // and 63 look into the neighbouring blocks.
    let joins = |b: &Block, prev: &Block, next: &Block| -> u64 {
        let (letters, digits) = (b.letters(), b.digit);
        let letters_around =
            ((letters << 1) | (prev.letters() >> 63)) & ((letters >> 1) | (next.letters() << 63));
        let digits_around =
            ((digits << 1) | (prev.digit >> 63)) & ((digits >> 1) | (next.digit << 63));
        ((b.dot | b.apostrophe) & (letters_around | digits_around))
            | (b.colon & letters_around)
            | (b.number_separator & digits_around)
    };
    let word = |b: &Block, joined: u64| b.letters() | b.digit | b.underscore | joined;
    let mut cur = block_at(0);
    let mut next = block_at(1);
    let mut cur_joins = joins(&cur, &Block::default(), &next);
    let mut prev_word = 0u64;
    // The word under way: where it started and its flags so far.
    let (mut start, mut flags, mut alnum) = (0usize, 0u8, false);
    for k in 0..blocks {
        let after = block_at(k + 2);
        let next_joins = joins(&next, &cur, &after);
        let x = word(&cur, cur_joins);
        let next_x = word(&next, next_joins);
        let starts = x & !((x << 1) | (prev_word >> 63));
        let ends = x & !((x >> 1) | (next_x << 63));
        let base = 64 * k;
        let letters_digits = cur.letters() | cur.digit;
        let joined = cur.underscore | (cur.dot & cur_joins);
        let region = |from: u32, to: u32, flags: &mut u8, alnum: &mut bool| {
            let r = (!0u64 >> (63 - to)) & (!0u64 << from);
            *alnum |= letters_digits & r != 0;
            if cur.upper & r != 0 {
                *flags |= UPPER;
            }
            if joined & r != 0 {
                *flags |= JOINED;
            }
        };
        let (mut s, mut e) = (starts, ends);
        while e != 0 {
            let end = e.trailing_zeros();
            let mut from = 0;
            if s != 0 && s.trailing_zeros() <= end {
                from = s.trailing_zeros();
                s &= s - 1;
                (start, flags, alnum) = (base + from as usize, 0, false);
            }
            region(from, end, &mut flags, &mut alnum);
            if alnum {
                f(start, base + end as usize + 1, flags);
            }
            e &= e - 1;
        }
        if s != 0 {
            // A word starts here and goes on into the next block.
            let from = s.trailing_zeros();
            (start, flags, alnum) = (base + from as usize, 0, false);
            region(from, 63, &mut flags, &mut alnum);
        } else if ends == 0 && x == !0 {
            // The word under way goes through this whole block.
            region(0, 63, &mut flags, &mut alnum);
        }
        prev_word = x;
        (cur, next) = (next, after);
        cur_joins = next_joins;
    }
}

/// The words of `text` as the index stores them (see [`for_each_word`]).
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_word(text, |w| out.push(w.into_owned()));
    out
}

/// What [`build`] wrote.
#[derive(Debug, Default, Clone, Copy)]
pub struct Stats {
    /// Pages in the index (one fragment file each).
    pub pages: usize,
    /// Files written, fragments included.
    pub files: usize,
}

/// Builds every file of the index into `sink`.
pub fn build(docs: &[Doc], sink: &Sink) -> Stats {
    // Weighted term counts per page, in parallel: each run of consecutive pages counted
    // by one thread shares a dictionary of its own terms, so a term's text is kept once
    // per run, not once per page. The runs' terms are then numbered in one dictionary.
    let mut runs: Vec<Counts> = docs
        .par_iter()
        .enumerate()
        .with_min_len(64)
        .fold(
            || None,
            |run: Option<Counts>, (i, doc)| {
                let mut run = run.unwrap_or_else(|| Counts::new(i));
                run.page(doc);
                Some(run)
            },
        )
        .flatten()
        .collect();
    // Runs cover the pages in order, each a contiguous stretch (rayon folds a slice by
    // splitting it); sorting by first page only makes that explicit.
    runs.sort_by_key(|r| r.first_page);

    let mut numbers = TermTable::default();
    let mut arena = String::new();
    let mut term_at: Vec<u32> = Vec::new();
    let mut pages_of: Vec<u32> = Vec::new();
    // Per run, the site's number of each of its terms.
    let mut site_number: Vec<Vec<u32>> = Vec::with_capacity(runs.len());
    for run in &runs {
        let mut map = Vec::with_capacity(run.hashes.len());
        for (local, &hash) in run.hashes.iter().enumerate() {
            let (id, new) = numbers.number(hash);
            if new {
                term_at.push(arena.len() as u32);
                arena.push_str(run.term(local));
                pages_of.push(0);
            }
            map.push(id);
        }
        for &(local, _) in &run.entries {
            pages_of[map[local as usize] as usize] += 1;
        }
        site_number.push(map);
    }
    drop(numbers);
    term_at.push(arena.len() as u32);
    let terms: Vec<&str> = term_at
        .windows(2)
        .map(|w| &arena[w[0] as usize..w[1] as usize])
        .collect();
    drop(term_at);
    let entries: usize = runs.iter().map(|r| r.entries.len()).sum();
    let pages: usize = runs.iter().map(|r| r.lengths.len()).sum();
    let avg = runs
        .iter()
        .flat_map(|r| &r.lengths)
        .map(|&l| f64::from(l))
        .sum::<f64>()
        / pages.max(1) as f64;

    // Postings of all terms in one array, each term's pages in page order: a counting
    // sort by term number. A posting is `page << 4 | weight`, the weight being the page's
    // BM25 term weight on a 1 to 15 scale.
    let mut starts: Vec<u32> = Vec::with_capacity(terms.len() + 1);
    let mut sum = 0u32;
    starts.push(0);
    for n in &pages_of {
        sum += n;
        starts.push(sum);
    }
    drop(pages_of);
    let mut next = starts.clone();
    let mut postings = vec![0u32; entries];
    for (run, map) in runs.iter().zip(&site_number) {
        let mut from = 0;
        for (i, (&end, &length)) in run.page_ends.iter().zip(&run.lengths).enumerate() {
            let doc = (run.first_page + i) as u32;
            let norm = K1 * (1.0 - B + B * f64::from(length) / avg.max(1.0));
            for &(local, count) in &run.entries[from..end as usize] {
                let id = map[local as usize] as usize;
                let tf = f64::from(count);
                // Rounded half up (`round` is a library call on x86_64's baseline).
                let weight = ((15.0 * tf / (tf + norm) + 0.5) as u32).clamp(1, 15);
                postings[next[id] as usize] = doc << 4 | weight;
                next[id] += 1;
            }
            from = end as usize;
        }
    }
    drop((runs, site_number, next));

    let mut order: Vec<u32> = (0..terms.len() as u32).collect();
    order.par_sort_unstable_by_key(|&i| terms[i as usize]);

    // Records in term order, cut into shards of about SHARD_TARGET bytes.
    let mut shard_bytes: Vec<Vec<u8>> = Vec::new();
    let mut firsts: Vec<&str> = Vec::new();
    let mut current: Vec<u8> = Vec::with_capacity(SHARD_TARGET + 1024);
    let mut record = Vec::with_capacity(1024);
    let mut list = Vec::with_capacity(1024);
    for &i in &order {
        let term = terms[i as usize];
        let pages = &postings[starts[i as usize] as usize..starts[i as usize + 1] as usize];
        list.clear();
        let mut last = 0u32;
        for &p in pages {
            let doc = p >> 4;
            varint(&mut list, u64::from((doc - last) << 4 | (p & 15)));
            last = doc;
        }
        record.clear();
        varint(&mut record, term.len() as u64);
        record.extend_from_slice(term.as_bytes());
        varint(&mut record, pages.len() as u64);
        varint(&mut record, list.len() as u64);
        record.extend_from_slice(&list);
        if !current.is_empty() && current.len() + record.len() > SHARD_TARGET {
            shard_bytes.push(std::mem::replace(
                &mut current,
                Vec::with_capacity(SHARD_TARGET + 1024),
            ));
        }
        if current.is_empty() {
            firsts.push(term);
        }
        current.extend_from_slice(&record);
    }
    if !current.is_empty() || shard_bytes.is_empty() {
        if current.is_empty() {
            firsts.push("");
        }
        shard_bytes.push(current);
    }
    drop(postings);
    let typo = typo_table(order.iter().map(|&i| terms[i as usize]));
    let shards: Vec<Vec<u8>> = shard_bytes
        .par_iter()
        .map_init(
            // Level 2: zlib-rs's level 1 has fixed Huffman codes only, which make the
            // shards a quarter larger (see Cargo.toml).
            || Compress::new_gzip(Compression::new(2), 15),
            |c, raw| gzip(c, raw),
        )
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
        typo: usize,
        filters: BTreeMap<&'a str, Vec<&'a str>>,
    }
    let meta = Meta {
        v: 3,
        pages: docs.len(),
        shards: firsts,
        typo: typo.len(),
        filters: filters
            .iter()
            .map(|(f, values)| (*f, values.keys().copied().collect()))
            .collect(),
    };

    sink.put(
        "search/meta.json",
        &serde_json::to_vec(&meta).unwrap_or_default(),
    );
    sink.put(
        "search/filters.json",
        &serde_json::to_vec(&filters).unwrap_or_default(),
    );
    shards.par_iter().enumerate().for_each(|(i, bytes)| {
        sink.put(&format!("search/s/{i}.bin"), bytes);
    });
    typo.par_iter().enumerate().for_each(|(i, bucket)| {
        sink.put(
            &format!("search/t/{i}.json"),
            &serde_json::to_vec(bucket).unwrap_or_default(),
        );
    });
    docs.par_iter().enumerate().for_each(|(i, doc)| {
        sink.put(&format!("search/f/{i}.json"), &fragment(doc));
    });
    Stats {
        pages: docs.len(),
        files: 2 + shards.len() + typo.len() + docs.len(),
    }
}

/// The typo table: the terms that [`typo_keys`] gives keys for, each in the bucket of
/// each of its two keys ([`typo_bucket`]), in the order given. As many buckets as make
/// about [`TYPO_TARGET`] bytes of JSON each; none when no term has keys.
fn typo_table<'t>(sorted: impl Iterator<Item = &'t str>) -> Vec<Vec<&'t str>> {
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

/// Numbers for terms, from their 64-bit hash: open addressing by the hash's low bits (the
/// hash is already uniform), at most half full. For the site's dictionary it takes half
/// the time of a general hash map.
#[derive(Default)]
struct TermTable {
    /// `(hash, 1 + number)`; `(_, 0)` when free.
    slots: Vec<(u64, u32)>,
    len: u32,
}

impl TermTable {
    /// The number of `hash`, and whether it is new: numbers go in order of arrival.
    #[inline(always)]
    fn number(&mut self, hash: u64) -> (u32, bool) {
        if self.slots.is_empty() {
            self.slots = vec![(0, 0); 1024];
        }
        let mask = self.slots.len() - 1;
        let mut i = hash as usize & mask;
        loop {
            let (h, n) = self.slots[i];
            if n == 0 {
                break;
            }
            if h == hash {
                return (n - 1, false);
            }
            i = (i + 1) & mask;
        }
        self.len += 1;
        self.slots[i] = (hash, self.len);
        if self.len as usize * 2 > self.slots.len() {
            self.grow();
        }
        (self.len - 1, true)
    }

    fn grow(&mut self) {
        let size = self.slots.len() * 2;
        let old = std::mem::replace(&mut self.slots, vec![(0, 0); size]);
        let mask = self.slots.len() - 1;
        for slot in old.into_iter().filter(|s| s.1 != 0) {
            let mut i = slot.0 as usize & mask;
            while self.slots[i].1 != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = slot;
        }
    }
}

/// The terms of a run of consecutive pages, counted by one thread.
///
/// Terms are told apart by a 64-bit hash of their text ([`term_hash`]), within a run and
/// across the site: two different words share a hash with odds of about 1 in 10^7 for a
/// site with a million distinct words, and the cost of that would be one word finding
/// the other's pages.
struct Counts {
    /// The run's first page.
    first_page: usize,
    /// Per page, where its entries end in `entries`, and its length in weighted words.
    page_ends: Vec<u32>,
    lengths: Vec<u32>,
    /// `(term, weighted count)` of each page, the run's pages in order.
    entries: Vec<(u32, u32)>,
    /// The run's terms, numbered in order of first use: hash, and text end to end.
    table: TermTable,
    hashes: Vec<u64>,
    text: String,
    text_at: Vec<u32>,
    /// The page being counted: count per term (0 when not on the page yet) and its
    /// terms in order of first use.
    counts: Vec<u32>,
    on_page: Vec<u32>,
    length: u32,
}

impl Counts {
    fn new(first_page: usize) -> Self {
        Counts {
            first_page,
            page_ends: Vec::new(),
            lengths: Vec::new(),
            entries: Vec::new(),
            table: TermTable::default(),
            hashes: Vec::new(),
            text: String::new(),
            text_at: vec![0],
            counts: Vec::new(),
            on_page: Vec::new(),
            length: 0,
        }
    }

    /// The text of the run's term `n`.
    fn term(&self, n: usize) -> &str {
        &self.text[self.text_at[n] as usize..self.text_at[n + 1] as usize]
    }

    /// Counts the next page of the run.
    fn page(&mut self, doc: &Doc) {
        self.length = 0;
        self.scan(&doc.title, TITLE_WEIGHT);
        for (i, s) in doc.sections.iter().enumerate() {
            self.scan(&s.heading, HEADING_WEIGHT);
            if i == 0 {
                self.scan(&doc.intro, 1);
            }
            self.scan(&s.text, 1);
        }
        for &n in &self.on_page {
            self.entries.push((n, self.counts[n as usize]));
            self.counts[n as usize] = 0;
        }
        self.on_page.clear();
        self.page_ends.push(self.entries.len() as u32);
        self.lengths.push(self.length);
    }

    /// Adds one occurrence of the word `text[start..end]`, lowercase already unless
    /// `upper` (ASCII capitals then).
    #[inline]
    fn add(&mut self, text: &str, start: usize, end: usize, upper: bool, weight: u32) {
        let hash = term_hash(text.as_bytes(), start, end, upper);
        let (n, new) = self.table.number(hash);
        if new {
            let at = self.text.len();
            self.text.push_str(&text[start..end]);
            if upper {
                self.text[at..].make_ascii_lowercase();
            }
            self.text_at.push(self.text.len() as u32);
            self.hashes.push(hash);
            self.counts.push(0);
        }
        let count = &mut self.counts[n as usize];
        if *count == 0 {
            self.on_page.push(n);
        }
        *count += weight;
    }

    fn scan(&mut self, text: &str, weight: u32) {
        if text.is_ascii() {
            self.scan_ascii(text, weight);
            return;
        }
        for (stretch, ascii) in stretches(text) {
            if ascii {
                self.scan_ascii(stretch, weight);
                continue;
            }
            let mut words = Vec::new();
            unicode_stretch_words(stretch, &mut |w, part| words.push((w, part)));
            for (w, part) in words {
                if !part {
                    self.length += weight;
                }
                self.add(&w, 0, w.len(), false, weight);
            }
        }
    }

    fn scan_ascii(&mut self, text: &str, weight: u32) {
        scan_ascii(text.as_bytes(), |start, end, flags| {
            if end - start > 80 {
                return;
            }
            self.length += weight;
            let upper = flags & UPPER != 0;
            if flags & JOINED != 0 {
                for part in name_parts(&text.as_bytes()[start..end]) {
                    self.add(text, start + part.start, start + part.end, upper, weight);
                }
            }
            self.add(text, start, end, upper, weight);
        });
    }
}

/// The 64-bit identity of the term `bytes[start..end]`, with ASCII capitals folded to
/// lowercase when `upper` is set, so a word is hashed where it stands, without a copy.
///
/// Terms of up to 8 bytes are their bytes (no term has a zero byte), mixed by a bijection:
/// no two of them collide. Up to 16 bytes: the first and last 8, folded by a 128-bit
/// multiply and mixed. Longer: xxh3 of the lowercase term.
#[inline]
fn term_hash(bytes: &[u8], start: usize, end: usize, upper: bool) -> u64 {
    let len = end - start;
    let fold = |x: u64| if upper { ascii_lower8(x) } else { x };
    if len <= 8 {
        let x = match len {
            0 => 0,
            _ => load8(bytes, start) & (u64::MAX >> (64 - 8 * len)),
        };
        fmix64(fold(x))
    } else if len <= 16 {
        let a = fold(load8(bytes, start));
        let b = fold(load8(bytes, end - 8));
        let m = u128::from(a ^ 0x243f_6a88_85a3_08d3)
            .wrapping_mul(u128::from(b ^ 0x1319_8a2e_0370_7344));
        fmix64((m as u64) ^ ((m >> 64) as u64) ^ len as u64)
    } else if upper {
        let mut lower = [0u8; 80];
        let lower = &mut lower[..len.min(80)];
        lower.copy_from_slice(&bytes[start..start + lower.len()]);
        lower.make_ascii_lowercase();
        xxh3_64(lower)
    } else {
        xxh3_64(&bytes[start..end])
    }
}

/// Eight bytes from `at`, little-endian; past the end of `bytes` they are zero.
#[inline]
fn load8(bytes: &[u8], at: usize) -> u64 {
    if let Some(chunk) = bytes.get(at..).and_then(|b| b.first_chunk::<8>()) {
        return u64::from_le_bytes(*chunk);
    }
    if bytes.len() >= 8 {
        // The last eight bytes, shifted so that `at` comes first.
        let last = u64::from_le_bytes(
            *bytes[bytes.len() - 8..]
                .first_chunk::<8>()
                .unwrap_or(&[0; 8]),
        );
        return last >> (8 * (at + 8 - bytes.len()) as u32);
    }
    let mut x = 0u64;
    for (i, &b) in bytes[at.min(bytes.len())..].iter().enumerate() {
        x |= u64::from(b) << (8 * i);
    }
    x
}

/// ASCII capitals in the eight bytes of `x` made lowercase; other bytes unchanged.
#[inline]
fn ascii_lower8(x: u64) -> u64 {
    // Per byte, bit 7 of `x + 0x80 - c` is set when the byte is at least `c` (the bytes'
    // own bit 7 cleared first so nothing carries between bytes).
    let low = x & (0x7f * ONES);
    let at_least_a = low + (0x80 - u64::from(b'A')) * ONES;
    let above_z = low + (0x80 - u64::from(b'Z') - 1) * ONES;
    let capital = at_least_a & !above_z & !x & HIGH;
    x | (capital >> 2)
}

/// The finaliser of MurmurHash3: a bijection of 64-bit values that spreads every bit.
#[inline]
fn fmix64(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^ (k >> 33)
}

/// `raw` gzip-compressed by `compressor`, which is reset first: one per thread, since a
/// fresh one zeroes a few hundred kilobytes of tables, as much work as compressing a
/// shard.
fn gzip(compressor: &mut Compress, raw: &[u8]) -> Vec<u8> {
    compressor.reset();
    // Deflate's worst case: 5 bytes per 16 kB stored block, and the gzip frame.
    let mut out = Vec::with_capacity(raw.len() + raw.len() / 1000 + 64);
    let mut read = 0;
    loop {
        let before = compressor.total_in();
        let status = compressor.compress_vec(&raw[read..], &mut out, FlushCompress::Finish);
        read += (compressor.total_in() - before) as usize;
        match status {
            Ok(Status::StreamEnd) => return out,
            Ok(_) => out.reserve(out.capacity().max(4096)),
            // Compressing memory into memory does not fail; were it to, the shard would
            // be empty and its words found nowhere, as with any missing shard.
            Err(_) => return Vec::new(),
        }
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
    let mut budget = FRAGMENT_TEXT_LIMIT;
    let first = match doc.sections.first() {
        Some(s) if !doc.intro.is_empty() => Cow::Owned(format!("{}{}", doc.intro, s.text)),
        _ => Cow::Borrowed(""),
    };
    // `{"u":url,"t":title,"k":kind,"s":[[anchor or null,heading,text],...]}`, written by
    // hand: most of a fragment is text, and scanning it eight bytes at a time for
    // characters to escape takes a third of the time of serde_json's byte loop.
    let mut out = Vec::with_capacity(
        64 + doc.url.len() + doc.title.len() + first.len() + FRAGMENT_TEXT_LIMIT.min(4096),
    );
    out.extend_from_slice(b"{\"u\":");
    json_string(&mut out, &doc.url);
    out.extend_from_slice(b",\"t\":");
    json_string(&mut out, &doc.title);
    out.extend_from_slice(b",\"k\":\"");
    out.extend_from_slice(doc.kind.name().as_bytes());
    out.extend_from_slice(b"\",\"s\":[");
    for (i, s) in doc.sections.iter().enumerate() {
        let text: &str = if i == 0 && !doc.intro.is_empty() {
            &first
        } else {
            &s.text
        };
        let mut end = text.len().min(budget);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        budget -= end;
        if i > 0 {
            out.push(b',');
        }
        out.push(b'[');
        match &s.anchor {
            Some(anchor) => json_string(&mut out, anchor),
            None => out.extend_from_slice(b"null"),
        }
        out.push(b',');
        json_string(&mut out, &s.heading);
        out.push(b',');
        json_string(&mut out, &text[..end]);
        out.push(b']');
    }
    out.extend_from_slice(b"]}");
    out
}

/// Appends `s` as a JSON string, escaped as serde_json escapes it: `"`, `\\` and control
/// characters only (`\n`, `\t` and friends where JSON has a short form).
fn json_string(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.push(b'"');
    let mut copied = 0;
    let mut i = 0;
    loop {
        i = next_to_escape(bytes, i);
        let Some(&b) = bytes.get(i) else {
            break;
        };
        out.extend_from_slice(&bytes[copied..i]);
        copied = i + 1;
        let short = match b {
            b'"' => b'"',
            b'\\' => b'\\',
            b'\n' => b'n',
            b'\t' => b't',
            b'\r' => b'r',
            0x08 => b'b',
            0x0c => b'f',
            _ => 0,
        };
        if short != 0 {
            out.extend_from_slice(&[b'\\', short]);
        } else {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"\\u00");
            out.extend_from_slice(&[HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
        }
        i += 1;
    }
    out.extend_from_slice(&bytes[copied..]);
    out.push(b'"');
}

/// The position of the first byte from `from` that a JSON string must escape (below
/// 0x20, `"` or `\\`), or the length of `bytes`: sixteen bytes at a time (SSE2), then
/// eight (in a `u64`), then one.
#[inline]
fn next_to_escape(bytes: &[u8], mut from: usize) -> usize {
    #[cfg(target_arch = "x86_64")]
    while let Some(chunk) = bytes.get(from..).and_then(|b| b.first_chunk::<16>()) {
        use std::arch::x86_64::*;
        // SAFETY: SSE2 is part of every x86_64 CPU; the load reads the 16 bytes of
        // `chunk`, unaligned.
        let mask = unsafe {
            let v = _mm_loadu_si128(chunk.as_ptr().cast());
            // Unsigned `v <= 0x1f`: max(v, 0x1f) is 0x1f.
            let control = _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8(0x1f)), _mm_set1_epi8(0x1f));
            let quote = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8));
            let backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\\' as i8));
            _mm_movemask_epi8(_mm_or_si128(control, _mm_or_si128(quote, backslash)))
        };
        if mask != 0 {
            return from + mask.trailing_zeros() as usize;
        }
        from += 16;
    }
    // Some byte of `x` is below 0x20, `"` or `\\` (a zero byte after xor, or a borrow).
    let needs_escape = |x: u64| {
        let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
        (x.wrapping_sub(0x20 * ONES) & !x & HIGH)
            | zero(x ^ (b'"' as u64 * ONES))
            | zero(x ^ (b'\\' as u64 * ONES))
    };
    while let Some(chunk) = bytes.get(from..).and_then(|b| b.first_chunk::<8>()) {
        if needs_escape(u64::from_le_bytes(*chunk)) != 0 {
            break;
        }
        from += 8;
    }
    while let Some(&b) = bytes.get(from) {
        if b < 0x20 || b == b'"' || b == b'\\' {
            return from;
        }
        from += 1;
    }
    from
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::OutputFile;
    use std::io::Read;

    fn doc(title: &str, sections: &[(&str, &str)]) -> Doc<'static> {
        Doc {
            url: format!("/{}/", title.to_lowercase()),
            title: title.to_string(),
            kind: Kind::Runbook,
            domains: vec!["Profit".into()],
            audiences: vec!["investors".into()],
            owners: vec!["Data Engineer 1".into()],
            intro: String::new(),
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

    fn build_files(docs: &[Doc]) -> Vec<OutputFile> {
        let sink = Sink::memory();
        build(docs, &sink);
        sink.into_files()
    }

    /// Every shard decoded: term -> [(page, weight)], checking the record framing.
    type Decoded = (Vec<String>, BTreeMap<String, Vec<(u64, u64)>>);

    fn decode(files: &[OutputFile]) -> Decoded {
        let meta = files.iter().find(|f| f.path == "search/meta.json").unwrap();
        let meta: serde_json::Value = serde_json::from_slice(&meta.bytes).unwrap();
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
        let files = build_files(&docs);
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
        let filters = files
            .iter()
            .find(|f| f.path == "search/filters.json")
            .unwrap();
        let filters: serde_json::Value = serde_json::from_slice(&filters.bytes).unwrap();
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
        let files = build_files(&docs);
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

    /// The byte-at-a-time scanner [`scan_ascii`] replaced, as a second opinion.
    fn words_one_byte_at_a_time(text: &str) -> Vec<(&str, u8)> {
        let b = text.as_bytes();
        let word_byte = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if !word_byte(b[i]) {
                i += 1;
                continue;
            }
            let start = i;
            let mut flags = 0;
            loop {
                while i < b.len() && word_byte(b[i]) {
                    if b[i].is_ascii_uppercase() {
                        flags |= UPPER;
                    }
                    if b[i] == b'_' {
                        flags |= JOINED;
                    }
                    i += 1;
                }
                if i + 1 < b.len() {
                    let (before, after) = (b[i - 1], b[i + 1]);
                    let letters = before.is_ascii_alphabetic() && after.is_ascii_alphabetic();
                    let digits = before.is_ascii_digit() && after.is_ascii_digit();
                    let joins = match b[i] {
                        b'.' | b'\'' => letters || digits,
                        b':' => letters,
                        b',' | b';' => digits,
                        _ => false,
                    };
                    if joins {
                        if b[i] == b'.' {
                            flags |= JOINED;
                        }
                        i += 1;
                        continue;
                    }
                }
                break;
            }
            if text[start..i].bytes().any(|c| c.is_ascii_alphanumeric()) {
                out.push((&text[start..i], flags));
            }
        }
        out
    }

    fn scanned(text: &str) -> Vec<(&str, u8)> {
        let mut out = Vec::new();
        scan_ascii(text.as_bytes(), |s, e, flags| {
            out.push((&text[s..e], flags))
        });
        out
    }

    proptest::proptest! {
        #[test]
        fn json_strings_are_written_as_serde_json_writes_them(
            s in "[\"\\\\\u{0}-\u{1f}\u{7f}a-z é日\u{2028}]{0,80}|\\PC{0,100}"
        ) {
            let mut out = Vec::new();
            json_string(&mut out, &s);
            proptest::prop_assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(&s).unwrap());
        }

        #[test]
        fn block_scanner_agrees_with_uax29_and_the_byte_scanner(
            text in "[aZ9_.':,; \n(-]{0,300}"
        ) {
            let found = scanned(&text);
            proptest::prop_assert_eq!(&found, &words_one_byte_at_a_time(&text));
            let uax29: Vec<&str> = text.unicode_words().collect();
            proptest::prop_assert_eq!(found.iter().map(|w| w.0).collect::<Vec<_>>(), uax29);
        }

        #[test]
        fn sse2_and_scalar_classes_agree(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![
                    0u8..=255,
                    proptest::sample::select(b"':,;._aAzZ@[`{/09\x80\xc3".to_vec())
                ],
                64,
            )
        ) {
            let chunk: &[u8; 64] = bytes.as_slice().try_into().unwrap();
            #[cfg(target_arch = "x86_64")]
            proptest::prop_assert_eq!(Block::of_sse2(chunk), Block::of_scalar(chunk));
            let b = Block::of_scalar(chunk);
            for (i, &c) in bytes.iter().enumerate() {
                proptest::prop_assert_eq!(b.lower >> i & 1 == 1, c.is_ascii_lowercase());
                proptest::prop_assert_eq!(b.digit >> i & 1 == 1, c.is_ascii_digit());
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn terms_hash_the_same_wherever_they_stand_and_in_any_case(
            before in "[a-z _]{0,12}",
            word in "[a-zA-Z0-9]{1,30}",
            after in "[a-z _]{0,12}",
        ) {
            let text = format!("{before}{word}{after}");
            let lower = word.to_ascii_lowercase();
            let (start, end) = (before.len(), before.len() + word.len());
            let upper = word.bytes().any(|b| b.is_ascii_uppercase());
            proptest::prop_assert_eq!(
                term_hash(text.as_bytes(), start, end, upper),
                term_hash(lower.as_bytes(), 0, lower.len(), false)
            );
        }

        #[test]
        fn eight_bytes_lowercase_as_one(x in proptest::num::u64::ANY) {
            let mut bytes = x.to_le_bytes();
            bytes.make_ascii_lowercase();
            proptest::prop_assert_eq!(ascii_lower8(x), u64::from_le_bytes(bytes));
        }
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
    fn short_terms_never_collide() {
        // Up to 8 bytes a term's hash is a bijection of its bytes.
        let mut seen = std::collections::HashSet::new();
        let letters = b"abcdefghijklmnopqrstuvwxyz0123456789";
        for &a in letters {
            for &b in letters {
                for len in 1..=8 {
                    let t: Vec<u8> = (0..len).map(|i| if i % 2 == 0 { a } else { b }).collect();
                    seen.insert((term_hash(&t, 0, t.len(), false), t));
                }
            }
        }
        let hashes: std::collections::HashSet<u64> = seen.iter().map(|(h, _)| *h).collect();
        assert_eq!(hashes.len(), seen.len());
        assert_eq!(load8(b"abc", 1), u64::from_le_bytes(*b"bc\0\0\0\0\0\0"));
        assert_eq!(load8(b"0123456789", 5), u64::from_le_bytes(*b"56789\0\0\0"));
    }

    #[test]
    fn words_across_block_boundaries() {
        // Words and joiners at bytes 62 to 66 and 126 to 130, where a scan looks into
        // the neighbouring block.
        for pad in 55..70 {
            for tail in [
                "a.b",
                "1,5",
                "ab:cd",
                "x'y",
                "a..b",
                "Fact_Orders.Daily",
                "__",
                "9;",
            ] {
                let text = format!("{}{tail} {}{tail}", " ".repeat(pad), "-".repeat(pad));
                assert_eq!(scanned(&text), words_one_byte_at_a_time(&text), "{text:?}");
            }
        }
        let long = "a".repeat(200);
        assert_eq!(scanned(&long), [(long.as_str(), 0)]);
        assert!(scanned("").is_empty());
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
