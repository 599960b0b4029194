#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Garbage and a request flood at the marshal server, for the real-time attack test (issue 11).

usage: flood.py LOCAL_ADDR MARSHAL_ADDR MARSHAL_PORT DOMAIN [COUNT] [SECONDS]
Sends a few malformed datagrams, then COUNT REGISTERs of an unprovisioned user (1888), paced over
SECONDS, from LOCAL_ADDR:5071; reads every answer for 3 s more. Prints the counts. Exit 0 when at
least one answer was a 403 carrying a Warning (the marshal kept answering strangers), 1 otherwise.
Bounded: it never sends more than COUNT + 8 datagrams and ends within SECONDS + 4 s.
"""
import socket
import sys
import time

GARBAGE = [
    b"",
    b"\x00\xff" * 700,
    b"INVITE\r\n\r\n",
    b"SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 1.2.3.4;branch=z9hG4bKx\r\n\r\n",
    b"REGISTER sip:x SIP/2.0\r\nContent-Length: 99999\r\n\r\n",
    b"OPTIONS sip:x SIP/2.0\r\n" + b"X-Long: " + b"a" * 1300 + b"\r\n\r\n",
    b"REGISTER sip:x SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nCSeq: 99999999999 REGISTER\r\n\r\n",
    "BYE sip:\u00e9 SIP/2.0\r\n\r\n".encode(),
]


def register(local, domain, n):
    return (
        f"REGISTER sip:{domain} SIP/2.0\r\n"
        f"Via: SIP/2.0/UDP {local}:5071;branch=z9hG4bKflood{n};rport\r\n"
        "Max-Forwards: 70\r\n"
        f"From: <sip:1888@{domain}>;tag=f{n}\r\n"
        f"To: <sip:1888@{domain}>\r\n"
        f"Call-ID: flood-{n}@{local}\r\n"
        "CSeq: 1 REGISTER\r\n"
        f"Contact: <sip:1888@{local}:5071>\r\n"
        "Expires: 300\r\nContent-Length: 0\r\n\r\n"
    ).encode()


def main():
    local, marshal, port, domain = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    count = int(sys.argv[5]) if len(sys.argv) > 5 else 2000
    seconds = float(sys.argv[6]) if len(sys.argv) > 6 else 4.0
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((local, 5071))
    sock.setblocking(False)
    answers = {"403-warning": 0, "other": 0}

    def drain():
        while True:
            try:
                data = sock.recv(65535)
            except BlockingIOError:
                return
            if data.startswith(b"SIP/2.0 403") and b"\r\nWarning: 399 " in data:
                answers["403-warning"] += 1
            else:
                answers["other"] += 1

    target = (marshal, port)
    for g in GARBAGE:
        sock.sendto(g, target)
    start = time.monotonic()
    for n in range(count):
        sock.sendto(register(local, domain, n), target)
        delay = start + seconds * (n + 1) / count - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        drain()
    end = time.monotonic() + 3.0
    while time.monotonic() < end:
        drain()
        time.sleep(0.01)
    print(f"flood: sent {len(GARBAGE)} garbage + {count} REGISTERs in {seconds} s; answers: {answers}")
    return 0 if answers["403-warning"] > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
