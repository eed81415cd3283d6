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
