/* fuzz/gha.c: nhi-collect gha's reader on any bytes (libFuzzer), as a
 * GitHub workflow and as a GitLab CI file. */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>

#include "collect.h"
#include "diag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;

	if (!ready) {
		setenv("NHI_DATA_DIR", "data", 0);
		setenv("NHI_FINGERPRINT_KEY", "fuzz", 0);
		nhi_diag_init("fuzz-gha");
		/* records are not what is tested here */
		if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
			abort();
		ready = 1;
	}
	collect_gha_file("fuzz.yml", (const char *)data, size);
	collect_gha_file("fuzz/.gitlab-ci.yml", (const char *)data, size);
	return 0;
}
