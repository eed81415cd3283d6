use super::*;

fn rewritten(md: &str) -> String {
    rewrite(md).0.into_owned()
}

#[test]
fn markers_are_found_where_contains_finds_them() {
    for s in [
        "", "!!", "!?!", "a !!! b", "??", "x???", "!!?!!!", "é!!", "?!??", "??!?", "==", "=?==",
        "a === b",
    ] {
        let want = s.contains("!!!") || s.contains("???") || s.contains("===");
        assert_eq!(has_marker(s), want, "{s:?}");
    }
}

#[test]
fn an_admonition_becomes_a_titled_alert_with_its_body_quoted() {
    let md = "Intro.\n\n!!! warning \"Disk space\"\n    Check the *disk*.\n\n    - a\n    - b\n\nAfter.\n";
    assert_eq!(
        rewritten(md),
        "Intro.\n\n> [!warning] Disk space\n>   Check the *disk*.\n>\n>   - a\n>   - b\n\nAfter.\n"
    );
    assert_eq!(
        rewritten("??? danger\n\n    Body\n"),
        "> [!caution] Danger\n>\n>   Body\n"
    );
    assert_eq!(
        rewritten("???+ note \"\"\n\tBody\n"),
        "> [!note] Note\n>   Body\n"
    );
}

#[test]
fn nested_admonitions_and_code_keep_their_places() {
    let md = "!!! note\n    Outer.\n\n    !!! tip \"In\"\n        Inner.\n\n    ```sh\n    !!! note\n        not an admonition\n    ```\n\nDone.\n";
    assert_eq!(
            rewritten(md),
            "> [!note] Note\n>   Outer.\n>\n>   > [!tip] In\n>   >   Inner.\n>\n>   ```sh\n>   !!! note\n>       not an admonition\n>   ```\n\nDone.\n"
        );
}

#[test]
fn content_tabs_become_quotes_under_their_titles() {
    let md = "Install:\n\n=== \"macOS\"\n\n    1. Run `brew`.\n\n===+ \"Windows (Scoop)\"\n    Use scoop.\n\n!!! note\n    === \"In\"\n        x\n";
    assert_eq!(
            rewritten(md),
            "Install:\n\n> **macOS**\n>\n>\n>   1. Run `brew`.\n\n> **Windows \\(Scoop\\)**\n>\n>   Use scoop.\n\n> [!note] Note\n>   > **In**\n>   >\n>   >   x\n"
        );
    for md in [
        "Title\n===\n",
        "=== macOS\n    x\n",
        "=== \"\"\n    x\n",
        "=== \"A\"\nnot indented\n",
        "a === \"b\"\n    x\n",
    ] {
        assert!(matches!(rewrite(md).0, Cow::Borrowed(_)), "{md}");
    }
}

/// What is no admonition (no body, an unknown type, a shout, one in a fence or in an
/// indented code block) stays as written, borrowed.
#[test]
fn anything_else_stays_as_written() {
    for md in [
        "!!! note\n\nNot indented.\n",
        "!!! Do not run this\n    x\n",
        "!!! WARNING !!!\n    x\n",
        "```\n!!! note\n    x\n```\n",
        "Text\n\n    !!! note\n        x\n",
        "no marks at all\n",
    ] {
        let (text, _) = rewrite(md);
        assert!(matches!(text, Cow::Borrowed(_)), "{md}");
    }
}

/// Offsets in the rewritten text lead back to the same text as written.
#[test]
fn offsets_lead_back_to_the_text_as_written() {
    for md in [
        "# T\n\n!!! note \"A title\"\n    Body [link](x.md).\n\n    More.\n\nAfter.\n",
        "- a\n\n    === \"T\"\n        Body [link](x.md).\n\n        More.\n\nAfter.\n",
    ] {
        let (text, shifts) = rewrite(md);
        assert!(matches!(text, Cow::Owned(_)), "{md}");
        for needle in ["Body", "[link]", "More.", "After."] {
            let at = text.find(needle).unwrap();
            assert_eq!(
                &md[shifts.original(at)..][..needle.len()],
                needle,
                "{needle}"
            );
        }
    }
}

/// As in MkDocs, an admonition or tab four columns into a list item is read, its
/// quote put where CommonMark reads the item's text; code and fences are not.
#[test]
fn admonitions_and_tabs_in_list_items_are_read() {
    for (md, want) in [
            (
                "1. Step.\n\n    !!! note\n        Body.\n\n2. Next.\n",
                "1. Step.\n\n    > [!note] Note\n    >   Body.\n\n2. Next.\n",
            ),
            (
                "- a\n\n    === \"X\"\n        y\n\n    More of a.\n",
                "- a\n\n    > **X**\n    >\n    >   y\n\n    More of a.\n",
            ),
            (
                "- a\n    - b\n\n        ???+ tip \"T\"\n            x\n",
                "- a\n    - b\n\n        > [!tip] T\n        >   x\n",
            ),
            (
                "10. a\n\n    !!! warning\n        x\n\n        !!! note\n            y\n",
                "10. a\n\n    > [!warning] Warning\n    >   x\n    >\n    >   > [!note] Note\n    >   >   y\n",
            ),
        ] {
            assert_eq!(rewritten(md), want, "{md}");
        }
    for md in [
        // Indented code, not in an item; or past CommonMark's item text (code).
        "Text\n\n    !!! note\n        x\n",
        "- a\n\n      !!! note\n          x\n",
        "100. a\n\n    !!! note\n        x\n",
        // In a fence of the item; after the list ended; after a rule.
        "- a\n\n  ```\n    !!! note\n        x\n  ```\n",
        "- a\n\nText.\n\n    !!! note\n        x\n",
        "* * *\n\n    !!! note\n        x\n",
    ] {
        assert!(matches!(rewrite(md).0, Cow::Borrowed(_)), "{md}");
    }
}

/// An admonition deep in nested lists is read up to [`MAX_ITEM_COLUMN`]; its blank
/// lines, written with its quotes, grow the text at most to the bound.
#[test]
fn a_deep_item_s_admonition_stays_within_the_bounds() {
    let nested = |levels: usize, blanks: usize| {
        let mut md = String::new();
        for d in 0..levels {
            md.push_str(&"    ".repeat(d));
            md.push_str("- a\n");
        }
        md.push('\n');
        md.push_str(&"    ".repeat(levels));
        md.push_str("!!! note\n");
        md.push_str(&"    ".repeat(levels + 1));
        md.push_str("x\n");
        md.push_str(&"\n".repeat(blanks));
        md.push_str(&"    ".repeat(levels + 1));
        md.push_str("y\n");
        md
    };
    assert!(rewritten(&nested(16, 3)).contains("[!note]"));
    assert!(!rewritten(&nested(17, 3)).contains("[!note]"));
    let md = nested(16, 100_000);
    let text = rewritten(&md);
    assert!(text.len() <= md.len() * 2 + 4096, "{}", text.len());
}

/// A line indented less ends the body where it stands, as in MkDocs: it read on in
/// the callout (`Body. Next.` in one paragraph, the next tab's title in this one's).
#[test]
fn a_line_indented_less_ends_the_body_without_a_blank_line() {
    for (md, want) in [
        (
            "!!! note\n    Body.\nNext.\n",
            "> [!note] Note\n>   Body.\n\nNext.\n",
        ),
        (
            "=== \"A\"\n    a\n=== \"B\"\n    b\n",
            "> **A**\n>\n>   a\n\n> **B**\n>\n>   b\n",
        ),
        (
            "!!! note\n    a\n    !!! tip\n        b\n    c\n",
            "> [!note] Note\n>   a\n>   > [!tip] Tip\n>   >   b\n>\n>   c\n",
        ),
        (
            "- i\n\n    !!! tip\n        t\n    After.\n",
            "- i\n\n    > [!tip] Tip\n    >   t\n\n    After.\n",
        ),
    ] {
        assert_eq!(rewritten(md), want, "{md}");
    }
    // Offsets past the blank line written lead back to their lines.
    let md = "!!! note\n    Body.\nNext [x](y.md).\n";
    let (text, shifts) = rewrite(md);
    let at = text.find("[x]").unwrap();
    assert_eq!(shifts.original(at), md.find("[x]").unwrap());
}

#[test]
fn deep_nesting_stops_at_the_limit() {
    let mut md = String::new();
    for d in 0..6 {
        md.push_str(&"    ".repeat(d));
        md.push_str("!!! note\n");
    }
    md.push_str(&"    ".repeat(6));
    md.push_str("x\n");
    let text = rewritten(&md);
    assert_eq!(text.matches("[!note]").count(), MAX_DEPTH, "{text}");
}

/// An HTML block or a fenced code block in a list item ends with the item: CommonMark
/// reads no lazy line in either, so a line at the margin after it is read again (an
/// unclosed `<!--` in a step hid every admonition after the list).
#[test]
fn raw_html_and_fences_in_a_list_item_end_with_it() {
    let callout = "> [!note] Note\n>   x\n";
    for opener in ["<!-- open", "<pre>", "<div>", "```", "~~~~"] {
        let md = format!("- a\n\n  {opener}\n  y\n\n!!! note\n    x\n");
        assert_eq!(
            rewritten(&md),
            format!("- a\n\n  {opener}\n  y\n\n{callout}"),
            "{md}"
        );
        let item = format!("1. a\n\n    {opener}\n\n    !!! note\n        x\n");
        let inside = rewritten(&item);
        let left = opener != "<div>";
        assert_eq!(inside == item, left, "{item}\n{inside}");
    }
}

/// CommonMark ends an HTML block opened by `<pre>`, `<script>`, `<style>` or
/// `<textarea>` at the line closing any of them: a marker after it is read.
#[test]
fn a_raw_text_block_ends_at_any_raw_text_end() {
    let callout = "> [!note] Note\n>   x\n";
    for end in ["</pre>", "</style>", "</SCRIPT>", "</textarea>"] {
        let md = format!("<pre>\n!!! tip\n{end}\n\n!!! note\n    x\n");
        assert_eq!(
            rewritten(&md),
            format!("<pre>\n!!! tip\n{end}\n\n{callout}"),
            "{md}"
        );
    }
}

/// A list item's first line may open the HTML block or the fence itself (`- <!-- x`):
/// CommonMark reads the item's content from there, so an admonition inside stays as
/// written, as in `- a` followed by the block (main rewrote it into a callout in the
/// comment, or into the code), and the block ends with the item.
#[test]
fn an_item_opening_raw_html_or_a_fence_on_its_first_line_is_left_alone() {
    let callout = "> [!note] Note\n>   x\n";
    for opener in ["<!-- x", "<pre>", "<div>", "```", "~~~~"] {
        // Four columns in, where an admonition in an item opens.
        for item in ["-   ", "1.  ", "10) "] {
            let pad = " ".repeat(item.len());
            let md = format!("{item}{opener}\n{pad}!!! note\n{pad}    x\n");
            assert_eq!(rewritten(&md), md, "{md}");
            let after = format!("{item}{opener}\n{pad}y\n\n!!! note\n    x\n");
            assert_eq!(
                rewritten(&after),
                format!("{item}{opener}\n{pad}y\n\n{callout}"),
                "{after}"
            );
        }
    }
    // Closed on its line, the comment opens no block.
    assert_eq!(
        rewritten("-   <!-- x -->\n    !!! note\n        x\n"),
        "-   <!-- x -->\n    > [!note] Note\n    >   x\n"
    );
}
