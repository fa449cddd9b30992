/* Unit tests for lib/iam/privesc.c: for every technique a path that is
 * found, a near miss that really blocks it, and one that only looks as
 * if it did. Policies are written with ' for " to stay readable. */
#include "compat.h"

#include "iam/privesc.h"
#include "iam-test.h"
#include "unit.h"

#define ACCT "111111111111"
#define ALICE "arn:aws:iam::" ACCT ":user/alice"
#define APP "arn:aws:iam::" ACCT ":role/app"
#define ADMIN_ALL "arn:aws:iam::" ACCT ":role/admin-all"
#define MYPOL "arn:aws:iam::" ACCT ":policy/alice-policy"

static const char *const services =
	"['lambda.amazonaws.com','ec2.amazonaws.com','glue.amazonaws.com',"
	"'cloudformation.amazonaws.com','codebuild.amazonaws.com',"
	"'sagemaker.amazonaws.com','datapipeline.amazonaws.com','ecs-tasks.amazonaws.com',"
	"'codestar.amazonaws.com']";

static struct nhi_iam_policy *quoted(const char *q, enum nhi_iam_kind kind,
				     const char *via)
{
	struct nhi_buf b = NHI_BUF_INIT;
	struct nhi_iam_policy *p;

	for (const char *s = q; *s; s++)
		nhi_buf_addch(&b, *s == '\'' ? '"' : *s);
	p = iam_test_policy(b.buf, kind, via);
	nhi_buf_release(&b);
	return p;
}

static struct nhi_iam_policy *trust_of(const char *principal)
{
	struct nhi_buf b = NHI_BUF_INIT;
	struct nhi_iam_policy *p;

	nhi_buf_addf(&b, "{'Statement':{'Effect':'Allow','Principal':%s,'Action':'sts:AssumeRole'}}", principal);
	p = quoted(b.buf, NHI_IAM_TRUST, "trust");
	nhi_buf_release(&b);
	return p;
}

static struct nhi_iam_policy *trusts[6];
static struct nhi_iam_node nodes[32];
static struct nhi_iam_estate estate;
static const char *const alice_only[] = {ALICE};
static const char *const team_members[] = {"arn:aws:iam::" ACCT ":role/admin-trusting-alice"};
static const char *const foreign_members[] = {"arn:aws:iam::" ACCT ":role/admin-foreign"};

static void add(enum nhi_iam_node_type t, const char *arn, bool priv,
		const struct nhi_iam_policy *trust, const char *role,
		const char *const *members, size_t n)
{
	nodes[estate.nnodes++] = (struct nhi_iam_node){
		.type = t, .arn = arn, .privileged = priv, .trust = trust,
		.role = role, .members = members, .nmembers = n};
}

static void build_estate(void)
{
	struct nhi_buf b = NHI_BUF_INIT;

	nhi_buf_addf(&b, "{'Service':%s}", services);
	trusts[0] = trust_of(b.buf);
	trusts[1] = trust_of(b.buf);
	trusts[2] = trust_of("{'AWS':'" ALICE "'}");
	trusts[3] = trust_of("{'AWS':'arn:aws:iam::" ACCT ":root'}");
	trusts[4] = trust_of("{'AWS':'arn:aws:iam::999999999999:root'}");
	trusts[5] = trust_of("{'Service':'lambda.amazonaws.com'}");
	nhi_buf_release(&b);
	estate.nodes = nodes;
	add(NHI_IAM_NODE_USER, ALICE, false, NULL, NULL, NULL, 0);
	add(NHI_IAM_NODE_USER, "arn:aws:iam::" ACCT ":user/admin-user", true, NULL, NULL, NULL, 0);
	add(NHI_IAM_NODE_USER, "arn:aws:iam::" ACCT ":user/intern", false, NULL, NULL, NULL, 0);
	add(NHI_IAM_NODE_ROLE, ADMIN_ALL, true, trusts[0], NULL, NULL, 0);
	add(NHI_IAM_NODE_ROLE, "arn:aws:iam::" ACCT ":role/basic-all", false, trusts[1], NULL, NULL, 0);
	add(NHI_IAM_NODE_ROLE, "arn:aws:iam::" ACCT ":role/admin-trusting-alice", true, trusts[2], NULL, NULL, 0);
	add(NHI_IAM_NODE_ROLE, "arn:aws:iam::" ACCT ":role/admin-trusting-account", true, trusts[3], NULL, NULL, 0);
	add(NHI_IAM_NODE_ROLE, "arn:aws:iam::" ACCT ":role/admin-foreign", true, trusts[4], NULL, NULL, 0);
	add(NHI_IAM_NODE_ROLE, APP, false, trusts[5], NULL, NULL, 0);
	add(NHI_IAM_NODE_GROUP, "arn:aws:iam::" ACCT ":group/admins", true, NULL, NULL, NULL, 0);
	add(NHI_IAM_NODE_GROUP, "arn:aws:iam::" ACCT ":group/devs", false, NULL, NULL, alice_only, 1);
	add(NHI_IAM_NODE_POLICY, MYPOL, false, NULL, NULL, alice_only, 1);
	add(NHI_IAM_NODE_POLICY, "arn:aws:iam::" ACCT ":policy/other-policy", false, NULL, NULL, NULL, 0);
	add(NHI_IAM_NODE_POLICY, "arn:aws:iam::" ACCT ":policy/team-policy", false, NULL, NULL, team_members, 1);
	add(NHI_IAM_NODE_POLICY, "arn:aws:iam::" ACCT ":policy/foreign-policy", false, NULL, NULL, foreign_members, 1);
	add(NHI_IAM_NODE_FUNCTION, "arn:aws:lambda:us-east-1:" ACCT ":function:admin-fn", false, NULL, ADMIN_ALL, NULL, 0);
	add(NHI_IAM_NODE_FUNCTION, "arn:aws:lambda:us-east-1:" ACCT ":function:basic-fn", false, NULL, "arn:aws:iam::" ACCT ":role/basic-all", NULL, 0);
	add(NHI_IAM_NODE_INSTANCE, "arn:aws:ec2:us-east-1:" ACCT ":instance/i-admin", false, NULL, ADMIN_ALL, NULL, 0);
	add(NHI_IAM_NODE_INSTANCE, "arn:aws:ec2:us-east-1:" ACCT ":instance/i-basic", false, NULL, "arn:aws:iam::" ACCT ":role/basic-all", NULL, 0);
	add(NHI_IAM_NODE_GLUE_ENDPOINT, "arn:aws:glue:us-east-1:" ACCT ":devEndpoint/admin-ep", false, NULL, ADMIN_ALL, NULL, 0);
	add(NHI_IAM_NODE_GLUE_ENDPOINT, "arn:aws:glue:us-east-1:" ACCT ":devEndpoint/basic-ep", false, NULL, "arn:aws:iam::" ACCT ":role/basic-all", NULL, 0);
	add(NHI_IAM_NODE_STACK, "arn:aws:cloudformation:us-east-1:" ACCT ":stack/admin-stack/1", false, NULL, ADMIN_ALL, NULL, 0);
	add(NHI_IAM_NODE_STACK, "arn:aws:cloudformation:us-east-1:" ACCT ":stack/basic-stack/2", false, NULL, "arn:aws:iam::" ACCT ":role/basic-all", NULL, 0);
	add(NHI_IAM_NODE_NOTEBOOK, "arn:aws:sagemaker:us-east-1:" ACCT ":notebook-instance/admin-nb", false, NULL, ADMIN_ALL, NULL, 0);
	add(NHI_IAM_NODE_NOTEBOOK, "arn:aws:sagemaker:us-east-1:" ACCT ":notebook-instance/basic-nb", false, NULL, "arn:aws:iam::" ACCT ":role/basic-all", NULL, 0);
}

/* FOUND_UNSEEN: target "*", unknown and conditional (the service makes
 * the role at run time). */
enum { ABSENT, FOUND, FOUND_COND, FOUND_UNSEEN };

struct tcase {
	const char *tech, *self, *target;
	int expect;
	const char *policy; /* the Statement list */
};

#define ALLOW(a, r) "{'Effect':'Allow','Action':" a ",'Resource':" r "}"
#define ALLOW_IF(a, r, c) "{'Effect':'Allow','Action':" a ",'Resource':" r ",'Condition':" c "}"
#define DENY(a, r) "{'Effect':'Deny','Action':" a ",'Resource':" r "}"
#define PASSROLE(svc, more) ALLOW("'iam:PassRole'", "'*'") "," ALLOW(more, "'*'")
#define PASSROLE_TO(svc, more) ALLOW_IF("'iam:PassRole'", "'*'", "{'StringEquals':{'iam:PassedToService':'" svc "'}}") "," ALLOW(more, "'*'")

static const struct tcase cases[] = {
	/* add-user-to-group */
	{"add-user-to-group", ALICE, "arn:aws:iam::" ACCT ":group/admins", FOUND, ALLOW("'iam:AddUserToGroup'", "'*'")},
	{"add-user-to-group", ALICE, "arn:aws:iam::" ACCT ":group/admins", ABSENT, ALLOW("'iam:AddUserToGroup'", "'arn:aws:iam::" ACCT ":group/devs'")},
	{"add-user-to-group", ALICE, "arn:aws:iam::" ACCT ":group/admins", FOUND, ALLOW("'iam:AddUserToGroup'", "'arn:aws:iam::" ACCT ":group/adm*'")},
	/* assume-role: the account-wide trust needs an identity Allow; a
	 * trust naming alice herself does not. */
	{"assume-role", ALICE, "arn:aws:iam::" ACCT ":role/admin-trusting-account", FOUND, ALLOW("'sts:AssumeRole'", "'*'")},
	{"assume-role", ALICE, "arn:aws:iam::" ACCT ":role/admin-trusting-account", ABSENT, ALLOW("'s3:GetObject'", "'*'")},
	{"assume-role", ALICE, "arn:aws:iam::" ACCT ":role/admin-trusting-alice", FOUND, ALLOW("'s3:GetObject'", "'*'")},
	{"assume-role", ALICE, "arn:aws:iam::" ACCT ":role/admin-foreign", ABSENT, ALLOW("'sts:AssumeRole'", "'*'")},
	/* attach-group-policy */
	{"attach-group-policy", ALICE, ALICE, FOUND, ALLOW("'iam:AttachGroupPolicy'", "'arn:aws:iam::" ACCT ":group/devs'")},
	{"attach-group-policy", ALICE, ALICE, ABSENT, ALLOW_IF("'iam:AttachGroupPolicy'", "'*'", "{'ArnEquals':{'iam:PolicyARN':'arn:aws:iam::" ACCT ":policy/readonly'}}")},
	{"attach-group-policy", ALICE, ALICE, FOUND, ALLOW("'iam:AttachGroupPolicy'", "'arn:aws:iam::*:group/d*'")},
	/* attach-role-policy */
	{"attach-role-policy", APP, APP, FOUND, ALLOW("'iam:AttachRolePolicy'", "'*'")},
	{"attach-role-policy", APP, APP, ABSENT, ALLOW("'iam:AttachRolePolicy'", "'arn:aws:iam::" ACCT ":role/other'")},
	{"attach-role-policy", APP, APP, FOUND, ALLOW_IF("'iam:AttachRolePolicy'", "'" APP "'", "{'ArnLike':{'iam:PolicyARN':'arn:aws:iam::aws:policy/*'}}")},
	/* attach-user-policy: on self it is escalation. */
	{"attach-user-policy", ALICE, ALICE, FOUND, ALLOW("'iam:AttachUserPolicy'", "'" ALICE "'")},
	{"attach-user-policy", ALICE, ALICE, ABSENT, ALLOW("'iam:AttachUserPolicy'", "'arn:aws:iam::" ACCT ":user/intern'")},
	{"attach-user-policy", ALICE, ALICE, FOUND, ALLOW("'iam:AttachUserPolicy'", "'arn:aws:iam::*:user/${aws:username}'")},
	/* create-access-key: self only is not escalation. */
	{"create-access-key", ALICE, "arn:aws:iam::" ACCT ":user/admin-user", FOUND, ALLOW("'iam:CreateAccessKey'", "'*'")},
	{"create-access-key", ALICE, "arn:aws:iam::" ACCT ":user/admin-user", ABSENT, ALLOW("'iam:CreateAccessKey'", "'arn:aws:iam::*:user/${aws:username}'")},
	{"create-access-key", ALICE, "arn:aws:iam::" ACCT ":user/admin-user", ABSENT, ALLOW("'iam:CreateAccessKey'", "'arn:aws:iam::" ACCT ":user/intern'")},
	{"create-access-key", ALICE, "arn:aws:iam::" ACCT ":user/admin-user", FOUND, "{'Effect':'Allow','Action':'iam:CreateAccessKey','NotResource':'" ALICE "'}"},
	/* create-login-profile, update-login-profile */
	{"create-login-profile", ALICE, "arn:aws:iam::" ACCT ":user/admin-user", FOUND, ALLOW("'iam:CreateLoginProfile'", "'*'")},
	{"create-login-profile", ALICE, "arn:aws:iam::" ACCT ":user/admin-user", ABSENT, ALLOW("'iam:CreateLoginProfile'", "'arn:aws:iam::*:user/${aws:username}'")},
	{"create-login-profile", ALICE, "arn:aws:iam::" ACCT ":user/admin-user", FOUND, ALLOW("'iam:CreateLoginProfile'", "'arn:aws:iam::" ACCT ":user/admin*'")},
	{"update-login-profile", ALICE, "arn:aws:iam::" ACCT ":user/admin-user", FOUND, ALLOW("'iam:UpdateLoginProfile'", "'*'")},
	{"update-login-profile", ALICE, "arn:aws:iam::" ACCT ":user/admin-user", ABSENT, ALLOW("'iam:UpdateLoginProfile'", "'arn:aws:iam::*:user/${aws:username}'")},
	{"update-login-profile", ALICE, "arn:aws:iam::" ACCT ":user/admin-user", FOUND, ALLOW("'iam:UpdateLoginProfile'", "'arn:aws:iam::" ACCT ":user/admin*'")},
	/* create-policy-version, set-default-policy-version */
	{"create-policy-version", ALICE, ALICE, FOUND, ALLOW("'iam:CreatePolicyVersion'", "'" MYPOL "'")},
	{"create-policy-version", ALICE, ALICE, ABSENT, ALLOW("'iam:CreatePolicyVersion'", "['arn:aws:iam::" ACCT ":policy/other-policy','arn:aws:iam::aws:policy/*']")},
	{"create-policy-version", ALICE, ALICE, FOUND, ALLOW("'iam:CreatePolicyVersion'", "'arn:aws:iam::" ACCT ":policy/alice-*'")},
	/* A policy of a role alice can assume; not one of a role she cannot. */
	{"create-policy-version", ALICE, "arn:aws:iam::" ACCT ":role/admin-trusting-alice", FOUND, ALLOW("'iam:CreatePolicyVersion'", "'*'")},
	{"create-policy-version", ALICE, "arn:aws:iam::" ACCT ":role/admin-foreign", ABSENT, ALLOW("'iam:CreatePolicyVersion'", "'*'") "," ALLOW("'sts:AssumeRole'", "'*'")},
	{"set-default-policy-version", ALICE, ALICE, FOUND_COND, ALLOW("'iam:SetDefaultPolicyVersion'", "'" MYPOL "'")},
	{"set-default-policy-version", ALICE, ALICE, ABSENT, ALLOW("'iam:SetDefaultPolicyVersion'", "'arn:aws:iam::" ACCT ":policy/other-policy'")},
	{"set-default-policy-version", ALICE, ALICE, FOUND_COND, ALLOW("'iam:SetDefaultPolicyVersion'", "'*'") "," DENY("'iam:SetDefaultPolicyVersion'", "'arn:aws:iam::" ACCT ":policy/other-policy'")},
	/* glue-update-dev-endpoint, lambda-update-function-code, ssm */
	{"glue-update-dev-endpoint", ALICE, ADMIN_ALL, FOUND, ALLOW("'glue:UpdateDevEndpoint'", "'*'")},
	{"glue-update-dev-endpoint", ALICE, ADMIN_ALL, ABSENT, ALLOW("'glue:UpdateDevEndpoint'", "'arn:aws:glue:us-east-1:" ACCT ":devEndpoint/basic-ep'")},
	{"glue-update-dev-endpoint", ALICE, ADMIN_ALL, FOUND, ALLOW("'glue:UpdateDevEndpoint'", "'arn:aws:glue:*:*:devEndpoint/*-ep'")},
	{"lambda-update-function-code", ALICE, ADMIN_ALL, FOUND, ALLOW("'lambda:UpdateFunctionCode'", "'*'")},
	{"lambda-update-function-code", ALICE, ADMIN_ALL, ABSENT, ALLOW("'lambda:UpdateFunctionCode'", "'arn:aws:lambda:us-east-1:" ACCT ":function:basic-fn'")},
	{"lambda-update-function-code", ALICE, ADMIN_ALL, FOUND, ALLOW("'lambda:UpdateFunctionCode'", "'arn:aws:lambda:*:" ACCT ":function:admin*'")},
	{"ssm-send-command", ALICE, ADMIN_ALL, FOUND, ALLOW("'ssm:SendCommand'", "'*'")},
	{"ssm-send-command", ALICE, ADMIN_ALL, ABSENT, ALLOW("'ssm:SendCommand'", "'arn:aws:ec2:us-east-1:" ACCT ":instance/i-basic'")},
	{"ssm-send-command", ALICE, ADMIN_ALL, FOUND_COND, ALLOW_IF("'ssm:SendCommand'", "'arn:aws:ec2:*:*:instance/*'", "{'StringEquals':{'ssm:resourceTag/env':'dev'}}")},
	{"ssm-start-session", ALICE, ADMIN_ALL, FOUND, ALLOW("'ssm:StartSession'", "'*'")},
	{"ssm-start-session", ALICE, ADMIN_ALL, ABSENT, ALLOW("'ssm:StartSession'", "'*'") "," DENY("'ssm:StartSession'", "'arn:aws:ec2:*:*:instance/*'")},
	{"ssm-start-session", ALICE, ADMIN_ALL, FOUND, ALLOW("'ssm:*'", "'*'") "," DENY("'ssm:StartSession'", "'arn:aws:ec2:*:*:instance/i-basic'")},
	/* PassRole: a role that is not privileged, or PassedToService naming
	 * another service, really blocks; PassedToService naming this very
	 * service only looks as if it did. */
#define PR(name, svc, more) \
	{name, ALICE, ADMIN_ALL, FOUND, PASSROLE(svc, more)}, \
	{name, ALICE, ADMIN_ALL, ABSENT, PASSROLE_TO("other.amazonaws.com", more)}, \
	{name, ALICE, ADMIN_ALL, ABSENT, ALLOW("'iam:PassRole'", "'arn:aws:iam::" ACCT ":role/basic-all'") "," ALLOW(more, "'*'")}, \
	{name, ALICE, ADMIN_ALL, FOUND, PASSROLE_TO(svc, more)}
	PR("passrole-cloudformation", "cloudformation.amazonaws.com", "'cloudformation:CreateStack'"),
	PR("passrole-codebuild", "codebuild.amazonaws.com", "['codebuild:CreateProject','codebuild:StartBuild']"),
	PR("passrole-datapipeline", "datapipeline.amazonaws.com", "['datapipeline:CreatePipeline','datapipeline:PutPipelineDefinition']"),
	PR("passrole-ec2", "ec2.amazonaws.com", "'ec2:RunInstances'"),
	PR("passrole-ecs", "ecs-tasks.amazonaws.com", "['ecs:RegisterTaskDefinition','ecs:RunTask']"),
	PR("passrole-glue", "glue.amazonaws.com", "'glue:CreateDevEndpoint'"),
	PR("passrole-lambda", "lambda.amazonaws.com", "['lambda:CreateFunction','lambda:InvokeFunction']"),
	PR("passrole-lambda-event-source", "lambda.amazonaws.com", "['lambda:CreateFunction','lambda:CreateEventSourceMapping']"),
	PR("passrole-sagemaker-notebook", "sagemaker.amazonaws.com", "['sagemaker:CreateNotebookInstance','sagemaker:CreatePresignedNotebookInstanceUrl']"),
	PR("passrole-sagemaker-processing", "sagemaker.amazonaws.com", "'sagemaker:CreateProcessingJob'"),
	PR("passrole-sagemaker-training", "sagemaker.amazonaws.com", "'sagemaker:CreateTrainingJob'"),
	/* Without its second action PassRole alone is nothing. */
	{"passrole-lambda", ALICE, ADMIN_ALL, ABSENT, PASSROLE("lambda.amazonaws.com", "'lambda:CreateFunction'")},
	PR("passrole-codestar", "codestar.amazonaws.com", "'codestar:CreateProject'"),
	PR("passrole-lambda-cross-account", "lambda.amazonaws.com", "['lambda:CreateFunction','lambda:AddPermission']"),
	/* Compute that exists, found by its role: a stack, a notebook, an
	 * instance reached over EC2 Instance Connect (conditional: the
	 * instance must run the agent and be reachable), a function's
	 * configuration (a layer). */
	{"cloudformation-update-stack", ALICE, ADMIN_ALL, FOUND, ALLOW("'cloudformation:UpdateStack'", "'*'")},
	{"cloudformation-update-stack", ALICE, ADMIN_ALL, ABSENT, ALLOW("'cloudformation:UpdateStack'", "'arn:aws:cloudformation:us-east-1:" ACCT ":stack/basic-stack/*'")},
	{"cloudformation-update-stack", ALICE, ADMIN_ALL, FOUND, ALLOW("'cloudformation:*'", "'*'") "," DENY("'cloudformation:UpdateStack'", "'arn:aws:cloudformation:*:*:stack/basic-*'")},
	{"sagemaker-presigned-notebook-url", ALICE, ADMIN_ALL, FOUND, ALLOW("'sagemaker:CreatePresignedNotebookInstanceUrl'", "'*'")},
	{"sagemaker-presigned-notebook-url", ALICE, ADMIN_ALL, ABSENT, ALLOW("'sagemaker:CreatePresignedNotebookInstanceUrl'", "'*'") "," DENY("'sagemaker:CreatePresigned*'", "'arn:aws:sagemaker:*:*:notebook-instance/admin-*'")},
	{"sagemaker-presigned-notebook-url", ALICE, ADMIN_ALL, FOUND, ALLOW("'sagemaker:CreatePresignedNotebookInstanceUrl'", "'arn:aws:sagemaker:*:" ACCT ":notebook-instance/*-nb'")},
	{"ec2-instance-connect", ALICE, ADMIN_ALL, FOUND_COND, ALLOW("'ec2-instance-connect:SendSSHPublicKey'", "'*'")},
	{"ec2-instance-connect", ALICE, ADMIN_ALL, ABSENT, ALLOW("'ec2-instance-connect:SendSSHPublicKey'", "'arn:aws:ec2:us-east-1:" ACCT ":instance/i-basic'")},
	{"ec2-instance-connect", ALICE, ADMIN_ALL, FOUND_COND, ALLOW_IF("'ec2-instance-connect:SendSSHPublicKey'", "'*'", "{'StringEquals':{'ec2:osuser':'ec2-user'}}")},
	{"lambda-update-function-configuration", ALICE, ADMIN_ALL, FOUND, ALLOW("'lambda:UpdateFunctionConfiguration'", "'*'")},
	{"lambda-update-function-configuration", ALICE, ADMIN_ALL, ABSENT, ALLOW("'lambda:Update*'", "'*'") "," DENY("'lambda:UpdateFunctionConfiguration'", "'*'")},
	{"lambda-update-function-configuration", ALICE, ADMIN_ALL, FOUND, ALLOW("'lambda:Update*'", "'*'") "," DENY("'lambda:UpdateFunctionCode'", "'*'")},
	/* CodeStar makes its roles at run time: never a known target. */
	{"codestar-create-project-from-template", ALICE, "*", FOUND_UNSEEN, ALLOW("'codestar:CreateProjectFromTemplate'", "'*'")},
	{"codestar-create-project-from-template", ALICE, "*", ABSENT, ALLOW("'codestar:*'", "'*'") "," DENY("'codestar:CreateProjectFromTemplate'", "'*'")},
	{"codestar-create-project-from-template", ALICE, "*", FOUND_UNSEEN, ALLOW("'codestar:CreateProjectFromTemplate'", "'arn:aws:codestar:*:" ACCT ":project/*'")},
	{"codestar-associate-team-member", ALICE, "*", FOUND_UNSEEN, ALLOW("['codestar:CreateProject','codestar:AssociateTeamMember']", "'*'")},
	{"codestar-associate-team-member", ALICE, "*", ABSENT, ALLOW("'codestar:CreateProject'", "'*'")},
	{"codestar-associate-team-member", ALICE, "*", FOUND_UNSEEN, ALLOW("'codestar:CreateProject'", "'*'") "," ALLOW_IF("'codestar:AssociateTeamMember'", "'*'", "{'StringEquals':{'aws:RequestedRegion':'us-east-1'}}")},
	/* put-group-policy, put-role-policy, put-user-policy */
	{"put-group-policy", ALICE, ALICE, FOUND, ALLOW("'iam:PutGroupPolicy'", "'*'")},
	{"put-group-policy", ALICE, ALICE, ABSENT, ALLOW("'iam:PutGroupPolicy'", "'arn:aws:iam::" ACCT ":group/admins'")},
	{"put-group-policy", ALICE, ALICE, FOUND, ALLOW("'iam:PutGroupPolicy'", "'arn:aws:iam::" ACCT ":group/*'")},
	{"put-role-policy", APP, APP, FOUND, ALLOW("'iam:PutRolePolicy'", "'*'")},
	{"put-role-policy", APP, APP, ABSENT, ALLOW("'iam:PutRolePolicy'", "'arn:aws:iam::" ACCT ":role/other'")},
	{"put-role-policy", APP, APP, FOUND, "{'Effect':'Allow','Action':'iam:PutRolePolicy','NotResource':'arn:aws:iam::" ACCT ":role/admin-*'}"},
	{"put-user-policy", ALICE, ALICE, FOUND, ALLOW("'iam:PutUserPolicy'", "'*'")},
	{"put-user-policy", ALICE, ALICE, ABSENT, ALLOW("'iam:PutUserPolicy'", "'*'") "," DENY("'iam:Put*'", "'arn:aws:iam::*:user/${aws:username}'")},
	{"put-user-policy", ALICE, ALICE, FOUND, ALLOW("'iam:PutUserPolicy'", "'arn:aws:iam::*:user/${aws:username}'")},
	/* A role self can assume is as good as self. */
	{"put-role-policy", ALICE, "arn:aws:iam::" ACCT ":role/admin-trusting-alice", FOUND, ALLOW("'iam:PutRolePolicy'", "'*'")},
	/* update-assume-role-policy: the rewritten trust names self. */
	{"update-assume-role-policy", ALICE, ADMIN_ALL, FOUND, ALLOW("'iam:UpdateAssumeRolePolicy'", "'*'")},
	{"update-assume-role-policy", ALICE, ADMIN_ALL, ABSENT, ALLOW("'iam:UpdateAssumeRolePolicy'", "'*'") "," DENY("'sts:AssumeRole'", "'*'")},
	{"update-assume-role-policy", ALICE, ADMIN_ALL, FOUND, ALLOW("'iam:UpdateAssumeRolePolicy'", "'arn:aws:iam::" ACCT ":role/admin-*'")},
};

static const struct nhi_iam_path *find(const struct nhi_iam_paths *ps,
				       const char *tech, const char *target)
{
	for (size_t i = 0; i < ps->n; i++)
		if (!strcmp(ps->v[i].technique, tech) && !strcmp(ps->v[i].target, target))
			return &ps->v[i];
	return NULL;
}

static void run_case(size_t k, const struct tcase *c)
{
	struct nhi_buf doc = NHI_BUF_INIT;
	struct nhi_iam_paths ps = NHI_IAM_PATHS_INIT;
	struct nhi_iam_policy *p;
	const struct nhi_iam_path *hit;
	bool trunc;

	nhi_buf_addf(&doc, "{'Version':'2012-10-17','Statement':[%s]}", c->policy);
	p = quoted(doc.buf, NHI_IAM_IDENTITY, "managed:" MYPOL);
	nhi_buf_release(&doc);
	if (!p) {
		printf("case %zu: bad policy\n", k);
		CHECK(p != NULL);
		return;
	}
	struct nhi_iam_set set = {.identity = &p, .nidentity = 1};
	nhi_iam_privesc_find(&set, c->self, NULL, &estate, &ps, &trunc);
	hit = find(&ps, c->tech, c->target);
	bool ok = c->expect == ABSENT ? !hit
		: c->expect == FOUND_UNSEEN ? hit && hit->conditional && hit->unknown_target
		: hit && hit->conditional == (c->expect == FOUND_COND) && !hit->unknown_target;
	if (!ok)
		printf("case %zu (%s -> %s): expected %s, got %s\n", k, c->tech, c->target,
		       c->expect == ABSENT ? "no path" : c->expect == FOUND ? "a path" :
		       c->expect == FOUND_COND ? "a conditional path" : "an unknown target",
		       !hit ? "none" : hit->conditional ? "conditional" : "unconditional");
	CHECK(ok);
	CHECK(!trunc);
	nhi_iam_paths_release(&ps);
	nhi_iam_policy_free(p);
}

static void test_cases(void)
{
	bool seen[64] = {false};

	for (size_t k = 0; k < ARRAY_SIZE(cases); k++) {
		run_case(k, &cases[k]);
		for (size_t t = 0; t < nhi_iam_technique_count(); t++)
			if (!strcmp(nhi_iam_technique_at(t)->name, cases[k].tech) &&
			    cases[k].expect != ABSENT)
				seen[t] = true;
	}
	/* Every technique has a positive case here. */
	for (size_t t = 0; t < nhi_iam_technique_count(); t++) {
		if (!seen[t])
			printf("no positive case for %s\n", nhi_iam_technique_at(t)->name);
		CHECK(seen[t]);
	}
}

static void test_unknown_estate(void)
{
	struct nhi_iam_policy *p = quoted("{'Statement':[" PASSROLE("lambda.amazonaws.com", "['lambda:CreateFunction','lambda:InvokeFunction']") "," ALLOW("'iam:CreateAccessKey'", "'arn:aws:iam::*:user/${aws:username}'") "]}", NHI_IAM_IDENTITY, "inline:ci");
	struct nhi_iam_set set = {.identity = &p, .nidentity = 1};
	struct nhi_iam_paths ps = NHI_IAM_PATHS_INIT;
	const struct nhi_iam_path *hit;

	nhi_iam_privesc_find(&set, ALICE, NULL, NULL, &ps, NULL);
	hit = find(&ps, "passrole-lambda", "*");
	CHECK(hit && hit->unknown_target && hit->conditional && hit->nsteps == 3);
	/* Self-only access keys: no path, even with nothing known. */
	CHECK(!find(&ps, "create-access-key", "*"));
	if (hit) {
		json_t *j = nhi_iam_path_json(hit);
		char *s = json_dumps(j, JSON_COMPACT);
		CHECK_STR(s, "{\"technique\":\"passrole-lambda\",\"target\":\"*\",\"conditional\":true,\"unknown_target\":true,\"steps\":["
			  "{\"action\":\"iam:PassRole\",\"resource\":\"arn:aws:iam::111111111111:role/*\",\"via\":\"inline:ci#0\"},"
			  "{\"action\":\"lambda:CreateFunction\",\"resource\":\"*\",\"via\":\"inline:ci#1\"},"
			  "{\"action\":\"lambda:InvokeFunction\",\"resource\":\"*\",\"via\":\"inline:ci#1\"}]}");
		free(s);
		json_decref(j);
	}
	/* Sorted by technique, then target. */
	for (size_t i = 1; i < ps.n; i++)
		CHECK(strcmp(ps.v[i - 1].technique, ps.v[i].technique) <= 0);
	nhi_iam_paths_release(&ps);
	nhi_iam_policy_free(p);
}

/* An estate that lists only self's own (unprivileged) groups says nothing
 * of the privileged ones: add-user-to-group still has an unknown target,
 * and attach-group-policy finds the group though it holds no policy. */
static void test_own_groups_only(void)
{
	static const struct nhi_iam_node own[] = {
		{.type = NHI_IAM_NODE_GROUP, .arn = "arn:aws:iam::" ACCT ":group/devs",
		 .members = alice_only, .nmembers = 1}};
	struct nhi_iam_estate est = {own, 1};
	struct nhi_iam_policy *p = quoted("{'Statement':[" ALLOW("['iam:AddUserToGroup','iam:AttachGroupPolicy']", "'*'") "]}", NHI_IAM_IDENTITY, "inline:groups");
	struct nhi_iam_set set = {.identity = &p, .nidentity = 1};
	struct nhi_iam_paths ps = NHI_IAM_PATHS_INIT;
	const struct nhi_iam_path *hit;

	nhi_iam_privesc_find(&set, ALICE, NULL, &est, &ps, NULL);
	hit = find(&ps, "add-user-to-group", "*");
	CHECK(hit && hit->unknown_target && hit->conditional);
	CHECK(!find(&ps, "add-user-to-group", "arn:aws:iam::" ACCT ":group/devs"));
	hit = find(&ps, "attach-group-policy", ALICE);
	CHECK(hit && !hit->conditional && hit->nsteps == 1 &&
	      !strcmp(hit->steps[0].resource, "arn:aws:iam::" ACCT ":group/devs"));
	nhi_iam_paths_release(&ps);
	nhi_iam_policy_free(p);
}

/* man/iam-techniques.txt lists every technique of the table. */
static void test_man_text(void)
{
	const char *top = getenv("TOP");
	char path[4096], line[512];
	struct nhi_buf text = NHI_BUF_INIT;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/man/iam-techniques.txt", top ? top : ".");
	fp = fopen(path, "r");
	CHECK(fp != NULL);
	if (!fp)
		return;
	while (fgets(line, sizeof(line), fp))
		nhi_buf_adds(&text, line);
	fclose(fp);
	for (size_t t = 0; t < nhi_iam_technique_count(); t++) {
		char want[128];
		snprintf(want, sizeof(want), ".It Sy %s\n", nhi_iam_technique_at(t)->name);
		if (!strstr(text.buf, want))
			printf("man/iam-techniques.txt lacks %s", want);
		CHECK(strstr(text.buf, want) != NULL);
	}
	nhi_buf_release(&text);
}

int main(void)
{
	iam_test_catalog();
	build_estate();
	test_cases();
	test_unknown_estate();
	test_own_groups_only();
	test_man_text();
	for (size_t i = 0; i < ARRAY_SIZE(trusts); i++)
		nhi_iam_policy_free(trusts[i]);
	return unit_done();
}
