//! Rows as Arrow record batches, handed to Python through the Arrow C data interface
//! (PyCapsules named `arrow_schema`, `arrow_array` and `arrow_array_stream`).
//!
//! The schema matches `synlogic._schema.row_schema`: `utf8` and `list` types only (never the
//! large ones), every field nullable. `reward_model.ground_truth` shares the `verification`
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
use synlogic_core::Item;

fn string_field(name: &str) -> Field {
    Field::new(name, DataType::Utf8, true)
}

fn message_fields() -> Fields {
    Fields::from(vec![string_field("role"), string_field("content")])
}

fn reward_model_fields() -> Fields {
    Fields::from(vec![string_field("style"), string_field("ground_truth")])
}

fn extra_info_fields() -> Fields {
    Fields::from(vec![
        Field::new("index", DataType::UInt64, true),
        string_field("task"),
        Field::new("level", DataType::Int64, true),
        Field::new("seed", DataType::UInt64, true),
    ])
}

/// The row schema (`chat=false`: the prompt is a plain string).
pub fn row_schema(chat: bool) -> SchemaRef {
    let prompt = if chat {
        DataType::List(Arc::new(Field::new(
            "item",
            DataType::Struct(message_fields()),
            true,
        )))
    } else {
        DataType::Utf8
    };
    Arc::new(Schema::new(vec![
        Field::new("prompt", prompt, true),
        string_field("task"),
        Field::new("level", DataType::Int64, true),
        Field::new("seed", DataType::UInt64, true),
        Field::new("index", DataType::UInt64, true),
        string_field("answer"),
        string_field("verification"),
        string_field("data_source"),
        string_field("ability"),
        Field::new(
            "reward_model",
            DataType::Struct(reward_model_fields()),
            true,
        ),
        Field::new("extra_info", DataType::Struct(extra_info_fields()), true),
        string_field("metadata"),
    ]))
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
    let item_field = Arc::new(Field::new("item", DataType::Struct(message_fields()), true));
    Arc::new(ListArray::new(
        item_field,
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
        items.iter().map(|i| format!("synlogic/{}", i.task)),
    ));
    let reward_model: ArrayRef = Arc::new(StructArray::new(
        reward_model_fields(),
        vec![repeated("rule", n), Arc::clone(&verification)],
        None,
    ));
    let extra_info: ArrayRef = Arc::new(StructArray::new(
        extra_info_fields(),
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
