/* spangen validate: load and check an inventory, print diagnostics. */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/exit.h"
#include "core/inventory.h"
#include "core/vendor.h"

static const char validate_usage[] = "spangen validate INVENTORY";
static const struct cli_opt validate_opts[] = {
	{ NULL, 0, NULL, NULL }
};

static int
validate_opt(void *ctx, const char *name, const char *arg)
{
	(void)ctx;
	(void)name;
	(void)arg;
	return 0;
}

int
cmd_validate(int argc, char **argv)
{
	sg_err_t err = SG_ERR_INIT;
	diag_list_t *dl = diag_list_new();
	vendor_set_t *vendors = NULL;
	inventory_t *inv = NULL;
	int first, done, rc, status = EXIT_FAIL;

	first = cli_parse(argc, argv, validate_usage, "Loads INVENTORY, checks "
	    "every rule of the inventory format and prints each\nproblem as "
	    "FILE:LINE:COLUMN: error CODE: message, with a hint.  Exit status "
	    "0\nwhen the inventory is valid, 1 when it has errors, 2 on bad "
	    "usage.", validate_opts, validate_opt, NULL, &done);
	if (done >= 0) {
		status = done;
		goto out;
	}
	if (argc - first != 1) {
		cli_usage_error(validate_usage, "expected one inventory file");
		status = EXIT_USAGE;
		goto out;
	}
	rc = vendor_set_load_default(&vendors, dl, &err);
	if (rc != 0 && rc != SG_EINVAL) {
		status = cli_fail(&err);
		goto out;
	}
	if (vendors != NULL)
		rc = inventory_load(&inv, argv[first], vendors, dl, &err) | rc;
	if (err.code != 0) {
		status = cli_fail(&err);
		goto out;
	}
	cli_print_diags(dl);
	if (rc == 0 && inv != NULL) {
		(void)printf("%s: valid: %zu switches, %zu links, %zu "
		    "hypervisors, %zu DCs, %zu sensors\n", argv[first],
		    inv->nswitches, inv->nlinks, inv->nhypervisors, inv->ndcs,
		    inv->nsensors);
		status = EXIT_OK;
	} else
		(void)fprintf(stderr, "%s: %zu error%s\n", argv[first],
		    diag_errors(dl), diag_errors(dl) == 1 ? "" : "s");
 out:
	inventory_free(inv);
	vendor_set_free(vendors);
	diag_list_free(dl);
	return status;
}
