/*
 * ncframe: a byte-at-a-time state machine for RFC 6242 framing, with fast
 * paths for the bulk of the bytes (memchr for "]]>]]>", memcpy for chunk
 * data).  The message being assembled lives in one strbuf; the input is
 * never copied or buffered here, so a caller can feed straight from its
 * read buffer.
 *
 * Invariants: state is S_IDLE exactly between messages; msg holds the
 * current message's bytes, in end-of-message framing including the "match"
 * bytes of a possible delimiter at its end; ready means a complete message
 * waits in msg for ncframe_take().
 */
#include <assert.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "transport/ncframe.h"
#include "util/xmalloc.h"

#define EOM		"]]>]]>"
#define EOM_LEN		6
#define CHUNK_SIZE_MAX	4294967295ULL	/* RFC 6242: 1..4294967295 */

enum state {
	S_IDLE,		/* between messages */
	S_EOM,		/* end-of-message framing: inside a message */
	S_LF,		/* chunked: expecting the '\n' that opens a header */
	S_HASH,		/* "\n" seen, expecting '#' */
	S_FIRST,	/* "\n#" seen: '#' ends the message, 1-9 a size */
	S_SIZE,		/* in the size digits, or at the '\n' after them */
	S_DATA,		/* in a chunk's data */
	S_END		/* "\n##" seen, expecting '\n' */
};

struct ncframe {
	char		*name;
	size_t		 max;
	ncframe_mode_t	 mode;		/* for the next message */
	enum state	 state;
	strbuf_t	 msg;
	size_t		 match;		/* S_EOM: delimiter bytes ending msg */
	uint64_t	 size;		/* S_SIZE: the value; S_DATA: left */
	size_t		 nchunks;	/* chunks in the current message */
	bool		 ready;
	int		 error;		/* sticky */
	char		 errmsg[SG_ERR_MSGMAX];
};

/* KMP failure function of "]]>]]>": the prefix that is also a suffix. */
static const unsigned char eom_fail[EOM_LEN] = { 0, 1, 0, 1, 2, 3 };

ncframe_t *
ncframe_new(const char *name, size_t max)
{
	ncframe_t *f = xcalloc(1, sizeof(*f));

	f->name = xstrdup(name);
	f->max = max;
	f->mode = NCFRAME_EOM;
	f->state = S_IDLE;
	strbuf_init(&f->msg, 0);
	return f;
}

void
ncframe_free(ncframe_t *f)
{
	if (f == NULL)
		return;
	strbuf_dispose(&f->msg);
	free(f->name);
	free(f);
}

void
ncframe_set_mode(ncframe_t *f, ncframe_mode_t mode)
{
	f->mode = mode;
}

ncframe_mode_t
ncframe_mode(const ncframe_t *f)
{
	return f->mode;
}

/* Records the sticky error and reports it. */
static int
fail(ncframe_t *f, int code, sg_err_t *err, const char *what, int c)
{
	if (c < 0)
		(void)snprintf(f->errmsg, sizeof(f->errmsg), "%s: NETCONF "
		    "framing: %s", f->name, what);
	else if (c >= 0x21 && c < 0x7f)
		(void)snprintf(f->errmsg, sizeof(f->errmsg), "%s: NETCONF "
		    "framing: %s, got '%c'", f->name, what, c);
	else
		(void)snprintf(f->errmsg, sizeof(f->errmsg), "%s: NETCONF "
		    "framing: %s, got byte 0x%02x", f->name, what, c);
	f->error = code;
	return sg_err_set(err, code, "%s", f->errmsg);
}

static int
too_big(ncframe_t *f, sg_err_t *err)
{
	char what[96];

	(void)snprintf(what, sizeof(what), "a message over %zu bytes", f->max);
	return fail(f, SG_ETOOBIG, err, what, -1);
}

/*
 * End-of-message framing.  Bytes are copied to msg as they come, the
 * delimiter included, and the match counter says how much of a delimiter
 * msg ends with; when it reaches six the delimiter is cut off again.
 */
static int
feed_eom(ncframe_t *f, const unsigned char *p, size_t len, size_t *used,
    sg_err_t *err)
{
	const unsigned char *q;
	size_t i = 0, run;
	unsigned char c;

	while (i < len) {
		if (f->match == 0) {
			/* nothing to match until the next ']' */
			q = memchr(p + i, ']', len - i);
			run = q != NULL ? (size_t)(q - (p + i)) : len - i;
			if (f->max != 0 && run > f->max - f->msg.len)
				return too_big(f, err);
			strbuf_add(&f->msg, p + i, run);
			i += run;
			if (q == NULL)
				break;
		}
		c = p[i++];
		while (f->match > 0 && (unsigned char)EOM[f->match] != c)
			f->match = eom_fail[f->match - 1];
		if ((unsigned char)EOM[f->match] == c)
			f->match++;
		strbuf_addc(&f->msg, (char)c);
		if (f->match == EOM_LEN) {
			f->msg.len -= EOM_LEN;
			f->msg.ptr[f->msg.len] = '\0';
			f->match = 0;
			f->state = S_IDLE;
			f->ready = true;
			break;
		}
		if (f->max != 0 && f->msg.len - f->match > f->max)
			return too_big(f, err);
	}
	*used = i;
	return f->ready ? 1 : 0;
}

/* Chunked framing (RFC 6242 section 4.2), one state per header byte. */
static int
feed_chunked(ncframe_t *f, const unsigned char *p, size_t len, size_t *used,
    sg_err_t *err)
{
	size_t i = 0, run;
	unsigned char c;

	while (i < len && !f->ready) {
		if (f->state == S_DATA) {
			run = len - i;
			if ((uint64_t)run > f->size)
				run = (size_t)f->size;
			strbuf_add(&f->msg, p + i, run);
			i += run;
			if ((f->size -= run) == 0)
				f->state = S_LF;
			continue;
		}
		c = p[i++];
		switch (f->state) {
		case S_LF:
			if (c != '\n')
				return fail(f, SG_EINVAL, err, "expected a "
				    "newline before a chunk header", c);
			f->state = S_HASH;
			break;
		case S_HASH:
			if (c != '#')
				return fail(f, SG_EINVAL, err, "expected '#' "
				    "in a chunk header", c);
			f->state = S_FIRST;
			break;
		case S_FIRST:
			if (c == '#') {
				if (f->nchunks == 0)
					return fail(f, SG_EINVAL, err,
					    "end of chunks before the first "
					    "chunk", -1);
				f->state = S_END;
			} else if (c >= '1' && c <= '9') {
				f->size = (uint64_t)(c - '0');
				f->state = S_SIZE;
			} else if (c == '0') {
				return fail(f, SG_EINVAL, err, "a chunk size "
				    "starts with 0", -1);
			} else {
				return fail(f, SG_EINVAL, err, "expected a "
				    "chunk size or '#'", c);
			}
			break;
		case S_SIZE:
			if (c == '\n') {
				if (f->max != 0 && f->size > (uint64_t)(f->max -
				    f->msg.len))
					return too_big(f, err);
				f->nchunks++;
				f->state = S_DATA;
			} else if (c >= '0' && c <= '9') {
				f->size = f->size * 10 + (uint64_t)(c - '0');
				/* also bounds the header to ten digits */
				if (f->size > CHUNK_SIZE_MAX)
					return fail(f, SG_EINVAL, err,
					    "a chunk size over 4294967295", -1);
			} else {
				return fail(f, SG_EINVAL, err, "expected a "
				    "digit or a newline in a chunk size", c);
			}
			break;
		case S_END:
			if (c != '\n')
				return fail(f, SG_EINVAL, err, "expected a "
				    "newline after \"##\"", c);
			f->state = S_IDLE;
			f->ready = true;
			break;
		default:
			assert(!"unreachable framing state");
		}
	}
	*used = i;
	return f->ready ? 1 : 0;
}

int
ncframe_feed(ncframe_t *f, const char *data, size_t len, size_t *used,
    sg_err_t *err)
{
	*used = 0;
	if (f->error != 0)
		return sg_err_set(err, f->error, "%s", f->errmsg);
	if (f->ready)
		return 1;
	if (len == 0)
		return 0;
	if (f->state == S_IDLE) {
		strbuf_reset(&f->msg);
		f->match = 0;
		f->nchunks = 0;
		f->state = f->mode == NCFRAME_EOM ? S_EOM : S_LF;
	}
	if (f->state == S_EOM)
		return feed_eom(f, (const unsigned char *)data, len, used, err);
	return feed_chunked(f, (const unsigned char *)data, len, used, err);
}

char *
ncframe_take(ncframe_t *f, size_t *lenp)
{
	assert(f->ready);
	f->ready = false;
	return strbuf_detach(&f->msg, lenp);
}

int
ncframe_encode(strbuf_t *out, ncframe_mode_t mode, const char *msg,
    size_t len, sg_err_t *err)
{
	size_t off, n;

	if (mode == NCFRAME_EOM) {
		for (off = 0; len >= EOM_LEN && off <= len - EOM_LEN; off++)
			if (msg[off] == ']' && memcmp(msg + off, EOM,
			    EOM_LEN) == 0)
				return sg_err_set(err, SG_EINVAL, "a message "
				    "containing \"]]>]]>\" cannot be sent with "
				    "base:1.0 framing");
		strbuf_add(out, msg, len);
		strbuf_add(out, EOM, EOM_LEN);
	} else {
		/* RFC 6242: 1*chunk end-of-chunks, and a chunk is 1.. bytes */
		if (len == 0)
			return sg_err_set(err, SG_EINVAL, "an empty message "
			    "cannot be sent with base:1.1 framing");
		for (off = 0; off < len; off += n) {
			n = len - off > NCFRAME_CHUNK_MAX ? NCFRAME_CHUNK_MAX :
			    len - off;
			strbuf_addf(out, "\n#%zu\n", n);
			strbuf_add(out, msg + off, n);
		}
		strbuf_add(out, "\n##\n", 4);
	}
	if (strbuf_error(out) != 0)
		return sg_err_set(err, SG_ETOOBIG, "a framed message over %zu "
		    "bytes", out->max);
	return 0;
}
