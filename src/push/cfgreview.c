/*
 * cfgreview: see cfgreview.h.
 *
 * It reads the same tree cfgtree builds (push/cfgtree_int.h): the running
 * configuration with the change applied, where every node knows its text
 * before (btext) and now (text, alive).  Each top-level entry the change
 * touches is one object: a session (all its lines, flat or a block), a
 * VLAN, or anything else (interfaces, global lines).  The inverse is typed
 * in the order that is safe on a live switch: sessions first, so no port
 * stops being a destination while a session still sends to it, then
 * interfaces, then VLANs, which trunks and sessions may still carry until
 * then.
 */
#include <stdlib.h>
#include <string.h>

#include "push/cfgreview.h"
#include "push/cfgtree_int.h"
#include "util/parse.h"
#include "util/xmalloc.h"

/* A trunk list longer than this is typed as a list and "add" lines. */
#define TRUNK_CHUNK	200

struct ctx {
	struct tree	 t;
	cfg_dialect_t	 d;
	strmap_t	 owned_in;	/* keys given */
	strmap_t	 done;		/* session keys already reviewed */
	const char	**keys;		/* owned once the change is in */
	bool		*dropped;
	size_t		 nkeys;
	size_t		 cap;
	vset_t		 listed;	/* VLANs of running "vlan LIST" lines */
	strbuf_t	 part[3];	/* the inverse: sessions, other, VLANs */
	cfg_review_t	*rv;
};

enum { PART_SESSIONS, PART_OTHER, PART_VLANS };

void
cfg_review_init(cfg_review_t *rv)
{
	memset(rv, 0, sizeof(*rv));
	strbuf_init(&rv->inverse, 0);
	strbuf_init(&rv->foreign, 0);
	strbuf_init(&rv->owned, 0);
}

void
cfg_review_dispose(cfg_review_t *rv)
{
	strbuf_dispose(&rv->inverse);
	strbuf_dispose(&rv->foreign);
	strbuf_dispose(&rv->owned);
}

/* levels of nesting, as wide as the dialect prints them */
static void
indent(const struct ctx *c, strbuf_t *out, size_t levels)
{
	size_t n = levels * (c->d == CFG_IOSXE ? 1 : 2);

	while (n-- > 0)
		strbuf_addc(out, ' ');
}

static void
own(struct ctx *c, const char *key)
{
	size_t i;

	for (i = 0; i < c->nkeys; i++)
		if (strcmp(c->keys[i], key) == 0) {
			c->dropped[i] = false;
			return;
		}
	if (c->nkeys == c->cap) {
		c->cap = c->cap == 0 ? 16 : c->cap * 2;
		c->keys = xreallocarray(c->keys, c->cap, sizeof(*c->keys));
		c->dropped = xreallocarray(c->dropped, c->cap,
		    sizeof(*c->dropped));
	}
	c->keys[c->nkeys] = arena_strndup(&c->t.arena, key, strlen(key));
	c->dropped[c->nkeys++] = false;
}

static void
disown(struct ctx *c, const char *key)
{
	size_t i;

	for (i = 0; i < c->nkeys; i++)
		if (strcmp(c->keys[i], key) == 0)
			c->dropped[i] = true;
}

/* A trunk list line, in pieces the device's line editor takes. */
static void
type_trunk(const struct ctx *c, strbuf_t *out, size_t ind, const char *list, size_t len)
{
	const char *p = list, *end = list + len, *cut, *comma;
	bool first = true;

	while (p < end) {
		cut = end;
		if ((size_t)(end - p) > TRUNK_CHUNK) {
			for (comma = p + TRUNK_CHUNK; comma > p && *comma != ',';
			    comma--)
				continue;
			if (comma > p)
				cut = comma;
		}
		indent(c, out, ind);
		strbuf_adds(out, first ? TRUNK_PFX : TRUNK_PFX "add ");
		strbuf_add(out, p, (size_t)(cut - p));
		strbuf_addc(out, '\n');
		first = false;
		p = cut < end ? cut + 1 : end;
	}
}

static bool
is_trunk_list(cfg_dialect_t d, const char *s, size_t len)
{
	return ct_trunk_dialect(d) && len > TRUNK_PFXLEN &&
	    starts(s, len, TRUNK_PFX) &&
	    !ct_trunk_edit_words(s + TRUNK_PFXLEN, len - TRUNK_PFXLEN);
}

/* Types n again as it was read, its children under it, then "exit". */
static void
retype(struct ctx *c, strbuf_t *out, const node_t *n, size_t ind)
{
	size_t i, kids = 0;

	if (n->btext == NULL)
		return;
	if (ind > 0 && is_trunk_list(c->d, n->btext, n->blen))
		type_trunk(c, out, ind, n->btext + TRUNK_PFXLEN, n->blen -
		    TRUNK_PFXLEN);
	else {
		indent(c, out, ind);
		strbuf_add(out, n->btext, n->blen);
		strbuf_addc(out, '\n');
	}
	for (i = 0; i < n->nkids; i++)
		if (n->kids[i]->btext != NULL) {
			retype(c, out, n->kids[i], ind + 1);
			kids++;
		}
	if (kids > 0) {
		indent(c, out, ind + 1);
		strbuf_adds(out, "exit\n");
	}
}

/* The line that takes away kid k, which the change added. */
static void
take_away(struct ctx *c, strbuf_t *out, const node_t *k, size_t ind)
{
	vset_t added;

	/* a shut setting comes back as the one it replaced, if any */
	if (ct_is_shut(k->text, k->len) || ct_is_no_shut(k->text, k->len) ||
	    starts(k->text, k->len, "no "))
		return;
	if (is_trunk_list(c->d, k->text, k->len)) {
		indent(c, out, ind);
		strbuf_adds(out, "no " TRUNK_PFX);
		out->len--;	/* the prefix's trailing space */
		strbuf_addc(out, '\n');
		return;
	}
	/*
	 * A new AOS-CX list line means the port allowed none before (an
	 * edited one is changed in place): every VLAN in it comes out, by
	 * number, since "no vlan trunk allowed all" would allow them all.
	 */
	if (c->d == CFG_AOSCX && starts(k->text, k->len, CX_TRUNK_PFX) &&
	    ct_vset_parse(&added, k->text + CX_TRUNK_PFXLEN, k->len -
	    CX_TRUNK_PFXLEN) == 0) {
		indent(c, out, ind);
		strbuf_adds(out, "no " CX_TRUNK_PFX);
		ct_vset_format(out, &added);
		strbuf_addc(out, '\n');
		return;
	}
	indent(c, out, ind);
	strbuf_adds(out, "no ");
	strbuf_add(out, k->text, k->len);
	strbuf_addc(out, '\n');
}

/*
 * An AOS-CX trunk list the change edited in place: the device adds to
 * and takes out of a list, so what was added comes out and what was taken
 * out goes back in.
 */
static void
cx_undo_trunk(struct ctx *c, strbuf_t *out, const node_t *k, size_t ind)
{
	vset_t was, now, d;
	size_t i, off = CX_TRUNK_PFXLEN;
	bool any;
	int pass;

	if (ct_vset_parse(&was, k->btext + off, k->blen - off) != 0)
		return;
	if (!k->alive)
		ct_vset_fill(&now, false);
	else if (ct_vset_parse(&now, k->text + off, k->len - off) != 0)
		return;
	for (pass = 0; pass < 2; pass++) {
		any = false;
		for (i = 0; i < sizeof(d.bits); i++) {
			d.bits[i] = pass == 0 ? now.bits[i] & (uint8_t)~was.bits[i]
			    : was.bits[i] & (uint8_t)~now.bits[i];
			any |= d.bits[i] != 0;
		}
		if (!any)
			continue;
		indent(c, out, ind);
		strbuf_adds(out, pass == 0 ? "no " CX_TRUNK_PFX : CX_TRUNK_PFX);
		ct_vset_format(out, &d);
		strbuf_addc(out, '\n');
	}
}

/*
 * The lines that put n's children back as they were: what the change
 * added is taken away (the newest first), then what it removed or
 * replaced is typed again.  Whether anything was written.
 */
static bool
undo_kids(struct ctx *c, strbuf_t *out, const node_t *n, size_t ind)
{
	size_t i, start = out->len;
	const node_t *k;
	strbuf_t sub = STRBUF_INIT(0);

	for (i = n->nkids; i-- > 0;) {
		k = n->kids[i];
		if (k->btext == NULL && k->alive)
			take_away(c, out, k, ind);
	}
	for (i = 0; i < n->nkids; i++) {
		k = n->kids[i];
		if (k->btext == NULL)
			continue;
		if (c->d == CFG_AOSCX && starts(k->btext, k->blen,
		    CX_TRUNK_PFX) && (!k->alive || k->len != k->blen ||
		    memcmp(k->text, k->btext, k->len) != 0))
			cx_undo_trunk(c, out, k, ind);
		else if (!k->alive || k->len != k->blen ||
		    memcmp(k->text, k->btext, k->len) != 0)
			retype(c, out, k, ind);
		else if (k->nkids > 0) {
			strbuf_reset(&sub);
			if (undo_kids(c, &sub, k, ind + 1)) {
				indent(c, out, ind);
				strbuf_add(out, k->text, k->len);
				strbuf_addc(out, '\n');
				strbuf_add(out, sub.ptr, sub.len);
				indent(c, out, ind + 1);
				strbuf_adds(out, "exit\n");
			}
		}
	}
	strbuf_dispose(&sub);
	return out->len > start;
}

/* Whether a session's lines (its btext) carry spangen's mark. */
bool
ct_session_marked(cfg_dialect_t d, const node_t *n, const char *key)
{
	static const char *const marks[] = { "description spangen",
	    "comment spangen" };
	size_t i, j, sp = strlen(key);

	if (d == CFG_EOS && strncmp(key, "monitor session spangen-", 24) == 0)
		return true;
	for (j = 0; j < 2; j++) {
		/* the flat form: "monitor session 2 description spangen..." */
		if (n->blen > sp + 1 && starts(n->btext + sp + 1, n->blen - sp -
		    1, marks[j]))
			return true;
		for (i = 0; i < n->nkids; i++)
			if (n->kids[i]->btext != NULL &&
			    starts(n->kids[i]->btext, n->kids[i]->blen,
			    marks[j]))
				return true;
	}
	return false;
}

static void
add_foreign(struct ctx *c, const char *key, const strbuf_t *lines,
    const char *why)
{
	strbuf_t *f = &c->rv->foreign;

	const char *l = lines->ptr, *end = l + lines->len, *nl;

	strbuf_addf(f, "%s: %s:\n", key, why);
	for (; l < end; l = nl + 1) {
		if ((nl = memchr(l, '\n', (size_t)(end - l))) == NULL)
			nl = end;
		strbuf_adds(f, "    ");
		strbuf_add(f, l, (size_t)(nl - l));
		strbuf_addc(f, '\n');
	}
	c->rv->nforeign++;
}

/* Every line of a session (its top-level entries), before or now. */
static void
session_text(struct ctx *c, const char *key, bool after, strbuf_t *out)
{
	size_t width = c->d == CFG_IOSXE ? 1 : 2;
	node_t *n;

	for (n = ct_chain_find(&c->t, BY_SESSION, key, strlen(key));
	    n != NULL; n = n->chain[BY_SESSION])
		ct_emit(out, n, 0, width, after);
}

static void
review_session(struct ctx *c, const node_t *first, size_t sp)
{
	strbuf_t before = STRBUF_INIT(0), after = STRBUF_INIT(0);
	strbuf_t *out = &c->part[PART_SESSIONS];
	const char *key = arena_strndup(&c->t.arena, first->text, sp);
	bool marked = false;
	node_t *n;
	size_t x;

	if (strmap_get(&c->done, key, &x))
		return;
	(void)strmap_add(&c->done, key, 0);
	session_text(c, key, false, &before);
	session_text(c, key, true, &after);
	for (n = ct_chain_find(&c->t, BY_SESSION, key, sp); n != NULL;
	    n = n->chain[BY_SESSION])
		marked |= n->btext != NULL && ct_session_marked(c->d, n, key);
	if (before.len == 0) {
		if (after.len > 0) {
			strbuf_addf(out, "no %s\n", key);
			own(c, key);
		}
	} else if (!cfg_same(before.ptr, before.len, after.ptr, after.len)) {
		if (!strmap_get(&c->owned_in, key, &x) && !marked)
			add_foreign(c, key, &before, "the device holds this "
			    "session and spangen did not create it");
		else {
			strbuf_addf(out, "no %s\n", key);
			for (n = ct_chain_find(&c->t, BY_SESSION, key, sp);
			    n != NULL; n = n->chain[BY_SESSION])
				retype(c, out, n, 0);
			if (after.len == 0)
				disown(c, key);
			else
				own(c, key);
		}
	}
	strbuf_dispose(&before);
	strbuf_dispose(&after);
}

/* The running line that lists VLAN id among others, for a message. */
static const node_t *
listing_line(struct ctx *c, uint32_t id)
{
	const node_t *n;
	vset_t v;
	size_t i;

	for (i = 0; i < c->t.root.nkids; i++) {
		n = c->t.root.kids[i];
		if (n->btext != NULL && starts(n->btext, n->blen, "vlan ") &&
		    ct_vset_parse(&v, n->btext + 5, n->blen - 5) == 0 &&
		    ct_vset_has(&v, id))
			return n;
	}
	return NULL;
}

bool
ct_vlan_marked(const node_t *n)
{
	size_t i;

	for (i = 0; i < n->nkids; i++)
		if (n->kids[i]->btext != NULL && starts(n->kids[i]->btext,
		    n->kids[i]->blen, "name SPANGEN-RSPAN-"))
			return true;
	return false;
}

static void
review_vlan(struct ctx *c, const node_t *n)
{
	size_t width = c->d == CFG_IOSXE ? 1 : 2, x;
	strbuf_t before = STRBUF_INIT(0), after = STRBUF_INIT(0);
	strbuf_t *out = &c->part[PART_VLANS];
	const char *key = arena_strndup(&c->t.arena, n->text, n->len);
	const node_t *list;
	uint32_t id;
	bool owned = strmap_get(&c->owned_in, key, &x);

	ct_emit(&before, n, 0, width, false);
	ct_emit(&after, n, 0, width, true);
	if (n->btext == NULL) {
		if (!n->alive)
			goto out;
		if (!owned && parse_u32(n->text + 5, 4094, &id) == 0 &&
		    ct_vset_has(&c->listed, id) &&
		    (list = listing_line(c, id)) != NULL) {
				strbuf_reset(&before);
				strbuf_add(&before, list->btext, list->blen);
				strbuf_addc(&before, '\n');
				add_foreign(c, key, &before, "the device already "
				    "has this VLAN, and spangen did not create "
				    "it");
				goto out;
		}
		strbuf_addf(out, "no %s\n", key);
		own(c, key);
		goto out;
	}
	if (cfg_same(before.ptr, before.len, after.ptr, after.len))
		goto out;
	if (!owned && !ct_vlan_marked(n)) {
		add_foreign(c, key, &before, "the device already has this VLAN, "
		    "and spangen did not create it");
		goto out;
	}
	if (!n->alive) {
		retype(c, out, n, 0);
		own(c, key);
	} else {
		strbuf_t sub = STRBUF_INIT(0);

		if (undo_kids(c, &sub, n, 1)) {
			strbuf_addf(out, "%s\n", key);
			strbuf_add(out, sub.ptr, sub.len);
			indent(c, out, 1);
			strbuf_adds(out, "exit\n");
		}
		strbuf_dispose(&sub);
	}
 out:
	strbuf_dispose(&before);
	strbuf_dispose(&after);
}

static bool
has_kids(const node_t *n, bool after)
{
	size_t i;

	for (i = 0; i < n->nkids; i++)
		if (after ? n->kids[i]->alive : n->kids[i]->btext != NULL)
			return true;
	return false;
}

/* Interfaces and global lines. */
static void
review_other(struct ctx *c, const node_t *n)
{
	strbuf_t *out = &c->part[PART_OTHER];
	strbuf_t sub = STRBUF_INIT(0);
	size_t i;

	if (n->btext == NULL) {
		if (!n->alive)
			return;
		/* a block the lines created goes whole; a port cannot */
		if (!starts(n->text, n->len, "interface ")) {
			strbuf_adds(out, "no ");
			strbuf_add(out, n->text, n->len);
			strbuf_addc(out, '\n');
			return;
		}
		/* a port is never removed: what went into it comes out */
		for (i = n->nkids; i-- > 0;)
			if (n->kids[i]->alive)
				take_away(c, &sub, n->kids[i], 1);
	} else if (!n->alive || n->len != n->blen ||
	    memcmp(n->text, n->btext, n->len) != 0) {
		retype(c, out, n, 0);
		return;
	} else
		(void)undo_kids(c, &sub, n, 1);
	if (sub.len > 0) {
		strbuf_add(out, n->text, n->len);
		strbuf_addc(out, '\n');
		strbuf_add(out, sub.ptr, sub.len);
		indent(c, out, 1);
			strbuf_adds(out, "exit\n");
	}
	strbuf_dispose(&sub);
}

/* The VLANs every running "vlan LIST" line with more than one holds. */
static void
collect_listed(struct ctx *c)
{
	const node_t *n;
	vset_t v;
	size_t i, j;

	ct_vset_fill(&c->listed, false);
	for (i = 0; i < c->t.root.nkids; i++) {
		n = c->t.root.kids[i];
		if (n->btext == NULL || !starts(n->btext, n->blen, "vlan ") ||
		    ct_vset_parse(&v, n->btext + 5, n->blen - 5) != 0)
			continue;
		for (j = 0; j < sizeof(v.bits); j++)
			c->listed.bits[j] |= v.bits[j];
	}
}

static void
read_owned(struct ctx *c, const char *owned, size_t olen)
{
	const char *p = owned, *end = owned + olen, *nl;
	char *key;

	while (p < end) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (nl > p) {
			key = arena_strndup(&c->t.arena, p, (size_t)(nl - p));
			(void)strmap_add(&c->owned_in, key, 0);
			own(c, key);
		}
		p = nl + 1;
	}
}

/*
 * Whether the lines and then the inverse leave every touched entry as it
 * was.  A port the running configuration did not list may stay listed,
 * empty: a switch lists every port it has, so that is only the printout
 * of a port no configuration ever touched.
 */
static int
check_inverse(struct ctx *c, sg_err_t *err)
{
	size_t width = c->d == CFG_IOSXE ? 1 : 2, i;
	strbuf_t b = STRBUF_INIT(0), a = STRBUF_INIT(0);
	const node_t *n;
	int rc = 0;

	for (i = 0; i < c->t.root.nkids && rc == 0; i++) {
		n = c->t.root.kids[i];
		if (!n->touched)
			continue;
		strbuf_reset(&b);
		strbuf_reset(&a);
		ct_emit(&b, n, 0, width, false);
		if (!(n->btext == NULL && !has_kids(n, true) &&
		    starts(n->text, n->len, "interface ")))
			ct_emit(&a, n, 0, width, true);
		if (!cfg_same(b.ptr, b.len, a.ptr, a.len))
			rc = sg_err_set(err, SG_EINVAL, "cannot work out how "
			    "to put '%.*s' back as it is now, so it is not "
			    "changed", (int)(n->btext != NULL ? n->blen :
			    n->len), n->btext != NULL ? n->btext : n->text);
	}
	strbuf_dispose(&b);
	strbuf_dispose(&a);
	return rc;
}

int
cfg_review(cfg_dialect_t d, const char *running, size_t rlen,
    const char *lines, size_t llen, const char *owned, size_t olen,
    cfg_review_t *rv, sg_err_t *err)
{
	struct ctx c;
	const node_t *n;
	size_t i, sp, p;
	int rc;

	memset(&c, 0, sizeof(c));
	ct_tree_init(&c.t, d);
	c.d = d;
	c.rv = rv;
	for (p = 0; p < 3; p++)
		strbuf_init(&c.part[p], 0);
	strbuf_reset(&rv->inverse);
	strbuf_reset(&rv->foreign);
	strbuf_reset(&rv->owned);
	rv->nforeign = 0;
	read_owned(&c, owned, olen);
	(void)ct_read_text(&c.t, running, rlen, true, NULL);
	collect_listed(&c);
	if ((rc = ct_read_text(&c.t, lines, llen, false, err)) != 0)
		goto out;
	for (i = 0; i < c.t.root.nkids; i++) {
		n = c.t.root.kids[i];
		if (!n->touched)
			continue;
		if ((sp = ct_session_prefix(n->text, n->len)) != 0)
			review_session(&c, n, sp);
		else if (starts(n->text, n->len, "vlan "))
			review_vlan(&c, n);
		else
			review_other(&c, n);
	}
	for (p = 0; p < 3; p++)
		strbuf_add(&rv->inverse, c.part[p].ptr, c.part[p].len);
	for (i = 0; i < c.nkeys; i++)
		if (!c.dropped[i])
			strbuf_addf(&rv->owned, "%s\n", c.keys[i]);
	if (rv->nforeign == 0 &&
	    (rc = ct_read_text(&c.t, strbuf_str(&rv->inverse),
	    rv->inverse.len, false, err)) == 0)
		rc = check_inverse(&c, err);
 out:
	if (rc != 0)
		strbuf_reset(&rv->inverse);
	for (p = 0; p < 3; p++)
		strbuf_dispose(&c.part[p]);
	strmap_dispose(&c.owned_in);
	strmap_dispose(&c.done);
	free(c.keys);
	free(c.dropped);
	ct_tree_dispose(&c.t);
	return rc;
}
