#![no_main]
//! See `odatagen_fuzz::batch_response` for what is checked.

libfuzzer_sys::fuzz_target!(|data: &[u8]| odatagen_fuzz::batch_response(data));
