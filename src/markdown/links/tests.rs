//! Tests of link resolution (moved out of links.rs to keep it short).

use super::super::tests::{runbook, targets};
use super::super::*;
use crate::model::{RepoEntry, RepoFiles};

#[test]
fn addresses_of_another_host_without_a_scheme_are_written_out() {
    for (raw, url) in [
        ("//evil.example/x.png", "https://evil.example/x.png"),
        ("/\\evil.example/x", "https://evil.example/x"),
        ("\\\\evil.example", "https://evil.example/"),
        ("/\t/evil.example/?q#f", "https://evil.example/?q#f"),
        (" //EVIL.example", "https://evil.example/"),
        ("///evil.example", "https://evil.example/"),
        ("/\\/\t\\//evil.example/x?q#f", "https://evil.example/x?q#f"),
    ] {
        assert_eq!(super::scheme_relative(raw).as_deref(), Some(url), "{raw:?}");
    }
    for raw in [
        "/oncall/",
        "x.md",
        "https://a.example/",
        "#top",
        "",
        "/",
        "//",
        "///",
        "/.//x",
    ] {
        assert_eq!(super::scheme_relative(raw), None, "{raw:?}");
    }
}

#[test]
fn two_slashes_and_no_host_lead_nowhere() {
    for raw in ["//", "///", "\\\\", " //?q", "/\t/#x", "//:80"] {
        assert!(super::no_host(raw), "{raw:?}");
    }
    for raw in ["/", "/oncall/", "//evil.example", "x//y", "#//", ""] {
        assert!(!super::no_host(raw), "{raw:?}");
    }
}

/// `https:\\host` keeps no `href` once written (`%5C`): the author is told, at the
/// link, whether or not the page is cleaned. `/\\host`, a Windows path in code, and
/// `mailto:` with a `\\` are not reported.
#[test]
fn an_address_with_a_backslash_is_reported_at_its_line() {
    let rb = runbook(
        "a/one.md",
        "# One\n\n[x](https:\\\\evil.example) and\n[y](http:\\evil.example/x) [z](/\\host/) [m](mailto:a\\b@c) `C:\\x`\n",
    );
    for sanitize_html in [true, false] {
        let targets = MarkdownContext {
            sanitize_html,
            ..targets()
        };
        let mut d = Diagnostics::new();
        render(&rb, &targets, &mut d);
        let found: Vec<String> = d
            .sorted()
            .iter()
            .map(|x| format!("{}:{} {}", x.location.line, x.location.col, x.message))
            .collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].starts_with("3:1 link `https:\\evil.example` is not an address once written"),
            "{found:?}"
        );
        assert!(
            found[1].starts_with("4:1 link `http:\\evil.example/x`"),
            "{found:?}"
        );
    }
}

#[test]
fn a_query_alone_is_this_page() {
    let rb = runbook("a/one.md", "[x](?tab=2) [y](?tab=2#top)\n");
    let mut d = Diagnostics::new();
    let r = render(&rb, &targets(), &mut d);
    assert!(r.html.contains("href=\"?tab=2\""), "{}", r.html);
    assert!(r.look_up.is_empty() && d.is_empty(), "{:?}", d.sorted());
}

#[test]
fn links_never_leave_the_repository() {
    // `../../../etc/passwd` from content/runbooks/a is the repository's own
    // `etc/passwd`, which is not there; one more `..` leaves the repository.
    let rb = runbook(
        "a/one.md",
        "[x](../../../etc/passwd)\n\n![y](../../%2e%2e/%2E%2e/secret.png)\n",
    );
    let files: RepoFiles = [("etc/passwd".to_string(), RepoEntry::Missing)].into();
    let mut t = targets();
    t.repo_files = Some(&files);
    let mut d = Diagnostics::new();
    let r = render(&rb, &t, &mut d);
    let messages: Vec<_> = d.sorted().iter().map(|w| w.message.clone()).collect();
    assert_eq!(
        messages,
        [
            "link `../../../etc/passwd` points to `etc/passwd`, which does not exist",
            "link `../../%2e%2e/%2E%2e/secret.png` leads outside the repository",
        ]
    );
    assert_eq!(
        d.error_count(),
        0,
        "only warnings where broken_links says so"
    );
    assert!(
        r.html.contains("src=\"../../%2e%2e/%2E%2e/secret.png\""),
        "{}",
        r.html
    );
    t.broken_links_are_errors = true;
    let mut d = Diagnostics::new();
    render(&rb, &t, &mut d);
    assert_eq!(d.error_count(), 2);
}

#[test]
fn files_outside_the_runbook_folder_open_on_the_forge() {
    let rb = runbook(
        "a/one.md",
        "[s](../../../scripts/clean%20up.sh#L3) [d](../../../bin) [m](../../../gone.sh)\n\n<a href=\"../../../bin/\">b</a>\n",
    );
    let files: RepoFiles = [
        ("gone.sh".to_string(), RepoEntry::Missing),
        ("scripts/clean up.sh".to_string(), RepoEntry::File),
        ("bin".to_string(), RepoEntry::Folder),
    ]
    .into_iter()
    .collect();
    // Rendered first without knowing the repository: the paths to look up.
    let mut t = targets();
    t.repo_files = None;
    let mut first = render(&rb, &t, &mut Diagnostics::new());
    first.look_up.sort();
    assert_eq!(first.look_up, ["bin", "gone.sh", "scripts/clean up.sh"]);
    t.repo_files = Some(&files);
    t.broken_links_are_errors = true;
    // Without `repository`: a warning, whatever `broken_links` says, and the link as
    // written.
    let mut d = Diagnostics::new();
    let r = render(&rb, &t, &mut d);
    assert!(r.html.contains("href=\"../../../bin\""), "{}", r.html);
    assert_eq!(
        (d.warning_count(), d.error_count()),
        (3, 1),
        "{:?}",
        d.sorted()
    );
    assert!(d.sorted().iter().any(|w| w.message
        == "link `../../../scripts/clean%20up.sh#L3` points to `scripts/clean up.sh`, a file of the repository that the site does not publish"));
    let forge = forge_on_main("https://gitlab.com/org/ops");
    t.forge = Some(&forge);
    let mut d = Diagnostics::new();
    let r = render(&rb, &t, &mut d);
    for href in [
        "https://gitlab.com/org/ops/-/blob/main/scripts/clean%20up.sh#L3",
        "https://gitlab.com/org/ops/-/tree/main/bin",
        "../../../gone.sh",
    ] {
        assert!(
            r.html.contains(&format!("href=\"{href}\"")),
            "{href}: {}",
            r.html
        );
    }
    assert_eq!(
        (d.warning_count(), d.error_count()),
        (0, 1),
        "{:?}",
        d.sorted()
    );
}

#[test]
fn raw_html_addresses_resolve_like_markdown() {
    let rb = runbook(
        "a/one.md",
        "## Steps\n\n<p align=\"center\">\n  <img src=\"flow%20chart.png\" width=300>\n</p>\n\nSee <a href=\"../b/two.md#verify\">two</a>, <a href=\"#here\">here</a>, <a href='#nowhere'>x</a> and <a href=\"../b/\">b</a>.\n\n<a name=\"here\"></a><div id=\"there\"></div>\n\n<img src=\"missing.png\">\n",
    );
    let looked_up: RepoFiles = [(
        "content/runbooks/a/missing.png".to_string(),
        RepoEntry::Missing,
    )]
    .into();
    for sanitize in [false, true] {
        let mut t = targets();
        t.sanitize_html = sanitize;
        t.repo_files = Some(&looked_up);
        let mut d = Diagnostics::new();
        let r = render(&rb, &t, &mut d);
        for written in [
            "<img src=\"/runbooks/a/flow%20chart.png\" width=\"300\">",
            "<a href=\"/runbooks/b/two/#verify\"",
            "<a href=\"#here\"",
            "<a href=\"/runbooks/b/\"",
            "<a name=\"here\"></a>",
            "<div id=\"there\"></div>",
        ] {
            assert!(
                r.html.contains(written),
                "sanitize {sanitize}: {written} in {}",
                r.html
            );
        }
        assert!(r.anchors.contains("here") && r.anchors.contains("there"));
        let links: Vec<_> = r
            .anchor_links
            .iter()
            .map(|l| (l.page.as_str(), l.anchor.as_str(), l.location.line))
            .collect();
        assert_eq!(
            links,
            [
                ("b/two", "verify", 7),
                ("a/one", "here", 7),
                ("a/one", "nowhere", 7)
            ]
        );
        let warnings: Vec<_> = d
            .sorted()
            .iter()
            .map(|w| (w.message.clone(), w.location.line, w.location.col))
            .collect();
        assert_eq!(
            warnings,
            [(
                "link `missing.png` points to `content/runbooks/a/missing.png`, which does not exist".to_string(),
                11,
                11
            )]
        );
    }
}

#[test]
fn links_from_the_repository_root_are_read_as_the_forges_read_them() {
    let rb = runbook(
        "a/one.md",
        "[two](/content/runbooks/b/two.md#verify) [site](/oncall/) [md elsewhere](/docs/x.md)\n",
    );
    let mut d = Diagnostics::new();
    let r = render(&rb, &targets(), &mut d);
    assert!(
        r.html.contains("href=\"/runbooks/b/two/#verify\""),
        "{}",
        r.html
    );
    assert!(r.html.contains("href=\"/oncall/\""), "{}", r.html);
    let links: Vec<_> = r
        .anchor_links
        .iter()
        .map(|l| (l.page.as_str(), l.anchor.as_str()))
        .collect();
    assert_eq!(links, [("b/two", "verify")]);
}

/// A Markdown file written from the repository's root outside the runbook folder
/// (`/README.md`, `/docs/design.md`) is a file of the repository on GitHub and GitLab, and
/// never an address of the site (which serves no `.md`): it is looked up and opens on the
/// forge, or is reported as missing. It was kept as a site address, which led nowhere.
#[test]
fn markdown_from_the_root_outside_the_runbook_folder_is_the_repository_s() {
    let rb = runbook(
        "a/one.md",
        "[readme](/README.md#setup) [design](/docs/design.md) [gone](/docs/gone.md)\n",
    );
    let mut t = targets();
    t.repo_files = None;
    let mut r = render(&rb, &t, &mut Diagnostics::new());
    r.look_up.sort();
    assert_eq!(r.look_up, ["README.md", "docs/design.md", "docs/gone.md"]);
    let files: RepoFiles = [
        ("README.md".to_string(), RepoEntry::File),
        ("docs/design.md".to_string(), RepoEntry::File),
        ("docs/gone.md".to_string(), RepoEntry::Missing),
    ]
    .into_iter()
    .collect();
    t.repo_files = Some(&files);
    let forge = forge_on_main("https://github.com/org/ops");
    t.forge = Some(&forge);
    let mut d = Diagnostics::new();
    let r = render(&rb, &t, &mut d);
    for href in [
        "https://github.com/org/ops/blob/main/README.md#setup",
        "https://github.com/org/ops/blob/main/docs/design.md",
        "/docs/gone.md",
    ] {
        assert!(
            r.html.contains(&format!("href=\"{href}\"")),
            "{href}: {}",
            r.html
        );
    }
    let messages: Vec<_> = d.sorted().iter().map(|w| w.message.clone()).collect();
    assert_eq!(
        messages,
        ["link `/docs/gone.md` points to `docs/gone.md`, which does not exist"]
    );
}

#[test]
fn what_is_not_on_the_site_is_looked_up_in_the_repository() {
    // A path that is not a page, a copied file or a folder with a page may still be in
    // the repository (a folder of scripts, a hidden file): it is looked up, and only
    // reported once the look-up says it is not there.
    let rb = runbook(
        "a/one.md",
        "[x](gone.md) [y](../.github/x.yml) [z](../content/site.yaml) [w](../../README.md)\n",
    );
    let mut t = targets();
    t.repo_files = None;
    let mut d = Diagnostics::new();
    let mut r = render(&rb, &t, &mut d);
    r.look_up.sort();
    assert_eq!(
        r.look_up,
        [
            "content/README.md",
            "content/runbooks/.github/x.yml",
            "content/runbooks/a/gone.md",
            "content/runbooks/content/site.yaml"
        ]
    );
    assert!(d.is_empty(), "{:?}", d.sorted());
    let files: RepoFiles = r
        .look_up
        .iter()
        .map(|p| (p.clone(), RepoEntry::Missing))
        .collect();
    t.repo_files = Some(&files);
    let mut d = Diagnostics::new();
    render(&rb, &t, &mut d);
    let messages: Vec<_> = d.sorted().iter().map(|w| w.message.clone()).collect();
    assert!(
        messages.contains(
            &"link `gone.md` points to `content/runbooks/a/gone.md`, which does not exist"
                .to_string()
        ),
        "{messages:?}"
    );
    assert_eq!(messages.len(), 4, "{messages:?}");
    // With the root as runbook folder, paths are from the root.
    t.folder = "";
    t.repo_files = None;
    let r = render(&rb, &t, &mut Diagnostics::new());
    assert!(
        r.look_up.contains(&"content/site.yaml".to_string()),
        "{:?}",
        r.look_up
    );
}

#[test]
fn a_page_looks_up_a_bounded_number_of_files() {
    let text: String = (0..limits::MAX_LOOK_UPS + 5)
        .map(|i| format!("[x](../../../f{i}) "))
        .collect();
    let rb = runbook("a/one.md", &text);
    let mut t = targets();
    t.repo_files = None;
    let first = render(&rb, &t, &mut Diagnostics::new());
    assert_eq!(first.look_up.len(), limits::MAX_LOOK_UPS);
    let files: RepoFiles = first
        .look_up
        .iter()
        .map(|p| (p.clone(), RepoEntry::File))
        .collect();
    let forge = Forge::new(&crate::model::SiteConfig {
        repository: Some("https://github.com/o/r".into()),
        ..Default::default()
    })
    .unwrap();
    t.repo_files = Some(&files);
    t.forge = Some(&forge);
    let mut d = Diagnostics::new();
    let r = render(&rb, &t, &mut d);
    assert_eq!(
        r.html.matches("https://github.com/o/r/blob/HEAD/f").count(),
        limits::MAX_LOOK_UPS
    );
    assert_eq!(d.warning_count(), 5, "{:?}", d.sorted());
    assert!(
        d.sorted()[0].message.contains("was not looked for"),
        "{:?}",
        d.sorted()
    );
}

/// GitHub writes every id of a rendered file as `user-content-<id>`, so a link copied from
/// the element (`#user-content-check`, `two.md#user-content-verify`) lands there. It was
/// reported as no heading of the page; it is the heading's anchor now, written as the page
/// writes that id (prefixed only when the theme uses it).
#[test]
fn githubs_user_content_prefix_names_the_heading() {
    let rb = runbook(
        "a/one.md",
        "[a](#user-content-check) [b](../b/two.md#user-content-verify) [c](#user-content-main) [d](#user-content-)\n\n## Check\n\n## Main\n",
    );
    let r = render(&rb, &targets(), &mut Diagnostics::new());
    for href in [
        "href=\"#check\"",
        "href=\"/runbooks/b/two/#verify\"",
        "href=\"#user-content-main\"",
        "href=\"#user-content-\"",
    ] {
        assert!(r.html.contains(href), "{href}: {}", r.html);
    }
    let mut links: Vec<_> = r
        .anchor_links
        .iter()
        .map(|l| (l.page.as_str(), l.anchor.as_str()))
        .collect();
    links.sort();
    assert_eq!(
        links,
        [
            ("a/one", "check"),
            ("a/one", "user-content-"),
            ("a/one", "user-content-main"),
            ("b/two", "verify")
        ]
    );
}

/// The forge of `repository` on its branch `main`.
fn forge_on_main(repository: &str) -> Forge {
    Forge::new(&crate::model::SiteConfig {
        repository: Some(repository.into()),
        branch: Some("main".into()),
        ..Default::default()
    })
    .unwrap()
}
