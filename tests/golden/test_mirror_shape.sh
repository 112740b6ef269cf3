#!/usr/bin/env bash
# What every mirror spangen renders must look like for a Defender for
# Identity sensor, checked on the golden bundles (which the render test
# proves are what the templates give today):
#  1. both directions of every source, in one session, to one destination:
#     the sensor does not take a DC's Rx and Tx on different ports;
#  2. no truncation or sampling: the sensor needs whole frames, all of them.
# A template or vendor descriptor that would split the directions, or cut
# or thin the frames, fails here. Usage: test_mirror_shape.sh SOURCE-DIR
set -u
src=${1:?usage: test_mirror_shape.sh SOURCE-DIR}
exec python3 - "$src" <<'EOF'
import glob, json, os, re, sys
from collections import defaultdict

src = sys.argv[1]
failures = []
checked = defaultdict(int)

def fail(where, what):
    failures.append("%s: %s" % (where, what))

def lines(path):
    with open(path, encoding="utf-8") as f:
        return [l.rstrip("\n") for l in f]

def code(path):
    # what a device is given, without comments
    out = []
    for l in lines(path):
        s = l.strip()
        if not s or s.startswith(("!", "#", "<!--", "{{!")):
            continue
        out.append(s)
    return out

# --- 1. both directions, one destination -------------------------------
def cli_both(where, text):
    # IOS XE, NX-OS, EOS, AOS-CX: "source interface X both" or
    # "monitor session N source X both"; rx or tx alone splits
    for l in text:
        m = re.match(r"^(?:monitor session \S+ )?source (?:interface )?(\S+)(?: (.*))?$", l)
        if not m or m.group(1) in ("ip", "vlan", "remote"):  # an RSPAN VLAN carries both already
            continue
        checked["cli source"] += 1
        if (m.group(2) or "").split()[:1] != ["both"]:
            fail(where, "source %s is not mirrored in both directions: %r" % (m.group(1), l))
    dests = defaultdict(set)
    for l in text:
        m = re.match(r"^monitor session (\S+) destination (.*)$", l)
        if m:
            dests[m.group(1)].add(m.group(2))
    for s, d in dests.items():
        if len(d) > 1:
            fail(where, "session %s has %d destinations: %s" % (s, len(d), sorted(d)))

def netconf_iosxe_both(where, raw):
    for d in re.findall(r"<direction>([^<]*)</direction>", raw):
        checked["netconf direction"] += 1
        if d != "both":
            fail(where, "a source's direction is %r, not both" % d)

def junos_both(where, text):
    ins = defaultdict(lambda: defaultdict(set))
    outs = defaultdict(set)
    for l in text:
        m = re.match(r"^set forwarding-options analyzer (\S+) input (ingress|egress) interface (\S+)$", l)
        if m:
            ins[m.group(1)][m.group(3)].add(m.group(2))
        m = re.match(r"^set forwarding-options analyzer (\S+) output (.*)$", l)
        if m:
            outs[m.group(1)].add(m.group(2))
    for a, ports in ins.items():
        for p, dirs in ports.items():
            checked["junos input"] += 1
            if dirs != {"ingress", "egress"}:
                fail(where, "analyzer %s takes %s in %s only" % (a, p, sorted(dirs)))
    for a, o in outs.items():
        if len(o) > 1:
            fail(where, "analyzer %s has %d outputs" % (a, len(o)))

def linux_both(where, text):
    hooks = defaultdict(set)
    for l in text:
        m = re.match(r"^tc filter add dev '([^']+)' (ingress|egress) pref '(\d+)' matchall action mirred egress mirror dev '([^']+)'", l)
        if m:
            hooks[(m.group(1), m.group(3), m.group(4))].add(m.group(2))
    for (dev, pref, to), h in hooks.items():
        checked["tc filter"] += 1
        # a decapsulator's erspan device carries both directions already
        if dev.startswith("spangen-") and h == {"ingress"}:
            continue
        if h != {"ingress", "egress"}:
            fail(where, "%s priority %s mirrors %s only into %s" % (dev, pref, sorted(h), to))
    sessions = defaultdict(set)
    for (dev, pref, to) in hooks:
        sessions[pref].add(to)
    for pref, to in sessions.items():
        if len(to) > 1:
            fail(where, "priority %s mirrors into %s" % (pref, sorted(to)))

def ovs_both(where, raw):
    srcs = set(re.findall(r"select-src-port='?(@[^',\s]+)", raw))
    dsts = set(re.findall(r"select-dst-port='?(@[^',\s]+)", raw))
    checked["ovs port"] += len(srcs | dsts)
    if srcs != dsts:
        fail(where, "ports selected in one direction only: %s" % sorted(srcs ^ dsts))

def vds_both(where, raw):
    rx = re.findall(r"\$s\.SourcePortReceived = (.*)", raw)
    tx = re.findall(r"\$s\.SourcePortTransmitted = (.*)", raw)
    ports = lambda l: [x for x in l if "-PortKey" in x]
    checked["vds session"] += len(ports(rx))
    if ports(rx) != ports(tx):
        fail(where, "a session's received and transmitted sources differ: %s / %s" % (ports(rx), ports(tx)))

def hyperv_both(where, text):
    for l in text:
        m = re.match(r"^Set-SpangenMirroring '([^']*)' (\S+) '(\w+)'", l)
        if m:
            checked["hyper-v adapter"] += 1
            # Hyper-V's port mirroring mode has no direction: Source is both
            if m.group(3) not in ("Source", "Destination"):
                fail(where, "adapter %s is mirrored as %s" % (m.group(1), m.group(3)))

rules = {
    "cisco-iosxe": "cli", "cisco-nxos": "cli", "arista-eos": "cli",
    "aruba-aoscx": "cli", "juniper-junos": "junos", "linux": "linux",
    "ovs": "ovs", "vmware-vds": "vds", "hyperv": "hyperv",
}
bundles = sorted(glob.glob(os.path.join(src, "tests/golden/render/*/expected")) +
                 glob.glob(os.path.join(src, "tests/golden/bundle/*")))
vendors_seen = set()
for b in bundles:
    with open(os.path.join(b, "targets.json"), encoding="utf-8") as f:
        targets = json.load(f)["devices"]
    for t in targets:
        vendor = t["vendor"]
        for path in glob.glob(os.path.join(b, "devices", t["name"], "intended.*")):
            where = os.path.relpath(path, src)
            rule = rules.get(vendor)
            if rule is None:
                fail(where, "no direction rule for vendor %s: add one to this test" % vendor)
                continue
            vendors_seen.add(vendor)
            raw = open(path, encoding="utf-8").read()
            if path.endswith(".xml"):
                if vendor == "cisco-iosxe":
                    netconf_iosxe_both(where, raw)
                continue
            text = code(path)
            {"cli": lambda: cli_both(where, text),
             "junos": lambda: junos_both(where, text),
             "linux": lambda: linux_both(where, text),
             "ovs": lambda: ovs_both(where, raw),
             "vds": lambda: vds_both(where, raw),
             "hyperv": lambda: hyperv_both(where, text)}[rule]()

# every descriptor that can mirror is covered
for d in sorted(glob.glob(os.path.join(src, "vendors/*.yaml"))):
    name = os.path.basename(d)[:-5]
    body = open(d, encoding="utf-8").read()
    mirrors = re.search(r"^\s+(span|erspan_source|rspan_source|vswitch_mirror):\s*true", body, re.M)
    if mirrors and name not in vendors_seen:
        fail(d, "mirrors, but no golden bundle renders it, so its directions go unchecked")
    m = re.search(r"^\s+directions:\s*(\d+)", body, re.M)
    # a limit of 1 would make a session carry one direction of a port
    if mirrors and m and int(m.group(1)) == 1:
        fail(d, "limits.directions is 1: one session could carry only one direction")

# --- 2. never truncation or sampling -----------------------------------
banned = re.compile(r"\b(truncat\w*|sampl\w*|snaplen|mirroredPacketLength|maximum-packet-length|header-size)\b", re.I)
for path in sorted(glob.glob(os.path.join(src, "templates/*/*.mustache"))):
    for n, l in enumerate(lines(path), 1):
        s = l.strip()
        if s.startswith(("{{!", "#", "!", "<!--")):
            continue
        checked["template line"] += 1
        if banned.search(s):
            fail("%s:%d" % (os.path.relpath(path, src), n), "renders truncation or sampling: %r" % s)
        # a "mtu" inside a monitor session truncates the mirrored frames
        if re.match(r"^\s*(<mtu>|mtu\s)", l) and "templates/linux/" not in path:
            fail("%s:%d" % (os.path.relpath(path, src), n), "renders a mirror MTU, which truncates: %r" % s)

for f in failures:
    print("FAIL: " + f)
print("mirror-shape: %s; %d failures" % (", ".join("%d %ss" % (v, k) for k, v in sorted(checked.items())), len(failures)))
sys.exit(1 if failures or not checked else 0)
EOF
