//! The `softpower` command: parses arguments and hands over to the library's CLI layer.
fn main() -> std::process::ExitCode {
    softpower::cli::main()
}
