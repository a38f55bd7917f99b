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
    allocator_options();
    // The package's directory as cargo gives it to this run, not as it was when the build script
    // was compiled (`env!`): a build of the same package from another directory (a copy made by
    // `pip install`) may reuse the compiled script.
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&manifest_dir).join("schemas/bodies");
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

/// The number of mimalloc's `mi_option_allow_thp`, read from the `mi_option_e` enum of the
/// mimalloc.h that libmimalloc-sys compiles (it does not name every option), into
/// `$OUT_DIR/allocator.rs`: a newer mimalloc that moves or drops the option cannot be set wrong.
fn allocator_options() {
    let dir = std::env::var("DEP_MIMALLOC_INCLUDE_DIR").expect("libmimalloc-sys gives its include directory");
    let header = Path::new(&dir).join("mimalloc.h");
    println!("cargo:rerun-if-changed={}", header.display());
    let text = std::fs::read_to_string(&header).expect("mimalloc.h is readable");
    let start = text.find("typedef enum mi_option_e {").expect("mimalloc.h has the mi_option_e enum");
    let end = start + text[start..].find('}').expect("the mi_option_e enum ends");
    // One option a line, numbered from 0; aliases (`mi_option_x = mi_option_y`) take no number.
    let index = text[start..end]
        .lines()
        .map(|line| line.split("//").next().unwrap_or("").trim())
        .filter(|line| line.starts_with("mi_option_") && !line.contains('='))
        .position(|line| line.trim_end_matches(',').trim() == "mi_option_allow_thp")
        .expect("mimalloc.h has mi_option_allow_thp");
    let out = format!(
        "/// `mi_option_allow_thp` in the mimalloc.h compiled in.\nconst MI_OPTION_ALLOW_THP: libmimalloc_sys::mi_option_t = {index};\n"
    );
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("allocator.rs");
    std::fs::write(dest, out).unwrap();
}
