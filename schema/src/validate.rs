//! Validation of incoming JSON documents, reporting every problem at once.
//!
//! serde stops at the first error, which makes a client fix a 40-field document one field at a
//! time. So validation walks the raw JSON against a declarative description of each document
//! type (`Shape`) and collects every problem with its JSON path
//! (`experiences[2].start: not a date`). Only a document with no problem is then deserialised
//! into its typed struct, which cannot fail at that point.

use std::fmt;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::document::{Cv, Offer};
use crate::Collection;

/// One problem found in a document.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Violation {
    /// JSON path of the offending value (`experiences[2].start`), empty for the whole document.
    pub path: String,
    /// What is wrong, in a few lowercase words.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Every problem found in one document, in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violations(pub Vec<Violation>);

impl fmt::Display for Violations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(Violation::to_string).collect();
        write!(f, "{}", parts.join("; "))
    }
}

impl std::error::Error for Violations {}

/// What a JSON value must look like.
#[derive(Debug, Clone, Copy)]
enum Shape {
    /// A string of `min..=max` characters.
    Text { min: usize, max: usize },
    /// A document id: see [`check_id`].
    Id,
    /// A string of at most `max` characters that is not blank (a skill, whose blank entry
    /// would be an empty term and match nothing).
    Label { max: usize },
    /// An e-mail address: one `@` between a local part and a domain with a dot, no blanks.
    Email,
    /// An RFC 3339 timestamp.
    Timestamp,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// A month or a date, `YYYY-MM` or `YYYY-MM-DD`.
    MonthOrDate,
    /// A number within `min..=max`.
    Number { min: f64, max: f64 },
    /// A whole number within `min..=max`.
    Integer { min: i64, max: i64 },
    /// One string of a closed list.
    OneOf(&'static [&'static str]),
    /// A two-letter lower-case code (ISO 639-1 language).
    LangCode,
    /// A two-letter code (ISO 3166-1 country, ISO 4217-like currency is `Text`).
    CountryCode,
    /// An array whose items all have one shape.
    ArrayOf(&'static Shape),
    /// An object with known fields; any other field is rejected.
    Object(&'static [FieldSpec]),
}

/// One field of an object shape.
#[derive(Debug, Clone, Copy)]
struct FieldSpec {
    name: &'static str,
    shape: Shape,
    required: bool,
}

const fn field(name: &'static str, shape: Shape) -> FieldSpec {
    FieldSpec {
        name,
        shape,
        required: false,
    }
}

const fn required(name: &'static str, shape: Shape) -> FieldSpec {
    FieldSpec {
        name,
        shape,
        required: true,
    }
}

/// Upper bound on free-text fields: a CV is a few kilobytes; 64 KiB per field leaves room.
const LONG_TEXT: Shape = Shape::Text {
    min: 0,
    max: 65_536,
};
const SHORT_TEXT: Shape = Shape::Text { min: 0, max: 1_024 };
const SKILL: Shape = Shape::Label { max: 1_024 };
/// Longest document id, in characters.
pub const MAX_ID_CHARS: usize = 128;
const CONTRACT_TYPES: &[&str] = &["CDI", "CDD", "interim", "alternance", "freelance", "stage"];
const CEFR_LEVELS: &[&str] = &["A1", "A2", "B1", "B2", "C1", "C2", "native"];
const KILOMETRES: Shape = Shape::Number {
    min: 0.0,
    max: 20_037.5,
};
const YEARS: Shape = Shape::Number {
    min: 0.0,
    max: 80.0,
};

const LOCATION: &[FieldSpec] = &[
    field("city", SHORT_TEXT),
    field("postal_code", Shape::Text { min: 1, max: 16 }),
    field("country", Shape::CountryCode),
    field(
        "lat",
        Shape::Number {
            min: -90.0,
            max: 90.0,
        },
    ),
    field(
        "lon",
        Shape::Number {
            min: -180.0,
            max: 180.0,
        },
    ),
];
const LANGUAGE: &[FieldSpec] = &[
    required("code", Shape::LangCode),
    field("level", Shape::OneOf(CEFR_LEVELS)),
];
const EXPERIENCE: &[FieldSpec] = &[
    field("title", SHORT_TEXT),
    field("employer", SHORT_TEXT),
    field("start", Shape::MonthOrDate),
    field("end", Shape::MonthOrDate),
    field("description", LONG_TEXT),
];
const EDUCATION: &[FieldSpec] = &[
    field("degree", SHORT_TEXT),
    field("school", SHORT_TEXT),
    field(
        "year",
        Shape::Integer {
            min: 1900,
            max: 2100,
        },
    ),
];
const CONTACT: &[FieldSpec] = &[field("email", Shape::Email), field("phone", SHORT_TEXT)];

const CV_FIELDS: &[FieldSpec] = &[
    required("id", Shape::Id),
    field("updated_at", Shape::Timestamp),
    field("headline", SHORT_TEXT),
    field("summary", LONG_TEXT),
    field("experiences", Shape::ArrayOf(&Shape::Object(EXPERIENCE))),
    field("education", Shape::ArrayOf(&Shape::Object(EDUCATION))),
    field("skills", Shape::ArrayOf(&SKILL)),
    field("languages", Shape::ArrayOf(&Shape::Object(LANGUAGE))),
    field("location", Shape::Object(LOCATION)),
    field("mobility_km", KILOMETRES),
    field(
        "contract_types",
        Shape::ArrayOf(&Shape::OneOf(CONTRACT_TYPES)),
    ),
    field("available_from", Shape::Date),
    field("years_experience", YEARS),
    field("contact", Shape::Object(CONTACT)),
    field("lang", Shape::LangCode),
];

const EMPLOYER: &[FieldSpec] = &[field("name", SHORT_TEXT)];
const SALARY: &[FieldSpec] = &[
    field("min", Shape::Number { min: 0.0, max: 1e9 }),
    field("max", Shape::Number { min: 0.0, max: 1e9 }),
    field("currency", Shape::Text { min: 3, max: 3 }),
    field("period", Shape::OneOf(&["hour", "day", "month", "year"])),
];

const OFFER_FIELDS: &[FieldSpec] = &[
    required("id", Shape::Id),
    field("updated_at", Shape::Timestamp),
    field("published_at", Shape::Timestamp),
    field("expires_at", Shape::Timestamp),
    field("title", SHORT_TEXT),
    field("description", LONG_TEXT),
    field("employer", Shape::Object(EMPLOYER)),
    field("location", Shape::Object(LOCATION)),
    field("contract_type", Shape::OneOf(CONTRACT_TYPES)),
    field("working_time", Shape::OneOf(&["full_time", "part_time"])),
    field("salary", Shape::Object(SALARY)),
    field("experience_years_min", YEARS),
    field("skills_required", Shape::ArrayOf(&SKILL)),
    field("skills_optional", Shape::ArrayOf(&SKILL)),
    field("languages", Shape::ArrayOf(&Shape::Object(LANGUAGE))),
    field("lang", Shape::LangCode),
];

/// Most items one array may hold; bounds the work a single document can cause.
const MAX_ARRAY_ITEMS: usize = 1_000;

/// Which rules a document is checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rules {
    /// Every rule: a document being written.
    Write,
    /// A document already stored, read again (rebuild, write-ahead log replay): only what
    /// typing it needs. Rules added since it was accepted (id rules, blank skills, order of
    /// dates and salary bounds) must not drop a document that was acknowledged.
    Stored,
}

/// The id as every version accepted it: a string of 1 to 128 characters.
const STORED_ID: Shape = Shape::Text {
    min: 1,
    max: MAX_ID_CHARS,
};

/// Checks a CV and returns it typed, or every problem found.
pub fn validate_cv(value: &Value) -> Result<Cv, Violations> {
    validate_as(value, CV_FIELDS, check_cv_rules, Rules::Write)
}

/// Checks an offer and returns it typed, or every problem found.
pub fn validate_offer(value: &Value) -> Result<Offer, Violations> {
    validate_as(value, OFFER_FIELDS, check_offer_rules, Rules::Write)
}

/// A validated document of either collection.
#[derive(Debug, Clone, PartialEq)]
pub enum AnyDocument {
    /// A CV.
    Cv(Box<Cv>),
    /// A job offer.
    Offer(Box<Offer>),
}

impl AnyDocument {
    /// Returns the caller-given id.
    pub fn id(&self) -> &str {
        match self {
            AnyDocument::Cv(cv) => &cv.id,
            AnyDocument::Offer(offer) => &offer.id,
        }
    }
}

/// Checks a document of the given collection being written.
pub fn validate(collection: Collection, value: &Value) -> Result<AnyDocument, Violations> {
    validate_with(collection, value, Rules::Write)
}

/// Checks a document of the given collection against `rules`.
pub fn validate_with(
    collection: Collection,
    value: &Value,
    rules: Rules,
) -> Result<AnyDocument, Violations> {
    match collection {
        Collection::Cvs => validate_as(value, CV_FIELDS, check_cv_rules, rules)
            .map(|cv| AnyDocument::Cv(Box::new(cv))),
        Collection::Offers => validate_as(value, OFFER_FIELDS, check_offer_rules, rules)
            .map(|offer| AnyDocument::Offer(Box::new(offer))),
    }
}

fn validate_as<T: DeserializeOwned>(
    value: &Value,
    fields: &'static [FieldSpec],
    check_rules: fn(&Value, &mut Vec<Violation>),
    rules: Rules,
) -> Result<T, Violations> {
    let mut violations = Vec::new();
    check(
        value,
        &Shape::Object(fields),
        &JsonPath::Root,
        rules,
        &mut violations,
    );
    if rules == Rules::Write {
        check_rules(value, &mut violations);
    }
    if !violations.is_empty() {
        return Err(Violations(violations));
    }
    // The walk above accepts exactly what the typed structs accept, so this only fails if the
    // two descriptions drift apart; report it as a violation rather than panic.
    T::deserialize(value).map_err(|err| {
        Violations(vec![Violation {
            path: String::new(),
            message: err.to_string(),
        }])
    })
}

/// Rules between fields of a CV. Each looks only at values of the right shape: a value of the
/// wrong shape has its own violation already.
fn check_cv_rules(cv: &Value, out: &mut Vec<Violation>) {
    check_coordinates(cv, out);
    let Some(experiences) = cv.get("experiences").and_then(Value::as_array) else {
        return;
    };
    for (index, experience) in experiences.iter().enumerate() {
        let start = experience.get("start").and_then(Value::as_str);
        let end = experience.get("end").and_then(Value::as_str);
        if let (Some(start), Some(end)) = (start, end) {
            if ends_before_start(start, end) {
                let experiences_path = JsonPath::Field(&JsonPath::Root, "experiences");
                let item_path = JsonPath::Item(&experiences_path, index);
                let message = format!("`{end}` is before start `{start}`");
                push(out, &JsonPath::Field(&item_path, "end"), message);
            }
        }
    }
}

/// Rules between fields of an offer (see [`check_cv_rules`]).
fn check_offer_rules(offer: &Value, out: &mut Vec<Violation>) {
    check_coordinates(offer, out);
    let salary = offer.get("salary");
    let salary_min = salary.and_then(|s| s.get("min")).and_then(Value::as_f64);
    let salary_max = salary.and_then(|s| s.get("max")).and_then(Value::as_f64);
    if let (Some(min), Some(max)) = (salary_min, salary_max) {
        if min > max {
            let salary_path = JsonPath::Field(&JsonPath::Root, "salary");
            let message = format!("{min} is greater than salary.max {max}");
            push(out, &JsonPath::Field(&salary_path, "min"), message);
        }
    }
    let timestamp = |name| {
        offer
            .get(name)
            .and_then(Value::as_str)
            .and_then(parse_timestamp)
    };
    if let (Some(published), Some(expires)) = (timestamp("published_at"), timestamp("expires_at")) {
        if expires < published {
            let message = "is before published_at".to_string();
            push(
                out,
                &JsonPath::Field(&JsonPath::Root, "expires_at"),
                message,
            );
        }
    }
}

/// A point needs both coordinates; one alone would silently be ignored.
fn check_coordinates(document: &Value, out: &mut Vec<Violation>) {
    let Some(location) = document.get("location").and_then(Value::as_object) else {
        return;
    };
    let has = |name| location.get(name).is_some_and(|value| !value.is_null());
    let location_path = JsonPath::Field(&JsonPath::Root, "location");
    let missing = match (has("lat"), has("lon")) {
        (true, false) => "lon",
        (false, true) => "lat",
        _ => return,
    };
    push(
        out,
        &JsonPath::Field(&location_path, missing),
        "missing (give both lat and lon, or neither)",
    );
}

/// Whether an experience's `end` is before its `start`; a month alone (`2019-03`) covers the
/// whole month, so `2019-03` does not end before `2019-03-15`.
fn ends_before_start(start: &str, end: &str) -> bool {
    let (Some(start_date), Some(end_date)) = (parse_month_or_date(start), parse_month_or_date(end))
    else {
        return false;
    };
    let month_only = start.len() == 7 || end.len() == 7;
    if month_only {
        (end_date.year(), u8::from(end_date.month()))
            < (start_date.year(), u8::from(start_date.month()))
    } else {
        end_date < start_date
    }
}

fn push(violations: &mut Vec<Violation>, path: &JsonPath<'_>, message: impl Into<String>) {
    violations.push(Violation {
        path: path.to_string(),
        message: message.into(),
    });
}

/// Where a value sits in the document, written out only for a violation: a valid document
/// (nearly all of them) costs no path strings.
#[derive(Clone, Copy)]
enum JsonPath<'a> {
    Root,
    Field(&'a JsonPath<'a>, &'a str),
    Item(&'a JsonPath<'a>, usize),
}

impl std::fmt::Display for JsonPath<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JsonPath::Root => Ok(()),
            JsonPath::Field(JsonPath::Root, name) => f.write_str(name),
            JsonPath::Field(parent, name) => write!(f, "{parent}.{name}"),
            JsonPath::Item(parent, index) => write!(f, "{parent}[{index}]"),
        }
    }
}

fn check(
    value: &Value,
    shape: &Shape,
    path: &JsonPath<'_>,
    rules: Rules,
    violations: &mut Vec<Violation>,
) {
    match shape {
        Shape::Object(fields) => check_object(value, fields, path, rules, violations),
        Shape::ArrayOf(item) => check_array(value, item, path, rules, violations),
        _ => {
            if let Err(message) = check_scalar(value, shape, rules) {
                push(violations, path, message);
            }
        }
    }
}

fn check_object(
    value: &Value,
    fields: &[FieldSpec],
    path: &JsonPath<'_>,
    rules: Rules,
    out: &mut Vec<Violation>,
) {
    let Some(object) = value.as_object() else {
        push(
            out,
            path,
            format!("expected an object, got {}", json_kind(value)),
        );
        return;
    };
    for (name, _) in object {
        if !fields.iter().any(|spec| spec.name == name) {
            let known: Vec<&str> = fields.iter().map(|spec| spec.name).collect();
            let message = format!("unknown field, expected one of: {}", known.join(", "));
            push(out, &JsonPath::Field(path, name), message);
        }
    }
    for spec in fields {
        check_field(object, spec, path, rules, out);
    }
}

fn check_field(
    object: &Map<String, Value>,
    spec: &FieldSpec,
    path: &JsonPath<'_>,
    rules: Rules,
    out: &mut Vec<Violation>,
) {
    let field_path = JsonPath::Field(path, spec.name);
    match object.get(spec.name) {
        None | Some(Value::Null) if spec.required => push(out, &field_path, "missing"),
        None | Some(Value::Null) => {}
        Some(child) => check(child, &spec.shape, &field_path, rules, out),
    }
}

fn check_array(
    value: &Value,
    item: &Shape,
    path: &JsonPath<'_>,
    rules: Rules,
    out: &mut Vec<Violation>,
) {
    let Some(items) = value.as_array() else {
        push(
            out,
            path,
            format!("expected an array, got {}", json_kind(value)),
        );
        return;
    };
    if items.len() > MAX_ARRAY_ITEMS {
        push(
            out,
            path,
            format!("too many items (at most {MAX_ARRAY_ITEMS})"),
        );
        return;
    }
    for (index, child) in items.iter().enumerate() {
        check(child, item, &JsonPath::Item(path, index), rules, out);
    }
}

fn check_scalar(value: &Value, shape: &Shape, rules: Rules) -> Result<(), String> {
    // A stored document is read as it was accepted: its id and skills by the rules of the
    // time, which only asked for a string (see [`Rules::Stored`]).
    let shape = match (rules, shape) {
        (Rules::Stored, Shape::Id) => &STORED_ID,
        (Rules::Stored, Shape::Label { max }) => &Shape::Text { min: 0, max: *max },
        (Rules::Stored, Shape::Email) => &SHORT_TEXT,
        _ => shape,
    };
    match *shape {
        Shape::Text { min, max } => {
            let text = as_str(value)?;
            let chars = text.chars().count();
            if chars < min && min == 1 {
                return Err("must not be empty".to_string());
            }
            if chars < min {
                return Err(format!("too short (at least {min} characters)"));
            }
            if chars > max {
                return Err(format!("too long (at most {max} characters)"));
            }
            Ok(())
        }
        Shape::Id => check_id(as_str(value)?),
        Shape::Label { max } => {
            let text = as_str(value)?;
            if text.trim().is_empty() {
                return Err("must not be blank (leave the entry out instead)".to_string());
            }
            if text.chars().count() > max {
                return Err(format!("too long (at most {max} characters)"));
            }
            Ok(())
        }
        Shape::Email => {
            let text = as_str(value)?;
            let well_formed = text.chars().count() <= 254
                && !text.contains(char::is_whitespace)
                && !text.contains(is_invisible)
                && text.split_once('@').is_some_and(|(local, domain)| {
                    !local.is_empty()
                        && !domain.contains('@')
                        && domain.split('.').count() >= 2
                        && domain.split('.').all(|part| !part.is_empty())
                });
            well_formed
                .then_some(())
                .ok_or_else(|| "not an e-mail address (such as lea.martin@example.com)".to_string())
        }
        Shape::Timestamp => {
            let text = as_str(value)?;
            parse_timestamp(text).map(|_| ()).ok_or_else(|| {
                "not an RFC 3339 timestamp (expected e.g. 2024-05-31T09:00:00Z)".to_string()
            })
        }
        Shape::Date => {
            let text = as_str(value)?;
            parse_date(text)
                .map(|_| ())
                .ok_or_else(|| "not a date (expected YYYY-MM-DD)".to_string())
        }
        Shape::MonthOrDate => {
            let text = as_str(value)?;
            parse_month_or_date(text)
                .map(|_| ())
                .ok_or_else(|| "not a date (expected YYYY-MM or YYYY-MM-DD)".to_string())
        }
        Shape::Number { min, max } => {
            let number = value
                .as_f64()
                .ok_or_else(|| format!("expected a number, got {}", json_kind(value)))?;
            if !(min..=max).contains(&number) {
                return Err(format!("out of range ({min} to {max})"));
            }
            Ok(())
        }
        Shape::Integer { min, max } => {
            let number = value
                .as_i64()
                .ok_or_else(|| format!("expected a whole number, got {}", json_kind(value)))?;
            if !(min..=max).contains(&number) {
                return Err(format!("out of range ({min} to {max})"));
            }
            Ok(())
        }
        Shape::OneOf(allowed) => {
            let text = as_str(value)?;
            if allowed.contains(&text) {
                Ok(())
            } else {
                Err(format!("expected one of: {}", allowed.join(", ")))
            }
        }
        Shape::LangCode => {
            let text = as_str(value)?;
            // Stored documents were accepted with any two lower-case letters.
            let ok = match rules {
                Rules::Write => crate::is_language_code(text),
                Rules::Stored => text.len() == 2 && text.bytes().all(|b| b.is_ascii_lowercase()),
            };
            ok.then_some(()).ok_or_else(|| {
                "not an ISO 639-1 language code (two lower-case letters, such as fr or en)".into()
            })
        }
        Shape::CountryCode => {
            let text = as_str(value)?;
            let ok = text.len() == 2 && text.bytes().all(|b| b.is_ascii_alphabetic());
            ok.then_some(())
                .ok_or_else(|| "not an ISO 3166-1 country code (two letters)".into())
        }
        Shape::ArrayOf(_) | Shape::Object(_) => Ok(()),
    }
}

/// Checks a document id, the same on every write path (`PUT`, `_bulk`, `vivier index`).
///
/// An id must be addressable as `/{collection}/{id}` for reading and deleting it later, so it
/// must not start with `_` (`_search` and `_bulk` are routes, and the prefix is kept for
/// routes to come), nor be `.` or `..` (which clients resolve away in a URL). Control
/// characters and leading or trailing whitespace are rejected because they are invisible in
/// logs and easily lost in transit, leaving a document nobody can name again.
pub fn check_id(id: &str) -> Result<(), String> {
    if id.is_empty() {
        return Err("must not be empty".to_string());
    }
    if id.chars().count() > MAX_ID_CHARS {
        return Err(format!("too long (at most {MAX_ID_CHARS} characters)"));
    }
    if id.chars().any(is_invisible) {
        return Err(
            "must not contain control or invisible characters (newline, tab, NUL, zero-width \
             space, byte order mark, direction marks...)"
                .to_string(),
        );
    }
    if id.trim() != id {
        return Err("must not start or end with whitespace".to_string());
    }
    if id.starts_with('_') {
        return Err("must not start with `_` (reserved for routes such as `_search`)".to_string());
    }
    if id == "." || id == ".." {
        return Err("must not be `.` or `..`".to_string());
    }
    Ok(())
}

/// Characters that print nothing, or reorder what follows: in an id or an address they make
/// two values that look alike differ, or one look like another.
fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
        )
}

fn as_str(value: &Value) -> Result<&str, String> {
    value
        .as_str()
        .ok_or_else(|| format!("expected a string, got {}", json_kind(value)))
}

/// Names the JSON type of a value for a message ("a number").
pub fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Parses an RFC 3339 timestamp.
pub fn parse_timestamp(text: &str) -> Option<time::OffsetDateTime> {
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).ok()
}

/// Parses a `YYYY-MM-DD` date.
pub fn parse_date(text: &str) -> Option<time::Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text, &format).ok()
}

/// Parses `YYYY-MM` (as the first of the month) or `YYYY-MM-DD`.
pub fn parse_month_or_date(text: &str) -> Option<time::Date> {
    if text.len() == 7 {
        return parse_date(&format!("{text}-01"));
    }
    parse_date(text)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn messages(result: Result<Cv, Violations>) -> Vec<String> {
        result
            .expect_err("document should be rejected")
            .0
            .iter()
            .map(Violation::to_string)
            .collect()
    }

    #[test]
    fn an_email_is_an_address() {
        for good in ["lea.martin@example.com", "a+b@mail.example.fr"] {
            let cv = json!({"id": "a", "contact": {"email": good}});
            assert!(validate_cv(&cv).is_ok(), "{good}");
        }
        for bad in [
            "not-an-email",
            "a@b",
            "@example.com",
            "a@@b.fr",
            "a b@c.fr",
            "a@b..fr",
            "a@b.fr\u{0}",
            "a@b.f\u{202e}r",
        ] {
            let cv = json!({"id": "a", "contact": {"email": bad}});
            assert_eq!(
                messages(validate_cv(&cv)),
                vec!["contact.email: not an e-mail address (such as lea.martin@example.com)"],
                "{bad}"
            );
        }
    }

    #[test]
    fn stored_documents_are_read_by_the_rules_they_were_accepted_under() {
        let older = json!({"id": "_bulk", "skills": [""], "lang": "zz",
            "contact": {"email": "not-an-email"},
            "location": {"lat": 45.76},
            "experiences": [{"title": "Serveur", "start": "2020-05", "end": "2019-01"}]});
        assert!(validate(Collection::Cvs, &older).is_err());
        let cv = validate_with(Collection::Cvs, &older, Rules::Stored).expect("stored rules");
        assert_eq!(cv.id(), "_bulk");
        // What typing needs still holds.
        for broken in [json!({"id": ""}), json!({"id": "a", "skills": "Java"})] {
            assert!(validate_with(Collection::Cvs, &broken, Rules::Stored).is_err());
        }
    }

    #[test]
    fn accepts_a_full_cv() {
        let cv = validate_cv(&json!({
            "id": "cv-1",
            "updated_at": "2024-05-31T09:00:00Z",
            "headline": "Développeur Java",
            "experiences": [{"title": "Développeur", "start": "2019-01", "end": "2021-06-30"}],
            "education": [{"degree": "Master", "year": 2018}],
            "skills": ["Java"],
            "languages": [{"code": "fr", "level": "native"}],
            "location": {"city": "Lyon", "postal_code": "69001", "country": "FR", "lat": 45.76, "lon": 4.83},
            "mobility_km": 30,
            "contract_types": ["CDI", "freelance"],
            "available_from": "2024-09-01",
            "years_experience": 5.5,
            "contact": {"email": "a@b.fr"},
            "lang": "fr"
        }))
        .expect("valid cv");
        assert_eq!(cv.experiences[0].title.as_deref(), Some("Développeur"));
        assert_eq!(cv.mobility_km, Some(30.0));
    }

    #[test]
    fn accepts_a_minimal_offer() {
        let offer = validate_offer(&json!({"id": "o-1"})).expect("valid offer");
        assert_eq!(offer.id, "o-1");
    }

    #[test]
    fn reports_every_problem_with_its_path() {
        let found = messages(validate_cv(&json!({
            "id": "",
            "nickname": "x",
            "experiences": [{}, {}, {"start": "hier"}],
            "languages": [{"level": "B2"}],
            "contract_types": ["CDI", "permanent"],
            "location": {"lat": 91, "lon": 0},
            "years_experience": "ten"
        })));
        assert_eq!(
            found,
            vec![
                "nickname: unknown field, expected one of: id, updated_at, headline, summary, experiences, education, skills, languages, location, mobility_km, contract_types, available_from, years_experience, contact, lang",
                "id: must not be empty",
                "experiences[2].start: not a date (expected YYYY-MM or YYYY-MM-DD)",
                "languages[0].code: missing",
                "location.lat: out of range (-90 to 90)",
                "contract_types[1]: expected one of: CDI, CDD, interim, alternance, freelance, stage",
                "years_experience: expected a number, got a string",
            ]
        );
    }

    #[test]
    fn rejects_a_non_object_and_a_missing_id() {
        assert_eq!(
            messages(validate_cv(&json!([1]))),
            vec!["expected an object, got an array"]
        );
        assert_eq!(messages(validate_cv(&json!({}))), vec!["id: missing"]);
    }

    #[test]
    fn rejects_ids_longer_than_128_characters() {
        let long_id = "é".repeat(129);
        assert_eq!(
            messages(validate_cv(&json!({ "id": long_id }))),
            vec!["id: too long (at most 128 characters)"]
        );
        assert!(validate_cv(&json!({ "id": "é".repeat(128) })).is_ok());
    }

    #[test]
    fn checks_dates_and_timestamps() {
        assert!(parse_timestamp("2024-02-30T00:00:00Z").is_none());
        assert!(parse_timestamp("2024-02-29T23:59:59+02:00").is_some());
        assert!(parse_month_or_date("2024-13").is_none());
        assert!(parse_month_or_date("2024-12").is_some());
        assert!(parse_date("2024-12").is_none());
    }

    #[test]
    fn yearly_salary_follows_the_period() {
        let offer = validate_offer(&json!({
            "id": "o", "salary": {"min": 2000, "max": 2500, "currency": "EUR", "period": "month"}
        }))
        .expect("valid");
        let salary = offer.salary.expect("salary");
        assert_eq!(salary.yearly_range(), (Some(24_000.0), Some(30_000.0)));
    }

    #[test]
    fn ids_must_stay_addressable_by_url() {
        for good in ["cv-1", "o_1", "offre 12", "é", "a/b", "a.b", "x_"] {
            assert_eq!(check_id(good), Ok(()), "{good:?}");
        }
        let rejected = [
            ("", "must not be empty"),
            ("_search", "must not start with `_`"),
            ("_bulk", "must not start with `_`"),
            ("_", "must not start with `_`"),
            ("a\0b", "invisible characters"),
            ("a\nb", "invisible characters"),
            ("a\tb", "invisible characters"),
            ("\u{7f}", "invisible characters"),
            ("\u{200b}", "invisible characters"),
            ("\u{feff}a", "invisible characters"),
            ("\u{202e}ab", "invisible characters"),
            ("   ", "whitespace"),
            (" cv-1", "whitespace"),
            ("cv-1\u{a0}", "whitespace"),
            (".", "`.` or `..`"),
            ("..", "`.` or `..`"),
        ];
        for (bad, expected) in rejected {
            let message = check_id(bad).expect_err(bad);
            assert!(message.contains(expected), "{bad:?}: {message}");
        }
    }

    #[test]
    fn a_document_with_a_reserved_id_is_invalid() {
        assert_eq!(
            messages(validate_cv(&json!({"id": "_search"}))),
            vec!["id: must not start with `_` (reserved for routes such as `_search`)"]
        );
        let offer = validate_offer(&json!({"id": "_bulk"})).expect_err("reserved id");
        assert_eq!(offer.0[0].path, "id");
    }

    #[test]
    fn skills_must_not_be_blank() {
        assert_eq!(
            messages(validate_cv(
                &json!({"id": "cv", "skills": ["Java", "", "  "]})
            )),
            vec![
                "skills[1]: must not be blank (leave the entry out instead)",
                "skills[2]: must not be blank (leave the entry out instead)",
            ]
        );
        let offer = validate_offer(&json!({
            "id": "o", "skills_required": [" "], "skills_optional": ["Kafka", ""]
        }))
        .expect_err("blank skills");
        let paths: Vec<&str> = offer.0.iter().map(|v| v.path.as_str()).collect();
        assert_eq!(paths, vec!["skills_required[0]", "skills_optional[1]"]);
    }

    #[test]
    fn an_experience_cannot_end_before_it_starts() {
        let cv = |start: &str, end: &str| {
            validate_cv(&json!({"id": "cv", "experiences": [{"start": start, "end": end}]}))
        };
        assert_eq!(
            messages(cv("2020-05", "2019-12")),
            vec!["experiences[0].end: `2019-12` is before start `2020-05`"]
        );
        assert!(cv("2020-05-10", "2020-05-09").is_err());
        assert!(
            cv("2020-05-10", "2020-05").is_ok(),
            "a month covers the month"
        );
        assert!(cv("2020-05", "2020-05").is_ok());
        assert!(cv("2020-05-10", "2020-05-10").is_ok());
    }

    #[test]
    fn coordinates_come_in_pairs() {
        assert_eq!(
            messages(validate_cv(&json!({"id": "cv", "location": {"lat": 45.7}}))),
            vec!["location.lon: missing (give both lat and lon, or neither)"]
        );
        let offer = validate_offer(&json!({"id": "o", "location": {"lon": 4.8, "lat": null}}))
            .expect_err("lon alone");
        assert_eq!(offer.0[0].path, "location.lat");
        assert!(validate_cv(&json!({"id": "cv", "location": {"city": "Lyon"}})).is_ok());
    }

    #[test]
    fn offer_ranges_must_be_ordered() {
        let offer = |extra: Value| {
            let mut value = json!({"id": "o"});
            value
                .as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            validate_offer(&value)
        };
        let salary = offer(json!({"salary": {"min": 5000, "max": 3000}})).expect_err("min > max");
        assert_eq!(
            salary.to_string(),
            "salary.min: 5000 is greater than salary.max 3000"
        );
        assert!(offer(json!({"salary": {"min": 3000, "max": 3000}})).is_ok());
        let dates = offer(json!({
            "published_at": "2024-06-10T08:00:00Z", "expires_at": "2024-06-01T08:00:00Z"
        }))
        .expect_err("expires before published");
        assert_eq!(dates.to_string(), "expires_at: is before published_at");
        assert!(offer(json!({
            "published_at": "2024-06-10T10:00:00+02:00", "expires_at": "2024-06-10T08:00:00Z"
        }))
        .is_ok());
    }
}
