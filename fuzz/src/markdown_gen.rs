//! A structure-aware Markdown generator: the fuzzer's bytes are read as a program of
//! constructs, each with its parameters, so that mutations explore the shapes that cost a
//! renderer most (deep nesting, many headings with the same text, many links and anchors,
//! long lines, raw HTML, code in every highlighted language, wide tables, footnotes)
//! rather than mostly invalid bytes.

/// Words for headings, link targets and text: few, so that headings repeat and links
/// find (or just miss) anchors.
const WORDS: [&str; 8] = ["step", "steps", "verify", "Step 1", "check", "é", "a-1", "x"];
const HTML: [&str; 8] = [
    "<div>",
    "</div>",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<!-- c -->",
    "<details><summary>s</summary>",
    "</details>",
    "<a href=\"javascript:x\">j</a>",
];
const LANGS: [&str; 8] = ["sql", "bash", "console", "yaml", "json", "python", "text", ""];
const CODE: [&str; 8] = [
    "- ",
    "SELECT 1 FROM t;",
    "$ echo {é}",
    "[[{\"a\": ",
    "    if x:\n",
    "a: |\n  b\n",
    "'unclosed",
    "<b>&</b>",
];

/// Reads bytes as numbers, giving zeros once they run out.
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn next(&mut self) -> usize {
        match self.0.split_first() {
            Some((&b, rest)) => {
                self.0 = rest;
                usize::from(b)
            }
            None => 0,
        }
    }

    fn pick<'s>(&mut self, from: &[&'s str]) -> &'s str {
        from[self.next() % from.len()]
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The Markdown a byte string stands for; at most about 256 kB.
pub fn generate(data: &[u8]) -> String {
    let mut b = Bytes(data);
    let mut out = String::new();
    if b.next() % 2 == 1 {
        out.push_str("---\ntitle: T\npipelines: [aggregate-profit]\n---\n");
    }
    while !b.is_empty() && out.len() < 256 * 1024 {
        let op = b.next();
        let n = b.next();
        match op % 14 {
            0 => {
                let level = 1 + n % 6;
                out.push_str(&format!("{} {}\n\n", "#".repeat(level), b.pick(&WORDS)));
            }
            1 => {
                // The same heading many times.
                let word = b.pick(&WORDS);
                for _ in 0..n * 4 {
                    out.push_str(&format!("## {word}\n"));
                }
            }
            2 => {
                let marker = if b.next() % 2 == 0 { "1. " } else { "- " };
                out.push_str(&marker.repeat(n));
                out.push_str("x\n\n");
            }
            3 => {
                // Nested by indentation, as runbooks write them.
                for depth in 0..n % 48 {
                    out.push_str(&"   ".repeat(depth));
                    out.push_str("1. step\n");
                }
                out.push('\n');
            }
            4 => {
                out.push_str(&">".repeat(n));
                out.push_str(" q\n\n");
            }
            5 => {
                let word = b.pick(&WORDS).to_lowercase().replace(' ', "-");
                let page = ["", "../growth/aggregate-growth.md", "nope.md", "../../x.md"]
                    [b.next() % 4];
                for i in 0..n {
                    out.push_str(&format!("[l]({page}#{word}-{i}) "));
                }
                out.push_str("\n\n");
            }
            6 => {
                out.push_str(&b.pick(&WORDS).repeat(n * 64));
                out.push_str("\n\n");
            }
            7 => {
                for _ in 0..1 + n % 8 {
                    out.push_str(b.pick(&HTML));
                }
                out.push_str(if b.next() % 2 == 0 { "\n\n" } else { " text\n" });
            }
            8 => {
                let lang = b.pick(&LANGS);
                out.push_str(&format!("```{lang}\n"));
                for _ in 0..n {
                    out.push_str(b.pick(&CODE));
                }
                out.push_str("\n```\n\n");
            }
            9 => {
                let cols = 1 + n;
                let rows = b.next();
                out.push_str(&"|a".repeat(cols));
                out.push_str("|\n");
                out.push_str(&"|-".repeat(cols));
                out.push_str("|\n");
                for _ in 0..rows {
                    out.push_str("|1\n");
                }
                out.push('\n');
            }
            10 => {
                for i in 0..n {
                    out.push_str(&format!("x[^{}] ", i % 7));
                }
                out.push_str("\n\n");
                for i in 0..n % 7 {
                    out.push_str(&format!("[^{i}]: note\n\n"));
                }
            }
            11 => {
                let open = ["*", "_", "**", "~~", "`", "[", "!["][b.next() % 7];
                out.push_str(&open.repeat(n * 8));
                out.push_str("a\n\n");
            }
            12 => {
                let id = b.pick(&WORDS).replace(' ', "-");
                out.push_str(&format!("## {} {{#{id}}}\n\n", b.pick(&WORDS)));
            }
            _ => {
                out.push_str(b.pick(&WORDS));
                out.push_str(&" ".repeat(n % 4));
                out.push('\n');
            }
        }
    }
    out
}
