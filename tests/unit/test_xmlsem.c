/*
 * xmlsem: the per-object summary of two NETCONF configurations, on the
 * shapes spangen's IOS XE and Junos payloads read back as.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "push/xmlsem.h"
#include "util/strbuf.h"

#define IOS	"<native xmlns=\"http://cisco.com/ns/yang/Cisco-IOS-XE-native\">"
#define JUNOS	"<configuration xmlns=\"http://yang.juniper.net/junos-qfx/conf/root\">"

static const char local_span[] = IOS
	"<monitor><session><id>2</id>"
	"<source><interface><name>GigabitEthernet1/0/1</name>"
	"<direction>both</direction></interface></source>"
	"<destination><interface><name>GigabitEthernet1/0/48</name>"
	"</interface></destination>"
	"</session></monitor></native>";

static const char erspan_100[] = IOS
	"<monitor><session><id>1</id><type><erspan-source>"
	"<description>spangen: DC3 to S3</description>"
	"<shutdown-source>false</shutdown-source>"
	"<destination><ip><address>198.51.100.4</address></ip>"
	"<erspan-id>100</erspan-id></destination>"
	"</erspan-source></type></session></monitor></native>";

static void
summary_is(const char *before, const char *after, size_t want_lines,
    const char *want)
{
	strbuf_t sb = STRBUF_INIT(0);

	assert_int_equal(xml_semantic(before, strlen(before), after,
	    strlen(after), &sb), want_lines);
	assert_string_equal(strbuf_str(&sb), want);
	strbuf_dispose(&sb);
}

static void
test_xmlsem__new_session_is_one_add_line(void **state)
{
	(void)state;
	summary_is("", local_span, 1,
	    "native/monitor/session[id=2]: add: "
	    "source/interface[name=GigabitEthernet1/0/1]/direction both; "
	    "destination/interface[name=GigabitEthernet1/0/48]\n");
}

static void
test_xmlsem__removed_session_is_one_remove_line(void **state)
{
	(void)state;
	summary_is(local_span, "", 1, "native/monitor/session[id=2]: remove\n");
}

static void
test_xmlsem__equal_documents_say_nothing(void **state)
{
	(void)state;
	summary_is(local_span, local_span, 0, "");
	summary_is("", "", 0, "");
	/* whitespace between elements (the pretty-printed form) is not data */
	summary_is(IOS "<monitor>\n  <session>\n    <id>2</id>\n    <source>"
	    "<interface><name>GigabitEthernet1/0/1</name><direction>both"
	    "</direction></interface></source><destination><interface><name>"
	    "GigabitEthernet1/0/48</name></interface></destination>\n"
	    "  </session>\n</monitor></native>", local_span, 0, "");
}

static void
test_xmlsem__changed_leaf_shows_old_and_new(void **state)
{
	char after[sizeof(erspan_100) + 8];
	char *p;

	(void)state;
	memcpy(after, erspan_100, sizeof(erspan_100));
	p = strstr(after, "<erspan-id>100");
	memcpy(p, "<erspan-id>101", 14);
	summary_is(erspan_100, after, 1,
	    "native/monitor/session[id=1]: change: "
	    "type/erspan-source/destination/erspan-id 100 -> 101\n");
}

static void
test_xmlsem__added_and_removed_entries_inside_an_object(void **state)
{
	(void)state;
	summary_is(local_span, IOS
	    "<monitor><session><id>2</id>"
	    "<source><interface><name>GigabitEthernet1/0/2</name>"
	    "<direction>rx</direction></interface></source>"
	    "<destination><interface><name>GigabitEthernet1/0/48</name>"
	    "</interface></destination>"
	    "</session></monitor></native>", 1,
	    "native/monitor/session[id=2]: change: remove "
	    "source/interface[name=GigabitEthernet1/0/1]/direction both; add "
	    "source/interface[name=GigabitEthernet1/0/2]/direction rx\n");
}

static void
test_xmlsem__objects_in_before_order_then_new_ones(void **state)
{
	(void)state;
	summary_is(IOS "<monitor><session><id>3</id><source><remote><vlan>901"
	    "</vlan></remote></source></session><session><id>1</id>"
	    "<source><remote><vlan>902</vlan></remote></source></session>"
	    "</monitor></native>",
	    IOS "<monitor><session><id>1</id><source><remote><vlan>902</vlan>"
	    "</remote></source></session><session><id>5</id><source><remote>"
	    "<vlan>903</vlan></remote></source></session></monitor></native>",
	    2,
	    "native/monitor/session[id=3]: remove\n"
	    "native/monitor/session[id=5]: add: source/remote/vlan 903\n");
}

static void
test_xmlsem__leaf_lists_compare_by_value(void **state)
{
	(void)state;
	/* Junos trunk members: one added, one kept, the order changed */
	summary_is(JUNOS "<interfaces><interface><name>xe-0/0/1</name><unit>"
	    "<name>0</name><family><ethernet-switching><vlan>"
	    "<members>10</members><members>20</members>"
	    "</vlan></ethernet-switching></family></unit></interface>"
	    "</interfaces></configuration>",
	    JUNOS "<interfaces><interface><name>xe-0/0/1</name><unit>"
	    "<name>0</name><family><ethernet-switching><vlan>"
	    "<members>20</members><members>901</members><members>10</members>"
	    "</vlan></ethernet-switching></family></unit></interface>"
	    "</interfaces></configuration>", 1,
	    "configuration/interfaces/interface[name=xe-0/0/1]: change: add "
	    "unit[name=0]/family/ethernet-switching/vlan/members 901\n");
}

static void
test_xmlsem__empty_leaves_and_key_only_entries(void **state)
{
	(void)state;
	/* an RSPAN VLAN: a key and an empty leaf; a Junos VLAN with only a
	 * name; text with line breaks folded onto one line */
	summary_is("", IOS "<vlan><vlan-list xmlns=\"http://cisco.com/ns/yang/"
	    "Cisco-IOS-XE-vlan\"><id>901</id><remote-span/></vlan-list></vlan>"
	    "</native>" JUNOS "<vlans><vlan><name>rspan</name></vlan></vlans>"
	    "<forwarding-options><analyzer><name>a</name><input><ingress>"
	    "<interface><name>ge-0/0/1</name></interface></ingress></input>"
	    "<description>two\n  lines</description>"
	    "</analyzer></forwarding-options></configuration>", 3,
	    "native/vlan/vlan-list[id=901]: add: remote-span\n"
	    "configuration/vlans/vlan[name=rspan]: add\n"
	    "configuration/forwarding-options/analyzer[name=a]: add: "
	    "input/ingress/interface[name=ge-0/0/1]; description two lines\n");
}

static void
test_xmlsem__leaves_outside_lists_belong_to_their_container(void **state)
{
	(void)state;
	summary_is(IOS "<monitor><erspan><origin><ip-address>203.0.113.4"
	    "</ip-address></origin></erspan></monitor></native>",
	    IOS "<monitor><erspan><origin><ip-address>203.0.113.5"
	    "</ip-address></origin></erspan></monitor></native>", 1,
	    "native/monitor/erspan/origin: change: ip-address 203.0.113.4 -> "
	    "203.0.113.5\n");
}

static void
test_xmlsem__not_xml_gives_no_summary(void **state)
{
	strbuf_t sb = STRBUF_INIT(0);
	(void)state;
	assert_int_equal(xml_semantic("<a>", 3, local_span,
	    strlen(local_span), &sb), 0);
	static const char doctype[] =
	    "<!DOCTYPE x [<!ENTITY e \"v\">]><a>&e;</a>";

	assert_int_equal(xml_semantic(local_span, strlen(local_span),
	    doctype, strlen(doctype), &sb), 0);
	assert_int_equal(sb.len, 0);
	strbuf_dispose(&sb);
}

static void
test_xmlsem__huge_documents_are_not_summarised(void **state)
{
	strbuf_t big = STRBUF_INIT(0), key = STRBUF_INIT(0);
	strbuf_t sb = STRBUF_INIT(0);
	int i;

	(void)state;
	/* too many leaves, on either side */
	strbuf_adds(&big, IOS "<monitor>");
	for (i = 1; i <= 2500; i++)
		strbuf_addf(&big, "<session><id>%d</id><source><remote><vlan>2"
		    "</vlan></remote></source></session>", i);
	strbuf_adds(&big, "</monitor></native>");
	assert_int_equal(xml_semantic("", 0, strbuf_str(&big), big.len, &sb),
	    0);
	assert_int_equal(xml_semantic(strbuf_str(&big), big.len, "", 0, &sb),
	    0);
	/* few leaves, but each would copy a 100 KB key into its path */
	strbuf_reset(&big);
	for (i = 0; i < 100 * 1024; i++)
		strbuf_addc(&key, 'k');
	strbuf_addf(&big, IOS "<monitor><session><id>%s</id>", strbuf_str(&key));
	for (i = 0; i < 100; i++)
		strbuf_adds(&big, "<a/>");
	strbuf_adds(&big, "</session></monitor></native>");
	assert_int_equal(xml_semantic("", 0, strbuf_str(&big), big.len, &sb),
	    0);
	assert_int_equal(sb.len, 0);
	strbuf_dispose(&big);
	strbuf_dispose(&key);
	strbuf_dispose(&sb);
}

static void
test_xmlsem__top_level_list_entries_keep_their_keys(void **state)
{
	(void)state;
	/* ietf-interfaces style: the list entry is the top-level element */
	summary_is("<interface><name>eth0</name><mtu>1500</mtu></interface>"
	    "<interface><name>eth1</name><mtu>1500</mtu></interface>",
	    "<interface><name>eth1</name><mtu>9000</mtu></interface>"
	    "<interface><name>eth9</name><mtu>1500</mtu></interface>", 3,
	    "interface[name=eth0]: remove\n"
	    "interface[name=eth1]: change: mtu 1500 -> 9000\n"
	    "interface[name=eth9]: add: mtu 1500\n");
}

static void
test_xmlsem__key_whitespace_is_folded_like_values(void **state)
{
	(void)state;
	summary_is(IOS "<monitor><session><id> 2 </id><source><remote><vlan>9"
	    "</vlan></remote></source></session></monitor></native>",
	    IOS "<monitor><session><id>2</id><source><remote><vlan>9</vlan>"
	    "</remote></source></session></monitor></native>", 0, "");
	/* an empty leaf that gets a value shows the empty one as "" */
	summary_is(IOS "<monitor><session><id>2</id><description/></session>"
	    "</monitor></native>", IOS "<monitor><session><id>2</id>"
	    "<description>x</description></session></monitor></native>", 1,
	    "native/monitor/session[id=2]: change: description \"\" -> x\n");
}

/* ---- what a NETCONF push may touch -------------------------------------- */

#define NATIVE(x) "<native xmlns=\"http://cisco.com/ns/yang/Cisco-IOS-XE-native\"><monitor>" x "</monitor></native>"
#define SESSION(id, src, extra) "<session><id>" id "</id>" extra "<source><interface><name>" src \
	"</name><direction>both</direction></interface></source><destination><interface>" \
	"<name>GigabitEthernet1/0/48</name></interface></destination></session>"

struct review {
	int		 rc;
	size_t		 nforeign;
	strbuf_t	 foreign;
	strbuf_t	 owned;
};

static void
review(struct review *r, const char *before, const char *after,
    const char *owned)
{
	strbuf_init(&r->foreign, 0);
	strbuf_init(&r->owned, 0);
	r->rc = xml_review(before, strlen(before), after, strlen(after), owned,
	    strlen(owned), &r->foreign, &r->nforeign, &r->owned);
}

static void
review_dispose(struct review *r)
{
	strbuf_dispose(&r->foreign);
	strbuf_dispose(&r->owned);
}

static void
test_xmlsem__review_refuses_a_foreign_session(void **state)
{
	struct review r;

	(void)state;
	review(&r, NATIVE(SESSION("2", "GigabitEthernet1/0/9", "")),
	    NATIVE(SESSION("2", "GigabitEthernet1/0/1", "")), "");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.nforeign, 1);
	assert_non_null(strstr(strbuf_str(&r.foreign),
	    "native/monitor/session[id=2]: the device holds this entry and "
	    "spangen did not create it:\n"
	    "    source/interface[name=GigabitEthernet1/0/9]/direction both\n"));
	review_dispose(&r);
}

static void
test_xmlsem__review_takes_owned_and_marked_entries(void **state)
{
	struct review r;

	(void)state;
	/* recorded by an earlier push of the bundle */
	review(&r, NATIVE(SESSION("2", "GigabitEthernet1/0/9", "")),
	    NATIVE(SESSION("2", "GigabitEthernet1/0/1", "")),
	    "native/monitor/session[id=2]\nnative/monitor/session[id=7]\n");
	assert_int_equal(r.nforeign, 0);
	/* still owned; 7 is not touched here, so it is still there too */
	assert_string_equal(strbuf_str(&r.owned),
	    "native/monitor/session[id=2]\nnative/monitor/session[id=7]\n");
	review_dispose(&r);
	/* a description that says spangen */
	review(&r, NATIVE(SESSION("3", "GigabitEthernet1/0/9",
	    "<description>spangen: DC9 to S1</description>")),
	    NATIVE(SESSION("3", "GigabitEthernet1/0/1",
	    "<description>spangen: DC1 to S1</description>")), "");
	assert_int_equal(r.nforeign, 0);
	review_dispose(&r);
	/* a Junos analyzer named spangen-N */
	review(&r, "<configuration><forwarding-options><analyzer><name>"
	    "spangen-1</name><input><ingress><interface><name>ge-0/0/1.0"
	    "</name></interface></ingress></input></analyzer>"
	    "</forwarding-options></configuration>",
	    "<configuration><forwarding-options><analyzer><name>"
	    "spangen-1</name><input><ingress><interface><name>ge-0/0/2.0"
	    "</name></interface></ingress></input></analyzer>"
	    "</forwarding-options></configuration>", "");
	assert_int_equal(r.nforeign, 0);
	review_dispose(&r);
}

static void
test_xmlsem__review_records_what_a_change_creates_and_removes(void **state)
{
	struct review r;

	(void)state;
	review(&r, NATIVE(SESSION("4", "GigabitEthernet1/0/4", "")),
	    NATIVE(SESSION("2", "GigabitEthernet1/0/1", "")),
	    "native/monitor/session[id=4]\n");
	assert_int_equal(r.nforeign, 0);
	assert_string_equal(strbuf_str(&r.owned),
	    "native/monitor/session[id=2]\n");
	review_dispose(&r);
	/* unreadable: nothing can be said to be safe */
	review(&r, "<native", NATIVE(""), "");
	assert_int_equal(r.rc, -1);
	review_dispose(&r);
}

static void
test_xmlsem__changed_since_the_snapshot(void **state)
{
	const char *snap = NATIVE(SESSION("2", "GigabitEthernet1/0/9", ""));
	const char *after = NATIVE(SESSION("3", "GigabitEthernet1/0/1", ""));

	(void)state;
	/* session 3 was not there, and still is not: fresh */
	assert_int_equal(xml_changed_since(snap, strlen(snap), NATIVE(""),
	    strlen(NATIVE("")), after, strlen(after), "native/monitor/"), 0);
	/* someone added session 3 since */
	assert_int_equal(xml_changed_since(snap, strlen(snap),
	    NATIVE(SESSION("3", "GigabitEthernet1/0/7", "")),
	    strlen(NATIVE(SESSION("3", "GigabitEthernet1/0/7", ""))), after,
	    strlen(after), "native/monitor/"), 1);
	/* outside the prefix nothing counts */
	assert_int_equal(xml_changed_since(snap, strlen(snap),
	    NATIVE(SESSION("3", "GigabitEthernet1/0/7", "")),
	    strlen(NATIVE(SESSION("3", "GigabitEthernet1/0/7", ""))), after,
	    strlen(after), "configuration/"), 0);
	assert_int_equal(xml_changed_since("<a", 2, "", 0, "", 0, ""), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xmlsem__new_session_is_one_add_line),
		cmocka_unit_test(test_xmlsem__removed_session_is_one_remove_line),
		cmocka_unit_test(test_xmlsem__equal_documents_say_nothing),
		cmocka_unit_test(test_xmlsem__changed_leaf_shows_old_and_new),
		cmocka_unit_test(test_xmlsem__added_and_removed_entries_inside_an_object),
		cmocka_unit_test(test_xmlsem__objects_in_before_order_then_new_ones),
		cmocka_unit_test(test_xmlsem__leaf_lists_compare_by_value),
		cmocka_unit_test(test_xmlsem__empty_leaves_and_key_only_entries),
		cmocka_unit_test(test_xmlsem__leaves_outside_lists_belong_to_their_container),
		cmocka_unit_test(test_xmlsem__not_xml_gives_no_summary),
		cmocka_unit_test(test_xmlsem__huge_documents_are_not_summarised),
		cmocka_unit_test(test_xmlsem__top_level_list_entries_keep_their_keys),
		cmocka_unit_test(test_xmlsem__key_whitespace_is_folded_like_values),
		cmocka_unit_test(test_xmlsem__review_refuses_a_foreign_session),
		cmocka_unit_test(
		    test_xmlsem__review_takes_owned_and_marked_entries),
		cmocka_unit_test(
		    test_xmlsem__review_records_what_a_change_creates_and_removes),
		cmocka_unit_test(test_xmlsem__changed_since_the_snapshot),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
