//! A small unconstrained minimiser for the models' negative log-likelihoods.
//!
//! How this works: the models are fitted on log-parameters (every parameter is positive), so the
//! search is unconstrained but for a wide box |xᵢ| ≤ `bound`: when the likelihood keeps rising
//! towards a limiting case (say no heterogeneity, a, b → ∞) the search stops at the wall instead
//! of wandering off, and reports which coordinates sit there. The gradient test then ignores
//! components that push outwards at the wall (the KKT conditions). [`minimize`] runs BFGS (Nocedal & Wright 2006, alg. 6.1) with a
//! backtracking Armijo line search and skips the update when the curvature condition fails. A
//! step is capped at 3 in any coordinate (a factor e³ on a parameter), and a trial point where
//! the objective is not finite is treated as "too far". If BFGS stalls away from a stationary
//! point, Nelder–Mead (Lagarias et al. 1998) restarts from the best point and BFGS polishes its
//! result. [`hessian`] differentiates the gradient numerically; [`covariance`] inverts it by
//! Cholesky, which also tells whether the optimum is a proper maximum of the likelihood.

/// A function to minimise. Objectives without an analytic gradient keep the default, a central
/// difference.
pub trait Objective {
    /// The value at `x`; any non-finite value means "outside the feasible region".
    fn value(&mut self, x: &[f64]) -> f64;

    /// True when [`Objective::gradient`] is analytic (the Hessian is then taken from gradient
    /// differences, else from values alone).
    const ANALYTIC_GRADIENT: bool = false;

    /// The value at `x`, with the gradient written into `g`.
    fn gradient(&mut self, x: &[f64], g: &mut [f64]) -> f64 {
        central_difference(self, x, g)
    }
}

/// The value of `f` at `x`, with its gradient by central differences written into `g`.
pub fn central_difference<F: Objective + ?Sized>(f: &mut F, x: &[f64], g: &mut [f64]) -> f64 {
    let mut y = x.to_vec();
    for i in 0..x.len() {
        let h = 1e-5 * x[i].abs().max(1.0);
        y[i] = x[i] + h;
        let up = f.value(&y);
        y[i] = x[i] - h;
        let down = f.value(&y);
        y[i] = x[i];
        g[i] = (up - down) / (2.0 * h);
    }
    f.value(x)
}

/// Stopping rules.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// Iterations allowed (BFGS iterations; Nelder–Mead gets ten times as many).
    pub max_iterations: u32,
    /// Converged when every gradient component is at most this.
    pub gradient_tolerance: f64,
    /// The search stays in |xᵢ| ≤ bound.
    pub bound: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { max_iterations: 300, gradient_tolerance: 1e-7, bound: f64::INFINITY }
    }
}

/// The result of a minimisation.
#[derive(Debug, Clone, PartialEq)]
pub struct Minimum {
    /// The best point found.
    pub x: Vec<f64>,
    /// The objective there.
    pub value: f64,
    /// The largest gradient component there.
    pub gradient_norm: f64,
    /// Iterations used (all methods together).
    pub iterations: u32,
    /// True when the gradient test was met.
    pub converged: bool,
    /// Per coordinate: at the bound, with the objective still falling outwards.
    pub at_bound: Vec<bool>,
    /// BFGS's estimate of the inverse Hessian there (row-major): a warm start for
    /// [`minimize_from`] on a similar objective.
    pub inverse_hessian: Vec<f64>,
}

/// Minimises `f` from `x0`: BFGS, then Nelder–Mead and BFGS again if BFGS stalls with a
/// gradient above 1e-4.
///
/// ```
/// use ltv::models::optimize::{minimize, Objective, Settings};
/// struct Bowl;
/// impl Objective for Bowl {
///     fn value(&mut self, x: &[f64]) -> f64 { (x[0] - 1.0).powi(2) + 10.0 * (x[1] + 2.0).powi(2) }
/// }
/// let m = minimize(&mut Bowl, &[0.0, 0.0], &Settings::default());
/// assert!(m.converged && (m.x[0] - 1.0).abs() < 1e-6 && (m.x[1] + 2.0).abs() < 1e-6);
/// ```
pub fn minimize(f: &mut impl Objective, x0: &[f64], settings: &Settings) -> Minimum {
    minimize_from(f, x0, None, settings)
}

/// [`minimize`] starting from `x0` with an inverse-Hessian estimate, e.g. the
/// [`Minimum::inverse_hessian`] of the same objective on a subsample.
pub fn minimize_from(
    f: &mut impl Objective,
    x0: &[f64],
    inverse_hessian: Option<&[f64]>,
    settings: &Settings,
) -> Minimum {
    let first = bfgs(f, x0, inverse_hessian, settings);
    // Nelder–Mead only when BFGS stopped clearly away from a stationary point.
    if first.converged || !first.value.is_finite() || first.gradient_norm <= 1e-4 {
        return first;
    }
    let simplex = nelder_mead(f, &first.x, settings);
    let mut polished = bfgs(f, &simplex.x, None, settings);
    polished.iterations += first.iterations + simplex.iterations;
    if polished.value <= first.value {
        polished
    } else {
        Minimum { iterations: polished.iterations, ..first }
    }
}

fn max_abs(v: &[f64]) -> f64 {
    v.iter().fold(0.0, |m, g| m.max(g.abs()))
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn finite_or_inf(v: f64) -> f64 {
    if v.is_finite() {
        v
    } else {
        f64::INFINITY
    }
}

/// Coordinates at the wall whose gradient pushes outwards.
fn outward(x: &[f64], g: &[f64], bound: f64) -> Vec<bool> {
    x.iter().zip(g).map(|(&x, &g)| (x >= bound && g < 0.0) || (x <= -bound && g > 0.0)).collect()
}

/// The gradient without the components that push outwards at the wall.
fn projected(g: &[f64], active: &[bool]) -> Vec<f64> {
    g.iter().zip(active).map(|(&g, &a)| if a { 0.0 } else { g }).collect()
}

fn bfgs(
    f: &mut impl Objective,
    x0: &[f64],
    inverse_hessian: Option<&[f64]>,
    settings: &Settings,
) -> Minimum {
    const MAX_STEP: f64 = 3.0;
    let n = x0.len();
    let bound = settings.bound;
    let mut x: Vec<f64> = x0.iter().map(|v| v.clamp(-bound, bound)).collect();
    let mut g = vec![0.0; n];
    let mut fx = finite_or_inf(f.gradient(&x, &mut g));
    let warm = inverse_hessian.filter(|h| h.len() == n * n && h.iter().all(|v| v.is_finite()));
    let mut h = warm.map_or_else(|| identity(n), <[f64]>::to_vec);
    let mut first_update = warm.is_none();
    let (mut d, mut x_new, mut g_new) = (vec![0.0; n], vec![0.0; n], vec![0.0; n]);
    let (mut s, mut y) = (vec![0.0; n], vec![0.0; n]);
    let mut iterations = 0;
    let mut previous_active = outward(&x, &g, bound);
    let done = |fx: f64, x: &[f64], g: &[f64]| {
        fx.is_finite()
            && max_abs(&projected(g, &outward(x, g, bound))) <= settings.gradient_tolerance
    };
    while iterations < settings.max_iterations && fx.is_finite() && !done(fx, &x, &g) {
        iterations += 1;
        let active = outward(&x, &g, bound);
        if active != previous_active {
            // The free subspace changed: its curvature model starts again (the updates below
            // only touch the free block, so H stays block-diagonal).
            h = identity(n);
            first_update = true;
            previous_active.clone_from(&active);
        }
        let pg = projected(&g, &active);
        for i in 0..n {
            d[i] = if active[i] { 0.0 } else { -dot(&h[i * n..(i + 1) * n], &pg) };
        }
        let mut slope = dot(&pg, &d);
        if slope >= 0.0 || !slope.is_finite() {
            // Not a descent direction: start the curvature model again.
            h = identity(n);
            first_update = true;
            d.iter_mut().zip(&pg).for_each(|(d, g)| *d = -g);
            slope = -dot(&pg, &pg);
        }
        // A move out through the wall is no move.
        for i in 0..n {
            if (x[i] >= bound && d[i] > 0.0) || (x[i] <= -bound && d[i] < 0.0) {
                d[i] = 0.0;
            }
        }
        let mut step = (MAX_STEP / max_abs(&d)).min(1.0);
        let mut accepted = None;
        for _ in 0..60 {
            for i in 0..n {
                x_new[i] = (x[i] + step * d[i]).clamp(-bound, bound);
                s[i] = x_new[i] - x[i];
            }
            let trial = finite_or_inf(f.value(&x_new));
            let expected = dot(&g, &s);
            if trial <= fx + 1e-4 * expected.min(0.0) && expected < 0.0 {
                accepted = Some(trial);
                break;
            }
            // Minimum of the quadratic through f(x), f'(x) and the trial, kept in [0.1, 0.5].
            let next = if trial.is_finite() {
                -slope * step * step / (2.0 * (trial - fx - slope * step))
            } else {
                0.1 * step
            };
            step = next.clamp(0.1 * step, 0.5 * step);
        }
        if accepted.is_none() {
            break; // no decrease possible along d: a (numerically) stationary point or a wall
        }
        let f_new = finite_or_inf(f.gradient(&x_new, &mut g_new));
        for i in 0..n {
            y[i] = if active[i] { 0.0 } else { g_new[i] - g[i] };
        }
        let sy = dot(&s, &y);
        if sy > 1e-12 * dot(&s, &s).sqrt() * dot(&y, &y).sqrt() {
            if first_update {
                let scale = sy / dot(&y, &y);
                for i in (0..n).filter(|&i| !active[i]) {
                    h[i * n + i] = scale;
                }
                first_update = false;
            }
            bfgs_update(&mut h, &s, &y, sy);
        }
        let decrease = fx - f_new;
        x.copy_from_slice(&x_new);
        g.copy_from_slice(&g_new);
        fx = f_new;
        if decrease <= 1e-15 * fx.abs().max(1.0) && max_abs(&s) < 1e-12 {
            break;
        }
    }
    let converged = done(fx, &x, &g);
    let at_bound = outward(&x, &g, bound);
    let gradient_norm = max_abs(&projected(&g, &at_bound));
    Minimum { gradient_norm, x, value: fx, iterations, converged, at_bound, inverse_hessian: h }
}

fn identity(n: usize) -> Vec<f64> {
    let mut m = vec![0.0; n * n];
    (0..n).for_each(|i| m[i * n + i] = 1.0);
    m
}

/// H ← (I − ρsyᵀ) H (I − ρysᵀ) + ρssᵀ with ρ = 1/sᵀy, on the inverse-Hessian estimate.
fn bfgs_update(h: &mut [f64], s: &[f64], y: &[f64], sy: f64) {
    let n = s.len();
    let rho = 1.0 / sy;
    let hy: Vec<f64> = (0..n).map(|i| dot(&h[i * n..(i + 1) * n], y)).collect();
    let yhy = dot(y, &hy);
    for i in 0..n {
        for j in 0..n {
            h[i * n + j] +=
                -rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yhy + rho) * s[i] * s[j];
        }
    }
}

/// Nelder–Mead with the standard coefficients, a simplex of side 0.5 around `x0`, every point
/// kept in the box; ten times the BFGS iterations.
fn nelder_mead(f: &mut impl Objective, x0: &[f64], settings: &Settings) -> Minimum {
    let n = x0.len();
    let bound = settings.bound;
    let max_iterations = settings.max_iterations.saturating_mul(10);
    let inside =
        |p: Vec<f64>| -> Vec<f64> { p.into_iter().map(|v| v.clamp(-bound, bound)).collect() };
    let mut points: Vec<Vec<f64>> = (0..=n)
        .map(|i| {
            let mut p = x0.to_vec();
            if i > 0 {
                p[i - 1] += if p[i - 1] + 0.5 <= bound { 0.5 } else { -0.5 };
            }
            inside(p)
        })
        .collect();
    let mut values: Vec<f64> = points.iter().map(|p| finite_or_inf(f.value(p))).collect();
    let mut iterations = 0;
    while iterations < max_iterations {
        iterations += 1;
        let order: Vec<usize> = crate::order::sorted_indices(n + 1, &|a, b| {
            values[a as usize].total_cmp(&values[b as usize]).then(a.cmp(&b))
        })
        .into_iter()
        .map(|i| i as usize)
        .collect();
        let (best, worst, second) = (order[0], order[n], order[n - 1]);
        let spread = values[worst] - values[best];
        if values[best].is_finite() && spread <= 1e-14 * values[best].abs().max(1.0) {
            break;
        }
        let centroid: Vec<f64> = (0..n)
            .map(|k| order[..n].iter().map(|&i| points[i][k]).sum::<f64>() / n as f64)
            .collect();
        let along = |t: f64| -> Vec<f64> {
            inside((0..n).map(|k| centroid[k] + t * (points[worst][k] - centroid[k])).collect())
        };
        let reflected = along(-1.0);
        let fr = finite_or_inf(f.value(&reflected));
        if fr < values[best] {
            let expanded = along(-2.0);
            let fe = finite_or_inf(f.value(&expanded));
            (points[worst], values[worst]) = if fe < fr { (expanded, fe) } else { (reflected, fr) };
        } else if fr < values[second] {
            (points[worst], values[worst]) = (reflected, fr);
        } else {
            let t = if fr < values[worst] { -0.5 } else { 0.5 };
            let contracted = along(t);
            let fc = finite_or_inf(f.value(&contracted));
            if fc < values[worst].min(fr) {
                (points[worst], values[worst]) = (contracted, fc);
            } else {
                // Shrink towards the best point.
                for &i in &order[1..] {
                    let p: Vec<f64> = (0..n)
                        .map(|k| points[best][k] + 0.5 * (points[i][k] - points[best][k]))
                        .collect();
                    values[i] = finite_or_inf(f.value(&p));
                    points[i] = p;
                }
            }
        }
    }
    let best = (0..=n).min_by(|&a, &b| values[a].total_cmp(&values[b])).unwrap_or(0);
    Minimum {
        x: points[best].clone(),
        value: values[best],
        gradient_norm: f64::INFINITY,
        iterations,
        converged: false,
        at_bound: vec![false; n],
        inverse_hessian: identity(n),
    }
}

/// The Hessian of `f` at `x` (row-major, symmetrised): by central differences of an analytic
/// gradient with steps of 1e-4, else by the central second-difference stencils of the values
/// with steps of 1e-3 (relative for coordinates beyond 1 in size): 2n² + 1 values instead of
/// the 2n(2n + 1) of differencing a numeric gradient, and less noise (the value's rounding is
/// divided by h², not by two small steps in turn).
///
/// ```
/// use ltv::models::optimize::{hessian, Objective};
/// struct Cubic;
/// impl Objective for Cubic {
///     fn value(&mut self, x: &[f64]) -> f64 { x[0].powi(3) + x[0] * x[1] }
/// }
/// let h = hessian(&mut Cubic, &[2.0, 0.0]); // [[6x, 1], [1, 0]]
/// assert!((h[0] - 12.0).abs() < 1e-4 && (h[1] - 1.0).abs() < 1e-4 && h[3].abs() < 1e-4);
/// ```
#[must_use]
pub fn hessian<F: Objective>(f: &mut F, x: &[f64]) -> Vec<f64> {
    if !F::ANALYTIC_GRADIENT {
        return hessian_from_values(f, x);
    }
    let n = x.len();
    let mut h = vec![0.0; n * n];
    let (mut up, mut down) = (vec![0.0; n], vec![0.0; n]);
    let mut y = x.to_vec();
    for j in 0..n {
        let step = 1e-4 * x[j].abs().max(1.0);
        y[j] = x[j] + step;
        f.gradient(&y, &mut up);
        y[j] = x[j] - step;
        f.gradient(&y, &mut down);
        y[j] = x[j];
        for i in 0..n {
            h[i * n + j] = (up[i] - down[i]) / (2.0 * step);
        }
    }
    for i in 0..n {
        for j in 0..i {
            let mean = 0.5 * (h[i * n + j] + h[j * n + i]);
            (h[i * n + j], h[j * n + i]) = (mean, mean);
        }
    }
    h
}

/// The Hessian by second differences of values: (f(x+hᵢ) − 2f(x) + f(x−hᵢ))/hᵢ² on the
/// diagonal and (f(x+hᵢ+hⱼ) − f(x+hᵢ−hⱼ) − f(x−hᵢ+hⱼ) + f(x−hᵢ−hⱼ))/(4hᵢhⱼ) off it.
fn hessian_from_values(f: &mut impl Objective, x: &[f64]) -> Vec<f64> {
    let n = x.len();
    let step: Vec<f64> = x.iter().map(|v| 1e-3 * v.abs().max(1.0)).collect();
    let mut y = x.to_vec();
    let mut at = |y: &mut Vec<f64>, moves: &[(usize, f64)]| {
        for &(i, d) in moves {
            y[i] = x[i] + d * step[i];
        }
        let v = f.value(y);
        for &(i, _) in moves {
            y[i] = x[i];
        }
        v
    };
    let centre = at(&mut y, &[]);
    let mut h = vec![0.0; n * n];
    for i in 0..n {
        let (up, down) = (at(&mut y, &[(i, 1.0)]), at(&mut y, &[(i, -1.0)]));
        h[i * n + i] = (up - 2.0 * centre + down) / (step[i] * step[i]);
        for j in 0..i {
            let corners =
                [(1.0, 1.0, 1.0), (1.0, -1.0, -1.0), (-1.0, 1.0, -1.0), (-1.0, -1.0, 1.0)];
            let sum: f64 =
                corners.iter().map(|&(a, b, sign)| sign * at(&mut y, &[(i, a), (j, b)])).sum();
            let v = sum / (4.0 * step[i] * step[j]);
            (h[i * n + j], h[j * n + i]) = (v, v);
        }
    }
    h
}

/// The inverse of a symmetric positive-definite matrix (row-major) by Cholesky; `None` when it
/// is not positive definite (or not finite), i.e. the point is not a proper minimum.
///
/// ```
/// use ltv::models::optimize::covariance;
/// let inv = covariance(&[4.0, 2.0, 2.0, 3.0]).unwrap(); // [[4,2],[2,3]]⁻¹ = [[3,−2],[−2,4]]/8
/// assert!((inv[0] - 0.375).abs() < 1e-15 && (inv[1] + 0.25).abs() < 1e-15);
/// assert!(covariance(&[1.0, 2.0, 2.0, 1.0]).is_none());
/// ```
#[must_use]
pub fn covariance(h: &[f64]) -> Option<Vec<f64>> {
    let n = (h.len() as f64).sqrt() as usize;
    if n * n != h.len() || h.iter().any(|v| !v.is_finite()) {
        return None;
    }
    // H = L Lᵀ
    let mut l = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..=i {
            let sum: f64 = h[i * n + j] - (0..j).map(|k| l[i * n + k] * l[j * n + k]).sum::<f64>();
            if i == j {
                if sum <= 0.0 {
                    return None;
                }
                l[i * n + i] = sum.sqrt();
            } else {
                l[i * n + j] = sum / l[j * n + j];
            }
        }
    }
    // Columns of L⁻¹, then H⁻¹ = L⁻ᵀ L⁻¹.
    let mut inv_l = vec![0.0; n * n];
    for col in 0..n {
        for i in col..n {
            let rhs = if i == col { 1.0 } else { 0.0 };
            let sum: f64 = (col..i).map(|k| l[i * n + k] * inv_l[k * n + col]).sum();
            inv_l[i * n + col] = (rhs - sum) / l[i * n + i];
        }
    }
    let mut inv = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..n {
            inv[i * n + j] = (0..n).map(|k| inv_l[k * n + i] * inv_l[k * n + j]).sum();
        }
    }
    Some(inv)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Rosenbrock;
    impl Objective for Rosenbrock {
        fn value(&mut self, x: &[f64]) -> f64 {
            (1.0 - x[0]).powi(2) + 100.0 * (x[1] - x[0] * x[0]).powi(2)
        }
    }

    /// Finite only inside the unit disc around (2, 2): the search must stay inside.
    struct Walled;
    impl Objective for Walled {
        fn value(&mut self, x: &[f64]) -> f64 {
            let r2 = (x[0] - 2.0).powi(2) + (x[1] - 2.0).powi(2);
            if r2 >= 1.0 {
                return f64::NAN;
            }
            (x[0] - 2.5).powi(2) + (x[1] - 1.8).powi(2) - (1.0 - r2).ln()
        }
    }

    #[test]
    fn bfgs_finds_the_rosenbrock_minimum_with_a_numeric_gradient() {
        let m = minimize(&mut Rosenbrock, &[-1.2, 1.0], &Settings::default());
        assert!(m.converged, "{m:?}");
        assert!((m.x[0] - 1.0).abs() < 1e-5 && (m.x[1] - 1.0).abs() < 1e-5, "{m:?}");
    }

    #[test]
    fn non_finite_values_act_as_a_wall() {
        let m = minimize(&mut Walled, &[2.0, 2.0], &Settings::default());
        assert!(m.converged && m.value.is_finite(), "{m:?}");
        let r2 = (m.x[0] - 2.0).powi(2) + (m.x[1] - 2.0).powi(2);
        assert!(r2 < 1.0);
    }

    #[test]
    fn a_minimum_beyond_the_box_stops_at_the_wall_and_says_so() {
        struct Slope;
        impl Objective for Slope {
            fn value(&mut self, x: &[f64]) -> f64 {
                (-x[0]).exp() + (x[1] - 1.0).powi(2)
            }
        }
        let settings = Settings { bound: 5.0, ..Settings::default() };
        let m = minimize(&mut Slope, &[0.0, 0.0], &settings);
        assert!(m.converged && m.x[0] == 5.0 && (m.x[1] - 1.0).abs() < 1e-6, "{m:?}");
        assert_eq!(m.at_bound, [true, false]);
    }

    #[test]
    fn nelder_mead_gets_close_without_gradients() {
        let settings = Settings { max_iterations: 500, ..Settings::default() };
        let m = nelder_mead(&mut Rosenbrock, &[-1.2, 1.0], &settings);
        assert!((m.x[0] - 1.0).abs() < 1e-3 && (m.x[1] - 1.0).abs() < 1e-3, "{m:?}");
    }

    #[test]
    fn hessian_of_a_quadratic_is_exact_and_inverts_to_the_covariance() {
        struct Quadratic;
        impl Objective for Quadratic {
            fn value(&mut self, x: &[f64]) -> f64 {
                2.0 * x[0] * x[0] + 2.0 * x[0] * x[1] + 1.5 * x[1] * x[1]
            }
        }
        let h = hessian(&mut Quadratic, &[0.3, -0.2]);
        for (got, want) in h.iter().zip([4.0, 2.0, 2.0, 3.0]) {
            assert!((got - want).abs() < 1e-4, "{h:?}");
        }
        let cov = covariance(&h).unwrap();
        assert!((cov[3] - 0.5).abs() < 1e-4);
    }
}
