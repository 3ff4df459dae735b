extensions = ["sphinx_aigloss"]
rst_prolog = ".. |R| replace:: :aiterm:`RLHF`\n"
