/*
 * ydoc: builds the tree from libyaml's event stream with an explicit stack
 * of open containers, so the C stack depth never depends on the input.
 * Children collect on one heap stack shared by the open containers (a
 * container's are the top of it) and move into the arena when it closes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "util/ydoc.h"
#include "util/file.h"
#include "util/xmalloc.h"

_Static_assert(sizeof(ynode_t) <= 40, "ynode_t grew");

struct frame {
	ynode_t		*node;
	size_t		 base;		/* its first child in the kid stack */
	size_t		 n;		/* a mapping's: key, value, ... */
};

/* A control character libyaml's reader would refuse, where it was. */
struct ctrl {
	size_t		 off;		/* in the file */
	size_t		 len;		/* 1, or 2 for a C1 character */
	yaml_mark_t	 mark;
	bool		 used;		/* put back into a scalar */
};

struct builder {
	ydoc_t		*doc;
	diag_list_t	*dl;
	struct frame	 stack[YDOC_MAX_DEPTH];
	size_t		 depth;
	ynode_t		**kids;		/* the open containers' children */
	size_t		 nkids;
	size_t		 capkids;
	size_t		 nodes;		/* every node so far */
	int		 documents;
	bool		 refused;	/* a problem reported, parsing went on */
	const char	*buf;		/* the file as written */
	struct ctrl	*ctrl;		/* in file order */
	size_t		 nctrl;
	size_t		 next_ctrl;
	const yaml_event_t *twin;	/* the same event from the other copy */
};

static srcpos_t
mark_pos(const ydoc_t *doc, yaml_mark_t m)
{
	/* libyaml counts from zero; editors count from one */
	srcpos_t pos = { doc->file, (unsigned int)m.line + 1,
	    (unsigned int)m.column + 1 };

	return pos;
}

static int
syntax_error(struct builder *b, yaml_mark_t m, const char *hint,
    const char *what)
{
	diag_add(b->dl, "E101", mark_pos(b->doc, m), hint, "%s", what);
	return SG_EINVAL;
}

/*
 * libyaml's reader (bad UTF-8, a control byte) gives a byte offset, not a
 * mark: the line and column are counted here.
 */
static yaml_mark_t
reader_mark(const char *buf, size_t len, size_t offset)
{
	yaml_mark_t m = { 0, 0, 0 };
	size_t i;

	for (i = 0; i < offset && i < len; i++) {
		if (buf[i] == '\n') {
			m.line++;
			m.column = 0;
		} else if (((unsigned char)buf[i] & 0xc0) != 0x80)
			m.column++;	/* a character, not a continuation byte */
	}
	m.index = i;
	return m;
}

static void
push_kid(struct builder *b, ynode_t *kid)
{
	if (b->nkids == b->capkids) {
		b->capkids = b->capkids == 0 ? 256 : b->capkids * 2;
		b->kids = xreallocarray(b->kids, b->capkids, sizeof(*b->kids));
	}
	b->kids[b->nkids++] = kid;
	b->stack[b->depth - 1].n++;
}

/*
 * The limits stop a hostile file early, before its nodes cost many times
 * its size in memory; no inventory comes near them (docs/inventory.md).
 */
static int
attach(struct builder *b, ynode_t *node, yaml_mark_t m)
{
	struct frame *f;
	yaml_mark_t at;
	char what[64];

	if (++b->nodes > YDOC_MAX_NODES) {
		(void)snprintf(what, sizeof(what), "more than %u values in one "
		    "file", YDOC_MAX_NODES);
		return syntax_error(b, m, "split the inventory, or check how "
		    "the file was made", what);
	}
	f = b->depth > 0 ? &b->stack[b->depth - 1] : NULL;
	if (f != NULL && f->n >= (f->node->kind == YNODE_MAP ? 2u : 1u) *
	    YDOC_MAX_ENTRIES) {
		/* named where the list starts, which is what to look at */
		at = m;
		at.line = f->node->pos.line - 1;
		at.column = f->node->pos.col - 1;
		(void)snprintf(what, sizeof(what), "a %s of more than %u %s",
		    f->node->kind == YNODE_MAP ? "mapping" : "list",
		    YDOC_MAX_ENTRIES, f->node->kind == YNODE_MAP ? "keys" :
		    "entries");
		return syntax_error(b, at, "no inventory needs that many; "
		    "split it, or check how the file was made", what);
	}
	if (b->depth == 0) {
		if (b->doc->root != NULL)
			return syntax_error(b, m, "keep one inventory per file",
			    "only one YAML document is allowed");
		b->doc->root = node;
		return 0;
	}
	push_kid(b, node);
	return 0;
}

static int
open_container(struct builder *b, ynode_kind_t kind, yaml_mark_t m)
{
	ynode_t *node;
	struct frame *f;
	int rc;

	if (b->depth == YDOC_MAX_DEPTH)
		return syntax_error(b, m, "flatten the structure",
		    "nesting deeper than 64 levels");
	node = arena_alloc(&b->doc->arena, sizeof(*node));
	node->kind = kind;
	node->pos = mark_pos(b->doc, m);
	if ((rc = attach(b, node, m)) != 0)
		return rc;
	f = &b->stack[b->depth++];
	f->node = node;
	f->base = b->nkids;
	f->n = 0;
	return 0;
}

static void
close_container(struct builder *b)
{
	struct frame *f = &b->stack[--b->depth];
	ynode_t *node = f->node, **kids = b->kids + f->base;
	size_t i;

	if (node->kind == YNODE_SEQ) {
		node->n = (uint32_t)f->n;
		node->items = arena_array(&b->doc->arena, f->n,
		    sizeof(*node->items));
		if (f->n > 0)
			memcpy(node->items, kids, f->n * sizeof(*kids));
	} else {
		/* libyaml guarantees a value for every key */
		node->n = (uint32_t)(f->n / 2);
		node->pairs = arena_array(&b->doc->arena, node->n,
		    sizeof(*node->pairs));
		for (i = 0; i < node->n; i++) {
			node->pairs[i].key = kids[2 * i];
			node->pairs[i].value = kids[2 * i + 1];
		}
	}
	b->nkids = f->base;
}

static bool
mark_before(yaml_mark_t a, yaml_mark_t b)
{
	return a.line < b.line || (a.line == b.line && a.column < b.column);
}

/*
 * The scalar was read from a copy whose control characters were replaced
 * by placeholders, and its twin from a copy with other placeholders: where
 * the two values differ, a control character stood.  It is put back so
 * the schema refuses the value as it does an escaped one, naming the
 * field at the value's position.
 */
static void
restore_ctrl(struct builder *b, const yaml_event_t *ev, char *str)
{
	const unsigned char *a = ev->data.scalar.value;
	const unsigned char *t;
	struct ctrl *c;
	size_t i, at, n = ev->data.scalar.length;

	if (b->twin == NULL || b->twin->type != YAML_SCALAR_EVENT ||
	    b->twin->data.scalar.length != n)
		return;
	t = b->twin->data.scalar.value;
	while (b->next_ctrl < b->nctrl &&
	    mark_before(b->ctrl[b->next_ctrl].mark, ev->start_mark))
		b->next_ctrl++;
	for (i = 0; i < n && b->next_ctrl < b->nctrl; i++) {
		if (a[i] == t[i])
			continue;
		/* a two-byte placeholder differs in its second byte */
		if (a[i] != 'q' && i == 0)
			return;
		at = a[i] == 'q' ? i : i - 1;
		c = &b->ctrl[b->next_ctrl];
		if ((c->len == 1) != (a[i] == 'q') || at + c->len > n)
			return;
		memcpy(str + at, b->buf + c->off, c->len);
		c->used = true;
		b->next_ctrl++;
	}
}

static int
add_scalar(struct builder *b, const yaml_event_t *ev)
{
	ynode_t *node;
	char *str;

	node = arena_alloc(&b->doc->arena, sizeof(*node));
	node->kind = YNODE_SCALAR;
	node->pos = mark_pos(b->doc, ev->start_mark);
	str = arena_strndup(&b->doc->arena,
	    (const char *)ev->data.scalar.value, ev->data.scalar.length);
	if (b->nctrl > 0)
		restore_ctrl(b, ev, str);
	node->str = str;
	node->len = (uint32_t)ev->data.scalar.length;
	node->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	    ev->data.scalar.plain_implicit;
	return attach(b, node, ev->start_mark);
}

/*
 * An anchor alone changes nothing, but it only makes sense with an alias,
 * and the documented rule is simpler to keep when both are refused.  The
 * tree is still built, so every anchor and a later alias are reported.
 */
static void
refuse_anchor(struct builder *b, const yaml_event_t *ev)
{
	const yaml_char_t *anchor = NULL;

	if (ev->type == YAML_SCALAR_EVENT)
		anchor = ev->data.scalar.anchor;
	else if (ev->type == YAML_SEQUENCE_START_EVENT)
		anchor = ev->data.sequence_start.anchor;
	else if (ev->type == YAML_MAPPING_START_EVENT)
		anchor = ev->data.mapping_start.anchor;
	if (anchor == NULL)
		return;
	diag_add(b->dl, "E101", mark_pos(b->doc, ev->start_mark), "write the "
	    "value out; shared switch settings belong in 'defaults'",
	    "YAML anchors (&name) are not supported");
	b->refused = true;
}

static int
handle_event(struct builder *b, const yaml_event_t *ev)
{
	refuse_anchor(b, ev);
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++b->documents > 1)
			return syntax_error(b, ev->start_mark,
			    "keep one inventory per file",
			    "only one YAML document is allowed");
		return 0;
	case YAML_ALIAS_EVENT:
		return syntax_error(b, ev->start_mark,
		    "write the value out; shared switch settings belong in "
		    "'defaults'", "YAML aliases (*name) are not supported");
	case YAML_SCALAR_EVENT:
		return add_scalar(b, ev);
	case YAML_SEQUENCE_START_EVENT:
		return open_container(b, YNODE_SEQ, ev->start_mark);
	case YAML_MAPPING_START_EVENT:
		return open_container(b, YNODE_MAP, ev->start_mark);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		close_container(b);
		return 0;
	default:
		return 0;
	}
}

/* Bytes of the control character at p that libyaml's reader refuses. */
static size_t
ctrl_len(const unsigned char *p, size_t left)
{
	if ((p[0] < 0x20 && p[0] != '\t' && p[0] != '\n' && p[0] != '\r') ||
	    p[0] == 0x7f)
		return 1;
	/* C1 U+0080..U+009F; libyaml would take U+0085 as a line break */
	if (p[0] == 0xc2 && left > 1 && p[1] >= 0x80 && p[1] <= 0x9f)
		return 2;
	return 0;
}

/*
 * libyaml's reader refuses a raw control character before any event, so
 * the error would name no field and sit at the reader's position.  They
 * are found here, and two copies of the file are parsed with different
 * placeholders standing in for them; the schema then refuses each value
 * that held one (E112), and one outside any value is reported here.
 */
static int
find_ctrl(struct builder *b, const char *buf, size_t len, char **copy_a,
    char **copy_b)
{
	const unsigned char *p = (const unsigned char *)buf;
	yaml_mark_t m = { 0, 0, 0 };
	size_t i, n;

	*copy_a = *copy_b = NULL;
	/* one pass, counting lines as it goes: a file of them stays linear */
	for (i = 0; i < len; i += n > 0 ? n : 1) {
		if ((n = ctrl_len(p + i, len - i)) == 0) {
			if (p[i] == '\n') {
				m.line++;
				m.column = 0;
			} else if ((p[i] & 0xc0) != 0x80)
				m.column++;
			continue;
		}
		m.index = i;
		if (b->nctrl == YDOC_MAX_CTRL) {
			diag_add(b->dl, "E112", mark_pos(b->doc, m), "save the "
			    "inventory as plain text", "more than %u control "
			    "characters in the file; it is not a text "
			    "inventory", YDOC_MAX_CTRL);
			return SG_EINVAL;
		}
		if (*copy_a == NULL) {
			*copy_a = xmalloc(len + 1);
			*copy_b = xmalloc(len + 1);
			memcpy(*copy_a, buf, len);
			memcpy(*copy_b, buf, len);
		}
		b->ctrl = xreallocarray(b->ctrl, b->nctrl + 1,
		    sizeof(*b->ctrl));
		b->ctrl[b->nctrl].off = i;
		b->ctrl[b->nctrl].len = n;
		b->ctrl[b->nctrl].mark = m;
		b->ctrl[b->nctrl].used = false;
		b->nctrl++;
		m.column++;
		/* letters no escape or indicator uses; U+0100 and U+0101 */
		if (n == 1) {
			(*copy_a)[i] = 'q';
			(*copy_b)[i] = 'j';
		} else {
			memcpy(*copy_a + i, "\xc4\x80", 2);
			memcpy(*copy_b + i, "\xc4\x81", 2);
		}
	}
	return 0;
}

static void
report_stray_ctrl(struct builder *b)
{
	size_t i;

	for (i = 0; i < b->nctrl; i++)
		if (!b->ctrl[i].used) {
			diag_add(b->dl, "E112", mark_pos(b->doc,
			    b->ctrl[i].mark), "remove it; control characters "
			    "are refused anywhere in the file", "a control "
			    "character (byte 0x%02x) outside any value",
			    (unsigned char)b->buf[b->ctrl[i].off]);
			b->refused = true;
		}
}

int
ydoc_parse(ydoc_t **out, const char *file, const char *buf, size_t len,
    diag_list_t *dl)
{
	struct builder b;
	yaml_parser_t parser, twin_parser;
	yaml_event_t ev, twin;
	ydoc_t *doc;
	char *copy_a = NULL, *copy_b = NULL;
	bool twin_ok = false;
	int rc = 0, done = 0;

	*out = NULL;
	memset(&b, 0, sizeof(b));
	doc = xcalloc(1, sizeof(*doc));
	arena_init(&doc->arena);
	doc->file = file;
	b.doc = doc;
	b.dl = dl;
	/* libyaml would read UTF-16 after its BOM; inventories are UTF-8 */
	if (len >= 2 && (((unsigned char)buf[0] == 0xff &&
	    (unsigned char)buf[1] == 0xfe) || ((unsigned char)buf[0] == 0xfe &&
	    (unsigned char)buf[1] == 0xff)))
		rc = syntax_error(&b, reader_mark(buf, len, 0), "save the file "
		    "as UTF-8", "the file is UTF-16 (it starts with a UTF-16 "
		    "byte order mark); spangen reads UTF-8 only");
	/* ydoc_load() stops such a file first; a node's length is 32 bits */
	if (rc == 0 && len > YDOC_MAX_BYTES)
		rc = syntax_error(&b, reader_mark(buf, 0, 0), "split the "
		    "inventory", "the file is over 64 MiB");
	b.buf = buf;
	if (rc == 0)
		rc = find_ctrl(&b, buf, len, &copy_a, &copy_b);
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)
	    (copy_a != NULL ? copy_a : buf), len);
	if (copy_b != NULL) {
		yaml_parser_initialize(&twin_parser);
		yaml_parser_set_input_string(&twin_parser,
		    (const unsigned char *)copy_b, len);
		twin_ok = true;
	}
	while (rc == 0 && !done) {
		b.twin = NULL;
		if (twin_ok && (twin_ok = yaml_parser_parse(&twin_parser,
		    &twin)))
			b.twin = &twin;
		if (!yaml_parser_parse(&parser, &ev)) {
			if (b.twin != NULL)
				yaml_event_delete(&twin);
			rc = parser.error == YAML_READER_ERROR ?
			    syntax_error(&b, reader_mark(buf, len,
			    parser.problem_offset), "save the file as UTF-8",
			    parser.problem != NULL ? parser.problem :
			    "not UTF-8") :
			    syntax_error(&b, parser.problem_mark,
			    "check the indentation and quoting near this "
			    "position", parser.problem != NULL ?
			    parser.problem : "malformed YAML");
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		rc = handle_event(&b, &ev);
		yaml_event_delete(&ev);
		if (b.twin != NULL)
			yaml_event_delete(&twin);
		if (rc != 0)
			break;
	}
	free(b.kids);
	yaml_parser_delete(&parser);
	if (copy_b != NULL)
		yaml_parser_delete(&twin_parser);
	if (rc == 0)
		report_stray_ctrl(&b);
	free(copy_a);
	free(copy_b);
	free(b.ctrl);
	if (rc == 0 && b.refused)
		rc = SG_EINVAL;
	if (rc != 0) {
		ydoc_free(doc);
		return rc;
	}
	/* success */
	*out = doc;
	return 0;
}

int
ydoc_load(ydoc_t **out, const char *path, diag_list_t *dl, sg_err_t *err)
{
	char *text = NULL;
	size_t len;
	int rc;

	*out = NULL;
	if ((rc = file_read(path, YDOC_MAX_BYTES, &text, &len, err)) != 0)
		return rc == SG_ENOTFOUND ? sg_err_set(err, SG_EIO, "%s: %s",
		    path, strerror(ENOENT)) : rc;
	rc = ydoc_parse(out, path, text, len, dl);
	free(text);
	return rc;
}

void
ydoc_free(ydoc_t *doc)
{
	if (doc == NULL)
		return;
	arena_dispose(&doc->arena);
	free(doc);
}
