/* github.c: GitHub organisation exports and API answers: fine-grained PAT
 * grants and requests, App installations, deploy keys, Actions secrets
 * (names and dates only), SSO credential authorizations, the audit log. */
#include "compat.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "collect.h"
#include "ndjson.h"
#include "record.h"
#include "saas.h"
#include "banned.h"

/* org_of: the organisation: --org, else what the item's URLs say. */
static const char *org_of(struct saas_ctx *c, const json_t *item, char *buf, size_t n)
{
	const char *u = nhi_get_str(item, "repositories_url"), *p;

	if (c->org)
		return c->org;
	if (u && (p = strstr(u, "/organizations/"))) {
		snprintf(buf, n, "%.*s", (int)strcspn(p + 15, "/"), p + 15);
		return buf;
	}
	if (u && (p = strstr(u, "/orgs/"))) {
		snprintf(buf, n, "%.*s", (int)strcspn(p + 6, "/"), p + 6);
		return buf;
	}
	return "unknown-org";
}

static int is_pat_grant(const json_t *doc)
{
	static const char *const keys[] = { "token_id", "owner", "access_granted_at", NULL };
	return saas_has(saas_first(doc, NULL), keys);
}

static int is_pat_request(const json_t *doc)
{
	static const char *const keys[] = { "token_id", "owner", "reason", NULL };
	const json_t *f = saas_first(doc, NULL);

	return saas_has(f, keys) && !json_object_get(f, "access_granted_at");
}

static void pats(const json_t *doc, struct saas_ctx *c, int granted)
{
	json_t *it;
	size_t i;

	json_array_foreach(saas_items(doc, NULL), i, it) {
		char orgbuf[128], id[256], ev[256];
		const char *org = org_of(c, it, orgbuf, sizeof(orgbuf));
		const char *login = nhi_get_path_str(it, "owner.login");
		json_int_t tid = json_integer_value(json_object_get(it, "token_id"));
		json_t *r = saas_record(c, "identity", NULL, (long)i), *cr;

		snprintf(id, sizeof(id), "github:%s/pat/%lld", org, (long long)tid);
		nhi_set_str(r, "id", id);
		nhi_set_str(r, "system", "github");
		nhi_set_str(r, "type", "fine_grained_pat");
		nhi_set_str(r, "name", nhi_get_str(it, "token_name"));
		nhi_set_str(r, "account", org);
		nhi_set_str(r, "owner", login);
		nhi_set_str(r, "status", !granted ? "pending_approval" :
			    json_is_true(json_object_get(it, "token_expired")) ? "expired" : "active");
		saas_time(r, "created", it, granted ? "access_granted_at" : "created_at");
		saas_time(r, "last_used", it, "token_last_used_at");
		nhi_set_str(r, "repository_selection", nhi_get_str(it, "repository_selection"));
		if (json_object_get(it, "permissions"))
			json_object_set(r, "permissions", json_object_get(it, "permissions"));
		saas_put(r);
		cr = saas_record(c, "credential", NULL, (long)i);
		nhi_set_str(cr, "id", id);
		nhi_set_str(cr, "identity", id);
		nhi_set_str(cr, "type", "github_fine_grained_pat");
		nhi_set_bool(cr, "static", 1);
		nhi_set_str(cr, "status", nhi_get_str(r, "status"));
		saas_time(cr, "created", it, granted ? "access_granted_at" : "created_at");
		saas_time(cr, "expires", it, "token_expires_at");
		saas_time(cr, "last_used", it, "token_last_used_at");
		saas_emit(cr);
		snprintf(ev, sizeof(ev), "fine-grained PAT %s owned by GitHub user %s",
			 nhi_get_str(it, "token_name") ? nhi_get_str(it, "token_name") : "", login ? login : "");
		saas_signal(c, id, login, "provisioner", ev, 0.9, nhi_get_str(r, "created"));
		json_decref(r);
	}
}

static void pat_grants(const json_t *doc, struct saas_ctx *c) { pats(doc, c, 1); }
static void pat_requests(const json_t *doc, struct saas_ctx *c) { pats(doc, c, 0); }

static int is_installations(const json_t *doc)
{
	static const char *const keys[] = { "app_id", "account", "permissions", NULL };
	const json_t *f = saas_first(doc, "installations");

	return saas_has(f, keys);
}

static void installations(const json_t *doc, struct saas_ctx *c)
{
	json_t *it;
	size_t i;
	const char *key = json_is_array(doc) ? NULL : "installations";

	json_array_foreach(saas_items(doc, "installations"), i, it) {
		const char *acct = nhi_get_path_str(it, "account.login");
		char id[256];
		json_t *r = saas_record(c, "identity", key, (long)i);

		snprintf(id, sizeof(id), "github:%s/app/%lld", acct ? acct : c->org ? c->org : "unknown-org",
			 (long long)json_integer_value(json_object_get(it, "id")));
		nhi_set_str(r, "id", id);
		nhi_set_str(r, "system", "github");
		nhi_set_str(r, "type", "github_app_installation");
		nhi_set_str(r, "name", nhi_get_str(it, "app_slug"));
		nhi_set_str(r, "account", acct);
		nhi_set_int(r, "app_id", (long long)json_integer_value(json_object_get(it, "app_id")));
		nhi_set_str(r, "status", json_is_null(json_object_get(it, "suspended_at")) ||
			    !json_object_get(it, "suspended_at") ? "active" : "suspended");
		saas_time(r, "created", it, "created_at");
		nhi_set_str(r, "repository_selection", nhi_get_str(it, "repository_selection"));
		json_object_set(r, "permissions", json_object_get(it, "permissions"));
		saas_emit(r);
	}
}

static int is_deploy_keys(const json_t *doc)
{
	static const char *const keys[] = { "key", "read_only", "title", NULL };
	return saas_has(saas_first(doc, NULL), keys);
}

static void deploy_keys(const json_t *doc, struct saas_ctx *c)
{
	json_t *it;
	size_t i;

	json_array_foreach(saas_items(doc, NULL), i, it) {
		const char *url = nhi_get_str(it, "url"), *p;
		char repo[256], id[384];
		json_t *r = saas_record(c, "identity", NULL, (long)i), *cr;

		if (c->repo)
			snprintf(repo, sizeof(repo), "%s", c->repo);
		else if (url && (p = strstr(url, "/repos/")) && strstr(p, "/keys/"))
			snprintf(repo, sizeof(repo), "%.*s", (int)(strstr(p, "/keys/") - p - 7), p + 7);
		else
			snprintf(repo, sizeof(repo), "unknown/unknown");
		snprintf(id, sizeof(id), "github:%s/deploy_key/%lld", repo,
			 (long long)json_integer_value(json_object_get(it, "id")));
		nhi_set_str(r, "id", id);
		nhi_set_str(r, "system", "github");
		nhi_set_str(r, "type", "deploy_key");
		nhi_set_str(r, "name", nhi_get_str(it, "title"));
		nhi_set_str(r, "repo", repo);
		nhi_set_bool(r, "read_only", json_is_true(json_object_get(it, "read_only")));
		nhi_set_str(r, "status", json_is_false(json_object_get(it, "enabled")) ? "disabled" : "active");
		saas_time(r, "created", it, "created_at");
		saas_time(r, "last_used", it, "last_used");
		nhi_set_str(r, "created_by", nhi_get_str(it, "added_by"));
		saas_put(r);
		cr = saas_record(c, "credential", NULL, (long)i);
		nhi_set_str(cr, "id", id);
		nhi_set_str(cr, "identity", id);
		nhi_set_str(cr, "type", "ssh_deploy_key");
		nhi_set_bool(cr, "static", 1);
		nhi_set_str(cr, "status", nhi_get_str(r, "status"));
		saas_time(cr, "created", it, "created_at");
		saas_time(cr, "last_used", it, "last_used");
		saas_emit(cr);
		saas_signal(c, id, nhi_get_str(it, "added_by"), "provisioner",
			    "deploy key added by this GitHub user", 0.9, nhi_get_str(r, "created"));
		json_decref(r);
	}
}

static int is_actions_secrets(const json_t *doc)
{
	static const char *const keys[] = { "name", "created_at", "updated_at", NULL };
	return json_object_get(doc, "secrets") && saas_has(saas_first(doc, "secrets"), keys);
}

static void actions_secrets(const json_t *doc, struct saas_ctx *c)
{
	json_t *it;
	size_t i;
	const char *scope = c->repo ? c->repo : c->org ? c->org : "unknown-org";

	/* A secret's value is never listed: a name is where a credential is
	 * stored, for lineage to join with the workflows that read it. */
	json_array_foreach(saas_items(doc, "secrets"), i, it) {
		char id[384];
		json_t *r = saas_record(c, "credential", "secrets", (long)i);

		snprintf(id, sizeof(id), "github:%s/actions_secret/%s", scope, nhi_get_str(it, "name"));
		nhi_set_str(r, "id", id);
		nhi_set_str(r, "type", "github_actions_secret");
		nhi_set_str(r, "name", nhi_get_str(it, "name"));
		nhi_set_str(r, "scope", scope);
		nhi_set_str(r, "visibility", nhi_get_str(it, "visibility"));
		nhi_set_bool(r, "static", 1);
		saas_time(r, "created", it, "created_at");
		saas_time(r, "rotated", it, "updated_at");
		saas_emit(r);
	}
}

static int is_credential_authorizations(const json_t *doc)
{
	static const char *const keys[] = { "login", "credential_id", "credential_type", NULL };
	return saas_has(saas_first(doc, NULL), keys);
}

static void credential_authorizations(const json_t *doc, struct saas_ctx *c)
{
	json_t *it;
	size_t i;

	json_array_foreach(saas_items(doc, NULL), i, it) {
		const char *ct = nhi_get_str(it, "credential_type"), *login = nhi_get_str(it, "login");
		const char *type = !ct ? "github_credential" :
				   !strcmp(ct, "personal access token") ? "github_classic_pat" :
				   !strcmp(ct, "OAuth app token") ? "github_oauth_token" :
				   !strcmp(ct, "GitHub app token") ? "github_app_user_token" :
				   !strcmp(ct, "SSH key") ? "ssh_key" : "github_credential";
		char id[256], ident[256];
		json_t *r = saas_record(c, "credential", NULL, (long)i);

		snprintf(id, sizeof(id), "github:%s/sso_credential/%lld", c->org ? c->org : "unknown-org",
			 (long long)json_integer_value(json_object_get(it, "credential_id")));
		snprintf(ident, sizeof(ident), "github:user/%s", login ? login : "unknown");
		nhi_set_str(r, "id", id);
		nhi_set_str(r, "identity", ident);
		nhi_set_str(r, "type", type);
		nhi_set_bool(r, "static", 1);
		nhi_set_str(r, "token_last_eight", nhi_get_str(it, "token_last_eight"));
		saas_time(r, "created", it, "credential_authorized_at");
		saas_time(r, "last_used", it, "credential_accessed_at");
		saas_time(r, "expires", it, "authorized_credential_expires_at");
		if (json_object_get(it, "scopes"))
			json_object_set(r, "scopes", json_object_get(it, "scopes"));
		saas_emit(r);
	}
}

static int is_audit_event(const json_t *o)
{
	const char *a = nhi_get_str(o, "action");

	/* Audit actions are "area.verb"; exports may drop the timestamp. */
	return json_is_object(o) && a && strchr(a, '.') && nhi_get_str(o, "actor");
}

static int is_audit_log(const json_t *doc)
{
	return is_audit_event(doc) || is_audit_event(saas_first(doc, NULL));
}

static void audit_one(const json_t *it, struct saas_ctx *c, long i)
{
	const char *pat = nhi_get_str(it, "programmatic_access_type"), *actor = nhi_get_str(it, "actor");
	const char *org = nhi_get_str(it, "org") ? nhi_get_str(it, "org") : c->org;
	json_t *tid = json_object_get(it, "token_id");
	char id[256], action[160], tbuf[32];
	json_t *r = saas_record(c, "event", NULL, i);

	if (json_is_integer(tid))
		snprintf(tbuf, sizeof(tbuf), "%lld", (long long)json_integer_value(tid));
	else
		snprintf(tbuf, sizeof(tbuf), "%s", json_string_value(tid) ? json_string_value(tid) : "");
	/* The token, not the human, is the identity when one was used. */
	if (pat && strstr(pat, "ine-grained") && tbuf[0])
		snprintf(id, sizeof(id), "github:%s/pat/%s", org ? org : "unknown-org", tbuf);
	else if (pat && strstr(pat, "server-to-server"))
		snprintf(id, sizeof(id), "github:app/%s", actor ? actor : "unknown");
	else
		snprintf(id, sizeof(id), "github:user/%s", actor ? actor : "unknown");
	snprintf(action, sizeof(action), "github:%s", nhi_get_str(it, "action"));
	nhi_set_str(r, "identity", id);
	if (json_object_get(it, "@timestamp"))
		saas_time(r, "time", it, "@timestamp");
	else if (json_object_get(it, "at_sign_timestamp"))
		saas_time(r, "time", it, "at_sign_timestamp");
	else
		saas_time(r, "time", it, "created_at");
	nhi_set_str(r, "action", action);
	nhi_set_str(r, "resource", nhi_get_str(it, "repo") ? nhi_get_str(it, "repo") : nhi_get_str(it, "org"));
	nhi_set_str(r, "outcome", "allowed");
	nhi_set_str(r, "source_ip", nhi_get_str(it, "actor_ip"));
	nhi_set_str(r, "user_agent", nhi_get_str(it, "user_agent"));
	nhi_set_str(r, "actor", actor);
	nhi_set_str(r, "access_type", pat);
	nhi_set_str(r, "hashed_token", nhi_get_str(it, "hashed_token"));
	saas_emit(r);
}

static void audit_log(const json_t *doc, struct saas_ctx *c)
{
	json_t *it;
	size_t i;

	if (json_is_object(doc)) {
		audit_one(doc, c, -1);
		return;
	}
	json_array_foreach(doc, i, it)
		audit_one(it, c, (long)i);
}

static int is_authorization(const json_t *doc)
{
	const json_t *f = saas_first(doc, NULL);

	return nhi_get_str(f, "token_last_eight") && json_object_get(f, "app") && json_object_get(f, "scopes");
}

static void authorizations(const json_t *doc, struct saas_ctx *c)
{
	json_t *it;
	size_t i;

	/* The answer may hold the token itself: only its public parts are read. */
	json_array_foreach(saas_items(doc, NULL), i, it) {
		char id[256], ident[256];
		json_t *r = saas_record(c, "credential", NULL, json_is_array(doc) ? (long)i : -1);

		snprintf(id, sizeof(id), "github:authorization/%lld",
			 (long long)json_integer_value(json_object_get(it, "id")));
		snprintf(ident, sizeof(ident), "github:user/%s",
			 nhi_get_path_str(it, "user.login") ? nhi_get_path_str(it, "user.login") : "unknown");
		nhi_set_str(r, "id", id);
		nhi_set_str(r, "identity", ident);
		nhi_set_str(r, "type", "github_oauth_token");
		nhi_set_bool(r, "static", 1);
		nhi_set_str(r, "app", nhi_get_path_str(it, "app.name"));
		nhi_set_str(r, "client_id", nhi_get_path_str(it, "app.client_id"));
		nhi_set_str(r, "token_last_eight", nhi_get_str(it, "token_last_eight"));
		nhi_set_str(r, "hashed_token", nhi_get_str(it, "hashed_token"));
		json_object_set(r, "scopes", json_object_get(it, "scopes"));
		saas_time(r, "created", it, "created_at");
		saas_time(r, "expires", it, "expires_at");
		saas_emit(r);
	}
}

static int is_rate_limit(const json_t *doc)
{
	return json_is_object(json_object_get(doc, "resources")) && json_object_get(doc, "rate");
}

/* The rate-limit status holds no identity data: said once, with a count. */
static void rate_limit(const json_t *doc, struct saas_ctx *c)
{
	(void)doc;
	collect_unknown(c->system, "rate-limit status (no identity data)");
}

static const struct saas_shape shapes[] = {
	{ "rate-limit", is_rate_limit, rate_limit, NULL, NULL },
	{ "authorizations", is_authorization, authorizations, NULL, NULL },
	{ "pat-grants", is_pat_grant, pat_grants, "/orgs/{org}/personal-access-tokens?per_page=100", "org" },
	{ "pat-requests", is_pat_request, pat_requests, "/orgs/{org}/personal-access-token-requests?per_page=100", "org" },
	{ "installations", is_installations, installations, "/orgs/{org}/installations?per_page=100", "org" },
	{ "deploy-keys", is_deploy_keys, deploy_keys, "/repos/{repo}/keys?per_page=100", "repo" },
	{ "actions-secrets", is_actions_secrets, actions_secrets, "/orgs/{org}/actions/secrets?per_page=100", "org" },
	{ "credential-authorizations", is_credential_authorizations, credential_authorizations,
	  "/orgs/{org}/credential-authorizations?per_page=100", "org" },
	{ "audit-log", is_audit_log, audit_log, "/orgs/{org}/audit-log?per_page=100", "org" },
};

static const struct saas_system github = {
	"github", shapes, ARRAY_SIZE(shapes), "https://api.github.com", "GITHUB_TOKEN",
	"Authorization: Bearer %s",
};

int collect_github(int argc, char **argv)
{
	return saas_main(&github, argc, argv);
}
