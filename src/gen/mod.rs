//! `vivier gen`: a deterministic generator of realistic CVs and job offers.
//!
//! Two models make documents:
//! - the built-in one ([`builtin`]): occupation profiles (`profiles.json`: titles, skills and
//!   experience bullets per language, employers, degrees, pay) with a skewed occupation
//!   frequency;
//! - a taxonomy ([`taxonomy`]): occupations of a loaded taxonomy (ESCO, ROME, Vivier JSONL)
//!   with their titles, essential and optional skills and descriptions, the rest (employers,
//!   degrees, pay, names, summaries) borrowed from the built-in profiles.
//!
//! Both give coherent experience dates, real French cities weighted by population, and text
//! in French and English mostly, some German, Spanish and Japanese. Every document has its
//! own random stream derived from (seed, kind, number), so generation parallelises and
//! document N is the same whatever N documents are asked for.

pub mod builtin;
pub mod taxonomy;

use std::io::{self, Write};
use std::sync::OnceLock;

use rand::distr::weighted::WeightedIndex;
use rand::distr::Distribution;
use rand::seq::IndexedRandom;
use rand::{Rng, RngCore, SeedableRng};
use serde_json::{json, Map, Value};
use time::{Date, Duration, Month};
use vivier_analyzers::taxonomy::Taxonomy;
use vivier_schema::geo::{french_cities, City};

pub use builtin::{cv, cv_truth, offer, offer_truth, profiles};
pub use taxonomy::TaxonomyModel;

/// Which model makes the documents.
#[derive(Debug)]
pub enum Generator {
    /// The built-in occupation profiles.
    Builtin,
    /// The occupations of a taxonomy.
    Taxonomy(Box<TaxonomyModel>),
}

impl Generator {
    /// Returns a generator drawing occupations from `taxonomy`; fails when no occupation of
    /// it has titles and enough labelled essential skills.
    pub fn from_taxonomy(taxonomy: &Taxonomy) -> anyhow::Result<Generator> {
        Ok(Generator::Taxonomy(Box::new(TaxonomyModel::build(
            taxonomy,
        )?)))
    }

    /// Generates CV number `number` for `seed`.
    pub fn cv(&self, seed: u64, number: u64) -> Value {
        match self {
            Generator::Builtin => builtin::cv(seed, number),
            Generator::Taxonomy(model) => model.cv(seed, number),
        }
    }

    /// Generates offer number `number` for `seed`.
    pub fn offer(&self, seed: u64, number: u64) -> Value {
        match self {
            Generator::Builtin => builtin::offer(seed, number),
            Generator::Taxonomy(model) => model.offer(seed, number),
        }
    }

    /// Returns the ground truth of CV number `number`.
    pub fn cv_truth(&self, seed: u64, number: u64) -> Truth {
        match self {
            Generator::Builtin => builtin::cv_truth(seed, number),
            Generator::Taxonomy(model) => model.cv_truth(seed, number),
        }
    }

    /// Returns the ground truth of offer number `number`.
    pub fn offer_truth(&self, seed: u64, number: u64) -> Truth {
        match self {
            Generator::Builtin => builtin::offer_truth(seed, number),
            Generator::Taxonomy(model) => model.offer_truth(seed, number),
        }
    }
}

/// What a generated document was made from: its ground truth for relevance evaluation.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Truth {
    /// Document id.
    pub id: String,
    /// Key of the occupation profile it was drawn from (with a taxonomy: the occupation's
    /// concept id).
    pub occupation: String,
    /// Sector of that occupation (with a taxonomy: of the built-in profile it borrowed from).
    pub sector: String,
    /// Language it is written in.
    pub lang: String,
    /// With a taxonomy: concept ids of the skills whose labels the document carries (its
    /// skill lists, which its text draws on), in document order; empty otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skill_ids: Vec<String>,
}

/// Day the generated world lives in: fixed, so that output does not depend on the clock.
fn reference_date() -> Date {
    Date::from_calendar_date(2026, Month::June, 1).expect("valid date")
}

/// SplitMix64: tiny, fast, and its output is fixed forever (unlike `StdRng`, whose
/// algorithm may change between rand versions), which keeps corpora reproducible.
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// Returns the stream of document `number` of `kind` for `seed`.
    pub fn for_document(seed: u64, kind: u64, number: u64) -> SplitMix64 {
        let mut mixer = SplitMix64(seed ^ kind.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        let base = mixer.next_u64();
        SplitMix64(base ^ number.wrapping_mul(0xbf58_476d_1ce4_e5b9))
    }
}

impl RngCore for SplitMix64 {
    fn next_u32(&mut self) -> u32 {
        (self.next_u64() >> 32) as u32
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn fill_bytes(&mut self, dest: &mut [u8]) {
        for chunk in dest.chunks_mut(8) {
            let bytes = self.next_u64().to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
    }
}

impl SeedableRng for SplitMix64 {
    type Seed = [u8; 8];

    fn from_seed(seed: [u8; 8]) -> Self {
        SplitMix64(u64::from_le_bytes(seed))
    }
}

const CV_STREAM: u64 = 1;
const OFFER_STREAM: u64 = 2;

/// Languages of generated documents and their shares, in percent.
const LANG_SHARES: &[(&str, u32)] = &[("fr", 68), ("en", 22), ("de", 4), ("es", 4), ("ja", 2)];

fn pick<'a>(rng: &mut SplitMix64, list: &'a [String]) -> &'a str {
    list.choose(rng).map_or("", String::as_str)
}

fn pick_city(rng: &mut SplitMix64) -> &'static City {
    static CITY_WEIGHTS: OnceLock<WeightedIndex<u32>> = OnceLock::new();
    let cities = french_cities();
    let weights = CITY_WEIGHTS
        .get_or_init(|| WeightedIndex::new(cities.iter().map(|c| c.population)).expect("cities"));
    &cities[weights.sample(rng)]
}

fn location(city: &City) -> Value {
    json!({
        "city": city.name,
        "postal_code": city.postal_code,
        "country": "FR",
        "lat": city.point.lat,
        "lon": city.point.lon,
    })
}

struct Filler<'a> {
    title: &'a str,
    years: u32,
    contract: &'a str,
    city: &'a str,
    employer: &'a str,
    skills: &'a [String],
    adjectives: &'a [String],
    /// A sentence quoted whole (`{sentence}`).
    sentence: &'a str,
}

/// Replaces `{placeholders}` of a template.
fn fill(template: &str, rng: &mut SplitMix64, filler: &Filler<'_>) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let name = &rest[open + 1..open + close];
        match name {
            "title" => out.push_str(filler.title),
            "years" => out.push_str(&filler.years.max(1).to_string()),
            "contract" => out.push_str(filler.contract),
            "city" => out.push_str(filler.city),
            "employer" => out.push_str(filler.employer),
            "skill" => out.push_str(pick(rng, filler.skills)),
            "adjective" => out.push_str(pick(rng, filler.adjectives)),
            "sentence" => out.push_str(filler.sentence),
            "n" => out.push_str(&rng.random_range(2..60).to_string()),
            other => {
                out.push('{');
                out.push_str(other);
                out.push('}');
            }
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Fills a template into a sentence: capitalised, ending with a full stop.
fn sentence(rng: &mut SplitMix64, template: &str, filler: &Filler<'_>) -> String {
    let sentence = capitalise(&fill(template, rng, filler));
    if sentence.ends_with(['.', '!', '?', '。']) {
        sentence
    } else {
        format!("{sentence}.")
    }
}

fn sentences(
    rng: &mut SplitMix64,
    templates: &[String],
    count: usize,
    filler: &Filler<'_>,
) -> String {
    let chosen: Vec<&String> = templates.choose_multiple(rng, count).collect();
    let parts: Vec<String> = chosen
        .into_iter()
        .map(|t| sentence(rng, t, filler))
        .collect();
    parts.join(" ")
}

fn timestamp(date: Date, rng: &mut SplitMix64) -> String {
    let hour = rng.random_range(7..20);
    let minute = rng.random_range(0..60);
    format!("{date}T{hour:02}:{minute:02}:00Z")
}

fn month(date: Date) -> String {
    format!("{:04}-{:02}", date.year(), u8::from(date.month()))
}

/// Title, employer and description of one experience.
struct Job {
    title: String,
    employer: String,
    description: String,
}

/// Makes the experiences of a career of `years` years, most recent first, with coherent
/// dates; `job` writes each one.
fn dated_experiences(
    rng: &mut SplitMix64,
    years: u32,
    mut job: impl FnMut(&mut SplitMix64) -> Job,
) -> Vec<Value> {
    let count = match years {
        0..=1 => 1,
        2..=4 => rng.random_range(1..=2),
        5..=9 => rng.random_range(2..=3),
        _ => rng.random_range(3..=5),
    };
    let total_months = (years.max(1) * 12) as i64;
    let mut end = reference_date();
    let mut out = Vec::with_capacity(count);
    for index in 0..count {
        let months = (total_months / count as i64).max(3) + rng.random_range(-2..=2);
        let start = end - Duration::days(months.max(2) * 30);
        let Job {
            title,
            employer,
            description,
        } = job(rng);
        let mut experience = json!({
            "title": title,
            "employer": employer,
            "start": month(start),
            "description": description,
        });
        // The most recent job may be ongoing.
        if index > 0 || rng.random_bool(0.4) {
            experience["end"] = json!(month(end));
        }
        out.push(experience);
        end = start - Duration::days(rng.random_range(0..90));
    }
    out
}

fn education(rng: &mut SplitMix64, degrees: &[String], lang: &str, years: u32) -> Value {
    let schools = builtin::in_lang(&builtin::model().profiles.schools, lang);
    let year = reference_date().year() - years as i32 - rng.random_range(0..3);
    let count = if rng.random_bool(0.3) { 2 } else { 1 };
    let chosen: Vec<Value> = degrees
        .choose_multiple(rng, count)
        .enumerate()
        .map(|(i, degree)| json!({"degree": degree, "school": pick(rng, schools), "year": year - 2 * i as i32}))
        .collect();
    Value::Array(chosen)
}

/// The parts of a CV that its occupation decides.
struct CvParts<'a> {
    number: u64,
    lang: &'a str,
    city: &'a City,
    years: u32,
    title: String,
    summary: String,
    experiences: Vec<Value>,
    skills: Vec<String>,
    contract_types: &'a [String],
    degrees: &'a [String],
}

/// Draws the rest of a CV (contracts, dates, contact, languages, education) and assembles it.
fn finish_cv(rng: &mut SplitMix64, parts: CvParts<'_>) -> Value {
    let CvParts {
        number,
        lang,
        city,
        years,
        title,
        summary,
        experiences,
        skills,
        contract_types,
        degrees,
    } = parts;
    let profiles = &builtin::model().profiles;
    let contract_count = rng.random_range(1..=3).min(contract_types.len());
    let mut contract_types: Vec<&String> = contract_types
        .choose_multiple(rng, contract_count)
        .collect();
    contract_types.sort();
    let updated = reference_date() - Duration::days(rng.random_range(0..730));
    let first_names = builtin::in_lang(&profiles.first_names, lang);
    let last_names = builtin::in_lang(&profiles.last_names, lang);
    let email = format!(
        "{}.{}{}@example.com",
        ascii_slug(pick(rng, first_names)),
        ascii_slug(pick(rng, last_names)),
        number
    );
    let mut languages = vec![json!({"code": lang, "level": "native"})];
    if lang != "en" && rng.random_bool(0.6) {
        let level = ["A2", "B1", "B2", "C1"]
            .choose(rng)
            .copied()
            .unwrap_or("B1");
        languages.push(json!({"code": "en", "level": level}));
    }
    if lang != "fr" && rng.random_bool(0.5) {
        languages.push(json!({"code": "fr", "level": "B2"}));
    }
    let mut cv = Map::new();
    cv.insert("id".into(), json!(format!("cv-{number}")));
    cv.insert("updated_at".into(), json!(timestamp(updated, rng)));
    cv.insert("headline".into(), json!(title));
    cv.insert("summary".into(), json!(summary));
    cv.insert("experiences".into(), Value::Array(experiences));
    cv.insert("education".into(), education(rng, degrees, lang, years));
    cv.insert("skills".into(), json!(skills));
    cv.insert("languages".into(), Value::Array(languages));
    cv.insert("location".into(), location(city));
    cv.insert(
        "mobility_km".into(),
        json!([0, 10, 20, 30, 50, 100].choose(rng).copied().unwrap_or(20)),
    );
    cv.insert("contract_types".into(), json!(contract_types));
    let available = reference_date() + Duration::days(rng.random_range(0..120));
    cv.insert("available_from".into(), json!(available.to_string()));
    cv.insert("years_experience".into(), json!(years));
    cv.insert(
        "contact".into(),
        json!({"email": email, "phone": format!("06 {:02} {:02} {:02} {:02}", rng.random_range(0..100), rng.random_range(0..100), rng.random_range(0..100), rng.random_range(0..100))}),
    );
    if rng.random_bool(0.3) {
        cv.insert("lang".into(), json!(lang));
    }
    Value::Object(cv)
}

/// The parts of an offer that its occupation decides.
struct OfferParts<'a> {
    number: u64,
    lang: &'a str,
    city: &'a City,
    years: u32,
    title: String,
    description: String,
    employer: String,
    contract: String,
    required: Vec<String>,
    optional: Vec<String>,
    salary_month_eur: [u32; 2],
}

/// Draws the rest of an offer (pay, dates, languages) and assembles it.
fn finish_offer(rng: &mut SplitMix64, parts: OfferParts<'_>) -> Value {
    let OfferParts {
        number,
        lang,
        city,
        years,
        title,
        description,
        employer,
        contract,
        required,
        optional,
        salary_month_eur: [low, high],
    } = parts;
    let min = rng.random_range(low..=high.max(low)) / 50 * 50;
    let max = (min + rng.random_range(0..=500)) / 50 * 50;
    let published = reference_date() - Duration::days(rng.random_range(0..120));
    let mut languages = vec![json!({"code": lang, "level": "C1"})];
    if lang != "en" && rng.random_bool(0.3) {
        languages.push(json!({"code": "en", "level": "B2"}));
    }
    json!({
        "id": format!("offer-{number}"),
        "updated_at": timestamp(published + Duration::days(rng.random_range(0..10)), rng),
        "published_at": timestamp(published, rng),
        "expires_at": timestamp(published + Duration::days(60), rng),
        "title": title,
        "description": description,
        "employer": {"name": employer},
        "location": location(city),
        "contract_type": contract,
        "working_time": if rng.random_bool(0.85) { "full_time" } else { "part_time" },
        "salary": {"min": min, "max": max.max(min), "currency": "EUR", "period": "month"},
        "experience_years_min": years,
        "skills_required": required,
        "skills_optional": optional,
        "languages": languages,
    })
}

fn ascii_slug(text: &str) -> String {
    let mut slug = String::new();
    for c in text.to_lowercase().chars() {
        let folded = match c {
            'à' | 'â' | 'ä' | 'á' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' => 'i',
            'ô' | 'ö' | 'ó' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            c if c.is_ascii_alphanumeric() => c,
            _ => continue,
        };
        slug.push(folded);
    }
    if slug.is_empty() {
        slug.push('x');
    }
    slug
}

/// Documents generated per parallel chunk.
const CHUNK: u64 = 4_096;

/// Writes `count` documents made by `make(seed, number)` as NDJSON, generating in parallel
/// on every core while keeping the output in number order.
pub fn write_ndjson<F>(out: &mut impl Write, count: u64, seed: u64, make: F) -> io::Result<()>
where
    F: Fn(u64, u64) -> Value + Sync,
{
    let make = &make;
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()) as u64;
    let mut start = 0;
    while start < count {
        let end = (start + CHUNK * threads).min(count);
        let per_thread = (end - start).div_ceil(threads);
        let buffers: Vec<Vec<u8>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|t| {
                    let from = start + t * per_thread;
                    let to = (from + per_thread).min(end);
                    scope.spawn(move || {
                        let mut buffer =
                            Vec::with_capacity(((to.saturating_sub(from)) * 3000) as usize);
                        for number in from..to {
                            // Writing to a Vec cannot fail.
                            let _ = serde_json::to_writer(&mut buffer, &make(seed, number));
                            buffer.push(b'\n');
                        }
                        buffer
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_default())
                .collect()
        });
        for buffer in buffers {
            out.write_all(&buffer)?;
        }
        start = end;
    }
    Ok(())
}

/// Returns `count` documents as NDJSON lines (for the demo corpus, loaded in memory).
pub fn lines(
    count: u64,
    seed: u64,
    make: fn(u64, u64) -> Value,
) -> impl Iterator<Item = io::Result<String>> + Send {
    (0..count).map(move |number| Ok(make(seed, number).to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_is_in_number_order() {
        let mut out = Vec::new();
        write_ndjson(&mut out, 10_000, 3, cv).expect("write");
        let text = String::from_utf8(out).expect("utf-8");
        let ids: Vec<String> = text
            .lines()
            .map(|line| {
                serde_json::from_str::<Value>(line).expect("json")["id"]
                    .as_str()
                    .unwrap_or("")
                    .to_string()
            })
            .collect();
        assert_eq!(ids.len(), 10_000);
        assert_eq!(ids[9_999], "cv-9999");
        assert_eq!(ids[4_100], "cv-4100");
    }

    #[test]
    fn builtin_generator_is_the_builtin_model() {
        let generator = Generator::Builtin;
        for number in 0..50 {
            assert_eq!(generator.cv(5, number), cv(5, number));
            assert_eq!(generator.offer(5, number), offer(5, number));
            assert_eq!(generator.cv_truth(5, number), cv_truth(5, number));
        }
        // Built-in truth lines keep their four fields.
        let line = serde_json::to_value(cv_truth(5, 1)).expect("json");
        assert_eq!(
            line.as_object().map(|o| o.len()),
            Some(4),
            "unexpected truth fields: {line}"
        );
    }
}
