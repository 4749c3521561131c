//! `chamdiem demo seed` at province scale, through the command layer, on
//! both stores with one seed: the same year on each (every unit's scores,
//! ranks and totals), results aggregated, appraisers' submissions recorded, and the
//! database refused once it holds data.

use chamdiem_commands::store::SealKey;
use std::collections::BTreeMap;
use std::sync::Arc;

use chamdiem_commands::clock::SystemClock;
use chamdiem_commands::demo::{DemoError, DemoOptions, DemoScale, seed_demo};
use chamdiem_commands::store::Database;
use chamdiem_commands::write_side::WriteSide;
use chamdiem_domain::account::Account;
use chamdiem_domain::ids::PeriodId;
use chamdiem_domain::period::Period;
use chamdiem_domain::self_assessment::{Scorecard, scorecard_id};
use chamdiem_tests::{TestDatabase, TestStore};

const OPTIONS: DemoOptions = DemoOptions {
    scale: DemoScale::Province,
    seed: 7,
    concurrency: 8,
};

fn ok<T, E: std::fmt::Display>(result: Result<T, E>) -> T {
    result.unwrap_or_else(|e| panic!("{e}"))
}

/// Every unit's self points, not-applicable leaves, rank and total, by
/// period name and unit code; checks on the way that every appraiser's
/// submission was recorded and left their account open (decision 0021).
async fn year_of(database: &Database, period_ids: &[PeriodId]) -> BTreeMap<String, String> {
    let write = WriteSide::new(database.clone(), Arc::new(SystemClock), SealKey::generate());
    let mut year = BTreeMap::new();
    for (n, id) in period_ids.iter().enumerate() {
        let period: Arc<Period> = ok(write.load(&id.to_string()).await);
        let results = period
            .results()
            .unwrap_or_else(|| panic!("period {n} is aggregated"));
        let tree = ok(write
            .published_tree(period.criteria_set_id().unwrap_or_else(|| panic!("a set")))
            .await);
        for (appraiser, _) in period.assignments() {
            let account: Arc<Account> = ok(write.load(&appraiser.to_string()).await);
            assert!(
                period.has_submitted(*appraiser),
                "every appraiser submitted"
            );
            assert!(
                !account.is_locked_at(write.now()),
                "a submission closes the worksheet, not the account"
            );
        }
        for ranked in results.iter() {
            let unit = &ranked.result.unit;
            let card: Arc<Scorecard> = ok(write.load(&scorecard_id(*id, unit.unit_id)).await);
            year.insert(
                format!("{n}/{}", unit.code.as_str()),
                format!(
                    "{:?} {:?} rank {} total {}",
                    card.all_self_points(&tree),
                    card.not_applicable_leaves(),
                    ranked.rank,
                    ranked.result.total
                ),
            );
        }
    }
    year
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_same_seed_makes_the_same_year_on_both_stores() {
    let mut years = Vec::new();
    for store in [TestStore::Postgres, TestStore::Sqlite] {
        let db = TestDatabase::open(store).await;
        let report = ok(seed_demo(&db, &SealKey::generate(), &OPTIONS, &|_, _, _| {}).await);
        assert_eq!((report.units, report.periods), (53, 2));
        assert!(report.events > 10_000, "{report:?}");
        let refused = seed_demo(&db, &SealKey::generate(), &OPTIONS, &|_, _, _| {}).await;
        assert!(matches!(refused, Err(DemoError::NotEmpty)), "{refused:?}");
        let year = year_of(&db, &report.period_ids).await;
        assert_eq!(year.len(), 53 + 20, "every unit of both periods is ranked");
        years.push(year);
    }
    let differing: Vec<&String> = years[0]
        .iter()
        .filter(|(unit, year)| years[1].get(*unit) != Some(year))
        .map(|(unit, _)| unit)
        .collect();
    assert!(
        differing.is_empty(),
        "one seed, one year; differs for {differing:?}"
    );
    assert_eq!(years[0].len(), years[1].len());
}
