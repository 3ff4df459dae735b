# Hostile input of the third round (tests/test_hostile_round3.py): characters the data format
# refuses, in aigloss:term directives; a glossary on a page whose name holds a space.
extensions = ["sphinx_aigloss"]
project = "Round </script> three"
copyright = "2026, the authors"
version = release = "1.0"
aigloss_packs = []
aigloss_data_files = ["terms.toml"]
