//! Jinja's statements in code blocks of a page written for mkdocs-macros (nais/doc's
//! `{%- if tenant() == "nav" %}` … `{%- endif %}` around lines of a YAML sample). The
//! macros plugin fills the whole page in, code included, so its readers see one
//! branch; pipebook, GitHub and GitLab show the tags as written and every branch, the
//! lines for another setup among them. Shown as written (the tags at least tell a reader
//! that the lines between them are conditional), with a warning at the first, once a
//! page. The same tags in prose are `links::foreign`'s directives.

use std::ops::Range;

use pulldown_cmark::CodeBlockKind;

use super::Page;
use crate::diagnostics::Diagnostics;

/// Code block languages whose own syntax Jinja's tags are (Jinja and its kin, SQL as dbt
/// writes it, Salt's states): a tag there is the code shown, not the site's template.
const TEMPLATE_LANGUAGES: [&str; 14] = [
    "jinja",
    "jinja2",
    "j2",
    "django",
    "htmldjango",
    "html+jinja",
    "liquid",
    "twig",
    "nunjucks",
    "njk",
    "sql",
    "dbt",
    "sls",
    "salt",
];

/// Jinja's statements that a line of mkdocs-macros' template holds alone.
const STATEMENTS: [&str; 14] = [
    "if", "elif", "else", "endif", "for", "endfor", "set", "include", "import", "from", "raw",
    "endraw", "macro", "endmacro",
];

/// What [`Page::template_in_code`] keeps of a page.
#[derive(Default)]
pub(super) struct Templates {
    /// Whether a statement in code was reported (once a page).
    reported: bool,
    /// Whether the open code block is read for statements (not a template language's).
    read: bool,
}

impl Page<'_, '_> {
    /// Notes whether the code block opening with `kind` is read for Jinja's statements.
    pub(super) fn template_block(&mut self, kind: &CodeBlockKind) {
        let language = match kind {
            CodeBlockKind::Fenced(info) => info.split([' ', ',', '{']).next().unwrap_or(""),
            CodeBlockKind::Indented => "",
        };
        let language = language.trim_start_matches('.').to_ascii_lowercase();
        self.templates.read =
            !self.templates.reported && !TEMPLATE_LANGUAGES.contains(&language.as_str());
    }

    /// Reports the first line of the code text `t` at `range` of `body` that is one of
    /// Jinja's statements alone (`{%- endif %}`), once a page. Each text is read once.
    pub(super) fn template_in_code(
        &mut self,
        t: &str,
        range: &Range<usize>,
        body: &str,
        diags: &mut Diagnostics,
    ) {
        if !self.templates.read || memchr::memmem::find(t.as_bytes(), b"{%").is_none() {
            return;
        }
        let Some((nth, written)) = t
            .lines()
            .enumerate()
            .find_map(|(i, l)| Some((i, statement(l)?)))
        else {
            return;
        };
        self.templates.reported = true;
        self.templates.read = false;
        // The text of a block in a list item lost its indentation: its line is counted
        // in the file from the text's start.
        let from = range.start.min(body.len());
        let at = match nth {
            0 => from,
            _ => memchr::memchr_iter(b'\n', &body.as_bytes()[from..])
                .nth(nth - 1)
                .map_or(from, |i| from + i + 1),
        };
        diags.warning(
            self.location(at),
            format!("`{written}` in a code block is Jinja, which mkdocs-macros fills in when MkDocs builds the page, code included; pipebook (like GitHub and GitLab) shows it as written, and the lines of every branch"),
            "write the block as readers need it (one branch, values filled in); if the tag belongs to the code shown, name the block's language (```jinja)",
        );
    }
}

/// The line `line` as written when it is one of Jinja's statements alone
/// (`{%- if tenant() == "nav" %}`, `{% endraw %}`).
fn statement(line: &str) -> Option<&str> {
    let l = line.trim();
    let inner = l.strip_prefix("{%")?.strip_suffix("%}")?;
    let word = inner.trim_start_matches(['-', '+']).trim_start();
    let name = word.split(|c: char| !c.is_ascii_alphabetic()).next()?;
    STATEMENTS.contains(&name).then_some(l)
}

#[cfg(test)]
mod tests {
    use super::statement;

    #[test]
    fn statements_are_whole_lines_of_jinja() {
        for (line, found) in [
            (
                "    {%- if tenant() == \"nav\" %}",
                Some("{%- if tenant() == \"nav\" %}"),
            ),
            ("{% endif %}", Some("{% endif %}")),
            ("{%+ else -%}", Some("{%+ else -%}")),
            ("{%- raw %}", Some("{%- raw %}")),
            ("x: {% if a %}", None),
            ("{% trans %}", None),
            ("{%", None),
            ("{{ image }}", None),
            ("{% iffy %}", None),
        ] {
            assert_eq!(statement(line), found, "{line}");
        }
    }
}
