#include "compat.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "buf.h"
#include "input.h"
#include "secretenv.h"
#include "xalloc.h"
#include "banned.h"

char *nhi_secret_env(const char *name)
{
	struct nhi_buf b = NHI_BUF_INIT;
	const char *v = getenv(name), *file;
	char fname[128];

	if (v && *v)
		return xstrdup(v);
	snprintf(fname, sizeof(fname), "%s_FILE", name);
	file = getenv(fname);
	if (!file || nhi_input_slurp(file, 65536, &b)) {
		nhi_buf_release(&b);
		return NULL;
	}
	while (b.len && isspace((unsigned char)b.buf[b.len - 1]))
		nhi_buf_setlen(&b, b.len - 1);
	return nhi_buf_detach(&b, NULL);
}

void nhi_secret_free(char *secret)
{
	if (secret) {
		OPENSSL_cleanse(secret, strlen(secret));
		free(secret);
	}
}
