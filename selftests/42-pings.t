#!/bin/sh
# The `pings` device ("Internet of Pings"), driven from the host: a kernel
# without IPv4 (INET off, AF_PACKET on) and tools/pingsd, lwIP's raw API on
# a packet socket, as its TCP/IP. Through tools/vm --forward, the host's
# tools/echo-client sends 1,000 UDP datagrams (1 to 1472 bytes) and makes
# 100 TCP connections (streams of 1 byte to 64 KiB) to the echo port:
# every reply byte-exact, no datagram lost (QEMU's user network loses
# none). pingsd is built where the arch has a glibc toolchain (x86_64);
# the i386 pings kernel is built and booted by 10-boot.t.
# requires: x86_64-pings
# timeout: 600
. "$(dirname "$0")/lib.sh"

client=$TOP/tools/echo-client/echo-client
make -s -C "$TOP/tools/echo-client" >&2 || { echo "not ok - tools/echo-client builds"; exit 0; }
t=x86_64/pings
check "$t: the kernel has no IPv4" config_is x86_64-pings INET n
check "$t: the kernel has AF_PACKET" config_is x86_64-pings PACKET y

log=$T_LOG/pings-x86_64
: >"$log.err"	# before the job below opens it, vm_forwarded may read it
"$VM" --arch x86_64 --profile pings --timeout 500 \
	--forward tcp:7 --forward udp:7 --forward udp:9 \
	-- 'pingsd -x 9 && echo "pingsd ended"' >"$log.out" 2>"$log.err" &
vm=$!
udp=$(vm_forwarded "$log.err" udp 7 "$vm") &&
	tcp=$(vm_forwarded "$log.err" tcp 7 "$vm") &&
	quit=$(vm_forwarded "$log.err" udp 9 "$vm")
ok $? "$t: tools/vm forwards the echo ports (tcp $tcp, udp $udp)"

# until the device answers one datagram (boot, pingsd start), 300 s at most
i=0
while [ $i -lt 150 ] && running "$vm"; do
	"$client" -u 1 -w 2 -U "$udp" 127.0.0.1 1 >/dev/null 2>&1 && break
	i=$((i + 1))
done
"$client" -u 1000 -t 100 -s 65536 -U "$udp" -T "$tcp" -Q "$quit" 127.0.0.1 1 \
	>"$log.client" 2>&1
st=$?
sed 's/^/# /' "$log.client" | head -n 12
check "$t: 1,000 UDP datagrams echoed byte-exact, none lost" \
	grep -q '^udp: sent 1000, echoed 1000, lost 0, wrong 0$' "$log.client"
check "$t: 100 TCP streams (1 byte to 64 KiB) echoed byte-exact" \
	grep -q '^tcp: connections 100, byte-exact 100, failed 0' "$log.client"
ok "$st" "$t: echo-client status $st"
wait "$vm"
st=$?
grep '^pingsd' "$log.out" | sed 's/^/# /'
check "$t: pingsd ends on its quit datagram, and the guest cleanly (status $st)" \
	[ "$st" -eq 0 ]
# counts: the device's own counts agree: the probes that found it up
# were echoed too (one, unless one was answered late)
counts() {
	awk '/^pingsd: frames/ { gsub(/;/, ""); u = $9; c = $12 }
		END { exit !(u >= 1001 && u <= 1001 + '"$i"' && c == 100) }' "$log.out"
}
check "$t: pingsd counted the UDP echoes (1,000 and the probe) and 100 TCP connections" counts
exit 0
