/* Privilege-escalation paths of one identity; see privesc.h. */
#include "compat.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "iam/eval.h"
#include "iam/match.h"
#include "iam/privesc.h"
#include "xalloc.h"
#include "banned.h"

#define ADMIN_POLICY "arn:aws:iam::aws:policy/AdministratorAccess"

/* How a technique finds its targets. */
enum tkind {
	T_OWN_POLICY,  /* a customer managed policy attached to self */
	T_SELF_USER,   /* self, when self is a user */
	T_SELF_ROLE,   /* self when a role, and roles self can assume */
	T_OWN_GROUP,   /* a group self is in */
	T_JOIN_GROUP,  /* a privileged group self is not in */
	T_TRUST,       /* a privileged role whose trust self rewrites */
	T_OTHER_USER,  /* a privileged user other than self */
	T_PASSROLE,    /* a privileged role that trusts the service */
	T_RUNS_AS,     /* compute (function, instance, endpoint) with a role */
	T_ASSUME,      /* a privileged role whose trust lets self in */
	T_UNSEEN,      /* a role the service makes or picks: never in an
			* IAM export, so always "*" and conditional */
};

static const struct tech {
	struct nhi_iam_technique doc;
	enum tkind kind;
	const char *act;         /* the action on the target */
	const char *service;     /* T_PASSROLE: the service principal */
	const char *more[3];     /* further actions, on some resource */
	enum nhi_iam_node_type node; /* T_RUNS_AS: the node type */
	bool conditional;        /* depends on state we cannot see */
} techs[] = {
	{{"add-user-to-group", "iam:AddUserToGroup", "a privileged group (self joins it)",
	  "the group ARN not allowed; self is a role"}, T_JOIN_GROUP, "iam:AddUserToGroup"},
	{{"assume-role", "sts:AssumeRole", "a more privileged role whose trust policy admits self",
	  "the trust policy does not name self or its account; a Deny or boundary on sts:AssumeRole"},
	 T_ASSUME, "sts:AssumeRole"},
	{{"attach-group-policy", "iam:AttachGroupPolicy", "self, through a group it is in",
	  "the group ARN not allowed; an iam:PolicyARN condition that excludes AdministratorAccess"},
	 T_OWN_GROUP, "iam:AttachGroupPolicy"},
	{{"attach-role-policy", "iam:AttachRolePolicy", "self (a role) or a role self can assume",
	  "the role ARN not allowed; an iam:PolicyARN condition"}, T_SELF_ROLE, "iam:AttachRolePolicy"},
	{{"attach-user-policy", "iam:AttachUserPolicy", "self (a user)",
	  "Resource not matching self; an iam:PolicyARN condition"}, T_SELF_USER, "iam:AttachUserPolicy"},
	{{"cloudformation-update-stack", "cloudformation:UpdateStack", "the service role of an existing stack",
	  "no stack with a privileged role; Resource limited to other stacks"}, T_RUNS_AS,
	 "cloudformation:UpdateStack", NULL, {NULL}, NHI_IAM_NODE_STACK},
	{{"codestar-associate-team-member", "codestar:CreateProject + codestar:AssociateTeamMember", "the owner policy CodeStar attaches to self on a new project (always conditional: made at run time)",
	  "no AssociateTeamMember; a Deny on codestar:*"}, T_UNSEEN, "codestar:CreateProject", NULL,
	 {"codestar:AssociateTeamMember"}},
	{{"codestar-create-project-from-template", "codestar:CreateProjectFromTemplate", "the roles CodeStar creates for a templated project (always conditional: made at run time)",
	  "a Deny on codestar:CreateProjectFromTemplate"}, T_UNSEEN, "codestar:CreateProjectFromTemplate"},
	{{"create-access-key", "iam:CreateAccessKey", "a more privileged user",
	  "Resource limited to self (user/${aws:username}) is not escalation"}, T_OTHER_USER, "iam:CreateAccessKey"},
	{{"create-login-profile", "iam:CreateLoginProfile", "a more privileged user (console password)",
	  "Resource limited to self; the user already has a password"}, T_OTHER_USER, "iam:CreateLoginProfile"},
	{{"create-policy-version", "iam:CreatePolicyVersion", "self, or a role it can assume, through a customer managed policy attached to it",
	  "AWS managed policies cannot be changed; policies attached to nothing self is or can become"}, T_OWN_POLICY, "iam:CreatePolicyVersion"},
	{{"ec2-instance-connect", "ec2-instance-connect:SendSSHPublicKey", "the instance profile role of a running instance (always conditional: it must run the Instance Connect agent and be reachable over SSH)",
	  "no instance with a privileged role; Resource limited to other instances"},
	 T_RUNS_AS, "ec2-instance-connect:SendSSHPublicKey", NULL, {NULL}, NHI_IAM_NODE_INSTANCE, true},
	{{"glue-update-dev-endpoint", "glue:UpdateDevEndpoint", "the role of an existing Glue dev endpoint",
	  "no endpoint with a privileged role"}, T_RUNS_AS, "glue:UpdateDevEndpoint", NULL, {NULL},
	 NHI_IAM_NODE_GLUE_ENDPOINT},
	{{"lambda-update-function-code", "lambda:UpdateFunctionCode", "the execution role of an existing function",
	  "no function with a privileged role; Resource limited to other functions"}, T_RUNS_AS,
	 "lambda:UpdateFunctionCode", NULL, {NULL}, NHI_IAM_NODE_FUNCTION},
	{{"lambda-update-function-configuration", "lambda:UpdateFunctionConfiguration", "the execution role of an existing function (a layer overrides a library it loads)",
	  "as lambda-update-function-code"}, T_RUNS_AS, "lambda:UpdateFunctionConfiguration", NULL, {NULL},
	 NHI_IAM_NODE_FUNCTION},
	{{"passrole-cloudformation", "iam:PassRole + cloudformation:CreateStack", "a privileged role trusting cloudformation.amazonaws.com",
	  "PassRole limited to unprivileged roles; iam:PassedToService naming another service"}, T_PASSROLE,
	 "iam:PassRole", "cloudformation.amazonaws.com", {"cloudformation:CreateStack"}},
	{{"passrole-codebuild", "iam:PassRole + codebuild:CreateProject + codebuild:StartBuild", "a privileged role trusting codebuild.amazonaws.com",
	  "as passrole-cloudformation; no StartBuild"}, T_PASSROLE, "iam:PassRole", "codebuild.amazonaws.com",
	 {"codebuild:CreateProject", "codebuild:StartBuild"}},
	{{"passrole-codestar", "iam:PassRole + codestar:CreateProject", "a privileged role trusting codestar.amazonaws.com",
	  "as passrole-cloudformation"}, T_PASSROLE, "iam:PassRole", "codestar.amazonaws.com",
	 {"codestar:CreateProject"}},
	{{"passrole-datapipeline", "iam:PassRole + datapipeline:CreatePipeline + datapipeline:PutPipelineDefinition", "a privileged role trusting datapipeline.amazonaws.com",
	  "as passrole-cloudformation"}, T_PASSROLE, "iam:PassRole", "datapipeline.amazonaws.com",
	 {"datapipeline:CreatePipeline", "datapipeline:PutPipelineDefinition"}},
	{{"passrole-ec2", "iam:PassRole + ec2:RunInstances", "a privileged role trusting ec2.amazonaws.com (instance profile)",
	  "as passrole-cloudformation"}, T_PASSROLE, "iam:PassRole", "ec2.amazonaws.com", {"ec2:RunInstances"}},
	{{"passrole-ecs", "iam:PassRole + ecs:RegisterTaskDefinition + ecs:RunTask", "a privileged role trusting ecs-tasks.amazonaws.com",
	  "as passrole-cloudformation"}, T_PASSROLE, "iam:PassRole", "ecs-tasks.amazonaws.com",
	 {"ecs:RegisterTaskDefinition", "ecs:RunTask"}},
	{{"passrole-glue", "iam:PassRole + glue:CreateDevEndpoint", "a privileged role trusting glue.amazonaws.com",
	  "as passrole-cloudformation"}, T_PASSROLE, "iam:PassRole", "glue.amazonaws.com", {"glue:CreateDevEndpoint"}},
	{{"passrole-lambda", "iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction", "a privileged role trusting lambda.amazonaws.com",
	  "as passrole-cloudformation; no InvokeFunction (see passrole-lambda-event-source)"}, T_PASSROLE,
	 "iam:PassRole", "lambda.amazonaws.com", {"lambda:CreateFunction", "lambda:InvokeFunction"}},
	{{"passrole-lambda-cross-account", "iam:PassRole + lambda:CreateFunction + lambda:AddPermission", "a privileged role trusting lambda.amazonaws.com (invoked from another account)",
	  "as passrole-cloudformation"}, T_PASSROLE, "iam:PassRole", "lambda.amazonaws.com",
	 {"lambda:CreateFunction", "lambda:AddPermission"}},
	{{"passrole-lambda-event-source", "iam:PassRole + lambda:CreateFunction + lambda:CreateEventSourceMapping", "a privileged role trusting lambda.amazonaws.com",
	  "as passrole-cloudformation"}, T_PASSROLE, "iam:PassRole", "lambda.amazonaws.com",
	 {"lambda:CreateFunction", "lambda:CreateEventSourceMapping"}},
	{{"passrole-sagemaker-notebook", "iam:PassRole + sagemaker:CreateNotebookInstance + sagemaker:CreatePresignedNotebookInstanceUrl", "a privileged role trusting sagemaker.amazonaws.com",
	  "as passrole-cloudformation"}, T_PASSROLE, "iam:PassRole", "sagemaker.amazonaws.com",
	 {"sagemaker:CreateNotebookInstance", "sagemaker:CreatePresignedNotebookInstanceUrl"}},
	{{"passrole-sagemaker-processing", "iam:PassRole + sagemaker:CreateProcessingJob", "a privileged role trusting sagemaker.amazonaws.com",
	  "as passrole-cloudformation"}, T_PASSROLE, "iam:PassRole", "sagemaker.amazonaws.com", {"sagemaker:CreateProcessingJob"}},
	{{"passrole-sagemaker-training", "iam:PassRole + sagemaker:CreateTrainingJob", "a privileged role trusting sagemaker.amazonaws.com",
	  "as passrole-cloudformation"}, T_PASSROLE, "iam:PassRole", "sagemaker.amazonaws.com", {"sagemaker:CreateTrainingJob"}},
	{{"put-group-policy", "iam:PutGroupPolicy", "self, through a group it is in",
	  "the group ARN not allowed"}, T_OWN_GROUP, "iam:PutGroupPolicy"},
	{{"put-role-policy", "iam:PutRolePolicy", "self (a role) or a role self can assume",
	  "the role ARN not allowed"}, T_SELF_ROLE, "iam:PutRolePolicy"},
	{{"put-user-policy", "iam:PutUserPolicy", "self (a user)",
	  "Resource not matching self"}, T_SELF_USER, "iam:PutUserPolicy"},
	{{"sagemaker-presigned-notebook-url", "sagemaker:CreatePresignedNotebookInstanceUrl", "the role of an existing notebook instance",
	  "no notebook with a privileged role; Resource limited to other notebooks"}, T_RUNS_AS,
	 "sagemaker:CreatePresignedNotebookInstanceUrl", NULL, {NULL}, NHI_IAM_NODE_NOTEBOOK},
	{{"set-default-policy-version", "iam:SetDefaultPolicyVersion", "self, if a non-default version of its policy grants more",
	  "AWS managed policies; policies not attached to self (always conditional: versions unseen)"},
	 T_OWN_POLICY, "iam:SetDefaultPolicyVersion", NULL, {NULL}, 0, true},
	{{"ssm-send-command", "ssm:SendCommand", "the instance profile role of a running instance",
	  "no instance with a privileged role; Resource limited to other instances"}, T_RUNS_AS,
	 "ssm:SendCommand", NULL, {NULL}, NHI_IAM_NODE_INSTANCE},
	{{"ssm-start-session", "ssm:StartSession", "the instance profile role of a running instance",
	  "as ssm-send-command"}, T_RUNS_AS, "ssm:StartSession", NULL, {NULL}, NHI_IAM_NODE_INSTANCE},
	{{"update-assume-role-policy", "iam:UpdateAssumeRolePolicy + sts:AssumeRole", "a privileged role (self rewrites its trust, then assumes it)",
	  "the role ARN not allowed; a Deny on sts:AssumeRole"}, T_TRUST, "iam:UpdateAssumeRolePolicy"},
	{{"update-login-profile", "iam:UpdateLoginProfile", "a more privileged user (resets the console password)",
	  "Resource limited to self"}, T_OTHER_USER, "iam:UpdateLoginProfile"},
};

size_t nhi_iam_technique_count(void)
{
	return ARRAY_SIZE(techs);
}

const struct nhi_iam_technique *nhi_iam_technique_at(size_t i)
{
	return i < ARRAY_SIZE(techs) ? &techs[i].doc : NULL;
}

struct finder {
	const struct nhi_iam_set *set;
	const char *self;
	char kind; /* 'u' user, 'r' role, 0 other */
	char acct[16];
	json_t *ctx;
	const struct nhi_iam_estate *estate;
	const char *exclude; /* self, except when any resource will do */
	struct nhi_iam_paths *out;
	size_t added;
	bool truncated;
	/* self's groups (ARNs) and customer managed policies (ARNs) */
	char **groups, **policies;
	size_t ngroups, npolicies;
};

/* A step being built: its outcome and evidence. */
struct step {
	const char *action;
	char *resource;
	char *via;
	enum nhi_iam_decision d;
};

static void add_str(char ***v, size_t *n, const char *s, size_t len)
{
	for (size_t i = 0; i < *n; i++)
		if (strlen((*v)[i]) == len && !strncmp((*v)[i], s, len))
			return;
	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	(*v)[(*n)++] = xstrndup(s, len);
}

static char arn_kind(const char *arn)
{
	if (strstr(arn, ":user/"))
		return 'u';
	if (strstr(arn, ":role/") || strstr(arn, ":assumed-role/"))
		return 'r';
	return 0;
}

/* check: may self do action on resource (an ARN, or a pattern: on some
 * resource it matches)? extra (may be NULL) adds condition keys; trust
 * stands in as the resource policy. */
static enum nhi_iam_decision check(struct finder *f, const char *action,
				   const char *resource, const char *key,
				   const char *value,
				   const struct nhi_iam_policy *trust,
				   char **via)
{
	struct nhi_iam_set set = *f->set;
	struct nhi_iam_result res;
	struct nhi_buf b = NHI_BUF_INIT;
	json_t *ctx = f->ctx;
	enum nhi_iam_decision d;

	/* f->ctx is our own copy: a technique's key is set for one check
	 * and taken out again, unless the caller's context gave it. */
	bool added = key && !nhi_iam_ctx_get(ctx, key);
	if (added)
		json_object_set_new(ctx, key, json_string(value));
	if (trust)
		set.resource = trust;
	struct nhi_iam_request req = {
		.principal = f->self, .action = action, .resource = resource,
		.resource_pattern = strpbrk(resource, "*?") != NULL,
		.context = ctx, .exclude = f->exclude,
	};
	d = nhi_iam_eval(&set, &req, &res);
	if (added)
		json_object_del(ctx, key);
	if (via) {
		*via = NULL;
		for (size_t i = 0; i < res.nwhy && d <= NHI_IAM_DECISION_CONDITIONAL; i++) {
			const struct nhi_iam_why *w = &res.why[i];
			if (w->effect == NHI_IAM_DECISION_EXPLICIT_DENY)
				continue;
			*via = xstrdup(nhi_iam_stmt_label(w->policy, w->stmt, &b));
			break;
		}
		if (!*via)
			*via = xstrdup("");
	}
	nhi_buf_release(&b);
	return d;
}

static int path_cmp(const void *a, const void *b)
{
	const struct nhi_iam_path *x = a, *y = b;
	int c = strcmp(x->technique, y->technique);

	return c ? c : strcmp(x->target, y->target);
}

/* emit: a path from the steps, when each is allowed (conditional ones
 * make it conditional). Frees the steps' strings otherwise. */
static void emit(struct finder *f, const struct tech *t, const char *target,
		 struct step *st, size_t n, bool unknown)
{
	struct nhi_iam_path *p;
	bool ok = true, cond = t->conditional || unknown;

	for (size_t i = 0; i < n; i++) {
		if (st[i].d > NHI_IAM_DECISION_CONDITIONAL)
			ok = false;
		if (st[i].d == NHI_IAM_DECISION_CONDITIONAL)
			cond = true;
	}
	for (size_t i = 0; ok && i < f->out->n; i++)
		if (f->out->v[i].technique == t->doc.name &&
		    !strcmp(f->out->v[i].target, target))
			ok = false;
	if (ok && f->added >= NHI_IAM_MAX_PATHS) {
		f->truncated = true;
		ok = false;
	}
	if (!ok) {
		for (size_t i = 0; i < n; i++) {
			free(st[i].resource);
			free(st[i].via);
		}
		return;
	}
	if (f->out->n == f->out->alloc) {
		f->out->alloc = f->out->alloc ? f->out->alloc * 2 : 8;
		f->out->v = xreallocarray(f->out->v, f->out->alloc, sizeof(*f->out->v));
	}
	p = &f->out->v[f->out->n++];
	f->added++;
	p->technique = t->doc.name;
	p->target = xstrdup(target);
	p->conditional = cond;
	p->unknown_target = unknown;
	p->nsteps = n;
	p->steps = xcalloc(n, sizeof(*p->steps));
	for (size_t i = 0; i < n; i++) {
		p->steps[i].action = xstrdup(st[i].action);
		p->steps[i].resource = st[i].resource;
		p->steps[i].via = st[i].via;
	}
}

/* step_on: fill one step: action on resource, with one extra key. */
static enum nhi_iam_decision step_on(struct finder *f, struct step *s,
				     const char *action, const char *resource,
				     const char *key, const char *value,
				     const struct nhi_iam_policy *trust)
{
	s->action = action;
	s->resource = xstrdup(resource);
	s->d = check(f, action, resource, key, value, trust, &s->via);
	return s->d;
}

static void drop_steps(struct step *st, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(st[i].resource);
		free(st[i].via);
		st[i].resource = st[i].via = NULL;
	}
}

/* more_steps: the technique's further actions on some resource. */
static size_t more_steps(struct finder *f, const struct tech *t, struct step *st,
			 size_t n)
{
	for (size_t k = 0; k < ARRAY_SIZE(t->more) && t->more[k]; k++)
		step_on(f, &st[n++], t->more[k], "*", NULL, NULL, NULL);
	return n;
}

static const struct nhi_iam_node *node_by_arn(const struct finder *f,
					      const char *arn)
{
	if (!f->estate || !arn)
		return NULL;
	for (size_t i = 0; i < f->estate->nnodes; i++)
		if (f->estate->nodes[i].arn && !strcmp(f->estate->nodes[i].arn, arn))
			return &f->estate->nodes[i];
	return NULL;
}

static bool estate_has(const struct finder *f, enum nhi_iam_node_type type)
{
	if (!f->estate)
		return false;
	for (size_t i = 0; i < f->estate->nnodes; i++)
		if (f->estate->nodes[i].type == type)
			return true;
	return false;
}

static bool estate_has_privileged(const struct finder *f,
				  enum nhi_iam_node_type type)
{
	for (size_t i = 0; f->estate && i < f->estate->nnodes; i++)
		if (f->estate->nodes[i].type == type && f->estate->nodes[i].privileged)
			return true;
	return false;
}

/* trusts: the role's trust policy may let who assume it. */
static bool trusts(const struct nhi_iam_node *role, const char *who)
{
	struct nhi_iam_request req = {.principal = who, .action = "sts:AssumeRole",
				      .resource = role->arn};

	if (!role->trust)
		return false;
	for (unsigned i = 0; i < role->trust->nstmts; i++) {
		const struct nhi_iam_stmt *s = &role->trust->stmts[i];
		if (s->effect == NHI_IAM_ALLOW &&
		    nhi_iam_stmt_applies(role->trust, s, &req) != NHI_IAM_NO)
			return true;
	}
	return false;
}

static bool is_member(const struct nhi_iam_node *n, const char *arn)
{
	for (size_t i = 0; i < n->nmembers; i++)
		if (n->members[i] && !strcmp(n->members[i], arn))
			return true;
	return false;
}

static void unknown_pattern(const struct finder *f, const char *fmt,
			    struct nhi_buf *b)
{
	nhi_buf_reset(b);
	nhi_buf_addf(b, fmt, f->acct[0] ? f->acct : "*");
}

/* full: the path limit is reached; the walk stops there. */
static bool full(struct finder *f)
{
	if (f->added < NHI_IAM_MAX_PATHS)
		return false;
	f->truncated = true;
	return true;
}

/* somewhere: self may do action on some resource (conditions unknown to
 * the context count as maybe). */
static bool somewhere(struct finder *f, const char *action)
{
	enum nhi_iam_decision d;

	f->exclude = NULL;
	d = check(f, action, "*", NULL, NULL, NULL, NULL);
	f->exclude = f->self;
	return d <= NHI_IAM_DECISION_CONDITIONAL;
}

/* runs_as_pattern: the ARNs of compute of one kind, for an estate that
 * lists none. */
static const char *runs_as_pattern(enum nhi_iam_node_type type)
{
	switch (type) {
	case NHI_IAM_NODE_FUNCTION:
		return "arn:aws:lambda:*:%s:function:*";
	case NHI_IAM_NODE_INSTANCE:
		return "arn:aws:ec2:*:%s:instance/*";
	case NHI_IAM_NODE_STACK:
		return "arn:aws:cloudformation:*:%s:stack/*";
	case NHI_IAM_NODE_NOTEBOOK:
		return "arn:aws:sagemaker:*:%s:notebook-instance/*";
	default:
		return "arn:aws:glue:*:%s:devEndpoint/*";
	}
}

static void run_tech(struct finder *f, const struct tech *t)
{
	struct step st[6];
	struct nhi_buf b = NHI_BUF_INIT;
	const struct nhi_iam_node *nd;
	size_t n;

	/* Most identities hold none of these actions: one evaluation each
	 * spares the walk over the estate. A trust policy naming self
	 * allows sts:AssumeRole without any identity policy, so that one
	 * technique always walks. */
	if (t->kind != T_ASSUME && !somewhere(f, t->act))
		return;
	for (size_t k = 0; k < ARRAY_SIZE(t->more) && t->more[k]; k++)
		if (!somewhere(f, t->more[k]))
			return;
	memset(st, 0, sizeof(st));
	switch (t->kind) {
	case T_OWN_POLICY:
		for (size_t i = 0; i < f->npolicies; i++) {
			step_on(f, &st[0], t->act, f->policies[i], NULL, NULL, NULL);
			emit(f, t, f->self, st, 1, false);
		}
		/* A policy attached to a role self can assume changes that
		 * role; self then becomes it. */
		for (size_t i = 0; f->estate && i < f->estate->nnodes && !full(f); i++) {
			char acct[16];
			nd = &f->estate->nodes[i];
			if (nd->type != NHI_IAM_NODE_POLICY || !nd->arn ||
			    !nhi_iam_arn_account(nd->arn, acct)[0])
				continue;
			for (size_t m = 0; m < nd->nmembers; m++) {
				const struct nhi_iam_node *r = node_by_arn(f, nd->members[m]);
				if (!r || r->type != NHI_IAM_NODE_ROLE ||
				    !strcmp(r->arn, f->self) || !trusts(r, f->self))
					continue;
				step_on(f, &st[0], t->act, nd->arn, NULL, NULL, NULL);
				step_on(f, &st[1], "sts:AssumeRole", r->arn, NULL, NULL, r->trust);
				emit(f, t, r->arn, st, 2, false);
			}
		}
		break;
	case T_SELF_USER:
		if (f->kind != 'u')
			break;
		step_on(f, &st[0], t->act, f->self, "iam:PolicyARN", ADMIN_POLICY, NULL);
		emit(f, t, f->self, st, 1, false);
		break;
	case T_SELF_ROLE:
		if (f->kind == 'r') {
			step_on(f, &st[0], t->act, f->self, "iam:PolicyARN", ADMIN_POLICY, NULL);
			emit(f, t, f->self, st, 1, false);
		}
		/* A role self can assume: change it, then become it. */
		for (size_t i = 0; f->estate && i < f->estate->nnodes && !full(f); i++) {
			nd = &f->estate->nodes[i];
			if (nd->type != NHI_IAM_NODE_ROLE || !strcmp(nd->arn, f->self) ||
			    !trusts(nd, f->self))
				continue;
			step_on(f, &st[0], t->act, nd->arn, "iam:PolicyARN", ADMIN_POLICY, NULL);
			step_on(f, &st[1], "sts:AssumeRole", nd->arn, NULL, NULL, nd->trust);
			emit(f, t, nd->arn, st, 2, false);
		}
		break;
	case T_OWN_GROUP:
		for (size_t i = 0; f->kind == 'u' && i < f->ngroups; i++) {
			step_on(f, &st[0], t->act, f->groups[i], "iam:PolicyARN", ADMIN_POLICY, NULL);
			emit(f, t, f->self, st, 1, false);
		}
		break;
	case T_JOIN_GROUP:
		if (f->kind != 'u')
			break;
		for (size_t i = 0; f->estate && i < f->estate->nnodes && !full(f); i++) {
			nd = &f->estate->nodes[i];
			if (nd->type != NHI_IAM_NODE_GROUP || !nd->privileged ||
			    is_member(nd, f->self))
				continue;
			step_on(f, &st[0], t->act, nd->arn, NULL, NULL, NULL);
			emit(f, t, nd->arn, st, 1, false);
		}
		/* Only a privileged group is a target: a caller may list
		 * self's own groups (for attach/put-group-policy) and no
		 * other. */
		if (!estate_has_privileged(f, NHI_IAM_NODE_GROUP)) {
			unknown_pattern(f, "arn:aws:iam::%s:group/*", &b);
			step_on(f, &st[0], t->act, b.buf, NULL, NULL, NULL);
			emit(f, t, "*", st, 1, true);
		}
		break;
	case T_TRUST:
		for (size_t i = 0; f->estate && i < f->estate->nnodes && !full(f); i++) {
			nd = &f->estate->nodes[i];
			if (nd->type != NHI_IAM_NODE_ROLE || !nd->privileged ||
			    !strcmp(nd->arn, f->self))
				continue;
			/* After the rewrite the trust names self. */
			struct nhi_buf doc = NHI_BUF_INIT;
			nhi_buf_addf(&doc, "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"%s\"},\"Action\":\"sts:AssumeRole\"}}", f->self);
			json_t *j = json_loads(doc.buf, 0, NULL);
			struct nhi_iam_policy *tp = nhi_iam_policy_parse(j, NHI_IAM_TRUST, "trust:rewritten", NULL);
			json_decref(j);
			nhi_buf_release(&doc);
			step_on(f, &st[0], t->act, nd->arn, NULL, NULL, NULL);
			step_on(f, &st[1], "sts:AssumeRole", nd->arn, NULL, NULL, tp);
			nhi_iam_policy_free(tp);
			emit(f, t, nd->arn, st, 2, false);
		}
		if (!estate_has(f, NHI_IAM_NODE_ROLE)) {
			unknown_pattern(f, "arn:aws:iam::%s:role/*", &b);
			step_on(f, &st[0], t->act, b.buf, NULL, NULL, NULL);
			step_on(f, &st[1], "sts:AssumeRole", b.buf, NULL, NULL, NULL);
			emit(f, t, "*", st, 2, true);
		}
		break;
	case T_OTHER_USER:
		for (size_t i = 0; f->estate && i < f->estate->nnodes && !full(f); i++) {
			nd = &f->estate->nodes[i];
			if (nd->type != NHI_IAM_NODE_USER || !nd->privileged ||
			    !strcmp(nd->arn, f->self))
				continue;
			step_on(f, &st[0], t->act, nd->arn, NULL, NULL, NULL);
			emit(f, t, nd->arn, st, 1, false);
		}
		if (!estate_has(f, NHI_IAM_NODE_USER)) {
			/* Self excluded: a grant on user/${aws:username} only
			 * reaches self, which is not escalation. */
			unknown_pattern(f, "arn:aws:iam::%s:user/*", &b);
			step_on(f, &st[0], t->act, b.buf, NULL, NULL, NULL);
			emit(f, t, "*", st, 1, true);
		}
		break;
	case T_PASSROLE:
		for (size_t i = 0; f->estate && i < f->estate->nnodes && !full(f); i++) {
			nd = &f->estate->nodes[i];
			if (nd->type != NHI_IAM_NODE_ROLE || !nd->privileged ||
			    !trusts(nd, t->service))
				continue;
			step_on(f, &st[0], "iam:PassRole", nd->arn, "iam:PassedToService",
				t->service, NULL);
			if (st[0].d > NHI_IAM_DECISION_CONDITIONAL) {
				drop_steps(st, 1);
				continue;
			}
			n = more_steps(f, t, st, 1);
			emit(f, t, nd->arn, st, n, false);
		}
		if (!estate_has(f, NHI_IAM_NODE_ROLE)) {
			unknown_pattern(f, "arn:aws:iam::%s:role/*", &b);
			step_on(f, &st[0], "iam:PassRole", b.buf, "iam:PassedToService",
				t->service, NULL);
			n = more_steps(f, t, st, 1);
			emit(f, t, "*", st, n, true);
		}
		break;
	case T_RUNS_AS:
		for (size_t i = 0; f->estate && i < f->estate->nnodes && !full(f); i++) {
			const struct nhi_iam_node *role;
			nd = &f->estate->nodes[i];
			if (nd->type != t->node || !nd->role)
				continue;
			role = node_by_arn(f, nd->role);
			if (!nd->privileged && !(role && role->privileged))
				continue;
			step_on(f, &st[0], t->act, nd->arn, NULL, NULL, NULL);
			emit(f, t, nd->role, st, 1, false);
		}
		if (!estate_has(f, t->node)) {
			unknown_pattern(f, runs_as_pattern(t->node), &b);
			step_on(f, &st[0], t->act, b.buf, NULL, NULL, NULL);
			emit(f, t, "*", st, 1, true);
		}
		break;
	case T_UNSEEN:
		step_on(f, &st[0], t->act, "*", NULL, NULL, NULL);
		n = more_steps(f, t, st, 1);
		emit(f, t, "*", st, n, true);
		break;
	case T_ASSUME:
		for (size_t i = 0; f->estate && i < f->estate->nnodes && !full(f); i++) {
			nd = &f->estate->nodes[i];
			if (nd->type != NHI_IAM_NODE_ROLE || !nd->privileged ||
			    !nd->trust || !strcmp(nd->arn, f->self) ||
			    !trusts(nd, f->self))
				continue;
			step_on(f, &st[0], t->act, nd->arn, NULL, NULL, nd->trust);
			emit(f, t, nd->arn, st, 1, false);
		}
		break;
	}
	nhi_buf_release(&b);
}

/* self_facts: self's groups and customer managed policies, from the vias
 * of its policies and from the estate. */
static void self_facts(struct finder *f)
{
	struct nhi_buf b = NHI_BUF_INIT;

	for (size_t i = 0; i < f->set->nidentity; i++) {
		const char *via = f->set->identity[i]->via, *m, *slash;
		if (!via)
			continue;
		if (!strncmp(via, "group:", 6) && (slash = strchr(via + 6, '/'))) {
			const char *name = via + 6;
			size_t len = (size_t)(slash - name);
			const struct nhi_iam_node *g = NULL;
			for (size_t k = 0; f->estate && k < f->estate->nnodes; k++) {
				const struct nhi_iam_node *n = &f->estate->nodes[k];
				const char *s = n->arn ? strrchr(n->arn, '/') : NULL;
				if (n->type == NHI_IAM_NODE_GROUP && s &&
				    strlen(s + 1) == len && !strncmp(s + 1, name, len))
					g = n;
			}
			nhi_buf_reset(&b);
			if (g)
				nhi_buf_adds(&b, g->arn);
			else
				nhi_buf_addf(&b, "arn:aws:iam::%s:group/%.*s",
					     f->acct, (int)len, name);
			add_str(&f->groups, &f->ngroups, b.buf, b.len);
		}
		m = strstr(via, "managed:");
		if (m) {
			char acct[16];
			m += 8;
			nhi_iam_arn_account(m, acct);
			/* AWS managed policies (account "aws") cannot change. */
			if (acct[0])
				add_str(&f->policies, &f->npolicies, m, strlen(m));
		}
	}
	for (size_t k = 0; f->estate && k < f->estate->nnodes; k++) {
		const struct nhi_iam_node *n = &f->estate->nodes[k];
		char acct[16];
		if (!n->arn || !is_member(n, f->self))
			continue;
		if (n->type == NHI_IAM_NODE_GROUP)
			add_str(&f->groups, &f->ngroups, n->arn, strlen(n->arn));
		else if (n->type == NHI_IAM_NODE_POLICY && nhi_iam_arn_account(n->arn, acct)[0])
			add_str(&f->policies, &f->npolicies, n->arn, strlen(n->arn));
	}
	/* Policies attached to self's groups change self too. */
	for (size_t k = 0; f->estate && k < f->estate->nnodes; k++) {
		const struct nhi_iam_node *n = &f->estate->nodes[k];
		char acct[16];
		if (n->type != NHI_IAM_NODE_POLICY || !n->arn ||
		    !nhi_iam_arn_account(n->arn, acct)[0])
			continue;
		for (size_t g = 0; g < f->ngroups; g++)
			if (is_member(n, f->groups[g]))
				add_str(&f->policies, &f->npolicies, n->arn, strlen(n->arn));
	}
	nhi_buf_release(&b);
}

size_t nhi_iam_privesc_find(const struct nhi_iam_set *set, const char *self,
			    const json_t *ctx,
			    const struct nhi_iam_estate *estate,
			    struct nhi_iam_paths *out, bool *truncated)
{
	struct finder f = {.set = set, .self = self, .estate = estate, .out = out,
			   .exclude = self};
	size_t first = out->n;

	f.kind = arn_kind(self);
	nhi_iam_arn_account(self, f.acct);
	f.ctx = nhi_iam_ctx_principal(ctx, self);
	self_facts(&f);
	for (size_t i = 0; i < ARRAY_SIZE(techs); i++)
		run_tech(&f, &techs[i]);
	if (out->n > first)
		qsort(out->v + first, out->n - first, sizeof(*out->v), path_cmp);
	for (size_t i = 0; i < f.ngroups; i++)
		free(f.groups[i]);
	for (size_t i = 0; i < f.npolicies; i++)
		free(f.policies[i]);
	free(f.groups);
	free(f.policies);
	json_decref(f.ctx);
	if (truncated)
		*truncated = f.truncated;
	return out->n - first;
}

void nhi_iam_paths_release(struct nhi_iam_paths *p)
{
	for (size_t i = 0; i < p->n; i++) {
		struct nhi_iam_path *x = &p->v[i];
		for (size_t k = 0; k < x->nsteps; k++) {
			free(x->steps[k].action);
			free(x->steps[k].resource);
			free(x->steps[k].via);
		}
		free(x->steps);
		free(x->target);
	}
	free(p->v);
	p->v = NULL;
	p->n = p->alloc = 0;
}

json_t *nhi_iam_path_json(const struct nhi_iam_path *p)
{
	json_t *o = json_object(), *a = json_array();

	json_object_set_new(o, "technique", json_string(p->technique));
	json_object_set_new(o, "target", json_string(p->target));
	if (p->conditional)
		json_object_set_new(o, "conditional", json_true());
	if (p->unknown_target)
		json_object_set_new(o, "unknown_target", json_true());
	for (size_t i = 0; i < p->nsteps; i++) {
		json_t *s = json_object();
		json_object_set_new(s, "action", json_string(p->steps[i].action));
		json_object_set_new(s, "resource", json_string(p->steps[i].resource));
		json_object_set_new(s, "via", json_string(p->steps[i].via));
		json_array_append_new(a, s);
	}
	json_object_set_new(o, "steps", a);
	return o;
}
