; Assembled with llvm-as (LLVM 14) by ../make.sh: bitcode with no symbol table block.
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@as_data = global i32 1
@as_weak = weak global i32 2
@as_hidden = hidden global i32 3
@as_common = common global i32 0
@as_local = internal global i32 4
@as_tls = thread_local global i32 5
@as_alias = alias i32, i32* @as_data
declare i32 @as_undef(i32)
declare extern_weak i32 @as_undef_weak(i32)

define i32 @as_func(i32 %x) {
  %a = call i32 @as_undef(i32 %x)
  %l = load i32, i32* @as_local
  %r = add i32 %a, %l
  ret i32 %r
}

define linkonce_odr i32 @as_comdat_like(i32 %x) {
  ret i32 %x
}

module asm ".globl as_asm_sym"
module asm "as_asm_sym:"
module asm "  ret"
