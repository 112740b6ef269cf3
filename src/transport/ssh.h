/*
 * ssh: one authenticated SSH connection to a device, with spangen's
 * host-key policy, on libssh.  This is the only module that includes
 * libssh; transports build on it.
 *
 * Host keys are checked against OpenSSH's known_hosts file.  An unknown key
 * is refused with its SHA256 fingerprint unless the caller allows adding
 * new keys; a changed key is always refused.  Secrets (the password named
 * by password_env) are read from the environment at connect time and are
 * never copied into a message.
 */
#ifndef SG_SSH_H
#define SG_SSH_H

#include <stdbool.h>
#include <stdint.h>

#include "util/sg_err.h"
#include "util/strbuf.h"

typedef enum {
	SSH_TARGET_KEY,		/* key_file, or the agent and default keys */
	SSH_TARGET_AGENT,
	SSH_TARGET_PASSWORD	/* from the variable password_env names */
} ssh_target_auth_t;

typedef struct ssh_target {
	const char	*name;		/* the device, for messages */
	const char	*host;
	uint32_t	 port;
	const char	*user;		/* NULL: the local user */
	ssh_target_auth_t auth;
	const char	*key_file;	/* NULL: the agent and default keys */
	const char	*password_env;
	const char	*known_hosts;	/* NULL: ~/.ssh/known_hosts */
	bool		 accept_new_host_keys;
	int		 timeout_s;	/* connect and each command */
} ssh_target_t;

typedef struct ssh_conn ssh_conn_t;

/*
 * Connects, checks the host key and authenticates.  SG_EAUTH for a host
 * key or authentication refusal, SG_ETIMEOUT, SG_EIO otherwise; the
 * message names the device.  Free with ssh_conn_close().
 */
int	ssh_conn_open(ssh_conn_t **out, const ssh_target_t *t, sg_err_t *err);
/*
 * Runs one command on its own channel; appends its standard output to
 * out, stores its exit status.  Output over out's limit is SG_ETOOBIG.
 */
int	ssh_conn_exec(ssh_conn_t *c, const char *command, strbuf_t *out,
	    int *status, sg_err_t *err);
/*
 * The same with input sent to the command's standard input (NULL: none)
 * and its standard error appended to errout.
 */
int	ssh_conn_run(ssh_conn_t *c, const char *command, const char *input,
	    size_t inlen, strbuf_t *out, strbuf_t *errout, int *status,
	    sg_err_t *err);
void	ssh_conn_close(ssh_conn_t *c);

/* An interactive CLI session: a shell channel with a terminal. */
typedef struct ssh_shell ssh_shell_t;

int	ssh_shell_open(ssh_shell_t **out, ssh_conn_t *c, sg_err_t *err);
/*
 * The same session type on a subsystem channel ("netconf"): no terminal,
 * so the bytes pass unchanged in both directions.  SG_EIO when the server
 * refuses the channel or the subsystem.  Close with ssh_shell_close().
 */
int	ssh_shell_open_subsystem(ssh_shell_t **out, ssh_conn_t *c,
	    const char *subsystem, sg_err_t *err);
int	ssh_shell_write(ssh_shell_t *sh, const char *data, size_t len,
	    sg_err_t *err);
/*
 * Appends what arrives within timeout_ms (possibly nothing); SG_EIO once
 * the device has closed the session.
 */
int	ssh_shell_read(ssh_shell_t *sh, strbuf_t *out, int timeout_ms,
	    sg_err_t *err);
void	ssh_shell_close(ssh_shell_t *sh);

#endif
