//! What each page contributes to the search index: its text by section, and the filter
//! values (kind, domain, audience, owner) a reader can narrow results by.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};

use rayon::prelude::*;

use super::runbooks::RunbookPage;
use super::section_tree::SectionTree;
use super::Renderer;
use crate::model::Runbook;
use crate::search::{Doc, Index, Kind, Section};

impl Renderer<'_> {
    /// One document per page with content: runbooks, folder pages, pipelines, engineers,
    /// the on-call page and the home page. Navigation, headers and footers are not text
    /// of any page, so they are never indexed.
    pub(super) fn search_docs<'p>(
        &self,
        pages: &'p [RunbookPage],
        tree: &SectionTree,
    ) -> Vec<Doc<'p>> {
        // On the thread pool: `serve` gathers them after every update, on its own thread.
        let mut docs: Vec<Doc<'p>> = pages
            .par_iter()
            .filter(|page| page.runbook.unlisted_key().is_none())
            .map(|page| self.runbook_doc(page, Some(tree)))
            .collect();
        docs.extend(self.other_docs(tree));
        docs
    }

    /// Adds runbook `page` (not a folder's page, whose text lists its runbooks) to
    /// `index` as page `number` (see [`runbook_numbers`]) as soon as it is rendered.
    pub(super) fn index_runbook(&self, index: &Index, number: u32, page: &RunbookPage) {
        index.add(number, &self.runbook_doc(page, None));
    }

    /// Adds to `index` every page [`Renderer::index_runbook`] did not: the runbooks of
    /// `pending` (folder pages, and those rendered again), then the pages that are not
    /// runbooks, numbered as [`Renderer::search_docs`]'s documents are by
    /// [`crate::search::build_with`]: runbooks first, listings last.
    pub(super) fn index_rest(
        &self,
        index: &Index,
        pending: &[(usize, &RunbookPage)],
        tree: &SectionTree,
    ) {
        let numbers = runbook_numbers(self.site.runbooks.iter());
        let mut next = numbers.iter().filter(|&&n| n < NOT_SEARCHED).count() as u32;
        let others = self.other_docs(tree);
        let mut docs: Vec<(u32, Doc)> = Vec::with_capacity(pending.len() + others.len());
        for &(i, page) in pending {
            if numbers[i] < NOT_SEARCHED {
                docs.push((numbers[i], self.runbook_doc(page, Some(tree))));
            }
        }
        let (listings, others): (Vec<Doc>, Vec<Doc>) = others.into_iter().partition(|d| d.listing);
        for doc in others {
            docs.push((next, doc));
            next += 1;
        }
        // Folder pages (unnumbered) are all still to write when the index takes them.
        let folders = pending
            .iter()
            .filter(|&&(i, _)| numbers[i] == u32::MAX)
            .map(|&(_, page)| self.runbook_doc(page, Some(tree)));
        // Bare listings after the others, as `build_with` numbers them.
        let (bare, listings): (Vec<Doc>, Vec<Doc>) = folders.chain(listings).partition(|d| d.bare);
        for doc in listings.into_iter().chain(bare) {
            docs.push((next, doc));
            next += 1;
        }
        docs.par_iter().for_each(|(n, doc)| index.add(*n, doc));
    }

    /// The document of a runbook's page; `tree` gives a folder's page its runbooks.
    fn runbook_doc<'p>(&self, page: &'p RunbookPage, tree: Option<&SectionTree>) -> Doc<'p> {
        let rb = page.runbook;
        let mut domains = BTreeSet::new();
        let mut audiences = BTreeSet::new();
        let mut owners = BTreeSet::new();
        let mut intro = String::new();
        for id in self
            .runbook_pipelines
            .get(rb.slug.as_str())
            .into_iter()
            .flatten()
        {
            if let Some(p) = self.pipeline_refs.get(id) {
                domains.insert(p.domain_name.clone());
                audiences.insert(p.audience.clone());
                owners.insert(p.primary.name.clone());
                owners.insert(p.secondary.name.clone());
                intro.push_str(&format!("{} {} ", p.name, p.id));
            }
        }
        let description = rb
            .front
            .description
            .as_deref()
            .map(crate::markdown::title_shown);
        for extra in [description.as_deref(), page.rendered.h1.as_deref()]
            .into_iter()
            .flatten()
        {
            intro.push_str(extra);
            intro.push(' ');
        }
        let mut sections: Vec<Section> = page
            .rendered
            .sections
            .iter()
            .zip(heading_parents(&page.rendered))
            .map(|(s, parents)| Section {
                anchor: s.anchor.as_deref().map(Cow::Borrowed),
                heading: Cow::Borrowed(s.heading.as_str()),
                parents,
                text: Cow::Borrowed(s.text.as_str()),
            })
            .collect();
        if let (true, Some(tree)) = (rb.is_index, tree) {
            let children: Vec<String> = tree
                .children(&rb.slug, self)
                .into_iter()
                .map(|c| c.title)
                .collect();
            if let Some(first) = sections.first_mut() {
                first.text = Cow::Owned(format!("{} {}", first.text, children.join(" · ")));
            }
        }
        Doc {
            url: self.runbook_url(&rb.slug),
            title: page.title.clone(),
            kind: if rb.is_index {
                Kind::Folder
            } else {
                Kind::Runbook
            },
            domains: domains.into_iter().collect(),
            audiences: audiences.into_iter().collect(),
            owners: owners.into_iter().collect(),
            intro,
            // `KubeletPlegDurationHigh.md`: alert runbooks are named after the alert (a
            // folder's `README.md` is not), and the alerts it answers (`alerts:`) weigh
            // as its title.
            names: {
                let mut names = file_name_words(&rb.rel_path);
                for alert in &rb.front.alerts {
                    names.push('\n');
                    names.push_str(alert);
                }
                names
            },
            summary: (rb.front.description.as_deref())
                .map(|d| crate::markdown::title_shown(d).into_owned()),
            listing: rb.is_index,
            bare: rb.is_index
                && rb.front.description.is_none()
                && page
                    .rendered
                    .sections
                    .iter()
                    .all(|s| s.heading.trim().is_empty() && s.text.trim().is_empty()),
            draft: rb.draft_key().is_some(),
            stub: !rb.is_index && super::stubs::ranks_low(&page.title, &page.rendered),
            titled_folder: rb.is_index
                && !rb.slug.is_empty()
                && page.title
                    != super::titles::readable_name(rb.slug.rsplit('/').next().unwrap_or_default()),
            sections,
        }
    }

    /// The documents of the pages that are not runbooks, in the order of
    /// [`Renderer::search_docs`].
    fn other_docs(&self, tree: &SectionTree) -> Vec<Doc<'static>> {
        let mut docs = self.folder_docs(tree);
        docs.extend(self.pipeline_docs());
        docs.extend(self.engineer_docs());
        docs.push(self.oncall_doc());
        docs.extend(self.listing_docs());
        docs
    }

    /// The pages of folders without a page of their own: their runbooks' titles.
    fn folder_docs(&self, tree: &SectionTree) -> Vec<Doc<'static>> {
        let mut docs = Vec::new();
        for folder in tree.folders_without_index() {
            let children: Vec<String> = tree
                .children(&folder, self)
                .into_iter()
                .map(|c| c.title)
                .collect();
            docs.push(Doc {
                kind: Kind::Folder,
                ..page_doc(
                    self.runbook_url(&folder),
                    tree.title_of(&folder, self),
                    children.join(" · "),
                )
            });
        }
        docs
    }

    /// The pipelines' pages: what each says of its domain, audience and owners, and its
    /// domain's known failure modes.
    fn pipeline_docs(&self) -> Vec<Doc<'static>> {
        let site = self.site;
        // By domain id, the first domain's (one look-up per pipeline, not a scan).
        let mut modes: HashMap<&str, String> = HashMap::new();
        for d in &site.pipelines.domains {
            modes
                .entry(d.id.as_str())
                .or_insert_with(|| d.failure_modes.join(" "));
        }
        let mut docs = Vec::new();
        for p in &site.pipelines.pipelines {
            let r = &self.pipeline_refs[p.id.as_str()];
            let failure_modes = modes.get(p.domain.as_str()).cloned().unwrap_or_default();
            docs.push(Doc {
                url: r.url.clone(),
                title: p.name.clone(),
                kind: Kind::Pipeline,
                domains: vec![r.domain_name.clone()],
                audiences: vec![p.audience.clone()],
                owners: vec![r.primary.name.clone(), r.secondary.name.clone()],
                // The id is counted before the text, not shown in it: an excerpt starts
                // with what the pipeline says it is (as a runbook's, without its names).
                intro: format!("{} ", p.id),
                names: p.id.clone(),
                summary: p.description.clone(),
                listing: false,
                bare: false,
                draft: false,
                stub: false,
                titled_folder: false,
                sections: vec![
                    Section {
                        parents: String::new(),
                        anchor: None,
                        heading: Cow::Borrowed(""),
                        text: format!(
                            "{} Domain: {}. Audience: {}. Primary owner: {}. Secondary owner (backup): {}. Runbook: {}.",
                            p.description.as_deref().unwrap_or(""),
                            r.domain_name,
                            p.audience,
                            r.primary.name,
                            r.secondary.name,
                            r.runbook.as_ref().map_or("none yet", |l| l.title.as_str()),
                        ).trim_start().to_string().into(),
                    },
                    Section {
                        parents: String::new(),
                        anchor: Some(Cow::Borrowed("failure-modes")),
                        heading: format!("Known failure modes in {}", r.domain_name).into(),
                        text: failure_modes.into(),
                    },
                ],
            });
        }
        docs
    }

    /// The engineers' pages: the pipelines each owns, and never contact details.
    fn engineer_docs(&self) -> Vec<Doc<'static>> {
        let site = self.site;
        // The names of the pipelines each engineer is the primary and the secondary owner
        // of, in the site's order: one pass, not one per engineer.
        let mut owned: HashMap<&str, [Vec<&str>; 2]> = HashMap::new();
        for p in &site.pipelines.pipelines {
            owned.entry(p.primary.as_str()).or_default()[0].push(p.name.as_str());
            owned.entry(p.secondary.as_str()).or_default()[1].push(p.name.as_str());
        }
        let mut docs = Vec::new();
        for e in &site.team.engineers {
            let owns = |which: usize| {
                owned
                    .get(e.id.as_str())
                    .map_or(String::new(), |lists| lists[which].join(", "))
            };
            docs.push(Doc {
                url: self.urls.link(&format!("engineers/{}/", e.id)),
                title: e.name.clone(),
                kind: Kind::Engineer,
                domains: Vec::new(),
                audiences: Vec::new(),
                owners: vec![e.name.clone()],
                intro: String::new(),
                names: e.id.clone(),
                summary: None,
                listing: false,
                bare: false,
                draft: false,
                stub: false,
                titled_folder: false,
                sections: vec![
                    Section {
                        parents: String::new(),
                        anchor: None,
                        heading: Cow::Borrowed(""),
                        // The id, and never contact details: the index is one
                        // download that anyone can read whole (see crate::privacy).
                        text: e.id.clone().into(),
                    },
                    Section {
                        parents: String::new(),
                        anchor: Some(Cow::Borrowed("primary")),
                        heading: Cow::Borrowed("Primary owner of"),
                        text: owns(0).into(),
                    },
                    Section {
                        parents: String::new(),
                        anchor: Some(Cow::Borrowed("secondary")),
                        heading: Cow::Borrowed("Secondary owner (backup) of"),
                        text: owns(1).into(),
                    },
                ],
            });
        }
        docs
    }

    /// The on-call page: who is on call, and the holidays.
    fn oncall_doc(&self) -> Doc<'static> {
        let site = self.site;
        // By date (then name), not as listed: a reordered `holidays:` (or calendar) changed
        // a search shard and the worker's VERSION, which offline readers download again.
        let mut holidays: Vec<_> = (site.oncall.holidays.iter())
            .map(|h| (h.date, h.name.as_str()))
            .collect();
        holidays.sort_unstable();
        let holidays: Vec<&str> = holidays.into_iter().map(|(_, name)| name).collect();
        let mut oncall = page_doc(
            self.urls.link("oncall/"),
            "On-call schedule".into(),
            "Who is on call: shifts, swaps, overrides, backups and calendar feeds to subscribe to (iCalendar, webcal, Google Calendar).".into(),
        );
        // The answer to "who is on call", not a list of other pages.
        oncall.listing = false;
        oncall.bare = false;
        oncall.sections.push(Section {
            parents: String::new(),
            anchor: Some(Cow::Borrowed("holidays")),
            heading: Cow::Borrowed("Holidays"),
            text: holidays.join(", ").into(),
        });
        oncall
    }

    /// The home page and the lists of pipelines and engineers.
    fn listing_docs(&self) -> Vec<Doc<'static>> {
        let site = self.site;
        let mut docs = Vec::new();
        let mut in_domain: HashMap<&str, Vec<&str>> = HashMap::new();
        for p in &site.pipelines.pipelines {
            in_domain
                .entry(p.domain.as_str())
                .or_default()
                .push(p.name.as_str());
        }
        let by_domain: Vec<String> = site
            .pipelines
            .domains
            .iter()
            .map(|d| {
                let names = in_domain.get(d.id.as_str()).map_or(&[][..], Vec::as_slice);
                format!("{}: {}.", d.name, names.join(", "))
            })
            .collect();
        docs.push(page_doc(
            self.urls.link(""),
            site.config.title.clone(),
            format!(
                "Who is on call now, and the pipelines by domain. {}",
                by_domain.join(" ")
            ),
        ));
        docs.push(page_doc(
            self.urls.link("pipelines/"),
            "Pipelines".into(),
            site.pipelines
                .pipelines
                .iter()
                .map(|p| p.name.as_str())
                .collect::<Vec<_>>()
                .join(" · "),
        ));
        docs.push(page_doc(
            self.urls.link("engineers/"),
            "Team".into(),
            site.team
                .engineers
                .iter()
                .map(|e| e.name.as_str())
                .collect::<Vec<_>>()
                .join(" · "),
        ));
        docs
    }
}

/// The number [`runbook_numbers`] gives an unlisted page (`Runbook::unlisted_key`): it
/// is not searched.
pub(super) const NOT_SEARCHED: u32 = u32::MAX - 1;

/// Each runbook's page number in the search index, in the site's order (`u32::MAX` for
/// folder pages, which are listings, numbered after every other page; [`NOT_SEARCHED`]
/// for unlisted pages).
pub(super) fn runbook_numbers<'r>(runbooks: impl Iterator<Item = &'r Runbook>) -> Vec<u32> {
    let mut next = 0;
    runbooks
        .map(|rb| {
            if rb.unlisted_key().is_some() {
                return NOT_SEARCHED;
            }
            if rb.is_index {
                return u32::MAX;
            }
            next += 1;
            next - 1
        })
        .collect()
}

/// For each section of a rendered runbook, the headings its heading is under, ` › `
/// between them (`Diagnosis` for a `### Other` under `## Diagnosis`), so that a
/// sub-result named `Other` says which one it is.
fn heading_parents(rendered: &crate::markdown::Rendered) -> Vec<String> {
    let level: foldhash::HashMap<&str, u8> = rendered
        .headings
        .iter()
        .map(|h| (h.id.as_str(), h.level))
        .collect();
    let mut open: Vec<(u8, &str)> = Vec::new();
    let mut out = Vec::with_capacity(rendered.sections.len());
    for s in &rendered.sections {
        let Some(l) = s.anchor.as_deref().and_then(|a| level.get(a)) else {
            out.push(String::new());
            continue;
        };
        while open.last().is_some_and(|&(up, _)| up >= *l) {
            open.pop();
        }
        out.push(open.iter().map(|&(_, h)| h).collect::<Vec<_>>().join(" › "));
        open.push((*l, s.heading.as_str()));
    }
    out
}

fn page_doc(url: String, title: String, text: String) -> Doc<'static> {
    Doc {
        url,
        title,
        kind: Kind::Page,
        domains: Vec::new(),
        audiences: Vec::new(),
        owners: Vec::new(),
        intro: String::new(),
        names: String::new(),
        summary: None,
        // The home page, the lists of pipelines and engineers: each lists other pages.
        listing: true,
        bare: true,
        draft: false,
        stub: false,
        titled_folder: false,
        sections: vec![Section {
            parents: String::new(),
            anchor: None,
            heading: Cow::Borrowed(""),
            text: text.into(),
        }],
    }
}

/// The name of a runbook's file when it says what the page is about: not `README.md`,
/// `index.md` or `_index.md`, which only say that the page is its folder's.
fn file_name_words(rel_path: &str) -> String {
    let name = rel_path.rsplit('/').next().unwrap_or_default();
    let stem = crate::model::page_stem(name).unwrap_or(name);
    if ["_index", "index", "index.html"].contains(&stem) || stem.eq_ignore_ascii_case("readme") {
        String::new()
    } else {
        stem.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{Heading, Rendered, TextSection};

    #[test]
    fn folder_page_file_names_are_not_words_of_the_page() {
        assert_eq!(file_name_words("k8s/KubeletDown.md"), "KubeletDown");
        assert_eq!(file_name_words("c.md"), "c");
        for folder_page in ["a/README.md", "readme.md", "a/_index.md", "a/b/index.md"] {
            assert_eq!(file_name_words(folder_page), "", "{folder_page}");
        }
    }

    #[test]
    fn sections_know_the_headings_they_are_under() {
        let heading = |level: u8, id: &str| Heading {
            level,
            id: id.into(),
            text: id.into(),
        };
        let section = |anchor: Option<&str>| TextSection {
            anchor: anchor.map(String::from),
            heading: anchor.unwrap_or_default().to_string(),
            text: String::new(),
        };
        let rendered = Rendered {
            html: String::new(),
            h1: None,
            h1_id: None,
            h1_html: None,
            h1_line: None,
            inline_toc: false,
            readme_id: false,
            headings: vec![
                heading(2, "Diagnosis"),
                heading(3, "Disk"),
                heading(4, "Slow"),
                heading(3, "Other"),
                heading(2, "Mitigation"),
            ],
            sections: [None, Some("Diagnosis"), Some("Disk"), Some("Slow")]
                .into_iter()
                .chain([Some("Other"), Some("Mitigation")])
                .map(section)
                .collect(),
            anchors: Default::default(),
            anchor_links: Vec::new(),
            site_links: Vec::new(),
            myst_labels: Vec::new(),
            diagrams: 0,
            look_up: Vec::new(),
        };
        assert_eq!(
            heading_parents(&rendered),
            ["", "", "Diagnosis", "Diagnosis › Disk", "Diagnosis", ""]
        );
    }
}
