//! Command line of pipebook: parses arguments and hands over to [`pipebook::site`].

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use pipebook::site::{self, Options};

#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's options, read as it starts (`_RJEM_MALLOC_CONF` in the environment still
/// overrides them).
///
/// - One arena rather than four per core: memory one rendering thread frees is reused by
///   the others, instead of each thread's arena keeping pages of its own. At 30,000
///   runbooks: peak 247 MB (238-257) against 281 MB (274-291), the CPU time within the
///   runs' noise (see bench/README, session 15).
/// - Freed pages go back to the system after half a second rather than ten
///   (`dirty_decay_ms`), and allocations of 1 MiB or more (the index's and the pages'
///   growing tables) at once (`oversize_threshold`, 8 MiB by default): a build's memory
///   grows to its end, so what was freed seconds ago is seldom taken again, and it stayed
///   in the peak. At 100,000 runbooks on a nearly idle machine: peak 579,556 KiB against
///   607,156 KiB (with 1,000 ms, 584,832 KiB: the decay is in wall-clock time, so a
///   faster build keeps more); at 10,000, 80-85 MB against 99-107 MB; the CPU time
///   within the noise, a fifth to a third more page faults (see bench/README, session 20).
/// - Each thread's cache is tidied after 1 MiB allocated rather than 64 KiB
///   (`tcache_gc_incr_bytes`) and holds twice the objects of a size (`lg_tcache_nslots_mul`
///   2, not 1): rendering allocates and frees small strings by the million, and each tidy
///   or overflow handed them back to the one arena under its lock, and took them again. At
///   10,000 runbooks (search: false) 1.3 % fewer instructions with the first alone (5,470
///   → 5,399 M), 2.1 % with both (5,480 → 5,367 M), all of it in jemalloc; peak within
///   about 1 MB (79 → 79-80 MB at 10,000, 550,672 → 548,792 KiB at 100,000), the CPU
///   time within the noise of a loaded machine (see bench/README, session 23).
///
/// Tried and not taken (session 24, through `_RJEM_MALLOC_CONF` on one binary; page
/// faults cost about 2.2 µs each here, so 22,000 at 10,000 runbooks are some 0.05 s of
/// the 0.4 s of system time, most of which is the kernel copying 283 MB of pages):
/// - `thp:always`: faults 22,135 → 7,972 at 10,000 (search: false) and 426,301 → 164,818
///   at 100,000, the system time within its noise, but the peak +4 MB (76 → 80 MB) and
///   +28 MB at 100,000 (549,360 → 577,460 KiB), close to issue 19.2's 600 MB.
/// - `background_thread:true`: peak 588,980 KiB at 100,000 (+40 MB).
/// - `oversize_threshold` at its default (8 MiB) and `dirty_decay_ms:1000`: the peak and
///   the faults at 100,000 within 1-8 % of these, the CPU time within the noise.
#[cfg(not(target_env = "msvc"))]
#[allow(non_upper_case_globals)]
#[export_name = "_rjem_malloc_conf"]
pub static malloc_conf: Option<&'static u8> =
    Some(&b"narenas:1,dirty_decay_ms:500,oversize_threshold:1048576,tcache_gc_incr_bytes:1048576,lg_tcache_nslots_mul:2\0"[0]);

/// Builds the operations site of a data-engineering team: runbooks, pipeline ownership,
/// the on-call schedule and its calendar feeds.
#[derive(Parser)]
#[command(name = "pipebook", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// How problems are printed.
#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// For people: file:line:col, a snippet of the source and a hint, on standard error.
    Human,
    /// GitHub Actions annotations (`::error file=…,line=…,col=…::…`) on standard output.
    Github,
    /// A JSON array of problems on standard output.
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site from ROOT/content and ROOT/themes into ROOT/public.
    ///
    /// Exit status: 0 on success, 1 on content errors (nothing is written and the previous
    /// output is left as it was), 2 on usage errors, among them an output folder that is
    /// the root or holds it, lies in content/ or themes/, is a file, or holds files pipebook
    /// did not write (no `.pipebook-output` marker). A second build into the same output
    /// waits for the first. The build's clock is SOURCE_DATE_EPOCH when set, else the
    /// current time.
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
        /// Mark the build as a preview: a banner on every page, and no indexing by search
        /// engines (netlify.toml passes this for deploy previews and branch deploys).
        #[arg(long)]
        preview: bool,
        /// Also print the time of each phase.
        #[arg(short, long)]
        verbose: bool,
        /// How to print problems.
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// Fail (exit 1) on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        /// Replace the output folder even though it holds files and no `.pipebook-output`
        /// marker (everything in it is deleted). Overrides no other refusal.
        #[arg(long)]
        force: bool,
    },
    /// Write CODEOWNERS from the ownership data (to .github/CODEOWNERS unless the site
    /// already has one at CODEOWNERS or docs/CODEOWNERS).
    Codeowners {
        /// Folder holding `content/`.
        #[arg(long, value_name = "DIR", default_value = ".")]
        root: PathBuf,
    },
    /// Write the JSON Schemas of the content files (for editors) into a folder.
    Schema {
        /// Folder holding `content/`.
        #[arg(long, value_name = "DIR", default_value = ".")]
        root: PathBuf,
        /// Where to write them [default: ROOT/schemas].
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
    },
    /// Build the site and serve it locally, rebuilding on every change with live reload.
    ///
    /// Watches ROOT/content and ROOT/themes; each burst of saves is one rebuild, into a
    /// fresh folder that is served only once complete. A build with errors prints them and
    /// shows them over every page, while the last good site is still served. Pages reload
    /// themselves after each build. Ctrl-C stops it (exit status 0).
    Serve {
        /// Folder holding `content/` and `themes/`.
        #[arg(long, value_name = "DIR", default_value = ".")]
        root: PathBuf,
        /// Port to listen on (0 picks a free one).
        #[arg(long, value_name = "N", default_value_t = 1111)]
        port: u16,
        /// Address to listen on (0.0.0.0 to let other machines see the preview).
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Also print the time of each phase of every build.
        #[arg(short, long)]
        verbose: bool,
    },
    /// Write a minimal content/site.yaml into an existing runbook repository, so that it
    /// builds where it stands. Never overwrites; writes nothing else.
    Init {
        /// The repository's root.
        #[arg(long, value_name = "DIR", default_value = ".")]
        root: PathBuf,
        /// The folder of Markdown runbooks, relative to the root [default: content/runbooks
        /// when there is one, else the root itself].
        #[arg(long, value_name = "DIR")]
        runbooks: Option<String>,
        /// Also write netlify.toml (and .pipebook/install.sh): Netlify builds the site with
        /// a pinned pipebook release, previews with their own URL.
        #[arg(long)]
        netlify: bool,
        /// Also write .github/workflows/pipebook.yml (and .pipebook/install.sh): every pull
        /// request is checked with `pipebook check --format github`.
        #[arg(long)]
        github: bool,
    },
    /// Create a new file from a template.
    #[command(subcommand)]
    New(New),
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
        /// How to print problems.
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// Fail (exit 1) on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        /// A site built before (such as production's), whose pages must all still lead
        /// somewhere: "moved without a redirect" otherwise [default: ROOT/public].
        #[arg(long, value_name = "DIR")]
        previous: Option<PathBuf>,
    },
    /// List every alert with its address and runbook; with --fill, give the alert rules
    /// (alert_rules in site.yaml) the runbook_urls they lack.
    ///
    /// --fill prints the change as a unified diff and writes nothing unless --write is
    /// given; it only inserts lines (or a `runbook_url` into a `{…}`), so comments and
    /// layout stay. Exit status: 0, or 1 on content errors or a rule it could not fill.
    Alerts {
        /// Folder holding `content/`.
        #[arg(long, value_name = "DIR", default_value = ".")]
        root: PathBuf,
        /// Add `runbook_url: <base_url>alerts/<name>/` to every alerting rule without one.
        #[arg(long)]
        fill: bool,
        /// Write the files instead of printing the diff.
        #[arg(long, requires = "fill")]
        write: bool,
    },
}

#[derive(Subcommand)]
enum New {
    /// A runbook for a pipeline, with front matter and the recommended sections, at the
    /// pipeline's `runbook` path or `runbooks/<domain>/<pipeline>.md`. Never overwrites.
    Runbook {
        /// Id of a pipeline in content/pipelines.yaml.
        pipeline: String,
        /// Folder holding `content/`.
        #[arg(long, value_name = "DIR", default_value = ".")]
        root: PathBuf,
    },
}

impl Command {
    /// The `--root` the command was given (every command takes one).
    fn root(&self) -> &std::path::Path {
        match self {
            Command::Build { root, .. }
            | Command::Codeowners { root }
            | Command::Schema { root, .. }
            | Command::Serve { root, .. }
            | Command::Init { root, .. }
            | Command::New(New::Runbook { root, .. })
            | Command::Check { root, .. }
            | Command::Alerts { root, .. } => root,
        }
    }
}

/// The site for a command that writes a source file, or the content errors, printed.
fn load_or_report(root: &std::path::Path) -> Result<pipebook::model::Site, ExitCode> {
    pipebook::scaffold::load_for_scaffold(root).map_err(|diags| {
        eprint!("{}", diags.render(&Default::default()));
        eprintln!("error: fix the content first; nothing was written");
        ExitCode::from(1)
    })
}

fn new_runbook(root: &std::path::Path, pipeline: &str, today: chrono::NaiveDate) -> ExitCode {
    let site = match load_or_report(root) {
        Ok(site) => site,
        Err(code) => return code,
    };
    match pipebook::scaffold::new_runbook(root, &site, pipeline, today) {
        Ok(path) => {
            println!(
                "Wrote {}",
                path.strip_prefix(root).unwrap_or(&path).display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn codeowners(root: &std::path::Path) -> ExitCode {
    let site = match load_or_report(root) {
        Ok(site) => site,
        Err(code) => return code,
    };
    match pipebook::codeowners::write(root, &site) {
        Ok(rel) => {
            println!("Wrote {rel}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn init(root: &std::path::Path, runbooks: Option<&str>, netlify: bool, github: bool) -> ExitCode {
    use pipebook::scaffold::{Outcome, Recipes};
    match pipebook::scaffold::init_with(root, runbooks, Recipes { netlify, github }) {
        Ok(outcomes) => {
            for outcome in &outcomes {
                match outcome {
                    Outcome::Wrote(rel) => println!("Wrote {rel}"),
                    Outcome::Kept(rel) => println!("Kept {rel} as it is"),
                }
            }
            let on_root = if root == std::path::Path::new(".") {
                String::new()
            } else {
                format!(" --root {}", root.display())
            };
            println!("Build the site with `pipebook build{on_root}`");
            if outcomes.iter().any(|o| matches!(o, Outcome::Wrote(_))) && (netlify || github) {
                println!(
                    "Commit the files written{}; see the README's \"Use pipebook for your team's repository\"",
                    if netlify {
                        ", then connect the repository in Netlify"
                    } else {
                        ""
                    }
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
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
    if let Err(refused) = pipebook::write::check_root(cli.command.root()) {
        eprintln!("error: {refused}\nerror: nothing was written");
        return ExitCode::from(2);
    }
    match cli.command {
        Command::New(New::Runbook { pipeline, root }) => {
            new_runbook(&root, &pipeline, now.date_naive())
        }
        Command::Codeowners { root } => codeowners(&root),
        Command::Alerts { root, fill, write } => {
            ExitCode::from(pipebook::alerts::command::run(&root, fill, write))
        }
        Command::Init {
            root,
            runbooks,
            netlify,
            github,
        } => init(&root, runbooks.as_deref(), netlify, github),
        Command::Serve {
            root,
            port,
            bind,
            verbose,
        } => {
            pipebook::highlight::set_verbose(verbose);
            pipebook::serve::run(&pipebook::serve::Options {
                root,
                bind,
                port,
                verbose,
            })
        }
        Command::Schema { root, output } => schema(&root, output),
        Command::Build {
            root,
            output,
            base_url,
            preview,
            verbose,
            format,
            deny_warnings,
            force,
        } => {
            let opts = Options {
                root,
                output,
                base_url,
                now,
                deny_warnings,
                preview,
            };
            build_or_check(&opts, Some(force), verbose, format)
        }
        Command::Check {
            root,
            verbose,
            format,
            deny_warnings,
            previous,
        } => {
            if let Some(dir) = previous
                .as_ref()
                .filter(|d| !d.join(pipebook::write::MARKER).is_file())
            {
                eprintln!(
                    "error: --previous `{}` is not a site pipebook built (it has no `{}`)",
                    dir.display(),
                    pipebook::write::MARKER
                );
                return ExitCode::from(2);
            }
            let opts = Options {
                root,
                output: previous,
                base_url: None,
                now,
                deny_warnings,
                preview: false,
            };
            build_or_check(&opts, None, verbose, format)
        }
    }
}

fn schema(root: &std::path::Path, output: Option<PathBuf>) -> ExitCode {
    let dir = match site::schema_output(root, output) {
        Ok(dir) => dir,
        Err(refused) => {
            eprintln!("error: {refused}\nerror: nothing was written");
            return ExitCode::from(2);
        }
    };
    match pipebook::schema::write(&dir) {
        Ok(names) => {
            println!("Wrote {} schemas into {}", names.len(), dir.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write schemas into `{}`: {e}", dir.display());
            ExitCode::from(1)
        }
    }
}

/// `build` (`force`: whether `--force` was given) or, without `force`, `check`: runs it
/// and prints its problems, the phase times if `verbose`, and a summary or why it failed.
fn build_or_check(opts: &Options, force: Option<bool>, verbose: bool, format: Format) -> ExitCode {
    pipebook::highlight::set_verbose(verbose);
    let write = force.is_some();
    if write {
        pipebook::write::interrupt::clean_up_on_signals();
    }
    let mut outcome = match force {
        Some(force) => site::build(opts, force),
        None => site::run(opts, false),
    };
    if let Some(usage) = &outcome.usage_error {
        eprintln!("error: {usage}\nerror: nothing was written");
        return ExitCode::from(2);
    }
    let d = &outcome.diagnostics;
    match format {
        Format::Human => eprint!("{}", d.render(&outcome.sources)),
        Format::Github => print!("{}", d.render_github()),
        Format::Json => print!("{}", d.render_json()),
    }
    if verbose {
        // Standard output belongs to the machine-readable formats.
        match format {
            Format::Human => print!("{}", site::phase_report(&outcome)),
            _ => eprint!("{}", site::phase_report(&outcome)),
        }
    }
    if outcome.failed() {
        let (errors, warnings) = (d.error_count(), d.warning_count());
        let what = if errors > 0 {
            format!("{errors} error{}", if errors == 1 { "" } else { "s" })
        } else {
            format!(
                "{warnings} warning{} (--deny-warnings)",
                if warnings == 1 { "" } else { "s" }
            )
        };
        let kept = if write {
            "; nothing was written and the previous output is unchanged"
        } else {
            ""
        };
        eprintln!("error: {what}{kept}");
        return ExitCode::from(1);
    }
    if matches!(format, Format::Human) {
        println!("{}", site::summary(&outcome, &opts.root));
    }
    // The site replaced is removed while the above is printed.
    if let Err(e) = outcome.removal.wait() {
        eprintln!("error: the site is in place, but the one it replaced is still beside it: {e}");
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
