/*
 * cfgreview: which entries a change may touch (spangen's own, by record or
 * mark) and the exact inverse, for each CLI dialect.  Every inverse is
 * checked the way the device would see it: the running configuration, the
 * change and then the inverse must leave every entry as it was.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "push/cfgreview.h"
#include "push/cfgtree.h"
#include "testutil.h"

struct rev {
	int		 rc;
	sg_err_t	 err;
	cfg_review_t	 rv;
};

static void
review(struct rev *r, cfg_dialect_t d, const char *running,
    const char *lines, const char *owned)
{
	sg_err_clear(&r->err);
	cfg_review_init(&r->rv);
	r->rc = cfg_review(d, running, strlen(running), lines, strlen(lines),
	    owned, strlen(owned), &r->rv, &r->err);
}

/*
 * The running config, the lines and then the inverse, as a device would
 * take them: every entry they touch must be back as it was.
 */
static void
assert_exact(cfg_dialect_t d, const char *running, const char *lines,
    const char *inverse)
{
	strbuf_t all = STRBUF_INIT(0), before = STRBUF_INIT(0);
	strbuf_t after = STRBUF_INIT(0);
	sg_err_t err = SG_ERR_INIT;

	strbuf_adds(&all, lines);
	strbuf_adds(&all, "\nend\n");
	strbuf_adds(&all, inverse);
	assert_int_equal(cfg_preview(d, running, strlen(running),
	    strbuf_str(&all), all.len, &before, &after, &err), 0);
	if (!cfg_same(strbuf_str(&before), before.len, strbuf_str(&after),
	    after.len))
		fail_msg("not back as it was:\n--- before\n%s--- after\n%s",
		    strbuf_str(&before), strbuf_str(&after));
	strbuf_dispose(&all);
	strbuf_dispose(&before);
	strbuf_dispose(&after);
}

static void
rev_dispose(struct rev *r)
{
	cfg_review_dispose(&r->rv);
}

#define IOSXE_TRUNK(list) \
	"interface TenGigabitEthernet1/1/1\n" list \
	" switchport mode trunk\n" \
	"interface GigabitEthernet1/0/5\n" \
	" switchport access vlan 20\n" \
	"end\n"

static const char iosxe_lines[] =
	"vlan 901\n"
	" remote-span\n"
	" exit\n"
	"interface TenGigabitEthernet1/1/1\n"
	" switchport trunk allowed vlan add 901\n"
	" exit\n"
	"no monitor session 2\n"
	"monitor session 2 source interface GigabitEthernet1/0/5 both\n"
	"monitor session 2 destination remote vlan 901\n";

/* Every VLAN allowed (no line, or 2-4094 printed): the trunk is not touched. */
static void
test_cfgreview__trunk_that_allowed_the_vlan_is_left_alone(void **state)
{
	static const char *const running[] = {
		IOSXE_TRUNK(""),
		IOSXE_TRUNK(" switchport trunk allowed vlan 2-4094\n"),
		IOSXE_TRUNK(" switchport trunk allowed vlan 1-4094\n"),
		IOSXE_TRUNK(" switchport trunk allowed vlan 10,20,900-902\n"),
	};
	struct rev r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(running) / sizeof(running[0]); i++) {
		review(&r, CFG_IOSXE, running[i], iosxe_lines, "");
		assert_int_equal(r.rc, 0);
		assert_int_equal(r.rv.nforeign, 0);
		assert_null(strstr(strbuf_str(&r.rv.inverse), "trunk"));
		assert_null(strstr(strbuf_str(&r.rv.inverse), "interface"));
		assert_non_null(strstr(strbuf_str(&r.rv.inverse),
		    "no monitor session 2\n"));
		assert_non_null(strstr(strbuf_str(&r.rv.inverse),
		    "no vlan 901\n"));
		assert_exact(CFG_IOSXE, running[i], iosxe_lines,
		    strbuf_str(&r.rv.inverse));
		rev_dispose(&r);
	}
}

static void
test_cfgreview__trunk_list_gets_its_old_value_back(void **state)
{
	const char *running = IOSXE_TRUNK(
	    " switchport trunk allowed vlan 10,20\n");
	struct rev r;

	(void)state;
	review(&r, CFG_IOSXE, running, iosxe_lines, "");
	assert_int_equal(r.rc, 0);
	assert_string_equal(strbuf_str(&r.rv.inverse),
	    "no monitor session 2\n"
	    "interface TenGigabitEthernet1/1/1\n"
	    " switchport trunk allowed vlan 10,20\n"
	    " exit\n"
	    "no vlan 901\n");
	assert_string_equal(strbuf_str(&r.rv.owned),
	    "vlan 901\nmonitor session 2\n");
	assert_exact(CFG_IOSXE, running, iosxe_lines,
	    strbuf_str(&r.rv.inverse));
	rev_dispose(&r);
}

/* A list wrapped into "add" lines comes back whole, typed in pieces. */
static void
test_cfgreview__wrapped_trunk_list_is_typed_back_in_pieces(void **state)
{
	strbuf_t running = STRBUF_INIT(0), list = STRBUF_INIT(0);
	struct rev r;
	const char *inv, *p;
	int v, lines = 0;

	(void)state;
	for (v = 2; v < 600; v += 3)
		strbuf_addf(&list, v == 2 ? "%d" : ",%d", v);
	strbuf_addf(&running, "interface TenGigabitEthernet1/1/1\n"
	    " switchport trunk allowed vlan 2,5,8\n"
	    " switchport trunk allowed vlan add %s\n"
	    " switchport mode trunk\nend\n", strbuf_str(&list) + 6);
	review(&r, CFG_IOSXE, strbuf_str(&running), iosxe_lines, "");
	assert_int_equal(r.rc, 0);
	inv = strbuf_str(&r.rv.inverse);
	assert_non_null(strstr(inv, " switchport trunk allowed vlan 2,5,8,"));
	assert_non_null(strstr(inv, " switchport trunk allowed vlan add "));
	for (p = inv; (p = strchr(p, '\n')) != NULL; p++)
		lines++;
	assert_true(lines > 5);
	assert_exact(CFG_IOSXE, strbuf_str(&running), iosxe_lines, inv);
	rev_dispose(&r);
	strbuf_dispose(&running);
	strbuf_dispose(&list);
}

static void
test_cfgreview__foreign_session_is_in_the_way(void **state)
{
	const char *running = IOSXE_TRUNK("")
	    "monitor session 2 source interface Gi1/0/9\n"
	    "monitor session 2 destination interface Gi1/0/47\n"
	    "end\n";
	struct rev r;
	const char *f;

	(void)state;
	review(&r, CFG_IOSXE, running, iosxe_lines, "");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.rv.nforeign, 1);
	f = strbuf_str(&r.rv.foreign);
	assert_non_null(strstr(f, "monitor session 2: the device holds this "
	    "session and spangen did not create it:\n"));
	assert_non_null(strstr(f, "    monitor session 2 source interface "
	    "GigabitEthernet1/0/9 both\n"));
	assert_non_null(strstr(f, "    monitor session 2 destination "
	    "interface GigabitEthernet1/0/47\n"));
	rev_dispose(&r);
}

/* Recorded as spangen's: changed, and put back line for line. */
static void
test_cfgreview__owned_session_is_typed_back(void **state)
{
	const char *running = IOSXE_TRUNK("")
	    "monitor session 2 source interface Gi1/0/9\n"
	    "monitor session 2 destination interface Gi1/0/47\n"
	    "end\n";
	struct rev r;

	(void)state;
	review(&r, CFG_IOSXE, running, iosxe_lines, "monitor session 2\n");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.rv.nforeign, 0);
	assert_non_null(strstr(strbuf_str(&r.rv.inverse),
	    "no monitor session 2\n"
	    "monitor session 2 source interface GigabitEthernet1/0/9 both\n"
	    "monitor session 2 destination interface GigabitEthernet1/0/47\n"));
	assert_exact(CFG_IOSXE, running, iosxe_lines,
	    strbuf_str(&r.rv.inverse));
	rev_dispose(&r);
}

/* The device already holds what the lines make: nothing to do, no owner. */
static void
test_cfgreview__session_already_as_intended(void **state)
{
	const char *running = IOSXE_TRUNK("")
	    "vlan 901\n remote-span\n"
	    "monitor session 2 source interface Gi1/0/5\n"
	    "monitor session 2 destination remote vlan 901\n"
	    "end\n";
	struct rev r;

	(void)state;
	review(&r, CFG_IOSXE, running, iosxe_lines, "");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.rv.nforeign, 0);
	assert_string_equal(strbuf_str(&r.rv.inverse), "");
	assert_string_equal(strbuf_str(&r.rv.owned), "");
	rev_dispose(&r);
}

static void
test_cfgreview__production_vlan_is_in_the_way(void **state)
{
	const char *running = "vlan 901\n name PRINTERS\n"
	    IOSXE_TRUNK("");
	struct rev r;

	(void)state;
	review(&r, CFG_IOSXE, running, iosxe_lines, "");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.rv.nforeign, 1);
	assert_non_null(strstr(strbuf_str(&r.rv.foreign), "vlan 901: the "
	    "device already has this VLAN, and spangen did not create it:\n"
	    "    vlan 901\n     name PRINTERS\n"));
	rev_dispose(&r);

	/* recorded as spangen's: the VLAN stays, only remote-span goes */
	review(&r, CFG_IOSXE, running, iosxe_lines, "vlan 901\n");
	assert_int_equal(r.rv.nforeign, 0);
	assert_non_null(strstr(strbuf_str(&r.rv.inverse),
	    "vlan 901\n no remote-span\n exit\n"));
	assert_null(strstr(strbuf_str(&r.rv.inverse), "no vlan 901"));
	assert_exact(CFG_IOSXE, running, iosxe_lines,
	    strbuf_str(&r.rv.inverse));
	rev_dispose(&r);
}

static const char nxos_lines[] =
	"vlan 901\n"
	"  name SPANGEN-RSPAN-901\n"
	"interface Ethernet1/48\n"
	"  switchport\n"
	"  switchport monitor\n"
	"no monitor session 1\n"
	"monitor session 1\n"
	"  description spangen: DC01 to S1\n"
	"  source interface Ethernet1/5 both\n"
	"  destination interface Ethernet1/48\n"
	"  no shut\n";

/* NX-OS prints unnamed VLANs as one list: one in it is in use. */
static void
test_cfgreview__nxos_vlan_inside_a_list_is_in_the_way(void **state)
{
	const char *running = "vlan 1,10,900-902\n"
	    "interface Ethernet1/48\n  description sensor\n  no shutdown\n";
	struct rev r;

	(void)state;
	review(&r, CFG_NXOS, running, nxos_lines, "");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.rv.nforeign, 1);
	assert_non_null(strstr(strbuf_str(&r.rv.foreign), "vlan 901: the "
	    "device already has this VLAN, and spangen did not create it:\n"
	    "    vlan 1,10,900-902\n"));
	rev_dispose(&r);
}

/* The sensor port loses exactly the lines the push gave it. */
static void
test_cfgreview__nxos_sensor_port_gets_its_lines_back(void **state)
{
	const char *running = "vlan 1,10\n"
	    "interface Ethernet1/48\n  description sensor\n  no shutdown\n";
	struct rev r;

	(void)state;
	review(&r, CFG_NXOS, running, nxos_lines, "");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.rv.nforeign, 0);
	assert_string_equal(strbuf_str(&r.rv.inverse),
	    "no monitor session 1\n"
	    "interface Ethernet1/48\n"
	    "  no switchport monitor\n"
	    "  no switchport\n"
	    "  exit\n"
	    "no vlan 901\n");
	assert_exact(CFG_NXOS, running, nxos_lines,
	    strbuf_str(&r.rv.inverse));
	rev_dispose(&r);
}

/* A description that says spangen is its mark: an earlier bundle's. */
static void
test_cfgreview__marked_session_is_spangens(void **state)
{
	const char *running = "interface Ethernet1/48\n  switchport\n"
	    "  switchport monitor\n"
	    "monitor session 1\n"
	    "  description spangen: DC09 to S1\n"
	    "  source interface Ethernet1/9 both\n"
	    "  destination interface Ethernet1/48\n"
	    "  no shut\n"
	    "vlan 901\n  name SPANGEN-RSPAN-901\n";
	const char *foreign = "monitor session 1\n"
	    "  description NOC probe\n"
	    "  source interface Ethernet1/9 both\n"
	    "  destination interface Ethernet1/48\n"
	    "  shut\n";
	struct rev r;

	(void)state;
	review(&r, CFG_NXOS, running, nxos_lines, "");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.rv.nforeign, 0);
	assert_non_null(strstr(strbuf_str(&r.rv.inverse),
	    "  source interface Ethernet1/9 both\n"));
	assert_null(strstr(strbuf_str(&r.rv.inverse), "no vlan 901"));
	assert_exact(CFG_NXOS, running, nxos_lines,
	    strbuf_str(&r.rv.inverse));
	rev_dispose(&r);

	review(&r, CFG_NXOS, foreign, nxos_lines, "");
	assert_int_equal(r.rv.nforeign, 1);
	assert_non_null(strstr(strbuf_str(&r.rv.foreign),
	    "      description NOC probe\n"));
	rev_dispose(&r);
}

static void
test_cfgreview__eos_session_names(void **state)
{
	const char *lines = "no monitor session spangen-1\n"
	    "monitor session spangen-1 source Ethernet3/1 both\n"
	    "monitor session spangen-1 destination Ethernet6/44\n";
	const char *mine = "monitor session spangen-1 source Ethernet3/7 both\n"
	    "monitor session spangen-1 destination Ethernet6/44\nend\n";
	const char *legacy = "monitor session legacy source Ethernet3/9 rx\n"
	    "monitor session legacy destination Ethernet6/40\nend\n";
	struct rev r;

	(void)state;
	review(&r, CFG_EOS, mine, lines, "");
	assert_int_equal(r.rv.nforeign, 0);
	assert_exact(CFG_EOS, mine, lines, strbuf_str(&r.rv.inverse));
	rev_dispose(&r);
	/* a session of another name is never touched, nor in the way */
	review(&r, CFG_EOS, legacy, lines, "");
	assert_int_equal(r.rv.nforeign, 0);
	assert_null(strstr(strbuf_str(&r.rv.inverse), "legacy"));
	assert_exact(CFG_EOS, legacy, lines, strbuf_str(&r.rv.inverse));
	rev_dispose(&r);
}

/* AOS-CX adds to a trunk list: only a VLAN that was not allowed comes off. */
static void
test_cfgreview__aoscx_trunk_addition(void **state)
{
	const char *lines = "interface 1/1/49\n  vlan trunk allowed 901\n";
	const char *listed = "interface 1/1/49\n  no shutdown\n"
	    "  vlan trunk native 1\n  vlan trunk allowed 10,20\n";
	const char *all = "interface 1/1/49\n  no shutdown\n"
	    "  vlan trunk native 1\n  vlan trunk allowed all\n";
	const char *access = "interface 1/1/50\n  no shutdown\n"
	    "  vlan access 10\n";
	const char *to_access = "interface 1/1/50\n  vlan trunk allowed 901\n";
	struct rev r;

	(void)state;
	review(&r, CFG_AOSCX, listed, lines, "");
	assert_int_equal(r.rc, 0);
	assert_string_equal(strbuf_str(&r.rv.inverse),
	    "interface 1/1/49\n  no vlan trunk allowed 901\n  exit\n");
	assert_exact(CFG_AOSCX, listed, lines, strbuf_str(&r.rv.inverse));
	rev_dispose(&r);
	/* every VLAN allowed already: nothing changes, nothing to undo */
	review(&r, CFG_AOSCX, all, lines, "");
	assert_int_equal(r.rc, 0);
	assert_string_equal(strbuf_str(&r.rv.inverse), "");
	rev_dispose(&r);
	/* a port that was no trunk becomes one, native VLAN 1, and back */
	review(&r, CFG_AOSCX, access, to_access, "");
	assert_int_equal(r.rc, 0);
	assert_string_equal(strbuf_str(&r.rv.inverse),
	    "interface 1/1/50\n  no vlan trunk allowed 901\n"
	    "  no vlan trunk native 1\n  exit\n");
	assert_exact(CFG_AOSCX, access, to_access, strbuf_str(&r.rv.inverse));
	rev_dispose(&r);
}

/* What is owned once the change is in: given, plus created, less removed. */
static void
test_cfgreview__owned_keys_carry_forward(void **state)
{
	const char *running = "vlan 901\n remote-span\n"
	    "monitor session 3 source interface Gi1/0/7\n"
	    "monitor session 3 destination remote vlan 901\nend\n";
	const char *lines = "no monitor session 3\n"
	    "no monitor session 2\n"
	    "monitor session 2 source interface GigabitEthernet1/0/5 both\n"
	    "monitor session 2 destination remote vlan 901\n";
	struct rev r;

	(void)state;
	review(&r, CFG_IOSXE, running, lines,
	    "vlan 901\nmonitor session 3\n");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.rv.nforeign, 0);
	assert_string_equal(strbuf_str(&r.rv.owned),
	    "vlan 901\nmonitor session 2\n");
	assert_exact(CFG_IOSXE, running, lines, strbuf_str(&r.rv.inverse));
	rev_dispose(&r);
}

/* A block the lines create goes whole; a port they create only empties. */
static void
test_cfgreview__created_blocks_go_whole(void **state)
{
	const char *lines = "monitor erspan origin ip-address 192.0.2.1 global\n"
	    "ip access-list extended spangen-filter\n"
	    " permit ip any any\n"
	    " exit\n"
	    "interface GigabitEthernet9/0/1\n"
	    " description new\n"
	    " exit\n";
	struct rev r;

	(void)state;
	review(&r, CFG_IOSXE, "end\n", lines, "");
	assert_int_equal(r.rc, 0);
	assert_string_equal(strbuf_str(&r.rv.inverse),
	    "no monitor erspan origin ip-address 192.0.2.1 global\n"
	    "no ip access-list extended spangen-filter\n"
	    "interface GigabitEthernet9/0/1\n"
	    " no description new\n"
	    " exit\n");
	rev_dispose(&r);
}

static void
test_cfgreview__bad_lines_are_an_error(void **state)
{
	struct rev r;

	(void)state;
	review(&r, CFG_IOSXE, "end\n", "exit\n", "");
	assert_int_equal(r.rc, SG_EINVAL);
	assert_non_null(strstr(r.err.msg, "line 1"));
	assert_string_equal(strbuf_str(&r.rv.inverse), "");
	rev_dispose(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    test_cfgreview__trunk_that_allowed_the_vlan_is_left_alone),
		cmocka_unit_test(
		    test_cfgreview__trunk_list_gets_its_old_value_back),
		cmocka_unit_test(
		    test_cfgreview__wrapped_trunk_list_is_typed_back_in_pieces),
		cmocka_unit_test(test_cfgreview__foreign_session_is_in_the_way),
		cmocka_unit_test(test_cfgreview__owned_session_is_typed_back),
		cmocka_unit_test(test_cfgreview__session_already_as_intended),
		cmocka_unit_test(test_cfgreview__production_vlan_is_in_the_way),
		cmocka_unit_test(
		    test_cfgreview__nxos_vlan_inside_a_list_is_in_the_way),
		cmocka_unit_test(
		    test_cfgreview__nxos_sensor_port_gets_its_lines_back),
		cmocka_unit_test(test_cfgreview__marked_session_is_spangens),
		cmocka_unit_test(test_cfgreview__eos_session_names),
		cmocka_unit_test(test_cfgreview__aoscx_trunk_addition),
		cmocka_unit_test(test_cfgreview__owned_keys_carry_forward),
		cmocka_unit_test(test_cfgreview__created_blocks_go_whole),
		cmocka_unit_test(test_cfgreview__bad_lines_are_an_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
