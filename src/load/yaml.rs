//! YAML into typed values, keeping where each value came from.
//!
//! `serde_yaml` turns text into our types and reports syntax and type errors with a line
//! and column, but forgets positions once it succeeds. Validation needs them too ("unknown
//! engineer `de9`" must point at `de9`), so a second pass over the parser events of
//! `yaml-rust2` records the byte range of every value by its path (`pipelines[2].primary`).

mod depth;
mod errors;
mod scan;
mod simple;

use std::ops::Range;

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostics, Location};
use crate::model::SourceFile;

pub(crate) use depth::too_deep;
pub use depth::MAX_FLOW_DEPTH;
pub(crate) use scan::CharOffsets;
pub use scan::{locate_values, Entry, Scalar, MAX_ITEMS};
use scan::{plain_text, scan, Scan};

/// Parses `file.text` as `T`. On failure reports an error at the parser's position and
/// returns `None`; an empty document (or only comments) is `T::default()`.
pub fn parse<T: DeserializeOwned + Default>(
    file: &mut SourceFile,
    hint: &str,
    diags: &mut Diagnostics,
) -> Option<T> {
    let all = 0..file.text.len();
    parse_range(file, all, hint, diags)
}

/// Like [`parse`], for the YAML in a byte range of the file (front matter).
pub fn parse_range<T: DeserializeOwned + Default>(
    file: &mut SourceFile,
    range: Range<usize>,
    hint: &str,
    diags: &mut Diagnostics,
) -> Option<T> {
    parse_range_with(file, range, hint, diags, |_| None)
}

/// Like [`parse_range`], reading the value with `read` from the top-level entries the
/// span scan saw when the document is simple enough to have them (see [`Entry`]), and with
/// `serde_yaml` when `read` gives up: a document is parsed once, not twice, when `read`
/// takes it. `read` must give up on whatever it cannot read exactly as `serde_yaml` would
/// (its errors, with their messages, come from `serde_yaml`).
pub fn parse_range_with<T: DeserializeOwned + Default>(
    file: &mut SourceFile,
    range: Range<usize>,
    hint: &str,
    diags: &mut Diagnostics,
    read: impl FnOnce(&[(String, Entry)]) -> Option<T>,
) -> Option<T> {
    let offset = range.start;
    let text = &file.text[range];
    if is_blank(text) {
        return Some(T::default());
    }
    if let Some((at, c)) = text
        .char_indices()
        .find(|&(_, c)| matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}'))
    {
        // YAML 1.1 readers (both of pipebook's) end a line there, even in a comment;
        // editors, `git diff` and GitHub show one line. `title: Ops<U+2028>base_url:
        // https://evil.example/` moved the whole site while reading as a title.
        diags.error(
            Location::at(&file.display, &file.text, offset + at..offset + at + c.len_utf8()),
            format!("a Unicode line break ({}) in YAML: pipebook reads a new line there, where editors and GitHub show the line going on, so what follows it can hide a key", c.escape_unicode()),
            "replace it with a line break, or delete it",
        );
        return None;
    }
    if let Some((at, marker)) = crate::diagnostics::first_conflict_marker(text) {
        // Git's markers break the YAML a line or more on, where its error would point.
        diags.error(
            Location::at(
                &file.display,
                &file.text,
                offset + at..offset + at + marker.len(),
            ),
            crate::diagnostics::conflict_message(marker),
            crate::diagnostics::CONFLICT_HINT,
        );
        return None;
    }
    if let Some(at) = too_deep(text) {
        diags.error(
            Location::at(&file.display, &file.text, offset + at..offset + at + 1),
            format!("YAML nests more than {MAX_FLOW_DEPTH} brackets deep here: pipebook takes at most {MAX_FLOW_DEPTH}"),
            "no pipebook file needs more than a few levels of `[` and `{`: close the brackets",
        );
        return None;
    }
    // The aliases are weighed as the text is scanned, before `serde_yaml` copies them.
    let mut scanned = scan(text, offset, plain_text);
    if refused(file, offset, &scanned, diags) {
        return None;
    }
    let fast = scanned.entries.take().and_then(|entries| read(&entries));
    let parsed = match fast {
        Some(value) => Ok(value),
        None => serde_yaml::from_str::<T>(text),
    };
    match parsed {
        Ok(value) => {
            if let Some(at) = scanned.long_list {
                diags.error(
                    Location::at(&file.display, &file.text, at..at + 1),
                    format!("list with more than {MAX_ITEMS} items: pipebook takes at most {MAX_ITEMS}"),
                    "each engineer, pipeline or holiday costs pages, feeds and schedule work: split the site, or keep the list to what is used",
                );
                return None;
            }
            if file.spans.is_empty() {
                file.spans = scanned.spans.into();
            } else {
                file.spans.extend(scanned.spans);
            }
            errors::report_controls(file, scanned.controls, diags);
            for (at, tag) in scanned.tags {
                diags.warning(
                    Location::at(&file.display, &file.text, at..at + 1),
                    format!("YAML tag `{tag}` is not read by pipebook: the value is taken as written, and nothing is included or decoded"),
                    format!("remove `{tag}` and write the value itself"),
                );
            }
            Some(value)
        }
        Err(err) => {
            errors::report(file, offset, &err, &scanned.duplicates, hint, diags);
            None
        }
    }
}

/// Reports what the scan found past pipebook's limits (nesting, aliases), if anything:
/// whether it did.
fn refused(file: &SourceFile, offset: usize, scanned: &Scan, diags: &mut Diagnostics) -> bool {
    if let Some(at) = scanned.too_deep {
        diags.error(
            Location::at(&file.display, &file.text, at..at + 1),
            format!("YAML nests more than {MAX_FLOW_DEPTH} lists or mappings deep here: pipebook takes at most {MAX_FLOW_DEPTH}"),
            "no pipebook file needs more than a few levels: write the value flatter (each `- ` on a line opens a list, and each deeper indented key a mapping)",
        );
        return true;
    }
    if let Some(at) = scanned.second_document {
        // At its line's start: the parser marks a document begun without `---` at its
        // first key's colon.
        let at = file.text[..at].rfind('\n').map_or(0, |n| n + 1);
        let end = at + file.text[at..].chars().next().map_or(0, char::len_utf8);
        diags.error(
            Location::at(&file.display, &file.text, at..end),
            "a second YAML document starts here: pipebook reads one document per file, and would not know which of them to take",
            "remove this `---` or `...` line and merge what follows into the document above it, or delete it",
        );
        return true;
    }
    if let Some(at) = scanned.too_repeated {
        diags.error(
            Location::at(&file.display, &file.text, offset + at..offset + at + 1),
            format!(
                "the aliases (`*name`) of this YAML repeat more than {} times its size: pipebook reads at most that",
                super::yaml_aliases::FACTOR
            ),
            "write the values out, or use fewer aliases of large anchors (`&name`): each alias is a copy of its anchor's value",
        );
        return true;
    }
    false
}

/// A document with nothing but whitespace and comments.
fn is_blank(text: &str) -> bool {
    text.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#') || t == "---"
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[test]
    fn errors_after_multibyte_text_have_character_columns() {
        #[derive(Debug, Default, Deserialize)]
        struct Names {
            #[serde(default)]
            names: Vec<String>,
        }
        let mut file = SourceFile {
            display: "content/x.yaml".into(),
            text: "# Größe\nnames: [\"Jürgen Groß\", \"a\\eb\"]\n".into(),
            spans: Default::default(),
        };
        let mut diags = Diagnostics::new();
        let names: Option<Names> = parse(&mut file, "", &mut diags);
        assert_eq!(names.map(|n| n.names.len()), Some(2));
        let d = diags.sorted()[0].clone();
        assert!(d.message.contains("control character"), "{}", d.message);
        // `names: ["Jürgen Groß", ` is 23 characters (25 bytes, 29 with line 1's).
        assert_eq!((d.location.line, d.location.col), (2, 24), "{d:?}");
        let start = d.location.span.unwrap().start;
        assert!(file.text[start..].starts_with("\"a\\eb\""), "{start}");
    }

    #[test]
    fn bidirectional_overrides_are_errors_where_written() {
        #[derive(serde::Deserialize, Default)]
        struct Names {
            #[serde(default)]
            names: Vec<String>,
        }
        for (text, bad) in [
            ("names: [\"Mallory \u{202e}gnp.exe\"]\n", true),
            ("names: [\"x\\u2067y\"]\n", true),
            ("names: [\"שלום \u{200f}Dana\", \"Jürgen\"]\n", false),
        ] {
            let mut file = SourceFile {
                display: "content/x.yaml".into(),
                text: text.into(),
                spans: Default::default(),
            };
            let mut diags = Diagnostics::new();
            let names: Option<Names> = parse(&mut file, "", &mut diags);
            assert_eq!(names.map(|n| n.names.len()), Some(1 + usize::from(!bad)));
            let found = diags.sorted();
            assert_eq!(found.len(), usize::from(bad), "{text:?}: {found:?}");
            if bad {
                assert!(
                    found[0].message.contains("bidirectional control"),
                    "{found:?}"
                );
                assert_eq!(
                    (found[0].location.line, found[0].location.col),
                    (1, 9),
                    "{found:?}"
                );
            }
        }
    }

    #[derive(Debug, Default, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        #[serde(default)]
        n: u32,
    }

    #[test]
    fn type_error_names_line_and_column() {
        let mut file = SourceFile {
            display: "content/x.yaml".into(),
            text: "# comment\nn: many\n".into(),
            spans: Default::default(),
        };
        let mut diags = Diagnostics::new();
        let doc: Option<Doc> = parse(&mut file, "fix it", &mut diags);
        assert!(doc.is_none());
        let d = diags.sorted()[0].clone();
        assert_eq!((d.location.line, d.location.col), (2, 4), "{d:?}");
        assert!(d.message.contains("invalid type"), "{}", d.message);
        assert!(!d.message.contains("at line"), "{}", d.message);
    }

    #[test]
    fn blank_document_is_default() {
        let mut file = SourceFile {
            display: "x".into(),
            text: "# nothing yet\n".into(),
            spans: Default::default(),
        };
        let mut diags = Diagnostics::new();
        let doc: Option<Doc> = parse(&mut file, "", &mut diags);
        assert_eq!(doc.unwrap().n, 0);
        assert!(!diags.has_errors());
    }

    #[test]
    fn deep_flow_nesting_is_refused_at_the_bracket() {
        let deep = format!("a: 1\nx: {}{}\n", "[".repeat(100), "]".repeat(100));
        let at = too_deep(&deep).expect("too deep");
        assert_eq!(at, "a: 1\nx: ".len() + MAX_FLOW_DEPTH);
        let mut file = SourceFile {
            display: "content/team.yaml".into(),
            text: deep,
            spans: Default::default(),
        };
        let mut diags = Diagnostics::new();
        let doc: Option<Doc> = parse(&mut file, "", &mut diags);
        assert!(doc.is_none());
        let d = diags.sorted()[0].clone();
        assert_eq!((d.location.line, d.location.col), (2, 68), "{d:?}");
        assert!(d.message.contains("more than 64 brackets"), "{}", d.message);
    }

    #[test]
    fn brackets_in_scalars_and_comments_do_not_count() {
        let many = "[".repeat(200);
        for text in [
            format!("a: '{many}'\n"),
            format!("a: \"{many}\\\"\"\n"),
            format!("a: b{many}\n"),
            format!("a: 1 # {many}\n"),
            format!("a: [x, '{many}', {{b: \"{many}\"}}]\n"),
            format!("{}{}\n", "[".repeat(64), "]".repeat(64)),
        ] {
            assert_eq!(too_deep(&text), None, "{text}");
        }
    }

    #[test]
    fn lists_past_the_limit_are_refused_at_their_first_extra_item() {
        #[derive(Debug, Default, Deserialize)]
        struct Items {
            #[serde(default)]
            items: Vec<u32>,
        }
        let text = format!("items:\n{}", "  - 1\n".repeat(MAX_ITEMS + 1));
        let mut file = SourceFile {
            display: "content/x.yaml".into(),
            text,
            spans: Default::default(),
        };
        let mut diags = Diagnostics::new();
        let doc: Option<Items> = parse(&mut file, "", &mut diags);
        assert!(doc.is_none());
        let d = diags.sorted()[0].clone();
        assert_eq!(
            (d.location.line, d.location.col),
            (MAX_ITEMS + 2, 5),
            "{d:?}"
        );
        file.text = format!("items:\n{}", "  - 1\n".repeat(MAX_ITEMS));
        let mut diags = Diagnostics::new();
        let doc: Option<Items> = parse(&mut file, "", &mut diags);
        assert_eq!(doc.map(|d| d.items.len()), Some(MAX_ITEMS));
    }
}
