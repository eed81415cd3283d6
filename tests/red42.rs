//! Session 42's hostile pull request: a whole merge conflict inside a code block the
//! reader runs is warned of, a heading underlined with `=======` before a bare `>>>>>>>`
//! is text, and a link whose words name a host passing for its target is warned of.
//! Each test builds a small site in a temporary folder.

mod common;

use common::{build_ok, pipebook, problems, problems_of, site_of, stderr, OPS_SITE};

const SIDES: &str =
    "<<<<<<< HEAD\nkubectl rollout restart deploy/ingest\n=======\nkubectl delete namespace prod\n>>>>>>> pr-12\n";

/// A conflict wholly inside a ```sh block: on main's binary it built without a word
/// (0 problems), both commands on the page for the reader to copy; now a warning at the
/// `<<<<<<<` line, and `--deny-warnings` refuses it (exit 1, nothing written).
#[test]
fn a_whole_conflict_in_a_shell_block_is_warned_of() {
    for fence in ["```sh", "```bash", "~~~yaml"] {
        let close = &fence[..3];
        let md = format!("# R\n\nRestart:\n\n{fence}\n{SIDES}{close}\n");
        let found = problems_of(&md);
        let want = "content/runbooks/a.md:6 a merge conflict (`<<<<<<<`, `=======`, `>>>>>>>`) inside a code block";
        assert!(
            found.iter().any(|f| f.starts_with(want)),
            "{fence}\n{found:#?}"
        );
        let site = site_of(&[OPS_SITE, ("content/runbooks/a.md", &md)]);
        let root = site.path().to_str().unwrap();
        let out = pipebook(&["build", "--deny-warnings", "--root", root]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(!site.path().join("public").exists());
    }
}

/// A runbook on resolving merges quotes a conflict in a block of text, of a diff, of a
/// shell session or without a language: no warning, as on main.
#[test]
fn a_conflict_quoted_as_an_example_builds_silently() {
    for fence in ["```", "```text", "```diff", "```console"] {
        let md = format!("# Resolving a merge\n\nGit leaves this:\n\n{fence}\n{SIDES}```\n");
        let found = problems_of(&md);
        assert!(
            !found.iter().any(|f| f.contains("merge conflict")),
            "{fence}\n{found:#?}"
        );
    }
}

/// A heading of seven letters underlined with `=======`, then a bare `>>>>>>>` (ASCII
/// art): on main's binary the build failed (exit 1, "a merge conflict marker
/// `=======`" at line 3); now it builds. The same pair with the side's name git writes
/// after `>>>>>>>` (a conflict whose `<<<<<<<` line was deleted) is still refused.
#[test]
fn a_heading_underline_before_a_bare_closer_is_text() {
    let md = "# R\n\nRestart\n=======\n\nThe flow:\n\n>>>>>>>\n";
    let found = problems_of(md);
    assert!(!found.iter().any(|f| f.contains("conflict")), "{found:#?}");
    let md = "# R\n\nRestart the job.\n=======\nPage the owner.\n>>>>>>> pr-7\n";
    let site = site_of(&[OPS_SITE, ("content/runbooks/a.md", md)]);
    let out = pipebook(&["build", "--root", site.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let found = problems(&stderr(&out));
    assert!(
        found
            .iter()
            .any(|f| f.starts_with("content/runbooks/a.md:4 a merge conflict marker `=======`")),
        "{found:#?}"
    );
}

/// Words naming a host that passes for the target: on main's binary each built with no
/// warning (the check read only a text that is an address); now each is warned of.
#[test]
fn words_naming_a_host_passing_for_the_target_are_warned_of() {
    for (link, shown, target) in [
        (
            "[Open grafana.corp.example](https://grafana.evil.example/d/x)",
            "grafana.corp.example",
            "grafana.evil.example",
        ),
        (
            "[Sign in at sso.corp.example](https://evil.example/login)",
            "sso.corp.example",
            "evil.example",
        ),
        (
            "[Status of corp.example](https://corp.example.evil.example/)",
            "corp.example",
            "corp.example.evil.example",
        ),
    ] {
        let found = problems_of(&format!("# R\n\n{link}\n"));
        let want = format!(
            "content/runbooks/a.md:3 the link's text shows the host `{shown}`, but the link leads to `{target}`"
        );
        assert!(found.contains(&want), "{want}\n{found:#?}");
    }
}

/// Honest texts naming a host among words (as in the corpora: the machine acted on, the
/// tool linked), or the host linked itself: no warning.
#[test]
fn honest_words_naming_a_host_build_silently() {
    let md = "# R\n\n\
        - [see docs.corp.example for the steps](https://docs.corp.example/steps)\n\
        - [Open grafana.corp.example](https://corp.example/grafana)\n\
        - [Refresh data on staging.corp.example](https://ci.corp.example/job/refresh)\n\
        - [Fix the migration on corp.example](https://github.com/acme/db/issues/1)\n\
        - [Node.js Documentation](https://nodejs.org/docs/)\n";
    let site = site_of(&[OPS_SITE, ("content/runbooks/a.md", md)]);
    let found = problems(&stderr(&build_ok(site.path())));
    assert!(
        !found.iter().any(|f| f.contains("shows the host")),
        "{found:#?}"
    );
}

/// A runbook folder named after an incident, `4913/` (vim's name for a file it tests
/// writing with): on main's binary its runbook vanished (no page, only a warning on the
/// link to it, "a file of the repository that the site does not publish"); now published.
#[test]
fn a_folder_named_like_an_editors_file_is_published() {
    let site = site_of(&[
        OPS_SITE,
        (
            "content/runbooks/4913/restart.md",
            "# Incident 4913 follow-up\n\nRestart.\n",
        ),
        (
            "content/runbooks/top.md",
            "# Top\n\nSee [the follow-up](4913/restart.md).\n",
        ),
    ]);
    let found = problems(&stderr(&build_ok(site.path())));
    assert!(found.is_empty(), "{found:#?}");
    let page = site.path().join("public/runbooks/4913/restart/index.html");
    assert!(page.is_file(), "{}", page.display());
}

/// A runbook opening by quoting a Git LFS pointer's first line: on main's binary the
/// build failed (exit 1, "is a Git LFS pointer, not the file"); a pointer is the spec's
/// few `key value` lines, and this one builds.
#[test]
fn a_runbook_quoting_an_lfs_pointer_builds() {
    let md = "version https://git-lfs.github.com/spec/v1 opens every pointer file.\n\n\
        If a page shows it, run `git lfs pull`.\n";
    let found = problems_of(md);
    assert!(!found.iter().any(|f| f.contains("LFS")), "{found:#?}");
}

/// A team and a rotation, for `reminder_hours`.
const ONCALL: [(&str, &str); 3] = [
    OPS_SITE,
    (
        "content/team.yaml",
        "engineers:\n  - id: de1\n    name: One\n  - id: de2\n    name: Two\n",
    ),
    (
        "content/oncall.yaml",
        "rotation:\n  order: [de1, de2]\n  start: 2024-01-01\n  handoff: { weekday: monday, time: \"09:00\" }\n  timezone: UTC\n",
    ),
];

/// Numbers YAML reads otherwise than a reader: on main's binary `1e9` was "1000000000 is
/// not a whole number", `1e2` "100 is not a whole number", a number past 64 bits the
/// parser's "invalid type: integer … as u128", and `012` unquoted told to lose its
/// quotes. Each now says what is wrong, at its line.
#[test]
fn numbers_written_otherwise_say_what_is_wrong() {
    for (value, said, not_said) in [
        (
            "1e10",
            "10000000000 hours is out of range",
            "not a whole number",
        ),
        (
            "1e9",
            "1000000000 is written with a point or an exponent",
            "not a whole number",
        ),
        (
            "1e2",
            "100 is written with a point or an exponent",
            "not a whole number",
        ),
        (
            "12.0",
            "12 is written with a point or an exponent",
            "not a whole number",
        ),
        (
            "99999999999999999999999",
            "99999999999999999999999 hours is out of range",
            "u128",
        ),
        (
            "012",
            "`012` is text, not a number (a number does not begin with 0): write `12`",
            "quotes",
        ),
    ] {
        let mut files = ONCALL.to_vec();
        let oncall = format!("{}reminder_hours: {value}\n", ONCALL[2].1);
        files[2] = ("content/oncall.yaml", &oncall);
        let site = site_of(&files);
        let out = pipebook(&["build", "--root", site.path().to_str().unwrap()]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{value}: {err}");
        assert!(err.contains(said), "{value}: {err}");
        assert!(err.contains("content/oncall.yaml:6:"), "{value}: {err}");
        assert!(!err.contains(not_said), "{value}: {err}");
    }
}
