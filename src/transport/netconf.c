/*
 * netconf: one NETCONF session on an SSH subsystem channel.  The session
 * owns its SSH connection, a framer (ncframe) and a read buffer: bytes are
 * read from the channel into rbuf and fed to the framer from rpos, so the
 * bytes after a message stay for the next one (and for the framing chosen
 * after the hellos).
 *
 * Every XML document that enters here goes through xml_parse()
 * (transport/xml.h), which refuses DOCTYPEs and turns libxml2's errors
 * into SG_E* codes.
 *
 * Invariants: once broken is set (I/O, framing or protocol failure) it is
 * the answer to every later call; message-ids increase from 1.
 */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "transport/ncframe.h"
#include "transport/netconf.h"
#include "transport/xml.h"
#include "transport/xmlcanon.h"
#include "util/parse.h"
#include "util/xmalloc.h"

#define READ_SLICE_MS	1000
#define NAME_OP_MAX	64

struct netconf {
	char		*name;
	ssh_conn_t	*conn;
	ssh_shell_t	*sh;
	ncframe_t	*frame;
	FILE		*log;
	size_t		 max;
	int		 timeout_s;
	strbuf_t	 rbuf;		/* read from the channel */
	size_t		 rpos;		/* framed up to here */
	char		**caps;
	size_t		 ncaps;
	uint32_t	 session_id;
	bool		 chunked;
	uint32_t	 last_id;	/* the last message-id sent */
	char		 last_op[NAME_OP_MAX];	/* its operation */
	bool		 nudge;		/* no message since the hellos */
	sg_err_t	 broken;	/* code 0: usable */
};

static const char *const ds_names[] = {
	[NETCONF_RUNNING] = "running",
	[NETCONF_CANDIDATE] = "candidate",
	[NETCONF_STARTUP] = "startup"
};

static const char *const defop_names[] = {
	[NETCONF_MERGE] = "merge",
	[NETCONF_REPLACE] = "replace",
	[NETCONF_NONE] = "none"
};

/*
 * Moves xml past leading whitespace: base:1.0 servers often send a newline
 * after "]]>]]>", which would put the next message's XML declaration
 * after text, where it is not allowed.
 */
static void
skip_blank(const char **xml, size_t *len)
{
	while (*len > 0 && (**xml == ' ' || **xml == '\t' || **xml == '\n' ||
	    **xml == '\r')) {
		(*xml)++;
		(*len)--;
	}
}

static bool
is_nc(const xmlNode *n, const char *local)
{
	return n != NULL && n->type == XML_ELEMENT_NODE && n->ns != NULL &&
	    n->ns->href != NULL &&
	    strcmp((const char *)n->ns->href, NETCONF_BASE_NS) == 0 &&
	    strcmp((const char *)n->name, local) == 0;
}

static xmlNodePtr
nc_child(const xmlNode *parent, const char *local)
{
	xmlNodePtr c;

	for (c = parent->children; c != NULL; c = c->next)
		if (is_nc(c, local))
			return c;
	return NULL;
}

/*
 * The text of n for a one-line message: runs of whitespace become one
 * space, other control characters '?', the ends trimmed.  NULL when n is
 * NULL or the text is empty; free with free().
 */
static char *
one_line(const xmlNode *n)
{
	xmlChar *raw;
	strbuf_t sb = STRBUF_INIT(0);
	const unsigned char *p;
	bool space = false;

	if (n == NULL || (raw = xmlNodeGetContent(n)) == NULL)
		return NULL;
	for (p = raw; *p != '\0'; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			space = true;
			continue;
		}
		if (space && sb.len > 0)
			strbuf_addc(&sb, ' ');
		space = false;
		strbuf_addc(&sb, *p < 0x20 || *p == 0x7f ? '?' : (char)*p);
	}
	xmlFree(raw);
	if (sb.len == 0) {
		strbuf_dispose(&sb);
		return NULL;
	}
	return strbuf_detach(&sb, NULL);
}

/* Appends the root element of doc as XML, without a declaration. */
static void
dump_root(strbuf_t *out, xmlDocPtr doc, xmlNodePtr root)
{
	xmlBufferPtr buf = xmlBufferCreate();

	(void)xmlNodeDump(buf, doc, root, 0, 0);
	strbuf_add(out, xmlBufferContent(buf), (size_t)xmlBufferLength(buf));
	xmlBufferFree(buf);
}

/* ---- rpc-reply ----------------------------------------------------------- */

/* The one line for the first error-severity <rpc-error> in reply. */
static int
rpc_error(const xmlNode *reply, const char *name, const char *op,
    sg_err_t *err)
{
	const xmlNode *c, *first = NULL, *info;
	char *tag = NULL, *path = NULL, *msg = NULL, *sev, *sid = NULL,
	    *bad = NULL;
	strbuf_t line = STRBUF_INIT(0);
	size_t nerr = 0;
	int rc;

	for (c = reply->children; c != NULL; c = c->next) {
		if (!is_nc(c, "rpc-error"))
			continue;
		sev = one_line(nc_child(c, "error-severity"));
		/* warnings do not fail an operation (RFC 6241 4.3) */
		if (sev == NULL || strcmp(sev, "warning") != 0) {
			if (first == NULL)
				first = c;
			nerr++;
		}
		free(sev);
	}
	if (first == NULL)
		return 0;
	tag = one_line(nc_child(first, "error-tag"));
	path = one_line(nc_child(first, "error-path"));
	msg = one_line(nc_child(first, "error-message"));
	if ((info = nc_child(first, "error-info")) != NULL) {
		sid = one_line(nc_child(info, "session-id"));
		bad = one_line(nc_child(info, "bad-element"));
	}
	strbuf_addf(&line, "%s: %s: %s", name, op, tag != NULL ? tag :
	    "rpc-error");
	if (path != NULL)
		strbuf_addf(&line, " at %s", path);
	if (msg != NULL)
		strbuf_addf(&line, ": %s", msg);
	if (tag != NULL && strcmp(tag, "lock-denied") == 0 && sid != NULL)
		strbuf_addf(&line, strcmp(sid, "0") == 0 ? "; lock held "
		    "outside NETCONF (session %s)" : "; lock held by session "
		    "%s", sid);
	if (bad != NULL)
		strbuf_addf(&line, "; bad element '%s'", bad);
	if (nerr > 1)
		strbuf_addf(&line, " (and %zu more errors)", nerr - 1);
	/* a line longer than a message is cut at the end */
	rc = sg_err_set(err, SG_EDEVICE, "%s", line.ptr != NULL ? line.ptr :
	    name);
	free(tag);
	free(path);
	free(msg);
	free(sid);
	free(bad);
	strbuf_dispose(&line);
	return rc;
}

/*
 * Judges a parsed <rpc-reply>: an error line, or its data appended to data
 * (may be NULL) in canonical form, which is what a diff wants and saves
 * writing the data out and parsing it again.
 */
static int
judge_reply(const xmlNode *reply, const char *name, const char *op,
    strbuf_t *data, sg_err_t *err)
{
	xmlNodePtr c, d;
	int rc;

	if ((rc = rpc_error(reply, name, op, err)) != 0)
		return rc;
	if (data == NULL)
		return 0;
	if ((d = nc_child(reply, "data")) != NULL) {
		for (c = d->children; c != NULL; c = c->next)
			if (c->type == XML_ELEMENT_NODE)
				xmlcanon_subtree(data, c);
	} else if (nc_child(reply, "ok") == NULL) {
		for (c = reply->children; c != NULL; c = c->next)
			if (c->type == XML_ELEMENT_NODE &&
			    !is_nc(c, "rpc-error"))
				xmlcanon_subtree(data, c);
	}
	if (strbuf_error(data) != 0)
		return sg_err_set(err, SG_ETOOBIG, "%s: %s: the reply is over "
		    "%zu bytes", name, op, data->max);
	return 0;
}

int
netconf_reply_parse(const char *xml, size_t len, const char *name,
    const char *op, strbuf_t *data, sg_err_t *err)
{
	xmlDocPtr doc = NULL;
	char what[128];
	int rc;

	skip_blank(&xml, &len);
	/* a reply of data alone needs no tree */
	if (data != NULL && xmlcanon_reply_data(xml, len, NETCONF_CANON_MAX,
	    data))
		return strbuf_error(data) != 0 ? sg_err_set(err, SG_ETOOBIG,
		    "%s: %s: the reply is over %zu bytes", name, op,
		    data->max) : 0;
	(void)snprintf(what, sizeof(what), "%s: reply to %s", name, op);
	if ((rc = xml_parse(&doc, what, xml, len, NETCONF_CANON_MAX,
	    XML_PARSE_NOBLANKS, err)) != 0)
		return rc;
	if (!is_nc(xmlDocGetRootElement(doc), "rpc-reply"))
		rc = sg_err_set(err, SG_EIO, "%s: not an <rpc-reply>", what);
	else
		rc = judge_reply(xmlDocGetRootElement(doc), name, op, data,
		    err);
	xmlFreeDoc(doc);
	return rc;
}

/* ---- messages ------------------------------------------------------------ */

static void
log_message(netconf_t *nc, const char *dir, const char *msg, size_t len)
{
	if (nc->log == NULL)
		return;
	(void)fprintf(nc->log, "%s %s (%zu bytes)\n", dir, nc->name, len);
	(void)fwrite(msg, 1, len, nc->log);
	if (len == 0 || msg[len - 1] != '\n')
		(void)fputc('\n', nc->log);
	(void)fflush(nc->log);
}

/* Marks the session unusable with the error just reported. */
static int
broken(netconf_t *nc, int rc, const sg_err_t *err)
{
	if (nc->broken.code == 0)
		(void)sg_err_set(&nc->broken, rc, "%s", err != NULL &&
		    err->code != 0 ? err->msg : "the session broke");
	return rc;
}

static int
send_message(netconf_t *nc, const char *msg, size_t len, sg_err_t *err)
{
	strbuf_t framed = STRBUF_INIT(0);
	sg_err_t e = SG_ERR_INIT;
	int rc;

	if (nc->broken.code != 0)
		return sg_err_set(err, nc->broken.code, "%s", nc->broken.msg);
	if (len > nc->max)
		return sg_err_set(err, SG_ETOOBIG, "%s: a message over %zu "
		    "bytes", nc->name, nc->max);
	if ((rc = ncframe_encode(&framed, nc->chunked ? NCFRAME_CHUNKED :
	    NCFRAME_EOM, msg, len, &e)) != 0) {
		rc = sg_err_set(err, rc, "%s: %s", nc->name, e.msg);
		goto out;
	}
	log_message(nc, ">>> sent to", msg, len);
	if ((rc = ssh_shell_write(nc->sh, framed.ptr, framed.len, &e)) != 0) {
		(void)sg_err_set(err, rc, "%s", e.msg);
		rc = broken(nc, rc, &e);
	}
 out:
	strbuf_dispose(&framed);
	return rc;
}

static double
now_s(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Workaround: netconfd (yuma123 2.13) leaves a chunked message that
 * reaches it in the same read as the client's hello unanswered until more
 * input comes (its relay, netconf-subsystem, joins writes that arrive a few
 * ms apart).
 * When the first reply after the hellos is a second late, this sends that
 * input: a <get-config> with an empty filter, which selects nothing and
 * whose reply is skipped like any other with a message-id not waited for.
 */
static int
nudge(netconf_t *nc, sg_err_t *err)
{
	char rpc[256];

	nc->nudge = false;
	(void)snprintf(rpc, sizeof(rpc), "<?xml version=\"1.0\" encoding=\""
	    "UTF-8\"?>\n<rpc message-id=\"%" PRIu32 "\" xmlns=\""
	    NETCONF_BASE_NS "\"><get-config><source><running/></source>"
	    "<filter type=\"subtree\"/></get-config></rpc>", ++nc->last_id);
	return send_message(nc, rpc, strlen(rpc), err);
}

/* The next whole message; the caller frees *msg. */
static int
read_message(netconf_t *nc, char **msg, size_t *len, sg_err_t *err)
{
	sg_err_t e = SG_ERR_INIT;
	double start = now_s(), deadline = start + nc->timeout_s;
	size_t used;
	int rc;

	*msg = NULL;
	if (nc->broken.code != 0)
		return sg_err_set(err, nc->broken.code, "%s", nc->broken.msg);
	for (;;) {
		if (nc->rpos < nc->rbuf.len) {
			rc = ncframe_feed(nc->frame, nc->rbuf.ptr + nc->rpos,
			    nc->rbuf.len - nc->rpos, &used, &e);
			nc->rpos += used;
			if (rc < 0) {
				(void)sg_err_set(err, rc, "%s", e.msg);
				return broken(nc, rc, &e);
			}
			if (rc == 1)
				break;
			continue;
		}
		strbuf_reset(&nc->rbuf);
		nc->rpos = 0;
		if ((rc = ssh_shell_read(nc->sh, &nc->rbuf, READ_SLICE_MS,
		    &e)) != 0) {
			(void)sg_err_set(err, rc, "%s", e.msg);
			return broken(nc, rc, &e);
		}
		if (nc->rbuf.len > 0)
			deadline = now_s() + nc->timeout_s;
		else if (nc->nudge && now_s() >= start + 1.0 &&
		    (rc = nudge(nc, err)) != 0)
			return rc;
		else if (now_s() >= deadline) {
			(void)sg_err_set(&e, SG_ETIMEOUT, "%s: no answer "
			    "within %d s", nc->name, nc->timeout_s);
			(void)sg_err_set(err, SG_ETIMEOUT, "%s", e.msg);
			return broken(nc, SG_ETIMEOUT, &e);
		}
	}
	*msg = ncframe_take(nc->frame, len);
	nc->nudge = false;
	log_message(nc, "<<< received from", *msg, *len);
	return 0;
}

/* ---- hello --------------------------------------------------------------- */

static int
send_hello(netconf_t *nc, bool base10_only, sg_err_t *err)
{
	strbuf_t sb = STRBUF_INIT(0);
	int rc;

	strbuf_adds(&sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<hello xmlns=\"" NETCONF_BASE_NS "\"><capabilities>"
	    "<capability>" NETCONF_BASE_1_0 "</capability>");
	if (!base10_only)
		strbuf_adds(&sb, "<capability>" NETCONF_BASE_1_1
		    "</capability>");
	strbuf_adds(&sb, "</capabilities></hello>");
	rc = send_message(nc, sb.ptr, sb.len, err);
	strbuf_dispose(&sb);
	return rc;
}

static int
parse_hello(netconf_t *nc, const char *msg, size_t len, sg_err_t *err)
{
	xmlDocPtr doc = NULL;
	xmlNodePtr root, caps, c;
	char what[128], *sid = NULL, *cap;
	sg_err_t e = SG_ERR_INIT;
	size_t n = 0;
	int rc;

	(void)snprintf(what, sizeof(what), "%s: server hello", nc->name);
	skip_blank(&msg, &len);
	/* a server that does not speak XML is not a NETCONF server */
	if ((rc = xml_parse(&doc, what, msg, len, nc->max, XML_PARSE_NOBLANKS,
	    &e)) != 0)
		return sg_err_set(err, rc == SG_ETOOBIG ? rc : SG_EIO, "%s",
		    e.msg);
	root = xmlDocGetRootElement(doc);
	if (!is_nc(root, "hello") ||
	    (caps = nc_child(root, "capabilities")) == NULL) {
		rc = sg_err_set(err, SG_EIO, "%s: the server did not start "
		    "with a NETCONF <hello>", nc->name);
		goto out;
	}
	for (c = caps->children; c != NULL; c = c->next)
		n += is_nc(c, "capability");
	nc->caps = xcalloc(n + 1, sizeof(*nc->caps));
	for (c = caps->children; c != NULL; c = c->next)
		if (is_nc(c, "capability") && (cap = one_line(c)) != NULL)
			nc->caps[nc->ncaps++] = cap;
	sid = one_line(nc_child(root, "session-id"));
	if (sid == NULL || parse_u32(sid, UINT32_MAX, &nc->session_id) != 0 ||
	    nc->session_id == 0) {
		rc = sg_err_set(err, SG_EIO, "%s: the server hello has no "
		    "valid session-id", nc->name);
		goto out;
	}
 out:
	free(sid);
	xmlFreeDoc(doc);
	return rc;
}

int
netconf_open(netconf_t **out, const ssh_target_t *t,
    const netconf_opts_t *opts, sg_err_t *err)
{
	static const netconf_opts_t defaults = NETCONF_OPTS_INIT;
	netconf_t *nc;
	char *msg = NULL;
	size_t len;
	int rc;

	*out = NULL;
	if (opts == NULL)
		opts = &defaults;
	nc = xcalloc(1, sizeof(*nc));
	nc->name = xstrdup(t->name);
	nc->log = opts->log;
	nc->max = opts->max_message != 0 ? opts->max_message :
	    NETCONF_MESSAGE_MAX;
	nc->timeout_s = opts->timeout_s > 0 ? opts->timeout_s : 60;
	nc->frame = ncframe_new(t->name, nc->max);
	strbuf_init(&nc->rbuf, 0);
	if ((rc = ssh_conn_open(&nc->conn, t, err)) != 0 ||
	    (rc = ssh_shell_open_subsystem(&nc->sh, nc->conn, "netconf",
	    err)) != 0)
		goto out;
	/* both sides send a hello at once (RFC 6241 8.1) */
	if ((rc = send_hello(nc, opts->base10_only, err)) != 0 ||
	    (rc = read_message(nc, &msg, &len, err)) != 0 ||
	    (rc = parse_hello(nc, msg, len, err)) != 0)
		goto out;
	if (!netconf_has(nc, NETCONF_BASE_1_0) &&
	    (opts->base10_only || !netconf_has(nc, NETCONF_BASE_1_1))) {
		rc = sg_err_set(err, SG_EIO, "%s: no common NETCONF version: "
		    "the server offers %s", nc->name, netconf_has(nc,
		    NETCONF_BASE_1_1) ? "only base:1.1, and base:1.0 was "
		    "asked for" : "neither base:1.0 nor base:1.1");
		goto out;
	}
	if (!opts->base10_only && netconf_has(nc, NETCONF_BASE_1_1)) {
		/* RFC 6242 4.1: chunked from the first message after hellos */
		nc->chunked = true;
		nc->nudge = true;
		ncframe_set_mode(nc->frame, NCFRAME_CHUNKED);
	}
	/* success */
	*out = nc;
	nc = NULL;
 out:
	free(msg);
	netconf_free(nc);
	return rc;
}

void
netconf_free(netconf_t *nc)
{
	size_t i;

	if (nc == NULL)
		return;
	ssh_shell_close(nc->sh);
	ssh_conn_close(nc->conn);
	ncframe_free(nc->frame);
	strbuf_dispose(&nc->rbuf);
	for (i = 0; i < nc->ncaps; i++)
		free(nc->caps[i]);
	free(nc->caps);
	free(nc->name);
	free(nc);
}

bool
netconf_has(const netconf_t *nc, const char *cap)
{
	size_t i, n = strlen(cap);

	for (i = 0; i < nc->ncaps; i++)
		if (strncmp(nc->caps[i], cap, n) == 0 &&
		    (nc->caps[i][n] == '\0' || nc->caps[i][n] == '?'))
			return true;
	return false;
}

size_t
netconf_ncaps(const netconf_t *nc)
{
	return nc->ncaps;
}

const char *
netconf_cap(const netconf_t *nc, size_t i)
{
	return i < nc->ncaps ? nc->caps[i] : NULL;
}

uint32_t
netconf_session_id(const netconf_t *nc)
{
	return nc->session_id;
}

bool
netconf_chunked(const netconf_t *nc)
{
	return nc->chunked;
}

/* ---- RPCs ---------------------------------------------------------------- */

int
netconf_rpc_send(netconf_t *nc, const char *op, uint32_t *msgid,
    sg_err_t *err)
{
	strbuf_t sb = STRBUF_INIT(0);
	xmlDocPtr doc = NULL;
	xmlNodePtr c, first = NULL;
	char what[128];
	size_t nops = 0;
	uint32_t id = nc->last_id + 1;
	int rc;

	*msgid = 0;
	strbuf_addf(&sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<rpc message-id=\"%" PRIu32 "\" xmlns=\"" NETCONF_BASE_NS "\">",
	    id);
	strbuf_adds(&sb, op);
	strbuf_adds(&sb, "</rpc>");
	/*
	 * Checked before it leaves: malformed XML, or text that closes the
	 * operation early and adds another, must not reach a device.
	 */
	(void)snprintf(what, sizeof(what), "%s: rpc", nc->name);
	if ((rc = xml_parse(&doc, what, sb.ptr, sb.len, nc->max, 0, err)) != 0)
		goto out;
	for (c = xmlDocGetRootElement(doc)->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE && nops++ == 0)
			first = c;
	if (nops != 1) {
		rc = sg_err_set(err, SG_EINVAL, "%s: an rpc needs exactly one "
		    "operation, not %zu", nc->name, nops);
		goto out;
	}
	if ((rc = send_message(nc, sb.ptr, sb.len, err)) != 0)
		goto out;
	/* success */
	nc->last_id = id;
	(void)snprintf(nc->last_op, sizeof(nc->last_op), "%s",
	    (const char *)first->name);
	*msgid = id;
 out:
	xmlFreeDoc(doc);
	strbuf_dispose(&sb);
	return rc;
}

int
netconf_rpc_wait(netconf_t *nc, uint32_t msgid, strbuf_t *data,
    sg_err_t *err)
{
	xmlDocPtr doc = NULL;
	xmlNodePtr root;
	xmlChar *idattr;
	char *msg = NULL, what[128];
	const char *text, *op = msgid == nc->last_id ? nc->last_op : "rpc";
	uint32_t got;
	size_t len;
	bool ours;
	sg_err_t e = SG_ERR_INIT;
	int rc;

	(void)snprintf(what, sizeof(what), "%s: reply to %s", nc->name, op);
	for (;;) {
		if ((rc = read_message(nc, &msg, &len, err)) != 0)
			break;
		text = msg;
		skip_blank(&text, &len);
		if ((rc = xml_parse(&doc, what, text, len, nc->max,
		    XML_PARSE_NOBLANKS, &e)) != 0) {
			/* which request this answered is lost with it */
			rc = sg_err_set(err, rc == SG_ETOOBIG ? rc : SG_EIO,
			    "%s", e.msg);
			rc = broken(nc, rc, &e);
			break;
		}
		free(msg);
		msg = NULL;
		root = xmlDocGetRootElement(doc);
		ours = false;
		if (is_nc(root, "rpc-reply")) {
			/*
			 * A server that cannot parse an rpc may answer without
			 * a message-id; with one rpc in flight it is ours.
			 */
			idattr = xmlGetNoNsProp(root,
			    (const xmlChar *)"message-id");
			ours = idattr == NULL || (parse_u32((const char *)
			    idattr, UINT32_MAX, &got) == 0 && got == msgid);
			xmlFree(idattr);
		}
		/* notifications and stale replies are in the log; skip them */
		if (ours) {
			rc = judge_reply(root, nc->name, op, data, err);
			break;
		}
		xmlFreeDoc(doc);
		doc = NULL;
	}
	free(msg);
	xmlFreeDoc(doc);
	return rc;
}

int
netconf_rpc(netconf_t *nc, const char *op, strbuf_t *data, sg_err_t *err)
{
	uint32_t id;
	int rc;

	if ((rc = netconf_rpc_send(nc, op, &id, err)) != 0)
		return rc;
	return netconf_rpc_wait(nc, id, data, err);
}

static int
simple_rpc(netconf_t *nc, const char *op, sg_err_t *err)
{
	return netconf_rpc(nc, op, NULL, err);
}

int
netconf_lock(netconf_t *nc, netconf_ds_t target, sg_err_t *err)
{
	char op[96];

	(void)snprintf(op, sizeof(op), "<lock><target><%s/></target></lock>",
	    ds_names[target]);
	return simple_rpc(nc, op, err);
}

int
netconf_unlock(netconf_t *nc, netconf_ds_t target, sg_err_t *err)
{
	char op[96];

	(void)snprintf(op, sizeof(op), "<unlock><target><%s/></target>"
	    "</unlock>", ds_names[target]);
	return simple_rpc(nc, op, err);
}

int
netconf_get_config(netconf_t *nc, netconf_ds_t source, const char *filter,
    strbuf_t *out, sg_err_t *err)
{
	strbuf_t op = STRBUF_INIT(0);
	int rc;

	strbuf_addf(&op, "<get-config><source><%s/></source>",
	    ds_names[source]);
	if (filter != NULL)
		strbuf_addf(&op, "<filter type=\"subtree\">%s</filter>",
		    filter);
	strbuf_adds(&op, "</get-config>");
	rc = netconf_rpc(nc, op.ptr, out, err);
	strbuf_dispose(&op);
	return rc;
}

/*
 * The <config> element for a rendered payload: its root, wrapped unless it
 * is a <config> already.  A root in no namespace would otherwise fall into
 * the NETCONF one declared on <rpc>, so it undeclares the default.
 */
static int
config_element(strbuf_t *out, const char *name, const char *config,
    size_t len, size_t max, sg_err_t *err)
{
	xmlDocPtr doc = NULL;
	xmlNodePtr root;
	xmlNsPtr ns;
	char what[128];
	bool wrap;
	int rc;

	(void)snprintf(what, sizeof(what), "%s: config payload", name);
	if ((rc = xml_parse(&doc, what, config, len, max, 0, err)) != 0)
		return rc;
	root = xmlDocGetRootElement(doc);
	wrap = !is_nc(root, "config");
	if (root->ns == NULL) {
		for (ns = root->nsDef; ns != NULL && ns->prefix != NULL;
		    ns = ns->next)
			;
		if (ns == NULL)
			(void)xmlNewNs(root, (const xmlChar *)"", NULL);
	}
	if (wrap)
		strbuf_adds(out, "<config>");
	dump_root(out, doc, root);
	if (wrap)
		strbuf_adds(out, "</config>");
	xmlFreeDoc(doc);
	return 0;
}

int
netconf_edit_config(netconf_t *nc, netconf_ds_t target, const char *config,
    size_t len, netconf_defop_t defop, sg_err_t *err)
{
	strbuf_t op = STRBUF_INIT(0);
	int rc;

	strbuf_addf(&op, "<edit-config><target><%s/></target>"
	    "<default-operation>%s</default-operation>", ds_names[target],
	    defop_names[defop]);
	if (netconf_has(nc, NETCONF_CAP_ROLLBACK_ON_ERROR))
		strbuf_adds(&op, "<error-option>rollback-on-error"
		    "</error-option>");
	if ((rc = config_element(&op, nc->name, config, len, nc->max,
	    err)) == 0) {
		strbuf_adds(&op, "</edit-config>");
		rc = netconf_rpc(nc, op.ptr, NULL, err);
	}
	strbuf_dispose(&op);
	return rc;
}

int
netconf_validate(netconf_t *nc, netconf_ds_t source, sg_err_t *err)
{
	char op[96];

	(void)snprintf(op, sizeof(op), "<validate><source><%s/></source>"
	    "</validate>", ds_names[source]);
	return simple_rpc(nc, op, err);
}

int
netconf_commit(netconf_t *nc, bool confirmed, unsigned int confirm_timeout_s,
    const char *persist, sg_err_t *err)
{
	strbuf_t op = STRBUF_INIT(0);
	int rc;

	if (confirmed && !netconf_has(nc, NETCONF_CAP_CONFIRMED_1_0) &&
	    !netconf_has(nc, NETCONF_CAP_CONFIRMED_1_1))
		return sg_err_set(err, SG_EDEVICE, "%s: the device does not "
		    "support confirmed commits (:confirmed-commit)", nc->name);
	if (confirmed && persist != NULL &&
	    !netconf_has(nc, NETCONF_CAP_CONFIRMED_1_1))
		return sg_err_set(err, SG_EDEVICE, "%s: the device does not "
		    "support persistent confirmed commits "
		    "(:confirmed-commit:1.1)", nc->name);
	strbuf_adds(&op, confirmed ? "<commit>" : "<commit/>");
	if (confirmed) {
		strbuf_adds(&op, "<confirmed/>");
		if (confirm_timeout_s > 0)
			strbuf_addf(&op, "<confirm-timeout>%u"
			    "</confirm-timeout>", confirm_timeout_s);
		if (persist != NULL) {
			strbuf_adds(&op, "<persist>");
			strbuf_add_xml(&op, persist);
			strbuf_adds(&op, "</persist>");
		}
		strbuf_adds(&op, "</commit>");
	}
	rc = simple_rpc(nc, op.ptr, err);
	strbuf_dispose(&op);
	return rc;
}

/* <commit> or <cancel-commit> with an optional <persist-id>. */
static int
persist_rpc(netconf_t *nc, const char *verb, const char *persist_id,
    sg_err_t *err)
{
	strbuf_t op = STRBUF_INIT(0);
	int rc;

	if (persist_id == NULL) {
		strbuf_addf(&op, "<%s/>", verb);
	} else {
		strbuf_addf(&op, "<%s><persist-id>", verb);
		strbuf_add_xml(&op, persist_id);
		strbuf_addf(&op, "</persist-id></%s>", verb);
	}
	rc = simple_rpc(nc, op.ptr, err);
	strbuf_dispose(&op);
	return rc;
}

int
netconf_confirm_commit(netconf_t *nc, const char *persist_id, sg_err_t *err)
{
	return persist_rpc(nc, "commit", persist_id, err);
}

int
netconf_cancel_commit(netconf_t *nc, const char *persist_id, sg_err_t *err)
{
	if (!netconf_has(nc, NETCONF_CAP_CONFIRMED_1_1))
		return sg_err_set(err, SG_EDEVICE, "%s: the device cannot "
		    "cancel a confirmed commit (:confirmed-commit:1.1)",
		    nc->name);
	return persist_rpc(nc, "cancel-commit", persist_id, err);
}

int
netconf_discard_changes(netconf_t *nc, sg_err_t *err)
{
	return simple_rpc(nc, "<discard-changes/>", err);
}

int
netconf_close_session(netconf_t *nc, sg_err_t *err)
{
	sg_err_t closed = SG_ERR_INIT;
	int rc;

	if ((rc = simple_rpc(nc, "<close-session/>", err)) != 0)
		return rc;
	(void)sg_err_set(&closed, SG_EIO, "%s: the NETCONF session is "
	    "closed", nc->name);
	(void)broken(nc, SG_EIO, &closed);
	return 0;
}

/* ---- canonical form ------------------------------------------------------ */

int
netconf_canon(const char *xml, size_t len, strbuf_t *out, sg_err_t *err)
{
	xmlDocPtr doc = NULL;
	size_t i;
	int rc;

	if (len > NETCONF_CANON_MAX)
		return sg_err_set(err, SG_ETOOBIG, "xml: a document over %zu "
		    "bytes", (size_t)NETCONF_CANON_MAX);
	for (i = 0; i < len; i++)
		if (xml[i] != ' ' && xml[i] != '\t' && xml[i] != '\n' &&
		    xml[i] != '\r')
			break;
	if (i == len)
		return 0;
	if ((rc = xml_parse(&doc, "xml", xml, len, NETCONF_CANON_MAX,
	    XML_PARSE_NOBLANKS | XML_PARSE_NOCDATA, err)) != 0)
		return rc;
	xmlcanon_element(out, xmlDocGetRootElement(doc));
	xmlFreeDoc(doc);
	if (strbuf_error(out) != 0)
		return sg_err_set(err, SG_ETOOBIG, "xml: the canonical form is "
		    "over %zu bytes", out->max);
	return 0;
}
