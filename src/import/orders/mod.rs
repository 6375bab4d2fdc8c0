//! Orders from rows: the rows sharing an order number are the line items of one order (blank
//! cells on continuation rows are "not given", never zero); when the order is complete it is
//! checked (cancelled? date? amount? customer?) and kept for the [`crate::dataset::Dataset`] or reported with its
//! line number. Cancelled, voided and fully refunded orders are left out by the rule of their
//! status ([`super::status`]). A negative order is a refund: it lowers its order (same order
//! number) on that order's day, or stands on its own day when its order is not in the file.
//!
//! The pieces of a row, each in a file of its own: its money ([`amounts`]: order total, line
//! total or unit price, adjustments, refund), its date ([`dates`]), its customer and contact
//! details ([`customers`]); once the file is read, the orders dated far from the rest are left
//! out ([`suspicious_dates`]).

use super::columns::{Adjustment, AmountKind, Role, SubscriptionKind, ROLES};
use super::records::Fields;
use super::report::{Counts, IssueKind};
use super::sniff::Sniffed;
use super::status::{classify_status, StatusRule, StatusSeen, StatusTable};
use super::ImportOptions;
use crate::dataset::{Cycle, DatasetBuilder, OrderCoupons, OrderProducts, NO_CHANNEL, NO_COUPON};
use crate::date::{Day, DayOrder};
use crate::encoding::TextEncoding;
use crate::intern::{fingerprint, FingerprintMap, FingerprintSet, Strings};
use crate::money::Money;
use customers::CONTACT_ROLES;
pub(super) use dates::day_order_of;
use rust_decimal::Decimal;
use suspicious_dates::DayTally;

mod amounts;
mod customers;
mod dates;
mod partial;
mod subscription;
mod suspicious_dates;

/// Distinct channels kept by name; the rest are counted under the last one.
const MAX_CHANNELS: usize = 1000;

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
    /// The coupon code's id (the first row that names one).
    coupon: Option<u16>,
    /// 定期 or not, and the cycle number (from the subscription column).
    cycle: Cycle,
    /// Product ids of the order's lines (repeats removed when stored).
    products: Vec<u32>,
    /// The highest-priced line: its price and product (lines with a price of their own only).
    top: Option<(Decimal, u32)>,
    other_currency: Option<String>,
    /// A bad cell was already reported (with this reason): the order is dropped.
    broken: Option<IssueKind>,
    /// The customer cell (number, else e-mail) of the order's first row, as written: a row of
    /// another customer never continues the order.
    customer_cell: Vec<u8>,
}

/// Assembles orders from data rows and keeps the good ones for the [`crate::dataset::Dataset`].
#[derive(Debug)]
pub(crate) struct OrderAssembler {
    encoding: TextEncoding,
    /// The column of each role (by [`Role::index`]).
    col: [Option<usize>; ROLES],
    amount_kind: AmountKind,
    subscription_kind: SubscriptionKind,
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
    earlier_orders: FingerprintSet,
    /// Order numbers (salted by group) of this file's orders, for the files after it: kept
    /// only when reading one of several files (5 M orders: 64 MiB a single file does not need).
    file_orders: Option<Vec<u64>>,
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
    excluded: FingerprintMap<IssueKind>,
    /// The orders' days, for the check of dates far from the rest.
    day_tally: DayTally,
    /// Index of this file's first order in the builder.
    first_order: usize,
    /// Keep orders dated far from the rest (the caller's choice) instead of leaving them out.
    keep_far_dates: bool,
    /// A range of a file read by several workers: the orders (by index) whose key is their
    /// sequence number (no order number), renumbered when the ranges are merged.
    seq_keyed: Option<Vec<u32>>,
    /// Each order number's owner (salted by group): the customer of its first order that names
    /// one, and that order's line. A later order with that number and another customer is
    /// reported ([`IssueKind::SharedOrderNumber`]), never kept as a second order. The line is
    /// only named in that report: 32 bits (saturating) make the map 16 bytes an order, not 24.
    owners: FingerprintMap<(u32, u32)>,
    /// A range of a split file: the order numbers this range reported as shared, at their row or
    /// their order (decided without the owners of earlier ranges: the merge reads the file with
    /// one worker when an earlier range also has them).
    shared: Vec<u64>,
}

/// What several files share while they are read one after the other.
#[derive(Debug, Default)]
pub(crate) struct Carry {
    /// The orders, customers and side columns so far.
    pub builder: DatasetBuilder,
    /// Order numbers (salted by group) of the files read so far.
    pub orders: FingerprintSet,
    /// This file's group: files with the same header are one platform, whose customer and
    /// order numbers are one namespace.
    pub group: u8,
}

/// What the assembler leaves for the report besides the dataset.
#[derive(Debug)]
pub(crate) struct Assembled {
    /// The orders, customers and side columns (build them into a [`crate::dataset::Dataset`]).
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
        if s.map.get(Role::Coupon).is_some() {
            builder.coupon.get_or_insert_with(|| OrderCoupons::blank(orders));
        }
        if s.map.get(Role::Subscription).is_some() {
            builder.subscription.get_or_insert_with(|| vec![Cycle::NONE; orders]);
        }
        if s.map.get(Role::Product).is_some() {
            builder.products.get_or_insert_with(|| OrderProducts::blank(orders));
        }
        if s.map.get(Role::Profit).is_some() || s.map.get(Role::Cost).is_some() {
            builder.profit.get_or_insert_with(|| vec![Money::ZERO; orders]);
        }
        let (day_order, day_order_assumed) = day_order_of(s, options);
        OrderAssembler {
            encoding: s.encoding,
            col,
            amount_kind: s.map.amount_kind.unwrap_or(AmountKind::OrderTotal),
            subscription_kind: s.map.subscription_kind.unwrap_or(SubscriptionKind::OrderKind),
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
            file_orders: several.then(Vec::new),
            days: None,
            adjustments: s.map.adjustments.clone(),
            amounts: (0, 0),
            refunds: Vec::new(),
            excluded: FingerprintMap::default(),
            day_tally: DayTally::default(),
            first_order: orders,
            keep_far_dates: options.keep_suspicious_dates,
            seq_keyed: None,
            owners: FingerprintMap::default(),
            shared: Vec::new(),
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
            file_orders: self.file_orders.unwrap_or_default(),
            builder: self.builder,
            statuses: self.statuses.seen,
            currency: self.currency,
            // A yen shop writes whole yen (`1200` or `1200.00`); a fifth of amounts with cents
            // means dollars, euros, … (decided only when the file does not say).
            amounts_have_cents: amounts > 0 && with_cents * 5 >= amounts,
            day_order_conflict: self.day_order_conflict,
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
    /// Makes room for about `n` more orders: the dataset's columns, and the order numbers'
    /// owners when the file has them (one table of the final size, not a rehash per doubling).
    pub(crate) fn reserve(&mut self, n: usize) {
        self.builder.reserve(n);
        if self.col[idx(Role::OrderId)].is_some() {
            self.owners.reserve(n);
        }
    }

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
                let other_customer = !customer.is_empty() && customer != p.customer_cell.as_slice();
                // The order above took the number of an earlier order of another customer (it
                // is reported when flushed): this row is not its line, and may be the owner's.
                let above_is_stray = self.order_number().zip(p.customer).is_some_and(|(k, c)| {
                    self.owners.get(&k).is_some_and(|(owner, _)| *owner != c)
                });
                if other_customer && !above_is_stray {
                    // One order number, two customers: neither row is trusted to be the other's.
                    let value = format!("{} ({}, {line})", self.text(id), p.line);
                    if let Some(key) = self.order_number().filter(|_| self.seq_keyed.is_some()) {
                        self.shared.push(key); // decided without the owners of earlier ranges
                    }
                    self.flush(counts);
                    return counts.issue(line, IssueKind::SharedOrderNumber, &value, 1);
                }
                let (day, amount) = (p.day, p.amount);
                if !other_customer && !self.is_another_part_of(f, day, amount) {
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

    /// Reports the pending order's bad cell (`kind`: what is wrong with it) on its line; the
    /// order is then dropped, its rows counted under `kind` when it is flushed.
    fn break_at(&self, p: &mut Pending, cell: &[u8], kind: IssueKind, line: u64, c: &mut Counts) {
        c.issue(line, kind, &self.text(cell), 0);
        p.broken = Some(kind);
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
                    Err(_) => self.break_at(&mut p, cell, IssueKind::BadDate, line, counts),
                }
            }
        }
        let line_price =
            if p.broken.is_none() { self.read_money(f, line, &mut p, counts) } else { None };
        if let Some(cell) = self.cell(f, Role::Product) {
            let name = self.text(cell);
            if let Some(id) = self.builder.products.as_mut().and_then(|pr| pr.intern(&name)) {
                if !p.products.contains(&id) {
                    p.products.push(id);
                }
                if let Some(price) = line_price {
                    if p.top.is_none_or(|(best, _)| price > best) {
                        p.top = Some((price, id));
                    }
                }
            }
        }
        if p.status.is_none() {
            if let Some(cell) = self.cell(f, Role::Status) {
                p.status = Some(self.status_index(cell));
            }
        }
        if self.cell(f, Role::CancelledAt).is_some() {
            p.cancelled_at = true;
        }
        if self.builder.subscription.is_some() {
            if let Some(cell) = self.cell(f, Role::Subscription) {
                let cycle = subscription::cycle_of(self.subscription_kind, &self.text(cell));
                p.cycle = p.cycle.combine(cycle);
            }
        }
        if p.channel.is_none() {
            if let Some(cell) = self.cell(f, Role::Channel) {
                p.channel = Some(self.channel_index(cell));
            }
        }
        if p.coupon.is_none() {
            if let Some(cell) = self.cell(f, Role::Coupon) {
                let code = self.encoding.decode_cell(cell);
                p.coupon = self.builder.coupon.as_mut().and_then(|c| c.intern(&code));
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
        // The order number's key, hashed once here (the rest of this function reads it).
        let order_key = self.order_number();
        if order_key.is_some_and(|k| self.earlier_orders.contains(&k)) {
            let id = self.text(&self.pending_id).into_owned();
            return counts.issue(p.line, IssueKind::DuplicateOrder, &id, p.rows);
        }
        let Some(customer) = p.customer else {
            return counts.issue(p.line, IssueKind::MissingCustomer, "", p.rows);
        };
        if let Some(key) = order_key {
            // An order continues only with its own lines: the number of another customer's
            // order (not adjacent: the rows in between were other orders) is reported.
            let line = u32::try_from(p.line).unwrap_or(u32::MAX);
            let (owner, first) = *self.owners.entry(key).or_insert((customer, line));
            if owner != customer {
                let value = format!("{} ({first}, {})", self.text(&self.pending_id), p.line);
                if self.seq_keyed.is_some() {
                    self.shared.push(key);
                }
                return counts.issue(p.line, IssueKind::SharedOrderNumber, &value, p.rows);
            }
        }
        let Some(day) = p.day else {
            return counts.issue(p.line, IssueKind::MissingDate, "", p.rows);
        };
        let Some(amount) = p.amount else {
            return counts.issue(p.line, IssueKind::MissingAmount, "", p.rows);
        };
        let net = match p.refund.map(|r| r.abs()) {
            None => amount,
            Some(refund) => {
                let Some(net) = amount.checked_sub(refund) else {
                    let value = format!("{amount} − {refund}");
                    return counts.issue(p.line, IssueKind::BadAmount, &value, p.rows);
                };
                if amount > Decimal::ZERO && net <= Decimal::ZERO {
                    let value = format!("{amount} − {refund}");
                    self.exclude(IssueKind::Refunded);
                    return counts.issue(p.line, IssueKind::Refunded, &value, p.rows);
                }
                net
            }
        };
        let profit = self.builder.profit.is_some().then(|| match (p.profit, p.cost) {
            (Some(pr), _) => Some(pr),
            (None, Some(cost)) => net.checked_sub(cost),
            (None, None) => Some(Decimal::ZERO),
        });
        // Stored as exact 8-byte Money: more than 4 decimals or ±922 trillion is not an amount.
        let money = Money::from_decimal(net)
            .zip(profit.map_or(Some(Money::ZERO), |pr| pr.and_then(Money::from_decimal)));
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
        let key = match order_key {
            Some(key) => {
                if net.is_sign_negative() {
                    self.refunds.push((self.builder.len(), key, p.rows));
                } else if let Some(v) = self.file_orders.as_mut() {
                    v.push(key);
                }
                key
            }
            None => {
                if let Some(v) = self.seq_keyed.as_mut() {
                    v.push(self.builder.len() as u32);
                }
                u64::from(self.seq) | (1 << 63)
            }
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
        if let Some(cycles) = self.builder.subscription.as_mut() {
            cycles.push(p.cycle);
        }
        if let Some(coupons) = self.builder.coupon.as_mut() {
            coupons.push(p.coupon.unwrap_or(NO_COUPON));
        }
        if let Some(products) = self.builder.products.as_mut() {
            let top = p.top.and_then(|(price, id)| Money::from_decimal(price).map(|m| (id, m)));
            products.push_order(&p.products, top);
        }
        self.day_tally.add(day, p.line, p.rows, !net.is_sign_negative());
        self.builder.push_order(customer, day, key, net_money);
        self.seq += 1;
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
mod tests;

#[cfg(test)]
mod products_tests;
