//! Session 45's hostile pull request: hosts written wholly in letters of another script
//! that pass for Latin ones (`сосо.com`, every letter Cyrillic), which browsers show as
//! punycode and a reader of the runbook or of the pull request's diff reads as a Latin
//! name; and what calendar apps show of a right-to-left name beside a number. Each test
//! builds a site in a temporary folder and reads the written files or the messages.

mod common;

use common::{build_edited, edit, example_site, problems_of};

/// `сосо` in Cyrillic letters alone, each of which reads as a Latin one (`coco`).
const COCO: &str = "\u{0441}\u{043E}\u{0441}\u{043E}";

/// A runbook link to `https://сосо.com/` (all Cyrillic), in Unicode or as punycode: on
/// main no word, as src/url/lookalike.rs caught only labels mixing scripts; the page
/// shows `сосо.com` where the reader reads the Latin `coco.com`, and a browser's address
/// bar shows `xn--…`. Now a warning at each link's line. Under `.рф` or `.ru`, and for an
/// honest name (`пример.com`, whose `и` reads as no Latin letter), none.
#[test]
fn links_to_a_whole_script_lookalike_host_are_warned() {
    let puny = "xn--n1aahb"; // сосо
    let md = format!(
        "---\ntitle: A\n---\n# A\n\n[shop](https://{COCO}.com/login)\n\n\
         [shop](https://{puny}.com/login)\n\n\
         [ok](https://{COCO}.\u{0440}\u{0444}/)\n\n[ok](https://{COCO}.ru/)\n\n\
         [ok](https://\u{043F}\u{0440}\u{0438}\u{043C}\u{0435}\u{0440}.com/)\n"
    );
    let problems = problems_of(&md);
    let told: Vec<_> = problems
        .iter()
        .filter(|p| p.contains("pass for Latin"))
        .collect();
    assert_eq!(told.len(), 2, "{problems:#?}");
    assert!(
        told[0].contains("a.md:6") && told[0].contains("Cyrillic"),
        "{told:?}"
    );
    assert!(told[1].contains("a.md:8"), "{told:?}");
    assert!(
        told.iter().all(|p| p.contains(&format!("{COCO}.com"))),
        "{told:?}"
    );
    assert_eq!(problems.len(), 2, "{problems:#?}");
}

/// `repository`, `edit_url` and `base_url` of site.yaml on a whole-script lookalike host,
/// and an engineer's e-mail address at one: on main the site built, and every page's
/// "Edit this page" led to that host. Now an error at each line.
#[test]
fn site_links_and_contacts_on_a_whole_script_lookalike_host_are_refused() {
    let (code, err) = build_edited(&[
        (
            "content/site.yaml",
            "repository: https://github.com/",
            &format!("repository: https://{COCO}.com/"),
        ),
        (
            "content/site.yaml",
            "edit_url: https://github.com/",
            &format!("edit_url: https://{COCO}.com/"),
        ),
        (
            "content/site.yaml",
            "base_url: https://",
            &format!("base_url: https://{COCO}.com/x/"),
        ),
        (
            "content/team.yaml",
            "email: de1@example.com",
            &format!("email: de1@{COCO}.com"),
        ),
    ]);
    assert_eq!(code, Some(1), "{err}");
    for key in ["repository", "edit_url", "base_url"] {
        assert!(
            err.lines()
                .any(|l| l.starts_with(&format!("error: {key}")) && l.contains("pass for Latin")),
            "{key}: {err}"
        );
    }
    assert!(
        err.lines().any(|l| l.starts_with("error: the email `de1@")
            && l.contains("Cyrillic letters that pass for Latin")),
        "{err}"
    );
}

/// Each line of the texts (`SUMMARY`, `DESCRIPTION`, …) of the calendar `ics`, unfolded
/// and unescaped, that has a right-to-left letter outside an isolate (U+2066–U+2068 …
/// U+2069). A calendar app lays each such line out by Unicode's bidi algorithm, whose
/// direction is the line's first letter's (isolates skipped): a Hebrew name first turned
/// the whole line right to left.
fn lines_with_bare_rtl(ics: &str) -> Vec<String> {
    let unfolded = ics.replace("\r\n ", "").replace("\r\n\t", "");
    let mut found = Vec::new();
    for property in unfolded.split("\r\n") {
        let Some((_, value)) = property.split_once(':') else {
            continue;
        };
        let text = value
            .replace("\\n", "\n")
            .replace("\\,", ",")
            .replace("\\;", ";");
        for line in text.lines() {
            let mut depth = 0usize;
            let bare = line.chars().any(|c| match c {
                '\u{2066}'..='\u{2068}' => {
                    depth += 1;
                    false
                }
                '\u{2069}' => {
                    depth = depth.saturating_sub(1);
                    false
                }
                '\u{0590}'..='\u{05FF}' => depth == 0,
                _ => false,
            });
            if bare {
                found.push(line.to_string());
            }
        }
    }
    found
}

/// Engineers named in Hebrew (`דנה`, `אבי 2`), and a pipeline: on main the
/// feeds wrote the names bare, and a calendar app showed `אבי 2 is second on call for …
/// paged when דנה, on call, does not answer.` right to left, which reads (left to right,
/// as fribidi lays it out) `.on call, does not answer ,דנה is second on call for … paged
/// when אבי 2`: the primary and the secondary swapped. With the two names alone, 140 of
/// the feeds' 419 lines naming one read right to left. Now each such name is isolated
/// (U+2068 … U+2069), and a team without one has its feeds unchanged.
#[test]
fn right_to_left_names_are_isolated_in_calendar_feeds() {
    let site = example_site();
    let root = site.path();
    edit(
        root,
        "content/team.yaml",
        "name: Data Engineer 1",
        "name: \u{05D3}\u{05E0}\u{05D4}",
    );
    edit(
        root,
        "content/team.yaml",
        "name: Data Engineer 2",
        "name: \"\u{05D0}\u{05D1}\u{05D9} 2\"",
    );
    edit(
        root,
        "content/pipelines.yaml",
        "name: Daily growth",
        "name: \u{05E6}\u{05D9}\u{05E0}\u{05D5}\u{05E8}",
    );
    common::build_ok(root);
    let public = root.join("public");
    let feeds = common::feed_files(&public);
    assert!(feeds.len() >= 5, "{feeds:?}");
    let mut hebrew = 0;
    for feed in &feeds {
        let ics = common::read(feed);
        hebrew += ics.matches('\u{05D3}').count();
        let bare = lines_with_bare_rtl(&ics);
        assert!(bare.is_empty(), "{}: {bare:#?}", feed.display());
    }
    assert!(hebrew > 10, "the names are in the feeds: {hebrew}");
    let team = common::read(&public.join("oncall.ics"));
    assert!(
        team.contains("SUMMARY:On call: \u{2068}\u{05D3}\u{05E0}\u{05D4}\u{2069}\r\n"),
        "{team}"
    );
}

/// Ten harmless warnings in files that sort first (a broken link each, under
/// `broken_links: warning`) and a link to a lookalike host in `zzz.md`: GitHub annotates
/// the first ten warnings of a step only, so on main the pull request showed ten broken
/// links and not the lookalike, and the check passed. Now the tenth annotation names the
/// rest, the lookalike among them, at its file and line.
#[test]
fn a_warning_past_githubs_ten_annotations_is_named_in_the_tenth() {
    let mut files: Vec<(String, String)> = vec![(
        "content/site.yaml".into(),
        "title: Ops\nbase_url: https://ops.example/\nbroken_links: warning\n".into(),
    )];
    for i in 0..10 {
        files.push((
            format!("content/runbooks/aaa-{i}.md"),
            format!("---\ntitle: A{i}\n---\n# A{i}\n\n[next](missing-{i}.md)\n"),
        ));
    }
    files.push((
        "content/runbooks/zzz.md".into(),
        format!("---\ntitle: Z\n---\n# Z\n\n[login](https://{COCO}.com/login)\n"),
    ));
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let site = common::site_of(&refs);
    let out = common::pipebook(&[
        "check",
        "--root",
        site.path().to_str().unwrap(),
        "--format",
        "github",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    let stdout = common::stdout(&out);
    let warnings: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("::warning "))
        .collect();
    assert!(warnings.len() > 10, "{stdout}");
    let shown = &warnings[..10];
    assert!(
        shown
            .iter()
            .any(|l| l.contains("content/runbooks/zzz.md:6:") && l.contains("pass for Latin")),
        "the annotations GitHub shows: {shown:#?}"
    );
}
