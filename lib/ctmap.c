/* ctmap.c: the CloudTrail event to IAM action lookup. */
#include "compat.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "ctmap.h"
#include "data.h"
#include "strmap.h"
#include "xalloc.h"
#include "banned.h"

struct nhi_ctmap {
	struct nhi_strmap catalog; /* lower-case action -> AWS's spelling */
	struct nhi_strmap prefix;  /* lower-case source -> IAM prefix */
	struct nhi_strmap events;  /* lower-case "source\tevent" -> result */
	struct nhi_strmap memo;    /* "source\tevent" as seen -> result */
};

static void lower(struct nhi_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		nhi_buf_addch(b, tolower((unsigned char)s[i]));
}

/* canonical: action in the catalog's case, or NULL when not there. */
static const char *canonical(struct nhi_ctmap *m, const char *action, size_t n)
{
	struct nhi_buf k = NHI_BUF_INIT;
	const char *v;

	lower(&k, action, n);
	v = nhi_strmap_get(&m->catalog, k.buf, k.len);
	nhi_buf_release(&k);
	return v;
}

static char **strings(const json_t *a, size_t *n)
{
	char **v;
	size_t i, k = 0;
	json_t *e;

	*n = 0;
	if (!json_is_array(a) || !json_array_size(a))
		return NULL;
	v = xcalloc(json_array_size(a), sizeof(*v));
	json_array_foreach(a, i, e)
		if (json_is_string(e))
			v[k++] = xstrdup(json_string_value(e));
	*n = k;
	return v;
}

static void result_free(void *p)
{
	struct nhi_ctmap_result *r = p;

	if (!r)
		return;
	for (size_t i = 0; i < r->nactions; i++)
		free(r->actions[i]);
	for (size_t i = 0; i < r->nmaybe; i++)
		free(r->maybe[i]);
	free(r->actions);
	free(r->maybe);
	free(r);
}

static struct nhi_ctmap_result *result_copy(const struct nhi_ctmap_result *r)
{
	struct nhi_ctmap_result *c = xcalloc(1, sizeof(*c));

	c->nactions = r->nactions;
	c->nmaybe = r->nmaybe;
	c->unverified = r->unverified;
	if (r->nactions)
		c->actions = xcalloc(r->nactions, sizeof(char *));
	if (r->nmaybe)
		c->maybe = xcalloc(r->nmaybe, sizeof(char *));
	for (size_t i = 0; i < r->nactions; i++)
		c->actions[i] = xstrdup(r->actions[i]);
	for (size_t i = 0; i < r->nmaybe; i++)
		c->maybe[i] = xstrdup(r->maybe[i]);
	return c;
}

static int load_catalog(struct nhi_ctmap *m, FILE *f)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	static const char pre[] = "{\"action\":\"";

	while ((n = getline(&line, &cap, f)) > 0) {
		struct nhi_buf k = NHI_BUF_INIT;
		struct nhi_strmap_entry *e;
		char *end;

		/* Every line is written {"action":"...", so no parse is needed. */
		if (strncmp(line, pre, sizeof(pre) - 1))
			continue;
		end = strchr(line + sizeof(pre) - 1, '"');
		if (!end)
			continue;
		lower(&k, line + sizeof(pre) - 1, (size_t)(end - line) - (sizeof(pre) - 1));
		e = nhi_strmap_slot(&m->catalog, k.buf, k.len);
		if (!e->value)
			e->value = xstrndup(line + sizeof(pre) - 1,
					    (size_t)(end - line) - (sizeof(pre) - 1));
		nhi_buf_release(&k);
	}
	free(line);
	return !ferror(f);
}

static int load_map(struct nhi_ctmap *m, FILE *f)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	while ((n = getline(&line, &cap, f)) > 0) {
		json_t *o = json_loadb(line, (size_t)n, 0, NULL);
		const char *src = json_string_value(json_object_get(o, "source"));
		const char *ev = json_string_value(json_object_get(o, "event"));
		const char *pfx = json_string_value(json_object_get(o, "prefix"));
		struct nhi_buf k = NHI_BUF_INIT;

		if (src && ev) {
			struct nhi_ctmap_result *r = xcalloc(1, sizeof(*r));
			struct nhi_strmap_entry *e;

			r->actions = strings(json_object_get(o, "actions"), &r->nactions);
			r->maybe = strings(json_object_get(o, "maybe"), &r->nmaybe);
			r->unverified = json_array_size(json_object_get(o, "unknown")) > 0;
			lower(&k, src, strlen(src));
			nhi_buf_addch(&k, '\t');
			lower(&k, ev, strlen(ev));
			e = nhi_strmap_slot(&m->events, k.buf, k.len);
			result_free(e->value);
			e->value = r;
		} else if (src && pfx) {
			struct nhi_strmap_entry *e;

			lower(&k, src, strlen(src));
			e = nhi_strmap_slot(&m->prefix, k.buf, k.len);
			free(e->value);
			e->value = xstrdup(pfx);
		}
		nhi_buf_release(&k);
		json_decref(o);
	}
	free(line);
	return !ferror(f);
}

static int load(struct nhi_ctmap *m, const char *name,
		int (*fn)(struct nhi_ctmap *, FILE *))
{
	const char *path = nhi_data_path(name);
	FILE *f = path ? fopen(path, "r") : NULL;
	int ok;

	if (!f)
		return 0;
	ok = fn(m, f);
	fclose(f);
	return ok;
}

struct nhi_ctmap *nhi_ctmap_load(const char **why)
{
	struct nhi_ctmap *m = xcalloc(1, sizeof(*m));

	if (!load(m, "aws-iam-actions.ndjson", load_catalog)) {
		*why = "cannot read data file aws-iam-actions.ndjson";
		nhi_ctmap_free(m);
		return NULL;
	}
	if (!load(m, "cloudtrail-to-iam.ndjson", load_map)) {
		*why = "cannot read data file cloudtrail-to-iam.ndjson";
		nhi_ctmap_free(m);
		return NULL;
	}
	return m;
}

static int dig(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* suffix: whether all of s is (19|20)\d\d(_\d\d_\d\d|\d{4})(v\d+)? */
static int suffix(const char *s, size_t n)
{
	size_t j;

	if (n < 8 || !((s[0] == '1' && s[1] == '9') || (s[0] == '2' && s[1] == '0')) ||
	    !dig(s + 2, 2))
		return 0;
	if (s[4] == '_') {
		if (n < 10 || !dig(s + 5, 2) || s[7] != '_' || !dig(s + 8, 2))
			return 0;
		j = 10;
	} else {
		if (!dig(s + 4, 4))
			return 0;
		j = 8;
	}
	return j == n || (s[j] == 'v' && n > j + 1 && dig(s + j + 1, n - j - 1));
}

size_t nhi_ctmap_strip_version(const char *e, size_t n)
{
	/* The leftmost match, as the regular expression would find it; a
	 * name that is all suffix is left alone. */
	for (size_t i = 1; i + 8 <= n; i++)
		if (suffix(e + i, n - i))
			return i;
	return n;
}

/* own_prefix: the data maps a few S3 bucket events to s3-outposts (an
 * SDK name collision in its source); an action under "<own>-x:" whose
 * name also exists as "<own>:" is the source's own. */
static void own_prefix(struct nhi_ctmap *m, const char *src, size_t slen,
		       struct nhi_ctmap_result *r)
{
	const char *dot = memchr(src, '.', slen);
	size_t plen = dot ? (size_t)(dot - src) : slen;
	struct nhi_buf a = NHI_BUF_INIT;

	for (size_t i = 0; i < r->nactions; i++) {
		const char *act = r->actions[i], *colon = strchr(act, ':');
		const char *canon;

		if (!colon || (size_t)(colon - act) <= plen + 1 ||
		    strncasecmp(act, src, plen) || act[plen] != '-')
			continue;
		nhi_buf_reset(&a);
		nhi_buf_add(&a, act, plen);
		nhi_buf_adds(&a, colon);
		canon = canonical(m, a.buf, a.len);
		if (canon) {
			free(r->actions[i]);
			r->actions[i] = xstrdup(canon);
		}
	}
	nhi_buf_release(&a);
}

static struct nhi_ctmap_result *compute(struct nhi_ctmap *m, const char *src,
					size_t slen, const char *ev, size_t elen)
{
	struct nhi_buf k = NHI_BUF_INIT, a = NHI_BUF_INIT;
	struct nhi_ctmap_result *found, *r;
	size_t stripped = nhi_ctmap_strip_version(ev, elen);
	const char *pfx, *canon;
	const char *dot;

	for (int pass = 0; pass < 2; pass++) {
		size_t n = pass ? stripped : elen;

		if (pass && stripped == elen)
			break;
		nhi_buf_reset(&k);
		lower(&k, src, slen);
		nhi_buf_addch(&k, '\t');
		lower(&k, ev, n);
		found = nhi_strmap_get(&m->events, k.buf, k.len);
		if (found) {
			nhi_buf_release(&k);
			r = result_copy(found);
			own_prefix(m, src, slen, r);
			return r;
		}
	}
	nhi_buf_reset(&k);
	lower(&k, src, slen);
	pfx = nhi_strmap_get(&m->prefix, k.buf, k.len);
	if (pfx) {
		nhi_buf_adds(&a, pfx);
	} else {
		dot = memchr(src, '.', slen);
		lower(&a, src, dot ? (size_t)(dot - src) : slen);
	}
	nhi_buf_addch(&a, ':');
	nhi_buf_add(&a, ev, stripped);
	r = xcalloc(1, sizeof(*r));
	r->actions = xcalloc(1, sizeof(char *));
	r->nactions = 1;
	canon = canonical(m, a.buf, a.len);
	r->actions[0] = canon ? xstrdup(canon) : xstrdup(a.buf);
	r->unverified = !canon;
	nhi_buf_release(&k);
	nhi_buf_release(&a);
	return r;
}

const struct nhi_ctmap_result *nhi_ctmap_lookup(struct nhi_ctmap *m,
						const char *source, size_t slen,
						const char *event, size_t elen)
{
	char stack[256];
	struct nhi_buf k = NHI_BUF_INIT;
	struct nhi_strmap_entry *e;
	const char *key;
	size_t klen = slen + 1 + elen;
	struct nhi_ctmap_result *r;

	if (klen <= sizeof(stack)) {
		memcpy(stack, source, slen);
		stack[slen] = '\t';
		memcpy(stack + slen + 1, event, elen);
		key = stack;
	} else {
		nhi_buf_add(&k, source, slen);
		nhi_buf_addch(&k, '\t');
		nhi_buf_add(&k, event, elen);
		key = k.buf;
	}
	r = nhi_strmap_get(&m->memo, key, klen);
	if (!r) {
		r = compute(m, source, slen, event, elen);
		e = nhi_strmap_slot(&m->memo, key, klen);
		e->value = r;
	}
	nhi_buf_release(&k);
	return r;
}

void nhi_ctmap_free(struct nhi_ctmap *m)
{
	if (!m)
		return;
	nhi_strmap_clear(&m->catalog, free);
	nhi_strmap_clear(&m->prefix, free);
	nhi_strmap_clear(&m->events, result_free);
	nhi_strmap_clear(&m->memo, result_free);
	free(m);
}
