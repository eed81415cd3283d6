//! Runbook repositories written for GitHub, built as a new user would (session 34):
//! GOV.UK's developer docs (Middleman's tech-docs template) and KubeVirt's runbooks
//! (tests/corpora). Each test failed on main (f3f66e6).

mod common;

use common::{article, build_ok, read, site_of, stderr};

fn site_yaml(extra: &str) -> (&'static str, String) {
    (
        "content/site.yaml",
        format!("title: Ops\nbase_url: https://ops.example/\nrunbooks: .\n{extra}"),
    )
}

/// Middleman's `kubernetes/index.html.md` is the page `kubernetes/index.html`, the
/// folder's: it was an error (`index.html` is the file each page is written to), so a
/// tech-docs repository did not build at all. It is now the folder's page, and a link to
/// it, written for GitHub, leads there.
#[test]
fn middlemans_index_html_md_is_its_folders_page() {
    let (yaml, text) = site_yaml("");
    let site = site_of(&[
        (yaml, &text),
        (
            "source/index.html.md",
            "# Home\n\nSee [Kubernetes](kubernetes/index.html.md).\n",
        ),
        (
            "source/kubernetes/index.html.md",
            "---\ntitle: Kubernetes\n---\n\n# Kubernetes\n\nThe platform.\n",
        ),
        (
            "source/kubernetes/scale.html.md",
            "# Scale\n\n[Back](index.html.md)\n",
        ),
    ]);
    let out = build_ok(site.path());
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    let folder = article(site.path(), "source/kubernetes");
    assert!(folder.contains("The platform."), "{folder}");
    let page = read(
        &site
            .path()
            .join("public/runbooks/source/kubernetes/index.html"),
    );
    assert!(page.contains(">Scale<"), "the folder's list: {page}");
    let home = article(site.path(), "source");
    assert!(
        home.contains("href=\"/runbooks/source/kubernetes/\""),
        "{home}"
    );
    let scale = article(site.path(), "source/kubernetes/scale.html");
    assert!(
        scale.contains("href=\"/runbooks/source/kubernetes/\""),
        "{scale}"
    );
    assert!(!site
        .path()
        .join("public/runbooks/source/kubernetes/index.html/index.html")
        .exists());
}

/// A Middleman page's `weight: 40.5` refused the build (`expected i64`); it orders the
/// page between 40 and 41, as Middleman does.
#[test]
fn a_weight_with_a_fraction_orders_the_page() {
    let (yaml, text) = site_yaml("");
    let site = site_of(&[
        (yaml, &text),
        ("ops/a.md", "---\nweight: 41\n---\n# Alpha\n"),
        ("ops/b.md", "---\nweight: 40.5\n---\n# Bravo\n"),
        ("ops/c.md", "---\nweight: 40\n---\n# Charlie\n"),
    ]);
    build_ok(site.path());
    let page = read(&site.path().join("public/runbooks/ops/index.html"));
    let at = |t: &str| {
        page.find(&format!(">{t}<"))
            .unwrap_or_else(|| panic!("{t}: {page}"))
    };
    assert!(
        at("Charlie") < at("Bravo") && at("Bravo") < at("Alpha"),
        "{page}"
    );
}

/// `[Find](#Find)` for `## Find` works on GitHub, whose page script looks for an anchor
/// in lower case when it is not found as written; it was a warning and a dead link. The
/// link now leads to the heading; GitLab's ids (exact) still warn.
#[test]
fn an_anchor_in_another_case_leads_to_its_heading_as_on_github() {
    let md = "# Deploy\n\nAs for [Find](#Find), see [below](#If-Search-Is-Down).\n\n## Find\n\n## If search is down\n\n[Nothing](#Nowhere)\n";
    for (ids, fixed) in [("", true), ("heading_ids: gitlab\n", false)] {
        let (yaml, text) = site_yaml(ids);
        let site = site_of(&[(yaml, &text), ("deploy.md", md)]);
        let out = build_ok(site.path());
        let err = stderr(&out);
        let html = article(site.path(), "deploy");
        assert_eq!(html.contains("<a href=\"#find\">Find</a>"), fixed, "{html}");
        let below = "<a href=\"#if-search-is-down\">below</a>";
        assert_eq!(html.contains(below), fixed, "{html}");
        assert_eq!(err.contains("points to #Find"), !fixed, "{err}");
        assert!(err.contains("points to #Nowhere"), "{err}");
    }
}

/// Mermaid's `state s <<choice>>` in a raw `<pre><code>` (GOV.UK's health checks page)
/// panicked the build: the check of invisible characters in raw code sliced from after a
/// `>` back to the `<` before it.
#[test]
fn angle_brackets_in_raw_code_do_not_stop_the_build() {
    let (yaml, text) = site_yaml("");
    let md = "# Probes\n\n<pre>\n<code>\nstateDiagram-v2\n  state startupProbeResult <<choice>>\n  [*] --> podStarted\n</code>\n</pre>\n";
    let site = site_of(&[(yaml, &text), ("probes.md", md)]);
    build_ok(site.path());
    let html = article(site.path(), "probes");
    // `<choice>` is no element: removed, as GitHub removes it.
    assert!(html.contains("state startupProbeResult &lt;&gt;"), "{html}");
}

/// `[CI](/.github/workflows/ci.yml)` in a README is the repository's file on GitHub; it was
/// kept as an address of the site, which never publishes a hidden folder: a dead link
/// outside the site's base path. It now opens the file on the forge.
#[test]
fn a_link_from_the_root_to_a_hidden_file_opens_it_on_the_forge() {
    let (yaml, text) = site_yaml("repository: https://github.com/org/ops\nbranch: main\n");
    let site = site_of(&[
        (yaml, &text),
        (
            "README.md",
            "# Ops\n\nSee [CI](/.github/workflows/ci.yml).\n",
        ),
        (".github/workflows/ci.yml", "on: push\n"),
    ]);
    let out = build_ok(site.path());
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    let page = read(&site.path().join("public/runbooks/index.html"));
    assert!(
        page.contains("href=\"https://github.com/org/ops/blob/main/.github/workflows/ci.yml\""),
        "{page}"
    );
}
