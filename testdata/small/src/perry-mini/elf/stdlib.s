# perry_stdlib's own codegen unit: "spawns" work by storing its pump into the wait-driver
# slot through the promoted name, which only stdlib's bundled runtime copy defines.
        .text
        .globl  perry_fetch_spawn
        .type   perry_fetch_spawn,@function
perry_fetch_spawn:
        leaq    _ZN12perry_stdlib4pump17h7d944278da7d1154E(%rip), %rax
        movq    %rax, _ZN13perry_runtime10event_pump11WAIT_DRIVER17h0ec61af288d3c1ceE.0.llvm.1234(%rip)
        retq

# The wait driver: returns 1 = "the spawned task ran".
        .type   _ZN12perry_stdlib4pump17h7d944278da7d1154E,@function
_ZN12perry_stdlib4pump17h7d944278da7d1154E:
        movl    $1, %eax
        retq

        .section .note.GNU-stack,"",@progbits
