#include "compat.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "buf.h"
#include "xalloc.h"
#include "yamldoc.h"
#include "banned.h"

struct anchor {
	char *name;
	json_t *value;
};

struct loader {
	yaml_parser_t parser;
	struct anchor *anchors;
	size_t nanchors, anchors_alloc;
	size_t nodes;
	json_t *lines;
	struct nhi_buf ptr;
	struct nhi_yaml_error *err;
};

static void fail(struct loader *l, unsigned long line, unsigned long col,
		 const char *fmt, const char *arg)
{
	l->err->line = line;
	l->err->column = col;
	snprintf(l->err->text, sizeof(l->err->text), fmt, arg ? arg : "");
}

static int next_event(struct loader *l, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&l->parser, ev)) {
		const char *p = l->parser.problem ? l->parser.problem : "parse error";

		fail(l, l->parser.problem_mark.line + 1,
		     l->parser.problem_mark.column + 1, "%s", p);
		if (l->parser.context) {
			size_t n = strlen(l->err->text);

			snprintf(l->err->text + n, sizeof(l->err->text) - n,
				 " %s", l->parser.context);
		}
		return 0;
	}
	return 1;
}

static int plain_is(const char *s, const char *const words[])
{
	for (; *words; words++)
		if (!strcmp(s, *words))
			return 1;
	return 0;
}

static json_t *scalar(const yaml_event_t *ev)
{
	static const char *const nulls[] = { "", "~", "null", "Null", "NULL", NULL };
	static const char *const trues[] = { "true", "True", "TRUE", NULL };
	static const char *const falses[] = { "false", "False", "FALSE", NULL };
	const char *s = (const char *)ev->data.scalar.value;
	size_t n = ev->data.scalar.length;
	char *end;
	json_t *v;

	if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	    !ev->data.scalar.tag && strlen(s) == n) {
		if (plain_is(s, nulls))
			return json_null();
		if (plain_is(s, trues))
			return json_true();
		if (plain_is(s, falses))
			return json_false();
		if (n && (isdigit((unsigned char)s[0]) ||
			  ((s[0] == '-' || s[0] == '+') && n > 1 &&
			   isdigit((unsigned char)s[1])))) {
			long long i;
			double d;

			errno = 0;
			i = strtoll(s, &end, 10);
			/* Leading zeros (ids, octal-looking) stay strings. */
			if (!*end && !errno && !(s[0] == '0' && n > 1))
				return json_integer(i);
			d = strtod(s, &end);
			/* 0.1 is a number; 0123.4 is not YAML's idea of one. */
			if (!*end && !errno && strchr(s, '.') &&
			    (s[0] != '0' || s[1] == '.'))
				return json_real(d);
		}
	}
	v = json_stringn(s, n);
	return v ? v : json_string("\xef\xbf\xbd");
}

static void add_anchor(struct loader *l, const yaml_char_t *name, json_t *v)
{
	if (!name)
		return;
	if (l->nanchors == l->anchors_alloc) {
		l->anchors_alloc = l->anchors_alloc ? 2 * l->anchors_alloc : 16;
		l->anchors = xreallocarray(l->anchors, l->anchors_alloc,
					   sizeof(*l->anchors));
	}
	l->anchors[l->nanchors].name = xstrdup((const char *)name);
	l->anchors[l->nanchors].value = json_incref(v);
	l->nanchors++;
}

static json_t *find_anchor(struct loader *l, const char *name)
{
	for (size_t i = l->nanchors; i-- > 0;)
		if (!strcmp(l->anchors[i].name, name))
			return l->anchors[i].value;
	return NULL;
}

/* count_nodes: how many nodes an alias expands to, for the node budget. */
static size_t count_nodes(const json_t *v)
{
	size_t n = 1, i;
	const char *k;
	json_t *c;

	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, k, c)
			n += count_nodes(c);
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, c)
			n += count_nodes(c);
	}
	return n;
}

static void note_line(struct loader *l, const yaml_mark_t *m)
{
	json_t *pos;

	/* A mapping's keys are read at the mapping's own pointer: the first
	 * mark there, the mapping's start, is the one to keep. */
	if (!l->lines || json_object_get(l->lines, l->ptr.buf))
		return;
	pos = json_pack("[II]", (json_int_t)m->line + 1, (json_int_t)m->column + 1);
	json_object_set_new(l->lines, l->ptr.buf, pos);
}

static void ptr_push(struct nhi_buf *p, const char *seg)
{
	nhi_buf_addch(p, '/');
	for (; *seg; seg++) {
		if (*seg == '~')
			nhi_buf_adds(p, "~0");
		else if (*seg == '/')
			nhi_buf_adds(p, "~1");
		else
			nhi_buf_addch(p, *seg);
	}
}

static json_t *node(struct loader *l, yaml_event_t *ev, int depth);

static json_t *node_from_next(struct loader *l, int depth, int *end)
{
	yaml_event_t ev;
	json_t *v;

	if (!next_event(l, &ev))
		return NULL;
	if (ev.type == YAML_SEQUENCE_END_EVENT || ev.type == YAML_MAPPING_END_EVENT) {
		*end = 1;
		yaml_event_delete(&ev);
		return NULL;
	}
	v = node(l, &ev, depth);
	yaml_event_delete(&ev);
	return v;
}

static json_t *key_string(json_t *k)
{
	char buf[64];

	if (json_is_string(k))
		return json_incref(k);
	if (json_is_integer(k))
		snprintf(buf, sizeof(buf), "%lld", (long long)json_integer_value(k));
	else if (json_is_true(k))
		snprintf(buf, sizeof(buf), "true");
	else if (json_is_false(k))
		snprintf(buf, sizeof(buf), "false");
	else if (json_is_null(k))
		snprintf(buf, sizeof(buf), "null");
	else if (json_is_real(k))
		snprintf(buf, sizeof(buf), "%g", json_real_value(k));
	else
		return NULL;
	return json_string(buf);
}

static json_t *node(struct loader *l, yaml_event_t *ev, int depth)
{
	json_t *v = NULL, *c;
	int end = 0;
	size_t mark = l->ptr.len, idx = 0;

	if (depth > NHI_YAML_MAX_DEPTH) {
		fail(l, ev->start_mark.line + 1, ev->start_mark.column + 1,
		     "nesting deeper than 256%s", NULL);
		return NULL;
	}
	if (++l->nodes > NHI_YAML_MAX_NODES) {
		fail(l, ev->start_mark.line + 1, ev->start_mark.column + 1,
		     "more than 1000000 nodes (alias expansion?)%s", NULL);
		return NULL;
	}
	note_line(l, &ev->start_mark);
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		v = scalar(ev);
		add_anchor(l, ev->data.scalar.anchor, v);
		return v;
	case YAML_ALIAS_EVENT:
		v = find_anchor(l, (const char *)ev->data.alias.anchor);
		if (!v) {
			fail(l, ev->start_mark.line + 1, ev->start_mark.column + 1,
			     "unknown alias '%s'", (const char *)ev->data.alias.anchor);
			return NULL;
		}
		l->nodes += count_nodes(v);
		if (l->nodes > NHI_YAML_MAX_NODES) {
			fail(l, ev->start_mark.line + 1, ev->start_mark.column + 1,
			     "more than 1000000 nodes (alias expansion?)%s", NULL);
			return NULL;
		}
		/* A deep copy, so that later merges do not alter the anchor. */
		return json_deep_copy(v);
	case YAML_SEQUENCE_START_EVENT:
		v = json_array();
		for (;;) {
			char seg[32];

			snprintf(seg, sizeof(seg), "%zu", idx++);
			ptr_push(&l->ptr, seg);
			c = node_from_next(l, depth + 1, &end);
			nhi_buf_setlen(&l->ptr, mark);
			if (!c)
				break;
			json_array_append_new(v, c);
		}
		if (!end) {
			json_decref(v);
			return NULL;
		}
		add_anchor(l, ev->data.sequence_start.anchor, v);
		return v;
	case YAML_MAPPING_START_EVENT:
		v = json_object();
		for (;;) {
			json_t *k = node_from_next(l, depth + 1, &end), *ks;

			if (!k)
				break;
			ks = key_string(k);
			json_decref(k);
			if (!ks) {
				fail(l, ev->start_mark.line + 1, ev->start_mark.column + 1,
				     "a mapping key is not a scalar%s", NULL);
				json_decref(v);
				return NULL;
			}
			ptr_push(&l->ptr, json_string_value(ks));
			c = node_from_next(l, depth + 1, &end);
			nhi_buf_setlen(&l->ptr, mark);
			if (!c) {
				json_decref(ks);
				json_decref(v);
				return NULL;
			}
			/* "<<: *base" merges the anchored mapping in. */
			if (!strcmp(json_string_value(ks), "<<") && json_is_object(c)) {
				json_object_update_missing(v, c);
				json_decref(c);
			} else {
				json_object_set_new(v, json_string_value(ks), c);
			}
			json_decref(ks);
		}
		if (!end) {
			json_decref(v);
			return NULL;
		}
		add_anchor(l, ev->data.mapping_start.anchor, v);
		return v;
	default:
		fail(l, ev->start_mark.line + 1, ev->start_mark.column + 1,
		     "unexpected YAML event%s", NULL);
		return NULL;
	}
}

json_t *nhi_yaml_load(const char *buf, size_t len, json_t **lines,
		      struct nhi_yaml_error *err)
{
	struct loader l;
	yaml_event_t ev;
	json_t *docs = json_array();
	int ok = 1;
	size_t ndoc = 0;

	memset(&l, 0, sizeof(l));
	memset(err, 0, sizeof(*err));
	l.err = err;
	nhi_buf_init(&l.ptr);
	if (lines)
		l.lines = *lines = json_object();
	yaml_parser_initialize(&l.parser);
	yaml_parser_set_input_string(&l.parser, (const unsigned char *)buf, len);
	while (ok) {
		if (!next_event(&l, &ev)) {
			ok = 0;
			break;
		}
		if (ev.type == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		if (ev.type == YAML_DOCUMENT_START_EVENT) {
			yaml_event_t root;
			json_t *v;
			char seg[32];

			yaml_event_delete(&ev);
			if (!next_event(&l, &root)) {
				ok = 0;
				break;
			}
			nhi_buf_reset(&l.ptr);
			/* The node budget is per document: a long kubectl -o yaml
			 * stream is many documents, a bomb is one. */
			l.nodes = 0;
			snprintf(seg, sizeof(seg), "%zu", ndoc++);
			ptr_push(&l.ptr, seg);
			if (root.type == YAML_DOCUMENT_END_EVENT) {
				json_array_append_new(docs, json_null());
				yaml_event_delete(&root);
				continue;
			}
			v = node(&l, &root, 0);
			yaml_event_delete(&root);
			if (!v) {
				ok = 0;
				break;
			}
			json_array_append_new(docs, v);
			/* Anchors are local to their document. */
			for (size_t i = 0; i < l.nanchors; i++) {
				free(l.anchors[i].name);
				json_decref(l.anchors[i].value);
			}
			l.nanchors = 0;
			continue;
		}
		yaml_event_delete(&ev);
	}
	for (size_t i = 0; i < l.nanchors; i++) {
		free(l.anchors[i].name);
		json_decref(l.anchors[i].value);
	}
	free(l.anchors);
	nhi_buf_release(&l.ptr);
	yaml_parser_delete(&l.parser);
	if (!ok) {
		json_decref(docs);
		if (lines) {
			json_decref(*lines);
			*lines = NULL;
		}
		return NULL;
	}
	return docs;
}
