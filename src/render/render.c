/*
 * render: a render_set_t caches, per vendor, the parsed entry templates
 * and the text of every partial read so far; views are built per device
 * in a scratch arena that is emptied after each device.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/render.h"
#include "render/view.h"
#include "util/file.h"
#include "util/strmap.h"
#include "util/xmalloc.h"

static const char *const exts[] = { "cfg", "sh", "ps1", NULL };

#define REFUSE_MARK	"SPANGEN-REFUSE:"

struct vendor_templates {
	char		*vendor;
	char		*dir;
	mustache_t	*intended[4];	/* by ext: cfg, sh, ps1, xml */
	mustache_t	*rollback[4];
	mustache_t	*verify;
	mustache_t	*state;		/* optional, for ssh-exec devices */
	mustache_t	*expected;
	bool		 state_tried;
	mustache_cache_t *cache;	/* parsed partials, by XML or not */
	mustache_cache_t *xml_cache;
	char		**partial_names;
	char		**partial_texts;	/* NULL: no such file */
	size_t		*partial_lens;
	size_t		 npartials;
};

struct render_set {
	char			*dir;
	struct vendor_templates	*v;
	size_t			 n;
	arena_t			 scratch;
};

render_set_t *
render_set_new(const char *templates_dir)
{
	render_set_t *rs = xcalloc(1, sizeof(*rs));

	rs->dir = xstrdup(templates_dir);
	arena_init(&rs->scratch);
	return rs;
}

void
render_set_free(render_set_t *rs)
{
	size_t i, k;

	if (rs == NULL)
		return;
	for (i = 0; i < rs->n; i++) {
		struct vendor_templates *vt = &rs->v[i];

		for (k = 0; k < 4; k++) {
			mustache_free(vt->intended[k]);
			mustache_free(vt->rollback[k]);
		}
		mustache_free(vt->verify);
		mustache_free(vt->state);
		mustache_free(vt->expected);
		mustache_cache_free(vt->cache);
		mustache_cache_free(vt->xml_cache);
		for (k = 0; k < vt->npartials; k++) {
			free(vt->partial_names[k]);
			free(vt->partial_texts[k]);
		}
		free(vt->partial_names);
		free(vt->partial_texts);
		free(vt->partial_lens);
		free(vt->vendor);
		free(vt->dir);
	}
	free(rs->v);
	arena_dispose(&rs->scratch);
	free(rs->dir);
	free(rs);
}

static int
load_template(struct vendor_templates *vt, const char *file, mustache_t **out,
    sg_err_t *err)
{
	strbuf_t path = STRBUF_INIT(0);
	char *text = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	strbuf_addf(&path, "%s/%s", vt->dir, file);
	if ((rc = file_read(strbuf_str(&path), RENDER_MAX, &text, &len, err)) == 0)
		rc = mustache_parse(out, strbuf_str(&path), text, len, err);
	free(text);
	strbuf_dispose(&path);
	return rc;
}

static bool
partial(void *ctx, const char *name, const char **text, size_t *len)
{
	struct vendor_templates *vt = ctx;
	strbuf_t path = STRBUF_INIT(0);
	sg_err_t err = SG_ERR_INIT;
	size_t i;

	for (i = 0; i < vt->npartials; i++)
		if (strcmp(vt->partial_names[i], name) == 0)
			break;
	if (i == vt->npartials) {
		/* partial names are template text: keep them inside the dir */
		vt->partial_names = xreallocarray(vt->partial_names, i + 1,
		    sizeof(char *));
		vt->partial_texts = xreallocarray(vt->partial_texts, i + 1,
		    sizeof(char *));
		vt->partial_lens = xreallocarray(vt->partial_lens, i + 1,
		    sizeof(size_t));
		vt->partial_names[i] = xstrdup(name);
		vt->partial_texts[i] = NULL;
		vt->partial_lens[i] = 0;
		vt->npartials++;
		if (strchr(name, '/') == NULL && name[0] != '.') {
			strbuf_addf(&path, "%s/%s.mustache", vt->dir, name);
			(void)file_read(strbuf_str(&path), RENDER_MAX,
			    &vt->partial_texts[i], &vt->partial_lens[i], &err);
			strbuf_dispose(&path);
		}
	}
	if (vt->partial_texts[i] == NULL)
		return false;
	*text = vt->partial_texts[i];
	*len = vt->partial_lens[i];
	return true;
}

static struct vendor_templates *
vendor_templates(render_set_t *rs, const char *vendor)
{
	struct vendor_templates *vt;
	size_t i;

	for (i = 0; i < rs->n; i++)
		if (strcmp(rs->v[i].vendor, vendor) == 0)
			return &rs->v[i];
	rs->v = xreallocarray(rs->v, rs->n + 1, sizeof(*rs->v));
	vt = &rs->v[rs->n++];
	memset(vt, 0, sizeof(*vt));
	vt->vendor = xstrdup(vendor);
	vt->cache = mustache_cache_new();
	vt->xml_cache = mustache_cache_new();
	vt->dir = xreallocarray(NULL, strlen(rs->dir) + strlen(vendor) + 2, 1);
	(void)snprintf(vt->dir, strlen(rs->dir) + strlen(vendor) + 2, "%s/%s",
	    rs->dir, vendor);
	return vt;
}

/* Loads the entry templates for one extension (index into cfg/sh/ps1/xml). */
static int
load_entries(struct vendor_templates *vt, size_t k, const char *ext,
    sg_err_t *err)
{
	char file[64];
	int rc;

	if (vt->intended[k] != NULL)
		return 0;
	(void)snprintf(file, sizeof(file), "intended.%s.mustache", ext);
	if ((rc = load_template(vt, file, &vt->intended[k], err)) != 0)
		return rc;
	(void)snprintf(file, sizeof(file), "rollback.%s.mustache", ext);
	if ((rc = load_template(vt, file, &vt->rollback[k], err)) != 0)
		return rc == SG_ENOTFOUND ? sg_err_set(err, SG_ENOTFOUND,
		    "%s/%s: missing (every intended template needs its "
		    "rollback)", vt->dir, file) : rc;
	if (vt->verify == NULL &&
	    (rc = load_template(vt, "verify.txt.mustache", &vt->verify,
	    err)) != 0)
		return rc == SG_ENOTFOUND ? sg_err_set(err, SG_ENOTFOUND,
		    "%s/verify.txt.mustache: missing", vt->dir) : rc;
	return 0;
}

/* The file kind a device gets: xml over NETCONF, else what exists. */
static int
choose_ext(struct vendor_templates *vt, const inv_access_t *acc, size_t *k,
    const char **ext, sg_err_t *err)
{
	int rc;

	if (acc->transport == INV_TR_NETCONF) {
		*k = 3;
		*ext = "xml";
		rc = load_entries(vt, 3, "xml", err);
		return rc == SG_ENOTFOUND && err->code == 0 ? sg_err_set(err,
		    SG_ENOTFOUND, "%s/intended.xml.mustache: missing (the "
		    "device uses NETCONF)", vt->dir) : rc;
	}
	for (*k = 0; exts[*k] != NULL; (*k)++) {
		rc = load_entries(vt, *k, exts[*k], err);
		if (rc != SG_ENOTFOUND || err->code != 0) {
			*ext = exts[*k];
			return rc;
		}
	}
	return sg_err_set(err, SG_ENOTFOUND, "%s: no intended.cfg, .sh or "
	    ".ps1 template for vendor %s", vt->dir, vt->vendor);
}

static int
render_one(const mustache_t *t, const mvalue_t *view, bool xml,
    struct vendor_templates *vt, char **out, sg_err_t *err)
{
	mustache_opts_t opts = { xml ? MUSTACHE_ESCAPE_XML :
	    MUSTACHE_ESCAPE_NONE, true, partial, vt, xml ? vt->xml_cache :
	    vt->cache };
	strbuf_t sb = STRBUF_INIT(RENDER_MAX);
	int rc;

	*out = NULL;
	if ((rc = mustache_render(&sb, t, view, &opts, err)) == 0)
		*out = strbuf_detach(&sb, NULL);
	strbuf_dispose(&sb);
	return rc;
}

/*
 * A template refuses a view it cannot express by writing REFUSE_MARK and a
 * reason: a configuration that silently leaves out part of the change is
 * worse than none.
 */
static int
refused(const char *text, const char *device, sg_err_t *err)
{
	const char *m, *end;

	if ((m = strstr(text, REFUSE_MARK)) == NULL)
		return 0;
	m += strlen(REFUSE_MARK);
	while (*m == ' ')
		m++;
	end = m + strcspn(m, "\n");
	if (end - m >= 4 && strncmp(end - 4, " -->", 4) == 0)
		end -= 4;
	return sg_err_set(err, SG_EINVAL, "%s: %.*s", device, (int)(end - m),
	    m);
}

/*
 * A device pushed by scripts cannot be read back as configuration lines, so
 * its vendor may give a read-only script printing the managed state and the
 * text that script prints once the change is in (docs/push.md).  Both or
 * neither.
 */
static int
load_state(struct vendor_templates *vt, sg_err_t *err)
{
	int rc;

	if (vt->state_tried)
		return 0;
	vt->state_tried = true;
	rc = load_template(vt, "state.sh.mustache", &vt->state, err);
	if (rc == SG_ENOTFOUND && err->code == 0)
		return 0;
	if (rc != 0)
		return rc;
	rc = load_template(vt, "expected.txt.mustache", &vt->expected, err);
	return rc == SG_ENOTFOUND ? sg_err_set(err, SG_ENOTFOUND,
	    "%s/expected.txt.mustache: missing (state.sh.mustache needs it)",
	    vt->dir) : rc;
}

int
render_device(render_set_t *rs, const inventory_t *inv, const plan_t *plan,
    size_t dev, render_files_t *out, sg_err_t *err)
{
	const vendor_t *v = inventory_device_vendor(inv, dev);
	struct vendor_templates *vt = vendor_templates(rs, v->name);
	const mvalue_t *view;
	size_t k;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = choose_ext(vt, inventory_device_access(inv, dev), &k,
	    &out->ext, err)) != 0)
		return rc;
	arena_dispose(&rs->scratch);
	view = view_build(&rs->scratch, inv, plan, dev);
	if ((rc = render_one(vt->intended[k], view, k == 3, vt,
	    &out->intended, err)) != 0 ||
	    (rc = refused(out->intended, inventory_device_name(inv, dev),
	    err)) != 0 ||
	    (rc = render_one(vt->rollback[k], view, k == 3, vt,
	    &out->rollback, err)) != 0 ||
	    (rc = render_one(vt->verify, view, false, vt, &out->verify,
	    err)) != 0 ||
	    (k == 1 && (rc = load_state(vt, err)) != 0) ||
	    (k == 1 && vt->state != NULL &&
	    ((rc = render_one(vt->state, view, false, vt, &out->state,
	    err)) != 0 ||
	    (rc = render_one(vt->expected, view, false, vt, &out->expected,
	    err)) != 0)))
		render_files_dispose(out);
	return rc;
}

void
render_files_dispose(render_files_t *f)
{
	if (f == NULL)
		return;
	free(f->intended);
	free(f->rollback);
	free(f->verify);
	free(f->state);
	free(f->expected);
	f->intended = f->rollback = f->verify = NULL;
	f->state = f->expected = NULL;
}
