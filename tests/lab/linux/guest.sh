#!/bin/sh
# init (PID 1) of the User-Mode Linux guest that test_lab_linux.sh boots:
# the host's file system is the guest's root. Mounts what the lab needs,
# loads the kernel's modules from the user-mode-linux package, runs
# scenario.sh and powers off. The kernel command line brings SG_SPANGEN,
# SG_SOURCE_DIR and SG_LAB_DIR; the result goes to SG_LAB_DIR/status.
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
HOME=/root
LC_ALL=C
SPANGEN_DATADIR=$SG_SOURCE_DIR
export PATH HOME LC_ALL SPANGEN_DATADIR
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t tmpfs tmpfs /run
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /dev/pts && mount -t devpts devpts /dev/pts
# An empty home for root: the sshd sessions' shells then run none of the
# host's dotfiles, and nothing the guest does lands in the host's /root.
mkdir -p "$SG_LAB_DIR/home"
mount --bind "$SG_LAB_DIR/home" /root
version=$(uname -r)
mods=$SG_LAB_DIR/modules
mkdir -p "$mods/lib/modules"
ln -sfn "/usr/lib/uml/modules/$version" "$mods/lib/modules/$version"
printf '#!/bin/sh\nexec /sbin/modprobe -d %s "$@"\n' "$mods" >"$SG_LAB_DIR/modprobe"
chmod +x "$SG_LAB_DIR/modprobe"
echo "$SG_LAB_DIR/modprobe" >/proc/sys/kernel/modprobe
for m in ipv6 veth bridge ip_gre sch_ingress cls_matchall act_mirred; do
	"$SG_LAB_DIR/modprobe" "$m" || echo "guest: modprobe $m failed"
done
ip link set lo up
SG_LAB_TRACE=${SG_LAB_TRACE-} bash "$SG_SOURCE_DIR/tests/lab/linux/scenario.sh" "$SG_SPANGEN" \
	"$SG_SOURCE_DIR" "$SG_LAB_DIR/work" >"$SG_LAB_DIR/scenario.log" 2>&1
echo $? >"$SG_LAB_DIR/status"
sync
echo o >/proc/sysrq-trigger
sleep 10
