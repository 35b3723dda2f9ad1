"""The answering loop (asks through an injected function) and answers files."""
