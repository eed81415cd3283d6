//! `--output` never destroys what pipebook did not write; builds into one output run one at
//! a time; a build killed at any point is recovered by the next, feed revisions included.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::*;

const MARKER: &str = ".pipebook-output";

/// Runs `pipebook ARGS` in `dir` with the fixed clock.
fn pipebook_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pipebook"))
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .output()
        .expect("run pipebook")
}

/// Every entry under `dir` (folders, files with their bytes, links with their targets),
/// for showing that nothing at all was touched.
fn tree(dir: &Path) -> Vec<(PathBuf, String, Vec<u8>)> {
    let mut entries: Vec<_> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
            let t = e.file_type();
            if t.is_symlink() {
                let target = fs::read_link(e.path()).unwrap();
                (
                    rel,
                    "link".into(),
                    target.to_string_lossy().as_bytes().to_vec(),
                )
            } else if t.is_dir() {
                (rel, "dir".into(), Vec::new())
            } else {
                (rel, "file".into(), fs::read(e.path()).unwrap())
            }
        })
        .collect();
    entries.sort();
    entries
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn outputs_that_would_destroy_sources_or_foreign_files_are_refused_untouched() {
    let site = example_site();
    let root = site.path();
    fs::write(root.join("notes.txt"), "my notes").unwrap();
    fs::create_dir_all(root.join("docs")).unwrap();
    fs::write(root.join("docs/plan.md"), "my plan").unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("content", root.join("public-link")).unwrap();
        std::os::unix::fs::symlink(root.join("themes"), root.join("abs-link")).unwrap();
    }
    let absolute = root.to_str().unwrap().to_string();
    let parent = root.parent().unwrap().to_str().unwrap().to_string();
    let mut refused: Vec<(&str, &str)> = vec![
        (".", "root folder"),
        ("./", "root folder"),
        (&absolute, "root folder"),
        ("content/..", "root folder"),
        ("..", "holds the site's root"),
        (&parent, "holds the site's root"),
        ("/", "holds the site's root"),
        ("content", "is the site's content/"),
        ("./content/../content/", "is the site's content/"),
        ("content/runbooks", "inside the site's content/"),
        ("content/runbooks/out", "inside the site's content/"),
        ("content/new/deeper", "inside the site's content/"),
        ("themes", "is the site's themes/"),
        ("themes/default/x", "inside the site's themes/"),
        ("notes.txt", "is a file"),
        ("notes.txt/out", "which is a file"),
        ("docs", "did not write"),
    ];
    #[cfg(unix)]
    refused.extend([
        ("public-link", "is the site's content/"),
        ("public-link/out", "inside the site's content/"),
        ("abs-link/x", "inside the site's themes/"),
    ]);
    let before = tree(root);
    for (output, why) in &refused {
        let o = pipebook_in(root, &["build", "--root", ".", "--output", output]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "--output {output}: {err}");
        assert!(err.contains(why), "--output {output}: {err}");
        assert!(err.contains("hint: "), "--output {output}: {err}");
        assert!(
            err.contains("nothing was written"),
            "--output {output}: {err}"
        );
        assert_eq!(tree(root), before, "--output {output} touched the site");
    }
    // --force gives up a foreign folder only, and says so nowhere else.
    for output in ["content", ".", "..", "notes.txt", "themes/default/x"] {
        let o = pipebook_in(
            root,
            &["build", "--root", ".", "--output", output, "--force"],
        );
        assert_eq!(o.status.code(), Some(2), "--force --output {output}");
        assert_eq!(
            tree(root),
            before,
            "--force --output {output} touched the site"
        );
    }
    // The root given from elsewhere, the output spelled through it.
    let o = pipebook_in(
        root.parent().unwrap(),
        &[
            "build",
            "--root",
            root.to_str().unwrap(),
            "--output",
            &format!("{}/content/../themes", root.display()),
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(tree(root), before);

    // `schema --output` gets the placement checks; `check` is unaffected.
    for output in ["content", ".", "themes/default", "notes.txt"] {
        let o = pipebook_in(root, &["schema", "--root", ".", "--output", output]);
        assert_eq!(o.status.code(), Some(2), "schema --output {output}");
        assert_eq!(tree(root), before, "schema --output {output}");
    }
    let o = pipebook_in(root, &["check", "--root", "."]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(tree(root), before);

    let o = pipebook_in(
        root,
        &["build", "--root", ".", "--output", "docs", "--force"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!root.join("docs/plan.md").exists(), "--force replaced it");
    assert!(root.join("docs").join(MARKER).is_file());
    // From now on the folder is pipebook's own.
    let o = pipebook_in(root, &["build", "--root", ".", "--output", "docs"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn its_own_outputs_are_rebuilt_and_marked_harmlessly() {
    let site = example_site();
    let root = site.path();
    let public = root.join("public");
    build_ok(root);
    let marker = read(&public.join(MARKER));
    assert!(
        marker.starts_with("This folder was written by pipebook"),
        "{marker}"
    );
    assert!(
        !marker.contains('<') && marker.len() < 200,
        "plain text, nothing to run or follow"
    );
    assert!(!read(&public.join("sitemap.xml")).contains(MARKER));
    // Built again over itself, and through another spelling of the same folder.
    build_ok(root);
    let o = pipebook_in(
        root,
        &["build", "--root", ".", "--output", "content/../public/"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    // A site written by pipebook before the marker (Netlify's cached public/).
    fs::remove_file(public.join(MARKER)).unwrap();
    build_ok(root);
    assert!(public.join(MARKER).is_file());
    // An empty folder and a new one are fine.
    let empty = tempfile::tempdir().unwrap();
    let o = pipebook_in(
        root,
        &[
            "build",
            "--root",
            ".",
            "--output",
            empty.path().to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        names(root),
        ["content", "public", "themes"],
        "no lock or staging folder left beside the output"
    );
    // A link to an output: the site goes where it leads, and the link stays.
    #[cfg(unix)]
    {
        let elsewhere = tempfile::tempdir().unwrap();
        let target = elsewhere.path().join("site");
        std::os::unix::fs::symlink(&target, root.join("linked")).unwrap();
        let o = pipebook_in(root, &["build", "--root", ".", "--output", "linked"]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(fs::symlink_metadata(root.join("linked"))
            .unwrap()
            .is_symlink());
        assert!(target.join("index.html").is_file());
        assert_eq!(names(elsewhere.path()), ["site"]);
    }
}

/// The example site with a line of its own in a runbook (not in the feeds, so that either
/// site built over the other is byte-identical to it built alone).
fn variant(label: &str) -> tempfile::TempDir {
    let site = example_site();
    let path = site
        .path()
        .join("content/runbooks/profit/aggregate-profit.md");
    let text = read(&path);
    fs::write(&path, format!("{text}\nBuilt as site {label}.\n")).unwrap();
    site
}

fn spawn_build(root: &Path, output: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_pipebook"))
        .args(["build", "--root", root.to_str().unwrap(), "--output"])
        .arg(output)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn concurrent_builds_into_one_output_run_one_after_the_other() {
    let sites = [variant("A"), variant("B")];
    // Each site built alone, for reference.
    let reference: Vec<_> = sites
        .iter()
        .map(|s| {
            let out = tempfile::tempdir().unwrap();
            let o = spawn_build(s.path(), &out.path().join("public"))
                .wait_with_output()
                .unwrap();
            assert!(o.status.success(), "{}", stderr(&o));
            snapshot(&out.path().join("public"))
        })
        .collect();
    assert_ne!(reference[0], reference[1]);

    let shared = tempfile::tempdir().unwrap();
    let output = shared.path().join("public");
    let mut overlapped = 0;
    for trial in 0..20 {
        let order = if trial % 2 == 0 { [0, 1] } else { [1, 0] };
        let mut children: Vec<(usize, Child)> = order
            .iter()
            .map(|&i| (i, spawn_build(sites[i].path(), &output)))
            .collect();
        // Which build finished last, as seen by polling both.
        let mut finished: Vec<usize> = Vec::new();
        let started = Instant::now();
        while finished.len() < 2 {
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "trial {trial} hangs"
            );
            for (i, child) in &mut children {
                if !finished.contains(i) && child.try_wait().unwrap().is_some() {
                    finished.push(*i);
                }
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        let mut waited = Vec::new();
        for (i, child) in children {
            let o = child.wait_with_output().unwrap();
            let err = stderr(&o);
            assert!(o.status.success(), "trial {trial}, site {i}: {err}");
            if err.contains("waiting for another build") {
                waited.push(i);
            }
        }
        let result = snapshot(&output);
        let in_place = reference
            .iter()
            .position(|r| *r == result)
            .unwrap_or_else(|| panic!("trial {trial}: a mix of both sites, or an incomplete one"));
        assert!(waited.len() <= 1, "trial {trial}: both waited");
        // The build that waited ran second; otherwise they did not overlap and the later
        // one is in place. Either way, the site in place is that of the last to exit 0.
        let last = waited.first().copied().unwrap_or(finished[1]);
        assert_eq!(in_place, last, "trial {trial}: finished {finished:?}");
        assert_eq!(
            finished[1], last,
            "trial {trial}: the waiting build finished first"
        );
        overlapped += waited.len();
        assert_eq!(names(shared.path()), ["public"], "trial {trial}: leftovers");
    }
    assert!(overlapped > 0, "no trial had the two builds overlap");
}

/// A feed's SEQUENCE values, in order.
fn sequences(feed: &str) -> Vec<u32> {
    feed.lines()
        .filter_map(|l| l.strip_prefix("SEQUENCE:"))
        .map(|s| s.trim().parse().unwrap())
        .collect()
}

/// Copies the folder `from` to `to` (which must not exist), `keep` deciding on each file.
fn copy_some(from: &Path, to: &Path, keep: impl Fn(usize) -> bool) {
    let mut n = 0;
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.unwrap();
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            if keep(n) || entry.file_name() == MARKER {
                fs::copy(entry.path(), &dest).unwrap();
            }
            n += 1;
        }
    }
}

/// Each point a build can die at leaves the folders beside the output in one state; the
/// next build recovers from each, reading the feeds of the last complete site, so its
/// output is byte-identical to a build over an undisturbed previous site.
#[test]
fn every_crash_point_is_recovered_with_the_feed_revisions() {
    let site = example_site();
    let root = site.path();
    let public = root.join("public");
    let old = root.join(".public.pipebook-old");
    let staging = root.join(".public.pipebook-staging");
    let lock = root.join(".public.pipebook-lock");
    let saved = tempfile::tempdir().unwrap();
    let keep = |name: &str| saved.path().join(name);

    // v1, then v2 with renamed engineer, at one clock: the events that name them are one
    // above its floor.
    let floor = u32::try_from(sequence_floor(EPOCH.parse().unwrap())).unwrap();
    build_ok(root);
    edit(
        root,
        "content/team.yaml",
        "name: Data Engineer 1",
        "name: Renamed Once",
    );
    build_ok(root);
    let v2 = read(&public.join("oncall.ics"));
    assert!(
        sequences(&v2).contains(&(floor + 1)),
        "v2 raised some events"
    );
    copy_dir(&public, &keep("v2"));
    // v3 renames again: over v2 those events reach two above the floor; over no site, it.
    edit(
        root,
        "content/team.yaml",
        "name: Renamed Once",
        "name: Renamed Twice",
    );
    build_ok(root);
    let expected = snapshot(&public);
    let v3 = read(&public.join("oncall.ics"));
    assert!(
        sequences(&v3).contains(&(floor + 2)),
        "v3 continues v2's revisions"
    );
    copy_dir(&public, &keep("v3"));

    let reset = || {
        for dir in [&public, &old, &staging] {
            if dir.exists() {
                fs::remove_dir_all(dir).unwrap();
            }
        }
        let _ = fs::remove_file(&lock);
    };
    type Arrange<'a> = Box<dyn Fn() + 'a>;
    let crash_points: Vec<(&str, Arrange)> = vec![
        (
            "right after making the staging folder",
            Box::new(|| {
                copy_dir(&keep("v2"), &public);
                fs::create_dir_all(&staging).unwrap();
            }),
        ),
        (
            "while writing the staging folder",
            Box::new(|| {
                copy_dir(&keep("v2"), &public);
                copy_some(&keep("v3"), &staging, |n| n % 3 == 0);
            }),
        ),
        (
            "between moving the old site aside and the new one in",
            Box::new(|| {
                copy_dir(&keep("v2"), &old);
                copy_dir(&keep("v3"), &staging);
            }),
        ),
        (
            "between the renames, leaving its lock file",
            Box::new(|| {
                copy_dir(&keep("v2"), &old);
                copy_dir(&keep("v3"), &staging);
                fs::write(&lock, "").unwrap();
            }),
        ),
        (
            "while removing the old site",
            Box::new(|| {
                copy_dir(&keep("v3"), &public);
                copy_some(&keep("v2"), &old, |n| n % 2 == 0);
            }),
        ),
        (
            "at the end of removing the old site",
            Box::new(|| {
                copy_dir(&keep("v3"), &public);
                fs::create_dir_all(&old).unwrap();
            }),
        ),
        (
            "while removing the staging folder of a failed build",
            Box::new(|| {
                copy_dir(&keep("v2"), &public);
                copy_some(&keep("v3"), &staging, |n| n % 5 == 0);
            }),
        ),
    ];
    for (point, arrange) in &crash_points {
        reset();
        arrange();
        let o = pipebook(&["build", "--root", root.to_str().unwrap()]);
        assert!(o.status.success(), "killed {point}: {}", stderr(&o));
        assert!(
            snapshot(&public) == expected,
            "killed {point}: the next build differs from one over the undisturbed site (feeds: {:?})",
            sequences(&read(&public.join("oncall.ics")))
        );
        assert_eq!(
            names(root),
            ["content", "public", "themes"],
            "killed {point}"
        );
    }
}

#[test]
fn leftover_names_holding_foreign_files_stop_the_build_untouched() {
    let site = example_site();
    let root = site.path();
    build_ok(root);
    let public = root.join("public");
    let before = snapshot(&public);
    for what in ["old", "staging"] {
        let leftover = root.join(format!(".public.pipebook-{what}"));
        fs::create_dir_all(&leftover).unwrap();
        fs::write(leftover.join("mine.md"), "not pipebook's").unwrap();
        let o = pipebook(&["build", "--root", root.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("not written by pipebook"),
            "{}",
            stderr(&o)
        );
        assert_eq!(read(&leftover.join("mine.md")), "not pipebook's");
        assert_eq!(snapshot(&public), before);
        fs::remove_dir_all(&leftover).unwrap();
    }
    // With no output, a foreign `old` is not taken for the previous site.
    fs::remove_dir_all(&public).unwrap();
    let leftover = root.join(".public.pipebook-old");
    fs::create_dir_all(&leftover).unwrap();
    fs::write(leftover.join("mine.md"), "not pipebook's").unwrap();
    let o = pipebook(&["build", "--root", root.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!public.exists());
    assert_eq!(read(&leftover.join("mine.md")), "not pipebook's");
}

#[test]
fn a_build_that_fails_leaves_no_folder_or_lock_behind() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-site");
    let o = pipebook(&["build", "--root", missing.to_str().unwrap()]);
    // A usage error since session 41 (it was a site without `content/`, exit 1).
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(!missing.exists(), "the root was not made for the lock");

    let site = example_site();
    let root = site.path();
    edit(
        root,
        "content/pipelines.yaml",
        "primary: de2",
        "primary: de9",
    );
    let output = dir.path().join("new/deeper/public");
    let o = pipebook(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        output.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(names(dir.path()), Vec::<String>::new(), "nothing was made");
}
