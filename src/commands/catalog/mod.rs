//! `modelgate catalog …`: load the catalogs, hand over to the module that
//! does the work, and pick the exit status. A diff is not a failure: every
//! catalog command that runs to its end exits 0.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::{CatalogArgs, CatalogCommand, CatalogFormat};
use crate::date::Date;
use crate::error::Result;

use crate::catalog::Catalog;

pub mod browse;
pub mod diff;
pub mod import;

fn load(args: &CatalogArgs) -> Result<Catalog> {
    match &args.catalog_dir {
        Some(dir) => Catalog::from_dir(dir),
        None => Catalog::embedded(),
    }
}

pub fn run(command: CatalogCommand) -> Result<ExitCode> {
    let mut stdout = std::io::stdout().lock();
    match command {
        CatalogCommand::List(args) => {
            let catalog = load(&args.catalog)?;
            let filter = browse::ListFilter {
                provider: args.provider,
                status: args.status,
                region: args.region,
            };
            let today = args.today.unwrap_or_else(Date::today_utc);
            browse::list(
                &catalog,
                today,
                &filter,
                args.format == CatalogFormat::Json,
                &mut stdout,
            )?;
        }
        CatalogCommand::Show(args) => {
            let catalog = load(&args.catalog)?;
            let today = args.today.unwrap_or_else(Date::today_utc);
            browse::show(
                &catalog,
                today,
                &args.id,
                args.format == CatalogFormat::Json,
                &mut stdout,
            )?;
        }
        CatalogCommand::Import(args) => {
            let base = load(&args.catalog)?;
            let options = import::ImportOptions {
                files: args.files,
                out: args.out,
                region: args.region,
                today: args.today.unwrap_or_else(Date::today_utc),
                force: args.force,
            };
            import::run(&base, &options, &mut stdout)?;
        }
        CatalogCommand::Diff(args) => {
            let base = load(&args.catalog)?;
            let other = Catalog::from_dir(&args.other)?;
            let changes = diff::diff(&base, &other);
            diff::render(&changes, args.format == CatalogFormat::Json, &mut stdout)?;
        }
    }
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use clap::ValueEnum;

    use crate::catalog::LifecycleStatus;

    /// `--status` values are a documented interface: they must not move when
    /// the status names change spelling elsewhere.
    #[test]
    fn status_values_are_the_documented_ones() {
        let names: Vec<String> = LifecycleStatus::value_variants()
            .iter()
            .filter_map(|s| s.to_possible_value())
            .map(|v| v.get_name().to_string())
            .collect();
        assert_eq!(names, ["active", "legacy", "end-of-life", "unknown"]);
        assert_eq!(
            LifecycleStatus::from_str("end-of-life", false),
            Ok(LifecycleStatus::EndOfLife)
        );
        assert_eq!(
            serde_json::to_value(LifecycleStatus::EndOfLife).ok(),
            Some(serde_json::json!("end_of_life"))
        );
    }
}
