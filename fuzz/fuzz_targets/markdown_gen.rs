//! Structure-aware runbooks: the fuzzer's bytes choose constructs (deep lists and quotes,
//! many headings and anchors, links, long lines, raw HTML, code, tables, footnotes) that
//! `pipebook_fuzz::markdown_gen` writes out as Markdown, built as a runbook of the example
//! site.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = pipebook_fuzz::markdown_gen::generate(data);
    pipebook_fuzz::build_with("runbooks/profit/aggregate-profit.md", text.as_bytes());
});
