/*
 * ncframe: NETCONF message framing over SSH (RFC 6242), without I/O.
 *
 * The decoder takes bytes in any split and yields whole messages.  Both
 * framings are supported: base:1.0 end-of-message ("]]>]]>") and base:1.1
 * chunked ("\n#<size>\n<data>..." ending with "\n##\n").  A session starts
 * in end-of-message framing and switches after the hellos, at a message
 * boundary; the decoder therefore stops consuming input at the end of each
 * message, and the caller feeds the rest after deciding the framing.
 *
 * Framing errors are sticky: once the stream is out of step nothing after
 * it can be trusted, and the session has to be dropped.
 */
#ifndef SG_NCFRAME_H
#define SG_NCFRAME_H

#include <stddef.h>

#include "util/sg_err.h"
#include "util/strbuf.h"

typedef enum {
	NCFRAME_EOM,		/* base:1.0, messages end with "]]>]]>" */
	NCFRAME_CHUNKED		/* base:1.1, RFC 6242 section 4.2 */
} ncframe_mode_t;

/* The largest chunk the encoder writes; a message may have many. */
#define NCFRAME_CHUNK_MAX	(64u * 1024)

typedef struct ncframe ncframe_t;

/*
 * A decoder in end-of-message framing that refuses messages over max
 * bytes (0: no limit).  name labels messages ("sw1").  Free with
 * ncframe_free().
 */
ncframe_t	*ncframe_new(const char *name, size_t max);
void		 ncframe_free(ncframe_t *f);
/* Takes effect for the bytes fed after the current message. */
void		 ncframe_set_mode(ncframe_t *f, ncframe_mode_t mode);
ncframe_mode_t	 ncframe_mode(const ncframe_t *f);

/*
 * Consumes bytes from data until a message is complete or the bytes run
 * out, and stores in *used how many it took.  Returns 1 when a message is
 * complete (take it with ncframe_take() before feeding more), 0 when more
 * input is needed, SG_EINVAL on a framing error and SG_ETOOBIG when the
 * message would exceed the limit; errors repeat on every later call.
 */
int	ncframe_feed(ncframe_t *f, const char *data, size_t len, size_t *used,
	    sg_err_t *err);
/*
 * The complete message (without its framing), NUL-terminated; the caller
 * frees it with free().  Only valid after ncframe_feed() returned 1.
 */
char	*ncframe_take(ncframe_t *f, size_t *lenp);

/*
 * Appends msg to out, framed.  In end-of-message framing a message that
 * contains "]]>]]>" (possible inside an XML comment) cannot be sent and is
 * SG_EINVAL; SG_ETOOBIG when out reaches its limit.
 */
int	ncframe_encode(strbuf_t *out, ncframe_mode_t mode, const char *msg,
	    size_t len, sg_err_t *err);

#endif
