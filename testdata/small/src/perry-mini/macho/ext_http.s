/* perry_ext_http's own codegen unit: references the runtime through an extern "C" symbol. */
/* Mach-O, data only (x86_64 and arm64 alike): "code" is a placeholder word. */
        .section __TEXT,__text,regular,pure_instructions
        .globl  _perry_http_status_codes
_perry_http_status_codes:
        .long   0
        .section __DATA,__const
        .quad   _js_runtime_abi_version
        .subsections_via_symbols
