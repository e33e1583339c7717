#!/usr/bin/env bash
# Builds the large perry-shaped archives into OUTDIR (see ../README.md, "perry-large/").
#
#   build.sh OUTDIR [one-graph|foreign]
#
# Leaves in OUTDIR: main.o, libperry_ext_{http,fs,json,regex,timers,events}.a,
#                   libperry_stdlib.a, libperry_runtime.a, BUILD-INFO (toolchain, timings,
#                   sizes, member counts, perry member names).
#
# All crates are native code (profile `large`: release, one CGU, panic=abort, no LTO) with
# embedded bitcode (RUSTFLAGS="-C embed-bitcode=yes"); perry_stdlib alone is built with
# `cargo rustc -- -C lto=thin` from the same compiled dependencies, so its bundled
# perry_runtime unit carries the wrappers' crate hash (ThinLTO renames it
# perry_stdlib-<h>.perry_runtime-<h>.perry_runtime.<h>-cgu.0.rcgu.o.rcgu.o).
#
# Variants:
#   one-graph  the six wrappers and the runtime in one cargo invocation, the stdlib in a second
#              one: every crate resolves the same features, every wrapper bundles stdlib's
#              runtime unit, and every wrapper calls only runtime functions that stdlib's copy
#              exports.
#   foreign    the same, except perry_ext_fs and perry_ext_timers, each built alone with its
#              feature `other-tokio` (tokio/io-std, tokio/parking_lot): their tokio, and so their
#              bundled perry_runtime, come from another crate graph (other hashes). Also
#              perry_ext_json gets its feature `lto-gap`: it calls a runtime function that
#              stdlib's ThinLTO copy does not export (an "LTO gap"; json's crate hash changes,
#              its runtime unit's does not).
#
# Crates: Debian's packaged sources under /usr/share/cargo/registry, offline (.cargo/config.toml;
# cargo runs in the copied workspace so that it applies). Sources are copied to OUTDIR/src;
# cargo's target directory is OUTDIR/target, or PERRY_LARGE_CARGO_TARGET_DIR when set (the
# variants share their compiled crates then; do not run two builds on one target dir at once).
# PERRY_FIXTURE_JOBS (default 2) is cargo's -j. RUSTFLAGS and friends from the environment are
# ignored.
set -euo pipefail

usage() { echo "usage: $0 OUTDIR [one-graph|foreign]" >&2; exit 2; }
[ $# -ge 1 ] && [ $# -le 2 ] || usage
variant="${2:-one-graph}"
case "$variant" in one-graph|foreign) ;; *) usage ;; esac

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mkdir -p "$1"
out="$(cd "$1" && pwd)"
cargo="${CARGO:-cargo}"
cc="${CC:-cc}"
jobs="${PERRY_FIXTURE_JOBS:-2}"
wrappers=(http fs json regex timers events)
foreign=(fs timers)

# Determinism: nothing from the caller's environment changes the crate hashes or codegen.
unset CARGO_ENCODED_RUSTFLAGS CARGO_BUILD_RUSTFLAGS CARGO_PROFILE_LARGE_LTO CARGO_BUILD_TARGET \
      RUSTC_WRAPPER RUSTC_WORKSPACE_WRAPPER CARGO_BUILD_RUSTC_WRAPPER CARGO_TARGET_DIR 2>/dev/null || true
export RUSTFLAGS="-C embed-bitcode=yes"
export CARGO_INCREMENTAL=0
export SOURCE_DATE_EPOCH=0
target="${PERRY_LARGE_CARGO_TARGET_DIR:-$out/target}"
mkdir -p "$target"
export CARGO_TARGET_DIR="$(cd "$target" && pwd)"
lib="$CARGO_TARGET_DIR/large"

rm -rf "$out/src"
mkdir -p "$out/src"
cp -pR "$here/.cargo" "$here/Cargo.toml" "$here/Cargo.lock" "$here/main.c" "$here"/perry_* "$out/src/"
rm -f "$out"/*.a "$out/main.o" "$out/BUILD-INFO"
cd "$out/src"
common=(--offline --locked --profile large -j "$jobs")

is_foreign() {
  [ "$variant" = foreign ] || return 1
  local f
  for f in "${foreign[@]}"; do [ "$f" = "$1" ] && return 0; done
  return 1
}

start=$(date +%s.%N)
# 1. The runtime and the wrappers of the main crate graph, in one invocation.
pkgs=(-p perry_runtime)
for w in "${wrappers[@]}"; do is_foreign "$w" || pkgs+=(-p "perry_ext_$w"); done
[ "$variant" = foreign ] && pkgs+=(--features perry_ext_json/lto-gap)
"$cargo" build "${common[@]}" "${pkgs[@]}"
cp "$lib/libperry_runtime.a" "$out/"
for w in "${wrappers[@]}"; do is_foreign "$w" || cp "$lib/libperry_ext_$w.a" "$out/"; done
# 2. Foreign wrappers: each alone, with other tokio features.
for w in "${wrappers[@]}"; do
  if is_foreign "$w"; then
    "$cargo" build "${common[@]}" -p "perry_ext_$w" --features "perry_ext_$w/other-tokio"
    cp "$lib/libperry_ext_$w.a" "$out/"
  fi
done
# 3. The stdlib: ThinLTO over the same compiled crates.
"$cargo" rustc "${common[@]}" -p perry_stdlib -- -C lto=thin
cp "$lib/libperry_stdlib.a" "$out/"
end=$(date +%s.%N)

"$cc" -O2 -c "$here/main.c" -o "$out/main.o"

# The fixture's shape, checked: each one-graph wrapper bundles exactly the runtime unit that a
# stdlib member name contains; each foreign wrapper bundles one that no stdlib member name contains.
runtime_member() { ar t "$1" | grep -E '^perry_runtime-[0-9a-f]+\.perry_runtime\.' ; }
stdlib_members="$(ar t "$out/libperry_stdlib.a")"
for w in "${wrappers[@]}"; do
  m="$(runtime_member "$out/libperry_ext_$w.a")"
  [ "$(printf '%s\n' "$m" | wc -l)" = 1 ] || { echo "libperry_ext_$w.a: expected one perry_runtime member, got: $m" >&2; exit 1; }
  if grep -qF -- "$m" <<<"$stdlib_members"; then same=yes; else same=no; fi
  if is_foreign "$w"; then want=no; else want=yes; fi
  [ "$same" = "$want" ] || { echo "libperry_ext_$w.a: runtime member $m in stdlib: $same, expected $want" >&2; exit 1; }
done

{
  echo "variant: $variant"
  printf 'cargo seconds: %.1f\n' "$(echo "$end - $start" | bc)"
  echo "foreign wrappers: $([ "$variant" = foreign ] && echo "${foreign[*]}" || echo none)"
  echo "lto-gap wrappers: $([ "$variant" = foreign ] && echo json || echo none)"
  "${RUSTC:-rustc}" -vV
  echo "== archives (bytes, members)"
  for a in "$out"/*.a; do
    echo "$(basename "$a") $(stat -c %s "$a") $(ar t "$a" | wc -l)"
  done
  for a in "$out"/*.a; do
    echo "== $(basename "$a")"
    ar t "$a" | grep -E '^(perry_|[a-z_0-9]+-[0-9a-f]{16}\.perry_)' || true
  done
} > "$out/BUILD-INFO"
echo "perry-large fixtures ($variant) in $out ($(sed -n 's/^cargo seconds: //p' "$out/BUILD-INFO") s of cargo)"
