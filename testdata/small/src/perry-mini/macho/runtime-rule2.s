/* Rule-2 negative: the wrapper's runtime copy also defines a promoted private-extern .llvm.9999 name. */
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
__ZN13perry_runtime10event_pump11WAIT_DRIVER17h0ec61af288d3c1ceE:
        .quad   0
        .globl  __ZN13perry_runtime10event_pump11WAIT_DRIVER17h0ec61af288d3c1ceE.0.llvm.9999
        .private_extern __ZN13perry_runtime10event_pump11WAIT_DRIVER17h0ec61af288d3c1ceE.0.llvm.9999
__ZN13perry_runtime10event_pump11WAIT_DRIVER17h0ec61af288d3c1ceE.0.llvm.9999:
        .quad   0
        .section __DATA,__const
        .quad   __ZN3std9panicking11panic_count18GLOBAL_PANIC_COUNT17h1111111111111111E
        .quad   __ZN13perry_runtime10event_pump11WAIT_DRIVER17h0ec61af288d3c1ceE
        .subsections_via_symbols
