//! An eighteenth adversarial review (session 23): raw HTML that closes pipebook's own
//! boxes (an alert, a list item, a table cell, a footnote, the article), or leaves a tag
//! or comment open to take them in; and what else foreign and hostile repositories
//! bring. Each test builds a small site in a temporary folder; each failed on b256c48.

mod common;

use common::{article, build_ok, problems, read, site_of, stderr};

const SITE: (&str, &str) = (
    "content/site.yaml",
    "title: Ops\nbase_url: https://ops.example/\n",
);

/// The box around each of `fakes` (its `<h1>`) as written in `html`: the element names
/// still open before it, counted by a naive stack (every page here is well nested).
fn open_before(html: &str, fake: &str) -> Vec<String> {
    let end = html.find(fake).expect(fake);
    let mut stack: Vec<String> = Vec::new();
    let mut rest = &html[..end];
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let close = rest.starts_with('/');
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if ["br", "img", "hr", "input", ""].contains(&name.as_str()) {
            continue;
        }
        if close {
            let at = stack.iter().rposition(|n| *n == name).expect("well nested");
            stack.truncate(at);
        } else {
            stack.push(name);
        }
    }
    stack
}

/// `> [!WARNING]` over `> </div></blockquote><h1>Fake</h1>` closed the alert's box
/// early: the `<h1>` stood after it. So did `</details>`, `</li></ul>`,
/// `</td></tr></table>` and `</div></section>` in a footnote, and `</article></main>`
/// left the runbook for the theme's chrome. A closing tag the author did not open in the
/// same block is left out now, said once at its line.
#[test]
fn stray_closing_tags_do_not_close_the_page_s_boxes() {
    let md = "# A\n\n> [!WARNING]\n> </div></blockquote><h1>Fake1</h1>\n> more\n\n\
<details><summary>x</summary>\n\n</details></details><h1>Fake2</h1>\n\n\
- item </li></ul><h1>Fake3</h1>\n- two\n\n| a | b |\n|---|---|\n\
| </td></tr></table><h1>Fake4</h1> | c |\n\nText[^1].\n\n\
[^1]: note </div></section><h1>Fake5</h1>\n\n</article></main><h1>Fake6</h1>\n";
    let site = site_of(&[SITE, ("content/runbooks/a.md", md)]);
    let out = build_ok(site.path());
    let html = article(site.path(), "a");
    let found = problems(&stderr(&out));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("content/runbooks/a.md:4 raw HTML `</div>` closes no element"),
        "{found:?}"
    );
    let inside = |fake: &str, boxes: &[&str]| {
        let open = open_before(&html, fake);
        assert_eq!(open, boxes, "{fake} in {html}");
    };
    inside("<h1>Fake1", &["article", "div"]);
    inside("<h1>Fake2", &["article"]);
    inside("<h1>Fake3", &["article", "ul", "li"]);
    inside("<h1>Fake4", &["article", "table", "tbody", "tr", "td"]);
    // The footnote's box, inside the footnotes gathered at the page's end.
    inside("<h1>Fake5", &["article", "div", "div", "p"]);
    inside("<h1>Fake6", &["article"]);
    assert_eq!(html.matches("</details>").count(), 1, "{html}");
}

/// The other side: a `<div>` left open in an alert took in the page after the alert
/// (the alert's `</div>` closed the author's), and `<!--` or `<div title="` left open
/// took in the alert's end and the text after it, up to the next `-->` or quote.
#[test]
fn elements_tags_and_comments_left_open_end_with_their_block() {
    let md = "# B\n\n> [!NOTE]\n> <div>\n> inside\n\nAfter1\n\n> [!TIP]\n> <!-- hide\n\n\
After2 -->\n\n> [!CAUTION]\n> <span title=\"\n\nAfter3 \" >\n\nThe <b>bold\n\nAfter4\n";
    let site = site_of(&[SITE, ("content/runbooks/b.md", md)]);
    let out = build_ok(site.path());
    let html = article(site.path(), "b");
    for after in ["After1", "After2", "After3", "After4"] {
        assert_eq!(
            open_before(&html, after),
            ["article", "p"],
            "{after}: {html}"
        );
    }
    let found = problems(&stderr(&out));
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].starts_with(
            "content/runbooks/b.md:4 raw HTML `<div>` is not closed before the end of its alert"
        ),
        "{found:?}"
    );
    assert!(
        found[1]
            .starts_with("content/runbooks/b.md:10 raw HTML here ends inside a tag or a comment"),
        "{found:?}"
    );
}

/// What the forges' READMEs write stays as it was: elements opened and closed in
/// separate blocks at the same level, with Markdown between them.
#[test]
fn html_split_over_blocks_is_kept_without_a_word() {
    let md = "# C\n\n<div align=\"center\">\n\n**Bold**\n\n</div>\n\n<details>\n<summary>More</summary>\n\n- a\n- b\n\n</details>\n\n- item\n  <details>\n  <summary>x</summary>\n\n  text\n\n  </details>\n\nA <kbd>Ctrl</kbd>+<kbd>C</kbd> and<br>a break.\n";
    let site = site_of(&[SITE, ("content/runbooks/c.md", md)]);
    let out = build_ok(site.path());
    assert_eq!(problems(&stderr(&out)), Vec::<String>::new());
    let html = article(site.path(), "c");
    assert_eq!(html.matches("</details>").count(), 2, "{html}");
    assert_eq!(open_before(&html, "a break"), ["article", "p"], "{html}");
}

/// `aa-alias.md -> disk.md`: a runbook that is a symbolic link to another was published
/// twice, and the duplicate title's warning told the real page to tell itself apart from
/// the link. The link's address redirects to the runbook now, with a word naming it.
#[cfg(unix)]
#[test]
fn a_link_to_another_runbook_is_published_once() {
    let site = site_of(&[
        SITE,
        ("content/runbooks/disk.md", "# Disk full\n\nSteps.\n"),
    ]);
    let dir = site.path().join("content/runbooks");
    std::os::unix::fs::symlink("disk.md", dir.join("aa-alias.md")).unwrap();
    let out = build_ok(site.path());
    let err = stderr(&out);
    assert_eq!(err.matches("warning: ").count(), 1, "{err}");
    assert!(
        err.starts_with("warning: `content/runbooks/aa-alias.md` is a symbolic link to the runbook `content/runbooks/disk.md`, which is published once"),
        "{err}"
    );
    assert!(!err.contains("also the title of"), "{err}");
    assert!(
        err.contains("its address `/runbooks/aa-alias/` redirects there"),
        "{err}"
    );
    let public = site.path().join("public");
    assert!(public.join("runbooks/disk/index.html").exists());
    let redirect = read(&public.join("runbooks/aa-alias/index.html"));
    assert!(
        redirect.contains("data-redirect=\"/runbooks/disk/\""),
        "{redirect}"
    );
    assert!(
        read(&public.join("_redirects")).contains("/runbooks/aa-alias/ /runbooks/disk/ 301"),
        "a redirect on Netlify"
    );
}

/// `SSH to {{ DB_HOST }}`: a runbook copied from a template and never filled in. The
/// placeholder was named in a link's address (session 22), not in text. Alerting rules'
/// Go templates (`{{ $labels.pod }}`) and code stay quiet.
#[test]
fn a_placeholder_in_text_is_named() {
    let md = "# Deploy\n\nQuoted: {{ $labels.pod }}, {{ humanize $value }} and `{{code}}`.\n\n\
SSH to {{ DB_HOST }} and run it.\n";
    let site = site_of(&[SITE, ("content/runbooks/t.md", md)]);
    let out = build_ok(site.path());
    let found = problems(&stderr(&out));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with(
            "content/runbooks/t.md:5 `{{ DB_HOST }}` reads as a template's placeholder"
        ),
        "{found:?}"
    );
}

/// `![](https://t.example/p.gif)`: the site's policy lets images come from any `https:`
/// host, so a runbook could hold a tracking pixel, telling a stranger every reader's
/// address and when they opened which runbook (mid-incident). Nothing was said; now the
/// first such image of a page is named at its line, however its address is hidden
/// (entities, case, no scheme).
#[test]
fn an_image_from_another_host_is_named() {
    let pages = [
        ("a", "![p](HTTPS://t.example/p.gif)"),
        ("b", "![p](&#x68;ttps://t.example/p.gif)"),
        ("c", "<img src=\"&#104;ttps://t.example/p.gif\">"),
        ("e", "<img src=\"//t.example/p.gif\">"),
    ];
    let mut files = vec![SITE, ("content/runbooks/local.png", "png")];
    let texts: Vec<(String, String)> = pages
        .iter()
        .map(|(name, img)| {
            (
                format!("content/runbooks/{name}.md"),
                format!("# Page {name}\n\nText.\n\n{img} and ![again](https://t.example/q.gif)\n"),
            )
        })
        .collect();
    files.extend(texts.iter().map(|(p, t)| (p.as_str(), t.as_str())));
    let site = site_of(&files);
    let out = build_ok(site.path());
    let found = problems(&stderr(&out));
    assert_eq!(found.len(), pages.len(), "{found:?}");
    for ((name, _), problem) in pages.iter().zip(&found) {
        assert!(
            problem.starts_with(&format!("content/runbooks/{name}.md:5 image `")),
            "{problem}"
        );
        assert!(problem.contains("is loaded from `t.example`"), "{problem}");
    }
}

/// GitLab's runbooks link to each other by their full address on gitlab.com (78 links
/// in tests/corpora/gitlab-runbooks): the reader left the site for the forge, which is
/// down in the very incident the site is for, and a renamed page went unnoticed. The
/// repository's own address of a page on the site's branch is the page's now, checked;
/// another branch, a line (`#L3`) or a file the site does not publish keep theirs.
#[test]
fn the_repository_s_own_address_of_a_page_stays_on_the_site() {
    let site = site_of(&[
        (
            "content/site.yaml",
            "title: Ops\nbase_url: https://ops.example/\nrepository: https://gitlab.com/acme/ops\nbranch: main\n",
        ),
        (
            "content/runbooks/a.md",
            "# A\n\n[b](https://gitlab.com/acme/ops/-/blob/main/content/runbooks/b.md#steps) \
[gone](https://gitlab.com/acme/ops/-/blob/main/content/runbooks/gone.md) \
[line](https://gitlab.com/acme/ops/-/blob/main/content/runbooks/b.md#L3) \
[v1](https://gitlab.com/acme/ops/-/blob/v1/content/runbooks/b.md)\n",
        ),
        ("content/runbooks/b.md", "# B\n\n## Steps\n\nDo.\n"),
    ]);
    let out = build_ok(site.path());
    let html = article(site.path(), "a");
    assert!(
        html.contains("<a href=\"/runbooks/b/#steps\">b</a>"),
        "{html}"
    );
    for kept in [
        "https://gitlab.com/acme/ops/-/blob/main/content/runbooks/gone.md",
        "https://gitlab.com/acme/ops/-/blob/main/content/runbooks/b.md#L3",
        "https://gitlab.com/acme/ops/-/blob/v1/content/runbooks/b.md",
    ] {
        assert!(html.contains(&format!("href=\"{kept}\"")), "{kept}: {html}");
    }
    assert_eq!(problems(&stderr(&out)), Vec::<String>::new());
}
