/* terraform.c: the "terraform" source.  `terraform show -json` of a state
 * or a plan (and a raw version 4 state file) become identity, policy,
 * trust, credential and sighting records for the IAM-like resources it
 * manages.  Resources of a plan carry "planned" (create, update, delete,
 * replace) so a CI step can gate on what a change adds.
 *
 * State files are secret-bearing (aws_iam_access_key keeps its secret in
 * plain text): a secret is fingerprinted where it is read and never kept. */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect.h"
#include "diag.h"
#include "fingerprint.h"
#include "ndjson.h"
#include "opts.h"
#include "record.h"
#include "timefmt.h"
#include "xalloc.h"
#include "banned.h"

static const char *cluster = "default"; /* for Kubernetes service accounts */

/* One resource instance: its address, type and values, and what a plan
 * would do to it (NULL: nothing, or not a plan). */
struct res {
	const char *address, *type, *planned;
	json_t *v;
};

struct tf {
	const char *file;
	struct res *r;
	size_t n, alloc;
	json_t *names; /* "aws_iam_role:NAME" -> identity id, and the like */
	json_t *docs;  /* managed policy ARN -> document */
	json_t *gpol;  /* group name -> [[via, document or null], ...] */
};

static const char *vs(const json_t *v, const char *key)
{
	const char *s = json_string_value(json_object_get(v, key));

	return s && *s ? s : NULL;
}

static void add(struct tf *t, const char *address, const char *type,
		const char *planned, json_t *v)
{
	struct res *r;

	if (!address || !type || !json_is_object(v)) {
		if (address && type && !json_is_null(v))
			collect_reject(t->file, 0, "%s: values are not an object", address);
		return;
	}
	if (t->n == t->alloc) {
		t->alloc = t->alloc ? 2 * t->alloc : 64;
		t->r = xreallocarray(t->r, t->alloc, sizeof(*t->r));
	}
	r = &t->r[t->n++];
	r->address = address;
	r->type = type;
	r->planned = planned;
	r->v = v;
}

static void walk_module(struct tf *t, json_t *m, int depth)
{
	json_t *r, *c;
	size_t i;

	if (depth > 64)
		return;
	json_array_foreach(json_object_get(m, "resources"), i, r) {
		const char *mode = vs(r, "mode");

		if (mode && !strcmp(mode, "data"))
			continue;
		add(t, vs(r, "address"), vs(r, "type"), NULL, json_object_get(r, "values"));
	}
	json_array_foreach(json_object_get(m, "child_modules"), i, c)
		walk_module(t, c, depth + 1);
}

/* planned: the plan's actions in one word; NULL for no-op and read. */
static const char *planned(const json_t *actions)
{
	const char *a0 = json_string_value(json_array_get(actions, 0));
	const char *a1 = json_string_value(json_array_get(actions, 1));

	if (!a0 || !strcmp(a0, "no-op") || !strcmp(a0, "read"))
		return NULL;
	if (a1)
		return "replace";
	if (!strcmp(a0, "create") || !strcmp(a0, "update") || !strcmp(a0, "delete"))
		return a0;
	return "update";
}

/* raw_state: a version 4 state file; addresses rebuilt as Terraform
 * prints them. The strings live in the names object. */
static void raw_state(struct tf *t, json_t *doc)
{
	json_t *r, *inst;
	size_t i, j;

	json_array_foreach(json_object_get(doc, "resources"), i, r) {
		const char *mode = vs(r, "mode"), *type = vs(r, "type"), *name = vs(r, "name");
		const char *mod = vs(r, "module");

		if (mode && !strcmp(mode, "data"))
			continue;
		json_array_foreach(json_object_get(r, "instances"), j, inst) {
			struct nhi_buf a = NHI_BUF_INIT;
			json_t *k = json_object_get(inst, "index_key");

			if (!type || !name)
				continue;
			if (mod)
				nhi_buf_addf(&a, "%s.", mod);
			nhi_buf_addf(&a, "%s.%s", type, name);
			if (json_is_integer(k))
				nhi_buf_addf(&a, "[%lld]", (long long)json_integer_value(k));
			else if (json_is_string(k))
				nhi_buf_addf(&a, "[\"%s\"]", json_string_value(k));
			json_object_set_new(t->names, a.buf, json_true());
			add(t, json_object_iter_key(json_object_iter_at(t->names, a.buf)), type,
			    NULL, json_object_get(inst, "attributes"));
			nhi_buf_release(&a);
		}
	}
}

static void source(json_t *rec, const struct tf *t, const struct res *r)
{
	nhi_set_source(rec, "terraform", t->file, 0, r->address);
}

static void done(json_t *rec, const struct tf *t, const struct res *r)
{
	nhi_set_str(rec, "planned", r->planned);
	source(rec, t, r);
	nhi_emit_steal(rec);
}

/* doc: a policy document as Terraform keeps it, a JSON string. */
static json_t *doc(const struct tf *t, const struct res *r, const char *s)
{
	json_t *d;

	if (!s)
		return NULL;
	d = json_loads(s, 0, NULL);
	if (!json_is_object(d)) {
		collect_reject(t->file, 0, "%s: policy is not a JSON object", r->address);
		json_decref(d);
		return NULL;
	}
	return d;
}

/* ident: the identity id; before it is created only the address names it. */
static char *ident(const struct res *r)
{
	const char *arn = vs(r->v, "arn");
	struct nhi_buf b = NHI_BUF_INIT;

	if (arn)
		nhi_buf_addf(&b, "aws:%s", arn);
	else
		nhi_buf_addf(&b, "tf:%s", r->address); /* not yet created */
	return nhi_buf_detach(&b, NULL);
}

static void set_tags(json_t *rec, const json_t *tags)
{
	json_t *o = json_object(), *v;
	const char *k;

	json_object_foreach((json_t *)tags, k, v)
		if (json_is_string(v))
			json_object_set(o, k, v);
	if (json_object_size(o))
		json_object_set_new(rec, "tags", o);
	else
		json_decref(o);
}

static void set_created(json_t *rec, const char *key, const char *t)
{
	const char *n = t ? nhi_time_normalize(t) : NULL;

	if (n)
		nhi_set_str(rec, key, n);
}

static void policy(const struct tf *t, const struct res *r, const char *identity,
		   const char *via, json_t *document)
{
	json_t *rec = nhi_record_new("policy");

	nhi_set_str(rec, "identity", identity);
	nhi_set_str(rec, "via", via);
	if (document)
		json_object_set(rec, "document", document);
	done(rec, t, r);
}

/* The first pass: names to ids, policy ARNs to documents. */
static void index_res(struct tf *t, const struct res *r)
{
	static const char *const named[] = { "aws_iam_role", "aws_iam_user", "aws_iam_group" };
	struct nhi_buf k = NHI_BUF_INIT;

	for (size_t i = 0; i < ARRAY_SIZE(named); i++) {
		char *id;

		if (strcmp(r->type, named[i]) || !vs(r->v, "name"))
			continue;
		id = ident(r);
		nhi_buf_addf(&k, "%s:%s", named[i], vs(r->v, "name"));
		json_object_set_new(t->names, k.buf, json_string(id));
		free(id);
	}
	if (!strcmp(r->type, "aws_iam_policy") && vs(r->v, "arn")) {
		json_t *d = json_loads(vs(r->v, "policy") ? vs(r->v, "policy") : "", 0, NULL);

		if (json_is_object(d))
			json_object_set(t->docs, vs(r->v, "arn"), d);
		json_decref(d);
	}
	if (!strcmp(r->type, "azurerm_user_assigned_identity") && vs(r->v, "id") &&
	    vs(r->v, "client_id")) {
		nhi_buf_reset(&k);
		nhi_buf_addf(&k, "azure:sp/%s", vs(r->v, "client_id"));
		json_object_set_new(t->names, vs(r->v, "id"), json_string(k.buf));
	}
	nhi_buf_release(&k);
}

static const char *who(const struct tf *t, const char *type, const char *name)
{
	struct nhi_buf k = NHI_BUF_INIT;
	const char *id;

	if (!name)
		return NULL;
	nhi_buf_addf(&k, "%s:%s", type, name);
	id = json_string_value(json_object_get(t->names, k.buf));
	nhi_buf_release(&k);
	return id;
}

static void attach(const struct tf *t, const struct res *r, const char *type,
		   const char *name, const char *arn)
{
	const char *id = who(t, type, name);
	struct nhi_buf via = NHI_BUF_INIT, tmp = NHI_BUF_INIT;

	if (!name || !arn)
		return;
	if (!id) {
		/* Managed elsewhere: the id from the name is as good as it gets. */
		nhi_buf_addf(&tmp, "tf:%s/%s", type, name);
		id = tmp.buf;
	}
	nhi_buf_addf(&via, "managed:%s", arn);
	policy(t, r, id, via.buf, json_object_get(t->docs, arn));
	nhi_buf_release(&via);
	nhi_buf_release(&tmp);
}

static void sighting(const struct tf *t, const struct res *r, const char *rule,
		     const char *key_id, const char *fp, const char *provider,
		     const char *attr)
{
	json_t *rec = nhi_record_new("sighting"), *loc = json_object();
	struct nhi_buf o = NHI_BUF_INIT;

	nhi_set_str(rec, "rule", rule);
	nhi_set_str(rec, "key_id", key_id);
	nhi_set_str(rec, "fingerprint", fp);
	nhi_set_str(rec, "provider", provider);
	nhi_set_str(loc, "type", "terraform_state");
	nhi_set_str(loc, "path", t->file);
	nhi_buf_addf(&o, "%s.%s", r->address, attr);
	nhi_set_str(loc, "object", o.buf);
	json_object_set_new(rec, "location", loc);
	done(rec, t, r);
	nhi_buf_release(&o);
}

static void aws_identity(const struct tf *t, const struct res *r, const char *type)
{
	json_t *rec = nhi_record_new("identity"), *ip;
	char *id = ident(r);
	const char *arn = vs(r->v, "arn");
	size_t i;

	nhi_set_str(rec, "id", id);
	nhi_set_str(rec, "system", "aws");
	nhi_set_str(rec, "type", type);
	nhi_set_str(rec, "name", vs(r->v, "name"));
	if (arn && strlen(arn) > 25 && !strncmp(arn, "arn:", 4)) {
		/* arn:PARTITION:iam::ACCOUNT:... */
		const char *p = strstr(arn, ":iam::");

		if (p)
			nhi_set_strn(rec, "account", p + 6, strcspn(p + 6, ":"));
	}
	nhi_set_str(rec, "arn", arn);
	set_created(rec, "created", vs(r->v, "create_date"));
	set_tags(rec, json_object_get(r->v, "tags"));
	nhi_set_str(rec, "boundary", vs(r->v, "permissions_boundary"));
	done(rec, t, r);
	if (!strcmp(type, "iam_role")) {
		json_t *d = doc(t, r, vs(r->v, "assume_role_policy")), *a;

		if (d) {
			rec = nhi_record_new("trust");
			nhi_set_str(rec, "identity", id);
			json_object_set_new(rec, "document", d);
			done(rec, t, r);
		}
		json_array_foreach(json_object_get(r->v, "managed_policy_arns"), i, a) {
			struct nhi_buf via = NHI_BUF_INIT;

			if (!json_is_string(a))
				continue;
			nhi_buf_addf(&via, "managed:%s", json_string_value(a));
			policy(t, r, id, via.buf, json_object_get(t->docs, json_string_value(a)));
			nhi_buf_release(&via);
		}
		json_array_foreach(json_object_get(r->v, "inline_policy"), i, ip) {
			struct nhi_buf via = NHI_BUF_INIT;

			if (!vs(ip, "name") || !(d = doc(t, r, vs(ip, "policy"))))
				continue;
			nhi_buf_addf(&via, "inline:%s", vs(ip, "name"));
			policy(t, r, id, via.buf, d);
			json_decref(d);
			nhi_buf_release(&via);
		}
	}
	free(id);
}

static void inline_policy(const struct tf *t, const struct res *r, const char *type,
			  const char *owner_key)
{
	const char *owner = vs(r->v, owner_key);
	const char *id = who(t, type, owner);
	json_t *d = doc(t, r, vs(r->v, "policy"));
	struct nhi_buf via = NHI_BUF_INIT, tmp = NHI_BUF_INIT;

	if (!owner || !d) {
		json_decref(d);
		return;
	}
	if (!id) {
		nhi_buf_addf(&tmp, "tf:%s/%s", type, owner);
		id = tmp.buf;
	}
	nhi_buf_addf(&via, "inline:%s", vs(r->v, "name") ? vs(r->v, "name") : r->address);
	policy(t, r, id, via.buf, d);
	json_decref(d);
	nhi_buf_release(&via);
	nhi_buf_release(&tmp);
}

static void access_key(const struct tf *t, const struct res *r)
{
	static const struct {
		const char *attr, *rule;
	} secrets[] = {
		{ "secret", "aws_secret_key_ctx" },
		{ "ses_smtp_password_v4", "aws_ses_smtp_password" },
	};
	json_t *rec = nhi_record_new("credential");
	const char *user = vs(r->v, "user"), *id = who(t, "aws_iam_user", user);
	const char *kid = vs(r->v, "id"), *st = vs(r->v, "status");
	char fp[NHI_FINGERPRINT_BUFSZ] = "";
	struct nhi_buf b = NHI_BUF_INIT, u = NHI_BUF_INIT;

	if (kid)
		nhi_buf_addf(&b, "aws:key:%s", kid);
	else
		nhi_buf_addf(&b, "tf:%s", r->address);
	nhi_set_str(rec, "id", b.buf);
	if (!id && user) {
		nhi_buf_addf(&u, "tf:aws_iam_user/%s", user);
		id = u.buf;
	}
	nhi_set_str(rec, "identity", id);
	nhi_set_str(rec, "type", "aws_access_key");
	nhi_set_str(rec, "key_id", kid);
	if (vs(r->v, "secret"))
		nhi_set_str(rec, "fingerprint",
			    nhi_fingerprint(vs(r->v, "secret"), strlen(vs(r->v, "secret")), fp));
	nhi_set_bool(rec, "static", 1);
	nhi_set_str(rec, "status", st && !strcmp(st, "Inactive") ? "inactive" : "active");
	set_created(rec, "created", vs(r->v, "create_date"));
	done(rec, t, r);
	for (size_t i = 0; i < ARRAY_SIZE(secrets); i++) {
		const char *s = vs(r->v, secrets[i].attr);

		if (!s)
			continue;
		nhi_fingerprint(s, strlen(s), fp);
		sighting(t, r, secrets[i].rule, kid, fp, "aws", secrets[i].attr);
	}
	nhi_buf_release(&b);
	nhi_buf_release(&u);
}

static void gcp_key(const struct tf *t, const struct res *r)
{
	const char *sa = vs(r->v, "service_account_id"), *name = vs(r->v, "name");
	const char *pk = vs(r->v, "private_key"), *email, *kid = NULL;
	json_t *rec = nhi_record_new("credential");
	struct nhi_buf b = NHI_BUF_INIT;

	email = sa && strrchr(sa, '/') ? strrchr(sa, '/') + 1 : sa;
	if (name && strrchr(name, '/'))
		kid = strrchr(name, '/') + 1;
	if (kid)
		nhi_buf_addf(&b, "gcp:key/%s", kid);
	else
		nhi_buf_addf(&b, "tf:%s", r->address);
	nhi_set_str(rec, "id", b.buf);
	nhi_buf_reset(&b);
	if (email) {
		nhi_buf_addf(&b, "gcp:sa/%s", email);
		nhi_set_str(rec, "identity", b.buf);
	}
	nhi_set_str(rec, "type", "gcp_sa_key");
	nhi_set_str(rec, "key_id", kid);
	nhi_set_bool(rec, "static", 1);
	nhi_set_str(rec, "status", "active");
	set_created(rec, "created", vs(r->v, "valid_after"));
	set_created(rec, "expires", vs(r->v, "valid_before"));
	if (pk) {
		/* The key file, base64: its private key is the secret. */
		size_t n = strlen(pk), nh = 0;
		char *dec = xmalloc(n + 1);
		struct collect_secret_hit *h = NULL;
		int bad;

		n = collect_base64_decode(pk, n, dec, &bad);
		if (!bad) {
			struct collect_secret_item it = { "private_key", dec, n };

			nh = collect_secret_scan(&it, 1, 0, &h);
		}
		for (size_t i = 0; i < nh; i++) {
			if (!*h[i].fingerprint)
				continue;
			if (rec) {
				nhi_set_str(rec, "fingerprint", h[i].fingerprint);
				done(rec, t, r);
				rec = NULL;
			}
			sighting(t, r, h[i].rule, *h[i].key_id ? h[i].key_id : kid,
				 h[i].fingerprint, h[i].provider, "private_key");
		}
		free(h);
		memset(dec, 0, n);
		free(dec);
	}
	if (rec)
		done(rec, t, r);
	nhi_buf_release(&b);
}

static void k8s_sa(const struct tf *t, const struct res *r)
{
	json_t *md = json_array_get(json_object_get(r->v, "metadata"), 0), *ann, *rec;
	const char *name = vs(md, "name"), *ns = vs(md, "namespace");
	struct nhi_buf id = NHI_BUF_INIT;
	static const struct {
		const char *annotation, *mechanism, *prefix;
	} fed[] = {
		{ "eks.amazonaws.com/role-arn", "irsa", "aws:" },
		{ "iam.gke.io/gcp-service-account", "gke_workload_identity", "gcp:sa/" },
		{ "azure.workload.identity/client-id", "azure_workload_identity", "azure:sp/" },
	};

	if (!name)
		return;
	ann = json_object_get(md, "annotations");
	nhi_buf_addf(&id, "k8s:%s/sa/%s/%s", cluster, ns ? ns : "default", name);
	rec = nhi_record_new("identity");
	nhi_set_str(rec, "id", id.buf);
	nhi_set_str(rec, "system", "k8s");
	nhi_set_str(rec, "type", "k8s_service_account");
	nhi_set_str(rec, "name", name);
	nhi_set_str(rec, "namespace", ns ? ns : "default");
	done(rec, t, r);
	for (size_t i = 0; i < ARRAY_SIZE(fed); i++) {
		const char *v = vs(ann, fed[i].annotation);
		struct nhi_buf tg = NHI_BUF_INIT;

		if (!v)
			continue;
		nhi_buf_addf(&tg, "%s%s", fed[i].prefix, v);
		rec = nhi_record_new("trust");
		nhi_set_str(rec, "identity", id.buf);
		nhi_set_str(rec, "target", tg.buf);
		nhi_set_str(rec, "mechanism", fed[i].mechanism);
		done(rec, t, r);
		nhi_buf_release(&tg);
	}
	nhi_buf_release(&id);
}

/* index_group: what each group grants, for its members' policy records. */
static void index_group(struct tf *t, const struct res *r)
{
	const char *g = NULL, *arn = vs(r->v, "policy_arn"), *group = vs(r->v, "group");
	struct nhi_buf via = NHI_BUF_INIT;
	json_t *list, *d = NULL, *a;
	size_t i;

	if (!strcmp(r->type, "aws_iam_group_policy") && group) {
		g = group;
		nhi_buf_addf(&via, "group:%s/inline:%s", g, vs(r->v, "name") ? vs(r->v, "name") : r->address);
		d = json_loads(vs(r->v, "policy") ? vs(r->v, "policy") : "", 0, NULL);
	} else if (!strcmp(r->type, "aws_iam_group_policy_attachment") && group && arn) {
		g = group;
		nhi_buf_addf(&via, "group:%s/managed:%s", group, arn);
		d = json_incref(json_object_get(t->docs, arn));
	} else if (!strcmp(r->type, "aws_iam_policy_attachment") && arn) {
		json_array_foreach(json_object_get(r->v, "groups"), i, a) {
			struct nhi_buf v2 = NHI_BUF_INIT;

			if (!json_is_string(a))
				continue;
			list = json_object_get(t->gpol, json_string_value(a));
			if (!list) {
				list = json_array();
				json_object_set_new(t->gpol, json_string_value(a), list);
			}
			nhi_buf_addf(&v2, "group:%s/managed:%s", json_string_value(a), arn);
			json_array_append_new(list, json_pack("[s,O?]", v2.buf, json_object_get(t->docs, arn)));
			nhi_buf_release(&v2);
		}
	}
	if (g) {
		list = json_object_get(t->gpol, g);
		if (!list) {
			list = json_array();
			json_object_set_new(t->gpol, g, list);
		}
		json_array_append_new(list, json_pack("[s,o?]", via.buf, json_is_object(d) ? d : NULL));
		if (!json_is_object(d))
			json_decref(d);
	}
	nhi_buf_release(&via);
}

/* member: a user in a group gets the group's policies, as IAM does. */
static void member(const struct tf *t, const struct res *r, const char *user, const char *group)
{
	const char *id = who(t, "aws_iam_user", user);
	struct nhi_buf tmp = NHI_BUF_INIT;
	json_t *e;
	size_t i;

	if (!user || !group)
		return;
	if (!id) {
		nhi_buf_addf(&tmp, "tf:aws_iam_user/%s", user);
		id = tmp.buf;
	}
	json_array_foreach(json_object_get(t->gpol, group), i, e)
		policy(t, r, id, json_string_value(json_array_get(e, 0)),
		       json_is_object(json_array_get(e, 1)) ? json_array_get(e, 1) : NULL);
	nhi_buf_release(&tmp);
}

static void one(struct tf *t, const struct res *r)
{
	const char *ty = r->type;
	json_t *rec, *a;
	struct nhi_buf b = NHI_BUF_INIT;
	size_t i;

	if (!strcmp(ty, "aws_iam_role"))
		aws_identity(t, r, "iam_role");
	else if (!strcmp(ty, "aws_iam_user"))
		aws_identity(t, r, "iam_user");
	else if (!strcmp(ty, "aws_iam_group"))
		aws_identity(t, r, "iam_group");
	else if (!strcmp(ty, "aws_iam_policy"))
		; /* read with the attachments that name it */
	else if (!strcmp(ty, "aws_iam_role_policy_attachment"))
		attach(t, r, "aws_iam_role", vs(r->v, "role"), vs(r->v, "policy_arn"));
	else if (!strcmp(ty, "aws_iam_user_policy_attachment"))
		attach(t, r, "aws_iam_user", vs(r->v, "user"), vs(r->v, "policy_arn"));
	else if (!strcmp(ty, "aws_iam_group_policy_attachment"))
		attach(t, r, "aws_iam_group", vs(r->v, "group"), vs(r->v, "policy_arn"));
	else if (!strcmp(ty, "aws_iam_policy_attachment")) {
		static const char *const lists[][2] = {
			{ "roles", "aws_iam_role" }, { "users", "aws_iam_user" }, { "groups", "aws_iam_group" },
		};

		for (size_t l = 0; l < ARRAY_SIZE(lists); l++)
			json_array_foreach(json_object_get(r->v, lists[l][0]), i, a)
				attach(t, r, lists[l][1], json_string_value(a), vs(r->v, "policy_arn"));
	} else if (!strcmp(ty, "aws_iam_user_group_membership")) {
		json_array_foreach(json_object_get(r->v, "groups"), i, a)
			member(t, r, vs(r->v, "user"), json_string_value(a));
	} else if (!strcmp(ty, "aws_iam_group_membership")) {
		json_array_foreach(json_object_get(r->v, "users"), i, a)
			member(t, r, json_string_value(a), vs(r->v, "group"));
	} else if (!strcmp(ty, "aws_iam_role_policy"))
		inline_policy(t, r, "aws_iam_role", "role");
	else if (!strcmp(ty, "aws_iam_user_policy"))
		inline_policy(t, r, "aws_iam_user", "user");
	else if (!strcmp(ty, "aws_iam_group_policy"))
		inline_policy(t, r, "aws_iam_group", "group");
	else if (!strcmp(ty, "aws_iam_access_key"))
		access_key(t, r);
	else if (!strcmp(ty, "aws_iam_openid_connect_provider")) {
		rec = nhi_record_new("identity");
		nhi_buf_adds(&b, vs(r->v, "arn") ? "aws:" : "tf:");
		nhi_buf_adds(&b, vs(r->v, "arn") ? vs(r->v, "arn") : r->address);
		nhi_set_str(rec, "id", b.buf);
		nhi_set_str(rec, "system", "aws");
		nhi_set_str(rec, "type", "oidc_provider");
		nhi_set_str(rec, "name", vs(r->v, "url"));
		nhi_set_str(rec, "arn", vs(r->v, "arn"));
		if (json_is_array(json_object_get(r->v, "client_id_list")))
			json_object_set(rec, "audiences", json_object_get(r->v, "client_id_list"));
		set_tags(rec, json_object_get(r->v, "tags"));
		done(rec, t, r);
	} else if (!strcmp(ty, "aws_eks_pod_identity_association")) {
		/* Pod Identity is invisible in manifests: this is where it shows. */
		if (vs(r->v, "cluster_name") && vs(r->v, "namespace") &&
		    vs(r->v, "service_account") && vs(r->v, "role_arn")) {
			rec = nhi_record_new("trust");
			nhi_buf_addf(&b, "k8s:%s/sa/%s/%s", vs(r->v, "cluster_name"),
				     vs(r->v, "namespace"), vs(r->v, "service_account"));
			nhi_set_str(rec, "identity", b.buf);
			nhi_buf_reset(&b);
			nhi_buf_addf(&b, "aws:%s", vs(r->v, "role_arn"));
			nhi_set_str(rec, "target", b.buf);
			nhi_set_str(rec, "mechanism", "eks_pod_identity");
			done(rec, t, r);
		}
	} else if (!strcmp(ty, "kubernetes_service_account") ||
		   !strcmp(ty, "kubernetes_service_account_v1"))
		k8s_sa(t, r);
	else if (!strcmp(ty, "google_service_account")) {
		rec = nhi_record_new("identity");
		if (vs(r->v, "email"))
			nhi_buf_addf(&b, "gcp:sa/%s", vs(r->v, "email"));
		else
			nhi_buf_addf(&b, "tf:%s", r->address);
		nhi_set_str(rec, "id", b.buf);
		nhi_set_str(rec, "system", "gcp");
		nhi_set_str(rec, "type", "gcp_service_account");
		nhi_set_str(rec, "name", vs(r->v, "account_id"));
		nhi_set_str(rec, "account", vs(r->v, "project"));
		if (json_is_true(json_object_get(r->v, "disabled")))
			nhi_set_str(rec, "status", "disabled");
		done(rec, t, r);
	} else if (!strcmp(ty, "google_service_account_key"))
		gcp_key(t, r);
	else if (!strcmp(ty, "google_service_account_iam_member") ||
		 !strcmp(ty, "google_service_account_iam_binding")) {
		/* roles/iam.workloadIdentityUser for PROJECT.svc.id.goog[NS/KSA]
		 * is GKE Workload Identity. */
		json_t *members = json_object_get(r->v, "members");
		const char *sa = vs(r->v, "service_account_id"), *role = vs(r->v, "role");

		if (!members && vs(r->v, "member")) {
			members = json_pack("[s]", vs(r->v, "member"));
		} else {
			json_incref(members);
		}
		json_array_foreach(members, i, a) {
			const char *m = json_string_value(a), *lb, *sl;

			if (!m || !sa || !role || strcmp(role, "roles/iam.workloadIdentityUser") ||
			    !(lb = strstr(m, ".svc.id.goog[")) || !(sl = strchr(lb, '/')))
				continue;
			rec = nhi_record_new("trust");
			nhi_buf_reset(&b);
			nhi_buf_addf(&b, "k8s:%s/sa/%.*s/%.*s", cluster, (int)(sl - lb - 13), lb + 13,
				     (int)strcspn(sl + 1, "]"), sl + 1);
			nhi_set_str(rec, "identity", b.buf);
			nhi_buf_reset(&b);
			nhi_buf_addf(&b, "gcp:sa/%s", strrchr(sa, '/') ? strrchr(sa, '/') + 1 : sa);
			nhi_set_str(rec, "target", b.buf);
			nhi_set_str(rec, "mechanism", "gke_workload_identity");
			done(rec, t, r);
		}
		json_decref(members);
	} else if (!strcmp(ty, "azurerm_user_assigned_identity")) {
		rec = nhi_record_new("identity");
		if (vs(r->v, "client_id"))
			nhi_buf_addf(&b, "azure:sp/%s", vs(r->v, "client_id"));
		else
			nhi_buf_addf(&b, "tf:%s", r->address);
		nhi_set_str(rec, "id", b.buf);
		nhi_set_str(rec, "system", "azure");
		nhi_set_str(rec, "type", "azure_managed_identity");
		nhi_set_str(rec, "name", vs(r->v, "name"));
		set_tags(rec, json_object_get(r->v, "tags"));
		done(rec, t, r);
	} else if (!strcmp(ty, "azurerm_federated_identity_credential")) {
		const char *parent = vs(r->v, "parent_id");
		const char *id = parent ? json_string_value(json_object_get(t->names, parent)) : NULL;

		rec = nhi_record_new("trust");
		nhi_set_str(rec, "identity", id ? id : parent);
		json_object_set_new(rec, "federated", json_object());
		nhi_set_str(json_object_get(rec, "federated"), "provider", vs(r->v, "issuer"));
		nhi_set_str(json_object_get(rec, "federated"), "audience",
			    json_string_value(json_array_get(json_object_get(r->v, "audience"), 0)));
		nhi_set_str(json_object_get(rec, "federated"), "subject", vs(r->v, "subject"));
		done(rec, t, r);
	} else
		collect_unknown("terraform", ty);
	nhi_buf_release(&b);
}

static void read_file(const char *name, const char *buf, size_t len, void *ctx)
{
	json_t *d = collect_parse_json(name, buf, len, 0), *rc;
	struct tf t = { name, NULL, 0, 0, json_object(), json_object(), json_object() };
	size_t i;

	(void)ctx;
	if (!d)
		goto out;
	if (json_object_get(d, "resource_changes")) {
		/* What exists already names the users and roles a change refers to. */
		struct tf prior = { name, NULL, 0, 0, t.names, t.docs, t.gpol };

		walk_module(&prior, nhi_get_path(d, "prior_state.values.root_module"), 0);
		for (i = 0; i < prior.n; i++)
			index_res(&t, &prior.r[i]);
		free(prior.r);
		json_array_foreach(json_object_get(d, "resource_changes"), i, rc) {
			const char *p = planned(nhi_get_path(rc, "change.actions"));
			json_t *v = nhi_get_path(rc, "change.after");
			const char *mode = vs(rc, "mode");

			if (mode && !strcmp(mode, "data"))
				continue;
			if (p && !strcmp(p, "delete"))
				v = nhi_get_path(rc, "change.before");
			add(&t, vs(rc, "address"), vs(rc, "type"), p, v);
		}
	} else if (nhi_get_path(d, "values.root_module")) {
		walk_module(&t, nhi_get_path(d, "values.root_module"), 0);
	} else if (json_is_array(json_object_get(d, "resources")) && json_object_get(d, "version")) {
		raw_state(&t, d);
	} else if (!json_object_get(d, "format_version")) {
		collect_reject(name, 0, "not terraform show -json output nor a state file");
	}
	for (i = 0; i < t.n; i++)
		index_res(&t, &t.r[i]);
	for (i = 0; i < t.n; i++)
		index_group(&t, &t.r[i]);
	for (i = 0; i < t.n; i++)
		one(&t, &t.r[i]);
out:
	json_decref(d);
	json_decref(t.names);
	json_decref(t.docs);
	json_decref(t.gpol);
	free(t.r);
}

static void usage(int status)
{
	FILE *f = status ? stderr : stdout;

	fprintf(f, "usage: nhi-collect terraform [--cluster NAME] [OPTION...] [FILE...]\n\n"
		   "Options:\n"
		   "      --cluster NAME    the cluster's name in service account ids (default: default)\n"
		   NHI_COMMON_USAGE);
	if (status)
		exit(status);
}

int collect_terraform(int argc, char **argv)
{
	enum { OPT_CLUSTER = NHI_OPT_PROGRAM };
	static const struct option longopts[] = {
		NHI_COMMON_LONGOPTS,
		{ "cluster", required_argument, NULL, OPT_CLUSTER },
		{ 0 }
	};
	int c;

	while ((c = getopt_long(argc, argv, NHI_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		if (c == OPT_CLUSTER) {
			if (!*optarg || strchr(optarg, '/'))
				nhi_usage_error(usage, "--cluster: not a name: '%s'", optarg);
			cluster = optarg;
		} else {
			nhi_common_option(c, optarg, argv, usage);
		}
	}
	nhi_common_start();
	collect_each_file(argc - optind, argv + optind, NULL, read_file, NULL);
	return 0;
}
