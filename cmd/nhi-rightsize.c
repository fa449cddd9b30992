/* nhi-rightsize: least privilege from observed usage.  Reads lineage (or
 * identity and policy) records, aggregates the calls of --events over each
 * identity's window, proposes the smallest AWS IAM policy or Kubernetes
 * Roles that allow exactly those calls, replays every call against the
 * proposal to prove none would be denied, and writes recommendation
 * records (or the proposals as policy, diff, Terraform or YAML).
 * With --merge it only aggregates events and usage into usage records. */
#include "compat.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "data.h"
#include "diag.h"
#include "iam/catalog.h"
#include "iam/eval.h"
#include "iam/reach.h"
#include "iam/policy.h"
#include "input.h"
#include "ndjson.h"
#include "opts.h"
#include "policygen.h"
#include "rbac.h"
#include "record.h"
#include "timefmt.h"
#include "udiff.h"
#include "usage.h"
#include "xalloc.h"
#include "banned.h"

#define DEFAULT_WINDOW (90 * 86400)
#define MAX_REACH 200  /* reach entries listed per side; the rest counted */
#define MAX_RARE 50

enum format { F_RECORDS, F_POLICY, F_DIFF, F_TERRAFORM, F_YAML };

static const char *const format_names[] = {
	"records", "policy", "diff", "terraform", "yaml",
};

enum { OPT_EVENTS = NHI_OPT_PROGRAM, OPT_MERGE, OPT_WINDOW, OPT_FORMAT,
       OPT_IDENTITY };

static char **events_files;
static int nevents;
static int merge_mode;
static int64_t opt_window = -1;
static enum format format;
static const char *only_identity;

struct ident {
	char *id, *name, *system;
	int64_t created;
	json_t *docs;  /* [{"via","document"}]: the policies to replace */
	json_t *owner; /* lineage "owner", or NULL */
	char *class;
	int64_t window, from; /* from = now - window * (1 + margin) */
	int k8s;
	struct nhi_usage_entry **calls; /* a run of the sorted usage table */
	size_t ncalls;
};

static struct ident *idents;
static size_t nidents, aidents;
static json_t *ident_index; /* id -> position in idents */
static json_t *sensitive_res; /* resource ARNs marked sensitive */
static struct nhi_iam_reach_cache *reach_cache; /* current policies, by hash */

static void usage(int status)
{
	FILE *f = status ? stderr : stdout;

	fprintf(f,
		"usage: nhi-rightsize [OPTION...] --events FILE [--events FILE...] [FILE...]\n"
		"       nhi-rightsize --merge [OPTION...] [FILE...]\n\n"
		"Options:\n"
		"      --events FILE     read event or usage records from FILE (repeatable)\n"
		"      --merge           aggregate events and usage into usage records\n"
		"      --window DURATION observation window when no class sets one (90d)\n"
		"      --format FORMAT   records, policy, diff, terraform or yaml\n"
		"      --identity ID     only this identity (with --format)\n"
		NHI_COMMON_USAGE);
	exit(status);
}

static struct ident *ident_get(const char *id, int create)
{
	json_t *pos = json_object_get(ident_index, id);
	struct ident *d;

	if (pos)
		return &idents[json_integer_value(pos)];
	if (!create)
		return NULL;
	if (nidents == aidents) {
		aidents = aidents ? 2 * aidents : 64;
		idents = xreallocarray(idents, aidents, sizeof(*idents));
	}
	d = &idents[nidents];
	memset(d, 0, sizeof(*d));
	d->id = xstrdup(id);
	d->docs = json_array();
	d->k8s = !strncmp(id, "k8s:", 4) && strstr(id, "/sa/");
	json_object_set_new(ident_index, id, json_integer((json_int_t)nidents++));
	return d;
}

static void set_owned(char **dst, const char *s)
{
	if (s && !*dst)
		*dst = xstrdup(s);
}

/* replaceable: the policies a proposal stands in for; boundaries, SCPs and
 * resource policies are someone else's and stay as they are. */
static int replaceable(const char *via)
{
	return !strncmp(via, "inline:", 7) || !strncmp(via, "managed:", 8) ||
	       !strncmp(via, "group:", 6) || !strncmp(via, "k8s:Role/", 9) ||
	       !strncmp(via, "k8s:ClusterRole/", 16);
}

static int interesting(const char *id)
{
	return id && (!strncmp(id, "aws:", 4) ||
		      (!strncmp(id, "k8s:", 4) && strstr(id, "/sa/")));
}

static void add_doc(struct ident *d, const char *via, json_t *doc)
{
	size_t i;
	json_t *x;

	if (!via || !json_is_object(doc) || !replaceable(via))
		return;
	json_array_foreach(d->docs, i, x)
		if (!strcmp(json_string_value(json_object_get(x, "via")), via))
			return;
	json_array_append_new(d->docs, json_pack("{s:s,s:O}", "via", via, "document", doc));
}

/* take: a lineage, identity or policy record about an AWS identity or a
 * k8s service account; 0 when it is not ours and passes through, -1 with
 * *why when it is ours but unusable. */
static int take(json_t *rec, const char *kind, const char **why)
{
	const char *id = nhi_get_str(rec, strcmp(kind, "policy") ? "id" : "identity");
	struct ident *d;
	size_t i;
	json_t *p;

	if (!interesting(id) || !strncmp(id, "aws:account:", 12))
		return 0;
	if (!strcmp(kind, "policy")) {
		if (!nhi_get_str(rec, "via")) {
			*why = "policy has no \"via\"";
			return -1;
		}
		if (!json_is_object(json_object_get(rec, "document"))) {
			*why = "policy \"document\" is not an object";
			return -1;
		}
		d = ident_get(id, 1);
		add_doc(d, nhi_get_str(rec, "via"), json_object_get(rec, "document"));
		return 1;
	}
	d = ident_get(id, 1);
	set_owned(&d->name, nhi_get_str(rec, "name"));
	set_owned(&d->system, nhi_get_str(rec, "system"));
	if (!d->created)
		d->created = nhi_get_time(rec, "created");
	if (!strcmp(kind, "lineage")) {
		json_array_foreach(json_object_get(rec, "policies"), i, p)
			add_doc(d, nhi_get_str(p, "via"), json_object_get(p, "document"));
		if (!d->owner && json_is_object(json_object_get(rec, "owner")))
			d->owner = json_incref(json_object_get(rec, "owner"));
	}
	return 1;
}

static void take_resource(const json_t *rec)
{
	const char *id = nhi_get_str(rec, "arn"), *s = nhi_get_str(rec, "sensitivity");

	if (!id)
		id = nhi_get_str(rec, "id");
	if (!id || !s || !strcmp(s, "low") || !strcmp(s, "none") || !strcmp(s, "public"))
		return;
	if (!strncmp(id, "aws:", 4))
		id += 4;
	json_array_append_new(sensitive_res, json_string(id));
}

static void classify(struct ident *d)
{
	json_t *classes = nhi_config_get("classes"), *c, *w, *m = nhi_config_get("safety_margin");
	double margin = json_is_number(m) ? json_number_value(m) : 0;
	size_t i;
	int64_t win = -1;

	json_array_foreach(classes, i, c) {
		const char *pat = nhi_get_str(c, "match"), *cl = nhi_get_str(c, "class");

		if (!pat || !cl)
			continue;
		if (!fnmatch(pat, d->id, 0) || (d->name && !fnmatch(pat, d->name, 0))) {
			d->class = xstrdup(cl);
			break;
		}
	}
	w = nhi_config_get("windows");
	if (d->class && json_is_string(json_object_get(w, d->class)) &&
	    nhi_duration_parse(json_string_value(json_object_get(w, d->class)), &win))
		win = -1;
	if (win <= 0)
		win = opt_window;
	if (win <= 0)
		win = nhi_config_duration("windows.default", DEFAULT_WINDOW);
	if (win <= 0)
		win = DEFAULT_WINDOW;
	if (margin < 0 || margin > 10)
		margin = 0;
	d->window = win;
	d->from = nhi_opts.now - win - (int64_t)((double)win * margin);
}

static int keep_event(const char *id, int64_t t, void *arg)
{
	struct ident *d = ident_get(id, 0);

	(void)arg;
	return d && t >= d->from && t <= nhi_opts.now;
}

static void read_events(struct nhi_usage *u)
{
	static const char *const kinds[] = { "event", "usage", NULL };
	struct nhi_reader *r = nhi_reader_open_more(nevents, events_files);
	struct nhi_line line;
	const char *why;
	json_t *rec;

	while (nhi_reader_next(r, &line)) {
		int handled;

		if (nhi_line_kind_in(&line, kinds) == 0)
			continue;
		why = nhi_usage_add_event_line(u, line.data, line.len, keep_event, NULL, &handled);
		if (handled) {
			if (why)
				nhi_reader_reject(r, &line, "%s", why);
			continue;
		}
		if (!(rec = nhi_reader_parse(r, &line)))
			continue;
		why = NULL;
		if (nhi_kind_is(rec, "event")) {
			why = nhi_usage_add_event(u, rec, keep_event, NULL);
		} else if (nhi_kind_is(rec, "usage")) {
			struct ident *d = ident_get(nhi_get_str(rec, "identity") ?
							    nhi_get_str(rec, "identity") : "", 0);
			int64_t last = nhi_get_time(rec, "last");

			if (d && (!last || last >= d->from))
				why = nhi_usage_add_record(u, rec);
		}
		if (why)
			nhi_reader_reject(r, &line, "%s", why);
		json_decref(rec);
	}
	nhi_reader_close(r);
}

static void duration_str(int64_t s, char *buf, size_t n)
{
	if (s % 86400 == 0)
		snprintf(buf, n, "%lldd", (long long)(s / 86400));
	else if (s % 3600 == 0)
		snprintf(buf, n, "%lldh", (long long)(s / 3600));
	else if (s % 60 == 0)
		snprintf(buf, n, "%lldm", (long long)(s / 60));
	else
		snprintf(buf, n, "%llds", (long long)s);
}

static char *pretty(const json_t *v)
{
	char *s = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	struct nhi_buf b = NHI_BUF_INIT;

	nhi_buf_adds(&b, s ? s : "");
	nhi_buf_addch(&b, '\n');
	free(s);
	return nhi_buf_detach(&b, NULL);
}

/* current_doc: the identity's replaceable AWS policies as one document, so
 * the diff reads as "what it may do now" against "what it will do". */
static json_t *current_doc(const struct ident *d)
{
	json_t *doc = json_object(), *sts = json_array(), *p, *s, *st;
	size_t i, k;

	json_object_set_new(doc, "Version", json_string("2012-10-17"));
	json_array_foreach(d->docs, i, p) {
		s = json_object_get(json_object_get(p, "document"), "Statement");
		if (json_is_object(s))
			json_array_append(sts, s);
		else
			json_array_foreach(s, k, st)
				json_array_append(sts, st);
	}
	json_object_set_new(doc, "Statement", sts);
	return doc;
}

static json_t *docs_only(const struct ident *d)
{
	json_t *a = json_array(), *p;
	size_t i;

	json_array_foreach(d->docs, i, p)
		json_array_append(a, json_object_get(p, "document"));
	return a;
}

/* same_service: whether an ARN belongs to the service of action ("s3:*"
 * does not reach a DynamoDB table, even on Resource "*"). */
static int same_service(const char *action, const char *arn)
{
	const char *colon = strchr(action, ':'), *svc;
	size_t n;

	if (!colon || strncmp(arn, "arn:", 4) || !(svc = strchr(arn + 4, ':')))
		return 1;
	n = (size_t)(colon - action);
	if (n == 1 && *action == '*')
		return 1;
	return !strncasecmp(svc + 1, action, n) && svc[1 + n] == ':';
}

static json_t *sensitive_hits(const char *action, const char *pattern)
{
	json_t *hits = NULL, *x, *globs = nhi_config_get("sensitive");
	size_t i;

	json_array_foreach(sensitive_res, i, x) {
		if (!nhi_pg_match(pattern, json_string_value(x), 0) ||
		    !same_service(action, json_string_value(x)))
			continue;
		if (!hits)
			hits = json_array();
		json_array_append(hits, x);
	}
	json_array_foreach(globs, i, x) {
		const char *g = json_string_value(x);

		if (!g || !(nhi_pg_match(pattern, g, 0) || !fnmatch(g, pattern, 0)))
			continue;
		if (!hits)
			hits = json_array();
		json_array_append(hits, x);
	}
	return hits;
}

static int has_str(const json_t *arr, const char *s, int icase)
{
	size_t i;
	json_t *x;

	json_array_foreach(arr, i, x) {
		const char *v = json_string_value(x);

		if (v && (icase ? !strcasecmp(v, s) : !strcmp(v, s)))
			return 1;
	}
	return 0;
}

static void reach_add(json_t *side, const char *action, const char *res,
		      int *sens, size_t *over)
{
	json_t *e, *hits = sensitive_hits(action, res);

	if (hits)
		*sens = 1;
	if (json_array_size(side) >= MAX_REACH) {
		(*over)++;
		json_decref(hits);
		return;
	}
	e = json_pack("{s:s,s:s}", "action", action, "resource", res);
	if (hits)
		json_object_set_new(e, "sensitive", hits);
	json_array_append_new(side, e);
}

static json_t *as_list(json_t *v)
{
	if (json_is_string(v))
		return json_pack("[O]", v);
	return json_is_array(v) ? json_incref(v) : json_array();
}

/* aws_reach: kept = what the proposal grants; removed = every grant of the
 * current Allow statements the proposal does not state in the same words.
 * Set *sens_kept when what stays touches a sensitive resource. */
static json_t *aws_reach(const json_t *cur, const json_t *prop, int *sens_kept)
{
	json_t *kept = json_array(), *removed = json_array(), *st, *a, *r, *x, *y;
	size_t i, j, k, over_k = 0, over_r = 0;
	int sens_removed = 0;
	json_t *reach;

	json_array_foreach(json_object_get(prop, "Statement"), i, st) {
		json_array_foreach(json_object_get(st, "Action"), j, x)
			json_array_foreach(json_object_get(st, "Resource"), k, y)
				reach_add(kept, json_string_value(x), json_string_value(y), sens_kept, &over_k);
	}
	json_array_foreach(json_object_get(cur, "Statement"), i, st) {
		const char *eff = nhi_get_str(st, "Effect");
		int nota = !json_object_get(st, "Action"), notr = !json_object_get(st, "Resource");

		if (!eff || strcmp(eff, "Allow"))
			continue;
		a = as_list(json_object_get(st, nota ? "NotAction" : "Action"));
		r = as_list(json_object_get(st, notr ? "NotResource" : "Resource"));
		json_array_foreach(a, j, x) {
			json_array_foreach(r, k, y) {
				struct nhi_buf an = NHI_BUF_INIT, rn = NHI_BUF_INIT;
				const char *as = json_string_value(x), *rs = json_string_value(y);
				int same = 0;
				size_t m;
				json_t *pst;

				if (!as || !rs)
					continue;
				nhi_buf_addf(&an, "%s%s", nota ? "NotAction:" : "", as);
				nhi_buf_addf(&rn, "%s%s", notr ? "NotResource:" : "", rs);
				json_array_foreach(json_object_get(prop, "Statement"), m, pst)
					if (!nota && !notr &&
					    has_str(json_object_get(pst, "Action"), as, 1) &&
					    has_str(json_object_get(pst, "Resource"), rs, 0))
						same = 1;
				if (!same)
					reach_add(removed, an.buf, notr ? "*" : rn.buf, &sens_removed, &over_r);
				nhi_buf_release(&an);
				nhi_buf_release(&rn);
			}
		}
		json_decref(a);
		json_decref(r);
	}
	reach = json_pack("{s:o,s:o}", "removed", removed, "kept", kept);
	if (over_r)
		nhi_set_int(reach, "removed_more", (long long)over_r);
	if (over_k)
		nhi_set_int(reach, "kept_more", (long long)over_k);
	return reach;
}

static const char *approver_of(const struct ident *d)
{
	json_t *o = d->owner, *a;
	const char *s;

	if (!o)
		return NULL;
	if ((s = nhi_get_str(o, "route_to")))
		return s;
	a = json_object_get(o, "accountable");
	if (json_is_string(a))
		return json_string_value(a);
	if ((s = nhi_get_str(a, "person")) || (s = nhi_get_str(a, "id")))
		return s;
	return NULL;
}

static int auto_apply(const struct ident *d, int sens_kept, size_t nrare)
{
	json_t *list = nhi_config_get("auto_approve");
	int orphaned = d->owner && json_is_true(json_object_get(d->owner, "orphaned"));

	if (sens_kept || nrare)
		return 0;
	return (d->class && has_str(list, d->class, 0)) ||
	       (orphaned && has_str(list, "orphaned", 0));
}

static void proof_window(json_t *proof, const struct ident *d)
{
	char w[32];

	duration_str(d->window, w, sizeof(w));
	json_object_set_new(proof, "window", json_string(w));
	nhi_set_time(proof, "from", d->from);
	nhi_set_time(proof, "to", nhi_opts.now);
}

static json_t *rare_list(const struct ident *d, size_t *nrare)
{
	json_t *rare = json_array(), *x = nhi_config_get("rare_days");
	long long rare_days = json_is_integer(x) ? json_integer_value(x) : 0;

	*nrare = 0;
	for (size_t i = 0; i < d->ncalls; i++) {
		struct nhi_usage_entry *e = d->calls[i];
		unsigned days = nhi_usage_days(e);

		if (e->via || (e->count > 1 && (long long)days >= rare_days))
			continue;
		if (++*nrare > MAX_RARE)
			continue;
		json_array_append_new(rare, json_pack("{s:s,s:s,s:I,s:I}",
			"action", e->action, "resource", e->resource,
			"count", (json_int_t)e->count, "days", (json_int_t)days));
		nhi_set_time(json_array_get(rare, json_array_size(rare) - 1), "last", e->last);
	}
	return rare;
}

static const char *confidence(const struct ident *d, size_t nrare)
{
	int64_t first = 0, last = 0, span;

	for (size_t i = 0; i < d->ncalls; i++) {
		if (d->calls[i]->via || !d->calls[i]->first)
			continue;
		if (!first || d->calls[i]->first < first)
			first = d->calls[i]->first;
		if (d->calls[i]->last > last)
			last = d->calls[i]->last;
	}
	span = last - first;
	if (span * 2 >= d->window && !nrare)
		return "high";
	if (span * 4 >= d->window)
		return "medium";
	return "low";
}

/* current_allows: whether the identity's current policies allow action on
 * some resource: an added action they do not allow was evidently not
 * needed, since the call succeeded without it.  No parsable policy at all
 * (nothing known) allows. */
struct current {
	struct nhi_iam_policy **p;
	size_t n;
};

static void current_load(const struct ident *d, struct current *c)
{
	json_t *x;
	size_t i;

	c->p = xcalloc(json_array_size(d->docs) + 1, sizeof(*c->p));
	c->n = 0;
	json_array_foreach(d->docs, i, x) {
		struct nhi_iam_policy *p = nhi_iam_policy_parse(json_object_get(x, "document"),
				NHI_IAM_IDENTITY, nhi_get_str(x, "via"), NULL);

		if (p)
			c->p[c->n++] = p;
	}
}

static void current_free(struct current *c)
{
	for (size_t i = 0; i < c->n; i++)
		nhi_iam_policy_free(c->p[i]);
	free(c->p);
}

static int current_allows(const struct ident *d, const struct current *c,
			  const char *action, const char *resource)
{
	struct nhi_iam_set set = { 0 };
	struct nhi_iam_request req = { 0 };

	if (!c->n)
		return 1;
	set.identity = c->p;
	set.nidentity = c->n;
	req.principal = d->id + 4;
	req.action = action;
	req.resource = resource;
	req.resource_pattern = true;
	req.resource_account = "";
	return nhi_iam_eval(&set, &req, NULL) <= NHI_IAM_DECISION_CONDITIONAL;
}

/* aws_calls: the observed calls and the actions they may need; adds the
 * reasons for the latter to added. */
static struct nhi_pg_call *aws_calls(const struct ident *d, size_t *n,
				     json_t *added)
{
	struct nhi_pg_call *v = xcalloc(2 * d->ncalls + 1, sizeof(*v));
	json_t *seen = json_object();
	const struct nhi_iam_action *ca;
	size_t k = 0, i, j;
	struct current cur;

	current_load(d, &cur);

	for (i = 0; i < d->ncalls; i++)
		if (!d->calls[i]->via)
			json_object_set_new(seen, d->calls[i]->action, json_true());
	for (i = 0; i < d->ncalls; i++) {
		char key[600];

		snprintf(key, sizeof(key), "dep:%s", d->calls[i]->action);
		if (d->calls[i]->via)
			json_object_set_new(seen, key, json_true());
	}
	for (i = 0; i < d->ncalls; i++) {
		struct nhi_usage_entry *e = d->calls[i];

		if (e->via && !current_allows(d, &cur, e->action, e->resource))
			continue;
		v[k].action = e->action;
		v[k].resource = e->resource;
		v[k].via = e->via;
		k++;
		/* entries are sorted: an observed call comes before the via
		 * entries of the same action and resource */
		if (e->via && !(i && !d->calls[i - 1]->via &&
				d->calls[i - 1]->action == e->action &&
				d->calls[i - 1]->resource == e->resource)) {
			json_array_append_new(added, json_pack("{s:s,s:s,s:s}",
				"action", e->action, "resource", e->resource, "reason",
				strcmp(e->resource, "*")
				? "the call may need it and CloudTrail does not log it"
				: "the call may need it and CloudTrail does not log it nor its resource"));
			json_object_set_new(json_array_get(added, json_array_size(added) - 1),
					    "needed_by", json_string(e->via));
		}
	}
	/* the catalog's dependent actions, on "*": their resources are not
	 * in the event */
	for (i = 0; i < d->ncalls; i++) {
		if (d->calls[i]->via || (i && !strcmp(d->calls[i]->action, d->calls[i - 1]->action)))
			continue;
		ca = nhi_iam_catalog_find(d->calls[i]->action);
		for (j = 0; ca && j < ca->ndep; j++) {
			const char *a = ca->dep[j];
			char key[600];

			/* the SAR column also lists resource types ("image*") */
			if (!strchr(a, ':') || strchr(a, '*'))
				continue;

			if (json_object_get(seen, a))
				continue;
			snprintf(key, sizeof(key), "dep:%s", a);
			if (json_object_get(seen, key) || !current_allows(d, &cur, a, "*"))
				continue;
			json_object_set_new(seen, key, json_true());
			v = xreallocarray(v, k + 2, sizeof(*v));
			v[k].action = a;
			v[k].resource = "*";
			v[k].via = d->calls[i]->action;
			k++;
			json_array_append_new(added, json_pack("{s:s,s:s,s:s,s:s}",
				"action", a, "resource", "*", "reason",
				"dependent action in the service authorization reference; narrow the resource by hand",
				"needed_by", d->calls[i]->action));
		}
	}
	json_decref(seen);
	current_free(&cur);
	*n = k;
	return v;
}

static json_t *new_rec(const struct ident *d, const char *status)
{
	json_t *rec = nhi_record_new("recommendation");

	nhi_set_str(rec, "identity", d->id);
	nhi_set_str(rec, "system", d->k8s ? "k8s" : "aws");
	nhi_set_str(rec, "status", status);
	nhi_set_str(rec, "class", d->class);
	return rec;
}

static void k8s_sa(const char *id, char **ns, char **name)
{
	const char *p = strstr(id, "/sa/") + 4, *s = strchr(p, '/');

	*ns = s ? xstrndup(p, (size_t)(s - p)) : xstrdup("default");
	*name = xstrdup(s ? s + 1 : p);
}

/* k8s_grants: each rule as verb x group x resource x name grants, written
 * as calls are ("k8s:get", "/secrets:payments/db-creds"; "*" for any). */
static void k8s_grants(json_t *side, const json_t *rules, const char *scope,
		       int *sens, size_t *over)
{
	struct nhi_buf a = NHI_BUF_INIT, r = NHI_BUF_INIT;
	json_t *rule, *v, *g, *res, *names;
	size_t i, j, k, l, m;

	json_array_foreach(rules, i, rule) {
		json_array_foreach(json_object_get(rule, "nonResourceURLs"), j, res)
			json_array_foreach(json_object_get(rule, "verbs"), k, v) {
				if (!json_is_string(v) || !json_is_string(res))
					continue;
				nhi_buf_reset(&a);
				nhi_buf_addf(&a, "k8s:%s", json_string_value(v));
				reach_add(side, a.buf, json_string_value(res), sens, over);
			}
		names = json_object_get(rule, "resourceNames");
		json_array_foreach(json_object_get(rule, "verbs"), j, v)
		json_array_foreach(json_object_get(rule, "apiGroups"), k, g)
		json_array_foreach(json_object_get(rule, "resources"), l, res) {
			size_t nn = json_array_size(names) ? json_array_size(names) : 1;

			if (!json_is_string(v) || !json_is_string(g) || !json_is_string(res))
				continue;
			for (m = 0; m < nn; m++) {
				const char *name = json_string_value(json_array_get(names, m));

				nhi_buf_reset(&a);
				nhi_buf_reset(&r);
				nhi_buf_addf(&a, "k8s:%s", json_string_value(v));
				/* as the k8s-audit collector writes calls */
				nhi_buf_addf(&r, "%s/%s:", *json_string_value(g) ? json_string_value(g) : "core",
					     json_string_value(res));
				if (strcmp(scope, "*"))
					nhi_buf_addf(&r, "%s/", scope);
				nhi_buf_adds(&r, name ? name : "*");
				reach_add(side, a.buf, r.buf, sens, over);
				/* a Secret's value is a credential: always sensitive */
				if ((!strcmp(json_string_value(res), "secrets") ||
				     !strcmp(json_string_value(res), "*")) &&
				    (!strcmp(json_string_value(g), "") || !strcmp(json_string_value(g), "*"))) {
					json_t *e = json_array_get(side, json_array_size(side) - 1);

					*sens = 1;
					if (e && !json_object_get(e, "sensitive") &&
					    !strcmp(nhi_get_str(e, "resource"), r.buf))
						json_object_set_new(e, "sensitive", json_pack("[s]", "secrets"));
				}
			}
		}
	}
	nhi_buf_release(&a);
	nhi_buf_release(&r);
}

static void k8s_reach(const struct ident *d, const json_t *prop, json_t *rec,
		      int *sens_kept)
{
	json_t *kept = json_array(), *removed = json_array(), *p, *role, *reach;
	size_t i, over_k = 0, over_r = 0;
	int sens = 0;
	struct nhi_buf b = NHI_BUF_INIT;

	json_array_foreach(json_object_get(prop, "roles"), i, role) {
		const char *ns = nhi_get_str(role, "namespace");

		k8s_grants(kept, json_object_get(role, "rules"), ns ? ns : "*", sens_kept, &over_k);
	}
	json_array_foreach(d->docs, i, p) {
		const char *via = nhi_get_str(p, "via"), *slash;

		nhi_buf_reset(&b);
		if (!strncmp(via, "k8s:Role/", 9) && (slash = strchr(via + 9, '/')))
			nhi_buf_add(&b, via + 9, (size_t)(slash - via - 9));
		else
			nhi_buf_adds(&b, "*");
		k8s_grants(removed, json_object_get(json_object_get(p, "document"), "rules"),
			   b.buf, &sens, &over_r);
	}
	/* what stays is not removed */
	for (i = json_array_size(removed); i-- > 0;) {
		json_t *e = json_array_get(removed, i), *x;
		size_t k;

		json_array_foreach(kept, k, x)
			if (json_equal(json_object_get(x, "action"), json_object_get(e, "action")) &&
			    json_equal(json_object_get(x, "resource"), json_object_get(e, "resource")))
				break;
		if (k < json_array_size(kept))
			json_array_remove(removed, i);
	}
	nhi_buf_release(&b);
	reach = json_pack("{s:o,s:o}", "removed", removed, "kept", kept);
	if (over_r)
		nhi_set_int(reach, "removed_more", (long long)over_r);
	if (over_k)
		nhi_set_int(reach, "kept_more", (long long)over_k);
	json_object_set_new(rec, "reach", reach);
}

static json_t *k8s_current(const struct ident *d)
{
	json_t *a = json_array(), *p;
	size_t i;

	json_array_foreach(d->docs, i, p)
		json_array_append_new(a, json_pack("{s:O,s:O}", "via", json_object_get(p, "via"),
						   "rules", json_object_get(json_object_get(p, "document"), "rules")));
	return a;
}

/* grade: the lib/iam reach of the documents, as {"summary","services"}
 * (new reference); NULL when a document does not parse. */
static json_t *grade(const struct ident *d, struct nhi_iam_policy **p, size_t n)
{
	struct nhi_iam_set set = { 0 };
	struct nhi_iam_reach *r;
	json_t *j, *out;

	set.identity = p;
	set.nidentity = n;
	if (!reach_cache)
		reach_cache = nhi_iam_reach_cache_new(4096);
	if (!(r = nhi_iam_reach_compute(&set, d->id + 4, NULL, reach_cache)))
		return NULL;
	j = nhi_iam_reach_json(r);
	out = json_pack("{s:O,s:O}", "summary", json_object_get(j, "summary"),
			"services", json_object_get(j, "services"));
	json_decref(j);
	nhi_iam_reach_free(r);
	return out;
}

/* reach_delta: the access levels per service before and after, and the
 * ones the proposal takes away entirely ("s3:Write"), into reach. */
static void reach_delta(const struct ident *d, const json_t *prop, json_t *reach)
{
	struct current cur;
	struct nhi_iam_policy *pp = nhi_iam_policy_parse(prop, NHI_IAM_IDENTITY, "proposed", NULL);
	json_t *before, *after = NULL, *gone = json_array(), *lv, *g;
	const char *svc, *level;

	current_load(d, &cur);
	before = grade(d, cur.p, cur.n);
	if (pp)
		after = grade(d, &pp, 1);
	if (before && after) {
		nhi_set_str(reach, "summary_before", nhi_get_str(before, "summary"));
		nhi_set_str(reach, "summary_after", nhi_get_str(after, "summary"));
		json_object_foreach(json_object_get(before, "services"), svc, lv) {
			json_t *now = json_object_get(json_object_get(after, "services"), svc);

			json_object_foreach(lv, level, g) {
				char buf[300];

				if (json_object_get(now, level))
					continue;
				snprintf(buf, sizeof(buf), "%s:%s", svc, level);
				json_array_append_new(gone, json_string(buf));
			}
		}
		nhi_set_int(reach, "services_before", (long long)json_object_size(json_object_get(before, "services")));
		nhi_set_int(reach, "services_after", (long long)json_object_size(json_object_get(after, "services")));
		if (json_array_size(gone) <= MAX_REACH)
			json_object_set(reach, "levels_removed", gone);
		else
			nhi_set_int(reach, "levels_removed_count", (long long)json_array_size(gone));
	}
	json_decref(gone);
	json_decref(before);
	json_decref(after);
	nhi_iam_policy_free(pp);
	current_free(&cur);
}

/* policy_size: the characters IAM counts (white space aside) and whether
 * the proposal fits a managed policy (6144); split it by hand if not. */
static void policy_size(json_t *proposed, const json_t *doc)
{
	struct nhi_buf b = NHI_BUF_INIT;

	nhi_json_dump(doc, &b);
	nhi_set_int(proposed, "size", (long long)b.len);
	if (b.len > 6144)
		nhi_set_bool(proposed, "over_managed_limit", 1);
	nhi_buf_release(&b);
}

/* replay: every observed call of d through the IAM evaluator against the
 * proposal alone.  A call the proposal allows only under a Condition it
 * kept from the current policy is counted as conditional: it ran under
 * that same condition.  Returns the calls denied. */
static uint64_t replay(const struct ident *d, const json_t *prop,
		       json_t *denied_list, uint64_t *conditional)
{
	struct nhi_buf err = NHI_BUF_INIT;
	struct nhi_iam_policy *pp = nhi_iam_policy_parse(prop, NHI_IAM_IDENTITY, "proposed", &err);
	struct nhi_iam_set set = { 0 };
	uint64_t denied = 0;

	if (!pp)
		nhi_error(NHI_EXIT_SYSTEM, "%s: the proposed policy is not valid: %s", d->id, err.buf);
	set.identity = &pp;
	set.nidentity = 1;
	for (size_t i = 0; i < d->ncalls; i++) {
		struct nhi_usage_entry *e = d->calls[i];
		struct nhi_iam_request req = { 0 };
		enum nhi_iam_decision dec = NHI_IAM_DECISION_IMPLICIT_DENY;

		if (e->via)
			continue;
		req.principal = d->id + 4;
		req.action = e->action;
		req.resource = e->resource;
		req.resource_pattern = strchr(e->resource, '*') != NULL;
		req.resource_account = ""; /* the call ran: judge the identity side */
		if (pp)
			dec = nhi_iam_eval(&set, &req, NULL);
		if (dec == NHI_IAM_DECISION_CONDITIONAL)
			*conditional += e->count;
		if (dec <= NHI_IAM_DECISION_CONDITIONAL)
			continue;
		denied += e->count;
		if (json_array_size(denied_list) < MAX_RARE)
			json_array_append_new(denied_list, json_pack("{s:s,s:s}",
					      "action", e->action, "resource", e->resource));
	}
	nhi_iam_policy_free(pp);
	nhi_buf_release(&err);
	return denied;
}

/* propose: the recommendation for d (new reference). */
static json_t *propose(struct ident *d)
{
	json_t *rec, *proof, *cur, *prop, *added = json_array(), *rare, *curdocs;
	uint64_t calls = 0, denied = 0, distinct = 0, conditional = 0;
	struct nhi_buf diff = NHI_BUF_INIT, la = NHI_BUF_INIT, lb = NHI_BUF_INIT;
	const char *status = "rightsize", *appr;
	char *ta, *tb;
	size_t nrare = 0, i;
	int sens_kept = 0;
	json_t *denied_list = json_array();

	for (i = 0; i < d->ncalls; i++) {
		if (d->calls[i]->via)
			continue;
		calls += d->calls[i]->count;
		distinct++;
	}
	if (d->created && d->created > nhi_opts.now - d->window)
		status = "insufficient-history";
	else if (!distinct)
		status = "deprovision";
	rec = new_rec(d, status);
	curdocs = json_array();
	json_array_foreach(d->docs, i, cur)
		json_array_append(curdocs, cur);
	json_object_set_new(rec, "current", json_pack("{s:o}", "documents", curdocs));
	proof = json_object();
	nhi_set_int(proof, "calls", (long long)calls);
	nhi_set_int(proof, "distinct", (long long)distinct);
	if (strcmp(status, "rightsize")) {
		proof_window(proof, d);
		json_object_set_new(rec, "proof", proof);
		if (!strcmp(status, "deprovision"))
			nhi_set_str(rec, "action", "deprovision");
		if ((appr = approver_of(d)))
			nhi_set_str(rec, "approver", appr);
		nhi_set_bool(rec, "auto_apply", 0);
		json_decref(added);
		json_decref(denied_list);
		return rec;
	}
	if (d->k8s) {
		struct nhi_rbac_call *kc = xcalloc(d->ncalls + 1, sizeof(*kc));
		uint64_t *kn = xcalloc(d->ncalls + 1, sizeof(*kn));
		size_t nk = 0;
		char *ns, *name;

		k8s_sa(d->id, &ns, &name);
		for (i = 0; i < d->ncalls; i++) {
			if (d->calls[i]->via ||
			    nhi_rbac_parse(d->calls[i]->action, d->calls[i]->resource, &kc[nk])) {
				/* a call that is not a k8s call cannot be granted */
				if (!d->calls[i]->via) {
					denied += d->calls[i]->count;
					json_array_append_new(denied_list, json_pack("{s:s,s:s}",
						"action", d->calls[i]->action, "resource", d->calls[i]->resource));
				}
				continue;
			}
			kn[nk++] = d->calls[i]->count;
		}
		prop = nhi_rbac_build(kc, nk, ns, name);
		for (i = 0; i < nk; i++) {
			if (!nhi_rbac_allows(prop, &kc[i]))
				denied += kn[i];
			nhi_rbac_call_release(&kc[i]);
		}
		free(kc);
		free(kn);
		nhi_rbac_yaml(prop, ns, name, &diff);
		json_object_set_new(rec, "proposed", json_pack("{s:O,s:s}", "roles",
				    json_object_get(prop, "roles"), "manifests", diff.buf));
		nhi_buf_reset(&diff);
		cur = k8s_current(d);
		ta = pretty(cur);
		tb = pretty(json_object_get(prop, "roles"));
		k8s_reach(d, prop, rec, &sens_kept);
		free(ns);
		free(name);
	} else {
		struct nhi_pg_call *pc;
		size_t np;
		json_t *docs = docs_only(d);

		pc = aws_calls(d, &np, added);
		prop = nhi_pg_build(pc, np, docs);
		free(pc);
		json_decref(docs);
		denied = replay(d, prop, denied_list, &conditional);
		json_object_set_new(rec, "proposed", json_pack("{s:O}", "document", prop));
		policy_size(json_object_get(rec, "proposed"), prop);
		cur = current_doc(d);
		ta = pretty(cur);
		tb = pretty(prop);
		json_object_set_new(rec, "reach", aws_reach(cur, prop, &sens_kept));
		reach_delta(d, prop, json_object_get(rec, "reach"));
	}
	if (json_array_size(added))
		json_object_set(rec, "added", added);
	nhi_buf_addf(&la, "a/%s", d->id);
	nhi_buf_addf(&lb, "b/%s", d->id);
	if (nhi_udiff(ta, tb, la.buf, lb.buf, 3, &diff) == 0)
		json_object_set_new(rec, "diff", json_string(diff.buf));
	else /* too long to diff here; the documents are in the record */
		nhi_set_str(rec, "diff_skipped", "the policies are too long for a line diff");
	nhi_set_int(proof, "denied", (long long)denied);
	if (conditional)
		nhi_set_int(proof, "conditional", (long long)conditional);
	if (json_array_size(denied_list))
		json_object_set(proof, "denied_calls", denied_list);
	proof_window(proof, d);
	json_object_set_new(rec, "proof", proof);
	rare = rare_list(d, &nrare);
	if (nrare) {
		json_object_set(rec, "rare", rare);
		if (nrare > MAX_RARE)
			nhi_set_int(rec, "rare_more", (long long)(nrare - MAX_RARE));
	}
	json_decref(rare);
	nhi_set_str(rec, "confidence", confidence(d, nrare));
	if ((appr = approver_of(d)))
		nhi_set_str(rec, "approver", appr);
	nhi_set_bool(rec, "auto_apply", !denied && auto_apply(d, sens_kept, nrare));
	json_decref(cur);
	json_decref(prop);
	json_decref(added);
	json_decref(denied_list);
	free(ta);
	free(tb);
	nhi_buf_release(&diff);
	nhi_buf_release(&la);
	nhi_buf_release(&lb);
	return rec;
}

static void hcl_str(struct nhi_buf *b, const char *s)
{
	json_t *j = json_string(s);
	char *d = json_dumps(j, JSON_ENCODE_ANY);

	/* JSON escapes are HCL escapes, but "${" and "%{" start templates */
	for (const char *p = d; *p; p++) {
		nhi_buf_addch(b, *p);
		if ((*p == '$' || *p == '%') && p[1] == '{')
			nhi_buf_addch(b, *p);
	}
	free(d);
	json_decref(j);
}

static void hcl_list(struct nhi_buf *b, const json_t *v)
{
	json_t *a = as_list((json_t *)v), *x;
	size_t i;

	nhi_buf_addch(b, '[');
	json_array_foreach(a, i, x) {
		if (i)
			nhi_buf_adds(b, ", ");
		if (json_is_string(x)) {
			hcl_str(b, json_string_value(x));
		} else {
			char *s = json_dumps(x, JSON_ENCODE_ANY);

			hcl_str(b, s);
			free(s);
		}
	}
	nhi_buf_addch(b, ']');
	json_decref(a);
}

static void terraform(struct nhi_buf *b, const struct ident *d, const json_t *doc)
{
	const char *name = d->name ? d->name : strrchr(d->id, '/') ? strrchr(d->id, '/') + 1 : d->id;
	size_t i;
	json_t *st;

	nhi_buf_adds(b, "data \"aws_iam_policy_document\" \"");
	if (!isalpha((unsigned char)*name) && *name != '_')
		nhi_buf_adds(b, "r_");
	for (const char *p = name; *p; p++)
		nhi_buf_addch(b, isalnum((unsigned char)*p) || *p == '-' ? *p : '_');
	nhi_buf_adds(b, "\" {\n");
	json_array_foreach(json_object_get(doc, "Statement"), i, st) {
		const char *op, *key;
		json_t *keys, *vals;

		nhi_buf_adds(b, "  statement {\n    sid       = ");
		hcl_str(b, nhi_get_str(st, "Sid"));
		nhi_buf_adds(b, "\n    effect    = \"Allow\"\n    actions   = ");
		hcl_list(b, json_object_get(st, "Action"));
		nhi_buf_adds(b, "\n    resources = ");
		hcl_list(b, json_object_get(st, "Resource"));
		nhi_buf_addch(b, '\n');
		json_object_foreach(json_object_get(st, "Condition"), op, keys) {
			json_object_foreach(keys, key, vals) {
				nhi_buf_adds(b, "\n    condition {\n      test     = ");
				hcl_str(b, op);
				nhi_buf_adds(b, "\n      variable = ");
				hcl_str(b, key);
				nhi_buf_adds(b, "\n      values   = ");
				hcl_list(b, vals);
				nhi_buf_adds(b, "\n    }\n");
			}
		}
		nhi_buf_adds(b, "  }\n");
	}
	nhi_buf_adds(b, "}\n");
}

static void write_text(const struct nhi_buf *b)
{
	if (fwrite(b->buf, 1, b->len, stdout) != b->len)
		nhi_die_errno(NHI_EXIT_SYSTEM, "write error");
}

/* output: one identity's recommendation, as a record or as text. */
static void output(const struct ident *d, json_t *rec, int several, int *first)
{
	struct nhi_buf b = NHI_BUF_INIT;
	const char *status = nhi_get_str(rec, "status");
	json_t *prop = json_object_get(rec, "proposed");
	int fits;

	if (format == F_RECORDS) {
		nhi_emit(rec);
		return;
	}
	fits = format == F_DIFF || (format == F_YAML) == d->k8s;
	if (!fits) {
		if (!several)
			nhi_error(NHI_EXIT_REJECTED, "%s: no %s output for a %s identity",
				  d->id, format_names[format], d->k8s ? "k8s" : "AWS");
		return;
	}
	if (!prop) {
		if (several) {
			nhi_buf_addf(&b, "%s# %s: %s, no proposal\n", *first ? "" : "\n", d->id, status);
			*first = 0;
			write_text(&b);
		} else {
			nhi_error(NHI_EXIT_REJECTED, "%s: no proposal: %s", d->id, status);
		}
		nhi_buf_release(&b);
		return;
	}
	if (several) {
		if (format == F_YAML && !*first)
			nhi_buf_adds(&b, "---\n");
		else if (!*first)
			nhi_buf_addch(&b, '\n');
		if (format != F_DIFF)
			nhi_buf_addf(&b, "# %s\n", d->id);
	}
	*first = 0;
	switch (format) {
	case F_POLICY: {
		char *s = pretty(json_object_get(prop, "document"));

		nhi_buf_adds(&b, s);
		free(s);
		break;
	}
	case F_DIFF:
		nhi_buf_adds(&b, nhi_get_str(rec, "diff"));
		break;
	case F_TERRAFORM:
		terraform(&b, d, json_object_get(prop, "document"));
		break;
	case F_YAML:
		nhi_buf_adds(&b, nhi_get_str(prop, "manifests"));
		break;
	case F_RECORDS:
		break;
	}
	write_text(&b);
	nhi_buf_release(&b);
}

static int cmp_ident(const void *a, const void *b)
{
	return strcmp(((const struct ident *)a)->id, ((const struct ident *)b)->id);
}

static void run_merge(int argc, char **argv)
{
	static const char *const kinds[] = { "event", "usage", NULL };
	struct nhi_usage *u = nhi_usage_new();
	struct nhi_reader *r = nhi_reader_open(argc, argv);
	struct nhi_usage_entry **v;
	struct nhi_line line;
	const char *why;
	json_t *rec;
	size_t n;

	while (nhi_reader_next(r, &line)) {
		int handled;

		if (nhi_line_kind_in(&line, kinds) == 0) {
			nhi_emit_line(&line);
			continue;
		}
		why = nhi_usage_add_event_line(u, line.data, line.len, NULL, NULL, &handled);
		if (handled) {
			if (why)
				nhi_reader_reject(r, &line, "%s", why);
			continue;
		}
		if (!(rec = nhi_reader_parse(r, &line)))
			continue;
		if (nhi_kind_is(rec, "event"))
			why = nhi_usage_add_event(u, rec, NULL, NULL);
		else if (nhi_kind_is(rec, "usage"))
			why = nhi_usage_add_record(u, rec);
		else
			why = NULL, nhi_emit_line(&line);
		if (why)
			nhi_reader_reject(r, &line, "%s", why);
		json_decref(rec);
	}
	nhi_reader_close(r);
	v = nhi_usage_sorted(u, &n);
	for (size_t i = 0; i < n; i++)
		nhi_emit_steal(nhi_usage_record(v[i]));
	free(v);
	nhi_usage_free(u);
}

static void run_rightsize(int argc, char **argv)
{
	static const char *const kinds[] = { "lineage", "identity", "policy", "resource", NULL };
	struct nhi_reader *r = nhi_reader_open(argc, argv);
	struct nhi_usage *u = nhi_usage_new();
	struct nhi_usage_entry **v;
	struct nhi_line line;
	json_t *rec;
	size_t n, i, k;
	int several = !only_identity, first = 1, found = 0, took;
	const char *why = NULL;

	while (nhi_reader_next(r, &line)) {
		if (nhi_line_kind_in(&line, kinds) == 0) {
			if (format == F_RECORDS)
				nhi_emit_line(&line);
			continue;
		}
		if (!(rec = nhi_reader_parse(r, &line)))
			continue;
		if (nhi_kind_is(rec, "resource")) {
			take_resource(rec);
			if (format == F_RECORDS)
				nhi_emit_line(&line);
		} else if ((took = take(rec, nhi_get_str(rec, "kind"), &why)) < 0) {
			nhi_reader_reject(r, &line, "%s", why);
		} else if (format == F_RECORDS) {
			/* the graph goes on to the next stage (nhi-migrate and
			 * nhi-deprov read lineage next to the recommendations) */
			nhi_emit_line(&line);
		}
		json_decref(rec);
	}
	nhi_reader_close(r);
	if (nidents)
		qsort(idents, nidents, sizeof(*idents), cmp_ident);
	for (i = 0; i < nidents; i++) {
		json_object_set_new(ident_index, idents[i].id, json_integer((json_int_t)i));
		classify(&idents[i]);
	}
	read_events(u);
	for (i = 0; i < nidents; i++)
		if (!idents[i].k8s)
			break;
	if (i < nidents && (why = nhi_iam_catalog_load(NULL)))
		nhi_warn("%s: dependent actions not added, reach not graded", why);
	v = nhi_usage_sorted(u, &n);
	for (i = 0; i < n; i = k) {
		struct ident *d = ident_get(v[i]->identity, 0);

		for (k = i; k < n && v[k]->identity == v[i]->identity; k++)
			;
		if (d) {
			d->calls = v + i;
			d->ncalls = k - i;
		}
	}
	for (i = 0; i < nidents; i++) {
		if (only_identity && strcmp(only_identity, idents[i].id))
			continue;
		found = 1;
		rec = propose(&idents[i]);
		output(&idents[i], rec, several, &first);
		json_decref(rec);
	}
	if (only_identity && !found)
		nhi_error(NHI_EXIT_REJECTED, "%s: no such identity in the input", only_identity);
	free(v);
	nhi_usage_free(u);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		NHI_COMMON_LONGOPTS,
		{ "events", required_argument, NULL, OPT_EVENTS },
		{ "merge", no_argument, NULL, OPT_MERGE },
		{ "window", required_argument, NULL, OPT_WINDOW },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "identity", required_argument, NULL, OPT_IDENTITY },
		{ 0 }
	};
	const char *why;
	size_t i;
	int c;

	nhi_diag_init(argv[0]);
	while ((c = getopt_long(argc, argv, NHI_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		switch (c) {
		case OPT_EVENTS:
			events_files = xreallocarray(events_files, (size_t)nevents + 1, sizeof(*events_files));
			events_files[nevents++] = optarg;
			break;
		case OPT_MERGE:
			merge_mode = 1;
			break;
		case OPT_WINDOW:
			if ((why = nhi_duration_parse(optarg, &opt_window)) || opt_window <= 0)
				nhi_usage_error(usage, "--window: %s: '%s'", why ? why : "not positive", optarg);
			break;
		case OPT_FORMAT:
			for (i = 0; i < ARRAY_SIZE(format_names); i++)
				if (!strcmp(optarg, format_names[i]))
					break;
			if (i == ARRAY_SIZE(format_names))
				nhi_usage_error(usage, "--format: unknown format '%s' (records, policy, diff, terraform, yaml)", optarg);
			format = (enum format)i;
			break;
		case OPT_IDENTITY:
			only_identity = optarg;
			break;
		default:
			nhi_common_option(c, optarg, argv, usage);
		}
	}
	if (merge_mode && (nevents || format != F_RECORDS || only_identity))
		nhi_usage_error(usage, "--merge takes no --events, --format or --identity");
	if (!merge_mode && !nevents)
		nhi_usage_error(usage, "no --events given (usage or event records)");
	nhi_common_start();
	if (merge_mode) {
		run_merge(argc - optind, argv + optind);
		return nhi_exit();
	}
	ident_index = json_object();
	sensitive_res = json_array();
	run_rightsize(argc - optind, argv + optind);
	for (i = 0; i < nidents; i++) {
		free(idents[i].id);
		free(idents[i].name);
		free(idents[i].system);
		free(idents[i].class);
		json_decref(idents[i].docs);
		json_decref(idents[i].owner);
	}
	free(idents);
	free(events_files);
	json_decref(ident_index);
	json_decref(sensitive_res);
	nhi_iam_reach_cache_free(reach_cache);
	return nhi_exit();
}
