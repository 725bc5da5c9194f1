"""
GPU trainer for the Inkwell recognizer (PyTorch + cuDNN), for machines that have a GPU and no Node.

    npm run pack-training-set -- --out runs/pack            # on the Node machine
    python3 scripts/gpu/train_ctc.py --pack runs/pack --out runs/gpu --minutes 8 [--init public/models/v1]
    npm run export-model -- --run runs/gpu --version v1     # back on the Node machine

It trains exactly the network of lib/model/network.ts (stacked BiLSTM with dropout on each layer's
input, dense softmax over the charset + CTC blank 0) on the features of lib/ink (ported in
ink_features.py, checked against lib/ink's own output before training starts), with the same
augmentations and synthetic lines as lib/training/train.ts. It stops on a wall-clock budget with a
cosine learning-rate schedule over that budget, and writes a checkpoint in the layout of
lib/training/train.ts (params.bin/best.bin in tfjs-layers order, state.json with the model config and
the evaluation history), so export-model, eval and the TypeScript trainer's fine-tuning read it as is.

Steps, numbered as in the code:
 1. Check the feature port against lib/ink (parity.json); refuse to train on a mismatch.
 2. Load the packed ink; build the writer-disjoint train/validation sets (split made by the packer).
 3. Each epoch: every training sample plus synthetic lines, augmented and preprocessed in worker
    processes, cut into length-bucketed batches under a frame budget.
 4. Learning rate: linear warm-up, then cosine decay over the remaining wall-clock budget.
 5. Forward (packed sequences), CTC loss (mean over the batch), backward.
 6. Global-norm gradient clipping, Adam.
 7. Every epoch: greedy CER/WER on the fixed validation words and lines; keep the best weights and
    write the checkpoint (so a killed run still leaves its best model).
"""
import argparse
import copy
import gzip
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ink_features as ink  # noqa: E402


def parse_args(argv=None):
    a = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    a.add_argument("--pack", required=True, help="folder written by npm run pack-training-set")
    a.add_argument("--out", required=True, help="run folder: checkpoint/, log.jsonl")
    a.add_argument("--minutes", type=float, default=8.0, help="wall-clock training budget (the LR schedule spans it)")
    a.add_argument("--units", type=int, default=None, help="LSTM units per direction (default: the pack's model config)")
    a.add_argument("--layers", type=int, default=None, help="BiLSTM layers (default: the pack's model config)")
    a.add_argument("--dropout", type=float, default=None, help="dropout on each layer's input (default: the pack's model config)")
    a.add_argument("--lr", type=float, default=2e-3, help="peak Adam learning rate; batches are ~100 samples")
    a.add_argument("--warmup", type=int, default=300, help="linear warm-up steps: early CTC gradients are large")
    a.add_argument("--clip", type=float, default=5.0, help="global gradient-norm clip")
    a.add_argument("--batch-frames", type=int, default=16000, help="padded frames per batch (samples × longest)")
    a.add_argument("--max-batch", type=int, default=192, help="upper bound on samples per batch")
    a.add_argument("--line-share", type=float, default=0.2, help="synthetic lines per epoch, as a share of training words")
    a.add_argument("--workers", type=int, default=max(1, (os.cpu_count() or 2) - 2), help="augmentation/preprocessing processes")
    a.add_argument("--limit", type=int, default=0, help="use only this many training samples (smoke tests)")
    a.add_argument("--val-limit", type=int, default=0, help="use only this many validation samples of each kind (smoke tests)")
    a.add_argument("--epochs", type=int, default=1000, help="upper bound on epochs; the time budget usually ends first")
    a.add_argument("--init", default=None, help="start from a model version (public/models/V) or a checkpoint's best.bin/params.bin")
    a.add_argument("--seed", type=int, default=1)
    a.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    return a.parse_args(argv)


# ---------------------------------------------------------------------------------------------
# Data


class Pack:
    """The packed ink, in writing heights: sample i is (points, starts) from get(i)."""

    def __init__(self, folder):
        self.meta = json.load(open(os.path.join(folder, "meta.json")))
        scale = float(self.meta["packScale"])
        lens = np.frombuffer(gzip.open(os.path.join(folder, "strokes.u32.gz")).read(), dtype=np.uint32).astype(np.int64)
        starts = np.frombuffer(gzip.open(os.path.join(folder, "starts.i16.gz")).read(), dtype=np.int16).reshape(-1, 2).astype(np.int32)
        deltas = np.frombuffer(gzip.open(os.path.join(folder, "deltas.i8.gz")).read(), dtype=np.int8).reshape(-1, 2).astype(np.int32)
        if len(starts) != len(lens) or len(deltas) != int(lens.sum()) - len(lens):
            raise SystemExit(f"pack is inconsistent: {len(lens)} strokes, {len(starts)} starts, {len(deltas)} steps")
        # Rebuild absolute points: each stroke is its start followed by the running sum of its steps.
        steps = np.zeros((int(lens.sum()), 2), dtype=np.int64)
        self.stroke_first = np.concatenate([[0], np.cumsum(lens)[:-1]]).astype(np.int64)
        mask = np.ones(len(steps), dtype=bool)
        mask[self.stroke_first] = False
        steps[mask] = deltas
        steps[self.stroke_first] = starts
        csum = np.cumsum(steps, axis=0)
        before = csum[self.stroke_first] - starts  # running sum before each stroke starts
        self.all_points = (csum - np.repeat(before, lens, axis=0)).astype(np.float64) / scale
        counts = np.asarray(self.meta["strokeCount"], dtype=np.int64)
        self.first_stroke = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        bounds = np.append(self.stroke_first, len(self.all_points))
        self.points = (bounds[self.first_stroke[1:]] - bounds[self.first_stroke[:-1]]).tolist()

    def __len__(self):
        return len(self.points)

    def get(self, i):
        s0, s1 = self.first_stroke[i], self.first_stroke[i + 1]
        starts = self.stroke_first[s0:s1]
        end = self.stroke_first[s1] if s1 < len(self.stroke_first) else len(self.all_points)
        return self.all_points[starts[0]:end], starts - starts[0]


class Items(torch.utils.data.Dataset):
    """Item (epoch, indices) → (features [T, 7], label ids, text). Deterministic in the seed."""

    def __init__(self, pack, char_index, spacing, max_steps, augment, seed):
        self.pack, self.char_index, self.spacing, self.max_steps = pack, char_index, spacing, max_steps
        self.augment, self.seed = augment, seed

    def __len__(self):
        return len(self.pack)

    def __getitem__(self, item):
        epoch, indices = item
        rng = np.random.default_rng([self.seed, epoch, *indices])
        meta = self.pack.meta
        if len(indices) == 1:
            points, starts = self.pack.get(indices[0])
            text = meta["texts"][indices[0]]
        else:
            # Words keep their relative sizes (packed ink is in each word's own writing heights).
            words = [(p * meta["height"][i], s) for i, (p, s) in ((i, self.pack.get(i)) for i in indices)]
            points, starts = ink.join_words(words, rng)
            text = " ".join(meta["texts"][i] for i in indices)
        if self.augment:
            points = ink.augment(points, starts, rng)
        feats = ink.preprocess(points, starts, self.spacing, self.max_steps)
        labels = [self.char_index.get(c, -1) for c in text]
        return feats, labels, text


def collate(batch):
    """Pads to [T, B, F] (time-major, as the network runs); drops samples CTC cannot align."""
    keep = []
    for feats, labels, text in batch:
        if -1 in labels or not labels or len(feats) == 0:
            continue
        repeats = sum(1 for a, b in zip(labels, labels[1:]) if a == b)
        if len(feats) < len(labels) + repeats:  # CTC needs a blank between repeated labels
            continue
        keep.append((feats, labels, text))
    if not keep:
        return None
    T = max(len(f) for f, _, _ in keep)
    x = np.zeros((T, len(keep), ink.FEATURE_DIMS), dtype=np.float32)
    for b, (f, _, _) in enumerate(keep):
        x[: len(f), b] = f
    lengths = torch.tensor([len(f) for f, _, _ in keep], dtype=torch.long)
    targets = torch.tensor([c for _, l, _ in keep for c in l], dtype=torch.long)
    target_lengths = torch.tensor([len(l) for _, l, _ in keep], dtype=torch.long)
    return torch.from_numpy(x), lengths, targets, target_lengths, [t for _, _, t in keep]


def epoch_batches(pack, train_idx, words_by_writer, epoch, args):
    """3. The epoch's items (every training sample + synthetic lines), length-bucketed into batches."""
    rng = np.random.default_rng([args.seed, epoch, 7])
    items = [(int(i),) for i in train_idx]
    writers = [w for w in words_by_writer.values() if len(w) >= 2]
    n_words = sum(len(w) for w in words_by_writer.values())
    for _ in range(int(args.line_share * n_words) if writers else 0):
        pool = writers[rng.integers(len(writers))]
        n = min(len(pool), 2 + int(rng.integers(5)))
        items.append(tuple(int(pool[j]) for j in rng.integers(len(pool), size=n)))
    # Estimated frames: packed points are 0.05 heights apart, model steps 0.25 (plus word gaps).
    est = np.array([sum(pack.points[i] for i in it) / 5 + 5 * len(it) for it in items])
    order = rng.permutation(len(items))
    batches = []
    chunk = 50 * args.max_batch  # sort within chunks: little padding, still random
    for c in range(0, len(order), chunk):
        part = sorted(order[c:c + chunk], key=lambda i: est[i])
        cur, longest = [], 0.0
        for i in part:
            longest2 = max(longest, est[i])
            if cur and (longest2 * (len(cur) + 1) > args.batch_frames or len(cur) >= args.max_batch):
                batches.append(cur)
                cur, longest2 = [], est[i]
            cur.append(i)
            longest = longest2
        if cur:
            batches.append(cur)
    rng.shuffle(batches)
    return [[(epoch, items[i]) for i in b] for b in batches]


# ---------------------------------------------------------------------------------------------
# Model


class BiLstmCtc(nn.Module):
    """lib/model/network.ts in PyTorch: per layer, dropout on its input then a BiLSTM (each
    direction over the sample's own length), then a dense layer to the class logits."""

    def __init__(self, inputs, units, layers, classes, dropout):
        super().__init__()
        self.dropout = dropout
        self.lstms = nn.ModuleList(nn.LSTM(inputs if l == 0 else 2 * units, units, bidirectional=True) for l in range(layers))
        self.dense = nn.Linear(2 * units, classes)
        for lstm in self.lstms:  # Keras' unit_forget_bias: the cell starts by remembering
            for name, p in lstm.named_parameters():
                if name.startswith("bias_ih"):
                    p.data.zero_()
                    p.data[units:2 * units] = 1.0
                elif name.startswith("bias_hh"):
                    p.data.zero_()
                elif name.startswith("weight_ih"):
                    nn.init.xavier_uniform_(p.data)
                elif name.startswith("weight_hh"):
                    for g in range(4):
                        nn.init.orthogonal_(p.data[g * units:(g + 1) * units])

    def forward(self, x, lengths):
        T = x.shape[0]
        for lstm in self.lstms:
            x = F.dropout(x, self.dropout, self.training)
            packed = nn.utils.rnn.pack_padded_sequence(x, lengths, enforce_sorted=False)
            out, _ = lstm(packed)
            x, _ = nn.utils.rnn.pad_packed_sequence(out, total_length=T)
        return self.dense(x)  # [T, B, classes]

    def tfjs_params(self):
        """All weights as one float32 vector in lib/model/network.ts paramSpecs order and layout:
        per layer, forward then backward: kernel [I, 4H], recurrent_kernel [H, 4H], bias [4H]
        (gate order i, f, c, o in both frameworks); then the dense kernel [2H, C] and bias [C]."""
        parts = []
        for lstm in self.lstms:
            for suffix in ("", "_reverse"):
                w_ih = getattr(lstm, f"weight_ih_l0{suffix}").detach().float().cpu()
                w_hh = getattr(lstm, f"weight_hh_l0{suffix}").detach().float().cpu()
                b = (getattr(lstm, f"bias_ih_l0{suffix}") + getattr(lstm, f"bias_hh_l0{suffix}")).detach().float().cpu()
                parts += [w_ih.t().contiguous().flatten(), w_hh.t().contiguous().flatten(), b.flatten()]
        parts += [self.dense.weight.detach().float().cpu().t().contiguous().flatten(), self.dense.bias.detach().float().cpu()]
        return torch.cat(parts).numpy().astype(np.float32)

    def tfjs_size(self):
        """Parameters in the tfjs-layers layout: one bias per LSTM direction where PyTorch keeps two."""
        return sum(p.numel() for p in self.parameters()) - sum(2 * l.bias_hh_l0.numel() for l in self.lstms)

    def load_tfjs_params(self, vector):
        """The inverse of tfjs_params(): loads a params.bin/best.bin vector (the TypeScript
        trainer's or ours), with a precise error when its size does not fit this architecture."""
        vector = torch.from_numpy(np.ascontiguousarray(vector, dtype=np.float32))
        expected = self.tfjs_size()
        if vector.numel() != expected:
            raise SystemExit(f"weights have {vector.numel()} values; {len(self.lstms)}×BiLSTM-{self.lstms[0].hidden_size} needs {expected}")
        at = 0

        def take(rows, cols):
            nonlocal at
            t = vector[at:at + rows * cols].reshape(rows, cols)
            at += rows * cols
            return t

        with torch.no_grad():
            for lstm in self.lstms:
                for suffix in ("", "_reverse"):
                    w_ih = getattr(lstm, f"weight_ih_l0{suffix}")
                    w_ih.copy_(take(w_ih.shape[1], w_ih.shape[0]).t())
                    w_hh = getattr(lstm, f"weight_hh_l0{suffix}")
                    w_hh.copy_(take(w_hh.shape[1], w_hh.shape[0]).t())
                    getattr(lstm, f"bias_ih_l0{suffix}").copy_(take(1, w_ih.shape[0])[0])
                    getattr(lstm, f"bias_hh_l0{suffix}").zero_()
            self.dense.weight.copy_(take(self.dense.weight.shape[1], self.dense.weight.shape[0]).t())
            self.dense.bias.copy_(take(1, self.dense.bias.shape[0])[0])


def read_model_dir(folder, model_config):
    """A model version's weights (model.json + weights.bin, float16 or float32, in paramSpecs
    order) as one float32 vector; its architecture and charset must be the ones being trained."""
    model_json = json.load(open(os.path.join(folder, "model.json")))
    theirs = model_json["userDefinedMetadata"]["inkwell"]["config"]
    for key in ("layers", "units", "inputDims", "charset", "preprocess"):
        if theirs[key] != model_config[key]:
            raise SystemExit(f"--init {folder}: its {key} {json.dumps(theirs[key])[:80]} differs from this run's {json.dumps(model_config[key])[:80]}")
    data = open(os.path.join(folder, "weights.bin"), "rb").read()
    parts, at = [], 0
    for group in model_json["weightsManifest"]:
        for w in group["weights"]:
            n = int(np.prod(w["shape"]))
            half = (w.get("quantization") or {}).get("dtype") == "float16"
            parts.append(np.frombuffer(data, np.float16 if half else np.float32, n, at).astype(np.float32))
            at += n * (2 if half else 4)
    if at != len(data):
        raise SystemExit(f"--init {folder}: weights.bin has {len(data)} bytes, model.json describes {at}")
    return np.concatenate(parts)


# ---------------------------------------------------------------------------------------------
# Evaluation


def levenshtein(a, b):
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def greedy_texts(logits, lengths, chars):
    best = logits.argmax(-1).cpu().numpy()  # [T, B]
    out = []
    for b, n in enumerate(lengths.tolist()):
        seq = best[:n, b]
        keep = np.concatenate([[True], seq[1:] != seq[:-1]]) & (seq != 0)
        out.append("".join(chars[c] for c in seq[keep]))
    return out


def evaluate(model, batches, chars, device):
    """Greedy CER / WER / exact rate, as lib/training/metrics.ts counts them."""
    model.eval()
    edits = refs = wedits = wrefs = exact = n = 0
    with torch.no_grad():
        for x, lengths, _, _, texts in batches:
            logits = model(x.to(device, non_blocking=True), lengths)
            for ref, hyp in zip(texts, greedy_texts(logits, lengths, chars)):
                edits += levenshtein(ref, hyp)
                refs += len(ref)
                wedits += levenshtein(ref.split(), hyp.split())
                wrefs += len(ref.split())
                exact += ref == hyp
                n += 1
    model.train()
    return {"cer": edits / max(1, refs), "wer": wedits / max(1, wrefs), "accuracy": exact / max(1, n), "chars": refs, "edits": edits, "samples": n}


def fixed_batches(dataset, indices, frames):
    order = sorted(indices, key=lambda i: dataset.pack.points[i])
    out, cur = [], []
    for i in order:
        if cur and dataset.pack.points[i] / 5 * (len(cur) + 1) > frames:
            out.append(collate([dataset[(0, (j,))] for j in cur]))
            cur = []
        cur.append(i)
    if cur:
        out.append(collate([dataset[(0, (j,))] for j in cur]))
    return [b for b in out if b is not None]


# ---------------------------------------------------------------------------------------------


def conversion_check(model, batch, count=4):
    """Features and this model's logits for a few samples: export-model runs lib/model on them with
    params.bin and refuses to export if the two frameworks disagree (a layout or gate-order slip).
    The logits come from a float32 copy on the CPU: on a GPU, cuDNN may use TF32, which is ~1e-3 off."""
    x, lengths, _, _, texts = batch
    cpu = copy.deepcopy(model).cpu().eval()
    with torch.no_grad():
        logits = cpu(x[:, :count], lengths[:count]).numpy()
    cases = []
    for b in range(min(count, len(lengths))):
        n = int(lengths[b])
        cases.append({"text": texts[b], "steps": n, "features": x[:n, b].flatten().tolist(), "logits": logits[:n, b].flatten().tolist()})
    return cases


def save_checkpoint(out, model_config, model, best, history, state, args, check):
    """The lib/training/train.ts checkpoint layout, less the Adam moments (no use across frameworks:
    the TypeScript trainer starts fresh ones when they are missing)."""
    folder = os.path.join(out, "checkpoint")
    tmp = folder + ".tmp"
    os.makedirs(tmp, exist_ok=True)
    json.dump(check, open(os.path.join(tmp, "check.json"), "w"))
    params = model.tfjs_params()
    params.tofile(os.path.join(tmp, "params.bin"))
    (best if best is not None else params).tofile(os.path.join(tmp, "best.bin"))
    config = {"model": model_config, "trainer": "scripts/gpu/train_ctc.py", "args": vars(args)}
    json.dump({"state": state, "adamT": 0, "config": config, "history": history}, open(os.path.join(tmp, "state.json"), "w"), indent=1)
    if os.path.isdir(folder):
        os.rename(folder, folder + ".old")
    os.rename(tmp, folder)
    if os.path.isdir(folder + ".old"):
        for f in os.listdir(folder + ".old"):
            os.remove(os.path.join(folder + ".old", f))
        os.rmdir(folder + ".old")


def main(argv=None):
    args = parse_args(argv)
    t_start = time.time()
    torch.manual_seed(args.seed)
    torch.backends.cudnn.benchmark = False  # lengths change every batch
    os.makedirs(args.out, exist_ok=True)
    log_file = open(os.path.join(args.out, "log.jsonl"), "a")

    def log(kind, **rec):
        rec = {"type": kind, "time": round(time.time() - t_start, 1), **rec}
        log_file.write(json.dumps(rec) + "\n")
        log_file.flush()
        print(json.dumps(rec), flush=True)

    for name in ("meta.json", "parity.json", "strokes.u32.gz", "starts.i16.gz", "deltas.i8.gz"):
        if not os.path.exists(os.path.join(args.pack, name)):
            raise SystemExit(f"--pack {args.pack}: no {name}; make the pack with `npm run pack-training-set -- --out {args.pack}`")
    if not args.minutes > 0:
        raise SystemExit(f"--minutes must be positive, got {args.minutes}")
    if args.init and not os.path.exists(args.init):
        raise SystemExit(f"--init {args.init}: no such model directory or weights file")
    # 1. The feature port must match lib/ink before any training.
    pack_meta = json.load(open(os.path.join(args.pack, "meta.json")))
    pre = pack_meta["model"]["preprocess"]
    cases = json.load(open(os.path.join(args.pack, "parity.json")))
    matched, total, worst = ink.check_parity(cases, pack_meta["packScale"], pre["spacing"], pre["maxSteps"])
    log("parity", matched=matched, total=total, worst=worst)
    # Float edges (a resampled point landing exactly on a stroke's end) may flip a rare case; more is a bug.
    if not total or matched < 0.98 * total:
        raise SystemExit(f"feature port disagrees with lib/ink on {total - matched}/{total} samples: not training")

    # 2. Data and model.
    pack = Pack(args.pack)
    meta = pack.meta
    model_config = dict(meta["model"])
    for key in ("units", "layers", "dropout"):
        if getattr(args, key) is not None:
            model_config[key] = getattr(args, key)
    chars = model_config["charset"]["chars"]
    if model_config["charset"]["blank"] != 0:
        raise SystemExit("this trainer assumes the CTC blank is class 0")
    char_index = {c: i for i, c in enumerate(chars) if i != 0}
    train_idx = [i for i, s in enumerate(meta["split"]) if s == "train"]
    if args.limit:
        train_idx = train_idx[:: max(1, len(train_idx) // args.limit)][: args.limit]
    words_by_writer = {}
    for i in train_idx:
        if meta["kind"][i] == "word":
            words_by_writer.setdefault(meta["writers"][i], []).append(i)
    val_words = [i for i, s in enumerate(meta["split"]) if s == "val" and meta["kind"][i] == "word"]
    val_lines = [i for i, s in enumerate(meta["split"]) if s == "val" and meta["kind"][i] == "line"]
    if args.val_limit:
        val_words, val_lines = val_words[: args.val_limit], val_lines[: args.val_limit]
    train_set = Items(pack, char_index, pre["spacing"], pre["maxSteps"], True, args.seed)
    plain_set = Items(pack, char_index, pre["spacing"], pre["maxSteps"], False, args.seed)
    val_word_batches = fixed_batches(plain_set, val_words, args.batch_frames * 2)
    val_line_batches = fixed_batches(plain_set, val_lines, args.batch_frames * 2)
    log("data", train=len(train_idx), writers=len(words_by_writer), val_words=len(val_words), val_lines=len(val_lines), seconds=round(time.time() - t_start, 1))

    device = torch.device(args.device)
    model = BiLstmCtc(ink.FEATURE_DIMS, model_config["units"], model_config["layers"], len(chars), model_config["dropout"]).to(device)
    n_params = model.tfjs_size()
    if args.init:
        model.load_tfjs_params(read_model_dir(args.init, model_config) if os.path.isdir(args.init) else np.fromfile(args.init, dtype=np.float32))
        model.to(device)
    log("model", init=args.init, units=model_config["units"], layers=model_config["layers"], dropout=model_config["dropout"], params=n_params, device=str(device))
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    budget = args.minutes * 60
    t_train = time.time()
    step, best_cer, best, history = 0, math.inf, None, []
    # Steps, samples and seconds count the model's whole training: a run started with --init from
    # a checkpoint of ours adds to that checkpoint's totals (the model card reports them).
    before = {"step": 0, "samplesSeen": 0, "trainSeconds": 0.0}
    if args.init and os.path.isdir(args.init):  # a model version: export-model recorded its totals in model.json
        info = json.load(open(os.path.join(args.init, "model.json")))["userDefinedMetadata"]["inkwell"].get("info", {})
        before.update({"step": info.get("steps", 0), "samplesSeen": info.get("samplesSeen", 0), "trainSeconds": info.get("trainSeconds", 0.0), "hardware": info.get("hardware")})
    elif args.init and os.path.exists(init_state := os.path.join(os.path.dirname(os.path.abspath(args.init)), "state.json")):
        prev = json.load(open(init_state))["state"]  # a checkpoint's weights file: its state.json sits beside it
        before.update({k: prev.get(k, 0) for k in before}, hardware=prev.get("hardware"))
    hardware = torch.cuda.get_device_name(device) if device.type == "cuda" else f"CPU ({os.cpu_count()} cores)"
    if before.get("hardware") and before["hardware"] != hardware:
        hardware = f"{before['hardware']}, then {hardware}"
    state = {"step": before["step"], "epoch": 0, "samplesSeen": before["samplesSeen"], "trainSeconds": before["trainSeconds"], "bestCer": None, "hardware": hardware}

    def run_eval(epoch):
        nonlocal best_cer, best
        w = evaluate(model, val_word_batches, chars, device)
        l = evaluate(model, val_line_batches, chars, device)
        cer = (w["edits"] + l["edits"]) / max(1, w["chars"] + l["chars"])
        r = {"step": step, "epoch": epoch, "wordCer": w["cer"], "wordWer": w["wer"], "wordAccuracy": w["accuracy"], "lineCer": l["cer"], "lineWer": l["wer"], "cer": cer}
        history.append(r)
        log("eval", **r)
        if cer < best_cer:
            best_cer, best = cer, model.tfjs_params()
        state.update(step=before["step"] + step, epoch=epoch, trainSeconds=round(before["trainSeconds"] + time.time() - t_train, 1), bestCer=best_cer)
        check = conversion_check(model, val_word_batches[len(val_word_batches) // 2])
        save_checkpoint(args.out, model_config, model, best, history, state, args, check)

    loader_args = dict(collate_fn=collate, num_workers=args.workers, pin_memory=device.type == "cuda")
    if args.workers:
        loader_args.update(persistent_workers=False, prefetch_factor=8)
    done = False
    for epoch in range(args.epochs):
        batches = epoch_batches(pack, train_idx, words_by_writer, epoch, args)
        loader = torch.utils.data.DataLoader(train_set, batch_sampler=batches, **loader_args)
        t_epoch, seen, loss_sum, loss_n = time.time(), 0, 0.0, 0
        for b, batch in enumerate(loader):
            if batch is None:
                continue
            x, lengths, targets, target_lengths, _ = batch
            elapsed = time.time() - t_train
            if elapsed > budget:
                done = True
                break
            # 4. Warm-up, then cosine decay over the wall-clock budget.
            lr = args.lr * min(1.0, (step + 1) / args.warmup) * (0.02 + 0.98 * 0.5 * (1 + math.cos(math.pi * min(1.0, elapsed / budget))))
            for g in opt.param_groups:
                g["lr"] = lr
            # 5. Forward, CTC (blank 0; mean of per-sample losses), backward.
            logits = model(x.to(device, non_blocking=True), lengths)
            log_probs = F.log_softmax(logits.float(), dim=-1)
            losses = F.ctc_loss(log_probs, targets.to(device), lengths, target_lengths, blank=0, reduction="none", zero_infinity=True)
            loss = losses.mean()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            # 6. Clip the global gradient norm, then Adam.
            norm = torch.nn.utils.clip_grad_norm_(model.parameters(), args.clip)
            if torch.isfinite(norm):
                opt.step()
            step += 1
            seen += len(lengths)
            state["samplesSeen"] += len(lengths)
            loss_sum += loss.item()
            loss_n += 1
            if step % 50 == 0:
                log("step", step=step, epoch=epoch + b / len(batches), loss=round(loss_sum / loss_n, 4), lr=round(lr, 6), norm=round(float(norm), 3),
                    samples_per_s=round(seen / (time.time() - t_epoch), 1), batch=len(lengths), frames=int(x.shape[0]))
                loss_sum, loss_n = 0.0, 0
        log("epoch", epoch=epoch, steps=step, seconds=round(time.time() - t_epoch, 1), samples=seen)
        # 7. Evaluate, keep the best weights, write the checkpoint.
        run_eval(epoch)
        if done:
            break
    log("done", steps=step, best_cer=best_cer, seconds=round(time.time() - t_start, 1))


if __name__ == "__main__":
    main()
