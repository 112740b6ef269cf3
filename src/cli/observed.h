/*
 * observed: `--live` and `--observed DIR`, which plan and render share:
 * read what the switches hold before planning (push/observe.h).
 */
#ifndef SG_CLI_OBSERVED_H
#define SG_CLI_OBSERVED_H

#include <stdbool.h>

#include "inventory/inventory.h"
#include "plan/plan.h"
#include "push/observe.h"

/* The option rows, for a command's table. */
#define CLI_OBSERVED_OPTS \
	{ "live", 0, NULL, "read every switch first (read-only, over SSH " \
	    "as push does) and plan around what it holds" }, \
	{ "observed", 0, "DIR", "plan around saved printouts instead: " \
	    "DIR/NAME.txt is what switch NAME printed" }, \
	{ "jobs", 'j', "N", "with --live: switches read in parallel, " \
	    "1-256 (default 8)" }, \
	{ "known-hosts", 0, "FILE", "with --live: known_hosts file " \
	    "(default ~/.ssh/known_hosts)" }, \
	{ "accept-new-host-keys", 0, NULL, "with --live: add unknown host " \
	    "keys (a changed key is still refused)" }, \
	{ "timeout", 0, "SEC", "with --live: connect and per-command " \
	    "timeout, 1-3600 (default 30)" }

typedef struct cli_observed {
	bool		 live;
	observe_opts_t	 o;
	const char	*bad;		/* why an option was refused, or NULL */
	observation_t	*ob;
} cli_observed_t;

void	cli_observed_init(cli_observed_t *co);
/* Whether name is one of CLI_OBSERVED_OPTS (and takes it). */
bool	cli_observed_opt(cli_observed_t *co, const char *name,
	    const char *arg);
/*
 * The plan of inv, around what the switches hold when --live or
 * --observed was given.  NULL with *status set when the options are bad.
 */
plan_t	*cli_observed_plan(cli_observed_t *co, const inventory_t *inv,
	    const char *usage, int *status);
void	cli_observed_dispose(cli_observed_t *co);

#endif
