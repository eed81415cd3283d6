//! Deploy skew (session 22): the search index's files keep their names across deploys,
//! so a tab open across one fetched the next deploy's heads and shards against the
//! previous `meta.json` and showed another page's title for a result. Every head, shard
//! and `filters.json` now carries the index's build (`b` of `meta.json`), which the
//! browser compares (tests/browser/test_deploy_skew.py shows the tab).

mod common;

use std::io::Read;
use std::path::Path;

use common::*;

/// The example site with `runbooks` generated runbooks (`gen/r<n>.md`): past 256 pages
/// the index has heads and does not come whole with meta.json.
fn site(runbooks: std::ops::Range<usize>) -> tempfile::TempDir {
    let site = example_site();
    let folder = site.path().join("content/runbooks/gen");
    std::fs::create_dir_all(&folder).unwrap();
    for i in runbooks {
        std::fs::write(
            folder.join(format!("r{i:03}.md")),
            format!("# Gen runbook {i}\n\nRestart the zeta{i} worker.\n"),
        )
        .unwrap();
    }
    build_ok(site.path());
    site
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut raw = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut raw)
        .unwrap();
    raw
}

/// `b` of meta.json, and the build each head, shard and filters.json carries.
fn builds(public: &Path) -> (String, Vec<(String, String)>) {
    let search = public.join("search");
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(search.join("meta.json")).unwrap()).unwrap();
    let mut found = Vec::new();
    for (path, bytes) in snapshot(&search) {
        let name = path.to_string_lossy().into_owned();
        let build = if name.starts_with("h/") {
            let head: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            head["b"].as_str().unwrap_or_default().to_string()
        } else if name.starts_with("s/") {
            // A record of no term first: varint(0) varint(0) varint(16) build.
            let raw = gunzip(&bytes);
            assert_eq!(&raw[..3], &[0, 0, 16], "{name}");
            String::from_utf8(raw[3..19].to_vec()).unwrap()
        } else if name == "filters.json" {
            let f: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            f["b"].as_str().unwrap_or_default().to_string()
        } else {
            continue;
        };
        found.push((name, build));
    }
    (meta["b"].as_str().unwrap().to_string(), found)
}

#[test]
fn every_head_shard_and_filter_list_names_the_build_of_meta_json() {
    let a = site(0..300);
    let (build, files) = builds(&a.path().join("public"));
    assert_eq!(build.len(), 16, "{build}");
    assert!(files.iter().any(|(n, _)| n.starts_with("h/")));
    assert!(files.iter().filter(|(n, _)| n.starts_with("s/")).count() >= 2);
    for (name, b) in &files {
        assert_eq!(b, &build, "{name}");
    }
    // The same content again: the same build (byte-identical builds stay so).
    build_ok(a.path());
    assert_eq!(builds(&a.path().join("public")).0, build);
    // Runbooks removed and others added: every page after them has another number, and
    // another build.
    let b = site(60..340);
    let (other, files) = builds(&b.path().join("public"));
    assert_ne!(other, build);
    assert!(files.iter().all(|(_, b)| b == &other));
}

#[test]
fn a_small_sites_meta_json_names_its_build_too() {
    let site = example_site();
    build_ok(site.path());
    let (build, files) = builds(&site.path().join("public"));
    assert_eq!(build.len(), 16);
    assert!(!files.iter().any(|(n, _)| n.starts_with("h/")), "no heads");
    assert!(files.iter().all(|(_, b)| b == &build));
}
