/* azure.c: Microsoft Graph service principals and applications (with
 * their password and key credentials, federated credentials and owners),
 * service-principal sign-in activity, sign-in logs, and az role
 * assignments. A principal is azure:sp/APPID, so an application and its
 * service principal meet in one lineage. */
#include "compat.h"

#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "record.h"
#include "saas.h"
#include "banned.h"

static json_t *objects; /* service-principal object id -> appId, across files */

static const json_t *first(const json_t *doc)
{
	return json_object_get(doc, "value") ? saas_first(doc, "value") :
	       json_is_array(doc) ? saas_first(doc, NULL) : doc;
}

static int is_principal(const json_t *o)
{
	return json_is_object(o) && nhi_get_str(o, "appId") &&
	       (json_object_get(o, "passwordCredentials") || json_object_get(o, "servicePrincipalNames") ||
		json_object_get(o, "signInAudience"));
}

static int is_principals(const json_t *doc)
{
	return is_principal(first(doc));
}

static void credentials(const json_t *o, const char *ident, struct saas_ctx *c, long i,
			const char *list, const char *type)
{
	json_t *k;
	size_t j;

	/* "hint" is the secret's first characters: never copied. */
	json_array_foreach(json_object_get(o, list), j, k) {
		char id[256];
		json_t *r = saas_record(c, "credential", "value", i);

		snprintf(id, sizeof(id), "azure:credential/%s", nhi_get_str(k, "keyId"));
		nhi_set_str(r, "id", id);
		nhi_set_str(r, "identity", ident);
		nhi_set_str(r, "type", type);
		nhi_set_str(r, "key_id", nhi_get_str(k, "keyId"));
		nhi_set_str(r, "name", nhi_get_str(k, "displayName"));
		nhi_set_bool(r, "static", 1);
		saas_time(r, "created", k, "startDateTime");
		saas_time(r, "expires", k, "endDateTime");
		saas_emit(r);
	}
}

static void principal(const json_t *o, struct saas_ctx *c, long i)
{
	const char *app = nhi_get_str(o, "appId");
	char id[256];
	json_t *r = saas_record(c, "identity", "value", i), *f, *ow;
	size_t j;

	snprintf(id, sizeof(id), "azure:sp/%s", app);
	if (nhi_get_str(o, "id") && json_object_get(o, "servicePrincipalNames")) {
		if (!objects)
			objects = json_object();
		json_object_set_new(objects, nhi_get_str(o, "id"), json_string(app));
	}
	nhi_set_str(r, "id", id);
	nhi_set_str(r, "system", "azure");
	nhi_set_str(r, "type", json_object_get(o, "servicePrincipalNames") ?
		    (nhi_get_str(o, "servicePrincipalType") && !strcmp(nhi_get_str(o, "servicePrincipalType"), "ManagedIdentity") ?
		     "azure_managed_identity" : "azure_service_principal") : "azure_application");
	nhi_set_str(r, "name", nhi_get_str(o, "displayName"));
	nhi_set_str(r, "account", nhi_get_str(o, "appOwnerOrganizationId"));
	nhi_set_str(r, "object_id", nhi_get_str(o, "id"));
	if (json_is_boolean(json_object_get(o, "accountEnabled")))
		nhi_set_str(r, "status", json_is_true(json_object_get(o, "accountEnabled")) ? "active" : "disabled");
	saas_time(r, "created", o, "createdDateTime");
	saas_emit(r);
	credentials(o, id, c, i, "passwordCredentials", "azure_client_secret");
	credentials(o, id, c, i, "keyCredentials", "azure_certificate");
	json_array_foreach(json_object_get(o, "federatedIdentityCredentials"), j, f) {
		json_t *t = saas_record(c, "trust", "value", i);

		nhi_set_str(t, "identity", id);
		json_object_set_new(t, "federated",
				    json_pack("{s:s?, s:s?, s:O?}", "provider", nhi_get_str(f, "issuer"),
					      "subject", nhi_get_str(f, "subject"),
					      "audience", json_object_get(f, "audiences")));
		nhi_set_str(t, "mechanism", "azure_federated_credential");
		saas_emit(t);
	}
	json_array_foreach(json_object_get(o, "owners"), j, ow) {
		const char *who = nhi_get_str(ow, "userPrincipalName") ? nhi_get_str(ow, "userPrincipalName") :
				  nhi_get_str(ow, "mail");

		saas_signal(c, id, who, "accountable", "an owner of the Entra application", 0.8, NULL);
	}
}

static void principals(const json_t *doc, struct saas_ctx *c)
{
	json_t *it;
	size_t i;

	if (is_principal(doc)) {
		principal(doc, c, -1);
		return;
	}
	json_array_foreach(saas_items(doc, "value"), i, it)
		if (is_principal(it))
			principal(it, c, (long)i);
}

static int is_activity(const json_t *doc)
{
	const json_t *f = first(doc);

	return nhi_get_str(f, "appId") && json_object_get(f, "lastSignInActivity");
}

static void activity(const json_t *doc, struct saas_ctx *c)
{
	json_t *it;
	size_t i;

	json_array_foreach(saas_items(doc, "value"), i, it) {
		char id[256];
		json_t *r = saas_record(c, "identity", "value", (long)i);

		snprintf(id, sizeof(id), "azure:sp/%s", nhi_get_str(it, "appId"));
		nhi_set_str(r, "id", id);
		nhi_set_str(r, "system", "azure");
		nhi_set_str(r, "type", "azure_service_principal");
		saas_time(r, "last_used", json_object_get(it, "lastSignInActivity"), "lastSignInDateTime");
		saas_emit(r);
	}
}

static int is_signin(const json_t *o)
{
	return json_is_object(o) && json_object_get(o, "createdDateTime") &&
	       (json_object_get(o, "servicePrincipalId") || json_object_get(o, "appId")) &&
	       json_object_get(o, "status");
}

static int is_signins(const json_t *doc)
{
	return is_signin(first(doc));
}

static void signin(const json_t *o, struct saas_ctx *c, long i)
{
	char id[256];
	json_t *r = saas_record(c, "event", "value", i);
	json_int_t err = json_integer_value(nhi_get_path(o, "status.errorCode"));

	snprintf(id, sizeof(id), "azure:sp/%s", nhi_get_str(o, "appId"));
	nhi_set_str(r, "identity", id);
	saas_time(r, "time", o, "createdDateTime");
	nhi_set_str(r, "action", "azure:SignIn");
	nhi_set_str(r, "resource", nhi_get_str(o, "resourceDisplayName"));
	nhi_set_str(r, "outcome", err ? "denied" : "allowed");
	nhi_set_str(r, "source_ip", nhi_get_str(o, "ipAddress"));
	nhi_set_str(r, "credential_type", nhi_get_str(o, "clientCredentialType"));
	nhi_set_str(r, "key_id", nhi_get_str(o, "servicePrincipalCredentialKeyId"));
	saas_emit(r);
}

static void signins(const json_t *doc, struct saas_ctx *c)
{
	json_t *it;
	size_t i;

	if (is_signin(doc)) {
		signin(doc, c, -1);
		return;
	}
	json_array_foreach(saas_items(doc, "value"), i, it)
		signin(it, c, (long)i);
}

static int is_assignment(const json_t *o)
{
	const json_t *p = json_object_get(o, "properties") ? json_object_get(o, "properties") : o;

	return json_is_object(p) && nhi_get_str(p, "principalId") && nhi_get_str(p, "roleDefinitionId");
}

static int is_assignments(const json_t *doc)
{
	return is_assignment(first(doc));
}

static void assignments(const json_t *doc, struct saas_ctx *c)
{
	json_t *it;
	size_t i;

	/* az flattens properties; the ARM API nests them. */
	json_array_foreach(saas_items(doc, "value"), i, it) {
		const json_t *p = json_object_get(it, "properties") ? json_object_get(it, "properties") : it;
		const char *pid = nhi_get_str(p, "principalId"), *app, *ptype = nhi_get_str(p, "principalType");
		char id[256], via[512];
		json_t *r, *d;

		if (ptype && strcmp(ptype, "ServicePrincipal"))
			continue;
		app = objects ? json_string_value(json_object_get(objects, pid)) : NULL;
		if (app)
			snprintf(id, sizeof(id), "azure:sp/%s", app);
		else
			snprintf(id, sizeof(id), "azure:object/%s", pid);
		r = saas_record(c, "policy", json_is_array(doc) ? NULL : "value", (long)i);
		snprintf(via, sizeof(via), "azure:role/%s@%s",
			 nhi_get_str(p, "roleDefinitionName") ? nhi_get_str(p, "roleDefinitionName") :
			 nhi_get_str(p, "roleDefinitionId"), nhi_get_str(p, "scope"));
		nhi_set_str(r, "identity", id);
		nhi_set_str(r, "via", via);
		d = json_pack("{s:s?, s:s?, s:s?}", "role", nhi_get_str(p, "roleDefinitionName"),
			      "role_id", nhi_get_str(p, "roleDefinitionId"), "scope", nhi_get_str(p, "scope"));
		if (nhi_get_str(p, "condition")) {
			nhi_set_str(d, "condition", nhi_get_str(p, "condition"));
			nhi_set_bool(r, "conditional", 1);
		}
		json_object_set_new(r, "document", d);
		saas_emit(r);
		saas_signal(c, id, nhi_get_str(p, "createdBy") ? nhi_get_str(p, "createdBy") : NULL,
			    "provisioner", "created the role assignment (Entra object id)", 0.5,
			    nhi_get_str(p, "createdOn"));
	}
}

/* Azure Monitor diagnostic logs: {time, category, properties, ...}. */
static int is_diagnostic(const json_t *o)
{
	return json_is_object(o) && nhi_get_str(o, "category") && nhi_get_str(o, "time") &&
	       (json_object_get(o, "properties") || json_object_get(o, "operationName"));
}

static int is_diagnostics(const json_t *doc)
{
	return is_diagnostic(doc) || is_diagnostic(saas_first(doc, "records"));
}

static void diagnostic_one(const json_t *o, struct saas_ctx *c, long i)
{
	const json_t *p = json_object_get(o, "properties");
	const char *cat = nhi_get_str(o, "category"), *app = nhi_get_str(p, "appId");
	const char *caller = nhi_get_str(o, "caller"), *res = nhi_get_str(o, "resultType");
	/* The Activity Log API nests what diagnostic settings flatten. */
	const char *op = json_is_string(json_object_get(o, "operationName")) ?
			 nhi_get_str(o, "operationName") : nhi_get_path_str(o, "operationName.value");

	if (!caller)
		caller = nhi_get_path_str(o, "identity.claims.name");
	char id[256], action[256];
	json_t *r = saas_record(c, "event", NULL, i);
	json_int_t err = json_integer_value(nhi_get_path(p, "status.errorCode"));

	if (strstr(cat, "SignInLogs") && app)
		snprintf(id, sizeof(id), "azure:sp/%s", app);
	else if (caller && strchr(caller, '@'))
		snprintf(id, sizeof(id), "person:%s", caller);
	else if (caller)
		snprintf(id, sizeof(id), "azure:object/%s", caller);
	else if (nhi_get_path_str(p, "initiatedBy.app.appId"))
		snprintf(id, sizeof(id), "azure:sp/%s", nhi_get_path_str(p, "initiatedBy.app.appId"));
	else if (nhi_get_path_str(p, "initiatedBy.user.userPrincipalName"))
		snprintf(id, sizeof(id), "person:%s", nhi_get_path_str(p, "initiatedBy.user.userPrincipalName"));
	else
		snprintf(id, sizeof(id), "azure:unknown");
	snprintf(action, sizeof(action), "azure:%s", op ? op : "unknown");
	nhi_set_str(r, "identity", id);
	saas_time(r, "time", o, "time");
	nhi_set_str(r, "action", action);
	nhi_set_str(r, "category", cat);
	nhi_set_str(r, "resource", nhi_get_str(o, "resourceId"));
	nhi_set_str(r, "outcome", err || (res && strcmp(res, "0") && strcmp(res, "Success") && *res) ?
		    "denied" : "allowed");
	nhi_set_str(r, "source_ip", nhi_get_str(o, "callerIpAddress"));
	nhi_set_str(r, "key_id", nhi_get_str(p, "servicePrincipalCredentialKeyId"));
	saas_emit(r);
}

static void diagnostics(const json_t *doc, struct saas_ctx *c)
{
	json_t *it;
	size_t i;

	if (is_diagnostic(doc)) {
		diagnostic_one(doc, c, -1);
		return;
	}
	json_array_foreach(saas_items(doc, "records"), i, it)
		if (is_diagnostic(it))
			diagnostic_one(it, c, (long)i);
}

static int is_new_password(const json_t *doc)
{
	return json_is_object(doc) && nhi_get_str(doc, "keyId") && json_object_get(doc, "secretText");
}

static void new_password(const json_t *doc, struct saas_ctx *c)
{
	char id[256];
	json_t *r = saas_record(c, "credential", NULL, -1);

	/* addPassword answers with the secret itself: only its key id is kept,
	 * and a warning says the file must be treated as a secret. */
	snprintf(id, sizeof(id), "azure:credential/%s", nhi_get_str(doc, "keyId"));
	nhi_set_str(r, "id", id);
	nhi_set_str(r, "type", "azure_client_secret");
	nhi_set_str(r, "key_id", nhi_get_str(doc, "keyId"));
	nhi_set_str(r, "name", nhi_get_str(doc, "displayName"));
	nhi_set_bool(r, "static", 1);
	saas_time(r, "created", doc, "startDateTime");
	saas_time(r, "expires", doc, "endDateTime");
	saas_emit(r);
	nhi_warn("%s: holds a client secret in clear (secretText): store it in a vault and delete the file", c->file);
}

static const struct saas_shape shapes[] = {
	{ "diagnostic-logs", is_diagnostics, diagnostics, NULL, NULL },
	{ "add-password", is_new_password, new_password, NULL, NULL },
	{ "service-principals", is_principals, principals, "/v1.0/servicePrincipals", NULL },
	{ "applications", is_principals, principals, "/v1.0/applications?$expand=owners", NULL },
	{ "signin-activity", is_activity, activity, "/beta/reports/servicePrincipalSignInActivities", NULL },
	{ "signins", is_signins, signins, NULL, NULL },
	{ "role-assignments", is_assignments, assignments, NULL, NULL },
};

static const struct saas_system azure = {
	"azure", shapes, ARRAY_SIZE(shapes), "https://graph.microsoft.com", "AZURE_ACCESS_TOKEN",
	"Authorization: Bearer %s",
};

int collect_azure(int argc, char **argv)
{
	int rc = saas_main(&azure, argc, argv);

	json_decref(objects);
	return rc;
}
