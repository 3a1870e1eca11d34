//! Shared body of the verifier fuzz targets: score fuzzer text against payloads of one task
//! (levels 1, 4, 7 and 10, with and without the answer tag, exact and partial).

use std::sync::OnceLock;

use serde_json::Value;
use synlogic_core::{Generator, Payload, VerifyOptions};

fn payloads(task: &'static str) -> Vec<Payload> {
    [1, 4, 7, 10]
        .into_iter()
        .map(|level| {
            let item = Generator::new(task, Some(level), &Value::Null).unwrap().item(1, 0).unwrap();
            Payload::parse(&item.verification).unwrap()
        })
        .collect()
}

/// Verifies `data` (lossily decoded, as bytes from a model would be) against `task`.
pub fn verify_task(task: &'static str, cache: &OnceLock<Vec<Payload>>, data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let tagged = format!("<answer>{text}</answer>");
    for payload in cache.get_or_init(|| payloads(task)) {
        for (completion, options) in [
            (text.as_ref(), VerifyOptions::new(None, false)),
            (tagged.as_str(), VerifyOptions::new(Some("answer"), true)),
        ] {
            let verdict = payload.verify(completion, &options);
            assert!((0.0..=1.0).contains(&verdict.score), "score out of range: {verdict:?}");
        }
    }
}
