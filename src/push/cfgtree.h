/*
 * cfgtree: what entering a block of CLI configuration lines will change on
 * a Cisco IOS XE, Cisco NX-OS, Arista EOS or HPE Aruba AOS-CX switch.
 *
 * The running configuration is read into a tree (indentation is nesting)
 * and the lines are applied to it the way the device applies them: mode
 * lines such as "interface X" create or enter a block, "no X" removes what
 * X names, trunk VLAN lists are edited as sets.  Only the part of the
 * running configuration the lines touch (the "managed part") is shown, so
 * a diff of before and after is what the push changes and nothing else.
 */
#ifndef SG_CFGTREE_H
#define SG_CFGTREE_H

#include <stdbool.h>
#include <stddef.h>

#include "inventory/vendor.h"
#include "util/sg_err.h"
#include "util/strbuf.h"

typedef enum { CFG_IOSXE, CFG_NXOS, CFG_EOS, CFG_AOSCX } cfg_dialect_t;

/*
 * The dialect the descriptor names in cli.dialect; -1 when it names none
 * (or has no cli section), so push cannot type its configuration.
 */
int	cfg_dialect_of(const vendor_t *v);

/*
 * Whether running (len bytes, what `show running-config` printed) can be
 * read as the device's configuration.  SG_EINVAL with a message naming
 * the line for a NUL byte (binary data, not a printout), a pager prompt or
 * the backspaces that erase one (paging is on, so the printout is cut
 * into screens), and, on IOS XE and EOS, a printout that stops before its
 * closing "end" (cut short).  Reading a configuration that is not there
 * would make every entry look removed.
 */
int	cfg_check_printout(cfg_dialect_t d, const char *running, size_t len,
	    sg_err_t *err);

/*
 * running (rlen bytes) is what `show running-config` printed: "\n" or
 * "\r\n" line ends; "Building configuration...", "Current configuration"
 * lines, "end", '!' comment lines and blank lines are ignored; nesting is
 * read from relative indentation of any width.  lines (llen bytes) are the
 * lines spangen will enter in configuration mode (an intended.cfg or
 * rollback.cfg): '!' comments and the header lines above ignored,
 * indentation is nesting, "exit" closes the innermost open block (a mode
 * line such as "interface X", or a line with more indented lines under
 * it), "end" closes them all.
 *
 * Sets before to the managed part of running and after to what that part
 * will be once the lines are entered.  The managed part is every top-level
 * entry the lines open, hit, create or remove, whole (an interface block is
 * shown with all its lines, not only the ones spangen writes), plus every
 * top-level "monitor session ID ..." or "mirror session ID ..." entry for a
 * session ID the lines mention, so a source added on the device by hand
 * shows up.  Both are canonical indented text: one entry a line, children
 * indented one space a level (CFG_IOSXE) or two (the others), entries in
 * running order and entries the lines create after them in the order the
 * lines create them.  before and after are equal, byte for byte, exactly
 * when entering the lines changes nothing.
 *
 * Lines act like on the device: a mode line ("interface X", "vlan N",
 * "monitor session N type ...", NX-OS "monitor session N", AOS-CX "mirror
 * session N", IOS XE "source"/"destination" inside an ERSPAN session) or a
 * line with lines indented under it creates or enters that entry; any
 * other line adds itself unless already there.  "no X" removes every entry
 * at its level that is X or starts with "X " ("no monitor session 2" takes
 * the flat "monitor session 2 ..." lines and the "monitor session 2 type
 * ..." block), unless the entry "no X" itself is there.  "shut" and "no
 * shut" (or "shutdown") are one setting that each replaces.  An entry
 * removed and entered again keeps its place, so entering what the device
 * already holds, in any order, shows no change.
 *
 * Trunk VLAN lists (IOS XE, NX-OS, EOS) are sets: "switchport trunk allowed
 * vlan add|remove|except LIST", "all", "none" or a plain LIST edit the one
 * "switchport trunk allowed vlan RANGES" line of the interface, written in
 * ascending order with ranges ("1-899,901").  A missing line means all
 * VLANs, as on the devices: "add" to it changes nothing, and a list that
 * becomes 1-4094 is no line.  Continuation lines ("... vlan add 1000-1100")
 * in running are merged into the line before them.  AOS-CX lists are sets
 * too, edited by adding ("vlan trunk allowed LIST") and taking out ("no
 * vlan trunk allowed LIST"), printed as one line, "all" for every VLAN.
 *
 * SG_EINVAL, with a message "line N: ...", for lines it cannot interpret:
 * an "exit" with no open block, a bare "no", a VLAN list that does not
 * parse (in the lines, or in the running line they edit), a NUL byte.
 * SG_ETOOBIG when before or after reaches its limit.  On error before and
 * after are left empty.
 */
int	cfg_preview(cfg_dialect_t d, const char *running, size_t rlen,
	    const char *lines, size_t llen, strbuf_t *before, strbuf_t *after,
	    sg_err_t *err);

/*
 * Whether two managed parts (outputs of cfg_preview()) hold the same
 * configuration: the same entries under the same parents, in any order.
 * Nothing spangen manages (sessions and their sources, VLANs, an
 * interface's settings) means something different in another order,
 * while devices differ in where they list an entry entered again and in
 * the order of a session's lines, so the preview and the read-back
 * compare this way.
 */
bool	cfg_same(const char *a, size_t alen, const char *b, size_t blen);

/*
 * Appends a summary of what changes from before to after (the outputs of
 * cfg_preview()), one line per change:
 *
 *	session 2: add: source interface Gi1/0/5 both; destination ...
 *	session 3: remove
 *	session 1: remove: source interface Ethernet1/11 both
 *	session 1: change: destination interface Ethernet1/47 -> interface ...
 *	vlan 901: add remote-span
 *	vlan 901: remove
 *	interface Ethernet1/48: add switchport monitor
 *	interface Ethernet1/48: change description a -> b
 *	trunk TenGigabitEthernet1/1/1: allow vlan 901
 *	trunk TenGigabitEthernet1/1/1: stop allowing vlan 901-902
 *	add: monitor erspan origin ip-address 203.0.113.4 global
 *
 * Sessions group the flat "monitor session ID ..." lines and the lines of
 * a session block; nested lines read as their path ("destination erspan-id
 * 100").  A removed and an added line that start the same way (the same
 * path and first word) are shown as one change.  Objects come in the order
 * they appear in before, then the new ones in after order.  Returns the
 * number of lines appended: 0 when nothing changes.
 */
size_t	cfg_semantic(cfg_dialect_t d, const char *before, size_t blen,
	    const char *after, size_t alen, strbuf_t *out);

#endif
