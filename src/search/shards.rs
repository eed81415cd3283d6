//! Shards: the records of every term, in term order, cut into gzip-compressed files of
//! similar size, so a query word needs one of them.

use std::collections::HashMap;

use flate2::{Compress, Compression, FlushCompress, Status};
use rayon::prelude::*;

/// Uncompressed bytes of postings and terms per shard.
const SHARD_TARGET: usize = 24 * 1024;

/// Pages named in a shard's page table (`s/<n>.json`): enough for every page of a site
/// of a hundred-odd runbooks, a few kilobytes gzip-compressed on a large one.
pub(super) const PAGE_TABLE_LIMIT: usize = 128;

/// The largest site whose shards' page tables are elected by votes; past it, a table
/// names the best page of each of the shard's most common terms, at most
/// [`LARGE_TABLE_LIMIT`] (see [`cut`]).
pub(super) const TABLES_UP_TO: usize = 8 * PAGE_TABLE_LIMIT;

/// Pages in a page table past [`TABLES_UP_TO`] pages: about 0.7 kB gzip-compressed at
/// 10,000 runbooks, which a first query fetches beside each shard (its budget is
/// 100 kB), for the first result by title a round trip before its text.
pub(super) const LARGE_TABLE_LIMIT: usize = 12;

/// How many of a term's best pages vote for a place in its shard's page table.
const VOTERS: usize = 3;

/// The records of the terms in `order` (a record: `varint(term length) term
/// varint(pages) varint(bytes) postings`, each posting `varint(page delta << 4 |
/// weight)`), cut into shards of about [`SHARD_TARGET`] bytes, with each shard's first
/// term, and each shard's page table: the pages most often among the [`VOTERS`] best of
/// its terms, at most [`PAGE_TABLE_LIMIT`], in page order; on a site of more than
/// [`TABLES_UP_TO`] `pages`, where a hundred pages are few of a query's best, the best
/// page of each of its [`LARGE_TABLE_LIMIT`] terms found on most pages: a query's
/// first result is most often the best page of one of its words (the lower page on a
/// tie), which a word's commonest completions share. Term `i`'s postings are
/// `postings[starts[i]..starts[i + 1]]`.
pub(super) fn cut<'t>(
    terms: &[&'t str],
    order: &[u32],
    starts: &[u32],
    postings: &[u32],
    pages_in_site: usize,
) -> Cut<'t> {
    let large = pages_in_site > TABLES_UP_TO;
    // Large sites: (pages of the term, its best page) per term of the current shard.
    let mut bests: Vec<(u32, u32)> = Vec::new();
    let mut shard_bytes: Vec<Vec<u8>> = Vec::new();
    let mut tables: Vec<Vec<u32>> = Vec::new();
    let mut votes: HashMap<u32, u32> = HashMap::new();
    let mut best: Vec<u32> = Vec::with_capacity(VOTERS + 1);
    let mut firsts: Vec<&str> = Vec::new();
    let mut previous: Option<&str> = None;
    let mut current: Vec<u8> = Vec::with_capacity(SHARD_TARGET + 1024);
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
        if !current.is_empty() && current.len() + record.len() > SHARD_TARGET {
            shard_bytes.push(std::mem::replace(
                &mut current,
                Vec::with_capacity(SHARD_TARGET + 1024),
            ));
            tables.push(if large {
                best_of_common(&mut bests)
            } else {
                elect(&mut votes)
            });
        }
        if current.is_empty() {
            firsts.push(match previous {
                Some(last) => shortest_above(term, last),
                None => term,
            });
        }
        previous = Some(term);
        current.extend_from_slice(&record);
        // The term's best pages by weight (the lower page on a tie), VOTERS at most:
        // linear in its postings.
        best.clear();
        for &p in pages {
            let at = best
                .iter()
                .position(|&b| (b & 15) < (p & 15))
                .unwrap_or(best.len());
            if at < VOTERS {
                best.insert(at, p);
                best.truncate(VOTERS);
            }
        }
        if large {
            if let Some(&p) = best.first() {
                bests.push((pages.len() as u32, p >> 4));
            }
        } else {
            for (rank, &p) in best.iter().enumerate() {
                *votes.entry(p >> 4).or_default() += (VOTERS - rank) as u32;
            }
        }
    }
    if !current.is_empty() || shard_bytes.is_empty() {
        if current.is_empty() {
            firsts.push("");
        }
        shard_bytes.push(current);
        tables.push(if large {
            best_of_common(&mut bests)
        } else {
            elect(&mut votes)
        });
    }
    Cut {
        firsts,
        shard_bytes,
        tables,
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
    pub tables: Vec<Vec<u32>>,
}

/// The [`PAGE_TABLE_LIMIT`] pages with the most votes (the lower page on a tie), in page
/// order; the votes are cleared for the next shard.
fn elect(votes: &mut HashMap<u32, u32>) -> Vec<u32> {
    let mut pages: Vec<(u32, u32)> = votes.drain().collect();
    if pages.len() > PAGE_TABLE_LIMIT {
        pages.select_nth_unstable_by_key(PAGE_TABLE_LIMIT - 1, |&(page, n)| {
            (std::cmp::Reverse(n), page)
        });
        pages.truncate(PAGE_TABLE_LIMIT);
    }
    let mut pages: Vec<u32> = pages.into_iter().map(|(page, _)| page).collect();
    pages.sort_unstable();
    pages
}

/// The best pages of the terms in `bests` found on most pages (the earlier term on a
/// tie), [`LARGE_TABLE_LIMIT`] distinct pages at most, in page order; `bests` is cleared
/// for the next shard.
fn best_of_common(bests: &mut Vec<(u32, u32)>) -> Vec<u32> {
    // Stable: terms on as many pages stay in term order.
    bests.sort_by_key(|&(n, _)| std::cmp::Reverse(n));
    let mut pages: Vec<u32> = Vec::with_capacity(LARGE_TABLE_LIMIT);
    for &(_, page) in bests.iter() {
        if pages.len() == LARGE_TABLE_LIMIT {
            break;
        }
        if !pages.contains(&page) {
            pages.push(page);
        }
    }
    bests.clear();
    pages.sort_unstable();
    pages
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
    use super::super::testing::*;
    use super::super::Doc;
    use super::*;

    fn table(files: &[crate::write::OutputFile], shard: usize) -> Vec<serde_json::Value> {
        use std::io::Read;
        let f = files
            .iter()
            .find(|f| f.path == format!("search/p/{shard}.bin"))
            .unwrap();
        let mut raw = Vec::new();
        flate2::read::GzDecoder::new(&f.bytes[..])
            .read_to_end(&mut raw)
            .unwrap();
        serde_json::from_slice(&raw).unwrap()
    }

    #[test]
    fn a_small_site_has_every_page_in_its_page_table() {
        let mut named = doc("Gamma", &[("", "restart the loader")]);
        named.names = "gamma-loader\nGammaLoaderDown".into();
        let docs = vec![
            doc("Alpha", &[("", "restart the loader")]),
            doc("Beta", &[("", "nothing here")]),
            named,
        ];
        let files = build_files(&docs);
        let rows: Vec<serde_json::Value> = table(&files, 0);
        assert_eq!(
            serde_json::Value::from(rows),
            serde_json::json!([
                [0, "/alpha/", "Alpha", "runbook"],
                [1, "/beta/", "Beta", "runbook"],
                [
                    2,
                    "/gamma/",
                    "Gamma",
                    "runbook",
                    "gamma-loader\nGammaLoaderDown"
                ]
            ])
        );
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
    fn page_tables_hold_the_most_voted_pages_up_to_the_limit() {
        let docs: Vec<Doc> = (0..TABLES_UP_TO)
            .map(|i| {
                doc(
                    &format!("Doc{i}"),
                    &[("", &format!("word{i} zeta{i} wordy{} common", i % 7))],
                )
            })
            .collect();
        let files = build_files(&docs);
        let (firsts, _) = decode(&files);
        assert!(firsts.len() >= 2, "{} shards", firsts.len());
        // Beside each shard, its page table: the most voted pages, no more than the limit.
        for i in 0..firsts.len() {
            let rows: Vec<serde_json::Value> = table(&files, i);
            assert!(!rows.is_empty() && rows.len() <= PAGE_TABLE_LIMIT);
            let pages: Vec<u64> = rows.iter().map(|r| r[0].as_u64().unwrap()).collect();
            assert!(pages.windows(2).all(|w| w[0] < w[1]), "in page order");
        }
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
        // Past TABLES_UP_TO pages, each table names the best page of its shard's
        // commonest terms: `common` (every page, weight equal: the first page) among them.
        let mut named = std::collections::BTreeSet::new();
        for i in 0..firsts.len() {
            let rows = table(&files, i);
            assert!(
                !rows.is_empty() && rows.len() <= LARGE_TABLE_LIMIT,
                "{}",
                rows.len()
            );
            named.extend(rows.iter().map(|r| r[0].as_u64().unwrap()));
        }
        let best = |term: &str| {
            let list = &terms[term];
            let top = list.iter().map(|p| p.1).max().unwrap();
            list.iter().find(|p| p.1 == top).unwrap().0
        };
        for term in ["common", "text", "wordy3", "other5"] {
            assert!(named.contains(&best(term)), "{term}'s best page");
        }
        for f in files.iter().filter(|f| f.path.ends_with(".bin")) {
            assert!(
                f.bytes.len() < SHARD_TARGET,
                "{} is {} bytes",
                f.path,
                f.bytes.len()
            );
        }
    }
}
