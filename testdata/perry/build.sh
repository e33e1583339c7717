#!/usr/bin/env bash
# Builds the perry-shaped archives into OUTDIR (see ../README.md, "testdata/perry").
#
#   build.sh OUTDIR [default|foreign|lto|incremental]
#
# Leaves in OUTDIR: libperry_ext_http.a libperry_stdlib.a libperry_runtime.a main.o
#                   BUILD-INFO (toolchain and member names)
#   lto variant also: bin/ld.lld -> the toolchain's rust-lld (link with `cc -B OUTDIR/bin -fuse-ld=lld`)
#
# Variants:
#   default  stdlib+runtime in profile `stdlib` (ThinLTO); ext_http in the same profile with
#            `-C lto=off`, so its bundled runtime member has stdlib's runtime crate hash.
#   foreign  the same, with feature perry_runtime/foreign: every perry crate gets another hash
#            (a "foreign crate graph"; std's members keep theirs).
#   lto      perry_runtime made a plain rlib (crate-type edited in the copy), so cargo compiles it
#            as LLVM bitcode only for the LTO profile; ext_http (-C lto=off) then bundles a
#            bitcode-only runtime member. libperry_runtime.a comes from `cargo rustc --crate-type
#            staticlib`.
#   incremental  the default build with CARGO_INCREMENTAL=1 (cargo's dev-profile default): every
#            codegen unit is named opaquely (perry_runtime-H.<unit>.<hash>.rcgu.o), stdlib's
#            ThinLTO copy perry_stdlib-H.<that name>.<hash>.rcgu.o.
#
# Offline, no external crates. Sources are copied to OUTDIR/src and built with
# CARGO_TARGET_DIR=OUTDIR/target; RUSTFLAGS and friends from the environment are ignored.
set -euo pipefail

usage() { echo "usage: $0 OUTDIR [default|foreign|lto|incremental]" >&2; exit 2; }
[ $# -ge 1 ] && [ $# -le 2 ] || usage
variant="${2:-default}"
case "$variant" in default|foreign|lto|incremental) ;; *) usage ;; esac

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mkdir -p "$1"
out="$(cd "$1" && pwd)"
cargo="${CARGO:-cargo}"
cc="${CC:-cc}"
jobs="${PERRY_FIXTURE_JOBS:-2}"

# Determinism: nothing from the caller's environment changes the crate hashes or codegen.
unset RUSTFLAGS CARGO_ENCODED_RUSTFLAGS CARGO_BUILD_RUSTFLAGS CARGO_PROFILE_STDLIB_LTO \
      CARGO_PROFILE_RELEASE_LTO CARGO_BUILD_TARGET CARGO_INCREMENTAL RUSTC_WRAPPER \
      RUSTC_WORKSPACE_WRAPPER CARGO_BUILD_RUSTC_WRAPPER 2>/dev/null || true
export CARGO_TARGET_DIR="$out/target"
export CARGO_INCREMENTAL=0
# incremental: what cargo's dev profile does by default; rustc then names codegen units opaquely
# (CRATE-H.<unit>.<hash>.rcgu.o, packaged by ThinLTO as OUTER-H.<that>.<hash>.rcgu.o).
[ "$variant" = incremental ] && export CARGO_INCREMENTAL=1
export SOURCE_DATE_EPOCH=0

rm -rf "$out/src"
mkdir -p "$out/src"
cp -pR "$here/Cargo.toml" "$here/Cargo.lock" "$here/main.c" \
      "$here/perry_runtime" "$here/perry_stdlib" "$here/perry_ext_http" "$out/src/"
manifest="$out/src/Cargo.toml"
common=(--manifest-path "$manifest" --offline --locked --profile stdlib -j "$jobs")
features=()
[ "$variant" = foreign ] && features=(--features perry_runtime/foreign)

if [ "$variant" = lto ]; then
  sed -i 's/^crate-type = \["rlib", "staticlib"\]/crate-type = ["rlib"]/' "$out/src/perry_runtime/Cargo.toml"
  grep -q '^crate-type = \["rlib"\]' "$out/src/perry_runtime/Cargo.toml"
fi

start=$(date +%s)
if [ "$variant" = lto ]; then
  "$cargo" build "${common[@]}" -p perry_stdlib
  "$cargo" rustc "${common[@]}" -p perry_runtime --crate-type staticlib
else
  "$cargo" build "${common[@]}" "${features[@]}" -p perry_stdlib -p perry_runtime
fi
"$cargo" rustc "${common[@]}" "${features[@]}" -p perry_ext_http -- -C lto=off
end=$(date +%s)

for a in libperry_ext_http.a libperry_stdlib.a libperry_runtime.a; do
  cp "$CARGO_TARGET_DIR/stdlib/$a" "$out/$a"
done
"$cc" -O2 -c "$here/main.c" -o "$out/main.o"

sysroot="$("${RUSTC:-rustc}" --print sysroot)"
if [ "$variant" = lto ]; then
  lld="$sysroot/lib/rustlib/x86_64-unknown-linux-gnu/bin/rust-lld"
  mkdir -p "$out/bin"
  ln -sfn "$lld" "$out/bin/ld.lld"
fi

{
  echo "variant: $variant"
  echo "build seconds: $((end - start))"
  "${RUSTC:-rustc}" -vV
  for a in libperry_ext_http.a libperry_stdlib.a libperry_runtime.a; do
    echo "== $a"
    ar t "$out/$a" | grep -E '^(perry_|[a-z_0-9]+-[0-9a-f]{16}\.perry_)' || true
  done
} > "$out/BUILD-INFO"
echo "perry fixtures ($variant) in $out ($((end - start)) s of cargo)"
