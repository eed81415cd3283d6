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
