/* Test harness only, never part of the program: Wine 8's ucrtbase lacks the C99 complex
   accessors numpy 2 imports. This ucrtbase.dll forwards everything else to Wine's own (ucrt_def.py). */
#include <string.h>
float my_crealf(unsigned long long v) { float f[2]; memcpy(f, &v, 8); return f[0]; }
float my_cimagf(unsigned long long v) { float f[2]; memcpy(f, &v, 8); return f[1]; }
double my_creal(const double *z) { return z[0]; }
double my_cimag(const double *z) { return z[1]; }
