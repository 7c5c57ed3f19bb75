//! The `vivier resolve`, `vivier extract` and `vivier taxonomy stats` commands, run as a user
//! runs them: one text a line on stdin, one JSON line out per text, on a taxonomy given by
//! path.

use std::io::Write;
use std::process::{Child, Command, Stdio};

use serde_json::Value;

use crate::common::{list_ids, TestServer};

/// A taxonomy in Vivier's JSONL format that no build of Vivier embeds.
const TAXONOMY: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/gen_taxonomy.jsonl"
);

/// Starts `vivier ARGS` with its three streams piped.
fn spawn(args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_vivier"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("vivier runs")
}

/// Runs `vivier ARGS` with `input` on stdin; returns its stdout as JSON lines.
fn run(args: &[&str], input: &str) -> Vec<Value> {
    let mut child = spawn(args);
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write stdin");
    let output = child.wait_with_output().expect("vivier ends");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .expect("UTF-8")
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect()
}

#[test]
fn extract_writes_one_line_per_text_in_the_text_s_language() {
    let lines = run(
        &["extract", "--taxonomy", TAXONOMY],
        "Serveuse en brasserie : service en salle et prise de commandes.\n\
         Waiter in a busy restaurant: table service and order taking.\n\
         \n",
    );
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["lang"], "fr");
    assert_eq!(lines[1]["lang"], "en");
    for line in &lines[..2] {
        let found = list_ids(&line["mentions"]);
        for id in [
            "test:occupation/waiter",
            "test:skill/service",
            "test:skill/orders",
        ] {
            assert!(found.contains(&id), "{id} in {line}");
        }
    }
    // Labels are given in the text's language, spans are the text's.
    let english = &lines[1]["mentions"][0];
    assert_eq!(english["label"], "waiter");
    assert_eq!(english["surface"], "Waiter");
    assert_eq!(
        (english["start"].as_u64(), english["end"].as_u64()),
        (Some(0), Some(6))
    );
    assert_eq!(lines[2]["mentions"], Value::Array(Vec::new()));
}

#[test]
fn resolve_ranks_candidates_of_the_kind_asked() {
    let lines = run(
        &[
            "resolve",
            "--taxonomy",
            TAXONOMY,
            "--kind",
            "occupation",
            "--lang",
            "en",
            "--top",
            "2",
        ],
        "serveuse\nsoudeur\n",
    );
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["text"], "serveuse");
    let candidates = lines[0]["candidates"].as_array().expect("candidates");
    assert!(!candidates.is_empty() && candidates.len() <= 2);
    assert_eq!(candidates[0]["id"], "test:occupation/waiter");
    assert_eq!(candidates[0]["label"], "waiter");
    assert!(candidates[0]["score"].as_f64().expect("score") > 0.9);
    assert_eq!(
        list_ids(&lines[1]["candidates"])[0],
        "test:occupation/welder"
    );
}

#[test]
fn a_bad_language_or_count_is_refused_before_reading_any_text() {
    for (args, flag) in [
        (&["extract", "--lang", "french"][..], "--lang"),
        (&["resolve", "--lang", "zz"][..], "--lang"),
        (&["resolve", "--top", "0"][..], "--top"),
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_vivier"))
            .args(args)
            .stdin(Stdio::null())
            .output()
            .expect("vivier runs");
        assert!(!output.status.success(), "{args:?}");
        assert!(
            String::from_utf8_lossy(&output.stderr).contains(flag),
            "{args:?}"
        );
    }
}

/// Runs `vivier ARGS` with `input` on stdin and a reader that closes its end of the output
/// pipe before reading anything; returns the exit status and stderr.
fn run_into_closed_pipe(args: &[&str], input: &str) -> (std::process::ExitStatus, String) {
    let mut child = spawn(args);
    drop(child.stdout.take());
    let mut stdin = child.stdin.take().expect("stdin");
    // vivier may stop reading once its output is gone.
    let _ = stdin.write_all(input.as_bytes());
    drop(stdin);
    let output = child.wait_with_output().expect("vivier ends");
    (
        output.status,
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_reader_that_stops_early_ends_the_command_quietly() {
    let texts = "Serveuse en brasserie, service en salle.\n".repeat(20_000);
    for args in [
        &["extract", "--taxonomy", TAXONOMY][..],
        &["resolve", "--taxonomy", TAXONOMY],
        &["taxonomy", "stats", TAXONOMY],
    ] {
        let (status, stderr) = run_into_closed_pipe(args, &texts);
        assert!(status.success(), "{args:?}: {status}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(!stderr.contains("Error"), "{args:?}: {stderr}");
    }
}

/// Runs `vivier ARGS` with `input` (bytes, UTF-8 or not) on stdin; returns whether it
/// succeeded, its stdout and its stderr.
fn run_bytes(args: &[&str], input: &[u8]) -> (bool, String, String) {
    let mut child = spawn(args);
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("write stdin");
    let output = child.wait_with_output().expect("vivier ends");
    (
        output.status.success(),
        String::from_utf8(output.stdout).expect("UTF-8 output"),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Regression (audit): a line that was not UTF-8 stopped `vivier resolve` and `vivier
/// extract` there; now it gets an error line of its own and the rest is answered.
#[test]
fn resolve_and_extract_answer_a_line_that_is_not_utf8_with_an_error() {
    let input = b"\xEF\xBB\xBFserveuse\ncaf\xE9 serveur\nsoudeur\n";
    for command in ["resolve", "extract"] {
        let (success, stdout, stderr) = run_bytes(&[command, "--taxonomy", TAXONOMY], input);
        assert!(!success, "{command}: a bad line must fail the command");
        assert!(
            stderr.contains("line 2: not valid UTF-8"),
            "{command}: {stderr}"
        );
        let lines: Vec<Value> = stdout
            .lines()
            .map(|line| serde_json::from_str(line).expect("a JSON line"))
            .collect();
        assert_eq!(lines.len(), 3, "{command}: {stdout}");
        // The byte order mark is no part of the first text.
        assert_eq!(lines[0]["text"], "serveuse", "{command}");
        assert_eq!(lines[1]["line"], 2, "{command}");
        assert!(
            lines[1]["error"]
                .as_str()
                .is_some_and(|e| e.contains("UTF-8")),
            "{command}: {}",
            lines[1]
        );
        assert_eq!(lines[2]["text"], "soudeur", "{command}");
    }
}

/// Regression (audit): `vivier index` stopped at the first line that was not UTF-8, with no
/// line number, and took a byte order mark for part of the first document.
#[test]
fn index_reports_a_line_that_is_not_utf8_and_loads_the_others() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("offers.ndjson");
    let mut ndjson = b"\xEF\xBB\xBF".to_vec();
    ndjson.extend_from_slice(br#"{"id":"o-1","title":"Serveur H/F"}"#);
    ndjson.extend_from_slice(b"\n{\"id\":\"o-2\",\"title\":\"Caf\xE9\"}\r\n");
    ndjson.extend_from_slice(br#"{"id":"o-3","title":"Plombier H/F"}"#);
    std::fs::write(&file, &ndjson).expect("write input");
    let data = dir.path().join("data");
    let data_dir = data.to_str().expect("path");
    let args = [
        "index",
        "--collection",
        "offers",
        "--data-dir",
        data_dir,
        file.to_str().expect("path"),
    ];
    let (success, stdout, stderr) = run_bytes(&args, b"");
    assert!(!success, "a bad line must fail the load: {stdout}");
    assert!(stderr.contains("line 2: not valid UTF-8"), "{stderr}");
    assert!(!stderr.contains("line 1"), "{stderr}");
    assert!(stdout.contains("indexed 2 documents"), "{stdout}");

    let config = vivier::config::Config::for_test(data.clone());
    let server = TestServer::start_in(dir, config);
    for (id, status) in [("o-1", 200), ("o-2", 404), ("o-3", 200)] {
        assert_eq!(
            server.get(&format!("/offers/{id}")).0.as_u16(),
            status,
            "{id}"
        );
    }
}

/// Regression (audit): `vivier rebuild` on a data directory without the collection created
/// an empty index there and claimed success.
#[test]
fn rebuild_refuses_a_data_directory_without_the_collection() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A data directory that does not exist, and one that holds no CV index.
    for data_dir in [dir.path().join("nothing/here"), dir.path().to_path_buf()] {
        let args = [
            "rebuild",
            "--collection",
            "cvs",
            "--data-dir",
            data_dir.to_str().expect("path"),
        ];
        let (success, stdout, stderr) = run_bytes(&args, b"");
        assert!(!success, "{stdout}");
        assert!(stderr.contains("no cvs index in"), "{stderr}");
        let created: Vec<_> = std::fs::read_dir(dir.path())
            .expect("tempdir")
            .flatten()
            .map(|entry| entry.path())
            .collect();
        assert!(created.is_empty(), "created {created:?}");
    }
}
