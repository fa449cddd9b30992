/* vault.c: Vault tokens (lookup answers and accessor listings), AppRoles
 * and their secret-ids, login answers, and audit-device log lines. A token
 * is known by its accessor; the token itself ("id", "client_token") is
 * never read out. Audit lines carry accessors HMAC'd under the audit
 * device's key: they are joined to tokens through that hash (vault write
 * sys/audit-hash/PATH input=ACCESSOR), never by value. */
#include "compat.h"

#include <stdio.h>
#include <string.h>

#include "record.h"
#include "collect.h"
#include "saas.h"
#include "banned.h"

static void policies(struct saas_ctx *c, const char *ident, const json_t *list)
{
	json_t *p;
	size_t i;

	json_array_foreach(list, i, p) {
		char via[256];
		json_t *r;

		if (!json_is_string(p))
			continue;
		r = saas_record(c, "policy", NULL, -1);
		snprintf(via, sizeof(via), "vault:policy/%s", json_string_value(p));
		nhi_set_str(r, "identity", ident);
		nhi_set_str(r, "via", via);
		json_object_set_new(r, "document", json_pack("{s:O}", "policy", p));
		saas_emit(r);
	}
}

static int is_token(const json_t *doc)
{
	const json_t *d = json_object_get(doc, "data");

	return nhi_get_str(d, "accessor") && json_object_get(d, "policies");
}

static void token(const json_t *doc, struct saas_ctx *c)
{
	const json_t *d = json_object_get(doc, "data");
	char id[256];
	json_t *r = saas_record(c, "identity", NULL, -1), *cr;
	json_int_t ttl = json_integer_value(json_object_get(d, "ttl"));

	snprintf(id, sizeof(id), "vault:token/%s", nhi_get_str(d, "accessor"));
	nhi_set_str(r, "id", id);
	nhi_set_str(r, "system", "vault");
	nhi_set_str(r, "type", "vault_token");
	nhi_set_str(r, "name", nhi_get_str(d, "display_name"));
	nhi_set_str(r, "auth_path", nhi_get_str(d, "path"));
	nhi_set_str(r, "entity_id", nhi_get_str(d, "entity_id"));
	saas_time(r, "created", d, "creation_time");
	nhi_set_bool(r, "orphan", json_is_true(json_object_get(d, "orphan")));
	saas_emit(r);
	cr = saas_record(c, "credential", NULL, -1);
	nhi_set_str(cr, "id", id);
	nhi_set_str(cr, "identity", id);
	nhi_set_str(cr, "type", "vault_token");
	nhi_set_str(cr, "key_id", nhi_get_str(d, "accessor"));
	/* A token with no TTL and no expiry lives until revoked. */
	nhi_set_bool(cr, "static", !ttl && !nhi_get_str(d, "expire_time"));
	saas_time(cr, "created", d, "creation_time");
	saas_time(cr, "expires", d, "expire_time");
	nhi_set_bool(cr, "renewable", json_is_true(json_object_get(d, "renewable")));
	saas_emit(cr);
	policies(c, id, json_object_get(d, "policies"));
	policies(c, id, json_object_get(d, "identity_policies"));
}

static int is_accessors(const json_t *doc)
{
	return json_is_array(nhi_get_path(doc, "data.keys"));
}

static void accessors(const json_t *doc, struct saas_ctx *c)
{
	json_t *k;
	size_t i;

	json_array_foreach(nhi_get_path(doc, "data.keys"), i, k) {
		char id[256];
		json_t *r;

		if (!json_is_string(k))
			continue;
		r = saas_record(c, "identity", "data/keys", (long)i);
		snprintf(id, sizeof(id), "vault:token/%s", json_string_value(k));
		nhi_set_str(r, "id", id);
		nhi_set_str(r, "system", "vault");
		nhi_set_str(r, "type", "vault_token");
		saas_emit(r);
	}
}

static int is_role(const json_t *doc)
{
	const json_t *d = json_object_get(doc, "data");

	return json_object_get(d, "bind_secret_id") && json_object_get(d, "token_ttl");
}

static void role(const json_t *doc, struct saas_ctx *c)
{
	const json_t *d = json_object_get(doc, "data");
	char id[256];
	json_t *r;

	if (!c->name) {
		collect_reject(c->file, 0, "an AppRole role's answer does not name it: give --name ROLE");
		return;
	}
	r = saas_record(c, "identity", NULL, -1);
	snprintf(id, sizeof(id), "vault:approle/%s", c->name);
	nhi_set_str(r, "id", id);
	nhi_set_str(r, "system", "vault");
	nhi_set_str(r, "type", "vault_approle");
	nhi_set_str(r, "name", c->name);
	nhi_set_bool(r, "bind_secret_id", json_is_true(json_object_get(d, "bind_secret_id")));
	nhi_set_int(r, "secret_id_ttl", (long long)json_integer_value(json_object_get(d, "secret_id_ttl")));
	nhi_set_int(r, "token_ttl", (long long)json_integer_value(json_object_get(d, "token_ttl")));
	if (json_object_get(d, "secret_id_bound_cidrs") || json_object_get(d, "bound_cidr_list"))
		json_object_set(r, "bound_cidrs", json_object_get(d, "secret_id_bound_cidrs") ?
				json_object_get(d, "secret_id_bound_cidrs") : json_object_get(d, "bound_cidr_list"));
	saas_emit(r);
	policies(c, id, json_object_get(d, "policies") ? json_object_get(d, "policies") :
		 json_object_get(d, "token_policies"));
}

static int is_secret_id(const json_t *doc)
{
	return nhi_get_path_str(doc, "data.secret_id_accessor") != NULL;
}

static void secret_id(const json_t *doc, struct saas_ctx *c)
{
	const json_t *d = json_object_get(doc, "data");
	char id[256], ident[256];
	json_t *r = saas_record(c, "credential", NULL, -1);

	snprintf(id, sizeof(id), "vault:secret_id/%s", nhi_get_str(d, "secret_id_accessor"));
	snprintf(ident, sizeof(ident), "vault:approle/%s", c->name ? c->name : "unknown");
	nhi_set_str(r, "id", id);
	nhi_set_str(r, "identity", ident);
	nhi_set_str(r, "type", "vault_secret_id");
	nhi_set_str(r, "key_id", nhi_get_str(d, "secret_id_accessor"));
	/* secret_id_ttl 0 and no expiration: it never expires. */
	nhi_set_bool(r, "static", !json_integer_value(json_object_get(d, "secret_id_ttl")));
	saas_time(r, "created", d, "creation_time");
	saas_time(r, "expires", d, "expiration_time");
	nhi_set_int(r, "uses_left", (long long)json_integer_value(json_object_get(d, "secret_id_num_uses")));
	saas_emit(r);
}

static int is_login(const json_t *doc)
{
	return nhi_get_path_str(doc, "auth.accessor") && !json_object_get(doc, "type");
}

static void login(const json_t *doc, struct saas_ctx *c)
{
	const json_t *a = json_object_get(doc, "auth");
	const char *role_name = nhi_get_path_str(a, "metadata.role_name");
	char id[256];
	json_t *r = saas_record(c, "identity", NULL, -1);

	snprintf(id, sizeof(id), "vault:token/%s", nhi_get_str(a, "accessor"));
	nhi_set_str(r, "id", id);
	nhi_set_str(r, "system", "vault");
	nhi_set_str(r, "type", "vault_token");
	if (role_name) {
		char parent[256];

		snprintf(parent, sizeof(parent), "vault:approle/%s", role_name);
		nhi_set_str(r, "issued_to", parent);
	}
	saas_emit(r);
	policies(c, id, json_object_get(a, "policies"));
}

static int is_audit_line(const json_t *o)
{
	const char *t = nhi_get_str(o, "type");

	return t && (!strcmp(t, "request") || !strcmp(t, "response")) && json_object_get(o, "request");
}

static int is_audit(const json_t *doc)
{
	return is_audit_line(doc) || is_audit_line(saas_first(doc, NULL));
}

static void audit_one(const json_t *e, struct saas_ctx *c, long i)
{
	const char *acc = nhi_get_path_str(e, "auth.accessor"), *err = nhi_get_str(e, "error");
	char id[256], action[512];
	json_t *r;

	/* Responses repeat their request; one event a call. */
	if (strcmp(nhi_get_str(e, "type"), "request"))
		return;
	r = saas_record(c, "event", NULL, i);
	if (acc)
		snprintf(id, sizeof(id), "vault:audit-accessor/%s", acc);
	else
		snprintf(id, sizeof(id), "vault:unauthenticated");
	snprintf(action, sizeof(action), "vault:%s", nhi_get_path_str(e, "request.operation"));
	nhi_set_str(r, "identity", id);
	saas_time(r, "time", e, "time");
	nhi_set_str(r, "action", action);
	nhi_set_str(r, "resource", nhi_get_path_str(e, "request.path"));
	nhi_set_str(r, "outcome", !err ? "allowed" : strstr(err, "permission denied") ? "denied" : "failed");
	nhi_set_str(r, "source_ip", nhi_get_path_str(e, "request.remote_address"));
	nhi_set_str(r, "name", nhi_get_path_str(e, "auth.display_name"));
	saas_emit(r);
}

static void audit(const json_t *doc, struct saas_ctx *c)
{
	json_t *it;
	size_t i;

	if (is_audit_line(doc)) {
		audit_one(doc, c, -1);
		return;
	}
	json_array_foreach(saas_items(doc, NULL), i, it)
		if (is_audit_line(it))
			audit_one(it, c, (long)i);
}

static const struct saas_shape shapes[] = {
	{ "audit-log", is_audit, audit, NULL, NULL },
	{ "token", is_token, token, "/v1/auth/token/lookup-self", NULL },
	{ "accessors", is_accessors, accessors, "/v1/auth/token/accessors?list=true", NULL },
	{ "approle-role", is_role, role, "/v1/auth/approle/role/{name}", "name" },
	{ "secret-id", is_secret_id, secret_id, NULL, NULL },
	{ "login", is_login, login, NULL, NULL },
};

static const struct saas_system vault = {
	"vault", shapes, ARRAY_SIZE(shapes), NULL, "VAULT_TOKEN", "X-Vault-Token: %s",
};

int collect_vault(int argc, char **argv)
{
	return saas_main(&vault, argc, argv);
}
