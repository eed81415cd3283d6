//! The tree-sitter side of highlighting (YAML, JSON, Python): each grammar's node kinds mapped to classes, a
//! parse with a budget of work, and the writer of spans.

use std::cell::RefCell;
use std::sync::OnceLock;

use tree_sitter::{Language, Parser};

use super::escape;
use super::safety::{bracket_depth, python_max_indent, MAX_BRACKET_DEPTH, PYTHON_MAX_INDENT};
use super::spans::Writer;

/// The grammars, each parsed by its own tree-sitter crate.
#[derive(Debug, Clone, Copy)]
pub(super) enum Grammar {
    Yaml,
    Json,
    Python,
}

const GRAMMARS: usize = 3;

impl Grammar {
    fn language(self) -> Language {
        match self {
            Grammar::Yaml => tree_sitter_yaml::LANGUAGE.into(),
            Grammar::Json => tree_sitter_json::LANGUAGE.into(),
            Grammar::Python => tree_sitter_python::LANGUAGE.into(),
        }
    }

    /// The class of each node kind of the grammar, and the fields the rules look at.
    fn table(self) -> &'static Table {
        static TABLES: [OnceLock<Table>; GRAMMARS] = [const { OnceLock::new() }; GRAMMARS];
        TABLES[self as usize].get_or_init(|| Table::new(self))
    }
}

/// What a node of some kind gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// No class: its children are looked at.
    Descend,
    /// The node's whole text gets the class.
    Class(&'static str),
    /// Python identifier: a function or class name where defined or called.
    PyIdentifier,
}

impl Rule {
    /// Whether the rule looks at the node's field.
    fn reads_field(self) -> bool {
        matches!(self, Rule::PyIdentifier)
    }
}

struct Table {
    language: Language,
    rules: Vec<Rule>,
    /// Nodes in this field of their parent are keys (YAML and JSON pairs).
    key_field: Option<u16>,
    name_field: Option<u16>,
    function_field: Option<u16>,
    /// Kind ids the rules compare parents with (the same name can have several ids).
    call: Vec<u16>,
    function_definition: Vec<u16>,
    class_definition: Vec<u16>,
}

impl Table {
    fn new(grammar: Grammar) -> Table {
        let language = grammar.language();
        let count = language.node_kind_count();
        let rules = (0..count as u16)
            .map(|id| {
                let kind = language.node_kind_for_id(id).unwrap_or("");
                let named = language.node_kind_is_named(id);
                rule(grammar, kind, named)
            })
            .collect();
        let field = |name: &str| language.field_id_for_name(name).map(u16::from);
        let ids = |name: &str| -> Vec<u16> {
            (0..count as u16)
                .filter(|&id| {
                    language.node_kind_is_named(id) && language.node_kind_for_id(id) == Some(name)
                })
                .collect()
        };
        Table {
            key_field: match grammar {
                Grammar::Yaml | Grammar::Json => field("key"),
                _ => None,
            },
            name_field: field("name"),
            function_field: field("function"),
            call: ids("call"),
            function_definition: ids("function_definition"),
            class_definition: ids("class_definition"),
            rules,
            language,
        }
    }
}

/// The rule for a node kind of a grammar.
fn rule(grammar: Grammar, kind: &str, named: bool) -> Rule {
    use Rule::*;
    // Words of the language itself (`if`, `def`, `return`) are unnamed nodes spelt with
    // letters.
    let word = !named && !kind.is_empty() && kind.bytes().all(|b| b.is_ascii_alphabetic());
    match grammar {
        Grammar::Yaml => match kind {
            "comment" => Class("c"),
            "string_scalar" | "double_quote_scalar" | "single_quote_scalar" | "block_scalar" => {
                Class("s")
            }
            "integer_scalar" | "float_scalar" | "boolean_scalar" | "null_scalar" => Class("n"),
            "anchor" | "alias" | "tag" => Class("t"),
            _ => Descend,
        },
        Grammar::Json => match kind {
            "comment" => Class("c"),
            "string" => Class("s"),
            "number" | "true" | "false" | "null" if named => Class("n"),
            _ => Descend,
        },
        Grammar::Python => match kind {
            _ if word => Class("k"),
            "comment" => Class("c"),
            "string" | "concatenated_string" => Class("s"),
            "integer" | "float" | "true" | "false" | "none" if named => Class("n"),
            "decorator" | "type" if named => Class("t"),
            "identifier" if named => PyIdentifier,
            _ => Descend,
        },
    }
}

thread_local! {
    /// One parser per grammar and thread, made on first use.
    static PARSERS: RefCell<[Option<Parser>; GRAMMARS]> = const { RefCell::new([None, None, None]) };
}

/// Makes tree-sitter's C code allocate from jemalloc, the allocator of the rest of the
/// program, instead of libc's: a syntax tree is hundreds of small allocations, and libc's
/// `malloc` and `free` cost about twice as many instructions (the 2,000-runbook benchmark
/// site, one thread: see the commit that added this). Done once, before this module makes
/// any tree-sitter object; nothing else in pipebook uses tree-sitter.
fn use_the_global_allocator() {
    #[cfg(not(target_env = "msvc"))]
    {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            let allocator = tree_sitter::Allocator {
                malloc: tikv_jemalloc_sys::malloc,
                calloc: tikv_jemalloc_sys::calloc,
                realloc: tikv_jemalloc_sys::realloc,
                free: tikv_jemalloc_sys::free,
            };
            // SAFETY: called once, before any parser or tree exists (every one is made
            // below this call, and `call_once` holds other threads until it returns);
            // jemalloc's functions have libc's contract and alignment.
            unsafe { tree_sitter::set_allocator(Some(allocator)) };
        });
    }
}

/// tree-sitter's work on a block is bounded: it reports progress every 100 operations,
/// and parsing stops (the block is written plain) after one report per this many bytes,
/// plus [`BASE_BUDGET`]: about 6 operations a byte. The SQL and shell of the generated
/// benchmark site took 0.5 a byte when tree-sitter read them; the worst found, `[` nested
/// 100,000 deep in JSON, 3.
/// Error recovery on hostile input can take far more. Counting operations, not time,
/// keeps builds reproducible.
const BYTES_PER_REPORT: usize = 32;
const BASE_BUDGET: usize = 4;

/// Parses `code` and writes it, escaped, with a span around each classed node; or writes
/// it plain and says why.
pub(super) fn tree(grammar: Grammar, code: &str, out: &mut String) -> Option<&'static str> {
    tree_within(
        grammar,
        code,
        out,
        BASE_BUDGET + code.len() / BYTES_PER_REPORT,
    )
}

/// [`tree`], with parsing stopped after `budget` progress reports.
fn tree_within(
    grammar: Grammar,
    code: &str,
    out: &mut String,
    budget: usize,
) -> Option<&'static str> {
    use_the_global_allocator();
    let table = grammar.table();
    if bracket_depth(code) > MAX_BRACKET_DEPTH {
        escape(code, out);
        return Some("brackets nest more than 64 deep: tree-sitter's error recovery would take time in proportion to the depth on every token");
    }
    if matches!(grammar, Grammar::Python) && python_max_indent(code) >= PYTHON_MAX_INDENT {
        escape(code, out);
        return Some(
            "Python indented 380 columns or more overflows tree-sitter-python's scanner state",
        );
    }
    let source = code.as_bytes();
    let mut reports = 0usize;
    let mut progress = |_: &tree_sitter::ParseState| {
        reports += 1;
        if reports > budget {
            std::ops::ControlFlow::Break(())
        } else {
            std::ops::ControlFlow::Continue(())
        }
    };
    let parsed = PARSERS.with(|parsers| {
        let mut parsers = parsers.borrow_mut();
        let parser = parsers[grammar as usize].get_or_insert_with(|| {
            let mut p = Parser::new();
            p.set_language(&table.language)
                .expect("grammar crates and tree-sitter agree on the ABI");
            p
        });
        let options = tree_sitter::ParseOptions::new().progress_callback(&mut progress);
        let mut read = |i: usize, _| source.get(i..).unwrap_or_default();
        let tree = parser.parse_with_options(&mut read, None, Some(options));
        // A cancelled parse would otherwise resume on the next call.
        parser.reset();
        tree
    });
    let Some(parsed) = parsed else {
        escape(code, out);
        return Some(
            "tree-sitter gave up: parsing took more than its budget of work for the block's size",
        );
    };
    let mut w = Writer::new(code, out);
    let mut cursor = parsed.walk();
    // Kinds of the current node's ancestors, innermost last.
    let mut ancestors: Vec<u16> = Vec::with_capacity(32);
    loop {
        let node = cursor.node();
        let rule = table
            .rules
            .get(node.kind_id() as usize)
            .copied()
            .unwrap_or(Rule::Descend);
        // Most nodes' class does not depend on their field, which costs a look-up.
        let field = if table.key_field.is_some() || rule.reads_field() {
            cursor.field_id().map(u16::from)
        } else {
            None
        };
        let class = class_of(table, rule, field, &ancestors);
        match class {
            Some(class) => w.span(class, node.start_byte(), node.end_byte()),
            None => {
                if cursor.goto_first_child() {
                    ancestors.push(node.kind_id());
                    continue;
                }
            }
        }
        // Next: the next sibling, or that of the nearest ancestor that has one.
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                w.finish();
                return None;
            }
            ancestors.pop();
        }
    }
}

/// The class of the span `node` is written in, or `None` to read its children: by its
/// `rule` from the grammar's table (ERROR nodes, kind 65535, are outside the table and
/// `Descend`), the node's field and, for Python's identifiers, its ancestors' kinds
/// (innermost last).
fn class_of(
    table: &Table,
    rule: Rule,
    field: Option<u16>,
    ancestors: &[u16],
) -> Option<&'static str> {
    if field.is_some() && field == table.key_field {
        Some("p")
    } else {
        match rule {
            Rule::Descend => None,
            Rule::Class(c) => Some(c),
            Rule::PyIdentifier => {
                let parent = ancestors.last().copied().unwrap_or(u16::MAX);
                let named = field.is_some() && field == table.name_field;
                let called = field.is_some() && field == table.function_field;
                if called && table.call.contains(&parent)
                    || named && table.function_definition.contains(&parent)
                {
                    Some("f")
                } else if named && table.class_definition.contains(&parent) {
                    Some("t")
                } else {
                    None
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::highlight::tests::{hl, text};

    #[test]
    fn a_parse_past_its_budget_is_written_plain_and_the_next_parse_is_whole() {
        let code = "{\"a\": [1, 2, {\"b\": null}]}\n".repeat(500);
        let mut out = String::new();
        let why = tree_within(Grammar::Json, &code, &mut out, 0);
        assert!(why.is_some_and(|w| w.contains("budget")), "{why:?}");
        assert_eq!(text(&out), code);
        assert!(!out.contains("<span"), "plain: {}", &out[..80]);
        // The parser was reset: the next block on this thread starts afresh.
        let html = hl("json", "[1]\n");
        assert!(html.contains(r#"<span class="n">1</span>"#), "{html}");
        let mut out = String::new();
        assert_eq!(
            tree(Grammar::Json, &code, &mut out),
            None,
            "the real budget suffices"
        );
    }
}
