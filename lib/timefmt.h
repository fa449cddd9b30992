/* timefmt.h: times and durations as exports write them.
 *
 * Times are seconds since the epoch (int64_t) and are written back as
 * RFC 3339 UTC ("2026-03-01T12:00:00Z"). The parser accepts what official
 * exports use: RFC 3339 with or without fractions (any digits) and with Z or
 * an offset, "2023-03-09 10:41:45+00:00" (boto3), a bare date, epoch seconds
 * and epoch milliseconds. */
#ifndef NHI_TIMEFMT_H
#define NHI_TIMEFMT_H

#include <stdint.h>

#include "compat.h"

enum nhi_time_kind {
	NHI_TIME_BAD = 0, /* not a time */
	NHI_TIME_SET,     /* *out holds the time */
	NHI_TIME_NONE,    /* "no value": N/A, no_information, not_supported, empty, year 1 */
	NHI_TIME_NEVER,   /* a sentinel for "never": 9999-12-31..., *out = NHI_TIME_MAX */
};

#define NHI_TIME_MAX INT64_MAX

enum nhi_time_kind nhi_time_parse(const char *s, int64_t *out);
/* nhi_time_format: RFC 3339 UTC into buf (at least NHI_TIME_BUFSZ bytes). */
#define NHI_TIME_BUFSZ 32
const char *nhi_time_format(int64_t t, char *buf);
/* nhi_time_normalize: s rewritten as RFC 3339 UTC, or NULL when s is a
 * "no value" sentinel or not a time. Returns a static buffer. */
const char *nhi_time_normalize(const char *s);

/* nhi_duration_parse: "90d", "12h", "30m", "45s", "2w" into seconds;
 * NULL on success, else the reason. */
const char *nhi_duration_parse(const char *s, int64_t *out);

#endif
