//! The `vivier` binary.

use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::EnvFilter;
use vivier::cli::{
    load_config, run_eval, run_extract, run_gen, run_index, run_rebuild, run_relevance,
    run_resolve, run_taxonomy_stats, seed_demo, Cli, Command, TaxonomyCommand,
};

/// Analysis and indexing allocate many small, short-lived strings on several threads at
/// once; glibc's allocator spent about a fifth of the write path's time on them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        // The reader of the output stopped reading (`vivier extract < cvs.txt | head`):
        // nothing went wrong, there is just no one left to write to.
        Err(err) if closed_output(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("Error: {err:?}");
            ExitCode::FAILURE
        }
    }
}

/// Returns whether `err` comes from writing to a pipe whose reader is gone.
fn closed_output(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .and_then(serde_json::Error::io_error_kind)
                == Some(std::io::ErrorKind::BrokenPipe)
    })
}

fn run() -> anyhow::Result<()> {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("vivier=info,tower_http=info,tantivy=warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    match cli.command {
        Command::Serve {
            index,
            listen,
            no_demo,
            rebuild_stale,
        } => {
            let mut config = load_config(&index)?;
            if let Some(listen) = listen {
                config.listen = listen;
            }
            if no_demo {
                config.demo = false;
            }
            if rebuild_stale {
                config.rebuild_stale = true;
            }
            config.validate()?;
            seed_demo(&config)?;
            serve(config)
        }
        Command::Index {
            index,
            collection,
            file,
            workers,
            heap_mb,
        } => {
            let report = run_index(&index, collection, &file, workers, heap_mb)?;
            if report.failed > 0 {
                std::process::exit(1);
            }
            Ok(())
        }
        Command::Gen {
            cvs,
            offers,
            seed,
            out,
            truth,
            taxonomy,
        } => run_gen(cvs, offers, seed, &out, truth, &taxonomy),
        Command::Rebuild { index, collection } => run_rebuild(&index, collection),
        Command::Relevance {
            taxonomy,
            corpus,
            cvs,
            offers,
            seed,
            verbose,
            postings,
        } => run_relevance(
            &taxonomy,
            corpus,
            (cvs, offers, seed),
            postings.as_deref(),
            verbose,
        ),
        Command::Resolve {
            taxonomy,
            kind,
            lang,
            top,
        } => run_resolve(&taxonomy, kind, lang, top),
        Command::Extract { taxonomy, lang } => run_extract(&taxonomy, lang),
        Command::Taxonomy {
            command: TaxonomyCommand::Stats { sources, top },
        } => run_taxonomy_stats(&sources, top),
        Command::Eval {
            taxonomy,
            devset,
            verbose,
            skillspan,
            autocomplete,
        } => run_eval(
            &taxonomy,
            &devset,
            verbose,
            skillspan.as_deref(),
            autocomplete,
        ),
    }
}

fn serve(config: vivier::config::Config) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Runtime::new()?;
    let (state, writers) = vivier::open_state(config.clone())?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(config.listen_addr()?).await?;
        vivier::serve(listener, state, shutdown_signal()).await?;
        anyhow::Ok(())
    })?;
    drop(runtime);
    writers.shutdown();
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
