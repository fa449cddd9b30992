/* ctscan.c: a validating scanner over one CloudTrail event that keeps only
 * the fields aggregation needs.  It is a recursive descent parser driven by
 * a small schema (which keys to take at which level); everything else is
 * checked and skipped without being built. */
#include "compat.h"

#include <stdint.h>
#include <string.h>

#include "ctscan.h"
#include "banned.h"

enum vkind {
	V_STR,       /* a string field (or null) */
	V_OBJ,       /* an object described by sub (or null) */
	V_RESOURCES, /* an array of objects whose "ARN" is kept (or null) */
};

struct schema;
struct key {
	const char *name;
	size_t len;                /* set by init() */
	enum vkind kind;
	int field;                 /* V_STR: the field */
	const struct schema *sub;  /* V_OBJ */
};
struct schema {
	struct key *keys;
	int n;
};

#define KEYS(k) { k, (int)(sizeof(k) / sizeof(k[0])) }

static struct key issuer_keys[] = {
	{ "arn", 0, V_STR, NHI_CT_ISSUER_ARN, NULL },
	{ "type", 0, V_STR, NHI_CT_ISSUER_TYPE, NULL },
	{ "userName", 0, V_STR, NHI_CT_ISSUER_USER, NULL },
};
static struct schema issuer = KEYS(issuer_keys);
static struct key webfed_keys[] = {
	{ "federatedProvider", 0, V_STR, NHI_CT_WEBFED_IDP, NULL },
};
static struct schema webfed = KEYS(webfed_keys);
static struct key session_keys[] = {
	{ "sessionIssuer", 0, V_OBJ, 0, &issuer },
	{ "webIdFederationData", 0, V_OBJ, 0, &webfed },
};
static struct schema session = KEYS(session_keys);
static struct key obo_keys[] = {
	{ "userId", 0, V_STR, NHI_CT_OBO_USER, NULL },
	{ "identityStoreArn", 0, V_STR, NHI_CT_OBO_STORE, NULL },
};
static struct schema obo = KEYS(obo_keys);
static struct key uid_keys[] = {
	{ "type", 0, V_STR, NHI_CT_UID_TYPE, NULL },
	{ "arn", 0, V_STR, NHI_CT_UID_ARN, NULL },
	{ "accountId", 0, V_STR, NHI_CT_UID_ACCOUNT, NULL },
	{ "principalId", 0, V_STR, NHI_CT_UID_PRINCIPAL, NULL },
	{ "userName", 0, V_STR, NHI_CT_UID_USER, NULL },
	{ "invokedBy", 0, V_STR, NHI_CT_UID_INVOKED_BY, NULL },
	{ "identityProvider", 0, V_STR, NHI_CT_UID_IDP, NULL },
	{ "sessionContext", 0, V_OBJ, 0, &session },
	{ "onBehalfOf", 0, V_OBJ, 0, &obo },
};
static struct schema uid = KEYS(uid_keys);
static struct key rp_keys[] = {
	{ "bucketName", 0, V_STR, NHI_CT_RP_BUCKET, NULL },
	{ "key", 0, V_STR, NHI_CT_RP_KEY, NULL },
	{ "roleArn", 0, V_STR, NHI_CT_RP_ROLE_ARN, NULL },
	{ "policyArn", 0, V_STR, NHI_CT_RP_POLICY_ARN, NULL },
	{ "userName", 0, V_STR, NHI_CT_RP_USER, NULL },
	{ "roleName", 0, V_STR, NHI_CT_RP_ROLE, NULL },
	{ "groupName", 0, V_STR, NHI_CT_RP_GROUP, NULL },
	{ "functionName", 0, V_STR, NHI_CT_RP_FUNCTION, NULL },
	{ "topicArn", 0, V_STR, NHI_CT_RP_TOPIC_ARN, NULL },
	{ "secretId", 0, V_STR, NHI_CT_RP_SECRET, NULL },
	{ "tableName", 0, V_STR, NHI_CT_RP_TABLE, NULL },
	{ "keyId", 0, V_STR, NHI_CT_RP_KEY_ID, NULL },
};
static struct schema rp = KEYS(rp_keys);
static struct key event_keys[] = {
	{ "eventTime", 0, V_STR, NHI_CT_TIME, NULL },
	{ "eventSource", 0, V_STR, NHI_CT_SOURCE, NULL },
	{ "eventName", 0, V_STR, NHI_CT_NAME, NULL },
	{ "errorCode", 0, V_STR, NHI_CT_ERROR, NULL },
	{ "awsRegion", 0, V_STR, NHI_CT_REGION, NULL },
	{ "recipientAccountId", 0, V_STR, NHI_CT_RECIPIENT, NULL },
	{ "CloudTrailEvent", 0, V_STR, NHI_CT_LOOKUP, NULL },
	{ "userIdentity", 0, V_OBJ, 0, &uid },
	{ "requestParameters", 0, V_OBJ, 0, &rp },
	{ "resources", 0, V_RESOURCES, 0, NULL },
};
static struct schema event = KEYS(event_keys);
/* resources: an array of objects whose "ARN" (a string, given once) is kept. */
static struct key arn_key[] = { { "ARN", 0, V_STR, -1, NULL } };
static struct schema arn_only = KEYS(arn_key);

/* Bytes that end a run of plain string characters: '"', '\\', controls
 * (NUL among them, which also stops us at the end of the buffer) and
 * everything above ASCII, which jansson would have to validate. */
static unsigned char special[256];
static int special_ready;

static struct schema *const schemas[] = {
	&issuer, &webfed, &session, &obo, &uid, &rp, &event, &arn_only,
};

static void init_special(void)
{
	for (int c = 0; c < 256; c++)
		special[c] = c < 0x20 || c >= 0x80 || c == '"' || c == '\\';
	for (size_t i = 0; i < sizeof(schemas) / sizeof(schemas[0]); i++)
		for (int k = 0; k < schemas[i]->n; k++)
			schemas[i]->keys[k].len = strlen(schemas[i]->keys[k].name);
	special_ready = 1;
}

struct scan {
	const char *p;
	size_t n;
	size_t i;
	struct nhi_ct_event *ev;
};

#define FAIL (-1)
#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

static void ws(struct scan *s)
{
	while (s->p[s->i] == ' ' || s->p[s->i] == '\n' || s->p[s->i] == '\r' ||
	       s->p[s->i] == '\t')
		s->i++;
}

/* string: s->i at the opening quote; the contents' start and length.
 * strict: no escapes at all (a value or key we keep or compare). */
static int string(struct scan *s, const char **start, size_t *len, int strict)
{
	const unsigned char *u = (const unsigned char *)s->p;
	size_t i = s->i + 1;

	*start = s->p + i;
	for (;;) {
		/* eight plain bytes at a time, then one at a time from the
		 * first that may be special */
		while (i + 8 <= s->n) {
			uint64_t x, q, e;

			memcpy(&x, u + i, 8);
			q = x ^ 0x2222222222222222ull;
			e = x ^ 0x5c5c5c5c5c5c5c5cull;
			if ((((q - ONES) & ~q) | ((e - ONES) & ~e) |
			     ((x - 0x2020202020202020ull) & ~x) | x) & HIGHS)
				break;
			i += 8;
		}
		while (!special[u[i]])
			i++;
		if (u[i] == '"')
			break;
		if (u[i] != '\\' || strict || i >= s->n)
			return FAIL;
		switch (u[i + 1]) {
		case '"': case '\\': case '/': case 'b': case 'f': case 'n':
		case 'r': case 't':
			i += 2;
			break;
		default: /* \u and anything invalid: let jansson judge */
			return FAIL;
		}
	}
	if (i >= s->n)
		return FAIL;
	*len = (size_t)(s->p + i - *start);
	s->i = i + 1;
	return 0;
}

static int digits(struct scan *s)
{
	size_t k = s->i;

	while (s->p[s->i] >= '0' && s->p[s->i] <= '9')
		s->i++;
	return (int)(s->i - k);
}

/* number: the grammar, and no more digits than a long long or a double
 * holds without jansson calling it an overflow. */
static int number(struct scan *s)
{
	int d;

	if (s->p[s->i] == '-')
		s->i++;
	if (s->p[s->i] == '0') {
		s->i++;
		d = 1;
	} else if ((d = digits(s)) == 0) {
		return FAIL;
	}
	if (d > 18)
		return FAIL;
	if (s->p[s->i] == '.') {
		s->i++;
		if ((d = digits(s)) == 0 || d > 300)
			return FAIL;
	}
	if (s->p[s->i] == 'e' || s->p[s->i] == 'E') {
		s->i++;
		if (s->p[s->i] == '+' || s->p[s->i] == '-')
			s->i++;
		if ((d = digits(s)) == 0 || d > 2)
			return FAIL;
	}
	return s->i <= s->n ? 0 : FAIL;
}

static int literal(struct scan *s, const char *word, size_t len)
{
	if (s->n - s->i < len || memcmp(s->p + s->i, word, len))
		return FAIL;
	s->i += len;
	return 0;
}

static int value(struct scan *s, int depth);

static int array(struct scan *s, int depth)
{
	s->i++;
	ws(s);
	if (s->p[s->i] == ']') {
		s->i++;
		return 0;
	}
	for (;;) {
		if (value(s, depth + 1))
			return FAIL;
		ws(s);
		if (s->p[s->i] == ']') {
			s->i++;
			return 0;
		}
		if (s->p[s->i] != ',')
			return FAIL;
		s->i++;
	}
}

static int object(struct scan *s, const struct schema *sc, int depth);

static int value(struct scan *s, int depth)
{
	const char *str;
	size_t len;

	if (depth > NHI_CTSCAN_MAX_DEPTH)
		return FAIL;
	ws(s);
	switch (s->p[s->i]) {
	case '"': return string(s, &str, &len, 0);
	case '{': return object(s, NULL, depth);
	case '[': return array(s, depth);
	case 't': return literal(s, "true", 4);
	case 'f': return literal(s, "false", 5);
	case 'n': return literal(s, "null", 4);
	default:
		if (s->p[s->i] == '-' || (s->p[s->i] >= '0' && s->p[s->i] <= '9'))
			return number(s);
		return FAIL;
	}
}


static int resources(struct scan *s, int depth)
{
	s->i++;
	ws(s);
	if (s->p[s->i] == ']') {
		s->i++;
		return 0;
	}
	for (;;) {
		ws(s);
		if (s->p[s->i] == '{') {
			if (object(s, &arn_only, depth + 1))
				return FAIL;
		} else if (value(s, depth + 1)) {
			return FAIL;
		}
		ws(s);
		if (s->p[s->i] == ']') {
			s->i++;
			return 0;
		}
		if (s->p[s->i] != ',')
			return FAIL;
		s->i++;
	}
}

static int object(struct scan *s, const struct schema *sc, int depth)
{
	unsigned long seen = 0;
	struct nhi_ct_str arn = { NULL, 0 };

	if (depth > NHI_CTSCAN_MAX_DEPTH)
		return FAIL;
	s->i++;
	ws(s);
	if (s->p[s->i] == '}') {
		s->i++;
		goto done;
	}
	for (;;) {
		const char *k;
		size_t klen;
		const struct key *want = NULL;
		int ki;

		if (s->p[s->i] != '"' || string(s, &k, &klen, sc != NULL))
			return FAIL;
		ws(s);
		if (s->p[s->i] != ':')
			return FAIL;
		s->i++;
		ws(s);
		for (ki = 0; sc && ki < sc->n; ki++)
			if (sc->keys[ki].len == klen && sc->keys[ki].name[0] == k[0] &&
			    !memcmp(sc->keys[ki].name, k, klen)) {
				want = &sc->keys[ki];
				break;
			}
		if (!want) {
			if (value(s, depth + 1))
				return FAIL;
		} else {
			/* jansson keeps the last of duplicate keys; we
			 * would rather not guess. */
			if (seen & (1ul << ki))
				return FAIL;
			seen |= 1ul << ki;
			/* A value of another type is absent, as it is to
			 * nhi_ctscan_from_json(): checked and skipped. */
			if (want->kind == V_STR && s->p[s->i] == '"') {
				struct nhi_ct_str v;

				if (string(s, &v.p, &v.n, 1))
					return FAIL;
				if (want->field < 0)
					arn = v;
				else
					s->ev->f[want->field] = v;
			} else if (want->kind == V_OBJ && s->p[s->i] == '{') {
				if (object(s, want->sub, depth + 1))
					return FAIL;
			} else if (want->kind == V_RESOURCES && s->p[s->i] == '[') {
				if (resources(s, depth + 1))
					return FAIL;
			} else if (value(s, depth + 1)) {
				return FAIL;
			}
		}
		ws(s);
		if (s->p[s->i] == '}') {
			s->i++;
			break;
		}
		if (s->p[s->i] != ',')
			return FAIL;
		s->i++;
		ws(s);
	}
done:
	if (sc == &arn_only && arn.p && s->ev->nres < NHI_CTSCAN_MAX_RESOURCES)
		s->ev->res[s->ev->nres++] = arn;
	return s->i <= s->n ? 0 : FAIL;
}

int nhi_ctscan_event(const char *p, size_t n, struct nhi_ct_event *ev,
		     size_t *end)
{
	struct scan s = { p, n, 0, ev };

	if (!special_ready)
		init_special();
	memset(ev, 0, sizeof(*ev));
	ws(&s);
	if (s.i >= n || p[s.i] != '{' || object(&s, &event, 0) || s.i > n)
		return NHI_CTSCAN_FALLBACK;
	*end = s.i;
	return NHI_CTSCAN_OK;
}

long nhi_ctscan_skip(const char *p, size_t n, size_t i)
{
	struct nhi_ct_event ev;
	struct scan s = { p, n, i, &ev };

	if (!special_ready)
		init_special();
	memset(&ev, 0, sizeof(ev));
	if (value(&s, 0) || s.i > n)
		return NHI_CTSCAN_FALLBACK;
	return (long)s.i;
}

static void take(const json_t *o, const char *key, struct nhi_ct_str *out)
{
	const json_t *v = json_object_get(o, key);

	if (json_is_string(v)) {
		out->p = json_string_value(v);
		out->n = json_string_length(v);
	}
}

static void take_schema(const json_t *o, const struct schema *sc,
			struct nhi_ct_event *ev)
{
	if (!json_is_object(o))
		return;
	for (int k = 0; k < sc->n; k++) {
		const struct key *want = &sc->keys[k];

		if (want->kind == V_STR)
			take(o, want->name, &ev->f[want->field]);
		else if (want->kind == V_OBJ)
			take_schema(json_object_get(o, want->name), want->sub, ev);
	}
}

void nhi_ctscan_from_json(const json_t *o, struct nhi_ct_event *ev)
{
	const json_t *r, *e;
	size_t i;

	memset(ev, 0, sizeof(*ev));
	take_schema(o, &event, ev);
	r = json_object_get(o, "resources");
	json_array_foreach(r, i, e) {
		struct nhi_ct_str arn = { NULL, 0 };

		take(e, "ARN", &arn);
		if (arn.p && ev->nres < NHI_CTSCAN_MAX_RESOURCES)
			ev->res[ev->nres++] = arn;
	}
}
