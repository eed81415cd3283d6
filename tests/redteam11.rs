//! An eleventh adversarial review (session 16): runbooks written for GitHub and GitLab
//! whose forge syntax was shown as written (`:emoji:` shortcodes, GitLab's inline diffs),
//! and hostile input tried against main. Each test builds a small site in a temporary
//! folder.

mod common;

use common::{build_ok, read, site_of};

const SITE: (&str, &str) = (
    "content/site.yaml",
    "title: Ops\nbase_url: https://ops.example/\n",
);

/// The `<article>` of a built runbook page.
fn article(page: &str) -> &str {
    let start = page.find("<article").expect("an article");
    let end = page.find("</article>").expect("its end");
    &page[start..end]
}

/// `:rocket:` and `:warning:` (gemoji's names, as GitHub and GitLab show them) are the
/// emoji; a name no forge knows, a time (`12:30:00`) and a word run into one (`a:id:b`)
/// stay as written, and so does any shortcode in code. Before, every one was
/// shown as written.
#[test]
fn emoji_shortcodes_are_the_emoji_outside_code() {
    let site = site_of(&[
        SITE,
        (
            "content/runbooks/deploy.md",
            "# Deploy\n\nShip it :rocket: but :warning: first. At 12:30:00, a:id:b, :not_an_emoji:.\n\n`:rocket:` in code.\n\n```\n:rocket: in a block\n```\n\n| state | sign |\n| --- | --- |\n| ok | :white_check_mark: |\n\n## Roll back :rewind:\n",
        ),
    ]);
    build_ok(site.path());
    let page = read(&site.path().join("public/runbooks/deploy/index.html"));
    let body = article(&page);
    assert!(body.contains("Ship it 🚀 but ⚠️ first."), "{body}");
    assert!(
        body.contains("At 12:30:00, a:id:b, :not_an_emoji:."),
        "{body}"
    );
    assert!(body.contains("<code>:rocket:</code> in code."), "{body}");
    assert!(body.contains(":rocket: in a block"), "{body}");
    assert!(body.contains("<td>✅</td>"), "{body}");
    // In headings too since session 33 (tests/forge33.rs), as on GitHub, while their ids
    // are still made from the text as written, which links written for the forges use.
    assert!(
        body.contains("<h2 id=\"roll-back-rewind\">Roll back ⏪"),
        "{body}"
    );
}

/// GitLab's inline diffs: `{+ added +}` and `[- removed -]` (either bracket on either side)
/// are `<ins>` and `<del>`; one left open, or in code, stays as written, and so does
/// shell's `${VAR:-x}`. Before, all were shown as written.
#[test]
fn gitlab_inline_diffs_are_ins_and_del() {
    let site = site_of(&[
        SITE,
        (
            "content/runbooks/change.md",
            "# Change\n\nThe timeout is [- 30 s -] {+ 60 s +}, and [+ retries +] {- none -]. Left {+ open.\n\nRun `echo {+ not +}` and ${VAR:-x}.\n",
        ),
    ]);
    build_ok(site.path());
    let page = read(&site.path().join("public/runbooks/change/index.html"));
    let body = article(&page);
    assert!(
        body.contains("The timeout is <del> 30 s </del> <ins> 60 s </ins>, and <ins> retries </ins> <del> none </del>. Left {+ open."),
        "{body}"
    );
    assert!(
        body.contains("<code>echo {+ not +}</code> and ${VAR:-x}."),
        "{body}"
    );
}

/// A diff in an image's description leaves its text only: no tag inside `alt`.
#[test]
fn an_inline_diff_in_alt_text_writes_no_tag() {
    let site = site_of(&[
        SITE,
        (
            "content/runbooks/pic.md",
            "# Pic\n\n![the {+ new +} flow :rocket:](flow.png)\n",
        ),
        ("content/runbooks/flow.png", "png"),
    ]);
    build_ok(site.path());
    let page = read(&site.path().join("public/runbooks/pic/index.html"));
    let body = article(&page);
    assert!(body.contains("alt=\"the  new  flow 🚀\""), "{body}");
    assert!(!body.contains("<ins>"), "{body}");
}

/// Math (`$…$`) is not read: runbooks' prose and tables are full of shell's `$VAR` and
/// SQL's `$1`, which GitHub's math would swallow (`$HOME/$USER` shows "HOME/" as math
/// there). Both stay as written.
#[test]
fn dollar_signs_stay_as_written() {
    let site = site_of(&[
        SITE,
        (
            "content/runbooks/sql.md",
            "# SQL\n\nSet $HOME/$USER first.\n\n| query |\n| --- |\n| WHERE id = $1 AND (state IN ($2, $3)) |\n",
        ),
    ]);
    build_ok(site.path());
    let page = read(&site.path().join("public/runbooks/sql/index.html"));
    let body = article(&page);
    assert!(body.contains("Set $HOME/$USER first."), "{body}");
    assert!(
        body.contains("WHERE id = $1 AND (state IN ($2, $3))"),
        "{body}"
    );
    assert!(!body.contains("math"), "{body}");
}

/// A heading's trailing `{…}` is read as its attributes: GitLab's `{+ added +}` or
/// `{onclick=…}` at the end of a heading vanished from it with no word. Now the author is
/// told, and the two ways the hint gives to keep the text work.
#[test]
fn text_taken_as_a_headings_attributes_is_reported() {
    let site = site_of(&[
        SITE,
        (
            "content/runbooks/h.md",
            "# H\n\n## Fix {+ now +}\n\n## Ok {#fine .x}\n\n## Kept {+ now +} #\n\n## Also &#123;+ now +}\n\ntext\n",
        ),
    ]);
    let out = build_ok(site.path());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err.matches("read as its attributes and not shown").count(),
        1,
        "{err}"
    );
    assert!(err.contains("content/runbooks/h.md:3:1"), "{err}");
    assert!(err.contains("`{now}`"), "{err}");
    let page = read(&site.path().join("public/runbooks/h/index.html"));
    let article = article(&page);
    assert!(article.contains(">Kept {+ now +}<"), "{article}");
    assert!(article.contains(">Also {+ now +}<"), "{article}");
    assert!(article.contains("id=\"fine\""), "{article}");
}
