/* collect.h: what the nhi-collect sources share.  Each source is one file
 * here with one entry point, int collect_NAME(int argc, char **argv), run
 * with argv[0] = the source name; it parses its own options (the common
 * ones included, NHI_COMMON_LONGOPTS), calls nhi_common_start(), reads its
 * inputs and emits records. It returns nothing but through nhi_status. */
#ifndef NHI_COLLECT_H
#define NHI_COLLECT_H

#include <jansson.h>
#include <stddef.h>

#include "buf.h"

/* Limits every source keeps; a larger input is reported, never read. */
#define COLLECT_MAX_FILE (1024u << 20)

/* collect_fn: one input, read whole (gzip undone); name is what to print. */
typedef void collect_fn(const char *name, const char *buf, size_t len, void *ctx);

/* collect_each_file: fn for each named file ("-" or none: standard input).
 * A directory is walked recursively (sorted, no symlinks followed) and
 * fn is called for each regular file that want() accepts (want NULL: all).
 * Unreadable files are reported (status 4) and skipped. */
void collect_each_file(int nfiles, char **files,
		       int (*want)(const char *path), collect_fn *fn, void *ctx);

/* collect_walk: path and everything under it, sorted, without following
 * symlinks, calling visit for each regular file whose name want() accepts. */
void collect_walk(const char *path, int (*want)(const char *path),
		  void (*visit)(const char *path, void *ctx), void *ctx);

/* collect_has_suffix: whether path ends in one of the NULL-terminated
 * suffixes (".yml", ".json.gz", ...); for the want() of a walk. */
int collect_has_suffix(const char *path, const char *const suffixes[]);

/* collect_parse_json: buf as one JSON value (new reference); on failure
 * NULL after "nhi-collect: NAME:LINE: invalid JSON: reason at column C"
 * and status 3. With jsonc, // and block comments and trailing commas
 * (VS Code's JSONC) are accepted. */
json_t *collect_parse_json(const char *name, const char *buf, size_t len, int jsonc);
/* collect_parse_json_err: the same without a word said; err filled on
 * failure (its text quotes the input near the error: a source that may
 * hold secrets must not print it as it is). */
json_t *collect_parse_json_err(const char *buf, size_t len, int jsonc, json_error_t *err);

/* collect_parse_yaml: every YAML document of buf as an array (new
 * reference); NULL after a reported error. lines as nhi_yaml_load(). */
json_t *collect_parse_yaml(const char *name, const char *buf, size_t len,
			   json_t **lines);

/* collect_reject: "nhi-collect: NAME[:LINE]: reason", status 3. */
void collect_reject(const char *name, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* collect_unknown: count an object type a source does not understand yet;
 * collect_unknown_report() says each once, with its count. */
void collect_unknown(const char *source, const char *type);
void collect_unknown_report(void);


/* The sources (one file each). */
int collect_aws_iam(int argc, char **argv);               /* aws-iam.c */
int collect_aws_credential_report(int argc, char **argv); /* aws-credential-report.c */
int collect_aws_access_keys(int argc, char **argv);       /* aws-access-keys.c */
int collect_aws_organizations(int argc, char **argv);     /* aws-organizations.c */
int collect_cloudtrail(int argc, char **argv);            /* cloudtrail.c */

/* secretval.c (k8s, terraform): what a secret value is, never the value.
 * collect_cred_kind: the credential a variable or key name suggests
 * (AWS_SECRET_ACCESS_KEY, awsAccessKey, DB_PASSWORD...), type "unknown"
 * when it suggests none; migratable_to from the provider. */
struct collect_cred {
	const char *type, *provider, *migratable_to;
};
void collect_cred_kind(const char *name, struct collect_cred *c);
void collect_cred_migration(struct collect_cred *c);
/* collect_secret_scan: the secrets lib/scan finds in n values, each held
 * under a name (a Secret's keys, an env variable), scanned as one file of
 * "name: value" lines so an AWS key id pairs with its secret key. *hits
 * (free it) gets one entry per secret, in value order: its item, the
 * scanner's rule, provider, type, confidence, public key_id ("" when none)
 * and fingerprint ("" for a key id alone). The keyword rules (generic_*)
 * count only when generic is set. */
struct collect_secret_item {
	const char *name, *value;
	size_t len;
};
struct collect_secret_hit {
	size_t item;
	const char *rule, *provider, *type, *confidence;
	char key_id[128];
	char fingerprint[32]; /* NHI_FINGERPRINT_BUFSZ */
};
size_t collect_secret_scan(const struct collect_secret_item *items, size_t n,
			   int generic, struct collect_secret_hit **hits);
/* manifests.c: collect_manifests: collect_each_file, but in a folder only *.yaml,
 * *.yml and *.json files are read (a file named is always read). */
void collect_manifests(int nfiles, char **files, collect_fn *fn, void *ctx);
/* collect_base64_decode: standard or URL alphabet, padding and newlines
 * ignored; out holds at least n bytes; *bad set on a foreign character. */
size_t collect_base64_decode(const char *in, size_t n, char *out, int *bad);

int collect_k8s(int argc, char **argv);
int collect_k8s_audit(int argc, char **argv);
int collect_terraform(int argc, char **argv);
int collect_okta_users(int argc, char **argv);
int collect_okta_groups(int argc, char **argv);
int collect_people_csv(int argc, char **argv);
int collect_codeowners(int argc, char **argv);
int collect_backstage(int argc, char **argv);
int collect_git_history(int argc, char **argv);
/* okta.c: "team:" and name in lower case, runs of other characters as "-". */
void collect_team_slug(struct nhi_buf *b, const char *name);

int collect_secrets(int argc, char **argv);
int collect_gha(int argc, char **argv);
/* collect_gha_file: one workflow or GitLab CI file (for the fuzz target). */
void collect_gha_file(const char *name, const char *buf, size_t len);
int collect_mcp(int argc, char **argv);

#endif
