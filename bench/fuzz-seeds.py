#!/usr/bin/env python3
"""Regenerates the fuzz targets' seed inputs from the committed fixtures of testdata/small.

Each target's inputs directory (Jazzer's layout, run by every `mvn test` in regression mode) is
src/test/resources/org/linkdedup/fuzz/<Class>Inputs/<method>/. This script rewrites the files named
`seed-*` there and leaves every other file (the regression inputs of fixed findings, `crash-*`,
`timeout-*`, ...) alone. Seeds are the small fixtures themselves, members extracted from the small
archives, and two made here: an ELF object that uses SHN_XINDEX / SHT_SYMTAB_SHNDX with a handful
of sections (the committed xindex fixtures are 4 MB unpacked) and a bitcode file in the wrapper
header. Run from anywhere: python3 bench/fuzz-seeds.py
"""
import importlib.util
import os
import struct
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SMALL = os.path.join(ROOT, "testdata", "small")
RES = os.path.join(ROOT, "src", "test", "resources", "org", "linkdedup", "fuzz")

spec = importlib.util.spec_from_file_location("malformed", os.path.join(ROOT, "testdata", "malformed", "make.py"))
malformed = importlib.util.module_from_spec(spec)
spec.loader.exec_module(malformed)


def small(rel):
    with open(os.path.join(SMALL, rel), "rb") as f:
        return f.read()


def member(archive_rel, name):
    """The data of member `name` of a small archive (GNU or BSD names), read with the parser of make.py."""
    for m in malformed.ar_members(small(archive_rel)):
        if m.name == name:
            return m.data
    sys.exit(f"{archive_rel} has no member {name}")


def seed_name(rel):
    return "seed-" + rel.replace("/", "_")


ARCHIVES = [
    "ar/gnu.a", "ar/gnu-noindex.a", "ar/gnu-sym64.a", "ar/bsd.a", "ar/bsd-noindex.a", "ar/bsd-sorted.a",
    "ar/thin.a", "ar/darwin-x86_64.a", "ar/darwin-arm64.a", "ar/darwin-sym64.a", "ar/coff.lib", "ar/coff-gnu.lib",
    "bitcode/mixed-clang14.a", "bitcode/mixed-clang19.a",
    "rustc/i686-unknown-linux-gnu/libperry_ext_http.a", "rustc/powerpc64-unknown-linux-gnu/libperry_ext_http.a",
    "rustc/x86_64-apple-darwin/libperry_ext_http.a", "rustc/x86_64-pc-windows-msvc/perry_ext_http.lib",
    "rustc/x86_64-unknown-linux-gnu-bitcode/libperry_ext_http.a",
    "perry-mini/elf/libperry_ext_http.a", "perry-mini/elf/libperry_stdlib.a",
    "perry-mini/macho-x86_64/libperry_ext_http.a", "perry-mini/macho-arm64/libperry_stdlib.a",
    "sandwich/A.a", "sandwich/macho/A.a",
]
ROUND_TRIP = [
    "ar/gnu.a", "ar/gnu-noindex.a", "ar/gnu-sym64.a", "ar/bsd.a", "ar/bsd-noindex.a", "ar/bsd-sorted.a",
    "ar/thin.a", "ar/darwin-x86_64.a", "ar/darwin-sym64.a", "bitcode/mixed-clang14.a",
    "perry-mini/elf/libperry_ext_http.a", "perry-mini/macho-x86_64/libperry_stdlib.a",
    "ar/coff.lib", "rustc/x86_64-pc-windows-msvc/perry_ext_http.lib",
]
RUNTIME = "perry_runtime-1a2b3c.perry_runtime.7e8cfea5b74910a5-cgu.0.rcgu.o"


def seeds():
    elf = {seed_name(r): small(r) for r in
           ["elf/x86_64.o", "elf/i386.o", "elf/ppc64be.o", "elf/ppc32be.o", "perry-mini/elf/main.o", "sandwich/main2.o"]}
    elf["seed-rustc_i686_runtime-with-llvmbc.o"] = member("rustc/i686-unknown-linux-gnu/libperry_ext_http.a", RUNTIME)
    elf["seed-rustc_powerpc64_runtime.o"] = member("rustc/powerpc64-unknown-linux-gnu/libperry_ext_http.a", RUNTIME)
    elf["seed-made_xindex-x86_64.o"] = malformed.elf_with_xindex(small("elf/x86_64.o"))
    elf["seed-made_xindex-i386.o"] = malformed.elf_with_xindex(small("elf/i386.o"))

    macho = {seed_name(r): small(r) for r in
             ["macho/x86_64.o", "macho/arm64.o", "macho/i386.o", "macho/universal.o",
              "perry-mini/macho-arm64/main.o", "sandwich/macho/main2.o"]}
    macho["seed-rustc_x86_64-apple-darwin_runtime-with-bitcode.o"] = member(
        "rustc/x86_64-apple-darwin/libperry_ext_http.a", RUNTIME)

    bitcode = {seed_name(r): small(r) for r in
               ["bitcode/clang14.o", "bitcode/clang19.o", "bitcode/comdat-clang14.o", "bitcode/comdat-clang19.o",
                "bitcode/llvm-as14.bc"]}
    bitcode["seed-rustc_linker-plugin-lto_runtime.bc"] = member(
        "rustc/x86_64-unknown-linux-gnu-bitcode/libperry_ext_http.a", RUNTIME)
    raw = small("bitcode/clang14.o")
    bitcode["seed-made_wrapper_clang14.bc"] = struct.pack("<5I", 0x0B17C0DE, 0, 20, len(raw), 0x01000007) + raw

    return {
        ("ArchiveReaderFuzzTestInputs", "archiveReader"): {seed_name(r): small(r) for r in ARCHIVES},
        ("ArchiveRoundTripFuzzTestInputs", "writeThenRead"): {seed_name(r): small(r) for r in ROUND_TRIP},
        ("ElfReaderFuzzTestInputs", "elfReader"): elf,
        ("MachOReaderFuzzTestInputs", "machOReader"): macho,
        ("BitcodeReaderFuzzTestInputs", "bitcodeReader"): bitcode,
    }


def main():
    for (cls, method), files in seeds().items():
        d = os.path.join(RES, cls, method)
        os.makedirs(d, exist_ok=True)
        for old in os.listdir(d):
            if old.startswith("seed-"):
                os.remove(os.path.join(d, old))
        for name, data in sorted(files.items()):
            with open(os.path.join(d, name), "wb") as f:
                f.write(data)
        print(f"{cls}/{method}: {len(files)} seeds, {sum(len(v) for v in files.values())} bytes")


if __name__ == "__main__":
    main()
