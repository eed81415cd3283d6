//! Runbook pages, folder listings and breadcrumbs.

use std::borrow::Cow;

use serde::Serialize;

use super::nav::{ChildView, NavView};
use super::section_tree::SectionTree;
use super::{runbook_path, Common, LinkRef, PipelineRef, Renderer, ShiftView};
use crate::diagnostics::Diagnostics;
use crate::markdown::{self, Heading};
use crate::model::Runbook;
use crate::write::OutputFile;

/// A pipeline in a runbook's header, with its owners' contact HTML.
#[derive(Serialize)]
pub(super) struct RunbookPipeline<'a> {
    #[serde(flatten)]
    pub(super) pipeline: &'a PipelineRef,
    pub(super) primary_contact: &'a str,
    pub(super) secondary_contact: &'a str,
}

/// A runbook after its Markdown was rendered.
pub(super) struct RunbookPage<'a> {
    pub(super) runbook: &'a Runbook,
    pub(super) title: String,
    pub(super) rendered: markdown::Rendered,
}

/// A runbook's header names the owners of this many of the pipelines it covers, and counts
/// the rest: each cost about 400 bytes of page (more with long names and contacts) for 7
/// of front matter, so 300 runbooks listing 3,000 pipelines each wrote 1.27 MB pages,
/// 509 MB in all, from 6.2 MB of content.
pub(super) const RUNBOOK_PIPELINES: usize = 10;

/// What a runbook page's template gets (see `runbook.html`); the default theme's page is
/// written from it without Tera (see [`super::runbook_html`]).
#[derive(Serialize)]
pub(super) struct RunbookCtx<'a> {
    #[serde(flatten)]
    pub(super) common: Common<'a>,
    pub(super) title: &'a str,
    /// The title heading's id, which links may point at.
    pub(super) title_id: Option<&'a str>,
    /// The title heading as written (links, code), when it is the title.
    pub(super) title_html: Option<&'a str>,
    pub(super) description: Option<&'a str>,
    pub(super) content: &'a str,
    /// `{% if content %}` would make Tera escape the whole body just to test it.
    pub(super) has_content: bool,
    /// The article carries GitHub's `id="readme"` ([`markdown::Rendered::readme_id`]).
    pub(super) readme_id: bool,
    /// The body's first letter is of a right-to-left script (see
    /// [`markdown::reads_right_to_left`]).
    pub(super) rtl: bool,
    pub(super) toc: Vec<TocItem<'a>>,
    /// The author numbered the top-level headings: the list adds no numbers of its own.
    pub(super) toc_numbered: bool,
    /// The class giving its list room for numbers of 2, 3 or 4 digits ([`toc_wide`]).
    pub(super) toc_wide: &'static str,
    /// The first [`RUNBOOK_PIPELINES`] pipelines it covers, with their owners.
    pub(super) pipelines: Vec<RunbookPipeline<'a>>,
    /// How many more it covers.
    pub(super) pipelines_more: usize,
    pub(super) on_call_block: &'a str,
    pub(super) on_call: Option<&'a ShiftView>,
    pub(super) next: Option<&'a ShiftView>,
    pub(super) last_reviewed: Option<String>,
    pub(super) review_due: Option<String>,
    pub(super) overdue: bool,
    /// Marked a draft in its front matter ([`crate::model::Runbook::draft_key`]).
    pub(super) draft: bool,
    /// Left out of the site's lists ([`crate::model::Runbook::unlisted_key`]).
    pub(super) unlisted: bool,
    pub(super) breadcrumbs: Cow<'a, [LinkRef]>,
    pub(super) children: Vec<ChildView>,
    pub(super) nav: NavView,
    pub(super) source: &'a str,
    /// The page has a diagram: it loads the renderer.
    pub(super) diagrams: bool,
}

/// An entry of "On this page". A heading deeper than the page's top level is `sub`: an
/// item of a list inside its section's item, so that the sections number 1, 2, 3 (one
/// flat list numbered "3. Diagnosis, Slow disk, Resource exhaustion, 6. Mitigation").
#[derive(Serialize)]
pub(super) struct TocItem<'a> {
    pub(super) level: u8,
    pub(super) id: &'a str,
    pub(super) text: &'a str,
    pub(super) sub: bool,
}

/// The entries of `headings`: sub-headings before the first top-level one (an h3 ahead of
/// every h2) have no section to go in, and stay at the top level.
pub(super) fn toc_items<'a>(
    headings: impl Iterator<Item = &'a Heading> + Clone,
) -> Vec<TocItem<'a>> {
    let top = headings.clone().map(|h| h.level).min().unwrap_or(0);
    let mut seen_top = false;
    headings
        .map(|h| {
            seen_top |= h.level == top;
            TocItem {
                level: h.level,
                id: &h.id,
                text: &h.text,
                sub: seen_top && h.level > top,
            }
        })
        .collect()
}

/// The class of a contents list of `top` entries whose numbers take 2, 3 or 4 digits: the
/// list scrolls on a phone, which cut the first digit of "10." standing out of it.
fn toc_wide(top: usize) -> &'static str {
    ["", "n2", "n3", "n4"][[10, 100, 1000].iter().filter(|&&n| top >= n).count()]
}

/// What a folder page's template gets (see `section.html`).
#[derive(Serialize)]
pub(super) struct SectionCtx<'a> {
    #[serde(flatten)]
    pub(super) common: Common<'a>,
    pub(super) title: String,
    pub(super) breadcrumbs: Cow<'a, [LinkRef]>,
    pub(super) children: Vec<ChildView>,
    pub(super) nav: NavView,
}

impl Renderer<'_> {
    pub(super) fn runbook_page(
        &self,
        page: &RunbookPage,
        tree: &SectionTree,
        d: &mut Diagnostics,
    ) -> Option<OutputFile> {
        let out_path = super::runbook_page_file(&page.runbook.slug);
        let mut file = self.with_runbook_ctx(page, tree, |ctx| {
            if self.compiled.runbook {
                Some(OutputFile {
                    path: out_path,
                    bytes: super::runbook_html::write(ctx).into_bytes(),
                })
            } else {
                self.page("runbook.html", out_path, ctx, d)
            }
        })?;
        if let Some(marks) = &self.marks {
            marks.fill(&page.runbook.slug, &mut file, &self.snippets.on_call);
        }
        Some(file)
    }

    /// Writes the runbook page of `page` into `sink`, as [`Renderer::runbook_page`] makes
    /// it; whether it was made. The default theme's page goes to the sink in three parts,
    /// its inline CSS between the other two, not copied into each page (see
    /// `Sink::put_parts`); unless its on-call box is marked for updates (`serve`), which
    /// works on the page's bytes.
    pub(super) fn put_runbook_page(
        &self,
        page: &RunbookPage,
        tree: &SectionTree,
        d: &mut Diagnostics,
        sink: &crate::write::Sink,
    ) -> bool {
        if !self.compiled.runbook || self.marks.is_some() {
            let file = self.runbook_page(page, tree, d);
            return file
                .map(|f| {
                    sink.put(&f.path, &f.bytes);
                    super::shell_html::give_back(f.bytes);
                })
                .is_some();
        }
        let path = super::runbook_page_file(&page.runbook.slug);
        let (html, css_at) =
            self.with_runbook_ctx(page, tree, super::runbook_html::write_without_css);
        let (before, after) = html.as_bytes().split_at(css_at);
        let css = self.inline.css_for("runbook.html");
        sink.put_parts(&path, &[before, css.as_bytes(), after]);
        super::shell_html::give_back(html.into_bytes());
        true
    }

    /// `write` given the context of the runbook page of `page`.
    fn with_runbook_ctx<R>(
        &self,
        page: &RunbookPage,
        tree: &SectionTree,
        write: impl FnOnce(&RunbookCtx) -> R,
    ) -> R {
        let rb = page.runbook;
        let due = rb.review_due(self.site.config.review_interval_days);
        let covered = self.runbook_pipelines.get(rb.slug.as_str());
        let mut known = (covered.into_iter().flatten()).filter_map(|id| self.runbook_pipeline(id));
        let pipelines: Vec<RunbookPipeline> = known.by_ref().take(RUNBOOK_PIPELINES).collect();
        let pipelines_more = known.count();
        let path = runbook_path(&rb.slug);
        // The title with break opportunities in its long joined names (see `wbr`), when
        // it has any: else as it was, so that pages without them are written the same.
        let title_html = match page.rendered.h1_html.as_deref() {
            Some(html) => Some(crate::html::wbr::breakable(html)),
            None => {
                let mut escaped = String::with_capacity(page.title.len());
                super::shell_html::esc(&mut escaped, &page.title);
                let broken = crate::html::wbr::breakable(&escaped);
                (broken != escaped).then_some(broken)
            }
        };
        let children = if rb.is_index {
            self.children_view(&rb.slug, tree)
        } else {
            Vec::new()
        };
        // A title from the page's lead heading (`## KubeAPIDown`) is shown once: as the h1,
        // with the heading's id, so that links to it still land.
        let lead = super::titles::title_heading(rb, &page.rendered);
        let mut content = super::author_toc::fold(&page.rendered.html);
        if let Some(h) = lead {
            content = Cow::Owned(without_heading(&content, h));
        }
        // A folder's page of a title alone (Hugo's `_index.md`) and no entries was blank.
        const EMPTY_FOLDER: &str = "<p>This folder has no runbooks yet.</p>";
        if rb.is_index && children.is_empty() && content.trim().is_empty() {
            content = EMPTY_FOLDER.into();
        }
        // A marker (`[[_TOC_]]`) wrote the table of contents in the body.
        let toc = if page.rendered.inline_toc {
            Vec::new()
        } else {
            let lead_id = lead.map(|h| h.id.as_str());
            toc_items(
                (page.rendered.headings.iter())
                    .filter(|h| h.level <= 3 && Some(h.id.as_str()) != lead_id),
            )
        };
        let toc_numbered =
            crate::markdown::numbered_by_author(toc.iter().filter(|h| !h.sub).map(|h| h.text));
        let wide = toc_wide(toc.iter().filter(|h| !h.sub).count());
        let unlisted = rb.unlisted_key().is_some();
        // Its shortcodes as emoji, as the title's and the text's (see `titles`).
        let description = rb.front.description.as_deref().map(markdown::title_shown);
        let mut common = self.common(
            "runbook.html",
            page.title.clone(),
            path.clone(),
            "runbooks",
            Some(&rb.source.display),
        );
        common.noindex = unlisted;
        let ctx = RunbookCtx {
            common,
            title: &page.title,
            title_id: match lead {
                Some(h) => Some(h.id.as_str()),
                None => page.rendered.h1_id.as_deref(),
            },
            title_html: title_html.as_deref(),
            // Shown once: not as the lead when the body opens with it.
            description: description
                .as_deref()
                .filter(|d| !super::lead::repeats_first_paragraph(d, &page.rendered.html)),
            content: &content,
            has_content: !content.trim().is_empty(),
            readme_id: page.rendered.readme_id,
            rtl: markdown::reads_right_to_left(&content),
            toc,
            toc_numbered,
            toc_wide: wide,
            // Shown with the pipelines only: an update after the rotation changed renders
            // again the pages that have some (see `Renderer::data_keys`).
            on_call_block: match &self.marks {
                _ if pipelines.is_empty() => "",
                Some(marks) => marks.token(),
                None => &self.snippets.on_call,
            },
            pipelines,
            pipelines_more,
            on_call: self.now_and_next().0.as_ref(),
            next: self.now_and_next().1.as_ref(),
            last_reviewed: rb.front.last_reviewed.map(super::dates::day_month_year),
            review_due: due.map(super::dates::day_month_year),
            overdue: due.is_some_and(|d| d <= self.today()),
            draft: rb.draft_key().is_some(),
            unlisted,
            breadcrumbs: self.breadcrumbs(&rb.slug, tree),
            children,
            nav: self.nav(&rb.slug, rb.is_index, tree),
            source: &rb.source.display,
            diagrams: page.rendered.diagrams > 0,
        };
        write(&ctx)
    }

    /// A pipeline as a runbook's header shows it.
    pub(super) fn runbook_pipeline(&self, id: &str) -> Option<RunbookPipeline<'_>> {
        let contact =
            |id: &str| -> &str { self.snippets.contacts.get(id).map_or("", String::as_str) };
        self.pipeline_refs.get(id).map(|p| RunbookPipeline {
            pipeline: p,
            primary_contact: contact(&p.primary.id),
            secondary_contact: contact(&p.secondary.id),
        })
    }

    pub(super) fn section_page(
        &self,
        folder: &str,
        tree: &SectionTree,
        d: &mut Diagnostics,
    ) -> Option<OutputFile> {
        let title = tree.title_of(folder, self);
        let path = runbook_path(folder);
        let ctx = SectionCtx {
            common: self.common(
                "section.html",
                title.clone(),
                path.clone(),
                "runbooks",
                None,
            ),
            title,
            breadcrumbs: self.breadcrumbs(folder, tree),
            children: self.children_view(folder, tree),
            nav: self.nav(folder, true, tree),
        };
        let out_path = super::runbook_page_file(folder);
        if self.compiled.section {
            return Some(OutputFile {
                path: out_path,
                bytes: super::runbook_html::write_section(&ctx).into_bytes(),
            });
        }
        self.page("section.html", out_path, &ctx, d)
    }
}

/// `html` without the heading `h` (its element and the line break after it), which
/// `markdown::headings` wrote as `<hN id="…">…</hN>`; as it was if not found.
fn without_heading(html: &str, h: &Heading) -> String {
    // Escaped as the heading's writer escapes it (`'` kept as it is).
    let mut id = String::with_capacity(h.id.len());
    crate::html::escape_into(&mut id, &h.id, false);
    let open = format!("<h{} id=\"{}\"", h.level, id.replace('"', "&quot;"));
    let close = format!("</h{}>", h.level);
    let Some(start) = html.find(&open) else {
        return html.to_string();
    };
    let Some(end) = html[start..].find(&close).map(|e| start + e + close.len()) else {
        return html.to_string();
    };
    let end = end + usize::from(html[end..].starts_with('\n'));
    let mut out = String::with_capacity(html.len() - (end - start));
    out.push_str(&html[..start]);
    out.push_str(&html[end..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_contents_list_gets_room_for_its_numbers() {
        let got = [0, 9, 10, 99, 100, 999, 1000, 5000].map(toc_wide);
        assert_eq!(got, ["", "", "n2", "n2", "n3", "n3", "n4", "n4"]);
    }
}
