"""argparse in Dutch: its own words (usage, section titles, help, errors) and the defaults in every help.

argparse takes its texts from gettext; there is no Dutch catalogue for it in Python's standard
library, so the command line translates them here and keeps the English text for anything not listed.
"""

from __future__ import annotations

import argparse

DUTCH = {
    "usage: ": "gebruik: ",
    "positional arguments": "argumenten",
    "options": "opties",
    "subcommands": "opdrachten",
    "show this help message and exit": "toon deze hulp en stop",
    "the following arguments are required: %s": "deze argumenten ontbreken: %s",
    "unrecognized arguments: %s": "onbekende argumenten: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "ongeldige keuze: %(value)r (kies uit %(choices)s)",
    "invalid %(type)s value: %(value)r": "ongeldige waarde voor %(type)s: %(value)r",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s: %(message)s",
    "expected one argument": "verwacht één waarde",
    "expected at most one argument": "verwacht hoogstens één waarde",
    "expected at least one argument": "verwacht minstens één waarde",
    "ambiguous option: %(option)s could match %(matches)s": "optie %(option)s is niet eenduidig: %(matches)s",
    "not allowed with argument %s": "niet samen met argument %s",
    "ignored explicit argument %r": "waarde %r genegeerd",
    "one of the arguments %s is required": "een van deze argumenten is nodig: %s",
    "unexpected option string: %s": "onverwachte optie: %s",
    "can't open '%(filename)s': %(error)s": "kan '%(filename)s' niet openen: %(error)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fout: %(message)s\n",
}
"""argparse's messages that a user of the command line can meet, in Dutch."""


def translate(message: str) -> str:
    return DUTCH.get(message, message)


def translate_plural(singular: str, plural: str, count: int) -> str:
    if singular == "expected %s argument":
        return "verwacht %s waarde" if count == 1 else "verwacht %s waarden"
    return singular if count == 1 else plural


argparse._ = translate  # argparse looks its texts up through this module-level name at every use
argparse.ngettext = translate_plural


class DutchHelpFormatter(argparse.HelpFormatter):
    """argparse's help, with each option's default after its help text ("standaard ...")."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        shows_default = (
            action.default not in (None, False, argparse.SUPPRESS)
            and action.option_strings
            and "%(default)" not in text
            and "standaard" not in text
        )
        return f"{text} (standaard %(default)s)" if shows_default else text


class DutchArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser that shows defaults; its subcommands are made the same way (argparse's own
    ``parser_class``)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", DutchHelpFormatter)
        super().__init__(*args, **kwargs)
