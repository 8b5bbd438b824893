// SPDX-License-Identifier: GPL-2.0
/*
 * echo-client: drive an echo server (RFC 862) and check every reply.
 *
 *   echo-client [-u COUNT] [-t COUNT] [-s MAXSTREAM] [-w SECONDS] HOST PORT
 *   echo-client -U UDPPORT -T TCPPORT ...   (ports of their own each)
 *
 * -u COUNT: UDP datagrams of varied sizes (1 to 1472 bytes), one at a time,
 * each waited for up to -w seconds (default 2); a reply that differs is an
 * error, one that never comes is counted as lost.
 * -t COUNT: TCP connections, connection i streaming a size that grows
 * geometrically from 1 byte to MAXSTREAM (default 65536) of varied bytes,
 * reading the echo while writing; the whole echo must come back byte-exact
 * before the server closes.
 * -Q PORT: last, one datagram "quit" to PORT (pingsd -x ends on it).
 * Prints one line per kind ("udp: sent N, echoed N, lost N, wrong N",
 * "tcp: connections N, byte-exact N, failed N, bytes N"); exit status 0
 * iff nothing was wrong or failed and nothing lost (UDP loss beyond
 * -l LOST allowed datagrams also fails), 1 otherwise, 2 on bad usage.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define UDP_MAX		1472	/* one Ethernet frame, no fragments */

static struct sockaddr_in server;
static int wait_ms = 2000;

static unsigned char pattern(unsigned long seed, size_t i)
{
	unsigned long x = seed * 2654435761UL + i * 40503UL;

	return (unsigned char)(x ^ (x >> 13));
}

static void fill(unsigned char *buf, size_t len, unsigned long seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = pattern(seed, i);
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* one datagram out, its echo back: 0 echoed, 1 lost, 2 wrong, -1 error */
static int udp_one(int fd, unsigned long seq)
{
	unsigned char out[UDP_MAX], in[UDP_MAX + 1];
	size_t len = 1 + (seq * 7919) % UDP_MAX;
	long deadline;
	ssize_t n;

	fill(out, len, seq);
	/* the sequence number leads, so a late echo of an earlier one shows */
	memcpy(out, &seq, len < sizeof(seq) ? len : sizeof(seq));
	if (send(fd, out, len, 0) != (ssize_t)len) {
		perror("echo-client: udp send");
		return -1;
	}
	deadline = now_ms() + wait_ms;
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		long left = deadline - now_ms();

		if (left <= 0 || poll(&pfd, 1, (int)left) <= 0)
			return 1;
		n = recv(fd, in, sizeof(in), 0);
		if (n < 0)
			return 1;	/* e.g. ICMP port unreachable */
		if ((size_t)n == len && !memcmp(in, out, len))
			return 0;
		if (n >= (ssize_t)sizeof(seq) && memcmp(in, &seq, sizeof(seq)))
			continue;	/* a late echo of an earlier datagram */
		return 2;
	}
}

static int udp_run(int count, int udp_port, int lost_ok)
{
	struct sockaddr_in to = server;
	int fd, i, r, echoed = 0, lost = 0, wrong = 0;

	to.sin_port = htons(udp_port);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&to, sizeof(to)) < 0) {
		perror("echo-client: udp socket");
		return 1;
	}
	for (i = 0; i < count; i++) {
		r = udp_one(fd, (unsigned long)i + 1);
		if (r < 0)
			break;
		echoed += r == 0;
		lost += r == 1;
		wrong += r == 2;
	}
	close(fd);
	printf("udp: sent %d, echoed %d, lost %d, wrong %d\n", i, echoed, lost, wrong);
	return i == count && wrong == 0 && lost <= lost_ok ? 0 : 1;
}

/* one connection streaming @len bytes: 0 when the echo was byte-exact */
static int tcp_one(int tcp_port, size_t len, unsigned long seed)
{
	struct sockaddr_in to = server;
	unsigned char *out = malloc(len), *in = malloc(len + 1);
	size_t sent = 0, got = 0;
	long deadline = now_ms() + 30000L + (long)len / 8;
	int fd, rc = 1, shut = 0;
	ssize_t n;

	to.sin_port = htons(tcp_port);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (!out || !in || fd < 0 ||
	    connect(fd, (struct sockaddr *)&to, sizeof(to)) < 0) {
		perror("echo-client: tcp connect");
		goto out;
	}
	fcntl(fd, F_SETFL, O_NONBLOCK);
	fill(out, len, seed);
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		long left = deadline - now_ms();

		if (sent < len)
			pfd.events |= POLLOUT;
		if (left <= 0 || poll(&pfd, 1, (int)left) <= 0) {
			fprintf(stderr, "echo-client: tcp %zu bytes: timeout, %zu echoed\n", len, got);
			goto out;
		}
		if ((pfd.revents & POLLOUT) && sent < len) {
			n = send(fd, out + sent, len - sent, MSG_NOSIGNAL);
			if (n < 0 && errno != EAGAIN) {
				perror("echo-client: tcp send");
				goto out;
			}
			if (n > 0)
				sent += n;
		}
		if (sent == len && !shut) {
			shutdown(fd, SHUT_WR);	/* the server closes once echoed */
			shut = 1;
		}
		if (pfd.revents & (POLLIN | POLLHUP | POLLERR)) {
			n = recv(fd, in + got, len + 1 - got, 0);
			if (n == 0)
				break;
			if (n < 0 && errno != EAGAIN) {
				perror("echo-client: tcp recv");
				goto out;
			}
			if (n > 0)
				got += n;
			if (got > len)
				break;
		}
	}
	if (got == len && !memcmp(in, out, len))
		rc = 0;
	else
		fprintf(stderr, "echo-client: tcp %zu bytes: %zu came back%s\n", len, got,
			got == len ? ", not the same" : "");
out:
	if (fd >= 0)
		close(fd);
	free(out);
	free(in);
	return rc;
}

/* the size of stream @i of @count: 1 byte, then growing geometrically */
static size_t stream_len(int i, int count, size_t max)
{
	double len;

	if (count < 2)
		return max;
	len = pow((double)max, (double)i / (count - 1));
	return len < 1.5 ? 1 : (size_t)(len + 0.5);
}

static int tcp_run(int count, int tcp_port, size_t max)
{
	unsigned long long bytes = 0;
	int i, good = 0;
	size_t len;

	for (i = 0; i < count; i++) {
		len = stream_len(i, count, max);
		if (tcp_one(tcp_port, len, (unsigned long)i + 1000) == 0) {
			good++;
			bytes += len;
		}
	}
	printf("tcp: connections %d, byte-exact %d, failed %d, bytes %llu\n",
	       count, good, count - good, bytes);
	return good == count ? 0 : 1;
}

static int send_quit(int port)
{
	struct sockaddr_in to = server;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	to.sin_port = htons(port);
	if (fd < 0 || sendto(fd, "quit", 4, 0, (struct sockaddr *)&to, sizeof(to)) != 4) {
		perror("echo-client: quit");
		return 1;
	}
	close(fd);
	return 0;
}

static void usage(FILE *f)
{
	fputs("usage: echo-client [-u COUNT] [-t COUNT] [-s MAXSTREAM] [-w SECONDS]\n"
	      "                   [-l LOST] [-U UDPPORT] [-T TCPPORT] [-Q PORT] HOST PORT\n"
	      "Sends COUNT UDP datagrams (1-1472 bytes) and COUNT TCP streams\n"
	      "(1 byte to MAXSTREAM, default 65536) to an echo server and checks\n"
	      "every reply; exit 0 iff all came back byte-exact (at most LOST\n"
	      "datagrams lost, default 0). -U and -T override PORT per protocol;\n"
	      "-Q sends one datagram \"quit\" to PORT at the end.\n", f);
}

static int num(const char *s, const char *what, long lo, long hi)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == 0 || *end != 0 || v < lo || v > hi) {
		fprintf(stderr, "echo-client: bad %s '%s' (%ld to %ld)\n", what, s, lo, hi);
		exit(2);
	}
	return (int)v;
}

int main(int argc, char **argv)
{
	int udp_count = 0, tcp_count = 0, lost_ok = 0, udp_port = 0, tcp_port = 0;
	int quit_port = 0;
	int c, port, rc = 0;
	size_t max = 65536;

	while ((c = getopt(argc, argv, "u:t:s:w:l:U:T:Q:h")) != -1) {
		switch (c) {
		case 'u': udp_count = num(optarg, "-u", 0, 1000000); break;
		case 't': tcp_count = num(optarg, "-t", 0, 100000); break;
		case 's': max = num(optarg, "-s", 1, 64 << 20); break;
		case 'w': wait_ms = 1000 * num(optarg, "-w", 1, 600); break;
		case 'l': lost_ok = num(optarg, "-l", 0, 1000000); break;
		case 'U': udp_port = num(optarg, "-U", 1, 65535); break;
		case 'T': tcp_port = num(optarg, "-T", 1, 65535); break;
		case 'Q': quit_port = num(optarg, "-Q", 1, 65535); break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (argc - optind != 2) {
		usage(stderr);
		return 2;
	}
	memset(&server, 0, sizeof(server));
	server.sin_family = AF_INET;
	if (inet_pton(AF_INET, argv[optind], &server.sin_addr) != 1) {
		fprintf(stderr, "echo-client: bad host '%s' (want an IPv4 address)\n", argv[optind]);
		return 2;
	}
	port = num(argv[optind + 1], "PORT", 1, 65535);
	if (udp_count)
		rc |= udp_run(udp_count, udp_port ? udp_port : port, lost_ok);
	if (tcp_count)
		rc |= tcp_run(tcp_count, tcp_port ? tcp_port : port, max);
	if (quit_port)
		rc |= send_quit(quit_port);
	return rc;
}
