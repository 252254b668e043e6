//! The whole `main` of a service binary: flags, settings, logging, metrics, signals, run.

use std::future::Future;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::{CommandFactory, FromArgMatches, Parser};
use herald_extract::PipelineConfig;
use tokio::task::JoinSet;
use tracing_subscriber::EnvFilter;

use crate::{Health, LogFormat, Processor, ServiceConfig, StreamError};

/// A service binary's flags.
#[derive(Parser)]
pub struct Args {
    /// Settings file (TOML) over the built-in ones.
    #[arg(short, long)]
    pub config: Option<PathBuf>,
    /// Bootstrap brokers, HOST:PORT[,HOST:PORT]... (over HERALD_BROKERS and the files).
    #[arg(long)]
    pub brokers: Option<String>,
}

/// The flags of the service binary `bin`.
pub fn args(bin: &'static str, about: &'static str) -> Result<Args, StreamError> {
    let command = Args::command()
        .name(bin)
        .about(about)
        .version(env!("CARGO_PKG_VERSION"));
    Args::from_arg_matches(&command.get_matches()).map_err(|e| StreamError::Config(e.to_string()))
}

/// Runs the service binary `bin` (`herald-ingest`, ...): `shipped` is its built-in `config/<name>.toml`,
/// `build` makes its processor from the settings. Returns when stopped by SIGTERM or SIGINT
/// (after draining, flushing and committing) or on a fatal error.
pub fn main<P: Processor>(
    bin: &'static str,
    about: &'static str,
    shipped: &str,
    build: impl FnOnce(&ServiceConfig, &PipelineConfig) -> Result<P, StreamError>,
) -> Result<(), StreamError> {
    let args = args(bin, about)?;
    let config = ServiceConfig::load(shipped, args.config.as_deref(), args.brokers.as_deref())?;
    let pipeline = PipelineConfig::read(config.pipeline.as_deref())?;
    init_logs(config.log_format);
    let processor = build(&config, &pipeline)?;
    let metrics = crate::metrics::install()?;
    run_to_end(runtime()?, async move {
        let health = Arc::new(Health::default());
        let app = crate::endpoints(metrics, health.clone());
        let http = tokio::spawn(crate::serve_router(config.metrics_addr, app));
        tokio::select! {
            r = crate::run(config, processor, health, stop_signal()) => r,
            r = http => http_ended(r),
        }
    })
}

/// Runs a service's work on `runtime` to its end and logs how it ended. The runtime's
/// blocking tasks then get a second, not the default wait for all of them: a stage's batch
/// cut off by the shutdown deadline may hold the last handle of a client whose close waits
/// on a hung broker.
pub fn run_to_end(
    runtime: tokio::runtime::Runtime,
    work: impl Future<Output = Result<(), StreamError>>,
) -> Result<(), StreamError> {
    let result = runtime.block_on(work);
    match &result {
        Ok(()) => tracing::info!("stopped"),
        Err(error) => tracing::error!(%error, "failed"),
    }
    runtime.shutdown_timeout(Duration::from_secs(1));
    result
}

/// The HTTP server's task ended, which it does only on an error: the service stops.
pub fn http_ended(
    joined: Result<Result<(), StreamError>, tokio::task::JoinError>,
) -> Result<(), StreamError> {
    match joined {
        Ok(Err(e)) => Err(e),
        _ => Err(StreamError::Config("the http server stopped".to_string())),
    }
}

/// Logs to stderr, filtered by `HERALD_LOG` (default `info`), as text or JSON lines.
pub fn init_logs(format: LogFormat) {
    let filter = EnvFilter::try_from_env("HERALD_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Json => logs.json().flatten_event(true).init(),
        LogFormat::Text => logs.init(),
    }
}

/// A service's async runtime: a worker thread a core, and as many blocking threads.
pub fn runtime() -> Result<tokio::runtime::Runtime, StreamError> {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get().max(2));
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(cores)
        // The stages run on the blocking pool. Left at tokio's default (512), it grew by a
        // thread now and then, when a batch was handed over before a finished thread was back
        // in the pool; each new thread kept its own allocator pages (RSS steps of several MB,
        // at any point of a run). More threads than cores cannot run the stages faster.
        .max_blocking_threads(cores)
        .enable_all()
        .build()
        .map_err(|e| StreamError::Io("starting the runtime".to_string(), e))
}

/// Waits for `tasks` to finish until `deadline`, then aborts those left: whether all finished.
pub async fn join_until(tasks: &mut JoinSet<()>, deadline: Instant) -> bool {
    let all = async { while tasks.join_next().await.is_some() {} };
    let joined = tokio::time::timeout_at(deadline.into(), all).await.is_ok();
    if !joined {
        tasks.abort_all();
    }
    joined
}

/// Resolves on the first SIGTERM or SIGINT.
pub async fn stop_signal() {
    use tokio::signal::unix::{signal, SignalKind};
    let mut term = signal(SignalKind::terminate()).expect("installing the SIGTERM handler");
    let mut int = signal(SignalKind::interrupt()).expect("installing the SIGINT handler");
    tokio::select! {
        _ = term.recv() => tracing::info!("sigterm received"),
        _ = int.recv() => tracing::info!("sigint received"),
    }
}
