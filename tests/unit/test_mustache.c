/*
 * The Mustache engine: every test of the official spec's core modules
 * (comments, delimiters, interpolation, inverted, partials, sections), read
 * from the YAML files under SG_MUSTACHE_SPEC/specs, plus spangen's own rules (strict
 * mode, XML escaping, limits).  Without the spec directory the conformance
 * part reports itself skipped (exit 77), never passed.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>
#include <cmocka.h>

#include "render/mustache.h"
#include "util/ydoc.h"
#include "util/xmalloc.h"
#include "testutil.h"

static const char *const core_specs[] = {
	"comments", "delimiters", "interpolation", "inverted", "partials",
	"sections"
};

struct spec_case {
	char		*name;
	const ynode_t	*node;
};

static arena_t views = ARENA_INIT;

static const char *
field(const ynode_t *map, const char *key)
{
	size_t i;

	for (i = 0; i < map->n; i++)
		if (map->pairs[i].key->kind == YNODE_SCALAR &&
		    strcmp(map->pairs[i].key->str, key) == 0)
			return map->pairs[i].value->kind == YNODE_SCALAR ?
			    map->pairs[i].value->str : NULL;
	return NULL;
}

static const ynode_t *
field_node(const ynode_t *map, const char *key)
{
	size_t i;

	for (i = 0; i < map->n; i++)
		if (map->pairs[i].key->kind == YNODE_SCALAR &&
		    strcmp(map->pairs[i].key->str, key) == 0)
			return map->pairs[i].value;
	return NULL;
}

/* YAML data to a view, with YAML's plain scalars typed as the spec means. */
static mvalue_t *
to_view(const ynode_t *n)
{
	mvalue_t *v;
	char *end;
	double d;
	size_t i;

	switch (n->kind) {
	case YNODE_MAP:
		v = mvalue_map(&views);
		for (i = 0; i < n->n; i++)
			if (n->pairs[i].key->kind == YNODE_SCALAR)
				mvalue_set(&views, v, n->pairs[i].key->str,
				    to_view(n->pairs[i].value));
		return v;
	case YNODE_SEQ:
		v = mvalue_list(&views);
		for (i = 0; i < n->n; i++)
			mvalue_append(&views, v, to_view(n->items[i]));
		return v;
	default:
		if (!n->plain)
			return mvalue_string(&views, n->str);
		if (strcmp(n->str, "true") == 0 || strcmp(n->str, "false") == 0)
			return mvalue_bool(&views, n->str[0] == 't');
		if (n->len == 0 || strcmp(n->str, "null") == 0 ||
		    strcmp(n->str, "~") == 0)
			return mvalue_null(&views);
		d = strtod(n->str, &end);
		if (*end == '\0' && end != n->str)
			return mvalue_stringf(&views, "%.15g", d);
		return mvalue_string(&views, n->str);
	}
}

static bool
spec_partial(void *ctx, const char *name, const char **text, size_t *len)
{
	const ynode_t *partials = ctx, *v;

	if (partials == NULL || (v = field_node(partials, name)) == NULL ||
	    v->kind != YNODE_SCALAR)
		return false;
	*text = v->str;
	*len = v->len;
	return true;
}

static void
test_spec_case(void **state)
{
	const struct spec_case *c = *state;
	const ynode_t *tmpl = field_node(c->node, "template");
	mustache_opts_t opts = { MUSTACHE_ESCAPE_XML, false, spec_partial,
	    (void *)field_node(c->node, "partials"), NULL };
	strbuf_t out = STRBUF_INIT(0);
	sg_err_t err = SG_ERR_INIT;
	mustache_t *t = NULL;
	int rc;

	const mvalue_t *view = to_view(field_node(c->node, "data"));
	int pass;

	rc = mustache_parse(&t, c->name, tmpl->str, tmpl->len, &err);
	/* once parsing partials on use, twice more through a cache */
	for (pass = 0; pass < 3 && rc == 0; pass++) {
		if (pass == 1)
			opts.cache = mustache_cache_new();
		strbuf_reset(&out);
		if ((rc = mustache_render(&out, t, view, &opts, &err)) != 0)
			break;
		assert_string_equal(strbuf_str(&out), field(c->node,
		    "expected"));
	}
	if (rc != 0)
		fail_msg("%s", err.msg);
	strbuf_dispose(&out);
	mustache_cache_free(opts.cache);
	mustache_free(t);
}

/* ---- spangen's own rules ------------------------------------------- */

static char *
render(const char *tmpl, const mvalue_t *view, bool strict,
    mustache_escape_t esc, int expect_rc)
{
	mustache_opts_t opts = { esc, strict, NULL, NULL, NULL };
	strbuf_t out = STRBUF_INIT(0);
	sg_err_t err = SG_ERR_INIT;
	mustache_t *t = NULL;
	int rc;

	rc = mustache_parse(&t, "t.mustache", tmpl, strlen(tmpl), &err);
	if (rc == 0)
		rc = mustache_render(&out, t, view, &opts, &err);
	assert_int_equal(rc, expect_rc);
	mustache_free(t);
	if (rc != 0) {
		strbuf_dispose(&out);
		return xstrdup(err.msg);
	}
	return strbuf_detach(&out, NULL);
}

static void
test_mustache__strict_refuses_missing_values(void **state)
{
	arena_t a = ARENA_INIT;
	mvalue_t *view = mvalue_map(&a);
	char *got;

	(void)state;
	mvalue_set(&a, view, "id", mvalue_string(&a, "1"));
	mvalue_set(&a, view, "erspan", mvalue_bool(&a, false));
	got = render("monitor session {{id}}\n{{#erspan}}x{{/erspan}}"
	    "{{^erspan}}no erspan{{/erspan}}\n", view, true,
	    MUSTACHE_ESCAPE_NONE, 0);
	assert_string_equal(got, "monitor session 1\nno erspan\n");
	free(got);
	got = render("monitor session {{id}}\n source interface {{port}}\n",
	    view, true, MUSTACHE_ESCAPE_NONE, SG_EINVAL);
	assert_string_equal(got, "t.mustache:2:19: no value for 'port'");
	free(got);
	got = render("{{#vlans}}x{{/vlans}}", view, true, MUSTACHE_ESCAPE_NONE,
	    SG_EINVAL);
	assert_string_equal(got, "t.mustache:1:1: no value for 'vlans'");
	free(got);
	got = render("{{>missing}}", view, true, MUSTACHE_ESCAPE_NONE,
	    SG_EINVAL);
	assert_string_equal(got, "t.mustache:1:1: no partial 'missing'");
	free(got);
	/* present but null: writing it would leave a hole in a command */
	mvalue_set(&a, view, "origin", mvalue_null(&a));
	got = render("origin ip address {{origin}}\n", view, true,
	    MUSTACHE_ESCAPE_NONE, SG_EINVAL);
	assert_string_equal(got, "t.mustache:1:19: 'origin' has no text to "
	    "write");
	free(got);
	got = render("{{#origin}}origin {{origin}}{{/origin}}x", view, true,
	    MUSTACHE_ESCAPE_NONE, 0);
	assert_string_equal(got, "x");
	free(got);
	arena_dispose(&a);
}

static void
test_mustache__escaping_by_kind(void **state)
{
	arena_t a = ARENA_INIT;
	mvalue_t *view = mvalue_map(&a);
	char *got;

	(void)state;
	mvalue_set(&a, view, "d", mvalue_string(&a, "a<b & 'c' \"d\""));
	got = render("{{d}}|{{{d}}}|{{&d}}", view, true, MUSTACHE_ESCAPE_XML,
	    0);
	assert_string_equal(got, "a&lt;b &amp; &apos;c&apos; &quot;d&quot;|"
	    "a<b & 'c' \"d\"|a<b & 'c' \"d\"");
	free(got);
	got = render("{{d}}", view, true, MUSTACHE_ESCAPE_NONE, 0);
	assert_string_equal(got, "a<b & 'c' \"d\"");
	free(got);
	arena_dispose(&a);
}

static void
test_mustache__malformed_templates_are_refused(void **state)
{
	arena_t a = ARENA_INIT;
	mvalue_t *view = mvalue_map(&a);
	strbuf_t deep = STRBUF_INIT(0);
	char *got;
	int i;

	(void)state;
	got = render("a {{b", view, false, MUSTACHE_ESCAPE_NONE, SG_EINVAL);
	assert_string_equal(got, "t.mustache:1:3: tag '{{' is not closed");
	free(got);
	got = render("{{#a}}\n{{/b}}", view, false, MUSTACHE_ESCAPE_NONE,
	    SG_EINVAL);
	assert_string_equal(got, "t.mustache:2:1: '/b' closes section 'a'");
	free(got);
	got = render("{{#a}}x", view, false, MUSTACHE_ESCAPE_NONE, SG_EINVAL);
	assert_string_equal(got, "t.mustache:1:1: section 'a' is not closed");
	free(got);
	got = render("{{/a}}", view, false, MUSTACHE_ESCAPE_NONE, SG_EINVAL);
	assert_string_equal(got, "t.mustache:1:1: '/a' closes no section");
	free(got);
	got = render("{{= | =}}", view, false, MUSTACHE_ESCAPE_NONE,
	    SG_EINVAL);
	assert_string_equal(got, "t.mustache:1:1: bad delimiters '|'");
	free(got);
	got = render("{{ }}", view, false, MUSTACHE_ESCAPE_NONE, SG_EINVAL);
	assert_string_equal(got, "t.mustache:1:1: empty tag");
	free(got);
	/* 28 nested sections over a 2-item list: 2^28 visits */
	mvalue_set(&a, view, "l", mvalue_list(&a));
	mvalue_append(&a, (mvalue_t *)mvalue_get(view, "l"), mvalue_bool(&a,
	    true));
	mvalue_append(&a, (mvalue_t *)mvalue_get(view, "l"), mvalue_bool(&a,
	    true));
	for (i = 0; i < 28; i++)
		strbuf_adds(&deep, "{{#l}}");
	for (i = 0; i < 28; i++)
		strbuf_adds(&deep, "{{/l}}");
	got = render(strbuf_str(&deep), view, false, MUSTACHE_ESCAPE_NONE,
	    SG_ETOOBIG);
	assert_non_null(strstr(got, "template needs more than 10000000 steps "
	    "to render"));
	free(got);
	strbuf_reset(&deep);
	for (i = 0; i < 70; i++)
		strbuf_adds(&deep, "{{#a}}");
	got = render(strbuf_str(&deep), view, false, MUSTACHE_ESCAPE_NONE,
	    SG_ETOOBIG);
	assert_string_equal(got, "t.mustache:1:385: sections nested deeper "
	    "than 64");
	free(got);
	strbuf_dispose(&deep);
	arena_dispose(&a);
}

static bool
self_partial(void *ctx, const char *name, const char **text, size_t *len)
{
	(void)ctx;
	(void)name;
	*text = "{{>self}}";
	*len = 9;
	return true;
}

static void
test_mustache__recursive_partials_stop(void **state)
{
	mustache_opts_t opts = { MUSTACHE_ESCAPE_NONE, false, self_partial,
	    NULL, NULL };
	strbuf_t out = STRBUF_INIT(0);
	sg_err_t err = SG_ERR_INIT;
	arena_t a = ARENA_INIT;
	mustache_t *t = NULL;

	(void)state;
	assert_int_equal(mustache_parse(&t, "t", "{{>self}}", 9, &err), 0);
	assert_int_equal(mustache_render(&out, t, mvalue_map(&a), &opts, &err),
	    SG_ETOOBIG);
	assert_string_equal(err.msg, "self:1:1: partials nested deeper than "
	    "64");
	mustache_free(t);
	strbuf_dispose(&out);
	arena_dispose(&a);
}

static bool
one_partial(void *ctx, const char *name, const char **text, size_t *len)
{
	(void)ctx;
	(void)name;
	*text = "y";
	*len = 1;
	return true;
}

static void
test_mustache__cache_grows_with_partials_not_uses(void **state)
{
	mustache_opts_t opts = { MUSTACHE_ESCAPE_NONE, true, one_partial, NULL,
	    NULL };
	sg_err_t err = SG_ERR_INIT;
	arena_t a = ARENA_INIT;
	mvalue_t *view = mvalue_map(&a), *list = mvalue_list(&a);
	mustache_t *t = NULL;
	strbuf_t out = STRBUF_INIT(0);
	size_t i, after_one;

	(void)state;
	for (i = 0; i < 100; i++)
		mvalue_append(&a, list, mvalue_string(&a, "x"));
	mvalue_set(&a, view, "l", list);
	opts.cache = mustache_cache_new();
	assert_int_equal(mustache_parse(&t, "t", "{{#l}}{{>p}}{{/l}}", 18,
	    &err), 0);
	assert_int_equal(mustache_render(&out, t, view, &opts, &err), 0);
	after_one = mustache_cache_count(opts.cache);
	for (i = 0; i < 50; i++)
		assert_int_equal(mustache_render(&out, t, view, &opts, &err), 0);
	assert_int_equal(mustache_cache_count(opts.cache), after_one);
	assert_int_equal(out.len, 51 * 100);
	mustache_cache_free(opts.cache);
	mustache_free(t);
	strbuf_dispose(&out);
	arena_dispose(&a);
}

static void
test_mustache__output_limit(void **state)
{
	mustache_opts_t opts = { MUSTACHE_ESCAPE_NONE, true, NULL, NULL, NULL };
	strbuf_t out = STRBUF_INIT(16);
	sg_err_t err = SG_ERR_INIT;
	arena_t a = ARENA_INIT;
	mustache_t *t = NULL;

	(void)state;
	assert_int_equal(mustache_parse(&t, "big", "0123456789abcdefXYZ", 19,
	    &err), 0);
	assert_int_equal(mustache_render(&out, t, mvalue_map(&a), &opts, &err),
	    SG_ETOOBIG);
	assert_string_equal(err.msg, "big: output over 16 bytes");
	mustache_free(t);
	strbuf_dispose(&out);
	arena_dispose(&a);
}

int
main(void)
{
	const struct CMUnitTest own[] = {
		cmocka_unit_test(test_mustache__strict_refuses_missing_values),
		cmocka_unit_test(test_mustache__escaping_by_kind),
		cmocka_unit_test(test_mustache__malformed_templates_are_refused),
		cmocka_unit_test(test_mustache__recursive_partials_stop),
		cmocka_unit_test(test_mustache__cache_grows_with_partials_not_uses),
		cmocka_unit_test(test_mustache__output_limit),
	};
	const char *dir = getenv("SG_MUSTACHE_SPEC");
	struct CMUnitTest *tests = NULL;
	struct spec_case *cases = NULL;
	ydoc_t *docs[6] = { NULL };
	size_t n = 0, i, k, f;
	int rc;

	rc = cmocka_run_group_tests_name("spangen", own, NULL, NULL);
	if (dir == NULL || access(dir, R_OK) != 0) {
		(void)printf("mustache spec: SKIPPED: %s not found; set "
		    "SG_MUSTACHE_SPEC to the conformance/mustache-spec "
		    "directory\n", dir != NULL ? dir : "(unset)");
		return rc != 0 ? rc : 77;
	}
	for (f = 0; f < 6; f++) {
		diag_list_t *dl = diag_list_new();
		sg_err_t err = SG_ERR_INIT;
		char rel[64], *path;
		const ynode_t *list;

		(void)snprintf(rel, sizeof(rel), "specs/%s.yml", core_specs[f]);
		path = test_path("SG_MUSTACHE_SPEC", rel);
		if (ydoc_load(&docs[f], path, dl, &err) != 0) {
			(void)fprintf(stderr, "%s: %s\n", path, err.msg);
			return 1;
		}
		list = field_node(docs[f]->root, "tests");
		for (k = 0; k < list->n; k++) {
			cases = realloc(cases, (n + 1) * sizeof(*cases));
			cases[n].node = list->items[k];
			cases[n].name = arena_printf(&views, "%s: %s",
			    core_specs[f], field(list->items[k], "name"));
			n++;
		}
		free(path);
		diag_list_free(dl);
	}
	tests = calloc(n, sizeof(*tests));
	for (i = 0; i < n; i++) {
		tests[i].name = cases[i].name;
		tests[i].test_func = test_spec_case;
		tests[i].initial_state = &cases[i];
	}
	rc |= _cmocka_run_group_tests("mustache_spec", tests, n, NULL, NULL);
	for (f = 0; f < 6; f++)
		ydoc_free(docs[f]);
	free(tests);
	free(cases);
	arena_dispose(&views);
	return rc;
}
