#!/usr/bin/env python3
"""Builds the malformed-input corpus: small archives and objects, each broken in one field.

Every case starts from a small valid file made here from scratch (an ar archive, a 64- or 32-bit
ELF object, a Mach-O object, a universal file, an LLVM bitcode file with an irsymtab) and changes
one thing in it. The valid originals are written to `valid/` (a test checks that they read
without error, so each malformed file differs from a good one by exactly its corruption). For
every case NAME this writes NAME and NAME.expected: the one line `linkdedup symbols
testdata/malformed/NAME` prints on stderr, run from the repository root, exit status 3. The
byte offsets in those lines are computed here from the layout of the file, independently of the
reader: if the reader names another offset, the test fails.

Objects are wrapped in a one-member archive where that is how a linker meets them, so the message
names FILE(MEMBER); the universal (fat) cases stand alone, as fat files do.

    python3 testdata/malformed/make.py        # rewrites the corpus; two runs give the same bytes

The helpers (ar parsing, ELF rewriting) are also used by bench/fuzz-seeds.py.
"""
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# ---------------------------------------------------------------------------------------------
# ar


class Member:
    def __init__(self, name, data, header_offset=0, data_offset=0):
        self.name = name
        self.data = data
        self.header_offset = header_offset
        self.data_offset = data_offset


def ar_members(data):
    """The regular members of a GNU or BSD archive (index and long-name table skipped)."""
    assert data[:8] == b"!<arch>\n", "not an ar archive"
    pos, longnames, out = 8, b"", []
    while pos + 60 <= len(data):
        h = data[pos:pos + 60]
        raw = h[:16].rstrip(b" ").decode("latin-1")
        size = int(h[48:58])
        start = pos + 60
        if raw == "//":
            longnames = data[start:start + size]
        elif raw in ("/", "/SYM64/") or raw.startswith("__.SYMDEF"):
            pass
        else:
            if raw.startswith("#1/"):
                n = int(raw[3:])
                name = data[start:start + n].rstrip(b"\0").decode("latin-1")
                if name.startswith("__.SYMDEF"):
                    pos = start + size + (size & 1)
                    continue
                start, size = start + n, size - n
            elif raw.startswith("/") and raw[1:].isdigit():
                off = int(raw[1:])
                name = longnames[off:longnames.index(b"\n", off)].decode("latin-1").rstrip("/")
            else:
                name = raw.rstrip("/")
            out.append(Member(name, data[start:start + size], pos, start))
            size = start + size - (pos + 60)
        pos = pos + 60 + size + (size & 1)
    return out


def ar_header(name, size, date="0", uid="0", gid="0", mode="644"):
    h = "%-16s%-12s%-6s%-6s%-8s%-10s`\n" % (name, date, uid, gid, mode, size)
    assert len(h) == 60, h
    return h.encode("latin-1")


class Ar:
    """An ar file built member by member; records where each header and data starts."""

    def __init__(self, magic=b"!<arch>\n"):
        self.out = bytearray(magic)
        self.members = {}

    def gnu(self, name, data, raw_name=None):
        """A member with a GNU name (`name/`, or `raw_name` as given, e.g. `/0`)."""
        header = len(self.out)
        self.out += ar_header(raw_name if raw_name is not None else name + "/", len(data))
        self.members[name] = Member(name, data, header, len(self.out))
        self.out += data
        if len(data) & 1:
            self.out += b"\n"
        return self

    def bsd(self, name, data):
        """A member with a Darwin `#1/N` name, padded with NULs so that its data starts 8-aligned, and
        its data padded with newlines to a multiple of 8 (as llvm-ar does)."""
        header = len(self.out)
        n = len(name) + 1
        while (header + 60 + n) % 8:
            n += 1
        pad = -(header + 60 + n + len(data)) % 8   # Apple's tools count the padding in the member
        self.out += ar_header("#1/%d" % n, n + len(data) + pad)
        self.out += name.encode("latin-1") + b"\0" * (n - len(name))
        self.members[name] = Member(name, data + b"\n" * pad, header, len(self.out))
        self.out += data + b"\n" * pad
        return self

    def raw(self, b):
        self.out += b
        return self

    def bytes(self):
        return bytes(self.out)


def gnu_index(entries):
    """A GNU `/` index body: big-endian count, member header offsets, NUL-terminated names."""
    body = struct.pack(">I", len(entries))
    body += b"".join(struct.pack(">I", off) for _, off in entries)
    body += b"".join(name.encode("latin-1") + b"\0" for name, _ in entries)
    return body + (b"\0" if len(body) & 1 else b"")


def gnu_archive_with_index(members, symbols):
    """A GNU archive: `/` index naming `symbols` {member name: [symbol...]}, a `//` table for names
    over 15 bytes, then `members` [(name, data)]."""
    longnames, raw = b"", {}
    for name, _ in members:
        if len(name) > 15:
            raw[name] = "/%d" % len(longnames)
            longnames += name.encode("latin-1") + b"/\n"
    index_len = len(gnu_index([(s, 0) for n, _ in members for s in symbols.get(n, [])]))
    pos = 8 + 60 + index_len + (60 + len(longnames) + (len(longnames) & 1) if longnames else 0)
    offsets = {}
    for name, data in members:
        offsets[name] = pos
        pos += 60 + len(data) + (len(data) & 1)
    ar = Ar()
    ar.gnu("/", gnu_index([(s, offsets[n]) for n, _ in members for s in symbols.get(n, [])]), raw_name="/")
    if longnames:
        ar.gnu("//", longnames, raw_name="//")
    for name, data in members:
        ar.gnu(name, data, raw_name=raw.get(name))
    assert all(ar.members[n].header_offset == offsets[n] for n, _ in members)
    return ar


# ---------------------------------------------------------------------------------------------
# ELF


SHT_PROGBITS, SHT_SYMTAB, SHT_STRTAB, SHT_SYMTAB_SHNDX = 1, 2, 3, 18
SHF_WRITE, SHF_ALLOC, SHF_EXECINSTR = 1, 2, 4
SHN_UNDEF, SHN_XINDEX = 0, 0xFFFF
STB_LOCAL, STB_GLOBAL = 0, 1
STT_NOTYPE, STT_OBJECT, STT_FUNC = 0, 1, 2


class Elf:
    """A relocatable ELF object built from scratch, with every field's offset recorded.

    Sections: null, .text, .data, .symtab, .strtab; no section name table (e_shstrndx is 0, as
    the gABI allows), to stay small. Symbols: null, a local function, `main_func` (global, .text),
    `data_var` (global, .data), `undef_sym` (undefined).
    """

    def __init__(self, is64=True, big=False, machine=None):
        self.is64, self.e = is64, (">" if big else "<")
        machine = machine if machine is not None else (62 if is64 else 3)
        w = "Q" if is64 else "I"
        strtab = b"\0local_func\0main_func\0data_var\0undef_sym\0"
        self.names = {n: strtab.index(n.encode() + b"\0") for n in ("local_func", "main_func", "data_var", "undef_sym")}
        syms = [(0, 0, 0, 0), (self.names["local_func"], STB_LOCAL << 4 | STT_FUNC, 1, 0),
                (self.names["main_func"], STB_GLOBAL << 4 | STT_FUNC, 1, 0),
                (self.names["data_var"], STB_GLOBAL << 4 | STT_OBJECT, 2, 0),
                (self.names["undef_sym"], STB_GLOBAL << 4 | STT_NOTYPE, SHN_UNDEF, 0)]
        self.sym_size = 24 if is64 else 16
        symtab = b"".join(self.sym(*s) for s in syms)
        ehsize, shentsize = (64, 64) if is64 else (52, 40)
        out = bytearray(ehsize)
        # section contents
        text_off = len(out); out += b"\xc3\x90\x90\x90"
        data_off = len(out); out += b"\x2a\0\0\0"
        while len(out) % 8:
            out += b"\0"
        self.symtab_off = len(out); out += symtab
        self.strtab_off = len(out); out += strtab
        while len(out) % 8:
            out += b"\0"
        self.shoff = len(out)
        sections = [
            (0, 0, 0, 0, 0, 0, 0, 0, 0),
            (0, SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, text_off, 4, 0, 0, 4, 0),
            (0, SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, data_off, 4, 0, 0, 4, 0),
            (0, SHT_SYMTAB, 0, self.symtab_off, len(symtab), 4, 2, 8, self.sym_size),
            (0, SHT_STRTAB, 0, self.strtab_off, len(strtab), 0, 0, 1, 0),
        ]
        for s in sections:
            out += self.shdr(*s)
        self.shentsize, self.shnum = shentsize, len(sections)
        ident = b"\x7fELF" + bytes([2 if is64 else 1, 2 if big else 1, 1, 0]) + b"\0" * 8
        hdr = ident + struct.pack(self.e + "HHI" + w + w + w + "IHHHHHH", 1, machine, 1, 0, 0, self.shoff, 0,
                                  ehsize, 0, 0, shentsize, len(sections), 0)
        out[:ehsize] = hdr
        self.out = out

    def sym(self, name, info, shndx, value):
        if self.is64:
            return struct.pack(self.e + "IBBHQQ", name, info, 0, shndx, value, 0)
        return struct.pack(self.e + "IIIBBH", name, value, 0, info, 0, shndx)

    def shdr(self, name, type_, flags, offset, size, link, info, align, entsize):
        if self.is64:
            return struct.pack(self.e + "IIQQQQIIQQ", name, type_, flags, 0, offset, size, link, info, align, entsize)
        return struct.pack(self.e + "IIIIIIIIII", name, type_, flags, 0, offset, size, link, info, align, entsize)

    # field offsets -------------------------------------------------------------------------
    def e_shoff_at(self):
        return 40 if self.is64 else 32

    def e_shnum_at(self):
        return 60 if self.is64 else 48

    def sh_at(self, index, field):
        """Offset of a section header field: name, type, flags, offset, size, link, info, entsize."""
        fields64 = {"name": 0, "type": 4, "flags": 8, "offset": 24, "size": 32, "link": 40, "info": 44, "entsize": 56}
        fields32 = {"name": 0, "type": 4, "flags": 8, "offset": 16, "size": 20, "link": 24, "info": 28, "entsize": 36}
        return self.shoff + index * self.shentsize + (fields64 if self.is64 else fields32)[field]

    def sym_at(self, index, field):
        fields64 = {"name": 0, "info": 4, "shndx": 6}
        fields32 = {"name": 0, "info": 12, "shndx": 14}
        return self.symtab_off + index * self.sym_size + (fields64 if self.is64 else fields32)[field]

    def word(self):
        return "Q" if self.is64 else "I"

    def put(self, at, fmt, value):
        struct.pack_into(self.e + fmt, self.out, at, value)
        return self

    def bytes(self):
        return bytes(self.out)


def elf_sections(data):
    """(is64, endian, shoff, shentsize, [section header tuples]) of an ELF file."""
    is64, e = data[4] == 2, ("<" if data[5] == 1 else ">")
    if is64:
        shoff, = struct.unpack_from(e + "Q", data, 40)
        shentsize, shnum = struct.unpack_from(e + "HH", data, 58)
        fmt = e + "IIQQQQIIQQ"
    else:
        shoff, = struct.unpack_from(e + "I", data, 32)
        shentsize, shnum = struct.unpack_from(e + "HH", data, 46)
        fmt = e + "IIIIIIIIII"
    return is64, e, shoff, shentsize, [list(struct.unpack_from(fmt, data, shoff + i * shentsize)) for i in range(shnum)]


def elf_with_xindex(data):
    """A copy of an ELF object that reaches its symbols' sections through SHN_XINDEX: e_shnum is 0
    (the count moves to section 0's sh_size) and every symbol in a regular section gets st_shndx
    SHN_XINDEX and its real index in a new SHT_SYMTAB_SHNDX section. Valid ELF; the small
    counterpart of the 65,306-section fixtures."""
    is64, e, shoff, shentsize, secs = elf_sections(data)
    fmt = e + ("IIQQQQIIQQ" if is64 else "IIIIIIIIII")
    symtab = next(i for i, s in enumerate(secs) if s[1] == SHT_SYMTAB)
    sym_off, sym_size, sym_ent = secs[symtab][4], secs[symtab][5], secs[symtab][9]
    shndx_at = 6 if is64 else 14
    out = bytearray(data)
    table = bytearray()
    for k in range(sym_size // sym_ent):
        at = sym_off + k * sym_ent + shndx_at
        shndx, = struct.unpack_from(e + "H", out, at)
        if 0 < shndx < 0xFF00:
            struct.pack_into(e + "H", out, at, SHN_XINDEX)
            table += struct.pack(e + "I", shndx)
        else:
            table += struct.pack(e + "I", 0)
    while len(out) % 8:
        out += b"\0"
    table_off = len(out)
    out += table
    while len(out) % 8:
        out += b"\0"
    new_shoff = len(out)
    secs = secs + [[0, SHT_SYMTAB_SHNDX, 0, 0, table_off, len(table), symtab, 0, 4, 4]]
    secs[0][5] = len(secs)  # sh_size of section 0: the real section count
    for s in secs:
        out += struct.pack(fmt, *s)
    if is64:
        struct.pack_into(e + "Q", out, 40, new_shoff)
        struct.pack_into(e + "H", out, 60, 0)
    else:
        struct.pack_into(e + "I", out, 32, new_shoff)
        struct.pack_into(e + "H", out, 48, 0)
    return bytes(out)


# ---------------------------------------------------------------------------------------------
# Mach-O

N_EXT, N_SECT, N_UNDF = 0x01, 0x0E, 0x00


class MachO:
    """A 64-bit little-endian x86_64 MH_OBJECT: LC_SEGMENT_64 with one __TEXT,__text section and
    LC_SYMTAB with `_main_func` (external, section 1) and `_undef_sym` (undefined)."""

    def __init__(self, cputype=0x01000007, cpusubtype=3):
        seg_size = 72 + 80
        sizeofcmds = seg_size + 24
        self.header_size = 32
        self.seg_at = 32
        self.symtab_cmd_at = 32 + seg_size
        text_off = 32 + sizeofcmds
        self.symoff = text_off + 4
        strtab = b"\0_main_func\0_undef_sym\0\0"
        self.strx = {"_main_func": 1, "_undef_sym": 12}
        nlists = struct.pack("<IBBHQ", 1, N_SECT | N_EXT, 1, 0, 0) + struct.pack("<IBBHQ", 12, N_UNDF | N_EXT, 0, 0, 0)
        self.nsyms = 2
        self.stroff = self.symoff + len(nlists)
        self.strsize = len(strtab)
        out = bytearray()
        out += struct.pack("<IiiIIIII", 0xFEEDFACF, cputype, cpusubtype, 1, 2, sizeofcmds, 0, 0)
        out += struct.pack("<II16sQQQQiiII", 0x19, seg_size, b"", 0, 4, text_off, 4, 7, 7, 1, 0)
        out += struct.pack("<16s16sQQIIIIIIII", b"__text", b"__TEXT", 0, 4, text_off, 0, 0, 0, 0x80000400, 0, 0, 0)
        out += struct.pack("<IIIIII", 2, 24, self.symoff, self.nsyms, self.stroff, self.strsize)
        out += b"\xc3\x90\x90\x90"
        out += nlists + strtab
        self.out = out

    def put(self, at, fmt, value):
        struct.pack_into("<" + fmt, self.out, at, value)
        return self

    def bytes(self):
        return bytes(self.out)


def fat(slices):
    """A universal file: fat header, fat_arch entries, then each (cputype, subtype, data) slice 8-aligned."""
    head = 8 + 20 * len(slices)
    out = bytearray(struct.pack(">II", 0xCAFEBABE, len(slices)))
    pos, offsets = head, []
    for _, _, data in slices:
        pos = (pos + 7) & ~7
        offsets.append(pos)
        pos += len(data)
    for (cpu, sub, data), off in zip(slices, offsets):
        out += struct.pack(">iiIII", cpu, sub, off, len(data), 3)
    for (_, _, data), off in zip(slices, offsets):
        out += b"\0" * (off - len(out)) + data
    return out, offsets


# ---------------------------------------------------------------------------------------------
# LLVM bitcode


class Bits:
    """An LLVM bitstream writer: fields least significant bit first, blocks with backpatched lengths."""

    def __init__(self):
        self.buf = bytearray()
        self.bit = 0
        self.width = 2
        self.stack = []

    def fixed(self, value, width):
        for k in range(width):
            if self.bit % 8 == 0:
                self.buf.append(0)
            if value >> k & 1:
                self.buf[self.bit // 8] |= 1 << (self.bit % 8)
            self.bit += 1

    def vbr(self, value, width):
        high = 1 << (width - 1)
        while value >= high:
            self.fixed(value & (high - 1) | high, width)
            value >>= width - 1
        self.fixed(value, width)

    def align32(self):
        while self.bit % 32:
            self.fixed(0, 1)

    def byte_offset(self):
        return self.bit // 8

    def enter(self, block_id, width):
        """ENTER_SUBBLOCK; returns the byte offset of its length word."""
        self.fixed(1, self.width)
        self.vbr(block_id, 8)
        self.vbr(width, 4)
        self.align32()
        length_at = self.byte_offset()
        self.fixed(0, 32)
        self.stack.append((self.width, length_at))
        self.width = width
        return length_at

    def end(self):
        self.fixed(0, self.width)
        self.align32()
        width, length_at = self.stack.pop()
        struct.pack_into("<I", self.buf, length_at, (self.byte_offset() - length_at - 4) // 4)
        self.width = width

    def unabbrev(self, code, ops):
        self.fixed(3, self.width)
        self.vbr(code, 6)
        self.vbr(len(ops), 6)
        for v in ops:
            self.vbr(v, 6)

    def define_blob_abbrev(self, code):
        """DEFINE_ABBREV [literal code, blob]."""
        self.fixed(2, self.width)
        self.vbr(2, 5)
        self.fixed(1, 1)
        self.vbr(code, 8)
        self.fixed(0, 1)
        self.fixed(5, 3)

    def blob_record(self, abbrev_id, blob, declared=None):
        """A record of the blob abbreviation; returns the byte offsets of its length field and of its data."""
        self.fixed(abbrev_id, self.width)
        length_at = self.byte_offset()
        self.vbr(len(blob) if declared is None else declared, 6)
        self.align32()
        data_at = self.byte_offset()
        for b in blob:
            self.fixed(b, 8)
        self.align32()
        return length_at, data_at


IDENTIFICATION_BLOCK_ID, MODULE_BLOCK_ID, STRTAB_BLOCK_ID, SYMTAB_BLOCK_ID = 13, 8, 23, 25
FB_GLOBAL, FB_UNDEFINED, FB_EXECUTABLE = 1 << 10, 1 << 3, 1 << 13


def irsymtab(strtab_strings):
    """An irsymtab storage-version-3 blob for one module with `main_func` (defined, executable) and
    `undef_sym` (undefined), and the string table blob it points into."""
    strtab = bytearray()
    refs = {}
    for s in strtab_strings:
        refs[s] = (len(strtab), len(s))
        strtab += s.encode()
    header = 76
    modules_at = header
    symbols_at = modules_at + 12
    symbols = [("main_func", FB_GLOBAL | FB_EXECUTABLE), ("undef_sym", FB_GLOBAL | FB_UNDEFINED)]
    end = symbols_at + 24 * len(symbols)

    def s(name):
        return struct.pack("<II", *refs[name])

    blob = bytearray()
    blob += struct.pack("<I", 3) + s("LLVM-test")
    blob += struct.pack("<II", modules_at, 1)          # modules
    blob += struct.pack("<II", end, 0)                 # comdats
    blob += struct.pack("<II", symbols_at, len(symbols))
    blob += struct.pack("<II", end, 0)                 # uncommons
    blob += s("x86_64-unknown-linux-gnu") + s("test.c") + struct.pack("<II", 0, 0)  # triple, source, COFF opts
    blob += struct.pack("<II", end, 0)                 # dependent libraries
    assert len(blob) == header
    blob += struct.pack("<III", 0, len(symbols), 0)
    for name, flags in symbols:
        blob += s(name) + s(name) + struct.pack("<iI", -1, flags)
    return bytes(blob), bytes(strtab)


class Bitcode:
    """A bitcode file: magic, IDENTIFICATION_BLOCK, an empty MODULE_BLOCK, SYMTAB_BLOCK, STRTAB_BLOCK.

    `symtab_body(bits)` may replace the SYMTAB_BLOCK's contents (to corrupt them); offsets of
    interesting fields are recorded in `self.at`."""

    def __init__(self, symtab_body=None, module_body=None, blob_length=None):
        symtab, strtab = irsymtab(["LLVM-test", "x86_64-unknown-linux-gnu", "test.c", "main_func", "undef_sym"])
        b = Bits()
        self.at = {}
        for ch in b"BC\xc0\xde":
            b.fixed(ch, 8)
        b.enter(IDENTIFICATION_BLOCK_ID, 5)
        b.unabbrev(1, list(b"LLVM-test"))
        b.end()
        self.at["module"] = b.byte_offset()
        b.enter(MODULE_BLOCK_ID, 3)
        if module_body:
            module_body(b, self.at)
        b.end()
        self.at["symtab_block"] = b.byte_offset()
        self.at["symtab_length"] = b.enter(SYMTAB_BLOCK_ID, 3)
        if symtab_body:
            symtab_body(b, self.at, symtab)
        else:
            b.define_blob_abbrev(1)
            self.at["symtab_blob_length"], self.at["symtab_blob"] = b.blob_record(4, symtab, blob_length)
        b.end()
        self.at["symtab_end"] = b.byte_offset()
        self.at["strtab_length"] = b.enter(STRTAB_BLOCK_ID, 3)
        b.define_blob_abbrev(1)
        self.at["strtab_blob_length"], self.at["strtab_blob"] = b.blob_record(4, strtab)
        b.end()
        self.strtab_size = len(strtab)
        self.out = bytes(b.buf)

    def bytes(self):
        return self.out


def wrapper(raw, offset=20, size=None):
    return struct.pack("<5I", 0x0B17C0DE, 0, offset, len(raw) if size is None else size, 0x01000007) + raw


# ---------------------------------------------------------------------------------------------
# the corpus


def cases():
    """[(file name, bytes, expected reason line or None for a valid file)]"""
    out = []

    def case(name, data, message):
        out.append((name, bytes(data), message))

    def msg(name, member, offset, reason):
        where = "testdata/malformed/" + name + ("(" + member + ")" if member else "")
        return "linkdedup: %s at byte %d: %s" % (where, offset, reason)

    # --- valid originals ----------------------------------------------------------------
    elf64 = Elf().bytes()
    elf32 = Elf(is64=False).bytes()
    elf64be = Elf(big=True, machine=21).bytes()
    macho = MachO().bytes()
    bc = Bitcode().bytes()
    valid = {
        "valid/elf64.a": Ar().gnu("obj.o", elf64).bytes(),
        "valid/elf32.a": Ar().gnu("obj.o", elf32).bytes(),
        "valid/elf64be.a": Ar().gnu("obj.o", elf64be).bytes(),
        "valid/elf-xindex.a": Ar().gnu("obj.o", elf_with_xindex(elf64)).bytes(),
        "valid/gnu-index.a": gnu_archive_with_index(
            [("one.o", elf64), ("a_long_member_name.o", b"not an object\n")], {"one.o": ["main_func", "data_var"]}).bytes(),
        "valid/darwin.a": Ar().bsd("obj.o", macho).bytes(),
        "valid/universal.o": fat([(0x01000007, 3, macho), (0x0100000C, 0, MachO(0x0100000C, 0).bytes())])[0],
        "valid/bitcode.a": Ar().gnu("bc.o", bc).bytes(),
        "valid/bitcode-wrapper.a": Ar().gnu("bc.o", wrapper(bc)).bytes(),
    }
    for name, data in valid.items():
        case(name, data, None)

    # --- the ar container ------------------------------------------------------------------
    # valid/elf64.a: magic, header of obj.o at 8 (size field at 56, terminator at 66), data at 68.
    ar = valid["valid/elf64.a"]
    case("ar-truncated-header.a", ar[:8 + 30],
         msg("ar-truncated-header.a", None, 8, "truncated archive: member header needs 60 bytes, 30 left"))
    case("ar-truncated-member.a", ar[:68 + 100],
         msg("ar-truncated-member.a", None, 56, "member size %d runs past the end of the file (100 bytes left)" % len(elf64)))
    case("ar-bad-magic.a", b"!<arch>\r\n" + ar[8:],
         msg("ar-bad-magic.a", None, 0, "bad magic \"!<arch>\\r\": not an ar archive"))
    case("ar-bad-header-terminator.a", ar[:66] + b"`\r" + ar[68:],
         msg("ar-bad-header-terminator.a", None, 66, "bad member header terminator (expected \"`\\n\")"))
    idx = gnu_archive_with_index([("one.o", elf64), ("a_long_member_name.o", b"not an object\n")], {"one.o": ["main_func", "data_var"]})
    last = idx.members["a_long_member_name.o"]
    grown = bytearray(idx.bytes())
    grown[last.header_offset + 48:last.header_offset + 58] = b"%-10d" % (len(last.data) + 1000)
    case("ar-member-size-past-eof.a", grown,
         msg("ar-member-size-past-eof.a", None, last.header_offset + 48,
             "member size %d runs past the end of the file (%d bytes left)" % (len(last.data) + 1000, len(last.data))))
    far = bytearray(idx.bytes())
    far[last.header_offset:last.header_offset + 16] = b"/999            "
    case("ar-long-name-offset-out-of-range.a", far,
         msg("ar-long-name-offset-out-of-range.a", None, last.header_offset,
             "long name offset 999 is outside the // table (22 bytes)"))
    nowhere = bytearray(idx.bytes())
    entry1 = 68 + 4 + 4          # index data at 68: count, then entry 0's and entry 1's member offsets
    struct.pack_into(">I", nowhere, entry1, idx.members["one.o"].header_offset + 2)
    case("ar-index-points-nowhere.a", nowhere,
         msg("ar-index-points-nowhere.a", "/", entry1, "symbol index entry 1 (data_var) points to offset %d, which is not a member header"
             % (idx.members["one.o"].header_offset + 2)))
    absurd = bytearray(idx.bytes())
    struct.pack_into(">I", absurd, 68, 0x7FFFFFFF)
    index_size = len(gnu_index([("main_func", 0), ("data_var", 0)]))
    case("ar-index-count-absurd.a", absurd,
         msg("ar-index-count-absurd.a", "/", 68, "symbol index claims 2147483647 entries but holds at most %d" % ((index_size - 4) // 4)))
    darwin = bytearray(valid["valid/darwin.a"])   # header at 8: "#1/12", the name, data at 80
    darwin[8:24] = b"#1/9999         "
    case("ar-bsd-name-longer-than-member.a", darwin,
         msg("ar-bsd-name-longer-than-member.a", None, 8,
             "#1/ name of 9999 bytes is longer than the member (size field %d)" % (12 + len(macho) + (-(80 + len(macho)) % 8))))

    # --- ELF, as member obj.o (data at 68) of a GNU archive ------------------------------
    M = 68

    def elf_case(name, elf, message_offset, reason, member="obj.o"):
        case(name, Ar().gnu("obj.o", elf.bytes()).bytes(), msg(name, member, M + message_offset, reason))

    e = Elf()
    n = len(e.bytes())
    elf_case("elf-e_shoff-past-member.a", Elf().put(e.e_shoff_at(), "Q", 5000), e.e_shoff_at(),
             "e_shoff 5000 is past the end of the member (%d bytes)" % n)
    elf_case("elf-e_shnum-past-member.a", Elf().put(e.e_shnum_at(), "H", 100), e.e_shnum_at(),
             "e_shnum 100: section header table of 100 entries of 64 bytes at offset %d runs past the end of the member (%d bytes)" % (e.shoff, n))
    elf_case("elf-section-count-absurd.a", Elf().put(e.e_shnum_at(), "H", 0).put(e.sh_at(0, "size"), "Q", 10 ** 9),
             e.sh_at(0, "size"), "section count 1000000000 (section 0's sh_size, as e_shnum is 0): section header table of 1000000000"
             " entries of 64 bytes at offset %d runs past the end of the member (%d bytes)" % (e.shoff, n))
    elf_case("elf-bad-class.a", Elf().put(4, "B", 3), 4, "bad ELF class 3")
    elf_case("elf-sh_offset-past-member.a", Elf().put(e.sh_at(3, "offset"), "Q", 70000), e.sh_at(3, "offset"),
             "symbol table (section 3) at offset 70000 of 120 bytes runs past the end of the member (%d bytes)" % n)
    elf_case("elf-sh_size-past-member.a", Elf().put(e.sh_at(3, "size"), "Q", 24000), e.sh_at(3, "size"),
             "symbol table (section 3) at offset %d of 24000 bytes runs past the end of the member (%d bytes)" % (e.symtab_off, n))
    elf_case("elf-bad-sh_entsize.a", Elf().put(e.sh_at(3, "entsize"), "Q", 16), e.sh_at(3, "entsize"),
             "symbol table (section 3) has sh_entsize 16, expected 24")
    elf_case("elf-sh_link-past-section-table.a", Elf().put(e.sh_at(3, "link"), "I", 99), e.sh_at(3, "link"),
             "symbol table's sh_link 99 is not a section (there are 5)")
    elf_case("elf-st_name-past-strtab.a", Elf().put(e.sym_at(2, "name"), "I", 1000), e.sym_at(2, "name"),
             "st_name 1000 of symbol 2 is past the end of the string table (41 bytes)")
    elf_case("elf-shn_xindex-without-symtab_shndx.a", Elf().put(e.sym_at(2, "shndx"), "H", SHN_XINDEX), e.sym_at(2, "shndx"),
             "symbol 2 has st_shndx SHN_XINDEX but there is no SHT_SYMTAB_SHNDX table")
    e32 = Elf(is64=False)
    elf_case("elf32-st_name-past-strtab.a", Elf(is64=False).put(e32.sym_at(3, "name"), "I", 0xFFFFFFFF), e32.sym_at(3, "name"),
             "st_name 4294967295 of symbol 3 is past the end of the string table (41 bytes)")
    ebe = Elf(big=True, machine=21)
    elf_case("elf64be-sh_link-past-section-table.a", Elf(big=True, machine=21).put(ebe.sh_at(3, "link"), "I", 5),
             ebe.sh_at(3, "link"), "symbol table's sh_link 5 is not a section (there are 5)")

    # --- Mach-O, as member obj.o of a Darwin archive (name "#1/12", data at 80) -----------------
    D = 80
    mo = MachO()

    def macho_case(name, m, message_offset, reason):
        case(name, Ar().bsd("obj.o", m.bytes()).bytes(), msg(name, "obj.o", D + message_offset, reason))

    size = len(Ar().bsd("obj.o", mo.bytes()).members["obj.o"].data)   # the member: the object and the newlines padding it to 8
    macho_case("macho-ncmds-past-sizeofcmds.a", MachO().put(16, "I", 1000), 16, "ncmds 1000 cannot fit in sizeofcmds 176")
    macho_case("macho-sizeofcmds-past-member.a", MachO().put(20, "I", 5000), 20,
               "sizeofcmds 5000 runs past the end of the member (%d bytes)" % size)
    macho_case("macho-cmdsize-past-load-commands.a", MachO().put(mo.seg_at + 4, "I", 1000), mo.seg_at + 4,
               "load command 0 has cmdsize 1000 (176 bytes of load commands left)")
    macho_case("macho-symoff-past-member.a", MachO().put(mo.symtab_cmd_at + 8, "I", 5000), mo.symtab_cmd_at + 8,
               "symoff 5000 (2 symbols of 16 bytes) runs past the end of the member (%d bytes)" % size)
    macho_case("macho-nsyms-past-member.a", MachO().put(mo.symtab_cmd_at + 12, "I", 1000), mo.symtab_cmd_at + 12,
               "nsyms 1000 (symbols of 16 bytes at offset %d) runs past the end of the member (%d bytes)" % (mo.symoff, size))
    macho_case("macho-stroff-past-member.a", MachO().put(mo.symtab_cmd_at + 16, "I", 5000), mo.symtab_cmd_at + 16,
               "stroff 5000 (string table of %d bytes) runs past the end of the member (%d bytes)" % (mo.strsize, size))
    macho_case("macho-strsize-past-member.a", MachO().put(mo.symtab_cmd_at + 20, "I", 5000), mo.symtab_cmd_at + 20,
               "strsize 5000 (string table at offset %d) runs past the end of the member (%d bytes)" % (mo.stroff, size))
    macho_case("macho-n_strx-past-strtab.a", MachO().put(mo.symoff + 16, "I", 1000), mo.symoff + 16,
               "n_strx 1000 of symbol 1 is past the end of the string table (%d bytes)" % mo.strsize)
    macho_case("macho-n_sect-not-a-section.a", MachO().put(mo.symoff + 5, "B", 7), mo.symoff + 5,
               "n_sect 7 of symbol 0 is not a section (there are 1)")

    # --- universal files (standalone) ------------------------------------------------------
    arm = MachO(0x0100000C, 0).bytes()
    u, offsets = fat([(0x01000007, 3, macho), (0x0100000C, 0, arm)])
    past = bytearray(u)
    struct.pack_into(">I", past, 8 + 20 + 12, len(arm) + 1000)
    case("universal-slice-past-file.o", past,
         msg("universal-slice-past-file.o", None, 8 + 20 + 12, "fat slice 1 (arm64) at offset %d of %d bytes runs past the end of the file (%d bytes)"
             % (offsets[1], len(arm) + 1000, len(u))))
    notmacho = bytearray(u)
    notmacho[offsets[0]:offsets[0] + 4] = b"\x7fELF"
    case("universal-slice-not-macho.o", notmacho,
         msg("universal-slice-not-macho.o", None, offsets[0], "fat slice 0 (x86_64) is not a Mach-O object"))
    many = bytearray(u)
    struct.pack_into(">I", many, 4, 44)
    case("universal-nfat_arch-past-file.o", many,
         msg("universal-nfat_arch-past-file.o", None, 4, "nfat_arch 44 (fat_arch entries of 20 bytes) runs past the end of the file (%d bytes)" % len(u)))
    inner = bytearray(u)
    struct.pack_into("<I", inner, offsets[1] + mo.symoff, 1000)
    case("universal-slice-n_strx-past-strtab.o", inner,
         msg("universal-slice-n_strx-past-strtab.o", None, offsets[1] + mo.symoff,
             "fat slice 1 (arm64): n_strx 1000 of symbol 0 is past the end of the string table (%d bytes)" % mo.strsize))

    # --- LLVM bitcode, as member bc.o (data at 68) of a GNU archive -------------------------
    good = Bitcode()
    bcn = len(good.bytes())

    def bc_case(name, data, message_offset, reason):
        case(name, Ar().gnu("bc.o", data).bytes(), msg(name, "bc.o", M + message_offset, reason))

    bc_case("bitcode-wrapper-size-past-member.a", wrapper(good.bytes(), size=bcn + 100), 12,
            "bitcode wrapper size %d (at offset 20) runs past the end of the member (%d bytes)" % (bcn + 100, bcn + 20))
    bc_case("bitcode-wrapper-bad-magic.a", wrapper(b"BC\xc0\xdf" + good.bytes()[4:]), 20,
            "bitcode stream does not start with 'BC' 0xC0DE")
    cut = good.at["symtab_blob"] + 8      # in the middle of the symbol table blob
    bc_case("bitcode-truncated.a", good.bytes()[:cut], good.at["symtab_length"],
            "block 25 of %d words runs past the end of the stream (%d bytes left)"
            % ((good.at["symtab_end"] - good.at["symtab_length"] - 4) // 4, cut - good.at["symtab_length"] - 4))
    long_blob = Bitcode(blob_length=1000)
    bc_case("bitcode-truncated-blob.a", long_blob.bytes(), long_blob.at["symtab_blob_length"],
            "blob of 1000 bytes runs past the end of block 25 (%d bytes left)"
            % (long_blob.at["symtab_end"] - long_blob.at["symtab_blob"]))

    def undefined_abbrev(b, at, symtab):
        at["record"] = b.byte_offset()
        b.blob_record(4, symtab)

    no_abbrev = Bitcode(symtab_body=undefined_abbrev)
    bc_case("bitcode-abbrev-id-undefined.a", no_abbrev.bytes(), no_abbrev.at["record"],
            "abbreviation id 4 is not defined in block 25 (none defined)")
    bad_name = bytearray(good.bytes())
    sym0 = good.at["symtab_blob"] + 76 + 12      # header, one module, then symbol 0's Name {offset, size}
    struct.pack_into("<I", bad_name, sym0 + 4, 5000)
    bc_case("bitcode-irsymtab-name-past-strtab.a", bad_name, sym0,
            "symbol 0 name of 5000 bytes at string table offset %d runs past the end of the string table (%d bytes)"
            % (good.bytes()[sym0] | good.bytes()[sym0 + 1] << 8, good.strtab_size))

    def nested(b, at):   # 70 blocks (more than BitstreamCursor.MAX_DEPTH) inside the module block: skipped by length, never descended into
        for _ in range(70):
            b.enter(100, 2)
        for _ in range(70):
            b.end()

    out.append(("valid/bitcode-deeply-nested.a", Ar().gnu("bc.o", Bitcode(module_body=nested).bytes()).bytes(), None))
    return out


def main():
    written = []
    for name, data, message in cases():
        path = os.path.join(HERE, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
        written.append(name)
        if message is not None:
            with open(path + ".expected", "w", encoding="latin-1") as f:
                f.write(message + "\n")
            written.append(name + ".expected")
    # remove files of cases that no longer exist
    for root, _, files in os.walk(HERE):
        for fn in files:
            rel = os.path.relpath(os.path.join(root, fn), HERE)
            if rel not in written and rel not in ("make.py", "README.md"):
                os.remove(os.path.join(root, fn))
    print("%d files in %s" % (len(written), HERE))


if __name__ == "__main__":
    sys.exit(main())
