//! The layout of a dataset row, defined once.
//!
//! Every export path builds its rows from [`COLUMNS`]: the Arrow record batches and their
//! schema (which the Python layer's `row_schema` imports, so `datasets.Features` and parquet
//! files follow), the row dicts of `generate`, and the JSON Lines of `synlogic gen` (through
//! [`Row`], whose serialized keys a test holds to [`COLUMNS`]).

use serde::Serialize;

use crate::item::Item;

/// The type of a column or of a struct field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// UTF-8 text.
    Utf8,
    /// A signed 64-bit integer.
    Int64,
    /// An unsigned 64-bit integer.
    UInt64,
    /// The prompt: a list of chat messages ([`MESSAGE_FIELDS`]), or plain text when rows are
    /// made without chat.
    Prompt,
    /// A struct with these fields.
    Struct(&'static [Column]),
}

/// A named column (or struct field) of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The column name.
    pub name: &'static str,
    /// Its type.
    pub ty: ColumnType,
}

const fn column(name: &'static str, ty: ColumnType) -> Column {
    Column { name, ty }
}

/// The fields of one chat message in the `prompt` column.
pub const MESSAGE_FIELDS: &[Column] = &[
    column("role", ColumnType::Utf8),
    column("content", ColumnType::Utf8),
];

/// The fields of `reward_model` (verl's layout): the style and the verification payload.
pub const REWARD_MODEL_FIELDS: &[Column] = &[
    column("style", ColumnType::Utf8),
    column("ground_truth", ColumnType::Utf8),
];

/// The fields of `extra_info` (verl's layout): the item's identity.
pub const EXTRA_INFO_FIELDS: &[Column] = &[
    column("index", ColumnType::UInt64),
    column("task", ColumnType::Utf8),
    column("level", ColumnType::Int64),
    column("seed", ColumnType::UInt64),
];

/// Every column of a row, in order.
pub const COLUMNS: &[Column] = &[
    column("prompt", ColumnType::Prompt),
    column("task", ColumnType::Utf8),
    column("level", ColumnType::Int64),
    column("seed", ColumnType::UInt64),
    column("index", ColumnType::UInt64),
    column("answer", ColumnType::Utf8),
    column("verification", ColumnType::Utf8),
    column("data_source", ColumnType::Utf8),
    column("ability", ColumnType::Utf8),
    column("reward_model", ColumnType::Struct(REWARD_MODEL_FIELDS)),
    column("extra_info", ColumnType::Struct(EXTRA_INFO_FIELDS)),
    column("metadata", ColumnType::Utf8),
];

/// What every `data_source` value starts with; reward functions route on it.
pub const DATA_SOURCE_PREFIX: &str = "synlogic/";

/// The `reward_model.style` of every row: scored by rules, not by a model.
pub const REWARD_STYLE: &str = "rule";

/// The `data_source` value of a task's rows.
pub fn data_source(task: &str) -> String {
    format!("{DATA_SOURCE_PREFIX}{task}")
}

/// One chat message of the `prompt` column.
#[derive(Debug, Serialize)]
pub struct Message<'a> {
    /// `system` or `user`.
    pub role: &'static str,
    /// The message text.
    pub content: &'a str,
}

/// The `prompt` column: chat messages, or plain text.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Prompt<'a> {
    /// An optional system message, then the user message holding the puzzle.
    Chat(Vec<Message<'a>>),
    /// The puzzle text alone.
    Plain(&'a str),
}

impl<'a> Prompt<'a> {
    /// The prompt of `item` in the given style.
    pub fn new(item: &'a Item, system_prompt: Option<&'a str>, chat: bool) -> Self {
        if !chat {
            return Self::Plain(&item.prompt);
        }
        let mut messages = Vec::with_capacity(2);
        if let Some(content) = system_prompt {
            messages.push(Message {
                role: "system",
                content,
            });
        }
        messages.push(Message {
            role: "user",
            content: &item.prompt,
        });
        Self::Chat(messages)
    }
}

/// `reward_model`: how to score the row.
#[derive(Debug, Serialize)]
pub struct RewardModel<'a> {
    /// Always [`REWARD_STYLE`].
    pub style: &'static str,
    /// The verification payload.
    pub ground_truth: &'a str,
}

/// `extra_info`: the item's identity.
#[derive(Debug, Serialize)]
pub struct ExtraInfo {
    /// The item index.
    pub index: u64,
    /// The task id.
    pub task: &'static str,
    /// The level.
    pub level: u8,
    /// The seed.
    pub seed: u64,
}

/// One row, with its fields in [`COLUMNS`] order; serialized, it is a JSON Lines row.
#[derive(Debug, Serialize)]
pub struct Row<'a> {
    /// See [`Prompt`].
    pub prompt: Prompt<'a>,
    /// The task id.
    pub task: &'static str,
    /// The level.
    pub level: u8,
    /// The seed.
    pub seed: u64,
    /// The item index.
    pub index: u64,
    /// The canonical answer.
    pub answer: &'a str,
    /// The verification payload.
    pub verification: &'a str,
    /// [`data_source`] of the task.
    pub data_source: String,
    /// The task family.
    pub ability: &'static str,
    /// See [`RewardModel`].
    pub reward_model: RewardModel<'a>,
    /// See [`ExtraInfo`].
    pub extra_info: ExtraInfo,
    /// The item's metadata (JSON text).
    pub metadata: &'a str,
}

impl<'a> Row<'a> {
    /// The row of `item`.
    pub fn new(item: &'a Item, system_prompt: Option<&'a str>, chat: bool) -> Self {
        Self {
            prompt: Prompt::new(item, system_prompt, chat),
            task: item.task,
            level: item.level,
            seed: item.seed,
            index: item.index,
            answer: &item.answer,
            verification: &item.verification,
            data_source: data_source(item.task),
            ability: item.family,
            reward_model: RewardModel {
                style: REWARD_STYLE,
                ground_truth: &item.verification,
            },
            extra_info: ExtraInfo {
                index: item.index,
                task: item.task,
                level: item.level,
                seed: item.seed,
            },
            metadata: &item.metadata,
        }
    }
}

/// Rows as JSON Lines: one serialized [`Row`] per line.
pub fn to_jsonl(items: &[Item], system_prompt: Option<&str>, chat: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(items.len() * 512);
    for item in items {
        // Serializing plain strings and integers into a Vec cannot fail.
        serde_json::to_writer(&mut out, &Row::new(item, system_prompt, chat))
            .expect("a row serializes");
        out.push(b'\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;
    use crate::Generator;

    fn names(columns: &[Column]) -> Vec<&'static str> {
        columns.iter().map(|c| c.name).collect()
    }

    fn keys(value: &Value) -> Vec<String> {
        value.as_object().unwrap().keys().cloned().collect()
    }

    #[test]
    fn a_serialized_row_has_exactly_the_columns_in_order() {
        let item = Generator::new("countdown", Some(1), &Value::Null)
            .unwrap()
            .item(0, 0)
            .unwrap();
        for (system, chat) in [(None, true), (Some("be brief"), true), (None, false)] {
            let row: Value = serde_json::to_value(Row::new(&item, system, chat)).unwrap();
            assert_eq!(keys(&row), names(COLUMNS));
            assert_eq!(keys(&row["reward_model"]), names(REWARD_MODEL_FIELDS));
            assert_eq!(keys(&row["extra_info"]), names(EXTRA_INFO_FIELDS));
            if chat {
                let messages = row["prompt"].as_array().unwrap();
                assert_eq!(messages.len(), 1 + usize::from(system.is_some()));
                assert_eq!(keys(&messages[0]), names(MESSAGE_FIELDS));
            } else {
                assert_eq!(row["prompt"], Value::from(item.prompt.as_str()));
            }
            assert_eq!(row["data_source"], "synlogic/countdown");
        }
    }

    #[test]
    fn jsonl_is_one_row_per_line() {
        let items = Generator::new("sudoku", Some(1), &Value::Null)
            .unwrap()
            .batch(3, 0, 4)
            .unwrap();
        let text = String::from_utf8(to_jsonl(&items, None, true)).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4);
        for (line, item) in lines.iter().zip(&items) {
            let row: Value = serde_json::from_str(line).unwrap();
            assert_eq!(row["index"], item.index);
            assert_eq!(
                row["reward_model"]["ground_truth"],
                item.verification.as_str()
            );
        }
    }
}
