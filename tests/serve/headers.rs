//! `pipebook serve`'s answers as a host's: Netlify's headers (netlify.toml's and the
//! site's `_headers`), redirects that stay on this server, and no header split by a line
//! break in a requested path.

use super::*;

/// Every header line of a reply is one line, none is a cookie, and a Location stays on
/// this server.
fn assert_safe_head(reply: &Reply, what: &str) {
    for line in reply.headers.split("\r\n") {
        assert!(
            !line.contains(['\r', '\n']),
            "{what}: a line break inside a header: {:?}",
            reply.headers
        );
        assert!(
            !line.to_ascii_lowercase().starts_with("set-cookie"),
            "{what}: {:?}",
            reply.headers
        );
    }
    if let Some(to) = reply.header("Location") {
        let b = to.as_bytes();
        assert!(
            b.first() == Some(&b'/') && !matches!(b.get(1), Some(b'/' | b'\\')),
            "{what}: Location {to:?} leaves the server"
        );
    }
}

#[test]
fn redirects_stay_on_this_server_and_nothing_splits_a_header() {
    let site = example_site();
    let tmp = temp_root(site.path());
    let server = Server::start(site.path(), &tmp);
    let addr = server.addr.clone();
    let request = |target: &str| {
        let raw = format!("GET {target} HTTP/1.0\r\nHost: {addr}\r\n\r\n");
        raw_request(&addr, raw.as_bytes())
    };

    // `//pipelines` is another host to a browser: the redirect names this one.
    for (target, location) in [
        ("//pipelines", "/pipelines/"),
        ("///pipelines", "/pipelines/"),
        ("/./pipelines", "/pipelines/"),
        ("//pipelines?x=1", "/pipelines/?x=1"),
    ] {
        let reply = request(target);
        assert_eq!(reply.status, 302, "{target}: {}", reply.headers);
        assert_eq!(reply.header("Location"), Some(location), "{target}");
        assert_safe_head(&reply, target);
    }
    // Backslashes and encoded slashes are no path at all.
    for target in [
        "/\\evil.example",
        "/%5Cevil.example",
        "/%5cevil.example",
        "/%2F%2Fevil.example",
        "/%2fevil.example",
        "/%2F%2Fpipelines",
        "/pipelines%2F",
        "/%2e%2e%2fpipelines",
        "/pipelines%0D%0ASet-Cookie:%20a=1",
    ] {
        let reply = request(target);
        assert!(
            matches!(reply.status, 400 | 403 | 404),
            "{target}: {} {}",
            reply.status,
            reply.headers
        );
        assert_eq!(reply.header("Location"), None, "{target}");
        assert_safe_head(&reply, target);
    }
    // Line breaks in the query, encoded or raw, never reach the Location.
    let reply = request("/pipelines?a=%0D%0ASet-Cookie:%20x=1");
    assert_eq!(reply.status, 302);
    assert_eq!(
        reply.header("Location"),
        Some("/pipelines/?a=%0D%0ASet-Cookie:%20x=1")
    );
    assert_safe_head(&reply, "encoded CR LF");
    for target in [
        "/pipelines?a=\rSet-Cookie:x=1",
        "/pipelines?a=\nSet-Cookie:x=1",
        "/pipelines?a=\r\nSet-Cookie:x=1",
        "/pipelines?a=b\r",
        "/pipe\rlines",
    ] {
        let reply = request(target);
        assert_ne!(reply.status, 302, "{target:?}: {}", reply.headers);
        assert_safe_head(&reply, target);
    }
    // An absolute-form target is answered on this server too.
    let reply = raw_request(
        &addr,
        b"GET http://localhost/pipelines HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(reply.status, 302, "{}", reply.headers);
    assert_eq!(reply.header("Location"), Some("/pipelines/"));
}

/// The `[[headers]]` values of the repository's netlify.toml whose `for` is `pattern`.
fn netlify_headers(pattern: &str) -> Vec<(String, String)> {
    let table: toml::Table = read(&repo().join("netlify.toml")).parse().unwrap();
    let rules = table["headers"].as_array().unwrap();
    let rule = rules
        .iter()
        .find(|r| r["for"].as_str() == Some(pattern))
        .unwrap_or_else(|| panic!("netlify.toml has no [[headers]] for {pattern}"));
    rule["values"]
        .as_table()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
        .collect()
}

fn assert_headers(reply: &Reply, expected: &[(String, String)], what: &str) {
    for (name, value) in expected {
        let sent: Vec<&str> = reply
            .headers
            .lines()
            .filter_map(|l| l.split_once(':'))
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
            .collect();
        assert_eq!(sent, vec![value.as_str()], "{what}: {name}");
    }
}

#[test]
fn sends_the_headers_of_netlify_toml() {
    let site = example_site();
    let tmp = temp_root(site.path());
    // Assets beside a runbook: an image, and a file whose type a browser would guess.
    // (An SVG with a script is refused by the build.)
    std::fs::write(
        site.path().join("content/runbooks/profit/diagram.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"1\" height=\"1\"/></svg>",
    )
    .unwrap();
    std::fs::write(
        site.path().join("content/runbooks/profit/notes"),
        "<script>alert(1)</script>",
    )
    .unwrap();
    let server = Server::start(site.path(), &tmp);
    let every = netlify_headers("/*");
    // The policy is not in netlify.toml but in the `_headers` the build writes (it names
    // the hashes of the CSS and script pages carry inline); serve sends both files' rules.
    assert!(!every.iter().any(|(n, _)| n == "Content-Security-Policy"));

    let page = server.get(RUNBOOK_URL);
    assert_eq!(page.status, 200);
    assert_headers(&page, &every, "a page");
    assert_eq!(
        page.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    // The reload script works under that policy: it is a file of this server, and
    // nothing added to the page is inline.
    let csp = page.header("Content-Security-Policy").unwrap();
    let script_src = csp
        .split(';')
        .map(str::trim)
        .find(|d| d.starts_with("script-src"))
        .unwrap();
    assert!(script_src.split(' ').any(|s| s == "'self'"), "{csp}");
    assert!(!script_src.contains("unsafe-inline"), "{csp}");
    // Every script is a file of this server, or the theme's inline one, allowed by its
    // hash; so is the inline CSS. Nothing serve adds is inline.
    let directive = |name: &str| {
        csp.split(';')
            .map(str::trim)
            .find(|d| d.starts_with(name))
            .unwrap()
            .to_string()
    };
    for (tag, close, allowed) in [
        ("<script", "</script>", script_src.to_string()),
        ("<style", "</style>", directive("style-src")),
    ] {
        for element in page.body.split(tag).skip(1) {
            let open = &element[..element.find('>').unwrap()];
            if open.contains(" src=\"/")
                || open.contains(&format!(" src=\"http://{}/", server.addr))
            {
                continue;
            }
            let text = &element[open.len() + 1..element.find(close).unwrap()];
            let hash = pipebook::render::inline::policy_hash(text);
            assert!(
                allowed.contains(&hash),
                "inline {tag}> whose hash {hash} is not in `{allowed}`"
            );
        }
    }
    assert!(page
        .body
        .contains("<script src=\"/__pipebook/livereload.js\" defer></script>"));
    let script = server.get("/__pipebook/livereload.js");
    assert_eq!(script.status, 200);
    assert_headers(&script, &every, "the reload script");

    for feed in ["/oncall.ics", "/oncall/de1.ics"] {
        let reply = server.get(feed);
        assert_eq!(reply.status, 200, "{feed}");
        assert_headers(&reply, &every, feed);
        let pattern = if feed == "/oncall.ics" {
            "/oncall.ics"
        } else {
            "/oncall/*.ics"
        };
        assert_headers(&reply, &netlify_headers(pattern), feed);
    }

    let asset = server.get("/runbooks/profit/diagram.svg");
    assert_eq!(asset.status, 200, "{}", asset.body);
    assert_eq!(asset.header("Content-Type"), Some("image/svg+xml"));
    assert_eq!(asset.header("X-Content-Type-Options"), Some("nosniff"));
    let csp = asset.header("Content-Security-Policy").unwrap();
    assert!(csp.contains("script-src 'self'"), "{csp}");
    // The build's _headers sandboxes every copied file, and serve honours it.
    assert!(csp.contains("sandbox; default-src 'none'"), "{csp}");
    let notes = server.get("/runbooks/profit/notes");
    assert_eq!(notes.status, 200, "{}", notes.body);
    let csp = notes.header("Content-Security-Policy").unwrap();
    assert!(csp.contains("sandbox; default-src 'none'"), "{csp}");

    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert_headers(&missing, &every, "the 404 page");
}

#[test]
fn a_failed_first_build_leaves_nothing_behind() {
    let site = example_site();
    let root = site.path();
    let tmp = temp_root(root);
    edit(
        root,
        "content/pipelines.yaml",
        "primary: de2",
        "primary: de9",
    );
    let mut server = Server::start(root, &tmp);
    server.wait_output("every page shows the errors until the site builds");

    let page = server.get(RUNBOOK_URL);
    assert_eq!(page.status, 500);
    assert!(
        page.body.contains("unknown engineer `de9`"),
        "{}",
        page.body
    );
    assert!(page.body.contains("/__pipebook/livereload.js"));
    assert_headers(&page, &netlify_headers("/*"), "the error page");
    // Only the (empty) temporary folder: the failed build's is gone already.
    let dirs: Vec<PathBuf> = std::fs::read_dir(&tmp)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(dirs.len(), 1, "{dirs:?}");
    let left: Vec<_> = std::fs::read_dir(&dirs[0]).unwrap().collect();
    assert!(left.is_empty(), "the failed build left {left:?}");

    let status = server.interrupt();
    assert!(status.success(), "{status}\n{}", server.output());
    let left: Vec<_> = std::fs::read_dir(&tmp).unwrap().collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn a_panicking_rebuild_keeps_the_last_good_site() {
    let site = example_site();
    let root = site.path();
    let tmp = temp_root(root);
    // A hidden test hook: no content is known to make a build panic.
    let mut server = Server::start_with(
        root,
        &tmp,
        &[("PIPEBOOK_SERVE_TEST_PANIC", "content/PANIC")],
    );
    assert_eq!(server.get(RUNBOOK_URL).status, 200);

    std::fs::write(root.join("content/PANIC"), "").unwrap();
    let broken = server.poll(RUNBOOK_URL, CHANGE, "the panic's overlay", |r| {
        r.body.contains("pipebook-serve-error")
    });
    assert_eq!(broken.status, 200, "the last good page, under the overlay");
    assert!(broken
        .body
        .contains("<title>Profit Pipeline (Aggregate Profit)"));
    assert!(
        broken.body.contains("the build panicked"),
        "{}",
        broken.body
    );
    server.wait_output("did not finish; still serving the last good site");
    assert!(server.still_running());
    // The panicked build's folder is gone; the served one stays.
    let serve_dir = std::fs::read_dir(&tmp)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let builds: Vec<_> = std::fs::read_dir(&serve_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(builds, vec!["build-1"], "{builds:?}");

    std::fs::remove_file(root.join("content/PANIC")).unwrap();
    let fixed = server.poll(RUNBOOK_URL, CHANGE, "the site after the panic", |r| {
        !r.body.contains("pipebook-serve-error")
    });
    assert_eq!(fixed.status, 200);

    // SIGTERM stops it as Ctrl-C does, removing everything.
    let status = server.signal("TERM");
    assert!(status.success(), "{status}\n{}", server.output());
    let left: Vec<_> = std::fs::read_dir(&tmp).unwrap().collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn the_roots_netlify_toml_wins_and_a_broken_one_stops_it() {
    let site = example_site();
    let root = site.path();
    let tmp = temp_root(root);
    std::fs::write(
        root.join("netlify.toml"),
        "[build]\ncommand = \"x\"\n\n[[headers]]\n  for = \"/runbooks/*\"\n  [headers.values]\n    X-Frame-Options = \"DENY\"\n",
    )
    .unwrap();
    let mut server = Server::start(root, &tmp);
    let page = server.get(RUNBOOK_URL);
    assert_eq!(page.header("X-Frame-Options"), Some("DENY"));
    assert_eq!(
        page.header("Referrer-Policy"),
        None,
        "only the root's rules, not pipebook's own netlify.toml"
    );
    // The build's own `_headers` still applies: the pages' policy.
    assert!(page
        .header("Content-Security-Policy")
        .is_some_and(|csp| csp.starts_with("default-src 'self'; script-src 'self' 'sha256-")));
    assert_eq!(server.get("/").header("X-Frame-Options"), None);
    assert!(server.interrupt().success());

    // A header value with a line break: an error naming the line and column, status 1,
    // and nothing left in the temporary folder.
    std::fs::write(
        root.join("netlify.toml"),
        "[[headers]]\nfor = \"/*\"\n[headers.values]\nX-A = \"\"\"\none\ntwo\"\"\"\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_pipebook"))
        .args(["serve", "--root", root.to_str().unwrap(), "--port", "0"])
        .env("TMPDIR", &tmp)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("netlify.toml:4:7: "), "{err}");
    assert!(err.contains("control character"), "{err}");
    let left: Vec<_> = std::fs::read_dir(&tmp).unwrap().collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}
