/*
 * push: see push.h.  The steps run over every selected device at once
 * (up to --jobs in parallel), one step after the other, so that nothing is
 * changed until every device has been read, and nothing is confirmed until
 * every device has been changed and read back:
 *
 *   preview  connect, read the managed state, save before.*, diff
 *   apply    stage by stage (destination, transit, source), timers running
 *   check    read back every changed device
 *   confirm  stop the timers and save
 *
 * A failure in apply or check undoes every device changed so far.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>


#include "util/diag.h"
#include "push/pbundle.h"
#include "push/push.h"
#include "util/file.h"
#include "util/udiff.h"
#include "util/xmalloc.h"

typedef struct run {
	const push_opts_t *o;
	push_bundle_t	*b;
	vendor_set_t	*vendors;
	device_t	*devs;
	FILE		**logs;
	size_t		 n;
	char		 logdir[4096];
	char		 session[64];
	device_opts_t	 dopts;		/* o->dev with the session name */
	char		**want;		/* rollback: per device before text */
	push_text_t	*exact;		/* rollback: per device, what the push
					   worked out would undo it */
	push_text_t	*owned;		/* per device: spangen's entries, as
					   this bundle's last change left them */
	bool		 bad_option;	/* an option names no such thing */
	int		 lock;		/* the bundle directory, locked */
	size_t		 nmanual;	/* render-only targets, applied by hand */
} run_t;

typedef int (*step_fn)(device_t *);

typedef struct pool {
	device_t	**list;
	size_t		 n;
	atomic_size_t	 next;
	atomic_size_t	 done;
	step_fn		 fn;
	int		*rcs;
} pool_t;

static void *
worker(void *arg)
{
	pool_t *p = arg;
	size_t i;

	while ((i = atomic_fetch_add(&p->next, 1)) < p->n) {
		p->rcs[i] = p->fn(p->list[i]);
		atomic_fetch_add(&p->done, 1);
	}
	return NULL;
}

/* Runs fn on every device of list, jobs at a time; true when all passed. */
static bool
run_step(const run_t *r, const char *what, device_t **list, size_t n,
    step_fn fn)
{
	pool_t p = { list, n, 0, 0, fn, NULL };
	pthread_t *threads;
	size_t i, nthreads = (size_t)r->o->jobs, started = 0;
	bool ok = true;

	if (n == 0)
		return true;
	if (nthreads > n)
		nthreads = n;
	p.rcs = xcalloc(n, sizeof(*p.rcs));
	threads = xcalloc(nthreads, sizeof(*threads));
	for (i = 0; i < nthreads; i++)
		if (pthread_create(&threads[i], NULL, worker, &p) == 0)
			started++;
	if (started == 0)
		(void)worker(&p);
	while (r->o->progress && atomic_load(&p.done) < n) {
		(void)fprintf(stderr, "\rspangen: %s %zu/%zu ", what,
		    atomic_load(&p.done), n);
		(void)usleep(100000);
	}
	for (i = 0; i < started; i++)
		(void)pthread_join(threads[i], NULL);
	if (r->o->progress)
		(void)fprintf(stderr, "\rspangen: %s %zu/%zu\n", what, n, n);
	for (i = 0; i < n; i++)
		ok &= p.rcs[i] == 0;
	free(p.rcs);
	free(threads);
	return ok;
}

static int
step_undo(device_t *d)
{
	device_undo(d);
	return d->state == DEV_REVERTED ? 0 : 1;
}

static int
write_text(const char *dir, const char *name, const char *file,
    const char *data, size_t len)
{
	char path[4400];
	FILE *fp;
	int rc;

	(void)snprintf(path, sizeof(path), "%s/%s/%s", dir, name, file);
	if ((fp = fopen(path, "w")) == NULL)
		return -1;
	rc = fwrite(data, 1, len, fp) == len ? 0 : -1;
	return fclose(fp) == 0 ? rc : -1;
}

/* push-<utc>/ in the bundle, and one directory per device in it. */
static int
make_logdir(run_t *r, sg_err_t *err)
{
	char stamp[32], path[4400];
	time_t now = time(NULL);
	struct tm tm;
	size_t i;
	int n;

	(void)gmtime_r(&now, &tm);
	(void)strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	for (n = 0; n < 100; n++) {
		(void)snprintf(r->logdir, sizeof(r->logdir), n == 0 ?
		    "%s/push-%s" : "%s/push-%s-%d", r->o->dir, stamp, n);
		if (mkdir(r->logdir, 0700) == 0)
			break;
		if (errno != EEXIST)
			return sg_err_set(err, SG_EIO, "%s: %s", r->logdir,
			    strerror(errno));
	}
	for (i = 0; i < r->n; i++) {
		(void)snprintf(path, sizeof(path), "%s/%s", r->logdir,
		    r->devs[i].t->name);
		if (mkdir(path, 0700) != 0)
			return sg_err_set(err, SG_EIO, "%s: %s", path,
			    strerror(errno));
		(void)snprintf(path, sizeof(path), "%s/%s/session.log",
		    r->logdir, r->devs[i].t->name);
		if ((r->logs[i] = fopen(path, "w")) == NULL)
			return sg_err_set(err, SG_EIO, "%s: %s", path,
			    strerror(errno));
		r->devs[i].log = r->logs[i];
	}
	return 0;
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * What a log recorded: 'p' a push that changed a device, 'r' a rollback
 * that did, 0 anything else (a dry run, a failure, nothing to change).
 */
static int
recorded(const char *dir)
{
	char path[4400], line[128];
	int command = 0;
	bool changed = false, ok = false;
	FILE *fp;

	(void)snprintf(path, sizeof(path), "%s/summary.txt", dir);
	if ((fp = fopen(path, "r")) == NULL)
		return 0;
	while (fgets(line, sizeof(line), fp) != NULL) {
		if (strcmp(line, "command: push\n") == 0)
			command = 'p';
		else if (strcmp(line, "command: rollback\n") == 0)
			command = 'r';
		ok |= strcmp(line, "outcome: ok\n") == 0;
		changed |= strncmp(line, "device ", 7) == 0 &&
		    strstr(line, " changed\n") != NULL;
	}
	(void)fclose(fp);
	return ok && changed ? command : 0;
}

/*
 * The names of the push-* logs in bundle, oldest first (they hold the UTC
 * time); free each and the list with free_names().
 */
static int
list_logs(const char *bundle, char ***out, size_t *n, sg_err_t *err)
{
	char **names = NULL;
	struct dirent *e;
	DIR *d;

	*n = 0;
	*out = NULL;
	if ((d = opendir(bundle)) == NULL)
		return sg_err_set(err, SG_EIO, "%s: %s", bundle,
		    strerror(errno));
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, "push-", 5) == 0) {
			names = xreallocarray(names, *n + 1, sizeof(*names));
			names[(*n)++] = xstrdup(e->d_name);
		}
	(void)closedir(d);
	if (*n > 0)
		qsort(names, *n, sizeof(*names), cmp_name);
	*out = names;
	return 0;
}

static void
free_names(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* The newest push-* log of the bundle that recorded a change. */
static int
last_push(const run_t *r, char *out, size_t outlen, sg_err_t *err)
{
	char **names;
	size_t n, i;
	int what = 0, rc;

	out[0] = '\0';
	if ((rc = list_logs(r->o->dir, &names, &n, err)) != 0)
		return rc;
	for (i = n; i > 0 && what == 0; i--) {
		(void)snprintf(out, outlen, "%s/%s", r->o->dir, names[i - 1]);
		what = recorded(out);
	}
	free_names(names, n);
	if (what == 'r')
		return sg_err_set(err, SG_ENOTFOUND, "%s: the last change "
		    "recorded in this bundle is a rollback (%s); there is "
		    "nothing left to roll back", r->o->dir, out);
	if (what == 0)
		return sg_err_set(err, SG_ENOTFOUND, "%s: no push that changed "
		    "a device is recorded in this bundle, so there is nothing "
		    "to roll back", r->o->dir);
	return 0;
}

/* Whether a summary.txt (text) says device name was changed. */
static bool
changed_in(const char *text, const char *name)
{
	char want[512];
	const char *at;

	(void)snprintf(want, sizeof(want), "device %s changed\n", name);
	for (at = strstr(text, want); at != NULL; at = strstr(at + 1, want))
		if (at == text || at[-1] == '\n')
			return true;
	return false;
}

/*
 * Appends to owned[] the keys of the entries spangen owns on each target
 * (push/cfgreview.h) as the newest log of the bundle in dir that changed
 * it left them: each push and rollback records them once its change is in.
 */
static int
read_owned(run_t *r, const char *bundle, sg_err_t *err)
{
	char **names, dir[4400], path[4600], *text, *summary;
	bool *done = xcalloc(r->b->ntargets + 1, sizeof(*done));
	size_t n, i, k, len, left = r->b->ntargets;
	push_text_t *o;
	int rc;

	if ((rc = list_logs(bundle, &names, &n, err)) != 0) {
		free(done);
		return rc;
	}
	/* newest first, each summary read once, until every target has one */
	for (i = n; i > 0 && left > 0 && rc == 0; i--) {
		(void)snprintf(dir, sizeof(dir), "%s/%s", bundle, names[i - 1]);
		(void)snprintf(path, sizeof(path), "%s/summary.txt", dir);
		if (file_read(path, 1024 * 1024, &summary, &len, NULL) != 0)
			continue;
		for (k = 0; k < r->b->ntargets && rc == 0; k++) {
			if (done[k] || !changed_in(summary,
			    r->b->targets[k].name))
				continue;
			done[k] = true;
			left--;
			(void)snprintf(path, sizeof(path), "%s/%s/owned.txt",
			    dir, r->b->targets[k].name);
			if (access(path, F_OK) != 0)
				continue;
			if (file_read(path, 1024 * 1024, &text, &len,
			    err) != 0) {
				rc = sg_err_set(err, SG_EIO, "%s: cannot read "
				    "what spangen created on the device",
				    path);
				break;
			}
			o = &r->owned[k];
			o->data = xreallocarray(o->data, o->len + len + 1, 1);
			memcpy(o->data + o->len, text, len + 1);
			o->len += len;
			free(text);
		}
		free(summary);
	}
	free(done);
	free_names(names, n);
	return rc;
}

/* This bundle's record, and the one of the bundle it replaces. */
static int
load_owned(run_t *r, sg_err_t *err)
{
	int rc;

	r->owned = xcalloc(r->b->ntargets + 1, sizeof(*r->owned));
	if ((rc = read_owned(r, r->o->dir, err)) == 0 && r->o->replaces != NULL)
		rc = read_owned(r, r->o->replaces, err);
	return rc;
}

static bool
selected(const push_opts_t *o, const char *name)
{
	size_t i;

	if (o->only == NULL)
		return true;
	for (i = 0; i < o->nonly; i++)
		if (strcmp(o->only[i], name) == 0)
			return true;
	return false;
}

/*
 * For a rollback, the devices the last push changed, each with the state
 * it had before that push (script devices must read back as that).
 */
static int
rollback_set(run_t *r, bool *chosen, char **want, sg_err_t *err)
{
	char dir[4096], path[4400], line[512], *text;
	size_t i, len;
	FILE *fp;
	int rc;

	if ((rc = last_push(r, dir, sizeof(dir), err)) != 0)
		return rc;
	(void)snprintf(path, sizeof(path), "%s/summary.txt", dir);
	if ((fp = fopen(path, "r")) == NULL)
		return sg_err_set(err, SG_EIO, "%s: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), fp) != NULL) {
		char *name = line + 7, *state;

		/* "device NAME changed" */
		if (strncmp(line, "device ", 7) != 0 ||
		    (state = strchr(name, ' ')) == NULL ||
		    strcmp(state, " changed\n") != 0)
			continue;
		*state = '\0';
		for (i = 0; i < r->b->ntargets; i++)
			if (strcmp(r->b->targets[i].name, name) == 0)
				chosen[i] = true;
	}
	(void)fclose(fp);
	for (i = 0; i < r->b->ntargets; i++) {
		if (!chosen[i] || r->b->targets[i].transport ==
		    PUSH_TR_RENDER_ONLY)
			continue;
		(void)snprintf(path, sizeof(path), "%s/%s/rollback.%s", dir,
		    r->b->targets[i].name, r->b->targets[i].ext);
		/*
		 * scripts: a push that could not pass on the state has none;
		 * NETCONF without a candidate works none out
		 */
		if (r->b->targets[i].transport != PUSH_TR_SSH &&
		    access(path, F_OK) != 0)
			continue;
		if (file_read(path, 64u * 1024 * 1024, &r->exact[i].data,
		    &r->exact[i].len, err) != 0)
			return sg_err_set(err, SG_EIO, "%s: cannot read the "
			    "rollback the push worked out for %s", path,
			    r->b->targets[i].name);
	}
	for (i = 0; i < r->b->ntargets; i++) {
		if (!chosen[i] || r->b->targets[i].state.data == NULL)
			continue;
		(void)snprintf(path, sizeof(path), "%s/%s/before.txt", dir,
		    r->b->targets[i].name);
		if (file_read(path, 64u * 1024 * 1024, &text, &len,
		    err) != 0)
			return sg_err_set(err, SG_EIO, "%s: cannot read what "
			    "the device held before the push", path);
		want[i] = text;
	}
	return 0;
}

/* "spangen's here once this is in: monitor session 2, vlan 901" */
static void
owned_line(strbuf_t *out, const strbuf_t *owned)
{
	const char *p = strbuf_str(owned), *end = p + owned->len, *nl;
	bool first = true;

	strbuf_adds(out, "spangen's here once this is in: ");
	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (nl == p)
			continue;
		strbuf_adds(out, first ? "" : ", ");
		strbuf_add(out, p, (size_t)(nl - p));
		first = false;
	}
	strbuf_addc(out, '\n');
}

static void
report_preview(const run_t *r, const device_t *d)
{
	FILE *out = r->o->out;
	strbuf_t sb = STRBUF_INIT(0), shown = STRBUF_INIT(0);
	strbuf_t before = STRBUF_INIT(0), after = STRBUF_INIT(0);
	char a[300], b[300];

	if (d->err.code != 0) {
		(void)fprintf(out, "== %s: FAILED at %s: %s\n", d->t->name,
		    d->failed_step != NULL ? d->failed_step : "start",
		    d->err.msg);
		if (d->foreign.len > 0) {
			strbuf_add_display_lines(&shown, strbuf_str(
			    &d->foreign), d->foreign.len);
			(void)fputs(strbuf_str(&shown), out);
			strbuf_dispose(&shown);
		}
		return;
	}
	if (!d->changes) {
		(void)fprintf(out, "== %s (%s, %s): no changes\n", d->t->name,
		    d->t->vendor, push_stage_names[d->t->stage]);
		return;
	}
	(void)fprintf(out, "== %s (%s, %s): changes\n", d->t->name,
	    d->t->vendor, push_stage_names[d->t->stage]);
	/* the "now" side is the device's own text, which may hold anything */
	if (device_summarise(d, &sb) > 0) {
		strbuf_add_display_lines(&shown, strbuf_str(&sb), sb.len);
		(void)fputs(strbuf_str(&shown), out);
	}
	if (d->reviewed && d->owned.len > 0) {
		strbuf_reset(&sb);
		strbuf_reset(&shown);
		owned_line(&sb, &d->owned);
		strbuf_add_display_lines(&shown, strbuf_str(&sb), sb.len);
		(void)fputs(strbuf_str(&shown), out);
	}
	strbuf_add_display_lines(&before, strbuf_str(&d->before),
	    d->before.len);
	strbuf_add_display_lines(&after, strbuf_str(&d->after), d->after.len);
	(void)snprintf(a, sizeof(a), "%s now", d->t->name);
	(void)snprintf(b, sizeof(b), "%s %s", d->t->name, r->o->rollback ?
	    "after rollback" : "intended");
	strbuf_reset(&sb);
	(void)udiff(&sb, a, strbuf_str(&before), before.len, b,
	    strbuf_str(&after), after.len, 3, r->o->colour);
	(void)fputs(strbuf_str(&sb), out);
	strbuf_dispose(&sb);
	strbuf_dispose(&shown);
	strbuf_dispose(&before);
	strbuf_dispose(&after);
}

static void
save_preview(const run_t *r, const device_t *d)
{
	strbuf_t sb = STRBUF_INIT(0);
	char file[64];

	(void)write_text(r->logdir, d->t->name, "running.txt",
	    strbuf_str(&d->raw), d->raw.len);
	(void)write_text(r->logdir, d->t->name, device_before_file(d),
	    strbuf_str(&d->before), d->before.len);
	(void)udiff(&sb, "now", strbuf_str(&d->before), d->before.len,
	    r->o->rollback ? "after rollback" : "intended",
	    strbuf_str(&d->after), d->after.len, 3, false);
	(void)write_text(r->logdir, d->t->name, "diff.txt", strbuf_str(&sb),
	    sb.len);
	strbuf_dispose(&sb);
	/* what `spangen rollback` types, and what the next push starts from */
	if (d->exact.data != NULL) {
		(void)snprintf(file, sizeof(file), "rollback.%s", d->t->ext);
		(void)write_text(r->logdir, d->t->name, file, d->exact.data,
		    d->exact.len);
	}
	if (d->reviewed)
		(void)write_text(r->logdir, d->t->name, "owned.txt",
		    strbuf_str(&d->owned), d->owned.len);
}

static void
write_summary(const run_t *r, const char *outcome)
{
	char path[4400];
	size_t i;
	FILE *fp;

	(void)snprintf(path, sizeof(path), "%s/summary.txt", r->logdir);
	if ((fp = fopen(path, "w")) == NULL)
		return;
	(void)fprintf(fp, "command: %s\noutcome: %s\nbundle: %s\n",
	    r->o->rollback ? "rollback" : "push", outcome, r->b->id);
	for (i = 0; i < r->n; i++) {
		const device_t *d = &r->devs[i];

		(void)fprintf(fp, "device %s %s\n", d->t->name,
		    d->state == DEV_CONFIRMED ? "changed" :
		    d->state == DEV_UNCHANGED ? "unchanged" :
		    d->state == DEV_REVERTED ? "reverted" : "unknown");
	}
	(void)fclose(fp);
}

static void
report_states(const run_t *r)
{
	size_t i;

	(void)fprintf(r->o->out, "\nstate of every device:\n");
	for (i = 0; i < r->n; i++) {
		const device_t *d = &r->devs[i];

		(void)fprintf(r->o->out, "  %-20s %s", d->t->name,
		    r->o->rollback && d->state == DEV_CONFIRMED ?
		    "rolled back" : device_state_name(d->state));
		if (d->err.code != 0)
			(void)fprintf(r->o->out, "  (failed at %s: %s)",
			    d->failed_step, d->err.msg);
		(void)fputc('\n', r->o->out);
	}
	(void)fprintf(r->o->out, "logs: %s\n", r->logdir);
}

/*
 * The render-only devices (vSphere, Hyper-V without 'mgmt') are applied
 * by hand, and where in the order matters as much as for pushed ones: a
 * push delivers destinations first and sources last, so a hand-applied
 * destination or transit goes before the push and a source after it; a
 * rollback undoes in the other order.
 */
static void
report_manual(const run_t *r)
{
	static const char *const when[] = { "before", "after" };
	const push_opts_t *o = r->o;
	const push_target_t *t;
	size_t i, pass;
	bool after;

	if (r->nmanual == 0)
		return;
	(void)fprintf(o->out, "%zu device%s %s render-only and not %s here; "
	    "apply %s files by hand, in this order with this %s:\n",
	    r->nmanual, r->nmanual == 1 ? "" : "s", r->nmanual == 1 ? "is" :
	    "are", o->rollback ? "rolled back" : "pushed", r->nmanual == 1 ?
	    "its" : "their", o->rollback ? "rollback" : "push");
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < r->b->ntargets; i++) {
			t = &r->b->targets[i];
			if (t->transport != PUSH_TR_RENDER_ONLY ||
			    !selected(o, t->name))
				continue;
			after = (t->stage == PUSH_STAGE_SOURCE) != o->rollback;
			if (after != (pass == 1))
				continue;
			(void)fprintf(o->out, "  %s %s: %s (%s)\n", when[pass],
			    o->rollback ? "rolling back" : "pushing", t->name,
			    push_stage_names[t->stage]);
			(void)fprintf(o->out, "      devices/%s/%s.%s\n",
			    t->name, o->rollback ? "rollback" : "intended",
			    t->ext);
		}
}

/* Undoes every device that was changed, source side first. */
static void
undo_all(run_t *r)
{
	device_t **list = xcalloc(r->n + 1, sizeof(*list));
	size_t i, n = 0;
	unsigned int s;

	(void)fprintf(r->o->out, "undoing the change on every device it "
	    "reached\n");
	for (s = PUSH_NSTAGES; s-- > 0;)
		for (i = 0; i < r->n; i++)
			if (r->devs[i].state != DEV_UNCHANGED &&
			    r->devs[i].t->stage == s)
				list[n++] = &r->devs[i];
	(void)run_step(r, "undo", list, n, step_undo);
	free(list);
}

static push_outcome_t
apply_and_confirm(run_t *r)
{
	device_t **list = xcalloc(r->n + 1, sizeof(*list));
	size_t i, n, all = 0;
	bool ok = true;
	unsigned int s;

	for (s = 0; s < PUSH_NSTAGES && ok; s++) {
		for (i = 0, n = 0; i < r->n; i++)
			if (r->devs[i].changes && r->devs[i].t->stage == s)
				list[n++] = &r->devs[i];
		ok = run_step(r, "apply", list, n, device_apply);
	}
	for (i = 0; i < r->n; i++)
		if (r->devs[i].changes)
			list[all++] = &r->devs[i];
	if (ok)
		ok = run_step(r, "check", list, all, device_check);
	if (ok)
		ok = run_step(r, "confirm", list, all, device_confirm);
	free(list);
	if (!ok)
		undo_all(r);
	return ok ? PUSH_CHANGED : PUSH_FAILED;
}

static int
step_preview(device_t *d)
{
	return device_preview(d);
}

static int
setup(run_t *r, bool shared, sg_err_t *err)
{
	const push_opts_t *o = r->o;
	bool *chosen;
	diag_list_t *dl = diag_list_new();
	char **want;
	size_t i, k;
	int rc;

	/*
	 * Held to the end: a render swapping the bundle, or a second push,
	 * would split this run's log from the bundle it belongs to.
	 */
	r->lock = open(o->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (r->lock >= 0 && flock(r->lock, (shared ? LOCK_SH : LOCK_EX) |
	    LOCK_NB) != 0 && errno == EWOULDBLOCK) {
		rc = sg_err_set(err, SG_EINVAL, "%s is in use by another push, "
		    "rollback, render or status; run again when it has ended",
		    o->dir);
		goto out;
	}
	if ((rc = push_bundle_load(&r->b, o->dir, err)) != 0)
		goto out;
	/* names that are new on every push: NX-OS never reuses a checkpoint */
	(void)snprintf(r->session, sizeof(r->session), "spangen-%s-%ld",
	    r->b->id, (long)time(NULL) % 100000000L);
	r->dopts = o->dev;
	r->dopts.session_name = r->session;
	rc = vendor_set_load_default(&r->vendors, dl, err);
	if (r->vendors == NULL)
		goto out;
	rc = 0;
	for (i = 0; i < o->nonly; i++)
		if (push_bundle_find(r->b, o->only[i]) == NULL) {
			rc = sg_err_set(err, SG_EINVAL, "--device %s: not a "
			    "device of the bundle %s", o->only[i], o->dir);
			r->bad_option = true;
			goto out;
		}
	chosen = xcalloc(r->b->ntargets + 1, sizeof(*chosen));
	want = xcalloc(r->b->ntargets + 1, sizeof(*want));
	r->exact = xcalloc(r->b->ntargets + 1, sizeof(*r->exact));
	if ((rc = load_owned(r, err)) != 0)
		;
	else if (o->rollback)
		rc = rollback_set(r, chosen, want, err);
	else
		for (i = 0; i < r->b->ntargets; i++)
			chosen[i] = true;
	r->devs = xcalloc(r->b->ntargets + 1, sizeof(*r->devs));
	r->logs = xcalloc(r->b->ntargets + 1, sizeof(*r->logs));
	r->want = NULL;
	for (i = 0, k = 0; rc == 0 && i < r->b->ntargets; i++) {
		const push_target_t *t = &r->b->targets[i];
		const vendor_t *v = vendor_set_find(r->vendors, t->vendor);

		/* render-only: chosen by nothing, listed for the operator */
		if (t->transport == PUSH_TR_RENDER_ONLY && selected(o, t->name))
			r->nmanual++;
		if (!chosen[i] || !selected(o, t->name) ||
		    t->transport == PUSH_TR_RENDER_ONLY)
			continue;
		if (v == NULL) {
			rc = sg_err_set(err, SG_EINVAL, "%s: vendor '%s' is not "
			    "installed", t->name, t->vendor);
			break;
		}
		if ((rc = device_init(&r->devs[k], t, v, &r->dopts, o->rollback,
		    NULL, err)) != 0)
			break;
		if (want[i] != NULL) {
			r->devs[k].want = want[i];
			r->devs[k].want_len = strlen(want[i]);
		}
		if (r->exact[i].data != NULL)
			r->devs[k].change = &r->exact[i];
		r->devs[k].owned_in = r->owned[i];
		k++;
		r->n = k;
	}
	r->n = k;
	/* the device records borrow want[]; it lives as long as the run */
	r->want = want;
	free(chosen);
 out:
	diag_list_free(dl);
	return rc;
}

static void
teardown(run_t *r)
{
	char **want = r->want;
	size_t i;

	for (i = 0; i < r->n; i++) {
		device_dispose(&r->devs[i]);
		if (r->logs[i] != NULL)
			(void)fclose(r->logs[i]);
	}
	if (r->b != NULL)
		for (i = 0; i < r->b->ntargets; i++) {
			if (want != NULL)
				free(want[i]);
			if (r->exact != NULL)
				free(r->exact[i].data);
			if (r->owned != NULL)
				free(r->owned[i].data);
		}
	free(want);
	free(r->exact);
	free(r->owned);
	free(r->devs);
	free(r->logs);
	push_bundle_free(r->b);
	vendor_set_free(r->vendors);
	if (r->lock >= 0)
		(void)close(r->lock);
}

/* What the previews found, and so what happens next. */
static push_outcome_t
decide(run_t *r)
{
	const push_opts_t *o = r->o;
	size_t i, nchanged = 0, nfailed = 0;
	push_outcome_t outcome;

	for (i = 0; i < r->n; i++) {
		report_preview(r, &r->devs[i]);
		if (r->devs[i].err.code == 0)
			save_preview(r, &r->devs[i]);
		nfailed += r->devs[i].err.code != 0;
		nchanged += r->devs[i].changes;
	}
	if (nfailed > 0) {
		(void)fprintf(o->out, "%zu device%s could not be read or "
		    "refused the change; nothing was changed\n", nfailed, nfailed == 1 ? "" : "s");
		outcome = PUSH_FAILED;
	} else if (nchanged == 0) {
		(void)fprintf(o->out, "nothing to change on %zu device%s\n",
		    r->n, r->n == 1 ? "" : "s");
		outcome = PUSH_UNCHANGED;
	} else if (o->dry_run) {
		(void)fprintf(o->out, "dry run: %zu of %zu device%s would "
		    "change; nothing was changed\n", nchanged, r->n,
		    r->n == 1 ? "" : "s");
		outcome = PUSH_DRY_RUN_CHANGES;
	} else if (!o->assume_yes && o->ask == NULL) {
		(void)fprintf(o->out, "refusing to change %zu device%s without "
		    "a terminal to ask on: review the diff above, then run "
		    "again with --yes\n", nchanged, nchanged == 1 ? "" : "s");
		outcome = PUSH_FAILED;
	} else if (!o->assume_yes && !o->ask("Apply these changes?")) {
		(void)fprintf(o->out, "nothing was changed\n");
		outcome = PUSH_FAILED;
	} else
		outcome = PUSH_CHANGED;
	return outcome;
}

int
push_run(const push_opts_t *o, push_outcome_t *outcome, sg_err_t *err)
{
	static const char *const recorded_as[] = {
		[PUSH_UNCHANGED] = "ok",
		[PUSH_CHANGED] = "ok",
		[PUSH_DRY_RUN_CHANGES] = "changes",
		[PUSH_FAILED] = "failed",
		[PUSH_BAD_OPTION] = "failed",
	};
	run_t r;
	device_t **list;
	size_t i;
	int rc;

	memset(&r, 0, sizeof(r));
	r.o = o;
	r.lock = -1;
	*outcome = PUSH_FAILED;
	/* the workers parse NETCONF replies, and this thread the previews */
	device_threads_init();
	if ((rc = setup(&r, false, err)) != 0 ||
	    (rc = make_logdir(&r, err)) != 0) {
		if (r.bad_option)
			*outcome = PUSH_BAD_OPTION;
		goto out;
	}
	report_manual(&r);
	if (r.n == 0) {
		(void)fprintf(o->out, "no device to %s\n", o->rollback ?
		    "roll back" : "push");
		*outcome = PUSH_UNCHANGED;
		goto out;
	}
	list = xcalloc(r.n, sizeof(*list));
	for (i = 0; i < r.n; i++)
		list[i] = &r.devs[i];
	(void)run_step(&r, "read", list, r.n, step_preview);
	free(list);
	if ((*outcome = decide(&r)) == PUSH_CHANGED) {
		*outcome = apply_and_confirm(&r);
		report_states(&r);
	}
	write_summary(&r, recorded_as[*outcome]);
 out:
	teardown(&r);
	return rc;
}

/* ---- status ------------------------------------------------------------- */

/*
 * Checks that the bundle's last recorded change is a push, and gives each
 * device the managed states it had before each push of the bundle that
 * changed it, newest first, from those pushes' logs: one pass over them.
 */
static int
pushed_states(const run_t *r, status_device_t *sd, sg_err_t *err)
{
	char **names, dir[4400], last[4400], path[4600], *summary;
	size_t nlogs, i, k, slen;
	int what, first = 0, rc;
	push_text_t t;

	if ((rc = list_logs(r->o->dir, &names, &nlogs, err)) != 0)
		return rc;
	for (i = nlogs; i > 0 && first != 'r'; i--) {
		(void)snprintf(dir, sizeof(dir), "%s/%s", r->o->dir,
		    names[i - 1]);
		if ((what = recorded(dir)) == 0)
			continue;
		if (first == 0) {
			first = what;
			(void)snprintf(last, sizeof(last), "%s", dir);
		}
		(void)snprintf(path, sizeof(path), "%s/summary.txt", dir);
		if (what != 'p' ||
		    file_read(path, 1024 * 1024, &summary, &slen, NULL) != 0)
			continue;
		for (k = 0; k < r->n; k++) {
			if (!changed_in(summary, r->devs[k].t->name))
				continue;
			(void)snprintf(path, sizeof(path), "%s/%s/%s", dir,
			    r->devs[k].t->name,
			    device_before_file(&r->devs[k]));
			if (file_read(path, 64u * 1024 * 1024, &t.data, &t.len,
			    NULL) != 0)
				continue;
			sd[k].pushed_from = xreallocarray(sd[k].pushed_from,
			    sd[k].npushed_from + 1, sizeof(t));
			sd[k].pushed_from[sd[k].npushed_from++] = t;
		}
		free(summary);
	}
	free_names(names, nlogs);
	if (first == 'r')
		return sg_err_set(err, SG_ENOTFOUND, "%s: the last change "
		    "recorded in this bundle is a rollback (%s); nothing of it "
		    "is meant to be on the devices", r->o->dir, last);
	if (first == 0)
		return sg_err_set(err, SG_ENOTFOUND, "%s: no push that changed "
		    "a device is recorded in this bundle; push it first",
		    r->o->dir);
	return 0;
}

int
push_status(const push_opts_t *o, const status_opts_t *so,
    status_outcome_t *outcome, sg_err_t *err)
{
	status_device_t *sd = NULL;
	device_t **list = NULL;
	size_t i, k;
	run_t r;
	long checked;
	int rc;

	memset(&r, 0, sizeof(r));
	r.o = o;
	r.lock = -1;
	*outcome = STATUS_NOT_CHECKED;
	device_threads_init();
	if ((so->metrics != NULL &&
	    (rc = status_metrics_check(so->metrics, err)) != 0) ||
	    (rc = setup(&r, true, err)) != 0)
		goto out;
	sd = xcalloc(r.n + 1, sizeof(*sd));
	if ((rc = pushed_states(&r, sd, err)) != 0)
		goto out;
	if (r.n == 0) {
		rc = sg_err_set(err, SG_ENOTFOUND, "%s: no device of the "
		    "bundle can be read here (render-only devices are applied "
		    "and checked by hand)", o->dir);
		goto out;
	}
	list = xcalloc(r.n + 1, sizeof(*list));
	for (i = 0; i < r.n; i++) {
		list[i] = &r.devs[i];
		sd[i].d = &r.devs[i];
	}
	checked = (long)time(NULL);
	(void)run_step(&r, "read", list, r.n, step_preview);
	rc = status_report(o->dir, r.b->id, sd, r.n, checked, so, outcome,
	    err);
 out:
	for (i = 0; sd != NULL && i < r.n; i++) {
		for (k = 0; k < sd[i].npushed_from; k++)
			free(sd[i].pushed_from[k].data);
		free(sd[i].pushed_from);
	}
	free(sd);
	free(list);
	teardown(&r);
	return rc;
}
