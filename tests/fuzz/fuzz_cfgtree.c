/*
 * Fuzz target: cfgtree, the preview of a push and its summary.
 * Input layout: RUNNING \0 LINES (no NUL: all of it is RUNNING, no lines).
 * For each of the four dialects the lines are previewed onto the running
 * config, and the properties spangen relies on are checked:
 *   - a failure carries a message;
 *   - the lines previewed again onto the "after" text (what the device
 *     would print) change nothing, and that text is the managed part;
 *   - equal before and after summarise to no lines, and any summary has
 *     as many lines as it says;
 *   - cfg_same() finds each text the same as itself;
 *   - cfg_check_printout() either accepts the running config or says why;
 *   - cfg_review() either fails with a message, or lists what is in the
 *     way, or gives an inverse that, entered after the lines, leaves every
 *     entry as it was (an empty port block the lines created may stay).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "push/cfgreview.h"
#include "push/cfgtree.h"
#include "util/strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define OUT_MAX	(1024u * 1024)

static int
same(const strbuf_t *a, const strbuf_t *b)
{
	return a->len == b->len && (a->len == 0 ||
	    memcmp(a->ptr, b->ptr, a->len) == 0);
}

/* Whether b holds line (with its newline) as a whole line. */
static int
has_line(const strbuf_t *b, const strbuf_t *line)
{
	const char *s = strbuf_str(b), *at;

	for (at = strstr(s, strbuf_str(line)); at != NULL;
	    at = strstr(at + 1, strbuf_str(line)))
		if (at == s || at[-1] == '\n')
			return 1;
	return 0;
}

/* Drops top-level "interface X" lines with nothing under them that b lacks. */
static void
drop_empty_ports(strbuf_t *a, const strbuf_t *b)
{
	strbuf_t out = STRBUF_INIT(0), line = STRBUF_INIT(0);
	const char *p = strbuf_str(a), *end = p + a->len, *nl, *next;

	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		next = nl + 1;
		strbuf_reset(&line);
		strbuf_add(&line, p, (size_t)(nl - p));
		strbuf_addc(&line, '\n');
		if (strncmp(p, "interface ", 10) == 0 &&
		    (next >= end || *next != ' ') && !has_line(b, &line))
			continue;
		strbuf_add(&out, line.ptr, line.len);
	}
	strbuf_reset(a);
	strbuf_add(a, out.ptr, out.len);
	strbuf_dispose(&out);
	strbuf_dispose(&line);
}

static void
check_review(cfg_dialect_t d, const char *running, size_t rlen,
    const char *lines, size_t llen)
{
	strbuf_t all = STRBUF_INIT(0), b = STRBUF_INIT(OUT_MAX),
	    a = STRBUF_INIT(OUT_MAX);
	sg_err_t err = SG_ERR_INIT;
	cfg_review_t rv;
	int rc;

	cfg_review_init(&rv);
	rc = cfg_review(d, running, rlen, lines, llen, "", 0, &rv, &err);
	if (rc != 0 || rv.nforeign > 0) {
		if ((rc != 0 && (err.msg[0] == '\0' || rv.inverse.len != 0)) ||
		    (rc == 0 && rv.foreign.len == 0)) {
			fprintf(stderr, "dialect %d: review rc %d '%s'\n", d, rc,
			    err.msg);
			abort();
		}
		goto out;
	}
	strbuf_add(&all, lines, llen);
	strbuf_adds(&all, "\nend\n");
	strbuf_add(&all, rv.inverse.ptr, rv.inverse.len);
	if (cfg_preview(d, running, rlen, strbuf_str(&all), all.len, &b, &a,
	    &err) != 0)
		goto out;	/* over a size limit with the inverse added */
	drop_empty_ports(&a, &b);
	if (!cfg_same(strbuf_str(&b), b.len, strbuf_str(&a), a.len)) {
		fprintf(stderr, "dialect %d: the inverse does not give back "
		    "what was there\n--- inverse\n%s--- before\n%s--- after"
		    "\n%s", d, strbuf_str(&rv.inverse), strbuf_str(&b),
		    strbuf_str(&a));
		abort();
	}
 out:
	cfg_review_dispose(&rv);
	strbuf_dispose(&all);
	strbuf_dispose(&b);
	strbuf_dispose(&a);
}

static void
check(cfg_dialect_t d, const char *running, size_t rlen, const char *lines,
    size_t llen)
{
	strbuf_t before = STRBUF_INIT(OUT_MAX), after = STRBUF_INIT(OUT_MAX);
	strbuf_t b2 = STRBUF_INIT(OUT_MAX), a2 = STRBUF_INIT(OUT_MAX);
	strbuf_t sum = STRBUF_INIT(0);
	sg_err_t err = SG_ERR_INIT;
	size_t n, i, nl = 0;
	int rc;

	if ((rc = cfg_check_printout(d, running, rlen, &err)) != 0 &&
	    (err.code != rc || err.msg[0] == '\0')) {
		fprintf(stderr, "dialect %d: printout refused without a reason\n",
		    d);
		abort();
	}
	sg_err_clear(&err);
	rc = cfg_preview(d, running, rlen, lines, llen, &before, &after, &err);
	if (rc != 0) {
		if (err.code != rc || err.msg[0] == '\0' || before.len != 0 ||
		    after.len != 0) {
			fprintf(stderr, "dialect %d: rc %d, code %d, "
			    "msg '%s'\n", d, rc, err.code, err.msg);
			abort();
		}
		goto out;
	}
	n = cfg_semantic(d, strbuf_str(&before), before.len,
	    strbuf_str(&after), after.len, &sum);
	for (i = 0; i < sum.len; i++)
		nl += sum.ptr[i] == '\n';
	if (nl != n || (same(&before, &after) && n != 0)) {
		fprintf(stderr, "dialect %d: summary of %zu lines says %zu:\n"
		    "%s", d, nl, n, strbuf_str(&sum));
		abort();
	}
	if (!cfg_same(strbuf_str(&after), after.len, strbuf_str(&after),
	    after.len) || !cfg_same(strbuf_str(&before), before.len,
	    strbuf_str(&before), before.len)) {
		fprintf(stderr, "dialect %d: a text differs from itself\n", d);
		abort();
	}
	rc = cfg_preview(d, strbuf_str(&after), after.len, lines, llen, &b2,
	    &a2, &err);
	if (rc != 0 || !same(&b2, &a2) || !same(&a2, &after)) {
		fprintf(stderr, "dialect %d: second push (rc %d, %s)\n"
		    "--- after the first\n%s--- before the second\n%s"
		    "--- after the second\n%s", d, rc, err.msg,
		    strbuf_str(&after), strbuf_str(&b2), strbuf_str(&a2));
		abort();
	}
 out:
	strbuf_dispose(&before);
	strbuf_dispose(&after);
	strbuf_dispose(&b2);
	strbuf_dispose(&a2);
	strbuf_dispose(&sum);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *all = (const char *)data, *nul;
	size_t rlen, llen;
	char *running, *lines;
	int d;

	nul = memchr(all, '\0', size);
	rlen = nul != NULL ? (size_t)(nul - all) : size;
	llen = nul != NULL ? size - rlen - 1 : 0;
	/* exact-size copies, so ASan sees any read past either end */
	running = malloc(rlen ? rlen : 1);
	lines = malloc(llen ? llen : 1);
	memcpy(running, all, rlen);
	if (llen > 0)
		memcpy(lines, nul + 1, llen);
	for (d = CFG_IOSXE; d <= CFG_AOSCX; d++) {
		check((cfg_dialect_t)d, running, rlen, lines, llen);
		check_review((cfg_dialect_t)d, running, rlen, lines, llen);
	}
	free(running);
	free(lines);
	return 0;
}
