//! The folders of the runbook folder and what each holds, in order: for folder pages,
//! breadcrumbs, the folders' trees and each runbook's previous and next.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

use super::runbooks::RunbookPage;
use super::titles::readable_name;
use super::{LinkRef, Renderer};
use crate::model::{Runbook, Weight};

impl Renderer<'_> {
    /// Links to the folders above `slug`, from `/runbooks/` down: the same for every page
    /// of a folder, so written once a folder (see [`SectionTree::crumbs`]).
    pub(super) fn breadcrumbs<'t>(&self, slug: &str, tree: &'t SectionTree) -> Cow<'t, [LinkRef]> {
        if slug.is_empty() {
            return Cow::Borrowed(&[]);
        }
        let folder = parent_of(slug);
        let base = self.urls.base_path.as_str();
        match tree.crumbs.get(folder) {
            Some(cell) => {
                let (of, crumbs) =
                    cell.get_or_init(|| (base.to_string(), self.crumbs(folder, tree)));
                // A tree kept by `serve` outlives its renderer.
                if of == base {
                    Cow::Borrowed(crumbs)
                } else {
                    Cow::Owned(self.crumbs(folder, tree))
                }
            }
            None => Cow::Owned(self.crumbs(folder, tree)),
        }
    }

    /// Links to `/runbooks/` and every folder down to `folder`, itself included.
    fn crumbs(&self, folder: &str, tree: &SectionTree) -> Vec<LinkRef> {
        let mut crumbs = vec![LinkRef {
            title: tree.title_of("", self),
            url: self.runbook_url(""),
        }];
        if folder.is_empty() {
            return crumbs;
        }
        for (i, _) in folder.match_indices('/').chain([(folder.len(), "")]) {
            let above = &folder[..i];
            crumbs.push(LinkRef {
                title: tree.title_of(above, self),
                url: self.runbook_url(above),
            });
        }
        crumbs
    }
}

/// An entry of a folder: (slug, title, weight, is_folder, and the title's HTML once a
/// page asked, see [`title_html`]).
pub(super) type Entry = (String, String, Weight, bool, OnceLock<String>);

/// An entry of a folder, its title's HTML not made yet.
fn entry(slug: String, title: String, weight: Weight, is_folder: bool) -> Entry {
    (slug, title, weight, is_folder, OnceLock::new())
}

/// An entry's title escaped, with break opportunities in its long joined names (see
/// `wbr`): made once an entry, where the previous and next links of two pages and the
/// folder's tree each made it again.
pub(super) fn title_html(e: &Entry) -> &str {
    e.4.get_or_init(|| crate::html::wbr::breakable_text(&e.1))
}

/// The folders of `content/runbooks` and what is in each, for index pages and breadcrumbs.
#[derive(Debug)]
pub(super) struct SectionTree<'t> {
    /// Folder slug to its entries.
    entries: BTreeMap<String, Vec<Entry>>,
    /// Folders that have an `_index.md`, with its title.
    index_titles: Cow<'t, HashMap<String, String>>,
    /// Each folder's runbooks' previous and next runbook, as indexes of the folder's
    /// entries: found once here, rather than by a scan of the folder per page.
    /// Hashed by foldhash, seeded per process: folder names come from pull requests.
    neighbours: foldhash::HashMap<String, Links>,
    /// Each folder's breadcrumbs for its pages, with the base path they were written for,
    /// once a page asked (see `Renderer::breadcrumbs`).
    crumbs: HashMap<String, OnceLock<(String, Vec<LinkRef>)>>,
    /// The runbooks marked drafts (`Runbook::draft_key`): listed, not counted.
    drafts: foldhash::HashSet<String>,
}

impl<'t> SectionTree<'t> {
    pub(super) fn new(pages: &[RunbookPage]) -> Self {
        Self::with_titles(pages.iter().map(|p| (p.runbook, p.title.as_str())))
    }

    /// [`SectionTree::new`] of each runbook and its title, in the site's order (a build
    /// keeps the titles in the renderer's map, and drops the pages before the tree).
    pub(super) fn with_titles<'p>(pages: impl Iterator<Item = (&'p Runbook, &'p str)>) -> Self {
        let mut entries: BTreeMap<String, Vec<Entry>> = BTreeMap::new();
        let mut index_titles = HashMap::new();
        let mut index_weights: HashMap<&str, Weight> = HashMap::new();
        // In order, not a hash set's: folders that tie on weight and title (every folder's
        // index titled "Overview") keep this order through the stable sort, the same in
        // every build.
        let mut folders: BTreeSet<String> = BTreeSet::new();
        let mut drafts = foldhash::HashSet::default();
        entries.entry(String::new()).or_default();
        for (rb, title) in pages {
            if !rb.is_index && rb.draft_key().is_some() {
                drafts.insert(rb.slug.clone());
            }
            if rb.is_index {
                index_titles.insert(rb.slug.clone(), title.to_string());
                index_weights.insert(&rb.slug, rb.front.weight.unwrap_or_default());
                folders.insert(rb.slug.clone());
            } else if rb.unlisted_key().is_none() {
                // Unlisted runbooks are in no list; their folders are there all the same,
                // so that their breadcrumbs lead somewhere.
                let parent = parent_of(&rb.slug);
                entries.entry(parent.to_string()).or_default().push(entry(
                    rb.slug.clone(),
                    title.to_string(),
                    rb.front.weight.unwrap_or_default(),
                    false,
                ));
            }
            // Every folder above the page exists too.
            let mut folder = parent_of(&rb.slug).to_string();
            while !folder.is_empty() {
                folders.insert(folder.clone());
                folder = parent_of(&folder).to_string();
            }
        }
        for folder in &folders {
            if folder.is_empty() {
                continue;
            }
            let weight = index_weights
                .get(folder.as_str())
                .copied()
                .unwrap_or_default();
            let title = index_titles
                .get(folder)
                .cloned()
                .unwrap_or_else(|| readable_name(folder.rsplit('/').next().unwrap_or(folder)));
            entries.entry(folder.clone()).or_default();
            entries
                .entry(parent_of(folder).to_string())
                .or_default()
                .push(entry(folder.clone(), title, weight, true));
        }
        let mut tree = Self::sorted(entries, Cow::Owned(index_titles));
        tree.drafts = drafts;
        tree
    }

    /// The runbooks of one folder (none of them its index page), for their own pages: what
    /// a runbook page shows of the tree (breadcrumbs, previous and next) is the same as
    /// with [`SectionTree::new`] of every page, given the titles of the folders' index
    /// pages.
    pub(super) fn folder(
        folder: &str,
        pages: &[&RunbookPage],
        index_titles: &'t HashMap<String, String>,
    ) -> Self {
        let list = pages
            .iter()
            .filter(|p| p.runbook.unlisted_key().is_none())
            .map(|p| {
                let rb = p.runbook;
                entry(
                    rb.slug.clone(),
                    p.title.clone(),
                    rb.front.weight.unwrap_or_default(),
                    false,
                )
            })
            .collect();
        // Sorting the folder's runbooks alone puts them in the order they have among its
        // subfolders too: the sort is stable.
        Self::sorted(
            BTreeMap::from([(folder.to_string(), list)]),
            Cow::Borrowed(index_titles),
        )
    }

    fn sorted(
        mut entries: BTreeMap<String, Vec<Entry>>,
        index_titles: Cow<'t, HashMap<String, String>>,
    ) -> Self {
        let mut neighbours = foldhash::HashMap::default();
        for (folder, list) in &mut entries {
            // The lower-case title once per entry, not once per comparison.
            list.sort_by_cached_key(|a| (a.2, a.1.to_lowercase()));
            neighbours.insert(folder.clone(), link_neighbours(list));
        }
        let crumbs = entries
            .keys()
            .map(|f| (f.clone(), OnceLock::new()))
            .collect();
        SectionTree {
            entries,
            index_titles,
            neighbours,
            crumbs,
            drafts: Default::default(),
        }
    }

    /// Runbook `slug` (not a folder's page) retitled `title`: its folder's entries and
    /// their neighbours as [`SectionTree::new`] of every page would make them, without
    /// going over every page (a title edit's update sorted 10,000 runbooks again).
    /// `position` gives a runbook's place among the pages [`SectionTree::new`] takes:
    /// entries of equal weight and title keep that order, runbooks before folders.
    /// `false` if `slug` is not one of the tree's runbooks (the tree is then as it was).
    pub(super) fn retitle(
        &mut self,
        slug: &str,
        title: &str,
        position: impl Fn(&str) -> Option<usize>,
    ) -> bool {
        let Some(list) = self.entries.get_mut(parent_of(slug)) else {
            return false;
        };
        let Some(at) = list.iter().position(|e| !e.3 && e.0 == slug) else {
            return false;
        };
        let Some(mine) = position(slug) else {
            return false;
        };
        let mut entry = list.remove(at);
        entry.1 = title.to_string();
        entry.4 = OnceLock::new();
        let key = (entry.2, entry.1.to_lowercase());
        let place = list
            .iter()
            .position(|e| match (e.2, e.1.to_lowercase()).cmp(&key) {
                std::cmp::Ordering::Less => false,
                std::cmp::Ordering::Greater => true,
                std::cmp::Ordering::Equal => e.3 || position(&e.0).is_none_or(|p| p > mine),
            })
            .unwrap_or(list.len());
        list.insert(place, entry);
        let links = link_neighbours(list);
        self.neighbours.insert(parent_of(slug).to_string(), links);
        true
    }

    /// The runbooks before and after runbook `slug` in its folder.
    pub(super) fn neighbours(&self, slug: &str) -> Option<(Option<&Entry>, Option<&Entry>)> {
        let folder = parent_of(slug);
        let list = self.entries(folder);
        let links = self.neighbours.get(folder)?;
        let at = links
            .by_slug
            .binary_search_by(|&i| list[i].0.as_str().cmp(slug))
            .ok()?;
        let [prev, next] = links.around[links.by_slug[at]];
        // `NONE` is past the end of any list.
        Some((list.get(prev), list.get(next)))
    }

    pub(super) fn folders_without_index(&self) -> Vec<String> {
        self.entries
            .keys()
            .filter(|f| !self.index_titles.contains_key(*f))
            .cloned()
            .collect()
    }

    pub(super) fn children(&self, folder: &str, r: &Renderer) -> Vec<LinkRef> {
        self.entries
            .get(folder)
            .map(|list| {
                list.iter()
                    .map(|(slug, title, _, is_folder, _)| LinkRef {
                        title: if *is_folder {
                            format!("{title}/")
                        } else {
                            title.clone()
                        },
                        url: r.runbook_url(slug),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The entries of `folder` in the order pages list them.
    pub(super) fn entries(&self, folder: &str) -> &[Entry] {
        self.entries.get(folder).map_or(&[], Vec::as_slice)
    }

    /// Every folder, the top one (`""`) first.
    pub(super) fn folders(&self) -> Vec<String> {
        self.entries.keys().cloned().collect()
    }

    /// Whether runbook `slug` is marked a draft.
    pub(super) fn is_draft(&self, slug: &str) -> bool {
        self.drafts.contains(slug)
    }

    /// How many runbooks `folder` holds, at any depth, drafts aside.
    pub(super) fn runbooks_under(&self, folder: &str) -> usize {
        self.entries(folder)
            .iter()
            .map(|e| match e.3 {
                true => self.runbooks_under(&e.0),
                false => usize::from(!self.drafts.contains(&e.0)),
            })
            .sum()
    }

    pub(super) fn title_of(&self, folder: &str, _r: &Renderer) -> String {
        match self.index_titles.get(folder) {
            Some(t) => t.clone(),
            None if folder.is_empty() => "Runbooks".to_string(),
            None => readable_name(folder.rsplit('/').next().unwrap_or(folder)),
        }
    }
}

pub(super) fn parent_of(slug: &str) -> &str {
    slug.rfind('/').map_or("", |i| &slug[..i])
}

/// The runbooks of one folder's sorted list, found by slug, and each one's previous and
/// next runbook (folders are not neighbours). Positions in the list, not a map keyed by a
/// copy of every slug: about 24 bytes a runbook instead of some 150.
#[derive(Debug, Default)]
struct Links {
    /// The positions of the folder's runbooks (not its subfolders), sorted by slug.
    by_slug: Vec<usize>,
    /// Per entry of the list: the positions of the runbooks before and after it, `NONE`
    /// where there is none.
    around: Vec<[usize; 2]>,
}

/// No position.
const NONE: usize = usize::MAX;

/// The [`Links`] of one folder's sorted `list`.
fn link_neighbours(list: &[Entry]) -> Links {
    let pages: Vec<usize> = (0..list.len()).filter(|&i| !list[i].3).collect();
    let mut around = vec![[NONE, NONE]; list.len()];
    for (k, &i) in pages.iter().enumerate() {
        let prev = k.checked_sub(1).map_or(NONE, |j| pages[j]);
        around[i] = [prev, pages.get(k + 1).copied().unwrap_or(NONE)];
    }
    let mut by_slug = pages;
    // Slugs are unique (see `load::folder_pages::assign`).
    by_slug.sort_unstable_by(|&a, &b| list[a].0.cmp(&list[b].0));
    Links { by_slug, around }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown;
    use crate::model::{FrontMatter, SourceFile};

    fn runbook(slug: &str, is_index: bool, weight: i64) -> Runbook {
        Runbook {
            rel_path: format!("{slug}.md"),
            slug: slug.to_string(),
            is_index,
            front: FrontMatter {
                weight: Some(Weight(weight as f64)),
                ..FrontMatter::default()
            },
            body_start: 0,
            source: SourceFile {
                display: format!("content/runbooks/{slug}.md"),
                text: String::new(),
                spans: Default::default(),
            },
            body_on_disk: None,
        }
    }

    fn page<'a>(rb: &'a Runbook, title: &str) -> RunbookPage<'a> {
        RunbookPage {
            runbook: rb,
            title: title.to_string(),
            rendered: markdown::Rendered::default(),
        }
    }

    /// A folder's runbooks, sorted alone (as pages are written a folder at a time), have
    /// the neighbours they have in the whole tree, among the folder's subfolders.
    #[test]
    fn a_folder_alone_has_the_neighbours_of_the_whole_tree() {
        let runbooks = [
            runbook("ops", true, 0),
            runbook("ops/b", false, 0),
            runbook("ops/a", false, 0),
            runbook("ops/c", false, -1),
            runbook("ops/sub/x", false, -5),
            runbook("other/y", false, 0),
        ];
        let titles = ["Operations", "b", "A", "c", "x", "y"];
        let pages: Vec<RunbookPage> = runbooks
            .iter()
            .zip(titles)
            .map(|(rb, t)| page(rb, t))
            .collect();
        let whole = SectionTree::new(&pages);
        let index_titles = HashMap::from([("ops".to_string(), "Operations".to_string())]);
        let in_ops: Vec<&RunbookPage> = pages[1..4].iter().collect();
        let alone = SectionTree::folder("ops", &in_ops, &index_titles);
        let slugs = |t: &SectionTree, slug: &str| {
            t.neighbours(slug)
                .map(|(p, n)| (p.map(|e| e.0.clone()), n.map(|e| e.0.clone())))
        };
        for slug in ["ops/a", "ops/b", "ops/c"] {
            assert_eq!(slugs(&alone, slug), slugs(&whole, slug), "{slug}");
        }
        // By weight, then title whatever its case; the subfolder is not a neighbour.
        assert_eq!(
            slugs(&whole, "ops/a"),
            Some((Some("ops/c".to_string()), Some("ops/b".to_string())))
        );
        assert_eq!(
            slugs(&whole, "ops/c"),
            Some((None, Some("ops/a".to_string())))
        );
        assert_eq!(alone.index_titles.get("ops"), whole.index_titles.get("ops"));
    }

    /// Folders whose index pages share a title keep one order, the same in every build
    /// (the folders' set was a hash set seeded per process: their order changed from one
    /// build to the next).
    #[test]
    fn folders_of_one_title_keep_one_order() {
        let slugs: Vec<String> = (0..12).map(|i| format!("ops/team-{i:02}")).collect();
        let runbooks: Vec<Runbook> = slugs
            .iter()
            .flat_map(|s| [runbook(s, true, 0), runbook(&format!("{s}/fix"), false, 0)])
            .collect();
        let pages: Vec<RunbookPage> = runbooks
            .iter()
            .map(|rb| page(rb, if rb.is_index { "Overview" } else { "Fix" }))
            .collect();
        for _ in 0..16 {
            let tree = SectionTree::new(&pages);
            let order: Vec<&str> = tree.entries["ops"].iter().map(|e| e.0.as_str()).collect();
            assert_eq!(order, slugs);
        }
    }
}
