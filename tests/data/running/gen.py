#!/usr/bin/env python3
"""Writes the running-configuration fixtures for devsim --faithful.

    python3 gen.py [DIR]      (default: the directory of this script)

Each file is a large running configuration of one dialect in the form the
device prints it (and devsim --faithful prints it back byte for byte):
hundreds of interfaces, production VLANs with names and SVIs, trunks with
long lists, banners, a certificate block where the platform prints one,
and monitor (mirror) sessions already configured.  Everything is derived
from fixed arithmetic, so the output is the same on every run; the names,
addresses and secrets are invented (documentation address ranges).
"""
import hashlib
import os
import sys

# --- VLAN lists as each dialect prints them ---


def runs(vlans):
    """Sorted VLAN ids -> [(lo, hi), ...] of consecutive runs."""
    out = []
    for v in sorted(set(vlans)):
        if out and v == out[-1][1] + 1:
            out[-1] = (out[-1][0], v)
        else:
            out.append((v, v))
    return out


def items(vlans, keep_pairs):
    """IOS XE (and AOS-CX in devsim) keep a pair as "2,3"; NX-OS and EOS
    write "2-3"; runs of three or more are ranges everywhere."""
    out = []
    for lo, hi in runs(vlans):
        if lo == hi:
            out.append(str(lo))
        elif hi == lo + 1 and keep_pairs:
            out += [str(lo), str(hi)]
        else:
            out.append("%d-%d" % (lo, hi))
    return out


def wrapped(indent, kw, its, first, more):
    """The list cut into "kw LIST" and "kw add LIST" lines: an item goes
    on the line while the line stays within the limit (0: no limit)."""
    lines, cur, count, lim = [], indent + kw, 0, first
    for it in its:
        if count and lim and len(cur) + 1 + len(it) > lim:
            lines.append(cur)
            cur, count, lim = indent + kw + "add ", 0, more
        cur += ("," if count else "") + it
        count += 1
    lines.append(cur)
    return lines


def trunk_vlans(seed, n):
    """A deterministic scattered set of n VLANs: singles, pairs and runs."""
    shapes = (1, 2, 1, 4, 1, 2, 3, 1)
    out, v, i = [], 100 + seed * 7 % 900, 0
    while len(out) < n:
        k = shapes[(i + seed) % len(shapes)]
        out.extend(range(v, v + k))
        v += k + 1 + (i * 5 + seed) % 7
        i += 1
    return out[:n]


def hexlines(tag, nbytes, indent):
    """Certificate-looking hex: 8 words of 8 digits a line."""
    data = b""
    block = tag.encode()
    while len(data) < nbytes:
        block = hashlib.sha256(block).digest()
        data += block
    data = data[:nbytes]
    words = [data[i:i + 4].hex().upper() for i in range(0, len(data), 4)]
    return [indent + " ".join(words[i:i + 8]) for i in range(0, len(words), 8)]


def b64lines(tag, nbytes):
    import base64
    data = b""
    block = tag.encode()
    while len(data) < nbytes:
        block = hashlib.sha256(block).digest()
        data += block
    text = base64.b64encode(data[:nbytes]).decode()
    return [text[i:i + 64] for i in range(0, len(text), 64)]


VLANS = [(10, "users"), (20, "voice"), (30, "printers"), (40, "cameras"),
         (50, "building-mgmt"), (60, "guest"), (100, "servers"),
         (110, "storage"), (120, "backup"), (200, "dmz"), (999, "parking")]

# --- Cisco IOS XE (Catalyst 9300 stack of six) ---


def iosxe():
    b = []
    a = b.append
    for l in ("!", "! Last configuration change at 10:14:07 UTC Tue Mar 4 2025"
              " by netops",
              "! NVRAM config last updated at 10:14:09 UTC Tue Mar 4 2025 by"
              " netops", "!", "version 17.9",
              "service timestamps debug datetime msec",
              "service timestamps log datetime msec",
              "service password-encryption", "service call-home",
              "platform punt-keepalive disable-kernel-core", "!",
              "hostname campus-acc1", "!", "!", "vrf definition Mgmt-vrf",
              " !", " address-family ipv4", " exit-address-family", " !",
              " address-family ipv6", " exit-address-family", "!",
              "logging buffered 65536 informational",
              "no logging console",
              "enable secret 9 $9$kq3f1bXw0dL2Gm$Wn0c2m4Rl8ZyT5vE1uQxJpHsAaBd"
              "CeFgIiKkLlMmNn",
              "!", "aaa new-model", "!", "!",
              "aaa authentication login default group tacacs+ local",
              "aaa authorization exec default group tacacs+ if-authenticated ",
              "!", "!", "aaa session-id common", "!"):
        a(l)
    for s in range(1, 7):
        a("switch %d provision c9300-48p" % s)
    for l in ("!", "!", "!", "!", "!", "ip name-server 192.0.2.53 198.51.100.53",
              "no ip domain lookup", "ip domain name campus.example.net", "!",
              "!", "!", "login on-success log", "vtp mode transparent", "!",
              "!", "!", "!",
              "crypto pki trustpoint TP-self-signed-2043859145",
              " enrollment selfsigned",
              " subject-name cn=IOS-Self-Signed-Certificate-2043859145",
              " revocation-check none",
              " rsakeypair TP-self-signed-2043859145", "!",
              "crypto pki trustpoint SLA-TrustPoint", " enrollment pkcs12",
              " revocation-check crl", "!", "!",
              "crypto pki certificate chain TP-self-signed-2043859145",
              " certificate self-signed 01"):
        a(l)
    b += hexlines("self-signed", 820, "  ")
    a("  \tquit")
    a("crypto pki certificate chain SLA-TrustPoint")
    a(" certificate ca 01")
    b += hexlines("sla-ca", 1060, "  ")
    a("  \tquit")
    for l in ("!", "license boot level network-advantage addon dna-advantage",
              "!", "!", "diagnostic bootup level minimal", "!",
              "spanning-tree mode rapid-pvst", "spanning-tree extend system-id",
              "!", "!", "redundancy", " mode sso", "!", "!", "!",
              "transceiver type all", " monitoring", "!"):
        a(l)
    for v, name in VLANS:
        a("vlan %d" % v)
        a(" name %s" % name)
        a("!")
    a("vlan 901")
    a(" name rspan-transit")
    a(" remote-span")
    a("!")
    a("!")
    a("class-map match-any system-cpp-police-topology-control")
    a("  description Topology control")
    a(" match none")
    a("!")
    a("policy-map system-cpp-policy")
    a("!")
    a("!")
    a("interface Port-channel1")
    a(" description uplink to dist1")
    # this list has a line of exactly 79 columns and a cut where the next
    # item would have made 80, so an off-by-one in the wrap shows
    for l in wrapped(" ", "switchport trunk allowed vlan ",
                     items(trunk_vlans(21, 260), True), 79, 79):
        a(l)
    a(" switchport mode trunk")
    a("!")
    a("interface Port-channel2")
    a(" description uplink to dist2")
    a(" switchport trunk allowed vlan 2,3")
    a(" switchport mode trunk")
    a("!")
    a("interface GigabitEthernet0/0")
    a(" vrf forwarding Mgmt-vrf")
    a(" ip address 192.0.2.11 255.255.255.0")
    a(" negotiation auto")
    a("!")
    for s in range(1, 7):
        for p in range(1, 49):
            a("interface GigabitEthernet%d/0/%d" % (s, p))
            n = s * 100 + p
            if p == 48 and s == 4:
                a(" description sensor S-old")
                a(" switchport mode access")
                a(" spanning-tree portfast")
            elif p >= 45:
                a(" description ap-%d-%d" % (s, p))
                a(" switchport trunk native vlan 50")
                a(" switchport trunk allowed vlan 10,20,50,60")
                a(" switchport mode trunk")
            elif n % 17 == 0:
                a(" shutdown")
            else:
                v = VLANS[n % 5][0]
                a(" description desk-%d-%02d" % (s, p))
                a(" switchport access vlan %d" % v)
                a(" switchport mode access")
                a(" switchport voice vlan 20")
                a(" spanning-tree portfast")
                a(" spanning-tree bpduguard enable")
            a("!")
        for p in range(1, 9):
            a("interface TenGigabitEthernet%d/1/%d" % (s, p))
            if p <= 2:
                a(" description member %d uplink %d" % (s, p))
                a(" switchport trunk allowed vlan 1-899")
                a(" switchport mode trunk")
                a(" channel-group %d mode active" % p)
            a("!")
        a("interface AppGigabitEthernet%d/0/1" % s)
        a("!")
    a("interface Vlan1")
    a(" no ip address")
    a(" shutdown")
    a("!")
    for i, (v, name) in enumerate(VLANS[:7]):
        a("interface Vlan%d" % v)
        a(" description %s" % name)
        a(" ip address 10.%d.%d.2 255.255.255.0" % (v // 100, v % 100))
        a(" ip helper-address 192.0.2.67")
        a(" standby %d ip 10.%d.%d.1" % (v, v // 100, v % 100))
        a("!")
    for l in ("ip forward-protocol nd", "no ip http server",
              "no ip http secure-server",
              "ip route vrf Mgmt-vrf 0.0.0.0 0.0.0.0 192.0.2.1",
              "ip ssh version 2", "!", "!",
              "ip access-list standard MGMT", " 10 permit 192.0.2.0 0.0.0.255",
              " 20 deny   any", "!",
              "monitor session 1 source interface Gi1/0/10 - 11 , Gi2/0/4",
              "monitor session 1 source interface Gi3/0/1 rx",
              "monitor session 1 destination interface Gi4/0/48",
              "monitor session 5 type erspan-source",
              " description legacy tap", " source interface Gi5/0/20",
              " no shutdown", " destination", "  ip address 192.0.2.50",
              "  erspan-id 5", "  mtu 1464", "  origin ip address 192.0.2.11",
              "!",
              "snmp-server community s3cr3t-ro RO MGMT",
              "snmp-server location Building 4, floor 2",
              "snmp-server host 192.0.2.162 version 2c s3cr3t-ro ",
              "!", "tacacs server ts1", " address ipv4 192.0.2.49",
              " key 7 0822455D0A16544541", "!", "!", "control-plane",
              " service-policy input system-cpp-policy", "!",
              "banner exec ^C", "campus-acc1 -- Building 4 access stack",
              "Changes need a ticket number.", "^C",
              "banner motd ^C",
              "*****************************************************",
              "*  Authorized access only.  Disconnect now if you   *",
              "*  are not an authorized user!                      *",
              "!   (a line that starts with a bang)",
              "   (and one that starts with blanks)",
              "",
              "*****************************************************",
              "^C", "!", "line con 0", " exec-timeout 15 0", " stopbits 1",
              "line aux 0", "line vty 0 4", " access-class MGMT in",
              " exec-timeout 30 0", " transport input ssh", "line vty 5 15",
              " access-class MGMT in", " transport input ssh", "!",
              "call-home", " contact-email-addr netops@example.net",
              " profile \"CiscoTAC-1\"", "  active",
              "  destination transport-method http", "!", "!", "!", "!"):
        a(l)
    body = "\n".join(b) + "\nend\n"
    return ("Building configuration...\n\nCurrent configuration : %d bytes\n"
            % len(body)) + body


# --- Cisco NX-OS (Nexus 9500, four line cards) ---


def nxos():
    b = []
    a = b.append
    for l in ("", "version 9.3(8) Bios:version 05.45", "hostname dc-leaf1",
              "vdc dc-leaf1 id 1",
              "  limit-resource vlan minimum 16 maximum 4094",
              "  limit-resource vrf minimum 2 maximum 4096",
              "  limit-resource port-channel minimum 0 maximum 511",
              "  limit-resource u4route-mem minimum 248 maximum 248", "",
              "feature nxapi", "feature scp-server", "feature interface-vlan",
              "feature hsrp", "feature lacp", "feature vpc", "feature lldp", "",
              "no password strength-check",
              "username admin password 5 $5$KJHGFD$mN0pQ1rS2tU3vW4xY5zA6bC7dE8"
              "fG9hI0jK1lM2nO3  role network-admin",
              "ip domain-lookup", "copp profile strict",
              "snmp-server user admin network-admin auth md5 0x5a2f2b1c3d4e5f60"
              "718293a4b5c6d7e8 priv 0x5a2f2b1c3d4e5f60718293a4b5c6d7e8"
              " localizedkey",
              "rmon event 1 description FATAL(1) owner PMON@FATAL",
              "rmon event 2 description CRITICAL(2) owner PMON@CRITICAL", "",
              "banner motd #",
              "dc-leaf1: authorized access only.",
              "  All sessions are logged.",
              "#", "",
              "ip route 0.0.0.0/0 192.0.2.1",
              "vlan 1,10,20,30,40,50,60,100,110,120,200,999,901"):
        a(l)
    for v, name in VLANS:
        a("vlan %d" % v)
        a("  name %s" % name)
    a("vlan 901")
    a("  name rspan-transit")
    a("")
    a("crypto ca trustpoint dc-ca")
    a("  enrollment terminal")
    a("  revocation-check none")
    a("")
    a("vrf context management")
    a("  ip route 0.0.0.0/0 192.0.2.1")
    a("vpc domain 10")
    a("  peer-keepalive destination 192.0.2.12 source 192.0.2.11")
    a("")
    a("interface Vlan1")
    for v, name in VLANS[:7]:
        a("")
        a("interface Vlan%d" % v)
        a("  description %s" % name)
        a("  no shutdown")
        a("  ip address 10.%d.%d.2/24" % (v // 100, v % 100))
        a("  hsrp %d" % v)
        a("    preempt")
        a("    ip 10.%d.%d.1" % (v // 100, v % 100))
    # lists chosen so the wrap meets its limits: an add line of exactly 70
    # columns, a first line cut where the next item makes 77, a first line
    # of exactly 76, an add line cut where the next item makes 71
    for po, (d, seed, n) in enumerate([("vpc-peer-link", 1, 300),
                                       ("to-core", 253, 190),
                                       ("to-fw", 381, 190),
                                       ("to-lb", 0, 190)], 1):
        a("")
        a("interface port-channel%d" % po)
        a("  description %s" % d)
        a("  switchport mode trunk")
        for l in wrapped("  ", "switchport trunk allowed vlan ",
                         items(trunk_vlans(seed, n), False), 76, 70):
            a(l)
        a("  spanning-tree port type network")
        if po == 1:
            a("  vpc peer-link")
    a("")
    a("interface port-channel10")
    a("  description server-bond")
    a("  switchport mode trunk")
    a("  switchport trunk allowed vlan 100,110,120")
    a("  vpc 10")
    for s in range(1, 5):
        for p in range(1, 49):
            n = s * 100 + p
            a("")
            a("interface Ethernet%d/%d" % (s, p))
            if s == 4 and p >= 35:
                a("  switchport")
                a("  switchport monitor")
            elif s == 1 and p <= 4:
                a("  description peer-link member %d" % p)
                a("  switchport mode trunk")
                a("  switchport trunk allowed vlan 10,14-15")
                a("  channel-group 1 mode active")
            elif n % 13 == 0:
                a("  shutdown")
            elif p > 40:
                a("  description trunk-%d-%d" % (s, p))
                a("  switchport mode trunk")
            else:
                a("  description host-%d-%02d" % (s, p))
                a("  switchport access vlan %d" % VLANS[n % 7][0])
                a("  spanning-tree port type edge")
                a("  no shutdown")
    a("")
    a("interface mgmt0")
    a("  vrf member management")
    a("  ip address 192.0.2.11/24")
    a("")
    a("interface loopback0")
    a("  ip address 10.255.0.1/32")
    for l in ("line console", "line vty",
              "boot nxos bootflash:/nxos.9.3.8.bin",
              "monitor session 1", "  description legacy tap",
              "  source interface Ethernet1/10 both",
              "  source interface Ethernet1/11 rx",
              "  destination interface Ethernet4/36", "  no shut",
              "monitor session 2",
              "  source interface Ethernet2/5 tx",
              "  destination interface Ethernet4/35",
              "monitor session 45 type erspan-source",
              "  description to collector", "  erspan-id 45",
              "  vrf default", "  destination ip 192.0.2.50",
              "  source interface Ethernet3/1 both",
              "  source interface port-channel10 both", "  no shut",
              "monitor erspan origin ip-address 192.0.2.11 global",
              "router bgp 65010", "  router-id 10.255.0.1",
              "  address-family ipv4 unicast",
              "    network 10.255.0.1/32", "  neighbor 192.0.2.1",
              "    remote-as 65000", "    address-family ipv4 unicast"):
        a(l)
    return "!Command: show running-config\n" + "\n".join(b) + "\n"


# --- Arista EOS (7504R, four line cards) ---


def eos():
    b = []
    a = b.append
    for l in ("!", "! boot system flash:/EOS-4.23.0.1F.swi", "!",
              "transceiver qsfp default-mode 4x10G", "!",
              "service routing protocols model multi-agent", "!",
              "hostname dc-spine1", "ip name-server vrf MGMT 192.0.2.53", "!",
              "ntp server vrf MGMT 192.0.2.123 prefer", "!",
              "spanning-tree mode mstp", "!", "no aaa root", "!",
              "username admin role network-admin secret sha512 $6$Qw3rTy$Zx9"
              "Cv8Bn7Mm6Ll5Kk4Jj3Hh2Gg1Ff0Dd9Ss8Aa7Pp6Oo5Ii4Uu3Yy2Tt1Rr0Ee", "!",
              "banner login",
              "dc-spine1: authorized access only.",
              "!  this line starts with a bang",
              "   and this one with blanks",
              "EOF", "!"):
        a(l)
    for v, name in VLANS + [(901, "rspan-transit")]:
        a("vlan %d" % v)
        a("   name %s" % name)
        a("!")
    a("vrf instance MGMT")
    a("!")
    a("interface Port-Channel1")
    a("   description peer-link")
    a("   switchport trunk allowed vlan 2-4094")
    a("   switchport mode trunk")
    a("!")
    a("interface Port-Channel3")
    a("   description to-leafs")
    a("   switchport trunk allowed vlan "
      + ",".join(items(trunk_vlans(3, 320), False)))
    a("   switchport mode trunk")
    a("!")
    a("interface Port-Channel4")
    a("   switchport trunk allowed vlan 110-111,120-121,130-131")
    a("   switchport mode trunk")
    a("!")
    for s in range(3, 7):
        for p in range(1, 49):
            n = s * 100 + p
            a("interface Ethernet%d/%d" % (s, p))
            if s == 6 and p == 48:
                a("   description sensor S-old")
            elif p > 44:
                a("   description trunk-%d-%d" % (s, p))
                a("   switchport mode trunk")
            elif n % 11 == 0:
                a("   shutdown")
            else:
                a("   description host-%d-%02d" % (s, p))
                a("   switchport access vlan %d" % VLANS[n % 7][0])
            a("!")
    a("interface Loopback0")
    a("   ip address 10.255.1.1/32")
    a("!")
    a("interface Management1/1")
    a("   vrf MGMT")
    a("   ip address 192.0.2.21/24")
    a("!")
    for v, name in VLANS[:7]:
        a("interface Vlan%d" % v)
        a("   description %s" % name)
        a("   ip address virtual 10.%d.%d.1/24" % (v // 100, v % 100))
        a("!")
    for l in ("monitor session legacy source Ethernet3/9 rx",
              "monitor session legacy source Ethernet3/10",
              "monitor session legacy source Ethernet4/2 tx",
              "monitor session legacy destination Ethernet6/48", "!",
              "ip routing", "no ip routing vrf MGMT", "!",
              "ip route vrf MGMT 0.0.0.0/0 192.0.2.1", "!",
              "router bgp 65001", "   router-id 10.255.1.1",
              "   neighbor LEAFS peer group", "   neighbor LEAFS remote-as 65010",
              "   !", "   address-family ipv4",
              "      neighbor LEAFS activate", "!",
              "management api http-commands", "   no shutdown", "   !",
              "   vrf MGMT", "      no shutdown", "!"):
        a(l)
    return ("! Command: show running-config\n"
            "! device: dc-spine1 (vEOS, EOS-4.23.0.1F)\n"
            + "\n".join(b) + "\nend\n")


# --- HPE Aruba AOS-CX (6400, four line cards) ---


def aoscx():
    b = []
    a = b.append
    for l in ("!Version ArubaOS-CX FL.10.10.1100", "!export-password: default",
              "hostname campus-core1",
              "alias  diff        checkpoint diff startup-config "
              "running-config  ",
              "user admin group administrators password ciphertext AQBapZ3c"
              "lBkOmTyE0eXc5Rt7HqL2yM8pN4wV6sJ1fD9gK3hU",
              "clock timezone europe/berlin",
              "logging filter no_restd", "    enable",
              "     20 deny event-id 4602,4605,4608",
              "profile default", "vrf KA",
              "ntp server 192.0.2.123 iburst", "ntp enable",
              "cli-session", "    timeout 1440", "!", "!", "!",
              "banner motd !",
              "campus-core1: authorized access only.",
              "   Sessions are logged.",
              "!",
              "crypto pki ta-profile campus-root",
              "    ta-certificate",
              "-----BEGIN CERTIFICATE-----"):
        a(l)
    b += b64lines("campus-root", 900)
    for l in ("-----END CERTIFICATE-----", "    END_OF_CERTIFICATE",
              "ssh server vrf mgmt", "vlan 1"):
        a(l)
    for v, name in VLANS + [(901, "rspan-transit")]:
        a("vlan %d" % v)
        a("    name %s" % name)
    a("spanning-tree")
    a("interface mgmt")
    a("    no shutdown")
    a("    ip static 192.0.2.31/24")
    a("interface lag 1 multi-chassis")
    a("    description to-dist")
    a("    no shutdown")
    a("    no routing")
    a("    vlan trunk native 1")
    a("    vlan trunk allowed " + ",".join(items(trunk_vlans(7, 150), True)))
    a("    lacp mode active")
    a("interface lag 2 multi-chassis")
    a("    no shutdown")
    a("    no routing")
    a("    vlan trunk native 1")
    a("    vlan trunk allowed all")
    a("    lacp mode active")
    a("interface lag 45")
    a("    no shutdown")
    a("    no routing")
    a("    vlan access 100")
    for s in range(1, 5):
        for p in range(1, 53):
            n = s * 100 + p
            a("interface 1/%d/%d" % (s, p))
            if s == 1 and p <= 2:
                a("    description lag1 member")
                a("    no shutdown")
                a("    lag 1")
            elif s == 4 and p == 48:
                a("    description sensor S-old")
                a("    no shutdown")
            elif p > 48:
                a("    description uplink-%d-%d" % (s, p))
                a("    no shutdown")
                a("    no routing")
                a("    vlan trunk native 1")
                a("    vlan trunk allowed 1,2,206")
            elif n % 19 == 0:
                a("    shutdown")
                a("    no routing")
                a("    vlan access 1")
            else:
                a("    no shutdown")
                a("    no routing")
                a("    vlan access %d" % VLANS[n % 7][0])
    a("interface vlan 1")
    a("    no ip dhcp")
    for v, name in VLANS[:7]:
        a("interface vlan %d" % v)
        a("    description %s" % name)
        a("    ip address 10.%d.%d.1/24" % (v // 100, v % 100))
    for l in ("snmp-server vrf mgmt",
              "snmp-server community s3cr3t-ro",
              "ip route 0.0.0.0/0 192.0.2.1",
              "mirror session 1",
              "    destination tunnel 192.0.2.50 source 192.0.2.31",
              "    source interface lag45 rx",
              "mirror session 3",
              "    comment legacy tap",
              "    destination interface 1/4/48",
              "    source interface 1/2/7 both",
              "    source interface 1/3/9 tx",
              "    enable",
              "!", "!", "!", "!", "!",
              "https-server vrf mgmt"):
        a(l)
    return "Current configuration:\n!\n" + "\n".join(b) + "\n"


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(
        os.path.abspath(__file__))
    for name, fn in (("iosxe", iosxe), ("nxos", nxos), ("eos", eos),
                     ("aoscx", aoscx)):
        with open(os.path.join(out, name + ".cfg"), "w", newline="\n") as f:
            f.write(fn())


if __name__ == "__main__":
    main()
