/* k8s.c: the "k8s" source.  Kubernetes objects as kubectl prints them
 * (-o json or -o yaml: a List, single objects, multi-document streams)
 * become identity, trust, credential, sighting, policy and workload records.
 *
 * Every input is read first, so a binding may come before its role and a
 * pod before its service account; then the records come out in input order.
 * Secret values are looked at while the file is read (key ids and
 * fingerprints only) and dropped at once: they never reach a record or a
 * message. */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect.h"
#include "config.h"
#include "diag.h"
#include "fingerprint.h"
#include "ndjson.h"
#include "opts.h"
#include "record.h"
#include "saas.h"
#include "secretenv.h"
#include "timefmt.h"
#include "xalloc.h"
#include "banned.h"

#define K8S_MAX_OBJECTS 10000000 /* objects kept for the second pass */

static const char *cluster = "default";

/* One object from the input, kept until the output pass. */
struct obj {
	json_t *o;        /* the object; NULL for a Secret (already done) */
	json_t *out;      /* records made while reading (Secrets) */
	json_t *lines;    /* the file's pointer -> [line, column] map, or NULL */
	char *file, *ptr; /* ptr: JSON pointer of the object in its file */
};

static struct obj *objs;
static size_t nobjs, aobjs;
static json_t *roles;   /* "Role/ns/name", "ClusterRole/name" -> rules */
static json_t *fedsa;   /* SA id -> [identities entries] */
static json_t *secrets; /* "ns/name" -> {key -> {type, provider}} */

static const char *str(const json_t *o, const char *path)
{
	return nhi_get_path_str(o, path);
}

static unsigned long line_at(const struct obj *b, const char *suffix)
{
	struct nhi_buf p = NHI_BUF_INIT;
	json_t *lc;
	unsigned long line = 0;

	if (!b->lines)
		return 0;
	nhi_buf_addf(&p, "%s%s", b->ptr, suffix ? suffix : "");
	lc = json_object_get(b->lines, p.buf);
	if (json_is_array(lc))
		line = (unsigned long)json_integer_value(json_array_get(lc, 0));
	nhi_buf_release(&p);
	return line;
}

/* near: the line of suffix, else of the object (a JSON stream knows only
 * where each object starts: its line is better than a pointer). */
static unsigned long near(const struct obj *b, const char *suffix)
{
	unsigned long line = line_at(b, suffix);

	return line || !suffix ? line : line_at(b, NULL);
}

static void set_source(json_t *rec, const struct obj *b, const char *suffix)
{
	unsigned long line = near(b, suffix);
	struct nhi_buf p = NHI_BUF_INIT;

	if (line) {
		nhi_set_source(rec, "k8s", b->file, line, NULL);
		return;
	}
	nhi_buf_addf(&p, "%s%s", b->ptr, suffix ? suffix : "");
	nhi_set_source(rec, "k8s", b->file, 0, p.len ? p.buf : "");
	nhi_buf_release(&p);
}

static const char *ns_of(const json_t *o)
{
	const char *ns = str(o, "metadata.namespace");

	return ns && *ns ? ns : "default";
}

static char *sa_id(const char *ns, const char *name)
{
	struct nhi_buf b = NHI_BUF_INIT;

	nhi_buf_addf(&b, "k8s:%s/sa/%s/%s", cluster, ns, name);
	return nhi_buf_detach(&b, NULL);
}

/* The identity a workload's cloud SDK gets through its service account. */
static const struct {
	const char *annotation, *mechanism, *prefix;
} federations[] = {
	{ "eks.amazonaws.com/role-arn", "irsa", "aws:" },
	{ "iam.gke.io/gcp-service-account", "gke_workload_identity", "gcp:sa/" },
	{ "azure.workload.identity/client-id", "azure_workload_identity", "azure:sp/" },
};

/* Reading: index what the output pass needs, do Secrets now. */

static void note_fed(const json_t *o)
{
	const char *name = str(o, "metadata.name");
	json_t *ann = nhi_get_path(o, "metadata.annotations");
	char *id;
	json_t *list;

	if (!name)
		return;
	list = json_array();
	for (size_t i = 0; i < ARRAY_SIZE(federations); i++) {
		const char *v = json_string_value(json_object_get(ann, federations[i].annotation));

		if (!v || !*v)
			continue;
		json_array_append_new(list, json_pack("{s:s,s:s,s:b}", "ref", v,
						      "via", "service_account", "federated", 1));
	}
	id = sa_id(ns_of(o), name);
	if (json_array_size(list))
		json_object_set_new(fedsa, id, list);
	else
		json_decref(list);
	free(id);
}

/* sighting_of: a scanner hit on a value held at pointer p, as nhi-collect
 * secrets would write it, located at object (a Secret's key) or in the file. */
static json_t *sighting_of(const struct obj *b, const struct collect_secret_hit *h,
			   const char *p, const char *object)
{
	json_t *rec = nhi_record_new("sighting"), *loc = json_object();

	nhi_set_str(rec, "rule", h->rule);
	if (*h->key_id)
		nhi_set_str(rec, "key_id", h->key_id);
	if (*h->fingerprint)
		nhi_set_str(rec, "fingerprint", h->fingerprint);
	nhi_set_str(rec, "provider", h->provider);
	nhi_set_str(rec, "type", h->type);
	nhi_set_str(rec, "confidence", h->confidence);
	nhi_set_str(loc, "type", object ? "k8s_secret" : "file");
	nhi_set_str(loc, "path", b->file);
	if (near(b, p))
		nhi_set_int(loc, "line", (long long)near(b, p));
	nhi_set_str(loc, "object", object);
	json_object_set_new(rec, "location", loc);
	set_source(rec, b, p);
	return rec;
}

static void secret_key(struct obj *b, const char *ns, const char *name,
		       json_t *keys, const char *key, const char *field,
		       const struct collect_secret_hit *hits, size_t nhits)
{
	struct collect_cred c;
	struct nhi_buf p = NHI_BUF_INIT, loc = NHI_BUF_INIT;
	json_t *k;
	const char *ctype;

	collect_cred_kind(key, &c);
	ctype = c.type;
	k = json_object();
	nhi_buf_addf(&p, "/%s/%s", field, key);
	nhi_buf_addf(&loc, "secret:%s/%s#%s", ns, name, key);
	for (size_t i = 0; i < nhits; i++) {
		const struct collect_secret_hit *h = &hits[i];

		json_array_append_new(b->out, sighting_of(b, h, p.buf, loc.buf));
		if (h->provider && !strcmp(c.type, "unknown")) {
			ctype = h->type;
			c.provider = h->provider;
		}
		if (*h->fingerprint && !json_object_get(k, "fingerprint"))
			nhi_set_str(k, "fingerprint", h->fingerprint);
	}
	nhi_set_str(k, "credential_type", ctype);
	nhi_set_str(k, "provider", c.provider);
	json_object_set_new(keys, key, k);
	nhi_buf_release(&p);
	nhi_buf_release(&loc);
}

/* token_credential: a kubernetes.io/service-account-token Secret is a
 * long-lived token of the service account it names. */
static void token_credential(struct obj *b, const json_t *o, const char *ns,
			     const char *name, const char *fp)
{
	const char *sa;
	json_t *ann = nhi_get_path(o, "metadata.annotations");
	json_t *labels = nhi_get_path(o, "metadata.labels");
	json_t *rec;
	struct nhi_buf id = NHI_BUF_INIT;
	char *who;
	const char *t;

	sa = json_string_value(json_object_get(ann, "kubernetes.io/service-account.name"));
	rec = nhi_record_new("credential");
	nhi_buf_addf(&id, "k8s:%s/token/%s/%s", cluster, ns, name);
	nhi_set_str(rec, "id", id.buf);
	if (sa) {
		who = sa_id(ns, sa);
		nhi_set_str(rec, "identity", who);
		free(who);
	}
	nhi_set_str(rec, "type", "k8s_token");
	nhi_set_str(rec, "fingerprint", fp);
	nhi_set_bool(rec, "static", 1);
	nhi_set_str(rec, "status",
		    json_object_get(labels, "kubernetes.io/legacy-token-invalid-since") ?
		    "inactive" : "active");
	nhi_set_str(rec, "created", nhi_time_normalize(str(o, "metadata.creationTimestamp") ?
							 str(o, "metadata.creationTimestamp") : ""));
	t = json_string_value(json_object_get(labels, "kubernetes.io/legacy-token-last-used"));
	if (!t)
		t = json_string_value(json_object_get(ann, "kubernetes.io/legacy-token-last-used"));
	if (t)
		nhi_set_str(rec, "last_used", nhi_time_normalize(t));
	set_source(rec, b, NULL);
	json_array_append_new(b->out, rec);
	nhi_buf_release(&id);
}

static void read_secret(struct obj *b, const json_t *o)
{
	const char *ns = ns_of(o), *name = str(o, "metadata.name");
	const char *type = str(o, "type");
	int token = type && !strcmp(type, "kubernetes.io/service-account-token");
	char tokfp[NHI_FINGERPRINT_BUFSZ] = "";
	json_t *keys = json_object(), *v;
	const char *key;
	struct nhi_buf id = NHI_BUF_INIT;
	struct collect_secret_item *items;
	struct collect_secret_hit *hits;
	const char **field;
	char **dec;
	size_t n = 0, nhits, max;

	if (!name) {
		collect_reject(b->file, line_at(b, NULL), "Secret without metadata.name");
		json_decref(keys);
		return;
	}
	max = json_object_size(nhi_get_path(o, "data")) +
	      json_object_size(nhi_get_path(o, "stringData")) + 1;
	items = xreallocarray(NULL, max, sizeof(*items));
	field = xreallocarray(NULL, max, sizeof(*field));
	dec = xreallocarray(NULL, max, sizeof(*dec));
	json_object_foreach(nhi_get_path(o, "data"), key, v) {
		const char *s = json_string_value(v);
		size_t len = json_string_length(v);
		char *d;
		int bad;

		if (!s) {
			if (!json_is_null(v))
				collect_reject(b->file, line_at(b, NULL),
					       "Secret %s/%s: data.%s is not a string", ns, name, key);
			continue;
		}
		d = xmalloc(len + 1);
		len = collect_base64_decode(s, len, d, &bad);
		if (bad) {
			collect_reject(b->file, line_at(b, NULL),
				       "Secret %s/%s: data.%s is not base64", ns, name, key);
		} else if (token && !strcmp(key, "token")) {
			nhi_fingerprint(d, len, tokfp);
		} else if (!token) {
			items[n] = (struct collect_secret_item){ key, d, len };
			field[n] = "data";
			dec[n++] = d;
			continue;
		}
		memset(d, 0, len);
		free(d);
	}
	json_object_foreach(nhi_get_path(o, "stringData"), key, v) {
		if (!json_is_string(v))
			continue;
		if (token && !strcmp(key, "token")) {
			nhi_fingerprint(json_string_value(v), json_string_length(v), tokfp);
		} else if (!token) {
			items[n] = (struct collect_secret_item){ key, json_string_value(v),
								 json_string_length(v) };
			field[n] = "stringData";
			dec[n++] = NULL;
		}
	}
	/* A Secret's values are its job: only a known format is a sighting. */
	nhits = collect_secret_scan(items, n, 0, &hits);
	for (size_t i = 0, j = 0; i < n; i++) {
		size_t k = j;

		/* hits come in value order */
		while (k < nhits && hits[k].item == i)
			k++;
		secret_key(b, ns, name, keys, items[i].name, field[i], hits + j, k - j);
		j = k;
		/* Gone before anything else runs. */
		if (dec[i]) {
			memset(dec[i], 0, items[i].len);
			free(dec[i]);
		}
	}
	free(hits);
	free(items);
	free(field);
	free(dec);
	if (token)
		token_credential(b, o, ns, name, *tokfp ? tokfp : NULL);
	nhi_buf_addf(&id, "%s/%s", ns, name);
	json_object_set_new(secrets, id.buf, keys);
	nhi_buf_release(&id);
}

static void keep(const char *file, json_t *lines, json_t *o, const char *ptr)
{
	const char *kind = str(o, "kind");
	struct obj *b;

	if (nobjs == K8S_MAX_OBJECTS) {
		collect_reject(file, 0, "more than %d objects, the rest is not read",
			       K8S_MAX_OBJECTS);
		return;
	}
	if (nobjs == aobjs) {
		aobjs = aobjs ? 2 * aobjs : 256;
		objs = xreallocarray(objs, aobjs, sizeof(*objs));
	}
	b = &objs[nobjs++];
	b->o = NULL;
	b->out = NULL;
	b->lines = json_incref(lines);
	b->file = xstrdup(file);
	b->ptr = xstrdup(ptr);
	if (!strcmp(kind, "Secret") && !strcmp(str(o, "apiVersion") ? str(o, "apiVersion") : "v1", "v1")) {
		b->out = json_array();
		read_secret(b, o);
		return;
	}
	b->o = json_incref(o);
	if (!strcmp(kind, "ServiceAccount")) {
		note_fed(o);
	} else if (!strcmp(kind, "Role") || !strcmp(kind, "ClusterRole")) {
		struct nhi_buf k = NHI_BUF_INIT;
		json_t *rules = json_object_get(o, "rules");

		if (!strcmp(kind, "Role"))
			nhi_buf_addf(&k, "Role/%s/%s", ns_of(o), str(o, "metadata.name") ? str(o, "metadata.name") : "");
		else
			nhi_buf_addf(&k, "ClusterRole/%s", str(o, "metadata.name") ? str(o, "metadata.name") : "");
		json_object_set_new(roles, k.buf, rules ? json_incref(rules) : json_array());
		nhi_buf_release(&k);
	}
}

/* take: one parsed value: an object, a List of them, or an array. */
static void take(const char *file, json_t *lines, json_t *v, const char *ptr, int depth)
{
	struct nhi_buf p = NHI_BUF_INIT;
	json_t *items = json_object_get(v, "items");
	const char *kind = str(v, "kind");
	size_t i;
	json_t *x;

	if (json_is_null(v))
		return; /* an empty document: "---" at the end, comments only */
	if (json_is_array(v) && depth == 0) {
		json_array_foreach(v, i, x) {
			nhi_buf_reset(&p);
			nhi_buf_addf(&p, "%s/%zu", ptr, i);
			take(file, lines, x, p.buf, depth + 1);
		}
	} else if (!json_is_object(v) || !kind || !*kind) {
		nhi_buf_addf(&p, "%s", ptr);
		collect_reject(file, lines ? (unsigned long)json_integer_value(
				json_array_get(json_object_get(lines, p.buf), 0)) : 0,
			       "not a Kubernetes object (no \"kind\")%s%s",
			       *ptr ? " at " : "", ptr);
	} else if (json_is_array(items) && depth <= 1 &&
		   strlen(kind) >= 4 && !strcmp(kind + strlen(kind) - 4, "List")) {
		json_array_foreach(items, i, x) {
			/* The API server's ServiceAccountList leaves kind and
			 * apiVersion out of its items (kubectl puts them back). */
			if (json_is_object(x) && !json_object_get(x, "kind") && strlen(kind) > 4) {
				json_object_set_new(x, "kind", json_stringn(kind, strlen(kind) - 4));
				if (!json_object_get(x, "apiVersion") && str(v, "apiVersion"))
					json_object_set_new(x, "apiVersion", json_string(str(v, "apiVersion")));
			}
			nhi_buf_reset(&p);
			nhi_buf_addf(&p, "%s/items/%zu", ptr, i);
			take(file, lines, x, p.buf, depth + 1);
		}
	} else {
		keep(file, lines, v, ptr);
	}
	nhi_buf_release(&p);
}

/* read_json: one JSON value (kubectl -o json), or a stream of them (jq -c
 * '.items[]'), each then known by its line. */
static void read_json(const char *name, const char *buf, size_t len, size_t off)
{
	json_t *vals = json_array(), *lines = json_object(), *v;
	unsigned long line = 1;
	size_t at = 0, k;
	char ptr[32];

	while (off < len) {
		json_error_t err;

		for (; at < off; at++)
			if (buf[at] == '\n')
				line++;
		v = json_loadb(buf + off, len - off, JSON_DISABLE_EOF_CHECK | JSON_DECODE_ANY, &err);
		if (!v) {
			collect_reject(name, line + (unsigned long)(err.line > 1 ? err.line - 1 : 0),
				       "invalid JSON: %s at column %d", nhi_json_error_text(&err), err.column);
			break;
		}
		snprintf(ptr, sizeof(ptr), "/%zu", json_array_size(vals));
		json_object_set_new(lines, ptr, json_pack("[I,I]", (json_int_t)line, (json_int_t)1));
		json_array_append_new(vals, v);
		off += err.position;
		while (off < len && strchr(" \t\r\n", buf[off]))
			off++;
	}
	if (json_array_size(vals) == 1) {
		take(name, NULL, json_array_get(vals, 0), "", 0);
	} else {
		json_array_foreach(vals, k, v) {
			snprintf(ptr, sizeof(ptr), "/%zu", k);
			take(name, lines, v, ptr, 0);
		}
	}
	json_decref(vals);
	json_decref(lines);
}

static void read_file(const char *name, const char *buf, size_t len, void *ctx)
{
	size_t i = 0;
	json_t *docs, *lines = NULL, *d;

	(void)ctx;
	if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3))
		i = 3;
	while (i < len && strchr(" \t\r\n", buf[i]))
		i++;
	if (i < len && (buf[i] == '{' || buf[i] == '[')) {
		read_json(name, buf, len, i);
		return;
	}
	docs = collect_parse_yaml(name, buf, len, &lines);
	if (!docs)
		return;
	json_array_foreach(docs, i, d) {
		char ptr[32];

		snprintf(ptr, sizeof(ptr), "/%zu", i);
		take(name, lines, d, ptr, 0);
	}
	json_decref(docs);
	json_decref(lines);
}

/* Output pass. */

static void copy_map(json_t *rec, const char *key, const json_t *m, int annotations)
{
	json_t *out = json_object(), *v;
	const char *k;

	json_object_foreach((json_t *)m, k, v) {
		/* kubectl apply keeps the whole last object here, data too. */
		if (annotations && !strcmp(k, "kubectl.kubernetes.io/last-applied-configuration"))
			continue;
		if (json_is_string(v))
			json_object_set(out, k, v);
	}
	if (json_object_size(out))
		json_object_set_new(rec, key, out);
	else
		json_decref(out);
}

static void do_sa(const struct obj *b)
{
	const json_t *o = b->o;
	const char *name = str(o, "metadata.name"), *ns = ns_of(o);
	json_t *rec, *ann = nhi_get_path(o, "metadata.annotations");
	char *id;

	if (!name) {
		collect_reject(b->file, line_at(b, NULL), "ServiceAccount without metadata.name");
		return;
	}
	id = sa_id(ns, name);
	rec = nhi_record_new("identity");
	nhi_set_str(rec, "id", id);
	nhi_set_str(rec, "system", "k8s");
	nhi_set_str(rec, "type", "k8s_service_account");
	nhi_set_str(rec, "name", name);
	nhi_set_str(rec, "namespace", ns);
	nhi_set_str(rec, "cluster", cluster);
	if (str(o, "metadata.creationTimestamp"))
		nhi_set_str(rec, "created", nhi_time_normalize(str(o, "metadata.creationTimestamp")));
	copy_map(rec, "tags", nhi_get_path(o, "metadata.labels"), 0);
	copy_map(rec, "annotations", ann, 1);
	if (json_is_boolean(json_object_get(o, "automountServiceAccountToken")))
		nhi_set_bool(rec, "automount_token",
			     json_is_true(json_object_get(o, "automountServiceAccountToken")));
	set_source(rec, b, NULL);
	nhi_emit_steal(rec);
	for (size_t i = 0; i < ARRAY_SIZE(federations); i++) {
		const char *v = json_string_value(json_object_get(ann, federations[i].annotation));
		struct nhi_buf t = NHI_BUF_INIT;

		if (!v || !*v)
			continue;
		nhi_buf_addf(&t, "%s%s", federations[i].prefix, v);
		rec = nhi_record_new("trust");
		nhi_set_str(rec, "identity", id);
		nhi_set_str(rec, "target", t.buf);
		nhi_set_str(rec, "mechanism", federations[i].mechanism);
		set_source(rec, b, "/metadata/annotations");
		nhi_emit_steal(rec);
		nhi_buf_release(&t);
	}
	free(id);
}

static void do_binding(const struct obj *b, int cluster_wide)
{
	const json_t *o = b->o;
	const char *ns = ns_of(o), *rk = str(o, "roleRef.kind"), *rn = str(o, "roleRef.name");
	struct nhi_buf via = NHI_BUF_INIT, key = NHI_BUF_INIT;
	json_t *subj, *rules;
	size_t i;

	if (!rk || !rn || (strcmp(rk, "Role") && strcmp(rk, "ClusterRole"))) {
		collect_reject(b->file, line_at(b, NULL), "%s %s: no usable roleRef",
			       str(o, "kind"), str(o, "metadata.name") ? str(o, "metadata.name") : "(unnamed)");
		return;
	}
	if (!strcmp(rk, "Role"))
		nhi_buf_addf(&key, "Role/%s/%s", ns, rn);
	else
		nhi_buf_addf(&key, "ClusterRole/%s", rn);
	nhi_buf_addf(&via, "k8s:%s", key.buf);
	rules = json_object_get(roles, key.buf);
	json_array_foreach(json_object_get(o, "subjects"), i, subj) {
		const char *sk = str(subj, "kind"), *sn = str(subj, "name");
		struct nhi_buf id = NHI_BUF_INIT, p = NHI_BUF_INIT;
		json_t *rec;

		if (!sk || !sn) {
			collect_reject(b->file, line_at(b, NULL), "%s %s: subject %zu has no kind or name",
				       str(o, "kind"), str(o, "metadata.name") ? str(o, "metadata.name") : "(unnamed)", i);
			continue;
		}
		if (!strcmp(sk, "ServiceAccount"))
			nhi_buf_addf(&id, "k8s:%s/sa/%s/%s", cluster,
				     str(subj, "namespace") ? str(subj, "namespace") : ns, sn);
		else if (!strcmp(sk, "User"))
			nhi_buf_addf(&id, "k8s:%s/user/%s", cluster, sn);
		else if (!strcmp(sk, "Group"))
			nhi_buf_addf(&id, "k8s:%s/group/%s", cluster, sn);
		else {
			collect_unknown("k8s", sk);
			continue;
		}
		rec = nhi_record_new("policy");
		nhi_set_str(rec, "identity", id.buf);
		nhi_set_str(rec, "via", via.buf);
		/* A RoleBinding grants even a ClusterRole in its namespace only. */
		if (!cluster_wide)
			nhi_set_str(rec, "namespace", ns);
		if (rules)
			json_object_set_new(rec, "document", json_pack("{s:O}", "rules", rules));
		nhi_buf_addf(&p, "/subjects/%zu", i);
		set_source(rec, b, p.buf);
		nhi_emit_steal(rec);
		nhi_buf_release(&id);
		nhi_buf_release(&p);
	}
	nhi_buf_release(&via);
	nhi_buf_release(&key);
}

/* A workload being built: its uses and which secret volumes they name. */
struct wl {
	const struct obj *b;
	const char *ns;
	json_t *pod;   /* the pod spec */
	char *podptr;  /* its pointer suffix, for lines */
	json_t *uses;
	json_t *claimed; /* volume names a credentials file use accounts for */
};

static void add_use(struct wl *w, const char *ref, const char *name,
		    struct collect_cred *c, const char *via, const char *suffix)
{
	json_t *u = json_object();
	unsigned long line = line_at(w->b, suffix);

	nhi_set_str(u, "ref", ref);
	nhi_set_str(u, "name", name);
	nhi_set_str(u, "credential_type", c->type);
	nhi_set_str(u, "provider", c->provider);
	nhi_set_bool(u, "static", 1);
	nhi_set_str(u, "via", via);
	if (line)
		nhi_set_int(u, "line", (long long)line);
	nhi_set_str(u, "migratable_to", c->migratable_to);
	json_array_append_new(w->uses, u);
}

/* known_key: what reading the Secret itself said about one of its keys;
 * it refines a use whose name says nothing. */
static void refine(struct wl *w, const char *secret, const char *key,
		   struct collect_cred *c)
{
	struct nhi_buf id = NHI_BUF_INIT;
	json_t *k;

	if (!strcmp(c->type, "unknown")) {
		/* The key's own name may say it: awsAccessKey, password. */
		collect_cred_kind(key, c);
	}
	nhi_buf_addf(&id, "%s/%s", w->ns, secret);
	k = json_object_get(json_object_get(secrets, id.buf), key);
	nhi_buf_release(&id);
	if (!k || strcmp(c->type, "unknown") || !str(k, "provider"))
		return;
	c->type = str(k, "credential_type");
	c->provider = str(k, "provider");
	collect_cred_migration(c);
}

static void secret_ref(struct nhi_buf *b, const char *ns, const char *name, const char *key)
{
	nhi_buf_reset(b);
	nhi_buf_addf(b, "secret:%s/%s", ns, name);
	if (key)
		nhi_buf_addf(b, "#%s", key);
}

/* in_secret: the Secret and key a file path in container c comes from, when
 * a secret volume is mounted over it. */
static int in_secret(struct wl *w, const json_t *c, const char *path,
		     const char **secret, char **key, const char **vol)
{
	json_t *m, *v;
	size_t i, j;

	json_array_foreach(json_object_get(c, "volumeMounts"), i, m) {
		const char *mp = str(m, "mountPath"), *vn = str(m, "name"), *sub = str(m, "subPath");
		size_t n;
		const char *rest;

		if (!mp || !vn)
			continue;
		n = strlen(mp);
		while (n > 1 && mp[n - 1] == '/')
			n--;
		if (strncmp(path, mp, n))
			continue;
		rest = path + n;
		if (sub && *rest == '\0')
			rest = sub;
		else if (*rest == '/')
			rest++;
		else
			continue;
		json_array_foreach(json_object_get(w->pod, "volumes"), j, v) {
			const char *sn = str(v, "secret.secretName");
			json_t *items = nhi_get_path(v, "secret.items"), *it;
			size_t k;

			if (!sn || !str(v, "name") || strcmp(str(v, "name"), vn))
				continue;
			*secret = sn;
			*vol = vn;
			*key = xstrdup(rest);
			json_array_foreach(items, k, it) {
				if (str(it, "path") && str(it, "key") && !strcmp(str(it, "path"), rest)) {
					free(*key);
					*key = xstrdup(str(it, "key"));
				}
			}
			return 1;
		}
	}
	return 0;
}

/* cred_file: GOOGLE_APPLICATION_CREDENTIALS, --credentials-file and the like
 * name a file; when a secret volume holds it, that Secret is the key. */
static void cred_file(struct wl *w, const json_t *c, const char *path,
		      const char *name, const char *via, const char *kind,
		      const char *suffix)
{
	const char *secret = NULL, *vol = NULL;
	char *key = NULL;
	struct collect_cred cr;
	struct nhi_buf ref = NHI_BUF_INIT;

	if (!in_secret(w, c, path, &secret, &key, &vol))
		return;
	collect_cred_kind(kind, &cr);
	secret_ref(&ref, w->ns, secret, key);
	add_use(w, ref.buf, name, &cr, via, suffix);
	json_object_set_new(w->claimed, vol, json_true());
	nhi_buf_release(&ref);
	free(key);
}

static const char *const cred_flags[] = {
	"--credentials-file", "-credential_file", "--credential-file",
	"--google-application-credentials", "--service-account-key-file",
};

static void container(struct wl *w, const json_t *c, const char *cptr)
{
	json_t *e;
	size_t i;
	struct nhi_buf ref = NHI_BUF_INIT, p = NHI_BUF_INIT;

	json_array_foreach(json_object_get(c, "env"), i, e) {
		const char *name = str(e, "name"), *val = str(e, "value");
		const char *sn = str(e, "valueFrom.secretKeyRef.name");
		const char *sk = str(e, "valueFrom.secretKeyRef.key");
		struct collect_cred cr;

		if (!name)
			continue;
		nhi_buf_reset(&p);
		nhi_buf_addf(&p, "%s/env/%zu", cptr, i);
		collect_cred_kind(name, &cr);
		if (sn) {
			secret_ref(&ref, w->ns, sn, sk);
			if (sk)
				refine(w, sn, sk, &cr);
			add_use(w, ref.buf, name, &cr, "env", p.buf);
		} else if (val && (!strcmp(cr.type, "gcp_sa_key") || !strcmp(name, "AWS_SHARED_CREDENTIALS_FILE"))) {
			/* A path to a key file, not the key. */
			cred_file(w, c, val, name, "credentials_file",
				  !strcmp(cr.type, "gcp_sa_key") ? name : "AWS_ACCESS_KEY_ID", p.buf);
		} else if (val && *val && strcmp(cr.type, "unknown")) {
			/* A credential written into the manifest itself. */
			struct collect_secret_item it = { name, val, strlen(val) };
			struct collect_secret_hit *hits, fb;
			size_t nh;

			nhi_buf_reset(&ref);
			nhi_buf_addf(&ref, "env:%s", name);
			add_use(w, ref.buf, name, &cr, "env", p.buf);
			nh = collect_secret_scan(&it, 1, 1, &hits);
			if (!nh) {
				/* Its name says credential even where no rule does. */
				memset(&fb, 0, sizeof(fb));
				fb.rule = "generic_secret";
				fb.provider = cr.provider;
				fb.type = cr.type;
				fb.confidence = "low";
				nhi_fingerprint(val, strlen(val), fb.fingerprint);
			}
			for (size_t h = 0; h < (nh ? nh : 1); h++)
				nhi_emit_steal(sighting_of(w->b, nh ? &hits[h] : &fb, p.buf, NULL));
			free(hits);
		}
	}
	json_array_foreach(json_object_get(c, "envFrom"), i, e) {
		const char *sn = str(e, "secretRef.name"), *prefix = str(e, "prefix");
		json_t *keys, *k;
		const char *key;
		struct nhi_buf id = NHI_BUF_INIT;

		if (!sn)
			continue;
		nhi_buf_reset(&p);
		nhi_buf_addf(&p, "%s/envFrom/%zu", cptr, i);
		nhi_buf_addf(&id, "%s/%s", w->ns, sn);
		keys = json_object_get(secrets, id.buf);
		nhi_buf_release(&id);
		if (!json_object_size(keys)) {
			struct collect_cred cr = { "unknown", NULL, NULL };

			secret_ref(&ref, w->ns, sn, NULL);
			add_use(w, ref.buf, NULL, &cr, "env", p.buf);
			continue;
		}
		/* The Secret is in the input: each key is a variable. */
		json_object_foreach(keys, key, k) {
			struct collect_cred cr;
			struct nhi_buf var = NHI_BUF_INIT;

			nhi_buf_addf(&var, "%s%s", prefix ? prefix : "", key);
			collect_cred_kind(var.buf, &cr);
			refine(w, sn, key, &cr);
			secret_ref(&ref, w->ns, sn, key);
			add_use(w, ref.buf, var.buf, &cr, "env", p.buf);
			nhi_buf_release(&var);
		}
	}
	for (int pass = 0; pass < 2; pass++) {
		json_t *args = json_object_get(c, pass ? "args" : "command");

		json_array_foreach(args, i, e) {
			const char *a = json_string_value(e), *path = NULL;

			if (!a)
				continue;
			for (size_t f = 0; f < ARRAY_SIZE(cred_flags); f++) {
				size_t n = strlen(cred_flags[f]);

				if (strncmp(a, cred_flags[f], n))
					continue;
				if (a[n] == '=')
					path = a + n + 1;
				else if (a[n] == '\0')
					path = json_string_value(json_array_get(args, i + 1));
			}
			if (!path)
				continue;
			nhi_buf_reset(&p);
			nhi_buf_addf(&p, "%s/%s/%zu", cptr, pass ? "args" : "command", i);
			cred_file(w, c, path, NULL, "args", "GOOGLE_APPLICATION_CREDENTIALS", p.buf);
		}
	}
	nhi_buf_release(&ref);
	nhi_buf_release(&p);
}

static void add_identities(json_t *rec, const char *sa)
{
	json_t *ids = json_object_get(fedsa, sa);

	nhi_set_bool(rec, "oidc", ids != NULL);
	nhi_set_str(rec, "service_account", sa);
}

static json_t *workload_rec(const struct obj *b, const char *type)
{
	const json_t *o = b->o;
	struct nhi_buf id = NHI_BUF_INIT;
	json_t *rec = nhi_record_new("workload");

	nhi_buf_addf(&id, "k8s:%s/%s/%s/%s", cluster, ns_of(o), str(o, "kind"),
		     str(o, "metadata.name"));
	nhi_set_str(rec, "id", id.buf);
	nhi_set_str(rec, "system", "k8s");
	nhi_set_str(rec, "type", type);
	nhi_set_str(rec, "name", str(o, "metadata.name"));
	nhi_set_str(rec, "namespace", ns_of(o));
	nhi_buf_release(&id);
	return rec;
}

static void do_workload(const struct obj *b, const char *type, const char *podpath)
{
	const json_t *o = b->o;
	struct wl w = { b, ns_of(o), NULL, NULL, json_array(), json_object() };
	struct nhi_buf pp = NHI_BUF_INIT, sa = NHI_BUF_INIT, ref = NHI_BUF_INIT;
	const char *san, *lists[] = { "initContainers", "containers", "ephemeralContainers" };
	json_t *rec, *c, *v, *owners, *ids;
	size_t i;

	if (!str(o, "metadata.name")) {
		collect_reject(b->file, line_at(b, NULL), "%s without metadata.name", str(o, "kind"));
		goto out;
	}
	w.pod = podpath ? nhi_get_path(o, podpath) : json_object_get(o, "spec");
	if (!json_is_object(w.pod)) {
		collect_reject(b->file, line_at(b, NULL), "%s %s/%s has no pod template",
			       str(o, "kind"), w.ns, str(o, "metadata.name"));
		goto out;
	}
	nhi_buf_adds(&pp, "/");
	for (const char *s = podpath ? podpath : "spec"; *s; s++)
		nhi_buf_addch(&pp, *s == '.' ? '/' : *s);
	for (size_t l = 0; l < ARRAY_SIZE(lists); l++) {
		json_array_foreach(json_object_get(w.pod, lists[l]), i, c) {
			struct nhi_buf cp = NHI_BUF_INIT;

			nhi_buf_addf(&cp, "%s/%s/%zu", pp.buf, lists[l], i);
			container(&w, c, cp.buf);
			nhi_buf_release(&cp);
		}
	}
	json_array_foreach(json_object_get(w.pod, "volumes"), i, v) {
		const char *sn = str(v, "secret.secretName"), *vn = str(v, "name");
		json_t *src;
		size_t j;
		struct collect_cred cr = { "unknown", NULL, NULL };
		struct nhi_buf p = NHI_BUF_INIT;

		nhi_buf_addf(&p, "%s/volumes/%zu", pp.buf, i);
		if (sn && !(vn && json_object_get(w.claimed, vn))) {
			secret_ref(&ref, w.ns, sn, NULL);
			add_use(&w, ref.buf, vn, &cr, "volume", p.buf);
		}
		json_array_foreach(nhi_get_path(v, "projected.sources"), j, src) {
			if (!str(src, "secret.name"))
				continue;
			secret_ref(&ref, w.ns, str(src, "secret.name"), NULL);
			add_use(&w, ref.buf, vn, &cr, "volume", p.buf);
		}
		nhi_buf_release(&p);
	}
	json_array_foreach(json_object_get(w.pod, "imagePullSecrets"), i, v) {
		struct collect_cred cr = { "registry_token", NULL, NULL };
		struct nhi_buf p = NHI_BUF_INIT;

		if (!str(v, "name"))
			continue;
		nhi_buf_addf(&p, "%s/imagePullSecrets/%zu", pp.buf, i);
		secret_ref(&ref, w.ns, str(v, "name"), NULL);
		add_use(&w, ref.buf, NULL, &cr, "header", p.buf);
		nhi_buf_release(&p);
	}
	rec = workload_rec(b, type);
	san = str(w.pod, "serviceAccountName");
	if (!san)
		san = str(w.pod, "serviceAccount");
	nhi_buf_addf(&sa, "k8s:%s/sa/%s/%s", cluster, w.ns, san ? san : "default");
	add_identities(rec, sa.buf);
	owners = json_object_get(o, "metadata") ? nhi_get_path(o, "metadata.ownerReferences") : NULL;
	json_array_foreach(owners, i, v) {
		if (json_is_true(json_object_get(v, "controller")) && str(v, "kind") && str(v, "name")) {
			struct nhi_buf ow = NHI_BUF_INIT;

			nhi_buf_addf(&ow, "k8s:%s/%s/%s/%s", cluster, w.ns, str(v, "kind"), str(v, "name"));
			nhi_set_str(rec, "owner", ow.buf);
			nhi_buf_release(&ow);
		}
	}
	json_object_set(rec, "uses", w.uses);
	ids = json_object_get(fedsa, sa.buf);
	if (ids)
		json_object_set(rec, "identities", ids);
	set_source(rec, b, NULL);
	nhi_emit_steal(rec);
out:
	json_decref(w.uses);
	json_decref(w.claimed);
	nhi_buf_release(&pp);
	nhi_buf_release(&sa);
	nhi_buf_release(&ref);
}

/* External Secrets Operator stores: the operator's own credential. */
static void do_store(const struct obj *b)
{
	const json_t *o = b->o;
	json_t *prov = nhi_get_path(o, "spec.provider"), *p, *rec, *uses = json_array();
	json_t *ids = json_array();
	const char *pname;
	struct wl w = { b, ns_of(o), NULL, NULL, uses, NULL };
	static const struct {
		const char *provider, *path, *kind;
	} refs[] = {
		{ "gcpsm", "auth.secretRef.secretAccessKeySecretRef", "GOOGLE_CREDENTIALS" },
		{ "aws", "auth.secretRef.accessKeyIDSecretRef", "AWS_ACCESS_KEY_ID" },
		{ "aws", "auth.secretRef.secretAccessKeySecretRef", "AWS_SECRET_ACCESS_KEY" },
		{ "aws", "auth.secretRef.sessionTokenSecretRef", "AWS_SESSION_TOKEN" },
		{ "azurekv", "authSecretRef.clientId", "AZURE_CLIENT_ID" },
		{ "azurekv", "authSecretRef.clientSecret", "AZURE_CLIENT_SECRET" },
		{ "vault", "auth.tokenSecretRef", "VAULT_TOKEN" },
		{ "vault", "auth.appRole.secretRef", "VAULT_SECRET_ID" },
	};
	static const struct {
		const char *provider, *path;
	} fed[] = {
		{ "gcpsm", "auth.workloadIdentity.serviceAccountRef" },
		{ "aws", "auth.jwt.serviceAccountRef" },
		{ "azurekv", "serviceAccountRef" },
		{ "vault", "auth.kubernetes.serviceAccountRef" },
	};

	if (!str(o, "metadata.name")) {
		collect_reject(b->file, line_at(b, NULL), "%s without metadata.name", str(o, "kind"));
		goto out;
	}
	json_object_foreach(prov, pname, p) {
		for (size_t i = 0; i < ARRAY_SIZE(refs); i++) {
			json_t *r;
			struct collect_cred cr;
			struct nhi_buf ref = NHI_BUF_INIT, sp = NHI_BUF_INIT;

			if (strcmp(pname, refs[i].provider))
				continue;
			r = nhi_get_path(p, refs[i].path);
			if (!str(r, "name"))
				continue;
			collect_cred_kind(refs[i].kind, &cr);
			if (!strcmp(refs[i].kind, "AZURE_CLIENT_ID"))
				cr.type = "unknown";
			if (!strcmp(refs[i].kind, "AWS_SESSION_TOKEN"))
				cr.migratable_to = NULL;
			nhi_buf_addf(&ref, "secret:%s/%s", str(r, "namespace") ? str(r, "namespace") : w.ns,
				     str(r, "name"));
			if (str(r, "key"))
				nhi_buf_addf(&ref, "#%s", str(r, "key"));
			nhi_buf_addf(&sp, "/spec/provider/%s/", pname);
			for (const char *s = refs[i].path; *s; s++)
				nhi_buf_addch(&sp, *s == '.' ? '/' : *s);
			add_use(&w, ref.buf, NULL, &cr, "credentials_file", sp.buf);
			nhi_buf_release(&ref);
			nhi_buf_release(&sp);
		}
		for (size_t i = 0; i < ARRAY_SIZE(fed); i++) {
			json_t *r;
			struct nhi_buf id = NHI_BUF_INIT;

			if (strcmp(pname, fed[i].provider))
				continue;
			r = nhi_get_path(p, fed[i].path);
			if (!str(r, "name"))
				continue;
			nhi_buf_addf(&id, "k8s:%s/sa/%s/%s", cluster,
				     str(r, "namespace") ? str(r, "namespace") : w.ns, str(r, "name"));
			json_array_append_new(ids, json_pack("{s:s,s:s,s:b}", "ref", id.buf,
							     "via", "service_account", "federated", 1));
			nhi_buf_release(&id);
		}
	}
	rec = workload_rec(b, "k8s_secretstore");
	nhi_set_bool(rec, "oidc", json_array_size(ids) > 0);
	json_object_set(rec, "uses", uses);
	if (json_array_size(ids))
		json_object_set(rec, "identities", ids);
	set_source(rec, b, NULL);
	nhi_emit_steal(rec);
out:
	json_decref(uses);
	json_decref(ids);
}

static void emit_obj(const struct obj *b)
{
	static const struct {
		const char *kind, *type, *podpath;
	} wk[] = {
		{ "Pod", "k8s_pod", NULL },
		{ "Deployment", "k8s_deployment", "spec.template.spec" },
		{ "StatefulSet", "k8s_statefulset", "spec.template.spec" },
		{ "DaemonSet", "k8s_daemonset", "spec.template.spec" },
		{ "ReplicaSet", "k8s_replicaset", "spec.template.spec" },
		{ "Job", "k8s_job", "spec.template.spec" },
		{ "CronJob", "k8s_cronjob", "spec.jobTemplate.spec.template.spec" },
	};
	const char *kind, *api;
	size_t i;
	json_t *r;

	json_array_foreach(b->out, i, r)
		nhi_emit(r);
	if (!b->o)
		return;
	kind = str(b->o, "kind");
	api = str(b->o, "apiVersion") ? str(b->o, "apiVersion") : "";
	if (!strcmp(kind, "ServiceAccount"))
		do_sa(b);
	else if (!strcmp(kind, "RoleBinding"))
		do_binding(b, 0);
	else if (!strcmp(kind, "ClusterRoleBinding"))
		do_binding(b, 1);
	else if (!strcmp(kind, "Role") || !strcmp(kind, "ClusterRole"))
		; /* read with the bindings that name them */
	else if ((!strcmp(kind, "SecretStore") || !strcmp(kind, "ClusterSecretStore")) &&
		 !strncmp(api, "external-secrets.io/", 20))
		do_store(b);
	else {
		for (i = 0; i < ARRAY_SIZE(wk); i++) {
			if (!strcmp(kind, wk[i].kind)) {
				do_workload(b, wk[i].type, wk[i].podpath);
				return;
			}
		}
		collect_unknown("k8s", kind);
	}
}

/* k8s_begin, read_file for each input, k8s_end: the whole source, also
 * what tests/fuzz/yaml-k8s.c drives. */
static void k8s_begin(void)
{
	roles = json_object();
	fedsa = json_object();
	secrets = json_object();
}

static void k8s_end(void)
{
	for (size_t i = 0; i < nobjs; i++) {
		emit_obj(&objs[i]);
		json_decref(objs[i].o);
		json_decref(objs[i].out);
		json_decref(objs[i].lines);
		free(objs[i].file);
		free(objs[i].ptr);
	}
	free(objs);
	objs = NULL;
	nobjs = aobjs = 0;
	json_decref(roles);
	json_decref(fedsa);
	json_decref(secrets);
}

/* --live: the same objects from the API server, a List page at a time,
 * each page read as if it were a file named by its URL path. */

static const struct {
	const char *path;
	/* 1: a CRD the API may not have (a 404 is nothing to list); 2: the
	 * same at an older version, asked only when the one before was not. */
	int crd;
} live_lists[] = {
	{ "/api/v1/serviceaccounts", 0 },
	{ "/api/v1/secrets", 0 },
	{ "/apis/rbac.authorization.k8s.io/v1/roles", 0 },
	{ "/apis/rbac.authorization.k8s.io/v1/clusterroles", 0 },
	{ "/apis/rbac.authorization.k8s.io/v1/rolebindings", 0 },
	{ "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", 0 },
	{ "/api/v1/pods", 0 },
	{ "/apis/apps/v1/deployments", 0 },
	{ "/apis/apps/v1/statefulsets", 0 },
	{ "/apis/apps/v1/daemonsets", 0 },
	{ "/apis/batch/v1/jobs", 0 },
	{ "/apis/batch/v1/cronjobs", 0 },
	{ "/apis/external-secrets.io/v1/secretstores", 1 },
	{ "/apis/external-secrets.io/v1beta1/secretstores", 2 },
	{ "/apis/external-secrets.io/v1/clustersecretstores", 1 },
	{ "/apis/external-secrets.io/v1beta1/clustersecretstores", 2 },
};
#define K8S_PAGE "?limit=500"

struct live_state {
	const char *base; /* the API server's URL */
	const char *path; /* the List's path */
	long pages;
};

static void live_page(json_t *doc, const char *path, void *arg)
{
	struct live_state *st = arg;

	st->pages++;
	take(path, NULL, doc, "", 0);
}

/* live_next: the List's continue token asks for the rest. */
static char *live_next(const char *url, const char *body, const struct nhi_http_response *resp,
		       const json_t *doc, char **next_body, void *arg)
{
	struct live_state *st = arg;
	const char *tok = str(doc, "metadata.continue");
	struct nhi_buf b = NHI_BUF_INIT;

	(void)url;
	(void)body;
	(void)resp;
	(void)next_body;
	if (!tok || !*tok)
		return NULL;
	nhi_buf_addf(&b, "%s%s" K8S_PAGE "&continue=", st->base, st->path);
	for (const unsigned char *p = (const unsigned char *)tok; *p; p++) {
		if (strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~", *p))
			nhi_buf_addch(&b, (char)*p);
		else
			nhi_buf_addf(&b, "%%%02X", *p);
	}
	return nhi_buf_detach(&b, NULL);
}

static void live_run(void)
{
	const char *base = json_string_value(nhi_config_get("api.k8s"));
	const char *ca = json_string_value(nhi_config_get("api.k8s_ca"));
	struct nhi_buf auth = NHI_BUF_INIT, url = NHI_BUF_INIT;
	const char *headers[3];
	struct saas_fetch f = { 0 };
	struct live_state st = { 0 };
	char *token;
	size_t n;

	if (!base)
		nhi_die(NHI_EXIT_USAGE, "k8s --live needs api.k8s in nhi.yaml");
	token = nhi_secret_env("KUBE_TOKEN");
	if (!token)
		nhi_die(NHI_EXIT_USAGE, "k8s --live needs a token in KUBE_TOKEN or KUBE_TOKEN_FILE");
	nhi_buf_addf(&auth, "Authorization: Bearer %s", token);
	nhi_secret_free(token);
	n = strlen(base);
	while (n && base[n - 1] == '/')
		n--;
	st.base = xstrndup(base, n);
	headers[0] = "Accept: application/json";
	headers[1] = auth.buf;
	headers[2] = NULL;
	f.headers = headers;
	f.ca_file = ca;
	f.page = live_page;
	f.next = live_next;
	f.arg = &st;
	for (size_t i = 0; i < ARRAY_SIZE(live_lists); i++) {
		if (live_lists[i].crd == 2 && st.pages)
			continue;
		st.pages = 0;
		st.path = live_lists[i].path;
		f.label = strrchr(st.path, '/') + 1;
		f.missing_ok = live_lists[i].crd;
		nhi_buf_reset(&url);
		nhi_buf_addf(&url, "%s%s" K8S_PAGE, st.base, st.path);
		saas_fetch(&f, url.buf, NULL);
	}
	memset(auth.buf, 0, auth.len);
	nhi_buf_release(&auth);
	nhi_buf_release(&url);
	free((char *)st.base);
}

static void usage(int status)
{
	FILE *f = status ? stderr : stdout;

	fprintf(f, "usage: nhi-collect k8s [--cluster NAME] [OPTION...] [FILE...]\n"
		   "       nhi-collect k8s --live [--cluster NAME] [OPTION...]\n\n"
		   "Options:\n"
		   "      --cluster NAME    the cluster's name in ids (default: default)\n"
		   "      --live            list the objects from the API server (api.k8s, KUBE_TOKEN)\n"
		   NHI_COMMON_USAGE);
	if (status)
		exit(status);
}

int collect_k8s(int argc, char **argv)
{
	enum { OPT_CLUSTER = NHI_OPT_PROGRAM, OPT_LIVE };
	static const struct option longopts[] = {
		NHI_COMMON_LONGOPTS,
		{ "cluster", required_argument, NULL, OPT_CLUSTER },
		{ "live", no_argument, NULL, OPT_LIVE },
		{ 0 }
	};
	int c, live = 0;

	while ((c = getopt_long(argc, argv, NHI_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		if (c == OPT_LIVE) {
			live = 1;
		} else if (c == OPT_CLUSTER) {
			if (!*optarg || strchr(optarg, '/'))
				nhi_usage_error(usage, "--cluster: not a name: '%s'", optarg);
			cluster = optarg;
		} else {
			nhi_common_option(c, optarg, argv, usage);
		}
	}
	if (live && optind < argc)
		nhi_usage_error(usage, "--live reads no files");
	nhi_common_start();
	k8s_begin();
	if (live)
		live_run();
	else
		collect_manifests(argc - optind, argv + optind, read_file, NULL);
	k8s_end();
	return 0;
}
