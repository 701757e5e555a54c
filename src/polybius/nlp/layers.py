"""Faster inference forward passes for thinc layers, giving bit-identical outputs.

thinc's ``Maxout`` layer (the pieces-and-max unit of spaCy's CNN encoders, 96 outputs of 3 pieces
here) picks each output's best piece in a C loop with a data-dependent branch per comparison: the
branch is mispredicted about half the time, and the pick cost ~40% of the layer's matrix product
(measured 0.64 ms against 1.5 ms for a 700-token document). ``numpy.maximum`` makes the same pick
without branches (~0.17 ms). The two agree bit for bit except where the best piece is a zero (of
either sign: thinc keeps the first of equal pieces, NumPy may not) or NaN; when an output is one
of those, thinc's own pick is used for that batch.

thinc's ``LayerNorm`` forward computes each row's mean twice (``X.mean`` and again inside
``X.var``) and allocates three arrays of the input's size; ``layernorm_inference`` hands the mean
to ``var`` (NumPy's ``mean=`` argument, the same value it would compute) and applies the same
operations in place, in the same order.

thinc's ``HashEmbed`` hashes every token's id and sums its four table rows; a batch of 600-word
articles holds each NORM about three times and each SHAPE or SPACY value hundreds of times, so
``hashembed_inference`` hashes and sums each distinct id once (``numpy.unique``) and copies the
sums to the tokens: the same sums, bit for bit (measured 0.5 -> 0.25 ms per table per batch).

Only inference takes the short path: in training (``is_train``) the layer runs thinc's own forward,
and a backward pass asked of an inference call reruns thinc's forward to get it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy
from spacy.language import Language
from thinc.api import Model, NumpyOps
from thinc.layers.hashembed import forward as hashembed_forward
from thinc.layers.layernorm import forward as layernorm_forward
from thinc.layers.maxout import forward as maxout_forward
from thinc.types import Floats2d, Floats3d, Ints1d


def model_nodes(nlp: Language) -> Iterator[Model]:
    """Every thinc layer of ``nlp``'s components' models, component by component, each model
    in ``Model.walk`` order."""
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if isinstance(model, Model):
            yield from model.walk()


def speed_up_layers(nlp: Language) -> int:
    """Give every thinc ``Maxout``, ``LayerNorm`` and ``HashEmbed`` layer in ``nlp``'s components
    (on NumPy ops) the inference forward below; returns how many layers were changed."""
    faster = {
        maxout_forward: maxout_inference,
        layernorm_forward: layernorm_inference,
        hashembed_forward: hashembed_inference,
    }
    changed = 0
    for node in model_nodes(nlp):
        if node._func in faster and isinstance(node.ops, NumpyOps):
            node._func = faster[node._func]
            changed += 1
    return changed


def maxout_inference(
    model: Model[Floats2d, Floats2d], X: Floats2d, is_train: bool
) -> tuple[Floats2d, Callable[[Floats2d], Floats2d]]:
    """thinc's ``Maxout`` forward, with the pick of the best piece by ``numpy.maximum``."""
    if is_train:
        return maxout_forward(model, X, is_train)
    ops = model.ops
    n_out, n_pieces = model.get_dim("nO"), model.get_dim("nP")
    W = ops.reshape2f(model.get_param("W"), n_out * n_pieces, model.get_dim("nI"))
    Y = ops.gemm(X, W, trans2=True)
    Y += ops.reshape1f(model.get_param("b"), n_out * n_pieces)
    best = best_pieces(ops, ops.reshape3f(Y, Y.shape[0], n_out, n_pieces))

    def backprop(d_best: Floats2d) -> Floats2d:
        return maxout_forward(model, X, True)[1](d_best)

    return best, backprop


def layernorm_inference(
    model: Model[Floats2d, Floats2d], X: Floats2d, is_train: bool
) -> tuple[Floats2d, Callable[[Floats2d], Floats2d]]:
    """thinc's ``LayerNorm`` forward, with the row means computed once and the scaling in place."""
    if is_train:
        return layernorm_forward(model, X, is_train)
    mean = X.mean(axis=1, keepdims=True)
    var = X.var(axis=1, keepdims=True, mean=mean) + 1e-08
    Y = X - mean
    Y *= var ** (-1.0 / 2.0)
    Y *= model.get_param("G")
    Y += model.get_param("b")

    def backprop(dY: Floats2d) -> Floats2d:
        return layernorm_forward(model, X, True)[1](dY)

    return Y, backprop


def hashembed_inference(
    model: Model[Ints1d, Floats2d], ids: Ints1d, is_train: bool
) -> tuple[Floats2d, Callable[[Floats2d], Ints1d]]:
    """thinc's ``HashEmbed`` forward, computing each distinct id's embedding once."""
    if is_train or len(ids) == 0:
        return hashembed_forward(model, ids, is_train)
    vectors = model.get_param("E")
    distinct, tokens = numpy.unique(model.ops.as_contig(ids, dtype="uint64"), return_inverse=True)
    keys = model.ops.hash(distinct, model.attrs["seed"]) % vectors.shape[0]
    output = model.ops.gather_add(vectors, keys)[tokens.reshape(-1)]

    def backprop(d_vectors: Floats2d) -> Ints1d:
        return hashembed_forward(model, ids, True)[1](d_vectors)

    return output, backprop


def best_pieces(ops: NumpyOps, Z: Floats3d) -> Floats2d:
    """The best of each output's pieces, ``Z`` (batch, outputs, pieces), as ``ops.maxout`` picks
    it."""
    best = numpy.ascontiguousarray(Z[:, :, 0])
    for piece in range(1, Z.shape[2]):
        numpy.maximum(best, Z[:, :, piece], out=best)
    if best.size and not numpy.abs(best).min() > 0:  # a zero or NaN best: thinc's tie rule
        best = ops.maxout(Z)[0]
    return best
