/* usage.c: the usage table, and the event fast path tested against the
 * jansson path: the same lines give the same table and the same errors. */
#include "compat.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "ndjson.h"
#include "usage.h"
#include "unit.h"
#include "banned.h"

static void dump(struct nhi_usage *u, struct nhi_buf *b)
{
	size_t n;
	struct nhi_usage_entry **v = nhi_usage_sorted(u, &n);

	for (size_t i = 0; i < n; i++) {
		json_t *r = nhi_usage_record(v[i]);

		nhi_json_dump(r, b);
		nhi_buf_addch(b, '\n');
		json_decref(r);
	}
	free(v);
}

static int keep_all(const char *id, int64_t t, void *arg)
{
	(void)t;
	(void)arg;
	return strcmp(id, "skip") != 0;
}

/* both: one line through both paths; the fast path may decline. */
static void both(const char *line)
{
	struct nhi_usage *fast = nhi_usage_new(), *slow = nhi_usage_new();
	struct nhi_buf a = NHI_BUF_INIT, b = NHI_BUF_INIT;
	const char *why_fast, *why_slow = NULL, *err;
	int handled;
	json_t *rec;

	why_fast = nhi_usage_add_event_line(fast, line, strlen(line), keep_all, NULL, &handled);
	if (!handled) {
		nhi_usage_free(fast);
		nhi_usage_free(slow);
		return;
	}
	rec = nhi_json_parse_record(line, strlen(line), &err);
	CHECK(rec != NULL);
	if (rec)
		why_slow = nhi_usage_add_event(slow, rec, keep_all, NULL);
	json_decref(rec);
	CHECK_STR(why_fast ? why_fast : "ok", why_slow ? why_slow : "ok");
	dump(fast, &a);
	dump(slow, &b);
	CHECK_STR(a.buf, b.buf);
	nhi_buf_release(&a);
	nhi_buf_release(&b);
	nhi_usage_free(fast);
	nhi_usage_free(slow);
}

/* declined: lines the fast path must leave to jansson. */
static void declined(const char *line)
{
	struct nhi_usage *u = nhi_usage_new();
	int handled = 1;

	nhi_usage_add_event_line(u, line, strlen(line), NULL, NULL, &handled);
	CHECK(!handled);
	CHECK(nhi_usage_count(u) == 0);
	nhi_usage_free(u);
}

int main(void)
{
	static const char *const same[] = {
		"{\"kind\":\"event\",\"identity\":\"i\",\"time\":\"2026-11-01T00:00:00Z\",\"action\":\"s3:GetObject\",\"resource\":\"arn:aws:s3:::b/k\",\"outcome\":\"allowed\"}",
		"{\"kind\":\"event\",\"identity\":\"i\",\"time\":\"2026-11-01T00:00:00.123+02:00\",\"action\":\"s3:GetObject\"}",
		"{\"kind\":\"event\",\"identity\":\"i\",\"time\":\"2026-11-01 00:00:00+00:00\",\"action\":\"s3:X\",\"outcome\":\"denied\"}",
		"{\"kind\":\"event\",\"identity\":\"skip\",\"time\":\"2026-11-01T00:00:00Z\",\"action\":\"s3:X\"}",
		"{\"kind\":\"event\",\"identity\":\"\",\"time\":\"2026-11-01T00:00:00Z\",\"action\":\"s3:X\"}",
		"{\"kind\":\"event\",\"time\":\"2026-11-01T00:00:00Z\",\"action\":\"s3:X\"}",
		"{\"kind\":\"event\",\"identity\":\"i\",\"time\":\"yesterday\",\"action\":\"s3:X\"}",
		"{\"kind\":\"event\",\"identity\":\"i\",\"time\":\"9999-12-31T23:59:59Z\",\"action\":\"s3:X\"}",
		"{\"kind\":\"event\",\"identity\":\"i\",\"time\":\"N/A\",\"action\":\"s3:X\"}",
		"{\"kind\":\"event\",\"identity\":\"i\",\"time\":\"2026-11-01T00:00:00Z\"}",
		"{\"kind\":\"event\",\"identity\":\"i\",\"time\":\"2026-11-01T00:00:00Z\",\"action\":\"GetObject\"}",
		"{\"kind\":\"event\",\"identity\":\"i\",\"time\":\"2026-11-01T00:00:00Z\",\"action\":\"s3:X\",\"resource\":\"\"}",
		"{\"kind\":\"event\",\"identity\":\"i\",\"time\":\"2026-11-01T00:00:00Z\",\"action\":\"s3:X\",\"source\":{\"collector\":\"cloudtrail\",\"file\":\"a.json.gz\",\"line\":-12},\"n\":[1,true,false,null,{},[]]}",
		"{\"kind\":\"event\",\"identity\":\"i\",\"time\":\"2026-11-01T00:00:00Z\",\"action\":\"s3:X\",\"outcome\":\"failed\",\"error\":\"NoSuchKey\"}",
	};
	static const char *const decline[] = {
		"{\"identity\":\"i\",\"kind\":\"event\",\"time\":\"2026-11-01T00:00:00Z\",\"action\":\"s3:X\"}",
		"{\"kind\": \"event\",\"identity\":\"i\",\"time\":\"2026-11-01T00:00:00Z\",\"action\":\"s3:X\"}",
		"{\"kind\":\"event\",\"identity\":\"a\\\"b\",\"time\":\"2026-11-01T00:00:00Z\",\"action\":\"s3:X\"}",
		"{\"kind\":\"event\",\"identity\":\"i\",\"identity\":\"j\",\"time\":\"2026-11-01T00:00:00Z\",\"action\":\"s3:X\"}",
		"{\"kind\":\"event\",\"identity\":\"i\",\"time\":\"2026-11-01T00:00:00Z\",\"actions\":[\"s3:X\"]}",
		"{\"kind\":\"event\",\"identity\":\"i\",\"time\":\"2026-11-01T00:00:00Z\",\"action\":\"s3:X\",\"maybe\":[\"kms:Decrypt\"]}",
		"{\"kind\":\"event\",\"identity\":\"i\",\"time\":\"2026-11-01T00:00:00Z\",\"action\":\"s3:X\",\"resources\":[\"a\"]}",
		"{\"kind\":\"event\",\"identity\":\"i\",\"time\":1762000000,\"action\":\"s3:X\"}",
		"{\"kind\":\"event\",\"identity\":\"i\",\"time\":\"2026-11-01T00:00:00Z\",\"action\":5}",
		"{\"kind\":\"event\",\"identity\":\"i\",\"time\":\"2026-11-01T00:00:00Z\",\"action\":\"s3:X\",\"x\":tru}",
		"{\"kind\":\"event\",\"identity\":\"i\",\"time\":\"2026-11-01T00:00:00Z\",\"action\":\"s3:X\",\"x\":01}",
		"{\"kind\":\"event\",\"identity\":\"i\",\"time\":\"2026-11-01T00:00:00Z\",\"action\":\"s3:X\",\"x\":1.5}",
		"{\"kind\":\"event\",\"identity\":\"i\",\"time\":\"2026-11-01T00:00:00Z\",\"action\":\"s3:X\",\"x\":{\"a\" \"b\"}}",
		"{\"kind\":\"event\",\"identity\":\"i\",\"time\":\"2026-11-01T00:00:00Z\",\"action\":\"s3:X\",\"x\":[1:2]}",
		"{\"kind\":\"event\",\"identity\":\"i\",\"time\":\"2026-11-01T00:00:00Z\",\"action\":\"s3:X\",}",
		"{\"kind\":\"event\",\"identity\":\"i\",\"time\":\"2026-11-01T00:00:00Z\",\"action\":\"s3:X\"}x",
		"{\"kind\":\"event\",\"identity\":\"i\",\"time\":\"2026-11-01T00:00:00Z\",\"action\":\"s3:X\",\"x\":{\"a\":1}",
		"{\"kind\":\"event\",\"identity\":\"\xc3\xa9\",\"time\":\"2026-11-01T00:00:00Z\",\"action\":\"s3:X\"}",
		"{\"kind\":\"event\",\"identity\":\"i\",\"time\":\"2026-11-01T00:00:00Z\",\"action\":\"s3:X\",\"x\":1234567890123456789}",
		"{\"kind\":\"usage\",\"identity\":\"i\"}",
		"{\"kind\":\"event\"",
		"{}",
		"",
	};
	struct nhi_usage *u = nhi_usage_new(), *m = nhi_usage_new();
	struct nhi_buf a = NHI_BUF_INIT, b = NHI_BUF_INIT;
	json_t *rec;

	for (size_t i = 0; i < ARRAY_SIZE(same); i++)
		both(same[i]);
	for (size_t i = 0; i < ARRAY_SIZE(decline); i++)
		declined(decline[i]);

	/* merging is order-free: a then b equals b then a, days included */
	nhi_usage_add(u, "i", "s3:A", "r", NULL, 1762000000, 2);
	nhi_usage_add(u, "i", "s3:A", "r", NULL, 1762000000 + 86400 * 70, 1);
	nhi_usage_add(m, "i", "s3:A", "r", NULL, 1762000000 + 86400 * 70, 1);
	nhi_usage_add(m, "i", "s3:A", "r", NULL, 1762000000, 2);
	dump(u, &a);
	dump(m, &b);
	CHECK_STR(a.buf, b.buf);
	rec = nhi_json_parse_record(a.buf, a.len - 1, &(const char *){ NULL });
	CHECK(rec && json_integer_value(json_object_get(rec, "days")) == 2);
	CHECK(rec && json_integer_value(json_object_get(rec, "count")) == 3);
	json_decref(rec);
	nhi_buf_release(&a);
	nhi_buf_release(&b);
	nhi_usage_free(u);
	nhi_usage_free(m);
	return unit_done();
}
