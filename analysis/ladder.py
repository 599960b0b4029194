# SPDX-License-Identifier: GPL-2.0-only
"""Draw a ladder (sequence) diagram of one run's SIP messages (`sipmob ladder`).

usage: ladder.py DB --run RUN_ID [--handoff SEQ | --call CALL_ID | --from T --to T] --out FILE

Reads table sip_messages (written by `sipmob run --trace-sip --db DB`) and, for --handoff, the
hand-off's row of table handoffs. Draws one lifeline per entity, named by its role (mobile, visited
marshal, gateway, home marshal, home registrar, far end, ...), one horizontal arrow per message hop
(the sender's tx row joined to the receiver's rx row), in the order they were sent, one row each as
sngrep and Wireshark's flow graph do; the left columns give the simulated send time (ms) and, for a
hand-off, the time since the link was lost. A hand-off adds its events (link lost, associated, lease,
address noticed, proxy known) on the mobile's lifeline, its components (L2, DHCP, detection,
discovery, registration, re-INVITE) and the total and media gaps as spans, and the last and first
RTP packet around the gap in each direction. A message sent and never received ends in a cross.

Writes FILE (.svg, .png or .pdf) and FILE.csv: one line per arrow, event and span drawn
(kind, row, t_start, t_end, from, to, label, call_id, cseq, branch, tx_seq, rx_seq). Exit status 2
with one line when the request cannot be answered (no such run, no SIP messages recorded, ...).
"""

import argparse
import csv
import os
import sqlite3
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

# Colour of a message by its (CSeq) method.
METHOD_COLOURS = {"REGISTER": "#1f5fa8", "INVITE": "#1b7a3a", "ACK": "#6b8e23",
                  "BYE": "#b03030", "CANCEL": "#b06020", "OPTIONS": "#7a4fa0"}
OTHER_COLOUR = "#555555"
RTP_COLOUR = "#8e44ad"
# Hand-off components drawn as spans, in order: (label, start column, end column, colour).
COMPONENTS = [("L2", "t_link_lost", "t_associated", "#d95f02"),
              ("DHCP", "t_associated", "t_lease", "#7570b3"),
              ("detection", "t_lease", "t_detected", "#e7298a"),
              ("discovery", "t_discovery_sent", "t_discovery_done", "#66a61e"),
              ("registration", "t_register_sent", "t_register_ok", "#1f5fa8"),
              ("re-INVITE", "t_reinvite_sent", "t_reinvite_ok", "#1b7a3a")]
# Events on the mobile's lifeline: (column, text).
EVENTS = [("t_link_lost", "link lost"), ("t_associated", "associated with {to} AP"),
          ("t_lease", "lease {new_address}"), ("t_detected", "new address noticed"),
          ("t_discovery_sent", "proxy discovery"), ("t_discovery_done", "proxy known")]
ROW_IN = 0.30       # figure height per row (inches)
LANE_IN = 1.55      # figure width per lifeline (inches)
LEFT_IN = 4.6       # width of the time and span columns (inches)
# x (inches from the left edge) of: send time, time since link lost, right edge of the component
# labels, the component bars, and the bars of total, gap down, gap up.
TIME_X, REL_X, LABEL_X = 0.08, 0.9, 2.95
BAR_X = [3.05, 3.4, 3.7, 4.0]


class LadderError(Exception):
    """A request the data cannot answer (exit status 2, one line)."""


def load(db, run_id):
    """Return (messages, handoffs) of one run: lists of dicts ordered by seq."""
    if not os.path.isfile(db):
        raise LadderError(f"{db}: no such file")
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    try:
        if not con.execute("SELECT 1 FROM runs WHERE run_id = ?", (run_id,)).fetchone():
            raise LadderError(f"{db}: no run {run_id}")
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "sip_messages" not in tables:
            raise LadderError(f"{db}: no table sip_messages (written by a newer `sipmob run "
                              "--trace-sip`)")
        msgs = [dict(r) for r in con.execute(
            "SELECT * FROM sip_messages WHERE run_id = ? ORDER BY seq", (run_id,))]
        handoffs = [dict(r) for r in con.execute(
            "SELECT * FROM handoffs WHERE run_id = ? ORDER BY seq", (run_id,))]
    except sqlite3.DatabaseError as exc:
        raise LadderError(f"{db}: {exc}") from exc
    finally:
        con.close()
    if not msgs:
        raise LadderError(f"{db}: run {run_id} recorded no SIP messages (run it with "
                          "`sipmob run --trace-sip --db FILE`)")
    return msgs, handoffs


def pair_hops(msgs):
    """Join each sent message (tx) to its receipt (rx): same destination, first line, Call-ID,
    CSeq, branch and size, the earliest receipt not yet joined (retransmissions pair in order).
    Return hops: dicts with tx, rx (either may be None)."""
    def key(m):
        return (m["dst"], m["first_line"], m["call_id"], m["cseq"], m["branch"], m["bytes"])

    waiting = {}
    hops = []
    for m in msgs:
        if m["direction"] == "tx":
            hop = {"tx": m, "rx": None}
            waiting.setdefault(key(m), []).append(hop)
            hops.append(hop)
        else:
            queue = waiting.get(key(m), [])
            if queue:
                queue.pop(0)["rx"] = m
            else:
                hops.append({"tx": None, "rx": m})  # from outside the simulated entities
    return hops


def hop_time(hop):
    return hop["tx"]["t"] if hop["tx"] else hop["rx"]["t"]


def parse_entity(name):
    """`ua:1001@net1` -> ("ua", "net1", "1001"); `gateway@net1>net2` -> ("gateway", "net1",
    "net2"); `marshal@net1` -> ("marshal", "net1", "")."""
    kind, _, rest = name.partition("@")
    detail = ""
    if kind.startswith("ua:"):
        kind, detail = "ua", kind[3:]
    elif ">" in rest:
        rest, detail = rest.split(">", 1)
    return kind, rest, detail


def user_of(aor):
    """`sip:1001@net1.example.org` -> `1001`."""
    return aor.split(":", 1)[-1].split("@", 1)[0]


class Roles:
    """Names and orders the lifelines: mobile, visited network, home network, far end."""

    def __init__(self, entities, handoff, mobile_user):
        self.mobile = None
        self.home = None
        for e in entities:
            kind, net, detail = parse_entity(e)
            if kind == "ua" and detail == mobile_user:
                self.mobile, self.home = e, net
        self.visited = handoff["to_network"] if handoff else None
        self.far_nets = []
        self.far_uas = []
        for e in entities:
            kind, net, detail = parse_entity(e)
            if kind == "ua" and e != self.mobile:
                self.far_uas.append(e)
                if net not in (self.home, self.visited) and net not in self.far_nets:
                    self.far_nets.append(net)
        self.groups = []  # network order, left to right
        for net in [self.visited, self.home] + self.far_nets:
            if net and net not in self.groups:
                self.groups.append(net)
        for e in entities:
            net = parse_entity(e)[1]
            if net not in self.groups:
                self.groups.append(net)

    def where(self, net):
        if net == self.visited and net != self.home:
            return "visited"
        if net == self.home:
            return "home"
        if self.far_uas and any(parse_entity(u)[1] == net for u in self.far_uas):
            return "far-end"
        return net

    def label(self, entity):
        kind, net, detail = parse_entity(entity)
        if kind == "ua":
            role = "mobile" if entity == self.mobile else (
                "far end" if entity in self.far_uas and self.mobile else "user agent")
            return f"{role}\nUA {detail} (home {net})"
        if kind == "gateway":
            return f"{self.where(net)} gateway\n{net} \u2192 {detail}"
        if kind == "redirect":
            return f"{self.where(net)} registrar\n{net} redirect server"
        return f"{self.where(net)} {kind}\n{net}"

    def rank(self, entity):
        kind, net, detail = parse_entity(entity)
        if kind == "ua":
            if entity == self.mobile:
                return (-1, 0)
            return (len(self.groups), self.groups.index(net) if net in self.groups else 0)
        g = self.groups.index(net)
        if kind == "gateway":
            peer = self.groups.index(detail) if detail in self.groups else len(self.groups)
            return (g, 0 if peer < g else 3, peer)
        return (g, 1 if kind == "marshal" else 2, 0)


def select(hops, handoff, args):
    """Return (hops in the window, window start, end, title part)."""
    if args.call:
        chosen = [h for h in hops if (h["tx"] or h["rx"])["call_id"] == args.call]
        if not chosen:
            raise LadderError(f"run {args.run} has no SIP message with Call-ID {args.call}")
        return chosen, hop_time(chosen[0]), hop_time(chosen[-1]), f"Call-ID {args.call}"
    if handoff:
        times = [handoff[c] for c in ("t_link_lost", "t_last_media_down", "t_last_media_up")
                 if handoff.get(c) is not None]
        ends = [handoff[c] for c in ("t_register_ok", "t_reinvite_ok", "t_media_down",
                                     "t_media_up", "t_lease") if handoff.get(c) is not None]
        start = min(times) - 0.001
        end = max(ends + times) + 0.001
        label = (f"hand-off {handoff['seq']}: {handoff['from_network']} \u2192 "
                 f"{handoff['to_network']} ({handoff['status']})")
    else:
        start = args.from_t if args.from_t is not None else float("-inf")
        end = args.to_t if args.to_t is not None else float("inf")
        if end < start:
            raise LadderError(f"--to {end} is before --from {start}")
        label = "whole run" if args.from_t is None and args.to_t is None else (
            f"{start:g} s to {end:g} s")
    chosen = [h for h in hops if start <= hop_time(h) <= end]
    if handoff:
        # The rest of the transactions begun in the window (the ACK of the re-INVITE's 2xx).
        begun = {((h["tx"] or h["rx"])["call_id"], (h["tx"] or h["rx"])["cseq"]) for h in chosen}
        chosen += [h for h in hops if end < hop_time(h) <= end + 1.0 and
                   ((h["tx"] or h["rx"])["call_id"], (h["tx"] or h["rx"])["cseq"]) in begun]
    if not chosen:
        raise LadderError(f"run {args.run} has no SIP message between {start:g} s and {end:g} s")
    return chosen, start, end, label


def short_label(msg):
    """`REGISTER sip:net1.example.org`, `200 OK (REGISTER)`."""
    line = msg["first_line"]
    if msg["status"] is not None:
        return line.split(" ", 1)[1] + f" ({msg['method']})"
    return line.rsplit(" ", 1)[0]


def build_rows(hops, handoff, roles):
    """Rows of the diagram in time order: SIP hops, RTP packets and hand-off events."""
    rows = []
    for h in hops:
        m = h["tx"] or h["rx"]
        rows.append({"kind": "sip", "t": hop_time(h), "t_end": h["rx"]["t"] if h["rx"] else None,
                     "from": h["tx"]["entity"] if h["tx"] else None,
                     "to": h["rx"]["entity"] if h["rx"] else None, "label": short_label(m),
                     "method": m["method"], "call_id": m["call_id"], "cseq": m["cseq"],
                     "branch": m["branch"], "tx_seq": h["tx"]["seq"] if h["tx"] else None,
                     "rx_seq": h["rx"]["seq"] if h["rx"] else None, "order": 1,
                     "dst": m["dst"], "src": m["src"]})
    if not handoff:
        return rows
    words = {"to": handoff["to_network"], "new_address": handoff["new_address"]}
    for col, text in EVENTS:
        if handoff.get(col) is not None:
            rows.append({"kind": "event", "t": handoff[col], "t_end": None, "from": roles.mobile,
                         "to": roles.mobile, "label": text.format(**words), "order": 0})
    far = roles.far_uas[0] if roles.far_uas else None
    for col, down, text in [("t_last_media_down", True,
                             "RTP \u2193 last packet received before the gap (old address)"),
                            ("t_media_down", True, "RTP \u2193 first packet at the new address"),
                            ("t_last_media_up", False,
                             "RTP \u2191 last packet from the old address"),
                            ("t_media_up", False, "RTP \u2191 first packet from the new address")]:
        if handoff.get(col) is not None and far and roles.mobile:
            rows.append({"kind": "rtp", "t": handoff[col], "t_end": handoff[col],
                         "from": far if down else roles.mobile,
                         "to": roles.mobile if down else far, "label": text, "order": 2})
    rows.sort(key=lambda r: (r["t"], r["order"]))
    return rows


def row_of_instant(rows, t, at=None):
    """The y of an instant: the row of the message it is the receipt of (at entity `at`), else
    the first row at or after it, else below the last."""
    if at:
        for i, r in enumerate(rows):
            if r["kind"] == "sip" and r["to"] == at and r["t_end"] is not None \
                    and abs(r["t_end"] - t) < 1e-9:
                return i
    for i, r in enumerate(rows):
        if r["t"] >= t - 1e-9:
            return i
    return len(rows) - 1


def spans(rows, handoff, roles):
    """The hand-off's components, total and media gaps: (label, y0, y1, colour, column, t0, t1)."""
    out = []
    for name, c0, c1, colour in COMPONENTS:
        if handoff.get(c0) is not None and handoff.get(c1) is not None:
            out.append((name, c0, c1, colour, 0))
    for name, c0, c1, colour, col in [("total", "t_link_lost", "t_media_down", "#333333", 1),
                                      ("gap \u2193", "t_last_media_down", "t_media_down",
                                       RTP_COLOUR, 2),
                                      ("gap \u2191", "t_last_media_up", "t_media_up",
                                       RTP_COLOUR, 3)]:
        if handoff.get(c0) is not None and handoff.get(c1) is not None:
            out.append((name, c0, c1, colour, col))
    result = []
    for name, c0, c1, colour, col in out:
        t0, t1 = handoff[c0], handoff[c1]
        receiver = roles.mobile if c1 in ("t_register_ok", "t_reinvite_ok") else None
        y0 = row_of_instant(rows, t0)
        y1 = row_of_instant(rows, t1, receiver)
        ms = (t1 - t0) * 1000
        result.append((f"{name} {ms:.1f} ms", y0, y1, colour, col, t0, t1))
    return result


def draw(rows, lanes, roles, handoff, title, out):
    n = len(rows)
    x_of = {e: i for i, e in enumerate(lanes)}
    width = LEFT_IN + LANE_IN * max(len(lanes), 2) + 0.6
    height = ROW_IN * (n + 1) + 1.6
    fig = plt.figure(figsize=(width, height))
    ax = fig.add_axes([0, 0, 1, 1])
    left = -LEFT_IN / LANE_IN
    ax.set_xlim(left, len(lanes) - 0.5 + 0.6 / LANE_IN)
    top = -1.6 / ROW_IN * 0.85
    ax.set_ylim(n + 0.5, top)
    ax.axis("off")
    head_y = -1.1
    for e, x in x_of.items():
        ax.plot([x, x], [head_y + 0.5, n + 0.3], color="#999999", lw=1, zorder=1)
        ax.text(x, head_y, roles.label(e), ha="center", va="center", fontsize=8.5,
                fontweight="bold", bbox=dict(boxstyle="round,pad=0.3", fc="#eef2f7",
                                             ec="#7a8aa0"), zorder=3)
    t_ref = handoff["t_link_lost"] if handoff and handoff.get("t_link_lost") else None
    time_x, rel_x = left + TIME_X / LANE_IN, left + REL_X / LANE_IN
    ax.text(time_x, head_y, "t (ms)", ha="left", va="center", fontsize=8, fontweight="bold")
    if t_ref is not None:
        ax.text(rel_x, head_y, "+ms", ha="left", va="center", fontsize=8, fontweight="bold")
    for i, r in enumerate(rows):
        if i % 2 == 0:
            ax.axhspan(i - 0.5, i + 0.5, color="#f6f6f6", zorder=0)
        ax.text(time_x, i, f"{r['t'] * 1000:.3f}", ha="left", va="center", fontsize=7.5,
                family="monospace")
        if t_ref is not None:
            ax.text(rel_x, i, f"{(r['t'] - t_ref) * 1000:+.1f}", ha="left", va="center",
                    fontsize=7.5, family="monospace", color="#555555")
        if r["kind"] == "event":
            x = x_of.get(r["to"], 0)
            ax.plot([x], [i], marker="D", color="#d95f02", ms=6, zorder=4)
            ax.text(x + 0.08, i, r["label"], ha="left", va="center", fontsize=8,
                    color="#a04000", style="italic", zorder=4)
            continue
        colour = RTP_COLOUR if r["kind"] == "rtp" else METHOD_COLOURS.get(r["method"],
                                                                           OTHER_COLOUR)
        x0 = x_of.get(r["from"]) if r["from"] else None
        x1 = x_of.get(r["to"]) if r["to"] else None
        lost = x1 is None
        if x0 is None:  # received from outside the simulated entities
            x0 = x1 - 0.9 if x1 > 0 else x1 + 0.9
        if lost:
            x1 = x0 + (0.9 if x0 < len(lanes) - 1 else -0.9)
        style = "--" if r["kind"] == "rtp" else "-"
        ax.annotate("", xy=(x1, i), xytext=(x0, i),
                    arrowprops=dict(arrowstyle="-|>" if not lost else "-", color=colour, lw=1.4,
                                    linestyle=style, shrinkA=0, shrinkB=0), zorder=3)
        if lost:
            ax.plot([x1], [i], marker="x", color="#b03030", ms=8, mew=2, zorder=4)
        label = r["label"] + (" \u2014 lost" if lost else "")
        if r["kind"] == "sip" and r["t_end"] is not None and r["t_end"] - r["t"] >= 0.0005:
            label += f"  [{(r['t_end'] - r['t']) * 1000:.1f} ms]"
        ax.text((x0 + x1) / 2, i - 0.12, label, ha="center", va="bottom", fontsize=7.5,
                color=colour, zorder=5,
                bbox=dict(boxstyle="square,pad=0.05", fc="white", ec="none", alpha=0.75))
    span_rows = spans(rows, handoff, roles) if handoff else []
    for label, y0, y1, colour, col, _t0, _t1 in span_rows:
        x = left + BAR_X[col] / LANE_IN
        ax.plot([x, x], [y0 - 0.4, y1 + 0.4], color=colour, lw=6, solid_capstyle="butt",
                alpha=0.85, zorder=2)
        if col == 0:
            ax.text(left + LABEL_X / LANE_IN, (y0 + y1) / 2, label, ha="right", va="center",
                    fontsize=8, color=colour, fontweight="bold")
        else:
            ax.text(x + 0.06, (y0 + y1) / 2, label, ha="left", va="center", fontsize=8,
                    color=colour, fontweight="bold", rotation=90,
                    bbox=dict(boxstyle="square,pad=0.1", fc="white", ec="none", alpha=0.8))
    if span_rows:
        ax.text(left + BAR_X[0] / LANE_IN, head_y, "hand-off\nspans", ha="center",
                va="center", fontsize=8, fontweight="bold")
    ax.text(left + TIME_X / LANE_IN, top + 0.2, title, ha="left", va="top", fontsize=11,
            fontweight="bold")
    fig.savefig(out, dpi=100)
    plt.close(fig)
    return span_rows


def write_csv(path, rows, span_rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["kind", "row", "t_start", "t_end", "from", "to", "label", "call_id", "cseq",
                    "branch", "tx_seq", "rx_seq"])
        for i, r in enumerate(rows):
            w.writerow([r["kind"], i, f"{r['t']:.9f}",
                        "" if r["t_end"] is None else f"{r['t_end']:.9f}", r["from"] or "",
                        r["to"] or "", r["label"], r.get("call_id", ""), r.get("cseq", ""),
                        r.get("branch", ""), r.get("tx_seq", ""), r.get("rx_seq", "")])
        for label, y0, y1, _c, _col, t0, t1 in span_rows:
            w.writerow(["span", y0, f"{t0:.9f}", f"{t1:.9f}", "", "", label, "", "", "",
                        "", ""])


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("db")
    p.add_argument("--run", type=int, required=True)
    p.add_argument("--handoff", type=int)
    p.add_argument("--call")
    p.add_argument("--from", dest="from_t", type=float)
    p.add_argument("--to", dest="to_t", type=float)
    p.add_argument("--out", required=True)
    args = p.parse_args(argv)
    try:
        if os.path.splitext(args.out)[1].lower() not in (".svg", ".png", ".pdf"):
            raise LadderError(f"--out {args.out}: expected a .svg, .png or .pdf file")
        msgs, handoffs = load(args.db, args.run)
        handoff = None
        if args.handoff is not None:
            found = [h for h in handoffs if h["seq"] == args.handoff]
            if not found:
                raise LadderError(f"run {args.run} has no hand-off {args.handoff} (it has "
                                  f"{len(handoffs)})")
            handoff = found[0]
        hops, start, end, what = select(pair_hops(msgs), handoff, args)
        mobile_user = user_of(handoff["ua"]) if handoff else (
            user_of(handoffs[0]["ua"]) if handoffs else None)
        entities = sorted({h["tx"]["entity"] for h in hops if h["tx"]} |
                          {h["rx"]["entity"] for h in hops if h["rx"]})
        roles = Roles(entities, handoff, mobile_user)
        if handoff and roles.mobile and roles.far_uas == []:
            far = sorted({m["entity"] for m in msgs if m["entity"].startswith("ua:")} -
                         {roles.mobile})
            roles.far_uas = far[:1]
            entities = sorted(set(entities) | set(far[:1]))
        lanes = sorted(entities, key=roles.rank)
        rows = build_rows(hops, handoff, roles)
        title = f"{os.path.basename(args.db)}, run {args.run}: {what}"
        span_rows = draw(rows, lanes, roles, handoff, title, args.out)
        write_csv(args.out + ".csv", rows, span_rows)
    except LadderError as exc:
        print(f"sipmob ladder: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {args.out} ({sum(r['kind'] == 'sip' for r in rows)} messages, "
          f"{len(lanes)} entities) and {args.out}.csv")
    return 0


if __name__ == "__main__":
    sys.exit(main())
