//! The units of the demonstration: Thanh Hóa's real list for a province;
//! for a national deployment, 34 provinces modelled on it (the same
//! departments, districts and public service units, and communes: 170 in
//! the first, 59 in each other), 3,919 units in all.

use chamdiem_domain::unit::{UnitCode, UnitKind, UnitName};

const THANH_HOA: &str = include_str!("../../../domain/tests/data/units-thanh-hoa.csv");

/// Provinces of a national deployment.
pub const PROVINCES: usize = 34;
/// Communes of the first province of a national deployment: a large
/// province, whose commune block (170 units) is the ranking benchmarked.
pub const COMMUNES_OF_THE_FIRST: usize = 170;
/// Communes of each other province.
const COMMUNES_OF_THE_OTHERS: usize = 59;

/// One unit to register.
#[derive(Debug, Clone)]
pub struct DemoUnit {
    /// Its code.
    pub code: UnitCode,
    /// Its name.
    pub name: UnitName,
    /// Its kind.
    pub kind: UnitKind,
}

/// One province's units and name.
#[derive(Debug, Clone)]
pub struct DemoProvince {
    /// Its name ("Thanh Hóa", "Tỉnh 07").
    pub name: String,
    /// Its units.
    pub units: Vec<DemoUnit>,
}

/// Thanh Hóa alone.
pub fn province() -> Vec<DemoProvince> {
    vec![DemoProvince {
        name: "Thanh Hóa".to_owned(),
        units: thanh_hoa("", ""),
    }]
}

/// 34 provinces modelled on Thanh Hóa, each with communes: 3,919 units.
pub fn national() -> Vec<DemoProvince> {
    (1..=PROVINCES)
        .map(|p| {
            let prefix = format!("T{p:02}-");
            let name = format!("Tỉnh {p:02}");
            let mut units = thanh_hoa(&prefix, &format!(" ({name})"));
            let communes = if p == 1 {
                COMMUNES_OF_THE_FIRST
            } else {
                COMMUNES_OF_THE_OTHERS
            };
            units.extend((1..=communes).filter_map(|c| {
                Some(DemoUnit {
                    code: UnitCode::parse(&format!("{prefix}X{c:03}")).ok()?,
                    name: UnitName::parse(&format!("UBND xã số {c} ({name})")).ok()?,
                    kind: UnitKind::Commune,
                })
            }));
            DemoProvince { name, units }
        })
        .collect()
}

fn thanh_hoa(code_prefix: &str, name_suffix: &str) -> Vec<DemoUnit> {
    let mut reader = csv::Reader::from_reader(THANH_HOA.as_bytes());
    reader
        .records()
        .filter_map(Result::ok)
        .filter_map(|record| {
            Some(DemoUnit {
                code: UnitCode::parse(&format!("{code_prefix}{}", record.get(0)?)).ok()?,
                name: UnitName::parse(&format!("{}{name_suffix}", record.get(1)?)).ok()?,
                kind: UnitKind::parse(record.get(2)?)?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_national_deployment_has_about_3900_units_with_distinct_codes_and_a_block_of_170() {
        let units: Vec<_> = national().into_iter().flat_map(|p| p.units).collect();
        assert_eq!(units.len(), 34 * 53 + 170 + 33 * 59);
        let codes: std::collections::BTreeSet<_> = units.iter().map(|u| u.code.clone()).collect();
        assert_eq!(codes.len(), units.len());
        assert_eq!(province()[0].units.len(), 53);
        let first = &national()[0];
        assert_eq!(
            first
                .units
                .iter()
                .filter(|u| u.kind == UnitKind::Commune)
                .count(),
            170
        );
    }
}
