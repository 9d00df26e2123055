/* Test harness only, never part of the program: installer/wine/check_windows_build.sh runs
   the Windows build under Wine 8, which has no icuuc.dll (Windows 10 1703 and later ship one).
   Qt's core imports these ICU converter functions; here no converter is available, so Qt
   keeps to its built-in UTF-8/UTF-16/Latin-1 codecs. */
#include <stddef.h>
#define EXPORT __declspec(dllexport)
typedef int UErrorCode;
static void fail(UErrorCode *e) { if (e && *e <= 0) *e = 4; /* U_FILE_ACCESS_ERROR */ }
EXPORT void *ucnv_open(const char *name, UErrorCode *e) { fail(e); return NULL; }
EXPORT void ucnv_close(void *c) {}
EXPORT void UCNV_FROM_U_CALLBACK_SUBSTITUTE(void) {}
EXPORT void UCNV_TO_U_CALLBACK_SUBSTITUTE(void) {}
EXPORT void ucnv_reset(void *c) {}
EXPORT signed char ucnv_getMaxCharSize(const void *c) { return 4; }
EXPORT const char *ucnv_getName(const void *c, UErrorCode *e) { fail(e); return NULL; }
EXPORT void ucnv_getToUCallBack(const void *c, void **a, const void **b) {}
EXPORT void ucnv_getFromUCallBack(const void *c, void **a, const void **b) {}
EXPORT void ucnv_setToUCallBack(void *c, void *a, const void *b, void **d, const void **f, UErrorCode *e) { fail(e); }
EXPORT void ucnv_setFromUCallBack(void *c, void *a, const void *b, void **d, const void **f, UErrorCode *e) { fail(e); }
EXPORT void ucnv_cbToUWriteUChars(void *a, const void *b, int n, int o, UErrorCode *e) { fail(e); }
EXPORT void ucnv_toUnicode(void *c, void **t, const void *tl, const char **s, const char *sl, int *o, signed char f, UErrorCode *e) { fail(e); }
EXPORT void ucnv_cbFromUWriteUChars(void *a, const void **b, const void *c, int o, UErrorCode *e) { fail(e); }
EXPORT int ucnv_toUCountPending(const void *c, UErrorCode *e) { fail(e); return 0; }
EXPORT int ucnv_fromUCountPending(const void *c, UErrorCode *e) { fail(e); return 0; }
EXPORT const char *ucnv_getStandardName(const char *n, const char *s, UErrorCode *e) { fail(e); return NULL; }
EXPORT const char *ucnv_getAvailableName(int n) { return NULL; }
EXPORT int ucnv_countAvailable(void) { return 0; }
EXPORT void ucnv_fromUnicode(void *c, char **t, const char *tl, const void **s, const void *sl, int *o, signed char f, UErrorCode *e) { fail(e); }
