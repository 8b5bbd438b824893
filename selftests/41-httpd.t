#!/bin/sh
# The `net` profile's device: busybox httpd serves a static file byte-exact
# (httpd tries sendfile first, so this also covers kernels without it) and
# runs a CGI script, to a client on the guest's loopback. x86_64 only: the
# i386 guest has no busybox.
# requires: x86_64-net x86_64-tiny
# timeout: 600
. "$(dirname "$0")/lib.sh"

data=$T_LOG/httpd-data
mkdir -p "$data/www/cgi-bin"
# 200 KiB of varied bytes, so a short or reordered copy shows.
awk 'BEGIN { srand(42); for (i = 0; i < 204800; i++) printf "%c", 32 + int(rand() * 95) }' \
	>"$data/www/blob.bin"
printf '#!/bin/sh\necho "Content-Type: text/plain"\necho\necho "cgi says $QUERY_STRING"\n' \
	>"$data/www/cgi-bin/hello"
chmod +x "$data/www/cgi-bin/hello"
want=$(sha256sum <"$data/www/blob.bin" | cut -d' ' -f1)

# fails_cleanly: in tiny (no network) httpd fails, and does not crash the kernel
fails_cleanly() {
	vm_run httpd-tiny --arch x86_64 --profile tiny -- 'httpd -p 127.0.0.1:8080 -h /; echo rc=$?' &&
		grep -q 'rc=1' "$T_LOG/httpd-tiny.log"
}

for profile in net tiny; do
	if [ $profile = tiny ]; then
		check "x86_64/tiny: httpd fails cleanly without networking" fails_cleanly
		continue
	fi
	out=$("$VM" --arch x86_64 --profile net --add "$data/www:/www" -- '
		ip link set lo up 2>/dev/null || ifconfig lo 127.0.0.1 up
		httpd -p 127.0.0.1:8080 -h /www || exit 10
		sleep 1
		wget -q -O /tmp/got http://127.0.0.1:8080/blob.bin || exit 11
		echo "sha=$(sha256sum </tmp/got | cut -d" " -f1)"
		echo "cgi=$(wget -q -O - "http://127.0.0.1:8080/cgi-bin/hello?ping")"
	' 2>"$T_LOG/httpd-net.err")
	st=$?
	printf '%s\n' "$out" >"$T_LOG/httpd-net.log"
	ok "$st" "x86_64/net: the httpd session ran (status $st)"
	got=$(printf '%s\n' "$out" | sed -n 's/^sha=//p')
	check "x86_64/net: httpd serves 200 KiB byte-exact over loopback" [ "$got" = "$want" ]
	check "x86_64/net: httpd runs a CGI script" grep -q '^cgi=cgi says ping$' "$T_LOG/httpd-net.log"
done
exit 0
