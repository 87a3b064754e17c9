"""``python -m backstride`` runs the command line."""

from backstride.cli import main

main()
