/*
 * capture: libpcap's errors are turned into spangen's codes here; frames
 * that are not Ethernet are refused up front, since the verifier parses
 * Ethernet only.
 */
#include <pcap/pcap.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/capture.h"

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

int
capture_live(verify_t *v, const char *iface, int seconds, sg_err_t *err)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	time_t end = time(NULL) + seconds;
	pcap_t *p;
	int rc = 0, n;

	errbuf[0] = '\0';
	if ((p = pcap_create(iface, errbuf)) == NULL)
		return sg_err_set(err, SG_EIO, "%s: %s", iface, errbuf);
	(void)pcap_set_snaplen(p, 65535);
	(void)pcap_set_promisc(p, 1);
	(void)pcap_set_timeout(p, 200);
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
	/* dispatch in short rounds so the deadline holds on a quiet port */
	while (rc == 0 && time(NULL) < end)
		if ((n = pcap_dispatch(p, -1, feed, (u_char *)v)) < 0)
			rc = sg_err_set(err, SG_EIO, "%s: %s", iface,
			    pcap_geterr(p));
	pcap_close(p);
	return rc;
}
