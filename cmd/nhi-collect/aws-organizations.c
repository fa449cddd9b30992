/* aws-organizations: what `aws organizations` says about service control
 * policies and the OU tree, into one policy record per SCP attachment and
 * one resource record per account with its ancestors (root first).
 *
 * Each file holds one CLI output, recognised by its shape.  The outputs of
 * list-targets-for-policy, list-organizational-units-for-parent,
 * list-accounts-for-parent, list-policies-for-target and list-parents do not
 * repeat the id they were asked about: it comes from a "PolicyId",
 * "ParentId", "TargetId" or "ChildId" member added beside the list, else
 * from the one such id in the file's name.  --live asks the Organizations
 * API the same questions and reads each answer as that output. */
#include "compat.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "collect.h"
#include "config.h"
#include "diag.h"
#include "http.h"
#include "iam/policy.h"
#include "ndjson.h"
#include "opts.h"
#include "record.h"
#include "saas.h"
#include "secretenv.h"
#include "xalloc.h"
#include "banned.h"

#define COLLECTOR "aws-organizations"
#define MAX_DEPTH 16 /* AWS nests OUs five deep; more means a loop */

/* The kinds of Organizations ids, as a bit set. */
enum { ID_ACCOUNT = 1, ID_ROOT = 2, ID_OU = 4, ID_POLICY = 8 };

/* FullAWSAccess, which AWS attaches everywhere, as AWS publishes it: used
 * when no describe-policy output gives its content. */
#define FULL_AWS_ACCESS_ID "p-FullAWSAccess"
#define FULL_AWS_ACCESS_DOC \
	"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"

static json_t *policies; /* policy id -> {"name", "document"} */
static json_t *attached; /* "policy target" -> {"policy", "target", "file", "pointer"} */
static json_t *parents;  /* child id -> {"parent", "file", "pointer"} */
static json_t *accounts; /* account id -> {"name", "status", "file", "pointer"} */

static int run_of(const char *s, size_t min, size_t max, int upper)
{
	size_t n = 0;

	while (s[n] && (isdigit((unsigned char)s[n]) || islower((unsigned char)s[n]) ||
			(upper && (isupper((unsigned char)s[n]) || s[n] == '_'))))
		n++;
	return n >= min && n <= max ? (int)n : 0;
}

/* id_len: the length of the Organizations id at the start of s when it
 * is one of kinds (AWS's patterns), else 0. */
static size_t id_len(const char *s, int kinds)
{
	int n, m;

	if ((kinds & ID_ACCOUNT) && strspn(s, "0123456789") == 12)
		return 12;
	if ((kinds & ID_ROOT) && !strncmp(s, "r-", 2) && (n = run_of(s + 2, 4, 32, 0)))
		return 2 + (size_t)n;
	if ((kinds & ID_OU) && !strncmp(s, "ou-", 3) && (n = run_of(s + 3, 4, 32, 0)) &&
	    s[3 + n] == '-' && (m = run_of(s + 4 + n, 8, 32, 0)))
		return 4 + (size_t)(n + m);
	if ((kinds & ID_POLICY) && !strncmp(s, "p-", 2) && (n = run_of(s + 2, 8, 128, 1)))
		return 2 + (size_t)n;
	return 0;
}

static int is_id(const char *s, int kinds)
{
	return s && id_len(s, kinds) == strlen(s);
}

/* name_id: the one id of kinds in the file's base name, as a word of its
 * own (between start, end, '-', '_', '.'); NULL when none or several. */
static const char *name_id(const char *file, int kinds, struct nhi_buf *out)
{
	const char *base = strrchr(file, '/'), *s;
	int found = 0;

	base = base ? base + 1 : file;
	nhi_buf_reset(out);
	for (s = base; *s; s++) {
		size_t n;

		if (s > base && !strchr("-_.", s[-1]))
			continue;
		n = id_len(s, kinds);
		if (!n || (s[n] && !strchr("-_.", s[n])))
			continue;
		if (found++ && (out->len != n || strncmp(out->buf, s, n)))
			return NULL;
		nhi_buf_reset(out);
		nhi_buf_add(out, s, n);
		s += n - 1;
	}
	return found ? out->buf : NULL;
}

/* asked: the id an output was asked about: the member key beside the
 * list, else the file name's; NULL after saying why. */
static const char *asked(const json_t *v, const char *key, int kinds, const char *what,
			 const char *file, struct nhi_buf *b)
{
	const char *id = nhi_get_str(v, key);

	if (json_object_get(v, key)) {
		if (is_id(id, kinds))
			return id;
		collect_reject(file, 0, "/%s: not a %s id", key, what);
		return NULL;
	}
	if ((id = name_id(file, kinds, b)))
		return id;
	collect_reject(file, 0, "which %s? add \"%s\" beside the list, or name the file after it",
		       what, key);
	return NULL;
}

/* target_identity: "aws:account:ID", "aws:root:r-...", "aws:ou:ou-..."
 * for an Organizations id. */
static const char *target_identity(const char *id, struct nhi_buf *b)
{
	nhi_buf_reset(b);
	nhi_buf_addf(b, "aws:%s:%s", is_id(id, ID_ACCOUNT) ? "account" :
		     !strncmp(id, "r-", 2) ? "root" : "ou", id);
	return b->buf;
}

static void attach(const char *policy, const char *target, const char *file,
		   const char *pointer)
{
	struct nhi_buf key = NHI_BUF_INIT;

	nhi_buf_addf(&key, "%s %s", policy, target);
	if (!json_object_get(attached, key.buf))
		json_object_set_new(attached, key.buf,
				    json_pack("{ss ss ss ss}", "policy", policy, "target", target,
					      "file", file, "pointer", pointer));
	nhi_buf_release(&key);
}

static void set_parent(const char *child, const char *parent, const char *file,
		       const char *pointer)
{
	const json_t *old = json_object_get(parents, child);
	const char *was = nhi_get_str(old, "parent");

	if (was && strcmp(was, parent)) {
		collect_reject(file, 0, "%s: %s has parent %s here but %s in %s", pointer,
			       child, parent, was, nhi_get_str(old, "file"));
		return;
	}
	if (!old)
		json_object_set_new(parents, child,
				    json_pack("{ss ss ss}", "parent", parent, "file", file,
					      "pointer", pointer));
}

static json_t *account_entry(const char *id, const char *file, const char *pointer)
{
	json_t *a = json_object_get(accounts, id);

	if (!a) {
		a = json_pack("{ss ss}", "file", file, "pointer", pointer);
		json_object_set_new(accounts, id, a);
	}
	return a;
}

/* is_scp: other policy types (tag, backup, ...) are counted, not read. */
static int is_scp(const json_t *summary)
{
	const char *type = nhi_get_str(summary, "Type");

	if (!type || !strcmp(type, "SERVICE_CONTROL_POLICY"))
		return 1;
	collect_unknown(COLLECTOR, type);
	return 0;
}

/* summary: a PolicySummary (list-policies entry); its id, or NULL. */
static const char *summary(const json_t *s, const char *file, const char *pointer)
{
	const char *id = nhi_get_str(s, "Id"), *name = nhi_get_str(s, "Name");
	json_t *p;

	if (!is_id(id, ID_POLICY)) {
		collect_reject(file, 0, "%s: no policy Id", pointer);
		return NULL;
	}
	if (!is_scp(s))
		return NULL;
	if (!(p = json_object_get(policies, id))) {
		p = json_object();
		json_object_set_new(policies, id, p);
	}
	if (name && !json_object_get(p, "name"))
		json_object_set_new(p, "name", json_string(name));
	return id;
}

/* describe: describe-policy output; the policy id, or NULL. */
static const char *describe(const json_t *pol, const char *file)
{
	const json_t *content = json_object_get(pol, "Content");
	const char *id = summary(json_object_get(pol, "PolicySummary"), file, "/Policy/PolicySummary");
	struct nhi_buf err = NHI_BUF_INIT;
	struct nhi_iam_policy *ip;
	json_t *doc;

	if (!id)
		return NULL;
	if (!json_is_string(content)) {
		if (content)
			collect_reject(file, 0, "/Policy/Content: not a string");
		return id;
	}
	doc = json_loadb(json_string_value(content), json_string_length(content), 0, NULL);
	if (!json_is_object(doc)) {
		collect_reject(file, 0, "/Policy/Content: not a JSON policy document");
		json_decref(doc);
		return id;
	}
	if (!(ip = nhi_iam_policy_parse(doc, NHI_IAM_SCP, NULL, &err))) {
		collect_reject(file, 0, "/Policy/Content: %s", err.buf);
		json_decref(doc);
	} else {
		json_object_set_new(json_object_get(policies, id), "document", doc);
		nhi_iam_policy_free(ip);
	}
	nhi_buf_release(&err);
	return id;
}

/* targets: list-targets-for-policy entries, for policy. */
static void targets(const json_t *list, const char *policy, const char *file)
{
	struct nhi_buf ptr = NHI_BUF_INIT;
	size_t i;
	json_t *t;

	json_array_foreach(list, i, t) {
		const char *id = nhi_get_str(t, "TargetId"), *type = nhi_get_str(t, "Type");
		static const struct {
			const char *type;
			int kind;
		} types[] = { { "ACCOUNT", ID_ACCOUNT }, { "ROOT", ID_ROOT },
			      { "ORGANIZATIONAL_UNIT", ID_OU } };
		int kind = 0;

		nhi_buf_reset(&ptr);
		nhi_buf_addf(&ptr, "/Targets/%zu", i);
		for (size_t k = 0; type && k < ARRAY_SIZE(types); k++)
			if (!strcmp(type, types[k].type))
				kind = types[k].kind;
		if (!kind) {
			collect_reject(file, 0, "%s: Type is not ROOT, ORGANIZATIONAL_UNIT or ACCOUNT", ptr.buf);
			continue;
		}
		if (!is_id(id, kind)) {
			collect_reject(file, 0, "%s: TargetId is not the id of an %s", ptr.buf, type);
			continue;
		}
		attach(policy, id, file, ptr.buf);
		if (kind == ID_ACCOUNT) {
			json_t *a = account_entry(id, file, ptr.buf);

			if (nhi_get_str(t, "Name") && !json_object_get(a, "name"))
				json_object_set(a, "name", json_object_get(t, "Name"));
		}
	}
	nhi_buf_release(&ptr);
}

/* children: the OUs or accounts of a parent (or every account, with no
 * parent). */
static void children(const json_t *list, const char *key, int kind, const char *parent,
		     const char *file)
{
	struct nhi_buf ptr = NHI_BUF_INIT;
	size_t i;
	json_t *c;

	json_array_foreach(list, i, c) {
		const char *id = nhi_get_str(c, "Id"), *status = nhi_get_str(c, "Status");

		nhi_buf_reset(&ptr);
		nhi_buf_addf(&ptr, "/%s/%zu", key, i);
		if (!is_id(id, kind)) {
			collect_reject(file, 0, "%s: Id is not %s id", ptr.buf,
				       kind == ID_OU ? "an OU" : "an account");
			continue;
		}
		if (parent)
			set_parent(id, parent, file, ptr.buf);
		if (kind == ID_ACCOUNT) {
			json_t *a = account_entry(id, file, ptr.buf);
			struct nhi_buf low = NHI_BUF_INIT;

			if (nhi_get_str(c, "Name"))
				json_object_set(a, "name", json_object_get(c, "Name"));
			for (const char *s = status; s && *s; s++)
				nhi_buf_addf(&low, "%c", tolower((unsigned char)*s));
			if (status)
				json_object_set_new(a, "status", json_string(low.buf));
			nhi_buf_release(&low);
		}
	}
	nhi_buf_release(&ptr);
}

static void value(const json_t *v, const char *file)
{
	struct nhi_buf b = NHI_BUF_INIT;
	const json_t *l;
	const char *id;
	size_t i;
	json_t *e;

	if (json_is_object(l = json_object_get(v, "Policy"))) {
		/* describe-policy, with its targets beside it or not */
		id = describe(l, file);
		if (id && json_is_array(json_object_get(v, "Targets")))
			targets(json_object_get(v, "Targets"), id, file);
	} else if (json_is_array(l = json_object_get(v, "Targets"))) {
		if ((id = asked(v, "PolicyId", ID_POLICY, "policy", file, &b)))
			targets(l, id, file);
	} else if (json_is_array(l = json_object_get(v, "Policies"))) {
		/* list-policies, or list-policies-for-target with the target */
		const char *target = NULL;

		if (json_object_get(v, "TargetId") ||
		    name_id(file, ID_ACCOUNT | ID_ROOT | ID_OU, &b))
			target = asked(v, "TargetId", ID_ACCOUNT | ID_ROOT | ID_OU, "target", file, &b);
		json_array_foreach(l, i, e) {
			struct nhi_buf ptr = NHI_BUF_INIT;

			nhi_buf_addf(&ptr, "/Policies/%zu", i);
			if ((id = summary(e, file, ptr.buf)) && target)
				attach(id, target, file, ptr.buf);
			nhi_buf_release(&ptr);
		}
	} else if (json_is_array(l = json_object_get(v, "Roots"))) {
		/* list-roots: nothing a root id does not say already */
		json_array_foreach(l, i, e)
			if (!is_id(nhi_get_str(e, "Id"), ID_ROOT))
				collect_reject(file, 0, "/Roots/%zu: Id is not a root id", i);
	} else if (json_is_array(l = json_object_get(v, "OrganizationalUnits"))) {
		if ((id = asked(v, "ParentId", ID_ROOT | ID_OU, "parent", file, &b)))
			children(l, "OrganizationalUnits", ID_OU, id, file);
	} else if (json_is_array(l = json_object_get(v, "Accounts"))) {
		/* list-accounts-for-parent, or list-accounts with no parent */
		id = NULL;
		if (json_object_get(v, "ParentId") || name_id(file, ID_ROOT | ID_OU, &b))
			id = asked(v, "ParentId", ID_ROOT | ID_OU, "parent", file, &b);
		if (id || !json_object_get(v, "ParentId"))
			children(l, "Accounts", ID_ACCOUNT, id, file);
	} else if (json_is_array(l = json_object_get(v, "Parents"))) {
		const char *child = asked(v, "ChildId", ID_ACCOUNT | ID_OU, "child", file, &b);
		const char *p = nhi_get_str(json_array_get(l, 0), "Id");

		if (child && json_array_size(l) != 1)
			collect_reject(file, 0, "/Parents: %zu parents, not one", json_array_size(l));
		else if (child && !is_id(p, ID_ROOT | ID_OU))
			collect_reject(file, 0, "/Parents/0: Id is not a root or OU id");
		else if (child) {
			set_parent(child, p, file, "/Parents/0");
			if (is_id(child, ID_ACCOUNT))
				account_entry(child, file, "/Parents/0");
		}
	} else {
		collect_reject(file, 0, "not an aws organizations output (describe-policy, list-policies, "
			       "list-targets-for-policy, list-roots, list-organizational-units-for-parent, "
			       "list-accounts, list-parents)");
	}
	nhi_buf_release(&b);
}

static void read_file(const char *name, const char *buf, size_t len, void *ctx)
{
	json_t *v = collect_parse_json(name, buf, len, 0);

	(void)ctx;
	if (!v)
		return;
	if (json_is_object(v))
		value(v, name);
	else
		collect_reject(name, 0, "not a JSON object");
	json_decref(v);
}

static void emit_policies(void)
{
	struct nhi_buf b = NHI_BUF_INIT;
	json_t *full = json_loads(FULL_AWS_ACCESS_DOC, 0, NULL);
	const char *key;
	json_t *a;

	json_object_foreach(attached, key, a) {
		const char *id = nhi_get_str(a, "policy");
		json_t *p = json_object_get(policies, id), *rec = nhi_record_new("policy");
		json_t *doc = json_object_get(p, "document");

		if (!doc && !strcmp(id, FULL_AWS_ACCESS_ID))
			doc = full;
		nhi_set_str(rec, "identity", target_identity(nhi_get_str(a, "target"), &b));
		nhi_buf_reset(&b);
		nhi_buf_addf(&b, "scp:%s", id);
		nhi_set_str(rec, "via", b.buf);
		nhi_set_str(rec, "name", nhi_get_str(p, "name"));
		if (doc)
			json_object_set(rec, "document", doc);
		else
			nhi_warn_at(nhi_get_str(a, "file"), 0,
				    "%s: the content of %s is not in the input (describe-policy)",
				    nhi_get_str(a, "pointer"), id);
		nhi_set_source(rec, COLLECTOR, nhi_get_str(a, "file"), 0, nhi_get_str(a, "pointer"));
		nhi_emit_steal(rec);
	}
	json_decref(full);
	nhi_buf_release(&b);
}

/* org_path: the ancestors of an account, root first, as identities; NULL
 * when the chain does not reach a root (said once per account). */
static json_t *org_path(const char *acct)
{
	const char *ids[MAX_DEPTH];
	const char *at = acct;
	struct nhi_buf b = NHI_BUF_INIT;
	size_t n = 0;
	json_t *path;

	while (strncmp(at, "r-", 2)) {
		const json_t *e = json_object_get(parents, at);

		if (!e) {
			if (at != acct)
				nhi_warn("account %s: the parent of %s is not in the input; its OU path is left out",
					 acct, at);
			return NULL;
		}
		if (n == MAX_DEPTH) {
			collect_reject(nhi_get_str(e, "file"), 0, "%s: the parents of account %s loop",
				       nhi_get_str(e, "pointer"), acct);
			return NULL;
		}
		at = ids[n++] = nhi_get_str(e, "parent");
	}
	path = json_array();
	while (n--)
		json_array_append_new(path, json_string(target_identity(ids[n], &b)));
	nhi_buf_release(&b);
	return path;
}

static void emit_accounts(void)
{
	struct nhi_buf b = NHI_BUF_INIT;
	const char *id;
	json_t *a;

	json_object_foreach(accounts, id, a) {
		json_t *rec = nhi_record_new("resource"), *path = org_path(id);
		const json_t *p = json_object_get(parents, id);

		nhi_set_str(rec, "id", target_identity(id, &b));
		nhi_set_str(rec, "type", "aws_account");
		nhi_set_str(rec, "name", nhi_get_str(a, "name"));
		nhi_set_str(rec, "status", nhi_get_str(a, "status"));
		if (path)
			json_object_set_new(rec, "org_path", path);
		/* where its place in the tree comes from, else where it was seen */
		p = p ? p : a;
		nhi_set_source(rec, COLLECTOR, nhi_get_str(p, "file"), 0, nhi_get_str(p, "pointer"));
		nhi_emit_steal(rec);
	}
	nhi_buf_release(&b);
}

/* --live: the Organizations JSON API (one global endpoint, signed for
 * us-east-1): ListRoots, ListPolicies, DescribePolicy and
 * ListTargetsForPolicy of each SCP, then the tree down from each root. */
#define ORG_TARGET "X-Amz-Target: AWSOrganizationsV20161128."
#define ORG_MAX_TRIES 8 /* answers of TooManyRequestsException */

struct live {
	struct saas_fetch f;
	const char *headers[4];
	struct nhi_buf target;
};

/* One question: the operation, its one request member and value (given
 * back beside the answer's list, as a file would have it), and the list
 * whose Ids the walk goes on with. */
struct call {
	const char *op, *key, *id;
	const char *list;
	json_t *found;
};

static char *call_body(const struct call *c, const char *token)
{
	json_t *b = json_object();
	char *s, *out;

	if (!strcmp(c->op, "ListPolicies"))
		json_object_set_new(b, "Filter", json_string("SERVICE_CONTROL_POLICY"));
	if (c->key)
		json_object_set_new(b, c->key, json_string(c->id));
	if (token)
		json_object_set_new(b, "NextToken", json_string(token));
	s = json_dumps(b, JSON_COMPACT | JSON_PRESERVE_ORDER);
	out = xstrdup(s ? s : "{}");
	free(s);
	json_decref(b);
	return out;
}

static void call_page(json_t *doc, const char *path, void *arg)
{
	struct call *c = arg;
	struct nhi_buf name = NHI_BUF_INIT;
	size_t i;
	json_t *e;

	(void)path;
	if (!json_is_object(doc)) {
		nhi_error(NHI_EXIT_REMOTE, "organizations %s: the answer is not a JSON object", c->op);
		return;
	}
	if (c->key)
		json_object_set_new(doc, c->key, json_string(c->id));
	json_array_foreach(c->found ? json_object_get(doc, c->list) : NULL, i, e) {
		const char *id = nhi_get_str(e, "Id");
		size_t j;
		json_t *old;

		/* each id once: an answer that loops ends the walk */
		json_array_foreach(c->found, j, old)
			if (id && !strcmp(json_string_value(old), id))
				id = NULL;
		if (id)
			json_array_append_new(c->found, json_string(id));
	}
	nhi_buf_addf(&name, "organizations:%s", c->op);
	value(doc, name.buf);
	nhi_buf_release(&name);
}

static char *call_next(const char *url, const char *body, const struct nhi_http_response *resp,
		       const json_t *doc, char **next_body, void *arg)
{
	const char *tok = json_string_value(json_object_get(doc, "NextToken"));

	(void)body;
	(void)resp;
	if (!tok || !*tok)
		return NULL;
	*next_body = call_body(arg, tok);
	return xstrdup(url);
}

/* throttled: Organizations says 400 TooManyRequestsException, which
 * lib/http (429 and 5xx) does not retry. */
static int throttled(const struct nhi_http_response *resp)
{
	return saas_aws_throttled(resp, "TooManyRequestsException");
}

static void ask(struct live *l, const char *url, struct call *c)
{
	char *body = call_body(c, NULL);

	nhi_buf_reset(&l->target);
	nhi_buf_addf(&l->target, ORG_TARGET "%s", c->op);
	l->headers[1] = l->target.buf;
	l->f.label = c->op;
	l->f.arg = c;
	saas_fetch(&l->f, url, body);
	free(body);
}

static void live_run(void)
{
	const char *base = json_string_value(nhi_config_get("api.organizations"));
	char *key_id, *secret, *session;
	struct nhi_buf url = NHI_BUF_INIT, tok = NHI_BUF_INIT;
	struct live l = { .target = NHI_BUF_INIT };
	json_t *roots, *pols, *queue, *id;
	size_t n = 0, i;

	saas_aws_keys("aws-organizations", &key_id, &secret, &session);
	roots = json_array();
	pols = json_array();
	queue = json_array();
	nhi_buf_adds(&url, base ? base : "https://organizations.us-east-1.amazonaws.com");
	while (url.len && url.buf[url.len - 1] == '/')
		url.buf[--url.len] = '\0';
	nhi_buf_addch(&url, '/');
	nhi_buf_adds(&l.target, ORG_TARGET);
	l.headers[n++] = "Content-Type: application/x-amz-json-1.1";
	l.headers[n++] = l.target.buf;
	if (session) {
		nhi_buf_addf(&tok, "X-Amz-Security-Token: %s", session);
		l.headers[n++] = tok.buf;
	}
	l.headers[n] = NULL;
	l.f.method = "POST";
	l.f.headers = l.headers;
	l.f.aws_sigv4 = "aws:amz:us-east-1:organizations";
	l.f.aws_key_id = key_id;
	l.f.aws_secret = secret;
	l.f.again = throttled;
	l.f.max_tries = ORG_MAX_TRIES;
	l.f.page = call_page;
	l.f.next = call_next;
	ask(&l, url.buf, &(struct call){ "ListRoots", NULL, NULL, "Roots", roots });
	ask(&l, url.buf, &(struct call){ "ListPolicies", NULL, NULL, "Policies", pols });
	json_array_foreach(pols, i, id) {
		const char *p = json_string_value(id);

		ask(&l, url.buf, &(struct call){ "DescribePolicy", "PolicyId", p, NULL, NULL });
		ask(&l, url.buf, &(struct call){ "ListTargetsForPolicy", "PolicyId", p, NULL, NULL });
	}
	/* The tree, breadth first, each parent asked once. */
	json_array_extend(queue, roots);
	for (i = 0; i < json_array_size(queue); i++) {
		const char *p = json_string_value(json_array_get(queue, i));

		ask(&l, url.buf, &(struct call){ "ListOrganizationalUnitsForParent", "ParentId", p,
						 "OrganizationalUnits", queue });
		ask(&l, url.buf, &(struct call){ "ListAccountsForParent", "ParentId", p, NULL, NULL });
	}
	json_decref(roots);
	json_decref(pols);
	json_decref(queue);
	if (tok.buf)
		memset(tok.buf, 0, tok.len);
	nhi_buf_release(&tok);
	nhi_buf_release(&url);
	nhi_buf_release(&l.target);
	nhi_secret_free(key_id);
	nhi_secret_free(secret);
	nhi_secret_free(session);
}

static void usage(int status)
{
	FILE *f = status ? stderr : stdout;

	fprintf(f, "usage: nhi-collect aws-organizations [OPTION...] [FILE...]\n"
		   "       nhi-collect aws-organizations --live [OPTION...]\n\n"
		   "Options:\n" NHI_COMMON_USAGE
		   "      --live            ask the Organizations API (api.organizations in nhi.yaml, AWS_* keys)\n");
	exit(status);
}

int collect_aws_organizations(int argc, char **argv)
{
	enum { OPT_LIVE = NHI_OPT_PROGRAM };
	static const struct option longopts[] = {
		NHI_COMMON_LONGOPTS,
		{ "live", no_argument, NULL, OPT_LIVE },
		{ 0 }
	};
	int c, live = 0;

	while ((c = getopt_long(argc, argv, NHI_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		if (c == OPT_LIVE)
			live = 1;
		else
			nhi_common_option(c, optarg, argv, usage);
	}
	if (live && optind < argc)
		nhi_usage_error(usage, "--live reads no files");
	nhi_common_start();
	policies = json_object();
	attached = json_object();
	parents = json_object();
	accounts = json_object();
	if (live)
		live_run();
	else
		collect_each_file(argc - optind, argv + optind, NULL, read_file, NULL);
	emit_policies();
	emit_accounts();
	json_decref(policies);
	json_decref(attached);
	json_decref(parents);
	json_decref(accounts);
	return 0;
}
