/*
 * shell: a device's interactive CLI over an SSH shell channel.  It types
 * one line at a time and reads until the device prints its prompt again,
 * as a person at the console would: it answers paging prompts, drops the
 * echo of the line, and reports a reply that matches one of the vendor's
 * error patterns as the device refusing the line.
 */
#ifndef SG_SHELL_H
#define SG_SHELL_H

#include <stdio.h>

#include "inventory/vendor.h"
#include "transport/ssh.h"
#include "util/sg_err.h"
#include "util/strbuf.h"

typedef struct shell shell_t;

/*
 * Opens the CLI on c, waits for the first prompt (past any banner), turns
 * paging off and enters privileged mode when the dialect has an enable
 * command.  Everything typed and read is appended to log (NULL: none).
 */
int	shell_open(shell_t **out, ssh_conn_t *c, const char *device,
	    const vendor_cli_t *cli, int timeout_s, FILE *log, sg_err_t *err);
/*
 * Types line and appends the device's reply (without the echo and the
 * prompt) to reply (NULL: discard).  SG_EDEVICE when the reply matches an
 * error pattern (the message quotes the line and the device's words),
 * SG_EIO when the connection dropped, SG_ETIMEOUT when no prompt came.
 */
int	shell_cmd(shell_t *sh, const char *line, strbuf_t *reply,
	    sg_err_t *err);
void	shell_close(shell_t *sh);

#endif
