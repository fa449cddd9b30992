/* Fuzz target: arbitrary bytes as an IAM policy document (JSON, or a JSON
 * string holding the raw API's URL-encoded form), through the parser, one
 * fixed request, the reach summary and the escalation finder. */
#include "compat.h"

#include <string.h>

#include <jansson.h>

#include "iam/eval.h"
#include "iam/policy.h"
#include "iam/privesc.h"
#include "iam/reach.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static const enum nhi_iam_kind kinds[] = {NHI_IAM_IDENTITY, NHI_IAM_RESOURCE};
	json_t *doc = json_loadb((const char *)data, size, JSON_DECODE_ANY, NULL);
	json_t *ctx = json_pack("{s:s, s:s, s:[s,s], s:b}", "aws:SourceIp", "10.1.2.3",
				"aws:RequestedRegion", "eu-west-1", "aws:TagKeys", "a", "b",
				"aws:SecureTransport", 1);

	for (size_t k = 0; doc && k < ARRAY_SIZE(kinds); k++) {
		struct nhi_buf err = NHI_BUF_INIT;
		struct nhi_iam_policy *p = nhi_iam_policy_parse(doc, kinds[k], "inline:fuzz", &err);
		if (!p) {
			if (!err.len)
				__builtin_trap(); /* a refusal always says why */
			nhi_buf_release(&err);
			continue;
		}
		struct nhi_iam_set set = {.identity = &p, .nidentity = 1};
		if (kinds[k] == NHI_IAM_RESOURCE) {
			set = (struct nhi_iam_set){.resource = p};
		}
		struct nhi_iam_request req = {
			.principal = "arn:aws:iam::111111111111:user/alice",
			.action = "s3:GetObject",
			.resource = "arn:aws:s3:::bucket/key",
			.context = ctx,
		};
		struct nhi_iam_result res;
		enum nhi_iam_decision d = nhi_iam_eval(&set, &req, &res);
		if (d != res.decision)
			__builtin_trap();
		json_decref(nhi_iam_result_json(&res));
		req.resource = "arn:aws:s3:::*";
		req.resource_pattern = true;
		(void)nhi_iam_eval(&set, &req, NULL);
		if (kinds[k] == NHI_IAM_IDENTITY) {
			struct nhi_iam_reach *r = nhi_iam_reach_compute(&set, req.principal, ctx, NULL);
			json_decref(nhi_iam_reach_json(r));
			nhi_iam_reach_free(r);
			struct nhi_iam_paths ps = NHI_IAM_PATHS_INIT;
			nhi_iam_privesc_find(&set, req.principal, ctx, NULL, &ps, NULL);
			for (size_t i = 0; i < ps.n; i++)
				json_decref(nhi_iam_path_json(&ps.v[i]));
			nhi_iam_paths_release(&ps);
		}
		nhi_iam_policy_free(p);
		nhi_buf_release(&err);
	}
	json_decref(ctx);
	json_decref(doc);
	return 0;
}
