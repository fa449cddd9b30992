/* Fuzz target: one NDJSON line through the record parser and the writer. */
#include "compat.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "ndjson.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	const char *why;
	json_t *rec = nhi_json_parse_record((const char *)data, size, &why);

	if (rec) {
		struct nhi_buf b = NHI_BUF_INIT;

		nhi_json_dump(rec, &b);
		nhi_buf_release(&b);
		json_decref(rec);
	} else if (!why || !*why) {
		__builtin_trap();
	}
	return 0;
}
