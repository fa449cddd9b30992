/* sighting.h: sighting records from scanner hits, shared by the secrets,
 * gha and mcp sources. */
#ifndef NHI_COLLECT_SIGHTING_H
#define NHI_COLLECT_SIGHTING_H

#include <jansson.h>

#include "scan.h"

/* sighting_scanner: the scanner, loaded on first use; a missing or bad
 * credential-formats.tsv stops the program (status 4). */
struct nhi_scanner *sighting_scanner(void);

/* sighting_new: {"kind":"sighting","rule",..,"location":{"type":loctype,
 * "path","line","column"},"source"} (new reference); the caller may add
 * location fields (repo, commit, author, time, host, object). */
json_t *sighting_new(const struct nhi_scan_hit *h, const char *collector,
		     const char *loctype, const char *path);

/* sighting_location: the "location" object of a sighting (borrowed). */
json_t *sighting_location(json_t *sighting);

/* sighting_line_of: the 1-based line and column of offset off in buf. */
void sighting_line_of(const char *buf, size_t off, unsigned long *line,
		      unsigned long *column);

/* A credential's nature, from the names around it. */
struct collect_cls {
	const char *type;     /* credential_type */
	const char *provider; /* NULL: unknown */
	const char *migr;     /* migratable_to, NULL: none known */
	int stat;             /* 1 static, 0 not, -1 unknown, -2 not a credential */
};

/* collect_classify: what a secret wired as name (an environment variable,
 * an input, a flag) from secret (its name in a secret store, or NULL) is.
 * Account ids, role ARNs, regions and user names are identifiers. */
struct collect_cls collect_classify(const char *name, const char *secret);

/* collect_strict_check: with --strict, stop once an input was rejected. */
void collect_strict_check(void);

#endif
