/*
 * verify: proves from captured frames that each DC's traffic reaches the
 * sensor the way the guide requires: both directions, on the capture port,
 * not still wrapped in ERSPAN, GRE or VXLAN, and not twice.  The analysis
 * sees raw Ethernet frames only; capture.c feeds it from libpcap.
 */
#ifndef SG_VERIFY_H
#define SG_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/sg_err.h"
#include "util/strbuf.h"

typedef struct verify verify_t;

/*
 * A verifier for the DCs at these addresses (IPv4 or IPv6 text).
 * SG_EINVAL names an address that does not parse.  Free with verify_free().
 */
int	verify_new(verify_t **out, const char *const *dcs, size_t ndcs,
	    sg_err_t *err);
void	verify_free(verify_t *v);
/*
 * The MTU of the link the frames were captured on, when it is known: a
 * frame longer than it carries was merged on the way (GRO).  Without it,
 * only frames longer than a jumbo frame are.
 */
void	verify_set_link_mtu(verify_t *v, size_t mtu);
/*
 * One captured frame: caplen bytes of a frame of len bytes, captured at
 * usec microseconds.  Truncated or malformed frames are counted, never
 * trusted beyond caplen.
 */
void	verify_frame(verify_t *v, const uint8_t *frame, size_t caplen,
	    size_t len, uint64_t usec);
/*
 * A DC passes only with at least n frames in each direction (default 1):
 * a timer's capture asks for enough to tell a working mirror.
 */
void	verify_set_min_frames(verify_t *v, uint64_t n);
/* true when every DC passes. */
bool	verify_passed(const verify_t *v);
/* The report; source describes where the frames came from. */
void	verify_format_text(strbuf_t *out, const verify_t *v,
	    const char *source);
void	verify_format_json(strbuf_t *out, const verify_t *v,
	    const char *source);
/*
 * The result as Prometheus gauges (per DC: passed, frames each way, each
 * protocol seen), checked being when the capture ended.
 */
void	verify_format_metrics(strbuf_t *out, const verify_t *v,
	    const char *source, long checked);

#endif
