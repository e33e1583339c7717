# The embedder: touch the wrapper, spawn through stdlib, run one event-loop turn.
# Prints PASS (exit 0) when js_wait_for_event drove stdlib's pump, else FAIL (exit 1).
        .text
        .globl  main
        .type   main,@function
main:
        pushq   %rbx
        callq   perry_http_status_codes@PLT
        callq   perry_fetch_spawn@PLT
        callq   js_wait_for_event@PLT
        movl    %eax, %ebx
        cmpl    $1, %ebx
        jne     1f
        leaq    .Lpass(%rip), %rdi
        callq   puts@PLT
        xorl    %eax, %eax
        popq    %rbx
        retq
1:      leaq    .Lfail(%rip), %rdi
        callq   puts@PLT
        movl    $1, %eax
        popq    %rbx
        retq

        .section .rodata.str1.1,"aMS",@progbits,1
.Lpass: .asciz  "PASS"
.Lfail: .asciz  "FAIL: fetch starved"

        .section .note.GNU-stack,"",@progbits
