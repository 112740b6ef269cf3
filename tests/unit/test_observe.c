/*
 * observe and the planner around it: what a switch's printout says is in
 * use (sessions, VLANs, ports and what sends to them), what the bundle may
 * keep of it (no secrets), and how the plan changes: ids and VLANs the
 * device holds are not picked, E209-E212.
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

#include "inventory/inventory.h"
#include "plan/plan.h"
#include "push/observe.h"
#include "testutil.h"

static vendor_set_t *vendors;

static int
setup(void **state)
{
	(void)state;
	vendors = test_vendors();
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	vendor_set_free(vendors);
	return 0;
}

static const char iosxe_printout[] =
	"Building configuration...\n"
	"\n"
	"Current configuration : 900 bytes\n"
	"!\n"
	"hostname acc1\n"
	"enable secret 9 $9$notreallyahash\n"
	"username netops privilege 15 secret 9 $9$another\n"
	"snmp-server community s3cr3t RO\n"
	"!\n"
	"vlan 10\n"
	" name users\n"
	"!\n"
	"vlan 900\n"
	" name SPANGEN-RSPAN-900\n"
	" remote-span\n"
	"!\n"
	"interface GigabitEthernet1/0/5\n"
	" switchport access vlan 10\n"
	"!\n"
	"interface GigabitEthernet1/0/46\n"
	"!\n"
	"interface GigabitEthernet1/0/47\n"
	" ip address 10.9.9.9 255.255.255.0\n"
	" ip ospf message-digest-key 1 md5 7 0822455D0A16\n"
	"!\n"
	"interface GigabitEthernet1/0/48\n"
	"!\n"
	"interface TenGigabitEthernet1/1/1\n"
	" switchport mode trunk\n"
	"!\n"
	"monitor session 1 source interface Gi1/0/9\n"
	"monitor session 1 destination interface Gi1/0/46\n"
	"monitor session 3 type erspan-source\n"
	" description spangen: DC07 to S7\n"
	" source interface Gi1/0/7\n"
	"!\n"
	"line vty 0 4\n"
	" password 7 0822455D0A16\n"
	"end\n";

static void
test_observe__filter_keeps_the_mirror_part_without_secrets(void **state)
{
	strbuf_t out = STRBUF_INIT(0);
	const char *s;

	(void)state;
	observe_filter(iosxe_printout, strlen(iosxe_printout), &out);
	s = strbuf_str(&out);
	assert_non_null(strstr(s, "vlan 10\n name users\n"));
	assert_non_null(strstr(s, "interface GigabitEthernet1/0/47\n"
	    " ip address 10.9.9.9 255.255.255.0\ninterface"));
	assert_non_null(strstr(s, "monitor session 1 destination interface "
	    "Gi1/0/46\n"));
	assert_null(strstr(s, "hostname"));
	assert_null(strstr(s, "secret"));
	assert_null(strstr(s, "s3cr3t"));
	assert_null(strstr(s, "0822455D0A16"));
	assert_null(strstr(s, "line vty"));
	assert_null(strstr(s, "!"));
	strbuf_dispose(&out);
}

static void
observed(plan_observed_t *o, arena_t *a, cfg_dialect_t d, const char *text)
{
	strbuf_t kept = STRBUF_INIT(0);

	memset(o, 0, sizeof(*o));
	observe_filter(text, strlen(text), &kept);
	o->text = arena_strndup(a, strbuf_str(&kept), kept.len);
	o->len = kept.len;
	o->source = "saved/acc1.txt";
	o->when = "2026-12-06T10:00:00Z";
	observe_parse(d, o->text, o->len, a, o);
	strbuf_dispose(&kept);
}

static const plan_port_seen_t *
port(const plan_observed_t *o, const char *name)
{
	size_t i;

	for (i = 0; i < o->nports; i++)
		if (strcmp(o->ports[i].name, name) == 0)
			return &o->ports[i];
	return NULL;
}

static void
test_observe__parse_iosxe(void **state)
{
	arena_t a = ARENA_INIT;
	plan_observed_t o;
	const plan_port_seen_t *p;

	(void)state;
	observed(&o, &a, CFG_IOSXE, iosxe_printout);
	/* session 3 is spangen's (its description): the plan may reuse it */
	assert_true(ranges_contain(&o.sessions, 1));
	assert_false(ranges_contain(&o.sessions, 2));
	assert_false(ranges_contain(&o.sessions, 3));
	/* VLAN 900 is spangen's RSPAN VLAN */
	assert_true(ranges_contain(&o.vlans, 10));
	assert_false(ranges_contain(&o.vlans, 900));
	assert_int_equal(o.nports, 5);
	assert_non_null(p = port(&o, "GigabitEthernet1/0/46"));
	assert_string_equal(p->dest_of, "monitor session 1");
	assert_int_equal(p->dest_of_id, 1);
	assert_non_null(p = port(&o, "GigabitEthernet1/0/47"));
	assert_null(p->dest_of);
	assert_string_equal(p->lines, "ip address 10.9.9.9 255.255.255.0\n");
	assert_null(port(&o, "GigabitEthernet1/0/9"));
	arena_dispose(&a);
}

/* NX-OS prints unnamed VLANs as one list, and sessions as blocks. */
static void
test_observe__parse_nxos(void **state)
{
	static const char nxos[] =
	    "!Command: show running-config\n"
	    "vlan 1,20,40-42\n"
	    "vlan 30\n  name servers\n"
	    "interface Ethernet1/48\n  switchport monitor\n"
	    "monitor session 2\n"
	    "  description NOC probe\n"
	    "  source interface Ethernet1/1 both\n"
	    "  destination interface Ethernet1/48\n"
	    "  shut\n"
	    "monitor session 5 type erspan-source\n"
	    "  erspan-id 100\n"
	    "  vrf default\n"
	    "  destination ip 192.0.2.9\n"
	    "monitor session 6 type erspan-source\n"
	    "  description spangen: DC1 to S1\n"
	    "  erspan-id 101\n";
	arena_t a = ARENA_INIT;
	plan_observed_t o;

	(void)state;
	observed(&o, &a, CFG_NXOS, nxos);
	assert_true(ranges_contain(&o.vlans, 41));
	assert_true(ranges_contain(&o.vlans, 30));
	assert_false(ranges_contain(&o.vlans, 43));
	assert_true(ranges_contain(&o.sessions, 2));
	/* an ERSPAN id in use is taken; spangen's own session's is not */
	assert_true(ranges_contain(&o.erspan_ids, 100));
	assert_false(ranges_contain(&o.erspan_ids, 101));
	assert_false(ranges_contain(&o.sessions, 6));
	assert_string_equal(port(&o, "Ethernet1/48")->dest_of,
	    "monitor session 2");
	arena_dispose(&a);
}

#define INVENTORY(sensor_port, more) \
	"spangen: 1\n" \
	"pools: {rspan_vlans: [\"10-12\"]}\n" \
	"switches:\n" \
	"  - {name: acc1, vendor: cisco-iosxe" more "}\n" \
	"  - {name: acc2, vendor: cisco-iosxe}\n" \
	"links:\n" \
	"  - {kind: trunk, a: \"acc1:TenGigabitEthernet1/1/1\", b: \"acc2:TenGigabitEthernet1/1/1\"}\n" \
	"domain_controllers:\n" \
	"  - {name: DC02, address: 10.0.0.11, mbps: 100, ports: [\"acc2:GigabitEthernet1/0/5\"], ntp: [10.0.0.1]}\n" \
	"sensors:\n" \
	"  - {name: S1, port: \"acc1:" sensor_port "\", monitors: [DC02], ntp: [10.0.0.1]}\n"

/* Plans yaml with acc1 observed as printout (NULL: acc1 read with error). */
static plan_t *
plan_seen(const char *yaml, const char *printout, arena_t *a,
    inventory_t **inv)
{
	diag_list_t *dl = diag_list_new();
	static plan_observed_t o;
	const plan_observed_t *list[2] = { &o, NULL };
	plan_t *plan;

	*inv = NULL;
	(void)inventory_parse(inv, "t.yaml", yaml, strlen(yaml), vendors, dl);
	diag_list_free(dl);
	assert_non_null(*inv);
	if (printout != NULL)
		observed(&o, a, CFG_IOSXE, printout);
	else {
		memset(&o, 0, sizeof(o));
		o.error = "ssh 192.0.2.1:22: connection refused";
	}
	plan = plan_build_observed(*inv, list);
	assert_non_null(plan);
	return plan;
}

static const diag_t *
find_code(const plan_t *plan, const char *code)
{
	size_t i;

	for (i = 0; i < diag_count(plan->diags); i++)
		if (strcmp(diag_get(plan->diags, i)->code, code) == 0)
			return diag_get(plan->diags, i);
	return NULL;
}

static void
test_observe__plan_takes_what_the_switch_holds(void **state)
{
	arena_t a = ARENA_INIT;
	inventory_t *inv;
	plan_t *plan;
	size_t i;

	(void)state;
	plan = plan_seen(INVENTORY("GigabitEthernet1/0/48", ""),
	    iosxe_printout, &a, &inv);
	if (plan_errors(plan) != 0)
		fail_msg("%s", test_diag_lines(plan->diags));
	/* session 1 is the device's, 3 is spangen's own (marked) */
	for (i = 0; i < plan->nsessions; i++)
		if (strcmp(plan->sessions[i].device, "acc1") == 0)
			assert_int_not_equal(plan->sessions[i].id, 1);
	assert_int_equal(plan->sessions[0].id, 2);
	/* VLAN 10 exists on acc1: the pool's next VLAN is used */
	assert_int_equal(plan->nvlans, 2);
	assert_int_equal(plan->vlans[0].vlan, 11);
	/* the snapshot is kept for the bundle; acc2 was not read */
	assert_non_null(plan->snapshots);
	assert_non_null(plan->snapshots[0].text);
	assert_string_equal(plan->snapshots[0].source, "saved/acc1.txt");
	assert_null(plan->snapshots[1].text);
	assert_null(strstr(plan->snapshots[0].text, "secret"));
	plan_free(plan);
	inventory_free(inv);
	arena_dispose(&a);
}

static void
test_observe__ports_must_exist_and_be_safe(void **state)
{
	arena_t a = ARENA_INIT;
	inventory_t *inv;
	plan_t *plan;
	const diag_t *d;

	(void)state;
	plan = plan_seen(INVENTORY("GigabitEthernet1/0/44", ""),
	    iosxe_printout, &a, &inv);
	assert_non_null(d = find_code(plan, "E210"));
	assert_non_null(strstr(d->message, "acc1:GigabitEthernet1/0/44 is not on "
	    "the device"));
	assert_int_equal(d->pos.line, 11);
	plan_free(plan);
	inventory_free(inv);

	plan = plan_seen(INVENTORY("GigabitEthernet1/0/47", ""),
	    iosxe_printout, &a, &inv);
	assert_non_null(d = find_code(plan, "E211"));
	assert_non_null(strstr(d->message, "it has an IP address ('ip address "
	    "10.9.9.9 255.255.255.0'"));
	plan_free(plan);
	inventory_free(inv);

	plan = plan_seen(INVENTORY("GigabitEthernet1/0/46", ""),
	    iosxe_printout, &a, &inv);
	assert_non_null(d = find_code(plan, "E212"));
	assert_non_null(strstr(d->message, "already the destination of monitor "
	    "session 1"));
	plan_free(plan);
	inventory_free(inv);
	arena_dispose(&a);
}

static void
test_observe__unread_switch_is_planned_from_in_use(void **state)
{
	arena_t a = ARENA_INIT;
	inventory_t *inv;
	plan_t *plan;
	const diag_t *d;

	(void)state;
	plan = plan_seen(INVENTORY("GigabitEthernet1/0/48",
	    ", in_use: {sessions: [1, 2]}"), NULL, &a, &inv);
	assert_non_null(d = find_code(plan, "E209"));
	assert_non_null(strstr(d->message, "acc1 could not be read, so it is "
	    "planned from in_use alone: ssh 192.0.2.1:22: connection refused"));
	assert_int_equal(plan->sessions[0].id, 3);
	assert_null(plan->snapshots[0].text);
	plan_free(plan);
	inventory_free(inv);
	arena_dispose(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    test_observe__filter_keeps_the_mirror_part_without_secrets),
		cmocka_unit_test(test_observe__parse_iosxe),
		cmocka_unit_test(test_observe__parse_nxos),
		cmocka_unit_test(test_observe__plan_takes_what_the_switch_holds),
		cmocka_unit_test(test_observe__ports_must_exist_and_be_safe),
		cmocka_unit_test(
		    test_observe__unread_switch_is_planned_from_in_use),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
