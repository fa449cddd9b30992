/* yaml-k8s.c: libFuzzer target for the k8s source of nhi-collect: arbitrary
 * bytes as a kubectl -o yaml / -o json file, read, indexed and written out.
 * It must never crash, hang, leak or print a Secret's value. */
#include "compat.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* The source and what it needs from nhi-collect, built in. */
#include "../../cmd/nhi-collect/collect.c"
#include "../../cmd/nhi-collect/secretval.c"
#include "../../cmd/nhi-collect/sighting.c"
#include "../../cmd/nhi-collect/manifests.c"
#include "../../cmd/nhi-collect/k8s.c"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	nhi_diag_init("nhi-collect");
	setenv("NHI_FINGERPRINT_KEY", "fuzz", 1);
	/* Records are not what is tested here (messages stay: libFuzzer reports there). */
	if (!freopen("/dev/null", "w", stdout))
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	k8s_begin();
	read_file("fuzz.yaml", (const char *)data, size, NULL);
	k8s_end();
	collect_unknown_report();
	return 0;
}
