"""
A port of lib/ink's preprocessing (writing zone → normalise → resample → features) and of the
training augmentations (lib/ink/augment.ts, lib/ink/join-words.ts), for the GPU trainer.

The browser and `npm run eval` use lib/ink; this file exists only because the GPU machine has no
Node. It must compute the same features: train_ctc.py checks it against lib/ink's own output
(parity.json from `npm run pack-training-set`) before it trains, and
scripts/gpu/ink-features-parity.test.ts runs the same check in CI when python3 has NumPy.

The loops follow the TypeScript line by line (same float64 arithmetic, same edge cases). With
Numba they are compiled, ~50× faster, which is what lets a few CPU cores feed a GPU; without it
they run as plain Python, slow but identical.

An ink here is (points, starts): float64 points [N, 2] of all strokes in writing order, and the
int64 index where each stroke starts (strokes are never empty).
"""
import math
import sys

import numpy as np

try:
    from numba import njit
except ImportError:  # plain Python: same results, for checks on machines without Numba
    def njit(*args, **kwargs):
        if args and callable(args[0]):
            return args[0]
        return lambda f: f

# lib/ink/features.ts
OFFSET_SCALE = 4.0
OFFSET_CLIP = 8.0
Y_CLIP = 4.0
FEATURE_DIMS = 7
# lib/ink/writing-height.ts
ZONE_SAMPLES = 1000
FLAT_INK_WIDTH_SHARE = 0.01
# lib/ink/centre-line.ts, lib/ink/level-centre-line.ts
CENTRE_WINDOW_HEIGHTS = 3.0
MIN_LEVELLED_WIDTH_HEIGHTS = 8.0
CENTRE_SAMPLES = 2000
MIN_WINDOW_SAMPLES = 20
MAX_LEVELLED_SLOPE = 0.25


def flatten(strokes):
    """List of (n, 2) arrays → (points, starts), dropping empty strokes."""
    strokes = [np.asarray(s, dtype=np.float64).reshape(-1, 2) for s in strokes]
    strokes = [s for s in strokes if len(s)]
    if not strokes:
        return np.zeros((0, 2)), np.zeros(0, dtype=np.int64)
    lens = np.array([len(s) for s in strokes], dtype=np.int64)
    return np.concatenate(strokes), np.concatenate([[0], np.cumsum(lens)[:-1]]).astype(np.int64)


@njit(cache=True)
def _end(starts, k, n):
    return starts[k + 1] if k + 1 < len(starts) else n


@njit(cache=True)
def dedupe(points, starts):
    """Drops consecutive duplicate points within each stroke (lib/ink/polylines.ts)."""
    n = len(points)
    out = np.empty_like(points)
    new_starts = np.empty_like(starts)
    m = 0
    for k in range(len(starts)):
        new_starts[k] = m
        for i in range(starts[k], _end(starts, k, n)):
            if m > new_starts[k] and out[m - 1, 0] == points[i, 0] and out[m - 1, 1] == points[i, 1]:
                continue
            out[m, 0] = points[i, 0]
            out[m, 1] = points[i, 1]
            m += 1
    return out[:m].copy(), new_starts


@njit(cache=True)
def arc_length(points, starts):
    total = 0.0
    n = len(points)
    for k in range(len(starts)):
        for i in range(starts[k] + 1, _end(starts, k, n)):
            total += math.hypot(points[i, 0] - points[i - 1, 0], points[i, 1] - points[i - 1, 1])
    return total


@njit(cache=True)
def resample(points, starts, spacing):
    """Equal arc-length points along each stroke: its first point, then every `spacing`, then its
    end point when at least half a spacing is left over (lib/ink/resample.ts)."""
    n = len(points)
    cap = n + int(arc_length(points, starts) / spacing) + 2 * len(starts) + 2
    out = np.empty((cap, 2))
    new_starts = np.empty_like(starts)
    m = 0
    for k in range(len(starts)):
        a, b = starts[k], _end(starts, k, n)
        new_starts[k] = m
        out[m, 0] = points[a, 0]
        out[m, 1] = points[a, 1]
        m += 1
        if b - a <= 1:
            continue
        carried = 0.0
        for i in range(a + 1, b):
            x0, y0 = points[i - 1, 0], points[i - 1, 1]
            dx, dy = points[i, 0] - x0, points[i, 1] - y0
            seg = math.hypot(dx, dy)
            if seg == 0:
                continue
            at = spacing - carried
            while at <= seg:
                f = at / seg
                out[m, 0] = x0 + dx * f
                out[m, 1] = y0 + dy * f
                m += 1
                at += spacing
            carried = seg - (at - spacing)
        if carried >= spacing / 2:
            out[m, 0] = points[b - 1, 0]
            out[m, 1] = points[b - 1, 1]
            m += 1
    return out[:m].copy(), new_starts


@njit(cache=True)
def writing_zone(points, starts):
    """(height, centerY, minX): twice the inter-quartile range of y by arc length, with the floors
    of lib/ink/writing-height.ts for flat inks."""
    if len(points) == 0:
        return 1.0, 0.0, 0.0
    min_x, max_x = points[:, 0].min(), points[:, 0].max()
    min_y, max_y = points[:, 1].min(), points[:, 1].max()
    length = arc_length(points, starts)
    if length > 0:
        even, _ = resample(points, starts, length / ZONE_SAMPLES)
        ys = np.sort(even[:, 1])
    else:
        ys = np.sort(points[:, 1])
    last = len(ys) - 1
    # Math.round rounds halves up (NumPy's round goes to even).
    q25 = ys[min(last, max(0, int(math.floor(0.25 * last + 0.5))))]
    q50 = ys[min(last, max(0, int(math.floor(0.5 * last + 0.5))))]
    q75 = ys[min(last, max(0, int(math.floor(0.75 * last + 0.5))))]
    height = max(2 * (q75 - q25), 0.3 * (max_y - min_y), FLAT_INK_WIDTH_SHARE * (max_x - min_x))
    return (height if height > 0 else 1.0), q50, min_x


@njit(cache=True)
def centre_line(points, starts, height, min_x, smooth):
    """lib/ink/centre-line.ts: [k, 2] window medians of y (3-height windows along x), 3-point
    median-smoothed when `smooth`; empty for inks narrower than 8 writing heights."""
    empty = np.zeros((0, 2))
    if len(points) == 0:
        return empty
    width = points[:, 0].max() - min_x
    if not (width >= MIN_LEVELLED_WIDTH_HEIGHTS * height):
        return empty
    length = arc_length(points, starts)
    if not (length > 0):
        return empty
    even, _ = resample(points, starts, length / CENTRE_SAMPLES)
    window = CENTRE_WINDOW_HEIGHTS * height
    count = int(math.floor(width / window)) + 1
    bin_of = np.empty(len(even), dtype=np.int64)
    for i in range(len(even)):
        bin_of[i] = min(count - 1, int(math.floor((even[i, 0] - min_x) / window)))
    raw = np.empty((count, 2))
    m = 0
    for k in range(count):
        ys = np.sort(even[bin_of == k, 1])
        if len(ys) < MIN_WINDOW_SAMPLES:
            continue
        raw[m, 0] = min_x + (k + 0.5) * window
        raw[m, 1] = ys[len(ys) >> 1]
        m += 1
    raw = raw[:m].copy()
    if not smooth:
        return raw
    out = raw.copy()
    for i in range(m):
        three = np.sort(np.array([raw[max(0, i - 1), 1], raw[i, 1], raw[min(m - 1, i + 1), 1]]))
        out[i, 1] = three[1]
    return out


@njit(cache=True)
def _interpolate(line, x):
    if x <= line[0, 0]:
        return line[0, 1]
    for i in range(1, len(line)):
        if x <= line[i, 0]:
            f = (x - line[i - 1, 0]) / (line[i, 0] - line[i - 1, 0])
            return line[i - 1, 1] + f * (line[i, 1] - line[i - 1, 1])
    return line[len(line) - 1, 1]


@njit(cache=True)
def level_centre_line(points, starts, height, center_y, min_x):
    """lib/ink/level-centre-line.ts: rotate by the centre line's Theil–Sen slope, then move each
    point vertically by the rotated centre line's remaining wander. (points, levelled): the input
    itself and False for inks narrower than 8 heights, with under 3 centre points, or steeper
    than MAX_LEVELLED_SLOPE."""
    line = centre_line(points, starts, height, min_x, False)
    m = len(line)
    if m < 3:
        return points, False
    slopes = np.empty(m * (m - 1) // 2)
    n = 0
    for i in range(m):
        for j in range(i + 1, m):
            slopes[n] = (line[j, 1] - line[i, 1]) / (line[j, 0] - line[i, 0])
            n += 1
    slope = np.sort(slopes)[n >> 1]
    if abs(slope) > MAX_LEVELLED_SLOPE:
        return points, False
    angle = math.atan(slope)
    c, s = math.cos(angle), math.sin(angle)
    rotated = np.empty_like(points)
    for i in range(len(points)):
        x, y = points[i, 0] - min_x, points[i, 1] - center_y
        rotated[i, 0] = min_x + c * x + s * y
        rotated[i, 1] = center_y - s * x + c * y
    r_height, r_center_y, r_min_x = writing_zone(rotated, starts)
    rest = centre_line(rotated, starts, r_height, r_min_x, True)
    if len(rest) < 3:
        return rotated, True
    out = np.empty_like(rotated)
    for i in range(len(rotated)):
        out[i, 0] = rotated[i, 0]
        out[i, 1] = rotated[i, 1] - (_interpolate(rest, rotated[i, 0]) - r_center_y)
    return out, True


@njit(cache=True)
def _clip(v, lim):
    return lim if v > lim else (-lim if v < -lim else v)


@njit(cache=True)
def features(points, starts):
    """[steps, 7] float32: dx, dy, y, newStroke, endStroke, cosTurn, sinTurn (lib/ink/features.ts)."""
    n = len(points)
    out = np.zeros((n, FEATURE_DIMS), dtype=np.float32)
    prev_x, prev_y = np.nan, np.nan
    for k in range(len(starts)):
        a, b = starts[k], _end(starts, k, n)
        for i in range(a, b):
            x, y = points[i, 0], points[i, 1]
            dx = 0.0 if np.isnan(prev_x) else x - prev_x
            dy = 0.0 if np.isnan(prev_y) else y - prev_y
            out[i, 0] = _clip(dx * OFFSET_SCALE, OFFSET_CLIP)
            out[i, 1] = _clip(dy * OFFSET_SCALE, OFFSET_CLIP)
            out[i, 2] = _clip(y, Y_CLIP)
            out[i, 3] = 1.0 if i == a else 0.0
            out[i, 4] = 1.0 if i == b - 1 else 0.0
            if a < i < b - 1:
                ax, ay = x - points[i - 1, 0], y - points[i - 1, 1]
                bx, by = points[i + 1, 0] - x, points[i + 1, 1] - y
                na, nb = math.hypot(ax, ay), math.hypot(bx, by)
                if na > 0 and nb > 0:
                    out[i, 5] = (ax * bx + ay * by) / (na * nb)
                    out[i, 6] = (ax * by - ay * bx) / (na * nb)
            prev_x, prev_y = x, y
    return out


@njit(cache=True)
def preprocess(points, starts, spacing, max_steps):
    """lib/ink/preprocess.ts: dedupe → level a long line → zone → normalise → resample (coarser past
    max_steps) → features."""
    points, starts = dedupe(points, starts)
    if len(points) == 0:
        return np.zeros((0, FEATURE_DIMS), dtype=np.float32)
    height, center_y, min_x = writing_zone(points, starts)
    points, levelled = level_centre_line(points, starts, height, center_y, min_x)
    if levelled:  # a word or short phrase keeps the zone measured on it
        height, center_y, min_x = writing_zone(points, starts)
    inv = 1.0 / height
    norm = np.empty_like(points)
    for i in range(len(points)):
        norm[i, 0] = (points[i, 0] - min_x) * inv
        norm[i, 1] = (points[i, 1] - center_y) * inv
    budget = max(1, max_steps - len(starts))  # one point per stroke is the floor
    effective = max(spacing, arc_length(norm, starts) / budget)
    res, res_starts = resample(norm, starts, effective)
    if len(res_starts) > max_steps:  # more strokes than steps: keep the first strokes
        res = res[: res_starts[max_steps]]
        res_starts = res_starts[:max_steps]
    return features(res, res_starts)


def augment(points, starts, rng, aspect=0.2, shear=0.35, rotate=0.08, jitter=0.01):
    """Random slant, aspect, rotation and point jitter around the writing zone (lib/ink/augment.ts;
    its point thinning is left out because packed ink is already evenly thinned)."""
    if len(points) == 0:
        return points
    height, center_y, min_x = writing_zone(points, starts)
    a = math.exp(rng.uniform(-aspect, aspect))
    sh = rng.uniform(-shear, shear)
    angle = rng.uniform(-rotate, rotate)
    c, s = math.cos(angle), math.sin(angle)
    x0, y0 = points[:, 0] - min_x, points[:, 1] - center_y
    xs = (x0 + sh * -y0) * a  # y points down, so −y is up: positive shear leans right
    noise = rng.normal(0.0, jitter * height, points.shape)
    return np.stack([c * xs - s * y0, s * xs + c * y0], axis=1) + noise


def join_words(words, rng, gap=(0.5, 1.3), wander=0.08):
    """A synthetic line from one writer's words [(points, starts)] (lib/ink/join-words.ts): shared
    centre line, gaps of 0.5–1.3 median writing heights, a little vertical wander."""
    zones = [writing_zone(p, s) for p, s in words]
    h = sorted(z[0] for z in zones)[len(zones) // 2]
    out_points, out_starts = [], []
    cursor, offset = 0.0, 0
    for i, ((p, s), (_, center_y, min_x)) in enumerate(zip(words, zones)):
        if i > 0:
            cursor += rng.uniform(gap[0], gap[1]) * h
        dy = -center_y + rng.uniform(-wander, wander) * h
        out_points.append(p + np.array([cursor - min_x, dy]))
        out_starts.append(s + offset)
        offset += len(p)
        cursor += p[:, 0].max() - min_x
    return np.concatenate(out_points), np.concatenate(out_starts)


def check_parity(cases, scale, spacing, max_steps):
    """Compares this port with lib/ink on parity.json cases; returns (matched, total, worst diff)."""
    matched, worst = 0, 0.0
    for case in cases:
        points, starts = flatten([np.asarray(s, dtype=np.float64) / scale for s in case["strokes"]])
        f = preprocess(points, starts, spacing, max_steps)
        ref = np.asarray(case["features"], dtype=np.float32).reshape(-1, FEATURE_DIMS)
        if f.shape == ref.shape:
            diff = float(np.abs(f - ref).max()) if len(f) else 0.0
            worst = max(worst, diff)
            matched += diff < 1e-4
    return matched, len(cases), worst


if __name__ == "__main__":
    import json

    # python3 scripts/gpu/ink_features.py parity.json [scale] → "parity M/N worst D"; exit 1 below 98%.
    cases = json.load(open(sys.argv[1]))
    m, n, w = check_parity(cases, float(sys.argv[2]) if len(sys.argv) > 2 else 64.0, 0.25, 4000)
    print(f"parity {m}/{n} worst {w:.2e}")
    sys.exit(0 if n and m >= 0.98 * n else 1)
