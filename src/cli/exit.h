/*
 * Exit statuses, as spangen(1) (docs/spangen.1) and docs/push.md list
 * them.  Scripts test for them, so a released meaning never changes.
 */
#ifndef SG_EXIT_H
#define SG_EXIT_H

#define EXIT_OK		0	/* success; push --dry-run: nothing to change */
#define EXIT_FAIL	1	/* errors in the input or plan, a device refused */
#define EXIT_USAGE	2	/* bad command line */
#define EXIT_CHANGES	3	/* push --dry-run found changes to make */
#define EXIT_UNREAD	3	/* status: a device could not be read */

#endif
