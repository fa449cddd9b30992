/* sighting.c: scanner hits as sighting records. */
#include "compat.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "record.h"
#include "sighting.h"
#include "banned.h"

static struct nhi_scanner *scanner;

static void free_scanner(void)
{
	nhi_scan_free(scanner);
	scanner = NULL;
}

struct nhi_scanner *sighting_scanner(void)
{
	const char *why = NULL;

	if (scanner)
		return scanner;
	scanner = nhi_scan_load(NULL, &why);
	if (!scanner)
		nhi_die(NHI_EXIT_SYSTEM, "%s", why);
	atexit(free_scanner);
	return scanner;
}

json_t *sighting_new(const struct nhi_scan_hit *h, const char *collector,
		     const char *loctype, const char *path)
{
	json_t *rec = nhi_record_new("sighting"), *loc = json_object();

	nhi_set_str(rec, "rule", h->rule);
	nhi_set_str(rec, "key_id", h->key_id);
	if (h->fingerprint[0])
		nhi_set_str(rec, "fingerprint", h->fingerprint);
	nhi_set_str(rec, "provider", h->provider);
	nhi_set_str(rec, "type", h->type);
	nhi_set_str(rec, "confidence", h->confidence);
	nhi_set_str(loc, "type", loctype);
	nhi_set_str(loc, "path", path);
	if (h->line)
		nhi_set_int(loc, "line", (long long)h->line);
	if (h->column)
		nhi_set_int(loc, "column", (long long)h->column);
	json_object_set_new(rec, "location", loc);
	nhi_set_source(rec, collector, path, h->line, NULL);
	return rec;
}

json_t *sighting_location(json_t *sighting)
{
	return json_object_get(sighting, "location");
}

void sighting_line_of(const char *buf, size_t off, unsigned long *line,
		      unsigned long *column)
{
	unsigned long l = 1;
	size_t start = 0;

	for (size_t i = 0; i < off; i++)
		if (buf[i] == '\n') {
			l++;
			start = i + 1;
		}
	*line = l;
	*column = (unsigned long)(off - start) + 1;
}
