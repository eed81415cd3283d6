//! Inline HTML comments that GitHub shows as text.
//!
//! pulldown-cmark reads an inline comment as CommonMark 0.31 does (as HTML does): anything
//! from `<!--` to the next `-->`. GitHub's renderer (cmark-gfm 0.29.0.gfm.13) agrees but
//! for one rule it keeps from the older spec: the text of a comment may not end with `-`,
//! and a comment whose text does is shown as text. `Run it <!-- staging only ---> now.`
//! then reads "staging only" on GitHub, where the pull request is reviewed, and nothing
//! of it on the site, where it is read in an incident (tests/red46.rs). Checked against
//! cmarkgfm 2025.10.22 (Python's binding of cmark-gfm): `<!-- a -- b -->`, `<!-->` and
//! `<!--->` are comments there as here; `<!-- x --->` and `<!--x--->` are text.

use crate::diagnostics::Diagnostics;
use crate::markdown::Page;

impl Page<'_, '_> {
    /// A warning at `start` when `html`, a piece of inline HTML, is a comment GitHub
    /// shows as text: the first [`crate::markdown::limits::MAX_LINK_REPORTS`] of a page.
    pub(in crate::markdown) fn check_comment(
        &mut self,
        start: usize,
        html: &str,
        diags: &mut Diagnostics,
    ) {
        if shown_on_github(html) && self.github_comments.admit(false) {
            diags.warning(
                self.location(start),
                "GitHub shows this HTML comment as text (a comment's text there may not end with `-`: `--->` does not close it), and the site leaves it out: reviewers read words that readers never see",
                "remove the comment, make its words text, or close it with ` -->` after a space (`<!-- note -->`)",
            );
        }
    }

    /// Says how many such comments went untold past the first of the page.
    pub(in crate::markdown) fn report_comments_left_out(&mut self, diags: &mut Diagnostics) {
        let reports = self.github_comments;
        reports.tell_left_out(
            self,
            "HTML comments of this file are shown as text on GitHub and left out of the site",
            "comments",
            diags,
        );
    }
}

/// Whether `html`, one piece of inline HTML, is a comment that GitHub shows as text.
fn shown_on_github(html: &str) -> bool {
    let Some(text) = html
        .strip_prefix("<!--")
        .and_then(|rest| rest.strip_suffix("-->"))
    else {
        return false;
    };
    // `<!---->` (no text) is a comment to both; `<!-->` and `<!--->` are not read here.
    !text.is_empty() && text.ends_with('-')
}

#[cfg(test)]
mod tests {
    use super::shown_on_github;

    #[test]
    fn comments_github_shows_as_text() {
        // As cmarkgfm 2025.10.22 (cmark-gfm 0.29.0.gfm.13) renders them.
        for shown in [
            "<!-- staging only --->",
            "<!--x--->",
            "<!-- x ---->",
            "<!--\nx\n--->",
        ] {
            assert!(shown_on_github(shown), "{shown:?}");
        }
        for hidden in [
            "<!-- note -->",
            "<!-- -- staging only -- -->",
            "<!-- a--b -->",
            "<!-- x- -->",
            "<!--- x -->",
            "<!-- x -- > y -->",
            "<!---->",
            "<!-->",
            "<!--->",
            "<span>",
            "<!-- open",
        ] {
            assert!(!shown_on_github(hidden), "{hidden:?}");
        }
    }
}
