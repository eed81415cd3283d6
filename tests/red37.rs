//! A hostile pull request, session 37: leftovers of session 36 and what it did not try.
//! Each test builds a small site in a temporary folder; each failed on main 1904dff.

mod common;

use std::path::Path;

use common::{article, build_ok, pipebook, problems, site_of, stderr};

const SITE: (&str, &str) = (
    "content/site.yaml",
    "title: Ops\nbase_url: https://ops.example/\nrepository: https://github.com/org/ops\n",
);

fn build(root: &Path) -> std::process::Output {
    pipebook(&["build", "--root", root.to_str().unwrap()])
}

/// An image of a file above the runbook folder (`../../.env`, the repository's README)
/// was written as the file's page on the forge, `<img src="https://github.com/…/blob/HEAD/
/// .env">`: an HTML page, so a broken image, without a word. Now a warning at its place,
/// and its description with a note instead of an image; a link to the file still leads
/// to its page on the forge, as GitHub's own view of the runbook would.
#[test]
fn an_image_of_a_file_outside_the_runbook_folder_is_told_and_not_linked() {
    let site = site_of(&[
        SITE,
        (".env", "SECRET=1\n"),
        ("README.md", "# Ops\n"),
        (
            "content/runbooks/r.md",
            "# R\n\n![the env](../../.env)\n\n<img src=\"../../README.md\" alt=\"readme\">\n\nSee [the README](../../README.md).\n",
        ),
    ]);
    let root = site.path();
    let out = build_ok(root);
    let found = problems(&stderr(&out));
    let about = |line: &str, dest: &str, path: &str| {
        format!("content/runbooks/r.md:{line} image or media `{dest}` is `{path}`, a file of the repository that the site does not publish: its page on the forge is no image, so it is not shown")
    };
    assert!(
        found.contains(&about("3", "../../.env", ".env")),
        "{found:#?}"
    );
    assert!(
        found.contains(&about("5", "../../README.md", "README.md")),
        "{found:#?}"
    );
    let html = article(root, "r");
    assert!(!html.contains("<img"), "{html}");
    assert!(!html.contains("blob/HEAD/.env"), "{html}");
    assert!(
        html.contains("the env <small class=\"image-left-out\">(image .env not shown: the site does not publish it)</small>"),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"https://github.com/org/ops/blob/HEAD/README.md\">the README</a>"),
        "{html}"
    );
}

const TEAM: &str = "engineers:\n  - id: de1\n    name: One\n  - id: {ID}\n    name: Two\n";

const PIPELINES: &str = "domains:\n  - id: d\n    name: D\npipelines:\n  - id: {ID}\n    name: P\n    domain: d\n    audience: ops\n    primary: de1\n    secondary: {ENG}\n";

const ONCALL: &str = "rotation:\n  order: [de1]\n  start: 2024-01-01\n  handoff: { weekday: monday, time: \"09:00\" }\n  timezone: UTC\n";

/// Ids were taken up to 256 bytes, as names are: an engineer's id is in their feed's
/// address, `https://ops.example/oncall/<id>.ics` (Google Calendar refuses one past 256
/// characters), and every id is in the address of its page, linked from every page that
/// names it. On main ids of 65 and 200 bytes passed; now both are an error at their line.
#[test]
fn ids_longer_than_64_bytes_are_refused() {
    let site_with = |engineer: &str, pipeline: &str| {
        site_of(&[
            SITE,
            ("content/team.yaml", &TEAM.replace("{ID}", engineer)),
            (
                "content/pipelines.yaml",
                &PIPELINES
                    .replace("{ID}", pipeline)
                    .replace("{ENG}", engineer),
            ),
            ("content/oncall.yaml", ONCALL),
        ])
    };
    let site = site_with(&"e".repeat(64), &"p".repeat(64));
    build_ok(site.path());
    assert!(site
        .path()
        .join(format!("public/oncall/{}.ics", "e".repeat(64)))
        .is_file());

    let site = site_with(&"e".repeat(65), &"p".repeat(200));
    let out = build(site.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let found = problems(&err);
    let about = |at: &str, path: &str, n: usize| {
        format!("{at} `{path}` is {n} bytes long: pipebook takes ids of at most 64, as they are in the addresses of pages and calendar feeds (which Google Calendar refuses past 256 characters)")
    };
    assert!(
        found.contains(&about("content/team.yaml:4", "engineers[1].id", 65)),
        "{found:#?}"
    );
    assert!(
        found.contains(&about("content/pipelines.yaml:5", "pipelines[0].id", 200)),
        "{found:#?}"
    );
    assert!(!site.path().join("public").exists());
}

/// A pipeline or domain named like an engineer: the search's answer card reads a query's
/// words as ids and names of both, so a pull request's pipeline `de2` (or named "DE-2",
/// or "Dana Lee") answered "who owns de2" and "de2" with a pipeline card of its own
/// owners beside the engineer's, and a domain named "Dana Lee" listed its pipelines for
/// "who owns Dana Lee". On main these three built without a word; each is an error now,
/// at its line, naming the engineer's.
#[test]
fn a_pipeline_or_domain_named_like_an_engineer_is_refused() {
    let team = "engineers:\n  - id: de1\n    name: One\n  - id: de2\n    name: Dana Lee\n";
    let pipelines = "domains:\n  - id: d\n    name: dana-lee\npipelines:\n  - id: de2\n    name: P\n    domain: d\n    audience: ops\n    primary: de1\n    secondary: de2\n  - id: q\n    name: DE-2\n    domain: d\n    audience: ops\n    primary: de1\n    secondary: de2\n  - id: fine\n    name: Fine\n    domain: d\n    audience: ops\n    primary: de1\n    secondary: de2\n";
    let site = site_of(&[
        SITE,
        ("content/team.yaml", team),
        ("content/pipelines.yaml", pipelines),
        ("content/oncall.yaml", ONCALL),
    ]);
    let out = build(site.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let found = problems(&err);
    let answer = "the search's answer card";
    for expected in [
        format!("content/pipelines.yaml:3 the name `dana-lee` of domain `d` differs only in spaces, punctuation or letter case from the name of engineer `de2` (content/team.yaml:5): {answer} (\"who owns dana-lee\", \"who is dana-lee\") would answer with both"),
        format!("content/pipelines.yaml:5 the id `de2` of pipeline `de2` is also the id of engineer `de2` (content/team.yaml:4): {answer} (\"who owns de2\", \"who is de2\") would answer with both"),
        format!("content/pipelines.yaml:12 the name `DE-2` of pipeline `q` differs only in spaces, punctuation or letter case from the id of engineer `de2` (content/team.yaml:4): {answer} (\"who owns DE-2\", \"who is DE-2\") would answer with both"),
    ] {
        assert!(found.contains(&expected), "{expected}\n{found:#?}");
    }
    assert_eq!(found.len(), 3, "{found:#?}");
}

/// Writes `depth` levels of `wide` folders with names of 80 bytes, one runbook titled
/// with 1,000 bytes in each, the way down through the middle folder of each level; the
/// deepest folder on the way down.
fn deep_and_wide(root: &Path, depth: usize, wide: usize) -> std::path::PathBuf {
    let mut dir = root.join("content/runbooks");
    for level in 0..depth {
        for i in 0..wide {
            let folder = dir.join(format!("f{level:02}-{i:02}-{}", "x".repeat(73)));
            std::fs::create_dir_all(&folder).unwrap();
            std::fs::write(folder.join("r.md"), format!("# {}\n", "T".repeat(1000))).unwrap();
        }
        dir.push(format!("f{level:02}-{:02}-{}", wide / 2, "x".repeat(73)));
    }
    dir
}

/// Each folder's tree fragment (`_nav/<folder>/tree.html`) listed 40 entries of every
/// folder above it: 16 levels of 20 folders with long names and titles (347 kB of
/// runbooks) made fragments of up to 292 kB on main, 38.4 MB of them in all (32 levels of
/// 40: 2.09 MB and 989 MB). Each level now takes a share of a bounded number of bytes,
/// the way down always shown and what is cut counted in its folder's "more" link: at most
/// 69 kB here, 10.7 MB in all.
#[test]
fn a_folder_s_tree_fragment_is_bounded_however_deep_and_wide() {
    let site = site_of(&[SITE]);
    let root = site.path();
    let way = deep_and_wide(root, 16, 20);
    build_ok(root);
    let rel = way.strip_prefix(root.join("content/runbooks")).unwrap();
    let deepest =
        std::fs::read_to_string(root.join("public/_nav").join(rel).join("tree.html")).unwrap();
    let mut largest = 0;
    let mut total = 0;
    for entry in walkdir::WalkDir::new(root.join("public/_nav")) {
        let entry = entry.unwrap();
        if entry.file_name() == "tree.html" {
            let len = entry.metadata().unwrap().len();
            largest = largest.max(len);
            total += len;
        }
    }
    assert!(largest < 100_000, "largest fragment {largest} bytes");
    // 320 folders, each at most about `ABOVE_BYTES` (32 kB) above and its own entries.
    assert!(total < 320 * 40_000, "fragments {total} bytes");
    // The way down is all there, and what a level leaves out is counted.
    for level in 0..16 {
        let on_the_way = format!("f{level:02}-10-");
        assert!(deepest.contains(&on_the_way), "{on_the_way} missing");
    }
    assert_eq!(deepest.matches("<a class=\"more\"").count(), 15);
}
