//! Red-team review of issue 12: a pull request's author attacks the site through
//! `content/` only. Tests named `finding_*` state what *should* hold: those of the
//! findings fixed since run as regressions (F5, shifted locations after a Hugo ref, was
//! the last open one). F3 (author ids taking the theme scripts' hooks) was fixed in the
//! scripts, which ignore ids inside a runbook's text: its test is in
//! `tests/browser/test_redteam.py`. Tests named `held_*` are attacks that failed, kept
//! as regressions.
//! The browser side of these is in `tests/browser/test_redteam.py`.

mod common;

use std::fs;
use std::path::Path;

use common::*;

const DIR: &str = "content/runbooks/profit";

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn runbook(root: &Path, name: &str, body: &str) {
    write(
        root,
        &format!("{DIR}/{name}.md"),
        &format!("---\ntitle: {name}\n---\n\nIntro.\n\n{body}\n"),
    );
}

fn build(root: &Path) -> std::process::Output {
    pipebook(&["build", "--root", root.to_str().unwrap()])
}

fn build_preview(root: &Path) -> std::process::Output {
    let out = pipebook(&[
        "build",
        "--preview",
        "--base-url",
        "https://deploy-preview-7--pipebook-example.netlify.app/",
        "--root",
        root.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    out
}

fn article(root: &Path, name: &str) -> String {
    let page = read(&root.join(format!("public/runbooks/profit/{name}/index.html")));
    let start = page.find("<article class=\"runbook\"").expect("article");
    let end = page[start..].find("</article>").expect("end") + start;
    page[start..end].to_string()
}

// ---------------------------------------------------------------- F1: private data

const REASON: &str = "Zanzibarquux surgery";
const PHONE: &str = "+1 555 8675309";

/// F1. `publish_time_off_reasons` and `publish_contacts` live in `content/site.yaml`,
/// which a pull request may change like any runbook: the deploy preview (public unless
/// the site is protected) then publishes every time-off reason and phone number in
/// team.yaml, before anyone reviews the change.
#[test]
fn finding_a_pull_request_cannot_publish_reasons_or_phones_on_its_preview() {
    let site = example_site();
    let root = site.path();
    edit(
        root,
        "content/team.yaml",
        "    contact: { email: de1@example.com, slack: \"@de1\" }\n",
        &format!(
            "    contact: {{ email: de1@example.com, slack: \"@de1\", phone: \"{PHONE}\" }}\n    time_off:\n      - {{ from: 2026-12-08, to: 2026-12-10, reason: \"{REASON}\" }}\n"
        ),
    );
    // What the pull request changes: two lines of content/site.yaml.
    let site_yaml = root.join("content/site.yaml");
    let text = read(&site_yaml);
    fs::write(
        &site_yaml,
        format!("{text}publish_time_off_reasons: true\npublish_contacts: [slack, email, phone]\n"),
    )
    .unwrap();
    build_preview(root);
    let public = root.join("public");
    let oncall = read(&public.join("oncall/index.html"));
    let engineer = read(&public.join("engineers/de1/index.html"));
    let ics = read(&public.join("oncall.ics")).replace("\r\n ", "");
    assert!(
        !oncall.contains("Zanzibarquux"),
        "time-off reason on the preview's /oncall/"
    );
    assert!(
        !ics.contains("Zanzibarquux"),
        "time-off reason in the preview's oncall.ics"
    );
    assert!(
        !engineer.contains(PHONE),
        "phone number on the preview's engineer page"
    );
}

/// F0. `sanitize_html` lives in `content/site.yaml` too: a pull request that adds
/// `sanitize_html: false` turns sanitizing off for its own deploy preview (and for the
/// reviewer's `pipebook serve`). The CSP still stops inline script, but a raw
/// `<meta http-equiv="refresh">` sends every reader of the preview to another host without
/// a click (tests/browser/test_untrusted.py's control test shows the redirect in Chromium).
#[test]
fn finding_a_pull_request_cannot_turn_sanitizing_off_for_its_preview() {
    let site = example_site();
    let root = site.path();
    let site_yaml = root.join("content/site.yaml");
    let text = read(&site_yaml);
    fs::write(&site_yaml, format!("{text}sanitize_html: false\n")).unwrap();
    runbook(
        root,
        "away",
        "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">\n\n<a href=\"javascript:alert(1)\">x</a>",
    );
    build_preview(root);
    let html = article(root, "away").to_ascii_lowercase();
    assert!(!html.contains("<meta"), "meta refresh published: {html}");
    assert!(!html.contains("javascript:"), "{html}");
}

// ---------------------------------------------------------------- F2: SVG check

fn svg_refused(name: &str, svg: &str) -> (bool, String) {
    let site = example_site();
    let root = site.path();
    write(root, &format!("{DIR}/{name}"), svg);
    let out = build(root);
    let copied = root.join("public/runbooks/profit").join(name).exists();
    // Left out with a warning naming it (session 26: the rest of the site builds), or
    // refused by an error (a name that cannot be written).
    let err = stderr(&out);
    let named = err.contains(&format!("`{DIR}/{name}` is not published"));
    (!copied && (named || !out.status.success()), err)
}

/// F2a. An XHTML `<meta http-equiv="refresh">` inside an SVG passes the check (it is
/// neither script, handler nor `href`/`src`). Opened on its own, the SVG sends the reader
/// to another host: an open redirect on the site's origin. Only the `_headers` sandbox
/// stops it (Chromium: redirect without it, none with it; tests/browser/test_redteam.py),
/// so the README's fallback ("should Netlify let the `/*` policy replace it…") does not
/// hold for it.
#[test]
fn finding_svg_with_an_xhtml_meta_refresh_is_refused() {
    let (refused, err) = svg_refused(
        "redirect.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><meta xmlns=\"http://www.w3.org/1999/xhtml\" http-equiv=\"refresh\" content=\"0;url=https://evil.example/\"/><rect width=\"5\" height=\"5\"/></svg>",
    );
    assert!(refused, "published: {err}");
}

/// F2b. The SVG check compares `href`/`src` as written, without decoding character
/// references, while the browser's XML parser decodes them: `javascript&#58;…` and
/// `data&#58;image/svg+xml…` are taken for relative paths and pass.
#[test]
fn finding_svg_references_are_judged_decoded() {
    for (name, svg) in [
        (
            "js.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><a href=\"javascript&#58;alert(document.domain)\"><text y=\"20\">Open</text></a></svg>",
        ),
        (
            "nested.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><image href=\"data&#58;image/svg+xml;base64,PHN2Zz48L3N2Zz4=\" width=\"1\" height=\"1\"/></svg>",
        ),
        (
            "js2.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><a href=\"&#106;avascript:alert(1)\"><text y=\"20\">Open</text></a></svg>",
        ),
    ] {
        let (refused, err) = svg_refused(name, svg);
        assert!(refused, "{name} published: {err}");
    }
}

/// F2c. The check keys on the extension exactly: `evil.svg ` (trailing space) and
/// `evil.svg.` are copied with their script unread. (Served as octet-stream by `serve`;
/// what another host's type guessing does with them is not pipebook's to decide.)
#[test]
fn finding_svg_names_with_a_trailing_space_or_dot_are_checked() {
    for name in ["evil.svg ", "evil.svg."] {
        let (refused, err) = svg_refused(
            name,
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
        );
        assert!(refused, "{name:?} published: {err}");
    }
}

/// Held: a plain SVG script, upper-case extension, namespaced script, a `foreignObject`.
#[test]
fn held_svg_with_script_in_other_spellings_is_refused() {
    for (name, svg) in [
        ("a.SVG", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"),
        ("b.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:h=\"http://www.w3.org/1999/xhtml\"><h:script>alert(1)</h:script></svg>"),
        ("c.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><foreignObject><div xmlns=\"http://www.w3.org/1999/xhtml\">x</div></foreignObject></svg>"),
        ("d.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><a xlink:href=\" JAVASCRIPT:alert(1)\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"/></svg>"),
    ] {
        let (refused, err) = svg_refused(name, svg);
        assert!(refused, "{name} published: {err}");
    }
}

/// Held: names that could break `_headers` (`*`, `#`, `%`, space, `:`) are encoded, one
/// rule per file, each with the sandbox.
#[test]
fn held_odd_file_names_cannot_break_headers() {
    let site = example_site();
    let root = site.path();
    for name in ["we*ird.png", "a#b.png", "100%.png", "x y.png", "a:b.png"] {
        write(root, &format!("{DIR}/{name}"), "data");
    }
    build_ok(root);
    let headers = read(&root.join("public/_headers"));
    let lines: Vec<&str> = headers.lines().collect();
    for (i, l) in lines.iter().enumerate() {
        if l.starts_with("/runbooks/") {
            assert!(
                !l.contains(['*', '#', ' ', ':']) && !l[1..].contains("%."),
                "rule {l:?}"
            );
            assert_eq!(
                lines[i + 1],
                "  Content-Security-Policy: sandbox; default-src 'none'",
                "{l}"
            );
        }
    }
}

// ---------------------------------------------------------------- held: raw HTML

/// Held: pieces of raw HTML split by Markdown constructs (blockquote, table cells, list
/// items, link text, code spans, headings, CommonMark-vs-HTML comment/CDATA/PI ends) that
/// try to leave an attribute or tag open so that an event handler is read as markup.
/// Either the piece is refused by the audit and the page cleaned, or the handler is text.
#[test]
fn held_split_pieces_never_leave_a_handler_in_markup() {
    let payloads: &[(&str, &str)] = &[
        ("bq", "> <img src=x title=\"a\n> \" onerror=alert(1) x=\"\">"),
        ("table", "| a | b |\n|---|---|\n| <img src=x title=\"q | \" onerror=alert(1) x=\"> |"),
        ("list", "- <img src=x title=\"\n- \" onerror=alert(1) x=\">"),
        ("link", "[<img src=x title=\"](https://a.example/) \" onerror=alert(1) x=\">"),
        ("code", "`<b title=\"` \" onerror=alert(1) x=\">"),
        ("heading", "## <b title=\"x\n\n\" onerror=alert(1) x=\">"),
        ("cdata", "a <![CDATA[ > <img src=x onerror=alert(1)> ]]> b"),
        ("pi", "a <?x > <img src=x onerror=alert(1)> ?> b"),
        ("comment", "<!-- x --!> <img src=x onerror=alert(1)> -->\n\ntext"),
        ("comment2", "a <!--> <img src=x onerror=alert(1)> --> b"),
        ("decl", "a <!X > <img src=x onerror=alert(1)> > b"),
        ("endtag", "a </b <img src=x onerror=alert(1)>> b <b>x</b>"),
        ("block", "<div>\n<b title='\n\n' onerror=alert(1) x='>x</b>\n</div>"),
        ("footnote", "x[^1]\n\n[^1]: <b title=\"\n\n\" onerror=alert(1) x=\">"),
        // A NUL byte is refused before any HTML is made (tests/redteam22.rs).
        ("entity", "<a href=\"java&#x0A;script&colon;alert(1)\">x</a> <a href=\"&#x6A;avascript:alert(1)\">y</a>"),
        ("svg", "<svg><style><img src=x onerror=alert(1)></style></svg>"),
        ("noscript", "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>"),
        ("math", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"),
        ("select", "<select><template><img src=x onerror=alert(1)></template></select>"),
        ("textarea", "<textarea></textarea><b title=\"</textarea><img src=x onerror=alert(1)>\">x</b>"),
    ];
    let site = example_site();
    let root = site.path();
    edit(
        root,
        "content/site.yaml",
        "broken_links: error",
        "broken_links: warning",
    );
    for (name, body) in payloads {
        runbook(root, name, body);
    }
    build_ok(root);
    for (name, _) in payloads {
        let html = article(root, name);
        // Every `<` that starts markup in the kept or cleaned page: none may be an
        // element with a handler or a script URL. Text is escaped (`&lt;`), so a raw
        // `onerror` inside a tag shows as `<… onerror`.
        for (i, _) in html.match_indices('<') {
            let tag_end = html[i..].find('>').map_or(html.len(), |e| i + e);
            let tag = &html[i..tag_end].to_ascii_lowercase();
            let in_quotes = tag.matches('"').count();
            // Only a handler outside quotes is a live attribute.
            if let Some(at) = tag.find(" onerror=") {
                assert!(
                    tag[..at].matches('"').count() % 2 == 1
                        || tag[..at].matches('\'').count() % 2 == 1,
                    "{name}: live handler in {tag:?} ({in_quotes} quotes)\n{html}"
                );
            }
            assert!(!tag.starts_with("<script"), "{name}: {html}");
            assert!(
                !tag.starts_with("<svg") && !tag.starts_with("<math"),
                "{name}: {html}"
            );
            assert!(
                !tag.starts_with("<noscript")
                    && !tag.starts_with("<textarea")
                    && !tag.starts_with("<style"),
                "{name}: {html}"
            );
            assert!(!tag.contains("href=\"javascript"), "{name}: {html}");
        }
    }
}

/// Held: script URLs through Markdown links, reference definitions, autolinks, images
/// and Hugo `ref` shortcodes are all reported and the page cleaned.
#[test]
fn held_script_urls_through_markdown_are_removed() {
    let site = example_site();
    let root = site.path();
    edit(
        root,
        "content/site.yaml",
        "broken_links: error",
        "broken_links: warning",
    );
    runbook(
        root,
        "urls",
        concat!(
            "[a](javascript:alert(1)) [b][r] <javascript:alert(2)> ![c](data:text/html,x)\n",
            "[d](&#106;avascript:alert(3)) [e](java%0Ascript:alert(4)) [f]({{< ref \"javascript:alert(5)\" >}})\n",
            "[g](<java\tscript:alert(6)>) [h]( JAVASCRIPT:alert(7))\n\n",
            "[r]: vbscript:msgbox(1)\n"
        ),
    );
    let out = build_ok(root);
    let html = article(root, "urls").to_ascii_lowercase();
    for bad in ["javascript:", "vbscript:", "data:", "java\tscript"] {
        for attr in ["href=\"", "src=\""] {
            let needle = format!("{attr}{bad}");
            assert!(
                !html.contains(&needle),
                "{needle} in {html}\n{}",
                stderr(&out)
            );
        }
    }
}

// ---------------------------------------------------------------- F4, F5: messages

/// F4. Messages escape ESC and BEL, but not a line break decoded from a link: `%0A` in a
/// broken link's path starts a new line of the build log, so a pull request can forge a
/// line such as `error: …` in CI output (the README: "control characters in data are
/// errors, and every message pipebook prints escapes them").
#[test]
fn finding_a_link_cannot_start_a_line_of_the_build_log() {
    let site = example_site();
    let root = site.path();
    edit(
        root,
        "content/site.yaml",
        "broken_links: error",
        "broken_links: warning",
    );
    runbook(
        root,
        "log",
        "[a](x%0Aerror:%20forged%20by%20the%20pull%20request.md)",
    );
    let out = build_ok(root);
    let err = stderr(&out);
    assert!(
        !err.lines().any(|l| l.starts_with("error: forged")),
        "forged line in:\n{err}"
    );
}

/// F5. A Hugo `ref` shortcode is replaced before the body is parsed, so every location
/// after it on the page is shifted by the difference in length: a removal (or broken
/// link) is reported at the wrong line and column. Only the message is wrong (the page is
/// cleaned), but an honest author is sent to the wrong place.
#[test]
fn finding_locations_after_a_hugo_ref_are_right() {
    let site = example_site();
    let root = site.path();
    runbook(
        root,
        "refs",
        // `ref "/runbooks/profit/aggregate-profit.md"` (Hugo's path from content/) was
        // written as the site path `/runbooks/profit/aggregate-profit.md`, a 404, now
        // reported as leading nowhere (session 18): the page is named from its folder.
        "See [a]({{< ref \"aggregate-profit.md\" >}}) and more text.\nSecond line [b](javascript:alert(1))",
    );
    let out = build_ok(root);
    let err = stderr(&out);
    // Front matter (3 lines), blank, "Intro.", blank, then the two lines: line 8.
    assert!(
        err.contains(&format!("{DIR}/refs.md:8:13")),
        "javascript: link reported at:\n{err}"
    );
    // A shortcode over two lines, and a broken link after it on its second line.
    runbook(
        root,
        "refs2",
        "[a]({{< relref\n\"aggregate-profit.md\" >}}) [b](javascript:alert(1)) [c](nowhere.md)",
    );
    let err = stderr(&pipebook(&["check", "--root", root.to_str().unwrap()]));
    for at in ["refs2.md:8:28", "refs2.md:8:53"] {
        assert!(
            err.contains(&format!("{DIR}/{at}")),
            "expected {at} in:\n{err}"
        );
    }
}

/// Held: highlighted code (never cleaned: a page without raw HTML is kept as written)
/// escapes every token, in every highlighted language, and footnote labels and heading
/// attributes cannot break out of their attributes.
#[test]
fn held_highlighted_code_and_generated_ids_are_escaped() {
    let p = "</code></pre><img src=x onerror=alert(1)><pre><code>";
    let mut body = String::new();
    for lang in ["sql", "shell", "console", "yaml", "json", "python"] {
        body.push_str(&format!(
            "```{lang}\n-- {p}\n$ echo '{p}' \"{p}\" # {p}\nk: \"{p}\" # {p}\n{{\"a\": \"{p}\"}}\nx = '''{p}''' # {p}\n$ cat <<EOF\n{p}\nEOF\n```\n\n"
        ));
    }
    body.push_str("Note[^a\"b'c] x\n\n[^a\"b'c]: y\n\n## H {#i\"d'x .c\"l}\n");
    let site = example_site();
    let root = site.path();
    runbook(root, "hl", &body);
    build_ok(root);
    let html = article(root, "hl");
    assert!(!html.contains("<img"), "{html}");
    assert!(
        !html.contains("\"b'c\"") && !html.contains("id=\"i\"d"),
        "{html}"
    );
}
