# A.a's member: defines which(), returning the string "A".
        .text
        .globl  which
        .type   which,@function
which:
        leaq    .Lname(%rip), %rax
        retq

        .section .rodata.str1.1,"aMS",@progbits,1
.Lname: .asciz  "which: A"

        .section .note.GNU-stack,"",@progbits
