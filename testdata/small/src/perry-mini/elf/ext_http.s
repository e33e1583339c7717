# perry_ext_http's own codegen unit: references the runtime through an extern "C" symbol.
        .text
        .globl  perry_http_status_codes
        .type   perry_http_status_codes,@function
perry_http_status_codes:
        subq    $8, %rsp
        callq   js_runtime_abi_version@PLT
        addq    $8, %rsp
        movl    $6, %eax
        retq

        .section .note.GNU-stack,"",@progbits
