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
            // The growth and profit runbooks answer the experiment pipelines' alerts too,
            // so those owners review them; pipelines in the order of pipelines.yaml.
            "/content/runbooks/growth/aggregate-growth.md @example-de3 @example-de1 @example-de4 @example-de2",
            "/content/runbooks/profit/aggregate-profit.md @example-de1 @example-de3 @example-de2 @example-de4",
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
    assert!(read(&root.join(".github/CODEOWNERS")).contains(
        "/content/runbooks/profit/aggregate-profit.md @example-de1 @example-de3 @example-de2\n"
    ));
    assert_eq!(pipebook(&["check", "--root", r]).status.code(), Some(0));
}

/// Every way a pipeline names a runbook, in one file: its front matter `pipelines` (in
/// another order than pipelines.yaml), a pipeline's `runbook` as a page (`ops` for
/// `ops/README.md`) or as a file with `/` and `.md`, both at once, and an engineer without
/// a handle. Owners come in the order of pipelines.yaml, primary before secondary, each
/// once.
#[test]
fn owners_of_every_kind_of_reference_in_pipeline_order() {
    let site = example_site();
    let root = site.path();
    let r = root.to_str().unwrap();
    let runbooks = root.join("content/runbooks");
    std::fs::create_dir_all(runbooks.join("ops")).unwrap();
    std::fs::write(
        runbooks.join("ops/README.md"),
        "---\npipelines: [daily-growth]\n---\n# Ops\n",
    )
    .unwrap();
    std::fs::write(
        runbooks.join("profit/shared.md"),
        "---\npipelines: [aggregate-engagement, unit-level-profit]\n---\n# Shared\n",
    )
    .unwrap();
    edit(root, "content/team.yaml", "    github: example-de3\n", "");
    edit(
        root,
        "content/pipelines.yaml",
        "    job: unit_level_profit_daily",
        "    runbook: ops\n    job: unit_level_profit_daily",
    );
    edit(
        root,
        "content/pipelines.yaml",
        "    job: daily_growth_metrics",
        "    runbook: /profit/shared.md\n    job: daily_growth_metrics",
    );
    let o = pipebook(&["codeowners", "--root", r]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = read(&root.join(".github/CODEOWNERS"));
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .collect();
    assert_eq!(
        lines,
        [
            "/content/ @example-de1 @example-de2 @example-de4",
            "/themes/ @example-de1 @example-de2 @example-de4",
            "/content/runbooks/engagement/aggregate-engagement.md @example-de1 @example-de4",
            "/content/runbooks/growth/aggregate-growth.md @example-de1 @example-de4 @example-de2",
            "/content/runbooks/ops/README.md @example-de1 @example-de4 @example-de2",
            "/content/runbooks/profit/aggregate-profit.md @example-de1 @example-de2 @example-de4",
            "/content/runbooks/profit/shared.md @example-de1 @example-de4 @example-de2",
        ]
    );
    let o = pipebook(&["check", "--root", r]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
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

/// File names with GitHub's special characters are escaped (or matched with `?` where
/// GitHub has no escape), and `check` agrees with what `codeowners` wrote.
#[test]
fn odd_file_names_are_escaped_by_githubs_rules() {
    let site = example_site();
    let root = site.path();
    let r = root.to_str().unwrap();
    let runbook = "---\npipelines: [aggregate-profit]\n---\n# Odd\n";
    for name in [
        "a b [x] #1.md",
        "back\\slash*?.md",
        "größe+日本.md",
        "!bang.md",
    ] {
        std::fs::write(root.join("content/runbooks/profit").join(name), runbook).unwrap();
    }
    let o = pipebook(&["codeowners", "--root", r]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = read(&root.join(".github/CODEOWNERS"));
    for line in [
        "/content/runbooks/profit/a\\ b\\ ?x?\\ ?1.md @example-de2 @example-de4",
        "/content/runbooks/profit/back\\\\slash\\*\\?.md @example-de2 @example-de4",
        "/content/runbooks/profit/größe+日本.md @example-de2 @example-de4",
        "/content/runbooks/profit/!bang.md @example-de2 @example-de4",
    ] {
        assert!(text.lines().any(|l| l == line), "{line} in\n{text}");
    }
    // Every line is a pattern and owners: nothing a name holds starts a comment or
    // splits the pattern.
    for l in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let mut escaped = false;
        let end = l
            .char_indices()
            .find(|&(_, c)| {
                let ends = c == ' ' && !escaped;
                escaped = c == '\\' && !escaped;
                ends
            })
            .map(|(i, _)| i)
            .unwrap();
        let (pattern, owners) = l.split_at(end);
        assert!(!pattern.contains(['#', '[', ']', '\t']), "{l}");
        assert!(
            owners
                .trim()
                .split(' ')
                .all(|o| o.starts_with("@example-de")),
            "{l}"
        );
    }
    let o = pipebook(&["check", "--root", r]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// A name no CODEOWNERS line can hold is an error naming the file, from `codeowners`
/// and from `check`; nothing is written.
#[test]
fn a_name_with_a_tab_is_an_error_naming_the_file() {
    let site = example_site();
    let root = site.path();
    let r = root.to_str().unwrap();
    assert!(pipebook(&["codeowners", "--root", r]).status.success());
    let before = read(&root.join(".github/CODEOWNERS"));
    std::fs::write(
        root.join("content/runbooks/profit/tab\there.md"),
        "---\npipelines: [aggregate-profit]\n---\n# Tab\n",
    )
    .unwrap();
    let o = pipebook(&["codeowners", "--root", r]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(
        err.contains("content/runbooks/profit/tab\there.md"),
        "{err}"
    );
    assert!(err.contains("cannot be named in CODEOWNERS"), "{err}");
    assert!(err.contains("\\u{9}"), "names the character: {err}");
    assert!(err.contains("rename the file"), "{err}");
    assert_eq!(
        read(&root.join(".github/CODEOWNERS")),
        before,
        "nothing written"
    );
    let o = pipebook(&["check", "--root", r]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("tab\there.md"), "{err}");
    assert!(err.contains("cannot be named in CODEOWNERS"), "{err}");
}

/// A `github` handle could otherwise add owners or whole lines to CODEOWNERS.
#[test]
fn a_handle_that_is_not_a_github_name_is_an_error() {
    let site = example_site();
    let root = site.path();
    let r = root.to_str().unwrap();
    edit(
        root,
        "content/team.yaml",
        "    github: example-de2\n",
        "    github: \"example-de2 @intruder\\n/content/ @intruder\"\n",
    );
    let o = pipebook(&["codeowners", "--root", r]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(err.contains("content/team.yaml:13:"), "{err}");
    assert!(err.contains("is not a GitHub user or team name"), "{err}");
    assert!(!root.join(".github/CODEOWNERS").exists());
}
