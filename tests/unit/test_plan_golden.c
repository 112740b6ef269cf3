/*
 * Golden plans: `spangen plan --json` of every example inventory must equal
 * tests/golden/plan/NAME.json byte for byte.  After a deliberate change,
 * regenerate with tests/golden/update-plans.sh and review the diff.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>
#include <cmocka.h>

#include "inventory/inventory.h"
#include "plan/plan.h"
#include "testutil.h"

static vendor_set_t *vendors;

static void
golden(const char *name)
{
	char rel[128], *inv_path, *json_path, *expected;
	diag_list_t *dl = diag_list_new();
	sg_err_t err = SG_ERR_INIT;
	strbuf_t out = STRBUF_INIT(0);
	inventory_t *inv = NULL;
	plan_t *plan;

	(void)snprintf(rel, sizeof(rel), "inventories/%s.yaml", name);
	inv_path = test_path("SG_SOURCE_DIR", rel);
	(void)snprintf(rel, sizeof(rel), "tests/golden/plan/%s.json", name);
	json_path = test_path("SG_SOURCE_DIR", rel);
	/* positions in the plan name the file as the CLI would be given it */
	(void)snprintf(rel, sizeof(rel), "inventories/%s.yaml", name);
	assert_int_equal(chdir(test_env("SG_SOURCE_DIR")), 0);
	assert_int_equal(inventory_load(&inv, rel, vendors, dl, &err), 0);
	plan = plan_build(inv);
	plan_format_json(&out, plan);
	expected = test_slurp(json_path);
	assert_string_equal(strbuf_str(&out), expected);
	free(expected);
	strbuf_dispose(&out);
	plan_free(plan);
	inventory_free(inv);
	diag_list_free(dl);
	free(inv_path);
	free(json_path);
}

static void
test_plan_golden__campus(void **state)
{
	(void)state;
	golden("campus");
}

static void
test_plan_golden__branch_wan(void **state)
{
	(void)state;
	golden("branch-wan");
}

static void
test_plan_golden__virtual_cluster(void **state)
{
	(void)state;
	golden("virtual-cluster");
}

static void
test_plan_golden__ovs_lab(void **state)
{
	(void)state;
	golden("ovs-lab");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan_golden__campus),
		cmocka_unit_test(test_plan_golden__branch_wan),
		cmocka_unit_test(test_plan_golden__virtual_cluster),
		cmocka_unit_test(test_plan_golden__ovs_lab),
	};
	int rc;

	vendors = test_vendors();
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	vendor_set_free(vendors);
	return rc;
}
