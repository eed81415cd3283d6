//! Numbers a reader sees in another order than they are written. After a right-to-left
//! letter (Hebrew, Arabic) or at the start of a `dir="rtl"` element, Unicode's bidi
//! algorithm lays a run of numbers out right to left: `Call א 10.0.0.1 10.0.0.2` shows
//! `10.0.0.2 10.0.0.1 א`, `<span dir="rtl">+1 555 0100</span>` shows `0100 555 1+`, and
//! Copy takes them as written. In code the theme's left-to-right isolate does not help: a
//! Hebrew letter inside it turns the numbers after it around the same way.
//!
//! Read in the page's HTML (before cleaning), one pass over tags and text. Honest
//! right-to-left prose (a paragraph that starts with, and is mostly, such letters) reads
//! right to its readers and is left alone; code never is.

use super::hidden_code::decoded;
use super::Page;
use crate::diagnostics::Diagnostics;

/// Where numbers show turned around: the numbers as written, and whether in code.
#[derive(Debug, PartialEq)]
struct Found {
    numbers: String,
    in_code: bool,
}

impl Page<'_, '_> {
    /// Warns once a page, at the first run of numbers shown in another order than written,
    /// with how many more there are.
    pub(super) fn report_reordered_numbers(&mut self, html: &str, diags: &mut Diagnostics) {
        let (found, more) = reordered_numbers(html);
        let Some(first) = found else { return };
        // Found in the file by the numbers as written, else by the first of them.
        let first_number = first.numbers.split([' ', ',', ';']).next().unwrap_or("");
        let at = self
            .body
            .find(&first.numbers)
            .or_else(|| self.body.find(first_number))
            .unwrap_or(0);
        let rest = match more {
            0 => String::new(),
            1 => "; 1 more such run is in this page".to_string(),
            n => format!("; {n} more such runs are in this page"),
        };
        let numbers = format!("`{}`", first.numbers);
        let (why, hint) = if first.in_code {
            (
                format!("right-to-left letters in code turn the numbers after them around: {numbers} shows in another order than Copy takes it{rest}"),
                "take the right-to-left letters out of the command, or put them after its numbers (in a comment at the end)",
            )
        } else {
            (
                format!("numbers after right-to-left text or a `dir=\"rtl\"` show in another order than written: {numbers} reads the other way round on the page, while Copy takes it as written{rest}"),
                "put the numbers before the right-to-left text, or a word between them, or the numbers in code (`…`); remove a `dir` that holds no right-to-left text",
            )
        };
        diags.warning(self.location(at), why, hint);
    }
}

/// A letter's direction, as the bidi algorithm reads it (numbers and punctuation have none).
#[derive(Clone, Copy, PartialEq, Debug)]
enum Strong {
    Ltr,
    Rtl,
    /// `dir="auto"` before its first letter: numbers wait for it.
    Auto,
}

/// Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan, Mandaic, their presentation forms and
/// the historic right-to-left scripts: Unicode's bidi classes R and AL, in blocks.
pub fn is_rtl_letter(c: char) -> bool {
    matches!(c,
        '\u{0590}'..='\u{05FF}'
        | '\u{0600}'..='\u{065F}'
        | '\u{066A}'..='\u{06EF}'
        | '\u{06FA}'..='\u{08FF}'
        | '\u{FB1D}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFF}'
        | '\u{10800}'..='\u{10FFF}'
        | '\u{1E800}'..='\u{1EFFF}')
        && c.is_alphabetic()
}

/// Whether a page's HTML reads right to left: its first letter outside tags and entities
/// is Hebrew, Arabic or another right-to-left script's. The runbook's article says so
/// itself (`dir="rtl"`) rather than leave it to `dir="auto"`, which takes an invisible
/// right-to-left mark (U+200F, not a letter here) before English text for a letter and
/// laid a whole English runbook out right to left, its steps numbered on the right (rev39).
pub fn reads_right_to_left(html: &str) -> bool {
    let (mut in_tag, mut in_entity) = (false, false);
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            '&' => in_entity = true,
            ';' if in_entity => in_entity = false,
            _ if in_entity => {}
            c if c.is_alphabetic() => return is_rtl_letter(c),
            _ => {}
        }
    }
    false
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}')
}

/// One bidi paragraph's reading: the numbers after the last letter, and what it holds.
#[derive(Default)]
struct Block {
    /// The numbers of the current run of digits and separators, since the last letter.
    numbers: String,
    /// How many separate numbers that run holds (`10.0.0.1` is one, `1 2` two).
    count: usize,
    in_number: bool,
    /// A separator right after a digit: one number goes on through it (`10.0.0.1`).
    joined: bool,
    /// Whether the run follows a right-to-left letter or starts a right-to-left element.
    after_rtl: Option<Strong>,
    rtl_letters: usize,
    other_letters: usize,
    first_strong: Option<Strong>,
    found: Vec<String>,
}

impl Block {
    /// A block inside an element of direction `base`, if any.
    fn new(base: Option<Strong>) -> Block {
        Block {
            after_rtl: base,
            first_strong: base.filter(|&d| d == Strong::Rtl),
            ..Block::default()
        }
    }

    /// Code, an isolate shown left to right.
    fn code() -> Block {
        Block::new(Some(Strong::Ltr))
    }

    fn letter(&mut self, strong: Strong) {
        self.end_run(strong);
        self.after_rtl = Some(strong);
        if strong == Strong::Rtl {
            self.rtl_letters += 1;
        } else {
            self.other_letters += 1;
        }
        self.first_strong.get_or_insert(strong);
    }

    /// The run of numbers ends at a letter of direction `next` (or the block's end).
    fn end_run(&mut self, next: Strong) {
        let turned = match self.after_rtl {
            Some(Strong::Rtl) => true,
            Some(Strong::Auto) => next == Strong::Rtl,
            _ => false,
        };
        if turned && self.count >= 2 {
            self.found
                .push(self.numbers.trim_end_matches(|c: char| !is_digit(c)).into());
        }
        self.numbers.clear();
        self.count = 0;
        self.in_number = false;
    }

    fn other(&mut self, c: char) {
        if is_digit(c) {
            if !self.in_number && !self.joined {
                self.count += 1;
            }
            self.in_number = true;
            self.joined = false;
            self.numbers.push(c);
        } else if self.count > 0 {
            // A lone separator between digits joins them into one number, as the bidi
            // algorithm's W4 does; anything else ends the number.
            self.joined = self.in_number && matches!(c, '.' | ',' | ':' | '/' | '+' | '-');
            self.in_number = false;
            if self.numbers.len() < 200 {
                self.numbers.push(if c.is_whitespace() { ' ' } else { c });
            }
        }
    }

    /// The block's runs turned around, unless it is right-to-left prose (it starts with,
    /// and mostly holds, right-to-left letters) or code's `in_code` says otherwise.
    fn close(mut self, in_code: bool, out: &mut Vec<Found>) {
        self.end_run(Strong::Ltr);
        let rtl_prose = !in_code
            && self.first_strong == Some(Strong::Rtl)
            && self.rtl_letters >= 3
            && self.rtl_letters > self.other_letters;
        if !rtl_prose {
            out.extend(
                self.found
                    .into_iter()
                    .map(|numbers| Found { numbers, in_code }),
            );
        }
    }
}

/// Elements that end one bidi paragraph and start another.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "li",
    "td",
    "th",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "summary",
    "details",
    "figcaption",
    "caption",
    "hr",
    "tr",
    "table",
    "ul",
    "ol",
    "section",
    "article",
    "aside",
    "header",
    "footer",
    "figure",
];

/// Code, shown left to right as an isolate whatever `dir` it or its content has.
const CODE: &[&str] = &["pre", "code", "kbd", "samp"];

/// The first run of numbers in `html` shown in another order than written, and how many
/// more there are. Linear in `html`.
fn reordered_numbers(html: &str) -> (Option<Found>, usize) {
    // Most pages hold no right-to-left letter (as itself or a reference) and no `dir`.
    if html.is_ascii()
        && memchr::memmem::find(html.as_bytes(), b"dir").is_none()
        && memchr::memmem::find(html.as_bytes(), b"&#").is_none()
    {
        return (None, 0);
    }
    let bytes = html.as_bytes();
    let mut found = Vec::new();
    let mut block = Block::default();
    let mut code_depth = 0usize;
    // The prose around code, which goes on after it (code is an isolate within it).
    let mut around_code = None;
    // Open elements with a `dir` (outside code): each is an isolate of its direction.
    let mut isolates: Vec<(String, Strong, Block)> = Vec::new();
    let mut text_from = 0;
    for at in memchr::memchr_iter(b'<', bytes) {
        if at < text_from {
            continue;
        }
        read_text(&html[text_from..at], &mut block, code_depth > 0, &mut found);
        let end = memchr::memchr(b'>', &bytes[at..]).map_or(bytes.len(), |n| at + n + 1);
        text_from = end;
        let tag = &html[at + 1..end.saturating_sub(1).max(at + 1)];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        let base = isolates.last().map(|(_, dir, _)| *dir);
        if CODE.contains(&name.as_str()) {
            let was = code_depth;
            if closing {
                code_depth = code_depth.saturating_sub(1);
            } else if !tag.ends_with('/') {
                code_depth += 1;
            }
            if was == 0 && code_depth == 1 {
                if name == "pre" {
                    std::mem::replace(&mut block, Block::code()).close(false, &mut found);
                } else {
                    around_code = Some(std::mem::replace(&mut block, Block::code()));
                }
            } else if was == 1 && code_depth == 0 {
                let after = around_code.take().unwrap_or_else(|| Block::new(base));
                std::mem::replace(&mut block, after).close(true, &mut found);
            }
            continue;
        }
        if name.is_empty() || code_depth > 0 {
            continue;
        }
        if BLOCKS.contains(&name.as_str()) {
            std::mem::replace(&mut block, Block::new(base)).close(false, &mut found);
        }
        if closing {
            if let Some(i) = isolates.iter().rposition(|(n, _, _)| *n == name) {
                while isolates.len() > i {
                    let (_, _, outer) = isolates.pop().expect("an isolate");
                    std::mem::replace(&mut block, outer).close(false, &mut found);
                }
            }
        } else if let Some(dir) = dir_of(tag, &name) {
            let outer = std::mem::replace(&mut block, Block::new(Some(dir)));
            isolates.push((name, dir, outer));
        }
    }
    read_text(
        &html[text_from.min(html.len())..],
        &mut block,
        code_depth > 0,
        &mut found,
    );
    block.close(code_depth > 0, &mut found);
    while let Some((_, _, outer)) = isolates.pop() {
        outer.close(false, &mut found);
    }
    let more = found.len().saturating_sub(1);
    (found.into_iter().next(), more)
}

fn read_text(text: &str, block: &mut Block, in_code: bool, found: &mut Vec<Found>) {
    for (_, c) in decoded(text) {
        if c == '\n' && in_code {
            // A line of code is a paragraph of its own; its isolate starts left to right.
            std::mem::replace(block, Block::code()).close(true, found);
        } else if is_rtl_letter(c) {
            block.letter(Strong::Rtl);
        } else if c.is_alphabetic() {
            block.letter(Strong::Ltr);
        } else {
            block.other(c);
        }
    }
}

/// The direction a tag's `dir` attribute gives (`<bdo>` and `<bdi>` too), if any.
fn dir_of(tag: &str, name: &str) -> Option<Strong> {
    let lower = tag.to_ascii_lowercase();
    let value = lower.find("dir").and_then(|i| {
        let rest = lower[i + 3..].trim_start().strip_prefix('=')?.trim_start();
        let rest = rest.trim_start_matches(['"', '\'']);
        Some(rest)
    });
    match value {
        Some(v) if v.starts_with("rtl") => Some(Strong::Rtl),
        Some(v) if v.starts_with("ltr") => Some(Strong::Ltr),
        Some(v) if v.starts_with("auto") => Some(Strong::Auto),
        _ if name == "bdi" => Some(Strong::Auto),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{reads_right_to_left, reordered_numbers};

    fn found(html: &str) -> Vec<(String, bool)> {
        let (first, more) = reordered_numbers(html);
        first
            .map(|f| (f.numbers, f.in_code))
            .into_iter()
            .chain((0..more).map(|_| (String::new(), false)))
            .collect()
    }

    #[test]
    fn a_page_reads_right_to_left_by_its_first_letter_not_a_mark() {
        assert!(reads_right_to_left("<p>\u{5D0}\u{5D1} <code>ls</code></p>"));
        assert!(reads_right_to_left(
            "<h2 id=\"x\">1. \u{627}</h2><p>English</p>"
        ));
        assert!(!reads_right_to_left(
            "<p>\u{200F}Restart the job \u{5D0}</p>"
        ));
        assert!(reads_right_to_left("<p>\u{61C}\u{200F}&amp; \u{627}</p>"));
        assert!(!reads_right_to_left("<p title=\"\u{5D0}\">Run</p>"));
        assert!(!reads_right_to_left("<p>&rlm;Run</p>"));
        assert!(!reads_right_to_left("<p>10.0.0.1</p>"));
    }

    #[test]
    fn numbers_turned_around_are_found() {
        let one = |html: &str| found(html).first().cloned();
        let prose = |s: &str| Some((s.to_string(), false));
        assert_eq!(
            one("<p>Call \u{5D0} 10.0.0.1 10.0.0.2 now.</p>"),
            prose("10.0.0.1 10.0.0.2")
        );
        assert_eq!(one("<p>Call \u{627} 1, 2 now</p>"), prose("1, 2"));
        assert_eq!(
            one("<p>A <span dir=\"rtl\">+1 555 0100 ext 12</span> end.</p>"),
            prose("1 555 0100")
        );
        assert_eq!(
            one("<p dir='RTL'>10.0.1.1 10.0.1.2</p>"),
            prose("10.0.1.1 10.0.1.2")
        );
        assert_eq!(
            one("<div dir=rtl>\n<p>10.0.3.1 10.0.3.2</p>\n</div>"),
            prose("10.0.3.1 10.0.3.2")
        );
        assert_eq!(one("<p dir=\"auto\">\u{5D0} 1 2</p>"), prose("1 2"));
        assert_eq!(one("<bdo dir=\"rtl\">1 2</bdo>"), prose("1 2"));
        assert_eq!(
            one("<pre><code>ssh \u{5D0} 10.0.8.1 10.0.8.2\n</code></pre>"),
            Some(("10.0.8.1 10.0.8.2".to_string(), true))
        );
        assert_eq!(
            one("<p>Code <code>ssh &#x5D0; 1 2</code></p>"),
            Some(("1 2".to_string(), true))
        );
        assert_eq!(found("<p>\u{5D0} 1 2</p><p>\u{5D0} 3 4</p>").len(), 2);
    }

    #[test]
    fn numbers_shown_as_written_are_not() {
        for html in [
            "<p>Call 10.0.0.1 10.0.0.2 now</p>",
            // One number moves past the letter, but reads whole.
            "<p>Call \u{5D0} 10.0.0.1:8080 now</p>",
            // A letter between the numbers: each stays in its place.
            "<p>\u{5D0} 1 x 2</p>",
            "<p>1 2 \u{5D0}</p>",
            // `dir` over a text that starts with a Latin word, and `auto` with none.
            "<p><span dir=\"rtl\">call 1 2</span></p>",
            "<p><span dir=auto>1 2</span></p>",
            "<p><span dir=rtl>1</span> 2</p>",
            // Right-to-left prose reads right to its readers.
            "<p>\u{5E4}\u{5EA}\u{5D7} \u{5E4}\u{5D5}\u{5E8}\u{5D8} 10.0.9.1 - 10.0.9.2</p>",
            "<p dir=\"rtl\">\u{5E4}\u{5EA}\u{5D7} 10.0.13.1 10.0.13.2</p>",
            // Each cell and each line of code is a paragraph of its own.
            "<table><tr><td>\u{5D0}</td><td>1 2</td></tr></table>",
            "<pre><code>\u{5D0}\n1 2</code></pre>",
            // `dir` inside code is overridden by the theme.
            "<pre><code><span dir=rtl>1 2</span></code></pre>",
        ] {
            assert_eq!(found(html), vec![], "{html}");
        }
    }
}
