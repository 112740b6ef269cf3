/*
 * device: see device.h.  The steps are the same for every transport and
 * so are kept here: where a failure happened, the state a step leaves,
 * keeping the first failure through an undo.  What differs is behind
 * d->ops (push/device_int.h).
 */
#include <stdlib.h>
#include <string.h>

#include "push/device_int.h"
#include "transport/xml.h"
#include "util/udiff.h"
#include "util/xmalloc.h"

/* A new transport is a back end in its own push/dev_*.c, listed here. */
static const struct device_ops *const backends[] = {
	&dev_cli_ops,
	&dev_script_ops,
	&dev_netconf_ops,
};

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

int
device_fail(device_t *d, const char *step, int rc)
{
	if (rc != 0 && d->failed_step == NULL)
		d->failed_step = step;
	return rc;
}

int
device_init(device_t *d, const push_target_t *t, const vendor_t *v,
    const device_opts_t *o, bool rollback, FILE *log, sg_err_t *err)
{
	size_t i;
	int rc;

	memset(d, 0, sizeof(*d));
	d->t = t;
	d->v = v;
	d->o = o;
	d->log = log;
	d->change = rollback ? &t->rollback : &t->intended;
	d->undo = rollback ? &t->intended : &t->rollback;
	strbuf_init(&d->raw, DEVICE_STATE_MAX);
	strbuf_init(&d->before, DEVICE_STATE_MAX);
	strbuf_init(&d->after, DEVICE_STATE_MAX);
	strbuf_init(&d->owned, 0);
	strbuf_init(&d->foreign, 0);
	strbuf_init(&d->inverse, DEVICE_STATE_MAX);
	if (t->host == NULL) {
		rc = sg_err_set(err, SG_EINVAL, "%s: the inventory gives no "
		    "'mgmt' address, so it cannot be pushed", t->name);
		goto out;
	}
	for (i = 0; d->ops == NULL &&
	    i < sizeof(backends) / sizeof(backends[0]); i++)
		if (backends[i]->transport == t->transport)
			d->ops = backends[i];
	if (d->ops == NULL) {
		rc = sg_err_set(err, SG_EINVAL, "%s: pushing over %s is not in "
		    "this build", t->name, push_transport_names[t->transport]);
		goto out;
	}
	d->be = xcalloc(1, d->ops->be_size);
	rc = d->ops->init(d, rollback, err);
 out:
	if (rc != 0) {
		free(d->be);
		d->be = NULL;
		d->ops = NULL;
	}
	return rc;
}

void
device_dispose(device_t *d)
{
	if (d->ops != NULL)
		d->ops->close(d);
	free(d->be);
	d->be = NULL;
	d->ops = NULL;
	strbuf_dispose(&d->raw);
	strbuf_dispose(&d->before);
	strbuf_dispose(&d->after);
	strbuf_dispose(&d->owned);
	strbuf_dispose(&d->foreign);
	strbuf_dispose(&d->inverse);
}

int
device_refuse_foreign(device_t *d, size_t n)
{
	d->refused_for_state = true;
	return device_fail(d, "review", sg_err_set(&d->err, SG_EDEVICE,
	    "%s: %zu entr%s that spangen did not create would be changed or "
	    "removed (listed below); roll back the bundle that made %s, or "
	    "add %s to the switch's in_use and render again", d->t->name, n,
	    n == 1 ? "y" : "ies", n == 1 ? "it" : "them", n == 1 ? "its id" :
	    "their ids"));
}

int
device_refuse_stale(device_t *d, const char *was, size_t wlen,
    const char *now, size_t nlen)
{
	d->refused_for_state = true;
	strbuf_reset(&d->foreign);
	(void)udiff(&d->foreign, "when reviewed", was, wlen, "now", now, nlen,
	    2, false);
	return device_fail(d, "stale check", sg_err_set(&d->err, SG_EDEVICE,
	    "%s: changed since this bundle was reviewed (the bundle's "
	    "devices/%s/observed.txt is what it held then; what differs is "
	    "below): render again", d->t->name, d->t->name));
}

void
device_ssh_target(const device_t *d, ssh_target_t *st)
{
	static const ssh_target_auth_t auths[] = {
		[PUSH_AUTH_KEY] = SSH_TARGET_KEY,
		[PUSH_AUTH_AGENT] = SSH_TARGET_AGENT,
		[PUSH_AUTH_PASSWORD] = SSH_TARGET_PASSWORD,
	};

	memset(st, 0, sizeof(*st));
	st->name = d->t->name;
	st->host = d->t->host;
	st->port = d->t->port;
	st->user = d->t->username;
	st->auth = auths[d->t->auth];
	st->key_file = d->t->key_file;
	st->password_env = d->t->password_env;
	st->known_hosts = d->o->known_hosts;
	st->accept_new_host_keys = d->o->accept_new_host_keys;
	st->timeout_s = d->o->timeout_s;
}

int
device_ssh_open(device_t *d, ssh_conn_t **conn)
{
	ssh_target_t st;

	device_ssh_target(d, &st);
	return ssh_conn_open(conn, &st, &d->err);
}

/* Reads the device again into got, its managed state as read_fn models it. */
static int
read_again(device_t *d, device_read_fn read_fn, strbuf_t *got)
{
	strbuf_t raw = STRBUF_INIT(DEVICE_STATE_MAX),
	    after = STRBUF_INIT(DEVICE_STATE_MAX);
	int rc;

	rc = read_fn(d, &raw, got, &after);
	strbuf_dispose(&raw);
	strbuf_dispose(&after);
	return rc;
}

int
device_text_check(device_t *d, device_read_fn read_fn)
{
	strbuf_t now = STRBUF_INIT(DEVICE_STATE_MAX);
	int rc;

	if ((rc = read_again(d, read_fn, &now)) == 0 &&
	    !d->ops->same(&now, &d->after))
		rc = sg_err_set(&d->err, SG_EDEVICE, "%s: read back after the "
		    "change, the device does not hold what was intended (see "
		    "its log)", d->t->name);
	if (rc != 0 && d->log != NULL)
		(void)fprintf(d->log, "! read back:\n%s! intended:\n%s",
		    strbuf_str(&now), strbuf_str(&d->after));
	strbuf_dispose(&now);
	return rc;
}

bool
device_text_reverted(device_t *d, device_read_fn read_fn)
{
	strbuf_t now = STRBUF_INIT(DEVICE_STATE_MAX);
	bool same;

	same = read_again(d, read_fn, &now) == 0 &&
	    d->ops->same(&now, &d->before);
	strbuf_dispose(&now);
	return same;
}

int
device_preview(device_t *d)
{
	return device_fail(d, "read", d->ops->preview(d));
}

int
device_apply(device_t *d)
{
	d->state = DEV_APPLIED;
	return device_fail(d, "apply", d->ops->apply(d));
}

int
device_check(device_t *d)
{
	return device_fail(d, "check", d->ops->check(d));
}

int
device_confirm(device_t *d)
{
	int rc;

	if ((rc = d->ops->confirm(d)) == 0)
		d->state = DEV_CONFIRMED;
	return device_fail(d, "confirm", rc);
}

void
device_undo(device_t *d)
{
	sg_err_t first = d->err;

	if (d->state == DEV_UNCHANGED)
		return;
	/* a session that broke is not asked to undo anything */
	if (first.code == SG_EIO || first.code == SG_ETIMEOUT)
		d->ops->forget(d);
	d->ops->undo(d);
	d->err = first;
}

size_t
device_summarise(const device_t *d, strbuf_t *out)
{
	return d->ops->summarise(d, out);
}

const char *
device_before_file(const device_t *d)
{
	return d->ops->before_file;
}

void
device_threads_init(void)
{
	xml_init();
}
