//! What a page's template depends on, read from the theme's text (`serve`'s updates).
//!
//! An update after a template changed renders again only the pages whose template, or a
//! template it extends, includes or imports, changed; an update after the on-call rotation
//! changed renders a runbook page again only if it shows the on-call box, or if its
//! templates name the shifts themselves. Both questions are answered conservatively from
//! the templates' tags: a name in a tag counts as a use even where it is not one (a
//! `nav.next`), which only renders a page more.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

/// `{% extends "x" %}`, `{% include "x" %}` (or a list), `{% import "x" as m %}`.
static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\{%-?\s*(extends|include|import)\s+((?s:.*?))-?%\}"#).expect("valid regex")
});

/// A string literal in a tag.
static LITERAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#""([^"]*)"|'([^']*)'|`([^`]*)`"#).expect("valid regex"));

/// A tag's contents.
static TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)\{\{(.*?)\}\}|\{%(.*?)%\}").expect("valid regex"));

/// The names by which a page's context reaches the current shifts (`on_call_block` aside),
/// and Tera's name for the whole context.
static SHIFT_NAMES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(on_call|next|__tera_context)\b").expect("valid regex"));

/// The templates a page made from `name` is rendered with: `name`, and what it extends,
/// includes and imports, transitively. With `context_only`, macro files (`import`) are
/// left out, and what only they reference: a macro sees its arguments, not the page's
/// context.
pub fn dependencies<'t>(
    templates: &'t [(String, String)],
    name: &str,
    context_only: bool,
) -> HashSet<&'t str> {
    let mut seen: HashSet<&str> = HashSet::new();
    let Some(first) = templates.iter().find(|(n, _)| n == name) else {
        return seen;
    };
    let mut todo = vec![first];
    seen.insert(first.0.as_str());
    while let Some((_, text)) = todo.pop() {
        for tag in REFERENCE.captures_iter(text) {
            if context_only && &tag[1] == "import" {
                continue;
            }
            for literal in LITERAL.captures_iter(&tag[2]) {
                let Some(target) = literal.iter().skip(1).flatten().next() else {
                    continue;
                };
                if let Some(t) = templates.iter().find(|(n, _)| n == target.as_str()) {
                    if seen.insert(t.0.as_str()) {
                        todo.push(t);
                    }
                }
            }
        }
    }
    seen
}

/// Whether a page made from `name` may show the current or next shift other than through
/// `on_call_block`: a tag of one of its context's templates names them, or the context.
pub fn reads_shifts(templates: &[(String, String)], name: &str) -> bool {
    let deps = dependencies(templates, name, true);
    templates
        .iter()
        .filter(|(n, _)| deps.contains(n.as_str()))
        .any(|(_, text)| {
            TAG.captures_iter(text).any(|c| {
                c.iter()
                    .skip(1)
                    .flatten()
                    .any(|m| SHIFT_NAMES.is_match(m.as_str()))
            })
        })
}

/// `on_call_block` in a tag.
static BOX_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bon_call_block\b").expect("valid regex"));

/// The box copied into the page as it is.
static BOX_COPIED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^-?\s*on_call_block\s*\|\s*safe\s*-?$").expect("valid regex"));

/// Whether a page made from `name` shows the shifts only as `{{ on_call_block | safe }}`:
/// the box copied in as it is, wherever it is, so that replacing the box in the page
/// is rendering it again with another box (see [`super::splice`]).
pub fn splices_box(templates: &[(String, String)], name: &str) -> bool {
    if reads_shifts(templates, name) {
        return false;
    }
    let deps = dependencies(templates, name, true);
    templates
        .iter()
        .filter(|(n, _)| deps.contains(n.as_str()))
        .all(|(_, text)| {
            TAG.captures_iter(text).all(|c| match (c.get(1), c.get(2)) {
                (Some(expr), _) => {
                    !BOX_NAME.is_match(expr.as_str()) || BOX_COPIED.is_match(expr.as_str())
                }
                (_, Some(statement)) => !BOX_NAME.is_match(statement.as_str()),
                _ => true,
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme(files: &[(&str, &str)]) -> Vec<(String, String)> {
        files
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect()
    }

    #[test]
    fn follows_extends_includes_and_imports() {
        let t = theme(&[
            ("page.html", "{% extends \"base.html\" %}{% import 'm.html' as m %}{%- include [\"a.html\", \"b.html\"] ignore missing -%}"),
            ("base.html", "{% include `c.html` %}"),
            ("a.html", ""),
            ("c.html", ""),
            ("m.html", "{% import \"n.html\" as n %}"),
            ("n.html", ""),
            ("other.html", ""),
        ]);
        let all = dependencies(&t, "page.html", false);
        let mut names: Vec<&str> = all.into_iter().collect();
        names.sort_unstable();
        assert_eq!(
            names,
            [
                "a.html",
                "base.html",
                "c.html",
                "m.html",
                "n.html",
                "page.html"
            ]
        );
        let context = dependencies(&t, "page.html", true);
        assert!(!context.contains("m.html") && !context.contains("n.html"));
        assert!(context.contains("c.html"));
    }

    #[test]
    fn shifts_read_in_a_tag_of_the_page_or_its_parents() {
        let plain = theme(&[
            (
                "runbook.html",
                "{% extends \"base.html\" %}{{ on_call_block | safe }} next review",
            ),
            (
                "base.html",
                "{% import \"macros.html\" as m %}{{ m::x(nav=nav) }}",
            ),
            ("macros.html", "{% macro x(next) %}{{ next }}{% endmacro %}"),
        ]);
        assert!(!reads_shifts(&plain, "runbook.html"));
        for (file, text) in [
            (
                "runbook.html",
                "{% extends \"base.html\" %}{% if on_call %}x{% endif %}",
            ),
            ("base.html", "{{ nav.next }}"),
            ("base.html", "{{ __tera_context }}"),
        ] {
            let mut t = plain.clone();
            t.iter_mut().find(|(n, _)| n == file).unwrap().1 = text.to_string();
            assert!(reads_shifts(&t, "runbook.html"), "{file}: {text}");
        }
    }

    #[test]
    fn the_box_spliced_only_where_copied_as_it_is() {
        let page = |body: &str| {
            theme(&[
                (
                    "runbook.html",
                    &format!("{{% extends \"base.html\" %}}{body}"),
                ),
                ("base.html", "{% import \"macros.html\" as m %}x"),
                (
                    "macros.html",
                    "{% macro x(a) %}{{ a | upper }}{% endmacro %}",
                ),
            ])
        };
        for ok in [
            "{{ on_call_block | safe }}",
            "{{- on_call_block|safe -}}{% for p in pipelines %}{{ on_call_block | safe }}{% endfor %}",
            "{{ m::x(a=title) }}",
        ] {
            assert!(splices_box(&page(ok), "runbook.html"), "{ok}");
        }
        for not in [
            "{{ on_call_block }}",
            "{{ on_call_block | safe | upper }}",
            "{% if on_call_block %}x{% endif %}",
            "{{ m::x(a=on_call_block) }}",
            "{{ on_call_block | safe }}{{ next }}",
        ] {
            assert!(!splices_box(&page(not), "runbook.html"), "{not}");
        }
    }

    #[test]
    fn the_default_runbook_page_shows_shifts_only_in_the_box() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
        let templates: Vec<(String, String)> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let path = e.unwrap().path();
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                (name, std::fs::read_to_string(&path).unwrap())
            })
            .collect();
        assert!(!reads_shifts(&templates, "runbook.html"));
        assert!(splices_box(&templates, "runbook.html"));
        assert!(dependencies(&templates, "runbook.html", false).contains("macros.html"));
    }
}
