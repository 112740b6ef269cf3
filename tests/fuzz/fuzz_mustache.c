/*
 * Fuzz target: the Mustache engine, parse and render.
 * Input layout: TEMPLATE \0 VIEW-YAML \0 PARTIALS
 *   VIEW-YAML is parsed with ydoc (plain true/false -> bool, ~/null -> null,
 *   seq -> list, map -> map, other scalars -> string).
 *   PARTIALS: records separated by \x01, each "name\x02text".
 * The partial callback serves a record's text; otherwise a name "@OFF,LEN"
 * serves that sub-slice of the whole input; otherwise a hash of the name
 * picks a sub-slice of the whole input (1 name in 4 is "missing").
 * Every template is rendered strict/non-strict x escape none/xml x
 * no cache / cold cache / warm cache, and the cached renders must produce
 * the same result as the uncached one.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/diag.h"
#include "render/mustache.h"
#include "util/ydoc.h"
#include "util/arena.h"
#include "util/strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define OUT_MAX	(256u * 1024)

struct pctx {
	const char	*all;
	size_t		 alllen;
	const char	*parts;
	size_t		 partslen;
	unsigned	 calls;
};

static mvalue_t *
convert(arena_t *a, const ynode_t *n)
{
	mvalue_t *v;
	size_t i;

	switch (n->kind) {
	case YNODE_SCALAR:
		if (n->plain && (strcmp(n->str, "true") == 0 ||
		    strcmp(n->str, "false") == 0))
			return mvalue_bool(a, n->str[0] == 't');
		if (n->plain && (strcmp(n->str, "~") == 0 ||
		    strcmp(n->str, "null") == 0 || n->len == 0))
			return mvalue_null(a);
		return mvalue_string(a, n->str);
	case YNODE_SEQ:
		v = mvalue_list(a);
		for (i = 0; i < n->n; i++)
			mvalue_append(a, v, convert(a, n->items[i]));
		return v;
	default:
		v = mvalue_map(a);
		for (i = 0; i < n->n; i++)
			mvalue_set(a, v, n->pairs[i].key->kind == YNODE_SCALAR ?
			    n->pairs[i].key->str : "", convert(a,
			    n->pairs[i].value));
		return v;
	}
}

static bool
partial(void *ctx, const char *name, const char **text, size_t *len)
{
	struct pctx *p = ctx;
	const char *r = p->parts, *end = p->parts != NULL ? p->parts + p->partslen : NULL, *rec_end, *sep;
	size_t nlen = strlen(name);
	unsigned long off, l;
	uint32_t h = 2166136261u;
	char *e;

	p->calls++;
	while (r != NULL && r < end) {
		rec_end = memchr(r, '\x01', (size_t)(end - r));
		if (rec_end == NULL)
			rec_end = end;
		sep = memchr(r, '\x02', (size_t)(rec_end - r));
		if (sep != NULL && (size_t)(sep - r) == nlen &&
		    memcmp(r, name, nlen) == 0) {
			*text = sep + 1;
			*len = (size_t)(rec_end - sep - 1);
			return true;
		}
		r = rec_end + 1;
	}
	if (name[0] == '@') {
		off = strtoul(name + 1, &e, 10);
		if (*e != ',')
			return false;
		l = strtoul(e + 1, NULL, 10);
		if (off > p->alllen || l > p->alllen - off)
			return false;
		*text = p->all + off;
		*len = l;
		return true;
	}
	for (; *name; name++)
		h = (h ^ (uint8_t)*name) * 16777619u;
	if ((h & 3) == 0 || p->alllen == 0)
		return false;
	off = (h >> 2) % (p->alllen + 1);
	l = (h >> 12) % (p->alllen - off + 1);
	*text = p->all + off;
	*len = l;
	return true;
}

struct result {
	int	 rc;
	char	*out;
	size_t	 len;
};

static void
render(const mustache_t *t, const mvalue_t *view, struct pctx *pc,
    mustache_escape_t esc, bool strict, mustache_cache_t *cache,
    struct result *res)
{
	mustache_opts_t opts = { esc, strict, partial, pc, cache };
	strbuf_t sb = STRBUF_INIT(OUT_MAX);
	sg_err_t err = SG_ERR_INIT;

	res->rc = mustache_render(&sb, t, view, &opts, &err);
	if (res->rc != 0 && err.code == 0) {
		fprintf(stderr, "render failed (%d) with no message\n", res->rc);
		abort();
	}
	res->out = strbuf_detach(&sb, &res->len);
	strbuf_dispose(&sb);
}

/*
 * Output equality, out of libFuzzer's sight: its memcmp hook traces every
 * byte compared, and renders of up to 256 KiB compared five times per input
 * took most of each run.  What differs is reported by abort() anyway.
 */
__attribute__((no_sanitize("coverage")))
static bool
equal_bytes(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

static void
same(const struct result *a, const struct result *b, const char *what)
{
	if (a->rc != b->rc || (a->rc == 0 && (a->len != b->len ||
	    !equal_bytes(a->out, b->out, a->len)))) {
		fprintf(stderr, "cache mismatch (%s): rc %d/%d len %zu/%zu\n",
		    what, a->rc, b->rc, a->len, b->len);
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *all = (const char *)data, *nul, *viewtxt = NULL;
	size_t tlen, vlen = 0;
	char *tmpl, *vbuf = NULL;
	struct pctx pc;
	mustache_t *t = NULL;
	sg_err_t err = SG_ERR_INIT;
	arena_t a;
	mvalue_t *view = NULL;
	diag_list_t *dl;
	ydoc_t *doc = NULL;
	int s, e;

	memset(&pc, 0, sizeof(pc));
	pc.all = all;
	pc.alllen = size;
	nul = memchr(all, '\0', size);
	tlen = nul != NULL ? (size_t)(nul - all) : size;
	if (nul != NULL) {
		viewtxt = nul + 1;
		nul = memchr(viewtxt, '\0', size - tlen - 1);
		vlen = nul != NULL ? (size_t)(nul - viewtxt) :
		    size - tlen - 1;
		if (nul != NULL) {
			pc.parts = nul + 1;
			pc.partslen = size - (size_t)(pc.parts - all);
		}
	}
	/* exact-size copy so ASan sees reads past the template */
	tmpl = malloc(tlen ? tlen : 1);
	memcpy(tmpl, all, tlen);
	if (mustache_parse(&t, "fuzz", tmpl, tlen, &err) != 0) {
		if (err.code == 0)
			abort();
		free(tmpl);
		return 0;
	}
	arena_init(&a);
	dl = diag_list_new();
	if (viewtxt != NULL) {
		vbuf = malloc(vlen ? vlen : 1);
		memcpy(vbuf, viewtxt, vlen);
		if (ydoc_parse(&doc, "view", vbuf, vlen, dl) == 0 &&
		    doc->root != NULL)
			view = convert(&a, doc->root);
	}
	if (view == NULL)
		view = mvalue_map(&a);
	for (s = 0; s < 2; s++)
		for (e = 0; e < 2; e++) {
			mustache_cache_t *c = mustache_cache_new();
			struct result r0, r1, r2;

			render(t, view, &pc, e ? MUSTACHE_ESCAPE_XML :
			    MUSTACHE_ESCAPE_NONE, s, NULL, &r0);
			render(t, view, &pc, e ? MUSTACHE_ESCAPE_XML :
			    MUSTACHE_ESCAPE_NONE, s, c, &r1);
			render(t, view, &pc, e ? MUSTACHE_ESCAPE_XML :
			    MUSTACHE_ESCAPE_NONE, s, c, &r2);
			if (getenv("FUZZ_NO_CACHE_CHECK") == NULL) {
				same(&r0, &r1, "cold");
				same(&r0, &r2, "warm");
			}
			if (getenv("FUZZ_STATS") != NULL)
				fprintf(stderr, "strict=%d xml=%d rc=%d/%d/%d len=%zu calls=%u\n",
				    s, e, r0.rc, r1.rc, r2.rc, r0.len, pc.calls);
			pc.calls = 0;
			if (getenv("FUZZ_PRINT") != NULL)
				fprintf(stderr, "strict=%d xml=%d rc=%d out=[%.*s]\n",
				    s, e, r0.rc, (int)r0.len, r0.out);
			free(r0.out);
			free(r1.out);
			free(r2.out);
			mustache_cache_free(c);
		}
	mustache_free(t);
	ydoc_free(doc);
	free(vbuf);
	diag_list_free(dl);
	arena_dispose(&a);
	free(tmpl);
	return 0;
}
