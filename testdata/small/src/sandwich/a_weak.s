# A.a's second member: defines wref, which main2.o references only weakly.
        .data
        .globl  wref
        .type   wref,@object
wref:
        .long   1
        .size   wref, 4

        .section .note.GNU-stack,"",@progbits
