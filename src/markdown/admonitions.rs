//! MkDocs' admonitions (`!!! note "Title"` over an indented body; `???` and `???+`, the
//! collapsible ones of pymdownx.details), read as the callouts GitHub's alerts become.
//!
//! CommonMark reads them as a paragraph of `!!! note` with the body run into it, or an
//! indented code block after a blank line: the home page and runbooks of MkDocs
//! collections (pagerduty's) showed a literal "!!!". Before parsing, each is written as
//! GitLab's titled alert (`> [!note] Title`) with its body's indentation turned into the
//! quote's `>`: the body keeps its Markdown (lists, code, nested admonitions), and
//! `forge` draws the callout. Only an admonition of a known type with an indented body is
//! read so; anything else stays as written, and `forge` says so.
//!
//! Content tabs of pymdownx.tabbed (`=== "macOS"` over an indented body: one of several
//! alternatives) are read alike, as a quote under the tab's title in bold: a page shows
//! every tab one after the other. CommonMark showed each as `=== "macOS"` over a code
//! block of its Markdown (nais/doc: 113 tabs, install steps among them).
//!
//! Both are read in a list item too, as MkDocs reads them (four columns in; the quote is
//! written at that column, where CommonMark reads the item's text), and in a `>` quote
//! (see [`quotes`]).

mod html;
mod quotes;
mod shortcodes;

use std::borrow::Cow;

/// Admonitions nested deeper than this are left as written: each level writes `>   ` on
/// the body's blank lines, so the text grows with the depth.
const MAX_DEPTH: usize = 4;

/// An admonition in a list item opens within this column (lists nested 16 deep): each
/// line in it is written after as many columns, so the text grows at most so much a line.
const MAX_ITEM_COLUMN: usize = 64;

/// Where the text after each rewritten piece was in the text as written (see
/// [`Shifts::original`]).
#[derive(Debug, Default)]
pub(super) struct Shifts(Vec<(usize, isize)>);

impl Shifts {
    /// The offset in the text as written of `offset` in the text as rewritten.
    pub(super) fn original(&self, offset: usize) -> usize {
        let i = self.0.partition_point(|(at, _)| *at <= offset);
        let removed = i.checked_sub(1).map_or(0, |i| self.0[i].1);
        offset.saturating_add_signed(removed)
    }
}

/// A fenced code block open in the text: its fence's character and length, the number
/// of admonitions it is in, and the content column of the list item it is in.
#[derive(Clone, Copy)]
struct Fence {
    mark: u8,
    len: usize,
    depth: usize,
    item: Option<usize>,
}

/// Whether `body` holds `!!!`, `???`, `===` or a shortcode's `{{`: one vectorised search
/// for the three bytes and one for the two (two calls of `str::contains` took 29,000
/// instructions on a runbook of 2.8 kB, nearly all pages holding none).
fn has_marker(body: &str) -> bool {
    let b = body.as_bytes();
    memchr::memchr3_iter(b'!', b'?', b'=', b).any(|i| b.get(i + 1..i + 3) == Some(&[b[i], b[i]]))
        || memchr::memmem::find(b, b"{{").is_some()
}

/// `body` with its MkDocs admonitions written as alerts, and where its text was.
pub(super) fn rewrite(body: &str) -> (Cow<'_, str>, Shifts) {
    rewrite_in(body, 0)
}

/// [`rewrite`] of a text inside `quotes` block quotes (taken off its lines).
fn rewrite_in(body: &str, quotes: usize) -> (Cow<'_, str>, Shifts) {
    if !has_marker(body) {
        return (body.into(), Shifts::default());
    }
    let lines: Vec<(usize, &str)> = line_starts(body).collect();
    // Past this, a hostile nesting of blank lines: the text as written.
    let bound = body.len() * 2 + 4096;
    let mut r = Rewriter {
        quotes,
        out: String::with_capacity(body.len() + body.len() / 8),
        ..Rewriter::default()
    };
    let mut i = 0;
    while i < lines.len() {
        if r.out.len() > bound {
            return (body.into(), Shifts::default());
        }
        i += r.line(&lines[i..]);
    }
    for (at, blank) in r.blanks {
        put(&mut r.out, &mut r.shifts, at, blank, blank);
    }
    if !r.rewritten || r.out.len() > bound {
        return (body.into(), Shifts::default());
    }
    (r.out.into(), r.shifts)
}

/// One text's rewriting, line by line: what is written, and the blocks open.
#[derive(Default)]
struct Rewriter<'b> {
    /// The quotes the text is in.
    quotes: usize,
    out: String,
    shifts: Shifts,
    /// The column each open admonition's body starts at, outermost first.
    levels: Vec<usize>,
    /// Open list items: the admonitions they are in, and their content's column.
    items: Vec<(usize, usize)>,
    fence: Option<Fence>,
    /// An HTML block open, the admonitions it is in and the content column of its list
    /// item: its lines are raw HTML.
    html: Option<(html::Ends, usize, Option<usize>)>,
    /// Whether the line before continues a paragraph (a tag alone does not interrupt it).
    in_paragraph: bool,
    /// Blank lines whose depth is known at the next line that is not blank.
    blanks: Vec<(usize, &'b str)>,
    rewritten: bool,
    /// Shortcodes whose closing one is nowhere after an opener: later ones are left alone.
    unclosed: Vec<&'static str>,
}

/// Where a line stands: the admonitions and list item it is in, and its text past them.
struct Place<'l> {
    /// Its indentation in columns.
    indent: usize,
    /// How many admonitions it is in.
    depth: usize,
    /// The quotes' markers written for those admonitions (see [`prefix_of`]).
    prefix: String,
    /// The column the innermost admonition's body starts at.
    base: usize,
    /// The content column of the list item it is in.
    item: Option<usize>,
    /// Its text past the admonitions and the list item.
    local: &'l str,
    /// The bytes of its indentation that make up `base` columns, and the columns a tab
    /// among them gave past `base`.
    cut: usize,
    extra: usize,
}

impl<'b> Rewriter<'b> {
    /// Writes the first of `lines` (more for a quote or a shortcode): how many it took.
    fn line(&mut self, lines: &[(usize, &'b str)]) -> usize {
        let (start, line) = lines[0];
        if line.trim().is_empty() {
            self.blanks.push((start, line));
            if self.html.is_some_and(|(e, ..)| e == html::Ends::Blank) {
                self.html = None;
            }
            self.in_paragraph = false;
            return 1;
        }
        let at = self.place(start, line);
        if self.literal(&at) {
            self.in_paragraph = false;
        } else if self.item_literal(line, &at) {
            self.item(line, &at);
            self.in_paragraph = false;
        } else if let Some(gt) = quotes::marker_at(line, at.local) {
            self.in_paragraph = false;
            return self.quote(lines, &at, gt);
        } else if let Some(taken) = self.shortcode(lines, &at) {
            return taken;
        } else if self.admonition(lines, &at) {
            self.in_paragraph = false;
            return 1;
        } else {
            self.item(line, &at);
            self.in_paragraph = !at.local.trim_start().starts_with('#');
        }
        self.plain(start, line, &at);
        1
    }

    /// Where `line` (at `start`) stands: the admonitions that a line indented less closes
    /// end there, and the blank lines before it are written inside those still open.
    fn place<'l>(&mut self, start: usize, line: &'l str) -> Place<'l> {
        let indent = indentation(line);
        let depth = self.levels.iter().take_while(|&&b| b <= indent).count();
        // Either ends with the admonition or the list item it is in (CommonMark reads no
        // lazy line in a fence or an HTML block).
        let ends = |d: usize, item: Option<usize>| {
            depth < d || (depth == d && item.is_some_and(|c| indent < c))
        };
        if self.fence.is_some_and(|f| ends(f.depth, f.item)) {
            self.fence = None;
        }
        if self.html.is_some_and(|(_, d, item)| ends(d, item)) {
            self.html = None;
        }
        let closes = depth < self.levels.len();
        self.levels.truncate(depth);
        let prefix = prefix_of(&self.levels);
        let after_blank = !self.blanks.is_empty();
        let blank = quote_blank(&prefix);
        for (at, line) in self.blanks.drain(..) {
            put(&mut self.out, &mut self.shifts, at, line, &blank);
        }
        if closes && !after_blank {
            // MkDocs ends the body at a line indented less, which CommonMark would read
            // on in the callout (its paragraph's lazy line, or the next tab's `>`): a
            // blank line ends the callout there.
            put(&mut self.out, &mut self.shifts, start, "", &blank);
        }
        let base = self.levels.last().copied().unwrap_or(0);
        // A list item ends at a line indented less than its content, after a blank line.
        self.items
            .retain(|&(d, c)| d < depth || (d == depth && (c <= indent || !after_blank)));
        let item = self
            .items
            .iter()
            .rev()
            .find(|&&(d, c)| d == depth && c <= indent)
            .map(|&(_, c)| c);
        // A fence in a list item starts at the item's content.
        let local = &line[strip_columns(line, item.unwrap_or(base).max(base)).0..];
        let (cut, extra) = strip_columns(line, base);
        Place {
            indent,
            depth,
            prefix,
            base,
            item,
            local,
            cut,
            extra,
        }
    }

    /// Whether the line at `at` is code or raw HTML (opening, in or closing a fenced code
    /// block or an HTML block): written as it is.
    fn literal(&mut self, at: &Place) -> bool {
        if let Some(f) = self.fence {
            if closes(at.local, f) {
                self.fence = None;
            }
        } else if let Some((ends, ..)) = self.html {
            if html::ends_at(at.local, ends) {
                self.html = None;
            }
        } else if let Some(f) = opens(at.local) {
            self.fence = Some(Fence {
                depth: at.depth,
                item: at.item,
                ..f
            });
        } else if let Some(ends) = html::opens(at.local, self.in_paragraph) {
            if !html::ends_at(at.local, ends) {
                self.html = Some((ends, at.depth, at.item));
            }
        } else {
            return false;
        }
        true
    }

    /// Writes the quote whose `>` marker is at `gt` on the first of `lines` (see
    /// [`quotes::Piece`]): how many lines it took.
    fn quote(&mut self, lines: &[(usize, &str)], at: &Place, gt: usize) -> usize {
        let head = format!("{}{}", at.prefix, " ".repeat(at.extra));
        let piece = quotes::Piece {
            head: &head,
            cut: at.cut,
            gt,
            quotes: self.quotes,
        };
        let (taken, changed) = piece.write(lines, &mut self.out, &mut self.shifts);
        self.rewritten |= changed;
        taken
    }

    /// Writes the callout shortcode that opens `lines`, outside admonitions and list
    /// items, with its body: how many lines it took, or `None` when none opens or it is
    /// not closed.
    fn shortcode(&mut self, lines: &[(usize, &str)], at: &Place) -> Option<usize> {
        if !(at.prefix.is_empty() && at.item.is_none() && at.indent <= 3) {
            return None;
        }
        let (name, callout) =
            shortcodes::opener(lines[0].1).filter(|(name, _)| !self.unclosed.contains(name))?;
        let taken = write_shortcode(
            lines,
            name,
            &callout,
            self.quotes,
            &mut self.out,
            &mut self.shifts,
        );
        match taken {
            Some(_) => self.rewritten = true,
            None => self.unclosed.push(name),
        }
        taken
    }

    /// Whether the first of `lines` opens an admonition or a tab with a body: written as
    /// its callout, its body's column pushed on the levels.
    fn admonition(&mut self, lines: &[(usize, &str)], at: &Place) -> bool {
        let (start, line) = lines[0];
        let Some((callout, is_tab)) = (self.levels.len() < MAX_DEPTH)
            .then(|| opener_at(line, at.indent, at.base, at.extra, at.item))
            .flatten()
            .filter(|_| has_body(&lines[1..], at.indent + 4))
        else {
            return false;
        };
        let mut with = at.prefix.clone();
        with.push_str(&" ".repeat(at.indent - at.base));
        with.push_str(&callout);
        with.push('\n');
        self.levels.push(at.indent + 4);
        if is_tab {
            with.push_str(&quote_blank(&prefix_of(&self.levels)));
        }
        put(&mut self.out, &mut self.shifts, start, line, &with);
        self.rewritten = true;
        true
    }

    /// Whether the list item that `line` opens opens a fenced code block or an HTML block
    /// on its first line (`- <!-- x`), as CommonMark reads the item's content from its
    /// column: the block is noted, to end with it or with the item.
    fn item_literal(&mut self, line: &str, at: &Place) -> bool {
        let Some(c) = self.item_at(line, at) else {
            return false;
        };
        // Past the marker and one space: more than four after it start indented code,
        // which neither opener takes (three at most).
        let s = line.trim_start_matches([' ', '\t']);
        let marker = s.bytes().take_while(u8::is_ascii_digit).count() + 1;
        let content = s[marker..].strip_prefix(' ').unwrap_or_default();
        if let Some(f) = opens(content) {
            self.fence = Some(Fence {
                depth: at.depth,
                item: Some(c),
                ..f
            });
        } else if let Some(ends) = html::opens(content, false) {
            if html::ends_at(content, ends) {
                return false;
            }
            self.html = Some((ends, at.depth, Some(c)));
        } else {
            return false;
        }
        true
    }

    /// The content column of the list item `line` opens, if it opens one where an item
    /// is read (at most three columns past the admonition's body or the item it is in).
    fn item_at(&self, line: &str, at: &Place) -> Option<usize> {
        item_content(line, at.indent)
            .filter(|_| at.indent - at.base <= 3 || at.item.is_some_and(|c| at.indent <= c + 3))
    }

    /// Notes the list item `line` opens, in whose content an admonition may open.
    fn item(&mut self, line: &str, at: &Place) {
        let Some(c) = self.item_at(line, at) else {
            return;
        };
        self.items
            .retain(|&(d, ic)| d < at.depth || ic <= at.indent);
        // One further in holds no opener: the list kept is short, each line's look linear.
        if c <= MAX_ITEM_COLUMN {
            self.items.push((at.depth, c));
        }
    }

    /// Writes `line` (at `start`) inside the admonitions it is in.
    fn plain(&mut self, start: usize, line: &str, at: &Place) {
        if at.prefix.is_empty() && at.extra == 0 {
            self.out.push_str(line);
        } else {
            let mut with = at.prefix.clone();
            with.push_str(&" ".repeat(at.extra));
            with.push_str(&line[at.cut..]);
            put(&mut self.out, &mut self.shifts, start, line, &with);
        }
    }
}

/// Writes the callout shortcode `name` that opens `lines` (as `callout`) with its body,
/// inside `quotes` quotes, up to its closing one: how many lines that took, or `None`
/// when it is not closed.
fn write_shortcode(
    lines: &[(usize, &str)],
    name: &str,
    callout: &str,
    quotes: usize,
    out: &mut String,
    shifts: &mut Shifts,
) -> Option<usize> {
    let n = lines[1..]
        .iter()
        .position(|(_, l)| shortcodes::closes(l, name))?;
    put(out, shifts, lines[0].0, lines[0].1, callout);
    let body = &lines[1..=n];
    if !body.is_empty() {
        let mut inner = String::new();
        let ends: Vec<usize> = body
            .iter()
            .map(|(_, l)| {
                inner.push_str(l);
                inner.len()
            })
            .collect();
        let (text, inner_shifts) = quotes::inside(&inner, quotes);
        let quoted = quotes::Quoted {
            lines: body,
            ends: &ends,
            text: &text,
            shifts: &inner_shifts,
        };
        quoted.write(|_| String::new(), out, shifts);
    }
    let (at, closer) = lines[n + 1];
    put(out, shifts, at, closer, "\n");
    Some(n + 2)
}

/// The callout that `line` (indented `indent` columns, inside admonitions whose innermost
/// body starts at column `base`) opens, and whether it is a tab. One at the body's start,
/// or, as in MkDocs, in a list item's content (`item`, its column): four columns in, and
/// where CommonMark reads the item's text too (not code), within [`MAX_ITEM_COLUMN`].
fn opener_at(
    line: &str,
    indent: usize,
    base: usize,
    extra: usize,
    item: Option<usize>,
) -> Option<(String, bool)> {
    let in_item = indent > base
        && (indent - base).is_multiple_of(4)
        && indent <= MAX_ITEM_COLUMN
        && item.is_some_and(|c| (c..=c + 3).contains(&indent));
    if !(indent == base && extra == 0 || in_item) {
        return None;
    }
    let text = line.trim_start_matches([' ', '\t']);
    opener(text)
        .map(|c| (c, false))
        .or_else(|| tab(text).map(|t| (t, true)))
}

/// The column a list item's content starts at, when `line` (indented `indent` columns)
/// opens one (`- `, `* `, `+ `, `1. `, `1) `), as CommonMark reads it.
fn item_content(line: &str, indent: usize) -> Option<usize> {
    let s = line.trim_start_matches([' ', '\t']).trim_end();
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let width = match s.as_bytes().get(digits) {
        Some(b'-' | b'*' | b'+') if digits == 0 => 1,
        Some(b'.' | b')') if (1..=9).contains(&digits) => digits + 1,
        _ => return None,
    };
    // A thematic break (`* * *`, `---`) is no item.
    if digits == 0
        && s.bytes()
            .filter(|&b| b != b' ')
            .all(|b| b == s.as_bytes()[0])
    {
        return None;
    }
    let after = &s[width..];
    let spaces = after.bytes().take_while(|&b| b == b' ').count();
    match spaces {
        _ if after.is_empty() => Some(indent + width + 1),
        0 => None,
        1..=4 => Some(indent + width + spaces),
        _ => Some(indent + width + 1),
    }
}

/// What is written before a line's text inside admonitions whose bodies start at the
/// columns `levels`: each quote's `>` where its opener was, so that columns stay put.
fn prefix_of(levels: &[usize]) -> String {
    let mut s = String::new();
    let mut at = 0;
    for &body in levels {
        s.push_str(&" ".repeat(body - 4 - at));
        s.push_str(">   ");
        at = body;
    }
    s
}

/// Each line of `text` with its line break, and where it starts.
fn line_starts(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_inclusive('\n').scan(0, |at, line| {
        let start = *at;
        *at += line.len();
        Some((start, line))
    })
}

/// Writes `with` in place of `line` (at `at` in the text as written), noting the shift.
fn put(out: &mut String, shifts: &mut Shifts, at: usize, line: &str, with: &str) {
    out.push_str(with);
    let removed = (at + line.len()) as isize - out.len() as isize;
    if shifts.0.last().map_or(0, |s| s.1) != removed {
        shifts.0.push((out.len(), removed));
    }
}

/// A blank line after `prefix` (see [`prefix_of`]): the quotes' markers, so that they go on.
fn quote_blank(prefix: &str) -> String {
    let mut s = prefix.trim_end().to_string();
    s.push('\n');
    s
}

/// The columns of white space `line` starts with (a tab to the next multiple of 4).
fn indentation(line: &str) -> usize {
    let mut col = 0;
    for b in line.bytes() {
        match b {
            b' ' => col += 1,
            b'\t' => col += 4 - col % 4,
            _ => break,
        }
    }
    col
}

/// The bytes of `line`'s indentation that make up `cols` columns, and the columns a tab
/// among them gave past `cols` (to be written as spaces).
fn strip_columns(line: &str, cols: usize) -> (usize, usize) {
    let mut col = 0;
    for (i, b) in line.bytes().enumerate() {
        if col >= cols {
            return (i, col - cols);
        }
        match b {
            b' ' => col += 1,
            b'\t' => col += 4 - col % 4,
            _ => return (i, 0),
        }
    }
    (line.len(), 0)
}

/// The fence that `rest` opens (```` ``` ```` or `~~~`, after at most three spaces).
fn opens(rest: &str) -> Option<Fence> {
    let s = rest.trim_start_matches(' ');
    if rest.len() - s.len() > 3 {
        return None;
    }
    let mark = *s.as_bytes().first().filter(|b| matches!(b, b'`' | b'~'))?;
    let len = s.bytes().take_while(|&b| b == mark).count();
    // A backtick fence's info string holds no backtick.
    (len >= 3 && !(mark == b'`' && s[len..].contains('`'))).then_some(Fence {
        mark,
        len,
        depth: 0,
        item: None,
    })
}

/// Whether `rest` closes the fence `f`.
fn closes(rest: &str, f: Fence) -> bool {
    let s = rest.trim_start_matches(' ');
    let len = s.bytes().take_while(|&b| b == f.mark).count();
    rest.len() - s.len() <= 3 && len >= f.len && s[len..].trim().is_empty()
}

/// Whether the first line of `lines` that is not blank is indented to `column`: the
/// opener before them has a body.
fn has_body(lines: &[(usize, &str)], column: usize) -> bool {
    lines
        .iter()
        .find(|(_, l)| !l.trim().is_empty())
        .is_some_and(|(_, l)| indentation(l) >= column)
}

/// The alert that the admonition opener `rest` (at the start of its line) is written as:
/// `!!! warning "Disk space"` is `> [!warning] Disk space`, and `!!! danger` is
/// `> [!caution] Danger` (MkDocs shows the type as the title when none is given).
/// MkDocs' syntax: `!!!`, `???` or `???+`, a type, further classes, a quoted title.
fn opener(rest: &str) -> Option<String> {
    let line = rest.trim_end();
    let after = ["???+", "!!!", "???"]
        .iter()
        .find_map(|m| line.strip_prefix(m))?;
    let after = after.strip_prefix(' ').unwrap_or(after);
    let (words, title) = match after.find('"') {
        Some(q) => {
            let title = after[q..].strip_prefix('"')?.strip_suffix('"')?;
            (&after[..q], Some(title))
        }
        None => (after, None),
    };
    let mut words = words.split(' ').filter(|w| !w.is_empty());
    let kind = words.next()?;
    if !words.all(|w| {
        w.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
    }) {
        return None;
    }
    let alert = alert_of(kind)?;
    let title = match title.map(str::trim) {
        Some(t) if !t.is_empty() => t.to_string(),
        _ => {
            let mut chars = kind.chars();
            let first = chars.next()?;
            format!("{}{}", first.to_uppercase(), chars.as_str().to_lowercase())
        }
    };
    Some(format!("> [!{alert}] {title}"))
}

/// What the content tab opener `rest` (`=== "macOS"`, `===+ "Linux"`, `===! "A"`) is
/// written as: a quote whose first paragraph is its title in bold.
fn tab(rest: &str) -> Option<String> {
    let line = rest.trim_end();
    let after = ["===+", "===!", "==="]
        .iter()
        .find_map(|m| line.strip_prefix(m))?;
    let title = after.strip_prefix(' ')?.trim_start();
    let title = title.strip_prefix('"')?.strip_suffix('"')?.trim();
    if title.is_empty() || title.contains('"') {
        return None;
    }
    Some(format!("> **{}**", escaped(title)))
}

/// `text` with CommonMark's punctuation backslash-escaped: a tab's title is plain text in
/// MkDocs, so `=== "*"` is a star (not a rule), `=== "a\"` a backslash, `=== "[x](y)"`
/// no link.
fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// GitHub's alert for an MkDocs admonition type (Material for MkDocs' types and their
/// aliases), as `forge`'s warning about admonitions names it.
fn alert_of(kind: &str) -> Option<&'static str> {
    Some(match kind.to_ascii_lowercase().as_str() {
        "note" | "seealso" | "abstract" | "summary" | "tldr" | "info" | "todo" | "example"
        | "question" | "help" | "faq" | "quote" | "cite" => "note",
        "tip" | "hint" | "success" | "check" | "done" => "tip",
        "important" => "important",
        "warning" | "attention" => "warning",
        "caution" | "danger" | "error" | "failure" | "fail" | "missing" | "bug" => "caution",
        _ => return None,
    })
}

#[cfg(test)]
mod tests;
