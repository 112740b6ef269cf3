/*
 * bare: the machine's limits that bench/render.sh and bench/run.sh compare
 * spangen with, doing only what cannot be left out: reading every YAML
 * event of a file and keeping nothing, and writing a bundle's files into a
 * fresh directory and renaming it into place.
 */
#ifndef SG_BENCH_BARE_H
#define SG_BENCH_BARE_H

#include <stddef.h>

#include "render/bundle.h"

/* Seconds to read every libyaml event of path; -1 when it does not parse. */
double	bare_yaml_parse(const char *path, size_t *events);
/*
 * Seconds to write b's files into dir.tmp-XXXXXX (open, write, close, and
 * mkdir once per new directory) and rename that to dir; -1 on error.
 */
double	bare_write(const bundle_t *b, const char *dir);

#endif
