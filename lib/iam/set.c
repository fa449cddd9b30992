/* A policy set built from policy records; see set.h. */
#include "compat.h"

#include <stdlib.h>
#include <string.h>

#include "iam/set.h"
#include "xalloc.h"
#include "banned.h"

void nhi_iam_setbuf_init(struct nhi_iam_setbuf *b)
{
	memset(b, 0, sizeof(*b));
}

static void push(struct nhi_iam_policy ***v, size_t *n, size_t *alloc,
		 struct nhi_iam_policy *p)
{
	if (*n == *alloc) {
		*alloc = *alloc ? *alloc * 2 : 4;
		*v = xreallocarray(*v, *alloc, sizeof(**v));
	}
	(*v)[(*n)++] = p;
}

struct nhi_iam_policy *nhi_iam_setbuf_add(struct nhi_iam_setbuf *b,
					  const char *via,
					  const json_t *document,
					  struct nhi_buf *err)
{
	enum nhi_iam_kind kind = nhi_iam_kind_from_via(via);
	struct nhi_iam_policy **slot = NULL, *p;
	const char *what = NULL;

	switch (kind) {
	case NHI_IAM_BOUNDARY:
		slot = &b->boundary, what = "a second permission boundary";
		break;
	case NHI_IAM_SESSION:
		slot = &b->session, what = "a second session policy";
		break;
	case NHI_IAM_RESOURCE:
		slot = &b->resource, what = "a second resource policy";
		break;
	case NHI_IAM_TRUST:
		if (err)
			nhi_buf_adds(err, "a trust policy is not part of a policy set");
		return NULL;
	default:
		break;
	}
	if (slot && *slot) {
		if (err)
			nhi_buf_adds(err, what);
		return NULL;
	}
	p = nhi_iam_policy_parse(document, kind, via, err);
	if (!p)
		return NULL;
	if (slot)
		*slot = p;
	else if (kind == NHI_IAM_SCP)
		push(&b->scps, &b->set.nscps, &b->alloc_scps, p);
	else
		push(&b->identity, &b->set.nidentity, &b->alloc_identity, p);
	b->set.identity = b->identity;
	b->set.scps = b->scps;
	b->set.boundary = b->boundary;
	b->set.resource = b->resource;
	b->set.session = b->session;
	return p;
}

void nhi_iam_setbuf_release(struct nhi_iam_setbuf *b)
{
	for (size_t i = 0; i < b->set.nidentity; i++)
		nhi_iam_policy_free(b->identity[i]);
	for (size_t i = 0; i < b->set.nscps; i++)
		nhi_iam_policy_free(b->scps[i]);
	nhi_iam_policy_free(b->boundary);
	nhi_iam_policy_free(b->resource);
	nhi_iam_policy_free(b->session);
	free(b->identity);
	free(b->scps);
	nhi_iam_setbuf_init(b);
}
