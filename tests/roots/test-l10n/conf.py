extensions = ["sphinx_aigloss"]
project = "Translated glossary"
# The pages are English; the tests make their German translation with sphinx-intl (locales/).
language = "de"
locale_dirs = ["locales"]
# Only this root's small example pack (pack/terms.toml, with a German catalog beside it).
aigloss_packs = []
aigloss_data_files = ["pack/terms.toml"]
aigloss_autolink = "all"
