/* cloudtrail-fast: the CloudTrail scanner (lib/ctscan.c) against jansson.
 * Whatever the scanner accepts, jansson must accept too, and the fields
 * the scanner picked must be the ones nhi_ctscan_from_json() picks from
 * jansson's parse; the same for nhi_ctscan_skip(). tests/unit/ctscan.c
 * runs ctscan_agree() over tricky cases and every seed. */
#include "compat.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ctscan.h"

static int same(const struct nhi_ct_str *a, const struct nhi_ct_str *b)
{
	if (!a->p || !b->p)
		return !a->p && !b->p;
	return a->n == b->n && !memcmp(a->p, b->p, a->n);
}

/* ctscan_agree: 1 when the scanner and jansson agree on data. */
static int ctscan_agree(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1);
	struct nhi_ct_event fast, ref;
	size_t end;
	long skip;
	int ok = 1;

	if (!buf)
		return 1;
	memcpy(buf, data, size);
	buf[size] = '\0';
	if (nhi_ctscan_event(buf, size, &fast, &end) == NHI_CTSCAN_OK) {
		json_t *o = json_loadb(buf, end, 0, NULL);

		if (!json_is_object(o)) {
			ok = 0;
		} else {
			nhi_ctscan_from_json(o, &ref);
			for (int f = 0; f < NHI_CT_NFIELDS; f++)
				ok &= same(&fast.f[f], &ref.f[f]);
			ok &= fast.nres == ref.nres;
			for (size_t i = 0; ok && i < fast.nres; i++)
				ok &= same(&fast.res[i], &ref.res[i]);
		}
		json_decref(o);
	}
	skip = nhi_ctscan_skip(buf, size, 0);
	if (skip >= 0) {
		json_t *v = json_loadb(buf, (size_t)skip, JSON_DECODE_ANY, NULL);

		ok &= v != NULL;
		json_decref(v);
	}
	free(buf);
	return ok;
}

#ifndef CTSCAN_NO_FUZZ_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!ctscan_agree(data, size))
		abort();
	return 0;
}
#endif
