//! Command line of pipebook: parses arguments and hands over to [`pipebook::site`].

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use pipebook::site::{self, Options};

/// Builds the operations site of a data-engineering team: runbooks, pipeline ownership,
/// the on-call schedule and its calendar feeds.
#[derive(Parser)]
#[command(name = "pipebook", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site from ROOT/content and ROOT/themes into ROOT/public.
    ///
    /// Exit status: 0 on success, 1 on content errors (nothing is written and the previous
    /// output is left as it was), 2 on usage errors. The build's clock is SOURCE_DATE_EPOCH
    /// when set, else the current time.
    Build {
        /// Folder holding `content/` and `themes/`.
        #[arg(long, value_name = "DIR", default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: ROOT/public].
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Public URL of the site, overriding `base_url` in site.yaml (for deploy previews).
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Also print the time of each phase.
        #[arg(short, long)]
        verbose: bool,
    },
    /// Validate everything `build` validates, and write nothing.
    ///
    /// Exit status: 0 when there are no errors, 1 on content errors, 2 on usage errors.
    Check {
        /// Folder holding `content/` and `themes/`.
        #[arg(long, value_name = "DIR", default_value = ".")]
        root: PathBuf,
        /// Also print the time of each phase.
        #[arg(short, long)]
        verbose: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let now = match site::clock(std::env::var("SOURCE_DATE_EPOCH").ok().as_deref()) {
        Ok(now) => now,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let (opts, write, verbose) = match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            verbose,
        } => (
            Options {
                root,
                output,
                base_url,
                now,
            },
            true,
            verbose,
        ),
        Command::Check { root, verbose } => (
            Options {
                root,
                output: None,
                base_url: None,
                now,
            },
            false,
            verbose,
        ),
    };
    let outcome = site::run(&opts, write);
    let report = outcome.diagnostics.render(&outcome.sources);
    if !report.is_empty() {
        eprint!("{report}");
    }
    if verbose {
        print!("{}", site::phase_report(&outcome));
    }
    if outcome.failed() {
        let n = outcome.diagnostics.error_count();
        let kept = if write {
            "; nothing was written and the previous output is unchanged"
        } else {
            ""
        };
        eprintln!("error: {n} error{}{kept}", if n == 1 { "" } else { "s" });
        return ExitCode::from(1);
    }
    println!("{}", site::summary(&outcome, &opts.root));
    ExitCode::SUCCESS
}
