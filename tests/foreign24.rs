//! What the gitlab and openshift corpora write for GitHub and GitLab, as session 24's
//! review read it on main (5f53dad): placeholders that vanished, links with a mistyped
//! scheme that did nothing, hints that fit no warning. Each test failed on 5f53dad.

mod common;

use common::{article, build_ok, problems, read, site_of, stderr};

const SITE: (&str, &str) = (
    "content/site.yaml",
    "title: Ops\nbase_url: https://ops.example/\n",
);

/// `<user>-db`, `kill <pid>`, `<pod name>`, `<your DSN here>`: no HTML element, shown as
/// typed (GitHub drops them; the reader then ran a command with a hole in it). Real
/// elements are cleaned as before, and a hostile "placeholder" is text.
#[test]
fn placeholders_show_as_typed() {
    let site = site_of(&[
        SITE,
        (
            "content/runbooks/db.md",
            "# Db\n\n- step\n\n  <image-name>\n\n| Account |\n|---|\n| <user>-db |\n\nRun kill <pid> now.\n\nReplace <pod name> with the name.\n\nSet <your DSN here> and <image-name>.\n\nA <nobr>real</nobr> tag, a <x onclick=\"alert(1)\">fake</x> one, <script>alert(2)</script>.\n",
        ),
    ]);
    let out = build_ok(site.path());
    let html = article(site.path(), "db");
    for shown in [
        "&lt;user&gt;-db",
        "kill &lt;pid&gt; now",
        "Replace &lt;pod name&gt; with",
        "Set &lt;your DSN here&gt; and &lt;image-name&gt;.",
        "&lt;x onclick=\"alert(1)\"&gt;fake&lt;/x&gt;",
    ] {
        assert!(html.contains(shown), "{shown} in {html}");
    }
    assert!(!html.contains("<nobr") && !html.contains("<script") && !html.contains("<x "));
    // An HTML block of an unknown tag in a list item is cleaned as before: the closing tag
    // pipebook writes at the item's end is not shown as text.
    assert!(!html.contains("&lt;/image-name&gt;"), "{html}");
    let err = stderr(&out);
    let found = problems(&err);
    assert!(
        found
            .iter()
            .any(|p| p.starts_with("content/runbooks/db.md:9 `<user>` is no HTML element")),
        "{err}"
    );
    assert!(
        err.contains("write it in backticks (`` `<pid>` ``) or as `&lt;pid&gt;`"),
        "{err}"
    );
    // The real element keeps today's warning and hint.
    assert!(err.contains("`<nobr>` is removed from the page"), "{err}");
}

/// `[Red Hat Customer Portal](link:https://access.redhat.com)` was blue text with no
/// address; now its text is plain, and the hint says to drop `link:` (or mend `hhttps`).
#[test]
fn a_link_of_a_wrong_scheme_is_plain_text_with_the_fix() {
    let site = site_of(&[
        SITE,
        (
            "content/runbooks/vm.md",
            "# Vm\n\nOpen a case in the [Red Hat Customer Portal](link:https://access.redhat.com).\n\nThe [team page](hhttps://handbook.gitlab.com/x) says.\n\nA [real link](https://ops.example/).\n",
        ),
    ]);
    let out = build_ok(site.path());
    let html = article(site.path(), "vm");
    assert!(html.contains("in the Red Hat Customer Portal."), "{html}");
    assert!(html.contains("The team page says."), "{html}");
    assert!(
        html.contains("<a href=\"https://ops.example/\">real link</a>"),
        "{html}"
    );
    let err = stderr(&out);
    assert!(
        err.contains("hint: drop `link:`: the address is `https://access.redhat.com`"),
        "{err}"
    );
    assert!(err.contains("hint: `hhttps` -> `https`"), "{err}");
    assert!(!err.contains("sanitize_html: false"), "{err}");
}

/// `style` on `<img>` is answered with the attribute that is kept (`width=`), not with
/// "write it in Markdown".
#[test]
fn style_on_an_image_gets_the_width_hint() {
    let site = site_of(&[
        SITE,
        (
            "content/runbooks/img.md",
            "# Img\n\n<img src=\"a.png\" style=\"width: 300px\">\n",
        ),
        ("content/runbooks/a.png", "not really"),
    ]);
    let err = stderr(&build_ok(site.path()));
    assert!(
        err.contains("attribute `style` of `<img>` is removed"),
        "{err}"
    );
    assert!(err.contains("hint: give the image `width=\"…\"`"), "{err}");
}

/// A long log of warnings ends with a count of them by kind, most first.
#[test]
fn many_warnings_end_with_a_tally_by_kind() {
    let mut body = String::from("# Many\n\n");
    for i in 0..12 {
        body.push_str(&format!("See [x{i}](missing{i}.md).\n\n"));
    }
    body.push_str("Run kill <pid>.\n");
    let site = site_of(&[SITE, ("content/runbooks/many.md", &body)]);
    let err = stderr(&build_ok(site.path()));
    let tally = &err[err.find("13 warnings by kind:").expect(&err)..];
    let lines: Vec<&str> = tally.lines().collect();
    assert_eq!(
        lines[1].trim_start(),
        "12  link `…` points to `…` …",
        "{tally}"
    );
    assert_eq!(
        lines[2].trim_start(),
        "1  `…` is no HTML element",
        "{tally}"
    );
    // Five words a kind: a search of the log for a message's phrase finds the messages.
    assert_eq!(err.matches("which does not exist").count(), 12, "{err}");
}

/// `**Table of Contents**` over `[[_TOC_]]` (about 155 gitlab-runbooks pages) stood as an
/// orphan label above the contents, and began the page's search snippet.
#[test]
fn a_contents_label_over_the_marker_is_left_out() {
    let site = site_of(&[
        SITE,
        (
            "content/runbooks/nat.md",
            "# Nat\n\n**Table of Contents**\n\n[[_TOC_]]\n\n## Check it\n\nLook at the gateway.\n",
        ),
    ]);
    build_ok(site.path());
    let html = article(site.path(), "nat");
    assert!(html.contains("toc-inline"), "{html}");
    assert!(!html.contains("Table of Contents"), "{html}");
    let index = texts_under(&site.path().join("public/search"));
    assert!(
        index.contains("gateway"),
        "search files hold the page's text"
    );
    assert!(!index.contains("Table of Contents"), "{index}");
}

/// Every JSON file's text under `dir`, its folders walked.
fn texts_under(dir: &std::path::Path) -> String {
    let mut all = String::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            all.push_str(&texts_under(&path));
        } else if path.extension().is_some_and(|x| x == "json") {
            all.push_str(&read(&path));
        }
    }
    all
}

/// A PlantUML block shows as code: said at its line, once a page (GitLab draws it); and
/// an image GitLab keeps at `/uploads/…` gets a hint that fits an image, not "link to a
/// runbook by its file".
#[test]
fn plantuml_and_uploads_are_told_with_fitting_hints() {
    let site = site_of(&[
        SITE,
        (
            "content/runbooks/net.md",
            "# Net\n\n```plantuml\nA -> B\n```\n\n```plantuml\nB -> C\n```\n\n![vpc-before](/uploads/0653/vpc-before.png)\n",
        ),
    ]);
    let out = common::pipebook(&["build", "--root", site.path().to_str().unwrap()]);
    let err = stderr(&out);
    let found = problems(&err);
    let plantuml: Vec<&String> = found.iter().filter(|p| p.contains("PlantUML")).collect();
    assert_eq!(plantuml.len(), 1, "{err}");
    assert!(
        plantuml[0].starts_with("content/runbooks/net.md:3 a PlantUML block is not drawn"),
        "{err}"
    );
    assert!(err.contains("link `/uploads/0653/vpc-before.png`"), "{err}");
    assert!(
        err.contains("hint: `/uploads/…` is a file GitLab attached to an issue or comment"),
        "{err}"
    );
    assert!(
        !err.contains("link to a runbook by its file instead"),
        "{err}"
    );
}

/// Two pages titled `Overview` from their file names: the warning pointed at line 1 of
/// each, where no such title is written; it now says the title was made from the name.
/// (Their headings come after text: a heading that opens a page names it since md25.)
#[test]
fn a_title_made_from_a_file_name_says_so() {
    let site = site_of(&[
        SITE,
        (
            "content/runbooks/a/overview.md",
            "Text.\n\n## Artifact Registry\n\nText.\n",
        ),
        (
            "content/runbooks/b/overview.md",
            "Text.\n\n## Other registry\n\nText.\n",
        ),
    ]);
    let err = stderr(&build_ok(site.path()));
    assert!(
        err.contains("the title `Overview` (made from the file name: the page has no `#` heading or front matter `title`) is also the title of content/runbooks/a/overview.md (`Overview`, made from its file name)"),
        "{err}"
    );
}

/// `{+ `master` +}` (redis.md's Sentinel flags): a code span inside GitLab's inline diff
/// showed its braces; now `<ins>`/`<del>` as GitLab shows it.
#[test]
fn an_inline_diff_around_code_is_read() {
    let site = site_of(&[
        SITE,
        (
            "content/runbooks/redis.md",
            "# Redis\n\n- `flags`: {+ `master` +} is good. {- `odown` -} is bad.\n- {+ `x` is left open\n",
        ),
    ]);
    build_ok(site.path());
    let html = article(site.path(), "redis");
    assert!(
        html.contains(
            "<ins><code>master</code></ins> is good. <del><code>odown</code></del> is bad."
        ),
        "{html}"
    );
    assert!(html.contains("{+ <code>x</code> is left open"), "{html}");
}
