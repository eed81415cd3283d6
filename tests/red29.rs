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

/// Found by review: the limit went by the file's name (the same PNG as `x.apng`, `x.img` or
/// `x` was published, and Chrome drew it at 8,000 by 8,000), a GIF's first frame larger than
/// its screen was drawn at the frame's size, a JPEG's size after 270 kB of metadata was not
/// looked for (and the image published), and an SVG's `data:` address spelt
/// `;  base64`, `;base64 ,` or with percent-escapes inside the base64 was not decoded as a
/// browser decodes it. Each is left out now.
#[test]
fn the_limit_holds_as_browsers_read_images() {
    use base64::Engine as _;
    let big = common::png(8_000, 8_000);
    let b64 = base64::engine::general_purpose::STANDARD.encode(&big);
    let svg = |href: String| {
        format!("<svg xmlns=\"http://www.w3.org/2000/svg\"><image href=\"{href}\" width=\"9\" height=\"9\"/></svg>\n")
    };
    let mut gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00\x2c\x00\x00\x00\x00".to_vec();
    gif.extend_from_slice(&9_000u16.to_le_bytes());
    gif.extend_from_slice(&9_000u16.to_le_bytes());
    gif.extend_from_slice(&[0, 2, 0, 0x3b]);
    let mut late = vec![0xFF, 0xD8];
    for _ in 0..5 {
        late.extend_from_slice(&[0xFF, 0xE1, 0xEA, 0x62]);
        late.extend(std::iter::repeat_n(0u8, 60_000));
    }
    late.extend_from_slice(&[
        0xFF, 0xC0, 0, 17, 8, 0x1F, 0x40, 0x1F, 0x40, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1, 0xFF,
        0xD9,
    ]);
    let site = site_of(&[
        (
            "content/site.yaml",
            "title: Ops\nbase_url: https://ops.example/\n",
        ),
        (
            "content/runbooks/disk.md",
            "# Disk\n\nNothing here shows the files.\n",
        ),
        (
            "content/runbooks/space.svg",
            &svg(format!("data:image/png; base64,{b64}")),
        ),
        (
            "content/runbooks/comma.svg",
            &svg(format!("data:image/png;base64 ,{b64}")),
        ),
        (
            "content/runbooks/escaped.svg",
            &svg(format!("data:image/png;base64,{}", b64.replace('V', "%56"))),
        ),
    ]);
    let runbooks = site.path().join("content/runbooks");
    for name in ["big.apng", "big.img", "bigpng", "big.PNG.txt"] {
        std::fs::write(runbooks.join(name), &big).unwrap();
    }
    std::fs::write(runbooks.join("frame.gif"), &gif).unwrap();
    std::fs::write(runbooks.join("late.jpg"), &late).unwrap();
    let out = build_ok(site.path());
    let err = stderr(&out);
    let public = site.path().join("public/runbooks");
    for name in ["big.apng", "big.img", "bigpng", "big.PNG.txt"] {
        assert!(
            err.contains(&format!(
                "`content/runbooks/{name}` is not published: its header says 8000 by 8000 pixels"
            )),
            "{name}: {err}"
        );
        assert!(!public.join(name).exists(), "{name}");
    }
    assert!(
        err.contains(
            "`content/runbooks/frame.gif` is not published: its header says 9000 by 9000 pixels"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "`content/runbooks/late.jpg` is not published: its header says 8000 by 8000 pixels"
        ),
        "{err}"
    );
    for name in ["space.svg", "comma.svg", "escaped.svg"] {
        assert!(err.contains(&format!("`content/runbooks/{name}` is not published: `<image>` embeds an image of 8000 by 8000 pixels")), "{name}: {err}");
        assert!(!public.join(name).exists(), "{name}");
    }
    assert!(!public.join("frame.gif").exists() && !public.join("late.jpg").exists());
}
