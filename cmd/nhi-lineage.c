/* nhi-lineage: merge every record that describes the same identity
 * (identity, credential, sighting, policy, trust, plus the workloads and
 * events that use it) into one lineage record per identity, with what it can
 * reach directly and through chains, a blast radius, and findings mapped to
 * the OWASP NHI Top 10.  Other records pass through unchanged. */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <ctype.h>
#include <sys/wait.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "buf.h"
#include "config.h"
#include "diag.h"
#include "finding.h"
#include "graph.h"
#include "iam/catalog.h"
#include "iam/eval.h"
#include "iam/policy.h"
#include "iam/privesc.h"
#include "jsonspan.h"
#include "ndjson.h"
#include "opts.h"
#include "record.h"
#include "spool.h"
#include "strmap.h"
#include "timefmt.h"
#include "xalloc.h"
#include "banned.h"

/* Limits, each reported in the man page. */
#define MAX_DEPTH 6          /* edges followed for transitive reach */
#define MAX_REACHED 64       /* identities listed per transitive reach */
#define MAX_TARGETS 32       /* targets listed per escalation technique */
#define MAX_EVENT_SOURCES 32 /* (ip, user agent) pairs kept per identity */

enum { NO, COND, YES };

enum {
	OPT_SINCE = NHI_OPT_PROGRAM,
	OPT_CAN,
	OPT_ON,
	OPT_EXPLAIN,
};

static const char *since_file, *can_action, *can_resource, *explain_id;

/* Kinds merged into lineage records, and kinds read but passed through. */
static const char *const consumed[] = { "identity", "credential", "sighting",
					"policy", "trust", NULL };
static const char *const observed[] = { "workload", "event", "resource", NULL };

struct stmt {
	json_t *s;       /* the statement (borrowed from its policy) */
	json_t *pol;     /* the policy record */
	int allow, cond;
};

struct stmts {
	struct stmt *v;
	size_t n, alloc;
};

struct node {
	json_t *ident;     /* the identity record (merged), or NULL; after the
			    * merge only kind, type, source and annotations */
	char *ident_text;  /* the whole record, compact, for the output */
	const char *unresolved;
	json_t *creds;     /* cred numbers */
	json_t *policies, *trust, *consumers, *evsrc;
	struct nhi_buf sources; /* the records' "source" objects, compact JSON,
				 * comma-separated: as trees they were a fifth
				 * of the memory */
	json_t *findings;  /* finding records about this identity */
	size_t npersist;   /* findings from the merge; the rest are redone */
	int findings_done;
	struct stmts st;   /* identity, group and resource policies */
	struct stmts bd;   /* permission boundary */
	/* the same policies parsed by lib/iam, for concrete questions */
	struct nhi_iam_policy **ip, *ib, **rp;
	size_t nip, nrp;
	int has_boundary;
	int acct;          /* index into the SCP table, or -1 */
	char *arn, *account;
	/* results */
	int admin, k8s_admin, escalates, esc_admin, reads_secrets, paths_truncated, other_admin;
	int unknown_policies; /* attached, but their document is not in the input */
	struct nhi_iam_policy *trustp; /* a role's trust policy */
	json_t *secret_ns; /* namespaces whose secrets it reads ("*": all) */
	struct svc {
		uint32_t name;   /* in str_ix */
		unsigned char level, write;
	} *svc;
	size_t nsvc;
	json_t *paths, *transitive, *reach;
	int sens_write, sens_read, nsvc_write, nsvc_read;
	int direct, blast;
};

struct cred {
	json_t *rec;
	long node;
	uint32_t *sv;      /* its sightings (indexes into sights) */
	size_t nsv, sv_alloc;
	json_t *workloads; /* workload ids (strings) */
	json_t *envs;      /* {"prod": evidence, "nonprod": evidence} */
};

static struct nhi_index *nodes_ix, *creds_ix, *alias_ix, *scp_ix;
static struct node *nodes;
static size_t nnodes, nodes_alloc;
static struct cred *creds;
static size_t ncreds, creds_alloc;
static json_t *scps;       /* per SCP target (scp_ix): its policy records */
static json_t *identities, *credentials, *policies, *trusts;

/* Sightings are the bulk of an estate: each is kept as one block of text
 * holding the fields the findings and the output use, never as a tree. */
enum sight_field {
	SF_RULE, SF_TYPE, SF_PATH, SF_HOST, SF_REPO, SF_OBJECT,
	SF_EVSRC,  /* its source as evidence gives it: "file:line" */
	SF_TEXT,   /* the record without "kind", compact JSON, for "storage" */
	SF_N
};
struct sight {
	char *blob;           /* the fields in enum order, each NUL-ended */
	long long line;       /* location.line, when has_line */
	uint32_t src_off, src_len; /* its "source" inside SF_TEXT (len 0: none) */
	unsigned short present; /* 1 << field for each field present */
	unsigned char vault, k8s, sm, hint, has_line, has_cred;
	char *kid, *fp, *mcp; /* for the merge, freed after it */
};
static struct sight *sights;
static size_t nsights, sights_alloc;

/* sight_get: a field of a sighting, or NULL when the record had none. */
static const char *sight_get(const struct sight *sg, enum sight_field f)
{
	const char *p = sg->blob;

	if (!(sg->present & 1u << f))
		return NULL;
	for (int i = 0; i < (int)f; i++)
		p += strlen(p) + 1;
	return p;
}

/* The sighting as a tree, for the rare paths that need one. */
static json_t *sight_load(const struct sight *sg)
{
	return json_loads(sight_get(sg, SF_TEXT), 0, NULL);
}
static json_t *workloads, *resources, *events_by; /* events_by: raw id -> evsrc */
static json_t *wl_findings;
static struct nhi_graph *graph;
static json_t *sensitive;  /* ARN patterns */
static json_t *accounts;   /* accounts of the estate */
static int64_t key_max_age;

static void stmts_add(struct stmts *s, json_t *st, json_t *pol)
{
	json_t *cond = json_object_get(st, "Condition");
	const char *eff = nhi_get_str(st, "Effect");

	if (s->n == s->alloc) {
		s->alloc = s->alloc ? s->alloc * 2 : 4;
		s->v = xreallocarray(s->v, s->alloc, sizeof(*s->v));
	}
	s->v[s->n].s = st;
	s->v[s->n].pol = pol;
	s->v[s->n].allow = !eff || strcmp(eff, "Deny");
	s->v[s->n].cond = json_is_object(cond) && json_object_size(cond) > 0;
	s->n++;
}

/* The statements of an IAM document: "Statement" as an object or a list. */
static void doc_stmts(struct stmts *s, json_t *doc, json_t *pol)
{
	json_t *st = json_object_get(doc, "Statement"), *v;
	size_t i;

	if (json_is_object(st))
		stmts_add(s, st, pol);
	else
		json_array_foreach(st, i, v)
			if (json_is_object(v))
				stmts_add(s, v, pol);
}

/* IAM wildcards: '*' any run, '?' one character; actions ignore case. */
static int glob(const char *p, const char *s, int icase)
{
	const char *star = NULL, *ss = NULL;

	while (*s) {
		if (*p == '*') {
			star = p++;
			ss = s;
		} else if (*p == '?' || (icase ? tolower((unsigned char)*p) ==
				tolower((unsigned char)*s) : *p == *s)) {
			p++;
			s++;
		} else if (star) {
			p = star + 1;
			s = ++ss;
		} else
			return 0;
	}
	while (*p == '*')
		p++;
	return !*p;
}

/* Whether a pattern in v (a string or a list) covers q, or with overlap
 * only shares some names with it. */
static int pats_match(json_t *v, const char *q, int icase, int overlap)
{
	json_t *e;
	size_t i;

	if (json_is_string(v)) {
		const char *p = json_string_value(v);

		return glob(p, q, icase) || (overlap && glob(q, p, icase));
	}
	json_array_foreach(v, i, e)
		if (json_is_string(e) && pats_match(e, q, icase, overlap))
			return 1;
	return 0;
}

static int stmt_applies(json_t *st, const char *action, const char *res, int overlap)
{
	json_t *a = json_object_get(st, "Action"), *na = json_object_get(st, "NotAction");
	json_t *r = json_object_get(st, "Resource"), *nr = json_object_get(st, "NotResource");

	if (a) {
		if (!pats_match(a, action, 1, overlap))
			return 0;
	} else if (na) {
		if (pats_match(na, action, 1, 1))
			return 0;
	} else
		return 0;
	if (r)
		return pats_match(r, res, 0, overlap);
	if (nr)
		return !pats_match(nr, res, 0, 1);
	return 1;
}

static int eval(const struct stmts *s, int allow, const char *action,
		const char *res, int overlap)
{
	int best = NO;

	for (size_t i = 0; i < s->n && best < YES; i++) {
		/* A Deny counts only where it covers the whole question,
		 * unless overlap is 2 ("does any Deny touch it?"). */
		if (s->v[i].allow != allow ||
		    !stmt_applies(s->v[i].s, action, res, allow ? overlap != 0 : overlap == 2))
			continue;
		best = s->v[i].cond ? (best > COND ? best : COND) : YES;
	}
	return best;
}

static int min2(int a, int b)
{
	return a < b ? a : b;
}

/* effective: what the identity's policies, its boundary and the SCPs of its
 * account together say about action on res: NO, COND or YES. */
static struct pset {
	struct nhi_iam_policy **v;
	size_t n;
} *scp_sets;
static size_t nscp_sets;

static void pset_add(struct nhi_iam_policy ***v, size_t *n, struct nhi_iam_policy *p)
{
	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	(*v)[(*n)++] = p;
}

/* The SCP levels of each account (node.acct indexes both): scp_sets[a]
 * for lib/iam, each policy at its level; scp_views[a] the same as
 * {"levels":[{"target","policies":[records]}], root first, the account
 * last, and "tree": false when its place in the OU tree is unknown (then
 * only the SCPs attached to the account apply). */
static struct nhi_index *acct_ix;
static json_t *scp_views;

/* scp_target: the records attached to target (scp_ix's key), or NULL. */
static json_t *scp_target(const char *target)
{
	long t = nhi_index_get(scp_ix, target);

	return t < 0 ? NULL : json_array_get(scps, (size_t)t);
}

/* scp_account: an account's levels from its org_path (NULL: unknown). */
static void scp_account(const char *acct, json_t *path, json_t *used)
{
	long a = nhi_index_put(acct_ix, acct, &(int){ 0 });
	json_t *view = json_object(), *levels = json_array(), *t, *p;
	struct nhi_buf b = NHI_BUF_INIT;
	size_t i, j, nlv = json_array_size(path) + 1;

	scp_sets = xreallocarray(scp_sets, ++nscp_sets, sizeof(*scp_sets));
	scp_sets[a].v = NULL;
	scp_sets[a].n = 0;
	for (i = 0; i < nlv; i++) {
		const char *target = i + 1 < nlv ? json_string_value(json_array_get(path, i)) : acct;
		json_t *lv = json_object(), *pols = json_array();

		nhi_buf_reset(&b);
		nhi_buf_addf(&b, "%s%s", i + 1 < nlv ? "" : "aws:account:", target ? target : "");
		nhi_set_str(lv, "target", b.buf);
		t = target ? scp_target(target) : NULL;
		json_array_foreach(t, j, p) {
			struct nhi_iam_policy *ip = nhi_iam_policy_parse(json_object_get(p, "document"),
									  NHI_IAM_SCP, nhi_get_str(p, "via"), NULL);

			if (!ip)
				continue; /* read_input() reported it */
			ip->level = (unsigned)i;
			pset_add(&scp_sets[a].v, &scp_sets[a].n, ip);
			json_array_append(pols, p);
		}
		if (!json_array_size(pols) && path && !json_object_get(used, b.buf)) {
			nhi_warn("%s has no SCP in the input: its level is not checked", b.buf);
			json_object_set_new(used, b.buf, json_true());
		}
		if (target && i + 1 < nlv)
			json_object_set_new(used, target, json_true());
		json_object_set_new(lv, "policies", pols);
		json_array_append_new(levels, lv);
	}
	json_object_set_new(view, "levels", levels);
	json_object_set_new(view, "tree", json_boolean(path != NULL));
	json_array_append_new(scp_views, view);
	nhi_buf_release(&b);
}

/* scp_build: every account's SCP levels, from the accounts' resource
 * records ("type":"aws_account", "org_path" root first) and the SCPs by
 * target; what cannot be placed is said, never counted silently. */
static void scp_build(void)
{
	json_t *paths = json_object(), *used = json_object(), *r, *path;
	size_t i, ntargets = json_array_size(scps), nou = 0;
	const char *acct;

	acct_ix = nhi_index_new();
	scp_views = json_array();
	json_array_foreach(resources, i, r) {
		const char *id = nhi_get_str(r, "id"), *type = nhi_get_str(r, "type");

		path = json_object_get(r, "org_path");
		if (type && !strcmp(type, "aws_account") && id && !strncmp(id, "aws:account:", 12) &&
		    json_is_array(path) && json_array_size(path))
			json_object_set(paths, id + 12, path);
	}
	for (i = 0; i < ntargets; i++) {
		const char *t = nhi_index_name(scp_ix, (long)i);

		if (!strncmp(t, "aws:ou:", 7) || !strncmp(t, "aws:root:", 9))
			nou++;
		else if (!json_object_get(paths, t))
			scp_account(t, NULL, used);
	}
	json_object_foreach(paths, acct, path)
		scp_account(acct, path, used);
	for (i = 0; i < ntargets; i++) {
		const char *t = nhi_index_name(scp_ix, (long)i);

		if ((!strncmp(t, "aws:ou:", 7) || !strncmp(t, "aws:root:", 9)) &&
		    !json_object_get(used, t))
			nhi_warn("SCPs attached to %s are not applied: no account's org_path holds it", t);
	}
	for (i = 0; nou && i < json_array_size(scp_views); i++)
		if (!json_is_true(json_object_get(json_array_get(scp_views, i), "tree")))
			nhi_warn("account %s: its place in the OU tree is unknown; only the SCPs attached to it apply",
				 nhi_index_name(acct_ix, (long)i));
	json_decref(paths);
	json_decref(used);
}

/* scp_levels_json: the SCP levels an identity's requests pass, root
 * first: their targets, or with full set {"level","target","policies":[via]}. */
static json_t *scp_levels_json(const struct node *n, int full)
{
	json_t *out = json_array(), *lv, *p;
	size_t i, j;

	json_array_foreach(json_object_get(json_array_get(scp_views, (size_t)n->acct), "levels"), i, lv) {
		json_t *o, *vias;

		if (!full) {
			json_array_append(out, json_object_get(lv, "target"));
			continue;
		}
		o = json_object();
		vias = json_array();
		json_object_set_new(o, "level", json_integer((json_int_t)i));
		json_object_set(o, "target", json_object_get(lv, "target"));
		json_array_foreach(json_object_get(lv, "policies"), j, p)
			json_array_append(vias, json_object_get(p, "via"));
		json_object_set_new(o, "policies", vias);
		json_array_append_new(out, o);
	}
	return out;
}

/* A concrete action goes to lib/iam's evaluator (conditions, ARN segments,
 * resource policies, SCP levels); a pattern ("s3:*", "*") is answered by
 * covering the statements' own patterns, below. */
static int iam_effective(struct node *n, const char *action, const char *res, int overlap)
{
	struct nhi_iam_set set = { 0 };
	struct nhi_iam_request req = { 0 };
	enum nhi_iam_decision d;

	set.identity = n->ip;
	set.nidentity = n->nip;
	set.boundary = n->ib;
	if (n->acct >= 0 && (size_t)n->acct < nscp_sets) {
		set.scps = scp_sets[n->acct].v;
		set.nscps = scp_sets[n->acct].n;
	}
	for (size_t i = 0; i < n->nrp; i++) {
		const char *arn = n->rp[i]->via + 9; /* "resource:ARN" */

		if (!strcmp(arn, res) || glob(arn, res, 0)) {
			set.resource = n->rp[i];
			break;
		}
	}
	req.principal = n->arn;
	req.action = action;
	req.resource = res;
	req.resource_pattern = overlap || strchr(res, '*') || strchr(res, '?');
	req.resource_account = ""; /* the caller's side only: trust is separate */
	d = nhi_iam_eval(&set, &req, NULL);
	return d == NHI_IAM_DECISION_ALLOW ? YES : d == NHI_IAM_DECISION_CONDITIONAL ? COND : NO;
}

static int effective(struct node *n, const char *action, const char *res, int overlap)
{
	int a, d;

	if (!strchr(action, '*') && !strchr(action, '?') && (n->nip || n->nrp))
		return iam_effective(n, action, res, overlap);
	a = eval(&n->st, 1, action, res, overlap);

	if (a == NO)
		return NO;
	d = eval(&n->st, 0, action, res, 0);
	if (d == YES)
		return NO;
	if (n->has_boundary) {
		a = min2(a, eval(&n->bd, 1, action, res, overlap));
		if (eval(&n->bd, 0, action, res, 0) == YES)
			return NO;
	}
	if (n->acct >= 0) {
		/* As lib/iam: every level with SCPs needs an Allow from one of
		 * them; a Deny in any wins. */
		json_t *levels = json_object_get(json_array_get(scp_views, (size_t)n->acct), "levels");
		json_t *lv, *p;
		size_t i, j;

		json_array_foreach(levels, i, lv) {
			json_t *pols = json_object_get(lv, "policies");
			int best = NO;

			json_array_foreach(pols, j, p) {
				struct stmts s = { 0 };

				doc_stmts(&s, json_object_get(p, "document"), p);
				int al = eval(&s, 1, action, res, overlap);

				if (eval(&s, 0, action, res, 0) == YES)
					a = NO;
				best = al > best ? al : best;
				free(s.v);
			}
			if (json_array_size(pols))
				a = min2(a, best);
		}
	}
	if (d == COND && a == YES)
		a = COND;
	return a;
}

/* Nodes: one per identity id, created for identity records and for every
 * reference that names an identity nobody described (kept, marked). */
static json_t *arr(json_t **a)
{
	if (!*a)
		*a = json_array();
	return *a;
}

static long node_put(const char *id, const char *unresolved)
{
	int added;
	long k = nhi_index_put(nodes_ix, id, &added);

	if (added) {
		if (nnodes == nodes_alloc) {
			nodes_alloc = nodes_alloc ? nodes_alloc * 2 : 256;
			nodes = xreallocarray(nodes, nodes_alloc, sizeof(*nodes));
		}
		memset(&nodes[nnodes], 0, sizeof(*nodes));
		nodes[nnodes].acct = -1;
		nodes[nnodes].unresolved = unresolved;
		nnodes++;
	}
	return k;
}

static const char *node_id(long k)
{
	return nhi_index_name(nodes_ix, k);
}

static void add_source(struct node *n, json_t *rec)
{
	json_t *src = json_object_get(rec, "source");

	if (!json_is_object(src))
		return;
	if (!n->sources.alloc)
		nhi_buf_init(&n->sources);
	if (n->sources.len)
		nhi_buf_addch(&n->sources, ',');
	nhi_json_dump(src, &n->sources);
}

/* "arn:aws:sts::ACCT:assumed-role/ROLE/SESSION" -> its role's key in
 * alias_ix ("role:ACCT:ROLE"), which identity records fill in. */
static int session_role(const char *arn, struct nhi_buf *b)
{
	const char *p = strstr(arn, ":assumed-role/"), *acct, *role, *end;

	if (strncmp(arn, "arn:aws:sts::", 13) || !p)
		return 0;
	acct = arn + 13;
	role = p + 14;
	end = strchr(role, '/');
	nhi_buf_reset(b);
	nhi_buf_addf(b, "role:%.*s:%.*s", (int)(p - acct), acct,
		     (int)(end ? end - role : (long)strlen(role)), role);
	return 1;
}

static long cred_find(const char *key);

/* resolve: the node an identity reference names, or -1. */
static long resolve(const char *ref)
{
	struct nhi_buf b = NHI_BUF_INIT;
	long k;

	if (!ref || !*ref)
		return -1;
	if ((k = nhi_index_get(nodes_ix, ref)) >= 0)
		return k;
	if ((k = nhi_index_get(alias_ix, ref)) >= 0)
		return k;
	if (!strncmp(ref, "arn:", 4)) {
		nhi_buf_addf(&b, "aws:%s", ref);
		k = nhi_index_get(nodes_ix, b.buf);
		if (k < 0 && session_role(ref, &b))
			k = nhi_index_get(alias_ix, b.buf);
	} else if (!strncmp(ref, "aws:arn:", 8) && session_role(ref + 4, &b)) {
		k = nhi_index_get(alias_ix, b.buf);
	} else if (strchr(ref, '@') && !strchr(ref, ':')) {
		nhi_buf_addf(&b, "gcp:sa/%s", ref);
		k = nhi_index_get(nodes_ix, b.buf);
	} else if ((!strncmp(ref, "AKIA", 4) || !strncmp(ref, "ASIA", 4)) &&
		   (k = cred_find(ref)) >= 0) {
		k = creds[k].node;
	} else
		k = -1;
	nhi_buf_release(&b);
	return k;
}

/* ensure: resolve, or a new unresolved node under the reference's
 * canonical id (an assumed-role session under its role's ARN). */
static long ensure(const char *ref, const char *why)
{
	struct nhi_buf b = NHI_BUF_INIT;
	long k = resolve(ref);

	if (k >= 0 || !ref || !*ref)
		return k;
	if (!strncmp(ref, "arn:aws:sts::", 13) && session_role(ref, &b)) {
		const char *s = b.buf + 5, *c = strchr(s, ':');
		struct nhi_buf id = NHI_BUF_INIT;

		nhi_buf_addf(&id, "aws:arn:aws:iam::%.*s:role/%s", (int)(c - s), s, c + 1);
		k = node_put(id.buf, why);
		nhi_index_alias(alias_ix, b.buf, k);
		nhi_buf_release(&id);
	} else if (!strncmp(ref, "arn:", 4)) {
		nhi_buf_addf(&b, "aws:%s", ref);
		k = node_put(b.buf, why);
	} else if (strchr(ref, '@') && !strchr(ref, ':')) {
		nhi_buf_addf(&b, "gcp:sa/%s", ref);
		k = node_put(b.buf, why);
	} else
		k = node_put(ref, why);
	nhi_buf_release(&b);
	return k;
}

static long cred_find(const char *key)
{
	return key && *key ? nhi_index_get(creds_ix, key) : -1;
}

static long cred_new(json_t *rec, long node)
{
	long c;

	if (ncreds == creds_alloc) {
		creds_alloc = creds_alloc ? creds_alloc * 2 : 256;
		creds = xreallocarray(creds, creds_alloc, sizeof(*creds));
	}
	c = (long)ncreds++;
	memset(&creds[c], 0, sizeof(*creds));
	creds[c].rec = json_incref(rec);
	creds[c].node = node;
	creds[c].workloads = json_array();
	creds[c].envs = json_object();
	json_array_append_new(arr(&nodes[node].creds), json_integer(c));
	return c;
}

static void cred_alias(long c, const char *key)
{
	if (key && *key && nhi_index_get(creds_ix, key) < 0)
		nhi_index_alias(creds_ix, key, c);
}

/* A copy of o with some keys left out (for embedding records). */
static json_t *without(json_t *o, const char *const drop[])
{
	json_t *c = json_object(), *v;
	const char *k;

	json_object_foreach(o, k, v) {
		size_t i;

		for (i = 0; drop[i] && strcmp(drop[i], k); i++)
			;
		if (!drop[i])
			json_object_set(c, k, v);
	}
	return c;
}

/* Records held to the end keep only what evidence says of their source,
 * under a key no record has (a "source" tree costs hundreds of bytes). */
#define EVSRC_KEY "\x1fsource"

static const char *source_str(json_t *rec, struct nhi_buf *b);

static void keep_evsrc(json_t *dst, json_t *rec)
{
	struct nhi_buf b = NHI_BUF_INIT;

	nhi_set_str(dst, EVSRC_KEY, source_str(rec, &b));
	nhi_buf_release(&b);
}

static const char *source_str(json_t *rec, struct nhi_buf *b)
{
	json_t *src = json_object_get(rec, "source");
	const char *kept = nhi_get_str(rec, EVSRC_KEY);

	if (kept) {
		nhi_buf_reset(b);
		nhi_buf_adds(b, kept);
		return b->buf;
	}
	const char *file = nhi_get_str(src, "file"), *ptr = nhi_get_str(src, "pointer");
	json_t *line = json_object_get(src, "line");

	nhi_buf_reset(b);
	if (!file)
		return NULL;
	if (json_is_integer(line))
		nhi_buf_addf(b, "%s:%lld", file, (long long)json_integer_value(line));
	else if (ptr)
		nhi_buf_addf(b, "%s#%s", file, ptr);
	else
		nhi_buf_adds(b, file);
	return b->buf;
}

/* evidence: one entry {kind, id, field, value, source}; value must never be
 * a secret (callers pass ids, names, ARNs, patterns). */
static void evidence_src(json_t *f, const char *kind, const char *id,
			 const char *field, json_t *value, const char *source)
{
	json_t *e = json_object();

	nhi_set_str(e, "kind", kind);
	nhi_set_str(e, "id", id);
	nhi_set_str(e, "field", field);
	if (value)
		json_object_set_new(e, "value", value);
	nhi_set_str(e, "source", source);
	json_array_append_new(json_object_get(f, "evidence"), e);
}

static void evidence_as(json_t *f, const char *kind, json_t *rec, const char *id,
			const char *field, json_t *value)
{
	struct nhi_buf b = NHI_BUF_INIT;

	evidence_src(f, kind ? kind : nhi_get_str(rec, "kind"), id, field, value,
		     source_str(rec, &b));
	nhi_buf_release(&b);
}

static void evidence(json_t *f, json_t *rec, const char *id, const char *field,
		     json_t *value)
{
	evidence_as(f, NULL, rec, id, field, value);
}

static json_t *finding(long node, const char *workload, const char *rule,
		       enum nhi_severity sev, const char *top10, const char *fmt, ...)
	NHI_PRINTF(6, 7);

static json_t *finding(long node, const char *workload, const char *rule,
		       enum nhi_severity sev, const char *top10, const char *fmt, ...)
{
	struct nhi_buf msg = NHI_BUF_INIT;
	va_list ap;
	json_t *f;

	va_start(ap, fmt);
	nhi_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	f = nhi_finding_new(rule, sev, top10, node >= 0 ? node_id(node) : NULL, msg.buf);
	if (workload) {
		/* "workload" goes before the message, next to "identity". */
		json_t *g = nhi_record_new("finding"), *v;
		const char *k;

		json_object_foreach(f, k, v) {
			if (!strcmp(k, "message"))
				nhi_set_str(g, "workload", workload);
			if (strcmp(k, "kind"))
				json_object_set(g, k, v);
		}
		json_decref(f);
		f = g;
	}
	json_array_append_new(node >= 0 ? arr(&nodes[node].findings) : wl_findings, f);
	nhi_buf_release(&msg);
	return f;
}

/* Reading.  Consumed records are checked for the fields the merge needs,
 * so a bad one is rejected with its line and the rest goes on. */
static const char *check(json_t *rec, const char *kind)
{
	if (!strcmp(kind, "identity") && !nhi_get_str(rec, "id"))
		return "identity has no \"id\"";
	if (!strcmp(kind, "credential") && !nhi_get_str(rec, "id"))
		return "credential has no \"id\"";
	if (!strcmp(kind, "sighting") && !nhi_get_str(rec, "fingerprint") &&
	    !nhi_get_str(rec, "key_id"))
		return "sighting has neither \"fingerprint\" nor \"key_id\"";
	if (!strcmp(kind, "sighting") && !json_is_object(json_object_get(rec, "location")))
		return "sighting has no \"location\" object";
	if (!strcmp(kind, "policy") && !nhi_get_str(rec, "identity"))
		return "policy has no \"identity\"";
	if (!strcmp(kind, "policy") && json_object_get(rec, "document") &&
	    !json_is_object(json_object_get(rec, "document")))
		return "policy \"document\" is not an object";
	if (!strcmp(kind, "trust") && !nhi_get_str(rec, "identity"))
		return "trust has no \"identity\"";
	if (!strcmp(kind, "workload") && !nhi_get_str(rec, "id"))
		return "workload has no \"id\"";
	if (!strcmp(kind, "event") && !nhi_get_str(rec, "identity"))
		return "event has no \"identity\"";
	return NULL;
}

static void event_add(json_t *ev)
{
	const char *id = nhi_get_str(ev, "identity");
	const char *ip = nhi_get_str(ev, "source_ip"), *ua = nhi_get_str(ev, "user_agent");
	const char *sess = nhi_get_str(ev, "session"), *t = nhi_get_str(ev, "time");
	json_t *by = json_object_get(events_by, id), *e, *n;
	struct nhi_buf key = NHI_BUF_INIT;

	if (!by) {
		by = json_object();
		json_object_set_new(events_by, id, by);
	}
	nhi_buf_addf(&key, "%s\x1f%s", ip ? ip : "", ua ? ua : "");
	e = json_object_get(by, key.buf);
	if (!e) {
		if (json_object_size(by) >= MAX_EVENT_SOURCES) {
			e = json_object_get(by, "\x1e");
			if (!e) {
				e = json_object();
				json_object_set_new(e, "other_sources", json_true());
				json_object_set_new(by, "\x1e", e);
			}
		} else {
			e = json_object();
			nhi_set_str(e, "source_ip", ip);
			nhi_set_str(e, "user_agent", ua);
			json_object_set_new(by, key.buf, e);
		}
	}
	n = json_object_get(e, "events");
	json_object_set_new(e, "events", json_integer(n ? json_integer_value(n) + 1 : 1));
	if (t && nhi_time_normalize(t)) {
		const char *nt = nhi_time_normalize(t);
		const char *f = nhi_get_str(e, "first"), *l = nhi_get_str(e, "last");

		if (!f || strcmp(nt, f) < 0)
			nhi_set_str(e, "first", nt);
		if (!l || strcmp(nt, l) > 0)
			nhi_set_str(e, "last", nt);
	}
	if (sess) {
		json_t *ss = json_object_get(e, "sessions");

		if (!ss) {
			ss = json_array();
			json_object_set_new(e, "sessions", ss);
		}
		/* Session names are kept for the analyst, a few per source. */
		size_t i;
		json_t *v;
		int seen = 0;

		json_array_foreach(ss, i, v)
			seen |= !strcmp(json_string_value(v), sess);
		if (!seen && json_array_size(ss) < 8)
			json_array_append_new(ss, json_string(sess));
	}
	nhi_buf_release(&key);
}

static int in_list(const char *s, const char *const list[])
{
	for (size_t i = 0; list[i]; i++)
		if (!strcmp(s, list[i]))
			return 1;
	return 0;
}

static int once(const char *tag, const char *name, json_t *what);
static int once_raw(const char *tag, const char *name, const char *what, size_t n);
static int vaulted(const char *type);
static void ident_add(json_t *rec);


/* What the merge keeps of a sighting record, read from its tree or, for
 * a line in canonical form, from its text; strings are (pointer, length). */
struct sight_in {
	const char *field[SF_N];
	size_t len[SF_N];
	const char *kid, *fp, *loc; /* loc: the location, compact JSON */
	size_t kidn, fpn, locn;
	long long line;
	int has_line, hint, has_cred;
};

static void sight_store(const struct sight_in *in)
{
	struct sight *sg;
	struct nhi_buf b = NHI_BUF_INIT;
	const char *lt;
	char *kid = in->kid ? xmemdupz(in->kid, in->kidn) : NULL;
	char *fp = in->fp ? xmemdupz(in->fp, in->fpn) : NULL;

	/* The same sighting twice (two runs concatenated) counts once. */
	if (once_raw("s", kid ? kid : fp, in->loc, in->locn)) {
		free(kid);
		free(fp);
		return;
	}
	if (nsights == sights_alloc) {
		sights_alloc = sights_alloc ? sights_alloc * 2 : 1024;
		sights = xreallocarray(sights, sights_alloc, sizeof(*sights));
	}
	sg = &sights[nsights++];
	memset(sg, 0, sizeof(*sg));
	for (int f = 0; f < SF_N; f++) {
		if (in->field[f]) {
			sg->present |= (unsigned short)(1u << f);
			nhi_buf_add(&b, in->field[f], in->len[f]);
		}
		nhi_buf_addch(&b, '\0');
	}
	sg->blob = xmemdupz(b.buf, b.len);
	{
		/* the "source" stays in the text: keep where */
		const char *text = sight_get(sg, SF_TEXT);
		struct nhi_jspan v;

		if (nhi_jspan_get(text, strlen(text), "source", &v) == 1 && v.n <= UINT32_MAX) {
			sg->src_off = (uint32_t)(v.p - text);
			sg->src_len = (uint32_t)v.n;
		}
	}
	sg->kid = kid;
	sg->fp = fp;
	lt = sight_get(sg, SF_TYPE);
	sg->vault = vaulted(lt);
	sg->k8s = lt && !strcmp(lt, "k8s_secret");
	sg->sm = lt && !strcmp(lt, "secrets_manager");
	sg->hint = (unsigned char)in->hint;
	sg->has_cred = (unsigned char)in->has_cred;
	sg->has_line = (unsigned char)in->has_line;
	sg->line = in->line;
	if (lt && !strcmp(lt, "mcp_config") && in->field[SF_OBJECT]) {
		nhi_buf_reset(&b);
		nhi_buf_addf(&b, "mcp:%s/%s", sight_get(sg, SF_HOST) ? sight_get(sg, SF_HOST) : "local",
			     sight_get(sg, SF_OBJECT));
		sg->mcp = xstrdup(b.buf);
	}
	nhi_buf_release(&b);
}

static void in_str(struct sight_in *in, enum sight_field f, const char *s)
{
	in->field[f] = s;
	in->len[f] = s ? strlen(s) : 0;
}

/* sight_add: a sighting record, parsed (check() has accepted it). */
static void sight_add(json_t *rec)
{
	json_t *loc = json_object_get(rec, "location"), *line = json_object_get(loc, "line");
	struct sight_in in = { 0 };
	struct nhi_buf text = NHI_BUF_INIT, ev = NHI_BUF_INIT, lb = NHI_BUF_INIT;

	in_str(&in, SF_RULE, nhi_get_str(rec, "rule"));
	in_str(&in, SF_TYPE, nhi_get_str(loc, "type"));
	in_str(&in, SF_PATH, nhi_get_str(loc, "path"));
	in_str(&in, SF_HOST, nhi_get_str(loc, "host"));
	in_str(&in, SF_REPO, nhi_get_str(loc, "repo"));
	in_str(&in, SF_OBJECT, nhi_get_str(loc, "object"));
	in_str(&in, SF_EVSRC, source_str(rec, &ev));
	in.has_cred = json_object_get(rec, "credential") != NULL;
	in.hint = json_is_true(json_object_get(rec, "active_hint"));
	if ((in.has_line = json_is_integer(line)))
		in.line = json_integer_value(line);
	if ((in.kid = nhi_get_str(rec, "key_id")))
		in.kidn = strlen(in.kid);
	if ((in.fp = nhi_get_str(rec, "fingerprint")))
		in.fpn = strlen(in.fp);
	nhi_json_dump(loc, &lb);
	in.loc = lb.buf;
	in.locn = lb.len;
	json_object_del(rec, "kind");
	nhi_json_dump(rec, &text);
	in_str(&in, SF_TEXT, text.buf);
	sight_store(&in);
	nhi_buf_release(&text);
	nhi_buf_release(&ev);
	nhi_buf_release(&lb);
}

/* A string member's value without its quotes (canonical text has no
 * escapes), or NULL when the value is not a string. */
static const char *canon_str(const struct nhi_jspan *v, size_t *n)
{
	if (v->n < 2 || v->p[0] != '"')
		return NULL;
	*n = v->n - 2;
	return v->p + 1;
}

static int span_int(const struct nhi_jspan *v, long long *out)
{
	long long x = 0;
	size_t i = v->p[0] == '-';

	if (i == v->n || v->p[i] < '0' || v->p[i] > '9')
		return 0;
	for (; i < v->n; i++)
		x = x * 10 + (v->p[i] - '0');
	*out = v->p[0] == '-' ? -x : x;
	return 1;
}

/* a key of canonical text (no escapes) is its name as written */
#define SPAN_KEY(k, s) ((k).n == sizeof(s) - 1 && !memcmp((k).p, s, sizeof(s) - 1))

/* canonical_kind: whether line is a record of the kind its prefix
 * ("{\"kind\":\"K\",") names, in the form nhi_json_dump writes. */
static int canonical_kind(const struct nhi_line *line, const char *prefix, size_t np)
{
	return line->len > np && !memcmp(line->data, prefix, np) &&
	       nhi_jspan_canonical(line->data, line->len);
}

/* sight_fast: a sighting line read without a parse, when it is in the
 * canonical form the collectors write (most of an estate); 0 when it is
 * not, or when check() would have something to say: the caller parses it
 * then.  What it keeps is what sight_add keeps from the parse. */
static int sight_fast(const struct nhi_line *line)
{
	static const char prefix[] = "{\"kind\":\"sighting\",";
	const size_t np = sizeof(prefix) - 1;
	struct sight_in in = { 0 };
	struct nhi_jspan_iter it, lit;
	struct nhi_jspan k, v, lk, lv, loc = { 0 }, srcv = { 0 };
	struct nhi_buf text = NHI_BUF_INIT, ev = NHI_BUF_INIT;
	const char *file = NULL, *ptr = NULL;
	size_t filen = 0, ptrn = 0;
	long long srcline = 0;
	int has_srcline = 0;

	if (!canonical_kind(line, prefix, np))
		return 0;
	nhi_jspan_members(&it, line->data, line->len);
	while (nhi_jspan_next_member(&it, &k, &v) == 1) {
		if (SPAN_KEY(k, "key_id"))
			in.kid = canon_str(&v, &in.kidn);
		else if (SPAN_KEY(k, "fingerprint"))
			in.fp = canon_str(&v, &in.fpn);
		else if (SPAN_KEY(k, "rule"))
			in.field[SF_RULE] = canon_str(&v, &in.len[SF_RULE]);
		else if (SPAN_KEY(k, "location"))
			loc = v;
		else if (SPAN_KEY(k, "source"))
			srcv = v;
		else if (SPAN_KEY(k, "active_hint"))
			in.hint = v.n == 4 && !memcmp(v.p, "true", 4);
		else if (SPAN_KEY(k, "credential"))
			in.has_cred = 1;
	}
	if ((!in.kid && !in.fp) || !loc.p || loc.p[0] != '{')
		return 0;
	nhi_jspan_members(&lit, loc.p, loc.n);
	while (nhi_jspan_next_member(&lit, &lk, &lv) == 1) {
		static const struct {
			const char *key;
			enum sight_field f;
		} lf[] = { { "type", SF_TYPE }, { "path", SF_PATH }, { "host", SF_HOST },
			   { "repo", SF_REPO }, { "object", SF_OBJECT } };

		for (size_t i = 0; i < ARRAY_SIZE(lf); i++)
			if (lk.n == strlen(lf[i].key) && !memcmp(lk.p, lf[i].key, lk.n))
				in.field[lf[i].f] = canon_str(&lv, &in.len[lf[i].f]);
		if (SPAN_KEY(lk, "line"))
			in.has_line = span_int(&lv, &in.line);
	}
	in.loc = loc.p;
	in.locn = loc.n;
	if (srcv.p && srcv.p[0] == '{') {
		nhi_jspan_members(&lit, srcv.p, srcv.n);
		while (nhi_jspan_next_member(&lit, &lk, &lv) == 1) {
			if (SPAN_KEY(lk, "file"))
				file = canon_str(&lv, &filen);
			else if (SPAN_KEY(lk, "pointer"))
				ptr = canon_str(&lv, &ptrn);
			else if (SPAN_KEY(lk, "line"))
				has_srcline = span_int(&lv, &srcline);
		}
	}
	/* as source_str() writes it */
	if (file) {
		nhi_buf_add(&ev, file, filen);
		if (has_srcline)
			nhi_buf_addf(&ev, ":%lld", srcline);
		else if (ptr) {
			nhi_buf_addch(&ev, '#');
			nhi_buf_add(&ev, ptr, ptrn);
		}
		in_str(&in, SF_EVSRC, ev.buf);
	}
	nhi_buf_addch(&text, '{');
	nhi_buf_add(&text, line->data + np, line->len - np);
	in_str(&in, SF_TEXT, text.buf);
	sight_store(&in);
	nhi_buf_release(&text);
	nhi_buf_release(&ev);
	return 1;
}

struct shared;
static struct shared *intern(const char *via, json_t *doc, enum nhi_iam_kind kind);
static struct shared *intern_text(const char *via, const char *text, size_t n,
				  enum nhi_iam_kind kind);
static struct nhi_iam_policy *shared_policy(struct shared *sh);
static json_t *shared_doc(struct shared *sh);
static long shared_index(struct shared *sh);

/* is_iam: whether a policy record holds an AWS IAM document (the other
 * systems' role bindings are kept and graded by name, see other_reach). */
static int is_iam(const char *via, const char *who)
{
	static const char *const pre[] = { "inline:", "managed:", "group:", "boundary:",
		"scp:", "resource:", "session:", NULL };

	if (!strncmp(via, "k8s:", 4))
		return 0;
	if (!strncmp(who, "aws:", 4))
		return 1;
	for (size_t i = 0; pre[i]; i++)
		if (!strncmp(via, pre[i], strlen(pre[i])))
			return 1;
	return 0;
}

/* known_policy: the document of a well-known AWS managed policy named at
 * the end of via (new reference), or NULL. */
static json_t *known_policy(const char *via)
{
	static const struct {
		const char *arn, *doc;
	} known[] = {
		{ "arn:aws:iam::aws:policy/AdministratorAccess",
		  "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}" },
		{ "arn:aws:iam::aws:policy/PowerUserAccess",
		  "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"NotAction\":[\"iam:*\",\"organizations:*\",\"account:*\"],\"Resource\":\"*\"},"
		  "{\"Effect\":\"Allow\",\"Action\":[\"iam:CreateServiceLinkedRole\",\"iam:DeleteServiceLinkedRole\",\"iam:ListRoles\",\"organizations:DescribeOrganization\",\"account:ListRegions\",\"account:GetAccountInformation\"],\"Resource\":\"*\"}]}" },
		{ "arn:aws:iam::aws:policy/IAMFullAccess",
		  "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"iam:*\",\"organizations:DescribeAccount\",\"organizations:DescribeOrganization\",\"organizations:DescribeOrganizationalUnit\",\"organizations:DescribePolicy\",\"organizations:ListChildren\",\"organizations:ListParents\",\"organizations:ListPoliciesForTarget\",\"organizations:ListRoots\",\"organizations:ListPolicies\",\"organizations:ListTargetsForPolicy\"],\"Resource\":\"*\"}]}" },
		{ "arn:aws:iam::aws:policy/AmazonS3FullAccess",
		  "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:*\",\"s3-object-lambda:*\"],\"Resource\":\"*\"}]}" },
	};
	const char *m = strstr(via, "managed:");

	for (size_t i = 0; m && i < ARRAY_SIZE(known); i++)
		if (!strcmp(m + 8, known[i].arn))
			return json_loads(known[i].doc, 0, NULL);
	return NULL;
}

/* The policy records read, slim, each with its interned document (an
 * index into shared, or -1), so the merge need not intern them again. */
static long *policy_shared;
static size_t policy_shared_alloc;

static void policy_keep(json_t *slim, struct shared *sh)
{
	size_t i = json_array_size(policies);

	if (i == policy_shared_alloc) {
		policy_shared_alloc = policy_shared_alloc ? 2 * policy_shared_alloc : 1024;
		policy_shared = xreallocarray(policy_shared, policy_shared_alloc,
					      sizeof(*policy_shared));
	}
	policy_shared[i] = sh ? shared_index(sh) : -1;
	json_array_append_new(policies, slim);
}

/* policy_slim: keep a policy record with its document interned (a managed
 * policy on a thousand roles is held once); NULL, or why lib/iam refuses
 * the document. */
static enum nhi_iam_kind policy_kind(const char *who, const char *via)
{
	return !strncmp(who, "aws:account:", 12) || !strncmp(via, "scp:", 4) ?
	       NHI_IAM_SCP : nhi_iam_kind_from_via(via);
}

/* keep_slim: the slim record of a policy attachment (sh: its interned
 * document, or NULL), with the record's source. */
static void keep_slim(const char *who, const char *via, struct shared *sh, json_t *source)
{
	json_t *slim = nhi_record_new("policy");

	nhi_set_str(slim, "identity", who);
	nhi_set_str(slim, "via", via);
	if (sh)
		json_object_set(slim, "document", shared_doc(sh));
	if (source)
		json_object_set(slim, "source", source);
	policy_keep(slim, sh);
}

static const char *policy_slim(json_t *rec)
{
	const char *via = nhi_get_str(rec, "via"), *who = nhi_get_str(rec, "identity");
	enum nhi_iam_kind kind;
	struct shared *sh;

	via = via ? via : "";
	kind = policy_kind(who, via);
	if (!json_object_get(rec, "document")) {
		/* An attachment whose document the export left out (AWS
		 * managed policies): the best known ones are built in, the
		 * others are kept and reported as unknown. */
		json_t *doc = known_policy(via);

		sh = doc ? intern(via, doc, kind) : NULL;
		json_decref(doc);
		keep_slim(who, via, sh, json_object_get(rec, "source"));
		return NULL;
	}
	sh = intern(via, json_object_get(rec, "document"), is_iam(via, who) ? kind : (enum nhi_iam_kind)-1);
	if (is_iam(via, who) && !shared_policy(sh)) {
		static struct nhi_buf err = NHI_BUF_INIT;
		struct nhi_iam_policy *p;

		nhi_buf_reset(&err);
		nhi_buf_adds(&err, "policy document: ");
		p = nhi_iam_policy_parse(json_object_get(rec, "document"), kind, via, &err);
		nhi_iam_policy_free(p);
		return err.buf;
	}
	keep_slim(who, via, sh, json_object_get(rec, "source"));
	return NULL;
}

/* trust_fast: a trust line in canonical form is already the text the
 * merge keeps; 0 when it must be parsed. */
static int trust_fast(const struct nhi_line *line)
{
	static const char prefix[] = "{\"kind\":\"trust\",";
	const size_t np = sizeof(prefix) - 1;
	struct nhi_jspan who;

	if (!canonical_kind(line, prefix, np) ||
	    nhi_jspan_get(line->data, line->len, "identity", &who) != 1 || who.p[0] != '"')
		return 0;
	json_array_append_new(trusts, json_stringn(line->data, line->len));
	return 1;
}

/* policy_fast: a policy line in canonical form read without parsing its
 * document when that document was seen before (a managed policy is written
 * once per attachment); 0 when the slow path must read it (no document, a
 * document lib/iam refuses, anything check() would report). */
static int policy_fast(const struct nhi_line *line)
{
	static const char prefix[] = "{\"kind\":\"policy\",";
	const size_t np = sizeof(prefix) - 1;
	struct nhi_jspan_iter it;
	struct nhi_jspan k, v, who = { 0 }, via = { 0 }, doc = { 0 }, src = { 0 };
	char *w, *vi;
	struct shared *sh;
	json_t *source = NULL;
	int iam, ok = 0;

	if (!canonical_kind(line, prefix, np))
		return 0;
	nhi_jspan_members(&it, line->data, line->len);
	while (nhi_jspan_next_member(&it, &k, &v) == 1) {
		if (SPAN_KEY(k, "identity"))
			who = v;
		else if (SPAN_KEY(k, "via"))
			via = v;
		else if (SPAN_KEY(k, "document"))
			doc = v;
		else if (SPAN_KEY(k, "source"))
			src = v;
	}
	if (!who.p || who.p[0] != '"' || !doc.p || doc.p[0] != '{' || (via.p && via.p[0] != '"'))
		return 0;
	w = xmemdupz(who.p + 1, who.n - 2);
	vi = via.p ? xmemdupz(via.p + 1, via.n - 2) : xstrdup("");
	iam = is_iam(vi, w);
	sh = intern_text(vi, doc.p, doc.n, iam ? policy_kind(w, vi) : (enum nhi_iam_kind)-1);
	if (sh && (!iam || shared_policy(sh))) {
		if (src.p)
			source = json_loadb(src.p, src.n, JSON_DECODE_ANY, NULL);
		keep_slim(w, vi, sh, source);
		json_decref(source);
		ok = 1;
	}
	free(w);
	free(vi);
	return ok;
}

static int from_result(struct nhi_reader *r, const struct nhi_line *line);

static void read_input(int nfiles, char **files, int quiet)
{
	struct nhi_reader *r = nhi_reader_open(nfiles, files);
	struct nhi_line line;

	while (nhi_reader_next(r, &line)) {
		int c = nhi_line_kind_in(&line, consumed), o = 0;
		json_t *rec;
		const char *kind, *why;

		if (quiet && from_result(r, &line))
			continue;
		if (c == 0)
			o = nhi_line_kind_in(&line, observed);
		if (c == 0 && o == 0) {
			/* Pass-through needs no parse: a record we do not
			 * read is the next stage's business. */
			if (!quiet)
				nhi_emit_line(&line);
			continue;
		}
		/* Sightings are most of an estate: read without a parse
		 * when the line is in the form the collectors write. */
		if (c == 1 && (sight_fast(&line) || policy_fast(&line) || trust_fast(&line)))
			continue;
		if (!(rec = nhi_reader_parse(r, &line)))
			continue;
		kind = nhi_get_str(rec, "kind");
		if (!in_list(kind, consumed) && !in_list(kind, observed)) {
			/* a kind written so that only a parse could read it */
			if (!quiet)
				nhi_emit_line(&line);
			json_decref(rec);
			continue;
		}
		if ((why = check(rec, kind))) {
			nhi_reader_reject(r, &line, "%s", why);
			json_decref(rec);
			continue;
		}
		if (!strcmp(kind, "workload") || !strcmp(kind, "event") ||
		    !strcmp(kind, "resource"))
			if (!quiet)
				nhi_emit_line(&line);
		if (!strcmp(kind, "identity"))
			ident_add(rec);
		else if (!strcmp(kind, "credential"))
			json_array_append(credentials, rec);
		else if (!strcmp(kind, "sighting"))
			sight_add(rec);
		else if (!strcmp(kind, "policy")) {
			if ((why = policy_slim(rec))) {
				nhi_reader_reject(r, &line, "%s", why);
				json_decref(rec);
				continue;
			}
		}
		else if (!strcmp(kind, "trust"))
		{
			/* as text until the merge: trust documents are big */
			struct nhi_buf tb = NHI_BUF_INIT;

			nhi_json_dump(rec, &tb);
			json_array_append_new(trusts, json_stringn(tb.buf, tb.len));
			nhi_buf_release(&tb);
		}
		else if (!strcmp(kind, "workload"))
			json_array_append(workloads, rec);
		else if (!strcmp(kind, "resource"))
			json_array_append(resources, rec);
		else if (!strcmp(kind, "event"))
			event_add(rec);
		json_decref(rec);
	}
	nhi_reader_close(r);
}

/* The account of an ARN ("arn:aws:iam::123456789012:role/x"), into b. */
static const char *arn_account(const char *arn, struct nhi_buf *b)
{
	const char *p;
	int i;

	nhi_buf_reset(b);
	if (!arn || strncmp(arn, "arn:", 4))
		return NULL;
	for (p = arn, i = 0; i < 4 && (p = strchr(p, ':')); i++)
		p++;
	if (!p || !isdigit((unsigned char)*p))
		return NULL;
	nhi_buf_add(b, p, strcspn(p, ":"));
	return b->buf;
}

static void compact_one(struct node *n);

/* ident_add: an identity record, merged into its node as it is read and
 * kept as text, since 200000 of them as trees are most of the memory. */
static void ident_add(json_t *rec)
{
	struct nhi_buf b = NHI_BUF_INIT;

	{
		long k = node_put(nhi_get_str(rec, "id"), NULL);
		struct node *n = &nodes[k];
		const char *arn = nhi_get_str(rec, "arn"), *id = node_id(k);
		const char *acct = nhi_get_str(rec, "account");

		add_source(n, rec);
		if (n->ident_text) {
			/* seen before: back to a tree for the merge */
			json_decref(n->ident);
			n->ident = json_loads(n->ident_text, 0, NULL);
			free(n->ident_text);
			n->ident_text = NULL;
		}
		if (!n->ident) {
			n->ident = json_incref(rec);
			n->unresolved = NULL;
		} else {
			/* The same identity from two collectors: the first
			 * record wins a field, the others fill what it lacks. */
			json_t *v;
			const char *key;

			json_object_foreach(rec, key, v) {
				json_t *old = json_object_get(n->ident, key);

				if (!old)
					json_object_set(n->ident, key, v);
				else if (json_is_object(old) && json_is_object(v) &&
					 strcmp(key, "source"))
					json_object_update_missing(old, v);
			}
		}
		if (!arn && !strncmp(id, "aws:arn:", 8))
			arn = id + 4;
		if (arn && !n->arn) {
			n->arn = xstrdup(arn);
			nhi_index_alias(alias_ix, arn, k);
		}
		if (!acct)
			acct = arn_account(arn, &b);
		if (acct && !n->account) {
			n->account = xstrdup(acct);
			json_object_set_new(accounts, acct, json_true());
		}
		if (arn && strstr(arn, ":role/") && n->account) {
			const char *name = strrchr(arn, '/') + 1;

			nhi_buf_reset(&b);
			nhi_buf_addf(&b, "role:%s:%s", n->account, name);
			nhi_index_alias(alias_ix, b.buf, k);
		}
		if (!strncmp(id, "k8s:", 4) && strstr(id, "/sa/")) {
			/* "system:serviceaccount:NS:NAME" names it in trust. */
			const char *ns = strstr(id, "/sa/") + 4, *sl = strchr(ns, '/');

			if (sl) {
				nhi_buf_reset(&b);
				nhi_buf_addf(&b, "system:serviceaccount:%.*s:%s",
					     (int)(sl - ns), ns, sl + 1);
				if (nhi_index_get(alias_ix, b.buf) < 0)
					nhi_index_alias(alias_ix, b.buf, k);
			}
		}
		compact_one(n);
	}
	nhi_buf_release(&b);
}

static void compact_one(struct node *n)
{
	static const char *const keep[] = { "kind", "type", "annotations", "tags", NULL };
	struct nhi_buf b = NHI_BUF_INIT;
	json_t *tiny = json_object();

	nhi_json_dump(n->ident, &b);
	n->ident_text = xmemdupz(b.buf, b.len);
	for (size_t i = 0; keep[i]; i++)
		if (json_object_get(n->ident, keep[i]))
			json_object_set(tiny, keep[i], json_object_get(n->ident, keep[i]));
	keep_evsrc(tiny, n->ident);
	json_decref(n->ident);
	n->ident = tiny;
	nhi_buf_release(&b);
}

static void merge_credentials(void)
{
	json_t *rec;
	size_t i;

	json_array_foreach(credentials, i, rec) {
		const char *id = nhi_get_str(rec, "id");
		const char *kid = nhi_get_str(rec, "key_id"), *fp = nhi_get_str(rec, "fingerprint");
		long c = cred_find(id);

		if (c < 0)
			c = cred_find(kid);
		if (c < 0)
			c = cred_find(fp);
		if (c >= 0) {
			/* The credential report and the IAM export both
			 * describe a key: fill in what the first lacked. */
			json_object_update_missing(creds[c].rec, rec);
			add_source(&nodes[creds[c].node], rec);
		} else {
			const char *owner = nhi_get_str(rec, "identity");
			long k = owner ? ensure(owner, "no identity record") : node_put(id, "no identity record");

			c = cred_new(rec, k);
			add_source(&nodes[k], rec);
		}
		cred_alias(c, id);
		cred_alias(c, kid);
		cred_alias(c, fp);
	}
}

static int vaulted(const char *type)
{
	/* Secret stores, not leaks. */
	return type && (!strcmp(type, "k8s_secret") || !strcmp(type, "vault") ||
			!strcmp(type, "secrets_manager") || !strcmp(type, "ssm_parameter") ||
			!strcmp(type, "github_secret") || !strcmp(type, "gitlab_variable"));
}

/* digest: 32 hex digits of SHA-256 over tag, name and what. */
/* digest_raw: the first 16 bytes of SHA-256 over tag, name and what (the
 * compact JSON text of a value, n bytes). */
static void digest_raw(const char *tag, const char *name, const char *what, size_t n,
		       unsigned char d[16])
{
	struct nhi_buf b = NHI_BUF_INIT;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	nhi_buf_addf(&b, "%s\x1f%s\x1f", tag, name ? name : "");
	nhi_buf_add(&b, what, n);
	if (!EVP_Digest(b.buf, b.len, md, &mdlen, EVP_sha256(), NULL) || mdlen < 16)
		nhi_die(NHI_EXIT_SYSTEM, "sha256 failed");
	memcpy(d, md, 16);
	nhi_buf_release(&b);
}

static void digest_json(const char *tag, const char *name, json_t *what, unsigned char d[16])
{
	struct nhi_buf b = NHI_BUF_INIT;

	if (what)
		nhi_json_dump(what, &b);
	digest_raw(tag, name, b.buf, b.len, d);
	nhi_buf_release(&b);
}

static void hex16(const unsigned char d[16], char hex[33])
{
	for (int i = 0; i < 16; i++) {
		hex[2 * i] = "0123456789abcdef"[d[i] >> 4];
		hex[2 * i + 1] = "0123456789abcdef"[d[i] & 15];
	}
	hex[32] = 0;
}

/* digest: the same as 32 hex digits. */
static void digest(const char *tag, const char *name, json_t *what, char hex[33])
{
	unsigned char d[16];

	digest_json(tag, name, what, d);
	hex16(d, hex);
}

/* once: whether (tag, name, what) was seen before.  A digest, not the
 * text, is kept: a million locations stay small. */
static struct {
	unsigned char (*v)[16];
	size_t cap, n;
} seen_set;

static int seen_add(const unsigned char *d)
{
	static const unsigned char zero[16];
	size_t i;

	if ((seen_set.n + 1) * 4 > seen_set.cap * 3) {
		unsigned char (*old)[16] = seen_set.v;
		size_t ocap = seen_set.cap;

		seen_set.cap = seen_set.cap ? seen_set.cap * 2 : 1024;
		seen_set.v = xcalloc(seen_set.cap, 16);
		seen_set.n = 0;
		for (size_t j = 0; j < ocap; j++)
			if (memcmp(old[j], zero, 16))
				seen_add(old[j]);
		free(old);
	}
	/* The digest is uniform: its first bytes are the hash. */
	memcpy(&i, d, sizeof(i));
	for (i &= seen_set.cap - 1; memcmp(seen_set.v[i], zero, 16); i = (i + 1) & (seen_set.cap - 1))
		if (!memcmp(seen_set.v[i], d, 16))
			return 0;
	memcpy(seen_set.v[i], d, 16);
	seen_set.n++;
	return 1;
}

static int seen_before(unsigned char d[16])
{
	d[0] |= 1; /* never the empty slot */
	return !seen_add(d);
}

static int once(const char *tag, const char *name, json_t *what)
{
	unsigned char d[16];

	digest_json(tag, name, what, d);
	return seen_before(d);
}

/* once_raw: once, with what given as its compact JSON text. */
static int once_raw(const char *tag, const char *name, const char *what, size_t n)
{
	unsigned char d[16];

	digest_raw(tag, name, what, n, d);
	return seen_before(d);
}

/* Policies are interned: a managed policy attached to a thousand roles is
 * one document and one parsed policy. */
static struct nhi_index *pol_ix;
static struct shared {
	json_t *doc;
	struct nhi_iam_policy *ip;
} *shared;
static size_t nshared, shared_alloc;
static json_t *pol_recs; /* {"kind","via",EVSRC_KEY} per policy record */

static struct nhi_iam_policy *shared_policy(struct shared *sh)
{
	return sh->ip;
}

static json_t *shared_doc(struct shared *sh)
{
	return sh->doc;
}

static long shared_index(struct shared *sh)
{
	return (long)(sh - shared);
}

static struct shared *intern(const char *via, json_t *doc, enum nhi_iam_kind kind)
{
	char hex[33];
	int added;
	long i;

	digest(via, "", doc, hex);
	i = nhi_index_put(pol_ix, hex, &added);
	if (added) {
		if (nshared == shared_alloc) {
			shared_alloc = shared_alloc ? 2 * shared_alloc : 256;
			shared = xreallocarray(shared, shared_alloc, sizeof(*shared));
		}
		shared[i].doc = json_incref(doc);
		shared[i].ip = (int)kind >= 0 ?
			nhi_iam_policy_parse(doc, kind, via, NULL) : NULL;
		nshared++;
	}
	return &shared[i];
}

/* intern_text: intern, with the document given as its compact JSON text,
 * which is parsed only the first time; NULL when it does not parse. */
static struct shared *intern_text(const char *via, const char *text, size_t n,
				  enum nhi_iam_kind kind)
{
	unsigned char d[16];
	char hex[33];
	struct shared *sh;
	json_t *doc;
	long i;

	digest_raw(via, "", text, n, d);
	hex16(d, hex);
	if ((i = nhi_index_get(pol_ix, hex)) >= 0)
		return &shared[i];
	if (!(doc = json_loadb(text, n, 0, NULL)))
		return NULL;
	sh = intern(via, doc, kind);
	json_decref(doc);
	return sh;
}

static void merge_sightings(void)
{
	struct nhi_buf b = NHI_BUF_INIT;

	for (size_t i = 0; i < nsights; i++) {
		struct sight *sg = &sights[i];
		const char *kid = sg->kid, *fp = sg->fp;
		long c = cred_find(kid);

		if (c < 0)
			c = cred_find(fp);
		if (c < 0) {
			/* Unknown to every inventory: the credential gets a
			 * lineage record of its own, or joins the MCP server
			 * whose configuration carries it. */
			json_t *syn = nhi_record_new("credential"), *rec = sight_load(sg);
			long k = -1;

			nhi_buf_reset(&b);
			if (kid && (!strncmp(kid, "AKIA", 4) || !strncmp(kid, "ASIA", 4)))
				nhi_buf_addf(&b, "aws:key:%s", kid);
			else if (fp)
				nhi_buf_addf(&b, "fp:%s", fp);
			else
				nhi_buf_addf(&b, "key:%s", kid);
			nhi_set_str(syn, "id", b.buf);
			nhi_set_str(syn, "type", nhi_get_str(rec, "rule"));
			nhi_set_str(syn, "key_id", kid);
			nhi_set_str(syn, "fingerprint", fp);
			nhi_set_str(syn, "provider", nhi_get_str(rec, "provider"));
			nhi_set_bool(syn, "static", 1);
			json_decref(rec);
			if (sg->mcp)
				k = resolve(sg->mcp);
			if (k < 0)
				k = node_put(b.buf, "credential in no inventory");
			c = cred_new(syn, k);
			json_decref(syn);
			cred_alias(c, b.buf);
			cred_alias(c, kid);
			cred_alias(c, fp);
		}
		if (creds[c].nsv == creds[c].sv_alloc) {
			creds[c].sv_alloc = creds[c].sv_alloc ? 2 * creds[c].sv_alloc : 4;
			creds[c].sv = xreallocarray(creds[c].sv, creds[c].sv_alloc, sizeof(*creds[c].sv));
		}
		creds[c].sv[creds[c].nsv++] = (uint32_t)i;
		free(sg->kid);
		free(sg->fp);
		free(sg->mcp);
		sg->kid = sg->fp = sg->mcp = NULL;
	}
	nhi_buf_release(&b);
}

static void merge_policies(void)
{
	json_t *rec;
	size_t i;
	struct nhi_buf b = NHI_BUF_INIT;

	json_array_foreach(policies, i, rec) {
		const char *who = nhi_get_str(rec, "identity");
		const char *via = nhi_get_str(rec, "via");
		json_t *doc = json_object_get(rec, "document"), *pr;
		struct shared *sh;
		struct node *n;
		long k;

		via = via ? via : "";
		if (once("p", who, json_object_get(rec, "via")))
			continue;
		if (!strncmp(via, "scp:", 4) || !strncmp(who, "aws:account:", 12) ||
		    !strncmp(who, "aws:ou:", 7) || !strncmp(who, "aws:root:", 9)) {
			/* SCPs filter every identity under their target:
			 * kept per target, applied by scp_build(). */
			if (!doc) {
				nhi_warn("%s on %s: no document, not applied", via, who);
				continue;
			}
			const char *acct = !strncmp(who, "aws:account:", 12) ? who + 12 : who;
			int added;
			long a = nhi_index_put(scp_ix, acct, &added);

			if (added)
				json_array_append_new(scps, json_array());
			json_array_append(json_array_get(scps, (size_t)a), rec);
			continue;
		}
		k = ensure(who, "no identity record");
		n = &nodes[k];
		if (!doc) {
			json_t *p = json_object();

			nhi_set_str(p, "via", via);
			json_array_append_new(arr(&n->policies), p);
			add_source(n, rec);
			n->unknown_policies++;
			continue;
		}
		sh = &shared[policy_shared[i]];
		if (is_iam(via, who)) {
			/* read_input() rejected the documents lib/iam refuses */
			if (!sh->ip)
				continue;
			if (!strncmp(via, "boundary:", 9))
				n->ib = sh->ip;
			else if (!strncmp(via, "resource:", 9))
				pset_add(&n->rp, &n->nrp, sh->ip);
			else
				pset_add(&n->ip, &n->nip, sh->ip);
		}
		{
			json_t *p = json_object();

			nhi_set_str(p, "via", via);
			json_object_set(p, "document", sh->doc);
			json_array_append_new(arr(&n->policies), p);
		}
		add_source(n, rec);
		/* The statements' policy: its via and source, for evidence. */
		pr = nhi_record_new("policy");
		nhi_set_str(pr, "via", via);
		keep_evsrc(pr, rec);
		json_array_append_new(pol_recs, pr);
		if (!strncmp(via, "boundary:", 9)) {
			n->has_boundary = 1;
			doc_stmts(&n->bd, sh->doc, pr);
		} else if (is_iam(via, who))
			doc_stmts(&n->st, sh->doc, pr);
	}
	nhi_buf_release(&b);
	scp_build();
}

/* Edges: "from can act as to", with a label saying how. */

/* Labels are small: a dense estate has millions of edges, so the texts
 * are interned and an assumption's step is written out when needed. */
static struct nhi_index *str_ix;
static struct label {
	uint32_t via, detail;
	unsigned char cond;
} *labels;
static size_t nlabels, labels_alloc;

static void edge(long from, long to, const char *via, const char *detail, int cond)
{
	/* A repeated edge costs a label; the walk visits each node once. */
	if (from < 0 || to < 0 || from == to)
		return;
	if (nlabels == labels_alloc) {
		labels_alloc = labels_alloc ? labels_alloc * 2 : 256;
		labels = xreallocarray(labels, labels_alloc, sizeof(*labels));
	}
	labels[nlabels].via = (uint32_t)nhi_index_put(str_ix, via, NULL);
	labels[nlabels].detail = (uint32_t)nhi_index_put(str_ix, detail, NULL);
	labels[nlabels].cond = (unsigned char)cond;
	nhi_graph_add(graph, (uint32_t)from, (uint32_t)to, (uint32_t)nlabels);
	nlabels++;
}

/* step_text: an edge's step in words. */
static void step_text(const struct nhi_edge *e, struct nhi_buf *b)
{
	const char *via = nhi_index_name(str_ix, labels[e->label].via);
	const char *detail = nhi_index_name(str_ix, labels[e->label].detail);

	nhi_buf_reset(b);
	if (!strcmp(via, "sts:AssumeRole"))
		nhi_buf_addf(b, "sts:AssumeRole into %s, %s",
			     nodes[e->to].arn ? nodes[e->to].arn : node_id(e->to), detail);
	else
		nhi_buf_adds(b, detail);
}

/* The string values of condition keys ending in suffix (any operator). */
static void cond_values(json_t *cond, const char *suffix, json_t *out)
{
	json_t *ops, *v;
	const char *op, *key;
	size_t sl = strlen(suffix);

	json_object_foreach(cond, op, ops) {
		json_object_foreach(ops, key, v) {
			size_t kl = strlen(key), i;
			json_t *e;

			if (kl < sl || strcasecmp(key + kl - sl, suffix))
				continue;
			if (json_is_string(v))
				json_array_append(out, v);
			else
				json_array_foreach(v, i, e)
					if (json_is_string(e))
						json_array_append(out, e);
		}
	}
}

static int has_cond_key(json_t *cond, const char *suffix)
{
	json_t *vals = json_array();
	int r;

	cond_values(cond, suffix, vals);
	r = json_array_size(vals) > 0;
	json_decref(vals);
	return r;
}

/* The part of a CI subject that names the repository: after "repo:" or
 * "project_path:". */
static void oidc_check(long k, json_t *rec, json_t *vals, const char *provider)
{
	json_t *v, *f;
	size_t i;
	int worst = -1;
	const char *bad = NULL;

	if (!json_array_size(vals)) {
		f = finding(k, NULL, "ci-oidc-trust-no-sub", NHI_SEV_CRITICAL, "NHI6",
			    "trust lets any workflow of any repository on %s assume this identity: no sub condition", provider);
		evidence(f, rec, nhi_get_str(rec, "identity"), "document.Statement.Principal.Federated",
			 json_string(provider));
		return;
	}
	json_array_foreach(vals, i, v) {
		const char *s = json_string_value(v), *p = s;
		int sev = -1;

		if (!strncmp(p, "repo:", 5))
			p += 5;
		else if (!strncmp(p, "project_path:", 13))
			p += 13;
		else if (strchr(p, '*') && p == s)
			sev = NHI_SEV_CRITICAL; /* a bare wildcard */
		if (sev < 0 && (*p == '*' || !*p))
			sev = NHI_SEV_CRITICAL;
		else if (sev < 0) {
			const char *sl = strchr(p, '/');

			if (sl && sl[1] == '*')
				sev = NHI_SEV_HIGH; /* every repository of an owner */
			else if (!sl && strchr(p, '*'))
				sev = NHI_SEV_CRITICAL;
		}
		if (sev > worst) {
			worst = sev;
			bad = s;
		}
	}
	if (worst < 0)
		return;
	f = finding(k, NULL, "ci-oidc-trust-wildcard-sub", (enum nhi_severity)worst, "NHI6",
		    "trust accepts %s subjects matching '%s'%s", provider, bad,
		    worst == NHI_SEV_CRITICAL ? ": any repository" : ": every repository of the owner");
	evidence(f, rec, nhi_get_str(rec, "identity"), "document.Statement.Condition", json_string(bad));
}

static int is_ci_provider(const char *p)
{
	return strstr(p, "token.actions.githubusercontent.com") || strstr(p, "gitlab");
}

static json_t *assumers, *assumers_by_acct, *svc_roles;

static void add_assume_edges(long from_list_k, json_t *list, long role,
			     const char *arn, int cond, const char *step)
{
	json_t *v;
	size_t i;

	(void)from_list_k;
	json_array_foreach(list, i, v) {
		long x = (long)json_integer_value(v);
		int r;

		if (x == role)
			continue;
		r = effective(&nodes[x], "sts:AssumeRole", arn, 0);
		if (r != NO)
			edge(x, role, "sts:AssumeRole", step, cond || r == COND);
	}
}

static void trust_doc(long k, json_t *rec)
{
	struct node *n = &nodes[k];
	struct stmts s = { 0 };
	struct nhi_buf b = NHI_BUF_INIT, step = NHI_BUF_INIT;
	const char *arn = n->arn;

	doc_stmts(&s, json_object_get(rec, "document"), rec);
	if (!n->trustp)
		n->trustp = nhi_iam_policy_parse(json_object_get(rec, "document"), NHI_IAM_TRUST, "trust", NULL);
	for (size_t i = 0; i < s.n; i++) {
		json_t *st = s.v[i].s, *pr = json_object_get(st, "Principal");
		json_t *cond = json_object_get(st, "Condition"), *aws, *fed, *svc, *v;
		size_t j;

		if (!s.v[i].allow)
			continue;
		if (json_is_string(pr) && !strcmp(json_string_value(pr), "*"))
			aws = pr;
		else
			aws = json_object_get(pr, "AWS");
		fed = json_object_get(pr, "Federated");
		svc = json_object_get(pr, "Service");
		for (j = 0; aws && j < (json_is_array(aws) ? json_array_size(aws) : 1); j++) {
			json_t *e = json_is_array(aws) ? json_array_get(aws, j) : aws;
			const char *p = json_string_value(e), *acct;

			if (!p)
				continue;
			nhi_buf_reset(&step);
			nhi_buf_addf(&step, "its trust names %s", p);
			if (!strcmp(p, "*")) {
				if (!s.v[i].cond) {
					json_t *f = finding(k, NULL, "trust-wildcard-principal", NHI_SEV_CRITICAL, "NHI3",
							    "trust lets any AWS principal assume this role, with no condition");
					evidence(f, rec, nhi_get_str(rec, "identity"), "document.Statement.Principal", json_string("*"));
				}
				if (arn)
					add_assume_edges(k, assumers, k, arn, s.v[i].cond, step.buf);
				continue;
			}
			if (isdigit((unsigned char)*p) && strlen(p) == 12)
				acct = p;
			else
				acct = arn_account(p, &b);
			if (acct && n->account && strcmp(acct, n->account) &&
			    !json_object_get(accounts, acct) && !has_cond_key(cond, "sts:ExternalId")) {
				json_t *f = finding(k, NULL, "trust-external-no-external-id", NHI_SEV_HIGH, "NHI3",
						    "trust lets account %s, outside the estate, assume this role without sts:ExternalId", acct);
				evidence(f, rec, nhi_get_str(rec, "identity"), "document.Statement.Principal.AWS", json_string(p));
			}
			if (!arn)
				continue;
			if (acct && (strlen(p) == 12 || strstr(p, ":root"))) {
				add_assume_edges(k, json_object_get(assumers_by_acct, acct), k, arn, s.v[i].cond, step.buf);
			} else {
				long x = resolve(p);

				if (x >= 0) {
					int r = nodes[x].st.n ? effective(&nodes[x], "sts:AssumeRole", arn, 0) : NO;

					if (r != NO)
						edge(x, k, "sts:AssumeRole", step.buf, s.v[i].cond || r == COND);
				}
			}
		}
		for (j = 0; fed && j < (json_is_array(fed) ? json_array_size(fed) : 1); j++) {
			json_t *e = json_is_array(fed) ? json_array_get(fed, j) : fed, *vals;
			const char *p = json_string_value(e);

			if (!p)
				continue;
			vals = json_array();
			cond_values(cond, ":sub", vals);
			if (is_ci_provider(p))
				oidc_check(k, rec, vals, strstr(p, "token.actions.githubusercontent.com") ?
					   "token.actions.githubusercontent.com" : p);
			else if (strstr(p, "oidc.eks.") || strstr(p, "oidc-provider/")) {
				size_t m;

				json_array_foreach(vals, m, v) {
					const char *sub = json_string_value(v);
					long sa;

					if (strncmp(sub, "system:serviceaccount:", 22) || strchr(sub, '*'))
						continue;
					sa = resolve(sub);
					if (sa < 0) {
						const char *ns = sub + 22, *c = strchr(ns, ':');

						if (!c)
							continue;
						nhi_buf_reset(&b);
						nhi_buf_addf(&b, "k8s:default/sa/%.*s/%s", (int)(c - ns), ns, c + 1);
						sa = ensure(b.buf, "no identity record");
						nhi_index_alias(alias_ix, sub, sa);
					}
					nhi_buf_reset(&step);
					nhi_buf_addf(&step, "irsa: %s assumes %s with its web identity", sub, arn ? arn : node_id(k));
					edge(sa, k, "irsa", step.buf, 0);
				}
			}
			json_decref(vals);
		}
		for (j = 0; svc && j < (json_is_array(svc) ? json_array_size(svc) : 1); j++) {
			json_t *e = json_is_array(svc) ? json_array_get(svc, j) : svc, *l;
			const char *p = json_string_value(e);

			if (!p)
				continue;
			l = json_object_get(svc_roles, p);
			if (!l) {
				l = json_array();
				json_object_set_new(svc_roles, p, l);
			}
			json_array_append_new(l, json_integer(k));
		}
	}
	free(s.v);
	nhi_buf_release(&b);
	nhi_buf_release(&step);
}

static void merge_trust(void)
{
	json_t *text;
	size_t i;
	const char *const drop[] = { "kind", "identity", NULL };
	struct nhi_buf step = NHI_BUF_INIT;

	json_array_foreach(trusts, i, text) {
		long k;
		json_t *rec = json_loads(json_string_value(text), 0, NULL);
		const char *target = nhi_get_str(rec, "target");
		json_t *fed = json_object_get(rec, "federated");
		json_t *what = json_object_get(rec, "document");

		if (once("t", nhi_get_str(rec, "identity"), what ? what : json_object_get(rec, "target"))) {
			json_decref(rec);
			continue;
		}
		k = ensure(nhi_get_str(rec, "identity"), "no identity record");

		{
			/* kept as text until the lineage record is written */
			json_t *t = without(rec, drop);
			struct nhi_buf tb = NHI_BUF_INIT;

			nhi_json_dump(t, &tb);
			json_array_append_new(arr(&nodes[k].trust), json_stringn(tb.buf, tb.len));
			nhi_buf_release(&tb);
			json_decref(t);
		}
		add_source(&nodes[k], rec);
		if (target) {
			const char *mech = nhi_get_str(rec, "mechanism");
			long t = ensure(target, "no identity record");

			nhi_buf_reset(&step);
			nhi_buf_addf(&step, "%s: %s acts as %s", mech ? mech : "trust",
				     node_id(k), node_id(t));
			edge(k, t, mech ? mech : "trust", step.buf, 0);
		}
		if (json_is_object(fed) && nhi_get_str(fed, "provider") &&
		    is_ci_provider(nhi_get_str(fed, "provider"))) {
			json_t *vals = json_array();

			if (nhi_get_str(fed, "subject"))
				json_array_append(vals, json_object_get(fed, "subject"));
			oidc_check(k, rec, vals, nhi_get_str(fed, "provider"));
			json_decref(vals);
		}
		if (json_is_object(what))
			trust_doc(k, rec);
		json_decref(rec);
	}
	nhi_buf_release(&step);
}

/* Annotations that bind a Kubernetes service account to a cloud identity. */
static void annotation_edges(void)
{
	struct nhi_buf b = NHI_BUF_INIT;

	for (size_t k = 0; k < nnodes; k++) {
		json_t *ann = json_object_get(nodes[k].ident, "annotations");
		const char *role = nhi_get_str(ann, "eks.amazonaws.com/role-arn");
		const char *gsa = nhi_get_str(ann, "iam.gke.io/gcp-service-account");

		if (role) {
			long t = ensure(role, "no identity record");

			nhi_buf_reset(&b);
			nhi_buf_addf(&b, "irsa: annotation eks.amazonaws.com/role-arn names %s", role);
			edge((long)k, t, "irsa", b.buf, 0);
		}
		if (gsa) {
			long t = ensure(gsa, "no identity record");

			nhi_buf_reset(&b);
			nhi_buf_addf(&b, "gke_workload_identity: annotation iam.gke.io/gcp-service-account names %s", gsa);
			edge((long)k, t, "gke_workload_identity", b.buf, 0);
		}
	}
	nhi_buf_release(&b);
}

/* Environments: "prod" or "nonprod" from a name's words. */
static const char *env_class(const char *s)
{
	static const char *const prod[] = { "prod", "production", "prd", "live", NULL };
	static const char *const nonprod[] = { "dev", "development", "staging", "stage",
		"stg", "test", "testing", "qa", "sandbox", "uat", "nonprod", "preprod", NULL };
	const char *p = s, *res = NULL;

	while (p && *p) {
		size_t n;
		char w[32];

		while (*p && !isalnum((unsigned char)*p))
			p++;
		for (n = 0; isalnum((unsigned char)p[n]); n++)
			;
		if (n && n < sizeof(w)) {
			for (size_t i = 0; i < n; i++)
				w[i] = (char)tolower((unsigned char)p[i]);
			w[n] = 0;
			for (size_t i = 0; prod[i]; i++)
				if (!strcmp(w, prod[i]))
					return "prod";
			for (size_t i = 0; nonprod[i]; i++)
				if (!strcmp(w, nonprod[i]))
					res = "nonprod";
		}
		p += n;
	}
	return res;
}

static void cred_env(long c, const char *s, const char *what, const char *where,
		     const char *kind)
{
	const char *e = s ? env_class(s) : NULL;
	json_t *ev;

	if (!e || json_object_get(creds[c].envs, e))
		return;
	ev = json_object();
	nhi_set_str(ev, "field", what);
	nhi_set_str(ev, "value", s);
	nhi_set_str(ev, "id", where);
	nhi_set_str(ev, "kind", kind);
	json_object_set_new(creds[c].envs, e, ev);
}

static struct nhi_index *secret_ix;

static void index_secret_sightings(void)
{
	for (size_t c = 0; c < ncreds; c++) {
		for (size_t i = 0; i < creds[c].nsv; i++) {
			const struct sight *sg = &sights[creds[c].sv[i]];
			const char *obj = sight_get(sg, SF_OBJECT), *path = sight_get(sg, SF_PATH);

			if (!sg->k8s)
				continue;
			if (obj && nhi_index_get(secret_ix, obj) < 0)
				nhi_index_alias(secret_ix, obj, (long)c);
			if (path && nhi_index_get(secret_ix, path) < 0)
				nhi_index_alias(secret_ix, path, (long)c);
		}
	}
}

static int cloud_static(const char *t)
{
	return t && (!strcmp(t, "aws_access_key") || !strcmp(t, "aws_secret_key") ||
		     !strcmp(t, "gcp_sa_key") || !strcmp(t, "azure_sp_secret"));
}

static int token_static(const char *t)
{
	return t && (!strcmp(t, "github_pat") || !strcmp(t, "registry_token") ||
		     !strcmp(t, "package_token") || !strcmp(t, "api_key") ||
		     !strcmp(t, "password"));
}

static void consumer(long k, const char *wid, json_t *w, const char *ref,
		     const char *via, const char *cred)
{
	json_t *c = json_object(), *v;
	size_t i;

	json_array_foreach(nodes[k].consumers, i, v) {
		if (!strcmp(nhi_get_str(v, "workload") ? nhi_get_str(v, "workload") : "", wid) &&
		    !strcmp(nhi_get_str(v, "ref") ? nhi_get_str(v, "ref") : "", ref ? ref : "")) {
			json_decref(c);
			return;
		}
	}
	nhi_set_str(c, "workload", wid);
	nhi_set_str(c, "type", nhi_get_str(w, "type"));
	nhi_set_str(c, "ref", ref);
	nhi_set_str(c, "via", via);
	nhi_set_str(c, "credential", cred);
	nhi_set_str(c, "environment", nhi_get_str(w, "environment"));
	json_array_append_new(arr(&nodes[k].consumers), c);
}

/* The k8s namespace and cluster of a workload id "k8s:CLUSTER/NS/Kind/name". */
static void wl_scope(const char *wid, struct nhi_buf *ns, struct nhi_buf *cluster)
{
	const char *p, *q;

	nhi_buf_reset(ns);
	nhi_buf_reset(cluster);
	if (strncmp(wid, "k8s:", 4))
		return;
	p = wid + 4;
	if (!(q = strchr(p, '/')))
		return;
	nhi_buf_add(cluster, p, (size_t)(q - p));
	p = q + 1;
	if ((q = strchr(p, '/')))
		nhi_buf_add(ns, p, (size_t)(q - p));
}

static long use_cred(json_t *u)
{
	const char *ref = nhi_get_str(u, "ref");
	long c = cred_find(nhi_get_str(u, "credential"));

	if (c < 0)
		c = cred_find(nhi_get_str(u, "key_id"));
	if (c < 0)
		c = cred_find(nhi_get_str(u, "fingerprint"));
	if (c < 0 && ref && !strncmp(ref, "secret:", 7)) {
		/* "secret:NS/NAME#KEY": the Secret that a sighting found */
		struct nhi_buf b = NHI_BUF_INIT;
		const char *h = strchr(ref, '#');

		c = nhi_index_get(secret_ix, ref + 7);
		if (c < 0 && h) {
			nhi_buf_add(&b, ref + 7, (size_t)(h - ref - 7));
			c = nhi_index_get(secret_ix, b.buf);
		}
		nhi_buf_release(&b);
	}
	return c;
}

static void merge_workloads(void)
{
	json_t *w;
	size_t i;
	struct nhi_buf ns = NHI_BUF_INIT, cl = NHI_BUF_INIT;

	json_array_foreach(workloads, i, w) {
		const char *wid = nhi_get_str(w, "id"), *type = nhi_get_str(w, "type");
		const char *sa = nhi_get_str(w, "service_account");
		json_t *uses = json_object_get(w, "uses"), *ids = json_object_get(w, "identities");
		json_t *trig = json_object_get(w, "triggers"), *u, *cloud = NULL, *tokens = NULL, *secrets = NULL;
		int ci = type && (!strcmp(type, "gha_job") || !strcmp(type, "gitlab_job"));
		int prt = 0;
		size_t j;

		if (once("w", wid, NULL))
			continue;
		type = type ? type : "";
		wl_scope(wid, &ns, &cl);
		json_array_foreach(trig, j, u)
			prt |= json_is_string(u) && !strcmp(json_string_value(u), "pull_request_target");
		if (sa)
			consumer(ensure(sa, "no identity record"), wid, w, NULL, "service_account", NULL);
		json_array_foreach(ids, j, u) {
			const char *ref = nhi_get_str(u, "ref");

			if (ref)
				consumer(ensure(ref, "no identity record"), wid, w, ref,
					 nhi_get_str(u, "via"), NULL);
		}
		json_array_foreach(uses, j, u) {
			const char *ct = nhi_get_str(u, "credential_type");
			const char *ref = nhi_get_str(u, "ref");
			json_t *st = json_object_get(u, "static");
			int is_static = json_is_boolean(st) ? json_is_true(st) : 1;
			long c = use_cred(u);

			if (c >= 0) {
				size_t m;
				json_t *x;
				int seen = 0;

				json_array_foreach(creds[c].workloads, m, x)
					seen |= !strcmp(json_string_value(x), wid);
				if (!seen)
					json_array_append_new(creds[c].workloads, json_string(wid));
				consumer(creds[c].node, wid, w, ref, nhi_get_str(u, "via"),
					 nhi_get_str(creds[c].rec, "id"));
				cred_env(c, nhi_get_str(w, "environment"), "environment", wid, "workload");
				cred_env(c, ns.buf, "namespace", wid, "workload");
				cred_env(c, cl.buf, "cluster", wid, "workload");
			}
			if (is_static && cloud_static(ct))
				json_array_append(arr(&cloud), u);
			else if (is_static && token_static(ct) && ci)
				json_array_append(arr(&tokens), u);
			if (ref && !strncmp(ref, "secrets.", 8) && strcmp(ref, "secrets.GITHUB_TOKEN"))
				json_array_append(arr(&secrets), u);
		}
		if (cloud) {
			json_t *f;
			const char *mig = nhi_get_str(json_array_get(cloud, 0), "migratable_to");

			if (ci)
				f = finding(-1, wid, "static-cloud-key-in-ci", NHI_SEV_HIGH, "NHI6",
					    "CI job uses a static cloud credential from its secrets%s%s",
					    mig ? "; migratable to " : "", mig ? mig : "");
			else
				f = finding(-1, wid, "static-key-could-federate", NHI_SEV_MEDIUM, "NHI4",
					    "%s uses a static cloud credential where a federated identity would do%s%s",
					    *type ? type : "workload", mig ? "; migratable to " : "", mig ? mig : "");
			json_array_foreach(cloud, j, u)
				evidence(f, w, wid, "uses[].ref", json_string(nhi_get_str(u, "ref") ? nhi_get_str(u, "ref") : ""));
		}
		json_array_foreach(tokens, j, u) {
			const char *mig = nhi_get_str(u, "migratable_to");
			json_t *f = finding(-1, wid, "static-token-in-ci", NHI_SEV_LOW, "NHI6",
					    "CI job uses a static %s (%s)%s%s",
					    nhi_get_str(u, "credential_type"),
					    nhi_get_str(u, "ref") ? nhi_get_str(u, "ref") : "unnamed",
					    mig ? "; migratable to " : "; report only",
					    mig ? mig : "");

			evidence(f, w, wid, "uses[].ref", json_string(nhi_get_str(u, "ref") ? nhi_get_str(u, "ref") : ""));
		}
		if (prt && secrets) {
			json_t *f = finding(-1, wid, "pull-request-target-secrets", NHI_SEV_HIGH, "NHI6",
					    "pull_request_target job can reach %zu repository secret(s) from fork pull requests",
					    json_array_size(secrets));

			evidence(f, w, wid, "triggers", json_string("pull_request_target"));
			json_array_foreach(secrets, j, u)
				evidence(f, w, wid, "uses[].ref", json_string(nhi_get_str(u, "ref")));
		}
		json_decref(cloud);
		json_decref(tokens);
		json_decref(secrets);
	}
	nhi_buf_release(&ns);
	nhi_buf_release(&cl);
}

/* Events were summarised per raw principal; several raw names (sessions of
 * one role, a key id and its user) fold into one identity here. */
static void fold_event(json_t *into, json_t *e)
{
	const char *f = nhi_get_str(e, "first"), *l = nhi_get_str(e, "last");
	const char *of = nhi_get_str(into, "first"), *ol = nhi_get_str(into, "last");
	json_t *ss = json_object_get(e, "sessions"), *os = json_object_get(into, "sessions"), *v, *w;
	size_t i, j;

	json_object_set_new(into, "events", json_integer(json_integer_value(json_object_get(into, "events")) +
							   json_integer_value(json_object_get(e, "events"))));
	if (f && (!of || strcmp(f, of) < 0))
		nhi_set_str(into, "first", f);
	if (l && (!ol || strcmp(l, ol) > 0))
		nhi_set_str(into, "last", l);
	json_array_foreach(ss, i, v) {
		int seen = 0;

		if (!os) {
			os = json_array();
			json_object_set_new(into, "sessions", os);
		}
		json_array_foreach(os, j, w)
			seen |= json_equal(v, w);
		if (!seen && json_array_size(os) < 8)
			json_array_append(os, v);
	}
}

static void merge_events(void)
{
	const char *raw;
	json_t *by;

	json_object_foreach(events_by, raw, by) {
		long k = ensure(raw, "no identity record");
		const char *key;
		json_t *e;

		if (!nodes[k].evsrc)
			nodes[k].evsrc = json_object();
		json_object_foreach(by, key, e) {
			json_t *old = json_object_get(nodes[k].evsrc, key);

			if (!old && json_object_size(nodes[k].evsrc) >= MAX_EVENT_SOURCES &&
			    strcmp(key, "\x1e")) {
				key = "\x1e";
				old = json_object_get(nodes[k].evsrc, key);
				if (!old) {
					old = json_object();
					json_object_set_new(old, "other_sources", json_true());
					json_object_set_new(nodes[k].evsrc, key, old);
				}
			}
			if (old)
				fold_event(old, e);
			else
				json_object_set(nodes[k].evsrc, key, e);
		}
	}
}

/* Reach.  Access levels come from the action name (Get, List, Describe...
 * read; anything else, and any wildcard that spans both, writes). */
static int writes_cb(const struct nhi_iam_action *a, void *arg)
{
	if (a->access >= NHI_IAM_TAGGING)
		*(int *)arg = 1;
	return *(int *)arg;
}

static int action_writes_verb(const char *a);

/* The catalog's access levels when it knows the action or pattern; else
 * the verb the name starts with. */
static int action_writes(const char *a)
{
	static int loaded = -1;
	int w = 0;

	if (loaded < 0)
		loaded = nhi_iam_catalog_load(NULL) == NULL;
	if (loaded && nhi_iam_catalog_expand(a, writes_cb, &w) > 0)
		return w;
	return action_writes_verb(a);
}

static int action_writes_verb(const char *a)
{
	static const char *const readv[] = { "Get", "List", "Describe", "Head", "BatchGet",
		"Query", "Scan", "Select", "View", "Read", "Search", "Lookup", NULL };
	const char *name = strchr(a, ':');

	name = name ? name + 1 : a;
	for (size_t i = 0; readv[i]; i++) {
		size_t n = strlen(readv[i]);

		if (!strncasecmp(name, readv[i], n))
			return 0;
	}
	return 1;
}

static const char *const levels[] = { "conditional", "some", "all" };

/* svc_level: note a grant on a service at a level ("conditional" < "some"
 * < "all"), read or write; kept as numbers until written out. */
static void svc_level(struct node *n, const char *svc, const char *level, int writes)
{
	uint32_t name = (uint32_t)nhi_index_put(str_ix, svc, NULL);
	struct svc *v = NULL;
	unsigned char li = 0;

	for (unsigned char i = 0; i < 3; i++)
		if (!strcmp(level, levels[i]))
			li = i;
	for (size_t i = 0; i < n->nsvc; i++)
		if (n->svc[i].name == name)
			v = &n->svc[i];
	if (!v) {
		n->svc = xreallocarray(n->svc, n->nsvc + 1, sizeof(*n->svc));
		v = &n->svc[n->nsvc++];
		v->name = name;
		v->level = li;
		v->write = 0;
	}
	if (li > v->level)
		v->level = li;
	v->write |= writes != 0;
}

static json_t *services_json(struct node *n)
{
	json_t *o = json_object();

	for (size_t i = 0; i < n->nsvc; i++) {
		json_t *e = json_object();

		nhi_set_str(e, "level", levels[n->svc[i].level]);
		nhi_set_str(e, "access", n->svc[i].write ? "write" : "read");
		json_object_set_new(o, nhi_index_name(str_ix, n->svc[i].name), e);
	}
	return o;
}

static const char *first_str(json_t *v)
{
	return json_is_string(v) ? json_string_value(v) :
	       json_string_value(json_array_get(v, 0));
}

/* Narrowing.  The pattern engine answers a wildcard grant ("s3:*") by its
 * patterns alone, so a Deny, boundary or SCP that takes out part of it
 * would not show.  Such a grant is expanded through the action catalog and
 * each action decided by lib/iam; a grant nothing narrows keeps the
 * pattern answer, so an estate without Denies costs nothing more. */

/* Whether statement s's actions touch some of pattern p (cover: all of it). */
static int stmt_acts(const struct nhi_iam_stmt *s, const char *p, int cover)
{
	for (unsigned i = 0; i < s->nactions; i++)
		if (s->not_action ? cover ? nhi_iam_glob_overlap(s->actions[i], p, true)
					  : nhi_iam_glob(s->actions[i], p, true)
				  : cover ? nhi_iam_glob(s->actions[i], p, true)
					  : nhi_iam_glob_overlap(s->actions[i], p, true))
			return !s->not_action;
	return s->not_action;
}

/* The same for its resources and res; a policy variable touches anything
 * and covers nothing (its value is not known here). */
static int stmt_res(const struct nhi_iam_stmt *s, const char *res, int cover)
{
	if (!s->has_resource)
		return 1;
	for (unsigned i = 0; i < s->nresources; i++) {
		const char *r = s->resources[i];
		int vars = nhi_iam_has_vars(r);

		if (s->not_resource ? cover ? vars || nhi_iam_arn_overlap(r, res)
					    : !vars && nhi_iam_arn_match(r, res)
				    : cover ? !vars && nhi_iam_arn_match(r, res)
					    : vars || nhi_iam_arn_overlap(r, res))
			return !s->not_resource;
	}
	return s->not_resource;
}

static int denies_some(const struct nhi_iam_policy *p, const char *act, const char *res)
{
	for (unsigned i = 0; p && i < p->nstmts; i++)
		if (p->stmts[i].effect == NHI_IAM_DENY && stmt_acts(&p->stmts[i], act, 0) &&
		    stmt_res(&p->stmts[i], res, 0))
			return 1;
	return 0;
}

static int allows_all(const struct nhi_iam_policy *p, const char *act, const char *res)
{
	for (unsigned i = 0; i < p->nstmts; i++)
		if (p->stmts[i].effect == NHI_IAM_ALLOW && !p->stmts[i].condition &&
		    stmt_acts(&p->stmts[i], act, 1) && stmt_res(&p->stmts[i], res, 1))
			return 1;
	return 0;
}

/* narrowed: whether a Deny anywhere touches act on res, or the boundary or
 * some SCP level does not allow all of it without condition. */
static int narrowed(const struct node *n, const char *act, const char *res)
{
	struct nhi_iam_policy *const *scp = NULL;
	size_t nscp = 0, i, j;

	if (n->acct >= 0 && (size_t)n->acct < nscp_sets) {
		scp = scp_sets[n->acct].v;
		nscp = scp_sets[n->acct].n;
	}
	for (i = 0; i < n->nip; i++)
		if (denies_some(n->ip[i], act, res))
			return 1;
	for (i = 0; i < n->nrp; i++)
		if (denies_some(n->rp[i], act, res))
			return 1;
	if (n->ib && (denies_some(n->ib, act, res) || !allows_all(n->ib, act, res)))
		return 1;
	for (i = 0; i < nscp; i++) {
		if (denies_some(scp[i], act, res))
			return 1;
		/* lib/iam: every level must allow, any one SCP of it will do */
		for (j = 0; j < nscp; j++)
			if (scp[j]->level == scp[i]->level && allows_all(scp[j], act, res))
				break;
		if (j == nscp)
			return 1;
	}
	return 0;
}

/* A narrowed grant, action by action: how many the pattern names in the
 * catalog, how many are allowed (yes) or allowed under unknown conditions
 * (cond), and whether an allowed one writes (Write, Permissions
 * management, Tagging).  first_write stops at the first that writes. */
struct grant {
	struct node *n;
	const char *res;
	int first_write;
	size_t total, yes, cond;
	int write;
};

static int grant_one(const struct nhi_iam_action *a, void *arg)
{
	struct grant *g = arg;
	int r = iam_effective(g->n, a->name, g->res, 1);

	g->total++;
	if (r == NO)
		return 0;
	if (r == YES)
		g->yes++;
	else
		g->cond++;
	if (a->access >= NHI_IAM_TAGGING)
		g->write = 1;
	return g->first_write && g->write;
}

/* Grants repeat: a managed policy on a thousand roles under one SCP asks
 * the same question a thousand times.  With no resource policy the answer
 * depends on the policies alone (lib/iam is asked without context, and the
 * principal only matters to resource policies), so it is kept under their
 * addresses, which are interned and fixed for the run.  When the grant is
 * whole (below) and no identity policy denies any of it, the identity's
 * side is "allowed" for every action, so only the boundary and the SCPs
 * make the answer: identities with different policies share it. */
#define GRANT_MEMO_MAX 65536
static struct nhi_strmap grant_memo;
static struct grant *grant_memo_v;
static size_t grant_memo_n;

/* grant_own: whether the Allow statement s grants each action of its
 * patterns on res by itself (under its condition, if any): an identity
 * policy's statement whose Resource is res, or "*".  Whole: and it has no
 * condition. */
static int grant_own(const struct stmt *s, const char *res)
{
	json_t *r = json_object_get(s->s, "Resource"), *e;
	const char *via = nhi_get_str(s->pol, "via");
	size_t i;

	if (!s->allow || !r || (via && !strncmp(via, "resource:", 9)) || nhi_iam_has_vars(res))
		return 0;
	if (json_is_string(r))
		return !strcmp(json_string_value(r), "*") || !strcmp(json_string_value(r), res);
	json_array_foreach(r, i, e)
		if (json_is_string(e) && (!strcmp(json_string_value(e), "*") ||
					  !strcmp(json_string_value(e), res)))
			return 1;
	return 0;
}

static int grant_whole(const struct stmt *s, const char *res)
{
	return !s->cond && grant_own(s, res);
}

/* any_resource: whether every statement of p names every resource, so
 * that p answers the same for any resource. */
static int any_resource(const struct nhi_iam_policy *p)
{
	for (unsigned i = 0; p && i < p->nstmts; i++) {
		const struct nhi_iam_stmt *s = &p->stmts[i];

		if (s->has_resource && (s->not_resource || s->nresources != 1 ||
					strcmp(s->resources[0], "*")))
			return 0;
	}
	return 1;
}

/* grant_expand: 1 with g filled when act of statement s on res is narrowed
 * and the catalog knows act; -1 when nothing narrows it; 0 when the
 * pattern answer stands (also for actions the catalog does not know). */
static int grant_expand(struct node *n, const struct stmt *s, const char *act,
			const char *res, int first_write, struct grant *g)
{
	static struct nhi_buf key = NHI_BUF_INIT;
	const char *kres = res; /* the resource the answer depends on */
	void *hit;
	int own = 0;

	memset(g, 0, sizeof(*g));
	g->n = n;
	g->res = res;
	g->first_write = first_write;
	if ((!strchr(act, '*') && !strchr(act, '?')) || (!n->nip && !n->nrp))
		return 0;
	if (!narrowed(n, act, res))
		return -1;
	if (nhi_iam_catalog_load(NULL))
		return 0;
	if (n->nrp) {
		nhi_iam_catalog_expand(act, grant_one, g);
		return g->total > 0;
	}
	for (size_t i = 0; i < n->nip && !own; i++)
		own = denies_some(n->ip[i], act, res);
	nhi_buf_reset(&key);
	nhi_buf_addf(&key, "%d %d %p", first_write, n->acct, (const void *)n->ib);
	if (own || !grant_whole(s, res)) {
		for (size_t i = 0; i < n->nip; i++)
			nhi_buf_addf(&key, " %p", (const void *)n->ip[i]);
	} else if (any_resource(n->ib)) {
		/* and when the boundary and SCPs name no resource, nor does it */
		size_t i, nscp = n->acct >= 0 && (size_t)n->acct < nscp_sets ? scp_sets[n->acct].n : 0;

		for (i = 0; i < nscp && any_resource(scp_sets[n->acct].v[i]); i++)
			;
		if (i == nscp)
			kres = "*";
	}
	nhi_buf_addf(&key, "\n%s\n%s", act, kres);
	if ((hit = nhi_strmap_get(&grant_memo, key.buf, key.len))) {
		*g = grant_memo_v[(uintptr_t)hit - 1];
		g->n = n;
		g->res = res;
		return g->total > 0;
	}
	nhi_iam_catalog_expand(act, grant_one, g);
	if (grant_memo_n < GRANT_MEMO_MAX) {
		if (!(grant_memo_n & (grant_memo_n - 1)))
			grant_memo_v = xreallocarray(grant_memo_v, grant_memo_n ? 2 * grant_memo_n : 1,
						     sizeof(*grant_memo_v));
		grant_memo_v[grant_memo_n++] = *g;
		nhi_strmap_slot(&grant_memo, key.buf, key.len)->value = (void *)(uintptr_t)grant_memo_n;
	}
	return g->total > 0;
}

static void aws_reach(struct node *n)
{
	json_t *sens;
	struct grant g;
	size_t i, j;

	/* Admin-equivalent: everything allowed, and no Deny carves any
	 * part of it out (a Deny on iam:* leaves "admin but IAM"), be it a
	 * NotAction Deny or one in an SCP. */
	n->admin = n->st.n && effective(n, "*", "*", 0) == YES &&
		   eval(&n->st, 0, "*", "*", 2) == NO && eval(&n->bd, 0, "*", "*", 2) == NO &&
		   !narrowed(n, "*", "*");
	for (i = 0; i < n->st.n; i++) {
		json_t *st = n->st.v[i].s, *acts = json_object_get(st, "Action");
		const char *res = first_str(json_object_get(st, "Resource"));

		if (!n->st.v[i].allow)
			continue;
		res = res ? res : "*";
		if (!acts && json_object_get(st, "NotAction")) {
			svc_level(n, "*", n->st.v[i].cond ? "conditional" : "some", 1);
			continue;
		}
		for (j = 0; j < (json_is_array(acts) ? json_array_size(acts) : 1); j++) {
			const char *p = first_str(json_is_array(acts) ? json_array_get(acts, j) : acts);
			const char *colon;
			struct nhi_buf svc = NHI_BUF_INIT;
			int r, w, whole, e;

			if (!p)
				continue;
			colon = strchr(p, ':');
			whole = !strcmp(colon ? colon + 1 : p, "*");
			e = grant_expand(n, &n->st.v[i], p, res, 0, &g);
			if (e > 0) {
				/* "all" only if every action it names is allowed */
				if (!g.yes && !g.cond)
					continue;
				r = g.yes ? YES : COND;
				whole = whole && g.yes == g.total;
				w = g.write;
			} else if (e < 0 && grant_own(&n->st.v[i], res)) {
				/* nothing narrows its own grant */
				r = n->st.v[i].cond ? COND : YES;
				w = action_writes(p);
			} else {
				r = effective(n, p, res, 1);
				if (r == NO)
					continue;
				w = action_writes(p);
			}
			if (colon)
				nhi_buf_add(&svc, p, (size_t)(colon - p));
			else
				nhi_buf_adds(&svc, "*");
			svc_level(n, svc.buf,
				  n->st.v[i].cond || r == COND ? "conditional" :
				  whole ? "all" : "some", w);
			nhi_buf_release(&svc);
		}
	}
	n->reads_secrets |= n->st.n &&
		(effective(n, "secretsmanager:GetSecretValue", "*", 1) != NO ||
		 effective(n, "ssm:GetParameter", "*", 1) != NO);
	json_array_foreach(sensitive, i, sens) {
		const char *pat = json_string_value(sens);
		int w = 0, rd = 0;

		for (size_t k = 0; k < n->st.n && !w; k++) {
			json_t *st = n->st.v[k].s, *acts = json_object_get(st, "Action"), *r = json_object_get(st, "Resource");

			if (!n->st.v[k].allow || !acts || !r || !pats_match(r, pat, 0, 1))
				continue;
			for (j = 0; j < (json_is_array(acts) ? json_array_size(acts) : 1); j++) {
				const char *p = first_str(json_is_array(acts) ? json_array_get(acts, j) : acts);
				int e;

				if (!p)
					continue;
				e = grant_expand(n, &n->st.v[k], p, pat, 1, &g);
				if (e > 0) {
					/* an allowed action that writes, else one that reads */
					w |= g.write;
					rd |= g.yes + g.cond > 0;
				} else if (!(e < 0 && grant_own(&n->st.v[k], pat)) &&
					   effective(n, p, pat, 1) == NO)
					continue;
				else if (action_writes(p))
					w = 1;
				else
					rd = 1;
			}
		}
		n->sens_write += w;
		n->sens_read += !w && rd;
	}
}

/* Role bindings of the other systems (GCP, Azure, Okta, Vault, ...) are
 * graded by the role's name: the roles that can grant themselves anything
 * are admin-equivalent, any other is "some" write on that system. */
static void other_reach(struct node *n)
{
	static const char *const admin[] = { "roles/owner", "roles/resourcemanager.organizationAdmin",
		"roles/iam.securityAdmin", "roles/resourcemanager.projectIamAdmin", "Owner",
		"User Access Administrator", "Global Administrator", "Privileged Role Administrator",
		"SUPER_ADMIN", "ORG_ADMIN", "root", "admin", NULL };
	json_t *p;
	size_t i;

	json_array_foreach(n->policies, i, p) {
		const char *via = nhi_get_str(p, "via"), *role, *colon;
		json_t *doc = json_object_get(p, "document");
		struct nhi_buf svc = NHI_BUF_INIT;

		if (is_iam(via, "") || !strncmp(via, "k8s:", 4) || !(colon = strchr(via, ':')))
			continue;
		role = nhi_get_str(doc, "role");
		if (!role)
			role = nhi_get_str(doc, "policy");
		for (size_t j = 0; role && admin[j]; j++)
			if (!strcmp(role, admin[j]))
				n->other_admin = 1;
		nhi_buf_add(&svc, via, (size_t)(colon - via));
		nhi_buf_addf(&svc, ":%s", role ? role : colon + 1);
		svc_level(n, svc.buf, "some", 1);
		nhi_buf_release(&svc);
	}
}

/* Kubernetes RBAC from policy records with via k8s:Role/NS/NAME or
 * k8s:ClusterRole/NAME (a "namespace" field scopes a ClusterRole bound by a
 * RoleBinding). */
static void k8s_reach(struct node *n)
{
	json_t *p;
	size_t i;

	json_array_foreach(n->policies, i, p) {
		const char *via = nhi_get_str(p, "via"), *ns = "*";
		json_t *rules = json_object_get(json_object_get(p, "document"), "rules"), *rule;
		struct nhi_buf nsb = NHI_BUF_INIT;
		size_t j;

		if (strncmp(via, "k8s:", 4))
			continue;
		if (!strncmp(via, "k8s:Role/", 9)) {
			const char *sl = strchr(via + 9, '/');

			nhi_buf_add(&nsb, via + 9, sl ? (size_t)(sl - via - 9) : strlen(via + 9));
			ns = nsb.buf;
		}
		json_array_foreach(rules, j, rule) {
			json_t *verbs = json_object_get(rule, "verbs"), *res = json_object_get(rule, "resources");
			json_t *names = json_object_get(rule, "resourceNames"), *r;
			int all_verbs = pats_match(verbs, "*", 0, 0);
			int writes = all_verbs, reads = all_verbs;
			size_t m;

			if (!res)
				continue;
			json_array_foreach(verbs, m, r) {
				const char *v = json_string_value(r);

				if (!v)
					continue;
				if (!strcmp(v, "get") || !strcmp(v, "list") || !strcmp(v, "watch"))
					reads = 1;
				else
					writes = 1;
			}
			json_array_foreach(res, m, r) {
				const char *rs = json_string_value(r);
				struct nhi_buf svc = NHI_BUF_INIT;

				if (!rs)
					continue;
				nhi_buf_addf(&svc, "k8s:%s", rs);
				svc_level(n, svc.buf,
					  all_verbs && !json_array_size(names) ? "all" : "some", writes);
				nhi_buf_release(&svc);
				if (!strcmp(rs, "*") && all_verbs && !strcmp(ns, "*") &&
				    (!json_object_get(rule, "apiGroups") ||
				     pats_match(json_object_get(rule, "apiGroups"), "*", 0, 0)))
					n->k8s_admin = 1;
				if ((!strcmp(rs, "*") || !strcmp(rs, "secrets")) && reads &&
				    !json_array_size(names)) {
					n->reads_secrets = 1;
					json_array_append_new(arr(&n->secret_ns), json_string(ns));
				}
			}
		}
		nhi_buf_release(&nsb);
	}
}

/* Privilege escalation comes from lib/iam/privesc: the published
 * techniques, each a path with its steps.  The estate it searches is the
 * privileged (admin-equivalent) users, roles and groups; a path to one of
 * them, or to the identity itself, makes it admin-equivalent through
 * escalation. */
static struct nhi_iam_node *estate_nodes;
static size_t nestate;
/* Slots after the estate for one identity's own groups (AWS allows a user
 * in 10), so attach-group-policy and put-group-policy see a group that
 * carries no policy of its own. */
#define OWN_GROUPS 10
static char own_group_arn[OWN_GROUPS][256];

static const char *node_type(struct node *n)
{
	return nhi_get_str(n->ident, "type");
}

static const char *grant_via(struct node *n, const char *action, const char *res)
{
	for (size_t i = 0; i < n->st.n; i++)
		if (n->st.v[i].allow && stmt_applies(n->st.v[i].s, action, res, 1))
			return nhi_get_str(n->st.v[i].pol, "via");
	return NULL;
}

static void build_estate(void)
{
	for (size_t k = 0; k < nnodes; k++) {
		struct node *n = &nodes[k];
		const char *type = node_type(n);
		struct nhi_iam_node *e;

		if (!n->admin || !n->arn || !type ||
		    (strcmp(type, "iam_user") && strcmp(type, "iam_role") &&
		     strcmp(type, "iam_group")))
			continue;
		estate_nodes = xreallocarray(estate_nodes, nestate + 1 + OWN_GROUPS,
					     sizeof(*estate_nodes));
		e = &estate_nodes[nestate++];
		memset(e, 0, sizeof(*e));
		e->type = !strcmp(type, "iam_user") ? NHI_IAM_NODE_USER :
			  !strcmp(type, "iam_group") ? NHI_IAM_NODE_GROUP : NHI_IAM_NODE_ROLE;
		e->arn = n->arn;
		e->privileged = 1;
		e->trust = n->trustp;
	}
}

static char **first_list;
static size_t first_n;

static void free_first(void)
{
	for (size_t i = 0; i < first_n; i++)
		free(first_list[i]);
	free(first_list);
}

/* may_escalate: a cheap test before the search: whether any statement
 * allows some action a technique starts with. Most identities of an estate
 * have none, and the search is the costly part of a run. */
static int may_escalate(struct node *n)
{
	static char **first;
	static size_t nfirst;

	if (!first) {
		nfirst = nhi_iam_technique_count();
		first = xcalloc(nfirst + 1, sizeof(*first));
		for (size_t i = 0; i < nfirst; i++) {
			const char *a = nhi_iam_technique_at(i)->actions;

			first[i] = xstrndup(a, strcspn(a, " +"));
		}
		atexit(free_first);
		first_list = first;
		first_n = nfirst;
	}
	for (size_t i = 0; i < nfirst; i++)
		if (eval(&n->st, 1, first[i], "*", 1) != NO)
			return 1;
	return 0;
}

/* own_groups: the user's groups (names, from its identity record, kept
 * as text) as estate nodes listing it, in the slots after the estate. */
static void own_groups(struct node *n, struct nhi_iam_estate *est)
{
	json_t *rec, *g, *v;
	char acct[16];
	size_t i;

	if (!n->ident_text || !strstr(n->ident_text, "\"groups\"") ||
	    !nhi_iam_arn_account(n->arn, acct)[0])
		return;
	rec = json_loads(n->ident_text, 0, NULL);
	g = json_object_get(rec, "groups");
	if (!estate_nodes)
		estate_nodes = xcalloc(OWN_GROUPS, sizeof(*estate_nodes));
	json_array_foreach(g, i, v) {
		size_t slot = est->nnodes - nestate;

		if (!json_is_string(v) || slot == OWN_GROUPS)
			continue;
		snprintf(own_group_arn[slot], sizeof(own_group_arn[slot]),
			 "arn:aws:iam::%s:group/%s", acct, json_string_value(v));
		estate_nodes[est->nnodes++] = (struct nhi_iam_node){
			.type = NHI_IAM_NODE_GROUP, .arn = own_group_arn[slot],
			.members = (const char *const *)&n->arn, .nmembers = 1 };
	}
	est->nodes = estate_nodes;
	json_decref(rec);
}

static void privesc(long k)
{
	struct node *n = &nodes[k];
	struct nhi_iam_set set = { 0 };
	struct nhi_iam_estate est = { estate_nodes, nestate };
	struct nhi_iam_paths ps = NHI_IAM_PATHS_INIT;
	struct nhi_buf b = NHI_BUF_INIT;
	bool trunc = false;
	char now[NHI_TIME_BUFSZ];
	json_t *ctx;

	if (!n->nip || n->admin || !n->arn || !may_escalate(n))
		return;
	set.identity = n->ip;
	set.nidentity = n->nip;
	set.boundary = n->ib;
	own_groups(n, &est);
	if (n->acct >= 0 && (size_t)n->acct < nscp_sets) {
		set.scps = scp_sets[n->acct].v;
		set.nscps = scp_sets[n->acct].n;
	}
	/* As of now: a session's token is at most hours old, and any user
	 * can get a fresh one, so aws:TokenIssueTime is taken as now too. */
	nhi_time_format(nhi_opts.now, now);
	ctx = json_pack("{ssss}", "aws:CurrentTime", now, "aws:TokenIssueTime", now);
	nhi_iam_privesc_find(&set, n->arn, ctx, &est, &ps, &trunc);
	json_decref(ctx);
	for (size_t i = 0; i < ps.n; i++) {
		const struct nhi_iam_path *p = &ps.v[i];
		json_t *pj = nhi_iam_path_json(p);

		n->escalates = 1;
		if (!strcmp(p->target, n->arn) || !p->unknown_target) {
			long x = strcmp(p->target, n->arn) ? resolve(p->target) : -1;

			nhi_set_str(pj, "reaches", "admin-equivalent");
			n->esc_admin |= !p->conditional;
			if (x >= 0) {
				nhi_buf_reset(&b);
				nhi_buf_addf(&b, "%s: escalates to %s", p->technique, p->target);
				edge(k, x, p->technique, b.buf, p->conditional);
			}
		}
		json_array_append_new(arr(&n->paths), pj);
	}
	if (trunc)
		n->paths_truncated = 1;
	nhi_iam_paths_release(&ps);
	nhi_buf_release(&b);
}

/* A readable secret that holds another identity's credential: a service
 * account that reads Secrets in a namespace reaches every credential a
 * sighting found in a Secret there; an AWS identity that can read a Secrets
 * Manager secret reaches the credential stored in it. */
static void secret_edges(void)
{
	struct nhi_buf b = NHI_BUF_INIT, ns = NHI_BUF_INIT;
	json_t *k8s_readers = json_array(), *aws_readers = json_array(), *kv;
	size_t ki;

	/* Readers first, so the loop below is sightings x readers. */
	for (size_t k = 0; k < nnodes; k++) {
		if (nodes[k].secret_ns)
			json_array_append_new(k8s_readers, json_integer((json_int_t)k));
		if (nodes[k].st.n && effective(&nodes[k], "secretsmanager:GetSecretValue", "*", 1) != NO)
			json_array_append_new(aws_readers, json_integer((json_int_t)k));
	}

	for (size_t c = 0; c < ncreds; c++) {
		for (size_t i = 0; i < creds[c].nsv; i++) {
			const struct sight *sg = &sights[creds[c].sv[i]];
			const char *obj = sight_get(sg, SF_OBJECT), *path = sight_get(sg, SF_PATH);

			if (!sg->k8s && !sg->sm)
				continue;
			if (sg->k8s) {
				const char *where = obj ? obj : path;

				if (!where)
					continue;
				nhi_buf_reset(&ns);
				nhi_buf_add(&ns, where, strcspn(where, "/"));
				json_array_foreach(k8s_readers, ki, kv) {
					long k = (long)json_integer_value(kv);
					json_t *v;
					size_t m;
					int hit = 0;

					if (k == creds[c].node)
						continue;
					json_array_foreach(nodes[k].secret_ns, m, v)
						hit |= !strcmp(json_string_value(v), "*") ||
						       !strcmp(json_string_value(v), ns.buf);
					if (!hit)
						continue;
					nhi_buf_reset(&b);
					nhi_buf_addf(&b, "reads Secret %s, which holds %s", where,
						     nhi_get_str(creds[c].rec, "id"));
					edge(k, creds[c].node, "secret-read", b.buf, 0);
				}
			} else if (obj || path) {
				const char *arn = obj ? obj : path;

				json_array_foreach(aws_readers, ki, kv) {
					long k = (long)json_integer_value(kv);
					int r;

					if (k == creds[c].node)
						continue;
					r = effective(&nodes[k], "secretsmanager:GetSecretValue", arn, 0);
					if (r == NO)
						continue;
					nhi_buf_reset(&b);
					nhi_buf_addf(&b, "secretsmanager:GetSecretValue on %s, which holds %s",
						     arn, nhi_get_str(creds[c].rec, "id"));
					edge(k, creds[c].node, "secret-read", b.buf, r == COND);
				}
			}
		}
	}
	json_decref(k8s_readers);
	json_decref(aws_readers);
	nhi_buf_release(&b);
	nhi_buf_release(&ns);
}

static int wildcard_write(const struct node *n)
{
	for (size_t i = 0; i < n->nsvc; i++)
		if (n->svc[i].write && n->svc[i].level > 0 &&
		    !strcmp(nhi_index_name(str_ix, n->svc[i].name), "*"))
			return 1;
	return 0;
}

/* Blast radius before chains (see BLAST RADIUS in the man page). */
static int direct_score(struct node *n)
{
	int s;

	if (n->admin || n->k8s_admin)
		return 100;
	if (n->esc_admin)
		return 90;
	if (wildcard_write(n))
		return 80; /* every service but what a Deny or NotAction keeps out */
	s = min2(36, 12 * n->sens_write) + min2(18, 6 * n->sens_read) +
	    (n->reads_secrets ? 10 : 0) + min2(15, 3 * n->nsvc_write) +
	    min2(5, n->nsvc_read) + (n->escalates ? 10 : 0);
	return min2(s, 85);
}

static void count_services(struct node *n)
{
	for (size_t i = 0; i < n->nsvc; i++) {
		if (n->svc[i].write)
			n->nsvc_write++;
		else
			n->nsvc_read++;
	}
}

static void transitive(long k)
{
	struct node *n = &nodes[k];
	uint32_t visit[MAX_REACHED];
	struct nhi_edge via[MAX_REACHED];
	size_t nv = nhi_graph_walk(graph, (uint32_t)k, MAX_DEPTH, MAX_REACHED, visit, via);
	int best = n->direct;
	struct nhi_buf stepb = NHI_BUF_INIT;

	for (size_t i = 0; i < nv; i++) {
		json_t *t = json_object(), *steps = json_array();
		size_t cur = i, depth = 0;
		struct node *y = &nodes[visit[i]];
		int cond = 0, sc;

		/* Walk back to the start through the edges that found it. */
		for (;;) {
			struct label *l = &labels[via[cur].label];
			json_t *s = json_object();
			size_t j;

			nhi_set_str(s, "from", node_id(via[cur].from));
			nhi_set_str(s, "to", node_id(via[cur].to));
			nhi_set_str(s, "via", nhi_index_name(str_ix, l->via));
			step_text(&via[cur], &stepb);
			nhi_set_str(s, "step", stepb.buf);
			if (l->cond) {
				json_object_set_new(s, "conditional", json_true());
				cond = 1;
			}
			json_array_insert_new(steps, 0, s);
			depth++;
			if (via[cur].from == (uint32_t)k)
				break;
			for (j = 0; j < i && visit[j] != via[cur].from; j++)
				;
			if (j == i)
				break;
			cur = j;
		}
		nhi_set_str(t, "identity", node_id(visit[i]));
		if (y->admin || y->k8s_admin || y->esc_admin)
			nhi_set_str(t, "reaches", "admin-equivalent");
		if (cond)
			json_object_set_new(t, "conditional", json_true());
		json_object_set_new(t, "steps", steps);
		json_array_append_new(arr(&n->transitive), t);
		sc = y->direct - 5 * (int)depth;
		if (cond)
			sc -= 5;
		if (sc > best)
			best = sc;
	}
	if (nv && best < 100)
		best = min2(100, best + min2(10, 2 * (int)nv));
	n->blast = best > n->direct ? best : n->direct;
	nhi_buf_release(&stepb);
}

static void summary(struct node *n, struct nhi_buf *b)
{
	const char *sep = "";
	json_t *t;
	size_t i;

#define PART(...) do { nhi_buf_adds(b, sep); nhi_buf_addf(b, __VA_ARGS__); sep = "; "; } while (0)
	if (n->admin)
		PART("admin-equivalent");
	else if (n->k8s_admin)
		PART("admin-equivalent (cluster-admin)");
	else if (n->esc_admin)
		PART("admin-equivalent via privilege escalation");
	else {
		json_array_foreach(n->transitive, i, t)
			if (nhi_get_str(t, "reaches")) {
				PART("admin-equivalent via %s", nhi_get_str(t, "identity"));
				break;
			}
	}
	if (!n->admin && !n->k8s_admin && wildcard_write(n))
		PART("write on every service but some");
	if (n->escalates && !n->esc_admin)
		PART("can escalate (%zu technique%s)", json_array_size(n->paths),
		     json_array_size(n->paths) == 1 ? "" : "s");
	if (n->reads_secrets)
		PART("reads secrets");
	if (n->sens_write)
		PART("write on %d sensitive resource%s", n->sens_write, n->sens_write == 1 ? "" : "s");
	if (n->sens_read)
		PART("read %d sensitive resource%s", n->sens_read, n->sens_read == 1 ? "" : "s");
	if (n->nsvc_write)
		PART("write on %d service%s", n->nsvc_write, n->nsvc_write == 1 ? "" : "s");
	if (n->nsvc_read)
		PART("read %d service%s", n->nsvc_read, n->nsvc_read == 1 ? "" : "s");
	if (json_array_size(n->transitive))
		PART("reaches %zu other identit%s", json_array_size(n->transitive),
		     json_array_size(n->transitive) == 1 ? "y" : "ies");
	if (n->unknown_policies)
		PART("%d polic%s not in the input", n->unknown_policies,
		     n->unknown_policies == 1 ? "y" : "ies");
	if (!*sep)
		PART("no known permissions");
#undef PART
}

/* Findings about one identity and its credentials. */
static int cred_active(json_t *rec)
{
	const char *s = nhi_get_str(rec, "status");

	if (!s)
		return -1;
	return !strcmp(s, "active");
}

static void node_findings(long k)
{
	struct node *n = &nodes[k];
	json_t *cv, *f;
	size_t i, j;
	int active_static = 0;

	/* Findings from the merge stay; the rest are computed again for
	 * each pass (lineage, then finding records), to bound memory. */
	if (!n->findings_done) {
		n->npersist = json_array_size(n->findings);
		n->findings_done = 1;
	}
	while (json_array_size(n->findings) > n->npersist)
		json_array_remove(n->findings, json_array_size(n->findings) - 1);
	struct nhi_buf b = NHI_BUF_INIT;

	if (n->admin) {
		f = finding(k, NULL, "admin-equivalent", NHI_SEV_HIGH, "NHI5",
			    "grants every action on every resource");
		json_array_foreach(n->policies, i, cv)
			if (n->other_admin && !is_iam(nhi_get_str(cv, "via"), "") &&
			    strncmp(nhi_get_str(cv, "via"), "k8s:", 4))
				evidence_as(f, "policy", NULL, node_id(k), "via",
					    json_string(nhi_get_str(cv, "via")));
		for (i = 0; i < n->st.n; i++)
			if (n->st.v[i].allow && !n->st.v[i].cond &&
			    stmt_applies(n->st.v[i].s, "*", "*", 0))
				evidence(f, n->st.v[i].pol, node_id(k), "via",
					 json_string(nhi_get_str(n->st.v[i].pol, "via")));
	} else if (n->k8s_admin) {
		f = finding(k, NULL, "k8s-cluster-admin", NHI_SEV_HIGH, "NHI5",
			    "RBAC grants every verb on every resource in every namespace");
		json_array_foreach(n->policies, i, cv)
			if (!strncmp(nhi_get_str(cv, "via"), "k8s:", 4))
				evidence(f, n->ident, node_id(k), "policies[].via",
					 json_string(nhi_get_str(cv, "via")));
	} else {
		/* "svc:*" on "*": a whole service, not the least privilege */
		json_t *svcs = json_array();

		for (i = 0; i < n->st.n; i++) {
			json_t *st = n->st.v[i].s, *acts = json_object_get(st, "Action"), *a;

			if (!n->st.v[i].allow || n->st.v[i].cond ||
			    !pats_match(json_object_get(st, "Resource"), "*", 0, 0))
				continue;
			for (j = 0; j < (json_is_array(acts) ? json_array_size(acts) : 1); j++) {
				a = json_is_array(acts) ? json_array_get(acts, j) : acts;
				if (json_is_string(a) && strlen(json_string_value(a)) > 2 &&
				    !strcmp(strchr(json_string_value(a), ':') ? strchr(json_string_value(a), ':') : "", ":*") &&
				    effective(n, json_string_value(a), "*", 0) != NO)
					json_array_append(svcs, a);
			}
		}
		if (json_array_size(svcs)) {
			nhi_buf_reset(&b);
			json_array_foreach(svcs, i, cv)
				nhi_buf_addf(&b, "%s%s", i ? ", " : "", json_string_value(cv));
			f = finding(k, NULL, "wildcard-grant", NHI_SEV_MEDIUM, "NHI5",
				    "grants whole services on every resource: %s", b.buf);
			json_array_foreach(svcs, i, cv)
				evidence(f, n->ident, node_id(k), "policies[].document.Statement[].Action", json_incref(cv));
		}
		json_decref(svcs);
	}
	if (!n->admin && !n->k8s_admin && !n->esc_admin) {
		json_array_foreach(n->transitive, i, cv) {
			json_t *st;

			if (!nhi_get_str(cv, "reaches"))
				continue;
			f = finding(k, NULL, "admin-via-chain", NHI_SEV_HIGH, "NHI5",
				    "reaches admin-equivalent %s in %zu step%s%s",
				    nhi_get_str(cv, "identity"), json_array_size(json_object_get(cv, "steps")),
				    json_array_size(json_object_get(cv, "steps")) == 1 ? "" : "s",
				    json_is_true(json_object_get(cv, "conditional")) ? " (conditional)" : "");
			json_array_foreach(json_object_get(cv, "steps"), j, st)
				evidence_as(f, "edge", NULL, nhi_get_str(st, "from"), nhi_get_str(st, "via"),
					    json_string(nhi_get_str(st, "to")));
			break;
		}
	}
	json_array_foreach(n->paths, i, cv) {
		const char *tech = nhi_get_str(cv, "technique"), *target = nhi_get_str(cv, "target");
		int adm = nhi_get_str(cv, "reaches") != NULL;
		int cond = json_is_true(json_object_get(cv, "conditional"));
		json_t *st;

		f = finding(k, NULL, "privilege-escalation", adm && !cond ? NHI_SEV_CRITICAL : NHI_SEV_HIGH, "NHI5",
			    "can escalate by %s to %s%s%s", tech,
			    target && n->arn && !strcmp(target, n->arn) ? "itself" : target ? target : "?",
			    cond ? " (conditional)" : "", adm ? ": admin-equivalent" : "");
		json_array_foreach(json_object_get(cv, "steps"), j, st)
			evidence_as(f, "policy", NULL, nhi_get_str(st, "via"), nhi_get_str(st, "action"),
				    nhi_get_str(st, "resource") ? json_string(nhi_get_str(st, "resource")) : NULL);
	}
	/* credentials */
	{
		int nactive = 0;

		json_array_foreach(n->creds, i, cv) {
			long c = (long)json_integer_value(cv);
			json_t *rec = creds[c].rec;
			const char *cid = nhi_get_str(rec, "id"), *type = nhi_get_str(rec, "type");
			int act = cred_active(rec), hint = 0;
			int is_static = !json_is_false(json_object_get(rec, "static"));
			int64_t created = nhi_get_time(rec, "created"), exp;
			char tb[NHI_TIME_BUFSZ];

			if (is_static && act == 1) {
				nactive += type && !strcmp(type, "aws_access_key");
				active_static = 1;
			}
			/* the owner's environment tag counts where the key is used */
			{
				json_t *tags = json_object_get(n->ident, "tags");
				const char *env = nhi_get_str(tags, "environment");

				if (!env)
					env = nhi_get_str(tags, "env");
				cred_env(c, env, "tags.environment", node_id(k), "identity");
			}
			for (j = 0; j < creds[c].nsv; j++)
				hint |= sights[creds[c].sv[j]].hint;
			for (j = 0; j < creds[c].nsv; j++) {
				const struct sight *sg = &sights[creds[c].sv[j]];
				const char *lt = sight_get(sg, SF_TYPE), *path = sight_get(sg, SF_PATH);
				const char *repo = sight_get(sg, SF_REPO), *rule = sight_get(sg, SF_RULE);
				enum nhi_severity sev = act == 1 || hint ? NHI_SEV_HIGH :
							act == 0 ? NHI_SEV_LOW : NHI_SEV_MEDIUM;

				cred_env(c, path, "location.path", cid, "sighting");
				cred_env(c, sight_get(sg, SF_HOST), "location.host", cid, "sighting");
				if (sg->vault)
					continue;
				if ((act == 1 || hint) && (n->admin || n->k8s_admin || n->esc_admin))
					sev = NHI_SEV_CRITICAL;
				nhi_buf_reset(&b);
				if (repo)
					nhi_buf_addf(&b, "%s:", repo);
				nhi_buf_addf(&b, "%s", path ? path : "?");
				if (sg->has_line)
					nhi_buf_addf(&b, ":%lld", sg->line);
				f = finding(k, NULL, "secret-leak", sev, "NHI2",
					    "%s %s found in %s %s%s", rule ? rule : "credential",
					    cid, lt ? lt : "file", b.buf,
					    act == 1 ? " and it is active" : hint ? " and it looks live" :
					    act == 0 ? " (not active)" : "");
				evidence_src(f, "sighting", cid, "location.path", json_string(b.buf),
					     sight_get(sg, SF_EVSRC));
			}
			if (is_static && act != 0 && created > 0 &&
			    nhi_opts.now - created > key_max_age) {
				long days = (long)((nhi_opts.now - created) / 86400);

				f = finding(k, NULL, "key-too-old",
					    nhi_opts.now - created > 2 * key_max_age ? NHI_SEV_HIGH : NHI_SEV_MEDIUM,
					    "NHI7", "%s is %ld days old, over the %ld-day limit",
					    cid, days, (long)(key_max_age / 86400));
				evidence(f, rec, cid, "created", json_string(nhi_time_format(created, tb)));
			}
			exp = 0;
			if (nhi_get_str(rec, "expires") &&
			    nhi_time_parse(nhi_get_str(rec, "expires"), &exp) == NHI_TIME_NEVER &&
			    act != 0) {
				f = finding(k, NULL, "secret-never-expires", NHI_SEV_MEDIUM, "NHI7",
					    "%s never expires", cid);
				evidence(f, rec, cid, "expires", json_string(nhi_get_str(rec, "expires")));
			}
			if (json_object_get(creds[c].envs, "prod") && json_object_get(creds[c].envs, "nonprod")) {
				json_t *p = json_object_get(creds[c].envs, "prod");
				json_t *q = json_object_get(creds[c].envs, "nonprod");

				f = finding(k, NULL, "prod-nonprod-reuse", NHI_SEV_HIGH, "NHI8",
					    "%s is used in production (%s) and outside it (%s)", cid,
					    nhi_get_str(p, "value"), nhi_get_str(q, "value"));
				evidence_as(f, nhi_get_str(p, "kind"), NULL, nhi_get_str(p, "id"), nhi_get_str(p, "field"), json_string(nhi_get_str(p, "value")));
				evidence_as(f, nhi_get_str(q, "kind"), NULL, nhi_get_str(q, "id"), nhi_get_str(q, "field"), json_string(nhi_get_str(q, "value")));
			}
			if (json_array_size(creds[c].workloads) >= 2) {
				json_t *w;

				f = finding(k, NULL, "credential-reuse", NHI_SEV_MEDIUM, "NHI9",
					    "%s is used by %zu distinct workloads", cid,
					    json_array_size(creds[c].workloads));
				json_array_foreach(creds[c].workloads, j, w)
					evidence_as(f, "workload", NULL, json_string_value(w), "uses[]", json_string(cid));
			}
		}
		if (nactive >= 2) {
			f = finding(k, NULL, "two-active-keys", NHI_SEV_LOW, "NHI7",
				    "%d active access keys at once", nactive);
			json_array_foreach(n->creds, i, cv) {
				json_t *rec = creds[json_integer_value(cv)].rec;

				if (cred_active(rec) == 1)
					evidence(f, rec, nhi_get_str(rec, "id"), "status", json_string("active"));
			}
		}
	}
	(void)active_static;
	nhi_buf_release(&b);
}

/* A sighting as a storage entry: the record without "kind", with the
 * credential it shows (quoted: cred_json). */
static void storage_entry(struct nhi_buf *out, const struct sight *sg, const char *cid,
			  const char *cred_json)
{
	const char *text = sight_get(sg, SF_TEXT);
	size_t n = strlen(text);

	if (sg->has_cred) {
		/* a "credential" of its own keeps its place, with our value */
		json_t *s = sight_load(sg);

		nhi_set_str(s, "credential", cid);
		nhi_json_dump(s, out);
		json_decref(s);
		return;
	}
	nhi_buf_add(out, text, n - 1);
	if (n > 2)
		nhi_buf_addch(out, ',');
	nhi_buf_addf(out, "\"credential\":%s}", cred_json);
}

/* put_key: ,"key": (or "key": after an opening) appended to out. */
static void put_key(struct nhi_buf *out, const char *key)
{
	const unsigned char *p = (const unsigned char *)key;

	if (out->buf[out->len - 1] != '{' && out->buf[out->len - 1] != '[')
		nhi_buf_addch(out, ',');
	while (*p >= 0x20 && *p <= 0x7e && *p != '"' && *p != '\\')
		p++;
	if (!*p) {
		/* printable ASCII needs no escape: written as it is */
		nhi_buf_addch(out, '"');
		nhi_buf_adds(out, key);
		nhi_buf_addch(out, '"');
	} else {
		json_t *k = json_string(key);

		nhi_json_dump(k, out);
		json_decref(k);
	}
	nhi_buf_addch(out, ':');
}

/* put: a member whose value is written as it is.  No reference is taken:
 * in the second writer process a reference count written is a page
 * copied. */
static void put(struct nhi_buf *out, const char *key, json_t *value)
{
	put_key(out, key);
	nhi_json_dump(value, out);
}

/* put_credential: a credential record as the lineage record lists it:
 * without kind, identity and source, with its age. */
static void put_credential(struct nhi_buf *out, json_t *rec)
{
	static const char *const cdrop[] = { "kind", "identity", "source", NULL };
	int64_t created = nhi_get_time(rec, "created");
	int aged = created > 0 && nhi_opts.now >= created;
	long long age = aged ? (long long)((nhi_opts.now - created) / 86400) : 0;
	const char *key;
	json_t *v;

	nhi_buf_addch(out, '{');
	json_object_foreach(rec, key, v) {
		if (in_list(key, cdrop))
			continue;
		if (aged && !strcmp(key, "age_days")) {
			/* a record's own age_days gives way, in its place */
			put_key(out, key);
			nhi_buf_addf(out, "%lld", age);
			aged = 0;
			continue;
		}
		put(out, key, v);
	}
	if (aged) {
		put_key(out, "age_days");
		nhi_buf_addf(out, "%lld", age);
	}
	nhi_buf_addch(out, '}');
}

/* lineage: the lineage record of node k as one line of compact JSON (no
 * newline) in out.  Built in parts, so that the sightings, which are most
 * of it, are copied as the text they were kept as instead of being parsed
 * and written again. */
static void lineage(long k, struct nhi_buf *out)
{
	struct node *n = &nodes[k];
	json_t *l = nhi_record_new("lineage"), *v, *fl, *full;
	const char *id = node_id(k), *colon = strchr(id, ':');
	struct nhi_buf b = NHI_BUF_INIT, q = NHI_BUF_INIT;
	static const char *const copy[] = { "system", "type", "name", "account", "arn",
		"status", "created", "last_used", "tags", "annotations", NULL };
	size_t i, j;
	const char *key;

	full = n->ident_text ? json_loads(n->ident_text, 0, NULL) : NULL;
	nhi_set_str(l, "id", id);
	for (i = 0; copy[i]; i++) {
		if ((v = json_object_get(full, copy[i])))
			json_object_set(l, copy[i], v);
		else if (!strcmp(copy[i], "system") && colon) {
			nhi_buf_reset(&b);
			nhi_buf_add(&b, id, (size_t)(colon - id));
			nhi_set_str(l, "system", !strcmp(b.buf, "fp") ? "unknown" : b.buf);
		} else if (!strcmp(copy[i], "type") && !n->ident && !strncmp(id, "fp:", 3))
			nhi_set_str(l, "type", "credential");
		else if (!strcmp(copy[i], "type") && !n->ident && !strncmp(id, "aws:key:", 8))
			nhi_set_str(l, "type", "credential");
		else if (!strcmp(copy[i], "account") && n->account)
			nhi_set_str(l, "account", n->account);
	}
	if (n->unresolved)
		nhi_set_str(l, "unresolved", n->unresolved);
	if (full && json_object_get(full, "source")) {
		json_t *o = json_object();

		json_object_set(o, "source", json_object_get(full, "source"));
		if ((v = json_object_get(full, "created")))
			json_object_set(o, "created", v);
		json_object_set_new(l, "origin", o);
	} else {
		/* no record says where it came from: where it was first seen */
		json_array_foreach(n->creds, i, v) {
			const struct cred *c = &creds[json_integer_value(v)];
			json_t *first, *o;

			if (!c->nsv)
				continue;
			first = sight_load(&sights[c->sv[0]]);
			o = json_object();
			json_object_set(o, "location", json_object_get(first, "location"));
			json_object_set_new(l, "origin", o);
			json_decref(first);
			break;
		}
	}

	/* the head, the credentials, then "storage" from the kept text */
	nhi_json_dump(l, out);
	out->len--;
	nhi_buf_adds(out, ",\"credentials\":[");
	json_array_foreach(n->creds, i, v) {
		if (i)
			nhi_buf_addch(out, ',');
		put_credential(out, creds[json_integer_value(v)].rec);
	}
	nhi_buf_adds(out, "],\"storage\":[");
	json_array_foreach(n->creds, i, v) {
		const struct cred *c = &creds[json_integer_value(v)];
		const char *cid = nhi_get_str(c->rec, "id");

		nhi_buf_reset(&q);
		if (c->nsv) {
			json_t *js = json_string(cid ? cid : "");

			nhi_json_dump(js, &q);
			json_decref(js);
		}
		for (j = 0; j < c->nsv; j++) {
			if (out->buf[out->len - 1] != '[')
				nhi_buf_addch(out, ',');
			storage_entry(out, &sights[c->sv[j]], cid, q.buf);
		}
	}
	nhi_buf_addch(out, ']');

	/* the consumers: workloads, then the sources seen in events */
	nhi_buf_adds(out, ",\"consumers\":[");
	json_array_foreach(n->consumers, i, v) {
		if (out->buf[out->len - 1] != '[')
			nhi_buf_addch(out, ',');
		nhi_json_dump(v, out);
	}
	json_object_foreach(n->evsrc, key, v) {
		if (out->buf[out->len - 1] != '[')
			nhi_buf_addch(out, ',');
		nhi_json_dump(v, out);
	}
	nhi_buf_addch(out, ']');
	if (n->policies)
		put(out, "policies", n->policies);
	else
		nhi_buf_adds(out, ",\"policies\":[]");
	/* trust documents were kept as text */
	nhi_buf_adds(out, ",\"trust\":[");
	json_array_foreach(n->trust, i, v) {
		if (i)
			nhi_buf_addch(out, ',');
		nhi_buf_add(out, json_string_value(v), json_string_length(v));
	}
	nhi_buf_addch(out, ']');
	nhi_buf_adds(out, ",\"reach\":{");
	nhi_buf_reset(&b);
	summary(n, &b);
	v = json_string(b.buf);
	put(out, "summary", v);
	json_decref(v);
	v = services_json(n);
	put(out, "services", v);
	json_decref(v);
	if (n->sens_write || n->sens_read)
		nhi_buf_addf(out, ",\"sensitive\":{\"write\":%d,\"read\":%d}", n->sens_write, n->sens_read);
	if (n->secret_ns)
		put(out, "secrets", n->secret_ns);
	if (n->paths)
		put(out, "paths", n->paths);
	if (n->transitive)
		put(out, "transitive", n->transitive);
	nhi_buf_addf(out, "},\"blast_radius\":%d", n->blast);
	fl = json_array();
	json_array_foreach(n->findings, i, v) {
		json_t *f = json_object();

		json_object_set(f, "rule", json_object_get(v, "rule"));
		json_object_set(f, "severity", json_object_get(v, "severity"));
		json_object_set(f, "nhi_top10", json_object_get(v, "nhi_top10"));
		json_object_set(f, "message", json_object_get(v, "message"));
		json_array_append_new(fl, f);
	}
	put(out, "findings", fl);
	json_decref(fl);

	/* "sources": the identity's, then each sighting's */
	nhi_buf_adds(out, ",\"sources\":[");
	if (n->sources.len)
		nhi_buf_add(out, n->sources.buf, n->sources.len);
	{
		json_array_foreach(n->creds, i, v) {
			const struct cred *c = &creds[json_integer_value(v)];

			for (j = 0; j < c->nsv; j++) {
				const struct sight *sg = &sights[c->sv[j]];

				if (!sg->src_len)
					continue;
				if (out->buf[out->len - 1] != '[')
					nhi_buf_addch(out, ',');
				nhi_buf_add(out, sight_get(sg, SF_TEXT) + sg->src_off, sg->src_len);
			}
		}
	}
	nhi_buf_adds(out, "]}");
	nhi_buf_release(&b);
	nhi_buf_release(&q);
	json_decref(l);
	json_decref(full);
}

/* lineage_tree: the lineage record of node k, parsed (--since, --explain). */
static json_t *lineage_tree(long k)
{
	struct nhi_buf b = NHI_BUF_INIT;
	json_t *l;

	lineage(k, &b);
	l = json_loadb(b.buf, b.len, 0, NULL);
	if (!l)
		nhi_die(NHI_EXIT_SYSTEM, "%s: cannot read back its lineage record", node_id(k));
	nhi_buf_release(&b);
	return l;
}

static int cmp_node(const void *a, const void *b)
{
	return strcmp(node_id(*(const long *)a), node_id(*(const long *)b));
}

static const char *fkey(json_t *f, const char *k)
{
	const char *s = nhi_get_str(f, k);

	return s ? s : "";
}

static int cmp_finding(const void *a, const void *b)
{
	json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	const char *xs = *fkey(x, "identity") ? fkey(x, "identity") : fkey(x, "workload");
	const char *ys = *fkey(y, "identity") ? fkey(y, "identity") : fkey(y, "workload");
	int r = strcmp(xs, ys);

	if (!r)
		r = strcmp(fkey(x, "rule"), fkey(y, "rule"));
	if (!r)
		r = strcmp(fkey(x, "message"), fkey(y, "message"));
	if (!r) {
		/* Ties are rare; the evidence settles them. */
		char *xe = json_dumps(json_object_get(x, "evidence"), JSON_COMPACT);
		char *ye = json_dumps(json_object_get(y, "evidence"), JSON_COMPACT);

		r = strcmp(xe ? xe : "", ye ? ye : "");
		free(xe);
		free(ye);
	}
	return r;
}

static void drop_findings(struct node *n)
{
	while (json_array_size(n->findings) > n->npersist)
		json_array_remove(n->findings, json_array_size(n->findings) - 1);
}

static json_t **sorted_findings(json_t *a, size_t *n)
{
	json_t **v = xmalloc((json_array_size(a) + 1) * sizeof(*v));

	*n = json_array_size(a);
	for (size_t i = 0; i < *n; i++)
		v[i] = json_array_get(a, i);
	qsort(v, *n, sizeof(*v), cmp_finding);
	return v;
}

/* The lineage records, then the finding records, sorted.  Each identity's
 * findings are computed once, with its lineage record (which lists them),
 * merged in order with the workloads' findings, and spooled until the last
 * lineage record is out. */
#define SPOOL_MEMORY (4u << 20)

struct out_range {
	size_t from, to;     /* order[from..to) */
	size_t wfrom, wto;   /* the workloads' findings wl[wfrom..wto) */
	struct nhi_spool *lines; /* NULL: straight to stdout */
	struct nhi_spool *findings;
	json_t *news;        /* --since: the new lineage records, or NULL */
};

static void emit_range(const long *order, json_t **wl, const struct out_range *r)
{
	struct nhi_buf line = NHI_BUF_INIT, f = NHI_BUF_INIT;
	size_t w = r->wfrom;

	for (size_t i = r->from; i < r->to; i++) {
		long k = order[i];
		struct node *n = &nodes[k];
		size_t nf;
		json_t **fs;

		node_findings(k);
		nhi_buf_reset(&line);
		lineage(k, &line);
		if (r->news)
			json_object_set_new(r->news, node_id(k), json_loadb(line.buf, line.len, 0, NULL));
		nhi_buf_addch(&line, '\n');
		if (r->lines)
			nhi_spool_add(r->lines, line.buf, line.len);
		else
			nhi_emit_text(line.buf, line.len);
		fs = sorted_findings(arr(&n->findings), &nf);
		nhi_buf_reset(&f);
		for (size_t j = 0; j < nf; j++) {
			while (w < r->wto && cmp_finding(&wl[w], &fs[j]) < 0)
				nhi_render(wl[w++], &f);
			nhi_render(fs[j], &f);
		}
		nhi_spool_add(r->findings, f.buf, f.len);
		free(fs);
		drop_findings(n);
	}
	nhi_buf_reset(&f);
	while (w < r->wto)
		nhi_render(wl[w++], &f);
	nhi_spool_add(r->findings, f.buf, f.len);
	nhi_buf_release(&line);
	nhi_buf_release(&f);
}

/* The second half of the identities goes to a child process, so that the
 * output, a third of the run, uses the second core.  The child sees the
 * merged estate as it is at the fork and writes its lineage records and
 * findings into temporary files, which the parent copies out in order:
 * its own lineage records, the child's, its own findings, the child's.
 * The workloads' findings are split at the first identity of the second
 * half, where the sorted order splits too. */
static void emit_all(const long *order, json_t *news)
{
	size_t nw, half = nnodes / 2;
	json_t **wl = sorted_findings(wl_findings, &nw);
	struct out_range mine = { 0, nnodes, 0, nw, NULL, nhi_spool_new(SPOOL_MEMORY), news };
	struct out_range theirs = mine;
	pid_t pid = -1;
	int st;

	if (!news && half > 0) {
		const char *first = node_id(order[half]);

		theirs.from = mine.to = half;
		while (theirs.wfrom < nw) {
			const char *key = *fkey(wl[theirs.wfrom], "identity") ?
					  fkey(wl[theirs.wfrom], "identity") : fkey(wl[theirs.wfrom], "workload");

			if (strcmp(key, first) >= 0)
				break;
			theirs.wfrom++;
		}
		mine.wto = theirs.wfrom;
		theirs.lines = nhi_spool_new_file();
		theirs.findings = nhi_spool_new_file();
		fflush(stdout);
		pid = fork();
		if (pid == 0) {
			emit_range(order, wl, &theirs);
			nhi_spool_flush(theirs.lines);
			nhi_spool_flush(theirs.findings);
			_exit((int)nhi_status());
		}
		if (pid < 0) {
			/* no second process: all of it here */
			mine = (struct out_range){ 0, nnodes, 0, nw, NULL, mine.findings, NULL };
		}
	}
	emit_range(order, wl, &mine);
	if (pid > 0) {
		if (waitpid(pid, &st, 0) != pid)
			nhi_die_errno(NHI_EXIT_SYSTEM, "waiting for the second writer");
		if (!WIFEXITED(st) || WEXITSTATUS(st) > NHI_EXIT_REMOTE || WEXITSTATUS(st) == NHI_EXIT_SYSTEM)
			nhi_die(NHI_EXIT_SYSTEM, "the second writer failed");
		nhi_status_raise((enum nhi_exit)WEXITSTATUS(st));
		nhi_spool_drain(theirs.lines);
	}
	nhi_spool_drain(mine.findings);
	if (pid > 0)
		nhi_spool_drain(theirs.findings);
	else if (theirs.lines) {
		nhi_spool_drain(theirs.lines);
		nhi_spool_drain(theirs.findings);
	}
	free(wl);
}

/* --since OLD: change records between the lineage records of OLD and the
 * new ones. */
static void add_change(json_t *out, const char *id, const char *what, json_t *f)
{
	json_t *c = nhi_record_new("change");

	nhi_set_str(c, "change", what);
	nhi_set_str(c, "id", id);
	if (f) {
		json_object_set(c, "rule", json_object_get(f, "rule"));
		json_object_set(c, "severity", json_object_get(f, "severity"));
		json_object_set(c, "nhi_top10", json_object_get(f, "nhi_top10"));
		json_object_set(c, "message", json_object_get(f, "message"));
	}
	json_array_append_new(out, c);
}

static json_t *finding_set(json_t *l)
{
	json_t *set = json_object(), *f;
	size_t i;
	struct nhi_buf b = NHI_BUF_INIT;

	json_array_foreach(json_object_get(l, "findings"), i, f) {
		nhi_buf_reset(&b);
		nhi_buf_addf(&b, "%s\x1f%s", fkey(f, "rule"), fkey(f, "message"));
		json_object_set(set, b.buf, f);
	}
	nhi_buf_release(&b);
	return set;
}

static void diff_one(json_t *out, const char *id, json_t *o, json_t *n)
{
	json_t *fields = json_array(), *v, *os, *ns;
	const char *k;

	json_object_foreach(n, k, v)
		if (strcmp(k, "sources") && strcmp(k, "findings") &&
		    !json_equal(v, json_object_get(o, k)))
			json_array_append_new(fields, json_string(k));
	json_object_foreach(o, k, v)
		if (strcmp(k, "sources") && strcmp(k, "findings") && !json_object_get(n, k))
			json_array_append_new(fields, json_string(k));
	if (json_array_size(fields)) {
		add_change(out, id, "modified", NULL);
		json_object_set(json_array_get(out, json_array_size(out) - 1), "fields", fields);
	}
	json_decref(fields);
	os = finding_set(o);
	ns = finding_set(n);
	json_object_foreach(ns, k, v)
		if (!json_object_get(os, k))
			add_change(out, id, "new-finding", v);
	json_object_foreach(os, k, v)
		if (!json_object_get(ns, k))
			add_change(out, id, "resolved-finding", v);
	json_decref(os);
	json_decref(ns);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void since(json_t *news)
{
	char *files[1] = { (char *)since_file };
	struct nhi_reader *r = nhi_reader_open(1, files);
	struct nhi_line line;
	json_t *old = json_object(), *out = json_array(), *l;
	const char *id, **ids;
	size_t i, n = 0;
	static const char *const lk[] = { "lineage", NULL };

	while (nhi_reader_next(r, &line)) {
		json_t *rec;

		if (nhi_line_kind_in(&line, lk) == 0)
			continue;
		if (!(rec = nhi_reader_parse(r, &line)))
			continue;
		if (nhi_kind_is(rec, "lineage") && nhi_get_str(rec, "id"))
			json_object_set(old, nhi_get_str(rec, "id"), rec);
		json_decref(rec);
	}
	nhi_reader_close(r);
	ids = xmalloc((json_object_size(old) + json_object_size(news) + 1) * sizeof(*ids));
	json_object_foreach(old, id, l)
		ids[n++] = id;
	json_object_foreach(news, id, l)
		if (!json_object_get(old, id))
			ids[n++] = id;
	qsort(ids, n, sizeof(*ids), cmp_str);
	for (i = 0; i < n; i++) {
		json_t *o = json_object_get(old, ids[i]), *nw = json_object_get(news, ids[i]);

		if (!o) {
			add_change(out, ids[i], "created", NULL);
			nhi_set_str(json_array_get(out, json_array_size(out) - 1), "summary",
				    nhi_get_path_str(nw, "reach.summary"));
		} else if (!nw)
			add_change(out, ids[i], "removed", NULL);
		else
			diff_one(out, ids[i], o, nw);
	}
	json_array_foreach(out, i, l)
		nhi_emit(l);
	free(ids);
	json_decref(out);
	json_decref(old);
}

/* --can ACTION --on RESOURCE: every identity that can, directly, by
 * escalating, or through a chain.  chain_end: whether a chain that
 * reaches node y answers: NO, COND or YES. */
/* escalated: what an identity that can escalate to admin-equivalent can
 * do of the question: anything its identity policies could grant, but an
 * escalation rewrites identity policies, not the organization's SCPs. */
static int escalated(long k)
{
	static struct shared *admin;
	static struct stmts admin_st;
	struct node tmp;

	if (!nodes[k].esc_admin)
		return NO;
	if (!admin) {
		json_t *doc = json_loads("{\"Version\":\"2012-10-17\",\"Statement\":"
					 "[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}", 0, NULL);
		json_t *pol = nhi_record_new("policy");

		admin = intern("inline:escalated", doc, nhi_iam_kind_from_via("inline:"));
		nhi_set_str(pol, "via", "inline:escalated");
		json_array_append_new(pol_recs, pol);
		doc_stmts(&admin_st, admin->doc, pol);
		json_decref(doc);
	}
	tmp = nodes[k];
	tmp.st = admin_st;
	tmp.bd = (struct stmts){ 0 };
	tmp.has_boundary = 0;
	tmp.ip = &admin->ip;
	tmp.nip = 1;
	tmp.ib = NULL;
	tmp.nrp = 0;
	return effective(&tmp, can_action, can_resource, 0);
}

static int chain_end(long y)
{
	int ry;

	if (y < 0) /* a result without that identity's record */
		return NO;
	ry = nodes[y].st.n ? effective(&nodes[y], can_action, can_resource, 0) : NO;
	return ry != NO ? ry : escalated(y);
}

/* can_answer: node k's answer, or NULL. */
static json_t *can_answer(long k)
{
	struct node *n = &nodes[k];
	int r, esc = NO;
	json_t *a, *t, *path = NULL, *chain = NULL;
	size_t j;

	/* A group is no principal: its members answer, each with the grant
	 * through it. */
	if (n->arn && strstr(n->arn, ":group/"))
		return NULL;
	r = n->st.n ? effective(n, can_action, can_resource, 0) : NO;

	if (r == NO && (esc = escalated(k)) != NO) {
		r = esc;
		json_array_foreach(n->paths, j, t)
			if (nhi_get_str(t, "reaches")) {
				path = t;
				break;
			}
	} else if (r == NO) {
		json_array_foreach(n->transitive, j, t) {
			int ry = chain_end(nhi_index_get(nodes_ix, nhi_get_str(t, "identity")));

			if (ry == NO)
				continue;
			chain = t;
			r = ry == COND || json_is_true(json_object_get(t, "conditional")) ? COND : YES;
			break;
		}
		if (!chain)
			return NULL;
	}
	a = nhi_record_new("answer");
	nhi_set_str(a, "action", can_action);
	nhi_set_str(a, "resource", can_resource);
	nhi_set_str(a, "identity", node_id(k));
	if (chain) {
		nhi_set_str(a, "via", "chain");
		json_object_set(a, "steps", json_object_get(chain, "steps"));
	} else if (esc == NO) {
		nhi_set_str(a, "via", "direct");
		nhi_set_str(a, "grant", grant_via(n, can_action, can_resource));
		if (n->acct >= 0)
			json_object_set_new(a, "scp_levels", scp_levels_json(n, 0));
	} else {
		nhi_set_str(a, "via", "privilege-escalation");
		if (path)
			json_object_set(a, "path", path);
	}
	if (r == COND)
		json_object_set_new(a, "conditional", json_true());
	return a;
}

static void can(const long *order)
{
	for (size_t i = 0; i < nnodes; i++) {
		json_t *a = can_answer(order[i]);

		if (a)
			nhi_emit_steal(a);
	}
}

static void add_grants(json_t *out, const struct stmts *s, const char *what)
{
	for (size_t i = 0; i < s->n; i++) {
		json_t *g = json_object(), *st = s->v[i].s, *v;

		nhi_set_str(g, "via", nhi_get_str(s->v[i].pol, "via"));
		nhi_set_str(g, "role", what);
		nhi_set_str(g, "effect", s->v[i].allow ? "Allow" : "Deny");
		if ((v = json_object_get(st, "Action")))
			json_object_set(g, "action", v);
		if ((v = json_object_get(st, "NotAction")))
			json_object_set(g, "not_action", v);
		if ((v = json_object_get(st, "Resource")))
			json_object_set(g, "resource", v);
		if ((v = json_object_get(st, "NotResource")))
			json_object_set(g, "not_resource", v);
		if (s->v[i].cond)
			json_object_set(g, "condition", json_object_get(st, "Condition"));
		json_array_append_new(out, g);
	}
}

static void explain(json_t *l, long k)
{
	struct node *n = &nodes[k];
	json_t *e = nhi_record_new("explanation"), *g = json_array(), *p;
	size_t i;

	nhi_set_str(e, "id", node_id(k));
	json_object_set(e, "summary", nhi_get_path(l, "reach.summary"));
	json_object_set(e, "blast_radius", json_object_get(l, "blast_radius"));
	add_grants(g, &n->st, "grant");
	add_grants(g, &n->bd, "boundary");
	if (n->acct >= 0) {
		/* Each SCP statement with its level and target; the levels
		 * themselves, and whether the account's OU tree is known. */
		json_t *view = json_array_get(scp_views, (size_t)n->acct), *lv;
		size_t j;

		json_array_foreach(json_object_get(view, "levels"), j, lv) {
			json_array_foreach(json_object_get(lv, "policies"), i, p) {
				struct stmts s = { 0 };
				size_t from = json_array_size(g);

				doc_stmts(&s, json_object_get(p, "document"), p);
				add_grants(g, &s, "scp");
				for (; from < json_array_size(g); from++) {
					json_object_set_new(json_array_get(g, from), "level", json_integer((json_int_t)j));
					json_object_set(json_array_get(g, from), "target", json_object_get(lv, "target"));
				}
				free(s.v);
			}
		}
		json_object_set_new(e, "scp_levels", scp_levels_json(n, 1));
		if (!json_is_true(json_object_get(view, "tree")))
			nhi_set_str(e, "scp_tree", "unknown");
	}
	json_array_foreach(n->policies, i, p)
		if (!strncmp(nhi_get_str(p, "via"), "k8s:", 4)) {
			json_t *o = json_object();

			json_object_set(o, "via", json_object_get(p, "via"));
			nhi_set_str(o, "role", "rbac");
			json_object_set(o, "rules", nhi_get_path(p, "document.rules"));
			json_array_append_new(g, o);
		}
	json_object_set_new(e, "grants", g);
	json_object_set(e, "services", nhi_get_path(l, "reach.services"));
	if (n->paths)
		json_object_set(e, "paths", n->paths);
	if (n->transitive)
		json_object_set(e, "transitive", n->transitive);
	json_object_set(e, "findings", json_object_get(l, "findings"));
	nhi_emit_steal(e);
}

/* Answers from a result: --can and --explain over the lineage records of
 * an earlier run, without the merge.  A lineage record holds what they
 * need: its policies (parsed again into the node's statements and lib/iam
 * sets), its escalation paths and its transitive reach.  The record is
 * not parsed whole (most of it is "storage"): lib/jsonspan finds the
 * members read, and only those go through jansson.  SCP policy records
 * given with the result apply as in an estate (merge_policies()); any
 * other record the merge reads is a usage error: a run answers from an
 * estate or from a result, never from a mix. */
static struct {
	unsigned long seen;     /* lineage lines, read or rejected */
	int mixed;              /* with estate records: a usage error */
	char *first_at;         /* "FILE:LINE" of the first lineage record */
	char *raw_at;           /* and of the first estate record */
	char *raw_kind;
	struct nhi_strmap held; /* a policy entry's text -> struct held */
	struct nhi_strmap files;
	struct kept {           /* per node: where its record is, and */
		const char *file;
		unsigned long line;
		char *text;       /* --explain: the members it reads */
		char *transitive; /* --can: "reach.transitive", unread */
	} *kept;
	size_t nkept;
} result = { 0, 0, NULL, NULL, NULL, NHI_STRMAP_INIT, NHI_STRMAP_INIT, NULL, 0 };

/* A policy entry of lineage records, {"via","document"}, parsed once for
 * every record that carries the same text: a managed policy on 100000
 * roles is one entry. */
struct held {
	json_t *entry;
	const char *via;
	json_t *doc;   /* NULL: attached, document unknown */
	json_t *pr;    /* {"kind":"policy","via"} for the statements */
	struct stmts st; /* the document's, read once for every node */
	struct nhi_iam_policy *ip;
	int tried;     /* ip parsed (or refused) */
	int may;       /* held_may_allow(): 0 not asked, 1 no, 2 yes */
	char *why;     /* why the entry cannot be used, or NULL */
};

static char *where(const struct nhi_line *line)
{
	struct nhi_buf b = NHI_BUF_INIT;

	nhi_buf_addf(&b, "%s:%lu", line->file, line->lineno);
	return nhi_buf_detach(&b, NULL);
}

/* mixed: the usage error; the rest of the input is skipped unread and
 * nothing is answered. */
static void mixed(const struct nhi_line *line, const char *kind,
		  const char *other, const char *at)
{
	nhi_error(NHI_EXIT_USAGE, "%s:%lu: %s record after the %s record at %s: --%s "
		  "reads an estate or nhi-lineage's output, not both", line->file,
		  line->lineno, kind, other, at, can_action ? "can" : "explain");
	result.mixed = 1;
}

/* The string value of a span into b (reset first); NULL when not a string. */
static const char *span_str(const struct nhi_jspan *s, struct nhi_buf *b)
{
	nhi_buf_reset(b);
	if (!s->p || nhi_jspan_string(s, b) < 0)
		return NULL;
	return b->buf;
}

static json_t *span_json(const struct nhi_jspan *s)
{
	return s->p ? json_loadb(s->p, s->n, JSON_DECODE_ANY, NULL) : NULL;
}

/* stmts_copy: from appended to to, as doc_stmts() would have put them. */
static void stmts_copy(struct stmts *to, const struct stmts *from)
{
	if (!from->n)
		return;
	to->v = xreallocarray(to->v, to->n + from->n, sizeof(*to->v));
	memcpy(to->v + to->n, from->v, from->n * sizeof(*to->v));
	to->n += from->n;
	to->alloc = to->n;
}

/* held_entry: the entry for a policy element's text, parsed when new. */
static struct held *held_entry(const struct nhi_jspan *e)
{
	struct nhi_strmap_entry *slot = nhi_strmap_slot(&result.held, e->p, e->n);
	struct held *h = slot->value;

	if (h)
		return h;
	h = slot->value = xcalloc(1, sizeof(*h));
	h->entry = span_json(e);
	h->via = nhi_get_str(h->entry, "via");
	h->doc = json_object_get(h->entry, "document");
	if (!h->via) {
		h->why = xstrdup("policies: an entry without a \"via\" string");
		return h;
	}
	if (h->doc && !json_is_object(h->doc)) {
		h->why = xstrdup("policies: a \"document\" that is not an object");
		return h;
	}
	h->pr = nhi_record_new("policy");
	nhi_set_str(h->pr, "via", h->via);
	if (h->doc)
		doc_stmts(&h->st, h->doc, h->pr);
	return h;
}

/* held_iam: the entry as lib/iam reads it, or NULL with h->why set. */
static struct nhi_iam_policy *held_iam(struct held *h)
{
	if (!h->tried) {
		struct nhi_buf err = NHI_BUF_INIT;

		h->tried = 1;
		nhi_buf_adds(&err, "policies: ");
		nhi_buf_adds(&err, h->via);
		nhi_buf_adds(&err, ": policy document: ");
		h->ip = nhi_iam_policy_parse(h->doc, nhi_iam_kind_from_via(h->via), h->via, &err);
		if (!h->ip)
			h->why = nhi_buf_detach(&err, NULL);
		nhi_buf_release(&err);
	}
	return h->ip;
}

/* held_may_allow: whether a statement of the entry may allow what --can
 * asks, read as the pattern engine reads it, which covers lib/iam's
 * answer (its ARN segments are narrower than the glob; a Resource with a
 * variable or a NotResource counts as may).  Asked once per entry. */
static int held_may_allow(struct held *h)
{
	if (!h->may) {
		const struct stmts s = h->st;

		h->may = 1;
		for (size_t i = 0; i < s.n && h->may == 1; i++) {
			json_t *res = json_object_get(s.v[i].s, "Resource");
			struct nhi_buf b = NHI_BUF_INIT;

			if (res)
				nhi_json_dump(res, &b);
			if (s.v[i].allow && (json_object_get(s.v[i].s, "NotResource") ||
					     strstr(b.buf, "${") ||
					     stmt_applies(s.v[i].s, can_action, can_resource, 1)))
				h->may = 2;
			nhi_buf_release(&b);
		}
	}
	return h->may == 2;
}

/* result_policies: the record's policies into node n, as merge_policies()
 * puts an estate's (with all, every entry into n->policies too, for
 * --explain); NULL, or why the record cannot be used.  lib/iam's sets are
 * filled only where the question may be allowed (or for --explain):
 * elsewhere effective() reads the statements, and they say no, as lib/iam
 * would; most of a big estate's policies are then never parsed by it. */
static const char *result_policies(struct node *n, const char *id,
				   const struct nhi_jspan *pols, int all)
{
	static struct held **v;
	static size_t alloc;
	struct nhi_jspan_iter it;
	struct nhi_jspan e;
	size_t nv = 0;
	int r, need_iam = all;

	if (!pols->p)
		return NULL;
	if (!nhi_jspan_elements(&it, pols->p, pols->n))
		return "\"policies\" is not a list";
	while ((r = nhi_jspan_next_element(&it, &e)) == 1) {
		struct held *h = held_entry(&e);

		if (h->why)
			return h->why;
		if (nv == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			v = xreallocarray(v, alloc, sizeof(*v));
		}
		v[nv++] = h;
		if (!need_iam && h->doc && is_iam(h->via, id) && strncmp(h->via, "boundary:", 9) &&
		    !strpbrk(can_action, "*?"))
			need_iam = held_may_allow(h);
	}
	if (r < 0)
		return "\"policies\" is not a list";
	for (size_t i = 0; i < nv; i++) {
		struct held *h = v[i];

		if (all)
			json_array_append(arr(&n->policies), h->entry);
		if (!h->doc) {
			n->unknown_policies++;
			continue;
		}
		if (is_iam(h->via, id) && need_iam) {
			if (!held_iam(h))
				return h->why;
			if (!strncmp(h->via, "boundary:", 9))
				n->ib = h->ip;
			else if (!strncmp(h->via, "resource:", 9))
				pset_add(&n->rp, &n->nrp, h->ip);
			else
				pset_add(&n->ip, &n->nip, h->ip);
		}
		if (!strncmp(h->via, "boundary:", 9)) {
			n->has_boundary = 1;
			stmts_copy(&n->bd, &h->st);
		} else if (is_iam(h->via, id))
			stmts_copy(&n->st, &h->st);
	}
	return NULL;
}

/* result_reach: the escalation paths and the transitive reach of a
 * record's "reach" into n: admin-equivalent by escalation when a path
 * reaches it unconditionally, as privesc() decides.  With lazy, the
 * transitive reach is only found, into *lazy, for result_chains(). */
static const char *result_reach(struct node *n, const struct nhi_jspan *reach,
				struct nhi_jspan *lazy)
{
	struct nhi_jspan p = { NULL, 0 }, t = { NULL, 0 }, k, m;
	struct nhi_jspan_iter it;
	json_t *v;
	size_t i;
	int r;

	if (!reach->p)
		return NULL;
	if (!nhi_jspan_members(&it, reach->p, reach->n))
		return "\"reach\" is not an object";
	while ((r = nhi_jspan_next_member(&it, &k, &m)) == 1)
		if (nhi_jspan_key_eq(&k, "paths", 5))
			p = m;
		else if (nhi_jspan_key_eq(&k, "transitive", 10))
			t = m;
	if (r < 0)
		return "\"reach\" is not an object";
	/* (json_is_array() reads its argument twice) */
	n->paths = span_json(&p);
	if (p.p && !json_is_array(n->paths))
		return "\"reach.paths\" is not a list";
	json_array_foreach(n->paths, i, v) {
		if (!json_is_object(v))
			return "\"reach.paths\" holds a non-object";
		if (nhi_get_str(v, "reaches") && !json_is_true(json_object_get(v, "conditional")))
			n->esc_admin = 1;
	}
	if (t.p && lazy) {
		if (!nhi_jspan_elements(&it, t.p, t.n))
			return "\"reach.transitive\" is not a list";
		*lazy = t;
		return NULL;
	}
	n->transitive = span_json(&t);
	if (t.p && !json_is_array(n->transitive))
		return "\"reach.transitive\" is not a list";
	json_array_foreach(n->transitive, i, v)
		if (!nhi_get_str(v, "identity"))
			return "\"reach.transitive\" holds an entry without an \"identity\"";
	return NULL;
}

/* result_chains: for --can, the transitive reach of each identity that
 * does not answer by itself, read up to the first identity that answers
 * (the one can_answer() takes): a reach lists up to 64 identities with
 * their steps, and most are never needed as trees. */
static void result_chains(void)
{
	struct nhi_buf b = NHI_BUF_INIT;

	for (size_t k = 0; k < nnodes && k < result.nkept; k++) {
		struct kept *kp = &result.kept[k];
		struct node *n = &nodes[k];
		struct nhi_jspan_iter it;
		struct nhi_jspan e, id;

		if (!kp->transitive || n->esc_admin ||
		    (n->st.n && effective(n, can_action, can_resource, 0) != NO))
			continue;
		nhi_jspan_elements(&it, kp->transitive, strlen(kp->transitive));
		while (nhi_jspan_next_element(&it, &e) == 1) {
			json_t *t;

			if (nhi_jspan_get(e.p, e.n, "identity", &id) != 1 || !span_str(&id, &b) ||
			    chain_end(nhi_index_get(nodes_ix, b.buf)) == NO)
				continue;
			t = span_json(&e);
			if (!json_is_object(t)) {
				nhi_error(NHI_EXIT_REJECTED, "%s:%lu: lineage record for %s: "
					  "\"reach.transitive\" holds an entry that cannot be read",
					  kp->file, kp->line, node_id((long)k));
				json_decref(t);
				continue;
			}
			n->transitive = json_array();
			json_array_append_new(n->transitive, t);
			break;
		}
	}
	nhi_buf_release(&b);
}

/* asked: whether s is a name resolve() may look --explain's ID up by.
 * Only those names are indexed and only their records kept: 200000
 * aliases and records cost more than the answer. */
static int asked(const char *s)
{
	static struct nhi_buf names[3];
	static size_t n;

	if (!n) {
		struct nhi_buf *b = &names[n++];

		nhi_buf_adds(b, explain_id);
		if (!strncmp(explain_id, "arn:", 4))
			nhi_buf_addf(&names[n++], "aws:%s", explain_id);
		else if (strchr(explain_id, '@') && !strchr(explain_id, ':'))
			nhi_buf_addf(&names[n++], "gcp:sa/%s", explain_id);
		if (session_role(explain_id, &names[n]) ||
		    (!strncmp(explain_id, "aws:arn:", 8) && session_role(explain_id + 4, &names[n])))
			n++;
	}
	for (size_t i = 0; i < n; i++)
		if (!strcmp(names[i].buf, s))
			return 1;
	return 0;
}

static int alias_asked(const char *s, long k, int first)
{
	if (!asked(s) || (first && nhi_index_get(alias_ix, s) >= 0))
		return 0;
	nhi_index_alias(alias_ix, s, k);
	return 1;
}

/* result_aliases: the names --explain finds an identity by, as
 * ident_add() and the credentials give them in an estate (see resolve()),
 * where asked; whether the record may be the one asked about. */
static int result_aliases(long k, const struct nhi_jspan *cl, struct nhi_buf *b)
{
	static const char *const keys[] = { "key_id", "id" };
	struct node *n = &nodes[k];
	const char *id = node_id(k);
	struct nhi_jspan_iter it;
	struct nhi_jspan c, v;
	int hit = asked(id);

	if (n->arn)
		hit |= alias_asked(n->arn, k, 0);
	if (n->arn && strstr(n->arn, ":role/") && n->account) {
		nhi_buf_reset(b);
		nhi_buf_addf(b, "role:%s:%s", n->account, strrchr(n->arn, '/') + 1);
		hit |= alias_asked(b->buf, k, 0);
	}
	if (!strncmp(id, "k8s:", 4) && strstr(id, "/sa/") && strchr(strstr(id, "/sa/") + 4, '/')) {
		const char *ns = strstr(id, "/sa/") + 4, *sl = strchr(ns, '/');

		nhi_buf_reset(b);
		nhi_buf_addf(b, "system:serviceaccount:%.*s:%s", (int)(sl - ns), ns, sl + 1);
		hit |= alias_asked(b->buf, k, 1);
	}
	/* an access key id names its owner */
	if (strncmp(explain_id, "AKIA", 4) && strncmp(explain_id, "ASIA", 4))
		return hit;
	if (!cl->p || !nhi_jspan_elements(&it, cl->p, cl->n))
		return hit;
	while (nhi_jspan_next_element(&it, &c) == 1)
		for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
			const char *s;

			if (nhi_jspan_get(c.p, c.n, keys[i], &v) == 1 && (s = span_str(&v, b)))
				hit |= alias_asked(s, k, 0);
		}
	return hit;
}

/* kept: node k's place in result.kept, made when new. */
static struct kept *kept(long k, const struct nhi_line *line)
{
	static const char *last; /* the file of the record before */
	struct nhi_strmap_entry *f;

	if ((size_t)k >= result.nkept) {
		size_t n = result.nkept ? result.nkept * 2 : 256;

		while (n <= (size_t)k)
			n *= 2;
		result.kept = xreallocarray(result.kept, n, sizeof(*result.kept));
		memset(result.kept + result.nkept, 0, (n - result.nkept) * sizeof(*result.kept));
		result.nkept = n;
	}
	if (!last || strcmp(last, line->file)) {
		f = nhi_strmap_slot(&result.files, line->file, strlen(line->file));
		last = f->key;
	}
	result.kept[k].file = last;
	result.kept[k].line = line->lineno;
	return &result.kept[k];
}

/* keep_text: the members --explain reads, as one object's text. */
static char *keep_text(const struct nhi_jspan *m, const char *const names[])
{
	struct nhi_buf b = NHI_BUF_INIT;
	const char *sep = "{";

	for (size_t i = 0; names[i]; i++)
		if (m[i].p) {
			nhi_buf_addf(&b, "%s\"%s\":", sep, names[i]);
			nhi_buf_add(&b, m[i].p, m[i].n);
			sep = ",";
		}
	nhi_buf_adds(&b, *sep == '{' ? "{}" : "}");
	return nhi_buf_detach(&b, NULL);
}

/* node_release: what result_policies() and result_reach() put in n. */
static void node_release(struct node *n)
{
	free(n->st.v);
	free(n->bd.v);
	free(n->ip);
	free(n->rp);
	json_decref(n->policies);
	json_decref(n->paths);
	json_decref(n->transitive);
	free(n->arn);
	free(n->account);
}

/* result_add: one lineage record into a node (for --explain, its names
 * and the members kept); rejected when it cannot be read. */
static void result_add(struct nhi_reader *r, const struct nhi_line *line)
{
	/* the members read; for --explain the last four are kept */
	static const char *const names[] = { "id", "arn", "account", "unresolved",
		"credentials", "policies", "reach", "blast_radius", "findings", NULL };
	static const size_t len[] = { 2, 3, 7, 10, 11, 8, 5, 12, 8 };
	enum { ID, ARN, ACCOUNT, UNRESOLVED, CREDS, POLICIES, REACH, NNAMES = 9 };
	struct nhi_jspan m[NNAMES] = { { NULL, 0 } }, key, v, trans = { NULL, 0 };
	struct kept *kp;
	static struct nhi_buf b = NHI_BUF_INIT, ab = NHI_BUF_INIT; /* kept: one a line */
	struct nhi_jspan_iter it;
	struct node tmp;
	const char *id, *arn, *why = NULL;
	size_t had;
	long k;
	int rc;

	if (!result.first_at)
		result.first_at = where(line);
	result.seen++;
	nhi_jspan_members(&it, line->data, line->len);
	while ((rc = nhi_jspan_next_member(&it, &key, &v)) == 1) {
		/* (a key written with escapes is longer than its name) */
		int esc = memchr(key.p, '\\', key.n) != NULL;

		for (size_t i = 0; i < NNAMES; i++)
			if ((esc || key.n == len[i]) && nhi_jspan_key_eq(&key, names[i], len[i])) {
				m[i] = v;
				break;
			}
	}
	if (rc < 0) {
		/* the reader's own words for what is wrong with it */
		json_t *rec = nhi_reader_parse(r, line);

		if (rec)
			nhi_reader_reject(r, line, "lineage record: cannot be read");
		json_decref(rec);
		return;
	}
	if (!(id = span_str(&m[ID], &b)) || !*id) {
		nhi_reader_reject(r, line, "lineage record without an \"id\" string");
		return;
	}
	/* read into tmp first: a record rejected leaves no node */
	memset(&tmp, 0, sizeof(tmp));
	tmp.acct = -1;
	if ((arn = span_str(&m[ARN], &ab)) ||
	    (!m[UNRESOLVED].p && !strncmp(id, "aws:arn:", 8) && (arn = id + 4)))
		tmp.arn = xstrdup(arn);
	if (span_str(&m[ACCOUNT], &ab) || arn_account(tmp.arn, &ab))
		tmp.account = xstrdup(ab.buf);
	if (!explain_id && !(why = result_policies(&tmp, id, &m[POLICIES], 0)))
		why = result_reach(&tmp, &m[REACH], &trans);
	if (why) {
		nhi_reader_reject(r, line, "lineage record for %s: %s", id, why);
		node_release(&tmp);
		return;
	}
	had = nnodes;
	k = node_put(id, NULL);
	if (nnodes == had) {
		nhi_reader_reject(r, line, "lineage record for %s seen before", id);
		node_release(&tmp);
		return;
	}
	nodes[k] = tmp;
	kp = kept(k, line);
	if (trans.p)
		kp->transitive = xmemdupz(trans.p, trans.n);
	if (explain_id && result_aliases(k, &m[CREDS], &ab))
		kp->text = keep_text(m + POLICIES, names + POLICIES);
}

/* scp_line: whether a policy line is an SCP, as merge_policies() tells
 * them: for an account or an OU, or via "scp:". */
static int scp_line(const struct nhi_line *line)
{
	struct nhi_jspan who = { NULL, 0 }, via = { NULL, 0 };
	struct nhi_buf b = NHI_BUF_INIT;
	int scp;

	(void)nhi_jspan_get(line->data, line->len, "identity", &who);
	(void)nhi_jspan_get(line->data, line->len, "via", &via);
	scp = (span_str(&who, &b) && (!strncmp(b.buf, "aws:account:", 12) ||
				       !strncmp(b.buf, "aws:ou:", 7))) ||
	      (span_str(&via, &b) && !strncmp(b.buf, "scp:", 4));
	nhi_buf_release(&b);
	return scp;
}

/* from_result: in a query, whether the line is a result's and was dealt
 * with here; read_input() reads the others.  Lineage records are loaded;
 * SCP policy records go on to read_input(); a record the merge reads
 * (identity, credential, sighting, trust, policy) where lineage records
 * are, or a lineage record after one, ends the run (usage).  The records
 * a result passes through (workload, event, resource) are skipped. */
static int from_result(struct nhi_reader *r, const struct nhi_line *line)
{
	static struct nhi_buf b = NHI_BUF_INIT; /* kept: one a line */
	struct nhi_jspan v;
	size_t len;
	const char *kind = nhi_line_kind(line, &len);
	int ret = 0;

	if (result.mixed)
		return 1;
	nhi_buf_reset(&b);
	if (kind)
		nhi_buf_add(&b, kind, len);
	else if (nhi_jspan_get(line->data, line->len, "kind", &v) != 1 || !span_str(&v, &b))
		return 0; /* read_input() says what is wrong with it */
	kind = b.buf;
	if (!strcmp(kind, "lineage")) {
		if (result.raw_at)
			mixed(line, kind, result.raw_kind, result.raw_at);
		else
			result_add(r, line);
		ret = 1;
	} else if (in_list(kind, observed)) {
		ret = result.seen > 0; /* passed through by the run that wrote it */
	} else if (in_list(kind, consumed) && (result.seen || !result.raw_at) &&
		   (strcmp(kind, "policy") || !scp_line(line))) {
		if (result.seen) {
			mixed(line, kind, "lineage", result.first_at);
			ret = 1;
		} else {
			result.raw_at = where(line);
			result.raw_kind = xstrdup(kind);
		}
	}
return ret;
}

/* answer_from_result: --can or --explain once the result is read.  The
 * run ends without freeing: 200000 nodes take longer to free than to
 * answer, and all of it is still reachable for leak checkers. */
static int answer_from_result(void)
{
	long ex;

	if (result.mixed)
		return nhi_exit();
	merge_policies(); /* the SCPs: the only policy records a result comes with */
	for (size_t k = 0; k < nnodes; k++)
		if (nodes[k].account)
			nodes[k].acct = (int)nhi_index_get(scp_ix, nodes[k].account);
	if (can_action) {
		/* answer first, then sort only the identities that can */
		json_t **ans = xcalloc(nnodes + 1, sizeof(*ans));
		long *hit = xmalloc((nnodes + 1) * sizeof(*hit));
		size_t nhit = 0;

		result_chains();
		for (size_t k = 0; k < nnodes; k++)
			if ((ans[k] = can_answer((long)k)))
				hit[nhit++] = (long)k;
		qsort(hit, nhit, sizeof(*hit), cmp_node);
		for (size_t i = 0; i < nhit; i++)
			nhi_emit_steal(ans[hit[i]]);
		free(ans);
		free(hit);
	} else if ((ex = resolve(explain_id)) < 0 || (size_t)ex >= result.nkept ||
		   !result.kept[ex].text) {
		nhi_error(NHI_EXIT_REJECTED, "%s: no such identity", explain_id);
	} else {
		struct kept *kp = &result.kept[ex];
		json_t *l = json_loads(kp->text, 0, NULL);
		struct nhi_jspan m[2] = { { NULL, 0 }, { NULL, 0 } };
		const char *why = NULL;

		(void)nhi_jspan_get(kp->text, strlen(kp->text), "policies", &m[0]);
		(void)nhi_jspan_get(kp->text, strlen(kp->text), "reach", &m[1]);
		if (!l)
			why = "cannot be read";
		else if (!(why = result_policies(&nodes[ex], node_id(ex), &m[0], 1)))
			why = result_reach(&nodes[ex], &m[1], NULL);
		if (why)
			nhi_error(NHI_EXIT_REJECTED, "%s:%lu: lineage record for %s: %s",
				  kp->file, kp->line, node_id(ex), why);
		else
			explain(l, ex);
		json_decref(l);
	}
	return nhi_exit();
}

static void usage(int status)
{
	FILE *f = status ? stderr : stdout;

	fprintf(f, "usage: nhi-lineage [OPTION...] [FILE...]\n"
		   "       nhi-lineage --can ACTION --on RESOURCE [FILE...]\n"
		   "       nhi-lineage --explain ID [FILE...]\n\n"
		   "Options:\n" NHI_COMMON_USAGE
		   "      --since FILE      also write change records against the lineage in FILE\n"
		   "      --can ACTION      write an answer record for every identity that can do ACTION\n"
		   "      --on RESOURCE     the resource --can asks about\n"
		   "      --explain ID      write the grants and paths behind one identity's reach\n");
	exit(status);
}

static void setup(void)
{
	json_t *v, *r;
	size_t i;

	nodes_ix = nhi_index_new();
	creds_ix = nhi_index_new();
	alias_ix = nhi_index_new();
	scp_ix = nhi_index_new();
	secret_ix = nhi_index_new();
	pol_ix = nhi_index_new();
	pol_recs = json_array();
	graph = nhi_graph_new();
	scps = json_array();
	identities = json_array();
	credentials = json_array();
	policies = json_array();
	trusts = json_array();
	workloads = json_array();
	resources = json_array();
	events_by = json_object();
	str_ix = nhi_index_new();
	wl_findings = json_array();
	sensitive = json_array();
	accounts = json_object();
	assumers = json_array();
	assumers_by_acct = json_object();
	svc_roles = json_object();
	key_max_age = nhi_config_duration("key_max_age", 90 * 86400);
	json_array_foreach(nhi_config_get("sensitive"), i, v)
		if (json_is_string(v))
			json_array_append(sensitive, v);
	(void)r;
}

static void sensitive_resources(void)
{
	json_t *r;
	size_t i;

	json_array_foreach(resources, i, r) {
		const char *sens = nhi_get_str(r, "sensitivity");
		const char *arn = nhi_get_str(r, "arn"), *id = nhi_get_str(r, "id");

		if (!sens || !strcmp(sens, "none") || !strcmp(sens, "low") || !strcmp(sens, "public"))
			continue;
		if (!arn && id)
			arn = !strncmp(id, "aws:", 4) ? id + 4 : id;
		if (arn)
			json_array_append_new(sensitive, json_string(arn));
	}
}

static void index_nodes(void)
{
	for (size_t k = 0; k < nnodes; k++) {
		struct node *n = &nodes[k];

		if (n->account)
			n->acct = (int)nhi_index_get(acct_ix, n->account);
		if (n->st.n && effective(n, "sts:AssumeRole", "*", 1) != NO) {
			json_t *l;

			json_array_append_new(assumers, json_integer((json_int_t)k));
			if (n->account) {
				l = json_object_get(assumers_by_acct, n->account);
				if (!l) {
					l = json_array();
					json_object_set_new(assumers_by_acct, n->account, l);
				}
				json_array_append_new(l, json_integer((json_int_t)k));
			}
		}
	}
}

static void cleanup(void)
{
	for (size_t k = 0; k < nnodes; k++) {
		struct node *n = &nodes[k];

		json_decref(n->ident);
		free(n->ident_text);
		json_decref(n->creds);
		json_decref(n->policies);
		json_decref(n->trust);
		json_decref(n->consumers);
		json_decref(n->evsrc);
		nhi_buf_release(&n->sources);
		json_decref(n->findings);
		json_decref(n->secret_ns);
		free(n->svc);
		json_decref(n->paths);
		json_decref(n->transitive);
		free(n->st.v);
		free(n->bd.v);
		free(n->ip);
		free(n->rp);
		nhi_iam_policy_free(n->trustp);
		free(n->arn);
		free(n->account);
	}
	for (size_t c = 0; c < ncreds; c++) {
		json_decref(creds[c].rec);
		free(creds[c].sv);
		json_decref(creds[c].workloads);
		json_decref(creds[c].envs);
	}
	for (size_t a = 0; a < nscp_sets; a++) {
		for (size_t i = 0; i < scp_sets[a].n; i++)
			nhi_iam_policy_free(scp_sets[a].v[i]);
		free(scp_sets[a].v);
	}
	free(scp_sets);
	free(estate_nodes);
	for (size_t i = 0; i < nshared; i++) {
		json_decref(shared[i].doc);
		nhi_iam_policy_free(shared[i].ip);
	}
	free(shared);
	nhi_index_free(pol_ix);
	json_decref(pol_recs);
	free(nodes);
	free(creds);
	nhi_index_free(nodes_ix);
	nhi_index_free(creds_ix);
	nhi_index_free(alias_ix);
	nhi_index_free(scp_ix);
	nhi_index_free(acct_ix);
	json_decref(scp_views);
	nhi_index_free(secret_ix);
	free(seen_set.v);
	nhi_graph_free(graph);
	json_decref(scps);
	json_decref(identities);
	json_decref(credentials);
	for (size_t i = 0; i < nsights; i++) {
		free(sights[i].blob);
	}
	free(sights);
	json_decref(policies);
	json_decref(trusts);
	json_decref(workloads);
	json_decref(resources);
	json_decref(events_by);
	free(labels);
	nhi_index_free(str_ix);
	json_decref(wl_findings);
	json_decref(sensitive);
	json_decref(accounts);
	json_decref(assumers);
	json_decref(assumers_by_acct);
	json_decref(svc_roles);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		NHI_COMMON_LONGOPTS,
		{ "since", required_argument, NULL, OPT_SINCE },
		{ "can", required_argument, NULL, OPT_CAN },
		{ "on", required_argument, NULL, OPT_ON },
		{ "explain", required_argument, NULL, OPT_EXPLAIN },
		{ 0 }
	};
	int c, query;
	json_t *news;
	long *order, ex = -1;
	size_t i;

	nhi_diag_init(argv[0]);
	while ((c = getopt_long(argc, argv, NHI_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		switch (c) {
		case OPT_SINCE:
			since_file = optarg;
			break;
		case OPT_CAN:
			can_action = optarg;
			break;
		case OPT_ON:
			can_resource = optarg;
			break;
		case OPT_EXPLAIN:
			explain_id = optarg;
			break;
		default:
			nhi_common_option(c, optarg, argv, usage);
		}
	}
	if (!can_action != !can_resource)
		nhi_usage_error(usage, "--can and --on go together");
	query = can_action || explain_id;
	if (can_action && explain_id)
		nhi_usage_error(usage, "--can and --explain exclude each other");
	if (query && (since_file || nhi_opts.fail_on >= 0))
		nhi_usage_error(usage, "--%s writes answers only: no --since nor --fail-on",
				can_action ? "can" : "explain");
	nhi_common_start();
	setup();

	read_input(argc - optind, argv + optind, query);
	if (result.seen || result.mixed)
		return answer_from_result();
	sensitive_resources();
	merge_credentials();
	merge_sightings();
	merge_policies();
	json_array_clear(policies);
	free(policy_shared);
	policy_shared = NULL;
	policy_shared_alloc = 0;
	json_array_clear(identities);
	index_nodes();
	merge_trust();
	json_array_clear(trusts);
	annotation_edges();
	index_secret_sightings();
	merge_workloads();
	merge_events();
	for (size_t k = 0; k < nnodes; k++) {
		aws_reach(&nodes[k]);
		k8s_reach(&nodes[k]);
		other_reach(&nodes[k]);
		nodes[k].admin |= nodes[k].other_admin;
		count_services(&nodes[k]);
	}
	build_estate();
	for (size_t k = 0; k < nnodes; k++)
		privesc((long)k);
	secret_edges();
	for (size_t k = 0; k < nnodes; k++)
		nodes[k].direct = direct_score(&nodes[k]);
	for (size_t k = 0; k < nnodes; k++)
		transitive((long)k);

	order = xmalloc((nnodes + 1) * sizeof(*order));
	for (i = 0; i < nnodes; i++)
		order[i] = (long)i;
	qsort(order, nnodes, sizeof(*order), cmp_node);
	if (explain_id && (ex = resolve(explain_id)) < 0)
		nhi_error(NHI_EXIT_REJECTED, "%s: no such identity", explain_id);
	if (can_action) {
		can(order);
	} else if (explain_id) {
		if (ex >= 0) {
			json_t *l;

			node_findings(ex);
			l = lineage_tree(ex);

			explain(l, ex);
			json_decref(l);
		}
	} else {
		news = since_file ? json_object() : NULL;
		emit_all(order, news);
		if (since_file)
			since(news);
		json_decref(news);
	}
	free(order);
	if (NHI_FREE_AT_EXIT)
		cleanup();
	return nhi_exit();
}
