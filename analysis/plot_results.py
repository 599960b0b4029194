# SPDX-License-Identifier: GPL-2.0-only
"""Draw the standard hand-off figures of a sipmob results database.

usage: plot_results.py DB --out DIR
Writes PNG files into DIR and prints one line per figure (or why it was skipped).
"""

import argparse
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sipmob_results  # noqa: E402

POLL_KEYS = ["poll_interval", "poll_interval_s", "PollInterval"]
SWEEP_KEYS = [("speed", "walking speed (m/s)"), ("walking_speed", "walking speed (m/s)"),
              ("wan_delay", "WAN one-way delay (ms)"), ("wan_delay_ms", "WAN one-way delay (ms)")]


def _save(fig, out, name):
    path = os.path.join(out, name)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    print(f"wrote {path}")
    return path


def plot_cdf(h, out):
    data = h.dropna(subset=["total_ms"])
    if data.empty:
        print("skipped total-latency CDF: no complete hand-off")
        return None
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for model, group in data.groupby("model"):
        x = np.sort(group["total_ms"].to_numpy())
        ax.step(x, np.arange(1, len(x) + 1) / len(x), where="post", label=f"{model} (n={len(x)})")
    ax.set_xlabel("total hand-off latency (ms)")
    ax.set_ylabel("fraction of hand-offs")
    ax.set_title("CDF of total hand-off latency per registration model")
    ax.set_ylim(0, 1.02)
    ax.grid(True, alpha=0.3)
    ax.legend(title="model")
    return _save(fig, out, "latency_cdf.png")


def plot_components(h, out):
    cols = sipmob_results.COMPONENTS
    means = h.groupby("model")[cols].mean().fillna(0.0)
    if means.empty:
        print("skipped component bars: no hand-off")
        return None
    fig, ax = plt.subplots(figsize=(7, 4.5))
    bottom = np.zeros(len(means))
    for col in cols:
        ax.bar(means.index, means[col], bottom=bottom, label=col.replace("_ms", ""))
        bottom += means[col].to_numpy()
    ax.set_xlabel("registration model")
    ax.set_ylabel("mean latency (ms)")
    ax.set_title("Mean hand-off latency components")
    ax.legend(title="component")
    return _save(fig, out, "latency_components.png")


def plot_vs(h, key, label, out, name):
    x = sipmob_results.numeric_param(h, key)
    if x is None or x.nunique() < 2:
        print(f"skipped latency vs {key}: the database has no variation of '{key}'")
        return None
    data = h.assign(_x=x).dropna(subset=["_x", "total_ms"])
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for model, group in data.groupby("model"):
        stats = sipmob_results.summary_table(group, "_x", "total_ms")
        ci = stats["ci"].fillna(0)  # Student t, as `sipmob report` (one value: no interval)
        ax.errorbar(stats["_x"], stats["mean"], yerr=ci, marker="o", capsize=3, label=model)
    ax.set_xlabel(label)
    ax.set_ylabel("mean total hand-off latency (ms)")
    ax.set_title(f"Hand-off latency vs {label.split(' (')[0]} (error bars: 95 % CI, Student t)")
    ax.grid(True, alpha=0.3)
    ax.legend(title="model")
    return _save(fig, out, name)


def plot_media_loss(h, out):
    data = h.dropna(subset=["media_lost_down", "media_lost_up"], how="all")
    if data.empty:
        print("skipped media loss: no media loss recorded")
        return None
    means = data.groupby("model")[["media_lost_down", "media_lost_up"]].mean()
    fig, ax = plt.subplots(figsize=(7, 4.5))
    width = 0.4
    pos = np.arange(len(means))
    ax.bar(pos - width / 2, means["media_lost_down"], width, label="towards the mobile")
    ax.bar(pos + width / 2, means["media_lost_up"], width, label="from the mobile")
    ax.set_xticks(pos)
    ax.set_xticklabels(means.index)
    ax.set_xlabel("registration model")
    ax.set_ylabel("mean media packets lost per hand-off")
    ax.set_title("Media loss per hand-off")
    ax.legend(title="direction")
    return _save(fig, out, "media_loss.png")


def plot_all(db, out):
    """Draw every figure the data allows; return the list of files written."""
    os.makedirs(out, exist_ok=True)
    h = sipmob_results.load(db)["handoffs"]
    written = [plot_cdf(h, out), plot_components(h, out), plot_media_loss(h, out)]
    poll = next((k for k in POLL_KEYS if k in h.columns), POLL_KEYS[0])
    written.append(plot_vs(h, poll, "poll interval (s)", out, "latency_vs_poll_interval.png"))
    done = False
    for key, label in SWEEP_KEYS:
        if sipmob_results.numeric_param(h, key) is not None:
            written.append(plot_vs(h, key, label, out, f"latency_vs_{key}.png"))
            done = True
    if not done:
        print("skipped latency vs walking speed / WAN delay: no such parameter in the database")
    return [w for w in written if w]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", help="results database (SQLite)")
    parser.add_argument("--out", default="plots", help="output directory")
    args = parser.parse_args(argv)
    if not os.path.isfile(args.db):
        print(f"plot_results.py: {args.db}: no such file", file=sys.stderr)
        return 2
    try:
        plot_all(args.db, args.out)
    except Exception as e:  # a readable message instead of a traceback
        print(f"plot_results.py: {args.db}: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
