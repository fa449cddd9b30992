/* What a policy set can do, summarised; see reach.h. */
#include "compat.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "iam/cond.h"
#include "iam/match.h"
#include "iam/reach.h"
#include "xalloc.h"
#include "banned.h"

#define MAX_GRANTS 256

/* The actions one statement names, over the catalog: a bitmap, or the
 * complement of one for NotAction. */
struct sbits {
	uint64_t *bits;
	bool invert;
};

struct centry {
	char hash[17];
	unsigned n;
	struct sbits *s;
};

struct nhi_iam_reach_cache {
	size_t max, used, nslot;
	struct centry *slot;
};

struct nhi_iam_reach {
	size_t n, nw;          /* catalog size, in bits and in words */
	/* Actions granted at least ALL, at least SOME, at least CONDITIONAL:
	 * intersecting layers is then a word-wise AND. */
	uint64_t *ge_all, *ge_some, *ge_cond;
	size_t count[4];
	bool admin;
	char *admin_why;
	const char *summary;
	json_t *grants;
	bool grants_truncated;
};

const char *nhi_iam_grant_str(enum nhi_iam_grant g)
{
	static const char *const s[] = {"none", "conditional", "some", "all"};

	return (unsigned)g < ARRAY_SIZE(s) ? s[g] : "none";
}

static size_t words(size_t n)
{
	return (n + 63) / 64;
}

static int set_bit(const struct nhi_iam_action *a, void *arg)
{
	uint64_t *bits = arg;

	bits[a->id / 64] |= (uint64_t)1 << (a->id % 64);
	return 0;
}

static void stmt_bits(const struct nhi_iam_stmt *s, size_t n, struct sbits *out)
{
	out->bits = xcalloc(words(n) ? words(n) : 1, sizeof(uint64_t));
	out->invert = s->not_action;
	for (unsigned i = 0; i < s->nactions; i++)
		nhi_iam_catalog_expand(s->actions[i], set_bit, out->bits);
}

static void free_sbits(struct sbits *s, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		free(s[i].bits);
	free(s);
}

struct nhi_iam_reach_cache *nhi_iam_reach_cache_new(size_t max)
{
	struct nhi_iam_reach_cache *c = xcalloc(1, sizeof(*c));

	c->max = max ? max : 1;
	c->nslot = 16;
	while (c->nslot < c->max * 2)
		c->nslot *= 2;
	c->slot = xcalloc(c->nslot, sizeof(*c->slot));
	return c;
}

static void cache_clear(struct nhi_iam_reach_cache *c)
{
	for (size_t i = 0; i < c->nslot; i++)
		if (c->slot[i].s) {
			free_sbits(c->slot[i].s, c->slot[i].n);
			memset(&c->slot[i], 0, sizeof(c->slot[i]));
		}
	c->used = 0;
}

void nhi_iam_reach_cache_free(struct nhi_iam_reach_cache *c)
{
	if (!c)
		return;
	cache_clear(c);
	free(c->slot);
	free(c);
}

/* policy_bits: the statement bitmaps of p, from the cache when it has
 * them (*owned false) or freshly made (*owned true: the caller frees). */
static struct sbits *policy_bits(const struct nhi_iam_policy *p,
				 struct nhi_iam_reach_cache *c, size_t n,
				 bool *owned)
{
	struct sbits *s;
	size_t j = 0;

	*owned = !c;
	if (c) {
		j = (size_t)strtoull(p->hash, NULL, 16) & (c->nslot - 1);
		for (; c->slot[j].s; j = (j + 1) & (c->nslot - 1))
			if (!strcmp(c->slot[j].hash, p->hash) && c->slot[j].n == p->nstmts)
				return c->slot[j].s;
	}
	s = xcalloc(p->nstmts ? p->nstmts : 1, sizeof(*s));
	for (unsigned i = 0; i < p->nstmts; i++)
		stmt_bits(&p->stmts[i], n, &s[i]);
	if (c) {
		/* A full cache starts again empty: bounded, and simple. */
		if (c->used >= c->max) {
			cache_clear(c);
			j = (size_t)strtoull(p->hash, NULL, 16) & (c->nslot - 1);
		}
		memcpy(c->slot[j].hash, p->hash, sizeof(p->hash));
		c->slot[j].n = p->nstmts;
		c->slot[j].s = s;
		c->used++;
	}
	return s;
}

/* Per-layer bitmaps of allow grades and of denies. */
struct layer {
	uint64_t *all, *some, *cond;
};

static void or_into(uint64_t *dst, const struct sbits *s, size_t nw)
{
	for (size_t i = 0; i < nw; i++)
		dst[i] |= s->invert ? ~s->bits[i] : s->bits[i];
}

/* covers_all: a Resource pattern that matches every resource. */
static bool covers_all(const char *p, const json_t *ctx)
{
	static const char *const probes[] = {
		"arn:aws:s3:::bucket/key",
		"arn:aws:iam::123456789012:role/r",
		"arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:s",
	};

	if (!strcmp(p, "*"))
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(probes); i++)
		if (nhi_iam_resource_match(p, probes[i], ctx) != NHI_IAM_YES)
			return false;
	return true;
}

static bool stmt_all_resources(const struct nhi_iam_stmt *s, const json_t *ctx)
{
	if (!s->has_resource)
		return true;
	if (s->not_resource)
		return false;
	for (unsigned i = 0; i < s->nresources; i++)
		if (covers_all(s->resources[i], ctx))
			return true;
	return false;
}

struct walk {
	size_t n, nw;
	const json_t *ctx;
	struct nhi_iam_reach_cache *cache;
	uint64_t *deny_all, *deny_some;
};

static void add_policy(struct walk *w, const struct nhi_iam_policy *p,
		       struct layer *l)
{
	bool owned;
	struct sbits *sb = policy_bits(p, w->cache, w->n, &owned);

	for (unsigned i = 0; i < p->nstmts; i++) {
		const struct nhi_iam_stmt *s = &p->stmts[i];
		enum nhi_iam_tri c = nhi_iam_condition_eval(s->condition, w->ctx);
		bool all = stmt_all_resources(s, w->ctx);
		if (c == NHI_IAM_NO)
			continue;
		if (s->effect == NHI_IAM_DENY)
			or_into(c == NHI_IAM_YES && all ? w->deny_all : w->deny_some,
				&sb[i], w->nw);
		else if (l)
			or_into(c == NHI_IAM_MAYBE ? l->cond : all ? l->all : l->some,
				&sb[i], w->nw);
	}
	if (owned)
		free_sbits(sb, p->nstmts);
}

static void layer_init(struct layer *l, size_t nw)
{
	l->all = xcalloc(nw, sizeof(uint64_t));
	l->some = xcalloc(nw, sizeof(uint64_t));
	l->cond = xcalloc(nw, sizeof(uint64_t));
}

static void layer_release(struct layer *l)
{
	free(l->all);
	free(l->some);
	free(l->cond);
}

/* intersect: r's grades become the lesser of r's and the layer's. */
static void intersect(struct nhi_iam_reach *r, const struct layer *l)
{
	for (size_t i = 0; i < r->nw; i++) {
		uint64_t all = l->all[i], some = all | l->some[i], cond = some | l->cond[i];
		r->ge_all[i] &= all;
		r->ge_some[i] &= some;
		r->ge_cond[i] &= cond;
	}
}

static enum nhi_iam_grant grade_of(const struct nhi_iam_reach *r, size_t id)
{
	uint64_t m = (uint64_t)1 << (id % 64);

	if (r->ge_all[id / 64] & m)
		return NHI_IAM_GRANT_ALL;
	if (r->ge_some[id / 64] & m)
		return NHI_IAM_GRANT_SOME;
	if (r->ge_cond[id / 64] & m)
		return NHI_IAM_GRANT_CONDITIONAL;
	return NHI_IAM_GRANT_NONE;
}

/* next_bit: the first id >= from set in bits, or n. */
static size_t next_bit(const uint64_t *bits, size_t from, size_t n)
{
	while (from < n) {
		uint64_t w = bits[from / 64] >> (from % 64);
		if (w)
			return from + (size_t)__builtin_ctzll(w);
		from = (from / 64 + 1) * 64;
	}
	return n;
}

static json_t *strings_json(char **v, unsigned n)
{
	json_t *a = json_array();

	for (unsigned i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

static void add_grants(struct nhi_iam_reach *r, const struct nhi_iam_policy *p,
		       const json_t *ctx)
{
	for (unsigned i = 0; i < p->nstmts; i++) {
		const struct nhi_iam_stmt *s = &p->stmts[i];
		enum nhi_iam_tri c = nhi_iam_condition_eval(s->condition, ctx);
		json_t *g;
		if (s->effect != NHI_IAM_ALLOW || c == NHI_IAM_NO)
			continue;
		if (json_array_size(r->grants) >= MAX_GRANTS) {
			r->grants_truncated = true;
			return;
		}
		g = json_object();
		json_object_set_new(g, "via", json_string(p->via ? p->via : "policy"));
		if (s->sid && *s->sid)
			json_object_set_new(g, "sid", json_string(s->sid));
		else
			json_object_set_new(g, "statement", json_integer(s->index));
		json_object_set_new(g, s->not_action ? "not_actions" : "actions",
				    strings_json(s->actions, s->nactions));
		if (s->has_resource)
			json_object_set_new(g, s->not_resource ? "not_resources" : "resources",
					    strings_json(s->resources, s->nresources));
		if (c == NHI_IAM_MAYBE)
			json_object_set_new(g, "conditional", json_true());
		json_array_append_new(r->grants, g);
	}
}

/* The actions that let an identity give itself any permission, by the
 * kind of identity that holds them (0 any, 'u' user, 'r' role). */
static const struct {
	const char *action;
	char who;
	const char *what;
} self_admin[] = {
	{"iam:AttachUserPolicy", 'u', "can attach AdministratorAccess to itself"},
	{"iam:PutUserPolicy", 'u', "can write itself an inline policy granting *"},
	{"iam:AttachRolePolicy", 'r', "can attach AdministratorAccess to itself"},
	{"iam:PutRolePolicy", 'r', "can write itself an inline policy granting *"},
};

static char principal_kind(const char *arn)
{
	if (!arn)
		return 0;
	if (strstr(arn, ":user/"))
		return 'u';
	if (strstr(arn, ":role/") || strstr(arn, ":assumed-role/"))
		return 'r';
	return 0;
}

static void find_admin(struct nhi_iam_reach *r, const struct nhi_iam_set *set,
		       const char *principal, const json_t *ctx)
{
	struct nhi_iam_result res;
	struct nhi_buf b = NHI_BUF_INIT, lab = NHI_BUF_INIT;
	const struct nhi_iam_action *a;
	char kind = principal_kind(principal);

	if (r->n && r->count[NHI_IAM_GRANT_ALL] == r->n) {
		r->admin = true;
		r->admin_why = xstrdup("allows * on * with no Deny");
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(self_admin); i++) {
		if (kind && self_admin[i].who != kind)
			continue;
		a = nhi_iam_catalog_find(self_admin[i].action);
		if (!a || grade_of(r, a->id) != NHI_IAM_GRANT_ALL)
			continue;
		if (nhi_iam_reach_can(set, principal, ctx, a->name, "*", &res) !=
		    NHI_IAM_DECISION_ALLOW)
			continue;
		nhi_buf_addf(&b, "%s on *", a->name);
		for (size_t k = 0; k < res.nwhy; k++)
			if (res.why[k].policy->kind == NHI_IAM_IDENTITY) {
				nhi_buf_reset(&lab);
				nhi_buf_addf(&b, " (%s)", nhi_iam_stmt_label(res.why[k].policy,
									     res.why[k].stmt, &lab));
				break;
			}
		nhi_buf_addf(&b, ": %s", self_admin[i].what);
		r->admin = true;
		r->admin_why = nhi_buf_detach(&b, NULL);
		break;
	}
	nhi_buf_release(&b);
	nhi_buf_release(&lab);
}

static void summarise(struct nhi_iam_reach *r)
{
	enum nhi_iam_access top = NHI_IAM_ACCESS_UNKNOWN;
	bool any_cond = false;

	if (r->admin) {
		r->summary = "admin-equivalent";
		return;
	}
	for (size_t i = next_bit(r->ge_some, 0, r->n); i < r->n;
	     i = next_bit(r->ge_some, i + 1, r->n)) {
		const struct nhi_iam_action *a = nhi_iam_catalog_at(i);
		if (a->access > top)
			top = a->access;
	}
	any_cond = r->count[NHI_IAM_GRANT_CONDITIONAL] > 0;
	switch (top) {
	case NHI_IAM_PERMISSIONS: r->summary = "permissions-management"; break;
	case NHI_IAM_WRITE: case NHI_IAM_TAGGING: r->summary = "write"; break;
	case NHI_IAM_READ: r->summary = "read"; break;
	case NHI_IAM_LIST: r->summary = "list"; break;
	default: r->summary = any_cond ? "conditional" : "none"; break;
	}
}

struct nhi_iam_reach *nhi_iam_reach_compute(const struct nhi_iam_set *set,
					    const char *principal,
					    const json_t *ctx,
					    struct nhi_iam_reach_cache *cache)
{
	struct nhi_iam_reach *r = xcalloc(1, sizeof(*r));
	struct walk w = {.ctx = ctx, .cache = cache};
	struct layer id, other;
	json_t *owned_ctx = NULL;
	size_t nw;

	/* The principal's own ARN resolves ${aws:username} and friends. */
	if (principal) {
		owned_ctx = nhi_iam_ctx_principal(ctx, principal);
		w.ctx = ctx = owned_ctx;
	}
	r->n = w.n = nhi_iam_catalog_count();
	nw = r->nw = w.nw = words(r->n) ? words(r->n) : 1;
	r->ge_all = xcalloc(nw, sizeof(uint64_t));
	r->ge_some = xcalloc(nw, sizeof(uint64_t));
	r->ge_cond = xcalloc(nw, sizeof(uint64_t));
	r->grants = json_array();
	w.deny_all = xcalloc(nw, sizeof(uint64_t));
	w.deny_some = xcalloc(nw, sizeof(uint64_t));
	layer_init(&id, nw);
	for (size_t i = 0; i < set->nidentity; i++) {
		add_policy(&w, set->identity[i], &id);
		add_grants(r, set->identity[i], ctx);
	}
	for (size_t i = 0; i < nw; i++) {
		r->ge_all[i] = id.all[i];
		r->ge_some[i] = id.all[i] | id.some[i];
		r->ge_cond[i] = r->ge_some[i] | id.cond[i];
	}
	layer_release(&id);
	/* Boundary, each SCP level, and the session policy intersect. */
	const struct nhi_iam_policy *single[2] = {set->boundary, set->session};
	for (size_t k = 0; k < 2; k++) {
		if (!single[k])
			continue;
		layer_init(&other, nw);
		add_policy(&w, single[k], &other);
		intersect(r, &other);
		layer_release(&other);
	}
	if (set->nscps) {
		unsigned maxlevel = 0;
		for (size_t i = 0; i < set->nscps; i++)
			if (set->scps[i]->level > maxlevel)
				maxlevel = set->scps[i]->level;
		for (unsigned lv = 0; lv <= maxlevel; lv++) {
			bool present = false;
			layer_init(&other, nw);
			for (size_t i = 0; i < set->nscps; i++)
				if (set->scps[i]->level == lv) {
					present = true;
					add_policy(&w, set->scps[i], &other);
				}
			if (present)
				intersect(r, &other);
			layer_release(&other);
		}
	}
	/* A Deny that always applies removes; a partial one carves. */
	for (size_t i = 0; i < nw; i++) {
		uint64_t tail = (i == nw - 1 && r->n % 64) ? ((uint64_t)1 << (r->n % 64)) - 1
							   : ~(uint64_t)0;
		r->ge_all[i] &= ~w.deny_all[i] & ~w.deny_some[i] & tail;
		r->ge_some[i] &= ~w.deny_all[i] & tail;
		r->ge_cond[i] &= ~w.deny_all[i] & tail;
		size_t all = (size_t)__builtin_popcountll(r->ge_all[i]);
		size_t some = (size_t)__builtin_popcountll(r->ge_some[i]);
		size_t cond = (size_t)__builtin_popcountll(r->ge_cond[i]);
		r->count[NHI_IAM_GRANT_ALL] += all;
		r->count[NHI_IAM_GRANT_SOME] += some - all;
		r->count[NHI_IAM_GRANT_CONDITIONAL] += cond - some;
	}
	free(w.deny_all);
	free(w.deny_some);
	find_admin(r, set, principal, ctx);
	summarise(r);
	json_decref(owned_ctx);
	return r;
}

void nhi_iam_reach_free(struct nhi_iam_reach *r)
{
	if (!r)
		return;
	free(r->ge_all);
	free(r->ge_some);
	free(r->ge_cond);
	free(r->admin_why);
	json_decref(r->grants);
	free(r);
}

enum nhi_iam_grant nhi_iam_reach_action(const struct nhi_iam_reach *r,
					 unsigned id)
{
	return id < r->n ? grade_of(r, id) : NHI_IAM_GRANT_NONE;
}

static enum nhi_iam_grant rollup(const struct nhi_iam_reach *r,
				 const struct nhi_iam_service *s,
				 enum nhi_iam_access level)
{
	size_t total = level == NHI_IAM_ACCESS_UNKNOWN ? s->n : s->nlevel[level];
	size_t all = 0, some = 0, cond = 0, end = s->first + s->n;

	if (end > r->n)
		end = r->n;
	/* Only granted actions are visited: cheap for narrow policies. */
	for (size_t i = next_bit(r->ge_cond, s->first, end); i < end;
	     i = next_bit(r->ge_cond, i + 1, end)) {
		if (level != NHI_IAM_ACCESS_UNKNOWN &&
		    nhi_iam_catalog_at(i)->access != level)
			continue;
		switch (grade_of(r, i)) {
		case NHI_IAM_GRANT_ALL: all++; break;
		case NHI_IAM_GRANT_SOME: some++; break;
		default: cond++; break;
		}
	}
	if (total && all == total)
		return NHI_IAM_GRANT_ALL;
	if (all || some)
		return NHI_IAM_GRANT_SOME;
	return cond ? NHI_IAM_GRANT_CONDITIONAL : NHI_IAM_GRANT_NONE;
}

enum nhi_iam_grant nhi_iam_reach_level(const struct nhi_iam_reach *r,
					const char *service,
					enum nhi_iam_access level)
{
	const struct nhi_iam_service *s = nhi_iam_catalog_service(service);

	return s ? rollup(r, s, level) : NHI_IAM_GRANT_NONE;
}

bool nhi_iam_reach_admin(const struct nhi_iam_reach *r, const char **why)
{
	if (why)
		*why = r->admin ? r->admin_why : NULL;
	return r->admin;
}

const char *nhi_iam_reach_summary(const struct nhi_iam_reach *r)
{
	return r->summary;
}

json_t *nhi_iam_reach_json(const struct nhi_iam_reach *r)
{
	json_t *o = json_object(), *svcs = json_object(), *cnt = json_object();

	json_object_set_new(o, "summary", json_string(r->summary));
	if (r->admin) {
		json_object_set_new(o, "admin", json_true());
		json_object_set_new(o, "admin_why", json_string(r->admin_why));
	}
	for (size_t i = 0; i < nhi_iam_catalog_service_count(); i++) {
		const struct nhi_iam_service *s = nhi_iam_catalog_service_at(i);
		json_t *lv = NULL;
		for (int l = 1; l < NHI_IAM_ACCESS_MAX; l++) {
			enum nhi_iam_grant g = rollup(r, s, (enum nhi_iam_access)l);
			if (g == NHI_IAM_GRANT_NONE)
				continue;
			if (!lv)
				lv = json_object();
			json_object_set_new(lv, nhi_iam_access_str((enum nhi_iam_access)l),
					    json_string(nhi_iam_grant_str(g)));
		}
		if (lv)
			json_object_set_new(svcs, s->name, lv);
	}
	json_object_set_new(o, "services", svcs);
	json_object_set_new(cnt, "all", json_integer((json_int_t)r->count[NHI_IAM_GRANT_ALL]));
	json_object_set_new(cnt, "some", json_integer((json_int_t)r->count[NHI_IAM_GRANT_SOME]));
	json_object_set_new(cnt, "conditional", json_integer((json_int_t)r->count[NHI_IAM_GRANT_CONDITIONAL]));
	json_object_set_new(o, "actions", cnt);
	json_object_set_new(o, "grants", json_incref(r->grants));
	if (r->grants_truncated)
		json_object_set_new(o, "grants_truncated", json_true());
	return o;
}

struct can {
	const struct nhi_iam_set *set;
	struct nhi_iam_request req;
	enum nhi_iam_decision best;
	struct nhi_iam_result *res;
	bool any;
};

static int can_one(const struct nhi_iam_action *a, void *arg)
{
	struct can *c = arg;
	struct nhi_iam_result tmp;
	enum nhi_iam_decision d;

	c->req.action = a->name;
	d = nhi_iam_eval(c->set, &c->req, &tmp);
	if (!c->any || d < c->best) {
		c->best = d;
		if (c->res)
			*c->res = tmp;
	}
	c->any = true;
	return d == NHI_IAM_DECISION_ALLOW;
}

enum nhi_iam_decision nhi_iam_reach_can(const struct nhi_iam_set *set,
					const char *principal,
					const json_t *ctx,
					const char *action,
					const char *resource,
					struct nhi_iam_result *res)
{
	struct can c = {.set = set, .res = res,
			.best = NHI_IAM_DECISION_IMPLICIT_DENY};

	c.req.principal = principal;
	c.req.resource = resource;
	c.req.resource_pattern = strpbrk(resource, "*?") && strcmp(resource, "*");
	c.req.context = ctx;
	if (strpbrk(action, "*?"))
		nhi_iam_catalog_expand(action, can_one, &c);
	if (!c.any) {
		/* A name the catalog does not know is still evaluated. */
		c.req.action = action;
		c.best = nhi_iam_eval(set, &c.req, res);
	}
	return c.best;
}
