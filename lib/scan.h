/* scan.h: the secret scanner the collectors share.
 *
 * Rules come from data/credential-formats.tsv (POSIX EREs) plus a few
 * built-in keyword rules (generic_password, generic_secret). A buffer goes
 * through: a literal pre-filter (the anchors each rule cannot match
 * without, found in one pass), the regular expressions on a window around
 * each anchor, then the checks that remove false positives: word
 * boundaries, CRC32 checksums (GitHub, npm), JWT and PEM structure, GCP
 * service-account JSON, entropy for keyword rules, and an allowlist of
 * placeholders and templating (${{ secrets.X }}, ${VAR}, <...>, example,
 * changeme, xxxx, the AWS documentation keys, "pragma: allowlist secret").
 * An AWS secret key is paired with the key id near it.
 *
 * Zero knowledge: the secret bytes never leave this module. A hit carries
 * the public part (key_id) when the format has one and the keyed
 * fingerprint of the exact secret bytes. */
#ifndef NHI_SCAN_H
#define NHI_SCAN_H

#include <stddef.h>

#include "fingerprint.h"

struct nhi_scanner;

struct nhi_scan_hit {
	const char *rule;       /* credential-formats name or generic_* */
	const char *provider;   /* "aws", "github", ...; NULL when unknown */
	const char *type;       /* credential type: aws_secret_key, github_pat... */
	const char *key_id;     /* the public part, or NULL */
	const char *confidence; /* "high" (checksum/structure), "medium", "low" */
	unsigned long line;     /* 1-based, in the buffer */
	unsigned long column;   /* 1-based byte column */
	size_t offset, length;  /* where the match is in the buffer */
	char fingerprint[NHI_FINGERPRINT_BUFSZ]; /* "" for an id alone */
};

typedef void nhi_scan_fn(const struct nhi_scan_hit *hit, void *ctx);

/* nhi_scan_load: compile the rules of path (NULL: the installed
 * credential-formats.tsv). NULL with the reason in *why (static) when the
 * file cannot be read or a rule does not compile. */
struct nhi_scanner *nhi_scan_load(const char *path, const char **why);
void nhi_scan_free(struct nhi_scanner *s);

/* nhi_scan_buffer: call fn for each secret in buf, in buffer order.
 * At most NHI_SCAN_MAX_HITS are kept per buffer; returns how many more
 * were found and not reported (0 almost always). */
#define NHI_SCAN_MAX_HITS 100000
size_t nhi_scan_buffer(struct nhi_scanner *s, const char *buf, size_t len,
		       nhi_scan_fn *fn, void *ctx);

/* nhi_scan_placeholder: whether value (n bytes) is a reference or a
 * placeholder rather than a secret: ${VAR}, ${{ x }}, <...>, example... */
int nhi_scan_placeholder(const char *value, size_t n);

/* nhi_scan_entropy: Shannon entropy of s in bits per byte. */
double nhi_scan_entropy(const char *s, size_t n);

#endif
