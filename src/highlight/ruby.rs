//! Ruby (`ruby`, `rb`), the language of GitLab's `gitlab.rb`, Rails console sessions and
//! Chef recipes in runbooks, highlighted by a lexer in one pass: comments (`#`,
//! `=begin`…`=end`), strings with `#{…}` interpolations, `%w[…]`-style literals,
//! heredocs (`<<~EOS`), regular expressions (told from division by what came before, as
//! Ruby's own lexer does), symbols, numbers, instance and global variables, constants,
//! keywords, hash keys (`key:`) and the names of defined and called methods.

use super::lex::{line_end, name_start, skip_while, string, utf8_len, Quoted};
use super::spans::Writer;

/// A string closed by `close` whose `#{…}` may hold strings of their own, over lines.
fn interpolated(close: u8) -> Quoted {
    Quoted {
        close,
        sigils: b"#",
        escapes: true,
        one_line: false,
    }
}

/// A single-quoted string: read as written, `\'` aside.
fn as_written(close: u8) -> Quoted {
    Quoted {
        sigils: b"",
        ..interpolated(close)
    }
}

/// Appends `code`, highlighted as Ruby and escaped, to `out`.
pub(super) fn highlight(code: &str, out: &mut String) {
    let b = code.as_bytes();
    let mut w = Writer::new(code, out);
    let mut st = State::default();
    let mut i = 0;
    let mut line_start = true;
    while i < b.len() {
        let start = i;
        let c = b[i];
        let next = b.get(i + 1).copied().unwrap_or(0);
        if line_start && b[i..].starts_with(b"=begin") {
            i = block_comment_end(b, i);
            w.span("c", start, i);
            continue;
        }
        line_start = false;
        let (class, value) = if let Some((end, class, value)) = st.literal(b, i) {
            i = end;
            (class, value)
        } else {
            match c {
                b'\n' => {
                    i += 1;
                    line_start = true;
                    // The bodies of the line's heredocs, one after another.
                    for term in st.heredocs.drain(..) {
                        let body = i;
                        i = heredoc_end(b, i, term);
                        w.span("s", body, i);
                    }
                    continue;
                }
                b' ' | b'\t' | b'\r' => {
                    i += 1;
                    continue;
                }
                b'#' => {
                    i = line_end(b, i);
                    (Some("c"), false)
                }
                b'0'..=b'9' => {
                    i = skip_while(b, i, |c| {
                        c.is_ascii_alphanumeric() || c == b'_' || c == b'.'
                    });
                    (Some("n"), true)
                }
                b'@' | b'$' if name_start(next) || next == b'@' => {
                    i = skip_while(b, i + 1, |c| c == b'@');
                    i = skip_while(b, i, name_part);
                    (Some("v"), true)
                }
                b':' if name_start(next) && (i == 0 || b[i - 1] != b':') => {
                    i = method_name_end(b, i + 1);
                    (Some("n"), true)
                }
                _ if name_start(c) => {
                    i = st.word(code, start, &mut w);
                    continue;
                }
                b')' | b']' | b'}' => {
                    i += 1;
                    (None, true)
                }
                _ => {
                    i += utf8_len(c);
                    (None, false)
                }
            }
        };
        if let Some(class) = class {
            w.span(class, start, i);
        }
        st.after_value = value;
        st.after_def = false;
    }
    w.finish();
}

/// What the lexer carries from one token to the next.
#[derive(Default)]
struct State<'c> {
    /// Whether the last token was a value (a name, number, string, `)` or `]`): a `/`
    /// after one divides, elsewhere it opens a regular expression.
    after_value: bool,
    /// The last word was `def`: the next name is the method's.
    after_def: bool,
    /// The terminators of the heredocs opened on this line, whose bodies start on the
    /// next.
    heredocs: Vec<&'c [u8]>,
    /// Where the line ends on which a regular expression found no closing `/`: no later
    /// `/` of that line can find one either (its scan would follow the failed one's from
    /// the next byte on), so none is tried again (`/\/\/\/…` rescanned: quadratic).
    no_regex_before: usize,
}

impl<'c> State<'c> {
    /// A string, `%` literal, regular expression, heredoc or quoted symbol opening at
    /// `i`: its end, class and whether it is a value; None when none opens there.
    fn literal(&mut self, b: &'c [u8], i: usize) -> Option<(usize, Option<&'static str>, bool)> {
        let c = b[i];
        let next = b.get(i + 1).copied().unwrap_or(0);
        Some(match c {
            b'"' | b'`' => (string(b, i + 1, &interpolated(c)), Some("s"), true),
            b'\'' => (string(b, i + 1, &as_written(c)), Some("s"), true),
            b'%' if !self.after_value || next_is_opener(b, i + 1) => match percent_literal(b, i) {
                Some(end) => (end, Some("s"), true),
                None => (i + 1, None, false),
            },
            b'/' if !self.after_value && i >= self.no_regex_before => match regex_end(b, i) {
                Some(end) => (end, Some("s"), true),
                None => {
                    self.no_regex_before = line_end(b, i);
                    (i + 1, None, false)
                }
            },
            b'<' if next == b'<' => match heredoc_start(b, i) {
                Some((end, term)) => {
                    self.heredocs.push(term);
                    (end, Some("s"), true)
                }
                None => (i + 2, None, false),
            },
            b':' if next == b'"' => (string(b, i + 2, &interpolated(b'"')), Some("n"), true),
            _ => return None,
        })
    }

    /// A name starting at `start`, written with its class (a hash key, the method a
    /// `def` names, a keyword, constant or call): where it ends.
    fn word(&mut self, code: &str, start: usize, w: &mut Writer) -> usize {
        let b = code.as_bytes();
        let mut i = method_name_end(b, start);
        let word = &code[start..i];
        let class = if b.get(i) == Some(&b':') && b.get(i + 1) != Some(&b':') {
            // A hash key, `key: value`.
            i += 1;
            Some("p")
        } else if self.after_def {
            Some("f")
        } else {
            word_class(word, b, i)
        };
        self.after_def = word == "def";
        if let Some(class) = class {
            w.span(class, start, i);
        }
        self.after_value = class != Some("k") || matches!(word, "end" | "self");
        i
    }
}

const KEYWORDS: [&str; 36] = [
    "BEGIN", "END", "alias", "and", "begin", "break", "case", "class", "def", "defined?", "do",
    "else", "elsif", "end", "ensure", "for", "if", "in", "module", "next", "not", "or", "redo",
    "rescue", "retry", "return", "super", "then", "undef", "unless", "until", "when", "while",
    "yield", "require", "raise",
];

fn word_class(word: &str, b: &[u8], end: usize) -> Option<&'static str> {
    if matches!(
        word,
        "nil" | "true" | "false" | "self" | "__FILE__" | "__LINE__"
    ) {
        Some("n")
    } else if KEYWORDS.contains(&word) {
        Some("k")
    } else if word.as_bytes()[0].is_ascii_uppercase() {
        Some("t")
    } else if b.get(end) == Some(&b'(') {
        Some("f")
    } else {
        None
    }
}

fn name_part(c: u8) -> bool {
    name_start(c) || c.is_ascii_digit()
}

/// The end of a name starting at `i`, with a method's trailing `?` or `!` (`nil?`,
/// `save!`), but not the `!=` or `?:` after a name.
fn method_name_end(b: &[u8], i: usize) -> usize {
    let end = skip_while(b, i, name_part);
    match (b.get(end), b.get(end + 1)) {
        (Some(b'?' | b'!'), next) if !matches!(next, Some(b'=' | b':')) => end + 1,
        _ => end,
    }
}

/// Whether `b[i]` opens a percent literal's body: `%w[`, `%(`, `%q{`.
fn next_is_opener(b: &[u8], i: usize) -> bool {
    match b.get(i) {
        Some(b'w' | b'W' | b'i' | b'I' | b'q' | b'Q' | b'r' | b's' | b'x') => {
            matches!(
                b.get(i + 1),
                Some(b'(' | b'[' | b'{' | b'<' | b'|' | b'!' | b'/')
            )
        }
        Some(b'(' | b'[' | b'{') => true,
        _ => false,
    }
}

/// The end of a percent literal at `i` (`%w[a b]`, `%q(it's)`, `%r{a/b}i`), bracket
/// pairs nested inside counted; `None` when `%` is the operator.
fn percent_literal(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    let kind = *b.get(j)?;
    if kind.is_ascii_alphabetic() {
        if !matches!(
            kind,
            b'w' | b'W' | b'i' | b'I' | b'q' | b'Q' | b'r' | b's' | b'x'
        ) {
            return None;
        }
        j += 1;
    }
    let open = *b.get(j)?;
    let close = match open {
        b'(' => b')',
        b'[' => b']',
        b'{' => b'}',
        b'<' => b'>',
        b'|' | b'!' | b'/' | b'^' => open,
        _ => return None,
    };
    let mut depth = 0usize;
    j += 1;
    while j < b.len() {
        match b[j] {
            b'\\' => j += 2,
            c if c == close && depth == 0 => {
                j += 1;
                // A regular expression's flags.
                return Some(skip_while(b, j, |c| c.is_ascii_lowercase()));
            }
            c if c == close => {
                depth -= 1;
                j += 1;
            }
            c if c == open => {
                depth += 1;
                j += 1;
            }
            _ => j += 1,
        }
    }
    Some(b.len())
}

/// The end of a regular expression at `i`, after its flags, when it closes on its line.
fn regex_end(b: &[u8], i: usize) -> Option<usize> {
    let end = line_end(b, i);
    let mut j = i + 1;
    if matches!(b.get(j), Some(b' ' | b'=')) {
        // `/ 2` and `/=` divide even after an operator.
        return None;
    }
    while j < end {
        match b[j] {
            b'\\' => j += 2,
            b'/' => return Some(skip_while(b, j + 1, |c| c.is_ascii_lowercase())),
            _ => j += 1,
        }
    }
    None
}

/// A heredoc's opening at `i` (`<<~EOS`, `<<-SQL`, `<<EOS`, `<<~'EOS'`): its end and the
/// terminator; `None` for the `<<` operator (`list << x`, `a <<b`).
fn heredoc_start(b: &[u8], i: usize) -> Option<(usize, &[u8])> {
    let mut j = i + 2;
    let squiggly = matches!(b.get(j), Some(b'~' | b'-'));
    if squiggly {
        j += 1;
    }
    match *b.get(j)? {
        q @ (b'\'' | b'"' | b'`') => {
            let close = memchr::memchr2(q, b'\n', &b[j + 1..]).map(|n| j + 1 + n)?;
            (b[close] == q && close > j + 1).then(|| (close + 1, &b[j + 1..close]))
        }
        c if c.is_ascii_uppercase() || squiggly && name_start(c) && c < 0x80 => {
            let end = skip_while(b, j, |c| c.is_ascii_alphanumeric() || c == b'_');
            Some((end, &b[j..end]))
        }
        _ => None,
    }
}

/// The end of a heredoc's body starting at `i`: after the line that is its terminator
/// (blanks around it allowed, as `<<~` and `<<-` allow them), or the code's end.
fn heredoc_end(b: &[u8], mut i: usize, term: &[u8]) -> usize {
    while i < b.len() {
        let end = line_end(b, i);
        if b[i..end].trim_ascii() == term {
            return end;
        }
        i = end + 1;
    }
    b.len()
}

/// The end of a `=begin` … `=end` comment starting at `i`: the end of the `=end` line.
fn block_comment_end(b: &[u8], i: usize) -> usize {
    let mut line = line_end(b, i);
    while line < b.len() {
        let start = line + 1;
        line = line_end(b, start);
        if b[start..].starts_with(b"=end") {
            return line;
        }
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::super::tests::{hl, pairs, spans, text};

    #[test]
    fn gitlab_rb_settings() {
        let code = "gitlab_rails['smtp_port'] = 465 # TLS\ngitlab_rails['smtp_tls'] = true\nexternal_url \"https://#{host}\"\n";
        let html = hl("ruby", code);
        assert_eq!(text(&html), code);
        assert_eq!(
            spans(&html),
            pairs(&[
                ("s", "'smtp_port'"),
                ("n", "465"),
                ("c", "# TLS"),
                ("s", "'smtp_tls'"),
                ("n", "true"),
                ("s", "\"https://#{host}\""),
            ]),
            "{html}"
        );
    }

    #[test]
    fn a_rails_console_session() {
        let code = "user = User.find_by(username: 'root')\nuser.projects.each do |p|\n  puts p.name if p.archived? && p.id != 0\nend\nProject.where(id: ids).update_all(pending_delete: false) # fix\n";
        let html = hl("rb", code);
        assert_eq!(text(&html), code);
        assert_eq!(
            spans(&html),
            pairs(&[
                ("t", "User"),
                ("f", "find_by"),
                ("p", "username:"),
                ("s", "'root'"),
                ("k", "do"),
                ("k", "if"),
                ("n", "0"),
                ("k", "end"),
                ("t", "Project"),
                ("f", "where"),
                ("p", "id:"),
                ("f", "update_all"),
                ("p", "pending_delete:"),
                ("n", "false"),
                ("c", "# fix"),
            ]),
            "{html}"
        );
    }

    #[test]
    fn definitions_symbols_variables_regexes_and_literals() {
        let code = "def rotate!(n = 2)\n  @count += n / 2\n  $stdout.puts :done, %w[a b], x.split(/,\\s*/i)\nend\n";
        let html = hl("ruby", code);
        assert_eq!(text(&html), code);
        assert_eq!(
            spans(&html),
            pairs(&[
                ("k", "def"),
                ("f", "rotate!"),
                ("n", "2"),
                ("v", "@count"),
                ("n", "2"),
                ("v", "$stdout"),
                ("n", ":done"),
                ("s", "%w[a b]"),
                ("f", "split"),
                ("s", "/,\\s*/i"),
                ("k", "end"),
            ]),
            "`n / 2` divides: {html}"
        );
    }

    #[test]
    fn heredocs_and_block_comments() {
        let code = "=begin\nold\n=end\nsql = <<~SQL.strip\n  SELECT 1 # not a comment\nSQL\nlist << item\n";
        let html = hl("ruby", code);
        assert_eq!(text(&html), code);
        assert_eq!(
            spans(&html),
            pairs(&[
                ("c", "=begin\nold\n=end"),
                ("s", "<<~SQL"),
                ("s", "  SELECT 1 # not a comment\nSQL"),
            ]),
            "{html}"
        );
    }

    #[test]
    fn broken_ruby_keeps_the_text() {
        for code in [
            "x = \"open #{ \"y\n",
            "a = <<~EOS\nnever closed\n",
            "=begin\nopen",
            "%w[open",
            "a = b /c\n",
            "%",
            "<<",
            ":",
            "ключ = 'значение' # <script>\n",
            "x ? y : z; a!= b; c?: d",
            "( /\\/\\/\\/ ( / x",
        ] {
            let html = hl("ruby", code);
            assert_eq!(text(&html), code, "{html}");
            assert!(!html.contains("<script>"), "{html}");
        }
    }
}
