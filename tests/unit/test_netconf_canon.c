/*
 * The NETCONF client's pure parts: the canonical XML used for diffs, its
 * refusal of hostile documents, and the one-line form of <rpc-error>
 * replies (canned replies, as netconfd and Junos send them).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <cmocka.h>

#include "testutil.h"
#include "transport/netconf.h"
#include "util/xmalloc.h"

static char *
canon(const char *xml, int want_rc, sg_err_t *err)
{
	strbuf_t out = STRBUF_INIT(0);

	assert_int_equal(netconf_canon(xml, strlen(xml), &out, err), want_rc);
	return strbuf_detach(&out, NULL);
}

static void
assert_canon(const char *xml, const char *want)
{
	sg_err_t err = SG_ERR_INIT;
	char *got = canon(xml, 0, &err);

	assert_string_equal(got, want);
	free(got);
}

static void
assert_refused(const char *xml, int code, const char *msg_prefix)
{
	sg_err_t err = SG_ERR_INIT;
	char *got = canon(xml, code, &err);

	assert_string_equal(got, "");
	if (strncmp(err.msg, msg_prefix, strlen(msg_prefix)) != 0)
		fail_msg("message \"%s\" does not start with \"%s\"", err.msg,
		    msg_prefix);
	free(got);
}

static void
test_netconf_canon__pretty_prints_with_two_spaces(void **state)
{
	(void)state;
	assert_canon("<?xml version=\"1.0\"?><a xmlns=\"urn:x\"><b>1</b>"
	    "<c><d/></c></a>",
	    "<a xmlns=\"urn:x\">\n"
	    "  <b>1</b>\n"
	    "  <c>\n"
	    "    <d/>\n"
	    "  </c>\n"
	    "</a>\n");
}

static void
test_netconf_canon__whitespace_and_comments_do_not_matter(void **state)
{
	char *golden, *a, *b, *c, *p, *q;
	strbuf_t compact = STRBUF_INIT(0), commented = STRBUF_INIT(0);
	sg_err_t err = SG_ERR_INIT;
	bool intag = false;

	(void)state;
	golden = test_path("SG_SOURCE_DIR", "tests/golden/render/"
	    "juniper-junos-netconf/expected/devices/ex1/intended.xml");
	p = test_slurp(golden);
	/* the same document on one line, and with comments between tags */
	for (q = p; *q != '\0'; q++) {
		if (*q == '<')
			intag = true;
		if (*q == '>') {
			intag = false;
			strbuf_addc(&compact, '>');
			strbuf_addc(&commented, '>');
			/* between tags, not inside a value */
			if (q[strspn(q + 1, " \n") + 1] == '<')
				strbuf_adds(&commented, "<!-- x -->\n\t\t");
			continue;
		}
		if (intag || (*q != '\n' && *q != ' ')) {
			strbuf_addc(&compact, *q);
			strbuf_addc(&commented, *q);
		}
	}
	a = canon(p, 0, &err);
	b = canon(compact.ptr, 0, &err);
	c = canon(commented.ptr, 0, &err);
	assert_string_equal(a, b);
	assert_string_equal(a, c);
	/* and the canonical form is the golden file minus its comment */
	assert_string_equal(a, strchr(p, '\n') + 1);
	free(a);
	free(b);
	free(c);
	free(p);
	free(golden);
	strbuf_dispose(&compact);
	strbuf_dispose(&commented);
}

static void
test_netconf_canon__empty_containers_agree(void **state)
{
	(void)state;
	assert_canon("<f xmlns=\"urn:x\">\n  </f>", "<f xmlns=\"urn:x\"/>\n");
	assert_canon("<f xmlns=\"urn:x\"></f>", "<f xmlns=\"urn:x\"/>\n");
}

static void
test_netconf_canon__sorts_attributes_and_namespaces(void **state)
{
	static const char want[] =
	    "<r xmlns=\"urn:d\" xmlns:a=\"urn:a\" xmlns:nc=\"urn:nc\" "
	    "id=\"7\" nc:operation=\"replace\">\n"
	    "  <a:leaf>v</a:leaf>\n"
	    "</r>\n";

	(void)state;
	assert_canon("<r xmlns:nc=\"urn:nc\" nc:operation=\"replace\" id=\"7\" "
	    "xmlns:a=\"urn:a\" xmlns=\"urn:d\"><a:leaf>v</a:leaf></r>", want);
	assert_canon("<r id='7' xmlns='urn:d' nc:operation='replace' "
	    "xmlns:a='urn:a' xmlns:nc='urn:nc'>\n <a:leaf>v</a:leaf>\n</r>",
	    want);
}

static void
test_netconf_canon__escapes_text_and_joins_cdata(void **state)
{
	(void)state;
	assert_canon("<d>a &amp; b &lt; c &gt; d</d>",
	    "<d>a &amp; b &lt; c &gt; d</d>\n");
	assert_canon("<d><![CDATA[a & b < c > d]]></d>",
	    "<d>a &amp; b &lt; c &gt; d</d>\n");
	assert_canon("<d x=\"q&quot;&#10;t&#9;\">v</d>",
	    "<d x=\"q&quot;&#10;t&#9;\">v</d>\n");
	/* text split by a comment is one value */
	assert_canon("<d>ge-0/0/<!-- c -->1.0</d>", "<d>ge-0/0/1.0</d>\n");
	/* a value's own spaces are kept */
	assert_canon("<d> spaced out </d>", "<d> spaced out </d>\n");
}

static void
test_netconf_canon__mixed_content_keeps_its_text(void **state)
{
	(void)state;
	assert_canon("<p>before<b>x</b>after</p>",
	    "<p>\n  before\n  <b>x</b>\n  after\n</p>\n");
}

static void
test_netconf_canon__whitespace_only_input_is_empty(void **state)
{
	(void)state;
	assert_canon("", "");
	assert_canon(" \n\t\r\n", "");
}

static void
test_netconf_canon__refuses_doctypes_and_entities(void **state)
{
	(void)state;
	/* the billion laughs never get their entities declared */
	assert_refused("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n"
	    "<!ENTITY lol \"lol\">\n"
	    "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
	    "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
	    "]>\n<lolz>&lol3;</lolz>", SG_EINVAL,
	    "xml: a DOCTYPE is not allowed");
	/* nor is a file read through an external entity */
	assert_refused("<!DOCTYPE d [<!ENTITY x SYSTEM "
	    "\"file:///etc/passwd\">]><d>&x;</d>", SG_EINVAL,
	    "xml: a DOCTYPE is not allowed");
	assert_refused("<!DOCTYPE d SYSTEM \"http://192.0.2.1/d.dtd\"><d/>",
	    SG_EINVAL, "xml: a DOCTYPE is not allowed");
	/* without a DTD only the predefined entities exist */
	assert_refused("<d>&x;</d>", SG_EINVAL, "xml:1:7: Entity 'x' not "
	    "defined");
}

static void
test_netconf_canon__reports_malformed_xml_position(void **state)
{
	(void)state;
	assert_refused("<a>\n  <b>\n</a>", SG_EINVAL, "xml:3:");
	assert_refused("<a/><b/>", SG_EINVAL, "xml:1:");
	assert_refused("not xml", SG_EINVAL, "xml:1:1: ");
	/* a prefix nobody declared names no namespace */
	assert_refused("<a><p:b/></a>", SG_EINVAL, "xml:1:");
}

static void
test_netconf_canon__limits_depth_and_size(void **state)
{
	strbuf_t deep = STRBUF_INIT(0), out = STRBUF_INIT(10);
	sg_err_t err = SG_ERR_INIT;
	char *huge;
	int i;

	(void)state;
	for (i = 0; i < 300; i++)
		strbuf_adds(&deep, "<n>");
	for (i = 0; i < 300; i++)
		strbuf_adds(&deep, "</n>");
	assert_refused(deep.ptr, SG_EINVAL, "xml:1:");
	strbuf_dispose(&deep);
	/* the size is checked before a byte is parsed */
	huge = xmalloc(NETCONF_CANON_MAX + 1);
	memset(huge, ' ', NETCONF_CANON_MAX + 1);
	memcpy(huge, "<a/>", 4);
	assert_int_equal(netconf_canon(huge, NETCONF_CANON_MAX + 1, &out,
	    &err), SG_ETOOBIG);
	assert_string_equal(err.msg, "xml: a document over 67108864 bytes");
	free(huge);
	/* and the output respects its buffer's limit */
	sg_err_clear(&err);
	assert_int_equal(netconf_canon("<abc><def/></abc>", 17, &out, &err),
	    SG_ETOOBIG);
	assert_string_equal(err.msg, "xml: the canonical form is over 10 "
	    "bytes");
	strbuf_dispose(&out);
}

/* ---- rpc-error lines ---------------------------------------------------- */

static int
reply(const char *xml, const char *op, strbuf_t *data, sg_err_t *err)
{
	return netconf_reply_parse(xml, strlen(xml), "ex1", op, data, err);
}

static void
test_netconf_reply__rpc_error_is_one_line(void **state)
{
	sg_err_t err = SG_ERR_INIT;

	(void)state;
	/* as netconfd 2.13 answers an unknown element in edit-config */
	assert_int_equal(reply(
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<rpc-reply message-id=\"3\"\n"
	    "  xmlns:nc=\"urn:ietf:params:xml:ns:netconf:base:1.0\"\n"
	    "  xmlns:jc=\"http://yang.juniper.net/junos-qfx/conf/root\"\n"
	    "  xmlns:ncx=\"http://netconfcentral.org/ns/yuma-ncx\"\n"
	    "  xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\">\n"
	    "  <rpc-error>\n"
	    "    <error-type>protocol</error-type>\n"
	    "    <error-tag>unknown-element</error-tag>\n"
	    "    <error-severity>error</error-severity>\n"
	    "    <error-app-tag>data-invalid</error-app-tag>\n"
	    "    <error-path>/nc:rpc/nc:edit-config/nc:config/jc:configuration/"
	    "jc-forwarding-options:forwarding-options</error-path>\n"
	    "    <error-message xml:lang=\"en\">unknown object"
	    "</error-message>\n"
	    "    <error-info>\n"
	    "      <bad-element\n"
	    "        xmlns:jc-forwarding-options=\"http://yang.juniper.net/"
	    "junos-qfx/conf/forwarding-options\">jc-forwarding-options:bogus"
	    "</bad-element>\n"
	    "      <error-number "
	    "xmlns=\"http://netconfcentral.org/ns/yuma-ncx\">293"
	    "</error-number>\n"
	    "    </error-info>\n"
	    "  </rpc-error>\n"
	    "</rpc-reply>", "edit-config", NULL, &err), SG_EDEVICE);
	assert_string_equal(err.msg, "ex1: edit-config: unknown-element at "
	    "/nc:rpc/nc:edit-config/nc:config/jc:configuration/"
	    "jc-forwarding-options:forwarding-options: unknown object; bad "
	    "element 'jc-forwarding-options:bogus'");
}

static void
test_netconf_reply__lock_denied_names_the_holder(void **state)
{
	sg_err_t err = SG_ERR_INIT;

	(void)state;
	assert_int_equal(reply(
	    "<rpc-reply message-id=\"1\" "
	    "xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\"><rpc-error>"
	    "<error-type>protocol</error-type>"
	    "<error-tag>lock-denied</error-tag><error-severity>error"
	    "</error-severity><error-message xml:lang=\"en\">lock denied"
	    "</error-message><error-info><session-id>5</session-id>"
	    "</error-info></rpc-error></rpc-reply>", "lock", NULL, &err),
	    SG_EDEVICE);
	assert_string_equal(err.msg, "ex1: lock: lock-denied: lock denied; "
	    "lock held by session 5");
	sg_err_clear(&err);
	assert_int_equal(reply(
	    "<rpc-reply xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\">"
	    "<rpc-error><error-tag>lock-denied</error-tag><error-info>"
	    "<session-id>0</session-id></error-info></rpc-error></rpc-reply>",
	    "lock", NULL, &err), SG_EDEVICE);
	assert_string_equal(err.msg, "ex1: lock: lock-denied; lock held "
	    "outside NETCONF (session 0)");
}

static void
test_netconf_reply__device_text_is_flattened(void **state)
{
	sg_err_t err = SG_ERR_INIT;

	(void)state;
	/* Junos wraps its messages in newlines; a line stays a line */
	assert_int_equal(reply(
	    "<nc:rpc-reply "
	    "xmlns:nc=\"urn:ietf:params:xml:ns:netconf:base:1.0\">"
	    "<nc:rpc-error><nc:error-severity>error</nc:error-severity>"
	    "<nc:error-tag>\ninvalid-value\n</nc:error-tag><nc:error-message>\n"
	    "  analyzer spangen-1: output\n\tinterface missing &#127;\n"
	    "</nc:error-message></nc:rpc-error>"
	    "<nc:rpc-error><nc:error-tag>operation-failed</nc:error-tag>"
	    "</nc:rpc-error></nc:rpc-reply>", "commit", NULL, &err),
	    SG_EDEVICE);
	assert_string_equal(err.msg, "ex1: commit: invalid-value: analyzer "
	    "spangen-1: output interface missing ? (and 1 more errors)");
}

static void
test_netconf_reply__long_message_is_cut(void **state)
{
	strbuf_t xml = STRBUF_INIT(0);
	sg_err_t err = SG_ERR_INIT;
	size_t i;

	(void)state;
	strbuf_adds(&xml, "<rpc-reply xmlns=\"urn:ietf:params:xml:ns:netconf:"
	    "base:1.0\"><rpc-error><error-tag>invalid-value</error-tag>"
	    "<error-message>");
	for (i = 0; i < 3000; i++)
		strbuf_addc(&xml, (char)('a' + i % 26));
	strbuf_adds(&xml, "</error-message></rpc-error></rpc-reply>");
	assert_int_equal(netconf_reply_parse(xml.ptr, xml.len, "ex1", "commit",
	    NULL, &err), SG_EDEVICE);
	assert_int_equal(strlen(err.msg), SG_ERR_MSGMAX - 1);
	assert_int_equal(strncmp(err.msg, "ex1: commit: invalid-value: "
	    "abcdefghijklmnopqrstuvwxyzabc", 57), 0);
	strbuf_dispose(&xml);
}

static void
test_netconf_reply__leading_blank_skipped(void **state)
{
	sg_err_t err = SG_ERR_INIT;

	(void)state;
	/* base:1.0 servers often send a newline after "]]>]]>" */
	assert_int_equal(reply("\n\r\n<?xml version=\"1.0\"?>"
	    "<rpc-reply xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\">"
	    "<ok/></rpc-reply>", "unlock", NULL, &err), 0);
	assert_string_equal(err.msg, "");
}

static void
test_netconf_reply__warnings_alone_succeed(void **state)
{
	sg_err_t err = SG_ERR_INIT;

	(void)state;
	assert_int_equal(reply(
	    "<rpc-reply xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\">"
	    "<rpc-error><error-severity>warning</error-severity>"
	    "<error-tag>operation-failed</error-tag></rpc-error><ok/>"
	    "</rpc-reply>", "commit", NULL, &err), 0);
	assert_int_equal(err.code, 0);
}

static void
test_netconf_reply__data_elements_carry_their_namespaces(void **state)
{
	strbuf_t data = STRBUF_INIT(0);
	sg_err_t err = SG_ERR_INIT;

	(void)state;
	/* the prefix is declared on <rpc-reply>, far above the data */
	assert_int_equal(reply(
	    "<rpc-reply xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\" "
	    "xmlns:j=\"http://yang.juniper.net/junos-qfx/conf/root\" "
	    "message-id=\"2\">\n<data>\n  <j:configuration>"
	    "<j:x>1</j:x></j:configuration>\n  <m xmlns=\"urn:m\"/>\n</data>"
	    "</rpc-reply>", "get-config", &data, &err), 0);
	assert_string_equal(strbuf_str(&data), "<j:configuration "
	    "xmlns:j=\"http://yang.juniper.net/junos-qfx/conf/root\">\n"
	    "  <j:x>1</j:x>\n"
	    "</j:configuration>\n"
	    "<m xmlns=\"urn:m\"/>\n");
	strbuf_reset(&data);
	/* attributes too; unused declarations stay behind; xml: is built in */
	assert_int_equal(reply(
	    "<rpc-reply xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\" "
	    "xmlns:a=\"urn:a\" xmlns:unused=\"urn:u\"><data><x xmlns=\"urn:x\" "
	    "a:flag=\"1\" xml:lang=\"en\"><y a:flag=\"2\"/></x></data>"
	    "</rpc-reply>", "get", &data, &err), 0);
	assert_string_equal(strbuf_str(&data), "<x xmlns=\"urn:x\" "
	    "xmlns:a=\"urn:a\" xml:lang=\"en\" a:flag=\"1\">\n"
	    "  <y a:flag=\"2\"/>\n"
	    "</x>\n");
	strbuf_reset(&data);
	assert_int_equal(reply("<rpc-reply xmlns=\"urn:ietf:params:xml:ns:"
	    "netconf:base:1.0\"><ok/></rpc-reply>", "lock", &data, &err), 0);
	assert_string_equal(strbuf_str(&data), "");
	strbuf_dispose(&data);
}

static void
test_netconf_reply__other_messages_are_not_replies(void **state)
{
	sg_err_t err = SG_ERR_INIT;

	(void)state;
	assert_int_equal(reply("<notification xmlns=\"urn:ietf:params:xml:ns:"
	    "netconf:notification:1.0\"><eventTime>2024-01-01T00:00:00Z"
	    "</eventTime></notification>", "lock", NULL, &err), SG_EIO);
	assert_string_equal(err.msg, "ex1: reply to lock: not an "
	    "<rpc-reply>");
	sg_err_clear(&err);
	/* the right name in another namespace is not NETCONF's */
	assert_int_equal(reply("<rpc-reply/>", "lock", NULL, &err), SG_EIO);
	sg_err_clear(&err);
	assert_int_equal(reply("<rpc-reply", "lock", NULL, &err), SG_EINVAL);
	assert_int_equal(strncmp(err.msg, "ex1: reply to lock:1:", 21), 0);
}

/*
 * A reply that declares an encoding and breaks it fails to parse, and
 * libxml2's conversion error is not printed on spangen's stderr.
 */
static void
test_netconf_canon__broken_encoding_prints_nothing(void **state)
{
	static const char doc[] =
	    "<?xml version='1.0' encoding='ISO-2022-JP'?><a>\x1b$B\xff\xff</a>";
	strbuf_t out = STRBUF_INIT(0);
	sg_err_t err = SG_ERR_INIT;
	char tmpl[] = "/tmp/sg-stderr.XXXXXX";
	int fd, saved;
	off_t written;

	(void)state;
	fd = mkstemp(tmpl);
	assert_true(fd >= 0);
	(void)unlink(tmpl);
	(void)fflush(stderr);
	saved = dup(2);
	assert_true(saved >= 0 && dup2(fd, 2) == 2);
	assert_int_not_equal(netconf_canon(doc, sizeof(doc) - 1, &out, &err),
	    0);
	(void)fflush(stderr);
	written = lseek(fd, 0, SEEK_END);
	(void)dup2(saved, 2);
	(void)close(saved);
	(void)close(fd);
	assert_int_equal(written, 0);
	assert_true(err.msg[0] != '\0');
	strbuf_dispose(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    test_netconf_canon__pretty_prints_with_two_spaces),
		cmocka_unit_test(
		    test_netconf_canon__whitespace_and_comments_do_not_matter),
		cmocka_unit_test(
		    test_netconf_canon__empty_containers_agree),
		cmocka_unit_test(
		    test_netconf_canon__sorts_attributes_and_namespaces),
		cmocka_unit_test(
		    test_netconf_canon__escapes_text_and_joins_cdata),
		cmocka_unit_test(
		    test_netconf_canon__mixed_content_keeps_its_text),
		cmocka_unit_test(
		    test_netconf_canon__whitespace_only_input_is_empty),
		cmocka_unit_test(
		    test_netconf_canon__refuses_doctypes_and_entities),
		cmocka_unit_test(
		    test_netconf_canon__reports_malformed_xml_position),
		cmocka_unit_test(test_netconf_canon__limits_depth_and_size),
		cmocka_unit_test(
		    test_netconf_canon__broken_encoding_prints_nothing),
		cmocka_unit_test(test_netconf_reply__rpc_error_is_one_line),
		cmocka_unit_test(
		    test_netconf_reply__lock_denied_names_the_holder),
		cmocka_unit_test(test_netconf_reply__device_text_is_flattened),
		cmocka_unit_test(test_netconf_reply__long_message_is_cut),
		cmocka_unit_test(test_netconf_reply__leading_blank_skipped),
		cmocka_unit_test(test_netconf_reply__warnings_alone_succeed),
		cmocka_unit_test(
		    test_netconf_reply__data_elements_carry_their_namespaces),
		cmocka_unit_test(
		    test_netconf_reply__other_messages_are_not_replies),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
