//! Hostile and foreign content found in session 32's review. Each test failed on main
//! b611eb5 (tests/browser/test_red32.py holds what needs a browser).

mod common;

use common::{build_ok, pipebook, problems, site_of, stderr};

/// A character that shows nothing inside code (a zero-width space, a soft hyphen, a word
/// joiner, a joiner after an ASCII letter) is copied with the command and makes it run
/// otherwise than it reads: `[ "$ENV" = "pro\u{200B}d" ]` never holds. Nothing was said;
/// now one warning a page names the first, at its line, and counts the rest, and
/// `--deny-warnings` fails the build. Emoji's joiners and a reference written in code (which
/// shows as written) stay quiet, and so does prose.
#[test]
fn an_invisible_character_in_code_is_warned_at_its_line() {
    let site = site_of(&[
        ("content/site.yaml", "title: Ops\n"),
        (
            "content/runbooks/guard.md",
            "# Guard\n\nIn prose a soft\u{00AD}hyphen is fine.\n\n\
             ```bash\n\
             echo ok\n\
             [ \"$ENV\" = \"pro\u{200B}d\" ] && exit 1\n\
             ```\n\n\
             Then `kubectl delete ns stag\u{00AD}ing` and `a\u{200D}b`.\n",
        ),
        (
            "content/runbooks/emoji.md",
            "# Emoji\n\n```\necho '👩\u{200D}💻 ❤\u{FE0F}' &#x200B;\n```\n",
        ),
    ]);
    let out = build_ok(site.path());
    let err = stderr(&out);
    let found = problems(&err);
    let hidden: Vec<&String> = found
        .iter()
        .filter(|p| p.contains("invisible character"))
        .collect();
    assert_eq!(hidden.len(), 1, "{err}");
    assert!(
        hidden[0]
            .starts_with("content/runbooks/guard.md:7 an invisible character (\\u{200b}) in code"),
        "{err}"
    );
    assert!(
        hidden[0].ends_with("; 2 more are in this page's code"),
        "{err}"
    );
    let strict = pipebook(&[
        "build",
        "--root",
        site.path().to_str().unwrap(),
        "--deny-warnings",
    ]);
    assert_eq!(strict.status.code(), Some(1), "{}", stderr(&strict));
}

/// A web address written in running text (`See: https://ops.example/ci_cd.`) is a link on
/// GitHub and GitLab, and was plain text on the site: 37 such addresses in 20 of GitLab's
/// runbooks, such as the CI settings `alertmanager/README.md` sends the reader to. They
/// are links now, by GFM's rules (sentence punctuation and an unmatched `)` left out,
/// `www.` taken as `http://`, a mail address a `mailto:` link), checked as links are: one showing a host before `@` is
/// warned of. Code, a link's text, raw `<a>` and `<code>` stay as written (headings did
/// too until session 33: GitHub links addresses there as well, see tests/forge33.rs).
#[test]
fn web_addresses_in_text_are_links_as_on_the_forge() {
    let site = site_of(&[
        ("content/site.yaml", "title: Ops\n"),
        (
            "content/runbooks/links.md",
            "# Links\n\n\
             See: https://ops.example/ci_cd. Or www.example.com, (http://a.example/x_(y)).\n\n\
             Not `https://c.example` nor [text https://d.example](https://d.example) nor \
             <a href=\"https://f.example\">raw https://f.example</a> <code>https://g.example</code>.\n\n\
             ## Heading https://i.example\n\n\
             Log in at https://grafana.ops.example@evil.example/ now.\n\n\
             Page oncall@ops.example.com.\n",
        ),
    ]);
    let out = build_ok(site.path());
    let page = common::article(site.path(), "links");
    for link in [
        "<a class=\"bare\" href=\"https://ops.example/ci_cd\">https://ops.example/ci_cd</a>. Or",
        "<a href=\"http://www.example.com\">www.example.com</a>,",
        "(<a class=\"bare\" href=\"http://a.example/x_(y)\">http://a.example/x_(y)</a>).",
        "Page <a href=\"mailto:oncall@ops.example.com\">oncall@ops.example.com</a>.",
    ] {
        assert!(page.contains(link), "{link} in {page}");
    }
    for plain in [
        "<code>https://c.example</code>",
        ">text https://d.example</a>",
        ">raw https://f.example</a>",
        "<code>https://g.example</code>",
    ] {
        assert!(page.contains(plain), "{plain} in {page}");
    }
    assert_eq!(
        page.matches("<a href=\"https://d.example\"").count(),
        1,
        "{page}"
    );
    let found = problems(&stderr(&out));
    assert!(
        found
            .iter()
            .any(|p| p.starts_with("content/runbooks/links.md:9 ") && p.contains("before an `@`")),
        "{found:?}"
    );
}

/// A runbook could claim a review that has not happened: `last_reviewed: 2999-12-31`
/// built, showed "Last reviewed 31 Dec 2999" and never came due, and
/// `review_interval_days: 4000000000` passed every date pipebook writes ("next review by
/// ." on the page). Such an interval is an error at its line now, and such a date a
/// warning (a build at a clock set back is honest; `--deny-warnings` fails a pull
/// request's); a review dated a day ahead of the build (the reviewer's time zone) is
/// still taken.
#[test]
fn a_review_in_the_future_or_never_due_is_told_at_its_line() {
    // The clock of `pipebook` is 2026-11-26.
    let site = site_of(&[
        ("content/site.yaml", "title: Ops\nreview_interval_days: 100000\n"),
        (
            "content/runbooks/future.md",
            "---\ntitle: Future\nlast_reviewed: 2999-12-31\n---\nSteps.\n",
        ),
        (
            "content/runbooks/never.md",
            "---\ntitle: Never\nlast_reviewed: 2026-11-01\nreview_interval_days: 4000000000\n---\nSteps.\n",
        ),
        (
            "content/runbooks/tomorrow.md",
            "---\ntitle: Tomorrow\nlast_reviewed: 2026-11-27\nreview_interval_days: 30\n---\nSteps.\n",
        ),
    ]);
    let out = pipebook(&["build", "--root", site.path().to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let found = problems(&err);
    let at = |prefix: &str, says: &str| {
        found
            .iter()
            .any(|p| p.starts_with(prefix) && p.contains(says))
    };
    assert!(
        at(
            "content/runbooks/future.md:3 ",
            "last_reviewed 2999-12-31 is after today (2026-11-26)"
        ),
        "{found:?}"
    );
    assert!(
        at(
            "content/runbooks/never.md:4 ",
            "review_interval_days 4000000000 is more than 3660"
        ),
        "{found:?}"
    );
    assert!(
        at("content/site.yaml:2 ", "review_interval_days 100000"),
        "{found:?}"
    );
    assert!(!err.contains("tomorrow.md"), "{err}");
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(err.contains("warning: last_reviewed 2999-12-31"), "{err}");
}

/// A link showing one machine's address and opening another's passed: hosts in a link's
/// text were read with a top-level label of letters, so `https://10.0.0.1:3000/` in text
/// was no host at all. Internal dashboards are often reached by address. Both links warn
/// now, and `--deny-warnings` fails the build; the same address on another port or path,
/// and a four-part version number, stay quiet.
#[test]
fn a_link_showing_one_ip_address_and_opening_another_is_warned() {
    let site = site_of(&[
        ("content/site.yaml", "title: Ops\n"),
        (
            "content/runbooks/grafana.md",
            "# Grafana\n\n\
             Open [https://10.0.0.1:3000/](http://10.0.0.2:3000/).\n\n\
             Or [10.0.0.1:8080](http://10.0.0.2:8080/).\n\n\
             Fine: [10.0.0.1/grafana](http://10.0.0.1/grafana), \
             [https://10.0.0.1/](https://10.0.0.1:8443/x), [1.2.3.4](https://releases.example/).\n",
        ),
    ]);
    let out = build_ok(site.path());
    let found = problems(&stderr(&out));
    let told: Vec<&String> = found.iter().filter(|p| p.contains("10.0.0.2")).collect();
    assert_eq!(told.len(), 2, "{found:?}");
    assert!(
        told[0].starts_with("content/runbooks/grafana.md:3 the link's text shows the host `10.0.0.1`, but the link leads to `10.0.0.2`"),
        "{found:?}"
    );
    assert!(
        told[1].starts_with("content/runbooks/grafana.md:5 "),
        "{found:?}"
    );
    assert_eq!(found.len(), 2, "{found:?}");
}

/// The same character in code written as HTML, as itself or as a reference (which HTML
/// reads as the character), was not told by the check above, which reads Markdown's
/// code: `<pre><code>… "pro&#x200B;d" …</code></pre>` is warned too, at the reference.
#[test]
fn an_invisible_character_in_html_code_is_warned_too() {
    let site = site_of(&[
        ("content/site.yaml", "title: Ops\n"),
        (
            "content/runbooks/guard.md",
            "# Guard\n\nSoft\u{00AD}hyphens in prose are fine.\n\n\
             <pre><code>[ \"$ENV\" = \"pro&#x200B;d\" ] &amp;&amp; exit 1</code></pre>\n",
        ),
    ]);
    let out = build_ok(site.path());
    let found = problems(&stderr(&out));
    let hidden: Vec<&String> = found
        .iter()
        .filter(|p| p.contains("invisible character"))
        .collect();
    assert_eq!(hidden.len(), 1, "{found:?}");
    assert!(
        hidden[0]
            .starts_with("content/runbooks/guard.md:5 an invisible character (\\u{200b}) in code"),
        "{found:?}"
    );
}
