/* Unit tests for vendor descriptors: the shipped set, and broken ones. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "inventory/vendor.h"
#include "testutil.h"

static const char good_descriptor[] =
    "spangen_vendor: 1\n"
    "name: NAME\n"
    "title: Test switch\n"
    "kind: switch\n"
    "reference: A\n"
    "can: {span: true, rspan_source: false, rspan_transit: false,\n"
    "  rspan_destination: false, erspan_source: false,\n"
    "  erspan_termination: false, vswitch_mirror: false,\n"
    "  vswitch_remote: false, erspan_id: false, affinity_rule: false}\n"
    "limits: {sessions: 2, source_sessions: 1, sources_per_session: 0,\n"
    "  directions: 0, session_ids: \"1-2\", erspan_ids: [\"1-1023\"],\n"
    "  rspan_vlans: [\"2-4094\"]}\n"
    "interfaces: {pattern: '^port[0-9]+$', example: port1,\n"
    "  default_mbps: 1000}\n"
    "transports: [render-only]\n"
    "commit: manual\n"
    "unsafe_chars: '|'\n";

static void
test_vendor__shipped_descriptors_all_load(void **state)
{
	static const char *const names[] = {
		"arista-eos", "aruba-aoscx", "cisco-iosxe", "cisco-nxos",
		"hyperv", "juniper-junos", "linux", "ovs", "vmware-vds",
		"vmware-vss"
	};
	vendor_set_t *vs = test_vendors();
	size_t i;

	(void)state;
	assert_int_equal(vendor_set_count(vs), 10);
	for (i = 0; i < 10; i++)
		assert_string_equal(vendor_set_at(vs, i)->name, names[i]);
	vendor_set_free(vs);
}

static void
test_vendor__iosxe_facts_follow_the_reference(void **state)
{
	vendor_set_t *vs = test_vendors();
	const vendor_t *v = vendor_set_find(vs, "cisco-iosxe");

	(void)state;
	assert_non_null(v);
	assert_int_equal(v->kind, VENDOR_SWITCH);
	/* local SPAN, every RSPAN role, ERSPAN both ends */
	assert_int_equal(v->caps & 0x3f, 0x3f);
	assert_false(v->caps & VENDOR_CAN_VSWITCH_MIRROR);
	/* session ids 1..66 in the 17.18.1 YANG model; the RSPAN VLAN ranges */
	assert_true(ranges_contain(&v->limits.session_ids, 66));
	assert_false(ranges_contain(&v->limits.session_ids, 67));
	assert_false(ranges_contain(&v->limits.rspan_vlans, 1));
	assert_false(ranges_contain(&v->limits.rspan_vlans, 1003));
	assert_true(ranges_contain(&v->limits.rspan_vlans, 1006));
	assert_true(ranges_contain(&v->limits.erspan_ids, 1023));
	assert_true(vendor_is_uncertain(v, "limits.source_sessions"));
	assert_true(vendor_port_ok(v, "GigabitEthernet1/0/5"));
	assert_true(vendor_port_ok(v, "TenGigabitEthernet1/1/1"));
	assert_false(vendor_port_ok(v, "Gi1/0/5"));
	assert_false(vendor_port_ok(v, "GigabitEthernet1/0/5 "));
	assert_true(vendor_lag_ok(v, "Port-channel5"));
	assert_false(vendor_lag_ok(v, "GigabitEthernet1/0/5"));
	assert_int_equal(vendor_port_mbps(v, "TenGigabitEthernet1/1/1"), 10000);
	assert_int_equal(vendor_port_mbps(v, "GigabitEthernet1/0/1"), 1000);
	assert_true(v->transports & VENDOR_TR_SSH);
	assert_true(v->transports & VENDOR_TR_NETCONF);
	assert_int_equal(v->commit, VENDOR_COMMIT_REVERT_TIMER);
	assert_true(v->has_cli);
	assert_string_equal(v->cli.config_enter, "configure terminal");
	assert_int_equal(vendor_unsafe_char(v, "a|b"), '|');
	assert_int_equal(vendor_unsafe_char(v, "GigabitEthernet1/0/5"), 0);
	assert_int_equal(v->erspan_sends, VENDOR_ERSPAN_II);
	assert_int_equal(v->erspan_terminates, VENDOR_ERSPAN_II);
	/* GRE without an ERSPAN header; and no termination at all */
	v = vendor_set_find(vs, "arista-eos");
	assert_int_equal(v->erspan_sends, VENDOR_ERSPAN_GRE);
	assert_int_equal(v->erspan_terminates, 0u);
	/* no ERSPAN, no section */
	v = vendor_set_find(vs, "hyperv");
	assert_int_equal(v->erspan_sends | v->erspan_terminates, 0u);
	vendor_set_free(vs);
}

static void
test_vendor__erspan_type_names(void **state)
{
	char buf[64];

	(void)state;
	assert_string_equal(vendor_erspan_types(0, buf, sizeof(buf)), "none");
	assert_string_equal(vendor_erspan_types(VENDOR_ERSPAN_II |
	    VENDOR_ERSPAN_GRE, buf, sizeof(buf)), "erspan2, gre");
	/* cut short, never overrun */
	assert_string_equal(vendor_erspan_types(VENDOR_ERSPAN_II |
	    VENDOR_ERSPAN_III, buf, 12), "erspan2");
}

static void
test_vendor__platform_kinds_and_transports(void **state)
{
	vendor_set_t *vs = test_vendors();

	(void)state;
	assert_int_equal(vendor_set_find(vs, "vmware-vds")->kind,
	    VENDOR_VSWITCH);
	assert_int_equal(vendor_set_find(vs, "hyperv")->transports,
	    VENDOR_TR_RENDER_ONLY);
	assert_int_equal(vendor_set_find(vs, "ovs")->transports,
	    VENDOR_TR_SSH_EXEC);
	assert_int_equal(vendor_set_find(vs, "linux")->kind, VENDOR_HOST);
	assert_true(vendor_set_find(vs, "linux")->caps &
	    VENDOR_CAN_ERSPAN_TERMINATION);
	assert_false(vendor_set_find(vs, "vmware-vss")->caps);
	assert_null(vendor_set_find(vs, "cisco-ios"));
	vendor_set_free(vs);
}

/* Push takes the CLI dialect from the descriptor, whatever its name. */
static void
test_vendor__cli_dialect_is_read_from_the_descriptor(void **state)
{
	vendor_set_t *vs = test_vendors();

	(void)state;
	assert_int_equal(vendor_set_find(vs, "cisco-iosxe")->cli.dialect,
	    VENDOR_DIALECT_IOSXE);
	assert_int_equal(vendor_set_find(vs, "cisco-nxos")->cli.dialect,
	    VENDOR_DIALECT_NXOS);
	assert_int_equal(vendor_set_find(vs, "arista-eos")->cli.dialect,
	    VENDOR_DIALECT_EOS);
	assert_int_equal(vendor_set_find(vs, "aruba-aoscx")->cli.dialect,
	    VENDOR_DIALECT_AOSCX);
	/* Junos is pushed over NETCONF: its set commands are for review */
	assert_true(vendor_set_find(vs, "juniper-junos")->has_cli);
	assert_int_equal(vendor_set_find(vs, "juniper-junos")->cli.dialect,
	    VENDOR_DIALECT_NONE);
	vendor_set_free(vs);
}

/* A device without a transport takes the first one its descriptor lists. */
static void
test_vendor__transports_keep_the_listed_order(void **state)
{
	vendor_set_t *vs = test_vendors();
	const vendor_t *junos = vendor_set_find(vs, "juniper-junos");
	const vendor_t *iosxe = vendor_set_find(vs, "cisco-iosxe");

	(void)state;
	assert_int_equal(junos->ntransport_order, 2);
	assert_int_equal(junos->transport_order[0], 1);	/* netconf */
	assert_int_equal(junos->transport_order[1], 0);	/* ssh */
	assert_int_equal(iosxe->transport_order[0], 0);
	assert_int_equal(iosxe->transport_order[1], 1);
	vendor_set_free(vs);
}

/* Writes name.yaml holding text into dir. */
static void
write_descriptor(const char *dir, const char *name, const char *text)
{
	strbuf_t path = STRBUF_INIT(0);
	FILE *fp;

	strbuf_addf(&path, "%s/%s.yaml", dir, name);
	assert_non_null(fp = fopen(strbuf_str(&path), "w"));
	assert_int_equal(fputs(text, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
	strbuf_dispose(&path);
}

static char *
with_name(const char *text, const char *name)
{
	strbuf_t sb = STRBUF_INIT(0);
	const char *at = strstr(text, "NAME");

	strbuf_add(&sb, text, (size_t)(at - text));
	strbuf_adds(&sb, name);
	strbuf_adds(&sb, at + 4);
	return strbuf_detach(&sb, NULL);
}

/* Loads a directory holding a good descriptor and one broken one. */
static char *
load_broken(const char *name, const char *text, size_t *count)
{
	char dir[] = "/tmp/sg-vendor-XXXXXX";
	strbuf_t path = STRBUF_INIT(0);
	diag_list_t *dl = diag_list_new();
	sg_err_t err = SG_ERR_INIT;
	vendor_set_t *vs = NULL;
	char *good, *lines;

	assert_non_null(mkdtemp(dir));
	good = with_name(good_descriptor, "good");
	write_descriptor(dir, "good", good);
	write_descriptor(dir, name, text);
	assert_int_equal(vendor_set_load(&vs, dir, dl, &err), SG_EINVAL);
	assert_non_null(vs);
	*count = vendor_set_count(vs);
	assert_non_null(vendor_set_find(vs, "good"));
	lines = test_diag_lines(dl);
	vendor_set_free(vs);
	diag_list_free(dl);
	strbuf_addf(&path, "%s/good.yaml", dir);
	(void)unlink(strbuf_str(&path));
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/%s.yaml", dir, name);
	(void)unlink(strbuf_str(&path));
	(void)rmdir(dir);
	strbuf_dispose(&path);
	free(good);
	return lines;
}

static void
expect_broken(const char *edit_from, const char *edit_to,
    const char *expected)
{
	strbuf_t text = STRBUF_INIT(0);
	char *base = with_name(good_descriptor, "bad"), *at, *lines;
	size_t count;

	at = strstr(base, edit_from);
	assert_non_null(at);
	strbuf_add(&text, base, (size_t)(at - base));
	strbuf_adds(&text, edit_to);
	strbuf_adds(&text, at + strlen(edit_from));
	lines = load_broken("bad", strbuf_str(&text), &count);
	assert_string_equal(lines, expected);
	assert_int_equal(count, 1);	/* the broken one is left out */
	free(lines);
	free(base);
	strbuf_dispose(&text);
}

static void
test_vendor__broken_descriptors_are_reported_and_left_out(void **state)
{
	(void)state;
	expect_broken("commit: manual", "commit: manual\nsessions: 3",
	    "17:1: error E102: unknown key 'sessions' in vendor 'bad'\n");
	/* an ERSPAN capability needs the types, and types need it */
	expect_broken("erspan_source: false", "erspan_source: true",
	    "1:1: error E104: vendor 'bad' has can.erspan_source but no "
	    "erspan.sends\n");
	expect_broken("commit: manual", "commit: manual\nerspan: {terminates: "
	    "[erspan2]}", "17:22: error E107: vendor 'bad' lists "
	    "erspan.terminates without can.erspan_termination\n");
	expect_broken("commit: manual", "commit: manual\nerspan: {sends: "
	    "[erspan4]}", "17:18: error E107: unknown ERSPAN type in its "
	    "'erspan' section sends\n");
	expect_broken("'^port[0-9]+$'", "'^port[0-9+$'",
	    "13:23: error E107: 'pattern' in its 'interfaces' section is not "
	    "a valid regular expression: Unmatched [, [^, [:, [., or [=\n");
	expect_broken("example: port1", "example: eth1",
	    "13:48: error E107: example 'eth1' in its 'interfaces' section "
	    "does not match its pattern\n");
	expect_broken("name: bad", "name: other",
	    "2:7: error E107: descriptor name 'other' does not match its file "
	    "name 'bad.yaml'\n");
	expect_broken("[render-only]", "[ssh]",
	    "1:1: error E104: vendor 'bad' supports ssh but has no 'cli' "
	    "section\n");
	expect_broken("commit: manual", "commit: manual\nuncertain:\n"
	    "  - {field: limits.nonsense, why: test}",
	    "18:13: error E106: uncertain field 'limits.nonsense' in vendor "
	    "'bad' is not in the descriptor\n");
	expect_broken("span: true,", "span: yes,",
	    "6:13: error E103: 'span' in its 'can' section must be true or "
	    "false\n");
	expect_broken("'^port[0-9]+$'", "'^(((p{1,100}){1,100}){1,100})$'",
	    "13:23: error E107: 'pattern' in its 'interfaces' section is too "
	    "complex a regular expression\n");
	expect_broken("'^port[0-9]+$'", "'^p++++++++++++++++++++$'",
	    "13:23: error E107: 'pattern' in its 'interfaces' section is too "
	    "complex a regular expression\n");
	expect_broken("'^port[0-9]+$'", "'^((((((((((((p+)+)+)+)+)+)+)+)+)+)+)+)+$'",
	    "13:23: error E107: 'pattern' in its 'interfaces' section is too "
	    "complex a regular expression\n");
	expect_broken("[render-only]", "[render-only, render-only]",
	    "15:27: error E107: transport 'render-only' is listed twice in "
	    "vendor 'bad'\n");
	expect_broken("[render-only]", "[ssh]\ncli: {dialect: ios, prompt: "
	    "'#$', config_prompt: '#$',\n  paging_off: x, config_enter: c, "
	    "config_leave: e, errors: ['^%']}",
	    "16:16: error E107: 'dialect' in its 'cli' section is 'ios'\n");
	expect_broken("spangen_vendor: 1", "spangen_vendor: 2",
	    "1:17: error E115: vendor 'bad' has format version 2\n");
}

static void
test_vendor__missing_directory_is_an_io_error(void **state)
{
	diag_list_t *dl = diag_list_new();
	sg_err_t err = SG_ERR_INIT;
	vendor_set_t *vs = NULL;

	(void)state;
	assert_int_equal(vendor_set_load(&vs, "/nonexistent", dl, &err),
	    SG_EIO);
	assert_null(vs);
	assert_string_equal(err.msg, "/nonexistent: cannot read the vendor "
	    "directory");
	diag_list_free(dl);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vendor__shipped_descriptors_all_load),
		cmocka_unit_test(test_vendor__iosxe_facts_follow_the_reference),
		cmocka_unit_test(test_vendor__erspan_type_names),
		cmocka_unit_test(test_vendor__platform_kinds_and_transports),
		cmocka_unit_test(test_vendor__transports_keep_the_listed_order),
		cmocka_unit_test(
		    test_vendor__cli_dialect_is_read_from_the_descriptor),
		cmocka_unit_test(
		    test_vendor__broken_descriptors_are_reported_and_left_out),
		cmocka_unit_test(test_vendor__missing_directory_is_an_io_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
