#![no_main]
//! See `odatagen_fuzz::csdl_reader` for what is checked.

libfuzzer_sys::fuzz_target!(|data: &[u8]| odatagen_fuzz::csdl_reader(data));
