"""Placeholder, replaced by the CLI issue."""


def main() -> int:
    return 0
