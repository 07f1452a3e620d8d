"""Exit 0 when the PostgreSQL server named by a URL answers, 1 otherwise (used by the Makefile)."""

import sys

import dj_database_url
import psycopg


def main(url: str) -> int:
    """Try one connection to the server's `postgres` database."""
    config = dj_database_url.parse(url)
    try:
        with psycopg.connect(
            host=config["HOST"] or "127.0.0.1",
            port=int(config["PORT"] or 5432),
            user=config["USER"] or "postgres",
            password=config["PASSWORD"] or None,
            dbname="postgres",
            connect_timeout=3,
        ):
            return 0
    except psycopg.OperationalError as exc:
        print(f"PostgreSQL does not answer at {url}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
