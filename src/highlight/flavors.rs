//! The words of each language the C-like lexer ([`super::clike`]) reads, and which of its
//! further ways of writing each has.

use super::clike::{Flavor, More, PLAIN};

pub(super) const GO: Flavor = Flavor {
    keywords: &[
        "break",
        "case",
        "chan",
        "const",
        "continue",
        "default",
        "defer",
        "else",
        "fallthrough",
        "for",
        "func",
        "go",
        "goto",
        "if",
        "import",
        "interface",
        "map",
        "package",
        "range",
        "return",
        "select",
        "struct",
        "switch",
        "type",
        "var",
    ],
    constants: &["true", "false", "nil", "iota"],
    types: &[
        "bool",
        "byte",
        "complex64",
        "complex128",
        "error",
        "float32",
        "float64",
        "int",
        "int8",
        "int16",
        "int32",
        "int64",
        "rune",
        "string",
        "uint",
        "uint8",
        "uint16",
        "uint32",
        "uint64",
        "uintptr",
        "any",
    ],
    regex: false,
    templates: false,
    declares: &["func"],
    more: PLAIN,
};

pub(super) const JAVASCRIPT: Flavor = Flavor {
    keywords: &[
        "async",
        "await",
        "break",
        "case",
        "catch",
        "class",
        "const",
        "continue",
        "debugger",
        "default",
        "delete",
        "do",
        "else",
        "export",
        "extends",
        "finally",
        "for",
        "from",
        "function",
        "if",
        "import",
        "in",
        "instanceof",
        "let",
        "new",
        "of",
        "return",
        "static",
        "super",
        "switch",
        "this",
        "throw",
        "try",
        "typeof",
        "var",
        "void",
        "while",
        "with",
        "yield",
    ],
    constants: &["true", "false", "null", "undefined", "NaN", "Infinity"],
    types: &[],
    regex: true,
    templates: true,
    declares: &["function"],
    more: PLAIN,
};

pub(super) const TYPESCRIPT: Flavor = Flavor {
    keywords: &[
        "abstract",
        "as",
        "async",
        "await",
        "break",
        "case",
        "catch",
        "class",
        "const",
        "continue",
        "declare",
        "default",
        "delete",
        "do",
        "else",
        "enum",
        "export",
        "extends",
        "finally",
        "for",
        "from",
        "function",
        "if",
        "implements",
        "import",
        "in",
        "instanceof",
        "interface",
        "is",
        "keyof",
        "let",
        "namespace",
        "new",
        "of",
        "private",
        "protected",
        "public",
        "readonly",
        "return",
        "satisfies",
        "static",
        "super",
        "switch",
        "this",
        "throw",
        "try",
        "type",
        "typeof",
        "var",
        "void",
        "while",
        "yield",
    ],
    constants: &["true", "false", "null", "undefined", "NaN", "Infinity"],
    types: &[
        "any", "bigint", "boolean", "never", "number", "object", "string", "symbol", "unknown",
    ],
    regex: true,
    templates: true,
    declares: &["function"],
    more: PLAIN,
};

/// JavaScript with JSX's markup (`jsx`).
pub(super) const JSX: Flavor = Flavor {
    more: More { jsx: true, ..PLAIN },
    ..JAVASCRIPT
};

/// TypeScript with JSX's markup (`tsx`).
pub(super) const TSX: Flavor = Flavor {
    more: More { jsx: true, ..PLAIN },
    ..TYPESCRIPT
};

pub(super) const CSHARP: Flavor = Flavor {
    keywords: &[
        "abstract",
        "as",
        "async",
        "await",
        "base",
        "break",
        "case",
        "catch",
        "checked",
        "class",
        "const",
        "continue",
        "default",
        "delegate",
        "do",
        "else",
        "enum",
        "event",
        "explicit",
        "extern",
        "finally",
        "fixed",
        "for",
        "foreach",
        "get",
        "goto",
        "if",
        "implicit",
        "in",
        "init",
        "interface",
        "internal",
        "is",
        "lock",
        "namespace",
        "new",
        "operator",
        "out",
        "override",
        "params",
        "partial",
        "private",
        "protected",
        "public",
        "readonly",
        "record",
        "ref",
        "return",
        "sealed",
        "set",
        "sizeof",
        "stackalloc",
        "static",
        "struct",
        "switch",
        "this",
        "throw",
        "try",
        "typeof",
        "unchecked",
        "unsafe",
        "using",
        "var",
        "virtual",
        "void",
        "volatile",
        "when",
        "where",
        "while",
        "yield",
    ],
    constants: &["true", "false", "null"],
    types: &[
        "bool", "byte", "char", "decimal", "double", "dynamic", "float", "int", "long", "object",
        "sbyte", "short", "string", "uint", "ulong", "ushort",
    ],
    regex: false,
    templates: false,
    declares: &[],
    more: More {
        triple_quotes: true,
        verbatim_at: true,
        ..PLAIN
    },
};

pub(super) const JAVA: Flavor = Flavor {
    keywords: &[
        "abstract",
        "assert",
        "break",
        "case",
        "catch",
        "class",
        "continue",
        "default",
        "do",
        "else",
        "enum",
        "extends",
        "final",
        "finally",
        "for",
        "if",
        "implements",
        "import",
        "instanceof",
        "interface",
        "native",
        "new",
        "package",
        "private",
        "protected",
        "public",
        "record",
        "return",
        "static",
        "super",
        "switch",
        "synchronized",
        "this",
        "throw",
        "throws",
        "transient",
        "try",
        "var",
        "void",
        "volatile",
        "while",
        "yield",
    ],
    constants: &["true", "false", "null"],
    types: &[
        "boolean", "byte", "char", "double", "float", "int", "long", "short", "String",
    ],
    regex: false,
    templates: false,
    declares: &[],
    more: More {
        triple_quotes: true,
        annotations: true,
        ..PLAIN
    },
};

pub(super) const KOTLIN: Flavor = Flavor {
    keywords: &[
        "abstract",
        "as",
        "break",
        "by",
        "catch",
        "class",
        "companion",
        "const",
        "continue",
        "data",
        "do",
        "else",
        "enum",
        "finally",
        "for",
        "fun",
        "if",
        "import",
        "in",
        "init",
        "interface",
        "internal",
        "is",
        "lateinit",
        "object",
        "open",
        "override",
        "package",
        "private",
        "protected",
        "public",
        "return",
        "sealed",
        "super",
        "suspend",
        "this",
        "throw",
        "try",
        "typealias",
        "val",
        "var",
        "when",
        "while",
    ],
    constants: &["true", "false", "null"],
    types: &[
        "Any", "Boolean", "Byte", "Char", "Double", "Float", "Int", "Long", "Nothing", "Short",
        "String", "Unit",
    ],
    regex: false,
    templates: false,
    declares: &["fun"],
    more: More {
        triple_quotes: true,
        quote_templates: true,
        annotations: true,
        ..PLAIN
    },
};

/// Jsonnet (`jsonnet`, `libsonnet`): the dashboards and alert rules of gitlab-runbooks and
/// the kube-prometheus mixins are written in it.
pub(super) const JSONNET: Flavor = Flavor {
    keywords: &[
        "assert",
        "else",
        "error",
        "for",
        "function",
        "if",
        "import",
        "importbin",
        "importstr",
        "in",
        "local",
        "self",
        "super",
        "tailstrict",
        "then",
    ],
    constants: &["true", "false", "null"],
    types: &[],
    regex: false,
    templates: false,
    declares: &[],
    more: More {
        hash_comments: true,
        text_blocks: true,
        keys: true,
        ..PLAIN
    },
};

pub(super) const GRAPHQL: Flavor = Flavor {
    keywords: &[
        "directive",
        "enum",
        "extend",
        "fragment",
        "implements",
        "input",
        "interface",
        "mutation",
        "on",
        "query",
        "repeatable",
        "scalar",
        "schema",
        "subscription",
        "type",
        "union",
    ],
    constants: &["true", "false", "null"],
    types: &["Boolean", "Float", "ID", "Int", "String"],
    regex: false,
    templates: false,
    declares: &[],
    more: More {
        triple_quotes: true,
        hash_comments: true,
        annotations: true,
        keys: true,
        dollar_variables: true,
        ..PLAIN
    },
};

pub(super) const RUST: Flavor = Flavor {
    keywords: &[
        "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum",
        "extern", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
        "pub", "ref", "return", "self", "static", "struct", "super", "trait", "type", "unsafe",
        "use", "where", "while",
    ],
    constants: &["true", "false", "None", "Some", "Ok", "Err"],
    types: &[
        "bool", "char", "f32", "f64", "i8", "i16", "i32", "i64", "i128", "isize", "str", "u8",
        "u16", "u32", "u64", "u128", "usize", "Box", "Option", "Result", "Self", "String", "Vec",
    ],
    regex: false,
    templates: false,
    declares: &["fn"],
    more: More {
        rust: true,
        ..PLAIN
    },
};

pub(super) const SOLIDITY: Flavor = Flavor {
    keywords: &[
        "abstract",
        "anonymous",
        "assembly",
        "break",
        "calldata",
        "catch",
        "constant",
        "constructor",
        "continue",
        "contract",
        "delete",
        "do",
        "else",
        "emit",
        "enum",
        "error",
        "event",
        "external",
        "fallback",
        "for",
        "function",
        "if",
        "immutable",
        "import",
        "indexed",
        "interface",
        "internal",
        "is",
        "library",
        "mapping",
        "memory",
        "modifier",
        "new",
        "override",
        "payable",
        "pragma",
        "private",
        "public",
        "pure",
        "receive",
        "return",
        "returns",
        "revert",
        "storage",
        "struct",
        "try",
        "unchecked",
        "using",
        "view",
        "virtual",
        "while",
    ],
    constants: &[
        "true", "false", "wei", "gwei", "ether", "seconds", "minutes", "hours", "days", "weeks",
        "this", "msg", "block", "tx",
    ],
    types: &[
        "address", "bool", "bytes", "bytes1", "bytes4", "bytes8", "bytes16", "bytes20", "bytes32",
        "int", "int8", "int16", "int32", "int64", "int128", "int256", "string", "uint", "uint8",
        "uint16", "uint32", "uint64", "uint128", "uint256",
    ],
    regex: false,
    templates: false,
    declares: &["function", "modifier", "event"],
    more: PLAIN,
};

#[cfg(test)]
mod tests {
    use super::super::tests::{hl, pairs, spans, text};

    #[test]
    fn csharp_verbatim_and_raw_strings() {
        let code = "// lag\npublic class Job {\n    private readonly string path = @\"C:\\runs\\\"\"x\"\"\";\n    var s = \"\"\"\n  a \"quoted\" line\n  \"\"\";\n    int n = 3; bool ok = true;\n}\n";
        let html = hl("csharp", code);
        assert_eq!(text(&html), code);
        assert_eq!(
            spans(&html),
            pairs(&[
                ("c", "// lag"),
                ("k", "public class"),
                ("k", "private readonly"),
                ("t", "string"),
                ("s", "@\"C:\\runs\\\"\"x\"\"\""),
                ("k", "var"),
                ("s", "\"\"\"\n  a \"quoted\" line\n  \"\"\""),
                ("t", "int"),
                ("n", "3"),
                ("t", "bool"),
                ("n", "true"),
            ]),
            "{html}"
        );
    }

    #[test]
    fn kotlin_templates_and_java_annotations() {
        let code = "@Suppress(\"x\")\nfun lag(n: Int) = \"lag ${f(\"}\")} $n\"\n";
        let html = hl("kotlin", code);
        assert_eq!(text(&html), code);
        assert_eq!(
            spans(&html),
            pairs(&[
                ("t", "@Suppress"),
                ("s", "\"x\""),
                ("k", "fun"),
                ("f", "lag"),
                ("t", "Int"),
                ("s", "\"lag ${f(\"}\")} $n\""),
            ]),
            "{html}"
        );
        let html = hl(
            "java",
            "@Override\npublic String name() { return \"x\"; }\n",
        );
        assert_eq!(
            spans(&html),
            pairs(&[
                ("t", "@Override"),
                ("k", "public"),
                ("t", "String"),
                ("f", "name"),
                ("k", "return"),
                ("s", "\"x\""),
            ]),
            "{html}"
        );
    }

    #[test]
    fn jsonnet_fields_text_blocks_and_hash_comments() {
        let code = "local lib = import 'lib.libsonnet';\n{\n  _config+:: {\n    # hidden\n    tier: null,  // none\n    help: |||\n      two: lines\n    |||,\n  },\n  alerts: lib.rules(self._config),\n}\n";
        let html = hl("jsonnet", code);
        assert_eq!(text(&html), code);
        assert_eq!(
            spans(&html),
            pairs(&[
                ("k", "local"),
                ("k", "import"),
                ("s", "'lib.libsonnet'"),
                ("p", "_config"),
                ("c", "# hidden"),
                ("p", "tier"),
                ("n", "null"),
                ("c", "// none"),
                ("p", "help"),
                ("s", "|||\n      two: lines\n    |||"),
                ("p", "alerts"),
                ("f", "rules"),
                ("k", "self"),
            ]),
            "{html}"
        );
    }

    #[test]
    fn graphql_variables_arguments_and_directives() {
        let code = "query Lag($id: ID!) {\n  pipeline(id: $id) @include(if: true) { lag } # s\n}\n";
        let html = hl("graphql", code);
        assert_eq!(text(&html), code);
        assert_eq!(
            spans(&html),
            pairs(&[
                ("k", "query"),
                ("f", "Lag"),
                ("v", "$id"),
                ("t", "ID"),
                ("f", "pipeline"),
                ("p", "id"),
                ("v", "$id"),
                ("t", "@include"),
                ("p", "if"),
                ("n", "true"),
                ("c", "# s"),
            ]),
            "{html}"
        );
    }

    #[test]
    fn open_constructs_keep_the_text() {
        for (info, code) in [
            ("cs", "@\"open\n\"\"more"),
            ("kotlin", "\"\"\"open"),
            ("kt", "\"${ open"),
            ("jsonnet", "|||\nopen"),
            ("graphql", "@ $ # x\n\"\"\""),
            ("java", "@\n'"),
        ] {
            let html = hl(info, code);
            assert_eq!(text(&html), code, "{info}: {html}");
        }
    }
}
