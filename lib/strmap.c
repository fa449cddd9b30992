/* strmap.c: open addressing with linear probing, FNV-1a hashes, kept at most
 * half full. */
#include "compat.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"
#include "xalloc.h"
#include "banned.h"

/* hash: eight bytes a step, multiplied and folded (keys are long ARNs, a
 * byte at a time was a tenth of the time of an aggregation). */
static uint64_t hash(const char *s, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ull ^ n, w;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdull;
		h ^= h >> 32;
	}
	w = 0;
	memcpy(&w, s, n);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
	return h ^ (h >> 29);
}

static size_t find(const struct nhi_strmap_entry *slots, size_t cap,
		   const char *key, size_t len, uint64_t h)
{
	size_t i = (size_t)h & (cap - 1);

	while (slots[i].key && (slots[i].hash != h || slots[i].len != len ||
				memcmp(slots[i].key, key, len)))
		i = (i + 1) & (cap - 1);
	return i;
}

void *nhi_strmap_get(const struct nhi_strmap *m, const char *key, size_t len)
{
	size_t i;

	if (!m->cap)
		return NULL;
	i = find(m->slots, m->cap, key, len, hash(key, len));
	return m->slots[i].key ? m->slots[i].value : NULL;
}

static void grow(struct nhi_strmap *m)
{
	size_t cap = m->cap ? 2 * m->cap : 64;
	struct nhi_strmap_entry *slots = xcalloc(cap, sizeof(*slots));

	for (size_t i = 0; i < m->cap; i++)
		if (m->slots[i].key)
			slots[find(slots, cap, m->slots[i].key, m->slots[i].len,
				   m->slots[i].hash)] = m->slots[i];
	free(m->slots);
	m->slots = slots;
	m->cap = cap;
}

struct nhi_strmap_entry *nhi_strmap_slot(struct nhi_strmap *m, const char *key,
					 size_t len)
{
	size_t i;
	uint64_t h = hash(key, len);

	if (2 * (m->size + 1) > m->cap)
		grow(m);
	i = find(m->slots, m->cap, key, len, h);
	if (!m->slots[i].key) {
		m->slots[i].key = xmemdupz(key, len);
		m->slots[i].len = len;
		m->slots[i].hash = h;
		m->slots[i].value = NULL;
		m->size++;
	}
	return &m->slots[i];
}

void nhi_strmap_clear(struct nhi_strmap *m, void (*free_value)(void *))
{
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->slots[i].key)
			continue;
		if (free_value)
			free_value(m->slots[i].value);
		free(m->slots[i].key);
	}
	free(m->slots);
	m->slots = NULL;
	m->cap = m->size = 0;
}
