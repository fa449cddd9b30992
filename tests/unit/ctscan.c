/* ctscan: the CloudTrail scanner agrees with jansson (the differential
 * check of tests/fuzz/cloudtrail-fast.c over tricky cases and its seeds),
 * and the CloudTrail to IAM map follows data/README. */
#include "compat.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "ctmap.h"
#include "ctscan.h"
#include "input.h"
#include "unit.h"

#define CTSCAN_NO_FUZZ_MAIN
#include "../fuzz/cloudtrail-fast.c"

static int agree(const char *s)
{
	return ctscan_agree((const uint8_t *)s, strlen(s));
}

static int scans(const char *s)
{
	struct nhi_ct_event ev;
	size_t end;

	return nhi_ctscan_event(s, strlen(s), &ev, &end) == NHI_CTSCAN_OK;
}

static void seeds(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	CHECK(d != NULL);
	while (d && (e = readdir(d))) {
		struct nhi_buf path = NHI_BUF_INIT, text = NHI_BUF_INIT;

		if (e->d_name[0] == '.')
			continue;
		nhi_buf_addf(&path, "%s/%s", dir, e->d_name);
		if (!nhi_input_slurp(path.buf, 1 << 24, &text)) {
			if (!ctscan_agree((const uint8_t *)text.buf, text.len))
				printf("FAIL seed %s\n", e->d_name);
			CHECK(ctscan_agree((const uint8_t *)text.buf, text.len));
			n++;
		}
		nhi_buf_release(&path);
		nhi_buf_release(&text);
	}
	if (d)
		closedir(d);
	CHECK(n > 5);
}

static void scanner(void)
{
	struct nhi_ct_event ev;
	size_t end;
	const char *s = " {\"eventTime\":\"2026-03-01T12:00:00Z\",\"x\":[1,{\"y\":null}],"
		"\"userIdentity\":{\"type\":\"AssumedRole\",\"sessionContext\":{\"sessionIssuer\":"
		"{\"arn\":\"arn:aws:iam::1:role/r\"}}},\"requestParameters\":null,"
		"\"resources\":[{\"ARN\":\"a\"},{\"type\":\"t\"},{\"ARN\":\"b\"}]} ";

	CHECK(nhi_ctscan_event(s, strlen(s), &ev, &end) == NHI_CTSCAN_OK);
	CHECK(end == strlen(s) - 1);
	CHECK(ev.f[NHI_CT_ISSUER_ARN].n == 21);
	CHECK(ev.nres == 2);
	CHECK(!ev.f[NHI_CT_RP_BUCKET].p);
	/* what the scanner leaves to jansson */
	CHECK(!scans("{\"eventName\":\"a\",\"eventName\":\"b\"}"));
	CHECK(!scans("{\"eventName\":\"a\\u0042\"}"));
	CHECK(!scans("{\"eventName\":\"a\\\"\"}"));
	CHECK(!scans("{\"x\":\"caf\xc3\xa9\"}"));
	CHECK(!scans("{\"x\":12345678901234567890}"));
	CHECK(!scans("{\"x\":1e999}"));
	CHECK(scans("{\"eventName\":5}") && agree("{\"eventName\":5}"));
	CHECK(scans("{\"userIdentity\":\"x\",\"resources\":[1,{\"ARN\":[]}]}") && agree("{\"userIdentity\":\"x\",\"resources\":[1,{\"ARN\":[]}]}"));
	CHECK(!scans("{\"x\":01}"));
	CHECK(!scans("{\"x\":tru}"));
	CHECK(!scans("{\"x\":[1,]}"));
	CHECK(!scans("{\"x\":1,}"));
	CHECK(!scans("{\"x\":\"a\tb\"}"));
	CHECK(!scans("{\"x\":1"));
	CHECK(scans("{\"x\":\"a\\\"\\n\\/b\",\"y\":-0.5E+2}"));
	CHECK(agree("{\"x\":\"a\\\"\\n\\/b\",\"y\":-0.5E+2}"));
	CHECK(agree("{\"resources\":[{\"ARN\":null},{\"ARN\":\"a\"}],\"eventName\":null}"));
	CHECK(agree("[1,2,{\"a\":[]}]"));
	CHECK(nhi_ctscan_skip("  [1, {\"a\": \"b\"}] x", 20, 0) == 17);
	CHECK(nhi_ctscan_skip("[1,", 3, 0) == NHI_CTSCAN_FALLBACK);
}

static void map(void)
{
	const char *why = NULL;
	struct nhi_ctmap *m = nhi_ctmap_load(&why);
	const struct nhi_ctmap_result *r;

	CHECK(nhi_ctmap_strip_version("UpdateFunctionCode20150331v2", 28) == 18);
	CHECK(nhi_ctmap_strip_version("CreateDistribution2020_05_31", 28) == 18);
	CHECK(nhi_ctmap_strip_version("GetObject", 9) == 9);
	CHECK(nhi_ctmap_strip_version("Get2019", 7) == 7);
	CHECK(m != NULL);
	if (!m)
		return;
	r = nhi_ctmap_lookup(m, "s3.amazonaws.com", 16, "ListObjectsV2", 13);
	CHECK(r->nactions == 1 && !strcmp(r->actions[0], "s3:ListBucket"));
	r = nhi_ctmap_lookup(m, "lambda.amazonaws.com", 20, "UpdateFunctionCode20150331v2", 28);
	CHECK(r->nactions == 1 && !strcmp(r->actions[0], "lambda:UpdateFunctionCode"));
	r = nhi_ctmap_lookup(m, "monitoring.amazonaws.com", 24, "PutMetricData", 13);
	CHECK(r->nactions == 1 && !strcmp(r->actions[0], "cloudwatch:PutMetricData"));
	r = nhi_ctmap_lookup(m, "sts.amazonaws.com", 17, "GetCallerIdentity", 17);
	CHECK(r->nactions == 0 && r->nmaybe == 0);
	r = nhi_ctmap_lookup(m, "ec2.amazonaws.com", 17, "RunInstances", 12);
	CHECK(r->nmaybe >= 1 && !strcmp(r->maybe[0], "iam:PassRole"));
	r = nhi_ctmap_lookup(m, "s3.amazonaws.com", 16, "DeleteBucket", 12);
	CHECK(r->nactions == 1 && !strcmp(r->actions[0], "s3:DeleteBucket"));
	r = nhi_ctmap_lookup(m, "ec2.amazonaws.com", 17, "describeinstances", 17);
	CHECK(r->nactions == 1 && !strcmp(r->actions[0], "ec2:DescribeInstances") && !r->unverified);
	r = nhi_ctmap_lookup(m, "example.amazonaws.com", 21, "DoThing", 7);
	CHECK(r->nactions == 1 && !strcmp(r->actions[0], "example:DoThing") && r->unverified);
	nhi_ctmap_free(m);
}

int main(void)
{
	const char *top = getenv("TOP");
	struct nhi_buf dir = NHI_BUF_INIT;

	scanner();
	if (top) {
		nhi_buf_addf(&dir, "%s/tests/fuzz/seeds/cloudtrail-fast", top);
		seeds(dir.buf);
		nhi_buf_reset(&dir);
		nhi_buf_addf(&dir, "%s/data", top);
		setenv("NHI_DATA_DIR", dir.buf, 1);
		map();
	}
	nhi_buf_release(&dir);
	return unit_done();
}
