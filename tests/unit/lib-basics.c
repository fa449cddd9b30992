/* Unit tests for buf, num, timefmt and record. */
#include "compat.h"

#include <stdlib.h>

#include "buf.h"
#include "num.h"
#include "record.h"
#include "timefmt.h"
#include "unit.h"

static void test_buf(void)
{
	struct nhi_buf b = NHI_BUF_INIT;
	char *s;
	size_t n;

	CHECK(b.len == 0 && b.buf[0] == '\0');
	nhi_buf_adds(&b, "abc");
	nhi_buf_addf(&b, "-%d-", 42);
	nhi_buf_addch(&b, 'z');
	CHECK_STR(b.buf, "abc-42-z");
	for (int i = 0; i < 1000; i++)
		nhi_buf_addf(&b, "%04d", i);
	CHECK(b.len == 8 + 4000);
	nhi_buf_reset(&b);
	CHECK_STR(b.buf, "");
	nhi_buf_add_shell_quoted(&b, "it's $(x)");
	CHECK_STR(b.buf, "'it'\\''s $(x)'");
	s = nhi_buf_detach(&b, &n);
	CHECK(n == 14 && b.len == 0);
	free(s);
	nhi_buf_release(&b);
}

static void test_num(void)
{
	long long v;
	uint64_t u;

	CHECK(!nhi_parse_int("42", 0, 100, &v) && v == 42);
	CHECK_STR(nhi_parse_int("4x", 0, 100, &v), "not a number");
	CHECK_STR(nhi_parse_int("101", 0, 100, &v), "too large");
	CHECK_STR(nhi_parse_int("-1", 0, 100, &v), "too small");
	CHECK_STR(nhi_parse_int("99999999999999999999", 0, 100, &v), "too large");
	CHECK(!nhi_parse_size("64M", &u) && u == 64u << 20);
	CHECK(!nhi_parse_size("512k", &u) && u == 512u << 10);
	CHECK_STR(nhi_parse_size("12T", &u), "not a size");
	CHECK_STR(nhi_parse_size("-1", &u), "not a size");
}

static void test_time(void)
{
	int64_t t;
	char buf[NHI_TIME_BUFSZ];

	CHECK(nhi_time_parse("2026-03-01T12:00:00Z", &t) == NHI_TIME_SET);
	CHECK_STR(nhi_time_format(t, buf), "2026-03-01T12:00:00Z");
	CHECK_STR(nhi_time_normalize("2023-03-09 10:41:45+00:00"), "2023-03-09T10:41:45Z");
	CHECK_STR(nhi_time_normalize("2023-03-09T12:41:45.1234567+02:00"), "2023-03-09T10:41:45Z");
	CHECK_STR(nhi_time_normalize("2023-03-09T10:41:45.123456789Z"), "2023-03-09T10:41:45Z");
	CHECK_STR(nhi_time_normalize("1700000000"), "2023-11-14T22:13:20Z");
	CHECK_STR(nhi_time_normalize("1700000000123"), "2023-11-14T22:13:20Z");
	CHECK_STR(nhi_time_normalize("2022-01-05"), "2022-01-05T00:00:00Z");
	CHECK_STR(nhi_time_normalize("2021-03-01T00:00:00-8:00"), "2021-03-01T08:00:00Z");
	CHECK(nhi_time_parse("0001-01-01T00:00:00Z", &t) == NHI_TIME_NONE);
	CHECK(nhi_time_parse("N/A", &t) == NHI_TIME_NONE);
	CHECK(nhi_time_parse("no_information", &t) == NHI_TIME_NONE);
	CHECK(nhi_time_parse("not_supported", &t) == NHI_TIME_NONE);
	CHECK(nhi_time_parse("9999-12-31T23:59:59Z", &t) == NHI_TIME_NEVER);
	CHECK(nhi_time_parse("2023-13-01T00:00:00Z", &t) == NHI_TIME_BAD);
	CHECK(nhi_time_parse("yesterday", &t) == NHI_TIME_BAD);
	CHECK(nhi_time_parse("2023-01-01T00:00:00Zjunk", &t) == NHI_TIME_BAD);
	CHECK(!nhi_duration_parse("90d", &t) && t == 90 * 86400);
	CHECK(!nhi_duration_parse("12h", &t) && t == 12 * 3600);
	CHECK(!nhi_duration_parse("30m", &t) && t == 1800);
	CHECK(nhi_duration_parse("90", &t) != NULL);
	CHECK(nhi_duration_parse("d", &t) != NULL);
	CHECK(nhi_duration_parse("99999999999d", &t) != NULL);
}

static void test_record(void)
{
	json_t *r = nhi_record_new("identity"), *inner = json_object();

	nhi_set_str(r, "id", "x");
	nhi_set_str(r, "none", NULL);
	nhi_set_time(r, "created", 1700000000);
	json_object_set_new(inner, "b", json_string("deep"));
	json_object_set_new(r, "a", inner);
	CHECK_STR(nhi_get_str(r, "id"), "x");
	CHECK(json_object_get(r, "none") == NULL);
	CHECK_STR(nhi_get_str(r, "created"), "2023-11-14T22:13:20Z");
	CHECK(nhi_get_time(r, "created") == 1700000000);
	CHECK_STR(nhi_get_path_str(r, "a.b"), "deep");
	CHECK(nhi_get_path(r, "a.c") == NULL);
	CHECK(nhi_kind_is(r, "identity"));
	json_decref(r);
}

int main(void)
{
	test_buf();
	test_num();
	test_time();
	test_record();
	return unit_done();
}
