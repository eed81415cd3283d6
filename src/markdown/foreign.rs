//! What authors of other forges write that reads as HTML but is meant as text, and the
//! fix each kind of sanitizer warning needs (session 24's review of the gitlab and
//! openshift corpora: 26 of 27 "`<tag>` is removed" warnings were placeholders).
//!
//! - A placeholder (`<user>-db`, `kill <pid>`, `<pod name>`, `<your DSN here>`) is raw
//!   HTML to CommonMark, and GitHub and GitLab drop it: the reader gets a command with a
//!   hole in it. When HTML is cleaned, a tag whose name is no HTML, SVG or MathML element
//!   is shown here as the text the author typed (escaped: hostile content gains nothing,
//!   it is text), with a warning that the forge hides it.
//! - A Markdown link whose address has a scheme cleaning removes (`link:https://…`,
//!   `hhttps://…`) showed as blue text that did nothing: its text is written plainly.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};

use super::Page;
use crate::diagnostics::Diagnostics;
use elements::placeholder_name;
pub(super) use hints::removal_hint;
use hints::scheme_hint;
pub(crate) use hints::site_link_hint;

mod elements;
mod hints;

/// What [`Page::foreign_event`] keeps of a page.
#[derive(Default)]
pub(super) struct Foreign {
    /// Whether the open link's address is one cleaning removes: its tags are not
    /// written, its text is.
    link_dropped: bool,
    /// Placeholders shown as text so far.
    placeholders: usize,
    /// Whether a PlantUML block was reported (once a page).
    plantuml: bool,
    /// The sign of a GitLab inline diff around a code span that is open (`{+ `x` +}`).
    diff_open: Option<u8>,
    /// An HTML block that opens with a placeholder alone on its line (see
    /// [`Page::block_placeholder`]).
    block: Block,
}

/// An HTML block whose first line is a lone placeholder (`<user-name>`, `<Type of
/// Incident>`): its placeholder lines are shown as text, each a paragraph; from its first
/// other line on, it is raw HTML as any block.
#[derive(Default, Clone, Copy, PartialEq, Eq)]
enum Block {
    #[default]
    None,
    /// Its lines so far were placeholders, shown as text.
    Shown,
    /// A line of HTML came: the block was opened for the rest.
    Opened,
}

impl<'e> Page<'e, '_> {
    /// Whether [`Page::foreign_event`] may do anything with `event`: it gives back every
    /// other event as it is, and most (text without a diff's mark at its end, paragraphs,
    /// items) need not pass through it.
    #[inline]
    pub(super) fn foreign_concerns(&self, event: &Event) -> bool {
        let foreign = &self.foreign;
        let diff = match event {
            Event::Text(t) => foreign.diff_open.is_some() || may_open_diff(t),
            Event::End(TagEnd::Paragraph | TagEnd::TableCell | TagEnd::Item) => {
                foreign.diff_open.is_some()
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) => !foreign.plantuml,
            _ => false,
        };
        diff || (self.targets.sanitize_html
            && (foreign.block != Block::None
                || matches!(
                    event,
                    Event::Start(Tag::HtmlBlock | Tag::Link { .. })
                        | Event::InlineHtml(_)
                        | Event::End(TagEnd::Link)
                )))
    }

    /// `event`, or what replaces it: a placeholder as text, nothing for a link whose
    /// address cleaning would remove (its text stays). Only when HTML is cleaned: a
    /// trusted site may use custom elements.
    pub(super) fn foreign_event(
        &mut self,
        event: Event<'e>,
        range: &Range<usize>,
        body: &str,
        diags: &mut Diagnostics,
    ) -> Option<Event<'e>> {
        let event = match event {
            Event::Text(t) => self.diff_around_code(t, range, body, diags)?,
            Event::End(TagEnd::Paragraph | TagEnd::TableCell | TagEnd::Item) => {
                self.close_diff();
                event
            }
            other => other,
        };
        if let Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) = &event {
            let lang = info.split_whitespace().next().unwrap_or("");
            if !self.foreign.plantuml
                && ["plantuml", "puml"]
                    .iter()
                    .any(|l| lang.eq_ignore_ascii_case(l))
            {
                self.foreign.plantuml = true;
                diags.warning(
                    self.location(range.start),
                    "a PlantUML block is not drawn: it shows as code, where GitLab draws it (said once a page)",
                    "export the diagram as an image (SVG or PNG) beside the runbook and show it with `![…](diagram.svg)`, or draw it as a `mermaid` block, which pipebook, GitHub and GitLab draw",
                );
            }
        }
        if !self.targets.sanitize_html {
            return Some(event);
        }
        let event = self.block_placeholder(event, range, body, diags)?;
        match event {
            // An empty range: closing tags pipebook writes for the author's elements
            // still open at a block's end (`raw_stack`), never a placeholder.
            Event::InlineHtml(html) if range.is_empty() => Some(Event::InlineHtml(html)),
            Event::InlineHtml(html) => match placeholder_name(&html) {
                Some(name) => {
                    self.report_placeholder(&html, name, range.start, diags);
                    Some(Event::Text(html))
                }
                None => Some(Event::InlineHtml(html)),
            },
            Event::Start(Tag::Link { ref dest_url, .. })
                if !crate::sanitize::url_allowed(dest_url) =>
            {
                diags.warning(
                    self.location(range.start),
                    format!(
                        "the address `{}` is removed from the page: a runbook may not link to it, and the link's text is shown plainly",
                        shown(dest_url)
                    ),
                    scheme_hint(dest_url),
                );
                self.foreign.link_dropped = true;
                None
            }
            Event::End(TagEnd::Link) if self.foreign.link_dropped => {
                self.foreign.link_dropped = false;
                None
            }
            other => Some(other),
        }
    }
}

impl<'e> Page<'e, '_> {
    /// A placeholder alone on a line (`<user-name>`, `<Type of Incident>`), which
    /// CommonMark reads as an HTML block and the forges hide: shown as text, as one in a
    /// line is, with the same warning. Gives back every other event.
    fn block_placeholder(
        &mut self,
        event: Event<'e>,
        range: &Range<usize>,
        body: &str,
        diags: &mut Diagnostics,
    ) -> Option<Event<'e>> {
        match (event, self.foreign.block) {
            (Event::Start(Tag::HtmlBlock), Block::None)
                if body
                    .get(range.clone())
                    .and_then(|b| b.lines().next())
                    .and_then(lone_placeholder)
                    .is_some() =>
            {
                self.foreign.block = Block::Shown;
                None
            }
            (Event::Html(line), Block::Shown) => {
                let Some((tag, name)) = lone_placeholder(&line) else {
                    // The rest of the block is HTML, read as any block.
                    self.foreign.block = Block::Opened;
                    self.step(Event::Start(Tag::HtmlBlock), range.clone(), body, diags);
                    return Some(Event::Html(line));
                };
                self.report_placeholder(tag, name, range.start, diags);
                let text = Event::Text(tag.to_string().into());
                for event in [
                    Event::Start(Tag::Paragraph),
                    text,
                    Event::End(TagEnd::Paragraph),
                ] {
                    if self.step(event, range.clone(), body, diags) {
                        break;
                    }
                }
                None
            }
            (Event::End(TagEnd::HtmlBlock), Block::Shown) => {
                self.foreign.block = Block::None;
                None
            }
            (event @ Event::End(TagEnd::HtmlBlock), Block::Opened) => {
                self.foreign.block = Block::None;
                Some(event)
            }
            (event, _) => Some(event),
        }
    }

    /// Says that the placeholder `html` (a tag named `name`) is shown as text: one by one
    /// up to [`PLACEHOLDERS_REPORTED`] a page, the rest counted.
    fn report_placeholder(&mut self, html: &str, name: &str, at: usize, diags: &mut Diagnostics) {
        self.foreign.placeholders += 1;
        if self.foreign.placeholders <= PLACEHOLDERS_REPORTED {
            diags.warning(
                self.location(at),
                format!("`{}` is no HTML element: it is shown as text, where GitHub and GitLab hide it", shown(html)),
                format!("write it in backticks (`` `{}` ``) or as `&lt;{name}&gt;`, so that the forge shows it too", shown(html)),
            );
        }
    }
}

/// The line `line` trimmed and its tag's name, when the line is one placeholder tag and
/// nothing else (`<user-name>`, `</pid>`, `<Type of Incident>`).
fn lone_placeholder(line: &str) -> Option<(&str, &str)> {
    let tag = line.trim();
    let inner = tag.strip_prefix('<')?.strip_suffix('>')?;
    if inner.contains(['<', '>']) {
        return None;
    }
    placeholder_name(tag).map(|name| (tag, name))
}

/// How far past a text the code span of `{+ `x` +}` is looked for: an inline diff is a
/// word or two, and a long line of open marks stays linear.
const DIFF_REACH: usize = 200;

impl<'e> Page<'e, '_> {
    /// GitLab's inline diff around a code span, `{+ `master` +}` (gitlab-runbooks' redis
    /// Sentinel flags), which `forge_text` cannot read (it reads one text, and the code
    /// span splits it): the marks become `<ins>`/`<del>` when the span is followed by the
    /// closing mark on the same line; anything else stays as written.
    fn diff_around_code(
        &mut self,
        mut text: pulldown_cmark::CowStr<'e>,
        range: &Range<usize>,
        body: &str,
        diags: &mut Diagnostics,
    ) -> Option<Event<'e>> {
        if let Some(sign) = self.foreign.diff_open {
            let trimmed = text.trim_start();
            if trimmed.as_bytes().starts_with(&[sign, b'}']) {
                let rest = trimmed[2..].to_string();
                self.close_diff();
                text = rest.into();
            }
        }
        if self.heading.is_some() || self.writer.in_image() || self.forge.holds() {
            return Some(Event::Text(text));
        }
        let head = text.trim_end();
        let sign = match head.as_bytes() {
            [.., b'{', s @ (b'+' | b'-')] => *s,
            _ => return Some(Event::Text(text)),
        };
        let after = self.body.get(range.end..).unwrap_or("");
        let after = &after[..floor_boundary(after, DIFF_REACH)];
        let ticks = after.bytes().take_while(|&b| b == b'`').count();
        let closed = ticks > 0
            && after[ticks..]
                .find(&after[..ticks])
                .map(|i| after[ticks + i + ticks..].trim_start_matches([' ', '\t']))
                .is_some_and(|rest| {
                    !rest.starts_with('\n') && rest.as_bytes().starts_with(&[sign, b'}'])
                });
        if !closed {
            return Some(Event::Text(text));
        }
        let prefix = head[..head.len() - 2].to_string();
        if !prefix.is_empty() && self.step(Event::Text(prefix.into()), range.clone(), body, diags) {
            return None;
        }
        self.writer
            .raw(&mut self.html, if sign == b'+' { "<ins>" } else { "<del>" });
        self.foreign.diff_open = Some(sign);
        None
    }

    /// Closes an inline diff around a code span that is open.
    fn close_diff(&mut self) {
        if let Some(sign) = self.foreign.diff_open.take() {
            self.writer.raw(
                &mut self.html,
                if sign == b'+' { "</ins>" } else { "</del>" },
            );
        }
    }
}

/// Whether text `t` may end with a diff's opening mark (`{+`, `{-`) once white space is
/// trimmed, as [`Page::diff_around_code`] reads it: its last byte is a sign, white space
/// (`char::is_whitespace` in ASCII) or part of a character beyond ASCII.
fn may_open_diff(t: &str) -> bool {
    t.as_bytes()
        .last()
        .is_some_and(|&b| !b.is_ascii() || matches!(b, b'+' | b'-' | b'\t'..=b'\r' | b' '))
}

/// The largest char boundary of `s` at most `max`.
fn floor_boundary(s: &str, max: usize) -> usize {
    let mut i = max.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Placeholders reported one by one on a page; the rest are counted (see
/// [`Page::report_placeholders`]), as a template of 100 writes no 100 warnings.
const PLACEHOLDERS_REPORTED: usize = 20;

impl Page<'_, '_> {
    /// The placeholders of this page past those reported, as one warning.
    pub(super) fn report_placeholders(&mut self, diags: &mut Diagnostics) {
        if self.foreign.placeholders > PLACEHOLDERS_REPORTED {
            diags.warning(
                self.location(0),
                format!(
                    "{} more placeholders of this page (`<…>` that is no HTML element) are shown as text, where GitHub and GitLab hide them",
                    self.foreign.placeholders - PLACEHOLDERS_REPORTED
                ),
                "write each in backticks, or with `&lt;` for `<`",
            );
        }
    }
}

/// At most this many characters of what the author wrote are quoted in a warning.
const QUOTED: usize = 60;

fn shown(s: &str) -> String {
    match s.char_indices().nth(QUOTED) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// What GitLab runbooks write above `[[_TOC_]]` (about 155 gitlab-runbooks pages): a
/// bold "Table of Contents" paragraph, lower case and with a colon alike.
const TOC_LABELS: &[&str] = &["contents", "table of contents", "toc", "on this page"];

impl Page<'_, '_> {
    /// At a table of contents marker: a label paragraph just before it ("**Table of
    /// Contents**") is left out of the page and of its search text, where it stood as an
    /// orphan label above the theme's own "On this page" and began the search snippet.
    pub(super) fn drop_toc_label(&mut self) {
        let Some(p) = self.html.rfind("<p>") else {
            return;
        };
        let Some(inner) = self.html[p + 3..].strip_suffix("</p>\n") else {
            return;
        };
        let mut label = inner;
        for (open, close) in [("<strong>", "</strong>"), ("<em>", "</em>")] {
            if let Some(s) = label.strip_prefix(open).and_then(|s| s.strip_suffix(close)) {
                label = s;
            }
        }
        let label = label
            .trim()
            .trim_end_matches(':')
            .trim_end()
            .to_ascii_lowercase();
        if !TOC_LABELS.contains(&label.as_str()) {
            return;
        }
        self.html.truncate(p);
        let text = self.text.text.trim_end().trim_end_matches(':');
        let keep = text.len().saturating_sub(label.len());
        if text
            .get(keep..)
            .is_some_and(|tail| tail.eq_ignore_ascii_case(&label))
        {
            self.text.text.truncate(keep);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diff_mark_is_looked_for_only_where_trimming_may_leave_one() {
        for t in [
            "x {+",
            "x {-",
            "x {+ ",
            "x {-\t\n",
            "x {+\u{3000}",
            "x {+\u{b}",
        ] {
            assert!(may_open_diff(t), "{t:?}");
            assert!(t.trim_end().ends_with(['+', '-']), "{t:?}");
        }
        for t in ["", "x", "x {+}", "x {", "x +x"] {
            assert!(!may_open_diff(t), "{t:?}");
        }
    }
}
