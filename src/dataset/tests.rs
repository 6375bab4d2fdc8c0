use super::*;
use rust_decimal::Decimal;

fn order(customer: u32, day: Day, key: u64, amount: i64) -> RawOrder {
    RawOrder {
        customer,
        day,
        key,
        amount: Decimal::from(amount),
        seq: key as u32 * 10 + day as u32,
    }
}

#[test]
fn a_permutation_applied_in_place_gives_what_gather_gives() {
    let v: Vec<u32> = (100..164).collect();
    // The identity, a reversal, one long cycle, and a scramble with fixed points and 2-cycles.
    let n = v.len();
    let mut scramble: Vec<usize> = (0..n).map(|i| (i * 37 + 11) % n).collect();
    scramble.swap(3, 9);
    scramble.swap(0, n - 1);
    for perm in
        [(0..n).collect(), (0..n).rev().collect(), (1..=n).map(|i| i % n).collect(), scramble]
    {
        let mut w = v.clone();
        permute_in_place(&mut w, &perm);
        assert_eq!(w, gather(&v, &perm), "{perm:?}");
    }
}

#[test]
fn same_day_orders_merge_and_refunds_are_not_purchases() {
    let mut parts = DatasetBuilder::default();
    parts.keys.intern(b"A");
    parts.keys.intern(b"B");
    let orders = vec![
        order(0, 10, 1, 100),
        order(1, 11, 2, 50),
        order(0, 10, 3, 20), // same day as order 1: one purchase day, two orders
        order(0, 15, 4, 70),
        order(0, 20, 4, -30), // refund of order 4 on a later day
        order(0, 10, 1, 100), // order 1 again further down the file: merged, not counted
    ];
    let ds = parts.build_from_raw(orders, TextEncoding::Utf8);
    assert_eq!(ds.customers(), 2);
    let days: Vec<(Day, u32, String)> = ds
        .purchases_of(0)
        .iter()
        .map(|p| (p.day, p.orders, p.revenue.to_decimal().to_string()))
        .collect();
    assert_eq!(days, [(10, 2, "120".into()), (15, 1, "70".into()), (20, 0, "-30".into())]);
    assert_eq!(ds.purchases_of(1).len(), 1);
    assert_eq!(ds.merged_repeats, 1);
    assert_eq!(ds.day_range(), Some((10, 15)));
    assert_eq!(ds.key(1), "B");
}

#[test]
fn a_purchase_takes_twenty_bytes() {
    // Five million of them are collected while a 500 MB file is read in the browser.
    assert_eq!(std::mem::size_of::<Purchase>(), 20);
}

#[test]
fn customers_without_any_order_are_left_out() {
    let mut parts = DatasetBuilder::default();
    for key in [b"A", b"B", b"C", b"D"] {
        parts.keys.intern(key);
    }
    // B's orders were all cancelled (never reach the dataset); D has only a refund.
    let orders = vec![order(0, 10, 1, 100), order(2, 11, 2, 50), order(3, 12, 3, -20)];
    let ds = parts.build_from_raw(orders, TextEncoding::Utf8);
    assert_eq!(ds.customers(), 2);
    assert_eq!((ds.key(0), ds.key(1)), ("A".into(), "C".into()));
    assert_eq!(ds.purchases_of(1)[0].revenue.to_decimal().to_string(), "50");
    assert_eq!(ds.refund_only_customers, 1);
}
