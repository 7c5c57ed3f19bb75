//! Service configuration: defaults, then a TOML file, then `VIVIER_*` environment
//! variables, then command-line flags, each overriding the one before.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use vivier_analyzers::Lang;

/// Everything the service can be configured with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Where indexes live.
    pub data_dir: PathBuf,
    /// Address to listen on.
    pub listen: String,
    /// Language assumed when detection is unsure (ISO 639-1).
    pub default_lang: String,
    /// Largest request body, in bytes, except `_bulk`.
    pub max_body_bytes: usize,
    /// Largest `_bulk` body, in bytes.
    pub max_bulk_bytes: usize,
    /// Fill an empty data directory with the demo corpus on `serve`.
    pub demo: bool,
    /// CVs in the demo corpus.
    pub demo_cvs: usize,
    /// Offers in the demo corpus.
    pub demo_offers: usize,
    /// Requests taking longer, once their headers are read, are answered 408.
    pub request_timeout_secs: u64,
    /// Connections that take longer to send a request's headers are closed.
    pub header_read_timeout_secs: u64,
    /// Memory budget of each collection's live writer, in MiB.
    pub writer_heap_mb: usize,
    /// Longest time, in milliseconds, between an acknowledged write and the commit that makes
    /// it searchable.
    pub commit_interval_ms: u64,
    /// Time, in seconds, after a delete when deleted documents are purged from the index
    /// files (also on demand: `POST /admin/purge`).
    pub purge_delay_secs: u64,
    /// Taxonomy sources merged in order (Vivier JSONL files, ESCO or ROME folders); empty
    /// means the built-in taxonomy.
    pub taxonomy: Vec<PathBuf>,
    /// Folder of the Japanese dictionary built by `scripts/ja-dict`; none means Japanese is
    /// cut into character bigrams. Changing it changes how Japanese is indexed: rebuild.
    pub ja_dict: Option<PathBuf>,
    /// On `serve`, rebuild at start every collection whose documents were analysed otherwise
    /// (another Vivier, default language or taxonomy: see `GET /health`), while serving.
    pub rebuild_stale: bool,
    /// JSON file of the API keys and their scopes (see `src/auth.rs`); none means the
    /// service is open to every caller, personal data included.
    pub api_keys: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            data_dir: PathBuf::from("data"),
            listen: "127.0.0.1:7700".to_string(),
            default_lang: "fr".to_string(),
            max_body_bytes: 1 << 20,
            max_bulk_bytes: 100 << 20,
            demo: true,
            demo_cvs: 3_000,
            demo_offers: 1_000,
            request_timeout_secs: 30,
            header_read_timeout_secs: 30,
            writer_heap_mb: 128,
            commit_interval_ms: 500,
            purge_delay_secs: 3_600,
            taxonomy: Vec::new(),
            ja_dict: None,
            rebuild_stale: false,
            api_keys: None,
        }
    }
}

/// Why a configuration was refused.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The TOML file or an environment variable does not parse.
    #[error("configuration: {0}")]
    Parse(String),
    /// A value is out of range.
    #[error("configuration: {0}")]
    Invalid(String),
}

/// Keys that may come from `VIVIER_<KEY>` environment variables.
const ENV_KEYS: &[&str] = &[
    "data_dir",
    "listen",
    "default_lang",
    "max_body_bytes",
    "max_bulk_bytes",
    "demo",
    "demo_cvs",
    "demo_offers",
    "request_timeout_secs",
    "header_read_timeout_secs",
    "writer_heap_mb",
    "commit_interval_ms",
    "purge_delay_secs",
    "taxonomy",
    "ja_dict",
    "rebuild_stale",
    "api_keys",
];

impl Config {
    /// Builds a configuration from an optional TOML text and an environment map.
    pub fn load(
        toml_text: Option<&str>,
        env: &HashMap<String, String>,
    ) -> Result<Config, ConfigError> {
        let mut table = match toml_text {
            Some(text) => text
                .parse::<toml::Table>()
                .map_err(|err| ConfigError::Parse(err.to_string()))?,
            None => toml::Table::new(),
        };
        for key in ENV_KEYS {
            let name = format!("VIVIER_{}", key.to_uppercase());
            if let Some(raw) = env.get(&name) {
                let value = if *key == "taxonomy" {
                    // A list of paths, separated like PATH.
                    toml::Value::Array(
                        raw.split(':')
                            .filter(|p| !p.is_empty())
                            .map(|p| toml::Value::String(p.to_string()))
                            .collect(),
                    )
                } else {
                    env_value(raw)
                };
                table.insert(key.to_string(), value);
            }
        }
        let config: Config = toml::Value::Table(table)
            .try_into()
            .map_err(|err: toml::de::Error| ConfigError::Parse(err.to_string()))?;
        config.validate()?;
        Ok(config)
    }

    /// Checks values that parse but make no sense.
    pub fn validate(&self) -> Result<(), ConfigError> {
        self.default_lang()?;
        self.listen_addr()?;
        if self.max_body_bytes < 1024 || self.max_bulk_bytes < 1024 {
            return Err(ConfigError::Invalid(
                "body limits must be at least 1024 bytes".into(),
            ));
        }
        if !(10..=1_000).contains(&self.commit_interval_ms) {
            return Err(ConfigError::Invalid(
                "commit_interval_ms must be between 10 and 1000 (writes must be searchable within a second)".into(),
            ));
        }
        if self.request_timeout_secs == 0 || self.header_read_timeout_secs == 0 {
            return Err(ConfigError::Invalid(
                "request_timeout_secs and header_read_timeout_secs must be at least 1".into(),
            ));
        }
        if self.writer_heap_mb < 15 {
            return Err(ConfigError::Invalid(
                "writer_heap_mb must be at least 15 (tantivy's minimum)".into(),
            ));
        }
        if let Some(dir) = &self.ja_dict {
            vivier_analyzers::japanese::load_japanese_tokenizer(dir).map_err(|err| {
                ConfigError::Invalid(format!(
                    "ja_dict: {err} (build it with scripts/ja-dict, or leave ja_dict unset)"
                ))
            })?;
        }
        Ok(())
    }

    /// Returns the default language.
    pub fn default_lang(&self) -> Result<Lang, ConfigError> {
        Lang::from_iso(&self.default_lang)
            .map_err(|err| ConfigError::Invalid(format!("default_lang: {err}")))
    }

    /// Returns the listen address.
    pub fn listen_addr(&self) -> Result<SocketAddr, ConfigError> {
        self.listen.parse().map_err(|_| {
            ConfigError::Invalid(format!("listen: `{}` is not HOST:PORT", self.listen))
        })
    }

    /// A configuration for tests: a given data directory, an ephemeral port, no demo.
    pub fn for_test(data_dir: PathBuf) -> Config {
        Config {
            data_dir,
            listen: "127.0.0.1:0".to_string(),
            demo: false,
            writer_heap_mb: 32,
            ..Config::default()
        }
    }
}

/// Reads an environment value as a TOML scalar when it is one (`8080`, `true`), else as a
/// string (`./data`).
fn env_value(raw: &str) -> toml::Value {
    let wrapped = format!("v = {raw}");
    match wrapped.parse::<toml::Table>() {
        Ok(mut table) => match table.remove("v") {
            Some(value @ (toml::Value::Integer(_) | toml::Value::Boolean(_))) => value,
            _ => toml::Value::String(raw.to_string()),
        },
        Err(_) => toml::Value::String(raw.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults_are_sane() {
        let config = Config::load(None, &HashMap::new()).expect("defaults");
        assert_eq!(config, Config::default());
        assert_eq!(config.default_lang().unwrap(), Lang::Fr);
    }

    #[test]
    fn environment_overrides_the_file() {
        let file = "data_dir = \"/srv/vivier\"\nlisten = \"0.0.0.0:9000\"\nmax_body_bytes = 4096\n";
        let config = Config::load(
            Some(file),
            &env(&[
                ("VIVIER_LISTEN", "127.0.0.1:9100"),
                ("VIVIER_DEMO", "false"),
                ("VIVIER_DATA_DIR", "/tmp/x"),
            ]),
        )
        .expect("valid");
        assert_eq!(config.listen, "127.0.0.1:9100");
        assert_eq!(config.data_dir, PathBuf::from("/tmp/x"));
        assert_eq!(config.max_body_bytes, 4096);
        assert!(!config.demo);
    }

    #[test]
    fn rejects_unknown_keys_and_bad_values() {
        assert!(Config::load(Some("colour = \"blue\""), &HashMap::new()).is_err());
        assert!(Config::load(None, &env(&[("VIVIER_DEFAULT_LANG", "french")])).is_err());
        assert!(Config::load(None, &env(&[("VIVIER_LISTEN", "nowhere")])).is_err());
        assert!(Config::load(None, &env(&[("VIVIER_MAX_BODY_BYTES", "ten")])).is_err());
        let no_header_timeout = env(&[("VIVIER_HEADER_READ_TIMEOUT_SECS", "0")]);
        assert!(Config::load(None, &no_header_timeout).is_err());
        let header_timeout = env(&[("VIVIER_HEADER_READ_TIMEOUT_SECS", "5")]);
        let config = Config::load(None, &header_timeout).expect("valid");
        assert_eq!(config.header_read_timeout_secs, 5);
    }
}
