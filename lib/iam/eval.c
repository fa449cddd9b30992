/* The AWS authorization decision for one request; see eval.h. */
#include "compat.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "iam/eval.h"
#include "iam/match.h"
#include "banned.h"

const char *nhi_iam_decision_str(enum nhi_iam_decision d)
{
	switch (d) {
	case NHI_IAM_DECISION_ALLOW: return "allow";
	case NHI_IAM_DECISION_CONDITIONAL: return "conditional";
	case NHI_IAM_DECISION_IMPLICIT_DENY: return "implicit_deny";
	case NHI_IAM_DECISION_EXPLICIT_DENY: return "explicit_deny";
	}
	return "implicit_deny";
}

static enum nhi_iam_tri tri_and(enum nhi_iam_tri a, enum nhi_iam_tri b)
{
	if (a == NHI_IAM_NO || b == NHI_IAM_NO)
		return NHI_IAM_NO;
	if (a == NHI_IAM_MAYBE || b == NHI_IAM_MAYBE)
		return NHI_IAM_MAYBE;
	return NHI_IAM_YES;
}

static enum nhi_iam_tri tri_or(enum nhi_iam_tri a, enum nhi_iam_tri b)
{
	if (a == NHI_IAM_YES || b == NHI_IAM_YES)
		return NHI_IAM_YES;
	if (a == NHI_IAM_MAYBE || b == NHI_IAM_MAYBE)
		return NHI_IAM_MAYBE;
	return NHI_IAM_NO;
}

const char *nhi_iam_arn_account(const char *arn, char buf[16])
{
	const char *p = arn;
	size_t n = 0;

	buf[0] = '\0';
	if (strncmp(arn, "arn:", 4))
		return buf;
	for (int colons = 0; *p && colons < 4; p++)
		if (*p == ':')
			colons++;
	while (p[n] && p[n] != ':' && n < 15)
		n++;
	if (p[n] == ':') {
		memcpy(buf, p, n);
		buf[n] = '\0';
	}
	return buf;
}

static bool is_account(const char *s)
{
	size_t n = 0;

	while (isdigit((unsigned char)s[n]))
		n++;
	return n == 12 && !s[n];
}

/* principal_match: 0 no, 1 by account (the identity policies must also
 * allow), 2 by name (the principal itself, or "*"). */
static int principal_match(const char *pat, const char *who)
{
	char acct[16], want[16];

	if (!who)
		return 0;
	if (!strcmp(pat, "*") || !strcmp(pat, "AWS:*"))
		return 2;
	if (!strncmp(pat, "AWS:", 4)) {
		pat += 4;
		if (!strcmp(pat, who))
			return 2;
		if (is_account(pat))
			snprintf(want, sizeof(want), "%s", pat);
		else if (!strncmp(pat, "arn:", 4) && strlen(pat) > 5 &&
			 !strcmp(pat + strlen(pat) - 5, ":root"))
			nhi_iam_arn_account(pat, want);
		else
			return 0;
		nhi_iam_arn_account(who, acct);
		return acct[0] && !strcmp(acct, want) ? 1 : 0;
	}
	if (!strncmp(pat, "Service:", 8))
		return !strcasecmp(pat + 8, who) ? 2 : 0;
	if (!strncmp(pat, "Federated:", 10))
		return !strcmp(pat + 10, who) ? 2 : 0;
	if (!strncmp(pat, "CanonicalUser:", 14))
		return !strcmp(pat + 14, who) ? 2 : 0;
	return 0;
}

/* stmt_principal: how the statement's principal matches (0, 1, 2). */
static int stmt_principal(const struct nhi_iam_stmt *s, const char *who)
{
	int best = 0;

	for (unsigned i = 0; i < s->nprincipals; i++) {
		int m = principal_match(s->principals[i], who);
		if (m > best)
			best = m;
	}
	if (s->not_principal)
		return best ? 0 : 2;
	return best;
}

static bool action_applies(const struct nhi_iam_stmt *s, const char *action)
{
	bool hit = false;

	for (unsigned i = 0; i < s->nactions && !hit; i++)
		hit = nhi_iam_action_match(s->actions[i], action);
	return hit != s->not_action;
}

/* names_only: pattern p names the ARN x and nothing else of its account
 * (a wildcard only in the first five segments). */
static bool names_only(const char *p, const char *x)
{
	const char *q = p;
	int colons = 0;

	for (; *q && colons < 5; q++)
		if (*q == ':')
			colons++;
	return colons == 5 && !strpbrk(q, "*?") && nhi_iam_arn_match(p, x);
}

/* one_resource: pattern p (variables resolved from ctx) against the request
 * resource; in pattern mode, "cover" asks whether p covers all of it
 * (for Deny), else whether they overlap (for Allow). */
static enum nhi_iam_tri one_resource(const char *p, const struct nhi_iam_request *req,
				     bool cover)
{
	struct nhi_buf b = NHI_BUF_INIT;
	enum nhi_iam_tri t;
	bool unresolved = false, m;

	if (!req->resource_pattern)
		return nhi_iam_resource_match(p, req->resource, req->context);
	if (nhi_iam_has_vars(p))
		p = nhi_iam_subst(p, req->context, &b, &unresolved);
	m = cover ? nhi_iam_arn_match(p, req->resource)
		  : nhi_iam_arn_overlap(p, req->resource);
	if (m && !cover && req->exclude && names_only(p, req->exclude))
		m = false;
	t = !m ? NHI_IAM_NO : unresolved ? NHI_IAM_MAYBE : NHI_IAM_YES;
	nhi_buf_release(&b);
	return t;
}

static enum nhi_iam_tri resource_applies(const struct nhi_iam_stmt *s,
					 const struct nhi_iam_request *req)
{
	enum nhi_iam_tri any = NHI_IAM_NO;
	bool deny = s->effect == NHI_IAM_DENY;

	if (!s->has_resource)
		return NHI_IAM_YES;
	for (unsigned i = 0; i < s->nresources && any != NHI_IAM_YES; i++) {
		/* Resource: a Deny must cover the pattern, an Allow overlap it.
		 * NotResource turns it around. */
		bool cover = s->not_resource ? !deny : deny;
		any = tri_or(any, one_resource(s->resources[i], req, cover));
	}
	if (s->not_resource)
		return any == NHI_IAM_MAYBE ? any : any == NHI_IAM_YES ? NHI_IAM_NO
								       : NHI_IAM_YES;
	return any;
}

enum nhi_iam_tri nhi_iam_stmt_applies(const struct nhi_iam_policy *p,
				      const struct nhi_iam_stmt *s,
				      const struct nhi_iam_request *req)
{
	enum nhi_iam_tri t;

	if (!action_applies(s, req->action))
		return NHI_IAM_NO;
	if (p->kind >= NHI_IAM_RESOURCE && !stmt_principal(s, req->principal))
		return NHI_IAM_NO;
	t = resource_applies(s, req);
	if (t == NHI_IAM_NO)
		return t;
	return tri_and(t, nhi_iam_condition_eval(s->condition, req->context));
}

static void why_add(struct nhi_iam_result *res, const struct nhi_iam_policy *p,
		    const struct nhi_iam_stmt *s, enum nhi_iam_decision e)
{
	if (!res || res->nwhy >= NHI_IAM_MAX_WHY)
		return;
	res->why[res->nwhy].policy = p;
	res->why[res->nwhy].stmt = s;
	res->why[res->nwhy].effect = e;
	res->nwhy++;
}

/* allows: the best Allow of one policy (YES over MAYBE, then the
 * strongest principal match, for resource policies). */
static enum nhi_iam_tri allows(const struct nhi_iam_policy *p,
			       const struct nhi_iam_request *req,
			       const struct nhi_iam_stmt **by, int *strength)
{
	enum nhi_iam_tri best = NHI_IAM_NO;
	int bestscore = 0;

	for (unsigned i = 0; i < p->nstmts && bestscore < 12; i++) {
		const struct nhi_iam_stmt *s = &p->stmts[i];
		if (s->effect != NHI_IAM_ALLOW)
			continue;
		enum nhi_iam_tri t = nhi_iam_stmt_applies(p, s, req);
		if (t == NHI_IAM_NO)
			continue;
		int st = p->kind >= NHI_IAM_RESOURCE ? stmt_principal(s, req->principal) : 2;
		int score = (t == NHI_IAM_YES ? 10 : 5) + st;
		if (score > bestscore) {
			bestscore = score;
			best = t;
			*by = s;
			if (strength)
				*strength = st;
		}
	}
	return best;
}

/* tri values order as NO < YES < MAYBE; "better" means YES over MAYBE. */
static bool better(enum nhi_iam_tri a, enum nhi_iam_tri b)
{
	return (a == NHI_IAM_YES && b != NHI_IAM_YES) ||
	       (a == NHI_IAM_MAYBE && b == NHI_IAM_NO);
}

static enum nhi_iam_tri layer(const struct nhi_iam_policy *p,
			      const struct nhi_iam_request *req,
			      struct nhi_iam_result *res)
{
	const struct nhi_iam_stmt *by = NULL;
	enum nhi_iam_tri t = allows(p, req, &by, NULL);

	if (t != NHI_IAM_NO)
		why_add(res, p, by, t == NHI_IAM_YES ? NHI_IAM_DECISION_ALLOW
						     : NHI_IAM_DECISION_CONDITIONAL);
	return t;
}

static enum nhi_iam_tri denies(const struct nhi_iam_policy *p,
			       const struct nhi_iam_request *req,
			       struct nhi_iam_result *res)
{
	enum nhi_iam_tri worst = NHI_IAM_NO;

	if (!p)
		return worst;
	for (unsigned i = 0; i < p->nstmts; i++) {
		const struct nhi_iam_stmt *s = &p->stmts[i];
		if (s->effect != NHI_IAM_DENY)
			continue;
		enum nhi_iam_tri t = nhi_iam_stmt_applies(p, s, req);
		if (t == NHI_IAM_NO)
			continue;
		why_add(res, p, s, t == NHI_IAM_YES ? NHI_IAM_DECISION_EXPLICIT_DENY
						    : NHI_IAM_DECISION_CONDITIONAL);
		worst = tri_or(worst, t);
		if (worst == NHI_IAM_YES)
			break;
	}
	return worst;
}

static enum nhi_iam_decision finish(struct nhi_iam_result *res,
				    enum nhi_iam_decision d, const char *reason)
{
	if (res) {
		res->decision = d;
		res->reason = reason;
	}
	return d;
}

enum nhi_iam_decision nhi_iam_eval(const struct nhi_iam_set *set,
				   const struct nhi_iam_request *req,
				   struct nhi_iam_result *res)
{
	enum nhi_iam_tri deny = NHI_IAM_NO, id = NHI_IAM_NO, rp = NHI_IAM_NO,
			 side, t;
	const struct nhi_iam_stmt *by = NULL;
	const char *reason = NULL;
	char pacct[16], racct[16];
	int strength = 0;
	bool same;

	if (res)
		memset(res, 0, sizeof(*res));
	if (!req->action)
		return finish(res, NHI_IAM_DECISION_IMPLICIT_DENY, "no action");
	if (!req->resource) {
		/* No resource means the resource-less form, "*". */
		struct nhi_iam_request r2 = *req;
		r2.resource = "*";
		r2.resource_pattern = false;
		return nhi_iam_eval(set, &r2, res);
	}
	/* Explicit Deny anywhere wins. */
	for (size_t i = 0; i < set->nidentity && deny != NHI_IAM_YES; i++)
		deny = tri_or(deny, denies(set->identity[i], req, res));
	if (deny != NHI_IAM_YES)
		deny = tri_or(deny, denies(set->boundary, req, res));
	for (size_t i = 0; i < set->nscps && deny != NHI_IAM_YES; i++)
		deny = tri_or(deny, denies(set->scps[i], req, res));
	if (deny != NHI_IAM_YES)
		deny = tri_or(deny, denies(set->resource, req, res));
	if (deny != NHI_IAM_YES)
		deny = tri_or(deny, denies(set->session, req, res));
	if (deny == NHI_IAM_YES) {
		/* Keep only the deciding Deny as evidence. */
		if (res && res->nwhy) {
			res->why[0] = res->why[res->nwhy - 1];
			res->nwhy = 1;
		}
		return finish(res, NHI_IAM_DECISION_EXPLICIT_DENY, "explicit deny");
	}
	/* Identity side and resource policy. */
	const struct nhi_iam_policy *idp = NULL;
	const struct nhi_iam_stmt *ids = NULL;
	for (size_t i = 0; i < set->nidentity && id != NHI_IAM_YES; i++) {
		t = allows(set->identity[i], req, &by, NULL);
		if (better(t, id)) {
			id = t;
			idp = set->identity[i];
			ids = by;
		}
	}
	if (idp)
		why_add(res, idp, ids, id == NHI_IAM_YES ? NHI_IAM_DECISION_ALLOW
							 : NHI_IAM_DECISION_CONDITIONAL);
	if (set->resource) {
		rp = allows(set->resource, req, &by, &strength);
		if (rp != NHI_IAM_NO)
			why_add(res, set->resource, by,
				rp == NHI_IAM_YES ? NHI_IAM_DECISION_ALLOW
						  : NHI_IAM_DECISION_CONDITIONAL);
	}
	nhi_iam_arn_account(req->principal ? req->principal : "", pacct);
	if (req->resource_account)
		snprintf(racct, sizeof(racct), "%s", req->resource_account);
	else
		nhi_iam_arn_account(req->resource ? req->resource : "", racct);
	same = !racct[0] || !pacct[0] || !strcmp(racct, pacct) ||
	       strchr(racct, '*') || strchr(racct, '?');
	if (set->resource && set->resource->kind == NHI_IAM_TRUST) {
		/* A role's trust policy must always allow; naming only the
		 * account it defers to identity policies as well. */
		side = rp == NHI_IAM_NO ? NHI_IAM_NO
		     : strength == 2 && same ? rp : tri_and(rp, id);
		if (side == NHI_IAM_NO)
			reason = rp == NHI_IAM_NO ? "the trust policy does not allow"
						  : "no identity policy allows";
	} else if (same) {
		/* A resource policy naming the principal allows on its own;
		 * one naming only the account defers to identity policies. */
		side = tri_or(id, strength == 2 ? rp : NHI_IAM_NO);
		if (side == NHI_IAM_NO)
			reason = "no identity or resource policy allows";
	} else if (set->resource) {
		side = tri_and(id, rp);
		if (side == NHI_IAM_NO)
			reason = id == NHI_IAM_NO ? "cross-account: no identity policy allows"
						  : "cross-account: the resource policy does not allow";
	} else {
		side = id == NHI_IAM_NO ? NHI_IAM_NO : NHI_IAM_MAYBE;
		reason = id == NHI_IAM_NO ? "no identity policy allows"
					  : "cross-account: the resource policy is unknown";
	}
	if (side != NHI_IAM_NO && set->boundary) {
		t = layer(set->boundary, req, res);
		if (t == NHI_IAM_NO)
			reason = "not allowed by the permission boundary";
		side = tri_and(side, t);
	}
	if (side != NHI_IAM_NO && set->nscps) {
		/* Every level of the OU tree must allow; within a level any
		 * one SCP is enough. */
		unsigned maxlevel = 0;
		for (size_t i = 0; i < set->nscps; i++)
			if (set->scps[i]->level > maxlevel)
				maxlevel = set->scps[i]->level;
		for (unsigned lv = 0; lv <= maxlevel && side != NHI_IAM_NO; lv++) {
			enum nhi_iam_tri l = NHI_IAM_NO;
			bool present = false;
			for (size_t i = 0; i < set->nscps && l != NHI_IAM_YES; i++) {
				if (set->scps[i]->level != lv)
					continue;
				present = true;
				t = layer(set->scps[i], req, res);
				if (better(t, l))
					l = t;
			}
			if (!present)
				continue;
			if (l == NHI_IAM_NO)
				reason = "not allowed by any service control policy";
			side = tri_and(side, l);
		}
	}
	if (side != NHI_IAM_NO && set->session) {
		t = layer(set->session, req, res);
		if (t == NHI_IAM_NO)
			reason = "not allowed by the session policy";
		side = tri_and(side, t);
	}
	if (side == NHI_IAM_NO) {
		if (res)
			res->nwhy = 0;
		return finish(res, NHI_IAM_DECISION_IMPLICIT_DENY, reason);
	}
	if (side == NHI_IAM_MAYBE || deny == NHI_IAM_MAYBE)
		return finish(res, NHI_IAM_DECISION_CONDITIONAL,
			      reason ? reason
			      : deny == NHI_IAM_MAYBE ? "a Deny applies under unknown conditions"
						      : "allowed only under unknown conditions");
	return finish(res, NHI_IAM_DECISION_ALLOW, "allowed");
}

json_t *nhi_iam_result_json(const struct nhi_iam_result *res)
{
	json_t *o = json_object(), *a = json_array();

	json_object_set_new(o, "decision", json_string(nhi_iam_decision_str(res->decision)));
	if (res->reason)
		json_object_set_new(o, "reason", json_string(res->reason));
	for (size_t i = 0; i < res->nwhy; i++) {
		const struct nhi_iam_why *w = &res->why[i];
		json_t *e = json_object();
		json_object_set_new(e, "via", json_string(w->policy->via ? w->policy->via : "policy"));
		if (w->stmt->sid && *w->stmt->sid)
			json_object_set_new(e, "sid", json_string(w->stmt->sid));
		else
			json_object_set_new(e, "statement", json_integer(w->stmt->index));
		json_object_set_new(e, "effect", json_string(nhi_iam_decision_str(w->effect)));
		json_array_append_new(a, e);
	}
	json_object_set_new(o, "statements", a);
	return o;
}
