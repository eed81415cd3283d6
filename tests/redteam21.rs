//! A sixteenth adversarial review (session 21): the front matter of other site generators
//! (Jekyll's `redirect_from`, `permalink` and `redirect_to`, Docusaurus's and Hugo's
//! `slug`), wiki links in headings, and what public runbook collections bring.
//! Each test builds a small site in a temporary folder; each failed on 646cd34.

mod common;

use common::{build_ok, problems, read, site_of, stderr};

const SITE: (&str, &str) = (
    "content/site.yaml",
    "title: Ops\nbase_url: https://ops.example/\n",
);

/// Jekyll's `redirect_from` (jekyll-redirect-from) is read as `aliases` are, from the
/// site's root as Jekyll reads it (`old/disk/` is `/old/disk/`): each address gets a
/// redirect page and a `_redirects` rule. Before, the key was ignored without a word and
/// every old address of a Jekyll site moved to pipebook was a 404.
#[test]
fn jekyll_redirect_from_keeps_old_addresses_working() {
    let site = site_of(&[
        SITE,
        (
            "content/runbooks/db/disk.md",
            "---\ntitle: Disk full\naliases: [/runbooks/db/old-disk/]\nredirect_from:\n  - /2019/05/disk-full.html\n  - old/disk/\n---\n# Disk full\n",
        ),
        (
            "content/runbooks/db/cpu.md",
            "---\nredirect_from: /cpu/\n---\n# CPU\n",
        ),
    ]);
    let out = build_ok(site.path());
    let public = site.path().join("public");
    let redirects = read(&public.join("_redirects"));
    for (from, to) in [
        ("/runbooks/db/old-disk/", "/runbooks/db/disk/"),
        ("/2019/05/disk-full.html", "/runbooks/db/disk/"),
        ("/old/disk/", "/runbooks/db/disk/"),
        ("/cpu/", "/runbooks/db/cpu/"),
    ] {
        assert!(
            redirects.contains(&format!("\n{from} {to} 301!\n")),
            "{from}: {redirects}"
        );
    }
    for file in ["2019/05/disk-full.html", "old/disk/index.html"] {
        let html = read(&public.join(file));
        assert!(
            html.contains("<meta http-equiv=\"refresh\" content=\"0; url=/runbooks/db/disk/\">"),
            "{file}: {html}"
        );
    }
    assert!(problems(&stderr(&out)).is_empty(), "{}", stderr(&out));
}

/// A `redirect_from` that cannot be an address, or that takes a page's, is an error at
/// its line naming the key as written.
#[test]
fn a_bad_redirect_from_is_reported_at_its_line() {
    let site = site_of(&[
        SITE,
        ("content/runbooks/a.md", "# A\n"),
        (
            "content/runbooks/b.md",
            "---\ntitle: B\nredirect_from:\n  - /runbooks/a/\n  - \"/x?y\"\n---\n# B\n",
        ),
    ]);
    let out = common::pipebook(&["check", "--root", site.path().to_str().unwrap()]);
    assert!(!out.status.success());
    let found = problems(&stderr(&out));
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].starts_with("content/runbooks/b.md:4 alias `/runbooks/a/` (/runbooks/a/)"),
        "{found:?}"
    );
    assert!(
        found[1].starts_with("content/runbooks/b.md:5 redirect_from `/x?y`"),
        "{found:?}"
    );
}

/// Jekyll's `permalink`, the `slug` of Docusaurus, Hugo and Zola, and Jekyll's
/// `redirect_to` would move the page or send its readers elsewhere there; pipebook keeps
/// the page at its file's address (the output's address contract) and says so once per
/// key at its line, with the alias that keeps the old address working. Before, nothing.
#[test]
fn other_tools_page_addresses_are_named_not_ignored() {
    let site = site_of(&[
        SITE,
        (
            "content/runbooks/db/disk.md",
            "---\ntitle: Disk full\npermalink: /ops/disk-full/\nslug: disk\n---\n# Disk full\n",
        ),
        (
            "content/runbooks/db/gone.md",
            "---\nredirect_to: https://wiki.example/gone\n---\n# Gone\n",
        ),
        (
            "content/runbooks/db/plain.md",
            "---\ntitle: Plain\n---\n# Plain\n",
        ),
    ]);
    let out = build_ok(site.path());
    assert!(site
        .path()
        .join("public/runbooks/db/disk/index.html")
        .exists());
    let err = stderr(&out);
    let found = problems(&err);
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(
        found[0].starts_with("content/runbooks/db/disk.md:3 `permalink` (Jekyll) is not read by pipebook: this page's address is /runbooks/db/disk/"),
        "{found:?}"
    );
    assert!(
        found[1].starts_with("content/runbooks/db/disk.md:4 `slug` (Docusaurus, Hugo and Zola) is not read by pipebook"),
        "{found:?}"
    );
    assert!(
        found[2].starts_with("content/runbooks/db/gone.md:2 `redirect_to`"),
        "{found:?}"
    );
    assert!(err.contains("`aliases: [/ops/disk-full/]`"), "{err}");
}

/// A wiki link in a heading is left as written (the heading's id and the page's title are
/// made from its text), and now named once a page at its line. Before, the only wiki link
/// a page had, in its title, went without a word.
#[test]
fn wiki_links_in_headings_are_named() {
    let site = site_of(&[
        SITE,
        ("content/runbooks/disk-full.md", "# Disk full\n"),
        (
            "content/runbooks/a.md",
            "# See [[Disk Full]]\n\nText.\n\n## And [[Nothing Here]]\n\n```\n# [[code]]\n```\n",
        ),
    ]);
    let out = build_ok(site.path());
    let found = problems(&stderr(&out));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with(
            "content/runbooks/a.md:1 wiki link `[[Disk Full]]` in a heading is not Markdown"
        ),
        "{found:?}"
    );
    assert!(
        stderr(&out).contains("`[Disk Full](disk-full.md)`"),
        "{}",
        stderr(&out)
    );
    let page = read(&site.path().join("public/runbooks/a/index.html"));
    assert!(page.contains("See [[Disk Full]]"), "{page}");
}

/// A Jekyll site links its pages by the address Jekyll gave them: `x.html` for `x.md`,
/// relative (`./dumps.html`) or from the root (`/docs/ops/dumps.html`). Each now leads to
/// the page, as Hugo's `../x/` already did. Before,
/// each was a broken link (155 of them in one public Jekyll runbook repository).
#[test]
fn jekyll_html_addresses_lead_to_their_page() {
    let site = site_of(&[
        (
            "content/site.yaml",
            "title: Ops\nbase_url: https://ops.example/\nrunbooks: docs\nbroken_links: error\n",
        ),
        ("docs/ops/dumps.md", "# Dumps\n\n## Gather\n"),
        ("docs/ops/index.md", "# Ops\n"),
        (
            "docs/ops/onduty.md",
            "# On duty\n\n[1](dumps.html) [2](/docs/ops/dumps.html#gather) [3](./index.html) [4](../ops/dumps.html)\n",
        ),
    ]);
    let out = build_ok(site.path());
    let page = read(&site.path().join("public/runbooks/ops/onduty/index.html"));
    for link in [
        "<a href=\"/runbooks/ops/dumps/\">1</a>",
        "<a href=\"/runbooks/ops/dumps/#gather\">2</a>",
        "<a href=\"/runbooks/ops/\">3</a>",
        "<a href=\"/runbooks/ops/dumps/\">4</a>",
    ] {
        assert!(page.contains(link), "{link}: {page}");
    }
    assert!(problems(&stderr(&out)).is_empty(), "{}", stderr(&out));
}

/// A link that opens with Liquid's `{{site.baseurl}}` is named for what it is, with the
/// path to write from the file's folder. Before: "points to
/// `docs/a/{{site.baseurl}}/docs/img/x.png`, which does not exist", hint "fix the path".
#[test]
fn liquid_base_url_links_are_named_with_the_path_to_write() {
    let site = site_of(&[
        (
            "content/site.yaml",
            "title: Ops\nbase_url: https://ops.example/\nrunbooks: docs\n",
        ),
        ("docs/img/x.png", "png"),
        (
            "docs/a/b.md",
            "# B\n\n![shot]({{site.baseurl}}/docs/img/x.png)\n\n[c]({{site.url}}{{site.baseurl}}/docs/a/c.html)\n",
        ),
    ]);
    let out = build_ok(site.path());
    let err = stderr(&out);
    let found = problems(&err);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].starts_with("docs/a/b.md:3 link `{{site.baseurl}}/docs/img/x.png` opens with the template expression `{{site.baseurl}}` (Jekyll's Liquid)"),
        "{found:?}"
    );
    assert!(
        found[1].contains("`{{site.url}}{{site.baseurl}}`"),
        "{found:?}"
    );
    assert!(err.contains("`../img/x.png`"), "{err}");
    assert!(err.contains("`c.html`"), "{err}");
    assert!(!err.contains("which does not exist"), "{err}");
}

/// `[[` followed by 254 bytes of text in a script other than Latin (no bracket or line
/// break) made the wiki-link reader cut a character in two: the build panicked (exit
/// 101) on any such runbook, a hostile one or a Russian one. It builds, and the text is
/// as written.
#[test]
fn an_open_wiki_bracket_before_long_non_ascii_text_builds() {
    let text = format!("# T\n\nсм. [[a{}\n", "é".repeat(200));
    let site = site_of(&[SITE, ("content/runbooks/x.md", &text)]);
    build_ok(site.path());
    let page = read(&site.path().join("public/runbooks/x/index.html"));
    assert!(page.contains(&format!("[[a{}", "é".repeat(200))), "{page}");
}

/// Liquid's output of a Jekyll object in text (`{{ site.target }}`, `{{page.lcb}}`), which
/// a Jekyll site fills in and everyone else shows as written (203 on the pages of one
/// public Jekyll runbook repository), is named once a page at its line; Prometheus'
/// `{{ $labels.pod }}` quoted in text and anything in code are left alone.
#[test]
fn liquid_objects_in_text_are_named() {
    let site = site_of(&[
        SITE,
        (
            "content/runbooks/a.md",
            "# A\n\nAlert says {{ $labels.pod }}.\n\n`{{ site.x }}`\n\n```\n{{ site.y }}\n```\n\nLog in to {{site.target}} and {{ page.lcb }}.\n",
        ),
        ("content/runbooks/b.md", "# B\n\n{{ $labels.instance }} is down.\n"),
    ]);
    let out = build_ok(site.path());
    let found = problems(&stderr(&out));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("content/runbooks/a.md:11 `{{site.target}}` is Jekyll's Liquid"),
        "{found:?}"
    );
}
