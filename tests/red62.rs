//! Session 62's hostile pull request: a runbook that costs the site more than its bytes.
//! Each test builds a site in a temporary folder and reads the written files.

mod common;

use common::{build_ok, read, site_of};

/// 32-bit FNV-1a, as `src/search/typo.rs` and search.js hash a word to its head file.
fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5u32, |h, &b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// One runbook of 210,000 distinct tokens (`w0 w1 …`, 1.6 MB: a pasted log of request
/// ids reads so) is 420,000 terms, each token and its digits. On main the index wrote a
/// head file per 12 terms, 35,000 files for this page alone (89,614 for a 4 MiB one,
/// four times a generated site of 100,000 runbooks), each a file to create and, the
/// build's id in it, to upload again at every deploy. Now at most 32,768, and a word is
/// still in the head file search.js looks it up in.
#[test]
fn distinct_tokens_do_not_multiply_the_head_files() {
    let tokens = 210_000;
    let mut body = String::from("# Request log\n\n");
    for i in 0..tokens {
        body.push_str(&format!("w{i} "));
        if i % 16 == 15 {
            body.push('\n');
        }
    }
    let site = site_of(&[("content/runbooks/log.md", &body)]);
    let root = site.path();
    build_ok(root);
    let search = root.join("public/search");
    let meta: serde_json::Value = serde_json::from_str(&read(&search.join("meta.json"))).unwrap();
    let heads = meta["heads"].as_u64().expect("heads in meta.json") as usize;
    let files = std::fs::read_dir(search.join("h")).unwrap().count();
    assert_eq!(files, heads, "h/ holds meta.json's count");
    assert!(heads <= 32_768, "{heads} head files");
    for word in ["w0", "w123457", "209999", "request"] {
        let file = search.join(format!(
            "h/{}.json",
            fnv1a(word.as_bytes()) as usize % heads
        ));
        let head: serde_json::Value = serde_json::from_str(&read(&file)).unwrap();
        let held = head["t"].as_array().unwrap().iter().any(|t| t[0] == word);
        assert!(held, "{word} is not in {}", file.display());
    }
}
