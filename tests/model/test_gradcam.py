"""Grad-CAM: the right layer's activations and gradients, the evidence where it was put, the
model left as it was, and the colour map the app overlays."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from model.inference.gradcam import (
    MIN_CAM_SIZE,
    STAGES,
    AttentionMap,
    attention_layer,
    grad_cam,
    grad_cam_pixels,
    heat_to_rgba,
    stage_sizes,
)
from model.network.resnet import ResNet, resnet18


def _image(seed: int = 1, size: int = 32) -> torch.Tensor:
    return torch.randn(1, 3, size, size, generator=torch.Generator().manual_seed(seed))


def _normalised(cam: torch.Tensor) -> np.ndarray:
    cam = torch.relu(cam.detach())
    assert cam.max() > 0, "test input gives no positive evidence: pick another seed"
    return (cam / cam.max()).numpy()


def _same(actual: np.ndarray, expected: np.ndarray) -> None:
    """The same map from the same computation (a tolerance only for float rounding)."""
    np.testing.assert_allclose(actual, expected, rtol=1e-6, atol=1e-7)


def _hooks(model: torch.nn.Module) -> list[str]:
    """Names of modules that still carry any hook."""
    return [name for name, m in model.named_modules()
            if m._forward_hooks or m._forward_pre_hooks or m._backward_hooks
            or getattr(m, "_backward_pre_hooks", None)]


@pytest.fixture
def cifar_net(randomise) -> ResNet:
    return randomise(resnet18(stem="cifar"), seed=3)


# ---- which layer, and that its activations and gradients are the ones used


def test_layer4_map_is_the_class_activation_map(cifar_net: ResNet) -> None:
    # Behind the last stage come only global average pooling and a linear layer, so
    # d y_c / d A_k(i, j) = W[c, k] / (H*W) and Grad-CAM equals CAM (Zhou et al. 2016):
    # ReLU(sum_k W[c, k] A_k) up to a positive factor (Selvaraju et al. 2017, section 3.1).
    # Computed here from layer4's output without autograd or hooks.
    x = _image()
    with torch.no_grad():
        features = cifar_net.forward_features(x)[0]  # layer4's output, 512×4×4
        cams = torch.einsum("ck,khw->chw", cifar_net.fc.weight, features)
    positive = [c for c in range(10) if cams[c].max() > 0]
    assert 2 <= len(positive) < 10  # both kinds of class, or pick another seed
    for c in range(10):
        result = grad_cam(cifar_net, x, class_index=c)
        assert result.layer == "layer4" and result.class_index == c
        assert result.heat.dtype == np.float32 and result.heat.shape == (4, 4)
        if c in positive:
            np.testing.assert_allclose(result.heat, _normalised(cams[c]), rtol=1e-4, atol=1e-5)
        else:  # no positive evidence anywhere: all zero, not scaled up noise
            assert not result.heat.any()
    with torch.no_grad():
        logits = cifar_net(x)[0]
    assert grad_cam(cifar_net, x).class_index == int(logits.argmax())  # default: top class


@pytest.mark.parametrize("layer", ["layer3", "layer2"])
def test_chosen_layer_gradients_and_activations(cifar_net: ResNet, layer: str) -> None:
    # Reference: read the stage's output with our own hook and take the gradient by hand.
    x = _image(seed=2)
    captured: list[torch.Tensor] = []
    handle = getattr(cifar_net, layer).register_forward_hook(
        lambda _m, _i, out: captured.append(out))
    try:
        inp = x.clone().requires_grad_(True)
        score = cifar_net(inp)[0, 7]
        (grad,) = torch.autograd.grad(score, captured[0])
    finally:
        handle.remove()
    weights = grad.mean(dim=(2, 3), keepdim=True)
    expected = _normalised((weights * captured[0]).sum(dim=1)[0].detach())

    result = grad_cam(cifar_net, x, class_index=7, layer=layer)
    assert result.layer == layer
    assert result.heat.shape == expected.shape
    np.testing.assert_allclose(result.heat, expected, rtol=1e-4, atol=1e-5)
    # A neighbouring stage gives another map: the comparison above can tell them apart.
    other = STAGES[STAGES.index(layer) - 1]
    assert grad_cam(cifar_net, x, class_index=7, layer=other).heat.shape != expected.shape


def test_layer_choice_by_stem_and_size() -> None:
    cifar, imagenet = resnet18(stem="cifar"), resnet18(stem="imagenet")
    assert attention_layer(cifar, 32) == "layer4"  # 32/16/8/4 positions per side
    assert attention_layer(imagenet, 32) == "layer2"  # 8/4/2/1: layer4 would be one number
    assert attention_layer(imagenet, 224) == "layer4"  # 56/28/14/7
    assert attention_layer(cifar, 8) == "layer2"  # 8/4/2/1
    assert attention_layer(imagenet, 8) == "layer1"  # nothing reaches 4: the largest map
    assert attention_layer(imagenet, (64, 32)) == "layer2"  # the smaller side decides
    assert min(stage_sizes(imagenet, 32)["layer2"]) >= MIN_CAM_SIZE
    with torch.no_grad():
        result = grad_cam(imagenet.eval(), _image())
    assert result.layer == "layer2" and result.heat.shape == (4, 4)


@pytest.mark.parametrize("stem", ["cifar", "imagenet"])
@pytest.mark.parametrize("size", [(32, 32), (33, 47), (100, 64)])
def test_stage_sizes_match_a_forward_pass(stem: str, size: tuple[int, int]) -> None:
    net = resnet18(stem=stem).eval()
    seen: dict[str, tuple[int, int]] = {}
    handles = [getattr(net, name).register_forward_hook(
        lambda _m, _i, out, name=name: seen.__setitem__(name, tuple(out.shape[-2:])))
        for name in STAGES]
    try:
        with torch.no_grad():
            net(torch.zeros(1, 3, *size))
    finally:
        for h in handles:
            h.remove()
    assert stage_sizes(net, size) == seen


# ---- the model is left as it was


def test_model_left_untouched(cifar_net: ResNet) -> None:
    cifar_net.train()
    cifar_net.layer2.eval()  # a mix of modes must come back as it was
    modes = {name: m.training for name, m in cifar_net.named_modules()}
    state = {k: v.clone() for k, v in cifar_net.state_dict().items()}
    x = _image()
    in_train_mode = grad_cam(cifar_net, x, class_index=2)

    assert {name: m.training for name, m in cifar_net.named_modules()} == modes
    for k, v in cifar_net.state_dict().items():  # BatchNorm statistics included
        assert torch.equal(v, state[k]), k
    assert all(p.grad is None and p.requires_grad for p in cifar_net.parameters())
    assert _hooks(cifar_net) == []
    # It explains the eval-mode network, as predictions use it.
    _same(grad_cam(cifar_net.eval(), x, class_index=2).heat, in_train_mode.heat)


def test_works_without_grad_and_with_frozen_parameters(cifar_net: ResNet) -> None:
    x = _image()
    expected = grad_cam(cifar_net, x, class_index=4).heat
    with torch.no_grad():
        _same(grad_cam(cifar_net, x, class_index=4).heat, expected)
    with torch.inference_mode():
        inference_tensor = x.clone()
        _same(grad_cam(cifar_net, inference_tensor, class_index=4).heat, expected)
    cifar_net.requires_grad_(False)
    _same(grad_cam(cifar_net, x, class_index=4).heat, expected)
    assert not any(p.requires_grad for p in cifar_net.parameters())  # still frozen
    assert torch.is_grad_enabled()


def test_errors_leave_no_hooks(cifar_net: ResNet) -> None:
    cifar_net.train()
    with pytest.raises(ValueError, match="class_index"):
        grad_cam(cifar_net, _image(), class_index=10)
    assert _hooks(cifar_net) == []
    assert all(m.training for m in cifar_net.modules())
    with pytest.raises(ValueError, match="layer"):
        grad_cam(cifar_net, _image(), layer="fc")
    with pytest.raises(ValueError, match="1×3×H×W"):
        grad_cam(cifar_net, torch.zeros(2, 3, 32, 32))
    assert _hooks(cifar_net) == []


def test_pixels_are_normalised_like_the_classifier(cifar_net: ResNet) -> None:
    pixels = np.random.default_rng(0).integers(0, 256, (32, 32, 3), dtype=np.uint8)
    mean, std = (0.49, 0.48, 0.45), (0.25, 0.24, 0.26)
    x = (torch.from_numpy(pixels).permute(2, 0, 1)[None].float() / 255
         - torch.tensor(mean)[:, None, None]) / torch.tensor(std)[:, None, None]
    result = grad_cam_pixels(cifar_net, pixels, mean, std, class_index=5)
    np.testing.assert_allclose(result.heat, grad_cam(cifar_net, x, class_index=5).heat,
                               rtol=1e-4, atol=1e-5)
    assert result.input_size == (32, 32)
    with pytest.raises(ValueError, match="H×W×3"):
        grad_cam_pixels(cifar_net, pixels[..., 0], mean, std)


def test_all_zero_map_stays_zero() -> None:
    # fc weights all negative and layer4's output non-negative (it ends in a ReLU): every
    # channel weight is negative, so there is no positive evidence anywhere.
    net = resnet18(stem="cifar").eval()
    with torch.no_grad():
        net.fc.weight.fill_(-1.0)
    heat = grad_cam(net, _image(), class_index=0).heat
    assert heat.shape == (4, 4) and not heat.any()


def test_upsampled() -> None:
    heat = np.zeros((4, 4), np.float32)
    heat[0, 0] = 1.0
    amap = AttentionMap(heat=heat, layer="layer4", class_index=0, input_size=(32, 24))
    big = amap.upsampled()
    assert big.shape == (32, 24) and big.dtype == np.float32
    assert 0.0 <= big.min() and big.max() <= 1.0
    assert np.unravel_index(big.argmax(), big.shape) == (0, 0)
    assert big[:16, :12].sum() > 0.9 * big.sum()  # stays in the top-left quadrant
    assert amap.upsampled(8).shape == (8, 8)
    flat = AttentionMap(heat=np.full((2, 2), 0.5, np.float32), layer="layer2", class_index=0,
                        input_size=(32, 32))
    np.testing.assert_allclose(flat.upsampled(), 0.5)


# ---- the evidence is where it was put: a model trained in seconds

SIZE, PATCH = 32, 6


def _pattern_images(rng: np.random.Generator, n: int, quadrant: int | None = None,
                    centred: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Dark noise; class 1 adds a white PATCH×PATCH square inside one quadrant (random, or
    ``quadrant``: 0 top-left, 1 top-right, 2 bottom-left, 3 bottom-right), class 0 does not."""
    images = rng.integers(0, 128, (n, SIZE, SIZE, 3)).astype(np.uint8)
    labels = rng.integers(0, 2, n) if quadrant is None else np.ones(n, np.int64)
    half = SIZE // 2
    for i in np.flatnonzero(labels):
        qy, qx = divmod(int(rng.integers(0, 4)) if quadrant is None else quadrant, 2)
        y, x = ((half - PATCH) // 2,) * 2 if centred else rng.integers(0, half - PATCH + 1, 2)
        images[i, qy * half + y:qy * half + y + PATCH, qx * half + x:qx * half + x + PATCH] = 255
    return images, labels


def _tensor(images: np.ndarray) -> torch.Tensor:
    return (torch.from_numpy(images).permute(0, 3, 1, 2).float() / 255 - 0.5) / 0.25


@pytest.fixture(scope="module")
def pattern_model() -> ResNet:
    """ResNet-10 (one block per stage; ResNet-18 trains no better here, only slower), CIFAR
    stem so layer4 is 4×4 at 32 px, trained for 8 Adam steps of 16 images: the task is easy
    enough that this reaches 100% on fresh images (a few seconds on two cores)."""
    rng = np.random.default_rng(0)
    with torch.random.fork_rng():  # a fixed seed without touching the global generator
        torch.manual_seed(0)
        net = ResNet((1, 1, 1, 1), num_classes=2, stem="cifar")
        optimiser = torch.optim.Adam(net.parameters(), lr=1e-3)
        net.train()
        for _ in range(8):
            images, labels = _pattern_images(rng, 16)
            loss = F.cross_entropy(net(_tensor(images)), torch.from_numpy(labels))
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
    net.eval()
    images, labels = _pattern_images(rng, 64)
    with torch.no_grad():
        accuracy = (net(_tensor(images)).argmax(1).numpy() == labels).mean()
    assert accuracy >= 0.95, f"the pattern model did not learn (accuracy {accuracy:.2f})"
    return net


@pytest.mark.parametrize("quadrant", [0, 1, 2, 3], ids=["top-left", "top-right",
                                                          "bottom-left", "bottom-right"])
def test_map_mass_in_the_quadrant_with_the_evidence(pattern_model: ResNet,
                                                    quadrant: int) -> None:
    images, _ = _pattern_images(np.random.default_rng(100 + quadrant), 1, quadrant,
                                centred=True)
    x = _tensor(images)
    with torch.no_grad():
        assert int(pattern_model(x).argmax()) == 1
    result = grad_cam(pattern_model, x, class_index=1)
    assert result.layer == "layer4" and result.heat.shape == (4, 4)
    qy, qx = divmod(quadrant, 2)

    def mass(heat: np.ndarray) -> float:
        h, w = heat.shape[0] // 2, heat.shape[1] // 2
        return float(heat[qy * h:(qy + 1) * h, qx * w:(qx + 1) * w].sum() / heat.sum())

    assert mass(result.heat) > 0.5  # a map blind to position would put 0.25 there
    shown = result.upsampled()  # what the overlay draws
    assert mass(shown) > 0.5
    peak_y, peak_x = np.unravel_index(shown.argmax(), shown.shape)
    assert (peak_y // (SIZE // 2), peak_x // (SIZE // 2)) == (qy, qx)


# ---- colour map


def test_heat_to_rgba() -> None:
    ramp = np.linspace(0.0, 1.0, 101, dtype=np.float32)[None]
    rgba = heat_to_rgba(ramp, alpha=0.6)
    assert rgba.shape == (1, 101, 4) and rgba.dtype == np.uint8
    alpha = rgba[0, :, 3].astype(int)
    assert alpha[0] == 0 and alpha[-1] == round(0.6 * 255)
    assert (np.diff(alpha) >= 0).all() and alpha[50] > alpha[10]
    # Cold is blue, hot is red.
    assert rgba[0, 0, 2] > rgba[0, 0, 0] and rgba[0, -1, 0] > rgba[0, -1, 2]
    zero = heat_to_rgba(np.zeros((4, 4), np.float32))
    assert zero.shape == (4, 4, 4) and not zero[..., 3].any()
    odd = heat_to_rgba(np.array([[np.nan, -1.0, 2.0]]), alpha=1.0)
    assert odd[0, :, 3].tolist() == [0, 0, 255]
    with pytest.raises(ValueError, match="H×W"):
        heat_to_rgba(np.zeros((2, 2, 1)))
    with pytest.raises(ValueError, match="alpha"):
        heat_to_rgba(np.zeros((2, 2)), alpha=1.5)
