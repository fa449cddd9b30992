/* secretval.c: the little the k8s and terraform sources need to know about
 * a secret value they hold for a moment: which credential format it is, its
 * public key id when it has one, and its fingerprint.  Detection is lib/scan,
 * the scanner nhi-collect secrets uses, so a credential has the same rule,
 * key id and fingerprint whichever source finds it; what stays here is the
 * reading of key names.  The value itself is never returned, printed or
 * kept. */
#include "compat.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "collect.h"
#include "sighting.h"
#include "xalloc.h"
#include "banned.h"

/* norm_name: upper case, letters and digits only, so AWS_SECRET_ACCESS_KEY,
 * awsSecretAccessKey and aws-secret-access-key compare equal. */
static void norm_name(const char *name, char *out, size_t size)
{
	size_t j = 0;

	for (; name && *name && j + 1 < size; name++)
		if (isalnum((unsigned char)*name))
			out[j++] = (char)toupper((unsigned char)*name);
	out[j] = '\0';
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

void collect_cred_kind(const char *name, struct collect_cred *c)
{
	static const struct {
		const char *name, *type, *provider;
	} exact[] = {
		{ "AWSACCESSKEYID", "aws_access_key", "aws" },
		{ "AWSACCESSKEY", "aws_access_key", "aws" },
		{ "ACCESSKEYID", "aws_access_key", "aws" },
		{ "AWSSECRETACCESSKEY", "aws_secret_key", "aws" },
		{ "AWSSECRETKEY", "aws_secret_key", "aws" },
		{ "SECRETACCESSKEY", "aws_secret_key", "aws" },
		{ "GOOGLEAPPLICATIONCREDENTIALS", "gcp_sa_key", "gcp" },
		{ "GOOGLECREDENTIALS", "gcp_sa_key", "gcp" },
		{ "GOOGLECLOUDKEYFILEJSON", "gcp_sa_key", "gcp" },
		{ "GCPCREDENTIALS", "gcp_sa_key", "gcp" },
		{ "GCPSAKEY", "gcp_sa_key", "gcp" },
		{ "AZURECLIENTSECRET", "azure_sp_secret", "azure" },
		{ "ARMCLIENTSECRET", "azure_sp_secret", "azure" },
		{ "GITHUBTOKEN", "github_pat", "github" },
		{ "GHTOKEN", "github_pat", "github" },
	};
	char n[128];

	memset(c, 0, sizeof(*c));
	c->type = "unknown";
	norm_name(name, n, sizeof(n));
	for (size_t i = 0; i < ARRAY_SIZE(exact); i++) {
		if (strcmp(n, exact[i].name))
			continue;
		c->type = exact[i].type;
		c->provider = exact[i].provider;
		break;
	}
	if (!c->provider) {
		if (strstr(n, "PASSWORD") || strstr(n, "PASSWD") || ends_with(n, "PASS"))
			c->type = "password";
		else if (strstr(n, "APIKEY") || strstr(n, "TOKEN"))
			c->type = "api_key";
	}
	collect_cred_migration(c);
}

void collect_cred_migration(struct collect_cred *c)
{
	c->migratable_to = NULL;
	if (!c->provider)
		return;
	if (!strcmp(c->provider, "aws"))
		c->migratable_to = "irsa";
	else if (!strcmp(c->provider, "gcp"))
		c->migratable_to = "gke_workload_identity";
	else if (!strcmp(c->provider, "azure"))
		c->migratable_to = "azure_federated";
}

/* item_label: the name a value is written under for the scanner. A name
 * that says "AWS secret key" in a way the scanner's context rule does not
 * spell (aws-secret-access-key, SecretAccessKey) is written as the
 * scanner's own word for it, so the name still counts as context. */
static const char *item_label(const char *name)
{
	struct collect_cred c;

	collect_cred_kind(name, &c);
	if (!strcmp(c.type, "aws_secret_key"))
		return "aws_secret_access_key";
	return name;
}

struct scan_ctx {
	const struct collect_secret_item *items;
	const size_t *start; /* where each item's value begins in the buffer */
	size_t nitems;
	int generic;
	struct collect_secret_hit *hits;
	size_t nhits, alloc;
};

static void value_hit(const struct nhi_scan_hit *h, void *ctx)
{
	struct scan_ctx *c = ctx;
	struct collect_secret_hit *o;
	size_t i;

	if (!h->fingerprint[0] && !h->key_id)
		return;
	if (!c->generic && !strncmp(h->rule, "generic_", 8))
		return;
	/* The item whose value holds the hit; a hit in a label is no secret. */
	for (i = c->nitems; i > 0 && c->start[i - 1] > h->offset; i--)
		;
	if (i == 0 || h->offset + h->length > c->start[i - 1] + c->items[i - 1].len)
		return;
	if (c->nhits == c->alloc) {
		c->alloc = c->alloc ? 2 * c->alloc : 8;
		c->hits = xreallocarray(c->hits, c->alloc, sizeof(*c->hits));
	}
	o = &c->hits[c->nhits++];
	memset(o, 0, sizeof(*o));
	o->item = i - 1;
	o->rule = h->rule;
	o->provider = h->provider;
	o->type = h->type;
	o->confidence = h->confidence;
	if (h->key_id && strlen(h->key_id) < sizeof(o->key_id))
		memcpy(o->key_id, h->key_id, strlen(h->key_id) + 1);
	memcpy(o->fingerprint, h->fingerprint, sizeof(o->fingerprint));
}

size_t collect_secret_scan(const struct collect_secret_item *items, size_t n,
			   int generic, struct collect_secret_hit **hits)
{
	struct nhi_buf b = NHI_BUF_INIT;
	struct scan_ctx c = { items, NULL, n, generic, NULL, 0, 0 };
	size_t *start = xreallocarray(NULL, n ? n : 1, sizeof(*start)), total = 0;

	/* The values as a file would hold them, one "name: value" a line,
	 * so pairing and context work as they do for nhi-collect secrets.
	 * Sized once, so no copy of a value is left behind by a realloc. */
	for (size_t i = 0; i < n; i++)
		total += strlen(item_label(items[i].name)) + items[i].len + 3;
	nhi_buf_grow(&b, total);
	for (size_t i = 0; i < n; i++) {
		nhi_buf_addf(&b, "%s: ", item_label(items[i].name));
		start[i] = b.len;
		nhi_buf_add(&b, items[i].value, items[i].len);
		nhi_buf_addch(&b, '\n');
	}
	c.start = start;
	if (b.len)
		nhi_scan_buffer(sighting_scanner(), b.buf, b.len, value_hit, &c);
	/* Gone before anything else runs. */
	if (b.buf)
		memset(b.buf, 0, b.len);
	nhi_buf_release(&b);
	free(start);
	*hits = c.hits;
	return c.nhits;
}

size_t collect_base64_decode(const char *in, size_t n, char *out, int *bad)
{
	unsigned acc = 0;
	int bits = 0;
	size_t j = 0;

	*bad = 0;
	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)in[i], v;

		if (c >= 'A' && c <= 'Z')
			v = c - 'A';
		else if (c >= 'a' && c <= 'z')
			v = c - 'a' + 26;
		else if (c >= '0' && c <= '9')
			v = c - '0' + 52;
		else if (c == '+' || c == '-')
			v = 62;
		else if (c == '/' || c == '_')
			v = 63;
		else if (c == '=' || c == '\n' || c == '\r' || c == ' ')
			continue;
		else {
			*bad = 1;
			return j;
		}
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[j++] = (char)((acc >> bits) & 0xff);
		}
	}
	return j;
}

