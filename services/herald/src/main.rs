//! `herald`: the stages in one process on files, and the Kafka tools.

mod bench;
mod gdelt;
mod input;
mod kafka;
mod produce;
mod run;
mod serve;
mod tail;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

#[global_allocator]
static ALLOCATOR: herald_stream::heap::Counting = herald_stream::heap::Counting;

#[derive(Parser)]
#[command(
    name = "herald",
    version,
    about = "Turns news-wire stories into structured event data"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Runs every stage in one process on files, folders or stdin (`-`).
    Run(RunArgs),
    /// Sends input records (the formats `run` reads) to a topic, keyed by id.
    Produce(produce::ProduceArgs),
    /// Prints a topic's records, one JSON record a line.
    Tail(tail::TailArgs),
    /// Measures the Kafka services: throughput and latency next to a pass-through ceiling.
    Bench(bench::BenchArgs),
    /// Serves the event store: the query API (/v1/...) and the live map page (/).
    Serve(serve::ServeArgs),
}

#[derive(clap::Args)]
pub struct RunArgs {
    /// Files (.json, .jsonl, .ndjson, .txt, .xml: NewsML-G2, RSS, Atom), folders (read
    /// recursively) or `-` for stdin.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Where to write the output, one record a line (default: stdout).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// What to write: enriched articles, one event a line, or the final state of each story.
    #[arg(long, value_enum, default_value_t = Emit::Articles)]
    pub emit: Emit,
    /// Pipeline settings (TOML); built-in defaults otherwise.
    #[arg(short, long, env = "HERALD_CONFIG")]
    pub config: Option<PathBuf>,
    /// Worker threads (default: every core).
    #[arg(short = 'j', long)]
    pub threads: Option<usize>,
    /// Where to write rejected records, whole, one a line.
    #[arg(long)]
    pub rejects: Option<PathBuf>,
    /// Also store the articles, events and stories in this database: a SQLite file (created
    /// when missing) or a postgres:// URL. Records then go to --output only when it is given.
    #[arg(long)]
    pub store: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Emit {
    Articles,
    Events,
    /// Events as GDELT 2.0 event-table rows (tab-separated, 61 columns).
    Gdelt,
    /// The final state of each story (one happening across articles and outlets, its
    /// events merged): a story leaving the window as it closes, the others after the run,
    /// by first article then id.
    Stories,
}

fn main() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    match cli.command {
        Command::Run(args) => run::run(&args),
        Command::Produce(args) => produce::produce(&args),
        Command::Tail(args) => tail::tail(&args),
        Command::Bench(args) => bench::bench(&args),
        Command::Serve(args) => serve::serve(&args),
    }
}
