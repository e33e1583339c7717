/* Rule-2 negative: the wrapper's own unit references a promoted name only the wrapper's runtime copy defines. */
/* Mach-O, data only (x86_64 and arm64 alike): "code" is a placeholder word. */
        .section __TEXT,__text,regular,pure_instructions
        .globl  _perry_http_status_codes
_perry_http_status_codes:
        .long   0
        .section __DATA,__const
        .quad   __ZN13perry_runtime10event_pump11WAIT_DRIVER17h0ec61af288d3c1ceE.0.llvm.9999
        .subsections_via_symbols
