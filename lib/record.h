/* record.h: building and reading records (jansson objects).
 * Setters take borrowed C strings and skip NULL values, so optional fields
 * are simply left out; getters return NULL for absent or mistyped fields. */
#ifndef NHI_RECORD_H
#define NHI_RECORD_H

#include <jansson.h>
#include <stdint.h>

/* nhi_record_new: {"kind":kind} (new reference). */
json_t *nhi_record_new(const char *kind);
void nhi_set_str(json_t *o, const char *key, const char *value);
void nhi_set_strn(json_t *o, const char *key, const char *value, size_t n);
void nhi_set_int(json_t *o, const char *key, long long value);
void nhi_set_bool(json_t *o, const char *key, int value);
/* nhi_set_time: an RFC 3339 string; nothing for 0 or a negative time. */
void nhi_set_time(json_t *o, const char *key, int64_t t);
/* nhi_set_source: "source":{"collector":..,"file":..,"line":N} (line 0 left
 * out) or with a JSON pointer instead of a line. */
void nhi_set_source(json_t *o, const char *collector, const char *file,
		    unsigned long line, const char *pointer);

const char *nhi_get_str(const json_t *o, const char *key);
/* nhi_get_path: the value at "a.b.c" (object keys only), or NULL. */
json_t *nhi_get_path(const json_t *o, const char *path);
const char *nhi_get_path_str(const json_t *o, const char *path);
/* nhi_get_time: the field parsed as a time; 0 when absent or not a time. */
int64_t nhi_get_time(const json_t *o, const char *key);
/* nhi_kind_is: whether o's kind is kind. */
int nhi_kind_is(const json_t *o, const char *kind);

#endif
