//! What the search index tells the browser besides words (session 25): the stubs (a
//! runbook whose short body says it moved, with a link, or that says it is deprecated),
//! which rank below the runbook of their name (`low` of meta.json), and the titles of
//! folders with an index page, by which results say where a page lives. Both in
//! `meta.json`, for the pages of a real tree's shape (openshift).

mod common;

use common::*;

const STUB: &str = "# KubeAPIDown\n\nThis alert has been moved to [alerts/kao/KubeAPIDown.md](../kao/KubeAPIDown.md)\n";
const REAL: &str = "# KubeAPIDown\n\nThe `KubeAPIDown` alert fires when no Kubernetes API server answers.\n\n## Diagnosis\n\nCheck the pods.\n";

/// The page number of each URL, from the fragments.
fn numbers(root: &std::path::Path, pages: usize) -> Vec<String> {
    (0..pages)
        .map(|i| {
            let f: serde_json::Value =
                serde_json::from_str(&read(&root.join(format!("public/search/f/{i}.json"))))
                    .unwrap();
            f["u"].as_str().unwrap().to_string()
        })
        .collect()
}

#[test]
fn stubs_and_folder_titles_are_in_meta() {
    let site = site_of(&[
        ("content/runbooks/alerts/cmo/KubeAPIDown.md", STUB),
        ("content/runbooks/alerts/kao/KubeAPIDown.md", REAL),
        (
            "content/runbooks/alerts/kao/README.md",
            "# Kube API server operator\n\nIts alerts.\n",
        ),
        // Deprecated, without a link (openshift's `[Deprecated]` runbooks): it ranks low
        // too, below the runbook that replaced it (session 26).
        (
            "content/runbooks/alerts/cmo/Old.md",
            "# Old\n\nThis alert is deprecated. You can safely ignore or silence it.\n",
        ),
        // About something deprecated: a runbook like any other.
        (
            "content/runbooks/alerts/cmo/RuncDeprecated.md",
            "# RuncDeprecated\n\nThis alert fires when the cluster uses the deprecated runc.\n",
        ),
        // Short, with a link, saying nothing of being elsewhere: no stub.
        (
            "content/runbooks/alerts/cmo/Short.md",
            "# Short\n\nRestart [the loader](../kao/KubeAPIDown.md).\n",
        ),
    ]);
    let root = site.path();
    build_ok(root);
    let meta: serde_json::Value =
        serde_json::from_str(&read(&root.join("public/search/meta.json"))).unwrap();
    let urls = numbers(root, meta["pages"].as_u64().unwrap() as usize);
    let mut stubs: Vec<&str> = meta["low"][0]
        .as_array()
        .expect("stubs listed as rank 1 of `low`")
        .iter()
        .map(|n| urls[n.as_u64().unwrap() as usize].as_str())
        .collect();
    stubs.sort_unstable();
    assert_eq!(
        stubs,
        [
            "/runbooks/alerts/cmo/KubeAPIDown/",
            "/runbooks/alerts/cmo/Old/"
        ]
    );
    // No drafts: no rank 2.
    assert_eq!(meta["low"].as_array().map(Vec::len), Some(1));
    // The folder with an index page is named by its title; the others (`cmo`, `alerts`)
    // the browser names as their breadcrumbs do, from their names.
    assert_eq!(
        meta["dirs"],
        serde_json::json!({"/runbooks/alerts/kao/": "Kube API server operator"})
    );
}

#[test]
fn a_site_without_stubs_or_titled_folders_lists_none() {
    let site = site_of(&[
        ("content/runbooks/alerts/kao/KubeAPIDown.md", REAL),
        // An index page whose title is the folder's name made readable tells nothing.
        (
            "content/runbooks/alerts/kao/README.md",
            "# Kao\n\nIts alerts.\n",
        ),
    ]);
    build_ok(site.path());
    let meta = read(&site.path().join("public/search/meta.json"));
    assert!(
        !meta.contains("\"low\"") && !meta.contains("\"dirs\""),
        "{meta}"
    );
}
