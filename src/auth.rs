//! API keys: which routes a caller may use, and whether it sees candidates' personal data.
//!
//! Keys come from a JSON file named by the `api_keys` setting:
//!
//! ```json
//! {"keys": [{"name": "lyon-recruiters", "key": "…", "scopes": ["cvs:read", "offers:read"]}]}
//! ```
//!
//! Without that setting the service is open, as a development server: every caller may read
//! and write everything, and `serve` says so in its log. With it, every route but `/health`
//! needs a key (`Authorization: Bearer KEY` or `X-Api-Key: KEY`) with the route's scopes,
//! and a CV's `contact` is left out of every answer unless the key has `cvs:personal`.
//! Keys are kept as SHA-256 digests, so that looking one up tells nothing about the others.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::error::ApiError;

/// Shortest key accepted: a key is a secret, not a password to remember.
const MIN_KEY_CHARS: usize = 24;

/// What a key allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
pub enum Scope {
    /// Search and read CVs, and match offers to them (personal data left out).
    #[serde(rename = "cvs:read")]
    CvsRead,
    /// See CVs' `contact`, wherever a CV is answered.
    #[serde(rename = "cvs:personal")]
    CvsPersonal,
    /// Write and delete CVs.
    #[serde(rename = "cvs:write")]
    CvsWrite,
    /// Search and read offers, and match CVs to them.
    #[serde(rename = "offers:read")]
    OffersRead,
    /// Write and delete offers.
    #[serde(rename = "offers:write")]
    OffersWrite,
    /// Resolve, extract, autocomplete and read taxonomy concepts.
    #[serde(rename = "taxonomy")]
    Taxonomy,
    /// Purge, rebuild and follow tasks.
    #[serde(rename = "admin")]
    Admin,
    /// Every scope.
    #[serde(rename = "*")]
    All,
}

impl Scope {
    fn as_str(self) -> &'static str {
        match self {
            Scope::CvsRead => "cvs:read",
            Scope::CvsPersonal => "cvs:personal",
            Scope::CvsWrite => "cvs:write",
            Scope::OffersRead => "offers:read",
            Scope::OffersWrite => "offers:write",
            Scope::Taxonomy => "taxonomy",
            Scope::Admin => "admin",
            Scope::All => "*",
        }
    }
}

/// One key's grant.
#[derive(Debug)]
pub struct Grant {
    /// The key's name, for logs (never the key itself).
    pub name: String,
    scopes: BTreeSet<Scope>,
}

impl Grant {
    /// Whether the key has `scope`.
    pub fn allows(&self, scope: Scope) -> bool {
        self.scopes.contains(&Scope::All) || self.scopes.contains(&scope)
    }
}

/// The keys the service accepts.
#[derive(Debug, Default)]
pub struct ApiKeys {
    by_digest: HashMap<[u8; 32], Arc<Grant>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KeysFile {
    keys: Vec<KeyEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyEntry {
    name: String,
    key: String,
    scopes: Vec<Scope>,
}

fn digest(key: &str) -> [u8; 32] {
    Sha256::digest(key.as_bytes()).into()
}

impl ApiKeys {
    /// Reads a keys file; every problem is reported with what to fix.
    pub fn load(path: &Path) -> Result<ApiKeys, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|err| format!("api_keys: cannot read {}: {err}", path.display()))?;
        Self::parse(&text).map_err(|err| format!("api_keys: {}: {err}", path.display()))
    }

    /// Parses the keys file's JSON.
    pub fn parse(text: &str) -> Result<ApiKeys, String> {
        let file: KeysFile = serde_json::from_str(text).map_err(|err| {
            format!(
                "{err} (expected {{\"keys\": [{{\"name\", \"key\", \"scopes\"}}]}}, scopes among \
                 cvs:read, cvs:personal, cvs:write, offers:read, offers:write, taxonomy, admin, *)"
            )
        })?;
        if file.keys.is_empty() {
            return Err("no keys: list at least one, or leave api_keys unset".into());
        }
        let mut keys = ApiKeys::default();
        let mut names = BTreeSet::new();
        for entry in file.keys {
            if entry.name.trim().is_empty() || !names.insert(entry.name.clone()) {
                return Err(format!(
                    "key names must be present and distinct: `{}`",
                    entry.name
                ));
            }
            // A key travels in a header: visible ASCII only, or no client could send it.
            if entry.key.len() < MIN_KEY_CHARS || !entry.key.bytes().all(|b| b.is_ascii_graphic()) {
                return Err(format!(
                    "key `{}` must be at least {MIN_KEY_CHARS} characters of visible ASCII, \
                     without spaces (e.g. `openssl rand -hex 32`)",
                    entry.name
                ));
            }
            if entry.scopes.is_empty() {
                return Err(format!("key `{}` has no scopes", entry.name));
            }
            let grant = Grant {
                name: entry.name.clone(),
                scopes: entry.scopes.into_iter().collect(),
            };
            if keys
                .by_digest
                .insert(digest(&entry.key), Arc::new(grant))
                .is_some()
            {
                return Err(format!("key `{}` is also another key's", entry.name));
            }
        }
        Ok(keys)
    }

    /// The grant of a presented key.
    pub fn grant(&self, key: &str) -> Option<Arc<Grant>> {
        self.by_digest.get(&digest(key)).cloned()
    }
}

/// What a route needs: scopes, and whether its answer carries CVs.
struct Need {
    scopes: Vec<Scope>,
    answers_cvs: bool,
}

/// The scopes a request needs. `None` for `/health`, open to all. An unknown route needs a
/// valid key and no scope (the router then answers 404 or 405).
fn need(method: &Method, path: &str) -> Option<Need> {
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    let read = |collection: &str| match collection {
        "cvs" => Some(Scope::CvsRead),
        "offers" => Some(Scope::OffersRead),
        _ => None,
    };
    let write = |collection: &str| match collection {
        "cvs" => Some(Scope::CvsWrite),
        "offers" => Some(Scope::OffersWrite),
        _ => None,
    };
    let (scopes, answers_cvs) = match parts.as_slice() {
        ["health"] => return None,
        ["taxonomy", ..] => (vec![Scope::Taxonomy], false),
        ["admin", ..] => (vec![Scope::Admin], false),
        // Matching an offer answers CVs; a stored source is read too.
        ["match", "offer"] => (vec![Scope::CvsRead], true),
        ["match", "offer", ..] => (vec![Scope::CvsRead, Scope::OffersRead], true),
        ["match", "cv"] => (vec![Scope::OffersRead], false),
        ["match", "cv", ..] => (vec![Scope::OffersRead, Scope::CvsRead], false),
        [collection, "_search"] => (read(collection).into_iter().collect(), *collection == "cvs"),
        [collection, "_bulk"] => (write(collection).into_iter().collect(), false),
        [collection, ..] if *method == Method::GET || *method == Method::HEAD => {
            (read(collection).into_iter().collect(), *collection == "cvs")
        }
        [collection, ..] => (write(collection).into_iter().collect(), false),
        [] => (Vec::new(), false),
    };
    Some(Need {
        scopes,
        answers_cvs,
    })
}

/// The key a request presents.
fn presented_key(request: &Request) -> Option<&str> {
    let headers = request.headers();
    if let Some(value) = headers.get(header::AUTHORIZATION) {
        // `Bearer KEY`, the scheme in any case (RFC 9110), any blanks after it.
        let (scheme, key) = value.to_str().ok()?.split_once([' ', '\t'])?;
        return scheme.eq_ignore_ascii_case("bearer").then(|| key.trim());
    }
    headers.get("x-api-key")?.to_str().ok().map(str::trim)
}

/// Largest answer the middleware reads back to leave personal data out.
const MAX_REDACTED_BYTES: usize = 64 << 20;

/// The middleware: checks the key, then leaves `contact` out of answered CVs when the key
/// may not see personal data.
pub async fn authorize(
    State(keys): State<Option<Arc<ApiKeys>>>,
    request: Request,
    next: Next,
) -> Response {
    let Some(keys) = keys else {
        return next.run(request).await;
    };
    let Some(need) = need(request.method(), request.uri().path()) else {
        return next.run(request).await;
    };
    let Some(grant) = presented_key(&request).and_then(|key| keys.grant(key)) else {
        return ApiError::Unauthorized.into_response();
    };
    let missing: Vec<&str> = need
        .scopes
        .iter()
        .filter(|scope| !grant.allows(**scope))
        .map(|scope| scope.as_str())
        .collect();
    if !missing.is_empty() {
        return ApiError::Forbidden(format!(
            "key `{}` lacks the scope {} this route needs",
            grant.name,
            missing.join(" and ")
        ))
        .into_response();
    }
    let response = next.run(request).await;
    if !need.answers_cvs || grant.allows(Scope::CvsPersonal) || !response.status().is_success() {
        return response;
    }
    without_personal_data(response).await
}

/// Leaves `contact` out of a CV answered whole (`GET /cvs/{id}`) or as hits.
async fn without_personal_data(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_REDACTED_BYTES).await else {
        return ApiError::Internal("answer too large to leave personal data out".into())
            .into_response();
    };
    let Ok(mut value) = serde_json::from_slice::<Value>(&bytes) else {
        // Not JSON: not a CV.
        return Response::from_parts(parts, Body::from(bytes));
    };
    redact(&mut value);
    let body = serde_json::to_vec(&value).unwrap_or_default();
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(body))
}

fn redact(value: &mut Value) {
    let Some(object) = value.as_object_mut() else {
        return;
    };
    match object.get_mut("hits").and_then(Value::as_array_mut) {
        Some(hits) => {
            for hit in hits {
                if let Some(doc) = hit.get_mut("doc").and_then(Value::as_object_mut) {
                    doc.remove("contact");
                }
            }
        }
        None => {
            object.remove("contact");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn a_keys_file_is_checked_whole() {
        let ok =
            format!(r#"{{"keys": [{{"name": "a", "key": "{KEY}", "scopes": ["cvs:read"]}}]}}"#);
        let keys = ApiKeys::parse(&ok).expect("valid");
        let grant = keys.grant(KEY).expect("known key");
        assert!(grant.allows(Scope::CvsRead));
        assert!(!grant.allows(Scope::CvsPersonal));
        assert!(keys.grant("another key entirely, 32 chars..").is_none());
        for (bad, says) in [
            (r#"{"keys": []}"#.to_string(), "no keys"),
            (
                r#"{"keys": [{"name": "a", "key": "short", "scopes": ["cvs:read"]}]}"#.into(),
                "at least 24",
            ),
            (
                format!(
                    r#"{{"keys": [{{"name": "a", "key": "{}", "scopes": ["*"]}}]}}"#,
                    "é".repeat(25)
                ),
                "visible ASCII",
            ),
            (
                format!(r#"{{"keys": [{{"name": "a", "key": "{KEY}\n", "scopes": ["*"]}}]}}"#),
                "visible ASCII",
            ),
            (
                format!(r#"{{"keys": [{{"name": "a", "key": "{KEY}", "scopes": ["cvs:rea"]}}]}}"#),
                "scopes among",
            ),
            (
                format!(r#"{{"keys": [{{"name": "a", "key": "{KEY}", "scopes": []}}]}}"#),
                "no scopes",
            ),
            (
                format!(
                    r#"{{"keys": [{{"name": "a", "key": "{KEY}", "scopes": ["*"]}},
                                  {{"name": "a", "key": "{KEY}x", "scopes": ["*"]}}]}}"#
                ),
                "distinct",
            ),
            (
                format!(
                    r#"{{"keys": [{{"name": "a", "key": "{KEY}", "scopes": ["*"]}},
                                  {{"name": "b", "key": "{KEY}", "scopes": ["*"]}}]}}"#
                ),
                "another key",
            ),
        ] {
            let err = ApiKeys::parse(&bad).expect_err(&bad);
            assert!(err.contains(says), "{bad}: {err}");
        }
    }

    #[test]
    fn routes_need_the_scopes_of_what_they_read_and_write() {
        let scopes = |method: Method, path: &str| {
            need(&method, path).map(|need| (need.scopes, need.answers_cvs))
        };
        assert!(scopes(Method::GET, "/health").is_none());
        // HEAD answers what GET does, headers only: it reads.
        assert_eq!(
            scopes(Method::HEAD, "/cvs/cv-1"),
            Some((vec![Scope::CvsRead], true))
        );
        assert_eq!(
            scopes(Method::POST, "/cvs/_search"),
            Some((vec![Scope::CvsRead], true))
        );
        assert_eq!(
            scopes(Method::GET, "/cvs/cv-1"),
            Some((vec![Scope::CvsRead], true))
        );
        assert_eq!(
            scopes(Method::DELETE, "/cvs/cv-1"),
            Some((vec![Scope::CvsWrite], false))
        );
        assert_eq!(
            scopes(Method::POST, "/offers/_bulk"),
            Some((vec![Scope::OffersWrite], false))
        );
        assert_eq!(
            scopes(Method::POST, "/match/offer/o-1"),
            Some((vec![Scope::CvsRead, Scope::OffersRead], true))
        );
        assert_eq!(
            scopes(Method::POST, "/match/cv"),
            Some((vec![Scope::OffersRead], false))
        );
        assert_eq!(
            scopes(Method::POST, "/admin/purge"),
            Some((vec![Scope::Admin], false))
        );
        assert_eq!(
            scopes(Method::GET, "/taxonomy/autocomplete"),
            Some((vec![Scope::Taxonomy], false))
        );
        assert_eq!(scopes(Method::GET, "/nowhere"), Some((vec![], false)));
    }

    #[test]
    fn the_key_is_read_from_either_header_whatever_the_scheme_s_case() {
        let key_of = |name: &str, value: &str| {
            let request = Request::builder()
                .header(name, value)
                .body(Body::empty())
                .expect("request");
            presented_key(&request).map(str::to_string)
        };
        for value in [
            "Bearer k",
            "bearer k",
            "BEARER k",
            "Bearer\tk",
            "Bearer   k ",
        ] {
            assert_eq!(
                key_of("authorization", value).as_deref(),
                Some("k"),
                "{value}"
            );
        }
        for value in ["Basic k", "Bearerk", "k"] {
            assert_eq!(key_of("authorization", value), None, "{value}");
        }
        assert_eq!(key_of("x-api-key", " k ").as_deref(), Some("k"));
    }

    #[test]
    fn contact_is_left_out_of_cvs_whole_and_as_hits() {
        let mut whole = serde_json::json!({"id": "a", "contact": {"email": "a@b.fr"}});
        redact(&mut whole);
        assert_eq!(whole, serde_json::json!({"id": "a"}));
        let mut hits =
            serde_json::json!({"hits": [{"id": "a", "doc": {"id": "a", "contact": {}}}]});
        redact(&mut hits);
        assert_eq!(
            hits,
            serde_json::json!({"hits": [{"id": "a", "doc": {"id": "a"}}]})
        );
    }
}
