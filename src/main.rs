use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = modelgate::cli::Cli::parse();
    match modelgate::commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("{:?}", miette::Report::new(err));
            ExitCode::from(2)
        }
    }
}
