#!/usr/bin/env bash
# The external-tool pipeline a build script uses today for linkdedup's decision, per wrapper:
# list both archives, read the wrapper's defined and undefined symbols and the provider's defined
# ones, extract the wrapper, and rebuild it without the runtime member.
#   pipeline.sh OUTDIR PROVIDER WRAPPER...
set -u
mkdir -p "$1"
out=$(cd "$1" && pwd); provider=$(realpath "$2"); shift 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
llvm-ar t "$provider" > "$work/provider.list"
llvm-nm --defined-only "$provider" > "$work/provider.def" 2>/dev/null
for w in "$@"; do
  w=$(realpath "$w")
  name=$(basename "$w")
  d="$work/$name.d"; mkdir -p "$d"
  llvm-ar t "$w" > "$d/list"
  llvm-nm --defined-only "$w" > "$d/def" 2>/dev/null
  llvm-nm --undefined-only "$w" > "$d/undef" 2>/dev/null
  (cd "$d" && mkdir x && cd x && llvm-ar x "$w")
  drop=$(grep -m1 '^perry_runtime-' "$d/list" || true)
  [ -n "$drop" ] || continue
  grep -vxF "$drop" "$d/list" > "$d/keep"
  rm -f "$out/$name"
  (cd "$d/x" && xargs llvm-ar crs "$out/$name" < "$d/keep")
done
