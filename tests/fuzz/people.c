/* Fuzz target: person and team records (one per line) into the org chart,
 * then every line's text looked up as a name and every person routed up
 * the manager chain: loops, gaps and odd names must end, never crash. */
#include "compat.h"

#include <string.h>

#include "buf.h"
#include "ndjson.h"
#include "people.h"
#include "record.h"
#include "xalloc.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct nhi_people *p = nhi_people_new();
	struct nhi_buf why = NHI_BUF_INIT;
	const char *s = (const char *)data, *end = s + size, *why_not;
	json_t *names = json_array();

	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
		json_t *rec = nhi_json_parse_record(s, n, &why_not);

		if (rec) {
			if (nhi_kind_is(rec, "team"))
				(void)nhi_people_add_team(p, rec);
			else
				(void)nhi_people_add_person(p, rec);
			json_decref(rec);
		}
		json_array_append_new(names, json_stringn_nocheck(s, n));
		s += n + 1;
	}
	nhi_people_settle(p);
	for (size_t i = 0; i < json_array_size(names); i++) {
		const char *name = json_string_value(json_array_get(names, i));
		const struct nhi_person *w;
		const struct nhi_team *t;

		if (strlen(name) != json_string_length(json_array_get(names, i)))
			continue; /* an embedded NUL: not a name */
		if ((w = nhi_people_find(p, name))) {
			nhi_buf_reset(&why);
			(void)nhi_people_route(p, w, 1700000000, &why);
		}
		if ((t = nhi_people_team(p, name))) {
			nhi_buf_reset(&why);
			(void)nhi_people_team_lead(p, t, 1700000000, &why);
		}
	}
	json_decref(names);
	nhi_buf_release(&why);
	nhi_people_free(p);
	return 0;
}
