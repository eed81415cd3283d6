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
    let body = read(&root.join("content/runbooks/profit/aggregate-profit.md"));
    let dir = root.join("content/runbooks/bulk");
    std::fs::create_dir_all(&dir).unwrap();
    for i in 0..4000 {
        std::fs::write(
            dir.join(format!("copy-{i}.md")),
            body.replace("title: Aggregate profit", &format!("title: Copy {i}")),
        )
        .unwrap();
    }
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
        edit(
            root,
            "content/site.yaml",
            "title: Renamed",
            "title: Data Engineering Operations",
        );
        build_ok(root);
        edit(
            root,
            "content/site.yaml",
            "title: Data Engineering Operations",
            "title: Renamed",
        );
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
