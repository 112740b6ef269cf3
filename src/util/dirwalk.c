/*
 * dirwalk: see dirwalk.h.  One path buffer serves the whole walk: each
 * entry appends "/NAME" and cuts it off again, so the depth of the tree
 * costs one open directory per level and nothing more.
 */
#include <dirent.h>
#include <errno.h>
#include <string.h>

#include "util/dirwalk.h"
#include "util/strbuf.h"

struct walk {
	dirwalk_fn	 fn;
	void		*ctx;
	strbuf_t	 path;
	size_t		 rootlen;
};

static int
visit(struct walk *w, size_t depth, dirwalk_kind_t kind,
    const struct stat *st, int error)
{
	dirwalk_entry_t e;

	e.path = strbuf_str(&w->path);
	e.rel = depth == 0 ? "" : e.path + w->rootlen + 1;
	e.depth = depth;
	e.kind = kind;
	e.st = st;
	e.error = error;
	return w->fn(w->ctx, &e);
}

static int	walk_entry(struct walk *w, size_t depth, const struct stat *st);

static int
walk_dir(struct walk *w, size_t depth, const struct stat *st)
{
	struct dirent *de;
	struct stat sub;
	size_t len = w->path.len;
	DIR *d = NULL;
	int rc;

	if ((rc = visit(w, depth, DIRWALK_DIR, st, 0)) != 0)
		goto out;
	if ((d = opendir(strbuf_str(&w->path))) == NULL) {
		rc = visit(w, depth, DIRWALK_NOREAD, st, errno);
		goto out;
	}
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		strbuf_addf(&w->path, "/%s", de->d_name);
		if (lstat(strbuf_str(&w->path), &sub) != 0)
			rc = visit(w, depth + 1, DIRWALK_NOSTAT, NULL, errno);
		else
			rc = walk_entry(w, depth + 1, &sub);
		rc = rc == DIRWALK_SKIP ? 0 : rc;
		strbuf_truncate(&w->path, len);
	}
	if (rc == 0)
		rc = visit(w, depth, DIRWALK_DIR_DONE, st, 0);
 out:
	if (d != NULL)
		(void)closedir(d);
	return rc == DIRWALK_SKIP ? 0 : rc;
}

static int
walk_entry(struct walk *w, size_t depth, const struct stat *st)
{
	if (S_ISDIR(st->st_mode))
		return walk_dir(w, depth, st);
	return visit(w, depth, DIRWALK_FILE, st, 0);
}

int
dirwalk(const char *root, dirwalk_fn fn, void *ctx)
{
	struct walk w;
	struct stat st;
	int rc;

	w.fn = fn;
	w.ctx = ctx;
	strbuf_init(&w.path, 0);
	strbuf_adds(&w.path, root);
	w.rootlen = w.path.len;
	/* the root is followed, as opendir(3) would follow it */
	if (stat(root, &st) != 0)
		rc = visit(&w, 0, DIRWALK_NOSTAT, NULL, errno);
	else
		rc = walk_entry(&w, 0, &st);
	strbuf_dispose(&w.path);
	return rc == DIRWALK_SKIP ? 0 : rc;
}
