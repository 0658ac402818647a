#![no_main]
//! See `odatagen_fuzz::model_json` for what is checked.

libfuzzer_sys::fuzz_target!(|data: &[u8]| odatagen_fuzz::model_json(data));
