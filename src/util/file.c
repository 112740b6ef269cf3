/* file: see file.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/file.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"

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

int
file_dir_writable(const char *path, const char *what, sg_err_t *err)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	const char *d = ".";
	struct stat st;
	int rc = 0;

	if (slash == dir)
		d = "/";
	else if (slash != NULL) {
		*slash = '\0';
		d = dir;
	}
	if (stat(d, &st) != 0 || !S_ISDIR(st.st_mode))
		rc = sg_err_set(err, SG_EIO, "%s: the directory %s does not "
		    "exist", what, d);
	else if (access(d, W_OK) != 0)
		rc = sg_err_set(err, SG_EIO, "%s: the directory %s is not "
		    "writable", what, d);
	free(dir);
	return rc;
}

int
file_replace(const char *path, const char *data, size_t len, sg_err_t *err)
{
	char tmp[4200], *dir, *slash;
	size_t done = 0;
	ssize_t n;
	int fd, dfd, rc = 0;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp.XXXXXX", path) >=
	    sizeof(tmp))
		return sg_err_set(err, SG_EIO, "%s: the path is too long",
		    path);
	/* a fresh name, created here: never a file or link put there first */
	if ((fd = mkstemp(tmp)) < 0)
		return sg_err_set(err, SG_EIO, "%s: %s", tmp, strerror(errno));
	while (done < len && (n = write(fd, data + done, len - done)) > 0)
		done += (size_t)n;
	if (done < len || fchmod(fd, 0644) != 0 || fsync(fd) != 0)
		rc = sg_err_set(err, SG_EIO, "%s: %s", tmp, strerror(errno));
	if (close(fd) != 0 && rc == 0)
		rc = sg_err_set(err, SG_EIO, "%s: %s", tmp, strerror(errno));
	if (rc == 0 && rename(tmp, path) != 0)
		rc = sg_err_set(err, SG_EIO, "%s: %s", path, strerror(errno));
	if (rc != 0) {
		(void)unlink(tmp);
		return rc;
	}
	/* the rename itself survives a crash once its directory is synced */
	dir = xstrdup(path);
	slash = strrchr(dir, '/');
	if (slash == dir)
		dir[1] = '\0';
	else if (slash != NULL)
		*slash = '\0';
	if ((dfd = open(slash != NULL ? dir : ".", O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) >= 0) {
		(void)fsync(dfd);
		(void)close(dfd);
	}
	free(dir);
	return 0;
}
