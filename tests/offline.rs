//! What the build gives the service worker: `sw.js` named after a digest of the site (the
//! same for the same inputs, another after any change), the shell it saves on install, and
//! `offline.json`, the list "Keep runbooks offline" saves, with true sizes.

mod common;

use std::fs;
use std::path::Path;

use common::*;

/// The worker's constant `name` (`var VERSION="…",BASE=…` as terser writes it, or
/// `var NAME = …;` as a theme's own is written): a JSON value.
fn constant(sw: &str, name: &str) -> serde_json::Value {
    let start = [
        format!("var {name}="),
        format!(",{name}="),
        format!("var {name} = "),
    ]
    .iter()
    .find_map(|at| sw.find(at.as_str()).map(|i| i + at.len()))
    .unwrap_or_else(|| panic!("no {name} in sw.js"));
    serde_json::Deserializer::from_str(&sw[start..])
        .into_iter::<serde_json::Value>()
        .next()
        .and_then(Result::ok)
        .unwrap_or_else(|| panic!("{name} in sw.js is not a JSON value"))
}

fn built(root: &Path) -> (String, serde_json::Value) {
    build_ok(root);
    let public = root.join("public");
    let sw = read(&public.join("sw.js"));
    let list: serde_json::Value =
        serde_json::from_str(&read(&public.join("offline.json"))).unwrap();
    (sw, list)
}

#[test]
fn the_version_follows_the_content_and_only_the_content() {
    let site = example_site();
    let root = site.path();
    let (first, list) = built(root);
    let version = constant(&first, "VERSION").as_str().unwrap().to_string();
    assert_eq!(version.len(), 32, "{version}");
    assert_eq!(list["version"], version.as_str());
    let (again, _) = built(root);
    assert_eq!(
        first, again,
        "the same inputs and clock give the same worker"
    );
    edit(
        root,
        "content/runbooks/growth/aggregate-growth.md",
        "## Steps",
        "A new line.\n\n## Steps",
    );
    let (changed, _) = built(root);
    assert_ne!(constant(&changed, "VERSION"), constant(&first, "VERSION"));
    // A file copied from beside the runbooks counts by its bytes.
    let asset = root.join("content/runbooks/growth/flow.txt");
    fs::write(&asset, "a").unwrap();
    let (with_a, _) = built(root);
    fs::write(&asset, "b").unwrap();
    let (with_b, _) = built(root);
    assert_ne!(constant(&with_a, "VERSION"), constant(&with_b, "VERSION"));
}

/// Each page's hash in `offline.json`, by URL.
fn seen(list: &serde_json::Value) -> std::collections::BTreeMap<String, String> {
    let pages = list["pages"].as_array().unwrap();
    pages
        .iter()
        .map(|p| {
            let hash = p[2].as_str().unwrap_or_else(|| panic!("no hash: {p}"));
            (p[0].as_str().unwrap().to_string(), hash.to_string())
        })
        .collect()
}

#[test]
fn a_page_keeps_its_hash_when_only_the_build_time_changes() {
    // A deploy a day later with one runbook edited: the service worker downloads again the
    // pages whose hash changed, so only what a reader sees may change it.
    let site = example_site();
    let root = site.path();
    build_at(root, 1_780_000_000);
    let first: serde_json::Value =
        serde_json::from_str(&read(&root.join("public/offline.json"))).unwrap();
    let footer = read(&root.join("public/runbooks/growth/aggregate-growth/index.html"));
    edit(
        root,
        "content/runbooks/growth/aggregate-growth.md",
        "## Steps",
        "A new line.\n\n## Steps",
    );
    build_at(root, 1_780_000_000 + 86_400);
    let second: serde_json::Value =
        serde_json::from_str(&read(&root.join("public/offline.json"))).unwrap();
    let after = read(&root.join("public/runbooks/growth/aggregate-growth/index.html"));
    assert_ne!(footer, after);
    let stamps = second["stamps"].as_array().unwrap();
    assert!(
        stamps.iter().all(|s| after.contains(s.as_str().unwrap())),
        "{stamps:?}"
    );
    let (a, b) = (seen(&first), seen(&second));
    assert_eq!(a.len(), b.len());
    let changed: Vec<&String> = a.keys().filter(|url| a[*url] != b[*url]).collect();
    // The edited runbook is among the few that changed (main: every page, for its footer).
    assert!(
        changed.contains(&&"/runbooks/growth/aggregate-growth/".to_string()),
        "{changed:?}"
    );
    // The day moves the schedule and the pipelines' pages (who is on call): 8 of 20 pages.
    // (Of 28 before session 56, when the 8 job routes' redirect pages were listed too.)
    assert!(
        changed.len() * 2 < a.len(),
        "{} of {}: {changed:?}",
        changed.len(),
        a.len()
    );
}

#[test]
fn the_build_time_written_in_a_runbook_still_counts() {
    // "Not before <the build's time>", edited at the next build to its time: the text a
    // reader sees changed, so does the hash (main: both left out, the same hash, and the
    // worker kept the old instruction).
    let site = example_site();
    let root = site.path();
    let page = "/runbooks/growth/aggregate-growth/";
    let mut hashes = Vec::new();
    for (epoch, time) in [
        (1_780_000_000, "2026-05-28 20:26 UTC"),
        (1_780_086_400, "2026-05-29 20:26 UTC"),
    ] {
        let text = format!("Do not restart before {time}.\n\n## Steps");
        edit(
            root,
            "content/runbooks/growth/aggregate-growth.md",
            "## Steps",
            &text,
        );
        build_at(root, epoch);
        let html = read(&root.join("public/runbooks/growth/aggregate-growth/index.html"));
        assert!(html.contains(&format!("before {time}.")), "{time}");
        assert!(html.contains(&format!(">{time}</time>")), "{time}");
        let list = serde_json::from_str(&read(&root.join("public/offline.json"))).unwrap();
        hashes.push(seen(&list)[page].clone());
        let restore = format!("Do not restart before {time}.\n\n");
        edit(
            root,
            "content/runbooks/growth/aggregate-growth.md",
            &restore,
            "",
        );
    }
    assert_ne!(hashes[0], hashes[1]);
}

#[test]
fn the_shell_and_the_keep_list_name_files_that_exist_with_their_sizes() {
    let site = example_site();
    let root = site.path();
    let (sw, list) = built(root);
    let public = root.join("public");
    let file_of = |url: &str| {
        let rel = url.strip_prefix('/').unwrap();
        let path = public.join(rel);
        if rel.is_empty() || rel.ends_with('/') {
            path.join("index.html")
        } else {
            path
        }
    };
    let shell: Vec<String> = serde_json::from_value(constant(&sw, "SHELL")).unwrap();
    for url in &shell {
        assert!(
            file_of(url).is_file(),
            "{url} is in the shell but not built"
        );
    }
    for needed in ["/offline/", "/static/style.css", "/static/site.js"] {
        assert!(
            shell.iter().any(|u| u == needed),
            "{needed} not in {shell:?}"
        );
    }
    // A reader who never searches never downloads the search client; the scripts of
    // some pages only are saved when those pages use them.
    assert!(!shell.iter().any(|u| u.contains("search")), "{shell:?}");
    for some_pages in ["/static/diagrams.mjs", "/static/routes.js"] {
        assert!(file_of(some_pages).is_file() && !shell.iter().any(|u| u == some_pages));
    }

    let pages: Vec<(String, u64, Option<String>)> =
        serde_json::from_value(list["pages"].clone()).unwrap();
    let pages: Vec<(String, u64)> = pages.into_iter().map(|(u, n, _)| (u, n)).collect();
    let index: Vec<(String, u64)> = serde_json::from_value(list["index"].clone()).unwrap();
    for (url, size) in pages.iter().chain(&index) {
        let file = file_of(url);
        assert_eq!(
            fs::metadata(&file).unwrap().len(),
            *size,
            "size of {url} ({})",
            file.display()
        );
    }
    let urls: Vec<&str> = pages.iter().map(|(u, _)| u.as_str()).collect();
    for runbook in [
        "/_nav/tree.html",
        "/_nav/profit/tree.html",
        "/runbooks/",
        "/runbooks/profit/",
        "/runbooks/profit/aggregate-profit/",
        "/runbooks/growth/aggregate-growth/",
        "/runbooks/engagement/aggregate-engagement/",
        // What the calendar feeds' events link to.
        "/oncall/",
        "/pipelines/aggregate-profit/",
        "/",
    ] {
        assert!(urls.contains(&runbook), "{runbook} not kept: {urls:?}");
    }
    let index_urls: Vec<&str> = index.iter().map(|(u, _)| u.as_str()).collect();
    for part in ["/search/meta.json", "/static/search.js"] {
        assert!(
            index_urls.contains(&part),
            "{part} not kept: {index_urls:?}"
        );
    }
    assert!(index_urls.iter().any(|u| u.starts_with("/search/s/")));
    assert!(index_urls.iter().any(|u| u.starts_with("/search/f/")));
}

#[test]
fn a_base_path_is_the_workers_scope() {
    let site = example_site();
    let root = site.path();
    edit(
        root,
        "content/site.yaml",
        "base_url: https://pipebook-example.netlify.app/",
        "base_url: https://example.com/ops/",
    );
    // The example's alert rules link to its own address, which this copy no longer has.
    edit(
        root,
        "content/site.yaml",
        "alert_rules: [content/rules/*.yaml]",
        "",
    );
    let (sw, list) = built(root);
    assert_eq!(constant(&sw, "BASE"), "/ops/");
    let shell: Vec<String> = serde_json::from_value(constant(&sw, "SHELL")).unwrap();
    assert!(shell.iter().all(|u| u.starts_with("/ops/")), "{shell:?}");
    let pages = list["pages"].as_array().unwrap();
    assert!(pages.iter().all(|p| {
        let url = p[0].as_str().unwrap();
        url.starts_with("/ops/runbooks/")
            || url.starts_with("/ops/_nav/")
            || url.starts_with("/ops/pipelines/")
            || ["/ops/search/", "/ops/", "/ops/oncall/"].contains(&url)
    }));
}

/// The worker keeps no file of the theme cut short on its way (a proxy ending a gzip body
/// early): it knows each one's size as written. Not the diagram renderer's chunks (the
/// worker is in a first visit's budget).
#[test]
fn the_worker_knows_the_theme_files_sizes() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures/diagrams"), dir.path());
    let (sw, _) = built(dir.path());
    let public = dir.path().join("public");
    let sizes: std::collections::BTreeMap<String, u64> =
        serde_json::from_value(constant(&sw, "SIZES")).unwrap();
    for needed in ["/static/style.css", "/static/site.js", "/static/search.js"] {
        assert!(sizes.contains_key(needed), "{needed} not in {sizes:?}");
    }
    for (url, size) in &sizes {
        let file = public.join(url.strip_prefix('/').unwrap());
        assert_eq!(fs::metadata(&file).unwrap().len(), *size, "size of {url}");
    }
    assert!(!sizes.keys().any(|u| u.contains("mermaid")), "{sizes:?}");
}

#[test]
fn the_diagram_renderer_is_not_in_the_shell() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures/diagrams"), dir.path());
    let (sw, _) = built(dir.path());
    assert!(dir
        .path()
        .join("public/static/mermaid/mermaid.esm.min.mjs")
        .is_file());
    let shell: Vec<String> = serde_json::from_value(constant(&sw, "SHELL")).unwrap();
    assert!(
        shell
            .iter()
            .all(|u| !u.contains("mermaid") && !u.contains("diagrams")),
        "{shell:?}"
    );
    assert!(shell.iter().any(|u| u == "/static/site.js"), "{shell:?}");
}

/// "Keep runbooks offline" saves the diagram renderer on a site with a diagram (every
/// module of it, with its size), and nothing of it on a site without one.
#[test]
fn the_keep_list_has_the_diagram_renderer_when_the_site_has_diagrams() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures/diagrams"), dir.path());
    let (_, list) = built(dir.path());
    let public = dir.path().join("public");
    let diagrams: Vec<(String, u64)> = serde_json::from_value(list["diagrams"].clone()).unwrap();
    let mut modules: Vec<String> = walkdir::WalkDir::new(public.join("static/mermaid"))
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.path().extension().is_some_and(|x| x == "mjs"))
        .map(|e| {
            let rel = e.path().strip_prefix(&public).unwrap();
            format!("/{}", rel.to_str().unwrap().replace('\\', "/"))
        })
        .chain(["/static/diagrams.mjs".to_string()])
        .collect();
    modules.sort();
    let mut listed: Vec<String> = diagrams.iter().map(|(u, _)| u.clone()).collect();
    listed.sort();
    assert!(modules.len() > 50, "{modules:?}");
    assert_eq!(listed, modules);
    for (url, size) in &diagrams {
        let file = public.join(url.trim_start_matches('/'));
        assert_eq!(fs::metadata(&file).unwrap().len(), *size, "{url}");
    }

    let site = example_site();
    let (_, list) = built(site.path());
    assert!(site.path().join("public/static/diagrams.mjs").is_file());
    assert_eq!(
        list["diagrams"],
        serde_json::json!([]),
        "no diagram, no renderer"
    );
}

/// The worker is fetched on a first visit, within the page's budget, and after every
/// deploy: served minified, as the theme's scripts are.
#[test]
fn the_worker_is_served_minified() {
    let site = example_site();
    let (sw, _) = built(site.path());
    // The template: its parts joined (src/load/sw_parts.rs).
    let template: String = std::fs::read_dir("themes/default/templates/sw")
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert!(sw.starts_with("\"use strict\";"), "{}", &sw[..80]);
    assert!(!sw.lines().any(|l| l.trim_start().starts_with("//")));
    assert!(sw.contains("function genuine("));
    assert!(
        sw.len() * 100 < template.len() * 50,
        "{} of {} bytes",
        sw.len(),
        template.len()
    );
}
