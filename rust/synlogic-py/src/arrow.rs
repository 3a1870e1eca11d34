//! Rows as Arrow record batches, handed to Python through the Arrow C data interface
//! (PyCapsules named `arrow_schema`, `arrow_array` and `arrow_array_stream`).
//!
//! The schema is built from `synlogic_core::row::COLUMNS` (and `synlogic._schema.row_schema`
//! imports it from here): `utf8` and `list` types only (never the large ones), every field
//! nullable. `reward_model.ground_truth` shares the `verification`
//! buffers and `extra_info` shares the identity columns, so they cost no extra memory.

use std::sync::Arc;

use arrow_array::ffi::to_ffi;
use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_array::{
    Array, ArrayRef, Int64Array, ListArray, RecordBatch, RecordBatchIterator, StringArray,
    StructArray, UInt64Array,
};
use arrow_buffer::OffsetBuffer;
use arrow_schema::ffi::FFI_ArrowSchema;
use arrow_schema::{ArrowError, DataType, Field, Fields, Schema, SchemaRef};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyCapsule;
use synlogic_core::row::{self, Column, ColumnType};
use synlogic_core::Item;

/// The Arrow type of a column of [`row::COLUMNS`] (`chat=false`: the prompt is plain text).
fn data_type(ty: ColumnType, chat: bool) -> DataType {
    match ty {
        ColumnType::Prompt if chat => DataType::List(Arc::new(message_item_field())),
        ColumnType::Utf8 | ColumnType::Prompt => DataType::Utf8,
        ColumnType::Int64 => DataType::Int64,
        ColumnType::UInt64 => DataType::UInt64,
        ColumnType::Struct(columns) => DataType::Struct(fields(columns, chat)),
    }
}

fn fields(columns: &[Column], chat: bool) -> Fields {
    columns
        .iter()
        .map(|c| Field::new(c.name, data_type(c.ty, chat), true))
        .collect()
}

fn message_fields() -> Fields {
    fields(row::MESSAGE_FIELDS, true)
}

fn message_item_field() -> Field {
    Field::new("item", DataType::Struct(message_fields()), true)
}

fn struct_fields(name: &str) -> Fields {
    match row::COLUMNS.iter().find(|c| c.name == name).map(|c| c.ty) {
        Some(ColumnType::Struct(columns)) => fields(columns, true),
        _ => unreachable!("{name} is a struct column of row::COLUMNS"),
    }
}

/// The row schema, built from [`row::COLUMNS`] (`chat=false`: the prompt is a plain string).
pub fn row_schema(chat: bool) -> SchemaRef {
    Arc::new(Schema::new(fields(row::COLUMNS, chat)))
}

fn strings<'a>(values: impl Iterator<Item = &'a str>) -> ArrayRef {
    Arc::new(StringArray::from_iter_values(values))
}

fn repeated(value: &str, n: usize) -> ArrayRef {
    strings(std::iter::repeat_n(value, n))
}

fn prompt_column(items: &[Item], system_prompt: Option<&str>, chat: bool) -> ArrayRef {
    if !chat {
        return strings(items.iter().map(|i| i.prompt.as_str()));
    }
    let per_row = if system_prompt.is_some() { 2 } else { 1 };
    let mut roles = Vec::with_capacity(items.len() * per_row);
    let mut contents = Vec::with_capacity(items.len() * per_row);
    for item in items {
        if let Some(system) = system_prompt {
            roles.push("system");
            contents.push(system);
        }
        roles.push("user");
        contents.push(item.prompt.as_str());
    }
    let messages = StructArray::new(
        message_fields(),
        vec![strings(roles.into_iter()), strings(contents.into_iter())],
        None,
    );
    let offsets = OffsetBuffer::from_lengths(std::iter::repeat_n(per_row, items.len()));
    Arc::new(ListArray::new(
        Arc::new(message_item_field()),
        offsets,
        Arc::new(messages),
        None,
    ))
}

/// Builds one record batch of rows.
pub fn record_batch(
    items: &[Item],
    system_prompt: Option<&str>,
    chat: bool,
) -> Result<RecordBatch, ArrowError> {
    let n = items.len();
    let task = strings(items.iter().map(|i| i.task));
    let level: ArrayRef = Arc::new(Int64Array::from_iter_values(
        items.iter().map(|i| i64::from(i.level)),
    ));
    let seed: ArrayRef = Arc::new(UInt64Array::from_iter_values(items.iter().map(|i| i.seed)));
    let index: ArrayRef = Arc::new(UInt64Array::from_iter_values(items.iter().map(|i| i.index)));
    let verification = strings(items.iter().map(|i| i.verification.as_str()));
    let data_source: ArrayRef = Arc::new(StringArray::from_iter_values(
        items.iter().map(|i| row::data_source(i.task)),
    ));
    let reward_model: ArrayRef = Arc::new(StructArray::new(
        struct_fields("reward_model"),
        vec![repeated(row::REWARD_STYLE, n), Arc::clone(&verification)],
        None,
    ));
    let extra_info: ArrayRef = Arc::new(StructArray::new(
        struct_fields("extra_info"),
        vec![
            Arc::clone(&index),
            Arc::clone(&task),
            Arc::clone(&level),
            Arc::clone(&seed),
        ],
        None,
    ));
    RecordBatch::try_new(
        row_schema(chat),
        vec![
            prompt_column(items, system_prompt, chat),
            task,
            level,
            seed,
            index,
            strings(items.iter().map(|i| i.answer.as_str())),
            verification,
            data_source,
            strings(items.iter().map(|i| i.family)),
            reward_model,
            extra_info,
            strings(items.iter().map(|i| i.metadata.as_str())),
        ],
    )
}

fn arrow_err(error: &ArrowError) -> PyErr {
    PyValueError::new_err(format!("arrow export failed: {error}"))
}

/// A record batch of synlogic rows, exported through the Arrow PyCapsule interface
/// (`pyarrow.record_batch(obj)`, `pyarrow.table(obj)`, `pyarrow.RecordBatchReader.from_stream`).
#[pyclass(frozen, module = "synlogic._core")]
pub struct ArrowBatch {
    batch: RecordBatch,
}

impl ArrowBatch {
    /// Wraps a record batch.
    pub fn new(batch: RecordBatch) -> Self {
        Self { batch }
    }
}

#[pymethods]
impl ArrowBatch {
    /// The number of rows.
    #[getter]
    fn num_rows(&self) -> usize {
        self.batch.num_rows()
    }

    fn __len__(&self) -> usize {
        self.batch.num_rows()
    }

    /// The schema as an `arrow_schema` capsule.
    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCapsule>> {
        let schema =
            FFI_ArrowSchema::try_from(self.batch.schema().as_ref()).map_err(|e| arrow_err(&e))?;
        PyCapsule::new_with_value(py, schema, c"arrow_schema")
    }

    /// The batch as a struct array: `(arrow_schema, arrow_array)` capsules.
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_array__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<(Bound<'py, PyCapsule>, Bound<'py, PyCapsule>)> {
        let _ = requested_schema; // the rows have one fixed schema
        let data = StructArray::from(self.batch.clone()).into_data();
        let (array, schema) = to_ffi(&data).map_err(|e| arrow_err(&e))?;
        Ok((
            PyCapsule::new_with_value(py, schema, c"arrow_schema")?,
            PyCapsule::new_with_value(py, array, c"arrow_array")?,
        ))
    }

    /// The batch as a one-batch stream: an `arrow_array_stream` capsule.
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema;
        let reader =
            RecordBatchIterator::new(std::iter::once(Ok(self.batch.clone())), self.batch.schema());
        let stream = FFI_ArrowArrayStream::new(Box::new(reader));
        PyCapsule::new_with_value(py, stream, c"arrow_array_stream")
    }

    fn __repr__(&self) -> String {
        format!("ArrowBatch(num_rows={})", self.batch.num_rows())
    }
}

/// The row schema alone, exported through the Arrow PyCapsule interface, so the Python layer
/// reads it (`pyarrow.schema(RowSchema(chat))`) instead of writing it a second time.
#[pyclass(frozen, module = "synlogic._core")]
pub struct RowSchema {
    chat: bool,
}

#[pymethods]
impl RowSchema {
    /// The schema of rows with chat prompts (`chat=False`: plain-text prompts).
    #[new]
    #[pyo3(signature = (chat=true))]
    fn new(chat: bool) -> Self {
        Self { chat }
    }

    /// The schema as an `arrow_schema` capsule.
    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCapsule>> {
        let schema =
            FFI_ArrowSchema::try_from(row_schema(self.chat).as_ref()).map_err(|e| arrow_err(&e))?;
        PyCapsule::new_with_value(py, schema, c"arrow_schema")
    }
}
