/*
 * xmlcanon: see xmlcanon.h.  Two writers of the one form: from a libxml2
 * tree (any document), and from a SAX2 stream for the large <get-config>
 * reply, which skips building the tree (about half the time of a parse).
 * Tests hold the two to the same text.
 */
#include <stdlib.h>
#include <string.h>

#include "transport/xml.h"
#include "transport/xmlcanon.h"
#include "util/xmalloc.h"

/* RFC 6241's base namespace, which the reply's own elements are in */
#define NC_NS	"urn:ietf:params:xml:ns:netconf:base:1.0"

/* ---- from a tree ------------------------------------------------------ */

static bool
blank_n(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			return false;
	return true;
}

static bool
blank(const xmlChar *s)
{
	return s == NULL || blank_n((const char *)s, strlen((const char *)s));
}

static bool
is_text(const xmlNode *n)
{
	return n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE;
}

/* Whether n is kept: elements, and text that is not only whitespace. */
static bool
kept(const xmlNode *n)
{
	return n->type == XML_ELEMENT_NODE || (is_text(n) &&
	    !blank(n->content));
}

static void
canon_text_n(strbuf_t *out, const xmlChar *s, size_t len, bool attr)
{
	const xmlChar *run = s, *end = s + len;

	/* the common case, nothing to escape, is copied in runs */
	for (; s < end; s++) {
		if (*s != '&' && *s != '<' && *s != '>' && *s != '\r' &&
		    !(attr && (*s == '"' || *s == '\t' || *s == '\n')))
			continue;
		strbuf_add(out, run, (size_t)(s - run));
		run = s + 1;
		switch (*s) {
		case '&':
			strbuf_adds(out, "&amp;");
			break;
		case '<':
			strbuf_adds(out, "&lt;");
			break;
		case '>':
			strbuf_adds(out, "&gt;");
			break;
		case '"':
			strbuf_adds(out, "&quot;");
			break;
		default:
			strbuf_addf(out, "&#%d;", *s);
		}
	}
	strbuf_add(out, run, (size_t)(s - run));
}

static void
canon_text(strbuf_t *out, const xmlChar *s, bool attr)
{
	canon_text_n(out, s, strlen((const char *)s), attr);
}

static void
canon_name(strbuf_t *out, const xmlChar *prefix, const xmlChar *local)
{
	if (prefix != NULL) {
		strbuf_adds(out, (const char *)prefix);
		strbuf_addc(out, ':');
	}
	strbuf_adds(out, (const char *)local);
}

static void
canon_qname(strbuf_t *out, const xmlNs *ns, const xmlChar *name)
{
	canon_name(out, ns != NULL ? ns->prefix : NULL, name);
}

/* One namespace declaration, as an attribute. */
static void
canon_decl(strbuf_t *out, const xmlChar *prefix, const xmlChar *href)
{
	if (prefix != NULL) {
		strbuf_adds(out, " xmlns:");
		strbuf_adds(out, (const char *)prefix);
		strbuf_adds(out, "=\"");
	} else {
		strbuf_adds(out, " xmlns=\"");
	}
	canon_text(out, href != NULL ? href : (const xmlChar *)"", true);
	strbuf_addc(out, '"');
}

static int
cmp_prefix(const xmlChar *a, const xmlChar *b)
{
	return strcmp(a != NULL ? (const char *)a : "",
	    b != NULL ? (const char *)b : "");
}

static int
cmp_ns(const void *a, const void *b)
{
	const xmlNs *x = *(const xmlNs *const *)a;
	const xmlNs *y = *(const xmlNs *const *)b;

	return cmp_prefix(x->prefix, y->prefix);
}

static int
cmp_attr(const void *a, const void *b)
{
	const xmlAttr *x = *(const xmlAttr *const *)a;
	const xmlAttr *y = *(const xmlAttr *const *)b;
	int c;

	c = strcmp(x->ns != NULL ? (const char *)x->ns->href : "",
	    y->ns != NULL ? (const char *)y->ns->href : "");
	return c != 0 ? c : strcmp((const char *)x->name,
	    (const char *)y->name);
}

static void
indent(strbuf_t *out, int depth)
{
	static const char spaces[] = "                                ";
	size_t n = (size_t)depth * 2;

	while (n > 0) {
		size_t k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;

		strbuf_add(out, spaces, k);
		n -= k;
	}
}

/*
 * The namespace declarations of n, plus extra (from above n, for the top
 * of a subtree) where n does not redeclare the prefix, sorted by prefix;
 * then the attributes sorted by namespace and name.
 */
static void
canon_attrs(strbuf_t *out, const xmlNode *n, const xmlNs *const *extra,
    size_t nextra)
{
	const xmlNs *one_ns, **nss, *ns;
	const xmlAttr *one_attr, **attrs, *a;
	xmlChar *v;
	size_t nn = 0, na = 0, i, j;

	for (ns = n->nsDef; ns != NULL; ns = ns->next)
		nn++;
	for (a = n->properties; a != NULL; a = a->next)
		na++;
	/* most elements have at most one of each: no allocation then */
	nss = nn + nextra <= 1 ? &one_ns : xcalloc(nn + nextra, sizeof(*nss));
	attrs = na <= 1 ? &one_attr : xcalloc(na, sizeof(*attrs));
	for (i = 0, ns = n->nsDef; ns != NULL; ns = ns->next)
		nss[i++] = ns;
	for (j = 0; j < nextra; j++) {
		for (ns = n->nsDef; ns != NULL; ns = ns->next)
			if (xmlStrEqual(ns->prefix, extra[j]->prefix))
				break;
		if (ns == NULL)
			nss[i++] = extra[j];
	}
	nn = i;
	if (nn > 1)
		qsort(nss, nn, sizeof(*nss), cmp_ns);
	for (i = 0; i < nn; i++)
		canon_decl(out, nss[i]->prefix, nss[i]->href);
	for (i = 0, a = n->properties; a != NULL; a = a->next)
		attrs[i++] = a;
	if (na > 1)
		qsort(attrs, na, sizeof(*attrs), cmp_attr);
	for (i = 0; i < na; i++) {
		strbuf_addc(out, ' ');
		canon_qname(out, attrs[i]->ns, attrs[i]->name);
		strbuf_adds(out, "=\"");
		v = xmlNodeGetContent((const xmlNode *)attrs[i]);
		canon_text(out, v != NULL ? v : (const xmlChar *)"", true);
		xmlFree(v);
		strbuf_addc(out, '"');
	}
	if (nss != &one_ns)
		free(nss);
	if (attrs != &one_attr)
		free(attrs);
}

/* Depth is bounded by libxml2's nesting limit (256 without XML_PARSE_HUGE). */
static void
canon_element(strbuf_t *out, const xmlNode *n, int depth,
    const xmlNs *const *extra, size_t nextra)
{
	const xmlNode *c;
	bool elements = false, texts = false;

	indent(out, depth);
	strbuf_addc(out, '<');
	canon_qname(out, n->ns, n->name);
	canon_attrs(out, n, extra, nextra);
	for (c = n->children; c != NULL; c = c->next)
		if (kept(c)) {
			elements |= c->type == XML_ELEMENT_NODE;
			texts |= is_text(c);
		}
	if (!elements && !texts) {
		strbuf_adds(out, "/>\n");
		return;
	}
	strbuf_addc(out, '>');
	if (!elements) {
		/* a leaf: text split by a dropped comment joins up again */
		for (c = n->children; c != NULL; c = c->next)
			if (is_text(c))
				canon_text(out, c->content, false);
	} else {
		strbuf_addc(out, '\n');
		for (c = n->children; c != NULL; c = c->next) {
			if (!kept(c))
				continue;
			if (c->type == XML_ELEMENT_NODE) {
				canon_element(out, c, depth + 1, NULL, 0);
				continue;
			}
			indent(out, depth + 1);
			canon_text(out, c->content, false);
			strbuf_addc(out, '\n');
		}
		indent(out, depth);
	}
	strbuf_adds(out, "</");
	canon_qname(out, n->ns, n->name);
	strbuf_adds(out, ">\n");
}

typedef struct {
	const xmlNs	**v;
	size_t		  n;
} nslist_t;

/* Whether ns is declared on at or an ancestor of it up to top. */
static bool
declared_within(const xmlNode *top, const xmlNode *at, const xmlNs *ns)
{
	const xmlNs *d;

	for (;; at = at->parent) {
		for (d = at->nsDef; d != NULL; d = d->next)
			if (d == ns)
				return true;
		if (at == top)
			return false;
	}
}

static void
note_ns(nslist_t *l, const xmlNode *top, const xmlNode *at, const xmlNs *ns)
{
	size_t i;

	/* the xml prefix is bound by definition and never declared */
	if (ns == NULL || xmlStrEqual(ns->prefix, (const xmlChar *)"xml") ||
	    declared_within(top, at, ns))
		return;
	for (i = 0; i < l->n; i++)
		if (l->v[i] == ns || xmlStrEqual(l->v[i]->prefix, ns->prefix))
			return;
	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = ns;
}

/* The namespaces n's subtree uses from declarations above n. */
static void
inherited_ns(nslist_t *l, const xmlNode *top, const xmlNode *n)
{
	const xmlNode *c;
	const xmlAttr *a;

	note_ns(l, top, n, n->ns);
	for (a = n->properties; a != NULL; a = a->next)
		note_ns(l, top, n, a->ns);
	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			inherited_ns(l, top, c);
}

void
xmlcanon_subtree(strbuf_t *out, const xmlNode *n)
{
	nslist_t l = { NULL, 0 };

	inherited_ns(&l, n, n);
	canon_element(out, n, 0, l.v, l.n);
	free(l.v);
}


void
xmlcanon_element(strbuf_t *out, const xmlNode *n)
{
	canon_element(out, n, 0, NULL, 0);
}

/* ---- streaming a reply's data ------------------------------------------- */

/*
 * The same text as parsing the reply with XML_PARSE_NOBLANKS and calling
 * xmlcanon_subtree() on each element of its <data>, for replies whose data
 * holds only elements and text.  Then a text node of the tree is exactly
 * the characters between two tags (entity and character references are
 * decoded into it, and nothing else splits it), so a leaf's text and each
 * text line of mixed content can be written as each tag arrives.  Only an
 * element's start tag waits: whether it ends with "/>", ">text" or ">\n"
 * is known at its first child or its end.
 */

enum { TOP = 3 };

static bool
is_nc_name(const xmlChar *href, const xmlChar *local, const char *name)
{
	return href != NULL && strcmp((const char *)href, NC_NS) == 0 &&
	    strcmp((const char *)local, name) == 0;
}		/* rpc-reply 1, data 2, its elements 3 */

struct decl {
	const xmlChar	*prefix;	/* libxml2's dictionary: the parse's */
	const xmlChar	*href;
	int		 depth;		/* of the element declaring it */
};

struct decls {
	struct decl	*v;
	size_t		 n;
	size_t		 cap;
};

struct reply {
	strbuf_t	*out;		/* written, until the reply is known */
	strbuf_t	 written;
	int		 depth;		/* of the element open now; 0 outside */
	bool		 bail;		/* not a shape streamed: for the tree */
	bool		 data;		/* inside <data> */
	bool		 seen;		/* <data> or <ok/> seen */
	bool		*parent;	/* by depth from TOP: has a child */
	size_t		 nparent;
	strbuf_t	 text;		/* since the last tag, in the data */
	struct decls	 scope;		/* in scope, innermost last */
	/* the element of the data being written, and what it uses from above */
	struct decls	 own;		/* declared on it */
	struct decls	 above;		/* used in it, declared above it */
	size_t		 decl_at;	/* its declarations in out */
	size_t		 decl_end;
};

static void
decls_push(struct decls *d, const xmlChar *prefix, const xmlChar *href,
    int depth)
{
	if (d->n == d->cap) {
		d->cap = d->cap == 0 ? 16 : d->cap * 2;
		d->v = xreallocarray(d->v, d->cap, sizeof(*d->v));
	}
	d->v[d->n].prefix = prefix;
	d->v[d->n].href = href;
	d->v[d->n].depth = depth;
	d->n++;
}

static bool
decls_has(const struct decls *d, const xmlChar *prefix)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (xmlStrEqual(d->v[i].prefix, prefix))
			return true;
	return false;
}

static int
cmp_decl(const void *a, const void *b)
{
	return cmp_prefix(((const struct decl *)a)->prefix,
	    ((const struct decl *)b)->prefix);
}

static void
bail(struct reply *r, void *ctx)
{
	r->bail = true;
	xml_stream_stop(ctx);
}

/*
 * A name the element uses: noted when its declaration is above the
 * element of the data, as the tree's inherited_ns() does.
 */
static void
use_prefix(struct reply *r, const xmlChar *prefix, const xmlChar *href)
{
	size_t i;

	/* the xml prefix is bound by definition and never declared */
	if (href == NULL || xmlStrEqual(prefix, (const xmlChar *)"xml"))
		return;
	for (i = r->scope.n; i-- > 0;)
		if (xmlStrEqual(r->scope.v[i].prefix, prefix))
			break;
	if (i == (size_t)-1 || r->scope.v[i].depth >= TOP ||
	    decls_has(&r->above, prefix))
		return;
	decls_push(&r->above, prefix, r->scope.v[i].href, 0);
}

/* Attribute k of SAX2's five-pointer records, for sorting. */
struct attr {
	const xmlChar	*local;
	const xmlChar	*prefix;
	const xmlChar	*href;
	const xmlChar	*value;
	const xmlChar	*end;
};

static int
cmp_sax_attr(const void *a, const void *b)
{
	const struct attr *x = a, *y = b;
	int c;

	c = strcmp(x->href != NULL ? (const char *)x->href : "",
	    y->href != NULL ? (const char *)y->href : "");
	return c != 0 ? c : strcmp((const char *)x->local,
	    (const char *)y->local);
}

/* libxml2 hands an attribute's '&' over as "&#38;", which the tree decodes. */
static bool
attrs_plain(int nb_attr, const xmlChar **attrs)
{
	int i;

	for (i = 0; i < nb_attr; i++)
		if (memchr(attrs[5 * i + 3], '&', (size_t)(attrs[5 * i + 4] -
		    attrs[5 * i + 3])) != NULL)
			return false;
	return true;
}

/*
 * The declarations and attributes of a start tag, each sorted; *at and
 * *end say where the declarations went in out.
 */
static void
start_tag_rest(strbuf_t *out, int nb_ns, const xmlChar **ns, int nb_attr,
    const xmlChar **attrs, size_t *at, size_t *end)
{
	struct decl one_decl, *d;
	struct attr one_attr, *a;
	size_t i;

	d = nb_ns <= 1 ? &one_decl : xcalloc((size_t)nb_ns, sizeof(*d));
	a = nb_attr <= 1 ? &one_attr : xcalloc((size_t)nb_attr, sizeof(*a));
	for (i = 0; i < (size_t)nb_ns; i++) {
		d[i].prefix = ns[2 * i];
		d[i].href = ns[2 * i + 1];
	}
	if (nb_ns > 1)
		qsort(d, (size_t)nb_ns, sizeof(*d), cmp_decl);
	*at = out->len;
	for (i = 0; i < (size_t)nb_ns; i++)
		canon_decl(out, d[i].prefix, d[i].href);
	*end = out->len;
	for (i = 0; i < (size_t)nb_attr; i++)
		memcpy(&a[i], &attrs[5 * i], sizeof(a[i]));
	if (nb_attr > 1)
		qsort(a, (size_t)nb_attr, sizeof(*a), cmp_sax_attr);
	for (i = 0; i < (size_t)nb_attr; i++) {
		strbuf_addc(out, ' ');
		canon_name(out, a[i].prefix, a[i].local);
		strbuf_adds(out, "=\"");
		canon_text_n(out, a[i].value, (size_t)(a[i].end - a[i].value),
		    true);
		strbuf_addc(out, '"');
	}
	if (d != &one_decl)
		free(d);
	if (a != &one_attr)
		free(a);
}

/* The text since the last tag, as a line of mixed content at depth. */
static void
flush_text_line(struct reply *r, int depth)
{
	if (!blank_n(r->text.ptr, r->text.len)) {
		indent(r->out, depth);
		canon_text_n(r->out, (const xmlChar *)r->text.ptr, r->text.len,
		    false);
		strbuf_addc(r->out, '\n');
	}
	strbuf_reset(&r->text);
}

static void
reply_start(void *ctx, const xmlChar *local, const xmlChar *prefix,
    const xmlChar *href, int nb_ns, const xmlChar **ns, int nb_attr,
    int nb_defaulted, const xmlChar **attrs)
{
	struct reply *r = xml_stream_user(ctx);
	size_t decl_at, decl_end;
	int i, at;

	(void)nb_defaulted;
	if (r->bail)
		return;
	r->depth++;
	for (i = 0; i < nb_ns; i++)
		decls_push(&r->scope, ns[2 * i], ns[2 * i + 1], r->depth);
	if (r->depth < TOP || !r->data) {
		if (r->depth == 1 && !is_nc_name(href, local, "rpc-reply"))
			bail(r, ctx);
		else if (r->depth == 2) {
			r->data = is_nc_name(href, local, "data");
			if (r->seen || (!r->data && !is_nc_name(href, local,
			    "ok")))
				bail(r, ctx);
			r->seen = true;
		}
		return;
	}
	at = r->depth - TOP;
	if (at > 0) {
		if (!r->parent[at - 1]) {
			strbuf_adds(r->out, ">\n");
			r->parent[at - 1] = true;
		}
		flush_text_line(r, at);
	} else {
		strbuf_reset(&r->text);
		r->own.n = r->above.n = 0;
		for (i = 0; i < nb_ns; i++)
			decls_push(&r->own, ns[2 * i], ns[2 * i + 1], r->depth);
	}
	if ((size_t)at == r->nparent) {
		r->nparent = r->nparent == 0 ? 16 : r->nparent * 2;
		r->parent = xreallocarray(r->parent, r->nparent,
		    sizeof(*r->parent));
	}
	r->parent[at] = false;
	use_prefix(r, prefix, href);
	for (i = 0; i < nb_attr; i++)
		use_prefix(r, attrs[5 * i + 1], attrs[5 * i + 2]);
	if (!attrs_plain(nb_attr, attrs)) {
		bail(r, ctx);
		return;
	}
	indent(r->out, at);
	strbuf_addc(r->out, '<');
	canon_name(r->out, prefix, local);
	start_tag_rest(r->out, nb_ns, ns, nb_attr, attrs, &decl_at, &decl_end);
	if (at == 0) {
		r->decl_at = decl_at;
		r->decl_end = decl_end;
	}
}

/*
 * The element of the data is complete: the declarations it uses from
 * above go into its start tag, merged with its own in prefix order.
 */
static void
complete_top(struct reply *r)
{
	strbuf_t decl = STRBUF_INIT(0);
	size_t i, old, tail;

	if (r->above.n == 0)
		return;
	for (i = 0; i < r->above.n; i++)
		if (!decls_has(&r->own, r->above.v[i].prefix))
			decls_push(&r->own, r->above.v[i].prefix,
			    r->above.v[i].href, 0);
	qsort(r->own.v, r->own.n, sizeof(*r->own.v), cmp_decl);
	for (i = 0; i < r->own.n; i++)
		canon_decl(&decl, r->own.v[i].prefix, r->own.v[i].href);
	old = r->decl_end - r->decl_at;
	tail = r->out->len - r->decl_end;
	/* the declarations only grow: make room, then move the rest along */
	strbuf_add(r->out, decl.ptr, decl.len - old);
	if (strbuf_error(r->out) == 0) {
		memmove(r->out->ptr + r->decl_at + decl.len,
		    r->out->ptr + r->decl_end, tail);
		memcpy(r->out->ptr + r->decl_at, decl.ptr, decl.len);
	}
	strbuf_dispose(&decl);
}

static void
reply_end(void *ctx, const xmlChar *local, const xmlChar *prefix,
    const xmlChar *href)
{
	struct reply *r = xml_stream_user(ctx);
	int at = r->depth - TOP;

	(void)href;
	if (r->bail)
		return;
	if (at >= 0 && r->data) {
		if (r->parent[at]) {
			flush_text_line(r, at + 1);
			indent(r->out, at);
			strbuf_adds(r->out, "</");
		} else if (!blank_n(r->text.ptr, r->text.len)) {
			strbuf_addc(r->out, '>');
			canon_text_n(r->out, (const xmlChar *)r->text.ptr,
			    r->text.len, false);
			strbuf_adds(r->out, "</");
		} else {
			strbuf_adds(r->out, "/>\n");
		}
		if (r->parent[at] || !blank_n(r->text.ptr, r->text.len)) {
			canon_name(r->out, prefix, local);
			strbuf_adds(r->out, ">\n");
		}
		strbuf_reset(&r->text);
		if (at == 0)
			complete_top(r);
	}
	while (r->scope.n > 0 && r->scope.v[r->scope.n - 1].depth == r->depth)
		r->scope.n--;
	r->depth--;
}

static void
reply_text(void *ctx, const xmlChar *s, int len)
{
	struct reply *r = xml_stream_user(ctx);

	if (!r->bail && r->data && r->depth >= TOP)
		strbuf_add(&r->text, s, (size_t)len);
}

/* What would split or add a tree node inside the data. */
static void
reply_other(void *ctx)
{
	struct reply *r = xml_stream_user(ctx);

	if (r->data && r->depth >= TOP)
		bail(r, ctx);
}

static void
reply_comment(void *ctx, const xmlChar *s)
{
	(void)s;
	reply_other(ctx);
}

static void
reply_pi(void *ctx, const xmlChar *target, const xmlChar *s)
{
	(void)target;
	(void)s;
	reply_other(ctx);
}

static void
reply_cdata(void *ctx, const xmlChar *s, int len)
{
	(void)s;
	(void)len;
	reply_other(ctx);
}

static void
reply_reference(void *ctx, const xmlChar *name)
{
	(void)name;
	reply_other(ctx);
}

bool
xmlcanon_reply_data(const char *xml, size_t len, size_t max, strbuf_t *out)
{
	struct reply r;
	xmlSAXHandler h;
	size_t room;
	bool ok;

	/*
	 * Blanks that end at a CR are dropped from a tree by rules of their
	 * own (libxml2's areBlanks()), which a stream does not see: a reply
	 * with CRs takes the tree.
	 */
	if (memchr(xml, '\r', len) != NULL)
		return false;
	memset(&r, 0, sizeof(r));
	/*
	 * Written apart, and appended only once the reply proved to be one
	 * streamed: a limit reached half way must not hide an <rpc-error>
	 * or malformed XML later in the reply, which the tree reports.
	 */
	room = out->max == 0 ? 0 : out->max > out->len ? out->max - out->len :
	    1;
	strbuf_init(&r.written, room);
	r.out = &r.written;
	strbuf_init(&r.text, 0);
	memset(&h, 0, sizeof(h));
	h.startElementNs = reply_start;
	h.endElementNs = reply_end;
	h.characters = reply_text;
	h.ignorableWhitespace = reply_text;
	h.comment = reply_comment;
	h.processingInstruction = reply_pi;
	h.cdataBlock = reply_cdata;
	h.reference = reply_reference;
	ok = xml_stream(xml, len, max, &h, &r) && !r.bail && r.seen;
	if (ok && out->error == 0) {
		if (strbuf_error(&r.written) != 0) {
			out->error = SG_ETOOBIG;	/* as a tree's would */
		} else if (out->len == 0) {
			/* the usual case: the text is handed over, not copied */
			strbuf_t empty = *out;

			*out = r.written;
			out->max = empty.max;
			r.written = empty;
		} else
			strbuf_add(out, r.written.ptr, r.written.len);
	}
	strbuf_dispose(&r.written);
	strbuf_dispose(&r.text);
	free(r.parent);
	free(r.scope.v);
	free(r.own.v);
	free(r.above.v);
	return ok;
}
