/* iam/cond.h: an IAM Condition block against the known condition keys.
 *
 * Operators: String*, Numeric*, Date*, Bool, BinaryEquals, IpAddress,
 * NotIpAddress, Arn*, Null, each with IfExists, and the ForAnyValue: and
 * ForAllValues: set qualifiers. Keys and values follow match.h's context
 * rules: a key missing from the context is unknown (MAYBE); null means
 * known absent, where a negated operator, IfExists and ForAllValues hold
 * and the others do not. An unknown operator is MAYBE, never true. */
#ifndef NHI_IAM_COND_H
#define NHI_IAM_COND_H

#include <jansson.h>

#include "iam/match.h"

/* nhi_iam_condition_eval: cond (a Condition object, may be NULL: YES)
 * against ctx (may be NULL). */
enum nhi_iam_tri nhi_iam_condition_eval(const json_t *cond, const json_t *ctx);

#endif
