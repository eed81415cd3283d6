//! Shards: the records of every term, in term order, cut into gzip-compressed files of
//! similar size, so a query word needs one of them.

use flate2::{Compress, Compression, FlushCompress, Status};
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

/// Pages named per term in its head (`h/<n>.bin`): its best, by weight.
pub(super) const HEAD_PAGES: usize = 8;

/// The records of the terms in `order` (a record: `varint(term length) term
/// varint(pages) varint(bytes) postings`, each posting `varint(page delta << 4 |
/// weight)`), cut into shards of [`SHARD_LEAST`] to [`SHARD_TARGET`] bytes (see
/// [`SHARD_SPLIT`]), with each shard's first
/// term; and each term's head: its number of pages and its [`HEAD_PAGES`] best pages
/// (the lower page on a tie), best first. Term `i`'s postings are
/// `postings[starts[i]..starts[i + 1]]`.
pub(super) fn cut<'t>(
    terms: &[&'t str],
    order: &[u32],
    starts: &[u32],
    postings: &[u32],
) -> Cut<'t> {
    // About two bytes a posting, and a few for each term.
    let size = postings.len() * 2 + terms.len() * 8;
    let target = (size / SHARD_SPLIT).clamp(SHARD_LEAST, SHARD_TARGET);
    let mut shard_bytes: Vec<Vec<u8>> = Vec::new();
    let mut heads = Heads {
        terms: Vec::with_capacity(order.len()),
        pages: Vec::with_capacity(order.len()),
        ends: Vec::with_capacity(order.len()),
        best: Vec::with_capacity(order.len() * 2),
    };
    let mut best: Vec<u32> = Vec::with_capacity(HEAD_PAGES + 1);
    let mut firsts: Vec<&str> = Vec::new();
    let mut previous: Option<&str> = None;
    let mut current: Vec<u8> = Vec::with_capacity(target + 1024);
    let mut record = Vec::with_capacity(1024);
    let mut list = Vec::with_capacity(1024);
    for &i in order {
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
        if !current.is_empty() && current.len() + record.len() > target {
            shard_bytes.push(std::mem::replace(
                &mut current,
                Vec::with_capacity(target + 1024),
            ));
        }
        if current.is_empty() {
            firsts.push(match previous {
                Some(last) => shortest_above(term, last),
                None => term,
            });
        }
        previous = Some(term);
        current.extend_from_slice(&record);
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
        heads.terms.push(term);
        heads.pages.push(pages.len() as u32);
        heads.best.extend_from_slice(&best);
        heads.ends.push(heads.best.len() as u32);
    }
    if !current.is_empty() || shard_bytes.is_empty() {
        if current.is_empty() {
            firsts.push("");
        }
        shard_bytes.push(current);
    }
    Cut {
        firsts,
        shard_bytes,
        heads,
    }
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
    pub shard_bytes: Vec<Vec<u8>>,
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

/// Every shard gzip-compressed, in parallel.
pub(super) fn compress(shard_bytes: &[Vec<u8>]) -> Vec<Vec<u8>> {
    shard_bytes
        .par_iter()
        .map_init(
            // Level 2: zlib-rs's level 1 has fixed Huffman codes only, which make the
            // shards a quarter larger (see Cargo.toml).
            || Compress::new_gzip(Compression::new(2), 15),
            |c, raw| gzip(c, raw),
        )
        .collect()
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
        use std::io::Read;
        let meta = files.iter().find(|f| f.path == "search/meta.json").unwrap();
        let meta: serde_json::Value = serde_json::from_slice(&meta.bytes).unwrap();
        let count = meta["heads"].as_u64().unwrap_or(0);
        let (mut terms, mut rows) = (BTreeMap::new(), BTreeMap::new());
        for i in 0..count {
            let f = files
                .iter()
                .find(|f| f.path == format!("search/h/{i}.bin"))
                .unwrap();
            let mut raw = Vec::new();
            flate2::read::GzDecoder::new(&f.bytes[..])
                .read_to_end(&mut raw)
                .unwrap();
            let file: serde_json::Value = serde_json::from_slice(&raw).unwrap();
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
