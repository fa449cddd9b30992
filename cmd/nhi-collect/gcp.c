/* gcp.c: GCP service accounts and their keys (gcloud's bare arrays or the
 * REST API's wrapped lists), IAM policies with conditions, and Cloud Audit
 * Log entries (authenticationInfo, serviceAccountKeyName, delegation). */
#include "compat.h"

#include <stdio.h>
#include <string.h>

#include "record.h"
#include "saas.h"
#include "banned.h"

static int is_accounts(const json_t *doc)
{
	static const char *const keys[] = { "email", "uniqueId", NULL };
	return saas_has(saas_first(doc, "accounts"), keys);
}

/* Cloud Asset Inventory: the account is in each asset's resource.data. */
static int is_assets(const json_t *doc)
{
	const json_t *f = saas_first(doc, "assets");
	const char *t = nhi_get_str(f, "assetType");

	return t && !strcmp(t, "iam.googleapis.com/ServiceAccount");
}

static void accounts(const json_t *doc, struct saas_ctx *c);

static void assets(const json_t *doc, struct saas_ctx *c)
{
	json_t *it, *list = json_array();
	size_t i;

	json_array_foreach(saas_items(doc, "assets"), i, it)
		if (nhi_get_path(it, "resource.data"))
			json_array_append(list, nhi_get_path(it, "resource.data"));
	accounts(list, c);
	json_decref(list);
}

static void accounts(const json_t *doc, struct saas_ctx *c)
{
	json_t *it;
	size_t i;
	const char *key = json_is_array(doc) ? NULL : "accounts";

	json_array_foreach(saas_items(doc, "accounts"), i, it) {
		char id[512];
		json_t *r = saas_record(c, "identity", key, (long)i);

		snprintf(id, sizeof(id), "gcp:sa/%s", nhi_get_str(it, "email"));
		nhi_set_str(r, "id", id);
		nhi_set_str(r, "system", "gcp");
		nhi_set_str(r, "type", "gcp_service_account");
		nhi_set_str(r, "name", nhi_get_str(it, "displayName") ? nhi_get_str(it, "displayName")
								      : nhi_get_str(it, "email"));
		nhi_set_str(r, "account", nhi_get_str(it, "projectId"));
		nhi_set_str(r, "email", nhi_get_str(it, "email"));
		nhi_set_str(r, "unique_id", nhi_get_str(it, "uniqueId"));
		nhi_set_str(r, "description", nhi_get_str(it, "description"));
		nhi_set_str(r, "status", json_is_true(json_object_get(it, "disabled")) ? "disabled" : "active");
		saas_emit(r);
	}
}

static int is_activity(const json_t *doc)
{
	return nhi_get_str(saas_first(doc, "activities"), "activityType") != NULL;
}

/* Policy Analyzer: when each service account or key last authenticated. */
static void activity(const json_t *doc, struct saas_ctx *c)
{
	json_t *it;
	size_t i;

	json_array_foreach(saas_items(doc, "activities"), i, it) {
		const char *full = nhi_get_path_str(it, "activity.serviceAccountKey.fullResourceName");
		const char *sa_full = nhi_get_path_str(it, "activity.serviceAccount.fullResourceName");
		const char *sa, *k;
		char id[512], ident[512];
		json_t *r;

		if (full && (sa = strstr(full, "/serviceAccounts/")) && (k = strstr(full, "/keys/"))) {
			r = saas_record(c, "credential", "activities", (long)i);
			snprintf(id, sizeof(id), "gcp:key/%s", k + 6);
			snprintf(ident, sizeof(ident), "gcp:sa/%.*s", (int)(k - sa - 17), sa + 17);
			nhi_set_str(r, "id", id);
			nhi_set_str(r, "identity", ident);
			nhi_set_str(r, "type", "gcp_sa_key");
			nhi_set_str(r, "key_id", k + 6);
		} else if (sa_full && (sa = strstr(sa_full, "/serviceAccounts/"))) {
			r = saas_record(c, "identity", "activities", (long)i);
			snprintf(id, sizeof(id), "gcp:sa/%s", sa + 17);
			nhi_set_str(r, "id", id);
			nhi_set_str(r, "system", "gcp");
			nhi_set_str(r, "type", "gcp_service_account");
		} else {
			continue;
		}
		saas_time(r, "last_used", json_object_get(it, "activity"), "lastAuthenticatedTime");
		saas_emit(r);
	}
}

static int is_keys(const json_t *doc)
{
	const json_t *f = saas_first(doc, "keys");
	const char *n = nhi_get_str(f, "name");

	return n && strstr(n, "/keys/") && json_object_get(f, "keyType");
}

static void keys(const json_t *doc, struct saas_ctx *c)
{
	json_t *it;
	size_t i;
	const char *key = json_is_array(doc) ? NULL : "keys";

	json_array_foreach(saas_items(doc, "keys"), i, it) {
		const char *name = nhi_get_str(it, "name"), *sa, *k, *kt = nhi_get_str(it, "keyType");
		char id[512], ident[512];
		json_t *r;

		if (!name || !(sa = strstr(name, "/serviceAccounts/")) || !(k = strstr(name, "/keys/")))
			continue;
		r = saas_record(c, "credential", key, (long)i);
		snprintf(id, sizeof(id), "gcp:key/%s", k + 6);
		snprintf(ident, sizeof(ident), "gcp:sa/%.*s", (int)(k - sa - 17), sa + 17);
		nhi_set_str(r, "id", id);
		nhi_set_str(r, "identity", ident);
		nhi_set_str(r, "type", "gcp_sa_key");
		nhi_set_str(r, "key_id", k + 6);
		/* System-managed keys are Google's own, rotated for you. */
		nhi_set_bool(r, "static", !kt || strcmp(kt, "SYSTEM_MANAGED"));
		nhi_set_str(r, "managed", kt && !strcmp(kt, "SYSTEM_MANAGED") ? "system" : "user");
		nhi_set_str(r, "status", json_is_true(json_object_get(it, "disabled")) ? "inactive" : "active");
		saas_time(r, "created", it, "validAfterTime");
		if (nhi_get_str(it, "validBeforeTime") && !strncmp(nhi_get_str(it, "validBeforeTime"), "9999", 4))
			nhi_set_bool(r, "never_expires", 1);
		else
			saas_time(r, "expires", it, "validBeforeTime");
		nhi_set_str(r, "algorithm", nhi_get_str(it, "keyAlgorithm"));
		nhi_set_str(r, "origin", nhi_get_str(it, "keyOrigin"));
		saas_emit(r);
	}
}

static int is_policy(const json_t *doc)
{
	return json_is_object(doc) && json_is_array(json_object_get(doc, "bindings"));
}

static void policy(const json_t *doc, struct saas_ctx *c)
{
	json_t *b, *m;
	size_t i, j;

	json_array_foreach(json_object_get(doc, "bindings"), i, b) {
		json_array_foreach(json_object_get(b, "members"), j, m) {
			const char *member = json_string_value(m);
			char id[512], via[512];
			json_t *r, *d;

			if (!member || strncmp(member, "serviceAccount:", 15))
				continue;
			r = saas_record(c, "policy", "bindings", (long)i);
			snprintf(id, sizeof(id), "gcp:sa/%s", member + 15);
			snprintf(via, sizeof(via), "gcp:binding/%s%s%s", c->project ? c->project : "",
				 c->project ? "/" : "", nhi_get_str(b, "role"));
			nhi_set_str(r, "identity", id);
			nhi_set_str(r, "via", via);
			d = json_pack("{s:O}", "role", json_object_get(b, "role"));
			if (c->project)
				nhi_set_str(d, "resource", c->project);
			if (json_object_get(b, "condition")) {
				json_object_set(d, "condition", json_object_get(b, "condition"));
				nhi_set_bool(r, "conditional", 1);
			}
			json_object_set_new(r, "document", d);
			saas_emit(r);
		}
	}
}

static const json_t *proto(const json_t *e)
{
	const json_t *p = json_object_get(e, "protoPayload");

	return p ? p : json_object_get(e, "protopayload");
}

static int is_audit_entry(const json_t *e)
{
	return json_is_object(proto(e)) && json_object_get(proto(e), "authenticationInfo");
}

static int is_audit(const json_t *doc)
{
	return is_audit_entry(doc) || is_audit_entry(saas_first(doc, "entries"));
}

static void audit_one(const json_t *e, struct saas_ctx *c, long i)
{
	const json_t *p = proto(e), *auth = json_object_get(p, "authenticationInfo"), *az;
	const char *who = nhi_get_str(auth, "principalEmail"), *kn = nhi_get_str(auth, "serviceAccountKeyName");
	const char *perm = NULL, *code_msg;
	char id[512], action[256];
	json_t *r = saas_record(c, "event", NULL, i), *deleg = json_array(), *d;
	json_int_t code = json_integer_value(nhi_get_path(p, "status.code"));
	size_t k;

	az = json_array_get(json_object_get(p, "authorizationInfo"), 0);
	perm = nhi_get_str(az, "permission");
	if (who && strstr(who, ".gserviceaccount.com"))
		snprintf(id, sizeof(id), "gcp:sa/%s", who);
	else
		snprintf(id, sizeof(id), "person:%s", who ? who : "unknown");
	snprintf(action, sizeof(action), "gcp:%s", perm ? perm : nhi_get_str(p, "methodName") ?
		 nhi_get_str(p, "methodName") : "unknown");
	nhi_set_str(r, "identity", id);
	saas_time(r, "time", e, "timestamp");
	nhi_set_str(r, "action", action);
	nhi_set_str(r, "method", nhi_get_str(p, "methodName"));
	nhi_set_str(r, "resource", nhi_get_str(p, "resourceName"));
	code_msg = code == 0 ? "allowed" : code == 7 || code == 16 ? "denied" : "failed";
	if (json_is_false(json_object_get(az, "granted")))
		code_msg = "denied";
	nhi_set_str(r, "outcome", code_msg);
	nhi_set_str(r, "source_ip", nhi_get_path_str(p, "requestMetadata.callerIp"));
	nhi_set_str(r, "user_agent", nhi_get_path_str(p, "requestMetadata.callerSuppliedUserAgent"));
	if (kn && strstr(kn, "/keys/"))
		nhi_set_str(r, "key_id", strstr(kn, "/keys/") + 6);
	/* Impersonation: who acted through whom. */
	json_array_foreach(json_object_get(auth, "serviceAccountDelegationInfo"), k, d) {
		const char *fp = nhi_get_path_str(d, "firstPartyPrincipal.principalEmail");

		if (fp)
			json_array_append_new(deleg, json_string(fp));
	}
	if (json_array_size(deleg))
		json_object_set(r, "delegation", deleg);
	json_decref(deleg);
	saas_emit(r);
}

static void audit(const json_t *doc, struct saas_ctx *c)
{
	json_t *it;
	size_t i;

	if (is_audit_entry(doc)) {
		audit_one(doc, c, -1);
		return;
	}
	json_array_foreach(saas_items(doc, "entries"), i, it)
		if (is_audit_entry(it))
			audit_one(it, c, (long)i);
}

static const struct saas_shape shapes[] = {
	{ "assets", is_assets, assets, NULL, NULL },
	{ "activity", is_activity, activity, NULL, NULL },
	{ "service-accounts", is_accounts, accounts, "/v1/projects/{project}/serviceAccounts?pageSize=100", "project" },
	{ "keys", is_keys, keys, "/v1/projects/{project}/serviceAccounts/{name}/keys", "name" },
	{ "iam-policy", is_policy, policy, NULL, NULL },
	{ "audit-log", is_audit, audit, NULL, NULL },
};

static const struct saas_system gcp = {
	"gcp", shapes, ARRAY_SIZE(shapes), "https://iam.googleapis.com", "GCP_ACCESS_TOKEN",
	"Authorization: Bearer %s",
};

int collect_gcp(int argc, char **argv)
{
	return saas_main(&gcp, argc, argv);
}
