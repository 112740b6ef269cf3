/* file: see file.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "util/file.h"
#include "util/strbuf.h"

int
file_read(const char *path, size_t max, char **out, size_t *len,
    sg_err_t *err)
{
	strbuf_t sb = STRBUF_INIT(max);
	char chunk[65536];
	FILE *fp;
	size_t n;
	int rc = 0;

	*out = NULL;
	*len = 0;
	if ((fp = fopen(path, "rb")) == NULL)
		return errno == ENOENT ? SG_ENOTFOUND : sg_err_set(err, SG_EIO,
		    "%s: %s", path, strerror(errno));
	/* stop at the cap: /dev/zero or an endless pipe has no end to wait for */
	while (strbuf_error(&sb) == 0 &&
	    (n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		strbuf_add(&sb, chunk, n);
	if (ferror(fp))
		rc = sg_err_set(err, SG_EIO, "%s: %s", path, strerror(errno));
	else if (strbuf_error(&sb) != 0)
		rc = sg_err_set(err, SG_ETOOBIG, "%s: larger than %zu bytes",
		    path, max);
	(void)fclose(fp);
	if (rc == 0)
		*out = strbuf_detach(&sb, len);
	strbuf_dispose(&sb);
	return rc;
}
