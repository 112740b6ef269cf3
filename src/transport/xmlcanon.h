/*
 * xmlcanon: the canonical text of XML data that push diffs.  Each element
 * on its own line, indented two spaces a level; whitespace-only text
 * dropped; namespace declarations sorted by prefix, then attributes by
 * namespace and name; text escaped one way (&amp; &lt; &gt;, and in
 * attributes &quot; and character references for tab, newline and CR).
 * Two documents meaning the same data give the same text, so a line diff
 * of canonical forms is a diff of the data.
 */
#ifndef SG_XMLCANON_H
#define SG_XMLCANON_H

#include <libxml/tree.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/strbuf.h"

/* Appends element n (a document's root) in canonical form. */
void	xmlcanon_element(strbuf_t *out, const xmlNode *n);
/*
 * Appends element n of a larger document in canonical form, with the
 * declarations of the namespaces its subtree uses from above n, so the
 * text stands alone.
 */
void	xmlcanon_subtree(strbuf_t *out, const xmlNode *n);
/*
 * The common large reply without a tree: when xml (len bytes, at most max)
 * is an <rpc-reply> holding one <data> and nothing else, appends each
 * element in the <data> as xmlcanon_subtree() does and returns true; an
 * <ok/> alone appends nothing and returns true.  Anything else (an
 * <rpc-error>, comments, processing instructions or CDATA inside the data,
 * an attribute value with a reference, a raw CR anywhere, XML that is not
 * well-formed) leaves out as it was and returns false, and the caller
 * parses the tree, which gives the same text or the error.  After true,
 * out may have reached its limit (strbuf_error()).
 */
bool	xmlcanon_reply_data(const char *xml, size_t len, size_t max,
	    strbuf_t *out);

#endif
