//! What the streamed runbook pages leave for the rest of the build, and its checks over
//! all of them: each title and summary, the anchors links name, titles that read like an
//! earlier page's. Apart from the flow (`mod.rs`), which only calls these in order.

use super::runbooks::RunbookPage;
use super::section_tree::SectionTree;
use super::{nav, Renderer, SlugMap};
use crate::diagnostics::Diagnostics;
use crate::model::{Runbook, Site};

impl Renderer<'_> {
    /// The warnings of titles that read like an earlier page's (one thread, 123 M
    /// instructions at 10,000 runbooks) beside the folders' tree and then `with_tree` (the
    /// other pages), which the other cores take up while the check goes on: beside the
    /// tree alone (56 M), a core waited for the check. Both of every runbook titled as in
    /// `self.titles`, each title heading's line in `heading_lines`.
    pub(super) fn titles_and_tree<R: Send>(
        &self,
        heading_lines: &[Option<usize>],
        with_tree: impl FnOnce(&SectionTree<'static>) -> R + Send,
    ) -> (Diagnostics, SectionTree<'static>, R) {
        let runbooks = &self.site.runbooks;
        let title_of = |rb: &Runbook| self.titles.get(rb.slug.as_str()).map_or("", String::as_str);
        let (warnings, (tree, made)) = rayon::join(
            || check_titles(runbooks, heading_lines, title_of),
            || {
                let tree = SectionTree::with_titles(runbooks.iter().map(|rb| (rb, title_of(rb))));
                let made = with_tree(&tree);
                (tree, made)
            },
        );
        (warnings, tree, made)
    }

    /// The `#anchor`s links name, in runbooks and in alert rules' `runbook_url`s: the
    /// pages' anchors are in `anchors` after a build's [`Renderer::stream_runbooks`],
    /// else in the pages (`serve`).
    pub(super) fn check_anchors(
        &self,
        pages: &[RunbookPage],
        anchors: Option<&crate::validate::AnchorIndex>,
        diags: &mut Diagnostics,
    ) {
        check_anchors(self.site, self.routes, pages, anchors, diags);
    }
}

/// [`Renderer::check_anchors`], of `site` and its `routes` alone (`serve`'s updates check
/// them beside other work of the renderer).
pub(super) fn check_anchors(
    site: &Site,
    routes: Option<&crate::routes::Routes>,
    pages: &[RunbookPage],
    anchors: Option<&crate::validate::AnchorIndex>,
    diags: &mut Diagnostics,
) {
    let sets;
    let lookup: &dyn crate::validate::AnchorLookup = match anchors {
        Some(index) => index,
        None => {
            sets = crate::validate::AnchorSets::new(
                pages
                    .iter()
                    .map(|p| (p.runbook.slug.as_str(), &p.rendered.anchors))
                    .collect(),
            );
            &sets
        }
    };
    // The MyST labels of every page, the first definition of each: a link to one gets
    // the file and heading it meant.
    let labels = crate::markdown::labels_by_name(pages.iter().map(|p| {
        (
            p.runbook.source.display.as_str(),
            p.rendered.myst_labels.as_slice(),
        )
    }));
    // Each page's file, for a link to another page's heading: only when a link is left
    // to check (in a build, the broken ones; most builds have none).
    let files: std::collections::HashMap<&str, &str> =
        if pages.iter().any(|p| !p.rendered.anchor_links.is_empty()) {
            (pages.iter())
                .map(|p| (p.runbook.slug.as_str(), p.runbook.source.display.as_str()))
                .collect()
        } else {
            Default::default()
        };
    crate::validate::check_anchors(
        pages
            .iter()
            .map(|p| (p.runbook.slug.as_str(), p.rendered.anchor_links.as_slice())),
        lookup,
        &labels,
        &files,
        site.config.broken_links,
        site.config.heading_ids,
        diags,
    );
    if let Some(routes) = routes {
        crate::alerts::check::anchors(site, routes, lookup, diags);
        crate::validate::check_site_links(
            site,
            routes,
            pages
                .iter()
                .map(|p| p.rendered.site_links.as_slice())
                .filter(|links| !links.is_empty()),
            diags,
        );
    }
}

/// What folder pages show of a runbook besides its title (see [`nav::summary`]).
pub(super) fn runbook_summary(
    rb: &crate::model::Runbook,
    rendered: &crate::markdown::Rendered,
) -> Option<String> {
    let text = rendered
        .sections
        .iter()
        .map(|s| s.text.trim())
        .find(|t| !t.is_empty());
    let description = rb
        .front
        .description
        .as_deref()
        .map(crate::markdown::title_shown);
    nav::summary(description.as_deref(), text.unwrap_or(""), 160)
}

/// Each runbook's summary for folder pages by slug: `written`, the summary a page written
/// already took before its text went, else made from the page (in the pages' order).
pub(super) fn summaries_by_slug<'a>(
    pages: &[RunbookPage<'a>],
    written: Vec<Option<String>>,
) -> SlugMap<&'a str, String> {
    pages
        .iter()
        .zip(written)
        .filter_map(|(p, written)| {
            let summary = written.or_else(|| runbook_summary(p.runbook, &p.rendered));
            Some((p.runbook.slug.as_str(), summary?))
        })
        .collect()
}

/// Each runbook's title by slug. Unless the pages are kept for updates (`keep`), the
/// titles of the pages written already move to it rather than being copied: the pages
/// still to write (`pending`) keep theirs, the others' are read from the map.
/// A copy of every title in the pages and another in the map held some 70 bytes a
/// runbook through the other pages.
pub(super) fn titles<'a>(
    pages: &mut [RunbookPage<'a>],
    pending: &[usize],
    keep: bool,
) -> SlugMap<&'a str, String> {
    let mut stays = vec![keep; pages.len()];
    for &i in pending {
        stays[i] = true;
    }
    pages
        .iter_mut()
        .zip(stays)
        .map(|(p, stays)| {
            let title = if stays {
                p.title.clone()
            } else {
                std::mem::take(&mut p.title)
            };
            (p.runbook.slug.as_str(), title)
        })
        .collect()
}

/// The warnings of titles that read like an earlier page's (see
/// [`crate::validate::check_titles`]), each runbook titled `title_of` it, with the line
/// of its title heading in `heading_lines` (in the same order).
fn check_titles<'r>(
    runbooks: &'r [Runbook],
    heading_lines: &[Option<usize>],
    title_of: impl Fn(&'r Runbook) -> &'r str,
) -> Diagnostics {
    let mut warnings = Diagnostics::new();
    crate::validate::check_titles(
        runbooks
            .iter()
            .zip(heading_lines)
            .map(|(rb, &heading_line)| crate::validate::Title {
                runbook: rb,
                title: title_of(rb),
                heading_line,
            }),
        &mut warnings,
    );
    warnings
}

/// The pages of `pending` (in order) with their numbers, moved out of `pages`, which go.
pub(super) fn only_pending<'a>(
    pages: Vec<RunbookPage<'a>>,
    pending: &[usize],
) -> Vec<(usize, RunbookPage<'a>)> {
    let mut wanted = pending.iter().copied().peekable();
    pages
        .into_iter()
        .enumerate()
        .filter(|(i, _)| wanted.next_if_eq(i).is_some())
        .collect()
}
