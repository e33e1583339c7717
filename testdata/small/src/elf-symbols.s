# ELF symbol-table zoo, assembled for several targets by ../make.sh.
# Architecture-neutral on purpose: only data directives, no instructions.

        .text
        .globl  g_func
        .type   g_func,@function
g_func:
        .byte   0x90, 0x90, 0x90, 0x90
        .size   g_func, 4

        .weak   w_func
        .type   w_func,@function
w_func:
        .byte   0x90, 0x90, 0x90, 0x90
        .size   w_func, 4

l_func:                                 # local (no .globl)
        .byte   0x90, 0x90
        .type   l_func,@function
        .size   l_func, 2

        .globl  hidden_func
        .hidden hidden_func
        .type   hidden_func,@function
hidden_func:
        .byte   0x90, 0x90, 0x90, 0x90
        .size   hidden_func, 4

        .globl  protected_func
        .protected protected_func
        .type   protected_func,@function
protected_func:
        .byte   0x90, 0x90, 0x90, 0x90
        .size   protected_func, 4

        .globl  internal_func
        .internal internal_func
        .type   internal_func,@function
internal_func:
        .byte   0x90, 0x90, 0x90, 0x90
        .size   internal_func, 4

        .globl  ifunc_sym
        .type   ifunc_sym,@gnu_indirect_function
ifunc_sym:
        .byte   0x90, 0x90, 0x90, 0x90
        .size   ifunc_sym, 4

        .data
        .globl  g_data
        .type   g_data,@object
g_data:
        .long   1
        .size   g_data, 4

        .weak   w_data
        .type   w_data,@object
w_data:
        .long   2
        .size   w_data, 4

        .globl  unique_data
        .type   unique_data,@gnu_unique_object
unique_data:
        .long   3
        .size   unique_data, 4

        .hidden hidden_weak_data
        .weak   hidden_weak_data
        .type   hidden_weak_data,@object
hidden_weak_data:
        .long   4
        .size   hidden_weak_data, 4

        # references: strong undefined, weak undefined, and a use of the comdat function
        .long   undef_strong
        .weak   undef_weak
        .long   undef_weak
        .long   comdat_func

        .bss
        .globl  g_bss
        .type   g_bss,@object
g_bss:
        .zero   8
        .size   g_bss, 8

        .section .rodata,"a",@progbits
        .globl  g_rodata
        .type   g_rodata,@object
g_rodata:
        .asciz  "rodata"
        .size   g_rodata, 7

        # common symbols
        .comm   common_sym, 16, 4
        .comm   common_sym2, 64, 8
        .local  local_common
        .comm   local_common, 8, 4

        # absolute symbols
        .globl  abs_sym
        .set    abs_sym, 0x1234
        .set    local_abs, 0x42
        .weak   weak_abs
        .set    weak_abs, 0x99

        # thread-local storage
        .section .tdata,"awT",@progbits
        .globl  tls_data
        .type   tls_data,@object
tls_data:
        .long   5
        .size   tls_data, 4

        .section .tbss,"awT",@nobits
        .globl  tls_bss
        .type   tls_bss,@object
tls_bss:
        .zero   4
        .size   tls_bss, 4

        # COMDAT group (the way C++ inline functions are emitted)
        .section .text.comdat_func,"axG",@progbits,comdat_func,comdat
        .weak   comdat_func
        .type   comdat_func,@function
comdat_func:
        .byte   0x90, 0x90, 0x90, 0x90
        .size   comdat_func, 4

        .section .data.comdat_var,"awG",@progbits,comdat_var,comdat
        .weak   comdat_var
        .type   comdat_var,@object
comdat_var:
        .long   6
        .size   comdat_var, 4
