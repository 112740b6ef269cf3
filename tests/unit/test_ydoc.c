/* Unit tests for the YAML reader: positions, and what it refuses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "util/ydoc.h"
#include "testutil.h"

static ydoc_t *
parse_ok(const char *text)
{
	diag_list_t *dl = diag_list_new();
	ydoc_t *doc = NULL;

	assert_int_equal(ydoc_parse(&doc, "t.yaml", text, strlen(text), dl), 0);
	assert_int_equal(diag_count(dl), 0);
	diag_list_free(dl);
	return doc;
}

static char *
parse_fail(const char *text)
{
	diag_list_t *dl = diag_list_new();
	ydoc_t *doc = NULL;
	char *lines;

	assert_int_equal(ydoc_parse(&doc, "t.yaml", text, strlen(text), dl),
	    SG_EINVAL);
	assert_null(doc);
	lines = test_diag_lines(dl);
	diag_list_free(dl);
	return lines;
}

static void
test_ydoc__builds_tree_with_positions(void **state)
{
	ydoc_t *doc;
	const ynode_t *root, *sw, *ports;

	(void)state;
	doc = parse_ok("spangen: 1\nswitches:\n  - name: acc1\n"
	    "    ports: [a, 'b']\n");
	root = doc->root;
	assert_int_equal(root->kind, YNODE_MAP);
	assert_int_equal(root->n, 2);
	assert_string_equal(root->pairs[0].key->str, "spangen");
	assert_true(root->pairs[0].value->plain);
	sw = root->pairs[1].value->items[0];
	assert_int_equal(sw->kind, YNODE_MAP);
	assert_int_equal(sw->pairs[0].value->pos.line, 3);
	assert_int_equal(sw->pairs[0].value->pos.col, 11);
	ports = sw->pairs[1].value;
	assert_int_equal(ports->kind, YNODE_SEQ);
	assert_int_equal(ports->n, 2);
	assert_true(ports->items[0]->plain);
	assert_false(ports->items[1]->plain);
	assert_int_equal(ports->items[1]->pos.col, 16);
	ydoc_free(doc);
}

static void
test_ydoc__keeps_embedded_nul(void **state)
{
	ydoc_t *doc;

	(void)state;
	doc = parse_ok("name: \"a\\0b\"\n");
	assert_int_equal(doc->root->pairs[0].value->len, 3);
	ydoc_free(doc);
}

/* A raw control byte reaches the value as written, for the schema to refuse. */
static void
test_ydoc__keeps_raw_control_bytes_in_values(void **state)
{
	ydoc_t *doc;
	const ypair_t *p;

	(void)state;
	doc = parse_ok("k: \"a\\tb\n  c\033d\"\nm: |\n  x\n  y\x7f\n"
	    "\xc2\x9bkey: pl\xc2\x85" "ain # \xc3\xa9\n");
	p = doc->root->pairs;
	/* the escape before it and the folded line break do not move it */
	assert_int_equal(p[0].value->len, 7);
	assert_memory_equal(p[0].value->str, "a\tb c\033d", 7);
	assert_string_equal(p[1].value->str, "x\ny\x7f\n");
	assert_string_equal(p[2].key->str, "\xc2\x9bkey");
	assert_int_equal(p[2].key->pos.col, 1);
	assert_string_equal(p[2].value->str, "pl\xc2\x85" "ain");
	assert_int_equal(p[2].value->pos.col, 7);
	ydoc_free(doc);
}

/* Outside any value there is no field to name: the byte itself is shown. */
static void
test_ydoc__refuses_raw_control_bytes_outside_values(void **state)
{
	char *lines;

	(void)state;
	lines = parse_fail("a: b # \033[2J\n\x01c: d\n");
	assert_string_equal(lines, "1:8: error E112: a control character "
	    "(byte 0x1b) outside any value\n");
	free(lines);
}

static void
test_ydoc__empty_file_has_no_root(void **state)
{
	ydoc_t *doc;

	(void)state;
	doc = parse_ok("# nothing here\n");
	assert_null(doc->root);
	ydoc_free(doc);
}

static void
test_ydoc__refuses_aliases(void **state)
{
	char *lines;

	(void)state;
	lines = parse_fail("a: [1, 2]\nb: *x\n");
	assert_string_equal(lines, "2:4: error E101: YAML aliases (*name) are "
	    "not supported\n");
	free(lines);
}

static void
test_ydoc__refuses_anchors_even_without_an_alias(void **state)
{
	char *lines;

	(void)state;
	lines = parse_fail("a: &x [1, 2]\nb: {c: &y d}\ne: &z f\n");
	assert_string_equal(lines, "1:4: error E101: YAML anchors (&name) are "
	    "not supported\n2:8: error E101: YAML anchors (&name) are not "
	    "supported\n3:4: error E101: YAML anchors (&name) are not "
	    "supported\n");
	free(lines);
}

static void
test_ydoc__refuses_second_document(void **state)
{
	char *lines;

	(void)state;
	lines = parse_fail("spangen: 1\n---\nspangen: 1\n");
	assert_string_equal(lines, "2:1: error E101: only one YAML document "
	    "is allowed\n");
	free(lines);
}

static void
test_ydoc__reports_syntax_error_position(void **state)
{
	char *lines;

	(void)state;
	lines = parse_fail("switches:\n  - name: [acc1\n");
	assert_non_null(strstr(lines, "error E101: "));
	assert_int_equal(strncmp(lines, "3:1: ", 5), 0);
	free(lines);
}

static void
test_ydoc__refuses_deep_nesting(void **state)
{
	strbuf_t sb = STRBUF_INIT(0);
	char *lines;
	int i;

	(void)state;
	for (i = 0; i < 100; i++)
		strbuf_addc(&sb, '[');
	for (i = 0; i < 100; i++)
		strbuf_addc(&sb, ']');
	lines = parse_fail(strbuf_str(&sb));
	assert_string_equal(lines, "1:65: error E101: nesting deeper than 64 "
	    "levels\n");
	free(lines);
	strbuf_dispose(&sb);
}

/* A mapping of more keys than any inventory has, refused where it starts. */
static void
test_ydoc__refuses_huge_mapping(void **state)
{
	strbuf_t sb = STRBUF_INIT(0);
	char *lines;
	unsigned int i;

	(void)state;
	strbuf_adds(&sb, "a: 1\nb: {");
	for (i = 0; i <= YDOC_MAX_ENTRIES; i++)
		strbuf_addf(&sb, "k%u: 1, ", i);
	strbuf_adds(&sb, "z: 1}\n");
	lines = parse_fail(strbuf_str(&sb));
	assert_string_equal(lines, "2:4: error E101: a mapping of more than "
	    "100000 keys\n");
	free(lines);
	strbuf_dispose(&sb);
}

/* More values than any inventory has, in lists each under the limit. */
static void
test_ydoc__refuses_too_many_values(void **state)
{
	strbuf_t sb = STRBUF_INIT(0);
	char *lines;
	unsigned int i, k;

	(void)state;
	for (k = 0; k < YDOC_MAX_NODES / YDOC_MAX_ENTRIES + 1; k++) {
		strbuf_addf(&sb, "k%u: [", k);
		for (i = 0; i < YDOC_MAX_ENTRIES - 1; i++)
			strbuf_adds(&sb, "1,");
		strbuf_adds(&sb, "1]\n");
	}
	lines = parse_fail(strbuf_str(&sb));
	assert_non_null(strstr(lines, "error E101: more than 4000000 values "
	    "in one file\n"));
	free(lines);
	strbuf_dispose(&sb);
}

/* Lengths are kept in 32 bits; the parser itself stops a larger text. */
static void
test_ydoc__refuses_text_over_the_size_limit(void **state)
{
	size_t len = (size_t)YDOC_MAX_BYTES + 1;
	char *text = malloc(len + 1);
	diag_list_t *dl = diag_list_new();
	ydoc_t *doc = NULL;
	char *lines;

	(void)state;
	assert_non_null(text);
	memset(text, ' ', len);
	memcpy(text, "k: v\n", 5);
	text[len] = '\0';
	assert_int_equal(ydoc_parse(&doc, "t.yaml", text, len, dl), SG_EINVAL);
	assert_null(doc);
	lines = test_diag_lines(dl);
	assert_string_equal(lines,
	    "1:1: error E101: the file is over 64 MiB\n");
	free(lines);
	diag_list_free(dl);
	free(text);
}

static void
test_ydoc__load_reports_missing_file(void **state)
{
	diag_list_t *dl = diag_list_new();
	sg_err_t err = SG_ERR_INIT;
	ydoc_t *doc = NULL;

	(void)state;
	assert_int_equal(ydoc_load(&doc, "/nonexistent/inv.yaml", dl, &err),
	    SG_EIO);
	assert_string_equal(err.msg, "/nonexistent/inv.yaml: No such file or "
	    "directory");
	sg_err_clear(&err);
	assert_int_equal(ydoc_load(&doc, "/", dl, &err), SG_EIO);
	assert_string_equal(err.msg, "/: Is a directory");
	diag_list_free(dl);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ydoc__builds_tree_with_positions),
		cmocka_unit_test(test_ydoc__keeps_embedded_nul),
		cmocka_unit_test(test_ydoc__empty_file_has_no_root),
		cmocka_unit_test(test_ydoc__keeps_raw_control_bytes_in_values),
		cmocka_unit_test(
		    test_ydoc__refuses_raw_control_bytes_outside_values),
		cmocka_unit_test(test_ydoc__refuses_aliases),
		cmocka_unit_test(test_ydoc__refuses_anchors_even_without_an_alias),
		cmocka_unit_test(test_ydoc__refuses_second_document),
		cmocka_unit_test(test_ydoc__reports_syntax_error_position),
		cmocka_unit_test(test_ydoc__refuses_deep_nesting),
		cmocka_unit_test(test_ydoc__refuses_huge_mapping),
		cmocka_unit_test(test_ydoc__refuses_too_many_values),
		cmocka_unit_test(test_ydoc__refuses_text_over_the_size_limit),
		cmocka_unit_test(test_ydoc__load_reports_missing_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
