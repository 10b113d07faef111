#!/usr/bin/env python3
"""Read an exploration's experiments.parquet back with pandas (pyarrow) and check it against
experiments.csv and explore.json.

Usage: check_experiments_parquet.py OUT_DIR

OUT_DIR holds experiments.parquet, experiments.csv and explore.json of one `softpower explore`.
Checks: the Parquet columns are explore.json's `columns`, in order, and the CSV's header; one row
per experiment (explore.json's `experiments`); `experiment` is INT64 and 0, 1, 2, ...; every other
column is DOUBLE and equal, value for value, to the CSV's (parsed round-trip exactly). Exit 0
when all hold, 1 when one fails, 3 when pandas or pyarrow is missing (tests must not pass
without them).
"""

import csv
import json
import os
import sys


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    out_dir = sys.argv[1]
    try:
        import pandas as pd
        import pyarrow.parquet as pq
    except ImportError as e:
        print(f"check_experiments_parquet: cannot read Parquet here ({e}); "
              "install them with `python3 -m pip install pandas pyarrow`", file=sys.stderr)
        return 3

    path = os.path.join(out_dir, "experiments.parquet")
    meta = pq.ParquetFile(path).metadata
    df = pd.read_parquet(path, engine="pyarrow")
    with open(os.path.join(out_dir, "experiments.csv"), newline="") as f:
        rows = list(csv.reader(f))
    # Python's float() reads the CSV's shortest round-trip text back to the exact double.
    csv_df = pd.DataFrame([[float(v) for v in r] for r in rows[1:]], columns=rows[0])
    with open(os.path.join(out_dir, "explore.json")) as f:
        about = json.load(f)
    problems = []

    def check(ok, what):
        if not ok:
            problems.append(what)

    check(list(df.columns) == about["columns"],
          f"columns {list(df.columns)}, explore.json says {about['columns']}")
    check(list(df.columns) == list(csv_df.columns),
          f"columns {list(df.columns)}, experiments.csv has {list(csv_df.columns)}")
    check(len(df) == about["experiments"],
          f"{len(df)} rows for {about['experiments']} experiments")
    check(len(df) == len(csv_df), f"{len(df)} rows, experiments.csv has {len(csv_df)}")
    check(str(df["experiment"].dtype) == "int64", f"experiment is {df['experiment'].dtype}")
    check((df["experiment"].to_numpy() == range(len(df))).all(), "experiments out of order")
    for c in df.columns[1:]:
        if c not in csv_df.columns:
            continue
        check(str(df[c].dtype) == "float64", f"{c} is {df[c].dtype}, not float64")
        a, b = df[c].to_numpy(), csv_df[c].to_numpy(dtype="float64")
        same = len(a) == len(b) and all(x == y or (x != x and y != y) for x, y in zip(a, b))
        check(same, f"{c}: Parquet and CSV values differ")

    if problems:
        for p in problems:
            print(f"check_experiments_parquet: {p}", file=sys.stderr)
        return 1
    print(f"ok: {len(df)} experiments in {meta.num_row_groups} row groups, {len(df.columns)} "
          f"columns equal to experiments.csv ({meta.created_by})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
