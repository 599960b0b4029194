#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Minimal ping for the real-time tests (the test machines have no iputils-ping).

usage: icmp-ping.py ADDRESS [COUNT] [TIMEOUT_S]
Sends COUNT ICMP echo requests (raw socket: root) 0.2 s apart; exit 0 when every one is answered
within TIMEOUT_S, 1 otherwise. Prints one line per reply with its round-trip time.
"""
import os
import socket
import struct
import sys
import time


def checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    total = (total >> 16) + (total & 0xFFFF)
    total += total >> 16
    return ~total & 0xFFFF


def main() -> int:
    address = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    timeout = float(sys.argv[3]) if len(sys.argv) > 3 else 2.0
    ident = os.getpid() & 0xFFFF
    sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    sent = {}
    replies = 0
    deadline = None
    for seq in range(1, count + 1):
        payload = b"sipmob-realtime-test"
        header = struct.pack("!BBHHH", 8, 0, 0, ident, seq)
        header = struct.pack("!BBHHH", 8, 0, checksum(header + payload), ident, seq)
        sock.sendto(header + payload, (address, 0))
        sent[seq] = time.monotonic()
        deadline = time.monotonic() + (0.2 if seq < count else timeout)
        while time.monotonic() < deadline:
            sock.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                packet, source = sock.recvfrom(2048)
            except socket.timeout:
                break
            ihl = (packet[0] & 0x0F) * 4
            kind, _, _, rid, rseq = struct.unpack("!BBHHH", packet[ihl:ihl + 8])
            if kind == 0 and rid == ident and rseq in sent and source[0] == address:
                rtt = (time.monotonic() - sent.pop(rseq)) * 1000
                replies += 1
                print(f"reply from {address}: seq={rseq} time={rtt:.1f} ms", flush=True)
                if replies == count:
                    return 0
    print(f"{address}: {replies}/{count} replies", flush=True)
    return 0 if replies == count else 1


if __name__ == "__main__":
    sys.exit(main())
