//! GitLab's and GitHub's math, read before the page sees the events: inline math written
//! `` $`a^2`$ `` is its TeX as code, without the dollars, and a paragraph that is one
//! `$$ … $$` block is a `math` code block of the TeX as written. Neither forge's drawing is
//! copied (that takes a script); before, the dollars showed around the code, and a block's
//! TeX was read as Markdown (`\\` became `\`, `a*b*` emphasis).

use std::collections::VecDeque;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};

type Item<'e> = (Event<'e>, Range<usize>);

/// The parser's events with math rewritten; at most two events are held ahead.
pub(super) struct Math<'e, I> {
    inner: I,
    body: &'e str,
    ahead: VecDeque<Item<'e>>,
    quotes: usize,
}

impl<'e, I: Iterator<Item = Item<'e>>> Math<'e, I> {
    pub(super) fn new(inner: I, body: &'e str) -> Self {
        Math {
            inner,
            body,
            ahead: VecDeque::new(),
            quotes: 0,
        }
    }

    fn pull(&mut self) -> Option<Item<'e>> {
        self.ahead.pop_front().or_else(|| self.inner.next())
    }

    /// The event at `i` ahead, pulled from the parser when not held yet.
    fn peek(&mut self, i: usize) -> Option<&Item<'e>> {
        while self.ahead.len() <= i {
            let item = self.inner.next()?;
            self.ahead.push_back(item);
        }
        self.ahead.get(i)
    }

    /// Whether the source ends at `end` with an unescaped `$`.
    fn dollar_before(&self, end: usize) -> bool {
        let b = self.body.as_bytes();
        end >= 1 && b.get(end - 1) == Some(&b'$') && (end < 2 || b[end - 2] != b'\\')
    }

    /// When `text` (ending in `$`) is followed by code and a text starting with `$`, all
    /// written together (`` $`a^2`$ ``): the three without the dollars.
    fn inline(&mut self, text: &CowStr<'e>, range: &Range<usize>) -> Option<[Item<'e>; 3]> {
        if !text.ends_with('$') || !self.dollar_before(range.end) {
            return None;
        }
        let code_range = match self.peek(0)? {
            (Event::Code(_), r) if r.start == range.end => r.clone(),
            _ => return None,
        };
        let body = self.body.as_bytes();
        match self.peek(1)? {
            (Event::Text(after), r)
                if r.start == code_range.end
                    && after.starts_with('$')
                    && body.get(r.start) == Some(&b'$') => {}
            _ => return None,
        }
        let code = self.ahead.pop_front()?;
        let (Event::Text(after), after_range) = self.ahead.pop_front()? else {
            return None;
        };
        let before = CowStr::from(text[..text.len() - 1].to_string());
        let after = CowStr::from(after[1..].to_string());
        Some([
            (Event::Text(before), range.start..range.end - 1),
            code,
            (Event::Text(after), after_range.start + 1..after_range.end),
        ])
    }

    /// The TeX of a paragraph written `$$ … $$` as its source gives it (from `range`),
    /// its lines without their indent and block quotes' `>`.
    fn block(&self, range: &Range<usize>) -> Option<String> {
        let source = self.body.get(range.clone())?.trim();
        let inner = source.strip_prefix("$$")?.strip_suffix("$$")?;
        if inner.trim().is_empty() || inner.contains("$$") {
            return None;
        }
        let quoted = self.quotes > 0;
        let mut tex = String::with_capacity(inner.len() + 1);
        for line in inner.lines() {
            let line = line
                .trim_start_matches(|c| c == ' ' || c == '\t' || (quoted && c == '>'))
                .trim_end();
            // The lines of `$$` alone (in a quote, `> $$`) hold nothing.
            if !line.is_empty() || !tex.is_empty() {
                tex.push_str(line);
                tex.push('\n');
            }
        }
        while tex.ends_with("\n\n") {
            tex.pop();
        }
        (!tex.trim().is_empty()).then_some(tex)
    }
}

impl<'e, I: Iterator<Item = Item<'e>>> Iterator for Math<'e, I> {
    type Item = Item<'e>;

    fn next(&mut self) -> Option<Item<'e>> {
        let (event, range) = self.pull()?;
        match &event {
            Event::Start(Tag::BlockQuote(_)) => self.quotes += 1,
            Event::End(TagEnd::BlockQuote(_)) => self.quotes = self.quotes.saturating_sub(1),
            Event::Start(Tag::Paragraph) => {
                if let Some(tex) = self.block(&range) {
                    // The paragraph's own events are the TeX read as Markdown: left out.
                    while let Some((e, _)) = self.pull() {
                        if matches!(e, Event::End(TagEnd::Paragraph)) {
                            break;
                        }
                    }
                    let math = CowStr::from("math");
                    self.ahead
                        .push_front((Event::End(TagEnd::CodeBlock), range.clone()));
                    self.ahead
                        .push_front((Event::Text(tex.into()), range.clone()));
                    let start = Tag::CodeBlock(CodeBlockKind::Fenced(math));
                    return Some((Event::Start(start), range));
                }
            }
            Event::Text(text) => {
                if let Some([before, code, after]) = self.inline(text, &range) {
                    // The text after may open the next one (`` $`a`$ and $`b`$ ``).
                    if after.1.start < after.1.end {
                        self.ahead.push_front(after);
                    }
                    if before.1.start == before.1.end {
                        return Some(code);
                    }
                    self.ahead.push_front(code);
                    return Some(before);
                }
            }
            _ => {}
        }
        Some((event, range))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Parser, TextMergeWithOffset};

    fn html(md: &str) -> String {
        let parser = Parser::new_ext(md, crate::markdown::OPTIONS).into_offset_iter();
        let events = Math::new(TextMergeWithOffset::new(parser), md).map(|(e, _)| e);
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, events);
        out
    }

    #[test]
    fn inline_math_is_code_without_dollars() {
        assert_eq!(
            html("a $`x^2`$ and $`y`$ b"),
            "<p>a <code>x^2</code> and <code>y</code> b</p>\n"
        );
        assert_eq!(html("$`x`$"), "<p><code>x</code></p>\n");
        // Escaped, apart or alone, the dollars are text.
        assert_eq!(html("\\$`x`$"), "<p>$<code>x</code>$</p>\n");
        assert_eq!(html("$ `x` $"), "<p>$ <code>x</code> $</p>\n");
        assert_eq!(html("cost $`x`"), "<p>cost $<code>x</code></p>\n");
    }

    #[test]
    fn a_block_is_its_tex_as_code() {
        assert_eq!(
            html("$$\n\\frac{a}{b} \\\\ c_1 * d_2*\n$$\n"),
            "<pre><code class=\"language-math\">\\frac{a}{b} \\\\ c_1 * d_2*\n</code></pre>\n"
        );
        assert_eq!(
            html("> $$\n> a *b*\n> $$\n"),
            "<blockquote>\n<pre><code class=\"language-math\">a *b*\n</code></pre>\n</blockquote>\n"
        );
        // Not one block: prose around dollars, two blocks in one paragraph, a Makefile's.
        assert_eq!(html("$$x$$ and $$y$$"), "<p>$$x$$ and $$y$$</p>\n");
        assert_eq!(html("$$HOME is set"), "<p>$$HOME is set</p>\n");
        assert_eq!(
            html("```make\necho $$HOME\n```\n"),
            "<pre><code class=\"language-make\">echo $$HOME\n</code></pre>\n"
        );
    }
}
