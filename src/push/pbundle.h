/*
 * pbundle: a rendered bundle as push reads it.  Every file must match its
 * line in MANIFEST and every file must be listed there, so what reaches a
 * device is exactly what was reviewed; targets.json says how to reach each
 * device and in which order.
 */
#ifndef SG_PBUNDLE_H
#define SG_PBUNDLE_H

#include <stddef.h>
#include <stdint.h>

#include "util/sg_err.h"

typedef struct push_text {
	char	*data;		/* NULL: the bundle has no such file */
	size_t	 len;
} push_text_t;

typedef struct push_target {
	char		*name;
	char		*vendor;
	char		*stage;		/* destination, transit or source */
	char		*transport;	/* ssh, ssh-exec or netconf */
	char		*host;		/* NULL: the inventory gave no mgmt */
	uint32_t	 port;
	char		*username;	/* NULL: the local user */
	char		*auth;		/* key, agent or password */
	char		*key_file;
	char		*password_env;
	char		*ext;
	push_text_t	 intended, rollback, state, expected;
} push_target_t;

typedef struct push_bundle {
	char		*dir;
	char		 id[9];		/* short hash of MANIFEST, for names */
	push_target_t	*targets;	/* in push order */
	size_t		 ntargets;
} push_bundle_t;

/*
 * SG_EINVAL when a file differs from MANIFEST, is missing, or is not
 * listed, or targets.json is malformed; SG_EIO when the directory cannot
 * be read.  The message names the file.
 */
int	push_bundle_load(push_bundle_t **out, const char *dir, sg_err_t *err);
void	push_bundle_free(push_bundle_t *b);
/* NULL when no target has that name. */
const push_target_t *push_bundle_find(const push_bundle_t *b,
	    const char *name);

#endif
