//! The files of the index: `meta.json`, `filters.json`, the shards, the typo table and
//! one fragment per page, written into the sink.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use super::index::{Filters, Row};
use super::json::{front_coded_url, json_string, number};
use super::shards::{self, Heads, HEAD_PAGES};
use super::typo::fnv1a;
use super::{Doc, Stats};
use crate::write::Sink;

/// Text kept per page for excerpts.
const FRAGMENT_TEXT_LIMIT: usize = 4000;

/// Names kept per page in a shard's page table: the first ones (the file name, then
/// alert names) are what a query names a page by.
const TABLE_NAMES_LIMIT: usize = 240;

/// The largest index (its shards' records, uncompressed) that `meta.json` holds whole:
/// about 45 kB once compressed, a second at 50 kB/s, instead of a round trip per query
/// (2 s on a bad mobile network) before its first result.
const EMBED_UP_TO: usize = 64 * 1024;

/// The most pages whose rows `meta.json` holds with an embedded index.
const EMBED_PAGES: usize = 256;

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

/// Terms per head file (`h/<n>.bin`), on average: about 2.1 kB gzip-compressed each on a
/// generated site of 10,000 runbooks, the rows of the terms' best pages included (most
/// terms are on a page or two), so a query word's best pages, titles and leads come in
/// one round trip and a twentieth of a second at 50 kB/s. Each file costs the build
/// about 60,000 instructions of gzip whatever its size (its Huffman codes, the match
/// finder's table) and the kernel a file: 12 terms a file instead of 8 took a tenth off
/// the heads' gzip (a third fewer files, 5,213 -> 3,476 at 10,000 runbooks) for 0.6 kB
/// more a word (issue 16.2's warm query on Slow 3G, 2.2 s).
const TERMS_PER_HEAD: usize = 12;

/// The most bytes of a page's [`lead`]: two lines of the header's list on a phone.
const LEAD_LIMIT: usize = 100;

/// A page's summary, else the start of its sections' text: whole words up to
/// [`LEAD_LIMIT`] bytes with `…` after when there is more; what the header's list shows
/// under a title. Reads no more of the text than it keeps (but a first word, which it
/// cuts when it is longer).
pub(super) fn lead(doc: &Doc) -> String {
    let texts: Box<dyn Iterator<Item = &str>> = match doc.summary.as_deref() {
        Some(summary) if !summary.trim().is_empty() => Box::new(std::iter::once(summary)),
        _ => Box::new(doc.sections.iter().map(|s| &*s.text)),
    };
    let mut out = String::with_capacity(LEAD_LIMIT + '…'.len_utf8());
    for word in texts.flat_map(whitespace_words) {
        let room = LEAD_LIMIT - out.len().min(LEAD_LIMIT);
        let space = usize::from(!out.is_empty());
        if word.len() + space <= room {
            if space == 1 {
                out.push(' ');
            }
            out.push_str(word);
            continue;
        }
        if out.is_empty() {
            let mut end = LEAD_LIMIT;
            while !word.is_char_boundary(end) {
                end -= 1;
            }
            out.push_str(&word[..end]);
        }
        out.push('…');
        break;
    }
    out
}

/// The words of `text` between white space, as [`str::split_whitespace`] gives them, an
/// ASCII byte at a time where `split_whitespace` decodes every character: a page's lead
/// took 4,800 instructions for its 80 bytes.
fn whitespace_words(text: &str) -> impl Iterator<Item = &str> {
    // Whether there is white space at `at`, and its length or the character's.
    let space_at = |at: usize| -> (bool, usize) {
        let b = text.as_bytes()[at];
        if b.is_ascii() {
            return (matches!(b, b' ' | b'\t'..=b'\r'), 1);
        }
        text[at..]
            .chars()
            .next()
            .map_or((false, 1), |c| (c.is_whitespace(), c.len_utf8()))
    };
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = loop {
            if at >= text.len() {
                return None;
            }
            let (space, len) = space_at(at);
            if !space {
                break at;
            }
            at += len;
        };
        while at < text.len() {
            let (space, len) = space_at(at);
            if space {
                break;
            }
            at += len;
        }
        Some(&text[start..at])
    })
}

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
/// (`f/`). Written to `sink` gzip-compressed, each as soon as it is made; returns how
/// many there are.
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
    let count = heads.terms.len().div_ceil(TERMS_PER_HEAD);
    let mut of_file: Vec<Vec<u32>> = vec![Vec::new(); count];
    for (i, term) in heads.terms.iter().enumerate() {
        of_file[fnv1a(term.as_bytes()) as usize % count].push(i as u32);
    }
    // Each page's row but its page and URL written once (`,title,kind,lead]`): a page is
    // in the heads of about ten terms. No names (a first query at 100,000 runbooks stays
    // within its 120 kB): a page the heads name is shown without its fragment, so a query
    // that names it puts it first by its title only.
    let packed = PackedRows::new(rows);
    shards::compress_each(
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
        |f, bytes| sink.put(&format!("search/h/{f}.bin"), bytes),
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
        /// How many head files there are (`h/<n>.bin`); none on a small site.
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

/// Page `doc` as the browser needs it to show a result; `lead` is its [`lead`].
pub(super) fn fragment(doc: &Doc, lead: &str) -> Vec<u8> {
    let mut budget = FRAGMENT_TEXT_LIMIT;
    // `{"u":url,"t":title,"k":kind,("n":names,)"l":lead,"s":[[anchor or null,heading,text(,parents)],...]}`,
    // the names (one a line) and the parents only where there are any, written by
    // hand: most of a fragment is text, and scanning it eight bytes at a time for
    // characters to escape takes a third of the time of serde_json's byte loop.
    let mut out =
        Vec::with_capacity(64 + doc.url.len() + doc.title.len() + FRAGMENT_TEXT_LIMIT.min(4096));
    out.extend_from_slice(b"{\"u\":");
    json_string(&mut out, &doc.url);
    out.extend_from_slice(b",\"t\":");
    json_string(&mut out, &doc.title);
    out.extend_from_slice(b",\"k\":\"");
    out.extend_from_slice(doc.kind.name().as_bytes());
    out.push(b'"');
    if !doc.names.trim().is_empty() {
        out.extend_from_slice(b",\"n\":");
        json_string(&mut out, doc.names.trim());
    }
    out.extend_from_slice(b",\"l\":");
    json_string(&mut out, lead);
    out.extend_from_slice(b",\"s\":[");
    for (i, s) in doc.sections.iter().enumerate() {
        // The text as the page shows it: not the intro, which is counted (the pipelines'
        // names, the title again) but would open every excerpt with a run of names.
        let text: &str = &s.text;
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
        if !s.parents.is_empty() {
            out.push(b',');
            json_string(&mut out, &s.parents);
        }
        out.push(b']');
    }
    out.extend_from_slice(b"]}");
    out
}

#[cfg(test)]
mod tests {
    use super::super::testing::doc;
    use super::*;

    #[test]
    fn fragments_name_the_headings_a_section_is_under() {
        let mut page = doc(
            "Alpha",
            &[("", "intro"), ("Diagnosis", "a"), ("Other", "b")],
        );
        page.sections[2].parents = "Diagnosis".into();
        let f: serde_json::Value = serde_json::from_slice(&fragment(&page, &lead(&page))).unwrap();
        assert_eq!(f["k"], "runbook");
        assert_eq!(f["l"], "intro a b");
        // The intro (pipelines' names, the title again) is counted, not shown: an excerpt
        // starts with the page's own text.
        page.intro = "Loader orders-etl Alpha ".into();
        let f: serde_json::Value = serde_json::from_slice(&fragment(&page, &lead(&page))).unwrap();
        assert_eq!(f["s"][0], serde_json::json!([null, "", "intro"]));
        assert_eq!(
            f["s"][1],
            serde_json::json!(["diagnosis", "Diagnosis", "a"])
        );
        assert_eq!(
            f["s"][2],
            serde_json::json!(["other", "Other", "b", "Diagnosis"])
        );
    }

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

    proptest::proptest! {
        #[test]
        fn words_are_cut_at_white_space_as_split_whitespace_cuts_them(
            s in "[ \t\n\u{b}\u{c}\r\u{1c}a-zé日\u{85}\u{a0}\u{2003}\u{3000}]{0,40}"
        ) {
            proptest::prop_assert_eq!(
                whitespace_words(&s).collect::<Vec<_>>(),
                s.split_whitespace().collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn a_lead_is_the_summary_or_whole_words_of_the_text() {
        let mut page = doc(
            "Alpha",
            &[("", "first  section"), ("Steps", "then\tthe steps")],
        );
        // Not the intro (names of pipelines, the title again).
        page.intro = "Loader orders-etl ".into();
        assert_eq!(lead(&page), "first section then the steps");
        // A summary, when there is one, alone.
        page.summary = Some("What to do when the loader stops.".into());
        assert_eq!(lead(&page), "What to do when the loader stops.");
        let long = "word ".repeat(60);
        let page = doc("Alpha", &[("", &long)]);
        let got = lead(&page);
        assert!(
            got.ends_with("word…") && got.len() <= LEAD_LIMIT + '…'.len_utf8(),
            "{got}"
        );
        // One word longer than the limit is cut, on a character boundary.
        let page = doc("Alpha", &[("", &"é".repeat(300))]);
        assert_eq!(lead(&page), format!("{}…", "é".repeat(LEAD_LIMIT / 2)));
        assert_eq!(lead(&doc("Alpha", &[("", " ")])), "");
    }

    #[test]
    fn heads_hold_the_rows_of_each_terms_best_pages_with_their_leads() {
        use std::io::Read;
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
            let mut raw = Vec::new();
            flate2::read::GzDecoder::new(&f.bytes[..])
                .read_to_end(&mut raw)
                .unwrap();
            let file: serde_json::Value = serde_json::from_slice(&raw).unwrap();
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
