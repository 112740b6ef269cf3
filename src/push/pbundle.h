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

/*
 * targets.json spells these as push_*_names[] do; anything else there
 * makes the device malformed.
 */
typedef enum {
	PUSH_TR_SSH,		/* the interactive CLI */
	PUSH_TR_SSH_EXEC,	/* the bundle's scripts, each on an exec channel */
	PUSH_TR_NETCONF,
	PUSH_TR_RENDER_ONLY	/* rendered for review, never pushed */
} push_transport_t;

typedef enum {
	PUSH_AUTH_KEY,		/* key_file, or the agent and default keys */
	PUSH_AUTH_AGENT,
	PUSH_AUTH_PASSWORD	/* from the variable password_env names */
} push_auth_t;

/* In push order: where a mirror is delivered first, its sources last. */
typedef enum {
	PUSH_STAGE_DESTINATION,
	PUSH_STAGE_TRANSIT,
	PUSH_STAGE_SOURCE,
	PUSH_NSTAGES
} push_stage_t;

extern const char *const push_transport_names[];
extern const char *const push_auth_names[];
extern const char *const push_stage_names[];

typedef struct push_target {
	char		*name;
	char		*vendor;
	push_stage_t	 stage;
	push_transport_t transport;
	char		*host;		/* NULL: the inventory gave no mgmt */
	uint32_t	 port;
	char		*username;	/* NULL: the local user */
	push_auth_t	 auth;
	char		*key_file;
	char		*password_env;
	char		*ext;
	push_text_t	 intended, rollback, state, expected;
	/* what the device was read to hold when the bundle was rendered */
	push_text_t	 observed;
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
