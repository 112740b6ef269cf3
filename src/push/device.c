/*
 * device: see device.h.  CLI devices are read with `show running-config`
 * and the change is modelled on it (push/cfgtree) to get the managed part
 * before and after; script devices print their managed state with the
 * bundle's state.sh and must end up printing expected.txt.
 */
#include <stdlib.h>
#include <string.h>

#include "push/cfgtree.h"
#include "push/device.h"
#include "push/ncdevice.h"
#include "util/xmalloc.h"

#define STATE_MAX	(32u * 1024 * 1024)

const char *
device_state_name(dev_state_t s)
{
	static const char *const names[] = {
		"unchanged",
		"applied, not confirmed",
		"changed as intended",
		"undone: as before",
		"UNKNOWN: changed and not read back as before",
	};

	return names[s];
}

static int
fail(device_t *d, const char *step, int rc)
{
	if (rc != 0 && d->failed_step == NULL)
		d->failed_step = step;
	return rc;
}

int
device_init(device_t *d, const push_target_t *t, const vendor_t *v,
    const device_opts_t *o, bool rollback, FILE *log, sg_err_t *err)
{
	memset(d, 0, sizeof(*d));
	d->t = t;
	d->v = v;
	d->o = o;
	d->log = log;
	d->dialect = -1;
	d->change = rollback ? &t->rollback : &t->intended;
	d->undo = rollback ? &t->intended : &t->rollback;
	strbuf_init(&d->raw, STATE_MAX);
	strbuf_init(&d->before, STATE_MAX);
	strbuf_init(&d->after, STATE_MAX);
	if (t->host == NULL)
		return sg_err_set(err, SG_EINVAL, "%s: the inventory gives no "
		    "'mgmt' address, so it cannot be pushed", t->name);
	if (t->transport == PUSH_TR_SSH) {
		d->dialect = cfg_dialect_from_vendor(v->name);
		if (d->dialect < 0 || !v->has_cli)
			return sg_err_set(err, SG_EINVAL, "%s: pushing %s over "
			    "the SSH CLI is not in this build (it renders for "
			    "review only)", t->name, v->name);
		/* it names a checkpoint or session in a device command */
		if (o->session_name == NULL ||
		    strspn(o->session_name, "abcdefghijklmnopqrstuvwxyz"
		    "0123456789-") != strlen(o->session_name))
			return sg_err_set(err, SG_EINVAL, "%s: no usable "
			    "checkpoint name", t->name);
		return 0;
	}
	if (t->transport == PUSH_TR_SSH_EXEC) {
		if (t->state.data == NULL)
			return sg_err_set(err, SG_EINVAL, "%s: vendor %s has "
			    "no state script, so push cannot preview or check "
			    "it; apply intended.%s by hand", t->name, v->name,
			    t->ext);
		if (!rollback) {
			d->want = t->expected.data;
			d->want_len = t->expected.len;
		}
		return 0;
	}
	if (t->transport == PUSH_TR_NETCONF && strcmp(t->ext, "xml") == 0) {
		d->netconf = true;
		return 0;
	}
	return sg_err_set(err, SG_EINVAL, "%s: pushing over %s is not in this "
	    "build", t->name, push_transport_names[t->transport]);
}

void
device_dispose(device_t *d)
{
	ncdevice_close(d);
	free(d->nc_filter);
	d->nc_filter = NULL;
	shell_close(d->sh);
	ssh_conn_close(d->conn);
	d->sh = NULL;
	d->conn = NULL;
	strbuf_dispose(&d->raw);
	strbuf_dispose(&d->before);
	strbuf_dispose(&d->after);
}

void
device_ssh_target(const device_t *d, ssh_target_t *st)
{
	memset(st, 0, sizeof(*st));
	st->name = d->t->name;
	st->host = d->t->host;
	st->port = d->t->port;
	st->user = d->t->username;
	st->auth = d->t->auth == PUSH_AUTH_PASSWORD ? SSH_TARGET_PASSWORD :
	    d->t->auth == PUSH_AUTH_AGENT ? SSH_TARGET_AGENT : SSH_TARGET_KEY;
	st->key_file = d->t->key_file;
	st->password_env = d->t->password_env;
	st->known_hosts = d->o->known_hosts;
	st->accept_new_host_keys = d->o->accept_new_host_keys;
	st->timeout_s = d->o->timeout_s;
}

static int
dev_connect(device_t *d)
{
	ssh_target_t st;
	int rc;

	shell_close(d->sh);
	ssh_conn_close(d->conn);
	d->sh = NULL;
	d->conn = NULL;
	d->in_config = false;
	device_ssh_target(d, &st);
	if ((rc = ssh_conn_open(&d->conn, &st, &d->err)) != 0)
		return rc;
	if (d->dialect >= 0)
		rc = shell_open(&d->sh, d->conn, d->t->name, &d->v->cli,
		    d->o->timeout_s, d->log, &d->err);
	return rc;
}

/* Runs a bundle script with sh; a non-zero exit is the device refusing. */
static int
run_script(device_t *d, const push_text_t *script, strbuf_t *out)
{
	strbuf_t errout = STRBUF_INIT(64 * 1024);
	int status, rc;

	if (d->log != NULL)
		(void)fprintf(d->log, "> sh -s  (%zu bytes of script)\n",
		    script->len);
	rc = ssh_conn_run(d->conn, "sh -s", script->data, script->len, out,
	    &errout, &status, &d->err);
	if (d->log != NULL) {
		(void)fprintf(d->log, "< exit status %d\n%s", status,
		    strbuf_str(&errout));
		(void)fflush(d->log);
	}
	if (rc == 0 && status != 0) {
		const char *e = strbuf_str(&errout);
		size_t n = strcspn(e, "\n");

		rc = sg_err_set(&d->err, SG_EDEVICE, "%s: the script exited "
		    "with status %d%s%.*s", d->t->name, status, n > 0 ? ": " :
		    "", (int)n, e);
	}
	strbuf_dispose(&errout);
	return rc;
}

static int
cmp_line(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * A state line with its comma lists sorted and empty items dropped, so
 * the order OVSDB returns a set in does not count as a change.
 */
static void
canon_line(strbuf_t *out, char *line)
{
	char *tok, *save = NULL, *items[256], *eq, *item, *s2;
	size_t n, i;
	bool first = true;

	for (tok = strtok_r(line, " ", &save); tok != NULL;
	    tok = strtok_r(NULL, " ", &save)) {
		if (!first)
			strbuf_addc(out, ' ');
		first = false;
		if ((eq = strchr(tok, '=')) == NULL) {
			strbuf_adds(out, tok);
			continue;
		}
		*eq = '\0';
		strbuf_addf(out, "%s=", tok);
		n = 0;
		for (item = strtok_r(eq + 1, ",", &s2); item != NULL &&
		    n < 256; item = strtok_r(NULL, ",", &s2))
			items[n++] = item;
		if (n > 0)
			qsort(items, n, sizeof(*items), cmp_line);
		for (i = 0; i < n; i++)
			strbuf_addf(out, "%s%s", i > 0 ? "," : "", items[i]);
	}
	strbuf_addc(out, '\n');
}

/* Script state: lines canonical, blank lines dropped, sorted. */
static void
canon_state(strbuf_t *out, const char *text, size_t len)
{
	char *copy = xmalloc(len + 1), **lines = NULL, *line, *save = NULL;
	size_t n = 0, i;

	memcpy(copy, text, len);
	copy[len] = '\0';
	for (line = strtok_r(copy, "\r\n", &save); line != NULL;
	    line = strtok_r(NULL, "\r\n", &save)) {
		if (line[strspn(line, " \t")] == '\0')
			continue;
		lines = xreallocarray(lines, n + 1, sizeof(*lines));
		lines[n++] = line;
	}
	if (n > 0)
		qsort(lines, n, sizeof(*lines), cmp_line);
	strbuf_reset(out);
	for (i = 0; i < n; i++)
		canon_line(out, lines[i]);
	free(lines);
	free(copy);
}

static int
read_state(device_t *d, strbuf_t *raw)
{
	strbuf_reset(raw);
	if (d->dialect >= 0)
		return shell_cmd(d->sh, "show running-config", raw, &d->err);
	return run_script(d, &d->t->state, raw);
}

/* before and after from raw; with check, also that nothing is left. */
static int
model(device_t *d, const strbuf_t *raw, strbuf_t *before, strbuf_t *after)
{
	strbuf_reset(before);
	strbuf_reset(after);
	if (d->dialect >= 0)
		return cfg_preview((cfg_dialect_t)d->dialect, strbuf_str(raw),
		    raw->len, d->change->data, d->change->len, before, after,
		    &d->err);
	canon_state(before, strbuf_str(raw), raw->len);
	if (d->want != NULL)
		canon_state(after, d->want, d->want_len);
	else
		strbuf_add(after, strbuf_str(before), before->len);
	return 0;
}

int
device_preview(device_t *d)
{
	int rc;

	if (d->netconf)
		return fail(d, "read", ncdevice_preview(d));
	if ((rc = dev_connect(d)) != 0)
		return fail(d, "connect", rc);
	if ((rc = read_state(d, &d->raw)) != 0 ||
	    (rc = model(d, &d->raw, &d->before, &d->after)) != 0)
		return fail(d, "read", rc);
	d->changes = d->before.len != d->after.len ||
	    memcmp(strbuf_str(&d->before), strbuf_str(&d->after),
	    d->before.len) != 0;
	return 0;
}

static int
cmd(device_t *d, const char *line)
{
	return shell_cmd(d->sh, line, NULL, &d->err);
}

/* Types every configuration line of text (comments and blanks skipped). */
static int
type_lines(device_t *d, const push_text_t *text)
{
	const char *p = text->data, *end = p + text->len, *nl;
	char line[4096];
	size_t n;
	int rc;

	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		while (p < nl && (*p == ' ' || *p == '\t'))
			p++;
		n = (size_t)(nl - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (n == 0 || *p == '!' || *p == '#')
			continue;
		if (n >= sizeof(line))
			return sg_err_set(&d->err, SG_EINVAL, "%s: a "
			    "configuration line over %zu bytes", d->t->name,
			    sizeof(line));
		memcpy(line, p, n);
		line[n] = '\0';
		if ((rc = cmd(d, line)) != 0)
			return rc;
	}
	return 0;
}

static int
enter_config(device_t *d, const char *how)
{
	int rc = cmd(d, how);

	if (rc == 0)
		d->in_config = true;
	return rc;
}

static int
leave_config(device_t *d)
{
	int rc = 0;

	if (d->in_config)
		rc = cmd(d, d->v->cli.config_leave);
	d->in_config = false;
	return rc;
}

int
device_apply(device_t *d)
{
	char line[256];
	int minutes = (d->o->confirm_timeout_s + 59) / 60, s, rc;

	if (d->netconf)
		return fail(d, "apply", ncdevice_apply(d));
	if (d->dialect < 0) {
		d->state = DEV_APPLIED;
		strbuf_reset(&d->raw);
		return fail(d, "apply", run_script(d, d->change, &d->raw));
	}
	if (minutes < 1)
		minutes = 1;
	d->state = DEV_APPLIED;
	switch (d->v->commit) {
	case VENDOR_COMMIT_REVERT_TIMER:
		(void)snprintf(line, sizeof(line), "%s revert timer %d",
		    d->v->cli.config_enter, minutes);
		d->timer_running = true;
		if ((rc = enter_config(d, line)) != 0 ||
		    (rc = type_lines(d, d->change)) != 0)
			return fail(d, "apply", rc);
		return fail(d, "apply", leave_config(d));
	case VENDOR_COMMIT_CONFIG_SESSION:
		(void)snprintf(line, sizeof(line), "%s %s",
		    d->v->cli.config_enter, d->o->session_name);
		if ((rc = enter_config(d, line)) != 0 ||
		    (rc = type_lines(d, d->change)) != 0)
			return fail(d, "apply", rc);
		s = d->o->confirm_timeout_s;
		(void)snprintf(line, sizeof(line), "commit timer %02d:%02d:%02d",
		    s / 3600, s / 60 % 60, s % 60);
		d->timer_running = true;
		if ((rc = cmd(d, line)) != 0)
			return fail(d, "commit", rc);
		d->in_config = false;
		return 0;
	case VENDOR_COMMIT_CHECKPOINT:
		(void)snprintf(line, sizeof(line), "checkpoint %s",
		    d->o->session_name);
		if ((rc = cmd(d, line)) != 0) {
			d->state = DEV_UNCHANGED;
			return fail(d, "checkpoint", rc);
		}
		break;
	case VENDOR_COMMIT_CHECKPOINT_AUTO:
		(void)snprintf(line, sizeof(line), "checkpoint auto %d",
		    minutes);
		d->timer_running = true;
		if ((rc = cmd(d, line)) != 0)
			return fail(d, "checkpoint", rc);
		break;
	default:
		return fail(d, "apply", sg_err_set(&d->err, SG_EINVAL, "%s: "
		    "commit model '%s' is not pushed over the CLI by this "
		    "build", d->t->name, vendor_commit_names[d->v->commit]));
	}
	if ((rc = enter_config(d, d->v->cli.config_enter)) != 0 ||
	    (rc = type_lines(d, d->change)) != 0)
		return fail(d, "apply", rc);
	return fail(d, "apply", leave_config(d));
}

int
device_check(device_t *d)
{
	strbuf_t raw = STRBUF_INIT(STATE_MAX), before = STRBUF_INIT(STATE_MAX),
	    after = STRBUF_INIT(STATE_MAX);
	int rc;

	if (d->netconf) {
		strbuf_dispose(&raw);
		strbuf_dispose(&before);
		strbuf_dispose(&after);
		return fail(d, "check", ncdevice_check(d));
	}
	if ((rc = read_state(d, &raw)) == 0 &&
	    (rc = model(d, &raw, &before, &after)) == 0 &&
	    (before.len != d->after.len || memcmp(strbuf_str(&before),
	    strbuf_str(&d->after), before.len) != 0))
		rc = sg_err_set(&d->err, SG_EDEVICE, "%s: read back after the "
		    "change, the device does not hold what was intended (see "
		    "its log)", d->t->name);
	if (rc != 0 && d->log != NULL)
		(void)fprintf(d->log, "! read back:\n%s! intended:\n%s",
		    strbuf_str(&before), strbuf_str(&d->after));
	strbuf_dispose(&raw);
	strbuf_dispose(&before);
	strbuf_dispose(&after);
	return fail(d, "check", rc);
}

int
device_confirm(device_t *d)
{
	char line[256];
	int rc = 0;

	if (d->netconf)
		return fail(d, "confirm", ncdevice_confirm(d));
	if (d->dialect >= 0) {
		switch (d->v->commit) {
		case VENDOR_COMMIT_REVERT_TIMER:
			rc = cmd(d, "configure confirm");
			break;
		case VENDOR_COMMIT_CONFIG_SESSION:
			(void)snprintf(line, sizeof(line), "%s %s commit",
			    d->v->cli.config_enter, d->o->session_name);
			rc = cmd(d, line);
			break;
		case VENDOR_COMMIT_CHECKPOINT_AUTO:
			rc = cmd(d, "checkpoint auto confirm");
			break;
		default:
			break;
		}
		if (rc != 0)
			return fail(d, "confirm", rc);
		d->timer_running = false;
		if (d->v->cli.save != NULL && (rc = cmd(d, d->v->cli.save)) != 0)
			return fail(d, "save", rc);
		if (d->v->commit == VENDOR_COMMIT_CHECKPOINT) {
			/* NX-OS keeps ten user checkpoints at most (B.8) */
			(void)snprintf(line, sizeof(line), "no checkpoint %s",
			    d->o->session_name);
			(void)cmd(d, line);
		}
	}
	d->state = DEV_CONFIRMED;
	return 0;
}

static void
undo_cli(device_t *d)
{
	char line[256];

	if (d->state == DEV_CONFIRMED) {
		/* past its timer: the inverse in a plain configuration */
		(void)leave_config(d);
		if (enter_config(d, "configure terminal") == 0)
			(void)type_lines(d, d->undo);
		(void)leave_config(d);
		if (d->v->cli.save != NULL)
			(void)cmd(d, d->v->cli.save);
		return;
	}
	switch (d->v->commit) {
	case VENDOR_COMMIT_CONFIG_SESSION:
		/* abort discards an open session or reverts a timed commit */
		if (d->in_config)
			(void)cmd(d, "abort");
		d->in_config = false;
		(void)snprintf(line, sizeof(line), "%s %s abort",
		    d->v->cli.config_enter, d->o->session_name);
		(void)cmd(d, line);
		return;
	case VENDOR_COMMIT_CHECKPOINT:
		(void)leave_config(d);
		(void)snprintf(line, sizeof(line), "rollback running-config "
		    "checkpoint %s", d->o->session_name);
		(void)cmd(d, line);
		(void)snprintf(line, sizeof(line), "no checkpoint %s",
		    d->o->session_name);
		(void)cmd(d, line);
		return;
	default:
		/* revert timer / checkpoint auto: the inverse, then stop the
		 * timer so it does not fire on top of it later */
		(void)leave_config(d);
		if (enter_config(d, d->v->cli.config_enter) == 0)
			(void)type_lines(d, d->undo);
		(void)leave_config(d);
		if (d->v->commit == VENDOR_COMMIT_REVERT_TIMER)
			(void)cmd(d, "configure confirm");
		else if (d->v->commit == VENDOR_COMMIT_CHECKPOINT_AUTO)
			(void)cmd(d, "checkpoint auto confirm");
		return;
	}
}

void
device_undo(device_t *d)
{
	strbuf_t raw = STRBUF_INIT(STATE_MAX), before = STRBUF_INIT(STATE_MAX),
	    after = STRBUF_INIT(STATE_MAX);
	sg_err_t first = d->err;
	bool same = false;

	if (d->state == DEV_UNCHANGED)
		return;
	if (d->netconf) {
		if (first.code == SG_EIO || first.code == SG_ETIMEOUT)
			ncdevice_forget(d);
		ncdevice_undo(d);
		d->err = first;
		strbuf_dispose(&raw);
		strbuf_dispose(&before);
		strbuf_dispose(&after);
		return;
	}
	sg_err_clear(&d->err);
	if (d->log != NULL)
		(void)fprintf(d->log, "! undo\n");
	/* a dropped session is reconnected once to undo */
	if (d->conn == NULL || (d->dialect >= 0 && d->sh == NULL) ||
	    first.code == SG_EIO || first.code == SG_ETIMEOUT)
		(void)dev_connect(d);
	if (d->conn != NULL && (d->dialect < 0 || d->sh != NULL)) {
		if (d->dialect >= 0)
			undo_cli(d);
		else
			(void)run_script(d, d->undo, &raw);
		sg_err_clear(&d->err);
		if (read_state(d, &raw) == 0 &&
		    model(d, &raw, &before, &after) == 0)
			same = before.len == d->before.len &&
			    memcmp(strbuf_str(&before), strbuf_str(&d->before),
			    before.len) == 0;
	}
	d->state = same ? DEV_REVERTED : DEV_UNKNOWN;
	d->timer_running = d->timer_running && !same;
	d->err = first;
	strbuf_dispose(&raw);
	strbuf_dispose(&before);
	strbuf_dispose(&after);
}
