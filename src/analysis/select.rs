//! Selections instead of sorts: a page of a table, the k-th smallest value, the two middle
//! values. The u32 selections share one compiled copy of the standard library's selection (each
//! type it is compiled for weighs ~3 KB in the page).

/// One page of `rows` in `cmp` order (`offset .. offset + limit`; limit 0 means 50, at most
/// 1000) and how many rows there are. One pass keeps the best rows up to the page's end: a
/// buffer of twice as many, cut back (`select_nth_unstable_by`) when full, and a row no better
/// than the worst one kept is passed over. The first page of 3.3 M customers compares most
/// rows once and lists none of them (a list of every row, partitioned, took 0.18 s in the page).
pub(crate) fn page_of(
    rows: impl Iterator<Item = u32>,
    offset: usize,
    limit: usize,
    cmp: &dyn Fn(&u32, &u32) -> std::cmp::Ordering,
) -> (Vec<u32>, usize) {
    let limit = if limit == 0 { 50 } else { limit.min(1000) };
    let end = offset.saturating_add(limit);
    let keep = |kept: &mut Vec<u32>| {
        if kept.len() > end {
            kept.select_nth_unstable_by(end - 1, cmp);
            kept.truncate(end);
        }
    };
    let (mut kept, mut worst, mut total) = (Vec::new(), None, 0);
    for row in rows {
        total += 1;
        if worst.is_some_and(|w| cmp(&row, &w).is_ge()) {
            continue;
        }
        kept.push(row);
        if kept.len() >= end.saturating_mul(2) {
            keep(&mut kept);
            worst = kept.last().copied();
        }
    }
    keep(&mut kept);
    kept.sort_unstable_by(cmp);
    kept.drain(..offset.min(kept.len()));
    (kept, total)
}

/// The `k`-th smallest of `v` (0-based, below `v.len()`) and the values below it, `v`
/// partitioned around it: the views' medians and the 定期 lists' preview day. Through the same
/// selection as [`page_of`] (each type the standard selection is compiled for weighs ~3 KB in
/// the page).
pub(crate) fn nth_smallest(v: &mut [u32], k: usize) -> (&[u32], u32) {
    let natural: &dyn Fn(&u32, &u32) -> std::cmp::Ordering = &u32::cmp;
    let (below, nth, _) = v.select_nth_unstable_by(k, natural);
    (below, *nth)
}

/// The two middle values of `v` (the same one twice for an odd count), by selection; `None`
/// when empty. Each view rounds their mean its own way.
pub(crate) fn middle_pair(v: &mut [u32]) -> Option<(u32, u32)> {
    let n = v.len();
    if n == 0 {
        return None;
    }
    let (below, upper) = nth_smallest(v, n / 2);
    let lower = if n % 2 == 0 { below.iter().copied().max().unwrap_or(upper) } else { upper };
    Some((lower, upper))
}

#[cfg(test)]
mod tests {
    use super::page_of;

    #[test]
    fn a_page_holds_the_rows_a_full_sort_puts_there_whatever_the_rows_order() {
        // 5,000 rows of 37 distinct values (ties broken by row number, as the tables do), given
        // in a shuffled, an ascending and a descending order; pages at the start, inside, across
        // the end and past it, with limits 1, 50 (0) and 1000.
        let value = |r: u32| (r * 7919) % 37;
        let cmp = |x: &u32, y: &u32| value(*y).cmp(&value(*x)).then(x.cmp(y));
        let mut sorted: Vec<u32> = (0..5000).collect();
        sorted.sort_by(cmp);
        let shuffled: Vec<u32> = (0..5000).map(|k| (k * 1237) % 5000).collect(); // 1237 is prime to 5000
        let inputs = [shuffled, sorted.clone(), sorted.iter().rev().copied().collect()];
        for rows in &inputs {
            for (offset, limit) in
                [(0, 1), (0, 0), (0, 1000), (37, 50), (4990, 50), (5000, 0), (6000, 5)]
            {
                let (page, total) = page_of(rows.iter().copied(), offset, limit, &cmp);
                let end = (offset + if limit == 0 { 50 } else { limit }).min(5000);
                assert_eq!(total, 5000);
                assert_eq!(page, sorted[offset.min(5000)..end], "offset {offset}, limit {limit}");
            }
        }
    }
}
