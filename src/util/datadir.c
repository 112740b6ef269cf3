/* datadir: see datadir.h. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/datadir.h"

static int
join(char *out, size_t outlen, const char *dir, const char *sub,
    sg_err_t *err)
{
	int n;

	n = snprintf(out, outlen, "%s/%s", dir, sub);
	if (n < 0 || (size_t)n >= outlen)
		return sg_err_set(err, SG_ETOOBIG, "%s/%s: path too long", dir,
		    sub);
	return 0;
}

int
datadir_path(char *out, size_t outlen, const char *sub, sg_err_t *err)
{
	char exe[PATH_MAX], dir[PATH_MAX];
	const char *env;
	char *slash;
	struct stat st;
	ssize_t n;

	if ((env = getenv("SPANGEN_DATADIR")) != NULL && *env != '\0')
		return join(out, outlen, env, sub, err);
	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) < 0)
		return sg_err_set(err, SG_ENOTFOUND, "cannot locate the spangen "
		    "binary; set SPANGEN_DATADIR");
	exe[n] = '\0';
	/* strip "/spangen", then the "bin" directory */
	if ((slash = strrchr(exe, '/')) != NULL)
		*slash = '\0';
	if ((slash = strrchr(exe, '/')) != NULL)
		*slash = '\0';
	n = snprintf(dir, sizeof(dir), "%s/share/spangen", exe);
	if (n < 0 || (size_t)n >= sizeof(dir))
		return sg_err_set(err, SG_ETOOBIG, "data directory path too "
		    "long");
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return sg_err_set(err, SG_ENOTFOUND, "no data directory at %s; "
		    "set SPANGEN_DATADIR", dir);
	return join(out, outlen, dir, sub, err);
}
