//! A hostile pull request, session 38 (red38b): combining marks stacked on a letter
//! ("Zalgo text"), and text in team.yaml and oncall.yaml that reads as an instruction in
//! the on-call box. Each test builds a small site in a temporary folder.

mod common;

use common::{build_ok, pipebook, problems, site_of, stderr};

const SITE: (&str, &str) = (
    "content/site.yaml",
    "title: Ops\nbase_url: https://ops.example/\n",
);
const PIPELINES: (&str, &str) = (
    "content/pipelines.yaml",
    "domains:\n  - id: d\n    name: D\npipelines:\n  - id: p\n    name: P\n    domain: d\n    audience: ops\n    primary: de1\n    secondary: de2\n",
);

/// `n` combining marks, above and below by turns.
fn marks(n: usize) -> String {
    "\u{0300}\u{0316}".repeat(n / 2) + if n % 2 == 1 { "\u{0301}" } else { "" }
}

fn team(name: &str) -> String {
    format!("engineers:\n  - id: de1\n    name: {name}\n  - id: de2\n    name: Dana Lee\n")
}

fn oncall(reason: &str) -> String {
    format!("rotation:\n  order: [de1, de2]\n  start: 2024-01-01\n  handoff: {{ weekday: monday, time: \"09:00\" }}\n  timezone: UTC\noverrides:\n  - engineer: de2\n    from: \"2024-02-01 09:00\"\n    to: \"2024-02-02 09:00\"\n    reason: {reason}\n")
}

fn build(files: &[(&str, &str)]) -> (Option<i32>, Vec<String>, bool) {
    let site = site_of(files);
    let out = pipebook(&["build", "--root", site.path().to_str().unwrap()]);
    let written = site.path().join("public").exists();
    (out.status.code(), problems(&stderr(&out)), written)
}

const TOO_MANY: &str = "stacks more than 30 combining marks on one letter, which browsers draw over the lines above and below it";

/// 31 marks on a letter of an engineer's name, a domain's name, an override's reason, a
/// runbook's title and a heading drew over the breadcrumbs and the on-call box (400 of
/// them some 30 px in Chromium). On main all built without a word (exit 0); now each is
/// refused at its line.
#[test]
fn letters_with_more_than_30_marks_are_refused_in_names_titles_and_headings() {
    let z = format!("Z{}ed", marks(31));
    let team = team(&format!("Ann {z}"));
    let pipelines = PIPELINES.1.replace("name: D\n", &format!("name: D{z}\n"));
    let oncall = oncall(&format!("cover {z}"));
    let runbook = format!("---\ntitle: T{z}\n---\n# Title\n\nText.\n");
    let (code, found, written) = build(&[
        SITE,
        ("content/team.yaml", &team),
        ("content/pipelines.yaml", &pipelines),
        ("content/oncall.yaml", &oncall),
        ("content/runbooks/r.md", &runbook),
    ]);
    assert_eq!(code, Some(1), "{found:#?}");
    assert!(!written);
    for expected in [
        format!("content/team.yaml:3 `engineers[0].name` {TOO_MANY}"),
        format!("content/pipelines.yaml:3 `domains[0].name` {TOO_MANY}"),
        format!("content/oncall.yaml:10 `overrides[0].reason` {TOO_MANY}"),
        format!("content/runbooks/r.md:2 the title {TOO_MANY}"),
    ] {
        assert!(
            found.iter().any(|f| f.starts_with(&expected)),
            "{expected}\n{found:#?}"
        );
    }
    assert_eq!(found.len(), 4, "{found:#?}");
    // A heading's, found as the page is rendered (after the checks above pass).
    let runbook = format!("# Title\n\nText.\n\n## Step {z}\n\nMore.\n");
    let (code, found, written) = build(&[SITE, ("content/runbooks/r.md", &runbook)]);
    assert_eq!((code, written), (Some(1), false), "{found:#?}");
    let expected = format!("content/runbooks/r.md:5 this heading {TOO_MANY}");
    assert_eq!(found, [expected]);
}

/// In the text they are a warning at the first such letter's line, with how many more
/// (the theme paints its boxes over them: tests/browser/test_stacked_marks.py), and 30
/// marks on a letter (Unicode's stream-safe bound) pass anywhere, as do real names and
/// scripts that stack a few.
#[test]
fn marks_in_the_text_are_a_warning_and_30_pass() {
    let thirty = format!("G{}", marks(30));
    let runbook = format!(
        "---\ntitle: Ti\u{1EBF}ng Vi\u{1EC7}t {thirty}\n---\n# Title\n\n## Step {thirty}\n\nText \u{0F67}\u{0FB9}\u{0F72}\u{0F7E}.\n\nA Z{} and z{} here.\n\n    y{}\n",
        marks(31),
        marks(40),
        marks(400)
    );
    let team = team(&format!("Zo\u{00EB} {thirty}"));
    let oncall = oncall("cover");
    let site = site_of(&[
        SITE,
        PIPELINES,
        ("content/team.yaml", &team),
        ("content/oncall.yaml", &oncall),
        ("content/runbooks/r.md", &runbook),
    ]);
    let out = build_ok(site.path());
    let found = problems(&stderr(&out));
    assert_eq!(
        found,
        [format!(
            "content/runbooks/r.md:10 this text {TOO_MANY} (and 2 more letters on this page)"
        )],
        "{found:#?}"
    );
}

/// An engineer's name and Slack handle are in the "on call now" box of every page as they
/// are: one named "No one is on call. Escalate to +1 555 0199" told every reader to ring a
/// stranger. On main it built (exit 0) and every page said so; now it is refused at its
/// line, as is a Slack handle that is a phone number.
#[test]
fn a_name_or_slack_handle_that_reads_as_an_instruction_is_refused() {
    let team = "engineers:\n  - id: de1\n    name: No one is on call. Escalate to +1 555 0199\n  - id: de2\n    name: Dana Lee\n    contact: { slack: \"call +44 20 7946 0958\" }\n";
    let oncall = oncall("cover");
    let (code, found, written) = build(&[
        SITE,
        PIPELINES,
        ("content/team.yaml", team),
        ("content/oncall.yaml", &oncall),
    ]);
    assert_eq!((code, written), (Some(1), false), "{found:#?}");
    let box_says = "the \"on call now\" box of every page shows it as it is, where readers take it for pipebook's own words";
    assert_eq!(
        found,
        [
            format!("content/team.yaml:3 `engineers[0].name` reads as more than one sentence: {box_says}"),
            format!("content/team.yaml:6 `engineers[1].contact.slack` holds what reads as a phone number: {box_says}"),
        ]
    );
}

/// Real names pass, and an override's reason is shown quoted, as the reason its author
/// gave: on main the box said `Override: No one is on call. Escalate to +1 555 0199`, as
/// if pipebook said it.
#[test]
fn real_names_pass_and_a_reason_is_shown_quoted() {
    let names = [
        "Pat O'Brien Jr.",
        "Zoë Saldaña",
        "李小龍",
        "Anne-Marie de la Cruz",
        "J. R. R. Tolkien",
    ];
    let mut team = String::from("engineers:\n");
    for (i, name) in names.iter().enumerate() {
        team += &format!("  - id: e{i}\n    name: \"{name}\"\n");
    }
    let pipelines = PIPELINES.1.replace("de1", "e0").replace("de2", "e1");
    // The fixed clock (tests/common) is 2026-11-26 12:00 UTC: the override covers it.
    let oncall = "rotation:\n  order: [e0, e1, e2, e3, e4]\n  start: 2024-01-01\n  handoff: { weekday: monday, time: \"09:00\" }\n  timezone: UTC\noverrides:\n  - { engineer: e2, from: \"2026-11-25 09:00\", to: \"2026-11-28 09:00\", reason: \"No one is on call. Escalate to +1 555 0199\" }\n";
    let site = site_of(&[
        SITE,
        ("content/pipelines.yaml", &pipelines),
        ("content/team.yaml", &team),
        ("content/oncall.yaml", oncall),
    ]);
    let out = build_ok(site.path());
    assert_eq!(problems(&stderr(&out)), Vec::<String>::new());
    let home = std::fs::read_to_string(site.path().join("public/index.html")).unwrap();
    assert!(home.contains("李小龍"), "{home}");
    assert!(
        home.contains(
            "Override, reason given: \u{201C}No one is on call. Escalate to +1 555 0199\u{201D}"
        ),
        "{home}"
    );
    assert!(!home.contains("Override: No one"), "{home}");
    let team_page =
        std::fs::read_to_string(site.path().join("public/engineers/index.html")).unwrap();
    for name in names {
        let shown = ["&#x27;", "&#39;", "'"].map(|q| name.replace('\'', q));
        assert!(shown.iter().any(|s| team_page.contains(s)), "{name}");
    }
}
