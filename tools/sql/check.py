#!/usr/bin/env python3
"""The LTV pack's SQL against the product (a step of ./build.sh test; a few seconds).

1. tools/sql/ltv_pack.<engine>.sql are the rendering of tools/sql/ltv_pack.sql (render.py);
2. the BigQuery and Snowflake versions parse with sqlglot in their dialect (and the DuckDB one);
3. the DuckDB version, run with the `duckdb` package on test fixtures loaded into an `orders`
   table, writes the pack the product exports from the same file (`examples/pack.rs export`),
   byte for byte once read and written again by the product (`examples/pack.rs canon`: the
   engines order rows and format decimals their own way, `1200.0000` for `1200`).

4. the dbt package tools/sql/dbt/ (its model and macros rendered from the same source), run with
   dbt-duckdb on the same fixtures as the user's `ltv_orders` model, writes the same pack.
5. the same for tools/sql/ltv_aggregates.sql, the exact aggregates-only pack: DuckDB's and dbt's
   equal the product's (`examples/pack.rs aggregates ORDERS SALT 1`), and once suppressed with
   k = 3 (`examples/pack.rs suppress`), the product's export with k = 3.

Run with the venv build.sh makes: tools/sql/.venv/bin/python tools/sql/check.py
`LTV_PACK_BIN` names a built examples/pack binary (default: cargo run -q --example pack --).
"""
import csv
import io
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb
import sqlglot

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SALT = "check-salt-2026"

# Each fixture as an `orders` table of the SQL's input (tools/sql/ltv_pack.sql's header).
LOADERS = {
    "pack_orders.csv": """
        SELECT order_id, customer_id, CAST(ordered_at AS TIMESTAMPTZ) AS ordered_at,
          CAST(amount AS DECIMAL(18, 4)) AS amount, status = 'cancelled' AS cancelled,
          CAST(gross_profit AS DECIMAL(18, 4)) AS gross_profit, channel, product
        FROM read_csv('{path}', all_varchar = true, header = true)""",
    "orders_dashboard.csv": """
        SELECT 注文番号 AS order_id, 顧客ID AS customer_id,
          CAST(注文日 || ' 00:00:00+09:00' AS TIMESTAMPTZ) AS ordered_at,
          CAST(金額 AS DECIMAL(18, 4)) AS amount, ステータス = 'キャンセル' AS cancelled,
          CAST(金額 AS DECIMAL(18, 4)) - CAST(原価 AS DECIMAL(18, 4)) AS gross_profit,
          流入元 AS channel, CAST(NULL AS VARCHAR) AS product
        FROM read_csv('{path}', all_varchar = true, header = true)""",
    "orders_cohorts.csv": """
        SELECT CAST(NULL AS VARCHAR) AS order_id, customer_id,
          CAST(order_date || ' 00:00:00+09:00' AS TIMESTAMPTZ) AS ordered_at,
          CAST(amount AS DECIMAL(18, 4)) AS amount, FALSE AS cancelled,
          CAST(NULL AS DECIMAL(18, 4)) AS gross_profit, CAST(NULL AS VARCHAR) AS channel,
          CAST(NULL AS VARCHAR) AS product
        FROM read_csv('{path}', all_varchar = true, header = true)""",
}


def sql_for(engine, salt=SALT, currency="JPY", zone="Asia/Tokyo", source="ltv_pack"):
    text = (HERE / f"{source}.{engine}.sql").read_text(encoding="utf-8")
    return text.replace("__SALT__", salt).replace("__CURRENCY__", currency).replace("__TIME_ZONE__", zone)


def pack_bin():
    given = os.environ.get("LTV_PACK_BIN")
    return shlex.split(given) if given else ["cargo", "run", "--locked", "-q", "--example", "pack", "--"]


def product(*args):
    out = subprocess.run(pack_bin() + list(args), cwd=ROOT, capture_output=True)
    if out.returncode != 0:
        sys.exit(f"examples/pack {' '.join(args)}: {out.stderr.decode()}")
    return out.stdout


def pack_csv(result):
    """A query's rows as the pack's CSV (header row first)."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow([d[0] for d in result.description])
    w.writerows(result.fetchall())
    return out.getvalue()


# The order a dbt table of the pack is exported in (tools/sql/README.md): a pack's customer rows come last.
DBT_EXPORT_ORDER = "CASE record WHEN 'meta' THEN 0 WHEN 'channel' THEN 1 WHEN 'product' THEN 2 ELSE 3 END"


def dbt_pack(tmp, name, loader, path):
    """The pack written by the dbt package, run by dbt-duckdb in a throwaway project whose
    `ltv_orders` model is the fixture's loader. Never phones home (usage statistics off)."""
    project = Path(tmp) / f"dbt-{name}"
    shutil.copytree(HERE / "dbt", project)
    (project / "models" / "ltv_orders.sql").write_text(loader.format(path=path), encoding="utf-8")
    db = project / "check.duckdb"
    (project / "profiles.yml").write_text(
        "ltv_pack:\n  target: check\n  outputs:\n    check:\n      type: duckdb\n"
        f"      path: '{db}'\n      threads: 1\n      settings:\n        TimeZone: UTC\n", encoding="utf-8")
    env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "DO_NOT_TRACK": "1"}
    run = subprocess.run([str(Path(sys.executable).parent / "dbt"), "run", "--quiet", "--project-dir", str(project),
                          "--profiles-dir", str(project), "--vars", json.dumps({"ltv_pack_salt": SALT})],
                         capture_output=True, env=env, cwd=project)
    if run.returncode != 0:
        sys.exit(f"dbt run ({name}): {run.stdout.decode()[-2000:]}{run.stderr.decode()[-2000:]}")
    con = duckdb.connect(str(db), read_only=True)
    # A table has no row order: exported as tools/sql/README.md says, meta, channel and product rows first.
    return tuple(pack_csv(con.execute(f"SELECT * FROM {table} ORDER BY {DBT_EXPORT_ORDER}"))
                 for table in ("ltv_pack", "ltv_aggregates"))


def main():
    render = subprocess.run([sys.executable, str(HERE / "render.py"), "--check"])
    if render.returncode != 0:
        sys.exit(1)
    for source in ("ltv_pack", "ltv_aggregates"):
        for engine in ("duckdb", "bigquery", "snowflake"):
            sqlglot.parse_one(sql_for(engine, source=source), read=engine)  # raises ParseError
            print(f"sqlglot parses {source}.{engine}.sql as {engine}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, loader in LOADERS.items():
            path = FIXTURES / name
            con = duckdb.connect()
            con.execute("SET TimeZone = 'UTC'")
            con.execute(f"CREATE TABLE orders AS {loader.format(path=path)}")
            want = product("export", str(path), SALT)
            dbt_rows, dbt_aggregates = dbt_pack(tmp, name, loader, path)
            for how, text in (("DuckDB", pack_csv(con.execute(sql_for("duckdb")))), ("dbt-duckdb", dbt_rows)):
                sql_pack = Path(tmp) / f"{name}.{how}.ltvpack.csv"
                sql_pack.write_text(text, encoding="utf-8")
                got = product("canon", str(sql_pack))
                if got != want:
                    diff = [f"  sql:     {g}\n  product: {p}" for g, p in zip(got.decode().splitlines(), want.decode().splitlines()) if g != p]
                    sys.exit(f"{name}: {how}'s pack differs from the product's ({len(diff)} lines):\n" + "\n".join(diff[:5]))
                customers = want.count(b"\ncustomer,")
                raw = "identical as written" if sql_pack.read_bytes() == want else "after canon"
                print(f"{name}: {how}'s pack = the product's ({customers} customers, {len(want)} bytes; {raw})")
            want = product("aggregates", str(path), SALT, "1")
            want_k3 = product("aggregates", str(path), SALT, "3")
            duckdb_aggregates = pack_csv(con.execute(sql_for("duckdb", source="ltv_aggregates")))
            for how, text in (("DuckDB", duckdb_aggregates), ("dbt-duckdb", dbt_aggregates)):
                sql_pack = Path(tmp) / f"{name}.{how}.aggregates.ltvpack.csv"
                sql_pack.write_text(text, encoding="utf-8")
                got = product("canon", str(sql_pack))
                if got != want:
                    diff = [f"  sql:     {g}\n  product: {p}" for g, p in zip(got.decode().splitlines(), want.decode().splitlines()) if g != p]
                    sys.exit(f"{name}: {how}'s aggregates differ from the product's ({len(diff)} lines):\n" + "\n".join(diff[:5]))
                if product("suppress", str(sql_pack), "3") != want_k3:
                    sys.exit(f"{name}: {how}'s aggregates suppressed with k = 3 differ from the product's")
                rows = want.count(b"\nfit,") + want.count(b"\ncohort,")
                print(f"{name}: {how}'s aggregates = the product's ({rows} rows; k = 3 too)")


if __name__ == "__main__":
    main()
