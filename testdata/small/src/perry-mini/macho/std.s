/* std's codegen unit as bundled by a wrapper. */
/* Mach-O, data only (x86_64 and arm64 alike): "code" is a placeholder word. */
        .section __TEXT,__text,regular,pure_instructions
        .globl  __ZN3std2rt19lang_start_internal17h2222222222222222E
__ZN3std2rt19lang_start_internal17h2222222222222222E:
        .long   0
        .section __DATA,__data
        .globl  __ZN3std9panicking11panic_count18GLOBAL_PANIC_COUNT17h1111111111111111E
__ZN3std9panicking11panic_count18GLOBAL_PANIC_COUNT17h1111111111111111E:
        .quad   0
        .subsections_via_symbols
