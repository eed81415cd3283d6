//! Hostile and foreign content found in session 33's review. Each test failed on main
//! b261213 (tests/browser/test_red33.py measures in Chromium what these warn of).

mod common;

use common::{build_ok, problems, site_of, stderr};

/// After a right-to-left letter, or at the start of a `dir="rtl"` (or `dir="auto"`
/// starting with one), numbers show in another order than written: Chromium drew
/// `Call א 10.0.5.1 10.0.5.2` as `10.0.5.2 10.0.5.1 א`, `<span dir="rtl">+1 555 0100 ext
/// 12</span>` with its numbers turned around, and the same in code despite its
/// left-to-right isolate, while Copy takes them as written. Nothing was said; now one
/// warning a page names the first at its line and counts the rest. Hebrew prose that
/// starts with and mostly holds Hebrew reads right to its readers and stays quiet.
#[test]
fn numbers_shown_turned_around_are_warned_at_their_line() {
    let site = site_of(&[
        ("content/site.yaml", "title: Ops\n"),
        (
            "content/runbooks/call.md",
            "# Call\n\nHonest 10.0.0.1 10.0.0.2 here.\n\n\
             Call \u{5D0} 10.0.5.1 10.0.5.2 now.\n\n\
             A <span dir=\"rtl\">+1 555 0100</span> ext 12.\n\n\
             <div dir=rtl>\n\n10.0.3.1 10.0.3.2\n\n</div>\n",
        ),
        (
            "content/runbooks/code.md",
            "# Code\n\n```\nssh \u{5D0} 10.0.8.1 10.0.8.2\n```\n",
        ),
        (
            "content/runbooks/hebrew.md",
            "# Hebrew\n\n\u{5E4}\u{5EA}\u{5D7} \u{5E4}\u{5D5}\u{5E8}\u{5D8} 10.0.9.1 - 10.0.9.2\n\n\
             <p dir=\"rtl\">\u{5E4}\u{5EA}\u{5D7} 10.0.13.1 10.0.13.2</p>\n",
        ),
    ]);
    let out = build_ok(site.path());
    let err = stderr(&out);
    let found: Vec<String> = problems(&err)
        .into_iter()
        .filter(|p| p.contains("other order"))
        .collect();
    assert_eq!(found.len(), 2, "{err}");
    assert!(
        found[0].starts_with("content/runbooks/call.md:5 numbers after right-to-left text")
            && found[0].contains("`10.0.5.1 10.0.5.2`")
            && found[0].ends_with("; 2 more such runs are in this page"),
        "{err}"
    );
    assert!(
        found[1].starts_with("content/runbooks/code.md:4 right-to-left letters in code")
            && found[1].contains("`10.0.8.1 10.0.8.2`"),
        "{err}"
    );
}

/// A link's title is the tooltip a browser shows when the link is pointed at: `[the
/// dashboard](https://evil.example/ "https://grafana.ops.example/d/etl")` showed the
/// grafana address there and led elsewhere, without a word (the link's text was read, its
/// title not). Now a title naming another host is warned of at its line, in Markdown and
/// in raw HTML's `<a title>`; a title that names the link's own host, or no host, is not.
#[test]
fn a_link_title_naming_another_host_is_warned_at_its_line() {
    let site = site_of(&[
        ("content/site.yaml", "title: Ops\n"),
        (
            "content/runbooks/title.md",
            "# Title\n\n\
             See [the dashboard](https://evil.example/ \"https://grafana.ops.example/d/etl\").\n\n\
             <a title=\"grafana.ops.example/d/etl\" href=\"https://evil.example/\">dashboard</a>\n\n\
             [Ours](https://grafana.ops.example/d/etl \"grafana.ops.example\") and \
             [plain](https://evil.example/ \"The ETL dashboard\").\n",
        ),
    ]);
    let out = build_ok(site.path());
    let err = stderr(&out);
    let found: Vec<String> = problems(&err)
        .into_iter()
        .filter(|p| p.contains("title (its tooltip)"))
        .collect();
    assert_eq!(found.len(), 2, "{err}");
    assert!(
        found[0].starts_with("content/runbooks/title.md:3 the link's title (its tooltip) shows the host `grafana.ops.example`, but the link leads to `evil.example`"),
        "{err}"
    );
    assert!(
        found[1].starts_with("content/runbooks/title.md:5 "),
        "{err}"
    );
}
