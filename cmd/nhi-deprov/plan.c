/* plan.c: the steps that remove one identity from every place lineage
 * knows it lives, disable first (reversible), delete after quarantine. */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "deprov.h"
#include "ndjson.h"
#include "record.h"
#include "banned.h"

#define QUARANTINE_POLICY "nhi-quarantine"

struct plan {
	const char *id;
	json_t *steps;
};

static json_t *step(struct plan *p, const char *phase, const char *system,
		    const char *operation, const char *target, json_t *args,
		    json_t *rollback)
{
	struct nhi_buf id = NHI_BUF_INIT;
	json_t *s = nhi_record_new("step");
	size_t seq = json_array_size(p->steps) + 1;

	nhi_buf_addf(&id, "%s#%zu", p->id, seq);
	nhi_set_str(s, "id", id.buf);
	nhi_set_str(s, "plan", p->id);
	nhi_set_int(s, "seq", (long long)seq);
	nhi_set_str(s, "phase", phase);
	nhi_set_str(s, "system", system);
	nhi_set_str(s, "operation", operation);
	nhi_set_str(s, "target", target);
	json_object_set_new(s, "args", args);
	json_object_set_new(s, "rollback", rollback ? rollback : json_null());
	nhi_set_bool(s, "reversible", rollback != NULL);
	nhi_set_str(s, "state", "pending");
	json_array_append_new(p->steps, s);
	nhi_buf_release(&id);
	return s;
}

static json_t *undo(const char *operation, json_t *args)
{
	return json_pack("{s:s, s:o}", "operation", operation, "args", args);
}

static const char *deny_all(void)
{
	return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"NhiQuarantine\","
	       "\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
}

/* policy_text: a policy document as the compact JSON the Query API takes. */
static char *policy_text(const json_t *doc)
{
	struct nhi_buf b = NHI_BUF_INIT;

	if (json_is_string(doc))
		nhi_buf_adds(&b, json_string_value(doc));
	else
		nhi_json_dump(doc, &b);
	return nhi_buf_detach(&b, NULL);
}

static void aws_policies(struct plan *p, const json_t *l, const char *who,
			 const char *name_key, int is_role)
{
	json_t *pol, *groups = json_object();
	size_t i;

	json_array_foreach(json_object_get(l, "policies"), i, pol) {
		const char *via = nhi_get_str(pol, "via");

		if (!via)
			continue;
		if (!strncmp(via, "managed:", 8)) {
			step(p, "finalize", "aws", is_role ? "DetachRolePolicy" : "DetachUserPolicy",
			     via + 8, json_pack("{s:s, s:s}", name_key, who, "PolicyArn", via + 8),
			     undo(is_role ? "AttachRolePolicy" : "AttachUserPolicy",
				  json_pack("{s:s, s:s}", name_key, who, "PolicyArn", via + 8)));
		} else if (!strncmp(via, "inline:", 7)) {
			json_t *d = json_object_get(pol, "document");
			/* Without the document the policy cannot be put back. */
			char *doc = d ? policy_text(d) : NULL;

			step(p, "finalize", "aws", is_role ? "DeleteRolePolicy" : "DeleteUserPolicy",
			     via + 7, json_pack("{s:s, s:s}", name_key, who, "PolicyName", via + 7),
			     doc ? undo(is_role ? "PutRolePolicy" : "PutUserPolicy",
					json_pack("{s:s, s:s, s:s}", name_key, who, "PolicyName",
						  via + 7, "PolicyDocument", doc)) : NULL);
			free(doc);
		} else if (!strncmp(via, "group:", 6) && !is_role) {
			const char *slash = strchr(via + 6, '/');
			char group[256];

			snprintf(group, sizeof(group), "%.*s",
				 (int)(slash ? (size_t)(slash - via - 6) : strlen(via + 6)), via + 6);
			if (json_object_get(groups, group))
				continue;
			json_object_set_new(groups, group, json_true());
			step(p, "finalize", "aws", "RemoveUserFromGroup", group,
			     json_pack("{s:s, s:s}", "GroupName", group, "UserName", who),
			     undo("AddUserToGroup", json_pack("{s:s, s:s}", "GroupName", group,
							      "UserName", who)));
		}
	}
	json_decref(groups);
}

static void aws_user(struct plan *p, const json_t *l)
{
	const char *name = nhi_get_str(l, "name");
	json_t *c;
	size_t i;

	json_array_foreach(json_object_get(l, "credentials"), i, c) {
		const char *key = nhi_get_str(c, "key_id"), *status = nhi_get_str(c, "status");

		if (key && (!status || !strcmp(status, "active")))
			step(p, "disable", "aws", "UpdateAccessKey", key,
			     json_pack("{s:s, s:s, s:s}", "UserName", name, "AccessKeyId", key,
				       "Status", "Inactive"),
			     undo("UpdateAccessKey", json_pack("{s:s, s:s, s:s}", "UserName", name,
							       "AccessKeyId", key, "Status", "Active")));
	}
	step(p, "disable", "aws", "PutUserPolicy", QUARANTINE_POLICY,
	     json_pack("{s:s, s:s, s:s}", "UserName", name, "PolicyName", QUARANTINE_POLICY,
		       "PolicyDocument", deny_all()),
	     undo("DeleteUserPolicy", json_pack("{s:s, s:s}", "UserName", name,
						"PolicyName", QUARANTINE_POLICY)));
	json_array_foreach(json_object_get(l, "credentials"), i, c) {
		const char *key = nhi_get_str(c, "key_id"), *type = nhi_get_str(c, "type");

		if (key)
			step(p, "finalize", "aws", "DeleteAccessKey", key,
			     json_pack("{s:s, s:s}", "UserName", name, "AccessKeyId", key), NULL);
		else if (type && !strcmp(type, "console_password"))
			step(p, "finalize", "aws", "DeleteLoginProfile", name,
			     json_pack("{s:s}", "UserName", name), NULL);
	}
	aws_policies(p, l, name, "UserName", 0);
	step(p, "finalize", "aws", "DeleteUserPolicy", QUARANTINE_POLICY,
	     json_pack("{s:s, s:s}", "UserName", name, "PolicyName", QUARANTINE_POLICY), NULL);
	step(p, "finalize", "aws", "DeleteUser", name, json_pack("{s:s}", "UserName", name), NULL);
}

static void aws_role(struct plan *p, const json_t *l)
{
	const char *name = nhi_get_str(l, "name");
	json_t *ip;
	size_t i;

	step(p, "disable", "aws", "PutRolePolicy", QUARANTINE_POLICY,
	     json_pack("{s:s, s:s, s:s}", "RoleName", name, "PolicyName", QUARANTINE_POLICY,
		       "PolicyDocument", deny_all()),
	     undo("DeleteRolePolicy", json_pack("{s:s, s:s}", "RoleName", name,
						"PolicyName", QUARANTINE_POLICY)));
	json_array_foreach(json_object_get(l, "instance_profiles"), i, ip) {
		const char *ipn = json_is_string(ip) ? json_string_value(ip) : nhi_get_str(ip, "name");

		if (ipn)
			step(p, "finalize", "aws", "RemoveRoleFromInstanceProfile", ipn,
			     json_pack("{s:s, s:s}", "InstanceProfileName", ipn, "RoleName", name),
			     undo("AddRoleToInstanceProfile",
				  json_pack("{s:s, s:s}", "InstanceProfileName", ipn, "RoleName", name)));
	}
	aws_policies(p, l, name, "RoleName", 1);
	step(p, "finalize", "aws", "DeleteRolePolicy", QUARANTINE_POLICY,
	     json_pack("{s:s, s:s}", "RoleName", name, "PolicyName", QUARANTINE_POLICY), NULL);
	step(p, "finalize", "aws", "DeleteRole", name, json_pack("{s:s}", "RoleName", name), NULL);
}

/* id_part: the n-th '/'-separated part of an id after its "system:" prefix. */
static int id_part(const char *id, int n, char *out, size_t outlen)
{
	const char *p = strchr(id, ':');

	if (!p)
		return 0;
	p++;
	for (int i = 0; i < n; i++) {
		p = strchr(p, '/');
		if (!p)
			return 0;
		p++;
	}
	snprintf(out, outlen, "%.*s", (int)strcspn(p, "/"), p);
	return out[0] != '\0';
}

static json_t *rest(const char *method, const char *path, json_t *body)
{
	json_t *a = json_pack("{s:s, s:s}", "method", method, "path", path);

	if (body)
		json_object_set_new(a, "body", body);
	return a;
}

static void github(struct plan *p, const json_t *l)
{
	const char *id = nhi_get_str(l, "id"), *type = nhi_get_str(l, "type");
	char owner[256], what[64], num[64];
	struct nhi_buf path = NHI_BUF_INIT;

	/* github:OWNER/pat/ID, github:OWNER/REPO/deploy_key/ID */
	if (!type || !id_part(id, 0, owner, sizeof(owner)))
		return;
	if (!strcmp(type, "fine_grained_pat") || !strcmp(type, "github_pat")) {
		if (!id_part(id, 2, num, sizeof(num)))
			return;
		nhi_buf_addf(&path, "/orgs/%s/personal-access-tokens/%s", owner, num);
		step(p, "finalize", "github", "RevokeFineGrainedPAT", id,
		     rest("POST", path.buf, json_pack("{s:s}", "action", "revoke")), NULL);
	} else if (!strcmp(type, "deploy_key") && id_part(id, 1, what, sizeof(what)) &&
		   id_part(id, 3, num, sizeof(num))) {
		nhi_buf_addf(&path, "/repos/%s/%s/keys/%s", owner, what, num);
		step(p, "finalize", "github", "DeleteDeployKey", id, rest("DELETE", path.buf, NULL), NULL);
	}
	nhi_buf_release(&path);
}

static void k8s(struct plan *p, const json_t *l)
{
	const char *id = nhi_get_str(l, "id");
	char ns[256], name[256];
	struct nhi_buf path = NHI_BUF_INIT;
	json_t *c, *s;
	size_t i;

	/* k8s:CLUSTER/sa/NS/NAME */
	if (!id_part(id, 2, ns, sizeof(ns)) || !id_part(id, 3, name, sizeof(name)))
		return;
	json_array_foreach(json_object_get(l, "credentials"), i, c) {
		const char *secret = nhi_get_str(c, "secret");

		if (!secret)
			continue;
		nhi_buf_reset(&path);
		nhi_buf_addf(&path, "/api/v1/namespaces/%s/secrets/%s", ns, secret);
		/* A Secret's manifest holds its data: never saved, so irreversible. */
		step(p, "finalize", "k8s", "DeleteSecret", secret, rest("DELETE", path.buf, NULL), NULL);
	}
	nhi_buf_reset(&path);
	nhi_buf_addf(&path, "/api/v1/namespaces/%s/serviceaccounts/%s", ns, name);
	s = step(p, "finalize", "k8s", "DeleteServiceAccount", name, rest("DELETE", path.buf, NULL),
		 undo("CreateFromSaved", rest("POST", "", NULL)));
	nhi_buf_reset(&path);
	nhi_buf_addf(&path, "/api/v1/namespaces/%s/serviceaccounts", ns);
	json_object_set_new(json_object_get(json_object_get(s, "rollback"), "args"), "path",
			    json_string(path.buf));
	nhi_set_bool(json_object_get(s, "args"), "save", 1);
	nhi_buf_release(&path);
}

static void simple_rest(struct plan *p, const json_t *l)
{
	const char *id = nhi_get_str(l, "id"), *sys = nhi_get_str(l, "system"),
		   *type = nhi_get_str(l, "type");
	char a[256], b[256];
	struct nhi_buf path = NHI_BUF_INIT;

	if (!strcmp(sys, "okta") && id_part(id, 1, a, sizeof(a)) && type &&
	    strstr(type, "app")) {
		nhi_buf_addf(&path, "/api/v1/apps/%s/lifecycle/deactivate", a);
		step(p, "disable", "okta", "DeactivateApp", id, rest("POST", path.buf, NULL),
		     undo("ActivateApp", rest("POST", "", NULL)));
		nhi_buf_reset(&path);
		nhi_buf_addf(&path, "/api/v1/apps/%s/lifecycle/activate", a);
		json_object_set_new(json_object_get(json_object_get(
			json_array_get(p->steps, json_array_size(p->steps) - 1), "rollback"), "args"),
			"path", json_string(path.buf));
	} else if (!strcmp(sys, "okta") && id_part(id, 1, a, sizeof(a))) {
		nhi_buf_addf(&path, "/api/v1/api-tokens/%s", a);
		step(p, "finalize", "okta", "RevokeApiToken", id, rest("DELETE", path.buf, NULL), NULL);
	} else if (!strcmp(sys, "vault") && id_part(id, 0, a, sizeof(a)) && !strcmp(a, "token") &&
		   id_part(id, 1, b, sizeof(b))) {
		step(p, "finalize", "vault", "RevokeAccessor", id,
		     rest("POST", "/v1/auth/token/revoke-accessor",
			  json_pack("{s:s}", "accessor", b)), NULL);
	} else if (!strcmp(sys, "gitlab") && id_part(id, 0, a, sizeof(a)) &&
		   id_part(id, 1, b, sizeof(b))) {
		/* gitlab:users/U/personal_token/ID, gitlab:projects/P/project_token/ID, ... */
		char kind[64], tok[64];

		if (!id_part(id, 2, kind, sizeof(kind)) || !id_part(id, 3, tok, sizeof(tok)))
			return;
		if (!strcmp(kind, "personal_token"))
			nhi_buf_addf(&path, "/api/v4/personal_access_tokens/%s", tok);
		else if (!strcmp(kind, "deploy_token"))
			nhi_buf_addf(&path, "/api/v4/%s/%s/deploy_tokens/%s", a, b, tok);
		else
			nhi_buf_addf(&path, "/api/v4/%s/%s/access_tokens/%s", a, b, tok);
		step(p, "finalize", "gitlab", "RevokeToken", id, rest("DELETE", path.buf, NULL), NULL);
	}
	nhi_buf_release(&path);
}

/* storage: every file sighting becomes a step that deletes its line. */
static void storage(struct plan *p, const json_t *l)
{
	json_t *s;
	size_t i;

	json_array_foreach(json_object_get(l, "storage"), i, s) {
		json_t *loc = json_object_get(s, "location");
		const char *type = nhi_get_str(loc, "type"), *path = nhi_get_str(loc, "path");
		json_int_t line = json_integer_value(json_object_get(loc, "line"));

		if (!type || !path || line <= 0 || nhi_get_str(loc, "commit") ||
		    (strcmp(type, "file") && strcmp(type, "env")))
			continue;
		step(p, "finalize", "file", "DeleteLine", path,
		     json_pack("{s:s, s:I}", "path", path, "line", line), NULL);
	}
}

json_t *deprov_plan_steps(const json_t *l, const char *plan_id)
{
	struct plan p = { plan_id, json_array() };
	const char *sys = nhi_get_str(l, "system"), *type = nhi_get_str(l, "type");

	if (!sys || !type)
		return p.steps;
	if (!strcmp(sys, "aws") && !strcmp(type, "iam_user"))
		aws_user(&p, l);
	else if (!strcmp(sys, "aws") && !strcmp(type, "iam_role"))
		aws_role(&p, l);
	else if (!strcmp(sys, "github"))
		github(&p, l);
	else if (!strcmp(sys, "k8s") && !strcmp(type, "k8s_service_account"))
		k8s(&p, l);
	else if (!strcmp(sys, "okta") || !strcmp(sys, "vault") || !strcmp(sys, "gitlab"))
		simple_rest(&p, l);
	storage(&p, l);
	return p.steps;
}
