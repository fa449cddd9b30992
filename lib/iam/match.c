/* IAM wildcard matching and policy variables; see match.h. */
#include "compat.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "iam/match.h"
#include "xalloc.h"
#include "banned.h"

/* Literal '*' and '?' produced by ${*} and ${?}: bytes no ARN holds, which
 * the matcher compares against the real characters. */
#define LIT_STAR '\x01'
#define LIT_QMARK '\x02'

/* Longest pattern or string matched by the quadratic matchers; longer ones
 * are refused (no match, or "overlap" for the conservative question). */
#define MAX_DP 2048

static int fold(int c, bool icase)
{
	return icase ? tolower((unsigned char)c) : (unsigned char)c;
}

static bool char_eq(char p, char s, bool icase)
{
	if (p == LIT_STAR)
		return s == '*';
	if (p == LIT_QMARK)
		return s == '?';
	return fold(p, icase) == fold(s, icase);
}

bool nhi_iam_glob(const char *pat, const char *s, bool icase)
{
	const char *star = NULL, *retry = NULL;

	/* Greedy with one backtrack point: linear for * and ?. */
	while (*s) {
		if (*pat == '*') {
			star = ++pat;
			retry = s;
		} else if (*pat && (*pat == '?' || char_eq(*pat, *s, icase))) {
			pat++;
			s++;
		} else if (star) {
			pat = star;
			s = ++retry;
		} else {
			return false;
		}
	}
	while (*pat == '*')
		pat++;
	return *pat == '\0';
}

bool nhi_iam_glob_overlap(const char *p, const char *q, bool icase)
{
	size_t n = strlen(p), m = strlen(q);
	unsigned char *next, *cur, *t;
	bool r;

	if (n > MAX_DP || m > MAX_DP)
		return true;
	/* ok[i][j]: p+i and q+j have a common match; computed from the end,
	 * keeping two rows over j. */
	next = xcalloc(m + 1, 1);
	cur = xcalloc(m + 1, 1);
	for (size_t i = n + 1; i-- > 0;) {
		for (size_t j = m + 1; j-- > 0;) {
			bool v;
			if (i == n && j == m)
				v = true;
			else if (i < n && p[i] == '*')
				v = next[j] || (j < m && cur[j + 1]);
			else if (j < m && q[j] == '*')
				v = cur[j + 1] || (i < n && next[j]);
			else if (i < n && j < m)
				v = (p[i] == '?' || q[j] == '?' ||
				     char_eq(p[i], q[j], icase) ||
				     char_eq(q[j], p[i], icase)) &&
				    next[j + 1];
			else
				v = false;
			cur[j] = v;
		}
		t = next;
		next = cur;
		cur = t;
	}
	r = next[0];
	free(next);
	free(cur);
	return r;
}

bool nhi_iam_action_match(const char *pat, const char *action)
{
	if (pat[0] == '*' && pat[1] == '\0')
		return true;
	return nhi_iam_glob(pat, action, true);
}

/* A '*' in the first five ARN segments that is not the last character of
 * its segment may not cross a colon (AWS lets a segment-final '*' expand
 * beyond the colons, so those behave like a plain glob). */
static bool has_bounded_star(const char *pat)
{
	int colons = 0;

	for (const char *p = pat; *p && colons < 5; p++) {
		if (*p == ':')
			colons++;
		else if (*p == '*' && p[1] != ':' && p[1] != '\0')
			return true;
	}
	return false;
}

static bool arn_match_dp(const char *p, const char *s)
{
	size_t n = strlen(p), m = strlen(s);
	unsigned char *next, *cur, *t;
	int *pseg, seg = 0;
	bool r;

	if (n > MAX_DP || m > MAX_DP)
		return false;
	/* The segment each pattern character is in decides whether its '*'
	 * may eat a colon. */
	pseg = xmalloc((n + 1) * sizeof(*pseg));
	for (size_t i = 0; i <= n; i++) {
		pseg[i] = seg;
		if (i < n && p[i] == ':')
			seg++;
	}
	next = xcalloc(m + 1, 1);
	cur = xcalloc(m + 1, 1);
	for (size_t i = n + 1; i-- > 0;) {
		for (size_t j = m + 1; j-- > 0;) {
			bool v;
			if (i == n)
				v = j == m;
			else if (p[i] == '*') {
				bool free_star = pseg[i] >= 5 ||
						 p[i + 1] == ':' || p[i + 1] == '\0';
				v = next[j] || (j < m && (free_star || s[j] != ':') &&
						cur[j + 1]);
			} else
				v = j < m && (p[i] == '?' ? s[j] != ':' || pseg[i] >= 5
						: char_eq(p[i], s[j], false)) &&
				    next[j + 1];
			cur[j] = v;
		}
		t = next;
		next = cur;
		cur = t;
	}
	r = next[0];
	free(next);
	free(cur);
	free(pseg);
	return r;
}

bool nhi_iam_arn_match(const char *pat, const char *arn)
{
	if (pat[0] == '*' && pat[1] == '\0')
		return true;
	if (!strpbrk(pat, "*?\x01\x02"))
		return !strcmp(pat, arn);
	if (!has_bounded_star(pat))
		return nhi_iam_glob(pat, arn, false);
	return arn_match_dp(pat, arn);
}

/* split6: the start of each of the six ARN segments of s, or false when
 * it has fewer. */
static bool split6(const char *s, const char *seg[6])
{
	int k = 1;

	seg[0] = s;
	for (const char *p = s; *p && k < 6; p++)
		if (*p == ':')
			seg[k++] = p + 1;
	return k == 6;
}

bool nhi_iam_arn_overlap(const char *p, const char *q)
{
	const char *ps[6], *qs[6];
	char a[256], b[256];

	if (!split6(p, ps) || !split6(q, qs))
		return nhi_iam_glob_overlap(p, q, false);
	for (int i = 0; i < 5; i++) {
		size_t la = (size_t)(ps[i + 1] - ps[i] - 1);
		size_t lb = (size_t)(qs[i + 1] - qs[i] - 1);
		if (la >= sizeof(a) || lb >= sizeof(b))
			return true;
		memcpy(a, ps[i], la);
		a[la] = '\0';
		memcpy(b, qs[i], lb);
		b[lb] = '\0';
		if (!nhi_iam_glob_overlap(a, b, false))
			return false;
	}
	return nhi_iam_glob_overlap(ps[5], qs[5], false);
}

json_t *nhi_iam_ctx_get(const json_t *ctx, const char *key)
{
	const char *k;
	json_t *v;

	if (!ctx || !json_is_object(ctx))
		return NULL;
	v = json_object_get(ctx, key);
	if (v)
		return v;
	json_object_foreach((json_t *)ctx, k, v)
		if (!strcasecmp(k, key))
			return v;
	return NULL;
}

json_t *nhi_iam_ctx_principal(const json_t *ctx, const char *arn)
{
	json_t *c = json_is_object(ctx) ? json_deep_copy(ctx) : json_object();
	const char *p, *slash;
	char acct[16];
	size_t n = 0;

	if (!arn || strncmp(arn, "arn:", 4))
		return c;
	if (!nhi_iam_ctx_get(c, "aws:PrincipalArn"))
		json_object_set_new(c, "aws:PrincipalArn", json_string(arn));
	p = arn;
	for (int colons = 0; *p && colons < 4; p++)
		if (*p == ':')
			colons++;
	while (p[n] && p[n] != ':' && n < 15)
		n++;
	if (p[n] == ':' && n) {
		memcpy(acct, p, n);
		acct[n] = '\0';
		if (!nhi_iam_ctx_get(c, "aws:PrincipalAccount"))
			json_object_set_new(c, "aws:PrincipalAccount", json_string(acct));
	}
	if (nhi_iam_ctx_get(c, "aws:username"))
		return c;
	if (strstr(arn, ":user/")) {
		slash = strrchr(arn, '/');
		json_object_set_new(c, "aws:username", json_string(slash + 1));
	} else if (strstr(arn, ":role/") || strstr(arn, ":assumed-role/")) {
		json_object_set_new(c, "aws:username", json_null());
	}
	return c;
}

bool nhi_iam_has_vars(const char *pat)
{
	return strstr(pat, "${") != NULL;
}

/* How a variable resolved. */
enum var_state { VAR_OK, VAR_UNKNOWN, VAR_ABSENT };

/* scalar: a context value as the string IAM compares, or NULL. */
static const char *scalar(const json_t *v, char *tmp, size_t n)
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
	if (json_is_array(v) && json_array_size(v) == 1)
		return scalar(json_array_get(v, 0), tmp, n);
	return NULL;
}

/* subst: the worst state of any variable in pat. */
static enum var_state subst(const char *pat, const json_t *ctx,
			    struct nhi_buf *out)
{
	enum var_state worst = VAR_OK;
	const char *p = pat, *end, *comma, *val;
	char key[256], tmp[32], dflt[256];
	json_t *v;

	while (*p) {
		if (p[0] != '$' || p[1] != '{' || !(end = strchr(p + 2, '}'))) {
			nhi_buf_addch(out, *p++);
			continue;
		}
		size_t klen = (size_t)(end - (p + 2));
		if (klen == 1 && (p[2] == '*' || p[2] == '?' || p[2] == '$')) {
			nhi_buf_addch(out, p[2] == '*' ? LIT_STAR
					   : p[2] == '?' ? LIT_QMARK : '$');
			p = end + 1;
			continue;
		}
		dflt[0] = '\0';
		bool has_dflt = false;
		comma = memchr(p + 2, ',', klen);
		if (comma) {
			/* ${key, 'default'} */
			const char *d = comma + 1, *de = end;
			while (d < de && *d == ' ')
				d++;
			while (de > d && de[-1] == ' ')
				de--;
			if (de - d >= 2 && *d == '\'' && de[-1] == '\'' &&
			    (size_t)(de - d - 2) < sizeof(dflt)) {
				memcpy(dflt, d + 1, (size_t)(de - d - 2));
				dflt[de - d - 2] = '\0';
				has_dflt = true;
			}
			klen = (size_t)(comma - (p + 2));
		}
		while (klen && p[2 + klen - 1] == ' ')
			klen--;
		if (klen >= sizeof(key))
			klen = sizeof(key) - 1;
		memcpy(key, p + 2, klen);
		key[klen] = '\0';
		v = nhi_iam_ctx_get(ctx, key);
		val = NULL;
		if (v && !json_is_null(v))
			val = scalar(v, tmp, sizeof(tmp));
		if (val) {
			nhi_buf_adds(out, val);
		} else if (has_dflt && (!v || json_is_null(v))) {
			/* A default applies when the key is absent; when it is
			 * only unknown the value might still differ. */
			nhi_buf_adds(out, dflt);
			if (!v && worst == VAR_OK)
				worst = VAR_UNKNOWN;
		} else {
			nhi_buf_addch(out, '*');
			if (v && json_is_null(v))
				worst = VAR_ABSENT;
			else if (worst != VAR_ABSENT)
				worst = VAR_UNKNOWN;
		}
		p = end + 1;
	}
	return worst;
}

const char *nhi_iam_subst(const char *pat, const json_t *ctx,
			  struct nhi_buf *out, bool *unresolved)
{
	enum var_state st = subst(pat, ctx, out);

	if (unresolved)
		*unresolved = st != VAR_OK;
	return out->buf;
}

enum nhi_iam_tri nhi_iam_resource_match(const char *pat, const char *arn,
					 const json_t *ctx)
{
	struct nhi_buf b = NHI_BUF_INIT;
	enum var_state st;
	bool m;

	if (!nhi_iam_has_vars(pat))
		return nhi_iam_arn_match(pat, arn) ? NHI_IAM_YES : NHI_IAM_NO;
	st = subst(pat, ctx, &b);
	/* A variable whose key is known to be absent matches nothing. */
	m = st != VAR_ABSENT && nhi_iam_arn_match(b.buf, arn);
	nhi_buf_release(&b);
	if (!m)
		return NHI_IAM_NO;
	return st == VAR_OK ? NHI_IAM_YES : NHI_IAM_MAYBE;
}
