//! Session 45's hostile pull request: hosts written wholly in letters of another script
//! that pass for Latin ones (`сосо.com`, every letter Cyrillic), which browsers show as
//! punycode and a reader of the runbook or of the pull request's diff reads as a Latin
//! name; and what calendar apps show of a right-to-left name beside a number. Each test
//! builds a site in a temporary folder and reads the written files or the messages.

mod common;

use common::{edit, example_site, problems_of};

/// `сосо` in Cyrillic letters alone, each of which reads as a Latin one (`coco`).
const COCO: &str = "\u{0441}\u{043E}\u{0441}\u{043E}";

fn build_edited(edits: &[(&str, &str, &str)]) -> (Option<i32>, String) {
    let site = example_site();
    for (file, from, to) in edits {
        edit(site.path(), file, from, to);
    }
    let out = common::pipebook(&["build", "--root", site.path().to_str().unwrap()]);
    (out.status.code(), common::stderr(&out))
}

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
