/* The embedder's main object: references the wrapper, stdlib and the runtime entry point. */
/* Mach-O, data only (x86_64 and arm64 alike): "code" is a placeholder word. */
        .section __TEXT,__text,regular,pure_instructions
        .globl  _main
_main:
        .long   0
        .section __DATA,__const
        .quad   _perry_http_status_codes
        .quad   _perry_fetch_spawn
        .quad   _js_wait_for_event
        .subsections_via_symbols
