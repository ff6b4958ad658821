fn main() -> std::process::ExitCode {
    newslint::cli::main()
}
