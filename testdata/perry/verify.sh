#!/usr/bin/env bash
# Re-checks, on archives made by build.sh, the link facts recorded in ../README.md.
#
#   verify.sh DIR        (DIR = a build.sh output directory, default or lto variant)
#
# Prints one "key: value" line per fact; scratch files go to DIR/verify/.
# Needs cc (GNU ld), ld.lld (default variant), llvm-ar, ar.
set -uo pipefail
[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
dir="$(cd "$1" && pwd)"
v="$dir/verify"
rm -rf "$v"; mkdir -p "$v"; cd "$v"
cc="${CC:-cc}"
ext="$dir/libperry_ext_http.a" std="$dir/libperry_stdlib.a" rt="$dir/libperry_runtime.a" main="$dir/main.o"
lto=no; [ -x "$dir/bin/ld.lld" ] && lto=yes
# lld flavour: the system ld.lld for native archives, the toolchain's rust-lld for the lto variant.
if [ $lto = yes ]; then lld=(-B "$dir/bin" -fuse-ld=lld); else lld=(-fuse-ld=lld); fi

run() { # NAME -> runs ./NAME, prints its last line and exit status
  local out rc
  if [ -f "$1" ]; then out="$(./"$1" 2>&1)"; rc=$?; echo "$(tail -n1 <<<"$out") (exit $rc)"; else echo "not linked"; fi
}
gnu() { # NAME ARGS... : link with GNU ld, print rc / diagnostic count / run result
  local l=$1 n=app-$1; shift
  "$cc" "$@" -o "$n" >"$n.out" 2>"$n.err"; local rc=$?
  echo "gnu.$l: rc=$rc multiple-definition=$(grep -c 'multiple definition of' "$n.err") run=$(run "$n")"
}
lld() {
  local l=$1 n=lld-$1; shift
  "$cc" "${lld[@]}" "$@" -Wl,--error-limit=0 -o "$n" >"$n.out" 2>"$n.err"; local rc=$?
  echo "lld.$l: rc=$rc duplicate-symbol=$(grep -c 'duplicate symbol:' "$n.err") run=$(run "$n")"
}

runtime_member="$(llvm-ar t "$ext" | grep '^perry_runtime-')"
echo "wrapper runtime member: $runtime_member"
echo "provider member containing it: $(llvm-ar t "$std" | grep -F ".$runtime_member" || echo NONE)"

# Copies of the wrapper without its runtime member, and without every member stdlib also bundles.
# llvm-ar 14 refuses to rewrite the index when a member is LLVM 22 bitcode (lto variant): GNU ar
# does it then (its LTO plugin complains about every bitcode-carrying member; that noise is dropped).
delete() { llvm-ar d "$@" 2>/dev/null || ar d "$@" >/dev/null 2>&1; }
mkdir trimmed shared; cp "$ext" trimmed/; cp "$ext" shared/
delete trimmed/libperry_ext_http.a "$runtime_member"
llvm-ar t "$std" > provider-members.txt
shared_members=()
while read -r m; do grep -qF ".$m" provider-members.txt && shared_members+=("$m"); done < <(llvm-ar t "$ext")
delete shared/libperry_ext_http.a "${shared_members[@]}"
echo "shared members removed: ${#shared_members[@]} of $(llvm-ar t "$ext" | wc -l)"

if [ $lto = no ]; then
  gnu wrappers-first            "$main" "$ext" "$std" "$rt"
  gnu wrappers-first-muldefs    "$main" "$ext" "$std" "$rt" -Wl,-z,muldefs -Wl,-t -Wl,-t
  echo "gnu.wrappers-first-muldefs: perry archive members loaded (-t -t)=$(grep -c '^(.*libperry_[a-z_]*\.a)' app-wrappers-first-muldefs.out)"
  gnu stdlib-first              "$main" "$std" "$ext" "$rt"
  gnu trimmed                   "$main" trimmed/libperry_ext_http.a "$std" "$rt"
  gnu shared                    "$main" shared/libperry_ext_http.a "$std" "$rt"
else
  gnu wrappers-first            "$main" "$ext" "$std" "$rt"
  echo "gnu.wrappers-first: $(grep -v 'multiple definition\|first defined\|in function\|collect2' app-wrappers-first.err | head -n1)"
  gnu trimmed                   "$main" trimmed/libperry_ext_http.a "$std" "$rt"
fi
lld wrappers-first            "$main" "$ext" "$std" "$rt"
lld wrappers-first-muldefs    "$main" "$ext" "$std" "$rt" -Wl,-z,muldefs -Wl,--why-extract=why.tsv
echo "lld.wrappers-first-muldefs: perry archive members extracted (--why-extract)=$(cut -f2 why.tsv | grep -c 'libperry_[a-z_]*\.a(')"
lld stdlib-first              "$main" "$std" "$ext" "$rt"
lld trimmed                   "$main" trimmed/libperry_ext_http.a "$std" "$rt"
lld shared                    "$main" shared/libperry_ext_http.a "$std" "$rt"
