//! What the browser downloads to run the app, raw and as the server ships it (brotli, or gzip
//! for browsers without it). The bundle is split (`cargo leptos build --split`): opening
//! "Pagos" downloads the main wasm, its JS glue and the loader of the other slices; every
//! other section downloads the slices its page needs the first time it is opened, as listed
//! in the split manifest.

use crate::report::{kb, Row, Table};
use std::collections::BTreeMap;
use std::path::Path;

const BUDGET_KB: f64 = 350.0;
const MANIFEST: &str = "__wasm_split_manifest.json";
const LOADER_PREFIX: &str = "__wasm_split.";

#[derive(Clone, Copy, Default)]
struct Size {
    raw: usize,
    gzip: usize,
    brotli: usize,
}

impl Size {
    fn of(path: &Path) -> Size {
        let raw = std::fs::read(path).unwrap_or_else(|e| {
            panic!("{}: {e}. Build the release bundle first (`cargo leptos build --release --split`).", path.display())
        });
        Size { raw: raw.len(), gzip: server::assets::gzip(&raw).len(), brotli: server::assets::brotli(&raw).len() }
    }

    fn plus(self, other: Size) -> Size {
        Size { raw: self.raw + other.raw, gzip: self.gzip + other.gzip, brotli: self.brotli + other.brotli }
    }
}

pub fn run(pkg: &Path, table: &mut Table) {
    let loader = std::fs::read_dir(pkg)
        .expect("the release bundle's directory")
        .filter_map(|entry| entry.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .find(|name| name.starts_with(LOADER_PREFIX) && name.ends_with(".js"))
        .unwrap_or_else(|| panic!("no {LOADER_PREFIX}….js in {}: build with `--split`", pkg.display()));
    let mut first_visit = Size::default();
    for (file, label) in [("pagos.wasm", "main wasm"), ("pagos.js", "JS glue"), (loader.as_str(), "slice loader JS")] {
        let size = Size::of(&pkg.join(file));
        first_visit = first_visit.plus(size);
        table.push(size_row(label, size, None));
    }
    table.push(size_row("wasm + JS shipped for «Pagos» (first visit)", first_visit, Some(first_visit.brotli as f64 / 1024.0 <= BUDGET_KB)));

    // The heaviest section opened afterwards: what it adds on top of the first visit.
    let manifest: BTreeMap<String, Vec<String>> =
        serde_json::from_slice(&std::fs::read(pkg.join(MANIFEST)).expect("the split manifest")).expect("a JSON manifest");
    let heaviest = manifest
        .iter()
        .map(|(split, files)| {
            let size = files.iter().map(|f| Size::of(&pkg.join(format!("{f}.wasm")))).fold(Size::default(), Size::plus);
            (section_name(split), size)
        })
        .max_by_key(|(_, size)| size.brotli);
    if let Some((section, size)) = heaviest {
        table.push(size_row(&format!("added on first opening the heaviest section ({section})"), size, None));
    }
}

/// `__settings_route_view_123…` → `settings`.
fn section_name(split: &str) -> String {
    let name = split.trim_start_matches('_');
    let name = name.split("_route_view").next().unwrap_or(name);
    name.replace('_', " ")
}

fn size_row(label: &str, size: Size, met: Option<bool>) -> Row {
    Row {
        database: "—".into(),
        measure: format!("{label} (release)"),
        result: format!("{} brotli · {} gzip", kb(size.brotli), kb(size.gzip)),
        baseline: format!("{} raw", kb(size.raw)),
        ratio: format!("{:.0} % of raw", 100.0 * size.brotli as f64 / size.raw as f64),
        budget: if met.is_some() { format!("≤ {BUDGET_KB:.0} KB brotli") } else { "—".into() },
        met,
    }
}
