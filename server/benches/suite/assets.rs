//! What the browser downloads to run the app: the release wasm and its JS glue, raw and as
//! the server ships them (brotli, or gzip for browsers without it).

use crate::report::{kb, Row, Table};
use std::path::Path;

const BUDGET_KB: f64 = 350.0;

pub fn run(pkg: &Path, table: &mut Table) {
    let mut totals = (0, 0, 0);
    for (file, label) in [("pagos.wasm", "wasm"), ("pagos.js", "JS glue")] {
        let path = pkg.join(file);
        let raw = std::fs::read(&path).unwrap_or_else(|e| {
            panic!("{}: {e}. Build the release bundle first (`cargo leptos build --release`).", path.display())
        });
        let gzip = server::assets::gzip(&raw).len();
        let brotli = server::assets::brotli(&raw).len();
        totals = (totals.0 + raw.len(), totals.1 + gzip, totals.2 + brotli);
        table.push(size_row(label, raw.len(), gzip, brotli, None));
    }
    let (raw, gzip, brotli) = totals;
    table.push(size_row("wasm + JS shipped", raw, gzip, brotli, Some(brotli as f64 / 1024.0 <= BUDGET_KB)));
}

fn size_row(label: &str, raw: usize, gzip: usize, brotli: usize, met: Option<bool>) -> Row {
    Row {
        database: "—".into(),
        measure: format!("{label} (release)"),
        result: format!("{} brotli · {} gzip", kb(brotli), kb(gzip)),
        baseline: format!("{} raw", kb(raw)),
        ratio: format!("{:.0} % of raw", 100.0 * brotli as f64 / raw as f64),
        budget: if met.is_some() { format!("≤ {BUDGET_KB:.0} KB brotli") } else { "—".into() },
        met,
    }
}
