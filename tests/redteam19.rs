//! A fourteenth adversarial review (session 19): what session 18 noticed and left, in
//! repositories written for Hugo, VuePress, Docusaurus, MkDocs and GitHub. Each test
//! builds a small site in a temporary folder.

mod common;

use std::path::Path;

use common::{build_ok, pipebook, problems, read, site_of, stderr};

fn check(root: &Path) -> std::process::Output {
    pipebook(&["check", "--root", root.to_str().unwrap()])
}

/// Hugo's `{{< ref "/runbooks/x.md" >}}` names content/runbooks/x.md (a `ref` from the
/// root is from Hugo's content folder): it leads to that page, anchor included, and one
/// to a file that is not there is reported at its line. Before, the link was kept as
/// `/runbooks/x.md`, which is no page of the site.
#[test]
fn a_hugo_ref_from_the_root_is_from_the_content_folder() {
    let site = site_of(&[
        (
            "content/site.yaml",
            "title: Ops\nbase_url: https://ops.example/\n",
        ),
        ("content/runbooks/db/x.md", "# X\n\n## Real one\n"),
        (
            "content/runbooks/a.md",
            "# A\n\n[1]({{< ref \"/runbooks/db/x.md\" >}}) [2]({{< relref \"/runbooks/db/x.md#real-one\" >}})\n\n[3]({{< ref \"/runbooks/db/gone.md\" >}}) [4]({{< ref \"/runbooks/db/x.md#nope\" >}})\n",
        ),
    ]);
    let out = build_ok(site.path());
    let page = read(&site.path().join("public/runbooks/a/index.html"));
    assert!(page.contains("<a href=\"/runbooks/db/x/\">1</a>"), "{page}");
    assert!(
        page.contains("<a href=\"/runbooks/db/x/#real-one\">2</a>"),
        "{page}"
    );
    let found = problems(&stderr(&out));
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        // Session 20: named by the shortcode as written (was the link as rewritten,
        // `/content/runbooks/db/gone.md`, with a hint about this file's folder).
        found[0].starts_with("content/runbooks/a.md:5 Hugo's `{{< ref \"/runbooks/db/gone.md\" >}}` names no page of the site: not `content/runbooks/db/gone.md`"),
        "{found:?}"
    );
    assert!(
        found[1].starts_with(
            "content/runbooks/a.md:5 link `{{< ref \"/runbooks/db/x.md#nope\" >}}` points to #nope"
        ),
        "{found:?}"
    );
}

/// An anchor in a link written as an address of the site (`/runbooks/x/#nope`) is
/// checked against that page's headings, under a base path too, as a relative link's
/// is. Before, only the page was checked.
#[test]
fn anchors_of_site_addresses_are_checked() {
    for (base_url, prefix) in [
        ("https://ops.example/", "/"),
        ("https://x.example/ops/", "/ops/"),
    ] {
        let links = format!(
            "[ok]({prefix}runbooks/db/x/#real-one) [ok2]({prefix}runbooks/db/x/index.html#real-one) [b1]({prefix}runbooks/db/x/#nope) [b2]({prefix}runbooks/db/x#real-on) [b3]({prefix}runbooks/nope/#x)"
        );
        let site = site_of(&[
            (
                "content/site.yaml",
                &format!("title: Ops\nbase_url: {base_url}\nbroken_links: error\n"),
            ),
            ("content/runbooks/db/x.md", "# X\n\n## Real one\n"),
            ("content/runbooks/a.md", &format!("# A\n\n{links}\n")),
        ]);
        let out = check(site.path());
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        let found = problems(&err);
        assert_eq!(found.len(), 3, "{base_url}: {found:?}");
        assert!(
            found[0].contains(&format!("link `{prefix}runbooks/db/x/#nope` points to #nope, which is not a heading or step of that page")),
            "{found:?}"
        );
        assert!(found[1].contains("points to #real-on"), "{found:?}");
        assert!(err.contains("did you mean #real-one?"), "{err}");
        assert!(
            found[2].contains(&format!("link `{prefix}runbooks/nope/#x` leads to no page")),
            "{found:?}"
        );
    }
}

/// VuePress's, Docusaurus's and MkDocs' admonitions (`:::note`, `::: warning`, `!!!
/// tip`) are no Markdown GitHub, GitLab or pipebook read: their markers show as text.
/// The author is told once a page, at the line, with GitHub's alert to write instead.
/// Before, nothing was said. A `:::` in code or in the middle of a paragraph is not one.
#[test]
fn admonitions_of_other_tools_are_named_once_a_page() {
    let site = site_of(&[
        (
            "content/site.yaml",
            "title: Ops\nbase_url: https://ops.example/\n",
        ),
        (
            "content/runbooks/a.md",
            "# A\n\nText.\n\n::: warning Careful\nDo not.\n:::\n\n:::note\nx\n:::\n",
        ),
        (
            "content/runbooks/b.md",
            "# B\n\n- item\n\n  !!! danger\n      indented\n",
        ),
        (
            "content/runbooks/c.md",
            "# C\n\n```\n:::note\n```\n\nText\n:::note\n\n:::unknown\n",
        ),
    ]);
    let out = build_ok(site.path());
    let found = problems(&stderr(&out));
    assert_eq!(
        found,
        [
            "content/runbooks/a.md:5 admonition `::: warning` is not read: its markers show as text (this is VuePress's, Docusaurus's or MkDocs' syntax, not GitHub's or GitLab's)",
            "content/runbooks/b.md:5 admonition `!!! danger` is not read: its markers show as text (this is VuePress's, Docusaurus's or MkDocs' syntax, not GitHub's or GitLab's)",
        ],
        "{found:?}"
    );
    let err = stderr(&out);
    assert!(err.contains("`> [!WARNING]` on a line of its own"), "{err}");
    assert!(err.contains("`> [!CAUTION]`"), "{err}");
}

/// Headings of only an emoji have an empty slug: GitHub gives the first `""` (no id) and
/// the next `-1`, `-2`. pipebook gives the first an id of its own that does not move
/// when a heading is added above it (it was `section.<its number>`), the next GitHub's,
/// and links to them resolve.
#[test]
fn headings_of_only_an_emoji_get_stable_ids() {
    let ids = |md: &str| {
        let site = site_of(&[
            (
                "content/site.yaml",
                "title: Ops\nbase_url: https://ops.example/\nbroken_links: error\n",
            ),
            ("content/runbooks/a.md", md),
        ]);
        build_ok(site.path());
        let page = read(&site.path().join("public/runbooks/a/index.html"));
        page.match_indices("<h2 id=\"")
            .map(|(at, _)| {
                let rest = &page[at + 8..];
                rest[..rest.find('"').unwrap()].to_string()
            })
            .filter(|id| id != "tocHeading")
            .collect::<Vec<_>>()
    };
    let links = "[a](#section.0) [b](#-1) [c](#-2)";
    assert_eq!(
        ids(&format!("# A\n\n## 🚀\n\n## 🔥\n\n## 🚀\n\n{links}\n")),
        ["section.0", "-1", "-2"]
    );
    assert_eq!(
        ids(&format!(
            "# A\n\n## Before\n\n## More\n\n## 🚀\n\n## 🔥\n\n## 🚀\n\n{links}\n"
        )),
        ["before", "more", "section.0", "-1", "-2"]
    );
}

/// Past the 10,000 addresses of the site written from its root that a file has checked,
/// the rest are not: the author is told so once, at the first left out. Before, they
/// passed in silence and the count of broken ones was too low without a word.
#[test]
fn site_links_past_the_limit_are_said_to_be_unchecked() {
    let text: String = (0..10_005).map(|i| format!("[x](/nope-{i}/)\n")).collect();
    let site = site_of(&[
        (
            "content/site.yaml",
            "title: Ops\nbase_url: https://ops.example/\n",
        ),
        ("content/runbooks/a.md", &format!("# A\n\n{text}")),
    ]);
    let out = check(site.path());
    let found = problems(&stderr(&out));
    let unchecked: Vec<&String> = found
        .iter()
        .filter(|f| f.contains("are not checked"))
        .collect();
    assert_eq!(unchecked.len(), 1, "{found:?}");
    assert!(
        unchecked[0].starts_with("content/runbooks/a.md:10003 this file links to more than 10000 addresses of the site from its root"),
        "{unchecked:?}"
    );
    assert!(
        found
            .iter()
            .any(|f| f.contains("9900 more links of this file lead to no page")),
        "{found:?}"
    );
}

/// Math (`$$ … $$`, a `math` code block), which GitHub and GitLab draw, shows as TeX:
/// said once a page at the first. An image for one colour scheme only
/// (`#gh-dark-mode-only`) shows in both under a theme whose CSS does not hide it in the
/// other: said once a page, with `<picture>` to write. Before, both passed in silence.
/// `$HOME` in a paragraph is no math. Session 40: the default theme shows the reader's
/// scheme's image only, as GitHub does, and is silent about it (tests/forge40b.rs).
#[test]
fn what_github_draws_and_pipebook_does_not_is_named() {
    let site = site_of(&[
        ("themes/plain/static/style.css", "body { margin: 0; }\n"),
        (
            "content/site.yaml",
            "title: Ops\nbase_url: https://ops.example/\ntheme: plain\n",
        ),
        ("content/runbooks/logo.png", "x"),
        (
            "content/runbooks/a.md",
            "# A\n\nRun `echo $HOME` with $PATH set.\n\n$$\na < b\n$$\n\n```math\nx\n```\n",
        ),
        (
            "content/runbooks/b.md",
            "# B\n\n```math\nx\n```\n\n![l](logo.png#gh-dark-mode-only)\n![d](logo.png#gh-light-mode-only)\n",
        ),
        (
            "content/runbooks/c.md",
            "# C\n\n<img src=\"logo.png#gh-light-mode-only\">\n",
        ),
    ]);
    let out = build_ok(site.path());
    let found = problems(&stderr(&out));
    let math = "math (`$$ … $$` or a `math` code block) is not drawn: its TeX shows as code, where GitHub and GitLab draw it";
    assert_eq!(
        found,
        [
            format!("content/runbooks/a.md:5 {math}"),
            format!("content/runbooks/b.md:3 {math}"),
            "content/runbooks/b.md:7 image `logo.png#gh-dark-mode-only`: `#gh-dark-mode-only` is GitHub's, which shows it in one colour scheme only; pipebook shows it in both, beside its twin".to_string(),
            "content/runbooks/c.md:3 image `logo.png#gh-light-mode-only`: `#gh-light-mode-only` is GitHub's, which shows it in one colour scheme only; pipebook shows it in both, beside its twin".to_string(),
        ],
        "{found:?}"
    );
    assert!(stderr(&out).contains("`<picture>`"));
}

/// A site served under a base path (`https://x.example/ops/`) whose runbook links to one of
/// its pages without it (`/runbooks/db/x/`): on the host that address is outside the site,
/// a 404 at 3 a.m. It is warned at its line with the address to write. The host's root and
/// pipebook's own folders pass; an address that would be no page of the site either
/// (`/grafana/d/abc`, another app on the host or a dead link) is warned as one outside the
/// base path since session 35, as it is without a base path, and still not an error.
/// Before, every address outside the base path passed unchecked.
#[test]
fn a_link_without_the_base_path_to_a_page_of_the_site_is_warned() {
    let site = site_of(&[
        (
            "content/site.yaml",
            "title: Ops\nbase_url: https://x.example/ops/\nbroken_links: error\n",
        ),
        ("content/runbooks/db/x.md", "# X\n\n## Real one\n"),
        (
            "content/runbooks/a.md",
            "# A\n\n[ok](/ops/runbooks/db/x/) [other app](/grafana/d/abc) [host](/) [own](/static/x.css)\n\n[page](/runbooks/db/x/#real-one) [folder](/runbooks/db/) [oncall](/oncall/)\n",
        ),
    ]);
    let out = check(site.path());
    let err = stderr(&out);
    // Warnings, not errors: the host may serve something there.
    assert_eq!(out.status.code(), Some(0), "{err}");
    let mut found = problems(&err);
    assert_eq!(found.len(), 4, "{found:?}");
    let other_app = found.remove(0);
    assert!(
        other_app.starts_with("content/runbooks/a.md:3 link `/grafana/d/abc` leads outside the site: the site is served under `/ops/`"),
        "{other_app}"
    );
    for (problem, written) in
        found
            .iter()
            .zip(["/runbooks/db/x/#real-one", "/runbooks/db/", "/oncall/"])
    {
        assert!(problem.contains("runbooks/a.md:5"), "{problem}");
        assert!(
            problem.contains(&format!("link `{written}` leaves the site")),
            "{problem}"
        );
    }
    assert!(
        err.contains("write `/ops/runbooks/db/x/#real-one`"),
        "{err}"
    );
    assert!(err.contains("write `/ops/oncall/`"), "{err}");

    // The same links on a site served from the host's root are its own pages: nothing to say
    // but the one address under `/ops/`, which is no page of that site.
    std::fs::write(
        site.path().join("content/site.yaml"),
        "title: Ops\nbase_url: https://x.example/\nbroken_links: warning\n",
    )
    .unwrap();
    let out = check(site.path());
    let found = problems(&stderr(&out));
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].contains("link `/ops/runbooks/db/x/` leads to no page"),
        "{found:?}"
    );
    assert!(
        found[1].contains("link `/grafana/d/abc` leads to no page"),
        "{found:?}"
    );
}
