"""``jcgraph completion SHELL``: the shell code that completes jcgraph's commands and options (argcomplete)."""

from __future__ import annotations

HELP = 'print shell completion code: eval "$(jcgraph completion bash)" (bash, zsh, fish, tcsh)'
SHELLS = ("bash", "zsh", "fish", "tcsh")


def add_arguments(parser) -> None:
    parser.epilog = (
        'bash: add  eval "$(jcgraph completion bash)"  to ~/.bashrc (zsh: ~/.zshrc with zsh);\n'
        "fish: jcgraph completion fish > ~/.config/fish/completions/jcgraph.fish"
    )
    parser.add_argument("shell", choices=SHELLS, nargs="?", default="bash", help="the shell (default bash)")


def run(args) -> int:
    from argcomplete import shellcode

    print(shellcode(["jcgraph"], shell=args.shell))
    return 0
