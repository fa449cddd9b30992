/* jsonspan.c: see jsonspan.h.  A recursive descent over the text that
 * only finds where each value ends; strings are crossed with memchr, since
 * the bulk of a record line is string bytes. */
#include "compat.h"

#include <string.h>

#include "buf.h"
#include "jsonspan.h"
#include "ndjson.h"

static const char *skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* p at the opening quote: just past the closing one, or NULL.  A quote
 * closes the string unless an odd run of backslashes comes before it. */
static const char *skip_string(const char *p, const char *end)
{
	const char *q = p + 1;

	for (;;) {
		const char *b;

		q = memchr(q, '"', (size_t)(end - q));
		if (!q)
			return NULL;
		for (b = q; b[-1] == '\\'; b--)
			;
		if ((q - b) % 2 == 0)
			return q + 1;
		q++;
	}
}

static const char *skip_digits(const char *p, const char *end)
{
	const char *s = p;

	while (p < end && *p >= '0' && *p <= '9')
		p++;
	return p > s ? p : NULL;
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static const char *skip_number(const char *p, const char *end)
{
	if (p < end && *p == '-')
		p++;
	if (p < end && *p == '0')
		p++;
	else if (!(p = skip_digits(p, end)))
		return NULL;
	if (p < end && *p == '.' && !(p = skip_digits(p + 1, end)))
		return NULL;
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		p = skip_digits(p, end);
	}
	return p;
}

static const char *skip_word(const char *p, const char *end, const char *w, size_t n)
{
	return (size_t)(end - p) >= n && !memcmp(p, w, n) ? p + n : NULL;
}

/* true, false or null at p */
static const char *skip_literal(const char *p, const char *end)
{
	return *p == 't' ? skip_word(p, end, "true", 4) :
	       *p == 'f' ? skip_word(p, end, "false", 5) : skip_word(p, end, "null", 4);
}

/* skip_value: just past the value at p (no whitespace before it), or NULL;
 * depth is the number of arrays and objects open around it. */
static const char *skip_value(const char *p, const char *end, int depth)
{
	char close;

	if (p >= end)
		return NULL;
	switch (*p) {
	case '"':
		return skip_string(p, end);
	case 't':
	case 'f':
	case 'n':
		return skip_literal(p, end);
	case '{':
	case '[':
		break;
	default:
		return skip_number(p, end);
	}
	if (depth >= NHI_MAX_DEPTH)
		return NULL;
	close = *p == '{' ? '}' : ']';
	p = skip_ws(p + 1, end);
	if (p < end && *p == close)
		return p + 1;
	for (;;) {
		if (close == '}') {
			if (p >= end || *p != '"' || !(p = skip_string(p, end)))
				return NULL;
			p = skip_ws(p, end);
			if (p >= end || *p != ':')
				return NULL;
			p = skip_ws(p + 1, end);
		}
		if (!(p = skip_value(p, end, depth + 1)))
			return NULL;
		p = skip_ws(p, end);
		if (p < end && *p == close)
			return p + 1;
		if (p >= end || *p != ',')
			return NULL;
		p = skip_ws(p + 1, end);
	}
}

static int start(struct nhi_jspan_iter *it, const char *text, size_t len, char open)
{
	const char *end = text + len, *p = skip_ws(text, end);

	it->end = end;
	it->first = 1;
	it->done = p >= end || *p != open;
	it->p = it->done ? end : p + 1;
	return !it->done;
}

int nhi_jspan_members(struct nhi_jspan_iter *it, const char *text, size_t len)
{
	return start(it, text, len, '{');
}

int nhi_jspan_elements(struct nhi_jspan_iter *it, const char *text, size_t len)
{
	return start(it, text, len, '[');
}

/* next: the next member (key given) or element (key NULL). */
static int next(struct nhi_jspan_iter *it, char close, struct nhi_jspan *key,
		struct nhi_jspan *value)
{
	const char *p = skip_ws(it->p, it->end), *end = it->end, *v;

	if (it->done)
		return -1;
	if (p < end && *p == close) {
		it->done = 1;
		return skip_ws(p + 1, end) == end ? 0 : -1;
	}
	if (!it->first) {
		if (p >= end || *p != ',')
			goto bad;
		p = skip_ws(p + 1, end);
	}
	if (key) {
		const char *k = p;

		if (p >= end || *p != '"' || !(p = skip_string(p, end)))
			goto bad;
		key->p = k + 1;
		key->n = (size_t)(p - k - 2);
		p = skip_ws(p, end);
		if (p >= end || *p != ':')
			goto bad;
		p = skip_ws(p + 1, end);
	}
	if (!(v = skip_value(p, end, 1)))
		goto bad;
	value->p = p;
	value->n = (size_t)(v - p);
	it->p = v;
	it->first = 0;
	return 1;
bad:
	it->done = 1;
	return -1;
}

int nhi_jspan_next_member(struct nhi_jspan_iter *it, struct nhi_jspan *key,
			  struct nhi_jspan *value)
{
	return next(it, '}', key, value);
}

int nhi_jspan_next_element(struct nhi_jspan_iter *it, struct nhi_jspan *value)
{
	return next(it, ']', NULL, value);
}

static int hex4(const char *p, const char *end, unsigned *v)
{
	*v = 0;
	if (end - p < 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		char c = p[i];

		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	return 0;
}

/* decode_one: the next character of a string's inside at *pp as UTF-8
 * bytes into out; their count, or -1 for what jansson refuses too (a bad
 * escape, a lone surrogate, \u0000, a control character). */
static int decode_one(const char **pp, const char *end, char out[4])
{
	const char *p = *pp;
	unsigned cp, lo;

	if ((unsigned char)*p < 0x20)
		return -1;
	if (*p != '\\') {
		out[0] = *p;
		*pp = p + 1;
		return 1;
	}
	if (++p >= end)
		return -1;
	switch (*p) {
	case '"': case '\\': case '/':
		out[0] = *p;
		break;
	case 'b': out[0] = '\b'; break;
	case 'f': out[0] = '\f'; break;
	case 'n': out[0] = '\n'; break;
	case 'r': out[0] = '\r'; break;
	case 't': out[0] = '\t'; break;
	case 'u':
		if (hex4(p + 1, end, &cp))
			return -1;
		p += 5;
		if (cp >= 0xDC00 && cp <= 0xDFFF)
			return -1;
		if (cp >= 0xD800 && cp <= 0xDBFF) {
			if (end - p < 6 || p[0] != '\\' || p[1] != 'u' ||
			    hex4(p + 2, end, &lo) || lo < 0xDC00 || lo > 0xDFFF)
				return -1;
			cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
			p += 6;
		}
		*pp = p;
		if (cp == 0)
			return -1;
		if (cp < 0x80) {
			out[0] = (char)cp;
			return 1;
		}
		if (cp < 0x800) {
			out[0] = (char)(0xC0 | cp >> 6);
			out[1] = (char)(0x80 | (cp & 0x3F));
			return 2;
		}
		if (cp < 0x10000) {
			out[0] = (char)(0xE0 | cp >> 12);
			out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
			out[2] = (char)(0x80 | (cp & 0x3F));
			return 3;
		}
		out[0] = (char)(0xF0 | cp >> 18);
		out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
		out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
		out[3] = (char)(0x80 | (cp & 0x3F));
		return 4;
	default:
		return -1;
	}
	*pp = p + 1;
	return 1;
}

int nhi_jspan_key_eq(const struct nhi_jspan *key, const char *name, size_t n)
{
	const char *p = key->p, *end = key->p + key->n;
	char c[4];
	int k;

	if (!memchr(p, '\\', key->n))
		return key->n == n && !memcmp(p, name, n);
	while (p < end) {
		if ((k = decode_one(&p, end, c)) < 0 || (size_t)k > n || memcmp(c, name, (size_t)k))
			return 0;
		name += k;
		n -= (size_t)k;
	}
	return n == 0;
}

int nhi_jspan_key_is(const struct nhi_jspan *key, const char *name)
{
	return nhi_jspan_key_eq(key, name, strlen(name));
}

int nhi_jspan_get(const char *text, size_t len, const char *name,
		  struct nhi_jspan *value)
{
	struct nhi_jspan cur = { text, len }, k, v, found = { NULL, 0 };

	for (;;) {
		const char *dot = strchr(name, '.');
		size_t n = dot ? (size_t)(dot - name) : strlen(name);
		struct nhi_jspan_iter it;
		int r;

		if (!nhi_jspan_members(&it, cur.p, cur.n))
			return cur.p == text ? -1 : 0; /* nested: not an object */
		found.p = NULL;
		while ((r = nhi_jspan_next_member(&it, &k, &v)) == 1)
			if (nhi_jspan_key_eq(&k, name, n))
				found = v;
		if (r < 0)
			return -1;
		if (!found.p)
			return 0;
		if (!dot) {
			*value = found;
			return 1;
		}
		cur = found;
		name = dot + 1;
	}
}

int nhi_jspan_string(const struct nhi_jspan *s, struct nhi_buf *out)
{
	const char *p = s->p + 1, *end = s->p + s->n - 1;
	char c[4];
	int k;

	if (s->n < 2 || s->p[0] != '"' || *end != '"')
		return -1;
	while (p < end) {
		const char *run = p;

		/* the plain bytes up to an escape, at once */
		while (p < end && *p != '\\' && (unsigned char)*p >= 0x20)
			p++;
		nhi_buf_add(out, run, (size_t)(p - run));
		if (p == end)
			break;
		if ((k = decode_one(&p, end, c)) < 0)
			return -1;
		nhi_buf_add(out, c, (size_t)k);
	}
	return 0;
}

/* canon_value: just past the canonical value at p, or NULL. */
static const char *canon_value(const char *p, const char *end, int depth)
{
	struct nhi_jspan keys[64];
	size_t nkeys = 0;
	char close;

	if (p >= end)
		return NULL;
	switch (*p) {
	case '"':
		for (p++; p < end && *p != '"'; p++)
			if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e || *p == '\\')
				return NULL;
		return p < end ? p + 1 : NULL;
	case 't':
	case 'f':
	case 'n':
		return skip_literal(p, end);
	case '{':
	case '[':
		break;
	default: {
		/* integers only, as jansson writes them back: no "-0" */
		const char *s = p + (*p == '-'), *q = skip_digits(s, end);

		if (!q || q - s > 18 || (*s == '0' && (q - s > 1 || s > p)))
			return NULL;
		return q < end && (*q == '.' || *q == 'e' || *q == 'E') ? NULL : q;
	}
	}
	if (depth >= 32)
		return NULL;
	close = *p == '{' ? '}' : ']';
	if (++p < end && *p == close)
		return p + 1;
	for (;;) {
		if (close == '}') {
			const char *k = p;

			if (p >= end || *p != '"' || !(p = canon_value(p, end, depth + 1)))
				return NULL;
			if (nkeys == ARRAY_SIZE(keys))
				return NULL;
			keys[nkeys].p = k;
			keys[nkeys].n = (size_t)(p - k);
			for (size_t i = 0; i < nkeys; i++)
				if (keys[i].n == keys[nkeys].n && !memcmp(keys[i].p, k, keys[i].n))
					return NULL;
			nkeys++;
			if (p >= end || *p++ != ':')
				return NULL;
		}
		if (!(p = canon_value(p, end, depth + 1)))
			return NULL;
		if (p < end && *p == close)
			return p + 1;
		if (p >= end || *p++ != ',')
			return NULL;
	}
}

int nhi_jspan_canonical(const char *text, size_t len)
{
	return canon_value(text, text + len, 0) == text + len;
}
