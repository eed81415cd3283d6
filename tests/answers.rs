//! `search/answers.json`, the data of the search box's answer card: who owns each pipeline
//! and its runbooks, the engineers' names; nothing of their contacts (the card takes those
//! from `oncall.json`, which publishes only what `publish_contacts` names), names written
//! by a pull request kept inert, kept offline with the index, and absent without search.

mod common;

use std::fs;
use std::path::Path;

use common::*;
use serde_json::Value;

fn answers(public: &Path) -> Value {
    serde_json::from_str(&read(&public.join("search/answers.json"))).unwrap()
}

fn pipeline<'a>(a: &'a Value, id: &str) -> &'a Value {
    a["pipelines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id)
        .unwrap_or_else(|| panic!("no pipeline {id} in {a}"))
}

#[test]
fn owners_runbooks_and_names_of_the_example_site() {
    let site = example_site();
    let root = site.path();
    // A second runbook that names daily-growth in its front matter, which has none of
    // its own in pipelines.yaml.
    fs::write(
        root.join("content/runbooks/growth/daily-checks.md"),
        "---\npipelines: [daily-growth, aggregate-growth]\n---\n\n# Daily growth checks\n\nCompare the counts.\n",
    )
    .unwrap();
    build_ok(root);
    let public = root.join("public");
    let a = answers(&public);
    assert_eq!(a["v"], 1);
    assert_eq!(a["pipelines"].as_array().unwrap().len(), 5);

    let daily = pipeline(&a, "daily-growth");
    assert_eq!(daily["name"], "Daily growth");
    assert_eq!(daily["url"], "/pipelines/daily-growth/");
    // The domain's name, not its id: "owner of growth" is asked in words.
    assert_eq!(daily["domain"], "Growth");
    assert_eq!(daily["audience"], "experiments");
    assert_eq!(daily["primary"], "de4");
    assert_eq!(daily["secondary"], "de2");
    // The growth runbook lists daily growth too (it answers its alerts).
    assert_eq!(
        daily["runbooks"],
        serde_json::json!([
            {"title": "Growth Pipeline (Aggregate Growth)", "url": "/runbooks/growth/aggregate-growth/"},
            {"title": "Daily growth checks", "url": "/runbooks/growth/daily-checks/"}
        ])
    );
    // The pipeline's own runbook first, then the one that names it.
    let growth = pipeline(&a, "aggregate-growth");
    let urls: Vec<&str> = growth["runbooks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["url"].as_str().unwrap())
        .collect();
    assert_eq!(
        urls,
        [
            "/runbooks/growth/aggregate-growth/",
            "/runbooks/growth/daily-checks/"
        ]
    );
    assert_eq!(
        pipeline(&a, "unit-level-profit")["runbooks"],
        serde_json::json!([{"title": "Profit Pipeline (Aggregate Profit)", "url": "/runbooks/profit/aggregate-profit/"}])
    );

    let engineers = a["engineers"].as_array().unwrap();
    assert_eq!(engineers.len(), 4);
    assert_eq!(
        engineers[0],
        serde_json::json!({"id": "de1", "name": "Data Engineer 1", "url": "/engineers/de1/"})
    );
    // Contacts come from oncall.json only, which follows publish_contacts.
    let text = read(&public.join("search/answers.json"));
    for private in ["@example.com", "mailto:", "tel:", "@de1", "slack", "phone"] {
        assert!(!text.contains(private), "{private} in answers.json: {text}");
    }
}

#[test]
fn kept_offline_with_the_index_and_loaded_only_on_demand() {
    let site = example_site();
    build_ok(site.path());
    let public = site.path().join("public");
    let offline: Value = serde_json::from_str(&read(&public.join("offline.json"))).unwrap();
    let index: Vec<&str> = offline["index"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e[0].as_str().unwrap())
        .collect();
    for file in [
        "/search/answers.json",
        "/static/search-answers.js",
        "/static/search-answers.css",
    ] {
        assert!(index.contains(&file), "{file} not kept offline: {index:?}");
        assert!(public.join(&file[1..]).is_file(), "{file} not written");
    }
    // Not in the shell the worker saves on install: a reader who never asks never
    // downloads it.
    let sw = read(&public.join("sw.js"));
    let shell = &sw[sw.find(",SHELL=[").expect("the worker's shell")..];
    let shell = &shell[..shell.find(']').expect("the shell's end")];
    assert!(shell.contains("/static/site.js"), "{shell}");
    assert!(!shell.contains("search-answers"), "{shell}");
    // No page loads it: search.js does, for a question.
    let runbook = read(&public.join("runbooks/profit/aggregate-profit/index.html"));
    assert!(!runbook.contains("search-answers"));
    assert!(read(&public.join("static/search.js")).contains("search-answers.js"));
}

#[test]
fn names_from_a_pull_request_stay_inert() {
    let site = example_site();
    let root = site.path();
    edit(
        root,
        "content/pipelines.yaml",
        "    name: Daily growth\n",
        "    name: \"Daily growth</script><img src=x onerror=alert(1)>\"\n",
    );
    edit(
        root,
        "content/team.yaml",
        "    name: Data Engineer 2\n",
        "    name: \"<b onmouseover=alert(2)>Eve\"\n",
    );
    build_ok(root);
    let text = read(&root.join("public/search/answers.json"));
    assert!(!text.contains('<'), "{text}");
    // Still the same names once parsed: the card shows them as text.
    let a = answers(&root.join("public"));
    assert_eq!(
        pipeline(&a, "daily-growth")["name"],
        "Daily growth</script><img src=x onerror=alert(1)>"
    );
    assert!(a["engineers"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["name"] == "<b onmouseover=alert(2)>Eve"));
}

#[test]
fn no_answers_without_search() {
    let site = example_site();
    let root = site.path();
    let site_yaml = root.join("content/site.yaml");
    let text = read(&site_yaml);
    fs::write(&site_yaml, format!("{text}search: false\n")).unwrap();
    build_ok(root);
    assert!(!root.join("public/search/answers.json").exists());
    assert!(root.join("public/oncall.json").is_file());
}

#[test]
fn a_pipeline_named_by_many_runbooks_lists_a_few() {
    let site = example_site();
    let root = site.path();
    let dir = root.join("content/runbooks/many");
    fs::create_dir_all(&dir).unwrap();
    for i in 0..25 {
        fs::write(
            dir.join(format!("step-{i:02}.md")),
            format!("---\npipelines: [daily-growth]\n---\n\n# Step {i}\n\nText.\n"),
        )
        .unwrap();
    }
    build_ok(root);
    let a = answers(&root.join("public"));
    let daily = pipeline(&a, "daily-growth");
    assert_eq!(daily["runbooks"].as_array().unwrap().len(), 10);
    // The 25 and the growth runbook, which answers daily growth's alerts.
    assert_eq!(daily["more_runbooks"], 16);
    assert!(pipeline(&a, "aggregate-profit")
        .get("more_runbooks")
        .is_none());
}
