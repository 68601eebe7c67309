"""A broken policy file stops the bot with a message naming the bad field."""
import subprocess
import sys

from bot.settings import PROJECT_ROOT


def run_check(policy_path):
    env = {"XIAOER_POLICY": str(policy_path), "PYTHONPATH": str(PROJECT_ROOT), "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "bot.cli", "check"], capture_output=True, text=True, env=env)


def test_shipped_policy_passes():
    assert run_check(PROJECT_ROOT / "shop_policy.yml").returncode == 0


def test_broken_policy_names_the_field(tmp_path):
    text = (PROJECT_ROOT / "shop_policy.yml").read_text(encoding="utf-8")
    broken = tmp_path / "policy.yml"
    broken.write_text(text.replace('cutoff: "16:00"', 'cutoff: "25:00"'), encoding="utf-8")
    assert 'cutoff: "25:00"' in broken.read_text(encoding="utf-8")
    result = run_check(broken)
    assert result.returncode == 2
    assert "dispatch.cutoff" in result.stderr
