//! The scene a score load runs in: departments in one open period, each
//! with a signed-in data-entry account, and the leaves they may score.

use std::time::Duration;

use crate::api_year::PAR;
use crate::{LoadLeaf, LoadPlan, LoadUnit, TestApp, api_year_with_neighbours, unit_account};

/// Sets a year up through the API for a load: `hot + spread` departments in
/// one open period, each with a data-entry account signed in, and every
/// main-section leaf scored by levels. The plan has no servers yet.
pub async fn load_scene(app: &TestApp, hot: usize, spread: usize) -> LoadPlan {
    let codes: Vec<(String, String)> = (3..2 + hot + spread)
        .map(|n| (format!("S{n:02}"), format!("Sở thứ {n}")))
        .collect();
    let neighbours: Vec<(&str, &str)> = codes
        .iter()
        .map(|(c, n)| (c.as_str(), n.as_str()))
        .collect();
    let (year, others) =
        api_year_with_neighbours(app, "canbo.s02", &["ENTERS_SCORES"], &neighbours).await;
    let mut units = vec![LoadUnit {
        unit: year.unit.clone(),
        token: year.clerk.clone(),
    }];
    for (n, unit) in others.into_iter().enumerate() {
        let username = format!("canbo.tai{n}");
        let (_, token) = unit_account(
            app,
            &year.admin,
            (&username, "mật khẩu cán bộ tải thử"),
            &unit,
            &["ENTERS_SCORES"],
        )
        .await;
        units.push(LoadUnit { unit, token });
    }
    let spread_units = units.split_off(hot);
    LoadPlan {
        servers: Vec::new(),
        clients: 64,
        duration: Duration::from_secs(10),
        period: year.period,
        hot: units,
        spread: spread_units,
        leaves: level_leaves(),
        conflict_retries: 3,
        label: "a".to_owned(),
    }
}

/// The sample set's main-section leaves scored by levels, with their levels.
fn level_leaves() -> Vec<LoadLeaf> {
    csv::Reader::from_reader(PAR.as_bytes())
        .records()
        .filter_map(Result::ok)
        .filter(|row| row.get(3) == Some("levels") && !row[0].starts_with(['B', 'P']))
        .map(|row| LoadLeaf {
            code: row[0].to_owned(),
            scores: row[4]
                .split('|')
                .filter_map(|level| level.split_once('=').map(|(score, _)| score.to_owned()))
                .collect(),
        })
        .collect()
}
