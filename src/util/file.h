/*
 * file: whole-file reads with a size limit, the one way spangen reads its
 * inputs (inventories, descriptors, templates).
 */
#ifndef SG_FILE_H
#define SG_FILE_H

#include <stddef.h>

#include "util/sg_err.h"

/*
 * Reads path into *out (NUL-terminated; free with free()) and its length
 * into *len.  SG_ENOTFOUND, without a message, when the file does not
 * exist; SG_EIO when it cannot be read; SG_ETOOBIG over max bytes.
 */
int	file_read(const char *path, size_t max, char **out, size_t *len,
	    sg_err_t *err);

#endif
