#!/usr/bin/env python3
"""Writes tools/sql/<source>.<engine>.sql and the dbt package tools/sql/dbt/ from the sources
tools/sql/ltv_pack.sql (the pack with customer rows) and tools/sql/ltv_aggregates.sql (the
aggregates-only pack, exact; its CTEs up to first_channel are ltv_pack.sql's, checked here).

The {{MACRO(args)}} of the source are the dialect differences (tools/sql/README.md lists them);
nothing else differs between the engines. For dbt they become macros dispatched on the adapter
(`default__` is DuckDB's, `bigquery__` and `snowflake__` the others'), so that a project on
another warehouse can add its own. Standard library only.

    python3 tools/sql/render.py           # writes the engines' files and the dbt models and macros
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
    # A column named `offset` (a reserved word of the engines).
    "OFFSET_COLUMN": {"duckdb": '"offset"', "bigquery": "`offset`", "snowflake": '"offset"'},
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


def render(source, engine, name="ltv_pack"):
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
    banner = f"-- GENERATED from tools/sql/{name}.sql by tools/sql/render.py for {engine}: edit the source.\n"
    return banner + out


# The dbt package: the source's parameters become dbt vars, its input table a model of the
# user's project named ltv_orders (tools/sql/README.md).
DBT_PARAMS = {
    "__SALT__": "{{ var('ltv_pack_salt') }}",
    "__CURRENCY__": "{{ var('ltv_pack_currency', 'JPY') }}",
    "__TIME_ZONE__": "{{ var('ltv_pack_time_zone', 'Asia/Tokyo') }}",
}
DBT_ORDERS = "{{ ref('ltv_orders') }}"


def outermost(text):
    """Splits text into literal strings and (name, args) of its outermost macros."""
    parts, i = [], 0
    while True:
        start = text.find("{{", i)
        if start < 0:
            parts.append(text[i:])
            return parts
        parts.append(text[i:start])
        depth, j = 0, start
        while True:
            if text.startswith("{{", j):
                depth, j = depth + 1, j + 2
            elif text.startswith("}}", j):
                depth, j = depth - 1, j + 2
                if depth == 0:
                    break
            elif j >= len(text):
                raise SystemExit("a macro is not closed")
            else:
                j += 1
        m = re.fullmatch(r"\{\{(\w+)(?:\((.*)\))?\}\}", text[start:j], re.S)
        if not m or m.group(1) not in MACROS:
            raise SystemExit(f"unknown macro {text[start:j][:40]}")
        parts.append((m.group(1), m.group(2)))
        i = j


def jinja_call(name, args):
    """A macro of the source as a call of its dbt macro, its arguments Jinja strings (a nested
    macro is a nested call, joined with `~`)."""
    def arg(text):
        pieces = []
        for part in outermost(text):
            if isinstance(part, tuple):
                pieces.append(jinja_call(*part))
            elif part:
                pieces.append("'" + part.replace("\\", "\\\\").replace("'", "\\'") + "'")
        return " ~ ".join(pieces) or "''"
    values = split_args(args) if args is not None else []
    return f"ltv_pack_{name.lower()}({', '.join(arg(v) for v in values)})"


def render_dbt_model(source, name="ltv_pack"):
    # Macros first: the parameters become Jinja of their own (never inside a macro's arguments).
    out = "".join(p if isinstance(p, str) else "{{ " + jinja_call(*p) + " }}" for p in outermost(source))
    lines = out.split("\n")
    for param, var in DBT_PARAMS.items():
        lines = [line if line.lstrip().startswith("--") else line.replace(param, var) for line in lines]
    out = "\n".join(lines)
    out = re.sub(r"\bFROM orders\b", f"FROM {DBT_ORDERS}", out)
    banner = (f"-- GENERATED from tools/sql/{name}.sql by tools/sql/render.py for dbt: edit the source.\n"
              "-- The input is your project's model `ltv_orders` (the columns below); vars ltv_pack_salt,\n"
              "-- ltv_pack_currency, ltv_pack_time_zone (tools/sql/README.md).\n")
    return banner + out.rstrip().rstrip(";") + "\n"


def render_dbt_macros():
    out = ["{#- GENERATED by tools/sql/render.py: the dialect differences of ltv_pack.sql as macros",
           "    dispatched on the adapter (default__ is DuckDB's). Override one in your project as",
           "    <adapter>__ltv_pack_<name> for another warehouse. -#}", ""]
    for name, forms in MACROS.items():
        macro = f"ltv_pack_{name.lower()}"
        count = max([int(n) + 1 for n in re.findall(r"\{(\d)\}", forms["duckdb"])] or [0])
        params = ", ".join(f"a{k}" for k in range(count))
        out.append(f"{{% macro {macro}({params}) %}}{{{{ return(adapter.dispatch('{macro}', 'ltv_pack')({params})) }}}}{{% endmacro %}}")
        for engine, prefix in (("duckdb", "default"), ("bigquery", "bigquery"), ("snowflake", "snowflake")):
            body = forms[engine]
            for k in range(count):
                body = body.replace("{" + str(k) + "}", "{{ a" + str(k) + " }}")
            body = body.replace("__TIME_ZONE__", DBT_PARAMS["__TIME_ZONE__"])
            out.append(f"{{% macro {prefix}__{macro}({params}) %}}{body}{{% endmacro %}}")
        out.append("")
    return "\n".join(out)


SOURCES = ("ltv_pack", "ltv_aggregates")


def shared_ctes(text, end):
    """The CTEs from `WITH params` up to `end` (the part ltv_aggregates.sql shares)."""
    return text[text.index("WITH params AS ("):text.index(end)]


def main():
    files = {}
    sources = {name: (HERE / f"{name}.sql").read_text(encoding="utf-8") for name in SOURCES}
    if shared_ctes(sources["ltv_pack"], "day_products AS (") != shared_ctes(sources["ltv_aggregates"], "first_product AS ("):
        print("tools/sql/ltv_aggregates.sql: its CTEs up to first_channel are not ltv_pack.sql's")
        sys.exit(1)
    for name, source in sources.items():
        files.update({HERE / f"{name}.{engine}.sql": render(source, engine, name) for engine in ENGINES})
        files[HERE / "dbt" / "models" / f"{name}.sql"] = render_dbt_model(source, name)
    files[HERE / "dbt" / "macros" / "ltv_pack_dialect.sql"] = render_dbt_macros()
    stale = []
    for path, text in files.items():
        if "--check" in sys.argv:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(str(path.relative_to(HERE)))
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if stale:
        print("not the rendering of the sources (run python3 tools/sql/render.py):", *stale)
        sys.exit(1)


if __name__ == "__main__":
    main()
