//! Folder pages (issue 16, must-hold 5): a readable title, and for each runbook its title,
//! its summary and the alerts it answers.

mod common;

use std::fs;
use std::path::Path;

use common::*;

fn site(config: &str, files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    fs::create_dir_all(&content).unwrap();
    fs::write(content.join("site.yaml"), config).unwrap();
    for (path, text) in files {
        let file = content.join("runbooks").join(path);
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(file, text).unwrap();
    }
    dir
}

fn folder_page(root: &Path, folder: &str) -> String {
    read(&root.join("public/runbooks").join(folder).join("index.html"))
}

/// The `<li>` of the folder listing that links to `href`.
fn entry<'a>(page: &'a str, href: &str) -> &'a str {
    let list = &page[page.find("<ul class=\"children\">").expect("a listing")..];
    let at = list
        .find(&format!("<a href=\"{href}\">"))
        .unwrap_or_else(|| panic!("no entry for {href} in {list}"));
    let start = list[..at].rfind("<li").unwrap();
    &list[start..start + list[start..].find("</li>").unwrap()]
}

#[test]
fn the_example_folder_lists_each_runbook_with_its_summary_and_alerts() {
    let site = example_site();
    build_ok(site.path());
    let page = folder_page(site.path(), "profit");
    let li = entry(&page, "/runbooks/profit/aggregate-profit/");
    assert!(
        li.contains(">Profit Pipeline (Aggregate Profit)</a>"),
        "{li}"
    );
    assert!(
        li.contains("<p class=\"summary\">The aggregate profit pipeline turns"),
        "{li}"
    );
    // In the order the front matter gives them.
    assert!(
        li.contains(
            "<p class=\"alerts\">Alerts: <code>AggregateProfitStale</code>, \
             <code>AggregateProfitSLAMissed</code>, <code>UnitLevelProfitStale</code>, \
             <code>UnitLevelProfitSLAMissed</code></p>"
        ),
        "{li}"
    );
}

#[test]
fn alerts_of_file_names_come_first_and_long_lists_are_counted() {
    let many: Vec<String> = (1..=11).map(|i| format!("Extra{i:02}")).collect();
    let front = format!(
        "---\nalerts: [{}]\ndescription: Disk <b>full</b>.\n---\n# Disk\n",
        many.join(", ")
    );
    let site = site(
        "alerts_from_file_names: true\n",
        &[
            ("node/_index.md", "---\ntitle: node\n---\n"),
            ("node/NodeDiskFull.md", &front),
            ("node/NodeDown.md", "# Node down\n\nThe node is gone.\n"),
            ("node/how to debug.md", "# Debugging\n\nSteps.\n"),
        ],
    );
    build_ok(site.path());
    let page = folder_page(site.path(), "node");
    // A folder without a heading is titled by its front matter.
    assert!(page.contains("<h1>node</h1>"), "{page}");
    let li = entry(&page, "/runbooks/node/NodeDiskFull/");
    assert!(
        li.contains("<p class=\"summary\">Disk &lt;b&gt;full&lt;/b&gt;.</p>"),
        "the description is text: {li}"
    );
    assert!(
        li.contains(
            "Alerts: <code>NodeDiskFull</code>, <code>Extra01</code>, <code>Extra02</code>"
        ),
        "{li}"
    );
    assert!(li.contains("<code>Extra07</code> and 4 more</p>"), "{li}");
    assert!(!li.contains("Extra08"), "{li}");
    let li = entry(&page, "/runbooks/node/NodeDown/");
    assert!(
        li.contains("<p class=\"alerts\">Alert: <code>NodeDown</code></p>"),
        "{li}"
    );
    // A file name that is not one word is not an alert's.
    let li = entry(&page, "/runbooks/node/how%20to%20debug/");
    assert!(!li.contains("class=\"alerts\""), "{li}");
}
