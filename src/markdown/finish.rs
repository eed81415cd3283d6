//! The end of a page: what was held back reported (bidi controls, links past the
//! limit, raw HTML removed), the table of contents placed, the HTML cleaned if it must
//! be, and the result made compact.

use super::slug::IdAllocator;
use super::writer::push_number;
use super::{diagram, forge, limits, FastMap, Page, Rendered, MAX_NOTES};

use crate::diagnostics::Diagnostics;
use crate::sanitize;

impl Page<'_, '_> {
    /// What cleaning takes out of the page, as warnings where it was written: the author
    /// learns of it instead of finding it silently gone.
    fn report_removals(&mut self, review: &sanitize::Review, diags: &mut Diagnostics) {
        for (offset, what) in &review.removals {
            // `attributes `valign`, `width` of `<td>``: more than one.
            let verb = if what.starts_with("attributes ") {
                "are"
            } else {
                "is"
            };
            diags.warning(
                self.location(*offset),
                format!("{what} {verb} removed from the page: HTML in runbooks is sanitized"),
                super::foreign::removal_hint(what),
            );
        }
        if review.more > 0 {
            let offset = review.removals.last().map_or(0, |(o, _)| *o);
            diags.warning(
                self.location(offset),
                format!(
                    "{} more pieces of HTML are removed from this page",
                    review.more
                ),
                "see the warnings above for what is allowed",
            );
        }
    }

    /// The HTML and what was learnt; reports the links left out, and refuses a page that
    /// grew out of proportion to its file.
    pub(super) fn finish(mut self, mut html_out: String, diags: &mut Diagnostics) -> Rendered {
        self.report_hidden_in_code(&html_out, diags);
        self.report_dash_options(diags);
        self.report_tags_in_text(diags);
        self.report_reordered_numbers(&html_out, diags);
        self.report_bidi(diags);
        self.report_misleading_left_out(diags);
        self.report_comments_left_out(diags);
        self.report_declarations_left_out(diags);
        self.report_placeholders(diags);
        if self.plain_blocks > MAX_NOTES {
            eprintln!(
                "note: {}: {} more blocks written without highlighting",
                self.runbook.source.display,
                self.plain_blocks - MAX_NOTES
            );
        }
        if let Some((error, more)) = self.reports.suppressed() {
            let location = self.location(0);
            let message = format!(
                "{more} more links of this file lead nowhere (the first {} are reported)",
                limits::MAX_LINK_REPORTS
            );
            let hint = "fix the links reported above, then run again to see the rest";
            diags.broken_link(error, location, message, hint);
        }
        if !self.footnote_spans.is_empty() {
            let spans = std::mem::take(&mut self.footnote_spans);
            let refs = std::mem::take(&mut self.footnote_refs);
            let back = |number, note| back_links(number, refs.get(&note), &self.ids);
            let (moved, place) = footnotes_at_end(&html_out, spans, &back);
            html_out = moved;
            self.forge.toc_at = self.forge.toc_at.map(&place);
            self.remap_opening(&place);
        }
        self.take_opening(&mut html_out);
        if let Some(at) = self.forge.toc_at {
            // Made of what cleaning keeps, so it is written the same on a cleaned page.
            crate::work::visit(html_out.len() - at);
            html_out.insert_str(at, &forge::toc_html(&self.headings));
        }
        if !self.ids.moved.is_empty() {
            html_out = moved_footnotes(&html_out, &self.ids);
            self.h1_html = self.h1_html.map(|h| moved_footnotes(&h, &self.ids));
        }
        self.settle_given_ids(&mut html_out, diags);
        if self.raw_too_deep {
            // Refused (see `raw_html`): cleaning it would take minutes.
            html_out.clear();
        }
        if self.targets.sanitize_html && self.html_audit.needs_cleaning() && !self.raw_too_deep {
            self.check_attributes(&mut html_out, diags);
            let review = self.html_audit.review();
            self.report_removals(&review, diags);
            if !review.keep_as_written {
                html_out = sanitize::clean(&html_out);
                self.h1_html = self.h1_html.map(|h| sanitize::clean(&h));
            }
        }
        let source_len = self.file.len();
        if html_out.len() > limits::MAX_GROWTH * source_len + limits::GROWTH_SLACK {
            diags.error(
                self.location(0),
                format!(
                    "the runbook renders to {} bytes, more than {} times its {source_len} bytes: pipebook refuses pages that grow so much",
                    html_out.len(),
                    limits::MAX_GROWTH
                ),
                "such growth comes from thousands of empty numbered steps or footnote references, or tiny tokens in highlighted code: write them as text",
            );
            html_out.clear();
        }
        let mut anchors = std::mem::take(&mut self.ids.used);
        anchors.extend(std::mem::take(&mut self.raw_anchors));
        let github = self.targets.heading_ids == crate::model::HeadingIds::Github;
        // No id of the runbook's own is `readme`: its article takes GitHub's.
        let readme_id = github && !anchors.contains(super::README_ID);
        if github {
            html_out = self.anchors_in_any_case(html_out, &anchors);
        }
        // Every page's result is held until all pages are rendered: no spare capacity.
        html_out.shrink_to_fit();
        self.next_section(None);
        Rendered {
            html: html_out,
            h1: self.h1,
            h1_id: self.h1_id,
            h1_html: self.h1_html,
            h1_line: self.h1_line,
            inline_toc: self.forge.has_toc(),
            headings: self.headings,
            sections: self.sections,
            anchors,
            readme_id,
            anchor_links: self.anchor_links,
            site_links: self.site_links,
            myst_labels: Vec::new(),
            diagrams: self.diagrams.min(diagram::MAX_PER_PAGE),
            look_up: self.look_up.into_iter().collect(),
        }
    }
}

impl Page<'_, '_> {
    /// `html` with each link to an anchor of this page written in another letter case
    /// than its heading's (`[Find](#Find)` for `## Find`, whose id is `find`) leading to
    /// the heading: GitHub's page script, failing the anchor as written, looks for it in
    /// lower case, so these links work there and were a warning and a dead link here.
    /// A link written `#anchor` is rewritten, and one to the page by its file's name
    /// (`leave.md#FAQ` in `leave.md`, Sourcegraph's handbook); one pass, made only when
    /// there is one.
    fn anchors_in_any_case(&mut self, html: String, anchors: &super::IdSet) -> String {
        let slug = self.runbook.slug.as_str();
        let mut now: FastMap<String, String> = FastMap::default();
        for link in &mut self.anchor_links {
            if link.page != slug || anchors.contains(&link.anchor) {
                continue;
            }
            let lower = link.anchor.to_lowercase();
            if lower == link.anchor || !anchors.contains(&lower) {
                continue;
            }
            // The address on the page: as written (`#Find`), or the page's own address.
            let href = match &link.href {
                Some(href) => href,
                None if link.written.starts_with('#') => link.written.as_str(),
                None => continue,
            };
            let Some((page, anchor)) = href.rsplit_once('#') else {
                continue;
            };
            if anchor != link.anchor {
                continue;
            }
            let mut written = String::new();
            let _ = pulldown_cmark_escape::escape_href(&mut written, href);
            let mut fixed = String::new();
            let _ = pulldown_cmark_escape::escape_href(&mut fixed, page);
            fixed.push('#');
            let _ = pulldown_cmark_escape::escape_href(&mut fixed, &lower);
            now.insert(written, fixed);
            link.anchor = lower;
        }
        if now.is_empty() {
            return html;
        }
        let markup = "<a href=\"";
        let mut spans: Vec<(usize, usize, &str)> = Vec::new();
        for at in memchr::memmem::find_iter(html.as_bytes(), markup) {
            let start = at + markup.len();
            let Some(len) = memchr::memchr(b'"', &html.as_bytes()[start..]) else {
                continue;
            };
            if let Some(fixed) = now.get(&html[start..start + len]) {
                spans.push((start, start + len, fixed));
            }
        }
        crate::work::visit(html.len());
        let mut out = String::with_capacity(html.len());
        let mut copied = 0;
        for (start, end, fixed) in spans {
            out.push_str(&html[copied..start]);
            out.push_str(fixed);
            copied = end;
        }
        out.push_str(&html[copied..]);
        out
    }
}

/// What comes between a footnote reference's `href` and its own id.
const OWN_ID: &str = "\" id=\"";

/// How pipebook's writer opens a footnote's reference and its definition, up to the id.
const FOOTNOTE_MARKUP: [&str; 2] = [
    "<sup class=\"footnote-reference\"><a href=\"#",
    "<div class=\"footnote-definition\" id=\"",
];

/// A footnote's links back to its references (`refs`, see `IdAllocator::footnote_reference`),
/// as GitHub writes them: `↩` for the first, `↩²` for the second, …, each labelled "Back
/// to reference {number}" (`{number}-{k}` after the first). A reader who opened the note
/// from the middle of a step, on a phone, returns to the step. Empty without references.
fn back_links(number: u64, refs: Option<&Vec<usize>>, ids: &IdAllocator) -> String {
    let refs = refs.map_or(&[][..], Vec::as_slice);
    let mut out = String::with_capacity(100 * refs.len());
    for (k, &r) in refs.iter().enumerate() {
        out.push_str(" <a href=\"#");
        let _ = pulldown_cmark_escape::escape_html(&mut out, ids.footnote_now(r));
        out.push_str("\" class=\"footnote-backref\" aria-label=\"Back to reference ");
        push_number(&mut out, number);
        if k > 0 {
            out.push('-');
            push_number(&mut out, k as u64 + 1);
        }
        out.push_str("\">↩");
        if k > 0 {
            out.push_str("<sup>");
            push_number(&mut out, k as u64 + 1);
            out.push_str("</sup>");
        }
        out.push_str("</a>");
    }
    out
}

/// `definition` (a footnote's whole `<div>`) with `back` (its back-links) at its end: in
/// its last paragraph, as on GitHub, else in a paragraph of their own.
fn push_definition(out: &mut String, definition: &str, back: &str) {
    const LAST_PARAGRAPH: &str = "</p>\n</div>\n";
    const END: &str = "</div>\n";
    if back.is_empty() || !definition.ends_with(END) {
        out.push_str(definition);
    } else if let Some(body) = definition.strip_suffix(LAST_PARAGRAPH) {
        out.push_str(body);
        out.push_str(back);
        out.push_str(LAST_PARAGRAPH);
    } else {
        out.push_str(&definition[..definition.len() - END.len()]);
        out.push_str("<p>");
        out.push_str(back.trim_start());
        out.push_str("</p>\n");
        out.push_str(END);
    }
}

/// The page with its footnote definitions (`spans`: their numbers, footnotes and places,
/// in the order written, none inside another) gathered at its end in the order of their
/// numbers, as GitHub and GitLab show them, each with its links back (`back`, of its
/// number and footnote): written where they stood, mid-page, a definition read as a
/// stray paragraph under a lone number. Also returns where a place of the page is now
/// (a place in a definition before its links back, the only ones asked for).
fn footnotes_at_end(
    html: &str,
    spans: Vec<(u64, usize, std::ops::Range<usize>)>,
    back: &dyn Fn(u64, usize) -> String,
) -> (String, impl Fn(usize) -> usize + use<>) {
    const OPEN: &str = "<div class=\"footnotes\">\n";
    crate::work::visit(html.len());
    let mut out = String::with_capacity(html.len() + OPEN.len() + 7);
    // For each definition, the bytes of those before it.
    let mut removed_before = Vec::with_capacity(spans.len());
    let mut copied = 0;
    for (_, _, span) in &spans {
        removed_before.push(copied - out.len());
        out.push_str(&html[copied..span.start]);
        copied = span.end;
    }
    out.push_str(&html[copied..]);
    let removed_total = html.len() - out.len();
    out.push_str(OPEN);
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by_key(|&i| (spans[i].0, i));
    let mut base = vec![0; spans.len()];
    for i in order {
        base[i] = out.len();
        let (number, note, span) = &spans[i];
        push_definition(&mut out, &html[span.clone()], &back(*number, *note));
    }
    out.push_str("</div>\n");
    let starts: Vec<(usize, usize)> = spans.iter().map(|(_, _, s)| (s.start, s.end)).collect();
    let place = move |p: usize| {
        // The last definition starting before `p` (a place where one starts is the end
        // of what comes before it).
        let i = starts.partition_point(|&(start, _)| start < p);
        match i.checked_sub(1) {
            None => p,
            Some(i) if p < starts[i].1 => base[i] + (p - starts[i].0),
            Some(i) if i + 1 < removed_before.len() => p - removed_before[i + 1],
            Some(_) => p - removed_total,
        }
    };
    (out, place)
}

/// `html` with the ids footnotes were issued, where a heading took them over later (see
/// `IdAllocator::heading`), replaced by the footnotes' ids now where the writer wrote
/// them. One pass, made only on a page where a heading took a footnote's id.
fn moved_footnotes(html: &str, ids: &IdAllocator) -> String {
    let escaped = |id: &str| {
        let mut s = String::new();
        let _ = pulldown_cmark_escape::escape_html(&mut s, id);
        s
    };
    let now: FastMap<String, String> = ids
        .moved
        .iter()
        .map(|&n| (escaped(ids.footnote_id(n)), escaped(ids.footnote_now(n))))
        .collect();
    let mut spans: Vec<(usize, usize, &str)> = Vec::new();
    // A value up to its closing quote, and the reference's own id after its `href`.
    let value = |start: usize| {
        let len = memchr::memchr(b'"', &html.as_bytes()[start..])?;
        let own = html[start + len..]
            .starts_with(OWN_ID)
            .then_some(start + len + OWN_ID.len());
        Some((start..start + len, own))
    };
    for (i, markup) in FOOTNOTE_MARKUP.into_iter().enumerate() {
        for at in memchr::memmem::find_iter(html.as_bytes(), markup) {
            let Some((id_at, own)) = value(at + markup.len()) else {
                continue;
            };
            let own = own.filter(|_| i == 0).and_then(&value);
            for at in std::iter::once(id_at).chain(own.map(|(at, _)| at)) {
                if let Some(id) = now.get(&html[at.clone()]) {
                    spans.push((at.start, at.end, id));
                }
            }
        }
    }
    spans.sort_unstable_by_key(|s| s.0);
    crate::work::visit(html.len());
    let mut out = String::with_capacity(html.len() + 8 * spans.len());
    let mut copied = 0;
    for (start, end, id) in spans {
        out.push_str(&html[copied..start]);
        out.push_str(id);
        copied = end;
    }
    out.push_str(&html[copied..]);
    out
}
