use super::tokens::might_hold_links;
use super::*;
use html5ever::tokenizer::TagKind;

/// Scans `piece`, rewriting every address to `/new/<address>`.
fn rewrite(piece: &str) -> (Scan, Vec<(String, bool, usize)>) {
    let mut seen = Vec::new();
    let scan = scan(piece, |a| {
        seen.push((a.url.to_string(), a.is_link, a.offset));
        (!a.url.contains(':')).then(|| format!("/new/{}", a.url))
    });
    (scan, seen)
}

/// The bytes visited to scan `n` links on one line, and the piece's size.
fn one_line_of_links(n: usize) -> (u64, usize) {
    let piece = format!("<div>\n{}\n</div>\n", "<a href=y.md>".repeat(n));
    let ((scan, seen), visited) = crate::work::count(|| rewrite(&piece));
    assert_eq!(seen.len(), n);
    assert!(scan.html.is_some());
    (visited, piece.len())
}

#[test]
fn many_tags_on_one_line_cost_the_line_once() {
    // Counted, not timed. Looking for the end of the line again for each tag (1 MB
    // took 2 s in a release build, 2 MB 11 minutes in a debug one) visits the line
    // once per tag.
    let (small, small_len) = one_line_of_links(20_000);
    let (large, large_len) = one_line_of_links(80_000);
    assert!(large <= 2 * large_len as u64, "{large} for {large_len}");
    assert!(
        large * 10 <= small * 45,
        "{small} for {small_len}, {large} for {large_len}"
    );
}

#[test]
fn addresses_are_rewritten_and_the_rest_kept() {
    let piece = "<p align=center>\n  <img src=diagram.png alt='a \"b\" &amp; c' width=300>\n  <a href=\"other.md#x\" title=t>x &lt; y</a>\n</p>\n";
    let (scan, seen) = rewrite(piece);
    // Each address is placed where it is written.
    let at = |s: &str| piece.find(s).unwrap();
    assert_eq!(
        seen,
        [
            ("diagram.png".to_string(), false, at("diagram.png")),
            ("other.md#x".to_string(), true, at("other.md"))
        ]
    );
    assert_eq!(
        scan.html.as_deref(),
        Some("<p align=\"center\">\n  <img src=\"/new/diagram.png\" alt=\"a &quot;b&quot; &amp; c\" width=\"300\">\n  <a href=\"/new/other.md#x\" title=\"t\">x &lt; y</a>\n</p>\n")
    );
}

#[test]
fn absolute_addresses_leave_the_piece_as_written() {
    let piece = "<a href='https://example.com/?a=1&amp;b=2'  id=top>x</a>";
    let (scan, seen) = rewrite(piece);
    assert_eq!(seen.len(), 1);
    assert_eq!(scan.html, None);
    assert_eq!(scan.anchors, ["top"]);
}

#[test]
fn ids_and_names_of_links_are_anchors() {
    let (scan, _) = rewrite("<a name=\"step-3\"></a><div id='y'><input name=q><a id=z name=w>");
    assert_eq!(scan.anchors, ["step-3", "y", "z", "w"]);
}

#[test]
fn srcset_candidates_are_each_rewritten() {
    let (scan, seen) = rewrite("<img srcset=\"a.png 1x, https://x.example/b.png 2x,c.png\">");
    assert_eq!(seen.len(), 3);
    assert_eq!(
        scan.html.as_deref(),
        Some("<img srcset=\"/new/a.png 1x, https://x.example/b.png 2x, /new/c.png\">")
    );
}

#[test]
fn srcset_addresses_keep_their_own_commas() {
    assert_eq!(
        srcset_candidates(" data:image/png;base64,iVBOR= 1x,b.png 2x , c.png,, d.png, "),
        [
            ("data:image/png;base64,iVBOR=", "1x"),
            ("b.png", "2x"),
            ("c.png", ""),
            ("d.png", "")
        ]
    );
    let svg = "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'></svg> 1x, e.png";
    assert_eq!(
        srcset_candidates(svg),
        [
            (
                "data:image/svg+xml,<svg",
                "xmlns='http://www.w3.org/2000/svg'></svg> 1x"
            ),
            ("e.png", "")
        ]
    );
    assert_eq!(
        srcset_candidates("f.png (a, b) 2x, g.png"),
        [("f.png", "(a, b) 2x"), ("g.png", "")]
    );
    assert_eq!(srcset_candidates(" , "), []);
}

#[test]
fn text_inside_script_is_not_read_as_markup() {
    let piece = "<script>if (a < b) document.write('<img src=x.png>')</script><img src=y.png>";
    let (scan, seen) = rewrite(piece);
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(
        scan.html.as_deref(),
        Some(
            "<script>if (a < b) document.write('<img src=x.png>')</script><img src=\"/new/y.png\">"
        )
    );
}

#[test]
fn images_of_the_site_get_the_size_of_their_file() {
    let sized = |piece: &str| {
        let scan = scan_tags(piece, None, true, |a| Resolved {
            url: None,
            size: (a.url == "x.png").then_some((640, 480)),
            left_out: None,
        });
        scan.html.unwrap_or_else(|| piece.to_string())
    };
    assert_eq!(
        sized("<img src=x.png>"),
        "<img src=\"x.png\" width=\"640\" height=\"480\">"
    );
    assert_eq!(
        sized("<img width=' 160 ' src=x.png>"),
        "<img width=\" 160 \" src=\"x.png\" height=\"120\">"
    );
    assert_eq!(
        sized("<img height=1 src=x.png>"),
        "<img height=\"1\" src=\"x.png\" width=\"1\">"
    );
    for kept in [
        "<img src=x.png width=50%>",
        "<img src=x.png width=0>",
        "<img src=x.png width=1 height=2>",
        "<img src=y.png>",
        "<source src=x.png>",
        "<a href=x.png>x</a>",
    ] {
        assert_eq!(sized(kept), kept);
    }
}

#[test]
fn pieces_without_attributes_are_not_tokenized() {
    assert!(!might_hold_links("<details>\n<summary>Why</summary>"));
    assert!(might_hold_links("<IMG SRC=x>"));
    let (scan, seen) = rewrite("<details><summary>x = 1</summary>");
    assert_eq!((scan, seen.len()), (Scan::default(), 0));
}

#[test]
fn an_element_of_raw_text_written_closed_ends_where_it_stands() {
    // Docusaurus's video embed: HTML ignores the `/`, and the `</div>` and all after it
    // were the `<iframe>`'s text.
    let piece = "<div>\n  <iframe src=\"https://v.example/x\" />\n</div>\n<img src=y.png>";
    let mut seen_tags = Vec::new();
    let mut hook = |tag: &html5ever::tokenizer::Tag, _at: usize| {
        seen_tags.push((tag.kind == TagKind::EndTag, tag.name.to_string()));
        true
    };
    let scan = scan_tags(piece, Some(&mut hook), true, |_| Resolved::default());
    assert_eq!(
        scan.html.as_deref(),
        Some(
            "<div>\n  <iframe src=\"https://v.example/x\" /></iframe>\n</div>\n<img src=\"y.png\">"
        )
    );
    let names: Vec<String> = seen_tags
        .iter()
        .map(|(end, n)| format!("{}{n}", if *end { "/" } else { "" }))
        .collect();
    assert_eq!(names, ["div", "iframe", "/div", "img"]);
    // Written open, it still takes in what follows, as browsers read it.
    let (_, seen) = rewrite("<script src=a.js><img src=y.png>");
    let urls: Vec<&str> = seen.iter().map(|(url, ..)| url.as_str()).collect();
    assert_eq!(urls, ["a.js"]);
    // `<plaintext/>` has no end tag: it is left to `raw_stack`.
    let (scan, _) = rewrite("<plaintext/><img src=y.png>");
    assert_eq!(scan.html, None);
}
