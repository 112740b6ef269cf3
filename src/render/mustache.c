/*
 * mustache: the parser turns a template into a tree of nodes in one pass,
 * deciding standalone lines as it goes (a section, comment, partial or
 * delimiter tag alone on its line takes the line with it).  Node text
 * points into a copy of the template kept in the template's arena.  The
 * renderer walks the tree with an explicit context stack.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/mustache.h"
#include "util/strmap.h"
#include "util/xmalloc.h"

#define DELIM_MAX	16
#define STACK_MAX	(MUSTACHE_MAX_DEPTH * 4)
#define MAX_STEPS	10000000u	/* far beyond any device configuration */

/* ---- views ----------------------------------------------------------- */

mvalue_t *
mvalue_null(arena_t *a)
{
	return arena_alloc(a, sizeof(mvalue_t));
}

mvalue_t *
mvalue_bool(arena_t *a, bool b)
{
	mvalue_t *v = arena_alloc(a, sizeof(*v));

	v->kind = MVALUE_BOOL;
	v->boolean = b;
	return v;
}

mvalue_t *
mvalue_string(arena_t *a, const char *s)
{
	mvalue_t *v = arena_alloc(a, sizeof(*v));

	v->kind = MVALUE_STRING;
	v->string = arena_strdup(a, s);
	return v;
}

mvalue_t *
mvalue_stringf(arena_t *a, const char *fmt, ...)
{
	mvalue_t *v = arena_alloc(a, sizeof(*v));
	va_list ap;

	v->kind = MVALUE_STRING;
	va_start(ap, fmt);
	v->string = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return v;
}

mvalue_t *
mvalue_list(arena_t *a)
{
	mvalue_t *v = arena_alloc(a, sizeof(*v));

	v->kind = MVALUE_LIST;
	return v;
}

mvalue_t *
mvalue_map(arena_t *a)
{
	mvalue_t *v = arena_alloc(a, sizeof(*v));

	v->kind = MVALUE_MAP;
	return v;
}

/* Arena arrays cannot be resized in place: double into a new block. */
static void *
grow(arena_t *a, void *old, size_t n, size_t *cap, size_t size)
{
	void *p;

	if (n < *cap)
		return old;
	*cap = *cap == 0 ? 4 : *cap * 2;
	p = arena_array(a, *cap, size);
	if (n > 0)
		memcpy(p, old, n * size);
	return p;
}

void
mvalue_append(arena_t *a, mvalue_t *list, mvalue_t *item)
{
	list->items = grow(a, list->items, list->n, &list->cap,
	    sizeof(*list->items));
	list->items[list->n++] = item;
}

void
mvalue_set(arena_t *a, mvalue_t *map, const char *key, mvalue_t *value)
{
	size_t i;

	for (i = 0; i < map->n; i++)
		if (strcmp(map->pairs[i].key, key) == 0) {
			map->pairs[i].value = value;
			return;
		}
	map->pairs = grow(a, map->pairs, map->n, &map->cap,
	    sizeof(*map->pairs));
	map->pairs[map->n].key = arena_strdup(a, key);
	map->pairs[map->n++].value = value;
}

const mvalue_t *
mvalue_get(const mvalue_t *map, const char *key)
{
	size_t i;

	if (map == NULL || map->kind != MVALUE_MAP)
		return NULL;
	for (i = 0; i < map->n; i++)
		if (strcmp(map->pairs[i].key, key) == 0)
			return map->pairs[i].value;
	return NULL;
}

/* ---- parsing --------------------------------------------------------- */

typedef enum {
	MN_TEXT, MN_VAR, MN_RAW, MN_SECTION, MN_INVERTED, MN_PARTIAL
} mnode_kind_t;

typedef struct mnode mnode_t;

struct mnode {
	mnode_kind_t	 kind;
	const char	*text;		/* literal, or the tag's name */
	size_t		 len;
	const char	*indent;	/* standalone partial: its indentation */
	size_t		 at;		/* offset of the tag in the template */
	mnode_t		*child;		/* section body */
	mnode_t		*next;
};

struct mustache {
	arena_t		 arena;
	const char	*name;
	const char	*src;		/* the template, NUL-terminated */
	size_t		 len;
	mnode_t		*root;
};

struct parser {
	mustache_t	*t;
	char		 open[DELIM_MAX];
	char		 close[DELIM_MAX];
	size_t		 olen;
	size_t		 clen;
	size_t		 last_tag_end;
	mnode_t		*sections[MUSTACHE_MAX_DEPTH];	/* open sections */
	mnode_t		**tails[MUSTACHE_MAX_DEPTH + 1];	/* where to link */
	size_t		 depth;
	sg_err_t	*err;
};

static void
position(const mustache_t *t, size_t at, unsigned int *line,
    unsigned int *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < at && i < t->len; i++) {
		if (t->src[i] == '\n') {
			(*line)++;
			*col = 1;
		} else
			(*col)++;
	}
}

static int
fail_at(const mustache_t *t, sg_err_t *err, int code, size_t at,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int
fail_at(const mustache_t *t, sg_err_t *err, int code, size_t at,
    const char *fmt, ...)
{
	char msg[512];
	unsigned int line, col;
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	position(t, at, &line, &col);
	return sg_err_set(err, code, "%s:%u:%u: %s", t->name, line, col, msg);
}

static void
emit(struct parser *ps, mnode_kind_t kind, const char *text, size_t len,
    size_t at)
{
	mnode_t *n;

	if (kind == MN_TEXT && len == 0)
		return;
	n = arena_alloc(&ps->t->arena, sizeof(*n));
	n->kind = kind;
	n->text = text;
	n->len = len;
	n->at = at;
	*ps->tails[ps->depth] = n;
	ps->tails[ps->depth] = &n->next;
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Finds needle in src[from, len), or returns len.  memchr skips
 * to each candidate first byte, so the text between tags is scanned once
 * rather than compared at every offset.
 */
static size_t
find(const char *src, size_t len, size_t from, const char *needle,
    size_t nlen)
{
	const char *p;
	size_t i = from;

	if (nlen == 0)
		return from <= len ? from : len;
	while (i + nlen <= len) {
		p = memchr(src + i, needle[0], len - nlen + 1 - i);
		if (p == NULL)
			break;
		i = (size_t)(p - src);
		if (memcmp(p, needle, nlen) == 0)
			return i;
		i++;
	}
	return len;
}

static void
trim(const char **s, size_t *len)
{
	while (*len > 0 && (is_blank(**s) || **s == '\n' || **s == '\r')) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && (is_blank((*s)[*len - 1]) || (*s)[*len - 1] == '\n'
	    || (*s)[*len - 1] == '\r'))
		(*len)--;
}

static int
set_delimiters(struct parser *ps, const char *in, size_t len, size_t at)
{
	const char *a, *b;
	size_t alen, blen;

	/* "=<% %>=": the new pair between the equals signs */
	if (len < 2 || in[len - 1] != '=')
		return fail_at(ps->t, ps->err, SG_EINVAL, at, "a delimiter "
		    "tag must end with '='");
	in++;
	len -= 2;
	trim(&in, &len);
	for (alen = 0; alen < len && !is_blank(in[alen]); alen++)
		;
	b = in + alen;
	blen = len - alen;
	trim(&b, &blen);
	a = in;
	if (alen == 0 || blen == 0 || alen >= DELIM_MAX || blen >= DELIM_MAX ||
	    memchr(a, '=', alen) != NULL || memchr(b, '=', blen) != NULL ||
	    find(b, blen, 0, " ", 1) != blen)
		return fail_at(ps->t, ps->err, SG_EINVAL, at, "bad delimiters "
		    "'%.*s'", (int)len, in);
	memcpy(ps->open, a, alen);
	ps->open[alen] = '\0';
	ps->olen = alen;
	memcpy(ps->close, b, blen);
	ps->close[blen] = '\0';
	ps->clen = blen;
	return 0;
}

/*
 * A tag that may stand alone is standalone when only blanks share its
 * line: then the line, its indentation and its newline are not output.
 */
static bool
standalone(const struct parser *ps, size_t open_at, size_t end,
    size_t *line_start, size_t *next)
{
	const char *src = ps->t->src;
	size_t ls = open_at, i = end, k;

	while (ls > 0 && src[ls - 1] != '\n')
		ls--;
	if (ls < ps->last_tag_end)
		return false;	/* another tag on this line */
	for (k = ls; k < open_at; k++)
		if (!is_blank(src[k]))
			return false;
	while (i < ps->t->len && is_blank(src[i]))
		i++;
	if (i < ps->t->len && src[i] == '\r' && i + 1 < ps->t->len &&
	    src[i + 1] == '\n')
		i++;
	if (i < ps->t->len && src[i] != '\n')
		return false;
	*line_start = ls;
	*next = i < ps->t->len ? i + 1 : i;
	return true;
}

static int
tag(struct parser *ps, char sigil, const char *name, size_t nlen,
    size_t at, const char *indent)
{
	mnode_t *open;

	switch (sigil) {
	case '!':
		return 0;
	case '#':
	case '^':
		if (ps->depth == MUSTACHE_MAX_DEPTH)
			return fail_at(ps->t, ps->err, SG_ETOOBIG, at, "sections "
			    "nested deeper than %d", MUSTACHE_MAX_DEPTH);
		emit(ps, sigil == '#' ? MN_SECTION : MN_INVERTED, name, nlen,
		    at);
		open = (mnode_t *)((char *)ps->tails[ps->depth] -
		    offsetof(mnode_t, next));
		ps->sections[ps->depth++] = open;
		ps->tails[ps->depth] = &open->child;
		return 0;
	case '/':
		if (ps->depth == 0)
			return fail_at(ps->t, ps->err, SG_EINVAL, at, "'/%.*s' "
			    "closes no section", (int)nlen, name);
		open = ps->sections[ps->depth - 1];
		if (open->len != nlen || memcmp(open->text, name, nlen) != 0)
			return fail_at(ps->t, ps->err, SG_EINVAL, at, "'/%.*s' "
			    "closes section '%.*s'", (int)nlen, name,
			    (int)open->len, open->text);
		ps->depth--;
		return 0;
	case '>':
		emit(ps, MN_PARTIAL, name, nlen, at);
		((mnode_t *)((char *)ps->tails[ps->depth] -
		    offsetof(mnode_t, next)))->indent = indent;
		return 0;
	case '&':
	case '{':
		emit(ps, MN_RAW, name, nlen, at);
		return 0;
	default:
		emit(ps, MN_VAR, name, nlen, at);
		return 0;
	}
}

static int
parse(struct parser *ps)
{
	const mustache_t *t = ps->t;
	const char *src = t->src, *name;
	size_t pos = 0, open_at, in_at, close_at, end, ls, next, nlen;
	char sigil;
	int rc;

	for (;;) {
		open_at = find(src, t->len, pos, ps->open, ps->olen);
		if (open_at == t->len) {
			emit(ps, MN_TEXT, src + pos, t->len - pos, pos);
			break;
		}
		in_at = open_at + ps->olen;
		sigil = in_at < t->len ? src[in_at] : '\0';
		if (sigil == '{') {
			/* triple mustache: '}' then the closing delimiter */
			for (close_at = in_at + 1;; close_at++) {
				close_at = find(src, t->len, close_at, "}", 1);
				if (close_at >= t->len ||
				    (close_at + 1 + ps->clen <= t->len &&
				    memcmp(src + close_at + 1, ps->close,
				    ps->clen) == 0))
					break;
			}
			end = close_at + 1 + ps->clen;
		} else {
			close_at = find(src, t->len, in_at, ps->close, ps->clen);
			end = close_at + ps->clen;
		}
		if (close_at >= t->len)
			return fail_at(t, ps->err, SG_EINVAL, open_at, "tag "
			    "'%s' is not closed", ps->open);
		if (strchr("#^/!>={&", sigil) == NULL || sigil == '\0')
			sigil = '\0';
		name = src + in_at + (sigil != '\0');
		nlen = close_at - in_at - (sigil != '\0');
		if (sigil != '=')
			trim(&name, &nlen);
		if (nlen == 0 && sigil != '!')
			return fail_at(t, ps->err, SG_EINVAL, open_at, "empty "
			    "tag");
		if (sigil != '\0' && strchr("#^/!>=", sigil) != NULL &&
		    standalone(ps, open_at, end, &ls, &next)) {
			emit(ps, MN_TEXT, src + pos, ls - pos, pos);
			pos = next;
		} else {
			emit(ps, MN_TEXT, src + pos, open_at - pos, pos);
			ls = open_at;
			pos = end;
		}
		ps->last_tag_end = end;
		if (sigil == '=')
			rc = set_delimiters(ps, src + in_at, close_at - in_at,
			    open_at);
		else
			rc = tag(ps, sigil, name, nlen, open_at, sigil == '>' ?
			    arena_strndup(&ps->t->arena, src + ls,
			    open_at - ls) : NULL);
		if (rc != 0)
			return rc;
	}
	if (ps->depth > 0)
		return fail_at(t, ps->err, SG_EINVAL,
		    ps->sections[ps->depth - 1]->at, "section '%.*s' is not "
		    "closed", (int)ps->sections[ps->depth - 1]->len,
		    ps->sections[ps->depth - 1]->text);
	return 0;
}

int
mustache_parse(mustache_t **out, const char *name, const char *text,
    size_t len, sg_err_t *err)
{
	struct parser ps;
	mustache_t *t;
	int rc;

	*out = NULL;
	t = xcalloc(1, sizeof(*t));
	arena_init(&t->arena);
	t->name = arena_strdup(&t->arena, name);
	t->src = arena_strndup(&t->arena, text, len);
	t->len = len;
	memset(&ps, 0, sizeof(ps));
	ps.t = t;
	ps.err = err;
	memcpy(ps.open, "{{", 3);
	memcpy(ps.close, "}}", 3);
	ps.olen = ps.clen = 2;
	ps.tails[0] = &t->root;
	if ((rc = parse(&ps)) != 0) {
		mustache_free(t);
		return rc;
	}
	/* success */
	*out = t;
	return 0;
}

void
mustache_free(mustache_t *t)
{
	if (t == NULL)
		return;
	arena_dispose(&t->arena);
	free(t);
}

/* ---- partial cache ---------------------------------------------------- */

struct mustache_cache {
	arena_t		 keys;		/* "name\nindent" strings */
	strmap_t	 map;		/* key -> templates[] */
	mustache_t	**templates;
	size_t		 n;
};

mustache_cache_t *
mustache_cache_new(void)
{
	mustache_cache_t *c = xcalloc(1, sizeof(*c));

	arena_init(&c->keys);
	return c;
}

void
mustache_cache_free(mustache_cache_t *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++)
		mustache_free(c->templates[i]);
	free(c->templates);
	strmap_dispose(&c->map);
	arena_dispose(&c->keys);
	free(c);
}

size_t
mustache_cache_count(const mustache_cache_t *c)
{
	return c->n + c->keys.used;
}

/* ---- rendering ------------------------------------------------------- */

struct render {
	uint64_t		 steps;		/* nodes visited, against MAX_STEPS */
	strbuf_t		*out;
	const mustache_opts_t	*opts;
	const mvalue_t		*stack[STACK_MAX];
	size_t			 depth;
	int			 nesting;
	sg_err_t		*err;
};

static int render_nodes(struct render *r, const mustache_t *t,
    const mnode_t *n);

/* The value a (dotted) name resolves to; *found says if it exists. */
static const mvalue_t *
lookup(const struct render *r, const char *name, size_t len, bool *found)
{
	const mvalue_t *v = NULL;
	char part[256];
	size_t plen, i;
	bool first = true;

	*found = false;
	if (len == 1 && name[0] == '.') {
		*found = r->depth > 0;
		return r->depth > 0 ? r->stack[r->depth - 1] : NULL;
	}
	while (len > 0) {
		for (plen = 0; plen < len && name[plen] != '.'; plen++)
			;
		if (plen == 0 || plen >= sizeof(part))
			return NULL;
		memcpy(part, name, plen);
		part[plen] = '\0';
		if (first) {
			/* the first part searches the whole stack, top down */
			for (i = r->depth; i > 0; i--)
				if ((v = mvalue_get(r->stack[i - 1], part)) !=
				    NULL)
					break;
			first = false;
		} else
			v = mvalue_get(v, part);
		if (v == NULL)
			return NULL;
		name += plen;
		len -= plen;
		if (len > 0) {
			name++;
			len--;
		}
	}
	*found = true;
	return v;
}

static bool
falsy(const mvalue_t *v)
{
	return v == NULL || v->kind == MVALUE_NULL ||
	    (v->kind == MVALUE_BOOL && !v->boolean) ||
	    (v->kind == MVALUE_LIST && v->n == 0);
}

static void
write_escaped(strbuf_t *out, const char *s, mustache_escape_t esc)
{
	if (esc == MUSTACHE_ESCAPE_NONE)
		strbuf_adds(out, s);
	else
		strbuf_add_xml(out, s);
}

static int
missing(struct render *r, const mustache_t *t, const mnode_t *n,
    const char *what)
{
	return fail_at(t, r->err, SG_EINVAL, n->at, "no %s '%.*s'", what,
	    (int)n->len, n->text);
}

static int
push(struct render *r, const mustache_t *t, const mnode_t *n,
    const mvalue_t *v)
{
	if (r->depth == STACK_MAX)
		return fail_at(t, r->err, SG_ETOOBIG, n->at, "context nested "
		    "deeper than %d", STACK_MAX);
	r->stack[r->depth++] = v;
	return 0;
}

static int
render_section(struct render *r, const mustache_t *t, const mnode_t *n,
    const mvalue_t *v)
{
	size_t i;
	int rc;

	if (v->kind != MVALUE_LIST) {
		if ((rc = push(r, t, n, v)) != 0)
			return rc;
		rc = render_nodes(r, t, n->child);
		r->depth--;
		return rc;
	}
	for (i = 0; i < v->n; i++) {
		if ((rc = push(r, t, n, v->items[i])) != 0)
			return rc;
		rc = render_nodes(r, t, n->child);
		r->depth--;
		if (rc != 0)
			return rc;
	}
	return 0;
}

/* Indents every line of a standalone partial before it is parsed. */
static char *
indent_text(const char *text, size_t len, const char *indent, size_t *outlen)
{
	strbuf_t sb = STRBUF_INIT(0);
	size_t i;

	for (i = 0; i < len; i++) {
		if (i == 0 || text[i - 1] == '\n')
			strbuf_adds(&sb, indent);
		strbuf_addc(&sb, text[i]);
	}
	return strbuf_detach(&sb, outlen);
}

/* The partial, parsed with its standalone indentation; cached if asked. */
static int
load_partial(struct render *r, const mustache_t *t, const mnode_t *n,
    const char *name, mustache_t **out, bool *owned)
{
	mustache_cache_t *c = r->opts->cache;
	const char *indent = n->indent != NULL ? n->indent : "";
	char *key = NULL, *indented = NULL;
	const char *text;
	size_t len, i;
	int rc;

	*out = NULL;
	*owned = c == NULL;
	if (c != NULL) {
		/* the key is kept only for a new entry: hits must not grow it */
		strbuf_t probe = STRBUF_INIT(0);
		bool hit;

		strbuf_addf(&probe, "%s\n%s", name, indent);
		hit = strmap_get(&c->map, strbuf_str(&probe), &i);
		strbuf_dispose(&probe);
		if (hit) {
			*out = c->templates[i];
			return 0;
		}
	}
	if (r->opts->partial == NULL ||
	    !r->opts->partial(r->opts->partial_ctx, name, &text, &len))
		return r->opts->strict ? missing(r, t, n, "partial") : 0;
	if (indent[0] != '\0')
		text = indented = indent_text(text, len, indent, &len);
	rc = mustache_parse(out, name, text, len, r->err);
	free(indented);
	if (rc == 0 && c != NULL) {
		/* only a parsed partial is kept, so misses do not grow it */
		key = arena_printf(&c->keys, "%s\n%s", name, indent);
		c->templates = xreallocarray(c->templates, c->n + 1,
		    sizeof(*c->templates));
		c->templates[c->n] = *out;
		(void)strmap_add(&c->map, key, c->n++);
	}
	return rc;
}

static int
render_partial(struct render *r, const mustache_t *t, const mnode_t *n)
{
	mustache_t *pt = NULL;
	char name[256];
	bool owned;
	int rc;

	if (n->len >= sizeof(name))
		return fail_at(t, r->err, SG_EINVAL, n->at, "partial name too "
		    "long");
	memcpy(name, n->text, n->len);
	name[n->len] = '\0';
	if (r->nesting >= MUSTACHE_MAX_DEPTH)
		return fail_at(t, r->err, SG_ETOOBIG, n->at, "partials nested "
		    "deeper than %d", MUSTACHE_MAX_DEPTH);
	if ((rc = load_partial(r, t, n, name, &pt, &owned)) != 0 || pt == NULL)
		return rc;
	r->nesting++;
	rc = render_nodes(r, pt, pt->root);
	r->nesting--;
	if (owned)
		mustache_free(pt);
	return rc;
}

static int
render_nodes(struct render *r, const mustache_t *t, const mnode_t *n)
{
	const mvalue_t *v;
	bool found;
	int rc;

	for (; n != NULL; n = n->next) {
		/*
		 * Nested sections over lists multiply: a small template can ask
		 * for more work than any output limit would ever notice.
		 */
		if (++r->steps > MAX_STEPS)
			return fail_at(t, r->err, SG_ETOOBIG, n->at, "template "
			    "needs more than %u steps to render", MAX_STEPS);
		if (n->kind == MN_TEXT) {
			strbuf_add(r->out, n->text, n->len);
			continue;
		}
		if (n->kind == MN_PARTIAL) {
			if ((rc = render_partial(r, t, n)) != 0)
				return rc;
			continue;
		}
		v = lookup(r, n->text, n->len, &found);
		if (!found && r->opts->strict)
			return missing(r, t, n, "value for");
		switch (n->kind) {
		case MN_VAR:
		case MN_RAW:
			/* an empty string in a device command is a bug too */
			if (r->opts->strict && (v == NULL ||
			    v->kind == MVALUE_NULL || v->kind == MVALUE_LIST ||
			    v->kind == MVALUE_MAP))
				return fail_at(t, r->err, SG_EINVAL, n->at,
				    "'%.*s' has no text to write", (int)n->len,
				    n->text);
			if (v != NULL && v->kind == MVALUE_STRING)
				write_escaped(r->out, v->string,
				    n->kind == MN_RAW ? MUSTACHE_ESCAPE_NONE :
				    r->opts->escape);
			else if (v != NULL && v->kind == MVALUE_BOOL)
				strbuf_adds(r->out, v->boolean ? "true" :
				    "false");
			break;
		case MN_SECTION:
			if (!falsy(v) && (rc = render_section(r, t, n, v)) != 0)
				return rc;
			break;
		case MN_INVERTED:
			if (falsy(v) && (rc = render_nodes(r, t, n->child)) != 0)
				return rc;
			break;
		default:
			break;
		}
	}
	if (strbuf_error(r->out) != 0)
		return sg_err_set(r->err, SG_ETOOBIG, "%s: output over %zu "
		    "bytes", t->name, r->out->max);
	return 0;
}

int
mustache_render(strbuf_t *out, const mustache_t *t, const mvalue_t *view,
    const mustache_opts_t *opts, sg_err_t *err)
{
	struct render r;

	memset(&r, 0, sizeof(r));
	r.out = out;
	r.opts = opts;
	r.err = err;
	r.stack[r.depth++] = view;
	return render_nodes(&r, t, t->root);
}
