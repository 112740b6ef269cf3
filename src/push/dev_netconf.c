/*
 * dev_netconf: devices reached over NETCONF.  The managed part is the
 * subtrees the bundle's payload names; "after" is what the device itself
 * makes of the payload in its candidate datastore, read back and thrown
 * away, so the preview is the device's own merge rather than a model of
 * it.  With :candidate the change is edited into the candidate under a
 * lock, committed with confirmed-commit where the device has it (the
 * device reverts a confirmed commit whose session ends before the
 * confirming commit), and confirmed once every device of the push has been
 * read back.  A device with a writable running datastore only gets the
 * edit straight into running, and the rollback payload as its undo.
 */
#include <stdlib.h>
#include <string.h>

#include "push/device_int.h"
#include "push/xmlsem.h"
#include "transport/netconf.h"
#include "transport/xml.h"

#define PAYLOAD_MAX	(16u * 1024 * 1024)

struct ncdev {
	netconf_t	*nc;
	char		*filter;	/* the managed subtrees, as a filter */
	bool		 candidate;	/* edits go to :candidate */
	bool		 locked;
	bool		 pending;	/* a confirmed commit awaits confirming */
};

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

	/*
	 * YANG puts a list's key first; every list spangen writes is keyed
	 * by name (Junos, IOS XE interfaces) or id (IOS XE sessions, VLANs),
	 * so an entry is selected whole and what someone added to it shows.
	 */
	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return xmlStrcmp(c->name, BAD_CAST "name") == 0 ||
			    xmlStrcmp(c->name, BAD_CAST "id") == 0 ? c : NULL;
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
dev_netconf_filter(const char *payload, size_t len, strbuf_t *out,
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

static int
nc_init(device_t *d, bool rollback, sg_err_t *err)
{
	int rc = 0;

	(void)rollback;
	/* the payload is XML; anything else was rendered for review only */
	if (strcmp(d->t->ext, "xml") != 0)
		rc = sg_err_set(err, SG_EINVAL, "%s: pushing over %s is not in "
		    "this build", d->t->name,
		    push_transport_names[d->t->transport]);
	return rc;
}

static netconf_ds_t
target(const struct ncdev *n)
{
	return n->candidate ? NETCONF_CANDIDATE : NETCONF_RUNNING;
}

static bool
can_confirm(const struct ncdev *n)
{
	return netconf_has(n->nc, NETCONF_CAP_CONFIRMED_1_0) ||
	    netconf_has(n->nc, NETCONF_CAP_CONFIRMED_1_1);
}

static void
unlock(struct ncdev *n)
{
	sg_err_t ignored = SG_ERR_INIT;

	if (n->nc != NULL && n->locked)
		(void)netconf_unlock(n->nc, target(n), &ignored);
	n->locked = false;
}

/* Ends the session; a pending confirmed commit is left to time out. */
static void
end_session(struct ncdev *n)
{
	sg_err_t ignored = SG_ERR_INIT;

	if (n->nc != NULL) {
		unlock(n);
		if (!n->pending)
			(void)netconf_close_session(n->nc, &ignored);
		netconf_free(n->nc);
		n->nc = NULL;
	}
}

static int
nc_connect(device_t *d)
{
	struct ncdev *n = d->be;
	netconf_opts_t opts = NETCONF_OPTS_INIT;
	ssh_target_t st;
	int rc;

	end_session(n);
	device_ssh_target(d, &st);
	opts.log = d->log;
	opts.timeout_s = d->o->timeout_s;
	if ((rc = netconf_open(&n->nc, &st, &opts, &d->err)) != 0)
		goto out;
	n->candidate = netconf_has(n->nc, NETCONF_CAP_CANDIDATE);
	if (!n->candidate &&
	    !netconf_has(n->nc, NETCONF_CAP_WRITABLE_RUNNING)) {
		rc = sg_err_set(&d->err, SG_EDEVICE, "%s: the device offers "
		    "neither :candidate nor :writable-running", d->t->name);
		end_session(n);
	}
 out:
	return rc;
}

static int
read_running(device_t *d, strbuf_t *out)
{
	struct ncdev *n = d->be;

	strbuf_reset(out);
	return netconf_get_config(n->nc, NETCONF_RUNNING, n->filter, out,
	    &d->err);
}

static int
lock(device_t *d)
{
	struct ncdev *n = d->be;
	int rc = netconf_lock(n->nc, target(n), &d->err);

	n->locked = rc == 0;
	return rc;
}

/*
 * What the device itself made of the payload, object by object: one that
 * is there and not spangen's stops the push before anything changes.
 */
static int
nc_review(device_t *d)
{
	size_t nforeign = 0;

	strbuf_reset(&d->foreign);
	strbuf_reset(&d->owned);
	if (xml_review(strbuf_str(&d->before), d->before.len,
	    strbuf_str(&d->after), d->after.len, d->owned_in.data != NULL ?
	    d->owned_in.data : "", d->owned_in.len, &d->foreign, &nforeign,
	    &d->owned) != 0)
		return device_fail(d, "review", sg_err_set(&d->err, SG_EDEVICE,
		    "%s: the device's reply is too large or unreadable to tell "
		    "its entries from spangen's, so nothing is changed",
		    d->t->name));
	if (nforeign > 0)
		return device_fail(d, "review", sg_err_set(&d->err, SG_EDEVICE,
		    "%s: %zu entr%s that spangen did not create would be "
		    "changed or removed (listed below); roll back the bundle "
		    "that made %s, or add %s to the switch's in_use and render "
		    "again", d->t->name, nforeign, nforeign == 1 ? "y" : "ies",
		    nforeign == 1 ? "it" : "them", nforeign == 1 ? "its id" :
		    "their ids"));
	d->reviewed = true;
	return 0;
}

static int
nc_preview(device_t *d)
{
	struct ncdev *n = d->be;
	strbuf_t filter = STRBUF_INIT(PAYLOAD_MAX);
	sg_err_t ignored = SG_ERR_INIT;
	int rc;

	if ((rc = dev_netconf_filter(d->change->data, d->change->len, &filter,
	    &d->err)) != 0)
		goto out;
	n->filter = strbuf_detach(&filter, NULL);
	if ((rc = nc_connect(d)) != 0 || (rc = read_running(d, &d->before))
	    != 0)
		goto out;
	strbuf_reset(&d->raw);
	strbuf_add(&d->raw, strbuf_str(&d->before), d->before.len);
	strbuf_reset(&d->after);
	if (!n->candidate) {
		/* no scratch datastore to try the edit in: show the payload */
		strbuf_add(&d->after, d->change->data, d->change->len);
		d->changes = true;
		goto out;
	}
	if ((rc = lock(d)) != 0)
		goto out;
	if ((rc = netconf_edit_config(n->nc, NETCONF_CANDIDATE,
	    d->change->data, d->change->len, NETCONF_MERGE, &d->err)) == 0)
		rc = netconf_get_config(n->nc, NETCONF_CANDIDATE, n->filter,
		    &d->after, &d->err);
	(void)netconf_discard_changes(n->nc, &ignored);
	unlock(n);
	d->changes = rc == 0 && !strbuf_equal(&d->before, &d->after);
	if (d->changes)
		rc = nc_review(d);
 out:
	strbuf_dispose(&filter);
	return rc;
}

static int
nc_apply(device_t *d)
{
	struct ncdev *n = d->be;
	int rc;

	if ((rc = lock(d)) != 0) {
		d->state = DEV_UNCHANGED;
		goto out;
	}
	if ((rc = netconf_edit_config(n->nc, target(n), d->change->data,
	    d->change->len, NETCONF_MERGE, &d->err)) != 0 || !n->candidate)
		goto out;
	/*
	 * No separate <validate>: <commit> validates the candidate anyway, and
	 * netconfd 2.13, the test peer, then committed nothing at all.
	 */
	rc = netconf_commit(n->nc, can_confirm(n),
	    (unsigned int)d->o->confirm_timeout_s, NULL, &d->err);
	n->pending = rc == 0 && can_confirm(n);
	d->timer_running = n->pending;
 out:
	return rc;
}

static int
nc_check(device_t *d)
{
	struct ncdev *n = d->be;
	strbuf_t now = STRBUF_INIT(0);
	int rc;

	if ((rc = read_running(d, &now)) == 0 && n->candidate &&
	    !strbuf_equal(&now, &d->after))
		rc = sg_err_set(&d->err, SG_EDEVICE, "%s: read back after the "
		    "commit, the device does not hold what was intended (see "
		    "its log)", d->t->name);
	if (rc != 0 && d->log != NULL)
		(void)fprintf(d->log, "! read back:\n%s\n! intended:\n%s\n",
		    strbuf_str(&now), strbuf_str(&d->after));
	strbuf_dispose(&now);
	return rc;
}

static int
nc_confirm(device_t *d)
{
	struct ncdev *n = d->be;
	int rc = 0;

	if (n->pending &&
	    (rc = netconf_confirm_commit(n->nc, NULL, &d->err)) != 0)
		goto out;
	n->pending = false;
	d->timer_running = false;
	unlock(n);
 out:
	return rc;
}

static void
nc_undo(device_t *d)
{
	struct ncdev *n = d->be;
	sg_err_t ignored = SG_ERR_INIT;
	strbuf_t now = STRBUF_INIT(0);
	bool reverted = false;

	if (n->nc != NULL && d->state == DEV_APPLIED && n->candidate) {
		/* not yet confirmed: the device puts running back itself */
		if (n->pending)
			reverted = netconf_cancel_commit(n->nc, NULL,
			    &ignored) == 0;
		else
			reverted = netconf_discard_changes(n->nc,
			    &ignored) == 0;
		unlock(n);
	}
	/*
	 * A dropped session has already been reverted by the device when the
	 * commit was a confirmed one; otherwise, and after a confirm, the
	 * rollback payload is the undo.
	 */
	if (n->nc == NULL && nc_connect(d) != 0) {
		d->state = DEV_UNKNOWN;
		goto out;
	}
	sg_err_clear(&d->err);
	if (!reverted && read_running(d, &now) == 0 &&
	    !strbuf_equal(&now, &d->before) && lock(d) == 0) {
		if (netconf_edit_config(n->nc, target(n), d->undo->data,
		    d->undo->len, NETCONF_MERGE, &ignored) == 0 &&
		    n->candidate)
			(void)netconf_commit(n->nc, false, 0, NULL, &ignored);
		else if (n->candidate)
			(void)netconf_discard_changes(n->nc, &ignored);
		unlock(n);
	}
	d->state = read_running(d, &now) == 0 &&
	    strbuf_equal(&now, &d->before) ? DEV_REVERTED : DEV_UNKNOWN;
	d->timer_running = false;
 out:
	strbuf_dispose(&now);
}

/* Drops a session that is gone without talking to the device. */
static void
nc_forget(device_t *d)
{
	struct ncdev *n = d->be;

	netconf_free(n->nc);
	n->nc = NULL;
	n->locked = false;
	n->pending = false;
}

static void
nc_close(device_t *d)
{
	struct ncdev *n = d->be;

	end_session(n);
	free(n->filter);
	n->filter = NULL;
}

/*
 * Without a candidate to try the edit in, "after" is the payload itself,
 * not a configuration: everything it omits would read as removed.
 */
static size_t
nc_summarise(const device_t *d, strbuf_t *out)
{
	const struct ncdev *n = d->be;

	return n->candidate ? xml_semantic(strbuf_str(&d->before),
	    d->before.len, strbuf_str(&d->after), d->after.len, out) : 0;
}

const struct device_ops dev_netconf_ops = {
	.transport = PUSH_TR_NETCONF,
	.be_size = sizeof(struct ncdev),
	.before_file = "before.xml",
	.init = nc_init,
	.preview = nc_preview,
	.apply = nc_apply,
	.check = nc_check,
	.confirm = nc_confirm,
	.undo = nc_undo,
	.forget = nc_forget,
	.close = nc_close,
	.summarise = nc_summarise,
};
