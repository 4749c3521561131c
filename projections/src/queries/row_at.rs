//! Reading a record's columns into domain types. What does not read is an
//! error naming the table, the column and the row: a read model never turns
//! unreadable data into an empty, zero or default value.

use std::fmt::Display;

use serde::de::DeserializeOwned;

use crate::ProjectionError;

/// A row of a table, named by its key, for the errors of its columns.
#[derive(Debug, Clone, Copy)]
pub struct RowAt<'a> {
    table: &'static str,
    key: &'a str,
}

impl<'a> RowAt<'a> {
    /// The row of `table` whose key is `key`.
    pub fn new(table: &'static str, key: &'a str) -> Self {
        Self { table, key }
    }

    /// What reading `column` of this row found wrong.
    pub fn unreadable(&self, column: &str, error: impl Display) -> ProjectionError {
        ProjectionError::corrupt(
            format!("{}.{column} of row {:?}", self.table, self.key),
            error,
        )
    }

    /// `column` read by `parse` (a domain type's own parser).
    pub fn parsed<T, E: Display>(
        &self,
        column: &str,
        text: &str,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Result<T, ProjectionError> {
        parse(text).map_err(|error| self.unreadable(column, format!("{text:?}: {error}")))
    }

    /// `column` by a parser that answers `None` for what it does not know.
    pub fn known<T>(
        &self,
        column: &str,
        text: &str,
        parse: impl FnOnce(&str) -> Option<T>,
    ) -> Result<T, ProjectionError> {
        parse(text).ok_or_else(|| self.unreadable(column, format!("{text:?} is not a known value")))
    }

    /// A nullable `column` read by `parse`.
    pub fn optional<T, E: Display>(
        &self,
        column: &str,
        text: Option<&str>,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Result<Option<T>, ProjectionError> {
        text.map(|text| self.parsed(column, text, parse))
            .transpose()
    }

    /// A JSON `column`.
    pub fn json<T: DeserializeOwned>(
        &self,
        column: &str,
        text: &str,
    ) -> Result<T, ProjectionError> {
        serde_json::from_str(text).map_err(|error| self.unreadable(column, error))
    }

    /// A `column` holding the serialized name of a unit variant (`open`,
    /// `published`…), as the read model wrote it.
    pub fn named<T: DeserializeOwned>(
        &self,
        column: &str,
        text: &str,
    ) -> Result<T, ProjectionError> {
        serde_json::from_value(serde_json::Value::String(text.to_owned()))
            .map_err(|error| self.unreadable(column, error))
    }

    /// A 0/1 flag `column`.
    pub fn flag(&self, column: &str, value: i64) -> Result<bool, ProjectionError> {
        match value {
            0 => Ok(false),
            1 => Ok(true),
            other => Err(self.unreadable(column, format!("{other} is not a flag (0 or 1)"))),
        }
    }

    /// A count or rank `column`, never negative.
    pub fn count<T: TryFrom<i64>>(&self, column: &str, value: i64) -> Result<T, ProjectionError>
    where
        T::Error: Display,
    {
        T::try_from(value).map_err(|error| self.unreadable(column, format!("{value}: {error}")))
    }
}
