/* The object between the archives (Mach-O, data only): `A.a main2.o B.a`. A strong reference
   to _which and a weak reference (N_WEAK_REF) to _wref. ld64.lld takes _which from A.a (lazy
   archive symbols) and, unlike ELF linkers, also loads A.a's member for the weak reference. */
        .section __TEXT,__text,regular,pure_instructions
        .globl  _main
_main:
        .long   0
        .section __DATA,__const
        .quad   _which
        .weak_reference _wref
        .quad   _wref
        .subsections_via_symbols
