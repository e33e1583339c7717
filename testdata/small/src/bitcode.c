/* Compiled to LLVM bitcode by ../make.sh (clang-14 and clang-19, -flto -fcommon). */

int g_data = 1;                                        /* D */
int common_sym;                                        /* C (with -fcommon) */
__attribute__((weak)) int w_data = 2;                  /* V */
__attribute__((visibility("hidden"))) int hidden_data = 3;
__attribute__((visibility("protected"))) int protected_data = 4;
__thread int tls_data = 5;                             /* TLS */
static int local_data = 6;                             /* internal */

extern int undef_strong(int);
extern int undef_weak(int) __attribute__((weak));

int g_func(int x) { return x + local_data + undef_strong(x) + (undef_weak ? undef_weak(x) : 0); }
__attribute__((weak)) int w_func(int x) { return x * 2; }
__attribute__((visibility("hidden"))) int hidden_func(int x) { return x - 1; }
int alias_func(int) __attribute__((alias("g_func")));

/* module-level inline asm defining a global symbol */
__asm__(".globl asm_sym\n"
        ".type asm_sym,@function\n"
        "asm_sym:\n"
        "  ret\n");
