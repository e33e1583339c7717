/* A.a's member (Mach-O, data only): defines _which. */
        .section __TEXT,__text,regular,pure_instructions
        .globl  _which
_which:
        .long   0xaaaa
        .subsections_via_symbols
