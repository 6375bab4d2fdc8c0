//! The aggregate records of a version 2 pack, written and read (`fit` and `cohort`).

use super::aggregates::{CubeCell, Dim, FitCell, MonthFigures};
use super::read::Row;
use super::write::record;
use super::Aggregates;
use crate::money::Money;
use crate::Error;

// Column numbers: [`super::COLUMNS`], then [`super::AGG_COLUMNS`].
pub(super) const RECORD: usize = 0;
const PURCHASE_DAYS: usize = 5;
const REVENUE: usize = 7;
const GROSS_PROFIT: usize = 8;
const CHANNEL: usize = 10;
pub(super) const X: usize = 16;
const T_X: usize = 17;
const T: usize = 18;
const CUSTOMERS: usize = 19;
const REPEAT_REVENUE: usize = 20;
const MONTH: usize = 21;
const OFFSET: usize = 22;
const PRODUCT: usize = 23;
const ACTIVE: usize = 24;

fn money(units: i128) -> String {
    Money::sum_to_decimal(units).to_string()
}

fn dim(d: Dim) -> String {
    match d {
        Dim::None => String::new(),
        Dim::Id(n) => n.to_string(),
        Dim::Pooled => "*".into(),
    }
}

/// `2024-03` of a month number.
fn month_name(month: i32) -> String {
    format!("{:04}-{:02}", month.div_euclid(12), month.rem_euclid(12) + 1)
}

/// Writes the `fit` and `cohort` records of `a` (gross profit when the pack has it).
pub(super) fn write(out: &mut String, a: &Aggregates, profit: bool, width: usize) {
    let mut cells = vec![String::new(); width];
    let emit = |out: &mut String, cells: &mut Vec<String>| {
        let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
        record(out, &refs, width);
        cells.iter_mut().for_each(String::clear);
    };
    for c in &a.fit {
        cells[RECORD] = "fit".into();
        cells[X] = c.x.to_string();
        cells[T_X] = c.t_x.to_string();
        cells[T] = c.t.to_string();
        cells[CUSTOMERS] = c.customers.to_string();
        cells[REPEAT_REVENUE] = money(c.repeat_revenue);
        emit(out, &mut cells);
    }
    for c in &a.cube {
        cells[RECORD] = "cohort".into();
        cells[MONTH] = month_name(c.month);
        cells[CHANNEL] = dim(c.channel);
        cells[PRODUCT] = dim(c.product);
        cells[OFFSET] = c.offset.to_string();
        cells[CUSTOMERS] = c.customers.to_string();
        if let Some(f) = &c.figures {
            cells[ACTIVE] = f.active.to_string();
            cells[PURCHASE_DAYS] = f.purchase_days.to_string();
            cells[REVENUE] = money(f.revenue);
            if profit {
                cells[GROSS_PROFIT] = money(f.gross_profit);
            }
        }
        emit(out, &mut cells);
    }
}

/// A `fit` record.
pub(super) fn fit(row: &Row<'_>) -> Result<FitCell, Error> {
    let x: u32 = row.number(X)?;
    let days = |col| -> Result<f64, Error> {
        let v: f64 = row.number(col)?;
        if v.is_finite() && (0.0..=1e6).contains(&v) {
            Ok(v)
        } else {
            Err(row.bad(col, "notANumber"))
        }
    };
    let (t_x, t) = (days(T_X)?, days(T)?);
    if t_x > t || (x == 0 && t_x != 0.0) {
        return Err(row.bad(T_X, "inconsistent"));
    }
    let customers: u64 = row.number(CUSTOMERS)?;
    if customers == 0 {
        return Err(row.bad(CUSTOMERS, "notANumber"));
    }
    Ok(FitCell { x, t_x, t, customers, repeat_revenue: row.money(REPEAT_REVENUE)? })
}

/// A `cohort` record (`channels`, `products`: the numbers the pack names).
pub(super) fn cohort(row: &Row<'_>, channels: usize, products: usize) -> Result<CubeCell, Error> {
    let month = {
        let s = row.text(MONTH)?;
        let parsed = s.split_once('-').and_then(|(y, m)| {
            let (y, m): (i32, i32) = (y.parse().ok()?, m.parse().ok()?);
            ((1900..=2200).contains(&y) && (1..=12).contains(&m) && s.len() == 7)
                .then_some(y * 12 + m - 1)
        });
        parsed.ok_or_else(|| row.bad(MONTH, "notADate"))?
    };
    let dim = |col, n: usize| -> Result<Dim, Error> {
        match row.get(col) {
            b"" => Ok(Dim::None),
            b"*" => Ok(Dim::Pooled),
            _ => {
                let id: u32 = row.number(col)?;
                if id as usize >= n {
                    return Err(row.bad(col, "unknownReference"));
                }
                Ok(Dim::Id(id))
            }
        }
    };
    let (channel, product) = (dim(CHANNEL, channels)?, dim(PRODUCT, products)?);
    if (channel == Dim::Pooled) != (product == Dim::Pooled) {
        return Err(row.bad(PRODUCT, "inconsistent"));
    }
    let offset: u32 = row.number(OFFSET)?;
    let customers: u64 = row.number(CUSTOMERS)?;
    if customers == 0 {
        return Err(row.bad(CUSTOMERS, "notANumber"));
    }
    let figures =
        if [ACTIVE, PURCHASE_DAYS, REVENUE, GROSS_PROFIT].iter().all(|&c| row.get(c).is_empty()) {
            None
        } else {
            let active: u64 = row.number(ACTIVE)?;
            let purchase_days: u64 = row.number(PURCHASE_DAYS)?;
            if active > customers || purchase_days < active {
                return Err(row.bad(ACTIVE, "inconsistent"));
            }
            let gross_profit =
                if row.get(GROSS_PROFIT).is_empty() { 0 } else { row.money(GROSS_PROFIT)? };
            Some(MonthFigures { active, purchase_days, revenue: row.money(REVENUE)?, gross_profit })
        };
    Ok(CubeCell { month, channel, product, offset, customers, figures })
}
