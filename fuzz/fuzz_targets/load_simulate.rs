//! Fuzz target: any bytes as a scenario file, and whatever validates simulated
//! (`softpower::fuzzing::load_simulate`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = softpower::fuzzing::load_simulate(data);
});
