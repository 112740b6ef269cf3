/*
 * cli: what the subcommands share: an option table that feeds both the
 * parser and --help, and the one place that prints errors and picks exit
 * statuses.
 */
#ifndef SG_CLI_H
#define SG_CLI_H

#include <stdbool.h>

#include "util/diag.h"
#include "inventory/inventory.h"
#include "inventory/vendor.h"
#include "util/sg_err.h"

struct cli_opt {
	const char	*name;		/* long name, without "--" */
	int		 short_name;	/* 0: none */
	const char	*arg;		/* NULL: a flag; else the argument's name */
	const char	*help;
};

struct cli_cmd {
	const char	*name;
	int		(*run)(int argc, char **argv);
	const char	*summary;
};

/*
 * Parses argv against opts (terminated by a NULL name), calling on_opt for
 * each option; a command without options passes NULL for both.  --help prints usage and the option list and returns
 * EXIT_OK through *done; an unknown option prints usage to stderr and
 * returns EXIT_USAGE through *done.  Returns the index of the first operand.
 */
int	cli_parse(int argc, char **argv, const char *usage,
	    const char *description, const struct cli_opt *opts,
	    int (*on_opt)(void *ctx, const char *name, const char *arg),
	    void *ctx, int *done);
void	cli_usage_error(const char *usage, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Prints "spangen: message" for err and returns EXIT_FAIL. */
int	cli_fail(const sg_err_t *err);
/* Prints every diagnostic to stderr (sorted by position). */
void	cli_print_diags(diag_list_t *dl);

/*
 * Loads the vendor descriptors and an inventory, printing every problem.
 * EXIT_OK with both set, else the exit status to return.
 */
int	cli_load(const char *path, vendor_set_t **vendors, inventory_t **inv);

int	cmd_plan(int argc, char **argv);
int	cmd_push(int argc, char **argv);
int	cmd_rollback(int argc, char **argv);
int	cmd_render(int argc, char **argv);
int	cmd_status(int argc, char **argv);
int	cmd_validate(int argc, char **argv);
int	cmd_verify(int argc, char **argv);
int	cmd_vendors(int argc, char **argv);

#endif
