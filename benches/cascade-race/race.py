#!/usr/bin/env python3
"""The cascade race, workload W2: `chistka cascade` against `EoN.fast_SIR`.

Run through run.sh, which prepares the venv and the chistka binary. Steps:

1. Write the graphs once: G(n, m) with m = 5 n (mean degree 10), uniform over simple graphs,
   from a fixed seed, as `u v` edge lists under --work. Both programs read these files.
2. Equivalence before speed: at N = 1e4, final sizes over 200 seeds from each program must
   agree (two-sample Kolmogorov-Smirnov p > 0.01, means within two standard errors).
3. Speed at N = 1e5 and 1e6, one thread each: simulation time alone (loading reported
   separately) and the peak resident memory of the whole process.

Every measured program runs in its own child process under GNU time, so its peak memory is
its own. Start set for every N: the first 10 node ids (0..9), arrested at time 0.
"""

import argparse
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time

TAU = 0.3
GAMMA = 1.0
INITIAL = 10
MEAN_DEGREE = 10
GRAPH_SEED = 20240601
EQUIV_N = 10_000
EQUIV_SEEDS = 200


# --------------------------------------------------------------------------- child: EoN

def eon_child(path, n, seeds):
    """Load the edge list into networkx, run fast_SIR once per seed, print JSON lines."""
    import EoN
    import networkx as nx
    import numpy as np

    t0 = time.perf_counter()
    edges = np.loadtxt(path, dtype=np.int64, comments="#", ndmin=2)
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from(edges.tolist())
    del edges
    load = time.perf_counter() - t0
    print(json.dumps({"load_seconds": load, "nodes": g.number_of_nodes(),
                      "edges": g.number_of_edges()}), flush=True)
    initial = list(range(INITIAL))
    for seed in seeds:
        rng = np.random.default_rng(seed)
        t0 = time.perf_counter()
        t, s, i, r = EoN.fast_SIR(g, TAU, GAMMA, initial_infecteds=initial, rng=rng)
        seconds = time.perf_counter() - t0
        print(json.dumps({"run": seed, "final_size": int(r[-1] + i[-1]),
                          "events": len(t) - 1, "seconds": seconds}), flush=True)


# --------------------------------------------------------------------------- parent

def run_measured(cmd):
    """Run cmd; return (stdout, stderr, wall seconds, its peak RSS in MiB).

    The peak comes from GNU time's %M, not from this process's wait4: a child forked from
    this Python process (numpy and scipy loaded) inherits its resident-set high-water mark
    across exec, which would hide a small program's own peak. time itself is tiny."""
    with tempfile.TemporaryDirectory() as tmp:
        rss_file = os.path.join(tmp, "rss")
        err_file = os.path.join(tmp, "err")
        t0 = time.perf_counter()
        with open(err_file, "w") as errf:
            proc = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss_file, *cmd],
                                  stdout=subprocess.PIPE, stderr=errf, text=True)
        wall = time.perf_counter() - t0
        with open(err_file) as f:
            err = f.read()
        if proc.returncode != 0:
            sys.exit(f"failed ({proc.returncode}): {' '.join(map(str, cmd))}\n{err}")
        with open(rss_file) as f:
            rss_kib = int(f.read().split()[-1])
    return proc.stdout, err, wall, rss_kib / 1024.0


def write_graph(path, n, seed):
    """G(n, m), m = n * MEAN_DEGREE / 2: draw pairs, drop self-loops and repeats, keep the first
    m distinct edges in draw order (uniform over simple graphs with m edges)."""
    import numpy as np

    m = n * MEAN_DEGREE // 2
    rng = np.random.default_rng(seed)
    keys = np.empty(0, dtype=np.int64)
    while True:
        a = rng.integers(0, n, size=int(m * 1.1) + 100, dtype=np.int64)
        b = rng.integers(0, n, size=a.size, dtype=np.int64)
        keep = a != b
        lo, hi = np.minimum(a, b)[keep], np.maximum(a, b)[keep]
        keys = np.concatenate([keys, lo * n + hi])
        _, first = np.unique(keys, return_index=True)
        if first.size >= m:
            keys = keys[np.sort(first)[:m]]
            break
    edges = np.column_stack([keys // n, keys % n])
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(f"# G(n, m) random graph: n = {n}, m = {m}, numpy seed {seed}\n")
        np.savetxt(f, edges, fmt="%d")
    os.replace(tmp, path)


def chistka(binary, path, seed, runs):
    cmd = [binary, "cascade", "--edges", path, "--tau", str(TAU), "--gamma", str(GAMMA),
           "--initial", str(INITIAL), "--seed", str(seed), "--runs", str(runs), "--threads", "1"]
    out, err, wall, rss = run_measured(cmd)
    m = re.search(r"loaded (\d+) nodes, (\d+) edges in ([0-9.]+) s", err)
    if not m:
        sys.exit(f"no load line from chistka: {err}")
    rows = [json.loads(line) for line in out.splitlines() if line.strip()]
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    shown = [os.path.relpath(c, root) if os.path.isabs(c) else c for c in cmd]
    return {"load_seconds": float(m.group(3)), "rows": rows, "wall": wall, "rss_mib": rss,
            "cmd": " ".join(shown)}


def eon(path, n, seeds):
    cmd = [sys.executable, os.path.abspath(__file__), "--eon-child", path, str(n),
           ",".join(map(str, seeds))]
    out, err, wall, rss = run_measured(cmd)
    lines = [json.loads(line) for line in out.splitlines() if line.strip()]
    return {"load_seconds": lines[0]["load_seconds"], "rows": lines[1:], "wall": wall,
            "rss_mib": rss}


def mean_se(xs):
    return statistics.fmean(xs), statistics.stdev(xs) / len(xs) ** 0.5


def machine():
    model = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    import EoN
    import networkx
    import numpy
    import scipy
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    return {
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        # GNU nproc honours OMP_NUM_THREADS, which run.sh sets to 1: ask it without.
        "nproc": subprocess.run(["nproc"], capture_output=True, text=True, env={
            k: v for k, v in os.environ.items() if k != "OMP_NUM_THREADS"}).stdout.strip(),
        "cpu": model,
        "python": platform.python_version(),
        "loadavg": "%.2f %.2f %.2f" % os.getloadavg(),
        "versions": f"EoN {EoN.__version__}, networkx {networkx.__version__}, "
                    f"numpy {numpy.__version__}, scipy {scipy.__version__}, {rustc}",
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chistka", required=True)
    ap.add_argument("--work", required=True, help="directory for the graph files")
    ap.add_argument("--results", required=True, help="markdown file to write")
    ap.add_argument("--sizes", default="100000,1000000", help="N for the speed runs")
    ap.add_argument("--chistka-runs", type=int, default=11, help="timed chistka runs per N")
    ap.add_argument("--eon-runs", default="100000:3,1000000:2",
                    help="timed EoN runs per N, as N:runs,...")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    eon_runs = {int(k): int(v) for k, v in (p.split(":") for p in args.eon_runs.split(","))}

    def graph(n):
        path = os.path.join(args.work, f"gnm-{n}.txt")
        if not os.path.exists(path):
            t0 = time.perf_counter()
            write_graph(path, n, GRAPH_SEED + n)
            print(f"wrote {path} in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        return path

    info = machine()
    print(f"machine: {info}", file=sys.stderr)
    started = time.perf_counter()

    # 1. Equivalence.
    path = graph(EQUIV_N)
    seeds = list(range(1, EQUIV_SEEDS + 1))
    print(f"equivalence: {EQUIV_SEEDS} runs each at N = {EQUIV_N}", file=sys.stderr)
    c = chistka(args.chistka, path, 1, EQUIV_SEEDS)
    e = eon(path, EQUIV_N, seeds)
    from scipy.stats import ks_2samp
    cs = [r["final_size"] for r in c["rows"]]
    es = [r["final_size"] for r in e["rows"]]
    ks = ks_2samp(cs, es)
    (cm, cse), (em, ese) = mean_se(cs), mean_se(es)
    gap_se = abs(cm - em) / (cse**2 + ese**2) ** 0.5
    equivalent = bool(ks.pvalue > 0.01 and gap_se < 2.0)
    equiv = {"ks_stat": ks.statistic, "ks_p": ks.pvalue, "chistka_mean": cm, "chistka_se": cse,
             "eon_mean": em, "eon_se": ese, "gap_se": gap_se, "equivalent": equivalent,
             "chistka_events": statistics.fmean(r["events"] for r in c["rows"]),
             "eon_events": statistics.fmean(r["events"] for r in e["rows"]),
             "chistka_total_s": sum(r["seconds"] for r in c["rows"]),
             "eon_total_s": sum(r["seconds"] for r in e["rows"])}
    print(f"equivalence: {equiv}", file=sys.stderr)

    # 2. Speed.
    speed = []
    for n in sizes:
        path = graph(n)
        print(f"speed at N = {n}: chistka", file=sys.stderr)
        c = chistka(args.chistka, path, 1, args.chistka_runs)
        k = eon_runs.get(n, 1)
        print(f"speed at N = {n}: EoN, {k} run(s)", file=sys.stderr)
        e = eon(path, n, list(range(1, k + 1)))
        row = {"n": n, "chistka": c, "eon": e,
               "c_sim": statistics.median(r["seconds"] for r in c["rows"]),
               "e_sim": statistics.median(r["seconds"] for r in e["rows"])}
        row["ratio"] = row["e_sim"] / row["c_sim"]
        print(f"N = {n}: EoN {row['e_sim']:.3f} s, chistka {row['c_sim']:.4f} s, "
              f"ratio {row['ratio']:.0f}", file=sys.stderr)
        speed.append(row)

    info["loadavg_end"] = "%.2f %.2f %.2f" % os.getloadavg()
    info["minutes"] = (time.perf_counter() - started) / 60
    raw = os.path.join(args.work, "race.json")
    with open(raw, "w") as f:
        json.dump({"machine": info, "equivalence": equiv, "speed": speed}, f, indent=1,
                  default=float)
    print(f"raw results in {raw}", file=sys.stderr)
    write_results(args.results, info, equiv, speed, args)


def write_results(path, info, eq, speed, args):
    L = []
    L.append("# Cascade race: results\n")
    L.append("Workload W2 of the cascade-race spec: continuous-time Markovian SIR on an "
             "undirected G(n, m) random graph with mean degree 10 (m = 5 N), tau = 0.3, "
             "gamma = 1.0 per day, the first 10 node ids (0..9) arrested at time 0 for every N "
             "(not 0.1% of N), run until nobody is under arrest. Both programs read the same "
             "`u v` edge-list file and run on one thread. Written by `benches/cascade-race/"
             "run.sh`; do not edit by hand.\n")
    L.append(f"- Date: {info['date']}")
    L.append(f"- Machine: {info['nproc']} cores (`nproc`), {info['cpu']}")
    L.append(f"- Load average (1, 5, 15 min) at the start: {info['loadavg']}; at the end: "
             f"{info['loadavg_end']} (other work on the machine shares its 2 cores; both "
             f"programs ran in the same sitting, {info['minutes']:.1f} min)")
    L.append(f"- Software: Python {info['python']}, {info['versions']}")
    L.append(f"- Graph seed: numpy `default_rng({GRAPH_SEED} + N)`\n")

    L.append("## Equivalence (N = 1e4, 200 seeds each)\n")
    L.append("| | chistka | EoN.fast_SIR |")
    L.append("|---|---:|---:|")
    L.append(f"| mean final size | {eq['chistka_mean']:.1f} ± {eq['chistka_se']:.1f} | "
             f"{eq['eon_mean']:.1f} ± {eq['eon_se']:.1f} |")
    L.append(f"| mean events | {eq['chistka_events']:.0f} | {eq['eon_events']:.0f} |")
    L.append(f"| simulation time, all 200 runs | {eq['chistka_total_s']:.3f} s | "
             f"{eq['eon_total_s']:.1f} s |\n")
    L.append(f"Two-sample Kolmogorov-Smirnov: D = {eq['ks_stat']:.3f}, p = {eq['ks_p']:.3f} "
             f"(need > 0.01). Difference of means: {eq['gap_se']:.2f} standard errors "
             f"(need < 2). **{'Equivalent' if eq['equivalent'] else 'NOT equivalent'}**"
             f"{'' if eq['equivalent'] else ': the speed ratios below do not count'}.\n")
    L.append("(± is one standard error of the mean. chistka runs use seed 1, runs 0..199; EoN "
             "runs use `numpy.random.default_rng(s)`, s = 1..200.)\n")

    L.append("## Speed (one thread)\n")
    L.append("Simulation time is the median over the timed runs of the simulation alone; "
             "loading (parsing the file, building chistka's adjacency or the networkx graph) is "
             "shown separately. Peak memory is the peak resident set of the whole process "
             "(graph included), from GNU time's `%M`.\n")
    L.append("| N | program | runs | final size | events | simulation | load | peak memory |")
    L.append("|---:|---|---:|---:|---:|---:|---:|---:|")
    for row in speed:
        for name, key in (("chistka", "chistka"), ("EoN.fast_SIR", "eon")):
            d = row[key]
            rs = d["rows"]
            sim = row["c_sim"] if key == "chistka" else row["e_sim"]
            L.append(f"| {row['n']:.0e} | {name} | {len(rs)} | "
                     f"{statistics.fmean(r['final_size'] for r in rs):.0f} | "
                     f"{statistics.fmean(r['events'] for r in rs):.0f} | {sim:.4g} s | "
                     f"{d['load_seconds']:.3g} s | {d['rss_mib']:.0f} MiB |")
    L.append("")
    L.append("| N | EoN / chistka, simulation time | EoN events/s | chistka events/s |")
    L.append("|---:|---:|---:|---:|")
    for row in speed:
        ce = statistics.fmean(r["events"] for r in row["chistka"]["rows"]) / row["c_sim"]
        ee = statistics.fmean(r["events"] for r in row["eon"]["rows"]) / row["e_sim"]
        L.append(f"| {row['n']:.0e} | **{row['ratio']:.0f}x** | {ee:.3g} | {ce:.3g} |")
    L.append("")
    L.append("Notes: chistka does not record a time series (EoN's fast_SIR returns one, with "
             "an entry per event); chistka keeps only arrests in its event queue, since a "
             "sentence triggers nothing (see `crates/cascade/src/sir.rs`). Both count events "
             "after time 0: one per arrest by naming and one per sentence (the 10 initial "
             "arrests are the start state). Timed runs: chistka seed 1, runs "
             f"0..{args.chistka_runs - 1}; EoN seeds 1..k.\n")
    L.append(f"chistka command (speed, from the repository root): "
             f"`{speed[-1]['chistka']['cmd']}`" if speed else "")
    with open(path, "w") as f:
        f.write("\n".join(L) + "\n")
    print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--eon-child":
        eon_child(sys.argv[2], int(sys.argv[3]), [int(s) for s in sys.argv[4].split(",")])
    else:
        main()
