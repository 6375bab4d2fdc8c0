#!/usr/bin/env python3
"""The LTV pack of a generated 10 M-row orders table, built by DuckDB (tools/sql/ltv_pack.duckdb.sql).

Run with the venv build.sh makes: tools/sql/.venv/bin/python bench/pack_duckdb.py OUT.ltvpack.csv [ROWS]
Prints the rows, customers, the time DuckDB took and the pack's size. The orders are synthetic
(seeded): ~40 % of 4 M customer numbers drawn with a heavy tail (a few buy dozens of times),
three years of timestamps, 2 % cancelled, 3 % refunded by half, four channels, five products.
"""
import csv
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
out = Path(sys.argv[1])
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000_000

con = duckdb.connect()
con.execute("SET TimeZone = 'UTC'")
con.execute("SELECT setseed(0.18)")
t0 = time.perf_counter()
con.execute(f"""
CREATE TABLE base AS
SELECT 'O' || CAST(i AS VARCHAR) AS order_id,
  'C' || lpad(CAST(CAST(floor(pow(random(), 2.2) * 4000000) AS BIGINT) AS VARCHAR), 7, '0') AS customer_id,
  TIMESTAMPTZ '2022-01-01 00:00:00+00' + to_seconds(CAST(random() * 94608000 AS BIGINT)) AS ordered_at,
  CAST(round(980 + random() * 11820, -1) AS DECIMAL(18, 4)) AS amount,
  random() < 0.02 AS cancelled,
  random() AS r1,
  ['Google広告', 'Instagram', 'LINE', '紹介'][1 + CAST(floor(random() * 4) AS INTEGER)] AS channel,
  ['美容液', '【お試し】美容液', '化粧水', '【定期】美容液', 'クレンジング'][1 + CAST(floor(random() * 5) AS INTEGER)] AS product
FROM range({rows}) t(i)
""")
con.execute("""
CREATE TABLE orders AS
SELECT order_id, customer_id, ordered_at, amount, cancelled, amount * 0.4 AS gross_profit, channel, product FROM base
UNION ALL
SELECT order_id, customer_id, ordered_at + INTERVAL 3 DAY, -round(amount / 2, 0), FALSE, -round(amount / 2, 0) * 0.4, channel, NULL
FROM base WHERE r1 < 0.03
""")
made = time.perf_counter() - t0
n_rows = con.execute("SELECT count(*) FROM orders").fetchone()[0]
sql = (ROOT / "tools/sql/ltv_pack.duckdb.sql").read_text(encoding="utf-8")
sql = sql.replace("__SALT__", "bench-salt-2026").replace("__CURRENCY__", "JPY").replace("__TIME_ZONE__", "Asia/Tokyo")
t1 = time.perf_counter()
con.execute(f"COPY ({sql}) TO '{out}' (FORMAT CSV, HEADER)")
built = time.perf_counter() - t1
customers = con.execute(f"SELECT count(*) FROM read_csv('{out}', all_varchar = true) WHERE record = 'customer'").fetchone()[0]
print(f"orders table: {n_rows:,} rows (generated in {made:.1f} s)")
print(f"pack: {customers:,} customers, {out.stat().st_size:,} bytes, built by DuckDB {duckdb.__version__} in {built:.1f} s")
