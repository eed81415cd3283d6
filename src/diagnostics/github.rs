//! `--format github`: each problem as a GitHub Actions workflow command, which the pull
//! request shows as an annotation on its line.
//!
//! GitHub annotates at most [`ANNOTATIONS_PER_KIND`] errors and as many warnings per step
//! (actions/toolkit's problem-matchers.md); the rest are in the log alone. A pull request
//! could put ten harmless warnings in files that sort first (`content/aaa-*.md`, a broken
//! link each) and its link to a lookalike host, further on, had no annotation: the
//! reviewer saw ten warnings, none of them that one, and the check passed. So when there
//! are more, the last annotation of the kind GitHub shows lists the rest, each at its file
//! and line (tests/red45.rs).

use super::{Diagnostic, Diagnostics, Severity};

/// Annotations of one kind (error, warning) GitHub shows per step.
const ANNOTATIONS_PER_KIND: usize = 10;

/// The most problems the summary annotation names; it counts the others.
const LISTED: usize = 50;

/// The longest message the summary quotes whole, in bytes.
const LISTED_MESSAGE: usize = 200;

impl Diagnostics {
    /// GitHub Actions workflow commands: each problem becomes an annotation on the line
    /// of the pull request's diff; past [`ANNOTATIONS_PER_KIND`] of a kind, the last one
    /// GitHub shows names the others (see the module's documentation).
    pub fn render_github(&self) -> String {
        let sorted = self.sorted();
        let mut out = String::new();
        for (severity, kind) in [(Severity::Error, "error"), (Severity::Warning, "warning")] {
            let all: Vec<&Diagnostic> = (sorted.iter().copied())
                .filter(|d| d.severity == severity)
                .collect();
            for (i, d) in all.iter().enumerate() {
                if i == ANNOTATIONS_PER_KIND - 1 && all.len() > ANNOTATIONS_PER_KIND {
                    summary(&mut out, kind, &all[i..]);
                }
                let mut message = d.message.clone();
                if let Some(hint) = &d.hint {
                    message.push_str(&format!(" (hint: {hint})"));
                }
                command(&mut out, kind, d, &message);
            }
        }
        out
    }
}

/// One workflow command for `d`, saying `message`.
fn command(out: &mut String, kind: &str, d: &Diagnostic, message: &str) {
    out.push_str(&format!(
        "::{kind} file={},line={},col={},title={}::{}\n",
        property(&d.location.file),
        d.location.line,
        d.location.col,
        property(&format!("pipebook {kind}")),
        data(message)
    ));
}

/// The annotation standing for `rest`, which GitHub would not all show: at the first's
/// place, naming each of the first [`LISTED`] at its file and line.
fn summary(out: &mut String, kind: &str, rest: &[&Diagnostic]) {
    let mut message = format!(
        "{} more {kind}s, which GitHub does not annotate ({ANNOTATIONS_PER_KIND} per step); each is in the log:",
        rest.len()
    );
    for d in rest.iter().take(LISTED) {
        let mut said = d.message.as_str();
        if said.len() > LISTED_MESSAGE {
            let mut end = LISTED_MESSAGE;
            while !said.is_char_boundary(end) {
                end -= 1;
            }
            said = &said[..end];
        }
        let cut = if said.len() < d.message.len() {
            "…"
        } else {
            ""
        };
        message.push_str(&format!("\n- {}: {said}{cut}", d.location));
    }
    if rest.len() > LISTED {
        message.push_str(&format!("\n- and {} more", rest.len() - LISTED));
    }
    command(out, kind, rest[0], &message);
}

/// Escapes the message of a workflow command.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value of a workflow command.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Location;

    #[test]
    fn past_ten_of_a_kind_the_tenth_annotation_names_the_rest() {
        let mut d = Diagnostics::new();
        for i in 0..12 {
            d.warning(Location::file(format!("content/w{i:02}.md")), "w", "h");
        }
        d.error(Location::file("content/e.md"), "e\nx", "h");
        let gh = d.render_github();
        let lines: Vec<&str> = gh.lines().collect();
        assert_eq!(lines.len(), 14, "{gh}");
        assert!(lines[0].starts_with("::error file=content/e.md,"), "{gh}");
        let tenth = lines[10];
        assert!(
            tenth.starts_with("::warning file=content/w09.md,line=1,col=1,")
                && tenth.contains("::3 more warnings, which GitHub does not annotate")
                && tenth.contains("%0A- content/w11.md:1:1: w"),
            "{tenth}"
        );
        assert!(lines[11].starts_with("::warning file=content/w09.md,"));
    }

    #[test]
    fn ten_of_a_kind_need_no_summary() {
        let mut d = Diagnostics::new();
        for i in 0..10 {
            d.warning(Location::file(format!("content/w{i}.md")), "w", "h");
        }
        assert!(!d.render_github().contains("more warnings"));
    }
}
