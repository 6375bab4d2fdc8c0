//! An order's money from its rows: [`AmountKind`] says whether the amount column is the order's
//! total (taken once, even when repeated on every line), a line total (summed) or a unit price
//! (× quantity, summed); adjustment columns are added or subtracted row by row; the refund,
//! profit and cost columns are read beside it.

use super::{OrderAssembler, Pending};
use crate::import::columns::{AmountKind, Role, Sign};
use crate::import::records::Fields;
use crate::import::report::{Counts, IssueKind};
use crate::money::parse_amount;
use rust_decimal::Decimal;

impl OrderAssembler {
    /// A money cell; `None` for 楽天's `-99999` placeholder, `Err` when it is not money.
    pub(super) fn money(&self, cell: &[u8]) -> std::result::Result<Option<Decimal>, ()> {
        let value = match crate::money::plain_decimal_bytes(cell) {
            Some(d) => Some(d),
            None => parse_amount(&self.text(cell)).map_err(|_| ())?,
        };
        if self.amount_has_sentinel && value == Some(Decimal::from(-99_999)) {
            return Ok(None); // 楽天 legacy: -99999 = "invalid / not computed"
        }
        Ok(value)
    }

    /// The row's amount: the amount cell plus or minus the adjustment columns (blank ones count
    /// as 0); `None` when all of them are blank; the bad cell when one is not money.
    pub(super) fn row_amount<'a>(&self, f: &'a Fields<'_>) -> Result<Option<Decimal>, &'a [u8]> {
        let cell = self.cell(f, Role::Amount);
        let mut amount = match cell.map(|c| self.money(c)) {
            Some(Ok(v)) => v,
            Some(Err(())) => return Err(cell.unwrap_or(&[])),
            None => None,
        };
        for a in &self.adjustments {
            let cell = f.get(a.column);
            if cell.is_empty() {
                continue;
            }
            let v = self.money(cell).map_err(|()| cell)?.unwrap_or_default();
            let v = if a.sign == Sign::Minus { -v.abs() } else { v };
            // Past Decimal's 28 digits: not an amount.
            amount = Some(amount.unwrap_or_default().checked_add(v).ok_or(cell)?);
        }
        Ok(amount)
    }

    /// Adds the row's amount, profit, cost and refund to the pending order `p`; a bad amount
    /// cell breaks the order (reported on `line`).
    /// Returns the row's own line amount (price × quantity, or the line total) when amounts are
    /// per line, for the highest-priced line.
    pub(super) fn read_money(
        &mut self,
        f: &Fields<'_>,
        line: u64,
        p: &mut Pending,
        counts: &mut Counts,
    ) -> Option<Decimal> {
        let qty = || {
            self.cell(f, Role::Quantity)
                .and_then(|q| parse_amount(&self.text(q)).ok().flatten())
                .unwrap_or(Decimal::ONE)
        };
        let per_line = self.amount_kind != AmountKind::OrderTotal;
        let scale = if self.amount_kind == AmountKind::UnitPrice { qty() } else { Decimal::ONE };
        let mut line_amount = None;
        for role in [Role::Amount, Role::Profit, Role::Cost, Role::Refund] {
            let read = if role == Role::Amount {
                self.row_amount(f)
            } else {
                match self.cell(f, role).map(|c| self.money(c)) {
                    Some(Ok(v)) => Ok(v),
                    _ => continue, // none, or a bad optional cell: the order counts without it
                }
            };
            let value = match read {
                Ok(Some(v)) => v,
                Ok(None) => continue,
                Err(cell) => {
                    self.break_at(p, cell, IssueKind::BadAmount, line, counts);
                    return None;
                }
            };
            if role == Role::Amount {
                self.amounts.0 += 1;
                self.amounts.1 += u64::from(!value.fract().is_zero());
            }
            let slot = match role {
                Role::Amount => &mut p.amount,
                Role::Profit => &mut p.profit,
                Role::Cost => &mut p.cost,
                _ => &mut p.refund,
            };
            let scaled = if role == Role::Refund || scale == Decimal::ONE {
                Some(value)
            } else {
                value.checked_mul(scale)
            };
            let combined = match (*slot, per_line && role != Role::Refund) {
                (None, _) => scaled,
                (Some(sum), true) => scaled.and_then(|v| sum.checked_add(v)),
                (Some(first), false) => Some(first), // an order total: the first one counts
            };
            let (Some(scaled), Some(combined)) = (scaled, combined) else {
                // Past Decimal's 28 digits: not an amount.
                counts.issue(line, IssueKind::BadAmount, &value.to_string(), 0);
                p.broken = Some(IssueKind::BadAmount);
                return None;
            };
            if role == Role::Amount && per_line {
                line_amount = Some(scaled);
            }
            *slot = Some(combined);
        }
        line_amount
    }
}
