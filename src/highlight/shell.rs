//! Shell (bash and its kin), highlighted by a lexer in one pass: comments, strings,
//! here-documents, variables and expansions, numbers, keywords, command names and
//! options, without parsing the script.
//!
//! tree-sitter-bash's parse cost about 740 instructions a byte and brought a C scanner
//! that crashed on some non-ASCII input (tree-sitter-bash issue 337) and slowed down more
//! than linearly on unclosed constructs; this costs a few dozen and reads each byte a
//! bounded number of times. What it tracks of the grammar is what the classes need:
//! whether a word stands where a command's name does (at the start of a line, after
//! `|`, `&&`, `;`, `(`, `$(`, `then`, `do`, … and after assignments), what follows
//! `for`, `case` and the declaring words (`export X=…`: `X` is a variable), and the
//! constructs that nest: strings, `$(…)`, `${…}`, `$((…))`, backquotes, here-documents.
//!
//! Classes as with tree-sitter: `k` keyword, `f` command name, `o` an argument beginning
//! with `-`, `s` a string or here-document's body (whole, expansions inside included),
//! `v` a variable or `${…}`, `n` a number, `c` a comment.

use super::lex::skip_while;
use super::spans::Writer;

/// Appends `code`, highlighted as shell and escaped, to `out`.
pub(super) fn highlight(code: &str, out: &mut String) {
    let mut lexer = Lexer {
        b: code.as_bytes(),
        code,
        w: Writer::new(code, out),
        i: 0,
        command: true,
        expect: Expect::Nothing,
        declaring: false,
        case_pattern: false,
        redirect_target: false,
        nesting: Vec::new(),
        heredocs: Vec::new(),
    };
    lexer.run();
    lexer.w.finish();
}

/// What the next word is, after a keyword that says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Nothing,
    /// The variable of `for` and `select`.
    Variable,
    /// The word `case` looks at.
    CaseWord,
    /// `in`, after `for x` or `case word` (`case` when the flag is set).
    In {
        case: bool,
    },
}

/// A construct whose closing `)` or backquote ends a command list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    /// `$(`
    Substitution,
    /// `(`, a subshell (or a function definition's `()`).
    Paren,
    Backquote,
}

/// A here-document whose body starts at the next line break.
struct HereDoc {
    delimiter: String,
    /// `<<-`: the closing line may be indented with tabs.
    tabs: bool,
}

struct Lexer<'a> {
    b: &'a [u8],
    code: &'a str,
    w: Writer<'a>,
    i: usize,
    /// Whether the next word stands where a command's name does.
    command: bool,
    expect: Expect,
    /// In the arguments of `export`, `declare`, `local`, `readonly`, `typeset`, `unset`.
    declaring: bool,
    /// Between `in` (or `;;`) and `)` of a `case`: the words are patterns.
    case_pattern: bool,
    /// The word right after a redirection's operator (`<file`) is its file, and leaves
    /// a command's position as it was (`X=<a cmd`). Only a word glued to the operator:
    /// runbooks write placeholders such as `<pod-name> -n ns`, where `-n` is read better
    /// as the option it is meant to be.
    redirect_target: bool,
    nesting: Vec<Open>,
    heredocs: Vec<HereDoc>,
}

/// Bytes that end a word.
fn meta(c: u8) -> bool {
    matches!(
        c,
        b' ' | b'\t' | b'\n' | b'\r' | b';' | b'&' | b'|' | b'(' | b')' | b'<' | b'>'
    )
}

/// Bytes that end a word's plain run: a word's end, a quote or an expansion.
fn special(c: u8) -> bool {
    meta(c) || matches!(c, b'\'' | b'"' | b'$' | b'`' | b'\\')
}

fn name_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

fn name_part(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

impl Lexer<'_> {
    fn peek(&self, k: usize) -> u8 {
        self.b.get(self.i + k).copied().unwrap_or(0)
    }

    /// A command's position starts afresh: after a separator or an opening.
    fn new_command(&mut self) {
        self.command = true;
        self.expect = Expect::Nothing;
        self.declaring = false;
    }

    fn run(&mut self) {
        while self.i < self.b.len() {
            let c = self.b[self.i];
            let start = self.i;
            match c {
                b' ' | b'\t' | b'\r' => self.i += 1,
                b'\\' if self.peek(1) == b'\n' => self.i += 2,
                b'\n' => {
                    self.i += 1;
                    if !self.case_pattern {
                        self.new_command();
                    }
                    if !self.heredocs.is_empty() {
                        self.here_document_bodies();
                    }
                }
                b'#' => {
                    self.i =
                        memchr::memchr(b'\n', &self.b[start..]).map_or(self.b.len(), |n| start + n);
                    self.w.span("c", start, self.i);
                }
                b'&' if self.peek(1) == b'>' => {
                    // `&>file`: a redirection of both outputs, not a separator.
                    self.i += 1;
                    self.redirection();
                }
                b';' | b'&' | b'|' => {
                    self.i += 1;
                    if c == b';' && self.peek(0) == b';' {
                        // `;;` ends a case's commands: a pattern follows.
                        self.i += 1;
                        self.case_pattern = true;
                    } else if self.peek(0) == c || c == b'|' && self.peek(0) == b'&' {
                        self.i += 1;
                    }
                    self.new_command();
                }
                b'(' => {
                    self.i += 1;
                    if self.command && self.peek(0) == b'(' {
                        self.i += 1;
                        self.arithmetic(2);
                        self.command = false;
                    } else {
                        self.nesting.push(Open::Paren);
                        self.new_command();
                    }
                }
                b')' => {
                    self.i += 1;
                    if self.case_pattern && !matches!(self.nesting.last(), Some(Open::Paren)) {
                        self.case_pattern = false;
                        self.new_command();
                    } else {
                        if matches!(self.nesting.last(), Some(Open::Paren | Open::Substitution)) {
                            self.nesting.pop();
                        }
                        self.command = false;
                    }
                }
                b'`' => {
                    self.i += 1;
                    if self.nesting.last() == Some(&Open::Backquote) {
                        self.nesting.pop();
                        self.command = false;
                    } else {
                        self.nesting.push(Open::Backquote);
                        self.new_command();
                    }
                }
                b'<' | b'>' => self.redirection(),
                _ => self.word(),
            }
        }
    }

    /// `<`, `>`, `>>`, `>&2`, `<<EOF`, `<<-EOF`, `<<<`, `<(`: the operator, and the
    /// delimiter of a here-document.
    fn redirection(&mut self) {
        let c = self.b[self.i];
        self.i += 1;
        if c == b'<' && self.peek(0) == b'<' && self.peek(1) != b'<' {
            self.i += 1;
            let tabs = self.peek(0) == b'-';
            if tabs {
                self.i += 1;
            }
            while matches!(self.peek(0), b' ' | b'\t') {
                self.i += 1;
            }
            // The delimiter: a word whose quotes and backslashes are removed.
            let mut delimiter = String::new();
            let mut quote = 0u8;
            while self.i < self.b.len() {
                let d = self.b[self.i];
                if quote != 0 {
                    if d == quote {
                        quote = 0;
                    } else if d == b'\n' {
                        break;
                    } else {
                        push_byte(&mut delimiter, self.code, self.i);
                    }
                } else if d == b'\'' || d == b'"' {
                    quote = d;
                } else if d == b'\\' {
                    // The escaped byte is taken as it is, below.
                } else if meta(d) {
                    break;
                } else {
                    push_byte(&mut delimiter, self.code, self.i);
                }
                self.i += 1;
            }
            if !delimiter.is_empty() {
                self.heredocs.push(HereDoc { delimiter, tabs });
            }
            return;
        }
        if self.peek(0) == b'(' {
            // Process substitution: a command list, closed like a subshell.
            self.i += 1;
            self.nesting.push(Open::Paren);
            self.new_command();
            return;
        }
        while matches!(self.peek(0), b'<' | b'>' | b'|') {
            self.i += 1;
        }
        let next = self.peek(0);
        self.redirect_target = next != 0 && next != b'&' && !meta(next);
        if next == b'&' {
            self.i += 1;
            let start = self.i;
            let end = skip_while(self.b, start, |c| c.is_ascii_digit());
            if end > start && (end == self.b.len() || meta(self.b[end])) {
                self.i = end;
                self.w.span("n", start, end);
            }
        }
    }

    /// The bodies of the here-documents opened on the line that just ended, each up to
    /// its delimiter's line: a string, the delimiter plain.
    fn here_document_bodies(&mut self) {
        let heredocs = std::mem::take(&mut self.heredocs);
        for doc in heredocs {
            let body = self.i;
            let mut body_end = self.b.len();
            let mut line = self.i;
            while line < self.b.len() {
                let end = memchr::memchr(b'\n', &self.b[line..]).map_or(self.b.len(), |n| line + n);
                let mut text = &self.code[line..end];
                text = text.strip_suffix('\r').unwrap_or(text);
                if doc.tabs {
                    text = text.trim_start_matches('\t');
                }
                if text == doc.delimiter {
                    body_end = line;
                    line = end;
                    break;
                }
                line = (end + 1).min(self.b.len());
            }
            // The body's last line break follows its span.
            let span_end = if body_end > body && self.b[body_end - 1] == b'\n' {
                body_end - 1
            } else {
                body_end
            };
            self.w.span("s", body, span_end);
            self.i = line;
            if self.i >= self.b.len() {
                self.i = self.b.len();
                return;
            }
            // Past the delimiter's line break, to the next document's body.
            if self.b[self.i] == b'\n' {
                self.i += 1;
            }
        }
    }

    /// A word, from `self.i`: classed by where it stands, its pieces (strings,
    /// expansions) by what they are.
    fn word(&mut self) {
        let start = self.i;
        let lead_end = self.plain_run(start);
        let code = self.code;
        let lead = &code[start..lead_end];
        let whole = lead_end == self.b.len() || meta(self.b[lead_end]);
        if self.redirect_target || self.case_pattern {
            self.redirect_target = false;
            if self.case_pattern && whole && lead == "esac" {
                self.w.span("k", start, lead_end);
                self.case_pattern = false;
                self.command = false;
            }
            self.i = lead_end;
            self.pieces();
            return;
        }
        if self.command {
            if whole && self.keyword(lead) {
                self.i = lead_end;
                return;
            }
            if let Some(name_end) = assignment(lead) {
                self.w.span("v", start, start + name_end);
                // The value: plain but for its strings and expansions; still a command's
                // position after it (`X=1 cmd`).
                self.i = lead_end;
                self.pieces();
                return;
            }
            if !lead.is_empty() {
                if matches!(lead, "[" | "[[") && whole {
                    self.command = false;
                } else if matches!(lead, "{" | "}" | "!") && whole {
                    // Keep a command's position.
                } else {
                    self.w.span("f", start, lead_end);
                    self.command = false;
                }
                self.i = lead_end;
                self.pieces();
                return;
            }
            self.command = false;
        } else if let Some((class, end)) = self.argument_class(lead, whole, start) {
            self.w.span(class, start, end);
        }
        self.i = lead_end;
        self.pieces();
    }

    /// The class of an argument's plain start, and where the class ends.
    fn argument_class(
        &mut self,
        lead: &str,
        whole: bool,
        start: usize,
    ) -> Option<(&'static str, usize)> {
        let end = start + lead.len();
        match self.expect {
            Expect::Variable => {
                self.expect = Expect::In { case: false };
                return (whole && !lead.is_empty()).then_some(("v", end));
            }
            Expect::CaseWord => {
                self.expect = Expect::In { case: true };
                return None;
            }
            Expect::In { case } => {
                self.expect = Expect::Nothing;
                if lead == "in" && whole {
                    self.case_pattern = case;
                    return Some(("k", end));
                }
            }
            Expect::Nothing => {}
        }
        if self.case_pattern || lead.is_empty() {
            return None;
        }
        if self.declaring {
            if let Some(name_end) = assignment(lead) {
                return Some(("v", start + name_end));
            }
            if whole && lead.bytes().all(name_part) && name_start(lead.as_bytes()[0]) {
                return Some(("v", end));
            }
        }
        // A number (`20`, `-5`), or the descriptor of a redirection (`2>`).
        let digits = lead.strip_prefix('-').unwrap_or(lead);
        if whole && !digits.is_empty() && digits.bytes().all(|c| c.is_ascii_digit()) {
            return Some(("n", end));
        }
        lead.starts_with('-').then_some(("o", end))
    }

    /// A keyword in a command's position: classed, and the state it sets.
    fn keyword(&mut self, word: &str) -> bool {
        let start = self.i;
        let end = start + word.len();
        match word {
            "if" | "then" | "else" | "elif" | "while" | "until" | "do" | "time" | "coproc" => {
                self.new_command();
            }
            "fi" | "done" | "esac" => {
                self.command = false;
                if word == "esac" {
                    self.case_pattern = false;
                }
            }
            "for" | "select" => {
                self.command = false;
                self.expect = Expect::Variable;
            }
            "case" => {
                self.command = false;
                self.expect = Expect::CaseWord;
            }
            "function" => self.command = false,
            "export" | "declare" | "local" | "readonly" | "typeset" | "unset" => {
                self.command = false;
                self.declaring = true;
            }
            _ => return false,
        }
        self.w.span("k", start, end);
        true
    }

    /// The end of the plain run of a word starting at `i`: up to a quote, an expansion or
    /// the word's end; a backslash takes the character after it.
    fn plain_run(&self, mut i: usize) -> usize {
        while i < self.b.len() {
            let c = self.b[i];
            if c == b'\\' {
                if self.b.get(i + 1) == Some(&b'\n') {
                    break;
                }
                i = next_char(self.code, i + 1);
            } else if special(c) {
                break;
            } else {
                i += 1;
            }
        }
        i
    }

    /// The pieces of a word from `self.i` to its end: plain runs, strings and expansions.
    /// A `$(` or backquote ends the word here: its commands are read by [`Lexer::run`].
    fn pieces(&mut self) {
        while self.i < self.b.len() {
            let start = self.i;
            let c = self.b[start];
            match c {
                b'\'' => {
                    self.i = memchr::memchr(b'\'', &self.b[start + 1..])
                        .map_or(self.b.len(), |n| start + 1 + n + 1);
                    self.w.span("s", start, self.i);
                }
                b'"' => {
                    self.i = self.double_quoted(start);
                    self.w.span("s", start, self.i);
                }
                b'$' => {
                    if !self.dollar() {
                        return;
                    }
                }
                b'`' => return,
                b'\\' if self.peek(1) == b'\n' => return,
                _ if meta(c) => return,
                _ => self.i = self.plain_run(start).max(start + 1),
            }
        }
    }

    /// An expansion at `self.i` (a `$`). Returns false when it opens a command
    /// substitution, which ends the word.
    fn dollar(&mut self) -> bool {
        let start = self.i;
        let next = self.peek(1);
        match next {
            b'(' if self.peek(2) == b'(' => {
                self.i += 3;
                self.arithmetic(2);
            }
            b'(' => {
                self.i += 2;
                self.nesting.push(Open::Substitution);
                self.new_command();
                return false;
            }
            b'{' => {
                self.i = self.braced(start);
                self.w.span("v", start, self.i);
            }
            b'\'' => {
                // `$'…'`: backslash escapes inside.
                let mut i = start + 2;
                while i < self.b.len() && self.b[i] != b'\'' {
                    i += if self.b[i] == b'\\' { 2 } else { 1 };
                }
                self.i = (i + 1).min(self.b.len());
                self.w.span("s", start, self.i);
            }
            b'"' => {
                self.i = self.double_quoted(start + 1);
                self.w.span("s", start, self.i);
            }
            _ if name_start(next) => {
                self.i = skip_while(self.b, start + 1, name_part);
                self.w.span("v", start, self.i);
            }
            b'0'..=b'9' | b'@' | b'*' | b'#' | b'?' | b'$' | b'!' | b'-' => {
                self.i = start + 2;
                self.w.span("v", start, self.i);
            }
            _ => self.i += 1,
        }
        true
    }

    /// The end of the `${…}` at `b[start]`: its closing brace, nested braces counted.
    fn braced(&self, start: usize) -> usize {
        let mut depth = 0usize;
        let mut i = start + 1;
        while i < self.b.len() {
            match self.b[i] {
                b'\\' => i += 1,
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        return i + 1;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        self.b.len()
    }

    /// The end of the double-quoted string opening at `b[start]`: the `"` that closes it,
    /// not one inside a `$(…)` within it (which may hold strings of its own).
    fn double_quoted(&self, start: usize) -> usize {
        // What is open, innermost last: `"` a string, `(` a parenthesis.
        let mut open = vec![b'"'];
        let mut i = start + 1;
        while i < self.b.len() {
            let c = self.b[i];
            let top = open.last().copied().unwrap_or(b'"');
            match c {
                b'\\' => i += 1,
                b'"' if top == b'"' => {
                    open.pop();
                    if open.is_empty() {
                        return i + 1;
                    }
                }
                b'$' if self.b.get(i + 1) == Some(&b'(') => {
                    open.push(b'(');
                    i += 1;
                }
                b'(' if top == b'(' => open.push(b'('),
                b')' if top == b'(' => {
                    open.pop();
                }
                b'"' => open.push(b'"'),
                b'\'' if top == b'(' => {
                    i = memchr::memchr(b'\'', &self.b[i + 1..]).map_or(self.b.len(), |n| i + 1 + n);
                }
                _ => {}
            }
            i += 1;
        }
        self.b.len()
    }

    /// Arithmetic from `self.i`, inside `depth` parentheses (`$((` or `((`): numbers and
    /// variables classed, up to the parenthesis that closes the first.
    fn arithmetic(&mut self, mut depth: usize) {
        while self.i < self.b.len() {
            let start = self.i;
            let c = self.b[start];
            match c {
                b'(' => {
                    depth += 1;
                    self.i += 1;
                }
                b')' => {
                    depth -= 1;
                    self.i += 1;
                    if depth == 0 {
                        return;
                    }
                }
                b'0'..=b'9' => {
                    self.i = skip_while(self.b, start, |c| c.is_ascii_alphanumeric() || c == b'#');
                    self.w.span("n", start, self.i);
                }
                // `$((` and `$(` inside only nest deeper (commands inside arithmetic are
                // rare, and reading them would mean recursion); `${…}` and `$x` are
                // variables.
                b'$' if self.peek(1) == b'(' => {
                    self.i += 2;
                    depth += 1;
                }
                b'$' if self.peek(1) == b'{' => {
                    self.i = self.braced(start);
                    self.w.span("v", start, self.i);
                }
                b'$' if name_start(self.peek(1)) || self.peek(1).is_ascii_digit() => {
                    self.i = skip_while(self.b, start + 1, name_part);
                    self.w.span("v", start, self.i);
                }
                _ if name_start(c) => {
                    self.i = skip_while(self.b, start, name_part);
                    self.w.span("v", start, self.i);
                }
                _ => self.i = next_char(self.code, start),
            }
            if depth == 0 {
                return;
            }
        }
    }
}

/// The end of the name in an assignment that `lead` begins with (`X=`, `X+=`, `a[1]=`).
fn assignment(lead: &str) -> Option<usize> {
    let b = lead.as_bytes();
    if !b.first().copied().is_some_and(name_start) {
        return None;
    }
    let name_end = skip_while(b, 0, name_part);
    let mut i = name_end;
    if b.get(i) == Some(&b'[') {
        i = i + 1 + b[i + 1..].iter().position(|&c| c == b']')? + 1;
    }
    if b.get(i) == Some(&b'+') {
        i += 1;
    }
    (b.get(i) == Some(&b'=')).then_some(name_end)
}

/// The index of the character after the one at `i` (or `i`'s end).
fn next_char(code: &str, i: usize) -> usize {
    let mut j = i + 1;
    while j < code.len() && !code.is_char_boundary(j) {
        j += 1;
    }
    j.min(code.len())
}

/// Appends the character at `i` of `code` when it starts one (the delimiter is compared
/// as text; a byte inside a character is part of the one before).
fn push_byte(s: &mut String, code: &str, i: usize) {
    if code.is_char_boundary(i) {
        if let Some(c) = code[i..].chars().next() {
            s.push(c);
        }
    }
}

#[cfg(test)]
mod tests;
