"""Times the lifetimes package (BG/NBD + Gamma-Gamma fit, then P(alive), expected purchases in
52.14 weeks and 12-month CLV for every customer) on a summary written by
examples/rfm_summary.rs, so both tools fit exactly the same input. Prints JSON."""
import json
import sys
import time

import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter

df = pd.read_csv(sys.argv[1])
t0 = time.perf_counter()
bgf = BetaGeoFitter(penalizer_coef=0.0)
bgf.fit(df["frequency"], df["recency"], df["T"])
rep = df[df["frequency"] > 0]
ggf = GammaGammaFitter(penalizer_coef=0.0)
ggf.fit(rep["frequency"], rep["monetary_value"])
fit_s = time.perf_counter() - t0
alive = bgf.conditional_probability_alive(df["frequency"], df["recency"], df["T"])
expected = bgf.conditional_expected_number_of_purchases_up_to_time(
    365 / 7, df["frequency"], df["recency"], df["T"]
)
clv = ggf.customer_lifetime_value(
    bgf, df["frequency"], df["recency"], df["T"], df["monetary_value"],
    time=12, discount_rate=0.0079741404, freq="W",
)
total_s = time.perf_counter() - t0
print(json.dumps({
    "customers": len(df),
    "fitSeconds": fit_s,
    "totalSeconds": total_s,
    "bgnbd": {k: float(v) for k, v in bgf.params_.items()},
    "gammaGamma": {k: float(v) for k, v in ggf.params_.items()},
    "expectedPurchasesSum": float(expected.sum()),
    "clvSum": float(clv.sum()),
}))
