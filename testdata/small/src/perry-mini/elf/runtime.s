# perry_runtime's codegen unit as bundled by a wrapper (and by libperry_runtime.a):
# every extern entry point, the wait-driver slot as a LOCAL symbol, a reference into std.
        .text
        .globl  js_runtime_abi_version
        .type   js_runtime_abi_version,@function
js_runtime_abi_version:
        movl    $1, %eax
        retq

        .globl  js_register_wait_driver
        .type   js_register_wait_driver,@function
js_register_wait_driver:
        movq    %rdi, _ZN13perry_runtime10event_pump11WAIT_DRIVER17h0ec61af288d3c1ceE(%rip)
        retq

# Calls the registered wait driver; none registered -> 0 (the condvar fallback).
        .globl  js_wait_for_event
        .type   js_wait_for_event,@function
js_wait_for_event:
        movq    _ZN13perry_runtime10event_pump11WAIT_DRIVER17h0ec61af288d3c1ceE(%rip), %rax
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
        retq

        .bss
        .p2align 3
        .type   _ZN13perry_runtime10event_pump11WAIT_DRIVER17h0ec61af288d3c1ceE,@object
_ZN13perry_runtime10event_pump11WAIT_DRIVER17h0ec61af288d3c1ceE:
        .quad   0
        .size   _ZN13perry_runtime10event_pump11WAIT_DRIVER17h0ec61af288d3c1ceE, 8

        .section .note.GNU-stack,"",@progbits
