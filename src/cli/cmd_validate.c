/* spangen validate: load and check an inventory, print diagnostics only. */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/exit.h"
#include "inventory/inventory.h"
#include "plan/plan.h"
#include "inventory/vendor.h"

static const char validate_usage[] = "spangen validate INVENTORY";

int
cmd_validate(int argc, char **argv)
{
	vendor_set_t *vendors = NULL;
	inventory_t *inv = NULL;
	plan_t *plan = NULL;
	size_t errors, warnings;
	int first, done, status;

	first = cli_parse(argc, argv, validate_usage, "Loads INVENTORY, checks "
	    "every rule of the inventory format, then runs the\nplanner's "
	    "checks, and prints each problem as FILE:LINE:COLUMN: SEVERITY "
	    "CODE:\nmessage, with a hint.  Exit status 0 when there is no "
	    "error, 1 when there\nis one, 2 on bad usage.", NULL,
	    NULL, NULL, &done);
	if (done >= 0)
		return done;
	if (argc - first != 1) {
		cli_usage_error(validate_usage, "expected one inventory file");
		return EXIT_USAGE;
	}
	if ((status = cli_load(argv[first], &vendors, &inv)) != EXIT_OK)
		goto out;
	plan = plan_build(inv);
	cli_print_diags(plan->diags);
	errors = plan_errors(plan);
	warnings = diag_severity_count(plan->diags, DIAG_WARNING);
	if (errors > 0) {
		(void)fprintf(stderr, "%s: %zu error%s\n", argv[first], errors,
		    errors == 1 ? "" : "s");
		status = EXIT_FAIL;
	} else
		(void)printf("%s: valid: %zu switches, %zu links, %zu "
		    "hypervisors, %zu DCs, %zu sensors; %zu warning%s\n",
		    argv[first], inv->nswitches, inv->nlinks,
		    inv->nhypervisors, inv->ndcs, inv->nsensors, warnings,
		    warnings == 1 ? "" : "s");
 out:
	plan_free(plan);
	inventory_free(inv);
	vendor_set_free(vendors);
	return status;
}
