"""Eight-bit matrix products for the CNN encoders' Maxout layers, with ONNX Runtime.

Most of the parse is the matrix products of the model's two CNN encoders (the shared ``tok2vec``
and the NER's own): ten Maxout layers, ~0.94 M multiply-adds per token, each followed by a
LayerNorm. On this project's machines (AVX2, no AVX-512) OpenBLAS runs the products in float32
near the core's peak; ONNX Runtime's ``MatMulIntegerToFloat`` runs them on 8-bit integers, about
twice as fast. Each Maxout and its LayerNorm become one ONNX Runtime session (product, best
piece, normalisation), which also saves NumPy's passes over the pieces.

- Weights are quantised once, per output column and symmetrically, to 7 bits (-63..63): on AVX2
  the u8×s8 multiply-add instruction sums pairs into 16 bits, and full 8-bit weights can overflow
  that sum (ONNX Runtime's ``reduce_range`` convention for these CPUs).
- Inputs are quantised to 8 bits over a fixed range per layer, calibrated once on the sample
  corpus (``python -m polybius.nlp.calibrate`` rewrites ``data/int8_ranges.json``). A fixed range,
  not one taken from each call's input, keeps a document's annotations independent of the other
  documents in its batch. Values beyond the range are clipped to it.
- The bias, the best piece and the LayerNorm are computed in float32. Weight columns are ordered
  piece by piece, so the best piece is the elementwise maximum of contiguous blocks.

The annotations are not bit-identical to float32; ``bench/bench_precision.py`` measures how close
they are and ``tests/test_nlp_quantize.py`` holds the bounds. A model with no calibrated ranges
loads in float32, with a warning.

Only inference takes the short path: in training (``is_train``) the layer runs thinc's own forward,
and a backward pass asked of an inference call reruns thinc's forward to get it.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import numpy
import onnxruntime
from onnx import TensorProto, helper, numpy_helper
from spacy.language import Language
from thinc.api import Model, NumpyOps
from thinc.layers.chain import forward as chain_forward
from thinc.layers.layernorm import forward as layernorm_forward
from thinc.layers.maxout import forward as maxout_forward
from thinc.types import Floats2d

from polybius.nlp.layers import layernorm_inference, maxout_inference

RANGES_PATH = Path(__file__).parent / "data" / "int8_ranges.json"
WEIGHT_BITS = 7  # see the module docstring: 8-bit weights overflow AVX2's 16-bit pair sums
ONNX_OPSET = 17
LAYERNORM_EPSILON = 1e-08  # thinc's LayerNorm adds it to the variance
MAXOUTS = (maxout_forward, maxout_inference)
LAYERNORMS = (layernorm_forward, layernorm_inference)
Range = tuple[float, float]


def model_key(nlp: Language) -> str:
    """The key of ``nlp``'s ranges in the calibration file: language, name and version."""
    return f"{nlp.meta['lang']}_{nlp.meta['name']}-{nlp.meta['version']}"


def maxout_layers(nlp: Language) -> Iterator[Model[Floats2d, Floats2d]]:
    """Every chain of a thinc ``Maxout`` and a ``LayerNorm`` on NumPy ops in ``nlp``'s
    components (thinc's ``Maxout(normalize=True)``), in pipeline order."""
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if isinstance(model, Model):
            for node in model.walk():
                if (
                    node._func is chain_forward
                    and len(node.layers) == 2
                    and node.layers[0]._func in MAXOUTS
                    and node.layers[1]._func in LAYERNORMS
                    and isinstance(node.ops, NumpyOps)
                ):
                    yield node


def quantize_maxouts(nlp: Language, ranges_path: Path = RANGES_PATH) -> int:
    """Give every Maxout-LayerNorm chain of ``nlp`` an 8-bit inference forward, with the input
    ranges calibrated for this model in ``ranges_path``; returns how many chains were changed (0,
    with a warning, when the file has no ranges for the model)."""
    calibrated = json.loads(ranges_path.read_text(encoding="utf-8")) if ranges_path.exists() else {}
    layers = list(maxout_layers(nlp))
    ranges = calibrated.get(model_key(nlp))
    if ranges is None or len(ranges) != len(layers):
        warnings.warn(
            f"no int8 input ranges for {model_key(nlp)} in {ranges_path}: the encoders stay in "
            "float32 (calibrate with `python -m polybius.nlp.calibrate`)",
            stacklevel=2,
        )
        return 0
    for layer, (low, high) in zip(layers, ranges, strict=True):
        layer._func = partial(maxout_int8, session=maxout_session(layer, (low, high)))
    return len(layers)


def maxout_session(
    chain: Model[Floats2d, Floats2d], input_range: Range
) -> onnxruntime.InferenceSession:
    """An ONNX Runtime session computing the Maxout-LayerNorm ``chain`` in 8 bits: ``X``
    quantised over ``input_range``, the weights to ``WEIGHT_BITS`` bits per output column."""
    maxout, layernorm = chain.layers
    n_out, n_pieces, n_in = maxout.get_dim("nO"), maxout.get_dim("nP"), maxout.get_dim("nI")
    # (output, piece, input) -> columns piece by piece: piece p of output o is column p * nO + o
    weights = maxout.get_param("W").transpose(1, 0, 2).reshape(n_pieces * n_out, n_in).T
    largest = 2 ** (WEIGHT_BITS - 1) - 1
    w_scale = numpy.maximum(numpy.abs(weights).max(axis=0), numpy.finfo(numpy.float32).tiny)
    w_scale = (w_scale / largest).astype(numpy.float32)
    low, high = min(input_range[0], 0.0), max(input_range[1], 0.0)  # zero must be exact
    x_scale = numpy.float32(max(high - low, numpy.finfo(numpy.float32).tiny) / 255)
    constants = {
        "W": numpy.round(weights / w_scale).astype(numpy.int8),
        "W_scale": w_scale,
        "W_zero": numpy.zeros(n_pieces * n_out, numpy.int8),
        "b": maxout.get_param("b").T.reshape(n_pieces * n_out).astype(numpy.float32),
        "X_scale": numpy.array(x_scale, numpy.float32),
        "X_zero": numpy.array(round(-low / x_scale), numpy.uint8),
        "G": layernorm.get_param("G").astype(numpy.float32),
        "B": layernorm.get_param("b").astype(numpy.float32),
    }
    pieces = [f"piece{p}" for p in range(n_pieces)]
    nodes = [
        helper.make_node("QuantizeLinear", ["X", "X_scale", "X_zero"], ["X_int8"]),
        helper.make_node(
            "MatMulIntegerToFloat",
            ["X_int8", "W", "X_scale", "W_scale", "X_zero", "W_zero", "b"],
            ["Z"],
            domain="com.microsoft",
        ),
        helper.make_node("Split", ["Z"], pieces, axis=1),
        helper.make_node("Max", pieces, ["best"]),
        helper.make_node(
            "LayerNormalization", ["best", "G", "B"], ["Y"], axis=-1, epsilon=LAYERNORM_EPSILON
        ),
    ]
    graph = helper.make_graph(
        nodes,
        "maxout_layernorm",
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, [None, n_in])],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, [None, n_out])],
        [numpy_helper.from_array(value, name) for name, value in constants.items()],
    )
    onnx_model = helper.make_model(
        graph,
        opset_imports=[
            helper.make_opsetid("", ONNX_OPSET),
            helper.make_opsetid("com.microsoft", 1),
        ],
    )
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1  # one core per process, as the BLAS (see speed.py)
    options.inter_op_num_threads = 1
    return onnxruntime.InferenceSession(
        onnx_model.SerializeToString(), options, providers=["CPUExecutionProvider"]
    )


def maxout_int8(
    model: Model[Floats2d, Floats2d],
    X: Floats2d,
    is_train: bool,
    *,
    session: onnxruntime.InferenceSession,
) -> tuple[Floats2d, Callable[[Floats2d], Floats2d]]:
    """The Maxout-LayerNorm chain's forward in 8 bits (``maxout_session``)."""
    if is_train:
        return chain_forward(model, X, is_train)
    Y = session.run(None, {"X": numpy.ascontiguousarray(X, dtype=numpy.float32)})[0]

    def backprop(dY: Floats2d) -> Floats2d:
        return chain_forward(model, X, True)[1](dY)

    return Y, backprop
