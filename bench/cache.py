#!/usr/bin/env python3
"""The prepared-result cache (issue 20): one-wrapper `apply` in fresh JVMs, interleaved rounds.

Per round, in this order: the nm/ar pipeline (bench/pipeline.sh), `apply --no-cache` (cold: reads,
plans, verifies, writes), `apply` with an empty cache (a miss that also stores the entry), and
`apply` with a warm cache (a hit: hashes nothing when the fingerprint records hold, copies the
stored archive out through the staged write). Prints medians, ratios to the pipeline and peak RSS,
and checks that every linkdedup variant wrote the same bytes and printed the same report.

    bench/cache.py [--runs N] [--perry DIR] [--six]

DIR: a built perry fixture (default bench/work/perry, built by testdata/perry/build.sh if missing).
--six: also the six-wrapper link (copies of the wrapper), cold against hit.
Uses bin/linkdedup (the jar and its class-data archive: `mvn -q -o -DskipTests package` first).
"""
import argparse, filecmp, os, re, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "bin", "linkdedup")
PIPE = os.path.join(ROOT, "bench", "pipeline.sh")
WORK = os.path.join(ROOT, "bench", "work")


def timed(cmd, out_dir=None, clear=()):
    if out_dir:
        shutil.rmtree(out_dir, ignore_errors=True)
    for d in clear:
        shutil.rmtree(d, ignore_errors=True)
    t0 = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wall = time.perf_counter() - t0
    err = p.stderr.decode("latin-1")
    if p.returncode != 0:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), err[-2000:]))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", err).group(1))
    return wall, rss, p.stdout


def perry(arg):
    d = arg or os.path.join(WORK, "perry")
    if not os.path.exists(os.path.join(d, "libperry_stdlib.a")):
        subprocess.run(["bash", os.path.join(ROOT, "testdata/perry/build.sh"), d, "default"], check=True,
                       stdout=subprocess.DEVNULL)
    return d


def bench(name, inputs, wrappers, stdlib, runs, tmp, with_pipeline=True):
    cache_warm = os.path.join(tmp, name + "-warm")
    cache_cold = os.path.join(tmp, name + "-cold")
    outs = {k: os.path.join(tmp, name + "-" + k) for k in ("nocache", "miss", "hit", "pipe")}
    apply = [BIN, "apply"]
    variants = {
        "nocache": lambda: timed(apply + ["--no-cache", "--out-dir", outs["nocache"]] + inputs, outs["nocache"]),
        "miss": lambda: timed(apply + ["--cache-dir", cache_cold, "--out-dir", outs["miss"]] + inputs, outs["miss"], [cache_cold]),
        "hit": lambda: timed(apply + ["--cache-dir", cache_warm, "--out-dir", outs["hit"]] + inputs, outs["hit"]),
    }
    if with_pipeline:
        variants["pipe"] = lambda: timed([PIPE, outs["pipe"], stdlib] + wrappers, outs["pipe"])
    # warm the cache; wait until the fingerprint records can be trusted (inputs' times 2 s old)
    timed(apply + ["--cache-dir", cache_warm, "--out-dir", outs["hit"]] + inputs, outs["hit"])
    timed(apply + ["--cache-dir", cache_warm, "--out-dir", outs["hit"]] + inputs, outs["hit"])
    res = {k: [] for k in variants}
    stdout = {}
    for _ in range(runs):
        for k, f in variants.items():
            w, r, o = f()
            res[k].append((w, r))
            stdout[k] = o.decode("latin-1").replace(outs.get(k, ""), "OUT")
    med = {k: statistics.median(x[0] for x in v) for k, v in res.items()}
    rss = {k: max(x[1] for x in v) for k, v in res.items()}
    same = stdout["nocache"] == stdout["miss"] == stdout["hit"]
    files_same = all(filecmp.cmp(os.path.join(outs["nocache"], f), os.path.join(outs[k], f), shallow=False)
                     for k in ("miss", "hit") for f in os.listdir(outs["nocache"]))
    base = med.get("pipe")
    for k, label in (("pipe", "nm/ar pipeline"), ("nocache", "apply --no-cache (cold)"),
                     ("miss", "apply, empty cache (miss + store)"), ("hit", "apply, warm cache (hit)")):
        if k in med:
            ratio = "%.2f×" % (med[k] / base) if base else ""
            print("| %s | %s | %.3f s | %s | %.2f× | %d MiB |" % (name, label, med[k], ratio, med[k] / med["nocache"], rss[k] // 1024))
    print("| %s | same report and same bytes on miss, hit and no cache | %s | | | |" % (name, "yes" if same and files_same else "NO"))
    sys.stdout.flush()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--perry")
    ap.add_argument("--six", action="store_true")
    args = ap.parse_args()
    if not os.path.exists(os.path.join(ROOT, "target", "linkdedup.jar")):
        sys.exit("build the jar first: mvn -q -o -DskipTests package")
    subprocess.run([BIN, "--version"], stdout=subprocess.DEVNULL)
    p = perry(args.perry)
    main_o, stdlib, runtime, wrapper = (os.path.join(p, f) for f in
                                         ("main.o", "libperry_stdlib.a", "libperry_runtime.a", "libperry_ext_http.a"))
    tmp = tempfile.mkdtemp(prefix="linkdedup-cache-bench-")
    try:
        load = open("/proc/loadavg").read().split()[:3]
        print("load average before: %s; %d rounds, medians; fresh JVM per run (bin/linkdedup)" % (" ".join(load), args.runs))
        print()
        print("| link | variant | median wall | vs pipeline | vs no cache | peak RSS |")
        print("|---|---|---|---|---|---|")
        bench("one wrapper", [main_o, wrapper, stdlib, runtime], [wrapper], stdlib, args.runs, tmp)
        if args.six:
            six = []
            for i in range(6):
                f = os.path.join(tmp, "six", "libperry_ext_w%d.a" % i)
                os.makedirs(os.path.dirname(f), exist_ok=True)
                shutil.copy(wrapper, f)
                six.append(f)
            time.sleep(2.5)   # the copies' times settle, so fingerprint records can be trusted
            bench("six wrappers", [main_o] + six + [stdlib, runtime], six, stdlib, args.runs, tmp)
        load = open("/proc/loadavg").read().split()[:3]
        print()
        print("load average after: %s" % " ".join(load))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
