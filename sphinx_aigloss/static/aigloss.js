/* sphinx-aigloss: placeholder script (the hover-card issue replaces it). */
