//! A runbook from the bytes of its file: front matter split from the body and read from
//! the YAML scan's entries (as `serde_yaml` would read them), apart from the folder walk
//! and the bodies read back, which take a runbook as this makes it.

use crate::diagnostics::{Diagnostics, Location};
use crate::model::{FrontMatter, Runbook, SourceFile};

use super::super::{decode, refuse_nul, yaml};

/// A runbook from the bytes of its file: front matter parsed, body located.
pub(in crate::load) fn from_bytes(
    bytes: Vec<u8>,
    rel_path: String,
    display: String,
    diags: &mut Diagnostics,
) -> Option<Runbook> {
    let text = decode(bytes, &display, diags)
        .and_then(|text| refuse_nul(text, &display, diags))
        .ok()?;
    let mut source = SourceFile {
        display,
        text,
        spans: Default::default(),
    };
    // A byte order mark (Notepad's "UTF-8 with BOM") is no text: the forges' renderers
    // (cmark-gfm, comrak) read past it, so `# Title` after it is the page's heading.
    let bom = if source.text.starts_with('\u{feff}') {
        3
    } else {
        0
    };
    let (front, body_start) = match split_front_matter(&source.text) {
        FrontMatterSplit::None => {
            if let Some(at) = late_front_matter(&source.text) {
                diags.warning(
                    Location::at(&source.display, &source.text, at),
                    "front matter after a blank line is not read: its lines show as text at the top of the page, and its `title` is not the page's title",
                    "delete the blank lines above the first `---`: front matter starts on the file's first line",
                );
            }
            (FrontMatter::default(), bom)
        }
        FrontMatterSplit::Yaml { yaml, body_start } => {
            misspelt_keys(&source, yaml.clone(), diags);
            let front = yaml::parse_range_with(
                &mut source,
                yaml,
                "front matter is YAML between two `---` lines; quote values that contain `: `",
                diags,
                front_matter,
            );
            (with_summary(front.unwrap_or_default()), body_start)
        }
        FrontMatterSplit::Toml { first_line } => {
            // Hugo's default: the page is built as before (its fields a paragraph), but
            // the author is told that none of them is read.
            diags.warning(
                Location::at(&source.display, &source.text, first_line),
                "this file opens with TOML front matter (`+++`), which pipebook does not read: its lines show as text at the top of the page, and its `title` is not the page's title",
                "write the front matter as YAML between two `---` lines (`title = \"X\"` becomes `title: \"X\"`)",
            );
            (FrontMatter::default(), bom)
        }
        FrontMatterSplit::Unclosed => {
            diags.error(
                Location::at(&source.display, &source.text, 0..3),
                "front matter is not closed",
                "end the front matter with a line containing only `---`",
            );
            (FrontMatter::default(), 0)
        }
    };
    if let Some((text, removed)) = crate::sanitize::controls::strip(&source.text, body_start) {
        let colours = if removed.colour_codes {
            " and the terminal colour codes (`ESC[…m`) they begin"
        } else {
            ""
        };
        diags.warning(
            Location::at(&source.display, &source.text, removed.first.clone()),
            format!(
                "control characters ({}){colours} are left out of this page: pasted into a terminal they can run commands the reader never saw",
                removed.describe()
            ),
            "delete them (text copied from a coloured terminal carries them: copy it with colours off, `--no-color` or `| cat`); only tab and line breaks may appear in text",
        );
        source.text = text;
    }
    // Which page it is depends on the other files of its folder: see `folder_pages`.
    let slug = crate::model::page_stem(&rel_path)
        .unwrap_or(&rel_path)
        .to_string();
    Some(Runbook {
        rel_path,
        slug,
        is_index: false,
        front,
        body_start,
        source,
        body_on_disk: None,
    })
}

/// Front matter from its top-level entries, as `serde_yaml` would read it into
/// [`FrontMatter`]; `None` for anything this does not read exactly as it would (a key
/// given a date or a number of days, a value of an unexpected kind, a plain scalar that
/// YAML reads as a number or a boolean where either a name or a list is taken), which
/// then goes through `serde_yaml`, with its errors. Saves a second parse of every
/// runbook's front matter: the scan that locates values has read it already.
fn front_matter(entries: &[(String, yaml::Entry)]) -> Option<FrontMatter> {
    use yaml::{Entry, Scalar};
    // `Option<String>`: a plain empty or null scalar is `None`, any other scalar text.
    let text = |e: &Entry| match e {
        Entry::Scalar(s) if s.plain && is_null(&s.value) => Some(None),
        Entry::Scalar(s) => Some(Some(s.value.clone())),
        _ => None,
    };
    let list = |items: &[Scalar]| items.iter().map(|s| s.value.clone()).collect();
    let mut front = FrontMatter::default();
    for (key, entry) in entries {
        match key.as_str() {
            "title" => front.title = text(entry)?,
            "description" => front.description = text(entry)?,
            "summary" => front.summary = text(entry)?,
            "pipelines" => match entry {
                Entry::List(items) => front.pipelines = list(items),
                _ => return None,
            },
            "aliases" | "redirect_from" | "alerts" => {
                let names = match entry {
                    Entry::List(items) => list(items),
                    Entry::Scalar(s) if !s.plain || plain_name(&s.value) => vec![s.value.clone()],
                    Entry::Scalar(s) if is_null(&s.value) => Vec::new(),
                    _ => return None,
                };
                match key.as_str() {
                    "aliases" => front.aliases = names,
                    "redirect_from" => front.redirect_from = names,
                    _ => front.alerts = names,
                }
            }
            "weight" => {
                front.weight = match entry {
                    Entry::Scalar(s) if s.plain && is_null(&s.value) => None,
                    Entry::Scalar(s) if s.plain && decimal(&s.value) => {
                        Some(crate::model::Weight(s.value.parse::<i64>().ok()? as f64))
                    }
                    _ => return None,
                }
            }
            "last_reviewed" | "review_interval_days" => return None,
            // Unknown keys are ignored, as the derived `Deserialize` ignores them.
            _ => {}
        }
    }
    Some(front)
}

/// The keys of [`FrontMatter`]: others are ignored (other generators' keys such as
/// `tags` or `draft` come along with imported pages), but one a slip away from these is
/// a warning, since its value is lost without a word (`pipline:`, `alert:`).
const KEYS: [&str; 10] = [
    "title",
    "description",
    "summary",
    "pipelines",
    "weight",
    "last_reviewed",
    "review_interval_days",
    "aliases",
    "redirect_from",
    "alerts",
];

/// Warns of each top-level key of the front matter at `yaml` (a line `key: …` from its
/// first column) that is not read but is near one that is.
fn misspelt_keys(source: &SourceFile, yaml: std::ops::Range<usize>, diags: &mut Diagnostics) {
    let mut pos = yaml.start;
    for line in source.text[yaml].split_inclusive('\n') {
        let key_end = line
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(0);
        let key = &line[..key_end];
        let colon = line[key_end..].starts_with(':')
            && line[key_end + 1..].starts_with(|c: char| c.is_whitespace());
        if colon && !key.is_empty() && !KEYS.contains(&key) {
            if let Some(near) = crate::diagnostics::did_you_mean(key, KEYS) {
                diags.warning(
                    Location::at(&source.display, &source.text, pos..pos + key_end),
                    format!(
                        "front matter key `{key}` is not one pipebook reads: its value is ignored"
                    ),
                    format!("did you mean `{near}`?"),
                );
            }
        }
        pos += line.len();
    }
}

/// `front` with Hugo's `summary` as its `description` when it has none: listings, search
/// and the page's meta description then show the summary its author wrote rather than
/// the start of the page (a draft's template text, as often as not). Plain text like
/// `description`, escaped wherever it is shown.
fn with_summary(mut front: FrontMatter) -> FrontMatter {
    if front.description.is_none() {
        front.description = front.summary.take();
    }
    front
}

/// What YAML reads as null when written plain.
fn is_null(s: &str) -> bool {
    matches!(s, "" | "~" | "null" | "Null" | "NULL")
}

/// A plain scalar YAML reads as a string for sure: it begins with a letter and is not a
/// word YAML 1.1 or 1.2 reads as null, a boolean or a special number.
fn plain_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic())
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "null"
                | "true"
                | "false"
                | "yes"
                | "no"
                | "on"
                | "off"
                | "y"
                | "n"
                | "inf"
                | "infinity"
                | "nan"
        )
}

/// A decimal integer without leading zeros that fits an `i64`.
fn decimal(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    (1..=18).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'))
        && s != "-0"
}

enum FrontMatterSplit {
    None,
    Yaml {
        yaml: std::ops::Range<usize>,
        body_start: usize,
    },
    Unclosed,
    /// Hugo's TOML front matter between two `+++` lines, not read; where its first is.
    Toml {
        first_line: std::ops::Range<usize>,
    },
}

/// Where `---` opens what was meant as front matter below blank first lines: the line
/// after it a `key:`, and a `---` closing it further down.
fn late_front_matter(text: &str) -> Option<std::ops::Range<usize>> {
    let blank = text.len() - text.trim_start_matches(['\n', '\r', ' ', '\t']).len();
    let start = text[..blank].rfind('\n').map_or(0, |i| i + 1);
    if start == 0 {
        return None;
    }
    let mut lines = text[start..].lines();
    let key_line = lines.nth(1)?;
    let key = key_line.split_once(':').map_or("", |(k, _)| k);
    let looks_like_key = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    let opens = text[start..].lines().next()?.trim_end() == "---";
    (opens && looks_like_key && lines.any(|l| l.trim_end() == "---")).then_some(start..start + 3)
}

/// Finds YAML front matter: a first line `---`, and a later line `---` or `...`.
fn split_front_matter(text: &str) -> FrontMatterSplit {
    let text_start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[text_start..];
    let first_len = match rest.find('\n') {
        Some(i) if rest[..i].trim_end() == "---" => i + 1,
        None if rest.trim_end() == "---" => return FrontMatterSplit::Unclosed,
        Some(i) if rest[..i].trim_end() == "+++" => {
            let closed = rest[i + 1..].lines().any(|l| l.trim_end() == "+++");
            return if closed {
                FrontMatterSplit::Toml {
                    first_line: text_start..text_start + 3,
                }
            } else {
                FrontMatterSplit::None
            };
        }
        _ => return FrontMatterSplit::None,
    };
    let yaml_start = text_start + first_len;
    let mut pos = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        let t = line.trim_end();
        if t == "---" || t == "..." {
            return FrontMatterSplit::Yaml {
                yaml: yaml_start..pos,
                body_start: pos + line.len(),
            };
        }
        pos += line.len();
    }
    FrontMatterSplit::Unclosed
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Front matter through [`front_matter`] when it takes the document, else through
    /// serde_yaml; and whether it took it.
    fn read_both(doc: &str) -> (String, String, bool) {
        let serde = format!("{:?}", serde_yaml::from_str::<FrontMatter>(doc).ok());
        let mut file = SourceFile {
            display: "x.md".into(),
            text: doc.to_string(),
            spans: Default::default(),
        };
        let mut diags = Diagnostics::new();
        let mut taken = false;
        let ours = yaml::parse_range_with(&mut file, 0..doc.len(), "", &mut diags, |e| {
            let front = front_matter(e);
            taken = front.is_some();
            front
        });
        (format!("{ours:?}"), serde, taken)
    }

    #[test]
    fn front_matter_read_from_the_scan_is_what_serde_yaml_reads() {
        let usual =
            "title: \"SLA miss on x\"\npipelines: [a-b, c]\ndescription: \"What: to do.\"\n";
        let (ours, serde, taken) = read_both(usual);
        assert!(taken, "the usual front matter is read once");
        assert_eq!(ours, serde);
        assert!(
            ours.contains("SLA miss on x") && ours.contains("\"a-b\", \"c\""),
            "{ours}"
        );
        for doc in [
            "title: 123\nweight: 7\n",
            "title: ~\ndescription:\nweight: null\n",
            "title: 'it''s'\nalerts: KubeDown\naliases: [/old/, \"x\"]\n",
            "alerts: [1, true, ~]\npipelines:\n  - a\n  - 'b'\n",
            "alerts: true\n",
            "alerts: 12\n",
            "aliases: ~\n",
            "aliases: .inf\n",
            "weight: 007\n",
            "weight: -3\n",
            "weight: '3'\n",
            "weight: 99999999999999999999\n",
            "pipelines: a\n",
            "pipelines: {a: b}\n",
            "title: [a]\n",
            "title: {a: b}\n",
            "title: a\ntitle: b\n",
            "title: &x a\ndescription: *x\n",
            "title: !!str 12\n",
            "title: |\n  two\n  lines\n",
            "title: \"a\\tb\"\n",
            "title: a\n\tb\n",
            "bookHidden: true\nother: {a: [b, {c: d}]}\ntitle: x\n",
            "last_reviewed: 2026-01-02\n",
            "- a\n- b\n",
            "just text\n",
            "title: a: b\n",
            "title: \"unclosed\n",
            "title: plain\n  continued\n",
            "? [a]\n: b\n",
            "title: ünïcödé ✓\n",
        ] {
            let (ours, serde, _) = read_both(doc);
            assert_eq!(ours, serde, "{doc:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_small_front_matter_reads_as_serde_yaml_reads_it(
            entries in proptest::collection::vec((0usize..10, 0usize..24), 0..5)
        ) {
            let keys = ["title", "description", "pipelines", "aliases", "alerts", "weight", "extra", "last_reviewed", "redirect_from", "summary"];
            let values = [
                "x", "123", "~", "", "true", "False", "'q'", "\"d d\"", "[a, 1]", "[]", "\n  - x\n  - 2",
                "{a: b}", "007", "-0", "-12", "0", ".nan", "no", "Yes", "a b: c", "\n  k: v", "[a, [b]]",
                "null", "2026-01-02",
            ];
            let doc: String = entries
                .iter()
                .map(|&(k, v)| format!("{}: {}\n", keys[k], values[v]))
                .collect();
            let (ours, serde, _) = read_both(&doc);
            proptest::prop_assert_eq!(ours, serde, "{:?}", doc);
        }
    }

    #[test]
    fn a_key_a_slip_from_a_known_one_is_warned_of() {
        let text = "---\npipline: [a]\ntags: [x]\nalert: A\ntitle: t\nother:\n  pipline: no\n---\n";
        let mut diags = Diagnostics::new();
        from_bytes(text.into(), "a.md".into(), "a.md".into(), &mut diags).unwrap();
        let warned: Vec<String> = diags
            .sorted()
            .iter()
            .map(|d| format!("{}:{}", d.location.line, d.hint.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(
            warned,
            ["2:did you mean `pipelines`?", "4:did you mean `alerts`?"]
        );
    }

    #[test]
    fn front_matter_below_blank_lines_is_found_for_a_warning() {
        assert_eq!(late_front_matter("\n---\ntitle: X\n---\nbody"), Some(1..4));
        assert_eq!(late_front_matter("\n  \n---\ntitle: X\n---\n"), Some(4..7));
        // Where it is read, or no front matter at all: a break in the text.
        assert_eq!(late_front_matter("---\ntitle: X\n---\n"), None);
        assert_eq!(late_front_matter("\n---\nSome text\n---\n"), None);
        assert_eq!(late_front_matter("\n---\ntitle: X\n"), None);
        assert_eq!(late_front_matter("\n\n"), None);
    }

    #[test]
    fn front_matter_is_split_from_body() {
        let text = "---\ntitle: X\n---\n# Body\n";
        match split_front_matter(text) {
            FrontMatterSplit::Yaml { yaml, body_start } => {
                assert_eq!(&text[yaml], "title: X\n");
                assert_eq!(&text[body_start..], "# Body\n");
            }
            _ => panic!("front matter not found"),
        }
    }

    #[test]
    fn no_front_matter_and_unclosed_front_matter() {
        assert!(matches!(
            split_front_matter("# Title\n---\n"),
            FrontMatterSplit::None
        ));
        assert!(matches!(
            split_front_matter("---\ntitle: X\n# Body\n"),
            FrontMatterSplit::Unclosed
        ));
        // A thematic break later in the file is not front matter.
        assert!(matches!(
            split_front_matter("text\n\n---\n"),
            FrontMatterSplit::None
        ));
    }

    #[test]
    fn empty_front_matter() {
        match split_front_matter("---\n---\nbody") {
            FrontMatterSplit::Yaml { yaml, body_start } => {
                assert!(yaml.is_empty());
                assert_eq!(body_start, 8);
            }
            _ => panic!("expected empty front matter"),
        }
    }
}
