#include "compat.h"

#include <string.h>

#include "record.h"
#include "timefmt.h"
#include "banned.h"

json_t *nhi_record_new(const char *kind)
{
	json_t *o = json_object();

	json_object_set_new(o, "kind", json_string(kind));
	return o;
}

void nhi_set_str(json_t *o, const char *key, const char *value)
{
	json_t *v;

	if (!value)
		return;
	/* Input text may hold invalid UTF-8; keep the record writable. */
	v = json_string(value);
	if (!v)
		v = json_string("\xef\xbf\xbd");
	json_object_set_new(o, key, v);
}

void nhi_set_strn(json_t *o, const char *key, const char *value, size_t n)
{
	json_t *v;

	if (!value)
		return;
	v = json_stringn(value, n);
	if (!v)
		v = json_string("\xef\xbf\xbd");
	json_object_set_new(o, key, v);
}

void nhi_set_int(json_t *o, const char *key, long long value)
{
	json_object_set_new(o, key, json_integer(value));
}

void nhi_set_bool(json_t *o, const char *key, int value)
{
	json_object_set_new(o, key, json_boolean(value));
}

void nhi_set_time(json_t *o, const char *key, int64_t t)
{
	char buf[NHI_TIME_BUFSZ];

	if (t > 0)
		nhi_set_str(o, key, nhi_time_format(t, buf));
}

void nhi_set_source(json_t *o, const char *collector, const char *file,
		    unsigned long line, const char *pointer)
{
	json_t *s = json_object();

	nhi_set_str(s, "collector", collector);
	nhi_set_str(s, "file", file);
	if (line)
		nhi_set_int(s, "line", (long long)line);
	nhi_set_str(s, "pointer", pointer);
	json_object_set_new(o, "source", s);
}

const char *nhi_get_str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

json_t *nhi_get_path(const json_t *o, const char *path)
{
	char key[256];
	const char *dot;
	json_t *v = (json_t *)o;

	while (v && *path) {
		size_t n;

		dot = strchr(path, '.');
		n = dot ? (size_t)(dot - path) : strlen(path);
		if (n >= sizeof(key))
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		v = json_object_get(v, key);
		path += n + (dot ? 1 : 0);
	}
	return v;
}

const char *nhi_get_path_str(const json_t *o, const char *path)
{
	return json_string_value(nhi_get_path(o, path));
}

int64_t nhi_get_time(const json_t *o, const char *key)
{
	int64_t t;
	json_t *v = json_object_get(o, key);

	if (json_is_integer(v))
		return (int64_t)json_integer_value(v);
	if (nhi_time_parse(json_string_value(v), &t) == NHI_TIME_SET ||
	    nhi_time_parse(json_string_value(v), &t) == NHI_TIME_NEVER)
		return t;
	return 0;
}

int nhi_kind_is(const json_t *o, const char *kind)
{
	const char *k = nhi_get_str(o, "kind");

	return k && !strcmp(k, kind);
}
