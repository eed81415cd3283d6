//! A fenced code block in each highlighted language, through the real build: the first
//! byte picks the language, the rest is the code. tree-sitter's grammars are C; an abort or
//! out-of-bounds read in one of their scanners brings the process down, which is a crash.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| pipebook_fuzz::highlight_block(data));
