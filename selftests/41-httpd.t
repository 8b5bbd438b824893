#!/bin/sh
# The `net` device ("things"), driven from the host: busybox httpd on the
# guest's eth0, reached through tools/vm --forward (QEMU user networking),
# answers 500 requests made 8 at a time by host curl (a static page, a
# large file and a CGI script), every one byte-exact; a keep-alive request
# is answered in full and the connection closed (busybox 1.35's httpd does
# not keep connections); clients that hang up mid-transfer leave it
# serving. On both arches (i386 runs Debian's i386 busybox-static). In
# tiny, without networking, httpd fails cleanly.
# requires: x86_64-net i386-net x86_64-tiny
# timeout: 900
. "$(dirname "$0")/lib.sh"

REQUESTS=500
PARALLEL=8
command -v curl >/dev/null || { echo "not ok - curl missing: run tools/setup"; exit 0; }

data=$T_LOG/httpd-data
rm -rf "$data" && mkdir -p "$data/www/cgi-bin"
# varied bytes, so a short, padded or reordered copy shows
awk 'BEGIN { srand(42); for (i = 0; i < 4096; i++) printf "%c", 32 + int(rand() * 95) }' \
	>"$data/www/index.html"
awk 'BEGIN { srand(7); for (i = 0; i < 524288; i++) printf "%c", 32 + int(rand() * 95) }' \
	>"$data/www/large.bin"
printf '#!/bin/sh\necho "Content-Type: text/plain"\necho\necho "cgi says $QUERY_STRING"\n' \
	>"$data/www/cgi-bin/hello"
# the host ends the session with this one
printf '#!/bin/sh\necho "Content-Type: text/plain"\necho\n: >/tmp/done\necho bye\n' \
	>"$data/www/cgi-bin/done"
chmod +x "$data/www/cgi-bin/hello" "$data/www/cgi-bin/done"

# In the guest: httpd on every address, then wait for the host to be done
# and check that httpd still runs.
guest='httpd -p 80 -h /www || exit 10
while ! [ -e /tmp/done ]; do sleep 1; done
sleep 1
pidof httpd >/dev/null || exit 11
echo "httpd still up"'

# fetch N: request number N (a CGI call every 5th, the large file every
# 50th, else the page), compared with what it must be; prints "ok N" or
# "bad N WHAT"
fetch() {
	local n got want url
	n=$1 got=$data/got.$1
	if [ $((n % 50)) -eq 0 ]; then
		url=large.bin want=$data/www/large.bin
	elif [ $((n % 5)) -eq 0 ]; then
		url="cgi-bin/hello?n$n" want=$data/want.$n
		printf 'cgi says n%s\n' "$n" >"$want"
	else
		url=index.html want=$data/www/index.html
	fi
	if ! curl -sS --max-time 120 -o "$got" "$base/$url" 2>"$got.err"; then
		echo "bad $n curl: $(head -c 200 "$got.err")"
	elif ! cmp -s "$got" "$want"; then
		echo "bad $n $url: $(wc -c <"$got") bytes, not as served"
	else
		echo "ok $n"
	fi
	rm -f "$got" "$got.err"
	[ "$url" = "${url#cgi}" ] || rm -f "$want"
}

# wait_http: until the page is served (boot and httpd start), 300 s at most
wait_http() {
	local i
	i=0
	while [ $i -lt 300 ]; do
		curl -s --max-time 5 -o "$data/probe" "$base/index.html" &&
			cmp -s "$data/probe" "$data/www/index.html" && return 0
		running "$vm" || return 1
		sleep 1
		i=$((i + 1))
	done
	return 1
}

# keepalive: one HTTP/1.1 connection asked to stay open, two requests on
# it: both answered in full, and curl had to connect again for the second
# (the server closed the first connection)
keepalive() {
	curl -sS --max-time 60 --http1.1 -H 'Connection: keep-alive' \
		-w '%{num_connects}\n' -o "$data/ka1" "$base/index.html" \
		-o "$data/ka2" "$base/large.bin" >"$data/ka.connects" &&
		cmp "$data/ka1" "$data/www/index.html" &&
		cmp "$data/ka2" "$data/www/large.bin" &&
		[ "$(sed -n 2p "$data/ka.connects")" = 1 ]
}

# hangups: four clients read a few KiB of the large file and hang up
# (curl's rate limit and time limit), then it is served whole again
hangups() {
	local i pids
	pids=""
	for i in 1 2 3 4; do
		curl -s --limit-rate 8k --max-time 2 -o /dev/null "$base/large.bin" &
		pids="$pids $!"
	done
	# shellcheck disable=SC2086 # a list of pids
	wait $pids
	curl -sS --max-time 120 -o "$data/after" "$base/large.bin" &&
		cmp "$data/after" "$data/www/large.bin"
}

for arch in x86_64 i386; do
	t=$arch/net
	# empty now: the job below may open it after vm_forwarded first reads
	: >"$T_LOG/httpd-$arch.err"
	"$VM" --arch "$arch" --profile net --timeout 800 --forward tcp:80 \
		--add "$data/www:/www" --argv -- /bin/sh -c "$guest" \
		>"$T_LOG/httpd-$arch.out" 2>"$T_LOG/httpd-$arch.err" &
	vm=$!
	if ! port=$(vm_forwarded "$T_LOG/httpd-$arch.err" tcp 80 "$vm"); then
		wait "$vm"
		echo "not ok - $t: tools/vm forwards a host port to guest port 80 (status $?)"
		sed 's/^/# /' "$T_LOG/httpd-$arch.err" | tail -n 20
		continue
	fi
	echo "ok - $t: tools/vm forwards 127.0.0.1:$port to guest port 80"
	base=http://127.0.0.1:$port
	if ! wait_http; then
		echo "not ok - $t: httpd answers on the forwarded port"
		kill "$vm" 2>/dev/null
		wait "$vm"
		sed 's/^/# /' "$T_LOG/httpd-$arch.err" | tail -n 20
		continue
	fi
	echo "ok - $t: httpd answers on the forwarded port"

	start=$(date +%s)
	# PARALLEL clients, client w making requests w+1, w+1+PARALLEL, ...
	w=0 pids=""
	while [ $w -lt "$PARALLEL" ]; do
		(
			n=$((w + 1))
			while [ $n -le "$REQUESTS" ]; do
				fetch $n
				n=$((n + PARALLEL))
			done
		) >"$T_LOG/httpd-$arch.results.$w" &
		pids="$pids $!"
		w=$((w + 1))
	done
	# shellcheck disable=SC2086 # a list of pids
	wait $pids
	cat "$T_LOG/httpd-$arch.results".* >"$T_LOG/httpd-$arch.results"
	rm -f "$T_LOG/httpd-$arch.results".*
	good=$(grep -c '^ok ' "$T_LOG/httpd-$arch.results")
	diag "$t: $good of $REQUESTS requests right, $PARALLEL at a time, in $(($(date +%s) - start)) s"
	grep '^bad ' "$T_LOG/httpd-$arch.results" | head -n 5 | sed 's/^/# /'
	check "$t: $REQUESTS requests $PARALLEL at a time (page, 512 KiB file, CGI), all byte-exact" \
		[ "$good" -eq "$REQUESTS" ]
	check "$t: a keep-alive request is answered in full and the connection closed" keepalive
	check "$t: clients hanging up mid-transfer leave httpd serving" hangups

	curl -s --max-time 30 -o /dev/null "$base/cgi-bin/done"
	wait "$vm"
	st=$?
	check "$t: the guest ends cleanly, httpd still running (status $st)" \
		[ "$st" -eq 0 ]
	[ "$st" -eq 0 ] || tail -n 20 "$T_LOG/httpd-$arch.err" | sed 's/^/# /'
done

# fails_cleanly: in tiny (no network) httpd fails, and does not crash the kernel
fails_cleanly() {
	vm_run httpd-tiny --arch x86_64 --profile tiny -- 'httpd -p 127.0.0.1:8080 -h /; echo rc=$?' &&
		grep -q 'rc=1' "$T_LOG/httpd-tiny.log"
}
check "x86_64/tiny: httpd fails cleanly without networking" fails_cleanly
exit 0
