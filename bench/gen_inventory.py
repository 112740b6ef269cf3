#!/usr/bin/env python3
"""Writes a large, valid spangen inventory to stdout for benchmarks.

Topology: core switches (some of them ERSPAN decapsulators) in a routed
ring, distribution switches trunked to the cores, access switches trunked to
the distribution layer, and branch switches behind WAN links to the cores.
DCs sit on access and branch switches and no sensor lists them, so the
planner pairs every DC itself; sensors sit on access switches of their own.

    gen_inventory.py [--switches N] [--dcs N] [--sensors N] [--seed N]
"""
import argparse
import random


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--switches", type=int, default=10000)
    ap.add_argument("--dcs", type=int, default=5000)
    ap.add_argument("--sensors", type=int, default=500)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rnd = random.Random(a.seed)

    cores = max(2, a.switches // 1000)
    branches = max(1, a.switches // 200)
    dists = max(1, a.switches // 20)
    access = a.switches - cores - branches - dists
    sensor_switches = min(a.sensors, access // 2)
    dc_access = access - sensor_switches

    out = []
    w = out.append
    w("spangen: 1\nname: bench\n")
    w("defaults: {username: netops, auth: key}\n")
    w('pools: {rspan_vlans: ["2000-3999"], erspan_ids: ["1-1023"]}\n')
    w("switches:\n")
    for i in range(cores):
        decap = ", decap: true" if i % 2 == 0 else ""
        w(f"  - {{name: core{i}, vendor: cisco-iosxe, mgmt: core{i}.example.net, "
          f"address: 198.18.{i // 250}.{i % 250 + 1}{decap}}}\n")
    for i in range(dists):
        w(f"  - {{name: dist{i}, vendor: cisco-iosxe, mgmt: dist{i}.example.net}}\n")
    for i in range(access):
        w(f"  - {{name: acc{i}, vendor: cisco-iosxe, mgmt: acc{i}.example.net, "
          f"in_use: {{vlans: [1, 10, 20], sessions: [1]}}}}\n")
    for i in range(branches):
        w(f"  - {{name: br{i}, vendor: cisco-iosxe, mgmt: br{i}.example.net, "
          f"address: 198.19.{i // 250}.{i % 250 + 1}}}\n")

    w("links:\n")
    for i in range(cores):
        w(f"  - {{kind: routed, a: \"core{i}:TenGigabitEthernet1/0/1\", "
          f"b: \"core{(i + 1) % cores}:TenGigabitEthernet1/0/2\", mtu: 9000}}\n")
    for i in range(dists):
        c = i % cores
        w(f"  - {{kind: trunk, a: \"dist{i}:TenGigabitEthernet1/0/1\", "
          f"b: \"core{c}:TenGigabitEthernet2/{i // 48}/{i % 48 + 1}\"}}\n")
    for i in range(access):
        d = i % dists
        w(f"  - {{kind: trunk, a: \"acc{i}:TenGigabitEthernet1/1/1\", "
          f"b: \"dist{d}:TenGigabitEthernet2/{i // dists // 48}/{(i // dists) % 48 + 1}\"}}\n")
    for i in range(branches):
        c = i % cores
        w(f"  - {{kind: wan, a: br{i}, b: core{c}, mbps: 1000, "
          f"headroom_mbps: 600, mtu: 1600}}\n")

    w("domain_controllers:\n")
    used = {}
    for i in range(a.dcs):
        if i % 50 == 49:
            sw = f"br{rnd.randrange(branches)}"
        else:
            sw = f"acc{sensor_switches + rnd.randrange(dc_access)}"
        n = used.get(sw, 0) + 1
        used[sw] = n
        w(f"  - {{name: DC{i:05d}, address: 10.{i // 65536}.{i // 256 % 256}.{i % 256}, "
          f"mbps: 20, ports: [\"{sw}:GigabitEthernet1/0/{n}\"], ntp: [10.255.0.1]}}\n")

    w("sensors:\n")
    for i in range(a.sensors):
        sw = f"acc{i % sensor_switches}"
        w(f"  - {{name: S{i:04d}, port: \"{sw}:GigabitEthernet2/0/{i // sensor_switches + 1}\", "
          f"ntp: [10.255.0.1]}}\n")
    print("".join(out), end="")


if __name__ == "__main__":
    main()
