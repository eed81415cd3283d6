//! Honest mistakes and the machine's failures (session 40): a build stopped by Ctrl-C or
//! SIGTERM while writing leaves nothing beside the output and the previous site whole.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// The example site with 3,000 copies of a runbook, built once: writing it takes a while.
fn big_site() -> tempfile::TempDir {
    let site = example_site();
    let root = site.path();
    add_copies(root, 3000);
    build_ok(root);
    site
}

/// What lies beside `public` in the root, but the sources.
fn beside_output(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !["content", "themes", "public"].contains(&n.as_str()))
        .collect();
    names.sort();
    names
}

/// Starts a build, sends `signal` once it is writing its staging folder; its exit code,
/// or `None` when the build finished first.
fn interrupt_while_writing(root: &Path, signal: &str) -> Option<Option<i32>> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pipebook"))
        .args(["build", "--root", root.to_str().unwrap()])
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let staging = root.join(".public.pipebook-staging/runbooks/bulk");
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(60) && !staging.is_dir() {
        if child.try_wait().unwrap().is_some() {
            return None;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    let sent = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    Some(child.wait().unwrap().code())
}

#[test]
fn a_build_stopped_by_a_signal_leaves_no_temporaries_and_the_previous_site() {
    let site = big_site();
    let root = site.path();
    let public = root.join("public");
    let before = snapshot(&public);
    edit(
        root,
        "content/site.yaml",
        "title: Data Engineering Operations",
        "title: Renamed",
    );
    for signal in ["-INT", "-TERM"] {
        let mut caught = None;
        for _attempt in 0..5 {
            if let Some(code) = interrupt_while_writing(root, signal) {
                caught = Some(code);
                break;
            }
            // The build won the race: put the previous site back and try again.
            rebuild_before_rename(root);
        }
        let code = caught.expect("never caught the build while it was writing");
        assert_eq!(code, Some(130), "{signal}: exit status");
        assert_eq!(
            beside_output(root),
            Vec::<String>::new(),
            "{signal}: left beside the output"
        );
        assert!(
            snapshot(&public) == before,
            "{signal}: the previous site changed"
        );
    }
    build_ok(root);
    assert!(read(&public.join("index.html")).contains("Renamed"));
}

/// `pipebook check` of the example site with `from` replaced by `to` in `file`: its exit
/// code and messages.
fn check_with(file: &str, from: &str, to: &str) -> (Option<i32>, String) {
    let site = example_site();
    let root = site.path();
    edit(root, file, from, to);
    let o = pipebook(&["check", "--root", root.to_str().unwrap()]);
    (o.status.code(), stderr(&o))
}

#[test]
fn yaml_slips_are_told_what_to_do() {
    let team = "content/team.yaml";
    let de1 = "    name: Data Engineer 1";
    for (to, line, hint) in [
        (
            "    githb: example-de1",
            "team.yaml:9:5",
            "hint: did you mean `github`?",
        ),
        (
            "\tname: Data Engineer 1",
            "team.yaml:7:1",
            "hint: indent with spaces: YAML does not take tabs for indentation",
        ),
        (
            "    name: Data: Engineer 1",
            "team.yaml:7:15",
            "hint: a value holding `: ` must be quoted",
        ),
        (
            "    name:Data Engineer 1",
            "team.yaml:8:5",
            "hint: every key needs `: ` after it, with a space",
        ),
    ] {
        let from = if to.contains("githb") {
            "    github: example-de1"
        } else {
            de1
        };
        let (code, err) = check_with(team, from, to);
        assert_eq!(code, Some(1), "{to:?}: {err}");
        assert!(err.contains(line), "{to:?}: {err}");
        assert!(err.contains(hint), "{to:?}: {err}");
    }
    // A key of oncall.yaml's top level, through the same words.
    let (code, err) = check_with("content/oncall.yaml", "\nholidays:", "\nholiday:");
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("did you mean `holidays`?"), "{err}");
}

#[test]
fn a_misspelt_front_matter_key_is_warned_of_at_its_line() {
    let (code, err) = check_with(
        "content/runbooks/profit/aggregate-profit.md",
        "pipelines: [aggregate-profit",
        "pipline: [aggregate-profit",
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("front matter key `pipline` is not one pipebook reads"),
        "{err}"
    );
    assert!(err.contains("aggregate-profit.md:3:1"), "{err}");
    assert!(err.contains("did you mean `pipelines`?"), "{err}");
}

/// The body of `GET path` from the server at `addr` (HTTP/1.0: it closes after).
fn body_of(addr: &str, path: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    String::from_utf8_lossy(&raw).into_owned()
}

/// Polls the home page until `done` holds of it, or fails after 30 s.
fn poll_home(addr: &str, what: &str, done: impl Fn(&str) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let body = body_of(addr, "/");
        if done(&body) {
            return;
        }
        assert!(Instant::now() < deadline, "{what}: never served");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn serve_shows_content_gone_and_follows_it_when_it_comes_back() {
    use std::io::BufRead;
    let site = example_site();
    let root = site.path();
    let tmp = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_pipebook"))
        .args(["serve", "--root", root.to_str().unwrap(), "--port", "0"])
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env("TMPDIR", tmp.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Read on until it exits: a closed pipe would stop it at its next line.
    let (tx, rx) = std::sync::mpsc::channel();
    let stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    std::thread::spawn(move || {
        for line in stdout.lines().map_while(Result::ok) {
            if let Some(rest) = line.strip_prefix("Serving http://") {
                let _ = tx.send(rest.split('/').next().unwrap_or("").to_string());
            }
        }
    });
    let addr = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("serve said where it serves");
    let away = tmp.path().join("content-away");
    let run = std::panic::catch_unwind(|| {
        poll_home(&addr, "the site", |b| {
            b.contains("Data Engineering Operations")
        });
        // content/ deleted (here, moved away): the preview says so over the last site.
        std::fs::rename(root.join("content"), &away).unwrap();
        poll_home(&addr, "the error", |b| b.contains("no content folder"));
        // Back, and edited: served again, and every later save followed.
        std::fs::rename(&away, root.join("content")).unwrap();
        poll_home(&addr, "the site back", |b| !b.contains("no content folder"));
        std::thread::sleep(Duration::from_millis(500));
        edit(
            root,
            "content/site.yaml",
            "title: Data Engineering Operations",
            "title: Renamed Back",
        );
        poll_home(&addr, "the edit after", |b| b.contains("Renamed Back"));
    });
    child.kill().ok();
    child.wait().unwrap();
    if let Err(e) = run {
        std::panic::resume_unwind(e);
    }
}

#[test]
fn front_matter_below_a_blank_line_is_warned_of() {
    let site = example_site();
    let root = site.path();
    let file = root.join("content/runbooks/profit/aggregate-profit.md");
    std::fs::write(&file, format!("\n{}", read(&file))).unwrap();
    let o = pipebook(&["check", "--root", root.to_str().unwrap()]);
    let err = stderr(&o);
    assert!(
        err.contains("front matter after a blank line is not read"),
        "{err}"
    );
    assert!(err.contains("aggregate-profit.md:2:1"), "{err}");
}

#[test]
fn a_root_that_is_a_file_is_said_to_be_one() {
    let site = example_site();
    let file = site.path().join("content/team.yaml");
    let o = pipebook(&["build", "--root", file.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("--root `"), "{err}");
    assert!(err.contains("team.yaml` is a file, not a folder"), "{err}");
    assert!(
        err.contains("hint: pass the folder that holds `content/`"),
        "{err}"
    );
}
