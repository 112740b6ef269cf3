/*
 * bare_yaml: reads every libyaml event of a file and keeps nothing, the
 * floor bench/run.sh compares `spangen plan --json` with as a process.
 *
 * usage: bare_yaml FILE
 */
#include <stdio.h>

#include "bare.h"

int
main(int argc, char **argv)
{
	size_t events;
	double t;

	if (argc != 2) {
		(void)fprintf(stderr, "usage: bare_yaml FILE\n");
		return 2;
	}
	if ((t = bare_yaml_parse(argv[1], &events)) < 0) {
		(void)fprintf(stderr, "bare_yaml: %s does not parse\n", argv[1]);
		return 1;
	}
	(void)printf("%zu events in %.4f s\n", events, t);
	return 0;
}
