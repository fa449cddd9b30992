/* Fuzz target: jsonspan against jansson.  On any input the scan stays in
 * bounds; when jansson reads the input as an object (no repeated key, not
 * nested past NHI_MAX_DEPTH, no NUL byte), the scan finds every member, each key decodes
 * to jansson's key and each value's span parses to jansson's value, and an
 * array member's elements likewise. */
#include "compat.h"

#include <jansson.h>
#include <string.h>

#include "buf.h"
#include "jsonspan.h"
#include "ndjson.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static int depth(const json_t *v)
{
	const char *k;
	json_t *e;
	size_t i;
	int d = 0, x;

	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, k, e)
			if ((x = depth(e)) > d)
				d = x;
		return d + 1;
	}
	if (json_is_array(v)) {
		json_array_foreach(v, i, e)
			if ((x = depth(e)) > d)
				d = x;
		return d + 1;
	}
	return 0;
}

static void same(const struct nhi_jspan *s, const json_t *want)
{
	json_t *got = json_loadb(s->p, s->n, JSON_DECODE_ANY, NULL);

	if (!got || !json_equal(got, want))
		__builtin_trap();
	json_decref(got);
}

static void elements(const struct nhi_jspan *s, const json_t *want)
{
	struct nhi_jspan_iter it;
	struct nhi_jspan v;
	size_t n = 0;
	int r;

	if (!nhi_jspan_elements(&it, s->p, s->n))
		__builtin_trap();
	while ((r = nhi_jspan_next_element(&it, &v)) == 1)
		same(&v, json_array_get(want, n++));
	if (r != 0 || n != json_array_size(want))
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	const char *text = (const char *)data;
	struct nhi_buf key = NHI_BUF_INIT;
	struct nhi_jspan_iter it;
	struct nhi_jspan k, v;
	json_t *obj = json_loadb(text, size, JSON_REJECT_DUPLICATES, NULL);
	size_t n = 0;
	/* (jansson stops at a NUL byte; the reader refuses lines with one) */
	int r = 0, whole = json_is_object(obj) && depth(obj) <= NHI_MAX_DEPTH &&
			   !memchr(text, '\0', size);

	(void)nhi_jspan_get(text, size, "reach.paths", &v);
	if (nhi_jspan_members(&it, text, size)) {
		while ((r = nhi_jspan_next_member(&it, &k, &v)) == 1) {
			struct nhi_jspan quoted = { k.p - 1, k.n + 2 };
			json_t *want;

			n++;
			if (!whole)
				continue;
			nhi_buf_reset(&key);
			if (nhi_jspan_string(&quoted, &key) ||
			    !(want = json_object_get(obj, key.buf)) ||
			    !nhi_jspan_key_is(&k, key.buf))
				__builtin_trap();
			same(&v, want);
			if (json_is_array(want))
				elements(&v, want);
		}
	} else if (whole) {
		__builtin_trap();
	}
	if (whole && (r != 0 || n != json_object_size(obj)))
		__builtin_trap();
	nhi_buf_release(&key);
	json_decref(obj);
	return 0;
}
