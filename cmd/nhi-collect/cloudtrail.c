/* cloudtrail: CloudTrail events as delivered (gzip {"Records":[...]} files
 * and AWSLogs/ trees), as exported (NDJSON, bare arrays) and as looked up
 * (LookupEvents, each event a JSON string) into event records, or with
 * --aggregate into usage records; creator events by people also become
 * ownership signals. */
#include "compat.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "collect.h"
#include "config.h"
#include "ctmap.h"
#include "ctscan.h"
#include "diag.h"
#include "http.h"
#include "input.h"
#include "opts.h"
#include "record.h"
#include "ndjson.h"
#include "saas.h"
#include "secretenv.h"
#include "strmap.h"
#include "timefmt.h"
#include "xalloc.h"
#include "banned.h"

#define COLLECTOR "cloudtrail"
#define STAGE_FULL 4096 /* events of one file kept scanned, the rest re-scanned */

static int aggregate, no_fast;
static int64_t since = INT64_MIN, until = INT64_MAX;
static struct nhi_ctmap *map;

/* Where an event came from: a line, or a pointer into a whole file. */
struct where {
	const char *file;
	unsigned long line;
	const char *pointer;
	const char *list; /* or, formatted only when needed: /list/index */
	size_t index;
};

/* --aggregate: one entry per (identity, action, resource). */
struct usage {
	unsigned long long count;
	int64_t first, last;
	int32_t *days; /* sorted, distinct */
	size_t ndays, adays;
};
static struct nhi_strmap usages = NHI_STRMAP_INIT;

static void reject_at(const struct where *w, const char *why)
{
	if (w->list)
		collect_reject(w->file, w->line, "%s%s/%zu: %s", *w->list ? "/" : "",
			       w->list, w->index, why);
	else if (w->pointer)
		collect_reject(w->file, w->line, "%s: %s", w->pointer, why);
	else
		collect_reject(w->file, w->line, "%s", why);
}

static int is(const struct nhi_ct_str *s, const char *lit)
{
	size_t n = strlen(lit);

	return s->p && s->n == n && !memcmp(s->p, lit, n);
}

static int starts(const struct nhi_ct_str *s, const char *lit)
{
	size_t n = strlen(lit);

	return s->p && s->n >= n && !memcmp(s->p, lit, n);
}

static void add(struct nhi_buf *b, const struct nhi_ct_str *s)
{
	nhi_buf_add(b, s->p, s->n);
}

/* event_time: eventTime, with a quick path for the form CloudTrail writes. */
static int event_time(const struct nhi_ct_str *s, int64_t *t)
{
	char tmp[64];
	const char *p = s->p;

	if (!p)
		return 0;
	if (s->n == 20 && p[4] == '-' && p[7] == '-' && p[10] == 'T' &&
	    p[13] == ':' && p[16] == ':' && p[19] == 'Z') {
		int v[6], off[6] = { 0, 5, 8, 11, 14, 17 }, w[6] = { 4, 2, 2, 2, 2, 2 };
		int ok = 1;

		for (int k = 0; k < 6 && ok; k++) {
			v[k] = 0;
			for (int j = 0; j < w[k]; j++) {
				char c = p[off[k] + j];

				if (c < '0' || c > '9')
					ok = 0;
				v[k] = v[k] * 10 + (c - '0');
			}
		}
		if (ok && v[1] >= 1 && v[1] <= 12 && v[2] >= 1 && v[2] <= 31 &&
		    v[3] <= 23 && v[4] <= 59 && v[5] <= 60) {
			/* days from civil (Howard Hinnant's algorithm) */
			int y = v[0] - (v[1] <= 2);
			int era = y / 400;
			int yoe = y - era * 400;
			int doy = (153 * (v[1] + (v[1] > 2 ? -3 : 9)) + 2) / 5 + v[2] - 1;
			int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
			int64_t days = (int64_t)era * 146097 + doe - 719468;

			*t = days * 86400 + v[3] * 3600 + v[4] * 60 + v[5];
			return 1;
		}
	}
	if (s->n >= sizeof(tmp))
		return 0;
	memcpy(tmp, p, s->n);
	tmp[s->n] = 0;
	return nhi_time_parse(tmp, t) == NHI_TIME_SET;
}

/* arn_field: the n-th ':'-separated field of an ARN (0 = "arn"). */
static struct nhi_ct_str arn_field(const struct nhi_ct_str *arn, int n)
{
	struct nhi_ct_str r = { NULL, 0 };
	const char *p = arn->p, *end = arn->p + arn->n;

	if (!starts(arn, "arn:"))
		return r;
	for (int k = 0; k < n; k++) {
		const char *c = memchr(p, ':', (size_t)(end - p));

		if (!c)
			return r;
		p = c + 1;
	}
	r.p = p;
	r.n = (size_t)(end - p);
	if (n < 5) {
		const char *c = memchr(p, ':', r.n);

		if (!c)
			return (struct nhi_ct_str){ NULL, 0 };
		r.n = (size_t)(c - p);
	}
	return r;
}

struct actor {
	struct nhi_buf id;
	struct nhi_ct_str session;
	const char *how;          /* for signals: "SSO session", "IAM user", ... */
	struct nhi_ct_str person; /* for signals */
	double weight;
};

/* actor: the identity id an event is charged to (HACKING: an assumed-role
 * session maps to its role ARN, the session name is kept apart). 0 when
 * the userIdentity cannot be named. */
static int actor(const struct nhi_ct_event *ev, struct actor *a)
{
	const struct nhi_ct_str *type = &ev->f[NHI_CT_UID_TYPE];
	const struct nhi_ct_str *arn = &ev->f[NHI_CT_UID_ARN];
	const struct nhi_ct_str *acct = &ev->f[NHI_CT_UID_ACCOUNT];
	const struct nhi_ct_str *user = &ev->f[NHI_CT_UID_USER];
	const struct nhi_ct_str *issuer = &ev->f[NHI_CT_ISSUER_ARN];

	nhi_buf_reset(&a->id);
	a->session = (struct nhi_ct_str){ NULL, 0 };
	a->person = (struct nhi_ct_str){ NULL, 0 };
	a->how = NULL;
	a->weight = 0;
	if (is(type, "AssumedRole") || is(type, "FederatedUser")) {
		struct nhi_ct_str res = arn_field(arn, 5);
		const char *slash = res.p ? memchr(res.p, '/', res.n) : NULL;
		const char *last = NULL;

		if (slash)
			for (const char *q = res.p + res.n; q > slash; q--)
				if (q[-1] == '/') {
					last = q;
					break;
				}
		if (last) {
			a->session.p = last;
			a->session.n = (size_t)(res.p + res.n - last);
		}
		nhi_buf_adds(&a->id, "aws:");
		if (issuer->p) {
			add(&a->id, issuer);
		} else if (is(type, "AssumedRole") && starts(&res, "assumed-role/") &&
			   last && last - 1 > res.p + 13) {
			struct nhi_ct_str part = arn_field(arn, 1), ac = arn_field(arn, 4);

			nhi_buf_adds(&a->id, "arn:");
			add(&a->id, &part);
			nhi_buf_adds(&a->id, ":iam::");
			add(&a->id, &ac);
			nhi_buf_adds(&a->id, ":role/");
			nhi_buf_add(&a->id, res.p + 13, (size_t)(last - 1 - (res.p + 13)));
		} else if (arn->p) {
			add(&a->id, arn);
		} else {
			return 0;
		}
		if (is(type, "FederatedUser")) {
			a->how = "federated user";
			a->person = a->session;
			a->weight = 0.625;
		} else if (starts(&ev->f[NHI_CT_ISSUER_USER], "AWSReservedSSO_")) {
			a->how = "SSO session";
			a->person = a->session;
			a->weight = 0.875;
		} else if (a->session.p && memchr(a->session.p, '@', a->session.n)) {
			a->how = "role session";
			a->person = a->session;
			a->weight = 0.75;
		}
		return 1;
	}
	if (is(type, "IAMUser") || is(type, "Root") || (!type->p && arn->p) ||
	    (is(type, "Unknown") && arn->p)) {
		nhi_buf_adds(&a->id, "aws:");
		if (arn->p) {
			add(&a->id, arn);
		} else if (acct->p && is(user, "HIDDEN_DUE_TO_SECURITY_REASONS")) {
			/* a failed sign-in with a name that is no user's */
			nhi_buf_reset(&a->id);
			nhi_buf_adds(&a->id, "aws:account:");
			add(&a->id, acct);
			return 1;
		} else if (acct->p && (is(type, "Root") || user->p)) {
			nhi_buf_adds(&a->id, "arn:aws:iam::");
			add(&a->id, acct);
			if (is(type, "Root")) {
				nhi_buf_adds(&a->id, ":root");
			} else {
				nhi_buf_adds(&a->id, ":user/");
				add(&a->id, user);
			}
		} else {
			return 0;
		}
		if (is(type, "IAMUser") && user->p) {
			a->how = "IAM user";
			a->person = *user;
			a->weight = 0.625;
		}
		return 1;
	}
	if (is(type, "AWSService") && ev->f[NHI_CT_UID_INVOKED_BY].p) {
		nhi_buf_adds(&a->id, "aws:service:");
		add(&a->id, &ev->f[NHI_CT_UID_INVOKED_BY]);
		return 1;
	}
	if (is(type, "AWSAccount") && acct->p) {
		nhi_buf_adds(&a->id, "aws:account:");
		add(&a->id, acct);
		return 1;
	}
	if ((is(type, "WebIdentityUser") || is(type, "SAMLUser")) && user->p) {
		int saml = is(type, "SAMLUser");

		nhi_buf_adds(&a->id, saml ? "aws:saml:" : "aws:web-identity:");
		if (ev->f[NHI_CT_UID_IDP].p)
			add(&a->id, &ev->f[NHI_CT_UID_IDP]);
		nhi_buf_addch(&a->id, '/');
		add(&a->id, user);
		a->how = saml ? "SAML user" : "web identity user";
		a->person = *user;
		a->weight = saml ? 0.75 : 0.5;
		return 1;
	}
	if (is(type, "IdentityCenterUser") && ev->f[NHI_CT_OBO_USER].p) {
		nhi_buf_adds(&a->id, "aws:identity-center:");
		if (ev->f[NHI_CT_OBO_STORE].p) {
			add(&a->id, &ev->f[NHI_CT_OBO_STORE]);
			nhi_buf_addch(&a->id, '/');
		}
		add(&a->id, &ev->f[NHI_CT_OBO_USER]);
		a->how = "Identity Center user";
		a->person = ev->f[NHI_CT_OBO_USER];
		a->weight = 0.875;
		return 1;
	}
	return 0;
}

/* Resources: what the event names, as ARNs, first-seen order, no repeats. */
struct reslist {
	struct nhi_buf text; /* NUL-separated */
	size_t off[NHI_CTSCAN_MAX_RESOURCES + 16];
	size_t n;
};

static void res_add(struct reslist *r, const char *s, size_t n)
{
	if (r->n == ARRAY_SIZE(r->off) || !n)
		return;
	for (size_t i = 0; i < r->n; i++)
		if (strlen(r->text.buf + r->off[i]) == n &&
		    !memcmp(r->text.buf + r->off[i], s, n))
			return;
	r->off[r->n++] = r->text.len;
	nhi_buf_add(&r->text, s, n);
	nhi_buf_addch(&r->text, '\0');
}

static const char *res_get(const struct reslist *r, size_t i)
{
	return r->text.buf + r->off[i];
}

static void res_named(struct reslist *r, const struct nhi_ct_event *ev,
		      const char *part, int field, const char *svc,
		      const char *fmt_prefix, int regional)
{
	const struct nhi_ct_str *v = &ev->f[field];
	const struct nhi_ct_str *acct = ev->f[NHI_CT_RECIPIENT].p ?
		&ev->f[NHI_CT_RECIPIENT] : &ev->f[NHI_CT_UID_ACCOUNT];
	struct nhi_buf b = NHI_BUF_INIT;

	if (!v->p || !v->n)
		return;
	if (starts(v, "arn:")) {
		res_add(r, v->p, v->n);
		return;
	}
	if (!acct->p || (regional && !ev->f[NHI_CT_REGION].p))
		return;
	nhi_buf_addf(&b, "arn:%s:%s:", part, svc);
	if (regional)
		add(&b, &ev->f[NHI_CT_REGION]);
	nhi_buf_addch(&b, ':');
	add(&b, acct);
	nhi_buf_addch(&b, ':');
	nhi_buf_adds(&b, fmt_prefix);
	add(&b, v);
	res_add(r, b.buf, b.len);
	nhi_buf_release(&b);
}

static void resources(const struct nhi_ct_event *ev, struct reslist *r)
{
	const struct nhi_ct_str *src = &ev->f[NHI_CT_SOURCE];
	struct nhi_ct_str p = arn_field(&ev->f[NHI_CT_UID_ARN], 1);
	char part[32] = "aws";
	struct nhi_buf b = NHI_BUF_INIT;

	if (p.p && p.n && p.n < sizeof(part)) {
		memcpy(part, p.p, p.n);
		part[p.n] = 0;
	}
	nhi_buf_reset(&r->text);
	r->n = 0;
	for (size_t i = 0; i < ev->nres; i++)
		res_add(r, ev->res[i].p, ev->res[i].n);
	if (ev->f[NHI_CT_RP_BUCKET].p && ev->f[NHI_CT_RP_BUCKET].n) {
		nhi_buf_adds(&b, "arn:");
		nhi_buf_adds(&b, part);
		nhi_buf_adds(&b, ":s3:::");
		add(&b, &ev->f[NHI_CT_RP_BUCKET]);
		if (ev->f[NHI_CT_RP_KEY].p) {
			nhi_buf_addch(&b, '/');
			add(&b, &ev->f[NHI_CT_RP_KEY]);
		}
		res_add(r, b.buf, b.len);
	}
	nhi_buf_release(&b);
	for (int f = NHI_CT_RP_ROLE_ARN; f <= NHI_CT_RP_POLICY_ARN; f++)
		if (starts(&ev->f[f], "arn:"))
			res_add(r, ev->f[f].p, ev->f[f].n);
	if (starts(&ev->f[NHI_CT_RP_TOPIC_ARN], "arn:"))
		res_add(r, ev->f[NHI_CT_RP_TOPIC_ARN].p, ev->f[NHI_CT_RP_TOPIC_ARN].n);
	if (is(src, "iam.amazonaws.com")) {
		res_named(r, ev, part, NHI_CT_RP_USER, "iam", "user/", 0);
		res_named(r, ev, part, NHI_CT_RP_ROLE, "iam", "role/", 0);
		res_named(r, ev, part, NHI_CT_RP_GROUP, "iam", "group/", 0);
	}
	if (is(src, "lambda.amazonaws.com"))
		res_named(r, ev, part, NHI_CT_RP_FUNCTION, "lambda", "function:", 1);
	if (is(src, "dynamodb.amazonaws.com"))
		res_named(r, ev, part, NHI_CT_RP_TABLE, "dynamodb", "table/", 1);
	if (is(src, "secretsmanager.amazonaws.com"))
		res_named(r, ev, part, NHI_CT_RP_SECRET, "secretsmanager", "secret:", 1);
	if (is(src, "kms.amazonaws.com"))
		res_named(r, ev, part, NHI_CT_RP_KEY_ID, "kms",
			  starts(&ev->f[NHI_CT_RP_KEY_ID], "alias/") ? "" : "key/", 1);
}

/* outcome: AccessDenied*, *UnauthorizedOperation, *NotAuthorized* are a
 * refusal; any other error a failure of a call that was allowed. */
static const char *outcome(const struct nhi_ct_str *err)
{
	if (!err->p || !err->n)
		return "allowed";
	if (starts(err, "AccessDenied") ||
	    memmem(err->p, err->n, "UnauthorizedOperation", 21) ||
	    memmem(err->p, err->n, "NotAuthorized", 13))
		return "denied";
	return "failed";
}

/* Events that make or change an identity: who did it owns it, a little. */
static const struct {
	const char *event;
	const char *role;
} creators[] = {
	{ "AttachRolePolicy", "modifier" },
	{ "AttachUserPolicy", "modifier" },
	{ "CreateAccessKey", "provisioner" },
	{ "CreateGroup", "provisioner" },
	{ "CreateInstanceProfile", "provisioner" },
	{ "CreateLoginProfile", "provisioner" },
	{ "CreatePolicy", "provisioner" },
	{ "CreateRole", "provisioner" },
	{ "CreateServiceLinkedRole", "provisioner" },
	{ "CreateUser", "provisioner" },
	{ "PutRolePolicy", "modifier" },
	{ "PutUserPolicy", "modifier" },
	{ "UpdateAssumeRolePolicy", "modifier" },
};

static const char *creator_role(const struct nhi_ct_event *ev)
{
	if (!is(&ev->f[NHI_CT_SOURCE], "iam.amazonaws.com"))
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(creators); i++)
		if (is(&ev->f[NHI_CT_NAME], creators[i].event))
			return creators[i].role;
	return NULL;
}

static void iam_arn(struct nhi_buf *b, const struct nhi_ct_event *ev,
		    const char *kind, const struct nhi_ct_str *name)
{
	const struct nhi_ct_str *acct = ev->f[NHI_CT_RECIPIENT].p ?
		&ev->f[NHI_CT_RECIPIENT] : &ev->f[NHI_CT_UID_ACCOUNT];
	struct nhi_ct_str part = arn_field(&ev->f[NHI_CT_UID_ARN], 1);

	nhi_buf_adds(b, "aws:arn:");
	if (part.p)
		add(b, &part);
	else
		nhi_buf_adds(b, "aws");
	nhi_buf_adds(b, ":iam::");
	add(b, acct);
	nhi_buf_addf(b, ":%s/", kind);
	add(b, name);
}

static void signal(const struct nhi_ct_event *ev, const json_t *o,
		   const struct actor *a, int64_t t, const struct where *w)
{
	const char *role = creator_role(ev);
	const char *name, *made = NULL, *key = NULL;
	struct nhi_buf subject = NHI_BUF_INIT, evidence = NHI_BUF_INIT;
	const json_t *resp = json_object_get(o, "responseElements");
	char tbuf[NHI_TIME_BUFSZ];
	const struct nhi_ct_str *acct = ev->f[NHI_CT_RECIPIENT].p ?
		&ev->f[NHI_CT_RECIPIENT] : &ev->f[NHI_CT_UID_ACCOUNT];
	json_t *rec;

	if (!role || !a->person.p || !a->person.n)
		return;
	name = nhi_get_str(o, "eventName");
	if (!strcmp(name, "CreateUser"))
		made = nhi_get_path_str(resp, "user.arn");
	else if (!strcmp(name, "CreateRole") || !strcmp(name, "CreateServiceLinkedRole"))
		made = nhi_get_path_str(resp, "role.arn");
	else if (!strcmp(name, "CreatePolicy"))
		made = nhi_get_path_str(resp, "policy.arn");
	else if (!strcmp(name, "CreateGroup"))
		made = nhi_get_path_str(resp, "group.arn");
	else if (!strcmp(name, "CreateInstanceProfile"))
		made = nhi_get_path_str(resp, "instanceProfile.arn");
	if (made) {
		nhi_buf_addf(&subject, "aws:%s", made);
	} else if (acct->p && ev->f[NHI_CT_RP_USER].p &&
		   (strstr(name, "User") || !strcmp(name, "CreateAccessKey") ||
		    !strcmp(name, "CreateLoginProfile"))) {
		iam_arn(&subject, ev, "user", &ev->f[NHI_CT_RP_USER]);
	} else if (acct->p && ev->f[NHI_CT_RP_ROLE].p && strstr(name, "Role")) {
		iam_arn(&subject, ev, "role", &ev->f[NHI_CT_RP_ROLE]);
	} else if (acct->p && ev->f[NHI_CT_RP_GROUP].p && strstr(name, "Group")) {
		iam_arn(&subject, ev, "group", &ev->f[NHI_CT_RP_GROUP]);
	} else if (!strcmp(name, "CreateAccessKey") && is(&ev->f[NHI_CT_UID_TYPE], "IAMUser")) {
		/* A user making a key for itself. */
		nhi_buf_adds(&subject, a->id.buf);
	} else {
		nhi_buf_release(&subject);
		return;
	}
	if (!strcmp(name, "CreateAccessKey"))
		key = nhi_get_path_str(resp, "accessKey.accessKeyId");
	nhi_buf_addf(&evidence, "%s by %s ", name, a->how);
	add(&evidence, &a->person);
	nhi_buf_addf(&evidence, " (CloudTrail %s)", nhi_time_format(t, tbuf));
	rec = nhi_record_new("signal");
	nhi_set_str(rec, "role", role);
	nhi_set_str(rec, "subject", subject.buf);
	nhi_set_strn(rec, "person", a->person.p, a->person.n);
	nhi_set_str(rec, "evidence", evidence.buf);
	nhi_set_time(rec, "time", t);
	json_object_set_new(rec, "weight", json_real(a->weight));
	if (key) {
		struct nhi_buf c = NHI_BUF_INIT;

		nhi_buf_addf(&c, "aws:key:%s", key);
		nhi_set_str(rec, "credential", c.buf);
		nhi_buf_release(&c);
	}
	nhi_set_source(rec, COLLECTOR, w->file, w->line, w->pointer);
	nhi_emit_steal(rec);
	nhi_buf_release(&subject);
	nhi_buf_release(&evidence);
}

static int32_t day_of(int64_t t)
{
	return (int32_t)(t >= 0 ? t / 86400 : -((-t + 86399) / 86400));
}

static void count(const char *identity, size_t ilen, const char *action,
		  const char *resource, int64_t t)
{
	char stack[512];
	struct nhi_buf big = NHI_BUF_INIT;
	size_t alen = strlen(action), rlen = strlen(resource);
	size_t klen = ilen + 1 + alen + 1 + rlen;
	char *key = stack;
	struct nhi_strmap_entry *e;
	struct usage *u;
	int32_t d = day_of(t);
	size_t lo, hi;

	if (klen > sizeof(stack)) {
		nhi_buf_grow(&big, klen);
		key = big.buf;
	}
	/* NUL separators sort the keys by identity, action, resource. */
	memcpy(key, identity, ilen);
	key[ilen] = 0;
	memcpy(key + ilen + 1, action, alen);
	key[ilen + 1 + alen] = 0;
	memcpy(key + ilen + 2 + alen, resource, rlen);
	e = nhi_strmap_slot(&usages, key, klen);
	nhi_buf_release(&big);
	u = e->value;
	if (!u) {
		u = e->value = xcalloc(1, sizeof(*u));
		u->first = u->last = t;
	}
	u->count++;
	if (t < u->first)
		u->first = t;
	if (t > u->last)
		u->last = t;
	if (u->ndays && u->days[u->ndays - 1] == d)
		return;
	for (lo = 0, hi = u->ndays; lo < hi;) {
		size_t mid = (lo + hi) / 2;

		if (u->days[mid] < d)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < u->ndays && u->days[lo] == d)
		return;
	if (u->ndays == u->adays) {
		u->adays = u->adays ? 2 * u->adays : 4;
		u->days = xreallocarray(u->days, u->adays, sizeof(*u->days));
	}
	memmove(u->days + lo + 1, u->days + lo, (u->ndays - lo) * sizeof(*u->days));
	u->days[lo] = d;
	u->ndays++;
}

/* set: a field the event gives, left out when empty ("absent = unknown"). */
static void set(json_t *rec, const char *key, const char *v)
{
	if (v && *v)
		nhi_set_str(rec, key, v);
}

static void event_record(const struct nhi_ct_event *ev, const json_t *o,
			 const struct actor *a, const struct nhi_ctmap_result *m,
			 const struct reslist *r, int64_t t, const struct where *w)
{
	json_t *rec = nhi_record_new("event"), *arr;
	const json_t *uid = json_object_get(o, "userIdentity");
	const char *mfa = nhi_get_path_str(uid, "sessionContext.attributes.mfaAuthenticated");
	const char *out = outcome(&ev->f[NHI_CT_ERROR]);
	const char *name = nhi_get_str(o, "eventName");
	int console = !strcmp(name, "ConsoleLogin");
	const char *login = nhi_get_path_str(o, "responseElements.ConsoleLogin");

	nhi_set_str(rec, "identity", a->id.buf);
	nhi_set_time(rec, "time", t);
	if (m->nactions)
		nhi_set_str(rec, "action", m->actions[0]);
	if (m->nactions != 1) {
		arr = json_array();
		for (size_t i = 0; i < m->nactions; i++)
			json_array_append_new(arr, json_string(m->actions[i]));
		json_object_set_new(rec, "actions", arr);
	}
	if (m->nmaybe) {
		arr = json_array();
		for (size_t i = 0; i < m->nmaybe; i++)
			json_array_append_new(arr, json_string(m->maybe[i]));
		json_object_set_new(rec, "maybe", arr);
	}
	if (r->n)
		nhi_set_str(rec, "resource", res_get(r, 0));
	if (r->n > 1) {
		arr = json_array();
		for (size_t i = 0; i < r->n; i++)
			json_array_append_new(arr, json_string(res_get(r, i)));
		json_object_set_new(rec, "resources", arr);
	}
	if (console && login && !strcmp(login, "Failure") && !strcmp(out, "allowed")) {
		nhi_set_str(rec, "outcome", "failed");
		nhi_set_str(rec, "error", nhi_get_str(o, "errorMessage"));
	} else {
		nhi_set_str(rec, "outcome", out);
		nhi_set_str(rec, "error", nhi_get_str(o, "errorCode"));
	}
	set(rec, "source_ip", nhi_get_str(o, "sourceIPAddress"));
	set(rec, "user_agent", nhi_get_str(o, "userAgent"));
	set(rec, "region", nhi_get_str(o, "awsRegion"));
	if (a->session.p)
		nhi_set_strn(rec, "session", a->session.p, a->session.n);
	set(rec, "event_source", nhi_get_str(o, "eventSource"));
	nhi_set_str(rec, "event_name", name);
	set(rec, "access_key_id", nhi_get_str(uid, "accessKeyId"));
	if (mfa && (!strcmp(mfa, "true") || !strcmp(mfa, "false")))
		nhi_set_bool(rec, "mfa", !strcmp(mfa, "true"));
	else if (console && nhi_get_path_str(o, "additionalEventData.MFAUsed"))
		nhi_set_bool(rec, "mfa", !strcmp(nhi_get_path_str(o, "additionalEventData.MFAUsed"), "Yes"));
	if (console)
		nhi_set_bool(rec, "console", 1);
	set(rec, "account", nhi_get_str(o, "recipientAccountId"));
	if (m->unverified)
		nhi_set_bool(rec, "unverified", 1);
	nhi_set_source(rec, COLLECTOR, w->file, w->line, w->pointer);
	nhi_emit_steal(rec);
}

/* handle: one event, from the scanner (o NULL) or from jansson. */
static void handle(const struct nhi_ct_event *ev, const json_t *o,
		   const struct where *w)
{
	static struct actor a = { NHI_BUF_INIT, { 0 }, NULL, { 0 }, 0 };
	static struct reslist r = { NHI_BUF_INIT, { 0 }, 0 };
	const struct nhi_ctmap_result *m;
	int64_t t;
	char type[64];

	if (!ev->f[NHI_CT_TIME].p && !ev->f[NHI_CT_SOURCE].p && !ev->f[NHI_CT_NAME].p) {
		reject_at(w, "not a CloudTrail event");
		return;
	}
	if (!event_time(&ev->f[NHI_CT_TIME], &t)) {
		reject_at(w, ev->f[NHI_CT_TIME].p ? "eventTime is not a time" :
			  "event has no eventTime");
		return;
	}
	if (!ev->f[NHI_CT_SOURCE].p || !ev->f[NHI_CT_NAME].p) {
		reject_at(w, "event has no eventSource or eventName");
		return;
	}
	if (t < since || t >= until)
		return;
	if (!actor(ev, &a)) {
		const struct nhi_ct_str *ty = &ev->f[NHI_CT_UID_TYPE];

		if (ty->p && ty->n < 40) {
			memcpy(type, "userIdentity ", 13);
			memcpy(type + 13, ty->p, ty->n);
			type[13 + ty->n] = 0;
		} else {
			memcpy(type, "userIdentity (none)", 20);
		}
		collect_unknown(COLLECTOR, type);
		return;
	}
	m = nhi_ctmap_lookup(map, ev->f[NHI_CT_SOURCE].p, ev->f[NHI_CT_SOURCE].n,
			     ev->f[NHI_CT_NAME].p, ev->f[NHI_CT_NAME].n);
	resources(ev, &r);
	if (o && !strcmp(outcome(&ev->f[NHI_CT_ERROR]), "allowed"))
		signal(ev, o, &a, t, w);
	if (!aggregate) {
		event_record(ev, o, &a, m, &r, t, w);
		return;
	}
	if (!strcmp(outcome(&ev->f[NHI_CT_ERROR]), "denied"))
		return;
	for (size_t i = 0; i < m->nactions; i++) {
		if (!r.n)
			count(a.id.buf, a.id.len, m->actions[i], "*", t);
		for (size_t j = 0; j < r.n; j++)
			count(a.id.buf, a.id.len, m->actions[i], res_get(&r, j), t);
	}
}

static void handle_json(const json_t *o, const struct where *w)
{
	struct nhi_ct_event ev;

	if (!json_is_object(o)) {
		reject_at(w, "event is not a JSON object");
		return;
	}
	nhi_ctscan_from_json(o, &ev);
	handle(&ev, o, w);
}

static void element(const json_t *e, const struct where *w);

/* parse_event: jansson over the text of one event. */
static void parse_event(const char *p, size_t n, const struct where *w)
{
	json_error_t err;
	json_t *o = json_loadb(p, n, JSON_DECODE_ANY, &err);

	if (!o) {
		struct nhi_buf why = NHI_BUF_INIT;

		nhi_buf_addf(&why, "invalid JSON: %s at column %d", nhi_json_error_text(&err), err.column);
		reject_at(w, why.buf);
		nhi_buf_release(&why);
		return;
	}
	element(o, w);
	json_decref(o);
}

/* event_text: one event as text; the scanner when it can, else jansson.
 * p[n] must be '\0'. */
static void event_text(const char *p, size_t n, const struct where *w)
{
	struct nhi_ct_event ev;
	size_t end;

	if (aggregate && !no_fast &&
	    nhi_ctscan_event(p, n, &ev, &end) == NHI_CTSCAN_OK &&
	    !creator_role(&ev) && !ev.f[NHI_CT_LOOKUP].p) {
		while (end < n && strchr(" \t\r\n", p[end]))
			end++;
		if (end == n) {
			handle(&ev, NULL, w);
			return;
		}
	}
	parse_event(p, n, w);
}

static void json_value(const json_t *v, const struct where *at);

/* An element of an array or of Events: an event, or a LookupEvents entry
 * whose CloudTrailEvent is the event as a string. */
static void element(const json_t *e, const struct where *w)
{
	const json_t *s = json_object_get(e, "CloudTrailEvent");

	if (json_is_string(s)) {
		struct nhi_buf ptr = NHI_BUF_INIT;
		struct where in = *w;

		nhi_buf_addf(&ptr, "%s/CloudTrailEvent", w->pointer ? w->pointer : "");
		in.pointer = ptr.buf;
		event_text(json_string_value(s), json_string_length(s), &in);
		nhi_buf_release(&ptr);
		return;
	}
	handle_json(e, w);
}

static void json_list(const json_t *a, const struct where *at, const char *name)
{
	size_t i;
	json_t *e;
	struct nhi_buf ptr = NHI_BUF_INIT;

	json_array_foreach(a, i, e) {
		struct where w = *at;

		nhi_buf_reset(&ptr);
		nhi_buf_addf(&ptr, "%s/%s%s%zu", at->pointer ? at->pointer : "",
			     name, *name ? "/" : "", i);
		w.pointer = ptr.buf;
		element(e, &w);
	}
	nhi_buf_release(&ptr);
}

static void json_value(const json_t *v, const struct where *at)
{
	if (json_is_array(v)) {
		json_list(v, at, "");
	} else if (json_is_array(json_object_get(v, "Records"))) {
		json_list(json_object_get(v, "Records"), at, "Records");
	} else if (json_is_array(json_object_get(v, "Events"))) {
		json_list(json_object_get(v, "Events"), at, "Events");
	} else if (json_is_object(v) && (json_object_get(v, "eventName") ||
					 json_object_get(v, "CloudTrailEvent"))) {
		element(v, at);
	} else {
		reject_at(at, "not a CloudTrail event, log file or LookupEvents output");
	}
}

static unsigned long line_at(const char *buf, size_t off)
{
	unsigned long line = 1;

	for (const char *p = buf; (p = memchr(p, '\n', (size_t)(buf + off - p))); p++)
		line++;
	return line;
}

/* whole_jansson: every JSON value of the text in turn (exports that were
 * paginated are several values one after another). */
static void whole_jansson(const char *name, const char *buf, size_t len)
{
	size_t off = 0;
	unsigned long nvalue = 0;

	for (;;) {
		json_error_t err;
		json_t *v;
		struct where w = { name, 0, NULL };

		while (off < len && strchr(" \t\r\n", buf[off]))
			off++;
		if (off >= len)
			return;
		v = json_loadb(buf + off, len - off, JSON_DISABLE_EOF_CHECK, &err);
		if (!v) {
			unsigned long line = line_at(buf, off) + (err.line > 1 ? (unsigned long)err.line - 1 : 0);

			collect_reject(name, line, "invalid JSON: %s at column %d",
				       nhi_json_error_text(&err), err.column);
			return;
		}
		if (nvalue++ > 0)
			w.line = line_at(buf, off);
		json_value(v, &w);
		json_decref(v);
		off += err.position;
	}
}

/* The fast path over a whole file: every event is scanned first, and
 * only when the file as a whole is sound are they counted, so that a file
 * jansson would refuse counts for nothing either way. */
struct staged {
	size_t off, len;
	int slow;
	unsigned long value; /* which top-level value, for the line */
	size_t index;
	const char *list;    /* "Records" or "" */
};

static int whole_fast(const char *name, const char *buf, size_t len)
{
	/* kept from file to file: a tree has thousands of them */
	static struct staged *st;
	static struct nhi_ct_event *full;
	static size_t alloc, nfull;
	size_t n = 0, i = 0;
	unsigned long nvalue = 0;
	size_t value_off[64];
	int ok = 1;

	while (ok) {
		const char *list = "";
		size_t index = 0;
		int one = 0;

		while (i < len && strchr(" \t\r\n", buf[i]))
			i++;
		if (i >= len)
			break;
		if (nvalue == ARRAY_SIZE(value_off)) {
			ok = 0;
			break;
		}
		value_off[nvalue] = i;
		if (buf[i] == '{') {
			size_t j = i + 1;

			while (j < len && strchr(" \t\r\n", buf[j]))
				j++;
			if (len - j > 9 && !memcmp(buf + j, "\"Records\"", 9)) {
				j += 9;
				while (j < len && strchr(" \t\r\n", buf[j]))
					j++;
				if (buf[j] != ':') {
					ok = 0;
					break;
				}
				j++;
				while (j < len && strchr(" \t\r\n", buf[j]))
					j++;
				if (buf[j] != '[') {
					ok = 0;
					break;
				}
				i = j + 1;
				list = "Records";
			} else {
				/* One event alone: rare enough for jansson,
				 * which also tells it from other objects. */
				ok = 0;
				break;
			}
		} else if (buf[i] == '[') {
			i++;
		} else {
			ok = 0;
			break;
		}
		for (;;) {
			size_t end;
			struct nhi_ct_event ev, *evp;
			int slow;
			long skip;

			while (i < len && strchr(" \t\r\n", buf[i]))
				i++;
			if (!one && buf[i] == ']' && index == 0) {
				i++;
				break;
			}
			if (n == alloc) {
				alloc = alloc ? 2 * alloc : 256;
				st = xreallocarray(st, alloc, sizeof(*st));
			}
			if (n < STAGE_FULL && n == nfull) {
				nfull = nfull ? 2 * nfull : 256;
				full = xreallocarray(full, nfull, sizeof(*full));
			}
			evp = n < STAGE_FULL ? &full[n] : &ev;
			slow = nhi_ctscan_event(buf + i, len - i, evp, &end) != NHI_CTSCAN_OK ||
			       creator_role(evp) || evp->f[NHI_CT_LOOKUP].p;
			if (slow) {
				skip = nhi_ctscan_skip(buf, len, i);
				if (skip < 0) {
					ok = 0;
					break;
				}
				end = (size_t)skip - i;
			}
			st[n] = (struct staged){ i, end, slow, nvalue, index, list };
			n++;
			index++;
			i += end;
			if (one)
				break;
			while (i < len && strchr(" \t\r\n", buf[i]))
				i++;
			if (buf[i] == ',') {
				i++;
				continue;
			}
			if (buf[i] != ']') {
				ok = 0;
				break;
			}
			i++;
			break;
		}
		if (!ok)
			break;
		if (*list) {
			while (i < len && strchr(" \t\r\n", buf[i]))
				i++;
			if (buf[i] != '}') {
				ok = 0;
				break;
			}
			i++;
		}
		nvalue++;
	}
	if (ok) {
		struct nhi_buf ptr = NHI_BUF_INIT;

		for (size_t k = 0; k < n; k++) {
			struct where w = { name, 0, NULL };
			struct nhi_ct_event ev;
			size_t end;

			if (st[k].value > 0)
				w.line = line_at(buf, value_off[st[k].value]);
			if (*st[k].list || buf[value_off[st[k].value]] == '[') {
				w.list = st[k].list;
				w.index = st[k].index;
			}
			if (st[k].slow) {
				nhi_buf_reset(&ptr);
				if (w.list)
					nhi_buf_addf(&ptr, "%s%s/%zu", *w.list ? "/" : "",
						     w.list, w.index);
				w.pointer = ptr.len ? ptr.buf : NULL;
				w.list = NULL;
				parse_event(buf + st[k].off, st[k].len, &w);
			} else if (k < STAGE_FULL) {
				handle(&full[k], NULL, &w);
			} else {
				nhi_ctscan_event(buf + st[k].off, len - st[k].off, &ev, &end);
				handle(&ev, NULL, &w);
			}
		}
		nhi_buf_release(&ptr);
	}
	return ok;
}

static void whole(const char *name, const char *buf, size_t len)
{
	if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3)) {
		buf += 3;
		len -= 3;
	}
	if (aggregate && !no_fast && whole_fast(name, buf, len))
		return;
	whole_jansson(name, buf, len);
}

/* ndjson_first: whether the text reads as one event per line: its first
 * line opens an object and names a key that is not a log file's. */
static int ndjson_first(const char *p, size_t n)
{
	size_t i = 0;

	if (n >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
		i = 3;
	while (i < n && strchr(" \t\r", p[i]))
		i++;
	if (i >= n || p[i] != '{')
		return 0;
	i++;
	while (i < n && strchr(" \t\r", p[i]))
		i++;
	if (i >= n || p[i] != '"')
		return 0;
	return !(n - i >= 9 && (!memcmp(p + i, "\"Records\"", 9) ||
				!memcmp(p + i, "\"Events\"", 8)));
}

static void ndjson_line(const char *name, unsigned long lineno, char *p, size_t n)
{
	struct where w = { name, lineno, NULL };
	char save;

	while (n && (p[n - 1] == '\r' || p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	if (!n)
		return;
	if (lineno == 1 && n >= 3 && !memcmp(p, "\xef\xbb\xbf", 3)) {
		p += 3;
		n -= 3;
	}
	save = p[n];
	p[n] = '\0';
	event_text(p, n, &w);
	p[n] = save;
}

/* read_input: one file, streamed when it is NDJSON, whole otherwise. */
static void read_input(const char *path, void *ctx)
{
	struct nhi_input *in = nhi_input_open(path);
	static struct nhi_buf b = NHI_BUF_INIT; /* kept: one allocation per run */
	const char *name;
	int mode = -1; /* -1 undecided, 0 whole, 1 lines */
	unsigned long lineno = 0;
	size_t start = 0;
	int skipping = 0, eof = 0, bad = 0;

	(void)ctx;
	if (!in) {
		nhi_error_errno(NHI_EXIT_SYSTEM, "%s", path);
		return;
	}
	name = nhi_input_name(in);
	while (!eof) {
		long got;

		nhi_buf_grow(&b, 1 << 20);
		got = nhi_input_read(in, b.buf + b.len, 1 << 20);
		if (got < 0) {
			collect_reject(name, 0, "%s", nhi_input_error(in));
			bad = 1;
			break;
		}
		if (got == 0)
			eof = 1;
		nhi_buf_setlen(&b, b.len + (size_t)got);
		if (mode < 0) {
			char *nl = memchr(b.buf, '\n', b.len);
			size_t k = 0;

			while (k < b.len && strchr(" \t\r\n", b.buf[k]))
				k++;
			if (!nl && !eof && b.len < 4096)
				continue;
			mode = ndjson_first(b.buf + k, b.len - k);
		}
		if (mode == 0) {
			if (b.len > COLLECT_MAX_FILE) {
				collect_reject(name, 0, "larger than %u bytes", COLLECT_MAX_FILE);
				nhi_input_close(in);
				nhi_buf_reset(&b);
				return;
			}
			continue;
		}
		for (;;) {
			char *nl = memchr(b.buf + start, '\n', b.len - start);
			size_t end = nl ? (size_t)(nl - b.buf) : b.len;

			if (!nl && !eof)
				break;
			if (start >= b.len)
				break;
			lineno++;
			if (skipping)
				skipping = 0;
			else if (end - start > nhi_opts.max_record)
				collect_reject(name, lineno, "line longer than %llu bytes",
					       (unsigned long long)nhi_opts.max_record);
			else
				ndjson_line(name, lineno, b.buf + start, end - start);
			start = nl ? end + 1 : b.len;
		}
		if (skipping) {
			start = b.len; /* more of the long line: dropped */
		} else if (b.len - start > nhi_opts.max_record) {
			collect_reject(name, lineno + 1, "line longer than %llu bytes",
				       (unsigned long long)nhi_opts.max_record);
			skipping = 1;
			start = b.len;
		}
		memmove(b.buf, b.buf + start, b.len - start);
		nhi_buf_setlen(&b, b.len - start);
		start = 0;
	}
	if (mode == 0 && !bad)
		whole(name, b.buf, b.len);
	nhi_input_close(in);
	/* a buffer grown for one huge file is not kept */
	if (b.alloc > (64u << 20))
		nhi_buf_release(&b);
	else
		nhi_buf_reset(&b);
}

/* path_day: the day a delivered file is for, from .../YYYY/MM/DD/...;
 * -1 when the path does not say. */
static int64_t path_day(const char *path)
{
	for (const char *p = path; (p = strchr(p, '/')); p++) {
		const char *s = p + 1;
		int ok = 1;

		for (int k = 0; k < 10 && ok; k++) {
			if (k == 4 || k == 7)
				ok = s[k] == '/';
			else
				ok = s[k] >= '0' && s[k] <= '9';
		}
		if (ok && s[10] == '/') {
			char d[11];
			int64_t t;

			memcpy(d, s, 10);
			d[4] = d[7] = '-';
			d[10] = 0;
			if (nhi_time_parse(d, &t) == NHI_TIME_SET)
				return t;
		}
	}
	return -1;
}

static int want(const char *path)
{
	static const char *const logs[] = { ".json", ".json.gz", ".jsonl", ".ndjson",
					    ".jsonl.gz", ".ndjson.gz", NULL };
	int64_t day;

	if (!collect_has_suffix(path, logs))
		return 0;
	/* A trail's bucket also holds digest files, Insights events and other
	 * services' logs (Config, ...): under AWSLogs/ only CloudTrail/. */
	if ((strstr(path, "AWSLogs/") == path || strstr(path, "/AWSLogs/")) &&
	    !strstr(path, "/CloudTrail/"))
		return 0;
	if (strstr(path, "_CloudTrail-Digest_"))
		return 0;
	/* Prune by the day in the path: a file of day D holds events of D
	 * (UTC), give or take delivery delay, which --since/--until allow. */
	day = path_day(path);
	if (day >= 0 && (day + 86400 + 3600 <= since || day - 3600 >= until))
		return 0;
	return 1;
}

/* walk_one: a named file is read whatever its name; a folder is walked
 * for the files want() accepts. */
static void walk_one(const char *path)
{
	struct stat st;

	if (stat(path, &st) == 0 && !S_ISDIR(st.st_mode))
		read_input(path, NULL);
	else
		collect_walk(path, want, read_input, NULL);
}

struct sorted {
	const char *key;
	size_t len;
	struct usage *u;
};

static int cmp_sorted(const void *a, const void *b)
{
	const struct sorted *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->key, y->key, n);

	return c ? c : (x->len > y->len) - (x->len < y->len);
}

static void usage_free(void *p)
{
	struct usage *u = p;

	if (u)
		free(u->days);
	free(u);
}

/* add_json_string: s as a JSON string, escaped as jansson escapes it, so
 * that usage lines are the bytes nhi_emit() would write, without building
 * tens of thousands of objects. */
static void add_json_string(struct nhi_buf *b, const char *s)
{
	nhi_buf_addch(b, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '"': nhi_buf_adds(b, "\\\""); break;
		case '\\': nhi_buf_adds(b, "\\\\"); break;
		case '\b': nhi_buf_adds(b, "\\b"); break;
		case '\f': nhi_buf_adds(b, "\\f"); break;
		case '\n': nhi_buf_adds(b, "\\n"); break;
		case '\r': nhi_buf_adds(b, "\\r"); break;
		case '\t': nhi_buf_adds(b, "\\t"); break;
		default:
			if (c < 0x20)
				nhi_buf_addf(b, "\\u%04X", c);
			else
				nhi_buf_addch(b, c);
		}
	}
	nhi_buf_addch(b, '"');
}

static void emit_usages(void)
{
	struct sorted *v = xcalloc(usages.size ? usages.size : 1, sizeof(*v));
	struct nhi_buf line = NHI_BUF_INIT;
	size_t n = 0;

	for (size_t i = 0; i < usages.cap; i++)
		if (usages.slots[i].key)
			v[n++] = (struct sorted){ usages.slots[i].key, usages.slots[i].len,
						  usages.slots[i].value };
	qsort(v, n, sizeof(*v), cmp_sorted);
	for (size_t i = 0; i < n; i++) {
		const char *id = v[i].key;
		const char *action = id + strlen(id) + 1;
		const char *res = action + strlen(action) + 1;
		char first[NHI_TIME_BUFSZ], last[NHI_TIME_BUFSZ];
		struct nhi_line out;

		nhi_buf_reset(&line);
		nhi_buf_adds(&line, "{\"kind\":\"usage\",\"identity\":");
		add_json_string(&line, id);
		nhi_buf_adds(&line, ",\"action\":");
		add_json_string(&line, action);
		nhi_buf_adds(&line, ",\"resource\":");
		add_json_string(&line, res);
		nhi_buf_addf(&line, ",\"count\":%llu,\"first\":\"%s\",\"last\":\"%s\",\"days\":%zu}",
			     v[i].u->count, nhi_time_format(v[i].u->first, first),
			     nhi_time_format(v[i].u->last, last), v[i].u->ndays);
		out = (struct nhi_line){ "<usage>", 0, line.buf, line.len };
		nhi_emit_line(&out);
	}
	nhi_buf_release(&line);
	free(v);
	nhi_strmap_clear(&usages, usage_free);
}

/* --live: CloudTrail LookupEvents over the JSON protocol, signed by
 * libcurl's SigV4, each page read as a LookupEvents file is. */
#define CT_TARGET "X-Amz-Target: com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents"
#define CT_MAX_TRIES 8 /* answers of ThrottlingException, each after a longer wait */

/* lookup_body: the request for the page after token (NULL: the first). */
static char *lookup_body(const char *token)
{
	json_t *b = json_object();
	char *s, *out;

	if (since != INT64_MIN)
		json_object_set_new(b, "StartTime", json_integer(since));
	if (until != INT64_MAX)
		json_object_set_new(b, "EndTime", json_integer(until));
	json_object_set_new(b, "MaxResults", json_integer(50));
	if (token)
		json_object_set_new(b, "NextToken", json_string(token));
	s = json_dumps(b, JSON_COMPACT | JSON_PRESERVE_ORDER);
	out = xstrdup(s ? s : "{}");
	free(s);
	json_decref(b);
	return out;
}

static void live_page(json_t *doc, const char *path, void *arg)
{
	struct where w = { path, 0, NULL, NULL, 0 };

	(void)arg;
	json_value(doc, &w);
}

static char *live_next(const char *url, const char *body, const struct nhi_http_response *resp,
		       const json_t *doc, char **next_body, void *arg)
{
	const char *tok = json_string_value(json_object_get(doc, "NextToken"));

	(void)body;
	(void)resp;
	(void)arg;
	if (!tok || !*tok)
		return NULL;
	*next_body = lookup_body(tok);
	return xstrdup(url);
}

/* throttled: LookupEvents says 400 ThrottlingException, which lib/http
 * (429 and 5xx) does not retry. */
static int throttled(const struct nhi_http_response *resp)
{
	return saas_aws_throttled(resp, "ThrottlingException");
}

static void live_run(const char *region)
{
	const char *base = json_string_value(nhi_config_get("api.cloudtrail"));
	char *key_id, *secret, *session;
	struct nhi_buf url = NHI_BUF_INIT, sigv4 = NHI_BUF_INIT, tok = NHI_BUF_INIT;
	const char *headers[5];
	struct saas_fetch f = { 0 };
	char *body;
	size_t n = 0;

	saas_aws_keys("cloudtrail", &key_id, &secret, &session);
	if (base)
		nhi_buf_adds(&url, base);
	else
		nhi_buf_addf(&url, "https://cloudtrail.%s.amazonaws.com", region);
	while (url.len && url.buf[url.len - 1] == '/')
		url.buf[--url.len] = '\0';
	nhi_buf_addch(&url, '/');
	nhi_buf_addf(&sigv4, "aws:amz:%s:cloudtrail", region);
	headers[n++] = "Content-Type: application/x-amz-json-1.1";
	headers[n++] = CT_TARGET;
	if (session) {
		nhi_buf_addf(&tok, "X-Amz-Security-Token: %s", session);
		headers[n++] = tok.buf;
	}
	headers[n] = NULL;
	f.label = "LookupEvents";
	f.method = "POST";
	f.headers = headers;
	f.aws_sigv4 = sigv4.buf;
	f.aws_key_id = key_id;
	f.aws_secret = secret;
	f.again = throttled;
	f.max_tries = CT_MAX_TRIES;
	f.page = live_page;
	f.next = live_next;
	body = lookup_body(NULL);
	saas_fetch(&f, url.buf, body);
	free(body);
	if (tok.buf)
		memset(tok.buf, 0, tok.len);
	nhi_buf_release(&tok);
	nhi_buf_release(&url);
	nhi_buf_release(&sigv4);
	nhi_secret_free(key_id);
	nhi_secret_free(secret);
	nhi_secret_free(session);
}

static void usage(int status)
{
	FILE *f = status ? stderr : stdout;

	fprintf(f, "usage: nhi-collect cloudtrail [OPTION...] [FILE|DIR...]\n"
		   "       nhi-collect cloudtrail --live --region REGION [OPTION...]\n\n"
		   "Options:\n"
		   "      --aggregate       write usage records instead of events\n"
		   "      --live            call LookupEvents (api.cloudtrail in nhi.yaml, AWS_* keys)\n"
		   "      --region REGION   the region --live looks up\n"
		   "      --since TIME      only events at or after TIME (or a duration ago)\n"
		   "      --until TIME      only events before TIME (or a duration ago)\n"
		   "      --no-fast-path    parse every event with the JSON library\n"
		   NHI_COMMON_USAGE);
	exit(status);
}

static int64_t when(const char *opt, const char *arg)
{
	int64_t t, d;

	if (!nhi_duration_parse(arg, &d))
		return nhi_opts.now - d;
	if (nhi_time_parse(arg, &t) != NHI_TIME_SET)
		nhi_usage_error(usage, "%s: not a time or a duration: '%s'", opt, arg);
	return t;
}

int collect_cloudtrail(int argc, char **argv)
{
	enum { OPT_AGGREGATE = NHI_OPT_PROGRAM, OPT_SINCE, OPT_UNTIL, OPT_NO_FAST, OPT_LIVE, OPT_REGION };
	static const struct option longopts[] = {
		NHI_COMMON_LONGOPTS,
		{ "aggregate", no_argument, NULL, OPT_AGGREGATE },
		{ "since", required_argument, NULL, OPT_SINCE },
		{ "until", required_argument, NULL, OPT_UNTIL },
		{ "no-fast-path", no_argument, NULL, OPT_NO_FAST },
		{ "live", no_argument, NULL, OPT_LIVE },
		{ "region", required_argument, NULL, OPT_REGION },
		{ 0 }
	};
	const char *since_arg = NULL, *until_arg = NULL, *why = NULL, *region = NULL;
	int c, live = 0;

	while ((c = getopt_long(argc, argv, NHI_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		switch (c) {
		case OPT_AGGREGATE: aggregate = 1; break;
		case OPT_SINCE: since_arg = optarg; break;
		case OPT_UNTIL: until_arg = optarg; break;
		case OPT_NO_FAST: no_fast = 1; break;
		case OPT_LIVE: live = 1; break;
		case OPT_REGION: region = optarg; break;
		default: nhi_common_option(c, optarg, argv, usage);
		}
	}
	if (live && optind < argc)
		nhi_usage_error(usage, "--live reads no files");
	if (live && (!region || !*region || region[strspn(region, "abcdefghijklmnopqrstuvwxyz0123456789-")]))
		nhi_usage_error(usage, "--live needs --region REGION (such as eu-west-1)");
	if (!live && region)
		nhi_usage_error(usage, "--region is for --live");
	nhi_common_start();
	if (since_arg)
		since = when("--since", since_arg);
	if (until_arg)
		until = when("--until", until_arg);
	if (getenv("NHI_CLOUDTRAIL_NO_FAST_PATH"))
		no_fast = 1;
	map = nhi_ctmap_load(&why);
	if (!map)
		nhi_die(NHI_EXIT_SYSTEM, "%s", why);
	if (live)
		live_run(region);
	else if (optind >= argc)
		read_input("-", NULL);
	for (int i = optind; i < argc; i++) {
		if (!strcmp(argv[i], "-"))
			read_input("-", NULL);
		else
			walk_one(argv[i]);
	}
	if (aggregate)
		emit_usages();
	nhi_ctmap_free(map);
	return 0;
}
