//! One function per subcommand: wire the modules together and turn the
//! outcome into an exit status.

pub mod catalog;
mod check;
mod input;
mod policy;

use std::io::Write;
use std::process::ExitCode;

use crate::cli::{Cli, Command, ConfigArgs};
use crate::config::{Flags, Settings};
use crate::error::Result;
use crate::report::{self, Command as ReportCommand};
use crate::sanitize;

pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Check(args) => {
            let (format, files) = (args.common.format, &args.output.files);
            report::check_diff(format, args.fixes.diff)?;
            match report::outputs::check(files) {
                Ok(()) => report::emit(check::run(&args), format, files, ReportCommand::Check),
                Err(err) => report::emit(Err(err), format, &[], ReportCommand::Check),
            }
        }
        Command::Audit(args) => crate::audit::run(&args),
        Command::Test(args) => policy::test(&args),
        Command::Rules(args) => policy::rules(&args),
        Command::Explain(args) => policy::explain(&args),
        Command::New(args) => policy::new(args),
        Command::Config(args) => config(args),
        Command::Init(args) => crate::init::run(args),
        Command::Catalog(args) => catalog::run(args.command),
        Command::Input(args) => input::run(args),
    }
}

fn config(args: ConfigArgs) -> Result<ExitCode> {
    let settings = Settings::resolve(&Flags::from(&args.settings), &args.path)?;
    let mut out = std::io::stdout().lock();
    let rows = settings.rows();
    if args.format == crate::cli::CatalogFormat::Json {
        let settings_json: serde_json::Map<String, serde_json::Value> = rows
            .iter()
            .map(|(name, value, origin)| {
                (
                    name.to_string(),
                    serde_json::json!({"value": value, "origin": origin}),
                )
            })
            .collect();
        let doc =
            serde_json::json!({"config_file": settings.config_file, "settings": settings_json});
        serde_json::to_writer_pretty(&mut out, &doc)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    match &settings.config_file {
        Some(path) => writeln!(out, "configuration file: {path}\n")?,
        None => writeln!(
            out,
            "configuration file: none (no {} from here upward)\n",
            crate::config::FILE_NAME
        )?,
    }
    let width = rows.iter().map(|(name, ..)| name.len()).max().unwrap_or(0);
    for (name, value, origin) in rows {
        writeln!(
            out,
            "{name:width$}  {}  ({})",
            sanitize::line(&value),
            sanitize::line(&origin)
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
