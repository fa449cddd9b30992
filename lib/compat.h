/* compat.h: the feature macros and the few portability shims every file needs.
 * Include it first, before any system header. */
#ifndef NHI_COMPAT_H
#define NHI_COMPAT_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* timegm, memmem, getline, strcasestr */
#endif

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#define NHI_VERSION "0.1.0"
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define NHI_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define NHI_NORETURN __attribute__((noreturn))
#else
#define NHI_PRINTF(f, a)
#define NHI_NORETURN
#endif

/* NHI_FREE_AT_EXIT: whether a program frees what it holds before it exits.
 * The sanitizer build does (-DNHI_FREE_AT_EXIT=1), so that its leak check
 * finds real leaks; the others leave it to exit(), which on a large estate
 * saves seconds. */
#ifndef NHI_FREE_AT_EXIT
#define NHI_FREE_AT_EXIT 0
#endif

#endif
