/* spangen render: the plan, the device configurations and the review bundle. */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/exit.h"
#include "cli/observed.h"
#include "render/bundle.h"
#include "render/bundledir.h"
#include "inventory/inventory.h"
#include "plan/plan.h"
#include "inventory/vendor.h"
#include "render/view.h"
#include "util/datadir.h"

static const char render_usage[] = "spangen render INVENTORY [-o DIR] "
    "[--allow-errors] [--dump-context DEVICE] [--live | --observed DIR] "
    "[--jobs N] [--known-hosts FILE] [--accept-new-host-keys] "
    "[--timeout SEC]";
static const struct cli_opt render_opts[] = {
	{ "output", 'o', "DIR", "write the bundle to DIR (default: "
	    "spangen-out)" },
	{ "allow-errors", 0, NULL, "render the DCs that have a path even "
	    "when others have errors" },
	{ "dump-context", 0, "DEVICE", "print the view DEVICE's templates "
	    "receive, as JSON, and write nothing ('*': every device)" },
	CLI_OBSERVED_OPTS,
	{ NULL, 0, NULL, NULL }
};

struct render_opts {
	const char	*output;
	const char	*dump;
	bool		 allow_errors;
	cli_observed_t	 seen;
};

static int
render_opt(void *ctx, const char *name, const char *arg)
{
	struct render_opts *o = ctx;

	if (strcmp(name, "output") == 0)
		o->output = arg;
	else if (strcmp(name, "dump-context") == 0)
		o->dump = arg;
	else if (strcmp(name, "allow-errors") == 0)
		o->allow_errors = true;
	else
		(void)cli_observed_opt(&o->seen, name, arg);
	return 0;
}

/* One device's view, or with "*" every changed device's, by name. */
static int
dump_context(const inventory_t *inv, const plan_t *plan, const char *device)
{
	strbuf_t out = STRBUF_INIT(0), one = STRBUF_INIT(0);
	arena_t a = ARENA_INIT;
	size_t dev, n = 0;

	if (strcmp(device, "*") != 0) {
		if ((dev = inventory_find_device(inv, device)) == INV_NONE) {
			(void)fprintf(stderr, "spangen: no device '%s' in %s\n",
			    device, inv->path);
			return EXIT_FAIL;
		}
		view_format_json(&out, view_build(&a, inv, plan, dev));
	} else {
		strbuf_adds(&out, "{");
		for (dev = 0; dev < inventory_ndevices(inv); dev++) {
			if (!view_device_touched(inv, plan, dev))
				continue;
			strbuf_reset(&one);
			view_format_json(&one, view_build(&a, inv, plan, dev));
			strbuf_addf(&out, "%s\n\"%s\": %s", n++ > 0 ? "," : "",
			    inventory_device_name(inv, dev), strbuf_str(&one));
			arena_dispose(&a);
		}
		strbuf_adds(&out, "}\n");
	}
	(void)fputs(strbuf_str(&out), stdout);
	strbuf_dispose(&out);
	strbuf_dispose(&one);
	arena_dispose(&a);
	return EXIT_OK;
}

/*
 * The first diagnostic that says a device itself cannot take its part of
 * the plan (E210-E212), or NULL: rendering the DC anyway would change a
 * port that must not be changed.
 */
static const char *
device_error(const plan_t *plan)
{
	size_t i;
	const diag_t *d;

	for (i = 0; i < diag_count(plan->diags); i++) {
		d = diag_get(plan->diags, i);
		if (strcmp(d->code, "E210") == 0 ||
		    strcmp(d->code, "E211") == 0 ||
		    strcmp(d->code, "E212") == 0)
			return d->code;
	}
	return NULL;
}

static void
on_stop(int sig)
{
	bundle_write_stop(sig);
}

/*
 * Writes the bundle with SIGINT, SIGTERM and SIGHUP caught, so a render
 * stopped while writing removes its temporary directory; the signal is
 * then raised again, so the caller sees the usual status of a killed
 * program.  What the write wants the user to know goes to stderr.
 */
static int
write_bundle(const bundle_t *bundle, const char *dir, sg_err_t *err)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa, saved[3];
	strbuf_t notes = STRBUF_INIT(0);
	const char *line, *end;
	size_t i;
	int rc, sig;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	(void)sigemptyset(&sa.sa_mask);
	for (i = 0; i < 3; i++) {
		(void)sigaction(sigs[i], NULL, &saved[i]);
		/* a signal the caller ignores (nohup, a background job) stays so */
		if (saved[i].sa_handler != SIG_IGN)
			(void)sigaction(sigs[i], &sa, NULL);
	}
	rc = bundle_write(bundle, dir, &notes, err);
	for (i = 0; i < 3; i++)
		(void)sigaction(sigs[i], &saved[i], NULL);
	for (line = strbuf_str(&notes); (end = strchr(line, '\n')) != NULL;
	    line = end + 1)
		(void)fprintf(stderr, "spangen: %.*s\n", (int)(end - line), line);
	strbuf_dispose(&notes);
	if ((sig = bundle_write_stopped()) != 0) {
		(void)fprintf(stderr, "spangen: %s\n", err->msg[0] != '\0' ?
		    err->msg : "stopped by a signal");
		(void)raise(sig);
	}
	return rc;
}

int
cmd_render(int argc, char **argv)
{
	struct render_opts opts = { "spangen-out", NULL, false, { 0 } };
	sg_err_t err = SG_ERR_INIT;
	vendor_set_t *vendors = NULL;
	inventory_t *inv = NULL;
	bundle_t *bundle = NULL;
	plan_t *plan = NULL;
	char templates[4096];
	const char *device_refusal;
	int first, done, status;

	cli_observed_init(&opts.seen);
	first = cli_parse(argc, argv, render_usage, "Plans INVENTORY and writes "
	    "the change-review bundle: plan.md for the reviewer,\nplan.json, "
	    "topology diagrams, and per device the configuration to apply,\n"
	    "its exact rollback and the show commands that verify it, with a "
	    "MANIFEST of\nsha256 sums.  The bundle is written to a temporary "
	    "directory and renamed into\nplace; an existing directory that is "
	    "not a spangen bundle is never replaced.\nA plan with errors "
	    "renders nothing (exit 1) unless --allow-errors is given.",
	    render_opts, render_opt, &opts, &done);
	if (done >= 0)
		return done;
	if (argc - first != 1) {
		cli_usage_error(render_usage, "expected one inventory file");
		return EXIT_USAGE;
	}
	if (opts.output[0] == '\0') {
		cli_usage_error(render_usage, "-o needs a directory name");
		return EXIT_USAGE;
	}
	if ((status = cli_load(argv[first], &vendors, &inv)) != EXIT_OK)
		goto out;
	if ((plan = cli_observed_plan(&opts.seen, inv, render_usage,
	    &status)) == NULL)
		goto out;
	if (opts.dump != NULL) {
		status = dump_context(inv, plan, opts.dump);
		goto out;
	}
	cli_print_diags(plan->diags);
	if (opts.allow_errors && (device_refusal = device_error(plan)) !=
	    NULL) {
		(void)fprintf(stderr, "spangen: %s says a switch cannot take "
		    "the plan as it is (a port missing, or a destination port "
		    "a mirror cannot safely take over); --allow-errors does "
		    "not render around that: fix the inventory or the device, "
		    "then render again\n", device_refusal);
		status = EXIT_FAIL;
		goto out;
	}
	if (plan_errors(plan) > 0 && !opts.allow_errors) {
		(void)fprintf(stderr, "spangen: the plan has %zu error%s; "
		    "nothing rendered (fix them, or use --allow-errors to "
		    "render the DCs that have a path)\n", plan_errors(plan),
		    plan_errors(plan) == 1 ? "" : "s");
		status = EXIT_FAIL;
		goto out;
	}
	if (datadir_path(templates, sizeof(templates), "templates", &err) != 0 ||
	    bundle_build_exact(&bundle, inv, plan, templates,
	    observe_rollback, &err) != 0 ||
	    write_bundle(bundle, opts.output, &err) != 0) {
		status = cli_fail(&err);
		goto out;
	}
	(void)printf("wrote %s/: %zu device%s, %zu files; review %s/plan.md\n",
	    opts.output, bundle->ndevices, bundle->ndevices == 1 ? "" : "s",
	    bundle->nfiles, opts.output);
	status = EXIT_OK;
 out:
	bundle_free(bundle);
	plan_free(plan);
	cli_observed_dispose(&opts.seen);
	inventory_free(inv);
	vendor_set_free(vendors);
	return status;
}
