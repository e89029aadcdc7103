"""The ``jcgraph`` command line: argument parsing and exit codes only; the work is in the library.

Each command lives in ``jcgraph.commands.<name>`` and provides ``HELP``, ``add_arguments(parser)``
and ``run(args) -> int``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from jcgraph.errors import EXIT_INPUT, EXIT_INTERNAL, JcgraphError
from jcgraph.version import VERSION as __version__

#: Commands in the order ``jcgraph --help`` lists them.
COMMANDS = (
    "report",
    "stats",
    "validate",
    "add",
    "find",
    "draft",
    "import",
    "queries",
    "query",
    "draw",
    "export",
    "release",
    "push",
    "serve",
    "synth",
    "completion",
)
ISSUES_URL = "https://github.com/jcgraph/jcgraph/issues"


def _command_modules():
    for name in COMMANDS:
        try:
            yield name, importlib.import_module(f"jcgraph.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"jcgraph.commands.{name}":
                raise


def build_parser() -> tuple[argparse.ArgumentParser, dict]:
    """Build the argument parser and the map of command name to module."""
    parser = argparse.ArgumentParser(
        prog="jcgraph",
        description="A knowledge graph of international judicial cooperation in criminal matters.",
        epilog="Exit codes: 0 success or conforms; 1 validation results at or above the fail level, or a "
        "check that found something; 2 usage or input error; 3 internal error.",
    )
    parser.add_argument("--version", action="version", version=f"jcgraph {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--root",
        metavar="DIR",
        help="where the graph is (default: $JCGRAPH_ROOT, else the "
        "current directory if it holds ontology/ and data/, else the shipped copy)",
    )
    common.add_argument("--debug", action="store_true", help="show a traceback on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules = {}
    for name, module in _command_modules():
        command = sub.add_parser(
            name,
            help=module.HELP,
            description=module.HELP,
            parents=[common],
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        module.add_arguments(command)
        modules[name] = module
    return parser, modules


#: Commands that never read the graph, so never use the cache folder.
NO_CACHE = ("completion",)


def _cache_checked(command: str):
    """The cache folder for ``command``, or none (with a warning) when it is full, read-only or not a folder."""
    import contextlib

    if command in NO_CACHE:
        return contextlib.nullcontext()
    from jcgraph.backends.memory.infer import cache_dir
    from jcgraph.io.files import without_unusable_cache

    return without_unusable_cache(command, cache_dir())


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    parser, modules = build_parser()
    if "_ARGCOMPLETE" in os.environ:  # the shell asks for completions (see `jcgraph completion`)
        import argcomplete

        argcomplete.autocomplete(parser)
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help(sys.stderr)
        return EXIT_INPUT
    debug = args.debug or bool(os.environ.get("JCGRAPH_DEBUG"))
    try:
        with _cache_checked(args.command):
            return int(modules[args.command].run(args) or 0)
    except JcgraphError as exc:
        if debug:
            raise
        print(f"jcgraph {args.command}: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"jcgraph {args.command}: interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (e.g. `| head`); silence the final flush
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        if debug:
            raise
        print(
            f"jcgraph {args.command}: internal error: {type(exc).__name__}: {exc}. This is a bug in jcgraph, "
            f"not in your input; please report it at {ISSUES_URL} with the command you ran and the output "
            "of the same command with --debug.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


if __name__ == "__main__":
    raise SystemExit(main())
