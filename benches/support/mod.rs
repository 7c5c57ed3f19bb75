//! What the benchmark binaries and the end-to-end tests that need a server process of their
//! own share: running the `vivier` binary and measuring disk use. Each uses part of it.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// The `vivier` binary cargo built for this benchmark.
pub const VIVIER: &str = env!("CARGO_BIN_EXE_vivier");

/// A `vivier serve` process on a free loopback port.
pub struct Server {
    /// The process.
    pub child: Child,
    /// Its base URL.
    pub base: String,
}

impl Server {
    /// Starts `vivier serve --no-demo` on `data` and waits until `/health` answers.
    pub fn start(data: &Path) -> Server {
        Server::start_with(data, &[], &[])
    }

    /// Like [`Server::start`], with more `vivier serve` arguments (`--taxonomy PATH`) and
    /// environment variables.
    pub fn start_with(data: &Path, extra: &[String], env: &[(&str, &Path)]) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let child = Command::new(VIVIER)
            .args([
                "serve",
                "--no-demo",
                "--listen",
                &format!("127.0.0.1:{port}"),
                "--data-dir",
            ])
            .arg(data)
            .args(extra)
            .envs(env.iter().copied())
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .expect("start server");
        let mut server = Server {
            child,
            base: format!("http://127.0.0.1:{port}"),
        };
        let client = reqwest::blocking::Client::new();
        for _ in 0..600 {
            let health = client.get(format!("{}/health", server.base)).send();
            if health.is_ok_and(|r| r.status().is_success()) {
                return server;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        server.stop();
        panic!("server did not start");
    }

    /// Returns the process's peak resident memory in MB (Linux).
    pub fn peak_rss_mb(&self) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmHWM:"))
            .and_then(|value| {
                value
                    .trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse::<f64>()
                    .ok()
            })
            .map_or(0.0, |kb| kb / 1024.0)
    }

    /// Returns the CPU time the process has used so far, user and system, in seconds
    /// (Linux; clock ticks of 10 ms).
    pub fn cpu_seconds(&self) -> f64 {
        let stat =
            std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).unwrap_or_default();
        // Fields after the command name, which is in parentheses and may hold spaces:
        // utime and stime are the 12th and 13th of them.
        let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
        let ticks: Vec<f64> = after_name
            .split_whitespace()
            .skip(11)
            .take(2)
            .filter_map(|field| field.parse().ok())
            .collect();
        ticks.iter().sum::<f64>() / 100.0
    }

    /// Stops the server with SIGTERM (it commits) and waits for it.
    pub fn stop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    /// A server outlives nothing that started it: a failed test or bench leaves no process
    /// behind (stopped servers are already reaped; killing them again is harmless).
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The benchmark's work directory: the one asked for (created if missing), or a temporary
/// one removed when the returned guard drops.
pub fn work_dir(asked: Option<&Path>) -> (tempfile::TempDir, std::path::PathBuf) {
    let temporary = tempfile::tempdir().expect("tempdir");
    let work = asked.map_or_else(|| temporary.path().to_path_buf(), Path::to_path_buf);
    std::fs::create_dir_all(&work).expect("work dir");
    (temporary, work)
}

/// Returns the bytes of every file under `path`.
pub fn dir_size(path: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(path) else {
        return 0;
    };
    entries
        .flatten()
        .map(|entry| match entry.metadata() {
            Ok(meta) if meta.is_dir() => dir_size(&entry.path()),
            Ok(meta) => meta.len(),
            Err(_) => 0,
        })
        .sum()
}
