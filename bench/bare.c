/* bare: see bare.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <yaml.h>

#include "bare.h"

static double
now(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double
bare_yaml_parse(const char *path, size_t *events)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	FILE *fp;
	double t = now();
	int done = 0, ok = 1;

	*events = 0;
	if ((fp = fopen(path, "rb")) == NULL)
		return -1;
	(void)yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, fp);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			ok = 0;
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
		(*events)++;
	}
	yaml_parser_delete(&parser);
	(void)fclose(fp);
	return ok ? now() - t : -1;
}

/* The directories of path that prev (the file before it) did not need. */
static int
make_dirs(const char *root, const char *path, const char *prev)
{
	char dir[8192];
	size_t i;

	for (i = 0; path[i] != '\0'; i++) {
		if (path[i] != '/')
			continue;
		if (prev != NULL && strncmp(prev, path, i + 1) == 0)
			continue;
		(void)snprintf(dir, sizeof(dir), "%s/%.*s", root, (int)i, path);
		if (mkdir(dir, 0755) != 0 && errno != EEXIST)
			return -1;
	}
	return 0;
}

double
bare_write(const bundle_t *b, const char *dir)
{
	char tmp[4200], path[8192];
	double t = now();
	size_t i;
	int fd;

	(void)snprintf(tmp, sizeof(tmp), "%s.tmp-XXXXXX", dir);
	if (mkdtemp(tmp) == NULL)
		return -1;
	for (i = 0; i < b->nfiles; i++) {
		const bundle_file_t *f = &b->files[i];

		if (make_dirs(tmp, f->path, i > 0 ? b->files[i - 1].path :
		    NULL) != 0)
			return -1;
		(void)snprintf(path, sizeof(path), "%s/%s", tmp, f->path);
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
		if (fd < 0 || write(fd, f->data, f->len) != (ssize_t)f->len ||
		    close(fd) != 0)
			return -1;
	}
	if (rename(tmp, dir) != 0)
		return -1;
	return now() - t;
}
