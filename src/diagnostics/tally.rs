//! The count of warnings by kind that ends a long log (see [`Diagnostics::tally`]).

use std::collections::HashMap;

use super::{Diagnostics, Severity};

impl Diagnostics {
    /// Past [`TALLY_FROM`] warnings, a count of them by kind, most first: the end of a
    /// long log (gitlab-runbooks: 243 warnings, 1,840 lines) says what to fix first.
    pub fn tally(&self) -> String {
        let warnings = self.warning_count();
        if warnings < TALLY_FROM {
            return String::new();
        }
        let mut kinds: HashMap<String, usize> = HashMap::new();
        for d in self
            .items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
        {
            *kinds.entry(kind(&d.message)).or_default() += 1;
        }
        let mut kinds: Vec<(String, usize)> = kinds.into_iter().collect();
        kinds.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let mut out = format!("{warnings} warnings by kind:\n");
        for (kind, n) in &kinds {
            out.push_str(&format!("{n:>6}  {kind}\n"));
        }
        out
    }
}

/// From how many warnings [`Diagnostics::tally`] counts them by kind.
pub const TALLY_FROM: usize = 10;

/// The words of a message a kind is named by: enough to tell kinds apart, and too few to
/// repeat a message's phrase (the tally is printed where logs are searched for them).
const KIND_WORDS: usize = 5;

/// What kind of problem `message` tells of: its first [`KIND_WORDS`] words, quotations
/// (`` `…` ``), paths, anchors and numbers taken out, before its first `: `.
fn kind(message: &str) -> String {
    let head = message.split(": ").next().unwrap_or(message);
    let mut out = String::new();
    for (i, part) in head.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str("`…`");
            continue;
        }
        let words: Vec<&str> = part
            .split(' ')
            .map(|w| {
                if w.contains('/') || w.starts_with('#') || w.contains(|c: char| c.is_ascii_digit())
                {
                    "…"
                } else {
                    w
                }
            })
            .collect();
        out.push_str(&words.join(" "));
    }
    let words: Vec<&str> = out.split_whitespace().collect();
    if words.len() > KIND_WORDS {
        format!("{} …", words[..KIND_WORDS].join(" ").trim_end_matches(','))
    } else {
        words.join(" ")
    }
}
