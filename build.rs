//! Embeds every `schemas/bodies/*.schema.json` in the binary, so that gclint needs no files
//! around it: writes a table of `(view name, schema text)` to `$OUT_DIR/bodies.rs`.

use std::fmt::Write;
use std::path::Path;

fn main() {
    // A position-dependent executable: the dynamic loader has no relocations to apply at start-up
    // (about a millisecond of the few a one-file run takes). Only the binary is linked so.
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/bodies");
    println!("cargo:rerun-if-changed={}", dir.display());
    println!("cargo:rerun-if-changed=schemas/catalog.json");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("schemas/bodies exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".schema.json"))
        .collect();
    files.sort();
    let mut out = String::from("/// Every body schema view, by name.\npub static BODY_SCHEMAS: &[(&str, &str)] = &[\n");
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy().trim_end_matches(".schema.json").to_owned();
        writeln!(out, "    ({name:?}, include_str!({:?})),", file.display().to_string()).unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("bodies.rs");
    std::fs::write(dest, out).unwrap();
}
