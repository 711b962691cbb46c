"""A reader that closes stdout early (`policyeditor info FILE | head -1`) ends the command quietly.

The fault: stderr said "policyeditor: broken pipe" (the closed pipe taken for a user's error, exit 2),
or, when the output was still buffered, Python's "Exception ignored ... BrokenPipeError" at exit.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from policyeditor.cli import EXIT_STDOUT_CLOSED
from policyeditor.core.model import Policy, Section
from policyeditor.store.policyfile import PolicyFile


@pytest.fixture
def many_sections(tmp_path):
    """A draft whose `info` is far more than a pipe holds (64 KiB), so it is still writing when closed."""
    path = tmp_path / "long.policy"
    policy = Policy(title="Long policy", sections=[Section(heading=f"Heading number {n} " + "words " * 12)
                                                   for n in range(2500)])
    PolicyFile.create(path, policy, author="Ann").close()
    return path


def command(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "policyeditor", *map(str, args)], stderr=subprocess.PIPE,
                            text=True, **kwargs)


@pytest.mark.parametrize("args", [("info", "{file}"), ("info", "{file}", "--json"), ("--version",)])
def test_a_pipe_closed_before_any_output_ends_quietly(many_sections, args):
    """The reader gone before the first byte: what is printed stays in the buffer until the last flush."""
    read, write = os.pipe()
    os.close(read)
    try:
        done = command(*(a.format(file=many_sections) for a in args), stdout=write)
    finally:
        os.close(write)
    _, err = done.communicate(timeout=60)
    assert err == "" and done.returncode == EXIT_STDOUT_CLOSED


def test_head_one_line_ends_quietly(many_sections):
    """`| head -1`: one line read, then the pipe closed while info is still writing."""
    done = command("info", many_sections, stdout=subprocess.PIPE)
    assert done.stdout.readline().startswith("Long policy")
    done.stdout.close()
    err = done.stderr.read()
    assert done.wait(timeout=60) == EXIT_STDOUT_CLOSED and err == ""
