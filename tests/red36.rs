//! A hostile pull request, session 36: what earlier reviews did not try. Each test builds a
//! small site in a temporary folder; each failed on main 5f96bfc.

mod common;

use std::path::Path;

use common::{pipebook, site_of, snapshot, stderr};

const SITE: (&str, &str) = (
    "content/site.yaml",
    "title: Ops\nbase_url: https://ops.example/\n",
);

fn build(root: &Path) -> std::process::Output {
    pipebook(&["build", "--root", root.to_str().unwrap()])
}

/// Writes a chain of `depth` folders `a/a/…` under the runbook folder, one short runbook
/// in each.
fn chain(root: &Path, depth: usize) {
    let mut dir = root.join("content/runbooks");
    for level in 1..=depth {
        dir.push("a");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("r.md"), format!("# Level {level}\n\ntext\n")).unwrap();
    }
}

/// Every page links each folder above it by its address (breadcrumbs), and each folder's
/// tree fragment lists every level above it: the site grew with the cube of the depth. On
/// main a chain of 1,000 folders of one 30-byte runbook each (30 kB) wrote 1.46 GB in
/// 17 s (500: 218 MB; 250: 42 MB). A folder deeper than 32 is one error now, at that
/// folder, and nothing under it is read.
#[test]
fn folders_nested_past_the_depth_limit_are_one_error() {
    let site = site_of(&[SITE, ("content/runbooks/top.md", "# Top\n")]);
    let root = site.path();
    chain(root, 32);
    let out = build(root);
    assert!(out.status.success(), "{}", stderr(&out));
    let deepest = root.join(format!("public/runbooks/{}r/index.html", "a/".repeat(32)));
    assert!(deepest.is_file());

    chain(root, 40);
    let before = snapshot(&root.join("public"));
    let out = build(root);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let folder = format!("content/runbooks/{}a", "a/".repeat(32));
    assert_eq!(err.matches("error: `").count(), 1, "{err}");
    assert!(
        err.contains(&format!(
            "error: `{folder}` is a folder 33 deep in the runbook folder, and pipebook takes at most 32: nothing in it is published\n  --> {folder}:1:1\n"
        )),
        "{err}"
    );
    assert_eq!(snapshot(&root.join("public")), before, "output changed");
}
