/* spangen plan: the chosen path for every DC, as text or plan.json. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/exit.h"
#include "cli/observed.h"
#include "inventory/inventory.h"
#include "plan/plan.h"
#include "inventory/vendor.h"

static const char plan_usage[] = "spangen plan INVENTORY [--json] "
    "[--live | --observed DIR] [--jobs N] [--known-hosts FILE] "
    "[--accept-new-host-keys] [--timeout SEC]";
static const struct cli_opt plan_opts[] = {
	{ "json", 0, NULL, "print plan.json instead of the readable plan" },
	CLI_OBSERVED_OPTS,
	{ NULL, 0, NULL, NULL }
};

struct plan_opts {
	bool		 json;
	cli_observed_t	 seen;
};

static int
plan_opt(void *ctx, const char *name, const char *arg)
{
	struct plan_opts *o = ctx;

	if (strcmp(name, "json") == 0)
		o->json = true;
	else
		(void)cli_observed_opt(&o->seen, name, arg);
	return 0;
}

int
cmd_plan(int argc, char **argv)
{
	struct plan_opts opts;
	strbuf_t out = STRBUF_INIT(0);
	vendor_set_t *vendors = NULL;
	inventory_t *inv = NULL;
	plan_t *plan = NULL;
	int first, done, status;

	opts.json = false;
	cli_observed_init(&opts.seen);
	first = cli_parse(argc, argv, plan_usage, "Chooses a mirror path for "
	    "every DC in INVENTORY and checks it: one row per DC\n(its sensor, "
	    "the path kind, the devices it touches, the guide's matrix row),\n"
	    "the kinds not chosen and why, and the sessions per device, on\n"
	    "stdout; the diagnostics and their count on stderr.\nExit status 1 when any DC has an error; the other "
	    "DCs are still planned.", plan_opts, plan_opt, &opts, &done);
	if (done >= 0)
		return done;
	if (argc - first != 1) {
		cli_usage_error(plan_usage, "expected one inventory file");
		return EXIT_USAGE;
	}
	if ((status = cli_load(argv[first], &vendors, &inv)) != EXIT_OK)
		goto out;
	if ((plan = cli_observed_plan(&opts.seen, inv, plan_usage,
	    &status)) == NULL)
		goto out;
	if (opts.json)
		plan_format_json(&out, plan);
	else
		plan_format_text(&out, plan);
	(void)fputs(strbuf_str(&out), stdout);
	/* the plan on stdout, its diagnostics on stderr, as every command */
	(void)fflush(stdout);
	cli_print_diags(plan->diags);
	strbuf_reset(&out);
	plan_format_counts(&out, plan);
	(void)fputs(strbuf_str(&out), stderr);
	status = plan_errors(plan) > 0 ? EXIT_FAIL : EXIT_OK;
 out:
	strbuf_dispose(&out);
	plan_free(plan);
	cli_observed_dispose(&opts.seen);
	inventory_free(inv);
	vendor_set_free(vendors);
	return status;
}
