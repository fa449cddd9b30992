/* aws-iam: `aws iam get-account-authorization-details` (CLI, raw API with
 * URL-encoded policy documents, boto3 dumps, AirIAM's Account* lists) into
 * identity, policy and trust records.  Every file, and every page in a
 * file, is read before anything is written, since a user's groups and
 * managed policies may come on another page. */
#include "compat.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect.h"
#include "diag.h"
#include "ndjson.h"
#include "opts.h"
#include "record.h"
#include "timefmt.h"
#include "xalloc.h"
#include "banned.h"

#define COLLECTOR "aws-iam"

/* One export page: the value, where it came from. */
struct page {
	json_t *v;
	char *file;
	unsigned long line; /* 0 for the first value of a file */
};

static struct page *pages;
static size_t npages, apages;
static json_t *policies; /* ARN -> {"doc": default version document} */
static json_t *groups;   /* "account/name" -> {"g": group, "page": index} */

struct loc {
	const struct page *pg;
	const char *pointer;
};

static void reject(const struct loc *l, const char *fmt, const char *what)
{
	collect_reject(l->pg->file, l->pg->line, fmt, l->pointer, what);
}

/* list: the array under one of two names (the CLI's, AirIAM's). */
static json_t *list(const json_t *v, const char *a, const char *b)
{
	json_t *l = json_object_get(v, a);

	return l ? l : json_object_get(v, b);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* document: a policy document as JSON (new reference), decoding the
 * raw API's URL-encoded string; NULL after a report. */
static json_t *document(const json_t *d, const struct loc *l)
{
	struct nhi_buf b = NHI_BUF_INIT;
	const char *s;
	size_t n;
	json_t *v;

	if (json_is_object(d))
		return json_incref((json_t *)d);
	if (!json_is_string(d)) {
		if (d)
			reject(l, "%s: %s", "policy document is not an object or a string");
		return NULL;
	}
	s = json_string_value(d);
	n = json_string_length(d);
	for (size_t i = 0; i < n; i++) {
		int h, lo;

		if (s[i] == '%' && i + 2 < n &&
		    (h = hexval((unsigned char)s[i + 1])) >= 0 &&
		    (lo = hexval((unsigned char)s[i + 2])) >= 0) {
			nhi_buf_addch(&b, h * 16 + lo);
			i += 2;
		} else {
			nhi_buf_addch(&b, s[i]);
		}
	}
	v = json_loadb(b.buf, b.len, 0, NULL);
	nhi_buf_release(&b);
	if (!json_is_object(v)) {
		json_decref(v);
		reject(l, "%s: %s", "policy document is not a JSON object");
		return NULL;
	}
	return v;
}

static void set_time(json_t *rec, const char *key, const json_t *v)
{
	const char *s = json_string_value(v);

	if (s)
		nhi_set_str(rec, key, nhi_time_normalize(s));
}

/* account: the account id field of an ARN. */
static void set_account(json_t *rec, const char *arn)
{
	const char *p = arn;

	for (int k = 0; k < 4 && p; k++) {
		p = strchr(p, ':');
		if (p)
			p++;
	}
	if (p && strchr(p, ':') && strchr(p, ':') > p)
		nhi_set_strn(rec, "account", p, (size_t)(strchr(p, ':') - p));
}

static void account_of(const char *arn, struct nhi_buf *out)
{
	json_t *tmp = json_object();
	const char *a;

	set_account(tmp, arn);
	a = nhi_get_str(tmp, "account");
	nhi_buf_adds(out, a ? a : "");
	json_decref(tmp);
}

static void set_tags(json_t *rec, const json_t *tags)
{
	json_t *o, *t;
	size_t i;

	if (!json_array_size(tags))
		return;
	o = json_object();
	json_array_foreach(tags, i, t) {
		const char *k = nhi_get_str(t, "Key"), *v = nhi_get_str(t, "Value");

		if (k && v)
			nhi_set_str(o, k, v);
	}
	json_object_set_new(rec, "tags", o);
}

/* attached: AttachedManagedPolicies as an array (one export example has
 * a bare object). */
static json_t *attached(const json_t *e)
{
	json_t *a = json_object_get(e, "AttachedManagedPolicies");

	if (json_is_object(a)) {
		json_t *one = json_array();

		json_array_append(one, a);
		return one;
	}
	return json_is_array(a) ? json_incref(a) : json_array();
}

static void emit_policy(const char *identity, const char *via, json_t *doc,
			const struct loc *l)
{
	json_t *rec = nhi_record_new("policy");

	nhi_set_str(rec, "identity", identity);
	nhi_set_str(rec, "via", via);
	if (doc)
		json_object_set(rec, "document", doc);
	nhi_set_source(rec, COLLECTOR, l->pg->file, l->pg->line, l->pointer);
	nhi_emit_steal(rec);
}

/* inline_policies: one policy record per entry of a *PolicyList. */
static void inline_policies(const char *identity, const char *prefix,
			    const json_t *lst, const struct loc *at)
{
	size_t i;
	json_t *p;
	struct nhi_buf ptr = NHI_BUF_INIT, via = NHI_BUF_INIT;

	json_array_foreach(lst, i, p) {
		const char *name = nhi_get_str(p, "PolicyName");
		struct loc l = { at->pg, NULL };
		json_t *doc;

		nhi_buf_reset(&ptr);
		nhi_buf_addf(&ptr, "%s/%zu", at->pointer, i);
		l.pointer = ptr.buf;
		if (!name) {
			reject(&l, "%s: %s", "inline policy has no PolicyName");
			continue;
		}
		doc = document(json_object_get(p, "PolicyDocument"), &l);
		if (!doc)
			continue;
		nhi_buf_reset(&via);
		nhi_buf_addf(&via, "%sinline:%s", prefix, name);
		emit_policy(identity, via.buf, doc, &l);
		json_decref(doc);
	}
	nhi_buf_release(&ptr);
	nhi_buf_release(&via);
}

static void managed_policies(const char *identity, const char *prefix,
			     const json_t *lst, const struct loc *at)
{
	size_t i;
	json_t *p;
	struct nhi_buf via = NHI_BUF_INIT;

	json_array_foreach(lst, i, p) {
		const char *arn = nhi_get_str(p, "PolicyArn");

		if (!arn)
			continue;
		nhi_buf_reset(&via);
		nhi_buf_addf(&via, "%smanaged:%s", prefix, arn);
		emit_policy(identity, via.buf,
			    json_object_get(json_object_get(policies, arn), "doc"), at);
	}
	nhi_buf_release(&via);
}

static void boundary(json_t *rec, const char *identity, const json_t *e,
		     const struct loc *at, int emit)
{
	const char *arn = nhi_get_path_str(e, "PermissionsBoundary.PermissionsBoundaryArn");
	struct nhi_buf via = NHI_BUF_INIT;

	if (!arn)
		return;
	if (rec) {
		nhi_set_str(rec, "boundary", arn);
		return;
	}
	if (!emit)
		return;
	nhi_buf_addf(&via, "boundary:%s", arn);
	emit_policy(identity, via.buf,
		    json_object_get(json_object_get(policies, arn), "doc"), at);
	nhi_buf_release(&via);
}

static json_t *identity_new(const char *type, const char *id, const char *arn,
			    const char *name, const json_t *e)
{
	json_t *rec = nhi_record_new("identity");

	nhi_set_str(rec, "id", id);
	nhi_set_str(rec, "system", "aws");
	nhi_set_str(rec, "type", type);
	nhi_set_str(rec, "name", name);
	set_account(rec, arn);
	nhi_set_str(rec, "arn", arn);
	nhi_set_str(rec, "path", nhi_get_str(e, "Path"));
	set_time(rec, "created", json_object_get(e, "CreateDate"));
	return rec;
}

static void set_attached(json_t *rec, const json_t *att)
{
	json_t *a;
	size_t i;
	json_t *p;

	if (!json_array_size(att))
		return;
	a = json_array();
	json_array_foreach(att, i, p)
		if (nhi_get_str(p, "PolicyArn"))
			json_array_append_new(a, json_string(nhi_get_str(p, "PolicyArn")));
	json_object_set_new(rec, "attached_policies", a);
}

static void finish_identity(json_t *rec, const struct loc *l)
{
	nhi_set_source(rec, COLLECTOR, l->pg->file, l->pg->line, l->pointer);
	nhi_emit_steal(rec);
}

static int entity(const json_t *e, const struct loc *l, const char *what,
		  const char *namekey, const char **arn, const char **name,
		  struct nhi_buf *id)
{
	*arn = nhi_get_str(e, "Arn");
	*name = nhi_get_str(e, namekey);
	if (!json_is_object(e) || !*arn || !*name) {
		reject(l, "%s: %s", what);
		return 0;
	}
	nhi_buf_reset(id);
	nhi_buf_addf(id, "aws:%s", *arn);
	return 1;
}

static void user(const json_t *u, const struct loc *l)
{
	const char *arn, *name, *g;
	struct nhi_buf id = NHI_BUF_INIT, ptr = NHI_BUF_INIT, key = NHI_BUF_INIT;
	struct nhi_buf pfx = NHI_BUF_INIT, gptr = NHI_BUF_INIT;
	json_t *rec, *att;
	size_t i;
	json_t *gn;

	if (!entity(u, l, "user has no Arn or UserName", "UserName", &arn, &name, &id))
		return;
	att = attached(u);
	rec = identity_new("iam_user", id.buf, arn, name, u);
	nhi_set_str(rec, "unique_id", nhi_get_str(u, "UserId"));
	set_time(rec, "last_used", json_object_get(u, "PasswordLastUsed"));
	set_tags(rec, json_object_get(u, "Tags"));
	if (json_array_size(json_object_get(u, "GroupList")))
		json_object_set(rec, "groups", json_object_get(u, "GroupList"));
	set_attached(rec, att);
	boundary(rec, id.buf, u, l, 0);
	finish_identity(rec, l);

	nhi_buf_addf(&ptr, "%s/UserPolicyList", l->pointer);
	inline_policies(id.buf, "", json_object_get(u, "UserPolicyList"),
			&(struct loc){ l->pg, ptr.buf });
	managed_policies(id.buf, "", att, l);
	json_array_foreach(json_object_get(u, "GroupList"), i, gn) {
		const json_t *grp, *entry;
		json_t *gatt;
		struct loc gl;

		if (!(g = json_string_value(gn)))
			continue;
		nhi_buf_reset(&key);
		account_of(arn, &key);
		nhi_buf_addf(&key, "/%s", g);
		entry = json_object_get(groups, key.buf);
		grp = json_object_get(entry, "g");
		if (!grp)
			continue;
		/* The group's policies, found where the group is. */
		gl.pg = &pages[json_integer_value(json_object_get(entry, "page"))];
		gl.pointer = nhi_get_str(entry, "ptr");
		nhi_buf_reset(&gptr);
		nhi_buf_addf(&gptr, "%s/GroupPolicyList", gl.pointer);
		nhi_buf_reset(&pfx);
		nhi_buf_addf(&pfx, "group:%s/", g);
		inline_policies(id.buf, pfx.buf, json_object_get(grp, "GroupPolicyList"),
				&(struct loc){ gl.pg, gptr.buf });
		gatt = attached(grp);
		managed_policies(id.buf, pfx.buf, gatt, &gl);
		json_decref(gatt);
	}
	boundary(NULL, id.buf, u, l, 1);
	json_decref(att);
	nhi_buf_release(&id);
	nhi_buf_release(&ptr);
	nhi_buf_release(&key);
	nhi_buf_release(&pfx);
	nhi_buf_release(&gptr);
}

static void group(const json_t *g, const struct loc *l)
{
	const char *arn, *name;
	struct nhi_buf id = NHI_BUF_INIT, ptr = NHI_BUF_INIT;
	json_t *rec, *att;

	if (!entity(g, l, "group has no Arn or GroupName", "GroupName", &arn, &name, &id))
		return;
	att = attached(g);
	rec = identity_new("iam_group", id.buf, arn, name, g);
	nhi_set_str(rec, "unique_id", nhi_get_str(g, "GroupId"));
	set_attached(rec, att);
	finish_identity(rec, l);
	nhi_buf_addf(&ptr, "%s/GroupPolicyList", l->pointer);
	inline_policies(id.buf, "", json_object_get(g, "GroupPolicyList"),
			&(struct loc){ l->pg, ptr.buf });
	managed_policies(id.buf, "", att, l);
	json_decref(att);
	nhi_buf_release(&id);
	nhi_buf_release(&ptr);
}

static void add_unique(json_t *a, const char *s)
{
	size_t i;
	json_t *e;

	json_array_foreach(a, i, e)
		if (!strcmp(json_string_value(e), s))
			return;
	json_array_append_new(a, json_string(s));
}

static void principals(json_t *out, const json_t *p)
{
	const char *key;
	json_t *v, *e;
	size_t i;

	if (json_is_string(p)) {
		add_unique(out, json_string_value(p));
		return;
	}
	json_object_foreach((json_t *)p, key, v) {
		if (json_is_string(v))
			add_unique(out, json_string_value(v));
		json_array_foreach(v, i, e)
			if (json_is_string(e))
				add_unique(out, json_string_value(e));
	}
}

/* federated: the provider of the first statement that trusts one, and
 * the aud and sub its conditions require. */
static json_t *federated(const json_t *st)
{
	const json_t *prov = nhi_get_path(st, "Principal.Federated");
	json_t *f, *ops, *conds;
	const char *op, *key;

	if (json_is_array(prov))
		prov = json_array_get(prov, 0);
	if (!json_is_string(prov))
		return NULL;
	f = json_object();
	json_object_set(f, "provider", (json_t *)prov);
	ops = json_object_get(st, "Condition");
	json_object_foreach(ops, op, conds) {
		json_t *v;

		json_object_foreach(conds, key, v) {
			size_t n = strlen(key);

			if (n > 4 && !strcmp(key + n - 4, ":aud"))
				json_object_set(f, "audience", v);
			else if (n > 4 && !strcmp(key + n - 4, ":sub"))
				json_object_set(f, "subject", v);
		}
	}
	return f;
}

static void trust(const char *id, const json_t *r, const struct loc *l)
{
	struct nhi_buf ptr = NHI_BUF_INIT;
	struct loc tl = { l->pg, NULL };
	json_t *doc, *st, *rec, *pr, *fed = NULL, *s;
	size_t i;

	nhi_buf_addf(&ptr, "%s/AssumeRolePolicyDocument", l->pointer);
	tl.pointer = ptr.buf;
	doc = document(json_object_get(r, "AssumeRolePolicyDocument"), &tl);
	if (!doc) {
		nhi_buf_release(&ptr);
		return;
	}
	rec = nhi_record_new("trust");
	nhi_set_str(rec, "identity", id);
	json_object_set(rec, "document", doc);
	pr = json_array();
	st = json_object_get(doc, "Statement");
	if (json_is_object(st)) {
		st = json_array();
		json_array_append(st, json_object_get(doc, "Statement"));
	} else {
		json_incref(st);
	}
	json_array_foreach(st, i, s) {
		const char *effect = nhi_get_str(s, "Effect");

		if (effect && strcmp(effect, "Allow"))
			continue;
		if (json_object_get(s, "Principal"))
			principals(pr, json_object_get(s, "Principal"));
		if (!fed)
			fed = federated(s);
	}
	json_decref(st);
	if (json_array_size(pr))
		json_object_set(rec, "principals", pr);
	json_decref(pr);
	if (fed)
		json_object_set_new(rec, "federated", fed);
	nhi_set_source(rec, COLLECTOR, l->pg->file, l->pg->line, tl.pointer);
	nhi_emit_steal(rec);
	json_decref(doc);
	nhi_buf_release(&ptr);
}

static void role(const json_t *r, const struct loc *l)
{
	const char *arn, *name, *path;
	struct nhi_buf id = NHI_BUF_INIT, ptr = NHI_BUF_INIT;
	json_t *rec, *att, *ip, *profiles = json_array();
	size_t i;

	if (!entity(r, l, "role has no Arn or RoleName", "RoleName", &arn, &name, &id)) {
		json_decref(profiles);
		return;
	}
	att = attached(r);
	rec = identity_new("iam_role", id.buf, arn, name, r);
	nhi_set_str(rec, "unique_id", nhi_get_str(r, "RoleId"));
	nhi_set_str(rec, "description", nhi_get_str(r, "Description"));
	set_time(rec, "last_used", nhi_get_path(r, "RoleLastUsed.LastUsedDate"));
	nhi_set_str(rec, "last_used_region", nhi_get_path_str(r, "RoleLastUsed.Region"));
	set_tags(rec, json_object_get(r, "Tags"));
	set_attached(rec, att);
	boundary(rec, id.buf, r, l, 0);
	json_array_foreach(json_object_get(r, "InstanceProfileList"), i, ip)
		if (nhi_get_str(ip, "Arn"))
			json_array_append_new(profiles, json_string(nhi_get_str(ip, "Arn")));
	if (json_array_size(profiles))
		json_object_set(rec, "instance_profiles", profiles);
	path = nhi_get_str(r, "Path");
	if (path && !strncmp(path, "/aws-service-role/", 18))
		nhi_set_bool(rec, "service_linked", 1);
	finish_identity(rec, l);
	trust(id.buf, r, l);
	nhi_buf_addf(&ptr, "%s/RolePolicyList", l->pointer);
	inline_policies(id.buf, "", json_object_get(r, "RolePolicyList"),
			&(struct loc){ l->pg, ptr.buf });
	managed_policies(id.buf, "", att, l);
	boundary(NULL, id.buf, r, l, 1);
	json_decref(att);
	json_decref(profiles);
	nhi_buf_release(&id);
	nhi_buf_release(&ptr);
}

/* index_page: the managed policies' default documents and the groups. */
static void index_page(size_t k)
{
	const struct page *pg = &pages[k];
	json_t *p, *v;
	size_t i, j;
	struct nhi_buf ptr = NHI_BUF_INIT, key = NHI_BUF_INIT;
	const char *pl = json_object_get(pg->v, "Policies") ? "Policies" : "AccountPolicies";
	const char *gl = json_object_get(pg->v, "GroupDetailList") ? "GroupDetailList" : "AccountGroups";

	json_array_foreach(json_object_get(pg->v, pl), i, p) {
		const char *arn = nhi_get_str(p, "Arn");
		const char *def = nhi_get_str(p, "DefaultVersionId");
		json_t *entry = json_object();

		if (!arn) {
			json_decref(entry);
			continue;
		}
		json_array_foreach(json_object_get(p, "PolicyVersionList"), j, v) {
			const char *vid = nhi_get_str(v, "VersionId");
			json_t *isdef = json_object_get(v, "IsDefaultVersion");

			if (json_is_true(isdef) ||
			    (json_is_string(isdef) && !strcmp(json_string_value(isdef), "true")) ||
			    (def && vid && !strcmp(def, vid))) {
				struct loc l = { pg, NULL };
				json_t *doc;

				nhi_buf_reset(&ptr);
				nhi_buf_addf(&ptr, "/%s/%zu/PolicyVersionList/%zu/Document", pl, i, j);
				l.pointer = ptr.buf;
				doc = document(json_object_get(v, "Document"), &l);
				if (doc)
					json_object_set_new(entry, "doc", doc);
				break;
			}
		}
		json_object_set_new(policies, arn, entry);
	}
	json_array_foreach(json_object_get(pg->v, gl), i, p) {
		const char *arn = nhi_get_str(p, "Arn"), *name = nhi_get_str(p, "GroupName");

		if (!arn || !name)
			continue;
		nhi_buf_reset(&key);
		account_of(arn, &key);
		nhi_buf_addf(&key, "/%s", name);
		nhi_buf_reset(&ptr);
		nhi_buf_addf(&ptr, "/%s/%zu", gl, i);
		json_object_set_new(groups, key.buf,
				    json_pack("{sO sI ss}", "g", p, "page", (json_int_t)k,
					      "ptr", ptr.buf));
	}
	nhi_buf_release(&ptr);
	nhi_buf_release(&key);
}

static void emit_page(size_t k)
{
	static const struct {
		const char *cli, *airiam;
		void (*fn)(const json_t *, const struct loc *);
	} kinds[] = {
		{ "UserDetailList", "AccountUsers", user },
		{ "GroupDetailList", "AccountGroups", group },
		{ "RoleDetailList", "AccountRoles", role },
	};
	struct nhi_buf ptr = NHI_BUF_INIT;

	for (size_t n = 0; n < ARRAY_SIZE(kinds); n++) {
		const char *name = json_object_get(pages[k].v, kinds[n].cli) ?
			kinds[n].cli : kinds[n].airiam;
		json_t *e;
		size_t i;

		json_array_foreach(list(pages[k].v, kinds[n].cli, kinds[n].airiam), i, e) {
			nhi_buf_reset(&ptr);
			nhi_buf_addf(&ptr, "/%s/%zu", name, i);
			kinds[n].fn(e, &(struct loc){ &pages[k], ptr.buf });
		}
	}
	nhi_buf_release(&ptr);
}

static int is_export(const json_t *v)
{
	static const char *const keys[] = {
		"UserDetailList", "GroupDetailList", "RoleDetailList", "Policies",
		"AccountUsers", "AccountGroups", "AccountRoles", "AccountPolicies",
	};

	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		if (json_is_array(json_object_get(v, keys[i])))
			return 1;
	return 0;
}

static void add_page(json_t *v, const char *name, unsigned long line)
{
	if (!is_export(v)) {
		collect_reject(name, line, "not a get-account-authorization-details export");
		json_decref(v);
		return;
	}
	if (npages == apages) {
		apages = apages ? 2 * apages : 8;
		pages = xreallocarray(pages, apages, sizeof(*pages));
	}
	pages[npages++] = (struct page){ v, xstrdup(name), line };
}

static unsigned long line_at(const char *buf, size_t off)
{
	unsigned long line = 1;

	for (const char *p = buf; (p = memchr(p, '\n', (size_t)(buf + off - p))); p++)
		line++;
	return line;
}

/* read_file: every JSON value in the file (paginated output saved one
 * page after another is several values). */
static void read_file(const char *name, const char *buf, size_t len, void *ctx)
{
	size_t off = 0;
	unsigned long n = 0;

	(void)ctx;
	if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3))
		off = 3;
	for (;;) {
		json_error_t err;
		json_t *v;
		unsigned long line;

		while (off < len && strchr(" \t\r\n", buf[off]))
			off++;
		if (off >= len)
			break;
		line = line_at(buf, off);
		v = json_loadb(buf + off, len - off, JSON_DISABLE_EOF_CHECK, &err);
		if (!v) {
			collect_reject(name, line + (err.line > 1 ? (unsigned long)err.line - 1 : 0),
				       "invalid JSON: %s at column %d", nhi_json_error_text(&err), err.column);
			return;
		}
		off += err.position;
		if (json_is_array(v)) {
			size_t i;
			json_t *e;

			json_array_foreach(v, i, e)
				add_page(json_incref(e), name, n++ ? line : 0);
			json_decref(v);
		} else {
			add_page(v, name, n++ ? line : 0);
		}
	}
}

static void usage(int status)
{
	FILE *f = status ? stderr : stdout;

	fprintf(f, "usage: nhi-collect aws-iam [OPTION...] [FILE...]\n\n"
		   "Options:\n" NHI_COMMON_USAGE);
	exit(status);
}

int collect_aws_iam(int argc, char **argv)
{
	static const struct option longopts[] = { NHI_COMMON_LONGOPTS, { 0 } };
	int c;

	while ((c = getopt_long(argc, argv, NHI_COMMON_SHORTOPTS, longopts, NULL)) != -1)
		nhi_common_option(c, optarg, argv, usage);
	nhi_common_start();
	policies = json_object();
	groups = json_object();
	collect_each_file(argc - optind, argv + optind, NULL, read_file, NULL);
	for (size_t k = 0; k < npages; k++)
		index_page(k);
	for (size_t k = 0; k < npages; k++)
		emit_page(k);
	for (size_t k = 0; k < npages; k++) {
		json_decref(pages[k].v);
		free(pages[k].file);
	}
	free(pages);
	json_decref(policies);
	json_decref(groups);
	return 0;
}
