//! The core is pure: no LSP, no async runtime, no file system, no stdout, no reaching into the
//! front ends. A failure names the file and the forbidden word.

use std::path::Path;

const FORBIDDEN: &[&str] = &[
    "tower_lsp",
    "tokio",
    "std::fs",
    "std::io::stdout",
    "std::io::stderr",
    "println!",
    "eprintln!",
    "crate::server",
    "crate::cli",
    "std::process",
    "std::env",
];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable src/core") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn core_names_no_io_lsp_or_front_end() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/core");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    assert!(files.len() > 10, "expected the core's files under {root:?}");
    let mut offences = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable source");
        for word in FORBIDDEN {
            if text.contains(word) {
                offences.push(format!("{}: {word}", file.display()));
            }
        }
    }
    assert!(
        offences.is_empty(),
        "the core must stay pure:\n{}",
        offences.join("\n")
    );
}
