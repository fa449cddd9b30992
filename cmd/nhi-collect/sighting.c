/* sighting.c: scanner hits as sighting records. */
#include "compat.h"

#include <stdlib.h>
#include <ctype.h>
#include <string.h>

#include "diag.h"
#include "opts.h"
#include "record.h"
#include "sighting.h"
#include "banned.h"

static struct nhi_scanner *scanner;

static void free_scanner(void)
{
	nhi_scan_free(scanner);
	scanner = NULL;
}

struct nhi_scanner *sighting_scanner(void)
{
	const char *why = NULL;

	if (scanner)
		return scanner;
	scanner = nhi_scan_load(NULL, &why);
	if (!scanner)
		nhi_die(NHI_EXIT_SYSTEM, "%s", why);
	atexit(free_scanner);
	return scanner;
}

json_t *sighting_new(const struct nhi_scan_hit *h, const char *collector,
		     const char *loctype, const char *path)
{
	json_t *rec = nhi_record_new("sighting"), *loc = json_object();

	nhi_set_str(rec, "rule", h->rule);
	nhi_set_str(rec, "key_id", h->key_id);
	if (h->fingerprint[0])
		nhi_set_str(rec, "fingerprint", h->fingerprint);
	nhi_set_str(rec, "provider", h->provider);
	nhi_set_str(rec, "type", h->type);
	nhi_set_str(rec, "confidence", h->confidence);
	nhi_set_str(loc, "type", loctype);
	nhi_set_str(loc, "path", path);
	if (h->line)
		nhi_set_int(loc, "line", (long long)h->line);
	if (h->column)
		nhi_set_int(loc, "column", (long long)h->column);
	json_object_set_new(rec, "location", loc);
	nhi_set_source(rec, collector, path, h->line, NULL);
	return rec;
}

json_t *sighting_location(json_t *sighting)
{
	return json_object_get(sighting, "location");
}

void sighting_line_of(const char *buf, size_t off, unsigned long *line,
		      unsigned long *column)
{
	unsigned long l = 1;
	size_t start = 0;

	for (size_t i = 0; i < off; i++)
		if (buf[i] == '\n') {
			l++;
			start = i + 1;
		}
	*line = l;
	*column = (unsigned long)(off - start) + 1;
}

static int has(const char *s, const char *w)
{
	return strstr(s, w) != NULL;
}

static int ends(const char *s, const char *w)
{
	size_t n = strlen(s), m = strlen(w);

	return n >= m && !strcmp(s + n - m, w);
}

static void upper(char *dst, size_t n, const char *a, const char *b)
{
	size_t i = 0;

	for (const char *p = a; p && *p && i + 2 < n; p++)
		dst[i++] = *p == '-' ? '_' : (char)toupper((unsigned char)*p);
	dst[i++] = ' ';
	for (const char *p = b; p && *p && i + 1 < n; p++)
		dst[i++] = *p == '-' ? '_' : (char)toupper((unsigned char)*p);
	dst[i] = 0;
}

/* classify: what a secret wired as name (an env variable or an input)
 * from secret (its name in the secret store, may be NULL) is. Account
 * ids, role ARNs, regions and user names are identifiers, not secrets. */
struct collect_cls collect_classify(const char *name, const char *secret)
{
	char s[512], sec[256];
	int strong;

	upper(s, sizeof(s), name, secret);
	upper(sec, sizeof(sec), secret ? secret : name, NULL);
	strong = has(s, "PASSWORD") || has(s, "PASSWD") || has(s, "TOKEN") || has(s, "SECRET") ||
		 has(s, "CREDENTIAL") || has(s, "PRIVATE_KEY") || has(s, "API_KEY") ||
		 has(s, "APIKEY") || has(s, "ACCESS_KEY") || has(s, "_KEY ") || has(s, "_KEY_") || ends(s, "_KEY") ||
		 has(s, "KEY_JSON") || has(s, "SA_KEY") || has(s, "_PAT") || !strncmp(s, "PAT_", 4) ||
		 has(s, " PAT_") || has(s, "AUTH") || has(s, "DSN") || has(s, "CONNECTION_STRING") ||
		 has(s, "_URI") || has(s, "PASSPHRASE") || has(s, "CREDS") || has(s, "WEBHOOK");
	if (!strong)
		return (struct collect_cls){ "unknown", NULL, NULL, -2 };
	if (has(s, "AWS") && has(s, "ACCESS_KEY_ID"))
		return (struct collect_cls){ "aws_access_key", "aws", "github_oidc", 1 };
	if (has(s, "AWS") && has(s, "SESSION_TOKEN"))
		return (struct collect_cls){ "unknown", "aws", NULL, 0 };
	if (has(s, "AWS") && (has(s, "SECRET") || has(s, "ACCESS_KEY")))
		return (struct collect_cls){ "aws_secret_key", "aws", "github_oidc", 1 };
	if ((has(s, "GCP") || has(s, "GOOGLE") || has(s, "GCLOUD") || has(s, "GKE") ||
	     has(s, "FIREBASE") || has(s, "SERVICE_ACCOUNT") || has(s, "SA_KEY")) &&
	    (has(s, "KEY") || has(s, "CREDENTIAL") || has(s, "JSON")))
		return (struct collect_cls){ "gcp_sa_key", "gcp", "gcp_wif", 1 };
	if ((has(s, "AZURE") || !strncmp(s, "ARM_", 4)) &&
	    (has(s, "CREDENTIAL") || has(s, "SECRET") || has(s, "CREDS") || has(s, "PASSWORD")))
		return (struct collect_cls){ "azure_sp_secret", "azure", "azure_federated", 1 };
	if (has(s, "PYPI") || has(s, "TWINE"))
		return (struct collect_cls){ "package_token", "pypi", "trusted_publishing", 1 };
	if (has(s, "NPM") || has(s, "NODE_AUTH_TOKEN") || has(s, "YARN"))
		return (struct collect_cls){ "package_token", "npm", "trusted_publishing", 1 };
	if (has(s, "RUBYGEMS") || has(s, "GEM_HOST"))
		return (struct collect_cls){ "package_token", "rubygems", "trusted_publishing", 1 };
	if (has(s, "CARGO") || has(s, "CRATES"))
		return (struct collect_cls){ "package_token", "crates.io", "trusted_publishing", 1 };
	if ((has(s, "DOCKER") || has(s, "REGISTRY") || has(s, "QUAY") || has(s, "HARBOR")) &&
	    (has(s, "PASSWORD") || has(s, "TOKEN") || has(s, "PAT")))
		return (struct collect_cls){ "registry_token", has(s, "DOCKER") ? "dockerhub" : NULL, NULL, 1 };
	if (has(sec, "GH_PAT") || has(sec, "GITHUB_PAT") || ends(sec, "_PAT ") || has(sec, "_PAT_") ||
	    !strncmp(sec, "PAT_", 4) || has(sec, "PERSONAL_ACCESS") || has(sec, "GITHUB_TOKEN") ||
	    has(sec, "GH_TOKEN") || (has(sec, "GITHUB") && has(sec, "TOKEN")) ||
	    (!strncmp(sec, "GH_", 3) && has(sec, "TOKEN")) || has(sec, "HOMEBREW") ||
	    has(sec, "TAP_TOKEN") ||
	    ((!strcmp(name, "GH_TOKEN") || !strcmp(name, "GITHUB_TOKEN")) && secret))
		return (struct collect_cls){ "github_pat", "github", "github_app", 1 };
	if ((has(s, "MONGO") || has(s, "POSTGRES") || has(s, "MYSQL") || has(s, "MARIADB") ||
	     has(s, "REDIS") || has(s, "DATABASE") || has(s, "DB_") || has(s, "RABBIT") ||
	     has(s, "AMQP")) &&
	    (has(s, "URI") || has(s, "URL") || has(s, "DSN") || has(s, "CONNECTION") ||
	     has(s, "PASSWORD")))
		return (struct collect_cls){ "password", NULL, NULL, 1 };
	if (has(s, "PASSWORD") || has(s, "PASSWD") || has(s, "PASSPHRASE"))
		return (struct collect_cls){ "password", NULL, NULL, 1 };
	/* A vendor's API or licence key: a credential, but whether it is a
	 * long-lived identity credential the file cannot tell. */
	return (struct collect_cls){ "unknown", NULL, NULL, -1 };
}


void collect_strict_check(void)
{
	if (nhi_opts.strict && nhi_status() == NHI_EXIT_REJECTED) {
		nhi_warn("stopping at the first rejected input (--strict)");
		exit(nhi_exit());
	}
}
