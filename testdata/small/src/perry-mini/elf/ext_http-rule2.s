# Rule-2 negative: the wrapper's own unit reaches the runtime copy's wait-driver slot through
# a promoted name (….llvm.9999) that only the wrapper's runtime copy defines.
        .text
        .globl  perry_http_status_codes
        .type   perry_http_status_codes,@function
perry_http_status_codes:
        movq    _ZN13perry_runtime10event_pump11WAIT_DRIVER17h0ec61af288d3c1ceE.0.llvm.9999(%rip), %rax
        movl    $6, %eax
        retq

        .section .note.GNU-stack,"",@progbits
