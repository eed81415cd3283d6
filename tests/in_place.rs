//! An existing runbook repository builds where it stands (issue 14, part 1): `runbooks:`
//! in site.yaml names the folder of Markdown, and `pipebook init` writes that site.yaml.

mod common;

use std::fs;
use std::path::Path;

use common::*;

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// A repository as teams keep them: Markdown at the top, a script beside it.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "README.md",
        "# Ops runbooks\n\nSee [disk full](storage/disk-full.md).\n",
    );
    write(
        root,
        "storage/disk-full.md",
        "# Disk full\n\n1. Run [the script](../scripts/cleanup.sh).\n",
    );
    write(root, "scripts/cleanup.sh", "#!/bin/sh\nrm -rf /tmp/x\n");
    dir
}

#[test]
fn init_then_build_publishes_the_tree_where_it_stands() {
    let dir = repository();
    let root = dir.path();
    let r = root.to_str().unwrap();
    let o = pipebook(&["init", "--root", r]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("Wrote content/site.yaml"),
        "{}",
        stdout(&o)
    );
    let config = read(&root.join("content/site.yaml"));
    assert!(config.contains("runbooks: ."), "{config}");
    assert!(config.contains("broken_links: warning"), "{config}");
    // init writes that one file and nothing else.
    let files: Vec<_> = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .collect();
    assert_eq!(files.len(), 1);

    let o = build_ok(root);
    let err = stderr(&o);
    assert!(!err.contains("error"), "{err}");
    let public = root.join("public");
    assert!(public
        .join("runbooks/storage/disk-full/index.html")
        .is_file());
    assert!(public.join("runbooks/scripts/cleanup.sh").is_file());
    // content/ (site.yaml) is not a runbook asset.
    assert!(!public.join("runbooks/content").exists());
    let page = read(&public.join("runbooks/storage/disk-full/index.html"));
    assert!(
        page.contains("href=\"/runbooks/scripts/cleanup.sh\""),
        "{page}"
    );

    // A tree without team, pipeline or on-call data links only what it has (issue 14,
    // part 10), and Coverage speaks only of what exists.
    let home = read(&public.join("index.html"));
    let nav = &home[home.find("<nav").unwrap()..home.find("</nav>").unwrap()];
    for absent in ["On call", "Pipelines", "Team"] {
        assert!(!nav.contains(absent), "{absent} in {nav}");
    }
    assert!(
        nav.contains("Runbooks") && nav.contains("Coverage"),
        "{nav}"
    );
    assert!(
        !home.contains("Who is on call"),
        "home page speaks of on call"
    );
    let coverage = read(&public.join("coverage/index.html"));
    for absent in [
        "Every pipeline has a runbook",
        "Load per engineer",
        "Without a review date",
    ] {
        assert!(!coverage.contains(absent), "{absent} on the coverage page");
    }
    assert!(coverage.contains("No runbook has a <code>last_reviewed</code> date yet"));

    // A second build does not read the first one's output as runbooks.
    let before = snapshot(&public);
    build_ok(root);
    assert_eq!(snapshot(&public), before);
    assert!(!public.join("runbooks/public").exists());

    // init never overwrites.
    let o = pipebook(&["init", "--root", r]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
}

#[test]
fn a_runbook_folder_elsewhere_in_the_repository() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "docs/runbooks/db/failover.md",
        "# Failover\n\nSee [x](../nowhere.md).\n",
    );
    write(root, "src/main.rs", "fn main() {}\n");
    let o = pipebook(&[
        "init",
        "--root",
        root.to_str().unwrap(),
        "--runbooks",
        "docs/runbooks",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut config = read(&root.join("content/site.yaml"));
    assert!(config.contains("runbooks: \"docs/runbooks\""), "{config}");
    config.push_str(
        "repository: https://github.com/org/ops\nedit_url: https://github.com/org/ops/edit/main/{path}\n",
    );
    fs::write(root.join("content/site.yaml"), config).unwrap();
    let o = build_ok(root);
    // Messages name files by their real path.
    let err = stderr(&o);
    assert!(
        err.contains("docs/runbooks/db/failover.md:3:")
            && err.contains("points to `docs/runbooks/nowhere.md`"),
        "{err}"
    );
    let page = read(&root.join("public/runbooks/db/failover/index.html"));
    assert!(
        page.contains("https://github.com/org/ops/edit/main/docs/runbooks/db/failover.md"),
        "the edit link follows the file's real path"
    );
    assert!(!root.join("public/runbooks/main.rs").exists());

    // The runbook folder is a source: an output inside it is refused untouched.
    let o = pipebook(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        root.join("docs/runbooks/site").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(!root.join("docs/runbooks/site").exists());
}

#[test]
fn a_runbook_folder_outside_the_root_is_refused() {
    for (value, says) in [
        ("../elsewhere", "climbs out of the site's root"),
        ("/etc", "is an absolute path"),
        ("missing", "is not a folder"),
    ] {
        let dir = repository();
        let root = dir.path();
        write(
            root,
            "content/site.yaml",
            &format!("title: x\nrunbooks: \"{value}\"\n"),
        );
        let o = pipebook(&["check", "--root", root.to_str().unwrap()]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{value}: {err}");
        assert!(err.contains("content/site.yaml:2:11"), "{value}: {err}");
        assert!(err.contains(says), "{value}: {err}");
    }
    // A symbolic link that leads out of the root.
    #[cfg(unix)]
    {
        let outside = tempfile::tempdir().unwrap();
        write(outside.path(), "secret.md", "# Secret\n");
        let dir = repository();
        let root = dir.path();
        std::os::unix::fs::symlink(outside.path(), root.join("linked")).unwrap();
        write(root, "content/site.yaml", "runbooks: linked\n");
        let o = pipebook(&["build", "--root", root.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("leads outside the site's root"),
            "{}",
            stderr(&o)
        );
        assert!(!root.join("public").exists());
    }
}
