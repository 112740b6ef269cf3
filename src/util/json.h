/*
 * json: a small streaming JSON writer over a strbuf, for plan.json and
 * --json output.  It tracks nesting to place commas and indentation, and
 * escapes strings; the caller opens and closes containers in order.
 */
#ifndef SG_JSON_H
#define SG_JSON_H

#include <stdbool.h>
#include <stdint.h>

#include "util/strbuf.h"

#define JSON_MAX_DEPTH	16

typedef struct json {
	strbuf_t	*out;
	int		 depth;
	bool		 first[JSON_MAX_DEPTH];	/* no member written yet */
	bool		 inline_[JSON_MAX_DEPTH];	/* container on one line */
	bool		 after_key;
} json_t;

void	json_init(json_t *j, strbuf_t *out);
/* Containers; an inline one is written on a single line. */
void	json_begin_object(json_t *j, bool inline_);
void	json_end_object(json_t *j);
void	json_begin_array(json_t *j, bool inline_);
void	json_end_array(json_t *j);
void	json_key(json_t *j, const char *key);
void	json_string(json_t *j, const char *s);	/* NULL writes null */
void	json_uint(json_t *j, uint64_t n);
void	json_null(json_t *j);
void	json_bool(json_t *j, bool b);
/* Appends s as a quoted, escaped JSON string. */
void	json_quote(strbuf_t *out, const char *s);

#endif
