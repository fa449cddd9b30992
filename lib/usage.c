#include "compat.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "record.h"
#include "timefmt.h"
#include "usage.h"
#include "xalloc.h"
#include "banned.h"

#define CHUNK 4096

struct nhi_usage {
	char **strs; /* interned strings, open addressing */
	size_t nstrs, astrs;
	struct nhi_usage_entry **tab; /* entries, open addressing */
	size_t n, alloc;
	struct nhi_usage_entry **chunks; /* entries are allocated CHUNK at a time */
	size_t nchunks, used;
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211u;
	return h;
}

static uint64_t hash_ptrs(const char *a, const char *b, const char *c,
			  const char *d)
{
	uint64_t h = (uint64_t)(uintptr_t)a * 0x9e3779b97f4a7c15u;

	h ^= (uint64_t)(uintptr_t)b + 0x7f4a7c15u + (h << 6) + (h >> 2);
	h ^= (uint64_t)(uintptr_t)c + 0x9e3779b9u + (h << 6) + (h >> 2);
	h ^= (uint64_t)(uintptr_t)d + 0x85ebca6bu + (h << 6) + (h >> 2);
	return h ^ (h >> 31);
}

struct nhi_usage *nhi_usage_new(void)
{
	struct nhi_usage *u = xcalloc(1, sizeof(*u));

	u->astrs = 1024;
	u->strs = xcalloc(u->astrs, sizeof(*u->strs));
	u->alloc = 1024;
	u->tab = xcalloc(u->alloc, sizeof(*u->tab));
	return u;
}

void nhi_usage_free(struct nhi_usage *u)
{
	if (!u)
		return;
	for (size_t i = 0; i < u->astrs; i++)
		free(u->strs[i]);
	for (size_t i = 0; i < u->alloc; i++)
		if (u->tab[i])
			free(u->tab[i]->days);
	for (size_t i = 0; i < u->nchunks; i++)
		free(u->chunks[i]);
	free(u->chunks);
	free(u->strs);
	free(u->tab);
	free(u);
}

const char *nhi_usage_intern(struct nhi_usage *u, const char *s)
{
	size_t i;

	if (!s)
		return NULL;
	if (2 * (u->nstrs + 1) > u->astrs) {
		size_t na = u->astrs * 2;
		char **ns = xcalloc(na, sizeof(*ns));

		for (size_t k = 0; k < u->astrs; k++) {
			if (!u->strs[k])
				continue;
			i = hash_str(u->strs[k]) & (na - 1);
			while (ns[i])
				i = (i + 1) & (na - 1);
			ns[i] = u->strs[k];
		}
		free(u->strs);
		u->strs = ns;
		u->astrs = na;
	}
	i = hash_str(s) & (u->astrs - 1);
	while (u->strs[i]) {
		if (!strcmp(u->strs[i], s))
			return u->strs[i];
		i = (i + 1) & (u->astrs - 1);
	}
	u->nstrs++;
	return u->strs[i] = xstrdup(s);
}

static struct nhi_usage_entry *entry_new(struct nhi_usage *u)
{
	if (!u->nchunks || u->used == CHUNK) {
		u->chunks = xreallocarray(u->chunks, u->nchunks + 1, sizeof(*u->chunks));
		u->chunks[u->nchunks++] = xcalloc(CHUNK, sizeof(struct nhi_usage_entry));
		u->used = 0;
	}
	return &u->chunks[u->nchunks - 1][u->used++];
}

static struct nhi_usage_entry *lookup(struct nhi_usage *u, const char *id,
				      const char *action, const char *res,
				      const char *via)
{
	struct nhi_usage_entry *e;
	size_t i;

	id = nhi_usage_intern(u, id);
	action = nhi_usage_intern(u, action);
	res = nhi_usage_intern(u, res);
	via = nhi_usage_intern(u, via);
	if (2 * (u->n + 1) > u->alloc) {
		size_t na = u->alloc * 2;
		struct nhi_usage_entry **nt = xcalloc(na, sizeof(*nt));

		for (size_t k = 0; k < u->alloc; k++) {
			if (!(e = u->tab[k]))
				continue;
			i = hash_ptrs(e->identity, e->action, e->resource, e->via) & (na - 1);
			while (nt[i])
				i = (i + 1) & (na - 1);
			nt[i] = e;
		}
		free(u->tab);
		u->tab = nt;
		u->alloc = na;
	}
	i = hash_ptrs(id, action, res, via) & (u->alloc - 1);
	while ((e = u->tab[i])) {
		if (e->identity == id && e->action == action &&
		    e->resource == res && e->via == via)
			return e;
		i = (i + 1) & (u->alloc - 1);
	}
	e = entry_new(u);
	e->identity = id;
	e->action = action;
	e->resource = res;
	e->via = via;
	u->n++;
	return u->tab[i] = e;
}

static int32_t day_of(int64_t t)
{
	return (int32_t)(t / 86400);
}

static void set_day(struct nhi_usage_entry *e, int32_t d)
{
	int32_t base = d - d % 64;

	if (!e->nwords) {
		e->day0 = base;
		e->nwords = 1;
		e->days = xcalloc(1, sizeof(*e->days));
	} else if (d < e->day0) {
		uint32_t add = (uint32_t)((e->day0 - base) / 64);

		e->days = xreallocarray(e->days, e->nwords + add, sizeof(*e->days));
		memmove(e->days + add, e->days, e->nwords * sizeof(*e->days));
		memset(e->days, 0, add * sizeof(*e->days));
		e->nwords += add;
		e->day0 = base;
	} else if (d >= e->day0 + 64 * (int32_t)e->nwords) {
		uint32_t nw = (uint32_t)((base - e->day0) / 64) + 1;

		e->days = xreallocarray(e->days, nw, sizeof(*e->days));
		memset(e->days + e->nwords, 0, (nw - e->nwords) * sizeof(*e->days));
		e->nwords = nw;
	}
	d -= e->day0;
	e->days[d / 64] |= UINT64_C(1) << (d % 64);
}

static int has_day(const struct nhi_usage_entry *e, int32_t d)
{
	if (!e->nwords || d < e->day0 || d >= e->day0 + 64 * (int32_t)e->nwords)
		return 0;
	d -= e->day0;
	return (e->days[d / 64] >> (d % 64)) & 1;
}

unsigned nhi_usage_days(const struct nhi_usage_entry *e)
{
	unsigned n = 0;

	for (uint32_t i = 0; i < e->nwords; i++)
		n += (unsigned)__builtin_popcountll(e->days[i]);
	return n;
}

static void note_time(struct nhi_usage_entry *e, int64_t t)
{
	if (t <= 0)
		return;
	if (!e->first || t < e->first)
		e->first = t;
	if (t > e->last)
		e->last = t;
	set_day(e, day_of(t));
}

void nhi_usage_add(struct nhi_usage *u, const char *identity,
		   const char *action, const char *resource, const char *via,
		   int64_t t, uint64_t count)
{
	struct nhi_usage_entry *e = lookup(u, identity, action,
					   resource ? resource : "*", via);

	e->count += count;
	note_time(e, t);
}

static int valid_time(int64_t t)
{
	return t > 0 && t < NHI_USAGE_TIME_MAX;
}

const char *nhi_usage_add_record(struct nhi_usage *u, const json_t *rec)
{
	const char *id = nhi_get_str(rec, "identity"), *action = nhi_get_str(rec, "action"),
		   *res = nhi_get_str(rec, "resource"), *via = nhi_get_str(rec, "via"),
		   *map = nhi_get_str(rec, "daymap");
	json_t *cnt = json_object_get(rec, "count");
	int64_t first = nhi_get_time(rec, "first"), last = nhi_get_time(rec, "last");
	struct nhi_usage_entry *e;
	int32_t d0 = 0, d1 = 0;

	if (!id || !*id)
		return "usage has no \"identity\"";
	if (!action || !*action)
		return "usage has no \"action\"";
	if (!strchr(action, ':'))
		return "usage action is not \"service:Name\"";
	if (!res || !*res)
		return "usage has no \"resource\"";
	if (!json_is_integer(cnt) || json_integer_value(cnt) < 1)
		return "usage \"count\" is not a positive integer";
	if ((json_object_get(rec, "first") && !valid_time(first)) ||
	    (json_object_get(rec, "last") && !valid_time(last)))
		return "usage \"first\" or \"last\" is not a time in range";
	if (!first != !last || (first && last < first))
		return "usage \"first\" and \"last\" disagree";
	if (map) {
		if (!first)
			return "usage \"daymap\" without \"first\"";
		d0 = day_of(first);
		d1 = day_of(last);
		for (size_t k = 0; map[k]; k++)
			if (!strchr("0123456789abcdef", map[k]))
				return "usage \"daymap\" is not lower-case hex";
		if (strlen(map) != (size_t)(d1 - d0) / 4 + 1)
			return "usage \"daymap\" does not span first..last";
	}
	e = lookup(u, id, action, res, via && *via ? via : NULL);
	e->count += (uint64_t)json_integer_value(cnt);
	if (!first)
		return NULL;
	note_time(e, first);
	note_time(e, last);
	if (map) {
		for (size_t k = 0; map[k]; k++) {
			int v = map[k] <= '9' ? map[k] - '0' : map[k] - 'a' + 10;

			for (int j = 0; j < 4; j++)
				if (v & (8 >> j) && d0 + (int32_t)(4 * k) + j <= d1)
					set_day(e, d0 + (int32_t)(4 * k) + j);
		}
	}
	return NULL;
}

static const char *add_calls(struct nhi_usage *u, const char *id,
			     const json_t *acts, const json_t *ress,
			     const char *via, int64_t t)
{
	size_t i, j;
	json_t *a, *r;

	json_array_foreach(acts, i, a) {
		if (!json_is_string(a) || !strchr(json_string_value(a), ':'))
			return "event action is not \"service:Name\"";
	}
	json_array_foreach(ress, j, r) {
		if (!json_is_string(r) || !*json_string_value(r))
			return "event resource is not a non-empty string";
	}
	json_array_foreach(acts, i, a) {
		if (!json_array_size(ress))
			nhi_usage_add(u, id, json_string_value(a), "*",
				      via ? via : NULL, t, 1);
		json_array_foreach(ress, j, r)
			nhi_usage_add(u, id, json_string_value(a),
				      json_string_value(r), via, t, 1);
	}
	return NULL;
}

static void collect(json_t *into, const json_t *rec, const char *one,
		    const char *many)
{
	json_t *v = one ? json_object_get(rec, one) : NULL, *arr = json_object_get(rec, many), *x;
	size_t i, k;

	if (json_is_string(v))
		json_array_append(into, v);
	else if (v)
		json_array_append_new(into, json_integer(0));
	if (json_is_array(arr)) {
		json_array_foreach(arr, i, x) {
			int dup = 0;

			for (k = 0; k < json_array_size(into); k++)
				if (json_equal(json_array_get(into, k), x))
					dup = 1;
			if (!dup)
				json_array_append(into, x);
		}
	} else if (arr) {
		json_array_append_new(into, json_integer(0));
	}
}

const char *nhi_usage_add_event(struct nhi_usage *u, const json_t *rec,
				int (*keep)(const char *identity, int64_t t,
					    void *arg),
				void *arg)
{
	const char *id = nhi_get_str(rec, "identity"),
		   *outcome = nhi_get_str(rec, "outcome"), *why;
	int64_t t = nhi_get_time(rec, "time");
	json_t *acts, *ress, *maybe;
	size_t i;
	json_t *a;

	if (!id || !*id)
		return "event has no \"identity\"";
	if (!t)
		return "event has no valid \"time\"";
	if (!valid_time(t))
		return "event \"time\" is out of range";
	if (outcome && !strcmp(outcome, "denied"))
		return NULL;
	if (keep && !keep(id, t, arg))
		return NULL;
	acts = json_array();
	ress = json_array();
	maybe = json_array();
	collect(acts, rec, "action", "actions");
	collect(ress, rec, "resource", "resources");
	collect(maybe, rec, NULL, "maybe");
	/* "actions":[] is a call that needs no permission (ConsoleLogin,
	 * GetCallerIdentity): nothing to grant, nothing wrong. */
	if (!json_array_size(acts) && json_is_array(json_object_get(rec, "actions")) &&
	    !json_object_get(rec, "action")) {
		json_decref(acts);
		json_decref(ress);
		json_decref(maybe);
		return NULL;
	}
	why = json_array_size(acts) ? NULL : "event has no \"action\"";
	json_array_foreach(maybe, i, a) {
		if (!why && (!json_is_string(a) || !strchr(json_string_value(a), ':')))
			why = "event \"maybe\" holds a non-action";
	}
	if (!why)
		why = add_calls(u, id, acts, ress, NULL, t);
	if (!why && json_array_size(maybe)) {
		/* A maybe action of the call's own service acts on the call's
		 * resources (s3:HeadObject needs s3:GetObject on the object);
		 * another service's (kms:Decrypt, iam:PassRole) on a resource
		 * the event does not name, so "*". */
		const char *by = json_string_value(json_array_get(acts, 0)),
			   *colon = strchr(by, ':');
		json_t *same = json_array(), *other = json_array(), *none = json_array();

		json_array_foreach(maybe, i, a) {
			const char *m = json_string_value(a);

			json_array_append(strncmp(m, by, (size_t)(colon - by) + 1) ? other : same, a);
		}
		why = add_calls(u, id, same, ress, by, t);
		if (!why)
			why = add_calls(u, id, other, none, by, t);
		json_decref(same);
		json_decref(other);
		json_decref(none);
	}
	json_decref(acts);
	json_decref(ress);
	json_decref(maybe);
	return why;
}

/* skip_value: past one JSON value at p, or NULL when it is not of the
 * narrow shape the fast path takes: strings of printable ASCII without
 * escapes, true, false, null, integers of at most 18 digits, objects and
 * arrays of those no deeper than 16, no white space.  Anything else goes
 * to jansson, which also says what is wrong with it. */
static const char *skip_value(const char *p, const char *end, int depth)
{
	if (p >= end || depth > 16)
		return NULL;
	switch (*p) {
	case '"':
		for (p++; p < end && *p != '"'; p++)
			if (*p == '\\' || (unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f)
				return NULL;
		return p < end ? p + 1 : NULL;
	case 't':
		return end - p >= 4 && !memcmp(p, "true", 4) ? p + 4 : NULL;
	case 'f':
		return end - p >= 5 && !memcmp(p, "false", 5) ? p + 5 : NULL;
	case 'n':
		return end - p >= 4 && !memcmp(p, "null", 4) ? p + 4 : NULL;
	case '{':
	case '[': {
		char close = *p == '{' ? '}' : ']';

		if (++p < end && *p == close)
			return p + 1;
		for (;;) {
			if (close == '}') {
				if (!(p = skip_value(p, end, depth + 1)) || p[-1] != '"' ||
				    p >= end || *p++ != ':')
					return NULL;
			}
			if (!(p = skip_value(p, end, depth + 1)) || p >= end)
				return NULL;
			if (*p == close)
				return p + 1;
			if (*p++ != ',')
				return NULL;
		}
	}
	default: {
		const char *q = p + (*p == '-');
		size_t n = 0;

		while (q + n < end && q[n] >= '0' && q[n] <= '9')
			n++;
		if (!n || n > 18 || (n > 1 && *q == '0'))
			return NULL;
		if (q + n < end && strchr(".eE", q[n]))
			return NULL;
		return q + n;
	}
	}
}

const char *nhi_usage_add_event_line(struct nhi_usage *u, const char *data,
				     size_t len,
				     int (*keep)(const char *identity, int64_t t,
						 void *arg),
				     void *arg, int *handled)
{
	static const char *const names[] = { "kind", "identity", "time", "action",
					     "resource", "outcome" };
	const char *p = data, *end = data + len, *val[6] = { 0 };
	size_t vlen[6] = { 0 };
	char buf[6][512];
	int64_t t = 0;
	enum nhi_time_kind tk;

	*handled = 0;
	if (len < 2 || *p++ != '{' || end[-1] != '}')
		return NULL;
	end--;
	while (p < end) {
		const char *k = p + 1, *ke, *v;
		int which = -1;

		if (*p != '"' || !(ke = memchr(k, '"', (size_t)(end - k))) || ke[1] != ':')
			return NULL;
		for (int i = 0; i < 6; i++)
			if ((size_t)(ke - k) == strlen(names[i]) && !memcmp(k, names[i], (size_t)(ke - k)))
				which = i;
		if ((size_t)(ke - k) == 7 && !memcmp(k, "actions", 7))
			return NULL;
		if ((size_t)(ke - k) == 9 && !memcmp(k, "resources", 9))
			return NULL;
		if ((size_t)(ke - k) == 5 && !memcmp(k, "maybe", 5))
			return NULL;
		for (const char *q = k; q < ke; q++)
			if (*q == '\\' || (unsigned char)*q < 0x20 || (unsigned char)*q >= 0x7f)
				return NULL;
		v = ke + 2;
		if (!(p = skip_value(v, end, 0)))
			return NULL;
		if (which >= 0) {
			/* a string of printable ASCII, seen once */
			if (val[which] || *v != '"' || (size_t)(p - v) - 2 >= sizeof(buf[0]))
				return NULL;
			val[which] = v + 1;
			vlen[which] = (size_t)(p - v) - 2;
		}
		if (p < end && *p++ != ',')
			return NULL;
		if (p == end && p[-1] == ',')
			return NULL;
	}
	if (p != end)
		return NULL;
	if (!val[0] || val[0] != data + 9 || vlen[0] != 5 || memcmp(val[0], "event", 5))
		return NULL;
	for (int i = 0; i < 6; i++) {
		memcpy(buf[i], val[i] ? val[i] : "", vlen[i]);
		buf[i][vlen[i]] = 0;
	}
	*handled = 1;
	if (!val[1] || !*buf[1])
		return "event has no \"identity\"";
	if (val[2]) {
		tk = nhi_time_parse(buf[2], &t);
		if (tk != NHI_TIME_SET && tk != NHI_TIME_NEVER)
			t = 0;
	}
	if (!t)
		return "event has no valid \"time\"";
	if (!valid_time(t))
		return "event \"time\" is out of range";
	if (val[5] && !strcmp(buf[5], "denied"))
		return NULL;
	if (keep && !keep(buf[1], t, arg))
		return NULL;
	if (!val[3])
		return "event has no \"action\"";
	if (!strchr(buf[3], ':'))
		return "event action is not \"service:Name\"";
	if (val[4] && !*buf[4])
		return "event resource is not a non-empty string";
	nhi_usage_add(u, buf[1], buf[3], val[4] ? buf[4] : "*", NULL, t, 1);
	return NULL;
}

size_t nhi_usage_count(const struct nhi_usage *u)
{
	return u->n;
}

static int strcmp0(const char *a, const char *b)
{
	if (!a || !b)
		return !a && !b ? 0 : !a ? -1 : 1;
	return strcmp(a, b);
}

static int cmp_entry(const void *pa, const void *pb)
{
	const struct nhi_usage_entry *a = *(struct nhi_usage_entry *const *)pa,
				     *b = *(struct nhi_usage_entry *const *)pb;
	int c;

	if ((c = strcmp(a->identity, b->identity)) ||
	    (c = strcmp(a->action, b->action)) ||
	    (c = strcmp(a->resource, b->resource)))
		return c;
	return strcmp0(a->via, b->via);
}

struct nhi_usage_entry **nhi_usage_sorted(struct nhi_usage *u, size_t *n)
{
	struct nhi_usage_entry **v = xcalloc(u->n + 1, sizeof(*v));
	size_t k = 0;

	for (size_t i = 0; i < u->alloc; i++)
		if (u->tab[i])
			v[k++] = u->tab[i];
	qsort(v, k, sizeof(*v), cmp_entry);
	*n = k;
	return v;
}

json_t *nhi_usage_record(const struct nhi_usage_entry *e)
{
	json_t *r = nhi_record_new("usage");
	struct nhi_buf map = NHI_BUF_INIT;

	nhi_set_str(r, "identity", e->identity);
	nhi_set_str(r, "action", e->action);
	nhi_set_str(r, "resource", e->resource);
	nhi_set_str(r, "via", e->via);
	nhi_set_int(r, "count", (long long)e->count);
	nhi_set_time(r, "first", e->first);
	nhi_set_time(r, "last", e->last);
	if (e->first) {
		int32_t d0 = day_of(e->first), d1 = day_of(e->last);

		nhi_set_int(r, "days", nhi_usage_days(e));
		for (int32_t d = d0; d <= d1; d += 4) {
			int v = 0;

			for (int j = 0; j < 4; j++)
				if (has_day(e, d + j))
					v |= 8 >> j;
			nhi_buf_addch(&map, "0123456789abcdef"[v]);
		}
		nhi_set_str(r, "daymap", map.buf);
		nhi_buf_release(&map);
	}
	return r;
}
