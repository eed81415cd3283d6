//! The reader's hash of a kept page (session 43): `offline.json`'s hash of each page is
//! the SHA-256 of the page with its first `<style>` block's text replaced by that text's
//! SHA-256 in hex (the critical CSS, hashed once per build rather than in every page),
//! then the footer's build time made a NUL; `sw.js` computes the same. A change of the
//! theme's CSS alone still changes every page's hash, so kept pages follow it.

mod common;

use std::fs;
use std::path::Path;

use base64::Engine as _;
use common::*;
use sha2::{Digest, Sha256};

/// `offline.json` of the site built at `root`.
fn offline(root: &Path) -> serde_json::Value {
    serde_json::from_str(&read(&root.join("public/offline.json"))).unwrap()
}

/// The output file of a page's address.
fn page_file(root: &Path, url: &str) -> Vec<u8> {
    let path = root.join("public").join(url.trim_start_matches('/'));
    let path = if url.ends_with('/') {
        path.join("index.html")
    } else {
        path
    };
    fs::read(path).unwrap()
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

/// The hash as the README and `sw.js` define it, on the page's bytes.
fn reader_hash(page: &[u8], stamps: &[String]) -> String {
    let mut text = page.to_vec();
    if let Some(open) = find(&text, b"<style>", 0) {
        let start = open + b"<style>".len();
        if let Some(end) = find(&text, b"</style>", start) {
            let hex: String = Sha256::digest(&text[start..end])
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            text.splice(start..end, hex.into_bytes());
        }
    }
    for stamp in stamps {
        let s = stamp.as_bytes();
        if let Some(at) = (0..=text.len().saturating_sub(s.len()))
            .rev()
            .find(|&i| text[i..].starts_with(s))
        {
            text.splice(at..at + s.len(), [0]);
        }
    }
    base64::engine::general_purpose::STANDARD_NO_PAD.encode(&Sha256::digest(&text)[..16])
}

fn hashes(list: &serde_json::Value) -> Vec<(String, String)> {
    (list["pages"].as_array().unwrap().iter())
        .map(|e| {
            let hash = e[2].as_str().unwrap_or_default().to_string();
            (e[0].as_str().unwrap().to_string(), hash)
        })
        .collect()
}

#[test]
fn each_pages_hash_counts_its_critical_css_by_the_css_hash() {
    let site = example_site();
    let root = site.path();
    build_ok(root);
    let list = offline(root);
    let stamps: Vec<String> = (list["stamps"].as_array().unwrap().iter())
        .map(|s| s.as_str().unwrap().to_string())
        .collect();
    let pages = hashes(&list);
    let mut styled = 0;
    for (url, hash) in &pages {
        let page = page_file(root, url);
        styled += usize::from(find(&page, b"<style>", 0).is_some());
        assert_eq!(hash, &reader_hash(&page, &stamps), "{url}");
    }
    assert!(
        styled > pages.len() / 2,
        "{styled} of {} pages",
        pages.len()
    );
}

#[test]
fn a_change_of_the_critical_css_alone_changes_every_styled_pages_hash() {
    let site = example_site();
    let root = site.path();
    assert!(build_at(root, 1_780_000_000).status.success());
    let before = hashes(&offline(root));
    let css = root.join("themes/default/static/critical.css");
    // Before the first "@part": in every page's CSS.
    let text = read(&css);
    fs::write(&css, format!(".net43-marker{{color:#123456}}\n{text}")).unwrap();
    assert!(build_at(root, 1_780_000_000).status.success());
    let after = hashes(&offline(root));
    assert_eq!(before.len(), after.len());
    for ((url, old), (url2, new)) in before.iter().zip(&after) {
        assert_eq!(url, url2);
        let styled = find(&page_file(root, url), b"<style>", 0).is_some();
        assert_eq!(old != new, styled, "{url}");
    }
}
