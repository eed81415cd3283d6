//! Heading ids, step anchors and the page's title heading.

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

use super::writer::{push_number, Writer};
use super::{Page, TextSection};
use crate::diagnostics::Diagnostics;

/// A heading of a rendered runbook, for the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// A numbered step while its content is written.
pub(super) struct OpenStep {
    /// Its anchor (taken once its link is written).
    id: String,
    /// The nesting of lists and quotes it is in (see `limits::check`).
    depth: usize,
    /// Where its content starts in the page's HTML.
    opened_at: usize,
    /// Whether its link to itself is written.
    linked: bool,
}

/// A heading underlined with `---` (level 2) that opens a page without a `#` one
/// (GuardDuty's runbooks open with `Backdoor:EC2/Spambot` so underlined): written as a
/// section, and made the page's title at its end (see `Page::take_opening`) if no heading
/// of its level or above followed. A `## Steps` written with `#`s stays a section.
pub(super) struct Opening {
    /// Where it is in the page's HTML, and its content (between its tags) there.
    at: std::ops::Range<usize>,
    content: std::ops::Range<usize>,
    /// Its place in the table of contents.
    index: usize,
    id: String,
    text: String,
    line: usize,
}

/// A heading while its content is collected.
pub(super) struct OpenHeading<'e> {
    pub(super) level: HeadingLevel,
    /// The id written by hand (`{#id}`), and the `{…}` as written with the spaces before
    /// it, which the forges show as text (see `given_ids`).
    pub(super) given_id: Option<(String, String)>,
    pub(super) classes: Vec<String>,
    /// The first few words of its `{…}` that are neither `#id` nor `.class` (GitLab's
    /// `{+ added +}`, `{onclick=…}`): the parser takes them off the heading's text.
    pub(super) attributes: Vec<String>,
    /// Where the heading starts in the body.
    pub(super) start: usize,
    /// Whether it is the page's title: the first `#` heading, at the top level, before any
    /// other heading (after a table of contents marker, badges or comments as well).
    pub(super) title: bool,
    /// Whether it is a level 2 heading underlined with `---` where the title heading would
    /// be: the page's title when no other heading of its level or above follows (see
    /// [`Opening`]).
    pub(super) opening: bool,
    pub(super) events: Vec<Event<'e>>,
}

impl Page<'_, '_> {
    /// Every numbered step gets a stable anchor (`steps.3`, `steps.3.2` when nested, after
    /// the heading it is under; `step.3` before any) and a link to itself, so a step can be
    /// pointed at in a chat.
    pub(super) fn step_start(&mut self) {
        let n = match self.lists.last_mut() {
            Some(Some(n)) => {
                let this = *n;
                *n += 1;
                this
            }
            _ => 0,
        };
        self.step_path.push(n);
        // Under a heading with an id written by hand, that id (see `Page::given_id`).
        let prefix = match (&self.given_steps, self.headings.len().checked_sub(1)) {
            (Some((i, given)), Some(last)) if *i == last => given.as_str(),
            _ => self.headings.last().map_or("step", |h| h.id.as_str()),
        };
        let id = self.ids.step(prefix, &self.step_path);
        self.write_html(&[("<li id=\"", false), (&id, true), ("\">", false)]);
        self.steps.push(OpenStep {
            id,
            depth: self.depth,
            opened_at: self.html.len(),
            linked: false,
        });
    }

    /// Whether `event`, inside the innermost step itself (not in a list or quote in it),
    /// is where the step's link goes: the end of its first paragraph, or the start of
    /// its first block after text (a tight item's code block or nested list). At the end
    /// of the item, after such a block, the link stood alone on a line.
    #[inline]
    pub(super) fn step_link_due(&self, event: &Event) -> bool {
        let Some(step) = self.steps.last() else {
            return false;
        };
        if step.linked || self.heading.is_some() {
            return false;
        }
        let after_text = self.html.len() > step.opened_at;
        match event {
            Event::End(TagEnd::Paragraph) => self.depth == step.depth,
            // The parser's depth already counts the block this event opens.
            Event::Start(Tag::List(_) | Tag::BlockQuote(_)) => {
                after_text && self.depth == step.depth + 1
            }
            Event::Start(
                Tag::CodeBlock(_)
                | Tag::Table(_)
                | Tag::HtmlBlock
                | Tag::Heading { .. }
                | Tag::DefinitionList,
            )
            | Event::Rule => after_text && self.depth == step.depth,
            _ => false,
        }
    }

    /// Writes the innermost step's link to itself.
    pub(super) fn step_link(&mut self) {
        let Some(step) = self.steps.last_mut() else {
            return;
        };
        step.linked = true;
        let id = std::mem::take(&mut step.id);
        let from = self.html.len();
        write_parts(
            &mut self.html,
            &[
                (" <a class=\"step-link\" href=\"#", false),
                (&id, true),
                ("\" aria-label=\"Link to step ", false),
            ],
        );
        // `1.2.3`
        for (i, n) in self.step_path.iter().enumerate() {
            if i > 0 {
                self.html.push('.');
            }
            push_number(&mut self.html, *n);
        }
        self.html.push_str("\">#</a>");
        self.writer.wrote(&self.html, from);
    }

    pub(super) fn step_end(&mut self) {
        self.section().space();
        if self.steps.last().is_some_and(|s| !s.linked) {
            self.step_link();
        }
        self.steps.pop();
        let from = self.html.len();
        self.html.push_str("</li>\n");
        self.writer.wrote(&self.html, from);
        self.step_path.pop();
    }

    /// Writes `parts` into the page, those marked escaped (see [`write_parts`]).
    fn write_html(&mut self, parts: &[(&str, bool)]) {
        let from = self.html.len();
        write_parts(&mut self.html, parts);
        self.writer.wrote(&self.html, from);
    }

    /// Warns of the classes of `heading` (`{.class}`) that cleaning removes.
    fn report_classes(&mut self, heading: &OpenHeading, diags: &mut Diagnostics) {
        // As in raw HTML: the theme's classes are not the author's to take, and the author
        // is told so, as for raw HTML.
        let gone: Vec<&str> = heading
            .classes
            .iter()
            .map(String::as_str)
            .filter(|c| !crate::sanitize::class_allowed(c))
            // A few name the problem; a line of them would drown the message.
            .take(5)
            .collect();
        if !heading.attributes.is_empty() {
            // The text is gone from the heading without a trace otherwise: a reader of
            // the forge sees `## Fix {+ now +}` whole.
            diags.warning(
                self.location(heading.start),
                format!(
                    "`{{{}}}` at the end of the heading is read as its attributes and not shown: only `{{#id}}` and `{{.class}}` are kept",
                    heading.attributes.join(" ")
                ),
                "to show the braces and their text, end the line with ` #` (a closing `#` is not shown) or write `{` as `&#123;`",
            );
        }
        if !gone.is_empty() {
            let written = gone
                .iter()
                .map(|c| format!(".{c}"))
                .collect::<Vec<_>>()
                .join(" ");
            diags.warning(
                self.location(heading.start),
                format!(
                    "class `{}` of the heading is removed from the page: the theme's classes are not the author's to use",
                    gone.join(" ")
                ),
                format!("remove `{written}` from the heading's `{{…}}`"),
            );
        }
    }

    /// Writes a heading with its id and a link to itself. The page's title heading (see
    /// [`OpenHeading::title`]) is taken out: the page shows it as its one `<h1>`, with its
    /// id. Any other `#` heading is written as `<h2>`, so that a page never has two.
    pub(super) fn heading_end(&mut self, diags: &mut Diagnostics) {
        let Some(mut heading) = self.heading.take() else {
            return;
        };
        self.report_classes(&heading, diags);
        let id = self.heading_id(&heading);
        show_emoji(&mut heading.events);
        let text = plain_text(&heading.events, self.targets.sanitize_html);
        if heading.title && text.len() > crate::model::MAX_TITLE {
            diags.error(
                self.location(heading.start),
                crate::model::title_too_long(text.len()),
                "keep the title short, and put the rest in the text below it",
            );
        }
        // Any heading: each is in the page's table of contents, and the title in
        // listings, breadcrumbs and the search too.
        let at = || self.location(heading.start);
        crate::diagnostics::refuse_stacked_marks(&text, "this heading", at, diags);
        let steps_under = match &heading.given_id {
            Some((given, _)) => self.given_id(given, &id, heading.start, diags),
            None => None,
        };
        if heading.title && !text.is_empty() {
            self.title_heading(&mut heading, text, id);
            return;
        }
        let n = match heading.level {
            HeadingLevel::H1 => 2,
            level => level as u8,
        };
        if n <= 2 && self.footnote_open.0 == 0 {
            self.opening = None;
        }
        // Raw HTML in it (`## Playbook: <Type of Incident>`, a template's placeholder that
        // the forges show as "Playbook:") leaves its text short of what was written.
        let may_open = heading.opening
            && !text.is_empty()
            && text.len() <= crate::model::MAX_TITLE
            && !heading
                .events
                .iter()
                .any(|e| matches!(e, Event::InlineHtml(_) | Event::Html(_)));
        let (at, content) = self.write_heading(&mut heading, n, &id, &text);
        // A footnote's heading is shown in the footnotes at the page's end (see
        // `footnotes_at_end`): listed in the table of contents or made a search section
        // where it was written, it led readers from the middle of the page into the
        // footnotes box, with words the author chose.
        // Its words stay searchable, in the section the footnote was written in.
        if self.footnote_open.0 > 0 {
            let section = self.section();
            section.space();
            section.push(&text);
            section.space();
            return;
        }
        // Inside an element of the author's whose content cleaning drops (a
        // `<template>`), the heading is not on the page: neither in its contents nor a
        // search section.
        if self.raw_stack.dropping > 0 {
            return;
        }
        if may_open {
            self.opening = Some(Opening {
                at,
                content,
                index: self.headings.len(),
                id: id.clone(),
                text: text.clone(),
                line: self.location(heading.start).line,
            });
        }
        self.next_section(Some(TextSection {
            anchor: Some(id.clone()),
            heading: text.clone(),
            text: String::new(),
        }));
        self.headings.push(Heading { level: n, id, text });
        if let Some(prefix) = steps_under {
            self.given_steps = Some((self.headings.len() - 1, prefix));
        }
    }

    /// The heading's id, made from its text as written, shortcodes and all, as GitHub
    /// makes it, with a `{#id}` written by hand, which the forges show (see `given_ids`).
    fn heading_id(&mut self, heading: &OpenHeading) -> String {
        let mut slug = slug_text(&heading.events);
        if let Some((_, block)) = &heading.given_id {
            // `## {#top}` shows as `{#top}`: the forge trims the heading's text.
            slug.push_str(if slug.is_empty() {
                block.trim_start()
            } else {
                block
            });
        }
        let id = match self.ids.heading(&slug) {
            Some(id) => id,
            // GitHub's first empty slug (`## 🚀`) is `""`, no id; its next ones are `-1`,
            // `-2`, as here. It is named the same wherever it stands, so that a heading
            // added above does not move its address (it was `section.<its number>`).
            None => self.ids.unnamed(0),
        };
        self.other_rule_id(&slug, &id, heading.start);
        id
    }

    /// Takes the page's title heading out of the body: written on its own, as the start
    /// of a page, which shows it as its one `<h1>`.
    fn title_heading(&mut self, heading: &mut OpenHeading, text: String, id: String) {
        let mut html = String::with_capacity(text.len() + 16);
        let mut writer = Writer::default();
        for event in heading.events.drain(..) {
            writer.event(&mut html, event);
        }
        self.h1 = Some(text);
        self.h1_id = Some(id);
        self.h1_html = Some(html);
        self.h1_line = Some(self.location(heading.start).line);
    }
}

/// The ` class="…"` of a heading's `{.class}`es the theme allows (none: nothing).
fn class_attribute(classes: &mut Vec<String>) -> String {
    classes.retain(|c| crate::sanitize::class_allowed(c));
    if classes.is_empty() {
        String::new()
    } else {
        format!(" class=\"{}\"", escape_attr(&classes.join(" ")))
    }
}

impl<'e> Page<'e, '_> {
    /// Writes the `<hN>` of a heading (not the title) and its "#" link; returns where the
    /// whole and where its content stand in the page's HTML.
    fn write_heading(
        &mut self,
        heading: &mut OpenHeading<'e>,
        n: u8,
        id: &str,
        text: &str,
    ) -> (std::ops::Range<usize>, std::ops::Range<usize>) {
        let class = class_attribute(&mut heading.classes);
        let digit = ["1", "2", "3", "4", "5", "6"][usize::from(n.clamp(1, 6)) - 1];
        let at = self.html.len();
        // The "#" link sits beside the heading, not in it: inside, its name was read as
        // part of every heading's ("Verify Link to this section"). As on GitHub, a box
        // holds the two, and the link is named by the heading it points at.
        self.write_html(&[
            ("<div class=\"hd\">\n<h", false),
            (digit, false),
            (" id=\"", false),
            (id, true),
            ("\"", false),
            (&class, false),
            (">", false),
        ]);
        let content_start = self.html.len();
        self.writer.in_heading = true;
        for event in heading.events.drain(..) {
            self.emit(event);
        }
        self.writer.in_heading = false;
        let content = content_start..self.html.len();
        self.write_html(&[
            ("</h", false),
            (digit, false),
            ("><a class=\"anchor\" href=\"#", false),
            (id, true),
            ("\" aria-label=\"Link to section: ", false),
            (text, true),
            ("\">#</a></div>\n", false),
        ]);
        (at..self.html.len(), content)
    }
}

impl Page<'_, '_> {
    /// Moves the opening heading's place with the page's HTML (see `footnotes_at_end`).
    pub(super) fn remap_opening(&mut self, place: &impl Fn(usize) -> usize) {
        if let Some(o) = self.opening.as_mut() {
            o.at = place(o.at.start)..place(o.at.end);
            o.content = place(o.content.start)..place(o.content.end);
        }
    }

    /// Makes the `##` heading that opened a page with no `#` one its title (see
    /// [`Opening`]) when the front matter names none: taken out of `html` and the table of
    /// contents, as a title heading is.
    /// `toc_at`, a place in `html`, is moved with what follows it.
    pub(super) fn take_opening(&mut self, html: &mut String) {
        // A title in the front matter is the author's choice; a `#` heading's is the page's
        // own, so only those win over a `##` heading.
        let titled = self
            .runbook
            .front
            .title
            .as_deref()
            .is_some_and(|t| !t.trim().is_empty());
        if self.h1.is_some() || titled {
            return;
        }
        let Some(opening) = self.opening.take() else {
            return;
        };
        let (Some(content), Some(_)) = (
            html.get(opening.content.clone()),
            html.get(opening.at.clone()),
        ) else {
            return;
        };
        self.h1_html = Some(content.to_string());
        crate::work::visit(html.len() - opening.at.start);
        html.replace_range(opening.at.clone(), "");
        if let Some(at) = self.forge.toc_at.as_mut() {
            if *at >= opening.at.end {
                *at -= opening.at.len();
            }
        }
        if opening.index < self.headings.len() {
            self.headings.remove(opening.index);
        }
        self.h1 = Some(opening.text);
        self.h1_id = Some(opening.id);
        self.h1_line = Some(opening.line);
    }
}

/// The heading's text as readers see it: for the title, the table of contents and search.
/// An image's alt text counts only in a heading of images alone: a badge beside the
/// words (`# Artsy Engineering [![CircleCI](…svg)](…)`) is no part of the title, as its
/// alt is no text of the heading on the forges (its `<h1>` reads "Artsy Engineering").
/// Words inside HTML the page does not show (see `heading_unseen`) are none either, on a
/// page `cleaned` or not.
fn plain_text(events: &[Event], cleaned: bool) -> String {
    let (mut outside, mut all) = (String::new(), String::new());
    let mut in_image = 0usize;
    let mut unseen = super::heading_unseen::Unseen::default();
    // Words either side of what is hidden keep one space between them.
    let mut hid = false;
    for e in events {
        if let Event::InlineHtml(html) = e {
            unseen.tag(html, cleaned);
        }
        if unseen.hides() {
            hid |= matches!(e, Event::Text(_) | Event::Code(_));
            continue;
        }
        let piece = match e {
            Event::Start(Tag::Image { .. }) => {
                in_image += 1;
                continue;
            }
            Event::End(TagEnd::Image) => {
                in_image = in_image.saturating_sub(1);
                continue;
            }
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => t,
            Event::SoftBreak | Event::HardBreak => " ",
            _ => continue,
        };
        all.push_str(piece);
        if in_image == 0 {
            outside.push_str(piece);
        }
    }
    let outside = outside.trim();
    if (outside.is_empty() || outside.len() == all.trim().len()) && !hid {
        all.trim().to_string()
    } else if outside.is_empty() {
        all.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        // Words either side of a badge keep one space between them.
        outside.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// The heading's text as the forges slug it: the text content of its HTML, where an
/// image's alt text is no text and a line break is a `\n` (which the slug drops), untrimmed.
fn slug_text(events: &[Event]) -> String {
    let mut s = String::new();
    let mut in_image = 0usize;
    for e in events {
        match e {
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t)
                if in_image == 0 =>
            {
                s.push_str(t)
            }
            Event::SoftBreak | Event::HardBreak => s.push('\n'),
            _ => {}
        }
    }
    s
}

/// A heading's shortcodes shown as emoji (see `forge_text::emoji`), as GitHub shows them,
/// but in an image's description. A heading with raw HTML keeps them as written: its
/// `<code>` or `<kbd>` would hold text that must stay so.
fn show_emoji(events: &mut [Event]) {
    if events
        .iter()
        .any(|e| matches!(e, Event::InlineHtml(_) | Event::Html(_)))
    {
        return;
    }
    let mut in_image = 0usize;
    for e in events.iter_mut() {
        match e {
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::Text(t) if in_image == 0 => {
                if let Some(shown) = super::forge_text::emoji(t) {
                    *t = shown.into();
                }
            }
            _ => {}
        }
    }
}

/// Writes `parts` into `out`, those marked escaped as by [`escape_attr`].
fn write_parts(out: &mut String, parts: &[(&str, bool)]) {
    for &(s, escaped) in parts {
        if escaped {
            escape_attr_into(out, s);
        } else {
            out.push_str(s);
        }
    }
}

/// `s` with `&`, `"`, `<` and `>` escaped (not `'`: ids and classes are written in
/// double quotes), the runs between them copied whole.
fn escape_attr_into(out: &mut String, s: &str) {
    let mut copied = 0;
    for (i, b) in s.bytes().enumerate() {
        let escaped = match b {
            b'&' => "&amp;",
            b'"' => "&quot;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            _ => continue,
        };
        out.push_str(&s[copied..i]);
        out.push_str(escaped);
        copied = i + 1;
    }
    out.push_str(&s[copied..]);
}

fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_attr_into(&mut out, s);
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::{runbook, targets};
    use crate::diagnostics::Diagnostics;
    use crate::markdown::{render, Rendered};
    use crate::model::HeadingIds;

    #[test]
    fn parts_are_written_with_the_marked_ones_escaped() {
        use super::write_parts;
        for (text, escaped) in [
            ("plain", "plain"),
            ("", ""),
            ("a&b", "a&amp;b"),
            ("\"q\" <t> & é 'ü'", "&quot;q&quot; &lt;t&gt; &amp; é 'ü'"),
            ("&&\"\"<<>>", "&amp;&amp;&quot;&quot;&lt;&lt;&gt;&gt;"),
        ] {
            let mut got = String::from("x");
            write_parts(
                &mut got,
                &[("<h2 id=\"", false), (text, true), ("\">&", false)],
            );
            assert_eq!(got, format!("x<h2 id=\"{escaped}\">&"), "{text}");
        }
    }

    fn rendered(md: &str) -> Rendered {
        render(
            &runbook("a/one.md", md),
            &targets(),
            &mut Diagnostics::new(),
        )
    }

    fn ids(r: &Rendered) -> Vec<&str> {
        r.headings.iter().map(|h| h.id.as_str()).collect()
    }

    #[test]
    fn headings_get_github_ids_and_explicit_ids_win() {
        let r = rendered(
            "# Title\n\n## Step 1: Check the *load*\n\n## Step 1: Check the load\n\n## Custom {#my-id}\n\n## Title\n",
        );
        assert_eq!(r.h1.as_deref(), Some("Title"));
        assert_eq!(r.h1_id.as_deref(), Some("title"));
        assert_eq!(
            ids(&r),
            [
                "step-1-check-the-load",
                "step-1-check-the-load-1",
                // GitHub's id for "Custom {#my-id}", which it shows; `#my-id` lands too.
                "custom-my-id",
                // The title heading takes part in GitHub's count.
                "title-1"
            ]
        );
        assert!(r.anchors.contains("title"));
        assert!(
            r.html.contains("<h2 id=\"custom-my-id\">Custom"),
            "{}",
            r.html
        );
        assert!(r.anchors.contains("my-id"), "{:?}", r.anchors);
        assert!(
            !r.html.contains("<h1"),
            "the title heading is the page's h1, not the body's: {}",
            r.html
        );
    }

    #[test]
    fn numbered_steps_get_stable_anchors() {
        let r = rendered(
            "1. Before any heading\n\n## Steps\n\n1. First\n2. Second\n   1. Inner\n\n- bullet\n\n## Verify\n\n3. Third from three\n",
        );
        assert!(r.html.contains(r#"<li id="step.1">"#), "{}", r.html);
        assert!(r.html.contains(r##"<li id="steps.1">First <a class="step-link" href="#steps.1" aria-label="Link to step 1">#</a></li>"##), "{}", r.html);
        assert!(r.html.contains(r#"<li id="steps.2.1">"#), "{}", r.html);
        assert!(
            r.html.contains(r#"<li id="verify.3">"#),
            "numbering follows the list's start: {}",
            r.html
        );
        assert!(
            r.html.contains("<li>bullet</li>"),
            "bullets get no anchor: {}",
            r.html
        );
    }

    #[test]
    fn steps_live_apart_from_githubs_count() {
        // GitHub gives the second `## Check` `#check-1`, whatever steps lie between.
        let r = rendered("## Check\n\n1. a\n2. b\n\n## Check\n\n1. c\n\n## Check 1\n");
        assert_eq!(ids(&r), ["check", "check-1", "check-1-1"]);
        for id in ["check.1", "check.2", "check-1.1"] {
            assert!(
                r.html.contains(&format!("<li id=\"{id}\">")),
                "{id}: {}",
                r.html
            );
        }
    }

    #[test]
    fn the_title_heading_may_follow_markers_comments_badges_and_text() {
        for md in [
            "[[_TOC_]]\n\n# Disk full\n\n## Check\n",
            "<!-- generated -->\n\n# Disk full\n\n## Check\n",
            "[![build](https://ci.example.com/badge.svg)](https://ci.example.com)\n\n# Disk full\n\n## Check\n",
            "Some words first.\n\n# Disk full\n\n## Check\n",
            "<div align=\"center\">\n\n# Disk full\n\n</div>\n\n## Check\n",
            "Disk full\n=========\n\n## Check\n",
        ] {
            let r = rendered(md);
            assert_eq!(r.h1.as_deref(), Some("Disk full"), "{md}");
            assert_eq!(r.h1_id.as_deref(), Some("disk-full"), "{md}");
            assert_eq!(ids(&r), ["check"], "{md}");
            assert!(!r.html.contains("<h1") && !r.html.contains("Disk full"), "{md}: {}", r.html);
        }
    }

    #[test]
    fn the_title_keeps_its_links_and_code_cleaned_like_the_body() {
        let md = "# [Two](../b/two.md) and `code` <img src=x onerror=alert(1)>\n\n## Next\n";
        let r = rendered(md);
        assert_eq!(r.h1.as_deref(), Some("Two and code"));
        assert_eq!(r.h1_id.as_deref(), Some("two-and-code-"));
        let html = r.h1_html.unwrap();
        assert!(
            html.starts_with("<a href=\"/runbooks/b/two/\">Two</a> and <code>code</code>"),
            "{html}"
        );
        let mut t = targets();
        t.sanitize_html = true;
        let clean = render(&runbook("a/one.md", md), &t, &mut Diagnostics::new());
        let html = clean.h1_html.unwrap();
        assert!(
            html.contains("<code>code</code>") && !html.contains("onerror"),
            "{html}"
        );
    }

    #[test]
    fn no_title_heading_after_another_heading_or_inside_a_container() {
        for md in [
            "## Check\n\n# Later\n",
            "### Small\n\n# Later\n",
            "> # Quoted\n\n# Later\n",
            "- # Listed\n\n# Later\n",
        ] {
            let r = rendered(md);
            assert_eq!(r.h1, None, "{md}");
            // Every `#` heading of the body is written as a second level: one h1 a page.
            assert!(!r.html.contains("<h1"), "{md}: {}", r.html);
            assert!(
                r.html.contains("<h2 id=\"later\">Later"),
                "{md}: {}",
                r.html
            );
        }
    }

    #[test]
    fn later_level_one_headings_are_written_as_level_two() {
        let r = rendered("# Title\n\nIntro.\n\n# Appendix\n\n## Details\n");
        assert_eq!(r.h1.as_deref(), Some("Title"));
        assert!(
            r.html.contains("<h2 id=\"appendix\">Appendix"),
            "{}",
            r.html
        );
        let levels: Vec<u8> = r.headings.iter().map(|h| h.level).collect();
        assert_eq!(levels, [2, 2]);
    }

    #[test]
    fn slugs_read_the_text_a_browser_shows() {
        let r = rendered(
            "## ![logo](logo.png) Deploy\n\n## `kubectl` <kbd>get</kbd> pods\n\nMulti\nline\n----\n\n## 🚀\n",
        );
        // An image's alt text is no text; a line break is dropped with the other controls.
        assert_eq!(
            ids(&r),
            ["-deploy", "kubectl-get-pods", "multiline", "section.0"]
        );
        // Nor is it a word of the heading's text (its line in "On this page", its title):
        // the icon beside the words is shown, not read as one (ops46).
        assert_eq!(r.headings[0].text, "Deploy");
    }

    #[test]
    fn a_site_may_choose_gitlabs_rule() {
        let md = "## Step 01 - Do this\n\n## Step 01 - Do this\n\n1. x\n";
        let mut t = targets();
        let github = render(&runbook("a/one.md", md), &t, &mut Diagnostics::new());
        assert_eq!(ids(&github), ["step-01---do-this", "step-01---do-this-1"]);
        t.heading_ids = HeadingIds::Gitlab;
        let gitlab = render(&runbook("a/one.md", md), &t, &mut Diagnostics::new());
        assert_eq!(ids(&gitlab), ["step-01-do-this", "step-01-do-this-1"]);
        assert!(
            gitlab.html.contains("<li id=\"step-01-do-this-1.1\">"),
            "{}",
            gitlab.html
        );
    }
}
