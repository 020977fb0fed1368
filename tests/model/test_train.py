"""cifar10 train: learning, resume, distributed training, non-finite loss, checkpoint metadata."""

from __future__ import annotations

import dataclasses
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from model.checkpoints.checkpoint import load_checkpoint, read_info
from model.cli.main import main
from model.training.config import TrainConfig
from model.training.loop import NonFiniteLoss, train
from model.training.run_files import LAST

REPO = Path(__file__).resolve().parents[2]


def tiny_config(data: Path, out: Path, **changes) -> TrainConfig:
    """ResNet-18 on 8×8 shapes: a few seconds on two CPU cores."""
    cfg = TrainConfig(data=str(data), out=str(out), image_size=8, epochs=3, batch_size=40,
                      lr=0.05, warmup_epochs=0.5, crop_padding=1, progress=False, plot=False,
                      cache_dir=str(out / "cache"), deterministic=True, half_checkpoint=False)
    return dataclasses.replace(cfg, **changes)


def state_of(model: torch.nn.Module) -> dict[str, torch.Tensor]:
    return {k: v.detach().clone() for k, v in model.state_dict().items()}


def test_short_run_beats_chance(shapes_dataset: Path, tmp_path: Path) -> None:
    result = train(tiny_config(shapes_dataset, tmp_path, epochs=4, plot=True))
    final_test = result.history[-1]["test_acc"]
    assert final_test >= 0.5, f"test accuracy {final_test:.2f} (chance is 0.10)"
    # One JSON line per epoch with the documented fields, and the learning-curve picture.
    rows = [json.loads(line) for line in (tmp_path / "log.jsonl").read_text().splitlines()]
    assert [r["epoch"] for r in rows] == [1, 2, 3, 4]
    for key in ("train_loss", "train_acc", "test_loss", "test_acc", "lr", "images_per_s",
                "seconds"):
        assert key in rows[0]
    assert (tmp_path / "curves.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_checkpoint_metadata_after_training(shapes_dataset: Path, tmp_path: Path) -> None:
    result = train(tiny_config(shapes_dataset, tmp_path, epochs=1))
    info = read_info(result.checkpoint)
    assert info.class_names == [f"shape{c}" for c in range(10)]
    assert info.input_size == 8 and info.stem == "cifar" and info.num_classes == 10
    # Normalisation is computed from the training images, not copied from CIFAR-10.
    assert info.mean != (0.4914, 0.4822, 0.4465)
    assert all(0.0 < m < 1.0 for m in info.mean) and all(0.0 < s < 1.0 for s in info.std)
    assert info.train_config["epochs"] == 1 and info.train_config["batch_size"] == 40
    assert info.created and info.extra["versions"]["torch"] == torch.__version__
    assert info.extra["command"].startswith("cifar10 train ")
    assert info.source_size is None  # trained at the images' own size


def test_recorded_command_writes_nearby_paths_as_typed_there(tmp_path: Path) -> None:
    # The run stores its paths absolute; the command in the checkpoint shows them as one types
    # them from the working folder: inside it or beside it relative, farther ones absolute.
    from model.training.state import train_command

    work = tmp_path / "a" / "checkout"
    cfg = TrainConfig(data=str(tmp_path / "a" / "shared" / "data"), out=str(work / "runs" / "x"),
                      init_from=str(tmp_path / "far.safetensors"), epochs=3)
    command = train_command(cfg, cwd=work)
    assert f"--data {os.path.join('..', 'shared', 'data')} " in command
    assert f"--out {os.path.join('runs', 'x')} " in command
    assert f"--init-from {tmp_path / 'far.safetensors'}" in command
    assert "--epochs 3" in command
    assert "--init-from bundled" in train_command(dataclasses.replace(cfg, init_from="bundled"),
                                                  cwd=work)


def test_enlarged_training_images_record_their_source_size(shapes_dataset: Path,
                                                           tmp_path: Path) -> None:
    # The 8×8 shapes trained at 12 px: inference must reduce photos to 8 px first.
    result = train(tiny_config(shapes_dataset, tmp_path, epochs=1, image_size=12,
                               limit_train=80, limit_test=20))
    info = read_info(result.checkpoint)
    assert (info.input_size, info.source_size) == (12, 8)
    model, _ = load_checkpoint(result.checkpoint)
    for key, value in model.state_dict().items():
        assert torch.equal(value, result.model.state_dict()[key].cpu()), key


def test_init_from_starts_at_the_checkpoints_weights(shapes_dataset: Path, tmp_path: Path) -> None:
    first = train(tiny_config(shapes_dataset, tmp_path / "first", epochs=2))
    # With the learning rate at zero the second run can only change BatchNorm statistics:
    # every learnt weight, the head included (same classes, same order), is the checkpoint's.
    second = train(tiny_config(shapes_dataset, tmp_path / "second", epochs=1, lr=0.0,
                               init_from=str(first.checkpoint)))
    before, after = state_of(first.model), state_of(second.model)
    learnt = [k for k in before if "running" not in k and "num_batches" not in k]
    assert "fc.weight" in learnt and all(torch.equal(before[k], after[k]) for k in learnt)
    assert read_info(second.checkpoint).train_config["init_from"] == str(first.checkpoint)


def test_init_from_other_classes_gets_a_fresh_head(shapes_dataset: Path, tmp_path: Path) -> None:
    from model.checkpoints.checkpoint import CheckpointInfo, save_checkpoint
    from model.network.resnet import resnet18

    torch.manual_seed(0)
    seven = resnet18(num_classes=7)
    path = save_checkpoint(tmp_path / "seven.safetensors", seven, CheckpointInfo(
        num_classes=7, class_names=[f"c{i}" for i in range(7)]))
    result = train(tiny_config(shapes_dataset, tmp_path / "run", epochs=1, lr=0.0,
                               init_from=str(path)))
    after = state_of(result.model)
    assert after["fc.weight"].shape == (10, 512)  # the folders' ten classes
    assert torch.equal(after["layer4.1.conv2.weight"], seven.state_dict()["layer4.1.conv2.weight"])


def test_init_from_another_stem_is_refused(shapes_dataset: Path, tmp_path: Path,
                                           random_checkpoint: Path) -> None:
    with pytest.raises(ValueError, match="cifar stem; train with --stem cifar"):
        train(tiny_config(shapes_dataset, tmp_path, epochs=1, stem="imagenet",
                          init_from=str(random_checkpoint)))


def test_resume_mid_epoch_gives_the_same_weights(shapes_dataset: Path, tmp_path: Path) -> None:
    straight = train(tiny_config(shapes_dataset, tmp_path / "straight", epochs=2))

    def interrupt(epoch: int, step: int, model: torch.nn.Module) -> None:
        if (epoch, step) == (1, 3):  # like Ctrl+C, in the middle of the second epoch
            raise KeyboardInterrupt

    cfg = tiny_config(shapes_dataset, tmp_path / "resumed", epochs=2)
    first = train(cfg, on_step=interrupt)
    assert first.interrupted and first.checkpoint is None
    # Resume through the command line, as a user would after Ctrl+C.
    assert main(["train", "--resume", str(tmp_path / "resumed" / LAST), "--no-progress"]) == 0
    resumed, _ = load_checkpoint(tmp_path / "resumed" / "model.safetensors")
    a, b = state_of(straight.model), state_of(resumed)
    assert a.keys() == b.keys()
    for key in a:
        assert torch.equal(a[key], b[key]), key
    log = (tmp_path / "resumed" / "log.jsonl").read_text().splitlines()
    assert [json.loads(line)["epoch"] for line in log] == [1, 2]


@pytest.mark.parametrize("content", [None, b"garbage", "not-a-resume"])
def test_unusable_resume_file_is_one_line(tmp_path: Path, content,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "last.pt"
    if content == "not-a-resume":
        torch.save({"model": {}}, path)
    elif content is not None:
        path.write_bytes(content)
    assert main(["train", "--resume", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"cifar10 train: {path}:") and "\n" not in err


def test_ctrl_c_prints_the_resume_command(shapes_dataset: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    def interrupt(epoch: int, step: int, model: torch.nn.Module) -> None:
        raise KeyboardInterrupt

    train(tiny_config(shapes_dataset, tmp_path, epochs=1), on_step=interrupt)
    err = capsys.readouterr().err
    assert f"cifar10 train --resume {tmp_path / LAST}" in err
    assert (tmp_path / LAST).is_file()


@pytest.mark.parametrize("native, warned", [(False, True), (True, False), (None, False)])
def test_bf16_on_a_cpu_without_bf16_instructions_is_warned_about(
        shapes_dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch, native, warned) -> None:
    import model.training.loop as loop

    def stop(epoch: int, step: int, model: torch.nn.Module) -> None:
        raise KeyboardInterrupt  # the warning comes before the first step; one step is enough

    monkeypatch.setattr(loop, "cpu_bf16_is_native", lambda: native)
    train(tiny_config(shapes_dataset, tmp_path, epochs=1, amp="bf16", device="cpu"),
          on_step=stop)
    out, err = capsys.readouterr()
    assert "precision: bf16 autocast" in out
    assert ("no bfloat16 instructions" in err and "--amp off" in err) is warned


def test_cpu_bf16_is_native_asks_torch_and_says_so_when_it_cannot(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import platform

    from model.training.setup import cpu_bf16_is_native

    monkeypatch.setattr(platform, "machine", lambda: "x86_64")
    monkeypatch.setattr(torch.cpu, "_is_avx512_bf16_supported", lambda: False, raising=False)
    monkeypatch.setattr(torch.cpu, "_is_amx_tile_supported", lambda: False, raising=False)
    assert cpu_bf16_is_native() is False
    monkeypatch.setattr(torch.cpu, "_is_amx_tile_supported", lambda: True)
    assert cpu_bf16_is_native() is True
    monkeypatch.delattr(torch.cpu, "_is_amx_tile_supported")
    assert cpu_bf16_is_native() is None
    monkeypatch.setattr(platform, "machine", lambda: "aarch64")  # x86 probes say nothing there
    assert cpu_bf16_is_native() is None


def test_cpu_name_is_read_from_cpuinfo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import platform

    from model.training.setup import cpu_name

    info = tmp_path / "cpuinfo"
    info.write_text("processor\t: 0\nvendor_id\t: Test\nmodel name\t: Test CPU 9000 @ 3 GHz\n")
    assert cpu_name(str(info)) == "Test CPU 9000 @ 3 GHz"
    monkeypatch.setattr(platform, "processor", lambda: "")
    monkeypatch.setattr(platform, "machine", lambda: "aarch64")
    assert cpu_name(str(tmp_path / "missing")) == "aarch64"


def test_non_finite_loss_stops_and_keeps_last_good_checkpoint(shapes_dataset: Path,
                                                              tmp_path: Path) -> None:
    def poison(epoch: int, step: int, model: torch.nn.Module) -> None:
        if epoch == 1:  # the second epoch goes bad; the first one's checkpoint must survive
            with torch.no_grad():
                model.fc.weight.fill_(float("nan"))

    with pytest.raises(NonFiniteLoss, match="loss became nan"):
        train(tiny_config(shapes_dataset, tmp_path, epochs=3), on_step=poison)
    payload = torch.load(tmp_path / LAST, weights_only=True)
    assert payload["epoch"] == 1  # the end of the last good epoch
    assert all(torch.isfinite(v).all() for v in payload["model"].values() if v.is_floating_point())
    assert not (tmp_path / "model.safetensors").exists()


def test_cli_reports_non_finite_loss_cleanly(shapes_dataset: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    # A learning rate this large sends the weights, then the loss, to inf/NaN in a few steps.
    code = main(["train", "--data", str(shapes_dataset), "--out", str(tmp_path), "--image-size",
                 "8", "--epochs", "1", "--batch-size", "40", "--lr", "1e30", "--no-progress",
                 "--no-plot", "--cache-dir", str(tmp_path / "cache")])
    err = capsys.readouterr().err
    assert code == 3
    assert "cifar10 train: the training loss became" in err and "Traceback" not in err


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_two_process_ddp_ranks_end_identical(shapes_dataset: Path, tmp_path: Path) -> None:
    """The same command under torchrun with 2 CPU processes (gloo): both ranks end with the same
    weights and only rank 0 writes."""
    out = tmp_path / "ddp"
    worker = REPO / "tests" / "model" / "ddp_worker.py"
    cmd = [sys.executable, "-m", "torch.distributed.run", "--nproc_per_node=2",
           "--master_addr=127.0.0.1", f"--master_port={_free_port()}", str(worker), str(tmp_path / "weights"),
           "train", "--data", str(shapes_dataset), "--out", str(out), "--image-size", "8",
           "--epochs", "1", "--batch-size", "40", "--crop-padding", "1", "--no-progress",
           "--no-plot", "--deterministic", "--threads", "1",
           "--cache-dir", str(tmp_path / "cache")]
    # Keep gloo on the loopback interface: this test must never talk to another address.
    env = {**os.environ, "PYTHONPATH": str(REPO), "OMP_NUM_THREADS": "1",
           "MASTER_ADDR": "127.0.0.1", "GLOO_SOCKET_IFNAME": "lo"}
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    rank0 = torch.load(tmp_path / "weights" / "rank0.pt", weights_only=True)
    rank1 = torch.load(tmp_path / "weights" / "rank1.pt", weights_only=True)
    assert rank0.keys() == rank1.keys()
    for key in rank0:
        assert torch.equal(rank0[key], rank1[key]), key
    assert (out / "model.safetensors").is_file() and (out / LAST).is_file()
    assert len((out / "log.jsonl").read_text().splitlines()) == 1  # rank 0 alone logged
    # Each rank trained on half of every batch: the weights moved from their initial values.
    fresh = torch.load(tmp_path / "weights" / "initial.pt", weights_only=True)
    assert not torch.equal(fresh["conv1.weight"], rank0["conv1.weight"])


@pytest.mark.parametrize("command", ["classify", "train", "eval"])
def test_help_of_each_subcommand(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    assert text.startswith(f"usage: cifar10 {command}")
    expected = {"classify": ["--checkpoint", "--top", "--format"],
                "train": ["--data", "--epochs", "--batch-size", "--stem", "--out", "--resume",
                          "--device"],
                "eval": ["--checkpoint", "--data", "--split", "--tta", "--plot",
                         "--write-metadata"]}[command]
    for flag in expected:
        assert flag in text
