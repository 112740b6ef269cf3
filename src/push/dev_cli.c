/*
 * dev_cli: devices configured by typing into their interactive CLI over
 * SSH.  The state is `show running-config`, and the change is modelled on
 * it (push/cfgtree) to get the managed part before and after.  The
 * vendor's commit model says how a change is put under a timer, confirmed
 * and undone.
 */
#include <string.h>

#include "push/cfgreview.h"
#include "push/cfgtree.h"
#include "push/device_int.h"
#include "push/observe.h"
#include "transport/shell.h"

struct cli {
	ssh_conn_t	*conn;
	shell_t		*sh;
	cfg_dialect_t	 dialect;
	bool		 in_config;	/* the shell is in configuration mode */
	bool		 rollback;
};

static int
cli_init(device_t *d, bool rollback, sg_err_t *err)
{
	struct cli *c = d->be;
	const char *name = d->o->session_name;
	int dialect = cfg_dialect_of(d->v), rc = 0;

	c->rollback = rollback;
	if (dialect < 0)
		rc = sg_err_set(err, SG_EINVAL, "%s: vendor '%s' names no CLI "
		    "dialect (cli.dialect in %s), so push cannot type its "
		    "configuration over ssh: apply intended.cfg by hand%s",
		    d->t->name, d->v->name, d->v->file,
		    d->v->transports & VENDOR_TR_NETCONF ? ", or render it "
		    "with transport: netconf" : "");
	/* it names a checkpoint or session in a device command */
	else if (name == NULL || strspn(name, "abcdefghijklmnopqrstuvwxyz"
	    "0123456789-") != strlen(name))
		rc = sg_err_set(err, SG_EINVAL, "%s: no usable checkpoint name",
		    d->t->name);
	else
		c->dialect = (cfg_dialect_t)dialect;
	return rc;
}

static void
cli_close(device_t *d)
{
	struct cli *c = d->be;

	shell_close(c->sh);
	ssh_conn_close(c->conn);
	c->sh = NULL;
	c->conn = NULL;
}

static int
cli_connect(device_t *d)
{
	struct cli *c = d->be;
	int rc;

	cli_close(d);
	c->in_config = false;
	if ((rc = device_ssh_open(d, &c->conn)) == 0)
		rc = shell_open(&c->sh, c->conn, d->t->name, &d->v->cli,
		    d->o->timeout_s, d->log, &d->err);
	return rc;
}

static int
cmd(device_t *d, const char *line)
{
	struct cli *c = d->be;

	return shell_cmd(c->sh, line, NULL, &d->err);
}

static int
cli_read(device_t *d, strbuf_t *raw, strbuf_t *before, strbuf_t *after)
{
	struct cli *c = d->be;
	sg_err_t why = SG_ERR_INIT;
	int rc;

	strbuf_reset(raw);
	strbuf_reset(before);
	strbuf_reset(after);
	if ((rc = shell_cmd(c->sh, "show running-config", raw, &d->err)) != 0)
		return rc;
	/* nothing is modelled on a printout that is not the whole config */
	if ((rc = cfg_check_printout(c->dialect, strbuf_str(raw), raw->len,
	    &why)) != 0)
		return sg_err_set(&d->err, rc, "%s: %s", d->t->name, why.msg);
	return cfg_preview(c->dialect, strbuf_str(raw), raw->len,
	    d->change->data, d->change->len, before, after, &d->err);
}

/* The device's printout and the model agree in meaning, not in text. */
static bool
cli_same(const strbuf_t *a, const strbuf_t *b)
{
	return cfg_same(strbuf_str(a), a->len, strbuf_str(b), b->len);
}

/*
 * What the change may touch on this device and its exact inverse, from
 * what the device printed: an entry in the way fails the preview, so
 * nothing is changed anywhere; the inverse becomes what undoes it.
 */
static int
cli_review(device_t *d)
{
	struct cli *c = d->be;
	sg_err_t why = SG_ERR_INIT;
	cfg_review_t rv;
	size_t nforeign;
	int rc;

	cfg_review_init(&rv);
	rc = cfg_review(c->dialect, strbuf_str(&d->raw), d->raw.len,
	    d->change->data, d->change->len, d->owned_in.data != NULL ?
	    d->owned_in.data : "", d->owned_in.len, &rv, &why);
	nforeign = rv.nforeign;
	if (rc == 0 && nforeign == 0) {
		strbuf_reset(&d->inverse);
		strbuf_add(&d->inverse, rv.inverse.ptr, rv.inverse.len);
		d->exact.data = d->inverse.ptr != NULL ? d->inverse.ptr : "";
		d->exact.len = d->inverse.len;
		d->undo = &d->exact;
		d->reviewed = true;
	}
	strbuf_reset(&d->foreign);
	strbuf_add(&d->foreign, rv.foreign.ptr, rv.foreign.len);
	strbuf_reset(&d->owned);
	strbuf_add(&d->owned, rv.owned.ptr, rv.owned.len);
	cfg_review_dispose(&rv);
	if (rc != 0)
		return device_fail(d, "review", sg_err_set(&d->err, rc,
		    "%s: %s", d->t->name, why.msg));
	return nforeign > 0 ? device_refuse_foreign(d, nforeign) : 0;
}

/*
 * A bundle rendered around what the device held is stale once what the
 * change touches differs from that, unless this bundle's own push made
 * the difference: it was reviewed against a device that is gone.
 */
static int
cli_stale(device_t *d)
{
	struct cli *c = d->be;
	strbuf_t now = STRBUF_INIT(0), nb = STRBUF_INIT(0), na = STRBUF_INIT(0);
	strbuf_t ob = STRBUF_INIT(0), oa = STRBUF_INIT(0);
	const push_text_t *seen = &d->t->observed;
	int rc = 0;

	if (c->rollback || seen->data == NULL)
		return 0;
	observe_filter(strbuf_str(&d->raw), d->raw.len, &now);
	if (cfg_preview(c->dialect, strbuf_str(&now), now.len, d->change->data,
	    d->change->len, &nb, &na, &d->err) != 0 ||
	    cfg_preview(c->dialect, seen->data, seen->len, d->change->data,
	    d->change->len, &ob, &oa, &d->err) != 0)
		rc = SG_EINVAL;
	else if (!cfg_same(strbuf_str(&nb), nb.len, strbuf_str(&ob), ob.len) &&
	    !cfg_same(strbuf_str(&nb), nb.len, strbuf_str(&oa), oa.len))
		rc = device_refuse_stale(d, strbuf_str(&ob), ob.len,
		    strbuf_str(&nb), nb.len);
	else
		rc = 0;
	strbuf_dispose(&now);
	strbuf_dispose(&nb);
	strbuf_dispose(&na);
	strbuf_dispose(&ob);
	strbuf_dispose(&oa);
	return rc == SG_EINVAL ? device_fail(d, "stale check", rc) : rc;
}

static int
cli_preview(device_t *d)
{
	int rc;

	if ((rc = cli_connect(d)) != 0)
		rc = device_fail(d, "connect", rc);
	else if ((rc = cli_read(d, &d->raw, &d->before, &d->after)) == 0 &&
	    (rc = cli_stale(d)) == 0 &&
	    (d->changes = !cli_same(&d->before, &d->after)))
		rc = cli_review(d);
	return rc;
}

/* Types every configuration line of text (comments and blanks skipped). */
static int
type_lines(device_t *d, const push_text_t *text)
{
	const char *p = text->data, *end = p + text->len, *nl;
	char line[4096];
	size_t n;
	int rc = 0;

	for (; rc == 0 && p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		while (p < nl && (*p == ' ' || *p == '\t'))
			p++;
		n = (size_t)(nl - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (n == 0 || *p == '!' || *p == '#')
			continue;
		if (n >= sizeof(line)) {
			rc = sg_err_set(&d->err, SG_EINVAL, "%s: a "
			    "configuration line over %zu bytes", d->t->name,
			    sizeof(line));
			break;
		}
		memcpy(line, p, n);
		line[n] = '\0';
		rc = cmd(d, line);
	}
	return rc;
}

static int
enter_config(device_t *d, const char *how)
{
	struct cli *c = d->be;
	int rc = cmd(d, how);

	if (rc == 0)
		c->in_config = true;
	return rc;
}

static int
leave_config(device_t *d)
{
	struct cli *c = d->be;
	int rc = 0;

	if (c->in_config)
		rc = cmd(d, d->v->cli.config_leave);
	c->in_config = false;
	return rc;
}

/* Enters configuration mode with how, types text and leaves again. */
static int
enter_and_type(device_t *d, const char *how, const push_text_t *text)
{
	int rc;

	if ((rc = enter_config(d, how)) == 0 &&
	    (rc = type_lines(d, text)) == 0)
		rc = leave_config(d);
	return rc;
}

static int
cli_apply(device_t *d)
{
	struct cli *c = d->be;
	const char *enter = d->v->cli.config_enter, *session =
	    d->o->session_name;
	char line[256];
	int minutes = (d->o->confirm_timeout_s + 59) / 60, s, rc;

	if (minutes < 1)
		minutes = 1;
	switch (d->v->commit) {
	case VENDOR_COMMIT_REVERT_TIMER:
		(void)snprintf(line, sizeof(line), "%s revert timer %d", enter,
		    minutes);
		d->timer_running = true;
		rc = enter_and_type(d, line, d->change);
		break;
	case VENDOR_COMMIT_CONFIG_SESSION:
		(void)snprintf(line, sizeof(line), "%s %s", enter, session);
		if ((rc = enter_config(d, line)) != 0 ||
		    (rc = type_lines(d, d->change)) != 0)
			break;
		s = d->o->confirm_timeout_s;
		(void)snprintf(line, sizeof(line), "commit timer %02d:%02d:%02d",
		    s / 3600, s / 60 % 60, s % 60);
		d->timer_running = true;
		if ((rc = device_fail(d, "commit", cmd(d, line))) == 0)
			c->in_config = false;
		break;
	case VENDOR_COMMIT_CHECKPOINT:
		(void)snprintf(line, sizeof(line), "checkpoint %s", session);
		if ((rc = device_fail(d, "checkpoint", cmd(d, line))) != 0)
			d->state = DEV_UNCHANGED;
		else
			rc = enter_and_type(d, enter, d->change);
		break;
	case VENDOR_COMMIT_CHECKPOINT_AUTO:
		(void)snprintf(line, sizeof(line), "checkpoint auto %d",
		    minutes);
		d->timer_running = true;
		if ((rc = device_fail(d, "checkpoint", cmd(d, line))) == 0)
			rc = enter_and_type(d, enter, d->change);
		break;
	default:
		rc = sg_err_set(&d->err, SG_EINVAL, "%s: commit model '%s' is "
		    "not pushed over the CLI by this build", d->t->name,
		    vendor_commit_names[d->v->commit]);
		break;
	}
	return rc;
}

static int
cli_check(device_t *d)
{
	return device_text_check(d, cli_read);
}

static int
cli_confirm(device_t *d)
{
	char line[256];
	int rc = 0;

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
		goto out;
	d->timer_running = false;
	if (d->v->cli.save != NULL &&
	    (rc = device_fail(d, "save", cmd(d, d->v->cli.save))) != 0)
		goto out;
	if (d->v->commit == VENDOR_COMMIT_CHECKPOINT) {
		/* NX-OS keeps ten user checkpoints at most: drop ours */
		(void)snprintf(line, sizeof(line), "no checkpoint %s",
		    d->o->session_name);
		(void)cmd(d, line);
	}
 out:
	return rc;
}

/* Past its timer, a change is undone by its inverse, and saved. */
static void
revert_confirmed(device_t *d)
{
	(void)leave_config(d);
	(void)enter_and_type(d, "configure terminal", d->undo);
	(void)leave_config(d);
	if (d->v->cli.save != NULL)
		(void)cmd(d, d->v->cli.save);
}

/* Before it is confirmed, the commit model says how to take it back. */
static void
revert_applied(device_t *d)
{
	struct cli *c = d->be;
	char line[256];

	switch (d->v->commit) {
	case VENDOR_COMMIT_CONFIG_SESSION:
		/* abort discards an open session or reverts a timed commit */
		if (c->in_config)
			(void)cmd(d, "abort");
		c->in_config = false;
		(void)snprintf(line, sizeof(line), "%s %s abort",
		    d->v->cli.config_enter, d->o->session_name);
		(void)cmd(d, line);
		break;
	case VENDOR_COMMIT_CHECKPOINT:
		(void)leave_config(d);
		(void)snprintf(line, sizeof(line), "rollback running-config "
		    "checkpoint %s", d->o->session_name);
		(void)cmd(d, line);
		(void)snprintf(line, sizeof(line), "no checkpoint %s",
		    d->o->session_name);
		(void)cmd(d, line);
		break;
	default:
		/* revert timer / checkpoint auto: the inverse, then stop the
		 * timer so it does not fire on top of it later */
		(void)leave_config(d);
		(void)enter_and_type(d, d->v->cli.config_enter, d->undo);
		(void)leave_config(d);
		if (d->v->commit == VENDOR_COMMIT_REVERT_TIMER)
			(void)cmd(d, "configure confirm");
		else if (d->v->commit == VENDOR_COMMIT_CHECKPOINT_AUTO)
			(void)cmd(d, "checkpoint auto confirm");
		break;
	}
}

static void
cli_undo(device_t *d)
{
	struct cli *c = d->be;
	bool same = false;

	sg_err_clear(&d->err);
	if (d->log != NULL)
		(void)fprintf(d->log, "! undo\n");
	/* a dropped session is reconnected once to undo */
	if (c->conn == NULL || c->sh == NULL)
		(void)cli_connect(d);
	if (c->conn != NULL && c->sh != NULL) {
		if (d->state == DEV_CONFIRMED)
			revert_confirmed(d);
		else
			revert_applied(d);
		sg_err_clear(&d->err);
		same = device_text_reverted(d, cli_read);
	}
	d->state = same ? DEV_REVERTED : DEV_UNKNOWN;
	d->timer_running = d->timer_running && !same;
}

static size_t
cli_summarise(const device_t *d, strbuf_t *out)
{
	const struct cli *c = d->be;

	return cfg_semantic(c->dialect, strbuf_str(&d->before), d->before.len,
	    strbuf_str(&d->after), d->after.len, out);
}

const struct device_ops dev_cli_ops = {
	.transport = PUSH_TR_SSH,
	.be_size = sizeof(struct cli),
	.before_file = "before.cfg",
	.init = cli_init,
	.preview = cli_preview,
	.apply = cli_apply,
	.check = cli_check,
	.confirm = cli_confirm,
	.undo = cli_undo,
	/* closing an SSH session that broke is all it takes to drop it */
	.forget = cli_close,
	.close = cli_close,
	.summarise = cli_summarise,
	.same = cli_same,
};
