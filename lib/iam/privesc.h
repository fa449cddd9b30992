/* iam/privesc.h: the published IAM privilege-escalation techniques as paths.
 *
 * Given what an identity may do (its policy set), who it is, and what the
 * caller knows of the account (the estate: users, roles, groups, managed
 * policies, compute that runs as a role), find every technique whose steps
 * it may perform and the target each reaches. A step is allowed when
 * nhi_iam_eval() says ALLOW (CONDITIONAL makes the path conditional), with
 * the technique's condition keys in the context (iam:PassedToService,
 * iam:PolicyARN, aws:username...), so conditions that really block do.
 *
 * Targets: the identity itself (attach/put a policy on self, rewrite one of
 * its own managed policies), or an estate node marked privileged (a more
 * privileged role it can pass, assume, or run code as; a user whose keys or
 * password it can create; a group it can join). When the estate has no
 * node of the kind a technique needs and the grant covers unknown ones
 * (e.g. iam:PassRole on "*"), the path has unknown_target set, target "*",
 * and is conditional. A technique whose role the service itself makes or
 * picks at run time (CodeStar) is never in an export: its path is always
 * "*", unknown_target and conditional.
 *
 * Cost: one evaluation per technique for an identity that holds none of
 * its actions; otherwise a walk over the estate, linear in its nodes. An
 * estate of the privileged nodes, plus the identity's own groups and
 * policies, gives the same paths faster.
 *
 * The techniques, their steps and what blocks them are listed in
 * man/iam-techniques.txt and by nhi_iam_technique_at(). */
#ifndef NHI_IAM_PRIVESC_H
#define NHI_IAM_PRIVESC_H

#include <jansson.h>

#include "compat.h"
#include "iam/eval.h"
#include "iam/policy.h"

enum nhi_iam_node_type {
	NHI_IAM_NODE_USER = 0,
	NHI_IAM_NODE_ROLE,
	NHI_IAM_NODE_GROUP,
	NHI_IAM_NODE_POLICY,   /* customer managed policy */
	NHI_IAM_NODE_INSTANCE, /* EC2 instance (ARN) with an instance profile role */
	NHI_IAM_NODE_FUNCTION, /* Lambda function (ARN) and its execution role */
	NHI_IAM_NODE_GLUE_ENDPOINT, /* Glue dev endpoint and its role */
	NHI_IAM_NODE_STACK,    /* CloudFormation stack and its service role */
	NHI_IAM_NODE_NOTEBOOK, /* SageMaker notebook instance and its role */
};

/* One thing in the account; all pointers borrowed. */
struct nhi_iam_node {
	enum nhi_iam_node_type type;
	const char *arn;
	bool privileged; /* caller's judgement: admin-equivalent, or reaches
			  * something the identity should not (reach.h) */
	const struct nhi_iam_policy *trust; /* ROLE: its trust policy */
	const char *role;  /* INSTANCE, FUNCTION, GLUE_ENDPOINT, STACK,
			    * NOTEBOOK: the role ARN it runs as */
	/* GROUP: member user ARNs; POLICY: ARNs of the users, roles and
	 * groups it is attached to. */
	const char *const *members;
	size_t nmembers;
};

struct nhi_iam_estate {
	const struct nhi_iam_node *nodes;
	size_t nnodes;
};

struct nhi_iam_step {
	char *action;   /* "iam:PassRole" */
	char *resource; /* the ARN acted on, or the pattern when unknown */
	char *via;      /* statement label (policy.h), "" when unknown */
};

struct nhi_iam_path {
	const char *technique; /* static name, e.g. "passrole-lambda" */
	char *target;          /* ARN reached, or "*" */
	bool conditional;      /* some step only under unknown conditions */
	bool unknown_target;   /* the estate did not say which target */
	size_t nsteps;
	struct nhi_iam_step *steps;
};

struct nhi_iam_paths {
	size_t n, alloc;
	struct nhi_iam_path *v;
};
#define NHI_IAM_PATHS_INIT { 0, 0, NULL }
/* At most this many paths are returned per identity (sorted by technique
 * then target); nhi_iam_privesc_find() says when it stopped. */
#define NHI_IAM_MAX_PATHS 256

struct nhi_iam_technique {
	const char *name;     /* "attach-user-policy" */
	const char *actions;  /* "iam:PassRole + lambda:CreateFunction + ..." */
	const char *target;   /* what is reached */
	const char *blocks;   /* what really blocks it */
};

/* nhi_iam_privesc_find: append to out the escalation paths of the identity
 * self (its ARN) with policy set set, known condition keys ctx (may be
 * NULL; aws:username, aws:PrincipalArn and aws:PrincipalAccount are added
 * from self), and estate (may be NULL). self's own groups are the estate
 * groups listing it, and the "group:NAME/" via of its identity policies.
 * Returns the number of paths appended; *truncated (may be NULL) is set
 * when NHI_IAM_MAX_PATHS stopped it. */
size_t nhi_iam_privesc_find(const struct nhi_iam_set *set, const char *self,
			    const json_t *ctx,
			    const struct nhi_iam_estate *estate,
			    struct nhi_iam_paths *out, bool *truncated);
void nhi_iam_paths_release(struct nhi_iam_paths *p);

/* nhi_iam_path_json: {"technique","target","conditional"?:true,
 * "unknown_target"?:true,"steps":[{"action","resource","via"}]}. */
json_t *nhi_iam_path_json(const struct nhi_iam_path *p);

size_t nhi_iam_technique_count(void);
const struct nhi_iam_technique *nhi_iam_technique_at(size_t i);

#endif
