/* policygen.h: a least-privilege IAM policy from observed calls.
 *
 * The proposal allows exactly the observed actions on the observed
 * resources.  Resources are generalised only as far as the data needs:
 * at least NHI_PG_GENERALISE calls under one parent (objects in one S3
 * bucket or folder, names sharing a prefix up to a separator) become one
 * "prefix*" pattern; fewer stay exact ARNs.  Statements are grouped by
 * service and resource list, sorted, and named "<Service>Use<N>", so the
 * same calls always give the same bytes. */
#ifndef NHI_POLICYGEN_H
#define NHI_POLICYGEN_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#define NHI_PG_GENERALISE 3

struct nhi_pg_call {
	const char *action, *resource;
	const char *via;    /* NULL when observed; else the action that needs it */
	const char *reason; /* for an added (via) action: why */
};

/* nhi_pg_match: whether s matches the IAM pattern pat ('*' any run, '?'
 * one character); icase for action names. */
int nhi_pg_match(const char *pat, const char *s, int icase);
/* nhi_pg_generalise: the sorted, de-duplicated patterns covering the
 * sorted resources res[0..n) (new reference, an array of strings). */
json_t *nhi_pg_generalise(const char *const *res, size_t n);
/* nhi_pg_build: the proposal for calls[0..n) (any order) as an IAM policy
 * document (new reference).  current is the array of the identity's
 * documents: a Condition they attach to every statement that allowed a
 * call is kept on the proposed statement. */
json_t *nhi_pg_build(const struct nhi_pg_call *calls, size_t n,
		     const json_t *current);

#endif
