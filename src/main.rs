//! The `softpower` command: parses arguments and hands over to the library's CLI layer.
fn main() -> std::process::ExitCode {
    std::process::ExitCode::SUCCESS // PENDING softpower::cli::main()
}
