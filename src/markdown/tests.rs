use super::*;
use crate::model::{FrontMatter, SourceFile};

pub(super) fn runbook(rel: &str, text: &str) -> Runbook {
    Runbook {
        rel_path: rel.to_string(),
        slug: rel.trim_end_matches(".md").to_string(),
        is_index: false,
        front: FrontMatter::default(),
        body_start: 0,
        source: SourceFile {
            display: format!("content/runbooks/{rel}"),
            text: text.to_string(),
            spans: Default::default(),
        },
        body_on_disk: None,
    }
}

pub(super) fn targets<'a>() -> MarkdownContext<'a> {
    MarkdownContext {
        runbooks: [
            ("a/one.md", "a/one"),
            ("b/two.md", "b/two"),
            ("b/_index.md", "b"),
        ]
        .into_iter()
        .collect(),
        assets: ["a/flow chart.png", "a/small.png"].into_iter().collect(),
        image_sizes: [("a/small.png", (40, 30))].into_iter().collect(),
        left_out: [("a/flame.svg", "it could run script")]
            .into_iter()
            .collect(),
        folders: ["", "a", "b"].into_iter().collect(),
        forge: None,
        // Looked up already, and nothing found outside the runbook folder.
        repo_files: Some(Box::leak(Box::default())),
        myst_labels: None,
        base_path: "/",
        folder: "content/runbooks/",
        sanitize_html: false,
        broken_links_are_errors: false,
        heading_ids: HeadingIds::Github,
        names: PageNames::default(),
        theme_shows_one_scheme: false,
    }
}

#[test]
fn relative_links_become_page_urls() {
    let rb = runbook(
        "a/one.md",
        "[x](../b/two.md#verify) [y](../b/_index.md) [z](two.md) ![d](flow%20chart.png) [w](https://example.com/x.md)\n",
    );
    let mut d = Diagnostics::new();
    let r = render(&rb, &targets(), &mut d);
    assert!(
        r.html.contains("href=\"/runbooks/b/two/#verify\""),
        "{}",
        r.html
    );
    assert!(r.html.contains("href=\"/runbooks/b/\""), "{}", r.html);
    assert!(
        r.html.contains("src=\"/runbooks/a/flow%20chart.png\""),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("href=\"https://example.com/x.md\""),
        "{}",
        r.html
    );
    // two.md is not in folder a: one warning, with line and column.
    assert_eq!(d.warning_count(), 1);
    let w = d.sorted()[0];
    assert!(w.message.contains("`two.md`"), "{}", w.message);
    assert_eq!((w.location.line, w.location.col), (1, 45));
}

#[test]
fn hugo_refs_resolve_like_relative_links() {
    let rb = runbook(
        "b/two.md",
        "See [two]({{< ref \"./_index.md\" >}}) and [one]({{< relref \"../a/one.md\" >}}).\n",
    );
    let mut d = Diagnostics::new();
    let r = render(&rb, &targets(), &mut d);
    assert!(r.html.contains("href=\"/runbooks/b/\""), "{}", r.html);
    assert!(r.html.contains("href=\"/runbooks/a/one/\""), "{}", r.html);
    assert_eq!(d.warning_count(), 0);
}

#[test]
fn gfm_extensions_render() {
    let rb = runbook(
        "a/one.md",
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n~~old~~ note[^1]\n\n[^1]: foot\n",
    );
    let r = render(&rb, &targets(), &mut Diagnostics::new());
    assert!(r.html.contains("<table>"));
    assert!(r.html.contains("type=\"checkbox\""));
    assert!(r.html.contains("<del>old</del>"));
    assert!(r.html.contains("footnote-definition"));
}

/// Words inside inline `<template>`, `<style>`, `<script>` (and SVG, MathML) are not on
/// the sanitized page, yet were read for search: a pull request's runbook could come first
/// for "database down" with words no reader sees. On main the text below was
/// "Shown database down database down outage also shown. End x Next para."; the words of
/// the elements around are kept, and an element left open ends with its block.
#[test]
fn words_the_page_does_not_show_are_not_searched() {
    let md = "# T\n\nShown <template>database down</template> <STYLE>database down</STYLE> <svg><text>outage</text></svg><svg/> also <b>shown</b>.\n\nEnd <script>x\n\nNext <template/>para.\n\n## H <style>\n\nAfter | the\n-|-\n<math>a | heading\n";
    let mut t = targets();
    t.sanitize_html = true;
    let r = render(&runbook("a/one.md", md), &t, &mut Diagnostics::new());
    let words: Vec<&str> = r.sections[0].text.split_whitespace().collect();
    assert_eq!(words.join(" "), "Shown also shown. End Next para.");
    let words: Vec<&str> = r.sections[1].text.split_whitespace().collect();
    assert_eq!(words.join(" "), "After the heading");
    assert!(!r.html.contains("database"), "{}", r.html);
}

/// A tag written closed (`<template/>`, `<style/>`, as JSX and MDX write them): HTML
/// ignores the `/` of any element but a void one, so `<template/>` swallowed the rest of
/// the page (on main the page ended at "B"; "Three." and the heading were gone from it,
/// yet searched), and `<style/>` (written `<style></style>`) was read as left open, so
/// the words after it, shown, were not searched (on main the text was "A B shown two.
/// Three.").
#[test]
fn a_tag_written_closed_ends_where_it_stands_for_page_and_search() {
    let md = "# T\n\nA <style/>shown one.\n\nB <template/>shown two. <style title=\"</style>\">hidden</style>\n\n<div/>\n\nThree.\n\n## H\n\nFour.\n";
    let mut t = targets();
    t.sanitize_html = true;
    let r = render(&runbook("a/one.md", md), &t, &mut Diagnostics::new());
    let words: Vec<&str> = r.sections[0].text.split_whitespace().collect();
    assert_eq!(words.join(" "), "A shown one. B shown two. Three.");
    for shown in ["shown one.", "shown two.", "Three.", "Four."] {
        assert!(r.html.contains(shown), "{shown}: {}", r.html);
    }
}

#[test]
fn text_is_split_at_headings_for_search() {
    let rb = runbook(
        "a/one.md",
        "# Title\n\nIntro with `code`.\n\n## Steps\n\n1. Restart the `etl_job`.\n2. Check\nlogs.\n\n```sql\nSELECT 1;\n```\n",
    );
    let r = render(&rb, &targets(), &mut Diagnostics::new());
    assert_eq!(r.sections.len(), 2);
    assert_eq!(r.sections[0].text, "Intro with code.");
    assert_eq!(r.sections[1].anchor.as_deref(), Some("steps"));
    assert_eq!(r.sections[1].heading, "Steps");
    assert_eq!(
        r.sections[1].text,
        "Restart the etl_job. Check logs. SELECT 1;"
    );
}

#[test]
fn search_text_has_no_space_where_an_inline_span_ends() {
    let rb = runbook(
        "a/one.md",
        "See the [profit pipeline](b/two.md). It is **down**, *really*; ~~not~~ts.\n\n- one\n- two\n",
    );
    let r = render(&rb, &targets(), &mut Diagnostics::new());
    let text = &r.sections[0].text;
    assert!(
        text.starts_with("See the profit pipeline. It is down, really; notts."),
        "{text:?}"
    );
    // Block ends still part words.
    assert!(text.contains("one two"), "{text:?}");
}

#[test]
fn raw_html_is_kept_unless_the_site_asks_to_sanitize_it() {
    let rb = runbook(
        "a/one.md",
        "## Steps\n\n1. Run <code>x</code><script>alert(1)</script>\n\n<img src=\"a.png\" onerror=\"alert(2)\">\n\n- [x] done\n",
    );
    let kept = render(&rb, &targets(), &mut Diagnostics::new());
    assert!(kept.html.contains("<script>alert(1)</script>"));
    let mut t = targets();
    t.sanitize_html = true;
    let clean = render(&rb, &t, &mut Diagnostics::new());
    assert!(
        !clean.html.contains("<script") && !clean.html.contains("onerror"),
        "{}",
        clean.html
    );
    assert!(clean.html.contains(r#"<h2 id="steps">"#), "{}", clean.html);
    assert!(
        clean.html.contains(r#"<li id="steps.1">"#),
        "{}",
        clean.html
    );
    assert!(
        clean.html.contains(r#"class="step-link""#),
        "{}",
        clean.html
    );
    assert!(clean.html.contains(r#"type="checkbox""#), "{}", clean.html);
}

/// A link whose text is its address is `class="bare"` (print writes no address after
/// it), whether written `<…>`, bare in the text or `[address](address)`, sanitized or
/// not; sanitized, the author's own `class="bare"` is taken off (print shows where their
/// link leads); raw HTML kept as written keeps it, as it keeps a script.
#[test]
fn a_link_whose_text_is_its_address_is_bare_on_the_page() {
    let rb = runbook(
        "a/one.md",
        "Open <https://ops.example/a>, https://ops.example/b or [https://ops.example/c](https://ops.example/c);\n\
         [docs](https://ops.example/d) and <a class=\"bare\" href=\"https://evil.example/\">e</a>.\n",
    );
    for sanitize in [false, true] {
        let mut t = targets();
        t.sanitize_html = sanitize;
        let html = render(&rb, &t, &mut Diagnostics::new()).html;
        for bare in ["a", "b", "c"] {
            let link = format!("<a class=\"bare\" href=\"https://ops.example/{bare}\"");
            assert!(html.contains(&link), "{bare}: {html}");
        }
        let author = html.contains("<a class=\"bare\" href=\"https://evil.example/\"");
        assert_eq!(author, !sanitize, "{html}");
        assert!(
            !html.contains("class=\"bare\" href=\"https://ops.example/d"),
            "{html}"
        );
    }
}

#[test]
fn fenced_code_in_a_known_language_is_highlighted() {
    let md = "## Checks\n\n1. Count:\n\n   ```sql\n   SELECT a FROM t WHERE a < 2 AND b = '&';\n   ```\n\n```nix\nrate(x[5m]) < 1\n```\n\n```\nplain <b>\n```\n\n    indented <i>\n";
    let rb = runbook("a/one.md", md);
    let mut t = targets();
    for sanitize in [false, true] {
        t.sanitize_html = sanitize;
        let r = render(&rb, &t, &mut Diagnostics::new());
        assert!(
            r.html.contains(r#"<pre><code class="language-sql"><span class="k">SELECT</span> a <span class="k">FROM</span> t <span class="k">WHERE</span> a &lt; <span class="n">2</span> <span class="k">AND</span> b = <span class="s">'&amp;'</span>;"#),
            "sanitize {sanitize}: {}",
            r.html
        );
        // Unknown languages, no language and indented code: as pulldown-cmark writes
        // them.
        assert!(
            r.html
                .contains("<pre><code class=\"language-nix\">rate(x[5m]) &lt; 1\n</code></pre>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<pre><code>plain &lt;b&gt;\n</code></pre>"),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("<pre><code>indented &lt;i&gt;\n</code></pre>"),
            "{}",
            r.html
        );
        // The search index reads the code's text, not the markup: the same text as
        // when the block is not highlighted.
        assert!(
            r.sections[1]
                .text
                .starts_with("Count: SELECT a FROM t WHERE a < 2 AND b = '&';\n rate"),
            "{:?}",
            r.sections
        );
        let unhighlighted = runbook("a/one.md", &md.replace("```sql", "```text"));
        let plain = render(&unhighlighted, &t, &mut Diagnostics::new());
        assert_eq!(r.sections, plain.sections);
    }
}

#[test]
fn mermaid_blocks_become_figures_within_limits() {
    let big = format!("```mermaid\ngraph TD\n{}```\n", "  A --> B\n".repeat(1100));
    let md = format!(
        "## Flow\n\n```mermaid\ngraph TD\n  A[\"<b>x</b>\"] --> B\n```\n\n{big}\n{}",
        "```Mermaid\ngraph LR\n A --> B\n```\n\n".repeat(diagram::MAX_PER_PAGE + 5)
    );
    let rb = runbook("a/one.md", &md);
    let mut d = Diagnostics::new();
    let r = render(&rb, &targets(), &mut d);
    assert_eq!(r.diagrams, diagram::MAX_PER_PAGE);
    assert!(r.html.contains("<h2 id=\"flow\">"), "{}", r.html);
    assert!(
        r.html.contains("<figure class=\"diagram\"><pre><code class=\"language-mermaid\">graph TD\n  A[\"&lt;b&gt;x&lt;/b&gt;\"] --&gt; B\n</code></pre></figure>"),
        "{}",
        r.html
    );
    assert_eq!(
        r.html.matches("<figure class=\"diagram\">").count(),
        diagram::MAX_PER_PAGE
    );
    // The long one, and the 6 past the 20th.
    assert_eq!(r.html.matches("class=\"diagram-note\"").count(), 7);
    // One warning for the long diagram, at its line; one for all past the page's limit.
    let warnings = d.sorted();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert_eq!(warnings[0].location.line, 8);
    assert!(warnings[0].message.contains("bytes long"));
    assert!(warnings[1].message.contains("more than 20"));
    // The source is searchable, like any code.
    assert!(r.sections[1].text.contains("graph TD"));
    let plain = render(
        &runbook("a/one.md", "```text\ngraph\n```\n"),
        &targets(),
        &mut d,
    );
    assert_eq!(plain.diagrams, 0);
}

#[test]
fn email_autolinks_are_addresses_not_paths() {
    let rb = runbook("a/one.md", "Write to <support@example.com>.\n");
    let mut d = Diagnostics::new();
    let r = render(&rb, &targets(), &mut d);
    assert!(
        r.html.contains("href=\"mailto:support@example.com\""),
        "{}",
        r.html
    );
    assert!(d.is_empty(), "{:?}", d.sorted());
}

/// Locations counted from the start of the file agree with the file's line index, before
/// and after the index takes over, in any order and past multi-byte characters.
#[test]
fn locations_counted_agree_with_the_line_index() {
    let text = "a\n\u{e9}t\u{e9} x\n\n  line four \u{1F680} end\nlast";
    let mut offsets: Vec<usize> = (0..=text.len() + 2).collect();
    offsets.extend((0..text.len()).rev());
    let mut counted = Locator::default();
    let mut index = LineIndex::new(text);
    for (n, &at) in offsets.iter().enumerate() {
        let span = at..at + 1;
        let got = counted.location("f.md", text, span.clone());
        let want = index.location("f.md", text, span);
        assert_eq!(
            (got.file, got.line, got.col, got.span),
            (want.file, want.line, want.col, want.span),
            "offset {at}, location {n}"
        );
    }
    assert!(counted.index.is_some());
}

/// Renders `n` of each of the forges' blocks (table of contents markers, alerts, titled
/// alerts), headings of one text and links to missing anchors, with a long heading; the
/// bytes pipebook's own scanners visited, and the body's size.
fn forge_page(n: usize) -> (u64, usize) {
    let md = format!(
        "# T\n\n{}{}{}{}## {}\n",
        "[TOC]\n\n".repeat(n),
        "> [!note] title\n> x\n\n".repeat(n),
        "> [!WARNING]\n> y\n\n".repeat(n),
        "## Step\n\n[a](#missing) [b](nope.md)\n\n".repeat(n),
        "é ".repeat(17 * n)
    );
    let rb = runbook("a/x.md", &md);
    let mut d = Diagnostics::new();
    let (r, visited) = crate::work::count(|| render(&rb, &targets(), &mut d));
    assert_eq!(r.html.matches("class=\"toc toc-inline\"").count(), 1);
    assert_eq!(r.html.matches("markdown-alert-note").count(), n);
    assert_eq!(r.html.matches("markdown-alert-warning").count(), n);
    assert!(d.len() > 100, "links reported: {}", d.len());
    (visited, md.len())
}

#[test]
fn forge_markdown_costs_its_size() {
    // Counted, not timed (the count is the same on a loaded machine): the page's
    // locations, its table of contents put in place and its HTML written. Locating each
    // problem from the file's start, or a table of contents per marker, grows with the
    // square of the input.
    let (small, small_len) = forge_page(2_500);
    let (large, large_len) = forge_page(10_000);
    assert!(
        large <= 8 * large_len as u64,
        "{large} bytes visited for {large_len}"
    );
    assert!(
        large * 10 <= small * 45,
        "{small} bytes visited for {small_len}, {large} for {large_len}"
    );
}

/// Every `id="…"` of `html` written more than once.
fn ids_twice(html: &str) -> Vec<&str> {
    let mut seen = std::collections::HashSet::new();
    html.split(" id=\"")
        .skip(1)
        .map(|r| &r[..r.find('"').unwrap()])
        .filter(|id| !seen.insert(*id))
        .collect()
}

#[test]
fn a_heading_keeps_its_id_when_a_footnote_had_it_first() {
    // `[^x]` is mentioned (and defined) before `## fn-x`; `## fn-x-1` then wants the
    // footnote's next id too. The headings get the ids GitHub gives them, the footnote
    // moves on (numbered as before), and its references still reach its definition.
    let md = "# T\n\nSee[^x].\n\n[^x]: The note.\n\n## fn-x\n\nText.\n\n## fn-x-1\n\nMore[^x] and [h](#fn-x) [i](#fn-x-1).\n";
    let rb = runbook("a/x.md", md);
    let mut d = Diagnostics::new();
    let r = render(&rb, &targets(), &mut d);
    let html = &r.html;
    assert!(ids_twice(html).is_empty(), "{:?}\n{html}", ids_twice(html));
    assert!(html.contains("<h2 id=\"fn-x\">"), "{html}");
    assert!(html.contains("<h2 id=\"fn-x-1\">"), "{html}");
    assert_eq!(
        html.matches("<sup class=\"footnote-reference\"><a href=\"#fn-x-1-1\" id=\"fnref-x")
            .count(),
        2,
        "{html}"
    );
    assert!(
        html.contains("<div class=\"footnote-definition\" id=\"fn-x-1-1\">"),
        "{html}"
    );
    assert!(d.is_empty(), "{} problems", d.len());
    for id in ["fn-x", "fn-x-1", "fn-x-1-1"] {
        assert!(r.anchors.contains(id), "{id}");
    }
    let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["fn-x", "fn-x-1"]);
}

#[test]
fn a_footnote_in_the_title_heading_follows_its_move() {
    // A `##` title (the page's only heading of its level, taken out of the body) that
    // mentions a footnote whose id a later heading takes.
    let md = "## Title[^b]\n\n### fn-b\n\n[^b]: Note.\n";
    let rb = runbook("a/x.md", md);
    let mut d = Diagnostics::new();
    let r = render(&rb, &targets(), &mut d);
    let all = format!("{}{}", r.h1_html.clone().unwrap_or_default(), r.html);
    assert!(r.html.contains("<h3 id=\"fn-b\">"), "{all}");
    assert!(all.contains("href=\"#fn-b-1\""), "{all}");
    assert!(all.contains("id=\"fn-b-1\""), "{all}");
    assert!(ids_twice(&all).is_empty(), "{all}");
}

/// An image of the site's own is framed once: its size and a link to itself, where it is
/// written at once; in a heading (held until its end) or in another image's text, and
/// in a link, no link of its own, so no `<a>` is ever left open or nested.
#[test]
fn own_images_are_framed_once() {
    let md = "![s](small.png) ![f](flow%20chart.png)\n\n[![in](small.png)](../b/two.md)\n\n## Head ![h](small.png)\n\n![out ![inner](small.png)](small.png)\n";
    let mut d = Diagnostics::new();
    let r = render(&runbook("a/one.md", md), &targets(), &mut d);
    let html = &r.html;
    assert!(html.contains("<p><a href=\"/runbooks/a/small.png\"><img src=\"/runbooks/a/small.png\" alt=\"s\" width=\"40\" height=\"30\" /></a> <a href=\"/runbooks/a/flow%20chart.png\"><img src=\"/runbooks/a/flow%20chart.png\" alt=\"f\" /></a></p>"), "{html}");
    assert!(html.contains("<a href=\"/runbooks/b/two/\"><img src=\"/runbooks/a/small.png\" alt=\"in\" width=\"40\" height=\"30\" /></a>"), "{html}");
    assert!(
        html.contains("<img src=\"/runbooks/a/small.png\" alt=\"h\" />"),
        "{html}"
    );
    assert!(html.contains("<a href=\"/runbooks/a/small.png\"><img src=\"/runbooks/a/small.png\" alt=\"out inner\" width=\"40\" height=\"30\" /></a>"), "{html}");
    assert_eq!(
        html.matches("<a ").count(),
        html.matches("</a>").count(),
        "{html}"
    );
}

/// Where `needle` is in `html` (the test fails if it is not).
fn at(html: &str, needle: &str) -> usize {
    html.find(needle)
        .unwrap_or_else(|| panic!("no {needle:?} in\n{html}"))
}

#[test]
fn footnotes_are_gathered_at_the_end_in_the_order_of_their_numbers() {
    // As GitHub and GitLab show them: written mid-page, a definition read as a stray
    // paragraph under a lone number (rust-lang/infra-team's post-mortem).
    let md = "# T\n\nFirst[^a] then[^b].\n\n[^b]: Bee.\n\nMiddle.\n\n> [^c]: In a quote.\n\n[^a]: Ay.\n\n## Last\n\nEnd text[^c].\n";
    for sanitize in [false, true] {
        let rb = runbook("a/x.md", md);
        let mut t = targets();
        t.sanitize_html = sanitize;
        let mut d = Diagnostics::new();
        let html = render(&rb, &t, &mut d).html;
        assert!(d.is_empty(), "{:?}", d.sorted());
        let end = at(&html, "End text");
        let gathered = at(&html, "<div class=\"footnotes\">\n");
        assert!(end < gathered && at(&html, "Middle.") < end, "{html}");
        let [a, b, c] = ["Ay.", "Bee.", "In a quote."].map(|s| at(&html, s));
        assert!(gathered < a && a < b && b < c, "{html}");
        assert!(html.ends_with("</div>\n</div>\n"), "{html}");
        // The quote it was written in stays, empty, where it was.
        assert!(html.contains("<blockquote>\n</blockquote>"), "{html}");
        assert!(ids_twice(&html).is_empty(), "{html}");
    }
}

#[test]
fn a_footnote_before_the_title_and_the_contents_marker_moves_neither() {
    // The underlined title is cut out of the page, and the table of contents put in it, at
    // places taken before the footnotes moved.
    let md = "[^n]: Note first.\n\nTitle\n-----\n\nText[^n] and[^m].\n\n[[_TOC_]]\n\n### Two\n\nMore.\n\n[^m]: Second.\n\n### Three\n";
    let rb = runbook("a/x.md", md);
    let mut d = Diagnostics::new();
    let r = render(&rb, &targets(), &mut d);
    let html = &r.html;
    assert_eq!(r.h1.as_deref(), Some("Title"), "{html}");
    assert!(!html.contains("Title"), "{html}");
    assert!(html.starts_with("<p>Text<sup"), "{html}");
    let toc = at(html, "<div class=\"toc toc-inline\">");
    assert!(
        at(html, "Text") < toc && toc < at(html, "<h3 id=\"two\""),
        "{html}"
    );
    assert!(
        at(html, "Three") < at(html, "Note first.")
            && at(html, "Note first.") < at(html, "Second."),
        "{html}"
    );
}

#[test]
fn a_footnote_s_heading_is_neither_listed_nor_a_search_section() {
    // The footnote is shown at the page's end; listed where it was written, its heading
    // was a table of contents entry (and a search result) that jumped into the footnotes.
    let md = "# T\n\n[toc]\n\n## Steps\n\nRestart[^1].\n\n[^1]: ## On call: call Mallory\n\n    More.\n\n## After\n\nDone.\n";
    let rb = runbook("a/x.md", md);
    let r = render(&rb, &targets(), &mut Diagnostics::new());
    let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["steps", "after"]);
    let anchors: Vec<Option<&str>> = r.sections.iter().map(|s| s.anchor.as_deref()).collect();
    assert_eq!(anchors, [None, Some("steps"), Some("after")]);
    assert_eq!(r.sections[1].text, "Restart. On call: call Mallory More.");
    // Shown, and linkable, in the footnotes at the end; not in the table of contents.
    let (body, notes) = r.html.split_once("<div class=\"footnotes\">").unwrap();
    assert!(
        notes.contains("<h2 id=\"on-call-call-mallory\">"),
        "{notes}"
    );
    assert!(!body.contains("on-call-call-mallory"), "{body}");
    assert!(r.anchors.contains("on-call-call-mallory"));
}

/// A content tab's title is plain text, shown as written: no rule, emphasis, link or tag
/// made of its punctuation.
#[test]
fn a_tab_title_is_shown_as_written() {
    for (title, shown) in [
        ("*", "*"),
        ("***", "***"),
        ("a\\", "a\\"),
        ("*a* _b_ `c`", "*a* _b_ `c`"),
        ("[x](javascript:alert(1))", "[x](javascript:alert(1))"),
        (
            "<b>x</b> &amp; ![i](a.png)",
            "&lt;b&gt;x&lt;/b&gt; &amp;amp; ![i](a.png)",
        ),
        ("macOS 14 (Sonoma)", "macOS 14 (Sonoma)"),
    ] {
        let md = format!("=== \"{title}\"\n\n    Body.\n");
        let r = render(
            &runbook("a/one.md", &md),
            &targets(),
            &mut Diagnostics::new(),
        );
        assert!(
            r.html.contains(&format!("<strong>{shown}</strong>")),
            "{title}: {}",
            r.html
        );
        for made in ["<hr", "<em>", "<a ", "<code>", "<img", "<b>"] {
            assert!(!r.html.contains(made), "{title}: {}", r.html);
        }
    }
}

/// An admonition and a tab in list items (MkDocs reads them, four columns in) are drawn in
/// their items: a callout and a titled quote, not a paragraph of `!!! note`.
#[test]
fn admonitions_and_tabs_in_list_items_are_drawn_in_them() {
    let md = "1. Stop the job.\n\n    !!! warning \"Data loss\"\n        Drain first.\n\n2. Restart:\n\n    === \"Linux\"\n        `systemctl restart x`\n\n3. Done.\n";
    let r = render(
        &runbook("a/one.md", md),
        &targets(),
        &mut Diagnostics::new(),
    );
    for gone in ["!!!", "===", "[!warning]"] {
        assert!(!r.html.contains(gone), "{gone}: {}", r.html);
    }
    let items: Vec<&str> = r.html.split("<li").skip(1).collect();
    assert_eq!(items.len(), 3, "{}", r.html);
    assert!(
        items[0].contains("Data loss") && items[0].contains("Drain first."),
        "{}",
        r.html
    );
    assert!(items[0].contains("markdown-alert"), "{}", r.html);
    assert!(items[1].contains("<strong>Linux</strong>"), "{}", r.html);
    assert!(items[1].contains("<blockquote>"), "{}", r.html);
}

/// The bytes pipebook's own scanners visit rendering a page with one Zola link (`@/…`)
/// of `n` folders that names no page.
fn zola_deep_link(n: usize) -> u64 {
    let md = format!("# T\n\n[x](@/{}b.md)\n", "a/".repeat(n));
    let rb = runbook("x.md", &md);
    let mut d = Diagnostics::new();
    let (r, visited) = crate::work::count(|| render(&rb, &targets(), &mut d));
    assert!(r.html.contains("href=\"@/a/"), "kept as written");
    visited
}

#[test]
fn a_zola_link_of_many_folders_costs_its_size() {
    // Each folder left out in turn read the rest of the path: 200,000 folders took 8.8 s.
    let (small, large) = (zola_deep_link(20_000), zola_deep_link(80_000));
    assert!(
        large * 10 <= small * 45,
        "{small} bytes visited for 20,000 folders, {large} for 80,000"
    );
}
