/* Fuzz target: arbitrary bytes as nhi.yaml, through the YAML reader and
 * the schema check. */
#include "compat.h"

#include "config.h"
#include "yamldoc.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct nhi_yaml_error err;
	json_t *lines = NULL, *docs;
	const char *where;

	docs = nhi_yaml_load((const char *)data, size, &lines, &err);
	if (docs) {
		(void)nhi_config_check(json_array_get(docs, 0), &where);
		json_decref(docs);
		json_decref(lines);
	}
	return 0;
}
