/* A string index (open addressing, FNV-1a) and an edge list sorted on
 * demand, enough for a few million entries in a single pass. */
#include "compat.h"

#include <stdlib.h>
#include <string.h>

#include "graph.h"
#include "xalloc.h"
#include "banned.h"

struct slot {
	char *key;
	long val;
	uint64_t h; /* the key's hash: a probe compares it before the key */
};

struct nhi_index {
	struct slot *slots;
	size_t cap, used;
	char **names;
	size_t n, nalloc;
};

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

struct nhi_index *nhi_index_new(void)
{
	struct nhi_index *ix = xcalloc(1, sizeof(*ix));

	ix->cap = 1024;
	ix->slots = xcalloc(ix->cap, sizeof(*ix->slots));
	return ix;
}

void nhi_index_free(struct nhi_index *ix)
{
	if (!ix)
		return;
	for (size_t i = 0; i < ix->cap; i++)
		free(ix->slots[i].key);
	free(ix->slots);
	free(ix->names);
	free(ix);
}

static struct slot *find_h(const struct nhi_index *ix, const char *s, uint64_t h)
{
	size_t i = h & (ix->cap - 1);

	while (ix->slots[i].key && (ix->slots[i].h != h || strcmp(ix->slots[i].key, s)))
		i = (i + 1) & (ix->cap - 1);
	return &ix->slots[i];
}

static struct slot *find(const struct nhi_index *ix, const char *s)
{
	return find_h(ix, s, hash(s));
}

static void grow(struct nhi_index *ix)
{
	struct slot *old = ix->slots;
	size_t ocap = ix->cap;

	ix->cap *= 2;
	ix->slots = xcalloc(ix->cap, sizeof(*ix->slots));
	for (size_t i = 0; i < ocap; i++)
		if (old[i].key)
			*find_h(ix, old[i].key, old[i].h) = old[i];
	free(old);
}

long nhi_index_get(const struct nhi_index *ix, const char *s)
{
	struct slot *sl = find(ix, s);

	return sl->key ? sl->val : -1;
}

static struct slot *insert(struct nhi_index *ix, const char *s, int *added)
{
	struct slot *sl;
	uint64_t h;

	if ((ix->used + 1) * 4 > ix->cap * 3)
		grow(ix);
	h = hash(s);
	sl = find_h(ix, s, h);
	*added = !sl->key;
	if (!sl->key) {
		sl->key = xstrdup(s);
		sl->val = -1;
		sl->h = h;
		ix->used++;
	}
	return sl;
}

long nhi_index_put(struct nhi_index *ix, const char *s, int *added)
{
	int dummy;
	struct slot *sl = insert(ix, s, added ? added : &dummy);

	if (sl->val >= 0)
		return sl->val;
	if (ix->n == ix->nalloc) {
		ix->nalloc = ix->nalloc ? ix->nalloc * 2 : 256;
		ix->names = xreallocarray(ix->names, ix->nalloc, sizeof(*ix->names));
	}
	ix->names[ix->n] = sl->key;
	sl->val = (long)ix->n++;
	if (added)
		*added = 1;
	return sl->val;
}

long nhi_index_alias(struct nhi_index *ix, const char *s, long v)
{
	int added;
	struct slot *sl = insert(ix, s, &added);
	long old = sl->val;

	sl->val = v;
	return old;
}

const char *nhi_index_name(const struct nhi_index *ix, long i)
{
	return i >= 0 && (size_t)i < ix->n ? ix->names[i] : NULL;
}

size_t nhi_index_size(const struct nhi_index *ix)
{
	return ix->n;
}

struct nhi_graph {
	struct nhi_edge *e;
	size_t n, alloc;
	size_t sorted;    /* e[0..sorted) is in (from, insertion) order */
	size_t *first;    /* first[node]..first[node+1]: its edges */
	size_t nfirst;
};

struct nhi_graph *nhi_graph_new(void)
{
	return xcalloc(1, sizeof(struct nhi_graph));
}

void nhi_graph_free(struct nhi_graph *g)
{
	if (!g)
		return;
	free(g->e);
	free(g->first);
	free(g);
}

void nhi_graph_add(struct nhi_graph *g, uint32_t from, uint32_t to, uint32_t label)
{
	if (g->n == g->alloc) {
		g->alloc = g->alloc ? g->alloc * 2 : 256;
		g->e = xreallocarray(g->e, g->alloc, sizeof(*g->e));
	}
	g->e[g->n].from = from;
	g->e[g->n].to = to;
	g->e[g->n].label = label;
	g->n++;
}

/* A counting sort by source keeps insertion order within a node. */
static void settle(struct nhi_graph *g)
{
	uint32_t maxn = 0;
	struct nhi_edge *out;
	size_t *pos;

	if (g->sorted == g->n && g->first)
		return;
	for (size_t i = 0; i < g->n; i++)
		if (g->e[i].from + 1 > maxn)
			maxn = g->e[i].from + 1;
	free(g->first);
	g->nfirst = maxn;
	g->first = xcalloc((size_t)maxn + 1, sizeof(*g->first));
	for (size_t i = 0; i < g->n; i++)
		g->first[g->e[i].from + 1]++;
	for (size_t i = 0; i < maxn; i++)
		g->first[i + 1] += g->first[i];
	pos = xmalloc(((size_t)maxn + 1) * sizeof(*pos));
	memcpy(pos, g->first, ((size_t)maxn + 1) * sizeof(*pos));
	out = xmalloc((g->n ? g->n : 1) * sizeof(*out));
	for (size_t i = 0; i < g->n; i++)
		out[pos[g->e[i].from]++] = g->e[i];
	free(pos);
	free(g->e);
	g->e = out;
	g->alloc = g->n ? g->n : 1;
	g->sorted = g->n;
}

const struct nhi_edge *nhi_graph_out(struct nhi_graph *g, uint32_t n, size_t *count)
{
	settle(g);
	if (n >= g->nfirst) {
		*count = 0;
		return NULL;
	}
	*count = g->first[n + 1] - g->first[n];
	return g->e + g->first[n];
}

static size_t expand(struct nhi_graph *g, uint32_t start, uint32_t cur,
		     unsigned d, size_t nv, size_t maxvisit, uint32_t *visit,
		     struct nhi_edge *via, unsigned *depth)
{
	size_t cnt;
	const struct nhi_edge *e = nhi_graph_out(g, cur, &cnt);

	for (size_t i = 0; i < cnt && nv < maxvisit; i++) {
		size_t k;

		if (e[i].to == start)
			continue;
		/* Linear: maxvisit is small (a few hundred). */
		for (k = 0; k < nv && visit[k] != e[i].to; k++)
			;
		if (k < nv)
			continue;
		visit[nv] = e[i].to;
		via[nv] = e[i];
		depth[nv] = d + 1;
		nv++;
	}
	return nv;
}

size_t nhi_graph_walk(struct nhi_graph *g, uint32_t start, unsigned maxdepth,
		      size_t maxvisit, uint32_t *visit, struct nhi_edge *via)
{
	size_t nv = 0;
	unsigned *depth;

	if (!maxvisit || !maxdepth)
		return 0;
	depth = xmalloc(maxvisit * sizeof(*depth));
	nv = expand(g, start, start, 0, 0, maxvisit, visit, via, depth);
	for (size_t head = 0; head < nv; head++)
		if (depth[head] < maxdepth)
			nv = expand(g, start, visit[head], depth[head], nv,
				    maxvisit, visit, via, depth);
	free(depth);
	return nv;
}
