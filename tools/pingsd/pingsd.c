// SPDX-License-Identifier: GPL-2.0
/*
 * pingsd: the "Internet of Pings" device. A userspace TCP/IP stack (lwIP,
 * its raw API) on an AF_PACKET socket, for a kernel without IPv4: it
 * answers ARP and ICMP echo (lwIP does), UDP echo and TCP echo (RFC 862)
 * on port 7.
 *
 * lwIP runs in this one thread: lwip_init(), then a poll() loop that feeds
 * received frames to the netif and calls sys_check_timeouts(). Debian's
 * liblwip is built with NO_SYS=0, but the tcpip thread is never started,
 * so no second thread, and no futex wait, ever happens.
 *
 * usage: pingsd [-i IFNAME] [-a ADDR] [-m MASK] [-g GATEWAY] [-p PORT]
 *               [-x PORT] [-v]
 * (defaults: eth0, QEMU user networking's 10.0.2.15/24 via 10.0.2.2, 7)
 * -x PORT: any UDP datagram to PORT ends pingsd, which prints its counts
 * (how a test ends the device).
 *
 * tools/mkinitramfs builds it for the pings guest. To debug it on the host
 * (TCG is slow): build it with -fsanitize=address,undefined, give it one
 * end of a veth pair in a network namespace (-i, -a, -g) and turn transmit
 * checksum offload off on both ends (ethtool -K DEV tx off): a packet
 * socket sees the host's partial checksums, which lwIP rejects.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lwip/init.h"
#include "lwip/etharp.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/tcp.h"
#include "lwip/timeouts.h"
#include "lwip/udp.h"
#include "netif/ethernet.h"

#define FRAME_MAX	1518	/* Ethernet without FCS, plus a VLAN tag */

static int verbose;
static unsigned long frames_in, frames_out, udp_echoes, tcp_conns;
static int quit;

static void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("pingsd: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* ---- the AF_PACKET netif driver ---- */

struct packet_if {
	int fd;
	int ifindex;
	unsigned char mac[ETH_ALEN];
};

static err_t packet_linkoutput(struct netif *netif, struct pbuf *p)
{
	struct packet_if *pif = netif->state;
	unsigned char frame[FRAME_MAX];
	u16_t len = p->tot_len;

	if (len > sizeof(frame))
		return ERR_BUF;
	pbuf_copy_partial(p, frame, len, 0);
	if (send(pif->fd, frame, len, 0) != len) {
		if (verbose)
			say("send: %s", strerror(errno));
		return ERR_IF;
	}
	frames_out++;
	return ERR_OK;
}

static err_t packet_netif_init(struct netif *netif)
{
	struct packet_if *pif = netif->state;

	netif->name[0] = 'e';
	netif->name[1] = 't';
	netif->mtu = 1500;
	netif->hwaddr_len = ETH_ALEN;
	memcpy(netif->hwaddr, pif->mac, ETH_ALEN);
	netif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP |
		       NETIF_FLAG_ETHERNET | NETIF_FLAG_LINK_UP;
	netif->output = etharp_output;
	netif->linkoutput = packet_linkoutput;
	return ERR_OK;
}

/* packet_open: a raw packet socket bound to @ifname, which is set up */
static int packet_open(struct packet_if *pif, const char *ifname)
{
	struct sockaddr_ll sll;
	struct ifreq ifr;

	pif->fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK, htons(ETH_P_ALL));
	if (pif->fd < 0) {
		say("socket(AF_PACKET): %s", strerror(errno));
		return -1;
	}
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (ioctl(pif->fd, SIOCGIFINDEX, &ifr) < 0) {
		say("%s: %s", ifname, strerror(errno));
		return -1;
	}
	pif->ifindex = ifr.ifr_ifindex;
	if (ioctl(pif->fd, SIOCGIFHWADDR, &ifr) < 0) {
		say("%s: no hardware address: %s", ifname, strerror(errno));
		return -1;
	}
	memcpy(pif->mac, ifr.ifr_hwaddr.sa_data, ETH_ALEN);
	if (ioctl(pif->fd, SIOCGIFFLAGS, &ifr) == 0 && !(ifr.ifr_flags & IFF_UP)) {
		ifr.ifr_flags |= IFF_UP;
		if (ioctl(pif->fd, SIOCSIFFLAGS, &ifr) < 0)
			say("%s: cannot set it up: %s", ifname, strerror(errno));
	}
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = pif->ifindex;
	if (bind(pif->fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		say("bind %s: %s", ifname, strerror(errno));
		return -1;
	}
	return 0;
}

/* packet_input: hand every frame waiting on the socket to lwIP */
static void packet_input(struct netif *netif)
{
	struct packet_if *pif = netif->state;
	unsigned char frame[FRAME_MAX];
	struct sockaddr_ll from;
	socklen_t fromlen;
	struct pbuf *p;
	ssize_t n;

	for (;;) {
		fromlen = sizeof(from);
		n = recvfrom(pif->fd, frame, sizeof(frame), 0,
			     (struct sockaddr *)&from, &fromlen);
		if (n < 0) {
			if (errno != EAGAIN && errno != EINTR)
				say("recv: %s", strerror(errno));
			return;
		}
		/* our own frames come back to a packet socket: skip them */
		if (from.sll_pkttype == PACKET_OUTGOING || n < ETH_HLEN)
			continue;
		frames_in++;
		/*
		 * PBUF_RAM, one piece: with Debian's liblwip, pbuf_take() of
		 * a 602-byte frame into a PBUF_POOL pbuf wrote past its
		 * 616-byte buffer (ASan, on the host): the library's pool
		 * size and pbuf_alloc() disagree.
		 */
		p = pbuf_alloc(PBUF_RAW, (u16_t)n, PBUF_RAM);
		if (!p) {
			say("out of pbufs: frame dropped");
			continue;
		}
		pbuf_take(p, frame, (u16_t)n);
		if (netif->input(p, netif) != ERR_OK)
			pbuf_free(p);
	}
}

/* ---- UDP echo ---- */

static void udp_echo_recv(void *arg, struct udp_pcb *pcb, struct pbuf *p,
			  const ip_addr_t *addr, u16_t port)
{
	(void)arg;
	if (!p)
		return;
	if (udp_sendto(pcb, p, addr, port) == ERR_OK)
		udp_echoes++;
	pbuf_free(p);
}

static void quit_recv(void *arg, struct udp_pcb *pcb, struct pbuf *p,
		      const ip_addr_t *addr, u16_t port)
{
	(void)arg;
	(void)pcb;
	(void)addr;
	(void)port;
	if (p)
		pbuf_free(p);
	quit = 1;
}

static int quit_listen(u16_t port)
{
	struct udp_pcb *pcb = udp_new();

	if (!pcb || udp_bind(pcb, IP_ANY_TYPE, port) != ERR_OK) {
		say("cannot bind port %u", port);
		return -1;
	}
	udp_recv(pcb, quit_recv, NULL);
	return 0;
}

/* ---- TCP echo: what was received and not yet written stays queued ---- */

struct echo_conn {
	struct pbuf *pending;	/* received, not yet taken by tcp_write */
	int closing;		/* the peer has closed its side */
};

static void echo_free(struct tcp_pcb *pcb, struct echo_conn *ec)
{
	tcp_arg(pcb, NULL);
	tcp_recv(pcb, NULL);
	tcp_sent(pcb, NULL);
	tcp_err(pcb, NULL);
	if (ec->pending)
		pbuf_free(ec->pending);
	free(ec);
}

static err_t echo_close(struct tcp_pcb *pcb, struct echo_conn *ec)
{
	echo_free(pcb, ec);
	if (tcp_close(pcb) == ERR_OK)
		return ERR_OK;
	tcp_abort(pcb);
	return ERR_ABRT;
}

/* echo_flush: write what is pending as far as the send buffer allows;
 * returns ERR_ABRT when it aborted the connection */
static err_t echo_flush(struct tcp_pcb *pcb, struct echo_conn *ec)
{
	struct pbuf *p;
	u16_t room, len;
	err_t err;

	while ((p = ec->pending) != NULL) {
		room = tcp_sndbuf(pcb);
		len = p->len < room ? p->len : room;
		if (len == 0)
			break;
		err = tcp_write(pcb, p->payload, len, TCP_WRITE_FLAG_COPY);
		if (err == ERR_MEM)
			break;
		if (err != ERR_OK) {
			echo_free(pcb, ec);
			tcp_abort(pcb);
			return ERR_ABRT;
		}
		tcp_recved(pcb, len);
		ec->pending = pbuf_free_header(p, len);
	}
	tcp_output(pcb);
	if (!ec->pending && ec->closing)
		return echo_close(pcb, ec);
	return ERR_OK;
}

static err_t echo_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
	struct echo_conn *ec = arg;

	if (!p || err != ERR_OK) {
		if (p)
			pbuf_free(p);
		ec->closing = 1;
		return echo_flush(pcb, ec);
	}
	if (ec->pending)
		pbuf_cat(ec->pending, p);
	else
		ec->pending = p;
	return echo_flush(pcb, ec);
}

static err_t echo_sent(void *arg, struct tcp_pcb *pcb, u16_t len)
{
	(void)len;
	return echo_flush(pcb, arg);
}

static void echo_err(void *arg, err_t err)
{
	struct echo_conn *ec = arg;

	/* the pcb is already gone */
	if (verbose)
		say("connection error %d", err);
	if (ec) {
		if (ec->pending)
			pbuf_free(ec->pending);
		free(ec);
	}
}

static err_t echo_accept(void *arg, struct tcp_pcb *pcb, err_t err)
{
	struct echo_conn *ec;

	(void)arg;
	if (err != ERR_OK || !pcb)
		return ERR_VAL;
	ec = calloc(1, sizeof(*ec));
	if (!ec) {
		tcp_abort(pcb);
		return ERR_ABRT;
	}
	tcp_conns++;
	tcp_arg(pcb, ec);
	tcp_recv(pcb, echo_recv);
	tcp_sent(pcb, echo_sent);
	tcp_err(pcb, echo_err);
	return ERR_OK;
}

static int echo_listen(u16_t port)
{
	struct udp_pcb *upcb = udp_new();
	struct tcp_pcb *tpcb = tcp_new();

	if (!upcb || !tpcb || udp_bind(upcb, IP_ANY_TYPE, port) != ERR_OK ||
	    tcp_bind(tpcb, IP_ANY_TYPE, port) != ERR_OK) {
		say("cannot bind port %u", port);
		return -1;
	}
	udp_recv(upcb, udp_echo_recv, NULL);
	tpcb = tcp_listen(tpcb);
	if (!tpcb) {
		say("cannot listen on port %u", port);
		return -1;
	}
	tcp_accept(tpcb, echo_accept);
	return 0;
}

static int parse_addr(const char *s, ip4_addr_t *a, const char *what)
{
	if (!ip4addr_aton(s, a)) {
		say("bad %s '%s'", what, s);
		return -1;
	}
	return 0;
}

static void usage(FILE *f)
{
	fputs("usage: pingsd [-i IFNAME] [-a ADDR] [-m MASK] [-g GATEWAY] [-p PORT]\n"
	      "              [-x PORT] [-v]\n"
	      "UDP and TCP echo (and ARP, ICMP echo) on lwIP over an AF_PACKET socket.\n"
	      "Defaults: eth0, 10.0.2.15, 255.255.255.0, 10.0.2.2, port 7.\n"
	      "-x PORT: a UDP datagram to PORT ends it (it prints its counts).\n"
	      "It runs until killed; -v logs errors, -vv every loop.\n", f);
}

int main(int argc, char **argv)
{
	const char *ifname = "eth0", *addr = "10.0.2.15", *mask = "255.255.255.0";
	const char *gw = "10.0.2.2";
	struct packet_if pif;
	struct netif netif;
	ip4_addr_t ip, nm, gwa;
	struct pollfd pfd;
	long port = 7, quit_port = 0;
	int c;

	while ((c = getopt(argc, argv, "i:a:m:g:p:x:vh")) != -1) {
		switch (c) {
		case 'i': ifname = optarg; break;
		case 'a': addr = optarg; break;
		case 'm': mask = optarg; break;
		case 'g': gw = optarg; break;
		case 'p': port = strtol(optarg, NULL, 10); break;
		case 'x': quit_port = strtol(optarg, NULL, 10); break;
		case 'v': verbose++; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc || port < 1 || port > 65535 || quit_port < 0 ||
	    quit_port > 65535 || quit_port == port) {
		usage(stderr);
		return 2;
	}
	if (parse_addr(addr, &ip, "address") || parse_addr(mask, &nm, "mask") ||
	    parse_addr(gw, &gwa, "gateway"))
		return 2;
	if (packet_open(&pif, ifname) < 0)
		return 1;

	lwip_init();
	if (!netif_add(&netif, &ip, &nm, &gwa, &pif, packet_netif_init,
		       ethernet_input)) {
		say("netif_add failed");
		return 1;
	}
	netif_set_default(&netif);
	netif_set_up(&netif);
	netif_set_link_up(&netif);
	if (echo_listen((u16_t)port) < 0 ||
	    (quit_port && quit_listen((u16_t)quit_port) < 0))
		return 1;
	say("echo on %s:%ld (%s)", addr, port, ifname);

	pfd.fd = pif.fd;
	pfd.events = POLLIN;
	while (!quit) {
		u32_t sleep_ms = sys_timeouts_sleeptime();
		int timeout = sleep_ms == SYS_TIMEOUTS_SLEEPTIME_INFINITE ? 1000 :
			      (int)(sleep_ms > 1000 ? 1000 : sleep_ms);

		if (poll(&pfd, 1, timeout) < 0 && errno != EINTR) {
			say("poll: %s", strerror(errno));
			return 1;
		}
		if (pfd.revents & POLLIN)
			packet_input(&netif);
		sys_check_timeouts();
		if (verbose > 1)
			say("in %lu out %lu udp %lu tcp %lu", frames_in,
			    frames_out, udp_echoes, tcp_conns);
	}
	printf("pingsd: frames in %lu, out %lu; udp echoes %lu; tcp connections %lu\n",
	       frames_in, frames_out, udp_echoes, tcp_conns);
	return 0;
}
