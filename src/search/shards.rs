//! Shards: the records of every term, in term order, cut into gzip-compressed files of
//! similar size, so a query word needs one of them.

use std::ops::Range;

use libdeflater::{CompressionLvl, Compressor};
use rayon::prelude::*;

/// Uncompressed bytes of postings and terms per shard, at most: a large site's first
/// query downloads `meta.json`'s list of shards (1,266 of them at 100,000 runbooks).
const SHARD_TARGET: usize = 24 * 1024;

/// Uncompressed bytes per shard, at least: below [`SHARD_SPLIT`] shards of
/// [`SHARD_TARGET`], shards are smaller (down to this), so a query's final results on a
/// site of some thousands of runbooks wait for about 6 kB a word instead of 12.
const SHARD_LEAST: usize = 12 * 1024;

/// The number of shards that shards of [`SHARD_LEAST`] bytes and more are cut into.
const SHARD_SPLIT: usize = 400;

/// Pages named per term in its head (`h/<n>.json`): its best, by weight.
pub(super) const HEAD_PAGES: usize = 8;

/// Terms per job when the records are encoded: enough that a job's own work (a buffer,
/// a few vectors) is small beside its records', few enough that both cores share them.
const CHUNK_TERMS: usize = 2048;

/// The records of the terms in `order` (a record: `varint(term length) term
/// varint(pages) varint(bytes) postings`, each posting `varint(page delta << 4 |
/// weight)`), cut into shards of [`SHARD_LEAST`] to [`SHARD_TARGET`] bytes (see
/// [`SHARD_SPLIT`]), with each shard's first
/// term; and each term's head: its number of pages and its [`HEAD_PAGES`] best pages
/// (the lower page on a tie), best first. Term `i`'s postings are
/// `postings[starts[i]..starts[i + 1]]`, `place(range)` giving the `starts` and the
/// postings of the terms `order[range]`, `parts` ranges of terms in order (of
/// `postings` postings in all): a part's postings are held only while its records are
/// encoded, as the records take about half their size (at 100,000 runbooks, four parts
/// of 30 MB instead of 120 MB beside the counts they are made from).
///
/// Each record is encoded once, in parallel, in chunks of consecutive terms; only the cuts
/// between shards are made in order, from the records' lengths (they depend on the sizes
/// of every record before); a shard's records are read out of the chunks they lie in
/// when it is compressed ([`Records::shard`]). Measuring each record first and encoding
/// it once the cuts were known went over every posting twice.
pub(super) fn cut<'t>(
    terms: &[&'t str],
    order: &[u32],
    postings: usize,
    parts: usize,
    place: impl FnMut(Range<usize>) -> (Vec<u32>, Vec<u32>),
) -> Cut<'t> {
    cut_in_chunks(terms, order, postings, (parts, CHUNK_TERMS), place)
}

/// [`cut`], the records encoded `chunk` terms a job, the postings placed `parts` times
/// (`place(range)`: the `starts` and postings of the terms `order[range]`, of
/// `postings` in all).
fn cut_in_chunks<'t>(
    terms: &[&'t str],
    order: &[u32],
    postings: usize,
    (parts, chunk): (usize, usize),
    mut place: impl FnMut(Range<usize>) -> (Vec<u32>, Vec<u32>),
) -> Cut<'t> {
    // About two bytes a posting, and a few for each term.
    let size = postings * 2 + terms.len() * 8;
    let target = (size / SHARD_SPLIT).clamp(SHARD_LEAST, SHARD_TARGET);
    let chunk = chunk.max(1);
    // Each part a whole number of chunks, so that chunks are the same in any number of
    // parts ([`Records::shard`] finds a term's chunk by its rank).
    let part_len = order
        .len()
        .div_ceil(chunk)
        .div_ceil(parts.max(1))
        .max(1)
        .saturating_mul(chunk);
    let mut chunks: Vec<Encoded> = Vec::with_capacity(order.len().div_ceil(chunk));
    for from in (0..order.len()).step_by(part_len) {
        let range = from..(from + part_len).min(order.len());
        let (starts, postings) = place(range.clone());
        chunks.par_extend(
            order[range]
                .par_chunks(chunk)
                .map(|c| encode(terms, c, &starts, &postings)),
        );
    }
    // Shard `n` holds the terms `bounds[n]..bounds[n + 1]` of `order`.
    let mut bounds: Vec<usize> = Vec::new();
    let mut firsts: Vec<&str> = Vec::new();
    let mut current = 0;
    let lengths = chunks.iter().flat_map(|c| {
        c.record_ends.iter().scan(0u32, |before, &end| {
            Some((end - std::mem::replace(before, end)) as usize)
        })
    });
    for (k, length) in lengths.enumerate() {
        if current > 0 && current + length > target {
            current = 0;
        }
        if current == 0 {
            let term = terms[order[k] as usize];
            firsts.push(match k {
                0 => term,
                _ => shortest_above(term, terms[order[k - 1] as usize]),
            });
            bounds.push(k);
        }
        current += length;
    }
    if bounds.is_empty() {
        firsts.push("");
        bounds.push(0);
    }
    bounds.push(order.len());
    let mut heads = Heads {
        terms: order.iter().map(|&i| terms[i as usize]).collect(),
        pages: Vec::with_capacity(order.len()),
        ends: Vec::with_capacity(order.len()),
        best: Vec::with_capacity(chunks.iter().map(|c| c.best.len()).sum()),
    };
    let mut records = Records {
        chunks: Vec::with_capacity(chunks.len()),
        chunk,
        bounds,
    };
    for c in chunks {
        let base = heads.best.len() as u32;
        heads.pages.extend_from_slice(&c.pages);
        heads.ends.extend(c.best_ends.iter().map(|&e| base + e));
        heads.best.extend_from_slice(&c.best);
        records.chunks.push((c.bytes, c.record_ends));
    }
    Cut {
        firsts,
        shards: records,
        heads,
    }
}

/// Every term's record, in chunks of consecutive terms as they were encoded, and where
/// the shards are cut: each shard's bytes are copied out of its chunks only when it is
/// compressed, so the records are never held twice (at 100,000 runbooks, 31 MB).
pub(super) struct Records {
    /// Each chunk's records and where each ends.
    chunks: Vec<(Vec<u8>, Vec<u32>)>,
    /// Terms a chunk.
    chunk: usize,
    /// Shard `n` holds the terms `bounds[n]..bounds[n + 1]`.
    bounds: Vec<usize>,
}

impl Records {
    /// The number of shards.
    pub fn count(&self) -> usize {
        self.bounds.len() - 1
    }

    /// The bytes of every record.
    pub fn bytes(&self) -> usize {
        self.chunks.iter().map(|c| c.0.len()).sum()
    }

    /// Appends shard `n`'s records to `out`.
    pub fn shard(&self, n: usize, out: &mut Vec<u8>) {
        let (mut k, to) = (self.bounds[n], self.bounds[n + 1]);
        while k < to {
            let (bytes, ends) = &self.chunks[k / self.chunk];
            let base = k / self.chunk * self.chunk;
            let (first, last) = (k - base, (to - base).min(self.chunk));
            let begin = match first {
                0 => 0,
                _ => ends[first - 1] as usize,
            };
            out.extend_from_slice(&bytes[begin..ends[last - 1] as usize]);
            k = base + last;
        }
    }
}

/// A chunk of terms' records, and their heads.
struct Encoded {
    bytes: Vec<u8>,
    /// Where each term's record ends in `bytes`.
    record_ends: Vec<u32>,
    /// Each term's number of pages, and its best pages: term `j`'s end at `best_ends[j]`.
    pages: Vec<u32>,
    best: Vec<u32>,
    best_ends: Vec<u32>,
}

/// The records of the terms `chunk` (see [`cut`]), one after the other.
fn encode(terms: &[&str], chunk: &[u32], starts: &[u32], postings: &[u32]) -> Encoded {
    let held: usize = chunk
        .iter()
        .map(|&i| (starts[i as usize + 1] - starts[i as usize]) as usize)
        .sum();
    let mut out = Encoded {
        // About two bytes a posting and a few a term, as `cut` reckons.
        bytes: Vec::with_capacity(held * 2 + chunk.len() * 8),
        record_ends: Vec::with_capacity(chunk.len()),
        pages: Vec::with_capacity(chunk.len()),
        best: Vec::with_capacity(chunk.len() * 2),
        best_ends: Vec::with_capacity(chunk.len()),
    };
    let mut best: Vec<u32> = Vec::with_capacity(HEAD_PAGES + 1);
    let mut list = Vec::with_capacity(1024);
    for &i in chunk {
        let term = terms[i as usize];
        let pages = &postings[starts[i as usize] as usize..starts[i as usize + 1] as usize];
        list.clear();
        let mut last = 0u32;
        for &p in pages {
            let doc = p >> 4;
            varint(&mut list, u64::from((doc - last) << 4 | (p & 15)));
            last = doc;
        }
        let record = &mut out.bytes;
        varint(record, term.len() as u64);
        record.extend_from_slice(term.as_bytes());
        varint(record, pages.len() as u64);
        varint(record, list.len() as u64);
        record.extend_from_slice(&list);
        out.record_ends.push(record.len() as u32);
        // The term's best pages by weight (the lower page on a tie), HEAD_PAGES at most:
        // linear in its postings (a page no heavier than the last kept is passed over at
        // once).
        best.clear();
        for &p in pages {
            if best.len() == HEAD_PAGES && best[HEAD_PAGES - 1] & 15 >= p & 15 {
                continue;
            }
            let at = best
                .iter()
                .position(|&b| (b & 15) < (p & 15))
                .unwrap_or(best.len());
            best.insert(at, p);
            best.truncate(HEAD_PAGES);
        }
        out.pages.push(pages.len() as u32);
        out.best.extend_from_slice(&best);
        out.best_ends.push(out.best.len() as u32);
    }
    out
}

/// The shortest prefix of `term` above `last` (the term before it): a shard's bound in
/// `meta.json`, which every first query downloads (at 100,000 runbooks it lists 1,300
/// shards). A word is at or above it exactly when it is above `last`.
fn shortest_above<'t>(term: &'t str, last: &str) -> &'t str {
    term.char_indices()
        .map(|(i, c)| &term[..i + c.len_utf8()])
        .find(|p| *p > last)
        .unwrap_or(term)
}

/// What [`cut`] makes of the terms.
pub(super) struct Cut<'t> {
    pub firsts: Vec<&'t str>,
    pub shards: Records,
    pub heads: Heads<'t>,
}

/// Every term's head, in term order: `pages[i]` pages hold `terms[i]`, and
/// `best[ends[i - 1]..ends[i]]` are the best of them (`page << 4 | weight`), best first.
pub(super) struct Heads<'t> {
    pub terms: Vec<&'t str>,
    pub pages: Vec<u32>,
    pub ends: Vec<u32>,
    pub best: Vec<u32>,
}

impl Heads<'_> {
    /// Term `i`'s best pages.
    pub fn best(&self, i: usize) -> &[u32] {
        let from = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.best[from..self.ends[i] as usize]
    }
}

/// libdeflate's level 1 (its level 0 stores without compressing).
const LEVEL: CompressionLvl = match CompressionLvl::new(1) {
    Ok(level) => level,
    Err(_) => CompressionLvl::best(),
};

/// Files `0..count` gzip-compressed and handed to `put` one at a time, in parallel:
/// `file(i, raw)` writes file `i` uncompressed into `raw` (empty). Each thread reuses its
/// compressor and two buffers, and no file is held past its `put`: at 10,000 runbooks
/// the heads were 27 MB before compression and 8 MB after, all held at once until
/// written.
pub(super) fn compress_each(
    count: usize,
    file: impl Fn(usize, &mut Vec<u8>) + Sync,
    put: impl Fn(usize, &[u8]) + Sync,
) {
    (0..count).into_par_iter().for_each_init(
        // libdeflate's level 1: as small as zlib's level 2 and twice as fast (see
        // Cargo.toml). One compressor per job: making one allocates its tables.
        || (Compressor::new(LEVEL), Vec::new(), Vec::new()),
        |(compressor, raw, out), i| {
            raw.clear();
            file(i, raw);
            put(i, gzip(compressor, raw, out));
        },
    );
}

/// Each of `count` files made by `file` and handed to `put` as it is, in parallel.
pub(super) fn write_each(
    count: usize,
    file: impl Fn(usize, &mut Vec<u8>) + Sync,
    put: impl Fn(usize, &[u8]) + Sync,
) {
    (0..count)
        .into_par_iter()
        .for_each_init(Vec::new, |raw, i| {
            raw.clear();
            file(i, raw);
            put(i, raw);
        });
}

/// `raw` gzip-compressed by `compressor`, in `out`'s first bytes. `out` only grows, so
/// that its bytes are zeroed once per thread rather than once per file (a twentieth of
/// the gzip's own instructions for a head file of 2 kB).
fn gzip<'o>(compressor: &mut Compressor, raw: &[u8], out: &'o mut Vec<u8>) -> &'o [u8] {
    let bound = compressor.gzip_compress_bound(raw.len());
    if out.len() < bound {
        out.resize(bound, 0);
    }
    // Within the bound it does not fail; were it to, the file would be empty and its
    // words found nowhere, as with any missing shard.
    let written = compressor
        .gzip_compress(raw, &mut out[..bound])
        .unwrap_or(0);
    &out[..written]
}

/// LEB128: seven bits a byte, low bits first.
fn varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::super::testing::*;
    use super::super::typo::fnv1a;
    use super::super::Doc;
    use super::*;

    /// Every head file, decoded: term -> (pages, [page, weight, ...]), and page -> row.
    type Decoded = (
        BTreeMap<String, (u64, Vec<u64>)>,
        BTreeMap<u64, serde_json::Value>,
    );

    fn heads(files: &[crate::write::OutputFile]) -> Decoded {
        let meta = files.iter().find(|f| f.path == "search/meta.json").unwrap();
        let meta: serde_json::Value = serde_json::from_slice(&meta.bytes).unwrap();
        let count = meta["heads"].as_u64().unwrap_or(0);
        let (mut terms, mut rows) = (BTreeMap::new(), BTreeMap::new());
        for i in 0..count {
            let f = files
                .iter()
                .find(|f| f.path == format!("search/h/{i}.json"))
                .unwrap();
            let file: serde_json::Value = serde_json::from_slice(&f.bytes).unwrap();
            for t in file["t"].as_array().unwrap() {
                let term = t[0].as_str().unwrap();
                // The browser looks for a term in the file of its hash only.
                assert_eq!(u64::from(fnv1a(term.as_bytes())) % count, i, "{term}");
                let list = t[2].as_array().unwrap().iter().map(|v| v.as_u64().unwrap());
                terms.insert(term.to_string(), (t[1].as_u64().unwrap(), list.collect()));
            }
            for r in file["r"].as_array().unwrap() {
                rows.insert(r[0].as_u64().unwrap(), r.clone());
            }
        }
        (terms, rows)
    }

    #[test]
    fn records_end_where_each_ends_and_varints_take_seven_bits_a_byte() {
        for (n, want) in [(0, 1), (127, 1), (128, 2), (16_383, 2), (16_384, 3)] {
            let mut bytes = Vec::new();
            varint(&mut bytes, n);
            assert_eq!(bytes.len(), want, "{n}");
        }
        let pages = [3 << 4 | 2, 200 << 4 | 15, 70_000 << 4 | 1, 4 << 4 | 3];
        let encoded = encode(&["été", "x"], &[0, 1], &[0, 3, 4], &pages);
        // `été` is 5 bytes; postings 3<<4|2 (1 byte), 197<<4|15 (2), 69,800<<4|1 (3).
        let first = 1 + 5 + 1 + 1 + 6;
        assert_eq!(encoded.record_ends, [first, first + 1 + 1 + 1 + 1 + 1]);
        assert_eq!(encoded.bytes.len(), encoded.record_ends[1] as usize);
        assert_eq!(&encoded.bytes[first as usize..][..2], [1, b'x']);
    }

    #[test]
    fn shards_are_the_same_whatever_the_chunks_the_records_are_encoded_in() {
        // 1,500 terms of 1 to 40 pages: shards of SHARD_LEAST bytes, several of them,
        // each over chunks of 7 terms (most shards start and end inside a chunk).
        let terms: Vec<String> = (0..1500).map(|i| format!("t{i:05}")).collect();
        let terms: Vec<&str> = terms.iter().map(String::as_str).collect();
        let (mut starts, mut postings) = (vec![0u32], Vec::new());
        for i in 0..terms.len() as u32 {
            for k in 0..(1 + i * 7 % 40) {
                postings.push((k * 3 + i % 5) << 4 | (1 + (i + k) % 15));
            }
            starts.push(postings.len() as u32);
        }
        let order: Vec<u32> = (0..terms.len() as u32).collect();
        let shard_bytes = |r: &Records| -> Vec<Vec<u8>> {
            (0..r.count())
                .map(|n| {
                    let mut out = Vec::new();
                    r.shard(n, &mut out);
                    out
                })
                .collect()
        };
        let place = |_| (starts.clone(), postings.clone());
        let whole = cut_in_chunks(&terms, &order, postings.len(), (1, usize::MAX), place);
        let all = shard_bytes(&whole.shards);
        assert!(all.len() >= 3, "{}", all.len());
        assert_eq!(all.concat().len(), whole.shards.bytes());
        for (parts, chunk) in [(1, 1), (1, 7), (3, 7), (50, 7), (1, 1024), (2, 1024)] {
            // Each part's own terms' postings only.
            let place = |range: std::ops::Range<usize>| {
                let (mut s, mut p) = (vec![0u32], Vec::new());
                for i in 0..terms.len() {
                    if order[range.clone()].contains(&(i as u32)) {
                        p.extend_from_slice(&postings[starts[i] as usize..starts[i + 1] as usize]);
                    }
                    s.push(p.len() as u32);
                }
                (s, p)
            };
            let cut = cut_in_chunks(&terms, &order, postings.len(), (parts, chunk), place);
            assert_eq!(cut.firsts, whole.firsts, "{chunk}");
            assert_eq!(shard_bytes(&cut.shards), all, "{chunk}");
            assert_eq!(cut.heads.pages, whole.heads.pages, "{chunk}");
            assert_eq!(cut.heads.ends, whole.heads.ends, "{chunk}");
            assert_eq!(cut.heads.best, whole.heads.best, "{chunk}");
        }
        let empty = cut_in_chunks(&[], &[], 0, (4, 7), |_| (vec![0], Vec::new()));
        assert_eq!(
            (empty.firsts, shard_bytes(&empty.shards)),
            (vec![""], vec![Vec::new()])
        );
    }

    #[test]
    fn a_small_site_has_no_heads() {
        let docs = vec![
            doc("Alpha", &[("", "restart the loader")]),
            doc("Beta", &[("", "nothing here")]),
        ];
        let files = build_files(&docs);
        assert!(heads(&files).0.is_empty());
        assert!(!files.iter().any(|f| f.path.starts_with("search/h/")));
    }

    #[test]
    fn bounds_are_the_shortest_prefixes_above_the_term_before() {
        assert_eq!(shortest_above("kubelet", "kubaz"), "kube");
        assert_eq!(shortest_above("abc", "ab"), "abc");
        assert_eq!(shortest_above("b", "azzz"), "b");
        assert_eq!(shortest_above("été", "étaient"), "été");
        assert_eq!(shortest_above("zeta", "alpha"), "z");
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
        // Every term has a head: its number of pages and its best ones, best first (the
        // lower page on a tie), each named by the row of its file.
        let (heads, rows) = heads(&files);
        assert_eq!(heads.len(), terms.len());
        for (term, list) in &terms {
            let (pages, best) = &heads[term];
            assert_eq!(*pages as usize, list.len(), "{term}");
            let mut want = list.clone();
            want.sort_by_key(|&(page, weight)| (std::cmp::Reverse(weight), page));
            want.truncate(HEAD_PAGES);
            let got: Vec<(u64, u64)> = best.chunks(2).map(|c| (c[0], c[1])).collect();
            assert_eq!(got, want, "{term}");
            let row = &rows[&want[0].0];
            assert_eq!(row[2], format!("Doc{}", want[0].0), "{term}");
        }
        for f in files.iter().filter(|f| f.path.starts_with("search/s/")) {
            assert!(
                f.bytes.len() < SHARD_TARGET,
                "{} is {} bytes",
                f.path,
                f.bytes.len()
            );
        }
    }
}
