/*
 * bundle: files are collected as (path, bytes) pairs in memory; writing
 * them into a directory is bundledir's job.
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
#include "render/checklist.h"
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
	size_t dev, ndev = inventory_ndevices(inv), i;
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
		for (i = 0; i < inv->nsensors; i++) {
			checklist_sensor_md(&sb, inv, plan, i, 1);
			(void)snprintf(path, sizeof(path),
			    "sensors/%s/checklist.md", inv->sensors[i].name);
			add_buf(b, path, &sb);
		}
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
