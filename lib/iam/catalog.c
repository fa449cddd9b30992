/* The IAM action catalog, loaded once; see catalog.h. */
#include "compat.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "data.h"
#include "iam/catalog.h"
#include "iam/match.h"
#include "input.h"
#include "xalloc.h"
#include "banned.h"

#define CATALOG_FILE "aws-iam-actions.ndjson"
#define CATALOG_MAX_BYTES (64u << 20)
#define CATALOG_MAX_ACTIONS 1000000u

/* The one piece of global state: written once by load(), then read-only. */
static struct {
	bool tried;
	const char *error;
	struct nhi_iam_action *v;
	char **lower; /* lower-cased names, same order as v */
	size_t n;
	struct nhi_iam_service *svc;
	size_t nsvc;
	unsigned *slot; /* open addressing: id + 1, 0 empty */
	size_t nslot;
} cat;

static const char *const levels[NHI_IAM_ACCESS_MAX] = {
	"unknown", "List", "Read", "Tagging", "Write", "Permissions management",
};

const char *nhi_iam_access_str(enum nhi_iam_access a)
{
	return (unsigned)a < NHI_IAM_ACCESS_MAX ? levels[a] : "unknown";
}

enum nhi_iam_access nhi_iam_access_parse(const char *s)
{
	for (int i = 1; i < NHI_IAM_ACCESS_MAX; i++)
		if (!strcasecmp(s, levels[i]))
			return (enum nhi_iam_access)i;
	return NHI_IAM_ACCESS_UNKNOWN;
}

static uint64_t hash_lower(const char *s)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */

	for (; *s; s++) {
		h ^= (unsigned char)tolower((unsigned char)*s);
		h *= 1099511628211ull;
	}
	return h;
}

static const char *const *str_array(json_t *a, unsigned short *n)
{
	const char **v;
	size_t i, k = 0;
	json_t *e;

	*n = 0;
	if (!json_is_array(a) || !json_array_size(a))
		return NULL;
	v = xcalloc(json_array_size(a), sizeof(*v));
	json_array_foreach(a, i, e)
		if (json_is_string(e) && k < 65535)
			v[k++] = xstrdup(json_string_value(e));
	*n = (unsigned short)k;
	return v;
}

static char *lower_dup(const char *s)
{
	char *d = xstrdup(s);

	for (char *p = d; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return d;
}

static int by_lower(const void *a, const void *b)
{
	const struct nhi_iam_action *x = a, *y = b;

	return strcasecmp(x->name, y->name);
}

static int svc_by_name(const void *a, const void *b)
{
	const struct nhi_iam_service *x = a, *y = b;

	return strcmp(x->name, y->name);
}

static void index_catalog(void)
{
	size_t i, j;

	qsort(cat.v, cat.n, sizeof(*cat.v), by_lower);
	cat.lower = xcalloc(cat.n ? cat.n : 1, sizeof(*cat.lower));
	cat.nslot = 16;
	while (cat.nslot < cat.n * 2)
		cat.nslot *= 2;
	cat.slot = xcalloc(cat.nslot, sizeof(*cat.slot));
	cat.svc = xcalloc(cat.n ? cat.n : 1, sizeof(*cat.svc));
	for (i = 0; i < cat.n; i++) {
		struct nhi_iam_action *a = &cat.v[i];
		a->id = (unsigned)i;
		cat.lower[i] = lower_dup(a->name);
		/* Duplicates (same name in another case) keep the first. */
		for (j = hash_lower(a->name) & (cat.nslot - 1); cat.slot[j];
		     j = (j + 1) & (cat.nslot - 1))
			if (!strcmp(cat.lower[cat.slot[j] - 1], cat.lower[i]))
				break;
		if (!cat.slot[j])
			cat.slot[j] = (unsigned)i + 1;
		if (!cat.nsvc || strcmp(cat.svc[cat.nsvc - 1].name, a->service)) {
			cat.svc[cat.nsvc].name = a->service;
			cat.svc[cat.nsvc].first = (unsigned)i;
			cat.nsvc++;
		}
		cat.svc[cat.nsvc - 1].n++;
		cat.svc[cat.nsvc - 1].nlevel[a->access]++;
	}
	qsort(cat.svc, cat.nsvc, sizeof(*cat.svc), svc_by_name);
}

static const char *load(const char *path)
{
	static char err[512];
	struct nhi_buf b = NHI_BUF_INIT;
	const char *why, *name, *colon;
	char *line, *nl;
	size_t alloc = 0;
	json_t *o;

	if (!path)
		path = nhi_data_path(CATALOG_FILE);
	if (!path)
		return CATALOG_FILE ": not found (set NHI_DATA_DIR)";
	why = nhi_input_slurp(path, CATALOG_MAX_BYTES, &b);
	if (why) {
		snprintf(err, sizeof(err), "%s: %s", path, why);
		nhi_buf_release(&b);
		return err;
	}
	for (line = b.buf; *line; line = nl) {
		nl = strchr(line, '\n');
		nl = nl ? (*nl = '\0', nl + 1) : line + strlen(line);
		if (!*line)
			continue;
		o = json_loads(line, 0, NULL);
		name = json_string_value(json_object_get(o, "action"));
		colon = name ? strchr(name, ':') : NULL;
		if (!colon || colon == name || cat.n >= CATALOG_MAX_ACTIONS) {
			json_decref(o);
			continue;
		}
		if (cat.n == alloc) {
			alloc = alloc ? alloc * 2 : 32768;
			cat.v = xreallocarray(cat.v, alloc, sizeof(*cat.v));
		}
		struct nhi_iam_action *a = &cat.v[cat.n++];
		memset(a, 0, sizeof(*a));
		a->name = xstrdup(name);
		char *svc = xstrndup(name, (size_t)(colon - name));
		for (char *p = svc; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		a->service = svc;
		const char *acc = json_string_value(json_object_get(o, "access"));
		a->access = acc ? nhi_iam_access_parse(acc) : NHI_IAM_ACCESS_UNKNOWN;
		a->resources = str_array(json_object_get(o, "resources"), &a->nresources);
		a->req = str_array(json_object_get(o, "req"), &a->nreq);
		a->dep = str_array(json_object_get(o, "dep"), &a->ndep);
		json_decref(o);
	}
	nhi_buf_release(&b);
	if (!cat.n) {
		snprintf(err, sizeof(err), "%s: no actions", path);
		return err;
	}
	index_catalog();
	return NULL;
}

const char *nhi_iam_catalog_load(const char *path)
{
	if (!cat.tried) {
		cat.tried = true;
		cat.error = load(path);
	}
	return cat.error;
}

static void ensure(void)
{
	if (!cat.tried)
		nhi_iam_catalog_load(NULL);
}

size_t nhi_iam_catalog_count(void)
{
	ensure();
	return cat.lower ? cat.n : 0;
}

const struct nhi_iam_action *nhi_iam_catalog_at(size_t id)
{
	return id < nhi_iam_catalog_count() ? &cat.v[id] : NULL;
}

const struct nhi_iam_action *nhi_iam_catalog_find(const char *action)
{
	size_t j;

	if (!nhi_iam_catalog_count())
		return NULL;
	for (j = hash_lower(action) & (cat.nslot - 1); cat.slot[j];
	     j = (j + 1) & (cat.nslot - 1))
		if (!strcasecmp(cat.lower[cat.slot[j] - 1], action))
			return &cat.v[cat.slot[j] - 1];
	return NULL;
}

size_t nhi_iam_catalog_service_count(void)
{
	return nhi_iam_catalog_count() ? cat.nsvc : 0;
}

const struct nhi_iam_service *nhi_iam_catalog_service_at(size_t i)
{
	return i < nhi_iam_catalog_service_count() ? &cat.svc[i] : NULL;
}

static int svc_key(const void *k, const void *e)
{
	const struct nhi_iam_service *s = e;

	return strcasecmp(k, s->name);
}

const struct nhi_iam_service *nhi_iam_catalog_service(const char *prefix)
{
	if (!nhi_iam_catalog_service_count())
		return NULL;
	return bsearch(prefix, cat.svc, cat.nsvc, sizeof(*cat.svc), svc_key);
}

size_t nhi_iam_catalog_expand(const char *pattern,
			      int (*fn)(const struct nhi_iam_action *a, void *arg),
			      void *arg)
{
	const struct nhi_iam_service *s;
	const char *colon = strchr(pattern, ':');
	size_t first = 0, end = nhi_iam_catalog_count(), n = 0;
	char svc[128];

	if (!end)
		return 0;
	if (!strpbrk(pattern, "*?")) {
		const struct nhi_iam_action *a = nhi_iam_catalog_find(pattern);
		if (a && fn)
			fn(a, arg);
		return a != NULL;
	}
	if (colon && (size_t)(colon - pattern) < sizeof(svc) &&
	    !memchr(pattern, '*', (size_t)(colon - pattern)) &&
	    !memchr(pattern, '?', (size_t)(colon - pattern))) {
		memcpy(svc, pattern, (size_t)(colon - pattern));
		svc[colon - pattern] = '\0';
		s = nhi_iam_catalog_service(svc);
		if (!s)
			return 0;
		first = s->first;
		end = s->first + s->n;
	}
	for (size_t i = first; i < end; i++) {
		if (!nhi_iam_glob(pattern, cat.lower[i], true))
			continue;
		n++;
		if (fn && fn(&cat.v[i], arg))
			break;
	}
	return n;
}
