//! The service worker and the search index's build (session 44): `sw.js` carries the
//! index's build (`b` of `meta.json`), which the worker checks each head, shard, filters
//! and meta file against before keeping it, so that a CDN edge serving two deploys' files
//! at once cannot fill one build's cache with the other's index (see
//! tests/browser/test_net44.py). Here: the build written into `sw.js` is the one every
//! file of the index that carries a build carries, and where the worker reads a shard's.

mod common;

use std::fs;
use std::io::Read;
use std::path::Path;

use common::*;

/// The index's build as `sw.js` holds it (`INDEX="…"`, minified), if any.
fn worker_index(public: &Path) -> Option<String> {
    let sw = read(&public.join("sw.js"));
    let at = sw.find("INDEX=\"")? + "INDEX=\"".len();
    let end = sw[at..].find('"')? + at;
    Some(sw[at..end].to_string())
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&read(path)).unwrap()
}

#[test]
fn the_worker_knows_the_build_every_index_file_carries() {
    let site = example_site();
    let root = site.path();
    add_copies(root, 400);
    build_ok(root);
    let public = root.join("public");
    let index = worker_index(&public).expect("sw.js names no index build");
    assert_eq!(index.len(), 16, "{index}");
    assert_eq!(json(&public.join("search/meta.json"))["b"], index.as_str());
    assert_eq!(
        json(&public.join("search/filters.json"))["b"],
        index.as_str()
    );
    let mut heads = 0;
    for dir in ["h", "s"] {
        let Ok(entries) = fs::read_dir(public.join("search").join(dir)) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if dir == "h" {
                heads += 1;
                assert_eq!(json(&path)["b"], index.as_str(), "{}", path.display());
                continue;
            }
            // What the worker reads of a shard: varint(0) varint(0) varint(n), n bytes.
            let mut start = [0u8; 19];
            flate2::read::GzDecoder::new(fs::File::open(&path).unwrap())
                .read_exact(&mut start)
                .unwrap();
            assert_eq!(&start[..3], &[0, 0, 16], "{}", path.display());
            assert_eq!(&start[3..], index.as_bytes(), "{}", path.display());
        }
    }
    assert!(
        heads > 0,
        "no head files: the site is too small to test them"
    );
}

#[test]
fn a_site_without_search_gives_the_worker_no_index_build() {
    let site = example_site();
    let root = site.path();
    edit(root, "content/site.yaml", "title:", "search: false\ntitle:");
    build_ok(root);
    assert_eq!(worker_index(&root.join("public")).as_deref(), Some(""));
}
