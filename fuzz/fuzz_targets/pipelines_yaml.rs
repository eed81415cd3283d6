//! `content/pipelines.yaml` of the example site is the fuzzer's bytes; see `src/lib.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| pipebook_fuzz::build_with("pipelines.yaml", data));
