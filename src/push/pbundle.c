/*
 * pbundle: see pbundle.h.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/bundle.h"
#include "util/diag.h"
#include "util/dirwalk.h"
#include "util/ydoc.h"
#include "push/pbundle.h"
#include "util/file.h"
#include "util/xmalloc.h"

#define BUNDLE_FILE_MAX	(64u * 1024 * 1024)

/* The spellings render writes into targets.json. */
const char *const push_transport_names[] = {
	"ssh", "ssh-exec", "netconf", "render-only", NULL
};
const char *const push_auth_names[] = { "key", "agent", "password", NULL };
const char *const push_stage_names[] = {
	"destination", "transit", "source", NULL
};

typedef struct listed {
	char	**paths;	/* sorted */
	size_t	  n;
} listed_t;

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool
is_listed(const listed_t *l, const char *path)
{
	return l->n > 0 && bsearch(&path, l->paths, l->n, sizeof(*l->paths),
	    cmp_str) != NULL;
}

/* A path MANIFEST may name: relative, no "..", no odd characters. */
static bool
safe_path(const char *p)
{
	const char *c;

	if (*p == '\0' || *p == '/' || strstr(p, "..") != NULL)
		return false;
	for (c = p; *c != '\0'; c++)
		if (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789_.-/", *c) == NULL)
			return false;
	return true;
}

struct manifest {
	const char	*dir;
	listed_t	*listed;
	sg_err_t	*err;
};

/* A MANIFEST line: its path must be safe and the file must match it. */
static int
check_line(void *ctx, const char *line, const char *rel)
{
	struct manifest *m = ctx;
	char path[4096], hex[65], *data = NULL;
	size_t dlen;
	int rc;

	/* the path is what is wrong: name it whole, the hash is of no help */
	if (!safe_path(rel))
		return sg_err_set(m->err, SG_EINVAL, "%s/MANIFEST lists '%s', "
		    "which is not a path inside the bundle", m->dir, rel);
	(void)snprintf(path, sizeof(path), "%s/%s", m->dir, rel);
	if ((rc = file_read(path, BUNDLE_FILE_MAX, &data, &dlen,
	    m->err)) != 0) {
		if (rc == SG_ENOTFOUND)
			rc = sg_err_set(m->err, SG_EINVAL, "%s: missing, but "
			    "listed in MANIFEST; render the bundle again",
			    path);
		goto out;
	}
	bundle_sha256(hex, data, dlen);
	if (memcmp(hex, line, 64) != 0) {
		rc = sg_err_set(m->err, SG_EINVAL, "%s: changed since it was "
		    "rendered (its sha256 does not match MANIFEST); render and "
		    "review the bundle again", path);
		goto out;
	}
	m->listed->paths = xreallocarray(m->listed->paths, m->listed->n + 1,
	    sizeof(*m->listed->paths));
	m->listed->paths[m->listed->n++] = xstrdup(rel);
 out:
	free(data);
	return rc;
}

static int
check_manifest(const char *dir, listed_t *l, char id[9], sg_err_t *err)
{
	struct manifest m = { dir, l, err };
	char *text = NULL, path[4096], hex[65];
	size_t len;
	int rc;

	(void)snprintf(path, sizeof(path), "%s/MANIFEST", dir);
	if ((rc = file_read(path, BUNDLE_FILE_MAX, &text, &len, err)) != 0) {
		if (rc == SG_ENOTFOUND)
			rc = sg_err_set(err, SG_EINVAL, "%s: not a spangen "
			    "bundle (no MANIFEST); run spangen render first",
			    dir);
		goto out;
	}
	bundle_sha256(hex, text, len);
	memcpy(id, hex, 8);
	id[8] = '\0';
	rc = bundle_manifest_read(text, check_line, &m, path, err);
	if (l->n > 0)
		qsort(l->paths, l->n, sizeof(*l->paths), cmp_str);
 out:
	free(text);
	return rc;
}

struct unlisted {
	const listed_t	*listed;
	sg_err_t	*err;
};

static int
unlisted_one(void *ctx, const dirwalk_entry_t *e)
{
	struct unlisted *u = ctx;
	int rc = 0;

	if (e->depth == 1 && (strcmp(e->rel, "MANIFEST") == 0 ||
	    strncmp(e->rel, "push-", 5) == 0))
		rc = DIRWALK_SKIP;
	else if (e->kind == DIRWALK_NOREAD)
		rc = sg_err_set(u->err, SG_EIO, "%s: cannot read the directory",
		    e->path);
	else if (e->kind == DIRWALK_NOSTAT)
		rc = sg_err_set(u->err, SG_EIO, "%s: cannot stat", e->path);
	else if (e->kind == DIRWALK_FILE && !is_listed(u->listed, e->rel))
		rc = sg_err_set(u->err, SG_EINVAL, "%s: not in MANIFEST; a "
		    "bundle holds only what was rendered and reviewed",
		    e->path);
	return rc;
}

/* Every file in the bundle but MANIFEST and push logs must be listed. */
static int
check_unlisted(const char *root, const listed_t *l, sg_err_t *err)
{
	struct unlisted u = { l, err };

	return dirwalk(root, unlisted_one, &u);
}

static const ynode_t *
member(const ynode_t *map, const char *key)
{
	size_t i;

	for (i = 0; map != NULL && map->kind == YNODE_MAP && i < map->n; i++)
		if (map->pairs[i].key->kind == YNODE_SCALAR &&
		    strcmp(map->pairs[i].key->str, key) == 0)
			return map->pairs[i].value;
	return NULL;
}

/* A string member, NULL for null; *bad when present but not a string. */
static char *
str_member(const ynode_t *map, const char *key, bool required, bool *bad)
{
	const ynode_t *v = member(map, key);

	if (v == NULL || v->kind != YNODE_SCALAR) {
		*bad |= required || v != NULL;
		return NULL;
	}
	if (v->plain && strcmp(v->str, "null") == 0) {
		*bad |= required;
		return NULL;
	}
	if (strlen(v->str) != v->len || strpbrk(v->str, "\r\n") != NULL) {
		*bad = true;
		return NULL;
	}
	return xstrdup(v->str);
}

/* A required string member that must be one of names: its index. */
static int
enum_member(const ynode_t *map, const char *key, const char *const *names,
    bool *bad)
{
	char *s = str_member(map, key, true, bad);
	int i;

	for (i = 0; s != NULL && names[i] != NULL; i++)
		if (strcmp(names[i], s) == 0)
			break;
	if (s == NULL || names[i] == NULL) {
		*bad = true;
		i = 0;
	}
	free(s);
	return i;
}

static int
load_text(const char *dir, const char *name, const char *file,
    push_text_t *t, sg_err_t *err)
{
	char path[4096];
	int rc;

	(void)snprintf(path, sizeof(path), "%s/devices/%s/%s", dir, name, file);
	rc = file_read(path, BUNDLE_FILE_MAX, &t->data, &t->len, err);
	return rc == SG_ENOTFOUND && err->code == 0 ? 0 : rc;
}

static int
read_target(push_bundle_t *b, const ynode_t *node, size_t index,
    sg_err_t *err)
{
	push_target_t *t = &b->targets[index];
	const ynode_t *port = member(node, "port");
	char file[64];
	bool bad = false;
	int rc;

	t->name = str_member(node, "name", true, &bad);
	t->vendor = str_member(node, "vendor", true, &bad);
	t->stage = (push_stage_t)enum_member(node, "stage", push_stage_names,
	    &bad);
	t->transport = (push_transport_t)enum_member(node, "transport",
	    push_transport_names, &bad);
	t->host = str_member(node, "host", false, &bad);
	t->username = str_member(node, "username", false, &bad);
	t->auth = (push_auth_t)enum_member(node, "auth", push_auth_names, &bad);
	t->key_file = str_member(node, "key_file", false, &bad);
	t->password_env = str_member(node, "password_env", false, &bad);
	t->ext = str_member(node, "ext", true, &bad);
	if (port == NULL || port->kind != YNODE_SCALAR ||
	    (t->port = (uint32_t)strtoul(port->str, NULL, 10)) == 0 ||
	    t->port > 65535)
		bad = true;
	if (bad || strchr(t->name, '/') != NULL || !safe_path(t->name) ||
	    !safe_path(t->ext))
		return sg_err_set(err, SG_EINVAL, "%s/targets.json: device #%zu "
		    "is malformed", b->dir, index + 1);
	(void)snprintf(file, sizeof(file), "intended.%s", t->ext);
	if ((rc = load_text(b->dir, t->name, file, &t->intended, err)) != 0)
		return rc;
	(void)snprintf(file, sizeof(file), "rollback.%s", t->ext);
	if ((rc = load_text(b->dir, t->name, file, &t->rollback, err)) != 0 ||
	    (rc = load_text(b->dir, t->name, "state.sh", &t->state, err)) !=
	    0 ||
	    (rc = load_text(b->dir, t->name, "expected.txt", &t->expected,
	    err)) != 0 ||
	    (rc = load_text(b->dir, t->name, "observed.txt", &t->observed,
	    err)) != 0)
		return rc;
	if (t->intended.data == NULL || t->rollback.data == NULL)
		return sg_err_set(err, SG_EINVAL, "%s/devices/%s: no intended "
		    "or rollback file", b->dir, t->name);
	return 0;
}

static int
read_targets(push_bundle_t *b, sg_err_t *err)
{
	char path[4096];
	const ynode_t *devs;
	diag_list_t *dl = diag_list_new();
	ydoc_t *doc = NULL;
	size_t i;
	int rc;

	(void)snprintf(path, sizeof(path), "%s/targets.json", b->dir);
	if ((rc = ydoc_load(&doc, path, dl, err)) != 0 ||
	    diag_errors(dl) > 0) {
		if (rc == 0 || err->code == 0)
			rc = sg_err_set(err, SG_EINVAL, "%s: not valid JSON; "
			    "render the bundle again", path);
		goto out;
	}
	if ((devs = member(doc->root, "devices")) == NULL ||
	    devs->kind != YNODE_SEQ) {
		rc = sg_err_set(err, SG_EINVAL, "%s: no 'devices' list", path);
		goto out;
	}
	b->targets = xcalloc(devs->n + 1, sizeof(*b->targets));
	b->ntargets = devs->n;
	for (i = 0; i < devs->n && rc == 0; i++)
		rc = read_target(b, devs->items[i], i, err);
 out:
	ydoc_free(doc);
	diag_list_free(dl);
	return rc;
}

int
push_bundle_load(push_bundle_t **out, const char *dir, sg_err_t *err)
{
	push_bundle_t *b = xcalloc(1, sizeof(*b));
	listed_t l = { NULL, 0 };
	size_t i;
	int rc;

	*out = NULL;
	b->dir = xstrdup(dir);
	if ((rc = check_manifest(dir, &l, b->id, err)) == 0 &&
	    (rc = check_unlisted(dir, &l, err)) == 0) {
		if (!is_listed(&l, "targets.json"))
			rc = sg_err_set(err, SG_EINVAL, "%s: no targets.json; "
			    "render the bundle with this spangen", dir);
		else
			rc = read_targets(b, err);
	}
	for (i = 0; i < l.n; i++)
		free(l.paths[i]);
	free(l.paths);
	if (rc != 0) {
		push_bundle_free(b);
		return rc;
	}
	*out = b;
	return 0;
}

static void
text_free(push_text_t *t)
{
	free(t->data);
}

void
push_bundle_free(push_bundle_t *b)
{
	size_t i;

	if (b == NULL)
		return;
	for (i = 0; i < b->ntargets; i++) {
		push_target_t *t = &b->targets[i];

		free(t->name);
		free(t->vendor);
		free(t->host);
		free(t->username);
		free(t->key_file);
		free(t->password_env);
		free(t->ext);
		text_free(&t->intended);
		text_free(&t->rollback);
		text_free(&t->state);
		text_free(&t->expected);
		text_free(&t->observed);
	}
	free(b->targets);
	free(b->dir);
	free(b);
}

const push_target_t *
push_bundle_find(const push_bundle_t *b, const char *name)
{
	size_t i;

	for (i = 0; i < b->ntargets; i++)
		if (strcmp(b->targets[i].name, name) == 0)
			return &b->targets[i];
	return NULL;
}
