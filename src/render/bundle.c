/*
 * bundle: files are collected as (path, bytes) pairs; writing is the only
 * part that touches the file system.  Replacing an old bundle is two
 * renames: old out of the way, new into place; the old one is then
 * removed, keeping its push-* logs, which record what was pushed.
 */
#include <dirent.h>
#include <errno.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "render/bundle.h"
#include "render/render.h"
#include "render/review.h"
#include "render/view.h"
#include "util/dirwalk.h"
#include "util/file.h"
#include "util/json.h"
#include "util/strmap.h"
#include "util/xmalloc.h"

static void
add_file(bundle_t *b, const char *path, char *data, size_t len)
{
	b->files = xreallocarray(b->files, b->nfiles + 1, sizeof(*b->files));
	b->files[b->nfiles].path = xstrdup(path);
	b->files[b->nfiles].data = data;
	b->files[b->nfiles].len = len;
	b->nfiles++;
}

static void
add_buf(bundle_t *b, const char *path, strbuf_t *sb)
{
	size_t len;
	char *data = strbuf_detach(sb, &len);

	add_file(b, path, data, len);
}

/*
 * What a switch was read to hold, with where and when it was read on the
 * first line: a comment to every dialect, so push reads the file as the
 * printout it compares the device with.
 */
static void
snapshot_file(strbuf_t *sb, const plan_snapshot_t *sn)
{
	strbuf_reset(sb);
	strbuf_adds(sb, "! spangen: read ");
	strbuf_add_display(sb, sn->when);
	strbuf_adds(sb, " from ");
	strbuf_add_display(sb, sn->source);
	strbuf_adds(sb, "; interfaces, VLANs and mirror sessions only, "
	    "without any line holding a key, password or secret\n");
	strbuf_add(sb, sn->text, sn->len);
}

void
bundle_sha256(char hex[65], const void *data, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	unsigned char md[SHA256_DIGEST_LENGTH];
	size_t i;

	(void)SHA256(data, len, md);
	for (i = 0; i < SHA256_DIGEST_LENGTH; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 0xf];
	}
	hex[64] = '\0';
}

void
bundle_manifest_write(strbuf_t *sb, const bundle_file_t *files,
    size_t nfiles)
{
	char hex[65];
	size_t i;

	for (i = 0; i < nfiles; i++) {
		bundle_sha256(hex, files[i].data, files[i].len);
		strbuf_addf(sb, "%s  %s\n", hex, files[i].path);
	}
}

int
bundle_manifest_read(char *text, bundle_manifest_fn fn, void *ctx,
    const char *what, sg_err_t *err)
{
	char *line, *next;
	int rc = 0;

	for (line = text; rc == 0 && *line != '\0'; line = next) {
		next = line + strcspn(line, "\n");
		if (*next == '\n')
			*next++ = '\0';
		if (strlen(line) < 67 || line[64] != ' ' || line[65] != ' ')
			rc = sg_err_set(err, SG_EINVAL, "%s: malformed line "
			    "'%.80s'", what, line);
		else
			rc = fn(ctx, line, line + 66);
	}
	return rc;
}

static int
cmp_files(const void *a, const void *b)
{
	return strcmp(((const bundle_file_t *)a)->path,
	    ((const bundle_file_t *)b)->path);
}

/*
 * Where a device sits on its mirror paths: 0 it has sources, 1 it only
 * carries VLANs, 2 it only delivers.  Pushes go 2, 1, 0; rollbacks 0, 1, 2.
 */
static int
device_rank(const plan_t *plan, size_t dev)
{
	bool sources = false;
	size_t i, n;

	/*
	 * A device that delivers a remote mirror is a destination, even if it
	 * also has local sessions: those do not depend on other devices.
	 */
	for (n = plan_device_sessions(plan, dev, &i); n > 0; n--, i++) {
		switch (plan->sessions[i].role) {
		case ROLE_RSPAN_DESTINATION:
		case ROLE_ERSPAN_DESTINATION:
		case ROLE_VSWITCH_DESTINATION:
			return 2;
		default:
			sources = true;
		}
	}
	return sources ? 0 : 1;
}

static int
cmp_push_order(const void *a, const void *b)
{
	const review_device_t *x = a, *y = b;

	if (x->rank != y->rank)
		return y->rank - x->rank;
	return strcmp(x->name, y->name);
}

/*
 * targets.json: how push reaches each device and in which order, so push
 * needs the bundle only.  It names the variable that holds a password,
 * never a secret.
 */
static void
targets_json(strbuf_t *sb, const inventory_t *inv, review_device_t *devs,
    size_t ndevs)
{
	static const char *const auths[] = { "key", "agent", "password" };
	static const char *const stages[] = { "source", "transit",
	    "destination" };
	json_t j;
	size_t i;

	qsort(devs, ndevs, sizeof(*devs), cmp_push_order);
	json_init(&j, sb);
	json_begin_object(&j, false);
	json_key(&j, "spangen");
	json_uint(&j, 1);
	json_key(&j, "devices");
	json_begin_array(&j, false);
	for (i = 0; i < ndevs; i++) {
		const inv_access_t *acc = inventory_device_access(inv,
		    devs[i].index);

		json_begin_object(&j, false);
		json_key(&j, "name");
		json_string(&j, devs[i].name);
		json_key(&j, "vendor");
		json_string(&j, devs[i].vendor);
		json_key(&j, "stage");
		json_string(&j, stages[devs[i].rank]);
		json_key(&j, "transport");
		json_string(&j, inv_transport_names[acc->transport]);
		json_key(&j, "host");
		json_string(&j, acc->mgmt_host);
		json_key(&j, "port");
		json_uint(&j, acc->mgmt_port);
		json_key(&j, "username");
		json_string(&j, acc->username);
		json_key(&j, "auth");
		json_string(&j, auths[acc->auth]);
		json_key(&j, "key_file");
		json_string(&j, acc->auth == INV_AUTH_KEY ? acc->key_file : NULL);
		json_key(&j, "password_env");
		json_string(&j, acc->auth == INV_AUTH_PASSWORD ?
		    acc->password_env : NULL);
		json_key(&j, "ext");
		json_string(&j, devs[i].ext);
		json_end_object(&j);
	}
	json_end_array(&j);
	json_end_object(&j);
	strbuf_addc(sb, '\n');
}

int
bundle_build(bundle_t **out, const inventory_t *inv, const plan_t *plan,
    const char *templates_dir, sg_err_t *err)
{
	return bundle_build_exact(out, inv, plan, templates_dir, NULL, err);
}

int
bundle_build_exact(bundle_t **out, const inventory_t *inv,
    const plan_t *plan, const char *templates_dir, bundle_exact_fn exact,
    sg_err_t *err)
{
	const plan_snapshot_t *sn;
	char *rollback;
	render_set_t *rs = render_set_new(templates_dir);
	review_device_t *devs = NULL;
	strbuf_t sb = STRBUF_INIT(0);
	render_files_t rf;
	char path[512];
	size_t dev, ndev = inventory_ndevices(inv);
	bundle_t *b;
	int rc = 0;

	*out = NULL;
	b = xcalloc(1, sizeof(*b));
	for (dev = 0; dev < ndev && rc == 0; dev++) {
		if (!view_device_touched(inv, plan, dev))
			continue;
		if ((rc = render_device(rs, inv, plan, dev, &rf, err)) != 0)
			break;
		(void)snprintf(path, sizeof(path), "devices/%s/intended.%s",
		    inventory_device_name(inv, dev), rf.ext);
		add_file(b, path, rf.intended, strlen(rf.intended));
		sn = plan->snapshots != NULL && dev < inv->nswitches &&
		    plan->snapshots[dev].text != NULL ?
		    &plan->snapshots[dev] : NULL;
		rollback = rf.rollback;
		if (exact != NULL && sn != NULL && (strcmp(rf.ext, "cfg") ==
		    0 || strcmp(rf.ext, "xml") == 0)) {
			if ((rollback = exact(inventory_device_vendor(inv,
			    dev), rf.ext, sn, rf.intended, err)) == NULL) {
				/* intended is the bundle's already */
				rc = err->code;
				free(rf.rollback);
				free(rf.verify);
				free(rf.state);
				free(rf.expected);
				break;
			}
			free(rf.rollback);
			rf.rollback = rollback;
		}
		(void)snprintf(path, sizeof(path), "devices/%s/rollback.%s",
		    inventory_device_name(inv, dev), rf.ext);
		add_file(b, path, rf.rollback, strlen(rf.rollback));
		(void)snprintf(path, sizeof(path), "devices/%s/verify.txt",
		    inventory_device_name(inv, dev));
		add_file(b, path, rf.verify, strlen(rf.verify));
		if (rf.state != NULL) {
			(void)snprintf(path, sizeof(path),
			    "devices/%s/state.sh",
			    inventory_device_name(inv, dev));
			add_file(b, path, rf.state, strlen(rf.state));
			(void)snprintf(path, sizeof(path),
			    "devices/%s/expected.txt",
			    inventory_device_name(inv, dev));
			add_file(b, path, rf.expected, strlen(rf.expected));
		}
		if (plan->snapshots != NULL && dev < inv->nswitches &&
		    plan->snapshots[dev].text != NULL) {
			snapshot_file(&sb, &plan->snapshots[dev]);
			(void)snprintf(path, sizeof(path),
			    "devices/%s/observed.txt",
			    inventory_device_name(inv, dev));
			add_buf(b, path, &sb);
		}
		devs = xreallocarray(devs, b->ndevices + 1, sizeof(*devs));
		devs[b->ndevices].index = dev;
		devs[b->ndevices].name = inventory_device_name(inv, dev);
		devs[b->ndevices].vendor =
		    inventory_device_vendor(inv, dev)->name;
		devs[b->ndevices].ext = rf.ext;
		devs[b->ndevices].verify = rf.verify;
		devs[b->ndevices].rank = device_rank(plan, dev);
		b->ndevices++;
	}
	if (rc == 0) {
		review_plan_md(&sb, inv, plan, devs, b->ndevices);
		add_buf(b, "plan.md", &sb);
		plan_format_json(&sb, plan);
		add_buf(b, "plan.json", &sb);
		review_mermaid(&sb, plan);
		add_buf(b, "topology.mmd", &sb);
		review_dot(&sb, plan);
		add_buf(b, "topology.dot", &sb);
		targets_json(&sb, inv, devs, b->ndevices);
		add_buf(b, "targets.json", &sb);
		qsort(b->files, b->nfiles, sizeof(*b->files), cmp_files);
		bundle_manifest_write(&sb, b->files, b->nfiles);
		add_buf(b, "MANIFEST", &sb);
	}
	free(devs);
	render_set_free(rs);
	strbuf_dispose(&sb);
	if (rc != 0) {
		bundle_free(b);
		return rc;
	}
	/* success */
	*out = b;
	return 0;
}

void
bundle_free(bundle_t *b)
{
	size_t i;

	if (b == NULL)
		return;
	for (i = 0; i < b->nfiles; i++) {
		free(b->files[i].path);
		free(b->files[i].data);
	}
	free(b->files);
	free(b);
}

/* ---- writing ---------------------------------------------------------- */

static int
remove_one(void *ctx, const dirwalk_entry_t *e)
{
	int rc = 0;

	(void)ctx;
	if (e->kind == DIRWALK_DIR_DONE)
		rc = rmdir(e->path);
	else if (e->kind != DIRWALK_DIR)
		rc = unlink(e->path);
	return rc == 0 ? 0 : SG_EIO;
}

/* Stops at the first file it cannot remove, leaving the rest. */
static void
remove_tree(const char *dir)
{
	(void)dirwalk(dir, remove_one, NULL);
}

static int
mkdirs(const char *root, const char *rel, sg_err_t *err)
{
	char path[4096];
	size_t i;
	int n;

	for (i = 0; rel[i] != '\0'; i++) {
		if (rel[i] != '/')
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

static int
write_file(const char *root, const bundle_file_t *f, sg_err_t *err)
{
	char path[4096];
	FILE *fp;
	int n, rc = 0;

	if ((rc = mkdirs(root, f->path, err)) != 0)
		return rc;
	n = snprintf(path, sizeof(path), "%s/%s", root, f->path);
	if (n < 0 || (size_t)n >= sizeof(path))
		return sg_err_set(err, SG_ETOOBIG, "%s/%s: path too long",
		    root, f->path);
	if ((fp = fopen(path, "w")) == NULL)
		return sg_err_set(err, SG_EIO, "%s: %s", path, strerror(errno));
	if (fwrite(f->data, 1, f->len, fp) != f->len)
		rc = sg_err_set(err, SG_EIO, "%s: %s", path, strerror(errno));
	if (fclose(fp) != 0 && rc == 0)
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

struct stray {
	const char	*dir;
	strmap_t	 listed;	/* the paths its MANIFEST names */
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
 */
static int
stray_one(void *ctx, const dirwalk_entry_t *e)
{
	struct stray *s = ctx;
	int rc = 0;

	if (e->kind == DIRWALK_NOREAD)
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
 * 1 when dir holds a spangen bundle and nothing else: every file is listed
 * in its MANIFEST.  Anything more (a user's notes, a push log of a pushed
 * bundle) means the directory is not spangen's to replace; 0 when the
 * MANIFEST cannot be read.
 */
static int
check_bundle(const char *dir, sg_err_t *err)
{
	strbuf_t path = STRBUF_INIT(0);
	struct stray s = { dir, STRMAP_INIT, NULL, NULL, 0 };
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
		    "of the bundle (%s); refusing to replace it, choose "
		    "another output with -o", dir, s.name != NULL ? s.name :
		    "unreadable files", strncmp(s.name != NULL ? s.name : "",
		    "push-", 5) == 0 ? "this bundle was pushed: roll it back "
		    "or render elsewhere" : "not in its MANIFEST");
 out:
	strmap_dispose(&s.listed);
	free(s.name);
	free(s.edited);
	free(manifest);
	strbuf_dispose(&path);
	return rc;
}

/* What is at dir now: 0 nothing or an empty directory, 1 a bundle. */
static int
check_target(const char *dir, int *state, sg_err_t *err)
{
	const char *base;
	struct dirent *de;
	struct stat st;
	DIR *d;
	bool empty = true;
	int rc;

	*state = 0;
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
		*state = 1;
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
	*state = 2;
	return 0;
}

int
bundle_write(const bundle_t *b, const char *out_dir, sg_err_t *err)
{
	char dir[4096], tmp[4200], old[4200];
	size_t i, len;
	int state, rc, n;

	/* "out/" and "out" are the same directory; the siblings need "out" */
	len = strlen(out_dir);
	while (len > 1 && out_dir[len - 1] == '/')
		len--;
	if (len >= sizeof(dir))
		return sg_err_set(err, SG_ETOOBIG, "%s: path too long", out_dir);
	memcpy(dir, out_dir, len);
	dir[len] = '\0';
	if ((rc = check_target(dir, &state, err)) != 0)
		return rc;
	n = snprintf(tmp, sizeof(tmp), "%s.tmp-XXXXXX", dir);
	if (n < 0 || (size_t)n >= sizeof(tmp))
		return sg_err_set(err, SG_ETOOBIG, "%s: path too long", dir);
	if (mkdtemp(tmp) == NULL)
		return sg_err_set(err, SG_EIO, "%s: %s", tmp, strerror(errno));
	(void)chmod(tmp, 0755);
	for (i = 0; i < b->nfiles && rc == 0; i++)
		rc = write_file(tmp, &b->files[i], err);
	if (rc == 0 && state == 1) {
		(void)snprintf(old, sizeof(old), "%s.old-XXXXXX", dir);
		if (mkdtemp(old) == NULL || rmdir(old) != 0 ||
		    rename(dir, old) != 0)
			rc = sg_err_set(err, SG_EIO, "%s: %s", dir,
			    strerror(errno));
	}
	/* rename(2) replaces an empty directory in one step */
	if (rc == 0 && rename(tmp, dir) != 0) {
		rc = sg_err_set(err, SG_EIO, "%s: %s", dir, strerror(errno));
		if (state == 1)
			(void)rename(old, dir);	/* put the old one back */
	}
	if (rc != 0) {
		remove_tree(tmp);
		return rc;
	}
	if (state == 1)
		remove_tree(old);
	return 0;
}
