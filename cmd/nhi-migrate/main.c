/* nhi-migrate: plan the move from static credentials to ephemeral ones
 * (OIDC federation, IRSA, workload identity, trusted publishing): for each
 * consumer that can federate, the trust policy pinned to it, the role's
 * policy, the workflow patch, the validation and the hand-off to
 * nhi-deprov; --status moves plans along, --check gates CI. */
#include "compat.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "finding.h"
#include "input.h"
#include "migrate.h"
#include "ndjson.h"
#include "opts.h"
#include "record.h"
#include "timefmt.h"
#include "udiff.h"
#include "xalloc.h"
#include "banned.h"

enum { OPT_REPO = NHI_OPT_PROGRAM, OPT_ACCOUNT, OPT_FORMAT, OPT_STATUS, OPT_RETIRE,
       OPT_CHECK, OPT_VALIDATE_AFTER, OPT_GITHUB_REPO };

static const char *repo_dir, *account, *format = "records", *check_dir, *github_repo;
static int status_mode, retire;
static int64_t validate_after = 7 * 86400;

static json_t *workloads, *lineages, *recommendations, *trusts, *events, *old_plans;

static void usage(int status)
{
	fprintf(status ? stderr : stdout,
		"usage: nhi-migrate [OPTION...] [FILE...]\n"
		"       nhi-migrate --status [--retire] [OPTION...] [FILE...]\n"
		"       nhi-migrate --check DIR [FILE...]\n\n"
		"Plan the replacement of static credentials by federated, short-lived ones.\n\n"
		"      --repo DIR        the checkout the workflow patches apply to\n"
		"      --github-repo OWNER/REPO  the repository, when records do not say\n"
		"      --aws-account ID  the AWS account of new roles, when records do not say\n"
		"      --format FORMAT   records (default), patch, or terraform\n"
		"      --status          move earlier plans along from the checkout and events\n"
		"      --retire          with --status: hand validated plans to nhi-deprov\n"
		"      --validate-after DURATION  how long the old key must be unused (7d)\n"
		"      --check DIR       CI gate: exit 1 on static cloud keys or unpinned OIDC trust\n"
		NHI_COMMON_USAGE);
	exit(status);
}

/* What each provider's static credential is replaced by. */
static const char *const aws_remove[] = { "aws-access-key-id", "aws-secret-access-key", "aws-session-token", NULL };
static const char *const aws_env[] = { "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", NULL };
static const char *const gcp_remove[] = { "credentials_json", NULL };
static const char *const gcp_env[] = { "GOOGLE_CREDENTIALS", "GOOGLE_APPLICATION_CREDENTIALS", NULL };
static const char *const gcp_add[] = { "workload_identity_provider: ${{ vars.GCP_WORKLOAD_IDENTITY_PROVIDER }}",
				       "service_account: ${{ vars.GCP_SERVICE_ACCOUNT }}", NULL };
static const char *const azure_remove[] = { "creds", NULL };
static const char *const azure_env[] = { "AZURE_CREDENTIALS", "AZURE_CLIENT_SECRET", NULL };
static const char *const azure_add[] = { "client-id: ${{ vars.AZURE_CLIENT_ID }}",
					 "tenant-id: ${{ vars.AZURE_TENANT_ID }}",
					 "subscription-id: ${{ vars.AZURE_SUBSCRIPTION_ID }}", NULL };
static const char *const pypi_remove[] = { "password", "user", NULL };
static const char *const none[] = { NULL };
static const char *const npm_env[] = { "NODE_AUTH_TOKEN", "NPM_TOKEN", NULL };

static int has_prefix(const char *s, const char *p)
{
	return s && !strncmp(s, p, strlen(p));
}

/* static_use: the workload's first static credential use of provider. */
static json_t *static_use(json_t *w, const char *provider)
{
	json_t *u;
	size_t i;

	json_array_foreach(json_object_get(w, "uses"), i, u) {
		const char *p = nhi_get_str(u, "provider");

		if (json_is_true(json_object_get(u, "static")) && p && !strcmp(p, provider))
			return u;
	}
	return NULL;
}

/* linked_identity: the lineage record whose consumers name workload id. */
static json_t *linked_identity(const char *wid)
{
	json_t *l, *c;
	size_t i, k;

	json_array_foreach(lineages, i, l)
		json_array_foreach(json_object_get(l, "consumers"), k, c) {
			const char *cid = json_is_string(c) ? json_string_value(c) : nhi_get_str(c, "id");

			if (!cid)
				cid = nhi_get_str(c, "workload");
			if (cid && !strcmp(cid, wid))
				return l;
		}
	return NULL;
}

static json_t *recommendation_for(const char *id)
{
	json_t *r;
	size_t i;

	json_array_foreach(recommendations, i, r)
		if (id && nhi_get_str(r, "identity") && !strcmp(nhi_get_str(r, "identity"), id))
			return nhi_get_path(r, "proposed.document");
	return NULL;
}

static void role_name(struct nhi_buf *b, const char *repo, const char *job)
{
	const char *slash = repo ? strrchr(repo, '/') : NULL;
	const char *r = slash ? slash + 1 : repo ? repo : "repo";

	nhi_buf_adds(b, "gha-");
	for (const char *s = r; *s; s++)
		nhi_buf_addch(b, isalnum((unsigned char)*s) || strchr("+=,.@_-", *s) ? *s : '-');
	nhi_buf_addch(b, '-');
	for (const char *s = job; *s; s++)
		nhi_buf_addch(b, isalnum((unsigned char)*s) || strchr("+=,.@_-", *s) ? *s : '-');
	if (b->len > 64)
		nhi_buf_setlen(b, 64);
}

static const char *arn_account(const char *id)
{
	static char acct[16];
	const char *p = id ? strstr(id, ":iam::") : NULL;

	if (!p || strlen(p + 6) < 12)
		return NULL;
	snprintf(acct, sizeof(acct), "%.12s", p + 6);
	return acct;
}

/* subject: the OIDC sub that pins the trust to this job, never a wildcard. */
static int subject(struct nhi_buf *b, const char *repo, json_t *facts, json_t *notes)
{
	const char *env = nhi_get_str(facts, "environment"), *branch = nhi_get_str(facts, "branch");
	json_t *trig;
	size_t i;

	json_array_foreach(json_object_get(facts, "triggers"), i, trig)
		if (json_is_string(trig) && !strcmp(json_string_value(trig), "pull_request_target"))
			return -1;
	if (env) {
		nhi_buf_addf(b, "repo:%s:environment:%s", repo, env);
	} else if (branch) {
		nhi_buf_addf(b, "repo:%s:ref:refs/heads/%s", repo, branch);
	} else {
		nhi_buf_addf(b, "repo:%s:ref:refs/heads/main", repo);
		json_array_append_new(notes, json_string("no push branch in the workflow: the trust is pinned to refs/heads/main; change it if the job runs elsewhere"));
	}
	return 0;
}

static json_t *aws_trust(const char *acct, const char *sub)
{
	struct nhi_buf prov = NHI_BUF_INIT;
	json_t *t;

	nhi_buf_addf(&prov, "arn:aws:iam::%s:oidc-provider/token.actions.githubusercontent.com", acct);
	t = json_pack("{s:s, s:[{s:s, s:{s:s}, s:s, s:{s:{s:s, s:s}}}]}",
		      "Version", "2012-10-17", "Statement",
		      "Effect", "Allow", "Principal", "Federated", prov.buf,
		      "Action", "sts:AssumeRoleWithWebIdentity",
		      "Condition", "StringEquals",
		      "token.actions.githubusercontent.com:aud", "sts.amazonaws.com",
		      "token.actions.githubusercontent.com:sub", sub);
	nhi_buf_release(&prov);
	return t;
}

static char *read_checkout(const char *path, json_t *notes)
{
	struct nhi_buf full = NHI_BUF_INIT, text = NHI_BUF_INIT;
	const char *why;

	if (!repo_dir) {
		json_array_append_new(notes, json_string("no --repo given: no patch"));
		return NULL;
	}
	nhi_buf_addf(&full, "%s/%s", repo_dir, path);
	why = nhi_input_slurp(full.buf, 16u << 20, &text);
	if (why) {
		nhi_warn("%s: %s", full.buf, why);
		nhi_status_raise(NHI_EXIT_SYSTEM);
		nhi_buf_release(&full);
		nhi_buf_release(&text);
		return NULL;
	}
	nhi_buf_release(&full);
	return nhi_buf_detach(&text, NULL);
}

static void add_patch(json_t *plan, const char *path, const char *before, const char *after)
{
	struct nhi_buf a = NHI_BUF_INIT, b = NHI_BUF_INIT, d = NHI_BUF_INIT, r = NHI_BUF_INIT;

	nhi_buf_addf(&a, "a/%s", path);
	nhi_buf_addf(&b, "b/%s", path);
	if (!nhi_udiff(before, after, a.buf, b.buf, 3, &d) && d.len)
		nhi_set_str(plan, "patch", d.buf);
	if (!nhi_udiff(after, before, a.buf, b.buf, 3, &r) && r.len)
		nhi_set_str(plan, "rollback", r.buf);
	nhi_buf_release(&a);
	nhi_buf_release(&b);
	nhi_buf_release(&d);
	nhi_buf_release(&r);
}

struct target {
	const char *provider, *from, *to;
	const struct gha_change change;
};

static const char *const aws_add_placeholder[] = { "role-to-assume: ROLE", NULL };

static const struct target targets[] = {
	{ "aws", "aws_access_key", "github_oidc",
	  { "aws-actions/configure-aws-credentials", aws_remove, aws_env, aws_add_placeholder, 2 } },
	{ "gcp", "gcp_sa_key", "gcp_wif",
	  { "google-github-actions/auth", gcp_remove, gcp_env, gcp_add, 0 } },
	{ "azure", "azure_sp_secret", "azure_federated",
	  { "azure/login", azure_remove, azure_env, azure_add, 0 } },
	{ "pypi", "package_token", "trusted_publishing",
	  { "pypa/gh-action-pypi-publish", pypi_remove, none, none, 0 } },
	{ "npm", "package_token", "trusted_publishing",
	  { "npm-publish", none, npm_env, none, 0 } },
};

static json_t *plan_new(const char *wid, const char *identity, const char *from, const char *to)
{
	struct nhi_buf id = NHI_BUF_INIT;
	json_t *p = nhi_record_new("plan");

	nhi_buf_addf(&id, "migrate:%s:%s", wid, to);
	nhi_set_str(p, "id", id.buf);
	nhi_set_str(p, "identity", identity);
	nhi_set_str(p, "workload", wid);
	nhi_set_str(p, "from", from);
	nhi_set_str(p, "to", to);
	nhi_buf_release(&id);
	return p;
}

static void plan_gha(json_t *w, const struct target *tg, json_t *use, json_t *out)
{
	const char *wid = nhi_get_str(w, "id"), *path = nhi_get_str(w, "path"),
		   *job = nhi_get_str(w, "name"), *repo = github_repo ? github_repo : nhi_get_str(w, "repo");
	json_t *l = linked_identity(wid), *notes = json_array(), *facts = json_object(), *art = json_object();
	json_t *plan = plan_new(wid, l ? nhi_get_str(l, "id") : NULL, tg->from, tg->to);
	const char *acct = account ? account : l ? arn_account(nhi_get_str(l, "id")) : NULL;
	struct nhi_buf sub = NHI_BUF_INIT, rname = NHI_BUF_INIT, arn = NHI_BUF_INIT, line = NHI_BUF_INIT;
	char *before = NULL, *after = NULL, why[512];
	const char *adds[2] = { NULL, NULL };
	struct gha_change ch = tg->change;
	/* The job's key is after '#' in the id; "name" may be its display name. */
	if (wid && strchr(wid, '#'))
		job = strchr(wid, '#') + 1;
	else if (nhi_get_str(w, "job"))
		job = nhi_get_str(w, "job");
	nhi_set_str(plan, "credential", nhi_get_str(use, "ref"));
	json_object_set_new(plan, "artifacts", art);
	if (!repo || !path || !job) {
		nhi_set_str(plan, "stage", "needs-input");
		nhi_set_str(plan, "reason", "the workflow's repository, path or job is unknown (--github-repo)");
		goto emit;
	}
	before = read_checkout(path, notes);
	if (!strcmp(tg->provider, "aws")) {
		role_name(&rname, repo, job);
		if (!acct) {
			nhi_set_str(plan, "stage", "needs-input");
			nhi_set_str(plan, "reason", "the AWS account of the new role is unknown (--aws-account)");
			goto emit;
		}
		nhi_buf_addf(&arn, "arn:aws:iam::%s:role/%s", acct, rname.buf);
		nhi_buf_addf(&line, "role-to-assume: %s", arn.buf);
		adds[0] = line.buf;
		ch.add = adds;
	}
	if (before) {
		after = gha_rewrite(path, before, strlen(before), job, &ch, facts, why, sizeof(why));
		if (!after) {
			nhi_warn("%s", why);
			json_array_append_new(notes, json_string(why));
		}
	} else {
		/* Without the file the facts still come from the record. */
		json_t *trig = json_object_get(w, "triggers");

		nhi_set_str(facts, "environment", nhi_get_str(w, "environment"));
		if (trig)
			json_object_set(facts, "triggers", trig);
	}
	if (subject(&sub, repo, facts, notes)) {
		nhi_set_str(plan, "stage", "ineligible");
		nhi_set_str(plan, "reason", "the workflow runs on pull_request_target: code from forks could obtain the role; split the privileged job into a workflow that forks cannot trigger");
		goto emit;
	}
	nhi_set_str(plan, "stage", "planned");
	nhi_set_str(art, "subject", sub.buf);
	if (!strcmp(tg->provider, "aws")) {
		json_t *pol = recommendation_for(l ? nhi_get_str(l, "id") : NULL);

		nhi_set_str(art, "role_name", rname.buf);
		nhi_set_str(art, "role_arn", arn.buf);
		nhi_buf_reset(&line);
		nhi_buf_addf(&line, "arn:aws:iam::%s:oidc-provider/token.actions.githubusercontent.com", acct);
		nhi_set_str(art, "oidc_provider", line.buf);
		json_object_set_new(art, "trust_policy", aws_trust(acct, sub.buf));
		if (pol) {
			json_object_set(art, "policy", pol);
			nhi_set_str(art, "policy_source", "nhi-rightsize");
		} else if (l && json_array_size(json_object_get(l, "policies"))) {
			json_t *docs = json_array(), *p;
			size_t i;

			json_array_foreach(json_object_get(l, "policies"), i, p)
				if (json_object_get(p, "document"))
					json_array_append(docs, json_object_get(p, "document"));
			json_object_set_new(art, "policies", docs);
			nhi_set_str(art, "policy_source", "current");
			json_array_append_new(notes, json_string("the role gets the static key's current policies; run nhi-rightsize first for a least-privilege one"));
		} else {
			nhi_set_str(art, "policy_source", "none");
			json_array_append_new(notes, json_string("the static key's identity is not known: give the role the permissions the job needs"));
		}
	} else if (!strcmp(tg->provider, "gcp")) {
		nhi_buf_reset(&line);
		nhi_buf_addf(&line, "assertion.repository == '%s'", repo);
		nhi_set_str(art, "attribute_condition", line.buf);
		json_array_append_new(notes, json_string("create a workload identity pool and GitHub provider with the attribute condition, grant roles/iam.workloadIdentityUser on the service account to principalSet://.../attribute.repository/REPO, and set the GCP_WORKLOAD_IDENTITY_PROVIDER and GCP_SERVICE_ACCOUNT repository variables"));
	} else if (!strcmp(tg->provider, "azure")) {
		json_object_set_new(art, "federated_credential",
				    json_pack("{s:s, s:s, s:s, s:[s]}", "name", "github-oidc",
					      "issuer", "https://token.actions.githubusercontent.com",
					      "subject", sub.buf, "audiences", "api://AzureADTokenExchange"));
	} else {
		json_object_set_new(art, "trusted_publisher",
				    json_pack("{s:s, s:s, s:s?}", "repository", repo, "workflow",
					      strrchr(path, '/') ? strrchr(path, '/') + 1 : path,
					      "environment", nhi_get_str(facts, "environment")));
	}
	json_object_set_new(plan, "validation",
			    json_pack("{s:s, s:s?, s:s, s:I}", "event", "AssumeRoleWithWebIdentity",
				      "role", arn.len ? arn.buf : NULL, "subject", sub.buf,
				      "old_credential_unused_days", (json_int_t)(validate_after / 86400)));
	if (before && after)
		add_patch(plan, path, before, after);
	nhi_set_str(plan, "handoff", "nhi-deprov --migrated");
emit:
	if (json_array_size(json_object_get(facts, "notes")))
		json_array_extend(notes, json_object_get(facts, "notes"));
	if (json_array_size(notes))
		json_object_set(plan, "notes", notes);
	json_array_append_new(out, plan);
	json_decref(notes);
	json_decref(facts);
	free(before);
	free(after);
	nhi_buf_release(&sub);
	nhi_buf_release(&rname);
	nhi_buf_release(&arn);
	nhi_buf_release(&line);
}

static void plan_k8s(json_t *w, json_t *use, json_t *out)
{
	const char *wid = nhi_get_str(w, "id"), *sa = nhi_get_str(w, "service_account");
	json_t *plan = plan_new(wid, NULL, "aws_access_key", "irsa"), *art = json_object();
	struct nhi_buf sub = NHI_BUF_INIT;
	char ns[256] = "", name[256] = "";

	nhi_set_str(plan, "credential", nhi_get_str(use, "ref"));
	/* k8s:CLUSTER/sa/NS/NAME */
	if (sa && sscanf(sa, "k8s:%*[^/]/sa/%255[^/]/%255s", ns, name) == 2) {
		nhi_buf_addf(&sub, "system:serviceaccount:%s:%s", ns, name);
		nhi_set_str(plan, "stage", "planned");
		nhi_set_str(art, "subject", sub.buf);
		json_object_set_new(art, "trust_condition",
				    json_pack("{s:{s:s, s:s}}", "StringEquals", "OIDC_ISSUER:sub", sub.buf,
					      "OIDC_ISSUER:aud", "sts.amazonaws.com"));
		nhi_set_str(art, "service_account_annotation", "eks.amazonaws.com/role-arn");
		json_object_set_new(plan, "notes", json_pack("[s]",
			"create a role trusted by the cluster's OIDC provider (replace OIDC_ISSUER) for this subject, annotate the service account with its ARN, and remove the AWS key variables from the pod's env (or use an EKS Pod Identity association)"));
	} else {
		nhi_set_str(plan, "stage", "needs-input");
		nhi_set_str(plan, "reason", "the workload's service account is unknown");
	}
	json_object_set_new(plan, "artifacts", art);
	json_array_append_new(out, plan);
	nhi_buf_release(&sub);
}

static void ineligible(json_t *w, json_t *use, json_t *out)
{
	const char *type = nhi_get_str(use, "credential_type"), *prov = nhi_get_str(use, "provider");
	json_t *plan = plan_new(nhi_get_str(w, "id"), NULL, type ? type : "unknown", "none");
	struct nhi_buf why = NHI_BUF_INIT;

	nhi_buf_addf(&why, "no federated replacement is known for %s %s credentials; rotate it and keep it in a vault",
		     prov ? prov : "these", type ? type : "static");
	nhi_set_str(plan, "credential", nhi_get_str(use, "ref"));
	nhi_set_str(plan, "stage", "ineligible");
	nhi_set_str(plan, "reason", why.buf);
	json_array_append_new(out, plan);
	nhi_buf_release(&why);
}

/* plan_pat: a personal access token in a workflow becomes a GitHub App
 * installation token (an hour long, scoped to the installation), minted in
 * the job by actions/create-github-app-token; GITHUB_TOKEN serves when
 * the job only touches its own repository. */
static void plan_pat(json_t *w, json_t *use, json_t *out)
{
	const char *wid = nhi_get_str(w, "id"), *ref = nhi_get_str(use, "ref");
	json_t *plan = plan_new(wid, NULL, "github_pat", "github_app"), *art = json_object();
	struct nhi_buf note = NHI_BUF_INIT;

	nhi_set_str(plan, "credential", ref);
	nhi_set_str(plan, "stage", "planned");
	json_object_set_new(art, "step",
			    json_pack("{s:s, s:s, s:{s:s, s:s}}", "uses", "actions/create-github-app-token@v1",
				      "id", "app-token", "with", "app-id", "${{ vars.APP_ID }}",
				      "private-key", "${{ secrets.APP_PRIVATE_KEY }}"));
	nhi_set_str(art, "replace", ref);
	nhi_set_str(art, "with", "steps.app-token.outputs.token");
	json_object_set_new(plan, "artifacts", art);
	nhi_buf_addf(&note, "create a GitHub App with only the permissions the job needs, install it on the repositories it touches, "
		     "add the step before the first that uses %s and use ${{ steps.app-token.outputs.token }} instead; "
		     "if the job only touches its own repository, use ${{ secrets.GITHUB_TOKEN }} with a permissions block", ref ? ref : "the token");
	json_object_set_new(plan, "notes", json_pack("[s]", note.buf));
	nhi_set_str(plan, "handoff", "revoke the personal access token (nhi-deprov)");
	json_array_append_new(out, plan);
	nhi_buf_release(&note);
}

static void plan_workload(json_t *w, json_t *out)
{
	const char *type = nhi_get_str(w, "type");
	json_t *u;
	size_t i;
	int planned = 0;

	if (!type)
		return;
	if (!strcmp(type, "gha_job")) {
		for (size_t t = 0; t < ARRAY_SIZE(targets); t++) {
			json_t *use = static_use(w, targets[t].provider);

			if (use) {
				plan_gha(w, &targets[t], use, out);
				planned = 1;
			}
		}
	} else if (has_prefix(type, "k8s_") && (u = static_use(w, "aws"))) {
		plan_k8s(w, u, out);
		planned = 1;
	}
	/* Static credentials with no federated successor still get a word. */
	json_array_foreach(json_object_get(w, "uses"), i, u) {
		const char *prov = nhi_get_str(u, "provider"), *ct = nhi_get_str(u, "credential_type");
		int known = 0;

		if (!json_is_true(json_object_get(u, "static")))
			continue;
		if (!strcmp(type, "gha_job") && ct && !strcmp(ct, "github_pat")) {
			plan_pat(w, u, out);
			continue;
		}
		for (size_t t = 0; t < ARRAY_SIZE(targets); t++)
			known |= prov && !strcmp(prov, targets[t].provider) &&
				 (!strcmp(type, "gha_job") || !strcmp(prov, "aws"));
		if (!known && !(planned && prov && !strcmp(prov, "aws")))
			ineligible(w, u, out);
	}
}

/* status: move an earlier plan along: applied when the checkout no longer
 * wires the static credential, validated when the role was assumed through
 * OIDC and the old credential stayed unused, retired on --retire. */
static void status_of(json_t *plan)
{
	const char *stage = nhi_get_str(plan, "stage"), *wid = nhi_get_str(plan, "workload"),
		   *role = nhi_get_path_str(plan, "artifacts.role_arn");
	json_t *w = NULL, *e;
	size_t i;

	if (!stage)
		return;
	json_array_foreach(workloads, i, e)
		if (wid && nhi_get_str(e, "id") && !strcmp(nhi_get_str(e, "id"), wid))
			w = e;
	if (!strcmp(stage, "planned") && repo_dir && w && nhi_get_str(w, "path")) {
		json_t *notes = json_array();
		char *text = read_checkout(nhi_get_str(w, "path"), notes);
		const char *job = strchr(wid, '#') ? strchr(wid, '#') + 1 : nhi_get_str(w, "job");

		for (size_t t = 0; text && job && t < ARRAY_SIZE(targets); t++)
			if (!strcmp(nhi_get_str(plan, "to"), targets[t].to) &&
			    gha_uses_static(text, strlen(text), job, &targets[t].change) == 0)
				stage = "applied";
		free(text);
		json_decref(notes);
	}
	if (!strcmp(stage, "applied")) {
		int64_t assumed = 0, old_last = 0;
		const char *ident = nhi_get_str(plan, "identity");

		json_array_foreach(events, i, e) {
			const char *name = nhi_get_str(e, "event_name"), *id = nhi_get_str(e, "identity");
			const char *res = nhi_get_str(e, "resource");

			if (name && !strcmp(name, "AssumeRoleWithWebIdentity") && role &&
			    ((res && !strcmp(res, role)) || (id && strstr(id, role))))
				assumed = nhi_get_time(e, "time") > assumed ? nhi_get_time(e, "time") : assumed;
			if (ident && id && !strcmp(id, ident) && nhi_get_time(e, "time") > old_last)
				old_last = nhi_get_time(e, "time");
		}
		if (assumed && (!old_last || old_last < nhi_opts.now - validate_after))
			stage = "validated";
	}
	if (!strcmp(stage, "validated") && retire)
		stage = "retired";
	nhi_set_str(plan, "stage", stage);
}

/* check_trust: a GitHub OIDC trust must pin sub to one repository. */
static void check_trust(const char *identity, json_t *doc)
{
	json_t *st, *stmts = json_object_get(doc, "Statement");
	size_t i;

	if (json_is_object(stmts)) {
		json_t *one = json_array();

		json_array_append(one, stmts);
		stmts = one;
	} else {
		json_incref(stmts);
	}
	json_array_foreach(stmts, i, st) {
		const char *fed = nhi_get_path_str(st, "Principal.Federated"), *op;
		json_t *cond = json_object_get(st, "Condition"), *ops, *sub = NULL;
		json_t *f;

		if (!fed || !strstr(fed, "token.actions.githubusercontent.com"))
			continue;
		json_object_foreach(cond, op, ops)
			if (json_object_get(ops, "token.actions.githubusercontent.com:sub"))
				sub = json_object_get(ops, "token.actions.githubusercontent.com:sub");
		if (!sub) {
			f = nhi_finding_new("oidc-trust-unpinned-sub", NHI_SEV_CRITICAL, "NHI6", identity,
					    "GitHub OIDC trust has no sub condition: any repository on GitHub can assume the role");
		} else {
			const char *s = json_is_string(sub) ? json_string_value(sub) :
					json_string_value(json_array_get(sub, 0));
			const char *colon = s ? strchr(s, ':') : NULL;
			const char *repo_end = colon ? strchr(colon + 1, ':') : NULL;

			if (s && !strchr(s, '*') && repo_end)
				continue;
			f = nhi_finding_new("oidc-trust-wildcard-sub", NHI_SEV_HIGH, "NHI6", identity,
					    "GitHub OIDC trust matches sub with a wildcard: more workflows than intended can assume the role");
		}
		json_array_append_new(json_object_get(f, "evidence"),
				      json_pack("{s:s, s:O}", "field", "Condition", "value", cond ? cond : json_null()));
		nhi_emit_steal(f);
	}
	json_decref(stmts);
}

/* run_collector: records from "nhi-collect SOURCE DIR", run beside us. */
static void run_collector(const char *source, const char *dir, json_t *into)
{
	char self[4096], *slash;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 32);
	int fds[2];
	pid_t pid;
	FILE *f;
	char *line = NULL;
	size_t cap = 0;
	int st;

	if (n <= 0)
		nhi_die(NHI_EXIT_SYSTEM, "cannot find nhi-collect");
	self[n] = '\0';
	slash = strrchr(self, '/');
	memcpy(slash + 1, "nhi-collect", 12);
	if (pipe(fds))
		nhi_die_errno(NHI_EXIT_SYSTEM, "pipe");
	pid = fork();
	if (pid < 0)
		nhi_die_errno(NHI_EXIT_SYSTEM, "fork");
	if (pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execl(self, "nhi-collect", source, dir, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	f = fdopen(fds[0], "r");
	while (getline(&line, &cap, f) > 0) {
		json_t *rec = json_loads(line, 0, NULL);

		if (rec)
			json_array_append_new(into, rec);
	}
	free(line);
	fclose(f);
	waitpid(pid, &st, 0);
	if (!WIFEXITED(st) || (WEXITSTATUS(st) != 0 && WEXITSTATUS(st) != 3))
		nhi_error(NHI_EXIT_SYSTEM, "nhi-collect %s %s failed", source, dir);
	else if (WEXITSTATUS(st) == 3)
		nhi_status_raise(NHI_EXIT_REJECTED);
}

static void check(void)
{
	json_t *w, *t;
	size_t i;

	run_collector("gha", check_dir, workloads);
	json_array_foreach(workloads, i, w) {
		json_t *u;
		size_t k;

		if (!nhi_kind_is(w, "workload"))
			continue;
		json_array_foreach(json_object_get(w, "uses"), k, u) {
			const char *prov = nhi_get_str(u, "provider");
			json_t *f;
			struct nhi_buf msg = NHI_BUF_INIT;

			if (!json_is_true(json_object_get(u, "static")) || !prov ||
			    (strcmp(prov, "aws") && strcmp(prov, "gcp") && strcmp(prov, "azure")))
				continue;
			nhi_buf_addf(&msg, "static %s credential %s in CI where federation is possible",
				     prov, nhi_get_str(u, "ref") ? nhi_get_str(u, "ref") : "");
			f = nhi_finding_new("static-cloud-key-in-ci", NHI_SEV_HIGH, "NHI6", NULL, msg.buf);
			nhi_set_str(f, "workload", nhi_get_str(w, "id"));
			json_array_append_new(json_object_get(f, "evidence"),
					      json_pack("{s:s?, s:O?}", "file", nhi_get_path_str(w, "source.file"),
							"line", json_object_get(u, "line")));
			nhi_emit_steal(f);
			nhi_buf_release(&msg);
		}
	}
	json_array_foreach(trusts, i, t)
		check_trust(nhi_get_str(t, "identity"), json_object_get(t, "document"));
}

static void terraform(json_t *plan)
{
	json_t *art = json_object_get(plan, "artifacts"), *pol = json_object_get(art, "policy");
	struct nhi_buf b = NHI_BUF_INIT;
	const char *name = nhi_get_str(art, "role_name");

	if (!name || !json_object_get(art, "trust_policy"))
		return;
	printf("# %s\nresource \"aws_iam_role\" \"%s\" {\n  name               = \"%s\"\n"
	       "  assume_role_policy = jsonencode(", nhi_get_str(plan, "id"), name, name);
	nhi_json_dump(json_object_get(art, "trust_policy"), &b);
	printf("%s)\n}\n", b.buf);
	if (pol) {
		nhi_buf_reset(&b);
		nhi_json_dump(pol, &b);
		printf("\nresource \"aws_iam_role_policy\" \"%s\" {\n  name   = \"least-privilege\"\n"
		       "  role   = aws_iam_role.%s.id\n  policy = jsonencode(%s)\n}\n", name, name, b.buf);
	}
	putchar('\n');
	nhi_buf_release(&b);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		NHI_COMMON_LONGOPTS,
		{ "repo", required_argument, NULL, OPT_REPO },
		{ "github-repo", required_argument, NULL, OPT_GITHUB_REPO },
		{ "aws-account", required_argument, NULL, OPT_ACCOUNT },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "status", no_argument, NULL, OPT_STATUS },
		{ "retire", no_argument, NULL, OPT_RETIRE },
		{ "validate-after", required_argument, NULL, OPT_VALIDATE_AFTER },
		{ "check", required_argument, NULL, OPT_CHECK },
		{ 0 }
	};
	static const char *const consumed[] = { "workload", "lineage", "recommendation", "trust",
						"event", "plan", NULL };
	struct nhi_reader *r;
	struct nhi_line line;
	json_t *plans = json_array(), *p;
	size_t i;
	int c, records = 1;

	nhi_diag_init(argv[0]);
	while ((c = getopt_long(argc, argv, NHI_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		switch (c) {
		case OPT_REPO: repo_dir = optarg; break;
		case OPT_GITHUB_REPO: github_repo = optarg; break;
		case OPT_ACCOUNT:
			if (strlen(optarg) != 12 || strspn(optarg, "0123456789") != 12)
				nhi_usage_error(usage, "--aws-account: not a 12-digit account id: '%s'", optarg);
			account = optarg;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "records") && strcmp(optarg, "patch") && strcmp(optarg, "terraform"))
				nhi_usage_error(usage, "--format: records, patch or terraform, not '%s'", optarg);
			format = optarg;
			break;
		case OPT_STATUS: status_mode = 1; break;
		case OPT_RETIRE: retire = 1; break;
		case OPT_VALIDATE_AFTER:
			if (nhi_duration_parse(optarg, &validate_after))
				nhi_usage_error(usage, "--validate-after: not a duration: '%s'", optarg);
			break;
		case OPT_CHECK: check_dir = optarg; break;
		default: nhi_common_option(c, optarg, argv, usage);
		}
	}
	if (retire && !status_mode)
		nhi_usage_error(usage, "--retire goes with --status");
	nhi_common_start();
	records = !strcmp(format, "records");
	workloads = json_array();
	lineages = json_array();
	recommendations = json_array();
	trusts = json_array();
	events = json_array();
	old_plans = json_array();

	if (!check_dir || optind < argc) {
		r = nhi_reader_open(argc - optind, argv + optind);
		while (nhi_reader_next(r, &line)) {
			json_t *rec;

			if (nhi_line_kind_in(&line, consumed) == 0) {
				if (records && !check_dir)
					nhi_emit_line(&line);
				continue;
			}
			if (!(rec = nhi_reader_parse(r, &line)))
				continue;
			if (nhi_kind_is(rec, "workload"))
				json_array_append(workloads, rec);
			else if (nhi_kind_is(rec, "lineage"))
				json_array_append(lineages, rec);
			else if (nhi_kind_is(rec, "recommendation"))
				json_array_append(recommendations, rec);
			else if (nhi_kind_is(rec, "trust"))
				json_array_append(trusts, rec);
			else if (nhi_kind_is(rec, "event"))
				json_array_append(events, rec);
			else if (nhi_kind_is(rec, "plan") && has_prefix(nhi_get_str(rec, "id"), "migrate:"))
				json_array_append(old_plans, rec);
			/* Our own plans are replaced; every other record goes on. */
			if (records && !check_dir && !(nhi_kind_is(rec, "plan") &&
						      has_prefix(nhi_get_str(rec, "id"), "migrate:")))
				nhi_emit(rec);
			json_decref(rec);
		}
		nhi_reader_close(r);
	}
	if (check_dir) {
		check();
	} else if (status_mode) {
		json_array_foreach(old_plans, i, p) {
			status_of(p);
			nhi_emit(p);
		}
	} else {
		json_array_foreach(workloads, i, p)
			plan_workload(p, plans);
		json_array_foreach(plans, i, p) {
			if (records)
				nhi_emit(p);
			else if (!strcmp(format, "patch") && nhi_get_str(p, "patch"))
				fputs(nhi_get_str(p, "patch"), stdout);
			else if (!strcmp(format, "terraform"))
				terraform(p);
		}
	}
	json_decref(plans);
	json_decref(workloads);
	json_decref(lineages);
	json_decref(recommendations);
	json_decref(trusts);
	json_decref(events);
	json_decref(old_plans);
	return nhi_exit();
}
