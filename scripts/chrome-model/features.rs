//! Prints the chrome line model's features for the labelled lines of a corpus, for
//! `train.py`. Reads the corpus as JSON Lines on stdin (`{"id", "lines": [{"text", "label"}]}`,
//! the format of `chrome-dev.jsonl.gz`); each document becomes the plain text the scorer
//! checks (its lines joined by line breaks). Writes tab-separated rows: a header
//! `id line label settled p NAME…`, then one row per non-blank line: its corpus label (`-` when
//! unlabelled), whether the rules settle it without the model (`chrome`, `keep`) or not
//! (`model`), the shipped model's probability, and the features.

use newslint::core::rules::chrome::feature_table;
use newslint::core::SourceKind;
use rayon::prelude::*;
use serde_json::Value;
use std::io::{BufRead, Write};

fn main() -> anyhow::Result<()> {
    let docs: Vec<Value> = std::io::stdin()
        .lock()
        .lines()
        .filter(|l| l.as_ref().map_or(true, |l| !l.trim().is_empty()))
        .map(|l| Ok(serde_json::from_str(&l?)?))
        .collect::<anyhow::Result<_>>()?;
    let out: Vec<String> = docs
        .par_iter()
        .map(|doc| {
            let id = doc["id"].as_str().unwrap_or("");
            let lines = doc["lines"].as_array().map_or(&[][..], |v| &v[..]);
            let text: String = lines
                .iter()
                .map(|l| l["text"].as_str().unwrap_or(""))
                .collect::<Vec<_>>()
                .join("\n")
                + "\n";
            let table = feature_table(&text, SourceKind::Plain);
            let mut s = String::new();
            for r in &table.rows {
                let line = &r.line;
                let label = lines
                    .get(*line)
                    .and_then(|l| l["label"].as_str())
                    .unwrap_or("-");
                let settled = match r.settled {
                    Some(true) => "chrome",
                    Some(false) => "keep",
                    None => "model",
                };
                s.push_str(&format!(
                    "{id}\t{line}\t{label}\t{settled}\t{}",
                    r.probability.unwrap_or(-1.0)
                ));
                for v in &r.features {
                    s.push_str(&format!("\t{v}"));
                }
                s.push('\n');
            }
            s
        })
        .collect();
    let names = feature_table("", SourceKind::Plain).names;
    let mut w = std::io::BufWriter::new(std::io::stdout().lock());
    writeln!(w, "id\tline\tlabel\tsettled\tp\t{}", names.join("\t"))?;
    for s in out {
        w.write_all(s.as_bytes())?;
    }
    Ok(())
}
