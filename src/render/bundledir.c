/*
 * bundledir: the order of operations is what keeps a bundle whole.  The
 * new files go into DIR.tmp-XXXXXX; the old bundle's push-* logs move in
 * beside them; one renameat2(RENAME_EXCHANGE) swaps the two directories,
 * and the old one, now at the temporary name, is removed.  A kill at any
 * point leaves DIR holding a whole bundle (old or new), and every push
 * log in DIR or in a leftover that the next render moves back.  Where the
 * file system cannot exchange, two renames do it, and the next render
 * puts back an old bundle a kill left aside between them.
 *
 * Renders into one parent directory take turns (flock on the parent),
 * and a push holds a lock on its bundle, so a render never swaps a bundle
 * a push is writing its log into.
 */
#define _GNU_SOURCE	/* renameat2 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "render/bundledir.h"
#include "render/render.h"
#include "util/dirwalk.h"
#include "util/file.h"
#include "util/strmap.h"
#include "util/xmalloc.h"

static volatile sig_atomic_t stop_signal;

void
bundle_write_stop(int sig)
{
	stop_signal = sig;
}

int
bundle_write_stopped(void)
{
	return stop_signal;
}

/* ---- removing and writing files --------------------------------------- */

static int
remove_one(void *ctx, const dirwalk_entry_t *e)
{
	int *first = ctx, rc = 0;

	if (e->kind == DIRWALK_DIR_DONE)
		rc = rmdir(e->path);
	else if (e->kind != DIRWALK_DIR)
		rc = unlink(e->path);
	if (rc != 0 && *first == 0)
		*first = errno != 0 ? errno : EIO;
	/* go on: what can be removed is, and the rest is named once */
	return 0;
}

/* 0, or the errno of the first entry that could not be removed. */
static int
remove_tree(const char *dir)
{
	int first = 0;

	(void)dirwalk(dir, remove_one, &first);
	return first;
}

/*
 * The directories of rel below root, skipping those the previous file's
 * path prev (or NULL) already needed: one mkdir per directory, not per
 * file.
 */
static int
mkdirs(const char *root, const char *rel, const char *prev, sg_err_t *err)
{
	char path[4096];
	size_t i;
	int n;

	for (i = 0; rel[i] != '\0'; i++) {
		if (rel[i] != '/')
			continue;
		if (prev != NULL && strncmp(prev, rel, i + 1) == 0)
			continue;
		n = snprintf(path, sizeof(path), "%s/%.*s", root, (int)i, rel);
		if (n < 0 || (size_t)n >= sizeof(path))
			return sg_err_set(err, SG_ETOOBIG, "%s/%s: path too "
			    "long", root, rel);
		if (mkdir(path, 0755) != 0 && errno != EEXIST)
			return sg_err_set(err, SG_EIO, "%s: %s", path,
			    strerror(errno));
	}
	return 0;
}

/* One file, written straight from memory: no stdio buffer to fill. */
static int
write_file(const char *root, const bundle_file_t *f, const char *prev,
    sg_err_t *err)
{
	char path[4096];
	size_t done = 0;
	ssize_t w;
	int n, fd, rc = 0;

	if ((rc = mkdirs(root, f->path, prev, err)) != 0)
		return rc;
	n = snprintf(path, sizeof(path), "%s/%s", root, f->path);
	if (n < 0 || (size_t)n >= sizeof(path))
		return sg_err_set(err, SG_ETOOBIG, "%s/%s: path too long",
		    root, f->path);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0)
		return sg_err_set(err, SG_EIO, "%s: %s", path, strerror(errno));
	while (done < f->len) {
		w = write(fd, f->data + done, f->len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			rc = sg_err_set(err, SG_EIO, "%s: %s", path,
			    w < 0 ? strerror(errno) : "short write");
			break;
		}
		done += (size_t)w;
	}
	if (close(fd) != 0 && rc == 0)
		rc = sg_err_set(err, SG_EIO, "%s: %s", path, strerror(errno));
	return rc;
}

static bool
exists(const char *dir, const char *name)
{
	strbuf_t path = STRBUF_INIT(0);
	struct stat st;
	bool found;

	strbuf_addf(&path, "%s/%s", dir, name);
	found = stat(strbuf_str(&path), &st) == 0;
	strbuf_dispose(&path);
	return found;
}

static bool
is_dir(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* ---- push logs -------------------------------------------------------- */

typedef struct names {
	char	**v;
	size_t	  n;
} names_t;

static void
names_add(names_t *l, const char *name)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = xstrdup(name);
}

static void
names_dispose(names_t *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The push-* directories in dir, oldest first (their names hold the time). */
static void
list_logs(const char *dir, names_t *out)
{
	strbuf_t path = STRBUF_INIT(0);
	struct dirent *de;
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, "push-", 5) != 0)
			continue;
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", dir, de->d_name);
		if (is_dir(strbuf_str(&path)))
			names_add(out, de->d_name);
	}
	(void)closedir(d);
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), cmp_name);
	strbuf_dispose(&path);
}

/*
 * Where each device stands, walking the logs newest first: nothing seen
 * yet, undone by a rollback (waiting for the push it undid), or back to
 * how it was before that push.
 */
enum { SEEN_NONE, SEEN_ROLLED_BACK, SEEN_RESTORED };

typedef struct standing {
	strmap_t	 index;		/* name -> entry; keys are names.v */
	names_t		 names;
	int		*seen;
} standing_t;

static int *
standing_of(standing_t *s, const char *name)
{
	size_t i;

	if (!strmap_get(&s->index, name, &i)) {
		names_add(&s->names, name);
		s->seen = xreallocarray(s->seen, s->names.n, sizeof(*s->seen));
		i = s->names.n - 1;
		s->seen[i] = SEEN_NONE;
		/* the map borrows its keys; names.v moves, the strings do not */
		(void)strmap_add(&s->index, s->names.v[i], i);
	}
	return &s->seen[i];
}

/*
 * One device line of a summary.txt ("device NAME STATE") against the
 * device's standing; a message in err when the log says the device may
 * still carry a change.
 */
static int
log_device(standing_t *standing, const char *dir, const char *log,
    bool rollback, const char *name, const char *state, sg_err_t *err)
{
	int *seen;

	if (strcmp(state, "unknown") == 0)
		return sg_err_set(err, SG_EINVAL, "%s: %s left %s in an unknown "
		    "state; refusing to replace the bundle: check the device, "
		    "or render into another directory", dir, log, name);
	if (strcmp(state, "changed") != 0)
		return 0;	/* unchanged, or changed and undone at once */
	seen = standing_of(standing, name);
	if (rollback && *seen != SEEN_ROLLED_BACK) {
		*seen = SEEN_ROLLED_BACK;
		return 0;
	}
	if (!rollback && *seen == SEEN_ROLLED_BACK) {
		*seen = SEEN_RESTORED;
		return 0;
	}
	return sg_err_set(err, SG_EINVAL, "%s: this bundle was pushed (%s "
	    "changed %s) and not rolled back; refusing to replace it: roll it "
	    "back first (spangen rollback %s), or render into another "
	    "directory and push that with --replaces %s", dir, log, name, dir,
	    dir);
}

/*
 * Whether the bundle in dir may be replaced, given its push logs: each
 * device must have been left as it was, either by pushes that changed
 * nothing (dry runs, failures, nothing to do) or by a rollback of the
 * push that changed it.
 */
static int
logs_allow_replace(const char *dir, const names_t *logs, sg_err_t *err)
{
	standing_t standing = { STRMAP_INIT, { NULL, 0 }, NULL };
	strbuf_t path = STRBUF_INIT(0);
	char *text = NULL, *line, *next, *name, *state;
	size_t i, len;
	bool rollback;
	int rc = 0;

	for (i = logs->n; i > 0 && rc == 0; i--) {
		const char *log = logs->v[i - 1];

		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s/summary.txt", dir, log);
		if (file_read(strbuf_str(&path), 1024 * 1024, &text, &len,
		    NULL) != 0) {
			rc = sg_err_set(err, SG_EINVAL, "%s: %s has no "
			    "summary.txt, so that push or rollback was stopped "
			    "before it ended and what it left on the devices is "
			    "unknown; refusing to replace the bundle: check the "
			    "devices, or render into another directory", dir,
			    log);
			break;
		}
		rollback = strncmp(text, "command: rollback\n", 18) == 0;
		for (line = text; line != NULL && rc == 0; line = next) {
			if ((next = strchr(line, '\n')) != NULL)
				*next++ = '\0';
			if (strncmp(line, "device ", 7) != 0 ||
			    (state = strrchr(line, ' ')) == line + 6)
				continue;
			*state++ = '\0';
			name = line + 7;
			rc = log_device(&standing, dir, log, rollback, name,
			    state, err);
		}
		free(text);
		text = NULL;
	}
	strbuf_dispose(&path);
	strmap_dispose(&standing.index);
	names_dispose(&standing.names);
	free(standing.seen);
	return rc;
}

/*
 * Moves the push-* logs of from into to, one rename each, so a log is
 * always whole in exactly one of them.  A log to already has is left.
 */
static void
move_logs(const char *from, const char *to, strbuf_t *notes)
{
	strbuf_t src = STRBUF_INIT(0), dst = STRBUF_INIT(0);
	names_t logs = { NULL, 0 };
	size_t i;

	list_logs(from, &logs);
	for (i = 0; i < logs.n; i++) {
		strbuf_reset(&src);
		strbuf_reset(&dst);
		strbuf_addf(&src, "%s/%s", from, logs.v[i]);
		strbuf_addf(&dst, "%s/%s", to, logs.v[i]);
		if (exists(to, logs.v[i]) ||
		    rename(strbuf_str(&src), strbuf_str(&dst)) != 0)
			strbuf_addf(notes, "could not move the push log %s "
			    "into %s (%s); it stays where it is\n",
			    strbuf_str(&src), to, exists(to, logs.v[i]) ?
			    "one of that name is there" : strerror(errno));
	}
	names_dispose(&logs);
	strbuf_dispose(&src);
	strbuf_dispose(&dst);
}

/* ---- what is at DIR --------------------------------------------------- */

struct stray {
	const char	*dir;
	strmap_t	 listed;	/* the paths its MANIFEST names */
	names_t		 logs;		/* its push-* directories */
	char		*name;		/* the first file it does not */
	char		*edited;	/* the first listed file that changed */
	int		 own;		/* spangen's own files it lists */
};

/*
 * A listed file: remembered, counted when it is one only spangen writes,
 * and compared with its digest, since a bundle file edited by hand is the
 * user's work and must not be replaced without a word.
 */
static int
list_one(void *ctx, const char *line, const char *path)
{
	struct stray *s = ctx;
	strbuf_t full = STRBUF_INIT(0);
	char hex[65], *data = NULL;
	size_t len;

	(void)strmap_add(&s->listed, path, 0);
	s->own += strcmp(path, "plan.json") == 0 ||
	    strcmp(path, "targets.json") == 0;
	strbuf_addf(&full, "%s/%s", s->dir, path);
	if (s->edited == NULL && file_read(strbuf_str(&full), RENDER_MAX,
	    &data, &len, NULL) == 0) {
		bundle_sha256(hex, data, len);
		if (memcmp(hex, line, 64) != 0)
			s->edited = xstrdup(path);
	}
	free(data);
	strbuf_dispose(&full);
	return 0;
}

/*
 * What cannot be read is passed over, except a failure that is not
 * about permission or a vanished entry, which leaves the tree unknown.
 * A push-* directory is a push log: judged by logs_allow_replace().
 */
static int
stray_one(void *ctx, const dirwalk_entry_t *e)
{
	struct stray *s = ctx;
	int rc = 0;

	if (e->kind == DIRWALK_DIR && e->depth == 1 &&
	    strncmp(e->rel, "push-", 5) == 0) {
		names_add(&s->logs, e->rel);
		rc = DIRWALK_SKIP;
	} else if (e->kind == DIRWALK_NOREAD)
		rc = e->error == EACCES ? 0 : SG_EIO;
	else if (e->kind == DIRWALK_NOSTAT)
		rc = e->error == EACCES || e->error == ENOENT ? 0 : SG_EIO;
	else if (e->kind == DIRWALK_FILE && !S_ISLNK(e->st->st_mode) &&
	    strcmp(e->rel, "MANIFEST") != 0 &&
	    !strmap_get(&s->listed, e->rel, NULL)) {
		s->name = xstrdup(e->rel);
		rc = SG_EINVAL;
	}
	return rc;
}

/*
 * 1 when dir holds a spangen bundle and nothing else but push logs that
 * left every device as it was: every file is listed in its MANIFEST.
 * Anything more (a user's notes) means the directory is not spangen's to
 * replace; 0 when the MANIFEST cannot be read.
 */
static int
check_bundle(const char *dir, sg_err_t *err)
{
	strbuf_t path = STRBUF_INIT(0);
	struct stray s = { dir, STRMAP_INIT, { NULL, 0 }, NULL, NULL, 0 };
	char *manifest = NULL;
	size_t len;
	int rc = 0;

	strbuf_addf(&path, "%s/MANIFEST", dir);
	if (file_read(strbuf_str(&path), RENDER_MAX, &manifest, &len, err) !=
	    0)
		goto out;
	/* a MANIFEST render would not have written is unreadable to it */
	if (bundle_manifest_read(manifest, list_one, &s,
	    strbuf_str(&path), NULL) != 0)
		goto out;
	rc = 1;
	/* a sha256sum list of someone's files is no bundle of spangen's */
	if (s.own < 2)
		rc = sg_err_set(err, SG_EINVAL, "%s has a MANIFEST but is not a "
		    "spangen bundle (no plan.json and targets.json in it); "
		    "refusing to replace it, choose another output with -o",
		    dir);
	else if (s.edited != NULL)
		rc = sg_err_set(err, SG_EINVAL, "%s/%s was changed since it "
		    "was rendered (its sha256 differs from MANIFEST); refusing "
		    "to replace it: keep your edit elsewhere, or remove the "
		    "file, then render again", dir, s.edited);
	else if (dirwalk(dir, stray_one, &s) != 0)
		rc = sg_err_set(err, SG_EINVAL, "%s holds %s, which is not part "
		    "of the bundle (not in its MANIFEST); refusing to replace "
		    "it, choose another output with -o", dir, s.name != NULL ?
		    s.name : "unreadable files");
	else {
		if (s.logs.n > 1)
			qsort(s.logs.v, s.logs.n, sizeof(*s.logs.v),
			    cmp_name);
		if (logs_allow_replace(dir, &s.logs, err) != 0)
			rc = SG_EINVAL;
	}
 out:
	strmap_dispose(&s.listed);
	names_dispose(&s.logs);
	free(s.name);
	free(s.edited);
	free(manifest);
	strbuf_dispose(&path);
	return rc;
}

enum { TARGET_NONE, TARGET_BUNDLE, TARGET_EMPTY };

/* What is at dir now. */
static int
check_target(const char *dir, int *state, sg_err_t *err)
{
	const char *base;
	struct dirent *de;
	struct stat st;
	DIR *d;
	bool empty = true;
	int rc;

	*state = TARGET_NONE;
	/* the bundle replaces dir by a rename, which "." or ".." cannot be */
	base = strrchr(dir, '/') != NULL ? strrchr(dir, '/') + 1 : dir;
	if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
		return sg_err_set(err, SG_EINVAL, "%s: the bundle replaces its "
		    "directory, and '%s' cannot be replaced; give the "
		    "directory's own name with -o", dir, base);
	if (lstat(dir, &st) != 0)
		return errno == ENOENT ? 0 : sg_err_set(err, SG_EIO, "%s: %s",
		    dir, strerror(errno));
	if (S_ISLNK(st.st_mode))
		return sg_err_set(err, SG_EINVAL, "%s is a symbolic link%s; the "
		    "bundle replaces its directory and will not replace a "
		    "link: give the directory itself with -o", dir,
		    stat(dir, &st) != 0 ? " to nothing" : "");
	if (!S_ISDIR(st.st_mode))
		return sg_err_set(err, SG_EINVAL, "%s exists and is not a "
		    "directory; choose another output with -o", dir);
	if (exists(dir, "MANIFEST")) {
		if ((rc = check_bundle(dir, err)) != 1)
			return rc < 0 ? rc : sg_err_set(err, SG_EINVAL, "%s: "
			    "unreadable MANIFEST; refusing to replace it", dir);
		*state = TARGET_BUNDLE;
		return 0;
	}
	if ((d = opendir(dir)) == NULL)
		return sg_err_set(err, SG_EIO, "%s: %s", dir, strerror(errno));
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			empty = false;
	(void)closedir(d);
	if (!empty)
		return sg_err_set(err, SG_EINVAL, "%s is not a spangen bundle "
		    "(no MANIFEST) and not empty; refusing to replace it, "
		    "choose another output with -o", dir);
	/* an empty directory is replaced by the rename itself */
	*state = TARGET_EMPTY;
	return 0;
}

/* ---- leftovers of an interrupted render ------------------------------- */

/* Whether name is base.tmp-XXXXXX or base.old-XXXXXX (mkdtemp's six). */
static bool
leftover_name(const char *name, const char *base, size_t blen)
{
	const char *tail;
	size_t i;

	if (strncmp(name, base, blen) != 0)
		return false;
	tail = name + blen;
	if (strncmp(tail, ".tmp-", 5) != 0 && strncmp(tail, ".old-", 5) != 0)
		return false;
	for (i = 5; i < 11; i++)
		if (!((tail[i] >= 'a' && tail[i] <= 'z') ||
		    (tail[i] >= 'A' && tail[i] <= 'Z') ||
		    (tail[i] >= '0' && tail[i] <= '9')))
			return false;
	return tail[11] == '\0';
}

/* The leftovers beside dir, found in its parent, named as dir is. */
static void
list_leftovers(const char *dir, const char *parent, const char *base,
    names_t *out)
{
	strbuf_t path = STRBUF_INIT(0);
	size_t blen = strlen(base);
	struct dirent *de;
	DIR *d;

	if ((d = opendir(parent)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (!leftover_name(de->d_name, base, blen))
			continue;
		strbuf_reset(&path);
		strbuf_addf(&path, "%s%s", dir, de->d_name + blen);
		if (is_dir(strbuf_str(&path)))
			names_add(out, strbuf_str(&path));
	}
	(void)closedir(d);
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), cmp_name);
	strbuf_dispose(&path);
}

/*
 * A kill between the two renames of the fallback leaves no dir and the
 * old bundle at dir.old-*: it goes back, so nothing is lost and its logs
 * are judged as usual.
 */
static void
put_back_old(const char *dir, names_t *left, strbuf_t *notes)
{
	size_t i, found = 0, at = 0;
	struct stat st;

	if (lstat(dir, &st) == 0 || errno != ENOENT)
		return;
	for (i = 0; i < left->n; i++)
		if (strncmp(left->v[i] + strlen(dir), ".old-", 5) == 0 &&
		    exists(left->v[i], "MANIFEST")) {
			found++;
			at = i;
		}
	if (found != 1)
		return;
	if (rename(left->v[at], dir) != 0) {
		strbuf_addf(notes, "could not put the bundle at %s back at "
		    "%s: %s\n", left->v[at], dir, strerror(errno));
		return;
	}
	strbuf_addf(notes, "put back the bundle an interrupted render had "
	    "moved to %s\n", left->v[at]);
	free(left->v[at]);
	memmove(&left->v[at], &left->v[at + 1], (--left->n - at) *
	    sizeof(*left->v));
}

/*
 * Removes what an interrupted render left beside dir, after moving any
 * push log in it back into dir; a leftover with a log that cannot go
 * back stays, named.
 */
static void
sweep(const char *dir, const char *parent, const char *base,
    strbuf_t *notes)
{
	names_t left = { NULL, 0 }, logs;
	size_t i;
	int why;

	list_leftovers(dir, parent, base, &left);
	put_back_old(dir, &left, notes);
	for (i = 0; i < left.n; i++) {
		logs.v = NULL;
		logs.n = 0;
		if (is_dir(dir))
			move_logs(left.v[i], dir, notes);
		list_logs(left.v[i], &logs);
		if (logs.n > 0)
			strbuf_addf(notes, "left %s in place: it holds push "
			    "logs (%s...) that could not be moved into %s\n",
			    left.v[i], logs.v[0], dir);
		else if ((why = remove_tree(left.v[i])) != 0)
			strbuf_addf(notes, "could not remove %s, left by an "
			    "earlier render: %s; remove it by hand\n",
			    left.v[i], strerror(why));
		else
			strbuf_addf(notes, "removed %s, left by an earlier "
			    "render\n", left.v[i]);
		names_dispose(&logs);
	}
	names_dispose(&left);
}

/* ---- writing the bundle ----------------------------------------------- */

/*
 * Puts tmp at dir.  With an old bundle there, one exchange swaps them
 * and tmp then names the old one; a file system that cannot exchange
 * gets two renames, the old bundle going to old.
 */
static int
swap_in(const char *tmp, const char *dir, int state, char *old,
    size_t oldlen, sg_err_t *err)
{
	old[0] = '\0';
	/* rename(2) replaces an empty directory in one step */
	if (state != TARGET_BUNDLE) {
		if (rename(tmp, dir) != 0)
			return sg_err_set(err, SG_EIO, "%s: %s", dir,
			    strerror(errno));
		return 0;
	}
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, dir, RENAME_EXCHANGE) == 0) {
		(void)snprintf(old, oldlen, "%s", tmp);
		return 0;
	}
	if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
		return sg_err_set(err, SG_EIO, "%s: %s", dir, strerror(errno));
	(void)snprintf(old, oldlen, "%s.old-XXXXXX", dir);
	if (mkdtemp(old) == NULL || rmdir(old) != 0 || rename(dir, old) != 0) {
		old[0] = '\0';
		return sg_err_set(err, SG_EIO, "%s: %s", dir, strerror(errno));
	}
	if (rename(tmp, dir) != 0) {
		(void)sg_err_set(err, SG_EIO, "%s: %s", dir, strerror(errno));
		(void)rename(old, dir);	/* put the old one back */
		old[0] = '\0';
		return SG_EIO;
	}
	return 0;
}

/*
 * Locks: the parent, so renders beside each other take turns with the
 * sweep; and the old bundle, which a push holds while it runs.  The
 * locks go with the descriptors.
 */
static int
lock_dirs(const char *parent, const char *dir, int fds[2], sg_err_t *err)
{
	fds[0] = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	fds[1] = -1;
	if (fds[0] < 0)
		return sg_err_set(err, SG_EIO, "%s: %s", parent,
		    strerror(errno));
	/* a file system without locks (some NFS) is written unlocked */
	(void)flock(fds[0], LOCK_EX);
	fds[1] = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fds[1] >= 0 && flock(fds[1], LOCK_EX | LOCK_NB) != 0 &&
	    errno == EWOULDBLOCK)
		return sg_err_set(err, SG_EINVAL, "%s is in use by a push or "
		    "rollback; render again when it has ended", dir);
	return 0;
}

static void
unlock_dirs(int fds[2])
{
	if (fds[1] >= 0)
		(void)close(fds[1]);
	if (fds[0] >= 0)
		(void)close(fds[0]);
}

/* Writes every file of b into tmp, stopping at a signal. */
static int
write_files(const bundle_t *b, const char *tmp, sg_err_t *err)
{
	size_t i;
	int rc = 0;

	(void)chmod(tmp, 0755);
	for (i = 0; i < b->nfiles && rc == 0; i++) {
		if (stop_signal != 0)
			return sg_err_set(err, SG_EINTR, "stopped by signal %d "
			    "while writing the bundle; nothing was replaced",
			    (int)stop_signal);
		rc = write_file(tmp, &b->files[i], i > 0 ?
		    b->files[i - 1].path : NULL, err);
	}
	return rc;
}

int
bundle_write(const bundle_t *b, const char *out_dir, strbuf_t *notes,
    sg_err_t *err)
{
	char dir[4096], parent[4096], tmp[4200], old[4200];
	const char *base;
	size_t len;
	int state, rc, n, why, fds[2] = { -1, -1 };

	/* "out/" and "out" are the same directory; the siblings need "out" */
	len = strlen(out_dir);
	while (len > 1 && out_dir[len - 1] == '/')
		len--;
	if (len >= sizeof(dir))
		return sg_err_set(err, SG_ETOOBIG, "%s: path too long", out_dir);
	memcpy(dir, out_dir, len);
	dir[len] = '\0';
	if ((base = strrchr(dir, '/')) != NULL) {
		(void)snprintf(parent, sizeof(parent), "%.*s",
		    base == dir ? 1 : (int)(base - dir), dir);
		base++;
	} else {
		(void)snprintf(parent, sizeof(parent), ".");
		base = dir;
	}
	n = snprintf(tmp, sizeof(tmp), "%s.tmp-XXXXXX", dir);
	if (n < 0 || (size_t)n >= sizeof(tmp))
		return sg_err_set(err, SG_ETOOBIG, "%s: path too long", dir);
	/* "." and ".." are refused by check_target before anything else */
	if (strcmp(base, ".") != 0 && strcmp(base, "..") != 0) {
		if ((rc = lock_dirs(parent, dir, fds, err)) != 0)
			goto out;
		sweep(dir, parent, base, notes);
	}
	if ((rc = check_target(dir, &state, err)) != 0)
		goto out;
	if (mkdtemp(tmp) == NULL) {
		rc = sg_err_set(err, SG_EIO, "%s: %s", tmp, strerror(errno));
		goto out;
	}
	if ((rc = write_files(b, tmp, err)) != 0) {
		(void)remove_tree(tmp);
		goto out;
	}
	/* from here on a signal waits: the swap is quick and must finish */
	if (state == TARGET_BUNDLE)
		move_logs(dir, tmp, notes);
	if ((rc = swap_in(tmp, dir, state, old, sizeof(old), err)) != 0) {
		move_logs(tmp, dir, notes);
		(void)remove_tree(tmp);
		goto out;
	}
	if (old[0] != '\0') {
		move_logs(old, dir, notes);	/* none, unless one was left */
		if ((why = remove_tree(old)) != 0)
			strbuf_addf(notes, "could not remove the old bundle, "
			    "now at %s: %s; the next render tries again, or "
			    "remove it by hand\n", old, strerror(why));
	}
 out:
	unlock_dirs(fds);
	return rc;
}
