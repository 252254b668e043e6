//! `herald run`: the one-process driver of the pipeline.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use herald_extract::stories::{self, Stories};
use herald_extract::{Doc, Pipeline, PipelineConfig, StageError};
use herald_model::{EnrichedArticle, InputLimits, RawArticle, Story, StoryUpdate};
use herald_store::{Batch, Store};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::input::{self, Item, Origin};
use crate::{Emit, RunArgs};

/// Records processed together: large enough to keep every core busy, small enough to keep
/// memory flat and output flowing.
const BATCH: usize = 512;

#[derive(Default)]
struct Totals {
    articles: u64,
    rejected: u64,
    duplicates: u64,
    events: u64,
}

struct Run<'a> {
    pipeline: Pipeline,
    output: Box<dyn Write + 'a>,
    rejects: Option<BufWriter<File>>,
    emit: Emit,
    totals: Totals,
    progress: ProgressBar,
    batch: Vec<(Origin, RawArticle)>,
    /// With `--emit stories`: the stories, fed the articles in input order.
    stories: Option<Stories>,
    /// With `--store`: the database, written a batch at a time.
    store: Option<Stored>,
}

/// The database of `--store` and the async runtime its writes run on.
struct Stored {
    runtime: tokio::runtime::Runtime,
    store: Store,
    batch: Batch,
}

impl Stored {
    fn open(target: &str) -> anyhow::Result<Self> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .context("starting the store's runtime")?;
        let store = runtime
            .block_on(Store::open(target))
            .with_context(|| format!("opening the store {target}"))?;
        Ok(Self {
            runtime,
            store,
            batch: Batch::default(),
        })
    }

    fn flush(&mut self) -> anyhow::Result<()> {
        let batch = std::mem::take(&mut self.batch);
        if !batch.is_empty() {
            self.runtime
                .block_on(self.store.write(&batch))
                .context("writing to the store")?;
        }
        Ok(())
    }
}

/// One record on its way through the stages; the raw input is kept for the reject file.
struct Slot {
    origin: Origin,
    raw: RawArticle,
    doc: Option<Doc>,
    error: Option<StageError>,
}

pub fn run(args: &RunArgs) -> anyhow::Result<ExitCode> {
    let config =
        PipelineConfig::read(args.config.as_deref()).context("reading the pipeline settings")?;
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .context("starting worker threads")?;
    }
    let output = open_output(args)?;
    let store = args.store.as_deref().map(Stored::open).transpose()?;
    let rejects = args.rejects.as_deref().map(create).transpose()?;
    let mut run = Run {
        pipeline: Pipeline::all(&config)?,
        output,
        rejects: rejects.map(BufWriter::new),
        emit: args.emit,
        totals: Totals::default(),
        progress: progress_bar(),
        batch: Vec::with_capacity(BATCH),
        stories: (args.emit == Emit::Stories || store.is_some())
            .then(|| Stories::new(&config.stories)),
        store,
    };

    let started = Instant::now();
    let files = input::expand(&args.inputs).context("listing inputs")?;
    run.read_all(&files, &config.limits.input())?;
    run.finish()?;
    let t = &run.totals;
    summary(t, started.elapsed().as_secs_f64());
    Ok(if t.articles > 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

fn create(path: &Path) -> anyhow::Result<File> {
    File::create(path).with_context(|| format!("creating {}", path.display()))
}

/// `--output`, else nothing with `--store`, else stdout.
fn open_output(args: &RunArgs) -> anyhow::Result<Box<dyn Write>> {
    Ok(match &args.output {
        Some(path) => Box::new(BufWriter::new(create(path)?)),
        None if args.store.is_some() => Box::new(io::sink()),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    })
}

/// A spinner on a terminal, nothing otherwise.
fn progress_bar() -> ProgressBar {
    if io::stderr().is_terminal() {
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} {pos} articles {per_sec} {elapsed} {msg}")
                .expect("valid template"),
        );
        bar
    } else {
        ProgressBar::hidden()
    }
}

fn summary(t: &Totals, secs: f64) {
    eprintln!(
        "herald run: {} articles, {} rejected, {} duplicates, {} events in {:.2} s ({:.0} articles/s); heap {:.1} MB",
        t.articles,
        t.rejected,
        t.duplicates,
        t.events,
        secs,
        t.articles as f64 / secs.max(1e-9),
        herald_stream::heap::in_use() as f64 / 1e6
    );
}

impl Run<'_> {
    /// Every record of `files`; a file that cannot be read is counted as one rejected.
    fn read_all(&mut self, files: &[PathBuf], limits: &InputLimits) -> anyhow::Result<()> {
        let mut failure = None;
        for file in files {
            let mut emit = |item: Item| {
                if failure.is_none() {
                    if let Err(e) = self.accept(item) {
                        failure = Some(e);
                    }
                }
            };
            if let Err(e) = input::read(file, limits, &mut emit) {
                self.progress
                    .suspend(|| eprintln!("{}: rejected: cannot read: {e}", file.display()));
                self.totals.rejected += 1;
            }
            if let Some(e) = failure.take() {
                return Err(e);
            }
        }
        Ok(())
    }

    /// The last batch and the live stories written, every output flushed.
    fn finish(&mut self) -> anyhow::Result<()> {
        self.flush_batch()?;
        self.write_stories()?;
        if let Some(stored) = &mut self.store {
            stored.flush()?;
            stored.runtime.block_on(stored.store.close());
        }
        self.output.flush().context("writing output")?;
        if let Some(r) = &mut self.rejects {
            r.flush().context("writing rejects")?;
        }
        self.progress.finish_and_clear();
        Ok(())
    }

    fn accept(&mut self, item: Item) -> anyhow::Result<()> {
        match item.record {
            Ok(raw) => {
                self.batch.push((item.origin, raw));
                if self.batch.len() >= BATCH {
                    self.flush_batch()?;
                }
            }
            Err((err, bytes)) => self.reject(&item.origin, &err.to_string(), &bytes)?,
        }
        Ok(())
    }

    fn reject(&mut self, origin: &Origin, reason: &str, bytes: &[u8]) -> anyhow::Result<()> {
        self.totals.rejected += 1;
        self.progress
            .suspend(|| eprintln!("{origin}: rejected: {reason}"));
        if let Some(out) = &mut self.rejects {
            out.write_all(bytes).context("writing rejects")?;
            out.write_all(b"\n").context("writing rejects")?;
        }
        Ok(())
    }

    /// Runs the batch through the stages in order: a stage that keeps state across records
    /// sees them one by one in input order, every other stage runs on all cores.
    fn flush_batch(&mut self) -> anyhow::Result<()> {
        let mut slots: Vec<Slot> = std::mem::take(&mut self.batch)
            .into_iter()
            .map(|(origin, raw)| Slot {
                origin,
                doc: Some(Doc::new(EnrichedArticle::new(raw.clone()))),
                raw,
                error: None,
            })
            .collect();
        let pipeline = &self.pipeline;
        for stage in pipeline.stages() {
            let step = |slot: &mut Slot| {
                if let Some(doc) = &mut slot.doc {
                    if let Err(e) = pipeline.apply(stage.as_ref(), doc) {
                        slot.doc = None;
                        slot.error = Some(e);
                    }
                }
            };
            if stage.sequential() {
                slots.iter_mut().for_each(step);
            } else {
                slots.par_iter_mut().for_each(step);
            }
        }
        for slot in slots {
            match (slot.doc, slot.error) {
                (Some(doc), _) => self.write(doc.article())?,
                (None, error) => {
                    let reason = error.map_or_else(|| "lost".to_string(), |e| e.to_string());
                    let bytes = serde_json::to_vec(&slot.raw).unwrap_or_default();
                    self.reject(&slot.origin, &reason, &bytes)?;
                }
            }
        }
        if let Some(stored) = &mut self.store {
            stored.flush()?;
        }
        Ok(())
    }

    fn write(&mut self, article: &EnrichedArticle) -> anyhow::Result<()> {
        self.totals.articles += 1;
        self.totals.duplicates += u64::from(article.duplicate_of.is_some());
        self.totals.events += article.events.len() as u64;
        self.progress.inc(1);
        if let Some(stored) = &mut self.store {
            stored.batch.add_article(article);
        }
        if self.store.is_some() && self.emit != Emit::Stories {
            self.follow(article)?;
        }
        match self.emit {
            Emit::Articles => {
                serde_json::to_writer(&mut self.output, article).context("writing output")?;
                self.output.write_all(b"\n").context("writing output")?;
            }
            Emit::Events => {
                for event in &article.events {
                    serde_json::to_writer(&mut self.output, event).context("writing output")?;
                    self.output.write_all(b"\n").context("writing output")?;
                }
            }
            Emit::Gdelt => {
                for event in &article.events {
                    crate::gdelt::write_row(&mut self.output, event).context("writing output")?;
                }
            }
            Emit::Stories => self.follow(article)?,
        }
        Ok(())
    }

    /// Adds the article to the stories and keeps the final state of those it closes: a
    /// closed story is not held, so memory stays bounded by the live ones.
    fn follow(&mut self, article: &EnrichedArticle) -> anyhow::Result<()> {
        let Some(stories) = &mut self.stories else {
            return Ok(());
        };
        for update in stories.add(article) {
            if let StoryUpdate::Closed(story) = update {
                self.keep_story(&story, true)?;
            }
        }
        Ok(())
    }

    /// A story's final state to the store (with `--store`) and the output (with `--emit
    /// stories`); `closed`: it left the window before the end of the run.
    fn keep_story(&mut self, story: &Story, closed: bool) -> anyhow::Result<()> {
        if let Some(stored) = &mut self.store {
            stored.batch.add_story(story, closed);
        }
        if self.emit == Emit::Stories {
            serde_json::to_writer(&mut self.output, story).context("writing output")?;
            self.output.write_all(b"\n").context("writing output")?;
        }
        Ok(())
    }

    /// Writes the final state of the stories still live, by first article then id.
    fn write_stories(&mut self) -> anyhow::Result<()> {
        let Some(live) = self.stories.take() else {
            return Ok(());
        };
        let mut all = live.finish();
        stories::sort(&mut all);
        for story in &all {
            self.keep_story(story, false)?;
        }
        Ok(())
    }
}
