use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // regorus reports failed parse attempts and evaluation errors through
    // anyhow, which captures a backtrace for each when RUST_BACKTRACE is set
    // (as it is in many CI images): useless to a modelgate user, and it
    // more than doubles the start-up time. Still one thread here, so
    // changing the environment is sound; an explicit setting is kept.
    if std::env::var_os("RUST_LIB_BACKTRACE").is_none() {
        std::env::set_var("RUST_LIB_BACKTRACE", "0");
    }
    // Wrap diagnostics only for people: a wrapped `file:line:col: message`
    // line is useless to editors, CI logs and grep.
    let terminal = std::io::stderr().is_terminal();
    let _ = miette::set_hook(Box::new(move |_| {
        Box::new(
            miette::MietteHandlerOpts::new()
                .wrap_lines(terminal)
                .break_words(false)
                .word_splitter(textwrap::WordSplitter::NoHyphenation)
                .terminal_links(false)
                .build(),
        )
    }));
    let cli = modelgate::cli::Cli::parse();
    // On a thread with the stack rules are evaluated on (a second line of
    // defence behind the recursion check), so that they run in place.
    let outcome = modelgate::policy::limits::run_with_large_stack(|| modelgate::commands::run(cli))
        .unwrap_or_else(|err| Err(modelgate::error::RunError::from(err)));
    match outcome {
        Ok(code) => code,
        Err(err) if err.is_broken_pipe() => ExitCode::SUCCESS,
        Err(err) => {
            // Never panic on a closed stderr: the exit status still says it.
            let _ = writeln!(std::io::stderr(), "{:?}", miette::Report::new(err));
            ExitCode::from(2)
        }
    }
}
