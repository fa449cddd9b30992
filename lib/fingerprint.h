/* fingerprint.h: a keyed fingerprint of secret material, so the same secret
 * found in five places is one credential, without the secret leaving us.
 *
 * The key is $NHI_FINGERPRINT_KEY when set, else the contents of
 * $XDG_CONFIG_HOME/nhi/fingerprint.key (~/.config/nhi/...), created with 32
 * random bytes and mode 0600 on first use. A key file readable by others is
 * refused (status 4). */
#ifndef NHI_FINGERPRINT_H
#define NHI_FINGERPRINT_H

#include <stddef.h>

/* "hmac-sha256:" + 16 hex digits + NUL */
#define NHI_FINGERPRINT_BUFSZ 32

/* nhi_fingerprint: HMAC-SHA256 of the n bytes of secret, written to out. */
const char *nhi_fingerprint(const void *secret, size_t n,
			    char out[NHI_FINGERPRINT_BUFSZ]);

#endif
