/* yamldoc.h: YAML documents as jansson values, through libyaml's event parser.
 *
 * Mapping keys are always strings (so a workflow's "on:" stays "on"); plain
 * scalars become null (null, ~, empty), booleans (true/false in any case),
 * integers and reals when they look like them, else strings; quoted and
 * block scalars are always strings. Aliases are expanded, but at most
 * NHI_YAML_MAX_NODES nodes may be made per document, so an alias bomb is an error,
 * not a hang; nesting is limited to NHI_YAML_MAX_DEPTH. */
#ifndef NHI_YAMLDOC_H
#define NHI_YAMLDOC_H

#include <jansson.h>
#include <stddef.h>

#define NHI_YAML_MAX_NODES 1000000
#define NHI_YAML_MAX_DEPTH 256

struct nhi_yaml_error {
	unsigned long line, column; /* 1-based; 0 when unknown */
	char text[200];
};

/* nhi_yaml_load: every document of buf as a JSON array (new reference), or
 * NULL with err filled. When lines is not NULL, *lines becomes an object
 * mapping each node's JSON pointer within its document ("/0/spec/template")
 * to [line, column] of the node's start. */
json_t *nhi_yaml_load(const char *buf, size_t len, json_t **lines,
		      struct nhi_yaml_error *err);

#endif
