/*
 * diag: a growable array of diagnostics that owns every string in it.
 * Severity is derived from the code once, when a diagnostic is added.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/diag.h"
#include "util/xmalloc.h"

struct diag_list {
	diag_t	*v;
	size_t	 n;
	size_t	 cap;
	size_t	 errors;
	size_t	 by_severity[3];
	size_t	 dropped;
};

diag_list_t *
diag_list_new(void)
{
	return xcalloc(1, sizeof(diag_list_t));
}

void
diag_list_free(diag_list_t *dl)
{
	size_t i, j;

	if (dl == NULL)
		return;
	for (i = 0; i < dl->n; i++) {
		for (j = 0; j < dl->v[i].nobjects; j++)
			free(dl->v[i].objects[j]);
		free(dl->v[i].objects);
		free((char *)dl->v[i].pos.file);
		free(dl->v[i].message);
		free(dl->v[i].hint);
	}
	free(dl->v);
	free(dl);
}

static diag_severity_t
severity_of(const char *code)
{
	switch (code[0]) {
	case 'W':
		return DIAG_WARNING;
	case 'I':
		return DIAG_INFO;
	default:
		return DIAG_ERROR;
	}
}

#define QUOTED_MAX	80	/* longest quoted value a message repeats */
#define QUOTED_KEEP	60	/* of a longer one, the bytes shown */

/* Where to cut s near at without splitting a UTF-8 character. */
static size_t
char_start(const char *s, size_t at)
{
	while (at > 0 && ((unsigned char)s[at] & 0xc0) == 0x80)
		at--;
	return at;
}

/*
 * A message quotes the value it refuses; a value of a megabyte would bury
 * the message, so a long quoted run keeps its start and says its size.
 */
static void
shorten_quoted(strbuf_t *sb)
{
	strbuf_t out = STRBUF_INIT(0);
	const char *s = strbuf_str(sb), *open, *close;
	size_t len;

	/* most messages are short: nothing to cut, nothing to copy */
	if (sb->len <= QUOTED_MAX)
		return;
	while ((open = strchr(s, '\'')) != NULL &&
	    (close = strchr(open + 1, '\'')) != NULL) {
		len = (size_t)(close - open - 1);
		strbuf_add(&out, s, (size_t)(open - s) + 1);
		if (len > QUOTED_MAX) {
			strbuf_add(&out, open + 1, char_start(open + 1,
			    QUOTED_KEEP));
			strbuf_addf(&out, "...' (%zu bytes)", len);
		} else {
			strbuf_add(&out, open + 1, len);
			strbuf_addc(&out, '\'');
		}
		s = close + 1;
	}
	strbuf_adds(&out, s);
	strbuf_reset(sb);
	strbuf_add(sb, strbuf_str(&out), out.len);
	strbuf_dispose(&out);
}

void
diag_add(diag_list_t *dl, const char *code, srcpos_t pos, const char *hint,
    const char *fmt, ...)
{
	diag_t *d;
	strbuf_t raw = STRBUF_INIT(0), msg = STRBUF_INIT(0);
	va_list ap;

	if (severity_of(code) == DIAG_ERROR)
		dl->errors++;
	dl->by_severity[severity_of(code)]++;
	if (dl->n >= DIAG_MAX) {
		dl->dropped++;
		return;
	}
	if (dl->n == dl->cap) {
		dl->cap = dl->cap == 0 ? 16 : dl->cap * 2;
		dl->v = xreallocarray(dl->v, dl->cap, sizeof(*dl->v));
	}
	va_start(ap, fmt);
	strbuf_vaddf(&raw, fmt, ap);
	va_end(ap);
	shorten_quoted(&raw);
	/* a refused value is quoted as written; it must not restyle or
	 * reorder the message around it */
	strbuf_add_display(&msg, strbuf_str(&raw));
	d = &dl->v[dl->n++];
	(void)snprintf(d->code, sizeof(d->code), "%s", code);
	d->severity = severity_of(code);
	d->pos = pos;
	d->pos.file = pos.file != NULL ? xstrdup(pos.file) : NULL;
	d->message = strbuf_detach(&msg, NULL);
	strbuf_reset(&raw);
	strbuf_add_display(&raw, hint != NULL ? hint : "");
	d->hint = strbuf_detach(&raw, NULL);
	d->objects = NULL;
	d->nobjects = 0;
}

void
diag_set_objects(diag_list_t *dl, const char *const *objects, size_t n)
{
	diag_t *d;
	size_t i;

	/* the last diagnostic may have been dropped over DIAG_MAX */
	if (dl->n == 0 || dl->dropped > 0)
		return;
	d = &dl->v[dl->n - 1];
	d->objects = xreallocarray(NULL, n, sizeof(*d->objects));
	for (i = 0; i < n; i++)
		d->objects[i] = xstrdup(objects[i]);
	d->nobjects = n;
}

size_t
diag_count(const diag_list_t *dl)
{
	return dl->n;
}

size_t
diag_errors(const diag_list_t *dl)
{
	return dl->errors;
}

size_t
diag_severity_count(const diag_list_t *dl, diag_severity_t sev)
{
	return dl->by_severity[sev];
}

size_t
diag_dropped(const diag_list_t *dl)
{
	return dl->dropped;
}

const diag_t *
diag_get(const diag_list_t *dl, size_t i)
{
	return i < dl->n ? &dl->v[i] : NULL;
}

static int
pos_cmp(const diag_t *a, const diag_t *b)
{
	int c;

	if (a->pos.file == NULL || b->pos.file == NULL)
		return (a->pos.file == NULL) - (b->pos.file == NULL);
	if ((c = strcmp(a->pos.file, b->pos.file)) != 0)
		return c;
	if (a->pos.line != b->pos.line)
		return a->pos.line < b->pos.line ? -1 : 1;
	if (a->pos.col != b->pos.col)
		return a->pos.col < b->pos.col ? -1 : 1;
	return 0;
}

void
diag_sort(diag_list_t *dl)
{
	size_t i, j;
	diag_t tmp;

	/* insertion sort: stable, and lists are short and nearly sorted */
	for (i = 1; i < dl->n; i++) {
		tmp = dl->v[i];
		for (j = i; j > 0 && pos_cmp(&dl->v[j - 1], &tmp) > 0; j--)
			dl->v[j] = dl->v[j - 1];
		dl->v[j] = tmp;
	}
}

void
diag_format(strbuf_t *out, const diag_t *d)
{
	static const char *const names[] = { "error", "warning", "info" };

	if (d->pos.file != NULL)
		strbuf_addf(out, "%s:%u:%u: ", d->pos.file, d->pos.line,
		    d->pos.col);
	strbuf_addf(out, "%s %s: %s\n", names[d->severity], d->code,
	    d->message);
	if (d->hint[0] != '\0')
		strbuf_addf(out, "    hint: %s\n", d->hint);
}

void
diag_format_all(strbuf_t *out, const diag_list_t *dl)
{
	size_t i;

	for (i = 0; i < diag_count(dl); i++)
		diag_format(out, diag_get(dl, i));
	if (diag_dropped(dl) > 0)
		strbuf_addf(out, "... and %zu more diagnostics not shown\n",
		    diag_dropped(dl));
}
