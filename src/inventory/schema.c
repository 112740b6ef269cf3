/*
 * schema: see schema.h.  Every reader checks the node type first, so a
 * later check never sees a list where it expects text.
 */
#include <stdio.h>
#include <string.h>

#include "inventory/schema.h"
#include "util/parse.h"
#include "util/strbuf.h"

static const char *const secret_keys[] = {
	"password", "passwd", "secret", "passphrase", "private_key",
	"enable_password", "enable_secret", "token", NULL
};

bool
schema_is_null(const ynode_t *node)
{
	static const char *const nulls[] = { "null", "Null", "NULL", "~" };
	size_t i;

	if (node->kind != YNODE_SCALAR || !node->plain)
		return false;
	for (i = 0; i < sizeof(nulls) / sizeof(nulls[0]); i++)
		if (node->len == strlen(nulls[i]) &&
		    memcmp(node->str, nulls[i], node->len) == 0)
			return true;
	return false;
}

const char *
schema_type_name(const ynode_t *node)
{
	switch (node->kind) {
	case YNODE_SEQ:
		return "a list";
	case YNODE_MAP:
		return "a mapping";
	default:
		if (schema_is_null(node))
			return "null";
		return node->plain && node->len == 0 ? "empty" : "text";
	}
}

srcpos_t
schema_pos(const ynode_t *map, const char *key)
{
	const ynode_t *v;

	if (map != NULL && (v = schema_find(map, key)) != NULL)
		return v->pos;
	return map != NULL ? map->pos : (srcpos_t){ NULL, 0, 0 };
}

const ynode_t *
schema_find(const ynode_t *map, const char *key)
{
	size_t i;

	if (map == NULL || map->kind != YNODE_MAP)
		return NULL;
	for (i = 0; i < map->n; i++)
		if (map->pairs[i].key->kind == YNODE_SCALAR &&
		    strcmp(map->pairs[i].key->str, key) == 0)
			return map->pairs[i].value;
	return NULL;
}

/* Levenshtein distance capped at 3, for "did you mean" hints. */
static unsigned int
edit_distance(const char *a, const char *b)
{
	unsigned int row[64], prev, tmp, best;
	size_t la = strlen(a), lb = strlen(b), i, j;

	if (la >= 63 || lb >= 63)
		return 3;
	for (j = 0; j <= lb; j++)
		row[j] = (unsigned int)j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = (unsigned int)i;
		best = row[0];
		for (j = 1; j <= lb; j++) {
			tmp = row[j];
			row[j] = prev + (a[i - 1] != b[j - 1]);
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			if (tmp + 1 < row[j])
				row[j] = tmp + 1;
			prev = tmp;
			if (row[j] < best)
				best = row[j];
		}
		if (best >= 3)
			return 3;
	}
	return row[lb] < 3 ? row[lb] : 3;
}

static void
unknown_key(schema_t *sc, const ynode_t *key, const char *what,
    const char *const *known)
{
	strbuf_t hint = STRBUF_INIT(0);
	const char *best = NULL;
	unsigned int d, bestd = 3;
	size_t i;

	for (i = 0; secret_keys[i] != NULL; i++)
		if (strcmp(key->str, secret_keys[i]) == 0) {
			diag_add(sc->dl, "E113", key->pos, "put the secret in "
			    "an environment variable and name it with "
			    "password_env", "inline secret '%s' in %s: secrets "
			    "never go in the inventory", key->str, what);
			return;
		}
	for (i = 0; known[i] != NULL; i++)
		if ((d = edit_distance(key->str, known[i])) < bestd) {
			bestd = d;
			best = known[i];
		}
	if (best != NULL)
		strbuf_addf(&hint, "did you mean '%s'? ", best);
	strbuf_adds(&hint, "allowed keys:");
	for (i = 0; known[i] != NULL; i++)
		strbuf_addf(&hint, "%s %s", i == 0 ? "" : ",", known[i]);
	diag_add(sc->dl, "E102", key->pos, strbuf_str(&hint),
	    "unknown key '%s' in %s", key->str, what);
	strbuf_dispose(&hint);
}

bool
schema_map(schema_t *sc, const ynode_t *node, const char *what,
    const char *const *known)
{
	const ynode_t *key;
	size_t i, j, k;

	if (node->kind != YNODE_MAP) {
		diag_add(sc->dl, "E103", node->pos, "write it as 'key: value' "
		    "lines or {key: value, ...}", "%s must be a mapping, not "
		    "%s", what, schema_type_name(node));
		return false;
	}
	for (i = 0; i < node->n; i++) {
		key = node->pairs[i].key;
		if (key->kind != YNODE_SCALAR) {
			diag_add(sc->dl, "E103", key->pos, "keys are plain "
			    "names", "a key in %s is %s", what,
			    schema_type_name(key));
			continue;
		}
		/* "name\0evil" would otherwise compare equal to "name" */
		if (schema_control_char(key->str, key->len) >= 0) {
			diag_add(sc->dl, "E112", key->pos, "keys are plain "
			    "names", "a key in %s contains a control "
			    "character", what);
			continue;
		}
		for (k = 0; known[k] != NULL; k++)
			if (strcmp(key->str, known[k]) == 0)
				break;
		if (known[k] == NULL) {
			unknown_key(sc, key, what, known);
			continue;
		}
		for (j = 0; j < i; j++)
			if (node->pairs[j].key->kind == YNODE_SCALAR &&
			    strcmp(node->pairs[j].key->str, key->str) == 0) {
				diag_add(sc->dl, "E117", key->pos, "remove one "
				    "of them; YAML would silently keep only "
				    "one", "key '%s' appears twice in %s "
				    "(first at line %u, column %u)", key->str,
				    what, node->pairs[j].key->pos.line,
				    node->pairs[j].key->pos.col);
				break;
			}
	}
	return true;
}

const ynode_t *
schema_need(schema_t *sc, const ynode_t *map, const char *key,
    const char *what)
{
	const ynode_t *v;

	if ((v = schema_find(map, key)) == NULL)
		diag_add(sc->dl, "E104", map->pos, "add it; see "
		    "docs/inventory.md", "%s has no '%s'", what, key);
	return v;
}

static const ynode_t *
lookup(schema_t *sc, const ynode_t *map, const char *key, const char *what,
    bool required)
{
	return required ? schema_need(sc, map, key, what) :
	    schema_find(map, key);
}

long
schema_control_char(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	for (i = 0; i < len; i++) {
		if (p[i] < 0x20 || p[i] == 0x7f)
			return (long)i;
		/* C1 controls U+0080..U+009F are 0xC2 0x80..0x9F in UTF-8 */
		if (p[i] == 0xc2 && i + 1 < len && p[i + 1] >= 0x80 &&
		    p[i + 1] <= 0x9f)
			return (long)i;
	}
	return -1;
}

static bool
check_text(schema_t *sc, const ynode_t *node, const char *key,
    const char *what)
{
	long at;

	if (node->kind != YNODE_SCALAR) {
		diag_add(sc->dl, "E103", node->pos, "write a single value",
		    "'%s' in %s must be text, not %s", key, what,
		    schema_type_name(node));
		return false;
	}
	if ((at = schema_control_char(node->str, node->len)) >= 0) {
		diag_add(sc->dl, "E112", node->pos, "remove line breaks, tabs "
		    "and other control characters; values reach device "
		    "configurations", "'%s' in %s contains a control "
		    "character (byte 0x%02x at offset %ld)", key, what,
		    (unsigned char)node->str[at], at);
		return false;
	}
	if (node->len == 0) {
		diag_add(sc->dl, "E107", node->pos, "give a value or remove "
		    "the key", "'%s' in %s is empty", key, what);
		return false;
	}
	/* YAML's null is no value, never the text "null" reaching a device */
	if (schema_is_null(node)) {
		diag_add(sc->dl, "E103", node->pos, "give a value, remove the "
		    "key, or quote the word if it is meant as text", "'%s' in "
		    "%s is null, not text", key, what);
		return false;
	}
	return true;
}

bool
schema_str_node(schema_t *sc, const ynode_t *node, const char *key,
    const char *what, const char **out)
{
	if (!check_text(sc, node, key, what))
		return false;
	*out = arena_strndup(sc->arena, node->str, node->len);
	return true;
}

bool
schema_str(schema_t *sc, const ynode_t *map, const char *key,
    const char *what, bool required, const char **out)
{
	const ynode_t *v;

	if ((v = lookup(sc, map, key, what, required)) == NULL ||
	    !check_text(sc, v, key, what))
		return false;
	*out = arena_strndup(sc->arena, v->str, v->len);
	return true;
}

bool
schema_u32(schema_t *sc, const ynode_t *map, const char *key,
    const char *what, uint32_t lo, uint32_t hi, bool required,
    uint32_t *out)
{
	const ynode_t *v;
	uint32_t n;

	if ((v = lookup(sc, map, key, what, required)) == NULL)
		return false;
	if (v->kind != YNODE_SCALAR || !v->plain || v->len == 0 ||
	    strspn(v->str, "0123456789") != v->len) {
		diag_add(sc->dl, "E103", v->pos, "write a whole number "
		    "without quotes", "'%s' in %s must be a number, not %s",
		    key, what, schema_type_name(v));
		return false;
	}
	if (parse_u32(v->str, hi, &n) != 0 || n < lo) {
		diag_add(sc->dl, "E109", v->pos, "use a value in range",
		    "'%s' in %s is %s; it must be %u-%u", key, what, v->str,
		    lo, hi);
		return false;
	}
	*out = n;
	return true;
}

bool
schema_bool(schema_t *sc, const ynode_t *map, const char *key,
    const char *what, bool required, bool *out)
{
	const ynode_t *v;

	if ((v = lookup(sc, map, key, what, required)) == NULL)
		return false;
	if (v->kind == YNODE_SCALAR && v->plain &&
	    (strcmp(v->str, "true") == 0 || strcmp(v->str, "false") == 0)) {
		*out = v->str[0] == 't';
		return true;
	}
	diag_add(sc->dl, "E103", v->pos, "write true or false, without "
	    "quotes", "'%s' in %s must be true or false", key, what);
	return false;
}

bool
schema_enum(schema_t *sc, const ynode_t *map, const char *key,
    const char *what, const char *const *values, bool required, int *out)
{
	strbuf_t hint = STRBUF_INIT(0);
	const ynode_t *v;
	size_t i;

	if ((v = lookup(sc, map, key, what, required)) == NULL ||
	    !check_text(sc, v, key, what))
		return false;
	for (i = 0; values[i] != NULL; i++)
		if (strcmp(v->str, values[i]) == 0) {
			*out = (int)i;
			return true;
		}
	strbuf_adds(&hint, "use one of:");
	for (i = 0; values[i] != NULL; i++)
		strbuf_addf(&hint, "%s %s", i == 0 ? "" : ",", values[i]);
	diag_add(sc->dl, "E107", v->pos, strbuf_str(&hint),
	    "'%s' in %s is '%s'", key, what, v->str);
	strbuf_dispose(&hint);
	return false;
}

const ynode_t *
schema_seq(schema_t *sc, const ynode_t *map, const char *key,
    const char *what, bool required)
{
	const ynode_t *v;

	if ((v = lookup(sc, map, key, what, required)) == NULL)
		return NULL;
	if (v->kind != YNODE_SEQ) {
		diag_add(sc->dl, "E103", v->pos, "write a list: [a, b] or "
		    "'- a' lines", "'%s' in %s must be a list, not %s", key,
		    what, schema_type_name(v));
		return NULL;
	}
	return v;
}

/* true for "HIGH-LOW": two numbers, the first larger. */
static bool
parse_range_reversed(const char *s, uint32_t *lo, uint32_t *hi)
{
	char buf[32];

	if (strlen(s) >= sizeof(buf))
		return false;
	(void)snprintf(buf, sizeof(buf), "%s", s);
	if (strchr(buf, '-') == NULL)
		return false;
	*strchr(buf, '-') = '\0';
	return parse_u32(buf, UINT32_MAX, hi) == 0 &&
	    parse_u32(s + strlen(buf) + 1, UINT32_MAX, lo) == 0 && *hi > *lo;
}

static bool
range_item(schema_t *sc, const ynode_t *item, const char *key,
    const char *what, uint32_t lo, uint32_t hi, const char *code,
    const char *noun, range_t *out)
{
	if (item->kind != YNODE_SCALAR) {
		diag_add(sc->dl, "E103", item->pos, "write numbers or "
		    "\"LOW-HIGH\" strings", "'%s' in %s: an entry is %s", key,
		    what, schema_type_name(item));
		return false;
	}
	/* the refusals below quote the value: never a control character */
	if (schema_control_char(item->str, item->len) >= 0)
		return check_text(sc, item, key, what);
	if (parse_range(item->str, UINT32_MAX, &out->lo, &out->hi) != 0 &&
	    parse_range_reversed(item->str, &out->lo, &out->hi)) {
		diag_add(sc->dl, code, item->pos, "write the lower bound "
		    "first", "'%s' in %s: range '%s' is reversed", key, what,
		    item->str);
		return false;
	}
	if (parse_range(item->str, UINT32_MAX, &out->lo, &out->hi) != 0 ||
	    item->len != strlen(item->str)) {
		diag_add(sc->dl, code, item->pos, "write a number or a "
		    "\"LOW-HIGH\" range with LOW <= HIGH", "'%s' in %s: '%s' "
		    "is not a %s or a range", key, what, item->str, noun);
		return false;
	}
	if (out->lo < lo || out->hi > hi) {
		diag_add(sc->dl, code, item->pos, "use values in range",
		    "'%s' in %s: %s %s is out of range %u-%u", key, what, noun,
		    item->str, lo, hi);
		return false;
	}
	return true;
}

bool
schema_ranges(schema_t *sc, const ynode_t *map, const char *key,
    const char *what, uint32_t lo, uint32_t hi, const char *code,
    const char *noun, bool required, ranges_t *out)
{
	const ynode_t *v;
	size_t i, nitems;
	bool ok = true;

	out->v = NULL;
	out->n = 0;
	if ((v = lookup(sc, map, key, what, required)) == NULL)
		return false;
	if (v->kind == YNODE_MAP) {
		diag_add(sc->dl, "E103", v->pos, "write a list of numbers or "
		    "\"LOW-HIGH\" strings", "'%s' in %s must be a list, not "
		    "a mapping", key, what);
		return false;
	}
	nitems = v->kind == YNODE_SEQ ? v->n : 1;
	out->v = arena_array(sc->arena, nitems, sizeof(*out->v));
	for (i = 0; i < nitems; i++)
		if (range_item(sc, v->kind == YNODE_SEQ ? v->items[i] : v, key,
		    what, lo, hi, code, noun, &out->v[out->n]))
			out->n++;
		else
			ok = false;
	return ok;
}
