//! The one table the suite prints: each figure beside the baseline measured in the same run,
//! their ratio, and the budget it answers to.

use std::time::Duration;

pub struct Row {
    pub database: String,
    pub measure: String,
    pub result: String,
    pub baseline: String,
    pub ratio: String,
    pub budget: String,
    /// None when the figure has no budget.
    pub met: Option<bool>,
}

#[derive(Default)]
pub struct Table {
    rows: Vec<Row>,
}

impl Table {
    pub fn push(&mut self, row: Row) {
        // Printed as it comes too, so a long run shows progress.
        eprintln!("{}", line(&row));
        self.rows.push(row);
    }

    pub fn print(&self) {
        println!("| database | measure | result | baseline (same run) | ratio | budget | met |");
        println!("| --- | --- | --- | --- | --- | --- | --- |");
        for row in &self.rows {
            println!("{}", line(row));
        }
        let missed: Vec<&Row> = self.rows.iter().filter(|r| r.met == Some(false)).collect();
        if missed.is_empty() {
            println!("\nEvery budget met.");
        } else {
            println!("\nBudgets missed: {}", missed.iter().map(|r| format!("{} {}", r.database, r.measure)).collect::<Vec<_>>().join("; "));
        }
    }
}

fn line(row: &Row) -> String {
    let met = match row.met {
        Some(true) => "yes",
        Some(false) => "**no**",
        None => "",
    };
    format!(
        "| {} | {} | {} | {} | {} | {} | {met} |",
        row.database, row.measure, row.result, row.baseline, row.ratio, row.budget
    )
}

pub fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

pub fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

pub fn kb(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}

/// 1234567 → "1 234 567", the way the Spanish-speaking users read numbers.
pub fn thousands(n: f64) -> String {
    let digits = format!("{:.0}", n);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}
