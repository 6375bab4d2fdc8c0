//! The one index sort the larger sorts go through: every `sort_by` with a closure of its own is
//! code of its own in the page's wasm (the pack's sorts once weighed 120 KB of it), so a sort of
//! rows sorts their numbers here with a comparison passed as `&dyn Fn`.

/// Sorts `v` by `cmp` (which must be total: the result does not depend on the input order).
pub(crate) fn sort_indices(v: &mut [u32], cmp: &dyn Fn(u32, u32) -> std::cmp::Ordering) {
    v.sort_unstable_by(|&a, &b| cmp(a, b));
}

/// Sorts `v` stably by `cmp` through [`sort_indices`]: for the short lists of rows the views
/// sort (a `sort_by` of their own costs ~5 KB of wasm each, ~15 of them did).
pub(crate) fn sort_rows<T>(v: &mut Vec<T>, cmp: &dyn Fn(&T, &T) -> std::cmp::Ordering) {
    let order =
        sorted_indices(v.len(), &|a, b| cmp(&v[a as usize], &v[b as usize]).then(a.cmp(&b)));
    let mut old: Vec<Option<T>> = std::mem::take(v).into_iter().map(Some).collect();
    v.extend(order.into_iter().filter_map(|i| old.get_mut(i as usize).and_then(Option::take)));
}

/// `0..n` sorted by `cmp` (see [`sort_indices`]).
pub(crate) fn sorted_indices(n: usize, cmp: &dyn Fn(u32, u32) -> std::cmp::Ordering) -> Vec<u32> {
    let mut v: Vec<u32> = (0..n as u32).collect();
    sort_indices(&mut v, cmp);
    v
}
