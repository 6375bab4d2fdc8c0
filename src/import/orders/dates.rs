//! The order date of a row: `2024-03-05 14:22:10` and kin read straight from the bytes (a
//! date-sorted file repeats the row before's), else parsed in the file's day order, on the
//! shop's clock (a UTC column, a separate time column).

use super::OrderAssembler;
use crate::date::{day_order_evidence, parse_stamp, parse_time, DateError, Day, DayOrder};
use crate::import::columns::Role;
use crate::import::records::Fields;
use crate::import::sniff::Sniffed;
use crate::import::ImportOptions;

/// The day order of `a/b/yyyy` dates: the caller's, else the data's, else month first, which
/// is then only assumed when the file has such dates (`true`: the user should confirm it).
pub(crate) fn day_order_of(s: &Sniffed, options: &ImportOptions) -> (DayOrder, bool) {
    match (options.day_order, s.day_order) {
        (Some(o), _) | (None, Some(o)) => (o, false),
        (None, None) => (DayOrder::MonthFirst, s.day_order_matters),
    }
}

impl OrderAssembler {
    /// The shop-local day of the date `cell` of row `f` (a separate time column completes a
    /// zoned date written without its time).
    pub(super) fn read_day(
        &mut self,
        f: &Fields<'_>,
        cell: &[u8],
    ) -> std::result::Result<Day, DateError> {
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
}
