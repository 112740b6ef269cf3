/*
 * netconf: a NETCONF client (RFC 6241) over the SSH "netconf" subsystem
 * (RFC 6242), on libxml2 and transport/ssh.h.  libxml2 is included only in
 * netconf.c; nothing here exposes its types.
 *
 * A session offers base:1.0 and base:1.1 in its hello and uses chunked
 * framing when the server offers base:1.1 too.  One RPC is in flight at a
 * time.  Replies are parsed without network access, DTDs or entity
 * expansion; a document with a DOCTYPE is refused.
 *
 * Errors: SG_EIO when the connection drops or a message is not NETCONF,
 * SG_ETIMEOUT when a reply does not come, SG_ETOOBIG for a message over the
 * limit, SG_EINVAL for malformed XML we were asked to send, SG_EDEVICE when
 * the device answers with an <rpc-error> (or lacks a needed capability).
 * An <rpc-error> becomes one line: "<device>: <operation>: <error-tag>
 * [at <error-path>]: <error-message>", plus "lock held by session N" for
 * lock-denied and the bad element when the device names it; the whole reply
 * is in the log.  After SG_EIO, SG_ETIMEOUT or a framing error the session
 * is unusable and every later call repeats the error.
 */
#ifndef SG_NETCONF_H
#define SG_NETCONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "transport/ssh.h"
#include "util/sg_err.h"
#include "util/strbuf.h"

#define NETCONF_BASE_NS		"urn:ietf:params:xml:ns:netconf:base:1.0"
#define NETCONF_BASE_1_0	"urn:ietf:params:netconf:base:1.0"
#define NETCONF_BASE_1_1	"urn:ietf:params:netconf:base:1.1"
#define NETCONF_CAP_CANDIDATE \
	"urn:ietf:params:netconf:capability:candidate:1.0"
#define NETCONF_CAP_CONFIRMED_1_0 \
	"urn:ietf:params:netconf:capability:confirmed-commit:1.0"
#define NETCONF_CAP_CONFIRMED_1_1 \
	"urn:ietf:params:netconf:capability:confirmed-commit:1.1"
#define NETCONF_CAP_VALIDATE_1_0 \
	"urn:ietf:params:netconf:capability:validate:1.0"
#define NETCONF_CAP_VALIDATE_1_1 \
	"urn:ietf:params:netconf:capability:validate:1.1"
#define NETCONF_CAP_ROLLBACK_ON_ERROR \
	"urn:ietf:params:netconf:capability:rollback-on-error:1.0"
#define NETCONF_CAP_WRITABLE_RUNNING \
	"urn:ietf:params:netconf:capability:writable-running:1.0"

/* The default limit on one message, in either direction. */
#define NETCONF_MESSAGE_MAX	(16u * 1024 * 1024)
/* netconf_canon() refuses larger documents. */
#define NETCONF_CANON_MAX	(64u * 1024 * 1024)

typedef struct netconf netconf_t;

typedef enum {
	NETCONF_RUNNING,
	NETCONF_CANDIDATE,
	NETCONF_STARTUP
} netconf_ds_t;

/* <default-operation> of an edit-config. */
typedef enum {
	NETCONF_MERGE,
	NETCONF_REPLACE,
	NETCONF_NONE
} netconf_defop_t;

typedef struct netconf_opts {
	FILE	*log;		/* every message both ways; NULL: none */
	bool	 base10_only;	/* offer only base:1.0 ("]]>]]>" framing) */
	size_t	 max_message;	/* 0: NETCONF_MESSAGE_MAX */
	int	 timeout_s;	/* silence allowed while waiting; 0: 60 */
} netconf_opts_t;

#define NETCONF_OPTS_INIT { NULL, false, 0, 0 }

/*
 * Connects to t (see ssh_conn_open() for the host-key policy and its
 * errors), starts the netconf subsystem and exchanges hellos.  opts may be
 * NULL.  Free with netconf_free().
 */
int	netconf_open(netconf_t **out, const ssh_target_t *t,
	    const netconf_opts_t *opts, sg_err_t *err);
/*
 * Drops the connection without a <close-session> (the server sees a
 * broken session, as after a network failure).  NULL is a no-op.
 */
void	netconf_free(netconf_t *nc);

/*
 * Whether the server's hello lists cap, exactly or followed by "?" and
 * parameters ("urn:...:url:1.0?scheme=file" has "urn:...:url:1.0").
 */
bool	netconf_has(const netconf_t *nc, const char *cap);
/* The server's capabilities in hello order; borrowed until netconf_free(). */
size_t	netconf_ncaps(const netconf_t *nc);
const char *netconf_cap(const netconf_t *nc, size_t i);
/* The session-id from the server's hello. */
uint32_t netconf_session_id(const netconf_t *nc);
/* Whether the session uses base:1.1 chunked framing. */
bool	netconf_chunked(const netconf_t *nc);

/*
 * Sends one operation (the XML of one element, e.g. "<get-config>...
 * </get-config>"; unprefixed names are in the NETCONF namespace) inside an
 * <rpc> with the next message-id, and waits for the reply with that id;
 * other messages are logged and skipped.  On success, when data is not
 * NULL, appends the elements in the reply's <data> (or, for a reply with
 * neither <ok/> nor <data>, the elements in the reply) in the canonical
 * form of netconf_canon(), each with the namespace declarations it needs,
 * so the text diffs directly against a canonical payload.  SG_EDEVICE for
 * an <rpc-error>.
 */
int	netconf_rpc(netconf_t *nc, const char *op, strbuf_t *data,
	    sg_err_t *err);
/* netconf_rpc() in two halves, for callers that do something in between. */
int	netconf_rpc_send(netconf_t *nc, const char *op, uint32_t *msgid,
	    sg_err_t *err);
int	netconf_rpc_wait(netconf_t *nc, uint32_t msgid, strbuf_t *data,
	    sg_err_t *err);

int	netconf_lock(netconf_t *nc, netconf_ds_t target, sg_err_t *err);
int	netconf_unlock(netconf_t *nc, netconf_ds_t target, sg_err_t *err);
/*
 * Appends the configuration in source to out (see netconf_rpc() for the
 * form), limited to filter when it is not NULL: the XML of a subtree
 * filter, e.g. "<configuration xmlns=\"...\"><forwarding-options/>
 * </configuration>".  SG_ETOOBIG when out reaches its limit.
 */
int	netconf_get_config(netconf_t *nc, netconf_ds_t source,
	    const char *filter, strbuf_t *out, sg_err_t *err);
/*
 * Loads config into target.  config is a rendered payload: an XML document
 * whose root element is the configuration (<configuration>, <native>, ...)
 * or a <config> element in the NETCONF namespace; comments and the XML
 * declaration around the root are dropped.  SG_EINVAL when it is not
 * well-formed.  With :rollback-on-error the device is asked to undo a
 * partial edit.
 */
int	netconf_edit_config(netconf_t *nc, netconf_ds_t target,
	    const char *config, size_t len, netconf_defop_t defop,
	    sg_err_t *err);
/*
 * Validates source (:validate).  netconfd 2.13 then commits running
 * without the candidate edits made before the validate, so against it a
 * validate belongs after the commit (real devices do not do this).
 */
int	netconf_validate(netconf_t *nc, netconf_ds_t source, sg_err_t *err);
/*
 * Commits the candidate.  confirmed: the device reverts unless a
 * confirming commit follows within confirm_timeout_s seconds (0: the
 * device's default, 600 s in RFC 6241); persist (NULL: none) lets another
 * session confirm or cancel with that id.  Without confirmed, a plain
 * commit, which also confirms this session's pending confirmed commit.
 * SG_EDEVICE when the device lacks :confirmed-commit (or :1.1 for
 * persist).
 */
int	netconf_commit(netconf_t *nc, bool confirmed,
	    unsigned int confirm_timeout_s, const char *persist, sg_err_t *err);
/* Confirms a confirmed commit; persist_id names a persistent one. */
int	netconf_confirm_commit(netconf_t *nc, const char *persist_id,
	    sg_err_t *err);
/* Reverts a pending confirmed commit now (:confirmed-commit:1.1). */
int	netconf_cancel_commit(netconf_t *nc, const char *persist_id,
	    sg_err_t *err);
int	netconf_discard_changes(netconf_t *nc, sg_err_t *err);
/* Ends the session politely; netconf_free() is still needed. */
int	netconf_close_session(netconf_t *nc, sg_err_t *err);

/*
 * Writes a canonical form of the XML document xml to out, for diffs: no
 * XML declaration, comments or processing instructions; whitespace-only
 * text dropped; namespace declarations (sorted by prefix) and attributes
 * (sorted by namespace and name) kept; one element per line, indented by
 * two spaces per level, text-only elements on one line.  Documents that
 * differ only in such whitespace, comments or attribute order give the
 * same bytes.  Input of only whitespace gives "".  SG_EINVAL when xml is
 * not well-formed, uses an undeclared prefix or has a DOCTYPE, SG_ETOOBIG
 * over NETCONF_CANON_MAX or out's limit.
 */
int	netconf_canon(const char *xml, size_t len, strbuf_t *out,
	    sg_err_t *err);

/*
 * For tests and the fuzzer: judges one <rpc-reply> to operation op of
 * device name as netconf_rpc() does, appending its data to data (may be
 * NULL).  SG_EDEVICE with the one-line message for an <rpc-error>,
 * SG_EINVAL when it is not well-formed XML, SG_EIO when it is not an
 * <rpc-reply>.
 */
int	netconf_reply_parse(const char *xml, size_t len, const char *name,
	    const char *op, strbuf_t *data, sg_err_t *err);

#endif
