/*
 * udiff: exact output for the usual shapes of change, compared with what
 * `diff -u` prints, and properties on random texts: the diff applied to a
 * gives b, and the count is the minimal one (checked against a plain LCS
 * table).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

#include "util/sg_err.h"
#include "util/strbuf.h"
#include "util/udiff.h"

static size_t
run(strbuf_t *out, const char *a, const char *b, int context, bool colour)
{
	return udiff(out, "a", a, strlen(a), "b", b, strlen(b), context,
	    colour);
}

static void
test_udiff__equal_texts_append_nothing(void **state)
{
	strbuf_t sb = STRBUF_INIT(0);

	(void)state;
	assert_int_equal(run(&sb, "vlan 901\n remote-span\n",
	    "vlan 901\n remote-span\n", 3, false), 0);
	assert_int_equal(sb.len, 0);
	/* a missing last newline is not a difference */
	assert_int_equal(run(&sb, "a\nb", "a\nb\n", 3, true), 0);
	assert_int_equal(run(&sb, "", "", 3, false), 0);
	assert_int_equal(sb.len, 0);
	strbuf_dispose(&sb);
}

static void
test_udiff__pure_insert(void **state)
{
	strbuf_t sb = STRBUF_INIT(0);

	(void)state;
	assert_int_equal(run(&sb, "a\nb\nc\n", "a\nb\nX\nc\n", 1, false), 1);
	assert_string_equal(strbuf_str(&sb),
	    "--- a\n"
	    "+++ b\n"
	    "@@ -2,2 +2,3 @@\n"
	    " b\n"
	    "+X\n"
	    " c\n");
	strbuf_reset(&sb);
	/* no context: the empty range names the line before it */
	assert_int_equal(run(&sb, "a\nb\nc\n", "a\nb\nX\nc\n", 0, false), 1);
	assert_string_equal(strbuf_str(&sb),
	    "--- a\n"
	    "+++ b\n"
	    "@@ -2,0 +3 @@\n"
	    "+X\n");
	strbuf_dispose(&sb);
}

static void
test_udiff__pure_delete(void **state)
{
	strbuf_t sb = STRBUF_INIT(0);

	(void)state;
	assert_int_equal(run(&sb, "a\nb\nX\nY\nc\n", "a\nb\nc\n", 3, false),
	    2);
	assert_string_equal(strbuf_str(&sb),
	    "--- a\n"
	    "+++ b\n"
	    "@@ -1,5 +1,3 @@\n"
	    " a\n"
	    " b\n"
	    "-X\n"
	    "-Y\n"
	    " c\n");
	strbuf_dispose(&sb);
}

static void
test_udiff__change_in_middle_with_three_lines_of_context(void **state)
{
	strbuf_t sb = STRBUF_INIT(0);

	(void)state;
	assert_int_equal(run(&sb, "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n",
	    "1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n", 3, false), 2);
	assert_string_equal(strbuf_str(&sb),
	    "--- a\n"
	    "+++ b\n"
	    "@@ -2,7 +2,7 @@\n"
	    " 2\n"
	    " 3\n"
	    " 4\n"
	    "-5\n"
	    "+five\n"
	    " 6\n"
	    " 7\n"
	    " 8\n");
	strbuf_dispose(&sb);
}

static void
test_udiff__far_apart_changes_make_two_hunks(void **state)
{
	strbuf_t sb = STRBUF_INIT(0), a = STRBUF_INIT(0), b = STRBUF_INIT(0);
	int i;

	(void)state;
	for (i = 1; i <= 20; i++) {
		strbuf_addf(&a, "%d\n", i);
		if (i == 2 || i == 18)
			strbuf_adds(&b, i == 2 ? "two\n" : "eighteen\n");
		else
			strbuf_addf(&b, "%d\n", i);
	}
	assert_int_equal(run(&sb, strbuf_str(&a), strbuf_str(&b), 1, false),
	    4);
	assert_string_equal(strbuf_str(&sb),
	    "--- a\n"
	    "+++ b\n"
	    "@@ -1,3 +1,3 @@\n"
	    " 1\n"
	    "-2\n"
	    "+two\n"
	    " 3\n"
	    "@@ -17,3 +17,3 @@\n"
	    " 17\n"
	    "-18\n"
	    "+eighteen\n"
	    " 19\n");
	/* with more context than the gap, one hunk */
	strbuf_reset(&sb);
	assert_int_equal(run(&sb, strbuf_str(&a), strbuf_str(&b), 8, false),
	    4);
	assert_non_null(strstr(strbuf_str(&sb), "\n@@ -1,20 +1,20 @@\n"));
	assert_null(strstr(strstr(strbuf_str(&sb), "@@ -1,20") + 2, "\n@@"));
	strbuf_dispose(&a);
	strbuf_dispose(&b);
	strbuf_dispose(&sb);
}

static void
test_udiff__empty_a(void **state)
{
	strbuf_t sb = STRBUF_INIT(0);

	(void)state;
	assert_int_equal(run(&sb, "", "x\ny", 3, false), 2);
	assert_string_equal(strbuf_str(&sb),
	    "--- a\n"
	    "+++ b\n"
	    "@@ -0,0 +1,2 @@\n"
	    "+x\n"
	    "+y\n");
	strbuf_dispose(&sb);
}

static void
test_udiff__empty_b(void **state)
{
	strbuf_t sb = STRBUF_INIT(0);

	(void)state;
	assert_int_equal(run(&sb, "x\n", "", 3, false), 1);
	assert_string_equal(strbuf_str(&sb),
	    "--- a\n"
	    "+++ b\n"
	    "@@ -1 +0,0 @@\n"
	    "-x\n");
	strbuf_dispose(&sb);
}

static void
test_udiff__colour_wraps_lines_but_not_newlines(void **state)
{
	strbuf_t sb = STRBUF_INIT(0);

	(void)state;
	assert_int_equal(run(&sb, "a\nb\nc\n", "a\nB\nc\n", 1, true), 2);
	assert_string_equal(strbuf_str(&sb),
	    "--- a\n"
	    "+++ b\n"
	    "\033[36m@@ -1,3 +1,3 @@\033[0m\n"
	    " a\n"
	    "\033[31m-b\033[0m\n"
	    "\033[32m+B\033[0m\n"
	    " c\n");
	strbuf_dispose(&sb);
}

static void
test_udiff__counts_added_plus_removed(void **state)
{
	strbuf_t sb = STRBUF_INIT(0);

	(void)state;
	assert_int_equal(run(&sb, "a\nb\nc\nd\n", "b\nx\ny\nd\nz\n", 3,
	    false), 5);
	assert_int_equal(run(&sb, "same\r\n", "same\n", 3, false), 2);
	strbuf_dispose(&sb);
}

static void
test_udiff__respects_the_buffer_limit(void **state)
{
	strbuf_t sb = STRBUF_INIT(16);

	(void)state;
	assert_int_equal(run(&sb, "a\n", "b\n", 3, false), 2);
	assert_int_equal(strbuf_error(&sb), SG_ETOOBIG);
	strbuf_dispose(&sb);
}

/* ---- properties on random texts --------------------------------------- */

static uint32_t rng = 12345;

static uint32_t
rnd(uint32_t n)
{
	rng = rng * 1103515245u + 12345u;
	return (rng >> 8) % n;
}

static char *
random_text(size_t nlines, uint32_t alphabet, size_t *lenp)
{
	strbuf_t sb = STRBUF_INIT(0);
	size_t i;

	for (i = 0; i < nlines; i++)
		strbuf_addf(&sb, "line %u\n", rnd(alphabet));
	return strbuf_detach(&sb, lenp);
}

static size_t
nlines(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		n += *s == '\n';
	return n;
}

/* The i-th line of s (0-based) as a pointer and length. */
static const char *
line_at(const char *s, size_t i, size_t *len)
{
	const char *nl;

	while (i-- > 0)
		s = strchr(s, '\n') + 1;
	nl = strchr(s, '\n');
	*len = (size_t)(nl - s);
	return s;
}

/*
 * Applies a unified diff of a to a (whose lines all end in a newline),
 * checking every context and removed line against a.
 */
static char *
patch(const char *a, const char *diff)
{
	strbuf_t out = STRBUF_INIT(0);
	const char *p = strchr(strchr(diff, '\n') + 1, '\n') + 1, *nl, *anl;
	size_t ai = 0, start;
	unsigned long s;
	char *e;

	while (*p != '\0') {
		assert_true(strncmp(p, "@@ -", 4) == 0);
		s = strtoul(p + 4, &e, 10);
		start = *e == ',' && strtoul(e + 1, NULL, 10) == 0 ? s : s - 1;
		for (; ai < start; ai++) {
			anl = strchr(a, '\n');
			strbuf_add(&out, a, (size_t)(anl - a + 1));
			a = anl + 1;
		}
		p = strchr(p, '\n') + 1;
		while (*p == ' ' || *p == '-' || *p == '+') {
			nl = strchr(p, '\n');
			if (*p != '+') {
				anl = strchr(a, '\n');
				assert_int_equal(anl - a, nl - p - 1);
				assert_memory_equal(a, p + 1,
				    (size_t)(anl - a));
				a = anl + 1;
				ai++;
			}
			if (*p != '-')
				strbuf_add(&out, p + 1, (size_t)(nl - p));
			p = nl + 1;
		}
	}
	strbuf_adds(&out, a);
	return strbuf_detach(&out, NULL);
}

static size_t
lcs(const char *a, const char *b)
{
	size_t na = nlines(a), nb = nlines(b), i, j, la, lb, r;
	size_t *t = calloc((na + 1) * (nb + 1), sizeof(*t));
	const char *pa, *pb;

	for (i = 1; i <= na; i++)
		for (j = 1; j <= nb; j++) {
			pa = line_at(a, i - 1, &la);
			pb = line_at(b, j - 1, &lb);
			if (la == lb && memcmp(pa, pb, la) == 0)
				t[i * (nb + 1) + j] = t[(i - 1) * (nb + 1) +
				    j - 1] + 1;
			else
				t[i * (nb + 1) + j] = t[(i - 1) * (nb + 1) +
				    j] > t[i * (nb + 1) + j - 1] ?
				    t[(i - 1) * (nb + 1) + j] :
				    t[i * (nb + 1) + j - 1];
		}
	r = t[na * (nb + 1) + nb];
	free(t);
	return r;
}

static void
test_udiff__random_diffs_apply_and_are_minimal(void **state)
{
	strbuf_t sb = STRBUF_INIT(0);
	size_t la, lb, n, round;
	char *a, *b, *back;

	(void)state;
	for (round = 0; round < 400; round++) {
		a = random_text(rnd(40), 2 + rnd(12), &la);
		b = random_text(rnd(40), 2 + rnd(12), &lb);
		strbuf_reset(&sb);
		n = udiff(&sb, "a", a, la, "b", b, lb, (int)rnd(4), false);
		assert_int_equal(n, nlines(a) + nlines(b) - 2 * lcs(a, b));
		if (n > 0) {
			back = patch(a, strbuf_str(&sb));
			assert_string_equal(back, b);
			free(back);
		} else
			assert_int_equal(sb.len, 0);
		free(a);
		free(b);
	}
	strbuf_dispose(&sb);
}

static double
seconds(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * 100,000 lines each, drawn from 50 distinct lines, so nearly every line
 * matches somewhere and the search cannot shortcut: the work cap must keep
 * this fast, and the diff must still apply.
 */
static void
test_udiff__large_inputs_stay_fast(void **state)
{
	strbuf_t sb = STRBUF_INIT(0);
	size_t la, lb, n;
	char *a, *b, *back;
	double t0, t;

	(void)state;
	a = random_text(100000, 50, &la);
	b = random_text(100000, 50, &lb);
	t0 = seconds();
	n = udiff(&sb, "a", a, la, "b", b, lb, 3, false);
	t = seconds() - t0;
	(void)fprintf(stderr, "# 100k x 100k lines, 50 distinct: %.3f s, "
	    "%zu lines changed\n", t, n);
	/* generous for sanitizer builds; valgrind runs only check the result */
	assert_true(t < 2.0 || RUNNING_ON_VALGRIND);
	assert_true(n > 0 && n <= 200000);
	back = patch(a, strbuf_str(&sb));
	assert_string_equal(back, b);
	free(back);
	free(b);

	/* a few scattered edits in a big text are found exactly */
	b = strdup(a);
	b[10] = 'X';
	b[la / 2] = 'Y';
	b[la - 3] = 'Z';
	strbuf_reset(&sb);
	t0 = seconds();
	n = udiff(&sb, "a", a, la, "b", b, la, 3, false);
	t = seconds() - t0;
	assert_int_equal(n, 6);
	assert_true(t < 1.0 || RUNNING_ON_VALGRIND);
	free(a);
	free(b);
	strbuf_dispose(&sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_udiff__equal_texts_append_nothing),
		cmocka_unit_test(test_udiff__pure_insert),
		cmocka_unit_test(test_udiff__pure_delete),
		cmocka_unit_test(
		    test_udiff__change_in_middle_with_three_lines_of_context),
		cmocka_unit_test(test_udiff__far_apart_changes_make_two_hunks),
		cmocka_unit_test(test_udiff__empty_a),
		cmocka_unit_test(test_udiff__empty_b),
		cmocka_unit_test(
		    test_udiff__colour_wraps_lines_but_not_newlines),
		cmocka_unit_test(test_udiff__counts_added_plus_removed),
		cmocka_unit_test(test_udiff__respects_the_buffer_limit),
		cmocka_unit_test(
		    test_udiff__random_diffs_apply_and_are_minimal),
		cmocka_unit_test(test_udiff__large_inputs_stay_fast),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
