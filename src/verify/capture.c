/*
 * capture: libpcap's errors are turned into spangen's codes here; frames
 * that are not Ethernet are refused up front, since the verifier parses
 * Ethernet only.
 */
#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "verify/capture.h"

static void
feed(u_char *user, const struct pcap_pkthdr *h, const u_char *frame)
{
	verify_frame((verify_t *)user, frame, h->caplen, h->len,
	    (uint64_t)h->ts.tv_sec * 1000000 + (uint64_t)h->ts.tv_usec);
}

static int
check_link(pcap_t *p, const char *what, sg_err_t *err)
{
	if (pcap_datalink(p) == DLT_EN10MB)
		return 0;
	return sg_err_set(err, SG_EINVAL, "%s: link type %s is not Ethernet",
	    what, pcap_datalink_val_to_name(pcap_datalink(p)) != NULL ?
	    pcap_datalink_val_to_name(pcap_datalink(p)) : "unknown");
}

int
capture_file(verify_t *v, const char *path, sg_err_t *err)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	pcap_t *p;
	int rc;

	errbuf[0] = '\0';
	if ((p = pcap_open_offline(path, errbuf)) == NULL)
		return sg_err_set(err, strstr(errbuf, "No such file") != NULL ||
		    strstr(errbuf, "ermission") != NULL ? SG_EIO : SG_EINVAL,
		    "%s: %s", path, errbuf);
	if ((rc = check_link(p, path, err)) == 0 &&
	    pcap_loop(p, -1, feed, (u_char *)v) == PCAP_ERROR)
		/* libpcap says "truncated dump file" for a cut capture */
		rc = sg_err_set(err, SG_EINVAL, "%s: %s", path, pcap_geterr(p));
	pcap_close(p);
	return rc;
}

static int64_t
now_ms(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * The deadline is kept by poll(), not by libpcap's read timeout: with
 * TPACKET_V3 (libpcap's default on Linux) that timeout only hands over a
 * block that holds frames, so on a port that stays quiet a read blocks
 * for ever, and a port that goes quiet after the last frame never reaches
 * the deadline either.  Immediate mode makes libpcap use TPACKET_V2, which
 * hands every frame over as it arrives, so none is left behind in a half
 * filled block when the time is up.
 */
/*
 * The interface's MTU tells verify how long a frame the link can carry;
 * when it cannot be read, verify falls back to a jumbo frame's length.
 */
static void
note_link_mtu(verify_t *v, const char *iface)
{
	struct ifreq ifr;
	int fd;

	if (strlen(iface) >= sizeof(ifr.ifr_name) ||
	    (fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0)
		return;
	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, iface, strlen(iface));
	if (ioctl(fd, SIOCGIFMTU, &ifr) == 0 && ifr.ifr_mtu > 0)
		verify_set_link_mtu(v, (size_t)ifr.ifr_mtu);
	(void)close(fd);
}

int
capture_live(verify_t *v, const char *iface, int seconds, sg_err_t *err)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	int64_t end = now_ms() + (int64_t)seconds * 1000, left;
	struct pollfd pfd;
	pcap_t *p;
	int rc = 0;

	errbuf[0] = '\0';
	note_link_mtu(v, iface);
	if ((p = pcap_create(iface, errbuf)) == NULL)
		return sg_err_set(err, SG_EIO, "%s: %s", iface, errbuf);
	(void)pcap_set_snaplen(p, 65535);
	(void)pcap_set_promisc(p, 1);
	(void)pcap_set_immediate_mode(p, 1);
	switch (pcap_activate(p)) {
	case 0:
	case PCAP_WARNING:
	case PCAP_WARNING_PROMISC_NOTSUP:
		break;
	case PCAP_ERROR_NO_SUCH_DEVICE:
		rc = sg_err_set(err, SG_ENOTFOUND, "%s: no such interface",
		    iface);
		break;
	case PCAP_ERROR_PERM_DENIED:
		rc = sg_err_set(err, SG_EAUTH, "%s: no permission to capture "
		    "(run as root or grant CAP_NET_RAW)", iface);
		break;
	default:
		rc = sg_err_set(err, SG_EIO, "%s: %s", iface, pcap_geterr(p));
	}
	if (rc == 0)
		rc = check_link(p, iface, err);
	if (rc == 0 && (pcap_setnonblock(p, 1, errbuf) != 0 ||
	    (pfd.fd = pcap_get_selectable_fd(p)) < 0))
		rc = sg_err_set(err, SG_EIO, "%s: cannot wait for frames: %s",
		    iface, errbuf[0] != '\0' ? errbuf : "no selectable descriptor");
	pfd.events = POLLIN;
	/* one more round after the deadline takes what arrived meanwhile */
	for (left = 1; rc == 0 && left > 0;) {
		left = end - now_ms();
		if (left > 0 && poll(&pfd, 1, left > INT_MAX ? INT_MAX :
		    (int)left) < 0 && errno != EINTR) {
			rc = sg_err_set(err, SG_EIO, "%s: poll: %s", iface,
			    strerror(errno));
			break;
		}
		if (pcap_dispatch(p, -1, feed, (u_char *)v) < 0)
			rc = sg_err_set(err, SG_EIO, "%s: %s", iface,
			    pcap_geterr(p));
	}
	pcap_close(p);
	return rc;
}
