//! scratch
use serde_json::Value;
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let level: i64 = args[0].parse().unwrap();
    let idx: u64 = args[1].parse().unwrap();
    let g = synlogic_core::Generator::new("knights_knaves", Some(level), &Value::Null).unwrap();
    let it = g.item(0, idx).unwrap();
    println!(
        "{}\n---\n{}\n---\n{}\n{}",
        it.prompt, it.answer, it.metadata, it.verification
    );
}
