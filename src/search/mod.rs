//! The full-text search index, split so that a query downloads only what it needs.
//!
//! Layout under `/search/`:
//!
//! - `meta.json`: the number of pages, each shard's bound (the shortest prefix of its
//!   first term above the last term of the shard before), and the synonyms. Small;
//!   fetched once.
//! - `s/<n>.bin`: shard `n` of the term dictionary, gzip-compressed. Terms are sorted and
//!   cut into shards of similar size, so a query word needs one shard (two when its
//!   completions or near-misses straddle a boundary). Each record is
//!   `varint(term length) term varint(pages) varint(bytes) postings`, and each posting is
//!   `varint(page delta << 4 | weight)`: the page number, delta-encoded, and the page's
//!   BM25 term weight on a 1 to 15 scale, with the page's length folded in at build time
//!   so the browser only adds `idf × weight` per word.
//! - `h/<n>.json`: the heads, plain JSON `{"t": [[term, pages, [page, weight, ...]],
//!   ...], "r": [[page, url, title, kind, lead], ...]}` (rows in page order, each URL
//!   front-coded against the row before: `'0' + n` bytes shared, then the rest; the kind
//!   a digit, `Kind` in order): for each term of file `fnv1a(term) % heads` (32-bit
//!   FNV-1a of its UTF-8 bytes; `heads` in `meta.json`), the number of pages holding it
//!   and its 8 best pages, best first; and the row of each of the first 6 of those pages,
//!   with its lead (its summary or the start of its text). Not compressed by the build:
//!   the host compresses JSON on the wire (Netlify does, gzip or brotli), and each file's
//!   own gzip was a third of the index's instructions (session 42). The browser finds a
//!   word's head without a list, in a file of about 2 kB on the wire (12 terms; about 6
//!   kB as written), and fetches it before the word's shard (about 12 kB on a site of 10,000 runbooks, more past that): on a
//!   slow network the header's list shows the query's best pages, title and lead, one
//!   round trip and a few hundredths of a second after it is typed; the shards' ranking
//!   follows, and the texts of results the heads do not hold a round trip later.
//! - On a small site (index of at most 64 kB, 256 pages), `meta.json` also holds the
//!   whole index: `all`, every shard's records uncompressed, one after another, in
//!   base64, and `rows`, the row of every page (its lead, then its names, after the
//!   fields of a head's row): no query needs another round trip before its results in
//!   the header's list (titles and leads). There are no heads;
//!   the shards are written too (offline copies, older clients).
//! - `f/<n>.json`: page `n`'s title, URL, kind, lead and text by section (with the headings
//!   each section's heading is under, when it is under any), fetched only for the
//!   results shown, to build excerpts and find the headings (sub-results) that match.
//! - `filters.json`: the pages of each filter value, fetched only when a filter is used;
//!   `values.json`: the values of each filter, for the search page's menus.
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

mod count;
mod heads;
mod index;
mod json;
mod merge;
mod output;
mod pointers;
mod release;
mod scan;
mod shards;
pub mod synonyms;
#[cfg(test)]
mod testing;
mod texts;
mod timeline;
mod typo;
mod words;

use std::borrow::Cow;

use rayon::prelude::*;
use serde::Serialize;

use crate::write::Sink;

pub use index::Index;
pub use timeline::VAR as TIMELINE_VAR;
pub use typo::{fnv1a, typo_bucket, typo_keys};
pub use words::{for_each_word, words};

/// What kind of page a document is; a filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Runbook,
    /// A folder's page: its `_index.md`, or the listing of a folder without one.
    Folder,
    Pipeline,
    Engineer,
    Page,
}

impl Kind {
    /// The kind as a head row gives it (`src/search/heads.rs`, `write_heads`): a digit
    /// instead of a word in each of the heads' rows, the browser's `KINDS` in order.
    fn digit(self) -> u8 {
        self as u8
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Runbook => "runbook",
            Kind::Folder => "folder",
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
    /// Names the page is known by besides its title (a runbook's file name and alert
    /// names, a pipeline's or an engineer's id), one a line: weighed as the title, never
    /// shown; a query equal to one of them (or to the title) ranks the page first.
    pub names: String,
    /// What the page says it is about (a runbook's or a pipeline's `description`): shown
    /// under its title in the header's list; without one, the start of its sections'
    /// text (not the intro, which repeats names).
    pub summary: Option<String>,
    /// A page that lists others (a folder's page, the home page, the list of pipelines):
    /// it ranks below every other page that matches, so that Enter opens a runbook.
    pub listing: bool,
    /// A listing with no text of its own (a folder without a page, or whose page has
    /// only front matter; the home page, the lists of pipelines and engineers): its words
    /// are other pages' titles, which together hold words no one of them does, so it
    /// also ranks below a page matching all but one of a query's words
    /// (`PLEG latency high` found the folder's list of titles before
    /// `KubeletPlegDurationHigh`). Numbered after the other listings.
    pub bare: bool,
    /// A page its author marked a draft (`Runbook::draft_key`): it ranks below every page
    /// that is not one (`meta.json`'s `drafts`).
    pub draft: bool,
    /// A page that only points elsewhere (a runbook whose short body says it moved, with
    /// a link; see `render::stubs`): it ranks below a page of the same name
    /// (`meta.json`'s `stubs`).
    pub stub: bool,
    /// A folder's page whose title is its own (its index page's), not the folder's name
    /// made readable: results say where a page lives by its folders' titles, and the
    /// browser makes the other folders' names readable itself (`meta.json`'s `dirs`).
    pub titled_folder: bool,
    /// The text of the page by heading; the first section has no anchor.
    pub sections: Vec<Section<'a>>,
}

/// The text under one heading of a page.
#[derive(Debug, Clone, Default)]
pub struct Section<'a> {
    pub anchor: Option<Cow<'a, str>>,
    pub heading: Cow<'a, str>,
    /// The headings the heading is under (`Diagnosis` for `### Other`), ` › ` between
    /// them; shown before the heading in results, not indexed.
    pub parents: String,
    pub text: Cow<'a, str>,
}

/// What [`build`] wrote.
#[derive(Debug, Default, Clone)]
pub struct Stats {
    /// Pages in the index (one fragment file each).
    pub pages: usize,
    /// Files written, fragments included.
    pub files: usize,
    /// The index's build (`b` of `meta.json`, `output::build_id`): the service
    /// worker keeps no head, shard, filters or meta file of another.
    pub build: String,
}

/// Builds every file of the index into `sink`, with the default synonyms.
pub fn build(docs: &[Doc], sink: &Sink) -> Stats {
    build_with(docs, sink, &[])
}

/// Builds every file of the index into `sink`; `synonyms` are the site's own groups
/// (`search_synonyms` of site.yaml, checked by [`synonyms::problems`]), added to the
/// default table.
///
/// Pages are numbered with the listings last (`meta.json`'s `listings` is the first of
/// them), so that the browser knows which pages rank below the others without
/// another download.
pub fn build_with(docs: &[Doc], sink: &Sink, synonyms: &[Vec<String>]) -> Stats {
    let docs: Vec<&Doc> = docs
        .iter()
        .filter(|d| !d.listing)
        .chain(docs.iter().filter(|d| d.listing && !d.bare))
        .chain(docs.iter().filter(|d| d.listing && d.bare))
        .collect();
    let index = Index::new(sink);
    docs.par_iter()
        .enumerate()
        .for_each(|(i, doc)| index.add(i as u32, doc));
    index.finish(synonyms)
}

#[cfg(test)]
mod tests {
    use super::testing::*;

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
        // The values alone, for the search page's menus; none in meta.json.
        let values = files
            .iter()
            .find(|f| f.path == "search/values.json")
            .unwrap();
        let values: serde_json::Value = serde_json::from_slice(&values.bytes).unwrap();
        assert_eq!(values["kind"], serde_json::json!(["runbook"]));
        assert_eq!(values["domain"], serde_json::json!(["Profit"]));
        let meta = files.iter().find(|f| f.path == "search/meta.json").unwrap();
        assert!(!String::from_utf8_lossy(&meta.bytes).contains("\"filters\""));
    }
}
