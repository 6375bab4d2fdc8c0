#!/usr/bin/env python3
"""Writes tools/sql/ltv_pack.<engine>.sql from tools/sql/ltv_pack.sql (the one source).

The {{MACRO(args)}} of the source are the dialect differences (tools/sql/README.md lists them);
nothing else differs between the engines. Standard library only.

    python3 tools/sql/render.py           # writes the three files
    python3 tools/sql/render.py --check   # exits 1 when a written file is not the rendering
"""
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ENGINES = ("duckdb", "bigquery", "snowflake")

MACROS = {
    "TEXT": {"duckdb": "VARCHAR", "bigquery": "STRING", "snowflake": "VARCHAR"},
    "MONEY": {"duckdb": "DECIMAL(18, 4)", "bigquery": "NUMERIC", "snowflake": "NUMBER(18, 4)"},
    "LOCAL_DAY": {
        "duckdb": "CAST(timezone('__TIME_ZONE__', {0}) AS DATE)",
        "bigquery": "DATE({0}, '__TIME_ZONE__')",
        "snowflake": "CAST(CONVERT_TIMEZONE('__TIME_ZONE__', {0}) AS DATE)",
    },
    "STRING_AGG": {
        "duckdb": "STRING_AGG({0}, {1} ORDER BY {2})",
        "bigquery": "STRING_AGG({0}, {1} ORDER BY {2})",
        "snowflake": "LISTAGG({0}, {1}) WITHIN GROUP (ORDER BY {2})",
    },
    "DAYS_BETWEEN": {
        "duckdb": "DATE_DIFF('day', {0}, {1})",
        "bigquery": "DATE_DIFF({1}, {0}, DAY)",
        "snowflake": "DATEDIFF(day, {0}, {1})",
    },
    "ADD_DAYS": {
        "duckdb": "({0} + {1})",
        "bigquery": "DATE_ADD({0}, INTERVAL {1} DAY)",
        "snowflake": "DATEADD(day, {1}, {0})",
    },
    "ISO_DAY": {
        "duckdb": "STRFTIME({0}, '%Y-%m-%d')",
        "bigquery": "FORMAT_DATE('%Y-%m-%d', {0})",
        "snowflake": "TO_CHAR({0}, 'YYYY-MM-DD')",
    },
    # Money as the pack writes it: `1200`, `53.91`, `-300` (DuckDB and Snowflake print a
    # DECIMAL(·, 4) with its four decimals; BigQuery's NUMERIC prints no trailing zeros).
    "MONEY_TEXT": {
        "duckdb": "CASE WHEN {0} = 0 THEN '0' ELSE RTRIM(RTRIM(CAST({0} AS VARCHAR), '0'), '.') END",
        "bigquery": "CAST({0} AS STRING)",
        "snowflake": "CASE WHEN {0} = 0 THEN '0' ELSE RTRIM(RTRIM(TO_VARCHAR({0}), '0'), '.') END",
    },
    "SHA256_HEX": {
        "duckdb": "SHA256({0})",
        "bigquery": "TO_HEX(SHA256({0}))",
        "snowflake": "SHA2({0}, 256)",
    },
}

# An innermost macro: no {{ or }} inside.
INNERMOST = re.compile(r"\{\{(\w+)(?:\(((?:(?!\{\{|\}\}).)*)\))?\}\}", re.S)


def split_args(text):
    """Top-level comma-separated arguments (commas inside parentheses or quotes stay)."""
    args, depth, quote, cur = [], 0, None, ""
    for ch in text:
        if quote:
            quote = None if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            args.append(cur.strip())
            cur = ""
            continue
        cur += ch
    args.append(cur.strip())
    return args


def render(source, engine):
    def expand(m):
        name, args = m.group(1), m.group(2)
        if name not in MACROS:
            raise SystemExit(f"unknown macro {name}")
        return MACROS[name][engine].format(*(split_args(args) if args is not None else []))

    out = source
    while True:
        new = INNERMOST.sub(expand, out)
        if new == out:
            break
        out = new
    if "{{" in out:
        raise SystemExit("a macro was left unexpanded")
    banner = f"-- GENERATED from tools/sql/ltv_pack.sql by tools/sql/render.py for {engine}: edit the source.\n"
    return banner + out


def main():
    source = (HERE / "ltv_pack.sql").read_text(encoding="utf-8")
    stale = []
    for engine in ENGINES:
        path = HERE / f"ltv_pack.{engine}.sql"
        text = render(source, engine)
        if "--check" in sys.argv:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(path.name)
        else:
            path.write_text(text, encoding="utf-8")
    if stale:
        print("not the rendering of ltv_pack.sql (run python3 tools/sql/render.py):", *stale)
        sys.exit(1)


if __name__ == "__main__":
    main()
