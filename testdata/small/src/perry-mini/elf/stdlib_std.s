# std's codegen unit after perry_stdlib's ThinLTO: the same globals plus a promoted internal.
        .text
        .globl  _ZN3std2rt19lang_start_internal17h2222222222222222E
        .type   _ZN3std2rt19lang_start_internal17h2222222222222222E,@function
_ZN3std2rt19lang_start_internal17h2222222222222222E:
        xorl    %eax, %eax
        retq

        .globl  _ZN3std3sys3pal4unix4time8Timespec3now17h3333333333333333E.llvm.5678
        .hidden _ZN3std3sys3pal4unix4time8Timespec3now17h3333333333333333E.llvm.5678
        .type   _ZN3std3sys3pal4unix4time8Timespec3now17h3333333333333333E.llvm.5678,@function
_ZN3std3sys3pal4unix4time8Timespec3now17h3333333333333333E.llvm.5678:
        retq

        .bss
        .p2align 3
        .globl  _ZN3std9panicking11panic_count18GLOBAL_PANIC_COUNT17h1111111111111111E
        .type   _ZN3std9panicking11panic_count18GLOBAL_PANIC_COUNT17h1111111111111111E,@object
_ZN3std9panicking11panic_count18GLOBAL_PANIC_COUNT17h1111111111111111E:
        .quad   0
        .size   _ZN3std9panicking11panic_count18GLOBAL_PANIC_COUNT17h1111111111111111E, 8

        .section .note.GNU-stack,"",@progbits
