/* manifests.c: which files of a folder the manifest sources (k8s,
 * backstage) read. */
#include "compat.h"

#include <string.h>
#include <sys/stat.h>

#include "collect.h"
#include "banned.h"

static int is_manifest(const char *path)
{
	static const char *const manifest[] = { ".yaml", ".yml", ".json", NULL };

	return collect_has_suffix(path, manifest);
}

void collect_manifests(int nfiles, char **files, collect_fn *fn, void *ctx)
{
	struct stat st;

	if (nfiles <= 0) {
		collect_each_file(0, files, NULL, fn, ctx);
		return;
	}
	for (int i = 0; i < nfiles; i++) {
		/* A file named is read whatever its name; a folder, for manifests. */
		int dir = strcmp(files[i], "-") && stat(files[i], &st) == 0 && S_ISDIR(st.st_mode);

		collect_each_file(1, files + i, dir ? is_manifest : NULL, fn, ctx);
	}
}
