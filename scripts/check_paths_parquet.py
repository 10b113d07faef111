#!/usr/bin/env python3
"""Read a run's paths.parquet back with pandas (pyarrow) and check it against the run's summary.

Usage: check_paths_parquet.py OUT_DIR [--column NAME ...] [--param NAME LO HI ...]

OUT_DIR holds paths.parquet, summary.csv and summary.json of one `softpower run --per-path`.
Checks: the columns are `path`, then the `--column` names in order (when given); one row per
path, in path order (`path` = 0, 1, ..., paths - 1, INT64); each outcome column `<metric>@<year>`
has the mean of summary.csv's row of that metric and year to 1e-12 relative, its sd to 1e-9, and
exactly its min and max; each `--param` column lies in [LO, HI] (`inf` allowed). Exit 0 when all
hold, 1 when one fails, 3 when pandas or pyarrow is missing (tests must not pass without them).
"""

import argparse
import json
import math
import os
import sys

MEAN_RTOL = 1e-12
SD_RTOL = 1e-9


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir")
    ap.add_argument("--column", action="append", default=[], help="expected column, in order")
    ap.add_argument("--param", action="append", nargs=3, default=[], metavar=("NAME", "LO", "HI"))
    args = ap.parse_args()
    try:
        import pandas as pd
        import pyarrow.parquet as pq
    except ImportError as e:
        print(f"check_paths_parquet: cannot read Parquet here ({e}); "
              "install them with `python3 -m pip install pandas pyarrow`", file=sys.stderr)
        return 3

    path = os.path.join(args.out_dir, "paths.parquet")
    meta = pq.ParquetFile(path).metadata
    df = pd.read_parquet(path, engine="pyarrow")
    summary = pd.read_csv(os.path.join(args.out_dir, "summary.csv"))
    with open(os.path.join(args.out_dir, "summary.json")) as f:
        paths = json.load(f)["paths"]
    problems = []

    def check(ok, what):
        if not ok:
            problems.append(what)

    if args.column:
        check(list(df.columns) == ["path"] + args.column,
              f"columns {list(df.columns)}, expected {['path'] + args.column}")
    check(len(df) == paths, f"{len(df)} rows for {paths} paths")
    check(str(df["path"].dtype) == "int64", f"path is {df['path'].dtype}, not int64")
    check((df["path"].to_numpy() == range(len(df))).all(), "rows are not in path order")

    outcomes = [c for c in df.columns if "@" in c]
    for c in outcomes:
        metric, year = c.rsplit("@", 1)
        row = summary[(summary["metric"] == metric) & (summary["year"] == float(year))]
        if len(row) != 1:
            problems.append(f"{c}: {len(row)} rows of summary.csv for metric {metric}, year {year}")
            continue
        row = row.iloc[0]
        x = df[c]
        mean, sd = x.mean(), x.std(ddof=1)
        rel = abs(mean - row["mean"]) / max(abs(row["mean"]), 1e-300)
        check(rel <= MEAN_RTOL, f"{c}: mean {mean!r}, summary.csv {row['mean']!r} (rel {rel:.2e})")
        if len(x) > 1:
            rel_sd = abs(sd - row["sd"]) / max(abs(row["sd"]), 1e-300)
            check(rel_sd <= SD_RTOL, f"{c}: sd {sd!r}, summary.csv {row['sd']!r} (rel {rel_sd:.2e})")
        check(x.min() == row["min"], f"{c}: min {x.min()!r}, summary.csv {row['min']!r}")
        check(x.max() == row["max"], f"{c}: max {x.max()!r}, summary.csv {row['max']!r}")
    for name, lo, hi in args.param:
        lo, hi = float(lo), float(hi)
        if name not in df.columns:
            problems.append(f"no column {name!r}")
            continue
        x = df[name]
        inside = x.between(lo, hi).all() and all(map(math.isfinite, (x.min(), x.max())))
        check(inside, f"{name}: values in [{x.min()!r}, {x.max()!r}], outside [{lo}, {hi}]")

    if problems:
        for p in problems:
            print(f"check_paths_parquet: {p}", file=sys.stderr)
        return 1
    print(f"ok: {len(df)} rows in {meta.num_row_groups} row groups, {len(df.columns)} columns, "
          f"{len(outcomes)} outcome means match summary.csv ({meta.created_by})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
