extensions = ["sphinx_aigloss"]
project = "Hostile installed packs"
aigloss_tooltip_length = "full"
