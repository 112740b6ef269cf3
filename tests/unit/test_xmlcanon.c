/*
 * The two writers of the canonical form: the streaming one, which push
 * uses for <get-config> replies, must give exactly the text of the tree
 * one on every reply it takes, and hand every other reply back untouched.
 * Checked on hand-written replies for each rule, then on generated ones.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "transport/xml.h"
#include "transport/xmlcanon.h"
#include "util/strbuf.h"

#define NC	"urn:ietf:params:xml:ns:netconf:base:1.0"
#define MAX	(64u * 1024 * 1024)

/* The tree writer on a reply's <data>, as netconf_rpc() applies it. */
static char *
by_tree(const char *xml)
{
	strbuf_t out = STRBUF_INIT(0);
	sg_err_t err = SG_ERR_INIT;
	xmlDocPtr doc = NULL;
	xmlNodePtr c, d;

	assert_int_equal(xml_parse(&doc, "t", xml, strlen(xml), MAX,
	    XML_PARSE_NOBLANKS, &err), 0);
	for (d = xmlDocGetRootElement(doc)->children; d != NULL; d = d->next)
		if (d->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)d->name, "data") == 0)
			for (c = d->children; c != NULL; c = c->next)
				if (c->type == XML_ELEMENT_NODE)
					xmlcanon_subtree(&out, c);
	xmlFreeDoc(doc);
	return strbuf_detach(&out, NULL);
}

/* Streams xml after a marker, so a refusal must leave out as it was. */
static bool
by_stream(const char *xml, char **text)
{
	strbuf_t out = STRBUF_INIT(0);
	bool taken;

	strbuf_adds(&out, "before\n");
	taken = xmlcanon_reply_data(xml, strlen(xml), MAX, &out);
	assert_int_equal(strncmp(out.ptr, "before\n", 7), 0);
	*text = strdup(out.ptr + 7);
	strbuf_dispose(&out);
	return taken;
}

static void
assert_same(const char *xml)
{
	char *tree = by_tree(xml), *stream = NULL;

	if (!by_stream(xml, &stream))
		fail_msg("not streamed: %s", xml);
	assert_string_equal(stream, tree);
	free(tree);
	free(stream);
}

static void
assert_handed_back(const char *xml)
{
	char *stream = NULL;

	if (by_stream(xml, &stream))
		fail_msg("streamed: %s", xml);
	assert_string_equal(stream, "");
	free(stream);
}

#define REPLY(body) "<rpc-reply xmlns=\"" NC "\" message-id=\"1\">" body \
	"</rpc-reply>"

static void
test_xmlcanon__stream_matches_tree_on_each_rule(void **state)
{
	static const char *const replies[] = {
		/* leaves, empty and whitespace-only elements, nesting */
		REPLY("<data>\n  <a xmlns=\"urn:a\">\n    <b>1</b>\n    <c/>"
		    "<d>  </d><e> x y </e>\n  </a>\n</data>"),
		/* mixed content: text before, between and after children */
		REPLY("<data><a xmlns=\"urn:a\">one<b/>  two  <c>3</c>"
		    "three\n</a></data>"),
		/* references decoded, then escaped one way */
		REPLY("<data><a xmlns=\"urn:a\" q=\"&lt;&gt;&quot;&#9;x\">"
		    "&amp;&lt;&#x41;&#66;&gt;&#13;\n]]&gt;</a></data>"),
		/* attributes sorted by namespace, then name */
		REPLY("<data><a xmlns=\"urn:a\" xmlns:z=\"urn:z\" "
		    "xmlns:b=\"urn:b\" z:k=\"1\" b:k=\"2\" y=\"3\" x=\"4\"/>"
		    "</data>"),
		/* names used from declarations above the data */
		REPLY("<data xmlns:p=\"urn:p\" xmlns:q=\"urn:q\"><p:a><b "
		    "q:x=\"1\"><p:c/></b></p:a><a xml:lang=\"en\"/></data>"),
		/* a redeclared prefix, and the default namespace undone */
		REPLY("<data xmlns:p=\"urn:p1\"><p:a xmlns:p=\"urn:p2\">"
		    "<p:b/><c xmlns=\"\"><p:d/></c></p:a></data>"),
		/* several elements; text and comments beside them */
		REPLY("<data> t <!-- c --><a xmlns=\"urn:a\"/><?pi x?><b "
		    "xmlns=\"urn:b\"><c>1</c></b></data>"),
		/* non-ASCII text, long runs of it and of whitespace */
		REPLY("<data><a xmlns=\"urn:a\">\xc3\xa9\xc3\xa9             "
		    "                                                      "
		    "                                   </a></data>"),
		/* nothing in the data */
		REPLY("<data/>"),
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(replies) / sizeof(replies[0]); i++)
		assert_same(replies[i]);
}

static void
test_xmlcanon__ok_reply_is_taken_with_no_data(void **state)
{
	char *stream = NULL;

	(void)state;
	assert_true(by_stream(REPLY("<ok/>"), &stream));
	assert_string_equal(stream, "");
	free(stream);
}

static void
test_xmlcanon__other_replies_are_handed_back(void **state)
{
	(void)state;
	assert_handed_back(REPLY("<rpc-error><error-tag>x</error-tag>"
	    "</rpc-error>"));
	assert_handed_back(REPLY("<data><a xmlns=\"urn:a\"/></data>"
	    "<rpc-error/>"));
	assert_handed_back(REPLY("<data/><data/>"));
	assert_handed_back(REPLY("<data><a xmlns=\"urn:a\">1<!-- c -->2</a>"
	    "</data>"));
	assert_handed_back(REPLY("<data><a xmlns=\"urn:a\"><![CDATA[<x>]]>"
	    "</a></data>"));
	assert_handed_back(REPLY("<data><a xmlns=\"urn:a\"><?pi x?></a>"
	    "</data>"));
	assert_handed_back(REPLY("<data><a xmlns=\"urn:a\" v=\"&amp;\"/>"
	    "</data>"));
	/* blanks before a CR leave a tree by rules of libxml2's own */
	assert_handed_back(REPLY("<data><a xmlns=\"urn:a\">  \r\nx</a></data>"));
	assert_handed_back("<hello xmlns=\"" NC "\"/>");
	assert_handed_back(REPLY("<data><a xmlns=\"urn:a\"><b></a></data>"));
	assert_handed_back(REPLY("<data><p:a/></data>"));
	assert_handed_back("<!DOCTYPE r [<!ENTITY e \"x\">]>"
	    REPLY("<data><a xmlns=\"urn:a\">&e;</a></data>"));
}

/* A reply over out's limit is taken, with the limit reached, as a tree's. */
static void
test_xmlcanon__limit_is_reported_as_reached(void **state)
{
	strbuf_t out = STRBUF_INIT(16);

	(void)state;
	assert_true(xmlcanon_reply_data(REPLY("<data><a xmlns=\"urn:a\">"
	    "a longer text</a></data>"), strlen(REPLY("<data><a xmlns=\""
	    "urn:a\">a longer text</a></data>")), MAX, &out));
	assert_int_not_equal(strbuf_error(&out), 0);
	strbuf_dispose(&out);
}

/* The limit reached, an error later in the reply is still the tree's. */
static void
test_xmlcanon__limit_never_hides_a_later_error(void **state)
{
	static const char *const replies[] = {
		REPLY("<data><a xmlns=\"urn:a\">a longer text</a></data>"
		    "<rpc-error><error-tag>x</error-tag></rpc-error>"),
		REPLY("<data><a xmlns=\"urn:a\">a longer text</a></data>"
		    "<broken>"),
	};
	strbuf_t out = STRBUF_INIT(16);
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(replies) / sizeof(replies[0]); i++) {
		assert_false(xmlcanon_reply_data(replies[i], strlen(replies[i]),
		    MAX, &out));
		assert_int_equal(strbuf_error(&out), 0);
		assert_int_equal(out.len, 0);
	}
	strbuf_dispose(&out);
}

/* ---- generated replies -------------------------------------------------- */

static uint32_t seed = 12345;

static uint32_t
rnd(uint32_t n)
{
	seed = seed * 1103515245u + 12345u;
	return (seed >> 8) % n;
}

static void
gen_text(strbuf_t *x)
{
	static const char *const bits[] = {
		"a", "b c", " ", "\n  ", "\t", "&amp;", "&lt;", "&gt;", "&#10;",
		"&#xD;", "\xc3\xa9", "]]&gt;", "'", "\"", "x y z"
	};
	uint32_t i, n = rnd(4);

	for (i = 0; i < n; i++)
		strbuf_adds(x, bits[rnd(sizeof(bits) / sizeof(bits[0]))]);
}

static void
gen_element(strbuf_t *x, int depth)
{
	static const char *const names[] = { "a", "p:b", "q:c", "d", "e" };
	const char *name = names[rnd(5)];
	uint32_t i, n;

	strbuf_addf(x, "<%s", name);
	if (rnd(4) == 0)
		strbuf_adds(x, " xmlns:q=\"urn:q2\"");
	if (rnd(5) == 0)
		strbuf_adds(x, " xmlns=\"urn:d2\"");
	if (rnd(3) == 0)
		strbuf_adds(x, " z=\"1 &lt; 2\"");
	if (rnd(3) == 0)
		strbuf_adds(x, " p:y=\"&#9;t\"");
	if (rnd(4) == 0)
		strbuf_adds(x, " q:y=\"\" a=\"&quot;\"");
	if (depth > 4 || rnd(4) == 0) {
		strbuf_adds(x, "/>");
		return;
	}
	strbuf_addc(x, '>');
	n = rnd(4);
	for (i = 0; i < n; i++) {
		if (rnd(2) == 0)
			gen_text(x);
		gen_element(x, depth + 1);
	}
	if (rnd(2) == 0)
		gen_text(x);
	strbuf_addf(x, "</%s>", name);
}

static void
test_xmlcanon__stream_matches_tree_on_generated_replies(void **state)
{
	strbuf_t x = STRBUF_INIT(0);
	uint32_t k, i, n;

	(void)state;
	for (k = 0; k < 2000; k++) {
		strbuf_reset(&x);
		strbuf_adds(&x, "<?xml version=\"1.0\"?>\n<nc:rpc-reply "
		    "xmlns:nc=\"" NC "\" xmlns:p=\"urn:p\" xmlns=\"urn:d\">"
		    "\n  <nc:data xmlns:q=\"urn:q\">");
		n = rnd(4);
		for (i = 0; i < n; i++) {
			gen_text(&x);
			gen_element(&x, 0);
		}
		strbuf_adds(&x, "</nc:data>\n</nc:rpc-reply>\n");
		assert_same(x.ptr);
	}
	strbuf_dispose(&x);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    test_xmlcanon__stream_matches_tree_on_each_rule),
		cmocka_unit_test(test_xmlcanon__ok_reply_is_taken_with_no_data),
		cmocka_unit_test(test_xmlcanon__other_replies_are_handed_back),
		cmocka_unit_test(test_xmlcanon__limit_is_reported_as_reached),
		cmocka_unit_test(test_xmlcanon__limit_never_hides_a_later_error),
		cmocka_unit_test(
		    test_xmlcanon__stream_matches_tree_on_generated_replies),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
