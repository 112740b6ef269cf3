/*
 * udiff: a unified diff (the format of `diff -u`) of two texts, compared
 * line by line, for showing what a push would change.
 */
#ifndef SG_UDIFF_H
#define SG_UDIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "util/strbuf.h"

/*
 * Appends to out a unified diff of text a (alen bytes) against text b
 * (blen bytes): "--- a_label" and "+++ b_label" headers, then "@@" hunks
 * with context lines of context on each side (a negative context counts
 * as 0).  Hunk ranges are written the way GNU diff writes them ("-3" for
 * one line, "-4,0" for none, after line 4).  A last line without a newline
 * is treated as if it had one.  Lines are compared as bytes, so "\r" is
 * part of a line.
 *
 * When colour is true, removed lines are wrapped in "\033[31m" ...
 * "\033[0m", added lines in "\033[32m" and "@@" lines in "\033[36m"; the
 * newline stays outside the colour.
 *
 * The diff is minimal for ordinary inputs.  Work is capped, so inputs of
 * 100,000 lines that differ everywhere still finish quickly; past the cap
 * a hunk may show more lines removed and added than strictly necessary.
 *
 * Returns the number of removed plus added lines: 0 when the texts are
 * equal, in which case nothing is appended.  Appends follow strbuf rules
 * (check strbuf_error() for a size limit).
 */
size_t	udiff(strbuf_t *out, const char *a_label, const char *a, size_t alen,
	    const char *b_label, const char *b, size_t blen, int context,
	    bool colour);

#endif
