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

/// How pages made from one template change when the theme's text alone changed: each
/// page as written with `old`, which it holds once, replaced by `new` (see
/// [`text_edit`]).
#[derive(Debug, PartialEq, Eq)]
pub struct TextEdit {
    pub old: String,
    pub new: String,
}

impl TextEdit {
    /// A page as written with the edit made, and where; `None` if the page does not hold
    /// `old` exactly once (it is to be rendered again).
    pub fn apply(&self, page: &[u8]) -> Option<(Vec<u8>, usize)> {
        super::splice::replace_once(page, &self.old, &self.new)
    }

    /// [`TextEdit::apply`] as the pieces to write one after the other (see
    /// [`super::splice::replace_once_parts`]).
    pub fn parts<'a>(&'a self, page: &'a [u8]) -> Option<([&'a [u8]; 3], usize)> {
        super::splice::replace_once_parts(page, &self.old, &self.new)
    }
}

/// `{% block` in a template's text.
static BLOCK_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{%-?\s*block\b").expect("valid regex"));

/// What the change of the templates from `before` to `after` does to a page made from
/// `page`: `Some(None)` nothing (the templates it is rendered with parse to the same
/// nodes, comments aside); `Some(Some(edit))` one piece of text changed that every such
/// page shows exactly once, with the text around it that it always shows beside it (so
/// that a page holding `edit.old` once holds it there: see [`super::splice::replace_once`]);
/// `None` anything else, or what this cannot tell (the page must be rendered again).
///
/// Shown exactly once: a text of the root template's top level, or of a block's body at
/// the top level of its template when no template below defines that block again and
/// every template placing it does so at its top level (Tera renders the root's nodes
/// once each, and a block with its most derived definition).
pub fn text_edit(
    before: &[(String, String)],
    after: &[(String, String)],
    page: &str,
) -> Option<Option<TextEdit>> {
    let deps = dependencies(before, page, false);
    if deps != dependencies(after, page, false) {
        return None;
    }
    fn text<'t>(list: &'t [(String, String)], name: &str) -> Option<&'t str> {
        list.iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t.as_str())
    }
    // The page's template, then what it extends, up to the root.
    let mut chain: Vec<(&str, tera::Template, tera::Template)> = Vec::new();
    let mut name = page.to_string();
    loop {
        if chain.len() > before.len() || chain.iter().any(|(n, _, _)| *n == name) {
            return None;
        }
        let parse = |list| tera::Template::new(&name, None, text(list, &name)?).ok();
        let (old, new) = (parse(before)?, parse(after)?);
        if old.parent != new.parent {
            return None;
        }
        let next = old.parent.clone();
        let (at, _) = before.iter().find(|(n, _)| *n == name)?;
        chain.push((at.as_str(), old, new));
        match next {
            Some(parent) => name = parent,
            None => break,
        }
    }
    // Included and imported templates are as they were, and place no block.
    for dep in &deps {
        if chain.iter().any(|(n, _, _)| n == dep) {
            continue;
        }
        let (old, new) = (text(before, dep)?, text(after, dep)?);
        if old != new || BLOCK_TAG.is_match(old) {
            return None;
        }
    }
    let mut diffs = Vec::new();
    for (level, (_, old, new)) in chain.iter().enumerate() {
        diff_nodes(&old.ast, &new.ast, &Place::Top, level, &mut diffs)?;
    }
    let diff = match diffs.as_slice() {
        [] => return Some(None),
        [one] => one,
        _ => return None,
    };
    let root = &chain.last()?.1;
    let is_root = diff.level + 1 == chain.len();
    let (before_text, after_text) = match &diff.place {
        // A template that extends another is rendered by its blocks alone.
        Place::Top if !is_root => return Some(None),
        Place::Top => (None, None),
        Place::Block(block) => {
            // A template below defines the block again: not shown, unless through super().
            // Anywhere but at a template's top level, the block would be placed (in a
            // loop, a condition, another block): shown any number of times.
            let at_top = |t: &tera::Template| {
                let top = t
                    .ast
                    .iter()
                    .filter(|n| block_name(n) == Some(block))
                    .count();
                blocks_named(&t.ast, block) == top
            };
            if chain[..diff.level]
                .iter()
                .any(|(_, t, _)| blocks_named(&t.ast, block) > 0)
                || !chain.iter().all(|(_, t, _)| at_top(t))
            {
                return None;
            }
            let at = root.ast.iter().position(|n| block_name(n) == Some(block))?;
            let text_at = |i: Option<usize>| match i.and_then(|i| root.ast.get(i)) {
                Some(tera::ast::Node::Text(t)) => Some(t.as_str()),
                _ => None,
            };
            (text_at(at.checked_sub(1)), text_at(at.checked_add(1)))
        }
    };
    // The text next to it in its own list, or, at the ends of a block, in the root's.
    let prefix = diff.before.or(if diff.first { before_text } else { None });
    let suffix = diff.after.or(if diff.last { after_text } else { None });
    let wrap = |t: &str| format!("{}{t}{}", prefix.unwrap_or(""), suffix.unwrap_or(""));
    Some(Some(TextEdit {
        old: wrap(diff.old),
        new: wrap(diff.new),
    }))
}

/// Where a node lies in its template.
#[derive(Debug)]
enum Place<'t> {
    Top,
    /// In the body of a block at the template's top level.
    Block(&'t str),
}

/// A text node that differs between two parses of a template.
struct TextDiff<'t> {
    level: usize,
    place: Place<'t>,
    old: &'t str,
    new: &'t str,
    /// The texts just before and after it in its list, and whether it is its list's first
    /// or last node.
    before: Option<&'t str>,
    after: Option<&'t str>,
    first: bool,
    last: bool,
}

/// How many blocks named `name` `nodes` hold, at any depth.
fn blocks_named(nodes: &[tera::ast::Node], name: &str) -> usize {
    use tera::ast::Node;
    nodes
        .iter()
        .map(|node| match node {
            Node::Block(_, b, _) => usize::from(b.name == name) + blocks_named(&b.body, name),
            Node::Forloop(_, f, _) => {
                blocks_named(&f.body, name)
                    + f.empty_body.as_deref().map_or(0, |b| blocks_named(b, name))
            }
            Node::If(i, _) => {
                i.conditions
                    .iter()
                    .map(|(_, _, body)| blocks_named(body, name))
                    .sum::<usize>()
                    + i.otherwise
                        .as_ref()
                        .map_or(0, |(_, b)| blocks_named(b, name))
            }
            Node::FilterSection(_, f, _) => blocks_named(&f.body, name),
            Node::MacroDefinition(_, m, _) => blocks_named(&m.body, name),
            _ => 0,
        })
        .sum()
}

fn block_name(node: &tera::ast::Node) -> Option<&str> {
    match node {
        tera::ast::Node::Block(_, b, _) => Some(b.name.as_str()),
        _ => None,
    }
}

/// The text nodes where `old` and `new` differ, at the top level or in a top-level block's
/// body; `None` when they differ otherwise (comments aside).
fn diff_nodes<'t>(
    old: &'t [tera::ast::Node],
    new: &'t [tera::ast::Node],
    place: &Place<'t>,
    level: usize,
    out: &mut Vec<TextDiff<'t>>,
) -> Option<()> {
    use tera::ast::Node;
    if old.len() != new.len() {
        return None;
    }
    let text = |list: &'t [Node], i: Option<usize>| match i.and_then(|i| list.get(i)) {
        Some(Node::Text(t)) => Some(t.as_str()),
        _ => None,
    };
    for (i, (a, b)) in old.iter().zip(new).enumerate() {
        match (a, b) {
            (Node::Text(x), Node::Text(y)) if x != y => out.push(TextDiff {
                level,
                place: match place {
                    Place::Top => Place::Top,
                    Place::Block(name) => Place::Block(name),
                },
                old: x,
                new: y,
                before: text(old, i.checked_sub(1)),
                after: text(old, i.checked_add(1)),
                first: i == 0,
                last: i + 1 == old.len(),
            }),
            (Node::Comment(..), Node::Comment(..)) => {}
            (Node::Block(w1, x, w2), Node::Block(v1, y, v2))
                if matches!(place, Place::Top) && (w1, w2, &x.name) == (v1, v2, &y.name) =>
            {
                diff_nodes(&x.body, &y.body, &Place::Block(&x.name), level, out)?;
            }
            _ if a == b => {}
            _ => return None,
        }
    }
    Some(())
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

    /// `page` rendered with `templates` (a list of people in the context).
    fn render(templates: &[(String, String)], page: &str) -> Vec<u8> {
        let mut tera = tera::Tera::default();
        tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("people", &["ann", "bob"]);
        ctx.insert("title", "T");
        tera.render(page, &ctx).unwrap().into_bytes()
    }

    /// What `text_edit` says of `page` after `file`'s `from` became `to`, checked against
    /// rendering it again when it says the page changed.
    fn edit(
        before: &[(String, String)],
        file: &str,
        from: &str,
        to: &str,
        page: &str,
    ) -> Option<Option<TextEdit>> {
        let mut after = before.to_vec();
        let text = &mut after.iter_mut().find(|(n, _)| n == file).unwrap().1;
        assert!(text.contains(from), "{from}");
        *text = text.replacen(from, to, 1);
        let found = text_edit(before, &after, page);
        let (old, new) = (render(before, page), render(&after, page));
        match &found {
            Some(None) => assert_eq!(old, new),
            Some(Some(e)) => assert_eq!(e.apply(&old).map(|(b, _)| b), Some(new)),
            None => {}
        }
        found
    }

    #[test]
    fn a_text_shown_once_is_an_edit_in_place() {
        let t = theme(&[
            (
                "base.html",
                "<html><title>{{ title }}</title>\n<main>\n{% block content %}{% endblock content %}\n</main>{% block foot %}<p>foot</p>{% endblock foot %}\n</body></html>\n",
            ),
            (
                "page.html",
                "{% extends \"base.html\" %}outside {% block content %}\n<div>{% for p in people %}<i>{{ p }}</i>{% endfor %}</div>\n{# note #}<ul>{% include \"part.html\" %}</ul>{% endblock content %}",
            ),
            ("part.html", "<li>part</li>"),
        ]);
        let e = edit(&t, "base.html", "</body>", "<!-- x --></body>", "page.html");
        assert_eq!(e.unwrap().unwrap().old, "\n</body></html>\n");
        // The first text of a block: the root's text before it is shown just before.
        let e = edit(&t, "page.html", "\n<div>", "<!-- y -->\n<div>", "page.html");
        let e = e.unwrap().unwrap();
        assert_eq!(e.old, "</title>\n<main>\n\n<div>");
        // The text between two texts (a comment between them shows nothing).
        let e = edit(&t, "page.html", "<ul>", "<ol>", "page.html")
            .unwrap()
            .unwrap();
        assert_eq!(e.old, "<ul>");
        // Not shown, or nothing shown changed.
        assert_eq!(
            edit(&t, "page.html", "outside", "elsewhere", "page.html"),
            Some(None)
        );
        assert_eq!(
            edit(&t, "page.html", "note", "other note", "page.html"),
            Some(None)
        );
        assert_eq!(
            edit(&t, "base.html", "<p>foot", "<p>feet", "part.html"),
            Some(None)
        );
        // Shown as often as the loop goes; an included template; a tag.
        assert_eq!(edit(&t, "page.html", "<i>", "<b>", "page.html"), None);
        assert_eq!(edit(&t, "part.html", "part", "piece", "page.html"), None);
        assert_eq!(
            edit(&t, "page.html", "{{ p }}", "{{ p | upper }}", "page.html"),
            None
        );
        assert_eq!(
            edit(
                &t,
                "base.html",
                "<title>",
                "<title>{{ title }}",
                "page.html"
            ),
            None
        );
    }

    #[test]
    fn a_block_shown_otherwise_than_once_is_rendered_again() {
        let t = theme(&[
            (
                "base.html",
                "<b>{% block content %}base{% endblock content %}</b>{% block outer %}<u>{% block inner %}{% endblock inner %}</u>{% endblock outer %}",
            ),
            (
                "mid.html",
                "{% extends \"base.html\" %}{% block content %}mid {{ super() }}{% endblock content %}{% block inner %}<i>in</i>{% endblock inner %}",
            ),
            (
                "page.html",
                "{% extends \"mid.html\" %}{% block content %}page {{ super() }}{% endblock content %}",
            ),
        ]);
        // Defined again below: shown through super() (or not at all).
        assert_eq!(edit(&t, "base.html", "base", "BASE", "page.html"), None);
        assert_eq!(edit(&t, "mid.html", "mid ", "MID ", "page.html"), None);
        // Its own, at the top of the chain, placed once.
        let e = edit(&t, "page.html", "page ", "PAGE ", "page.html")
            .unwrap()
            .unwrap();
        assert_eq!(e.old, "<b>page ");
        // Placed in another block (which a template may place anywhere, or twice).
        assert_eq!(edit(&t, "mid.html", "<i>in", "<i>IN", "page.html"), None);
        // A page that holds the text twice is rendered again.
        let twice = TextEdit {
            old: "x".into(),
            new: "y".into(),
        };
        assert!(twice.apply(b"x x").is_none());
    }

    #[test]
    fn the_default_runbook_page_shows_shifts_only_in_the_box() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
        // The page templates; the worker's parts are a folder of their own (`sw/`).
        let templates: Vec<(String, String)> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|path| path.is_file())
            .map(|path| {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                (name, std::fs::read_to_string(&path).unwrap())
            })
            .collect();
        assert!(!reads_shifts(&templates, "runbook.html"));
        assert!(splices_box(&templates, "runbook.html"));
        assert!(dependencies(&templates, "runbook.html", false).contains("macros.html"));
    }
}
