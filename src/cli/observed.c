/* observed: see observed.h. */
#include <string.h>

#include "cli/cli.h"
#include "cli/exit.h"
#include "cli/observed.h"
#include "util/parse.h"

void
cli_observed_init(cli_observed_t *co)
{
	memset(co, 0, sizeof(*co));
	co->o.jobs = 8;
	co->o.dev.timeout_s = 30;
}

bool
cli_observed_opt(cli_observed_t *co, const char *name, const char *arg)
{
	uint32_t n;

	if (strcmp(name, "live") == 0)
		co->live = true;
	else if (strcmp(name, "observed") == 0)
		co->o.dir = arg;
	else if (strcmp(name, "known-hosts") == 0)
		co->o.dev.known_hosts = arg;
	else if (strcmp(name, "accept-new-host-keys") == 0)
		co->o.dev.accept_new_host_keys = true;
	else if (strcmp(name, "jobs") == 0) {
		if (parse_u32(arg, 256, &n) != 0 || n == 0)
			co->bad = "--jobs takes a whole number from 1 to 256";
		else
			co->o.jobs = (int)n;
	} else if (strcmp(name, "timeout") == 0) {
		if (parse_u32(arg, 3600, &n) != 0 || n == 0)
			co->bad = "--timeout takes seconds from 1 to 3600";
		else
			co->o.dev.timeout_s = (int)n;
	} else
		return false;
	return true;
}

plan_t *
cli_observed_plan(cli_observed_t *co, const inventory_t *inv,
    const char *usage, int *status)
{
	sg_err_t err = SG_ERR_INIT;

	*status = EXIT_OK;
	if (co->bad == NULL && co->live && co->o.dir != NULL)
		co->bad = "give --live or --observed, not both";
	if (co->bad != NULL) {
		cli_usage_error(usage, "%s", co->bad);
		*status = EXIT_USAGE;
		return NULL;
	}
	if (!co->live && co->o.dir == NULL)
		return plan_build(inv);
	if (observe_run(inv, &co->o, &co->ob, &err) != 0) {
		cli_usage_error(usage, "%s", err.msg);
		*status = EXIT_USAGE;
		return NULL;
	}
	return plan_build_observed(inv, observe_list(co->ob));
}

void
cli_observed_dispose(cli_observed_t *co)
{
	observe_free(co->ob);
	co->ob = NULL;
}
