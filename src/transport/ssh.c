/*
 * ssh: a libssh session per connection.  libssh's errors are turned into
 * SG_E* codes in one place (ssh_failure), so nothing above this module
 * sees a libssh type or code.
 */
#include <libssh/libssh.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "transport/ssh.h"
#include "util/xmalloc.h"

struct ssh_conn {
	ssh_session	 session;
	char		*name;
	int		 timeout_s;
};

static int
ssh_failure(ssh_session s, const char *name, int code, const char *what,
    sg_err_t *err)
{
	return sg_err_set(err, code, "%s: %s: %s", name, what,
	    ssh_get_error(s));
}

/* "~/x" is the user's x, as in ssh_config. */
static char *
expand_home(const char *path)
{
	const char *home = getenv("HOME");
	strbuf_t sb = STRBUF_INIT(0);

	if (path[0] == '~' && path[1] == '/' && home != NULL)
		strbuf_addf(&sb, "%s%s", home, path + 1);
	else
		strbuf_adds(&sb, path);
	return strbuf_detach(&sb, NULL);
}

static bool
file_exists(const char *path)
{
	char *p = expand_home(path);
	bool exists = access(p, F_OK) == 0;

	free(p);
	return exists;
}

static int
check_host_key(ssh_conn_t *c, const ssh_target_t *t, sg_err_t *err)
{
	ssh_key key = NULL;
	unsigned char *hash = NULL;
	char *fp = NULL;
	size_t hlen;
	int rc = 0;

	if (ssh_get_server_publickey(c->session, &key) != SSH_OK ||
	    ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash,
	    &hlen) != 0) {
		rc = ssh_failure(c->session, t->name, SG_EAUTH, "no host key",
		    err);
		goto out;
	}
	fp = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, hlen);
	switch (ssh_session_is_known_server(c->session)) {
	case SSH_KNOWN_HOSTS_OK:
		break;
	case SSH_KNOWN_HOSTS_CHANGED:
	case SSH_KNOWN_HOSTS_OTHER:
		rc = sg_err_set(err, SG_EAUTH, "%s: the host key of %s:%u "
		    "CHANGED (now %s); refusing to connect.  If the device was "
		    "really replaced, remove its old key with ssh-keygen -R",
		    t->name, t->host, t->port, fp != NULL ? fp : "?");
		break;
	case SSH_KNOWN_HOSTS_UNKNOWN:
	case SSH_KNOWN_HOSTS_NOT_FOUND:
		/* no file at all is more likely a wrong path than a new host */
		if (!t->accept_new_host_keys && t->known_hosts != NULL &&
		    !file_exists(t->known_hosts)) {
			rc = sg_err_set(err, SG_EAUTH, "%s: the known_hosts "
			    "file %s does not exist, so the host key %s of "
			    "%s:%u cannot be checked; give the right file with "
			    "--known-hosts, or pin the key with "
			    "--accept-new-host-keys", t->name, t->known_hosts,
			    fp != NULL ? fp : "?", t->host, t->port);
			break;
		}
		if (!t->accept_new_host_keys) {
			rc = sg_err_set(err, SG_EAUTH, "%s: unknown host key %s "
			    "for %s:%u; check it on the device, then pin it "
			    "with --accept-new-host-keys or ssh-keyscan",
			    t->name, fp != NULL ? fp : "?", t->host, t->port);
			break;
		}
		if (ssh_session_update_known_hosts(c->session) != SSH_OK)
			rc = ssh_failure(c->session, t->name, SG_EIO,
			    "cannot record the host key", err);
		break;
	default:
		rc = ssh_failure(c->session, t->name, SG_EIO, "cannot read "
		    "known_hosts", err);
	}
 out:
	ssh_string_free_char(fp);
	ssh_clean_pubkey_hash(&hash);
	ssh_key_free(key);
	return rc;
}

/*
 * Many switches offer the password only through keyboard-interactive:
 * every prompt the device hides the answer to gets the password, and a
 * prompt that would echo (a user name, a token) ends the attempt.
 */
static int
keyboard_interactive(ssh_conn_t *c, const char *password)
{
	int rc, i, n, rounds;
	char echo;

	for (rounds = 0; rounds < 4; rounds++) {
		rc = ssh_userauth_kbdint(c->session, NULL, NULL);
		if (rc != SSH_AUTH_INFO)
			return rc;
		n = ssh_userauth_kbdint_getnprompts(c->session);
		for (i = 0; i < n; i++) {
			(void)ssh_userauth_kbdint_getprompt(c->session,
			    (unsigned int)i, &echo);
			if (echo || ssh_userauth_kbdint_setanswer(c->session,
			    (unsigned int)i, password) < 0)
				return SSH_AUTH_DENIED;
		}
	}
	return SSH_AUTH_DENIED;
}

static int
authenticate(ssh_conn_t *c, const ssh_target_t *t, sg_err_t *err)
{
	const char *password;
	ssh_key key = NULL;
	char *path;
	int rc;

	switch (t->auth) {
	case SSH_TARGET_AGENT:
		rc = ssh_userauth_agent(c->session, NULL);
		break;
	case SSH_TARGET_PASSWORD:
		if (t->password_env == NULL ||
		    (password = getenv(t->password_env)) == NULL)
			return sg_err_set(err, SG_EAUTH, "%s: the password "
			    "variable %s is not set", t->name,
			    t->password_env != NULL ? t->password_env : "?");
		rc = ssh_userauth_password(c->session, NULL, password);
		if (rc == SSH_AUTH_DENIED)
			rc = keyboard_interactive(c, password);
		break;
	default:
		if (t->key_file == NULL) {
			rc = ssh_userauth_publickey_auto(c->session, NULL, NULL);
			break;
		}
		path = expand_home(t->key_file);
		rc = ssh_pki_import_privkey_file(path, NULL, NULL, NULL, &key);
		free(path);
		if (rc != SSH_OK)
			return sg_err_set(err, SG_EAUTH, "%s: cannot read the "
			    "key file %s", t->name, t->key_file);
		rc = ssh_userauth_publickey(c->session, NULL, key);
		ssh_key_free(key);
	}
	if (rc == SSH_AUTH_SUCCESS)
		return 0;
	return sg_err_set(err, SG_EAUTH, "%s: authentication as %s "
	    "refused", t->name, t->user != NULL ? t->user : "the local user");
}

int
ssh_conn_open(ssh_conn_t **out, const ssh_target_t *t, sg_err_t *err)
{
	ssh_conn_t *c;
	long timeout = t->timeout_s > 0 ? t->timeout_s : 30;
	unsigned int port = t->port != 0 ? t->port : 22;
	char *known = NULL;
	int rc = 0, strict = 1;

	*out = NULL;
	c = xcalloc(1, sizeof(*c));
	c->name = xstrdup(t->name);
	c->timeout_s = (int)timeout;
	if ((c->session = ssh_new()) == NULL) {
		rc = sg_err_set(err, SG_EIO, "%s: cannot create an SSH session",
		    t->name);
		goto out;
	}
	(void)ssh_options_set(c->session, SSH_OPTIONS_HOST, t->host);
	(void)ssh_options_set(c->session, SSH_OPTIONS_PORT, &port);
	(void)ssh_options_set(c->session, SSH_OPTIONS_TIMEOUT, &timeout);
	/* ~/.ssh/config may name keys and users; spangen's settings win */
	(void)ssh_options_parse_config(c->session, NULL);
	if (t->user != NULL)
		(void)ssh_options_set(c->session, SSH_OPTIONS_USER, t->user);
	if (t->known_hosts != NULL) {
		known = expand_home(t->known_hosts);
		(void)ssh_options_set(c->session, SSH_OPTIONS_KNOWNHOSTS, known);
	}
	/*
	 * libssh treats every key as known when StrictHostKeyChecking is off,
	 * which a user's ssh_config may say: spangen's own policy applies.
	 */
	(void)ssh_options_set(c->session, SSH_OPTIONS_STRICTHOSTKEYCHECK,
	    &strict);
	if (ssh_connect(c->session) != SSH_OK) {
		rc = ssh_failure(c->session, t->name, SG_ETIMEOUT,
		    "cannot connect", err);
		goto out;
	}
	if ((rc = check_host_key(c, t, err)) != 0 ||
	    (rc = authenticate(c, t, err)) != 0)
		goto out;
	/* success */
	*out = c;
	c = NULL;
 out:
	free(known);
	ssh_conn_close(c);
	return rc;
}

int
ssh_conn_exec(ssh_conn_t *c, const char *command, strbuf_t *out,
    int *status, sg_err_t *err)
{
	strbuf_t discard = STRBUF_INIT(64 * 1024);
	int rc;

	rc = ssh_conn_run(c, command, NULL, 0, out, &discard, status, err);
	strbuf_dispose(&discard);
	return rc;
}

/* Sends input in pieces the channel window takes, then end of file. */
static int
send_input(ssh_conn_t *c, ssh_channel ch, const char *input, size_t len,
    sg_err_t *err)
{
	int n;

	while (len > 0) {
		n = ssh_channel_write(ch, input, (uint32_t)(len > 32768 ?
		    32768 : len));
		if (n == SSH_ERROR)
			return ssh_failure(c->session, c->name, SG_EIO,
			    "sending a script", err);
		input += n;
		len -= (size_t)n;
	}
	return ssh_channel_send_eof(ch) == SSH_OK ? 0 : ssh_failure(
	    c->session, c->name, SG_EIO, "sending a script", err);
}

int
ssh_conn_run(ssh_conn_t *c, const char *command, const char *input,
    size_t inlen, strbuf_t *out, strbuf_t *errout, int *status,
    sg_err_t *err)
{
	ssh_channel ch;
	char buf[8192];
	int n, rc = 0, waited_ms = 0;

	*status = -1;
	if ((ch = ssh_channel_new(c->session)) == NULL ||
	    ssh_channel_open_session(ch) != SSH_OK ||
	    ssh_channel_request_exec(ch, command) != SSH_OK) {
		rc = ssh_failure(c->session, c->name, SG_EIO, "cannot run a "
		    "command", err);
		goto out;
	}
	if (input != NULL && (rc = send_input(c, ch, input, inlen, err)) != 0)
		goto out;
	/*
	 * Both streams are drained as they come: a command that fills the
	 * window of the one not being read would otherwise wait for ever.
	 */
	for (;;) {
		n = ssh_channel_read_timeout(ch, buf, sizeof(buf), 0, 100);
		if (n > 0) {
			strbuf_add(out, buf, (size_t)n);
			waited_ms = 0;
		}
		while (n != SSH_ERROR && (n = ssh_channel_read_nonblocking(ch,
		    buf, sizeof(buf), 1)) > 0) {
			strbuf_add(errout, buf, (size_t)n);
			waited_ms = 0;
		}
		if (n == SSH_ERROR) {
			rc = ssh_failure(c->session, c->name, SG_EIO, "reading "
			    "a command's output", err);
			goto out;
		}
		if (ssh_channel_is_eof(ch) || ssh_channel_is_closed(ch))
			break;
		if ((waited_ms += 100) >= c->timeout_s * 1000) {
			rc = sg_err_set(err, SG_ETIMEOUT, "%s: no answer "
			    "within %d s", c->name, c->timeout_s);
			goto out;
		}
	}
	while ((n = ssh_channel_read_nonblocking(ch, buf, sizeof(buf), 0)) > 0)
		strbuf_add(out, buf, (size_t)n);
	while ((n = ssh_channel_read_nonblocking(ch, buf, sizeof(buf), 1)) > 0)
		strbuf_add(errout, buf, (size_t)n);
	if (strbuf_error(out) != 0) {
		rc = sg_err_set(err, SG_ETOOBIG, "%s: command output over %zu "
		    "bytes", c->name, out->max);
		goto out;
	}
	*status = ssh_channel_get_exit_status(ch);
 out:
	if (ch != NULL) {
		(void)ssh_channel_close(ch);
		ssh_channel_free(ch);
	}
	return rc;
}

struct ssh_shell {
	ssh_conn_t	*conn;
	ssh_channel	 ch;
};

int
ssh_shell_open(ssh_shell_t **out, ssh_conn_t *c, sg_err_t *err)
{
	ssh_shell_t *sh = xcalloc(1, sizeof(*sh));

	*out = NULL;
	sh->conn = c;
	/*
	 * A wide terminal keeps devices from wrapping long configuration
	 * lines, which would break the echo and prompt matching.
	 */
	if ((sh->ch = ssh_channel_new(c->session)) == NULL ||
	    ssh_channel_open_session(sh->ch) != SSH_OK ||
	    ssh_channel_request_pty_size(sh->ch, "vt100", 511, 24) !=
	    SSH_OK ||
	    ssh_channel_request_shell(sh->ch) != SSH_OK) {
		int rc = ssh_failure(c->session, c->name, SG_EIO, "cannot "
		    "open a CLI session", err);

		ssh_shell_close(sh);
		return rc;
	}
	*out = sh;
	return 0;
}

int
ssh_shell_write(ssh_shell_t *sh, const char *data, size_t len, sg_err_t *err)
{
	int n;

	while (len > 0) {
		if ((n = ssh_channel_write(sh->ch, data, (uint32_t)len)) ==
		    SSH_ERROR)
			return ssh_failure(sh->conn->session, sh->conn->name,
			    SG_EIO, "the connection dropped while sending",
			    err);
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

int
ssh_shell_read(ssh_shell_t *sh, strbuf_t *out, int timeout_ms, sg_err_t *err)
{
	char buf[8192];
	int n;

	n = ssh_channel_read_timeout(sh->ch, buf, sizeof(buf), 0, timeout_ms);
	if (n > 0) {
		strbuf_add(out, buf, (size_t)n);
		return 0;
	}
	if (n == SSH_ERROR || ssh_channel_is_eof(sh->ch) ||
	    ssh_channel_is_closed(sh->ch))
		return sg_err_set(err, SG_EIO, "%s: the connection dropped",
		    sh->conn->name);
	return 0;
}

void
ssh_shell_close(ssh_shell_t *sh)
{
	if (sh == NULL)
		return;
	if (sh->ch != NULL) {
		(void)ssh_channel_close(sh->ch);
		ssh_channel_free(sh->ch);
	}
	free(sh);
}

void
ssh_conn_close(ssh_conn_t *c)
{
	if (c == NULL)
		return;
	if (c->session != NULL) {
		ssh_disconnect(c->session);
		ssh_free(c->session);
	}
	free(c->name);
	free(c);
}

int
ssh_shell_open_subsystem(ssh_shell_t **out, ssh_conn_t *c,
    const char *subsystem, sg_err_t *err)
{
	ssh_shell_t *sh = xcalloc(1, sizeof(*sh));
	int rc;

	*out = NULL;
	sh->conn = c;
	if ((sh->ch = ssh_channel_new(c->session)) == NULL ||
	    ssh_channel_open_session(sh->ch) != SSH_OK ||
	    ssh_channel_request_subsystem(sh->ch, subsystem) != SSH_OK) {
		rc = sg_err_set(err, SG_EIO, "%s: cannot start the %s "
		    "subsystem: %s", c->name, subsystem,
		    ssh_get_error(c->session));
		ssh_shell_close(sh);
		return rc;
	}
	*out = sh;
	return 0;
}
