#!/usr/bin/env python3
"""What `apply`'s rewrite step costs (issue 16): `apply` (default `--rewrite weaken`) against
`apply --rewrite none` (drop only) on the perry fixtures.

For each fixture the two modes run in interleaved rounds (the order flips every round, so neither
mode always runs second), each run writing to a fresh --out-dir that is removed afterwards (then
`sync`, so that no run pays for the previous one's writeback), timed by
`/usr/bin/time -f '%e %M %U %S'` (wall seconds, peak RSS in KiB, user and system CPU seconds; CPU
time is reported too because other load on the machine disturbs it less than wall time). Before
the timed rounds each mode runs once with --json, untimed (it also warms the page cache and the
class-data archive): the summary's rewrittenSymbols / rewrittenMembers / droppedMembers, the
written archives' sizes and how many bytes differ between the two modes' outputs come from those
runs. Prints a Markdown report on stdout (progress on stderr).

    bench/rewrite-cost.py [--rounds N] [--fixtures DIR] [--only NAME[,NAME]] [--snapshot DIR] [--phases N] [-o FILE]

  --fixtures DIR   where perry-default/, perry-large-one-graph/, perry-large-foreign/ are
                   (default target/fixtures, as the tests build them: `mvn test -Plarge`, or
                   testdata/perry/build.sh and testdata/perry-large/build.sh); missing ones are skipped
  --snapshot DIR   copy the fixtures' inputs to DIR first and measure the copies (use it while a
                   `mvn test` may rebuild target/fixtures underneath the benchmark)
  --only NAMES     perry-default, perry-large-one-graph, perry-large-foreign (comma-separated)
  --phases N       also run bench/ApplyPhases.java N times per mode and fixture (fresh JVM each): where
                   the time goes, phase by phase (load, plan, verify, write; the rewriter alone, cold
                   and warm)
  -o FILE          also write the Markdown report to FILE (e.g. bench/results/rewrite-cost-DATE.md)

Link orders: perry-default is main.o libperry_ext_http.a libperry_stdlib.a libperry_runtime.a;
perry-large-* is main.o, libperry_ext_{http,fs,json,regex,events,timers}.a, libperry_stdlib.a,
libperry_runtime.a. perry-large-foreign keeps a split runtime, so it runs with --allow-split
(otherwise exit 5, nothing written). Runs bin/linkdedup (C1 only, serial GC, the CDS archive).
"""
import argparse, datetime, json, os, platform, shutil, statistics, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "bin", "linkdedup")
LARGE = ["main.o"] + ["libperry_ext_%s.a" % w for w in ("http", "fs", "json", "regex", "events", "timers")] \
        + ["libperry_stdlib.a", "libperry_runtime.a"]
FIXTURES = [  # name, inputs in link order, extra flags
    ("perry-default", ["main.o", "libperry_ext_http.a", "libperry_stdlib.a", "libperry_runtime.a"], []),
    ("perry-large-one-graph", LARGE, []),
    ("perry-large-foreign", LARGE, ["--allow-split"]),
]
MODES = [("default", []), ("none", ["--rewrite", "none"])]


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def sh(cmd):
    return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()


def apply_cmd(inputs, flags, mode_flags, out_dir, json_out=False):
    return [BIN, "apply"] + flags + mode_flags + (["--json"] if json_out else []) + ["--out-dir", out_dir] + inputs


def timed(cmd, out_dir, tmp):
    """Wall seconds, peak RSS (KiB) and CPU seconds (user + system) of one run, as /usr/bin/time reports them."""
    shutil.rmtree(out_dir, ignore_errors=True)
    os.sync()
    tf = os.path.join(tmp, "time.txt")
    p = subprocess.run(["/usr/bin/time", "-f", "%e %M %U %S", "-o", tf] + cmd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        sys.exit("failed (exit %d): %s\n%s" % (p.returncode, " ".join(cmd), p.stderr[-2000:]))
    with open(tf) as f:
        wall, rss, user, system = f.read().split()[-4:]
    shutil.rmtree(out_dir, ignore_errors=True)
    os.sync()   # the next run does not pay for this one's writeback
    return float(wall), int(rss), float(user) + float(system)


def describe(xs):
    return statistics.median(xs), min(xs), max(xs)


def phases(fixtures, runs, tmp):
    """Runs bench/ApplyPhases.java `runs` times per mode and fixture; per fixture, per mode, per phase: [(wall, gc)]."""
    classes = os.path.join(ROOT, "target", "bench-classes")
    subprocess.run(["javac", "-cp", os.path.join(ROOT, "target", "linkdedup.jar"), "-d", classes,
                    os.path.join(ROOT, "bench", "ApplyPhases.java")], check=True)
    jar = os.path.join(ROOT, "target", "linkdedup.jar")
    jsa = os.path.join(ROOT, "target", "linkdedup.jsa")
    java = ["java", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:+UseSerialGC", "-XX:-UsePerfData"]
    if os.path.exists(jsa):
        java += ["-XX:SharedArchiveFile=" + jsa, "-Xlog:cds=off"]
    java += ["-cp", jar + os.pathsep + classes, "ApplyPhases"]
    rows = []
    for name, inputs, flags in fixtures:
        per_mode = {m: {} for m in ("weaken", "none", "weaken-steps", "none-steps")}
        for r in range(runs):
            for mode in (list(per_mode) if r % 2 == 0 else list(per_mode)[::-1]):
                out = os.path.join(tmp, "phases-out")
                shutil.rmtree(out, ignore_errors=True)
                os.sync()
                p = subprocess.run(java + [mode, out] + inputs, capture_output=True, text=True)
                shutil.rmtree(out, ignore_errors=True)
                if p.returncode != 0:
                    sys.exit("ApplyPhases failed: %s %s\n%s" % (name, mode, p.stderr[-2000:]))
                for line in p.stdout.splitlines():
                    f = line.split()
                    if f[0] != "phase":
                        continue
                    ph = f[1]
                    if mode.endswith("-steps"):
                        if ph != "verify-rewriter":
                            continue
                        ph = "rewriter (cold)"
                    per_mode[mode.replace("-steps", "")].setdefault(ph, []).append((int(f[2]), int(f[3])))
            log("%s phases run %d" % (name, r + 1))
        rows.append((name, {m: v for m, v in per_mode.items() if v}))
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=9)
    ap.add_argument("--fixtures", default=os.path.join(ROOT, "target", "fixtures"))
    ap.add_argument("--snapshot")
    ap.add_argument("--only")
    ap.add_argument("--phases", type=int, default=0)
    ap.add_argument("-o", dest="outfile")
    args = ap.parse_args()
    if not os.path.exists(os.path.join(ROOT, "target", "linkdedup.jar")):
        sys.exit("target/linkdedup.jar missing: mvn -q -DskipTests package")
    only = set(args.only.split(",")) if args.only else None
    fixtures = []
    for name, files, flags in FIXTURES:
        if only and name not in only:
            continue
        src = os.path.join(os.path.abspath(args.fixtures), name)
        if not all(os.path.exists(os.path.join(src, f)) for f in files):
            log("skipping %s: not built in %s" % (name, src))
            continue
        d = src
        if args.snapshot:
            d = os.path.join(os.path.abspath(args.snapshot), name)
            os.makedirs(d, exist_ok=True)
            for f in files:
                shutil.copy2(os.path.join(src, f), os.path.join(d, f))
        fixtures.append((name, [os.path.join(d, f) for f in files], flags))
    if not fixtures:
        sys.exit("no fixture found in " + args.fixtures)

    started = datetime.datetime.now()
    load_before = sh("uptime")
    tmp = tempfile.mkdtemp(prefix="linkdedup-rewrite-cost-")
    subprocess.run([BIN, "--version"], stdout=subprocess.DEVNULL)   # page cache: jar, class-data archive
    rows, details = [], []
    for name, inputs, flags in fixtures:
        for f in inputs:                                            # page cache: inputs
            with open(f, "rb") as fh:
                while fh.read(1 << 24):
                    pass
        info = {}
        for mode, mflags in MODES:                                  # untimed --json run per mode
            out = os.path.join(tmp, "json-" + mode)
            shutil.rmtree(out, ignore_errors=True)
            p = subprocess.run(apply_cmd(inputs, flags, mflags, out, True), capture_output=True, text=True)
            if p.returncode != 0:
                sys.exit("failed (exit %d): %s\n%s" % (p.returncode, name, p.stderr[-2000:]))
            doc = json.loads(p.stdout)
            sizes = {os.path.basename(w): os.path.getsize(w) for w in doc["written"]}
            dup = doc.get("verification", {}).get("duplicates", {})
            info[mode] = (doc["summary"], sizes, out, dup)
        diff = {}
        for a in info["default"][1]:
            fa, fb = os.path.join(info["default"][2], a), os.path.join(info["none"][2], a)
            if os.path.exists(fb):
                p = subprocess.run(["cmp", "-l", fa, fb], capture_output=True, text=True)
                diff[a] = len(p.stdout.splitlines()) if p.returncode == 1 else 0
        walls = {m: [] for m, _ in MODES}
        rss = {m: [] for m, _ in MODES}
        cpu = {m: [] for m, _ in MODES}
        for r in range(args.rounds):
            order = MODES if r % 2 == 0 else MODES[::-1]
            for mode, mflags in order:
                out = os.path.join(tmp, "out-%s-%s-%d" % (name, mode, r))
                w, m, c = timed(apply_cmd(inputs, flags, mflags, out), out, tmp)
                walls[mode].append(w)
                rss[mode].append(m)
                cpu[mode].append(c)
            log("%s round %d: default %.2f s / none %.2f s" % (name, r + 1, walls["default"][-1], walls["none"][-1]))
        paired = [a / b for a, b in zip(walls["default"], walls["none"])]
        rows.append((name, walls, rss, paired, cpu))
        details.append((name, inputs, flags, info, diff))
        for mode, _ in MODES:
            shutil.rmtree(info[mode][2], ignore_errors=True)
    phase_rows = []
    if args.phases:
        phase_rows = phases(fixtures, args.phases, tmp)
    load_after = sh("uptime")
    shutil.rmtree(tmp, ignore_errors=True)

    out = []
    out.append("# Issue 16: what `apply`'s rewrite step costs (default `--rewrite weaken` vs `--rewrite none`)")
    out.append("")
    out.append("Generated by `bench/rewrite-cost.py` on %s (%s, %d cores, %s; linkdedup %s).  "
               % (started.strftime("%Y-%m-%d %H:%M"), platform.machine(), os.cpu_count(),
                  sh("java -version 2>&1 | head -1"), sh("git -C '%s' rev-parse --short HEAD" % ROOT)))
    out.append("Command: `%s`  " % " ".join(["bench/rewrite-cost.py"] + sys.argv[1:]))
    out.append("Load before: `%s`  " % load_before)
    out.append("Load after: `%s`" % load_after)
    out.append("")
    out.append("%d interleaved rounds per fixture (order flipped every round), fresh `--out-dir` per run (removed and `sync` between runs), "
               "`/usr/bin/time -f '%%e %%M %%U %%S'` (10 ms resolution). Wall: median [min–max]; "
               "ratio = median default / median none; paired = median [min–max] of the per-round ratios. "
               "RSS: median [min–max] peak RSS." % args.rounds)
    out.append("")
    out.append("| fixture | default wall | none wall | ratio | paired | default RSS | none RSS | RSS ratio |")
    out.append("|---|---|---|---:|---|---|---|---:|")
    for name, walls, rss, paired, cpu in rows:
        (da, dl, dh), (na, nl, nh) = describe(walls["default"]), describe(walls["none"])
        (ra, rl, rh), (sa, sl, sh_) = describe(rss["default"]), describe(rss["none"])
        pa, pl, ph = describe(paired)
        out.append("| %s | %.2f s [%.2f–%.2f] | %.2f s [%.2f–%.2f] | %.2f× | %.2f× [%.2f–%.2f] | %d MiB [%d–%d] | %d MiB [%d–%d] | %.2f× |"
                   % (name, da, dl, dh, na, nl, nh, da / na, pa, pl, ph,
                      ra // 1024, rl // 1024, rh // 1024, sa // 1024, sl // 1024, sh_ // 1024, ra / sa))
    out.append("")
    out.append("CPU time (user + system, all threads): median [min–max]; ratio of medians.")
    out.append("")
    out.append("| fixture | default CPU | none CPU | ratio |")
    out.append("|---|---|---|---:|")
    for name, walls, rss, paired, cpu in rows:
        (da, dl, dh), (na, nl, nh) = describe(cpu["default"]), describe(cpu["none"])
        out.append("| %s | %.2f s [%.2f–%.2f] | %.2f s [%.2f–%.2f] | %.2f× |" % (name, da, dl, dh, na, nl, nh, da / na))
    out.append("")
    out.append("Raw wall times (s), in run order per mode:")
    out.append("")
    for name, walls, rss, paired, cpu in rows:
        out.append("- %s: default %s; none %s" % (name, " ".join("%.2f" % x for x in walls["default"]),
                                                    " ".join("%.2f" % x for x in walls["none"])))
        out.append("  (CPU: default %s; none %s)" % (" ".join("%.2f" % x for x in cpu["default"]),
                                                   " ".join("%.2f" % x for x in cpu["none"])))
    out.append("")
    out.append("What was rewritten and written (from the `--json` runs):")
    out.append("")
    out.append("| fixture | mode | dropped members | rewritten symbols | rewritten members | conflicts | duplicates after (gnu / lld) | archives written | total bytes written |")
    out.append("|---|---|---:|---:|---:|---:|---|---:|---:|")
    for name, inputs, flags, info, diff in details:
        for mode, _ in MODES:
            s, sizes, _, dup = info[mode]
            after = " / ".join(str(dup.get(k, {}).get("after", "?")) for k in ("gnu", "lld"))
            out.append("| %s | %s | %d | %d | %d | %d | %s | %d | %d |"
                       % (name, mode, s["droppedMembers"], s["rewrittenSymbols"], s["rewrittenMembers"],
                          s.get("conflicts", 0), after, len(sizes), sum(sizes.values())))
    out.append("")
    out.append("Written archives (bytes; identical in both modes unless noted; *bytes differing* = `cmp -l` "
               "between the default and the none output):")
    out.append("")
    for name, inputs, flags, info, diff in details:
        d_sizes, n_sizes = info["default"][1], info["none"][1]
        parts = []
        for a in sorted(d_sizes):
            t = "%s %d" % (a, d_sizes[a])
            if n_sizes.get(a) != d_sizes[a]:
                t += " (none: %s)" % n_sizes.get(a, "not written")
            parts.append(t + (", %d bytes differing" % diff[a] if a in diff else ""))
        out.append("- %s (`apply %s`): %s" % (name, " ".join(flags + ["--out-dir DIR"] + [os.path.basename(i) for i in inputs]),
                                              "; ".join(parts)))
    if phase_rows:
        out.append("")
        out.append("Phases (`bench/ApplyPhases.java`, %d interleaved runs per mode, fresh JVM each with bin/linkdedup's flags; "
                   "median ms, wall (of which GC)). Cold = the run's own phases, as the CLI runs them (*verify* includes the "
                   "rewriter); *rewriter (cold)* = Rewriter.rewrite alone in the `-steps` run; warm = best of three in the same "
                   "JVM afterwards." % args.phases)
        out.append("")
        names = []
        for _, per_mode in phase_rows:
            for mode in per_mode:
                for ph in per_mode[mode]:
                    if ph not in names and not ph.endswith("-trimmed") and ph != "warm-edited-inputs":
                        names.append(ph)
        out.append("| fixture | mode | " + " | ".join(names) + " |")
        out.append("|---|---|" + "---:|" * len(names))
        for name, per_mode in phase_rows:
            for mode, ph in per_mode.items():
                cells = []
                for n in names:
                    if n in ph:
                        w = statistics.median(x[0] for x in ph[n])
                        g = statistics.median(x[1] for x in ph[n])
                        cells.append("%d" % w + (" (%d)" % g if g else ""))
                    else:
                        cells.append("")
                out.append("| %s | %s | %s |" % (name, mode, " | ".join(cells)))
    text = "\n".join(out) + "\n"
    sys.stdout.write(text)
    if args.outfile:
        with open(args.outfile, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
