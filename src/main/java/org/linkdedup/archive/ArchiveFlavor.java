package org.linkdedup.archive;

/** The ar dialects linkdedup reads and writes. */
public enum ArchiveFlavor {
    /** System V / GNU: {@code /} (or {@code /SYM64/}) index, {@code //} long names, names end in {@code /}. */
    GNU,
    /** 4.4BSD: {@code #1/NN} names stored before the data, {@code __.SYMDEF[ SORTED]} index. */
    BSD,
    /** BSD as Apple's tools write it: Mach-O members, 8-byte aligned data, {@code __.SYMDEF[_64]}. */
    DARWIN,
    /** Windows {@code .lib}: first and second linker members, {@code //} long names. */
    COFF
}
