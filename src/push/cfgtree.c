/*
 * cfgtree: see cfgtree.h.
 *
 * One tree holds both states.  Each node carries the text it had in the
 * running configuration (btext, NULL when the lines created it) and its
 * text now (text, with alive false once removed), so before and after are
 * two walks of the same tree.  Removing only marks a node dead: entering
 * the same text again brings it back in place, which is what keeps the
 * usual "no monitor session 2" followed by the same session lines from
 * looking like a change when the device already holds them.
 *
 * Invariants: a dead node's descendants are dead; a node brought back
 * keeps its children dead until the lines enter them again; new nodes go
 * after their siblings.  Everything lives in one arena per call.
 *
 * Lookups scan a node's children.  That is fine for what this reads, a
 * few hundred lines onto a running config of any size, but entering tens
 * of thousands of top-level lines would be quadratic.
 */
#include <assert.h>
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "push/cfgtree.h"
#include "util/arena.h"
#include "util/parse.h"
#include "util/strmap.h"
#include "util/xmalloc.h"

#define VLAN_MAX	4094
#define TRUNK_PFX	"switchport trunk allowed vlan "
#define TRUNK_PFXLEN	(sizeof(TRUNK_PFX) - 1)

typedef struct node node_t;

struct node {
	const char	*text;		/* now */
	size_t		 len;
	const char	*btext;		/* in running; NULL: new */
	size_t		 blen;
	node_t		*parent;
	node_t		**kids;
	size_t		 nkids;
	size_t		 capkids;
	bool		 alive;
	bool		 touched;	/* top level: in the managed part */
};

struct tree {
	arena_t		 arena;
	node_t		 root;
	cfg_dialect_t	 d;
};

/*
 * The chain of entries a more indented line would go into.  Whether one
 * is a block an "exit" can close depends on the text being read only, not
 * on what the tree held before, so the lines parse the same way onto any
 * running config.
 */
struct open {
	node_t		*n;
	size_t		 indent;
	bool		 block;		/* a mode line, or one with children */
};

struct stack {
	struct open	*v;
	size_t		 n;
	size_t		 cap;
};

/* One physical line, trimmed at both ends. */
struct cline {
	const char	*s;
	size_t		 len;
	size_t		 indent;
	size_t		 lineno;
	bool		 nul;
};

struct cursor {
	const char	*p;
	const char	*end;
	size_t		 lineno;
};

/* VLANs 1-4094 as bits. */
typedef struct vset {
	uint8_t		 bits[(VLAN_MAX + 1 + 7) / 8];
} vset_t;

static const char *const vendors[] = {
	[CFG_IOSXE] = "cisco-iosxe",
	[CFG_NXOS] = "cisco-nxos",
	[CFG_EOS] = "arista-eos",
	[CFG_AOSCX] = "aruba-aoscx",
};

int
cfg_dialect_from_vendor(const char *vendor_name)
{
	size_t i;

	for (i = 0; i < sizeof(vendors) / sizeof(vendors[0]); i++)
		if (strcmp(vendor_name, vendors[i]) == 0)
			return (int)i;
	return -1;
}

/* ---- small text helpers ------------------------------------------------ */

static bool
eq(const char *s, size_t len, const char *lit)
{
	return strlen(lit) == len && memcmp(s, lit, len) == 0;
}

static bool
starts(const char *s, size_t len, const char *pfx)
{
	size_t n = strlen(pfx);

	return len >= n && memcmp(s, pfx, n) == 0;
}

/* s is x, or x followed by a space and more words. */
static bool
names(const char *s, size_t len, const char *x, size_t xlen)
{
	return len >= xlen && memcmp(s, x, xlen) == 0 &&
	    (len == xlen || s[xlen] == ' ');
}

static size_t
first_word(const char *s, size_t len)
{
	const char *sp = memchr(s, ' ', len);

	return sp != NULL ? (size_t)(sp - s) : len;
}

static bool
is_shut(const char *s, size_t len)
{
	return eq(s, len, "shut") || eq(s, len, "shutdown");
}

static bool
is_no_shut(const char *s, size_t len)
{
	return eq(s, len, "no shut") || eq(s, len, "no shutdown");
}

/*
 * The length of "monitor session ID" or "mirror session ID" at the start
 * of s, or 0.
 */
static size_t
session_prefix(const char *s, size_t len)
{
	size_t n;

	if (starts(s, len, "monitor session "))
		n = sizeof("monitor session ") - 1;
	else if (starts(s, len, "mirror session "))
		n = sizeof("mirror session ") - 1;
	else
		return 0;
	if (n == len || s[n] == ' ')
		return 0;
	return n + first_word(s + n, len - n);
}

/*
 * A source interface line the device printed without a direction: "both"
 * is the default, and IOS XE leaves it out of show running-config, while
 * spangen's lines always say it.  The model adds it back.
 */
static bool
lacks_direction(cfg_dialect_t d, const char *s, size_t len)
{
	static const char *const dirs[] = { " both", " rx", " tx", NULL };
	size_t i, at = len;

	for (i = 0; i + 17 <= len; i++)
		if ((i == 0 || s[i - 1] == ' ') &&
		    memcmp(s + i, "source interface ", 17) == 0) {
			at = i;
			break;
		}
	/* EOS names the interface straight after "source": Ethernet10 */
	if (at == len && d == CFG_EOS && starts(s, len, "monitor session ") &&
	    session_prefix(s, len) + 9 < len &&
	    memcmp(s + session_prefix(s, len), " source ", 8) == 0 &&
	    isupper((unsigned char)s[session_prefix(s, len) + 8]))
		at = session_prefix(s, len);
	if (at == len)
		return false;
	for (i = 0; dirs[i] != NULL; i++) {
		size_t n = strlen(dirs[i]);

		if (len > n && memcmp(s + len - n, dirs[i], n) == 0)
			return false;
	}
	return true;
}

static bool
next_line(struct cursor *c, struct cline *l)
{
	const char *s = c->p, *e, *nl;

	if (c->p >= c->end)
		return false;
	nl = memchr(c->p, '\n', (size_t)(c->end - c->p));
	e = nl != NULL ? nl : c->end;
	c->p = nl != NULL ? nl + 1 : c->end;
	l->lineno = ++c->lineno;
	l->nul = memchr(s, '\0', (size_t)(e - s)) != NULL;
	l->indent = 0;
	while (s < e && (*s == ' ' || *s == '\t')) {
		s++;
		l->indent++;
	}
	/* trailing blanks and the \r of a \r\n */
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	l->s = s;
	l->len = (size_t)(e - s);
	return true;
}

/* ---- VLAN sets ---------------------------------------------------------- */

static void
vset_fill(vset_t *v, bool all)
{
	uint32_t i;

	memset(v->bits, 0, sizeof(v->bits));
	if (all)
		for (i = 1; i <= VLAN_MAX; i++)
			v->bits[i / 8] |= (uint8_t)(1u << (i % 8));
}

static bool
vset_has(const vset_t *v, uint32_t i)
{
	return (v->bits[i / 8] >> (i % 8)) & 1;
}

static bool
vset_full(const vset_t *v)
{
	vset_t all;

	vset_fill(&all, true);
	return memcmp(v->bits, all.bits, sizeof(all.bits)) == 0;
}

static bool
vset_empty(const vset_t *v)
{
	size_t i;

	for (i = 0; i < sizeof(v->bits); i++)
		if (v->bits[i] != 0)
			return false;
	return true;
}

/* "1-899,901", "all", "none".  0, or -1 when s is none of these forms. */
static int
vset_parse(vset_t *v, const char *s, size_t len)
{
	const char *p = s, *end = s + len, *comma;
	uint32_t lo, hi, i;
	char buf[16];
	size_t n;

	if (eq(s, len, "all") || eq(s, len, "none")) {
		vset_fill(v, s[0] == 'a');
		return 0;
	}
	vset_fill(v, false);
	for (;;) {
		comma = memchr(p, ',', (size_t)(end - p));
		n = (size_t)((comma != NULL ? comma : end) - p);
		if (n == 0 || n >= sizeof(buf))
			return -1;
		memcpy(buf, p, n);
		buf[n] = '\0';
		if (parse_range(buf, VLAN_MAX, &lo, &hi) != 0 || lo == 0)
			return -1;
		for (i = lo; i <= hi; i++)
			v->bits[i / 8] |= (uint8_t)(1u << (i % 8));
		if (comma == NULL)
			return 0;
		p = comma + 1;
	}
}

static void
vset_format(strbuf_t *out, const vset_t *v)
{
	uint32_t i, j;
	bool first = true;

	if (vset_empty(v)) {
		strbuf_adds(out, "none");
		return;
	}
	for (i = 1; i <= VLAN_MAX; i = j + 1) {
		if (!vset_has(v, i)) {
			j = i;
			continue;
		}
		for (j = i; j + 1 <= VLAN_MAX && vset_has(v, j + 1); j++)
			continue;
		strbuf_addf(out, first ? "%u" : ",%u", i);
		if (j > i)
			strbuf_addf(out, "-%u", j);
		first = false;
	}
}

/* a \ b into out */
static void
vset_minus(vset_t *out, const vset_t *a, const vset_t *b)
{
	size_t i;

	for (i = 0; i < sizeof(out->bits); i++)
		out->bits[i] = a->bits[i] & (uint8_t)~b->bits[i];
}

static bool
trunk_dialect(cfg_dialect_t d)
{
	return d == CFG_IOSXE || d == CFG_NXOS || d == CFG_EOS;
}

/* ---- the tree ----------------------------------------------------------- */

static node_t *
node_add(struct tree *t, node_t *parent, const char *s, size_t len,
    bool running)
{
	node_t *n = arena_alloc(&t->arena, sizeof(*n)), **kids;

	n->text = arena_strndup(&t->arena, s, len);
	n->len = len;
	if (running) {
		n->btext = n->text;
		n->blen = len;
	}
	n->parent = parent;
	n->alive = true;
	if (parent->nkids == parent->capkids) {
		parent->capkids = parent->capkids == 0 ? 4 :
		    parent->capkids * 2;
		kids = arena_array(&t->arena, parent->capkids, sizeof(*kids));
		if (parent->nkids > 0)
			memcpy(kids, parent->kids, parent->nkids *
			    sizeof(*kids));
		parent->kids = kids;
	}
	parent->kids[parent->nkids++] = n;
	return n;
}

static node_t *
find_alive(const node_t *parent, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < parent->nkids; i++)
		if (parent->kids[i]->alive && parent->kids[i]->len == len &&
		    memcmp(parent->kids[i]->text, s, len) == 0)
			return parent->kids[i];
	return NULL;
}

static void
kill(node_t *n)
{
	size_t i;

	if (!n->alive)
		return;
	n->alive = false;
	for (i = 0; i < n->nkids; i++)
		kill(n->kids[i]);
}

/*
 * Enters s at parent's level: the live entry with that text, else a
 * removed one brought back in its old place, else a new one at the end.
 */
static node_t *
enter(struct tree *t, node_t *parent, const char *s, size_t len)
{
	node_t *n;
	size_t i;

	if ((n = find_alive(parent, s, len)) != NULL)
		return n;
	for (i = 0; i < parent->nkids; i++) {
		n = parent->kids[i];
		if (!n->alive && n->len == len &&
		    memcmp(n->text, s, len) == 0) {
			n->alive = true;
			return n;
		}
	}
	return node_add(t, parent, s, len, false);
}

/* Whether s, entered under parent, puts the device in a sub-mode. */
static bool
is_opener(cfg_dialect_t d, const node_t *parent, const char *s, size_t len)
{
	size_t sp;

	if (parent->parent != NULL) {
		/* IOS XE ERSPAN sessions nest one level more */
		return d == CFG_IOSXE && parent->parent->parent == NULL &&
		    starts(parent->text, parent->len, "monitor session ") &&
		    (eq(s, len, "destination") || eq(s, len, "source"));
	}
	if (starts(s, len, "interface ") || starts(s, len, "vlan "))
		return true;
	if ((sp = session_prefix(s, len)) == 0)
		return false;
	switch (d) {
	case CFG_IOSXE:
		return names(s + sp, len - sp, " type", 5);
	case CFG_NXOS:
		return starts(s, len, "monitor ") && (sp == len ||
		    names(s + sp, len - sp, " type", 5));
	case CFG_AOSCX:
		return starts(s, len, "mirror ");
	case CFG_EOS:
		break;
	}
	return false;
}

/*
 * The one live "switchport trunk allowed vlan LIST" under parent, or with
 * alive false, the first removed one.
 */
static node_t *
find_trunk(const node_t *parent, bool alive)
{
	const node_t *k;
	const char *r;
	size_t i, rl;

	for (i = 0; i < parent->nkids; i++) {
		k = parent->kids[i];
		if (k->alive != alive || !starts(k->text, k->len, TRUNK_PFX))
			continue;
		r = k->text + TRUNK_PFXLEN;
		rl = k->len - TRUNK_PFXLEN;
		if (!starts(r, rl, "add ") && !starts(r, rl, "remove ") &&
		    !starts(r, rl, "except "))
			return parent->kids[i];
	}
	return NULL;
}

static const char *
trunk_text(struct tree *t, const vset_t *v, size_t *lenp)
{
	strbuf_t sb = STRBUF_INIT(0);
	const char *s;

	strbuf_adds(&sb, TRUNK_PFX);
	vset_format(&sb, v);
	s = arena_strndup(&t->arena, sb.ptr, sb.len);
	*lenp = sb.len;
	strbuf_dispose(&sb);
	return s;
}

/*
 * A running-config continuation line "switchport trunk allowed vlan add
 * LIST" joins the line before it.  false when s is not one that can.
 */
static bool
merge_continuation(struct tree *t, node_t *parent, const char *s, size_t len)
{
	size_t skip = TRUNK_PFXLEN + 4, i;
	node_t *base;
	vset_t cur, more;

	if (!starts(s, len, TRUNK_PFX "add ") ||
	    vset_parse(&more, s + skip, len - skip) != 0)
		return false;
	if ((base = find_trunk(parent, true)) == NULL) {
		base = node_add(t, parent, TRUNK_PFX, TRUNK_PFXLEN, true);
		vset_fill(&cur, false);
	} else if (vset_parse(&cur, base->text + TRUNK_PFXLEN, base->len -
	    TRUNK_PFXLEN) != 0)
		return false;
	for (i = 0; i < sizeof(cur.bits); i++)
		cur.bits[i] |= more.bits[i];
	base->text = base->btext = trunk_text(t, &cur, &base->len);
	base->blen = base->len;
	return true;
}

/* A trunk VLAN list command inside an interface, in the lines. */
static int
trunk_edit(struct tree *t, node_t *parent, const struct cline *l,
    sg_err_t *err)
{
	enum { T_SET, T_ADD, T_REMOVE, T_EXCEPT } op = T_SET;
	const char *r = l->s + TRUNK_PFXLEN;
	size_t rl = l->len - TRUNK_PFXLEN, i, len;
	vset_t arg, cur, next;
	node_t *leaf;
	const char *s;

	if (starts(r, rl, "add ")) {
		op = T_ADD;
		r += 4;
		rl -= 4;
	} else if (starts(r, rl, "remove ")) {
		op = T_REMOVE;
		r += 7;
		rl -= 7;
	} else if (starts(r, rl, "except ")) {
		op = T_EXCEPT;
		r += 7;
		rl -= 7;
	}
	if (vset_parse(&arg, r, rl) != 0)
		return sg_err_set(err, SG_EINVAL, "line %zu: bad VLAN list "
		    "'%.*s'", l->lineno, (int)rl, r);
	/* no line is the device default: every VLAN */
	if ((leaf = find_trunk(parent, true)) == NULL)
		vset_fill(&cur, true);
	else if (vset_parse(&cur, leaf->text + TRUNK_PFXLEN, leaf->len -
	    TRUNK_PFXLEN) != 0)
		return sg_err_set(err, SG_EINVAL, "line %zu: cannot edit "
		    "'%s' from the running config", l->lineno, leaf->text);
	for (i = 0; i < sizeof(next.bits); i++)
		switch (op) {
		case T_SET:
			next.bits[i] = arg.bits[i];
			break;
		case T_ADD:
			next.bits[i] = cur.bits[i] | arg.bits[i];
			break;
		case T_REMOVE:
			next.bits[i] = cur.bits[i] & (uint8_t)~arg.bits[i];
			break;
		case T_EXCEPT:
			next.bits[i] = (uint8_t)~arg.bits[i];
			break;
		}
	next.bits[0] &= (uint8_t)~1u;		/* there is no VLAN 0 */
	next.bits[VLAN_MAX / 8] &= (uint8_t)((1u << (VLAN_MAX % 8 + 1)) - 1);
	if (memcmp(next.bits, cur.bits, sizeof(cur.bits)) == 0)
		return 0;
	if (vset_full(&next)) {
		kill(leaf);	/* not NULL: cur was not full */
		return 0;
	}
	s = trunk_text(t, &next, &len);
	/*
	 * A list is one setting: a new one takes the place of a removed one,
	 * whatever VLANs that held, as it will in the device's output.
	 */
	if (leaf == NULL)
		leaf = find_trunk(parent, false);
	if (leaf != NULL) {
		leaf->alive = true;
		leaf->text = s;
		leaf->len = len;
	} else
		(void)enter(t, parent, s, len);
	return 0;
}

/* The live "shut" or "shutdown" entry (no: "no shut[down]"), or NULL. */
static node_t *
find_shut(const node_t *parent, bool no)
{
	const node_t *k;
	size_t i;

	for (i = 0; i < parent->nkids; i++) {
		k = parent->kids[i];
		if (k->alive && (no ? is_no_shut(k->text, k->len) :
		    is_shut(k->text, k->len)))
			return parent->kids[i];
	}
	return NULL;
}

/* Marks every top-level entry of the session s names. */
static void
touch_session(struct tree *t, const char *s, size_t len)
{
	size_t sp = session_prefix(s, len), i;
	node_t *k;

	if (sp == 0)
		return;
	for (i = 0; i < t->root.nkids; i++) {
		k = t->root.kids[i];
		if (names(k->text, k->len, s, sp))
			k->touched = true;
	}
}

/*
 * Applies one line of the lines under parent.  Sets *opened to the entry a
 * deeper line would go into, or NULL.
 */
static int
apply(struct tree *t, node_t *parent, const struct cline *l, node_t **opened,
    sg_err_t *err)
{
	const char *s = l->s, *x;
	bool top = parent == &t->root, shut;
	size_t len = l->len, xlen, i;
	node_t *n;

	*opened = NULL;
	if (eq(s, len, "no") || starts(s, len, "no ")) {
		for (x = s + 2, xlen = len - 2; xlen > 0 && *x == ' '; x++)
			xlen--;
		if (xlen == 0)
			return sg_err_set(err, SG_EINVAL, "line %zu: 'no' "
			    "without a command", l->lineno);
		if (top)
			touch_session(t, x, xlen);
		/*
		 * "no shut" is a setting the device prints as such, in
		 * either spelling, and so is any "no" line it already shows.
		 */
		shut = is_shut(x, xlen);
		n = shut ? find_shut(parent, true) : find_alive(parent, s, len);
		if (n != NULL) {
			n->touched |= top;
			return 0;
		}
		for (i = 0; i < parent->nkids; i++) {
			n = parent->kids[i];
			if (n->alive && (shut ? is_shut(n->text, n->len) :
			    names(n->text, n->len, x, xlen))) {
				kill(n);
				n->touched |= top;
			}
		}
		if (shut)
			enter(t, parent, s, len)->touched |= top;
		return 0;
	}
	if (is_shut(s, len)) {
		if ((n = find_shut(parent, false)) == NULL) {
			while ((n = find_shut(parent, true)) != NULL) {
				kill(n);
				n->touched |= top;
			}
			n = enter(t, parent, s, len);
		}
		n->touched |= top;
		return 0;
	}
	if (!top && trunk_dialect(t->d) && starts(s, len, TRUNK_PFX))
		return trunk_edit(t, parent, l, err);
	if (top)
		touch_session(t, s, len);
	n = enter(t, parent, s, len);
	n->touched |= top;
	*opened = n;
	return 0;
}

static void
push(struct stack *st, node_t *n, size_t indent, bool block)
{
	if (st->n == st->cap) {
		st->cap = st->cap == 0 ? 16 : st->cap * 2;
		st->v = xreallocarray(st->v, st->cap, sizeof(*st->v));
	}
	st->v[st->n].n = n;
	st->v[st->n].indent = indent;
	st->v[st->n].block = block;
	st->n++;
}

/*
 * Reads running (running true: every line is stored as it is) or applies
 * lines to the tree.  Indentation nests; "exit" closes the innermost open
 * block after the more indented entries; "end" closes everything.
 */
static int
read_text(struct tree *t, const char *text, size_t len, bool running,
    sg_err_t *err)
{
	struct cursor c = { text, text + len, 0 };
	struct stack st = { NULL, 0, 0 };
	struct cline l;
	node_t *parent, *n;
	char *both = NULL;
	int rc = 0;

	while (next_line(&c, &l)) {
		if (l.nul && !running) {
			rc = sg_err_set(err, SG_EINVAL, "line %zu: NUL byte",
			    l.lineno);
			break;
		}
		/*
		 * Headers are skipped in the lines too: stored there, they
		 * would vanish when the device's copy is read back.
		 */
		if (l.len == 0 || l.s[0] == '!' ||
		    starts(l.s, l.len, "Building configuration") ||
		    starts(l.s, l.len, "Current configuration"))
			continue;
		if (eq(l.s, l.len, "end")) {
			st.n = 0;
			continue;
		}
		if (eq(l.s, l.len, "exit")) {
			while (st.n > 0 && (st.v[st.n - 1].indent > l.indent ||
			    !st.v[st.n - 1].block))
				st.n--;
			if (st.n == 0 && !running) {
				rc = sg_err_set(err, SG_EINVAL, "line %zu: "
				    "'exit' with no open block", l.lineno);
				break;
			}
			if (st.n > 0)
				st.n--;
			continue;
		}
		while (st.n > 0 && st.v[st.n - 1].indent >= l.indent)
			st.n--;
		parent = &t->root;
		if (st.n > 0) {
			parent = st.v[st.n - 1].n;
			st.v[st.n - 1].block = true;
		}
		/* running and entered lines alike, so the model is stable */
		if (lacks_direction(t->d, l.s, l.len)) {
			both = xreallocarray(both, l.len + 6, 1);
			memcpy(both, l.s, l.len);
			memcpy(both + l.len, " both", 6);
			l.s = both;
			l.len += 5;
		}
		if (running) {
			if (parent != &t->root && trunk_dialect(t->d) &&
			    merge_continuation(t, parent, l.s, l.len))
				continue;
			n = node_add(t, parent, l.s, l.len, true);
		} else if ((rc = apply(t, parent, &l, &n, err)) != 0)
			break;
		if (n != NULL)
			push(&st, n, l.indent, is_opener(t->d, parent, l.s,
			    l.len));
	}
	free(st.v);
	free(both);
	return rc;
}

static void
tree_init(struct tree *t, cfg_dialect_t d)
{
	memset(t, 0, sizeof(*t));
	arena_init(&t->arena);
	t->root.alive = true;
	t->d = d;
}

static void
emit(strbuf_t *out, const node_t *n, size_t indent, size_t width,
    bool after)
{
	size_t i;

	if (after ? !n->alive : n->btext == NULL)
		return;
	for (i = 0; i < indent; i++)
		strbuf_addc(out, ' ');
	if (after)
		strbuf_add(out, n->text, n->len);
	else
		strbuf_add(out, n->btext, n->blen);
	strbuf_addc(out, '\n');
	for (i = 0; i < n->nkids; i++)
		emit(out, n->kids[i], indent + width, width, after);
}

int
cfg_preview(cfg_dialect_t d, const char *running, size_t rlen,
    const char *lines, size_t llen, strbuf_t *before, strbuf_t *after,
    sg_err_t *err)
{
	size_t width = d == CFG_IOSXE ? 1 : 2, i;
	struct tree t;
	int rc;

	assert(d >= CFG_IOSXE && d <= CFG_AOSCX);
	strbuf_reset(before);
	strbuf_reset(after);
	tree_init(&t, d);
	(void)read_text(&t, running, rlen, true, NULL);
	if ((rc = read_text(&t, lines, llen, false, err)) != 0)
		goto out;
	for (i = 0; i < t.root.nkids; i++)
		if (t.root.kids[i]->touched) {
			emit(before, t.root.kids[i], 0, width, false);
			emit(after, t.root.kids[i], 0, width, true);
		}
	if (strbuf_error(before) != 0 || strbuf_error(after) != 0) {
		rc = sg_err_set(err, SG_ETOOBIG, "managed config over %zu "
		    "bytes", strbuf_error(before) != 0 ? before->max :
		    after->max);
		goto out;
	}
	/* success */
 out:
	if (rc != 0) {
		strbuf_reset(before);
		strbuf_reset(after);
	}
	arena_dispose(&t.arena);
	return rc;
}

/* ---- the summary -------------------------------------------------------- */

/* One line of an object, nested lines written as their path. */
struct item {
	const char	*s;
	size_t		 len;
	size_t		 keylen;	/* the path and the first word */
	int		 state;		/* 0 changed, 1 in both, 2 paired */
};

struct items {
	struct item	*v;
	size_t		 n;
	size_t		 cap;
};

enum { OBJ_LEAF, OBJ_BLOCK, OBJ_SESSION };

struct obj {
	const char	*key;		/* what its lines start with */
	int		 kind;
	const char	*ifname;	/* interfaces: for the trunk lines */
	struct items	 it[2];		/* [0] before, [1] after */
	bool		 in[2];
	bool		 trunk[2];	/* a trunk VLAN list line was seen */
	vset_t		 vlans[2];
};

struct sem {
	arena_t		 arena;
	cfg_dialect_t	 d;
	strmap_t	 byname;	/* kind tag and key -> index in objs */
	struct obj	**objs;
	size_t		 nobjs;
	size_t		 cap;
};

static void
item_add(struct sem *sm, struct items *it, const char *s, size_t len,
    size_t keylen)
{
	struct item *v;

	if (it->n == it->cap) {
		it->cap = it->cap == 0 ? 8 : it->cap * 2;
		v = arena_array(&sm->arena, it->cap, sizeof(*v));
		if (it->n > 0)
			memcpy(v, it->v, it->n * sizeof(*v));
		it->v = v;
	}
	it->v[it->n].s = s;
	it->v[it->n].len = len;
	it->v[it->n].keylen = keylen;
	it->v[it->n].state = 0;
	it->n++;
}

static void
flatten(struct sem *sm, struct items *it, const node_t *n, const char *path,
    size_t plen)
{
	const node_t *k;
	const char *s;
	size_t i, len;
	char *p;

	for (i = 0; i < n->nkids; i++) {
		k = n->kids[i];
		if (plen > 0) {
			/* memcpy, not printf: device text may hold a NUL */
			len = plen + 1 + k->len;
			p = arena_alloc(&sm->arena, len + 1);
			memcpy(p, path, plen);
			p[plen] = ' ';
			memcpy(p + plen + 1, k->text, k->len);
			s = p;
		} else {
			s = k->text;
			len = k->len;
		}
		if (k->nkids == 0)
			item_add(sm, it, s, len, len - k->len +
			    first_word(k->text, k->len));
		else
			flatten(sm, it, k, s, len);
	}
}

static struct obj *
obj_get(struct sem *sm, char tag, const char *key, size_t keylen)
{
	struct obj *o, **v;
	const char *name;
	size_t idx;

	name = arena_printf(&sm->arena, "%c%.*s", tag, (int)keylen, key);
	if (strmap_get(&sm->byname, name, &idx))
		return sm->objs[idx];
	o = arena_alloc(&sm->arena, sizeof(*o));
	o->key = name + 1;
	o->kind = tag == 'S' ? OBJ_SESSION : OBJ_LEAF;
	if (sm->nobjs == sm->cap) {
		sm->cap = sm->cap == 0 ? 16 : sm->cap * 2;
		v = arena_array(&sm->arena, sm->cap, sizeof(*v));
		if (sm->nobjs > 0)
			memcpy(v, sm->objs, sm->nobjs * sizeof(*v));
		sm->objs = v;
	}
	(void)strmap_add(&sm->byname, name, sm->nobjs);
	sm->objs[sm->nobjs++] = o;
	return o;
}

static void
collect(struct sem *sm, const struct tree *t, int side)
{
	const node_t *n, *k;
	struct obj *o;
	const char *rest;
	size_t i, j, sp, rl, skip;

	for (i = 0; i < t->root.nkids; i++) {
		n = t->root.kids[i];
		if ((sp = session_prefix(n->text, n->len)) != 0) {
			/* keyed "session ID" */
			skip = starts(n->text, n->len, "monitor ") ?
			    sizeof("monitor ") - 1 : sizeof("mirror ") - 1;
			o = obj_get(sm, 'S', n->text + skip, sp - skip);
			o->in[side] = true;
			rest = n->text + sp;
			rl = n->len - sp;
			while (rl > 0 && *rest == ' ') {
				rest++;
				rl--;
			}
			if (rl > 0)
				item_add(sm, &o->it[side], rest, rl,
				    first_word(rest, rl));
			flatten(sm, &o->it[side], n, NULL, 0);
			continue;
		}
		o = obj_get(sm, 'B', n->text, n->len);
		o->in[side] = true;
		if (n->nkids > 0 || is_opener(sm->d, &t->root, n->text,
		    n->len))
			o->kind = OBJ_BLOCK;
		if (!starts(n->text, n->len, "interface ") ||
		    !trunk_dialect(sm->d)) {
			flatten(sm, &o->it[side], n, NULL, 0);
			continue;
		}
		o->ifname = n->text + sizeof("interface ") - 1;
		for (j = 0; j < n->nkids; j++) {
			k = n->kids[j];
			if (k->nkids == 0 && starts(k->text, k->len,
			    TRUNK_PFX) && vset_parse(&o->vlans[side],
			    k->text + TRUNK_PFXLEN, k->len - TRUNK_PFXLEN) == 0)
				o->trunk[side] = true;
			else if (k->nkids == 0)
				item_add(sm, &o->it[side], k->text, k->len,
				    first_word(k->text, k->len));
			else
				flatten(sm, &o->it[side], k, k->text, k->len);
		}
	}
}

static void
join(strbuf_t *out, const struct items *it, int state)
{
	const char *sep = "";
	size_t i;

	for (i = 0; i < it->n; i++)
		if (it->v[i].state == state) {
			strbuf_addf(out, "%s%.*s", sep, (int)it->v[i].len,
			    it->v[i].s);
			sep = "; ";
		}
}

static size_t
count(const struct items *it, int state)
{
	size_t i, n = 0;

	for (i = 0; i < it->n; i++)
		n += it->v[i].state == state;
	return n;
}

static size_t
report(strbuf_t *out, struct obj *o)
{
	const char *colon = o->kind == OBJ_SESSION ? ":" : "";
	struct items *b = &o->it[0], *a = &o->it[1];
	struct item *x, *y;
	size_t i, j, nlines = 0;
	vset_t before, after, d;

	if (o->kind == OBJ_LEAF) {
		if (o->in[0] == o->in[1])
			return 0;
		strbuf_addf(out, "%s: %s\n", o->in[1] ? "add" : "remove",
		    o->key);
		return 1;
	}
	if (!o->in[1]) {
		strbuf_addf(out, "%s: remove\n", o->key);
		return 1;
	}
	if (!o->in[0]) {
		strbuf_addf(out, "%s: add%s", o->key, a->n > 0 ? colon : "");
		if (a->n > 0)
			strbuf_addc(out, ' ');
		join(out, a, 0);
		strbuf_addc(out, '\n');
		nlines++;
	} else {
		for (i = 0; i < b->n; i++)
			for (j = 0; j < a->n; j++)
				if (a->v[j].state == 0 && a->v[j].len ==
				    b->v[i].len && memcmp(a->v[j].s,
				    b->v[i].s, a->v[j].len) == 0) {
					a->v[j].state = b->v[i].state = 1;
					break;
				}
		/* the same path and first word, both with more after it */
		for (i = 0; i < b->n; i++) {
			x = &b->v[i];
			for (j = 0; x->state == 0 && x->keylen < x->len &&
			    j < a->n; j++) {
				y = &a->v[j];
				if (y->state != 0 || y->keylen != x->keylen ||
				    y->keylen >= y->len ||
				    memcmp(x->s, y->s, x->keylen) != 0)
					continue;
				x->state = y->state = 2;
				strbuf_addf(out, "%s: change%s %.*s -> %.*s\n",
				    o->key, colon, (int)x->len, x->s,
				    (int)(y->len - y->keylen - 1),
				    y->s + y->keylen + 1);
				nlines++;
			}
		}
		if (count(a, 0) > 0) {
			strbuf_addf(out, "%s: add%s ", o->key, colon);
			join(out, a, 0);
			strbuf_addc(out, '\n');
			nlines++;
		}
		if (count(b, 0) > 0) {
			strbuf_addf(out, "%s: remove%s ", o->key, colon);
			join(out, b, 0);
			strbuf_addc(out, '\n');
			nlines++;
		}
	}
	if (o->ifname == NULL)
		return nlines;
	/* no trunk line: every VLAN */
	vset_fill(&before, true);
	vset_fill(&after, true);
	if (o->in[0] && o->trunk[0])
		before = o->vlans[0];
	if (o->trunk[1])
		after = o->vlans[1];
	vset_minus(&d, &after, &before);
	if (!vset_empty(&d)) {
		strbuf_addf(out, "trunk %s: allow vlan ", o->ifname);
		vset_format(out, &d);
		strbuf_addc(out, '\n');
		nlines++;
	}
	vset_minus(&d, &before, &after);
	if (!vset_empty(&d)) {
		strbuf_addf(out, "trunk %s: stop allowing vlan ", o->ifname);
		vset_format(out, &d);
		strbuf_addc(out, '\n');
		nlines++;
	}
	return nlines;
}

size_t
cfg_semantic(cfg_dialect_t d, const char *before, size_t blen,
    const char *after, size_t alen, strbuf_t *out)
{
	struct tree tb, ta;
	struct sem sm;
	size_t i, n = 0;

	assert(d >= CFG_IOSXE && d <= CFG_AOSCX);
	tree_init(&tb, d);
	tree_init(&ta, d);
	(void)read_text(&tb, before, blen, true, NULL);
	(void)read_text(&ta, after, alen, true, NULL);
	memset(&sm, 0, sizeof(sm));
	arena_init(&sm.arena);
	sm.d = d;
	collect(&sm, &tb, 0);
	collect(&sm, &ta, 1);
	for (i = 0; i < sm.nobjs; i++)
		n += report(out, sm.objs[i]);
	strmap_dispose(&sm.byname);
	arena_dispose(&sm.arena);
	arena_dispose(&tb.arena);
	arena_dispose(&ta.arena);
	return n;
}
