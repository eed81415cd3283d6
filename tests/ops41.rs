//! What real repositories and machines bring (session 41): a `--root` that is not there,
//! numbers written in quotes, editors' and systems' files beside the runbooks, and files
//! a clone left as Git LFS pointers.

mod common;

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
