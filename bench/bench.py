#!/usr/bin/env python3
"""linkdedup against the nm/ar pipeline it replaces (issue 4).

Runs linkdedup and the pipeline alternately, several times, and reports median wall time, the ratio,
and peak RSS (from /usr/bin/time -v): each link cold (`--no-cache`) and on a warm cache hit, with
the pipeline in the same rounds; `--version`; `symbols` against `llvm-nm-19 -A` over LLVM 19's
archives; and with --large, the memory slope of a cold apply from 1 to 24 wrappers. Usage:

    bench/bench.py [--runs N] [--only NAME] [--large DIR]

Inputs: the perry-shaped cargo build (testdata/perry/build.sh, built into bench/work/perry if missing),
the same link with six wrappers, the large perry link when --large points to a built
testdata/perry-large output (its six wrappers, and the same linked four times each: 24), and
`symbols --format tsv` over every /usr/lib/llvm-19/lib/*.a.
"""
import argparse, glob, os, re, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "bin", "linkdedup")
PIPE = os.path.join(ROOT, "bench", "pipeline.sh")
WORK = os.path.join(ROOT, "bench", "work")


def timed(cmd, out_dir=None):
    """Wall seconds and peak RSS (KiB) of one run."""
    if out_dir:
        shutil.rmtree(out_dir, ignore_errors=True)
    t0 = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), p.stderr[-2000:]))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1))
    return wall, rss


def compare(name, ours, theirs, runs, out_dirs=(None, None)):
    a, b = [], []
    for _ in range(runs):          # alternate, so both see the same machine state
        a.append(timed(ours, out_dirs[0]))
        b.append(timed(theirs, out_dirs[1]))
    ma, mb = statistics.median(x[0] for x in a), statistics.median(x[0] for x in b)
    ra, rb = max(x[1] for x in a), max(x[1] for x in b)
    print("| %s | %.3f s | %.3f s | %.2f× | %d MiB | %d MiB |" % (name, ma, mb, ma / mb, ra // 1024, rb // 1024))
    sys.stdout.flush()
    return ma, mb


def perry():
    d = os.path.join(WORK, "perry")
    if not os.path.exists(os.path.join(d, "libperry_stdlib.a")):
        subprocess.run(["bash", os.path.join(ROOT, "testdata/perry/build.sh"), d, "default"], check=True,
                       stdout=subprocess.DEVNULL)
    return d


def load():
    return open("/proc/loadavg").read().split()[0]


def cold_and_hit(name, ours, theirs, runs, out, tag):
    """One row cold (--no-cache) and one on a warm cache hit, each round: pipeline, cold, hit."""
    cache = os.path.join(out, "cache-" + tag)
    shutil.rmtree(cache, ignore_errors=True)
    cold = [BIN] + ours[:1] + ["--no-cache"] + ours[1:]
    hit = [BIN] + ours[:1] + ["--cache-dir", cache] + ours[1:]
    od = ours[ours.index("--out-dir") + 1]       # removed before each run of ours
    timed(hit, od)                               # the miss that fills the cache
    a, b, c = [], [], []
    for _ in range(runs):
        b.append(timed(theirs, theirs[1]))
        a.append(timed(cold, od))
        c.append(timed(hit, od))
    mp = statistics.median(x[0] for x in b)
    rp = max(x[1] for x in b)
    for label, xs in ((name + ", cold (`--no-cache`)", a), (name + ", cache hit", c)):
        m = statistics.median(x[0] for x in xs)
        print("| %s | %.3f s | %.3f s | %.2f× | %d MiB | %d MiB |" % (label, m, mp, m / mp, max(x[1] for x in xs) // 1024, rp // 1024))
    sys.stdout.flush()
    return max(x[1] for x in a)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--only")
    ap.add_argument("--large", help="a built testdata/perry-large output (six wrappers; also linked 4 times each: 24)")
    args = ap.parse_args()
    if not os.path.exists(os.path.join(ROOT, "target", "linkdedup.jar")):
        subprocess.run(["mvn", "-q", "-DskipTests", "package"], cwd=ROOT, check=True)
    subprocess.run([BIN, "--version"], stdout=subprocess.DEVNULL)   # warm the page cache for the jar and its class-data archive
    out = tempfile.mkdtemp(prefix="linkdedup-bench-")
    print("load average at the start: %s (2 cores)" % load())
    print()
    print("| input | linkdedup | pipeline | ratio | linkdedup peak RSS | pipeline peak RSS |")
    print("|---|---|---|---|---|---|")
    p = perry()
    main_o, stdlib, runtime, wrapper = (os.path.join(p, f) for f in
                                         ("main.o", "libperry_stdlib.a", "libperry_runtime.a", "libperry_ext_http.a"))
    if args.only in (None, "one"):
        cold_and_hit("apply, one wrapper (perry, 51 MB)", ["apply", "--out-dir", out + "/a1", main_o, wrapper, stdlib, runtime],
                     [PIPE, out + "/p1", stdlib, wrapper], args.runs, out, "1")
    if args.only in (None, "six"):
        six = []
        for i in range(6):
            f = os.path.join(WORK, "six", "libperry_ext_w%d.a" % i)
            os.makedirs(os.path.dirname(f), exist_ok=True)
            if not os.path.exists(f):
                shutil.copy(wrapper, f)
            six.append(f)
        cold_and_hit("apply, six wrappers (perry)", ["apply", "--out-dir", out + "/a6", main_o] + six + [stdlib, runtime],
                     [PIPE, out + "/p6", stdlib] + six, args.runs, out, "6")
    rss = {}
    if args.large and args.only in (None, "large"):
        L = os.path.abspath(args.large)
        wrappers = sorted(glob.glob(os.path.join(L, "libperry_ext_*.a")))
        lstd, lrt, lmain = (os.path.join(L, f) for f in ("libperry_stdlib.a", "libperry_runtime.a", "main.o"))
        many = []
        links = os.path.join(out, "links")
        os.makedirs(links)
        for r in range(4):
            for w in wrappers:
                f = os.path.join(links, os.path.basename(w)[:-2] + "_%d.a" % r)
                os.symlink(w, f)
                many.append(f)
        rss[1] = cold_and_hit("apply, large perry link, 1 wrapper", ["apply", "--out-dir", out + "/al1", lmain, wrappers[0], lstd, lrt],
                              [PIPE, out + "/pl1", lstd, wrappers[0]], args.runs, out, "l1")
        rss[len(wrappers)] = cold_and_hit("apply, large perry link (%d wrappers of 25–30 MB)" % len(wrappers),
                                          ["apply", "--out-dir", out + "/al", lmain] + wrappers + [lstd, lrt],
                                          [PIPE, out + "/pl", lstd] + wrappers, args.runs, out, "l")
        rss[len(many)] = cold_and_hit("apply, %d wrappers (the large ones, 4 times each)" % len(many),
                                      ["apply", "--out-dir", out + "/al24", lmain] + many + [lstd, lrt],
                                      [PIPE, out + "/pl24", lstd] + many, args.runs, out, "l24")
    if args.only in (None, "version"):
        walls = sorted(timed([BIN, "--version"])[0] for _ in range(args.runs))
        print("| `linkdedup --version` | %.3f s | | | | |" % statistics.median(walls))
    if args.only in (None, "llvm"):
        libs = sorted(glob.glob("/usr/lib/llvm-19/lib/*.a"))
        size = sum(os.path.getsize(f) for f in libs)
        for f in libs:               # warm the page cache
            with open(f, "rb") as fh:
                while fh.read(1 << 24):
                    pass
        ours, nm = [], []
        for _ in range(args.runs):
            ours.append(timed([BIN, "symbols", "--format", "tsv"] + libs))
            nm.append(timed(["llvm-nm-19", "-A"] + libs))
        w, n = statistics.median(r[0] for r in ours), statistics.median(r[0] for r in nm)
        print("| `symbols --format tsv` over %d LLVM 19 archives (%d MB), whole command | %.3f s = %.0f MB/s | `llvm-nm-19 -A`: %.3f s = %.0f MB/s | %.2f× | %d MiB | %d MiB |"
              % (len(libs), size // 10**6, w, size / w / 10**6, n, size / n / 10**6, w / n,
                 statistics.median(r[1] for r in ours) // 1024, statistics.median(r[1] for r in nm) // 1024))
    if len(rss) == 3:
        ks = sorted(rss)
        print()
        print("peak RSS of a cold apply against wrappers (large link): %s; %.1f MiB per wrapper from %d to %d"
              % (", ".join("%d: %d MiB" % (k, rss[k] // 1024) for k in ks), (rss[ks[-1]] - rss[ks[0]]) / 1024 / (ks[-1] - ks[0]), ks[0], ks[-1]))
    print("load average at the end: %s" % load())
    shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
