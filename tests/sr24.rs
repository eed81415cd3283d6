//! Session 24's review of the gitlab and openshift runbooks as readers see them
//! (look24): a folder of only its overview, contents lists of headings the author
//! numbered, and previous/next boxes of long alert names.

mod common;

use std::fs;
use std::path::Path;

use common::*;

/// A site of runbooks at `content/runbooks/<path>`, with an empty `site.yaml`.
fn site(runbooks: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    fs::create_dir_all(&content).unwrap();
    fs::write(content.join("site.yaml"), "").unwrap();
    for (path, text) in runbooks {
        let file = content.join("runbooks").join(path);
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(file, text).unwrap();
    }
    dir
}

fn page(root: &Path, slug: &str) -> String {
    let dir = root.join("public/runbooks").join(slug);
    read(&dir.join("index.html"))
}

/// The `<li>` of a folder listing that links to `href`.
fn entry<'a>(page: &'a str, href: &str) -> &'a str {
    let list = &page[page.find("<ul class=\"children\">").expect("a listing")..];
    let at = list
        .find(&format!("<a href=\"{href}\">"))
        .unwrap_or_else(|| panic!("no entry for {href} in {list}"));
    let start = list[..at].rfind("<li").unwrap();
    &list[start..start + list[start..].find("</li>").unwrap()]
}

/// The `<ol ...>` tag that opens the list after `marker` in `html`.
fn list_after<'a>(html: &'a str, marker: &str) -> &'a str {
    let at = html
        .find(marker)
        .unwrap_or_else(|| panic!("no {marker} in {html}"));
    let ol = at + html[at..].find("<ol").expect("a list");
    &html[ol..ol + html[ol..].find('>').unwrap() + 1]
}

/// gitlab's docs/: 64 service folders hold only their README (the service's overview,
/// 153 lines for `about`), and were listed as "0 runbooks", read as empty (look24 item 4).
#[test]
fn a_folder_of_only_its_overview_says_so_not_zero_runbooks() {
    let dir = site(&[
        (
            "about/README.md",
            "# about.gitlab.com Service\n\nDashboards and alerts.\n",
        ),
        ("gitaly/README.md", "# Gitaly Service\n\nOverview.\n"),
        ("gitaly/latency.md", "# Gitaly latency\n\nSteps.\n"),
        ("top.md", "# Top\n\nText.\n"),
    ]);
    build_ok(dir.path());
    let html = read(&dir.path().join("public/runbooks/index.html"));
    let about = entry(&html, "/runbooks/about/");
    assert!(
        about.contains("<span class=\"count\">overview</span>"),
        "{about}"
    );
    assert!(!html.contains("0 runbooks"), "{html}");
    let gitaly = entry(&html, "/runbooks/gitaly/");
    assert!(
        gitaly.contains("<span class=\"count\">1 runbook</span>"),
        "{gitaly}"
    );
}

/// "## 1. Check the triage dashboard" listed as "3. 1. Check …" (look24 item 7): a list of
/// headings the author numbered is marked, and the theme's CSS numbers it no more.
#[test]
fn contents_of_headings_the_author_numbered_add_no_numbers() {
    let numbered = "# Gitaly latency\n\n## Symptoms\n\n## 1. Check the triage dashboard\n\n\
                    ### Detail\n\n## 2. Drill down\n\n## 3. Common causes\n";
    let dir = site(&[
        ("numbered.md", numbered),
        (
            "inline.md",
            &numbered.replace("## Symptoms\n", "[[_TOC_]]\n\n## Symptoms\n"),
        ),
        (
            "plain.md",
            "# Plain\n\n## Meaning\n\n## 10 nodes down\n\n## Mitigation\n",
        ),
        ("sub.md", "# Sub\n\n## Meaning\n\n### 1. First\n\n## Fix\n"),
    ]);
    build_ok(dir.path());
    let root = dir.path();
    let side = page(root, "numbered");
    assert_eq!(
        list_after(&side, "<nav class=\"toc\""),
        "<ol class=\"own-numbers\">",
        "{side}"
    );
    let inline = page(root, "inline");
    assert_eq!(
        list_after(&inline, "<details class=\"toc toc-inline\">"),
        "<ol class=\"own-numbers\">",
        "{inline}"
    );
    // Headings without their own numbers ("10 nodes" is not a number of a step), and
    // numbered sub-headings (listed with bullets), keep the list's numbers.
    for slug in ["plain", "sub"] {
        let html = page(root, slug);
        assert_eq!(list_after(&html, "<nav class=\"toc\""), "<ol>", "{html}");
    }
}

/// The previous/next boxes are half a phone's width: `KubevirtVmHighMemoryUsage` broke as
/// "KubevirtVmHighM|emoryUsage" (look24 item 11). They break between the name's words,
/// as the title and /alerts/ do.
#[test]
fn previous_and_next_break_long_names_between_their_words() {
    let dir = site(&[
        ("kv/Alpha.md", "# Alpha\n\nA.\n"),
        (
            "kv/KubevirtVmHighMemoryUsage.md",
            "# KubevirtVmHighMemoryUsage\n\nB.\n",
        ),
        ("kv/NodeDown.md", "# NodeDown\n\nC.\n"),
    ]);
    build_ok(dir.path());
    let nav = |slug: &str| {
        let html = page(dir.path(), slug);
        let nav = &html[html.find("<nav class=\"prev-next\"").expect("prev/next")..];
        nav[..nav.find("</nav>").unwrap()].to_string()
    };
    let alpha = nav("kv/Alpha");
    assert!(
        alpha.contains("<span>Next</span> Kubevirt<wbr>Vm<wbr>High<wbr>Memory<wbr>Usage</a>"),
        "{alpha}"
    );
    let down = nav("kv/NodeDown");
    assert!(
        down.contains("<span>Previous</span> Kubevirt<wbr>Vm<wbr>High<wbr>Memory<wbr>Usage</a>"),
        "{down}"
    );
    // Short names are left as they are.
    let middle = nav("kv/KubevirtVmHighMemoryUsage");
    assert!(
        middle.contains("<span>Previous</span> Alpha</a>")
            && middle.contains("<span>Next</span> NodeDown</a>"),
        "{middle}"
    );
}
