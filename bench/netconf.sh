#!/usr/bin/env bash
# NETCONF receive-path benchmark on one ~10 MB <get-config> reply (Junos
# interfaces and analyzers) framed in base:1.1 chunks of 4 KB: spangen's
# framer and canonical <data>, streamed from libxml2's SAX2 parser as
# netconf_rpc() does (build/bin/bench_netconf),
# then the same bytes through python3-ncclient the way its SSH thread
# handles them: DefaultXMLParser.parse() on each 4096-byte read (the
# chunked-framing code path), Session._dispatch_message()'s parse_root(),
# GetReply.parse() (to_ele, lxml) and GetReply.data_xml; and the ratio of
# the two totals; and beside spangen's parse, a bare xmlReadMemory() of the
# same reply, with the ratio.  ncclient is Debian's, so this runs
# /usr/bin/python3.
# Usage: bench/netconf.sh [BUILD-DIR] [RUNS] [MB]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
runs=${2:-5}
mb=${3:-10}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$build/bin/bench_netconf" -m "$mb" -r "$runs" "$tmp/reply.framed" | tee "$tmp/c.txt"
/usr/bin/python3 - "$tmp" "$runs" <<'PY'
import io, re, statistics, sys, time
from ncclient.operations.retrieve import GetReply
from ncclient.transport.parser import DefaultXMLParser
from ncclient.transport.session import NetconfBase
from ncclient.xml_ import parse_root

BUF_SIZE = 4096  # ncclient.transport.ssh.BUF_SIZE: what one recv() hands over

class Session:
    """What DefaultXMLParser needs of ncclient's SSHSession."""
    def __init__(self):
        self._buffer = io.BytesIO()
        self._message_list = []
        self._base = NetconfBase.BASE_11
        self.replies = []

    def _dispatch_message(self, raw):
        parse_root(raw)  # Session._dispatch_message, before the listeners
        self.replies.append(raw)

tmp, runs = sys.argv[1], int(sys.argv[2])
framed = open(f"{tmp}/reply.framed", "rb").read()
frame_t, parse_t = [], []
for _ in range(runs):
    s = Session()
    p = DefaultXMLParser(s)
    t0 = time.perf_counter()
    for off in range(0, len(framed), BUF_SIZE):
        p.parse(framed[off:off + BUF_SIZE])
    t1 = time.perf_counter()
    reply = GetReply(s.replies[0])
    reply.parse()
    data = reply.data_xml
    t2 = time.perf_counter()
    assert len(s.replies) == 1 and reply.ok and len(data) > 0
    frame_t.append(t1 - t0)
    parse_t.append(t2 - t1)
fr, pa = statistics.median(frame_t), statistics.median(parse_t)
c = float(re.search(r"total ([0-9.]+) ms", open(f"{tmp}/c.txt").read()).group(1))
py = (fr + pa) * 1e3
print(f"ncclient, median of {runs}: framer {fr * 1e3:.1f} ms, parse + data_xml "
      f"{pa * 1e3:.1f} ms, total {py:.1f} ms")
print(f"ratio: spangen's receive path is {py / c:.1f}x faster than ncclient's (target 3x)")
PY
