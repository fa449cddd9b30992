/* iam/set.h: a policy set built from policy records, owning its policies.
 *
 * Each record's "via" says where the document goes (policy.h's
 * nhi_iam_kind_from_via): identity policies accumulate; one permission
 * boundary, one session policy and one resource policy at most; SCPs
 * accumulate, all at level 0 unless set (so any one allowing is enough;
 * set p->level for an OU tree). b->set is ready for eval.h at any time. */
#ifndef NHI_IAM_SET_H
#define NHI_IAM_SET_H

#include <jansson.h>

#include "buf.h"
#include "iam/eval.h"
#include "iam/policy.h"

struct nhi_iam_setbuf {
	struct nhi_iam_set set;   /* borrowed view of what is below */
	struct nhi_iam_policy **identity, **scps;
	size_t alloc_identity, alloc_scps;
	struct nhi_iam_policy *boundary, *resource, *session;
};
#define NHI_IAM_SETBUF_INIT { {NULL, 0, NULL, NULL, 0, NULL, NULL}, NULL, NULL, 0, 0, NULL, NULL, NULL }

void nhi_iam_setbuf_init(struct nhi_iam_setbuf *b);
/* nhi_iam_setbuf_add: parse document under via and add it. Returns the
 * policy (owned by b), or NULL with the reason appended to err (may be
 * NULL): the parser's, or "a second permission boundary" and the like.
 * A trust policy ("trust...") is refused: it belongs to the role's node. */
struct nhi_iam_policy *nhi_iam_setbuf_add(struct nhi_iam_setbuf *b,
					  const char *via,
					  const json_t *document,
					  struct nhi_buf *err);
/* nhi_iam_setbuf_release: free every policy; b is empty again. */
void nhi_iam_setbuf_release(struct nhi_iam_setbuf *b);

#endif
