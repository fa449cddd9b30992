/* saas.h: the collectors for SaaS and cloud APIs (GitHub, GitLab, GCP,
 * Azure/Entra, Okta, Vault). Each system is a table of export shapes; a
 * shape recognises a document and maps it to records. The same mapper runs
 * on a file someone exported and on each page --live fetches, so both give
 * the same records. */
#ifndef NHI_SAAS_H
#define NHI_SAAS_H

#include <jansson.h>

struct saas_ctx {
	const char *system;
	const char *file;      /* the input's name, or the URL path in --live */
	const char *org, *repo, *project, *group, *name; /* scope options */
	int live;
};

struct saas_shape {
	const char *type;                          /* the --type name */
	int (*detect)(const json_t *doc);
	void (*map)(const json_t *doc, struct saas_ctx *c);
	const char *live_path;                     /* {org} {repo} {project} {group}, or NULL */
	const char *needs;                         /* the option live_path needs, or NULL */
};

struct saas_system {
	const char *name;
	const struct saas_shape *shapes;
	size_t nshapes;
	const char *default_base; /* NULL: api.NAME in nhi.yaml is required for --live */
	const char *token_env;    /* the token, or NAME_FILE naming a file holding it */
	const char *auth_fmt;     /* "Authorization: Bearer %s" */
};

int saas_main(const struct saas_system *sys, int argc, char **argv);

/* saas_fetch: one --live listing with lib/http: the first request, then
 * each one next() names, every page handed to page() (path: the URL's
 * path and query, for the records' source). The loop every --live mode
 * shares (SaaS, k8s, CloudTrail): a next page on another host, or the same
 * request again, is refused; a failed answer is "URL: reason", status 5,
 * and ends this listing only. */
struct nhi_http_response;
struct saas_fetch {
	const char *label;               /* the progress line's name */
	const char *const *headers;      /* NULL-terminated, the credential's too */
	const char *method;              /* NULL: GET */
	const char *aws_sigv4, *aws_key_id, *aws_secret;
	const char *ca_file;             /* NULL: libcurl's CA store */
	int missing_ok;                  /* a 404 on the first page: nothing to list */
	/* again: whether a failed answer lib/http does not retry is a
	 * throttle worth asking again (with backoff, max_tries in all). */
	int (*again)(const struct nhi_http_response *resp);
	int max_tries;
	void (*page)(json_t *doc, const char *path, void *arg);
	/* next: the next page's URL (malloc'd) and body (*next_body,
	 * malloc'd, NULL for none), or NULL at the end. */
	char *(*next)(const char *url, const char *body, const struct nhi_http_response *resp,
		      const json_t *doc, char **next_body, void *arg);
	void *arg;
};
void saas_fetch(const struct saas_fetch *f, const char *url, const char *body);

/* Helpers for the mappers. */
/* saas_items: doc when it is an array, else the array at doc[key] (key may
 * be NULL); an empty array when there is none. Borrowed. */
json_t *saas_items(const json_t *doc, const char *key);
/* saas_record: a new record of kind with source {collector, file, pointer}
 * where pointer is "/key/index" (or "/index", or "" for the document). */
json_t *saas_record(struct saas_ctx *c, const char *kind, const char *key, long index);
/* saas_put: write r with its source moved last (a record reads id first);
 * saas_emit: the same, then json_decref(r). */
void saas_put(json_t *r);
void saas_emit(json_t *r);
/* saas_time: field key of o as RFC 3339 into r's field out (nothing when
 * absent or a "no value"); strings, epoch seconds and milliseconds. */
void saas_time(json_t *r, const char *out, const json_t *o, const char *key);
/* saas_has: whether object o has every key of the NULL-terminated list. */
int saas_has(const json_t *o, const char *const *keys);
/* saas_first_item: doc's first item when doc is an array or a wrapper. */
const json_t *saas_first(const json_t *doc, const char *key);
void saas_signal(struct saas_ctx *c, const char *subject, const char *person,
		 const char *role, const char *evidence, double weight, const char *time);

/* saas_aws_keys: the AWS keys from the environment (or NAME_FILE), for
 * source's --live; a usage error when either key is missing.  The caller
 * wipes each with nhi_secret_free(). */
void saas_aws_keys(const char *source, char **key_id, char **secret, char **session);
/* saas_aws_throttled: whether an AWS JSON API answered 400 with an error
 * "__type" naming exception (its way of saying "slow down", which lib/http,
 * retrying 429 and 5xx, does not know). */
struct nhi_http_response;
int saas_aws_throttled(const struct nhi_http_response *resp, const char *exception);

int collect_github(int argc, char **argv);
int collect_gitlab(int argc, char **argv);
int collect_gcp(int argc, char **argv);
int collect_azure(int argc, char **argv);
int collect_okta(int argc, char **argv);
int collect_vault(int argc, char **argv);

#endif
