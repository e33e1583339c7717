#!/bin/bash
# Peak RSS and wall time of plan/apply against the number of wrappers, and symbols against llvm-nm-19 -A,
# interleaved between launchers (issue 20). Usage:
#   bench/memory.sh LARGE_DIR ROUNDS LAUNCHER...
# LARGE_DIR: a built testdata/perry-large output (target/fixtures/perry-large-one-graph); its six wrappers
# are linked 4 times each (symbolic links under a temporary directory) for up to 24 wrappers.
# Prints one line per run: launcher, what, wrappers, wall seconds, peak RSS KiB.
set -eu
L=$1; rounds=$2; shift 2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for r in 0 1 2 3; do for w in "$L"/libperry_ext_*.a; do b=$(basename "$w" .a); ln -s "$w" "$tmp/${b}_$r.a"; done; done
wrappers() { ls "$tmp"/libperry_ext_*.a | head -n "$1"; }
run() {   # label what cmd...
  local label=$1 what=$2; shift 2
  /usr/bin/time -f "%e %M" -o "$tmp/time" "$@" >/dev/null 2>"$tmp/err" || { echo "FAILED: $*" >&2; cat "$tmp/err" >&2; exit 1; }
  echo "$label $what $(cat "$tmp/time")"
}
libs=$(ls /usr/lib/llvm-19/lib/*.a)
cat $libs >/dev/null
echo "# $(date -u +%FT%TZ) $(uptime | sed 's/.*load/load/'); llvm-19 archives: $(echo $libs | wc -w) files, $(du -cb $libs | tail -1 | cut -f1) bytes"
for round in $(seq "$rounds"); do
  for bin in "$@"; do
    for n in 1 6 12 24; do
      rm -rf "$tmp/out"
      run "$bin" "apply-$n" "$bin" apply --out-dir "$tmp/out" "$L/main.o" $(wrappers $n) "$L/libperry_stdlib.a" "$L/libperry_runtime.a"
    done
    run "$bin" plan-24 "$bin" plan "$L/main.o" $(wrappers 24) "$L/libperry_stdlib.a" "$L/libperry_runtime.a"
    run "$bin" symbols "$bin" symbols $libs
  done
  run llvm-nm-19 symbols llvm-nm-19 -A $libs
done
