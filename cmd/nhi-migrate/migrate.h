/* migrate.h: the parts of nhi-migrate: workflow rewriting (gha.c) and the
 * plans with their artifacts (main.c). */
#ifndef NHI_MIGRATE_H
#define NHI_MIGRATE_H

#include <jansson.h>

#include "buf.h"

/* One federated replacement for a static credential in a CI job. */
struct gha_change {
	const char *action;           /* the auth action, e.g. aws-actions/configure-aws-credentials */
	const char *const *remove;    /* its static inputs, NULL-terminated */
	const char *const *env;       /* environment variables that carry the secret */
	const char *const *add;       /* "key: value" lines the action needs instead */
	int add_step;                 /* insert the action when the job has none */
};

/* gha_rewrite: the workflow text changed so that job authenticates through
 * OIDC as ch says: static inputs and env lines removed, the federated
 * inputs added, "id-token: write" granted to the job. Returns the new text
 * (malloc'd; equal to text when nothing was to change), or NULL with why.
 * facts receives what the trust needs: {"environment","branch","triggers",
 * "region","notes":[...]}. */
char *gha_rewrite(const char *name, const char *text, size_t len, const char *job,
		  const struct gha_change *ch, json_t *facts, char *why, size_t whylen);

/* gha_uses_static: whether job still wires any of ch's static inputs or env
 * (for --status: has the patch been applied?). -1 when unreadable. */
int gha_uses_static(const char *text, size_t len, const char *job,
		    const struct gha_change *ch);

#endif
