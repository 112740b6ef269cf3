/*
 * Fuzz target: the NETCONF framer, and the XML code every framed message
 * meets (netconf_canon, netconf_reply_parse, the streamed canonical form).
 * Input layout: one control byte, then the byte stream from the "device".
 *   bit 0: start in chunked framing (else end-of-message)
 *   bit 1: switch to chunked framing after the first message (a hello)
 *   bits 2-3: the message cap: 1 MiB, 64, 4096 or 65536 bytes
 *   bits 4-7: the size of the pieces the stream is fed in, minus one
 * Checks: feeding in pieces and feeding all at once agree (messages and
 * error); an end-of-message framed message never holds the delimiter;
 * every message survives an encode/decode round trip; errors carry a
 * message, and rpc-error lines are one line; the canonical form and the
 * <data> of a reply are well-formed XML again, and the push summary
 * (xml_semantic) finds no change from that <data> to itself; a reply the
 * streaming writer takes gives the tree's text.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "push/xmlsem.h"
#include "transport/ncframe.h"
#include "transport/netconf.h"
#include "transport/xml.h"
#include "transport/xmlcanon.h"
#include "util/strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define OUT_MAX	(4u * 1024 * 1024)

struct decoded {
	char	**msgs;
	size_t	*lens;
	size_t	 n;
	int	 rc;
	char	 errmsg[SG_ERR_MSGMAX];
};

static bool
has_eom(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i + 6 <= len; i++)
		if (memcmp(s + i, "]]>]]>", 6) == 0)
			return true;
	return false;
}

static void
decoded_free(struct decoded *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		free(d->msgs[i]);
	free(d->msgs);
	free(d->lens);
}

static void
decode(struct decoded *d, const char *s, size_t len, unsigned ctl,
    size_t piece)
{
	static const size_t caps[] = { 1024 * 1024, 64, 4096, 65536 };
	ncframe_t *f = ncframe_new("fz", caps[(ctl >> 2) & 3]);
	sg_err_t err = SG_ERR_INIT;
	size_t off = 0, n, used;
	int rc;

	memset(d, 0, sizeof(*d));
	ncframe_set_mode(f, ctl & 1 ? NCFRAME_CHUNKED : NCFRAME_EOM);
	while (off < len) {
		n = len - off < piece ? len - off : piece;
		rc = ncframe_feed(f, s + off, n, &used, &err);
		if (used > n)
			abort();
		off += used;
		if (rc < 0) {
			if (err.code != rc || err.msg[0] == '\0')
				abort();
			d->rc = rc;
			(void)snprintf(d->errmsg, sizeof(d->errmsg), "%s",
			    err.msg);
			break;
		}
		if (rc == 0) {
			if (used != n)
				abort();
			continue;
		}
		d->msgs = realloc(d->msgs, (d->n + 1) * sizeof(*d->msgs));
		d->lens = realloc(d->lens, (d->n + 1) * sizeof(*d->lens));
		d->msgs[d->n] = ncframe_take(f, &d->lens[d->n]);
		d->n++;
		if ((ctl & 2) && d->n == 1)
			ncframe_set_mode(f, NCFRAME_CHUNKED);
	}
	ncframe_free(f);
}

static void
check_round_trip(const char *msg, size_t len)
{
	strbuf_t out = STRBUF_INIT(0);
	ncframe_t *f = ncframe_new("rt", 0);
	size_t used, n;
	char *back;
	int rc;

	if (len == 0)
		goto out;
	if (ncframe_encode(&out, NCFRAME_CHUNKED, msg, len, NULL) != 0)
		abort();
	ncframe_set_mode(f, NCFRAME_CHUNKED);
	rc = ncframe_feed(f, out.ptr, out.len, &used, NULL);
	if (rc != 1 || used != out.len)
		abort();
	back = ncframe_take(f, &n);
	if (n != len || memcmp(back, msg, len) != 0)
		abort();
	free(back);
 out:
	strbuf_dispose(&out);
	ncframe_free(f);
}

/* Every line of a summary from nothing is an "add", and there are n. */
static void
check_all_added(size_t n, const strbuf_t *summary)
{
	const char *p = strbuf_str(summary), *nl;
	size_t lines = 0;

	for (; (nl = strchr(p, '\n')) != NULL; p = nl + 1, lines++)
		if (strstr(p, ": add") == NULL || strstr(p, ": add") > nl) {
			fprintf(stderr, "not an add: %.*s\n", (int)(nl - p), p);
			abort();
		}
	if (lines != n || *p != '\0') {
		fprintf(stderr, "%zu summary lines, said %zu\n", lines, n);
		abort();
	}
}

/*
 * The streamed canonical <data> of a reply is the tree's: every reply the
 * stream takes parses, and gives the same text from its <data>.
 */
static void
check_stream(const char *msg, size_t len)
{
	strbuf_t streamed = STRBUF_INIT(OUT_MAX), tree = STRBUF_INIT(OUT_MAX);
	sg_err_t err = SG_ERR_INIT;
	xmlDocPtr doc = NULL;
	xmlNodePtr c, d;

	if (!xmlcanon_reply_data(msg, len, NETCONF_CANON_MAX, &streamed) ||
	    strbuf_error(&streamed) != 0)
		goto out;
	if (xml_parse(&doc, "fz", msg, len, NETCONF_CANON_MAX,
	    XML_PARSE_NOBLANKS, &err) != 0) {
		fprintf(stderr, "streamed, but the tree refuses: %s\n",
		    err.msg);
		abort();
	}
	for (d = xmlDocGetRootElement(doc)->children; d != NULL; d = d->next)
		if (d->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)d->name, "data") == 0)
			for (c = d->children; c != NULL; c = c->next)
				if (c->type == XML_ELEMENT_NODE)
					xmlcanon_subtree(&tree, c);
	if (strbuf_error(&tree) == 0 && !strbuf_equal(&streamed, &tree)) {
		fprintf(stderr, "streamed:\n%s\ntree:\n%s\n",
		    strbuf_str(&streamed), strbuf_str(&tree));
		abort();
	}
	xmlFreeDoc(doc);
 out:
	strbuf_dispose(&streamed);
	strbuf_dispose(&tree);
}

static void
check_xml(const char *msg, size_t len)
{
	strbuf_t out = STRBUF_INIT(OUT_MAX), again = STRBUF_INIT(OUT_MAX);
	strbuf_t data = STRBUF_INIT(OUT_MAX), wrapped = STRBUF_INIT(0);
	sg_err_t err = SG_ERR_INIT;
	const char *p;
	int rc;

	rc = netconf_canon(msg, len, &out, &err);
	if (rc != 0 && (err.code != rc || err.msg[0] == '\0'))
		abort();
	/* what the canonicaliser writes must read back */
	if (rc == 0 && netconf_canon(out.ptr != NULL ? out.ptr : "", out.len,
	    &again, &err) != 0) {
		fprintf(stderr, "canonical form does not parse: %s\n%s\n",
		    err.msg, strbuf_str(&out));
		abort();
	}
	sg_err_clear(&err);
	rc = netconf_reply_parse(msg, len, "fz", "get-config", &data, &err);
	if (rc != 0 && (err.code != rc || err.msg[0] == '\0'))
		abort();
	if (rc == SG_EDEVICE)
		for (p = err.msg; *p != '\0'; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f) {
				fprintf(stderr, "rpc-error line has a control "
				    "character: %s\n", err.msg);
				abort();
			}
	/* each data element carries its namespaces, so they stand alone */
	if (rc == 0 && data.len > 0) {
		strbuf_reset(&again);
		strbuf_adds(&wrapped, "<r>");
		strbuf_add(&wrapped, data.ptr, data.len);
		strbuf_adds(&wrapped, "</r>");
		sg_err_clear(&err);
		if (netconf_canon(wrapped.ptr, wrapped.len, &again, &err) !=
		    0 && err.code != SG_ETOOBIG) {
			fprintf(stderr, "reply data does not parse: %s\n%s\n",
			    err.msg, wrapped.ptr);
			abort();
		}
		/* the push summary of the device's data: nothing changes from
		 * it to itself, and from nothing every object is one line */
		strbuf_reset(&again);
		if (xml_semantic(data.ptr, data.len, data.ptr, data.len,
		    &again) != 0) {
			fprintf(stderr, "a summary of no change: %s\n",
			    strbuf_str(&again));
			abort();
		}
		strbuf_reset(&again);
		check_all_added(xml_semantic("", 0, data.ptr, data.len,
		    &again), &again);
	}
	strbuf_dispose(&out);
	strbuf_dispose(&again);
	strbuf_dispose(&data);
	strbuf_dispose(&wrapped);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct decoded whole, pieces;
	const char *s;
	unsigned ctl;
	size_t i, len;

	if (size < 1)
		return 0;
	ctl = data[0];
	s = (const char *)data + 1;
	len = size - 1;
	decode(&whole, s, len, ctl, len > 0 ? len : 1);
	decode(&pieces, s, len, ctl, (ctl >> 4) + 1);
	if (whole.n != pieces.n || whole.rc != pieces.rc ||
	    strcmp(whole.errmsg, pieces.errmsg) != 0) {
		fprintf(stderr, "split changes the result: %zu/%zu messages, "
		    "rc %d/%d\n", whole.n, pieces.n, whole.rc, pieces.rc);
		abort();
	}
	for (i = 0; i < whole.n; i++) {
		if (whole.lens[i] != pieces.lens[i] || memcmp(whole.msgs[i],
		    pieces.msgs[i], whole.lens[i]) != 0)
			abort();
		/* only the first message is end-of-message framed in a hello */
		if ((!(ctl & 1) && (i == 0 || !(ctl & 2))) &&
		    has_eom(whole.msgs[i], whole.lens[i]))
			abort();
		check_round_trip(whole.msgs[i], whole.lens[i]);
		check_xml(whole.msgs[i], whole.lens[i]);
		check_stream(whole.msgs[i], whole.lens[i]);
	}
	decoded_free(&whole);
	decoded_free(&pieces);
	return 0;
}
