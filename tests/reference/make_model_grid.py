#!/usr/bin/env python3
"""Reference values for the model likelihoods over the parameter ranges real shops produce.

Writes tests/reference/model_grid.csv: for random points of
r, α, s, β, a, b ∈ [0.01, 100] (log-uniform, plus the grid's corners), histories with
x ≤ 500 and t_x ≤ T ≤ 3000 (days), the per-customer log-likelihood and P(alive) of
Pareto/NBD (Fader & Hardie 2005 note, eqs. 18–21) and BG/NBD (Fader, Hardie & Lee 2005,
eq. 6 and its P(alive)), computed with mpmath at 60 significant digits. The Pareto/NBD
values are checked against an independent quadrature of the same likelihood on a sample
(to 1e-12: mpmath's quadrature is the less precise of the two).

The test `tests/model_grid.rs` reads the table; run this script only to change the grid
(mpmath 1.3): `python3 tests/reference/make_model_grid.py > tests/reference/model_grid.csv`.
"""
import random
import sys

from mpmath import mp, mpf, hyp2f1, loggamma, log, exp, quad, beta as mbeta

mp.dps = 60


def pnbd(r, alpha, s, beta, x, tx, T):
    """ln L and P(alive) of Pareto/NBD."""
    r, alpha, s, beta, tx, T = map(mpf, (r, alpha, s, beta, tx, T))
    a1 = r + s + x
    if alpha >= beta:
        b2, m, d = s + 1, alpha, alpha - beta
    else:
        b2, m, d = r + x, beta, beta - alpha
    f = lambda tau: hyp2f1(a1, b2, a1 + 1, d / (m + tau)) / (m + tau) ** a1
    a0 = f(tx) - f(T)
    alive = 1 / ((alpha + T) ** (r + x) * (beta + T) ** s)
    dead = s / a1 * a0
    k = exp(loggamma(r + x) - loggamma(r)) * alpha ** r * beta ** s
    return log(k * (alive + dead)), alive / (alive + dead)


def pnbd_by_quadrature(r, alpha, s, beta, x, tx, T):
    """ln L from ∫ over the death time (an independent check of pnbd)."""
    r, alpha, s, beta, tx, T = map(mpf, (r, alpha, s, beta, tx, T))
    k = exp(loggamma(r + x) - loggamma(r)) * alpha ** r * beta ** s
    alive = 1 / ((alpha + T) ** (r + x) * (beta + T) ** s)
    integrand = lambda tau: s / ((alpha + tau) ** (r + x) * (beta + tau) ** (s + 1))
    # The integrand can fall by hundreds of orders of magnitude just after t_x, on the scale
    # w of its logarithm's slope there: split at t_x + w·2^k.
    w = 1 / ((r + x) / (alpha + tx) + (s + 1) / (beta + tx))
    points = [tx] + [tx + w * 2 ** (k / 2) for k in range(-16, 128) if tx + w * 2 ** (k / 2) < T] + [T]
    dead = quad(integrand, points) if T > tx else 0
    return log(k * (alive + dead))


def bgnbd(r, alpha, a, b, x, tx, T):
    """ln L and P(alive) of BG/NBD."""
    r, alpha, a, b, tx, T = map(mpf, (r, alpha, a, b, tx, T))
    g = exp(loggamma(r + x) - loggamma(r)) * alpha ** r
    alive = mbeta(a, b + x) / mbeta(a, b) * g / (alpha + T) ** (r + x)
    dead = mbeta(a + 1, b + x - 1) / mbeta(a, b) * g / (alpha + tx) ** (r + x) if x > 0 else mpf(0)
    return log(alive + dead), alive / (alive + dead)


def main():
    rng = random.Random(20261206)
    values = [0.01, 1.0, 100.0]
    histories = [(0, 0, 30), (0, 0, 3000), (1, 10, 365), (3, 200, 1000), (40, 900, 1000),
                 (45, 850, 900), (500, 2990, 3000), (120, 100, 3000), (2, 2999, 3000)]
    points = []
    for h in histories:  # the corners of the box for each history
        for p in [(u, v, w, z) for u in values for v in values for w in values for z in values]:
            if rng.random() < 0.25:
                points.append((p, h))
    while len(points) < 700:  # and log-uniform points inside it
        p = tuple(round(10 ** rng.uniform(-2, 2), 4) for _ in range(4))
        x = rng.choice([0, 1, 2, 5, 20, 60, 200, 500])
        T = round(rng.uniform(1, 3000), 2)
        tx = 0.0 if x == 0 else round(rng.uniform(0, T), 2)
        points.append((p, (x, tx, T)))
    out = sys.stdout
    out.write("model,p1,p2,p3,p4,x,t_x,t,ln_l,p_alive\n")
    for k, ((p1, p2, p3, p4), (x, tx, T)) in enumerate(points):
        ll, pa = pnbd(p1, p2, p3, p4, x, tx, T)
        if k % 25 == 0:
            check = pnbd_by_quadrature(p1, p2, p3, p4, x, tx, T)
            assert abs(check - ll) < mpf(10) ** -12 * max(1, abs(ll)), (p1, p2, p3, p4, x, tx, T)
        out.write(f"paretoNbd,{p1},{p2},{p3},{p4},{x},{tx},{T},{mp.nstr(ll, 20)},{mp.nstr(pa, 20)}\n")
        ll, pa = bgnbd(p1, p2, p3, p4, x, tx, T)
        out.write(f"bgNbd,{p1},{p2},{p3},{p4},{x},{tx},{T},{mp.nstr(ll, 20)},{mp.nstr(pa, 20)}\n")


if __name__ == "__main__":
    main()
