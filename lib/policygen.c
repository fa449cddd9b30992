#include "compat.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "policygen.h"
#include "xalloc.h"
#include "banned.h"

int nhi_pg_match(const char *pat, const char *s, int icase)
{
	const char *star = NULL, *back = NULL;

	while (*s) {
		if (*pat == '*') {
			star = pat++;
			back = s;
		} else if (*pat == '?' ||
			   (icase ? tolower((unsigned char)*pat) == tolower((unsigned char)*s)
				  : *pat == *s)) {
			if (!*pat)
				break;
			pat++;
			s++;
		} else if (star) {
			pat = star + 1;
			s = ++back;
		} else {
			return 0;
		}
	}
	while (*pat == '*')
		pat++;
	return !*pat && !*s;
}

/* any_match: whether one of v (a string or an array of strings) matches s. */
static int any_match(const json_t *v, const char *s, int icase)
{
	size_t i;
	json_t *x;

	if (json_is_string(v))
		return nhi_pg_match(json_string_value(v), s, icase);
	json_array_foreach(v, i, x)
		if (json_is_string(x) && nhi_pg_match(json_string_value(x), s, icase))
			return 1;
	return 0;
}

static int stmt_matches(const json_t *st, const char *action, const char *res)
{
	json_t *a = json_object_get(st, "Action"), *na = json_object_get(st, "NotAction"),
	       *r = json_object_get(st, "Resource"), *nr = json_object_get(st, "NotResource");

	if (a ? !any_match(a, action, 1) : na ? any_match(na, action, 1) : 1)
		return 0;
	if (r ? !any_match(r, res, 0) : nr ? any_match(nr, res, 0) : 0)
		return 0;
	return 1;
}

/* doc_scan: the Allow/Deny verdict of one document; *nocond set when a
 * matching Allow has no Condition, *cond to the matching Conditions when
 * they agree, *mixed when they do not. */
static void doc_scan(const json_t *doc, const char *action, const char *res,
		     int *allow, int *deny, int *nocond, const json_t **cond,
		     int *mixed)
{
	json_t *sts = json_object_get(doc, "Statement"), *st;
	size_t i, n = json_is_array(sts) ? json_array_size(sts) : 1;

	for (i = 0; i < n; i++) {
		const char *eff;
		json_t *c;

		st = json_is_array(sts) ? json_array_get(sts, i) : sts;
		if (!json_is_object(st) || !stmt_matches(st, action, res))
			continue;
		eff = json_string_value(json_object_get(st, "Effect"));
		c = json_object_get(st, "Condition");
		if (eff && !strcmp(eff, "Deny")) {
			if (!c)
				*deny = 1;
			continue;
		}
		if (!eff || strcmp(eff, "Allow"))
			continue;
		*allow = 1;
		if (!c)
			*nocond = 1;
		else if (!*cond)
			*cond = c;
		else if (!json_equal((json_t *)*cond, c))
			*mixed = 1;
	}
}

static int cmpstr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* head_len: the parent of an ARN: the bucket of an S3 object,
 * else everything up to the last '/' or, without one, the last ':'. */
static size_t head_len(const char *r)
{
	const char *p;

	if (!strncmp(r, "arn:aws:s3:::", 13) && (p = strchr(r + 13, '/')))
		return (size_t)(p - r) + 1;
	p = strrchr(r, '/');

	if (!p)
		p = strrchr(r, ':');
	return p ? (size_t)(p - r) + 1 : 0;
}

static int is_s3_object(const char *r)
{
	return !strncmp(r, "arn:aws:s3:::", 13) && strchr(r + 13, '/');
}

json_t *nhi_pg_generalise(const char *const *res, size_t n)
{
	json_t *out = json_array();
	const char **pats = xcalloc(n + 1, sizeof(*pats));
	char **owned = xcalloc(n + 1, sizeof(*owned));
	size_t np = 0, no = 0, i = 0, j, k;

	for (k = 0; k < n; k++) {
		if (!strcmp(res[k], "*")) {
			json_array_append_new(out, json_string("*"));
			goto done;
		}
	}
	while (i < n) {
		size_t hl = head_len(res[i]), lcp;

		/* the run of resources with the same parent (res is sorted) */
		for (j = i + 1; j < n && head_len(res[j]) == hl &&
				!strncmp(res[i], res[j], hl); j++)
			;
		if (j - i < NHI_PG_GENERALISE || !hl) {
			for (k = i; k < j; k++)
				pats[np++] = res[k];
			i = j;
			continue;
		}
		/* sorted: the common prefix of the run is that of its ends */
		for (lcp = 0; res[i][lcp] && res[i][lcp] == res[j - 1][lcp]; lcp++)
			;
		if (is_s3_object(res[i])) {
			/* keep folders: cut back to the last '/' of the common part */
			while (lcp > 0 && res[i][lcp - 1] != '/')
				lcp--;
		} else {
			while (lcp > hl && !strchr("-_./:", res[i][lcp - 1]))
				lcp--;
			if (lcp <= hl) {
				for (k = i; k < j; k++)
					pats[np++] = res[k];
				i = j;
				continue;
			}
		}
		owned[no] = xmalloc(lcp + 2);
		memcpy(owned[no], res[i], lcp);
		owned[no][lcp] = '*';
		owned[no][lcp + 1] = 0;
		pats[np++] = owned[no++];
		i = j;
	}
	qsort(pats, np, sizeof(*pats), cmpstr);
	for (k = 0; k < np; k++)
		if (!k || strcmp(pats[k], pats[k - 1]))
			json_array_append_new(out, json_string(pats[k]));
done:
	for (k = 0; k < no; k++)
		free(owned[k]);
	free(owned);
	free(pats);
	return out;
}

/* One proposed grant: an action on its generalised resources. */
struct grant {
	char *service; /* the prefix, lower case */
	const char *action;
	json_t *resources; /* array */
	const json_t *cond;
	char *key;         /* service, resources and condition, to group by */
};

static int cmp_call(const void *pa, const void *pb)
{
	const struct nhi_pg_call *a = pa, *b = pb;
	int c = strcasecmp(a->action, b->action);

	if (!c)
		c = strcmp(a->action, b->action);
	return c ? c : strcmp(a->resource, b->resource);
}

static int cmp_grant(const void *pa, const void *pb)
{
	const struct grant *a = pa, *b = pb;
	int c = strcmp(a->key, b->key);

	if (!c)
		c = strcasecmp(a->action, b->action);
	return c ? c : strcmp(a->action, b->action);
}

static const json_t *call_cond(const json_t *current, const char *action,
			       const char *res, int *none)
{
	int allow = 0, deny = 0, nocond = 0, mixed = 0;
	const json_t *c = NULL;
	size_t i;
	json_t *doc;

	json_array_foreach(current, i, doc)
		doc_scan(doc, action, res, &allow, &deny, &nocond, &c, &mixed);
	if (!allow || nocond || mixed || !c) {
		*none = 1;
		return NULL;
	}
	return c;
}

static void sid_for(struct nhi_buf *b, const char *service, int n)
{
	int up = 1;

	nhi_buf_reset(b);
	for (const char *p = service; *p; p++) {
		if (!isalnum((unsigned char)*p)) {
			up = 1;
			continue;
		}
		nhi_buf_addch(b, up ? toupper((unsigned char)*p) : *p);
		up = 0;
	}
	nhi_buf_addf(b, "Use%d", n);
}

json_t *nhi_pg_build(const struct nhi_pg_call *calls, size_t n,
		     const json_t *current)
{
	struct nhi_pg_call *v = xcalloc(n + 1, sizeof(*v));
	struct grant *g = xcalloc(n + 1, sizeof(*g));
	const char **res = xcalloc(n + 1, sizeof(*res));
	struct nhi_buf key = NHI_BUF_INIT, sid = NHI_BUF_INIT;
	json_t *doc = json_object(), *sts = json_array(), *st = NULL, *acts = NULL;
	size_t ng = 0, i = 0, j, k;
	int sidn = 0;

	memcpy(v, calls, n * sizeof(*v));
	qsort(v, n, sizeof(*v), cmp_call);
	while (i < n) {
		const json_t *cond = NULL;
		const char *colon;
		int none = 0;
		char *dump;
		size_t nr = 0;

		for (j = i; j < n && !strcmp(v[j].action, v[i].action); j++) {
			const json_t *c = call_cond(current, v[j].action, v[j].resource, &none);

			if (!nr || strcmp(res[nr - 1], v[j].resource))
				res[nr++] = v[j].resource;
			if (c && cond && !json_equal((json_t *)c, (json_t *)cond))
				none = 1;
			if (c && !cond)
				cond = c;
		}
		if (none)
			cond = NULL;
		colon = strchr(v[i].action, ':');
		g[ng].service = xstrndup(v[i].action, colon ? (size_t)(colon - v[i].action) : 0);
		for (char *p = g[ng].service; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		g[ng].action = v[i].action;
		g[ng].resources = nhi_pg_generalise(res, nr);
		g[ng].cond = cond;
		nhi_buf_reset(&key);
		nhi_buf_adds(&key, g[ng].service);
		nhi_buf_addch(&key, '\n');
		dump = json_dumps(g[ng].resources, JSON_COMPACT);
		nhi_buf_adds(&key, dump);
		free(dump);
		nhi_buf_addch(&key, '\n');
		if (cond) {
			dump = json_dumps(cond, JSON_COMPACT | JSON_SORT_KEYS);
			nhi_buf_adds(&key, dump);
			free(dump);
		}
		g[ng].key = xstrdup(key.buf);
		ng++;
		i = j;
	}
	qsort(g, ng, sizeof(*g), cmp_grant);
	for (k = 0; k < ng; k++) {
		if (!k || strcmp(g[k].key, g[k - 1].key)) {
			if (!k || strcmp(g[k].service, g[k - 1].service))
				sidn = 0;
			sid_for(&sid, g[k].service, ++sidn);
			st = json_object();
			json_object_set_new(st, "Sid", json_string(sid.buf));
			json_object_set_new(st, "Effect", json_string("Allow"));
			acts = json_array();
			json_object_set_new(st, "Action", acts);
			json_object_set(st, "Resource", g[k].resources);
			if (g[k].cond)
				json_object_set(st, "Condition", (json_t *)g[k].cond);
			json_array_append_new(sts, st);
		}
		json_array_append_new(acts, json_string(g[k].action));
	}
	json_object_set_new(doc, "Version", json_string("2012-10-17"));
	json_object_set_new(doc, "Statement", sts);
	for (k = 0; k < ng; k++) {
		free(g[k].service);
		free(g[k].key);
		json_decref(g[k].resources);
	}
	nhi_buf_release(&key);
	nhi_buf_release(&sid);
	free(g);
	free(v);
	free(res);
	return doc;
}
