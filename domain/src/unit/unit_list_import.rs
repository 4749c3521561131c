//! A list of units brought as a file (XLSX or CSV), laid out like
//! `units-thanh-hoa.csv`: `code,name,kind` and an optional `parent` (the
//! parent unit's code). Every problem names its row and column.

use std::collections::{BTreeMap, BTreeSet};

use super::{UnitCode, UnitKind, UnitName};
use crate::table_file::{ImportError, ImportProblem, Table};

/// The columns every unit list has.
pub const UNIT_LIST_COLUMNS: [&str; 3] = ["code", "name", "kind"];

/// One unit of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitListEntry {
    /// The row it came from.
    pub row: usize,
    /// Its code.
    pub code: UnitCode,
    /// Its name.
    pub name: UnitName,
    /// Its kind.
    pub kind: UnitKind,
    /// Its parent's code, if any.
    pub parent: Option<UnitCode>,
}

/// Reads the units of a table, reporting every bad cell and every code
/// given twice.
pub fn unit_list_from_table(table: &Table) -> Result<Vec<UnitListEntry>, ImportError> {
    let columns = table.columns(&UNIT_LIST_COLUMNS, &["parent"])?;
    let mut problems = Vec::new();
    let mut entries = Vec::new();
    let mut first_row: BTreeMap<UnitCode, usize> = BTreeMap::new();
    for row in &table.rows {
        let at = |column: &str, message: String| ImportProblem::at(row.row, column, message);
        let code = UnitCode::parse(columns.cell(row, "code"))
            .map_err(|e| problems.push(at("code", e.to_string())))
            .ok();
        let name = UnitName::parse(columns.cell(row, "name"))
            .map_err(|e| problems.push(at("name", e.to_string())))
            .ok();
        let kind_text = columns.cell(row, "kind");
        let kind = parse_kind(kind_text);
        if kind.is_none() {
            problems.push(at(
                "kind",
                format!(
                    "loại \"{kind_text}\" không hợp lệ: dùng department, public_service_unit, district hoặc commune"
                ),
            ));
        }
        let parent_text = columns.cell(row, "parent");
        let parent = if parent_text.is_empty() {
            Some(None)
        } else {
            UnitCode::parse(parent_text)
                .map(Some)
                .map_err(|e| problems.push(at("parent", e.to_string())))
                .ok()
        };
        let (Some(code), Some(name), Some(kind), Some(parent)) = (code, name, kind, parent) else {
            continue;
        };
        if let Some(first) = first_row.get(&code) {
            problems.push(at("code", format!("mã {code} đã có ở dòng {first}")));
            continue;
        }
        if parent.as_ref() == Some(&code) {
            problems.push(at(
                "parent",
                "đơn vị không thể là cấp trên của chính nó".to_owned(),
            ));
            continue;
        }
        first_row.insert(code.clone(), row.row);
        entries.push(UnitListEntry {
            row: row.row,
            code,
            name,
            kind,
            parent,
        });
    }
    if entries.is_empty() && problems.is_empty() {
        problems.push(ImportProblem::in_row(0, "tệp không có đơn vị nào"));
    }
    if problems.is_empty() {
        Ok(entries)
    } else {
        Err(table.problems(problems))
    }
}

/// The entries in an order that registers every parent before its
/// children. A parent must be in the list or among `registered`; one that
/// is neither, or a loop of parents, is a problem at its row.
pub fn registration_order(
    entries: Vec<UnitListEntry>,
    registered: &BTreeSet<UnitCode>,
) -> Result<Vec<UnitListEntry>, Vec<ImportProblem>> {
    let in_list: BTreeSet<UnitCode> = entries.iter().map(|e| e.code.clone()).collect();
    let mut problems: Vec<ImportProblem> = entries
        .iter()
        .filter_map(|e| {
            let parent = e.parent.as_ref()?;
            (!in_list.contains(parent) && !registered.contains(parent)).then(|| {
                ImportProblem::at(
                    e.row,
                    "parent",
                    format!("không có đơn vị cấp trên mã {parent}"),
                )
            })
        })
        .collect();
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut ordered = Vec::with_capacity(entries.len());
    let mut placed: BTreeSet<UnitCode> = BTreeSet::new();
    let mut waiting = entries;
    while !waiting.is_empty() {
        let (ready, rest): (Vec<_>, Vec<_>) = waiting.into_iter().partition(|e| {
            e.parent
                .as_ref()
                .is_none_or(|p| registered.contains(p) || placed.contains(p))
        });
        if ready.is_empty() {
            problems.extend(rest.iter().map(|e| {
                ImportProblem::at(e.row, "parent", "các đơn vị cấp trên tạo thành vòng lặp")
            }));
            return Err(problems);
        }
        placed.extend(ready.iter().map(|e| e.code.clone()));
        ordered.extend(ready);
        waiting = rest;
    }
    Ok(ordered)
}

/// A kind by its code or its Vietnamese name.
fn parse_kind(text: &str) -> Option<UnitKind> {
    UnitKind::parse(text).or_else(|| {
        let wanted = text.trim().to_lowercase();
        UnitKind::ALL
            .into_iter()
            .find(|k| k.label_vi().to_lowercase() == wanted)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table_file::read_csv_table;

    fn entries(csv: &str) -> Result<Vec<UnitListEntry>, ImportError> {
        unit_list_from_table(&read_csv_table(csv)?)
    }

    fn places(error: &ImportError) -> Vec<(usize, Option<&str>)> {
        error
            .0
            .iter()
            .map(|p| (p.row, p.column.as_deref()))
            .collect()
    }

    #[test]
    fn the_thanh_hoa_list_reads_whole() {
        let units = entries(include_str!("../../tests/data/units-thanh-hoa.csv"))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(units.len(), 53);
        assert_eq!(units[0].name.as_str(), "Sở Nội vụ");
        assert_eq!(units[0].kind, UnitKind::Department);
    }

    #[test]
    fn every_bad_cell_is_named_by_row_and_column() {
        let csv = "code,name,kind,parent\nS01,Sở Nội vụ,department,\nS01,Sở Tư pháp,department,\n,Không mã,district,\nX1,Xã A,làng,\nX2,Xã B,UBND cấp xã,S 99\n";
        let error = entries(csv).err().unwrap_or_else(|| panic!("refused"));
        assert_eq!(
            places(&error),
            [
                (3, Some("code")),
                (4, Some("code")),
                (5, Some("kind")),
                (6, Some("parent"))
            ]
        );
    }

    #[test]
    fn a_missing_column_is_named_on_the_header_row() {
        let error = entries("code,name\nS01,Sở Nội vụ\n")
            .err()
            .unwrap_or_else(|| panic!("refused"));
        assert_eq!(places(&error), [(1, Some("kind"))]);
    }

    #[test]
    fn parents_come_first_and_unknown_parents_or_loops_are_refused() {
        let code = |c: &str| UnitCode::parse(c).unwrap_or_else(|e| panic!("{e}"));
        let list = entries("code,name,kind,parent\nX1,Xã A,commune,H1\nH1,Huyện A,district,T0\n")
            .unwrap_or_else(|e| panic!("{e}"));
        let registered = BTreeSet::from([code("T0")]);
        let ordered =
            registration_order(list.clone(), &registered).unwrap_or_else(|_| panic!("ordered"));
        assert_eq!(
            ordered.iter().map(|e| e.code.as_str()).collect::<Vec<_>>(),
            ["H1", "X1"]
        );
        let unknown = registration_order(list, &BTreeSet::new())
            .err()
            .unwrap_or_default();
        assert_eq!(unknown.len(), 1);
        assert_eq!(
            (unknown[0].row, unknown[0].column.as_deref()),
            (3, Some("parent"))
        );
        let looped = entries("code,name,kind,parent\nA1,A,commune,B1\nB1,B,commune,A1\n")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            registration_order(looped, &BTreeSet::new())
                .err()
                .unwrap_or_default()
                .len(),
            2
        );
    }
}
