"""What answers mean: scoring, the result codec, words, change over time and comparison (pure)."""
