#!/usr/bin/env bash
# Issue 10's evidence at real scale: builds the large perry-shaped fixtures
# (testdata/perry-large/build.sh, variants one-graph and foreign), then for each build, link
# shape (wrappers-first, stdlib-first), treatment (nothing, `linkdedup apply`,
# `linkdedup apply --shared-deps`) and linker (GNU ld via `cc`, ld.lld via `cc -fuse-ld=lld`):
#
#   - links the result for real: duplicate diagnostics, whether it links, and with -z muldefs
#     whether the program prints PASS or FAIL (and what its informational timer probe says);
#   - asks `linkdedup check --linker gnu|lld --json` for its predicted count, and
#     `check --fail-on-split` whether it flags a split runtime (and which symbols it names);
#   - compares the undefined symbols of the treated link with the untreated one of the same
#     shape: symbols the real linker reports undefined now and did not before, and symbols
#     check's `unresolved` list has now and did not before.
#
# Prints a Markdown table on stdout (progress on stderr).
#
#   bench/evidence-table.sh [-o FILE] [-k DIR]
#     -o FILE   also write the table to FILE (e.g. bench/results/evidence-table.md)
#     -k DIR    keep the trimmed archives, link orders and logs in DIR (default: a temp dir, removed)
#
# Needs: target/linkdedup.jar (mvn -q -DskipTests package), cargo/rustc, cc, ld.lld, jq.
# Fixtures go to target/fixtures/perry-large-<variant>/ (as Fixtures.perryLarge does), compiled
# crates to target/fixtures/perry-large-cargo/ (shared by both variants). Do not run this while
# `mvn test -Plarge` builds the same fixtures.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
outfile=""
keep=""
while getopts "o:k:" opt; do
  case "$opt" in
    o) outfile="$OPTARG" ;;
    k) keep="$OPTARG" ;;
    *) echo "usage: $0 [-o FILE] [-k DIR]" >&2; exit 2 ;;
  esac
done
for t in cargo rustc cc ld.lld jq; do
  command -v "$t" >/dev/null || { echo "$0: $t not found" >&2; exit 2; }
done
[ -f "$root/target/linkdedup.jar" ] || { echo "$0: build the jar first: mvn -q -DskipTests package" >&2; exit 2; }
linkdedup="$root/bin/linkdedup"

if [ -n "$keep" ]; then
  mkdir -p "$keep"
  work="$(cd "$keep" && pwd)"
else
  work="$(mktemp -d "${TMPDIR:-/tmp}/perry-large-evidence.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
fi

now() { date +%s.%N; }
secs() { printf '%.1f' "$(echo "$2 - $1" | bc)"; }
log() { echo "$*" >&2; }

t0=$(now)
variants=(one-graph foreign)
wrappers=(http fs json regex timers events)
declare -A build_secs build_info

# ------------------------------------------------------------------ fixtures
for v in "${variants[@]}"; do
  dir="$root/target/fixtures/perry-large-$v"
  rm -f "$dir/.stamp"   # Fixtures.perryLarge re-checks (and, cargo being fresh, re-copies) next time
  log "== building $v"
  b0=$(now)
  PERRY_LARGE_CARGO_TARGET_DIR="$root/target/fixtures/perry-large-cargo" \
    bash "$root/testdata/perry-large/build.sh" "$dir" "$v" >"$work/build-$v.log" 2>&1 \
    || { cat "$work/build-$v.log" >&2; exit 1; }
  build_secs[$v]=$(secs "$b0" "$(now)")
  build_info[$v]="$(sed -n 's/^cargo seconds: //p' "$dir/BUILD-INFO")"
done

# ------------------------------------------------------------------ helpers
order_of() { # variant shape -> the link order, one path per line
  local dir="$root/target/fixtures/perry-large-$1" w
  echo "$dir/main.o"
  [ "$2" = stdlib-first ] && echo "$dir/libperry_stdlib.a"
  for w in "${wrappers[@]}"; do echo "$dir/libperry_ext_$w.a"; done
  [ "$2" = wrappers-first ] && echo "$dir/libperry_stdlib.a"
  echo "$dir/libperry_runtime.a"
}

ldflags() { # linker -> cc flags
  if [ "$1" = lld ]; then echo "-fuse-ld=lld -Wl,--error-limit=0"; fi
}

diag_of() { if [ "$1" = lld ]; then echo "duplicate symbol:"; else echo "multiple definition of"; fi; }

undefined_names() { # linker logfile -> sorted undefined symbol names reported
  if [ "$1" = lld ]; then
    sed -n 's/^ld\.lld: error: undefined symbol: //p' "$2"
  else
    sed -n "s/.*undefined reference to \`\(.*\)'\$/\1/p" "$2"
  fi | sort -u
}

# ------------------------------------------------------------------ the matrix
rows=()
for v in "${variants[@]}"; do
  for shape in wrappers-first stdlib-first; do
    order_of "$v" "$shape" >"$work/$v-$shape-none.order"
    for linker in gnu lld; do
      for applied in none apply apply-shared-deps apply-rewrite; do
        tag="$v-$shape-$linker-$applied"
        log "-- $tag"
        order="$work/$v-$shape-none.order"
        if [ "$applied" != none ]; then
          order="$work/$tag.order"
          # apply / apply-shared-deps drop only (--rewrite none); apply-rewrite is the default (drop, then
          # weaken). --allow-split: an unsafe result is written anyway, so that every row links.
          extra=(--allow-split)
          [ "$applied" != apply-rewrite ] && extra+=(--rewrite none)
          [ "$applied" = apply-shared-deps ] && extra+=(--shared-deps)
          "$linkdedup" apply --linker "$linker" "${extra[@]}" --out-dir "$work/$tag.out" \
            --link-order-file "$order" $(cat "$work/$v-$shape-none.order") >"$work/$tag.apply.txt" 2>&1 \
            || { cat "$work/$tag.apply.txt" >&2; exit 1; }
        fi
        mapfile -t inputs <"$order"
        dropped="$(sed -n 's/^\[strip-dedup\] wrote [0-9]* archive(s) to .*: \([0-9]*\) member(s) dropped.*/\1/p' "$work/$tag.apply.txt" 2>/dev/null || true)"
        rewritten="$(sed -n 's/^\[strip-dedup\] wrote .* member(s) dropped, \([0-9]*\) symbol(s) rewritten.*/\1/p' "$work/$tag.apply.txt" 2>/dev/null || true)"
        # Real links: plain (count, links?), then -z muldefs (run: PASS/FAIL).
        set +e
        cc $(ldflags "$linker") -o "$work/$tag.exe" "${inputs[@]}" -lpthread -ldl -lm >"$work/$tag.link.log" 2>&1
        rc=$?
        cc $(ldflags "$linker") -Wl,-z,muldefs -o "$work/$tag.muldefs.exe" "${inputs[@]}" -lpthread -ldl -lm \
          >"$work/$tag.muldefs.log" 2>&1
        mrc=$?
        set -e
        real=$(grep -c -- "$(diag_of "$linker")" "$work/$tag.link.log" || true)
        links=$([ $rc = 0 ] && echo yes || echo no)
        if [ $mrc = 0 ]; then
          set +e
          timeout 60 "$work/$tag.muldefs.exe" >"$work/$tag.run.txt" 2>&1
          set -e
          if grep -qx PASS "$work/$tag.run.txt"; then run=PASS; else run=FAIL; fi
          probe=$(sed -n 's/^timer probe: //p' "$work/$tag.run.txt")
        else
          run="no link"; probe="–"
        fi
        undefined_names "$linker" "$work/$tag.muldefs.log" >"$work/$tag.undef-real.txt"
        # Predictions.
        "$linkdedup" check --linker "$linker" --json "${inputs[@]}" >"$work/$tag.check.json"
        predicted=$(jq '.duplicates' "$work/$tag.check.json")
        jq -r '.unresolved[].symbol' "$work/$tag.check.json" | sort -u >"$work/$tag.undef-pred.txt"
        set +e
        "$linkdedup" check --linker "$linker" --fail-on-split "${inputs[@]}" >"$work/$tag.split.txt" 2>&1
        src=$?
        set -e
        if [ $src = 0 ]; then
          hazard=no
        else
          # The copy main.o's js_wait_for_event binds to, and how many copies are in use.
          copies=$(jq '[.hazards[].copies[]] | length' "$work/$tag.check.json")
          main=$(jq -r '[.hazards[].copies[] | select(any(.examples[]; (.referrer | endswith("/main.o")) and .symbol == "js_wait_for_event"))
                        | .copy | sub("\\(.*"; "") | sub(".*/"; "")] | first // "-"' "$work/$tag.check.json")
          hazard="yes (exit $src): $copies copies; js_wait_for_event → $main"
        fi
        # Newly undefined: in this link's list and not in the untreated link's.
        base="$v-$shape-$linker-none"
        if [ "$applied" = none ]; then
          newreal="–"; newpred="–"
        else
          newreal=$(comm -13 "$work/$base.undef-real.txt" "$work/$tag.undef-real.txt" | wc -l)
          newpred=$(comm -13 "$work/$base.undef-pred.txt" "$work/$tag.undef-pred.txt" | wc -l)
        fi
        match=$([ "$real" = "$predicted" ] && echo "" || echo " ≠")
        rows+=("| $v | $shape | ${applied//-/ }${dropped:+ ($dropped dropped${rewritten:+, $rewritten weakened})} | $linker | $real | $predicted$match | $links | $newreal / $newpred | $run | ${probe:-?} | $hazard |")
      done
    done
  done
done
t1=$(now)

{
  echo "# Issue 10 evidence: large perry-shaped links"
  echo
  echo "Generated by \`bench/evidence-table.sh\` on $(date -u +%Y-%m-%d) — $(rustc -V), $(ld --version | head -1), $(ld.lld --version | head -1)."
  echo
  for v in "${variants[@]}"; do
    dir="$root/target/fixtures/perry-large-$v"
    echo "- **$v**: build.sh ${build_secs[$v]} s (cargo ${build_info[$v]} s; 0–1 s when cargo finds everything fresh; \`foreign\` reuses the crates \`one-graph\` compiled)."
    echo "  Archives (bytes, members): $(sed -n '/^== archives/,/^== lib/p' "$dir/BUILD-INFO" | grep -E '^lib.* [0-9]+ [0-9]+$' | awk '{printf "%s%s %.1f MB / %d", sep, $1, $2/1e6, $3; sep="; "}')."
  done
  echo
  echo "Columns: *real* = \`multiple definition of\` (GNU ld) or \`duplicate symbol:\` (ld.lld, \`--error-limit=0\`) lines of the plain link;"
  echo "*predicted* = \`linkdedup check --linker gnu|lld --json\` \`duplicates\` (≠ marks a mismatch); *links?* = the plain link succeeds;"
  echo "*newly undefined* = symbols undefined in this link but not in the untreated link of the same shape and linker, as the real linker"
  echo "reports them (\`-z muldefs\` link) / as check's \`unresolved\` list has them; *-z muldefs* = what the program prints when linked with"
  echo "\`-Wl,-z,muldefs\` (PASS only when the fetch spawned through perry_stdlib ran from inside main's \`js_wait_for_event\`);"
  echo "*timer probe* = the same program's second, informational probe: \`split\` when a timer task spawned by perry_ext_timers is"
  echo "counted by another runtime copy than the one main's \`js_runtime_spawned\` binds to; *hazard* = \`check --fail-on-split\`"
  echo "(exit 1 = flagged), the number of runtime copies in use and the copy main.o's \`js_wait_for_event\` binds to."
  echo "\`apply\` is run with \`--linker\` of the row and \`--allow-split\`; *apply* and *apply shared deps* only drop (\`--rewrite none\`), *apply rewrite* is the default (drop, then weaken same-build duplicates);"
  echo "on stdlib-first orders no archive comes before the provider, so nothing is dropped there."
  echo
  echo "| variant | shape | applied | linker | real | predicted | links? | newly undefined (real / predicted) | -z muldefs | timer probe | hazard (check --fail-on-split) |"
  echo "|---|---|---|---|---:|---:|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Total time: $(secs "$t0" "$t1") s (builds ${build_secs[one-graph]} + ${build_secs[foreign]} s, then $((${#rows[@]})) rows: 2 real links, 1 run, 2 checks and an apply each)."
} >"$work/table.md"

cat "$work/table.md"
if [ -n "$outfile" ]; then
  mkdir -p "$(dirname "$outfile")"
  cp "$work/table.md" "$outfile"
fi
