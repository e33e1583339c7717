# The object between the archives: `A.a main2.o B.a`. References which() strongly and wref
# weakly. GNU ld has already passed A.a when it reads this object, so which() comes from B.a;
# ld.lld remembers A.a's definitions lazily and takes which() from A.a. Neither extracts a
# member for the weak reference.
        .text
        .globl  main
        .type   main,@function
main:
        pushq   %rbx
        callq   which@PLT
        movq    %rax, %rdi
        callq   puts@PLT
        movq    wref@GOTPCREL(%rip), %rax
        leaq    .Lweak_absent(%rip), %rdi
        testq   %rax, %rax
        je      1f
        leaq    .Lweak_present(%rip), %rdi
1:      callq   puts@PLT
        xorl    %eax, %eax
        popq    %rbx
        retq

        .weak   wref

        .section .rodata.str1.1,"aMS",@progbits,1
.Lweak_absent:  .asciz "wref: absent"
.Lweak_present: .asciz "wref: present"

        .section .note.GNU-stack,"",@progbits
