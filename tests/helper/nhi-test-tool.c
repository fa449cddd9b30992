/* nhi-test-tool: lib/ reached from shell tests (git's t/helper/test-tool).
 *
 *   nhi-test-tool ndjson-cat [FILE...]     read records, write them back
 *   nhi-test-tool time STRING...           normalise times
 *   nhi-test-tool duration STRING...       durations in seconds
 *   nhi-test-tool fingerprint              fingerprint of stdin's bytes
 *   nhi-test-tool yaml [FILE]              YAML documents as NDJSON
 *   nhi-test-tool config                   the loaded configuration
 *   nhi-test-tool data NAME                where a data file is found
 *   nhi-test-tool shell-quote STRING...    POSIX sh quoting
 *   nhi-test-tool http METHOD URL [BODY]   one request through lib/http;
 *       $NHI_TEST_TOKEN becomes a bearer token, $NHI_TEST_SIGV4 (with
 *       AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY) signs it
 */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "data.h"
#include "diag.h"
#include "fingerprint.h"
#include "http.h"
#include "input.h"
#include "ndjson.h"
#include "opts.h"
#include "timefmt.h"
#include "yamldoc.h"
#include "banned.h"

static void usage(int status)
{
	fprintf(status ? stderr : stdout,
		"usage: nhi-test-tool [OPTION...] COMMAND [ARG...]\n"
		"commands: ndjson-cat time duration fingerprint yaml config data shell-quote\n"
		NHI_COMMON_USAGE);
	exit(status);
}

static int ndjson_cat(int argc, char **argv)
{
	struct nhi_reader *r = nhi_reader_open(argc, argv);
	struct nhi_line line;
	static const char *const raw[] = { "raw", NULL };

	while (nhi_reader_next(r, &line)) {
		json_t *rec;

		/* "raw" records are passed through unparsed, as a program
		 * does with kinds it does not consume. */
		if (nhi_line_kind_in(&line, raw) == 1) {
			nhi_emit_line(&line);
			continue;
		}
		rec = nhi_reader_parse(r, &line);
		if (rec)
			nhi_emit_steal(rec);
	}
	nhi_reader_close(r);
	return 0;
}

static int yaml_dump(const char *path)
{
	struct nhi_buf text = NHI_BUF_INIT, out = NHI_BUF_INIT;
	struct nhi_yaml_error err;
	json_t *docs, *lines = NULL;
	const char *why = nhi_input_slurp(path ? path : "-", 64u << 20, &text);

	if (why)
		nhi_die(NHI_EXIT_SYSTEM, "%s: %s", path ? path : "<stdin>", why);
	docs = nhi_yaml_load(text.buf, text.len, getenv("LINES") ? &lines : NULL, &err);
	if (!docs) {
		nhi_warn_at(path ? path : "<stdin>", err.line, "column %lu: %s",
			    err.column, err.text);
		nhi_status_raise(NHI_EXIT_REJECTED);
	} else {
		nhi_json_dump(docs, &out);
		printf("%s\n", out.buf);
		if (lines) {
			nhi_buf_reset(&out);
			nhi_json_dump(lines, &out);
			printf("%s\n", out.buf);
		}
	}
	json_decref(docs);
	json_decref(lines);
	nhi_buf_release(&text);
	nhi_buf_release(&out);
	return 0;
}

static void http_cmd(int argc, char **argv)
{
	struct nhi_http_request req = { 0 };
	struct nhi_http_response resp;
	struct nhi_buf auth = NHI_BUF_INIT;
	const char *headers[3] = { NULL }, *token = getenv("NHI_TEST_TOKEN");
	size_t nh = 0;

	if (argc < 2)
		nhi_die(NHI_EXIT_USAGE, "http METHOD URL [BODY]");
	req.method = argv[0];
	req.url = argv[1];
	if (argc > 2) {
		req.body = argv[2];
		req.body_len = strlen(argv[2]);
		headers[nh++] = "Content-Type: application/json";
	}
	if (token && *token) {
		nhi_buf_addf(&auth, "Authorization: Bearer %s", token);
		headers[nh++] = auth.buf;
	}
	req.headers = headers;
	req.aws_sigv4 = getenv("NHI_TEST_SIGV4");
	req.aws_key_id = getenv("AWS_ACCESS_KEY_ID");
	req.aws_secret = getenv("AWS_SECRET_ACCESS_KEY");
	req.timeout_ms = 2000;
	if (getenv("NHI_TEST_ATTEMPTS"))
		req.max_attempts = 1;
	nhi_http_response_init(&resp);
	if (nhi_http_do(&req, &resp)) {
		nhi_warn("%s: %s", req.url, resp.error);
		nhi_status_raise(NHI_EXIT_REMOTE);
	}
	printf("status %ld attempts %d next %s\n%s\n", resp.status, resp.attempts,
	       resp.link_next ? resp.link_next : "-", resp.body.buf);
	nhi_http_response_release(&resp);
	nhi_buf_release(&auth);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = { NHI_COMMON_LONGOPTS, { 0 } };
	const char *cmd;
	int c;

	nhi_diag_init(argv[0]);
	while ((c = getopt_long(argc, argv, "+" NHI_COMMON_SHORTOPTS, longopts, NULL)) != -1)
		nhi_common_option(c, optarg, argv, usage);
	if (optind >= argc)
		nhi_usage_error(usage, "no command");
	cmd = argv[optind++];
	if (!strcmp(cmd, "config")) {
		/* After nhi_common_start so the search order is exercised. */
		struct nhi_buf out = NHI_BUF_INIT;

		nhi_common_start();
		nhi_json_dump(nhi_config_get(""), &out);
		printf("%s %s\n", nhi_config_file() ? nhi_config_file() : "-", out.buf);
		nhi_buf_release(&out);
		return nhi_exit();
	}
	nhi_common_start();
	if (!strcmp(cmd, "ndjson-cat")) {
		ndjson_cat(argc - optind, argv + optind);
	} else if (!strcmp(cmd, "time")) {
		for (; optind < argc; optind++) {
			const char *t = nhi_time_normalize(argv[optind]);
			printf("%s\n", t ? t : "-");
		}
	} else if (!strcmp(cmd, "duration")) {
		for (; optind < argc; optind++) {
			int64_t d;
			const char *why = nhi_duration_parse(argv[optind], &d);

			if (why)
				printf("%s\n", why);
			else
				printf("%lld\n", (long long)d);
		}
	} else if (!strcmp(cmd, "fingerprint")) {
		struct nhi_buf in = NHI_BUF_INIT;
		char fp[NHI_FINGERPRINT_BUFSZ];

		if (nhi_input_slurp("-", 1u << 20, &in))
			nhi_die(NHI_EXIT_SYSTEM, "cannot read stdin");
		printf("%s\n", nhi_fingerprint(in.buf, in.len, fp));
		nhi_buf_release(&in);
	} else if (!strcmp(cmd, "yaml")) {
		yaml_dump(optind < argc ? argv[optind] : NULL);
	} else if (!strcmp(cmd, "data")) {
		for (; optind < argc; optind++)
			printf("%s\n", nhi_data_path(argv[optind]) ? "found" : "missing");
	} else if (!strcmp(cmd, "http")) {
		http_cmd(argc - optind, argv + optind);
	} else if (!strcmp(cmd, "shell-quote")) {
		struct nhi_buf b = NHI_BUF_INIT;

		for (; optind < argc; optind++) {
			nhi_buf_reset(&b);
			nhi_buf_add_shell_quoted(&b, argv[optind]);
			printf("%s\n", b.buf);
		}
		nhi_buf_release(&b);
	} else {
		nhi_usage_error(usage, "unknown command '%s'", cmd);
	}
	return nhi_exit();
}
