//! The task catalogue: `tasks.toml`, embedded at build time.
//!
//! For every task it holds a one-line summary, the family, the default level, ten
//! difficulty levels, each a table of knob values, and per level a measured estimate of how
//! many distinct items the level can produce.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::error::{Error, Result};

/// The catalogue text compiled into this build.
pub const TASKS_TOML: &str = include_str!("../../../tasks.toml");

/// One task's catalogue entry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// One-line description.
    pub summary: String,
    /// The family, used as the row's `ability`.
    pub family: String,
    /// The level used when none is given.
    pub default_level: u8,
    /// Levels 1–10, each a table of knob values.
    #[serde(deserialize_with = "levels_as_json")]
    pub levels: Vec<Map<String, Value>>,
    /// Per level, roughly how many distinct items it can produce, as measured by
    /// `scripts/estimate_variety.py` from the duplicates in a sample (`"~3.2e5"`), or a lower
    /// bound where the sample held none (`">6.7e7"`).
    #[serde(default)]
    pub distinct_items: Option<Vec<String>>,
}

fn levels_as_json<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<Map<String, Value>>, D::Error> {
    let tables: Vec<toml::Table> = Deserialize::deserialize(deserializer)?;
    tables
        .into_iter()
        .map(|t| match serde_json::to_value(t) {
            Ok(Value::Object(map)) => Ok(map),
            Ok(_) => Err(serde::de::Error::custom("a level must be a table")),
            Err(e) => Err(serde::de::Error::custom(e)),
        })
        .collect()
}

/// The parsed catalogue.
#[derive(Debug, Clone)]
pub struct Catalogue {
    /// Entries by task id.
    pub tasks: BTreeMap<String, Entry>,
}

impl Catalogue {
    /// Parses and checks catalogue text.
    pub fn parse(text: &str) -> Result<Self> {
        let tasks: BTreeMap<String, Entry> =
            toml::from_str(text).map_err(|e| Error::Catalogue(e.to_string()))?;
        for (id, entry) in &tasks {
            if entry.levels.len() != 10 {
                return Err(Error::Catalogue(format!(
                    "task {id:?} has {} levels, expected 10",
                    entry.levels.len()
                )));
            }
            if entry.distinct_items.as_ref().is_some_and(|d| d.len() != 10) {
                return Err(Error::Catalogue(format!(
                    "task {id:?}: distinct_items must have one entry per level"
                )));
            }
            if !(1..=10).contains(&entry.default_level) {
                return Err(Error::Catalogue(format!(
                    "task {id:?} has default_level {}",
                    entry.default_level
                )));
            }
        }
        Ok(Self { tasks })
    }

    /// The entry of a registered task.
    pub fn entry(&self, id: &str) -> Result<&Entry> {
        self.tasks.get(id).ok_or_else(|| {
            Error::Catalogue(format!(
                "task {id:?} is registered but has no tasks.toml entry"
            ))
        })
    }
}

/// The embedded catalogue, parsed once.
pub fn catalogue() -> Result<&'static Catalogue> {
    static CATALOGUE: OnceLock<Result<Catalogue>> = OnceLock::new();
    CATALOGUE
        .get_or_init(|| Catalogue::parse(TASKS_TOML))
        .as_ref()
        .map_err(Clone::clone)
}
