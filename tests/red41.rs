//! Session 41's hostile pull request: git's conflict markers wherever a merge leaves them
//! (in an HTML block, a callout, after a character that shows nothing) are an error, a
//! lone marker (ASCII art, a quote seven deep) is not; a name like a merge tool's copy
//! is warned of only beside another copy of the same run. Each test builds a small site
//! in a temporary folder.

mod common;

use common::{pipebook, problems, site_of, stderr};

const BASE: [(&str, &str); 4] = [
    (
        "content/site.yaml",
        "title: Ops\nbase_url: https://ops.example/\n",
    ),
    (
        "content/team.yaml",
        "engineers:\n  - id: de1\n    name: One\n  - id: de2\n    name: Two\n",
    ),
    (
        "content/pipelines.yaml",
        "domains:\n  - id: d\n    name: D\npipelines:\n  - id: p\n    name: P\n    domain: d\n    audience: ops\n    primary: de1\n    secondary: de2\n",
    ),
    (
        "content/oncall.yaml",
        "rotation:\n  order: [de1, de2]\n  start: 2024-01-01\n  handoff: { weekday: monday, time: \"09:00\" }\n  timezone: UTC\n",
    ),
];

fn build(more: &[(&str, &str)]) -> (tempfile::TempDir, std::process::Output) {
    let mut files = BASE.to_vec();
    files.extend_from_slice(more);
    let site = site_of(&files);
    let out = pipebook(&["build", "--root", site.path().to_str().unwrap()]);
    (site, out)
}

const SIDES: &str = "<<<<<<< HEAD\nRestart with --force.\n=======\nPage the owner.\n>>>>>>> pr-7\n";

/// A conflict where the Markdown made its lines something other than text: on main's
/// binary the first four built (exit 0), both sides on the page (the HTML block's and the
/// comment's markers were raw HTML, the callout's quoted, the zero-width space's line
/// began with it); now each is an error at the `<<<<<<<` line.
#[test]
fn conflicts_in_html_callouts_and_after_invisible_characters_are_errors() {
    for (before, after, line) in [
        (
            "<details>\n<summary>More</summary>\n\n",
            "\n</details>\n",
            6,
        ),
        ("<!-- steps\n", "-->\n", 4),
        (
            "{{< callout type=\"warning\" >}}\n",
            "{{< /callout >}}\n",
            4,
        ),
        ("Text.\n\n\u{200B}", "", 5),
        ("1. Check the lag.\n", "2. Restart.\n", 4),
    ] {
        let md = format!("# R\n\n{before}{SIDES}{after}");
        let (site, out) = build(&[("content/runbooks/r.md", &md)]);
        let found = problems(&stderr(&out));
        assert_eq!(out.status.code(), Some(1), "{md}\n{found:#?}");
        assert!(!site.path().join("public").exists());
        let want = format!("content/runbooks/r.md:{line} a merge conflict marker `<<<<<<<`");
        assert!(
            found.iter().any(|f| f.starts_with(&want)),
            "{want}\n{found:#?}"
        );
    }
}

/// A marker alone is ASCII art or a quote seven deep, and markers quoted in code blocks
/// one by one are a runbook on merging: on main's binary the first three were refused
/// (exit 1, "a merge conflict marker `>>>>>>>`"); all build now.
#[test]
fn lone_markers_and_markers_quoted_in_code_build() {
    for md in [
        "# R\n\nThe flow:\n\n>>>>>>>\n",
        "# R\n\n>>>>>>> seven quotes deep\n",
        "# R\n\n<<<<<<< rewind\n\nText.\n",
        "# R\n\nGit writes:\n\n```\n<<<<<<< HEAD\n```\n\nthen:\n\n```\n=======\n```\n\nStep\n=======\n",
    ] {
        let (_site, out) = build(&[("content/runbooks/r.md", md)]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(0), "{md}\n{err}");
        assert!(!err.contains("conflict"), "{err}");
    }
}

/// `s3_BACKUP_2024.md` is a runbook about backups, beside `s3.md`: on main's binary it
/// was warned of as a merge tool's copy. The tool writes four copies at once with one
/// process id: a copy beside another of its run is still warned of.
#[test]
fn a_name_like_a_merge_copy_is_one_only_beside_its_run() {
    let honest = [
        ("content/runbooks/s3.md", "# S3\n"),
        (
            "content/runbooks/s3_BACKUP_2024.md",
            "# S3 backups of 2024\n",
        ),
        ("content/runbooks/db_LOCAL_2025.md", "# DB local of 2025\n"),
    ];
    let (_site, out) = build(&honest);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("is named as a"), "{err}");
    let run = [
        ("content/runbooks/r.md", "# R\n\nPage the owner.\n"),
        ("content/runbooks/r_LOCAL_4711.md", "# R\n\nRestart.\n"),
        ("content/runbooks/r_REMOTE_4711.md", "# R\n\nPage.\n"),
    ];
    let (_site, out) = build(&run);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    for f in ["r_LOCAL_4711.md", "r_REMOTE_4711.md"] {
        let want = format!("warning: `content/runbooks/{f}` is named as a copy");
        assert!(err.contains(&want), "{want}\n{err}");
    }
}

/// Blank Braille patterns (U+2800, the "invisible name" of chat apps) draw nothing: on
/// main's binary an engineer so named built (exit 0, an empty "On call now:") and a
/// runbook so titled was "⠀⠀ · Ops" in the tab, listings and search. Now the name is
/// refused as one that shows nothing, and the title falls back to the file's name.
#[test]
fn names_and_titles_of_blank_braille_show_nothing() {
    let team =
        "engineers:\n  - id: de1\n    name: \"\u{2800}\u{2800}\"\n  - id: de2\n    name: Two\n";
    let (_site, out) = build(&[("content/team.yaml", team)]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("`engineers[0].name` is empty or shows nothing"),
        "{err}"
    );
    let md = "---\ntitle: \"\u{2800}\u{2800}\"\n---\nRestart the consumer.\n";
    let (site, out) = build(&[("content/runbooks/restart-orders.md", md)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = site
        .path()
        .join("public/runbooks/restart-orders/index.html");
    let html = std::fs::read_to_string(page).unwrap();
    let title = html
        .split("<title>")
        .nth(1)
        .unwrap()
        .split("</title>")
        .next();
    assert!(
        title.is_some_and(|t| t.starts_with("Restart orders")),
        "{title:?}"
    );
}
