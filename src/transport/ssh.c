/*
 * ssh: a libssh session per connection.  libssh's errors are turned into
 * SG_E* codes in one place (ssh_failure), so nothing above this module
 * sees a libssh type or code.
 */
#include <libssh/libssh.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	ssh_channel ch;
	char buf[8192];
	int n, rc = 0;

	*status = -1;
	if ((ch = ssh_channel_new(c->session)) == NULL ||
	    ssh_channel_open_session(ch) != SSH_OK ||
	    ssh_channel_request_exec(ch, command) != SSH_OK) {
		rc = ssh_failure(c->session, c->name, SG_EIO, "cannot run a "
		    "command", err);
		goto out;
	}
	while ((n = ssh_channel_read_timeout(ch, buf, sizeof(buf), 0,
	    c->timeout_s * 1000)) > 0)
		strbuf_add(out, buf, (size_t)n);
	if (n == SSH_ERROR) {
		rc = ssh_failure(c->session, c->name, SG_EIO, "reading a "
		    "command's output", err);
		goto out;
	}
	if (!ssh_channel_is_eof(ch)) {
		rc = sg_err_set(err, SG_ETIMEOUT, "%s: no answer within %d s",
		    c->name, c->timeout_s);
		goto out;
	}
	if (strbuf_error(out) != 0) {
		rc = sg_err_set(err, SG_ETOOBIG, "%s: command output over %zu "
		    "bytes", c->name, out->max);
		goto out;
	}
	(void)ssh_channel_send_eof(ch);
	*status = ssh_channel_get_exit_status(ch);
 out:
	if (ch != NULL) {
		(void)ssh_channel_close(ch);
		ssh_channel_free(ch);
	}
	return rc;
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
