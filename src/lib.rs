//! modelgate: policy-as-code compliance checks for applications that call
//! foundation models on Amazon Bedrock.
//!
//! Data flows one way: a manifest is parsed with spans ([`manifest`]), its
//! model references resolved against the [`catalog`] into a Rego input
//! document ([`normalize`]), evaluated by the Rego rules ([`policy`]), turned
//! into located [`finding::Finding`]s with verified fixes ([`check`]), and
//! rendered ([`report`]).

pub mod audit;
pub mod catalog;
pub mod check;
pub mod cli;
pub mod commands;
pub mod config;
pub mod data;
pub mod date;
pub mod error;
pub mod finding;
pub mod fix;
pub mod fsutil;
pub mod init;
pub mod manifest;
pub mod normalize;
pub mod policy;
pub mod reference;
pub mod report;
pub mod rules;
pub mod run;
pub mod sanitize;
pub mod severity;
pub mod snippet;
pub mod source;
pub mod syntax;
pub mod text;
pub mod units;
pub mod verdict;
pub mod waivers;
