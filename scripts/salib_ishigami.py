#!/usr/bin/env python3
"""SALib's accuracy on Ishigami (a = 7, b = 0.1): worst error of S1 and ST against the
analytic values, and how many of SALib's intervals (estimate +/- conf) cover them.

    pip install SALib          # 1.6 measured
    python3 scripts/salib_ishigami.py [N] [SEEDS] [RESAMPLES]   # defaults 8192 5 100

Seed s (1 to SEEDS) seeds both SALib's scrambled Sobol sampler and its bootstrap; no
second order, 95 % intervals. The softpower counterpart is
`cargo run --example sensitivity_accuracy`.
"""

import math
import sys
import time

import numpy as np
from importlib.metadata import version

from SALib.analyze import sobol as analyze
from SALib.sample import sobol as sample
from SALib.test_functions import Ishigami


def analytic(a=7.0, b=0.1):
    p4, p8 = math.pi**4, math.pi**8
    v1 = b * p4 / 5 + b * b * p8 / 50 + 0.5
    v2 = a * a / 8
    v13 = 8 * b * b * p8 / 225
    v = v1 + v2 + v13
    return [v1 / v, v2 / v, 0.0], [(v1 + v13) / v, v2 / v, v13 / v]


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 8192
    seeds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    resamples = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    problem = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-math.pi, math.pi]] * 3}
    s1, st = analytic()
    truth = np.array(s1 + st)
    print(f"SALib {version('SALib')}, N = {n}, {seeds} seeds, {resamples} resamples")
    worsts, covered, width, sq = [], 0, 0.0, np.zeros(6)
    t = time.time()
    for seed in range(1, seeds + 1):
        x = sample.sample(problem, n, calc_second_order=False, seed=seed)
        y = Ishigami.evaluate(x)
        si = analyze.analyze(
            problem, y, calc_second_order=False, num_resamples=resamples, seed=seed
        )
        est = np.concatenate([si["S1"], si["ST"]])
        conf = np.concatenate([si["S1_conf"], si["ST_conf"]])
        w = float(np.max(np.abs(est - truth)))
        c = int(np.sum(np.abs(est - truth) <= conf))
        print(f"seed {seed}: worst error {w:.4f}, covered {c}/6, mean width {2 * conf.mean():.4f}")
        worsts, covered, width = worsts + [w], covered + c, width + 2 * conf.mean()
        sq += (est - truth) ** 2
    worsts.sort()
    print(
        f"ishigami: worst error {worsts[-1]:.4f}, intervals covering {covered}/{6 * seeds}, "
        f"mean width {width / seeds:.4f}; median of the seeds' worst errors "
        f"{worsts[(len(worsts) - 1) // 2]:.4f}, seeds with every error below 0.003: "
        f"{sum(w < 0.003 for w in worsts)}/{seeds} ({time.time() - t:.2f} s)"
    )
    print("ishigami: RMS error of S1, then ST:", " ".join(f"{r:.5f}" for r in np.sqrt(sq / seeds)))


if __name__ == "__main__":
    main()
