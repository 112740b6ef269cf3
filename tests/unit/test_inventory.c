/* Unit tests for the inventory loader: the resolved model. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "inventory/inventory.h"
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

static inventory_t *
load_ok(const char *text)
{
	diag_list_t *dl = diag_list_new();
	inventory_t *inv = NULL;
	char *lines;
	int rc;

	rc = inventory_parse(&inv, "t.yaml", text, strlen(text), vendors, dl);
	lines = test_diag_lines(dl);
	assert_string_equal(lines, "");
	assert_int_equal(rc, 0);
	free(lines);
	diag_list_free(dl);
	return inv;
}

static char *
load_fail(const char *text)
{
	diag_list_t *dl = diag_list_new();
	inventory_t *inv = NULL;
	char *lines;

	assert_int_equal(inventory_parse(&inv, "t.yaml", text, strlen(text),
	    vendors, dl), SG_EINVAL);
	assert_null(inv);
	lines = test_diag_lines(dl);
	diag_list_free(dl);
	return lines;
}

static void
test_inventory__examples_all_validate(void **state)
{
	static const char *const examples[] = {
		"campus.yaml", "branch-wan.yaml", "virtual-cluster.yaml",
		"ovs-lab.yaml"
	};
	diag_list_t *dl;
	sg_err_t err = SG_ERR_INIT;
	inventory_t *inv;
	char *path, *lines, rel[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(examples) / sizeof(examples[0]); i++) {
		dl = diag_list_new();
		(void)snprintf(rel, sizeof(rel), "inventories/%s", examples[i]);
		path = test_path("SG_SOURCE_DIR", rel);
		inv = NULL;
		(void)inventory_load(&inv, path, vendors, dl, &err);
		lines = test_diag_lines(dl);
		assert_string_equal(lines, "");
		assert_non_null(inv);
		assert_true(inv->ndcs > 0);
		assert_true(inv->nsensors > 0);
		inventory_free(inv);
		free(lines);
		free(path);
		diag_list_free(dl);
	}
}

static const char campus[] =
    "# sections in an unusual order: references resolve anyway\n"
    "spangen: 1\n"
    "name: lab\n"
    "links:\n"
    "  - {kind: trunk, a: \"acc1:TenGigabitEthernet1/1/1\",\n"
    "     b: \"dist1:TenGigabitEthernet1/0/1\", allowed_vlans: [\"1-899\", 1000]}\n"
    "  - {kind: wan, a: dist1, b: wan1, mbps: 100, headroom_mbps: 40, mtu: 1500}\n"
    "defaults:\n"
    "  username: netops\n"
    "  auth: password\n"
    "  password_env: SPANGEN_PASSWORD\n"
    "  transport: ssh\n"
    "pools: {rspan_vlans: [\"900-909\"], erspan_ids: [\"100-199\"]}\n"
    "switches:\n"
    "  - name: acc1\n"
    "    vendor: cisco-iosxe\n"
    "    mgmt: 192.0.2.11\n"
    "    ports: [{name: GigabitEthernet1/0/48, mbps: 100}]\n"
    "    in_use: {vlans: [1, 10], sessions: [1]}\n"
    "  - name: dist1\n"
    "    vendor: cisco-iosxe\n"
    "    mgmt: \"[2001:db8::2]:2222\"\n"
    "    transport: netconf\n"
    "    auth: key\n"
    "    key_file: ~/.ssh/id_ed25519\n"
    "    address: 198.51.100.1\n"
    "    decap: true\n"
    "  - name: wan1\n"
    "    vendor: cisco-iosxe\n"
    "    mgmt: wan1.example.net\n"
    "    transport: netconf\n"
    "  - {name: lab-ovs, vendor: ovs, mgmt: \"127.0.0.1:2200\"}\n"
    "domain_controllers:\n"
    "  - name: DC01\n"
    "    address: 10.0.0.10\n"
    "    ports: [\"acc1:GigabitEthernet1/0/5\", \"acc1:GigabitEthernet1/0/6\"]\n"
    "    lag: \"acc1:Port-channel5\"\n"
    "    ntp: [10.0.0.1, ntp.example.net]\n"
    "  - {name: DC02, address: \"2001:db8::10\", mbps: 800,\n"
    "     vm: {hypervisor: esx01, name: DC02 (prod)}}\n"
    "hypervisors:\n"
    "  - name: esx01\n"
    "    platform: vmware-vds\n"
    "    cluster: prod-a\n"
    "    uplinks: [\"acc1:GigabitEthernet1/0/10\"]\n"
    "    capture_nics: [{name: vmnic3, port: \"acc1:GigabitEthernet1/0/47\"}]\n"
    "sensors:\n"
    "  - {name: S1, port: \"acc1:GigabitEthernet1/0/48\", monitors: [DC01]}\n"
    "  - {name: S2, vm: {hypervisor: esx01, name: MDI-S2, capture_nic: vmnic3}}\n"
    "preferences: {methods: [rspan, span], cluster_strategy: sensor-per-host}\n";

static void
test_inventory__resolves_references_and_defaults(void **state)
{
	inventory_t *inv = load_ok(campus);
	const inv_switch_t *acc1, *dist1, *wan1, *ovs;

	(void)state;
	assert_string_equal(inv->name, "lab");
	assert_int_equal(inv->nswitches, 4);
	acc1 = &inv->switches[0];
	dist1 = &inv->switches[1];
	wan1 = &inv->switches[2];
	ovs = &inv->switches[3];
	assert_string_equal(acc1->vendor->name, "cisco-iosxe");
	assert_string_equal(acc1->access.mgmt_host, "192.0.2.11");
	assert_int_equal(acc1->access.mgmt_port, 22);
	assert_string_equal(acc1->access.username, "netops");
	assert_int_equal(acc1->access.auth, INV_AUTH_PASSWORD);
	assert_string_equal(acc1->access.password_env, "SPANGEN_PASSWORD");
	assert_int_equal(acc1->access.transport, INV_TR_SSH);
	/* a device's own settings win over the defaults */
	assert_int_equal(dist1->access.auth, INV_AUTH_KEY);
	assert_string_equal(dist1->access.key_file, "~/.ssh/id_ed25519");
	assert_string_equal(dist1->access.mgmt_host, "2001:db8::2");
	assert_int_equal(dist1->access.mgmt_port, 2222);
	assert_int_equal(dist1->access.transport, INV_TR_NETCONF);
	assert_true(dist1->decap);
	assert_string_equal(dist1->address, "198.51.100.1");
	/* NETCONF without a port means the IANA port, 830 */
	assert_int_equal(wan1->access.mgmt_port, 830);
	/* a default transport the vendor lacks falls back to the vendor's */
	assert_int_equal(ovs->access.transport, INV_TR_SSH_EXEC);
	assert_int_equal(ovs->access.mgmt_port, 2200);

	assert_true(ranges_contain(&acc1->in_use_vlans, 10));
	assert_true(ranges_contain(&acc1->in_use_sessions, 1));
	assert_int_equal(inventory_port_mbps(inv, 0, "GigabitEthernet1/0/48"),
	    100);
	assert_int_equal(inventory_port_mbps(inv, 0,
	    "TenGigabitEthernet1/1/1"), 10000);
	assert_true(ranges_contain(&inv->rspan_vlans, 905));
	assert_false(ranges_contain(&inv->rspan_vlans, 910));
	assert_true(ranges_contain(&inv->erspan_ids, 100));
	inventory_free(inv);
}

/* With no transport anywhere, each device takes its descriptor's first. */
static void
test_inventory__default_transport_is_the_descriptors_first(void **state)
{
	inventory_t *inv = load_ok("spangen: 1\n"
	    "switches:\n"
	    "  - {name: ex1, vendor: juniper-junos, mgmt: 192.0.2.1}\n"
	    "  - {name: acc1, vendor: cisco-iosxe, mgmt: 192.0.2.2}\n");

	(void)state;
	/* juniper-junos lists [netconf, ssh], cisco-iosxe [ssh, netconf] */
	assert_int_equal(inv->switches[0].access.transport, INV_TR_NETCONF);
	assert_int_equal(inv->switches[0].access.mgmt_port, 830);
	assert_int_equal(inv->switches[1].access.transport, INV_TR_SSH);
	assert_int_equal(inv->switches[1].access.mgmt_port, 22);
	inventory_free(inv);
}

/* A password device does not carry the key_file of 'defaults' along. */
static void
test_inventory__inherited_key_file_is_dropped_for_password_auth(void **state)
{
	inventory_t *inv = load_ok("spangen: 1\n"
	    "defaults: {auth: key, key_file: ~/.ssh/spangen_ed25519}\n"
	    "switches:\n"
	    "  - {name: acc1, vendor: cisco-iosxe, mgmt: 192.0.2.1}\n"
	    "  - {name: acc2, vendor: cisco-iosxe, mgmt: 192.0.2.2,\n"
	    "     auth: password, password_env: SPANGEN_ACC2_PASSWORD}\n");

	(void)state;
	assert_string_equal(inv->switches[0].access.key_file,
	    "~/.ssh/spangen_ed25519");
	assert_int_equal(inv->switches[1].access.auth, INV_AUTH_PASSWORD);
	assert_null(inv->switches[1].access.key_file);
	inventory_free(inv);
}

static void
test_inventory__resolves_links_dcs_and_sensors(void **state)
{
	inventory_t *inv = load_ok(campus);
	const inv_link_t *trunk, *wan;
	const inv_dc_t *dc01, *dc02;
	const inv_sensor_t *s1, *s2;

	(void)state;
	trunk = &inv->links[0];
	wan = &inv->links[1];
	assert_int_equal(trunk->kind, INV_LINK_TRUNK);
	assert_int_equal(trunk->a.sw, 0);
	assert_string_equal(trunk->a.port, "TenGigabitEthernet1/1/1");
	assert_int_equal(trunk->b.sw, 1);
	assert_true(trunk->has_allowed);
	assert_true(ranges_contain(&trunk->allowed_vlans, 1000));
	assert_false(ranges_contain(&trunk->allowed_vlans, 900));
	assert_int_equal(wan->kind, INV_LINK_WAN);
	assert_null(wan->a.port);
	assert_int_equal(wan->b.sw, 2);
	assert_int_equal(wan->headroom_mbps, 40);
	assert_int_equal(wan->mtu, 1500);
	assert_int_equal(wan->pos.line, 7);

	dc01 = &inv->dcs[0];
	assert_false(dc01->is_vm);
	assert_int_equal(dc01->nports, 2);
	assert_string_equal(dc01->ports[1].port, "GigabitEthernet1/0/6");
	assert_true(dc01->has_lag);
	assert_string_equal(dc01->lag.port, "Port-channel5");
	assert_int_equal(dc01->nntp, 2);
	dc02 = &inv->dcs[1];
	assert_true(dc02->is_vm);
	assert_int_equal(dc02->vm.hypervisor, 0);
	assert_string_equal(dc02->vm.name, "DC02 (prod)");
	assert_int_equal(dc02->mbps, 800);

	assert_string_equal(inv->hypervisors[0].cluster, "prod-a");
	assert_int_equal(inv->hypervisors[0].nuplinks, 1);
	s1 = &inv->sensors[0];
	s2 = &inv->sensors[1];
	assert_int_equal(s1->nmonitors, 1);
	assert_int_equal(s1->monitors[0], 0);
	assert_string_equal(s1->port.port, "GigabitEthernet1/0/48");
	assert_true(s2->is_vm);
	assert_int_equal(s2->vm.capture_nic, 0);
	assert_int_equal(s2->nmonitors, 0);

	assert_int_equal(inv->nmethods, 2);
	assert_int_equal(inv->methods[0], INV_METHOD_RSPAN);
	assert_int_equal(inv->methods[1], INV_METHOD_SPAN);
	assert_int_equal(inv->cluster_strategy, INV_CLUSTER_SENSOR_PER_HOST);
	assert_int_equal(inventory_find_switch(inv, "wan1"), 2);
	assert_int_equal(inventory_find_switch(inv, "esx01"), INV_NONE);
	inventory_free(inv);
}

static void
test_inventory__defaults_when_preferences_absent(void **state)
{
	inventory_t *inv = load_ok("spangen: 1\n");

	(void)state;
	assert_null(inv->name);
	assert_int_equal(inv->nmethods, 3);
	assert_int_equal(inv->methods[0], INV_METHOD_SPAN);
	assert_int_equal(inv->methods[2], INV_METHOD_ERSPAN);
	assert_int_equal(inv->cluster_strategy, INV_CLUSTER_AFFINITY);
	inventory_free(inv);
}

static void
test_inventory__reports_every_error_in_one_run(void **state)
{
	char *lines;

	(void)state;
	lines = load_fail("spangen: 1\n"
	    "switches:\n"
	    "  - {name: acc1, vendor: cisco-iosxe, vlan: 5}\n"
	    "  - {name: acc1, vendor: cisco-iosxe}\n"
	    "domain_controllers:\n"
	    "  - {name: DC01, address: 10.0.0.300, ports: [\"acc1:Gi1/0/5\"]}\n"
	    "sensors:\n"
	    "  - {name: S1, port: \"acc9:GigabitEthernet1/0/48\", monitors: [DC9]}\n");
	assert_string_equal(lines,
	    "3:39: error E102: unknown key 'vlan' in switch 'acc1'\n"
	    "4:12: error E105: duplicate name 'acc1': already used by a "
	    "switch at line 3\n"
	    "6:27: error E110: 'address' in DC 'DC01' is '10.0.0.300', not "
	    "an IP address\n"
	    "6:47: error E111: 'Gi1/0/5' on acc1 is not an interface name of "
	    "vendor cisco-iosxe\n"
	    "8:22: error E106: 'port' in sensor 'S1' names unknown device "
	    "'acc9'\n"
	    "8:63: error E106: sensor 'S1' monitors unknown DC 'DC9'\n");
	free(lines);
}

static void
test_inventory__refuses_clashes_between_objects(void **state)
{
	char *lines;

	(void)state;
	lines = load_fail("spangen: 1\n"
	    "switches:\n"
	    "  - {name: acc1, vendor: cisco-iosxe}\n"
	    "  - {name: ACC1, vendor: cisco-iosxe}\n"
	    "  - {name: -x, vendor: cisco-iosxe}\n"
	    "hypervisors:\n"
	    "  - {name: esx01, platform: vmware-vds, capture_nics:\n"
	    "     [{name: vmnic3, port: \"acc1:GigabitEthernet1/0/47\"}]}\n"
	    "domain_controllers:\n"
	    "  - {name: DC01, address: \"2001:db8::a\", vm: {hypervisor: esx01, name: dc}}\n"
	    "  - {name: DC02, address: \"2001:DB8:0::A\", vm: {hypervisor: esx01, name: dc}}\n"
	    "sensors:\n"
	    "  - {name: S1, vm: {hypervisor: esx01, name: s1, capture_nic: vmnic3}}\n"
	    "  - {name: S2, vm: {hypervisor: esx01, name: s2, capture_nic: vmnic3}}\n");
	assert_string_equal(lines,
	    "4:12: error E105: duplicate name 'ACC1': already used by a "
	    "switch at line 3\n"
	    "5:12: error E112: 'name' in switch '-x' must start with a letter "
	    "or digit\n"
	    "11:27: error E105: duplicate address 2001:db8::a: already used "
	    "by DC 'DC01' at line 10\n"
	    "11:74: error E105: duplicate VM esx01/dc: already used by DC "
	    "'DC01' at line 10\n"
	    "14:63: error E105: duplicate capture NIC esx01/vmnic3: already "
	    "used by sensor 'S1' at line 13\n");
	free(lines);
}

static void
test_inventory__refuses_overlong_port_names(void **state)
{
	strbuf_t yaml = STRBUF_INIT(0);
	char *lines;
	int i;

	(void)state;
	strbuf_adds(&yaml, "spangen: 1\nswitches: [{name: a, vendor: "
	    "cisco-iosxe}]\nsensors: [{name: S1, port: \"a:GigabitEthernet1/0/");
	for (i = 0; i < 60; i++)
		strbuf_addc(&yaml, '1');
	strbuf_adds(&yaml, "\"}]\n");
	lines = load_fail(strbuf_str(&yaml));
	assert_string_equal(lines, "3:28: error E107: 'port' in sensor 'S1' "
	    "has a port name of 79 characters; the limit is 64\n");
	free(lines);
	strbuf_dispose(&yaml);
}

static void
test_inventory__refuses_keys_with_hidden_bytes(void **state)
{
	static const char text[] = "spangen: 1\n\"name\\0evil\": x\n";
	char *lines;

	(void)state;
	lines = load_fail(text);
	assert_string_equal(lines, "2:1: error E112: a key in the inventory "
	    "contains a control character\n");
	free(lines);
}

static void
test_inventory__hint_names_the_fix(void **state)
{
	const char *text = "spangen: 1\nswitches:\n  - {name: a, vendr: x}\n";
	diag_list_t *dl = diag_list_new();
	inventory_t *inv = NULL;
	const diag_t *d;

	(void)state;
	assert_int_equal(inventory_parse(&inv, "t.yaml", text, strlen(text),
	    vendors, dl), SG_EINVAL);
	diag_sort(dl);
	assert_int_equal(diag_count(dl), 2);
	d = diag_get(dl, 0);
	assert_string_equal(d->code, "E104");	/* no vendor */
	d = diag_get(dl, 1);
	assert_string_equal(d->code, "E102");
	assert_int_equal(strncmp(d->hint, "did you mean 'vendor'?", 22), 0);
	diag_list_free(dl);
}

/* The switch reads 1/0/048 as 1/0/48: so do the checks and the renders. */
static void
test_inventory__port_names_are_kept_in_canonical_form(void **state)
{
	static const char text[] =
	    "spangen: 1\n"
	    "switches:\n"
	    "  - name: acc1\n"
	    "    vendor: cisco-iosxe\n"
	    "    mgmt: 192.0.2.11\n"
	    "    ports: [{name: GigabitEthernet1/0/048, mbps: 5}]\n"
	    "domain_controllers:\n"
	    "  - name: DC01\n"
	    "    address: 10.0.0.10\n"
	    "    ports: [\"acc1:GigabitEthernet1/0/05\", "
	    "\"acc1:GigabitEthernet1/0/6\"]\n"
	    "    lag: \"acc1:Port-channel05\"\n"
	    "sensors:\n"
	    "  - name: S1\n"
	    "    port: \"acc1:GigabitEthernet01/0/048\"\n";
	static const char twice[] =
	    "spangen: 1\n"
	    "switches:\n"
	    "  - name: acc1\n"
	    "    vendor: cisco-iosxe\n"
	    "    ports: [{name: GigabitEthernet1/0/5, mbps: 5}, "
	    "{name: GigabitEthernet1/0/05, mbps: 6}]\n";
	inventory_t *inv = load_ok(text);
	char *lines;

	(void)state;
	assert_string_equal(inv->dcs[0].ports[0].port, "GigabitEthernet1/0/5");
	assert_string_equal(inv->dcs[0].ports[1].port, "GigabitEthernet1/0/6");
	assert_string_equal(inv->dcs[0].lag.port, "Port-channel5");
	assert_string_equal(inv->sensors[0].port.port,
	    "GigabitEthernet1/0/48");
	/* the speed listed under another spelling is the port's speed */
	assert_int_equal(inventory_port_mbps(inv, 0, "GigabitEthernet1/0/48"),
	    5);
	inventory_free(inv);
	lines = load_fail(twice);
	assert_string_equal(lines, "5:52: error E105: port "
	    "'GigabitEthernet1/0/5' is listed twice in switch 'acc1' (first "
	    "at line 5)\n");
	free(lines);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    test_inventory__port_names_are_kept_in_canonical_form),
		cmocka_unit_test(test_inventory__examples_all_validate),
		cmocka_unit_test(test_inventory__resolves_references_and_defaults),
		cmocka_unit_test(test_inventory__resolves_links_dcs_and_sensors),
		cmocka_unit_test(test_inventory__defaults_when_preferences_absent),
		cmocka_unit_test(test_inventory__reports_every_error_in_one_run),
		cmocka_unit_test(
		    test_inventory__default_transport_is_the_descriptors_first),
		cmocka_unit_test(
		    test_inventory__inherited_key_file_is_dropped_for_password_auth),
		cmocka_unit_test(test_inventory__refuses_clashes_between_objects),
		cmocka_unit_test(test_inventory__refuses_overlong_port_names),
		cmocka_unit_test(test_inventory__refuses_keys_with_hidden_bytes),
		cmocka_unit_test(test_inventory__hint_names_the_fix),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
