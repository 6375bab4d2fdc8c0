//! デシル分析: customers ranked by revenue to the analysis date, highest first, cut into ten
//! groups of equal count. When the count does not divide by ten, the first (highest) deciles get
//! one customer more each: with 23 customers the groups hold 3, 3, 3, 2, 2, 2, 2, 2, 2, 2. Equal
//! revenues across a boundary fill the higher decile first (which of those customers goes where
//! changes no figure). With fewer than ten customers the last deciles are empty.

use super::facts::{Amount, CustomerFacts, Fixed};
use super::money_share;
use crate::money::ratio;
use rust_decimal::Decimal;
use serde::Serialize;

/// One decile.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Decile {
    /// 1 = the highest-revenue tenth.
    pub decile: u8,
    /// Customers in it.
    pub customers: u64,
    /// Their revenue.
    pub revenue: Decimal,
    /// revenue ÷ all revenue.
    pub revenue_share: f64,
    /// Revenue of deciles 1 to this one.
    pub cumulative_revenue: Decimal,
    /// cumulative revenue ÷ all revenue.
    pub cumulative_share: f64,
    /// revenue ÷ customers.
    pub revenue_per_customer: Decimal,
    /// The lowest customer revenue in it (0 when empty).
    pub min_revenue: Decimal,
    /// The highest customer revenue in it (0 when empty).
    pub max_revenue: Decimal,
}

/// The デシル table.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Deciles {
    /// All revenue.
    pub total_revenue: Decimal,
    /// Ten rows, decile 1 first.
    pub deciles: Vec<Decile>,
}

/// Group sizes: ⌊n ÷ 10⌋ each, one more for the first `n mod 10` deciles.
fn sizes(n: usize) -> [usize; 10] {
    std::array::from_fn(|k| n / 10 + usize::from(k < n % 10))
}

/// `values` reordered so that each decile's values are contiguous, decile 1 first: each
/// boundary selected from the top (O(n) each) instead of a sort. The values alone, not the rows:
/// the figures of a group (count, sum, lowest, highest) do not depend on which of two equal
/// revenues falls on which side of a boundary, and a selection over the values reads them in
/// order afterwards (gathering each group's rows read the revenue column at random: 3.3 M
/// customers). Ascending, as the status rule's top fifth selects (one compiled selection).
fn grouped(values: &[Amount]) -> Vec<Amount> {
    let mut order = values.to_vec();
    let mut end = order.len();
    for size in sizes(values.len()) {
        let rest = &mut order[..end];
        if size > 0 && size < rest.len() {
            rest.select_nth_unstable(rest.len() - size);
        }
        end -= size;
    }
    order.reverse();
    order
}

/// The デシル table of the base.
pub(crate) fn deciles(b: &CustomerFacts) -> Deciles {
    let order = grouped(&b.revenue);
    let total: Fixed = b.revenue.iter().map(|&v| Fixed::from(v)).sum();
    let total_d = b.money(total);
    let mut start = 0;
    let mut cumulative: Fixed = 0;
    let deciles = sizes(order.len())
        .iter()
        .enumerate()
        .map(|(k, &size)| {
            let group = order[start..start + size].iter().map(|&v| Fixed::from(v));
            start += size;
            let (mut revenue, mut min, mut max) = (0, Fixed::MAX, Fixed::MIN);
            for v in group {
                revenue += v;
                (min, max) = (min.min(v), max.max(v));
            }
            if size == 0 {
                (min, max) = (0, 0);
            }
            cumulative += revenue;
            let (revenue_d, cumulative_d) = (b.money(revenue), b.money(cumulative));
            Decile {
                decile: k as u8 + 1,
                customers: size as u64,
                revenue: revenue_d,
                revenue_share: money_share(revenue_d, total_d),
                cumulative_revenue: cumulative_d,
                cumulative_share: money_share(cumulative_d, total_d),
                revenue_per_customer: ratio(revenue_d, Decimal::from(size as u64)),
                min_revenue: b.money(min),
                max_revenue: b.money(max),
            }
        })
        .collect();
    Deciles { total_revenue: total_d, deciles }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testing::{d, data};

    #[test]
    fn twenty_three_customers_put_the_remainder_in_the_top_deciles() {
        // Customers C01..C23 spend 100, 200, …, 2,300 yen; total 100 × (23 × 24 ÷ 2) = 27,600.
        let mut csv = String::from("customer_id,order_date,amount\n");
        for k in 1..=23 {
            csv.push_str(&format!("C{k:02},2024-01-{:02},{}\n", k, k * 100));
        }
        let ds = data(&csv);
        let b = CustomerFacts::build(&ds, ds.day_range().unwrap().1, None, &[]);
        let t = deciles(&b);
        assert_eq!(t.total_revenue, d("27600"));
        let sizes: Vec<u64> = t.deciles.iter().map(|x| x.customers).collect();
        assert_eq!(sizes, [3, 3, 3, 2, 2, 2, 2, 2, 2, 2]);
        // Decile 1 = 2,300 + 2,200 + 2,100 = 6,600; decile 2 = 2,000 + 1,900 + 1,800 = 5,700;
        // decile 3 = 1,700 + 1,600 + 1,500 = 4,800; decile 4 = 1,400 + 1,300 = 2,700; … decile 10 = 200 + 100.
        let revenue: Vec<Decimal> = t.deciles.iter().map(|x| x.revenue).collect();
        let want: Vec<Decimal> =
            [6600, 5700, 4800, 2700, 2300, 1900, 1500, 1100, 700, 300].map(Decimal::from).to_vec();
        assert_eq!(revenue, want);
        assert_eq!(t.deciles[0].revenue_share, 6600.0 / 27600.0);
        assert_eq!(t.deciles[2].cumulative_revenue, d("17100")); // 6,600 + 5,700 + 4,800
        assert_eq!(t.deciles[2].cumulative_share, 17100.0 / 27600.0);
        assert_eq!(t.deciles[9].cumulative_share, 1.0);
        assert_eq!(t.deciles[0].revenue_per_customer, d("2200"));
        assert_eq!((t.deciles[3].min_revenue, t.deciles[3].max_revenue), (d("1300"), d("1400")));
    }

    #[test]
    fn equal_revenues_at_a_boundary_fill_the_higher_decile_first() {
        // 12 customers, all ¥1,000 but the last (¥5,000): sizes 2, 2, 1, …; decile 1 = ¥5,000 and
        // one ¥1,000, every later decile ¥1,000 each.
        let mut csv = String::from("customer_id,order_date,amount\n");
        for k in 0..12 {
            csv.push_str(&format!(
                "C{k:02},2024-01-{:02},{}\n",
                k + 1,
                if k == 11 { 5000 } else { 1000 }
            ));
        }
        let ds = data(&csv);
        let b = CustomerFacts::build(&ds, ds.day_range().unwrap().1, None, &[]);
        let t = deciles(&b);
        let rows: Vec<(u64, Decimal, Decimal, Decimal)> = t
            .deciles
            .iter()
            .map(|x| (x.customers, x.revenue, x.min_revenue, x.max_revenue))
            .collect();
        assert_eq!(rows[0], (2, d("6000"), d("1000"), d("5000")));
        assert_eq!(rows[1], (2, d("2000"), d("1000"), d("1000")));
        assert_eq!(rows[2], (1, d("1000"), d("1000"), d("1000")));
        assert_eq!(rows[9], (1, d("1000"), d("1000"), d("1000")));
        assert_eq!(t.deciles[1].cumulative_revenue, d("8000"));
    }

    #[test]
    fn fewer_than_ten_customers_leave_the_last_deciles_empty() {
        let ds = data("customer_id,order_date,amount\nA,2024-01-01,500\nB,2024-01-02,300\n");
        let b = CustomerFacts::build(&ds, ds.day_range().unwrap().1, None, &[]);
        let t = deciles(&b);
        let sizes: Vec<u64> = t.deciles.iter().map(|x| x.customers).collect();
        assert_eq!(sizes, [1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!((t.deciles[9].revenue, t.deciles[9].cumulative_share), (Decimal::ZERO, 1.0));
    }
}
