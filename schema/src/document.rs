//! The two document types Vivier stores, CVs and job offers, as clients send them.
//!
//! These types are what a document looks like once [`crate::validate()`] has accepted it: every
//! field is typed, dates are checked, enumerations are closed. Optional fields are skipped
//! when serialising so that the stored original stays as small as the client sent it.

use serde::{Deserialize, Serialize};

/// A candidate's CV.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cv {
    /// Caller-given identifier (see [`crate::check_id`]).
    pub id: String,
    /// Last update, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    /// One-line description of the candidate ("Développeur Java senior").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headline: Option<String>,
    /// Free-text presentation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Past and current jobs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub experiences: Vec<Experience>,
    /// Degrees and training.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub education: Vec<Education>,
    /// Skills as the candidate wrote them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<String>,
    /// Spoken languages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<LanguageSkill>,
    /// Where the candidate lives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// How far the candidate is willing to travel, in kilometres.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobility_km: Option<f64>,
    /// Contract types the candidate accepts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contract_types: Vec<ContractType>,
    /// First day the candidate can start (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available_from: Option<String>,
    /// Total professional experience in years.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub years_experience: Option<f64>,
    /// Personal contact details.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<Contact>,
    /// Language of the CV (ISO 639-1); overrides detection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

/// One job in a CV.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Experience {
    /// Job title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Employer name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employer: Option<String>,
    /// Start date, `YYYY-MM` or `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// End date, `YYYY-MM` or `YYYY-MM-DD`; absent for a current job.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// What the candidate did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// One degree or training in a CV.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Education {
    /// Name of the degree.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub degree: Option<String>,
    /// School or university.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub school: Option<String>,
    /// Year obtained.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
}

/// A spoken language and its level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageSkill {
    /// ISO 639-1 code, lower case.
    pub code: String,
    /// CEFR level (`A1`..`C2`) or `native`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
}

/// A place: a city with optional coordinates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// City name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// Postal code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Latitude in degrees.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    /// Longitude in degrees.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
}

/// Personal contact details of a candidate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

/// A job offer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Offer {
    /// Caller-given identifier (see [`crate::check_id`]).
    pub id: String,
    /// Last update, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    /// Publication time, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_at: Option<String>,
    /// Expiry time, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// Job title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Full description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Who hires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employer: Option<Employer>,
    /// Where the job is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// Contract type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract_type: Option<ContractType>,
    /// Full or part time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working_time: Option<WorkingTime>,
    /// Pay range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salary: Option<Salary>,
    /// Minimum experience asked, in years.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub experience_years_min: Option<f64>,
    /// Skills the candidate must have, free text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skills_required: Vec<String>,
    /// Skills that are a plus, free text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skills_optional: Vec<String>,
    /// Languages asked.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<LanguageSkill>,
    /// Language of the offer (ISO 639-1); overrides detection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

/// The employer of an offer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Employer {
    /// Employer name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// Pay range of an offer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Salary {
    /// Lower bound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// Upper bound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// ISO 4217 currency code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// What the amounts are per.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<SalaryPeriod>,
}

impl Salary {
    /// Returns the range converted to a yearly amount, so that offers paid per hour, month
    /// or year compare on one scale (1,607 hours a year: the French legal full-time).
    pub fn yearly_range(&self) -> (Option<f64>, Option<f64>) {
        let factor = match self.period.unwrap_or(SalaryPeriod::Year) {
            SalaryPeriod::Hour => 1607.0,
            SalaryPeriod::Day => 218.0,
            SalaryPeriod::Month => 12.0,
            SalaryPeriod::Year => 1.0,
        };
        (self.min.map(|v| v * factor), self.max.map(|v| v * factor))
    }
}

/// Period a salary amount is paid for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SalaryPeriod {
    /// Per hour.
    Hour,
    /// Per day.
    Day,
    /// Per month.
    Month,
    /// Per year.
    Year,
}

/// French contract types, as job boards name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ContractType {
    /// Permanent contract.
    #[serde(rename = "CDI")]
    Cdi,
    /// Fixed-term contract.
    #[serde(rename = "CDD")]
    Cdd,
    /// Temporary work through an agency.
    #[serde(rename = "interim")]
    Interim,
    /// Work-study.
    #[serde(rename = "alternance")]
    Alternance,
    /// Self-employed.
    #[serde(rename = "freelance")]
    Freelance,
    /// Internship.
    #[serde(rename = "stage")]
    Stage,
}

impl ContractType {
    /// Every contract type, in the order the API documents them.
    pub const ALL: [ContractType; 6] = [
        ContractType::Cdi,
        ContractType::Cdd,
        ContractType::Interim,
        ContractType::Alternance,
        ContractType::Freelance,
        ContractType::Stage,
    ];

    /// Returns the wire name (`CDI`, `interim`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            ContractType::Cdi => "CDI",
            ContractType::Cdd => "CDD",
            ContractType::Interim => "interim",
            ContractType::Alternance => "alternance",
            ContractType::Freelance => "freelance",
            ContractType::Stage => "stage",
        }
    }
}

/// Full or part time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkingTime {
    /// Full time.
    FullTime,
    /// Part time.
    PartTime,
}

impl WorkingTime {
    /// Returns the wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            WorkingTime::FullTime => "full_time",
            WorkingTime::PartTime => "part_time",
        }
    }
}
