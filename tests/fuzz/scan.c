/* fuzz/scan.c: the secret scanner on any bytes (libFuzzer). Every hit
 * must lie inside the buffer and carry a rule. */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct nhi_scanner *scanner;

static void check(const struct nhi_scan_hit *h, void *ctx)
{
	size_t len = *(size_t *)ctx;

	if (!h->rule || h->offset > len || h->length > len - h->offset || !h->line)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!scanner) {
		const char *why;

		setenv("NHI_DATA_DIR", "data", 0);
		setenv("NHI_FINGERPRINT_KEY", "fuzz", 0);
		nhi_diag_init("fuzz-scan");
		scanner = nhi_scan_load(NULL, &why);
		if (!scanner) {
			fprintf(stderr, "%s\n", why);
			abort();
		}
	}
	nhi_scan_buffer(scanner, (const char *)data, size, check, &size);
	return 0;
}
