/* okta-api.c: Okta apps (OAuth service apps and their client credentials),
 * client secrets (never their value), API tokens and System Log events. */
#include "compat.h"

#include <stdio.h>
#include <string.h>

#include "collect.h"
#include "record.h"
#include "saas.h"
#include "banned.h"

static int is_apps(const json_t *doc)
{
	const json_t *f = saas_first(doc, NULL);

	return nhi_get_str(f, "signOnMode") && nhi_get_str(f, "id") && json_object_get(f, "label");
}

static void apps(const json_t *doc, struct saas_ctx *c)
{
	json_t *it;
	size_t i;

	json_array_foreach(saas_items(doc, NULL), i, it) {
		const json_t *oc = nhi_get_path(it, "credentials.oauthClient");
		const json_t *grants = nhi_get_path(it, "settings.oauthClient.grant_types");
		const char *status = nhi_get_str(it, "status"), *auth = nhi_get_str(oc, "token_endpoint_auth_method");
		char id[256];
		json_t *r = saas_record(c, "identity", NULL, (long)i), *g, *cr;
		int service = 0;
		size_t k;

		json_array_foreach(grants, k, g)
			service |= json_is_string(g) && !strcmp(json_string_value(g), "client_credentials");
		snprintf(id, sizeof(id), "okta:app/%s", nhi_get_str(it, "id"));
		nhi_set_str(r, "id", id);
		nhi_set_str(r, "system", "okta");
		nhi_set_str(r, "type", service ? "okta_service_app" : "okta_app");
		nhi_set_str(r, "name", nhi_get_str(it, "label"));
		nhi_set_str(r, "app", nhi_get_str(it, "name"));
		nhi_set_str(r, "sign_on_mode", nhi_get_str(it, "signOnMode"));
		nhi_set_str(r, "status", status && !strcmp(status, "ACTIVE") ? "active" : "inactive");
		saas_time(r, "created", it, "created");
		saas_emit(r);
		if (!nhi_get_str(oc, "client_id"))
			continue;
		cr = saas_record(c, "credential", NULL, (long)i);
		nhi_set_str(cr, "id", id);
		nhi_set_str(cr, "identity", id);
		nhi_set_str(cr, "type", auth && !strcmp(auth, "private_key_jwt") ? "okta_client_key" :
			    "okta_client_secret");
		nhi_set_str(cr, "key_id", nhi_get_str(oc, "client_id"));
		nhi_set_str(cr, "auth_method", auth);
		nhi_set_bool(cr, "static", !auth || strcmp(auth, "none"));
		saas_emit(cr);
	}
}

static int is_secrets(const json_t *doc)
{
	const json_t *f = saas_first(doc, NULL);

	return nhi_get_str(f, "secret_hash") && nhi_get_str(f, "id");
}

static void secrets(const json_t *doc, struct saas_ctx *c)
{
	json_t *it;
	size_t i;

	json_array_foreach(saas_items(doc, NULL), i, it) {
		/* The app is named in the secret's own links. */
		const char *href = nhi_get_path_str(it, "_links.delete.href"), *p;
		char app[128] = "", id[256], ident[256];
		json_t *r = saas_record(c, "credential", NULL, (long)i);

		if (!href)
			href = nhi_get_path_str(it, "_links.deactivate.href");
		if (!href)
			href = nhi_get_path_str(it, "_links.activate.href");
		if (href && (p = strstr(href, "/apps/")))
			snprintf(app, sizeof(app), "%.*s", (int)strcspn(p + 6, "/"), p + 6);
		else if (c->name)
			snprintf(app, sizeof(app), "%s", c->name);
		snprintf(id, sizeof(id), "okta:secret/%s", nhi_get_str(it, "id"));
		snprintf(ident, sizeof(ident), "okta:app/%s", app[0] ? app : "unknown");
		nhi_set_str(r, "id", id);
		nhi_set_str(r, "identity", ident);
		nhi_set_str(r, "type", "okta_client_secret");
		nhi_set_str(r, "key_id", nhi_get_str(it, "id"));
		nhi_set_str(r, "okta_secret_hash", nhi_get_str(it, "secret_hash"));
		nhi_set_bool(r, "static", 1);
		nhi_set_str(r, "status", nhi_get_str(it, "status") && !strcmp(nhi_get_str(it, "status"), "ACTIVE") ?
			    "active" : "inactive");
		saas_time(r, "created", it, "created");
		saas_emit(r);
	}
}

static int is_tokens(const json_t *doc)
{
	const json_t *f = saas_first(doc, NULL);

	return nhi_get_str(f, "userId") && json_object_get(f, "tokenWindow");
}

static void tokens(const json_t *doc, struct saas_ctx *c)
{
	json_t *it;
	size_t i;

	json_array_foreach(saas_items(doc, NULL), i, it) {
		char id[256], who[256];
		json_t *r = saas_record(c, "identity", NULL, (long)i), *cr;

		snprintf(id, sizeof(id), "okta:token/%s", nhi_get_str(it, "id"));
		snprintf(who, sizeof(who), "okta:%s", nhi_get_str(it, "userId"));
		nhi_set_str(r, "id", id);
		nhi_set_str(r, "system", "okta");
		nhi_set_str(r, "type", "okta_api_token");
		nhi_set_str(r, "name", nhi_get_str(it, "name"));
		nhi_set_str(r, "owner", who);
		nhi_set_str(r, "token_window", nhi_get_str(it, "tokenWindow"));
		nhi_set_str(r, "network", nhi_get_path_str(it, "network.connection"));
		saas_time(r, "created", it, "created");
		saas_put(r);
		cr = saas_record(c, "credential", NULL, (long)i);
		nhi_set_str(cr, "id", id);
		nhi_set_str(cr, "identity", id);
		nhi_set_str(cr, "type", "okta_api_token");
		nhi_set_bool(cr, "static", 1);
		saas_time(cr, "created", it, "created");
		saas_time(cr, "expires", it, "expiresAt");
		saas_emit(cr);
		saas_signal(c, id, who, "provisioner", "the Okta user whose API token it is", 0.9,
			    nhi_get_str(r, "created"));
		json_decref(r);
	}
}

static int is_log_event(const json_t *o)
{
	return json_is_object(o) && nhi_get_str(o, "eventType");
}

static int is_logs(const json_t *doc)
{
	return is_log_event(doc) || is_log_event(saas_first(doc, NULL));
}

static void log_one(const json_t *e, struct saas_ctx *c, long i)
{
	const char *atype = nhi_get_path_str(e, "actor.type"), *res = nhi_get_path_str(e, "outcome.result");
	char id[256], action[200];
	json_t *r = saas_record(c, "event", NULL, i);

	if (atype && (!strcmp(atype, "PublicClientApp") || !strcmp(atype, "AppInstance")))
		snprintf(id, sizeof(id), "okta:app/%s", nhi_get_path_str(e, "actor.id"));
	else if (atype && !strcmp(atype, "User") && nhi_get_path_str(e, "actor.alternateId"))
		snprintf(id, sizeof(id), "person:%s", nhi_get_path_str(e, "actor.alternateId"));
	else if (nhi_get_path_str(e, "actor.id"))
		snprintf(id, sizeof(id), "okta:%s", nhi_get_path_str(e, "actor.id"));
	else
		snprintf(id, sizeof(id), "okta:unknown");
	snprintf(action, sizeof(action), "okta:%s", nhi_get_str(e, "eventType"));
	nhi_set_str(r, "identity", id);
	saas_time(r, "time", e, "published");
	nhi_set_str(r, "action", action);
	nhi_set_str(r, "outcome", !res || !strcmp(res, "SUCCESS") || !strcmp(res, "ALLOW") ? "allowed" :
		    !strcmp(res, "DENY") ? "denied" : "failed");
	nhi_set_str(r, "source_ip", nhi_get_path_str(e, "client.ipAddress"));
	nhi_set_str(r, "user_agent", nhi_get_path_str(e, "client.userAgent.rawUserAgent"));
	saas_emit(r);
}

static void logs(const json_t *doc, struct saas_ctx *c)
{
	json_t *it;
	size_t i;

	if (is_log_event(doc)) {
		log_one(doc, c, -1);
		return;
	}
	json_array_foreach(saas_items(doc, NULL), i, it)
		log_one(it, c, (long)i);
}

static int is_keys(const json_t *doc)
{
	const json_t *f = saas_first(doc, NULL);

	return nhi_get_str(f, "kid") && json_object_get(f, "x5c");
}

static void keys(const json_t *doc, struct saas_ctx *c)
{
	json_t *it;
	size_t i;

	json_array_foreach(saas_items(doc, NULL), i, it) {
		char id[256], ident[256];
		json_t *r = saas_record(c, "credential", NULL, (long)i);

		snprintf(id, sizeof(id), "okta:key/%s", nhi_get_str(it, "kid"));
		snprintf(ident, sizeof(ident), "okta:app/%s", c->name ? c->name : "unknown");
		nhi_set_str(r, "id", id);
		nhi_set_str(r, "identity", ident);
		nhi_set_str(r, "type", "okta_signing_key");
		nhi_set_str(r, "key_id", nhi_get_str(it, "kid"));
		nhi_set_bool(r, "static", 1);
		saas_time(r, "created", it, "created");
		saas_time(r, "expires", it, "expiresAt");
		saas_emit(r);
	}
}

static int is_roles(const json_t *doc)
{
	const json_t *f = saas_first(doc, NULL);

	return nhi_get_str(f, "assignmentType") && nhi_get_str(f, "type") && nhi_get_str(f, "label");
}

static void roles(const json_t *doc, struct saas_ctx *c)
{
	json_t *it;
	size_t i;

	json_array_foreach(saas_items(doc, NULL), i, it) {
		const char *href = nhi_get_path_str(it, "_links.assignee.href"), *p;
		char id[256], via[256];
		json_t *r;

		if (href && (p = strstr(href, "/apps/")))
			snprintf(id, sizeof(id), "okta:app/%.*s", (int)strcspn(p + 6, "/"), p + 6);
		else if (href && (p = strstr(href, "/users/")))
			snprintf(id, sizeof(id), "okta:%.*s", (int)strcspn(p + 7, "/"), p + 7);
		else if (c->name)
			snprintf(id, sizeof(id), "okta:%s", c->name);
		else
			continue;
		r = saas_record(c, "policy", NULL, (long)i);
		snprintf(via, sizeof(via), "okta:role/%s", nhi_get_str(it, "type"));
		nhi_set_str(r, "identity", id);
		nhi_set_str(r, "via", via);
		json_object_set_new(r, "document", json_pack("{s:s?, s:s?, s:s?}", "role", nhi_get_str(it, "type"),
							     "label", nhi_get_str(it, "label"),
							     "assignment", nhi_get_str(it, "assignmentType")));
		saas_emit(r);
	}
}

static int is_assignments(const json_t *doc)
{
	const json_t *f = saas_first(doc, NULL);

	return nhi_get_str(f, "id") && json_object_get(f, "priority") ? 1 :
	       nhi_get_str(f, "scope") && nhi_get_str(f, "syncState") ? 1 : 0;
}

/* Who is assigned to an app is people's access, not the app's own
 * identity: said once, with a count, not mapped (profiles may hold
 * answers to security questions). */
static void assignments(const json_t *doc, struct saas_ctx *c)
{
	json_t *it;
	size_t i;

	json_array_foreach(saas_items(doc, NULL), i, it)
		collect_unknown(c->system, "app assignment (people's access, not collected)");
}

static const struct saas_shape shapes[] = {
	{ "app-assignments", is_assignments, assignments, NULL, NULL },
	{ "roles", is_roles, roles, NULL, NULL },
	{ "key-credentials", is_keys, keys, "/api/v1/apps/{name}/credentials/keys", "name" },
	{ "apps", is_apps, apps, "/api/v1/apps?limit=200", NULL },
	{ "client-secrets", is_secrets, secrets, "/api/v1/apps/{name}/credentials/secrets", "name" },
	{ "api-tokens", is_tokens, tokens, "/api/v1/api-tokens", NULL },
	{ "logs", is_logs, logs, NULL, NULL },
};

static const struct saas_system okta = {
	"okta", shapes, ARRAY_SIZE(shapes), NULL, "OKTA_API_TOKEN", "Authorization: SSWS %s",
};

int collect_okta(int argc, char **argv)
{
	return saas_main(&okta, argc, argv);
}
