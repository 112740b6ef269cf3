/* xmlsem: see xmlsem.h. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "push/xmlsem.h"
#include "transport/xml.h"
#include "util/xmalloc.h"

/*
 * Matching is quadratic, and every leaf copies its object's path (keys
 * included), so both the leaves and the bytes they copy are capped: a
 * device's reply past either gets no summary rather than minutes of work.
 */
#define LEAVES_MAX	2000
#define BYTES_MAX	(256u * 1024)

struct leaf {
	char	*object;
	char	*rel;		/* "" for the object (or an empty entry) itself */
	char	*value;		/* whitespace folded; "" for an empty leaf */
	bool	 repeated;	/* its path occurs twice: a leaf-list */
	bool	 matched;
};

struct side {
	struct leaf	*v;
	size_t		 n, cap;
	size_t		 bytes;		/* copied into leaves so far */
	bool		 over;
};

static bool
is_element(const xmlNode *n)
{
	return n != NULL && n->type == XML_ELEMENT_NODE;
}

static const xmlNode *
first_element(const xmlNode *n)
{
	const xmlNode *c;

	for (c = n->children; c != NULL; c = c->next)
		if (is_element(c))
			return c;
	return NULL;
}

static bool
has_element_child(const xmlNode *n)
{
	return first_element(n) != NULL;
}

/* The key leaf of a list entry: its first child, a leaf named name or id. */
static const xmlNode *
key_of(const xmlNode *n)
{
	const xmlNode *c = first_element(n);

	if (c == NULL || has_element_child(c) ||
	    (xmlStrcmp(c->name, BAD_CAST "name") != 0 &&
	    xmlStrcmp(c->name, BAD_CAST "id") != 0))
		return NULL;
	return c;
}

/* The text of a leaf on one line: runs of whitespace become one space. */
static void
add_folded(strbuf_t *sb, const xmlNode *n)
{
	xmlChar *raw = xmlNodeGetContent(n);
	const xmlChar *p;
	bool space = false, started = false;

	if (raw == NULL)
		return;
	for (p = raw; *p != '\0'; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			space = true;
			continue;
		}
		if (space && started)
			strbuf_addc(sb, ' ');
		space = false;
		started = true;
		strbuf_addc(sb, (char)*p);
	}
	xmlFree(raw);
}

static void
add_label(strbuf_t *path, const xmlNode *n)
{
	const xmlNode *key = key_of(n);

	if (path->len > 0)
		strbuf_addc(path, '/');
	strbuf_adds(path, (const char *)n->name);
	if (key != NULL) {
		strbuf_addf(path, "[%s=", (const char *)key->name);
		add_folded(path, key);
		strbuf_addc(path, ']');
	}
}

static void
record(struct side *s, const char *path, size_t object_len, const char *value)
{
	struct leaf *l;

	s->bytes += strlen(path) + strlen(value);
	if (s->n >= LEAVES_MAX || s->bytes > BYTES_MAX) {
		s->over = true;
		return;
	}
	if (s->n == s->cap) {
		s->cap = s->cap == 0 ? 64 : s->cap * 2;
		s->v = xreallocarray(s->v, s->cap, sizeof(*s->v));
	}
	l = &s->v[s->n++];
	l->object = xstrndup(path, object_len);
	l->rel = xstrdup(path[object_len] == '/' ? path + object_len + 1 :
	    path + object_len);
	l->value = xstrdup(value);
	l->repeated = l->matched = false;
}

/*
 * Records the leaves below n, whose path is path.  object_len is the length
 * of the object's path within path, or 0 while no list entry was met.
 * Returns how many were recorded.
 */
static size_t
flatten(const xmlNode *n, strbuf_t *path, size_t object_len, struct side *s)
{
	const xmlNode *c, *key = key_of(n);
	strbuf_t value = STRBUF_INIT(0);
	size_t before = path->len, obj, found = 0, below;

	for (c = n->children; c != NULL && !s->over; c = c->next) {
		if (!is_element(c) || c == key)
			continue;
		add_label(path, c);
		obj = object_len > 0 ? object_len :
		    key_of(c) != NULL ? path->len : 0;
		if (has_element_child(c)) {
			below = flatten(c, path, obj, s);
			/* an entry with only its key, or an empty container */
			if (below == 0)
				record(s, strbuf_str(path), obj > 0 ? obj :
				    before, "");
			found += below > 0 ? below : 1;
		} else {
			strbuf_reset(&value);
			add_folded(&value, c);
			record(s, strbuf_str(path), obj > 0 ? obj : before,
			    strbuf_str(&value));
			found++;
		}
		strbuf_truncate(path, before);
	}
	strbuf_dispose(&value);
	return found;
}

static bool
same_path(const struct leaf *a, const struct leaf *b)
{
	return strcmp(a->object, b->object) == 0 && strcmp(a->rel, b->rel) == 0;
}

static void
mark_repeated(struct side *s)
{
	size_t i, j;

	for (i = 0; i < s->n; i++)
		for (j = i + 1; j < s->n; j++)
			if (same_path(&s->v[i], &s->v[j]))
				s->v[i].repeated = s->v[j].repeated = true;
}

/* Parses a <data> body, any number of top-level elements, and flattens it. */
static int
load(const char *text, size_t len, struct side *s)
{
	strbuf_t doc = STRBUF_INIT(0), path = STRBUF_INIT(0);
	const xmlNode *root, *top;
	xmlDocPtr d;

	strbuf_adds(&doc, "<data>");
	strbuf_add(&doc, text, len);
	strbuf_adds(&doc, "</data>");
	/* the device's text: a summary of what cannot be read is none at all */
	if (doc.error || xml_parse(&d, "data", strbuf_str(&doc), doc.len,
	    (size_t)INT32_MAX, XML_PARSE_NOBLANKS, NULL) != 0) {
		strbuf_dispose(&doc);
		return -1;
	}
	strbuf_dispose(&doc);
	root = xmlDocGetRootElement(d);
	for (top = root->children; top != NULL; top = top->next) {
		if (!is_element(top))
			continue;
		/* paths start with it, so leaves right under it have an object */
		strbuf_reset(&path);
		add_label(&path, top);
		if (flatten(top, &path, key_of(top) != NULL ? path.len : 0, s)
		    == 0)
			record(s, strbuf_str(&path), path.len, "");
	}
	strbuf_dispose(&path);
	xmlFreeDoc(d);
	mark_repeated(s);
	return s->over ? -1 : 0;
}

static void
side_free(struct side *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		free(s->v[i].object);
		free(s->v[i].rel);
		free(s->v[i].value);
	}
	free(s->v);
}

static bool
same_leaf(const struct leaf *a, const struct leaf *b)
{
	if (!same_path(a, b))
		return false;
	return !(a->repeated || b->repeated) || strcmp(a->value, b->value) == 0;
}

static void
add_leaf(strbuf_t *line, const char *verb, const struct leaf *l)
{
	strbuf_adds(line, line->len > 0 ? "; " : "");
	if (verb != NULL)
		strbuf_addf(line, "%s ", verb);
	strbuf_adds(line, l->rel);
	if (l->value[0] != '\0')
		strbuf_addf(line, " %s", l->value);
}

/* Appends the line for object; returns 1 when there is one. */
static size_t
describe(const char *object, struct side *b, struct side *a, strbuf_t *out)
{
	strbuf_t line = STRBUF_INIT(0);
	size_t i, j, nb = 0, na = 0;
	struct leaf *lb, *la;

	for (i = 0; i < b->n; i++)
		nb += strcmp(b->v[i].object, object) == 0;
	for (j = 0; j < a->n; j++)
		na += strcmp(a->v[j].object, object) == 0;
	if (nb == 0 || na == 0) {
		strbuf_addf(out, "%s: %s", object, nb == 0 ? "add" : "remove");
		for (j = 0; nb == 0 && j < a->n; j++)
			if (strcmp(a->v[j].object, object) == 0 &&
			    a->v[j].rel[0] != '\0')
				add_leaf(&line, NULL, &a->v[j]);
		if (line.len > 0)
			strbuf_addf(out, ": %s", strbuf_str(&line));
		strbuf_addc(out, '\n');
		strbuf_dispose(&line);
		return 1;
	}
	for (i = 0; i < b->n; i++) {
		lb = &b->v[i];
		if (strcmp(lb->object, object) != 0)
			continue;
		for (j = 0, la = NULL; j < a->n && la == NULL; j++)
			if (!a->v[j].matched && same_leaf(lb, &a->v[j]))
				la = &a->v[j];
		if (la == NULL) {
			if (lb->rel[0] != '\0')
				add_leaf(&line, "remove", lb);
			continue;
		}
		la->matched = true;
		if (strcmp(lb->value, la->value) != 0)
			strbuf_addf(&line, "%s%s %s -> %s",
			    line.len > 0 ? "; " : "", lb->rel,
			    lb->value[0] != '\0' ? lb->value : "\"\"",
			    la->value[0] != '\0' ? la->value : "\"\"");
	}
	for (j = 0; j < a->n; j++)
		if (strcmp(a->v[j].object, object) == 0 && !a->v[j].matched &&
		    a->v[j].rel[0] != '\0')
			add_leaf(&line, "add", &a->v[j]);
	if (line.len == 0) {
		strbuf_dispose(&line);
		return 0;
	}
	strbuf_addf(out, "%s: change: %s\n", object, strbuf_str(&line));
	strbuf_dispose(&line);
	return 1;
}

static bool
seen_before(const struct side *s, size_t upto, const char *object)
{
	size_t i;

	for (i = 0; i < upto; i++)
		if (strcmp(s->v[i].object, object) == 0)
			return true;
	return false;
}

size_t
xml_semantic(const char *before, size_t blen, const char *after,
    size_t alen, strbuf_t *out)
{
	struct side b = { 0 }, a = { 0 };
	size_t i, lines = 0;

	if (load(before, blen, &b) != 0 || load(after, alen, &a) != 0)
		goto out;
	for (i = 0; i < b.n; i++)
		if (!seen_before(&b, i, b.v[i].object))
			lines += describe(b.v[i].object, &b, &a, out);
	for (i = 0; i < a.n; i++)
		if (!seen_before(&a, i, a.v[i].object) &&
		    !seen_before(&b, b.n, a.v[i].object))
			lines += describe(a.v[i].object, &b, &a, out);
 out:
	side_free(&b);
	side_free(&a);
	return lines;
}

/* ---- ownership ---------------------------------------------------------- */

static bool
listed(const char *owned, size_t olen, const char *object)
{
	const char *p = owned, *end = owned + olen, *nl;
	size_t n = strlen(object);

	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if ((size_t)(nl - p) == n && memcmp(p, object, n) == 0)
			return true;
	}
	return false;
}

static bool
marked(const struct side *s, const char *object)
{
	const char *k = strstr(object, "[name=spangen-");
	size_t i, n;

	/* only the object's own key: the last entry on its path */
	if (k != NULL && strchr(k, ']') != NULL && strchr(k, ']')[1] == '\0')
		return true;
	for (i = 0; i < s->n; i++) {
		if (strcmp(s->v[i].object, object) != 0)
			continue;
		n = strlen(s->v[i].rel);
		if ((strcmp(s->v[i].rel, "description") == 0 || (n > 12 &&
		    strcmp(s->v[i].rel + n - 12, "/description") == 0)) &&
		    strncmp(s->v[i].value, "spangen", 7) == 0)
			return true;
	}
	return false;
}

static size_t
count_object(const struct side *s, const char *object)
{
	size_t i, n = 0;

	for (i = 0; i < s->n; i++)
		n += strcmp(s->v[i].object, object) == 0;
	return n;
}

static void
add_owned(strbuf_t *out, const char *object)
{
	if (!listed(strbuf_str(out), out->len, object))
		strbuf_addf(out, "%s\n", object);
}

int
xml_review(const char *before, size_t blen, const char *after, size_t alen,
    const char *owned, size_t olen, strbuf_t *foreign, size_t *nforeign,
    strbuf_t *owned_out)
{
	struct side b = { 0 }, a = { 0 };
	strbuf_t scratch = STRBUF_INIT(0), kept = STRBUF_INIT(0);
	const char *p, *end = owned + olen, *nl;
	size_t i, j;
	int rc = -1;

	*nforeign = 0;
	if (load(before, blen, &b) != 0 || load(after, alen, &a) != 0)
		goto out;
	rc = 0;
	for (i = 0; i < b.n; i++) {
		const char *o = b.v[i].object;

		if (seen_before(&b, i, o))
			continue;
		strbuf_reset(&scratch);
		for (j = 0; j < a.n; j++)
			a.v[j].matched = false;
		if (describe(o, &b, &a, &scratch) == 0)
			continue;
		if (listed(owned, olen, o) || marked(&b, o)) {
			if (count_object(&a, o) > 0)
				add_owned(&kept, o);
			continue;
		}
		strbuf_addf(foreign, "%s: the device holds this entry and "
		    "spangen did not create it:\n", o);
		for (j = i; j < b.n; j++)
			if (strcmp(b.v[j].object, o) == 0)
				strbuf_addf(foreign, "    %s%s%s\n", b.v[j].rel,
				    b.v[j].value[0] != '\0' ? " " : "",
				    b.v[j].value);
		(*nforeign)++;
	}
	/* carried over: what was owned and is still there */
	for (p = owned; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		strbuf_reset(&scratch);
		strbuf_add(&scratch, p, (size_t)(nl - p));
		/* one this change does not touch is still there */
		if (scratch.len > 0 && (count_object(&a, strbuf_str(&scratch))
		    > 0 || count_object(&b, strbuf_str(&scratch)) == 0))
			add_owned(&kept, strbuf_str(&scratch));
	}
	for (i = 0; i < a.n; i++)
		if (!seen_before(&a, i, a.v[i].object) &&
		    count_object(&b, a.v[i].object) == 0)
			add_owned(&kept, a.v[i].object);
	strbuf_add(owned_out, kept.ptr, kept.len);
 out:
	strbuf_dispose(&scratch);
	strbuf_dispose(&kept);
	side_free(&b);
	side_free(&a);
	return rc;
}

/* ---- staleness ---------------------------------------------------------- */

static int
cmp_leafp(const void *x, const void *y)
{
	const struct leaf *a = *(const struct leaf *const *)x;
	const struct leaf *b = *(const struct leaf *const *)y;
	int c = strcmp(a->rel, b->rel);

	return c != 0 ? c : strcmp(a->value, b->value);
}

/* The leaves of object in s, sorted; free the array. */
static const struct leaf **
leaves_of(const struct side *s, const char *object, size_t *n)
{
	const struct leaf **v = xcalloc(s->n + 1, sizeof(*v));
	size_t i;

	*n = 0;
	for (i = 0; i < s->n; i++)
		if (strcmp(s->v[i].object, object) == 0)
			v[(*n)++] = &s->v[i];
	if (*n > 1)
		qsort(v, *n, sizeof(*v), cmp_leafp);
	return v;
}

static bool
object_same(const struct side *a, const struct side *b, const char *object)
{
	size_t na, nb, i;
	const struct leaf **la = leaves_of(a, object, &na);
	const struct leaf **lb = leaves_of(b, object, &nb);
	bool same = na == nb;

	for (i = 0; same && i < na; i++)
		same = cmp_leafp(&la[i], &lb[i]) == 0;
	free(la);
	free(lb);
	return same;
}

int
xml_changed_since(const char *snap, size_t slen, const char *before,
    size_t blen, const char *after, size_t alen, const char *prefix)
{
	struct side sn = { 0 }, b = { 0 }, a = { 0 };
	const struct side *sides[2] = { &b, &a };
	size_t i, k, plen = strlen(prefix);
	int rc = -1;

	if (load(snap, slen, &sn) != 0 || load(before, blen, &b) != 0 ||
	    load(after, alen, &a) != 0)
		goto out;
	rc = 0;
	for (k = 0; k < 2 && rc == 0; k++)
		for (i = 0; i < sides[k]->n && rc == 0; i++) {
			const char *o = sides[k]->v[i].object;

			if (strncmp(o, prefix, plen) == 0 &&
			    !seen_before(sides[k], i, o) &&
			    !object_same(&sn, &b, o))
				rc = 1;
		}
 out:
	side_free(&sn);
	side_free(&b);
	side_free(&a);
	return rc;
}
