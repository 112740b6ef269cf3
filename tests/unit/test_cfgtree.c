/*
 * cfgtree: the managed part of running configs of the four CLI dialects
 * before and after spangen's lines, compared as exact text and as the
 * read-back compares them (every printed spelling of one state); the per-session
 * summary; and, over every golden bundle, that a second push changes
 * nothing and the rollback gives back what was there.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "push/cfgtree.h"
#include "testutil.h"

struct preview {
	int		 rc;
	sg_err_t	 err;
	strbuf_t	 before;
	strbuf_t	 after;
};

static void
preview(struct preview *p, cfg_dialect_t d, const char *running,
    const char *lines)
{
	sg_err_clear(&p->err);
	strbuf_init(&p->before, 0);
	strbuf_init(&p->after, 0);
	p->rc = cfg_preview(d, running, strlen(running), lines, strlen(lines),
	    &p->before, &p->after, &p->err);
}

static void
preview_dispose(struct preview *p)
{
	strbuf_dispose(&p->before);
	strbuf_dispose(&p->after);
}

/* cfg_semantic() of two texts, as one string (free it). */
static char *
semantic(cfg_dialect_t d, const char *before, const char *after, size_t *n)
{
	strbuf_t sb = STRBUF_INIT(0);

	*n = cfg_semantic(d, before, strlen(before), after, strlen(after),
	    &sb);
	strbuf_adds(&sb, "");
	return strbuf_detach(&sb, NULL);
}

/* ---- Cisco IOS XE: an access switch, pushed, pushed again, rolled back */

static const char iosxe_running[] =
    "Building configuration...\n"
    "\n"
    "Current configuration : 2345 bytes\n"
    "!\n"
    "! Last configuration change at 10:00:00 UTC Mon Jan 1 2024\n"
    "!\n"
    "version 17.9\n"
    "hostname acc1\n"
    "!\n"
    "vlan 10\n"
    " name users\n"
    "!\n"
    "interface GigabitEthernet1/0/5\n"
    " switchport access vlan 10\n"
    "!\n"
    "interface TenGigabitEthernet1/1/1\n"
    " description uplink\n"
    " switchport trunk allowed vlan 1-899\n"
    " switchport mode trunk\n"
    "!\n"
    "monitor session 1 source interface GigabitEthernet1/0/9 both\n"
    "monitor session 1 destination interface GigabitEthernet1/0/47\n"
    "!\n"
    "end\n";

static const char iosxe_intended[] =
    "! spangen 0.1.0: port mirroring for acc1\n"
    "vlan 901\n"
    " remote-span\n"
    " exit\n"
    "interface TenGigabitEthernet1/1/1\n"
    " switchport trunk allowed vlan add 901\n"
    " exit\n"
    "! spangen: DC01 to S1\n"
    "no monitor session 2\n"
    "monitor session 2 source interface GigabitEthernet1/0/5 both\n"
    "monitor session 2 destination interface GigabitEthernet1/0/48\n";

static const char iosxe_rollback[] =
    "! spangen 0.1.0: rollback of port mirroring for acc1\n"
    "no monitor session 2\n"
    "interface TenGigabitEthernet1/1/1\n"
    " switchport trunk allowed vlan remove 901\n"
    " exit\n"
    "no vlan 901\n";

static const char iosxe_before[] =
    "interface TenGigabitEthernet1/1/1\n"
    " description uplink\n"
    " switchport trunk allowed vlan 1-899\n"
    " switchport mode trunk\n";

static const char iosxe_after[] =
    "interface TenGigabitEthernet1/1/1\n"
    " description uplink\n"
    " switchport trunk allowed vlan 1-899,901\n"
    " switchport mode trunk\n"
    "vlan 901\n"
    " remote-span\n"
    "monitor session 2 source interface GigabitEthernet1/0/5 both\n"
    "monitor session 2 destination interface GigabitEthernet1/0/48\n";

/* What the switch prints once the lines are in (its own order). */
static const char iosxe_running_after[] =
    "Building configuration...\n"
    "\n"
    "Current configuration : 2400 bytes\n"
    "!\n"
    "version 17.9\n"
    "hostname acc1\n"
    "!\n"
    "vlan 10\n"
    " name users\n"
    "!\n"
    "vlan 901\n"
    " remote-span\n"
    "!\n"
    "interface GigabitEthernet1/0/5\n"
    " switchport access vlan 10\n"
    "!\n"
    "interface TenGigabitEthernet1/1/1\n"
    " description uplink\n"
    " switchport trunk allowed vlan 1-899,901\n"
    " switchport mode trunk\n"
    "!\n"
    "monitor session 1 source interface GigabitEthernet1/0/9 both\n"
    "monitor session 1 destination interface GigabitEthernet1/0/47\n"
    "monitor session 2 destination interface GigabitEthernet1/0/48\n"
    "monitor session 2 source interface GigabitEthernet1/0/5 both\n"
    "!\n"
    "end\n";

static const char iosxe_managed_after[] =
    "vlan 901\n"
    " remote-span\n"
    "interface TenGigabitEthernet1/1/1\n"
    " description uplink\n"
    " switchport trunk allowed vlan 1-899,901\n"
    " switchport mode trunk\n"
    "monitor session 2 destination interface GigabitEthernet1/0/48\n"
    "monitor session 2 source interface GigabitEthernet1/0/5 both\n";

static void
test_cfgtree__iosxe_intended_shows_trunk_vlan_and_sessions(void **state)
{
	struct preview p;
	size_t n;
	char *s;

	(void)state;
	preview(&p, CFG_IOSXE, iosxe_running, iosxe_intended);
	assert_int_equal(p.rc, 0);
	/* session 1 and the access port are not spangen's business */
	assert_string_equal(strbuf_str(&p.before), iosxe_before);
	assert_string_equal(strbuf_str(&p.after), iosxe_after);
	s = semantic(CFG_IOSXE, strbuf_str(&p.before), strbuf_str(&p.after),
	    &n);
	assert_string_equal(s,
	    "trunk TenGigabitEthernet1/1/1: allow vlan 901\n"
	    "vlan 901: add remote-span\n"
	    "session 2: add: source interface GigabitEthernet1/0/5 both; "
	    "destination interface GigabitEthernet1/0/48\n");
	assert_int_equal(n, 3);
	free(s);
	preview_dispose(&p);
}

static void
test_cfgtree__second_push_changes_nothing(void **state)
{
	struct preview p;
	size_t n;
	char *s;

	(void)state;
	preview(&p, CFG_IOSXE, iosxe_running_after, iosxe_intended);
	assert_int_equal(p.rc, 0);
	/* removed and entered again, the session lines keep their places */
	assert_string_equal(strbuf_str(&p.before), iosxe_managed_after);
	assert_string_equal(strbuf_str(&p.after), iosxe_managed_after);
	s = semantic(CFG_IOSXE, strbuf_str(&p.before), strbuf_str(&p.after),
	    &n);
	assert_int_equal(n, 0);
	assert_string_equal(s, "");
	free(s);
	preview_dispose(&p);

	/* the canonical "after" text reads back as a running config */
	preview(&p, CFG_IOSXE, iosxe_after, iosxe_intended);
	assert_int_equal(p.rc, 0);
	assert_string_equal(strbuf_str(&p.before), iosxe_after);
	assert_string_equal(strbuf_str(&p.after), iosxe_after);
	preview_dispose(&p);
}

static void
test_cfgtree__rollback_gives_back_the_managed_part(void **state)
{
	struct preview p;
	size_t n;
	char *s;

	(void)state;
	preview(&p, CFG_IOSXE, iosxe_running_after, iosxe_rollback);
	assert_int_equal(p.rc, 0);
	assert_string_equal(strbuf_str(&p.before), iosxe_managed_after);
	assert_string_equal(strbuf_str(&p.after), iosxe_before);
	s = semantic(CFG_IOSXE, strbuf_str(&p.before), strbuf_str(&p.after),
	    &n);
	assert_string_equal(s,
	    "vlan 901: remove\n"
	    "trunk TenGigabitEthernet1/1/1: stop allowing vlan 901\n"
	    "session 2: remove\n");
	assert_int_equal(n, 3);
	free(s);
	preview_dispose(&p);
}

static void
test_cfgtree__extra_source_on_the_device_shows_then_goes(void **state)
{
	strbuf_t running = STRBUF_INIT(0);
	struct preview p;
	size_t n;
	char *s;

	(void)state;
	strbuf_adds(&running, iosxe_running_after);
	strbuf_adds(&running, "monitor session 2 source interface "
	    "GigabitEthernet1/0/6 rx\n");
	preview(&p, CFG_IOSXE, strbuf_str(&running), iosxe_intended);
	assert_int_equal(p.rc, 0);
	assert_non_null(strstr(strbuf_str(&p.before), "monitor session 2 "
	    "source interface GigabitEthernet1/0/6 rx\n"));
	assert_string_equal(strbuf_str(&p.after), iosxe_managed_after);
	s = semantic(CFG_IOSXE, strbuf_str(&p.before), strbuf_str(&p.after),
	    &n);
	assert_string_equal(s, "session 2: remove: source interface "
	    "GigabitEthernet1/0/6 rx\n");
	assert_int_equal(n, 1);
	free(s);
	preview_dispose(&p);
	strbuf_dispose(&running);
}

static void
test_cfgtree__iosxe_erspan_blocks_nest_and_exit(void **state)
{
	static const char lines[] =
	    "no monitor session 1\n"
	    "monitor session 1 type erspan-source\n"
	    " description spangen: DC3 to S3\n"
	    " source interface GigabitEthernet1/0/1 both\n"
	    " no shutdown\n"
	    " destination\n"
	    "  erspan-id 100\n"
	    "  ip address 198.51.100.4\n"
	    "  exit\n"
	    " exit\n";
	static const char running[] =
	    "monitor session 1 type erspan-source\n"
	    " description old\n"
	    " source interface GigabitEthernet1/0/1 both\n"
	    " no shutdown\n"
	    " destination\n"
	    "  erspan-id 100\n"
	    "  ip address 198.51.100.9\n"
	    "interface GigabitEthernet1/0/1\n"
	    " shutdown\n";
	struct preview p;
	size_t n;
	char *s;

	(void)state;
	preview(&p, CFG_IOSXE, running, lines);
	assert_int_equal(p.rc, 0);
	assert_string_equal(strbuf_str(&p.before),
	    "monitor session 1 type erspan-source\n"
	    " description old\n"
	    " source interface GigabitEthernet1/0/1 both\n"
	    " no shutdown\n"
	    " destination\n"
	    "  erspan-id 100\n"
	    "  ip address 198.51.100.9\n");
	assert_string_equal(strbuf_str(&p.after),
	    "monitor session 1 type erspan-source\n"
	    " source interface GigabitEthernet1/0/1 both\n"
	    " no shutdown\n"
	    " destination\n"
	    "  erspan-id 100\n"
	    "  ip address 198.51.100.4\n"
	    " description spangen: DC3 to S3\n");
	s = semantic(CFG_IOSXE, strbuf_str(&p.before), strbuf_str(&p.after),
	    &n);
	assert_string_equal(s,
	    "session 1: change: description old -> spangen: DC3 to S3\n"
	    "session 1: change: destination ip address 198.51.100.9 -> "
	    "address 198.51.100.4\n");
	assert_int_equal(n, 2);
	free(s);
	preview_dispose(&p);

	/* an unindented block closed by exit; then a top-level line */
	preview(&p, CFG_IOSXE, running, "interface GigabitEthernet1/0/1\n"
	    "exit\nvlan 5\n");
	assert_int_equal(p.rc, 0);
	assert_string_equal(strbuf_str(&p.after),
	    "interface GigabitEthernet1/0/1\n shutdown\nvlan 5\n");
	preview_dispose(&p);
}

/* ---- Cisco NX-OS ------------------------------------------------------- */

static const char nxos_running[] =
    "!Command: show running-config\n"
    "!Running configuration last done at: Mon Jan  1 10:00:00 2024\n"
    "!Time: Mon Jan  1 10:00:01 2024\n"
    "\n"
    "version 9.3(8) Bios:version\n"
    "hostname n1\n"
    "\n"
    "interface Ethernet1/10\n"
    "  description server\n"
    "\n"
    "interface Ethernet1/48\n"
    "  description sensor\n"
    "  switchport\n"
    "\n"
    "monitor session 1\n"
    "  description old\n"
    "  source interface Ethernet1/11 both\n"
    "  destination interface Ethernet1/48\n"
    "  no shut\n";

static const char nxos_intended[] =
    "! spangen 0.1.0: port mirroring for n1\n"
    "interface Ethernet1/48\n"
    "  switchport\n"
    "  switchport monitor\n"
    "no monitor session 1\n"
    "monitor session 1\n"
    "  description spangen: DC1 to S1\n"
    "  source interface Ethernet1/10 both\n"
    "  destination interface Ethernet1/48\n"
    "  no shut\n";

static void
test_cfgtree__nxos_block_sessions_and_no_shut(void **state)
{
	struct preview p, q;
	size_t n;
	char *s;

	(void)state;
	preview(&p, CFG_NXOS, nxos_running, nxos_intended);
	assert_int_equal(p.rc, 0);
	assert_string_equal(strbuf_str(&p.before),
	    "interface Ethernet1/48\n"
	    "  description sensor\n"
	    "  switchport\n"
	    "monitor session 1\n"
	    "  description old\n"
	    "  source interface Ethernet1/11 both\n"
	    "  destination interface Ethernet1/48\n"
	    "  no shut\n");
	assert_string_equal(strbuf_str(&p.after),
	    "interface Ethernet1/48\n"
	    "  description sensor\n"
	    "  switchport\n"
	    "  switchport monitor\n"
	    "monitor session 1\n"
	    "  destination interface Ethernet1/48\n"
	    "  no shut\n"
	    "  description spangen: DC1 to S1\n"
	    "  source interface Ethernet1/10 both\n");
	s = semantic(CFG_NXOS, strbuf_str(&p.before), strbuf_str(&p.after),
	    &n);
	assert_string_equal(s,
	    "interface Ethernet1/48: add switchport monitor\n"
	    "session 1: change: description old -> spangen: DC1 to S1\n"
	    "session 1: change: source interface Ethernet1/11 both -> "
	    "interface Ethernet1/10 both\n");
	assert_int_equal(n, 3);
	free(s);

	/* pushed again onto what it produced: nothing to do */
	preview(&q, CFG_NXOS, strbuf_str(&p.after), nxos_intended);
	assert_int_equal(q.rc, 0);
	assert_string_equal(strbuf_str(&q.before), strbuf_str(&p.after));
	assert_string_equal(strbuf_str(&q.after), strbuf_str(&p.after));
	preview_dispose(&q);

	/* "shut" replaces "no shut" (either spelling), and back */
	preview(&q, CFG_NXOS, strbuf_str(&p.after),
	    "monitor session 1\n  shutdown\n");
	assert_int_equal(q.rc, 0);
	assert_non_null(strstr(strbuf_str(&q.after), "  shutdown\n"));
	assert_null(strstr(strbuf_str(&q.after), "no shut"));
	preview_dispose(&q);
	preview(&q, CFG_NXOS, strbuf_str(&p.after),
	    "monitor session 1\n  no shutdown\n");
	assert_int_equal(q.rc, 0);
	assert_string_equal(strbuf_str(&q.before), strbuf_str(&q.after));
	preview_dispose(&q);

	/* the rollback takes "switchport monitor" back out */
	preview(&q, CFG_NXOS, strbuf_str(&p.after),
	    "no monitor session 1\n"
	    "interface Ethernet1/48\n"
	    "  no switchport monitor\n");
	assert_int_equal(q.rc, 0);
	assert_string_equal(strbuf_str(&q.after),
	    "interface Ethernet1/48\n"
	    "  description sensor\n"
	    "  switchport\n");
	preview_dispose(&q);
	preview_dispose(&p);
}

/* ---- Arista EOS and Aruba AOS-CX -------------------------------------- */

static void
test_cfgtree__eos_flat_sessions_with_names(void **state)
{
	static const char running[] =
	    "! Command: show running-config\n"
	    "! device: leaf1 (DCS-7050SX3-48YC8, EOS-4.28.3M)\n"
	    "!\n"
	    "hostname leaf1\n"
	    "!\n"
	    "interface Ethernet10\n"
	    "   description server\n"
	    "!\n"
	    "monitor session spangen-1 source Ethernet10 both\n"
	    "monitor session spangen-1 source Ethernet11 rx\n"
	    "monitor session spangen-1 destination Ethernet47\n"
	    "monitor session spangen-10 source Ethernet5 rx\n"
	    "monitor session spangen-10 destination Ethernet46\n"
	    "!\n"
	    "end\n";
	static const char lines[] =
	    "! spangen 0.1.0: port mirroring for leaf1\n"
	    "no monitor session spangen-1\n"
	    "monitor session spangen-1 source Ethernet10 both\n"
	    "monitor session spangen-1 destination Ethernet48\n";
	struct preview p;
	size_t n;
	char *s;

	(void)state;
	preview(&p, CFG_EOS, running, lines);
	assert_int_equal(p.rc, 0);
	/* spangen-10 is another session, not a longer spangen-1 */
	assert_string_equal(strbuf_str(&p.before),
	    "monitor session spangen-1 source Ethernet10 both\n"
	    "monitor session spangen-1 source Ethernet11 rx\n"
	    "monitor session spangen-1 destination Ethernet47\n");
	assert_string_equal(strbuf_str(&p.after),
	    "monitor session spangen-1 source Ethernet10 both\n"
	    "monitor session spangen-1 destination Ethernet48\n");
	s = semantic(CFG_EOS, strbuf_str(&p.before), strbuf_str(&p.after),
	    &n);
	assert_string_equal(s,
	    "session spangen-1: change: destination Ethernet47 -> "
	    "Ethernet48\n"
	    "session spangen-1: remove: source Ethernet11 rx\n");
	assert_int_equal(n, 2);
	free(s);
	preview_dispose(&p);

	/* on a switch without the session, both lines are new */
	preview(&p, CFG_EOS, "hostname leaf1\n", lines);
	assert_int_equal(p.rc, 0);
	assert_string_equal(strbuf_str(&p.before), "");
	assert_string_equal(strbuf_str(&p.after),
	    "monitor session spangen-1 source Ethernet10 both\n"
	    "monitor session spangen-1 destination Ethernet48\n");
	preview_dispose(&p);
}

static void
test_cfgtree__aoscx_mirror_session_block(void **state)
{
	static const char running[] =
	    "Current configuration:\n"
	    "!\n"
	    "!Version ArubaOS-CX FL.10.10.1000\n"
	    "!export-password: default\n"
	    "hostname cx1\n"
	    "!\n"
	    "interface 1/1/10\n"
	    "    no shutdown\n"
	    "!\n"
	    "mirror session 1\n"
	    "    comment spangen: DC1 to S1\n"
	    "    source interface 1/1/10 both\n"
	    "    destination interface 1/1/48\n"
	    "    enable\n"
	    "mirror session 2\n"
	    "    enable\n";
	static const char lines[] =
	    "! spangen 0.1.0: port mirroring for cx1\n"
	    "no mirror session 1\n"
	    "mirror session 1\n"
	    "  comment spangen: DC1 to S1\n"
	    "  source interface 1/1/10 both\n"
	    "  destination interface 1/1/48\n"
	    "  enable\n";
	static const char managed[] =
	    "mirror session 1\n"
	    "  comment spangen: DC1 to S1\n"
	    "  source interface 1/1/10 both\n"
	    "  destination interface 1/1/48\n"
	    "  enable\n";
	struct preview p;
	size_t n;
	char *s;

	(void)state;
	preview(&p, CFG_AOSCX, running, lines);
	assert_int_equal(p.rc, 0);
	assert_string_equal(strbuf_str(&p.before), managed);
	assert_string_equal(strbuf_str(&p.after), managed);
	preview_dispose(&p);

	preview(&p, CFG_AOSCX, "hostname cx1\n", lines);
	assert_int_equal(p.rc, 0);
	assert_string_equal(strbuf_str(&p.before), "");
	assert_string_equal(strbuf_str(&p.after), managed);
	s = semantic(CFG_AOSCX, strbuf_str(&p.before), strbuf_str(&p.after),
	    &n);
	assert_string_equal(s, "session 1: add: comment spangen: DC1 to S1; "
	    "source interface 1/1/10 both; destination interface 1/1/48; "
	    "enable\n");
	free(s);
	preview_dispose(&p);

	preview(&p, CFG_AOSCX, running, "no mirror session 1\n");
	assert_int_equal(p.rc, 0);
	assert_string_equal(strbuf_str(&p.before), managed);
	assert_string_equal(strbuf_str(&p.after), "");
	s = semantic(CFG_AOSCX, strbuf_str(&p.before), strbuf_str(&p.after),
	    &n);
	assert_string_equal(s, "session 1: remove\n");
	free(s);
	preview_dispose(&p);
}

/* ---- trunks, blocks, "no" ----------------------------------------------- */

static void
test_cfgtree__repeated_interface_blocks_merge(void **state)
{
	static const char lines[] =
	    "interface TenGigabitEthernet1/1/1\n"
	    " switchport trunk allowed vlan add 901\n"
	    " exit\n"
	    "vlan 902\n"
	    " remote-span\n"
	    " exit\n"
	    "interface TenGigabitEthernet1/1/1\n"
	    " switchport trunk allowed vlan add 902\n"
	    " exit\n";
	struct preview p;

	(void)state;
	preview(&p, CFG_IOSXE, iosxe_running, lines);
	assert_int_equal(p.rc, 0);
	assert_string_equal(strbuf_str(&p.after),
	    "interface TenGigabitEthernet1/1/1\n"
	    " description uplink\n"
	    " switchport trunk allowed vlan 1-899,901-902\n"
	    " switchport mode trunk\n"
	    "vlan 902\n"
	    " remote-span\n");
	preview_dispose(&p);
}

static void
test_cfgtree__trunk_lists_are_sets(void **state)
{
	static const char continued[] =
	    "interface TenGigabitEthernet1/1/1\n"
	    " switchport trunk allowed vlan 1-10,20\n"
	    " switchport trunk allowed vlan add 30-40,4000\n"
	    " switchport mode trunk\n"
	    "interface TenGigabitEthernet1/1/2\n"
	    " switchport mode trunk\n";
	struct preview p;

	(void)state;
	/* IOS continuation lines join the line before them */
	preview(&p, CFG_IOSXE, continued, "interface TenGigabitEthernet1/1/1\n"
	    " switchport trunk allowed vlan remove 5,35-40\n");
	assert_int_equal(p.rc, 0);
	assert_string_equal(strbuf_str(&p.before),
	    "interface TenGigabitEthernet1/1/1\n"
	    " switchport trunk allowed vlan 1-10,20,30-40,4000\n"
	    " switchport mode trunk\n");
	assert_string_equal(strbuf_str(&p.after),
	    "interface TenGigabitEthernet1/1/1\n"
	    " switchport trunk allowed vlan 1-4,6-10,20,30-34,4000\n"
	    " switchport mode trunk\n");
	preview_dispose(&p);

	/* no line is every VLAN: adding changes nothing, removing writes */
	preview(&p, CFG_IOSXE, continued, "interface TenGigabitEthernet1/1/2\n"
	    " switchport trunk allowed vlan add 901\n");
	assert_int_equal(p.rc, 0);
	assert_string_equal(strbuf_str(&p.before), strbuf_str(&p.after));
	preview_dispose(&p);
	preview(&p, CFG_IOSXE, continued, "interface TenGigabitEthernet1/1/2\n"
	    " switchport trunk allowed vlan remove 901\n");
	assert_int_equal(p.rc, 0);
	assert_string_equal(strbuf_str(&p.after),
	    "interface TenGigabitEthernet1/1/2\n"
	    " switchport mode trunk\n"
	    " switchport trunk allowed vlan 1-900,902-4094\n");
	preview_dispose(&p);

	/* back to every VLAN is no line; "none" and a plain list replace */
	preview(&p, CFG_NXOS, "interface Ethernet1/1\n"
	    "  switchport trunk allowed vlan 1-900,902-4094\n",
	    "interface Ethernet1/1\n"
	    "  switchport trunk allowed vlan add 901\n");
	assert_string_equal(strbuf_str(&p.after), "interface Ethernet1/1\n");
	preview_dispose(&p);
	preview(&p, CFG_NXOS, "interface Ethernet1/1\n"
	    "  switchport trunk allowed vlan 1-5\n",
	    "interface Ethernet1/1\n"
	    "  switchport trunk allowed vlan none\n"
	    "  switchport trunk allowed vlan add 7\n"
	    "  switchport trunk allowed vlan except 2-4094\n"
	    "  switchport trunk allowed vlan 8,9,10\n");
	assert_int_equal(p.rc, 0);
	assert_string_equal(strbuf_str(&p.after), "interface Ethernet1/1\n"
	    "  switchport trunk allowed vlan 8-10\n");
	preview_dispose(&p);
}

/* Found by fuzz_cfgtree: a second push moved the list to the end. */
static void
test_cfgtree__a_recreated_trunk_list_keeps_its_place(void **state)
{
	static const char running[] =
	    "interface Port-channel5\n"
	    " switchport trunk allowed vlan 1-10\n"
	    " description pc\n";
	struct preview p;

	(void)state;
	preview(&p, CFG_IOSXE, running,
	    "no interface Port-channel5\n"
	    "interface Port-channel5\n"
	    " switchport trunk allowed vlan 1-20\n"
	    " switchport trunk allowed vlan remove 11-20\n"
	    " description pc\n");
	assert_int_equal(p.rc, 0);
	assert_string_equal(strbuf_str(&p.before), running);
	assert_string_equal(strbuf_str(&p.after), running);
	preview_dispose(&p);
}

/* IOS XE prints no direction for "both"; spangen's lines always say it. */
static void
test_cfgtree__default_direction_is_both(void **state)
{
	static const char running[] =
	    "monitor session 2 source interface GigabitEthernet1/0/5\n"
	    "monitor session 2 destination interface GigabitEthernet1/0/48\n"
	    "monitor session 3 source interface GigabitEthernet1/0/6 rx\n"
	    "monitor session 3 source remote vlan 901\n";
	struct preview p;

	(void)state;
	preview(&p, CFG_IOSXE, running, "no monitor session 2\n"
	    "monitor session 2 source interface GigabitEthernet1/0/5 both\n"
	    "monitor session 2 destination interface GigabitEthernet1/0/48\n"
	    "no monitor session 3\n"
	    "monitor session 3 source interface GigabitEthernet1/0/6 rx\n"
	    "monitor session 3 source remote vlan 901\n");
	assert_int_equal(p.rc, 0);
	assert_string_equal(strbuf_str(&p.before), strbuf_str(&p.after));
	preview_dispose(&p);
	preview(&p, CFG_EOS, "monitor session spangen-1 source Ethernet10\n",
	    "monitor session spangen-1 source Ethernet10 both\n");
	assert_int_equal(p.rc, 0);
	assert_string_equal(strbuf_str(&p.before), strbuf_str(&p.after));
	preview_dispose(&p);
	/* found by fuzz_cfgtree: a remote VLAN source has no direction */
	preview(&p, CFG_EOS, "monitor session 1 source remote vlan 901\n",
	    "monitor session 1 source remote vlan 901\n");
	assert_int_equal(p.rc, 0);
	assert_string_equal(strbuf_str(&p.before),
	    "monitor session 1 source remote vlan 901\n");
	assert_string_equal(strbuf_str(&p.before), strbuf_str(&p.after));
	preview_dispose(&p);
}

static void
test_cfgtree__no_matches_whole_words(void **state)
{
	static const char running[] =
	    "vlan 90\n"
	    "vlan 901\n"
	    " remote-span\n"
	    "vlan 9010\n"
	    "monitor session 2 source interface Gi1/0/1\n"
	    "monitor session 20 source interface Gi1/0/2\n"
	    "monitor session 2 type erspan-source\n"
	    " no shutdown\n";
	struct preview p;

	(void)state;
	preview(&p, CFG_IOSXE, running, "no vlan 901\nno monitor session 2\n"
	    "no vlan 7\n");
	assert_int_equal(p.rc, 0);
	assert_string_equal(strbuf_str(&p.before),
	    "vlan 901\n"
	    " remote-span\n"
	    "monitor session 2 source interface GigabitEthernet1/0/1 both\n"
	    "monitor session 2 type erspan-source\n"
	    " no shutdown\n");
	assert_string_equal(strbuf_str(&p.after), "");
	preview_dispose(&p);
}

static void
test_cfgtree__semantic_lines(void **state)
{
	static const char before[] =
	    "interface TenGigabitEthernet1/1/1\n"
	    " description uplink\n"
	    " switchport trunk allowed vlan 1-899,901\n"
	    "interface Ethernet1/48\n"
	    " description a\n"
	    "vlan 901\n"
	    " remote-span\n"
	    "monitor session 1 source interface Gi1/0/1 both\n"
	    "monitor session 1 destination interface Ethernet1/47\n"
	    "monitor session 3 source interface Gi1/0/3 both\n"
	    "monitor erspan origin ip-address 192.0.2.1 global\n";
	static const char after[] =
	    "interface TenGigabitEthernet1/1/1\n"
	    " description uplink\n"
	    " switchport trunk allowed vlan 1-900\n"
	    "interface Ethernet1/48\n"
	    " description b\n"
	    " switchport monitor\n"
	    "monitor session 1 source interface Gi1/0/1 both\n"
	    "monitor session 1 source interface Gi1/0/2 rx\n"
	    "monitor session 1 destination interface Ethernet1/48\n"
	    "vlan 902\n"
	    "monitor session 2 source interface Gi1/0/5 both\n"
	    "monitor session 2 destination interface Gi1/0/48\n";
	size_t n;
	char *s;

	(void)state;
	s = semantic(CFG_IOSXE, before, after, &n);
	assert_string_equal(s,
	    "trunk TenGigabitEthernet1/1/1: allow vlan 900\n"
	    "trunk TenGigabitEthernet1/1/1: stop allowing vlan 901\n"
	    "interface Ethernet1/48: change description a -> b\n"
	    "interface Ethernet1/48: add switchport monitor\n"
	    "vlan 901: remove\n"
	    "session 1: change: destination interface Ethernet1/47 -> "
	    "interface Ethernet1/48\n"
	    "session 1: add: source interface GigabitEthernet1/0/2 rx\n"
	    "session 3: remove\n"
	    "remove: monitor erspan origin ip-address 192.0.2.1 global\n"
	    "vlan 902: add\n"
	    "session 2: add: source interface GigabitEthernet1/0/5 both; "
	    "destination interface GigabitEthernet1/0/48\n");
	assert_int_equal(n, 11);
	free(s);
	s = semantic(CFG_IOSXE, before, before, &n);
	assert_int_equal(n, 0);
	assert_string_equal(s, "");
	free(s);
}

/* ---- what devices really print ----------------------------------------- */

/*
 * The read-back models the lines on the device's printout and compares
 * the result with the preview's: both must agree however the device
 * spells what it holds.
 */
static bool
reads_back(cfg_dialect_t d, const char *running_before, const char *lines,
    const char *printed_after)
{
	struct preview want, got;
	bool same;

	preview(&want, d, running_before, lines);
	preview(&got, d, printed_after, lines);
	assert_int_equal(want.rc, 0);
	assert_int_equal(got.rc, 0);
	same = cfg_same(want.after.ptr, want.after.len, got.before.ptr,
	    got.before.len);
	if (!same)
		print_message("intended:\n%sread back:\n%s",
		    strbuf_str(&want.after), strbuf_str(&got.before));
	preview_dispose(&want);
	preview_dispose(&got);
	return same;
}

static const char iosxe_lines[] =
    "vlan 901\n"
    " remote-span\n"
    " exit\n"
    "interface TenGigabitEthernet1/1/1\n"
    " switchport trunk allowed vlan add 901\n"
    " exit\n"
    "no monitor session 2\n"
    "monitor session 2 source interface GigabitEthernet1/0/5 both\n"
    "monitor session 2 source interface GigabitEthernet1/0/6 both\n"
    "monitor session 2 destination interface GigabitEthernet1/0/48\n";

static void
test_cfgtree__iosxe_short_names_default_direction_and_pairs_read_back(
    void **state)
{
	static const char before[] =
	    "interface TenGigabitEthernet1/1/1\n"
	    " switchport trunk allowed vlan 2,3\n"
	    " switchport mode trunk\n";
	/* short names, no "both", the pair kept as "2,3", sources merged */
	static const char printed[] =
	    "Building configuration...\n"
	    "!\n"
	    "vlan 901\n"
	    " remote-span\n"
	    "!\n"
	    "interface TenGigabitEthernet1/1/1\n"
	    " switchport trunk allowed vlan 2,3,901\n"
	    " switchport mode trunk\n"
	    "!\n"
	    "monitor session 2 source interface Gi1/0/5 - 6\n"
	    "monitor session 2 destination interface Gi1/0/48\n"
	    "end\n";
	static const char listed[] =
	    "vlan 901\n"
	    " remote-span\n"
	    "interface TenGigabitEthernet1/1/1\n"
	    " switchport trunk allowed vlan 2,3,901\n"
	    " switchport mode trunk\n"
	    "monitor session 2 source interface Gi1/0/5 , Gi1/0/06\n"
	    "monitor session 2 destination interface Gi1/0/48\n";

	(void)state;
	assert_true(reads_back(CFG_IOSXE, before, iosxe_lines, printed));
	assert_true(reads_back(CFG_IOSXE, before, iosxe_lines, listed));
}

static void
test_cfgtree__iosxe_wrapped_trunk_list_reads_as_one_set(void **state)
{
	static const char before[] =
	    "interface TenGigabitEthernet1/1/1\n"
	    " switchport trunk allowed vlan 101,102,201,202,301,302,401,402\n"
	    " switchport trunk allowed vlan add 501,502\n"
	    " switchport mode trunk\n";
	static const char printed[] =
	    "vlan 901\n"
	    " remote-span\n"
	    "interface TenGigabitEthernet1/1/1\n"
	    " switchport trunk allowed vlan 101,102,201,202,301,302,401\n"
	    " switchport trunk allowed vlan add 402,501,502,901\n"
	    " switchport mode trunk\n"
	    "monitor session 2 source interface Gi1/0/5\n"
	    "monitor session 2 source interface Gi1/0/6\n"
	    "monitor session 2 destination interface Gi1/0/48\n";

	(void)state;
	assert_true(reads_back(CFG_IOSXE, before, iosxe_lines, printed));
}

static void
test_cfgtree__a_real_difference_still_fails(void **state)
{
	static const char right[] =
	    "vlan 901\n"
	    " remote-span\n"
	    "interface TenGigabitEthernet1/1/1\n"
	    " switchport trunk allowed vlan 900,901\n"
	    "monitor session 2 source interface Gi1/0/5 - 6\n"
	    "monitor session 2 destination interface Gi1/0/48\n";
	static const char wrong_port[] =
	    "vlan 901\n"
	    " remote-span\n"
	    "interface TenGigabitEthernet1/1/1\n"
	    " switchport trunk allowed vlan 900,901\n"
	    "monitor session 2 source interface Gi1/0/5 - 6\n"
	    "monitor session 2 destination interface Gi1/0/47\n";
	static const char one_source[] =
	    "vlan 901\n"
	    " remote-span\n"
	    "interface TenGigabitEthernet1/1/1\n"
	    " switchport trunk allowed vlan 900,901\n"
	    "monitor session 2 source interface Gi1/0/5\n"
	    "monitor session 2 destination interface Gi1/0/48\n";
	static const char no_vlan[] =
	    "vlan 901\n"
	    " remote-span\n"
	    "interface TenGigabitEthernet1/1/1\n"
	    " switchport trunk allowed vlan 900\n"
	    "monitor session 2 source interface Gi1/0/5 - 6\n"
	    "monitor session 2 destination interface Gi1/0/48\n";
	static const char rx_only[] =
	    "vlan 901\n"
	    " remote-span\n"
	    "interface TenGigabitEthernet1/1/1\n"
	    " switchport trunk allowed vlan 900,901\n"
	    "monitor session 2 source interface Gi1/0/5 - 6 rx\n"
	    "monitor session 2 destination interface Gi1/0/48\n";
	static const char before[] =
	    "interface TenGigabitEthernet1/1/1\n"
	    " switchport trunk allowed vlan 900\n";

	(void)state;
	/* the same printout, right in every line, does read back */
	assert_true(reads_back(CFG_IOSXE, before, iosxe_lines, right));
	assert_false(reads_back(CFG_IOSXE, before, iosxe_lines, wrong_port));
	assert_false(reads_back(CFG_IOSXE, before, iosxe_lines, one_source));
	assert_false(reads_back(CFG_IOSXE, before, iosxe_lines, no_vlan));
	assert_false(reads_back(CFG_IOSXE, before, iosxe_lines, rx_only));
}

static void
test_cfgtree__aoscx_destination_printed_before_sources(void **state)
{
	static const char lines[] =
	    "no mirror session 1\n"
	    "mirror session 1\n"
	    "  source interface 1/1/5 both\n"
	    "  destination interface 1/1/48\n"
	    "  enable\n";
	static const char printed[] =
	    "mirror session 1\n"
	    "    destination interface 1/1/48\n"
	    "    source interface 1/1/05 both\n"
	    "    enable\n";

	(void)state;
	assert_true(reads_back(CFG_AOSCX, "", lines, printed));
}

static void
test_cfgtree__nxos_entry_entered_again_may_move(void **state)
{
	/* a second push moves the sensor: the device lists it where typed */
	static const char first[] =
	    "monitor session 1\n"
	    "  source interface Ethernet1/5 both\n"
	    "  destination interface Ethernet1/47\n"
	    "  no shut\n"
	    "monitor session 2\n"
	    "  source interface Ethernet1/6 both\n"
	    "  destination interface Ethernet1/46\n"
	    "  no shut\n";
	static const char lines[] =
	    "no monitor session 1\n"
	    "monitor session 1\n"
	    "  source interface Ethernet1/5 both\n"
	    "  destination interface Ethernet1/48\n"
	    "  no shut\n";
	static const char printed[] =
	    "monitor session 2\n"
	    "  source interface Ethernet1/6 both\n"
	    "  destination interface Ethernet1/46\n"
	    "  no shut\n"
	    "monitor session 1\n"
	    "  source interface Eth1/05 both\n"
	    "  destination interface Ethernet1/48\n"
	    "  no shut\n";

	(void)state;
	assert_true(reads_back(CFG_NXOS, first, lines, printed));
}

static void
test_cfgtree__only_session_lines_name_mirror_ports(void **state)
{
	static const char running[] =
	    "interface GigabitEthernet1/0/9\n"
	    " description to source interface Gi1/0/1 , Gi1/0/3 - 4\n"
	    "monitor session 3 source interface Gi1/0/7 ,\n"
	    "monitor session 3 source interface Gi1/0/8 , rx\n";
	struct preview p;

	(void)state;
	preview(&p, CFG_IOSXE, running, "interface GigabitEthernet1/0/9\n"
	    " exit\nno monitor session 3\n");
	assert_int_equal(p.rc, 0);
	/* a description is text, and a list that is not one stays a line */
	assert_string_equal(strbuf_str(&p.before),
	    "interface GigabitEthernet1/0/9\n"
	    " description to source interface Gi1/0/1 , Gi1/0/3 - 4\n"
	    "monitor session 3 source interface Gi1/0/7 , both\n"
	    "monitor session 3 source interface Gi1/0/8 , rx\n");
	preview_dispose(&p);
}

static void
test_cfgtree__same_ignores_order_only(void **state)
{
	static const char a[] = "x\n a\n b\ny\n";
	static const char b[] = "y\nx\n b\n a\n";
	static const char c[] = "x\n a\ny\n b\n";
	static const char d1[] = "x\n a\nx\n b\n", d2[] = "x\n a\n b\nx\n",
	    d3[] = "x\n b\nx\n a\n";

	(void)state;
	assert_true(cfg_same(a, strlen(a), b, strlen(b)));
	assert_false(cfg_same(a, strlen(a), c, strlen(c)));
	assert_false(cfg_same(a, strlen(a), "x\n a\n", 5));
	assert_true(cfg_same("", 0, "", 0));
	assert_false(cfg_same("a\0b\n", 4, "a\0c\n", 4));
	/* repeated entries: which one holds which lines counts */
	assert_false(cfg_same(d1, strlen(d1), d2, strlen(d2)));
	assert_true(cfg_same(d1, strlen(d1), d3, strlen(d3)));
	assert_false(cfg_same("x\n", 2, "x\nx\n", 4));
}

static void
expect_unreadable(cfg_dialect_t d, const char *text, size_t len,
    const char *part)
{
	sg_err_t err = SG_ERR_INIT;

	assert_int_equal(cfg_check_printout(d, text, len, &err), SG_EINVAL);
	if (strstr(err.msg, part) == NULL)
		fail_msg("'%s' does not say '%s'", err.msg, part);
}

static void
test_cfgtree__printouts_that_cannot_be_read_are_named(void **state)
{
	static const char binary[] = "hostname a\n\177ELF\0\0\1\nend\n";
	static const char paged[] =
	    "interface Gi1/0/1\n description a\n --More-- \nend\n";
	static const char erased[] =
	    "interface Gi1/0/1\n\b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b"
	    "\b\b\b\b description a\nend\n";
	static const char aoscx_paged[] =
	    "interface 1/1/1\n-- MORE --, next page: Space, next line: Enter\n";
	static const char cut[] =
	    "Building configuration...\n!\ninterface Gi1/0/1\n description";
	static const char whole[] =
	    "Building configuration...\n!\ninterface Gi1/0/1\n!\nend\n\n";
	sg_err_t err = SG_ERR_INIT;

	(void)state;
	expect_unreadable(CFG_IOSXE, binary, sizeof(binary) - 1,
	    "line 2 of the running configuration holds a NUL byte");
	expect_unreadable(CFG_IOSXE, paged, strlen(paged),
	    "pager prompt '--More--'");
	expect_unreadable(CFG_NXOS, erased, strlen(erased), "backspaces");
	expect_unreadable(CFG_AOSCX, aoscx_paged, strlen(aoscx_paged),
	    "'-- MORE --'");
	expect_unreadable(CFG_IOSXE, cut, strlen(cut), "cut short");
	expect_unreadable(CFG_EOS, "", 0, "cut short");
	assert_int_equal(cfg_check_printout(CFG_IOSXE, whole, strlen(whole),
	    &err), 0);
	/* the words in a description are no pager */
	assert_int_equal(cfg_check_printout(CFG_IOSXE, "interface Gi1/0/1\n"
	    " description see --More-- below\nend\n", 54, &err), 0);
	/* NX-OS and AOS-CX print no closing line */
	assert_int_equal(cfg_check_printout(CFG_NXOS, "interface Ethernet1/1\n",
	    22, &err), 0);
	assert_int_equal(cfg_check_printout(CFG_AOSCX, "", 0, &err), 0);
}

/* A running configuration of tests/data/running/ (free it). */
static char *
fixture(const char *dialect)
{
	char rel[64], *path, *text;

	(void)snprintf(rel, sizeof(rel), "tests/data/running/%s.cfg", dialect);
	path = test_path("SG_SOURCE_DIR", rel);
	text = test_slurp(path);
	free(path);
	return text;
}

static void
test_cfgtree__real_printouts_read_whole(void **state)
{
	static const struct {
		cfg_dialect_t	 d;
		const char	*name;
		const char	*golden;	/* a rendered device */
	} all[] = {
		{ CFG_IOSXE, "iosxe", "cisco-iosxe/expected/devices/a1" },
		{ CFG_NXOS, "nxos", "cisco-nxos/expected/devices/n1" },
		{ CFG_EOS, "eos", "arista-eos/expected/devices/leaf1" },
		{ CFG_AOSCX, "aoscx", "aruba-aoscx/expected/devices/cx1" }
	};
	struct preview p, again;
	sg_err_t err = SG_ERR_INIT;
	char rel[128], *path, *lines, *text;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		text = fixture(all[i].name);
		assert_int_equal(cfg_check_printout(all[i].d, text,
		    strlen(text), &err), 0);
		/* lines that touch nothing manage nothing */
		preview(&p, all[i].d, text, "");
		assert_int_equal(p.rc, 0);
		assert_string_equal(strbuf_str(&p.before), "");
		assert_string_equal(strbuf_str(&p.after), "");
		preview_dispose(&p);
		/* a rendered bundle's lines: entering them twice is once */
		(void)snprintf(rel, sizeof(rel), "tests/golden/render/%s/"
		    "intended.cfg", all[i].golden);
		path = test_path("SG_SOURCE_DIR", rel);
		lines = test_slurp(path);
		preview(&p, all[i].d, text, lines);
		assert_int_equal(p.rc, 0);
		assert_true(p.before.len < p.after.len);
		preview(&again, all[i].d, strbuf_str(&p.after), lines);
		assert_int_equal(again.rc, 0);
		assert_string_equal(strbuf_str(&again.before),
		    strbuf_str(&again.after));
		assert_true(cfg_same(again.after.ptr, again.after.len,
		    p.after.ptr, p.after.len));
		preview_dispose(&again);
		preview_dispose(&p);
		free(lines);
		free(path);
		free(text);
	}
}

/*
 * The lines remove a session of the fixture: the preview shows all of it,
 * one port a line, and nothing after.
 */
static void
removes_session(cfg_dialect_t d, const char *name, const char *lines,
    const char *session)
{
	char *text = fixture(name);
	struct preview p;

	preview(&p, d, text, lines);
	assert_int_equal(p.rc, 0);
	assert_string_equal(strbuf_str(&p.before), session);
	assert_string_equal(strbuf_str(&p.after), "");
	preview_dispose(&p);
	free(text);
}

static void
test_cfgtree__real_iosxe_session_and_wrapped_trunk(void **state)
{
	char *text = fixture("iosxe");
	struct preview p;

	(void)state;
	/* a foreign session printed with a range, a list and a default */
	removes_session(CFG_IOSXE, "iosxe", "no monitor session 1\n",
	    "monitor session 1 source interface GigabitEthernet1/0/10 both\n"
	    "monitor session 1 source interface GigabitEthernet1/0/11 both\n"
	    "monitor session 1 source interface GigabitEthernet2/0/4 both\n"
	    "monitor session 1 source interface GigabitEthernet3/0/1 rx\n"
	    "monitor session 1 destination interface GigabitEthernet4/0/48\n");
	/* six printed lines of one list: one set, and one VLAN more */
	preview(&p, CFG_IOSXE, text, "interface Port-channel1\n"
	    " switchport trunk allowed vlan add 3001\n");
	assert_int_equal(p.rc, 0);
	assert_non_null(strstr(strbuf_str(&p.before),
	    " switchport trunk allowed vlan 247-248,250-252,259,"));
	assert_null(strstr(strbuf_str(&p.before), "vlan add"));
	assert_non_null(strstr(strbuf_str(&p.after), ",3001\n"));
	preview_dispose(&p);
	free(text);
}

static void
test_cfgtree__real_nxos_erspan_session(void **state)
{
	(void)state;
	removes_session(CFG_NXOS, "nxos", "no monitor session 45\n",
	    "monitor session 45 type erspan-source\n"
	    "  description to collector\n"
	    "  erspan-id 45\n"
	    "  vrf default\n"
	    "  destination ip 192.0.2.50\n"
	    "  source interface Ethernet3/1 both\n"
	    "  source interface port-channel10 both\n"
	    "  no shut\n");
}

/* ---- input handling ------------------------------------------------------ */

static void
test_cfgtree__errors_name_the_line(void **state)
{
	struct preview p;

	(void)state;
	preview(&p, CFG_IOSXE, iosxe_running,
	    "! comment\nvlan 901\n remote-span\n exit\n exit\n");
	assert_int_equal(p.rc, SG_EINVAL);
	assert_string_equal(p.err.msg, "line 5: 'exit' with no open block");
	assert_string_equal(strbuf_str(&p.before), "");
	assert_string_equal(strbuf_str(&p.after), "");
	preview_dispose(&p);

	preview(&p, CFG_IOSXE, "", "monitor session 2 source interface "
	    "Gi1/0/1\nexit\n");
	assert_int_equal(p.rc, SG_EINVAL);
	assert_string_equal(p.err.msg, "line 2: 'exit' with no open block");
	preview_dispose(&p);

	preview(&p, CFG_NXOS, "", "interface Ethernet1/1\n  no\n");
	assert_int_equal(p.rc, SG_EINVAL);
	assert_string_equal(p.err.msg, "line 2: 'no' without a command");
	preview_dispose(&p);

	preview(&p, CFG_NXOS, "", "interface Ethernet1/1\n"
	    "  switchport trunk allowed vlan add 10-5\n");
	assert_int_equal(p.rc, SG_EINVAL);
	assert_string_equal(p.err.msg, "line 2: bad VLAN list '10-5'");
	preview_dispose(&p);

	/* a device that prints an odd list is reported, not guessed at */
	preview(&p, CFG_IOSXE, "interface Te1/1/1\n"
	    " switchport trunk allowed vlan 1-10,x\n",
	    "interface Te1/1/1\n switchport trunk allowed vlan add 11\n");
	assert_int_equal(p.rc, SG_EINVAL);
	assert_string_equal(p.err.msg, "line 2: cannot edit 'switchport "
	    "trunk allowed vlan 1-10,x' from the running config");
	preview_dispose(&p);
}

/* A device's NUL byte is text like any other (ASan checks the reads). */
static void
test_cfgtree__nul_in_running_is_kept_as_text(void **state)
{
	static const char running[] =
	    "monitor session 1 type erspan-source\n"
	    " destination\n"
	    "  erspan-id 1\0\n"
	    "  mtu 9000\n";
	static const char lines[] = "no monitor session 1\n";
	strbuf_t before = STRBUF_INIT(0), after = STRBUF_INIT(0);
	strbuf_t sum = STRBUF_INIT(0);
	sg_err_t err = SG_ERR_INIT;

	(void)state;
	assert_int_equal(cfg_preview(CFG_IOSXE, running, sizeof(running) - 1,
	    lines, strlen(lines), &before, &after, &err), 0);
	assert_int_equal(before.len, sizeof(running) - 1);
	assert_memory_equal(before.ptr, running, before.len);
	assert_int_equal(after.len, 0);
	assert_int_equal(cfg_semantic(CFG_IOSXE, before.ptr, before.len, "",
	    0, &sum), 1);
	assert_string_equal(strbuf_str(&sum), "session 1: remove\n");
	strbuf_reset(&sum);
	assert_int_equal(cfg_semantic(CFG_IOSXE, before.ptr, before.len,
	    before.ptr, before.len, &sum), 0);
	strbuf_dispose(&before);
	strbuf_dispose(&after);
	strbuf_dispose(&sum);
}

static char *
crlf(const char *s)
{
	strbuf_t sb = STRBUF_INIT(0);

	for (; *s != '\0'; s++) {
		if (*s == '\n')
			strbuf_addc(&sb, '\r');
		strbuf_addc(&sb, *s);
	}
	return strbuf_detach(&sb, NULL);
}

static void
test_cfgtree__windows_line_endings(void **state)
{
	char *running = crlf(iosxe_running), *lines = crlf(iosxe_intended);
	struct preview p;

	(void)state;
	preview(&p, CFG_IOSXE, running, lines);
	assert_int_equal(p.rc, 0);
	assert_string_equal(strbuf_str(&p.before), iosxe_before);
	assert_string_equal(strbuf_str(&p.after), iosxe_after);
	preview_dispose(&p);
	free(running);
	free(lines);
}

static void
test_cfgtree__running_headers_are_ignored(void **state)
{
	static const char running[] =
	    "Building configuration...\n"
	    "\n"
	    "Current configuration : 120 bytes\n"
	    "!Command: show running-config\n"
	    "! Command: show running-config\n"
	    "Current configuration:\n"
	    "!\n"
	    "   \n"
	    "end\n";
	struct preview p;

	(void)state;
	preview(&p, CFG_IOSXE, running, iosxe_intended);
	assert_int_equal(p.rc, 0);
	assert_string_equal(strbuf_str(&p.before), "");
	assert_string_equal(strbuf_str(&p.after),
	    "vlan 901\n"
	    " remote-span\n"
	    "interface TenGigabitEthernet1/1/1\n"
	    "monitor session 2 source interface GigabitEthernet1/0/5 both\n"
	    "monitor session 2 destination interface "
	    "GigabitEthernet1/0/48\n");
	preview_dispose(&p);
}

static void
test_cfgtree__size_limit_is_toobig(void **state)
{
	strbuf_t before = STRBUF_INIT(16), after = STRBUF_INIT(16);
	sg_err_t err = SG_ERR_INIT;

	(void)state;
	assert_int_equal(cfg_preview(CFG_IOSXE, iosxe_running,
	    strlen(iosxe_running), iosxe_intended, strlen(iosxe_intended),
	    &before, &after, &err), SG_ETOOBIG);
	assert_string_equal(err.msg, "managed config over 16 bytes");
	assert_int_equal(before.len, 0);
	strbuf_dispose(&before);
	strbuf_dispose(&after);
}

/* The descriptor's cli.dialect decides, never the platform's name. */
static void
test_cfgtree__dialect_from_vendor(void **state)
{
	vendor_set_t *vs = test_vendors();
	vendor_t copy;

	(void)state;
	assert_int_equal(cfg_dialect_of(vendor_set_find(vs, "cisco-iosxe")),
	    CFG_IOSXE);
	assert_int_equal(cfg_dialect_of(vendor_set_find(vs, "cisco-nxos")),
	    CFG_NXOS);
	assert_int_equal(cfg_dialect_of(vendor_set_find(vs, "arista-eos")),
	    CFG_EOS);
	assert_int_equal(cfg_dialect_of(vendor_set_find(vs, "aruba-aoscx")),
	    CFG_AOSCX);
	assert_int_equal(cfg_dialect_of(vendor_set_find(vs, "juniper-junos")),
	    -1);
	assert_int_equal(cfg_dialect_of(vendor_set_find(vs, "ovs")), -1);
	copy = *vendor_set_find(vs, "cisco-iosxe");
	copy.name = "my-ios";
	assert_int_equal(cfg_dialect_of(&copy), CFG_IOSXE);
	copy.cli.dialect = VENDOR_DIALECT_NONE;
	assert_int_equal(cfg_dialect_of(&copy), -1);
	vendor_set_free(vs);
}

/* ---- every golden bundle --------------------------------------------- */

/*
 * A running config holding each interface the lines open, as a trunk that
 * carries none of spangen's VLANs (three-space indentation, so the
 * canonical form differs from the input).
 */
static char *
running_for(const char *lines)
{
	strbuf_t sb = STRBUF_INIT(0);
	const char *p, *nl;
	char *hdr;

	strbuf_adds(&sb, "hostname sw\n!\n");
	for (p = lines; *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		if (strncmp(p, "interface ", 10) != 0)
			continue;
		hdr = strndup(p, (size_t)(nl - p + 1));
		if (strstr(strbuf_str(&sb), hdr) == NULL)
			strbuf_addf(&sb, "%s   switchport\n"
			    "   switchport trunk allowed vlan 1-899\n!\n", hdr);
		free(hdr);
	}
	return strbuf_detach(&sb, NULL);
}

static char *
join_path(const char *dir, const char *name)
{
	strbuf_t sb = STRBUF_INIT(0);

	strbuf_addf(&sb, "%s/%s", dir, name);
	return strbuf_detach(&sb, NULL);
}

static void
check_bundle(cfg_dialect_t d, const char *dir)
{
	char *ip = join_path(dir, "intended.cfg");
	char *rp = join_path(dir, "rollback.cfg");
	char *intended, *rollback, *running, *s;
	struct preview first, again, back;
	size_t n;

	intended = test_slurp(ip);
	rollback = test_slurp(rp);
	running = running_for(intended);

	preview(&first, d, running, intended);
	if (first.rc != 0)
		fail_msg("%s: %s", dir, first.err.msg);
	assert_string_not_equal(strbuf_str(&first.before),
	    strbuf_str(&first.after));
	s = semantic(d, strbuf_str(&first.before), strbuf_str(&first.after),
	    &n);
	assert_true(n > 0);
	free(s);

	/* pushed again onto what the first push left: nothing to do */
	preview(&again, d, strbuf_str(&first.after), intended);
	assert_int_equal(again.rc, 0);
	assert_string_equal(strbuf_str(&again.before),
	    strbuf_str(&first.after));
	assert_string_equal(strbuf_str(&again.after),
	    strbuf_str(&first.after));

	/* and the rollback gives back what the first push found */
	preview(&back, d, strbuf_str(&first.after), rollback);
	if (back.rc != 0)
		fail_msg("%s: %s", dir, back.err.msg);
	if (strcmp(strbuf_str(&back.after), strbuf_str(&first.before)) != 0)
		fail_msg("%s: rollback leaves\n%swhere the push found\n%s",
		    dir, strbuf_str(&back.after), strbuf_str(&first.before));

	preview_dispose(&first);
	preview_dispose(&again);
	preview_dispose(&back);
	free(running);
	free(intended);
	free(rollback);
	free(ip);
	free(rp);
}

static void
test_cfgtree__golden_bundles_are_idempotent_and_roll_back(void **state)
{
	static const char *const vendors[] = {
		"cisco-iosxe", "cisco-nxos", "arista-eos", "aruba-aoscx"
	};
	static const cfg_dialect_t dialects[] = {
		CFG_IOSXE, CFG_NXOS, CFG_EOS, CFG_AOSCX
	};
	struct dirent *de;
	size_t i, nbundles = 0;
	char *rel, *dir, *sub;
	DIR *dp;

	(void)state;
	for (i = 0; i < 4; i++) {
		rel = join_path("tests/golden/render", vendors[i]);
		sub = join_path(rel, "expected/devices");
		dir = test_path("SG_SOURCE_DIR", sub);
		free(sub);
		assert_non_null(dp = opendir(dir));
		while ((de = readdir(dp)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			sub = join_path(dir, de->d_name);
			check_bundle(dialects[i], sub);
			free(sub);
			nbundles++;
		}
		(void)closedir(dp);
		free(dir);
		free(rel);
	}
	assert_true(nbundles >= 9);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    test_cfgtree__iosxe_intended_shows_trunk_vlan_and_sessions),
		cmocka_unit_test(test_cfgtree__second_push_changes_nothing),
		cmocka_unit_test(
		    test_cfgtree__rollback_gives_back_the_managed_part),
		cmocka_unit_test(
		    test_cfgtree__extra_source_on_the_device_shows_then_goes),
		cmocka_unit_test(
		    test_cfgtree__iosxe_erspan_blocks_nest_and_exit),
		cmocka_unit_test(test_cfgtree__nxos_block_sessions_and_no_shut),
		cmocka_unit_test(test_cfgtree__eos_flat_sessions_with_names),
		cmocka_unit_test(test_cfgtree__aoscx_mirror_session_block),
		cmocka_unit_test(test_cfgtree__repeated_interface_blocks_merge),
		cmocka_unit_test(test_cfgtree__trunk_lists_are_sets),
		cmocka_unit_test(
		    test_cfgtree__a_recreated_trunk_list_keeps_its_place),
		cmocka_unit_test(test_cfgtree__default_direction_is_both),
		cmocka_unit_test(test_cfgtree__no_matches_whole_words),
		cmocka_unit_test(test_cfgtree__semantic_lines),
		cmocka_unit_test(test_cfgtree__errors_name_the_line),
		cmocka_unit_test(test_cfgtree__nul_in_running_is_kept_as_text),
		cmocka_unit_test(test_cfgtree__windows_line_endings),
		cmocka_unit_test(test_cfgtree__running_headers_are_ignored),
		cmocka_unit_test(test_cfgtree__size_limit_is_toobig),
		cmocka_unit_test(test_cfgtree__dialect_from_vendor),
		cmocka_unit_test(
		    test_cfgtree__iosxe_short_names_default_direction_and_pairs_read_back),
		cmocka_unit_test(
		    test_cfgtree__iosxe_wrapped_trunk_list_reads_as_one_set),
		cmocka_unit_test(test_cfgtree__a_real_difference_still_fails),
		cmocka_unit_test(
		    test_cfgtree__aoscx_destination_printed_before_sources),
		cmocka_unit_test(test_cfgtree__nxos_entry_entered_again_may_move),
		cmocka_unit_test(test_cfgtree__same_ignores_order_only),
		cmocka_unit_test(
		    test_cfgtree__only_session_lines_name_mirror_ports),
		cmocka_unit_test(
		    test_cfgtree__printouts_that_cannot_be_read_are_named),
		cmocka_unit_test(test_cfgtree__real_printouts_read_whole),
		cmocka_unit_test(
		    test_cfgtree__real_iosxe_session_and_wrapped_trunk),
		cmocka_unit_test(test_cfgtree__real_nxos_erspan_session),
		cmocka_unit_test(
		    test_cfgtree__golden_bundles_are_idempotent_and_roll_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
