// Compiled to LLVM bitcode by ../make.sh: inline functions and template instances are COMDAT.
template <typename T> T twice(T x) { return x + x; }
template int twice<int>(int);                   // explicit instantiation: weak_odr, comdat
inline int inline_func(int x) { return x * 3; } // address taken below: linkonce_odr, comdat
int (*inline_func_ptr)(int) = inline_func;
int uses_comdat(int x) { return twice<long>(x) + inline_func(x); }
