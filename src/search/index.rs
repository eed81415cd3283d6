//! The index built a page at a time: each page's fragment is written and its terms
//! counted as soon as the page is known (while the other pages render), and only what
//! the index's files need is kept of it, so that no page's text is held for the index
//! past that point.

use std::collections::BTreeMap;
use std::sync::Mutex;

use rayon::prelude::*;

use super::count::Counts;
use super::merge;
use super::{heads, output, release, shards, synonyms, texts, timeline, typo, Doc, Kind, Stats};
use crate::write::Sink;

/// Postings per part of the terms at most ([`shards::cut`]): at 100,000 runbooks (30
/// million postings), four parts.
const PART_POSTINGS: usize = 8_000_000;

/// What a shard's page table shows of a page.
pub(super) struct Row {
    pub url: String,
    pub title: String,
    pub kind: Kind,
    pub names: String,
    /// The start of its text ([`texts::lead`]): shown under its title.
    pub lead: String,
    /// [`Doc::stub`] and [`Doc::titled_folder`], for `meta.json` ([`super::pointers::pointers`]).
    pub stub: bool,
    pub titled_folder: bool,
}

/// Filter -> value -> pages.
pub(super) type Filters = BTreeMap<&'static str, BTreeMap<String, Vec<u32>>>;

/// The pages one thread added, one after the other.
struct Run {
    counts: Counts,
    filters: Filters,
    rows: Vec<(u32, Row)>,
    pages: usize,
    first_listing: Option<u32>,
    first_bare: Option<u32>,
    /// The drafts among its pages ([`Doc::draft`]).
    drafts: Vec<u32>,
}

/// A search index under way: [`Index::add`] each page (from any thread, in any order),
/// then [`Index::finish`].
pub struct Index<'s> {
    sink: &'s Sink,
    /// Runs not in use; a thread takes one for a page and puts it back, so there are no
    /// more of them than threads adding at once.
    idle: Mutex<Vec<Run>>,
}

impl<'s> Index<'s> {
    /// An empty index whose files go to `sink`.
    pub fn new(sink: &'s Sink) -> Self {
        timeline::mark("index made");
        Index {
            sink,
            idle: Mutex::new(Vec::new()),
        }
    }

    /// Adds page `number`: the pages are numbered from 0 without gaps, listings
    /// ([`Doc::listing`]) after every other page. Writes its fragment now.
    pub fn add(&self, number: u32, doc: &Doc) {
        let lead = texts::lead(doc);
        self.sink.put(
            &format!("search/f/{number}.json"),
            &texts::fragment(doc, &lead),
        );
        let taken = self.idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let mut run = taken.unwrap_or_else(|| Run {
            counts: Counts::new(),
            filters: Filters::new(),
            rows: Vec::new(),
            pages: 0,
            first_listing: None,
            first_bare: None,
            drafts: Vec::new(),
        });
        run.counts.page(number, doc);
        run.pages += 1;
        if doc.draft {
            run.drafts.push(number);
        }
        if doc.listing {
            run.first_listing = Some(run.first_listing.map_or(number, |l| l.min(number)));
            if doc.bare {
                run.first_bare = Some(run.first_bare.map_or(number, |l| l.min(number)));
            }
        }
        let values: [(&'static str, &[String]); 3] = [
            ("domain", &doc.domains),
            ("audience", &doc.audiences),
            ("owner", &doc.owners),
        ];
        let kind = [doc.kind.name().to_string()];
        for (filter, list) in [("kind", &kind[..])].into_iter().chain(values) {
            if list.is_empty() {
                continue;
            }
            let of_filter = run.filters.entry(filter).or_default();
            for v in list {
                let pages = match of_filter.get_mut(v.as_str()) {
                    Some(pages) => pages,
                    None => of_filter.entry(v.clone()).or_default(),
                };
                // A value listed twice on a page counts once.
                if pages.last() != Some(&number) {
                    pages.push(number);
                }
            }
        }
        // Every page's row: a small site's tables hold most pages, a large site's the
        // best page of each shard's commonest terms, known only once all are counted.
        run.rows.push((
            number,
            Row {
                url: doc.url.clone(),
                title: doc.title.clone(),
                kind: doc.kind,
                names: doc.names.clone(),
                lead,
                stub: doc.stub,
                titled_folder: doc.titled_folder,
            },
        ));
        self.idle
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(run);
    }

    /// Writes every other file of the index: the shards and their page tables, the typo
    /// table, the filters and `meta.json`. `synonyms` are the site's own groups
    /// (`search_synonyms` of site.yaml, checked by [`synonyms::problems`]), added to the
    /// default table.
    pub fn finish(self, synonyms: &[Vec<String>]) -> Stats {
        timeline::mark("pages counted");
        let runs = self.idle.into_inner().unwrap_or_else(|p| p.into_inner());
        let pages: usize = runs.iter().map(|r| r.pages).sum();
        let first = |of: fn(&Run) -> Option<u32>| {
            runs.iter()
                .filter_map(of)
                .min()
                .map_or(pages, |l| l as usize)
        };
        let (listings, bare) = (first(|r| r.first_listing), first(|r| r.first_bare));
        let mut drafts: Vec<u32> = runs.iter().flat_map(|r| r.drafts.iter().copied()).collect();
        drafts.sort_unstable();
        let mut counted = Vec::with_capacity(runs.len());
        let mut kept = Vec::with_capacity(runs.len());
        for run in runs {
            counted.push(run.counts);
            kept.push((run.filters, run.rows));
        }
        // The runs' filters and rows gathered (and the memory the rendering freed handed
        // back) on one core while the merge numbers the terms on the other: both are one
        // thread's work, at 100,000 runbooks 0.12 s of CPU that kept the other core idle
        // (`PIPEBOOK_INDEX_TIMELINE`).
        let (
            (filters, rows),
            merge::Numbered {
                arena,
                term_at,
                placer,
            },
        ) = rayon::join(
            || {
                // What the rendering freed, before the merge makes the postings.
                release::release_freed();
                gather(kept)
            },
            || merge::number(counted, pages),
        );
        timeline::mark("terms numbered");
        let terms = merge::terms(&arena, &term_at);
        drop(term_at);
        let mut order: Vec<u32> = (0..terms.len() as u32).collect();
        order.par_sort_unstable_by_key(|&i| terms[i as usize]);
        timeline::mark("terms sorted");
        // A large site's postings are placed a part of the terms at a time (see
        // `shards::cut`); a small one's at once, as the counts are read once a part.
        let postings = placer.entries();
        let parts = postings.div_ceil(PART_POSTINGS).clamp(1, 4);
        let mut rank = Vec::new();
        if parts > 1 {
            rank = vec![0u32; order.len()];
            for (r, &i) in order.iter().enumerate() {
                rank[i as usize] = r as u32;
            }
        }
        let shards::Cut {
            firsts,
            shards: records,
            heads,
        } = shards::cut(&terms, &order, postings, parts, |range| {
            let part = (parts > 1).then(|| (&rank[..], range.start as u32..range.end as u32));
            placer.place(part)
        });
        drop((placer, rank));
        timeline::mark("postings placed, records encoded");
        release::release_freed();
        let embedded = output::embedded(&rows, &records);
        let (stubs, dirs) = super::pointers::pointers(&rows);
        let table = synonyms::table(synonyms);
        let build = output::build_id(&rows, &firsts, terms.len(), &table);
        let (shards, heads, typo) = write_parts(
            self.sink,
            (&records, &heads),
            &rows,
            embedded.is_some(),
            &build,
            order.iter().map(|&i| terms[i as usize]),
        );
        drop(records);
        let files = output::Files {
            build: &build,
            pages,
            listings,
            bare,
            drafts: &drafts,
            stubs: &stubs,
            dirs: &dirs,
            filters: &filters,
            firsts,
            shards,
            heads,
            typo: &typo,
            synonyms: &table,
            embedded,
        };
        let stats = output::write(self.sink, files);
        timeline::mark("meta, filters and typo files written");
        stats
    }
}

/// Writes the shards of `records` and the files of `heads` (none when the index is
/// `embedded` in `meta.json`), each compressed and written as it is made, while another
/// thread makes the typo table of the `sorted` terms: the count of shards and of head
/// files, and the table.
fn write_parts<'t>(
    sink: &Sink,
    (records, heads): (&shards::Records, &shards::Heads),
    rows: &[Option<Row>],
    embedded: bool,
    build: &str,
    sorted: impl Iterator<Item = &'t str> + Send,
) -> (usize, usize, Vec<Vec<&'t str>>) {
    let ((shards, heads), typo) = rayon::join(
        || {
            rayon::join(
                || {
                    shards::compress_each(
                        records.count(),
                        |i, raw| {
                            output::id_record(raw, build);
                            records.shard(i, raw);
                        },
                        |i, bytes| sink.put(&format!("search/s/{i}.bin"), bytes),
                    );
                    timeline::mark("shards written");
                    records.count()
                },
                || {
                    let count = heads::write_heads(sink, rows, heads, embedded, build);
                    timeline::mark("heads written");
                    count
                },
            )
        },
        || {
            let table = typo::typo_table(sorted);
            timeline::mark("typo table made");
            table
        },
    );
    (shards, heads, typo)
}

/// The filters and rows of every run, each value's pages in order and each row at its
/// page's number.
fn gather(kept: Vec<(Filters, Vec<(u32, Row)>)>) -> (Filters, Vec<Option<Row>>) {
    let mut filters = Filters::new();
    let mut rows: Vec<Option<Row>> = Vec::new();
    for (run_filters, run_rows) in kept {
        for (filter, values) in run_filters {
            let of_filter = filters.entry(filter).or_default();
            for (value, pages) in values {
                of_filter.entry(value).or_default().extend(pages);
            }
        }
        for (page, row) in run_rows {
            if rows.len() <= page as usize {
                rows.resize_with(page as usize + 1, || None);
            }
            rows[page as usize] = Some(row);
        }
    }
    for pages in filters.values_mut().flat_map(|v| v.values_mut()) {
        pages.sort_unstable();
    }
    (filters, rows)
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    #[test]
    fn pages_added_in_any_order_give_the_same_files() {
        let mut docs: Vec<Doc> = (0..300)
            .map(|i| {
                let text = format!("word{i} shared{} KubeletPleg{} common", i % 7, i % 11);
                doc(&format!("Doc{i}"), &[("", &text), ("Steps", "restart it")])
            })
            .collect();
        docs[5].domains = vec!["Ads".into(), "Ads".into()];
        docs[297].listing = true;
        docs[298].listing = true;
        docs[299].listing = true;
        docs[299].bare = true;
        let in_order = build_files(&docs);
        let sink = Sink::memory();
        let index = Index::new(&sink);
        // Backwards, from two threads: each run holds pages out of order.
        std::thread::scope(|s| {
            for half in [0, 1] {
                let (index, docs) = (&index, &docs);
                s.spawn(move || {
                    for (i, d) in docs.iter().enumerate().rev().filter(|(i, _)| i % 2 == half) {
                        index.add(i as u32, d);
                    }
                });
            }
        });
        index.finish(&[]);
        let mut shuffled = sink.into_files();
        let mut in_order = in_order;
        for files in [&mut shuffled, &mut in_order] {
            files.sort_by(|a, b| a.path.cmp(&b.path));
        }
        assert_eq!(in_order.len(), shuffled.len());
        for (a, b) in in_order.iter().zip(&shuffled) {
            assert_eq!((&a.path, &a.bytes), (&b.path, &b.bytes));
        }
        let meta = in_order
            .iter()
            .find(|f| f.path == "search/meta.json")
            .unwrap();
        let meta: serde_json::Value = serde_json::from_slice(&meta.bytes).unwrap();
        assert_eq!(meta["listings"], 297);
        // The bare listing after the others, as `build_with` numbers them.
        assert_eq!(meta["bare"], 299);
    }
}
