//! The assembler's state after one byte range of a file, written as bytes by the range's worker
//! and absorbed, range after range, by the merging one ([`crate::import::split`]). Customers,
//! statuses, channels and products are renumbered into the merged tables in first-seen order, so
//! the merged state is the one a single reader reaches; what needs the whole file (dates far
//! from the rest, refunds of orders left out) waits for [`OrderAssembler::finish`].

use super::super::split::issue_kind;
use super::{OrderAssembler, MAX_CHANNELS};
use crate::dataset::{Cycle, Purchase, MAX_COUPONS, NO_CHANNEL, NO_COUPON, NO_PRODUCT};
use crate::import::status::{StatusRule, StatusSeen};
use crate::money::Money;
use crate::wire::{In, Out};

fn rule_code(r: StatusRule) -> u8 {
    match r {
        StatusRule::Kept => 0,
        StatusRule::Excluded => 1,
        StatusRule::Refunded => 2,
    }
}

fn rule_of(k: u8) -> Option<StatusRule> {
    [StatusRule::Kept, StatusRule::Excluded, StatusRule::Refunded].get(usize::from(k)).copied()
}

fn write_strings(out: &mut Out, s: Option<&crate::intern::Strings>) {
    out.u8(u8::from(s.is_some()));
    if let Some(s) = s {
        out.u64(s.len() as u64);
        for i in 0..s.len() {
            out.bytes(s.get(i as u32));
        }
    }
}

impl OrderAssembler {
    /// Records which orders are keyed by their sequence number (a range of a split file).
    pub(crate) fn track_seq_keys(&mut self) {
        self.seq_keyed = Some(Vec::new());
    }

    /// Writes the state after a range (its last order flushed).
    pub(crate) fn write_partial(&mut self, out: &mut Out) {
        out.u8(u8::from(self.currency.is_some()));
        out.bytes(self.currency.as_deref().unwrap_or("").as_bytes());
        out.u64(self.amounts.0);
        out.u64(self.amounts.1);
        out.u8(u8::from(self.day_order_conflict));
        out.u8(u8::from(self.days.is_some()));
        let (a, b) = self.days.unwrap_or((0, 0));
        out.i64(i64::from(a));
        out.i64(i64::from(b));
        out.u64(self.statuses.seen.len() as u64);
        for (bytes, seen) in self.statuses.bytes.iter().zip(&self.statuses.seen) {
            out.bytes(bytes);
            out.bytes(seen.value.as_bytes());
            out.u8(rule_code(seen.rule));
            out.u64(seen.orders);
        }
        let b = &self.builder;
        out.u64(b.keys.len() as u64);
        for i in 0..b.keys.len() {
            out.bytes(b.keys.get(i as u32));
        }
        write_strings(out, b.emails.as_ref());
        for c in &b.contacts {
            write_strings(out, c.as_ref());
        }
        out.u64(b.channels.len() as u64);
        for c in &b.channels {
            out.bytes(c.as_bytes());
        }
        out.u64(self.seq_keyed.as_ref().map_or(0, Vec::len) as u64);
        for i in self.seq_keyed.iter().flatten() {
            out.u32(*i);
        }
        out.u64(b.orders.len() as u64);
        for o in &b.orders {
            out.i64(i64::from(o.day));
            out.u32(o.orders);
            out.i64(o.revenue.units());
            out.u32(o.customer);
        }
        out.u8(u8::from(b.channel.is_some()));
        for c in b.channel.iter().flatten() {
            out.u32(u32::from(*c));
        }
        out.u8(u8::from(b.profit.is_some()));
        for p in b.profit.iter().flatten() {
            out.i64(p.units());
        }
        out.u8(u8::from(b.products.is_some()));
        if let Some(p) = &b.products {
            out.u64(p.names.len() as u64);
            for n in &p.names {
                out.bytes(n.as_bytes());
            }
            for i in 0..p.len() {
                let ids = p.of(i);
                out.u64(ids.len() as u64);
                for id in ids {
                    out.u32(*id);
                }
                let (id, price) = p.top.get(i).copied().unwrap_or((NO_PRODUCT, Money::ZERO));
                out.u32(id);
                out.i64(price.units());
            }
        }
        out.u8(u8::from(b.subscription.is_some()));
        for c in b.subscription.iter().flatten() {
            out.u32(u32::from(c.to_bits()));
        }
        out.u64(self.seen_in_file.len() as u64);
        for s in &self.seen_in_file {
            out.u8(u8::from(*s));
        }
        out.u64(self.refunds.len() as u64);
        for (i, k, rows) in &self.refunds {
            out.u64(*i as u64);
            out.u64(*k);
            out.u64(*rows);
        }
        out.u64(self.excluded.len() as u64);
        for (k, kind) in &self.excluded {
            out.u64(*k);
            out.u8(*kind as u8);
        }
        let days = self.day_tally.days();
        out.u64(days.len() as u64);
        for (d, c) in days {
            out.i64(i64::from(d));
            for n in c {
                out.u64(n);
            }
        }
        out.u64(u64::from(self.seq));
        // Coupons: the codes, then each order's id in the merged table's terms.
        out.u8(u8::from(b.coupon.is_some()));
        if let Some(c) = &b.coupon {
            out.u64(c.names.len() as u64);
            for n in &c.names {
                out.bytes(n.as_bytes());
            }
            out.u64(c.len() as u64);
            for i in 0..c.len() {
                out.u32(u32::from(c.of(i)));
            }
        }
        out.u64(self.owners.len() as u64);
        for (key, (customer, line)) in &self.owners {
            out.u64(*key);
            out.u32(*customer);
            out.u64(u64::from(*line));
        }
        out.u64(self.shared.len() as u64);
        for key in &self.shared {
            out.u64(*key);
        }
    }

    /// Joins the state written by [`OrderAssembler::write_partial`] of the next range, its
    /// lines moved by `shift`. `None`: damaged, or not mergeable exactly (the caller reads the
    /// file with one worker).
    pub(crate) fn absorb(&mut self, inp: &mut In<'_>, shift: i64) -> Option<()> {
        let line = |l: u64| l.saturating_add_signed(shift);
        let has_currency = inp.u8()? == 1;
        let currency = inp.string()?;
        if has_currency {
            match &self.currency {
                Some(main) if *main != currency => return None,
                Some(_) => {}
                None => self.currency = Some(currency),
            }
        }
        self.amounts.0 += inp.u64()?;
        self.amounts.1 += inp.u64()?;
        self.day_order_conflict |= inp.u8()? == 1;
        let has_days = inp.u8()? == 1;
        let (a, b) = (i32::try_from(inp.i64()?).ok()?, i32::try_from(inp.i64()?).ok()?);
        if has_days {
            self.days = Some(self.days.map_or((a, b), |(x, y)| (x.min(a), y.max(b))));
        }
        for _ in 0..inp.len()? {
            let bytes = inp.bytes()?;
            let value = inp.string()?;
            let rule = rule_of(inp.u8()?)?;
            let orders = inp.u64()?;
            if bytes.is_empty() {
                return None; // the table overflowed: its shared entries are not mergeable
            }
            let i = match self.statuses.find(bytes) {
                Some(i) => i,
                None if self.statuses.seen.len() + 1 >= super::super::status::MAX_STATUSES => {
                    return None
                }
                None => self.statuses.add(bytes, rule, value),
            };
            let seen: &mut StatusSeen = self.statuses.seen.get_mut(i as usize)?;
            seen.orders += orders;
        }
        // Customers: renumbered in first-seen order; a new one's details come with it.
        let n = inp.len()?;
        let mut cmap = Vec::with_capacity(n);
        let mut new = Vec::with_capacity(n);
        for _ in 0..n {
            let (c, is_new) = self.builder.keys.intern_new(inp.bytes()?);
            cmap.push(c);
            new.push(is_new);
        }
        for slot in 0..5 {
            let has = inp.u8()? == 1;
            let target = if slot == 0 {
                &mut self.builder.emails
            } else {
                &mut self.builder.contacts[slot - 1]
            };
            if has != target.is_some() {
                return None;
            }
            if has {
                if inp.len()? != n {
                    return None;
                }
                for is_new in &new {
                    let s = inp.bytes()?;
                    if *is_new {
                        target.as_mut()?.push(s);
                    }
                }
            }
        }
        let mut chmap = Vec::new();
        for _ in 0..inp.len()? {
            let name = inp.string()?;
            let i = match self.builder.channels.iter().position(|c| *c == name) {
                Some(i) => i,
                None => {
                    self.builder.channels.push(name);
                    self.builder.channels.len() - 1
                }
            };
            if self.builder.channels.len() >= MAX_CHANNELS {
                return None; // the cap would have grouped channels differently
            }
            chmap.push(u16::try_from(i).ok()?);
        }
        let offset = self.builder.len();
        let mut seq_keyed = Vec::new();
        for _ in 0..inp.len()? {
            seq_keyed.push(inp.u32()?);
        }
        let n_orders = inp.len()?;
        let mut next_seq = seq_keyed.iter().peekable();
        self.builder.orders.reserve(n_orders);
        for i in 0..n_orders {
            let day = i32::try_from(inp.i64()?).ok()?;
            let mut key = inp.u32()?;
            let revenue = Money::from_units(inp.i64()?);
            let customer = *cmap.get(inp.u32()? as usize)?;
            if next_seq.peek().is_some_and(|s| **s as usize == i) {
                next_seq.next();
                let global = (offset + i) as u64 | (1 << 63);
                key = Purchase::order(customer, day, global, revenue).orders;
            }
            self.builder.orders.push(Purchase { day, orders: key, revenue, customer });
        }
        if (inp.u8()? == 1) != self.builder.channel.is_some() {
            return None;
        }
        if let Some(channels) = self.builder.channel.as_mut() {
            for _ in 0..n_orders {
                let c = inp.u32()?;
                let c =
                    if c == u32::from(NO_CHANNEL) { NO_CHANNEL } else { *chmap.get(c as usize)? };
                channels.push(c);
            }
        }
        if (inp.u8()? == 1) != self.builder.profit.is_some() {
            return None;
        }
        if let Some(profits) = self.builder.profit.as_mut() {
            for _ in 0..n_orders {
                profits.push(Money::from_units(inp.i64()?));
            }
        }
        if (inp.u8()? == 1) != self.builder.products.is_some() {
            return None;
        }
        if let Some(products) = self.builder.products.as_mut() {
            let mut pmap = Vec::new();
            for _ in 0..inp.len()? {
                pmap.push(products.intern(&inp.string()?)?);
            }
            let mut ids = Vec::new();
            for _ in 0..n_orders {
                ids.clear();
                for _ in 0..inp.len()? {
                    ids.push(*pmap.get(inp.u32()? as usize)?);
                }
                let top = inp.u32()?;
                let price = Money::from_units(inp.i64()?);
                let top =
                    if top == NO_PRODUCT { None } else { Some((*pmap.get(top as usize)?, price)) };
                products.push_order(&ids, top);
            }
        }
        if (inp.u8()? == 1) != self.builder.subscription.is_some() {
            return None;
        }
        if let Some(cycles) = self.builder.subscription.as_mut() {
            for _ in 0..n_orders {
                cycles.push(Cycle::from_bits(u16::try_from(inp.u32()?).ok()?));
            }
        }
        let n_seen = inp.len()?;
        if n_seen > cmap.len() {
            return None;
        }
        for c in cmap.iter().take(n_seen) {
            if inp.u8()? == 1 {
                let c = *c as usize;
                if self.seen_in_file.len() <= c {
                    self.seen_in_file.resize(c + 1, false);
                }
                self.seen_in_file[c] = true;
            }
        }
        for _ in 0..inp.len()? {
            let i = usize::try_from(inp.u64()?).ok()? + offset;
            self.refunds.push((i, inp.u64()?, inp.u64()?));
        }
        for _ in 0..inp.len()? {
            let key = inp.u64()?;
            self.excluded.insert(key, issue_kind(inp.u8()?)?);
        }
        for _ in 0..inp.len()? {
            let day = i32::try_from(inp.i64()?).ok()?;
            let c = [inp.u64()?, inp.u64()?, inp.u64()?, line(inp.u64()?)];
            self.day_tally.absorb(day, c);
        }
        self.seq = self.seq.checked_add(u32::try_from(inp.u64()?).ok()?)?;
        if (inp.u8()? == 1) != self.builder.coupon.is_some() {
            return None;
        }
        if let Some(coupons) = self.builder.coupon.as_mut() {
            let mut map = Vec::new();
            for _ in 0..inp.len()? {
                map.push(coupons.intern(&inp.string()?)?);
            }
            if coupons.names.len() >= MAX_COUPONS || inp.len()? != n_orders {
                return None; // the cap would have grouped codes differently
            }
            for _ in 0..n_orders {
                let c = inp.u32()?;
                let c = if c == u32::from(NO_COUPON) { NO_COUPON } else { *map.get(c as usize)? };
                coupons.push(c);
            }
        }
        // Order numbers: this range decided alone who owns each. An owner of an earlier range
        // (another customer, or the same one on an earlier line named in a report) would have
        // decided otherwise: the file is then read by one worker.
        let mut owners = Vec::new();
        for _ in 0..inp.len()? {
            let key = inp.u64()?;
            let customer = *cmap.get(inp.u32()? as usize)?;
            let first = u32::try_from(line(inp.u64()?)).unwrap_or(u32::MAX);
            match self.owners.get(&key) {
                Some((owner, _)) if *owner != customer => return None,
                Some(_) => {}
                None => owners.push((key, (customer, first))),
            }
        }
        for _ in 0..inp.len()? {
            if self.owners.contains_key(&inp.u64()?) {
                return None;
            }
        }
        self.owners.extend(owners);
        Some(())
    }
}
