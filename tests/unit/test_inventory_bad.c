/*
 * The bad-inventory corpus: every tests/data/bad-inventories/NAME.yaml must
 * be refused with exactly the diagnostics in NAME.expect ("LINE:COL: error
 * CODE: message" lines).  One cmocka test per file, so a failure names it.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "inventory/inventory.h"
#include "testutil.h"

static vendor_set_t *vendors;

static void
test_bad_inventory(void **state)
{
	const char *path = *state;
	strbuf_t expect_path = STRBUF_INIT(0);
	diag_list_t *dl = diag_list_new();
	sg_err_t err = SG_ERR_INIT;
	inventory_t *inv = NULL;
	char *expected, *got;

	strbuf_add(&expect_path, path, strlen(path) - strlen(".yaml"));
	strbuf_adds(&expect_path, ".expect");
	expected = test_slurp(strbuf_str(&expect_path));
	assert_int_equal(inventory_load(&inv, path, vendors, dl, &err),
	    SG_EINVAL);
	assert_null(inv);
	assert_true(diag_errors(dl) > 0);
	got = test_diag_lines(dl);
	assert_string_equal(got, expected);
	free(got);
	free(expected);
	strbuf_dispose(&expect_path);
	diag_list_free(dl);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(void)
{
	struct CMUnitTest *tests = NULL;
	char *dir = test_path("SG_TEST_DATA", "bad-inventories");
	char **paths = NULL;
	strbuf_t path = STRBUF_INIT(0);
	struct dirent *de;
	size_t n = 0, i, len;
	DIR *d;
	int rc;

	if ((d = opendir(dir)) == NULL) {
		(void)fprintf(stderr, "cannot open %s\n", dir);
		return 1;
	}
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len <= 5 || strcmp(de->d_name + len - 5, ".yaml") != 0)
			continue;
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", dir, de->d_name);
		paths = realloc(paths, (n + 1) * sizeof(*paths));
		paths[n++] = strbuf_detach(&path, NULL);
	}
	(void)closedir(d);
	qsort(paths, n, sizeof(*paths), cmp_str);
	tests = calloc(n, sizeof(*tests));
	for (i = 0; i < n; i++) {
		tests[i].name = strrchr(paths[i], '/') + 1;
		tests[i].test_func = test_bad_inventory;
		tests[i].initial_state = paths[i];
	}
	vendors = test_vendors();
	rc = _cmocka_run_group_tests("bad_inventories", tests, n, NULL, NULL);
	vendor_set_free(vendors);
	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	free(tests);
	free(dir);
	return n < 30 ? 1 : rc;
}
