//! A build killed with SIGKILL part way leaves the previous site intact, and the next
//! build recovers.

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

#[test]
fn sigkill_during_write_keeps_the_previous_site() {
    let site = example_site();
    let root = site.path();
    // Enough pages that writing takes a while.
    add_copies(root, 4000);
    build_ok(root);
    let public = root.join("public");
    let before = snapshot(&public);
    edit(
        root,
        "content/site.yaml",
        "title: Data Engineering Operations",
        "title: Renamed",
    );

    let staging = root.join(".public.pipebook-staging");
    let mut killed_while_writing = false;
    for _attempt in 0..5 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_pipebook"))
            .args(["build", "--root", root.to_str().unwrap()])
            .env("SOURCE_DATE_EPOCH", EPOCH)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        // Wait until the build is writing its staging folder, then kill it.
        while started.elapsed() < Duration::from_secs(60) {
            if staging.join("runbooks").is_dir() {
                break;
            }
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        let finished = child.try_wait().unwrap().is_some();
        child.kill().ok(); // SIGKILL on Unix
        child.wait().unwrap();
        if !finished {
            killed_while_writing = true;
            break;
        }
        // The build won the race; restore and try again.
        rebuild_before_rename(root);
    }
    assert!(
        killed_while_writing,
        "never caught the build while it was writing"
    );
    assert_eq!(snapshot(&public), before, "the previous site changed");

    // The next build clears the leftovers and publishes the new site.
    build_ok(root);
    assert!(!staging.exists());
    assert!(read(&public.join("index.html")).contains("Renamed"));
}

/// Every file of a site with a hash of its bytes (the whole bytes of 2,000 pages would be
/// a lot to hold twice).
fn digest(dir: &std::path::Path) -> Vec<(std::path::PathBuf, u64)> {
    use std::hash::{Hash, Hasher};
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            std::fs::read(e.path()).unwrap().hash(&mut h);
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                h.finish(),
            )
        })
        .collect();
    files.sort();
    files
}

/// The feeds of a built site, by path.
fn feeds(public: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    snapshot(public)
        .into_iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "ics"))
        .collect()
}

/// A build killed while swapping its site in (caught as soon as the previous site has
/// been moved aside, so between the two renames or while the previous site is removed):
/// the next build finds a complete site and continues its feed revisions.
#[test]
fn sigkill_during_the_swap_is_recovered_with_the_feed_revisions() {
    // In memory where there is /dev/shm: deleting thousands of files on these disks is
    // slow (see DESIGN), and the test deletes three sites.
    let shm = std::path::Path::new("/dev/shm");
    let site = if shm.is_dir() {
        tempfile::tempdir_in(shm).unwrap()
    } else {
        tempfile::tempdir().unwrap()
    };
    let root = site.path();
    copy_dir(&repo().join("content"), &root.join("content"));
    copy_dir(&repo().join("themes"), &root.join("themes"));
    // Enough pages that removing the previous site takes a while.
    add_copies(root, 2000);
    build_ok(root);
    let public = root.join("public");
    // What the next build gives over the undisturbed site: renamed events one above the
    // floor of the first build, made at the same clock.
    edit(
        root,
        "content/team.yaml",
        "name: Data Engineer 1",
        "name: Renamed",
    );
    let undisturbed = tempfile::tempdir_in(root).unwrap();
    copy_dir(&public, &undisturbed.path().join("public"));
    let o = pipebook(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        undisturbed.path().join("public").to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let expected = feeds(&undisturbed.path().join("public"));
    let risen = format!(
        "SEQUENCE:{}\r\n",
        sequence_floor(EPOCH.parse().unwrap()) + 1
    );
    assert!(
        expected
            .iter()
            .any(|(_, f)| String::from_utf8_lossy(f).contains(&risen)),
        "the rename raised some events"
    );

    let old = root.join(".public.pipebook-old");
    let mut child = Command::new(env!("CARGO_BIN_EXE_pipebook"))
        .args(["build", "--root", root.to_str().unwrap()])
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !old.exists() && child.try_wait().unwrap().is_none() {
        assert!(started.elapsed() < Duration::from_secs(120));
        std::thread::sleep(Duration::from_micros(100));
    }
    let finished = child.try_wait().unwrap().is_some();
    child.kill().ok();
    child.wait().unwrap();
    assert!(
        !finished,
        "the build finished before it was caught swapping"
    );
    assert!(old.exists(), "killed while the previous site was aside");

    // The killed build did not report success, so its site may or may not be in place;
    // the next build recovers either way and its feeds are those over a complete site.
    build_ok(root);
    assert_eq!(feeds(&public), expected);
    assert!(
        digest(&public) == digest(&undisturbed.path().join("public")),
        "the site differs from one built over the undisturbed site"
    );
    let left: Vec<_> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".pipebook-"))
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}
