"""Eight-bit matrix products for the CNN encoders' Maxout layers, with ONNX Runtime.

Most of the parse is the matrix products of the model's two CNN encoders (the shared ``tok2vec``
and the NER's own): ten Maxout layers, ~0.94 M multiply-adds per token, each followed by a
LayerNorm. On this project's machines (AVX2, no AVX-512) OpenBLAS runs the products in float32
near the core's peak; ONNX Runtime's ``MatMulIntegerToFloat`` runs them on 8-bit integers, about
twice as fast. Each Maxout and its LayerNorm become one ONNX Runtime session (product, best
piece, normalisation), which also saves NumPy's passes over the pieces; each encoder's stack of
residual window blocks (spaCy's ``MaxoutWindowEncoder``: neighbours' vectors side by side, Maxout,
LayerNorm, plus the block's input) becomes a single session, without thinc's ``seq2col`` copies.

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
from onnx import NodeProto, TensorProto, helper, numpy_helper
from spacy.language import Language
from thinc.api import Model, NumpyOps
from thinc.layers.chain import forward as chain_forward
from thinc.layers.dropout import forward as dropout_forward
from thinc.layers.expand_window import forward as expand_window_forward
from thinc.layers.layernorm import forward as layernorm_forward
from thinc.layers.maxout import forward as maxout_forward
from thinc.layers.residual import forward as residual_forward
from thinc.types import Floats2d

from polybius.nlp.layers import layernorm_inference, maxout_inference, model_nodes

RANGES_PATH = Path(__file__).parent / "data" / "int8_ranges.json"
WEIGHT_BITS = 7  # see the module docstring: 8-bit weights overflow AVX2's 16-bit pair sums
ONNX_OPSET = 17
LAYERNORM_EPSILON = 1e-08  # thinc's LayerNorm adds it to the variance
MAXOUTS = (maxout_forward, maxout_inference)
LAYERNORMS = (layernorm_forward, layernorm_inference)
PASS_THROUGH = (chain_forward, dropout_forward)  # what else a window block may hold (inference)
Range = tuple[float, float]


def model_key(nlp: Language) -> str:
    """The key of ``nlp``'s ranges in the calibration file: language, name and version."""
    return f"{nlp.meta['lang']}_{nlp.meta['name']}-{nlp.meta['version']}"


def is_maxout_layernorm(node: Model) -> bool:
    """Whether ``node`` is a chain of a thinc ``Maxout`` and a ``LayerNorm`` on NumPy ops
    (thinc's ``Maxout(normalize=True)``)."""
    return (
        node._func is chain_forward
        and len(node.layers) == 2
        and node.layers[0]._func in MAXOUTS
        and node.layers[1]._func in LAYERNORMS
        and isinstance(node.ops, NumpyOps)
    )


def maxout_layers(nlp: Language) -> Iterator[Model[Floats2d, Floats2d]]:
    """Every Maxout-LayerNorm chain in ``nlp``'s components, in pipeline order."""
    return (node for node in model_nodes(nlp) if is_maxout_layernorm(node))


def window_stack(node: Model) -> list[Model] | None:
    """The Maxout-LayerNorm chains of ``node`` if it is a chain of residual window blocks
    (``residual(expand_window(1) >> Maxout-LayerNorm >> dropout)``), else None."""
    if node._func is not chain_forward or not node.layers:
        return None
    chains = []
    for block in node.layers:
        inner = block.layers[0] if block._func is residual_forward and block.layers else None
        if inner is None or inner._func is not chain_forward:
            return None
        window, *rest = inner.layers
        nodes = [n for layer in rest for n in layer.walk()]
        found = [n for n in nodes if is_maxout_layernorm(n)]
        if (
            window._func is not expand_window_forward
            or window.attrs.get("window_size") != 1
            or len(found) != 1
        ):
            return None
        inside = {id(n) for n in found[0].walk()}
        if any(n._func not in PASS_THROUGH and id(n) not in inside for n in nodes):
            return None
        chains.append(found[0])
    return chains


def quantize_maxouts(nlp: Language, ranges_path: Path = RANGES_PATH) -> int:
    """Give every Maxout-LayerNorm chain of ``nlp`` an 8-bit inference forward (stacks of window
    blocks one forward for the stack), with the input ranges calibrated for this model in
    ``ranges_path``; returns how many chains were changed (0, with a warning, when the file has
    no ranges for the model)."""
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
    pending = {id(layer): (layer, tuple(r)) for layer, r in zip(layers, ranges, strict=True)}
    for node in model_nodes(nlp):
        chains = window_stack(node)
        if chains and all(id(chain) in pending for chain in chains):
            blocks = [pending.pop(id(chain)) for chain in chains]
            node._func = partial(int8_forward, session=session(window_stack_graph(blocks)))
    for layer, input_range in pending.values():
        layer._func = partial(int8_forward, session=session(maxout_graph(layer, input_range)))
    return len(layers)


Graph = tuple[list[NodeProto], list[TensorProto], int, int]  # nodes, constants, inputs, outputs


def maxout_nodes(
    chain: Model[Floats2d, Floats2d], input_range: Range, x: str, y: str, *, window: bool
) -> tuple[list[NodeProto], list[TensorProto]]:
    """ONNX nodes computing the Maxout-LayerNorm ``chain`` from tensor ``x`` into ``y`` in 8 bits,
    and their constants (names prefixed with ``y``): ``x`` quantised over ``input_range``, the
    weights to ``WEIGHT_BITS`` bits per output column. With ``window``, each row of the quantised
    ``x`` is first put beside its previous and next rows (zeros beyond the ends, as thinc's
    ``seq2col``): in 8 bits that moves a quarter of the bytes float32 would."""
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
        "pieces_shape": numpy.array([-1, n_pieces, n_out], numpy.int64),
    }
    c = {name: f"{y}/{name}" for name in constants}
    nodes = [helper.make_node("QuantizeLinear", [x, c["X_scale"], c["X_zero"]], [f"{y}/X_int8"])]
    product_input = f"{y}/X_int8"
    if window:
        window_nodes, window_constants = window_nodes_int8(product_input, c["X_zero"], y)
        nodes += window_nodes
        constants.update(window_constants)
        c.update({name: f"{y}/{name}" for name in window_constants})
        product_input = f"{y}/window"
    nodes += [
        helper.make_node(
            "MatMulIntegerToFloat",
            [product_input, c["W"], c["X_scale"], c["W_scale"], c["X_zero"], c["W_zero"], c["b"]],
            [f"{y}/Z"],
            domain="com.microsoft",
        ),
        helper.make_node("Reshape", [f"{y}/Z", c["pieces_shape"]], [f"{y}/pieces"]),
        helper.make_node("ReduceMax", [f"{y}/pieces"], [f"{y}/best"], axes=[1], keepdims=0),
        helper.make_node(
            "LayerNormalization",
            [f"{y}/best", c["G"], c["B"]],
            [y],
            axis=-1,
            epsilon=LAYERNORM_EPSILON,
        ),
    ]
    return nodes, [numpy_helper.from_array(value, c[name]) for name, value in constants.items()]


def window_nodes_int8(
    x: str, zero: str, prefix: str
) -> tuple[list[NodeProto], dict[str, numpy.ndarray]]:
    """ONNX nodes putting each row of the 8-bit tensor ``x`` beside its previous and next rows
    into ``{prefix}/window``, with rows of ``zero`` (the quantised 0.0) beyond the ends; and
    their constants, to be named ``{prefix}/{name}``."""
    rows = {"previous": (0, -2), "own": (1, -1), "next": (2, numpy.iinfo(numpy.int64).max)}
    constants = {"pad_rows": numpy.array([1, 0, 1, 0], numpy.int64)}
    constants["rows_axis"] = numpy.array([0], numpy.int64)
    for name, (start, end) in rows.items():
        constants[f"{name}_start"] = numpy.array([start], numpy.int64)
        constants[f"{name}_end"] = numpy.array([end], numpy.int64)
    c = {name: f"{prefix}/{name}" for name in constants}
    nodes = [helper.make_node("Pad", [x, c["pad_rows"], zero], [f"{prefix}/padded"])]
    for name in rows:
        bounds = [c[f"{name}_start"], c[f"{name}_end"], c["rows_axis"]]
        nodes.append(helper.make_node("Slice", [f"{prefix}/padded", *bounds], [f"{prefix}/{name}"]))
    window = [f"{prefix}/{name}" for name in rows]
    nodes.append(helper.make_node("Concat", window, [f"{prefix}/window"], axis=1))
    return nodes, constants


def maxout_graph(chain: Model[Floats2d, Floats2d], input_range: Range) -> Graph:
    """The ONNX graph of one Maxout-LayerNorm chain, from ``X`` to ``Y``."""
    nodes, constants = maxout_nodes(chain, input_range, "X", "Y", window=False)
    return nodes, constants, chain.layers[0].get_dim("nI"), chain.layers[0].get_dim("nO")


def window_stack_graph(blocks: list[tuple[Model[Floats2d, Floats2d], Range]]) -> Graph:
    """The ONNX graph of a stack of residual window blocks, from ``X`` to ``Y``: each block runs
    its Maxout-LayerNorm ``chain`` on every row beside its neighbours and adds its input."""
    nodes: list[NodeProto] = []
    constants: list[TensorProto] = []
    x = "X"
    for index, (chain, input_range) in enumerate(blocks):
        b = f"block{index}"
        block_nodes, block_constants = maxout_nodes(chain, input_range, x, f"{b}/out", window=True)
        nodes += block_nodes
        constants += block_constants
        y = "Y" if index == len(blocks) - 1 else f"{b}/sum"
        nodes.append(helper.make_node("Add", [x, f"{b}/out"], [y]))
        x = y
    width = blocks[0][0].layers[0].get_dim("nO")
    return nodes, constants, width, width


def session(graph: Graph) -> onnxruntime.InferenceSession:
    """An ONNX Runtime session for ``graph`` (input ``X``, output ``Y``, float32 rows) on one
    thread."""
    nodes, constants, n_in, n_out = graph
    onnx_graph = helper.make_graph(
        nodes,
        "polybius_int8",
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, [None, n_in])],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, [None, n_out])],
        constants,
    )
    onnx_model = helper.make_model(
        onnx_graph,
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


def int8_forward(
    model: Model[Floats2d, Floats2d],
    X: Floats2d,
    is_train: bool,
    *,
    session: onnxruntime.InferenceSession,
) -> tuple[Floats2d, Callable[[Floats2d], Floats2d]]:
    """The forward of the chain ``model`` (a Maxout-LayerNorm chain or a window stack) in 8 bits
    by ``session``; thinc's own chain forward in training."""
    if is_train:
        return chain_forward(model, X, is_train)
    Y = session.run(None, {"X": numpy.ascontiguousarray(X, dtype=numpy.float32)})[0]

    def backprop(dY: Floats2d) -> Floats2d:
        return chain_forward(model, X, True)[1](dY)

    return Y, backprop
