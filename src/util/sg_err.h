/*
 * sg_err: one error code plus a one-line message, set where a problem is
 * found and passed up unchanged.  The first message wins, so the caller sees
 * the cause rather than the last "failed to" on the way out.
 */
#ifndef SG_ERR_H
#define SG_ERR_H

#include <stddef.h>

enum {
	SG_OK = 0,
	SG_EINVAL = -1,		/* bad input: inventory, descriptor, argument */
	SG_EIO = -2,		/* a file or directory could not be read or written */
	SG_ETOOBIG = -3,	/* a size limit was reached */
	SG_EAUTH = -4,		/* authentication or host key refused */
	SG_ETIMEOUT = -5,	/* a device did not answer in time */
	SG_EDEVICE = -6,	/* a device refused a command or payload */
	SG_ENOTFOUND = -7,	/* a named object does not exist */
	SG_EINTR = -8,		/* stopped by a signal before it was done */
};

#define SG_ERR_MSGMAX 1024

typedef struct sg_err {
	int	 code;
	char	 msg[SG_ERR_MSGMAX];
} sg_err_t;

#define SG_ERR_INIT { 0, { 0 } }

/*
 * Records code and message unless a message is already set, and returns
 * code, so a caller can write "return sg_err_set(err, SG_EIO, ...)".
 * err may be NULL.
 */
int	sg_err_set(sg_err_t *err, int code, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
void	sg_err_clear(sg_err_t *err);

#endif
