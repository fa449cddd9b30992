/* IAM policy documents: parse and validate; see policy.h. */
#include "compat.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/sha.h>

#include "iam/policy.h"
#include "xalloc.h"
#include "banned.h"

struct parse {
	struct nhi_iam_policy *p;
	struct nhi_buf *err;
	size_t nvalues;
	unsigned stmt; /* current statement index, for messages */
	bool failed;
};

static bool fail(struct parse *ps, const char *fmt, const char *arg)
{
	if (ps->failed)
		return false;
	ps->failed = true;
	if (ps->err) {
		if (ps->stmt != (unsigned)-1)
			nhi_buf_addf(ps->err, "statement %u: ", ps->stmt);
		nhi_buf_addf(ps->err, fmt, arg ? arg : "");
	}
	return false;
}

/* strings: a string or an array of strings into *out. */
static bool strings(struct parse *ps, json_t *v, const char *what,
		    char ***out, unsigned *n)
{
	size_t i, cnt;
	json_t *e;

	if (json_is_string(v)) {
		cnt = 1;
	} else if (json_is_array(v)) {
		cnt = json_array_size(v);
		if (!cnt)
			return fail(ps, "%s is an empty list", what);
	} else {
		return fail(ps, "%s must be a string or a list of strings", what);
	}
	if (ps->nvalues + cnt > NHI_IAM_MAX_VALUES)
		return fail(ps, "more than %s values", "65536");
	ps->nvalues += cnt;
	char **arr = xreallocarray(*out, *n + cnt, sizeof(**out));
	*out = arr;
	for (i = 0; i < cnt; i++) {
		e = json_is_string(v) ? v : json_array_get(v, i);
		if (!json_is_string(e))
			return fail(ps, "%s must be a string or a list of strings", what);
		if (!json_string_length(e))
			return fail(ps, "%s holds an empty string", what);
		if (strlen(json_string_value(e)) != json_string_length(e))
			return fail(ps, "%s holds a NUL byte", what);
		arr[(*n)++] = xstrdup(json_string_value(e));
	}
	return true;
}

static bool actions(struct parse *ps, json_t *v, struct nhi_iam_stmt *s,
		    const char *what)
{
	if (!strings(ps, v, what, &s->actions, &s->nactions))
		return false;
	for (unsigned i = 0; i < s->nactions; i++) {
		const char *a = s->actions[i], *c = strchr(a, ':');
		if (!strcmp(a, "*"))
			continue;
		if (!c || c == a || !c[1])
			return fail(ps, "action \"%.64s\" is not service:action", a);
	}
	return true;
}

static bool principal(struct parse *ps, json_t *v, struct nhi_iam_stmt *s,
		      const char *what)
{
	static const char *const types[] = {"AWS", "Service", "Federated",
					    "CanonicalUser"};
	const char *k;
	json_t *e;

	if (json_is_string(v)) {
		if (strcmp(json_string_value(v), "*"))
			return fail(ps, "%s must be \"*\" or an object", what);
		s->principals = xcalloc(1, sizeof(char *));
		s->principals[0] = xstrdup("*");
		s->nprincipals = 1;
		return true;
	}
	if (!json_is_object(v) || !json_object_size(v))
		return fail(ps, "%s must be \"*\" or an object", what);
	json_object_foreach(v, k, e) {
		size_t t, before = s->nprincipals;
		for (t = 0; t < ARRAY_SIZE(types); t++)
			if (!strcmp(k, types[t]))
				break;
		if (t == ARRAY_SIZE(types))
			return fail(ps, "unknown principal type \"%.32s\"", k);
		if (!strings(ps, e, what, &s->principals, &s->nprincipals))
			return false;
		/* Kept as "Type:value" so one list holds them all. */
		for (size_t i = before; i < s->nprincipals; i++) {
			size_t len = strlen(types[t]) + strlen(s->principals[i]) + 2;
			char *q = xmalloc(len);
			snprintf(q, len, "%s:%s", types[t], s->principals[i]);
			free(s->principals[i]);
			s->principals[i] = q;
		}
	}
	return true;
}

static bool condition(struct parse *ps, json_t *v, struct nhi_iam_stmt *s)
{
	const char *op, *key;
	json_t *keys, *vals, *e;
	size_t i;

	if (!json_is_object(v))
		return fail(ps, "Condition must be an object", NULL);
	json_object_foreach(v, op, keys) {
		if (!json_is_object(keys))
			return fail(ps, "condition operator %.64s must map keys to values", op);
		json_object_foreach(keys, key, vals) {
			if (json_is_array(vals)) {
				json_array_foreach(vals, i, e)
					if (!json_is_string(e) && !json_is_number(e) &&
					    !json_is_boolean(e))
						return fail(ps, "condition key %.64s: values must be strings, numbers or booleans", key);
			} else if (!json_is_string(vals) && !json_is_number(vals) &&
				   !json_is_boolean(vals)) {
				return fail(ps, "condition key %.64s: values must be strings, numbers or booleans", key);
			}
		}
	}
	s->condition = json_incref(v);
	return true;
}

static bool statement(struct parse *ps, json_t *o, struct nhi_iam_stmt *s)
{
	enum nhi_iam_kind kind = ps->p->kind;
	json_t *v, *act = NULL, *nact = NULL, *res = NULL, *nres = NULL,
		   *pri = NULL, *npri = NULL;
	const char *k;

	if (!json_is_object(o))
		return fail(ps, "not an object", NULL);
	json_object_foreach(o, k, v) {
		if (!strcmp(k, "Sid")) {
			if (!json_is_string(v))
				return fail(ps, "Sid must be a string", NULL);
			s->sid = xstrdup(json_string_value(v));
		} else if (!strcmp(k, "Effect")) {
			const char *e = json_string_value(v);
			if (e && !strcmp(e, "Allow"))
				s->effect = NHI_IAM_ALLOW;
			else if (e && !strcmp(e, "Deny"))
				s->effect = NHI_IAM_DENY;
			else
				return fail(ps, "Effect must be Allow or Deny", NULL);
		} else if (!strcmp(k, "Action")) {
			act = v;
		} else if (!strcmp(k, "NotAction")) {
			nact = v;
		} else if (!strcmp(k, "Resource")) {
			res = v;
		} else if (!strcmp(k, "NotResource")) {
			nres = v;
		} else if (!strcmp(k, "Principal")) {
			pri = v;
		} else if (!strcmp(k, "NotPrincipal")) {
			npri = v;
		} else if (!strcmp(k, "Condition")) {
			if (!condition(ps, v, s))
				return false;
		} else {
			return fail(ps, "unknown element \"%.32s\"", k);
		}
	}
	if (!json_object_get(o, "Effect"))
		return fail(ps, "no Effect", NULL);
	if (!act == !nact)
		return fail(ps, act ? "both Action and NotAction" : "no Action or NotAction", NULL);
	if (res && nres)
		return fail(ps, "both Resource and NotResource", NULL);
	if (pri && npri)
		return fail(ps, "both Principal and NotPrincipal", NULL);
	if (kind == NHI_IAM_TRUST && (res || nres))
		return fail(ps, "a trust policy has no Resource", NULL);
	if (kind < NHI_IAM_RESOURCE && !res && !nres)
		return fail(ps, "no Resource or NotResource", NULL);
	if (kind < NHI_IAM_RESOURCE && (pri || npri))
		return fail(ps, "Principal is only for resource and trust policies", NULL);
	if (kind >= NHI_IAM_RESOURCE && !pri && !npri)
		return fail(ps, "no Principal or NotPrincipal", NULL);
	s->not_action = nact != NULL;
	if (!actions(ps, act ? act : nact, s, act ? "Action" : "NotAction"))
		return false;
	s->has_resource = res || nres;
	s->not_resource = nres != NULL;
	if (s->has_resource &&
	    !strings(ps, res ? res : nres, res ? "Resource" : "NotResource",
		     &s->resources, &s->nresources))
		return false;
	s->not_principal = npri != NULL;
	if ((pri || npri) && !principal(ps, pri ? pri : npri, s,
					pri ? "Principal" : "NotPrincipal"))
		return false;
	return true;
}

static json_t *decode(const json_t *doc, struct parse *ps)
{
	const char *s = json_string_value(doc);
	size_t n = json_string_length(doc);
	struct nhi_buf b = NHI_BUF_INIT;
	json_error_t je;
	json_t *o;

	if (n > NHI_IAM_MAX_DOCUMENT) {
		fail(ps, "document larger than %s bytes", "1048576");
		return NULL;
	}
	while (n && isspace((unsigned char)*s))
		s++, n--;
	if (n && *s != '{') {
		/* The raw IAM API URL-encodes documents (RFC 3986). */
		for (size_t i = 0; i < n; i++) {
			if (s[i] == '%' && i + 2 < n &&
			    isxdigit((unsigned char)s[i + 1]) &&
			    isxdigit((unsigned char)s[i + 2])) {
				char hex[3] = {s[i + 1], s[i + 2], 0};
				nhi_buf_addch(&b, (int)strtol(hex, NULL, 16));
				i += 2;
			} else {
				nhi_buf_addch(&b, s[i]);
			}
		}
		s = b.buf;
		n = b.len;
	}
	o = json_loadb(s, n, JSON_REJECT_DUPLICATES, &je);
	nhi_buf_release(&b);
	if (!o)
		fail(ps, "invalid JSON: %s", je.text);
	return o;
}

static void hash_doc(struct nhi_iam_policy *p, const json_t *doc)
{
	unsigned char md[SHA256_DIGEST_LENGTH];
	char *dump = json_dumps(doc, JSON_SORT_KEYS | JSON_COMPACT);
	struct nhi_buf b = NHI_BUF_INIT;

	/* The kind is hashed too: one document means different things as
	 * an identity policy and as a boundary. */
	nhi_buf_addf(&b, "%d\n%s", (int)p->kind, dump ? dump : "");
	SHA256((const unsigned char *)b.buf, b.len, md);
	nhi_buf_release(&b);
	free(dump);
	for (int i = 0; i < 8; i++)
		snprintf(p->hash + 2 * i, 3, "%02x", md[i]);
}

struct nhi_iam_policy *nhi_iam_policy_parse(const json_t *doc,
					     enum nhi_iam_kind kind,
					     const char *via,
					     struct nhi_buf *err)
{
	struct parse ps = {.err = err, .stmt = (unsigned)-1};
	json_t *o = NULL, *stmts = NULL, *v;
	const char *k;
	size_t n;

	ps.p = xcalloc(1, sizeof(*ps.p));
	ps.p->kind = kind;
	ps.p->via = via ? xstrdup(via) : NULL;
	if (json_is_string(doc)) {
		o = decode(doc, &ps);
		if (!o)
			goto bad;
	} else {
		o = json_incref((json_t *)doc);
	}
	if (!json_is_object(o)) {
		fail(&ps, "a policy must be a JSON object", NULL);
		goto bad;
	}
	json_object_foreach(o, k, v) {
		if (!strcmp(k, "Version")) {
			const char *ver = json_string_value(v);
			if (!ver || (strcmp(ver, "2012-10-17") &&
				     strcmp(ver, "2008-10-17"))) {
				fail(&ps, "Version must be 2012-10-17 or 2008-10-17", NULL);
				goto bad;
			}
		} else if (!strcmp(k, "Id")) {
			if (!json_is_string(v)) {
				fail(&ps, "Id must be a string", NULL);
				goto bad;
			}
			ps.p->id = xstrdup(json_string_value(v));
		} else if (!strcmp(k, "Statement")) {
			stmts = v;
		} else {
			fail(&ps, "unknown element \"%.32s\"", k);
			goto bad;
		}
	}
	if (!stmts) {
		fail(&ps, "no Statement", NULL);
		goto bad;
	}
	n = json_is_array(stmts) ? json_array_size(stmts) : 1;
	if (json_is_array(stmts) && !n) {
		fail(&ps, "Statement is an empty list", NULL);
		goto bad;
	}
	if (n > NHI_IAM_MAX_STATEMENTS) {
		fail(&ps, "more than %s statements", "4096");
		goto bad;
	}
	ps.p->stmts = xcalloc(n, sizeof(*ps.p->stmts));
	for (size_t i = 0; i < n; i++) {
		struct nhi_iam_stmt *s = &ps.p->stmts[i];
		ps.stmt = (unsigned)i;
		s->index = (unsigned)i;
		ps.p->nstmts = (unsigned)i + 1;
		if (!statement(&ps, json_is_array(stmts) ? json_array_get(stmts, i)
							 : stmts, s))
			goto bad;
	}
	hash_doc(ps.p, o);
	json_decref(o);
	return ps.p;
bad:
	json_decref(o);
	nhi_iam_policy_free(ps.p);
	return NULL;
}

static void free_strings(char **v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void nhi_iam_policy_free(struct nhi_iam_policy *p)
{
	if (!p)
		return;
	for (unsigned i = 0; i < p->nstmts; i++) {
		struct nhi_iam_stmt *s = &p->stmts[i];
		free((char *)s->sid);
		free_strings(s->actions, s->nactions);
		free_strings(s->resources, s->nresources);
		free_strings(s->principals, s->nprincipals);
		json_decref(s->condition);
	}
	free(p->stmts);
	free(p->via);
	free(p->id);
	free(p);
}

enum nhi_iam_kind nhi_iam_kind_from_via(const char *via)
{
	if (!via)
		return NHI_IAM_IDENTITY;
	if (!strncmp(via, "boundary:", 9))
		return NHI_IAM_BOUNDARY;
	if (!strncmp(via, "scp:", 4))
		return NHI_IAM_SCP;
	if (!strncmp(via, "resource:", 9))
		return NHI_IAM_RESOURCE;
	if (!strncmp(via, "session:", 8))
		return NHI_IAM_SESSION;
	if (!strncmp(via, "trust", 5))
		return NHI_IAM_TRUST;
	return NHI_IAM_IDENTITY;
}

const char *nhi_iam_stmt_label(const struct nhi_iam_policy *p,
			       const struct nhi_iam_stmt *s,
			       struct nhi_buf *out)
{
	const char *via = p && p->via ? p->via : "policy";

	if (s->sid && *s->sid)
		nhi_buf_addf(out, "%s#%s", via, s->sid);
	else
		nhi_buf_addf(out, "%s#%u", via, s->index);
	return out->buf;
}
