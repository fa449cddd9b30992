/* IAM Condition blocks against a context of known keys; see eval.h. */
#include "compat.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "iam/cond.h"
#include "iam/match.h"
#include "timefmt.h"
#include "banned.h"

enum cmp {
	C_STR, C_STR_I, C_LIKE, C_NUM_EQ, C_NUM_LT, C_NUM_LE, C_NUM_GT, C_NUM_GE,
	C_DATE_EQ, C_DATE_LT, C_DATE_LE, C_DATE_GT, C_DATE_GE, C_BOOL, C_BIN,
	C_IP, C_ARN, C_NULL,
};

static const struct op {
	const char *name;
	enum cmp cmp;
	bool negated;
} ops[] = {
	{"StringEquals", C_STR, false},
	{"StringNotEquals", C_STR, true},
	{"StringEqualsIgnoreCase", C_STR_I, false},
	{"StringNotEqualsIgnoreCase", C_STR_I, true},
	{"StringLike", C_LIKE, false},
	{"StringNotLike", C_LIKE, true},
	{"NumericEquals", C_NUM_EQ, false},
	{"NumericNotEquals", C_NUM_EQ, true},
	{"NumericLessThan", C_NUM_LT, false},
	{"NumericLessThanEquals", C_NUM_LE, false},
	{"NumericGreaterThan", C_NUM_GT, false},
	{"NumericGreaterThanEquals", C_NUM_GE, false},
	{"DateEquals", C_DATE_EQ, false},
	{"DateNotEquals", C_DATE_EQ, true},
	{"DateLessThan", C_DATE_LT, false},
	{"DateLessThanEquals", C_DATE_LE, false},
	{"DateGreaterThan", C_DATE_GT, false},
	{"DateGreaterThanEquals", C_DATE_GE, false},
	{"Bool", C_BOOL, false},
	{"BinaryEquals", C_BIN, false},
	{"IpAddress", C_IP, false},
	{"NotIpAddress", C_IP, true},
	{"ArnEquals", C_ARN, false},
	{"ArnLike", C_ARN, false},
	{"ArnNotEquals", C_ARN, true},
	{"ArnNotLike", C_ARN, true},
	{"Null", C_NULL, false},
};

static enum nhi_iam_tri tri_not(enum nhi_iam_tri t)
{
	return t == NHI_IAM_MAYBE ? t : t == NHI_IAM_YES ? NHI_IAM_NO : NHI_IAM_YES;
}

/* str: a JSON scalar as IAM compares it (numbers and booleans as text). */
static const char *str(const json_t *v, char *tmp, size_t n)
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_true(v))
		return "true";
	if (json_is_false(v))
		return "false";
	if (json_is_integer(v)) {
		snprintf(tmp, n, "%lld", (long long)json_integer_value(v));
		return tmp;
	}
	if (json_is_real(v)) {
		snprintf(tmp, n, "%.17g", json_real_value(v));
		return tmp;
	}
	return NULL;
}

static bool number(const char *s, double *out)
{
	char *end;

	if (!*s)
		return false;
	*out = strtod(s, &end);
	return *end == '\0';
}

static bool date(const char *s, int64_t *out)
{
	return nhi_time_parse(s, out) == NHI_TIME_SET;
}

/* ip_in: address a inside the CIDR (or single address) c. */
static bool ip_in(const char *a, const char *c)
{
	unsigned char x[16], y[16];
	char net[64];
	const char *slash = strchr(c, '/');
	long bits;
	int af;
	size_t len = slash ? (size_t)(slash - c) : strlen(c);

	if (len >= sizeof(net))
		return false;
	memcpy(net, c, len);
	net[len] = '\0';
	af = strchr(net, ':') ? AF_INET6 : AF_INET;
	if (inet_pton(af, net, y) != 1 || inet_pton(af, a, x) != 1)
		return false;
	bits = af == AF_INET6 ? 128 : 32;
	if (slash) {
		char *end;
		long b = strtol(slash + 1, &end, 10);
		if (*end || end == slash + 1 || b < 0 || b > bits)
			return false;
		bits = b;
	}
	for (long i = 0; i < bits; i++) {
		int m = 0x80 >> (i % 8);
		if ((x[i / 8] & m) != (y[i / 8] & m))
			return false;
	}
	return true;
}

/* compare: one request value against one policy value (variables already
 * substituted), under the positive form of the operator. */
static bool compare(enum cmp c, const char *rv, const char *pv)
{
	double a, b;
	int64_t s, t;

	switch (c) {
	case C_STR:
	case C_BIN:
		return !strcmp(rv, pv);
	case C_STR_I:
		return !strcasecmp(rv, pv);
	case C_LIKE:
		return nhi_iam_glob(pv, rv, false);
	case C_BOOL:
		return !strcasecmp(rv, pv);
	case C_IP:
		return ip_in(rv, pv);
	case C_ARN:
		return nhi_iam_arn_match(pv, rv);
	case C_NUM_EQ: case C_NUM_LT: case C_NUM_LE: case C_NUM_GT: case C_NUM_GE:
		if (!number(rv, &a) || !number(pv, &b))
			return false;
		return c == C_NUM_EQ ? a == b : c == C_NUM_LT ? a < b
		     : c == C_NUM_LE ? a <= b : c == C_NUM_GT ? a > b : a >= b;
	case C_DATE_EQ: case C_DATE_LT: case C_DATE_LE: case C_DATE_GT: case C_DATE_GE:
		if (!date(rv, &s) || !date(pv, &t))
			return false;
		return c == C_DATE_EQ ? s == t : c == C_DATE_LT ? s < t
		     : c == C_DATE_LE ? s <= t : c == C_DATE_GT ? s > t : s >= t;
	case C_NULL:
		break;
	}
	return false;
}

/* matches_any: request value rv matches some policy value. */
static enum nhi_iam_tri matches_any(enum cmp c, const char *rv,
				    const json_t *pvals, const json_t *ctx)
{
	enum nhi_iam_tri r = NHI_IAM_NO;
	struct nhi_buf b = NHI_BUF_INIT;
	char tmp[64];
	size_t n = json_is_array(pvals) ? json_array_size(pvals) : 1;

	for (size_t i = 0; i < n; i++) {
		const json_t *e = json_is_array(pvals) ? json_array_get(pvals, i) : pvals;
		const char *pv = str(e, tmp, sizeof(tmp));
		bool unresolved = false;
		if (!pv)
			continue;
		if (nhi_iam_has_vars(pv) && c != C_NUM_EQ) {
			nhi_buf_reset(&b);
			pv = nhi_iam_subst(pv, ctx, &b, &unresolved);
		}
		if (compare(c, rv, pv)) {
			r = unresolved ? NHI_IAM_MAYBE : NHI_IAM_YES;
			if (r == NHI_IAM_YES)
				break;
		} else if (unresolved) {
			r = NHI_IAM_MAYBE;
		}
	}
	nhi_buf_release(&b);
	return r;
}

static enum nhi_iam_tri one_key(const char *opname, const char *key,
				const json_t *pvals, const json_t *ctx)
{
	enum { PLAIN, ANY, ALL } set = PLAIN;
	const struct op *op = NULL;
	bool ifexists = false;
	char base[64], tmp[64];
	size_t len;
	json_t *v;

	if (!strncasecmp(opname, "ForAnyValue:", 12))
		set = ANY, opname += 12;
	else if (!strncasecmp(opname, "ForAllValues:", 13))
		set = ALL, opname += 13;
	len = strlen(opname);
	if (len > 8 && !strcasecmp(opname + len - 8, "IfExists"))
		ifexists = true, len -= 8;
	if (len >= sizeof(base))
		return NHI_IAM_MAYBE;
	memcpy(base, opname, len);
	base[len] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(ops); i++)
		if (!strcasecmp(base, ops[i].name))
			op = &ops[i];
	/* An operator we do not know is never silently true or false. */
	if (!op)
		return NHI_IAM_MAYBE;
	v = nhi_iam_ctx_get(ctx, key);
	if (op->cmp == C_NULL) {
		char pb[8];
		const char *p = str(json_is_array(pvals) ? json_array_get(pvals, 0)
							 : pvals, pb, sizeof(pb));
		bool want_absent = p && !strcasecmp(p, "true");
		if (!v)
			return NHI_IAM_MAYBE;
		bool absent = json_is_null(v) ||
			      (json_is_array(v) && !json_array_size(v));
		return absent == want_absent ? NHI_IAM_YES : NHI_IAM_NO;
	}
	if (!v)
		return NHI_IAM_MAYBE;
	if (json_is_null(v) || (json_is_array(v) && !json_array_size(v))) {
		if (ifexists || set == ALL)
			return NHI_IAM_YES;
		if (set == ANY)
			return NHI_IAM_NO;
		return op->negated ? NHI_IAM_YES : NHI_IAM_NO;
	}
	size_t n = json_is_array(v) ? json_array_size(v) : 1;
	enum nhi_iam_tri any = NHI_IAM_NO, all = NHI_IAM_YES;
	for (size_t i = 0; i < n; i++) {
		const json_t *e = json_is_array(v) ? json_array_get(v, i) : v;
		const char *rv = str(e, tmp, sizeof(tmp));
		enum nhi_iam_tri m = rv ? matches_any(op->cmp, rv, pvals, ctx)
					: NHI_IAM_NO;
		if (set != PLAIN && op->negated)
			m = tri_not(m);
		if (m == NHI_IAM_YES)
			any = NHI_IAM_YES;
		else if (m == NHI_IAM_MAYBE && any == NHI_IAM_NO)
			any = NHI_IAM_MAYBE;
		if (m == NHI_IAM_NO)
			all = NHI_IAM_NO;
		else if (m == NHI_IAM_MAYBE && all == NHI_IAM_YES)
			all = NHI_IAM_MAYBE;
	}
	if (set == ALL)
		return all;
	if (set == ANY)
		return any;
	return op->negated ? tri_not(any) : any;
}

enum nhi_iam_tri nhi_iam_condition_eval(const json_t *cond, const json_t *ctx)
{
	enum nhi_iam_tri r = NHI_IAM_YES;
	const char *op, *key;
	json_t *keys, *vals;

	if (!cond)
		return NHI_IAM_YES;
	if (!json_is_object(cond))
		return NHI_IAM_MAYBE;
	json_object_foreach((json_t *)cond, op, keys) {
		if (!json_is_object(keys))
			return NHI_IAM_MAYBE;
		json_object_foreach(keys, key, vals) {
			enum nhi_iam_tri t = one_key(op, key, vals, ctx);
			if (t == NHI_IAM_NO)
				return NHI_IAM_NO;
			if (t == NHI_IAM_MAYBE)
				r = NHI_IAM_MAYBE;
		}
	}
	return r;
}
