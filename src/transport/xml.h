/*
 * xml: parses one XML document safely (no network, no DTD, no entities, no
 * DOCTYPE, a size cap), for every libxml2 caller in spangen.  This header
 * hands out libxml2 documents, so only the modules that walk XML trees
 * include it.
 */
#ifndef SG_XML_H
#define SG_XML_H

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/sg_err.h"

/*
 * Parses xml (len bytes, at most max) into *out; free it with xmlFreeDoc().
 * what names the document in messages ("sw1: reply to get-config"); extra
 * adds libxml2 parser options (XML_PARSE_NOBLANKS, ...).  SG_ETOOBIG over
 * max, SG_EINVAL for a DOCTYPE, malformed XML or no root element, each
 * with the line and column libxml2 gives.
 */
int	xml_parse(xmlDocPtr *out, const char *what, const char *xml, size_t len,
	    size_t max, int extra, sg_err_t *err);

/*
 * Streams xml (len bytes, at most max) through the SAX2 callbacks of h
 * without building a tree, under the same guards as xml_parse(); the
 * DOCTYPE and error callbacks of h are replaced.  Each callback gets a
 * context for xml_stream_user() and xml_stream_stop().  true when the
 * document was well-formed (namespaces included) and nothing stopped the
 * parse; a false says nothing more, and xml_parse() of the same bytes
 * gives the message.
 */
bool	xml_stream(const char *xml, size_t len, size_t max,
	    const xmlSAXHandler *h, void *user);
/* The user pointer given to xml_stream(), from a callback's context. */
void	*xml_stream_user(void *ctx);
/* Ends the parse from a callback: xml_stream() returns false. */
void	xml_stream_stop(void *ctx);

/*
 * Initialises libxml2.  libxml2 takes the thread that initialises it for
 * its main thread, and any other thread gets state that is only freed
 * when that thread exits: call this on the main thread before threads
 * that parse start.
 */
void	xml_init(void);

#endif
