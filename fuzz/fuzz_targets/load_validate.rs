//! Fuzz target: any bytes as a scenario file, loaded and validated (`softpower::fuzzing::load_validate`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = softpower::fuzzing::load_validate(data);
});
