/* aws-access-keys: `aws iam list-access-keys`, `aws iam
 * get-access-key-last-used` and `aws iam create-access-key` output into
 * credential records, one per access key id.  The secret that
 * create-access-key returns is fingerprinted and dropped. */
#include "compat.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect.h"
#include "diag.h"
#include "fingerprint.h"
#include "ndjson.h"
#include "opts.h"
#include "record.h"
#include "timefmt.h"
#include "xalloc.h"
#include "banned.h"

#define COLLECTOR "aws-access-keys"

static const char *account_opt;
static json_t *keys;  /* key id -> credential record under construction */
static json_t *order; /* key ids, first seen first */
static json_t *last_used; /* [{user, key?, data, file}] applied at the end */

/* key_account: the account an AKIA/ASIA key id belongs to, decoded from
 * the id (not possible for the old AKIAI/AKIAJ ids); 0 when unknown. */
static int key_account(const char *id, char out[24])
{
	unsigned long long v = 0;
	static const char alpha[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

	if (strlen(id) != 20 || (strncmp(id, "AKIA", 4) && strncmp(id, "ASIA", 4)) ||
	    id[4] == 'I' || id[4] == 'J')
		return 0;
	/* the first 48 bits of the base32 after the prefix */
	for (int i = 4; i < 14; i++) {
		const char *c = strchr(alpha, id[i]);

		if (!c || !*c)
			return 0;
		v = (v << 5) | (unsigned long long)(c - alpha);
	}
	v >>= 2; /* 50 bits read, 48 wanted */
	v = (v & 0x7fffffffff80ull) >> 7;
	snprintf(out, 24, "%012llu", v);
	return 1;
}

static json_t *key_record(const char *kid, const char *user, const char *file,
			  const char *pointer)
{
	json_t *rec = json_object_get(keys, kid);
	char acct[24];
	const char *a = account_opt;
	struct nhi_buf b = NHI_BUF_INIT;

	if (rec)
		return rec;
	rec = nhi_record_new("credential");
	nhi_buf_addf(&b, "aws:key:%s", kid);
	nhi_set_str(rec, "id", b.buf);
	if (!a && key_account(kid, acct))
		a = acct;
	if (user && a) {
		nhi_buf_reset(&b);
		nhi_buf_addf(&b, "aws:arn:aws:iam::%s:user/%s", a, user);
		nhi_set_str(rec, "identity", b.buf);
	}
	nhi_set_str(rec, "type", "aws_access_key");
	nhi_set_str(rec, "key_id", kid);
	nhi_set_bool(rec, "static", strncmp(kid, "ASIA", 4) != 0);
	nhi_set_str(rec, "user", user);
	nhi_set_str(rec, "account", a);
	nhi_set_source(rec, COLLECTOR, file, 0, pointer);
	json_object_set_new(keys, kid, rec);
	json_array_append_new(order, json_string(kid));
	nhi_buf_release(&b);
	return rec;
}

static void set_status(json_t *rec, const char *s)
{
	if (!s)
		return;
	if (!strcmp(s, "Active"))
		nhi_set_str(rec, "status", "active");
	else if (!strcmp(s, "Inactive"))
		nhi_set_str(rec, "status", "inactive");
	else if (!strcmp(s, "Expired"))
		nhi_set_str(rec, "status", "expired");
}

static void metadata(const json_t *m, const char *file, const char *pointer)
{
	const char *kid = nhi_get_str(m, "AccessKeyId");
	const char *created = nhi_get_str(m, "CreateDate");
	const json_t *secret = json_object_get(m, "SecretAccessKey");
	json_t *rec;

	if (!kid) {
		collect_reject(file, 0, "%s: no AccessKeyId", pointer);
		return;
	}
	rec = key_record(kid, nhi_get_str(m, "UserName"), file, pointer);
	set_status(rec, nhi_get_str(m, "Status"));
	if (created)
		nhi_set_str(rec, "created", nhi_time_normalize(created));
	if (json_is_string(secret)) {
		char fp[NHI_FINGERPRINT_BUFSZ];

		nhi_set_str(rec, "fingerprint",
			    nhi_fingerprint(json_string_value(secret),
					    json_string_length(secret), fp));
	}
}

static void apply_last_used(json_t *rec, const json_t *lu)
{
	const char *d = nhi_get_str(lu, "LastUsedDate");
	const char *svc = nhi_get_str(lu, "ServiceName");
	const char *region = nhi_get_str(lu, "Region");

	if (d && nhi_time_normalize(d))
		nhi_set_str(rec, "last_used", nhi_time_normalize(d));
	if (svc && strcmp(svc, "N/A"))
		nhi_set_str(rec, "last_used_service", svc);
	if (region && strcmp(region, "N/A"))
		nhi_set_str(rec, "last_used_region", region);
}

static void value(const json_t *v, const char *file)
{
	const json_t *md = json_object_get(v, "AccessKeyMetadata");
	const json_t *ak = json_object_get(v, "AccessKey");
	const json_t *lu = json_object_get(v, "AccessKeyLastUsed");
	struct nhi_buf ptr = NHI_BUF_INIT;
	size_t i;
	json_t *m;

	if (json_is_array(md)) {
		json_array_foreach(md, i, m) {
			nhi_buf_reset(&ptr);
			nhi_buf_addf(&ptr, "/AccessKeyMetadata/%zu", i);
			metadata(m, file, ptr.buf);
		}
	} else if (json_is_object(ak)) {
		metadata(ak, file, "/AccessKey");
	} else if (json_is_object(lu)) {
		json_array_append_new(last_used,
				      json_pack("{sO sO sO ss}", "user",
						json_object_get(v, "UserName") ?
						json_object_get(v, "UserName") : json_null(),
						"key", json_object_get(v, "AccessKeyId") ?
						json_object_get(v, "AccessKeyId") : json_null(),
						"data", lu, "file", file));
	} else {
		collect_reject(file, 0, "not list-access-keys, get-access-key-last-used or create-access-key output");
	}
	nhi_buf_release(&ptr);
}

static void read_file(const char *name, const char *buf, size_t len, void *ctx)
{
	size_t off = 0;

	(void)ctx;
	for (;;) {
		json_error_t err;
		json_t *v;

		while (off < len && strchr(" \t\r\n", buf[off]))
			off++;
		if (off >= len)
			break;
		v = json_loadb(buf + off, len - off, JSON_DISABLE_EOF_CHECK, &err);
		if (!v) {
			unsigned long line = 1;

			for (size_t k = 0; k < off; k++)
				line += buf[k] == '\n';
			collect_reject(name, line + (err.line > 1 ? (unsigned long)err.line - 1 : 0),
				       "invalid JSON: %s at column %d", nhi_json_error_text(&err), err.column);
			return;
		}
		off += err.position;
		value(v, name);
		json_decref(v);
	}
}

static void usage(int status)
{
	FILE *f = status ? stderr : stdout;

	fprintf(f, "usage: nhi-collect aws-access-keys [OPTION...] [FILE...]\n\n"
		   "Options:\n"
		   "      --account ID      the account the users are in\n"
		   NHI_COMMON_USAGE);
	exit(status);
}

int collect_aws_access_keys(int argc, char **argv)
{
	enum { OPT_ACCOUNT = NHI_OPT_PROGRAM };
	static const struct option longopts[] = {
		NHI_COMMON_LONGOPTS,
		{ "account", required_argument, NULL, OPT_ACCOUNT },
		{ 0 }
	};
	int c;
	size_t i;
	json_t *e;

	while ((c = getopt_long(argc, argv, NHI_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		if (c == OPT_ACCOUNT)
			account_opt = optarg;
		else
			nhi_common_option(c, optarg, argv, usage);
	}
	nhi_common_start();
	if (account_opt && (strlen(account_opt) != 12 ||
			    strspn(account_opt, "0123456789") != 12))
		nhi_usage_error(usage, "--account: not a 12-digit account id: '%s'", account_opt);
	keys = json_object();
	order = json_array();
	last_used = json_array();
	collect_each_file(argc - optind, argv + optind, NULL, read_file, NULL);
	/* get-access-key-last-used names the user, not the key: match it to
	 * the key given alongside, or the user's only key. */
	json_array_foreach(last_used, i, e) {
		const char *user = nhi_get_str(e, "user"), *kid = nhi_get_str(e, "key");
		json_t *rec = kid ? json_object_get(keys, kid) : NULL;
		size_t j, n = 0;
		json_t *k;

		if (!rec && kid)
			rec = key_record(kid, user, nhi_get_str(e, "file"), NULL);
		if (!rec && user) {
			json_array_foreach(order, j, k) {
				json_t *r = json_object_get(keys, json_string_value(k));
				const char *u = nhi_get_str(r, "user");

				if (u && !strcmp(u, user)) {
					rec = r;
					n++;
				}
			}
			if (n != 1) {
				collect_reject(nhi_get_str(e, "file"), 0,
					       "get-access-key-last-used for user '%s' names no key, and the user has %zu known keys",
					       user, n);
				continue;
			}
		}
		if (rec)
			apply_last_used(rec, json_object_get(e, "data"));
	}
	json_array_foreach(order, i, e) {
		json_t *rec = json_object_get(keys, json_string_value(e));
		json_t *src = json_incref(json_object_get(rec, "source"));

		/* source last, as in every other record */
		json_object_del(rec, "source");
		json_object_set_new(rec, "source", src);
		nhi_emit(rec);
	}
	json_decref(keys);
	json_decref(order);
	json_decref(last_used);
	return 0;
}
