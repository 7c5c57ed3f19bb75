//! Structured filters of a search request, as non-scoring tantivy queries.

use std::ops::Bound;

use serde::Deserialize;
use tantivy::query::{
    BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery, TermSetQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DateTime, Term};
use vivier_schema::geo::{postal_code_point, GeoPoint};
use vivier_schema::validate::{parse_date, parse_timestamp};
use vivier_schema::{Collection, CollectionSchema, ContractType};

use super::geo_query::GeoRadiusQuery;
use super::SearchError;

/// The `filters` object of a search request.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "`filters`: an object such as {\"contract_types\": [\"CDI\"]} (leave it out for none)"
)]
pub struct Filters {
    /// Any of these contract types.
    #[serde(default)]
    pub contract_types: Vec<String>,
    /// All of these languages (ISO 639-1).
    #[serde(default)]
    pub languages: Vec<String>,
    /// Years of experience (CVs) or minimum asked (offers) within this range.
    pub years_experience: Option<NumberRange>,
    /// Updated at or after this time (RFC 3339 or `YYYY-MM-DD`).
    pub updated_since: Option<String>,
    /// Within a radius of a point or a postal code.
    pub location: Option<LocationFilter>,
    /// Offers whose yearly salary range overlaps this one.
    pub salary: Option<NumberRange>,
}

/// An inclusive numeric range; either bound may be absent.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NumberRange {
    /// Lower bound.
    pub min: Option<f64>,
    /// Upper bound.
    pub max: Option<f64>,
}

/// A radius around coordinates or a French postal code.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocationFilter {
    /// Latitude of the centre.
    pub lat: Option<f64>,
    /// Longitude of the centre.
    pub lon: Option<f64>,
    /// Postal code of the centre, instead of coordinates.
    pub postal_code: Option<String>,
    /// Radius in kilometres.
    pub radius_km: f64,
}

impl LocationFilter {
    /// Returns the centre, checking coordinates and resolving the postal code.
    pub fn center(&self) -> Result<GeoPoint, SearchError> {
        match (self.lat, self.lon, &self.postal_code) {
            (Some(lat), Some(lon), None) => {
                if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
                    return Err(invalid(
                        "filters.location: lat must be in -90..90 and lon in -180..180",
                    ));
                }
                Ok(GeoPoint { lat, lon })
            }
            (None, None, Some(code)) => postal_code_point(code).ok_or_else(|| {
                invalid(&format!(
                    "filters.location.postal_code: unknown French postal code `{code}`"
                ))
            }),
            _ => Err(invalid(
                "filters.location: give either `lat` and `lon`, or `postal_code`, with `radius_km`",
            )),
        }
    }
}

/// Builds the filter queries; each matches without adding to the score.
pub fn filter_queries(
    fields: &CollectionSchema,
    filters: &Filters,
) -> Result<Vec<Box<dyn Query>>, SearchError> {
    let mut queries: Vec<Box<dyn Query>> = Vec::new();
    if !filters.contract_types.is_empty() {
        for value in &filters.contract_types {
            if !ContractType::ALL.iter().any(|c| c.as_str() == value) {
                return Err(invalid(&format!(
                    "filters.contract_types: `{value}` is not one of CDI, CDD, interim, alternance, freelance, stage"
                )));
            }
        }
        let terms = filters
            .contract_types
            .iter()
            .map(|v| Term::from_field_text(fields.contract_types, v));
        queries.push(Box::new(TermSetQuery::new(terms)));
    }
    for code in &filters.languages {
        if !vivier_schema::is_language_code(code) {
            return Err(invalid(&format!(
                "filters.languages: `{code}` is not an ISO 639-1 code"
            )));
        }
        let term = Term::from_field_text(fields.languages, code);
        queries.push(Box::new(TermQuery::new(term, IndexRecordOption::Basic)));
    }
    if let Some(range) = filters.years_experience {
        queries.push(f64_range(
            fields.years_experience,
            range,
            "filters.years_experience",
        )?);
    }
    if let Some(since) = &filters.updated_since {
        let when = parse_timestamp(since)
            .or_else(|| parse_date(since).map(|date| date.midnight().assume_utc()))
            .ok_or_else(|| {
                invalid("filters.updated_since: not a date (expected RFC 3339 or YYYY-MM-DD)")
            })?;
        let lower = Term::from_field_date(fields.updated_at, DateTime::from_utc(when));
        queries.push(Box::new(RangeQuery::new(
            Bound::Included(lower),
            Bound::Unbounded,
        )));
    }
    if let Some(location) = &filters.location {
        queries.push(Box::new(geo_filter(fields, location)?));
    }
    if let Some(range) = filters.salary {
        queries.push(salary_filter(fields, range)?);
    }
    Ok(queries
        .into_iter()
        .map(|query| Box::new(ConstScoreQuery::new(query, 0.0)) as Box<dyn Query>)
        .collect())
}

/// Builds the radius filter of a location.
pub fn geo_filter(
    fields: &CollectionSchema,
    location: &LocationFilter,
) -> Result<GeoRadiusQuery, SearchError> {
    if !(location.radius_km > 0.0 && location.radius_km <= 20_038.0) {
        return Err(invalid(
            "filters.location.radius_km: must be greater than 0 and at most 20038",
        ));
    }
    Ok(GeoRadiusQuery {
        center: location.center()?,
        radius_km: location.radius_km,
        mobility_field: fields.mobility_km.map(|_| "mobility_km"),
    })
}

fn salary_filter(
    fields: &CollectionSchema,
    range: NumberRange,
) -> Result<Box<dyn Query>, SearchError> {
    let (Some(min_field), Some(max_field)) = (fields.salary_min, fields.salary_max) else {
        return Err(invalid("filters.salary: only offers have a salary"));
    };
    check_range(range, "filters.salary")?;
    // Overlap of [offer.min, offer.max] with [range.min, range.max].
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    if let Some(min) = range.min {
        let lower = Term::from_field_f64(max_field, min);
        clauses.push((
            Occur::Must,
            Box::new(RangeQuery::new(Bound::Included(lower), Bound::Unbounded)),
        ));
    }
    if let Some(max) = range.max {
        let upper = Term::from_field_f64(min_field, max);
        clauses.push((
            Occur::Must,
            Box::new(RangeQuery::new(Bound::Unbounded, Bound::Included(upper))),
        ));
    }
    Ok(Box::new(BooleanQuery::new(clauses)))
}

fn f64_range(field: Field, range: NumberRange, path: &str) -> Result<Box<dyn Query>, SearchError> {
    check_range(range, path)?;
    let bound = |value: Option<f64>| match value {
        Some(v) => Bound::Included(Term::from_field_f64(field, v)),
        None => Bound::Unbounded,
    };
    Ok(Box::new(RangeQuery::new(
        bound(range.min),
        bound(range.max),
    )))
}

fn check_range(range: NumberRange, path: &str) -> Result<(), SearchError> {
    match (range.min, range.max) {
        (None, None) => Err(invalid(&format!("{path}: give `min`, `max` or both"))),
        (Some(min), Some(max)) if min > max => {
            Err(invalid(&format!("{path}: `min` is greater than `max`")))
        }
        (Some(v), _) | (_, Some(v)) if !v.is_finite() => {
            Err(invalid(&format!("{path}: not a finite number")))
        }
        _ => Ok(()),
    }
}

/// Checks that the collection has what a filter needs.
pub fn check_collection(collection: Collection, filters: &Filters) -> Result<(), SearchError> {
    if collection == Collection::Cvs && filters.salary.is_some() {
        return Err(invalid("filters.salary: only offers have a salary"));
    }
    Ok(())
}

fn invalid(message: &str) -> SearchError {
    SearchError::InvalidRequest(message.to_string())
}
