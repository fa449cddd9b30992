/* ctmap.h: which IAM actions a CloudTrail event (eventSource, eventName)
 * stands for, from data/cloudtrail-to-iam.ndjson (the exceptions) and
 * data/aws-iam-actions.ndjson (the catalog), following data/README:
 *   1. the exact (source, event) line;
 *   2. the event name without an API-version suffix (UpdateFunctionCode20150331v2);
 *   3. the source line's prefix, else the host part of the source, ":" event;
 *   4. the result checked against the catalog (its case is AWS's).
 * Sources and event names match case-insensitively. Results are kept, so a
 * lookup repeated per event costs one hash probe. */
#ifndef NHI_CTMAP_H
#define NHI_CTMAP_H

#include <stddef.h>

struct nhi_ctmap;

struct nhi_ctmap_result {
	char **actions; /* what the call needs; none: no IAM permission */
	size_t nactions;
	char **maybe;   /* needed only for some request parameters */
	size_t nmaybe;
	int unverified; /* an action that is not in the catalog */
};

/* nhi_ctmap_load: both data files (nhi_data_path); NULL with the reason
 * in *why (a static string) when one cannot be read. */
struct nhi_ctmap *nhi_ctmap_load(const char **why);
/* nhi_ctmap_lookup: the mapping of one event; never NULL; valid until
 * nhi_ctmap_free(). */
const struct nhi_ctmap_result *nhi_ctmap_lookup(struct nhi_ctmap *m,
						const char *source, size_t slen,
						const char *event, size_t elen);
/* nhi_ctmap_strip_version: the length of event without an API-version
 * suffix (/(19|20)\d\d(_\d\d_\d\d|\d{4})(v\d+)?$/), or elen. */
size_t nhi_ctmap_strip_version(const char *event, size_t elen);
void nhi_ctmap_free(struct nhi_ctmap *m);

#endif
