/* spangen vendors: the descriptors found and what each platform can do. */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/exit.h"
#include "inventory/vendor.h"
#include "inventory/vendors_table.h"
#include "util/strbuf.h"

static const char vendors_usage[] = "spangen vendors";

int
cmd_vendors(int argc, char **argv)
{
	sg_err_t err = SG_ERR_INIT;
	diag_list_t *dl = diag_list_new();
	vendor_set_t *vendors = NULL;
	strbuf_t out = STRBUF_INIT(0);
	int first, done, rc, status;

	first = cli_parse(argc, argv, vendors_usage, "Lists the vendor "
	    "descriptors in the data directory (vendors/*.yaml) with\nwhat "
	    "each platform supports.  A descriptor with errors is reported "
	    "and left\nout, and the exit status is then 1.", NULL,
	    NULL, NULL, &done);
	if (done >= 0) {
		status = done;
		goto out;
	}
	if (first != argc) {
		cli_usage_error(vendors_usage, "unexpected argument '%s'",
		    argv[first]);
		status = EXIT_USAGE;
		goto out;
	}
	rc = vendor_set_load_default(&vendors, dl, &err);
	if (rc != 0 && rc != SG_EINVAL) {
		status = cli_fail(&err);
		goto out;
	}
	vendors_table_format(&out, vendors);
	(void)fputs(strbuf_str(&out), stdout);
	cli_print_diags(dl);
	status = rc == 0 ? EXIT_OK : EXIT_FAIL;
 out:
	strbuf_dispose(&out);
	vendor_set_free(vendors);
	diag_list_free(dl);
	return status;
}
