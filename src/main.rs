use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
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
    match modelgate::commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("{:?}", miette::Report::new(err));
            ExitCode::from(2)
        }
    }
}
