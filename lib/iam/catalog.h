/* iam/catalog.h: the AWS IAM action catalog (data/aws-iam-actions.ndjson),
 * loaded once on first use and then read-only.
 *
 * Actions are kept sorted by lower-cased name, so each service prefix is a
 * contiguous range; lookups are by hash, case-insensitive. Entries and the
 * strings they point to live until the program exits. */
#ifndef NHI_IAM_CATALOG_H
#define NHI_IAM_CATALOG_H

#include <stddef.h>

#include "compat.h"

/* The access levels of the Service Authorization Reference, weakest first. */
enum nhi_iam_access {
	NHI_IAM_ACCESS_UNKNOWN = 0,
	NHI_IAM_LIST,
	NHI_IAM_READ,
	NHI_IAM_TAGGING,
	NHI_IAM_WRITE,
	NHI_IAM_PERMISSIONS, /* "Permissions management" */
	NHI_IAM_ACCESS_MAX
};

struct nhi_iam_action {
	const char *name;    /* as AWS spells it: "s3:GetObject" */
	const char *service; /* lower case: "s3" */
	enum nhi_iam_access access;
	const char *const *resources; /* resource types, e.g. "object" */
	const char *const *req;       /* required resource types */
	const char *const *dep;       /* dependent actions */
	unsigned short nresources, nreq, ndep;
	unsigned id; /* index in the catalog, 0..count-1 */
};

struct nhi_iam_service {
	const char *name; /* lower case prefix */
	unsigned first;   /* id of its first action */
	unsigned n;       /* number of actions */
	unsigned nlevel[NHI_IAM_ACCESS_MAX]; /* actions per access level */
};

/* nhi_iam_access_str: "Read", "List", "Write", "Tagging",
 * "Permissions management", or "unknown". */
const char *nhi_iam_access_str(enum nhi_iam_access a);
/* nhi_iam_access_parse: the inverse, case-insensitive; UNKNOWN if none. */
enum nhi_iam_access nhi_iam_access_parse(const char *s);

/* nhi_iam_catalog_load: load the catalog from path (NULL: nhi_data_path of
 * "aws-iam-actions.ndjson"). Returns NULL on success (also when already
 * loaded), else the reason, e.g. "aws-iam-actions.ndjson: not found".
 * Every other function loads it on first use and acts on an empty catalog
 * when that fails; call this first to report the failure. */
const char *nhi_iam_catalog_load(const char *path);

size_t nhi_iam_catalog_count(void);
/* nhi_iam_catalog_at: the action with that id, NULL when out of range. */
const struct nhi_iam_action *nhi_iam_catalog_at(size_t id);
/* nhi_iam_catalog_find: the action named (case-insensitive), or NULL. */
const struct nhi_iam_action *nhi_iam_catalog_find(const char *action);

size_t nhi_iam_catalog_service_count(void);
/* nhi_iam_catalog_service_at: services sorted by name. */
const struct nhi_iam_service *nhi_iam_catalog_service_at(size_t i);
/* nhi_iam_catalog_service: the service prefix (case-insensitive), or NULL. */
const struct nhi_iam_service *nhi_iam_catalog_service(const char *prefix);

/* nhi_iam_catalog_expand: call fn for every catalog action an IAM action
 * pattern ("s3:Get*", "iam:*", "*", "*:List*") matches, in id order, and
 * return how many matched. fn returning non-zero stops the walk. A pattern
 * with a literal service prefix only scans that service. fn may be NULL. */
size_t nhi_iam_catalog_expand(const char *pattern,
			      int (*fn)(const struct nhi_iam_action *a, void *arg),
			      void *arg);

#endif
