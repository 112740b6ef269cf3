/*
 * Rendering: golden bundles for every example inventory and for each
 * vendor/role case under tests/golden/render/ (compared file by file, byte
 * for byte), strict templates, and how a bundle is written.  Regenerate
 * goldens with tests/golden/update-bundles.sh after a deliberate change and
 * review the diff against the vendor documents each case's README names.
 */
#include <dirent.h>
#include <ftw.h>
#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "render/bundle.h"
#include "render/bundledir.h"
#include "render/checklist.h"
#include "inventory/inventory.h"
#include "plan/plan.h"
#include "render/render.h"
#include "testutil.h"

static vendor_set_t *vendors;

static inventory_t *
load(const char *path)
{
	diag_list_t *dl = diag_list_new();
	sg_err_t err = SG_ERR_INIT;
	inventory_t *inv = NULL;
	char *lines;

	(void)inventory_load(&inv, path, vendors, dl, &err);
	lines = test_diag_lines(dl);
	if (inv == NULL)
		fail_msg("%s: %s%s", path, err.msg, lines);
	free(lines);
	diag_list_free(dl);
	return inv;
}

static bundle_t *
build(const inventory_t *inv, const plan_t *plan)
{
	char *templates = test_path("SG_SOURCE_DIR", "templates");
	sg_err_t err = SG_ERR_INIT;
	bundle_t *b = NULL;

	if (bundle_build(&b, inv, plan, templates, &err) != 0)
		fail_msg("%s", err.msg);
	free(templates);
	return b;
}

static size_t golden_count;

static int
count_file(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)path;
	(void)st;
	(void)f;
	golden_count += flag == FTW_F;
	return 0;
}

/* Every file of the bundle equals the golden copy, and nothing is extra. */
static void
compare_golden(const char *inventory, const char *golden_dir)
{
	inventory_t *inv = load(inventory);
	plan_t *plan = plan_build(inv);
	bundle_t *b = build(inv, plan);
	strbuf_t path = STRBUF_INIT(0);
	char *expected;
	size_t i;

	for (i = 0; i < b->nfiles; i++) {
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", golden_dir, b->files[i].path);
		if (access(strbuf_str(&path), R_OK) != 0)
			fail_msg("%s: no golden file (run "
			    "tests/golden/update-bundles.sh)", strbuf_str(&path));
		expected = test_slurp(strbuf_str(&path));
		if (strcmp(expected, b->files[i].data) != 0)
			fail_msg("%s differs from the rendering:\n%s",
			    strbuf_str(&path), b->files[i].data);
		free(expected);
	}
	golden_count = 0;
	(void)nftw(golden_dir, count_file, 16, FTW_PHYS);
	/* inventory.yaml and README.md of a render case are not output */
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/inventory.yaml", golden_dir);
	golden_count -= access(strbuf_str(&path), R_OK) == 0;
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/README.md", golden_dir);
	golden_count -= access(strbuf_str(&path), R_OK) == 0;
	assert_int_equal(golden_count, b->nfiles);
	strbuf_dispose(&path);
	bundle_free(b);
	plan_free(plan);
	inventory_free(inv);
}

struct golden_case {
	char	*name;
	char	*inventory;
	char	*dir;
};

static void
test_golden(void **state)
{
	const struct golden_case *c = *state;

	compare_golden(c->inventory, c->dir);
}

/* ---- writing ---------------------------------------------------------- */

static bundle_t *
small_bundle(inventory_t **inv, plan_t **plan)
{
	char *path = test_path("SG_SOURCE_DIR", "inventories/ovs-lab.yaml");

	*inv = load(path);
	*plan = plan_build(*inv);
	free(path);
	return build(*inv, *plan);
}

/* Writes text to dir/rel, making the directories on the way. */
static void
put_file(const char *dir, const char *rel, const char *text)
{
	char p[700];
	FILE *fp;

	(void)snprintf(p, sizeof(p), "mkdir -p \"$(dirname '%s/%s')\"", dir,
	    rel);
	assert_int_equal(system(p), 0);
	(void)snprintf(p, sizeof(p), "%s/%s", dir, rel);
	assert_non_null(fp = fopen(p, "w"));
	(void)fputs(text, fp);
	(void)fclose(fp);
}

static bool
path_exists(const char *dir, const char *rel)
{
	char p[700];

	(void)snprintf(p, sizeof(p), "%s/%s", dir, rel);
	return access(p, F_OK) == 0;
}

static void
test_render__write_replaces_only_a_bundle(void **state)
{
	char dir[] = "/tmp/sg-render-XXXXXX", out[64], other[64], p[600];
	sg_err_t err = SG_ERR_INIT;
	strbuf_t notes = STRBUF_INIT(0);
	inventory_t *inv;
	plan_t *plan;
	bundle_t *b = small_bundle(&inv, &plan);

	(void)state;
	assert_non_null(mkdtemp(dir));
	(void)snprintf(out, sizeof(out), "%s/out/", dir);
	assert_int_equal(bundle_write(b, out, &notes, &err), 0);
	(void)snprintf(p, sizeof(p), "%s/MANIFEST", out);
	assert_int_equal(access(p, R_OK), 0);
	/* a bundle holding only its own files is replaced */
	assert_int_equal(bundle_write(b, out, &notes, &err), 0);
	assert_string_equal(strbuf_str(&notes), "");
	/* an empty directory is taken over */
	(void)snprintf(p, sizeof(p), "%s/empty", dir);
	assert_int_equal(mkdir(p, 0755), 0);
	assert_int_equal(bundle_write(b, p, &notes, &err), 0);
	/* a directory that is not a bundle is never replaced */
	(void)snprintf(other, sizeof(other), "%s/mine", dir);
	put_file(other, "notes.txt", "mine\n");
	assert_int_equal(bundle_write(b, other, &notes, &err), SG_EINVAL);
	(void)snprintf(p, sizeof(p), "%s is not a spangen bundle (no MANIFEST) "
	    "and not empty; refusing to replace it, choose another output "
	    "with -o", other);
	assert_string_equal(err.msg, p);
	assert_true(path_exists(other, "notes.txt"));
	sg_err_clear(&err);
	(void)snprintf(p, sizeof(p), "rm -rf '%s'", dir);
	assert_int_equal(system(p), 0);
	strbuf_dispose(&notes);
	bundle_free(b);
	plan_free(plan);
	inventory_free(inv);
}

/*
 * Push logs: a log that left every device as it was moves into the new
 * bundle; one whose push may have left a device changed keeps the old
 * bundle in place.
 */
static void
test_render__write_keeps_push_logs(void **state)
{
	char dir[] = "/tmp/sg-render-XXXXXX", out[64];
	sg_err_t err = SG_ERR_INIT;
	strbuf_t notes = STRBUF_INIT(0);
	inventory_t *inv;
	plan_t *plan;
	bundle_t *b = small_bundle(&inv, &plan);
	const char *dry = "push-20261126T000000Z";
	const char *pushed = "push-20261126T010000Z";
	const char *undone = "push-20261126T020000Z";

	(void)state;
	assert_non_null(mkdtemp(dir));
	(void)snprintf(out, sizeof(out), "%s/out", dir);
	assert_int_equal(bundle_write(b, out, &notes, &err), 0);
	/* a dry run changed nothing: the bundle is replaced, the log kept */
	put_file(out, "push-20261126T000000Z/summary.txt", "command: push\n"
	    "outcome: changes\nbundle: x\ndevice ovs1 unchanged\n");
	put_file(out, "push-20261126T000000Z/ovs1/session.log", "dry\n");
	assert_int_equal(bundle_write(b, out, &notes, &err), 0);
	assert_true(path_exists(out, "push-20261126T000000Z/ovs1/session.log"));
	/* a push that changed a device, not rolled back, keeps the bundle */
	put_file(out, "push-20261126T010000Z/summary.txt", "command: push\n"
	    "outcome: ok\nbundle: x\ndevice ovs1 changed\n");
	assert_int_equal(bundle_write(b, out, &notes, &err), SG_EINVAL);
	assert_non_null(strstr(err.msg, "this bundle was pushed (push-20261126T"
	    "010000Z changed ovs1) and not rolled back; refusing to replace "
	    "it: roll it back first"));
	assert_true(path_exists(out, pushed));
	sg_err_clear(&err);
	/* rolled back: the device is as it was, and both logs move along */
	put_file(out, "push-20261126T020000Z/summary.txt", "command: rollback\n"
	    "outcome: ok\nbundle: x\ndevice ovs1 changed\n");
	if (bundle_write(b, out, &notes, &err) != 0)
		fail_msg("%s", err.msg);
	assert_true(path_exists(out, dry));
	assert_true(path_exists(out, pushed));
	assert_true(path_exists(out, undone));
	/* a log without a summary: that push was stopped part-way */
	put_file(out, "push-20261126T030000Z/ovs1/session.log", "cut\n");
	assert_int_equal(bundle_write(b, out, &notes, &err), SG_EINVAL);
	assert_non_null(strstr(err.msg, "push-20261126T030000Z has no "
	    "summary.txt"));
	sg_err_clear(&err);
	assert_string_equal(strbuf_str(&notes), "");
	(void)snprintf(out, sizeof(out), "rm -rf '%s'", dir);
	assert_int_equal(system(out), 0);
	strbuf_dispose(&notes);
	bundle_free(b);
	plan_free(plan);
	inventory_free(inv);
}

/*
 * What a killed render leaves beside the bundle is cleaned up by the
 * next one: a half-written DIR.tmp-* is removed, a bundle moved aside to
 * DIR.old-* goes back first, and a push log in a leftover moves into the
 * bundle rather than being removed.
 */
static void
test_render__write_sweeps_leftovers(void **state)
{
	char dir[] = "/tmp/sg-render-XXXXXX", out[64], p[700];
	sg_err_t err = SG_ERR_INIT;
	strbuf_t notes = STRBUF_INIT(0);
	inventory_t *inv;
	plan_t *plan;
	bundle_t *b = small_bundle(&inv, &plan);

	(void)state;
	assert_non_null(mkdtemp(dir));
	(void)snprintf(out, sizeof(out), "%s/out", dir);
	assert_int_equal(bundle_write(b, out, &notes, &err), 0);
	put_file(out, "push-20261126T000000Z/summary.txt", "command: push\n"
	    "outcome: ok\nbundle: x\ndevice ovs1 unchanged\n");
	/* killed between the fallback's two renames */
	(void)snprintf(p, sizeof(p), "mv '%s' '%s.old-AbC123'", out, out);
	assert_int_equal(system(p), 0);
	put_file(dir, "out.tmp-Zz9999/plan.md", "half\n");
	put_file(dir, "out.tmp-Yy8888/push-20261125T000000Z/summary.txt",
	    "command: push\noutcome: failed\nbundle: x\n"
	    "device ovs1 reverted\n");
	/* not a leftover of this bundle's: never touched */
	put_file(dir, "out.tmp-toolong1/plan.md", "someone's\n");
	put_file(dir, "outer.tmp-Xx7777/plan.md", "someone's\n");
	assert_int_equal(bundle_write(b, out, &notes, &err), 0);
	(void)snprintf(p, sizeof(p), "put back the bundle an interrupted "
	    "render had moved to %s.old-AbC123\nremoved %s.tmp-Yy8888, left "
	    "by an earlier render\nremoved %s.tmp-Zz9999, left by an "
	    "earlier render\n", out, out, out);
	assert_string_equal(strbuf_str(&notes), p);
	assert_true(path_exists(out, "push-20261126T000000Z/summary.txt"));
	assert_true(path_exists(out, "push-20261125T000000Z/summary.txt"));
	assert_false(path_exists(dir, "out.old-AbC123"));
	assert_false(path_exists(dir, "out.tmp-Zz9999"));
	assert_true(path_exists(dir, "out.tmp-toolong1/plan.md"));
	assert_true(path_exists(dir, "outer.tmp-Xx7777/plan.md"));
	(void)snprintf(p, sizeof(p), "rm -rf '%s'", dir);
	assert_int_equal(system(p), 0);
	strbuf_dispose(&notes);
	bundle_free(b);
	plan_free(plan);
	inventory_free(inv);
}

/* A signal while the files are written: they go, the old bundle stays. */
static void
test_render__write_stops_at_a_signal(void **state)
{
	char dir[] = "/tmp/sg-render-XXXXXX", out[64], p[600];
	sg_err_t err = SG_ERR_INIT;
	strbuf_t notes = STRBUF_INIT(0);
	inventory_t *inv;
	plan_t *plan;
	bundle_t *b = small_bundle(&inv, &plan);

	(void)state;
	assert_non_null(mkdtemp(dir));
	(void)snprintf(out, sizeof(out), "%s/out", dir);
	assert_int_equal(bundle_write(b, out, &notes, &err), 0);
	put_file(out, "push-20261126T000000Z/summary.txt", "command: push\n"
	    "outcome: ok\nbundle: x\ndevice ovs1 unchanged\n");
	bundle_write_stop(SIGINT);
	assert_int_equal(bundle_write(b, out, &notes, &err), SG_EINTR);
	bundle_write_stop(0);
	assert_true(path_exists(out, "MANIFEST"));
	assert_true(path_exists(out, "push-20261126T000000Z/summary.txt"));
	(void)snprintf(p, sizeof(p), "ls '%s' | grep -q tmp-", dir);
	assert_int_not_equal(system(p), 0);
	(void)snprintf(p, sizeof(p), "rm -rf '%s'", dir);
	assert_int_equal(system(p), 0);
	strbuf_dispose(&notes);
	bundle_free(b);
	plan_free(plan);
	inventory_free(inv);
}

static void
test_render__manifest_lists_every_file(void **state)
{
	inventory_t *inv;
	plan_t *plan;
	bundle_t *b = small_bundle(&inv, &plan);
	const bundle_file_t *m = &b->files[b->nfiles - 1];
	char hex[65];
	size_t i;

	(void)state;
	assert_string_equal(m->path, "MANIFEST");
	for (i = 0; i + 1 < b->nfiles; i++) {
		bundle_sha256(hex, b->files[i].data, b->files[i].len);
		assert_non_null(strstr(m->data, hex));
		assert_non_null(strstr(m->data, b->files[i].path));
	}
	bundle_sha256(hex, "abc", 3);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396"
	    "177a9cb410ff61f20015ad");
	bundle_free(b);
	plan_free(plan);
	inventory_free(inv);
}

static void
test_render__templates_are_strict(void **state)
{
	char dir[] = "/tmp/sg-tmpl-XXXXXX", p[600];
	sg_err_t err = SG_ERR_INIT;
	render_files_t rf;
	render_set_t *rs;
	inventory_t *inv;
	plan_t *plan;
	bundle_t *b = small_bundle(&inv, &plan);
	FILE *fp;

	(void)state;
	assert_non_null(mkdtemp(dir));
	(void)snprintf(p, sizeof(p), "%s/ovs", dir);
	assert_int_equal(mkdir(p, 0755), 0);
	(void)snprintf(p, sizeof(p), "%s/ovs/intended.sh.mustache", dir);
	assert_non_null(fp = fopen(p, "w"));
	(void)fputs("{{#sessions}}\nmirror {{id}} to {{destination_prot}}\n"
	    "{{/sessions}}\n", fp);
	(void)fclose(fp);
	rs = render_set_new(dir);
	assert_int_equal(render_device(rs, inv, plan, 0, &rf, &err), SG_ENOTFOUND);
	(void)snprintf(p, sizeof(p), "%s/ovs/rollback.sh.mustache: missing "
	    "(every intended template needs its rollback)", dir);
	assert_string_equal(err.msg, p);
	render_set_free(rs);
	sg_err_clear(&err);
	(void)snprintf(p, sizeof(p), "%s/ovs/rollback.sh.mustache", dir);
	assert_non_null(fp = fopen(p, "w"));
	(void)fclose(fp);
	(void)snprintf(p, sizeof(p), "%s/ovs/verify.txt.mustache", dir);
	assert_non_null(fp = fopen(p, "w"));
	(void)fclose(fp);
	rs = render_set_new(dir);
	assert_int_equal(render_device(rs, inv, plan, 0, &rf, &err), SG_EINVAL);
	(void)snprintf(p, sizeof(p), "%s/ovs/intended.sh.mustache:2:18: no "
	    "value for 'destination_prot'", dir);
	assert_string_equal(err.msg, p);
	render_set_free(rs);
	(void)snprintf(p, sizeof(p), "rm -rf '%s'", dir);
	assert_int_equal(system(p), 0);
	bundle_free(b);
	plan_free(plan);
	inventory_free(inv);
}

/* ---- the sensor checklist ------------------------------------------- */

static const char checklist_inventory[] =
    "spangen: 1\n"
    "switches:\n"
    "  - {name: acc1, vendor: cisco-iosxe}\n"
    "hypervisors:\n"
    "  - {name: esx01, platform: vmware-vds, uplinks: [\"acc1:TenGigabitEthernet1/1/4\"],\n"
    "     capture_nics: [{name: vmnic3, port: \"acc1:GigabitEthernet1/0/47\"}]}\n"
    "domain_controllers:\n"
    "  - {name: DC01, address: 10.0.0.10, mbps: 100, ports: [\"acc1:GigabitEthernet1/0/5\"]}\n"
    "  - {name: DC02, address: 10.0.0.11, mbps: 100, ports: [\"acc1:GigabitEthernet1/0/6\"]}\n"
    "  - {name: DC03, address: 10.0.0.12, mbps: 100, ports: [\"acc1:GigabitEthernet1/0/7\"]}\n"
    "sensors:\n"
    "  - {name: S1, port: \"acc1:GigabitEthernet1/0/48\", monitors: [DC01, DC02]}\n"
    "  - {name: S2, port: \"acc1:GigabitEthernet1/0/46\", monitors: []}\n"
    "  - {name: S3, vm: {hypervisor: esx01, name: MDI-S3, capture_nic: vmnic3}, monitors: [DC03]}\n";

/* The checklist of sensor s, which the caller frees. */
static char *
checklist_of(const inventory_t *inv, const plan_t *plan, size_t s)
{
	strbuf_t sb = STRBUF_INIT(0);

	checklist_sensor_md(&sb, inv, plan, s, 1);
	return strbuf_detach(&sb, NULL);
}

static void
assert_has(const char *text, const char *want)
{
	if (strstr(text, want) == NULL)
		fail_msg("missing '%s' in:\n%s", want, text);
}

static void
assert_lacks(const char *text, const char *unwanted)
{
	if (strstr(text, unwanted) != NULL)
		fail_msg("unexpected '%s' in:\n%s", unwanted, text);
}

static void
test_render__sensor_checklist(void **state)
{
	diag_list_t *dl = diag_list_new();
	inventory_t *inv = NULL;
	plan_t *plan;
	bundle_t *b;
	char *c;
	size_t i;
	bool found = false;

	(void)state;
	assert_int_equal(inventory_parse(&inv, "t.yaml", checklist_inventory,
	    strlen(checklist_inventory), vendors, dl), 0);
	diag_list_free(dl);
	plan = plan_build(inv);
	assert_int_equal(plan_errors(plan), 0);

	/* a physical sensor: its port, both DCs, both in one verify */
	c = checklist_of(inv, plan, 0);
	assert_has(c, "# Sensor S1\n");
	assert_has(c, "cabled to acc1 port GigabitEthernet1/0/48");
	assert_has(c, "- [ ] DC01 (10.0.0.10), mirrored by span\n"
	    "- [ ] DC02 (10.0.0.11), mirrored by span\n");
	assert_has(c, "at least one global catalog");
	assert_has(c, "no default gateway and no DNS servers");
	assert_has(c, "`Disable-NetAdapterRsc -Name CAPTURE-NIC`");
	assert_has(c, "/loopback_support=no /winpcap_mode=yes /admin_only=no");
	assert_has(c, "restart the sensor service");
	assert_has(c, "`spangen verify --iface IFACE --dc 10.0.0.10 --dc "
	    "10.0.0.11`");
	/* large send offload is for VMware guests */
	assert_lacks(c, "Disable-NetAdapterLso");
	assert_lacks(c, "10.0.0.12");
	free(c);

	/* a sensor with no DC says so, and has nothing to verify */
	c = checklist_of(inv, plan, 1);
	assert_has(c, "No DC is mirrored to this sensor in this plan.");
	assert_lacks(c, "spangen verify");
	free(c);

	/* a VM behind a capture NIC: LSO off, and the host's part by hand */
	c = checklist_of(inv, plan, 2);
	assert_has(c, "Virtual sensor: VM 'MDI-S3' on esx01");
	assert_has(c, "esx01's vmnic3, cabled to acc1 port "
	    "GigabitEthernet1/0/47");
	assert_has(c, "`Disable-NetAdapterLso -Name NIC`");
	assert_has(c, "On esx01, everything vmnic3 receives reaches the VM");
	assert_has(c, "- [ ] DC03 (10.0.0.12), mirrored by span\n");
	free(c);

	/* the bundle holds each, and plan.md all of them */
	b = build(inv, plan);
	for (i = 0; i < b->nfiles; i++) {
		if (strcmp(b->files[i].path, "sensors/S3/checklist.md") == 0) {
			found = true;
			assert_true(strncmp(b->files[i].data, "# Sensor S3\n",
			    12) == 0);
		}
		if (strcmp(b->files[i].path, "plan.md") == 0) {
			c = strndup(b->files[i].data, b->files[i].len);
			assert_has(c, "## Sensor checklists");
			assert_has(c, "### Sensor S1\n");
			assert_has(c, "### Sensor S3\n");
			free(c);
		}
	}
	assert_true(found);
	bundle_free(b);
	plan_free(plan);
	inventory_free(inv);
}

static int
cmp_case(const void *a, const void *b)
{
	return strcmp(((const struct golden_case *)a)->name,
	    ((const struct golden_case *)b)->name);
}

/* Example inventories, then the vendor/role cases. */
static size_t
find_cases(struct golden_case **out)
{
	static const char *const kinds[2] = { "inventories", "render" };
	struct golden_case *cases = NULL;
	strbuf_t sb = STRBUF_INIT(0);
	struct dirent *de;
	size_t n = 0, len, k;
	char *dir;
	DIR *d;

	for (k = 0; k < 2; k++) {
		dir = test_path("SG_SOURCE_DIR", k == 0 ? "inventories" :
		    "tests/golden/render");
		if ((d = opendir(dir)) == NULL)
			fail_msg("cannot open %s", dir);
		while ((de = readdir(d)) != NULL) {
			len = strlen(de->d_name);
			if (de->d_name[0] == '.' || (k == 0 && (len <= 5 ||
			    strcmp(de->d_name + len - 5, ".yaml") != 0)))
				continue;
			cases = realloc(cases, (n + 1) * sizeof(*cases));
			strbuf_reset(&sb);
			strbuf_addf(&sb, "%s/%.*s", kinds[k], (int)(k == 0 ?
			    len - 5 : len), de->d_name);
			cases[n].name = strbuf_detach(&sb, NULL);
			strbuf_addf(&sb, k == 0 ? "%s/%s" : "%s/%s/inventory.yaml",
			    dir, de->d_name);
			cases[n].inventory = strbuf_detach(&sb, NULL);
			if (k == 0)
				strbuf_addf(&sb, "%s/../tests/golden/bundle/%.*s",
				    dir, (int)(len - 5), de->d_name);
			else
				strbuf_addf(&sb, "%s/%s/expected", dir,
				    de->d_name);
			cases[n].dir = strbuf_detach(&sb, NULL);
			n++;
		}
		(void)closedir(d);
		free(dir);
	}
	qsort(cases, n, sizeof(*cases), cmp_case);
	*out = cases;
	return n;
}

int
main(void)
{
	const struct CMUnitTest own[] = {
		cmocka_unit_test(test_render__write_replaces_only_a_bundle),
		cmocka_unit_test(test_render__write_keeps_push_logs),
		cmocka_unit_test(test_render__write_sweeps_leftovers),
		cmocka_unit_test(test_render__write_stops_at_a_signal),
		cmocka_unit_test(test_render__manifest_lists_every_file),
		cmocka_unit_test(test_render__templates_are_strict),
		cmocka_unit_test(test_render__sensor_checklist),
	};
	struct golden_case *cases = NULL;
	struct CMUnitTest *tests;
	size_t n, i;
	int rc;

	vendors = test_vendors();
	rc = cmocka_run_group_tests_name("render", own, NULL, NULL);
	n = find_cases(&cases);
	tests = calloc(n, sizeof(*tests));
	for (i = 0; i < n; i++) {
		tests[i].name = cases[i].name;
		tests[i].test_func = test_golden;
		tests[i].initial_state = &cases[i];
	}
	rc |= _cmocka_run_group_tests("golden_bundles", tests, n, NULL, NULL);
	for (i = 0; i < n; i++) {
		free(cases[i].name);
		free(cases[i].inventory);
		free(cases[i].dir);
	}
	free(cases);
	free(tests);
	vendor_set_free(vendors);
	return rc;
}
