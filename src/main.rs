//! The `softpower` command: parses arguments and hands over to the library.
fn main() {}
