/*
 * xml: the one place libxml2 parses a document.  Every document spangen
 * reads, whether a device's reply or a payload of its own bundle, is
 * parsed without network access, DTD loading or entity substitution, with
 * libxml2's default depth limit (256), under a size cap, and with any
 * DOCTYPE refused outright, so no entity declaration is ever processed.
 * Nothing is printed: libxml2's errors become one SG_E* message.
 */
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "transport/xml.h"

/* SAX hook: a DOCTYPE stops the parser before its first declaration. */
static void
refuse_doctype(void *ctx, const xmlChar *name, const xmlChar *external_id,
    const xmlChar *system_id)
{
	xmlParserCtxtPtr ctxt = ctx;

	(void)name;
	(void)external_id;
	(void)system_id;
	ctxt->_private = ctxt;
	xmlStopParser(ctxt);
}

/* libxml2 reports through the context's last error; nothing is printed. */
static void
quiet(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	(void)e;
}

/*
 * Errors of the character conversion (a reply declaring an encoding and
 * breaking it) bypass the context and go to the thread's generic handler,
 * which prints "encoding error : ..." on stderr; a device must not write
 * there.  The parse still fails and says why.
 */
static void
quiet_generic(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/*
 * Parses one document.  what names it in messages ("sw1: reply to
 * get-config"); extra adds parser options (XML_PARSE_NOBLANKS, ...).
 */
int
xml_parse(xmlDocPtr *out, const char *what, const char *xml, size_t len,
    size_t max, int extra, sg_err_t *err)
{
	xmlParserCtxtPtr ctxt = NULL;
	xmlDocPtr doc = NULL;
	xmlErrorPtr e;
	char msg[256];
	size_t n;
	int rc = 0;

	*out = NULL;
	if (len > max || len > (size_t)INT32_MAX)
		return sg_err_set(err, SG_ETOOBIG, "%s: a document over %zu "
		    "bytes", what, max);
	xmlInitParser();
	/* per thread in libxml2, and push parses in its worker threads */
	xmlSetGenericErrorFunc(NULL, quiet_generic);
	if ((ctxt = xmlNewParserCtxt()) == NULL)
		return sg_err_set(err, SG_EINVAL, "%s: cannot set up the XML "
		    "parser", what);
	ctxt->sax->internalSubset = refuse_doctype;
	ctxt->sax->serror = quiet;
	doc = xmlCtxtReadMemory(ctxt, xml, (int)len, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | extra);
	if (ctxt->_private != NULL) {
		rc = sg_err_set(err, SG_EINVAL, "%s: a DOCTYPE is not allowed",
		    what);
		goto out;
	}
	/* an unbound prefix leaves a name no two readers agree on */
	if (doc == NULL || !ctxt->wellFormed || !ctxt->nsWellFormed) {
		e = xmlCtxtGetLastError(ctxt);
		(void)snprintf(msg, sizeof(msg), "%s", e != NULL &&
		    e->message != NULL ? e->message : "not well-formed XML");
		n = strlen(msg);
		while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
			msg[--n] = '\0';
		rc = sg_err_set(err, SG_EINVAL, "%s:%d:%d: %s", what,
		    e != NULL ? e->line : 0, e != NULL ? e->int2 : 0, msg);
		goto out;
	}
	if (xmlDocGetRootElement(doc) == NULL) {
		rc = sg_err_set(err, SG_EINVAL, "%s: no root element", what);
		goto out;
	}
	/* success */
	*out = doc;
	doc = NULL;
 out:
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
	return rc;
}

/* ---- streaming ----------------------------------------------------------- */

struct stream {
	xmlParserCtxtPtr ctxt;
	void		*user;
	bool		 stopped;	/* by a callback, or by a DOCTYPE */
};

void *
xml_stream_user(void *ctx)
{
	return ((struct stream *)ctx)->user;
}

void
xml_stream_stop(void *ctx)
{
	struct stream *st = ctx;

	st->stopped = true;
	xmlStopParser(st->ctxt);
}

static void
stream_doctype(void *ctx, const xmlChar *name, const xmlChar *external_id,
    const xmlChar *system_id)
{
	(void)name;
	(void)external_id;
	(void)system_id;
	xml_stream_stop(ctx);
}

bool
xml_stream(const char *xml, size_t len, size_t max, const xmlSAXHandler *h,
    void *user)
{
	struct stream st = { NULL, user, false };
	bool ok;

	if (len > max || len > (size_t)INT32_MAX)
		return false;
	xmlInitParser();
	xmlSetGenericErrorFunc(NULL, quiet_generic);
	if ((st.ctxt = xmlCreateMemoryParserCtxt(xml, (int)len)) == NULL)
		return false;
	memcpy(st.ctxt->sax, h, sizeof(*h));
	st.ctxt->sax->initialized = XML_SAX2_MAGIC;
	st.ctxt->sax->internalSubset = stream_doctype;
	st.ctxt->sax->externalSubset = NULL;
	st.ctxt->sax->serror = quiet;
	st.ctxt->sax->error = NULL;
	st.ctxt->sax->warning = NULL;
	st.ctxt->userData = &st;
	/* no XML_PARSE_NOBLANKS: it would replace the whitespace callback */
	(void)xmlCtxtUseOptions(st.ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR |
	    XML_PARSE_NOWARNING);
	(void)xmlParseDocument(st.ctxt);
	ok = !st.stopped && st.ctxt->wellFormed && st.ctxt->nsWellFormed;
	xmlFreeParserCtxt(st.ctxt);
	return ok;
}

void
xml_init(void)
{
	xmlInitParser();
}
