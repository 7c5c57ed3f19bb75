//! Geographic maths for radius filters and distance sorting, and French reference places.
//!
//! tantivy has no geo support, so a radius filter works in two steps: a cheap latitude and
//! longitude [`BoundingBox`] rejects most documents, then the exact great-circle distance
//! ([`haversine_km`]) decides. The box must stay correct where naive boxes break: near the
//! poles (a circle containing a pole covers every longitude) and across the antimeridian
//! (the longitude range wraps from 180 to -180).

use std::collections::HashMap;
use std::sync::OnceLock;

/// Mean Earth radius in kilometres (IUGG).
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// A point on Earth in degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GeoPoint {
    /// Latitude in degrees, -90..=90.
    pub lat: f64,
    /// Longitude in degrees, -180..=180.
    pub lon: f64,
}

/// Returns the great-circle distance between two points, in kilometres.
pub fn haversine_km(a: GeoPoint, b: GeoPoint) -> f64 {
    let (lat1, lat2) = (a.lat.to_radians(), b.lat.to_radians());
    let dlat = lat2 - lat1;
    let dlon = (b.lon - a.lon).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    // Clamp: rounding can push h a hair above 1 for antipodal points.
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

/// Decides "within so many kilometres of a centre" for many points, mostly without
/// trigonometry.
///
/// A radius filter tests every document in a latitude band, and the sines and cosines of
/// [`haversine_km`] dominated its cost. Near the centre, the equirectangular distance (the
/// longitude difference scaled by the cosine of the centre's latitude) is within a known
/// relative error of the great-circle one; only points whose approximate distance falls in
/// that error band around the limit get the exact formula, so the answer is always
/// [`haversine_km`]'s.
#[derive(Debug, Clone, Copy)]
pub struct DistanceProbe {
    center: GeoPoint,
    cos_center: f64,
    /// Relative error bound of the approximation; `None` when too large to be useful
    /// (large radii, high latitudes).
    tolerance: Option<f64>,
}

impl DistanceProbe {
    /// Prepares tests of points at most about `max_km` from `center`.
    pub fn new(center: GeoPoint, max_km: f64) -> DistanceProbe {
        let spread = (max_km / EARTH_RADIUS_KM).max(0.0);
        let lat = center.lat.to_radians().abs();
        let far_lat = lat + spread;
        // The cosine at the centre misjudges the scale of longitudes at most by
        // tan(latitude) * spread, the planar shortcut errs by spread^2; doubled for safety.
        let tolerance = (far_lat < 80f64.to_radians())
            .then(|| 2.0 * (far_lat.tan() * spread + spread * spread) + 1e-3)
            .filter(|tolerance| *tolerance < 0.25);
        DistanceProbe {
            center,
            cos_center: center.lat.to_radians().cos(),
            tolerance,
        }
    }

    /// Returns whether `haversine_km(center, point) <= limit_km`.
    pub fn within(&self, point: GeoPoint, limit_km: f64) -> bool {
        if let Some(tolerance) = self.tolerance {
            let dlat = (point.lat - self.center.lat).to_radians();
            let dlon = wrap_longitude(point.lon - self.center.lon).to_radians() * self.cos_center;
            let approx = EARTH_RADIUS_KM * (dlat * dlat + dlon * dlon).sqrt();
            if approx <= limit_km * (1.0 - tolerance) {
                return true;
            }
            if approx >= limit_km * (1.0 + tolerance) {
                return false;
            }
        }
        haversine_km(self.center, point) <= limit_km
    }
}

/// A latitude/longitude box that contains a whole circle.
///
/// When the box crosses the antimeridian, `min_lon > max_lon` and a longitude is inside when
/// it is `>= min_lon` or `<= max_lon`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoundingBox {
    /// Southern edge.
    pub min_lat: f64,
    /// Northern edge.
    pub max_lat: f64,
    /// Western edge.
    pub min_lon: f64,
    /// Eastern edge.
    pub max_lon: f64,
}

impl BoundingBox {
    /// Returns the smallest box around the circle of `radius_km` centred on `center`.
    ///
    /// Follows the method of Jan Philip Matuschek, "Finding Points Within a Distance of a
    /// Latitude/Longitude Using Bounding Coordinates": the longitude half-width comes from the
    /// tangent points, and a pole inside the circle widens the box to every longitude.
    pub fn around(center: GeoPoint, radius_km: f64) -> BoundingBox {
        let angular = (radius_km / EARTH_RADIUS_KM).max(0.0);
        let lat = center.lat.to_radians();
        let lon = center.lon.to_radians();
        let min_lat = lat - angular;
        let max_lat = lat + angular;
        let half_pi = std::f64::consts::FRAC_PI_2;
        if min_lat <= -half_pi || max_lat >= half_pi || angular >= std::f64::consts::PI {
            return BoundingBox {
                min_lat: min_lat.max(-half_pi).to_degrees(),
                max_lat: max_lat.min(half_pi).to_degrees(),
                min_lon: -180.0,
                max_lon: 180.0,
            };
        }
        let delta_lon = (angular.sin() / lat.cos()).clamp(-1.0, 1.0).asin();
        BoundingBox {
            min_lat: min_lat.to_degrees(),
            max_lat: max_lat.to_degrees(),
            min_lon: wrap_longitude((lon - delta_lon).to_degrees()),
            max_lon: wrap_longitude((lon + delta_lon).to_degrees()),
        }
    }

    /// Returns whether the box crosses the antimeridian.
    pub fn wraps(&self) -> bool {
        self.min_lon > self.max_lon
    }

    /// Returns whether the point is inside the box (edges included).
    pub fn contains(&self, point: GeoPoint) -> bool {
        if point.lat < self.min_lat || point.lat > self.max_lat {
            return false;
        }
        if self.wraps() {
            point.lon >= self.min_lon || point.lon <= self.max_lon
        } else {
            point.lon >= self.min_lon && point.lon <= self.max_lon
        }
    }
}

/// Brings a longitude back into -180..=180.
fn wrap_longitude(lon: f64) -> f64 {
    if lon > 180.0 {
        lon - 360.0
    } else if lon < -180.0 {
        lon + 360.0
    } else {
        lon
    }
}

/// A French city with its main postal code and coordinates.
#[derive(Debug, Clone, PartialEq)]
pub struct City {
    /// Name as written in French.
    pub name: &'static str,
    /// Main postal code.
    pub postal_code: &'static str,
    /// Coordinates of the city centre.
    pub point: GeoPoint,
    /// Inhabitants, used to weight random draws.
    pub population: u32,
}

const CITIES_TSV: &str = include_str!("../data/fr_cities.tsv");
const POSTAL_CODES_TSV: &str = include_str!("../data/fr_postal_codes.tsv");

/// Returns the 300 largest French cities, largest first.
pub fn french_cities() -> &'static [City] {
    static CITIES: OnceLock<Vec<City>> = OnceLock::new();
    CITIES.get_or_init(|| {
        data_lines(CITIES_TSV)
            .filter_map(|columns| {
                let [name, postal_code, lat, lon, population] = columns[..] else {
                    return None;
                };
                Some(City {
                    name,
                    postal_code,
                    point: GeoPoint {
                        lat: lat.parse().ok()?,
                        lon: lon.parse().ok()?,
                    },
                    population: population.parse().ok()?,
                })
            })
            .collect()
    })
}

/// Returns the coordinates of a French postal code (the mean of its communes), if known.
pub fn postal_code_point(postal_code: &str) -> Option<GeoPoint> {
    static TABLE: OnceLock<HashMap<&'static str, GeoPoint>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        data_lines(POSTAL_CODES_TSV)
            .filter_map(|columns| {
                let [code, lat, lon] = columns[..] else {
                    return None;
                };
                let point = GeoPoint {
                    lat: lat.parse().ok()?,
                    lon: lon.parse().ok()?,
                };
                Some((code, point))
            })
            .collect()
    });
    table.get(postal_code.trim()).copied()
}

fn data_lines(tsv: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    tsv.lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .map(|line| line.split('\t').collect())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    const PARIS: GeoPoint = GeoPoint {
        lat: 48.8566,
        lon: 2.3522,
    };
    const LYON: GeoPoint = GeoPoint {
        lat: 45.7640,
        lon: 4.8357,
    };

    #[test]
    fn paris_to_lyon_is_about_392_km() {
        let distance = haversine_km(PARIS, LYON);
        assert!((distance - 391.5).abs() < 2.0, "{distance}");
        assert_eq!(haversine_km(PARIS, PARIS), 0.0);
    }

    #[test]
    fn antipodes_are_half_the_circumference_apart() {
        let a = GeoPoint { lat: 0.0, lon: 0.0 };
        let b = GeoPoint {
            lat: 0.0,
            lon: 180.0,
        };
        let half = std::f64::consts::PI * EARTH_RADIUS_KM;
        assert!((haversine_km(a, b) - half).abs() < 1e-6);
    }

    #[test]
    fn box_wraps_across_the_antimeridian() {
        // Fiji, right on the 180th meridian.
        let center = GeoPoint {
            lat: -17.7,
            lon: 179.9,
        };
        let bbox = BoundingBox::around(center, 100.0);
        assert!(bbox.wraps(), "{bbox:?}");
        let east = GeoPoint {
            lat: -17.7,
            lon: -179.8,
        };
        assert!(bbox.contains(east));
        assert!(haversine_km(center, east) < 100.0);
        let far = GeoPoint {
            lat: -17.7,
            lon: 0.0,
        };
        assert!(!bbox.contains(far));
    }

    #[test]
    fn box_covers_every_longitude_when_it_holds_a_pole() {
        let near_pole = GeoPoint {
            lat: 89.5,
            lon: 10.0,
        };
        let bbox = BoundingBox::around(near_pole, 100.0);
        assert_eq!(
            (bbox.min_lon, bbox.max_lon, bbox.max_lat),
            (-180.0, 180.0, 90.0)
        );
        let other_side = GeoPoint {
            lat: 89.7,
            lon: -170.0,
        };
        assert!(bbox.contains(other_side));
        assert!(haversine_km(near_pole, other_side) < 100.0);
    }

    #[test]
    fn postal_codes_and_cities_are_loaded() {
        let point = postal_code_point("69001").expect("Lyon 1er");
        assert!(haversine_km(point, LYON) < 5.0);
        assert!(postal_code_point("00000").is_none());
        let cities = french_cities();
        assert_eq!(cities.len(), 300);
        assert_eq!(cities[0].name, "Paris");
    }

    proptest! {
        #[test]
        fn every_point_within_the_radius_is_in_the_box(
            lat in -90.0f64..=90.0,
            lon in -180.0f64..=180.0,
            radius in 0.1f64..3000.0,
            bearing in 0.0f64..360.0,
            fraction in 0.0f64..=0.999,
        ) {
            let center = GeoPoint { lat, lon };
            let inside = destination(center, bearing, radius * fraction);
            let bbox = BoundingBox::around(center, radius);
            prop_assert!(bbox.contains(inside), "{center:?} {inside:?} {bbox:?}");
        }
    }

    /// The point reached from `start` going `distance_km` along the initial `bearing`.
    fn destination(start: GeoPoint, bearing: f64, distance_km: f64) -> GeoPoint {
        let angular = distance_km / EARTH_RADIUS_KM;
        let (lat1, lon1, theta) = (
            start.lat.to_radians(),
            start.lon.to_radians(),
            bearing.to_radians(),
        );
        let lat2 = (lat1.sin() * angular.cos() + lat1.cos() * angular.sin() * theta.cos()).asin();
        let lon2 = lon1
            + (theta.sin() * angular.sin() * lat1.cos())
                .atan2(angular.cos() - lat1.sin() * lat2.sin());
        GeoPoint {
            lat: lat2.to_degrees(),
            lon: wrap_longitude(lon2.to_degrees()),
        }
    }

    proptest! {
        /// The probe answers exactly as the great-circle distance does, at any latitude,
        /// for points in and around the circles it is asked about.
        #[test]
        fn probe_agrees_with_haversine(
            lat in -89.0f64..89.0,
            lon in -180.0f64..180.0,
            radius in 0.5f64..400.0,
            bearing in 0.0f64..std::f64::consts::TAU,
            ratio in prop_oneof![0.0f64..2.0, 0.98f64..1.02],
        ) {
            let center = GeoPoint { lat, lon };
            let probe = DistanceProbe::new(center, radius);
            // A point at `ratio * radius` along `bearing`, in degrees.
            let angular = ratio * radius / EARTH_RADIUS_KM;
            let (lat1, lon1) = (lat.to_radians(), lon.to_radians());
            let lat2 = (lat1.sin() * angular.cos() + lat1.cos() * angular.sin() * bearing.cos()).asin();
            let lon2 = lon1 + (bearing.sin() * angular.sin() * lat1.cos())
                .atan2(angular.cos() - lat1.sin() * lat2.sin());
            let point = GeoPoint { lat: lat2.to_degrees(), lon: wrap_longitude(lon2.to_degrees()) };
            prop_assert_eq!(probe.within(point, radius), haversine_km(center, point) <= radius);
        }
    }
}
