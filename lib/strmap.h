/* strmap.h: a hash map from byte strings (with lengths) to pointers, for the
 * lookups that run once per event.  Keys are copied; values are the
 * caller's. Iteration order is the hash order: sort before writing output. */
#ifndef NHI_STRMAP_H
#define NHI_STRMAP_H

#include <stddef.h>

struct nhi_strmap_entry {
	char *key; /* NUL-terminated copy */
	size_t len;
	unsigned long long hash; /* compared before the key */
	void *value;
};

struct nhi_strmap {
	struct nhi_strmap_entry *slots;
	size_t cap;  /* a power of two, or 0 */
	size_t size;
};

#define NHI_STRMAP_INIT { NULL, 0, 0 }

/* nhi_strmap_get: the value stored under key, or NULL. */
void *nhi_strmap_get(const struct nhi_strmap *m, const char *key, size_t len);
/* nhi_strmap_slot: the entry for key, added with a NULL value when absent. */
struct nhi_strmap_entry *nhi_strmap_slot(struct nhi_strmap *m, const char *key,
					 size_t len);
/* nhi_strmap_clear: free the keys and the table (not the values; call
 * free_value on each first when it is not NULL). */
void nhi_strmap_clear(struct nhi_strmap *m, void (*free_value)(void *));

#endif
