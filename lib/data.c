#include "compat.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "data.h"
#include "banned.h"

#ifndef NHI_DATADIR
#define NHI_DATADIR "/usr/local/share/nhi"
#endif

static int found(char *buf, size_t n, const char *dir, const char *name)
{
	if ((size_t)snprintf(buf, n, "%s/%s", dir, name) >= n)
		return 0;
	return access(buf, R_OK) == 0;
}

const char *nhi_data_path(const char *name)
{
	static char path[PATH_MAX];
	char exe[PATH_MAX], *slash;
	const char *env = getenv("NHI_DATA_DIR");
	ssize_t n;

	if (env && *env && found(path, sizeof(path), env, name))
		return path;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 16);
	if (n > 0) {
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			slash = strrchr(exe, '/');
			if (slash) {
				memcpy(slash, "/data", 6);
				if (found(path, sizeof(path), exe, name))
					return path;
			}
		}
	}
	if (found(path, sizeof(path), NHI_DATADIR, name))
		return path;
	return NULL;
}
