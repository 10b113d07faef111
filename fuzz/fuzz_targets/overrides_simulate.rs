//! Fuzz target: any bytes as `--set` overrides of the embedded baseline, and whatever validates
//! simulated (`softpower::fuzzing::overrides_simulate`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = softpower::fuzzing::overrides_simulate(data);
});
