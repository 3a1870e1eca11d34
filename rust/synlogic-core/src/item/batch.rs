//! Batch verification: many `(payload, completion)` pairs in parallel.

use rayon::prelude::*;

use super::{Payload, Verdict, VerifyOptions};
use crate::error::{Error, Result};

/// Scores `completions[i]` against `payloads[i]` in parallel. Consecutive identical payloads
/// (a GRPO group) are parsed once.
pub fn verify_batch<S: AsRef<str> + Sync, C: AsRef<str> + Sync>(
    payloads: &[S],
    completions: &[C],
    options: &VerifyOptions,
) -> Result<Vec<Verdict>> {
    map_batch(payloads, completions, |payload, completion| {
        payload.verify(completion, options)
    })
}

/// Applies `score` to each `(payload, completion)` pair in parallel on the synlogic pool.
/// Consecutive identical payloads (a GRPO group) are parsed once; a malformed payload is an
/// error naming its row.
pub fn map_batch<S, C, T>(
    payloads: &[S],
    completions: &[C],
    score: impl Fn(&Payload, &str) -> T + Sync,
) -> Result<Vec<T>>
where
    S: AsRef<str> + Sync,
    C: AsRef<str> + Sync,
    T: Send,
{
    const CHUNK: usize = 64;
    if payloads.len() != completions.len() {
        return Err(Error::InvalidArgument {
            name: "completions".into(),
            message: format!(
                "{} completions for {} payloads",
                completions.len(),
                payloads.len()
            ),
        });
    }
    let chunks: Vec<Result<Vec<T>>> = crate::parallel::install(|| {
        payloads
            .par_chunks(CHUNK)
            .zip(completions.par_chunks(CHUNK))
            .enumerate()
            .map(|(chunk, (ps, cs))| {
                let mut out = Vec::with_capacity(ps.len());
                let mut cached: Option<(&str, Payload)> = None;
                for (offset, (p, c)) in ps.iter().zip(cs).enumerate() {
                    let p = p.as_ref();
                    if cached.as_ref().is_none_or(|(text, _)| *text != p) {
                        let parsed = Payload::parse(p).map_err(|e| match e {
                            Error::InvalidPayload(m) => Error::InvalidPayload(format!(
                                "row {}: {m}",
                                chunk * CHUNK + offset
                            )),
                            other => other,
                        })?;
                        cached = Some((p, parsed));
                    }
                    let (_, payload) = cached.as_ref().expect("cached payload");
                    out.push(score(payload, c.as_ref()));
                }
                Ok(out)
            })
            .collect()
    });
    let mut results = Vec::with_capacity(payloads.len());
    for chunk in chunks {
        results.extend(chunk?);
    }
    Ok(results)
}
