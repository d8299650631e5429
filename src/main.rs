//! The `reel` binary: parse arguments, run, map the outcome to a grep-like exit code.

use std::process::ExitCode;

use clap::Parser;
use reel::app::{self, Outcome};
use reel::cli::Cli;

fn main() -> ExitCode {
    match app::run(Cli::parse()) {
        Ok(Outcome::Found) => ExitCode::SUCCESS,
        Ok(Outcome::NotFound) => ExitCode::from(1),
        Err(err) => {
            eprintln!("reel: {err:#}");
            ExitCode::from(2)
        }
    }
}
