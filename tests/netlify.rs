//! Netlify deploys: previews build with their own URL, a banner and noindex; production
//! with neither. Feeds are served as calendars.

mod common;

use common::*;

#[test]
fn previews_show_a_banner_and_ask_not_to_be_indexed() {
    let site = example_site();
    let root = site.path();
    let r = root.to_str().unwrap();
    let o = pipebook(&[
        "build",
        "--root",
        r,
        "--preview",
        "--base-url",
        "https://deploy-preview-9--pipebook.netlify.app",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    for page in [
        "index.html",
        "runbooks/profit/aggregate-profit/index.html",
        "oncall/index.html",
        "404.html",
    ] {
        let html = read(&root.join("public").join(page));
        assert!(
            html.contains(r#"<meta name="robots" content="noindex, nofollow">"#),
            "{page}"
        );
        assert!(
            html.contains("Preview of a change: this is not the live site."),
            "{page}"
        );
        assert!(
            html.contains(
                r#"<link rel="canonical" href="https://deploy-preview-9--pipebook.netlify.app/"#
            ),
            "{page}"
        );
    }
    build_ok(root);
    let html = read(&root.join("public/index.html"));
    assert!(
        !html.contains("noindex") && !html.contains(r#"class="preview-banner""#),
        "production has neither"
    );
}

#[test]
fn netlify_toml_builds_previews_with_their_url() {
    let toml = read(&repo().join("netlify.toml"));
    assert!(
        toml.contains(r#"command = "cargo run --release --locked -- build""#),
        "production build"
    );
    let previews = toml
        .matches(r#"build --preview --base-url \"$DEPLOY_PRIME_URL\""#)
        .count();
    assert_eq!(previews, 2, "deploy previews and branch deploys");
    assert!(toml.contains(r#"publish = "public""#));
    assert!(toml.contains(r#"Content-Type = "text/calendar; charset=utf-8""#));
}

/// Every file keeps its address while builds change it (no name carries a hash), so every
/// one, the on-call answer and the search index's heads above all, is revalidated before
/// use: one `Cache-Control` each, from the build's `_headers` with pipebook's own
/// netlify.toml (which `init --netlify` copies), never two values joined.
#[test]
fn every_served_file_is_revalidated_before_use() {
    use pipebook::serve::headers::Rules;
    let site = example_site();
    let root = site.path();
    std::fs::write(root.join("content/runbooks/profit/flow.png"), png(4, 3)).unwrap();
    build_ok(root);
    let public = root.join("public");
    let (built, problems) = Rules::from_headers_file(&read(&public.join("_headers")));
    assert!(problems.is_empty(), "{problems:?}");
    let own = Rules::from_netlify_toml(&read(&repo().join("netlify.toml"))).unwrap();
    let rules = built.then(&own);
    let heads = std::fs::read_dir(public.join("search/h"))
        .map(|d| d.count())
        .unwrap_or(0);
    let mut paths = vec![
        "/",
        "/oncall.json",
        "/oncall.ics",
        "/oncall/",
        "/offline.json",
        "/sw.js",
        "/search/meta.json",
        "/search/f/0.json",
        "/search/s/0.bin",
        "/static/site.js",
        "/runbooks/profit/aggregate-profit/",
        "/runbooks/profit/flow.png",
        "/manifest.webmanifest",
    ];
    if heads > 0 {
        paths.push("/search/h/0.json");
    }
    for path in paths {
        let cache: Vec<_> = rules
            .headers_for(path)
            .into_iter()
            .filter(|(name, _)| name.eq_ignore_ascii_case("cache-control"))
            .map(|(_, value)| value)
            .collect();
        assert_eq!(cache, ["no-cache"], "{path}");
    }
    // The copied file keeps its sandbox beside it.
    let png_headers = rules.headers_for("/runbooks/profit/flow.png");
    assert!(
        png_headers
            .iter()
            .any(|(n, v)| n == "Content-Security-Policy" && v.contains("sandbox")),
        "{png_headers:?}"
    );
}
