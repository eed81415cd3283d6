//! Session 40 (forge40b): what GitHub and MkDocs' macros do that pipebook now follows or
//! names. Each test builds a small site in a temporary folder.

mod common;

use common::{build_ok, problems, read, site_of, stderr};

/// GitHub's images for one colour scheme (`#gh-dark-mode-only`) show only in the reader's
/// scheme under the default theme, whose stylesheet hides the other's (by the toggle's
/// `data-theme`, else the system's): no warning. Before, every such page was warned of
/// (2 here) and the stylesheet had no rule for them.
#[test]
fn the_default_theme_shows_the_readers_schemes_image() {
    let site = site_of(&[
        (
            "content/site.yaml",
            "title: Ops\nbase_url: https://ops.example/\n",
        ),
        ("content/runbooks/logo.png", "x"),
        (
            "content/runbooks/b.md",
            "# B\n\n![l](logo.png#gh-dark-mode-only)\n![d](logo.png#gh-light-mode-only)\n",
        ),
        (
            "content/runbooks/c.md",
            "# C\n\n<img src=\"logo.png#gh-light-mode-only\">\n",
        ),
    ]);
    let out = build_ok(site.path());
    let found = problems(&stderr(&out));
    assert!(found.is_empty(), "{found:?}");
    let page = read(&site.path().join("public/runbooks/b/index.html"));
    assert!(page.contains("logo.png#gh-dark-mode-only"), "{page}");
    let css = std::fs::read_dir(site.path().join("public/static"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".css"))
        .map(|e| read(&e.path()))
        .collect::<String>();
    for rule in [
        ":root[data-theme=\"light\"] img[src$=\"#gh-dark-mode-only\"]",
        ":root[data-theme=\"dark\"] img[src$=\"#gh-light-mode-only\"]",
        ":root:not([data-theme]) img[src$=\"#gh-light-mode-only\"]",
        ":root:not([data-theme]) img[src$=\"#gh-dark-mode-only\"]",
    ] {
        assert!(css.contains(rule), "{rule}");
    }
}

/// mkdocs-macros fills in Jinja's statements in code blocks too (nais/doc's
/// `{%- if tenant() == "nav" %}` around lines of a YAML sample): pipebook shows them as
/// written, and every branch. Warned at the line, once a page, in a block inside a list
/// item too; a `sql` or `jinja` block's tags are its code (dbt's models) and pass.
/// Before, no warning.
#[test]
fn jinja_statements_in_code_blocks_are_named_at_their_line() {
    let site = site_of(&[
        (
            "content/site.yaml",
            "title: Ops\nbase_url: https://ops.example/\n",
        ),
        (
            "content/runbooks/a.md",
            "# A\n\n```sql\n{% if is_incremental() %}\nx\n{% endif %}\n```\n\n1. Deploy\n\n    ```yaml\n    a: 1\n    {%- if tenant() == \"nav\" %}\n    b: 2\n    {%- else %}\n    b: 3\n    {%- endif %}\n    ```\n",
        ),
        (
            "content/runbooks/b.md",
            "# B\n\n```jinja\n{% for x in y %}\n{% endfor %}\n```\n\n```yaml\nimage: {{ image }}\n```\n",
        ),
    ]);
    let out = build_ok(site.path());
    let found = problems(&stderr(&out));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with(
            "content/runbooks/a.md:13 `{%- if tenant() == \"nav\" %}` in a code block is Jinja"
        ),
        "{found:?}"
    );
}

/// A link to a runbook's source lines (`x.md?plain=1#L3`) on a site without a forge:
/// still reported as a missing anchor, with the hint to set site.yaml's `repository`
/// (with one, the link opens the forge's view). Before, the hint guessed a heading
/// (`did you mean #o?`).
#[test]
fn source_line_links_without_a_forge_say_to_set_the_repository() {
    let site = site_of(&[
        (
            "content/site.yaml",
            "title: Ops\nbase_url: https://ops.example/\n",
        ),
        ("content/runbooks/other.md", "# O\n"),
        ("content/runbooks/a.md", "# A\n\n[x](other.md?plain=1#L3)\n"),
    ]);
    let out = build_ok(site.path());
    let err = stderr(&out);
    let found = problems(&err);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("content/runbooks/a.md:3 link `other.md?plain=1#L3` points to #L3"),
        "{found:?}"
    );
    assert!(err.contains("set site.yaml's `repository`"), "{err}");
    assert!(!err.contains("did you mean"), "{err}");
}
