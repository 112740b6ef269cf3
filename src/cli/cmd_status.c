/*
 * spangen status: whether what a push applied is still on the devices,
 * and so whether each DC is still mirrored.  Read-only.
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

static const char status_usage[] = "spangen status [DIR] [--json] "
    "[--metrics FILE] [--device NAME]... [--jobs N] [--known-hosts FILE] "
    "[--timeout SEC]";

static const struct cli_opt status_opts[] = {
	{ "json", 0, NULL, "print the report as JSON" },
	{ "metrics", 0, "FILE", "also write it as a Prometheus textfile "
	    "(written beside FILE, then renamed over it)" },
	{ "device", 'd', "NAME", "only this device (repeat for more)" },
	{ "jobs", 'j', "N", "devices read in parallel, 1-256 (default 8)" },
	{ "known-hosts", 0, "FILE", "known_hosts file (default "
	    "~/.ssh/known_hosts); unknown host keys are refused" },
	{ "timeout", 0, "SEC", "connect and per-command timeout, 1-3600 "
	    "(default 30)" },
	{ NULL, 0, NULL, NULL }
};

struct status_cli {
	push_opts_t	 o;
	status_opts_t	 so;
	const char	**only;
	const char	*bad_what;
};

static int
status_opt(void *ctx, const char *name, const char *arg)
{
	struct status_cli *s = ctx;
	uint32_t n;

	if (strcmp(name, "json") == 0)
		s->so.json = true;
	else if (strcmp(name, "metrics") == 0)
		s->so.metrics = arg;
	else if (strcmp(name, "known-hosts") == 0)
		s->o.dev.known_hosts = arg;
	else if (strcmp(name, "device") == 0) {
		s->only = xreallocarray(s->only, s->o.nonly + 1,
		    sizeof(*s->only));
		s->only[s->o.nonly++] = arg;
	} else if (strcmp(name, "jobs") == 0) {
		if (parse_u32(arg, 256, &n) != 0 || n == 0)
			s->bad_what = "--jobs takes a whole number from 1 to "
			    "256";
		else
			s->o.jobs = (int)n;
	} else if (strcmp(name, "timeout") == 0) {
		if (parse_u32(arg, 3600, &n) != 0 || n == 0)
			s->bad_what = "--timeout takes seconds from 1 to 3600";
		else
			s->o.dev.timeout_s = (int)n;
	}
	return 0;
}

int
cmd_status(int argc, char **argv)
{
	static const int exit_status[] = {
		[STATUS_ALL_IN_PLACE] = EXIT_OK,
		[STATUS_SOME_DRIFT] = EXIT_FAIL,
		[STATUS_SOME_UNREAD] = EXIT_UNREAD,
		[STATUS_NOT_CHECKED] = EXIT_USAGE,
	};
	struct status_cli s;
	sg_err_t err = SG_ERR_INIT;
	const char *colour = getenv("NO_COLOR");
	status_outcome_t outcome;
	int first, done, status;

	memset(&s, 0, sizeof(s));
	s.o.jobs = 8;
	s.o.dev.timeout_s = 30;
	first = cli_parse(argc, argv, status_usage,
	    "Reads every device of a pushed bundle as push --dry-run does, "
	    "changing nothing,\nand reports each device in place, drifted, "
	    "removed or unreadable, and each\nDC covered or not.  Exit status "
	    "0 when everything is in place, 1 for drift\nor removal, 2 for bad "
	    "usage or a bundle that is not pushed, 3 when a device\ncould not "
	    "be read.", status_opts, status_opt, &s, &done);
	if (done >= 0) {
		free(s.only);
		return done;
	}
	if (argc - first > 1 || s.bad_what != NULL) {
		cli_usage_error(status_usage, "%s", s.bad_what != NULL ?
		    s.bad_what : "give at most one bundle directory");
		free(s.only);
		return EXIT_USAGE;
	}
	s.o.dir = first < argc ? argv[first] : "spangen-out";
	s.o.only = s.only;
	s.o.out = stdout;
	s.o.progress = isatty(STDERR_FILENO) && !s.so.json;
	s.so.out = stdout;
	s.so.colour = isatty(STDOUT_FILENO) && (colour == NULL ||
	    colour[0] == '\0');
	if (push_status(&s.o, &s.so, &outcome, &err) == 0)
		status = exit_status[outcome];
	else {
		(void)cli_fail(&err);
		/* before any device: the directory or a file given is wrong */
		status = outcome == STATUS_NOT_CHECKED ? EXIT_USAGE : EXIT_FAIL;
	}
	free(s.only);
	return status;
}
