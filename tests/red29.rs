//! Hostile files beside runbooks (session 29): a raster image whose header declares more
//! pixels than a browser can decode. The test failed on main (1977fb0): the image was
//! published and shown.

mod common;

use common::{article, build_ok, site_of, stderr};

/// A PNG of 37 bytes (its header: signature and IHDR) that declares 40,000 by 40,000
/// pixels, 6.4 GB for a browser to decode, was published and drawn by every page showing
/// it. It is left out with a warning naming its size; pages show its description and a
/// note as for a left-out SVG; an image just under the limit and a screenshot are
/// published with their sizes; `--deny-warnings` fails the build on it.
#[test]
fn an_image_declaring_too_many_pixels_is_left_out() {
    let site = site_of(&[
        (
            "content/site.yaml",
            "title: Ops\nbase_url: https://ops.example/\nrepository: https://github.com/org/ops\nbranch: main\n",
        ),
        (
            "content/runbooks/disk.md",
            "# Disk\n\n![The flow](bomb.png)\n\n<p><img src=\"bomb.png\" alt=\"raw\"></p>\n\n![Wide](wide.png) ![Shot](shot.png)\n\nSee [the diagram](bomb.png).\n",
        ),
    ]);
    let runbooks = site.path().join("content/runbooks");
    std::fs::write(runbooks.join("bomb.png"), common::png(40_000, 40_000)).unwrap();
    // 50,000,000 pixels exactly: the limit is published.
    std::fs::write(runbooks.join("wide.png"), common::png(10_000, 5_000)).unwrap();
    std::fs::write(runbooks.join("shot.png"), common::png(1_170, 2_532)).unwrap();
    let out = build_ok(site.path());
    let err = stderr(&out);
    assert!(
        err.contains("`content/runbooks/bomb.png` is not published: its header says 40000 by 40000 pixels (1600 million, 6400 MB once decoded)"),
        "{err}"
    );
    assert!(
        !err.contains("wide.png") && !err.contains("shot.png"),
        "{err}"
    );
    let public = site.path().join("public/runbooks");
    assert!(!public.join("bomb.png").exists());
    assert!(public.join("wide.png").is_file() && public.join("shot.png").is_file());
    let html = article(site.path(), "disk");
    assert!(!html.contains("src=\"/runbooks/bomb.png\""), "{html}");
    let note = "<small class=\"image-left-out\">(image bomb.png not shown: it has too many pixels for a reader's browser; <a href=\"https://github.com/org/ops/blob/main/content/runbooks/bomb.png\">the repository's copy</a>)</small>";
    assert!(html.contains(&format!("The flow {note}")), "{html}");
    assert!(html.contains(&format!("raw {note}")), "{html}");
    assert!(
        html.contains("width=\"10000\" height=\"5000\"")
            && html.contains("width=\"1170\" height=\"2532\""),
        "{html}"
    );
    // The link to it goes to the repository's copy, not to the site's.
    assert!(!html.contains("href=\"/runbooks/bomb.png\""), "{html}");

    let denied = common::pipebook(&[
        "build",
        "--root",
        site.path().to_str().unwrap(),
        "--deny-warnings",
    ]);
    assert_eq!(denied.status.code(), Some(1), "{}", stderr(&denied));
}

/// The same image inside an SVG beside the runbooks (`<image href="data:image/png;base64,…">`)
/// was published, and drawn by the browser at its declared size to show the SVG. The SVG
/// is left out, at the `<image>`'s line; an SVG embedding a small image still is published.
#[test]
fn an_svg_embedding_an_image_of_too_many_pixels_is_left_out() {
    let b64 = |w: u32, h: u32| {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.encode(common::png(w, h))
    };
    let svg = |w, h| {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\">\n  <rect width=\"10\" height=\"10\"/>\n  <image href=\"data:image/png;base64,{}\" width=\"10\" height=\"10\"/>\n</svg>\n",
            b64(w, h)
        )
    };
    let (bomb, small) = (svg(40_000, 40_000), svg(64, 64));
    let site = site_of(&[
        (
            "content/site.yaml",
            "title: Ops\nbase_url: https://ops.example/\n",
        ),
        (
            "content/runbooks/disk.md",
            "# Disk\n\n![Flow](flow.svg)\n\n![Icon](icon.svg)\n",
        ),
        ("content/runbooks/flow.svg", &bomb),
        ("content/runbooks/icon.svg", &small),
    ]);
    let out = build_ok(site.path());
    let err = stderr(&out);
    assert!(
        err.contains("`content/runbooks/flow.svg` is not published: `<image>` embeds an image of 40000 by 40000 pixels, more than the 50 million a page shows, which freezes the page showing it"),
        "{err}"
    );
    assert!(err.contains("content/runbooks/flow.svg:3:"), "{err}");
    assert!(
        err.contains("hint: export the image again with its embedded images scaled down"),
        "{err}"
    );
    assert!(!err.contains("icon.svg"), "{err}");
    let public = site.path().join("public/runbooks");
    assert!(!public.join("flow.svg").exists() && public.join("icon.svg").is_file());
    let html = article(site.path(), "disk");
    assert!(
        html.contains("Flow <small class=\"image-left-out\">(image flow.svg not shown: it freezes the page showing it; the repository's copy)</small>"),
        "{html}"
    );
}
