#!/usr/bin/env python3
"""Plain numpy reference implementation of the `cultural-export` model (MODEL.md, v1).

It is the comparison point for the Rust engine's throughput: the same equations,
vectorised over paths, with arrays of shape (paths, cells) and (paths, markets).
It does not reproduce the engine's random streams (numpy's PCG64 is used), so it
agrees with the engine in distribution only, not path by path.

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 \
        python3 benches/numpy/reference.py --paths 100000

Reported: path-steps per second (paths x steps / wall time of the simulation loop,
uncertainty draws included, scenario parsing excluded), peak RSS and the per-step
means of a few outcomes (k = 0 and the horizon).
"""

import argparse
import math
import os
import resource
import sys
import time
import zlib

try:
    import tomllib  # python >= 3.11
except ModuleNotFoundError:  # pragma: no cover
    import tomli as tomllib

import numpy as np

OPEN, TENSION, BAN = 0, 1, 2
REGIME = {"open": OPEN, "tension": TENSION, "ban": BAN}
LEVERS = (
    "funding_bn_per_year",
    "visa_easing",
    "ip_protection",
    "platform_partnerships",
    "marketing_network",
    "own_platform",
    "import_restriction",
)


# --------------------------------------------------------------------------- scenario


def _merge(parent, child, path=()):
    """`extends` merge: tables deep-merge (child wins); arrays of tables, lever values
    and uncertainty entries are replaced whole."""
    out = dict(parent)
    for key, value in child.items():
        whole = path in (("levers",), ("uncertainty",))
        if isinstance(value, dict) and isinstance(out.get(key), dict) and not whole:
            out[key] = _merge(out[key], value, path + (key,))
        else:
            out[key] = value
    return out


def load_scenario(path, seen=()):
    path = os.path.abspath(path)
    if path in seen:
        sys.exit(f"extends cycle at {path}")
    with open(path, "rb") as fh:
        doc = tomllib.load(fh)
    parent = doc.get("scenario", {}).get("extends")
    if parent:
        base = load_scenario(os.path.join(os.path.dirname(path), parent), seen + (path,))
        doc = _merge(base, doc)
        doc["scenario"].pop("extends", None)
    return doc


def lever_at(value, when):
    """A lever's value at calendar time `when`: the entry with the latest year not
    after `when`, else the first entry."""
    if not isinstance(value, dict):
        return float(value)
    entries = sorted((float(y), float(v)) for y, v in value.items())
    chosen = entries[0][1]
    for year, v in entries:
        if year <= when + 1e-9:
            chosen = v
    return chosen


# --------------------------------------------------------------------------- uncertainty


def _draw(spec, rng, n):
    d = spec["dist"]
    lo, hi = spec.get("min", -math.inf), spec.get("max", math.inf)

    def truncated(sample):
        x = sample(n)
        bad = (x < lo) | (x > hi)
        while bad.any():  # truncation by resampling
            x[bad] = sample(int(bad.sum()))
            bad = (x < lo) | (x > hi)
        return x

    if d == "fixed":
        return np.full(n, float(spec["value"]))
    if d == "uniform":
        return rng.uniform(spec["min"], spec["max"], n)
    if d == "normal":
        return truncated(lambda m: rng.normal(spec["mean"], spec["sd"], m))
    if d == "lognormal":
        return truncated(lambda m: rng.lognormal(spec["mu"], spec["sigma"], m))
    if d == "triangular":
        return rng.triangular(spec["min"], spec["mode"], spec["max"], n)
    if d == "beta":
        a, b = spec.get("min", 0.0), spec.get("max", 1.0)
        return a + (b - a) * rng.beta(spec["alpha"], spec["beta"], n)
    if d == "pert":
        a, m, b = spec["min"], spec["mode"], spec["max"]
        al, be = 1 + 4 * (m - a) / (b - a), 1 + 4 * (b - m) / (b - a)
        return a + (b - a) * rng.beta(al, be, n)
    sys.exit(f"unknown distribution {d!r}")


class Uncertainty:
    """Per-path draws for scalar `response.*` and `imports.*` parameters, each from a
    stream of its own. Other targets (levers, sector/market/base fields, index) are
    skipped with a warning: this reference does not carry them per path."""

    def __init__(self, doc, seed, enabled):
        self.streams = {}
        if not enabled:
            return
        for key, spec in doc.get("uncertainty", {}).items():
            section, _, name = key.partition(".")
            if section in ("response", "imports") and "." not in name:
                ss = np.random.SeedSequence([seed, zlib.crc32(key.encode())])
                self.streams[(section, name)] = (spec, np.random.default_rng(ss))
            else:
                print(f"warning: [uncertainty] {key!r} not supported here, held fixed",
                      file=sys.stderr)

    def batch(self, section, params, n):
        """Copy of `params` where uncertain entries are (n, 1) arrays for this batch."""
        out = dict(params)
        for (sec, name), (spec, rng) in self.streams.items():
            if sec == section:
                out[name] = _draw(spec, rng, n)[:, None]
        return out


# --------------------------------------------------------------------------- model


class Model:
    def __init__(self, doc):
        sc = doc["scenario"]
        self.start = float(sc["start_year"])
        self.spy = int(sc["steps_per_year"])
        self.T = int(sc["years"]) * self.spy
        self.dt = 1.0 / self.spy
        self.seed = int(sc.get("seed", 0))
        self.resp = {k: float(v) for k, v in doc["response"].items()}
        self.imp = {k: float(v) for k, v in doc["imports"].items()}

        sectors = doc["sector"]
        self.S = len(sectors)
        sidx = {s["name"]: i for i, s in enumerate(sectors)}
        f = lambda key: np.array([float(s[key]) for s in sectors])
        self.g, self.sq, self.sh = f("growth"), f("capacity_volatility"), f("hit_volatility")
        self.tau, self.phi = f("talent_intensity"), f("funding_scale_bn")
        self.digital = np.array([bool(s["digital"]) for s in sectors])
        self.goods = np.array([s["kind"] == "goods" for s in sectors])

        mk = doc["market"]
        self.M = len(mk)
        m = lambda key: np.array([float(x[key]) for x in mk])
        self.w, self.N, self.d, self.piracy = m("export_share"), m("addressable_m"), m("demand_growth"), m("piracy")
        self.r, self.f0 = m("partner_reach"), m("favorability")
        self.hT, self.hR, self.hB, self.hU = m("tension_hazard"), m("relief_rate"), m("ban_hazard"), m("unban_rate")
        self.reg0 = np.array([REGIME[x["initial_regime"]] for x in mk], dtype=np.int8)
        self.A0 = m("own_subscribers_m")

        # Cells: one per (count-expanded base copy, listed sector).
        cs, cx, cd = [], [], []
        for b in doc["base"]:
            for _ in range(int(b.get("count", 1))):
                for sname, x0 in b["exports_bn"].items():
                    cs.append(sidx[sname])
                    cx.append(float(x0))
                    cd.append(bool(b["designated"]))
        self.csec = np.array(cs)
        self.X0 = np.array(cx)
        self.cdes = np.array(cd)
        self.C = len(cs)
        # (cells, sectors) aggregation matrix: sum_b X0 C H per sector is (C*H) @ W.
        self.W = np.zeros((self.C, self.S))
        self.W[np.arange(self.C), self.csec] = self.X0

        lv = doc["levers"]
        # Levers in effect during step k (index k = 1..T); index 0 = initial levers.
        self.lev = {
            name: np.array([lever_at(lv[name], self.start + max(k - 1, 0) * self.dt)
                            for k in range(self.T + 1)])
            for name in LEVERS
        }

    # One batch of n paths; fills sums[k, j] with per-step sums over paths.
    def run_batch(self, n, rng, unc, sums, horizon_exports):
        dt, sdt, T = self.dt, math.sqrt(self.dt), self.T
        R = unc.batch("response", self.resp, n)
        I = unc.batch("imports", self.imp, n)
        L = self.lev
        N, w, f0 = self.N, self.w, self.f0

        # Per-cell constants (drift parts that do not depend on path).
        desig = self.cdes.astype(float)
        g_c, sq_c, sh_c = self.g[self.csec], self.sq[self.csec], self.sh[self.csec]
        tau_c, phi_c = self.tau[self.csec], self.phi[self.csec]
        X0_des_sum = self.X0[self.cdes].sum()
        shoff = -0.5 * sh_c**2
        sqsdt = sq_c * sdt

        # State.
        reg = np.broadcast_to(self.reg0, (n, self.M)).copy()
        q = np.zeros((n, self.C))
        A = np.broadcast_to(self.A0, (n, self.M)).copy()
        fav = np.broadcast_to(f0, (n, self.M)).copy()
        Ig = np.full((n, 1), 1.0) * I["goods_bn"]
        Is = np.full((n, 1), 1.0) * I["services_bn"]

        # k = 0 quantities (denominators of the relative factors).
        om0, pi0, mu0, io0, rho0 = (L[x][0] for x in ("own_platform", "platform_partnerships",
                                                       "marketing_network", "ip_protection",
                                                       "import_restriction"))
        open0 = self.reg0 == OPEN
        R0 = pi0 * self.r * N * np.where(open0, 1.0, 1.0 - R["tension_partner_penalty"])
        Aud0 = np.minimum(N, self.A0 + R0)
        notopen0 = (~open0).astype(float)
        tX, tB = R["tension_export_penalty"], R["ban_digital_penalty"]
        acc_d = np.array([1.0, 1.0 - tX, (1.0 - tX) * (1.0 - tB)])
        acc_n = np.array([1.0, 1.0 - tX, 1.0 - tX])
        acc_d0, acc_n0 = acc_d[self.reg0], acc_n[self.reg0]
        lamD, lamM = R["digital_reach_elasticity"], R["marketing_reach_elasticity"]
        reach_d0 = 1.0 + lamD * Aud0 / N  # (n,1)*(M,) -> (n,M) when lamD is per path
        reach_n0 = 1.0 + lamM * mu0
        ret0 = 1.0 - self.piracy * (1.0 - io0)
        eps = R["favorability_elasticity"]
        erho = I["restriction_effect"]
        sdig = self.digital

        # Record k = 0.
        ex_s0 = self.W.sum(axis=0)
        goods0, serv0 = ex_s0[self.goods].sum(), ex_s0[~self.goods].sum()
        Is0 = np.broadcast_to(I["services_bn"], (n, 1))
        sums[0] += [n * (goods0 + serv0), n * goods0, n * serv0,
                    np.broadcast_to(Aud0, (n, self.M)).sum(), (serv0 - Is0).sum()]

        Z = np.empty((n, self.C))
        CH = np.empty((n, self.C))
        for k in range(1, T + 1):
            t = k * dt
            F, v, io, pi, mu, om, rho = (L[x][k] for x in LEVERS)

            # 1. Regimes.
            U = rng.random((n, self.M))
            pT = 1.0 - np.exp(-self.hT * (1 + R["restriction_tension_boost"] * rho)
                              * (1 + R["own_platform_tension_boost"] * om) * dt)
            pB = 1.0 - np.exp(-self.hB * (1 + R["own_platform_tension_boost"] * om) * dt)
            pR = 1.0 - np.exp(-self.hR * dt)
            tot = pB + pR
            scale = np.where(tot > 1.0, tot, 1.0)
            pB, pR = pB / scale, pR / scale
            pU = 1.0 - np.exp(-self.hU * dt)
            from_open = np.where(U < pT, TENSION, OPEN)
            from_ten = np.where(U < pB, BAN, np.where(U < pB + pR, OPEN, TENSION))
            from_ban = np.where(U < pU, TENSION, BAN)
            reg = np.where(reg == OPEN, from_open,
                           np.where(reg == TENSION, from_ten, from_ban)).astype(np.int8)
            is_open, is_ten, is_ban = reg == OPEN, reg == TENSION, reg == BAN

            # 2. Capacity.
            # drift = g_s + a_F ln(1 + f/phi_s) + a_V v tau_s + a_I iota (designated cells).
            # The per-path a_F term (when a_F is uncertain) is added only when F > 0:
            # with F = 0 it is exactly zero.
            lnf = desig * np.log1p(F * self.X0 / X0_des_sum / phi_c)
            aF = R["funding_elasticity"]
            drift = g_c + desig * (R["visa_elasticity"] * v * tau_c + R["ip_elasticity"] * io)
            if np.ndim(aF) == 0:
                drift = drift + aF * lnf
            rng.standard_normal(out=Z)
            Z *= sqsdt
            q += Z
            q += (drift - 0.5 * sq_c**2) * dt  # (cells,) or (n, cells)
            if np.ndim(aF) != 0 and F != 0.0:
                q += (aF * dt) * lnf

            # 3. Hits; C*H = exp(q + sigmaH Z' - sigmaH^2/2).
            rng.standard_normal(out=Z)
            np.multiply(Z, sh_c, out=CH)
            CH += q
            CH += shoff
            np.exp(CH, out=CH)
            XS = CH @ self.W  # (n, S): sum_b X0 C H per sector

            # 4. Own platform, partner reach, audience.
            P = N * om
            Za = rng.standard_normal((n, self.M))
            A = np.minimum(A * math.exp(-R["churn"] * dt), P)
            tfac = np.where(is_ten, 1.0 - R["tension_adoption_penalty"], 1.0)
            p = R["bass_p"] * (1 + R["marketing_p_boost"] * mu) * tfac
            qq = R["bass_q"] * tfac
            ratio = np.divide(A, P, out=np.zeros_like(A), where=P > 0)
            sA = R["adoption_volatility"]
            new = (P - A) * (1.0 - np.exp(-(p + qq * ratio) * dt)) * np.exp(sA * sdt * Za - 0.5 * sA**2 * dt)
            A = np.minimum(P, A + new)
            A[is_ban] = 0.0
            Rm = pi * self.r * N * np.where(is_open, 1.0, 1.0 - R["tension_partner_penalty"])
            Aud = np.minimum(N, A + Rm)

            # 5. Favorability.
            Zf = rng.standard_normal((n, self.M))
            fav += (R["exposure_favorability"] * (Aud - Aud0) / N
                    - R["tension_favorability"] * ((~is_open) - notopen0)
                    - R["favorability_reversion"] * (fav - f0)) * dt \
                + R["favorability_volatility"] * sdt * Zf
            np.clip(fav, 0.001, 1.0, out=fav)

            # 6. Exports: sum_m G for digital and non-digital sectors.
            common = w * (1.0 - self.piracy * (1.0 - io)) / ret0 * np.exp(self.d * t) \
                * (fav / f0) ** eps
            Gd = (common * ((1.0 + lamD * Aud / N) / reach_d0) * (acc_d[reg] / acc_d0)).sum(axis=1)
            Gn = (common * (acc_n[reg] / acc_n0)).sum(axis=1) * ((1.0 + lamM * mu) / reach_n0)
            X = XS * np.where(sdig, Gd[:, None], Gn[:, None])
            ex_goods = X[:, self.goods].sum(axis=1)
            ex_serv = X[:, ~self.goods].sum(axis=1)

            # 7. Imports.
            Zi = rng.standard_normal((n, 2))
            sI, gI = I["volatility"], I["growth"]
            Ig = Ig * np.exp((gI - 0.5 * sI**2) * dt + sI * sdt * Zi[:, :1])
            Is = Is * np.exp((gI - 0.5 * sI**2) * dt + sI * sdt * Zi[:, 1:])
            imp_serv = Is[:, 0] * (1.0 - erho * rho) / (1.0 - erho * rho0)

            # Per-step reduction (sums over paths).
            ex_total = ex_goods + ex_serv
            sums[k, 0] += ex_total.sum()
            sums[k, 1] += ex_goods.sum()
            sums[k, 2] += ex_serv.sum()
            sums[k, 3] += Aud.sum()
            sums[k, 4] += (ex_serv - imp_serv).sum()
        horizon_exports.append(ex_total)


OUTCOMES = ("exports_total_bn", "exports_goods_bn", "exports_services_bn", "audience_m",
            "services_balance_bn")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("scenario", nargs="?",
                    default=os.path.join(here, "..", "..", "scenarios", "baseline.toml"))
    ap.add_argument("--paths", type=int, default=100_000)
    ap.add_argument("--batch", type=int, default=0, help="paths per batch (0: all in one)")
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--no-uncertainty", action="store_true",
                    help="ignore [uncertainty] entirely")
    ap.add_argument("--trace", action="store_true", help="print the means at every step")
    a = ap.parse_args()

    doc = load_scenario(a.scenario)
    model = Model(doc)
    seed = model.seed if a.seed is None else a.seed
    unc = Uncertainty(doc, seed, not a.no_uncertainty)
    batch = a.paths if a.batch <= 0 else min(a.batch, a.paths)
    rng = np.random.default_rng(np.random.SeedSequence([seed, 0]))
    sums = np.zeros((model.T + 1, len(OUTCOMES)))
    horizon = []

    t0, c0 = time.perf_counter(), time.process_time()
    done = 0
    while done < a.paths:
        n = min(batch, a.paths - done)
        model.run_batch(n, rng, unc, sums, horizon)
        done += n
    wall = time.perf_counter() - t0
    cpu = time.process_time() - c0

    means = sums / a.paths
    hx = np.concatenate(horizon)
    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(f"scenario     {doc['scenario']['name']}  ({model.C} cells, {model.M} markets, "
          f"{model.S} sectors, T = {model.T} steps)")
    print(f"uncertainty  {', '.join(f'{s}.{n}' for s, n in unc.streams) or 'off'}")
    print(f"paths        {a.paths} in batches of {batch}; numpy {np.__version__}")
    print(f"wall         {wall:.3f} s (simulation loop; process CPU {cpu:.3f} s)")
    print(f"throughput   {a.paths * model.T / wall:,.0f} path-steps/s "
          f"({a.paths * model.T / cpu:,.0f} per CPU-second)")
    print(f"peak RSS     {rss_mib:,.1f} MiB")
    rows = range(model.T + 1) if a.trace else (0, model.T)
    print("k    " + "  ".join(f"{o:>20}" for o in OUTCOMES))
    for k in rows:
        print(f"{k:<4} " + "  ".join(f"{means[k, j]:20.4f}" for j in range(len(OUTCOMES))))
    print(f"horizon exports_total_bn: median {np.median(hx):.2f}, "
          f"p5 {np.percentile(hx, 5):.2f}, p95 {np.percentile(hx, 95):.2f}")


if __name__ == "__main__":
    main()
