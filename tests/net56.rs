//! Session 56, a phone on a bad network: "Keep runbooks offline" on a site with many job
//! routes and aliases. offline.json listed each redirect page as a page to fetch (behind
//! Netlify's `301`, its pipeline's page again), and `/offline/` counted them in its
//! figures; now they are listed apart, with the page each leads to, and the worker keeps
//! them as redirects without a request (tests/browser/test_net56.py).

mod common;

use common::*;

fn list(root: &std::path::Path) -> serde_json::Value {
    build_ok(root);
    serde_json::from_str(&read(&root.join("public/offline.json"))).unwrap()
}

fn paths(list: &serde_json::Value, key: &str) -> Vec<String> {
    list[key]
        .as_array()
        .unwrap_or_else(|| panic!("no {key} in offline.json"))
        .iter()
        .map(|e| e[0].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn redirect_pages_are_listed_apart_with_where_they_lead() {
    let site = example_site();
    let root = site.path();
    edit(
        root,
        "content/runbooks/profit/aggregate-profit.md",
        "title: Aggregate profit\n",
        "title: Aggregate profit\naliases: [profit-rollup]\n",
    );
    let list = list(root);
    let pages = paths(&list, "pages");
    assert!(
        !pages
            .iter()
            .any(|p| p.contains("/by-job/") || p.contains("profit-rollup")),
        "redirect pages listed as pages: {pages:?}"
    );
    assert!(pages.contains(&"/runbooks/profit/aggregate-profit/".to_string()));
    assert!(pages.contains(&"/pipelines/aggregate-profit/".to_string()));
    let redirects: Vec<(String, String)> = list["redirects"]
        .as_array()
        .expect("redirects in offline.json")
        .iter()
        .map(|e| (e[0].as_str().unwrap().into(), e[1].as_str().unwrap().into()))
        .collect();
    for (from, to) in [
        (
            "/runbooks/profit/profit-rollup/",
            "/runbooks/profit/aggregate-profit/",
        ),
        (
            "/pipelines/by-job/aggregate_profit_daily/",
            "/pipelines/aggregate-profit/",
        ),
    ] {
        assert!(
            redirects.contains(&(from.to_string(), to.to_string())),
            "{from} -> {to} not in {redirects:?}"
        );
    }
    // Each leads to a page the list saves, and is a redirect page the build wrote.
    for (from, to) in &redirects {
        assert!(pages.contains(to), "{from} leads to {to}, not saved");
        let file = root
            .join("public")
            .join(from.trim_start_matches('/'))
            .join("index.html");
        assert!(read(&file).contains("data-redirect="), "{from}");
    }
}
