/* num.h: numbers and sizes from text, saying why a value was rejected. */
#ifndef NHI_NUM_H
#define NHI_NUM_H

#include <stdint.h>

/* nhi_parse_int: s as a decimal integer in [min, max]. Returns NULL on
 * success, else a reason ("not a number", "too large", "too small"). */
const char *nhi_parse_int(const char *s, long long min, long long max,
			  long long *out);
/* nhi_parse_size: "64M", "1G", "512k", "4096" (powers of 1024). */
const char *nhi_parse_size(const char *s, uint64_t *out);

#endif
