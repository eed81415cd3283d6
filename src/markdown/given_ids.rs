//! Heading ids written by hand (`## Setup {#setup}`). GitHub and GitLab do not read them:
//! they show the heading as "Setup {#setup}" and give it the id of that text
//! (`#setup-setup`), which links written for the forge use. So the heading takes the
//! forge's id, counted among the forge's duplicates as the forge counts it, and the id
//! written by hand is an anchor beside it, so links to either land.
//!
//! A hand-written id must never take the id the forge gives another heading (or a step,
//! or a footnote): `## Other {#install-1}` above two `## Install`s would otherwise take
//! the second's `#install-1`, and links written for GitHub would land on the wrong
//! heading. Ids the forge's rule makes are issued as the page is read; hand-written ones
//! only once it is read (see [`Page::settle_given_ids`]), and one already issued is left
//! out with a warning.

use super::Page;
use crate::diagnostics::{Diagnostics, Location};

/// The class of the anchor a hand-written id is written on, by which one left out is found
/// again in the page's HTML.
const MARK: &str = "<span class=\"hd-id\" id=\"";

/// The same for a heading's id by the other forge's rule (see [`Page::other_rule_id`]):
/// other bytes, so that taking one out never takes out a hand-written id's of that name.
const OTHER_MARK: &str = "<span class=\"hd-id\" data-rule id=\"";

/// A hand-written id waiting for the page's end.
pub(super) struct GivenId {
    /// The id as written on the page (prefixed when the theme uses it).
    id: String,
    /// The id the heading has (the forge's).
    heading: String,
    at: Location,
    /// The heading's id by the other forge's rule (see [`Page::other_rule_id`]): left out
    /// without a word when another holds it.
    other_rule: bool,
}

/// The heading's `{…}` as written, with the spaces before it (` {#setup}`): the text the
/// forges show after the heading's, which pulldown-cmark read as its attributes. `source`
/// is the heading's Markdown; `setext` when it is underlined. Found as pulldown-cmark
/// finds it: the line's last `}` and the `{` before it, with no `{`, `}`, `<`, `>` or `\`
/// between them.
pub(super) fn written_block(source: &str, setext: bool) -> &str {
    let text = if setext {
        let body = source.trim_end_matches(['\n', '\r']);
        let underline = body.rfind(['\n', '\r']).unwrap_or(0);
        &body[..underline]
    } else {
        // Lines may end in `\r` alone, as old Mac files' do.
        source.split(['\n', '\r']).next().unwrap_or("")
    };
    let text = text.trim_end_matches([' ', '\t', '\r', '\n']);
    let Some(inside) = text.strip_suffix('}') else {
        return "";
    };
    let Some(open) = inside.rfind(['{', '}', '<', '>', '\\', '\n', '\r']) else {
        return "";
    };
    if inside.as_bytes()[open] != b'{' {
        return "";
    }
    let start = inside[..open].trim_end_matches([' ', '\t']).len();
    &text[start..]
}

impl Page<'_, '_> {
    /// Writes the anchor of the id `given` written by hand on a heading whose forge id is
    /// `heading`, where the heading starts; settled at the page's end. Returns the id
    /// written, which the heading's steps are numbered under (`#verify.1`, as before
    /// the heading took the forge's id: links to steps written then still land).
    pub(super) fn given_id(
        &mut self,
        given: &str,
        heading: &str,
        start: usize,
        diags: &mut Diagnostics,
    ) -> Option<String> {
        let id = crate::theme_ids::content_id(given).into_owned();
        if id == heading || self.raw_stack.dropping > 0 {
            return None;
        }
        let at = self.location(start);
        // A set, not a scan of the ids before: a page of 100,000 `{#…}` headings.
        if !self.given_seen.insert(id.clone()) {
            self.left_out(&id, heading, at, diags);
            return None;
        }
        push_mark(&mut self.html, &id);
        self.given.push(GivenId {
            id: id.clone(),
            heading: heading.to_string(),
            at,
            other_rule: false,
        });
        Some(id)
    }

    /// On a GitLab repository, writes the anchor of the heading's id by the rule its
    /// `heading_ids` does not follow, when that differs: GitLab has made ids both ways
    /// (runs of `-` collapsed, as its documentation says, in its Ruby filter; kept, as
    /// GitHub's, by comrak's), so links written against either land (`[x](#foo-bar)` for
    /// `## Foo - Bar`, whose id here is `#foo---bar`). Counted among that rule's own
    /// duplicates as the forge counts them; settled at the page's end like a hand-written
    /// id, and left out silently when an id the site's rule made, or one written by hand,
    /// holds it.
    pub(super) fn other_rule_id(&mut self, slug: &str, heading: &str, start: usize) {
        let Some(other) = self.other_ids.as_mut() else {
            return;
        };
        let Some(id) = other.heading(slug) else {
            return;
        };
        if id == heading || self.raw_stack.dropping > 0 || !self.other_seen.insert(id.clone()) {
            return;
        }
        let at = self.location(start);
        push_other_mark(&mut self.html, &id);
        self.given.push(GivenId {
            id,
            heading: heading.to_string(),
            at,
            other_rule: true,
        });
    }

    /// Makes each hand-written id an anchor of the page unless an id the forge's rule made
    /// holds it; the anchors of those are taken out of `html` (before it is cleaned), in
    /// one pass over it whatever their number.
    pub(super) fn settle_given_ids(&mut self, html: &mut String, diags: &mut Diagnostics) {
        let mut taken = std::collections::HashSet::new();
        // Hand-written ids first: one of them holds its name before the other rule's id.
        let (other, given): (Vec<_>, Vec<_>) = std::mem::take(&mut self.given)
            .into_iter()
            .partition(|g| g.other_rule);
        for given in given.into_iter().chain(other) {
            if self.ids.used.insert(given.id.clone()) {
                continue;
            }
            let mut mark = String::new();
            if given.other_rule {
                push_other_mark(&mut mark, &given.id);
            } else {
                push_mark(&mut mark, &given.id);
                self.left_out(&given.id, &given.heading, given.at, diags);
            }
            taken.insert(mark);
        }
        let reports = self.given_taken;
        reports.tell_left_out(
            self,
            "hand-written heading ids of this file are another's, and left out",
            "ids",
            diags,
        );
        if taken.is_empty() {
            return;
        }
        crate::work::visit(html.len());
        let mut out = String::with_capacity(html.len());
        let mut last = 0;
        let mut marks: Vec<usize> = memchr::memmem::find_iter(html.as_bytes(), MARK.as_bytes())
            .chain(memchr::memmem::find_iter(
                html.as_bytes(),
                OTHER_MARK.as_bytes(),
            ))
            .collect();
        marks.sort_unstable();
        for at in marks {
            // A mark ends at its first `>` and the line's end.
            let Some(end) = html[at..].find(">\n").map(|e| at + e + 2) else {
                continue;
            };
            if at >= last && taken.contains(&html[at..end]) {
                out.push_str(&html[last..at]);
                last = end;
            }
        }
        out.push_str(&html[last..]);
        *html = out;
    }
}

/// Writes the anchor of hand-written id `id` to `html`: the same bytes when it is written
/// and when it is looked for to be taken out.
fn push_mark(html: &mut String, id: &str) {
    html.push_str(MARK);
    let _ = pulldown_cmark_escape::escape_html(&mut *html, id);
    html.push_str("\"></span>\n");
}

/// Writes the anchor of `id`, a heading's id by the other forge's rule, as [`push_mark`].
fn push_other_mark(html: &mut String, id: &str) {
    html.push_str(OTHER_MARK);
    let _ = pulldown_cmark_escape::escape_html(&mut *html, id);
    html.push_str("\"></span>\n");
}

impl Page<'_, '_> {
    /// Warns that the hand-written `id` of the heading at `at` is another's: the first
    /// 100 of a page, the rest counted in one warning at its end (a page of 10,000
    /// headings `{#dup}` printed 3.5 MB of warnings, one each).
    fn left_out(&mut self, id: &str, heading: &str, at: Location, diags: &mut Diagnostics) {
        if !self.given_taken.admit(false) {
            return;
        }
        diags.warning(
            at,
            format!("the id `#{id}` written on this heading is already another heading's, step's or footnote's on the page: the heading is at `#{heading}` only (GitHub's id for it)"),
            "write another id in the `{#…}`, or link to the heading by that id",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::written_block;

    #[test]
    fn the_block_is_found_as_the_parser_finds_it() {
        assert_eq!(written_block("## Setup {#setup}\n", false), " {#setup}");
        assert_eq!(written_block("## Setup\t{#a .b}  \n", false), "\t{#a .b}");
        assert_eq!(written_block("## {#top}\n", false), " {#top}");
        assert_eq!(written_block("Setup {#s}\n-----\n", true), " {#s}");
        assert_eq!(written_block("One\nTwo {#s}\r\n===\r\n", true), " {#s}");
        assert_eq!(written_block("## Setup {#s} ##\n", false), "");
        assert_eq!(written_block("## a {b\\}c}\n", false), "");
        assert_eq!(written_block("## a }\n", false), "");
        assert_eq!(written_block("## a {#b}\rc {#d}\r", false), " {#b}");
        assert_eq!(written_block("a {#b}\r---\r", true), " {#b}");
    }
}
