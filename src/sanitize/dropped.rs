//! Elements that cleaning removes with everything inside them, so that no word inside
//! them is on the page (and search must not read one).

/// Whether cleaning removes element `name` (lower case, as the tokenizer gives it) with
/// its content when written in a runbook's HTML: scripts and styles, a template (its
/// content is a document of its own, which cleaning does not keep), SVG and MathML, and
/// any element bearing a name of theirs written in HTML (`<text>`, `<g>`, `<mi>`,
/// `<list>`): ammonia drops an HTML element so named whole, as it cannot tell it from a
/// drawing's (`is_html_tag` there). `<text>database down</text>` in a paragraph showed
/// nothing, while search read the words.
pub fn drops_content(name: &str) -> bool {
    matches!(name, "script" | "style" | "template") || SVG_AND_MATHML.binary_search(&name).is_ok()
}

/// Whether cleaning removes the tags of element `name` (lower case) and keeps what is
/// inside it (`<button>`, `<form>`, an unknown element). The page a browser reads then
/// has no such element: `<p><rp>x<button><div>y` is served as `<p><rp>x<div>y`, where the
/// `<div>` ends the paragraph and the `<rp>` in it, and "y" shows; read with the
/// `<button>`, which bounds the walk that ends a paragraph, search left it out.
pub fn stripped(name: &str) -> bool {
    !super::tag_allowed(name) && !drops_content(name)
}

/// Whether element `name` (lower case) hides its content from a page whose HTML is
/// `cleaned` or not (`sanitize_html: false`). Uncleaned, a browser shows the text of every
/// element but scripts, styles and a template's content: `<text>database down</text>`
/// written in HTML, and SVG's `<text>` inside a drawing (see `drawing_shows`), are on
/// that page, and search must read them. Cleaned or not, an `<rp>` (ruby's fallback
/// parenthesis) is kept and never drawn: browsers' own style sheet says `rp { display:
/// none }`, inside a `<ruby>` or not, so `<rp>database down</rp>` showed nothing while
/// search read it (see [`ends_rp`] for where it ends).
pub fn hides_content(name: &str, cleaned: bool) -> bool {
    name == "rp"
        || if cleaned {
            drops_content(name)
        } else {
            matches!(name, "script" | "style" | "template")
        }
}

/// Whether start tag `name` ends an `<rp>` open inside a `<ruby>`, where a browser
/// generates its end (the HTML standard's "in body" rules for `rb`, `rp`, `rt` and `rtc`):
/// `<ruby>字<rp>(<rt>zi<rp>)</ruby>` shows `zi`. Outside a ruby they nest, and an `<rt>`
/// inside an `<rp>` is hidden with it.
pub fn ends_rp(name: &str) -> bool {
    matches!(name, "rb" | "rp" | "rt" | "rtc")
}

/// Elements of SVG and MathML whose text a browser does not draw: a drawing's title and
/// description (a tooltip, at most), its definitions (drawn only where used), and
/// MathML's annotations.
pub const NOT_DRAWN: &[&str] = &[
    "annotation",
    "annotation-xml",
    "clippath",
    "defs",
    "desc",
    "filter",
    "lineargradient",
    "marker",
    "mask",
    "metadata",
    "pattern",
    "radialgradient",
    "script",
    "style",
    "symbol",
    "title",
];

/// Whether a browser draws the text inside the SVG or MathML elements open, `has` telling
/// whether one of a name is open (a page not cleaned): SVG's inside a `<text>` (its
/// `<tspan>`s too) or a `<foreignObject>`'s HTML, MathML's in any element; none inside a
/// title, a description, definitions or an annotation ([`NOT_DRAWN`]).
pub fn drawn(has: impl Fn(&str) -> bool) -> bool {
    !NOT_DRAWN.iter().any(|n| has(n)) && (has("text") || has("foreignobject") || has("math"))
}

/// ammonia 4's names of SVG and MathML elements that are all lower case (a name written
/// in HTML is lower-cased, so `clipPath` is never one), but for the few it keeps as HTML
/// (`a`, `title`, `style`, `font`, `script`, `span`), and `image`, which a browser reads
/// as `<img>`, which holds nothing. Sorted.
const SVG_AND_MATHML: &[&str] = &[
    "abs",
    "and",
    "animate",
    "annotation",
    "annotation-xml",
    "apply",
    "approx",
    "arccos",
    "arccosh",
    "arccot",
    "arccoth",
    "arccsc",
    "arccsch",
    "arcsec",
    "arcsech",
    "arcsin",
    "arcsinh",
    "arctan",
    "arctanh",
    "arg",
    "bind",
    "bvar",
    "card",
    "cartesianproduct",
    "cbytes",
    "ceiling",
    "cerror",
    "ci",
    "circle",
    "cn",
    "codomain",
    "complexes",
    "compose",
    "condition",
    "conjugate",
    "cos",
    "cosh",
    "cot",
    "coth",
    "cs",
    "csc",
    "csch",
    "csymbol",
    "curl",
    "declare",
    "defs",
    "degree",
    "desc",
    "determinant",
    "diff",
    "discard",
    "divergence",
    "divide",
    "domain",
    "domainofapplication",
    "ellipse",
    "emptyset",
    "eq",
    "equivalent",
    "eulergamma",
    "exists",
    "exp",
    "exponentiale",
    "factorial",
    "factorof",
    "false",
    "filter",
    "floor",
    "fn",
    "forall",
    "g",
    "gcd",
    "geq",
    "grad",
    "gt",
    "ident",
    "imaginary",
    "imaginaryi",
    "implies",
    "in",
    "infinity",
    "int",
    "integers",
    "intersect",
    "interval",
    "inverse",
    "lambda",
    "laplacian",
    "lcm",
    "leq",
    "limit",
    "line",
    "list",
    "ln",
    "log",
    "logbase",
    "lowlimit",
    "lt",
    "maction",
    "maligngroup",
    "malignmark",
    "marker",
    "mask",
    "math",
    "matrix",
    "matrixrow",
    "max",
    "mean",
    "median",
    "menclose",
    "merror",
    "metadata",
    "mfenced",
    "mfrac",
    "mglyph",
    "mi",
    "min",
    "minus",
    "mlabeledtr",
    "mlongdiv",
    "mmultiscripts",
    "mn",
    "mo",
    "mode",
    "moment",
    "momentabout",
    "mover",
    "mpadded",
    "mpath",
    "mphantom",
    "mprescripts",
    "mroot",
    "mrow",
    "ms",
    "mscarries",
    "mscarry",
    "msgroup",
    "msline",
    "mspace",
    "msqrt",
    "msrow",
    "mstack",
    "mstyle",
    "msub",
    "msubsup",
    "msup",
    "mtable",
    "mtd",
    "mtext",
    "mtr",
    "munder",
    "munderover",
    "naturalnumbers",
    "neq",
    "none",
    "not",
    "notanumber",
    "notin",
    "notprsubset",
    "notsubset",
    "or",
    "otherwise",
    "outerproduct",
    "partialdiff",
    "path",
    "pattern",
    "pi",
    "piece",
    "piecewise",
    "plus",
    "polygon",
    "polyline",
    "power",
    "primes",
    "product",
    "prsubset",
    "quotient",
    "rationals",
    "real",
    "reals",
    "rect",
    "reln",
    "rem",
    "root",
    "scalarproduct",
    "sdev",
    "sec",
    "sech",
    "selector",
    "semantics",
    "sep",
    "set",
    "setdiff",
    "share",
    "sin",
    "sinh",
    "stop",
    "subset",
    "sum",
    "svg",
    "switch",
    "symbol",
    "tan",
    "tanh",
    "tendsto",
    "text",
    "times",
    "transpose",
    "true",
    "tspan",
    "union",
    "uplimit",
    "use",
    "variance",
    "vector",
    "vectorproduct",
    "view",
    "xor",
];

#[cfg(test)]
mod tests {
    use super::{drops_content, SVG_AND_MATHML};

    #[test]
    fn the_names_are_sorted_and_read() {
        assert!(SVG_AND_MATHML.windows(2).all(|w| w[0] < w[1]));
        for name in [
            "text", "g", "mi", "list", "svg", "math", "template", "script",
        ] {
            assert!(drops_content(name), "{name}");
        }
        for name in [
            "a", "span", "title", "div", "p", "details", "iframe", "clippath", "image",
        ] {
            assert!(!drops_content(name), "{name}");
        }
    }
}
