//! Hostile YAML data found in session 34's review (data files rather than runbook prose).
//! Each test failed on main f3f66e6.

mod common;

use std::path::Path;

use common::{edit, example_site, pipebook, problems, snapshot, stderr};

/// Builds the site at `root` (built once before, so that there is an output to keep),
/// checks that it fails with exit code 1 and leaves that output as it was, and returns
/// the problems reported (`file:line message`).
fn refused(root: &Path) -> Vec<String> {
    let before = snapshot(&root.join("public"));
    let out = pipebook(&["build", "--root", root.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(snapshot(&root.join("public")), before, "output changed");
    problems(&err)
}

fn built(root: &Path) {
    let out = pipebook(&["build", "--root", root.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// A name of only invisible characters (a zero-width space, a Hangul filler, a word
/// joiner and a byte order mark) passed the check for empty names, which trimmed white
/// space only: on main the site built, every page's "On call now:" and the engineer's
/// shifts in the feeds named nobody, and a pipeline and a holiday read as blanks. Now each
/// is an error at its line, as an empty name was.
#[test]
fn names_of_invisible_characters_are_refused_as_empty() {
    let site = example_site();
    let root = site.path();
    built(root);
    edit(
        root,
        "content/team.yaml",
        "name: Data Engineer 3",
        "name: \"\u{200B}\"",
    );
    edit(
        root,
        "content/pipelines.yaml",
        "name: Daily growth",
        "name: \"\u{3164} \"",
    );
    edit(
        root,
        "content/oncall.yaml",
        "{ date: 2026-09-07, name: \"Labor Day\" }",
        "{ date: 2026-09-07, name: \"\u{2060}\u{FEFF}\" }",
    );
    let found: Vec<String> = refused(root)
        .into_iter()
        .filter(|p| p.contains("shows nothing"))
        .collect();
    let at: Vec<&str> = found.iter().map(|p| p.split(' ').next().unwrap()).collect();
    assert_eq!(
        at,
        [
            "content/oncall.yaml:27",
            "content/pipelines.yaml:49",
            "content/team.yaml:15"
        ],
        "{found:?}"
    );
    assert!(
        found[2].contains("`engineers[2].name` is empty or shows nothing"),
        "{found:?}"
    );
}

/// A second YAML document in a data file (`---` and more after it, or text after `...`)
/// was refused by serde_yaml at line 1, column 1, with its own words ("deserializing from
/// YAML containing more than one document is not supported") and the file's generic hint:
/// in a 2,000-line pipelines.yaml the author was left to find the line. Now the error is
/// at the line where the second document starts and says what to do.
#[test]
fn a_second_yaml_document_is_reported_where_it_starts() {
    let site = example_site();
    let root = site.path();
    built(root);
    let team = std::fs::read_to_string(root.join("content/team.yaml")).unwrap();
    let lines = team.lines().count();
    std::fs::write(
        root.join("content/team.yaml"),
        format!("{team}---\nengineers: []\n"),
    )
    .unwrap();
    let pipelines = std::fs::read_to_string(root.join("content/pipelines.yaml")).unwrap();
    let p_lines = pipelines.lines().count();
    std::fs::write(
        root.join("content/pipelines.yaml"),
        format!("{pipelines}...\n# the old list\ndomains: []\n"),
    )
    .unwrap();
    let found: Vec<String> = refused(root)
        .into_iter()
        .filter(|p| p.contains("document"))
        .collect();
    assert_eq!(
        found,
        [
            format!(
                "content/pipelines.yaml:{} a second YAML document starts here: pipebook reads one document per file, and would not know which of them to take",
                p_lines + 3
            ),
            format!(
                "content/team.yaml:{} a second YAML document starts here: pipebook reads one document per file, and would not know which of them to take",
                lines + 1
            ),
        ]
    );
}

/// Aliases (and pages) were told apart from each other by letter case only, while pages
/// are told apart by case and by how an accented letter is encoded (validate's
/// lookalike_pages). `/café/` written as NFC by one runbook and as NFD (`e` and U+0301) by
/// another built on main: two redirects that read the same to everyone, one folder on
/// macOS and Windows, where one redirect page replaced the other; and an NFD alias of an
/// NFC page would have been written over the page there. Now both are errors, as their
/// case-only twins were, with the two spellings escaped.
#[test]
fn aliases_differing_only_in_encoding_are_refused_like_case() {
    let site = example_site();
    let root = site.path();
    built(root);
    let page = |name: &str, alias: &str| {
        format!("---\ntitle: {name}\naliases: [\"{alias}\"]\n---\n\nText.\n")
    };
    let write = |rel: &str, text: &str| std::fs::write(root.join(rel), text).unwrap();
    write("content/runbooks/one.md", &page("One", "/caf\u{E9}/"));
    write("content/runbooks/two.md", &page("Two", "/cafe\u{301}/"));
    write("content/runbooks/cr\u{E8}me.md", "# Cr\u{E8}me\n\nText.\n");
    write(
        "content/runbooks/three.md",
        &page("Three", "/runbooks/cre\u{300}me/"),
    );
    let found: Vec<String> = refused(root)
        .into_iter()
        .filter(|p| p.contains("accented letter"))
        .collect();
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].starts_with("content/runbooks/three.md:3 alias `/runbooks/cre\u{300}me/`")
            && found[0].contains("(`/runbooks/cr\\u{e8}me/` and `/runbooks/cre\\u{300}me/`)"),
        "{found:?}"
    );
    assert!(
        found[1].starts_with("content/runbooks/two.md:3 aliases /caf\u{E9}/ and /cafe\u{301}/")
            && found[1].ends_with(
                "are claimed: by content/runbooks/one.md:3 and by content/runbooks/two.md"
            ),
        "{found:?}"
    );
}

/// A name written as YAML's null (`name: ~`, `name: null`) is read by serde_yaml as the
/// word itself: on main the site built with `~` as the engineer's name on every page and
/// in every feed, and `NULL` as a pipeline's. Now an error at its line; the name `"null"`,
/// quoted, stays a name.
#[test]
fn names_written_as_yaml_null_are_refused() {
    let site = example_site();
    let root = site.path();
    built(root);
    edit(
        root,
        "content/team.yaml",
        "name: Data Engineer 3",
        "name: ~   # to be hired",
    );
    edit(
        root,
        "content/team.yaml",
        "name: Data Engineer 4",
        "name: \"null\"",
    );
    edit(
        root,
        "content/pipelines.yaml",
        "name: Daily growth",
        "name: NULL",
    );
    let found: Vec<String> = refused(root)
        .into_iter()
        .filter(|p| p.contains("YAML's null"))
        .collect();
    assert_eq!(
        found,
        [
            "content/pipelines.yaml:49 `pipelines[3].name` is YAML's null, which pipebook would show as the word `NULL`",
            "content/team.yaml:15 `engineers[2].name` is YAML's null, which pipebook would show as the word `~`",
        ]
    );
}
