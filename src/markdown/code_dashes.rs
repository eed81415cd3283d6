//! Dashes in code that read as `-` and are not: a command's option typed or pasted through
//! a word processor (`‐‐dry-run` with U+2010, `–force` with an en dash, `−rf` with the
//! minus sign). A shell and most tools read such a word as an argument, not an option:
//! `kubectl delete pod web-0 ‐‐dry-run=client` reads as a dry run and deletes the pod, and
//! a pull request can write it so on purpose. PowerShell reads these dashes as `-`, so
//! its code blocks are left alone.

use super::hidden_code::more_in;
use super::Page;
use crate::diagnostics::Diagnostics;

/// The dashes a reader takes for `-` that no POSIX tool reads as one.
fn is_lookalike_dash(c: char) -> bool {
    matches!(
        c,
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}'
    )
}

impl Page<'_, '_> {
    /// Warns once a page, at the first lookalike dash that starts an option in code (a
    /// word that begins with it and goes on with a letter, digit or dash), with how many
    /// more there are. Each byte of code outside ASCII is read once.
    pub(super) fn report_dash_options(&mut self, diags: &mut Diagnostics) {
        let mut first = None;
        let mut more = 0usize;
        for (start, code) in self.code_outside_ascii() {
            if is_powershell(code) {
                continue;
            }
            for at in option_dashes(code) {
                if first.is_none() {
                    first = Some((start + at, code[at..].chars().next().unwrap_or('-')));
                } else {
                    more += 1;
                }
            }
        }
        let Some((at, c)) = first else { return };
        let name = c.escape_unicode();
        let rest = more_in(more, "this page's code");
        diags.warning(
            self.location(at),
            format!("an option in code starts with {c} ({name}), which reads as `-` and is not: a shell passes the word as an argument, so the command runs otherwise than it reads (a `--dry-run` so written is no dry run){rest}"),
            "type `-` (a word processor turns `--` into a dash: paste commands as plain text)",
        );
    }
}

/// Where in `code` a lookalike dash starts a word (after white space, `=`, a quote or
/// the start) and a letter, digit or dash follows it: each option written with one.
fn option_dashes(code: &str) -> impl Iterator<Item = usize> + '_ {
    let mut before = ' ';
    let mut chars = code.char_indices().peekable();
    std::iter::from_fn(move || loop {
        let (at, c) = chars.next()?;
        let starts_word = before.is_whitespace() || matches!(before, '`' | '"' | '\'' | '=');
        before = c;
        if !(is_lookalike_dash(c) && starts_word) {
            continue;
        }
        let next = chars.peek().map_or(' ', |&(_, n)| n);
        if next.is_ascii_alphanumeric() || next == '-' || is_lookalike_dash(next) {
            return Some(at);
        }
    })
}

/// Whether `code` (a code span, or a block from its fence) is a fenced block of
/// PowerShell, which reads an en dash, em dash or U+2015 as `-`.
fn is_powershell(code: &str) -> bool {
    let fence = code.trim_start_matches([' ', '\t']);
    let info = fence
        .strip_prefix("```")
        .or_else(|| fence.strip_prefix("~~~"))
        .map(|rest| rest.trim_start_matches(['`', '~', ' ', '{', '.']));
    info.is_some_and(|info| {
        let word: String = info
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        matches!(word.as_str(), "powershell" | "ps1" | "ps" | "pwsh" | "posh")
    })
}

#[cfg(test)]
mod tests {
    use super::{is_powershell, option_dashes};

    #[test]
    fn lookalike_dashes_that_start_options_are_found() {
        for code in [
            "kubectl delete pod web-0 \u{2010}\u{2010}dry-run=client",
            "rm \u{2212}rf /tmp/x",
            "helm upgrade x \u{2013}force",
            "`\u{2014}help`",
            "\u{2011}n prod",
            "a --grace=\u{2013}1",
        ] {
            assert_eq!(option_dashes(code).count(), 1, "{code}");
        }
        // Dashes in words, ranges and sentences are not options.
        for code in [
            "# wait 2\u{2013}3 minutes",
            "echo \"a \u{2013} b\"",
            "pre\u{2010}flag --ok -n",
            "x \u{2014} done",
            "",
        ] {
            assert_eq!(option_dashes(code).count(), 0, "{code}");
        }
    }

    #[test]
    fn powershell_blocks_are_told_apart() {
        assert!(is_powershell("```powershell\nGet-Item \u{2013}Force\n```"));
        assert!(is_powershell("~~~ {.PS1}\nx\n~~~"));
        assert!(is_powershell("  ```pwsh title=x\n"));
        assert!(!is_powershell("```sh\nrm \u{2212}rf\n```"));
        assert!(!is_powershell("`\u{2013}Force`"));
        assert!(!is_powershell("    indented \u{2013}x"));
    }
}
