/* Fuzz target: one line through the usage fast path and, when it takes the
 * line, through jansson and nhi_usage_add_event: both must agree on the
 * error and on the table, and the fast path must never take a line jansson
 * rejects. */
#include "compat.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "ndjson.h"
#include "usage.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static void dump(struct nhi_usage *u, struct nhi_buf *b)
{
	size_t n;
	struct nhi_usage_entry **v = nhi_usage_sorted(u, &n);

	for (size_t i = 0; i < n; i++) {
		json_t *r = nhi_usage_record(v[i]);

		nhi_json_dump(r, b);
		json_decref(r);
	}
	free(v);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct nhi_usage *fast = nhi_usage_new(), *slow = nhi_usage_new();
	struct nhi_buf a = NHI_BUF_INIT, b = NHI_BUF_INIT;
	const char *wf, *ws = NULL, *why;
	char *line = malloc(size + 1);
	int handled;
	json_t *rec;

	if (!line)
		return 0;
	memcpy(line, data, size);
	line[size] = 0;
	wf = nhi_usage_add_event_line(fast, line, size, NULL, NULL, &handled);
	if (handled) {
		rec = nhi_json_parse_record(line, size, &why);
		if (!rec)
			__builtin_trap();
		ws = nhi_usage_add_event(slow, rec, NULL, NULL);
		json_decref(rec);
		if (!wf != !ws || (wf && strcmp(wf, ws)))
			__builtin_trap();
		dump(fast, &a);
		dump(slow, &b);
		if (strcmp(a.buf, b.buf))
			__builtin_trap();
	}
	nhi_buf_release(&a);
	nhi_buf_release(&b);
	nhi_usage_free(fast);
	nhi_usage_free(slow);
	free(line);
	return 0;
}
