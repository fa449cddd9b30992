/* usage.h: the usage table, observed calls aggregated per (identity,
 * action, resource, via).
 *
 * Merging is associative and commutative: count adds, first and last take
 * the extremes, and the set of days seen is kept as a bitmap ("daymap" in a
 * usage record), so K partial tables merged give the same bytes as one.
 * Strings are interned, so memory grows with the distinct triples only.
 * "via" is NULL for a call that was observed, else the action whose calls
 * may need this one (an event's "maybe" list). */
#ifndef NHI_USAGE_H
#define NHI_USAGE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* Calls are accepted from 1970 up to (not including) 2200-01-01, which
 * bounds a day set at 28 KiB whatever the input says. */
#define NHI_USAGE_TIME_MAX INT64_C(7258118400)

struct nhi_usage_entry {
	const char *identity, *action, *resource, *via; /* interned */
	uint64_t count;
	int64_t first, last;
	int32_t day0;      /* the day (since the epoch) bit 0 of days[] is */
	uint32_t nwords;   /* 64-day words in days[] */
	uint64_t *days;
};

struct nhi_usage;

struct nhi_usage *nhi_usage_new(void);
void nhi_usage_free(struct nhi_usage *u);
/* nhi_usage_intern: s as the table's one copy (borrowed, lives with u). */
const char *nhi_usage_intern(struct nhi_usage *u, const char *s);
/* nhi_usage_add: count calls at time t (0 when unknown). */
void nhi_usage_add(struct nhi_usage *u, const char *identity,
		   const char *action, const char *resource, const char *via,
		   int64_t t, uint64_t count);
/* nhi_usage_add_record: merge one usage record; NULL, or why it is not a
 * valid usage record. */
const char *nhi_usage_add_record(struct nhi_usage *u, const json_t *rec);
/* nhi_usage_add_event: the calls of one event record (each of "action"
 * and "actions" on each of "resource" and "resources", "*" when none; the
 * "maybe" actions as via entries); denied calls are left out.  keep, when
 * not NULL, decides from the identity and time whether the event counts.
 * Returns NULL, or why the record is not a valid event. */
const char *nhi_usage_add_event(struct nhi_usage *u, const json_t *rec,
				int (*keep)(const char *identity, int64_t t,
					    void *arg),
				void *arg);
/* nhi_usage_add_event_line: the same for an event line as collectors write
 * it (compact, "kind":"event" first, one "action" and at most one
 * "resource", plain ASCII strings without escapes), read without building
 * a JSON tree.  *handled is 0, and nothing is done, for any other line:
 * parse it and call nhi_usage_add_event.  Tested against it. */
const char *nhi_usage_add_event_line(struct nhi_usage *u, const char *data,
				     size_t len,
				     int (*keep)(const char *identity, int64_t t,
						 void *arg),
				     void *arg, int *handled);
size_t nhi_usage_count(const struct nhi_usage *u);
/* nhi_usage_sorted: every entry, sorted by identity, action, resource, via
 * (byte order); the array is the caller's to free, the entries are u's. */
struct nhi_usage_entry **nhi_usage_sorted(struct nhi_usage *u, size_t *n);
/* nhi_usage_days: the number of distinct days e was seen on. */
unsigned nhi_usage_days(const struct nhi_usage_entry *e);
/* nhi_usage_record: e as a usage record (new reference). */
json_t *nhi_usage_record(const struct nhi_usage_entry *e);

#endif
