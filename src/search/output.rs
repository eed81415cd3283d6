//! The files of the index: `meta.json`, `filters.json`, the shards, the typo table and
//! one fragment per page, written into the sink.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use super::index::{Filters, Row};
use super::scan::{HIGH, ONES};
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
/// page's row and `shard_bytes` the shards' records, uncompressed.
pub(super) fn embedded(rows: &[Option<Row>], shard_bytes: &[Vec<u8>]) -> Option<Embedded> {
    let size: usize = shard_bytes.iter().map(Vec::len).sum();
    if size > EMBED_UP_TO || rows.len() > EMBED_PAGES {
        return None;
    }
    use base64::Engine;
    let all = base64::engine::general_purpose::STANDARD.encode(shard_bytes.concat());
    let pages: Vec<u32> = (0..rows.len() as u32).collect();
    Some(Embedded {
        all,
        rows: page_rows(rows, &pages),
    })
}

/// The files of the index but the fragments (written page by page).
pub(super) struct Files<'a> {
    pub pages: usize,
    /// The first listing page; every page from it on is one.
    pub listings: usize,
    pub filters: &'a Filters,
    /// Each shard's first term (its bound).
    pub firsts: Vec<&'a str>,
    pub shards: &'a [Vec<u8>],
    pub tables: &'a [Vec<u8>],
    pub typo: &'a [Vec<&'a str>],
    pub synonyms: &'a [Vec<String>],
    pub embedded: Option<Embedded>,
}

/// Writes every file of the index but the fragments: the shards and their page tables,
/// the typo table, the filters and `meta.json`.
pub(super) fn write(sink: &Sink, files: Files) -> Stats {
    let Files {
        pages,
        listings,
        filters,
        firsts,
        shards,
        tables,
        typo,
        synonyms,
        embedded,
    } = files;

    #[derive(Serialize)]
    struct Meta<'a> {
        v: u32,
        pages: usize,
        shards: Vec<&'a str>,
        typo: usize,
        /// Whether the shards have page tables (`p/<n>.bin`).
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        tables: bool,
        /// The first listing page; every page from it on is one (see `Index::add`).
        listings: usize,
        /// Groups of words and phrases that stand for each other in a query.
        syn: &'a [Vec<String>],
        /// The whole index, on a small site (see [`Embedded`]).
        #[serde(skip_serializing_if = "Option::is_none")]
        all: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        rows: Option<&'a [serde_json::Value]>,
    }
    let meta = Meta {
        v: 4,
        pages,
        shards: firsts,
        typo: typo.len(),
        tables: !tables.is_empty(),
        listings,
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
    sink.put(
        "search/filters.json",
        &serde_json::to_vec(&filters).unwrap_or_default(),
    );
    shards.par_iter().enumerate().for_each(|(i, bytes)| {
        sink.put(&format!("search/s/{i}.bin"), bytes);
    });
    tables.par_iter().enumerate().for_each(|(i, table)| {
        sink.put(&format!("search/p/{i}.bin"), table);
    });
    typo.par_iter().enumerate().for_each(|(i, bucket)| {
        sink.put(
            &format!("search/t/{i}.json"),
            &serde_json::to_vec(bucket).unwrap_or_default(),
        );
    });
    Stats {
        pages,
        files: 3 + shards.len() + tables.len() + typo.len() + pages,
    }
}

/// `[[page, url, title, kind(, names)], ...]`: what the browser shows of a result before
/// its fragment comes, and the names that put a page first.
pub(super) fn page_table(rows: &[Option<Row>], pages: &[u32]) -> Vec<u8> {
    serde_json::to_vec(&page_rows(rows, pages)).unwrap_or_default()
}

/// The rows of [`page_table`].
fn page_rows(rows: &[Option<Row>], pages: &[u32]) -> Vec<serde_json::Value> {
    pages
        .iter()
        .filter_map(|&p| Some((p, rows.get(p as usize)?.as_ref()?)))
        .map(|(p, doc)| {
            let mut row = serde_json::json!([p, doc.url, doc.title, doc.kind.name()]);
            let names = doc.names.trim();
            if !names.is_empty() {
                // Whole names only: a cut one could equal a query it does not name.
                let kept = if names.len() <= TABLE_NAMES_LIMIT {
                    names
                } else {
                    let mut end = TABLE_NAMES_LIMIT;
                    while !names.is_char_boundary(end) {
                        end -= 1;
                    }
                    names[..end].rfind('\n').map_or("", |nl| &names[..nl])
                };
                if let (Some(row), false) = (row.as_array_mut(), kept.is_empty()) {
                    row.push(kept.into());
                }
            }
            row
        })
        .collect()
}

/// Page `doc` as the browser needs it to show a result.
pub(super) fn fragment(doc: &Doc) -> Vec<u8> {
    let mut budget = FRAGMENT_TEXT_LIMIT;
    let first = match doc.sections.first() {
        Some(s) if !doc.intro.is_empty() => Cow::Owned(format!("{}{}", doc.intro, s.text)),
        _ => Cow::Borrowed(""),
    };
    // `{"u":url,"t":title,"k":kind,("n":names,)"s":[[anchor or null,heading,text(,parents)],...]}`,
    // the names (one a line) and the parents only where there are any, written by
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
    out.push(b'"');
    if !doc.names.trim().is_empty() {
        out.extend_from_slice(b",\"n\":");
        json_string(&mut out, doc.names.trim());
    }
    out.extend_from_slice(b",\"s\":[");
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
        if !s.parents.is_empty() {
            out.push(b',');
            json_string(&mut out, &s.parents);
        }
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
    use super::super::testing::doc;
    use super::*;

    #[test]
    fn fragments_name_the_headings_a_section_is_under() {
        let mut page = doc(
            "Alpha",
            &[("", "intro"), ("Diagnosis", "a"), ("Other", "b")],
        );
        page.sections[2].parents = "Diagnosis".into();
        let f: serde_json::Value = serde_json::from_slice(&fragment(&page)).unwrap();
        assert_eq!(f["k"], "runbook");
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
    fn page_tables_keep_whole_names_only() {
        let mut page = doc("Alpha", &[("", "intro")]);
        let long: Vec<String> = (0..40).map(|i| format!("AlertNumber{i}")).collect();
        page.names = long.join("\n");
        let row = Row {
            url: page.url.clone(),
            title: page.title.clone(),
            kind: page.kind,
            names: page.names.clone(),
        };
        let rows: serde_json::Value =
            serde_json::from_slice(&page_table(&[Some(row)], &[0])).unwrap();
        let kept = rows[0][4].as_str().unwrap();
        assert!(kept.len() <= TABLE_NAMES_LIMIT && kept.starts_with("AlertNumber0\n"));
        assert!(
            kept.split('\n').all(|n| long.iter().any(|l| l == n)),
            "{kept}"
        );
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
        for i in 0..m["shards"].as_array().unwrap().len() {
            let f = files
                .iter()
                .find(|f| f.path == format!("search/s/{i}.bin"))
                .unwrap();
            flate2::read::GzDecoder::new(&f.bytes[..])
                .read_to_end(&mut raw)
                .unwrap();
        }
        assert_eq!(all, raw);
        assert_eq!(
            m["rows"],
            serde_json::json!([
                [0, "/alpha/", "Alpha", "runbook"],
                [1, "/beta/", "Beta", "runbook"]
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
        assert_eq!(m["tables"], true);
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
    }
}
