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

/// An alias at a copied file's address in another case (`/runbooks/profit/FIX.txt`
/// beside `profit/fix.txt`), or with its accented letter encoded otherwise (NFD beside
/// NFC). On main it built: the output held the file `fix.txt` and the folder `FIX.txt/`
/// with the redirect's page, one path on macOS and Windows (a reviewer's preview, a
/// build there, writes one over the other or fails), and `_redirects` sent it to the
/// pull request's page. The check of pages and files that differ only in case looked
/// the alias up with its `/`, which no copied file's path ends with. Now an error at the
/// alias naming the file.
#[test]
fn an_alias_at_a_copied_files_address_in_another_case_is_refused() {
    let cases = [
        ("fix.txt", "FIX.txt", "case"),
        (
            "caf\u{e9}.txt",
            "cafe\u{301}.txt",
            "how an accented letter is encoded",
        ),
    ];
    for (file, alias, how) in cases {
        let site = common::example_site();
        let root = site.path();
        std::fs::write(root.join("content/runbooks/profit").join(file), "echo hi\n").unwrap();
        std::fs::write(
            root.join("content/runbooks/evil.md"),
            format!(
                "---\ntitle: Evil\naliases: [\"/runbooks/profit/{alias}\"]\n---\n\n# Evil\n\nx\n"
            ),
        )
        .unwrap();
        let out = common::pipebook(&["build", "--root", root.to_str().unwrap()]);
        let err = common::stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{alias}: {err}");
        let wanted = format!("differs only in {how}");
        let problem = common::problems(&err)
            .into_iter()
            .find(|p| p.contains(&wanted) && p.contains("the copied file /runbooks/profit/"))
            .unwrap_or_else(|| panic!("{alias}: no such error in {err}"));
        assert!(problem.contains("content/runbooks/evil.md:3"), "{problem}");
        assert!(!root.join("public").exists(), "nothing is written");
    }
}
