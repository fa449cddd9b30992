/* xalloc.h: allocation that never returns NULL.  On exhaustion the program
 * says "nhi-x: out of memory" and exits 4; callers never check. */
#ifndef NHI_XALLOC_H
#define NHI_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
/* xreallocarray: p resized to nmemb*size, failing on overflow. */
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* xmemdupz: n bytes of s plus a terminating NUL. */
char *xmemdupz(const void *s, size_t n);

#endif
