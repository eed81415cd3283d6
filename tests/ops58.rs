//! What runbook repositories written for GitHub and GitLab bring (session 58): footnote
//! labels written in another letter case than their definition's.

mod common;

use common::*;

const SITE: (&str, &str) = (
    "content/site.yaml",
    "title: Ops\nrunbooks: .\nbroken_links: error\n",
);

/// `[^Note]` over `[^NOTE]: …`: GitHub (cmark-gfm 0.29.0.gfm.13) matches the labels in
/// any case and ids the footnote by its definition, `fn-NOTE`, every reference leading
/// there, so a link copied from GitHub says `#fn-NOTE`. On main the id was taken from the
/// first reference (`fn-Note`) and `[back](#fn-NOTE)` was a broken link (an error here).
#[test]
fn a_footnote_is_id_d_by_its_definition_s_label_as_on_github() {
    let site = site_of(&[
        SITE,
        (
            "a.md",
            "# A\n\nSee this[^Note] and that[^note].\n\n[^NOTE]: The note.\n\n\
             Read [the note](#fn-NOTE).\n",
        ),
        // The definition first, then references in other cases.
        (
            "b.md",
            "# B\n\n[^Disk]: Full.\n\nOne[^DISK], two[^disk]; [the note](#fn-Disk).\n",
        ),
    ]);
    let o = build_ok(site.path());
    let err = stderr(&o);
    assert!(!err.contains("fn-"), "{err}");
    let a = article(site.path(), "a");
    assert_eq!(a.matches("href=\"#fn-NOTE\"").count(), 3, "{a}");
    assert!(a.contains("id=\"fn-NOTE\""), "{a}");
    assert!(!a.contains("fn-Note") && !a.contains("fn-note"), "{a}");
    let b = article(site.path(), "b");
    assert_eq!(b.matches("href=\"#fn-Disk\"").count(), 3, "{b}");
    assert!(b.contains("id=\"fn-Disk\""), "{b}");
    assert!(!b.contains("fn-DISK") && !b.contains("fn-disk"), "{b}");
}

/// The last character before `…` in `s`, after the text that `s` starts with at `from`.
fn before_ellipsis(s: &str, from: &str) -> char {
    let at = s.find(from).unwrap_or_else(|| panic!("{from} in {s}"));
    let rest = &s[at..];
    let end = rest.find('…').unwrap_or_else(|| panic!("… in {rest}"));
    rest[..end].chars().last().unwrap()
}

/// A row of flags or of joined emoji with no space in it, cut where an excerpt ends: the
/// search result's lead (100 bytes), its section text (4,000) and the listing's summary
/// (160 characters). On main each cut at a character's end: `🇩🇪` × 40 led with a lone
/// regional indicator (a boxed "D") before the `…`, the listing showed `👩‍👩‍👧‍` (a
/// family short of its son, and a dangling joiner), the section text ended in half a
/// flag. Each ends where a flag or a family does now.
#[test]
fn an_excerpt_never_ends_inside_a_flag_or_a_joined_emoji() {
    let flags = "🇩🇪".repeat(40);
    let family = "👩\u{200d}👩\u{200d}👧\u{200d}👦";
    let site = site_of(&[
        SITE,
        ("flags.md", &format!("# Flags\n\n{flags}\n")),
        ("fam.md", &format!("# Family\n\nx{}\n", family.repeat(40))),
        (
            "long.md",
            &format!("# Long\n\n## Regions\n\nab{}\n", "🇫🇷".repeat(600)),
        ),
    ]);
    build_ok(site.path());
    let fragments: Vec<String> = std::fs::read_dir(site.path().join("public/search/f"))
        .unwrap()
        .map(|e| read(&e.unwrap().path()))
        .collect();
    let fragment = |title: &str| {
        fragments
            .iter()
            .find(|f| f.contains(&format!("\"t\":\"{title}\"")))
            .unwrap_or_else(|| panic!("{title}: {fragments:?}"))
            .clone()
    };
    // The lead: 12 whole flags (96 bytes), not 12 and a half.
    let lead = fragment("Flags");
    assert!(
        lead.contains(&format!("\"l\":\"{}…\"", "🇩🇪".repeat(12))),
        "{lead}"
    );
    let lead = fragment("Family");
    assert!(
        lead.contains(&format!("\"l\":\"x{}…\"", family.repeat(3))),
        "{lead}"
    );
    // The section's text: whole flags, a regional indicator ending it at a pair's end.
    let long = fragment("Long");
    let text_end = long.rfind("🇫🇷\"").expect("the text ends with a whole flag");
    let text_start = long[..text_end].rfind("\"ab").unwrap() + 3;
    assert_eq!(
        long[text_start..text_end + "🇫🇷".len()].chars().count() % 2,
        0,
        "{long}"
    );
    // The listing's summary: a whole family before `…`.
    let listing = read(&site.path().join("public/runbooks/index.html"));
    assert_eq!(before_ellipsis(&listing, "x👩"), '👦', "{listing}");
}
