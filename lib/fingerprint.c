#include "compat.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "buf.h"
#include "diag.h"
#include "fingerprint.h"
#include "banned.h"

static unsigned char key[256];
static size_t key_len;

static void key_path(struct nhi_buf *p)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	if (xdg && *xdg)
		nhi_buf_addf(p, "%s/nhi", xdg);
	else if (home && *home)
		nhi_buf_addf(p, "%s/.config/nhi", home);
	else
		nhi_die(NHI_EXIT_SYSTEM, "no fingerprint key: set NHI_FINGERPRINT_KEY, XDG_CONFIG_HOME or HOME");
}

static void make_dirs(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0700) && errno != EEXIST)
			nhi_die_errno(NHI_EXIT_SYSTEM, "%s", path);
		*p = '/';
	}
	if (mkdir(path, 0700) && errno != EEXIST)
		nhi_die_errno(NHI_EXIT_SYSTEM, "%s", path);
}

static void read_key_file(void)
{
	struct nhi_buf path = NHI_BUF_INIT;
	struct stat st;
	ssize_t n;
	int fd;

	key_path(&path);
	make_dirs(path.buf);
	nhi_buf_adds(&path, "/fingerprint.key");
	fd = open(path.buf, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0 && errno == ENOENT) {
		unsigned char raw[32];
		char hex[65];

		if (RAND_bytes(raw, sizeof(raw)) != 1)
			nhi_die(NHI_EXIT_SYSTEM, "cannot make a fingerprint key: no randomness");
		for (size_t i = 0; i < sizeof(raw); i++)
			snprintf(hex + 2 * i, 3, "%02x", raw[i]);
		OPENSSL_cleanse(raw, sizeof(raw));
		fd = open(path.buf, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd >= 0) {
			if (write(fd, hex, 64) != 64 || close(fd) != 0)
				nhi_die_errno(NHI_EXIT_SYSTEM, "%s", path.buf);
		} else if (errno != EEXIST) {
			nhi_die_errno(NHI_EXIT_SYSTEM, "%s", path.buf);
		}
		OPENSSL_cleanse(hex, sizeof(hex));
		fd = open(path.buf, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	}
	if (fd < 0)
		nhi_die_errno(NHI_EXIT_SYSTEM, "%s", path.buf);
	if (fstat(fd, &st) != 0)
		nhi_die_errno(NHI_EXIT_SYSTEM, "%s", path.buf);
	if (st.st_mode & 077)
		nhi_die(NHI_EXIT_SYSTEM, "%s: fingerprint key is readable by others (chmod 600 it)", path.buf);
	n = read(fd, key, sizeof(key));
	close(fd);
	if (n <= 0)
		nhi_die(NHI_EXIT_SYSTEM, "%s: empty fingerprint key", path.buf);
	key_len = (size_t)n;
	while (key_len && (key[key_len - 1] == '\n' || key[key_len - 1] == '\r'))
		key_len--;
	nhi_buf_release(&path);
}

static void load_key(void)
{
	const char *env = getenv("NHI_FINGERPRINT_KEY");

	if (key_len)
		return;
	if (env && *env) {
		key_len = strlen(env);
		if (key_len > sizeof(key))
			key_len = sizeof(key);
		memcpy(key, env, key_len);
		return;
	}
	read_key_file();
}

const char *nhi_fingerprint(const void *secret, size_t n,
			    char out[NHI_FINGERPRINT_BUFSZ])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	load_key();
	if (!HMAC(EVP_sha256(), key, (int)key_len, secret, n, md, &mdlen))
		nhi_die(NHI_EXIT_SYSTEM, "HMAC-SHA256 failed");
	memcpy(out, "hmac-sha256:", 12);
	for (int i = 0; i < 8; i++)
		snprintf(out + 12 + 2 * i, 3, "%02x", md[i]);
	OPENSSL_cleanse(md, sizeof(md));
	return out;
}
