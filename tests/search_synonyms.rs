//! A site's own search synonyms (`search_synonyms` in site.yaml): added to the default
//! table in the index's `meta.json`, and refused with the place in site.yaml when a group
//! is malformed or the table too large. Listings are numbered after the other pages; a
//! pipeline's text in its fragment starts with its description, not its id.

mod common;

use common::*;

fn meta(root: &std::path::Path) -> serde_json::Value {
    serde_json::from_str(&read(&root.join("public/search/meta.json"))).unwrap()
}

#[test]
fn site_synonyms_join_the_default_table() {
    let site = example_site();
    let root = site.path();
    let yaml = root.join("content/site.yaml");
    let text = read(&yaml) + "search_synonyms:\n  - [PnL, profit and  loss]\n";
    std::fs::write(&yaml, text).unwrap();
    build_ok(root);
    let meta = meta(root);
    let syn = meta["syn"].as_array().unwrap();
    assert!(
        syn.contains(&serde_json::json!(["pnl", "profit and loss"])),
        "{syn:?}"
    );
    assert!(
        syn.iter()
            .any(|g| g.as_array().unwrap().contains(&"filling".into())),
        "the default table is kept: {syn:?}"
    );
    // Listings (folders, the home page, the lists) come last, from `listings` on.
    let listings = meta["listings"].as_u64().unwrap() as usize;
    let pages = meta["pages"].as_u64().unwrap() as usize;
    assert!(0 < listings && listings < pages, "{listings} of {pages}");
    let kind = |i: usize| -> (String, String) {
        let f: serde_json::Value =
            serde_json::from_str(&read(&root.join(format!("public/search/f/{i}.json")))).unwrap();
        (
            f["k"].as_str().unwrap().into(),
            f["u"].as_str().unwrap().into(),
        )
    };
    for i in listings..pages {
        let (k, u) = kind(i);
        assert!(k == "folder" || k == "page", "{u} is a {k}");
        assert_ne!(u, "/oncall/", "the on-call page answers; it is no listing");
    }
    for i in 0..listings {
        assert_ne!(kind(i).0, "folder");
    }
    // A runbook's fragment names its alerts, one a line, for the exact-name rank.
    let profit = (0..listings)
        .map(|i| read(&root.join(format!("public/search/f/{i}.json"))))
        .find(|f| f.contains("\"u\":\"/runbooks/profit/aggregate-profit/\""))
        .unwrap();
    let f: serde_json::Value = serde_json::from_str(&profit).unwrap();
    let names: Vec<&str> = f["n"].as_str().unwrap().lines().collect();
    assert_eq!(
        names,
        [
            "aggregate-profit",
            "AggregateProfitStale",
            "AggregateProfitSLAMissed",
            "UnitLevelProfitStale",
            "UnitLevelProfitSLAMissed"
        ]
    );
}

#[test]
fn malformed_synonyms_are_refused_where_they_stand() {
    let site = example_site();
    let root = site.path();
    let yaml = root.join("content/site.yaml");
    let before = read(&yaml);
    let text =
        before + "search_synonyms:\n  - [pnl, profit and loss]\n  - [alone]\n  - [ok, a b c d e]\n";
    let line = text.lines().position(|l| l.contains("[ok,")).unwrap() + 1;
    std::fs::write(&yaml, text).unwrap();
    let out = pipebook(&["build", "--root", root.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("content/site.yaml:{}:5", line - 1)),
        "{err}"
    );
    assert!(err.contains("at least two"), "{err}");
    assert!(
        err.contains(&format!("content/site.yaml:{line}:10")),
        "{err}"
    );
    assert!(
        err.contains("synonym `a b c d e` has more than 4 words"),
        "{err}"
    );
    assert!(!root.join("public/search/meta.json").exists());
}

#[test]
fn too_many_synonym_groups_are_refused() {
    let site = example_site();
    let root = site.path();
    let yaml = root.join("content/site.yaml");
    let mut text = read(&yaml) + "search_synonyms:\n";
    for i in 0..250 {
        text.push_str(&format!("  - [a{i}, b{i}]\n"));
    }
    std::fs::write(&yaml, text).unwrap();
    let out = pipebook(&["build", "--root", root.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("search_synonyms has 250 groups; at most 200"),
        "{err}"
    );
}

#[test]
fn a_pipelines_excerpt_starts_with_its_own_text() {
    // Its id is counted (a query of `aggregate-profit` finds it) but not shown, as a
    // runbook's names are not: the excerpt opens with what the pipeline says it is.
    let site = example_site();
    let root = site.path();
    build_ok(root);
    let pages = meta(root)["pages"].as_u64().unwrap() as usize;
    let pipeline = (0..pages)
        .map(|i| read(&root.join(format!("public/search/f/{i}.json"))))
        .map(|f| serde_json::from_str::<serde_json::Value>(&f).unwrap())
        .find(|f| f["u"] == "/pipelines/aggregate-profit/")
        .unwrap();
    assert_eq!(pipeline["k"], "pipeline");
    assert_eq!(pipeline["n"], "aggregate-profit");
    let text = pipeline["s"][0][2].as_str().unwrap();
    assert!(
        text.starts_with("Aggregate profit reported to investors. Domain: "),
        "{text}"
    );
}
