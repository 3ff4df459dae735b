def train() -> None:
    """Train with :aiterm:`DPO`."""
