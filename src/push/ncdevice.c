/*
 * ncdevice: see ncdevice.h.  With :candidate the change is edited into
 * the candidate under a lock, committed with confirmed-commit where the
 * device has it (a session that ends before the confirming commit is
 * reverted by the device, RFC 6241 8.4), and confirmed once every device
 * of the push has been read back.  A device with a writable running
 * datastore only gets the edit straight into running, and the rollback
 * payload as its undo.
 */
#include <string.h>

#include "push/ncdevice.h"
#include "transport/xml.h"

#define PAYLOAD_MAX	(16u * 1024 * 1024)

static void
drop(xmlNodePtr n)
{
	xmlUnlinkNode(n);
	xmlFreeNode(n);
}

static xmlNodePtr
name_key(xmlNodePtr n)
{
	xmlNodePtr c;

	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    xmlStrcmp(c->name, BAD_CAST "name") == 0)
			return c;
	return NULL;
}

static void
prune(xmlNodePtr n)
{
	xmlAttrPtr a, next_a;
	xmlNodePtr c, next, key = name_key(n);

	for (a = n->properties; a != NULL; a = next_a) {
		next_a = a->next;
		if (a->ns != NULL &&
		    xmlStrcmp(a->ns->href, BAD_CAST NETCONF_BASE_NS) == 0)
			(void)xmlRemoveProp(a);
	}
	for (c = n->children; c != NULL; c = next) {
		next = c->next;
		if (c->type == XML_COMMENT_NODE || c->type == XML_PI_NODE ||
		    (key != NULL && c != key))
			drop(c);
		else if (c->type == XML_ELEMENT_NODE && c != key)
			prune(c);
	}
}

int
ncdevice_filter(const char *payload, size_t len, strbuf_t *out,
    sg_err_t *err)
{
	xmlDocPtr doc;
	xmlBufferPtr buf;
	xmlNodePtr root;
	int rc = 0;

	if ((rc = xml_parse(&doc, "the NETCONF payload", payload, len,
	    PAYLOAD_MAX, XML_PARSE_NOBLANKS, err)) != 0)
		return rc;
	root = xmlDocGetRootElement(doc);
	prune(root);
	if ((buf = xmlBufferCreate()) == NULL ||
	    xmlNodeDump(buf, doc, root, 0, 0) < 0)
		rc = sg_err_set(err, SG_EINVAL, "cannot write the filter");
	else
		strbuf_add(out, xmlBufferContent(buf),
		    (size_t)xmlBufferLength(buf));
	xmlBufferFree(buf);
	xmlFreeDoc(doc);
	return rc;
}

static netconf_ds_t
target(const device_t *d)
{
	return d->nc_candidate ? NETCONF_CANDIDATE : NETCONF_RUNNING;
}

static bool
can_confirm(const device_t *d)
{
	return netconf_has(d->nc, NETCONF_CAP_CONFIRMED_1_0) ||
	    netconf_has(d->nc, NETCONF_CAP_CONFIRMED_1_1);
}

static int
nc_connect(device_t *d)
{
	netconf_opts_t opts = NETCONF_OPTS_INIT;
	ssh_target_t st;
	int rc;

	ncdevice_close(d);
	device_ssh_target(d, &st);
	opts.log = d->log;
	opts.timeout_s = d->o->timeout_s;
	if ((rc = netconf_open(&d->nc, &st, &opts, &d->err)) != 0)
		return rc;
	d->nc_candidate = netconf_has(d->nc, NETCONF_CAP_CANDIDATE);
	if (!d->nc_candidate &&
	    !netconf_has(d->nc, NETCONF_CAP_WRITABLE_RUNNING)) {
		rc = sg_err_set(&d->err, SG_EDEVICE, "%s: the device offers "
		    "neither :candidate nor :writable-running", d->t->name);
		ncdevice_close(d);
	}
	return rc;
}

static int
read_running(device_t *d, strbuf_t *out)
{
	strbuf_reset(out);
	return netconf_get_config(d->nc, NETCONF_RUNNING, d->nc_filter, out,
	    &d->err);
}

static int
lock(device_t *d)
{
	int rc = netconf_lock(d->nc, target(d), &d->err);

	d->nc_locked = rc == 0;
	return rc;
}

static void
unlock(device_t *d)
{
	sg_err_t ignored = SG_ERR_INIT;

	if (d->nc != NULL && d->nc_locked)
		(void)netconf_unlock(d->nc, target(d), &ignored);
	d->nc_locked = false;
}

int
ncdevice_preview(device_t *d)
{
	strbuf_t filter = STRBUF_INIT(PAYLOAD_MAX);
	sg_err_t ignored = SG_ERR_INIT;
	int rc;

	if ((rc = ncdevice_filter(d->change->data, d->change->len, &filter,
	    &d->err)) != 0)
		goto out;
	d->nc_filter = strbuf_detach(&filter, NULL);
	if ((rc = nc_connect(d)) != 0 || (rc = read_running(d, &d->before))
	    != 0)
		goto out;
	strbuf_reset(&d->raw);
	strbuf_add(&d->raw, strbuf_str(&d->before), d->before.len);
	strbuf_reset(&d->after);
	if (!d->nc_candidate) {
		/* no scratch datastore to try the edit in: show the payload */
		strbuf_add(&d->after, d->change->data, d->change->len);
		d->changes = true;
		goto out;
	}
	if ((rc = lock(d)) != 0)
		goto out;
	if ((rc = netconf_edit_config(d->nc, NETCONF_CANDIDATE,
	    d->change->data, d->change->len, NETCONF_MERGE, &d->err)) == 0)
		rc = netconf_get_config(d->nc, NETCONF_CANDIDATE, d->nc_filter,
		    &d->after, &d->err);
	(void)netconf_discard_changes(d->nc, &ignored);
	unlock(d);
	d->changes = rc == 0 && (d->before.len != d->after.len ||
	    memcmp(strbuf_str(&d->before), strbuf_str(&d->after),
	    d->before.len) != 0);
 out:
	strbuf_dispose(&filter);
	return rc;
}

int
ncdevice_apply(device_t *d)
{
	int rc;

	d->state = DEV_APPLIED;
	if ((rc = lock(d)) != 0) {
		d->state = DEV_UNCHANGED;
		return rc;
	}
	if ((rc = netconf_edit_config(d->nc, target(d), d->change->data,
	    d->change->len, NETCONF_MERGE, &d->err)) != 0)
		return rc;
	if (!d->nc_candidate)
		return 0;
	/*
	 * No separate <validate>: <commit> validates the candidate anyway, and
	 * netconfd 2.13, the test peer, then committed nothing at all.
	 */
	rc = netconf_commit(d->nc, can_confirm(d),
	    (unsigned int)d->o->confirm_timeout_s, NULL, &d->err);
	d->nc_pending = rc == 0 && can_confirm(d);
	d->timer_running = d->nc_pending;
	return rc;
}

int
ncdevice_check(device_t *d)
{
	strbuf_t now = STRBUF_INIT(0);
	int rc;

	if ((rc = read_running(d, &now)) == 0 && d->nc_candidate &&
	    (now.len != d->after.len || memcmp(strbuf_str(&now),
	    strbuf_str(&d->after), now.len) != 0))
		rc = sg_err_set(&d->err, SG_EDEVICE, "%s: read back after the "
		    "commit, the device does not hold what was intended (see "
		    "its log)", d->t->name);
	if (rc != 0 && d->log != NULL)
		(void)fprintf(d->log, "! read back:\n%s\n! intended:\n%s\n",
		    strbuf_str(&now), strbuf_str(&d->after));
	strbuf_dispose(&now);
	return rc;
}

int
ncdevice_confirm(device_t *d)
{
	int rc = 0;

	if (d->nc_pending &&
	    (rc = netconf_confirm_commit(d->nc, NULL, &d->err)) != 0)
		return rc;
	d->nc_pending = false;
	d->timer_running = false;
	unlock(d);
	d->state = DEV_CONFIRMED;
	return 0;
}

void
ncdevice_undo(device_t *d)
{
	sg_err_t ignored = SG_ERR_INIT;
	strbuf_t now = STRBUF_INIT(0);
	bool reverted = false;

	if (d->nc != NULL && d->state == DEV_APPLIED && d->nc_candidate) {
		/* not yet confirmed: the device puts running back itself */
		if (d->nc_pending)
			reverted = netconf_cancel_commit(d->nc, NULL,
			    &ignored) == 0;
		else
			reverted = netconf_discard_changes(d->nc,
			    &ignored) == 0;
		unlock(d);
	}
	/*
	 * A dropped session has already been reverted by the device when the
	 * commit was a confirmed one; otherwise, and after a confirm, the
	 * rollback payload is the undo.
	 */
	if (d->nc == NULL && nc_connect(d) != 0) {
		d->state = DEV_UNKNOWN;
		return;
	}
	sg_err_clear(&d->err);
	if (!reverted && read_running(d, &now) == 0 &&
	    (now.len != d->before.len || memcmp(strbuf_str(&now),
	    strbuf_str(&d->before), now.len) != 0) && lock(d) == 0) {
		if (netconf_edit_config(d->nc, target(d), d->undo->data,
		    d->undo->len, NETCONF_MERGE, &ignored) == 0 &&
		    d->nc_candidate)
			(void)netconf_commit(d->nc, false, 0, NULL, &ignored);
		else if (d->nc_candidate)
			(void)netconf_discard_changes(d->nc, &ignored);
		unlock(d);
	}
	strbuf_reset(&now);
	d->state = read_running(d, &now) == 0 && now.len == d->before.len &&
	    memcmp(strbuf_str(&now), strbuf_str(&d->before), now.len) == 0 ?
	    DEV_REVERTED : DEV_UNKNOWN;
	d->timer_running = false;
	strbuf_dispose(&now);
}

void
ncdevice_close(device_t *d)
{
	sg_err_t ignored = SG_ERR_INIT;

	if (d->nc == NULL)
		return;
	unlock(d);
	if (!d->nc_pending)
		(void)netconf_close_session(d->nc, &ignored);
	netconf_free(d->nc);
	d->nc = NULL;
}

void
ncdevice_forget(device_t *d)
{
	netconf_free(d->nc);
	d->nc = NULL;
	d->nc_locked = false;
	d->nc_pending = false;
}
