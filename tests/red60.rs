//! Session 60's hostile pull request: what the site publishes that the pull request's
//! reviewers are not shown. Each test builds a small site in a temporary folder.

mod common;

use common::{build_ok, pipebook, site_of, stderr, OPS_SITE};

/// `* linguist-generated` in a `.gitattributes` beside the runbooks makes GitHub collapse
/// the diff of every runbook under it ("Some generated files are not rendered by
/// default"), `gitlab-generated` does so on GitLab, and `-diff` (or the `binary` macro, or
/// a top-level macro of the author's that unsets `diff`) makes git show "Binary files
/// differ": the pull request changes runbooks and on-call data that reviewers never see,
/// and the site publishes them. On main nothing was said (0 warnings); now each such line
/// is a warning at its line, naming the first file it hides and counting the rest, and
/// `--deny-warnings` fails. Lines that hide other files (`*.png binary`), or set other
/// attributes (`diff=markdown`, `text eol=lf`), stay quiet, and a deeper file's
/// `-linguist-generated` gives the diff back, as git reads it.
#[test]
fn a_gitattributes_line_hiding_a_runbooks_diff_is_told() {
    // Lines for files the site does not publish are not matched, nor counted (a
    // template's hundreds of `*.png binary`).
    let binaries: String = (0..300).map(|i| format!("*.x{i} binary\n")).collect();
    let top = format!("[attr]hide -diff\n*.png binary\n*.md diff=markdown text eol=lf\ncontent/team.yaml hide\npackage-lock.json linguist-generated\n{binaries}");
    let site = site_of(&[
        OPS_SITE,
        (".gitattributes", &top),
        ("content/team.yaml", "engineers: []\n"),
        ("content/runbooks/db.md", "# DB\n\nbody\n"),
        (
            "content/runbooks/ops/.gitattributes",
            "# made by a tool\n* linguist-generated\n",
        ),
        ("content/runbooks/ops/a.md", "# A\n\nbody\n"),
        ("content/runbooks/ops/b.md", "# B\n\nbody\n"),
        ("content/runbooks/ops/c.md", "# C\n\nbody\n"),
        (
            "content/runbooks/ops/kept/.gitattributes",
            "*.md -linguist-generated\n",
        ),
        ("content/runbooks/ops/kept/d.md", "# D\n\nbody\n"),
        (
            "content/runbooks/gl/.gitattributes",
            "x.md gitlab-generated=true\n",
        ),
        ("content/runbooks/gl/x.md", "# X\n\nbody\n"),
    ]);
    let out = build_ok(site.path());
    let err = stderr(&out);
    let told = |at: &str, what: &str| {
        err.split("\n\n")
            .any(|w| w.contains(&format!("--> {at}:1")) && w.contains(what))
    };
    assert!(
        told(".gitattributes:4", "hides the changes of `content/team.yaml` from a pull request's diff: git shows only \"Binary files differ\""),
        "{err}"
    );
    assert!(
        told(
            "content/runbooks/ops/.gitattributes:2",
            "`content/runbooks/ops/a.md` and 2 other published files from a pull request's diff: GitHub collapses it as generated"
        ),
        "{err}"
    );
    assert!(
        told(
            "content/runbooks/gl/.gitattributes:1",
            "`content/runbooks/gl/x.md` from a pull request's diff: GitLab collapses it"
        ),
        "{err}"
    );
    assert_eq!(
        err.matches("from a pull request's diff").count(),
        3,
        "{err}"
    );
    assert!(!err.contains("kept/d.md"), "{err}");
    assert!(!err.contains("more lines of `.gitattributes`"), "{err}");
    let root = site.path().to_str().unwrap();
    let denied = pipebook(&["check", "--root", root, "--deny-warnings"]);
    assert_eq!(denied.status.code(), Some(1), "{}", stderr(&denied));
}

/// A tree whose `.gitattributes` files hold thousands of hiding lines costs what it
/// reads: at most 100 lines are matched against the pages, and one warning counts the
/// others, so a hostile tree cannot make each of its pages walk every line.
#[test]
fn hiding_lines_past_the_bound_are_counted() {
    let many: String = (0..250).map(|i| format!("nope{i}.md -diff\n")).collect();
    let site = site_of(&[
        OPS_SITE,
        (".gitattributes", &many),
        ("content/runbooks/ops/.gitattributes", "*.md binary\n"),
        ("content/runbooks/ops/a.md", "# A\n\nbody\n"),
    ]);
    let out = build_ok(site.path());
    let err = stderr(&out);
    assert!(
        err.contains("151 more lines of `.gitattributes` files hide changes"),
        "{err}"
    );
    assert!(err.contains("--> .gitattributes:101:1"), "{err}");
    assert!(!err.contains("content/runbooks/ops/a.md"), "{err}");
}

/// A footnote's definition written after an HTML block that leaves `<p><rp>` open:
/// pipebook writes the definition at the page's end, after closing the author's
/// elements, so the note shows (Chromium's `innerText` holds it:
/// tests/browser/test_red60.py), while the `<span>` after its place is still inside the
/// `<rp>` and hidden. On main the note's words were not searched (the entry read "See the
/// note. end": the `<rp>` around the note's place hid it). Now search reads the note, and
/// still not the span: the note, read apart from the author's open elements, ends none
/// of them (its `<div>` would end the author's `<p>` where the note stood).
#[test]
fn a_note_defined_inside_an_open_rp_is_searched_and_ends_nothing() {
    let md = "# Lag\n\nSee the note[^1].\n\n\
<p><rp>quuxhiddena\n\n\
[^1]: shownnote <div>showndiv</div> words\n\n\
<span>\nquuxhiddenb still in the rp\n</span>\n\n\
end\n";
    let site = site_of(&[OPS_SITE, ("content/runbooks/lag.md", md)]);
    let out = build_ok(site.path());
    let entry = common::search_entry(site.path(), "/runbooks/lag/");
    for word in ["shownnote", "showndiv", "words", "end"] {
        assert!(
            entry.contains(word),
            "{word} not searched: {entry}\n{}",
            stderr(&out)
        );
    }
    assert!(!entry.contains("quuxhidden"), "{entry}");
}
