//! Mermaid diagrams: a fenced block in `mermaid` is written as a figure holding its source
//! as code, which the theme's `diagrams.mjs` draws in the browser (see
//! `render::diagrams`). Without JavaScript, or when it cannot be drawn, the source is what
//! the reader sees.
//!
//! The source is the author's, and untrusted: it is only escaped here, and drawn in the
//! browser under the site's Content-Security-Policy by mermaid with `securityLevel:
//! 'strict'`. Its size is bounded, so that no page makes a phone lay out a graph for
//! minutes: a block over [`MAX_SOURCE`] bytes, or past the [`MAX_PER_PAGE`]th diagram of
//! a page, stays code, with a note under it.

use crate::html::escape_into;

/// The longest diagram drawn, in bytes of source. The longest of the 24 diagrams in
/// GitLab's runbooks is 5 KB (71 edges); mermaid takes seconds to lay out a few hundred
/// crossing edges on a laptop.
pub const MAX_SOURCE: usize = 10 * 1024;

/// The most diagrams drawn on one page.
pub const MAX_PER_PAGE: usize = 20;

/// Whether a fenced block's info string (its first word, any case) asks for a diagram.
pub fn is_diagram(info: &str) -> bool {
    info.split(' ')
        .next()
        .is_some_and(|w| w.eq_ignore_ascii_case("mermaid"))
}

/// Why a diagram is left as code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub message: String,
    pub hint: &'static str,
    /// Refused for the page's count, not for its own size.
    pub per_page: bool,
}

/// Appends the HTML of a diagram to `out`, `n` diagrams being drawn on its page before
/// it: a figure to draw, or, past a limit, the code with a note, and why.
pub fn write(source: &str, n: usize, out: &mut String) -> Result<(), Refusal> {
    let refusal = if source.len() > MAX_SOURCE {
        Some(Refusal {
            message: format!(
                "this mermaid diagram is {} bytes long: pipebook draws diagrams of at most {} KiB, so its source is shown instead",
                source.len(),
                MAX_SOURCE / 1024
            ),
            hint: "split the diagram into smaller ones",
            per_page: false,
        })
    } else if n >= MAX_PER_PAGE {
        Some(Refusal {
            message: format!(
                "more than {MAX_PER_PAGE} mermaid diagrams on one page: the ones past the {MAX_PER_PAGE}th are shown as their source"
            ),
            hint: "move some of the diagrams to pages of their own",
            per_page: true,
        })
    } else {
        None
    };
    if refusal.is_none() {
        out.push_str("<figure class=\"diagram\">");
    }
    out.push_str("<pre><code class=\"language-mermaid\">");
    escape_into(out, source, false);
    out.push_str("</code></pre>");
    match refusal {
        None => {
            out.push_str("</figure>\n");
            Ok(())
        }
        Some(refusal) => {
            out.push_str("\n<p class=\"diagram-note\">This diagram is too large to draw here; its source is shown.</p>\n");
            Err(refusal)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn info_strings() {
        for yes in ["mermaid", "Mermaid", "mermaid title=x"] {
            assert!(is_diagram(yes), "{yes}");
        }
        for no in ["", "mermaidjs", "text", "sh mermaid"] {
            assert!(!is_diagram(no), "{no}");
        }
    }

    #[test]
    fn a_diagram_is_a_figure_of_escaped_source() {
        let mut out = String::new();
        let source = "flowchart LR\n  A[\"<img src=x onerror=alert(1)>\"] --> B\n";
        assert_eq!(write(source, 0, &mut out), Ok(()));
        assert_eq!(
            out,
            "<figure class=\"diagram\"><pre><code class=\"language-mermaid\">flowchart LR\n  A[\"&lt;img src=x onerror=alert(1)&gt;\"] --&gt; B\n</code></pre></figure>\n"
        );
    }

    #[test]
    fn past_the_limits_the_source_stays_code_with_a_note() {
        let long = "graph TD\n".to_string() + &"  A --> B\n".repeat(MAX_SOURCE / 10);
        let mut out = String::new();
        let refusal = write(&long, 0, &mut out).unwrap_err();
        assert!(refusal.message.contains("10 KiB"), "{refusal:?}");
        assert!(!out.contains("<figure") && out.contains("class=\"diagram-note\""));
        assert!(out.starts_with("<pre><code class=\"language-mermaid\">graph TD\n"));
        let mut out = String::new();
        assert!(write("graph TD\n A --> B\n", MAX_PER_PAGE - 1, &mut out).is_ok());
        let mut out = String::new();
        let refusal = write("graph TD\n A --> B\n", MAX_PER_PAGE, &mut out).unwrap_err();
        assert!(refusal.message.contains("more than 20"), "{refusal:?}");
        assert!(!out.contains("<figure"));
    }
}
