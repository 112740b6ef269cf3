/*
 * observe: see observe.h.  A printout is read into cfgtree's tree, so the
 * names, lists and ranges a switch prints mean what they mean to push.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "push/cfgreview.h"
#include "push/cfgtree_int.h"
#include "push/device_int.h"
#include "push/observe.h"
#include "transport/xml.h"
#include "util/file.h"
#include "util/parse.h"
#include "util/xmalloc.h"

#define SESSION_MAX	65535
#define PRINTOUT_MAX	(32u * 1024 * 1024)

struct observation {
	arena_t			 arena;
	arena_t			*arenas;	/* one per switch read: threads */
	size_t			 narenas;
	plan_observed_t		**list;
	size_t			 n;
};

/* One switch to read, and where its result goes. */
struct job {
	const inventory_t	*inv;
	const observe_opts_t	*o;
	size_t			 sw;
	arena_t			*arena;		/* the job's own: threads */
	plan_observed_t		*out;
};

/* ---- the filter --------------------------------------------------------- */

static bool
kept_entry(const char *s, size_t len)
{
	static const char *const heads[] = { "interface ", "vlan ",
	    "monitor ", "mirror " };
	size_t i;

	for (i = 0; i < sizeof(heads) / sizeof(heads[0]); i++)
		if (starts(s, len, heads[i]))
			return true;
	return false;
}

/* Whether a word of the line names a secret. */
static bool
holds_secret(const char *s, size_t len)
{
	static const char *const words[] = { "key", "key-string",
	    "password", "secret", "community", "authentication-key",
	    "md5", "sha" };
	const char *p = s, *end = s + len, *w;
	size_t i, n;

	while (p < end) {
		while (p < end && *p == ' ')
			p++;
		for (w = p; p < end && *p != ' '; p++)
			continue;
		n = (size_t)(p - w);
		for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
			if (n == strlen(words[i]) && strncasecmp(w, words[i],
			    n) == 0)
				return true;
	}
	return false;
}

void
observe_filter(const char *text, size_t len, strbuf_t *out)
{
	const char *p = text, *end = text + len, *nl, *s;
	bool keep = false;
	size_t n;

	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		n = (size_t)(nl - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (n == 0)
			continue;
		if (*p != ' ')
			keep = kept_entry(p, n);
		for (s = p; s < p + n && *s == ' '; s++)
			continue;
		if (!keep || *s == '!' || holds_secret(p, n))
			continue;
		strbuf_add(out, p, n);
		strbuf_addc(out, '\n');
	}
}

/* ---- the facts ---------------------------------------------------------- */

/* The ids set in on[1..max] as ranges, each run one range. */
static void
to_ranges(arena_t *a, const bool *on, uint32_t max, ranges_t *r)
{
	uint32_t i, runs = 0;

	for (i = 1; i <= max; i++)
		runs += on[i] && (i == 1 || !on[i - 1]);
	r->v = arena_array(a, runs + 1, sizeof(*r->v));
	r->n = 0;
	for (i = 1; i <= max; i++) {
		if (!on[i])
			continue;
		if (i == 1 || !on[i - 1])
			r->v[r->n++].lo = i;
		r->v[r->n - 1].hi = i;
	}
}

/* The port a session's destination line names, or NULL. */
static const char *
dest_port(cfg_dialect_t d, const node_t *parent, const node_t *n,
    arena_t *a)
{
	bool source;
	size_t at = ct_mirror_ports(d, parent, n->btext, n->blen, &source), e;

	if (at == 0 || source)
		return NULL;
	for (e = at; e < n->blen && n->btext[e] != ' '; e++)
		continue;
	return arena_strndup(a, n->btext + at, e - at);
}

/* The ids of the "erspan-id N" lines in a session's block, nested or not. */
static void
note_erspan_ids(const node_t *n, bool *ids)
{
	uint32_t id;
	size_t i;

	for (i = 0; i < n->nkids; i++) {
		const node_t *k = n->kids[i];

		if (k->btext != NULL && starts(k->btext, k->blen, "erspan-id ") &&
		    parse_u32(k->btext + 10, 1023, &id) == 0)
			ids[id] = true;
		note_erspan_ids(k, ids);
	}
}

static void
note_dest(plan_observed_t *o, strmap_t *ports, const char *port,
    const char *key, uint32_t id)
{
	size_t i;

	if (port == NULL || !strmap_get(ports, port, &i) ||
	    o->ports[i].dest_of != NULL)
		return;
	o->ports[i].dest_of = key;
	o->ports[i].dest_of_id = id;
}

void
observe_parse(cfg_dialect_t d, const char *text, size_t len, arena_t *a,
    plan_observed_t *o)
{
	bool *sess = xcalloc(SESSION_MAX + 1, sizeof(*sess));
	bool vlans[VLAN_MAX + 1], erspan[1024];
	strmap_t ports = STRMAP_INIT;
	struct tree t;
	strbuf_t lines = STRBUF_INIT(0);
	const node_t *n;
	const char *key;
	size_t i, k, sp, np = 0;
	uint32_t id, v;
	vset_t vs;

	memset(vlans, 0, sizeof(vlans));
	memset(erspan, 0, sizeof(erspan));
	ct_tree_init(&t, d);
	(void)ct_read_text(&t, text, len, true, NULL);
	for (i = 0; i < t.root.nkids; i++)
		np += starts(t.root.kids[i]->btext, t.root.kids[i]->blen,
		    "interface ");
	o->ports = arena_array(a, np + 1, sizeof(*o->ports));
	o->nports = 0;
	o->ports_known = true;
	for (i = 0; i < t.root.nkids; i++) {
		n = t.root.kids[i];
		if (!starts(n->btext, n->blen, "interface ") || n->blen < 11)
			continue;
		strbuf_reset(&lines);
		for (k = 0; k < n->nkids; k++) {
			strbuf_add(&lines, n->kids[k]->btext,
			    n->kids[k]->blen);
			strbuf_addc(&lines, '\n');
		}
		o->ports[o->nports].name = arena_strndup(a, n->btext + 10,
		    n->blen - 10);
		o->ports[o->nports].lines = arena_strndup(a,
		    strbuf_str(&lines), lines.len);
		o->ports[o->nports].dest_of = NULL;
		o->ports[o->nports].dest_of_id = PLAN_NO_ID;
		(void)strmap_add(&ports, o->ports[o->nports].name, o->nports);
		o->nports++;
	}
	for (i = 0; i < t.root.nkids; i++) {
		n = t.root.kids[i];
		if (starts(n->btext, n->blen, "vlan ") &&
		    ct_vset_parse(&vs, n->btext + 5, n->blen - 5) == 0 &&
		    !ct_vlan_marked(n)) {
			for (v = 1; v <= VLAN_MAX; v++)
				vlans[v] |= ct_vset_has(&vs, v);
			continue;
		}
		if ((sp = ct_session_prefix(n->btext, n->blen)) == 0)
			continue;
		key = arena_strndup(a, n->btext, sp);
		if (parse_u32(strrchr(key, ' ') + 1, SESSION_MAX, &id) != 0)
			id = PLAN_NO_ID;
		/* spangen's own sessions are the plan's to reuse */
		if (!ct_session_marked(d, n, key)) {
			if (id != PLAN_NO_ID)
				sess[id] = true;
			note_erspan_ids(n, erspan);
		}
		note_dest(o, &ports, dest_port(d, &t.root, n, a), key, id);
		for (k = 0; k < n->nkids; k++)
			note_dest(o, &ports, dest_port(d, n, n->kids[k], a),
			    key, id);
	}
	to_ranges(a, sess, SESSION_MAX, &o->sessions);
	to_ranges(a, vlans, VLAN_MAX, &o->vlans);
	to_ranges(a, erspan, 1023, &o->erspan_ids);
	strbuf_dispose(&lines);
	strmap_dispose(&ports);
	ct_tree_dispose(&t);
	free(sess);
}

/* ---- reading ------------------------------------------------------------ */

static void
stamp(char *buf, size_t len, time_t t)
{
	struct tm tm;

	(void)gmtime_r(&t, &tm);
	(void)strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Open vSwitch over ssh-exec: read by a script, not a CLI. */
static bool
is_ovs(const inv_switch_t *sw)
{
	return strcmp(sw->vendor->name, "ovs") == 0 &&
	    sw->access.transport == INV_TR_SSH_EXEC;
}

/*
 * What an Open vSwitch host is asked: the ports of the switch's bridge,
 * one a line (`ovs-vsctl list-ports BRIDGE`); a bridge that is not there
 * makes ovs-vsctl fail with its own words.  The names were checked to be
 * plain when the inventory was read.
 */
static char *
ovs_read_script(arena_t *a, const inv_switch_t *sw)
{
	return arena_printf(a, "set -eu\n%s%s%s"
	    "ovs-vsctl list-ports '%s'\n",
	    sw->ovs_rundir != NULL ? "OVS_RUNDIR='" : "",
	    sw->ovs_rundir != NULL ? sw->ovs_rundir : "",
	    sw->ovs_rundir != NULL ? "'\nexport OVS_RUNDIR\n" : "",
	    sw->bridge != NULL ? sw->bridge : sw->name);
}

/* A Catalyst pushed over NETCONF: its monitor sessions are read. */
static bool
is_iosxe_netconf(const inv_switch_t *sw)
{
	return strcmp(sw->vendor->name, "cisco-iosxe") == 0 &&
	    sw->access.transport == INV_TR_NETCONF;
}

/* What a NETCONF Catalyst is asked for: its monitor sessions, whole. */
static char iosxe_monitor[] =
	"<native xmlns=\"http://cisco.com/ns/yang/Cisco-IOS-XE-native\">"
	"<monitor/></native>";

/* The push target for reading a switch: its access, and no change. */
static void
target_of(const inv_switch_t *sw, push_target_t *t)
{
	static const push_auth_t auths[] = {
		[INV_AUTH_KEY] = PUSH_AUTH_KEY,
		[INV_AUTH_AGENT] = PUSH_AUTH_AGENT,
		[INV_AUTH_PASSWORD] = PUSH_AUTH_PASSWORD,
	};
	static char none[] = "";

	memset(t, 0, sizeof(*t));
	t->name = (char *)sw->name;
	t->vendor = (char *)sw->vendor->name;
	t->transport = PUSH_TR_SSH;
	t->host = (char *)sw->access.mgmt_host;
	t->port = sw->access.mgmt_port;
	t->username = (char *)sw->access.username;
	t->auth = auths[sw->access.auth];
	t->key_file = (char *)sw->access.key_file;
	t->password_env = (char *)sw->access.password_env;
	t->intended.data = t->rollback.data = none;
}

/* What the switch printed, whole: from DIR/NAME.txt or read live. */
static int
read_printout(struct job *j, char **text, size_t *len, const char **source,
    time_t *when, sg_err_t *err)
{
	struct stat st;
	const inv_switch_t *sw = &j->inv->switches[j->sw];
	char path[4400];
	push_target_t t;
	device_opts_t dev;
	device_t d;
	int rc;

	if (j->o->dir != NULL) {
		(void)snprintf(path, sizeof(path), "%s/%s.txt", j->o->dir,
		    sw->name);
		*source = arena_strdup(j->arena, path);
		/* a saved printout was read when it was saved */
		if (stat(path, &st) == 0)
			*when = st.st_mtime;
		return file_read(path, PRINTOUT_MAX, text, len, err);
	}
	(void)snprintf(path, sizeof(path), "ssh %s:%u", sw->access.mgmt_host,
	    sw->access.mgmt_port);
	*source = arena_strdup(j->arena, path);
	target_of(sw, &t);
	if (is_iosxe_netconf(sw)) {
		t.transport = PUSH_TR_NETCONF;
		t.ext = (char *)"xml";
		t.intended.data = iosxe_monitor;
		t.intended.len = sizeof(iosxe_monitor) - 1;
	}
	if (is_ovs(sw)) {
		t.transport = PUSH_TR_SSH_EXEC;
		t.ext = (char *)"sh";
		t.state.data = ovs_read_script(j->arena, sw);
		t.state.len = strlen(t.state.data);
	}
	dev = j->o->dev;
	/* never used: reading opens no checkpoint, but the back end wants one */
	dev.session_name = "spangen-read";
	dev.read_only = true;
	if ((rc = device_init(&d, &t, sw->vendor, &dev, false, NULL,
	    err)) != 0)
		return rc;
	if ((rc = device_preview(&d)) != 0)
		sg_err_set(err, rc, "%s", d.err.msg);
	else {
		*len = d.raw.len;
		*text = xmalloc(d.raw.len + 1);
		memcpy(*text, strbuf_str(&d.raw), d.raw.len + 1);
	}
	device_dispose(&d);
	return rc;
}

/*
 * What `ovs-vsctl list-ports` printed: the bridge's ports.  Open vSwitch
 * numbers no sessions (spangen's Mirrors are named spangen-N, and others
 * have names of their own) and has no VLANs to create, so only the ports
 * are planned around.
 */
static void
ovs_ports(arena_t *a, const char *text, size_t len, plan_observed_t *o)
{
	const char *p = text, *end = text + len, *nl;
	size_t n = 0;
	strbuf_t kept = STRBUF_INIT(0);

	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		n += nl > p;
	}
	o->ports = arena_array(a, n + 1, sizeof(*o->ports));
	o->nports = 0;
	o->ports_known = true;
	for (p = text; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (nl == p)
			continue;
		o->ports[o->nports].name = arena_strndup(a, p, (size_t)(nl - p));
		o->ports[o->nports].lines = "";
		o->ports[o->nports].dest_of = NULL;
		o->ports[o->nports].dest_of_id = PLAN_NO_ID;
		o->nports++;
		strbuf_add(&kept, p, (size_t)(nl - p));
		strbuf_addc(&kept, '\n');
	}
	o->text = arena_strndup(a, strbuf_str(&kept), kept.len);
	o->len = kept.len;
	strbuf_dispose(&kept);
}

/* The first element under n named name, or NULL. */
static xmlNodePtr
child_named(xmlNodePtr n, const char *name)
{
	xmlNodePtr c;

	for (c = n != NULL ? n->children : NULL; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    xmlStrcmp(c->name, BAD_CAST name) == 0)
			return c;
	return NULL;
}

/* Whether a description under n starts "spangen"; notes erspan-ids. */
static bool
scan_session(xmlNodePtr n, bool *erspan)
{
	bool marked = false;
	xmlNodePtr c;
	xmlChar *v;
	uint32_t id;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (xmlStrcmp(c->name, BAD_CAST "description") == 0 ||
		    xmlStrcmp(c->name, BAD_CAST "erspan-id") == 0) {
			v = xmlNodeGetContent(c);
			if (c->name[0] == 'd')
				marked |= v != NULL && strncmp((char *)v,
				    "spangen", 7) == 0;
			else if (v != NULL && parse_u32((char *)v, 1023, &id) ==
			    0)
				erspan[id] = true;
			xmlFree(v);
		} else
			marked |= scan_session(c, erspan);
	}
	return marked;
}

/* The interface names under every destination/interface below n. */
static void
scan_destinations(arena_t *a, xmlNodePtr n, plan_observed_t *o,
    const char *key, uint32_t id, size_t cap)
{
	xmlNodePtr c, i, name;
	xmlChar *v;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (xmlStrcmp(c->name, BAD_CAST "destination") != 0) {
			scan_destinations(a, c, o, key, id, cap);
			continue;
		}
		for (i = c->children; i != NULL && o->nports < cap;
		    i = i->next) {
			if (i->type != XML_ELEMENT_NODE ||
			    xmlStrcmp(i->name, BAD_CAST "interface") != 0 ||
			    (name = child_named(i, "name")) == NULL ||
			    (v = xmlNodeGetContent(name)) == NULL)
				continue;
			o->ports[o->nports].name = arena_strdup(a, (char *)v);
			o->ports[o->nports].lines = "";
			o->ports[o->nports].dest_of = key;
			o->ports[o->nports++].dest_of_id = id;
			xmlFree(v);
		}
	}
}

/*
 * A get-config reply of a Catalyst's monitor sessions: the numbered
 * sessions that are not spangen's, their ERSPAN ids, and the ports they
 * send to.  Which ports the switch has is not read over NETCONF, so only
 * those are known.
 */
static int
netconf_sessions(arena_t *a, const char *text, size_t len, plan_observed_t *o,
    sg_err_t *err)
{
	strbuf_t doc = STRBUF_INIT(0);
	bool *sess = xcalloc(SESSION_MAX + 1, sizeof(*sess)), erspan[1024];
	xmlNodePtr native, monitor, s, idn;
	xmlDocPtr d = NULL;
	xmlChar *v;
	uint32_t id;
	const char *key;
	int rc;

	memset(erspan, 0, sizeof(erspan));
	strbuf_adds(&doc, "<data>");
	strbuf_add(&doc, text, len);
	strbuf_adds(&doc, "</data>");
	o->ports = arena_array(a, 257, sizeof(*o->ports));
	o->nports = 0;
	o->ports_known = false;
	o->text = arena_strndup(a, text, len);
	o->len = len;
	if ((rc = xml_parse(&d, "the device's monitor sessions",
	    strbuf_str(&doc), doc.len, PRINTOUT_MAX, XML_PARSE_NOBLANKS,
	    err)) != 0)
		goto out;
	/* the <data> body, or a saved <data> or <rpc-reply> around it */
	native = xmlDocGetRootElement(d);
	while (native != NULL && child_named(native, "native") == NULL)
		native = child_named(native, "data") != NULL ?
		    child_named(native, "data") : child_named(native,
		    "rpc-reply");
	native = child_named(native, "native");
	monitor = child_named(native, "monitor");
	for (s = monitor != NULL ? monitor->children : NULL; s != NULL;
	    s = s->next) {
		if (s->type != XML_ELEMENT_NODE ||
		    xmlStrcmp(s->name, BAD_CAST "session") != 0 ||
		    (idn = child_named(s, "id")) == NULL ||
		    (v = xmlNodeGetContent(idn)) == NULL)
			continue;
		if (parse_u32((char *)v, SESSION_MAX, &id) != 0)
			id = PLAN_NO_ID;
		key = arena_printf(a, "monitor session %s", (char *)v);
		xmlFree(v);
		if (scan_session(s, erspan) || id == PLAN_NO_ID)
			continue;
		sess[id] = true;
		scan_destinations(a, s, o, key, id, 256);
	}
	to_ranges(a, sess, SESSION_MAX, &o->sessions);
	to_ranges(a, erspan, 1023, &o->erspan_ids);
	o->vlans.v = NULL;
	o->vlans.n = 0;
 out:
	xmlFreeDoc(d);
	strbuf_dispose(&doc);
	free(sess);
	return rc;
}

static void
observe_one(struct job *j)
{
	const inv_switch_t *sw = &j->inv->switches[j->sw];
	int dialect = cfg_dialect_of(sw->vendor);
	strbuf_t kept = STRBUF_INIT(0);
	sg_err_t err = SG_ERR_INIT, why = SG_ERR_INIT;
	plan_observed_t *o = j->out;
	char when[32], *text = NULL;
	time_t at = time(NULL);
	size_t len = 0;
	int rc;

	rc = read_printout(j, &text, &len, &o->source, &at, &err);
	stamp(when, sizeof(when), at);
	o->when = arena_strdup(j->arena, when);
	if (rc != 0) {
		o->error = arena_strdup(j->arena, err.msg);
		return;
	}
	if (is_ovs(sw)) {
		ovs_ports(j->arena, text, len, o);
		free(text);
		return;
	}
	if (is_iosxe_netconf(sw)) {
		if (netconf_sessions(j->arena, text, len, o, &err) != 0)
			o->error = arena_printf(j->arena, "%s: %s", o->source,
			    err.msg);
		free(text);
		return;
	}
	if (cfg_check_printout((cfg_dialect_t)dialect, text, len, &why) != 0) {
		o->error = arena_printf(j->arena, "%s: %s", o->source,
		    why.msg);
		free(text);
		return;
	}
	observe_filter(text, len, &kept);
	free(text);
	o->len = kept.len;
	o->text = arena_strndup(j->arena, strbuf_str(&kept), kept.len);
	observe_parse((cfg_dialect_t)dialect, o->text, o->len, j->arena, o);
	strbuf_dispose(&kept);
}

struct pool {
	struct job	*jobs;
	size_t		 n;
	atomic_size_t	 next;
};

static void *
worker(void *arg)
{
	struct pool *p = arg;
	size_t i;

	while ((i = atomic_fetch_add(&p->next, 1)) < p->n)
		observe_one(&p->jobs[i]);
	return NULL;
}

static bool
readable(const inv_switch_t *sw, bool live)
{
	return ((cfg_dialect_of(sw->vendor) >= 0 &&
	    sw->access.transport == INV_TR_SSH) ||
	    is_ovs(sw) || is_iosxe_netconf(sw)) &&
	    (!live || sw->access.mgmt_host != NULL);
}

int
observe_run(const inventory_t *inv, const observe_opts_t *o,
    observation_t **out, sg_err_t *err)
{
	observation_t *ob = xcalloc(1, sizeof(*ob));
	struct pool p = { NULL, 0, 0 };
	pthread_t *threads;
	size_t i, nthreads, started = 0;

	*out = ob;
	arena_init(&ob->arena);
	if (o->dir != NULL && access(o->dir, R_OK | X_OK) != 0)
		return sg_err_set(err, SG_EINVAL, "--observed %s: not a "
		    "directory that can be read", o->dir);
	ob->n = inv->nswitches;
	ob->list = xcalloc(ob->n + 1, sizeof(*ob->list));
	ob->arenas = xcalloc(ob->n + 1, sizeof(*ob->arenas));
	p.jobs = xcalloc(ob->n + 1, sizeof(*p.jobs));
	for (i = 0; i < inv->nswitches; i++) {
		if (!readable(&inv->switches[i], o->dir == NULL))
			continue;
		ob->list[i] = arena_alloc(&ob->arena, sizeof(**ob->list));
		memset(ob->list[i], 0, sizeof(**ob->list));
		p.jobs[p.n].inv = inv;
		p.jobs[p.n].o = o;
		p.jobs[p.n].sw = i;
		p.jobs[p.n].out = ob->list[i];
		p.jobs[p.n].arena = &ob->arenas[p.n];
		arena_init(p.jobs[p.n].arena);
		p.n++;
		ob->narenas = p.n;
	}
	device_threads_init();
	nthreads = o->jobs > 0 ? (size_t)o->jobs : 1;
	if (nthreads > p.n)
		nthreads = p.n;
	threads = xcalloc(nthreads + 1, sizeof(*threads));
	for (i = 0; i < nthreads; i++)
		if (pthread_create(&threads[i], NULL, worker, &p) == 0)
			started++;
	if (started == 0)
		(void)worker(&p);
	for (i = 0; i < started; i++)
		(void)pthread_join(threads[i], NULL);
	free(threads);
	free(p.jobs);
	return 0;
}

const plan_observed_t *const *
observe_list(const observation_t *ob)
{
	return (const plan_observed_t *const *)ob->list;
}

void
observe_free(observation_t *ob)
{
	if (ob == NULL)
		return;
	for (size_t i = 0; i < ob->narenas; i++)
		arena_dispose(&ob->arenas[i]);
	free(ob->arenas);
	free(ob->list);
	arena_dispose(&ob->arena);
	free(ob);
}

char *
observe_rollback(const vendor_t *v, const char *ext,
    const plan_snapshot_t *sn, const char *intended, sg_err_t *err)
{
	const char *vendor = v->name;
	int dialect = cfg_dialect_of(v);
	strbuf_t out = STRBUF_INIT(0);
	cfg_review_t rv;
	const char *nl;
	int rc;

	if (strcmp(ext, "xml") == 0) {
		strbuf_adds(&out, "<!-- spangen: the exact rollback, worked out "
		    "from what the device held when it was read (");
		strbuf_add_xml(&out, sn->when);
		strbuf_adds(&out, ", ");
		strbuf_add_xml(&out, sn->source);
		strbuf_adds(&out, ") -->\n");
		if (dev_netconf_inverse(intended, strlen(intended), sn->text,
		    sn->len, &out, err) != 0) {
			strbuf_dispose(&out);
			return NULL;
		}
		strbuf_addc(&out, '\n');
		return strbuf_detach(&out, NULL);
	}
	if (dialect < 0) {
		(void)sg_err_set(err, SG_EINVAL, "%s: no model of its "
		    "configuration to work a rollback out on", vendor);
		return NULL;
	}
	cfg_review_init(&rv);
	rc = cfg_review((cfg_dialect_t)dialect, sn->text, sn->len, intended,
	    strlen(intended), "", 0, &rv, err);
	if (rc == 0 && rv.nforeign > 0) {
		nl = strchr(strbuf_str(&rv.foreign), ':');
		rc = sg_err_set(err, SG_EINVAL, "%s (read %s from %s) holds "
		    "%zu entr%s spangen did not create that the change would "
		    "alter, the first '%.*s': add its id to in_use and render "
		    "again", vendor, sn->when, sn->source, rv.nforeign,
		    rv.nforeign == 1 ? "y" : "ies", nl != NULL ?
		    (int)(nl - strbuf_str(&rv.foreign)) : 0,
		    strbuf_str(&rv.foreign));
	}
	if (rc == 0) {
		strbuf_adds(&out, "! spangen: the exact rollback, worked out "
		    "from what the device held when it was read (");
		strbuf_add_display(&out, sn->when);
		strbuf_adds(&out, ", ");
		strbuf_add_display(&out, sn->source);
		strbuf_adds(&out, ")\n");
		strbuf_add(&out, rv.inverse.ptr, rv.inverse.len);
	}
	cfg_review_dispose(&rv);
	if (rc != 0) {
		strbuf_dispose(&out);
		return NULL;
	}
	return strbuf_detach(&out, NULL);
}
