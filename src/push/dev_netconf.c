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
#include "util/udiff.h"

#define PAYLOAD_MAX	(16u * 1024 * 1024)

struct ncdev {
	netconf_t	*nc;
	char		*filter;	/* the managed subtrees, as a filter */
	bool		 candidate;	/* edits go to :candidate */
	bool		 locked;
	bool		 pending;	/* a confirmed commit awaits confirming */
	bool		 rollback;
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

/* ---- the exact inverse -------------------------------------------------- */

/* The key leaf of a list entry (its first element, name or id), or NULL. */
static xmlNodePtr
entry_key(xmlNodePtr n)
{
	xmlNodePtr c;

	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return (xmlStrcmp(c->name, BAD_CAST "name") == 0 ||
			    xmlStrcmp(c->name, BAD_CAST "id") == 0) &&
			    c->children != NULL && c->children->type ==
			    XML_TEXT_NODE && c->children->next == NULL ? c :
			    NULL;
	return NULL;
}

static bool
same_name(xmlNodePtr a, xmlNodePtr b)
{
	return xmlStrcmp(a->name, b->name) == 0 && (a->ns == NULL) ==
	    (b->ns == NULL) && (a->ns == NULL ||
	    xmlStrcmp(a->ns->href, b->ns->href) == 0);
}

/* The element under parent that p stands for: same name, same key. */
static xmlNodePtr
counterpart(xmlNodePtr parent, xmlNodePtr p)
{
	xmlNodePtr c, pk = entry_key(p), ck;
	xmlChar *pv, *cv;
	bool same;

	for (c = parent != NULL ? parent->children : NULL; c != NULL;
	    c = c->next) {
		if (c->type != XML_ELEMENT_NODE || !same_name(c, p))
			continue;
		if (pk == NULL)
			return c;
		if ((ck = entry_key(c)) == NULL ||
		    xmlStrcmp(ck->name, pk->name) != 0)
			continue;
		pv = xmlNodeGetContent(pk);
		cv = xmlNodeGetContent(ck);
		same = pv != NULL && cv != NULL && xmlStrcmp(pv, cv) == 0;
		xmlFree(pv);
		xmlFree(cv);
		if (same)
			return c;
	}
	return NULL;
}

static void
set_operation(xmlNodePtr n, xmlNsPtr nc, const char *op)
{
	(void)xmlSetNsProp(n, nc, BAD_CAST "operation", BAD_CAST op);
}

/*
 * Under out, what puts each element of the payload under p back as the
 * device had it under b: a list entry or leaf that was there is replaced
 * by its old copy, one that was not is removed; containers are walked.
 */
static void
invert(xmlDocPtr doc, xmlNsPtr nc, xmlNodePtr p, xmlNodePtr b,
    xmlNodePtr out)
{
	xmlNodePtr c, was, o, key;

	for (c = p->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		was = counterpart(b, c);
		key = entry_key(c);
		if (key != NULL || c->children == NULL ||
		    c->children->type == XML_TEXT_NODE) {
			if (was != NULL)
				o = xmlDocCopyNode(was, doc, 1);
			else {
				/* the element and its key, not its content */
				o = xmlDocCopyNode(c, doc, 2);
				if (key != NULL)
					(void)xmlAddChild(o,
					    xmlDocCopyNode(key, doc, 1));
			}
			(void)xmlUnsetNsProp(o, nc, BAD_CAST "operation");
			set_operation(o, nc, was != NULL ? "replace" :
			    "remove");
			(void)xmlAddChild(out, o);
			continue;
		}
		o = xmlDocCopyNode(c, doc, 2);
		(void)xmlUnsetNsProp(o, nc, BAD_CAST "operation");
		(void)xmlAddChild(out, o);
		invert(doc, nc, c, was, o);
		if (o->children == NULL) {
			xmlUnlinkNode(o);
			xmlFreeNode(o);
		}
	}
}

int
dev_netconf_inverse(const char *payload, size_t plen, const char *before,
    size_t blen, strbuf_t *out, sg_err_t *err)
{
	strbuf_t data = STRBUF_INIT(0);
	xmlDocPtr pd = NULL, bd = NULL, od = NULL;
	xmlNodePtr proot, broot, oroot;
	xmlBufferPtr buf = NULL;
	xmlNsPtr nc;
	int rc;

	strbuf_adds(&data, "<data>");
	strbuf_add(&data, before, blen);
	strbuf_adds(&data, "</data>");
	if ((rc = xml_parse(&pd, "the NETCONF payload", payload, plen,
	    PAYLOAD_MAX, XML_PARSE_NOBLANKS, err)) != 0 ||
	    (rc = xml_parse(&bd, "the device's configuration",
	    strbuf_str(&data), data.len, PAYLOAD_MAX + 64, XML_PARSE_NOBLANKS,
	    err)) != 0)
		goto out;
	proot = xmlDocGetRootElement(pd);
	broot = xmlDocGetRootElement(bd);
	od = xmlNewDoc(BAD_CAST "1.0");
	oroot = xmlDocCopyNode(proot, od, 2);
	(void)xmlDocSetRootElement(od, oroot);
	if ((nc = xmlSearchNsByHref(od, oroot, BAD_CAST NETCONF_BASE_NS)) ==
	    NULL)
		nc = xmlNewNs(oroot, BAD_CAST NETCONF_BASE_NS, BAD_CAST "nc");
	invert(od, nc, proot, counterpart(broot, proot), oroot);
	if ((buf = xmlBufferCreate()) == NULL ||
	    xmlNodeDump(buf, od, oroot, 0, 0) < 0) {
		rc = sg_err_set(err, SG_EINVAL, "cannot write the inverse");
		goto out;
	}
	/*
	 * Copies carry their own namespace declarations; read once more
	 * with those that repeat an outer one dropped, and written again.
	 */
	xmlFreeDoc(od);
	od = NULL;
	if ((rc = xml_parse(&od, "the inverse", (const char *)
	    xmlBufferContent(buf), (size_t)xmlBufferLength(buf), PAYLOAD_MAX * 2,
	    XML_PARSE_NOBLANKS | XML_PARSE_NSCLEAN, err)) != 0)
		goto out;
	xmlBufferEmpty(buf);
	if (xmlNodeDump(buf, od, xmlDocGetRootElement(od), 0, 0) < 0)
		rc = sg_err_set(err, SG_EINVAL, "cannot write the inverse");
	else
		strbuf_add(out, xmlBufferContent(buf),
		    (size_t)xmlBufferLength(buf));
 out:
	xmlBufferFree(buf);
	xmlFreeDoc(pd);
	xmlFreeDoc(bd);
	xmlFreeDoc(od);
	strbuf_dispose(&data);
	return rc;
}

static int
nc_init(device_t *d, bool rollback, sg_err_t *err)
{
	struct ncdev *n = d->be;
	int rc = 0;

	n->rollback = rollback;
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
		return device_refuse_foreign(d, nforeign);
	d->reviewed = true;
	return 0;
}

/*
 * A bundle rendered around what the device held (render --live) is stale
 * once the sessions the change touches differ from that.  Nothing to
 * change means this bundle is in already, which is no staleness.
 */
static int
nc_stale(device_t *d)
{
	const push_text_t *seen = &d->t->observed;
	const char *snap = seen->data, *nl;
	size_t slen = seen->len;
	int stale;

	if (snap == NULL)
		return 0;
	/* the snapshot's first line says when and where it was read */
	if (strncmp(snap, "! spangen:", 10) == 0 &&
	    (nl = memchr(snap, '\n', slen)) != NULL) {
		slen -= (size_t)(nl + 1 - snap);
		snap = nl + 1;
	}
	stale = xml_changed_since(snap, slen, strbuf_str(&d->before),
	    d->before.len, strbuf_str(&d->after), d->after.len,
	    "native/monitor/");
	if (stale == 0)
		return 0;
	return device_refuse_stale(d, snap, slen, strbuf_str(&d->before),
	    d->before.len);
}

/*
 * The exact inverse of the change, tried on the device itself: entered
 * into the candidate after the change, it must give back what running
 * holds, or the change is refused (nothing could take it back).
 */
static int
nc_exact(device_t *d)
{
	struct ncdev *n = d->be;
	strbuf_t back = STRBUF_INIT(PAYLOAD_MAX);
	int rc;

	strbuf_reset(&d->inverse);
	if ((rc = dev_netconf_inverse(d->change->data, d->change->len,
	    strbuf_str(&d->before), d->before.len, &d->inverse, &d->err)) != 0)
		return device_fail(d, "review", rc);
	if ((rc = netconf_edit_config(n->nc, NETCONF_CANDIDATE,
	    strbuf_str(&d->inverse), d->inverse.len, NETCONF_MERGE,
	    &d->err)) == 0 && (rc = netconf_get_config(n->nc,
	    NETCONF_CANDIDATE, n->filter, &back, &d->err)) == 0 &&
	    !strbuf_equal(&back, &d->before)) {
		rc = sg_err_set(&d->err, SG_EDEVICE, "%s: cannot work out how "
		    "to put the device back as it is now (its candidate after "
		    "the change and its inverse is not what running holds), so "
		    "it is not changed", d->t->name);
		strbuf_reset(&d->foreign);
		(void)udiff(&d->foreign, "running", strbuf_str(&d->before),
		    d->before.len, "change and inverse", strbuf_str(&back),
		    back.len, 2, false);
	}
	strbuf_dispose(&back);
	if (rc != 0)
		return device_fail(d, "review", rc);
	d->exact.data = d->inverse.ptr;
	d->exact.len = d->inverse.len;
	d->undo = &d->exact;
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
	if (d->o->read_only)
		goto out;
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
	d->changes = rc == 0 && !strbuf_equal(&d->before, &d->after);
	if (d->changes && !n->rollback)
		rc = nc_stale(d);
	if (d->changes && rc == 0 && (rc = nc_review(d)) == 0 && !n->rollback)
		rc = nc_exact(d);
	(void)netconf_discard_changes(n->nc, &ignored);
	unlock(n);
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
