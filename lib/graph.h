/* graph.h: a string index and a directed graph over its entries, for
 * merging records that name the same identity and following chains.
 *
 * struct nhi_index maps strings (copied) to dense numbers 0..n-1 in the
 * order they were first added; nhi_index_free releases it.
 * struct nhi_graph holds labelled edges between such numbers; the label is
 * the caller's (an index into its own table). */
#ifndef NHI_GRAPH_H
#define NHI_GRAPH_H

#include <stddef.h>
#include <stdint.h>

struct nhi_index;

struct nhi_index *nhi_index_new(void);
void nhi_index_free(struct nhi_index *ix);
/* nhi_index_get: the number of s, or -1. */
long nhi_index_get(const struct nhi_index *ix, const char *s);
/* nhi_index_put: the number of s, adding it when new (*added set to 1). */
long nhi_index_put(struct nhi_index *ix, const char *s, int *added);
/* nhi_index_alias: map s to a given value v (an alias); returns the old
 * value, or -1 when s was not there. Aliases do not count in size. */
long nhi_index_alias(struct nhi_index *ix, const char *s, long v);
/* nhi_index_name: the string first added with number i (borrowed). */
const char *nhi_index_name(const struct nhi_index *ix, long i);
size_t nhi_index_size(const struct nhi_index *ix);

struct nhi_edge {
	uint32_t from, to;
	uint32_t label;
};

struct nhi_graph;

struct nhi_graph *nhi_graph_new(void);
void nhi_graph_free(struct nhi_graph *g);
void nhi_graph_add(struct nhi_graph *g, uint32_t from, uint32_t to, uint32_t label);
/* nhi_graph_out: the edges leaving n, in the order they were added (valid
 * until the next nhi_graph_add). */
const struct nhi_edge *nhi_graph_out(struct nhi_graph *g, uint32_t n, size_t *count);

/* nhi_graph_walk: breadth first from start, at most maxdepth edges deep and
 * maxvisit nodes; fills visit[] with the nodes reached (start excluded) in
 * order and via[k] with the edge that first reached visit[k]. Returns the
 * count, at most maxvisit. Deterministic: edges are taken in added order. */
size_t nhi_graph_walk(struct nhi_graph *g, uint32_t start, unsigned maxdepth,
		      size_t maxvisit, uint32_t *visit, struct nhi_edge *via);

#endif
