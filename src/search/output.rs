//! The files of the index: `meta.json`, `filters.json`, the shards and the typo table,
//! written into the sink (the heads: `heads`; each page's fragment: `texts`).

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use super::index::{Filters, Row};
use super::shards;
use super::Stats;
use crate::write::Sink;

/// Names kept per page in a shard's page table: the first ones (the file name, then
/// alert names) are what a query names a page by.
const TABLE_NAMES_LIMIT: usize = 240;

/// The largest index (its shards' records, uncompressed) that `meta.json` holds whole:
/// about 45 kB once compressed, a second at 50 kB/s, instead of a round trip per query
/// (2 s on a bad mobile network) before its first result.
const EMBED_UP_TO: usize = 64 * 1024;

/// The most pages whose rows `meta.json` holds with an embedded index.
pub(super) const EMBED_PAGES: usize = 256;

/// The whole index of a small site, as `meta.json` carries it (see the module's doc).
pub(super) struct Embedded {
    /// Every shard's records, one after another, in base64.
    all: String,
    /// The page table of every page.
    rows: Vec<serde_json::Value>,
}

/// The index whole, when it is small enough to come with `meta.json`; `rows` are every
/// page's row and `records` the shards' records, uncompressed.
pub(super) fn embedded(rows: &[Option<Row>], records: &shards::Records) -> Option<Embedded> {
    let size = records.bytes();
    if size > EMBED_UP_TO || rows.len() > EMBED_PAGES {
        return None;
    }
    use base64::Engine;
    let mut all = Vec::with_capacity(size);
    for n in 0..records.count() {
        records.shard(n, &mut all);
    }
    let all = base64::engine::general_purpose::STANDARD.encode(all);
    let pages: Vec<u32> = (0..rows.len() as u32).collect();
    Some(Embedded {
        all,
        rows: page_rows(rows, &pages),
    })
}

/// The index's build: 16 hex digits of XXH3 over what numbers and finds its pages (each
/// page's row, in page order, the shards' bounds, the number of terms and the synonyms),
/// in `meta.json` (`b`), at the start of every head (`b`) and shard (a record of no term),
/// and in `filters.json`. The names of these files do not change between deploys: a tab
/// open across one holds the previous `meta.json` and fetched the next deploy's shards
/// against it, showing another page's title for a result, or nothing. The browser
/// compares each file's build with its `meta.json`'s and starts again on a mismatch.
/// The fragments (`f/`), written as pages render, before the index is whole, carry none:
/// the browser checks a fragment against the page's row when it knows it, and fetches
/// `meta.json` again beside the fragments. Byte-identical builds keep the same build; a
/// deploy that changes no page's address, title, names or lead and no term keeps it too,
/// and its files still agree on which page is which.
pub(super) fn build_id(
    rows: &[Option<Row>],
    firsts: &[&str],
    terms: usize,
    synonyms: &[Vec<String>],
) -> String {
    let mut h = twox_hash::XxHash3_128::new();
    let mut field = |bytes: &[u8]| {
        h.write(&(bytes.len() as u64).to_le_bytes());
        h.write(bytes);
    };
    for row in rows {
        match row {
            Some(row) => {
                field(row.url.as_bytes());
                field(row.title.as_bytes());
                field(&[row.kind.digit()]);
                field(row.names.as_bytes());
                field(row.lead.as_bytes());
            }
            None => field(b"\xff"),
        }
    }
    for first in firsts {
        field(first.as_bytes());
    }
    field(&(terms as u64).to_le_bytes());
    for group in synonyms {
        field(group.join("\n").as_bytes());
    }
    format!("{:016x}", h.finish_128() as u64)
}

/// The record of no term that opens every shard: its build as the postings' bytes
/// (`varint(0) varint(0) varint(16) build`). No query word is empty, so no client, an
/// older one either, looks it up.
pub(super) fn id_record(out: &mut Vec<u8>, build: &str) {
    out.extend_from_slice(&[0, 0, build.len() as u8]);
    out.extend_from_slice(build.as_bytes());
}

/// The names a row keeps: the first ones (the file name, then alert names, which a query
/// names a page by), whole names only (a cut one could equal a query it does not name),
/// [`TABLE_NAMES_LIMIT`] bytes at most.
fn kept_names(names: &str) -> &str {
    let names = names.trim();
    if names.len() <= TABLE_NAMES_LIMIT {
        return names;
    }
    let mut end = TABLE_NAMES_LIMIT;
    while !names.is_char_boundary(end) {
        end -= 1;
    }
    names[..end].rfind('\n').map_or("", |nl| &names[..nl])
}

/// The files of the index but the fragments (written page by page).
pub(super) struct Files<'a> {
    /// The index's build ([`build_id`]).
    pub build: &'a str,
    pub pages: usize,
    /// The first listing page; every page from it on is one.
    pub listings: usize,
    /// The first bare listing ([`super::Doc::bare`]); every page from it on is one.
    pub bare: usize,
    /// The drafts' page numbers, ascending.
    pub drafts: &'a [u32],
    /// See [`super::pointers::pointers`].
    pub stubs: &'a [u32],
    pub dirs: &'a BTreeMap<String, String>,
    pub filters: &'a Filters,
    /// Each shard's first term (its bound).
    pub firsts: Vec<&'a str>,
    /// How many shards and head files were written (see [`write_heads`]).
    pub shards: usize,
    pub heads: usize,
    pub typo: &'a [Vec<&'a str>],
    pub synonyms: &'a [Vec<String>],
    pub embedded: Option<Embedded>,
}

/// Writes every file of the index but the fragments, the shards and the heads (written
/// as they are compressed): the typo table, the filters and `meta.json`.
pub(super) fn write(sink: &Sink, files: Files) -> Stats {
    let Files {
        build,
        pages,
        listings,
        bare,
        drafts,
        stubs,
        dirs,
        filters,
        firsts,
        shards,
        heads,
        typo,
        synonyms,
        embedded,
    } = files;

    #[derive(Serialize)]
    struct Meta<'a> {
        v: u32,
        /// The index's build ([`build_id`]).
        b: &'a str,
        pages: usize,
        /// The shards' bounds, front-coded (see [`front_coded`]).
        shards: String,
        typo: usize,
        /// How many head files there are (`h/<n>.json`); none on a small site.
        #[serde(skip_serializing_if = "is_zero")]
        heads: usize,
        /// The first listing page; every page from it on is one (see `Index::add`).
        listings: usize,
        /// The first bare listing: every page from it on is one (see `Doc::bare`).
        bare: usize,
        /// The pages that rank low, by rank (see [`low_ranks`]).
        #[serde(skip_serializing_if = "<[_]>::is_empty")]
        low: Vec<Vec<u32>>,
        /// The folders with a title of their own: address -> title.
        #[serde(skip_serializing_if = "BTreeMap::is_empty")]
        dirs: &'a BTreeMap<String, String>,
        /// Groups of words and phrases that stand for each other in a query.
        syn: &'a [Vec<String>],
        /// The whole index, on a small site (see [`Embedded`]).
        #[serde(skip_serializing_if = "Option::is_none")]
        all: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        rows: Option<&'a [serde_json::Value]>,
    }
    let meta = Meta {
        v: 5,
        b: build,
        pages,
        shards: front_coded(&firsts),
        typo: typo.len(),
        heads,
        listings,
        bare,
        low: low_ranks(stubs, drafts),
        dirs,
        syn: synonyms,
        all: embedded.as_ref().map(|e| e.all.as_str()),
        rows: embedded.as_ref().map(|e| e.rows.as_slice()),
    };

    sink.put(
        "search/meta.json",
        &serde_json::to_vec(&meta).unwrap_or_default(),
    );
    // The values of each filter, for the search page's menus: not in meta.json, which
    // every first query downloads (1.6 kB at 100,000 runbooks).
    let values: BTreeMap<&str, Vec<&str>> = filters
        .iter()
        .map(|(f, values)| (*f, values.keys().map(String::as_str).collect()))
        .collect();
    sink.put(
        "search/values.json",
        &serde_json::to_vec(&values).unwrap_or_default(),
    );
    // Page numbers too: with the build they belong to.
    #[derive(Serialize)]
    struct WithBuild<'a> {
        b: &'a str,
        #[serde(flatten)]
        filters: &'a Filters,
    }
    sink.put(
        "search/filters.json",
        &serde_json::to_vec(&WithBuild { b: build, filters }).unwrap_or_default(),
    );
    typo.par_iter().enumerate().for_each(|(i, bucket)| {
        sink.put(
            &format!("search/t/{i}.json"),
            &serde_json::to_vec(bucket).unwrap_or_default(),
        );
    });
    Stats {
        pages,
        files: 3 + shards + heads + typo.len() + pages,
        build: build.to_owned(),
    }
}

/// Sorted `bounds` as one string, a line each: the number of characters it shares with
/// the bound before (as the character `'0' + n`, at most 74) and the rest of it. A third
/// shorter than a JSON list at 100,000 runbooks (9.4 kB against 14.8), which every first
/// query downloads.
fn front_coded(bounds: &[&str]) -> String {
    let mut out = String::with_capacity(bounds.iter().map(|b| b.len() + 2).sum());
    let mut last = "";
    for (i, bound) in bounds.iter().enumerate() {
        let (mut shared, mut at) = (0u8, 0);
        for ((i, a), b) in bound.char_indices().zip(last.chars()) {
            if a != b || shared == 74 {
                break;
            }
            shared += 1;
            at = i + a.len_utf8();
        }
        if i > 0 {
            out.push('\n');
        }
        out.push(char::from(b'0' + shared));
        out.push_str(&bound[at..]);
        last = bound;
    }
    out
}

/// The pages that rank low, one list per rank from 1 (the browser's `lowOf`): rank 1,
/// the stubs (a page that only points elsewhere or says it is deprecated), below the
/// current page of their name; rank 2, the drafts, below every page that is not one. A
/// page in both is a draft. One field, not one per kind: the browser looks up one rank
/// per page, and every first query downloads `meta.json`. Empty ranks at the end are left
/// out, and all of them when no page ranks low.
fn low_ranks(stubs: &[u32], drafts: &[u32]) -> Vec<Vec<u32>> {
    let stubs: Vec<u32> = stubs
        .iter()
        .copied()
        .filter(|p| drafts.binary_search(p).is_err())
        .collect();
    let mut ranks = vec![stubs, drafts.to_vec()];
    while ranks.last().is_some_and(Vec::is_empty) {
        ranks.pop();
    }
    ranks
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// `[[page, url, title, kind, lead(, names)], ...]`: what the header's list shows of a
/// result without its fragment, and the names that put a page first.
fn page_rows(rows: &[Option<Row>], pages: &[u32]) -> Vec<serde_json::Value> {
    pages
        .iter()
        .filter_map(|&p| Some((p, rows.get(p as usize)?.as_ref()?)))
        .map(|(p, doc)| {
            let mut row = serde_json::json!([p, doc.url, doc.title, doc.kind.name(), doc.lead]);
            let kept = kept_names(&doc.names);
            if let (Some(row), false) = (row.as_array_mut(), kept.is_empty()) {
                row.push(kept.into());
            }
            row
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::testing::doc;
    use super::*;

    #[test]
    fn low_pages_are_one_list_per_rank() {
        assert!(low_ranks(&[], &[]).is_empty());
        assert_eq!(low_ranks(&[3, 9], &[]), [vec![3, 9]]);
        assert_eq!(low_ranks(&[], &[4]), [vec![], vec![4]]);
        // A draft that is a stub too is a draft.
        assert_eq!(low_ranks(&[3, 4, 9], &[1, 4]), [vec![3, 9], vec![1, 4]]);
    }

    #[test]
    fn rows_keep_whole_names_only() {
        let long: Vec<String> = (0..40).map(|i| format!("AlertNumber{i}")).collect();
        let joined = long.join("\n");
        let kept = kept_names(&joined);
        assert!(kept.len() <= TABLE_NAMES_LIMIT && kept.starts_with("AlertNumber0\n"));
        assert!(
            kept.split('\n').all(|n| long.iter().any(|l| l == n)),
            "{kept}"
        );
        assert_eq!(kept_names(" short\nnames "), "short\nnames");
    }

    #[test]
    fn bounds_are_front_coded() {
        let bounds = ["", "ab", "abc", "abd", "b", "été", "étz"];
        let coded = front_coded(&bounds);
        assert_eq!(coded, "0\n0ab\n2c\n2d\n0b\n0été\n2z");
        assert_eq!(super::super::testing::front_decoded(&coded), bounds);
    }

    fn meta(files: &[crate::write::OutputFile]) -> serde_json::Value {
        let f = files.iter().find(|f| f.path == "search/meta.json").unwrap();
        serde_json::from_slice(&f.bytes).unwrap()
    }

    #[test]
    fn a_small_index_comes_whole_with_meta() {
        use base64::Engine;
        use std::io::Read;
        let docs = vec![
            doc("Alpha", &[("", "restart the loader")]),
            doc("Beta", &[("", "nothing here")]),
        ];
        let files = super::super::testing::build_files(&docs);
        let m = meta(&files);
        let all = base64::engine::general_purpose::STANDARD
            .decode(m["all"].as_str().unwrap())
            .unwrap();
        // The records of every shard, as the shards hold them.
        let mut raw = Vec::new();
        for i in 0..m["shards"].as_str().unwrap().split('\n').count() {
            let f = files
                .iter()
                .find(|f| f.path == format!("search/s/{i}.bin"))
                .unwrap();
            let mut shard = Vec::new();
            flate2::read::GzDecoder::new(&f.bytes[..])
                .read_to_end(&mut shard)
                .unwrap();
            // Each shard opens with the index's build (`id_record`); `all` needs none.
            let build = m["b"].as_str().unwrap();
            assert_eq!(&shard[..3], &[0, 0, 16]);
            assert_eq!(&shard[3..19], build.as_bytes());
            raw.extend_from_slice(&shard[19..]);
        }
        assert_eq!(all, raw);
        assert_eq!(
            m["rows"],
            serde_json::json!([
                [0, "/alpha/", "Alpha", "runbook", "restart the loader"],
                [1, "/beta/", "Beta", "runbook", "nothing here"]
            ])
        );
    }

    #[test]
    fn a_site_of_more_pages_does_not() {
        // A small index, but more rows than meta.json should carry.
        let docs: Vec<_> = (0..EMBED_PAGES + 1)
            .map(|i| {
                doc(
                    &format!("Doc{i}"),
                    &[("", &format!("word{i} zeta{i} common"))],
                )
            })
            .collect();
        let m = meta(&super::super::testing::build_files(&docs));
        assert!(m.get("all").is_none() && m.get("rows").is_none());
        // Its heads instead: a file per 8 terms or so.
        assert!(m["heads"].as_u64().unwrap() > 1, "{}", m["heads"]);
    }
}
