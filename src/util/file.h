/*
 * file: whole-file reads with a size limit, the one way spangen reads its
 * inputs (inventories, descriptors, templates); and whole-file
 * replacement for files another program reads while spangen writes them.
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

/*
 * Whether a file can be created at path: its directory exists and is
 * writable.  what names the file in the message ("--metrics FILE").
 */
int	file_dir_writable(const char *path, const char *what, sg_err_t *err);
/*
 * Replaces path with len bytes of data, written to a new file beside it
 * (created by mkstemp, so never one planted there), flushed to disk and
 * renamed over it, so a reader sees the old file or the new one, never
 * half of one.  Mode 0644: a textfile collector runs as another user.
 */
int	file_replace(const char *path, const char *data, size_t len,
	    sg_err_t *err);

#endif
