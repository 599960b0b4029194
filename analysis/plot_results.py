# SPDX-License-Identifier: GPL-2.0-only
"""Draw hand-off figures of a sipmob results database.

usage: plot_results.py DB --out DIR                       the standard figures, one per file
       plot_results.py DB --x PARAM [--y METRIC] [--by KEY] [--where KEY=VALUE ...] --out FILE
                                                          one metric against one swept parameter

Every figure keeps configurations apart: the standard ones draw one line or bar per configuration
(model and every parameter that varies), the --x figure one line per --by group and one panel per
combination of the other varying parameters (or fewer with --where). Points are mean +- 95 %
confidence half-width (Student t), the statistics of `sipmob report` (one C++ implementation through
the sipmob module). A --x figure also writes FILE.csv: the plotted points (panel, group, x, n, mean,
ci). Prints one line per figure written (or why it was skipped).
"""

import argparse
import glob
import os
import re
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sipmob_results  # noqa: E402
import sipmob_schema  # noqa: E402

# Run columns that are not parameters of the configuration.
RUN_COLUMNS = set(sipmob_schema.TABLES["runs"]) | {"scenario_version"}
# Display unit of each parameter dimension (ParseQuantity's base units); time is scaled to ms
# when every value is below 1 s.
DIMENSION_UNITS = {"time": "s", "rate": "bit/s", "length": "m", "frequency": "Hz", "dB": "dB",
                   "dBm": "dBm", "": ""}
MAX_PANELS = 12
# Unit of a scenario key whose swept values are plain numbers, by its last path segment
# (scenarios/README.md gives each key's unit); a loss rate (0..1) is drawn in %.
KEY_UNITS = {"speed": "m/s", "delay_ms": "ms", "tx_power_dbm": "dBm", "duration": "s",
             "start": "s", "pause": "s", "x": "m", "y": "m", "beacon_interval_ms": "ms",
             "data_rate": "bit/s", "max_missed_beacons": "beacons", "scan_ms": "ms"}
KEY_SUFFIX_UNITS = [("_ms", "ms"), ("_s", "s"), ("_dbm", "dBm"), ("_m", "m"), ("_mps", "m/s")]


# The attribute tables `sipmob attributes --write .` generates from the TypeIds (one per model room).
ATTRIBUTE_DOCS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "doc", "attributes")
# A unit named at the end of an attribute's meaning ("Requested registration expiry, seconds").
_MEANING_UNIT = re.compile(r"(?:,|\bin)\s+(seconds|milliseconds|ms|s|dBm|dB|m/s|metres|m|bytes|bit/s)"
                           r"\s*\.?\s*$")
_UNIT_WORDS = {"seconds": "s", "milliseconds": "ms", "metres": "m"}
_INTEGER_TYPES = {"Uinteger", "Integer"}


def _attribute_table():
    """{(TypeId name, attribute): (type, meaning)} and {scenario kind: TypeId name} read from the
    generated doc/attributes/*.md tables (the same source as `sipmob attributes TYPE`)."""
    attrs, kinds = {}, {}
    for path in sorted(glob.glob(os.path.join(ATTRIBUTE_DOCS, "*.md"))):
        tid = None
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("## "):
                    tid = line[3:].strip()
                elif tid and line.startswith("Scenario kind `"):
                    kinds[line.split("`")[1]] = tid
                elif tid and line.startswith("| ") and not line.startswith(("| name", "| ---")):
                    cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
                    if len(cells) >= 5:
                        attrs.setdefault((tid, cells[0]), (cells[1], cells[-1]))
    return attrs, kinds


def _attribute_unit(key):
    """Unit of a swept ns-3 attribute (`ns3::Type::NAME`, `KIND.NAME`, `KIND@ID.NAME`) from the
    attribute tables: a Time is in s (ns-3 reads a bare number as seconds), a unit named in the
    meaning is used, an integer without one is a count; None when the key is no known attribute."""
    attrs, kinds = _attribute_table()
    if key.startswith("ns3::") and key.count("::") >= 2:
        tid, name = key.rsplit("::", 1)
    elif "." in key:
        kind, name = key.split(".", 1)
        tid = kinds.get(kind.split("@", 1)[0])
    else:
        return None
    entry = attrs.get((tid, name))
    if entry is None:
        return None
    atype, meaning = entry
    if atype == "Time":
        return "s"
    m = _MEANING_UNIT.search(meaning)
    if m:
        return _UNIT_WORDS.get(m.group(1), m.group(1))
    return "count" if atype in _INTEGER_TYPES else "dimensionless"


def _key_unit(key):
    """(unit, scale) of a key whose values are plain numbers: from the ns-3 attribute tables, else
    KEY_UNITS or the name's suffix; a loss rate is a fraction drawn in %."""
    unit = _attribute_unit(key)
    if unit is not None:
        return unit, 1.0
    last = key.rsplit(".", 1)[-1]
    if last.endswith("loss_rate"):
        return "%", 100.0
    if last in KEY_UNITS:
        return KEY_UNITS[last], 1.0
    for suffix, unit in KEY_SUFFIX_UNITS:
        if last.endswith(suffix):
            return unit, 1.0
    return "", 1.0


class PlotError(Exception):
    """A request the data cannot answer (exit status 2, one line)."""


def _save(fig, path):
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    print(f"wrote {path}")
    return path


def _unit(table, column):
    unit = sipmob_schema.UNITS.get((table, column), "")
    return f" ({unit})" if unit else ""


def varying_parameters(df):
    """Parameters (run_params keys, the model, and the scenario and its version when several) that
    take more than one value among the rows, sorted by name."""
    return sorted(k for k in _param_columns(df) if df[k].astype(str).nunique(dropna=False) > 1)


def _param_columns(df):
    """The configuration keys of a record table joined with its runs (sipmob_results.load)."""
    record = set()
    for columns in sipmob_schema.TABLES.values():
        record |= set(columns)
    own = {c for c in df.columns if c.startswith("_")}
    params = set(df.columns) - record - RUN_COLUMNS - own
    return params | ({"scenario", "scenario_version", "model"} & set(df.columns))


def configuration_label(row, keys, sep=", "):
    return sep.join(f"{k}={row[k]}" if k != "model" else str(row[k]) for k in keys) or "all"


def _with_configuration(h, sep=", "):
    keys = ["model"] + [k for k in varying_parameters(h) if k != "model"]
    label = h.apply(lambda r: configuration_label(r, keys, sep), axis=1) if len(h) else ""
    return h.assign(_config=label), keys


def _sorted_groups(df, key):
    order = sipmob_results._sipmob().sort_parameter_values([str(v) for v in df[key].unique()])
    return [(v, df[df[key].astype(str) == v]) for v in order]


# ---------------------------------------------------------------------------------------------
# The standard figures (one per file, configurations never pooled)


def plot_cdf(h, out):
    data = h.dropna(subset=["total_ms"])
    if data.empty:
        print("skipped total-latency CDF: no complete hand-off")
        return None
    data, _ = _with_configuration(data)
    fig, ax = plt.subplots(figsize=(8, 4.8))
    for config, group in _sorted_groups(data, "_config"):
        x = np.sort(group["total_ms"].to_numpy())
        ax.step(x, np.arange(1, len(x) + 1) / len(x), where="post", label=f"{config} (n={len(x)})")
    ax.set_xlabel("total hand-off latency, link lost -> first downlink packet (ms)")
    ax.set_ylabel("fraction of hand-offs")
    ax.set_title("CDF of total hand-off latency per configuration")
    ax.set_ylim(0, 1.02)
    ax.grid(True, alpha=0.3)
    ax.legend(title="configuration", fontsize="small")
    return _save(fig, os.path.join(out, "latency_cdf.png"))


def plot_components(h, out):
    cols = sipmob_results.COMPONENTS
    if h.empty:
        print("skipped component bars: no hand-off")
        return None
    data, _ = _with_configuration(h, "\n")
    groups = _sorted_groups(data, "_config")
    means = pd.DataFrame([g[cols].mean() for _, g in groups], index=[c for c, _ in groups])
    means = means.fillna(0.0)
    fig, ax = plt.subplots(figsize=(max(7, 1.6 * len(means) + 3), 5))
    bottom = np.zeros(len(means))
    pos = np.arange(len(means))
    for col in cols:
        ax.bar(pos, means[col], bottom=bottom, label=col.replace("_ms", ""))
        bottom += means[col].to_numpy()
    ax.set_xticks(pos)
    ax.set_xticklabels([f"{c}\n(n={len(g)})" for c, g in groups], fontsize="small")
    ax.set_xlabel("configuration")
    ax.set_ylabel("mean latency (ms)")
    ax.set_title("Mean hand-off latency components per configuration")
    ax.legend(title="component", loc="upper left", bbox_to_anchor=(1.01, 1))
    return _save(fig, os.path.join(out, "latency_components.png"))


def _bars_with_ci(h, out, columns, labels, ylabel, title, name):
    data = h.dropna(subset=columns, how="all")
    if data.empty:
        print(f"skipped {name}: no values")
        return None
    data, _ = _with_configuration(data, "\n")
    groups = _sorted_groups(data, "_config")
    fig, ax = plt.subplots(figsize=(max(7, 1.6 * len(groups) + 3), 5))
    width = 0.8 / len(columns)
    pos = np.arange(len(groups))
    for i, (col, label) in enumerate(zip(columns, labels)):
        stats = [sipmob_results.summarize(g[col].dropna().to_list()) for _, g in groups]
        mean = [s["mean"] for s in stats]
        ci = [0 if np.isnan(s["ci"]) else s["ci"] for s in stats]
        ax.bar(pos + (i - (len(columns) - 1) / 2) * width, mean, width, yerr=ci, capsize=3,
               label=label)
    ax.set_xticks(pos)
    ax.set_xticklabels([f"{c}\n(n={len(g)})" for c, g in groups], fontsize="small")
    ax.set_xlabel("configuration")
    ax.set_ylabel(ylabel)
    ax.set_title(f"{title} (error bars: 95 % CI, Student t)")
    ax.legend(title="direction", loc="upper left", bbox_to_anchor=(1.01, 1))
    return _save(fig, os.path.join(out, name))


def plot_media_loss(h, out):
    return _bars_with_ci(h, out, ["media_lost_down", "media_lost_up"],
                         ["towards the mobile", "from the mobile"],
                         "media packets lost per hand-off", "Media loss per hand-off",
                         "media_loss.png")


def plot_mos(h, out):
    if "mos" not in h.columns:
        print("skipped MOS: the database has no voice-quality columns")
        return None
    return _bars_with_ci(h, out, ["mos", "mos_up"], ["heard at the mobile", "heard at the peer"],
                         "MOS (ITU-T G.107 E-model)",
                         "Voice quality in the window around each hand-off", "mos.png")


def plot_all(db, out, kinds=("handoff",)):
    """Draw every standard figure, plus latency and MOS against every numeric parameter that
    varies; return the list of files written."""
    os.makedirs(out, exist_ok=True)
    h = load_handoffs(db, kinds)
    written = [plot_cdf(h, out), plot_components(h, out), plot_media_loss(h, out),
               plot_mos(h, out)]
    swept = [k for k in varying_parameters(h)
             if k not in ("model", "scenario", "scenario_version")
             and sipmob_results.numeric_param(h, k) is not None]
    for key in swept:
        safe = key.replace(".", "_").replace("/", "_")
        for metric in ["total_ms", "mos"]:
            if metric in h.columns and h[metric].notna().any():
                path = os.path.join(out, f"{metric.replace('_ms', '')}_vs_{safe}.png")
                written.append(plot_param(h, key, metric, "model", path, db_name=db))
    if not swept:
        print("skipped figures against a parameter: no numeric parameter varies")
    return [w for w in written if w]


# ---------------------------------------------------------------------------------------------
# One metric against one parameter


def load_handoffs(db, kinds=("handoff",)):
    """The hand-off rows of the given link-event kinds (default: real hand-offs, to another
    network); prints how many rows of each other kind were left out."""
    h, left_out = sipmob_results.select_kinds(sipmob_results.load(db)["handoffs"], kinds)
    for kind, n in left_out.items():
        print(f"left out {n} link event(s) of kind {kind} (--kind all to include them)")
    return h


def parse_where(items):
    where = []
    for item in items or []:
        if "=" not in item:
            raise PlotError(f"--where {item}: expected KEY=VALUE")
        k, v = item.split("=", 1)
        where.append((k.strip(), v.strip()))
    return where


def _x_values(df, key):
    """(values for the axis, axis label suffix, categorical?)"""
    numeric = sipmob_results.numeric_param(df, key)
    if numeric is None:
        return df[key].astype(str), "", True
    dims = {sipmob_results._sipmob().parse_quantity(str(v))[1] for v in df[key].dropna()}
    dim = dims.pop() if len(dims) == 1 else ""
    unit = DIMENSION_UNITS.get(dim, dim)
    if dim == "time" and numeric.max() < 1:
        return numeric * 1000, " (ms)", False
    if not dim:  # plain numbers: the key's documented unit
        unit, scale = _key_unit(key)
        return numeric * scale, f" ({unit})" if unit else "", False
    return numeric, f" ({unit})" if unit else "", False


def varied_with(data, x, keys):
    """The keys among `keys` that vary together with `x` (a `--zip` sweep, e.g. the three WAN
    delays): each value of x goes with exactly one value of the key and back, so the key is no
    second dimension (a panel per value would hold a single point) and nothing is pooled."""
    xs = data[x].astype(str)
    tied = []
    for k in keys:
        ks = data[k].astype(str)
        if len(set(zip(xs, ks))) == xs.nunique() == ks.nunique():
            tied.append(k)
    return tied


def plot_param(df, x, y, by, path, where=(), db_name=""):
    """Draw mean +- 95 % CI of column `y` against parameter `x`, one line per `by` value and one
    panel per combination of the other varying parameters (those varied together with x, see
    varied_with, are named under the x axis instead). Writes `path` and `path`.csv; returns the
    path."""
    table = "handoffs"
    if y not in df.columns:
        numeric_cols = [c for c in sipmob_schema.TABLES[table] if c not in ("run_id", "seq")]
        raise PlotError(f"--y {y}: not a hand-off column (one of {', '.join(numeric_cols)})")
    for k, v in where:
        if k not in df.columns:
            raise PlotError(f"--where {k}: no such parameter (parameters: "
                            f"{', '.join(sorted(_param_columns(df)))})")
        df = df[df[k].astype(str) == v]
        if df.empty:
            raise PlotError(f"--where {k}={v}: no hand-off has this value")
    if x not in df.columns:
        raise PlotError(f"--x {x}: no such parameter (parameters: "
                        f"{', '.join(sorted(_param_columns(df)))})")
    if by not in df.columns:
        raise PlotError(f"--by {by}: no such parameter")
    data = df.dropna(subset=[y, x])
    if data.empty:
        raise PlotError(f"no hand-off has both {x} and {y}")
    xs, xunit, categorical = _x_values(data, x)
    data = data.assign(_x=xs.to_numpy())
    others = [k for k in varying_parameters(data) if k not in (x, by)]
    tied = varied_with(data, x, others)
    facet_keys = [k for k in others if k not in tied]
    panels = [("", data)] if not facet_keys else [
        (configuration_label(g.iloc[0], facet_keys), g)
        for _, g in data.groupby([data[k].astype(str) for k in facet_keys], sort=True)]
    if len(panels) > MAX_PANELS:
        raise PlotError(f"{len(panels)} combinations of {', '.join(facet_keys)}: choose some "
                        "with --where KEY=VALUE")
    cols = min(len(panels), 3)
    rows = (len(panels) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(6.5 * cols, 4.5 * rows), squeeze=False)
    points = []
    for ax, (panel, pdata) in zip(axes.flat, panels):
        for group, gdata in _sorted_groups(pdata, by):
            stats = sipmob_results.summary_table(gdata, "_x", y)
            ci = stats["ci"].fillna(0)
            xpos = stats["_x"].astype(str) if categorical else stats["_x"]
            ax.errorbar(xpos, stats["mean"], yerr=ci, marker="o", capsize=3,
                        label=f"{group} (n={int(stats['n'].sum())})")
            for _, s in stats.iterrows():
                points.append({"panel": panel, by: group, x: s["_x"], "x_unit": xunit[2:-1],
                               "n": int(s["n"]),
                               "mean": s["mean"], "ci": s["ci"]})
        ax.set_xlabel(f"{x}{xunit}" + (f"\nvaried with it: {', '.join(tied)}" if tied else ""))
        ax.set_ylabel(f"{y}{_unit(table, y)}, mean ± 95 % CI")
        if panel:
            ax.set_title(panel, fontsize="medium")
        ax.grid(True, alpha=0.3)
        ax.legend(title=by, fontsize="small")
    for ax in list(axes.flat)[len(panels):]:
        ax.set_visible(False)
    scenarios = ", ".join(sorted({os.path.basename(str(s)) for s in data["scenario"]}))
    where_text = "".join(f", {k}={v}" for k, v in where)
    fig.suptitle(f"{y} vs {x}\n{scenarios}{where_text} (n = {len(data)} hand-offs, "
                 f"{data['run_id'].nunique()} runs)", fontsize="medium")
    _save(fig, path)
    pd.DataFrame(points).to_csv(path + ".csv", index=False)
    return path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", help="results database (SQLite)")
    parser.add_argument("--out", default="plots",
                        help="output directory (standard figures) or file (with --x)")
    parser.add_argument("--x", help="swept parameter (a run_params key, e.g. ua.PollInterval)")
    parser.add_argument("--y", default="total_ms", help="hand-off column (default total_ms)")
    parser.add_argument("--by", default="model", help="one line per value of this key")
    parser.add_argument("--where", action="append", help="keep rows with KEY=VALUE (repeatable)")
    parser.add_argument("--kind", action="append",
                        choices=list(sipmob_results.LINK_EVENT_KINDS) + ["all"],
                        help="link events to draw (repeatable; default: handoff, i.e. moves to "
                             "another network; the rows left out are counted on stdout)")
    args = parser.parse_args(argv)
    kinds = tuple(args.kind or ["handoff"])
    if not os.path.isfile(args.db):
        print(f"plot_results.py: {args.db}: no such file", file=sys.stderr)
        return 2
    try:
        if args.x:
            plot_param(load_handoffs(args.db, kinds), args.x, args.y, args.by, args.out,
                       parse_where(args.where), args.db)
        else:
            if args.where or args.y != "total_ms" or args.by != "model":
                raise PlotError("--y, --by and --where need --x")
            plot_all(args.db, args.out, kinds)
    except PlotError as e:
        print(f"sipmob plot: {e}", file=sys.stderr)
        return 2
    except Exception as e:  # a readable message instead of a traceback
        print(f"plot_results.py: {args.db}: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
