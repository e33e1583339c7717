/* Mach-O symbol-table zoo, assembled for x86_64 and arm64 by ../make.sh. */
/* Architecture-neutral on purpose: only data directives, no instructions. */
/* Assemble with --defsym PTR64=1 for 64-bit targets, PTR64=0 for i386. */

        .macro ptr sym
        .if PTR64
        .quad   \sym
        .else
        .long   \sym
        .endif
        .endm

        .section __TEXT,__text,regular,pure_instructions
        .globl  _g_func
_g_func:
        .long   0

        .private_extern _pext_func  /* N_EXT|N_PEXT */
        .globl  _pext_func
_pext_func:
        .long   0

        .globl  _weak_def  /* N_WEAK_DEF */
        .weak_definition _weak_def
_weak_def:
        .long   0

        .globl  _weak_def_hidden  /* N_PEXT|N_WEAK_DEF */
        .private_extern _weak_def_hidden
        .weak_definition _weak_def_hidden
_weak_def_hidden:
        .long   0

l_local:  /* assembler-local, not in the table */
        .long   0
_local_func:  /* local (no .globl) */
        .long   0

        .globl  _main_entry
_main_entry:
        .long   0
        .globl  _alt_entry_sym  /* an alternate entry point inside _main_entry's atom */
        .alt_entry _alt_entry_sym
_alt_entry_sym:
        .long   0

        .section __DATA,__data
        .globl  _g_data
_g_data:
        .long   1
        /* references: strong undefined, weak reference (N_WEAK_REF), and the indirect alias */
        ptr     _undef_strong
        .weak_reference _undef_weak
        ptr     _undef_weak
        ptr     _indr_sym

        /* common symbols: undefined with a value (the size) */
        .comm   _common_sym, 16, 4
        .comm   _common_sym2, 64, 3
        .lcomm  _local_common, 8, 2

        /* absolute symbols */
        .globl  _abs_sym
        .set    _abs_sym, 0x1234
        .set    _local_abs, 0x42

        /* an alias of an undefined symbol: llvm-mc writes it as N_INDR */
        .globl  _indr_sym
        .set    _indr_sym, _indr_target

        .if PTR64
        /* thread-local variable */
        .section __DATA,__thread_data,thread_local_regular
_tls_var$tlv$init:
        .long   7
        .section __DATA,__thread_vars,thread_local_variables
        .globl  _tls_var
_tls_var:
        .quad   __tlv_bootstrap
        .quad   0
        .quad   _tls_var$tlv$init
        .endif

        .subsections_via_symbols
