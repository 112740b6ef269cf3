/*
 * capture: frames from a live interface or a pcap file, through libpcap,
 * handed to a verifier.  The only module that includes pcap.h.
 */
#ifndef SG_CAPTURE_H
#define SG_CAPTURE_H

#include "verify/verify.h"
#include "util/sg_err.h"

/*
 * Reads every frame of a pcap or pcapng file.  SG_EIO for a file that
 * cannot be read, SG_EINVAL for one that is not a capture or is cut short.
 */
int	capture_file(verify_t *v, const char *path, sg_err_t *err);
/*
 * Listens on an interface for seconds (promiscuous).  SG_ENOTFOUND for no
 * such interface, SG_EAUTH without the permission to capture.
 */
int	capture_live(verify_t *v, const char *iface, int seconds,
	    sg_err_t *err);

#endif
