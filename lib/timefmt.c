#include "compat.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "num.h"
#include "timefmt.h"
#include "banned.h"

static int digits(const char **p, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return 0;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return 1;
}

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

enum nhi_time_kind nhi_time_parse(const char *s, int64_t *out)
{
	const char *p = s;
	struct tm tm;
	int y, mo, d, h = 0, mi = 0, sec = 0, oh = 0, om = 0, sign = 0;
	int64_t t;

	if (!s)
		return NHI_TIME_BAD;
	while (isspace((unsigned char)*p))
		p++;
	if (!*p || !strcmp(p, "N/A") || !strcmp(p, "no_information") ||
	    !strcmp(p, "not_supported") || !strcmp(p, "null") || !strcmp(p, "-"))
		return NHI_TIME_NONE;
	if (all_digits(p)) {
		long long v;
		size_t n = strlen(p);

		if (n > 16 || nhi_parse_int(p, 0, (long long)1e16, &v))
			return NHI_TIME_BAD;
		/* Thirteen digits and more are milliseconds (from 2001 on). */
		*out = n >= 12 ? v / 1000 : v;
		return NHI_TIME_SET;
	}
	if (!digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &mo) ||
	    *p++ != '-' || !digits(&p, 2, &d))
		return NHI_TIME_BAD;
	if (y == 9999)
		return (*out = NHI_TIME_MAX), NHI_TIME_NEVER;
	/* Go's zero time (Vault, GitLab) means "not set". */
	if (y <= 1)
		return NHI_TIME_NONE;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		p++;
		if (!digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi))
			return NHI_TIME_BAD;
		if (*p == ':') {
			p++;
			if (!digits(&p, 2, &sec))
				return NHI_TIME_BAD;
		}
		if (*p == '.' || *p == ',') {
			p++;
			if (!isdigit((unsigned char)*p))
				return NHI_TIME_BAD;
			while (isdigit((unsigned char)*p))
				p++;
		}
		if (*p == 'Z' || *p == 'z') {
			p++;
		} else if (*p == '+' || *p == '-') {
			sign = *p++ == '-' ? -1 : 1;
			/* Graph examples write "-8:00": one hour digit is accepted. */
			if (!digits(&p, 2, &oh) && !digits(&p, 1, &oh))
				return NHI_TIME_BAD;
			if (*p == ':')
				p++;
			if (isdigit((unsigned char)*p) && !digits(&p, 2, &om))
				return NHI_TIME_BAD;
		} else if (!strncmp(p, " UTC", 4)) {
			p += 4;
		}
	}
	if (*p)
		return NHI_TIME_BAD;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    sec > 60 || oh > 23 || om > 59)
		return NHI_TIME_BAD;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	t = (int64_t)timegm(&tm);
	t -= (int64_t)sign * (oh * 3600 + om * 60);
	*out = t;
	return NHI_TIME_SET;
}

const char *nhi_time_format(int64_t t, char *buf)
{
	struct tm tm;
	time_t tt = (time_t)t;

	if (t == NHI_TIME_MAX || !gmtime_r(&tt, &tm)) {
		snprintf(buf, NHI_TIME_BUFSZ, "9999-12-31T23:59:59Z");
		return buf;
	}
	strftime(buf, NHI_TIME_BUFSZ, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}

const char *nhi_time_normalize(const char *s)
{
	static char buf[NHI_TIME_BUFSZ];
	int64_t t;

	switch (nhi_time_parse(s, &t)) {
	case NHI_TIME_SET:
	case NHI_TIME_NEVER:
		return nhi_time_format(t, buf);
	default:
		return NULL;
	}
}

const char *nhi_duration_parse(const char *s, int64_t *out)
{
	char *end;
	long long v;
	int64_t unit;
	char num[32];
	size_t n;

	if (!s || !*s)
		return "empty duration";
	n = strlen(s);
	if (n >= sizeof(num) || n < 2)
		return "not a duration (use 90d, 12h, 30m)";
	switch (s[n - 1]) {
	case 's': unit = 1; break;
	case 'm': unit = 60; break;
	case 'h': unit = 3600; break;
	case 'd': unit = 86400; break;
	case 'w': unit = 7 * 86400; break;
	default: return "not a duration (use 90d, 12h, 30m)";
	}
	memcpy(num, s, n - 1);
	num[n - 1] = '\0';
	(void)end;
	if (nhi_parse_int(num, 0, 100LL * 366 * 86400, &v))
		return "not a duration (use 90d, 12h, 30m)";
	if (v > (long long)(100LL * 366 * 86400 / unit))
		return "duration too long";
	*out = (int64_t)v * unit;
	return NULL;
}
