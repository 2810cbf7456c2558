#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| modelgate_fuzz::import::fuzz(data));
