/*
 * spangen: the command table.  Each subcommand lives in its own file with a
 * main-like entry; this file only dispatches and prints the top-level help.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/exit.h"
#include "version.h"

static const struct cli_cmd cli_cmds[] = {
	{ "validate", cmd_validate, "load and check an inventory; print "
	    "diagnostics only" },
	{ "plan", cmd_plan, "choose and check a mirror path for every DC" },
	{ "render", cmd_render, "write device configurations and the "
	    "change-review bundle" },
	{ "push", cmd_push, "apply a reviewed bundle to the devices, with a "
	    "diff first" },
	{ "rollback", cmd_rollback, "take the last push back off the "
	    "devices" },
	{ "status", cmd_status, "check that a pushed bundle is still on the "
	    "devices" },
	{ "verify", cmd_verify, "prove on the sensor's port that each DC's "
	    "traffic arrives" },
	{ "vendors", cmd_vendors, "list vendor descriptors and what each "
	    "platform supports" },
	{ NULL, NULL, NULL }
};

static void
usage(FILE *fp)
{
	size_t i;

	(void)fprintf(fp, "usage: spangen [--version] [--help] COMMAND "
	    "[ARGS]\n\nPlan, render and push port mirroring so a network "
	    "sensor sees every\ndomain controller's traffic.\n\ncommands:\n");
	for (i = 0; cli_cmds[i].name != NULL; i++)
		(void)fprintf(fp, "  %-10s %s\n", cli_cmds[i].name,
		    cli_cmds[i].summary);
	(void)fprintf(fp, "\n'spangen COMMAND --help' describes a command.\n");
}

int
main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		(void)printf("spangen %s\n", SPANGEN_VERSION);
		return EXIT_OK;
	}
	for (i = 0; cli_cmds[i].name != NULL; i++)
		if (strcmp(argv[1], cli_cmds[i].name) == 0)
			return cli_cmds[i].run(argc - 1, argv + 1);
	(void)fprintf(stderr, "spangen: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
