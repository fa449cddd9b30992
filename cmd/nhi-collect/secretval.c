/* secretval.c: the little the k8s and terraform sources need to know about
 * a secret value they hold for a moment: which credential format it is, its
 * public key id when it has one, and its fingerprint.  The value itself is
 * never returned, printed or kept.  (lib/scan may replace this later.) */
#include "compat.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "collect.h"
#include "fingerprint.h"
#include "banned.h"

static int is_b32(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7');
}

/* aws_key_id: the first AKIA/ASIA key id in s that stands alone as a word. */
static const char *aws_key_id(const char *s, size_t n, char out[21])
{
	for (size_t i = 0; i + 20 <= n; i++) {
		size_t j;

		if (memcmp(s + i, "AKIA", 4) && memcmp(s + i, "ASIA", 4))
			continue;
		if (i > 0 && isalnum((unsigned char)s[i - 1]))
			continue;
		for (j = 4; j < 20 && is_b32((unsigned char)s[i + j]); j++)
			;
		if (j < 20 || (i + 20 < n && isalnum((unsigned char)s[i + 20])))
			continue;
		memcpy(out, s + i, 20);
		out[20] = '\0';
		return out;
	}
	return NULL;
}

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

/* gcp_key: a service-account key file (JSON with type service_account and a
 * private key); its private_key_id is public, the private key is not. */
static int gcp_key(const char *s, size_t n, struct collect_secret_hit *h)
{
	json_t *v, *pk;
	const char *id;
	int ok = 0;

	if (n < 2 || !memchr(s, '{', n < 16 ? n : 16))
		return 0;
	v = json_loadb(s, n, 0, NULL);
	if (!v)
		return 0;
	pk = json_object_get(v, "private_key");
	id = json_string_value(json_object_get(v, "private_key_id"));
	if (json_is_string(pk) &&
	    !strcmp(json_string_value(json_object_get(v, "type")) ?
		    json_string_value(json_object_get(v, "type")) : "",
		    "service_account")) {
		h->rule = "gcp_sa_json_marker";
		h->provider = "gcp";
		h->credential_type = "gcp_sa_key";
		if (id && strlen(id) < sizeof(h->key_id))
			memcpy(h->key_id, id, strlen(id) + 1);
		nhi_fingerprint(json_string_value(pk), json_string_length(pk),
				h->fingerprint);
		ok = 1;
	}
	json_decref(v);
	return ok;
}

static int has_prefix_token(const char *s, size_t n)
{
	static const char *const gh[] = { "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_" };

	for (size_t i = 0; i < ARRAY_SIZE(gh); i++)
		if (n > strlen(gh[i]) + 20 && !memcmp(s, gh[i], strlen(gh[i])))
			return 1;
	return 0;
}

int collect_secret_scan(const char *keyname, const char *s, size_t n,
			struct collect_secret_hit *h)
{
	struct collect_cred c;
	char id[21];

	memset(h, 0, sizeof(*h));
	/* Trailing newlines are file framing, not part of the credential. */
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	if (n == 0)
		return 0;
	if (gcp_key(s, n, h))
		return 1;
	collect_cred_kind(keyname, &c);
	if (aws_key_id(s, n, id)) {
		h->rule = "aws_access_key_id";
		h->provider = "aws";
		h->credential_type = "aws_access_key";
		memcpy(h->key_id, id, sizeof(id));
		/* The id is the whole value, or is in a credentials file. */
		nhi_fingerprint(id, 20, h->fingerprint);
		return 1;
	}
	if (!strcmp(c.type, "aws_secret_key") && n == 40) {
		h->rule = "aws_secret_key_ctx";
		h->provider = "aws";
		h->credential_type = "aws_secret_key";
	} else if (n > 30 && memmem(s, n, "-----BEGIN", 10) &&
		   memmem(s, n, "PRIVATE KEY-----", 16)) {
		h->rule = "pem_private_key";
		h->credential_type = "unknown";
	} else if (has_prefix_token(s, n)) {
		h->rule = "github_classic";
		h->provider = "github";
		h->credential_type = "github_pat";
	} else {
		return 0;
	}
	nhi_fingerprint(s, n, h->fingerprint);
	return 1;
}

int collect_secret_aws_file(const char *s, size_t n, char fp[32])
{
	static const char name[] = "aws_secret_access_key";
	const size_t m = sizeof(name) - 1;

	for (size_t i = 0; i + m < n; i++) {
		size_t j, k;

		if (strncasecmp(s + i, name, m))
			continue;
		for (j = i + m; j < n && strchr(" \t\"':=", s[j]); j++)
			;
		for (k = j; k < n && (isalnum((unsigned char)s[k]) || s[k] == '/' || s[k] == '+'); k++)
			;
		if (k - j == 40) {
			nhi_fingerprint(s + j, 40, fp);
			return 1;
		}
	}
	return 0;
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

