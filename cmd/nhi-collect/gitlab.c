/* gitlab.c: GitLab personal, project and group access tokens (with their
 * bot users) and deploy tokens, from the REST API's JSON. */
#include "compat.h"

#include <stdio.h>
#include <string.h>

#include "record.h"
#include "saas.h"
#include "banned.h"

enum kind { PERSONAL, PROJECT, GROUP, DEPLOY };

static int is_token(const json_t *doc)
{
	static const char *const keys[] = { "id", "name", "scopes", NULL };
	return saas_has(saas_first(doc, NULL), keys);
}

static int is_deploy(const json_t *doc)
{
	const json_t *f = saas_first(doc, NULL);
	const char *u = nhi_get_str(f, "username");

	return is_token(doc) && u && !strncmp(u, "gitlab+deploy-token", 19);
}

static int is_resource_token(const json_t *doc)
{
	return is_token(doc) && json_object_get(saas_first(doc, NULL), "access_level");
}

static int is_personal(const json_t *doc)
{
	return is_token(doc) && json_object_get(saas_first(doc, NULL), "user_id") &&
	       !json_object_get(saas_first(doc, NULL), "access_level");
}

static void tokens(const json_t *doc, struct saas_ctx *c, enum kind k)
{
	json_t *it;
	size_t i;

	json_array_foreach(saas_items(doc, NULL), i, it) {
		char scope[256], id[384];
		const char *kind = k == PERSONAL ? "personal_token" : k == DEPLOY ? "deploy_token" :
				   k == GROUP ? "group_token" : "project_token";
		json_t *r = saas_record(c, "identity", NULL, (long)i), *cr;
		const char *status = json_is_true(json_object_get(it, "revoked")) ? "revoked" :
				     json_is_true(json_object_get(it, "expired")) ? "expired" :
				     json_is_false(json_object_get(it, "active")) ? "inactive" : "active";

		if (k == PERSONAL)
			snprintf(scope, sizeof(scope), "users/%lld",
				 (long long)json_integer_value(json_object_get(it, "user_id")));
		else if (k == GROUP)
			snprintf(scope, sizeof(scope), "groups/%s", c->group ? c->group : "unknown");
		else
			snprintf(scope, sizeof(scope), "projects/%s", c->project ? c->project : "unknown");
		snprintf(id, sizeof(id), "gitlab:%s/%s/%lld", scope, kind,
			 (long long)json_integer_value(json_object_get(it, "id")));
		nhi_set_str(r, "id", id);
		nhi_set_str(r, "system", "gitlab");
		nhi_set_str(r, "type", k == DEPLOY ? "gitlab_deploy_token" : k == PERSONAL ?
			    "gitlab_personal_token" : k == GROUP ? "gitlab_group_token" : "gitlab_project_token");
		nhi_set_str(r, "name", nhi_get_str(it, "name"));
		nhi_set_str(r, "status", status);
		saas_time(r, "created", it, "created_at");
		saas_time(r, "last_used", it, "last_used_at");
		if (json_object_get(it, "user_id"))
			nhi_set_int(r, "bot_user_id", (long long)json_integer_value(json_object_get(it, "user_id")));
		if (json_object_get(it, "access_level"))
			nhi_set_int(r, "access_level", (long long)json_integer_value(json_object_get(it, "access_level")));
		json_object_set(r, "scopes", json_object_get(it, "scopes"));
		saas_put(r);
		cr = saas_record(c, "credential", NULL, (long)i);
		nhi_set_str(cr, "id", id);
		nhi_set_str(cr, "identity", id);
		nhi_set_str(cr, "type", r ? nhi_get_str(r, "type") : NULL);
		nhi_set_bool(cr, "static", 1);
		nhi_set_str(cr, "status", status);
		saas_time(cr, "created", it, "created_at");
		saas_time(cr, "last_used", it, "last_used_at");
		/* expires_at null: the token never expires. */
		if (json_is_null(json_object_get(it, "expires_at")))
			nhi_set_bool(cr, "never_expires", 1);
		else
			saas_time(cr, "expires", it, "expires_at");
		saas_emit(cr);
		json_decref(r);
	}
}

static void personal(const json_t *d, struct saas_ctx *c) { tokens(d, c, PERSONAL); }
static void project(const json_t *d, struct saas_ctx *c) { tokens(d, c, c->group ? GROUP : PROJECT); }
static void deploy(const json_t *d, struct saas_ctx *c) { tokens(d, c, DEPLOY); }

static const struct saas_shape shapes[] = {
	{ "deploy-tokens", is_deploy, deploy, "/api/v4/projects/{project}/deploy_tokens?per_page=100", "project" },
	{ "resource-tokens", is_resource_token, project, "/api/v4/projects/{project}/access_tokens?per_page=100", "project" },
	{ "personal-tokens", is_personal, personal, "/api/v4/personal_access_tokens?per_page=100", NULL },
};

static const struct saas_system gitlab = {
	"gitlab", shapes, ARRAY_SIZE(shapes), "https://gitlab.com", "GITLAB_TOKEN", "PRIVATE-TOKEN: %s",
};

int collect_gitlab(int argc, char **argv)
{
	return saas_main(&gitlab, argc, argv);
}
