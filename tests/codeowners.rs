//! `pipebook codeowners` writes CODEOWNERS from the ownership data; `check` fails when a
//! committed one is out of date.

mod common;

use common::*;

#[test]
fn codeowners_follow_ownership() {
    let site = example_site();
    let root = site.path();
    let r = root.to_str().unwrap();
    let o = pipebook(&["codeowners", "--root", r]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).trim(), "Wrote .github/CODEOWNERS");
    let text = read(&root.join(".github/CODEOWNERS"));
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .collect();
    assert_eq!(
        lines,
        [
            "/content/ @example-de1 @example-de2 @example-de3 @example-de4",
            "/themes/ @example-de1 @example-de2 @example-de3 @example-de4",
            "/content/runbooks/engagement/aggregate-engagement.md @example-de1 @example-de4",
            "/content/runbooks/growth/aggregate-growth.md @example-de3 @example-de1",
            "/content/runbooks/profit/aggregate-profit.md @example-de2 @example-de4",
        ]
    );
    let o = pipebook(&["check", "--root", r]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    // Ownership changes and CODEOWNERS does not: check fails and says what to do.
    edit(
        root,
        "content/pipelines.yaml",
        "    primary: de2\n    secondary: de4\n",
        "    primary: de2\n    secondary: de3\n",
    );
    let o = pipebook(&["check", "--root", r]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains(".github/CODEOWNERS is out of date"), "{err}");
    assert!(
        err.contains(".github/CODEOWNERS:8:1"),
        "points at the first stale line: {err}"
    );
    assert!(
        err.contains("run `pipebook codeowners` and commit the result"),
        "{err}"
    );
    assert!(pipebook(&["codeowners", "--root", r]).status.success());
    assert!(read(&root.join(".github/CODEOWNERS"))
        .contains("/content/runbooks/profit/aggregate-profit.md @example-de2 @example-de3"));
    assert_eq!(pipebook(&["check", "--root", r]).status.code(), Some(0));
}

#[test]
fn an_existing_codeowners_location_is_kept() {
    let site = example_site();
    let root = site.path();
    std::fs::write(root.join("CODEOWNERS"), "* @someone\n").unwrap();
    let o = pipebook(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "a hand-written CODEOWNERS differs: {}",
        stderr(&o)
    );
    let o = pipebook(&["codeowners", "--root", root.to_str().unwrap()]);
    assert_eq!(stdout(&o).trim(), "Wrote CODEOWNERS");
    assert!(!root.join(".github/CODEOWNERS").exists());
}
