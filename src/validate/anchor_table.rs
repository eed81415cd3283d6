//! Every runbook page's anchors, kept compactly until the links to them are checked.
//!
//! Links are checked once every page is rendered, so each page's anchors live until then.
//! As a set of strings per page they took about 1 kB a page (100 MB at 100,000 runbooks),
//! though most pages have the same anchors (`symptoms`, `steps.3`, ...). Here each name is
//! stored once, in an [`AnchorTable`], and a page keeps the sorted numbers of its names: 4
//! bytes an anchor. Lookups compare whole strings, so no link is ever taken for another.

use std::collections::HashMap;
use std::sync::OnceLock;

use indexmap::IndexSet;
use rustc_hash::FxBuildHasher;

/// Every anchor name seen, each stored once and numbered in order of arrival.
#[derive(Debug, Default)]
struct AnchorTable {
    names: IndexSet<Box<str>, FxBuildHasher>,
}

/// One page's anchors: the numbers of their names in an [`AnchorTable`], sorted.
#[derive(Debug, Clone, Default)]
struct PageAnchors(Box<[u32]>);

impl AnchorTable {
    /// The anchors of one page, their names added to the table.
    fn intern<'s>(&mut self, anchors: impl IntoIterator<Item = &'s str>) -> PageAnchors {
        let mut ids: Vec<u32> = anchors
            .into_iter()
            .map(|name| match self.names.get_index_of(name) {
                Some(id) => id as u32,
                None => self.names.insert_full(name.into()).0 as u32,
            })
            .collect();
        ids.sort_unstable();
        ids.dedup();
        PageAnchors(ids.into_boxed_slice())
    }

    /// Whether `page` has the anchor `name`.
    fn contains(&self, page: &PageAnchors, name: &str) -> bool {
        self.names
            .get_index_of(name)
            .is_some_and(|id| page.0.binary_search(&(id as u32)).is_ok())
    }

    /// The names of `page`'s anchors, sorted.
    fn names<'t>(&'t self, page: &PageAnchors) -> Vec<&'t str> {
        let mut names: Vec<&str> = page
            .0
            .iter()
            .filter_map(|&id| self.names.get_index(id as usize).map(|n| &**n))
            .collect();
        names.sort_unstable();
        names
    }

    /// Names stored.
    fn len(&self) -> usize {
        self.names.len()
    }
}

/// Where the anchor checks find a page's anchors, by the page's slug.
pub trait AnchorLookup {
    /// Whether the runbook page `slug` has the anchor `name`; `None` if there is no such
    /// page (a link to it is reported elsewhere).
    fn has(&self, slug: &str, name: &str) -> Option<bool>;
    /// [`has`](Self::has), or, when `lower` (GitHub's ids), the page has `name` in lower
    /// case and not as written: a reader following the link goes on to that anchor
    /// (themes/default/static/site.js), as GitHub's page script does
    /// (`index.md#Responsibilities` for `## Responsibilities`).
    /// With GitHub's ids, `#readme` (in any case) is found on every page: its article
    /// carries it when no id of the runbook's own does (see `markdown::README_ID`).
    fn finds(&self, slug: &str, name: &str, lower: bool) -> Option<bool> {
        if self.has(slug, name)? || lower && name.eq_ignore_ascii_case(crate::markdown::README_ID) {
            return Some(true);
        }
        let lowered = name.to_lowercase();
        Some(lower && lowered != name && self.has(slug, &lowered) == Some(true))
    }
    /// Every anchor of the page `slug`, sorted (for suggestions).
    fn sorted(&self, slug: &str) -> Vec<&str>;
    /// How many pages have the anchor `name`, and the first of them by slug: a link to
    /// another page's heading (`#role-incident-commander` written in the page that
    /// lists the roles) is told where that heading is. The pages' anchors are read once,
    /// at the first call (broken links are few; most builds have none).
    fn holders(&self, name: &str) -> Holders<'_>;
}

/// The pages holding an anchor (see [`AnchorLookup::holders`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Holders<'s> {
    /// Pages holding it.
    pub count: u32,
    /// The first of them by slug.
    pub first: Option<&'s str>,
}

impl<'s> Holders<'s> {
    fn add(&mut self, slug: &'s str) {
        self.count += 1;
        if self.first.is_none_or(|f| slug < f) {
            self.first = Some(slug);
        }
    }
}

/// Pages' anchors as sets of strings, while each page keeps its own (`serve`).
pub struct AnchorSets<'a> {
    sets: HashMap<&'a str, &'a crate::markdown::IdSet>,
    /// Each anchor's pages, made at the first [`AnchorLookup::holders`].
    holders: OnceLock<HashMap<&'a str, Holders<'a>>>,
}

impl<'a> AnchorSets<'a> {
    /// The anchors of each page, by slug.
    pub fn new(sets: HashMap<&'a str, &'a crate::markdown::IdSet>) -> Self {
        AnchorSets {
            sets,
            holders: OnceLock::new(),
        }
    }
}

impl AnchorLookup for AnchorSets<'_> {
    fn has(&self, slug: &str, name: &str) -> Option<bool> {
        self.sets.get(slug).map(|ids| ids.contains(name))
    }

    fn holders(&self, name: &str) -> Holders<'_> {
        let all = self.holders.get_or_init(|| {
            let mut all: HashMap<&str, Holders> = HashMap::new();
            for (slug, ids) in &self.sets {
                for id in ids.iter() {
                    all.entry(id.as_str()).or_default().add(slug);
                }
            }
            all
        });
        all.get(name).copied().unwrap_or_default()
    }

    fn sorted(&self, slug: &str) -> Vec<&str> {
        let mut all: Vec<&str> = self
            .sets
            .get(slug)
            .map(|ids| ids.iter().map(String::as_str).collect())
            .unwrap_or_default();
        all.sort_unstable();
        all
    }
}

/// The pages' slugs, and each anchor name's count of pages and first page (an index into
/// the slugs), by the name's number.
type PagesOfNames<'a> = (Vec<&'a str>, Vec<(u32, u32)>);

/// Every runbook page's anchors by slug, each name stored once (a build).
#[derive(Debug, Default)]
pub struct AnchorIndex<'a> {
    table: AnchorTable,
    pages: HashMap<&'a str, PageAnchors>,
    /// The pages' slugs, and each name's count of pages and first page (an index into
    /// them) by the name's number, made at the first [`AnchorLookup::holders`]: 8 bytes
    /// a name and 16 a page, only in a build with a broken link.
    holders: OnceLock<PagesOfNames<'a>>,
}

impl<'a> AnchorIndex<'a> {
    /// Sets the anchors of the page `slug` (again, for a page rendered again).
    pub fn add<'s>(&mut self, slug: &'a str, anchors: impl IntoIterator<Item = &'s str>) {
        let ids = self.table.intern(anchors);
        self.pages.insert(slug, ids);
        self.holders = OnceLock::new();
    }

    /// Drops from `links` those whose anchor is found; the rest (broken ones, and those
    /// to pages not added yet) stay to be checked by [`super::check_anchors`].
    pub fn keep_unfound(&self, links: &mut Vec<crate::markdown::AnchorLink>) {
        links.retain(|l| self.has(&l.page, &l.anchor) != Some(true));
        links.shrink_to_fit();
    }

    /// Names stored, over all pages.
    pub fn names(&self) -> usize {
        self.table.len()
    }
}

impl AnchorLookup for AnchorIndex<'_> {
    fn has(&self, slug: &str, name: &str) -> Option<bool> {
        self.pages
            .get(slug)
            .map(|page| self.table.contains(page, name))
    }

    fn sorted(&self, slug: &str) -> Vec<&str> {
        self.pages
            .get(slug)
            .map(|page| self.table.names(page))
            .unwrap_or_default()
    }

    fn holders(&self, name: &str) -> Holders<'_> {
        let Some(id) = self.table.names.get_index_of(name) else {
            return Holders::default();
        };
        let (slugs, all) = self.holders.get_or_init(|| {
            let slugs: Vec<&str> = self.pages.keys().copied().collect();
            let mut all = vec![(0u32, u32::MAX); self.table.len()];
            for (i, slug) in slugs.iter().enumerate() {
                for &id in self.pages[slug].0.iter() {
                    let (count, first) = &mut all[id as usize];
                    *count += 1;
                    if *first == u32::MAX || *slug < slugs[*first as usize] {
                        *first = i as u32;
                    }
                }
            }
            (slugs, all)
        });
        let (count, first) = all[id];
        Holders {
            count,
            first: slugs.get(first as usize).copied(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_names_are_stored_once_and_found_exactly() {
        let mut table = AnchorTable::default();
        let a = table.intern(["symptoms", "steps.1", "steps.2"]);
        let b = table.intern(["steps.2", "symptoms", "rollback", "symptoms"]);
        assert_eq!(table.len(), 4);
        assert_eq!(b.0.len(), 3, "a name given twice is one anchor");
        assert!(table.contains(&a, "steps.1"));
        assert!(!table.contains(&b, "steps.1"), "another page's anchor");
        assert!(!table.contains(&a, "rollback"));
        assert!(!table.contains(&a, "steps"), "a prefix is not the anchor");
        assert!(!table.contains(&a, "nowhere"), "a name no page has");
        assert_eq!(table.names(&b), ["rollback", "steps.2", "symptoms"]);
        assert!(table.intern(std::iter::empty()).0.is_empty());
    }

    #[test]
    fn both_lookups_agree() {
        let sets: Vec<(&str, crate::markdown::IdSet)> = vec![
            ("a", ["x", "y"].map(String::from).into_iter().collect()),
            ("b", Default::default()),
        ];
        let mut by_table = AnchorIndex::default();
        for (slug, set) in &sets {
            by_table.add(slug, set.iter().map(String::as_str));
        }
        // A page rendered again replaces its anchors.
        by_table.add("b", ["old"]);
        by_table.add("b", []);
        let by_set = AnchorSets::new(sets.iter().map(|(s, set)| (*s, set)).collect());
        for (slug, name) in [("a", "x"), ("a", "z"), ("b", "x"), ("c", "x")] {
            assert_eq!(
                by_set.has(slug, name),
                by_table.has(slug, name),
                "{slug}#{name}"
            );
        }
        assert_eq!(by_set.sorted("a"), by_table.sorted("a"));
        for name in ["x", "y", "old", "nowhere"] {
            assert_eq!(by_set.holders(name), by_table.holders(name), "{name}");
        }
        assert_eq!(
            by_table.holders("x"),
            Holders {
                count: 1,
                first: Some("a")
            }
        );
        assert_eq!(by_table.has("c", "x"), None);
        assert_eq!(by_table.has("b", "old"), Some(false));
        assert_eq!(by_table.names(), 3);
    }

    #[test]
    fn an_anchor_is_found_in_lower_case_as_the_reader_finds_it() {
        let mut index = AnchorIndex::default();
        index.add("a", ["responsibilities", "Mixed", "ünicode-Ä", "ünicode-ä"]);
        for (name, found) in [
            ("responsibilities", Some(true)),
            ("Responsibilities", Some(true)),
            ("RESPONSIBILITIES", Some(true)),
            // Only lower case: an id in another case is not guessed at.
            ("mixed", Some(false)),
            ("MIXED", Some(false)),
            ("Mixed", Some(true)),
            ("Ünicode-Ä", Some(true)),
            ("responsibility", Some(false)),
        ] {
            assert_eq!(index.finds("a", name, true), found, "{name}");
        }
        // GitLab's ids are exact.
        assert_eq!(index.finds("a", "Responsibilities", false), Some(false));
        assert_eq!(index.finds("a", "responsibilities", false), Some(true));
        assert_eq!(index.finds("b", "Responsibilities", true), None);
    }
}
