extensions = ["sphinx_aigloss", "myst_parser"]
project = "Autolink on unseen docs"
aigloss_autolink = "all"
# "🤗" names no term: one config warning. The other phrase holds a symbol and still matches.
aigloss_autolink_ignore = ["🤗 PEFT", "PEFT/LoRA", "🤗"]
# Any name form; a name that is no term's is one config warning.
aigloss_autolink_exclude = ["Proximal Policy Optimization", "Flux Capacitor"]
myst_heading_anchors = 2
