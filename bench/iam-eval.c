/* bench/iam-eval: evaluation throughput of lib/iam (built and run by
 * bench/iam-eval.sh, not by make check). Prints one line per measure. */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "iam/catalog.h"
#include "iam/eval.h"
#include "iam/policy.h"
#include "iam/privesc.h"
#include "iam/reach.h"
#include "num.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct nhi_iam_policy *parse(const char *text, enum nhi_iam_kind kind,
				    const char *via)
{
	json_t *doc = json_loads(text, 0, NULL);
	struct nhi_iam_policy *p = nhi_iam_policy_parse(doc, kind, via, NULL);

	json_decref(doc);
	if (!p) {
		fprintf(stderr, "iam-eval: bad policy\n");
		exit(4);
	}
	return p;
}

int main(int argc, char **argv)
{
	long long n = 1000000, k = 2000;
	struct nhi_iam_policy *p[3], *b;
	const char *err;
	double t;
	volatile unsigned sink = 0;

	if (argc > 1 && nhi_parse_int(argv[1], 1, 1000000000, &n))
		return 2;
	if (argc > 2 && nhi_parse_int(argv[2], 1, 1000000000, &k))
		return 2;
	t = now();
	if ((err = nhi_iam_catalog_load(NULL))) {
		fprintf(stderr, "iam-eval: %s\n", err);
		return 4;
	}
	printf("catalog: %zu actions loaded in %.3f s\n", nhi_iam_catalog_count(), now() - t);
	p[0] = parse("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:Get*\",\"s3:List*\",\"s3:PutObject\"],\"Resource\":[\"arn:aws:s3:::data-*\",\"arn:aws:s3:::data-*/*\"]},"
		     "{\"Effect\":\"Allow\",\"Action\":\"ec2:Describe*\",\"Resource\":\"*\"},"
		     "{\"Effect\":\"Allow\",\"Action\":[\"logs:CreateLogStream\",\"logs:PutLogEvents\"],\"Resource\":\"arn:aws:logs:*:*:log-group:/app/*\"}]}",
		     NHI_IAM_IDENTITY, "inline:app");
	p[1] = parse("{\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::data-secret/*\"},"
		     "{\"Effect\":\"Allow\",\"Action\":\"sqs:*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"aws:RequestedRegion\":\"eu-west-1\"}}}]}",
		     NHI_IAM_IDENTITY, "managed:arn:aws:iam::111111111111:policy/guard");
	p[2] = parse("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":[\"iam:PassRole\",\"lambda:*\"],\"Resource\":\"*\"}}",
		     NHI_IAM_IDENTITY, "group:dev/inline:x");
	b = parse("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}",
		  NHI_IAM_BOUNDARY, "boundary:b");
	struct nhi_iam_set set = {.identity = p, .nidentity = 3, .boundary = b};
	static const char *const actions[] = {"s3:GetObject", "s3:PutObject", "s3:DeleteObject", "ec2:DescribeInstances", "sqs:SendMessage", "iam:CreateUser"};
	static const char *const resources[] = {"arn:aws:s3:::data-1/k", "arn:aws:s3:::data-secret/k", "arn:aws:s3:::logs/k", "*"};
	struct nhi_iam_request req = {.principal = "arn:aws:iam::111111111111:role/app"};

	t = now();
	for (long long i = 0; i < n; i++) {
		req.action = actions[i % ARRAY_SIZE(actions)];
		req.resource = resources[(i / 7) % ARRAY_SIZE(resources)];
		sink += (unsigned)nhi_iam_eval(&set, &req, NULL);
	}
	t = now() - t;
	printf("eval: %lld requests, 3 policies + boundary, %.3f s, %.0f evaluations/s\n", n, t, (double)n / t);

	struct nhi_iam_reach_cache *cache = nhi_iam_reach_cache_new(64);
	t = now();
	for (long long i = 0; i < k; i++) {
		struct nhi_iam_reach *r = nhi_iam_reach_compute(&set, req.principal, NULL, cache);
		sink += (unsigned)nhi_iam_reach_admin(r, NULL);
		nhi_iam_reach_free(r);
	}
	t = now() - t;
	printf("reach: %lld identities (cached policy bitmaps), %.3f s, %.0f identities/s\n", k, t, (double)k / t);
	nhi_iam_reach_cache_free(cache);

	t = now();
	for (long long i = 0; i < k; i++) {
		struct nhi_iam_paths ps = NHI_IAM_PATHS_INIT;
		nhi_iam_privesc_find(&set, req.principal, NULL, NULL, &ps, NULL);
		sink += (unsigned)ps.n;
		nhi_iam_paths_release(&ps);
	}
	t = now() - t;
	printf("privesc: %lld identities (no estate), %.3f s, %.0f identities/s\n", k, t, (double)k / t);
	/* An estate of 10,000 roles (a tenth privileged, all trusting
	 * Lambda) and 10,000 users, against a narrow identity and the
	 * PassRole one above. */
	enum { NNODES = 20000 };
	struct nhi_iam_node *nodes = calloc(NNODES, sizeof(*nodes));
	char (*arns)[64] = calloc(NNODES, 64);
	struct nhi_iam_policy *trust = parse("{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}}",
					     NHI_IAM_TRUST, "trust");
	for (int i = 0; i < NNODES; i++) {
		bool role = i < NNODES / 2;
		snprintf(arns[i], 64, "arn:aws:iam::111111111111:%s/n%d", role ? "role" : "user", i);
		nodes[i] = (struct nhi_iam_node){.type = role ? NHI_IAM_NODE_ROLE : NHI_IAM_NODE_USER,
						 .arn = arns[i], .privileged = i % 10 == 0,
						 .trust = role ? trust : NULL};
	}
	struct nhi_iam_estate estate = {.nodes = nodes, .nnodes = NNODES};
	struct nhi_iam_policy *narrow = p[0];
	struct nhi_iam_set nset = {.identity = &narrow, .nidentity = 1};
	size_t npaths = 0;
	t = now();
	for (long long i = 0; i < k; i++) {
		struct nhi_iam_paths ps = NHI_IAM_PATHS_INIT;
		nhi_iam_privesc_find(&nset, req.principal, NULL, &estate, &ps, NULL);
		sink += (unsigned)ps.n;
		nhi_iam_paths_release(&ps);
	}
	t = now() - t;
	printf("privesc: %lld narrow identities, estate of %d nodes, %.3f s, %.0f identities/s\n", k, NNODES, t, (double)k / t);
	long long k2 = k / 100 ? k / 100 : 1;
	t = now();
	for (long long i = 0; i < k2; i++) {
		struct nhi_iam_paths ps = NHI_IAM_PATHS_INIT;
		nhi_iam_privesc_find(&set, req.principal, NULL, &estate, &ps, NULL);
		npaths = ps.n;
		nhi_iam_paths_release(&ps);
	}
	t = now() - t;
	printf("privesc: %lld PassRole identities, estate of %d nodes, %zu paths each, %.3f s, %.0f identities/s\n", k2, NNODES, npaths, t, (double)k2 / t);
	free(nodes);
	free(arns);
	nhi_iam_policy_free(trust);
	for (int i = 0; i < 3; i++)
		nhi_iam_policy_free(p[i]);
	nhi_iam_policy_free(b);
	return sink == 0xffffffffu;
}
