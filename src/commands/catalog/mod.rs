//! `modelgate catalog …`: load the catalogs, hand over to the module that
//! does the work, and pick the exit status. A diff is not a failure: every
//! catalog command that runs to its end exits 0.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::{CatalogArgs, CatalogCommand, CatalogFormat, StatusFilter};
use crate::date::Date;
use crate::error::Result;

use crate::catalog::{Catalog, LifecycleStatus};

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
                status: args.status.map(|s| match s {
                    StatusFilter::Active => LifecycleStatus::Active,
                    StatusFilter::Legacy => LifecycleStatus::Legacy,
                    StatusFilter::EndOfLife => LifecycleStatus::EndOfLife,
                    StatusFilter::Unknown => LifecycleStatus::Unknown,
                }),
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
