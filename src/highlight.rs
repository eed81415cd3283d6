//! Code highlighted at build time: fenced code blocks in a known language become
//! `<span class="…">` tokens, coloured by the theme's stylesheet (`pre .k` and so on), so
//! the light and the dark scheme each pick their own colours and no script runs in the
//! browser.
//!
//! SQL and shell, the languages of most runbook blocks, are read by lexers of their own
//! (`sql`, `shell`): one pass over the bytes, a few dozen instructions a byte, where
//! tree-sitter's parse of them took 700 to 1,200 and was a fifth of a build's CPU. So are
//! PromQL and LogQL (no grammar crate), diffs (line by line), TOML, HCL, Ruby, Markdown,
//! HTTP messages (a JSON body goes to the JSON grammar), INI files, XML and HTML,
//! PowerShell, Dockerfiles and Makefiles (their commands go to the shell lexer), nginx's
//! configuration, and Go, JavaScript, TypeScript (with JSX's markup: `jsx`), C#, Java,
//! Kotlin, Jsonnet, GraphQL, Rust and Solidity by one C-like lexer (`promql`, `diff`,
//! `toml`, `hcl`, `ruby`, `md`, `http`, `ini`, `markup`, `powershell`, `docker`, `make`,
//! `nginx`, `clike` with `flavors`): small lexers with no C scanner that hostile input
//! could abort.
//!
//! YAML, JSON and Python are parsed with [tree-sitter](https://tree-sitter.github.io/) and
//! the grammar crates of each language; the syntax tree is walked once and each node is
//! looked up in a table of the language's node kinds (built once per process), which says
//! which class the node's text gets. That costs next to nothing beside the parse itself,
//! whereas `tree-sitter-highlight`'s query matching cost two thirds as much again as the
//! parse on the 10,000-runbook benchmark site.
//!
//! Classes: `k` keyword, `s` string, `n` number or constant (`true`, `NULL`), `c` comment,
//! `f` function or command name, `v` variable, `p` key or property, `t` type, decorator
//! or YAML anchor, `o` command-line option (`--yes`); in a shell session (see
//! `session`), `gp` a prompt, `cmd` a command and `go` its output.

mod clike;
mod diff;
mod docker;
mod flavors;
mod hcl;
mod http;
mod ini;
mod jsx;
mod lex;
mod make;
mod markup;
mod md;
mod nginx;
mod powershell;
mod promql;
mod ruby;
mod safety;
mod session;
mod shell;
mod spans;
mod sql;
mod toml;
mod tree;

use safety::yaml_unsafe;
use tree::{tree, Grammar};

/// A language that is highlighted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Sql,
    Shell,
    /// A block marked as a terminal session, where `# ` alone is root's prompt; a `Shell`
    /// block can be a session too (see `session`).
    Console,
    Yaml,
    Json,
    Python,
    /// A unified (or normal, or context) diff: lines added, removed, hunk and file headers.
    Diff,
    PromQl,
    /// Loki's LogQL: PromQL's lexer with its pipeline stages.
    LogQl,
    Toml,
    /// HCL: Terraform's and its variables files.
    Hcl,
    Ruby,
    Go,
    JavaScript,
    TypeScript,
    /// JavaScript and TypeScript with JSX's markup.
    Jsx,
    Tsx,
    Markdown,
    CSharp,
    Java,
    Kotlin,
    Jsonnet,
    GraphQl,
    /// An HTTP request or response, its JSON body highlighted as JSON.
    Http,
    Ini,
    Xml,
    /// XML's lexer, with a `<script>` element's content highlighted as JavaScript.
    Html,
    PowerShell,
    /// A `RUN`'s command highlighted by the shell lexer.
    Dockerfile,
    /// Recipes highlighted by the shell lexer.
    Makefile,
    Nginx,
    Rust,
    Solidity,
}

impl Lang {
    /// The language of a fenced block's info string (its first word, any case), when it is
    /// one that is highlighted.
    pub fn from_info(info: &str) -> Option<Lang> {
        let word = info.split(' ').next().unwrap_or("");
        let lang = match word.to_ascii_lowercase().as_str() {
            // Not `psql`: that is usually a terminal session with `=>` prompts.
            "sql" | "postgres" | "postgresql" | "pgsql" | "plpgsql" | "mysql" | "sqlite" => {
                Lang::Sql
            }
            "sh" | "bash" | "zsh" | "ksh" | "shell" | "shellscript" => Lang::Shell,
            "console" | "shell-session" | "shellsession" | "sh-session" => Lang::Console,
            "yaml" | "yml" => Lang::Yaml,
            "json" | "jsonc" => Lang::Json,
            "python" | "py" | "python3" | "py3" => Lang::Python,
            "diff" | "patch" | "udiff" => Lang::Diff,
            "promql" | "prometheus" | "metricsql" => Lang::PromQl,
            "logql" | "loki" => Lang::LogQl,
            "toml" => Lang::Toml,
            "hcl" | "terraform" | "tf" | "tfvars" => Lang::Hcl,
            "ruby" | "rb" => Lang::Ruby,
            "go" | "golang" => Lang::Go,
            "javascript" | "js" | "mjs" | "cjs" | "node" => Lang::JavaScript,
            "typescript" | "ts" => Lang::TypeScript,
            "jsx" => Lang::Jsx,
            "tsx" => Lang::Tsx,
            "markdown" | "md" | "gfm" | "mkd" | "mdown" => Lang::Markdown,
            "csharp" | "cs" | "c#" => Lang::CSharp,
            "java" => Lang::Java,
            "kotlin" | "kt" | "kts" => Lang::Kotlin,
            "jsonnet" | "libsonnet" => Lang::Jsonnet,
            "graphql" | "gql" => Lang::GraphQl,
            "http" | "https" => Lang::Http,
            "ini" | "cfg" | "dosini" | "properties" | "editorconfig" | "systemd" => Lang::Ini,
            "xml" | "xsd" | "xsl" | "xslt" | "svg" | "plist" | "rss" | "atom" | "xaml" | "wsdl" => {
                Lang::Xml
            }
            "html" | "htm" | "xhtml" => Lang::Html,
            "powershell" | "ps1" | "pwsh" | "posh" | "ps" => Lang::PowerShell,
            "dockerfile" | "docker" | "containerfile" => Lang::Dockerfile,
            "makefile" | "make" | "mk" | "mak" => Lang::Makefile,
            "nginx" | "nginxconf" => Lang::Nginx,
            "rust" | "rs" => Lang::Rust,
            "solidity" | "sol" => Lang::Solidity,
            _ => return None,
        };
        Some(lang)
    }
}

/// Appends `code`, highlighted as `lang` and escaped for HTML, to `out`: the content of
/// the block's `<code>` element. Returns why, when some of it was written plain instead
/// (a grammar's C scanner could not take it safely, or parsing took too long): the text
/// is the same either way.
pub fn highlight(lang: Lang, code: &str, out: &mut String) -> Option<&'static str> {
    out.reserve(code.len() + code.len() / 2);
    if code.len() > MAX_BLOCK {
        escape(code, out);
        return Some("the block is longer than 32 KiB, the most pipebook highlights");
    }
    match lang {
        Lang::Console => {
            session::highlight(code, true, out);
            None
        }
        Lang::Sql => {
            sql::highlight(code, out);
            None
        }
        Lang::Shell => {
            session::highlight(code, false, out);
            None
        }
        Lang::Yaml => yaml(code, out),
        Lang::Json => tree(Grammar::Json, code, out),
        Lang::Python => tree(Grammar::Python, code, out),
        Lang::Diff => {
            diff::highlight(code, out);
            None
        }
        Lang::PromQl => {
            promql::highlight(code, out, false);
            None
        }
        Lang::LogQl => {
            promql::highlight(code, out, true);
            None
        }
        Lang::Toml => {
            toml::highlight(code, out);
            None
        }
        Lang::Hcl => {
            hcl::highlight(code, out);
            None
        }
        Lang::Ruby => {
            ruby::highlight(code, out);
            None
        }
        Lang::Go => clike(&flavors::GO, code, out),
        Lang::JavaScript => clike(&flavors::JAVASCRIPT, code, out),
        Lang::TypeScript => clike(&flavors::TYPESCRIPT, code, out),
        Lang::Jsx => clike(&flavors::JSX, code, out),
        Lang::Tsx => clike(&flavors::TSX, code, out),
        Lang::CSharp => clike(&flavors::CSHARP, code, out),
        Lang::Java => clike(&flavors::JAVA, code, out),
        Lang::Kotlin => clike(&flavors::KOTLIN, code, out),
        Lang::Jsonnet => clike(&flavors::JSONNET, code, out),
        Lang::GraphQl => clike(&flavors::GRAPHQL, code, out),
        Lang::Rust => clike(&flavors::RUST, code, out),
        Lang::Solidity => clike(&flavors::SOLIDITY, code, out),
        Lang::Http => http::highlight(code, out),
        Lang::Ini => {
            ini::highlight(code, out);
            None
        }
        Lang::Markdown => {
            md::highlight(code, out);
            None
        }
        Lang::Xml | Lang::Html => {
            markup::highlight(code, lang == Lang::Html, out);
            None
        }
        Lang::PowerShell => {
            powershell::highlight(code, out);
            None
        }
        Lang::Dockerfile => {
            docker::highlight(code, out);
            None
        }
        Lang::Makefile => {
            make::highlight(code, out);
            None
        }
        Lang::Nginx => {
            nginx::highlight(code, out);
            None
        }
    }
}

/// A language of the C-like lexer, which always highlights the whole block.
fn clike(flavor: &clike::Flavor, code: &str, out: &mut String) -> Option<&'static str> {
    clike::highlight(flavor, code, out);
    None
}

/// The longest block that is highlighted. tree-sitter's syntax tree takes up to 160 bytes
/// per byte of code (JSON nested 4 MB deep made 670 MB), and some grammars slow down more
/// than linearly on long unfinished constructs (tree-sitter-bash, when it highlighted
/// shell, on `echo $((1+` repeated: 0.07 s for 64 KiB, 0.4 s for 256 KiB, 15 s for 4 MiB);
/// a runbook's blocks are a few kilobytes. The lexers of SQL and shell are linear, but keep
/// the same limit: a block's size in the page stays bounded the same way for every language.
pub const MAX_BLOCK: usize = 32 * 1024;

/// Whether `-v` asked for the reasons a block was written plain.
static VERBOSE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Makes [`verbose`] true: the command line's `-v`.
pub fn set_verbose(on: bool) {
    VERBOSE.store(on, std::sync::atomic::Ordering::Relaxed);
}

/// Whether reasons for plain blocks are printed.
pub fn verbose() -> bool {
    VERBOSE.load(std::sync::atomic::Ordering::Relaxed)
}

/// YAML, highlighted piece by piece: a piece starts at each line that begins in the first
/// column (a top-level key, `- ` item, comment or `---`), whose value does not reach back
/// into the piece before. Pieces that could overflow the scanner's state (see
/// [`safety::YAML_MAX_INDICATORS`]) are written plain.
fn yaml(code: &str, out: &mut String) -> Option<&'static str> {
    let mut reason = None;
    let mut start = 0;
    let bytes = code.as_bytes();
    let mut flush = |piece: &str, out: &mut String| {
        let why = match yaml_unsafe(piece) {
            Some(why) => {
                escape(piece, out);
                Some(why)
            }
            None => tree(Grammar::Yaml, piece, out),
        };
        if let Some(why) = why {
            reason.get_or_insert(why);
        }
    };
    let mut line_start = 0;
    while line_start < bytes.len() {
        let first = bytes[line_start];
        if line_start > start && !matches!(first, b' ' | b'\t' | b'\n' | b'\r') {
            flush(&code[start..line_start], out);
            start = line_start;
        }
        line_start =
            memchr::memchr(b'\n', &bytes[line_start..]).map_or(bytes.len(), |i| line_start + i + 1);
    }
    flush(&code[start..], out);
    reason
}

/// Escapes text for the content of an element, as pulldown-cmark does for code: `&`, `<`
/// and `>`.
fn escape(s: &str, out: &mut String) {
    crate::html::escape_into(out, s, false);
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    pub(super) fn hl(info: &str, code: &str) -> String {
        let mut out = String::new();
        highlight(
            Lang::from_info(info).expect("a known language"),
            code,
            &mut out,
        );
        out
    }

    /// Expected (class, text) pieces, to compare with [`spans`].
    pub(super) fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(c, t)| (c.to_string(), t.to_string()))
            .collect()
    }

    /// The classed pieces of highlighted HTML, in order: (class, text).
    pub(super) fn spans(html: &str) -> Vec<(String, String)> {
        html.split("<span class=\"")
            .skip(1)
            .map(|s| {
                let (class, rest) = s.split_once("\">").unwrap();
                let body = &rest[..rest.find("</span>").unwrap()];
                (class.to_string(), text(body))
            })
            .collect()
    }

    /// The text of highlighted HTML: tags dropped, entities decoded.
    pub(super) fn text(html: &str) -> String {
        let mut s = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                c if !in_tag => s.push(c),
                _ => {}
            }
        }
        s.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    }

    #[test]
    fn languages_and_aliases() {
        assert_eq!(Lang::from_info("sql"), Some(Lang::Sql));
        assert_eq!(Lang::from_info("PostgreSQL"), Some(Lang::Sql));
        for a in ["sh", "bash", "zsh", "shell"] {
            assert_eq!(Lang::from_info(a), Some(Lang::Shell), "{a}");
        }
        assert_eq!(Lang::from_info("console"), Some(Lang::Console));
        assert_eq!(Lang::from_info("yml"), Some(Lang::Yaml));
        assert_eq!(Lang::from_info("json"), Some(Lang::Json));
        assert_eq!(Lang::from_info("py"), Some(Lang::Python));
        assert_eq!(Lang::from_info("sql title=x"), Some(Lang::Sql));
        assert_eq!(Lang::from_info("patch"), Some(Lang::Diff));
        assert_eq!(Lang::from_info("PromQL"), Some(Lang::PromQl));
        assert_eq!(Lang::from_info("toml"), Some(Lang::Toml));
        assert_eq!(Lang::from_info("terraform"), Some(Lang::Hcl));
        assert_eq!(Lang::from_info("rb"), Some(Lang::Ruby));
        assert_eq!(Lang::from_info("golang"), Some(Lang::Go));
        assert_eq!(Lang::from_info("js"), Some(Lang::JavaScript));
        assert_eq!(Lang::from_info("TypeScript"), Some(Lang::TypeScript));
        assert_eq!(Lang::from_info("md"), Some(Lang::Markdown));
        assert_eq!(Lang::from_info("C#"), Some(Lang::CSharp));
        assert_eq!(Lang::from_info("kt"), Some(Lang::Kotlin));
        assert_eq!(Lang::from_info("libsonnet"), Some(Lang::Jsonnet));
        assert_eq!(Lang::from_info("gql"), Some(Lang::GraphQl));
        assert_eq!(Lang::from_info("logql"), Some(Lang::LogQl));
        assert_eq!(Lang::from_info("http"), Some(Lang::Http));
        assert_eq!(Lang::from_info("tsx"), Some(Lang::Tsx));
        assert_eq!(Lang::from_info("dosini"), Some(Lang::Ini));
        assert_eq!(Lang::from_info("svg"), Some(Lang::Xml));
        assert_eq!(Lang::from_info("HTML"), Some(Lang::Html));
        assert_eq!(Lang::from_info("ps1"), Some(Lang::PowerShell));
        assert_eq!(Lang::from_info("Dockerfile"), Some(Lang::Dockerfile));
        for plain in ["", "text", "txt", "psql", "sqlx", "nix", "conf"] {
            assert_eq!(Lang::from_info(plain), None, "{plain}");
        }
    }

    #[test]
    fn sql_keywords_strings_numbers_comments_and_functions_get_classes() {
        let html = hl(
            "sql",
            "-- dups\nSELECT id, COUNT(*) FROM t WHERE d = '2026-01-09' GROUP BY id HAVING COUNT(*) > 1;\n",
        );
        assert!(html.contains(r#"<span class="c">-- dups</span>"#), "{html}");
        assert!(html.contains(r#"<span class="k">SELECT</span>"#), "{html}");
        assert!(
            html.contains(r#"<span class="k">GROUP BY</span>"#),
            "adjacent keywords make one span: {html}"
        );
        assert!(html.contains(r#"<span class="f">COUNT</span>"#), "{html}");
        assert!(
            html.contains(r#"<span class="s">'2026-01-09'</span>"#),
            "{html}"
        );
        assert!(html.contains(r#"&gt; <span class="n">1</span>"#), "{html}");
    }

    #[test]
    fn markup_in_code_is_escaped_and_the_text_is_kept() {
        let code = "SELECT '<b>&amp;' FROM t WHERE a < b && c > 1; -- <script>\n";
        let html = hl("sql", code);
        assert!(
            !html.contains("<b>") && !html.contains("<script>"),
            "{html}"
        );
        assert!(html.contains("&lt;b&gt;&amp;amp;"), "{html}");
        assert_eq!(text(&html), code);
        for (info, code) in [
            ("sh", "echo \"a<b\" > /tmp/x && cat <<EOF\n<html>\nEOF\n"),
            ("yaml", "a: <b> & c\n"),
            ("json", "{\"<k>\": \"&\"}\n"),
            ("python", "if a < b and c > d: print('<&>')\n"),
            ("console", "$ echo '<x>' &&\n<x>\n"),
        ] {
            let html = hl(info, code);
            assert_eq!(text(&html), code, "{info}: {html}");
            assert!(!html.contains("<x>") && !html.contains("<b>"), "{html}");
        }
    }

    #[test]
    fn shell_commands_options_strings_and_variables() {
        let html = hl(
            "bash",
            "# re-run\nairflow tasks clear dag -t '^task$' --yes\nexport X=\"$HOME/x\"\n",
        );
        assert!(
            html.contains(r#"<span class="c"># re-run</span>"#),
            "{html}"
        );
        assert!(html.contains(r#"<span class="f">airflow</span>"#), "{html}");
        assert!(html.contains(r#"<span class="o">-t</span>"#), "{html}");
        assert!(
            html.contains(r#"<span class="s">'^task$'</span>"#),
            "{html}"
        );
        assert!(html.contains(r#"<span class="o">--yes</span>"#), "{html}");
        assert!(html.contains(r#"<span class="k">export</span>"#), "{html}");
        assert!(html.contains(r#"<span class="v">X</span>"#), "{html}");
    }

    #[test]
    fn yaml_json_and_python() {
        let html = hl("yaml", "# c\nid: daily # t\nretries: 3\nowner: \"de1\"\n");
        assert!(html.contains(r#"<span class="p">id</span>"#), "{html}");
        assert!(html.contains(r#"<span class="s">daily</span>"#), "{html}");
        assert!(html.contains(r#"<span class="n">3</span>"#), "{html}");
        assert!(html.contains(r#"<span class="s">"de1"</span>"#), "{html}");
        assert!(html.contains(r#"<span class="c"># t</span>"#), "{html}");
        let html = hl("json", r#"{"a": [1, true, null], "b": "c"}"#);
        assert!(html.contains(r#"<span class="p">"a"</span>"#), "{html}");
        assert!(html.contains(r#"<span class="n">1</span>"#), "{html}");
        assert!(html.contains(r#"<span class="s">"c"</span>"#), "{html}");
        let html = hl(
            "py",
            "import os\ndef run(x):\n    return print(f\"{x}\", 2)  # hi\n",
        );
        assert!(html.contains(r#"<span class="k">import</span>"#), "{html}");
        assert!(html.contains(r#"<span class="f">run</span>"#), "{html}");
        assert!(html.contains(r#"<span class="f">print</span>"#), "{html}");
        assert!(html.contains(r#"<span class="k">return</span>"#), "{html}");
        assert!(html.contains(r#"<span class="n">2</span>"#), "{html}");
        assert!(html.contains(r#"<span class="c"># hi</span>"#), "{html}");
    }

    proptest::proptest! {
        #[test]
        fn any_text_comes_out_whole(code in "(?s)[a-zA-Z$'\"`<>&#:=+@,.0-9\\ \n{}()\\[\\]!?/*;|\\\\-]{0,40}|.{0,40}", i in 0usize..33) {
            let info = ["sql", "sh", "console", "yaml", "json", "python", "diff", "promql", "toml", "hcl", "ruby", "go", "js", "ts", "md", "cs", "java", "kotlin", "jsonnet", "graphql", "logql", "http", "jsx", "tsx", "ini", "xml", "html", "powershell", "dockerfile", "makefile", "nginx", "rust", "solidity"][i];
            proptest::prop_assert_eq!(text(&hl(info, &code)), code);
        }
    }

    #[test]
    fn shell_with_non_ascii_after_a_brace_does_not_crash() {
        // tree-sitter-bash issue 337: `{` then U+31860 made the scanner read out of bounds.
        for code in [
            "{\u{31860}",
            "echo {\u{1F680}..\u{4E2D}}",
            "x={é} # ünïcödé\n",
        ] {
            assert_eq!(text(&hl("sh", code)), code);
            assert_eq!(
                text(&hl("console", &format!("$ {code}"))),
                format!("$ {code}")
            );
        }
        let html = hl("sh", "echo \"grüße\" # ok\n");
        assert!(html.contains(r#"<span class="s">"grüße"</span>"#), "{html}");
    }

    #[test]
    fn yaml_and_python_that_could_overflow_the_scanner_state_are_written_plain() {
        // `- ` 255 times aborted the process (tree-sitter's `length <= 1024`).
        let deep = format!("{}x\n", "- ".repeat(255));
        let code = format!("a: 1\n{deep}b: 2\n");
        let mut out = String::new();
        let why = highlight(Lang::Yaml, &code, &mut out);
        assert!(why.is_some_and(|w| w.contains("240")), "{why:?}");
        assert_eq!(text(&out), code);
        assert!(
            out.starts_with(r#"<span class="p">a</span>"#)
                && out.contains(r#"<span class="p">b</span>"#),
            "the other top-level entries are highlighted: {out}"
        );
        let python: String = (0..400)
            .map(|i| format!("{}if x:\n", " ".repeat(i)))
            .collect();
        let mut out = String::new();
        assert!(highlight(Lang::Python, &python, &mut out).is_some());
        assert_eq!(text(&out), python);
    }

    #[test]
    fn blocks_past_the_size_limit_are_written_plain() {
        let code = "[".repeat(MAX_BLOCK + 1);
        let mut out = String::new();
        assert!(highlight(Lang::Json, &code, &mut out).is_some());
        assert_eq!(out, code);
    }

    #[test]
    fn broken_code_keeps_its_text() {
        for (info, code) in [
            ("sql", "SELEC FROM WHERE (( 'open\n"),
            ("sh", "if then fi \"open\n"),
            ("yaml", "a: [b\n  - : :\n"),
            ("json", "{\"a\": \n"),
            ("python", "def (:\n"),
            ("console", "$ \n$ \\\n"),
            ("console", "$ a \\"),
        ] {
            assert_eq!(text(&hl(info, code)), code, "{info}");
        }
    }
}
