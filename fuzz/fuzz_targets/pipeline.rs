#![no_main]
//! See `odatagen_fuzz::pipeline` for what is checked.

libfuzzer_sys::fuzz_target!(|data: &[u8]| odatagen_fuzz::pipeline(data));
