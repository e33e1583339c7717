#!/usr/bin/env python3
"""linkdedup against the nm/ar pipeline it replaces (issue 4).

Runs each pair of commands alternately, several times, and reports median wall time, the ratio,
and peak RSS (from /usr/bin/time -v). Usage:

    bench/bench.py [--runs N] [--only NAME] [--large DIR]

Inputs: the perry-shaped cargo build (testdata/perry/build.sh, built into bench/work/perry if missing),
the same link with six wrappers, the large perry link when --large points to a built
testdata/perry-large output, and `symbols --format tsv` over every /usr/lib/llvm-14/lib/libLLVM*.a.
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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--only")
    ap.add_argument("--large")
    args = ap.parse_args()
    if not os.path.exists(os.path.join(ROOT, "target", "linkdedup.jar")):
        subprocess.run(["mvn", "-q", "-DskipTests", "package"], cwd=ROOT, check=True)
    subprocess.run([BIN, "--version"], stdout=subprocess.DEVNULL)   # warm the page cache for the jar and its class-data archive
    out = tempfile.mkdtemp(prefix="linkdedup-bench-")
    print("| input | linkdedup | pipeline | ratio | linkdedup peak RSS | pipeline peak RSS |")
    print("|---|---|---|---|---|---|")
    p = perry()
    main_o, stdlib, runtime, wrapper = (os.path.join(p, f) for f in
                                         ("main.o", "libperry_stdlib.a", "libperry_runtime.a", "libperry_ext_http.a"))
    if args.only in (None, "one"):
        compare("apply, one wrapper (perry)",
                [BIN, "apply", "--out-dir", out + "/a1", main_o, wrapper, stdlib, runtime],
                [PIPE, out + "/p1", stdlib, wrapper], args.runs, (out + "/a1", out + "/p1"))
    if args.only in (None, "six"):
        six = []
        for i in range(6):
            f = os.path.join(WORK, "six", "libperry_ext_w%d.a" % i)
            os.makedirs(os.path.dirname(f), exist_ok=True)
            if not os.path.exists(f):
                shutil.copy(wrapper, f)
            six.append(f)
        compare("apply, six wrappers (perry)",
                [BIN, "apply", "--out-dir", out + "/a6", main_o] + six + [stdlib, runtime],
                [PIPE, out + "/p6", stdlib] + six, args.runs, (out + "/a6", out + "/p6"))
    if args.large and args.only in (None, "large"):
        L = os.path.abspath(args.large)
        wrappers = sorted(glob.glob(os.path.join(L, "libperry_ext_*.a")))
        compare("apply, large perry link (%d wrappers)" % len(wrappers),
                [BIN, "apply", "--out-dir", out + "/al", os.path.join(L, "main.o")] + wrappers
                + [os.path.join(L, "libperry_stdlib.a"), os.path.join(L, "libperry_runtime.a")],
                [PIPE, out + "/pl", os.path.join(L, "libperry_stdlib.a")] + wrappers, args.runs, (out + "/al", out + "/pl"))
    if args.only in (None, "version"):
        walls = sorted(timed([BIN, "--version"])[0] for _ in range(args.runs))
        print("| `linkdedup --version` | %.3f s | | | | |" % statistics.median(walls))
    if args.only in (None, "llvm"):
        libs = sorted(glob.glob("/usr/lib/llvm-14/lib/libLLVM*.a"))
        size = sum(os.path.getsize(f) for f in libs)
        for f in libs:               # warm the page cache
            with open(f, "rb") as fh:
                while fh.read(1 << 24):
                    pass
        runs = [timed([BIN, "symbols", "--format", "tsv"] + libs) for _ in range(args.runs)]
        wall = statistics.median(r[0] for r in runs)
        print("| `symbols --format tsv` over %d libLLVM*.a (%d MB) | %.3f s = %.0f MB/s | | | %d MiB | |"
              % (len(libs), size // 10**6, wall, size / wall / 10**6, max(r[1] for r in runs) // 1024))
    shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
