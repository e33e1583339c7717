#!/usr/bin/env python3
"""Rewrites a BSD/Darwin archive made by llvm-ar (first member `__.SYMDEF`, 32-bit) so that its
index member is named `__.SYMDEF SORTED` and its ranlib entries are sorted by symbol name, the
way Apple's ranlib writes it. No LLVM tool writes that name. Usage: symdef_sorted.py IN OUT"""
import struct
import sys

data = open(sys.argv[1], "rb").read()
assert data[:8] == b"!<arch>\n"
hdr = data[8:68]
name_len = int(hdr[3:16].decode().strip())            # "#1/NN"
size = int(hdr[48:58].decode().strip())
assert hdr[:3] == b"#1/" and data[68:68 + name_len].rstrip(b"\0") == b"__.SYMDEF"
body = data[68 + name_len:68 + size]
rest = data[68 + size:]                               # the other members, unchanged

new_name = b"__.SYMDEF SORTED".ljust(20, b"\0")       # 20: keeps 8-byte alignment
shift = len(new_name) - name_len                      # every member moves by this much

n = struct.unpack_from("<I", body, 0)[0]
entries = [struct.unpack_from("<II", body, 4 + i) for i in range(0, n, 8)]
strtab_size = struct.unpack_from("<I", body, 4 + n)[0]
strtab = body[8 + n:8 + n + strtab_size]
tail = body[8 + n + strtab_size:]


def sym(off):
    return strtab[off:strtab.index(b"\0", off)]


entries.sort(key=lambda e: (sym(e[0]), e[1]))
new_body = struct.pack("<I", n) + b"".join(struct.pack("<II", s, o + shift) for s, o in entries)
new_body += struct.pack("<I", strtab_size) + strtab + tail
member = new_name + new_body
header = b"#1/%-13d" % len(new_name) + hdr[16:48] + b"%-10d`\n" % len(member)
assert len(header) == 60
open(sys.argv[2], "wb").write(b"!<arch>\n" + header + member + rest)
