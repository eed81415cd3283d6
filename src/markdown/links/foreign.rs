//! Include directives and attribute lists of other tools, found at the start of a line of
//! a paragraph: Jekyll's Liquid tags (`{% include x.html %}`), kramdown's attribute lists
//! (`{:toc}`, `{: .class}`), MkDocs' snippets (`--8<-- "file.md"`), and the include lines
//! of markdown-include and pandoc filters (`!include file.md`, `{!file.md!}`). None is
//! Markdown that GitHub, GitLab or pipebook read: the text they include is missing and
//! the directive shows as written, which no one was told. One warning a page.

use std::ops::Range;

use super::super::Page;
use crate::diagnostics::Diagnostics;

/// The bit of `Page::wiki_reported` that says a directive was reported on the page.
pub(in crate::markdown) const REPORTED: u8 = 4;

/// The bit of `Page::wiki_reported` that says a Liquid object in text was reported.
const LIQUID_REPORTED: u8 = 16;

/// The bit of `Page::wiki_reported` that says no kramdown attribute list after an inline
/// element is left to report on the page: one was, or the page holds no `{:`.
const SPAN_IAL_DONE: u8 = 32;

/// The bit of `Page::wiki_reported` that says an image from another host was reported.
const REMOTE_IMAGE_REPORTED: u8 = 64;

/// The longest kramdown attribute list (`{:width="200px"}`) read after an inline element.
const MAX_IAL: usize = 200;

/// The objects of Jekyll's Liquid that a `{{ … }}` in a Jekyll site's text names.
pub(super) const LIQUID_OBJECTS: [&str; 5] = ["site.", "page.", "include.", "layout.", "jekyll."];

/// The longest `{{ … }}` read as Liquid's output of an object.
const MAX_LIQUID: usize = 120;

/// GitLab's `::include{file=…}`, which GitLab fills in and no one else does.
const GITLAB_INCLUDE: &str = "GitLab's include";

/// A `{% … %}` tag: Liquid's in Jekyll sites, Jinja's in MkDocs sites with mkdocs-macros
/// (nais/doc's `{% set endpoint = … %}`, which was called Jekyll's).
const TEMPLATE_TAG: &str = "Liquid's (Jekyll) or Jinja's (MkDocs macros) template";

/// The lines of a list item read for a directive.
const ITEM_LINES: usize = 3;

/// The first directive of another tool that opens a line of `source` (a paragraph as
/// written): its offset in `source`, the directive as written and the tool's name.
fn directive(source: &str, max_lines: usize) -> Option<(usize, &str, &'static str)> {
    let mut offset = 0;
    for line in source.split_inclusive('\n').take(max_lines) {
        let at = offset + (line.len() - line.trim_start().len());
        offset += line.len();
        let l = line.trim();
        let tool = if l.starts_with("{%") && l.ends_with("%}") {
            // Jekyll's and MkDocs' macros plugin's alike (`{% include 'x.md' %}`, `{% set %}`).
            TEMPLATE_TAG
        } else if l.starts_with("{:") && l.ends_with('}') {
            "kramdown's (Jekyll's)"
        } else if l.starts_with("--8<--") {
            "MkDocs' snippets"
        } else if l.starts_with("!include") || (l.starts_with("{!") && l.ends_with("!}")) {
            "markdown-include's"
        } else if l.starts_with("::include{") {
            GITLAB_INCLUDE
        } else {
            continue;
        };
        // The directive as written, up to its second word.
        let end = l
            .char_indices()
            .filter(|(_, c)| c.is_whitespace())
            .nth(1)
            .map_or(l.len(), |(i, _)| i);
        return Some((at, &l[..end], tool));
    }
    None
}

/// The first of Liquid's outputs of a Jekyll object in `text` (`{{ site.target }}`,
/// `{{page.lcb}}`), as written: Jekyll fills them in, and everyone else shows them as
/// written. Other `{{ … }}` (Prometheus' `{{ $labels.pod }}` quoted in a runbook, a
/// team's own placeholders) are left alone. Each `{{` is read up to [`MAX_LIQUID`] bytes.
fn liquid_object(text: &str) -> Option<&str> {
    let mut from = 0;
    while let Some(i) = memchr::memmem::find(&text.as_bytes()[from..], b"{{") {
        let start = from + i;
        from = start + 2;
        let window = &text[start..super::wiki::floor_char(text, start + MAX_LIQUID)];
        let inner = window[2..].trim_start();
        if !LIQUID_OBJECTS.iter().any(|o| inner.starts_with(o)) {
            continue;
        }
        let Some(end) = window.find("}}") else {
            continue;
        };
        let written = &window[..end + 2];
        if !written.contains('\n') {
            return Some(written);
        }
    }
    None
}

/// The first placeholder of a template in `text` (`{{service}}`, `{{ DB_HOST }}`,
/// `{{logDNA-link}}`): one name between double braces, which a runbook copied from a
/// template and never filled in shows as written, as it was already named in a link's
/// address. Go templates quoted from alerting rules (`{{ $labels.pod }}`,
/// `{{ .Values.x }}`, `{{ humanize $value }}`) and Hugo's shortcodes are not names.
fn placeholder(text: &str) -> Option<&str> {
    let mut from = 0;
    while let Some(i) = memchr::memmem::find(&text.as_bytes()[from..], b"{{") {
        let start = from + i;
        from = start + 2;
        let window = &text[start..super::wiki::floor_char(text, start + MAX_PLACEHOLDER)];
        let Some(end) = window.find("}}") else {
            continue;
        };
        let name = window[2..end].trim_matches(' ');
        let mut chars = name.chars();
        let named = chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'));
        if named {
            return Some(&window[..end + 2]);
        }
    }
    None
}

/// The host an image at `dest` is loaded from, when it is a full address (`https://`,
/// `http://`, or `//` without a scheme), as a browser reads it: case aside, and the tabs
/// and line breaks it drops from an address taken out.
fn remote_host(dest: &str) -> Option<String> {
    let dest = dest.trim_matches(|c: char| c <= ' ');
    let head: String = dest
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(300)
        .collect::<String>()
        .replace('\\', "/");
    let lower = head.to_ascii_lowercase();
    let rest = ["https://", "http://", "//"]
        .iter()
        .find_map(|p| lower.strip_prefix(p))?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit('@').next().unwrap_or_default();
    (!host.is_empty()).then(|| host.to_string())
}

/// The address an image `written` so and resolved to `resolved` is loaded from: the
/// written one when it names a host, else the resolved one (a README's
/// `../../actions/workflows/ci.yml/badge.svg`, which GitHub and the site load from the
/// repository's address), so that every image a reader's browser asks another host for is
/// reported.
pub(in crate::markdown) fn loaded_from<'l>(written: &'l str, resolved: &'l str) -> &'l str {
    if remote_host(written).is_some() {
        written
    } else {
        resolved
    }
}

/// The longest `{{ name }}` read as a placeholder.
const MAX_PLACEHOLDER: usize = 64;

impl Page<'_, '_> {
    /// Texts are looked at for Liquid only when the page's `body` holds a `{{`: one
    /// search of the body, not one of every text (the branch that searched every text
    /// counted about 2 % more instructions than 646cd34 at 2,000 runbooks).
    pub(in crate::markdown) fn look_for_liquid(&mut self, body: &str) {
        if memchr::memmem::find(body.as_bytes(), b"{{").is_none() {
            self.wiki_reported |= LIQUID_REPORTED;
        }
        if memchr::memmem::find(body.as_bytes(), b"{:").is_none() {
            self.wiki_reported |= SPAN_IAL_DONE;
        }
    }

    /// Reports, once a page, an image loaded from another host (`![](https://…)`, an
    /// `<img src>` or a `srcset`): every reader's browser asks that host for it, which
    /// learns their address and when they read the runbook (during an incident, which
    /// runbook): a tracking pixel. The site's policy lets images come from any `https:`
    /// host, as badges and diagrams do; the author is told, at the line.
    pub(in crate::markdown) fn report_remote_image(
        &mut self,
        dest: &str,
        at: usize,
        diags: &mut Diagnostics,
    ) {
        if self.wiki_reported & REMOTE_IMAGE_REPORTED != 0 {
            return;
        }
        let Some(host) = remote_host(dest) else {
            return;
        };
        self.wiki_reported |= REMOTE_IMAGE_REPORTED;
        diags.warning(
            self.location(at),
            format!("image `{}` is loaded from `{host}`: every reader's browser asks that host for it, telling it their address and when they read this runbook (said once a page)", crate::markdown::limits::cut(dest, 120)),
            "copy the image into the repository beside the runbook and write its path (`![diagram](diagram.png)`)",
        );
    }

    /// Reports, once a page, a kramdown attribute list right after an image, a link or
    /// emphasis (`![logo](logo.png){:width="200px"}`), which a text `t` at `range` of
    /// `body` then opens with: kramdown sets the element's attributes with it, and
    /// GitHub, GitLab and pipebook show it as written, mid-line, where a line of its own
    /// is reported by [`Self::foreign_directive`].
    pub(in crate::markdown) fn span_attribute_list(
        &mut self,
        t: &str,
        range: &Range<usize>,
        diags: &mut Diagnostics,
    ) {
        if self.wiki_reported & (SPAN_IAL_DONE | REPORTED) != 0 || !t.starts_with("{:") {
            return;
        }
        let window = &t[..super::wiki::floor_char(t, MAX_IAL)];
        let Some(end) = window
            .find(['}', '\n'])
            .filter(|&e| window[e..].starts_with('}'))
        else {
            return;
        };
        self.wiki_reported |= SPAN_IAL_DONE;
        let written = &t[..=end];
        let location = self.location(range.start);
        // PagerDuty's incident response docs (MkDocs) write `{:target="_blank" }` after 18
        // pages' links: Python-Markdown's attr_list, the same syntax as kramdown's.
        let hint = if written.contains("width") || written.contains("height") {
            "remove it; for an image's size write the image in HTML (`<img src=\"logo.png\" width=\"200\">`), which pipebook and the forges keep"
        } else {
            "remove it: without it the element reads the same on pipebook, GitHub and GitLab (a link opens in the same tab)"
        };
        diags.warning(
            location,
            format!("`{written}` is an attribute list (kramdown's, or MkDocs' attr_list), which pipebook, GitHub and GitLab do not read: it shows as written after the element it would set"),
            hint,
        );
    }

    /// Reports the first Liquid output of a Jekyll object (see [`liquid_object`]) in the
    /// text `t` at `range` of `body`, once a page.
    pub(in crate::markdown) fn liquid_text(
        &mut self,
        t: &str,
        range: &Range<usize>,
        body: &str,
        diags: &mut Diagnostics,
    ) {
        if self.wiki_reported & LIQUID_REPORTED != 0 || memchr::memchr(b'{', t.as_bytes()).is_none()
        {
            return;
        }
        let (written, liquid) = match liquid_object(t) {
            Some(written) => (written, true),
            // A link's text (`[{{logDNA-name}}]({{logDNA-link}})`): its address is
            // reported, with what to write.
            None if body[range.end.min(body.len())..].starts_with("](") => return,
            None => match placeholder(t) {
                Some(written) => (written, false),
                None => return,
            },
        };
        self.wiki_reported |= LIQUID_REPORTED;
        let at = body
            .get(range.clone())
            .and_then(|s| s.find(written))
            .map_or(range.start, |i| range.start + i);
        let location = self.location(at);
        if liquid {
            diags.warning(
                location,
                format!("`{written}` is Jekyll's Liquid, which pipebook, GitHub and GitLab do not fill in: it shows as written"),
                "write the value itself (a Jekyll site sets it in its _config.yml or the page's front matter)",
            );
        } else {
            diags.warning(
                location,
                format!("`{written}` reads as a template's placeholder, which pipebook, GitHub and GitLab do not fill in: it shows as written"),
                format!("write the value itself, or put it in backticks (`` `{written}` ``) if it is meant to be shown as written"),
            );
        }
    }

    /// Reports the first line of the paragraph at `range` that is another tool's
    /// directive, once a page; of a list item (a tight list has no paragraphs: `* TOC`
    /// then `{:toc}`), its first lines only, which nested items would read again.
    pub(in crate::markdown) fn foreign_directive(
        &mut self,
        item: bool,
        range: &Range<usize>,
        body: &str,
        diags: &mut Diagnostics,
    ) {
        if self.wiki_reported & REPORTED != 0 {
            return;
        }
        let source = body.get(range.clone()).unwrap_or("");
        // Every directive holds one of these (`{`, `!`, the `<` of `--8<--`); most
        // paragraphs hold none, and are passed over without reading their lines.
        if memchr::memchr3(b'{', b'!', b'<', source.as_bytes()).is_none() {
            return;
        }
        let max_lines = if item { ITEM_LINES } else { usize::MAX };
        let Some((at, written, tool)) = directive(source, max_lines) else {
            return;
        };
        self.wiki_reported |= REPORTED;
        let location = self.location(range.start + at);
        if tool == GITLAB_INCLUDE {
            let file = written
                .split_once("file=")
                .map_or("", |(_, f)| f.trim_end_matches('}'));
            let name = file.rsplit('/').next().unwrap_or(file);
            let name = crate::model::page_stem(name).unwrap_or(name);
            diags.warning(
                location,
                format!("`{written}` is GitLab's include, which GitLab fills in with the file and pipebook (like GitHub) does not: it shows as written, and the file's text is not there"),
                format!("link to the file instead (`[{name}]({file})`), or write its text here"),
            );
            return;
        }
        diags.warning(
            location,
            format!("`{written}` is {tool} syntax, which pipebook, GitHub and GitLab do not read: it shows as written, and what it would include or set is not there"),
            if written.starts_with("{:") {
                "remove it; for a table of contents write `[[_TOC_]]` on a line of its own, which pipebook and GitLab read"
            } else {
                "write the text itself here, or link to the file it would include"
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::{directive, liquid_object, TEMPLATE_TAG};

    #[test]
    fn liquid_objects_are_found_and_other_braces_are_not() {
        for (text, found) in [
            ("see {{site.target}}/x", Some("{{site.target}}")),
            (
                "a {{ $labels.pod }} b {{ page.lcb }}",
                Some("{{ page.lcb }}"),
            ),
            ("{{ site.x", None),
            ("{{ team-name }} {{site}}", None),
            ("{{ site.a\n}}", None),
            (format!("{{{{ site.{}", "é".repeat(100)).as_str(), None),
        ] {
            assert_eq!(liquid_object(text), found, "{text}");
        }
        // Open braces without an end are each read a bounded window: linear.
        let many = "{{ site.".repeat(10_000);
        assert_eq!(liquid_object(&many), None);
    }

    #[test]
    fn directives_open_a_line() {
        for (source, found) in [
            (
                "{% include warning.html %}",
                Some((0, "{% include", TEMPLATE_TAG)),
            ),
            ("TOC\n{:toc}", Some((4, "{:toc}", "kramdown's (Jekyll's)"))),
            (
                "--8<-- \"a.md\"",
                Some((0, "--8<-- \"a.md\"", "MkDocs' snippets")),
            ),
            (
                "x\n  !include other.md",
                Some((4, "!include other.md", "markdown-include's")),
            ),
            ("{!a.md!}", Some((0, "{!a.md!}", "markdown-include's"))),
        ] {
            assert_eq!(directive(source, usize::MAX), found, "{source}");
        }
        for source in [
            "a {% x %} b",
            "{: not closed",
            "text --8<--",
            "{{< x >}}",
            "x {:toc}",
        ] {
            assert_eq!(directive(source, usize::MAX), None, "{source}");
        }
    }
}
