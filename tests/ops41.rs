//! What real repositories and machines bring (session 41): a `--root` that is not there,
//! numbers written in quotes, editors' and systems' files beside the runbooks, and files
//! a clone left as Git LFS pointers.

mod common;

use std::fs;

use common::*;

/// Every command with a `--root`, with what else it needs to run.
const COMMANDS: [&[&str]; 8] = [
    &["build"],
    &["check"],
    &["serve", "--port", "0"],
    &["init"],
    &["schema"],
    &["codeowners"],
    &["alerts"],
    &["new", "runbook", "x"],
];

#[test]
fn a_missing_root_is_a_usage_error_of_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing");
    let shown = missing.to_str().unwrap();
    for command in COMMANDS {
        let o = pipebook(&[command, &["--root", shown]].concat());
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{command:?}: {err}");
        assert!(
            err.contains(&format!("--root `{shown}` does not exist")),
            "{command:?}: {err}"
        );
        assert!(
            err.contains("hint: pass the folder that holds `content/`"),
            "{err}"
        );
        // `schema` created the root to write ROOT/schemas into it.
        assert!(!missing.exists(), "{command:?} created the root");
    }
}

#[test]
fn a_root_that_is_a_file_is_a_usage_error_of_every_command() {
    let site = example_site();
    let file = site.path().join("content/team.yaml");
    let shown = file.to_str().unwrap();
    let before = read(&file);
    for command in COMMANDS {
        let o = pipebook(&[command, &["--root", shown]].concat());
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{command:?}: {err}");
        assert!(err.contains("team.yaml` is a file, not a folder"), "{err}");
    }
    assert_eq!(read(&file), before);
}

#[test]
fn a_shift_in_quotes_is_the_number_of_days() {
    let built = |shift: &str| {
        let site = example_site();
        let root = site.path();
        edit(root, "content/oncall.yaml", "  shift: weekly", shift);
        let o = build_ok(root);
        assert!(!stderr(&o).contains("shift"), "{shift}: {}", stderr(&o));
        read(&root.join("public/oncall.ics"))
    };
    let quoted = built("  shift: \"12\"");
    assert_eq!(quoted, built("  shift: 12"));
    assert_ne!(quoted, built("  shift: weekly"));
}

#[test]
fn numbers_of_days_and_weeks_in_quotes_are_told_to_lose_them() {
    let cases = [
        (
            "content/site.yaml",
            "theme: default",
            "theme: default\nreview_interval_days: \"30\"",
            "30",
            "content/site.yaml:12 ",
        ),
        (
            "content/runbooks/profit/aggregate-profit.md",
            "title: Aggregate profit",
            "title: Aggregate profit\nreview_interval_days: \"30\"",
            "30",
            "content/runbooks/profit/aggregate-profit.md:3 ",
        ),
        (
            "content/oncall.yaml",
            "  shift: weekly",
            "  shift: weekly\nhorizon: { past_weeks: \"4\" }",
            "4",
            "content/oncall.yaml:13 ",
        ),
        (
            "content/oncall.yaml",
            "  shift: weekly",
            "  shift: weekly\nreminder_hours: \" 6\"",
            "6",
            "content/oncall.yaml:13 ",
        ),
    ];
    for (file, from, to, number, at) in cases {
        let site = example_site();
        edit(site.path(), file, from, to);
        let o = pipebook(&["check", "--root", site.path().to_str().unwrap()]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{to}: {err}");
        assert!(
            err.contains(&format!(
                "is text, not a number: write `{number}` without the quotes"
            )),
            "{to}: {err}"
        );
        assert!(!err.contains("invalid type"), "{err}");
        assert!(
            err.contains("hint: in YAML a number in quotes is text: remove the quotes"),
            "{err}"
        );
        assert!(
            problems(&err).iter().any(|p| p.starts_with(at)),
            "{at}: {err}"
        );
    }
    // Words that are no number say what to write.
    let site = example_site();
    edit(
        site.path(),
        "content/oncall.yaml",
        "  shift: weekly",
        "  shift: weekly\nhorizon: { future_weeks: a year }",
    );
    let err = stderr(&pipebook(&[
        "check",
        "--root",
        site.path().to_str().unwrap(),
    ]));
    assert!(
        err.contains(
            "`a year` is text, not a number of weeks: write a whole number of weeks from 0 to 520"
        ),
        "{err}"
    );
}

/// Files editors and systems leave, as `(path under the runbook folder, bytes)`.
const JUNK: [(&str, &[u8]); 13] = [
    (
        "profit/aggregate-profit.md~",
        b"---\ntitle: Old copy\n---\nAn older version\n",
    ),
    (
        "profit/#aggregate-profit.md#",
        b"---\ntitle: Autosave\n---\nunsaved\n",
    ),
    ("profit/.aggregate-profit.md.swp", b"b0VIM 9.0\x00\x00"),
    ("profit/.aggregate-profit.md.swo", b"b0VIM 9.0\x00\x00"),
    ("profit/4913", b""),
    (
        "profit/._aggregate-profit.md",
        b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X",
    ),
    (".DS_Store", b"\x00\x00\x00\x01Bud1\x00"),
    ("Thumbs.db", b"\xd0\xcf\x11\xe0"),
    ("desktop.ini", b"[.ShellClassInfo]\r\n"),
    ("growth/Desktop.ini", b"[.ShellClassInfo]\r\n"),
    ("__MACOSX/profit/._aggregate-profit.md", b"\x00\x05\x16\x07"),
    (
        ".history/profit/aggregate-profit_20261201.md",
        b"---\ntitle: History\n---\n",
    ),
    (".idea/workspace.xml", b"<project/>"),
];

#[test]
fn editors_and_systems_files_are_not_published() {
    let site = example_site();
    let root = site.path();
    let runbooks = root.join("content/runbooks");
    for (rel, bytes) in JUNK {
        let path = runbooks.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
    // emacs's lock: a link to nowhere, there while a file has unsaved changes.
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        "root@host.1234:1700000000",
        runbooks.join("profit/.#aggregate-profit.md"),
    )
    .unwrap();
    let static_dir = root.join("themes/default/static");
    fs::write(static_dir.join(".DS_Store"), b"\x00\x00\x00\x01Bud1").unwrap();
    fs::write(static_dir.join("favicon.svg~"), b"<svg/>").unwrap();
    let o = build_ok(root);
    assert_eq!(stderr(&o), "", "no word of them");
    let public = root.join("public");
    let published: Vec<String> = walkdir::WalkDir::new(&public)
        .into_iter()
        .map(|e| {
            e.unwrap()
                .path()
                .strip_prefix(&public)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    for name in [
        "~",
        "#",
        ".sw",
        "4913",
        "._",
        "DS_Store",
        "Thumbs",
        "esktop.ini",
        "MACOSX",
        "history",
        ".idea",
    ] {
        assert!(
            !published.iter().any(|p| p.contains(name)),
            "{name}: {:?}",
            published
                .iter()
                .filter(|p| p.contains(name))
                .collect::<Vec<_>>()
        );
    }
    assert!(public
        .join("runbooks/profit/aggregate-profit/index.html")
        .is_file());
    assert!(public.join("static/favicon.svg").is_file());
    let page = read(&public.join("runbooks/profit/index.html"));
    assert!(
        !page.contains("Old copy") && !page.contains("Autosave"),
        "{page}"
    );
}

#[test]
fn a_file_with_the_name_of_none_is_published() {
    // The rule is by name, and narrow: look-alikes stay the author's.
    let site = example_site();
    let root = site.path();
    let profit = root.join("content/runbooks/profit");
    for name in ["4913.txt", "notes#1.txt", "swap.txt"] {
        fs::write(profit.join(name), "kept\n").unwrap();
    }
    build_ok(root);
    for name in ["4913.txt", "notes#1.txt", "swap.txt"] {
        assert!(
            root.join("public/runbooks/profit").join(name).is_file(),
            "{name}"
        );
    }
}

/// What `git clone` leaves of a file stored with Git LFS when LFS is not installed.
const POINTER: &str = "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n";

#[test]
fn git_lfs_pointers_fail_the_build_and_say_to_pull() {
    let site = example_site();
    let root = site.path();
    build_ok(root);
    let before = snapshot(&root.join("public"));
    let profit = root.join("content/runbooks/profit");
    fs::write(profit.join("restore.md"), POINTER).unwrap();
    fs::write(profit.join("diagram.png"), POINTER).unwrap();
    fs::write(root.join("themes/default/static/logo.png"), POINTER).unwrap();
    let o = pipebook(&["build", "--root", root.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    for file in [
        "content/runbooks/profit/restore.md",
        "content/runbooks/profit/diagram.png",
        "themes/default/static/logo.png",
    ] {
        assert!(
            err.contains(&format!("`{file}` is a Git LFS pointer, not the file")),
            "{file}: {err}"
        );
    }
    assert_eq!(
        err.matches("hint: run `git lfs pull` and build again")
            .count(),
        3,
        "{err}"
    );
    assert!(
        snapshot(&root.join("public")) == before,
        "the previous site changed"
    );
}

#[cfg(unix)]
#[test]
fn a_link_to_a_folder_outside_says_to_copy_the_folder() {
    let site = example_site();
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("shared.md"), "# Shared\n").unwrap();
    let link = site.path().join("content/runbooks/shared");
    std::os::unix::fs::symlink(outside.path(), &link).unwrap();
    let o = pipebook(&["check", "--root", site.path().to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("`content/runbooks/shared` is a symbolic link to a place outside the site"),
        "{err}"
    );
    assert!(
        err.contains("hint: copy the folder into the repository instead of linking to it"),
        "{err}"
    );
}
