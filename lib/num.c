#include "compat.h"

#include <errno.h>
#include <stdlib.h>

#include "num.h"
#include "banned.h"

const char *nhi_parse_int(const char *s, long long min, long long max,
			  long long *out)
{
	char *end;
	long long v;

	if (!s || !*s)
		return "empty";
	errno = 0;
	v = strtoll(s, &end, 10);
	if (end == s || *end)
		return "not a number";
	if (errno == ERANGE || v > max)
		return v < 0 && errno == ERANGE ? "too small" : "too large";
	if (v < min)
		return "too small";
	*out = v;
	return NULL;
}

const char *nhi_parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;
	unsigned shift = 0;

	if (!s || !*s || *s == '-')
		return "not a size";
	errno = 0;
	v = strtoull(s, &end, 10);
	if (end == s)
		return "not a size";
	switch (*end) {
	case '\0':
		break;
	case 'k': case 'K':
		shift = 10;
		end++;
		break;
	case 'm': case 'M':
		shift = 20;
		end++;
		break;
	case 'g': case 'G':
		shift = 30;
		end++;
		break;
	default:
		return "not a size";
	}
	if (*end)
		return "not a size";
	if (errno == ERANGE || v > (UINT64_MAX >> shift))
		return "too large";
	*out = (uint64_t)v << shift;
	return NULL;
}
