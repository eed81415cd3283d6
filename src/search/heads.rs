//! The head files (`h/<n>.json`): for each term, the number of pages holding it, its best
//! pages, and the rows (title, kind, lead) of the first of them, so that the header's
//! list shows a first query's best results one round trip after it is typed.

use rayon::prelude::*;

use super::index::Row;
use super::json::{front_coded_url, json_string, number};
use super::shards::{self, Heads, HEAD_PAGES};
use super::typo::fnv1a;
use crate::write::Sink;

/// Terms per head file (`h/<n>.json`), on average: about 2.1 kB on the wire (the host's
/// gzip) each on a generated site of 10,000 runbooks, the rows of the terms' best pages
/// included (most terms are on a page or two), so a query word's best pages, titles and
/// leads come in one round trip and a twentieth of a second at 50 kB/s. 12 terms a file
/// instead of 8 took a third of the files away (5,213 -> 3,476 at 10,000 runbooks; each
/// then cost about 60,000 instructions of gzip whatever its size, and costs the kernel a
/// file still) for 0.6 kB more a word (issue 16.2's warm query on Slow 3G, 2.2 s).
const TERMS_PER_HEAD: usize = 12;

/// At most this many head files, whatever the number of terms: past it each file holds
/// more than [`TERMS_PER_HEAD`]. The terms follow the words' variety, not the bytes of
/// text: one 4 MiB runbook of distinct tokens (`w1 w2 …`, or a log of request ids) held
/// 1.07 million terms, 89,614 head files (each a file the kernel creates and every
/// deploy uploads again, the build's id being in it), four times the 22,279 of a
/// generated site of 100,000 runbooks, which stays under this.
const MAX_HEADS: usize = 32_768;

/// Rows per term in its head: its best pages but the last two of [`HEAD_PAGES`]. The
/// header's list shows 6 results; a page the heads rank 7th or 8th for every word of a
/// query seldom makes it, and those two rows were a sixth of the heads' bytes.
const HEAD_ROWS: usize = HEAD_PAGES - 2;

/// The head files of a site whose index does not come with `meta.json` (none when it
/// does: `embedded`): term `t` is in file `fnv1a(t) % count`, which the browser finds
/// without a list. Each is JSON `{"t": [[term, pages, [page, weight, ...]], ...], "r":
/// [[page, url, title, kind, lead], ...]}`: the terms' best pages, best first, and the
/// rows (see [`page_rows`], without the names; in page order, each URL front-coded
/// against the row before ([`front_coded_url`]), the kind as its [`Kind::digit`]) of the
/// first [`HEAD_ROWS`] of them, for
/// every term, numbers too (`10977`, an error code: a query of one gets its results'
/// texts in the same round trip as any other): the header's list shows a result only with its
/// text, and what the heads hold it shows a round trip before the texts of the others
/// (`f/`). Written to `sink` as plain JSON, each as soon as it is made (the host
/// compresses JSON on the wire, as Netlify does: gzip of the heads was 31 % of the index's
/// instructions at 10,000 runbooks, session 42); returns how many there are.
pub(super) fn write_heads(
    sink: &Sink,
    rows: &[Option<Row>],
    heads: &Heads,
    embedded: bool,
    build: &str,
) -> usize {
    if embedded || heads.terms.is_empty() {
        return 0;
    }
    let count = heads.terms.len().div_ceil(TERMS_PER_HEAD).min(MAX_HEADS);
    let mut of_file: Vec<Vec<u32>> = vec![Vec::new(); count];
    for (i, term) in heads.terms.iter().enumerate() {
        of_file[fnv1a(term.as_bytes()) as usize % count].push(i as u32);
    }
    // Each page's row but its page and URL written once (`,title,kind,lead]`): a page is
    // in the heads of about ten terms. No names (a first query at 100,000 runbooks stays
    // within its 120 kB): a page the heads name is shown without its fragment, so a query
    // that names it puts it first by its title only.
    let packed = PackedRows::new(rows);
    shards::write_each(
        count,
        |f, out| {
            // Written by hand, as the fragments are: a twentieth of the index's files,
            // which serde_json's values would take several allocations a row to write.
            let terms = &of_file[f];
            let mut named: Vec<u32> = Vec::with_capacity(terms.len() * HEAD_ROWS);
            out.extend_from_slice(b"{\"b\":\"");
            out.extend_from_slice(build.as_bytes());
            out.extend_from_slice(b"\",\"t\":[");
            for (k, &i) in terms.iter().enumerate() {
                let term = heads.terms[i as usize];
                let best = heads.best(i as usize);
                if k > 0 {
                    out.push(b',');
                }
                out.push(b'[');
                json_string(out, term);
                number(out, b',', heads.pages[i as usize]);
                out.extend_from_slice(b",[");
                for (j, &p) in best.iter().enumerate() {
                    number(out, if j > 0 { b',' } else { 0 }, p >> 4);
                    number(out, b',', p & 15);
                }
                out.extend_from_slice(b"]]");
                named.extend(best.iter().take(HEAD_ROWS).map(|&p| p >> 4));
            }
            named.sort_unstable();
            named.dedup();
            out.extend_from_slice(b"],\"r\":[");
            let (mut last, mut first) = ("", true);
            for p in named {
                let Some((url, tail)) = packed.row(p as usize) else {
                    continue;
                };
                if !first {
                    out.push(b',');
                }
                first = false;
                number(out, b'[', p);
                out.push(b',');
                front_coded_url(out, url, last);
                out.extend_from_slice(tail);
                last = url;
            }
            out.extend_from_slice(b"]}");
        },
        |f, bytes| sink.put(&format!("search/h/{f}.json"), bytes),
    );
    count
}

/// Pages per block of [`PackedRows`]: blocks are made in parallel.
const PACKED_BLOCK: usize = 1024;

/// Every page's row as the heads write it, but its page number: its URL, then
/// `,title,kind,lead]`, end to end in page order, in blocks of [`PACKED_BLOCK`] pages. A
/// head file's rows are pages all over the site: read from a `Row` (its URL and its
/// written tail each a string of their own), each was three places in memory, each a
/// cache miss (93 % of `front_coded_url`'s samples were on the load of the URL's first
/// bytes); here a row is one place, and the rows of nearby pages are near.
struct PackedRows {
    /// Per block: its rows' bytes, and where each row's URL and tail start (2 a row,
    /// then the end); a page without a row has an empty URL and tail.
    blocks: Vec<(Vec<u8>, Vec<u32>)>,
}

impl PackedRows {
    fn new(rows: &[Option<Row>]) -> Self {
        let blocks = rows
            .par_chunks(PACKED_BLOCK)
            .map(|block| {
                let bytes: usize = block
                    .iter()
                    .flatten()
                    .map(|r| r.url.len() + r.title.len() + r.lead.len() + 12)
                    .sum();
                let mut out = Vec::with_capacity(bytes);
                let mut at = Vec::with_capacity(block.len() * 2 + 1);
                for row in block {
                    at.push(out.len() as u32);
                    let Some(row) = row else {
                        at.push(out.len() as u32);
                        continue;
                    };
                    out.extend_from_slice(row.url.as_bytes());
                    at.push(out.len() as u32);
                    out.push(b',');
                    json_string(&mut out, &row.title);
                    number(&mut out, b',', u32::from(row.kind.digit()));
                    out.push(b',');
                    json_string(&mut out, &row.lead);
                    out.push(b']');
                }
                at.push(out.len() as u32);
                (out, at)
            })
            .collect();
        PackedRows { blocks }
    }

    /// Page `p`'s URL and written tail; `None` for a page without a row.
    fn row(&self, p: usize) -> Option<(&str, &[u8])> {
        let (bytes, at) = self.blocks.get(p / PACKED_BLOCK)?;
        let k = p % PACKED_BLOCK * 2;
        let (url, tail, end) = (at[k] as usize, at[k + 1] as usize, at[k + 2] as usize);
        if tail == end {
            return None;
        }
        // A URL's bytes, copied from a `String`: its validation reads them a word at a
        // time.
        let url = std::str::from_utf8(&bytes[url..tail]).ok()?;
        Some((url, &bytes[tail..end]))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::super::output::EMBED_PAGES;
    use super::super::testing::doc;
    use super::*;

    #[test]
    fn heads_hold_the_rows_of_each_terms_best_pages_with_their_leads() {
        let docs: Vec<_> = (0..EMBED_PAGES + 1)
            .map(|i| {
                doc(
                    &format!("Doc{i}"),
                    &[("", &format!("common text {i} zeta{}", i % 5))],
                )
            })
            .collect();
        let files = super::super::testing::build_files(&docs);
        // Per head file: its rows, and each of its terms' best pages.
        let mut files_rows = Vec::new();
        let mut best = BTreeMap::new();
        for f in files.iter().filter(|f| f.path.starts_with("search/h/")) {
            assert!(f.path.ends_with(".json"), "{}", f.path);
            // Plain JSON, for the host to compress on the wire.
            let file: serde_json::Value = serde_json::from_slice(&f.bytes).unwrap();
            let mut rows = BTreeMap::new();
            // Each URL front-coded against the row before, as the browser reads it.
            let mut last = String::new();
            for r in file["r"].as_array().unwrap() {
                let coded = r[1].as_str().unwrap();
                let shared = usize::from(coded.as_bytes()[0] - b'0');
                last = format!("{}{}", &last[..shared], &coded[1..]);
                assert_eq!(r[3], 0, "a runbook's kind is 0");
                let page = r[0].as_u64().unwrap();
                assert!(rows.last_key_value().is_none_or(|(&p, _)| p < page));
                let mut row = r.clone();
                row[1] = last.clone().into();
                rows.insert(page, row);
            }
            for t in file["t"].as_array().unwrap() {
                let pages = t[2].as_array().unwrap().iter().step_by(2);
                let firsts: Vec<u64> = pages.map(|p| p.as_u64().unwrap()).collect();
                best.insert(
                    t[0].as_str().unwrap().to_string(),
                    (firsts, files_rows.len()),
                );
            }
            files_rows.push(rows);
        }
        assert_eq!(best["common"].0.len(), HEAD_PAGES);
        let mut numbers = 0;
        for (term, (pages, file)) in &best {
            let rows = &files_rows[*file];
            if !term.chars().any(char::is_alphabetic) {
                // A number's head carries its rows too.
                numbers += 1;
            }
            for (k, p) in pages.iter().enumerate() {
                let Some(row) = rows.get(p) else {
                    assert!(k >= HEAD_ROWS, "{term}: no row for its best page {k}");
                    continue;
                };
                assert_eq!(row[2], format!("Doc{p}"), "{term}");
                assert_eq!(row[1], format!("/doc{p}/"), "{term}");
                assert_eq!(row[4], format!("common text {p} zeta{}", p % 5), "{term}");
            }
        }
        assert!(numbers > 100, "{numbers}");
        // The file of `common` holds the rows of its first HEAD_ROWS pages, and of its 7th
        // and 8th only if another term of the file names them.
        let (pages, file) = &best["common"];
        let named_elsewhere = |p: &u64| {
            best.iter().any(|(t, (ps, f))| {
                t != "common" && f == file && ps.iter().take(HEAD_ROWS).any(|q| q == p)
            })
        };
        for p in &pages[HEAD_ROWS..] {
            assert_eq!(
                files_rows[*file].contains_key(p),
                named_elsewhere(p),
                "page {p}"
            );
        }
    }
}
