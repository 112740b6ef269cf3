/*
 * spangen push / spangen rollback: apply a reviewed bundle to the devices,
 * or take it back off them.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/exit.h"
#include "push/push.h"
#include "util/parse.h"
#include "util/xmalloc.h"

static const char push_usage[] = "spangen push [DIR] [--dry-run] "
    "[--replaces OLD] [--device NAME]... [--jobs N] [--confirm-timeout SEC] "
    "[--yes] [--accept-new-host-keys] [--known-hosts FILE] [--timeout SEC]";
static const char rollback_usage[] = "spangen rollback [DIR] "
    "[--device NAME]... [--jobs N] [--confirm-timeout SEC] [--yes] "
    "[--accept-new-host-keys] [--known-hosts FILE] [--timeout SEC]";

/*
 * --dry-run and --replaces come first: rollback takes the rest (it shows
 * its diff and asks, and undoes only its own bundle's push)
 */
static const struct cli_opt push_opts[] = {
	{ "dry-run", 'n', NULL, "read every device and show the diff; change "
	    "nothing (exit 3 when something would change)" },
	{ "replaces", 0, "OLD", "this bundle replaces the pushed bundle OLD: "
	    "the sessions and VLANs OLD created may be changed" },
	{ "device", 'd', "NAME", "only this device (repeat for more)" },
	{ "jobs", 'j', "N", "devices worked on in parallel, 1-256 (default "
	    "8)" },
	{ "confirm-timeout", 0, "SEC", "how long a device's revert timer runs "
	    "before it undoes an unconfirmed change, 60-3600 (default 600)" },
	{ "yes", 'y', NULL, "do not ask before changing devices" },
	{ "accept-new-host-keys", 0, NULL, "add unknown host keys to "
	    "known_hosts (a changed key is still refused)" },
	{ "known-hosts", 0, "FILE", "known_hosts file (default "
	    "~/.ssh/known_hosts)" },
	{ "timeout", 0, "SEC", "connect and per-command timeout, 1-3600 "
	    "(default 30)" },
	{ NULL, 0, NULL, NULL }
};

struct push_cli {
	push_opts_t	 o;
	const char	**only;
	bool		 bad;
	const char	*bad_what;
};

static int
push_opt(void *ctx, const char *name, const char *arg)
{
	struct push_cli *p = ctx;
	uint32_t n;

	if (strcmp(name, "dry-run") == 0)
		p->o.dry_run = true;
	else if (strcmp(name, "yes") == 0)
		p->o.assume_yes = true;
	else if (strcmp(name, "accept-new-host-keys") == 0)
		p->o.dev.accept_new_host_keys = true;
	else if (strcmp(name, "known-hosts") == 0)
		p->o.dev.known_hosts = arg;
	else if (strcmp(name, "replaces") == 0)
		p->o.replaces = arg;
	else if (strcmp(name, "device") == 0) {
		p->only = xreallocarray(p->only, p->o.nonly + 1,
		    sizeof(*p->only));
		p->only[p->o.nonly++] = arg;
	} else if (strcmp(name, "jobs") == 0) {
		if (parse_u32(arg, 256, &n) != 0 || n == 0)
			p->bad_what = "--jobs takes a whole number from 1 to 256";
		else
			p->o.jobs = (int)n;
	} else if (strcmp(name, "confirm-timeout") == 0) {
		if (parse_u32(arg, 3600, &n) != 0 || n < 60)
			p->bad_what = "--confirm-timeout takes seconds from 60 "
			    "to 3600";
		else
			p->o.dev.confirm_timeout_s = (int)n;
	} else if (strcmp(name, "timeout") == 0) {
		if (parse_u32(arg, 3600, &n) != 0 || n == 0)
			p->bad_what = "--timeout takes seconds from 1 to 3600";
		else
			p->o.dev.timeout_s = (int)n;
	}
	return 0;
}

static bool
ask_terminal(const char *question)
{
	char answer[16];

	(void)fprintf(stderr, "%s Only 'yes' is accepted: ", question);
	(void)fflush(stderr);
	if (fgets(answer, sizeof(answer), stdin) == NULL)
		return false;
	return strcmp(answer, "yes\n") == 0;
}

static int
run(int argc, char **argv, bool rollback)
{
	static const int exit_status[] = {
		[PUSH_UNCHANGED] = EXIT_OK,
		[PUSH_CHANGED] = EXIT_OK,
		[PUSH_DRY_RUN_CHANGES] = EXIT_CHANGES,
		[PUSH_FAILED] = EXIT_FAIL,
		[PUSH_BAD_OPTION] = EXIT_USAGE,
	};
	const char *usage = rollback ? rollback_usage : push_usage;
	struct push_cli p;
	sg_err_t err = SG_ERR_INIT;
	const char *colour = getenv("NO_COLOR");
	push_outcome_t outcome;
	int first, done, status;

	memset(&p, 0, sizeof(p));
	p.o.jobs = 8;
	p.o.dev.timeout_s = 30;
	p.o.dev.confirm_timeout_s = 600;
	first = cli_parse(argc, argv, usage, rollback ?
	    "Applies the bundle's rollback files to the devices the last push "
	    "changed,\nshowing the diff first and asking once (there is no "
	    "--dry-run).  Exit status 0\non success, 1 on failure, 2 on bad "
	    "usage." :
	    "Reads every device of the bundle, shows what would change, asks "
	    "once, then\napplies the change with each device's safest commit, "
	    "reads it back and\nconfirms it; any failure undoes every device.  "
	    "Exit status 0 on success,\n1 on failure, 2 on bad usage, 3 when "
	    "--dry-run found changes.",
	    rollback ? push_opts + 2 : push_opts, push_opt, &p, &done);
	if (done >= 0) {
		free(p.only);
		return done;
	}
	if (argc - first > 1 || p.bad_what != NULL) {
		cli_usage_error(usage, "%s", p.bad_what != NULL ? p.bad_what :
		    "give at most one bundle directory");
		free(p.only);
		return EXIT_USAGE;
	}
	p.o.dir = first < argc ? argv[first] : "spangen-out";
	p.o.rollback = rollback;
	p.o.only = p.only;
	p.o.out = stdout;
	p.o.colour = isatty(STDOUT_FILENO) && (colour == NULL ||
	    colour[0] == '\0');
	p.o.progress = isatty(STDERR_FILENO);
	p.o.ask = isatty(STDIN_FILENO) && isatty(STDERR_FILENO) ?
	    ask_terminal : NULL;
	if (push_run(&p.o, &outcome, &err) == 0)
		status = exit_status[outcome];
	else if (outcome == PUSH_BAD_OPTION) {
		cli_usage_error(usage, "%s", err.msg);
		status = EXIT_USAGE;
	} else
		status = cli_fail(&err);
	free(p.only);
	return status;
}

int
cmd_push(int argc, char **argv)
{
	return run(argc, argv, false);
}

int
cmd_rollback(int argc, char **argv)
{
	return run(argc, argv, true);
}
