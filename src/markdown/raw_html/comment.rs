//! Inline HTML comments that GitHub shows as text.
//!
//! pulldown-cmark reads an inline comment as CommonMark 0.31 does (as HTML does): anything
//! from `<!--` to the next `-->`. GitHub's renderer (cmark-gfm) keeps the older rule: the
//! text of a comment may not start with `>` or `->`, end with `-` or hold `--`, and a
//! comment that breaks it is shown as text. `Run it <!-- -- staging only -- --> now.`
//! then reads "staging only" on GitHub, where the pull request is reviewed, and nothing
//! of it on the site, where it is read in an incident (tests/red46.rs).

/// Whether `html`, one piece of inline HTML, is a comment that GitHub shows as text.
pub(in crate::markdown) fn shown_on_github(html: &str) -> bool {
    let Some(text) = html
        .strip_prefix("<!--")
        .and_then(|rest| rest.strip_suffix("-->"))
    else {
        return false;
    };
    // `<!---->` is a comment to both; `<!-->` and `<!--->` hide nothing here.
    !text.is_empty()
        && (text.starts_with('>')
            || text.starts_with("->")
            || text.ends_with('-')
            || text.contains("--"))
}

#[cfg(test)]
mod tests {
    use super::shown_on_github;

    #[test]
    fn comments_github_shows_as_text() {
        for shown in [
            "<!-- -- staging only -- -->",
            "<!-- a--b -->",
            "<!--->x -->",
            "<!-->x -->",
            "<!-- x --->",
            "<!--\n--\n-->",
        ] {
            assert!(shown_on_github(shown), "{shown:?}");
        }
        for hidden in [
            "<!-- note -->",
            "<!---->",
            "<!-- a - b -->",
            "<!---x -->",
            "<!--x-->",
            "<!-->",
            "<span>",
            "<!-- open",
        ] {
            assert!(!shown_on_github(hidden), "{hidden:?}");
        }
    }
}
