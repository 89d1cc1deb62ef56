"""Argument types for the command line: every number is range-checked where it is parsed, so a
bad value is one line from argparse (exit 2), never a traceback or a run that fails later."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from typing import NoReturn


class OneLineParser(argparse.ArgumentParser):
    """Usage errors as one line (the usage summary is one --help away); subcommands' parsers
    are made of the same class."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _shown(value: float) -> str:
    if isinstance(value, int) or value.is_integer():
        return f"{int(value):_}"
    return f"{value:g}"


def integer(lowest: int, highest: int) -> Callable[[str], int]:
    """An argparse type: an integer from `lowest` to `highest` (inclusive)."""

    def parse(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"'{text[:40]}' is not an integer: give {_shown(lowest)} to {_shown(highest)}"
            ) from None
        if not lowest <= value <= highest:
            raise argparse.ArgumentTypeError(
                f"{value} is out of range: give {_shown(lowest)} to {_shown(highest)}"
            )
        return value

    parse.__name__ = "integer"  # argparse names the type in its messages
    return parse


def number(lowest: float, highest: float, *, above: bool = False) -> Callable[[str], float]:
    """An argparse type: a finite number from `lowest` (excluded when `above`) to `highest`."""
    rule = f"more than {_shown(lowest)}" if above else _shown(lowest)

    def parse(text: str) -> float:
        try:
            value = float(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"'{text[:40]}' is not a number: give {rule} to {_shown(highest)}"
            ) from None
        low_ok = value > lowest if above else value >= lowest
        if not (math.isfinite(value) and low_ok and value <= highest):
            raise argparse.ArgumentTypeError(
                f"{text[:40]} is out of range: give {rule} to {_shown(highest)}"
            )
        return value

    parse.__name__ = "number"
    return parse


SEED = integer(0, 2**63 - 1)
PORT = integer(1, 65535)
