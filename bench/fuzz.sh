#!/usr/bin/env bash
# Fuzzes every Jazzer target, one after another (one JVM each), for SECONDS_PER_TARGET seconds
# (default 600), and prints the executions of each from libFuzzer's final statistics.
#
#   bench/fuzz.sh [SECONDS_PER_TARGET]            all targets
#   TARGETS="ElfReaderFuzzTest" bench/fuzz.sh 60   some of them
#
# Runs `mvn test -Pfuzz -Dtest=TARGET -Dfuzz.seconds=SECONDS` (see the fuzz profile in pom.xml).
# Logs go to bench/out/fuzz-TARGET.log. The generated corpus grows in .cifuzz-corpus/ (kept
# between runs, not committed). A crash, hang (-timeout=10) or out-of-memory error stops that
# target: libFuzzer writes the input to src/test/resources/org/linkdedup/fuzz/TARGETInputs/METHOD/
# (crash-*, timeout-*, ...), where every later `mvn test` replays it; this script lists it and
# exits with status 1 after the remaining targets.
set -uo pipefail
cd "$(dirname "$0")/.."

secs=${1:-600}
targets=${TARGETS:-ArchiveReaderFuzzTest ElfReaderFuzzTest MachOReaderFuzzTest CoffReaderFuzzTest BitcodeReaderFuzzTest ArchiveRoundTripFuzzTest ElfEditorFuzzTest MachOEditorFuzzTest}
inputs=src/test/resources/org/linkdedup/fuzz
mkdir -p bench/out

status=0
total=0
printf '%-26s %14s %8s %10s  %s\n' target executions seconds exec/s result
for t in $targets; do
  log=bench/out/fuzz-$t.log
  before=$(find "$inputs/${t}Inputs" -type f 2>/dev/null | sort)
  start=$(date +%s)
  mvn -B test -Pfuzz -Dfuzz.seconds="$secs" -Dtest="$t" >"$log" 2>&1
  rc=$?
  wall=$(( $(date +%s) - start ))
  # libFuzzer's -print_final_stats=1, else its last status line (#N DONE / #N pulse ...).
  execs=$(grep -a '^stat::number_of_executed_units:' "$log" | tail -1 | awk '{print $2}')
  [ -n "$execs" ] || execs=$(grep -aoE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  [ -n "$execs" ] || execs=0
  fuzzed=$(grep -aE '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 | awk '{print $5}')
  [ -n "$fuzzed" ] || fuzzed=$wall
  rate=$(( fuzzed > 0 ? execs / fuzzed : 0 ))
  total=$(( total + execs ))
  after=$(find "$inputs/${t}Inputs" -type f 2>/dev/null | sort)
  found=$(comm -13 <(echo "$before") <(echo "$after") | grep -E '/(crash|timeout|oom|slow-unit|leak)-' || true)
  if [ "$rc" -eq 0 ]; then
    result=ok
  else
    status=1
    result="FAILED (see $log)"
  fi
  printf '%-26s %14s %8s %10s  %s\n' "$t" "$execs" "$fuzzed" "$rate" "$result"
  for f in $found; do
    echo "    new finding: $f"
  done
done
printf '%-26s %14s\n' total "$total"
exit $status
