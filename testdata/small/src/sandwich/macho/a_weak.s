/* A.a's second member (Mach-O): defines _wref, which main2.o references only weakly. */
        .section __DATA,__data
        .globl  _wref
_wref:
        .long   1
        .subsections_via_symbols
