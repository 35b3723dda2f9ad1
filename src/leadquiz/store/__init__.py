"""The SQLite history: the database file, migrations, reads, rows, errors."""
