/*
 * Unit tests for the planner: one test per row of the guide's support
 * matrix and per diagnostic code, each with an inventory that passes and
 * one that fails.  Inventories are written inline so each test shows the
 * topology it checks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <cmocka.h>

#include "inventory/inventory.h"
#include "plan/plan.h"
#include "testutil.h"

static vendor_set_t *vendors;
static inventory_t *inv;

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

/*
 * Three switches in a chain, acc1 - dist1 - acc2, with extra settings for
 * each; then more switches and links may follow.
 */
#define CHAINX(acc1, dist1, acc2) CHAINY(acc1, dist1, acc2, "")
#define CHAINY(acc1, dist1, acc2, more) \
    "spangen: 1\n" \
    "pools: {rspan_vlans: [\"900-909\"], erspan_ids: [\"100-199\"]}\n" \
    "switches:\n" \
    "  - {name: acc1, vendor: cisco-iosxe" acc1 "}\n" \
    "  - {name: dist1, vendor: cisco-iosxe" dist1 "}\n" \
    "  - {name: acc2, vendor: cisco-iosxe" acc2 "}\n" \
    more \
    "links:\n" \
    "  - {kind: trunk, a: \"acc1:TenGigabitEthernet1/1/1\", b: \"dist1:TenGigabitEthernet1/0/1\"}\n" \
    "  - {kind: trunk, a: \"dist1:TenGigabitEthernet1/0/2\", b: \"acc2:TenGigabitEthernet1/1/1\"}\n"
#define CHAIN	CHAINX("", "", "")
#define DC01_ACC1 \
    "  - {name: DC01, address: 10.0.0.10, mbps: 100, ports: [\"acc1:GigabitEthernet1/0/5\"], ntp: [10.0.0.1]}\n"
#define S1_ACC2 \
    "  - {name: S1, port: \"acc2:GigabitEthernet1/0/48\", ntp: [10.0.0.1]}\n"

static plan_t *
plan_of(const char *yaml)
{
	diag_list_t *dl = diag_list_new();
	char *lines;

	inv = NULL;
	(void)inventory_parse(&inv, "t.yaml", yaml, strlen(yaml), vendors, dl);
	lines = test_diag_lines(dl);
	assert_string_equal(lines, "");
	free(lines);
	diag_list_free(dl);
	assert_non_null(inv);
	return plan_build(inv);
}

static void
done(plan_t *plan)
{
	plan_free(plan);
	inventory_free(inv);
	inv = NULL;
}

/* "CODE CODE ..." of every diagnostic, in plan order. */
static char *
codes(const plan_t *plan)
{
	strbuf_t sb = STRBUF_INIT(0);
	size_t i;

	for (i = 0; i < diag_count(plan->diags); i++)
		strbuf_addf(&sb, "%s%s", i == 0 ? "" : " ",
		    diag_get(plan->diags, i)->code);
	return strbuf_detach(&sb, NULL);
}

static void
assert_codes(const plan_t *plan, const char *expected)
{
	char *got = codes(plan);

	assert_string_equal(got, expected);
	free(got);
}

/* The message of the first diagnostic with code, which must exist. */
static const char *
message(const plan_t *plan, const char *code)
{
	size_t i;

	for (i = 0; i < diag_count(plan->diags); i++)
		if (strcmp(diag_get(plan->diags, i)->code, code) == 0)
			return diag_get(plan->diags, i)->message;
	fail_msg("no %s diagnostic", code);
	return NULL;
}

static const plan_pair_t *
pair(const plan_t *plan, const char *dc)
{
	size_t i;

	for (i = 0; i < plan->npairs; i++)
		if (strcmp(plan->pairs[i].dc, dc) == 0)
			return &plan->pairs[i];
	fail_msg("no pair for %s", dc);
	return NULL;
}

static char *
devices(const plan_pair_t *p)
{
	strbuf_t sb = STRBUF_INIT(0);
	size_t i;

	for (i = 0; i < p->ndevices; i++)
		strbuf_addf(&sb, "%s%s", i == 0 ? "" : ",", p->devices[i]);
	return strbuf_detach(&sb, NULL);
}

static void
assert_pair(const plan_t *plan, const char *dc, const char *sensor,
    plan_kind_t kind, const char *devs)
{
	const plan_pair_t *p = pair(plan, dc);
	char *got = devices(p);

	assert_string_equal(p->sensor, sensor);
	assert_string_equal(plan_kind_names[p->kind], plan_kind_names[kind]);
	assert_string_equal(got, devs);
	free(got);
}

/* "device id role sources -> destination" lines for every session. */
static char *
sessions(const plan_t *plan)
{
	strbuf_t sb = STRBUF_INIT(0);
	const plan_session_t *s;
	size_t i, k;

	for (i = 0; i < plan->nsessions; i++) {
		s = &plan->sessions[i];
		strbuf_addf(&sb, "%s %u %s ", s->device, s->id,
		    plan_role_names[s->role]);
		for (k = 0; k < s->nsources; k++)
			strbuf_addf(&sb, "%s%s", k == 0 ? "" : ",",
			    s->sources[k]);
		strbuf_addf(&sb, " -> %s\n", s->destination);
	}
	return strbuf_detach(&sb, NULL);
}

static void
assert_sessions(const plan_t *plan, const char *expected)
{
	char *got = sessions(plan);

	assert_string_equal(got, expected);
	free(got);
}

/* ---- the matrix ----------------------------------------------------- */

static void
test_plan__span_same_switch(void **state)
{
	plan_t *plan;

	(void)state;
	plan = plan_of(CHAIN
	    "domain_controllers:\n"
	    "  - {name: DC01, address: 10.0.0.10, mbps: 100, ports: [\"acc1:GigabitEthernet1/0/5\"], ntp: [10.0.0.1]}\n"
	    "  - {name: DC02, address: 10.0.0.11, mbps: 100, ports: [\"acc1:GigabitEthernet1/0/6\"], ntp: [10.0.0.1]}\n"
	    "sensors:\n"
	    "  - {name: S1, port: \"acc1:GigabitEthernet1/0/48\", ntp: [10.0.0.1]}\n");
	assert_pair(plan, "DC01", "S1", PLAN_SPAN, "acc1");
	assert_string_equal(pair(plan, "DC01")->matrix_row,
	    "physical sensor, physical DC on the same switch");
	/* DCs sharing a destination share one session */
	assert_sessions(plan, "acc1 1 span GigabitEthernet1/0/5,"
	    "GigabitEthernet1/0/6 -> interface GigabitEthernet1/0/48\n");
	assert_codes(plan, "I401");
	assert_int_equal(plan_errors(plan), 0);
	done(plan);
}

static void
test_plan__rspan_across_the_chain(void **state)
{
	const plan_pair_t *p;
	plan_t *plan;

	(void)state;
	plan = plan_of(CHAIN
	    "  - {kind: trunk, a: \"acc2:TenGigabitEthernet1/1/2\", b: \"acc1:TenGigabitEthernet1/1/2\", allowed_vlans: [\"1-899\"]}\n"
	    "domain_controllers:\n"
	    "  - {name: DC01, address: 10.0.0.10, mbps: 100, lag: \"acc1:Port-channel5\",\n"
	    "     ports: [\"acc1:GigabitEthernet1/0/5\", \"acc1:GigabitEthernet1/0/6\"], ntp: [10.0.0.1]}\n"
	    "sensors:\n"
	    "  - {name: S1, port: \"acc2:GigabitEthernet1/0/48\", monitors: [DC01], ntp: [10.0.0.1]}\n"
	    "preferences: {methods: [span, rspan, erspan]}\n");
	p = pair(plan, "DC01");
	/* the direct trunk is one hop: fewer devices than through dist1 */
	assert_pair(plan, "DC01", "S1", PLAN_RSPAN, "acc1,acc2");
	assert_int_equal(p->rspan_vlan, 900);
	assert_int_equal(p->nnot_chosen, 1);
	assert_int_equal(p->not_chosen[0].kind, PLAN_SPAN);
	assert_string_equal(p->not_chosen[0].why,
	    "DC and sensor are on different switches");
	/* the LAG is the source, both directions, into the VLAN */
	assert_sessions(plan,
	    "acc1 1 rspan-source Port-channel5 -> vlan 900\n"
	    "acc2 1 rspan-destination vlan 900 -> interface "
	    "GigabitEthernet1/0/48\n");
	assert_int_equal(plan->nvlans, 2);
	assert_string_equal(plan->vlans[0].device, "acc1");
	assert_string_equal(plan->vlans[0].trunk_ports[0],
	    "TenGigabitEthernet1/1/2");
	assert_codes(plan, "I401");
	done(plan);
}

static void
test_plan__rspan_vlan_skips_in_use_and_creates_on_every_hop(void **state)
{
	plan_t *plan;
	size_t i;

	(void)state;
	plan = plan_of(CHAINX("", ", in_use: {vlans: [900, 901]}", "")
	    "domain_controllers:\n" DC01_ACC1
	    "sensors:\n" S1_ACC2);
	assert_pair(plan, "DC01", "S1", PLAN_RSPAN, "acc1,dist1,acc2");
	assert_int_equal(pair(plan, "DC01")->rspan_vlan, 902);
	assert_int_equal(plan->nvlans, 3);
	for (i = 0; i < plan->nvlans; i++)
		assert_int_equal(plan->vlans[i].vlan, 902);
	/* dist1 adds the VLAN to both of its trunk ends, the others to one */
	assert_string_equal(plan->vlans[1].device, "dist1");
	assert_int_equal(plan->vlans[1].ntrunk_ports, 2);
	assert_int_equal(plan->vlans[0].ntrunk_ports, 1);
	done(plan);
}

static void
test_plan__erspan_to_decapsulator_then_span(void **state)
{
	const plan_pair_t *p;
	plan_t *plan;

	(void)state;
	plan = plan_of("spangen: 1\n"
	    "pools: {rspan_vlans: [\"900-909\"], erspan_ids: [\"100-199\"]}\n"
	    "switches:\n"
	    "  - {name: br-sw, vendor: cisco-iosxe, address: 198.51.100.1}\n"
	    "  - {name: br-rtr, vendor: cisco-iosxe}\n"
	    "  - {name: hq-core, vendor: cisco-iosxe, address: 192.0.2.1, decap: true}\n"
	    "links:\n"
	    "  - {kind: routed, a: br-sw, b: br-rtr, mtu: 9000}\n"
	    "  - {kind: wan, a: br-rtr, b: hq-core, mbps: 1000, headroom_mbps: 500, mtu: 1600}\n"
	    "domain_controllers:\n"
	    "  - {name: DC01, address: 10.0.0.10, mbps: 50, ports: [\"br-sw:GigabitEthernet1/0/5\"], ntp: [10.0.0.1]}\n"
	    "sensors:\n"
	    "  - {name: S1, port: \"hq-core:GigabitEthernet1/0/48\", ntp: [10.0.0.1]}\n");
	p = pair(plan, "DC01");
	assert_pair(plan, "DC01", "S1", PLAN_ERSPAN, "br-sw,hq-core");
	assert_string_equal(p->decapsulator, "hq-core");
	assert_int_equal(p->erspan_id, 100);
	assert_int_equal(p->rspan_vlan, PLAN_NO_ID);
	assert_int_equal(p->nnot_chosen, 2);
	assert_string_equal(p->not_chosen[1].why, "no path of trunks through "
	    "RSPAN-capable switches from br-sw to hq-core");
	assert_sessions(plan,
	    "br-sw 1 erspan-source GigabitEthernet1/0/5 -> erspan-id 100 to "
	    "192.0.2.1\n"
	    "hq-core 1 erspan-destination erspan-id 100 -> interface "
	    "GigabitEthernet1/0/48\n");
	assert_string_equal(plan->sessions[0].erspan_origin, "198.51.100.1");
	assert_codes(plan, "I401");
	done(plan);
}

static void
test_plan__erspan_to_decapsulator_then_rspan(void **state)
{
	plan_t *plan;

	(void)state;
	plan = plan_of(CHAINY(", address: 192.0.2.1, decap: true", "", "",
	    "  - {name: br-sw, vendor: cisco-iosxe, address: 198.51.100.1}\n")
	    "  - {kind: routed, a: br-sw, b: acc1, mtu: 9000}\n"
	    "domain_controllers:\n"
	    "  - {name: DC01, address: 10.0.0.10, mbps: 50, ports: [\"br-sw:GigabitEthernet1/0/5\"], ntp: [10.0.0.1]}\n"
	    "sensors:\n" S1_ACC2);
	assert_pair(plan, "DC01", "S1", PLAN_ERSPAN, "br-sw,acc1,dist1,acc2");
	assert_int_equal(pair(plan, "DC01")->rspan_vlan, 900);
	assert_sessions(plan,
	    "acc1 1 erspan-destination erspan-id 100 -> vlan 900\n"
	    "acc2 1 rspan-destination vlan 900 -> interface "
	    "GigabitEthernet1/0/48\n"
	    "br-sw 1 erspan-source GigabitEthernet1/0/5 -> erspan-id 100 to "
	    "192.0.2.1\n");
	done(plan);
}

#define CLUSTER(strategy, hosts) \
    "spangen: 1\n" \
    "pools: {rspan_vlans: [\"900-909\"]}\n" \
    "switches:\n" \
    "  - {name: acc1, vendor: cisco-iosxe}\n" \
    "  - {name: acc2, vendor: cisco-iosxe}\n" \
    "links:\n" \
    "  - {kind: trunk, a: \"acc1:TenGigabitEthernet1/1/1\", b: \"acc2:TenGigabitEthernet1/1/1\"}\n" \
    "hypervisors:\n" \
    "  - {name: esx01, platform: vmware-vds, cluster: prod, uplinks: [\"acc1:TenGigabitEthernet1/1/4\"],\n" \
    "     capture_nics: [{name: vmnic3, port: \"acc1:GigabitEthernet1/0/47\"}]}\n" \
    "  - {name: esx02, platform: vmware-vds, cluster: prod, uplinks: [\"acc2:TenGigabitEthernet1/1/4\"]}\n" \
    hosts \
    "preferences: {cluster_strategy: " strategy "}\n"

static void
test_plan__vswitch_local_with_affinity_rule(void **state)
{
	plan_t *plan;

	(void)state;
	plan = plan_of(CLUSTER("affinity", "")
	    "domain_controllers:\n"
	    "  - {name: DC11, address: 10.0.0.11, mbps: 100, vm: {hypervisor: esx01, name: CORP-DC11}, ntp: [10.0.0.1]}\n"
	    "sensors:\n"
	    "  - {name: S1, vm: {hypervisor: esx01, name: MDI-S1}, ntp: [10.0.0.1]}\n");
	assert_pair(plan, "DC11", "S1", PLAN_VSWITCH_LOCAL, "esx01");
	assert_string_equal(pair(plan, "DC11")->matrix_row,
	    "virtual sensor, virtual DC on the same host");
	assert_sessions(plan, "esx01 1 span CORP-DC11 -> vm MDI-S1\n");
	assert_int_equal(plan->naffinity, 1);
	assert_string_equal(plan->affinity[0].name, "spangen-DC11-S1");
	assert_string_equal(plan->affinity[0].cluster, "prod");
	assert_string_equal(plan->affinity[0].vms[1], "MDI-S1");
	assert_codes(plan, "I401");
	done(plan);
}

static void
test_plan__vswitch_remote_through_uplinks(void **state)
{
	plan_t *plan;

	(void)state;
	plan = plan_of(CLUSTER("affinity", "")
	    "domain_controllers:\n"
	    "  - {name: DC12, address: 10.0.0.12, mbps: 100, vm: {hypervisor: esx02, name: CORP-DC12}, ntp: [10.0.0.1]}\n"
	    "sensors:\n"
	    "  - {name: S1, vm: {hypervisor: esx01, name: MDI-S1}, ntp: [10.0.0.1]}\n");
	assert_pair(plan, "DC12", "S1", PLAN_VSWITCH_REMOTE,
	    "esx02,acc2,acc1,esx01");
	assert_int_equal(pair(plan, "DC12")->rspan_vlan, 900);
	assert_sessions(plan,
	    "esx01 1 vswitch-destination vlan 900 -> vm MDI-S1\n"
	    "esx02 1 vswitch-source CORP-DC12 -> vlan 900\n");
	/* the VLAN is added on the trunk and on both hosts' uplinks */
	assert_int_equal(plan->nvlans, 2);
	assert_int_equal(plan->vlans[0].ntrunk_ports, 2);
	assert_string_equal(plan->vlans[0].trunk_ports[1],
	    "TenGigabitEthernet1/1/4");
	assert_int_equal(plan->naffinity, 0);
	assert_codes(plan, "I401");
	done(plan);
}

static void
test_plan__virtual_sensor_watches_physical_dc_by_capture_nic(void **state)
{
	plan_t *plan;

	(void)state;
	plan = plan_of(CLUSTER("affinity", "")
	    "domain_controllers:\n"
	    "  - {name: DC13, address: 10.0.0.13, mbps: 100, ports: [\"acc2:GigabitEthernet1/0/5\"], ntp: [10.0.0.1]}\n"
	    "sensors:\n"
	    "  - {name: S1, vm: {hypervisor: esx01, name: MDI-S1, capture_nic: vmnic3}, ntp: [10.0.0.1]}\n");
	assert_pair(plan, "DC13", "S1", PLAN_RSPAN, "acc2,acc1");
	assert_string_equal(pair(plan, "DC13")->matrix_row,
	    "virtual sensor, physical DC");
	assert_sessions(plan,
	    "acc1 1 rspan-destination vlan 900 -> interface "
	    "GigabitEthernet1/0/47\n"
	    "acc2 1 rspan-source GigabitEthernet1/0/5 -> vlan 900\n");
	/* the sensor VM is tied to the capture NIC's host */
	assert_codes(plan, "W303 I401");
	assert_string_equal(message(plan, "W303"), "sensor S1 uses a capture "
	    "NIC of esx01 but can move within cluster prod");
	done(plan);
}

static void
test_plan__physical_sensor_watches_virtual_dc_by_uplink(void **state)
{
	plan_t *plan;

	(void)state;
	plan = plan_of(CLUSTER("affinity", "")
	    "domain_controllers:\n"
	    "  - {name: DC12, address: 10.0.0.12, mbps: 100, vm: {hypervisor: esx02, name: CORP-DC12}, ntp: [10.0.0.1]}\n"
	    "sensors:\n"
	    "  - {name: S2, port: \"acc2:GigabitEthernet1/0/48\", ntp: [10.0.0.1]}\n");
	assert_pair(plan, "DC12", "S2", PLAN_SPAN, "acc2");
	assert_string_equal(pair(plan, "DC12")->matrix_row,
	    "physical sensor, virtual DC");
	assert_sessions(plan, "acc2 1 span TenGigabitEthernet1/1/4 -> "
	    "interface GigabitEthernet1/0/48\n");
	assert_codes(plan, "W303 W305 I401");
	assert_string_equal(message(plan, "W305"), "DC12 is mirrored from "
	    "esx02's uplinks: traffic between it and other VMs on the host "
	    "never reaches them");
	done(plan);
}

/* ---- preferences, pairing, sessions ------------------------------- */

static void
test_plan__methods_order_decides(void **state)
{
	const plan_pair_t *p;
	plan_t *plan;

	(void)state;
	/* erspan first: chosen although RSPAN would also work */
	plan = plan_of(CHAINY("", "", ", address: 192.0.2.2, decap: true",
	    "  - {name: br-sw, vendor: cisco-iosxe, address: 198.51.100.1}\n")
	    "  - {kind: trunk, a: \"br-sw:TenGigabitEthernet1/1/1\", b: \"acc1:TenGigabitEthernet1/1/2\"}\n"
	    "  - {kind: routed, a: br-sw, b: acc2, mtu: 9000}\n"
	    "domain_controllers:\n"
	    "  - {name: DC01, address: 10.0.0.10, mbps: 50, ports: [\"br-sw:GigabitEthernet1/0/5\"], ntp: [10.0.0.1]}\n"
	    "sensors:\n" S1_ACC2
	    "preferences: {methods: [erspan, rspan]}\n");
	p = pair(plan, "DC01");
	assert_int_equal(p->kind, PLAN_ERSPAN);
	assert_int_equal(p->nnot_chosen, 0);
	done(plan);

	/* span not allowed: DC and sensor on one switch have no path */
	plan = plan_of(CHAIN
	    "domain_controllers:\n" DC01_ACC1
	    "sensors:\n"
	    "  - {name: S1, port: \"acc1:GigabitEthernet1/0/48\", ntp: [10.0.0.1]}\n"
	    "preferences: {methods: [rspan]}\n");
	assert_int_equal(pair(plan, "DC01")->kind, PLAN_NONE);
	assert_string_equal(message(plan, "E201"), "DC01: no valid path to "
	    "sensor S1 (rspan: DC and sensor are on the same switch)");
	done(plan);
}

static void
test_plan__unlisted_dc_gets_cheapest_sensor(void **state)
{
	plan_t *plan;

	(void)state;
	plan = plan_of(CHAIN
	    "domain_controllers:\n" DC01_ACC1
	    "  - {name: DC02, address: 10.0.0.11, mbps: 100, ports: [\"dist1:GigabitEthernet1/0/5\"], ntp: [10.0.0.1]}\n"
	    "sensors:\n"
	    "  - {name: S-far, port: \"acc2:GigabitEthernet1/0/48\", ntp: [10.0.0.1]}\n"
	    "  - {name: S-near, port: \"acc1:GigabitEthernet1/0/48\", ntp: [10.0.0.1]}\n"
	    "  - {name: S-b, port: \"acc1:GigabitEthernet1/0/47\", ntp: [10.0.0.1]}\n"
	    "  - {name: S-a, port: \"acc2:GigabitEthernet1/0/47\", ntp: [10.0.0.1]}\n");
	/* one device beats three; among equals the sensor name decides */
	assert_pair(plan, "DC01", "S-b", PLAN_SPAN, "acc1");
	assert_pair(plan, "DC02", "S-a", PLAN_RSPAN, "dist1,acc2");
	done(plan);
}

static void
test_plan__session_ids_skip_in_use(void **state)
{
	plan_t *plan;

	(void)state;
	plan = plan_of(CHAINX(", in_use: {sessions: [\"1-3\", 5]}", "", "")
	    "domain_controllers:\n" DC01_ACC1
	    "  - {name: DC02, address: 10.0.0.11, mbps: 100, ports: [\"acc1:GigabitEthernet1/0/6\"], ntp: [10.0.0.1]}\n"
	    "sensors:\n"
	    "  - {name: S1, port: \"acc1:GigabitEthernet1/0/48\", monitors: [DC01], ntp: [10.0.0.1]}\n"
	    "  - {name: S2, port: \"acc1:GigabitEthernet1/0/47\", monitors: [DC02], ntp: [10.0.0.1]}\n");
	assert_sessions(plan,
	    "acc1 4 span GigabitEthernet1/0/5 -> interface "
	    "GigabitEthernet1/0/48\n"
	    "acc1 6 span GigabitEthernet1/0/6 -> interface "
	    "GigabitEthernet1/0/47\n");
	done(plan);
}

static void
test_plan__commit_checks_all_sessions_of_a_path_together(void **state)
{
	plan_t *plan;

	(void)state;
	/*
	 * ERSPAN that comes back to the DC's own switch puts two sessions on
	 * sw1; with room for one more, the DC must fail whole, not half-apply.
	 */
	plan = plan_of("spangen: 1\n"
	    "pools: {rspan_vlans: [\"900-909\"], erspan_ids: [\"100-199\"]}\n"
	    "switches:\n"
	    "  - {name: sw1, vendor: ovs, address: 198.51.100.1, in_use: {sessions: [\"1-31\"]}}\n"
	    "  - {name: dx, vendor: ovs, address: 192.0.2.9, decap: true}\n"
	    "links:\n"
	    "  - {kind: trunk, a: \"dx:trunk0\", b: \"sw1:trunk0\"}\n"
	    "  - {kind: routed, a: \"dx:gre0\", b: \"sw1:gre0\", mtu: 9000}\n"
	    "domain_controllers:\n"
	    "  - {name: DC01, address: 10.0.0.10, mbps: 100, ports: [\"sw1:dc0\"], ntp: [10.0.0.1]}\n"
	    "sensors:\n"
	    "  - {name: S1, port: \"sw1:sn0\", ntp: [10.0.0.1]}\n"
	    "preferences: {methods: [erspan, span]}\n");
	assert_int_equal(pair(plan, "DC01")->kind, PLAN_NONE);
	assert_string_equal(message(plan, "E203"), "DC01: sw1 (ovs) would "
	    "need 33 sessions; the vendor allows 32 (31 already in use)");
	assert_int_equal(plan->nsessions, 0);
	assert_int_equal(plan->nvlans, 0);
	done(plan);
}

static void
test_plan__unlisted_dc_falls_back_to_next_sensor(void **state)
{
	plan_t *plan;

	(void)state;
	/*
	 * S-a is cheapest for both DCs, but its port already receives DC01's
	 * local SPAN, so DC02 (RSPAN) goes to S-b instead of failing.
	 */
	plan = plan_of(CHAIN "domain_controllers:\n" DC01_ACC1
	    "  - {name: DC02, address: 10.0.0.11, mbps: 100, ports: [\"dist1:GigabitEthernet1/0/5\"], ntp: [10.0.0.1]}\n"
	    "sensors:\n"
	    "  - {name: S-a, port: \"acc1:GigabitEthernet1/0/48\", ntp: [10.0.0.1]}\n"
	    "  - {name: S-b, port: \"acc2:GigabitEthernet1/0/48\", ntp: [10.0.0.1]}\n");
	assert_pair(plan, "DC01", "S-a", PLAN_SPAN, "acc1");
	assert_pair(plan, "DC02", "S-b", PLAN_RSPAN, "dist1,acc2");
	assert_codes(plan, "I401");
	done(plan);
}

static void
test_plan__vswitch_remote_covers_every_uplink(void **state)
{
	plan_t *plan;
	size_t i, vlans_on_acc3 = 0;

	(void)state;
	plan = plan_of("spangen: 1\n"
	    "pools: {rspan_vlans: [\"900-909\"]}\n"
	    "switches:\n"
	    "  - {name: acc1, vendor: cisco-iosxe}\n"
	    "  - {name: acc2, vendor: cisco-iosxe}\n"
	    "  - {name: acc3, vendor: cisco-iosxe}\n"
	    "links:\n"
	    "  - {kind: trunk, a: \"acc1:TenGigabitEthernet1/1/1\", b: \"acc2:TenGigabitEthernet1/1/1\"}\n"
	    "  - {kind: trunk, a: \"acc3:TenGigabitEthernet1/1/1\", b: \"acc1:TenGigabitEthernet1/1/2\"}\n"
	    "hypervisors:\n"
	    "  - {name: esx01, platform: vmware-vds, uplinks: [\"acc1:TenGigabitEthernet1/1/4\"]}\n"
	    "  - {name: esx02, platform: vmware-vds, uplinks: [\"acc2:TenGigabitEthernet1/1/4\", \"acc3:TenGigabitEthernet1/1/4\"]}\n"
	    "domain_controllers:\n"
	    "  - {name: DC12, address: 10.0.0.12, mbps: 100, vm: {hypervisor: esx02, name: CORP-DC12}, ntp: [10.0.0.1]}\n"
	    "sensors:\n"
	    "  - {name: S1, vm: {hypervisor: esx01, name: MDI-S1}, ntp: [10.0.0.1]}\n");
	assert_int_equal(pair(plan, "DC12")->kind, PLAN_VSWITCH_REMOTE);
	/* the VLAN reaches acc3 too: esx02 may send the mirror that way */
	for (i = 0; i < plan->nvlans; i++)
		if (strcmp(plan->vlans[i].device, "acc3") == 0)
			vlans_on_acc3 = plan->vlans[i].ntrunk_ports;
	assert_int_equal(plan->nvlans, 3);
	assert_int_equal(vlans_on_acc3, 2);
	done(plan);
}

static void
test_plan__sensor_gets_one_vlan_per_delivery(void **state)
{
	plan_t *plan;

	(void)state;
	/*
	 * S1 receives DC1 on its vNIC (vswitch-remote) and DC2 on its capture
	 * NIC (RSPAN): two VLANs, or both DCs would arrive twice.
	 */
	plan = plan_of("spangen: 1\n"
	    "pools: {rspan_vlans: [\"900-909\"]}\n"
	    "switches: [{name: a, vendor: cisco-iosxe}, {name: c, vendor: cisco-iosxe}]\n"
	    "links: [{kind: trunk, a: \"a:TenGigabitEthernet1/1/1\", b: \"c:TenGigabitEthernet1/1/1\"}]\n"
	    "hypervisors:\n"
	    "  - {name: hv1, platform: vmware-vds, uplinks: [\"a:GigabitEthernet1/0/1\"]}\n"
	    "  - {name: hv2, platform: vmware-vds, uplinks: [\"c:GigabitEthernet1/0/1\"],\n"
	    "     capture_nics: [{name: vmnic3, port: \"c:GigabitEthernet1/0/3\"}]}\n"
	    "domain_controllers:\n"
	    "  - {name: DC1, address: 10.1.0.1, vm: {hypervisor: hv1, name: dc1}, mbps: 10, ntp: [10.0.0.1]}\n"
	    "  - {name: DC2, address: 10.1.0.2, ports: [\"a:GigabitEthernet1/0/2\"], mbps: 10, ntp: [10.0.0.1]}\n"
	    "sensors: [{name: S1, vm: {hypervisor: hv2, name: s1, capture_nic: vmnic3}, ntp: [10.0.0.1]}]\n");
	assert_int_equal(pair(plan, "DC1")->kind, PLAN_VSWITCH_REMOTE);
	assert_int_equal(pair(plan, "DC2")->kind, PLAN_RSPAN);
	assert_int_not_equal(pair(plan, "DC1")->rspan_vlan,
	    pair(plan, "DC2")->rspan_vlan);
	done(plan);
}

static void
test_plan__vlan_fits_every_path_of_its_sensor(void **state)
{
	plan_t *plan;

	(void)state;
	/* DC01's path alone would take 900, which dist2 (DC02's) uses */
	plan = plan_of(CHAINY("", "", "", "  - {name: dist2, vendor: cisco-iosxe, "
	    "in_use: {vlans: [900]}}\n")
	    "  - {kind: trunk, a: \"dist2:TenGigabitEthernet1/0/1\", b: \"acc2:TenGigabitEthernet1/1/2\"}\n"
	    "domain_controllers:\n" DC01_ACC1
	    "  - {name: DC02, address: 10.0.0.11, mbps: 100, ports: [\"dist2:GigabitEthernet1/0/5\"], ntp: [10.0.0.1]}\n"
	    "sensors:\n"
	    "  - {name: S1, port: \"acc2:GigabitEthernet1/0/48\", monitors: [DC01, DC02], ntp: [10.0.0.1]}\n");
	assert_codes(plan, "I401");
	assert_int_equal(pair(plan, "DC01")->rspan_vlan, 901);
	assert_int_equal(pair(plan, "DC02")->rspan_vlan, 901);
	done(plan);

	/* the ERSPAN id suits every source: OVS takes 0, Cisco does not */
	plan = plan_of("spangen: 1\n"
	    "pools: {erspan_ids: [\"0-5\"]}\n"
	    "switches:\n"
	    "  - {name: ov, vendor: ovs, address: 198.51.100.1}\n"
	    "  - {name: cs, vendor: cisco-iosxe, address: 198.51.100.2}\n"
	    "  - {name: dx, vendor: ovs, address: 192.0.2.9, decap: true}\n"
	    "links:\n"
	    "  - {kind: routed, a: ov, b: dx, mtu: 9000}\n"
	    "  - {kind: routed, a: cs, b: dx, mtu: 9000}\n"
	    "domain_controllers:\n"
	    "  - {name: DC01, address: 10.0.0.10, mbps: 10, ports: [\"ov:dc0\"], ntp: [10.0.0.1]}\n"
	    "  - {name: DC02, address: 10.0.0.11, mbps: 10, ports: [\"cs:GigabitEthernet1/0/1\"], ntp: [10.0.0.1]}\n"
	    "sensors: [{name: S1, port: \"dx:sn0\", ntp: [10.0.0.1]}]\n");
	assert_codes(plan, "I401");
	assert_int_equal(pair(plan, "DC01")->erspan_id, 1);
	assert_int_equal(pair(plan, "DC02")->erspan_id, 1);
	done(plan);
}

static void
test_plan__unlisted_dc_may_join_a_listing_sensor(void **state)
{
	plan_t *plan;

	(void)state;
	plan = plan_of(CHAIN "domain_controllers:\n" DC01_ACC1
	    "  - {name: DC02, address: 10.0.0.11, mbps: 100, ports: [\"acc1:GigabitEthernet1/0/6\"], ntp: [10.0.0.1]}\n"
	    "sensors:\n"
	    "  - {name: S1, port: \"acc1:GigabitEthernet1/0/48\", monitors: [DC01], ntp: [10.0.0.1]}\n");
	assert_pair(plan, "DC02", "S1", PLAN_SPAN, "acc1");
	assert_int_equal(plan->nsessions, 1);
	assert_int_equal(plan->sessions[0].nsources, 2);
	done(plan);
}

static void
test_plan__output_is_deterministic(void **state)
{
	strbuf_t a = STRBUF_INIT(0), b = STRBUF_INIT(0);
	plan_t *plan;

	(void)state;
	plan = plan_of(CLUSTER("affinity", "")
	    "domain_controllers:\n"
	    "  - {name: DC12, address: 10.0.0.12, vm: {hypervisor: esx02, name: CORP-DC12}}\n"
	    "  - {name: DC13, address: 10.0.0.13, ports: [\"acc2:GigabitEthernet1/0/5\"]}\n"
	    "sensors:\n"
	    "  - {name: S1, vm: {hypervisor: esx01, name: MDI-S1, capture_nic: vmnic3}}\n");
	plan_format_json(&a, plan);
	plan_format_text(&a, plan);
	done(plan);
	plan = plan_of(CLUSTER("affinity", "")
	    "domain_controllers:\n"
	    "  - {name: DC12, address: 10.0.0.12, vm: {hypervisor: esx02, name: CORP-DC12}}\n"
	    "  - {name: DC13, address: 10.0.0.13, ports: [\"acc2:GigabitEthernet1/0/5\"]}\n"
	    "sensors:\n"
	    "  - {name: S1, vm: {hypervisor: esx01, name: MDI-S1, capture_nic: vmnic3}}\n");
	plan_format_json(&b, plan);
	plan_format_text(&b, plan);
	done(plan);
	assert_string_equal(strbuf_str(&a), strbuf_str(&b));
	strbuf_dispose(&a);
	strbuf_dispose(&b);
}

/* ---- diagnostics: each with a passing and a failing inventory ------ */

static void
test_plan__E201_no_valid_path(void **state)
{
	plan_t *plan;

	(void)state;
	/* an EOS switch in the middle cannot be an RSPAN source */
	plan = plan_of("spangen: 1\n"
	    "pools: {rspan_vlans: [\"900-909\"]}\n"
	    "switches:\n"
	    "  - {name: leaf1, vendor: arista-eos}\n"
	    "  - {name: acc2, vendor: cisco-iosxe}\n"
	    "links:\n"
	    "  - {kind: trunk, a: \"leaf1:Ethernet1\", b: \"acc2:TenGigabitEthernet1/1/1\"}\n"
	    "domain_controllers:\n"
	    "  - {name: DC01, address: 10.0.0.10, mbps: 100, ports: [\"leaf1:Ethernet5\"], ntp: [10.0.0.1]}\n"
	    "sensors:\n" S1_ACC2);
	assert_int_equal(pair(plan, "DC01")->kind, PLAN_NONE);
	assert_string_equal(message(plan, "E201"), "DC01: no valid path to "
	    "sensor S1 (span: DC and sensor are on different switches; "
	    "rspan: leaf1 (arista-eos) cannot be an RSPAN source; erspan: "
	    "leaf1 (arista-eos) mirrors to GRE without an ERSPAN id, which "
	    "decapsulators match sessions on)");
	assert_int_equal(plan_errors(plan), 1);
	done(plan);

	plan = plan_of(CHAIN "domain_controllers:\n" DC01_ACC1
	    "sensors:\n" S1_ACC2);
	assert_codes(plan, "I401");
	done(plan);
}

static void
test_plan__E202_destination_port_serves_one_session(void **state)
{
	plan_t *plan;

	(void)state;
	plan = plan_of(CHAIN "domain_controllers:\n" DC01_ACC1
	    "  - {name: DC02, address: 10.0.0.11, mbps: 100, ports: [\"acc2:GigabitEthernet1/0/5\"], ntp: [10.0.0.1]}\n"
	    "sensors:\n"
	    "  - {name: S1, port: \"acc2:GigabitEthernet1/0/48\", monitors: [DC01, DC02], ntp: [10.0.0.1]}\n");
	assert_int_equal(pair(plan, "DC01")->kind, PLAN_RSPAN);
	assert_int_equal(pair(plan, "DC02")->kind, PLAN_NONE);
	assert_string_equal(message(plan, "E202"), "DC02: acc2 port "
	    "GigabitEthernet1/0/48 is already the destination of "
	    "rspan-destination session 1");
	done(plan);

	/* the same DCs, each on its own sensor port */
	plan = plan_of(CHAIN "domain_controllers:\n" DC01_ACC1
	    "  - {name: DC02, address: 10.0.0.11, mbps: 100, ports: [\"acc2:GigabitEthernet1/0/5\"], ntp: [10.0.0.1]}\n"
	    "sensors:\n"
	    "  - {name: S1, port: \"acc2:GigabitEthernet1/0/48\", monitors: [DC01], ntp: [10.0.0.1]}\n"
	    "  - {name: S2, port: \"acc2:GigabitEthernet1/0/47\", monitors: [DC02], ntp: [10.0.0.1]}\n");
	assert_codes(plan, "I401");
	done(plan);
}

static void
test_plan__E203_session_limit(void **state)
{
	plan_t *plan;

	(void)state;
	plan = plan_of(CHAINX(", in_use: {sessions: [\"1-66\"]}", "", "")
	    "domain_controllers:\n" DC01_ACC1
	    "sensors:\n"
	    "  - {name: S1, port: \"acc1:GigabitEthernet1/0/48\", ntp: [10.0.0.1]}\n");
	assert_string_equal(message(plan, "E203"), "DC01: acc1 (cisco-iosxe) "
	    "would need 67 sessions; the vendor allows 66 (66 already in use)");
	done(plan);

	/* AOS-CX counts directions: two 'both' sessions use all four */
	plan = plan_of("spangen: 1\n"
	    "switches:\n  - {name: cx1, vendor: aruba-aoscx}\n"
	    "domain_controllers:\n"
	    "  - {name: DC01, address: 10.0.0.10, mbps: 10, ports: [\"cx1:1/1/1\"], ntp: [10.0.0.1]}\n"
	    "  - {name: DC02, address: 10.0.0.11, mbps: 10, ports: [\"cx1:1/1/2\"], ntp: [10.0.0.1]}\n"
	    "  - {name: DC03, address: 10.0.0.12, mbps: 10, ports: [\"cx1:1/1/3\"], ntp: [10.0.0.1]}\n"
	    "sensors:\n"
	    "  - {name: S1, port: \"cx1:1/1/48\", monitors: [DC01], ntp: [10.0.0.1]}\n"
	    "  - {name: S2, port: \"cx1:1/1/47\", monitors: [DC02], ntp: [10.0.0.1]}\n"
	    "  - {name: S3, port: \"cx1:1/1/46\", monitors: [DC03], ntp: [10.0.0.1]}\n");
	assert_int_equal(pair(plan, "DC02")->kind, PLAN_SPAN);
	assert_int_equal(pair(plan, "DC03")->kind, PLAN_NONE);
	assert_codes(plan, "E203");
	done(plan);

	/* sessions in in_use are of unknown kind: they count as sources */
	plan = plan_of(CHAINX(", in_use: {sessions: [\"1-8\", \"5-6\"]}", "",
	    "") "domain_controllers:\n" DC01_ACC1
	    "sensors:\n"
	    "  - {name: S1, port: \"acc1:GigabitEthernet1/0/48\", ntp: [10.0.0.1]}\n");
	assert_string_equal(message(plan, "E203"), "DC01: acc1 (cisco-iosxe) "
	    "would need 9 source sessions; the vendor allows 8 (8 of them in "
	    "in_use)");
	done(plan);

	/* a session's sources are limited from the start (NX-OS: 48) */
	plan = plan_of("spangen: 1\nswitches: [{name: n, vendor: cisco-nxos}]\n"
	    "domain_controllers:\n"
	    "  - {name: DC01, address: 10.0.0.10, mbps: 1, ntp: [10.0.0.1], ports: ["
	    "\"n:Ethernet1/1\", \"n:Ethernet1/2\", \"n:Ethernet1/3\", \"n:Ethernet1/4\", "
	    "\"n:Ethernet1/5\", \"n:Ethernet1/6\", \"n:Ethernet1/7\", \"n:Ethernet1/8\", "
	    "\"n:Ethernet1/9\", \"n:Ethernet1/10\", \"n:Ethernet1/11\", \"n:Ethernet1/12\", "
	    "\"n:Ethernet1/13\", \"n:Ethernet1/14\", \"n:Ethernet1/15\", \"n:Ethernet1/16\", "
	    "\"n:Ethernet1/17\", \"n:Ethernet1/18\", \"n:Ethernet1/19\", \"n:Ethernet1/20\", "
	    "\"n:Ethernet1/21\", \"n:Ethernet1/22\", \"n:Ethernet1/23\", \"n:Ethernet1/24\", "
	    "\"n:Ethernet1/25\", \"n:Ethernet1/26\", \"n:Ethernet1/27\", \"n:Ethernet1/28\", "
	    "\"n:Ethernet1/29\", \"n:Ethernet1/30\", \"n:Ethernet1/31\", \"n:Ethernet1/32\", "
	    "\"n:Ethernet1/33\", \"n:Ethernet1/34\", \"n:Ethernet1/35\", \"n:Ethernet1/36\", "
	    "\"n:Ethernet1/37\", \"n:Ethernet1/38\", \"n:Ethernet1/39\", \"n:Ethernet1/40\", "
	    "\"n:Ethernet1/41\", \"n:Ethernet1/42\", \"n:Ethernet1/43\", \"n:Ethernet1/44\", "
	    "\"n:Ethernet1/45\", \"n:Ethernet1/46\", \"n:Ethernet1/47\", \"n:Ethernet1/48\", "
	    "\"n:Ethernet1/49\"]}\n"
	    "sensors: [{name: S1, port: \"n:Ethernet1/60\", ntp: [10.0.0.1]}]\n");
	assert_string_equal(message(plan, "E203"), "DC01: n (cisco-nxos) "
	    "session would have 49 sources; the vendor allows 48");
	done(plan);

	plan = plan_of(CHAINX(", in_use: {sessions: [\"1-7\", 3]}", "", "")
	    "domain_controllers:\n" DC01_ACC1
	    "sensors:\n"
	    "  - {name: S1, port: \"acc1:GigabitEthernet1/0/48\", ntp: [10.0.0.1]}\n");
	assert_codes(plan, "I401");
	assert_int_equal(plan->sessions[0].id, 8);
	done(plan);
}

static void
test_plan__E204_pool_exhausted(void **state)
{
	plan_t *plan;

	(void)state;
	plan = plan_of(CHAINX("", ", in_use: {vlans: [\"900-909\"]}", "")
	    "domain_controllers:\n" DC01_ACC1 "sensors:\n" S1_ACC2);
	assert_string_equal(message(plan, "E204"), "DC01: pools.rspan_vlans "
	    "has no VLAN free on every switch of the path (3 switches)");
	done(plan);

	plan = plan_of(CHAINX("", ", in_use: {vlans: [\"900-908\"]}", "")
	    "domain_controllers:\n" DC01_ACC1 "sensors:\n" S1_ACC2);
	assert_codes(plan, "I401");
	assert_int_equal(pair(plan, "DC01")->rspan_vlan, 909);
	done(plan);
}

static void
test_plan__E205_virtual_sensor_needs_capture_nic(void **state)
{
	plan_t *plan;

	(void)state;
	plan = plan_of(CLUSTER("affinity", "")
	    "domain_controllers:\n"
	    "  - {name: DC13, address: 10.0.0.13, mbps: 100, ports: [\"acc1:GigabitEthernet1/0/5\"], ntp: [10.0.0.1]}\n"
	    "sensors:\n"
	    "  - {name: S1, vm: {hypervisor: esx02, name: MDI-S1}, ntp: [10.0.0.1]}\n");
	assert_string_equal(message(plan, "E205"), "DC13: no valid path to "
	    "sensor S1 (virtual sensor S1 has no dedicated capture NIC "
	    "on esx02)");
	done(plan);
}

static void
test_plan__E206_no_reachable_decapsulator(void **state)
{
	plan_t *plan;

	(void)state;
	plan = plan_of("spangen: 1\n"
	    "pools: {erspan_ids: [\"100-199\"]}\n"
	    "switches:\n"
	    "  - {name: br-sw, vendor: cisco-iosxe, address: 198.51.100.1}\n"
	    "  - {name: hq-core, vendor: cisco-iosxe, address: 192.0.2.1, decap: true}\n"
	    "  - {name: hq-acc, vendor: cisco-iosxe}\n"
	    "links:\n"
	    "  - {kind: routed, a: hq-acc, b: hq-core}\n"
	    "domain_controllers:\n"
	    "  - {name: DC01, address: 10.0.0.10, mbps: 50, ports: [\"br-sw:GigabitEthernet1/0/5\"], ntp: [10.0.0.1]}\n"
	    "sensors:\n"
	    "  - {name: S1, port: \"hq-core:GigabitEthernet1/0/48\", ntp: [10.0.0.1]}\n"
	    "preferences: {methods: [erspan]}\n");
	assert_string_equal(message(plan, "E206"), "DC01: no valid path to "
	    "sensor S1 (erspan: no decapsulator is reachable from br-sw over "
	    "routed or wan links)");
	done(plan);

	plan = plan_of("spangen: 1\n"
	    "pools: {erspan_ids: [\"100-199\"]}\n"
	    "switches:\n"
	    "  - {name: hq, vendor: cisco-iosxe, address: 10.0.0.2, decap: true}\n"
	    "  - {name: x, vendor: cisco-iosxe, address: 10.0.0.3}\n"
	    "links: [{kind: routed, a: hq, b: x}]\n"
	    "domain_controllers: [{name: DC4, address: 10.1.0.4, ports: [\"hq:GigabitEthernet1/0/2\"]}]\n"
	    "sensors: [{name: S1, port: \"hq:GigabitEthernet1/0/3\"}]\n"
	    "preferences: {methods: [erspan]}\n");
	assert_string_equal(message(plan, "E206"), "DC4: no valid path to "
	    "sensor S1 (erspan: the only decapsulator is hq, the DC's own "
	    "switch)");
	done(plan);
}

static void
test_plan__E207_traffic_split_across_switches(void **state)
{
	plan_t *plan;

	(void)state;
	plan = plan_of(CHAIN "domain_controllers:\n"
	    "  - {name: DC01, address: 10.0.0.10, mbps: 100, ports: [\"acc1:GigabitEthernet1/0/5\", \"acc2:GigabitEthernet1/0/5\"], ntp: [10.0.0.1]}\n"
	    "sensors:\n" S1_ACC2);
	assert_string_equal(message(plan, "E207"), "DC01: no valid path to "
	    "sensor S1 (its ports are on acc1 and acc2, so its traffic "
	    "is split between switches)");
	done(plan);

	/* both members on one switch: mirrored together */
	plan = plan_of(CHAIN "domain_controllers:\n"
	    "  - {name: DC01, address: 10.0.0.10, mbps: 100, ports: [\"acc1:GigabitEthernet1/0/5\", \"acc1:GigabitEthernet1/0/6\"], ntp: [10.0.0.1]}\n"
	    "sensors:\n" S1_ACC2);
	assert_codes(plan, "I401");
	assert_int_equal(plan->sessions[0].nsources, 2);
	done(plan);
}

#define WAN(headroom, mtu) \
    "spangen: 1\n" \
    "pools: {erspan_ids: [\"100-199\"]}\n" \
    "switches:\n" \
    "  - {name: br-sw, vendor: cisco-iosxe, address: 198.51.100.1}\n" \
    "  - {name: hq-core, vendor: cisco-iosxe, address: 192.0.2.1, decap: true}\n" \
    "links:\n" \
    "  - {kind: wan, a: br-sw, b: hq-core, mbps: 100" headroom mtu "}\n" \
    "domain_controllers:\n" \
    "  - {name: DC01, address: 10.0.0.10, mbps: 10, ports: [\"br-sw:GigabitEthernet1/0/5\"], ntp: [10.0.0.1]}\n" \
    "  - {name: DC02, address: 10.0.0.11, mbps: 10, ports: [\"br-sw:GigabitEthernet1/0/6\"], ntp: [10.0.0.1]}\n" \
    "sensors:\n" \
    "  - {name: S1, port: \"hq-core:GigabitEthernet1/0/48\", ntp: [10.0.0.1]}\n"

static void
test_plan__E208_wan_headroom(void **state)
{
	plan_t *plan;

	(void)state;
	/* each DC needs 10 x 2 x 1.1 = 22 Mbit/s; 40 fits only one */
	plan = plan_of(WAN(", headroom_mbps: 40", ", mtu: 1600"));
	assert_int_equal(pair(plan, "DC01")->kind, PLAN_ERSPAN);
	assert_int_equal(pair(plan, "DC02")->kind, PLAN_NONE);
	assert_string_equal(message(plan, "E208"), "DC02: WAN link br-sw - "
	    "hq-core has 40 Mbit/s headroom; ERSPAN load would be 44 Mbit/s "
	    "(DC02 10, both directions, plus 10% encapsulation, plus earlier "
	    "DCs)");
	done(plan);

	plan = plan_of(WAN(", headroom_mbps: 44", ", mtu: 1600"));
	assert_codes(plan, "I401");
	/* both DCs share the source session and the ERSPAN id */
	assert_int_equal(plan->nsessions, 2);
	assert_int_equal(plan->sessions[0].nsources, 2);
	done(plan);
}

#define DCS_BUSY(a, b, c) \
    "domain_controllers:\n" \
    "  - {name: DC01, address: 10.0.0.10, mbps: 100, " a "ports: [\"acc1:GigabitEthernet1/0/5\"], ntp: [10.0.0.1]}\n" \
    "  - {name: DC02, address: 10.0.0.11, mbps: 100, " b "ports: [\"acc1:GigabitEthernet1/0/6\"], ntp: [10.0.0.1]}\n" \
    "  - {name: DC03, address: 10.0.0.12, mbps: 100, " c "ports: [\"acc1:GigabitEthernet1/0/7\"], ntp: [10.0.0.1]}\n"

static void
test_plan__W306_sensor_busy_pps(void **state)
{
	plan_t *plan;

	(void)state;
	/* silent when no DC gives busy_pps, however many share the sensor */
	plan = plan_of(CHAIN DCS_BUSY("", "", "") "sensors:\n"
	    "  - {name: S1, port: \"acc1:GigabitEthernet1/0/48\", ntp: [10.0.0.1]}\n");
	assert_codes(plan, "I401");
	done(plan);

	/* the sum counts, against the default; a DC without it is named */
	plan = plan_of(CHAIN DCS_BUSY("busy_pps: 30000, ", "busy_pps: 30001, ",
	    "") "sensors:\n"
	    "  - {name: S1, port: \"acc1:GigabitEthernet1/0/48\", ntp: [10.0.0.1]}\n");
	assert_codes(plan, "W306 I401");
	assert_string_equal(message(plan, "W306"), "sensor S1 would take "
	    "60001 busy packets per second (DC01 30000 + DC02 30001; 1 DC "
	    "gives no busy_pps); it is sized for 60000 (the default)");
	assert_int_equal(plan_errors(plan), 0);
	done(plan);

	/* exactly the default is fine */
	plan = plan_of(CHAIN DCS_BUSY("busy_pps: 30000, ", "busy_pps: 30000, ",
	    "") "sensors:\n"
	    "  - {name: S1, port: \"acc1:GigabitEthernet1/0/48\", ntp: [10.0.0.1]}\n");
	assert_codes(plan, "I401");
	done(plan);

	/* max_busy_pps replaces the default, both ways; each sensor its own */
	plan = plan_of(CHAIN DCS_BUSY("busy_pps: 30000, ", "busy_pps: 50000, ",
	    "busy_pps: 90000, ") "sensors:\n"
	    "  - {name: S1, port: \"acc1:GigabitEthernet1/0/48\", max_busy_pps: 100000, monitors: [DC01, DC03], ntp: [10.0.0.1]}\n"
	    "  - {name: S2, port: \"acc1:GigabitEthernet1/0/47\", max_busy_pps: 40000, monitors: [DC02], ntp: [10.0.0.1]}\n");
	assert_codes(plan, "W306 W306 I401");
	assert_string_equal(message(plan, "W306"), "sensor S1 would take "
	    "120000 busy packets per second (DC01 30000 + DC03 90000); it is "
	    "sized for 100000 (its max_busy_pps)");
	assert_int_equal(plan_errors(plan), 0);
	done(plan);
}

/*
 * The ERSPAN types Linux hosts send and terminate, as a descriptor would
 * declare them: the shipped one with its erspan section replaced, loaded
 * alone from a directory of its own.
 */
static vendor_set_t *
linux_with_erspan(const char *sends, const char *terminates)
{
	char dir[] = "/tmp/sg-plan-vendors-XXXXXX", src[64], *text, *at, *end;
	char *orig = test_path("SG_SOURCE_DIR", "vendors/linux.yaml");
	diag_list_t *dl = diag_list_new();
	sg_err_t err = SG_ERR_INIT;
	strbuf_t sb = STRBUF_INIT(0);
	vendor_set_t *vs = NULL;
	FILE *fp;

	text = test_slurp(orig);
	assert_non_null(at = strstr(text, "\nerspan:"));
	assert_non_null(end = strstr(at, "\n\n"));
	strbuf_add(&sb, text, (size_t)(at - text));
	strbuf_addf(&sb, "\nerspan: {sends: [%s], terminates: [%s]}", sends,
	    terminates);
	strbuf_adds(&sb, end);
	assert_non_null(mkdtemp(dir));
	(void)snprintf(src, sizeof(src), "%s/linux.yaml", dir);
	assert_non_null(fp = fopen(src, "w"));
	(void)fputs(strbuf_str(&sb), fp);
	(void)fclose(fp);
	assert_int_equal(vendor_set_load(&vs, dir, dl, &err), 0);
	(void)unlink(src);
	(void)rmdir(dir);
	free(orig);
	free(text);
	strbuf_dispose(&sb);
	diag_list_free(dl);
	return vs;
}

#define LINUX_ERSPAN \
    "spangen: 1\n" \
    "pools: {erspan_ids: [\"200-299\"]}\n" \
    "switches:\n" \
    "  - {name: lnx1, vendor: linux, address: 198.51.100.21}\n" \
    "  - {name: decap1, vendor: linux, address: 198.51.100.9, decap: true}\n" \
    "links:\n" \
    "  - {kind: routed, a: lnx1, b: decap1, mtu: 9000}\n" \
    "domain_controllers:\n" \
    "  - {name: DC1, address: 10.0.0.1, mbps: 10, ports: [\"lnx1:eth1\"], ntp: [10.0.0.250]}\n" \
    "sensors:\n" \
    "  - {name: S1, port: \"decap1:eth1\", ntp: [10.0.0.250]}\n"

/* The plan of LINUX_ERSPAN with Linux sending and terminating these. */
static plan_t *
linux_erspan_plan(const char *sends, const char *terminates)
{
	vendor_set_t *shipped = vendors;
	plan_t *plan;

	vendors = linux_with_erspan(sends, terminates);
	plan = plan_of(LINUX_ERSPAN);
	vendor_set_free(vendors);
	vendors = shipped;
	return plan;
}

static void
test_plan__erspan_types_agree(void **state)
{
	plan_t *plan;

	(void)state;
	/* the shipped descriptors: type II on both ends, in the plan */
	plan = plan_of(LINUX_ERSPAN);
	assert_int_equal(plan->pairs[0].kind, PLAN_ERSPAN);
	assert_string_equal(plan->pairs[0].erspan_type, "erspan2");
	assert_string_equal(plan->sessions[0].erspan_type, "erspan2");
	assert_string_equal(plan->sessions[1].erspan_type, "erspan2");
	done(plan);

	/* type II is preferred where both ends take II and III */
	plan = linux_erspan_plan("erspan3, erspan2", "erspan3, erspan2");
	assert_string_equal(plan->pairs[0].erspan_type, "erspan2");
	done(plan);

	/* III when that is all they share */
	plan = linux_erspan_plan("erspan3, gre", "erspan2, erspan3");
	assert_string_equal(plan->pairs[0].erspan_type, "erspan3");
	done(plan);

	/* nothing in common: E213, naming both lists */
	plan = linux_erspan_plan("gre", "erspan2, erspan3");
	assert_codes(plan, "E213");
	assert_int_equal(plan->pairs[0].kind, PLAN_NONE);
	assert_string_equal(message(plan, "E213"), "DC1: no valid path to "
	    "sensor S1 (span: DC and sensor are on different switches; "
	    "rspan: lnx1 (linux) cannot be an RSPAN source; erspan: lnx1 "
	    "(linux) sends gre, and no decapsulator it reaches takes that "
	    "(decap1 (linux) terminates erspan2, erspan3))");
	assert_null(plan->pairs[0].erspan_type);
	done(plan);
}

#define TAP_DCS \
    "domain_controllers:\n" \
    "  - {name: DC01, address: 10.0.0.10, mbps: 100, ports: [\"acc1:GigabitEthernet1/0/5\"], ntp: [10.0.0.1]}\n" \
    "  - {name: DC02, address: 10.0.0.11, mbps: 100, ports: [\"acc1:GigabitEthernet1/0/6\"], ntp: [10.0.0.1]}\n"

static void
test_plan__tap(void **state)
{
	plan_t *plan;

	(void)state;
	/* an aggregating TAP: kind tap, no device, no session; the other
	 * DC is still mirrored, to the same sensor */
	plan = plan_of(CHAIN TAP_DCS "sensors:\n"
	    "  - {name: S1, port: \"acc1:GigabitEthernet1/0/48\", ntp: [10.0.0.1]}\n"
	    "taps:\n"
	    "  - {name: tap1, dc: DC01, sensor: S1, aggregated: true}\n");
	assert_codes(plan, "I401");
	assert_int_equal(plan->pairs[0].kind, PLAN_TAP);
	assert_string_equal(plan->pairs[0].sensor, "S1");
	assert_int_equal(plan->pairs[0].ndevices, 0);
	assert_string_equal(plan->pairs[0].matrix_row,
	    "network TAP on the DC's link");
	assert_int_equal(plan->pairs[1].kind, PLAN_SPAN);
	assert_int_equal(plan->nsessions, 1);
	assert_string_equal(plan->sessions[0].sources[0],
	    "GigabitEthernet1/0/6");
	done(plan);

	/* the TAP binds its DC to its sensor, even where another is cheaper */
	plan = plan_of(CHAIN TAP_DCS "sensors:\n"
	    "  - {name: S1, port: \"acc1:GigabitEthernet1/0/48\", ntp: [10.0.0.1]}\n"
	    "  - {name: S9, port: \"acc2:GigabitEthernet1/0/48\", ntp: [10.0.0.1]}\n"
	    "taps:\n"
	    "  - {name: tap1, dc: DC01, sensor: S9, aggregated: true}\n");
	assert_int_equal(plan->pairs[0].kind, PLAN_TAP);
	assert_string_equal(plan->pairs[0].sensor, "S9");
	done(plan);

	/* Rx and Tx on two outputs: refused with the guide's reason */
	plan = plan_of(CHAIN TAP_DCS "sensors:\n"
	    "  - {name: S1, port: \"acc1:GigabitEthernet1/0/48\", ntp: [10.0.0.1]}\n"
	    "taps:\n"
	    "  - {name: tap1, dc: DC01, sensor: S1, aggregated: false}\n");
	assert_codes(plan, "E207");
	assert_int_equal(plan->pairs[0].kind, PLAN_NONE);
	assert_string_equal(message(plan, "E207"), "DC01: no valid path to "
	    "sensor S1 (tap: TAP tap1 puts Rx and Tx on two outputs "
	    "(aggregated: false), and the sensor does not take a DC's two "
	    "directions on two ports)");
	assert_int_equal(plan->pairs[1].kind, PLAN_SPAN);
	done(plan);
}

static void
test_plan__W301_oversubscribed_sensor_port(void **state)
{
	plan_t *plan;

	(void)state;
	plan = plan_of(CHAIN "domain_controllers:\n"
	    "  - {name: DC01, address: 10.0.0.10, mbps: 800, ports: [\"acc1:GigabitEthernet1/0/5\"], ntp: [10.0.0.1]}\n"
	    "  - {name: DC02, address: 10.0.0.11, mbps: 800, ports: [\"acc1:GigabitEthernet1/0/6\"], ntp: [10.0.0.1]}\n"
	    "sensors:\n"
	    "  - {name: S1, port: \"acc1:GigabitEthernet1/0/48\", ntp: [10.0.0.1]}\n");
	assert_string_equal(message(plan, "W301"), "S1 port "
	    "GigabitEthernet1/0/48 is 1000 Mbit/s; mirrored load is 3200 "
	    "Mbit/s (DC01 800 + DC02 800, both directions)");
	assert_int_equal(plan_errors(plan), 0);
	done(plan);

	/* a 10G sensor port takes it */
	plan = plan_of(CHAIN "domain_controllers:\n"
	    "  - {name: DC01, address: 10.0.0.10, mbps: 800, ports: [\"acc1:GigabitEthernet1/0/5\"], ntp: [10.0.0.1]}\n"
	    "  - {name: DC02, address: 10.0.0.11, mbps: 800, ports: [\"acc1:GigabitEthernet1/0/6\"], ntp: [10.0.0.1]}\n"
	    "sensors:\n"
	    "  - {name: S1, port: \"acc1:TenGigabitEthernet1/1/8\", ntp: [10.0.0.1]}\n");
	assert_codes(plan, "I401");
	done(plan);
}

static void
test_plan__W302_small_mtu_on_erspan_path(void **state)
{
	plan_t *plan;

	(void)state;
	plan = plan_of(WAN(", headroom_mbps: 90", ""));
	assert_string_equal(message(plan, "W302"), "link br-sw - hq-core "
	    "carries ERSPAN for DC01 with MTU 1500 (assumed: none declared); "
	    "frames over 1450 bytes will be fragmented, dropped or cut short");
	done(plan);
	plan = plan_of(WAN(", headroom_mbps: 90", ", mtu: 1550"));
	assert_codes(plan, "I401");
	done(plan);
}

static void
test_plan__W303_vm_mobility(void **state)
{
	plan_t *plan;

	(void)state;
	/* sensor-per-host, but esx02 has no sensor */
	plan = plan_of(CLUSTER("sensor-per-host", "")
	    "domain_controllers:\n"
	    "  - {name: DC11, address: 10.0.0.11, mbps: 100, vm: {hypervisor: esx01, name: CORP-DC11}, ntp: [10.0.0.1]}\n"
	    "sensors:\n"
	    "  - {name: S1, vm: {hypervisor: esx01, name: MDI-S1}, ntp: [10.0.0.1]}\n");
	assert_string_equal(message(plan, "W303"), "DC11 can move to esx02 in "
	    "cluster prod, which has no sensor");
	assert_int_equal(plan->naffinity, 0);
	done(plan);

	plan = plan_of(CLUSTER("sensor-per-host", "")
	    "domain_controllers:\n"
	    "  - {name: DC11, address: 10.0.0.11, mbps: 100, vm: {hypervisor: esx01, name: CORP-DC11}, ntp: [10.0.0.1]}\n"
	    "sensors:\n"
	    "  - {name: S1, vm: {hypervisor: esx01, name: MDI-S1}, ntp: [10.0.0.1]}\n"
	    "  - {name: S2, vm: {hypervisor: esx02, name: MDI-S2}, ntp: [10.0.0.1]}\n");
	assert_codes(plan, "I401");
	done(plan);
}

static void
test_plan__W304_time_sources(void **state)
{
	plan_t *plan;

	(void)state;
	plan = plan_of(CHAIN "domain_controllers:\n" DC01_ACC1
	    "sensors:\n"
	    "  - {name: S1, port: \"acc2:GigabitEthernet1/0/48\", ntp: [10.0.0.2]}\n");
	assert_string_equal(message(plan, "W304"), "DC01 and sensor S1 share "
	    "no declared time source; they must agree within five minutes");
	done(plan);
	plan = plan_of(CHAIN "domain_controllers:\n" DC01_ACC1
	    "sensors:\n"
	    "  - {name: S1, port: \"acc2:GigabitEthernet1/0/48\"}\n");
	assert_string_equal(message(plan, "W304"), "DC01 and sensor S1 share "
	    "no declared time source (S1 declares none); they must agree "
	    "within five minutes");
	done(plan);
}

static void
test_plan__W305_and_I401(void **state)
{
	plan_t *plan;

	(void)state;
	/* W305 is covered with the uplink test; no sensors, no I401 */
	plan = plan_of(CHAIN "domain_controllers:\n" DC01_ACC1);
	assert_codes(plan, "E201");
	assert_string_equal(message(plan, "E201"), "DC01: no sensor is free "
	    "to monitor it");
	done(plan);
	plan = plan_of(CHAIN "domain_controllers:\n" DC01_ACC1
	    "sensors:\n" S1_ACC2);
	assert_string_equal(message(plan, "I401"), "standalone sensors do not "
	    "collect ETW events; a sensor installed on the DC covers more "
	    "detections");
	done(plan);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan__span_same_switch),
		cmocka_unit_test(test_plan__rspan_across_the_chain),
		cmocka_unit_test(
		    test_plan__rspan_vlan_skips_in_use_and_creates_on_every_hop),
		cmocka_unit_test(test_plan__erspan_to_decapsulator_then_span),
		cmocka_unit_test(test_plan__erspan_to_decapsulator_then_rspan),
		cmocka_unit_test(test_plan__vswitch_local_with_affinity_rule),
		cmocka_unit_test(test_plan__vswitch_remote_through_uplinks),
		cmocka_unit_test(
		    test_plan__virtual_sensor_watches_physical_dc_by_capture_nic),
		cmocka_unit_test(
		    test_plan__physical_sensor_watches_virtual_dc_by_uplink),
		cmocka_unit_test(test_plan__methods_order_decides),
		cmocka_unit_test(test_plan__unlisted_dc_gets_cheapest_sensor),
		cmocka_unit_test(test_plan__session_ids_skip_in_use),
		cmocka_unit_test(
		    test_plan__commit_checks_all_sessions_of_a_path_together),
		cmocka_unit_test(test_plan__unlisted_dc_falls_back_to_next_sensor),
		cmocka_unit_test(test_plan__vswitch_remote_covers_every_uplink),
		cmocka_unit_test(test_plan__sensor_gets_one_vlan_per_delivery),
		cmocka_unit_test(test_plan__vlan_fits_every_path_of_its_sensor),
		cmocka_unit_test(test_plan__unlisted_dc_may_join_a_listing_sensor),
		cmocka_unit_test(test_plan__output_is_deterministic),
		cmocka_unit_test(test_plan__E201_no_valid_path),
		cmocka_unit_test(
		    test_plan__E202_destination_port_serves_one_session),
		cmocka_unit_test(test_plan__E203_session_limit),
		cmocka_unit_test(test_plan__E204_pool_exhausted),
		cmocka_unit_test(test_plan__E205_virtual_sensor_needs_capture_nic),
		cmocka_unit_test(test_plan__E206_no_reachable_decapsulator),
		cmocka_unit_test(test_plan__E207_traffic_split_across_switches),
		cmocka_unit_test(test_plan__E208_wan_headroom),
		cmocka_unit_test(test_plan__W301_oversubscribed_sensor_port),
		cmocka_unit_test(test_plan__W306_sensor_busy_pps),
		cmocka_unit_test(test_plan__tap),
		cmocka_unit_test(test_plan__erspan_types_agree),
		cmocka_unit_test(test_plan__W302_small_mtu_on_erspan_path),
		cmocka_unit_test(test_plan__W303_vm_mobility),
		cmocka_unit_test(test_plan__W304_time_sources),
		cmocka_unit_test(test_plan__W305_and_I401),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
