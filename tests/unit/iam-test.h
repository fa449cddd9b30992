/* iam-test.h: helpers shared by the tests/unit/iam-*.c programs. */
#ifndef NHI_IAM_TEST_H
#define NHI_IAM_TEST_H

#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "buf.h"
#include "iam/catalog.h"
#include "iam/eval.h"
#include "iam/policy.h"

/* The catalog of the source tree (tests/run exports TOP). */
static inline void iam_test_catalog(void)
{
	const char *top = getenv("TOP");
	char path[4096];
	const char *err;

	snprintf(path, sizeof(path), "%s/data/aws-iam-actions.ndjson",
		 top ? top : ".");
	err = nhi_iam_catalog_load(path);
	if (err)
		printf("catalog: %s\n", err);
}

/* P: a policy from JSON text; NULL (and a message) when refused. */
static inline struct nhi_iam_policy *iam_test_policy(const char *text,
						     enum nhi_iam_kind kind,
						     const char *via)
{
	struct nhi_buf err = NHI_BUF_INIT;
	json_error_t je;
	json_t *doc = json_loads(text, 0, &je);
	struct nhi_iam_policy *p;

	if (!doc) {
		printf("bad test JSON: %s: %s\n", je.text, text);
		return NULL;
	}
	p = nhi_iam_policy_parse(doc, kind, via, &err);
	if (!p)
		printf("policy refused: %s\n", err.buf);
	json_decref(doc);
	nhi_buf_release(&err);
	return p;
}

static inline json_t *iam_test_json(const char *text)
{
	return text ? json_loads(text, 0, NULL) : NULL;
}

#endif
