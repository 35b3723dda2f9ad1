"""Use cases that join the store and the domain: taking a quiz, reading reports."""
