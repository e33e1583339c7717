/* perry_runtime's codegen unit after stdlib's ThinLTO: the slot promoted to a private-extern .llvm. name; an std internal referenced. */
/* Mach-O, data only (x86_64 and arm64 alike): "code" is a placeholder word. */
        .section __TEXT,__text,regular,pure_instructions
        .globl  _js_runtime_abi_version
_js_runtime_abi_version:
        .long   0
        .globl  _js_register_wait_driver
_js_register_wait_driver:
        .long   0
        .globl  _js_wait_for_event
_js_wait_for_event:
        .long   0
        .globl  _js_promise_run_microtasks
_js_promise_run_microtasks:
        .long   0
        .globl  _js_atomics_exchange
_js_atomics_exchange:
        .long   0
        .globl  __ZN13perry_runtime10event_pump13park_fallback17hdded6415eb024f67E
__ZN13perry_runtime10event_pump13park_fallback17hdded6415eb024f67E:
        .long   0
        .section __DATA,__data
        .globl  __ZN13perry_runtime10event_pump11WAIT_DRIVER17h0ec61af288d3c1ceE.0.llvm.1234
        .private_extern __ZN13perry_runtime10event_pump11WAIT_DRIVER17h0ec61af288d3c1ceE.0.llvm.1234
__ZN13perry_runtime10event_pump11WAIT_DRIVER17h0ec61af288d3c1ceE.0.llvm.1234:
        .quad   0
        .section __DATA,__const
        .quad   __ZN3std9panicking11panic_count18GLOBAL_PANIC_COUNT17h1111111111111111E
        .quad   __ZN3std3sys3pal4unix4time8Timespec3now17h3333333333333333E.llvm.5678
        .subsections_via_symbols
