/*
 * vendor: platform descriptors loaded from vendors/NAME.yaml (docs/vendors.md).
 * A descriptor is data: what a platform can mirror, its limits, its
 * interface names, its transports and CLI dialect.  The planner and
 * renderer read capabilities and limits from here, never from vendor names.
 */
#ifndef SG_VENDOR_H
#define SG_VENDOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"
#include "util/ranges.h"
#include "util/sg_err.h"

enum vendor_cap {
	VENDOR_CAN_SPAN			= 1u << 0,
	VENDOR_CAN_RSPAN_SOURCE		= 1u << 1,
	VENDOR_CAN_RSPAN_TRANSIT	= 1u << 2,
	VENDOR_CAN_RSPAN_DESTINATION	= 1u << 3,
	VENDOR_CAN_ERSPAN_SOURCE	= 1u << 4,
	VENDOR_CAN_ERSPAN_TERMINATION	= 1u << 5,
	VENDOR_CAN_VSWITCH_MIRROR	= 1u << 6,
	VENDOR_CAN_VSWITCH_REMOTE	= 1u << 7,
	VENDOR_CAN_ERSPAN_ID		= 1u << 8,	/* sends the id decaps match */
	VENDOR_CAN_AFFINITY_RULE	= 1u << 9,	/* templates render the rule */
};
#define VENDOR_NCAPS	10

/*
 * ERSPAN encapsulations, in the order the planner prefers them: type II
 * is what every decapsulator spangen knows takes.  Plain GRE carries no
 * ERSPAN header, so no session id.
 */
enum vendor_erspan_type {
	VENDOR_ERSPAN_II	= 1u << 0,	/* "erspan2" */
	VENDOR_ERSPAN_III	= 1u << 1,	/* "erspan3" */
	VENDOR_ERSPAN_GRE	= 1u << 2,	/* "gre" */
};
#define VENDOR_NERSPAN_TYPES	3

typedef enum { VENDOR_SWITCH, VENDOR_VSWITCH, VENDOR_HOST } vendor_kind_t;

enum vendor_transport {
	VENDOR_TR_SSH		= 1u << 0,
	VENDOR_TR_NETCONF	= 1u << 1,
	VENDOR_TR_SSH_EXEC	= 1u << 2,
	VENDOR_TR_RENDER_ONLY	= 1u << 3,
};
#define VENDOR_NTRANSPORTS	4

typedef enum {
	VENDOR_COMMIT_CONFIRMED, VENDOR_COMMIT_REVERT_TIMER,
	VENDOR_COMMIT_CONFIG_SESSION, VENDOR_COMMIT_CHECKPOINT,
	VENDOR_COMMIT_CHECKPOINT_AUTO, VENDOR_COMMIT_ATOMIC,
	VENDOR_COMMIT_IMMEDIATE, VENDOR_COMMIT_MANUAL
} vendor_commit_t;

/*
 * The CLI dialect push types and reads back over ssh.  A descriptor names
 * it (cli.dialect), so a new platform that speaks one of these needs no
 * code; without one its CLI configuration renders for review only.
 */
typedef enum {
	VENDOR_DIALECT_NONE, VENDOR_DIALECT_IOSXE, VENDOR_DIALECT_NXOS,
	VENDOR_DIALECT_EOS, VENDOR_DIALECT_AOSCX
} vendor_dialect_t;

typedef struct vendor_speed {
	const char	*prefix;
	uint32_t	 mbps;
} vendor_speed_t;

typedef struct vendor_cli {
	vendor_dialect_t dialect;
	const char	*prompt;
	const char	*config_prompt;
	const char	*paging_off;
	const char	*enable;		/* NULL: none */
	const char	*config_enter;
	const char	*config_leave;
	const char	*save;			/* NULL: none */
	const char	**errors;		/* nerrors regexes */
	size_t		 nerrors;
} vendor_cli_t;

typedef struct vendor_uncertain {
	const char	*field;
	const char	*why;
} vendor_uncertain_t;

typedef struct vendor vendor_t;

struct vendor {
	const char		*name;
	const char		*title;
	const char		*reference;
	const char		*file;
	vendor_kind_t		 kind;
	unsigned int		 caps;		/* VENDOR_CAN_* */
	/* VENDOR_ERSPAN_*: what its templates send and terminate */
	unsigned int		 erspan_sends;
	unsigned int		 erspan_terminates;
	struct {
		uint32_t	 sessions;	/* 0: no known limit */
		uint32_t	 source_sessions;
		uint32_t	 sources_per_session;
		uint32_t	 directions;
		ranges_t	 session_ids;
		ranges_t	 erspan_ids;
		ranges_t	 rspan_vlans;
	} limits;
	const char		*port_pattern;
	const char		*lag_pattern;	/* NULL: no LAG names */
	const char		*port_example;
	uint32_t		 default_mbps;
	vendor_speed_t		*speeds;
	size_t			 nspeeds;
	unsigned int		 transports;	/* VENDOR_TR_* */
	/* as listed: the first is a device's transport unless it names one */
	unsigned char		 transport_order[VENDOR_NTRANSPORTS];
	size_t			 ntransport_order;
	vendor_commit_t		 commit;
	const char		*unsafe_chars;	/* refused in values; "" none */
	bool			 has_cli;
	vendor_cli_t		 cli;
	vendor_uncertain_t	*uncertain;
	size_t			 nuncertain;
	struct vendor_regex	*re;		/* compiled patterns */
};

typedef struct vendor_set vendor_set_t;

/*
 * Loads every *.yaml in dir, in name order.  Problems in a descriptor are
 * added to dl (positions name the descriptor file) and that descriptor is
 * left out; SG_EINVAL is returned when any descriptor had an error, SG_EIO
 * when dir cannot be read.  The set is returned even on SG_EINVAL so the
 * valid descriptors stay usable.  Free with vendor_set_free().
 */
int		 vendor_set_load(vendor_set_t **out, const char *dir,
		    diag_list_t *dl, sg_err_t *err);
/* Loads the set from the data directory (see util/datadir.h). */
int		 vendor_set_load_default(vendor_set_t **out, diag_list_t *dl,
		    sg_err_t *err);
void		 vendor_set_free(vendor_set_t *vs);
size_t		 vendor_set_count(const vendor_set_t *vs);
/* Borrowed; valid until vendor_set_free(). */
const vendor_t	*vendor_set_at(const vendor_set_t *vs, size_t i);
const vendor_t	*vendor_set_find(const vendor_set_t *vs, const char *name);
/* Comma-separated names, for hints; borrowed. */
const char	*vendor_set_names(const vendor_set_t *vs);

bool		 vendor_port_ok(const vendor_t *v, const char *port);
bool		 vendor_lag_ok(const vendor_t *v, const char *port);
/* Speed of a port the inventory does not list, by name prefix. */
uint32_t	 vendor_port_mbps(const vendor_t *v, const char *port);
/* The first character of s in the vendor's unsafe set, or '\0'. */
char		 vendor_unsafe_char(const vendor_t *v, const char *s);
bool		 vendor_is_uncertain(const vendor_t *v, const char *field);

/* Names in the order of the VENDOR_CAN_* / VENDOR_TR_* bits. */
extern const char *const vendor_cap_names[VENDOR_NCAPS];
extern const char *const vendor_transport_names[VENDOR_NTRANSPORTS];
/* "erspan2", "erspan3", "gre", in the order of the VENDOR_ERSPAN_* bits */
extern const char *const vendor_erspan_type_names[VENDOR_NERSPAN_TYPES];
/* The name of one VENDOR_ERSPAN_* bit; NULL for anything else. */
const char	*vendor_erspan_type_name(unsigned int type);
/* "erspan2, gre" for the types in mask; "none" for none.  Borrowed from buf. */
const char	*vendor_erspan_types(unsigned int mask, char *buf, size_t size);
extern const char *const vendor_commit_names[];
extern const char *const vendor_kind_names[];
/* "iosxe", ...: the name of dialect d is vendor_dialect_names[d - 1]. */
extern const char *const vendor_dialect_names[];

#endif
