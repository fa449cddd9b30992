/* unit.h: the smallest C test harness.  CHECK(cond) and CHECK_STR(a, b)
 * count and report; unit_done() prints "unit: N passed, N failed" (the
 * line tests/run reads) and returns the exit status. */
#ifndef NHI_UNIT_H
#define NHI_UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_pass, unit_fail;

#define CHECK(cond)                                                          \
	do {                                                                 \
		if (cond) {                                                  \
			unit_pass++;                                         \
		} else {                                                     \
			unit_fail++;                                         \
			printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); \
		}                                                            \
	} while (0)

#define CHECK_STR(a, b)                                                      \
	do {                                                                 \
		const char *a_ = (a), *b_ = (b);                             \
		if (a_ && b_ && !strcmp(a_, b_)) {                           \
			unit_pass++;                                         \
		} else {                                                     \
			unit_fail++;                                         \
			printf("FAIL %s:%d: %s is \"%s\", expected \"%s\"\n",  \
			       __FILE__, __LINE__, #a, a_ ? a_ : "(null)",   \
			       b_ ? b_ : "(null)");                          \
		}                                                            \
	} while (0)

static inline int unit_done(void)
{
	printf("unit: %d passed, %d failed\n", unit_pass, unit_fail);
	return unit_fail ? 1 : 0;
}

#endif
