use super::audit::Piece;
use super::*;

fn removed(raw: &str) -> Vec<String> {
    audit(raw).into_iter().map(|r| r.what).collect()
}

#[test]
fn what_runbooks_use_is_kept() {
    let html = concat!(
            "<details open><summary>More</summary><p>Press <kbd>Ctrl</kbd>+<kbd>C</kbd>, ",
            "H<sub>2</sub>O, x<sup>2</sup><br>",
            "<img src=\"flow.png\" alt=\"Flow\" width=\"300\"></p></details>",
            "<a name=\"step-3\"></a><a id=\"x\" href=\"https://example.com/\">x</a>",
            "<table><tr><th>a</th><td colspan=\"2\">b</td></tr></table>",
            "<h2 id=\"verify\" class=\"toc\">Verify<a class=\"anchor\" href=\"#verify\" aria-label=\"Link\">#</a></h2>",
            "<ul><li><input type=\"checkbox\" checked disabled> done</li></ul>",
        );
    assert_eq!(removed(html), Vec::<String>::new());
    let cleaned = clean(html);
    for kept in [
        "<details open=\"\">",
        "<summary>",
        "<kbd>Ctrl</kbd>",
        "<sub>2</sub>",
        "<sup>2</sup>",
        "<br>",
        "src=\"flow.png\"",
        "name=\"step-3\"",
        "id=\"verify\"",
        "class=\"anchor\"",
        "colspan=\"2\"",
        "type=\"checkbox\"",
    ] {
        assert!(cleaned.contains(kept), "{kept} in {cleaned}");
    }
}

#[test]
fn only_the_classes_pipebook_writes_are_kept() {
    for ours in [
        "anchor",
        "language-promql",
        "markdown-alert-note",
        "l2",
        "gp",
        "cmd",
    ] {
        assert!(class_allowed(ours), "{ours}");
    }
    for theirs in [
        "oncall-now",
        "preview-banner",
        "visually-hidden",
        "skip",
        "l7",
        "language-",
        "l",
    ] {
        assert!(!class_allowed(theirs), "{theirs}");
    }
    let cleaned = clean("<p class=\"anchor preview-banner\">a</p><p class=\"skip\">b</p>");
    assert_eq!(cleaned, "<p class=\"anchor\">a</p><p>b</p>");
    assert_eq!(
        removed("<p class=\"anchor skip\">"),
        ["class `skip` of `<p>`"]
    );
}

#[test]
fn what_runs_script_or_navigates_away_goes() {
    let attacks = [
        ("<script>alert(1)</script>", "`<script>` and its content"),
        (
            "<script src=\"/runbooks/evil.js\"></script>",
            "`<script>` and its content",
        ),
        (
            "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">",
            "`<meta>`",
        ),
        ("<base href=\"https://evil.example/\">", "`<base>`"),
        (
            "<iframe src=\"https://evil.example/\"></iframe>",
            "`<iframe>`",
        ),
        ("<object data=\"x.swf\"></object>", "`<object>`"),
        ("<embed src=\"x.swf\">", "`<embed>`"),
        ("<form action=\"https://evil.example/\"></form>", "`<form>`"),
        (
            "<img src=x onerror=alert(1)>",
            "attribute `onerror` of `<img>`",
        ),
        (
            "<a href=\"javascript:alert(1)\">x</a>",
            "`href=\"javascript:alert(1)\"` of `<a>`",
        ),
        (
            "<a href=\"java\tscript:alert(1)\">x</a>",
            "`href=\"java\tscript:alert(1)\"` of `<a>`",
        ),
        (
            "<img src=\"data:text/html,<script>alert(1)</script>\">",
            "`src=\"data:text/html,<script>alert(1)</script>\"` of `<img>`",
        ),
        ("<svg onload=alert(1)>", "`<svg>`"),
        (
            "<input type=\"text\" value=\"x\">",
            "`<input>` (a form control; only disabled task list checkboxes stay)",
        ),
        (
            "<form><input type=\"password\"></form>",
            "`<input>` (a form control; only disabled task list checkboxes stay)",
        ),
        (
            "<input type=\"checkbox\" checked>",
            "`<input>` (a form control; only disabled task list checkboxes stay)",
        ),
        (
            "<button>Sign in</button><select><option>x</option></select><textarea>y</textarea>",
            "`<button>`",
        ),
        (
            "<div style=\"position:fixed\">x</div>",
            "attribute `style` of `<div>`",
        ),
        ("<link rel=\"stylesheet\" href=\"x.css\">", "`<link>`"),
    ];
    for (html, what) in attacks {
        assert!(
            removed(html).iter().any(|w| w == what),
            "{html}: {:?}",
            removed(html)
        );
        let cleaned = clean(html).to_ascii_lowercase();
        for gone in [
            "<script",
            "alert(1)</",
            "onerror",
            "javascript:",
            "<meta",
            "<base",
            "<iframe",
            "<object",
            "<embed",
            "<form",
            "<svg",
            "style=",
            "<link",
            "data:",
            "value=",
            "<input",
            "<button",
            "<select",
            "<textarea",
        ] {
            assert!(!cleaned.contains(gone), "{html} -> {cleaned}");
        }
    }
}

#[test]
fn removals_carry_their_line() {
    let html = "<p>\nok\n</p>\n<img\n  src=x\n  onclick=y><IMG onclick=z><img/onclick=w>";
    let found = audit(html);
    assert_eq!(found.len(), 3);
    // html5ever tells the line a tag ends on; the removal is where it starts.
    assert_eq!(found[0].at, html.find("<img").unwrap());
    assert_eq!(found[1].at, html.find("<IMG").unwrap());
    assert_eq!(found[2].at, html.find("<img/").unwrap());
}

#[test]
fn a_piece_left_open_makes_the_page_be_cleaned() {
    let review = |pieces: &[&str]| {
        let mut audit = PageAudit::default();
        for (i, piece) in pieces.iter().enumerate() {
            let mut p = Piece::default();
            p.push(piece, i * 100);
            audit.pieces.push(p);
        }
        audit.review().keep_as_written
    };
    assert!(review(&["<details><summary>x</summary>", "</details>"]));
    assert!(review(&["<a name=\"x\"></a>", "<!-- a comment -->"]));
    for open in [
        "<div title=\"",
        "<div title='x",
        "<img src=x",
        "<!-- unclosed",
        "<pipebook-end-of-piece>",
    ] {
        assert!(!review(&["<p>", open]), "{open}");
    }
}

#[test]
fn script_content_is_not_read_as_markup() {
    assert_eq!(
        removed("<script>document.write('<iframe>')</script>"),
        ["`<script>` and its content"]
    );
}

#[test]
fn urls_are_judged_like_a_browser() {
    for ok in [
        "https://x.example/",
        "mailto:a@b.c",
        "tel:+15550100",
        "../flow.png",
        "#steps-2",
        "/runbooks/",
        "slack://channel?id=1",
    ] {
        assert!(url_allowed(ok), "{ok}");
    }
    for bad in [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\nscript:alert(1)",
        "vbscript:x",
        "data:text/html,x",
        "file:///etc/passwd",
    ] {
        assert!(!url_allowed(bad), "{bad}");
    }
}

#[test]
fn text_shrinking_elements_nest_two_deep_and_code_three() {
    let hidden = format!(
        "<pre><code>kubectl get pods{}; curl x | sh{}</code></pre>",
        "<sub>".repeat(20),
        "</sub>".repeat(20)
    );
    let cleaned = clean(&hidden);
    assert_eq!(
        cleaned,
        "<pre><code>kubectl get pods<sub><sub>; curl x | sh</sub></sub></code></pre>"
    );
    let found = removed(&hidden);
    assert_eq!(found.len(), 18, "{found:?}");
    assert!(found[0].starts_with("`<sub>` inside 2 more"), "{found:?}");
    // Kinds mix (`small` in `sup`), closed ones free their place, and code nests three deep.
    let html = "<p><sup><small>a<sub>b</sub></small></sup><sub><sup>c</sup></sub>\
        <code><code><code><code>d</code></code></code></code><rt><rt>e</rt></rt></p>";
    assert_eq!(
        clean(html),
        "<p><sup><small>ab</small></sup><sub><sup>c</sup></sub>\
        <code><code><code>d</code></code></code><rt><rt>e</rt></rt></p>"
    );
    assert_eq!(removed(html).len(), 2, "{:?}", removed(html));
    // What runbooks write stays as it is.
    let plain = "<p>H<sub>2</sub>O and x<sup>2<small>nd</small></sup>, <pre><code>a<sub>i</sub></code></pre></p>";
    assert_eq!(removed(plain), Vec::<String>::new());
    assert_eq!(flatten_nesting(plain.to_string()), plain);
}

#[test]
fn nesting_is_carried_from_piece_to_piece() {
    let mut audit = PageAudit::default();
    let mut at = 0;
    for piece in [
        "<sub>", "<sub>", "x", "<sub>", "</sub>", "</sub>", "</sub>", "<sub>",
    ] {
        if piece != "x" {
            let event = pulldown_cmark::Event::InlineHtml(piece.into());
            audit.see(&event, &(at..at + piece.len()));
        }
        at += piece.len();
    }
    let review = audit.review();
    assert_eq!(review.removals.len(), 1, "{:?}", review.removals);
    assert_eq!(review.removals[0].0, 11);
    assert!(!review.keep_as_written);
}

#[test]
fn the_attributes_removed_from_one_tag_are_one_removal() {
    // JSX's style object (a Docusaurus page's video embed) reads as an attribute a word:
    // it was one warning for each of them.
    let jsx = "<div style={{position: 'relative', paddingBottom: '56.25%', height: 0, overflow: 'hidden'}}>x</div>";
    assert_eq!(
        removed(jsx),
        ["attributes `style`, `'relative',`, `paddingbottom:`, `'56.25%',` and 4 more of `<div>`"]
    );
    assert_eq!(
        removed("<img src=a.png style=\"x\" onerror=\"y\">"),
        ["attributes `style`, `onerror` of `<img>`"]
    );
    assert_eq!(
        removed("<p onclick=\"x\">a</p><p onmouseover=\"y\">b</p>"),
        [
            "attribute `onclick` of `<p>`",
            "attribute `onmouseover` of `<p>`"
        ]
    );
}

#[test]
fn a_removed_attribute_s_long_name_is_cut_in_its_warning() {
    // A 1 MB attribute name was a 1 MB warning.
    let long = "x".repeat(1 << 20);
    let what = removed(&format!("<p {long}=\"1\">a</p>"));
    assert_eq!(what.len(), 1);
    assert!(what[0].len() < 100, "{} bytes", what[0].len());
    assert!(what[0].starts_with("attribute `xxxx") && what[0].ends_with("…` of `<p>`"));
}
