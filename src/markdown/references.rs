//! A reference link that names no definition while the file defines one no link uses:
//! GOV.UK's `[Architectural Decision Record (ADR) 8]` beside `[ADR 8]: architecture/…md`.
//! GitHub, GitLab and pipebook show the brackets as written and link nothing; the author
//! meant the definition. Bracketed text alone is common (`[WIP]`, `arr[i]`), so only one
//! that shares its words with a definition no link uses is told.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{BrokenLinkCallback, CowStr, LinkType, Parser};

use super::Page;
use crate::diagnostics::Diagnostics;

/// The most unresolved references kept, and definitions weighed, of a page: a 1 MB file
/// of `[x]` is read in linear time.
pub(super) const MAX_KEPT: usize = 1000;
const MAX_DEFINITIONS: usize = 200;
/// The most told of a page.
const MAX_TOLD: usize = 10;

/// What a page's references are: unresolved ones (their span in the body) as the parser
/// meets them, the definitions, and the labels links used.
#[derive(Default)]
pub(super) struct References {
    /// Span in the body and the name looked for.
    unresolved: Vec<(Range<usize>, String)>,
    /// Label (as written) and where it is in the body, in the order of the body.
    definitions: Vec<(String, usize)>,
    used: HashSet<String>,
}

impl References {
    /// Keeps an unresolved reference's span (the parser's broken-link callback).
    pub(super) fn unresolved(&mut self, span: Range<usize>, kind: LinkType, name: &str) {
        let reference = matches!(
            kind,
            LinkType::Shortcut | LinkType::Collapsed | LinkType::Reference
        );
        if reference
            && self.unresolved.len() < MAX_KEPT
            && self.unresolved.last().is_none_or(|(s, _)| *s != span)
        {
            self.unresolved.push((span, short(name).to_string()));
        }
    }

    /// The definitions of the body, read from the parser before its events.
    pub(super) fn definitions<'i, F: BrokenLinkCallback<'i>>(&mut self, parser: &Parser<'i, F>) {
        let mut defs: Vec<(String, usize)> = parser
            .reference_definitions()
            .iter()
            .map(|(label, def)| (label.to_string(), def.span.start))
            .collect();
        defs.sort_by_key(|&(_, at)| at);
        self.definitions = defs;
    }

    /// A link or image naming definition `id`.
    pub(super) fn used(&mut self, kind: LinkType, id: &CowStr) {
        if matches!(
            kind,
            LinkType::Shortcut | LinkType::Collapsed | LinkType::Reference
        ) {
            self.used.insert(fold(id));
        }
    }
}

impl Page<'_, '_> {
    /// Tells each unresolved reference whose words a definition no link uses shares.
    pub(super) fn report_references(
        &mut self,
        refs: &References,
        body: &str,
        diags: &mut Diagnostics,
    ) {
        if refs.unresolved.is_empty() {
            return;
        }
        let unused: Vec<(&str, usize, HashSet<String>)> = refs
            .definitions
            .iter()
            .filter(|(label, _)| !refs.used.contains(&fold(label)))
            .take(MAX_DEFINITIONS)
            .map(|(label, at)| (label.as_str(), *at, words(label)))
            .filter(|(_, _, w)| !w.is_empty())
            .collect();
        if unused.is_empty() {
            return;
        }
        let mut told = 0;
        for (span, name) in &refs.unresolved {
            let Some(written) = body.get(span.clone()) else {
                continue;
            };
            let text = words(written);
            let Some((label, at, _)) = unused
                .iter()
                .find(|(_, _, w)| w.is_subset(&text) || (!text.is_empty() && text.is_subset(w)))
            else {
                continue;
            };
            let line = self.location(*at).line;
            // The link's text: `[text]`, `[text][]` or `[text][name]` as written.
            let inner = written.strip_prefix('[').unwrap_or(written);
            let text = inner.split("][").next().unwrap_or(inner);
            let text = short(text.strip_suffix(']').unwrap_or(text));
            let label = short(label);
            diags.warning(
                self.location(span.start),
                format!("`{}` links nowhere and shows its brackets (as on GitHub and GitLab): no definition is named `{name}`, and `[{label}]` (line {line}) is used by no link", short(written)),
                format!("write `[{text}][{label}]`, or name the definition as the link does"),
            );
            told += 1;
            if told == MAX_TOLD {
                break;
            }
        }
    }
}

/// A label as definitions match it: case folded, white space collapsed.
fn fold(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The words of a label or a link's text: runs of letters and digits, lower case.
fn words(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// At most 80 bytes of `s`, cut at a character.
fn short(s: &str) -> &str {
    let mut end = s.len().min(80);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::words;

    #[test]
    fn words_are_runs_of_letters_and_digits() {
        let w = words("[Architectural Decision Record (ADR) 8]");
        assert!(words("ADR 8").is_subset(&w));
        assert!(!words("ADR 9").is_subset(&w));
    }
}
