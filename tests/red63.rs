//! Session 63's hostile pull request: addresses of the site that a browser reads
//! otherwise than the check did. Each test builds a copy of the example site (whose
//! `broken_links` is `error`) in a temporary folder.

mod common;

use common::{build_ok, example_site, pipebook, problems, read, stderr};

fn build_with(root: &std::path::Path, body: &str) -> std::process::Output {
    std::fs::write(root.join("content/runbooks/links.md"), body).unwrap();
    pipebook(&["build", "--root", root.to_str().unwrap()])
}

/// Dot segments, written plainly or encoded (`%2e%2e`, which the URL Standard reads as
/// `..`): every browser resolves `/runbooks/../../runbooks/` to `/runbooks/` before asking
/// the host. On main each was an error, "leads to no page of this site", and so was a
/// link to a page by a way through its folder; now they build, kept as written, and the
/// anchor of the page they resolve to is checked.
#[test]
fn dot_segments_resolve_as_the_browser_resolves_them() {
    let site = example_site();
    let root = site.path();
    let links = [
        "/runbooks/../../runbooks/",
        "/runbooks/./profit/aggregate-profit/",
        "/runbooks/profit/%2e%2e/growth/aggregate-growth/",
        "/runbooks/profit/aggregate-profit/../../growth/aggregate-growth/#steps",
        "/runbooks/%2E%2e/.%2e/pipelines/aggregate-profit/",
    ];
    let mut body = String::from("# Links\n\n");
    for (i, link) in links.iter().enumerate() {
        body.push_str(&format!("{}. [link {i}]({link})\n", i + 1));
    }
    body.push_str("6. <a href=\"/engineers/de1/../de2/\">raw</a>\n");
    let out = build_with(root, &body);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        !stderr(&out).contains("links.md"),
        "no problem at links.md: {}",
        stderr(&out)
    );
    let page = read(&root.join("public/runbooks/links/index.html"));
    for link in links {
        assert!(page.contains(&format!("href=\"{link}\"")), "{link} kept");
    }

    let nope =
        "# Links\n\n[x](/runbooks/profit/aggregate-profit/../../growth/aggregate-growth/#nope)\n";
    let out = build_with(root, nope);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let found = problems(&stderr(&out));
    assert!(
        found
            .iter()
            .any(|p| p.starts_with("content/runbooks/links.md:3 ")
                && p.contains("#nope, which is not a heading or step of that page")),
        "{found:?}"
    );
}

/// An encoded slash is part of a name for the browser: `/%2F/evil.example` asks the host
/// for a folder named `/`, and `/runbooks%2Fprofit%2Faggregate-profit/` for one file
/// named so at the host's root, no page of the site. On main the check decoded `%2F` into
/// a separator: the first passed as the home page, the second as the runbook, and both
/// were published as working links. Now each is an error at its line saying to write `/`.
#[test]
fn an_encoded_slash_is_no_separator() {
    let site = example_site();
    let root = site.path();
    let body = "# Links\n\n\
        1. [home](/%2F/evil.example)\n\
        2. [profit](/runbooks%2Fprofit%2Faggregate-profit/)\n\
        3. <a href=\"/%2f\">raw</a>\n";
    let out = build_with(root, body);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    let found = problems(&err);
    for (line, link) in [
        (3, "/%2F/evil.example"),
        (4, "/runbooks%2Fprofit%2Faggregate-profit/"),
        (5, "/%2f"),
    ] {
        let expected =
            format!("content/runbooks/links.md:{line} link `{link}` leads to no page of this site");
        assert!(found.contains(&expected), "{expected} in {found:?}");
    }
    assert_eq!(
        err.matches("hint: `%2F` is a `/` that browsers send as part of a name")
            .count(),
        3,
        "{err}"
    );
    assert!(!root.join("public").exists(), "nothing written");

    // The honest forms build.
    let honest = "# Links\n\n1. [home](/)\n2. [profit](/runbooks/profit/aggregate-profit/)\n";
    build_ok_with(root, honest);
}

fn build_ok_with(root: &std::path::Path, body: &str) {
    std::fs::write(root.join("content/runbooks/links.md"), body).unwrap();
    build_ok(root);
}

/// Three slashes or more (`///evil.example`, `/\/evil.example` too): browsers skip every
/// slash after the first two and open `https://evil.example/`. On main only two were read
/// so (the `url` crate's `join` gave no host for more), so the link was kept as written,
/// a path of the site: no warning that its text names another host, none for an image
/// every reader's browser fetches from there. Now it is written as the external address it
/// is and checked as one.
#[test]
fn three_slashes_lead_to_another_host_and_are_checked_as_such() {
    let site = example_site();
    let root = site.path();
    let body = "# Links\n\n\
        1. [https://grafana.ops.example/](///evil.example/)\n\
        2. <a href=\"////evil.example/x\">https://grafana.ops.example/x</a>\n\
        3. <img src=\"///tracker.example/p.png\">\n";
    let out = build_with(root, body);
    assert!(out.status.success(), "{}", stderr(&out));
    let found = problems(&stderr(&out));
    for (line, host) in [
        (3, "evil.example"),
        (4, "evil.example"),
        (5, "tracker.example"),
    ] {
        assert!(
            found.iter().any(
                |p| p.starts_with(&format!("content/runbooks/links.md:{line} "))
                    && p.contains(host)
            ),
            "a warning at line {line} naming {host}: {found:?}"
        );
    }
    let page = read(&root.join("public/runbooks/links/index.html"));
    assert!(!page.contains("\"//"), "no scheme-relative address is left");
    assert!(page.contains("href=\"https://evil.example/\""));
    assert!(page.contains("href=\"https://evil.example/x\""));
    assert!(page.contains("src=\"https://tracker.example/p.png\""));
}
