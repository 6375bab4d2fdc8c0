//! A 定期 (subscription) cell: whether its order is a 定期 cycle and, when the column counts
//! them, which one. The result is the dataset's per-order code ([`crate::dataset::Cycle`]).

use super::super::columns::SubscriptionKind;
use crate::dataset::Cycle;

/// The cycle code of a subscription cell (already decoded): see [`SubscriptionKind`] for what
/// each kind of column says. A number is read with full-width digits and the words around it
/// (`3`, `３`, `3回目`, `第3回`); a cell of any kind that says 定期 (subscription, 頒布会) marks
/// a 定期 order without a number.
pub(super) fn cycle_of(kind: SubscriptionKind, cell: &str) -> Cycle {
    let t = cell.trim();
    if t.is_empty() {
        return Cycle::NONE;
    }
    let digits: String = t
        .chars()
        .filter_map(|c| match c {
            '0'..='9' => Some(c),
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
            _ => None,
        })
        .collect();
    let says_teiki = || {
        let lower = t.to_lowercase();
        ["定期", "subscription", "頒布会", "recurring"].iter().any(|w| lower.contains(w))
    };
    match kind {
        SubscriptionKind::Cycle => match digits.parse::<u64>() {
            Ok(0) => Cycle::NONE,
            Ok(n) => Cycle::numbered(n),
            Err(_) if says_teiki() => Cycle::UNNUMBERED,
            Err(_) => Cycle::NONE,
        },
        SubscriptionKind::Id => match t {
            "0" | "-" | "なし" | "無し" | "null" | "NULL" => Cycle::NONE,
            _ => Cycle::UNNUMBERED,
        },
        SubscriptionKind::OrderKind => {
            if says_teiki() {
                Cycle::UNNUMBERED
            } else if t.chars().all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c)) {
                // A chosen column of plain numbers: cycle numbers.
                match digits.parse::<u64>() {
                    Ok(0) | Err(_) => Cycle::NONE,
                    Ok(n) => Cycle::numbered(n),
                }
            } else {
                Cycle::NONE
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cycle_column_gives_the_number_and_zero_or_blank_is_no_cycle() {
        let k = SubscriptionKind::Cycle;
        assert_eq!(cycle_of(k, "3"), Cycle::numbered(3));
        assert_eq!(cycle_of(k, "３回目"), Cycle::numbered(3));
        assert_eq!(cycle_of(k, "第12回"), Cycle::numbered(12));
        assert_eq!(cycle_of(k, "0"), Cycle::NONE);
        assert_eq!(cycle_of(k, " "), Cycle::NONE);
        assert_eq!(cycle_of(k, "定期"), Cycle::UNNUMBERED);
        assert_eq!(cycle_of(k, "通常"), Cycle::NONE);
    }

    #[test]
    fn an_order_kind_column_marks_the_orders_that_say_teiki() {
        let k = SubscriptionKind::OrderKind;
        assert_eq!(cycle_of(k, "定期受注"), Cycle::UNNUMBERED);
        assert_eq!(cycle_of(k, "Subscription"), Cycle::UNNUMBERED);
        assert_eq!(cycle_of(k, "通常"), Cycle::NONE);
        assert_eq!(cycle_of(k, "単品"), Cycle::NONE);
        assert_eq!(cycle_of(SubscriptionKind::Id, "T-0001"), Cycle::UNNUMBERED);
        assert_eq!(cycle_of(SubscriptionKind::Id, "0"), Cycle::NONE);
    }

    #[test]
    fn a_cart_export_marks_its_teiki_cycles_and_the_import_check_counts_them() {
        use crate::import::{import_bytes, ImportOptions};
        // C1: cycles 1 and 2 (the 2nd on two rows of one order), a skipped 3rd; C2: a normal
        // order, then 定期 cycle 1 and a cancelled cycle 2; C3: normal only.
        let csv =
            "\u{FEFF}受注番号,顧客番号,受注日時,受注区分,定期回数,商品名,合計金額,対応状況\r\n\
                   1,C1,2024/01/05 10:00,定期,1,美容液,3000,発送済\r\n\
                   2,C1,2024/02/05 10:00,定期,2,美容液,3000,発送済\r\n\
                   2,C1,2024/02/05 10:00,定期,2,おまけ,0,発送済\r\n\
                   3,C1,2024/03/05 10:00,定期,3,美容液,3000,スキップ\r\n\
                   4,C2,2024/01/10 10:00,通常,,石けん,1500,発送済\r\n\
                   5,C2,2024/01/20 10:00,定期,1,美容液,3000,発送済\r\n\
                   6,C2,2024/02/20 10:00,定期,2,美容液,3000,キャンセル\r\n\
                   7,C3,2024/01/15 10:00,通常,0,石けん,1500,発送済\r\n";
        let import = import_bytes(csv.as_bytes(), &ImportOptions::default()).unwrap();
        let r = &import.report;
        assert_eq!(r.mapping.get("subscription").map(String::as_str), Some("定期回数"));
        let found = r.subscription.as_ref().unwrap();
        // Cycles: C1 1, 2 and C2 1 (skipped and cancelled ones are no orders).
        assert_eq!(
            (found.kind, found.customers, found.cycles, found.numbered_cycles),
            (SubscriptionKind::Cycle, 2, 3, 3)
        );
        let ds = &import.dataset;
        let cycles: Vec<Vec<Option<u16>>> = (0..ds.customers())
            .map(|c| ds.cycles_of(c).unwrap().iter().map(|x| x.number()).collect())
            .collect();
        assert_eq!(cycles, vec![vec![Some(1), Some(2)], vec![None, Some(1)], vec![None]]);
    }
}
