//! What a generation's documents were analysed with, recorded beside them.
//!
//! The terms and concepts of an indexed document come from the code's analysis, the default
//! language and the taxonomy at the time it was written. When any of them changes (a new
//! Vivier, another `--taxonomy`), searches still run, but old documents keep their old terms
//! and concepts until a rebuild. Each generation records its [`BuildStamp`] in
//! `gen-NNNNNN/vivier-build.json`, so that a server can tell its admins which collections
//! need a rebuild, and why.

use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};
use vivier_analyzers::ANALYSIS_VERSION;

use crate::error::Result;
use crate::store::replace_file;

const STAMP_FILE: &str = "vivier-build.json";

/// What documents were (or are being) analysed with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuildStamp {
    /// [`ANALYSIS_VERSION`] of the code that analysed the documents.
    pub analysis_version: u32,
    /// The language of documents too short to tell.
    pub default_lang: String,
    /// The fingerprint of the taxonomy that tagged the documents (16 hex digits), or `None`
    /// when they were not tagged.
    pub taxonomy: Option<String>,
}

impl BuildStamp {
    /// The stamp of this code with the given default language and taxonomy fingerprint.
    pub fn current(default_lang: &str, taxonomy_fingerprint: Option<u64>) -> BuildStamp {
        BuildStamp {
            analysis_version: ANALYSIS_VERSION,
            default_lang: default_lang.to_string(),
            taxonomy: taxonomy_fingerprint.map(|f| format!("{f:016x}")),
        }
    }

    /// Why documents stamped `self` differ from what `running` would make of them, one
    /// reason a difference; empty when they are the same.
    pub fn differences(&self, running: &BuildStamp) -> Vec<String> {
        let mut reasons = Vec::new();
        if self.analysis_version != running.analysis_version {
            reasons.push(format!(
                "analysed by analysis version {}, this Vivier's is version {}",
                self.analysis_version, running.analysis_version
            ));
        }
        if self.default_lang != running.default_lang {
            reasons.push(format!(
                "default language `{}`, now `{}`",
                self.default_lang, running.default_lang
            ));
        }
        if self.taxonomy != running.taxonomy {
            let name = |taxonomy: &Option<String>| match taxonomy {
                Some(fingerprint) => format!("taxonomy {fingerprint}"),
                None => "no taxonomy".to_string(),
            };
            reasons.push(format!(
                "tagged with {}, now {}",
                name(&self.taxonomy),
                name(&running.taxonomy)
            ));
        }
        reasons
    }
}

/// Reads the stamp of the generation in `directory`: `None` when it has none (written
/// before stamps existed) or it cannot be read, which both mean "unknown".
pub(crate) fn read(directory: &Path) -> Option<BuildStamp> {
    let text = fs::read_to_string(directory.join(STAMP_FILE)).ok()?;
    serde_json::from_str(&text).ok()
}

/// Records `stamp` for the generation in `directory`; a crash leaves the old stamp or the
/// new one.
pub(crate) fn write(directory: &Path, stamp: &BuildStamp) -> Result<()> {
    replace_file(directory, STAMP_FILE, &serde_json::to_vec(stamp)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_name_what_changed() {
        let running = BuildStamp::current("fr", Some(0xabc));
        assert!(running.differences(&running).is_empty());
        let old = BuildStamp {
            analysis_version: 0,
            default_lang: "en".into(),
            taxonomy: None,
        };
        assert_eq!(
            old.differences(&running),
            vec![
                format!(
                    "analysed by analysis version 0, this Vivier's is version {ANALYSIS_VERSION}"
                ),
                "default language `en`, now `fr`".to_string(),
                "tagged with no taxonomy, now taxonomy 0000000000000abc".to_string(),
            ]
        );
    }

    #[test]
    fn a_stamp_survives_writing_and_a_missing_one_is_unknown() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert_eq!(read(dir.path()), None);
        let stamp = BuildStamp::current("fr", Some(42));
        write(dir.path(), &stamp).expect("write");
        assert_eq!(read(dir.path()), Some(stamp));
        fs::write(dir.path().join(STAMP_FILE), "{not json").expect("garble");
        assert_eq!(read(dir.path()), None);
    }
}
