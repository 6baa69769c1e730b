"""The benchmark's PNGs, from the report bench.py builds (also: plot.py results/benchmark.json)."""

import json
import os
import sys

import matplotlib

matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt  # noqa: E402

from bench import LABELS, SCOPE  # noqa: E402

STYLE = {
    "uri": ("tab:red", "o"),
    "module_loop": ("tab:orange", "s"),
    "sdk": ("tab:purple", "^"),
    "role_destinations": ("tab:green", "D"),
    "role_account": ("tab:blue", "D"),
    "floor_destinations": ("0.55", "_"),
    "floor_account": ("0.2", "_"),
}


def series(report, key, figure):
    sizes = sorted(report["sizes"], key=int)
    points = [(int(size), report["sizes"][size]["results"].get(key, {}).get("noop")) for size in sizes]
    return [(size, result[figure], bool(result.get("extrapolated"))) for size, result in points if result]


def panel(axes, report, figure, ylabel):
    for key, label in LABELS.items():
        points = series(report, key, figure)
        if not points:
            continue
        colour, marker = STYLE[key]
        extrapolated = any(flag for _size, _value, flag in points)
        name = "%s, %s%s" % (label, SCOPE.get(key, "destinations"), " (extrapolated)" if extrapolated else "")
        dashed = "--" if extrapolated else (":" if key.startswith("floor") else "-")
        axes.plot([p[0] for p in points], [p[1] for p in points], dashed, color=colour, marker=marker,
                  markerfacecolor="none" if extrapolated else colour, label=name)
    axes.set_xscale("log")
    axes.set_yscale("log")
    sizes = sorted(int(size) for size in report["sizes"])
    axes.set_xticks(sizes)
    axes.set_xticklabels(["{:,}".format(size) for size in sizes])
    axes.minorticks_off()
    axes.set_xlabel("destinations in the account")
    axes.set_ylabel(ylabel)
    axes.grid(True, which="both", alpha=0.3)


def caption(report):
    meta = report["meta"]
    return "No-op re-run, emulator at %d ms latency; %s, %s (%d cores), ansible-core %s" % (
        meta["latency_ms"], meta["date"], meta["machine"]["cpu"], meta["machine"]["cores"],
        meta["machine"]["ansible_core"])


def draw(report, out_dir):
    """time_vs_size.png, calls_vs_size.png and benchmark.png (both side by side, the README's plot)."""
    written = []
    for name, figure, ylabel in (("time_vs_size.png", "wall_s", "wall time (s, median)"),
                                 ("calls_vs_size.png", "calls", "API calls")):
        fig, axes = plt.subplots(figsize=(8, 5.5))
        panel(axes, report, figure, ylabel)
        axes.legend(fontsize=7, loc="upper left")
        axes.set_title(caption(report), fontsize=8)
        fig.tight_layout()
        fig.savefig(os.path.join(out_dir, name), dpi=110)
        plt.close(fig)
        written.append(os.path.join(out_dir, name))
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 5.5))
    panel(left, report, "wall_s", "wall time (s, median)")
    panel(right, report, "calls", "API calls")
    handles, labels = left.get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=4, fontsize=7)
    fig.suptitle(caption(report), fontsize=9)
    fig.tight_layout(rect=(0, 0.1, 1, 0.96))
    fig.savefig(os.path.join(out_dir, "benchmark.png"), dpi=100)
    plt.close(fig)
    written.append(os.path.join(out_dir, "benchmark.png"))
    return written


if __name__ == "__main__":
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "results", "benchmark.json")
    with open(path) as handle:
        for written in draw(json.load(handle), os.path.dirname(os.path.abspath(path))):
            print(written)
