//! Orders dated far from the rest of a file's (a placeholder `1900-01-01`, a typo'd year): the
//! days of the orders and refunds are tallied as they are flushed, and at the end of the file
//! those outside Tukey's far-out fences ([`far_fences`]) are left out and reported, or kept and
//! counted when the caller asks.

use super::OrderAssembler;
use crate::date::Day;
use crate::import::report::{Counts, IssueKind};
use std::collections::HashSet;

/// Per day of this file: orders, rows (of orders and refunds), refund rows and the first line.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct DayCount {
    orders: u64,
    rows: u64,
    refund_rows: u64,
    line: u64,
}

impl DayCount {
    fn add(&mut self, rows: u64, is_order: bool) {
        self.orders += u64::from(is_order);
        self.rows += rows;
        self.refund_rows += if is_order { 0 } else { rows };
    }
}

/// The days of a file's orders and refunds as they are flushed. The rows of a file mostly come
/// day after day, so a run of one day is counted in place and the table is touched only when
/// the day changes.
#[derive(Debug, Default)]
pub(super) struct DayTally {
    days: crate::intern::DayMap<DayCount>,
    run: Option<(Day, DayCount)>,
}

impl DayTally {
    pub(super) fn add(&mut self, day: Day, line: u64, rows: u64, is_order: bool) {
        match &mut self.run {
            Some((d, c)) if *d == day => c.add(rows, is_order),
            _ => {
                self.spill();
                let mut c = DayCount { line, ..DayCount::default() };
                c.add(rows, is_order);
                self.run = Some((day, c));
            }
        }
    }

    fn spill(&mut self) {
        use std::collections::hash_map::Entry;
        if let Some((day, c)) = self.run.take() {
            match self.days.entry(day) {
                Entry::Vacant(v) => {
                    v.insert(c);
                }
                Entry::Occupied(mut o) => {
                    let e = o.get_mut();
                    (e.orders, e.rows, e.refund_rows) =
                        (e.orders + c.orders, e.rows + c.rows, e.refund_rows + c.refund_rows);
                }
            }
        }
    }

    /// Every day with its count (for a partial import), the run spilled first.
    pub(super) fn days(&mut self) -> Vec<(Day, [u64; 4])> {
        self.sorted()
            .into_iter()
            .map(|(d, c)| (d, [c.orders, c.rows, c.refund_rows, c.line]))
            .collect()
    }

    /// Adds another range's day (its line is kept only when the day is new: the first wins).
    pub(super) fn absorb(&mut self, day: Day, [orders, rows, refund_rows, line]: [u64; 4]) {
        self.spill();
        let e = self.days.entry(day).or_insert(DayCount { line, ..DayCount::default() });
        (e.orders, e.rows, e.refund_rows) =
            (e.orders + orders, e.rows + rows, e.refund_rows + refund_rows);
    }

    /// The days in order.
    fn sorted(&mut self) -> Vec<(Day, DayCount)> {
        self.spill();
        let mut days: Vec<(Day, DayCount)> = self.days.iter().map(|(d, c)| (*d, *c)).collect();
        crate::order::sort_rows(&mut days, &|a, b| a.0.cmp(&b.0));
        days
    }
}

/// The range of plausible order days: Tukey's far-out fences of the orders' days, Q1 − 3·IQR to
/// Q3 + 3·IQR, with the quartiles (nearest rank) taken at least a year apart. `None` with fewer
/// than five orders (too few to tell a stray date from the rest). `days` in day order.
fn far_fences(days: &[(Day, DayCount)]) -> Option<(Day, Day)> {
    let n: u64 = days.iter().map(|(_, c)| c.orders).sum();
    if n < 5 {
        return None;
    }
    let at_rank = |rank: u64| {
        let mut seen = 0;
        days.iter()
            .find(|(_, c)| {
                seen += c.orders;
                seen >= rank
            })
            .map(|(d, _)| *d)
    };
    let (q1, q3) = (at_rank(n.div_ceil(4))?, at_rank((3 * n).div_ceil(4))?);
    let iqr = (q3 - q1).max(365);
    Some((q1 - 3 * iqr, q3 + 3 * iqr))
}

impl OrderAssembler {
    /// Orders and refunds dated far outside the rest of this file's orders ([`far_fences`]: a
    /// placeholder `1900-01-01`, a typo'd year) would stretch the period to decades: they are
    /// left out and reported per day (the first line, the rows), unless the caller keeps them
    /// (then counted in `suspicious_dates_kept`). A refund of an order left out goes with it.
    pub(super) fn leave_out_far_dates(&mut self, counts: &mut Counts) {
        let days = self.day_tally.sorted();
        let Some((lo, hi)) = far_fences(&days) else { return };
        let far: Vec<&(Day, DayCount)> = days.iter().filter(|(d, _)| *d < lo || *d > hi).collect();
        if far.is_empty() {
            return;
        }
        if self.keep_far_dates {
            counts.suspicious_dates_kept += far.iter().map(|(_, c)| c.rows).sum::<u64>();
            return;
        }
        for (day, c) in &far {
            counts.orders -= c.orders;
            counts.refund_rows -= c.refund_rows;
            counts.issue(c.line, IssueKind::SuspiciousDate, &crate::date::format_day(*day), c.rows);
        }
        let is_far = |d: Day| d < lo || d > hi;
        let mut removed = Vec::new();
        let mut gone_orders = HashSet::new();
        for i in self.first_order..self.builder.len() {
            let o = self.builder.order(i);
            if is_far(o.day) {
                removed.push(i);
                if !o.revenue.is_negative() {
                    gone_orders.insert((o.customer, o.orders));
                }
            }
        }
        // Refund records: drop those removed, renumber the rest, and leave out (as the order's)
        // the refunds of an order that was left out.
        let mut kept_refunds = Vec::with_capacity(self.refunds.len());
        for &(i, key, rows) in &self.refunds {
            let o = self.builder.order(i);
            if is_far(o.day) {
                continue;
            }
            if gone_orders.contains(&(o.customer, o.orders)) {
                removed.push(i);
                counts.refund_rows -= rows;
                *counts.skipped.entry(IssueKind::SuspiciousDate).or_default() += rows;
                continue;
            }
            kept_refunds.push((i, key, rows));
        }
        removed.sort_unstable();
        for r in &mut kept_refunds {
            r.0 -= removed.partition_point(|&j| j < r.0);
        }
        self.refunds = kept_refunds;
        self.builder.remove_orders(&removed);
        // The file's period and customers are those of the orders kept.
        let kept = days.iter().filter(|(d, c)| c.orders > 0 && !is_far(*d)).map(|(d, _)| *d);
        self.days = kept.clone().next().zip(kept.clone().next_back());
        self.seen_in_file.iter_mut().for_each(|s| *s = false);
        for i in self.first_order..self.builder.len() {
            let o = self.builder.order(i);
            if !o.revenue.is_negative() {
                self.seen_in_file[o.customer as usize] = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_only_suspicious_among_five_orders_or_more_and_three_spreads_away() {
        let one = |d| (d, DayCount { orders: 1, rows: 1, refund_rows: 0, line: 2 });
        // Four orders cannot tell a stray date from the rest.
        assert_eq!(far_fences(&[one(-45000), one(19700), one(19701), one(19702)]), None);
        // Two years of steady orders: Q1 = day 180, Q3 = day 540 (ranks 2 and 4 of 5), IQR 360
        // days → 365: plausible from 180 − 1095 to 540 + 1095.
        let days = [one(0), one(180), one(360), one(540), one(720)];
        assert_eq!(far_fences(&days), Some((-915, 1635)));
    }
}
