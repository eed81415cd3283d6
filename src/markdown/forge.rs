//! The forges' own Markdown, read as GitHub and GitLab show it: a table of contents marker
//! (`[[_TOC_]]`, GitLab's and Gollum's, or `[TOC]`, alone in a paragraph, any case)
//! becomes the page's table of contents at that place; an alert block quote (`> [!NOTE]`,
//! `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]`, `[!CAUTION]`, any case, read by pulldown-cmark's
//! GFM option; GitLab's `> [!note] A title of its own` too) becomes a callout with its
//! label written out, so it does not rest on colour alone.

use std::ops::Range;

use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, Event, Tag, TagEnd};

use super::{Heading, Page};
use crate::diagnostics::Diagnostics;
use crate::html::escape;

/// What the page has open of the forges' Markdown.
#[derive(Default)]
pub(super) struct ForgeState<'e> {
    /// The events of a paragraph that reads as a table of contents marker, held until it
    /// ends: `[TOC]` is a link when the page defines `[toc]: …`.
    marker: Option<Vec<(Event<'e>, Range<usize>)>>,
    /// Where the table of contents goes: the bytes of HTML written before it.
    pub(super) toc_at: Option<usize>,
    /// Whether a marker after the first was reported.
    more_markers: bool,
    /// For each open block quote, whether it is written as an alert.
    quotes: Vec<bool>,
    /// The first line of a block quote with a title of its own (`> [!note] Title`), while
    /// its events are left out: that line is the title.
    title_line: Option<TitleLine<'e>>,
    /// Whether syntax of another tool that is shown as written was reported (once a
    /// page each): GitLab's `>>>` quotes, Hugo's shortcodes.
    reported_quote: bool,
    reported_shortcode: bool,
    reported_admonition: bool,
    reported_math: bool,
    reported_theme_image: bool,
    reported_footnote_marker: bool,
}

/// The first line of a titled alert while it is skipped.
struct TitleLine<'e> {
    /// Its paragraph's start, written once the line ends and the paragraph goes on.
    paragraph: Option<Event<'e>>,
    /// Inline elements open in the line.
    depth: usize,
}

impl ForgeState<'_> {
    /// Whether the page's table of contents is written where a marker stood.
    pub(super) fn has_toc(&self) -> bool {
        self.toc_at.is_some()
    }

    /// Whether a paragraph written as `source` opens with a Hugo shortcode not reported
    /// yet on this page (see [`Page::forge_event`]).
    pub(super) fn reports_shortcode(&self, source: &str) -> bool {
        !self.reported_shortcode && hugo_shortcode(source).is_some()
    }

    /// Whether a paragraph written as `source` opens with an admonition (`:::note`) while
    /// none was reported on this page (see [`Page::forge_event`]).
    pub(super) fn reports_admonition(&self, source: &str) -> bool {
        !self.reported_admonition && admonition(source).is_some()
    }

    /// Whether a paragraph written as `source` is a block of TeX math (`$$`) while none
    /// was reported on this page (see [`Page::forge_event`]).
    pub(super) fn reports_math(&self, source: &str) -> bool {
        !self.reported_math && source.trim_start().starts_with("$$")
    }

    /// Whether a marker's or a title line's events are being held or left out.
    pub(super) fn holds(&self) -> bool {
        self.marker.is_some() || self.title_line.is_some()
    }
}

/// Whether [`Page::forge_event`] may do anything with `event` while no marker or alert
/// title is held: the starts of paragraphs, block quotes and fenced code, and the ends of
/// block quotes. It gives back every other event as it is.
pub(super) fn concerns(event: &Event) -> bool {
    matches!(
        event,
        Event::Start(
            Tag::Paragraph | Tag::BlockQuote(_) | Tag::CodeBlock(CodeBlockKind::Fenced(_))
        ) | Event::End(TagEnd::BlockQuote(_))
    )
}

/// Whether a paragraph written as `source` is a table of contents marker.
pub(super) fn is_toc_marker(source: &str) -> bool {
    let s = source.trim();
    s.eq_ignore_ascii_case("[[_TOC_]]") || s.eq_ignore_ascii_case("[TOC]")
}

/// The opening of a Hugo shortcode (`{{< figure`, `{{% notice`) that begins a paragraph
/// written as `source`, if one does: its delimiter and name.
fn hugo_shortcode(source: &str) -> Option<&str> {
    let s = source.trim_start();
    let open = s.strip_prefix("{{<").or_else(|| s.strip_prefix("{{%"))?;
    let name = open.trim_start().trim_start_matches('/');
    let len = name
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '/' | '.')))
        .unwrap_or(name.len());
    (len > 0).then(|| &s[..s.len() - name.len() + len])
}

/// The admonition that opens a paragraph written as `source`, as VuePress, Docusaurus
/// and VitePress write it (`:::note`, `::: warning Title`) or MkDocs (`!!! tip`): its
/// marker as written and GitHub's alert that says the same. None of them is Markdown
/// that GitHub, GitLab or pipebook read: the markers show as text, and MkDocs' indented
/// body as a code block.
fn admonition(source: &str) -> Option<(&str, &'static str)> {
    let s = source.trim_start();
    let rest = s.strip_prefix(":::").or_else(|| s.strip_prefix("!!!"))?;
    let name = rest.trim_start_matches([' ', '\t', ':', '!']);
    let len = name
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(name.len());
    let alert = match name[..len].to_ascii_lowercase().as_str() {
        "note" | "info" | "abstract" | "summary" | "example" | "question" => "NOTE",
        "tip" | "hint" | "success" => "TIP",
        "important" => "IMPORTANT",
        "warning" | "attention" => "WARNING",
        "caution" | "danger" | "error" | "failure" | "bug" => "CAUTION",
        _ => return None,
    };
    Some((&s[..s.len() - name.len() + len], alert))
}

/// The kind and title of a block quote whose first line is `> [!kind] Title`, as GitLab
/// writes an alert with a title of its own.
fn titled_alert(source: &str) -> Option<(BlockQuoteKind, &str)> {
    let line = source.lines().next()?.trim_start();
    let rest = line.strip_prefix('>')?.trim_start();
    let rest = rest.strip_prefix("[!")?;
    let end = rest.find(']')?;
    let kind = match rest[..end].to_ascii_lowercase().as_str() {
        "note" => BlockQuoteKind::Note,
        "tip" => BlockQuoteKind::Tip,
        "important" => BlockQuoteKind::Important,
        "warning" => BlockQuoteKind::Warning,
        "caution" => BlockQuoteKind::Caution,
        _ => return None,
    };
    let after = &rest[end + 1..];
    let title = after.trim();
    (after.starts_with([' ', '\t']) && !title.is_empty()).then_some((kind, title))
}

/// The kind's name, as the callout's label and its class.
fn kind_name(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("Note", "note"),
        BlockQuoteKind::Tip => ("Tip", "tip"),
        BlockQuoteKind::Important => ("Important", "important"),
        BlockQuoteKind::Warning => ("Warning", "warning"),
        BlockQuoteKind::Caution => ("Caution", "caution"),
    }
}

/// The start of a callout. GitHub's class names, so that a site's own CSS written for
/// them applies; the label is text, read out by screen readers and seen in any colours.
fn alert_start(kind: BlockQuoteKind, title: Option<&str>) -> String {
    let (label, class) = kind_name(kind);
    format!(
        "<div class=\"markdown-alert markdown-alert-{class}\">\n<p class=\"markdown-alert-title\">{}</p>\n",
        escape(title.unwrap_or(label))
    )
}

/// The table of contents written where a marker stood: the headings the page's own table
/// lists (levels 2 and 3), as the theme lists them.
pub(super) fn toc_html(headings: &[Heading]) -> String {
    let listed: Vec<&Heading> = headings.iter().filter(|h| h.level <= 3).collect();
    if listed.is_empty() {
        return String::new();
    }
    let top = listed.iter().map(|h| h.level).min().unwrap_or(2);
    let own = numbered_by_author(
        listed
            .iter()
            .filter(|h| h.level == top)
            .map(|h| h.text.as_str()),
    );
    let mut html = String::from(if own {
        "<div class=\"toc toc-inline\">\n<ol class=\"own-numbers\">"
    } else {
        "<div class=\"toc toc-inline\">\n<ol>"
    });
    for h in listed {
        html.push_str(&format!(
            "<li class=\"l{}\"><a href=\"#{}\">{}</a></li>",
            h.level,
            escape(&h.id),
            escape(&h.text)
        ));
    }
    html.push_str("</ol>\n</div>\n");
    html
}

/// Whether the author numbered these headings (`1. Check the dashboard`, `2) Drain`):
/// then a contents list of them is not numbered again by the browser, which showed
/// "3. 1. Check …" (look24 item 7). One numbered heading is enough: the list's numbers
/// would disagree with it.
pub fn numbered_by_author<'a>(mut texts: impl Iterator<Item = &'a str>) -> bool {
    texts.any(|t| {
        let t = t.trim_start();
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        (1..=3).contains(&digits)
            && matches!(t.as_bytes().get(digits), Some(b'.' | b')'))
            && t.as_bytes()
                .get(digits + 1)
                .is_none_or(|b| b.is_ascii_whitespace() || b.is_ascii_digit())
    })
}

impl<'e> Page<'e, '_> {
    /// Handles the events of the forges' Markdown; gives back those it leaves alone.
    pub(super) fn forge_event(
        &mut self,
        event: Event<'e>,
        range: &Range<usize>,
        diags: &mut Diagnostics,
    ) -> Option<Event<'e>> {
        if self.forge.marker.is_some() {
            return self.marker_event(event, range, diags);
        }
        if self.forge.title_line.is_some() {
            return self.title_line_event(event);
        }
        match event {
            Event::Start(Tag::Paragraph)
                if self.heading.is_none() && is_toc_marker(&self.body[range.clone()]) =>
            {
                self.forge.marker = Some(vec![(event, range.clone())]);
                None
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                self.forge.quotes.push(true);
                let start = alert_start(kind, None);
                self.writer.raw(&mut self.html, &start);
                None
            }
            Event::Start(Tag::BlockQuote(None))
                if !self.forge.reported_quote
                    && self.body[range.clone()].trim() == ">>>"
                    && starts_line(self.body, range.start) =>
            {
                self.forge.reported_quote = true;
                diags.warning(
                    self.location(range.start),
                    "GitLab's multi-line block quote (`>>>` ... `>>>`) is not read: each `>>>` shows as an empty quote, and the lines between them as plain text",
                    "begin each line of the quote with `> ` instead, which GitHub and GitLab read too",
                );
                self.forge.quotes.push(false);
                Some(event)
            }
            Event::Start(Tag::Paragraph)
                if self.forge.reports_shortcode(&self.body[range.clone()]) =>
            {
                if let Some(shortcode) = hugo_shortcode(&self.body[range.clone()]) {
                    self.forge.reported_shortcode = true;
                    diags.warning(
                        self.location(range.start),
                        format!("Hugo shortcode `{shortcode}` is not read: it shows as written (only `ref` and `relref` are read, as links, and `alert`, `notice` and `callout` on lines of their own over their closing one, as callouts)"),
                        "write it in Markdown (an image, a link, an alert such as `> [!NOTE]`), or remove it",
                    );
                }
                Some(event)
            }
            Event::Start(Tag::Paragraph)
                if self.forge.reports_admonition(&self.body[range.clone()]) =>
            {
                if let Some((marker, alert)) = admonition(&self.body[range.clone()]) {
                    self.forge.reported_admonition = true;
                    diags.warning(
                        self.location(range.start),
                        format!("admonition `{marker}` is not read: its markers show as text (this is VuePress's, Docusaurus's or MkDocs' syntax, not GitHub's or GitLab's)"),
                        format!("write GitHub's alert, which pipebook, GitHub and GitLab read: `> [!{alert}]` on a line of its own, then each line of the text after `> `"),
                    );
                }
                Some(event)
            }
            Event::Start(Tag::Paragraph) if self.forge.reports_math(&self.body[range.clone()]) => {
                self.report_math(range.start, diags);
                Some(event)
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(ref info)))
                if !self.forge.reported_math && info.trim() == "math" =>
            {
                self.report_math(range.start, diags);
                Some(event)
            }
            Event::Start(Tag::BlockQuote(None)) => match titled_alert(&self.body[range.clone()]) {
                Some((kind, title)) => {
                    self.forge.quotes.push(true);
                    self.section().push(title);
                    self.section().space();
                    let start = alert_start(kind, Some(title));
                    self.writer.raw(&mut self.html, &start);
                    self.forge.title_line = Some(TitleLine {
                        paragraph: None,
                        depth: 0,
                    });
                    None
                }
                None => {
                    self.forge.quotes.push(false);
                    Some(event)
                }
            },
            Event::End(TagEnd::BlockQuote(_)) if self.forge.quotes.pop() == Some(true) => {
                self.section().space();
                self.writer.raw(&mut self.html, "</div>\n");
                None
            }
            other => Some(other),
        }
    }

    /// GitHub and GitLab draw math (`$$ … $$`, a `math` code block); pipebook shows its
    /// TeX as code (see `math`). Said once a page, at the first.
    fn report_math(&mut self, at: usize, diags: &mut Diagnostics) {
        self.forge.reported_math = true;
        diags.warning(
            self.location(at),
            "math (`$$ … $$` or a `math` code block) is not drawn: its TeX shows as code, where GitHub and GitLab draw it",
            "write the formula in plain words or as an image, or keep it as code for readers who read TeX",
        );
    }

    /// An image whose address ends in GitHub's `#gh-dark-mode-only` or
    /// `#gh-light-mode-only`, which GitHub shows in one colour scheme only: a theme whose
    /// CSS does not do the same shows it in both, beside its twin. Said once a page.
    pub(super) fn report_theme_image(&mut self, dest: &str, at: usize, diags: &mut Diagnostics) {
        if self.forge.reported_theme_image || self.targets.theme_shows_one_scheme {
            return;
        }
        let Some(mode) = ["#gh-dark-mode-only", "#gh-light-mode-only"]
            .into_iter()
            .find(|m| dest.ends_with(m))
        else {
            return;
        };
        self.forge.reported_theme_image = true;
        diags.warning(
            self.location(at),
            format!("image `{dest}`: `{mode}` is GitHub's, which shows it in one colour scheme only; pipebook shows it in both, beside its twin"),
            "write both as one `<picture>` with `<source media=\"(prefers-color-scheme: dark)\" srcset=\"…\">` and an `<img>`, which pipebook, GitHub and GitLab all read",
        );
    }

    /// An event of a paragraph that reads as a table of contents marker. At its end, the
    /// first marker of the page becomes the table of contents; later ones are left out
    /// with a warning, so that no page writes its table of contents more than once.
    fn marker_event(
        &mut self,
        event: Event<'e>,
        range: &Range<usize>,
        diags: &mut Diagnostics,
    ) -> Option<Event<'e>> {
        let held = self.forge.marker.as_mut()?;
        let end = matches!(event, Event::End(TagEnd::Paragraph));
        let link = matches!(event, Event::Start(Tag::Link { .. }));
        held.push((event, range.clone()));
        if link {
            // `[TOC]` with a link definition is a link: the paragraph is written as such.
            let mut held = self.forge.marker.take().unwrap_or_default().into_iter();
            if let Some((start, _)) = held.next() {
                self.pass_through(start);
            }
            for (e, r) in held {
                self.event(e, r, diags);
            }
            return None;
        }
        if !end {
            return None;
        }
        self.forge.marker = None;
        if self.footnote_open.0 > 0 {
            // A footnote's text is moved into the footnotes box at the page's end: a marker
            // there would take the page's table of contents with it, out of the reader's
            // way (and off the side panel), wherever the footnote is defined.
            if !self.forge.reported_footnote_marker {
                self.forge.reported_footnote_marker = true;
                diags.warning(
                    self.location(range.start),
                    "a table of contents marker in a footnote is left out: the table of contents stays where it would be without it",
                    "move the marker out of the footnote, to a line of its own where the contents should be",
                );
            }
        } else if self.forge.toc_at.is_none() {
            // Nothing is held at a marker's end (it is never in a heading): every event
            // before it is written.
            self.drop_toc_label();
            self.forge.toc_at = Some(self.html.len());
        } else if !self.forge.more_markers {
            // Once a page: a file of nothing but markers stays one warning.
            self.forge.more_markers = true;
            let at = self.location(range.start);
            diags.warning(
                at,
                "a second table of contents marker: the table of contents is written at the page's first marker only, and this one and any after it are left out",
                "keep one marker",
            );
        }
        None
    }

    /// An event of the first line of a titled alert: left out, as that line is the title.
    fn title_line_event(&mut self, event: Event<'e>) -> Option<Event<'e>> {
        let line = self.forge.title_line.as_mut()?;
        match event {
            Event::Start(Tag::Paragraph) if line.paragraph.is_none() && line.depth == 0 => {
                line.paragraph = Some(event);
            }
            Event::SoftBreak | Event::HardBreak if line.depth == 0 => {
                // The paragraph goes on past the title.
                let paragraph = line.paragraph.take();
                self.forge.title_line = None;
                if let Some(p) = paragraph {
                    self.emit(p);
                }
            }
            Event::End(TagEnd::Paragraph) if line.depth == 0 => {
                self.forge.title_line = None;
            }
            Event::Start(_) if line.paragraph.is_some() => line.depth += 1,
            Event::End(_) if line.paragraph.is_some() => line.depth = line.depth.saturating_sub(1),
            other if line.paragraph.is_none() => {
                // The quote does not start with a paragraph (`> [!note] x` over `> ===` is
                // a heading): nothing to leave out.
                self.forge.title_line = None;
                return Some(other);
            }
            _ => {}
        }
        None
    }
}

/// Whether only spaces come before `at` on its line of `body`: a quote seven deep
/// (`>>>>>>>`) holds a `>>>` quote at its end, which is no GitLab fence.
fn starts_line(body: &str, at: usize) -> bool {
    let line_start = body[..at].rfind('\n').map_or(0, |i| i + 1);
    body[line_start..at].bytes().all(|b| b == b' ')
}

#[cfg(test)]
mod tests {
    use super::super::tests::{runbook, targets};
    use super::*;
    use crate::markdown::{render, Rendered};

    fn rendered(md: &str, sanitize: bool) -> (Rendered, Diagnostics) {
        let mut t = targets();
        t.sanitize_html = sanitize;
        let mut d = Diagnostics::new();
        let r = render(&runbook("a/one.md", md), &t, &mut d);
        (r, d)
    }

    /// A quote seven or four deep holds a `>>>` quote at its end, which is no GitLab
    /// fence: on main `>>>>>>>` alone (ASCII art) was warned of as one.
    #[test]
    fn a_deeper_quote_is_no_gitlab_fence() {
        for md in ["# T\n\n>>>>>>>\n", "# T\n\n>>>> x\n", "# T\n\n> >>>\n"] {
            let (_, d) = rendered(md, true);
            assert!(d.sorted().is_empty(), "{md}");
        }
        let (_, d) = rendered("# T\n\n   >>>\nx\n   >>>\n", true);
        assert_eq!(d.sorted().len(), 1);
    }

    /// GitLab's `>>>` quote and Hugo's shortcodes (not `ref`, read as links) are shown as
    /// written, as before, but said once a page each, at their line; a shortcode in code,
    /// or a `>>>` in a fence, is not. Before, nothing was said.
    #[test]
    fn other_tools_syntax_shown_as_written_is_said_once_a_page() {
        let md = "# T\n\n>>>\nquoted\n>>>\n\n{{< figure src=\"x.png\" >}}\n\n{{% notice warning %}}\nCareful\n{{% /notice %}}\n\n`{{< tab >}}` and [r]({{< ref \"one.md\" >}})\n\n```\n>>>\n{{< x >}}\n```\n";
        let (r, d) = rendered(md, true);
        let found: Vec<String> = d
            .sorted()
            .iter()
            .map(|x| format!("{} {}", x.location.line, x.message))
            .collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].starts_with("3 GitLab's multi-line block quote"),
            "{found:?}"
        );
        assert!(
            found[1].starts_with("7 Hugo shortcode `{{< figure` is not read"),
            "{found:?}"
        );
        assert!(r.html.contains("<p>quoted</p>"), "{}", r.html);
        assert_eq!(hugo_shortcode("{{% /notice %}}"), Some("{{% /notice"));
        assert_eq!(hugo_shortcode(" {{<  tabs >}}"), Some("{{<  tabs"));
        assert_eq!(hugo_shortcode("{{< >}}"), None);
        assert_eq!(hugo_shortcode("text {{< x >}}"), None);
    }

    #[test]
    fn markers_are_recognised_alone_in_a_paragraph() {
        for yes in ["[[_TOC_]]", "[[_toc_]]", " [TOC] \n", "[toc]"] {
            assert!(is_toc_marker(yes), "{yes}");
        }
        for no in ["[[TOC]]", "[TOC] and more", "\\[TOC]", "[_TOC_]"] {
            assert!(!is_toc_marker(no), "{no}");
        }
    }

    #[test]
    fn a_marker_becomes_the_table_of_contents_where_it_stands() {
        let md = "# Title\n\nIntro.\n\n[[_TOC_]]\n\n## Check <b>it</b>\n\n### Deeper & deeper\n\n#### Too deep\n\n## Fix\n";
        for sanitize in [false, true] {
            let (r, d) = rendered(md, sanitize);
            assert!(r.inline_toc);
            assert_eq!(d.warning_count(), 0, "{:?}", d.sorted());
            let toc = "<div class=\"toc toc-inline\">\n<ol><li class=\"l2\"><a href=\"#check-it\">Check it</a></li><li class=\"l3\"><a href=\"#deeper--deeper\">Deeper &amp; deeper</a></li><li class=\"l2\"><a href=\"#fix\">Fix</a></li></ol>\n</div>\n";
            let at = r
                .html
                .find(toc)
                .unwrap_or_else(|| panic!("{sanitize}: {}", r.html));
            assert!(r.html[..at].contains("Intro."), "{}", r.html);
            assert!(
                r.html[at..].starts_with(toc)
                    && r.html[at + toc.len()..].starts_with("<div class=\"hd\">\n<h2"),
                "{}",
                r.html
            );
            assert!(!r.html.contains("TOC"), "{}", r.html);
        }
    }

    #[test]
    fn markers_at_the_end_in_a_list_and_twice() {
        let (r, d) = rendered("## A\n\n[TOC]", false);
        assert!(
            r.html
                .ends_with("<li class=\"l2\"><a href=\"#a\">A</a></li></ol>\n</div>\n"),
            "{}",
            r.html
        );
        assert_eq!(d.warning_count(), 0);
        let (r, d) = rendered(
            "1. First\n\n   [TOC]\n\n## A\n\n[[_TOC_]]\n\n[TOC]\n",
            false,
        );
        assert_eq!(r.html.matches("toc-inline").count(), 1, "{}", r.html);
        assert!(r.html.find("toc-inline") < r.html.find("<h2"), "{}", r.html);
        assert_eq!(d.warning_count(), 1, "the second marker is reported, once");
        assert_eq!(d.sorted()[0].location.line, 7);
        assert!(
            !r.html.contains("[[") && !r.html.contains("TOC]"),
            "{}",
            r.html
        );
    }

    /// A footnote's text goes to the footnotes box at the page's end: a marker there took
    /// the page's table of contents into it (and off the side panel), before a marker
    /// of the body's own. Now it is left out, said once, at its line.
    #[test]
    fn a_marker_in_a_footnote_is_left_out() {
        let md = "Text[^n].\n\n[^n]: Note.\n\n    [[_TOC_]]\n\n## A\n\n[^m]: [TOC]\n\n## B\n\nSee[^m].\n";
        let (r, d) = rendered(md, true);
        assert!(!r.inline_toc, "the side panel keeps it: {}", r.html);
        assert!(!r.html.contains("toc-inline"), "{}", r.html);
        assert!(!r.html.contains("TOC"), "{}", r.html);
        let found = d.sorted();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].location.line, 5);
        assert!(found[0].message.contains("footnote"), "{found:?}");
        // A marker of the body's own, after one in a footnote, is the page's.
        let (r, d) = rendered(&format!("{md}\n[[_TOC_]]\n"), true);
        assert!(r.inline_toc);
        let (toc, notes) = (r.html.find("toc-inline"), r.html.find("fn-n"));
        assert!(
            toc.is_some() && toc > r.html.find("<h2 id=\"b\""),
            "{}",
            r.html
        );
        assert!(notes.is_some(), "{}", r.html);
        assert_eq!(d.sorted().len(), 1);
    }

    #[test]
    fn a_marker_that_is_a_link_stays_one() {
        let (r, _) = rendered("[TOC]\n\n[toc]: ../b/two.md\n\n## A\n", false);
        assert!(!r.inline_toc);
        assert!(
            r.html
                .contains("<p><a href=\"/runbooks/b/two/\">TOC</a></p>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn alerts_become_labelled_callouts() {
        for sanitize in [false, true] {
            let (r, _) = rendered(
                "> [!NOTE]\n> Read *this*.\n\n> [!warning]\n> Careful.\n>\n> - a list\n\n> [!CAUTION]\n> x\n\n> A quote.\n",
                sanitize,
            );
            assert!(r.html.contains("<div class=\"markdown-alert markdown-alert-note\">\n<p class=\"markdown-alert-title\">Note</p>\n<p>Read <em>this</em>.</p>\n</div>"), "{}", r.html);
            assert!(r.html.contains("<div class=\"markdown-alert markdown-alert-warning\">\n<p class=\"markdown-alert-title\">Warning</p>\n<p>Careful.</p>\n<ul>\n<li>a list</li>\n</ul>\n</div>"), "{}", r.html);
            assert!(
                r.html.contains(
                    "markdown-alert-caution\">\n<p class=\"markdown-alert-title\">Caution</p>"
                ),
                "{}",
                r.html
            );
            assert!(
                r.html
                    .contains("<blockquote>\n<p>A quote.</p>\n</blockquote>"),
                "{}",
                r.html
            );
            assert!(!r.html.contains("[!"), "{}", r.html);
        }
    }

    #[test]
    fn gitlab_alerts_may_have_a_title_of_their_own() {
        let (r, _) = rendered(
            "> [!tip] Keep <this> in mind\n> The body *goes on*.\n\n> [!important] Alone\n\n> [!nope] Not an alert\n",
            false,
        );
        assert!(r.html.contains("<div class=\"markdown-alert markdown-alert-tip\">\n<p class=\"markdown-alert-title\">Keep &lt;this&gt; in mind</p>\n<p>The body <em>goes on</em>.</p>\n</div>"), "{}", r.html);
        assert!(
            r.html
                .contains("<p class=\"markdown-alert-title\">Alone</p>\n</div>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<blockquote>\n<p>[!nope] Not an alert</p>"),
            "{}",
            r.html
        );
        assert!(
            r.sections[0]
                .text
                .contains("Keep <this> in mind The body goes on"),
            "{:?}",
            r.sections
        );
    }

    #[test]
    fn titled_alerts_are_read_from_the_first_line() {
        assert_eq!(
            titled_alert("> [!Warning]  Disk space \n> x"),
            Some((BlockQuoteKind::Warning, "Disk space"))
        );
        assert_eq!(titled_alert("> [!warning]\n> x"), None);
        assert_eq!(titled_alert("> [!warning]x"), None);
        assert_eq!(titled_alert("> [!danger] x"), None);
    }
}
