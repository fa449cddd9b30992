/* jsonspan.h: the raw text of the members of a JSON object, found without
 * parsing it.  For reading a few members of a big record line: find their
 * spans here, then parse only those (json_loadb with JSON_DECODE_ANY).
 * Nothing is allocated; spans point into the caller's text.
 *
 * The scan checks the structure (brackets, strings, commas, colons, the
 * literals, the number syntax; nesting at most NHI_MAX_DEPTH) but not what
 * only a parse sees inside strings (escapes, UTF-8, control characters):
 * parse the spans you use.  A key is compared as JSON decodes it, so
 * "\u0069d" is "id".  With a key twice, the last one wins, as in jansson. */
#ifndef NHI_JSONSPAN_H
#define NHI_JSONSPAN_H

#include <stddef.h>

struct nhi_buf;

struct nhi_jspan {
	const char *p; /* the value's first byte ('{', '"', 't', ...) */
	size_t n;      /* its length, through its last byte */
};

/* An iteration over an object's members or an array's elements. */
struct nhi_jspan_iter {
	const char *p, *end;
	int first, done;
};

/* nhi_jspan_members: start on the object that is text (whitespace around
 * it allowed); 0 when text does not start as an object. */
int nhi_jspan_members(struct nhi_jspan_iter *it, const char *text, size_t len);
/* nhi_jspan_next_member: 1 with the next member's key (its text inside the
 * quotes, escapes as written) and value; 0 after the last one, when the
 * object is well formed to the end of text; -1 when it is not. */
int nhi_jspan_next_member(struct nhi_jspan_iter *it, struct nhi_jspan *key,
			  struct nhi_jspan *value);
/* nhi_jspan_elements, nhi_jspan_next_element: the same over an array. */
int nhi_jspan_elements(struct nhi_jspan_iter *it, const char *text, size_t len);
int nhi_jspan_next_element(struct nhi_jspan_iter *it, struct nhi_jspan *value);

/* nhi_jspan_key_is: whether a key (as nhi_jspan_next_member gives it)
 * decodes to name. */
int nhi_jspan_key_is(const struct nhi_jspan *key, const char *name);
/* nhi_jspan_key_eq: the same for the n bytes at name. */
int nhi_jspan_key_eq(const struct nhi_jspan *key, const char *name, size_t n);
/* nhi_jspan_get: the value of the member name of the object text: 1 found,
 * 0 absent, -1 not a well-formed object.  A dotted name ("reach.paths")
 * looks into nested objects, one key per part (absent where a part is not
 * an object). */
int nhi_jspan_get(const char *text, size_t len, const char *name,
		  struct nhi_jspan *value);
/* nhi_jspan_string: the string value s decoded, appended to out; 0, or -1
 * when s is not a string or an escape in it is bad (out then undefined). */
int nhi_jspan_string(const struct nhi_jspan *s, struct nhi_buf *out);

/* nhi_jspan_canonical: whether text is one JSON value written exactly as
 * nhi_json_dump writes its parse (compact, keys in order, none twice), so
 * it may be copied instead of parsed and written again.  Conservative: it
 * says no to anything with whitespace, an escape, a byte outside printable
 * ASCII, a real number, an integer of more than 18 digits, more than 64
 * keys in an object, or nesting deeper than 32. */
int nhi_jspan_canonical(const char *text, size_t len);

#endif
