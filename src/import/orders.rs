//! Orders from rows: the rows sharing an order number are the line items of one order (blank
//! cells on continuation rows are "not given", never zero); when the order is complete it is
//! checked (cancelled? date? amount? customer?) and kept for the [`Dataset`] or reported with its
//! line number.
//!
//! How an order's money is read: [`AmountKind`] says whether the amount column is the order's
//! total (taken once, even when repeated on every line), a line total (summed) or a unit price
//! (× quantity, summed); a refund column is subtracted; a negative order is a refund on its own
//! day. Cancelled, voided and fully refunded orders are left out by the rule of their status
//! ([`super::status`]).

use super::columns::{part_separator, Adjustment, AmountKind, Role, Sign, ROLES};
use super::records::Fields;
use super::report::{Counts, IssueKind};
use super::sniff::Sniffed;
use super::status::{classify_status, StatusRule, StatusSeen, StatusTable};
use super::ImportOptions;
use crate::dataset::{DatasetBuilder, KEY_GROUP_MARK, NO_CHANNEL};
use crate::date::{day_order_evidence, parse_stamp, parse_time, DateError, Day, DayOrder};
use crate::encoding::TextEncoding;
use crate::intern::{fingerprint, Strings};
use crate::money::{parse_amount, Money};
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};

/// Distinct channels kept by name; the rest are counted under the last one.
const MAX_CHANNELS: usize = 1000;

/// Starts the key of a phone number that links customers across files (never shown).
const PHONE_MARK: u8 = 0xFE;

/// The contact roles, in the order of [`DatasetBuilder::contacts`].
pub(crate) const CONTACT_ROLES: [Role; 4] =
    [Role::Name, Role::PostalCode, Role::Address, Role::Phone];

/// The digits of a phone number (full-width ones too), a Japanese `+81` turned into the
/// leading `0`.
fn phone_digits(phone: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(phone);
    let digit = |c: char| match c {
        '0'..='9' => Some(c as u8),
        '０'..='９' => Some(b'0' + (c as u32 - '０' as u32) as u8),
        _ => None,
    };
    let mut digits: Vec<u8> = text.chars().filter_map(digit).collect();
    if digits.starts_with(b"81") && digits.len() >= 11 && phone.contains(&b'+') {
        digits.splice(0..2, [b'0']);
    }
    digits
}

/// An order being assembled from its rows.
#[derive(Debug, Default)]
struct Pending {
    line: u64,
    rows: u64,
    customer: Option<u32>,
    by_email: bool,
    day: Option<Day>,
    amount: Option<Decimal>,
    refund: Option<Decimal>,
    profit: Option<Decimal>,
    cost: Option<Decimal>,
    /// Index into the status table.
    status: Option<u32>,
    cancelled_at: bool,
    channel: Option<u16>,
    other_currency: Option<String>,
    /// A bad cell was already reported (with this reason): the order is dropped.
    broken: Option<IssueKind>,
    /// The customer cell (number, else e-mail) of the order's first row, as written: a row of
    /// another customer never continues the order.
    customer_cell: Vec<u8>,
}

/// Assembles orders from data rows and keeps the good ones for the [`Dataset`].
#[derive(Debug)]
pub(crate) struct OrderAssembler {
    encoding: TextEncoding,
    /// The column of each role (by [`Role::index`]).
    col: [Option<usize>; ROLES],
    amount_kind: AmountKind,
    amount_has_sentinel: bool,
    date_is_utc: bool,
    /// Yahoo!ショッピング's numeric `OrderStatus` codes (4 = キャンセル).
    yahoo_status: bool,
    /// The last `YYYY-MM-DD` read and its day: rows of a date-sorted file repeat it.
    last_date: ([u8; 10], Day),
    day_order: DayOrder,
    day_order_assumed: bool,
    day_order_conflict: bool,
    shop_offset: i32,
    /// The file's currency: the caller's, the amounts' sign, or the first currency cell.
    currency: Option<String>,
    pending: Option<Pending>,
    pending_id: Vec<u8>,
    seq: u32,
    /// The orders kept and the customers' keys and side columns.
    pub(crate) builder: DatasetBuilder,
    statuses: StatusTable,
    /// A reusable buffer for customer keys.
    key_buf: Vec<u8>,
    /// The further columns of split contact details.
    parts: Vec<(Role, usize)>,
    /// Customers with an order kept in this file (by customer index).
    seen_in_file: Vec<bool>,
    /// The file's group among several files (0: the first header; customer and order numbers
    /// of other groups are another platform's).
    group: u8,
    /// Several files: link customers across files by e-mail and phone.
    link: bool,
    /// Several files: keys and contacts are stored as UTF-8.
    utf8_store: bool,
    /// Order numbers (salted by group) of the files read before: such an order is counted once.
    earlier_orders: HashSet<u64>,
    /// Order numbers (salted by group) of this file's orders.
    file_orders: Vec<u64>,
    /// First and last order day of this file.
    days: Option<(Day, Day)>,
    /// The adjustments of the amount (columns added or subtracted).
    adjustments: Vec<Adjustment>,
    /// Amounts read, and those with a fractional part (cents: not yen).
    amounts: (u64, u64),
    /// Refund records with an order number: (index among the builder's orders, the order
    /// number's fingerprint, rows).
    refunds: Vec<(usize, u64, u64)>,
    /// Order numbers of the orders left out (cancelled, refunded), with the reason: their
    /// refund rows are left out too, not subtracted a second time.
    excluded: HashMap<u64, IssueKind>,
    /// The orders' days, for the check of dates far from the rest.
    day_tally: DayTally,
    /// Index of this file's first order in the builder.
    first_order: usize,
    /// Keep orders dated far from the rest (the caller's choice) instead of leaving them out.
    keep_far_dates: bool,
}

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
struct DayTally {
    days: HashMap<Day, DayCount>,
    run: Option<(Day, DayCount)>,
}

impl DayTally {
    fn add(&mut self, day: Day, line: u64, rows: u64, is_order: bool) {
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

    /// The days in order.
    fn sorted(&mut self) -> Vec<(Day, DayCount)> {
        self.spill();
        let mut days: Vec<(Day, DayCount)> = self.days.iter().map(|(d, c)| (*d, *c)).collect();
        days.sort_unstable_by_key(|(d, _)| *d);
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

/// What several files share while they are read one after the other.
#[derive(Debug, Default)]
pub(crate) struct Carry {
    /// The orders, customers and side columns so far.
    pub builder: DatasetBuilder,
    /// Order numbers (salted by group) of the files read so far.
    pub orders: HashSet<u64>,
    /// This file's group: files with the same header are one platform, whose customer and
    /// order numbers are one namespace.
    pub group: u8,
}

/// What the assembler leaves for the report besides the dataset.
#[derive(Debug)]
pub(crate) struct Assembled {
    /// The orders, customers and side columns (build them into a [`Dataset`]).
    pub builder: DatasetBuilder,
    /// Order numbers (salted by group) of this file.
    pub file_orders: Vec<u64>,
    /// Customers of this file.
    pub customers: u64,
    /// First and last order day of this file.
    pub days: Option<(Day, Day)>,
    /// The statuses seen, with their rules.
    pub statuses: Vec<StatusSeen>,
    /// The currency read from the file (caller's, sign, column), if any.
    pub currency: Option<String>,
    /// Whether most amounts have cents (so they are not yen).
    pub amounts_have_cents: bool,
    pub day_order_conflict: bool,
}

fn idx(role: Role) -> usize {
    role.index()
}

impl OrderAssembler {
    /// An assembler for the columns, day order and currency the sniffer found (the caller's
    /// choices win).
    pub(crate) fn new(
        s: &Sniffed,
        options: &ImportOptions,
        carry: Option<Carry>,
    ) -> OrderAssembler {
        let several = carry.is_some();
        let Carry { builder, orders: earlier_orders, group } = carry.unwrap_or_default();
        let mut col = [None; ROLES];
        for role in Role::ALL {
            col[idx(role)] = s.map.get(role);
        }
        let header_of =
            |role: Role| s.map.get(role).and_then(|i| s.header.get(i)).map(|h| h.to_lowercase());
        let date_header = header_of(Role::Date).unwrap_or_default();
        let mut builder = builder;
        if builder.is_empty() && builder.keys.is_empty() {
            builder.sum_repeats = s.map.amount_kind != Some(AmountKind::OrderTotal);
        }
        // Side columns start when a file has them, with blanks for what came before.
        let (customers, orders) = (builder.keys.len(), builder.len());
        if s.map.get(Role::Customer).is_some() && s.map.get(Role::Email).is_some() {
            builder.emails.get_or_insert_with(|| Strings::blank(customers));
        }
        for (slot, role) in CONTACT_ROLES.into_iter().enumerate() {
            if s.map.get(role).is_some() {
                builder.contacts[slot].get_or_insert_with(|| Strings::blank(customers));
            }
        }
        if s.map.get(Role::Channel).is_some() {
            builder.channel.get_or_insert_with(|| vec![NO_CHANNEL; orders]);
        }
        if s.map.get(Role::Profit).is_some() || s.map.get(Role::Cost).is_some() {
            builder.profit.get_or_insert_with(|| vec![Money::ZERO; orders]);
        }
        let (day_order, day_order_assumed) = day_order_of(s, options);
        OrderAssembler {
            encoding: s.encoding,
            col,
            amount_kind: s.map.amount_kind.unwrap_or(AmountKind::OrderTotal),
            amount_has_sentinel: header_of(Role::Amount).is_some_and(|h| h.contains("-99999")),
            date_is_utc: date_header.contains("utc") || date_header.contains("gmt"),
            yahoo_status: header_of(Role::Status).is_some_and(|h| h == "orderstatus"),
            last_date: ([0; 10], 0),
            day_order,
            day_order_assumed,
            day_order_conflict: false,
            shop_offset: options.shop_utc_offset_min,
            currency: options.currency.clone().or(s.currency.map(str::to_owned)),
            pending: None,
            pending_id: Vec::new(),
            seq: 0,
            builder,
            statuses: StatusTable::default(),
            key_buf: Vec::new(),
            parts: s.map.parts.clone(),
            seen_in_file: Vec::new(),
            group,
            link: several,
            utf8_store: several,
            earlier_orders,
            file_orders: Vec::new(),
            days: None,
            adjustments: s.map.adjustments.clone(),
            amounts: (0, 0),
            refunds: Vec::new(),
            excluded: HashMap::new(),
            day_tally: DayTally::default(),
            first_order: orders,
            keep_far_dates: options.keep_suspicious_dates,
        }
    }

    /// Flushes the last order and builds the dataset.
    pub(crate) fn finish(mut self, counts: &mut Counts) -> Assembled {
        self.flush(counts);
        self.leave_out_far_dates(counts);
        self.settle_refunds(counts);
        let (amounts, with_cents) = self.amounts;
        Assembled {
            customers: self.seen_in_file.iter().filter(|s| **s).count() as u64,
            days: self.days,
            file_orders: self.file_orders,
            builder: self.builder,
            statuses: self.statuses.seen,
            currency: self.currency,
            // A yen shop writes whole yen (`1200` or `1200.00`); a fifth of amounts with cents
            // means dollars, euros, … (decided only when the file does not say).
            amounts_have_cents: amounts > 0 && with_cents * 5 >= amounts,
            day_order_conflict: self.day_order_conflict,
        }
    }

    /// Orders and refunds dated far outside the rest of this file's orders ([`far_fences`]: a
    /// placeholder `1900-01-01`, a typo'd year) would stretch the period to decades: they are
    /// left out and reported per day (the first line, the rows), unless the caller keeps them
    /// (then counted in `suspicious_dates_kept`). A refund of an order left out goes with it.
    fn leave_out_far_dates(&mut self, counts: &mut Counts) {
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

    /// A refund row belongs to its order (same order number): it lowers that order's revenue on
    /// the order's day, and it is left out with the order when the order itself is (a fully
    /// refunded or cancelled order is not subtracted twice). A refund whose order is not in the
    /// file stays on its own day.
    fn settle_refunds(&mut self, counts: &mut Counts) {
        let mut linked = Vec::new();
        let mut dropped = Vec::new();
        for &(i, key, rows) in &self.refunds {
            match self.excluded.get(&key) {
                Some(&kind) => {
                    dropped.push(i);
                    counts.refund_rows -= rows;
                    *counts.skipped.entry(kind).or_default() += rows;
                }
                None => linked.push(i),
            }
        }
        counts.refunds_moved_to_their_order += self.builder.move_refunds_to_their_orders(&linked);
        self.builder.remove_orders(&dropped);
    }

    fn cell<'a>(&self, f: &'a Fields<'_>, role: Role) -> Option<&'a [u8]> {
        self.col[idx(role)].map(|i| f.get(i)).filter(|c| !c.is_empty())
    }

    fn text<'a>(&self, bytes: &'a [u8]) -> std::borrow::Cow<'a, str> {
        self.encoding.decode_cell(bytes)
    }

    /// One data row (not blank, not a repeated header).
    pub(crate) fn row(&mut self, f: &Fields<'_>, line: u64, counts: &mut Counts) {
        if self.cell(f, Role::Date).is_none() {
            let first = (0..f.len()).map(|i| f.get(i)).find(|c| !c.is_empty()).unwrap_or(&[]);
            let text = self.text(first);
            if is_totals_word(&text) {
                let text = text.into_owned();
                self.flush(counts);
                counts.issue(line, IssueKind::TotalsRow, &text, 1);
                return;
            }
        }
        let id = self.col[idx(Role::OrderId)].map(|i| f.get(i));
        let customer = self.customer_cell(f);
        match (self.pending.as_ref(), id) {
            (Some(p), Some(id)) if !id.is_empty() && id == self.pending_id.as_slice() => {
                if !customer.is_empty() && customer != p.customer_cell.as_slice() {
                    // One order number, two customers: neither row is trusted to be the other's.
                    let value = format!("{} ({}, {line})", self.text(id), p.line);
                    self.flush(counts);
                    return counts.issue(line, IssueKind::SharedOrderNumber, &value, 1);
                }
                let (day, amount) = (p.day, p.amount);
                if !self.is_another_part_of(f, day, amount) {
                    counts.line_item_rows += 1;
                    return self.merge_row(f, line, counts);
                }
            }
            // A line with neither order number nor customer nor date continues the order above
            // (Amazon writes extra promotions on such lines).
            (Some(_), Some(id))
                if id.is_empty() && customer.is_empty() && self.cell(f, Role::Date).is_none() =>
            {
                counts.line_item_rows += 1;
                return self.merge_row(f, line, counts);
            }
            _ => {}
        }
        self.flush(counts);
        self.pending_id.clear();
        if let Some(id) = id {
            self.pending_id.extend_from_slice(id);
        }
        let customer_cell = customer.to_vec();
        self.pending = Some(Pending { line, customer_cell, ..Pending::default() });
        self.merge_row(f, line, counts);
    }

    /// The customer cell of a row as written (number, else e-mail); empty when it has none.
    fn customer_cell<'a>(&self, f: &'a Fields<'_>) -> &'a [u8] {
        self.cell(f, Role::Customer)
            .filter(|c| *c != b"0")
            .or_else(|| self.cell(f, Role::Email))
            .unwrap_or(&[])
    }

    /// Whether a row with the pending order's number is a separate record of that order rather
    /// than one of its lines: a refund row dated on another day (WooCommerce writes refunds so),
    /// or an amount of the other sign (a refund after the order, an order after its refund).
    fn is_another_part_of(
        &mut self,
        f: &Fields<'_>,
        day: Option<Day>,
        amount: Option<Decimal>,
    ) -> bool {
        if let (Some(cell), Some(day)) = (self.cell(f, Role::Date), day) {
            if self.read_day(f, cell).is_ok_and(|d| d != day) {
                return true;
            }
        }
        let negative = |v: Option<Decimal>| v.map(|v| v.is_sign_negative() && !v.is_zero());
        let row = self.cell(f, Role::Amount).and_then(|c| self.money(c).ok().flatten());
        matches!((negative(row), negative(amount)), (Some(a), Some(b)) if a != b)
    }

    /// Adds one row's cells to the pending order.
    fn merge_row(&mut self, f: &Fields<'_>, line: u64, counts: &mut Counts) {
        let Some(mut p) = self.pending.take() else { return };
        p.rows += 1;
        if p.customer.is_none() {
            self.read_customer(f, &mut p);
        }
        if p.day.is_none() && p.broken.is_none() {
            if let Some(cell) = self.cell(f, Role::Date) {
                match self.read_day(f, cell) {
                    Ok(day) => p.day = Some(day),
                    Err(_) => {
                        let text = self.text(cell).into_owned();
                        counts.issue(line, IssueKind::BadDate, &text, 0);
                        p.broken = Some(IssueKind::BadDate);
                    }
                }
            }
        }
        if p.broken.is_none() {
            self.read_money(f, line, &mut p, counts);
        }
        if p.status.is_none() {
            if let Some(cell) = self.cell(f, Role::Status) {
                p.status = Some(self.status_index(cell));
            }
        }
        if self.cell(f, Role::CancelledAt).is_some() {
            p.cancelled_at = true;
        }
        if p.channel.is_none() {
            if let Some(cell) = self.cell(f, Role::Channel) {
                p.channel = Some(self.channel_index(cell));
            }
        }
        if p.other_currency.is_none() {
            if let Some(cell) = self.cell(f, Role::Currency) {
                let code = self.text(cell).trim().to_uppercase();
                match &self.currency {
                    None => self.currency = Some(code),
                    Some(main) if *main != code => p.other_currency = Some(code),
                    Some(_) => {}
                }
            }
        }
        self.pending = Some(p);
    }

    /// The customer number, else the e-mail (trimmed, lower-cased); a guest's `0` is no number.
    /// (A customer whose orders all turn out cancelled is dropped by the dataset, in place.)
    /// Several files: customer numbers are per platform (a suffix marks files of another
    /// header), e-mails and phone numbers link the same person across files.
    fn read_customer(&mut self, f: &Fields<'_>, p: &mut Pending) {
        let email = self.cell(f, Role::Email);
        let id = self.cell(f, Role::Customer).filter(|c| *c != b"0");
        let mut key = std::mem::take(&mut self.key_buf);
        key.clear();
        match (id, email) {
            (Some(id), _) => {
                key.extend_from_slice(&self.stored(id));
                if self.group > 0 {
                    key.extend_from_slice(&[KEY_GROUP_MARK, self.group]);
                }
            }
            (None, Some(e)) => {
                self.push_lowercase(e, &mut key);
                p.by_email = self.col[idx(Role::Customer)].is_some();
            }
            (None, None) => {
                self.key_buf = key;
                return;
            }
        }
        let (c, new) = self.builder.keys.intern_new(&key);
        p.customer = Some(c);
        if new {
            self.new_customer_details(f, id.is_some());
        }
        if self.link && new {
            // The same person in another file: by e-mail (when the key is a number) or phone.
            if let (Some(_), Some(e)) = (id, email) {
                key.clear();
                self.push_lowercase(e, &mut key);
                self.alias(c, &key);
            }
            if let Some(phone) =
                self.cell(f, Role::Phone).and_then(|_| self.contact(f, Role::Phone))
            {
                let digits = phone_digits(&phone);
                if digits.len() >= 10 {
                    key.clear();
                    key.push(PHONE_MARK);
                    key.extend_from_slice(&digits);
                    self.alias(c, &key);
                }
            }
        }
        self.key_buf = key;
    }

    /// Links customer `c` to the customer of `key` (interned without orders when new).
    fn alias(&mut self, c: u32, key: &[u8]) {
        let (other, new) = self.builder.keys.intern_new(key);
        if new {
            self.new_customer_details_empty();
        }
        self.builder.aliases.push((c, other));
    }

    /// A new customer's e-mail (when the key is a number) and contact details, from this row.
    fn new_customer_details(&mut self, f: &Fields<'_>, keyed_by_number: bool) {
        if self.builder.emails.is_some() {
            let email = self.cell(f, Role::Email).filter(|_| keyed_by_number);
            let mut lower = Vec::new();
            if let Some(e) = email {
                self.push_lowercase(e, &mut lower);
            }
            if let Some(emails) = self.builder.emails.as_mut() {
                emails.push(&lower);
            }
        }
        for (slot, role) in CONTACT_ROLES.into_iter().enumerate() {
            if self.builder.contacts[slot].is_none() {
                continue;
            }
            let value = self.contact(f, role).unwrap_or_default();
            if let Some(strings) = self.builder.contacts[slot].as_mut() {
                strings.push(&value);
            }
        }
    }

    /// Empty side columns for a customer interned only to link others (no orders of its own).
    fn new_customer_details_empty(&mut self) {
        if let Some(emails) = self.builder.emails.as_mut() {
            emails.push(&[]);
        }
        for strings in self.builder.contacts.iter_mut().flatten() {
            strings.push(&[]);
        }
    }

    /// A contact detail of this row: its column and the further parts of a split one, joined.
    fn contact(&self, f: &Fields<'_>, role: Role) -> Option<Vec<u8>> {
        let first = self.cell(f, role)?;
        let mut out = self.stored(first).into_owned();
        for &(r, i) in &self.parts {
            if r == role {
                let part = f.get(i);
                if !part.is_empty() {
                    out.extend_from_slice(part_separator(role).as_bytes());
                    out.extend_from_slice(&self.stored(part));
                }
            }
        }
        Some(out)
    }

    /// A cell as it is stored, lower-cased (ASCII letters only: never a Shift_JIS second byte).
    fn push_lowercase(&self, cell: &[u8], out: &mut Vec<u8>) {
        let stored_in = if self.utf8_store { TextEncoding::Utf8 } else { self.encoding };
        stored_in.push_ascii_lowercase(&self.stored(cell), out);
    }

    /// A cell as it is stored: in the file's encoding, or as UTF-8 when several files (perhaps
    /// of several encodings) make one dataset.
    fn stored<'a>(&self, cell: &'a [u8]) -> std::borrow::Cow<'a, [u8]> {
        if self.utf8_store && !cell.is_ascii() && self.encoding != TextEncoding::Utf8 {
            match self.encoding.decode_cell(cell) {
                std::borrow::Cow::Borrowed(s) => std::borrow::Cow::Borrowed(s.as_bytes()),
                std::borrow::Cow::Owned(s) => std::borrow::Cow::Owned(s.into_bytes()),
            }
        } else {
            std::borrow::Cow::Borrowed(cell)
        }
    }

    fn read_day(&mut self, f: &Fields<'_>, cell: &[u8]) -> std::result::Result<Day, DateError> {
        // `2024-03-05 14:22:10` and kin, straight from the bytes (most generated exports); the
        // same date as the row before needs only its time checked.
        if !self.date_is_utc
            && (cell.len() == 10 || cell.len() == 19)
            && cell[..10] == self.last_date.0
            && (cell.len() == 10 || crate::date::iso_time_ok(&cell[10..]))
        {
            return Ok(self.last_date.1);
        }
        if let Some(Ok(stamp)) = crate::date::iso_fast_path(cell) {
            if let Ok(prefix) = <[u8; 10]>::try_from(&cell[..10]) {
                self.last_date = (prefix, stamp.day);
            }
            if !self.date_is_utc {
                return Ok(stamp.shop_day(self.shop_offset));
            }
        }
        let text = self.text(cell);
        let stamp = match parse_stamp(&text, self.day_order) {
            Ok(s) => s,
            Err(e) => {
                if self.day_order_assumed
                    && day_order_evidence(&text).is_some_and(|o| o != self.day_order)
                {
                    self.day_order_conflict = true;
                }
                return Err(e);
            }
        };
        let mut stamp = stamp;
        if stamp.offset_min.is_none() && self.date_is_utc {
            stamp.offset_min = Some(0);
        }
        if stamp.offset_min.is_some() && stamp.secs == 0 {
            if let Some(t) = self.cell(f, Role::Time).and_then(|t| parse_time(&self.text(t))) {
                stamp = stamp.with_time(t);
            }
        }
        Ok(stamp.shop_day(self.shop_offset))
    }

    fn money(&self, cell: &[u8]) -> std::result::Result<Option<Decimal>, ()> {
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
    fn row_amount<'a>(&self, f: &'a Fields<'_>) -> Result<Option<Decimal>, &'a [u8]> {
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
            amount = Some(amount.unwrap_or_default() + v);
        }
        Ok(amount)
    }

    fn read_money(&mut self, f: &Fields<'_>, line: u64, p: &mut Pending, counts: &mut Counts) {
        let qty = || {
            self.cell(f, Role::Quantity)
                .and_then(|q| parse_amount(&self.text(q)).ok().flatten())
                .unwrap_or(Decimal::ONE)
        };
        let per_line = self.amount_kind != AmountKind::OrderTotal;
        let scale = if self.amount_kind == AmountKind::UnitPrice { qty() } else { Decimal::ONE };
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
                    let text = self.text(cell).into_owned();
                    counts.issue(line, IssueKind::BadAmount, &text, 0);
                    p.broken = Some(IssueKind::BadAmount);
                    return;
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
            let scaled =
                if role == Role::Refund || scale == Decimal::ONE { value } else { value * scale };
            *slot = match (*slot, per_line && role != Role::Refund) {
                (None, _) => Some(scaled),
                (Some(sum), true) => Some(sum + scaled),
                (Some(first), false) => Some(first), // an order total: the first one counts
            };
        }
    }

    fn status_index(&mut self, cell: &[u8]) -> u32 {
        if let Some(i) = self.statuses.find(cell) {
            return i;
        }
        let text = self.text(cell).trim().to_owned();
        let rule = classify_status(&text, self.yahoo_status);
        self.statuses.add(cell, rule, text)
    }

    fn channel_index(&mut self, cell: &[u8]) -> u16 {
        let name = self.text(cell).trim().to_owned();
        if let Some(i) = self.builder.channels.iter().position(|c| *c == name) {
            return i as u16;
        }
        if self.builder.channels.len() >= MAX_CHANNELS {
            return (MAX_CHANNELS - 1) as u16;
        }
        self.builder.channels.push(name);
        (self.builder.channels.len() - 1) as u16
    }

    /// The fingerprint of the pending order's number, when the file has order numbers (salted
    /// by the file's group: another platform's order 1001 is another order).
    fn order_number(&self) -> Option<u64> {
        (self.col[idx(Role::OrderId)].is_some() && !self.pending_id.is_empty()).then(|| {
            fingerprint(&self.pending_id)
                ^ u64::from(self.group).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        })
    }

    /// Remembers that the pending order was left out (for its refund rows).
    fn exclude(&mut self, kind: IssueKind) {
        if let Some(key) = self.order_number() {
            self.excluded.insert(key, kind);
        }
    }

    /// Checks the pending order and keeps it or reports it.
    pub(crate) fn flush(&mut self, counts: &mut Counts) {
        let Some(p) = self.pending.take() else { return };
        let rule = p.status.map_or(StatusRule::Kept, |i| self.statuses.count(i));
        if let Some(kind) = p.broken {
            // Already reported at its bad cell; count the order's rows.
            *counts.skipped.entry(kind).or_default() += p.rows;
            return;
        }
        let rule = if p.cancelled_at { StatusRule::Excluded } else { rule };
        if rule != StatusRule::Kept {
            let text = p.status.map(|i| self.statuses.seen[i as usize].value.clone());
            let kind = if rule == StatusRule::Refunded {
                IssueKind::Refunded
            } else {
                IssueKind::Cancelled
            };
            self.exclude(kind);
            return counts.issue(p.line, kind, &text.unwrap_or_default(), p.rows);
        }
        if let Some(code) = &p.other_currency {
            return counts.issue(p.line, IssueKind::OtherCurrency, code, p.rows);
        }
        if self.order_number().is_some_and(|k| self.earlier_orders.contains(&k)) {
            let id = self.text(&self.pending_id).into_owned();
            return counts.issue(p.line, IssueKind::DuplicateOrder, &id, p.rows);
        }
        let Some(customer) = p.customer else {
            return counts.issue(p.line, IssueKind::MissingCustomer, "", p.rows);
        };
        let Some(day) = p.day else {
            return counts.issue(p.line, IssueKind::MissingDate, "", p.rows);
        };
        let Some(amount) = p.amount else {
            return counts.issue(p.line, IssueKind::MissingAmount, "", p.rows);
        };
        let net = match p.refund.map(|r| r.abs()) {
            None => amount,
            Some(refund) => {
                let net = amount - refund;
                if amount > Decimal::ZERO && net <= Decimal::ZERO {
                    let value = format!("{amount} − {refund}");
                    self.exclude(IssueKind::Refunded);
                    return counts.issue(p.line, IssueKind::Refunded, &value, p.rows);
                }
                net
            }
        };
        let profit = self.builder.profit.is_some().then(|| match (p.profit, p.cost) {
            (Some(pr), _) => pr,
            (None, Some(cost)) => net - cost,
            (None, None) => Decimal::ZERO,
        });
        // Stored as exact 8-byte Money: more than 4 decimals or ±922 trillion is not an amount.
        let money =
            Money::from_decimal(net).zip(profit.map_or(Some(Money::ZERO), Money::from_decimal));
        let Some((net_money, profit_money)) = money else {
            return counts.issue(p.line, IssueKind::BadAmount, &net.to_string(), p.rows);
        };
        if net.is_sign_negative() {
            counts.refund_rows += p.rows;
        } else {
            counts.orders += 1;
        }
        if p.by_email {
            counts.email_fallback_orders += 1;
        }
        let key = match self.order_number() {
            Some(key) => {
                if net.is_sign_negative() {
                    self.refunds.push((self.builder.len(), key, p.rows));
                } else {
                    self.file_orders.push(key);
                }
                key
            }
            None => u64::from(self.seq) | (1 << 63),
        };
        if !net.is_sign_negative() {
            self.days = Some(self.days.map_or((day, day), |(a, b)| (a.min(day), b.max(day))));
            // The file's customers are those with an order kept in it (not those whose rows
            // were all cancelled, duplicates, refunds or broken).
            if self.seen_in_file.len() <= customer as usize {
                self.seen_in_file.resize(customer as usize + 1, false);
            }
            self.seen_in_file[customer as usize] = true;
        }
        if let Some(profits) = self.builder.profit.as_mut() {
            profits.push(profit_money);
        }
        if let Some(channels) = self.builder.channel.as_mut() {
            channels.push(p.channel.unwrap_or(NO_CHANNEL));
        }
        self.day_tally.add(day, p.line, p.rows, !net.is_sign_negative());
        self.builder.push_order(customer, day, key, net_money);
        self.seq += 1;
    }
}

/// The day order of `a/b/yyyy` dates: the caller's, else the data's, else month first, which
/// is then only assumed when the file has such dates (`true`: the user should confirm it).
pub(crate) fn day_order_of(s: &Sniffed, options: &ImportOptions) -> (DayOrder, bool) {
    match (options.day_order, s.day_order) {
        (Some(o), _) | (None, Some(o)) => (o, false),
        (None, None) => (DayOrder::MonthFirst, s.day_order_matters),
    }
}

/// `合計`, `総計`, `Total`, …: the first cell of a spreadsheet's totals line.
fn is_totals_word(cell: &str) -> bool {
    let t: String = cell.trim().to_lowercase().chars().filter(|c| !c.is_whitespace()).collect();
    matches!(
        t.as_str(),
        "合計" | "総計" | "総合計" | "小計" | "計" | "total" | "totals" | "grandtotal" | "sum"
    )
}

#[cfg(test)]
#[path = "orders_tests.rs"]
mod tests;
