# intersphinx_mapping (the upstream build's objects.inv) comes from the test.
extensions = ["sphinx_aigloss", "sphinx.ext.intersphinx"]
