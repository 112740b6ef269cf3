/*
 * The subtree filter push builds from a NETCONF payload (push/dev_netconf)
 * selects exactly what the payload touches.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "push/device_int.h"

static void
filter_is(const char *payload, const char *want)
{
	strbuf_t out = STRBUF_INIT(0);
	sg_err_t err = SG_ERR_INIT;

	assert_int_equal(dev_netconf_filter(payload, strlen(payload), &out, &err),
	    0);
	assert_string_equal(strbuf_str(&out), want);
	strbuf_dispose(&out);
}

/* List entries are selected by their name key, whole. */
static void
test_ncdevice__list_entries_by_name(void **state)
{
	(void)state;
	filter_is("<!-- spangen -->\n"
	    "<configuration xmlns=\"urn:r\" "
	    "xmlns:nc=\"urn:ietf:params:xml:ns:netconf:base:1.0\">\n"
	    "  <forwarding-options xmlns=\"urn:fo\">\n"
	    "    <analyzer nc:operation=\"replace\">\n"
	    "      <name>spangen-1</name>\n"
	    "      <input><ingress><interface><name>ge-0/0/1.0</name>"
	    "</interface></ingress></input>\n"
	    "      <output><interface>ge-0/0/47.0</interface></output>\n"
	    "    </analyzer>\n"
	    "  </forwarding-options>\n"
	    "</configuration>\n",
	    "<configuration xmlns=\"urn:r\" "
	    "xmlns:nc=\"urn:ietf:params:xml:ns:netconf:base:1.0\">"
	    "<forwarding-options xmlns=\"urn:fo\"><analyzer>"
	    "<name>spangen-1</name></analyzer></forwarding-options>"
	    "</configuration>");
}

/* A leaf outside a keyed entry stays as a content match. */
static void
test_ncdevice__leaves_match_content(void **state)
{
	(void)state;
	filter_is("<c xmlns=\"urn:r\"><vlan><members>V900</members></vlan>"
	    "<v><x><!-- note --><y>1</y></x></v></c>",
	    "<c xmlns=\"urn:r\"><vlan><members>V900</members></vlan>"
	    "<v><x><y>1</y></x></v></c>");
}

static void
test_ncdevice__malformed_payload_is_refused(void **state)
{
	static const char xxe[] = "<!DOCTYPE a [<!ENTITY x SYSTEM "
	    "\"file:///etc/passwd\">]><a>&x;</a>";
	strbuf_t out = STRBUF_INIT(0);
	sg_err_t err = SG_ERR_INIT;

	(void)state;
	assert_int_equal(dev_netconf_filter("<a><b></a>", 10, &out, &err),
	    SG_EINVAL);
	/* an external entity is never loaded */
	assert_false(dev_netconf_filter(xxe, strlen(xxe), &out, &err) == 0 &&
	    strstr(strbuf_str(&out), "root:") != NULL);
	strbuf_dispose(&out);
}

/*
 * The exact inverse: an entry that was there comes back whole (replace),
 * one that was not goes (remove, by its key only), containers are walked.
 */
static void
test_ncdevice__inverse_puts_back_what_was_there(void **state)
{
	const char *payload =
	    "<native xmlns=\"urn:x\" "
	    "xmlns:nc=\"urn:ietf:params:xml:ns:netconf:base:1.0\">"
	    "<monitor><session nc:operation=\"replace\"><id>2</id>"
	    "<source><interface><name>Gi1/0/1</name></interface></source>"
	    "</session><session nc:operation=\"replace\"><id>3</id>"
	    "<source><interface><name>Gi1/0/7</name></interface></source>"
	    "</session></monitor></native>";
	const char *before = "<native xmlns=\"urn:x\"><monitor><session>"
	    "<id>2</id><description>spangen: DC9</description><source>"
	    "<interface><name>Gi1/0/9</name></interface></source></session>"
	    "</monitor></native>";
	strbuf_t out = STRBUF_INIT(0);
	sg_err_t err = SG_ERR_INIT;
	const char *s;

	(void)state;
	assert_int_equal(dev_netconf_inverse(payload, strlen(payload), before,
	    strlen(before), &out, &err), 0);
	s = strbuf_str(&out);
	assert_non_null(strstr(s, "<session nc:operation=\"replace\"><id>2"
	    "</id><description>spangen: DC9</description><source><interface>"
	    "<name>Gi1/0/9</name></interface></source></session>"));
	assert_non_null(strstr(s, "<session nc:operation=\"remove\"><id>3"
	    "</id></session>"));
	assert_null(strstr(s, "Gi1/0/7"));
	assert_null(strstr(s, "Gi1/0/1<"));
	strbuf_dispose(&out);
	assert_int_equal(dev_netconf_inverse(payload, strlen(payload), "<a",
	    2, &out, &err), SG_EINVAL);
	strbuf_dispose(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ncdevice__list_entries_by_name),
		cmocka_unit_test(test_ncdevice__leaves_match_content),
		cmocka_unit_test(test_ncdevice__malformed_payload_is_refused),
		cmocka_unit_test(
		    test_ncdevice__inverse_puts_back_what_was_there),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
