extensions = ["sphinx_aigloss"]
project = "Installed packs"
# Cards show whole definitions: Pre-training's mentions "foundation models", a term of the
# test's installed pack.
aigloss_tooltip_length = "full"
