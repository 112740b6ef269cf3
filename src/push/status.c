/*
 * status: see status.h.  A device is previewed against the bundle's
 * intended change exactly as `push --dry-run` does, so "in place" means
 * the dry run would change nothing: the managed part of the device is
 * what the push applied.  The plan says which devices each DC's mirror
 * runs through, so a DC is covered only when every one of them is in
 * place.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "inventory/schema.h"
#include "push/status.h"
#include "util/diag.h"
#include "util/file.h"
#include "util/json.h"
#include "util/prom.h"
#include "util/strbuf.h"
#include "util/strmap.h"
#include "util/udiff.h"
#include "util/xmalloc.h"
#include "util/ydoc.h"

const char *const status_state_names[] = {
	[STATUS_IN_PLACE] = "in place",
	[STATUS_DRIFTED] = "drifted",
	[STATUS_REMOVED] = "removed",
	[STATUS_UNREADABLE] = "unreadable",
};

/* One pair of the plan: a DC, its sensor and the devices between. */
struct pair {
	const char	*dc;
	const char	*sensor;
	const char	*kind;
	const char	**devices;
	size_t		 ndevices;
};

/* One session of the plan, on one device. */
struct session {
	const char	*device;
	const char	*id;
};

struct plan {
	ydoc_t		*doc;		/* owns every string below */
	struct pair	*pairs;
	size_t		 npairs;
	struct session	*sessions;
	size_t		 nsessions;
};

/* What the check found for one device, worked out once. */
struct found {
	status_state_t	 state;
	strbuf_t	 changes;	/* the semantic summary, device text */
	size_t		 nchanges;
};

/* Everything the reports show, worked out once for all of them. */
struct check {
	const status_device_t *devs;
	struct found	*found;		/* per device */
	size_t		 n;
	strmap_t	 byname;	/* device name -> found[] */
	struct plan	 pl;
	int		*covered;	/* per pair: covered() */
	strbuf_t	*why;		/* per pair: why it is not */
};

/* ---- the devices ------------------------------------------------------ */

status_state_t
status_of(const status_device_t *sd)
{
	const device_t *d = sd->d;
	size_t i;

	if (d->err.code != 0)
		return d->refused_for_state ? STATUS_DRIFTED :
		    STATUS_UNREADABLE;
	if (!d->changes)
		return STATUS_IN_PLACE;
	for (i = 0; i < sd->npushed_from; i++)
		if (sd->pushed_from[i].len == d->before.len &&
		    memcmp(sd->pushed_from[i].data, strbuf_str(&d->before),
		    d->before.len) == 0)
			return STATUS_REMOVED;
	return STATUS_DRIFTED;
}

/* What was found for the device named, or NULL when it was not checked. */
static const struct found *
found_of(const struct check *ck, const char *name)
{
	size_t i;

	return strmap_get(&ck->byname, name, &i) ? &ck->found[i] : NULL;
}

/*
 * Whether a session is as pushed: 1 yes, 0 no, -1 cannot tell (its device
 * was not read, or not checked here).  On a device not in place only a
 * CLI summary names the sessions that changed ("session 2: remove");
 * without one, none counts as in place.
 */
static int
session_in_place(const struct found *f, const char *id)
{
	const char *p, *end, *nl;
	size_t idlen = strlen(id);

	if (f == NULL || f->state == STATUS_UNREADABLE)
		return -1;
	if (f->state == STATUS_IN_PLACE)
		return 1;
	if (f->nchanges == 0)
		return 0;
	p = strbuf_str(&f->changes);
	end = p + f->changes.len;
	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if ((size_t)(nl - p) > 8 + idlen &&
		    strncmp(p, "session ", 8) == 0 &&
		    strncmp(p + 8, id, idlen) == 0 && p[8 + idlen] == ':')
			return 0;
	}
	return 1;
}

/* ---- the plan --------------------------------------------------------- */

static const char *
scalar(const ynode_t *map, const char *key)
{
	const ynode_t *v = schema_find(map, key);

	return v != NULL && v->kind == YNODE_SCALAR && !schema_is_null(v) ?
	    v->str : NULL;
}

static void
plan_dispose(struct plan *pl)
{
	size_t i;

	for (i = 0; i < pl->npairs; i++)
		free(pl->pairs[i].devices);
	free(pl->pairs);
	free(pl->sessions);
	ydoc_free(pl->doc);
}

/*
 * Reads the pairs and sessions of plan.json (render wrote it; the
 * MANIFEST check push made covers it).  A bundle without one reports no
 * DCs.
 */
static int
plan_read(struct plan *pl, const char *dir, sg_err_t *err)
{
	diag_list_t *dl = diag_list_new();
	const ynode_t *seq, *item, *devs;
	char path[4200];
	size_t i, k;
	int rc;

	memset(pl, 0, sizeof(*pl));
	(void)snprintf(path, sizeof(path), "%s/plan.json", dir);
	if (access(path, F_OK) != 0) {
		diag_list_free(dl);
		return 0;
	}
	if ((rc = ydoc_load(&pl->doc, path, dl, err)) != 0) {
		if (err->code == 0)
			rc = sg_err_set(err, SG_EINVAL, "%s: cannot be read as "
			    "JSON", path);
		diag_list_free(dl);
		return rc;
	}
	diag_list_free(dl);
	if (pl->doc->root == NULL || pl->doc->root->kind != YNODE_MAP) {
		plan_dispose(pl);
		return sg_err_set(err, SG_EINVAL, "%s: not a plan", path);
	}
	if ((seq = schema_find(pl->doc->root, "pairs")) != NULL &&
	    seq->kind == YNODE_SEQ) {
		pl->pairs = xcalloc(seq->n + 1, sizeof(*pl->pairs));
		for (i = 0; i < seq->n; i++) {
			struct pair *p = &pl->pairs[pl->npairs];

			item = seq->items[i];
			if (item->kind != YNODE_MAP ||
			    (p->dc = scalar(item, "dc")) == NULL)
				continue;
			p->sensor = scalar(item, "sensor");
			p->kind = scalar(item, "kind");
			if ((devs = schema_find(item, "devices")) != NULL &&
			    devs->kind == YNODE_SEQ) {
				p->devices = xcalloc(devs->n + 1,
				    sizeof(*p->devices));
				for (k = 0; k < devs->n; k++) {
					const ynode_t *dv = devs->items[k];

					if (dv->kind == YNODE_SCALAR)
						p->devices[p->ndevices++] =
						    dv->str;
				}
			}
			pl->npairs++;
		}
	}
	if ((seq = schema_find(pl->doc->root, "sessions")) != NULL &&
	    seq->kind == YNODE_SEQ) {
		pl->sessions = xcalloc(seq->n + 1, sizeof(*pl->sessions));
		for (i = 0; i < seq->n; i++) {
			struct session *s = &pl->sessions[pl->nsessions];

			item = seq->items[i];
			if (item->kind != YNODE_MAP ||
			    (s->device = scalar(item, "device")) == NULL ||
			    (s->id = scalar(item, "id")) == NULL)
				continue;
			pl->nsessions++;
		}
	}
	return 0;
}

/*
 * Whether the DC of pair p is covered: 1 yes, 0 no (a device on its path
 * is known not to be in place), -1 cannot tell (one was not read or not
 * checked here); why says why not.
 */
static int
covered(const struct check *ck, const struct pair *p, strbuf_t *why)
{
	strbuf_t unknown = STRBUF_INIT(0);
	const struct found *f;
	size_t i, nbad = 0;

	strbuf_reset(why);
	if (p->kind == NULL || strcmp(p->kind, "none") == 0) {
		strbuf_adds(why, "the plan has no path for it");
		return 0;
	}
	for (i = 0; i < p->ndevices; i++) {
		f = found_of(ck, p->devices[i]);
		if (f != NULL && (f->state == STATUS_DRIFTED ||
		    f->state == STATUS_REMOVED))
			strbuf_addf(why, "%s%s %s", nbad++ > 0 ? ", " : "",
			    p->devices[i], status_state_names[f->state]);
		else if (f == NULL && unknown.len == 0)
			strbuf_addf(&unknown, "%s is not checked here (applied "
			    "by hand, or left out with --device)",
			    p->devices[i]);
		else if (f != NULL && f->state == STATUS_UNREADABLE &&
		    unknown.len == 0)
			strbuf_addf(&unknown, "%s could not be read",
			    p->devices[i]);
	}
	if (nbad == 0 && unknown.len > 0)
		strbuf_add(why, unknown.ptr, unknown.len);
	strbuf_dispose(&unknown);
	return nbad > 0 ? 0 : why->len > 0 ? -1 : 1;
}

/* ---- text and JSON ---------------------------------------------------- */

/* Each line of text (len bytes), indented. */
static void
put_lines(FILE *out, const char *indent, const char *text, size_t len)
{
	const char *p = text, *end = text + len, *nl;

	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		(void)fprintf(out, "%s%.*s\n", indent, (int)(nl - p), p);
	}
}

/* Device text shown on a terminal: it may hold anything. */
static void
put_shown(FILE *out, const char *indent, const char *text, size_t len)
{
	strbuf_t shown = STRBUF_INIT(0);

	strbuf_add_display_lines(&shown, text, len);
	put_lines(out, indent, strbuf_str(&shown), shown.len);
	strbuf_dispose(&shown);
}

static void
text_device(const status_device_t *sd, const struct found *f,
    const status_opts_t *o)
{
	const device_t *d = sd->d;
	strbuf_t diff = STRBUF_INIT(0), now = STRBUF_INIT(0);
	strbuf_t pushed = STRBUF_INIT(0);
	char a[300], b[300];

	(void)fprintf(o->out, "%s (%s): %s", d->t->name, d->t->vendor,
	    status_state_names[f->state]);
	if (d->err.code != 0) {
		(void)fputs(": ", o->out);
		put_shown(o->out, "", d->err.msg, strlen(d->err.msg));
		if (d->foreign.len > 0)
			put_shown(o->out, "    ", strbuf_str(&d->foreign),
			    d->foreign.len);
		return;
	}
	(void)fputc('\n', o->out);
	if (f->state == STATUS_IN_PLACE)
		return;
	if (f->state == STATUS_REMOVED)
		(void)fputs("    it holds what it held before this bundle was "
		    "pushed: the mirror is gone\n", o->out);
	if (f->nchanges > 0) {
		(void)fputs("    what the push would put back:\n", o->out);
		put_shown(o->out, "      ", strbuf_str(&f->changes),
		    f->changes.len);
	}
	/* escaped first, so the diff's own colours stay colours */
	strbuf_add_display_lines(&now, strbuf_str(&d->before), d->before.len);
	strbuf_add_display_lines(&pushed, strbuf_str(&d->after), d->after.len);
	(void)snprintf(a, sizeof(a), "%s now", d->t->name);
	(void)snprintf(b, sizeof(b), "%s as pushed", d->t->name);
	(void)udiff(&diff, a, strbuf_str(&now), now.len, b,
	    strbuf_str(&pushed), pushed.len, 3, o->colour);
	put_lines(o->out, "    ", strbuf_str(&diff), diff.len);
	strbuf_dispose(&diff);
	strbuf_dispose(&now);
	strbuf_dispose(&pushed);
}

static void
json_report(const struct check *ck, const char *bundle_id, long checked,
    status_outcome_t outcome, FILE *out)
{
	static const char *const outcomes[] = {
		[STATUS_ALL_IN_PLACE] = "in place",
		[STATUS_SOME_DRIFT] = "drift",
		[STATUS_SOME_UNREAD] = "unreadable",
		[STATUS_NOT_CHECKED] = "not checked",
	};
	const struct plan *pl = &ck->pl;
	strbuf_t sb = STRBUF_INIT(0), line = STRBUF_INIT(0);
	const char *p, *end, *nl;
	json_t j;
	size_t i;
	int c;

	json_init(&j, &sb);
	json_begin_object(&j, false);
	json_key(&j, "spangen");
	json_uint(&j, 1);
	json_key(&j, "bundle");
	json_string(&j, bundle_id);
	json_key(&j, "checked");
	json_uint(&j, (uint64_t)checked);
	json_key(&j, "outcome");
	json_string(&j, outcomes[outcome]);
	json_key(&j, "devices");
	json_begin_array(&j, false);
	for (i = 0; i < ck->n; i++) {
		const device_t *d = ck->devs[i].d;
		const struct found *f = &ck->found[i];

		json_begin_object(&j, false);
		json_key(&j, "name");
		json_string(&j, d->t->name);
		json_key(&j, "vendor");
		json_string(&j, d->t->vendor);
		json_key(&j, "state");
		json_string(&j, status_state_names[f->state]);
		json_key(&j, "error");
		json_string(&j, d->err.code != 0 ? d->err.msg : NULL);
		json_key(&j, "changes");
		json_begin_array(&j, false);
		p = strbuf_str(&f->changes);
		end = p + f->changes.len;
		for (; p < end; p = nl + 1) {
			if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
				nl = end;
			strbuf_reset(&line);
			strbuf_add(&line, p, (size_t)(nl - p));
			json_string(&j, strbuf_str(&line));
		}
		json_end_array(&j);
		json_end_object(&j);
	}
	json_end_array(&j);
	json_key(&j, "dcs");
	json_begin_array(&j, false);
	for (i = 0; i < pl->npairs; i++) {
		c = ck->covered[i];
		json_begin_object(&j, true);
		json_key(&j, "name");
		json_string(&j, pl->pairs[i].dc);
		json_key(&j, "sensor");
		json_string(&j, pl->pairs[i].sensor);
		json_key(&j, "covered");
		if (c < 0)
			json_null(&j);
		else
			json_bool(&j, c == 1);
		json_key(&j, "reason");
		json_string(&j, c == 1 ? NULL : strbuf_str(&ck->why[i]));
		json_end_object(&j);
	}
	json_end_array(&j);
	json_end_object(&j);
	(void)fputs(strbuf_str(&sb), out);
	strbuf_dispose(&sb);
	strbuf_dispose(&line);
}

/* ---- metrics ---------------------------------------------------------- */

static void
metrics_text(strbuf_t *m, const struct check *ck, const char *bundle_id,
    long checked)
{
	const struct plan *pl = &ck->pl;
	size_t i;
	int c;

	prom_gauge(m, "spangen_status_checked_timestamp_seconds", "When "
	    "spangen status last read the devices of the bundle.");
	prom_sample(m, "spangen_status_checked_timestamp_seconds");
	prom_label(m, "bundle", bundle_id);
	prom_value(m, checked);
	prom_gauge(m, "spangen_device_reachable", "Whether the device could be "
	    "reached and read (1) or not (0).");
	for (i = 0; i < ck->n; i++) {
		prom_sample(m, "spangen_device_reachable");
		prom_label(m, "bundle", bundle_id);
		prom_label(m, "device", ck->devs[i].d->t->name);
		prom_value(m, ck->found[i].state != STATUS_UNREADABLE);
	}
	prom_gauge(m, "spangen_device_in_place", "Whether the device holds "
	    "what the push applied (1) or not, or could not be read (0).");
	for (i = 0; i < ck->n; i++) {
		prom_sample(m, "spangen_device_in_place");
		prom_label(m, "bundle", bundle_id);
		prom_label(m, "device", ck->devs[i].d->t->name);
		prom_value(m, ck->found[i].state == STATUS_IN_PLACE);
	}
	prom_gauge(m, "spangen_session_in_place", "Whether the monitor session "
	    "is as the push applied it (1) or not (0); absent when its device "
	    "was not read.");
	for (i = 0; i < pl->nsessions; i++) {
		c = session_in_place(found_of(ck, pl->sessions[i].device),
		    pl->sessions[i].id);
		if (c < 0)
			continue;
		prom_sample(m, "spangen_session_in_place");
		prom_label(m, "bundle", bundle_id);
		prom_label(m, "device", pl->sessions[i].device);
		prom_label(m, "session", pl->sessions[i].id);
		prom_value(m, c);
	}
	prom_gauge(m, "spangen_dc_covered", "Whether every device the DC's "
	    "mirror runs through is in place (1) or not (0); absent when one "
	    "was not checked.");
	for (i = 0; i < pl->npairs; i++) {
		if ((c = ck->covered[i]) < 0)
			continue;
		prom_sample(m, "spangen_dc_covered");
		prom_label(m, "bundle", bundle_id);
		prom_label(m, "dc", pl->pairs[i].dc);
		prom_label(m, "sensor", pl->pairs[i].sensor != NULL ?
		    pl->pairs[i].sensor : "");
		prom_value(m, c);
	}
}

int
status_metrics_check(const char *path, sg_err_t *err)
{
	char what[4200];

	(void)snprintf(what, sizeof(what), "--metrics %s", path);
	return file_dir_writable(path, what, err);
}

/* ---- the report ------------------------------------------------------- */

static int
check_init(struct check *ck, const char *dir, const status_device_t *devs,
    size_t n, sg_err_t *err)
{
	size_t i;
	int rc;

	memset(ck, 0, sizeof(*ck));
	if ((rc = plan_read(&ck->pl, dir, err)) != 0)
		return rc;
	ck->devs = devs;
	ck->n = n;
	ck->found = xcalloc(n + 1, sizeof(*ck->found));
	for (i = 0; i < n; i++) {
		struct found *f = &ck->found[i];

		f->state = status_of(&devs[i]);
		strbuf_init(&f->changes, 0);
		if ((f->state == STATUS_DRIFTED || f->state == STATUS_REMOVED) &&
		    devs[i].d->err.code == 0)
			f->nchanges = device_summarise(devs[i].d, &f->changes);
		(void)strmap_add(&ck->byname, devs[i].d->t->name, i);
	}
	ck->covered = xcalloc(ck->pl.npairs + 1, sizeof(*ck->covered));
	ck->why = xcalloc(ck->pl.npairs + 1, sizeof(*ck->why));
	for (i = 0; i < ck->pl.npairs; i++) {
		strbuf_init(&ck->why[i], 0);
		ck->covered[i] = covered(ck, &ck->pl.pairs[i], &ck->why[i]);
	}
	return 0;
}

static void
check_dispose(struct check *ck)
{
	size_t i;

	for (i = 0; i < ck->n; i++)
		strbuf_dispose(&ck->found[i].changes);
	for (i = 0; ck->why != NULL && i < ck->pl.npairs; i++)
		strbuf_dispose(&ck->why[i]);
	free(ck->found);
	free(ck->covered);
	free(ck->why);
	strmap_dispose(&ck->byname);
	plan_dispose(&ck->pl);
}

int
status_report(const char *dir, const char *bundle_id,
    const status_device_t *devs, size_t n, long checked,
    const status_opts_t *o, status_outcome_t *outcome, sg_err_t *err)
{
	size_t i, count[4] = { 0, 0, 0, 0 }, ncovered = 0;
	strbuf_t m = STRBUF_INIT(0);
	const struct pair *p;
	struct check ck;
	int rc, c;

	if ((rc = check_init(&ck, dir, devs, n, err)) != 0)
		return rc;
	for (i = 0; i < n; i++)
		count[ck.found[i].state]++;
	*outcome = count[STATUS_DRIFTED] + count[STATUS_REMOVED] > 0 ?
	    STATUS_SOME_DRIFT : count[STATUS_UNREADABLE] > 0 ?
	    STATUS_SOME_UNREAD : STATUS_ALL_IN_PLACE;
	if (o->json)
		json_report(&ck, bundle_id, checked, *outcome, o->out);
	else {
		for (i = 0; i < n; i++)
			text_device(&devs[i], &ck.found[i], o);
		for (i = 0; i < ck.pl.npairs; i++) {
			p = &ck.pl.pairs[i];
			c = ck.covered[i];
			ncovered += c == 1;
			(void)fprintf(o->out, "%s -> %s: %s%s%s\n", p->dc,
			    p->sensor != NULL ? p->sensor : "no sensor",
			    c == 1 ? "covered" : c == 0 ? "NOT covered" :
			    "unknown", c == 1 ? "" : ": ", c == 1 ? "" :
			    strbuf_str(&ck.why[i]));
		}
		(void)fprintf(o->out, "%zu device%s: %zu in place, %zu "
		    "drifted, %zu removed, %zu unreadable; %zu of %zu DC%s "
		    "covered\n", n, n == 1 ? "" : "s", count[STATUS_IN_PLACE],
		    count[STATUS_DRIFTED], count[STATUS_REMOVED],
		    count[STATUS_UNREADABLE], ncovered, ck.pl.npairs,
		    ck.pl.npairs == 1 ? "" : "s");
	}
	if (o->metrics != NULL) {
		metrics_text(&m, &ck, bundle_id, checked);
		rc = file_replace(o->metrics, strbuf_str(&m), m.len, err);
	}
	strbuf_dispose(&m);
	check_dispose(&ck);
	return rc;
}
