//! Builds Vivier's Japanese dictionary from IPADIC sources (see `scripts/ja-dict`).
//!
//! ```text
//! vivier-ja-dict --source /usr/share/mecab/dic/ipadic --out target/ja-dict/ipadic
//! ```

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use vivier_analyzers::japanese::build_dictionary;

const USAGE: &str = "usage: vivier-ja-dict --source DIR --out DIR

Builds a lindera dictionary into --out from an IPADIC-format source folder (*.csv,
char.def, unk.def, matrix.def; UTF-8 or EUC-JP), such as Debian's mecab-ipadic in
/usr/share/mecab/dic/ipadic. Point VIVIER_JA_DICT at --out to use it.";

fn main() -> ExitCode {
    let mut source = None;
    let mut out = None;
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        let slot = match arg.to_str() {
            Some("--source") => &mut source,
            Some("--out") => &mut out,
            Some("-h" | "--help") => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            _ => {
                eprintln!("vivier-ja-dict: unexpected argument {arg:?}\n\n{USAGE}");
                return ExitCode::from(2);
            }
        };
        match args.next() {
            Some(value) => *slot = Some(PathBuf::from(value)),
            None => {
                eprintln!("vivier-ja-dict: {arg:?} needs a value\n\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let (Some(source), Some(out)) = (source, out) else {
        eprintln!("vivier-ja-dict: --source and --out are required\n\n{USAGE}");
        return ExitCode::from(2);
    };
    let started = Instant::now();
    match build_dictionary(&source, &out) {
        Ok(built) => {
            eprintln!(
                "vivier-ja-dict: {} entries from {} word lists ({}) built into {} in {:.1}s",
                built.entries,
                built.word_lists,
                built.encoding,
                out.display(),
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("vivier-ja-dict: {err}");
            ExitCode::FAILURE
        }
    }
}
