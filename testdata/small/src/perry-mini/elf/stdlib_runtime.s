# perry_runtime's codegen unit after perry_stdlib's ThinLTO: the same extern entry points, but
# the wait-driver slot promoted to a hidden global "….llvm.1234" that stdlib's own code uses,
# and a reference to an std internal that only stdlib's std member defines (….llvm.5678).
        .text
        .globl  js_runtime_abi_version
        .type   js_runtime_abi_version,@function
js_runtime_abi_version:
        movl    $1, %eax
        retq

        .globl  js_register_wait_driver
        .type   js_register_wait_driver,@function
js_register_wait_driver:
        movq    %rdi, _ZN13perry_runtime10event_pump11WAIT_DRIVER17h0ec61af288d3c1ceE.0.llvm.1234(%rip)
        retq

        .globl  js_wait_for_event
        .type   js_wait_for_event,@function
js_wait_for_event:
        movq    _ZN13perry_runtime10event_pump11WAIT_DRIVER17h0ec61af288d3c1ceE.0.llvm.1234(%rip), %rax
        testq   %rax, %rax
        je      1f
        jmpq    *%rax
1:      xorl    %eax, %eax
        retq

        .globl  js_promise_run_microtasks
        .type   js_promise_run_microtasks,@function
js_promise_run_microtasks:
        xorl    %eax, %eax
        retq

        .globl  js_atomics_exchange
        .type   js_atomics_exchange,@function
js_atomics_exchange:
        movq    %rsi, %rax
        xchgq   %rax, (%rdi)
        retq

        .globl  _ZN13perry_runtime10event_pump13park_fallback17hdded6415eb024f67E
        .type   _ZN13perry_runtime10event_pump13park_fallback17hdded6415eb024f67E,@function
_ZN13perry_runtime10event_pump13park_fallback17hdded6415eb024f67E:
        movq    _ZN3std9panicking11panic_count18GLOBAL_PANIC_COUNT17h1111111111111111E@GOTPCREL(%rip), %rax
        movq    (%rax), %rax
        jmp     _ZN3std3sys3pal4unix4time8Timespec3now17h3333333333333333E.llvm.5678

        .bss
        .p2align 3
        .globl  _ZN13perry_runtime10event_pump11WAIT_DRIVER17h0ec61af288d3c1ceE.0.llvm.1234
        .hidden _ZN13perry_runtime10event_pump11WAIT_DRIVER17h0ec61af288d3c1ceE.0.llvm.1234
        .type   _ZN13perry_runtime10event_pump11WAIT_DRIVER17h0ec61af288d3c1ceE.0.llvm.1234,@object
_ZN13perry_runtime10event_pump11WAIT_DRIVER17h0ec61af288d3c1ceE.0.llvm.1234:
        .quad   0
        .size   _ZN13perry_runtime10event_pump11WAIT_DRIVER17h0ec61af288d3c1ceE.0.llvm.1234, 8

        .section .note.GNU-stack,"",@progbits
