/*
 * ifname: every spelling a switch accepts for one port reads as the one
 * canonical name, per family, and names that are not ports stay as they
 * were written.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "inventory/ifname.h"

static void
expect(ifname_family_t f, const char *name, const char *canon, bool known)
{
	strbuf_t out = STRBUF_INIT(0);

	assert_int_equal(ifname_canon(f, name, strlen(name), &out), known);
	assert_string_equal(strbuf_str(&out), canon);
	strbuf_dispose(&out);
}

/* Whether two names are the same port on that family. */
static bool
ifname_same(ifname_family_t f, const char *a, const char *b)
{
	strbuf_t ca = STRBUF_INIT(0), cb = STRBUF_INIT(0);
	bool same;

	(void)ifname_canon(f, a, strlen(a), &ca);
	(void)ifname_canon(f, b, strlen(b), &cb);
	same = strbuf_equal(&ca, &cb);
	strbuf_dispose(&ca);
	strbuf_dispose(&cb);
	return same;
}

static void
test_ifname__ios_short_long_and_zero_padded_forms_are_one(void **state)
{
	(void)state;
	expect(IFN_IOS, "Gi1/0/1", "GigabitEthernet1/0/1", true);
	expect(IFN_IOS, "gig1/0/1", "GigabitEthernet1/0/1", true);
	expect(IFN_IOS, "GigabitEthernet1/0/01", "GigabitEthernet1/0/1", true);
	expect(IFN_IOS, "GigabitEthernet 1/0/1", "GigabitEthernet1/0/1", true);
	expect(IFN_IOS, "Te1/1/1", "TenGigabitEthernet1/1/1", true);
	expect(IFN_IOS, "TenGigabitEthernet1/1/01", "TenGigabitEthernet1/1/1",
	    true);
	expect(IFN_IOS, "Twe1/0/3", "TwentyFiveGigE1/0/3", true);
	expect(IFN_IOS, "Tw1/0/3", "TwoGigabitEthernet1/0/3", true);
	expect(IFN_IOS, "Po5", "Port-channel5", true);
	expect(IFN_IOS, "Port-channel05", "Port-channel5", true);
	expect(IFN_IOS, "port-channel5", "Port-channel5", true);
	/* 0 is a number too, and 10 keeps its zero */
	expect(IFN_IOS, "Gi1/0/10", "GigabitEthernet1/0/10", true);
	expect(IFN_IOS, "Gi0/00/0", "GigabitEthernet0/0/0", true);
	/* an abbreviation two types share is not guessed */
	expect(IFN_IOS, "Two1/0/1", "Two1/0/1", false);
	expect(IFN_IOS, "Bogus1/0/1", "Bogus1/0/1", false);
}

static void
test_ifname__each_family_has_its_own_capitals(void **state)
{
	(void)state;
	expect(IFN_NXOS, "Eth1/5", "Ethernet1/5", true);
	expect(IFN_NXOS, "ethernet1/05", "Ethernet1/5", true);
	expect(IFN_NXOS, "Port-channel5", "port-channel5", true);
	expect(IFN_NXOS, "po5", "port-channel5", true);
	expect(IFN_EOS, "Et1", "Ethernet1", true);
	expect(IFN_EOS, "Ethernet01", "Ethernet1", true);
	expect(IFN_EOS, "Port-channel5", "Port-Channel5", true);
	expect(IFN_EOS, "Ethernet3/1/2", "Ethernet3/1/2", true);
	expect(IFN_AOSCX, "1/1/05", "1/1/5", true);
	expect(IFN_AOSCX, "1/1/1:2", "1/1/1:2", true);
	expect(IFN_AOSCX, "lag 45", "lag45", true);
	expect(IFN_AOSCX, "LAG45", "lag45", true);
	expect(IFN_JUNOS, "ge-0/0/05", "ge-0/0/5", true);
	expect(IFN_JUNOS, "xe-0/0/1.0", "xe-0/0/1.0", true);
	expect(IFN_JUNOS, "ae01", "ae1", true);
}

static void
test_ifname__what_is_not_a_port_is_kept(void **state)
{
	(void)state;
	expect(IFN_OTHER, "vmnic01", "vmnic01", false);
	expect(IFN_IOS, "remote vlan 901", "remote vlan 901", false);
	expect(IFN_IOS, "", "", false);
	expect(IFN_EOS, "Ethernet", "Ethernet", false);
	expect(IFN_NXOS, "Ethernet1/1x", "Ethernet1/1x", false);
	assert_true(ifname_same(IFN_IOS, "Gi1/0/1", "GigabitEthernet1/0/01"));
	assert_false(ifname_same(IFN_IOS, "Gi1/0/1", "Gi1/0/10"));
	assert_true(ifname_same(IFN_NXOS, "Ethernet1/05", "Eth1/5"));
	/* names that look alike are other ports */
	assert_false(ifname_same(IFN_IOS, "Te1/0/1", "Tw1/0/1"));
	assert_false(ifname_same(IFN_IOS, "Tw1/0/1", "Twe1/0/1"));
	assert_false(ifname_same(IFN_IOS, "Fo1/0/1", "FourH1/0/1"));
	assert_false(ifname_same(IFN_IOS, "Ap1/0/1", "Gi1/0/1"));
	assert_false(ifname_same(IFN_NXOS, "Ethernet1/1", "Ethernet1/1/1"));
	assert_false(ifname_same(IFN_AOSCX, "1/1/1", "1/1/1:1"));
	assert_false(ifname_same(IFN_JUNOS, "ge-0/0/1", "xe-0/0/1"));
	assert_int_equal(ifname_family("cisco-iosxe"), IFN_IOS);
	assert_int_equal(ifname_family("ovs"), IFN_OTHER);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    test_ifname__ios_short_long_and_zero_padded_forms_are_one),
		cmocka_unit_test(test_ifname__each_family_has_its_own_capitals),
		cmocka_unit_test(test_ifname__what_is_not_a_port_is_kept),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
