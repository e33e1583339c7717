#!/usr/bin/env bash
# Re-checks the link facts ../README.md records for sandwich/ and perry-mini/ with the real
# linkers (GNU ld through cc, ld.lld, /usr/lib/llvm-14/bin/ld64.lld). Writes nothing here;
# scratch files go to a temporary directory. Prints one "key: value" line per fact.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
cc="${CC:-cc}"
ld64="${LD64_LLD:-/usr/lib/llvm-14/bin/ld64.lld}"
t="$(mktemp -d)"
trap 'rm -rf "$t"' EXIT

runit() { if [ -f "$1" ]; then "$1" | tr '\n' ' '; echo "(exit ${PIPESTATUS[0]})"; else echo "not linked"; fi; }

# ---- sandwich (ELF): A.a main2.o B.a
(cd sandwich && "$cc" A.a main2.o B.a -Wl,-t -Wl,-t -o "$t/sw-gnu" > "$t/sw-gnu.t" 2>&1)
echo "sandwich.gnu: run=$(runit "$t/sw-gnu") loaded=$(grep -o '^([AB]\.a)[^ ]*' "$t/sw-gnu.t" | tr '\n' ' ')"
(cd sandwich && "$cc" -fuse-ld=lld A.a main2.o B.a -Wl,--why-extract="$t/sw-lld.why" -o "$t/sw-lld")
echo "sandwich.lld: run=$(runit "$t/sw-lld") extracted=$(tail -n +2 "$t/sw-lld.why" | cut -f2 | tr '\n' ' ')"
# ---- sandwich (Mach-O x86_64) with ld64.lld
(cd sandwich/macho && "$ld64" -arch x86_64 -platform_version macos 11.0 11.0 -why_load -o "$t/sw-macho" \
   A.a main2.o B.a > "$t/sw-macho.why" 2>&1)
echo "sandwich.ld64.lld: rc=$? why_load=$(tr '\n' ';' < "$t/sw-macho.why")"

# ---- perry-mini
RT=perry_runtime-1a2b3c.perry_runtime.1a2b3c-cgu.0.rcgu.o
STD=std-5b1d2e3f.std.e282a1b0-cgu.0.rcgu.o
for d in elf macho-x86_64 macho-arm64; do
  w="perry-mini/$d"
  mkdir -p "$t/$d"
  cp "$w/libperry_ext_http.a" "$t/$d/trimmed.a"; llvm-ar d "$t/$d/trimmed.a" "$RT"
  cp "$w/libperry_ext_http.a" "$t/$d/shared.a";  llvm-ar d "$t/$d/shared.a" "$RT" "$STD"
  cp "$w/neg-rule2/libperry_ext_http.a" "$t/$d/rule2-trimmed.a"; llvm-ar d "$t/$d/rule2-trimmed.a" "$RT"
  orders=(
    "wrappers-first|$w/main.o $w/libperry_ext_http.a $w/libperry_stdlib.a $w/libperry_runtime.a"
    "stdlib-first|$w/main.o $w/libperry_stdlib.a $w/libperry_ext_http.a $w/libperry_runtime.a"
    "trimmed|$w/main.o $t/$d/trimmed.a $w/libperry_stdlib.a $w/libperry_runtime.a"
    "shared-trimmed|$w/main.o $t/$d/shared.a $w/libperry_stdlib.a $w/libperry_runtime.a"
    "rule1-provider|$w/main.o $w/libperry_ext_http.a $w/neg-rule1/libperry_stdlib.a $w/libperry_runtime.a"
    "rule2-wrapper|$w/main.o $w/neg-rule2/libperry_ext_http.a $w/libperry_stdlib.a $w/libperry_runtime.a"
    "rule2-wrapper-wrongly-trimmed|$w/main.o $t/$d/rule2-trimmed.a $w/libperry_stdlib.a $w/libperry_runtime.a"
    "local-provider-wrongly-trimmed|$w/main.o $t/$d/trimmed.a $w/neg-local/libperry_stdlib.a $w/libperry_runtime.a"
    "foreign-wrapper|$w/main.o $w/foreign/libperry_ext_http.a $w/libperry_stdlib.a $w/libperry_runtime.a"
  )
  for o in "${orders[@]}"; do
    name="${o%%|*}"; read -r -a files <<< "${o#*|}"
    if [ "$d" = elf ]; then
      "$cc" "${files[@]}" -o "$t/g" 2> "$t/g.err"; rc=$?
      echo "mini.$d.$name.gnu: rc=$rc multiple-definition=$(grep -c 'multiple definition of' "$t/g.err") undefined=$(grep -c 'undefined reference' "$t/g.err") run=$(runit "$t/g")"
      rm -f "$t/g"
      "$cc" "${files[@]}" -Wl,-z,muldefs -o "$t/g" 2>/dev/null
      echo "mini.$d.$name.gnu-muldefs: run=$(runit "$t/g")"
      rm -f "$t/g"
      "$cc" -fuse-ld=lld "${files[@]}" -Wl,--error-limit=0 -o "$t/l" 2> "$t/l.err"; rc=$?
      echo "mini.$d.$name.lld: rc=$rc duplicate-symbol=$(grep -c 'duplicate symbol:' "$t/l.err") undefined=$(grep -c 'undefined symbol:' "$t/l.err") run=$(runit "$t/l")"
      rm -f "$t/l"
    else
      "$ld64" -arch "${d#macho-}" -platform_version macos 11.0 11.0 --error-limit=0 -o "$t/m" "${files[@]}" \
        > /dev/null 2> "$t/m.err"; rc=$?
      echo "mini.$d.$name.ld64.lld: rc=$rc duplicate-symbol=$(grep -c 'duplicate symbol:' "$t/m.err") undefined=$(grep -c 'undefined symbol:' "$t/m.err")"
      rm -f "$t/m"
    fi
  done
done
