//! The integration tests, in one binary: the real `modelgate` run on files
//! under `examples/` and `tests/fixtures/`, and the verdict core in process.
//! One binary links once and runs every test on all cores (31 binaries
//! took most of the test build in linking).

mod common;

mod architecture;
mod audit;
mod broken_inputs;
mod catalog;
mod catalog_sources;
mod ci_tools;
mod config;
mod disputes;
mod distribution;
mod examples;
mod fail_closed;
mod file_safety;
mod formats;
mod init;
mod input;
mod input_schema;
mod invalid_manifests;
mod long_lines;
mod options;
mod output_injection;
mod pipelines;
mod policies;
mod policy_authoring;
mod readme;
mod rule_snapshots;
mod rules;
mod sarif_schema;
mod unknown_ids;
mod verdict_core;
mod waivers;
