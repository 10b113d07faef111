#!/usr/bin/env python3
"""Checks the Joe-Kuo direction numbers embedded in src/study/ against independent copies.

The embedded file holds the header and the rows for dimensions 2 to 1024 of Joe and Kuo's
new-joe-kuo-6.21201 (columns d, s, a, m_1 ... m_s). This compares every row with
  * SciPy's table (scipy/stats/_sobol_direction_numbers.npz: poly = 2^s + 2a + 1, vinit = m),
  * SALib's table (SALib.sample.directions: (a, m_1, ..., m_s) for d = 2, 3, ...),
  * optionally the published file itself, given as the first argument.

    pip install scipy SALib
    python3 scripts/check_joe_kuo.py [path/to/new-joe-kuo-6.21201]
"""

import os
import sys

import numpy as np
import scipy.stats

HERE = os.path.dirname(os.path.abspath(__file__))
EMBEDDED = os.path.join(HERE, "..", "src", "study", "new-joe-kuo-6.21201.d1024.txt")


def rows(path):
    with open(path) as f:
        lines = f.read().splitlines()
    assert lines[0].split() == ["d", "s", "a", "m_i"], lines[0]
    out = []
    for line in lines[1:]:
        t = [int(x) for x in line.split()]
        d, s, a, m = t[0], t[1], t[2], t[3:]
        assert len(m) == s, line
        out.append((d, s, a, m))
    return out


def main():
    emb = rows(EMBEDDED)
    assert [r[0] for r in emb] == list(range(2, 1025)), "dimensions 2 to 1024 in order"
    bad = []

    npz = np.load(
        os.path.join(os.path.dirname(scipy.stats.__file__), "_sobol_direction_numbers.npz")
    )
    poly, vinit = npz["poly"], npz["vinit"]
    for d, s, a, m in emb:
        if poly[d - 1] != (1 << s) | (a << 1) | 1 or list(vinit[d - 1][:s]) != m:
            bad.append(("scipy", d))

    try:
        from SALib.sample.directions import directions
    except ImportError:
        directions = None
        print("SALib not installed: skipped")
    if directions is not None:
        for d, s, a, m in emb:
            if tuple([a] + m) != tuple(directions[d - 2]):
                bad.append(("SALib", d))

    if len(sys.argv) > 1:
        pub = {r[0]: r for r in rows(sys.argv[1])}
        for r in emb:
            if pub.get(r[0]) != r:
                bad.append(("published file", r[0]))

    if bad:
        print("MISMATCH:", bad[:20])
        sys.exit(1)
    print(f"{len(emb)} rows (dimensions 2 to 1024) agree with every copy checked")


if __name__ == "__main__":
    main()
