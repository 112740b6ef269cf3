/* json: see json.h.  Output is deterministic: no maps, no floats. */
#include <stdio.h>

#include "util/json.h"

void
json_init(json_t *j, strbuf_t *out)
{
	j->out = out;
	j->depth = 0;
	j->first[0] = true;
	j->inline_[0] = false;
	j->after_key = false;
}

static void
indent(json_t *j)
{
	/* a plan has a line per value: one append per line, not per level */
	static const char line[] = "\n                                ";
	size_t n = 1 + 2 * (size_t)j->depth;

	if (n <= sizeof(line) - 1) {
		strbuf_add(j->out, line, n);
		return;
	}
	strbuf_add(j->out, line, sizeof(line) - 1);
	for (n -= sizeof(line) - 1; n > 0; n--)
		strbuf_addc(j->out, ' ');
}

/* Separator and indentation before a value or a key. */
static void
before(json_t *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (j->depth == 0)
		return;
	if (!j->first[j->depth])
		strbuf_adds(j->out, j->inline_[j->depth] ? ", " : ",");
	if (!j->inline_[j->depth])
		indent(j);
	j->first[j->depth] = false;
}

static void
begin(json_t *j, char open, bool inline_)
{
	before(j);
	strbuf_addc(j->out, open);
	if (j->depth + 1 >= JSON_MAX_DEPTH)
		return;
	j->depth++;
	j->first[j->depth] = true;
	j->inline_[j->depth] = inline_ || j->inline_[j->depth - 1];
}

static void
end(json_t *j, char close)
{
	bool was_empty = j->first[j->depth], was_inline = j->inline_[j->depth];

	j->depth--;
	if (!was_empty && !was_inline)
		indent(j);
	strbuf_addc(j->out, close);
	if (j->depth == 0)
		strbuf_addc(j->out, '\n');
}

void
json_begin_object(json_t *j, bool inline_)
{
	begin(j, '{', inline_);
}

void
json_end_object(json_t *j)
{
	end(j, '}');
}

void
json_begin_array(json_t *j, bool inline_)
{
	begin(j, '[', inline_);
}

void
json_end_array(json_t *j)
{
	end(j, ']');
}

void
json_key(json_t *j, const char *key)
{
	before(j);
	json_quote(j->out, key);
	strbuf_adds(j->out, ": ");
	j->after_key = true;
}

void
json_quote(strbuf_t *out, const char *s)
{
	const unsigned char *p, *run;

	strbuf_addc(out, '"');
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		/* most strings need no escape: copy them a run at a time */
		for (run = p; *p >= 0x20 && *p != 0x7f && *p != '"' &&
		    *p != '\\'; p++)
			;
		strbuf_add(out, run, (size_t)(p - run));
		if (*p == '\0')
			break;
		switch (*p) {
		case '"':
			strbuf_adds(out, "\\\"");
			break;
		case '\\':
			strbuf_adds(out, "\\\\");
			break;
		case '\n':
			strbuf_adds(out, "\\n");
			break;
		case '\t':
			strbuf_adds(out, "\\t");
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				strbuf_addf(out, "\\u%04x", *p);
			else
				strbuf_addc(out, (char)*p);
		}
	}
	strbuf_addc(out, '"');
}

void
json_string(json_t *j, const char *s)
{
	before(j);
	if (s == NULL)
		strbuf_adds(j->out, "null");
	else
		json_quote(j->out, s);
}

void
json_uint(json_t *j, uint64_t n)
{
	char digits[24], *d = digits + sizeof(digits);

	before(j);
	do
		*--d = (char)('0' + n % 10);
	while ((n /= 10) != 0);
	strbuf_add(j->out, d, (size_t)(digits + sizeof(digits) - d));
}

void
json_null(json_t *j)
{
	before(j);
	strbuf_adds(j->out, "null");
}

void
json_bool(json_t *j, bool b)
{
	before(j);
	strbuf_adds(j->out, b ? "true" : "false");
}
